/* herald-composer-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <stdlib.h>
#include <string.h>

#include "herald-api-error.h"
#include "herald-composer-page.h"
#include "herald-command-builder.h"
#include "herald-exchange-view.h"
#include "herald-odata.h"

/* The tutorial's last step: the device, its sensor and a command
 * capability of the sensor's type, picked from the service's lists (see
 * "The pickers" below); one typed field per property of the capability
 * (a switch for boolean, a spin button with the unit for numbers, an entry
 * for string, date and base64 binary), checked as typed; the command's JSON
 * shown live; Send (also Ctrl+Return); recent commands can be sent again.
 * The JSON itself is written by HeraldCommandBuilder in the core, with the
 * same typing rules the service applies, never here. */

#define MAX_RECENT 8

struct _HeraldComposerPage
{
  HeraldPage          parent_instance;

  GPtrArray          *fields;     /* GtkWidget *, the value widget per property */
  char               *command;    /* the JSON of the command shown */
  char               *flavor_seen;

  /* The pickers' requests, one a level; a level's load restarts the
   * levels below it. */
  GCancellable       *devices_cancellable;
  GCancellable       *sensors_cancellable;
  GCancellable       *capabilities_cancellable;
  guint               syncing;    /* > 0 while the page itself selects */

  AdwComboRow        *device_row;
  AdwComboRow        *sensor_row;
  AdwComboRow        *capability_row;
  GtkSpinner         *targets_spinner;
  GtkLabel           *targets_error_label;
  GtkListBox         *values_list;
  GtkSwitch          *strings_switch;
  GtkSourceView      *preview_view;
  GtkLabel           *error_label;
  GtkLabel           *delivery_label;
  HeraldExchangeView *exchange_view;
  AdwPreferencesGroup *recent_group;
  GtkListBox         *recent_list;
};

G_DEFINE_FINAL_TYPE (HeraldComposerPage, herald_composer_page, HERALD_TYPE_PAGE)

static void values_changed_cb (HeraldComposerPage *self);
static void update_send_enabled (HeraldComposerPage *self);

/* The text of a field exactly as the user sees it: the digits matter. */
static char *
field_literal (GtkWidget *field)
{
  if (GTK_IS_SWITCH (field))
    return g_strdup (gtk_switch_get_active (GTK_SWITCH (field)) ? "true" : "false");
  if (GTK_IS_SPIN_BUTTON (field))
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (field);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *format = g_strdup_printf ("%%.%uf", gtk_spin_button_get_digits (spin));

      gtk_spin_button_update (spin);
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, gtk_spin_button_get_value (spin)));
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
}

static void
update_preview (HeraldComposerPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldCapability *capability = workspace ? herald_workspace_get_capability (workspace) : NULL;
  g_autoptr(HeraldCommandBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *bad = NULL;

  g_clear_pointer (&self->command, g_free);

  for (guint i = 0; i < self->fields->len; i++)
    gtk_widget_remove_css_class (g_object_get_data (g_ptr_array_index (self->fields, i), "row"), "error");

  if (capability != NULL)
    {
      GListModel *properties = herald_capability_get_properties (capability);

      builder = herald_command_builder_new (gtk_switch_get_active (self->strings_switch)
                                           ? HERALD_COMMAND_FLAVOR_CLASSIC : HERALD_COMMAND_FLAVOR_TENANT);
      for (guint i = 0; i < self->fields->len && i < g_list_model_get_n_items (properties); i++)
        {
          g_autoptr(HeraldProperty) property = g_list_model_get_item (properties, i);
          g_autofree char *literal = field_literal (g_ptr_array_index (self->fields, i));

          if (!herald_command_builder_add_value (builder, herald_property_get_name (property),
                                                 herald_property_get_data_type (property),
                                                 literal, &error))
            {
              bad = g_ptr_array_index (self->fields, i);
              break;
            }
        }

      if (error == NULL)
        self->command = herald_command_builder_to_command_json (builder);
    }

  if (bad != NULL)
    gtk_widget_add_css_class (g_object_get_data (G_OBJECT (bad), "row"), "error");

  gtk_label_set_label (self->error_label, error ? error->message : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->preview_view)),
                            self->command ? self->command : "", -1);
  update_send_enabled (self);
}

static void
values_changed_cb (HeraldComposerPage *self)
{
  update_preview (self);
}

static GtkWidget *
make_field (HeraldComposerPage *self,
            HeraldProperty     *property)
{
  HeraldDataType type = herald_property_get_data_type (property);
  const char *name = herald_property_get_name (property);
  const char *unit = herald_property_get_unit_of_measure (property);
  GtkWidget *row;
  GtkWidget *field;

  switch (type)
    {
    case HERALD_DATA_TYPE_BOOLEAN:
      row = adw_action_row_new ();
      field = gtk_switch_new ();
      gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field);
      g_signal_connect_object (field, "notify::active", G_CALLBACK (values_changed_cb), self, G_CONNECT_SWAPPED);
      break;

    case HERALD_DATA_TYPE_INTEGER:
    case HERALD_DATA_TYPE_FLOAT:
    case HERALD_DATA_TYPE_DOUBLE:
      row = adw_action_row_new ();
      if (type == HERALD_DATA_TYPE_INTEGER)
        field = gtk_spin_button_new_with_range (G_MININT32, G_MAXINT32, 1);
      else
        {
          /* Exact digits to 2^53; one decimal, as the tutorial's 50.0. */
          field = gtk_spin_button_new_with_range (-9007199254740992.0, 9007199254740992.0, 0.1);
          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (field), 1);
        }
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field), 0);
      gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
      if (unit != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (unit));
      g_signal_connect_object (field, "value-changed", G_CALLBACK (values_changed_cb), self, G_CONNECT_SWAPPED);
      break;

    case HERALD_DATA_TYPE_LONG:
    case HERALD_DATA_TYPE_STRING:
    case HERALD_DATA_TYPE_DATE:
    case HERALD_DATA_TYPE_BINARY:
    default:
      /* A long may pass 2^53, beyond a spin button's exact range: text. */
      row = adw_entry_row_new ();
      field = row;
      if (type == HERALD_DATA_TYPE_LONG)
        gtk_editable_set_text (GTK_EDITABLE (row), "0");
      if (unit != NULL)
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), gtk_label_new (unit));
      g_signal_connect_object (field, "changed", G_CALLBACK (values_changed_cb), self, G_CONNECT_SWAPPED);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (ADW_IS_ACTION_ROW (row))
    {
      /* Translators: a data type, e.g. "Float" */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), herald_data_type_get_label (type));
    }
  if (field != row)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (field), "row", row);
  gtk_list_box_append (self->values_list, row);

  return field;
}

static void
rebuild_fields (HeraldComposerPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldCapability *capability = workspace ? herald_workspace_get_capability (workspace) : NULL;
  GtkListBoxRow *row;

  /* By row: the list's first child may be its placeholder, which must stay. */
  g_ptr_array_set_size (self->fields, 0);
  while ((row = gtk_list_box_get_row_at_index (self->values_list, 0)) != NULL)
    gtk_list_box_remove (self->values_list, GTK_WIDGET (row));

  if (capability != NULL)
    {
      GListModel *properties = herald_capability_get_properties (capability);

      for (guint i = 0; i < g_list_model_get_n_items (properties); i++)
        {
          g_autoptr(HeraldProperty) property = g_list_model_get_item (properties, i);
          g_ptr_array_add (self->fields, make_field (self, property));
        }
    }

  update_preview (self);
}

static void
update_flavor (HeraldComposerPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = workspace ? herald_workspace_get_profile (workspace) : NULL;
  const char *flavor = profile ? herald_profile_get_flavor (profile) : NULL;

  /* Strings by default in the classic flavour, typed values in the tenant
   * one; the user's own choice stays until the flavour changes. */
  if (g_strcmp0 (flavor, self->flavor_seen) != 0)
    {
      g_free (self->flavor_seen);
      self->flavor_seen = g_strdup (flavor);
      gtk_switch_set_active (self->strings_switch, g_strcmp0 (flavor, "tenant") != 0);
    }
}

/* The pickers.
 *
 * The device row lists the service's devices, the sensor row the sensors of
 * the device shown, the capability row the command capabilities of that
 * sensor's sensor type. What the rows show is what a Send addresses, so the
 * workspace follows them: picking one sets it in the workspace, and the rest of
 * the window (and the rows below) follow the workspace. The lists are loaded
 * while the page is shown, and again when the client changes or on Refresh. */

static void load_devices      (HeraldComposerPage *self);
static void load_sensors      (HeraldComposerPage *self);
static void load_capabilities (HeraldComposerPage *self);

typedef struct
{
  HeraldComposerPage *self;
  GCancellable       *cancellable;
  HeraldSensorType   *sensor_type;
} Load;

static Load *
load_new (HeraldComposerPage *self,
          GCancellable       *cancellable)
{
  Load *load = g_new0 (Load, 1);

  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (cancellable);
  return load;
}

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->sensor_type);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

/* Send needs a command and a target that agrees with itself: while the
 * sensors or capabilities of a newly picked device or sensor load, the
 * workspace still holds the old ones. */
static void
update_send_enabled (HeraldComposerPage *self)
{
  gboolean settling = self->sensors_cancellable != NULL || self->capabilities_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", self->command != NULL && !settling);
}

static void
update_loading (HeraldComposerPage *self)
{
  gboolean loading = self->devices_cancellable != NULL ||
                     self->sensors_cancellable != NULL ||
                     self->capabilities_cancellable != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->targets_spinner), loading);
  gtk_spinner_set_spinning (self->targets_spinner, loading);
  update_send_enabled (self);
}

static void
cancel_load (HeraldComposerPage  *self,
             GCancellable       **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  update_loading (self);
}

static GCancellable *
begin_load (HeraldComposerPage  *self,
            GCancellable       **cancellable)
{
  cancel_load (self, cancellable);
  *cancellable = g_cancellable_new ();
  update_loading (self);
  return *cancellable;
}

/* Ends a level's load: FALSE when it was cancelled (a newer load, or the
 * page went away), so its answer must not be shown. */
static gboolean
end_load (Load          *load,
          GCancellable **cancellable)
{
  if (g_cancellable_is_cancelled (load->cancellable))
    return FALSE;

  g_clear_object (cancellable);
  update_loading (load->self);
  return TRUE;
}

static void
show_error (HeraldComposerPage *self,
            const char         *message)
{
  gtk_label_set_label (self->targets_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->targets_error_label), message != NULL);
}

/* Shows @model (or nothing, then @message says why and what to do). */
static void
set_choices (HeraldComposerPage *self,
             AdwComboRow        *row,
             GListModel         *model,
             guint               position,
             const char         *message)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  self->syncing++;
  adw_combo_row_set_model (row, model);
  if (n > 0)
    adw_combo_row_set_selected (row, position < n ? position : 0);
  self->syncing--;

  gtk_widget_set_sensitive (GTK_WIDGET (row), n > 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), n > 0 ? NULL : message);
}

static HeraldEntity *
workspace_entity (HeraldComposerPage *self,
                const char         *property)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autoptr(HeraldEntity) entity = NULL;

  if (workspace == NULL)
    return NULL;

  /* The workspace keeps its reference: unowned, as its getters. */
  g_object_get (workspace, property, &entity, NULL);
  return entity;
}

static guint
find_entity (GListModel *model,
             const char *id)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(HeraldEntity) entity = g_list_model_get_item (model, i);

      if (g_strcmp0 (herald_entity_get_id (entity), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Shows the choices of a level with the workspace's entity selected (or the
 * one the profile remembers, while the workspace still resumes it), else the
 * first. Returns TRUE when the workspace holds the entity shown already; else
 * the workspace is set to it, and its notify handler goes on from there. */
static gboolean
show_choices (HeraldComposerPage *self,
              AdwComboRow        *row,
              GListModel         *model,
              const char         *property,
              const char         *profile_key,
              const char         *empty_message)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  HeraldEntity *current = workspace_entity (self, property);
  const char *wanted = NULL;
  g_autoptr(HeraldEntity) shown = NULL;
  guint position;

  if (current != NULL)
    wanted = herald_entity_get_id (current);
  else if (profile != NULL)
    wanted = herald_profile_get_string (profile, profile_key);

  position = find_entity (model, wanted);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;

  set_choices (self, row, model, position, empty_message);
  if (g_list_model_get_n_items (model) == 0)
    return FALSE;

  shown = g_list_model_get_item (model, position);
  if (current != NULL && g_strcmp0 (herald_entity_get_id (current), herald_entity_get_id (shown)) == 0)
    return TRUE;

  g_object_set (workspace, property, shown, NULL);
  return FALSE;
}

/* Selects the workspace's entity in @row; FALSE when the row does not list it. */
static gboolean
select_current (HeraldComposerPage *self,
                AdwComboRow        *row,
                const char         *property)
{
  HeraldEntity *current = workspace_entity (self, property);
  guint position;

  if (current == NULL)
    return FALSE;

  position = find_entity (adw_combo_row_get_model (row), herald_entity_get_id (current));
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  self->syncing++;
  adw_combo_row_set_selected (row, position);
  self->syncing--;
  return TRUE;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, HERALD_API_ERROR, HERALD_API_ERROR_CANCELLED);
}

static void
capabilities_listed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  HeraldComposerPage *self = load->self;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListStore) commands = NULL;
  g_autoptr(GError) error = NULL;

  all = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (is_cancelled (error) || !end_load (load, &self->capabilities_cancellable))
    return;

  if (all == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The capabilities could not be loaded. %s Then try again with Refresh."), error->message);

      set_choices (self, self->capability_row, NULL, 0, _("Not loaded"));
      show_error (self, message);
      return;
    }

  /* The sensor type's command capabilities, in its order. */
  commands = g_list_store_new (HERALD_TYPE_CAPABILITY);
  for (guint i = 0; i < herald_sensor_type_get_n_capabilities (load->sensor_type); i++)
    {
      const char *id = herald_sensor_type_get_capability_id (load->sensor_type, i);
      guint position;

      if (g_strcmp0 (herald_sensor_type_get_capability_usage (load->sensor_type, i), "command") != 0 ||
          find_entity (G_LIST_MODEL (commands), id) != GTK_INVALID_LIST_POSITION)
        continue;

      position = find_entity (all, id);
      if (position != GTK_INVALID_LIST_POSITION)
        {
          g_autoptr(HeraldCapability) capability = g_list_model_get_item (all, position);
          g_list_store_append (commands, capability);
        }
    }

  show_choices (self, self->capability_row, G_LIST_MODEL (commands), "capability", "capability-id",
                _("The sensor’s type has no command capability. Pick another sensor, or create a "
                  "sensor type that uses a capability as a command in the Sensor Type step."));
}

static void
sensor_type_got_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  HeraldComposerPage *self = load->self;
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  sensor_type = herald_api_client_entity_finish (HERALD_API_CLIENT (object), result, &error);
  if (is_cancelled (error) || g_cancellable_is_cancelled (load->cancellable))
    return;

  if (sensor_type == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The sensor’s type could not be loaded. %s Then try again with Refresh."), error->message);

      end_load (load, &self->capabilities_cancellable);
      set_choices (self, self->capability_row, NULL, 0, _("Not loaded"));
      show_error (self, message);
      return;
    }

  /* The sensor type names its capabilities by id: list them for their
   * names and properties. */
  load->sensor_type = g_steal_pointer (&sensor_type);
  cancellable = load->cancellable;
  herald_api_client_list_capabilities_async (HERALD_API_CLIENT (object), NULL, NULL, 0, 0,
                                             cancellable, capabilities_listed_cb,
                                             g_steal_pointer (&load));
}

static void
load_capabilities (HeraldComposerPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = workspace ? herald_workspace_get_client (workspace) : NULL;
  HeraldSensor *sensor = workspace ? herald_workspace_get_sensor (workspace) : NULL;
  GCancellable *cancellable;

  cancel_load (self, &self->capabilities_cancellable);

  if (client == NULL || sensor == NULL || herald_sensor_get_sensor_type_id (sensor) == NULL)
    {
      set_choices (self, self->capability_row, NULL, 0,
                   client ? _("Pick a sensor first.") : _("Choose the service first, in the Service step."));
      return;
    }

  cancellable = begin_load (self, &self->capabilities_cancellable);
  herald_api_client_get_sensor_type_async (client, herald_sensor_get_sensor_type_id (sensor), cancellable,
                                           sensor_type_got_cb, load_new (self, cancellable));
}

static void
sensors_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  HeraldComposerPage *self = load->self;
  g_autoptr(GListModel) sensors = NULL;
  g_autoptr(GError) error = NULL;

  sensors = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (is_cancelled (error) || !end_load (load, &self->sensors_cancellable))
    return;

  if (sensors == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The sensors could not be loaded. %s Then try again with Refresh."), error->message);

      set_choices (self, self->sensor_row, NULL, 0, _("Not loaded"));
      set_choices (self, self->capability_row, NULL, 0, _("Pick a sensor first."));
      show_error (self, message);
      return;
    }

  if (show_choices (self, self->sensor_row, sensors, "sensor", "sensor-id",
                    _("The device has no sensor yet. Create one in the Sensor step.")))
    load_capabilities (self);
  else if (g_list_model_get_n_items (sensors) == 0)
    set_choices (self, self->capability_row, NULL, 0, _("Pick a sensor first."));
}

static void
load_sensors (HeraldComposerPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = workspace ? herald_workspace_get_client (workspace) : NULL;
  HeraldDevice *device = workspace ? herald_workspace_get_device (workspace) : NULL;
  g_autofree char *filter = NULL;
  GCancellable *cancellable;

  cancel_load (self, &self->capabilities_cancellable);
  cancel_load (self, &self->sensors_cancellable);

  if (client == NULL || device == NULL)
    {
      const char *message = client ? _("Pick a device first.") : _("Choose the service first, in the Service step.");

      set_choices (self, self->sensor_row, NULL, 0, message);
      set_choices (self, self->capability_row, NULL, 0, client ? _("Pick a sensor first.") : message);
      return;
    }

  /* Only this device's sensors. */
  {
    g_autofree char *quoted = herald_odata_quote (herald_entity_get_id (HERALD_ENTITY (device)));

    filter = g_strdup_printf ("deviceId eq %s", quoted);
  }

  cancellable = begin_load (self, &self->sensors_cancellable);
  herald_api_client_list_sensors_async (client, filter, NULL, 0, 0, cancellable,
                                        sensors_listed_cb, load_new (self, cancellable));
}

static void
devices_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  HeraldComposerPage *self = load->self;
  g_autoptr(GListModel) devices = NULL;
  g_autoptr(GError) error = NULL;

  devices = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (is_cancelled (error) || !end_load (load, &self->devices_cancellable))
    return;

  if (devices == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The devices could not be loaded. %s Then try again with Refresh."), error->message);

      set_choices (self, self->device_row, NULL, 0, _("Not loaded"));
      set_choices (self, self->sensor_row, NULL, 0, _("Pick a device first."));
      set_choices (self, self->capability_row, NULL, 0, _("Pick a sensor first."));
      show_error (self, message);
      return;
    }

  if (show_choices (self, self->device_row, devices, "device", "device-id",
                    _("No devices yet. Create a device in the Device step.")))
    load_sensors (self);
  else if (g_list_model_get_n_items (devices) == 0)
    {
      set_choices (self, self->sensor_row, NULL, 0, _("Pick a device first."));
      set_choices (self, self->capability_row, NULL, 0, _("Pick a sensor first."));
    }
}

static void
load_devices (HeraldComposerPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = workspace ? herald_workspace_get_client (workspace) : NULL;
  GCancellable *cancellable;

  cancel_load (self, &self->capabilities_cancellable);
  cancel_load (self, &self->sensors_cancellable);
  cancel_load (self, &self->devices_cancellable);
  show_error (self, NULL);

  if (client == NULL)
    {
      const char *message = _("Choose the service first, in the Service step.");

      set_choices (self, self->device_row, NULL, 0, message);
      set_choices (self, self->sensor_row, NULL, 0, message);
      set_choices (self, self->capability_row, NULL, 0, message);
      return;
    }

  cancellable = begin_load (self, &self->devices_cancellable);
  herald_api_client_list_devices_async (client, NULL, NULL, 0, 0, cancellable,
                                        devices_listed_cb, load_new (self, cancellable));
}

static void
cancel_loads (HeraldComposerPage *self)
{
  cancel_load (self, &self->capabilities_cancellable);
  cancel_load (self, &self->sensors_cancellable);
  cancel_load (self, &self->devices_cancellable);
}

/* Follows the workspace while the page is shown; a level still loading
 * settles with the workspace when its answer comes. */
static gboolean
following (HeraldComposerPage *self)
{
  return gtk_widget_get_mapped (GTK_WIDGET (self)) && self->devices_cancellable == NULL;
}

static void
workspace_device_cb (HeraldComposerPage *self)
{
  if (!following (self))
    return;

  if (select_current (self, self->device_row, "device"))
    load_sensors (self);
  else
    load_devices (self);
}

static void
workspace_sensor_cb (HeraldComposerPage *self)
{
  if (!following (self) || self->sensors_cancellable != NULL)
    return;

  if (select_current (self, self->sensor_row, "sensor"))
    load_capabilities (self);
  else
    load_sensors (self);
}

static void
workspace_capability_cb (HeraldComposerPage *self)
{
  if (!following (self) || self->sensors_cancellable != NULL || self->capabilities_cancellable != NULL)
    return;

  if (!select_current (self, self->capability_row, "capability"))
    load_capabilities (self);
}

static void
workspace_client_cb (HeraldComposerPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_devices (self);
}

/* The user picked in a row: the workspace takes it, and all follow. */
static void
picked (HeraldComposerPage *self,
        AdwComboRow        *row,
        const char         *property)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldEntity *entity = adw_combo_row_get_selected_item (row);
  HeraldEntity *current;

  if (self->syncing > 0 || workspace == NULL || entity == NULL)
    return;

  current = workspace_entity (self, property);
  if (current == NULL || g_strcmp0 (herald_entity_get_id (current), herald_entity_get_id (entity)) != 0)
    g_object_set (workspace, property, entity, NULL);
}

static void
device_picked_cb (HeraldComposerPage *self)
{
  picked (self, self->device_row, "device");
}

static void
sensor_picked_cb (HeraldComposerPage *self)
{
  picked (self, self->sensor_row, "sensor");
}

static void
capability_picked_cb (HeraldComposerPage *self)
{
  picked (self, self->capability_row, "capability");
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load_devices (HERALD_COMPOSER_PAGE (widget));
}

static void
herald_composer_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (herald_composer_page_parent_class)->map (widget);

  load_devices (HERALD_COMPOSER_PAGE (widget));
}

static void
herald_composer_page_unmap (GtkWidget *widget)
{
  /* Away from the page, other steps pick; nothing here changes the
   * workspace behind the user's back. */
  cancel_loads (HERALD_COMPOSER_PAGE (widget));

  GTK_WIDGET_CLASS (herald_composer_page_parent_class)->unmap (widget);
}

/* A command as sent: its JSON and where it went, so that sending it again
 * goes to the same place, whatever is picked now. */
typedef struct
{
  char             *json;
  HeraldDevice     *device;
  HeraldSensor     *sensor;
  HeraldCapability *capability;
} Command;

static Command *
command_new (const char       *json,
             HeraldDevice     *device,
             HeraldSensor     *sensor,
             HeraldCapability *capability)
{
  Command *command = g_new0 (Command, 1);

  command->json = g_strdup (json);
  command->device = g_object_ref (device);
  command->sensor = g_object_ref (sensor);
  command->capability = g_object_ref (capability);
  return command;
}

static void
command_free (Command *command)
{
  g_free (command->json);
  g_clear_object (&command->device);
  g_clear_object (&command->sensor);
  g_clear_object (&command->capability);
  g_free (command);
}

typedef struct
{
  HeraldComposerPage *self;
  Command            *command;
} Sending;

static void
sending_free (Sending *sending)
{
  g_clear_object (&sending->self);
  g_clear_pointer (&sending->command, command_free);
  g_free (sending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sending, sending_free)

static void send_command (HeraldComposerPage *self,
                          const Command      *command);

static void
resend_clicked_cb (GtkButton          *button,
                   HeraldComposerPage *self)
{
  send_command (self, g_object_get_data (G_OBJECT (button), "command"));
}

static void
remember (HeraldComposerPage *self,
          Command            *command)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Send _Again"));
  g_autofree char *target = NULL;
  GtkWidget *last;
  guint n = 0;

  /* Translators: where a recent command went: device › sensor › capability */
  target = g_strdup_printf (_("%s › %s › %s"),
                            herald_entity_get_name (HERALD_ENTITY (command->device)),
                            herald_entity_get_name (HERALD_ENTITY (command->sensor)),
                            herald_entity_get_name (HERALD_ENTITY (command->capability)));

  /* Rows show JSON and names, which are no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), command->json);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), target);
  gtk_widget_add_css_class (row, "monospace");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "command", command, (GDestroyNotify) command_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (resend_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_prepend (self->recent_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), TRUE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list)); child; child = gtk_widget_get_next_sibling (child))
    n++;
  while (n-- > MAX_RECENT && (last = gtk_widget_get_last_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, last);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Sending) sending = user_data;
  HeraldComposerPage *self = sending->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *delivery = NULL;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  guint status = 0;

  answer = herald_api_client_send_command_finish (HERALD_API_CLIENT (object), result, &status, &error);
  if (herald_page_end (HERALD_PAGE (self), error))
    return;
  if (workspace != NULL)
    herald_exchange_view_set_exchange (self->exchange_view, herald_workspace_get_last_exchange (workspace));
  if (error != NULL || workspace == NULL)
    return;

  delivery = herald_workspace_describe_delivery (workspace, sending->command->device);
  herald_workspace_note_command_sent (workspace, sending->command->device);
  remember (self, g_steal_pointer (&sending->command));

  /* Down the device side, the command may wait or be lost: say so where
   * the user looks, not in a toast that goes. */
  gtk_label_set_label (self->delivery_label, delivery);
  gtk_widget_set_visible (GTK_WIDGET (self->delivery_label), delivery != NULL);
  if (delivery == NULL)
    herald_page_show_toast (HERALD_PAGE (self), _("Command sent. Watch for it in the history."));
}

static void
send_command (HeraldComposerPage *self,
              const Command      *command)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = workspace ? herald_workspace_get_client (workspace) : NULL;
  GCancellable *cancellable;
  Sending *sending;

  if (client == NULL)
    {
      herald_page_show_toast (HERALD_PAGE (self), _("Choose the service first, in the Service step."));
      return;
    }
  if (command->device == NULL || command->sensor == NULL || command->capability == NULL)
    {
      herald_page_show_toast (HERALD_PAGE (self), _("Pick the device, its sensor and the capability first, in their steps."));
      return;
    }
  if (command->json == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->delivery_label), FALSE);

  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->command = command_new (command->json, command->device, command->sensor, command->capability);

  cancellable = herald_page_begin (HERALD_PAGE (self));
  herald_api_client_send_command_async (client,
                                        herald_entity_get_id (HERALD_ENTITY (command->device)),
                                        herald_entity_get_id (HERALD_ENTITY (command->sensor)),
                                        herald_entity_get_id (HERALD_ENTITY (command->capability)),
                                        command->json, cancellable, sent_cb, sending);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (widget);

  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  Command command = { 0 };

  update_preview (self);

  /* What is picked now. */
  command.json = self->command;
  if (workspace != NULL)
    {
      command.device = herald_workspace_get_device (workspace);
      command.sensor = herald_workspace_get_sensor (workspace);
      command.capability = herald_workspace_get_capability (workspace);
    }
  send_command (self, &command);
}

static void
herald_composer_page_workspace_changed (HeraldPage    *page,
                                      HeraldWorkspace *old_workspace)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (page);
  HeraldWorkspace *workspace = herald_page_get_workspace (page);

  if (old_workspace != NULL)
    {
      g_signal_handlers_disconnect_by_func (old_workspace, update_flavor, self);
      g_signal_handlers_disconnect_by_func (old_workspace, rebuild_fields, self);
      g_signal_handlers_disconnect_by_func (old_workspace, workspace_device_cb, self);
      g_signal_handlers_disconnect_by_func (old_workspace, workspace_sensor_cb, self);
      g_signal_handlers_disconnect_by_func (old_workspace, workspace_capability_cb, self);
      g_signal_handlers_disconnect_by_func (old_workspace, workspace_client_cb, self);
    }

  if (workspace != NULL)
    {
      g_signal_connect_object (workspace, "notify::profile", G_CALLBACK (update_flavor), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "notify::capability", G_CALLBACK (rebuild_fields), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "notify::device", G_CALLBACK (workspace_device_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "notify::sensor", G_CALLBACK (workspace_sensor_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "notify::capability", G_CALLBACK (workspace_capability_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "notify::client", G_CALLBACK (workspace_client_cb), self, G_CONNECT_SWAPPED);
    }

  update_flavor (self);
  rebuild_fields (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_devices (self);
}

static void
herald_composer_page_dispose (GObject *object)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (object);

  cancel_loads (self);
  if (self->fields != NULL)
    g_ptr_array_set_size (self->fields, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_COMPOSER_PAGE);

  G_OBJECT_CLASS (herald_composer_page_parent_class)->dispose (object);
}

static void
herald_composer_page_finalize (GObject *object)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->flavor_seen, g_free);

  G_OBJECT_CLASS (herald_composer_page_parent_class)->finalize (object);
}

static void
herald_composer_page_class_init (HeraldComposerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HeraldPageClass *page_class = HERALD_PAGE_CLASS (klass);

  object_class->dispose = herald_composer_page_dispose;
  object_class->finalize = herald_composer_page_finalize;
  widget_class->map = herald_composer_page_map;
  widget_class->unmap = herald_composer_page_unmap;
  page_class->workspace_changed = herald_composer_page_workspace_changed;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (HERALD_TYPE_EXCHANGE_VIEW);
  g_type_ensure (HERALD_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-composer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, device_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, sensor_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, capability_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, targets_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, targets_error_label);
  gtk_widget_class_bind_template_child_full (widget_class, "refresh_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, values_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, strings_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, preview_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, delivery_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, exchange_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, recent_list);
  gtk_widget_class_bind_template_callback (widget_class, values_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, device_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sensor_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, capability_picked_cb);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "composer.send", NULL);
}

static void
preview_map_cb (HeraldComposerPage *self)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->preview_view)));

  if (gtk_source_buffer_get_language (buffer) == NULL)
    gtk_source_buffer_set_language (buffer,
                                    gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json"));
}

static void
herald_composer_page_init (HeraldComposerPage *self)
{
  self->fields = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    GtkWidget *placeholder = gtk_label_new (_("The capability’s properties appear here once a capability is picked."));

    gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
    gtk_widget_add_css_class (placeholder, "dim-label");
    gtk_widget_set_margin_top (placeholder, 12);
    gtk_widget_set_margin_bottom (placeholder, 12);
    gtk_widget_set_margin_start (placeholder, 12);
    gtk_widget_set_margin_end (placeholder, 12);
    gtk_list_box_set_placeholder (self->values_list, placeholder);
  }

  /* Loading GtkSourceView's language definitions costs more than the rest
   * of the page: done when the preview is first shown, not at start-up. */
  g_signal_connect_object (self->preview_view, "map", G_CALLBACK (preview_map_cb),
                           self, G_CONNECT_SWAPPED);
  update_preview (self);
}

/* herald-composer-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "herald-composer-page.h"
#include "herald-command-builder.h"
#include "herald-entity-list.h"
#include "herald-exchange-view.h"
#include "herald-odata.h"
#include "herald-source-style.h"
#include "herald-value-form.h"

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

  HeraldWorkspace    *workspace;  /* HeraldPage's, given once */
  HeraldValueForm    *form;       /* the value field per property */
  char               *command;    /* the JSON of the command shown */
  char               *flavor_seen;

  HeraldEntityList   *devices;
  HeraldEntityList   *sensors;
  HeraldEntityList   *capabilities;
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

static void
update_preview (HeraldComposerPage *self)
{
  HeraldCapability *capability = herald_workspace_get_capability (self->workspace);
  g_autoptr(HeraldCommandBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->command, g_free);

  if (capability != NULL)
    builder = herald_value_form_build (self->form,
                                       gtk_switch_get_active (self->strings_switch)
                                       ? HERALD_COMMAND_FLAVOR_CLASSIC : HERALD_COMMAND_FLAVOR_TENANT,
                                       &error);
  if (builder != NULL)
    self->command = herald_command_builder_to_command_json (builder);

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

static void
rebuild_fields (HeraldComposerPage *self)
{
  herald_value_form_set_capability (self->form, herald_workspace_get_capability (self->workspace));
}

static void
update_flavor (HeraldComposerPage *self)
{
  HeraldProfile *profile = herald_workspace_get_profile (self->workspace);
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
 * Three lists that load themselves (HeraldEntityList), chained: the
 * service's devices, the sensors of the device shown, the command
 * capabilities of the sensor shown's type. What the rows show is what a
 * Send addresses, so the workspace owns it: picking in a row sets it in the
 * workspace, and the rows follow the workspace. The lists have a client,
 * and so load, only while the page is shown; Refresh loads them again. */

static AdwComboRow *
row_of (HeraldComposerPage *self,
        HeraldEntityList   *list)
{
  return list == self->devices ? self->device_row : list == self->sensors ? self->sensor_row : self->capability_row;
}

static const char *
property_of (HeraldComposerPage *self,
             HeraldEntityList   *list)
{
  return list == self->devices ? "device" : list == self->sensors ? "sensor" : "capability";
}

/* The workspace's entity of @list's kind (unowned, as the workspace's getters). */
static HeraldEntity *
in_use (HeraldComposerPage *self,
        HeraldEntityList   *list)
{
  g_autoptr(HeraldEntity) entity = NULL;

  g_object_get (self->workspace, property_of (self, list), &entity, NULL);
  return entity;
}

/* The one the profile remembers, while the workspace still resumes it. */
static const char *
remembered (HeraldComposerPage *self,
            HeraldEntityList   *list)
{
  HeraldProfile *profile = herald_workspace_get_profile (self->workspace);

  if (profile == NULL)
    return NULL;
  if (list == self->devices)
    return herald_profile_get_device_id (profile);
  if (list == self->sensors)
    return herald_profile_get_sensor_id (profile);
  return herald_profile_get_capability_id (profile);
}

/* Send needs a command and a target that agrees with itself: while the
 * sensors or capabilities of a newly picked device or sensor load, the
 * workspace still holds the old ones. */
static void
update_send_enabled (HeraldComposerPage *self)
{
  gboolean settling = herald_entity_list_get_loading (self->sensors) ||
                      herald_entity_list_get_loading (self->capabilities);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", self->command != NULL && !settling);
}

/* A row says why it lists nothing: @missing (what to do first), its list
 * loading or failing, or @empty. */
static void
describe (AdwComboRow      *row,
          HeraldEntityList *list,
          const char       *missing,
          const char       *empty)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  const char *subtitle = NULL;

  if (missing != NULL)
    subtitle = missing;
  else if (herald_entity_list_get_loading (list))
    subtitle = _("Loading…");
  else if (herald_entity_list_get_error (list) != NULL)
    subtitle = _("Not loaded");
  else if (n == 0)
    subtitle = empty;

  gtk_widget_set_sensitive (GTK_WIDGET (row), n > 0 && missing == NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static void
update_rows (HeraldComposerPage *self)
{
  HeraldEntityList *lists[] = { self->devices, self->sensors, self->capabilities };
  const char *no_service = NULL;
  const char *error = NULL;
  gboolean loading = FALSE;

  if (herald_workspace_get_client (self->workspace) == NULL)
    no_service = _("Choose the service first, in the Service step.");

  describe (self->device_row, self->devices, no_service,
            _("No devices yet. Create a device in the Device step."));
  describe (self->sensor_row, self->sensors,
            no_service ? no_service : herald_entity_list_get_client (self->sensors) ? NULL : _("Pick a device first."),
            _("The device has no sensor yet. Create one in the Sensor step."));
  describe (self->capability_row, self->capabilities,
            no_service ? no_service : herald_entity_list_get_client (self->capabilities) ? NULL : _("Pick a sensor first."),
            _("The sensor’s type has no command capability. Pick another sensor, or create a "
              "sensor type that uses a capability as a command in the Sensor Type step."));

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      loading |= herald_entity_list_get_loading (lists[i]);
      if (error == NULL)
        error = herald_entity_list_get_error (lists[i]);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->targets_spinner), loading);
  gtk_spinner_set_spinning (self->targets_spinner, loading);
  herald_page_set_masked (HERALD_PAGE (self), self->targets_error_label, "label", error);
  gtk_widget_set_visible (GTK_WIDGET (self->targets_error_label), error != NULL);
  update_send_enabled (self);
}

/* What @list's row shows, the workspace takes. While a list loads, its row
 * changes with it: that is no pick. */
static void
take_shown (HeraldComposerPage *self,
            HeraldEntityList   *list)
{
  HeraldEntity *picked = adw_combo_row_get_selected_item (row_of (self, list));
  HeraldEntity *current;

  if (herald_entity_list_get_loading (list) || picked == NULL)
    return;

  current = in_use (self, list);
  if (current == NULL || g_strcmp0 (herald_entity_get_id (current), herald_entity_get_id (picked)) != 0)
    g_object_set (self->workspace, property_of (self, list), picked, NULL);
}

static void
picked_cb (HeraldComposerPage *self,
           GParamSpec         *pspec,
           AdwComboRow        *row)
{
  take_shown (self, HERALD_ENTITY_LIST (adw_combo_row_get_model (row)));
}

/* A list's load ended: its row shows the workspace's entity (or the one
 * the profile remembers), else the first, and the workspace takes it. */
static void
settle (HeraldComposerPage *self,
        HeraldEntityList   *list)
{
  HeraldEntity *current = in_use (self, list);
  guint position;

  if (g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    return;

  position = herald_entity_list_find (list, current ? herald_entity_get_id (current) : remembered (self, list));
  adw_combo_row_set_selected (row_of (self, list), position != G_MAXUINT ? position : 0);
  take_shown (self, list);
}

/* What @list's row shows, once @list is loaded: the entity the lists
 * below follow. */
static HeraldEntity *
shown (HeraldComposerPage *self,
       HeraldEntityList   *list)
{
  if (herald_entity_list_get_loading (list))
    return NULL;
  return adw_combo_row_get_selected_item (row_of (self, list));
}

/* The lists are chained, as the rows: the devices of the workspace's
 * client, the sensors of the device shown, the command capabilities of the
 * sensor shown's type. A list follows the one above once that is loaded,
 * and has no client while it has nothing to follow or the page is hidden.
 * Its filter changes only while it has something to follow, so that a list
 * that gets a client loads once. */
static void
follow_lists (HeraldComposerPage *self)
{
  HeraldApiClient *client = NULL;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    client = herald_workspace_get_client (self->workspace);
  herald_entity_list_set_client (self->devices, client);

  if (!herald_entity_list_get_loading (self->devices))
    {
      HeraldEntity *device = shown (self, self->devices);

      if (device != NULL)
        {
          g_autofree char *quoted = herald_odata_quote (herald_entity_get_id (device));
          g_autofree char *filter = g_strdup_printf ("deviceId eq %s", quoted);

          herald_entity_list_set_filter (self->sensors, filter);
        }
      herald_entity_list_set_client (self->sensors, device ? client : NULL);
    }

  if (!herald_entity_list_get_loading (self->devices) && !herald_entity_list_get_loading (self->sensors))
    {
      HeraldSensor *sensor = HERALD_SENSOR (shown (self, self->sensors));
      const char *sensor_type_id = sensor ? herald_sensor_get_sensor_type_id (sensor) : NULL;

      if (sensor_type_id != NULL)
        herald_entity_list_set_sensor_type_id (self->capabilities, sensor_type_id);
      herald_entity_list_set_client (self->capabilities, sensor_type_id ? client : NULL);
    }

  update_rows (self);
}

static void
list_notify_cb (HeraldComposerPage *self,
                GParamSpec         *pspec,
                HeraldEntityList   *list)
{
  if (g_str_equal (pspec->name, "loading") && !herald_entity_list_get_loading (list))
    settle (self, list);
  follow_lists (self);
}

/* Shows the workspace's entity in its row. A list that does not hold it is
 * loaded again, as the entity may be new; a list that loads settles when
 * it ends. */
static void
show_in_use (HeraldComposerPage *self,
             HeraldEntityList   *list)
{
  HeraldEntity *current = in_use (self, list);
  guint position;

  if (current == NULL || herald_entity_list_get_loading (list))
    return;

  position = herald_entity_list_find (list, herald_entity_get_id (current));
  if (position != G_MAXUINT)
    adw_combo_row_set_selected (row_of (self, list), position);
  else if (herald_entity_list_get_client (list) != NULL)
    herald_entity_list_reload (list);
}

static void
workspace_device_cb (HeraldComposerPage *self)
{
  show_in_use (self, self->devices);
  follow_lists (self);
}

static void
workspace_sensor_cb (HeraldComposerPage *self)
{
  show_in_use (self, self->sensors);
  follow_lists (self);
}

static void
workspace_capability_cb (HeraldComposerPage *self)
{
  rebuild_fields (self);
  show_in_use (self, self->capabilities);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (widget);

  herald_entity_list_reload (self->devices);
  herald_entity_list_reload (self->sensors);
  herald_entity_list_reload (self->capabilities);
  update_rows (self);
}

static void
herald_composer_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (herald_composer_page_parent_class)->map (widget);

  follow_lists (HERALD_COMPOSER_PAGE (widget));
}

static void
herald_composer_page_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (herald_composer_page_parent_class)->unmap (widget);

  /* Away from the page, other steps pick; nothing here changes the
   * workspace behind the user's back. */
  follow_lists (HERALD_COMPOSER_PAGE (widget));
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
  GCancellable       *cancellable;
  Command            *command;
} Sending;

static void
sending_free (Sending *sending)
{
  g_clear_object (&sending->self);
  g_clear_object (&sending->cancellable);
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
  guint status = 0;

  /* Cancelled also when the page went away, if the answer came first. */
  answer = herald_api_client_send_command_finish (HERALD_API_CLIENT (object), result, &status, &error);
  if (herald_page_end (HERALD_PAGE (self), error) || g_cancellable_is_cancelled (sending->cancellable))
    return;
  herald_exchange_view_set_exchange (self->exchange_view, herald_workspace_get_last_exchange (self->workspace));
  if (error != NULL)
    return;

  delivery = herald_workspace_describe_delivery (self->workspace, sending->command->device);
  herald_workspace_note_command_sent (self->workspace, sending->command->device);
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
  HeraldApiClient *client = herald_workspace_get_client (self->workspace);
  Sending *sending;

  if (client == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self), _("Choose the service first, in the Service step."));
      return;
    }
  if (command->device == NULL || command->sensor == NULL || command->capability == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self), _("Pick the device, its sensor and the capability first, in their steps."));
      return;
    }
  if (command->json == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->delivery_label), FALSE);

  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->command = command_new (command->json, command->device, command->sensor, command->capability);

  sending->cancellable = g_object_ref (herald_page_begin (HERALD_PAGE (self)));
  herald_api_client_send_command_async (client,
                                        herald_entity_get_id (HERALD_ENTITY (command->device)),
                                        herald_entity_get_id (HERALD_ENTITY (command->sensor)),
                                        herald_entity_get_id (HERALD_ENTITY (command->capability)),
                                        command->json, sending->cancellable, sent_cb, sending);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (widget);
  Command command = { 0 };

  update_preview (self);

  /* What is picked now. */
  command.json = self->command;
  command.device = herald_workspace_get_device (self->workspace);
  command.sensor = herald_workspace_get_sensor (self->workspace);
  command.capability = herald_workspace_get_capability (self->workspace);
  send_command (self, &command);
}

/* The page's workspace, given once: the one place the page wires itself
 * to it. */
static void
follow_workspace (HeraldComposerPage *self)
{
  self->workspace = herald_page_get_workspace (HERALD_PAGE (self));
  herald_exchange_view_set_redactor (self->exchange_view, herald_workspace_get_redactor (self->workspace));

  g_signal_connect_object (self->workspace, "notify::profile", G_CALLBACK (update_flavor), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::client", G_CALLBACK (follow_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::device", G_CALLBACK (workspace_device_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::sensor", G_CALLBACK (workspace_sensor_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::capability", G_CALLBACK (workspace_capability_cb), self, G_CONNECT_SWAPPED);

  update_flavor (self);
  rebuild_fields (self);
  follow_lists (self);
}

static void
herald_composer_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (herald_composer_page_parent_class)->constructed (object);

  follow_workspace (HERALD_COMPOSER_PAGE (object));
}

static void
herald_composer_page_dispose (GObject *object)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (object);

  /* The lists' loads end here, not in a page that is gone. */
  if (self->devices != NULL)
    {
      herald_entity_list_set_client (self->devices, NULL);
      herald_entity_list_set_client (self->sensors, NULL);
      herald_entity_list_set_client (self->capabilities, NULL);
    }
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_COMPOSER_PAGE);

  G_OBJECT_CLASS (herald_composer_page_parent_class)->dispose (object);
}

static void
herald_composer_page_finalize (GObject *object)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (object);

  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->flavor_seen, g_free);

  G_OBJECT_CLASS (herald_composer_page_parent_class)->finalize (object);
}

static void
herald_composer_page_class_init (HeraldComposerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_composer_page_constructed;
  object_class->dispose = herald_composer_page_dispose;
  object_class->finalize = herald_composer_page_finalize;
  widget_class->map = herald_composer_page_map;
  widget_class->unmap = herald_composer_page_unmap;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (HERALD_TYPE_EXCHANGE_VIEW);
  g_type_ensure (HERALD_TYPE_ENTITY_LIST);
  g_type_ensure (HERALD_TYPE_DEVICE);
  g_type_ensure (HERALD_TYPE_SENSOR);
  g_type_ensure (HERALD_TYPE_CAPABILITY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-composer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, devices);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, sensors);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, capabilities);
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
  gtk_widget_class_bind_template_callback (widget_class, picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_notify_cb);

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
  herald_source_style_follow (self->preview_view);
  herald_source_style_no_hyphens (GTK_TEXT_VIEW (self->preview_view));
}

static void
herald_composer_page_init (HeraldComposerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->form = herald_value_form_new (self->values_list);
  g_signal_connect_swapped (self->form, "changed", G_CALLBACK (values_changed_cb), self);

  /* Loading GtkSourceView's language definitions costs more than the rest
   * of the page: done when the preview is first shown, not at start-up. */
  g_signal_connect_object (self->preview_view, "map", G_CALLBACK (preview_map_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", FALSE);
}

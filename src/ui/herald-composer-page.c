/* herald-composer-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <stdlib.h>
#include <string.h>

#include "herald-composer-page.h"
#include "herald-command-builder.h"
#include "herald-exchange-view.h"

/* The tutorial's last step: one typed field per property of the capability
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
  char               *pending;    /* the command being sent */

  AdwActionRow       *device_row;
  AdwActionRow       *sensor_row;
  AdwActionRow       *capability_row;
  GtkListBox         *values_list;
  GtkSwitch          *strings_switch;
  GtkSourceView      *preview_view;
  GtkLabel           *error_label;
  HeraldExchangeView *exchange_view;
  AdwPreferencesGroup *recent_group;
  GtkListBox         *recent_list;
};

G_DEFINE_FINAL_TYPE (HeraldComposerPage, herald_composer_page, HERALD_TYPE_PAGE)

static void values_changed_cb (HeraldComposerPage *self);

static const char *
entity_label (gpointer entity)
{
  return entity ? herald_entity_get_name (HERALD_ENTITY (entity)) : _("None yet");
}

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
  HeraldContext *context = herald_page_get_context (HERALD_PAGE (self));
  HeraldCapability *capability = context ? herald_context_get_capability (context) : NULL;
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", self->command != NULL);
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
  HeraldContext *context = herald_page_get_context (HERALD_PAGE (self));
  HeraldCapability *capability = context ? herald_context_get_capability (context) : NULL;
  GtkWidget *child;

  g_ptr_array_set_size (self->fields, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->values_list))) != NULL)
    gtk_list_box_remove (self->values_list, child);

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
update_targets (HeraldComposerPage *self)
{
  HeraldContext *context = herald_page_get_context (HERALD_PAGE (self));
  HeraldProfile *profile = context ? herald_context_get_profile (context) : NULL;
  const char *flavor = profile ? herald_profile_get_string (profile, "flavor") : NULL;

  adw_action_row_set_subtitle (self->device_row, entity_label (context ? herald_context_get_device (context) : NULL));
  adw_action_row_set_subtitle (self->sensor_row, entity_label (context ? herald_context_get_sensor (context) : NULL));
  adw_action_row_set_subtitle (self->capability_row, entity_label (context ? herald_context_get_capability (context) : NULL));

  /* Strings by default in the classic flavour, typed values in the tenant
   * one; the user's own choice stays until the flavour changes. */
  if (g_strcmp0 (flavor, self->flavor_seen) != 0)
    {
      g_free (self->flavor_seen);
      self->flavor_seen = g_strdup (flavor);
      gtk_switch_set_active (self->strings_switch, g_strcmp0 (flavor, "tenant") != 0);
    }
}

static void send_command (HeraldComposerPage *self,
                          const char         *command);

static void
resend_clicked_cb (GtkButton          *button,
                   HeraldComposerPage *self)
{
  send_command (self, g_object_get_data (G_OBJECT (button), "command"));
}

static void
remember (HeraldComposerPage *self,
          const char         *command)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Send _Again"));
  GtkWidget *last;
  guint n = 0;

  /* Rows show JSON, which is no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), command);
  gtk_widget_add_css_class (row, "monospace");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "command", g_strdup (command), g_free);
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
  g_autoptr(HeraldComposerPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  HeraldContext *context = herald_page_get_context (HERALD_PAGE (self));
  g_autofree char *command = g_steal_pointer (&self->pending);
  guint status = 0;

  answer = herald_api_client_send_command_finish (HERALD_API_CLIENT (object), result, &status, &error);
  if (context != NULL)
    herald_exchange_view_set_exchange (self->exchange_view, herald_context_get_last_exchange (context));
  if (herald_page_end (HERALD_PAGE (self), error) || error != NULL)
    return;

  if (command != NULL)
    remember (self, command);
  herald_context_set_step_complete (context, HERALD_STEP_COMMAND, TRUE);
  herald_page_show_toast (HERALD_PAGE (self), _("Command sent. Watch for it in the history."));
}

static void
send_command (HeraldComposerPage *self,
              const char         *command)
{
  HeraldContext *context = herald_page_get_context (HERALD_PAGE (self));
  HeraldApiClient *client = context ? herald_context_get_client (context) : NULL;
  HeraldDevice *device = context ? herald_context_get_device (context) : NULL;
  HeraldSensor *sensor = context ? herald_context_get_sensor (context) : NULL;
  HeraldCapability *capability = context ? herald_context_get_capability (context) : NULL;
  GCancellable *cancellable;

  if (client == NULL)
    {
      herald_page_show_toast (HERALD_PAGE (self), _("Choose the service first, in the Service step."));
      return;
    }
  if (device == NULL || sensor == NULL || capability == NULL)
    {
      herald_page_show_toast (HERALD_PAGE (self), _("Pick the device, its sensor and the capability first, in their steps."));
      return;
    }
  if (command == NULL)
    return;

  cancellable = herald_page_begin (HERALD_PAGE (self));
  g_free (self->pending);
  self->pending = g_strdup (command);
  herald_api_client_send_command_async (client,
                                        herald_entity_get_id (HERALD_ENTITY (device)),
                                        herald_entity_get_id (HERALD_ENTITY (sensor)),
                                        herald_entity_get_id (HERALD_ENTITY (capability)),
                                        command, cancellable, sent_cb, g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (widget);

  update_preview (self);
  send_command (self, self->command);
}

static void
herald_composer_page_context_changed (HeraldPage    *page,
                                      HeraldContext *old_context)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (page);
  HeraldContext *context = herald_page_get_context (page);

  if (old_context != NULL)
    {
      g_signal_handlers_disconnect_by_func (old_context, update_targets, self);
      g_signal_handlers_disconnect_by_func (old_context, rebuild_fields, self);
    }

  if (context != NULL)
    {
      g_signal_connect_object (context, "notify::device", G_CALLBACK (update_targets), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::sensor", G_CALLBACK (update_targets), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::profile", G_CALLBACK (update_targets), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::capability", G_CALLBACK (update_targets), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::capability", G_CALLBACK (rebuild_fields), self, G_CONNECT_SWAPPED);
    }

  update_targets (self);
  rebuild_fields (self);
}

static void
herald_composer_page_dispose (GObject *object)
{
  HeraldComposerPage *self = HERALD_COMPOSER_PAGE (object);

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
  g_clear_pointer (&self->pending, g_free);

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
  page_class->context_changed = herald_composer_page_context_changed;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (HERALD_TYPE_EXCHANGE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-composer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, device_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, sensor_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, capability_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, values_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, strings_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, preview_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, exchange_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldComposerPage, recent_list);
  gtk_widget_class_bind_template_callback (widget_class, values_changed_cb);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
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

/* herald-measures-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-entity-list.h"
#include "herald-measures-view.h"
#include "herald-message.h"
#include "herald-odata.h"
#include "herald-sensor.h"
#include "herald-value-form.h"

/* The device side: the connected device sends measures. Pick one of the
 * device's sensors and a capability its type uses as a measure (the
 * service's lists, as the command composer picks its targets), type one
 * value a property (HeraldValueForm: the composer's typing rules), see the
 * row as it goes, and Send (Ctrl+Return). HeraldMeasureSender publishes it
 * with a fresh measureMessageId and matches the gateway's acknowledgement
 * to it: each message sent is listed with its values and its answer —
 * waiting, accepted (202) with the round trip, or refused with the code
 * and the gateway's reason. */

#define MAX_SENT 200

struct _HeraldMeasuresView
{
  HeraldPage           parent_instance;

  HeraldMeasureSender *sender;
  HeraldValueForm     *form;
  HeraldCommandBuilder *values;   /* the values shown, if they read */

  HeraldEntityList    *sensors;
  HeraldEntityList    *capabilities;
  AdwComboRow         *sensor_row;
  AdwComboRow         *capability_row;
  GtkLabel            *targets_label;
  GtkListBox          *values_list;
  GtkLabel            *preview_label;
  GtkLabel            *error_label;
  AdwPreferencesGroup *sent_group;
  GtkListBox          *sent_list;
};

G_DEFINE_FINAL_TYPE (HeraldMeasuresView, herald_measures_view, HERALD_TYPE_PAGE)

static HeraldEntity *
picked (AdwComboRow      *row,
        HeraldEntityList *list)
{
  if (herald_entity_list_get_loading (list))
    return NULL;
  return adw_combo_row_get_selected_item (row);
}

static void
update_send_enabled (HeraldMeasuresView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "measures.send",
                                 self->values != NULL &&
                                 picked (self->sensor_row, self->sensors) != NULL &&
                                 picked (self->capability_row, self->capabilities) != NULL);
}

static void
update_preview (HeraldMeasuresView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;

  g_clear_object (&self->values);
  if (picked (self->capability_row, self->capabilities) != NULL)
    self->values = herald_value_form_build (self->form, HERALD_COMMAND_FLAVOR_TENANT, &error);
  if (self->values != NULL)
    row = herald_command_builder_to_command_json (self->values);

  gtk_label_set_label (self->preview_label, row);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), row != NULL);
  gtk_label_set_label (self->error_label, error != NULL ? error->message : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  update_send_enabled (self);
}

/* What the rows cannot show: why there is nothing to pick. */
static void
update_targets (HeraldMeasuresView *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  const char *text = NULL;

  if (herald_workspace_get_client (workspace) == NULL)
    text = _("Choose the service first, in the Service step.");
  else if (herald_workspace_get_device (workspace) == NULL)
    text = _("No device in use: create or pick one in the Device step, and connect it in the Connect step.");
  else if (herald_entity_list_get_error (self->sensors) != NULL)
    text = herald_entity_list_get_error (self->sensors);
  else if (herald_entity_list_get_error (self->capabilities) != NULL)
    text = herald_entity_list_get_error (self->capabilities);
  else if (!herald_entity_list_get_loading (self->sensors) &&
           g_list_model_get_n_items (G_LIST_MODEL (self->sensors)) == 0)
    text = _("The device has no sensor yet. Create one in the Sensor step.");
  else if (picked (self->sensor_row, self->sensors) != NULL &&
           !herald_entity_list_get_loading (self->capabilities) &&
           g_list_model_get_n_items (G_LIST_MODEL (self->capabilities)) == 0)
    text = _("The sensor’s type uses no capability as a measure. Pick another sensor, or create a sensor "
             "type that uses a capability as a measure in the Sensor Type step, and a sensor of it.");

  herald_page_set_masked (HERALD_PAGE (self), self->targets_label, "label", text);
  gtk_widget_set_visible (GTK_WIDGET (self->targets_label), text != NULL);
}

/* The sensors of the workspace's device, the measure capabilities of the
 * sensor picked's type; loaded while the view is shown. */
static void
follow_lists (HeraldMeasuresView *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = gtk_widget_get_mapped (GTK_WIDGET (self)) ? herald_workspace_get_client (workspace) : NULL;
  HeraldDevice *device = herald_workspace_get_device (workspace);
  HeraldSensor *sensor;

  if (device != NULL)
    {
      g_autofree char *quoted = herald_odata_quote (herald_entity_get_id (HERALD_ENTITY (device)));
      g_autofree char *filter = g_strdup_printf ("deviceId eq %s", quoted);

      herald_entity_list_set_filter (self->sensors, filter);
    }
  herald_entity_list_set_client (self->sensors, device != NULL ? client : NULL);

  sensor = HERALD_SENSOR (picked (self->sensor_row, self->sensors));
  if (sensor != NULL && herald_sensor_get_sensor_type_id (sensor) != NULL)
    herald_entity_list_set_sensor_type_id (self->capabilities, herald_sensor_get_sensor_type_id (sensor));
  herald_entity_list_set_client (self->capabilities, sensor != NULL ? client : NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sensor_row), g_list_model_get_n_items (G_LIST_MODEL (self->sensors)) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->capability_row),
                            g_list_model_get_n_items (G_LIST_MODEL (self->capabilities)) > 0);
  update_targets (self);
  update_send_enabled (self);
}

/* The fields follow the capability picked, once its list is loaded (while
 * it loads, its row changes with it: that is no pick). */
static void
capability_picked_cb (HeraldMeasuresView *self)
{
  HeraldEntity *capability = picked (self->capability_row, self->capabilities);

  if (herald_entity_list_get_loading (self->capabilities) ||
      (gpointer) capability == (gpointer) herald_value_form_get_capability (self->form))
    return;

  herald_value_form_set_capability (self->form, capability != NULL ? HERALD_CAPABILITY (capability) : NULL);
  update_targets (self);
}

static void
lists_changed_cb (HeraldMeasuresView *self)
{
  follow_lists (self);
  capability_picked_cb (self);
}

/* --- What was sent, and what the gateway said --------------------------- */

static void
show_answer (AdwActionRow      *row,
             GParamSpec        *pspec,
             HeraldSentMeasure *sent)
{
  HeraldAck *ack = herald_sent_measure_get_ack (sent);
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "icon");
  g_autofree char *subtitle = NULL;
  g_autofree char *when = herald_message_format_time (herald_sent_measure_get_time (sent));

  if (ack == NULL)
    {
      /* Translators: when it was sent */
      subtitle = g_strdup_printf (_("%s · waiting for the gateway’s answer…"), when);
      gtk_image_set_from_icon_name (icon, "content-loading-symbolic");
    }
  else if (herald_ack_get_accepted (ack))
    {
      /* Translators: when it was sent, the code (202), the round trip in ms */
      subtitle = g_strdup_printf (_("%s · accepted (%u) in %d ms"), when, herald_ack_get_code (ack),
                                  (int) (herald_ack_get_round_trip (ack) / 1000));
      gtk_image_set_from_icon_name (icon, "emblem-ok-symbolic");
    }
  else
    {
      const char * const *said = herald_ack_get_messages (ack);
      g_autofree char *reasons = g_strjoinv (" ", (char **) said);

      /* Translators: when it was sent, the error's code, the round trip in
       * ms, then the gateway's reason */
      subtitle = g_strdup_printf (_("%s · refused (%u) in %d ms: %s"), when, herald_ack_get_code (ack),
                                  (int) (herald_ack_get_round_trip (ack) / 1000),
                                  *reasons != '\0' ? reasons : _("the gateway gave no reason"));
      gtk_image_set_from_icon_name (icon, "dialog-error-symbolic");
    }

  adw_action_row_set_subtitle (row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ack == NULL ? _("Waiting") : herald_ack_get_accepted (ack) ? _("Accepted") : _("Refused"),
                                  -1);
}

static GtkWidget *
create_sent_row (gpointer item,
                 gpointer user_data)
{
  HeraldSentMeasure *sent = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), herald_sent_measure_get_values (sent));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "monospace");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data_full (G_OBJECT (row), "sent", g_object_ref (sent), g_object_unref);
  g_signal_connect_object (sent, "notify::ack", G_CALLBACK (show_answer), row, G_CONNECT_SWAPPED);
  show_answer (ADW_ACTION_ROW (row), NULL, sent);

  return row;
}

static void
update_unmatched (HeraldMeasuresView *self)
{
  guint n = herald_measure_sender_get_n_unmatched (self->sender);
  g_autofree char *text = NULL;

  if (n > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u answer came to no message sent here (another client’s, or one "
                                         "sent before Herald listened).",
                                         "%u answers came to no message sent here (another client’s, or ones "
                                         "sent before Herald listened).", n), n);
  adw_preferences_group_set_description (self->sent_group, text);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (widget);
  HeraldEntity *sensor = picked (self->sensor_row, self->sensors);
  HeraldEntity *capability = picked (self->capability_row, self->capabilities);
  g_autoptr(GError) error = NULL;

  if (sensor == NULL || capability == NULL || self->values == NULL)
    return;

  herald_page_clear_error (HERALD_PAGE (self));
  if (herald_measure_sender_send (self->sender, herald_entity_get_alternate_id (sensor),
                                  herald_entity_get_alternate_id (capability), self->values, &error) == NULL)
    herald_page_show_error (HERALD_PAGE (self), error->message);
}

/* --- The view ---------------------------------------------------------- */

static void
herald_measures_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (herald_measures_view_parent_class)->map (widget);
  follow_lists (HERALD_MEASURES_VIEW (widget));
}

static void
herald_measures_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (herald_measures_view_parent_class)->unmap (widget);
  follow_lists (HERALD_MEASURES_VIEW (widget));
}

static void
herald_measures_view_constructed (GObject *object)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (object);
  HeraldWorkspace *workspace;

  G_OBJECT_CLASS (herald_measures_view_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  self->sender = herald_measure_sender_new (herald_workspace_get_device_connection (workspace), MAX_SENT);
  gtk_list_box_bind_model (self->sent_list, herald_measure_sender_get_messages (self->sender),
                           create_sent_row, NULL, NULL);
  g_signal_connect_object (self->sender, "notify::n-unmatched", G_CALLBACK (update_unmatched),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::client", G_CALLBACK (follow_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::device", G_CALLBACK (follow_lists), self, G_CONNECT_SWAPPED);

  follow_lists (self);
  update_preview (self);
}

static void
herald_measures_view_dispose (GObject *object)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (object);

  /* The lists' loads end here, not in a view that is gone. */
  if (self->sensors != NULL)
    {
      herald_entity_list_set_client (self->sensors, NULL);
      herald_entity_list_set_client (self->capabilities, NULL);
    }
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  g_clear_object (&self->values);
  if (self->sent_list != NULL)
    gtk_list_box_bind_model (self->sent_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->sender);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_MEASURES_VIEW);

  G_OBJECT_CLASS (herald_measures_view_parent_class)->dispose (object);
}

static void
herald_measures_view_class_init (HeraldMeasuresViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_measures_view_constructed;
  object_class->dispose = herald_measures_view_dispose;
  widget_class->map = herald_measures_view_map;
  widget_class->unmap = herald_measures_view_unmap;

  g_type_ensure (HERALD_TYPE_ENTITY_LIST);
  g_type_ensure (HERALD_TYPE_SENSOR);
  g_type_ensure (HERALD_TYPE_CAPABILITY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-measures-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sensors);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, capabilities);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sensor_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, capability_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, targets_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, values_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, preview_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sent_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sent_list);
  gtk_widget_class_bind_template_callback (widget_class, lists_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, capability_picked_cb);

  gtk_widget_class_install_action (widget_class, "measures.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "measures.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "measures.send", NULL);
}

static void
herald_measures_view_init (HeraldMeasuresView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->form = herald_value_form_new (self->values_list);
  g_signal_connect_swapped (self->form, "changed", G_CALLBACK (update_preview), self);

  placeholder = gtk_label_new (_("The capability’s properties appear here once a capability is picked."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->values_list, placeholder);

  placeholder = gtk_label_new (_("Nothing sent yet."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->sent_list, placeholder);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "measures.send", FALSE);
}

GtkWidget *
herald_measures_view_new (HeraldWorkspace *workspace)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (HERALD_TYPE_MEASURES_VIEW, "workspace", workspace, NULL);
}

/**
 * herald_measures_view_get_sender:
 *
 * Returns: (transfer none): what sends the measures and matches their
 *   acknowledgements
 */
HeraldMeasureSender *
herald_measures_view_get_sender (HeraldMeasuresView *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURES_VIEW (self), NULL);
  return self->sender;
}

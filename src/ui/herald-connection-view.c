/* herald-connection-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-connection-dialog.h"
#include "herald-connection-state.h"
#include "herald-connection-view.h"
#include "herald-file-chooser.h"
#include "herald-history-pane.h"
#include "herald-json-format.h"
#include "herald-payload.h"
#include "herald-subscription-color.h"

/* One connection of its own, to any broker: its state and what to do
 * about it (connect, edit, remove), its subscriptions, a publish form and
 * its own History, beside the other connections' views in the window's
 * stack. Everything it shows comes from the connection: the session's
 * state and last error, the connection's problem, the profile's
 * subscriptions. */

struct _HeraldConnectionView
{
  HeraldPage          parent_instance;

  HeraldConnection   *connection;

  GtkImage           *state_icon;
  GtkLabel           *state_label;
  GtkButton          *connect_button;
  GtkLabel           *problem_label;
  AdwEntryRow        *subscribe_row;
  GtkDropDown        *subscribe_qos;
  GtkButton          *subscribe_button;
  GtkListBox         *subscriptions_list;
  AdwExpanderRow     *options_row;
  GtkSwitch          *no_local_switch;
  GtkSwitch          *retain_as_published_switch;
  AdwComboRow        *retain_handling_row;
  AdwEntryRow        *publish_topic_row;
  AdwComboRow        *publish_qos_row;
  GtkSwitch          *retained_switch;
  AdwComboRow        *format_row;
  AdwComboRow        *saved_row;
  AdwExpanderRow     *properties_row;
  AdwEntryRow        *content_type_row;
  AdwEntryRow        *response_topic_row;
  AdwEntryRow        *correlation_row;
  AdwEntryRow        *user_properties_row;
  GtkSpinButton      *expiry_spin;
  GtkStringList      *saved_names;
  GtkButton          *save_payload_button;
  GtkButton          *delete_saved_button;
  gboolean            listing_saved;
  GtkTextView        *payload_view;
  GtkLabel           *publish_error;
  GtkButton          *pretty_button;
  GtkButton          *publish_button;
  GtkButton          *edit_button;
  GtkButton          *remove_button;
  HeraldHistoryPane  *history_pane;

  GtkFileChooserNative *chooser;   /* importing or exporting saved payloads */
  gboolean              choosing_import;
};

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldConnectionView, herald_connection_view, HERALD_TYPE_PAGE)

static HeraldMqttSession *
session_of (HeraldConnectionView *self)
{
  return herald_connection_get_session (self->connection);
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* State ---------------------------------------------------------------------- */

static void
update_state (HeraldConnectionView *self)
{
  HeraldMqttSession *session = session_of (self);
  HeraldMqttState state = herald_mqtt_session_get_state (session);
  const GError *error = herald_mqtt_session_get_last_error (session);
  const char *problem = herald_connection_get_problem (self->connection);
  const char *uri = herald_broker_profile_get_server_uri (herald_connection_get_profile (self->connection));
  g_autofree char *text = NULL;
  gboolean active = FALSE;

  switch (state)
    {
    case HERALD_MQTT_STATE_CONNECTED:
      text = g_strdup_printf (_("Connected to %s"), uri);
      active = TRUE;
      break;
    case HERALD_MQTT_STATE_CONNECTING:
      text = g_strdup_printf (_("Connecting to %s…"), uri);
      active = TRUE;
      break;
    case HERALD_MQTT_STATE_RECONNECTING:
      text = g_strdup_printf (_("Connection to %s lost, reconnecting…"), uri);
      active = TRUE;
      break;
    case HERALD_MQTT_STATE_FAILED:
      text = g_strdup_printf (_("Could not connect to %s"), uri);
      break;
    case HERALD_MQTT_STATE_DISCONNECTED:
    default:
      text = g_strdup_printf (_("Not connected (%s)"), uri);
      break;
    }

  /* On stage, the broker's host is masked, here and in what went wrong. */
  {
    g_autofree char *masked = herald_page_mask (HERALD_PAGE (self), text);

    gtk_label_set_label (self->state_label, masked);
  }
  gtk_image_set_from_icon_name (self->state_icon, herald_connection_state_icon_name (state));
  gtk_button_set_label (self->connect_button, active ? _("_Disconnect") : _("_Connect"));
  if (active)
    gtk_widget_remove_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->connect_button), "suggested-action");

  if (problem == NULL && error != NULL && state != HERALD_MQTT_STATE_CONNECTED)
    problem = error->message;
  {
    g_autofree char *masked = problem != NULL ? herald_page_mask (HERALD_PAGE (self), problem) : NULL;

    show_label (self->problem_label, masked);
  }
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HeraldConnectionView) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failure is the connection's problem, shown as such. */
  if (!herald_workspace_open_connection_finish (HERALD_WORKSPACE (object), result, &error))
    g_debug ("Not opened: %s", error->message);
}

static void
connect_clicked_cb (HeraldConnectionView *self)
{
  HeraldMqttState state = herald_mqtt_session_get_state (session_of (self));

  if (state == HERALD_MQTT_STATE_DISCONNECTED || state == HERALD_MQTT_STATE_FAILED)
    herald_workspace_open_connection_async (herald_page_get_workspace (HERALD_PAGE (self)), self->connection,
                                            NULL, opened_cb, g_object_ref (self));
  else
    herald_mqtt_session_disconnect (session_of (self));
}

/* Edit and remove ---------------------------------------------------------- */

static void
saved_cb (HeraldConnectionView *self,
          HeraldConnection     *connection)
{
  HeraldMqttState state = herald_mqtt_session_get_state (session_of (self));

  /* A connection in use takes the new settings now. */
  if (state != HERALD_MQTT_STATE_DISCONNECTED && state != HERALD_MQTT_STATE_FAILED)
    herald_workspace_open_connection_async (herald_page_get_workspace (HERALD_PAGE (self)), self->connection,
                                            NULL, opened_cb, g_object_ref (self));
  update_state (self);
}

static void
edit_clicked_cb (HeraldConnectionView *self)
{
  HeraldConnectionDialog *dialog;

  dialog = herald_connection_dialog_new (herald_page_get_workspace (HERALD_PAGE (self)), self->connection);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_response_cb (HeraldConnectionView *self,
                    const char           *response)
{
  if (g_strcmp0 (response, "remove") == 0)
    herald_workspace_remove_connection (herald_page_get_workspace (HERALD_PAGE (self)), self->connection);
}

static void
remove_clicked_cb (HeraldConnectionView *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   NULL,
                                   _("Its profile, its stored passwords and its History are deleted. The broker and its retained messages are not touched."));
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove “%s”?"),
                                     herald_connection_get_name (self->connection));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Subscriptions -------------------------------------------------------------- */

static void
unsubscribe_clicked_cb (HeraldConnectionView *self,
                        GtkButton            *button)
{
  const char *topic = g_object_get_data (G_OBJECT (button), "herald-topic");
  g_autoptr(GError) error = NULL;

  if (!herald_connection_unsubscribe (self->connection, topic, &error))
    herald_page_show_toast (HERALD_PAGE (self), error->message);
}

/* MQTT 5 properties only for a connection that speaks MQTT 5. */
static void
update_version (HeraldConnectionView *self)
{
  HeraldMqttVersion version;

  g_object_get (herald_connection_get_profile (self->connection), "mqtt-version", &version, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->properties_row), version == HERALD_MQTT_VERSION_5);
  gtk_widget_set_sensitive (GTK_WIDGET (self->options_row), version == HERALD_MQTT_VERSION_5);
  adw_expander_row_set_subtitle (self->options_row, version == HERALD_MQTT_VERSION_5 ? NULL : _("MQTT 5 only (Edit)"));
  /* Short: a row's subtitle does not wrap, and the column is at least as
   * wide as it. */
  adw_expander_row_set_subtitle (self->properties_row, version == HERALD_MQTT_VERSION_5 ? NULL : _("MQTT 5 only (Edit)"));
  if (version != HERALD_MQTT_VERSION_5)
    {
      adw_expander_row_set_expanded (self->properties_row, FALSE);
      adw_expander_row_set_expanded (self->options_row, FALSE);
    }
}

static void
update_subscriptions (HeraldConnectionView *self)
{
  HeraldBrokerProfile *profile = herald_connection_get_profile (self->connection);
  guint n = herald_broker_profile_get_n_subscriptions (profile);
  g_autoptr(GStrvBuilder) filters = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->subscriptions_list))) != NULL)
    gtk_list_box_remove (self->subscriptions_list, child);

  for (guint i = 0; i < n; i++)
    {
      guint qos;
      const char *topic = herald_broker_profile_get_subscription (profile, i, &qos);
      HeraldSubscribeFlags flags = herald_broker_profile_get_subscription_flags (profile, i);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *label = g_strdup_printf (_("Unsubscribe from %s"), topic);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      GtkWidget *chip = gtk_label_new ("●");
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      /* The colour its messages' topics have in the History. */
      pango_attr_list_insert (attrs, herald_subscription_color_attribute (i, dark));
      pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_LARGE));
      gtk_label_set_attributes (GTK_LABEL (chip), attrs);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      g_object_set (chip, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), chip);
      g_strv_builder_add (filters, topic);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), topic);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      g_string_printf (subtitle, _("QoS %u"), qos);
      if (flags & HERALD_SUBSCRIBE_NO_LOCAL)
        g_string_append_printf (subtitle, " · %s", _("no local"));
      if (flags & HERALD_SUBSCRIBE_RETAIN_AS_PUBLISHED)
        g_string_append_printf (subtitle, " · %s", _("retain as published"));
      if (flags & HERALD_SUBSCRIBE_RETAINED_IF_NEW)
        g_string_append_printf (subtitle, " · %s", _("retained when new"));
      if (flags & HERALD_SUBSCRIBE_NO_RETAINED)
        g_string_append_printf (subtitle, " · %s", _("no retained"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (button), "herald-topic", g_strdup (topic), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (unsubscribe_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->subscriptions_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->subscriptions_list), n > 0);
  strv = g_strv_builder_end (filters);
  herald_history_pane_set_subscriptions (self->history_pane, (const char * const *) strv);
}

static void
subscribe_cb (HeraldConnectionView *self)
{
  g_autofree char *topic = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subscribe_row))));
  HeraldSubscribeFlags flags = HERALD_SUBSCRIBE_NONE;
  g_autoptr(GError) error = NULL;

  if (*topic == '\0')
    return;

  /* The MQTT 5 options, when the connection speaks MQTT 5. */
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->options_row)))
    {
      guint handling = adw_combo_row_get_selected (self->retain_handling_row);

      if (gtk_switch_get_active (self->no_local_switch))
        flags |= HERALD_SUBSCRIBE_NO_LOCAL;
      if (gtk_switch_get_active (self->retain_as_published_switch))
        flags |= HERALD_SUBSCRIBE_RETAIN_AS_PUBLISHED;
      if (handling == 1)
        flags |= HERALD_SUBSCRIBE_RETAINED_IF_NEW;
      else if (handling == 2)
        flags |= HERALD_SUBSCRIBE_NO_RETAINED;
    }

  if (!herald_connection_subscribe_full (self->connection, topic, gtk_drop_down_get_selected (self->subscribe_qos),
                                         flags, &error))
    {
      herald_page_show_toast (HERALD_PAGE (self), error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->subscribe_row), "");
}

/* Publishing ---------------------------------------------------------------- */

static char *
payload_text (HeraldConnectionView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->payload_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const HeraldPayloadFormat formats[] = {
  HERALD_PAYLOAD_FORMAT_TEXT,
  HERALD_PAYLOAD_FORMAT_JSON,
  HERALD_PAYLOAD_FORMAT_HEX,
  HERALD_PAYLOAD_FORMAT_BASE64,
};

static void
pretty_clicked_cb (HeraldConnectionView *self)
{
  g_autofree char *text = payload_text (self);
  g_autofree char *pretty = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = herald_payload_encode (text, HERALD_PAYLOAD_FORMAT_JSON, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not JSON: %s"), error->message);

      show_label (self->publish_error, message);
      return;
    }

  pretty = herald_json_format_pretty (text, -1);
  if (pretty != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->payload_view), pretty, -1);
  adw_combo_row_set_selected (self->format_row, 1);
  show_label (self->publish_error, NULL);
}

static void
publish_clicked_cb (HeraldConnectionView *self)
{
  g_autofree char *topic = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->publish_topic_row))));
  g_autofree char *text = payload_text (self);
  guint format = adw_combo_row_get_selected (self->format_row);
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(GError) error = NULL;

  /* The MQTT 5 properties, when the connection speaks MQTT 5. */
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->properties_row)))
    properties = herald_mqtt_session_build_properties (gtk_editable_get_text (GTK_EDITABLE (self->content_type_row)),
                                                       gtk_editable_get_text (GTK_EDITABLE (self->response_topic_row)),
                                                       gtk_editable_get_text (GTK_EDITABLE (self->correlation_row)),
                                                       gtk_editable_get_text (GTK_EDITABLE (self->user_properties_row)),
                                                       (guint) gtk_spin_button_get_value (self->expiry_spin),
                                                       &error);
  if (error == NULL)
    payload = herald_payload_encode (text, formats[MIN (format, G_N_ELEMENTS (formats) - 1)], &error);
  if (payload == NULL ||
      !herald_mqtt_session_publish_full (session_of (self), topic, payload,
                                         adw_combo_row_get_selected (self->publish_qos_row),
                                         gtk_switch_get_active (self->retained_switch), properties, &error))
    {
      show_label (self->publish_error, error->message);
      return;
    }

  show_label (self->publish_error, NULL);
}

/* Saved payloads ------------------------------------------------------------ */

static guint
format_index (HeraldPayloadFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == format)
      return i;
  return 0;
}

static void
update_saved (HeraldConnectionView *self)
{
  HeraldBrokerProfile *profile = herald_connection_get_profile (self->connection);
  guint n = herald_broker_profile_get_n_payloads (profile);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *shown = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (adw_combo_row_get_selected_item (self->saved_row) != NULL)
    shown = gtk_string_object_get_string (adw_combo_row_get_selected_item (self->saved_row));

  for (guint i = 0; i < n; i++)
    {
      const char *name = herald_broker_profile_get_payload (profile, i, NULL, NULL, NULL, NULL, NULL);

      if (g_strcmp0 (name, shown) == 0)
        selected = i;
      g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_add (names, NULL);

  /* The list is made again as it is: what it shows stays, and nothing is
   * loaded into the form by that. */
  self->listing_saved = TRUE;
  gtk_string_list_splice (self->saved_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->saved_names)),
                          (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->saved_row, selected);
  self->listing_saved = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->saved_row), n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.export-payloads", n > 0);
}

static void
saved_selected_cb (HeraldConnectionView *self)
{
  HeraldBrokerProfile *profile = herald_connection_get_profile (self->connection);
  guint position = adw_combo_row_get_selected (self->saved_row);
  const char *topic, *text;
  const char *mqtt5[HERALD_PUBLISH_N_TEXTS];
  GtkEditable *mqtt5_fields[HERALD_PUBLISH_N_TEXTS] = {
    [HERALD_PUBLISH_CONTENT_TYPE] = GTK_EDITABLE (self->content_type_row),
    [HERALD_PUBLISH_RESPONSE_TOPIC] = GTK_EDITABLE (self->response_topic_row),
    [HERALD_PUBLISH_CORRELATION_DATA] = GTK_EDITABLE (self->correlation_row),
    [HERALD_PUBLISH_USER_PROPERTIES] = GTK_EDITABLE (self->user_properties_row),
  };
  guint qos, expiry;
  gboolean retained, any = FALSE;
  HeraldPayloadFormat format;

  if (self->listing_saved || position >= herald_broker_profile_get_n_payloads (profile))
    return;

  herald_broker_profile_get_payload (profile, position, &topic, &qos, &retained, &format, &text);
  herald_broker_profile_get_payload_mqtt5 (profile, position, mqtt5, &expiry);
  gtk_editable_set_text (GTK_EDITABLE (self->publish_topic_row), topic);
  adw_combo_row_set_selected (self->publish_qos_row, qos);
  gtk_switch_set_active (self->retained_switch, retained);
  adw_combo_row_set_selected (self->format_row, format_index (format));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->payload_view), text, -1);

  /* Its MQTT 5 properties, shown when it has some. */
  for (guint i = 0; i < HERALD_PUBLISH_N_TEXTS; i++)
    {
      gtk_editable_set_text (mqtt5_fields[i], mqtt5[i]);
      any |= *mqtt5[i] != '\0';
    }
  gtk_spin_button_set_value (self->expiry_spin, expiry);
  if (any || expiry > 0)
    adw_expander_row_set_expanded (self->properties_row, TRUE);
  show_label (self->publish_error, NULL);
}

static void
delete_saved_cb (HeraldConnectionView *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->saved_row);

  if (item != NULL)
    herald_broker_profile_remove_payload (herald_connection_get_profile (self->connection),
                                          gtk_string_object_get_string (item));
}

static void
save_payload_response_cb (HeraldConnectionView *self,
                          const char           *response,
                          AdwMessageDialog     *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *topic = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->publish_topic_row))));
  g_autofree char *text = payload_text (self);
  guint format = adw_combo_row_get_selected (self->format_row);
  HeraldBrokerProfile *profile = herald_connection_get_profile (self->connection);
  guint position;

  if (g_strcmp0 (response, "save") != 0 || *name == '\0')
    return;

  herald_broker_profile_save_payload (profile, name, topic,
                                      adw_combo_row_get_selected (self->publish_qos_row),
                                      gtk_switch_get_active (self->retained_switch),
                                      formats[MIN (format, G_N_ELEMENTS (formats) - 1)], text);
  /* Its MQTT 5 properties too, when the connection speaks MQTT 5. */
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->properties_row)))
    {
      const char *mqtt5[HERALD_PUBLISH_N_TEXTS] = {
        [HERALD_PUBLISH_CONTENT_TYPE] = gtk_editable_get_text (GTK_EDITABLE (self->content_type_row)),
        [HERALD_PUBLISH_RESPONSE_TOPIC] = gtk_editable_get_text (GTK_EDITABLE (self->response_topic_row)),
        [HERALD_PUBLISH_CORRELATION_DATA] = gtk_editable_get_text (GTK_EDITABLE (self->correlation_row)),
        [HERALD_PUBLISH_USER_PROPERTIES] = gtk_editable_get_text (GTK_EDITABLE (self->user_properties_row)),
      };

      herald_broker_profile_set_payload_mqtt5 (profile, name, mqtt5, (guint) gtk_spin_button_get_value (self->expiry_spin));
    }

  /* The one just saved is the one shown. */
  for (position = 0; position < g_list_model_get_n_items (G_LIST_MODEL (self->saved_names)); position++)
    if (g_strcmp0 (gtk_string_list_get_string (self->saved_names, position), name) == 0)
      {
        self->listing_saved = TRUE;
        adw_combo_row_set_selected (self->saved_row, position);
        self->listing_saved = FALSE;
      }
}

static void
save_payload_cb (HeraldConnectionView *self)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  GtkStringObject *shown = adw_combo_row_get_selected_item (self->saved_row);
  const char *topic = gtk_editable_get_text (GTK_EDITABLE (self->publish_topic_row));

  /* Named after the one loaded (saved again: replaced), or the topic. */
  gtk_editable_set_text (GTK_EDITABLE (entry), shown != NULL ? gtk_string_object_get_string (shown) : topic);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Save Payload"),
                                   _("The topic, QoS, retained flag, format, payload and MQTT 5 properties are kept with this connection, under this name. A payload saved under the same name is replaced."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_payload_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Topics -------------------------------------------------------------------- */

/**
 * herald_connection_view_show_topics:
 *
 * Presents the connection's topics in a window of their own; the level
 * selected there is what the view's History shows while it is open.
 */
void
herald_connection_view_show_topics (HeraldConnectionView *self)
{
  g_return_if_fail (HERALD_IS_CONNECTION_VIEW (self));

  herald_history_pane_show_topics (self->history_pane, herald_connection_get_topic_tree (self->connection),
                                   session_of (self));
}

/* Saved payloads as a file --------------------------------------------------- */

static HeraldBrokerProfile *
profile_of (HeraldConnectionView *self)
{
  return herald_connection_get_profile (self->connection);
}

static void
payloads_loaded_cb (GtkWidget  *widget,
                    const char *data,
                    gsize       length,
                    const char *problem)
{
  HeraldConnectionView *self = HERALD_CONNECTION_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int read;

  if (problem != NULL)
    message = g_strdup (problem);
  else if ((read = herald_broker_profile_import_payloads (profile_of (self), data, length, &error)) < 0)
    message = g_strdup (error->message);
  else if (read == 0)
    message = g_strdup (_("The file has no saved payloads."));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %d saved payload.",
                                            "Imported %d saved payloads.", read), read);
  herald_page_show_toast (HERALD_PAGE (self), message);
}

static void
payloads_written_cb (GtkWidget  *widget,
                     const char *name,
                     const char *problem)
{
  g_autofree char *message = NULL;

  if (problem == NULL)
    message = g_strdup_printf (_("Exported the saved payloads to “%s”."), name);
  herald_page_show_toast (HERALD_PAGE (widget), problem != NULL ? problem : message);
}

/* Adds the saved payloads of a file Export Saved Payloads (or Export
 * Connections) wrote; a toast says how it went. */
static void
import_payloads (HeraldConnectionView *self,
                 GFile                *file)
{
  herald_file_chooser_load (GTK_WIDGET (self), file, payloads_loaded_cb);
}

/* Writes the connection's saved payloads, alone; a toast says how it
 * went. */
static void
export_payloads (HeraldConnectionView *self,
                 GFile                *file)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  char *data;

  data = herald_broker_profile_payloads_to_data (profile_of (self), &length);
  bytes = g_bytes_new_take (data, length);
  herald_file_chooser_save (GTK_WIDGET (self), file, bytes, payloads_written_cb);
}

static void
payloads_chosen_cb (GtkWidget *widget,
                    GFile     *file)
{
  HeraldConnectionView *self = HERALD_CONNECTION_VIEW (widget);

  if (self->choosing_import)
    import_payloads (self, file);
  else
    export_payloads (self, file);
}

static void
choose_payloads_file (HeraldConnectionView *self,
                      gboolean              open)
{
  g_autofree char *name = g_strdup_printf ("%s-payloads.json", herald_broker_profile_get_name (profile_of (self)));

  /* A name without a folder's separator. */
  g_strdelimit (name, "/\\", '-');
  self->choosing_import = open;
  herald_file_chooser_show (GTK_WIDGET (self), &self->chooser,
                            open ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE,
                            open ? _("Import Saved Payloads") : _("Export Saved Payloads"), NULL,
                            _("Saved payloads (.json)"), "*.json", name, payloads_chosen_cb);
}

static void
import_payloads_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_payloads_file (HERALD_CONNECTION_VIEW (widget), TRUE);
}

static void
export_payloads_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_payloads_file (HERALD_CONNECTION_VIEW (widget), FALSE);
}

/* The object ---------------------------------------------------------------- */

static void
herald_connection_view_constructed (GObject *object)
{
  HeraldConnectionView *self = HERALD_CONNECTION_VIEW (object);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  G_OBJECT_CLASS (herald_connection_view_parent_class)->constructed (object);

  g_assert (self->connection != NULL && herald_connection_get_profile (self->connection) != NULL);

  herald_history_pane_set_history (self->history_pane, herald_connection_get_history (self->connection));
  herald_history_pane_set_redactor (self->history_pane, herald_workspace_get_redactor (workspace));
  g_object_bind_property (self->history_pane, "paused", self->connection, "history-paused",
                          G_BINDING_SYNC_CREATE);

  /* A failure's error is stored before the state tells of it. */
  g_signal_connect_object (session_of (self), "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notify::problem",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_workspace_get_redactor (workspace), "notify::active",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_connection_get_profile (self->connection), "changed",
                           G_CALLBACK (update_subscriptions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_connection_get_profile (self->connection), "changed",
                           G_CALLBACK (update_saved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_subscriptions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_connection_get_profile (self->connection), "notify::mqtt-version",
                           G_CALLBACK (update_version), self, G_CONNECT_SWAPPED);
  update_version (self);
  update_state (self);
  update_subscriptions (self);
  update_saved (self);
}

static void
herald_connection_view_dispose (GObject *object)
{
  HeraldConnectionView *self = HERALD_CONNECTION_VIEW (object);

  herald_file_chooser_clear (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_CONNECTION_VIEW);

  G_OBJECT_CLASS (herald_connection_view_parent_class)->dispose (object);
}

static void
herald_connection_view_finalize (GObject *object)
{
  HeraldConnectionView *self = HERALD_CONNECTION_VIEW (object);

  g_clear_object (&self->connection);

  G_OBJECT_CLASS (herald_connection_view_parent_class)->finalize (object);
}

static void
herald_connection_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HeraldConnectionView *self = HERALD_CONNECTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_connection_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HeraldConnectionView *self = HERALD_CONNECTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_connection_view_class_init (HeraldConnectionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_connection_view_constructed;
  object_class->dispose = herald_connection_view_dispose;
  object_class->finalize = herald_connection_view_finalize;
  object_class->get_property = herald_connection_view_get_property;
  object_class->set_property = herald_connection_view_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, HERALD_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HERALD_TYPE_HISTORY_PANE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldiot/Herald/herald-connection-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, state_icon);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, state_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, connect_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, subscribe_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, subscribe_qos);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, subscribe_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, subscriptions_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, options_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, no_local_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, retain_as_published_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, retain_handling_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, publish_topic_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, publish_qos_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, retained_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, format_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, saved_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, properties_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, content_type_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, response_topic_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, correlation_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, user_properties_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, expiry_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, saved_names);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, save_payload_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, delete_saved_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, payload_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, publish_error);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, pretty_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, publish_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, remove_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionView, history_pane);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, subscribe_cb);
  gtk_widget_class_bind_template_callback (widget_class, pretty_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, publish_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_payload_cb);

  gtk_widget_class_install_action (widget_class, "connection.import-payloads", NULL, import_payloads_action);
  gtk_widget_class_install_action (widget_class, "connection.export-payloads", NULL, export_payloads_action);
}

static void
herald_connection_view_init (HeraldConnectionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * herald_connection_view_new:
 * @workspace: the window's workspace
 * @connection: a connection of its own (with a profile)
 */
GtkWidget *
herald_connection_view_new (HeraldWorkspace  *workspace,
                            HeraldConnection *connection)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (HERALD_IS_CONNECTION (connection), NULL);

  return g_object_new (HERALD_TYPE_CONNECTION_VIEW,
                       "workspace", workspace,
                       "connection", connection,
                       NULL);
}

HeraldConnection *
herald_connection_view_get_connection (HeraldConnectionView *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION_VIEW (self), NULL);
  return self->connection;
}

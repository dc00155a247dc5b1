/* herald-connect-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-connect-page.h"
#include "herald-number-field.h"
#include "herald-secret-row.h"
#include "herald-topic.h"

/* What the Paho utility did, for the device: connect with the key store,
 * subscribe to commands/<alternateId>, publish measures. Its fields are the
 * device connection's profile (herald_workspace_get_device_profile()):
 * shown from it, written into it at Connect and applied from it, so they
 * are there again after a restart. The session keeps the subscriptions
 * itself and restores them after each reconnect. */

enum {
  TRUST_SYSTEM,
  TRUST_CA_FILE,
  TRUST_SANDBOX,
};

struct _HeraldConnectPage
{
  HeraldPage    parent_instance;

  char         *prefilled_for;
  /* The workspace's profile, its device connection and that one's session. */
  GSignalGroup *profile_signals;
  GSignalGroup *connection_signals;
  GSignalGroup *session_signals;

  HeraldSecretRow *server_row;
  AdwEntryRow  *client_row;
  AdwActionRow *keystore_row;
  AdwComboRow  *trust_row;
  AdwEntryRow  *ca_row;
  AdwComboRow  *version_row;
  GtkSwitch    *clean_switch;
  GtkWidget     *connect_button;
  GtkSpinButton *keepalive_spin;
  GtkSpinButton *timeout_spin;
  AdwActionRow  *expiry_row;
  GtkSpinButton *expiry_spin;
  AdwEntryRow   *will_topic_row;
  AdwEntryRow   *will_message_row;
  AdwComboRow   *will_qos_row;
  GtkSwitch     *will_retained_switch;
  GtkLabel     *state_label;
  AdwEntryRow  *subscribe_row;
  GtkDropDown  *subscribe_qos;
  GtkListBox   *subscriptions_list;
  AdwEntryRow  *publish_topic_row;
  AdwComboRow  *publish_qos_row;
  GtkSwitch    *retain_switch;
  GtkTextView  *payload_view;
};

G_DEFINE_FINAL_TYPE (HeraldConnectPage, herald_connect_page, HERALD_TYPE_PAGE)

static HeraldMqttSession *
get_session (HeraldConnectPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  return herald_workspace_get_session (workspace);
}

static HeraldConnection *
get_connection (HeraldConnectPage *self)
{
  return herald_workspace_get_device_connection (herald_page_get_workspace (HERALD_PAGE (self)));
}

static HeraldBrokerProfile *
get_device_profile (HeraldConnectPage *self)
{
  return herald_workspace_get_device_profile (herald_page_get_workspace (HERALD_PAGE (self)));
}

static void
unsubscribe_clicked_cb (GtkButton         *button,
                        HeraldConnectPage *self)
{
  const char *topic = g_object_get_data (G_OBJECT (button), "topic");
  g_autoptr(GError) error = NULL;

  if (!herald_connection_unsubscribe (get_connection (self), topic, &error))
    herald_page_show_error (HERALD_PAGE (self), error->message);
}

static void
update_subscriptions (HeraldConnectPage *self)
{
  g_auto(GStrv) topics = herald_mqtt_session_dup_subscriptions (get_session (self));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->subscriptions_list))) != NULL)
    gtk_list_box_remove (self->subscriptions_list, child);

  for (guint i = 0; topics != NULL && topics[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Unsubscribe"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), topics[i]);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "topic", g_strdup (topics[i]), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (unsubscribe_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->subscriptions_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->subscriptions_list), topics != NULL && topics[0] != NULL);
}

static char *
describe_state (HeraldMqttSession *session)
{
  HeraldMqttState state = herald_mqtt_session_get_state (session);
  const GError *error = herald_mqtt_session_get_last_error (session);

  switch (state)
    {
    case HERALD_MQTT_STATE_CONNECTING:
      return g_strdup (_("Connecting…"));
    case HERALD_MQTT_STATE_CONNECTED:
      return g_strdup_printf (_("Connected to %s"), herald_mqtt_session_get_server_uri (session));
    case HERALD_MQTT_STATE_RECONNECTING:
      return g_strdup (_("Connection lost, reconnecting…"));
    case HERALD_MQTT_STATE_FAILED:
      return g_strdup_printf (_("Not connected: %s"), error ? error->message : _("the connection failed"));
    case HERALD_MQTT_STATE_DISCONNECTED:
    default:
      return g_strdup (_("Disconnected"));
    }
}

static void
update_state (HeraldConnectPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  const char *problem = herald_connection_get_problem (herald_workspace_get_device_connection (workspace));
  HeraldMqttSession *session = get_session (self);
  HeraldMqttState state = herald_mqtt_session_get_state (session);
  g_autofree char *text = NULL;
  g_autofree char *masked = NULL;
  gboolean failed = state == HERALD_MQTT_STATE_FAILED;

  /* Why the device cannot connect at all (its device was deleted, say)
   * outweighs the state of the connection, until it connects again. */
  if (problem != NULL && state != HERALD_MQTT_STATE_CONNECTING && state != HERALD_MQTT_STATE_CONNECTED)
    {
      text = g_strdup (problem);
      failed = TRUE;
    }
  else
    text = describe_state (session);

  masked = herald_page_mask (HERALD_PAGE (self), text);
  gtk_label_set_label (self->state_label, masked);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.disconnect",
                                 state != HERALD_MQTT_STATE_DISCONNECTED && state != HERALD_MQTT_STATE_FAILED);
  /* Connect is what to do next only while not connected (nor on the way):
   * connected, no button is the suggested one. */
  if (state == HERALD_MQTT_STATE_DISCONNECTED || state == HERALD_MQTT_STATE_FAILED)
    gtk_widget_add_css_class (self->connect_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->connect_button, "suggested-action");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.publish", state == HERALD_MQTT_STATE_CONNECTED);
  update_subscriptions (self);
}

/* The text typed, not what a concealed row shows. */
static const char *
get_text (gpointer row)
{
  return gtk_editable_get_text (gtk_editable_get_delegate (GTK_EDITABLE (row)));
}

static void
set_text (gpointer    row,
          const char *text)
{
  if (g_strcmp0 (get_text (row), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The broker and its CA as the profile says: always those of the local
 * sandbox, which moves to other ports when it restarts; else only filled
 * in while empty, so that the user's own edits stay. Called for another
 * profile and for each of its keys, which it notifies one by one. */
static void
update_server (HeraldConnectPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  const char *mqtt_uri;
  const char *ca_file;

  if (profile == NULL)
    return;

  mqtt_uri = herald_profile_get_mqtt_uri (profile);
  ca_file = herald_profile_get_ca_file (profile);

  if (herald_profile_get_use_sandbox (profile))
    {
      set_text (self->server_row, mqtt_uri ? mqtt_uri : "");
      set_text (self->ca_row, ca_file ? ca_file : "");
      adw_combo_row_set_selected (self->trust_row, TRUST_SANDBOX);
      return;
    }

  if (mqtt_uri != NULL && *get_text (self->server_row) == '\0')
    set_text (self->server_row, mqtt_uri);
  if (ca_file != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->ca_row)) == '\0')
    set_text (self->ca_row, ca_file);
}

/* What the device connection's profile keeps, as it was set at the last
 * Connect: shown again for another service profile (and after a restart). */
static void
load_settings (HeraldConnectPage *self)
{
  HeraldBrokerProfile *profile = get_device_profile (self);
  g_autofree char *server = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *will_topic = NULL;
  g_autofree char *will_payload = NULL;
  HeraldMqttTrust trust;
  HeraldMqttVersion version;
  gboolean clean, will_retained;
  guint keep_alive, expiry, will_qos;

  g_object_get (profile,
                "server-uri", &server, "trust", &trust, "ca-file", &ca_file,
                "mqtt-version", &version, "clean-session", &clean,
                "keep-alive", &keep_alive, "session-expiry", &expiry,
                "will-topic", &will_topic, "will-payload", &will_payload,
                "will-qos", &will_qos, "will-retained", &will_retained,
                NULL);

  set_text (self->server_row, server ? server : "");
  set_text (self->ca_row, ca_file ? ca_file : "");
  adw_combo_row_set_selected (self->trust_row, trust == HERALD_MQTT_TRUST_CA_FILE ? TRUST_CA_FILE : TRUST_SYSTEM);
  adw_combo_row_set_selected (self->version_row, version == HERALD_MQTT_VERSION_5 ? 1 : 0);
  gtk_switch_set_active (self->clean_switch, clean);
  gtk_spin_button_set_value (self->keepalive_spin, keep_alive);
  gtk_spin_button_set_value (self->expiry_spin, expiry);
  gtk_editable_set_text (GTK_EDITABLE (self->will_topic_row), will_topic ? will_topic : "");
  gtk_editable_set_text (GTK_EDITABLE (self->will_message_row), will_payload ? will_payload : "");
  adw_combo_row_set_selected (self->will_qos_row, will_qos);
  gtk_switch_set_active (self->will_retained_switch, will_retained);
}

/* Fills what the device says, once per device, so that the user's own
 * edits stay. */
static void
prefill (HeraldConnectPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  HeraldDevice *device = herald_workspace_get_device (workspace);
  HeraldKeystore *keystore = herald_workspace_get_keystore (workspace);
  const char *alternate_id = NULL;
  g_autofree char *measures = NULL;
  g_autofree char *ack = NULL;

  if (keystore != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_("Certificate of “%s”"), herald_keystore_get_subject_cn (keystore));
      adw_action_row_set_subtitle (self->keystore_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->keystore_row, _("None yet: get one in the Certificate step"));

  if (device != NULL)
    alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (device));
  else if (profile != NULL)
    alternate_id = herald_profile_get_device_alternate_id (profile);

  if (alternate_id == NULL || g_strcmp0 (self->prefilled_for, alternate_id) == 0)
    return;

  g_free (self->prefilled_for);
  self->prefilled_for = g_strdup (alternate_id);

  gtk_editable_set_text (GTK_EDITABLE (self->client_row), alternate_id);
  measures = herald_topic_measures (alternate_id);
  ack = herald_topic_ack (alternate_id);
  gtk_editable_set_text (GTK_EDITABLE (self->publish_topic_row), measures);

  /* The device listens for its commands (the workspace subscribed it); its
   * acknowledgements are one click away. */
  gtk_editable_set_text (GTK_EDITABLE (self->subscribe_row), ack);

  update_subscriptions (self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldConnectPage *self = HERALD_CONNECT_PAGE (widget);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldMqttSession *session = get_session (self);
  HeraldKeystore *keystore;
  const char *server = herald_secret_row_get_secret (self->server_row);
  const char *client_id = gtk_editable_get_text (GTK_EDITABLE (self->client_row));
  const char *ca_file = NULL;
  HeraldMqttTrust trust = HERALD_MQTT_TRUST_SYSTEM;

  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->client_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->ca_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->will_topic_row), "error");

  if (*server == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      herald_page_show_error (HERALD_PAGE (self), _("Enter the server URI, for example ssl://host:8883."));
      return;
    }
  if (*client_id == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->client_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->client_row));
      herald_page_show_error (HERALD_PAGE (self), _("Enter the client ID: the device’s alternate ID."));
      return;
    }

  keystore = herald_workspace_get_keystore (workspace);
  if (keystore == NULL && herald_mqtt_session_uri_uses_tls (server))
    {
      herald_page_show_error (HERALD_PAGE (self), _("The device needs its key store to connect. Get one in the Certificate step."));
      return;
    }

  switch (adw_combo_row_get_selected (self->trust_row))
    {
    case TRUST_CA_FILE:
      trust = HERALD_MQTT_TRUST_CA_FILE;
      ca_file = gtk_editable_get_text (GTK_EDITABLE (self->ca_row));
      break;
    case TRUST_SANDBOX:
      trust = HERALD_MQTT_TRUST_CA_FILE;
      if (herald_workspace_get_sandbox_info (workspace) != NULL)
        ca_file = herald_sandbox_info_get_ca_file (herald_workspace_get_sandbox_info (workspace));
      else
        ca_file = gtk_editable_get_text (GTK_EDITABLE (self->ca_row));
      break;
    default:
      break;
    }

  if (trust == HERALD_MQTT_TRUST_CA_FILE && (ca_file == NULL || *ca_file == '\0'))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ca_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->ca_row));
      herald_page_show_error (HERALD_PAGE (self), _("Enter the CA file that signed the server’s certificate."));
      return;
    }

  /* Into the device connection's profile, kept for the next time, then
   * onto the session. */
  {
    const char *will_topic = gtk_editable_get_text (GTK_EDITABLE (self->will_topic_row));
    g_autoptr(GError) error = NULL;

    g_object_set (get_device_profile (self),
                  "server-uri", server,
                  "client-id", client_id,
                  "trust", trust,
                  "ca-file", ca_file,
                  "mqtt-version", adw_combo_row_get_selected (self->version_row) == 1 ? HERALD_MQTT_VERSION_5 : HERALD_MQTT_VERSION_3_1_1,
                  "clean-session", gtk_switch_get_active (self->clean_switch),
                  "keep-alive", (guint) gtk_spin_button_get_value_as_int (self->keepalive_spin),
                  "session-expiry", (guint) gtk_spin_button_get_value_as_int (self->expiry_spin),
                  "will-topic", will_topic,
                  "will-payload", gtk_editable_get_text (GTK_EDITABLE (self->will_message_row)),
                  "will-qos", adw_combo_row_get_selected (self->will_qos_row),
                  "will-retained", gtk_switch_get_active (self->will_retained_switch),
                  NULL);

    /* Only the last will can be refused here: the rest is checked as the
     * session connects, the subscriptions were when they were made. */
    if (!herald_broker_profile_apply (get_device_profile (self), session, &error))
      {
        g_autofree char *text = g_strdup_printf (_("The last will cannot be used: %s"), error->message);

        gtk_widget_add_css_class (GTK_WIDGET (self->will_topic_row), "error");
        gtk_widget_grab_focus (GTK_WIDGET (self->will_topic_row));
        herald_page_show_error (HERALD_PAGE (self), text);
        return;
      }
  }
  g_object_set (session,
                "keystore", keystore,
                "connect-timeout", (guint) gtk_spin_button_get_value_as_int (self->timeout_spin),
                NULL);

  if (herald_workspace_get_profile (workspace) != NULL)
    {
      herald_profile_set_mqtt_uri (herald_workspace_get_profile (workspace), server);
      herald_profile_set_client_id (herald_workspace_get_profile (workspace), client_id);
      herald_workspace_save (workspace);
    }

  herald_mqtt_session_connect (session);
}

static gboolean
version_is_5 (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      data)
{
  g_value_set_boolean (to, g_value_get_uint (from) == 1);
  return TRUE;
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HeraldConnectPage *self = HERALD_CONNECT_PAGE (widget);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  herald_mqtt_session_disconnect (get_session (self));
  herald_history_append_event (herald_workspace_get_history (workspace),
                               HERALD_HISTORY_EVENT_DISCONNECTED, NULL, NULL);
}

static void
subscribe_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldConnectPage *self = HERALD_CONNECT_PAGE (widget);
  const char *topic = gtk_editable_get_text (GTK_EDITABLE (self->subscribe_row));
  g_autoptr(GError) error = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->subscribe_row), "error");

  if (*topic == '\0' ||
      !herald_connection_subscribe (get_connection (self), topic,
                                    gtk_drop_down_get_selected (self->subscribe_qos), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->subscribe_row), "error");
      herald_page_show_error (HERALD_PAGE (self),
                              error ? error->message : _("Enter a topic to subscribe to."));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->subscribe_row), "");
  update_subscriptions (self);
}

static void
subscribe_activated_cb (HeraldConnectPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "connect.subscribe", NULL);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldConnectPage *self = HERALD_CONNECT_PAGE (widget);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  const char *topic = gtk_editable_get_text (GTK_EDITABLE (self->publish_topic_row));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->payload_view);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  payload = g_bytes_new (text, strlen (text));

  if (!herald_mqtt_session_publish (get_session (self), topic, payload,
                                    adw_combo_row_get_selected (self->publish_qos_row),
                                    gtk_switch_get_active (self->retain_switch), &error))
    {
      herald_page_show_error (HERALD_PAGE (self), error->message);
      return;
    }

  herald_history_append_event_with_qos (herald_workspace_get_history (workspace),
                                        HERALD_HISTORY_EVENT_PUBLISHED, topic, text,
                                        adw_combo_row_get_selected (self->publish_qos_row));
}

static void
trust_changed_cb (HeraldConnectPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->ca_row),
                          adw_combo_row_get_selected (self->trust_row) != TRUST_SYSTEM);
}

static void
herald_connect_page_constructed (GObject *object)
{
  HeraldConnectPage *self = HERALD_CONNECT_PAGE (object);
  HeraldWorkspace *workspace;
  HeraldConnection *connection;

  G_OBJECT_CLASS (herald_connect_page_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_signal_connect_object (workspace, "notify::device", G_CALLBACK (prefill), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::profile", G_CALLBACK (prefill), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::keystore", G_CALLBACK (prefill), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::sandbox-info", G_CALLBACK (update_server), self, G_CONNECT_SWAPPED);

  /* Whichever profile is in use: the switch to it ("bind"), and its keys. */
  g_object_bind_property (workspace, "profile", self->profile_signals, "target", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->profile_signals, "bind", G_CALLBACK (load_settings), self);
  g_signal_connect_swapped (self->profile_signals, "bind", G_CALLBACK (update_server), self);

  /* The device connection is the workspace's for good. */
  connection = herald_workspace_get_device_connection (workspace);
  g_signal_group_set_target (self->connection_signals, connection);
  g_signal_group_set_target (self->session_signals, herald_connection_get_session (connection));

  /* A tenant's broker stays off the projector. */
  g_object_bind_property (herald_workspace_get_redactor (workspace), "active",
                          self->server_row, "concealed", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (herald_workspace_get_redactor (workspace), "changed",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  load_settings (self);
  update_server (self);
  prefill (self);
  update_state (self);
}

static void
herald_connect_page_dispose (GObject *object)
{
  HeraldConnectPage *self = HERALD_CONNECT_PAGE (object);

  g_clear_pointer (&self->prefilled_for, g_free);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->connection_signals);
  g_clear_object (&self->session_signals);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_CONNECT_PAGE);

  G_OBJECT_CLASS (herald_connect_page_parent_class)->dispose (object);
}

static void
herald_connect_page_class_init (HeraldConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_connect_page_constructed;
  object_class->dispose = herald_connect_page_dispose;

  g_type_ensure (HERALD_TYPE_SECRET_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, client_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, keystore_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, trust_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, clean_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, connect_button);
  gtk_widget_class_bind_template_child_full (widget_class, "disconnect_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, keepalive_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, expiry_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, will_topic_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, will_message_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, will_qos_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, will_retained_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, subscribe_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, subscribe_qos);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, subscriptions_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, publish_topic_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, publish_qos_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, retain_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectPage, payload_view);
  gtk_widget_class_bind_template_callback (widget_class, subscribe_activated_cb);

  gtk_widget_class_install_action (widget_class, "connect.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "connect.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "connect.subscribe", NULL, subscribe_action);
  gtk_widget_class_install_action (widget_class, "connect.publish", NULL, publish_action);
}

static void
herald_connect_page_init (HeraldConnectPage *self)
{
  self->profile_signals = g_signal_group_new (HERALD_TYPE_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify::mqtt-uri", G_CALLBACK (update_server), self);
  g_signal_group_connect_swapped (self->profile_signals, "notify::ca-file", G_CALLBACK (update_server), self);
  g_signal_group_connect_swapped (self->profile_signals, "notify::use-sandbox", G_CALLBACK (update_server), self);

  self->connection_signals = g_signal_group_new (HERALD_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->connection_signals, "notify::problem", G_CALLBACK (update_state), self);

  self->session_signals = g_signal_group_new (HERALD_TYPE_MQTT_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->session_signals, "subscribed", G_CALLBACK (update_subscriptions), self);
  g_signal_group_connect_swapped (self->session_signals, "unsubscribed", G_CALLBACK (update_subscriptions), self);
  g_signal_group_connect_swapped (self->session_signals, "error", G_CALLBACK (update_state), self);

  gtk_widget_init_template (GTK_WIDGET (self));

  herald_number_field_watch (self->keepalive_spin,
                             ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (self->keepalive_spin), ADW_TYPE_ACTION_ROW)));
  herald_number_field_watch (self->timeout_spin,
                             ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (self->timeout_spin), ADW_TYPE_ACTION_ROW)));
  herald_number_field_watch (self->expiry_spin, self->expiry_row);
  /* Session expiry is MQTT 5's. */
  g_object_bind_property_full (self->version_row, "selected", self->expiry_row, "sensitive",
                               G_BINDING_SYNC_CREATE, version_is_5, NULL, NULL, NULL);

  g_signal_connect_object (self->trust_row, "notify::selected", G_CALLBACK (trust_changed_cb),
                           self, G_CONNECT_SWAPPED);
  trust_changed_cb (self);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->payload_view),
                            "{\"capabilityAlternateId\": \"\", \"sensorAlternateId\": \"\", \"measures\": [[]]}", -1);
}

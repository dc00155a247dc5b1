/* herald-mqtt-session-connect.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldMqttSession: connecting. herald_mqtt_session_connect() reads the
 * settings, then each attempt resolves and opens a plain TCP connection
 * before Paho connects, so that "host not found", "refused" and "time-out"
 * can be told apart; a refused or failed connect becomes an error that says
 * what to do (the TLS diagnosis is in herald-mqtt-session-tls-probe.c). A
 * lost connection, or a failed attempt while reconnecting, schedules the
 * next attempt with a doubling delay; a successful one restores the
 * subscriptions.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "herald-mqtt-session-private.h"

static void start_attempt (HeraldMqttSession *self);

/* Errors --------------------------------------------------------------- */

static GError *
connack_error (int code)
{
  /* MQTT 3.1.1 CONNACK return codes and their MQTT 5 reason codes. */
  switch (code)
    {
    case 1: case 0x84:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_PROTOCOL,
                                  _("The broker does not accept this MQTT version. Choose the other MQTT version in the connection settings."));
    case 2: case 0x85:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_CLIENT_ID,
                                  _("The broker refused the client ID. For an IoT Service device, use the device’s alternate ID."));
    case 3: case 0x88: case 0x89:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_UNAVAILABLE,
                                  _("The broker is unavailable at the moment. Try again later."));
    case 4: case 0x86:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_CREDENTIALS,
                                  _("The broker refused the user name or password. Check them in the connection settings."));
    case 5: case 0x87:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED,
                                  _("The broker did not authorize this client. Check the device certificate or the user name and password."));
    default:
      break;
    }

  return g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED,
                      _("The broker refused the connection (%s). Check the connection settings."),
                      MQTTReasonCode_toString (code));
}

static GError *
timeout_error (HeraldMqttSession *self)
{
  return g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TIMED_OUT,
                      _("%s did not answer within %u seconds. Check the server address and port, and whether a firewall blocks them."),
                      self->check_host, self->connect_timeout);
}

/* Connecting ----------------------------------------------------------- */

static gboolean
reconnect_cb (gpointer data)
{
  HeraldMqttSession *self = data;

  self->reconnect_source = 0;
  if (self->link != NULL && self->state == HERALD_MQTT_STATE_RECONNECTING)
    start_attempt (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (HeraldMqttSession *self,
                    guint              delay_ms)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, reconnect_cb, self, NULL);
}

void
_herald_mqtt_session_attempt_failed (HeraldMqttSession *self,
                                     GError            *error)
{
  if (self->state == HERALD_MQTT_STATE_RECONNECTING)
    {
      guint delay = self->reconnect_delay;

      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (error);
      g_debug ("Reconnect failed, next try in %u ms: %s", delay, error->message);
      self->reconnect_delay = MIN (delay * 2, self->reconnect_max_delay);
      schedule_reconnect (self, delay);
      return;
    }

  _herald_mqtt_session_drop_link (self, FALSE);
  _herald_mqtt_session_fail (self, error);
}

/* How soon after a publish a lost connection is taken for the broker's
 * answer to it. */
#define PUBLISH_CLOSE_WINDOW_US (G_USEC_PER_SEC / 2)

/* A broker that speaks MQTT 3.1.1 only may close the connection at an MQTT
 * 5 CONNECT instead of answering it (RabbitMQ 3.10 does): the likely cause
 * when the connection was made (TCP, and TLS where used) and ended
 * without a CONNACK. */
GError *
_herald_mqtt_session_mqtt5_closed_error (const char *host)
{
  return g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_PROTOCOL,
                      _("%s closed the connection when asked for MQTT 5: the broker may speak MQTT 3.1.1 only (RabbitMQ 3 does). Choose MQTT 3.1.1 in the connection settings."),
                      host);
}

void
_herald_mqtt_session_connect_failed (HeraldMqttSession *self,
                                     Event             *ev)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ssl_text = NULL;
  gint64 elapsed = g_get_monotonic_time () - self->attempt_start;

  g_mutex_lock (&ev->link->mutex);
  ssl_text = g_strdup (ev->link->ssl_errors->str);
  g_mutex_unlock (&ev->link->mutex);

  g_debug ("Connect failed: code %d, reason %d, message %s, TLS %s",
           ev->code, ev->reason, ev->message, ssl_text);

  if (ev->reason >= 0x80)
    error = connack_error (ev->reason);
  else if ((ev->code >= 1 && ev->code <= 5) || ev->code >= 0x80)
    error = connack_error (ev->code);   /* Paho puts MQTT 5 CONNACK codes here too */
  else if ((ev->message != NULL && strstr (ev->message, "timeout") != NULL) ||
           (*ssl_text == '\0' && elapsed >= (gint64) self->connect_timeout * G_USEC_PER_SEC))
    error = timeout_error (self);   /* Paho says "TCP connect timeout" */
  else if (self->tls)
    {
      _herald_mqtt_session_probe_tls (self, *ssl_text ? ssl_text : ev->message);
      return;
    }
  else if (ev->link->v5)
    error = _herald_mqtt_session_mqtt5_closed_error (self->check_host);
  else
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NETWORK,
                         _("The connection to %s failed (%s). Check that the server URI names an MQTT broker."),
                         self->check_host,
                         ev->message ? ev->message : MQTTAsync_strerror (ev->code));

  _herald_mqtt_session_attempt_failed (self, error);
}

static void
resubscribe (HeraldMqttSession *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint packed = GPOINTER_TO_UINT (value);
      int rc = _herald_mqtt_link_subscribe (self->link, key, _HERALD_SUBSCRIPTION_QOS (packed),
                                            _HERALD_SUBSCRIPTION_FLAGS (packed));

      if (rc != MQTTASYNC_SUCCESS)
        {
          g_autoptr(GError) error = NULL;

          error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                               _("Could not subscribe to “%s” again (%s). Subscribe to it again."),
                               (char *) key, MQTTAsync_strerror (rc));
          _herald_mqtt_session_emit_error (self, error);
        }
    }
}

void
_herald_mqtt_session_connect_succeeded (HeraldMqttSession *self,
                                        Event             *ev)
{
  _herald_mqtt_session_set_insecure (self, self->tls && self->trust == HERALD_MQTT_TRUST_NONE);
  self->reconnect_delay = self->reconnect_min_delay;
  g_clear_error (&self->last_error);
  g_hash_table_remove_all (self->published_topics);
  /* Restore the subscriptions before anyone hears of the connection: a
   * handler of ::connected or of notify::state that subscribes would
   * otherwise have its topic sent twice (and its retained messages twice). */
  if (self->link != NULL)
    resubscribe (self);
  _herald_mqtt_session_set_state (self, HERALD_MQTT_STATE_CONNECTED);
  _herald_mqtt_session_flush_messages (self);
  g_signal_emit (self, _herald_mqtt_session_signals[CONNECTED], 0, ev->session_present);
}

static void
tcp_check_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeraldMqttSession) self = user_data;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) error = NULL;

  conn = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &local_error);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->link == NULL)
    return;

  if (conn != NULL)
    {
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
      _herald_mqtt_session_paho_connect (self);
      return;
    }

  if (local_error->domain == G_RESOLVER_ERROR)
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_HOST_NOT_FOUND,
                         _("The host “%s” was not found. Check the server URI and your network connection."),
                         self->check_host);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_CONNECTION_REFUSED,
                         _("%s refused the connection on port %u: no broker is listening there. Check the port in the server URI, or start the broker."),
                         self->check_host, self->check_port);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    error = timeout_error (self);
  else
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NETWORK,
                         _("Could not reach %s (%s). Check your network connection."),
                         self->check_host, local_error->message);

  _herald_mqtt_session_attempt_failed (self, error);
}

/* Resolve and open a plain TCP connection first: Paho reports "host not
 * found", "refused" and "time-out" all as -1. */
static void
start_attempt (HeraldMqttSession *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  if (self->attempt_cancellable != NULL)
    g_cancellable_cancel (self->attempt_cancellable);
  g_clear_object (&self->attempt_cancellable);
  self->attempt_cancellable = g_cancellable_new ();
  self->attempt_start = g_get_monotonic_time ();

  /* Paho takes no system proxy, only #HeraldMqttSession:http-proxy, which
   * check_host names already. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, self->connect_timeout);
  g_socket_client_connect_to_host_async (client, self->check_host, self->check_port,
                                         self->attempt_cancellable, tcp_check_done,
                                         g_object_ref (self));
}

/* The schemes of a server URI: TLS or not, and the default port. */
static gboolean
scheme_defaults (const char *scheme,
                 gboolean   *tls,
                 int        *port)
{
  static const struct {
    const char *scheme;
    gboolean    tls;
    int         port;
  } schemes[] = {
    { "ssl", TRUE, 8883 },
    { "mqtts", TRUE, 8883 },
    { "tcp", FALSE, 1883 },
    { "mqtt", FALSE, 1883 },
    { "wss", TRUE, 443 },
    { "ws", FALSE, 80 },
  };

  for (guint i = 0; scheme != NULL && i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strcasecmp (scheme, schemes[i].scheme) == 0)
      {
        *tls = schemes[i].tls;
        *port = schemes[i].port;
        return TRUE;
      }

  return FALSE;
}

/**
 * herald_mqtt_session_uri_uses_tls:
 * @server_uri: a server URI, as #HeraldMqttSession:server-uri takes it
 *
 * Whether a session to @server_uri uses TLS (ssl://, mqtts://, wss://),
 * where an IoT Service device presents its key store.
 *
 * Returns: %TRUE for a TLS scheme; %FALSE for another or no URI
 */
gboolean
herald_mqtt_session_uri_uses_tls (const char *server_uri)
{
  g_autoptr(GUri) uri = NULL;
  gboolean tls = FALSE;
  int port;

  g_return_val_if_fail (server_uri != NULL, FALSE);

  uri = g_uri_parse (server_uri, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && scheme_defaults (g_uri_get_scheme (uri), &tls, &port) && tls;
}

/* The URI parsed, or an error that says how to write one. */
static GUri *
parse_server_uri (const char  *server_uri,
                  gboolean    *tls,
                  int         *default_port,
                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (server_uri != NULL)
    uri = g_uri_parse (server_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                   _("“%s” is not a server URI. Write it like ssl://host:8883, tcp://host:1883, wss://host/mqtt or ws://host/mqtt."),
                   server_uri ? server_uri : "");
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (!scheme_defaults (scheme, tls, default_port))
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                   _("The server URI must start with ssl://, tcp://, wss:// or ws://, not “%s://”."),
                   scheme);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/**
 * herald_mqtt_session_check_server_uri:
 * @server_uri: what the user wrote
 *
 * Checks @server_uri the way a connect does, before one is tried.
 *
 * Returns: %FALSE with @error set (%HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
 *   a sentence that shows how to write one) if it is not a server URI
 */
gboolean
herald_mqtt_session_check_server_uri (const char  *server_uri,
                                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  gboolean tls;
  int port;

  uri = parse_server_uri (server_uri, &tls, &port, error);
  return uri != NULL;
}

static gboolean
parse_settings (HeraldMqttSession  *self,
                GError            **error)
{
  g_autoptr(GUri) uri = NULL;
  int default_port;
  int port;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->check_host, g_free);

  uri = parse_server_uri (self->server_uri, &self->tls, &default_port, error);
  if (uri == NULL)
    return FALSE;

  port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : default_port;
  self->host = g_strdup (g_uri_get_host (uri));
  self->port = port;
  self->check_host = g_strdup (self->host);
  self->check_port = port;

  if (self->http_proxy != NULL && *self->http_proxy != '\0')
    {
      g_autoptr(GUri) proxy = g_uri_parse (self->http_proxy, G_URI_FLAGS_NONE, NULL);

      if (proxy == NULL || g_uri_get_host (proxy) == NULL)
        {
          g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                       _("“%s” is not a proxy URI. Write it like http://proxy.example.com:3128."),
                       self->http_proxy);
          return FALSE;
        }
      g_free (self->check_host);
      self->check_host = g_strdup (g_uri_get_host (proxy));
      self->check_port = g_uri_get_port (proxy) > 0 ? g_uri_get_port (proxy) : 80;
    }

  if (self->client_id == NULL || *self->client_id == '\0')
    {
      g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("The client ID is empty. For an IoT Service device, use the device’s alternate ID."));
      return FALSE;
    }

  if (self->tls && self->trust == HERALD_MQTT_TRUST_CA_FILE &&
      (self->ca_file == NULL || !g_file_test (self->ca_file, G_FILE_TEST_IS_REGULAR)))
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                   _("The CA file “%s” does not exist. Choose the broker’s CA file in the trust settings."),
                   self->ca_file ? self->ca_file : "");
      return FALSE;
    }

  if (self->tls && self->keystore != NULL &&
      (herald_keystore_is_expired (self->keystore) || herald_keystore_is_not_yet_valid (self->keystore)))
    {
      g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_KEYSTORE,
                           herald_keystore_is_expired (self->keystore)
                           ? _("The device certificate has expired. Generate a new certificate for the device.")
                           : _("The device certificate is not valid yet. Check your computer’s date."));
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_mqtt_session_connect:
 *
 * Connects with the current settings. The state becomes CONNECTING, then
 * CONNECTED (with #HeraldMqttSession::connected) or FAILED (with
 * #HeraldMqttSession::error). Subscriptions made earlier are restored.
 * Connecting while connected reconnects with the new settings.
 */
void
herald_mqtt_session_connect (HeraldMqttSession *self)
{
  g_autoptr(GError) error = NULL;
  Link *link;
  int rc;

  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));

  _herald_mqtt_session_drop_link (self, FALSE);
  g_clear_error (&self->last_error);
  _herald_mqtt_session_set_state (self, HERALD_MQTT_STATE_CONNECTING);

  if (!parse_settings (self, &error))
    {
      _herald_mqtt_session_fail (self, error);
      return;
    }

  link = _herald_mqtt_link_new (self);
  self->link = link;

  if (self->tls && self->keystore != NULL &&
      !_herald_mqtt_link_write_key_files (link, self->keystore, &error))
    {
      _herald_mqtt_session_drop_link (self, FALSE);
      _herald_mqtt_session_fail (self, error);
      return;
    }

  rc = _herald_mqtt_link_create_handle (link, self->server_uri, self->client_id);
  if (rc != MQTTASYNC_SUCCESS)
    {
      error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("The connection settings cannot be used (%s). Check the server URI and the client ID."),
                           MQTTAsync_strerror (rc));
      _herald_mqtt_session_drop_link (self, FALSE);
      _herald_mqtt_session_fail (self, error);
      return;
    }

  self->reconnect_delay = self->reconnect_min_delay;
  start_attempt (self);
}

/* A lost connection ---------------------------------------------------- */

void
_herald_mqtt_session_lost_event (HeraldMqttSession *self,
                                 Event             *ev)
{
  g_autoptr(GError) error = NULL;

  if (self->state != HERALD_MQTT_STATE_CONNECTED)
    return;

  /* Only at the first message to its topic since the connect: a network
   * loss while a device publishes steadily is just that. */
  if (self->last_publish_topic != NULL && self->last_publish_first &&
      g_get_monotonic_time () - self->last_publish_time < PUBLISH_CLOSE_WINDOW_US)
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_CONNECTION_LOST,
                         _("The connection to %s was lost right after a message to “%s” (%s): brokers close it at a message to a topic the client may not publish to. Check the topic; Herald reconnects by itself."),
                         self->host, self->last_publish_topic,
                         ev->message && *ev->message ? ev->message : _("the broker closed it"));
  else
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_CONNECTION_LOST,
                         _("The connection to %s was lost (%s). Herald reconnects by itself."),
                         self->host, ev->message && *ev->message ? ev->message : _("the broker closed it"));
  /* Stored before the state tells of it, for listeners of notify::state. */
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  _herald_mqtt_session_set_insecure (self, FALSE);
  _herald_mqtt_session_set_state (self, HERALD_MQTT_STATE_RECONNECTING);
  _herald_mqtt_session_flush_messages (self);
  g_signal_emit (self, _herald_mqtt_session_signals[CONNECTION_LOST], 0, error);

  if (self->state == HERALD_MQTT_STATE_RECONNECTING)
    {
      guint delay = self->reconnect_delay;

      self->reconnect_delay = MIN (delay * 2, self->reconnect_max_delay);
      schedule_reconnect (self, delay);
    }
}


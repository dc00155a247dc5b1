/* herald-mqtt-session-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldMqttSession: one Paho client handle and what goes with it (a
 * Link). Each request to Paho (connect, subscribe, publish...) is an Op
 * that Paho answers once on its own thread; the answers and a lost
 * connection travel as Events to the session's main context, where
 * handle_event() keeps the handle's books and hands them to the session.
 * Closing destroys the handle once Paho is done with it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-keystore-private.h"
#include "herald-mqtt-session-private.h"

/* Link ----------------------------------------------------------------- */

static Link *
link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

void
_herald_mqtt_link_unref (Link *link)
{
  if (g_atomic_ref_count_dec (&link->ref))
    {
      g_assert (link->handle == NULL);
      _herald_mqtt_link_remove_key_files (link);
      g_free (link->cert_file);
      g_free (link->key_file);
      _herald_keystore_wipe (link->key_password);
      g_string_free (link->ssl_errors, TRUE);
      g_mutex_clear (&link->mutex);
      _herald_mqtt_shared_unref (link->shared);
      g_free (link);
    }
}

/* Events from Paho's threads ------------------------------------------- */

G_LOCK_DEFINE_STATIC (pending_ops);
static GHashTable *pending_ops;       /* Op pointers Paho may still answer */

static void
op_free (Op *op)
{
  g_clear_pointer (&op->link, _herald_mqtt_link_unref);
  g_free (op->topic);
  g_free (op);
}

/* An Op is the context of one Paho request. Paho calls back exactly once,
 * unless the handle is destroyed first; then it never does. So each Op is
 * listed in its link's pending set until its callback claims it, and
 * link_destroy_handle() frees the unclaimed ones. Claiming compares
 * pointers only, so a callback never touches an Op freed meanwhile. */
static Op *
op_new (Link *link, OpKind kind, const char *topic, guint qos)
{
  Op *op = g_new0 (Op, 1);

  op->link = link_ref (link);
  op->kind = kind;
  op->topic = g_strdup (topic);
  op->qos = qos;

  G_LOCK (pending_ops);
  if (pending_ops == NULL)
    pending_ops = g_hash_table_new (NULL, NULL);
  g_hash_table_add (pending_ops, op);
  G_UNLOCK (pending_ops);

  return op;
}

/* Any thread: TRUE if the Op is still ours to answer (or free). */
static gboolean
op_claim (Op *op)
{
  gboolean found;

  G_LOCK (pending_ops);
  found = pending_ops != NULL && g_hash_table_remove (pending_ops, op);
  G_UNLOCK (pending_ops);

  return found;
}

/* A request Paho refused at once: it never calls back. */
static void
op_discard (Op *op)
{
  op_claim (op);
  op_free (op);
}

/* After MQTTAsync_destroy(): the requests Paho dropped without an answer. */
static void
link_free_pending_ops (Link *link)
{
  GPtrArray *orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  GHashTableIter iter;
  gpointer key;

  G_LOCK (pending_ops);
  if (pending_ops != NULL)
    {
      g_hash_table_iter_init (&iter, pending_ops);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (((Op *) key)->link == link)
          {
            g_ptr_array_add (orphans, key);
            g_hash_table_iter_remove (&iter);
          }
    }
  G_UNLOCK (pending_ops);

  g_ptr_array_unref (orphans);
}

static void
event_free (Event *ev)
{
  g_clear_pointer (&ev->op, op_free);
  g_clear_pointer (&ev->link, _herald_mqtt_link_unref);
  g_free (ev->message);
  g_free (ev);
}

static gboolean handle_event (gpointer data);

/* Always through a source: g_main_context_invoke() would run the handler
 * right on Paho's thread whenever the (default) context is free. */
static void
post_event (Event *ev)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, handle_event, ev, (GDestroyNotify) event_free);
  g_source_set_static_name (source, "[herald] MQTT event");
  g_source_attach (source, ev->link->shared->context);
  g_source_unref (source);
}

static void
on_connection_lost (void *context, char *cause)
{
  Link *link = context;
  Event *ev = g_new0 (Event, 1);

  ev->kind = EV_LOST;
  ev->link = link_ref (link);
  ev->message = g_strdup (cause);
  post_event (ev);
  if (cause != NULL)
    MQTTAsync_free (cause);
}

static void
post_op_result (Op *op, gboolean ok, int code, int reason, int granted, gboolean session_present,
                const char *message)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = ok ? EV_OP_OK : EV_OP_FAILED;
  ev->link = link_ref (op->link);
  ev->op = op;
  ev->code = code;
  ev->reason = reason;
  ev->granted_qos = granted;
  ev->session_present = session_present;
  ev->message = g_strdup (message);
  post_event (ev);
}

static void
on_success3 (void *context, MQTTAsync_successData *response)
{
  Op *op = context;
  int granted = -1;
  gboolean present = FALSE;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */
  if (response != NULL && op->kind == OP_SUBSCRIBE)
    granted = response->alt.qos;
  if (response != NULL && op->kind == OP_CONNECT)
    present = response->alt.connect.sessionPresent;

  post_op_result (op, granted != MQTT_BAD_SUBSCRIBE, granted == MQTT_BAD_SUBSCRIBE ? MQTT_BAD_SUBSCRIBE : 0,
                  0, granted, present, NULL);
}

static void
on_failure3 (void *context, MQTTAsync_failureData *response)
{
  Op *op = context;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */
  post_op_result (op, FALSE, response ? response->code : MQTTASYNC_FAILURE, 0, -1, FALSE,
                  response ? response->message : NULL);
}

static void
on_success5 (void *context, MQTTAsync_successData5 *response)
{
  Op *op = context;
  int reason = response ? (int) response->reasonCode : 0;
  gboolean present = FALSE;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */

  /* For one topic, Paho puts the SUBACK/UNSUBACK code in reasonCode and
   * leaves alt.sub unset. */
  if (response != NULL && op->kind == OP_CONNECT)
    present = response->alt.connect.sessionPresent;

  post_op_result (op, reason < 0x80, 0, reason, reason < 0x80 ? reason : -1, present, NULL);
}

static void
on_failure5 (void *context, MQTTAsync_failureData5 *response)
{
  Op *op = context;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */
  post_op_result (op, FALSE, response ? response->code : MQTTASYNC_FAILURE,
                  response ? (int) response->reasonCode : 0, -1, FALSE,
                  response ? response->message : NULL);
}

static void
fill_response (Link *link, MQTTAsync_responseOptions *opts, Op *op)
{
  opts->context = op;
  if (link->v5)
    {
      opts->onSuccess5 = on_success5;
      opts->onFailure5 = on_failure5;
    }
  else
    {
      opts->onSuccess = on_success3;
      opts->onFailure = on_failure3;
    }
}

static int
on_ssl_error (const char *str, size_t len, void *u)
{
  Link *link = u;

  g_mutex_lock (&link->mutex);
  if (link->ssl_errors->len > 0)
    g_string_append (link->ssl_errors, "; ");
  g_string_append_len (link->ssl_errors, str, len);
  while (link->ssl_errors->len > 0 && link->ssl_errors->str[link->ssl_errors->len - 1] == '\n')
    g_string_truncate (link->ssl_errors, link->ssl_errors->len - 1);
  g_mutex_unlock (&link->mutex);

  return 0;
}

/* Closing a Paho client ------------------------------------------------ */

static void
link_destroy_handle (Link *link)
{
  if (link->handle != NULL)
    {
      MQTTAsync_destroy (&link->handle);
      link->handle = NULL;
      link_free_pending_ops (link);
      /* The reference Paho held as callback context. */
      _herald_mqtt_link_unref (link);
    }
}

/* Stops a link for good: no more messages, key files removed. The Paho
 * handle is destroyed once Paho has finished with it: right away when it is
 * idle, after its disconnect completes when connected, after the pending
 * connect's answer when connecting; @wait does it synchronously instead
 * (finalize). */
void
_herald_mqtt_link_close (Link     *link,
                         gboolean  wait)
{
  g_atomic_int_set (&link->dead, 1);
  link->closing = TRUE;
  _herald_mqtt_link_remove_key_files (link);

  if (link->handle == NULL)
    return;

  if (wait)
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

      opts.timeout = 500;
      if (MQTTAsync_isConnected (link->handle))
        MQTTAsync_disconnect (link->handle, &opts);
      while ((MQTTAsync_isConnected (link->handle) || link->connecting) &&
             g_get_monotonic_time () < deadline)
        {
          g_usleep (2000);
          if (link->connecting && !MQTTAsync_isConnected (link->handle))
            break;
        }
      link_destroy_handle (link);
      return;
    }

  if (link->connecting)
    return; /* handle_event closes it when the connect answers */

  if (link->connected && MQTTAsync_isConnected (link->handle))
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;
      Op *op = op_new (link, OP_DISCONNECT, NULL, 0);

      opts.timeout = 1000;
      opts.context = op;
      opts.onSuccess = on_success3;
      opts.onFailure = on_failure3;
      if (link->v5)
        {
          MQTTAsync_disconnectOptions opts5 = MQTTAsync_disconnectOptions_initializer5;

          opts5.timeout = 1000;
          opts5.context = op;
          opts5.onSuccess5 = on_success5;
          opts5.onFailure5 = on_failure5;
          opts = opts5;
        }
      if (MQTTAsync_disconnect (link->handle, &opts) == MQTTASYNC_SUCCESS)
        return; /* handle_event destroys the handle */
      op_discard (op);
    }

  link_destroy_handle (link);
}

/* Whether Paho still has the link's handle: a closed link keeps it until
 * its disconnect is done. */
gboolean
_herald_mqtt_link_has_handle (Link *link)
{
  return link->handle != NULL;
}

/* Waits, until @deadline, for the DISCONNECT that _herald_mqtt_link_close()
 * sent without waiting to have gone out: a process that ends before it
 * ends the connection without one, and the broker publishes the will. The
 * handle itself is destroyed when the disconnect's answer is handled. */
void
_herald_mqtt_link_wait_closed (Link   *link,
                               gint64  deadline)
{
  while (link->handle != NULL && MQTTAsync_isConnected (link->handle) &&
         g_get_monotonic_time () < deadline)
    g_usleep (2000);
}

/* Opening a Paho client and connecting --------------------------------- */

/* A link for the session's settings, without a Paho handle yet. */
Link *
_herald_mqtt_link_new (HeraldMqttSession *self)
{
  Link *link;

  link = g_new0 (Link, 1);
  g_atomic_ref_count_init (&link->ref);
  link->shared = _herald_mqtt_shared_ref (self->shared);
  link->v5 = self->mqtt_version == HERALD_MQTT_VERSION_5;
  g_mutex_init (&link->mutex);
  link->ssl_errors = g_string_new (NULL);

  return link;
}

/* Creates the link's Paho handle; returns Paho's code. */
int
_herald_mqtt_link_create_handle (Link       *link,
                                 const char *server_uri,
                                 const char *client_id)
{
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
  int rc;

  create.MQTTVersion = link->v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
  create.sendWhileDisconnected = 0;
  /* Paho's limit on queued commands also applies while connected; 100
   * would refuse a burst of publishes from a script. */
  create.maxBufferedMessages = 65535;
  rc = MQTTAsync_createWithOptions (&link->handle, server_uri, client_id,
                                    MQTTCLIENT_PERSISTENCE_NONE, NULL, &create);
  if (rc == MQTTASYNC_SUCCESS)
    {
      link_ref (link); /* for Paho's callbacks, dropped with the handle */
      rc = MQTTAsync_setCallbacks (link->handle, link, on_connection_lost,
                                   _herald_mqtt_link_message_arrived, NULL);
    }

  return rc;
}

void
_herald_mqtt_session_paho_connect (HeraldMqttSession *self)
{
  Link *link = self->link;
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  MQTTAsync_willOptions will = MQTTAsync_willOptions_initializer;
  MQTTProperties connect_properties = MQTTProperties_initializer;
  g_autofree char *proxy = NULL;
  Op *op;
  int rc;

  if (self->http_proxy != NULL && *self->http_proxy != '\0')
    proxy = g_strdup_printf ("%s:%u", self->check_host, self->check_port);

  if (link->v5)
    {
      MQTTAsync_connectOptions opts5 = MQTTAsync_connectOptions_initializer5;

      opts = opts5;
      opts.cleanstart = self->clean_session;
    }
  else
    {
      opts.cleansession = self->clean_session;
      opts.MQTTVersion = MQTTVERSION_3_1_1;
    }
  opts.keepAliveInterval = self->keep_alive;
  opts.connectTimeout = self->connect_timeout;
  opts.username = self->username && *self->username ? self->username : NULL;
  opts.password = self->password && *self->password ? self->password : NULL;
  /* Our own reconnects: back-off, TCP check and resubscription. */
  opts.automaticReconnect = 0;
  if (self->will_topic != NULL)
    {
      gsize length;

      /* Binary: no message string, the payload by length. Paho copies it
       * for the connect. */
      will.topicName = self->will_topic;
      will.message = NULL;
      will.payload.data = g_bytes_get_data (self->will_payload, &length);
      will.payload.len = (int) length;
      will.qos = (int) self->will_qos;
      will.retained = self->will_retain;
      opts.will = &will;
    }
  if (link->v5 && self->session_expiry > 0)
    {
      MQTTProperty expiry = { .identifier = MQTTPROPERTY_CODE_SESSION_EXPIRY_INTERVAL };

      expiry.value.integer4 = self->session_expiry;
      MQTTProperties_add (&connect_properties, &expiry);
      opts.connectProperties = &connect_properties;
    }
  if (proxy != NULL)
    {
      /* Paho strips only "http://" from httpProxy and only "https://" from
       * httpsProxy; give both as host:port. */
      opts.httpProxy = proxy;
      opts.httpsProxy = proxy;
    }

  if (self->tls)
    {
      ssl.enableServerCertAuth = self->trust != HERALD_MQTT_TRUST_NONE;
      ssl.verify = self->trust != HERALD_MQTT_TRUST_NONE;
      ssl.trustStore = self->trust == HERALD_MQTT_TRUST_CA_FILE ? self->ca_file : NULL;
      ssl.keyStore = link->cert_file;
      ssl.privateKey = link->key_file;
      ssl.privateKeyPassword = link->key_password;
      ssl.ssl_error_cb = on_ssl_error;
      ssl.ssl_error_context = link;
      opts.ssl = &ssl;
    }

  op = op_new (link, OP_CONNECT, NULL, 0);
  opts.context = op;
  if (link->v5)
    {
      opts.onSuccess5 = on_success5;
      opts.onFailure5 = on_failure5;
    }
  else
    {
      opts.onSuccess = on_success3;
      opts.onFailure = on_failure3;
    }

  g_mutex_lock (&link->mutex);
  g_string_truncate (link->ssl_errors, 0);
  g_mutex_unlock (&link->mutex);

  link->connecting = TRUE;
  rc = MQTTAsync_connect (link->handle, &opts);
  MQTTProperties_free (&connect_properties);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autoptr(GError) error = NULL;

      link->connecting = FALSE;
      op_discard (op);
      error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("The connection settings cannot be used (%s). Check the server URI and the options."),
                           MQTTAsync_strerror (rc));
      _herald_mqtt_session_attempt_failed (self, error);
    }
}

/* Requests ------------------------------------------------------------- */

/* Each asks Paho for one request and returns Paho's code: with
 * MQTTASYNC_SUCCESS, the broker's answer comes later as an event. */
int
_herald_mqtt_link_subscribe (Link                 *link,
                             const char           *topic,
                             guint                 qos,
                             HeraldSubscribeFlags  flags)
{
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  Op *op = op_new (link, OP_SUBSCRIBE, topic, qos);
  HeraldMqttSession *session = link->shared->session;
  int rc;

  fill_response (link, &opts, op);
  /* MQTT 5's options; MQTT 3.1.1 has none. */
  if (session != NULL && session->mqtt_version == HERALD_MQTT_VERSION_5)
    {
      opts.subscribeOptions.noLocal = (flags & HERALD_SUBSCRIBE_NO_LOCAL) != 0;
      opts.subscribeOptions.retainAsPublished = (flags & HERALD_SUBSCRIBE_RETAIN_AS_PUBLISHED) != 0;
      opts.subscribeOptions.retainHandling = (flags & HERALD_SUBSCRIBE_NO_RETAINED) ? 2
                                             : (flags & HERALD_SUBSCRIBE_RETAINED_IF_NEW) ? 1 : 0;
    }
  rc = MQTTAsync_subscribe (link->handle, topic, qos, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    op_discard (op);

  return rc;
}

int
_herald_mqtt_link_unsubscribe (Link       *link,
                               const char *topic)
{
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  Op *op = op_new (link, OP_UNSUBSCRIBE, topic, 0);
  int rc;

  fill_response (link, &opts, op);
  rc = MQTTAsync_unsubscribe (link->handle, topic, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    op_discard (op);

  return rc;
}

/* A publish's MQTT 5 properties (checked by the session) for Paho, which
 * copies them. */
static void
add_properties (MQTTProperties *props,
                GVariant       *properties)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, properties);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      MQTTProperty p = { 0 };
      gsize len = 0;

      if (g_str_equal (key, "user-property"))
        {
          GVariantIter pairs;
          const char *k, *v;

          g_variant_iter_init (&pairs, value);
          while (g_variant_iter_next (&pairs, "(&s&s)", &k, &v))
            {
              MQTTProperty pair = { .identifier = MQTTPROPERTY_CODE_USER_PROPERTY };

              pair.value.data.data = (char *) k;
              pair.value.data.len = strlen (k);
              pair.value.value.data = (char *) v;
              pair.value.value.len = strlen (v);
              MQTTProperties_add (props, &pair);
            }
          continue;
        }

      if (g_str_equal (key, "content-type") || g_str_equal (key, "response-topic"))
        {
          p.identifier = g_str_equal (key, "content-type") ? MQTTPROPERTY_CODE_CONTENT_TYPE
                                                           : MQTTPROPERTY_CODE_RESPONSE_TOPIC;
          p.value.data.data = (char *) g_variant_get_string (value, &len);
          p.value.data.len = len;
        }
      else if (g_str_equal (key, "correlation-data"))
        {
          p.identifier = MQTTPROPERTY_CODE_CORRELATION_DATA;
          p.value.data.data = (char *) g_variant_get_fixed_array (value, &len, 1);
          p.value.data.len = len;
        }
      else if (g_str_equal (key, "message-expiry-interval"))
        {
          p.identifier = MQTTPROPERTY_CODE_MESSAGE_EXPIRY_INTERVAL;
          p.value.integer4 = g_variant_get_uint32 (value);
        }
      else if (g_str_equal (key, "payload-format-indicator"))
        {
          p.identifier = MQTTPROPERTY_CODE_PAYLOAD_FORMAT_INDICATOR;
          p.value.byte = g_variant_get_byte (value);
        }
      else
        continue;

      MQTTProperties_add (props, &p);
    }
}

int
_herald_mqtt_link_publish (Link       *link,
                           const char *topic,
                           GBytes     *payload,
                           guint       qos,
                           gboolean    retain,
                           GVariant   *properties)
{
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message msg = MQTTAsync_message_initializer;
  MQTTProperties props = MQTTProperties_initializer;
  gsize len = 0;
  Op *op;
  int rc;

  msg.payload = (void *) g_bytes_get_data (payload, &len);
  msg.payloadlen = (int) len;
  msg.qos = qos;
  msg.retained = !!retain;
  if (properties != NULL)
    {
      add_properties (&props, properties);
      msg.properties = props;
    }

  op = op_new (link, OP_PUBLISH, topic, qos);
  fill_response (link, &opts, op);
  rc = MQTTAsync_sendMessage (link->handle, topic, &msg, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    op_discard (op);
  MQTTProperties_free (&props);

  return rc;
}

/* Events on the main context ------------------------------------------- */

static gboolean
handle_event (gpointer data)
{
  Event *ev = data;
  Link *link = ev->link;
  HeraldMqttSession *self = link->shared->session;
  Op *op = ev->op;

  /* Bookkeeping of the Paho handle comes first, whether or not anyone
   * still listens. */
  if (op != NULL && op->kind == OP_CONNECT)
    {
      link->connecting = FALSE;
      link->connected = ev->kind == EV_OP_OK;
      if (link->closing)
        {
          _herald_mqtt_link_close (link, FALSE);
          return G_SOURCE_REMOVE;
        }
    }
  else if (op != NULL && op->kind == OP_DISCONNECT)
    {
      link->connected = FALSE;
      link_destroy_handle (link);
      return G_SOURCE_REMOVE;
    }
  else if (ev->kind == EV_LOST)
    link->connected = FALSE;

  if (self == NULL || self->link != link || link->closing)
    return G_SOURCE_REMOVE;

  g_object_ref (self);

  if (op != NULL && op->kind == OP_CONNECT)
    {
      if (ev->kind == EV_OP_OK)
        _herald_mqtt_session_connect_succeeded (self, ev);
      else
        _herald_mqtt_session_connect_failed (self, ev);
    }
  else if (op != NULL)
    _herald_mqtt_session_op_event (self, ev);
  else if (ev->kind == EV_LOST)
    _herald_mqtt_session_lost_event (self, ev);

  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

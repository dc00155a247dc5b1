/* herald-sandbox-bridge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <MQTTAsync.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "herald-sandbox-bridge.h"
#include "herald-topic.h"
#include "herald-sandbox-ca.h"

/* The sandbox's own MQTT client, under its gateway identity: publishes
 * commands (QoS 1, not retained), subscribes to measures/+ and publishes
 * the acks. Paho calls back on its own threads: everything is handed to
 * the main context the bridge was made on. */

struct _HeraldSandboxBridge
{
  GObject       parent_instance;

  GMainContext *context;
  MQTTAsync     client;
  char         *uri;
  char         *ca_file;
  char         *cert_file;
  char         *key_file;
  gboolean      connected;
  guint         retry_source;
};

G_DEFINE_FINAL_TYPE (HeraldSandboxBridge, herald_sandbox_bridge, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  MEASURES_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_connect (HeraldSandboxBridge *self);

typedef struct
{
  GWeakRef  self;
  char     *device;
  GBytes   *payload;
  int       kind;
} Event;

enum { EVENT_CONNECTED, EVENT_LOST, EVENT_FAILED, EVENT_MESSAGE };

static void
event_free (gpointer data)
{
  Event *event = data;

  g_weak_ref_clear (&event->self);
  g_free (event->device);
  g_clear_pointer (&event->payload, g_bytes_unref);
  g_free (event);
}

static gboolean
retry_connect (gpointer user_data)
{
  HeraldSandboxBridge *self = user_data;

  self->retry_source = 0;
  start_connect (self);
  return G_SOURCE_REMOVE;
}

static gboolean
dispatch_event (gpointer data)
{
  Event *event = data;
  g_autoptr(HeraldSandboxBridge) self = g_weak_ref_get (&event->self);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  switch (event->kind)
    {
    case EVENT_CONNECTED:
    case EVENT_LOST:
      if (self->connected != (event->kind == EVENT_CONNECTED))
        {
          self->connected = event->kind == EVENT_CONNECTED;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
        }
      break;
    case EVENT_FAILED:
      /* Paho reconnects by itself only after a first success. */
      if (self->retry_source == 0)
        self->retry_source = g_timeout_add (100, retry_connect, self);
      break;
    case EVENT_MESSAGE:
      g_signal_emit (self, signals[MEASURES_RECEIVED], 0, event->device, event->payload);
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static void
post_event (HeraldSandboxBridge *self,
            int                  kind,
            char                *device,
            GBytes              *payload)
{
  Event *event = g_new0 (Event, 1);

  g_weak_ref_init (&event->self, self);
  event->kind = kind;
  event->device = device;
  event->payload = payload;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, dispatch_event, event, event_free);
}

static void
on_connected (void *context,
              char *cause)
{
  HeraldSandboxBridge *self = context;
  MQTTAsync_responseOptions options = MQTTAsync_responseOptions_initializer;
  g_autofree char *measures = herald_topic_measures ("+");

  MQTTAsync_subscribe (self->client, measures, 1, &options);
  post_event (self, EVENT_CONNECTED, NULL, NULL);
}

static void
on_connection_lost (void *context,
                    char *cause)
{
  post_event (context, EVENT_LOST, NULL, NULL);
}

static void
on_connect_failure (void                   *context,
                    MQTTAsync_failureData  *response)
{
  post_event (context, EVENT_FAILED, NULL, NULL);
}

static int
on_message_arrived (void              *context,
                    char              *topic_name,
                    int                topic_length,
                    MQTTAsync_message *message)
{
  HeraldSandboxBridge *self = context;
  g_autofree char *topic = topic_length > 0 ? g_strndup (topic_name, topic_length)
                                            : g_strdup (topic_name);
  const char *device = herald_topic_device_of (topic, "measures");

  if (device != NULL)
    post_event (self, EVENT_MESSAGE, g_strdup (device),
                g_bytes_new (message->payload, message->payloadlen));

  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic_name);
  return 1;
}

static void
herald_sandbox_bridge_dispose (GObject *object)
{
  HeraldSandboxBridge *self = (HeraldSandboxBridge *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->client != NULL)
    {
      MQTTAsync_disconnectOptions options = MQTTAsync_disconnectOptions_initializer;

      options.timeout = 200;
      MQTTAsync_disconnect (self->client, &options);
      MQTTAsync_destroy (&self->client);
      self->client = NULL;
    }

  G_OBJECT_CLASS (herald_sandbox_bridge_parent_class)->dispose (object);
}

static void
herald_sandbox_bridge_finalize (GObject *object)
{
  HeraldSandboxBridge *self = (HeraldSandboxBridge *)object;

  g_main_context_unref (self->context);
  g_free (self->uri);
  g_free (self->ca_file);
  g_free (self->cert_file);
  g_free (self->key_file);

  G_OBJECT_CLASS (herald_sandbox_bridge_parent_class)->finalize (object);
}

static void
herald_sandbox_bridge_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HeraldSandboxBridge *self = HERALD_SANDBOX_BRIDGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_sandbox_bridge_class_init (HeraldSandboxBridgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_sandbox_bridge_dispose;
  object_class->finalize = herald_sandbox_bridge_finalize;
  object_class->get_property = herald_sandbox_bridge_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldSandboxBridge::measures-received:
   * @device: the device alternate id from the topic
   * @payload: the message
   */
  signals[MEASURES_RECEIVED] =
    g_signal_new ("measures-received", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BYTES);
}

static void
herald_sandbox_bridge_init (HeraldSandboxBridge *self)
{
  self->context = g_main_context_ref_thread_default ();
}

HeraldSandboxBridge *
herald_sandbox_bridge_new (const char *uri,
                           const char *ca_file,
                           const char *cert_file,
                           const char *key_file)
{
  HeraldSandboxBridge *self = g_object_new (HERALD_TYPE_SANDBOX_BRIDGE, NULL);

  self->uri = g_strdup (uri);
  self->ca_file = g_strdup (ca_file);
  self->cert_file = g_strdup (cert_file);
  self->key_file = g_strdup (key_file);
  return self;
}

static void
start_connect (HeraldSandboxBridge *self)
{
  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;

  ssl.trustStore = self->ca_file;
  ssl.keyStore = self->cert_file;
  ssl.privateKey = self->key_file;
  ssl.enableServerCertAuth = 1;
  ssl.verify = 1;

  options.keepAliveInterval = 30;
  options.cleansession = 1;
  options.automaticReconnect = 1;
  options.minRetryInterval = 1;
  options.maxRetryInterval = 2;
  options.connectTimeout = 5;
  options.ssl = &ssl;
  options.onFailure = on_connect_failure;
  options.context = self;

  if (MQTTAsync_connect (self->client, &options) != MQTTASYNC_SUCCESS &&
      self->retry_source == 0)
    self->retry_source = g_timeout_add (100, retry_connect, self);
}

/**
 * herald_sandbox_bridge_start:
 *
 * Connects (and keeps reconnecting) to the broker. The `connected`
 * property turns %TRUE once connected and subscribed.
 */
gboolean
herald_sandbox_bridge_start (HeraldSandboxBridge  *self,
                             GError              **error)
{
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
  int rc;

  /* Paho's in-memory trace of every packet: nobody reads it here. */
  MQTTAsync_setTraceLevel (MQTTASYNC_TRACE_ERROR);

  /* Commands posted while the broker restarts wait in Paho's queue. */
  create.sendWhileDisconnected = 1;
  create.maxBufferedMessages = 100000;
  /* The broker takes every client's certificate CN as its client id; the
   * identity certificate's CN is this id, and no device may have it as
   * its alternate id (the server refuses it), so no device can take over
   * this session. */
  rc = MQTTAsync_createWithOptions (&self->client, self->uri, HERALD_SANDBOX_IDENTITY,
                                    MQTTCLIENT_PERSISTENCE_NONE, NULL, &create);
  if (rc == MQTTASYNC_SUCCESS)
    rc = MQTTAsync_setCallbacks (self->client, self, on_connection_lost, on_message_arrived, NULL);
  if (rc == MQTTASYNC_SUCCESS)
    rc = MQTTAsync_setConnected (self->client, self, on_connected);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The sandbox could not make its MQTT client (%s). "
                     "Check the Paho MQTT C library installation."),
                   MQTTAsync_strerror (rc));
      return FALSE;
    }

  start_connect (self);
  return TRUE;
}

gboolean
herald_sandbox_bridge_get_connected (HeraldSandboxBridge *self)
{
  return self->connected;
}

/* Publishes with QoS 1, not retained. */
gboolean
herald_sandbox_bridge_publish (HeraldSandboxBridge  *self,
                               const char           *topic,
                               const char           *payload,
                               gsize                 length,
                               GError              **error)
{
  MQTTAsync_message message = MQTTAsync_message_initializer;
  MQTTAsync_responseOptions options = MQTTAsync_responseOptions_initializer;
  int rc;

  g_return_val_if_fail (HERALD_IS_SANDBOX_BRIDGE (self), FALSE);

  if (self->client == NULL)
    rc = MQTTASYNC_DISCONNECTED;
  else
    {
      message.payload = (void *) payload;
      message.payloadlen = length;
      message.qos = 1;
      message.retained = 0;
      rc = MQTTAsync_sendMessage (self->client, topic, &message, &options);
    }

  if (rc != MQTTASYNC_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("The sandbox could not hand the message to its MQTT broker (%s). "
                     "Try again in a moment; if it keeps failing, restart the sandbox."),
                   MQTTAsync_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

/* How long the broker may take to confirm a command (PUBACK) before the API
 * answers that it did not. */
#define CONFIRM_TIMEOUT_SECONDS 10

/* One command on its way: Paho's callbacks (on its threads) and the time-out
 * (on the main context) each hold a reference; whichever comes first on the
 * main context returns the task. */
typedef struct
{
  gatomicrefcount  ref_count;
  GTask           *task;       /* main context only */
  GWeakRef         bridge;
  gboolean         acknowledged;
  GMainContext    *context;
  guint            timeout;
  int              code;       /* set on Paho's thread before the hand-over */
} Confirm;

static Confirm *
confirm_ref (Confirm *confirm)
{
  g_atomic_ref_count_inc (&confirm->ref_count);
  return confirm;
}

static void
confirm_unref (gpointer data)
{
  Confirm *confirm = data;

  if (!g_atomic_ref_count_dec (&confirm->ref_count))
    return;
  g_assert (confirm->task == NULL);
  g_weak_ref_clear (&confirm->bridge);
  g_main_context_unref (confirm->context);
  g_free (confirm);
}

static void
confirm_return (Confirm *confirm,
                GError  *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&confirm->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  g_clear_handle_id (&confirm->timeout, g_source_remove);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void on_publish_success (void *context, MQTTAsync_successData *response);
static void on_publish_failure (void *context, MQTTAsync_failureData *response);

/* mosquitto answers PUBACK before it saves its persistence, which it does
 * at the end of the same turn of its loop (autosave_on_changes): a kill
 * right after the PUBACK lost the command 5 times in 5. A second request
 * that needs a later turn, an UNSUBSCRIBE of a topic nobody subscribes to
 * (no change, nothing saved), is answered only after that save. */
static int
confirm_saved (Confirm *confirm)
{
  g_autoptr(HeraldSandboxBridge) self = g_weak_ref_get (&confirm->bridge);
  MQTTAsync_responseOptions options = MQTTAsync_responseOptions_initializer;
  int rc;

  if (self == NULL || self->client == NULL)
    return MQTTASYNC_DISCONNECTED;

  options.onSuccess = on_publish_success;
  options.onFailure = on_publish_failure;
  options.context = confirm_ref (confirm);
  rc = MQTTAsync_unsubscribe (self->client, "herald-sandbox/saved", &options);
  if (rc != MQTTASYNC_SUCCESS)
    confirm_unref (confirm);
  return rc;
}

static gboolean
confirm_dispatch (gpointer data)
{
  Confirm *confirm = data;

  if (confirm->code == MQTTASYNC_SUCCESS && !confirm->acknowledged)
    {
      confirm->acknowledged = TRUE;
      confirm->code = confirm_saved (confirm);
    }
  else if (confirm->code == MQTTASYNC_SUCCESS)
    confirm_return (confirm, NULL);
  if (confirm->code != MQTTASYNC_SUCCESS)
    confirm_return (confirm, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                          _("The sandbox's MQTT broker did not take the message (%s). "
                                            "Try again in a moment; if it keeps failing, restart the sandbox."),
                                          MQTTAsync_strerror (confirm->code)));
  return G_SOURCE_REMOVE;
}

static void
on_publish_success (void                  *context,
                    MQTTAsync_successData *response)
{
  Confirm *confirm = context;

  confirm->code = MQTTASYNC_SUCCESS;
  g_main_context_invoke_full (confirm->context, G_PRIORITY_DEFAULT, confirm_dispatch, confirm, confirm_unref);
}

static void
on_publish_failure (void                  *context,
                    MQTTAsync_failureData *response)
{
  Confirm *confirm = context;

  confirm->code = response != NULL && response->code != MQTTASYNC_SUCCESS ? response->code : MQTTASYNC_FAILURE;
  g_main_context_invoke_full (confirm->context, G_PRIORITY_DEFAULT, confirm_dispatch, confirm, confirm_unref);
}

static gboolean
confirm_timed_out (gpointer data)
{
  Confirm *confirm = data;

  confirm->timeout = 0;
  confirm_return (confirm, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                        _("The sandbox's MQTT broker did not confirm the message within %d s; "
                                          "it may still be delivered once the broker is back. Check the "
                                          "sandbox's log before sending it again."),
                                        CONFIRM_TIMEOUT_SECONDS));
  return G_SOURCE_REMOVE;
}

/**
 * herald_sandbox_bridge_publish_async:
 *
 * Publishes with QoS 1, not retained, and completes once the broker has
 * confirmed the message (PUBACK) and saved it (see confirm_saved()): from
 * then on a command queued for an offline persistent session survives a
 * crash of the broker. Completes with an error when the broker refuses it, or
 * does not confirm it within %CONFIRM_TIMEOUT_SECONDS.
 */
void
herald_sandbox_bridge_publish_async (HeraldSandboxBridge *self,
                                     const char          *topic,
                                     const char          *payload,
                                     gsize                length,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  MQTTAsync_message message = MQTTAsync_message_initializer;
  MQTTAsync_responseOptions options = MQTTAsync_responseOptions_initializer;
  g_autoptr(GTask) task = NULL;
  Confirm *confirm;
  int rc;

  g_return_if_fail (HERALD_IS_SANDBOX_BRIDGE (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, herald_sandbox_bridge_publish_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("The sandbox could not hand the message to its MQTT broker (%s). "
                                 "Try again in a moment; if it keeps failing, restart the sandbox."),
                               MQTTAsync_strerror (MQTTASYNC_DISCONNECTED));
      return;
    }

  confirm = g_new0 (Confirm, 1);
  g_atomic_ref_count_init (&confirm->ref_count);
  confirm->context = g_main_context_ref (self->context);
  g_weak_ref_init (&confirm->bridge, self);
  confirm->task = g_steal_pointer (&task);

  message.payload = (void *) payload;
  message.payloadlen = length;
  message.qos = 1;
  message.retained = 0;
  options.onSuccess = on_publish_success;
  options.onFailure = on_publish_failure;
  options.context = confirm_ref (confirm);
  rc = MQTTAsync_sendMessage (self->client, topic, &message, &options);
  if (rc != MQTTASYNC_SUCCESS)
    {
      confirm_unref (confirm);  /* Paho's: it will not call back */
      confirm_return (confirm, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                            _("The sandbox could not hand the message to its MQTT broker (%s). "
                                              "Try again in a moment; if it keeps failing, restart the sandbox."),
                                            MQTTAsync_strerror (rc)));
      confirm_unref (confirm);
      return;
    }

  confirm->timeout = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, CONFIRM_TIMEOUT_SECONDS,
                                                 confirm_timed_out, confirm, confirm_unref);
}

gboolean
herald_sandbox_bridge_publish_finish (HeraldSandboxBridge  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

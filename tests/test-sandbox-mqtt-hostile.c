/* test-sandbox-mqtt-hostile.c: the real herald-sandbox against devices that
 * misbehave, a broker that crashes and a parent that is killed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * - A device with its own valid certificate claims another device's client
 *   id: the other device's persistent session and its queued commands stay.
 * - A device claims the sandbox's own client id: the sandbox still answers
 *   every measure.
 * - The broker is killed (SIGKILL) while commands wait for an offline
 *   device: they are delivered after the sandbox restarted it.
 * - A process that started a sandbox through HeraldSandboxLauncher is
 *   killed (SIGKILL): the sandbox ends too.
 *
 * Real certificates from a real sandbox, a real mosquitto, Paho clients.
 */

#include "config.h"

#include <MQTTAsync.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "herald-sandbox-launcher.h"
#include "herald-test-sandbox.h"

/* The client id (and certificate CN) of the sandbox's own MQTT client. */
#define SANDBOX_IDENTITY "herald-sandbox-gateway"

/* --- HTTP ------------------------------------------------------------- */

static JsonNode *
request (HeraldTestSandbox *sandbox,
         const char        *method,
         const char        *path,
         const char        *body,
         guint             *status)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autofree char *url = g_strconcat (herald_test_sandbox_get_api_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *pair = g_strconcat (herald_test_sandbox_get_user (sandbox), ":",
                                       herald_test_sandbox_get_password (sandbox), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (g_bytes_get_size (bytes) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static char *
post_for_id (HeraldTestSandbox  *sandbox,
             const char         *path,
             const char         *body,
             char              **alternate_id)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;
  guint status = 0;

  answer = request (sandbox, "POST", path, body, &status);
  if (status != 200)
    g_error ("POST %s: %u", path, status);
  object = json_node_get_object (answer);
  if (alternate_id != NULL)
    *alternate_id = g_strdup (json_object_get_string_member (object, "alternateId"));
  return g_strdup (json_object_get_string_member (object, "id"));
}

/* --- The model: one capability, one sensor type, devices -------------- */

typedef struct
{
  char *id;
  char *alternate_id;
  char *sensor_id;
  char *sensor_alternate_id;
  char *pem_file;
  char *secret;
} Device;

static void
device_free (Device *device)
{
  g_free (device->id);
  g_free (device->alternate_id);
  g_free (device->sensor_id);
  g_free (device->sensor_alternate_id);
  if (device->pem_file != NULL)
    g_unlink (device->pem_file);
  g_free (device->pem_file);
  g_free (device->secret);
  g_free (device);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Device, device_free)

typedef struct
{
  char *capability_id;
  char *capability_alternate_id;
  char *sensor_type_id;
  char *gateway_id;
  char *dir;
} Model;

static void
model_free (Model *model)
{
  g_free (model->capability_id);
  g_free (model->capability_alternate_id);
  g_free (model->sensor_type_id);
  g_free (model->gateway_id);
  if (model->dir != NULL)
    g_rmdir (model->dir);
  g_free (model->dir);
  g_free (model);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, model_free)

/* A capability that is both a command and a measure of one sensor type. */
static Model *
model_new (HeraldTestSandbox *sandbox)
{
  Model *model = g_new0 (Model, 1);
  g_autoptr(JsonNode) gateways = NULL;
  g_autofree char *body = NULL;
  JsonArray *array;
  guint status = 0;

  model->dir = g_dir_make_tmp ("hostile-XXXXXX", NULL);
  g_assert_nonnull (model->dir);
  model->capability_id =
    post_for_id (sandbox, "/capabilities",
                 "{\"name\": \"Lamp\", \"properties\": [{\"name\": \"LED\", \"dataType\": \"boolean\"}, "
                 "{\"name\": \"Speed\", \"dataType\": \"float\"}]}",
                 &model->capability_alternate_id);
  body = g_strdup_printf ("{\"name\": \"LampType\", \"capabilities\": [{\"id\": \"%s\", \"type\": \"command\"}, "
                          "{\"id\": \"%s\", \"type\": \"measure\"}]}",
                          model->capability_id, model->capability_id);
  model->sensor_type_id = post_for_id (sandbox, "/sensorTypes", body, NULL);

  gateways = request (sandbox, "GET", "/gateways", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  array = json_node_get_array (gateways);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *gateway = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (gateway, "protocolId"), "mqtt") == 0)
        model->gateway_id = g_strdup (json_object_get_string_member (gateway, "id"));
    }
  g_assert_nonnull (model->gateway_id);
  return model;
}

/* A device with a sensor and its own certificate (the pem answer, saved). */
static Device *
device_new (HeraldTestSandbox *sandbox,
            Model             *model,
            const char        *name)
{
  Device *device = g_new0 (Device, 1);
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  g_autoptr(JsonNode) pem = NULL;
  JsonObject *object;
  guint status = 0;

  body = g_strdup_printf ("{\"gatewayId\": \"%s\", \"name\": \"%s\"}", model->gateway_id, name);
  device->id = post_for_id (sandbox, "/devices", body, &device->alternate_id);
  g_free (body);
  body = g_strdup_printf ("{\"deviceId\": \"%s\", \"name\": \"%sSensor\", \"sensorTypeId\": \"%s\"}",
                          device->id, name, model->sensor_type_id);
  device->sensor_id = post_for_id (sandbox, "/sensors", body, &device->sensor_alternate_id);

  path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/pem", device->id);
  pem = request (sandbox, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (pem);
  device->secret = g_strdup (json_object_get_string_member (object, "secret"));
  device->pem_file = g_build_filename (model->dir, file, NULL);
  g_assert_true (g_file_set_contents_full (device->pem_file, json_object_get_string_member (object, "pem"), -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  return device;
}

static void
post_command (HeraldTestSandbox *sandbox,
              Model             *model,
              Device            *device,
              guint              n)
{
  g_autofree char *path = g_strdup_printf ("/devices/%s/commands", device->id);
  g_autofree char *body = g_strdup_printf ("{\"sensorId\": \"%s\", \"capabilityId\": \"%s\", "
                                           "\"command\": {\"LED\": \"true\", \"Speed\": \"%u.0\"}}",
                                           device->sensor_id, model->capability_id, n);
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  answer = request (sandbox, "POST", path, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* --- MQTT ------------------------------------------------------------- */

typedef struct
{
  MQTTAsync    client;
  GMutex       lock;
  GCond        cond;
  int          state;  /* 0 pending, 1 ok, -1 failed */
  GAsyncQueue *messages;  /* payloads */
} Mqtt;

static void
mqtt_signal (Mqtt *mqtt,
             int   state)
{
  g_mutex_lock (&mqtt->lock);
  mqtt->state = state;
  g_cond_broadcast (&mqtt->cond);
  g_mutex_unlock (&mqtt->lock);
}

static void on_success (void *context, MQTTAsync_successData *response) { mqtt_signal (context, 1); }
static void on_failure (void *context, MQTTAsync_failureData *response) { mqtt_signal (context, -1); }

static int
on_message (void              *context,
            char              *topic,
            int                topic_length,
            MQTTAsync_message *message)
{
  Mqtt *mqtt = context;

  g_async_queue_push (mqtt->messages, g_strndup (message->payload, message->payloadlen));
  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic);
  return 1;
}

static gboolean
mqtt_wait (Mqtt *mqtt)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int state;

  g_mutex_lock (&mqtt->lock);
  while (mqtt->state == 0)
    if (!g_cond_wait_until (&mqtt->cond, &mqtt->lock, deadline))
      break;
  state = mqtt->state;
  mqtt->state = 0;
  g_mutex_unlock (&mqtt->lock);
  return state == 1;
}

static void
mqtt_free (Mqtt *mqtt)
{
  if (mqtt->client != NULL)
    {
      MQTTAsync_disconnectOptions options = MQTTAsync_disconnectOptions_initializer;

      options.timeout = 200;
      MQTTAsync_disconnect (mqtt->client, &options);
      /* Disconnecting is asynchronous: let it reach the broker. */
      for (guint i = 0; i < 100 && MQTTAsync_isConnected (mqtt->client); i++)
        g_usleep (10 * 1000);
      MQTTAsync_destroy (&mqtt->client);
    }
  g_async_queue_unref (mqtt->messages);
  g_mutex_clear (&mqtt->lock);
  g_cond_clear (&mqtt->cond);
  g_free (mqtt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mqtt, mqtt_free)

/* Connects with @device's certificate, claiming @client_id. A persistent
 * session unless @clean_session; reconnecting by itself if @reconnect.
 * NULL when the broker refuses. */
static Mqtt *
mqtt_connect (HeraldTestSandbox *sandbox,
              Device            *device,
              const char        *client_id,
              gboolean           clean_session,
              gboolean           reconnect)
{
  Mqtt *mqtt = g_new0 (Mqtt, 1);
  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;

  g_mutex_init (&mqtt->lock);
  g_cond_init (&mqtt->cond);
  mqtt->messages = g_async_queue_new_full (g_free);

  g_assert_cmpint (MQTTAsync_create (&mqtt->client, herald_test_sandbox_get_mqtt_uri (sandbox),
                                     client_id, MQTTCLIENT_PERSISTENCE_NONE, NULL), ==, MQTTASYNC_SUCCESS);
  MQTTAsync_setCallbacks (mqtt->client, mqtt, NULL, on_message, NULL);

  ssl.trustStore = herald_test_sandbox_get_ca_file (sandbox);
  ssl.keyStore = device->pem_file;
  ssl.privateKey = device->pem_file;
  ssl.privateKeyPassword = device->secret;
  ssl.enableServerCertAuth = 1;
  ssl.verify = 1;
  options.ssl = &ssl;
  options.cleansession = clean_session;
  options.keepAliveInterval = 30;
  options.connectTimeout = 5;
  options.automaticReconnect = reconnect;
  options.minRetryInterval = 1;
  options.maxRetryInterval = 1;
  options.onSuccess = on_success;
  options.onFailure = on_failure;
  options.context = mqtt;

  if (MQTTAsync_connect (mqtt->client, &options) != MQTTASYNC_SUCCESS || !mqtt_wait (mqtt))
    {
      mqtt_free (mqtt);
      return NULL;
    }
  return mqtt;
}

static void
mqtt_subscribe (Mqtt       *mqtt,
                const char *topic)
{
  MQTTAsync_responseOptions options = MQTTAsync_responseOptions_initializer;

  options.onSuccess = on_success;
  options.onFailure = on_failure;
  options.context = mqtt;
  g_assert_cmpint (MQTTAsync_subscribe (mqtt->client, topic, 1, &options), ==, MQTTASYNC_SUCCESS);
  g_assert_true (mqtt_wait (mqtt));
}

static void
mqtt_publish (Mqtt       *mqtt,
              const char *topic,
              const char *payload)
{
  MQTTAsync_responseOptions options = MQTTAsync_responseOptions_initializer;

  options.onSuccess = on_success;
  options.onFailure = on_failure;
  options.context = mqtt;
  g_assert_cmpint (MQTTAsync_send (mqtt->client, topic, strlen (payload), payload, 1, 0, &options),
                   ==, MQTTASYNC_SUCCESS);
  g_assert_true (mqtt_wait (mqtt));
}

/* Counts the messages that arrive within @timeout_ms of each other, up to
 * @expected. */
static guint
mqtt_count (Mqtt  *mqtt,
            guint  expected,
            guint  timeout_ms)
{
  guint count = 0;

  while (count < expected)
    {
      g_autofree char *payload = g_async_queue_timeout_pop (mqtt->messages, (guint64) timeout_ms * 1000);

      if (payload == NULL)
        break;
      count++;
    }
  return count;
}

/* --- Tests ------------------------------------------------------------ */

/* B keeps a persistent session, goes offline with three commands queued;
 * A connects with its own certificate claiming B's client id. B must still
 * get all three. */
static void
test_client_id_takeover (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autoptr(Model) model = NULL;
  g_autoptr(Device) a = NULL;
  g_autoptr(Device) b = NULL;
  g_autoptr(Mqtt) mqtt_a = NULL;
  g_autoptr(Mqtt) mqtt_b = NULL;
  g_autofree char *topic = NULL;
  guint received;

  g_assert_no_error (error);
  model = model_new (sandbox);
  a = device_new (sandbox, model, "DeviceA");
  b = device_new (sandbox, model, "DeviceB");
  topic = g_strconcat ("commands/", b->alternate_id, NULL);

  mqtt_b = mqtt_connect (sandbox, b, b->alternate_id, FALSE, FALSE);
  g_assert_nonnull (mqtt_b);
  mqtt_subscribe (mqtt_b, topic);
  g_clear_pointer (&mqtt_b, mqtt_free);

  for (guint i = 0; i < 3; i++)
    post_command (sandbox, model, b, i);
  /* The sandbox hands the commands to the broker right after answering. */
  g_usleep (300 * 1000);

  /* A, with its own valid certificate, claims B's client id (a clean
   * session, which would drop B's session and its queue). */
  mqtt_a = mqtt_connect (sandbox, a, b->alternate_id, TRUE, FALSE);
  g_assert_nonnull (mqtt_a);
  g_usleep (300 * 1000);
  g_clear_pointer (&mqtt_a, mqtt_free);

  mqtt_b = mqtt_connect (sandbox, b, b->alternate_id, FALSE, FALSE);
  g_assert_nonnull (mqtt_b);
  received = mqtt_count (mqtt_b, 3, 5000);
  g_test_message ("B received %u of 3 queued commands after A claimed its client id", received);
  g_assert_cmpuint (received, ==, 3);
  g_clear_pointer (&mqtt_b, mqtt_free);

  g_clear_pointer (&a, device_free);
  g_clear_pointer (&b, device_free);
  g_clear_pointer (&model, model_free);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* A device claims the sandbox's own client id, and keeps reconnecting as
 * it: every measure of another device still gets its ack. */
static void
test_bridge_id_squat (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autoptr(Model) model = NULL;
  g_autoptr(Device) a = NULL;
  g_autoptr(Device) b = NULL;
  g_autoptr(Mqtt) mqtt_a = NULL;
  g_autoptr(Mqtt) mqtt_b = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *measures = NULL;
  g_autofree char *body = NULL;
  g_autofree char *reserved = NULL;
  guint status = 0;
  guint acks = 0;

  g_assert_no_error (error);
  model = model_new (sandbox);

  /* No device can have the sandbox's identity as alternate id (and so as
   * the CN of its certificate). */
  reserved = g_strdup_printf ("{\"gatewayId\": \"%s\", \"name\": \"Squatter\", \"alternateId\": \"%s\"}",
                              model->gateway_id, SANDBOX_IDENTITY);
  answer = request (sandbox, "POST", "/devices", reserved, &status);
  g_assert_cmpuint (status, ==, 409);

  a = device_new (sandbox, model, "DeviceA");
  b = device_new (sandbox, model, "DeviceB");
  ack = g_strconcat ("ack/", b->alternate_id, NULL);
  measures = g_strconcat ("measures/", b->alternate_id, NULL);

  mqtt_b = mqtt_connect (sandbox, b, b->alternate_id, TRUE, FALSE);
  g_assert_nonnull (mqtt_b);
  mqtt_subscribe (mqtt_b, ack);

  mqtt_a = mqtt_connect (sandbox, a, SANDBOX_IDENTITY, TRUE, TRUE);
  g_assert_nonnull (mqtt_a);

  body = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                          "\"measures\": [[true, 1.5]]}",
                          model->capability_alternate_id, b->sensor_alternate_id);
  for (guint i = 0; i < 40; i++)
    {
      mqtt_publish (mqtt_b, measures, body);
      g_usleep (50 * 1000);
    }
  acks = mqtt_count (mqtt_b, 40, 5000);
  g_test_message ("%u of 40 measures acknowledged while a device claimed the sandbox's client id", acks);
  g_assert_cmpuint (acks, ==, 40);

  g_clear_pointer (&mqtt_a, mqtt_free);
  g_clear_pointer (&mqtt_b, mqtt_free);
  g_clear_pointer (&a, device_free);
  g_clear_pointer (&b, device_free);
  g_clear_pointer (&model, model_free);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static GPid
broker_pid (HeraldTestSandbox *sandbox)
{
  g_autofree char *pid_file = g_build_filename (herald_test_sandbox_get_data_dir (sandbox),
                                                "mosquitto.pid", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (pid_file, &text, NULL, NULL))
    return 0;
  return atoi (text);
}

/* Three commands wait for an offline persistent session; the broker is
 * killed; the sandbox starts it again; the device gets all three. */
static void
test_broker_crash (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autoptr(Model) model = NULL;
  g_autoptr(Device) b = NULL;
  g_autoptr(Mqtt) mqtt_b = NULL;
  g_autofree char *topic = NULL;
  GPid killed;
  guint received;

  g_assert_no_error (error);
  model = model_new (sandbox);
  b = device_new (sandbox, model, "DeviceB");
  topic = g_strconcat ("commands/", b->alternate_id, NULL);

  mqtt_b = mqtt_connect (sandbox, b, b->alternate_id, FALSE, FALSE);
  g_assert_nonnull (mqtt_b);
  mqtt_subscribe (mqtt_b, topic);
  g_clear_pointer (&mqtt_b, mqtt_free);

  /* The sandbox answers once the broker has confirmed each command: the
   * kill comes right after the third answer. */
  for (guint i = 0; i < 3; i++)
    post_command (sandbox, model, b, i);

  killed = broker_pid (sandbox);
  g_assert_cmpint (killed, >, 0);
  g_assert_cmpint (kill (killed, SIGKILL), ==, 0);

  /* The sandbox starts its broker again on the same port. */
  for (guint i = 0; i < 100 && mqtt_b == NULL; i++)
    {
      g_usleep (100 * 1000);
      if (broker_pid (sandbox) != 0 && broker_pid (sandbox) != killed)
        mqtt_b = mqtt_connect (sandbox, b, b->alternate_id, FALSE, FALSE);
    }
  g_assert_nonnull (mqtt_b);
  received = mqtt_count (mqtt_b, 3, 5000);
  g_test_message ("%u of 3 queued commands delivered after the broker was killed", received);
  g_assert_cmpuint (received, ==, 3);
  g_clear_pointer (&mqtt_b, mqtt_free);

  g_clear_pointer (&b, device_free);
  g_clear_pointer (&model, model_free);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* --- The launcher's parent dies --------------------------------------- */

/* The child process: starts a sandbox with HeraldSandboxLauncher on its
 * main thread and waits to be killed. */
static int
launcher_child (const char *data_dir)
{
  g_autoptr(HeraldSandboxLauncher) launcher = herald_sandbox_launcher_new (data_dir);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;

  if (!herald_sandbox_launcher_start (launcher, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_main_loop_run (loop);
  return 0;
}

static gboolean
process_runs (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *paren;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  paren = strrchr (stat, ')');
  return paren != NULL && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

static GPid
sandbox_pid (const char *info_file)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_file (parser, info_file, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                  "pid", 0);
}

static void
die_with_test (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
test_launcher_parent_killed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("hostile-launcher-XXXXXX", &error);
  g_autofree char *info_file = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  GPid sandbox = 0, broker = 0;
  gint64 deadline;
  gboolean ended;

  g_assert_no_error (error);
  info_file = g_build_filename (data_dir, "sandbox.json", NULL);
  /* The child goes when this test goes (a failed assertion included), or
   * it would keep meson waiting on its output until the time-out. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, "--launcher-child", data_dir, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (sandbox == 0 && g_get_monotonic_time () < deadline)
    {
      g_usleep (50 * 1000);
      sandbox = sandbox_pid (info_file);
    }
  g_assert_cmpint (sandbox, >, 0);
  {
    g_autofree char *pid_file = g_build_filename (data_dir, "mosquitto.pid", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (pid_file, &text, NULL, NULL));
    broker = atoi (text);
  }

  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, NULL));

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((ended = !process_runs (sandbox)) == FALSE && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  if (!ended)
    {
      /* Not this test's to leave behind. */
      kill (sandbox, SIGTERM);
      for (guint i = 0; i < 100 && process_runs (sandbox); i++)
        g_usleep (50 * 1000);
    }
  g_assert_true (ended);
  /* It stopped cleanly: its broker went with it, sandbox.json is gone. */
  for (guint i = 0; i < 100 && process_runs (broker); i++)
    g_usleep (50 * 1000);
  g_assert_false (process_runs (broker));
  g_assert_false (g_file_test (info_file, G_FILE_TEST_EXISTS));

  {
    const char *argv[] = { "rm", "-rf", data_dir, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, NULL, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  if (argc == 3 && strcmp (argv[1], "--launcher-child") == 0)
    return launcher_child (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signal (SIGPIPE, SIG_IGN);
  MQTTAsync_setTraceLevel (MQTTASYNC_TRACE_ERROR);

  g_test_add_func ("/sandbox-hostile/client-id-takeover", test_client_id_takeover);
  g_test_add_func ("/sandbox-hostile/bridge-id-squat", test_bridge_id_squat);
  g_test_add_func ("/sandbox-hostile/broker-crash", test_broker_crash);
  g_test_add_func ("/sandbox-hostile/launcher-parent-killed", test_launcher_parent_killed);

  return g_test_run ();
}

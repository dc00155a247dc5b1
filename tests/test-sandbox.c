/* test-sandbox.c: the real herald-sandbox, driven like a user would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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
#include <sys/stat.h>

#include "herald-test-sandbox.h"
#include "src/sandbox/herald-sandbox-server-routes.h"

/* The seed's JSON bodies, exactly as the tutorial prints them. */
static const char seed_capability[] =
  "{\n"
  "\"name\": \"MyCapability\",\n"
  "  \"properties\": [\n"
  "    {\n"
  "      \"name\" : \"LED\",\n"
  "      \"dataType\" : \"boolean\"\n"
  "    },\n"
  "    {\n"
  "      \"name\" : \"Buzzer\",\n"
  "      \"dataType\" : \"boolean\"\n"
  "    },\n"
  "    {\n"
  "      \"name\" : \"Speed\",\n"
  "      \"dataType\" : \"float\",\n"
  "      \"unitOfMeasure\" : \"mph\"\n"
  "    }\n"
  "  ]\n"
  "}\n";
static const char seed_sensor_type[] =
  "{\n"
  "  \"capabilities\": [\n"
  "    {\n"
  "      \"id\": \"%s\",\n"
  "      \"type\": \"command\"\n"
  "    }\n"
  "  ],\n"
  "  \"name\": \"MySensorType\"\n"
  "}\n";
static const char seed_device[] =
  "{\n"
  "\t\"gatewayId\" : \"%s\",\n"
  "\t\"name\": \"MyDevice\"\n"
  "}\n";
static const char seed_sensor[] =
  "{\n"
  "  \"deviceId\": \"%s\",\n"
  "  \"name\": \"MySensor\",\n"
  "  \"sensorTypeId\": \"%s\"\n"
  "}\n";
static const char seed_command[] =
  "{\n"
  "    \"sensorId\": \"%s\",\n"
  "    \"capabilityId\": \"%s\",\n"
  "    \"command\": {\n"
  "        \"LED\": \"true\",\n"
  "        \"Buzzer\": \"true\",\n"
  "        \"Speed\": \"50.0\"\n"
  "    }\n"
  "}\n";
/* The seed's delivered message, with %s for the real alternate ids. */
static const char seed_delivered[] =
  "{\"sensorAlternateId\":\"%s\",\"capabilityAlternateId\":\"%s\""
  ",\"command\":{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":50.0}}";

/* --- HTTP ------------------------------------------------------------- */

typedef struct
{
  guint       status;
  char       *body;
  JsonNode   *json;
  SoupMessageHeaders *headers;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_clear_pointer (&answer->json, json_node_unref);
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static Answer *
request_full (HeraldTestSandbox *sandbox,
              const char        *method,
              const char        *path,
              const char        *body,
              gssize             body_length,
              const char        *user,
              const char        *password)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autofree char *url = g_strconcat (herald_test_sandbox_get_api_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Answer *answer = g_new0 (Answer, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (msg);
  if (user != NULL)
    {
      g_autofree char *pair = g_strconcat (user, ":", password, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, body_length < 0 ? strlen (body) : (gsize) body_length);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_bytes_get_size (bytes) > 0
                 ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                 : g_strdup ("");
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (*answer->body != '\0' && json_parser_load_from_data (parser, answer->body, -1, NULL))
    answer->json = json_node_ref (json_parser_get_root (parser));
  return answer;
}

static Answer *
request (HeraldTestSandbox *sandbox,
         const char        *method,
         const char        *path,
         const char        *body)
{
  return request_full (sandbox, method, path, body, -1,
                       herald_test_sandbox_get_user (sandbox),
                       herald_test_sandbox_get_password (sandbox));
}

static JsonObject *
object_of (Answer *answer)
{
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));
  return json_node_get_object (answer->json);
}

static const char *
member (Answer     *answer,
        const char *name)
{
  JsonObject *object = object_of (answer);

  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member (object, name);
}

/* An error answer: the status, and a JSON object with a message. */
static void
assert_error (Answer *answer,
              guint   status)
{
  if (answer->status != status)
    g_error ("expected %u, got %u: %s", status, answer->status, answer->body);
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));
  g_assert_true (json_object_has_member (json_node_get_object (answer->json), "message"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer->json), "message"), !=, "");
}

static Answer *
post_ok (HeraldTestSandbox *sandbox,
         const char        *path,
         const char        *body)
{
  Answer *answer = request (sandbox, "POST", path, body);

  if (answer->status != 200)
    g_error ("POST %s: %u %s", path, answer->status, answer->body);
  return answer;
}

/* --- MQTT ------------------------------------------------------------- */

typedef struct
{
  MQTTAsync     client;
  GMutex        lock;
  GCond         cond;
  int           state;  /* 0 pending, 1 ok, -1 failed */
  GAsyncQueue  *messages;
  char         *cert_file;
} Mqtt;

typedef struct
{
  char   *topic;
  char   *payload;
} Received;

static void
received_free (gpointer data)
{
  Received *received = data;

  g_free (received->topic);
  g_free (received->payload);
  g_free (received);
}

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
  Received *received = g_new0 (Received, 1);

  received->topic = g_strdup (topic);
  received->payload = g_strndup (message->payload, message->payloadlen);
  g_async_queue_push (mqtt->messages, received);
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
      options.timeout = 100;
      MQTTAsync_disconnect (mqtt->client, &options);
      MQTTAsync_destroy (&mqtt->client);
    }
  g_async_queue_unref (mqtt->messages);
  g_mutex_clear (&mqtt->lock);
  g_cond_clear (&mqtt->cond);
  if (mqtt->cert_file != NULL)
    g_unlink (mqtt->cert_file);
  g_free (mqtt->cert_file);
  g_free (mqtt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mqtt, mqtt_free)

/* Connects as a device with the pem answer's file (encrypted key, then the
 * certificate), the way a Paho user would. NULL when the broker refuses. */
static Mqtt *
mqtt_connect (HeraldTestSandbox *sandbox,
              const char        *client_id,
              const char        *pem_file,
              const char        *secret)
{
  Mqtt *mqtt = g_new0 (Mqtt, 1);
  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;

  g_mutex_init (&mqtt->lock);
  g_cond_init (&mqtt->cond);
  mqtt->messages = g_async_queue_new_full (received_free);

  g_assert_cmpint (MQTTAsync_create (&mqtt->client, herald_test_sandbox_get_mqtt_uri (sandbox),
                                     client_id, MQTTCLIENT_PERSISTENCE_NONE, NULL), ==, MQTTASYNC_SUCCESS);
  MQTTAsync_setCallbacks (mqtt->client, mqtt, NULL, on_message, NULL);

  ssl.trustStore = herald_test_sandbox_get_ca_file (sandbox);
  ssl.keyStore = pem_file;
  ssl.privateKey = pem_file;
  ssl.privateKeyPassword = secret;
  ssl.enableServerCertAuth = 1;
  ssl.verify = 1;
  options.ssl = &ssl;
  options.cleansession = 1;
  options.keepAliveInterval = 30;
  options.connectTimeout = 5;
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

static Received *
mqtt_next (Mqtt   *mqtt,
           guint   timeout_ms)
{
  return g_async_queue_timeout_pop (mqtt->messages, (guint64) timeout_ms * 1000);
}

/* --- The seed's model ------------------------------------------------- */

typedef struct
{
  char *capability_id;
  char *capability_alternate_id;
  char *sensor_type_id;
  char *device_id;
  char *device_alternate_id;
  char *sensor_id;
  char *sensor_alternate_id;
  char *secret;
  char *pem_file;
} Model;

static void
model_free (Model *model)
{
  g_free (model->capability_id);
  g_free (model->capability_alternate_id);
  g_free (model->sensor_type_id);
  g_free (model->device_id);
  g_free (model->device_alternate_id);
  g_free (model->sensor_id);
  g_free (model->sensor_alternate_id);
  g_free (model->secret);
  if (model->pem_file != NULL)
    g_unlink (model->pem_file);
  g_free (model->pem_file);
  g_free (model);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, model_free)

static char *
mqtt_gateway_id (HeraldTestSandbox *sandbox)
{
  g_autoptr(Answer) gateways = request (sandbox, "GET", "/gateways", NULL);
  JsonArray *array;

  g_assert_cmpuint (gateways->status, ==, 200);
  array = json_node_get_array (gateways->json);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *gateway = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member (gateway, "protocolId"), "mqtt") == 0)
        return g_strdup (json_object_get_string_member (gateway, "id"));
    }
  g_assert_not_reached ();
}

/* A device with a new certificate saved as certificate.pem in @dir. */
static void
add_device (HeraldTestSandbox *sandbox,
            Model             *model,
            const char        *dir,
            const char        *name)
{
  g_autofree char *gateway = mqtt_gateway_id (sandbox);
  g_autofree char *body = g_strdup_printf (seed_device, gateway);
  g_autoptr(Answer) device = NULL;
  g_autoptr(Answer) sensor = NULL;
  g_autoptr(Answer) pem = NULL;
  g_autofree char *path = NULL;

  if (name != NULL)
    {
      g_free (body);
      body = g_strdup_printf ("{\"gatewayId\": \"%s\", \"name\": \"%s\"}", gateway, name);
    }
  device = post_ok (sandbox, "/devices", body);
  model->device_id = g_strdup (member (device, "id"));
  model->device_alternate_id = g_strdup (member (device, "alternateId"));

  g_free (body);
  body = g_strdup_printf (seed_sensor, model->device_id, model->sensor_type_id);
  sensor = post_ok (sandbox, "/sensors", body);
  model->sensor_id = g_strdup (member (sensor, "id"));
  model->sensor_alternate_id = g_strdup (member (sensor, "alternateId"));

  path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/pem", model->device_id);
  pem = request (sandbox, "GET", path, NULL);
  g_assert_cmpuint (pem->status, ==, 200);
  model->secret = g_strdup (member (pem, "secret"));
  g_assert_cmpuint (strlen (model->secret), >=, 16);
  g_assert_true (g_str_has_prefix (member (pem, "pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  g_assert_nonnull (strstr (member (pem, "pem"), "-----BEGIN CERTIFICATE-----"));
  model->pem_file = g_build_filename (dir, "certificate.pem", NULL);
  g_assert_true (g_file_set_contents_full (model->pem_file, member (pem, "pem"), -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

static Model *
seed_model (HeraldTestSandbox *sandbox,
            const char        *dir)
{
  Model *model = g_new0 (Model, 1);
  g_autoptr(Answer) capability = post_ok (sandbox, "/capabilities", seed_capability);
  g_autofree char *body = NULL;
  g_autoptr(Answer) sensor_type = NULL;

  model->capability_id = g_strdup (member (capability, "id"));
  model->capability_alternate_id = g_strdup (member (capability, "alternateId"));
  body = g_strdup_printf (seed_sensor_type, model->capability_id);
  sensor_type = post_ok (sandbox, "/sensorTypes", body);
  model->sensor_type_id = g_strdup (member (sensor_type, "id"));
  add_device (sandbox, model, dir, NULL);
  return model;
}

static int
run (const char * const *argv,
     char              **output)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (output != NULL)
    *output = g_strconcat (out, err, NULL);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* --- Tests ------------------------------------------------------------ */

static void
test_start_stop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *info = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *proc = NULL;
  g_autoptr(Answer) gateways = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  info = g_build_filename (herald_test_sandbox_get_data_dir (sandbox), "sandbox.json", NULL);
  g_assert_cmpint (g_stat (info, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_str_has_prefix (herald_test_sandbox_get_api_url (sandbox), "http://"));
  g_assert_true (g_str_has_suffix (herald_test_sandbox_get_api_url (sandbox), "/iot/core/api/v1"));
  g_assert_true (g_str_has_prefix (herald_test_sandbox_get_mqtt_uri (sandbox), "ssl://localhost:"));
  g_assert_true (g_path_is_absolute (herald_test_sandbox_get_ca_file (sandbox)));
  g_assert_cmpstr (herald_test_sandbox_get_user (sandbox), ==, "admin");
  g_assert_cmpuint (strlen (herald_test_sandbox_get_password (sandbox)), >=, 16);
  g_assert_cmpstr (herald_test_sandbox_get_flavor (sandbox), ==, "classic");

  gateways = request (sandbox, "GET", "/gateways", NULL);
  g_assert_cmpuint (gateways->status, ==, 200);

  pid_file = g_build_filename (herald_test_sandbox_get_data_dir (sandbox), "mosquitto.pid", NULL);
  g_assert_true (g_file_get_contents (pid_file, &pid_text, NULL, NULL));
  proc = g_strdup_printf ("/proc/%d", atoi (pid_text));
  g_assert_true (g_file_test (proc, G_FILE_TEST_EXISTS));

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
  g_assert_false (g_file_test (info, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
}

static void
test_seed_classic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *dir = g_dir_make_tmp ("seed-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autoptr(Answer) capability = NULL;
  g_autoptr(Answer) device = NULL;
  g_autoptr(Answer) gateways = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(Mqtt) mqtt = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *ks = NULL;
  g_autofree char *pass = NULL;
  g_autofree char *output = NULL;
  Received *received;
  JsonObject *object;
  JsonArray *properties, *sensors;

  g_assert_no_error (error);

  /* Step 1 to 4 with the seed's bodies. */
  model = seed_model (sandbox, dir);

  path = g_strdup_printf ("/capabilities/%s", model->capability_id);
  capability = request (sandbox, "GET", path, NULL);
  g_assert_cmpuint (capability->status, ==, 200);
  g_assert_cmpuint (strlen (model->capability_alternate_id), ==, 16);
  properties = json_object_get_array_member (object_of (capability), "properties");
  g_assert_cmpuint (json_array_get_length (properties), ==, 3);
  g_assert_false (json_object_has_member (json_array_get_object_element (properties, 0), "formatter"));
  object = json_array_get_object_element (properties, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "unitOfMeasure"), ==, "mph");
  g_assert_true (json_object_has_member (object, "formatter"));

  gateways = request (sandbox, "GET", "/gateways", NULL);
  object = json_array_get_object_element (json_node_get_array (gateways->json), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "IoT Gateway MQTT");
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "2");

  g_free (path);
  path = g_strdup_printf ("/devices/%s", model->device_id);
  device = request (sandbox, "GET", path, NULL);
  g_assert_cmpstr (member (device, "status"), ==, "fullyFunctional");
  sensors = json_object_get_array_member (object_of (device), "sensors");
  g_assert_cmpuint (json_array_get_length (sensors), ==, 2);
  object = json_array_get_object_element (sensors, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "alternateId"), ==, "0:0:0:0");
  g_assert_cmpstr (json_object_get_string_member (object, "sensorTypeId"), ==, "0");

  /* Step 5: the seed's openssl command, the secret for every password. */
  ks = g_build_filename (dir, "client.ks", NULL);
  pass = g_strconcat ("pass:", model->secret, NULL);
  {
    const char *argv[] = { "openssl", "pkcs12", "-export", "-in", model->pem_file, "-inkey",
                           model->pem_file, "-out", ks, "-passin", pass, "-passout", pass, NULL };
    g_assert_cmpint (run (argv, &output), ==, 0);
  }
  {
    const char *argv[] = { "openssl", "pkcs12", "-in", ks, "-passin", pass, "-nokeys", "-clcerts", NULL };
    g_clear_pointer (&output, g_free);
    g_assert_cmpint (run (argv, &output), ==, 0);
    g_assert_nonnull (strstr (output, model->device_alternate_id));
  }
  {
    /* The key does not open with another password. */
    const char *argv[] = { "openssl", "pkey", "-in", model->pem_file, "-passin", "pass:wrong-secret-123", "-noout", NULL };
    g_assert_cmpint (run (argv, NULL), !=, 0);
  }

  /* Step 6: connect as the device, subscribe, post the seed's command. */
  mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
  g_assert_nonnull (mqtt);
  topic = g_strconcat ("commands/", model->device_alternate_id, NULL);
  mqtt_subscribe (mqtt, topic);

  g_free (path);
  path = g_strdup_printf ("/devices/%s/commands", model->device_id);
  body = g_strdup_printf (seed_command, model->sensor_id, model->capability_id);
  answer = request (sandbox, "POST", path, body);
  g_assert_cmpuint (answer->status, ==, 200);
  g_assert_cmpstr (member (answer, "message"), ==, "Command issued successfully.");

  received = mqtt_next (mqtt, 10000);
  g_assert_nonnull (received);
  expected = g_strdup_printf (seed_delivered, model->sensor_alternate_id, model->capability_alternate_id);
  g_assert_cmpstr (received->topic, ==, topic);
  g_assert_cmpstr (received->payload, ==, expected);
  received_free (received);

  g_unlink (ks);
  g_clear_pointer (&model, model_free);
  g_rmdir (dir);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_seed_tenant (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("tenant", &error);
  g_autofree char *dir = g_dir_make_tmp ("tenant-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autoptr(Answer) device = NULL;
  g_autoptr(Answer) gateways = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(Answer) bad = NULL;
  g_autoptr(Mqtt) mqtt = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *expected = NULL;
  Received *received;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (herald_test_sandbox_get_api_url (sandbox),
                                   "/iot/core/api/v1/tenant/default"));
  model = seed_model (sandbox, dir);

  gateways = request (sandbox, "GET", "/gateways", NULL);
  object = json_array_get_object_element (json_node_get_array (gateways->json), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "MQTT Gateway");
  g_assert_cmpstr (json_object_get_string_member (object, "alternateId"), ==, "GATEWAY_CLOUD_MQTT");

  path = g_strdup_printf ("/devices/%s", model->device_id);
  device = request (sandbox, "GET", path, NULL);
  g_assert_false (json_object_has_member (object_of (device), "status"));
  g_assert_false (json_object_has_member (object_of (device), "sensors"));

  mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
  g_assert_nonnull (mqtt);
  topic = g_strconcat ("commands/", model->device_alternate_id, NULL);
  mqtt_subscribe (mqtt, topic);

  g_free (path);
  path = g_strdup_printf ("/devices/%s/commands", model->device_id);
  body = g_strdup_printf ("{\"sensorId\": \"%s\", \"capabilityId\": \"%s\", "
                          "\"command\": {\"LED\": true, \"Buzzer\": false, \"Speed\": 50.1}}",
                          model->sensor_id, model->capability_id);
  answer = request (sandbox, "POST", path, body);
  g_assert_cmpuint (answer->status, ==, 202);
  g_assert_cmpstr (member (answer, "message"), ==, "Command issued successfully.");

  received = mqtt_next (mqtt, 10000);
  g_assert_nonnull (received);
  expected = g_strdup_printf ("{\"sensorAlternateId\":\"%s\",\"capabilityAlternateId\":\"%s\","
                              "\"command\":{\"LED\":true,\"Buzzer\":false,\"Speed\":50.1}}",
                              model->sensor_alternate_id, model->capability_alternate_id);
  g_assert_cmpstr (received->payload, ==, expected);
  received_free (received);

  /* A value of the wrong type names the property. */
  g_free (body);
  body = g_strdup_printf ("{\"sensorId\": \"%s\", \"capabilityId\": \"%s\", "
                          "\"command\": {\"Speed\": true}}", model->sensor_id, model->capability_id);
  bad = request (sandbox, "POST", path, body);
  assert_error (bad, 400);
  g_assert_nonnull (strstr (bad->body, "Speed"));

  g_clear_pointer (&model, model_free);
  g_rmdir (dir);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* The ACL: a second device reads none of the first's commands and cannot
 * write its measures. */
static void
test_acl (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *dir1 = g_dir_make_tmp ("acl1-XXXXXX", NULL);
  g_autofree char *dir2 = g_dir_make_tmp ("acl2-XXXXXX", NULL);
  g_autoptr(Model) first = NULL;
  g_autoptr(Model) second = g_new0 (Model, 1);
  g_autoptr(Mqtt) mqtt1 = NULL;
  g_autoptr(Mqtt) mqtt2 = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(Answer) measures = NULL;
  g_autofree char *topic1 = NULL;
  g_autofree char *ack1 = NULL;
  g_autofree char *measures1 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  Received *received;

  g_assert_no_error (error);
  first = seed_model (sandbox, dir1);
  second->sensor_type_id = g_strdup (first->sensor_type_id);
  add_device (sandbox, second, dir2, "OtherDevice");

  mqtt1 = mqtt_connect (sandbox, first->device_alternate_id, first->pem_file, first->secret);
  mqtt2 = mqtt_connect (sandbox, second->device_alternate_id, second->pem_file, second->secret);
  g_assert_nonnull (mqtt1);
  g_assert_nonnull (mqtt2);

  topic1 = g_strconcat ("commands/", first->device_alternate_id, NULL);
  ack1 = g_strconcat ("ack/", first->device_alternate_id, NULL);
  measures1 = g_strconcat ("measures/", first->device_alternate_id, NULL);
  mqtt_subscribe (mqtt1, topic1);
  mqtt_subscribe (mqtt1, ack1);
  /* MQTT 3.1.1: the broker grants the subscription and sends nothing. */
  mqtt_subscribe (mqtt2, topic1);
  mqtt_subscribe (mqtt2, "commands/#");
  mqtt_subscribe (mqtt2, ack1);

  path = g_strdup_printf ("/devices/%s/commands", first->device_id);
  body = g_strdup_printf (seed_command, first->sensor_id, first->capability_id);
  answer = request (sandbox, "POST", path, body);
  g_assert_cmpuint (answer->status, ==, 200);

  received = mqtt_next (mqtt1, 10000);
  g_assert_nonnull (received);
  received_free (received);

  /* The second device writes measures as the first: dropped by the broker. */
  g_free (body);
  body = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                          "\"measures\": [[true, true, 1.5]]}",
                          first->capability_alternate_id, first->sensor_alternate_id);
  mqtt_publish (mqtt2, measures1, body);

  /* Within a second the first device would have seen an ack. */
  received = mqtt_next (mqtt1, 1000);
  g_assert_null (received);
  received = mqtt_next (mqtt2, 200);
  g_assert_null (received);

  g_free (path);
  path = g_strdup_printf ("/devices/%s/measures", first->device_id);
  measures = request (sandbox, "GET", path, NULL);
  g_assert_cmpuint (measures->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (measures->json)), ==, 0);

  g_clear_pointer (&first, model_free);
  g_clear_pointer (&second, model_free);
  g_rmdir (dir1);
  g_rmdir (dir2);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_measures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *dir = g_dir_make_tmp ("measures-XXXXXX", NULL);
  g_autoptr(Model) model = g_new0 (Model, 1);
  g_autoptr(Answer) capability = NULL;
  g_autoptr(Answer) sensor_type = NULL;
  g_autoptr(Answer) list = NULL;
  g_autoptr(Mqtt) mqtt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Received *received;
  JsonObject *object;

  g_assert_no_error (error);
  capability = post_ok (sandbox, "/capabilities",
                        "{\"name\": \"Climate\", \"properties\": [{\"name\": \"temperature\", "
                        "\"dataType\": \"float\"}, {\"name\": \"humidity\", \"dataType\": \"integer\"}]}");
  model->capability_id = g_strdup (member (capability, "id"));
  model->capability_alternate_id = g_strdup (member (capability, "alternateId"));
  body = g_strdup_printf ("{\"name\": \"ClimateType\", \"capabilities\": [{\"id\": \"%s\", \"type\": \"measure\"}]}",
                          model->capability_id);
  sensor_type = post_ok (sandbox, "/sensorTypes", body);
  model->sensor_type_id = g_strdup (member (sensor_type, "id"));
  add_device (sandbox, model, dir, "Thermometer");

  mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
  g_assert_nonnull (mqtt);
  ack = g_strconcat ("ack/", model->device_alternate_id, NULL);
  topic = g_strconcat ("measures/", model->device_alternate_id, NULL);
  mqtt_subscribe (mqtt, ack);

  g_free (body);
  /* The ack is an array of {id, code, messages} as SAP's clients read it,
   * its id the message's measureMessageId. */
  body = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                          "\"measureMessageId\": \"m-1\", "
                          "\"measures\": [[21.5, 40], {\"temperature\": 22.0}], \"timestamp\": 1525757977416}",
                          model->capability_alternate_id, model->sensor_alternate_id);
  mqtt_publish (mqtt, topic, body);
  received = mqtt_next (mqtt, 10000);
  g_assert_nonnull (received);
  g_assert_cmpstr (received->topic, ==, ack);
  g_assert_true (json_parser_load_from_data (parser, received->payload, -1, NULL));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
  object = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 202);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "m-1");
  g_assert_false (json_object_has_member (object, "messages"));
  received_free (received);

  /* A wrong value: an error code with messages; no measureMessageId, no id. */
  g_free (body);
  body = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                          "\"measures\": [[\"warm\", 40]]}",
                          model->capability_alternate_id, model->sensor_alternate_id);
  mqtt_publish (mqtt, topic, body);
  received = mqtt_next (mqtt, 10000);
  g_assert_nonnull (received);
  g_assert_true (json_parser_load_from_data (parser, received->payload, -1, NULL));
  object = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 400);
  g_assert_false (json_object_has_member (object, "id"));
  g_assert_true (json_object_has_member (object, "messages"));
  g_assert_nonnull (strstr (received->payload, "temperature"));
  received_free (received);

  /* A numeric measureMessageId comes back as it was sent. */
  g_free (body);
  body = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                          "\"measureMessageId\": 7, \"measures\": [[\"warm\", 40]]}",
                          model->capability_alternate_id, model->sensor_alternate_id);
  mqtt_publish (mqtt, topic, body);
  received = mqtt_next (mqtt, 10000);
  g_assert_nonnull (received);
  g_assert_nonnull (strstr (received->payload, "[{\"id\":7,\"code\":400,"));
  received_free (received);

  /* Not JSON at all. */
  mqtt_publish (mqtt, topic, "not json");
  received = mqtt_next (mqtt, 10000);
  g_assert_nonnull (received);
  g_assert_nonnull (strstr (received->payload, "\"code\":400"));
  received_free (received);

  path = g_strdup_printf ("/devices/%s/measures", model->device_id);
  list = request (sandbox, "GET", path, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list->json)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (list->json), 0);
  g_assert_cmpint (json_object_get_int_member (object, "timestamp"), ==, 1525757977416);

  /* Paging reaches every stored measure, not only the newest 1,000: 1,050
   * more, then the page after the first 1,000 holds the other 51. */
  g_free (body);
  body = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                          "\"measures\": [[20.5, 41]]}",
                          model->capability_alternate_id, model->sensor_alternate_id);
  for (guint i = 0; i < 1050; i++)
    mqtt_publish (mqtt, topic, body);
  for (guint i = 0; i < 1050; i++)
    {
      received = mqtt_next (mqtt, 10000);
      g_assert_nonnull (received);
      received_free (received);
    }
  {
    g_autofree char *page_path = g_strdup_printf ("%s?skip=1000&top=100", path);
    g_autoptr(Answer) page = request (sandbox, "GET", page_path, NULL);

    g_assert_cmpuint (page->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (page->json)), ==, 51);
    /* Newest first: the page's last entry is the oldest, the tutorial's. */
    object = json_array_get_object_element (json_node_get_array (page->json), 50);
    g_assert_cmpint (json_object_get_int_member (object, "timestamp"), ==, 1525757977416);
  }

  /* A time range: timestamp compared with lt, le, gt, ge as a number (the
   * 1,050 carry the time they arrived, the first its own of 2018). */
  {
    const struct { const char *filter; guint status; guint n; } cases[] = {
      { "timestamp%20le%201525757977416", 200, 1 },
      { "timestamp%20lt%201525757977416", 200, 0 },
      { "timestamp%20gt%201525757977416", 200, 1050 },
      { "timestamp%20ge%201525757977416%20and%20timestamp%20lt%201525757977417", 200, 1 },
      { "timestamp%20ge%20'soon'", 400, 0 },
      { "timestamp%20ge%2099999999999999999999", 400, 0 },
      { "name%20gt%201", 200, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *range_path = g_strdup_printf ("%s?filter=%s&top=2000", path, cases[i].filter);
        g_autoptr(Answer) range = request (sandbox, "GET", range_path, NULL);

        g_test_message ("%s", range_path);
        g_assert_cmpuint (range->status, ==, cases[i].status);
        if (cases[i].status == 200)
          g_assert_cmpuint (json_array_get_length (json_node_get_array (range->json)), ==, cases[i].n);
      }
  }

  g_clear_pointer (&model, model_free);
  g_rmdir (dir);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* Device keys: RSA-2048 as the IoT Service issues them (SAP's scripts run
 * `openssl rsa` on the PEM), P-256 with --key-type ec. */
static void
assert_device_key (const char *args[],
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("key-type-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start_full ("classic", data_dir, args, &error);
  g_autoptr(Model) model = NULL;
  g_autofree char *passin = NULL;
  g_autofree char *output = NULL;

  g_assert_no_error (error);
  model = seed_model (sandbox, dir);
  passin = g_strconcat ("pass:", model->secret, NULL);
  {
    const char *argv[] = { "openssl", "pkey", "-in", model->pem_file, "-passin", passin, "-noout", "-text", NULL };

    g_assert_cmpint (run (argv, &output), ==, 0);
    g_assert_nonnull (strstr (output, expected));
  }
  if (g_str_has_prefix (expected, "Private-Key: (2048 bit"))
    {
      const char *argv[] = { "openssl", "rsa", "-in", model->pem_file, "-passin", passin, "-check", "-noout", NULL };

      g_clear_pointer (&output, g_free);
      g_assert_cmpint (run (argv, &output), ==, 0);
      g_assert_nonnull (strstr (output, "RSA key ok"));
    }
  g_clear_pointer (&model, model_free);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_key_types (void)
{
  const char *ec[] = { "--key-type", "ec", NULL };
  const char *rsa[] = { "--key-type", "rsa", NULL };

  /* The default (P-256 under AddressSanitizer: see herald-test-sandbox.c),
   * and RSA asked for by name. */
#ifdef __SANITIZE_ADDRESS__
  assert_device_key (NULL, "ASN1 OID: prime256v1");
#else
  assert_device_key (NULL, "Private-Key: (2048 bit, 2 primes)");
#endif
  assert_device_key (rsa, "Private-Key: (2048 bit, 2 primes)");
  assert_device_key (ec, "ASN1 OID: prime256v1");
}

/* Bodies a client can send that json-glib alone would crash on or change:
 * each is a 400 that says what is wrong, and the sandbox goes on. */
static void
test_hostile_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("tenant", &error);
  g_autofree char *dir = g_dir_make_tmp ("hostile-json-XXXXXX", NULL);
  g_autofree char *attack = g_strnfill (100000, '[');
  g_autoptr(Model) model = g_new0 (Model, 1);
  g_autoptr(Answer) capability = NULL;
  g_autoptr(Answer) sensor_type = NULL;
  g_autoptr(Answer) list = NULL;
  g_autoptr(Mqtt) mqtt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *ack = NULL;
  struct {
    const char *body;
    const char *named;  /* in the message */
  } bodies[] = {
    { "{\"name\": \"LED\\u0000x\", \"properties\": []}", "\\u0000" },
    { "{\"name\": \"\\udc00\", \"properties\": []}", "surrogate" },
    { "{\"name\": \"x\" /* comment */, \"properties\": []}", "comment" },
    { "\xef\xbb\xbf{\"name\": \"x\", \"properties\": []}", "byte order mark" },
    { "{\"name\": \"x\", \"properties\": []} {\"name\": \"y\"}", "after the value" },
    { "{\"name\": \"x\", \"properties\": [], \"n\": 99999999999999999999}", "“n”" },
  };
  struct {
    const char *command;
    const char *named;
  } commands[] = {
    { "{\"Cnt\": 99999999999999999999}", "Cnt" },
    { "{\"L\": 9223372036854775808}", "L" },
    { "{\"F\": 99999999999999999999}", "F" },
    { "{\"Cnt\": 2147483648}", "Cnt" },
  };

  g_assert_no_error (error);

  /* 100,000 levels: a 400 naming the limit, and the sandbox still answers. */
  {
    g_autoptr(Answer) answer = request (sandbox, "POST", "/capabilities", attack);
    assert_error (answer, 400);
    g_assert_nonnull (strstr (answer->body, "64"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Answer) answer = request (sandbox, "POST", "/capabilities", bodies[i].body);

      g_test_message ("POST %s", bodies[i].body);
      assert_error (answer, 400);
      g_assert_nonnull (strstr (answer->body, bodies[i].named));
    }
  list = request (sandbox, "GET", "/capabilities", NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_true (g_utf8_validate (list->body, -1, NULL));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list->json)), ==, 0);

  /* Numbers past their type reach no device as something else. */
  capability = post_ok (sandbox, "/capabilities",
                        "{\"name\": \"Counter\", \"properties\": [{\"name\": \"Cnt\", \"dataType\": \"integer\"}, "
                        "{\"name\": \"L\", \"dataType\": \"long\"}, {\"name\": \"F\", \"dataType\": \"float\"}, "
                        "{\"name\": \"level\", \"dataType\": \"integer\"}]}");
  model->capability_id = g_strdup (member (capability, "id"));
  model->capability_alternate_id = g_strdup (member (capability, "alternateId"));
  body = g_strdup_printf ("{\"name\": \"CounterType\", \"capabilities\": [{\"id\": \"%s\", \"type\": \"command\"}, "
                          "{\"id\": \"%s\", \"type\": \"measure\"}]}",
                          model->capability_id, model->capability_id);
  sensor_type = post_ok (sandbox, "/sensorTypes", body);
  model->sensor_type_id = g_strdup (member (sensor_type, "id"));
  add_device (sandbox, model, dir, "Counter");

  path = g_strdup_printf ("/devices/%s/commands", model->device_id);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Answer) answer = NULL;

      g_free (body);
      body = g_strdup_printf ("{\"sensorId\": \"%s\", \"capabilityId\": \"%s\", \"command\": %s}",
                              model->sensor_id, model->capability_id, commands[i].command);
      answer = request (sandbox, "POST", path, body);
      g_test_message ("command %s: %s", commands[i].command, answer->body);
      assert_error (answer, 400);
      g_assert_nonnull (strstr (answer->body, commands[i].named));
    }

  /* Measures come from any device certificate: the same bytes are an
   * acknowledgement with an error, and the gateway goes on. */
  mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
  g_assert_nonnull (mqtt);
  ack = g_strconcat ("ack/", model->device_alternate_id, NULL);
  topic = g_strconcat ("measures/", model->device_alternate_id, NULL);
  mqtt_subscribe (mqtt, ack);
  {
    g_autofree char *timestamp = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                                                  "\"measures\": [[1, 2, 3.5, 4]], \"timestamp\": 18446744073709551616}",
                                                  model->capability_alternate_id, model->sensor_alternate_id);
    const char *payloads[] = { attack, timestamp, "" };
    const char *named[] = { "64", "timestamp", "end of the text" };

    for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
      {
        Received *received;

        mqtt_publish (mqtt, topic, payloads[i]);
        received = mqtt_next (mqtt, 10000);
        g_assert_nonnull (received);
        g_test_message ("ack: %s", received->payload);
        g_assert_nonnull (strstr (received->payload, "\"code\":400"));
        g_assert_nonnull (strstr (received->payload, named[i]));
        received_free (received);
      }
  }
  {
    Received *received;

    g_free (body);
    body = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                            "\"measures\": [[1, 2, 3.5, 4]]}",
                            model->capability_alternate_id, model->sensor_alternate_id);
    mqtt_publish (mqtt, topic, body);
    received = mqtt_next (mqtt, 10000);
    g_assert_nonnull (received);
    g_assert_nonnull (strstr (received->payload, "\"code\":202"));
    received_free (received);
  }

  g_clear_pointer (&mqtt, mqtt_free);
  g_clear_pointer (&model, model_free);
  g_rmdir (dir);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *dir = g_dir_make_tmp ("errors-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autofree char *big = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  struct {
    const char *method;
    const char *path;
    const char *body;
    guint status;
  } cases[] = {
    { "POST", "/capabilities", "{\"name\": \"x\", \"properties\": [", 400 },
    { "POST", "/capabilities", "[1, 2]", 400 },
    { "POST", "/capabilities", "", 400 },
    { "POST", "/capabilities", "{\"name\": 5, \"properties\": []}", 400 },
    { "POST", "/capabilities", "{\"name\": \"x\", \"properties\": {}}", 400 },
    { "POST", "/capabilities", "{\"name\": \"x\", \"properties\": [{\"name\": \"a\", \"dataType\": \"Float\"}]}", 400 },
    { "POST", "/capabilities", "{\"name\": \"x\", \"properties\": [{\"name\": \"a\", \"dataType\": \"int\"}]}", 400 },
    { "POST", "/capabilities", "{\"properties\": []}", 400 },
    { "POST", "/capabilities", "{\"name\": \"x\", \"alternateId\": \"a/b#\", \"properties\": []}", 400 },
    { "POST", "/sensorTypes", "{\"name\": \"x\", \"capabilities\": [{\"id\": \"nope\", \"type\": \"command\"}]}", 400 },
    { "POST", "/sensorTypes", "{\"name\": \"x\", \"capabilities\": [{\"id\": \"nope\", \"type\": \"other\"}]}", 400 },
    { "POST", "/devices", "{\"gatewayId\": \"99\", \"name\": \"x\"}", 400 },
    { "POST", "/devices", "{\"gatewayId\": 2, \"name\": \"x\"}", 400 },
    { "POST", "/devices", "{\"gatewayId\": \"2\", \"name\": \"x\", \"alternateId\": \"herald-sandbox-gateway\"}", 409 },
    { "POST", "/sensors", "{\"deviceId\": \"999\", \"name\": \"x\", \"sensorTypeId\": \"0\"}", 400 },
    { "GET", "/devices/999", NULL, 404 },
    { "GET", "/devices/abc", NULL, 404 },
    { "GET", "/capabilities/nope", NULL, 404 },
    { "GET", "/sensorTypes/nope", NULL, 404 },
    { "GET", "/sensors/999", NULL, 404 },
    { "GET", "/gateways/7", NULL, 404 },
    { "DELETE", "/devices/999", NULL, 404 },
    { "DELETE", "/sensorTypes/0", NULL, 409 },
    { "GET", "/devices/999/authentications/clientCertificate/pem", NULL, 404 },
    { "POST", "/devices/999/commands", "{}", 404 },
    { "GET", "/nothing", NULL, 404 },
    { "GET", "/devices/1/nothing", NULL, 404 },
    { "PUT", "/devices", "{}", 405 },
    { "PATCH", "/devices/1", "{}", 405 },
    { "POST", "/gateways", "{}", 405 },
    { "GET", "/devices/1/commands", NULL, 405 },
    { "GET", "/devices?filter=name%20eq%20'x'%3B%20DROP%20TABLE%20devices", NULL, 400 },
    { "GET", "/devices?filter=name%20eq%20'x'%20or%201%3D1", NULL, 400 },
    { "GET", "/devices?filter=password%20eq%20'x'", NULL, 400 },
    { "GET", "/devices?filter=name%20eq%20'unterminated", NULL, 400 },
    { "GET", "/devices?orderby=name%3B%20DROP", NULL, 400 },
    { "GET", "/devices?skip=-1", NULL, 400 },
    { "GET", "/devices?top=abc", NULL, 400 },
  };

  g_assert_no_error (error);
  model = seed_model (sandbox, dir);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Answer) answer = request (sandbox, cases[i].method, cases[i].path, cases[i].body);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      assert_error (answer, cases[i].status);
      if (cases[i].status == 405)
        g_assert_nonnull (soup_message_headers_get_one (answer->headers, "Allow"));
    }

  /* Duplicate alternate ids. */
  {
    g_autofree char *dup = g_strdup_printf ("{\"gatewayId\": \"2\", \"name\": \"x\", \"alternateId\": \"%s\"}",
                                            model->device_alternate_id);
    g_autoptr(Answer) answer = request (sandbox, "POST", "/devices", dup);
    assert_error (answer, 409);
  }
  {
    g_autofree char *dup = g_strdup_printf ("{\"name\": \"x\", \"alternateId\": \"%s\", \"properties\": []}",
                                            model->capability_alternate_id);
    g_autoptr(Answer) answer = request (sandbox, "POST", "/capabilities", dup);
    assert_error (answer, 409);
  }
  {
    /* A capability in use cannot go. */
    g_autofree char *capability = g_strdup_printf ("/capabilities/%s", model->capability_id);
    g_autoptr(Answer) answer = request (sandbox, "DELETE", capability, NULL);
    assert_error (answer, 409);
  }

  /* Command errors: unknown property, wrong values, foreign sensor. */
  path = g_strdup_printf ("/devices/%s/commands", model->device_id);
  {
    const char *commands[] = {
      "{\"LED\": \"true\", \"Colour\": \"red\"}",
      "{\"Speed\": \"abc\"}",
      "{\"Speed\": \"50,0\"}",
      "{\"LED\": \"yes\"}",
      "{\"LED\": null}",
    };
    const char *named[] = { "Colour", "Speed", "Speed", "LED", "LED" };

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        g_autoptr(Answer) answer = NULL;

        g_free (body);
        body = g_strdup_printf ("{\"sensorId\": \"%s\", \"capabilityId\": \"%s\", \"command\": %s}",
                                model->sensor_id, model->capability_id, commands[i]);
        answer = request (sandbox, "POST", path, body);
        assert_error (answer, 400);
        g_assert_nonnull (strstr (answer->body, named[i]));
      }
  }
  {
    /* The default sensor's type has no command capability. */
    g_autoptr(Answer) device = NULL;
    g_autoptr(Answer) answer = NULL;
    g_autofree char *device_path = g_strdup_printf ("/devices/%s", model->device_id);
    JsonObject *sensor;

    device = request (sandbox, "GET", device_path, NULL);
    sensor = json_array_get_object_element (json_object_get_array_member (object_of (device), "sensors"), 0);
    g_free (body);
    body = g_strdup_printf ("{\"sensorId\": \"%s\", \"capabilityId\": \"%s\", \"command\": {\"LED\": \"true\"}}",
                            json_object_get_string_member (sensor, "id"), model->capability_id);
    answer = request (sandbox, "POST", path, body);
    assert_error (answer, 400);
  }
  {
    g_autoptr(Answer) answer = NULL;

    g_free (body);
    body = g_strdup_printf ("{\"sensorId\": \"999\", \"capabilityId\": \"%s\", \"command\": {\"LED\": \"true\"}}",
                            model->capability_id);
    answer = request (sandbox, "POST", path, body);
    assert_error (answer, 400);
  }

  /* Credentials: missing, wrong user, wrong password. */
  {
    g_autoptr(Answer) none = request_full (sandbox, "GET", "/devices", NULL, -1, NULL, NULL);
    g_autoptr(Answer) user = request_full (sandbox, "GET", "/devices", NULL, -1, "root",
                                           herald_test_sandbox_get_password (sandbox));
    g_autoptr(Answer) password = request_full (sandbox, "GET", "/devices", NULL, -1, "admin", "wrong");

    assert_error (none, 401);
    assert_error (user, 401);
    assert_error (password, 401);
    g_assert_nonnull (soup_message_headers_get_one (none->headers, "WWW-Authenticate"));
    g_assert_true (g_str_has_prefix (soup_message_headers_get_one (none->headers, "WWW-Authenticate"), "Basic"));
  }
  {
    /* A page's script (the docs page before Authorize): 401 without a
     * challenge, so that no browser dialog covers Swagger UI's own. */
    g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
    g_autofree char *url = g_strconcat (herald_test_sandbox_get_api_url (sandbox), "/devices", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) bytes = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Sec-Fetch-Dest", "empty");
    bytes = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
    g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (msg), "WWW-Authenticate"));
  }

  /* Over 1 MiB: 413. Just under is read (and refused as not JSON). */
  big = g_malloc (1024 * 1024 + 2);
  memset (big, ' ', 1024 * 1024 + 1);
  big[1024 * 1024 + 1] = '\0';
  {
    g_autoptr(Answer) answer = request (sandbox, "POST", "/devices", big);
    assert_error (answer, 413);
  }
  {
    /* The same without a length (chunked): refused all the same. */
    g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
    g_autofree char *url = g_strconcat (herald_test_sandbox_get_api_url (sandbox), "/devices", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (big), strlen (big), g_free);
    g_autofree char *pair = g_strconcat ("admin:", herald_test_sandbox_get_password (sandbox), NULL);
    g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
    g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
    g_autoptr(GBytes) answer = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_set_request_body (msg, "application/json", stream, -1);
    answer = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  }
  big[1024 * 1024 - 10] = '\0';
  {
    g_autoptr(Answer) answer = request (sandbox, "POST", "/devices", big);
    assert_error (answer, 400);
  }

  /* Filters that looked like SQL changed nothing. */
  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/devices", NULL);
    g_assert_cmpuint (answer->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (answer->json)), ==, 1);
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
  g_clear_pointer (&model, model_free);
  g_rmdir (dir);
}

static void
test_lists (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  const char *names[] = { "b'quote", "a", "c" };
  g_autoptr(Answer) filtered = NULL;
  g_autoptr(Answer) ordered = NULL;
  g_autoptr(Answer) paged = NULL;
  JsonArray *array;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"gatewayId\": \"2\", \"name\": \"%s\"}", names[i]);
      g_autoptr(Answer) answer = post_ok (sandbox, "/devices", body);
    }

  filtered = request (sandbox, "GET", "/devices?filter=name%20eq%20'b''quote'%20and%20gatewayId%20eq%20'2'", NULL);
  g_assert_cmpuint (filtered->status, ==, 200);
  array = json_node_get_array (filtered->json);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "b'quote");

  ordered = request (sandbox, "GET", "/devices?orderby=name%20desc", NULL);
  array = json_node_get_array (ordered->json);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "c");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "name"), ==, "a");

  paged = request (sandbox, "GET", "/devices?orderby=name%20asc&skip=1&top=1", NULL);
  array = json_node_get_array (paged->json);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "b'quote");

  /* A clean exit (under the sanitizers: no leak on these paths). */
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

typedef struct
{
  HeraldTestSandbox *sandbox;
  guint              ok;
  guint              refused;
} LoadData;

static gpointer
load_thread (gpointer user_data)
{
  LoadData *data = user_data;

  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(Answer) good = request (data->sandbox, "GET", "/gateways", NULL);
      g_autoptr(Answer) bad = request_full (data->sandbox, "GET", "/devices", NULL, -1, "admin", "x");
      g_autoptr(Answer) post = request (data->sandbox, "POST", "/devices", "{\"gatewayId\": \"2\", \"name\": \"load\"}");

      if (good->status == 200 && post->status == 200)
        g_atomic_int_inc (&data->ok);
      if (bad->status == 401)
        g_atomic_int_inc (&data->refused);
    }
  return NULL;
}

static void
test_concurrent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  LoadData data = { 0 };
  GThread *threads[16];
  g_autoptr(Answer) devices = NULL;

  g_assert_no_error (error);
  data.sandbox = sandbox;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("load", load_thread, &data);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (data.ok, ==, 16 * 25);
  g_assert_cmpuint (data.refused, ==, 16 * 25);
  devices = request (sandbox, "GET", "/devices", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (devices->json)), ==, 16 * 25);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static guint
count (HeraldTestSandbox *sandbox,
       const char        *path)
{
  g_autoptr(Answer) answer = request (sandbox, "GET", path, NULL);

  g_assert_cmpuint (answer->status, ==, 200);
  return json_array_get_length (json_node_get_array (answer->json));
}

typedef struct
{
  HeraldTestSandbox *sandbox;
  guint              answered;
  gboolean           stop;
} WriterData;

/* Posts devices until told to stop; the requests after the kill fail. */
static gpointer
writer_thread (gpointer user_data)
{
  WriterData *data = user_data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                                   "timeout", 5, NULL);
  g_autofree char *url = g_strconcat (herald_test_sandbox_get_api_url (data->sandbox), "/devices", NULL);
  g_autofree char *pair = g_strconcat (herald_test_sandbox_get_user (data->sandbox), ":",
                                       herald_test_sandbox_get_password (data->sandbox), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  static const char body[] = "{\"gatewayId\": \"2\", \"name\": \"w\"}";

  while (!g_atomic_int_get (&data->stop))
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
      g_autoptr(GBytes) answer = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      answer = soup_session_send_and_read (session, msg, NULL, NULL);
      if (answer != NULL && soup_message_get_status (msg) == 200)
        g_atomic_int_inc (&data->answered);
      else if (answer == NULL)
        g_usleep (10 * 1000);
    }
  return NULL;
}

/* State survives a restart and a kill -9; --reset empties it but keeps
 * the CA; a second sandbox on the same directory is refused. */
static void
test_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("restart-XXXXXX", NULL);
  g_autofree char *model_dir = g_dir_make_tmp ("restart-model-XXXXXX", NULL);
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(Model) model = NULL;
  g_autofree char *password = NULL;
  g_autofree char *ca_before = NULL;
  g_autofree char *ca_after = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *broker_pid = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *output = NULL;
  const char *reset[] = { "--reset", NULL };
  guint answered = 0;

  sandbox = herald_test_sandbox_start_full ("classic", data_dir, NULL, &error);
  g_assert_no_error (error);
  model = seed_model (sandbox, model_dir);
  password = g_strdup (herald_test_sandbox_get_password (sandbox));
  g_assert_true (g_file_get_contents (herald_test_sandbox_get_ca_file (sandbox), &ca_before, NULL, NULL));

  /* A second sandbox on the same directory is refused. */
  {
    const char *argv[] = { herald_test_sandbox_get_binary (), "--data-dir", data_dir,
                           "--http-port", "0", "--mqtt-port", "0", NULL };
    g_assert_cmpint (run (argv, &output), !=, 0);
    g_assert_nonnull (strstr (output, "Another herald-sandbox"));
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
  g_clear_pointer (&sandbox, herald_test_sandbox_free);

  sandbox = herald_test_sandbox_start_full ("classic", data_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_test_sandbox_get_password (sandbox), ==, password);
  g_assert_cmpuint (count (sandbox, "/devices"), ==, 1);
  g_assert_cmpuint (count (sandbox, "/capabilities"), ==, 1);
  g_assert_cmpuint (count (sandbox, "/sensors"), ==, 2);

  /* The certificate issued before the restart still connects. */
  {
    g_autoptr(Mqtt) mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
    g_assert_nonnull (mqtt);
  }

  /* kill -9 while four clients write: every answered write is kept, and
   * the broker goes with the sandbox. */
  pid_file = g_build_filename (data_dir, "mosquitto.pid", NULL);
  g_assert_true (g_file_get_contents (pid_file, &broker_pid, NULL, NULL));
  proc = g_strdup_printf ("/proc/%d/cmdline", atoi (broker_pid));
  {
    WriterData writers = { sandbox, 0, FALSE };
    GThread *threads[4];

    for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
      threads[i] = g_thread_new ("writer", writer_thread, &writers);
    while (g_atomic_int_get (&writers.answered) < 40)
      g_usleep (5 * 1000);
    herald_test_sandbox_kill (sandbox);
    g_atomic_int_set (&writers.stop, TRUE);
    for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
      g_thread_join (threads[i]);
    answered = g_atomic_int_get (&writers.answered);
  }
  for (guint i = 0; i < 200 && g_file_test (proc, G_FILE_TEST_EXISTS); i++)
    g_usleep (10 * 1000);
  {
    g_autofree char *cmdline = NULL;
    /* Gone, or (pid reused) not our broker. */
    if (g_file_get_contents (proc, &cmdline, NULL, NULL))
      g_assert_null (strstr (cmdline, "mosquitto"));
  }
  g_clear_pointer (&sandbox, herald_test_sandbox_free);

  sandbox = herald_test_sandbox_start_full ("classic", data_dir, NULL, &error);
  g_assert_no_error (error);
  {
    /* Every answered write is there; at most the four in flight more. */
    guint devices = count (sandbox, "/devices");

    g_assert_cmpuint (devices, >=, 1 + answered);
    g_assert_cmpuint (devices, <=, 1 + answered + 4);
  }
  g_clear_pointer (&sandbox, herald_test_sandbox_free);

  /* --reset: empty, same CA. */
  sandbox = herald_test_sandbox_start_full ("classic", data_dir, reset, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (sandbox, "/devices"), ==, 0);
  g_assert_cmpuint (count (sandbox, "/capabilities"), ==, 0);
  g_assert_true (g_file_get_contents (herald_test_sandbox_get_ca_file (sandbox), &ca_after, NULL, NULL));
  g_assert_cmpstr (ca_before, ==, ca_after);
  g_clear_pointer (&sandbox, herald_test_sandbox_free);

  g_clear_pointer (&model, model_free);
  g_rmdir (model_dir);
  {
    g_autoptr(HeraldTestSandbox) cleanup = NULL;
    /* The data dir is ours: remove it the way the helper does. */
    const char *argv[] = { "rm", "-rf", data_dir, NULL };
    run (argv, NULL);
  }
}

/* Deleting a device revokes its certificates: the broker refuses them. */
static void
test_revoke (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *dir = g_dir_make_tmp ("revoke-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autoptr(Answer) deleted = NULL;
  g_autoptr(Answer) gone = NULL;
  g_autofree char *path = NULL;
  Mqtt *mqtt;

  g_assert_no_error (error);
  model = seed_model (sandbox, dir);
  mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
  g_assert_nonnull (mqtt);
  mqtt_free (mqtt);

  path = g_strdup_printf ("/devices/%s", model->device_id);
  deleted = request (sandbox, "DELETE", path, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
  gone = request (sandbox, "GET", path, NULL);
  assert_error (gone, 404);
  g_assert_cmpuint (count (sandbox, "/sensors"), ==, 0);

  /* The broker restarts to load the CRL; then the certificate fails. */
  mqtt = NULL;
  for (guint i = 0; i < 50; i++)
    {
      g_usleep (100 * 1000);
      mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
      if (mqtt == NULL)
        break;
      mqtt_free (mqtt);
      mqtt = NULL;
    }
  g_assert_null (mqtt);

  g_clear_pointer (&model, model_free);
  g_rmdir (dir);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* The broker is killed: the sandbox starts it again and commands flow. */
static void
test_broker_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *dir = g_dir_make_tmp ("broker-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autoptr(Mqtt) mqtt = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *topic = NULL;
  Received *received = NULL;

  g_assert_no_error (error);
  model = seed_model (sandbox, dir);
  pid_file = g_build_filename (herald_test_sandbox_get_data_dir (sandbox), "mosquitto.pid", NULL);
  g_assert_true (g_file_get_contents (pid_file, &pid_text, NULL, NULL));
  g_assert_cmpint (kill (atoi (pid_text), SIGKILL), ==, 0);

  for (guint i = 0; i < 100 && mqtt == NULL; i++)
    {
      g_usleep (100 * 1000);
      mqtt = mqtt_connect (sandbox, model->device_alternate_id, model->pem_file, model->secret);
    }
  g_assert_nonnull (mqtt);
  topic = g_strconcat ("commands/", model->device_alternate_id, NULL);
  mqtt_subscribe (mqtt, topic);

  path = g_strdup_printf ("/devices/%s/commands", model->device_id);
  body = g_strdup_printf (seed_command, model->sensor_id, model->capability_id);
  for (guint i = 0; i < 50 && received == NULL; i++)
    {
      g_autoptr(Answer) answer = request (sandbox, "POST", path, body);
      g_assert_cmpuint (answer->status, ==, 200);
      received = mqtt_next (mqtt, 200);
    }
  g_assert_nonnull (received);
  received_free (received);

  g_clear_pointer (&model, model_free);
  g_rmdir (dir);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* --- OpenAPI: the answers have the documented shapes ------------------ */

static JsonObject *
resolve (JsonObject *root,
         JsonObject *schema)
{
  if (json_object_has_member (schema, "$ref"))
    {
      const char *ref = json_object_get_string_member (schema, "$ref");
      g_auto(GStrv) parts = g_strsplit (ref + 2, "/", -1);  /* after "#/" */
      JsonObject *object = root;

      g_assert_true (g_str_has_prefix (ref, "#/"));
      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (!json_object_has_member (object, parts[i]))
            g_error ("unresolved $ref %s", ref);
          object = json_object_get_object_member (object, parts[i]);
        }
      return resolve (root, object);
    }
  return schema;
}

static void
check_shape (JsonObject *root,
             JsonObject *schema,
             JsonNode   *value,
             const char *where)
{
  const char *type;

  schema = resolve (root, schema);
  type = json_object_has_member (schema, "type") ? json_object_get_string_member (schema, "type") : NULL;

  if (g_strcmp0 (type, "object") == 0)
    {
      JsonObject *object;
      JsonObject *props = json_object_has_member (schema, "properties")
                          ? json_object_get_object_member (schema, "properties") : NULL;

      if (!JSON_NODE_HOLDS_OBJECT (value))
        g_error ("%s: not an object", where);
      object = json_node_get_object (value);
      if (json_object_has_member (schema, "required"))
        {
          JsonArray *required = json_object_get_array_member (schema, "required");
          for (guint i = 0; i < json_array_get_length (required); i++)
            if (!json_object_has_member (object, json_array_get_string_element (required, i)))
              g_error ("%s: no member %s", where, json_array_get_string_element (required, i));
        }
      if (props != NULL)
        {
          g_autoptr(GList) names = json_object_get_members (object);
          for (GList *l = names; l != NULL; l = l->next)
            if (json_object_has_member (props, l->data))
              {
                g_autofree char *inner = g_strconcat (where, ".", l->data, NULL);
                check_shape (root, json_object_get_object_member (props, l->data),
                             json_object_get_member (object, l->data), inner);
              }
        }
    }
  else if (g_strcmp0 (type, "array") == 0)
    {
      JsonArray *array;
      if (!JSON_NODE_HOLDS_ARRAY (value))
        g_error ("%s: not an array", where);
      array = json_node_get_array (value);
      for (guint i = 0; i < json_array_get_length (array); i++)
        check_shape (root, json_object_get_object_member (schema, "items"),
                     json_array_get_element (array, i), where);
    }
  else if (g_strcmp0 (type, "string") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        g_error ("%s: not a string", where);
    }
  else if (g_strcmp0 (type, "integer") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
        g_error ("%s: not an integer", where);
    }
  else if (g_strcmp0 (type, "boolean") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        g_error ("%s: not a boolean", where);
    }
}

static void
check_answer (JsonObject *root,
              const char *path,
              const char *method,
              Answer     *answer)
{
  JsonObject *operation, *responses, *response, *content, *schema;
  g_autofree char *code = g_strdup_printf ("%u", answer->status);

  operation = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (root, "paths"), path), method);
  g_assert_nonnull (operation);
  responses = json_object_get_object_member (operation, "responses");
  if (!json_object_has_member (responses, code))
    g_error ("%s %s: status %s is not documented", method, path, code);
  response = resolve (root, json_object_get_object_member (responses, code));
  if (!json_object_has_member (response, "content"))
    return;
  content = json_object_get_object_member (response, "content");
  schema = json_object_get_object_member (json_object_get_object_member (content, "application/json"), "schema");
  check_shape (root, schema, answer->json, path);
}

static void
test_openapi (gconstpointer data)
{
  const char *flavor = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start (flavor, &error);
  g_autofree char *dir = g_dir_make_tmp ("openapi-XXXXXX", NULL);
  g_autoptr(Answer) doc = NULL;
  g_autoptr(Answer) page = NULL;
  g_autoptr(Model) model = NULL;
  JsonObject *root;
  struct { const char *method; const char *template; const char *path; } checks[] = {
    { "get", "/capabilities", "/capabilities" },
    { "get", "/sensorTypes", "/sensorTypes" },
    { "get", "/gateways", "/gateways" },
    { "get", "/gateways/{id}", "/gateways/2" },
    { "get", "/devices", "/devices" },
    { "get", "/sensors", "/sensors" },
    { "get", "/devices/{id}", "/devices/999" },
  };

  g_assert_no_error (error);

  /* The docs need no credentials. */
  doc = request_full (sandbox, "GET", "/doc/openapi.json", NULL, -1, NULL, NULL);
  g_assert_cmpuint (doc->status, ==, 200);
  page = request_full (sandbox, "GET", "/doc/", NULL, -1, NULL, NULL);
  g_assert_cmpuint (page->status, ==, 200);
#ifdef HERALD_SANDBOX_HAVE_SWAGGER_UI
  /* Swagger UI over openapi.json, its files served beside the page, as they
   * are (test-swagger-ui.py clicks through it in a browser). */
  g_assert_nonnull (strstr (page->body, "SwaggerUIBundle"));
  g_assert_nonnull (strstr (page->body, "\"openapi.json\""));
  {
    g_autoptr(Answer) bundle = request_full (sandbox, "GET", "/doc/swagger-ui-bundle.js", NULL, -1, NULL, NULL);
    g_autoptr(Answer) css = request_full (sandbox, "GET", "/doc/swagger-ui.css", NULL, -1, NULL, NULL);
    g_autoptr(Answer) missing = request_full (sandbox, "GET", "/doc/swagger-ui.js", NULL, -1, NULL, NULL);

    g_assert_cmpuint (bundle->status, ==, 200);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (bundle->headers, NULL), "text/javascript"));
    g_assert_cmpuint (strlen (bundle->body), >, 1000000);
    g_assert_nonnull (strstr (bundle->body, "SwaggerUIBundle"));
    g_assert_cmpuint (css->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (css->headers, NULL), ==, "text/css");
    assert_error (missing, 404);
  }
#else
  g_assert_nonnull (strstr (page->body, "/devices/{id}/commands"));
#endif
  root = object_of (doc);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "openapi"), "3."));

  model = seed_model (sandbox, dir);

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(Answer) answer = request (sandbox, "GET", checks[i].path, NULL);
      check_answer (root, checks[i].template, checks[i].method, answer);
    }
  {
    g_autofree char *p = g_strdup_printf ("/devices/%s", model->device_id);
    g_autoptr(Answer) answer = request (sandbox, "GET", p, NULL);
    check_answer (root, "/devices/{id}", "get", answer);
  }
  {
    g_autofree char *p = g_strdup_printf ("/capabilities/%s", model->capability_id);
    g_autoptr(Answer) answer = request (sandbox, "GET", p, NULL);
    check_answer (root, "/capabilities/{id}", "get", answer);
  }
  {
    g_autofree char *p = g_strdup_printf ("/sensorTypes/%s", model->sensor_type_id);
    g_autoptr(Answer) answer = request (sandbox, "GET", p, NULL);
    check_answer (root, "/sensorTypes/{id}", "get", answer);
  }
  {
    g_autofree char *p = g_strdup_printf ("/sensors/%s", model->sensor_id);
    g_autoptr(Answer) answer = request (sandbox, "GET", p, NULL);
    check_answer (root, "/sensors/{id}", "get", answer);
  }
  {
    g_autofree char *p = g_strdup_printf ("/devices/%s/authentications/clientCertificate/p12", model->device_id);
    g_autoptr(Answer) answer = request (sandbox, "GET", p, NULL);
    gsize length = 0;
    g_autofree guchar *der = NULL;

    check_answer (root, "/devices/{id}/authentications/clientCertificate/p12", "get", answer);
    der = g_base64_decode (member (answer, "p12"), &length);
    g_assert_cmpuint (length, >, 100);
  }
  {
    g_autofree char *p = g_strdup_printf ("/devices/%s/commands", model->device_id);
    g_autofree char *body = g_strdup_printf (seed_command, model->sensor_id, model->capability_id);
    g_autoptr(Answer) answer = request (sandbox, "POST", p, body);
    g_autoptr(Answer) bad = request (sandbox, "POST", p, "{");
    check_answer (root, "/devices/{id}/commands", "post", answer);
    check_answer (root, "/devices/{id}/commands", "post", bad);
  }
  {
    g_autofree char *p = g_strdup_printf ("/devices/%s/measures", model->device_id);
    g_autoptr(Answer) answer = request (sandbox, "GET", p, NULL);
    check_answer (root, "/devices/{id}/measures", "get", answer);
  }

  g_clear_pointer (&model, model_free);
  g_rmdir (dir);

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* The sandbox's route table, as herald-sandbox-server-routes.c builds it. */
#define ROUTE(methods, pattern, query, handler, data) { methods, pattern },
static const struct
{
  const char *methods;
  const char *pattern;
} routes[] = {
  HERALD_SANDBOX_SERVER_ROUTES (ROUTE)
};
#undef ROUTE

/* The path of @pattern with each {name} segment replaced by the id of the
 * seed's entity that the segment before it names. */
static char *
route_path (const char *pattern,
            Model      *model)
{
  g_auto(GStrv) segments = g_strsplit (pattern, "/", -1);
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *segment = segments[i];

      if (segment[0] == '{')
        {
          const char *before = i > 0 ? segments[i - 1] : "";

          if (strcmp (before, "capabilities") == 0)
            segment = model->capability_id;
          else if (strcmp (before, "sensorTypes") == 0)
            segment = model->sensor_type_id;
          else if (strcmp (before, "sensors") == 0)
            segment = model->sensor_id;
          else if (strcmp (before, "devices") == 0)
            segment = model->device_id;
          else if (strcmp (before, "gateways") == 0)
            segment = "2";
          else if (strcmp (before, "doc") == 0)
            segment = "index.html";
          else if (strcmp (before, "customProperties") == 0)
            segment = "room";
          else if (strcmp (before, "clientCertificate") == 0)
            segment = "0000";
          else
            g_error ("The route %s has a segment %s after “%s” that this test cannot fill: "
                     "add a value for it to route_path ()", pattern, segment, before);
        }
      g_string_append_printf (path, "/%s", segment);
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static gboolean
route_takes (const char *pattern,
             const char *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_auto(GStrv) methods = g_strsplit (routes[i].methods, " ", -1);

      if (strcmp (routes[i].pattern, pattern) == 0 && g_strv_contains ((const char * const *) methods, method))
        return TRUE;
    }
  return FALSE;
}

/* What a 405 of @pattern's path names in its Allow header: the methods of
 * its routes, in the table's order, without HEAD. */
static char *
route_allow (const char *pattern)
{
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_auto(GStrv) methods = g_strsplit (routes[i].methods, " ", -1);

      if (strcmp (routes[i].pattern, pattern) != 0)
        continue;
      for (guint j = 0; methods[j] != NULL; j++)
        if (strcmp (methods[j], "HEAD") != 0)
          g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", methods[j]);
    }
  return g_string_free (g_steal_pointer (&allow), FALSE);
}

/* --- Changes: PUT, counts, custom properties, DELETE answers ----------- */

/* An error whose message names @word (a field, a path). */
static void
assert_error_naming (Answer     *answer,
                     guint       status,
                     const char *word)
{
  assert_error (answer, status);
  if (strstr (member (answer, "message"), word) == NULL)
    g_error ("the message does not name %s: %s", word, answer->body);
}

static gint64
count_of (HeraldTestSandbox *sandbox,
          const char        *collection)
{
  g_autofree char *count_path = g_strdup_printf ("/%s/count", collection);
  g_autofree char *list_path = g_strdup_printf ("/%s", collection);
  g_autoptr(Answer) count = request (sandbox, "GET", count_path, NULL);
  g_autoptr(Answer) list = request (sandbox, "GET", list_path, NULL);

  g_assert_cmpuint (count->status, ==, 200);
  g_assert_cmpuint (list->status, ==, 200);
  /* The count is the length of the whole list. */
  g_assert_cmpint (json_object_get_int_member (object_of (count), "count"), ==,
                   json_array_get_length (json_node_get_array (list->json)));
  return json_object_get_int_member (object_of (count), "count");
}

/* The custom properties of an entity's answer, as "key=value,…". */
static char *
custom_properties_of (Answer *answer)
{
  JsonObject *object = object_of (answer);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *properties;

  if (!json_object_has_member (object, "customProperties"))
    return g_strdup ("");
  properties = json_object_get_array_member (object, "customProperties");
  for (guint i = 0; i < json_array_get_length (properties); i++)
    {
      JsonObject *property = json_array_get_object_element (properties, i);
      g_string_append_printf (text, "%s%s=%s", i > 0 ? "," : "",
                              json_object_get_string_member (property, "key"),
                              json_object_get_string_member (property, "value"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
check_custom_properties (HeraldTestSandbox *sandbox,
                         const char        *collection,
                         const char        *id)
{
  g_autofree char *entity = g_strdup_printf ("/%s/%s", collection, id);
  g_autofree char *properties = g_strdup_printf ("%s/customProperties", entity);
  g_autofree char *room = g_strdup_printf ("%s/customProperties/room", entity);
  g_autofree char *missing = g_strdup_printf ("/%s/999999/customProperties", collection);

  {
    g_autoptr(Answer) added = request (sandbox, "POST", properties, "{\"key\": \"room\", \"value\": \"7\"}");
    g_autoptr(Answer) floor = request (sandbox, "POST", properties, "{\"key\": \"floor\", \"value\": \"2\"}");
    g_autoptr(Answer) again = request (sandbox, "POST", properties, "{\"key\": \"room\", \"value\": \"8\"}");
    g_autoptr(Answer) nowhere = request (sandbox, "POST", missing, "{\"key\": \"room\", \"value\": \"8\"}");
    g_autoptr(Answer) extra = request (sandbox, "POST", properties,
                                       "{\"key\": \"a\", \"value\": \"b\", \"type\": \"string\"}");
    g_autoptr(Answer) read = request (sandbox, "GET", entity, NULL);
    g_autofree char *text = custom_properties_of (read);

    g_assert_cmpuint (added->status, ==, 200);
    g_assert_cmpstr (member (added, "key"), ==, "room");
    g_assert_cmpstr (member (added, "value"), ==, "7");
    g_assert_cmpuint (floor->status, ==, 200);
    assert_error (again, 409);
    assert_error (nowhere, 404);
    assert_error_naming (extra, 400, "“type”");
    g_assert_cmpstr (text, ==, "room=7,floor=2");
  }
  {
    g_autoptr(Answer) changed = request (sandbox, "PUT", room, "{\"key\": \"room\", \"value\": \"12\"}");
    g_autoptr(Answer) value_only = request (sandbox, "PUT", room, "{\"value\": \"13\"}");
    g_autoptr(Answer) renamed = request (sandbox, "PUT", room, "{\"key\": \"hall\", \"value\": \"1\"}");
    g_autofree char *unknown_path = g_strdup_printf ("%s/customProperties/attic", entity);
    g_autoptr(Answer) unknown = request (sandbox, "PUT", unknown_path, "{\"value\": \"1\"}");
    g_autoptr(Answer) read = request (sandbox, "GET", entity, NULL);
    g_autofree char *text = custom_properties_of (read);

    g_assert_cmpuint (changed->status, ==, 200);
    g_assert_cmpstr (member (changed, "value"), ==, "12");
    g_assert_cmpuint (value_only->status, ==, 200);
    assert_error (renamed, 400);
    assert_error (unknown, 404);
    g_assert_cmpstr (text, ==, "room=13,floor=2");
  }
  {
    /* DELETE answers the property it removed. */
    g_autoptr(Answer) removed = request (sandbox, "DELETE", room, NULL);
    g_autoptr(Answer) again = request (sandbox, "DELETE", room, NULL);
    g_autoptr(Answer) read = request (sandbox, "GET", entity, NULL);
    g_autofree char *text = custom_properties_of (read);

    g_assert_cmpuint (removed->status, ==, 200);
    g_assert_cmpstr (member (removed, "key"), ==, "room");
    g_assert_cmpstr (member (removed, "value"), ==, "13");
    assert_error (again, 404);
    g_assert_cmpstr (text, ==, "floor=2");
  }
}

static void
test_changes (gconstpointer data)
{
  const char *flavor = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start (flavor, &error);
  g_autofree char *dir = g_dir_make_tmp ("changes-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autofree char *capability = NULL;
  g_autofree char *sensor_type = NULL;
  g_autofree char *device = NULL;
  g_autofree char *sensor = NULL;
  g_autofree char *spare_capability_id = NULL;
  g_autofree char *spare_type_id = NULL;
  gint64 devices, sensors;

  g_assert_no_error (error);
  model = seed_model (sandbox, dir);
  /* Run again with --ids guid (tests/meson.build): the ids are GUIDs then. */
  if (g_strcmp0 (g_getenv ("HERALD_TEST_SANDBOX_IDS"), "guid") == 0)
    {
      g_assert_true (g_uuid_string_is_valid (model->device_id));
      g_assert_true (g_uuid_string_is_valid (model->sensor_id));
    }
  else
    {
      g_assert_true (g_ascii_isdigit (model->device_id[0]));
      g_assert_true (g_ascii_isdigit (model->sensor_id[0]));
    }
  capability = g_strdup_printf ("/capabilities/%s", model->capability_id);
  sensor_type = g_strdup_printf ("/sensorTypes/%s", model->sensor_type_id);
  device = g_strdup_printf ("/devices/%s", model->device_id);
  sensor = g_strdup_printf ("/sensors/%s", model->sensor_id);

  /* Counts: the length of each whole list. */
  g_assert_cmpint (count_of (sandbox, "capabilities"), ==, 1);
  g_assert_cmpint (count_of (sandbox, "sensorTypes"), ==, 2);  /* the default one too */
  devices = count_of (sandbox, "devices");
  sensors = count_of (sandbox, "sensors");
  g_assert_cmpint (devices, ==, 1);
  g_assert_cmpint (sensors, ==, strcmp (flavor, "classic") == 0 ? 2 : 1);

  /* PUT on a capability: name and alternateId; its properties only while
   * no sensor type lists it; nothing else. */
  {
    g_autoptr(Answer) renamed = request (sandbox, "PUT", capability,
                                         "{\"name\": \"Lights\", \"alternateId\": \"lights\"}");
    g_autoptr(Answer) read = request (sandbox, "GET", capability, NULL);
    g_autoptr(Answer) properties = request (sandbox, "PUT", capability,
                                            "{\"properties\": [{\"name\": \"LED\", \"dataType\": \"integer\"}]}");
    g_autoptr(Answer) unknown = request (sandbox, "PUT", capability, "{\"nom\": \"x\"}");
    g_autoptr(Answer) nothing = request (sandbox, "PUT", capability, "{}");
    g_autoptr(Answer) empty = request (sandbox, "PUT", capability, "{\"name\": \"\"}");
    g_autoptr(Answer) missing = request (sandbox, "PUT", "/capabilities/no-such-id", "{\"name\": \"x\"}");
    g_autoptr(Answer) spare = post_ok (sandbox, "/capabilities",
                                       "{\"name\": \"Spare\", \"alternateId\": \"spare\", \"properties\": "
                                       "[{\"name\": \"v\", \"dataType\": \"float\"}]}");
    g_autoptr(Answer) taken = request (sandbox, "PUT", capability, "{\"alternateId\": \"spare\"}");
    g_autofree char *spare_path = NULL;
    g_autoptr(Answer) spare_properties = NULL;
    JsonArray *stored;

    g_assert_cmpuint (renamed->status, ==, 200);
    g_assert_cmpstr (member (renamed, "name"), ==, "Lights");
    g_assert_cmpstr (member (renamed, "alternateId"), ==, "lights");
    g_assert_cmpstr (member (read, "name"), ==, "Lights");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (read), "properties")), ==, 3);
    assert_error (properties, 409);
    assert_error_naming (unknown, 400, "“nom”");
    assert_error (nothing, 400);
    assert_error_naming (empty, 400, "“name”");
    assert_error (missing, 404);
    assert_error (taken, 409);

    spare_capability_id = g_strdup (member (spare, "id"));
    spare_path = g_strdup_printf ("/capabilities/%s", spare_capability_id);
    spare_properties = request (sandbox, "PUT", spare_path,
                                "{\"properties\": [{\"name\": \"v\", \"dataType\": \"double\", "
                                "\"unitOfMeasure\": \"°C\"}, {\"name\": \"w\", \"dataType\": \"boolean\"}]}");
    g_assert_cmpuint (spare_properties->status, ==, 200);
    stored = json_object_get_array_member (object_of (spare_properties), "properties");
    g_assert_cmpuint (json_array_get_length (stored), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stored, 0), "unitOfMeasure"),
                     ==, "°C");
  }

  /* PUT on a sensor type: name and alternateId; its capabilities have a
   * path of their own, and change only while no sensor has the type. */
  {
    g_autoptr(Answer) renamed = request (sandbox, "PUT", sensor_type, "{\"name\": \"Lamp\"}");
    g_autoptr(Answer) capabilities = request (sandbox, "PUT", sensor_type, "{\"capabilities\": []}");
    g_autofree char *list_path = g_strdup_printf ("%s/capabilities", sensor_type);
    g_autofree char *one_path = g_strdup_printf ("%s/capabilities/%s", sensor_type, model->capability_id);
    g_autoptr(Answer) list = request (sandbox, "GET", list_path, NULL);
    g_autoptr(Answer) one = request (sandbox, "GET", one_path, NULL);
    g_autofree char *body = g_strdup_printf ("{\"id\": \"%s\", \"type\": \"measure\"}", spare_capability_id);
    g_autoptr(Answer) in_use = request (sandbox, "POST", list_path, body);
    g_autoptr(Answer) in_use_delete = request (sandbox, "DELETE", one_path, NULL);

    g_assert_cmpuint (renamed->status, ==, 200);
    g_assert_cmpstr (member (renamed, "name"), ==, "Lamp");
    assert_error_naming (capabilities, 400, "“capabilities”");
    g_assert_cmpuint (list->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list->json)), ==, 1);
    g_assert_cmpstr (member (one, "id"), ==, model->capability_id);
    g_assert_cmpstr (member (one, "type"), ==, "command");
    assert_error (in_use, 409);
    assert_error (in_use_delete, 409);
  }
  {
    /* A sensor type no sensor has: its capabilities added, changed and
     * removed, each answer the sensor type afterwards. */
    g_autoptr(Answer) spare = post_ok (sandbox, "/sensorTypes", "{\"name\": \"Spare\", \"capabilities\": []}");
    g_autofree char *list_path = NULL;
    g_autofree char *one_path = NULL;
    g_autofree char *body = NULL;
    g_autoptr(Answer) added = NULL;
    g_autoptr(Answer) twice = NULL;
    g_autoptr(Answer) unknown = NULL;
    g_autoptr(Answer) changed = NULL;
    g_autoptr(Answer) bad_type = NULL;
    g_autoptr(Answer) removed = NULL;
    g_autoptr(Answer) gone = NULL;

    spare_type_id = g_strdup (member (spare, "id"));
    list_path = g_strdup_printf ("/sensorTypes/%s/capabilities", spare_type_id);
    one_path = g_strdup_printf ("%s/%s", list_path, spare_capability_id);
    body = g_strdup_printf ("{\"id\": \"%s\", \"type\": \"measure\"}", spare_capability_id);
    added = request (sandbox, "POST", list_path, body);
    twice = request (sandbox, "POST", list_path, body);
    unknown = request (sandbox, "POST", list_path, "{\"id\": \"no-such-capability\", \"type\": \"measure\"}");
    changed = request (sandbox, "PUT", one_path, "{\"type\": \"command\"}");
    bad_type = request (sandbox, "PUT", one_path, "{\"type\": \"both\"}");
    g_assert_cmpuint (added->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (object_of (added), "capabilities"), 0), "type"), ==, "measure");
    assert_error (twice, 409);
    assert_error (unknown, 400);
    g_assert_cmpuint (changed->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (object_of (changed), "capabilities"), 0), "type"), ==, "command");
    assert_error_naming (bad_type, 400, "both");
    removed = request (sandbox, "DELETE", one_path, NULL);
    g_assert_cmpuint (removed->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (removed), "capabilities")), ==, 0);
    gone = request (sandbox, "GET", one_path, NULL);
    assert_error (gone, 404);
  }

  /* PUT on a device: its name only; its alternateId is refused with why. */
  {
    g_autoptr(Answer) renamed = request (sandbox, "PUT", device, "{\"name\": \"Kitchen\"}");
    g_autoptr(Answer) read = request (sandbox, "GET", device, NULL);
    g_autoptr(Answer) alternate = request (sandbox, "PUT", device, "{\"alternateId\": \"other\"}");
    g_autoptr(Answer) gateway = request (sandbox, "PUT", device, "{\"name\": \"x\", \"gatewayId\": \"3\"}");
    g_autoptr(Answer) missing = request (sandbox, "PUT", "/devices/999999", "{\"name\": \"x\"}");

    g_assert_cmpuint (renamed->status, ==, 200);
    g_assert_cmpstr (member (renamed, "name"), ==, "Kitchen");
    g_assert_cmpstr (member (read, "name"), ==, "Kitchen");
    g_assert_cmpstr (member (read, "alternateId"), ==, model->device_alternate_id);
    assert_error_naming (alternate, 400, "alternateId");
    assert_error_naming (gateway, 400, "“gatewayId”");
    assert_error (missing, 404);
  }

  /* PUT on a sensor: name, sensorTypeId, alternateId. */
  {
    g_autoptr(Answer) renamed = request (sandbox, "PUT", sensor, "{\"name\": \"Lamp sensor\"}");
    g_autoptr(Answer) unknown_type = request (sandbox, "PUT", sensor, "{\"sensorTypeId\": \"no-such-type\"}");
    g_autoptr(Answer) device_id = request (sandbox, "PUT", sensor, "{\"deviceId\": \"1\"}");

    g_assert_cmpuint (renamed->status, ==, 200);
    g_assert_cmpstr (member (renamed, "name"), ==, "Lamp sensor");
    g_assert_cmpstr (member (renamed, "alternateId"), ==, model->sensor_alternate_id);
    assert_error (unknown_type, 400);
    assert_error_naming (device_id, 400, "“deviceId”");
  }

  /* Custom properties of a device and of a sensor. */
  check_custom_properties (sandbox, "devices", model->device_id);
  check_custom_properties (sandbox, "sensors", model->sensor_id);

  /* POST /devices with its customProperties and sensors made with it; a
   * router device and unknown fields refused by name; a bad sensor makes
   * nothing. */
  {
    g_autofree char *body = g_strdup_printf ("{\"gatewayId\": \"2\", \"name\": \"Hall\", \"customProperties\": "
                                             "[{\"key\": \"room\", \"value\": \"hall\"}], \"sensors\": "
                                             "[{\"name\": \"Hall lamp\", \"sensorTypeId\": \"%s\", "
                                             "\"alternateId\": \"hall-lamp\"}]}", model->sensor_type_id);
    g_autoptr(Answer) made = post_ok (sandbox, "/devices", body);
    g_autofree char *properties = custom_properties_of (made);
    g_autofree char *filter = g_strdup_printf ("/sensors?filter=deviceId%%20eq%%20'%s'", member (made, "id"));
    g_autoptr(Answer) its_sensors = request (sandbox, "GET", filter, NULL);
    g_autoptr(Answer) router = request (sandbox, "POST", "/devices",
                                        "{\"gatewayId\": \"2\", \"name\": \"R\", \"authorizations\": "
                                        "[{\"type\": \"router\"}]}");
    g_autoptr(Answer) unknown = request (sandbox, "POST", "/devices",
                                         "{\"gatewayId\": \"2\", \"name\": \"R\", \"colour\": \"red\"}");
    g_autoptr(Answer) bad_sensor = request (sandbox, "POST", "/devices",
                                            "{\"gatewayId\": \"2\", \"name\": \"R\", \"sensors\": "
                                            "[{\"name\": \"S\", \"sensorTypeId\": \"no-such-type\"}]}");
    JsonArray *listed = json_node_get_array (its_sensors->json);
    gboolean found = FALSE;

    g_assert_cmpstr (properties, ==, "room=hall");
    for (guint i = 0; i < json_array_get_length (listed); i++)
      found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (listed, i), "alternateId"),
                          "hall-lamp") == 0;
    g_assert_true (found);
    assert_error_naming (router, 400, "“authorizations”");
    assert_error_naming (unknown, 400, "“colour”");
    assert_error (bad_sensor, 400);
    g_assert_cmpint (count_of (sandbox, "devices"), ==, devices + 1);
    g_assert_cmpint (count_of (sandbox, "sensors"), ==, sensors + (strcmp (flavor, "classic") == 0 ? 2 : 1));
  }

  /* DELETE answers, in JSON, the entity as it was. */
  {
    g_autofree char *spare_type = g_strdup_printf ("/sensorTypes/%s", spare_type_id);
    g_autofree char *spare_capability = g_strdup_printf ("/capabilities/%s", spare_capability_id);
    g_autoptr(Answer) type_gone = request (sandbox, "DELETE", spare_type, NULL);
    g_autoptr(Answer) capability_gone = request (sandbox, "DELETE", spare_capability, NULL);
    g_autoptr(Answer) sensor_gone = request (sandbox, "DELETE", sensor, NULL);
    g_autoptr(Answer) device_gone = request (sandbox, "DELETE", device, NULL);
    g_autoptr(Answer) again = request (sandbox, "DELETE", device, NULL);
    g_autofree char *sensor_properties = custom_properties_of (sensor_gone);

    g_assert_cmpuint (type_gone->status, ==, 200);
    g_assert_cmpstr (member (type_gone, "id"), ==, spare_type_id);
    g_assert_cmpuint (capability_gone->status, ==, 200);
    g_assert_cmpstr (member (capability_gone, "name"), ==, "Spare");
    g_assert_cmpuint (sensor_gone->status, ==, 200);
    g_assert_cmpstr (member (sensor_gone, "name"), ==, "Lamp sensor");
    g_assert_cmpstr (sensor_properties, ==, "floor=2");
    g_assert_cmpuint (device_gone->status, ==, 200);
    g_assert_cmpstr (member (device_gone, "name"), ==, "Kitchen");
    assert_error (again, 404);
  }

  g_clear_pointer (&model, model_free);
  g_rmdir (dir);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* The SHA-256 of the first certificate in @pem, lowercase hex, as the
 * list of a device's certificates gives it. */
static char *
fingerprint_of (const char *pem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GByteArray) der = NULL;
  const char *begin = strstr (pem, "-----BEGIN CERTIFICATE-----");

  g_assert_nonnull (begin);
  certificate = g_tls_certificate_new_from_pem (begin, -1, &error);
  g_assert_no_error (error);
  g_object_get (certificate, "certificate", &der, NULL);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

/* A device's certificates: listed with their fingerprints, one revoked by
 * its fingerprint (the broker's revocation list names it), one issued for a
 * signing request the device made (its key never sent). */
static void
test_certificates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("tenant", &error);
  g_autofree char *dir = g_dir_make_tmp ("certificates-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autofree char *base = NULL;
  g_autofree char *list_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  model = seed_model (sandbox, dir);  /* issues one, PEM */
  base = g_strdup_printf ("/devices/%s/authentications/clientCertificate", model->device_id);
  list_path = g_strdup (base);
  {
    g_autofree char *pem_path = g_strdup_printf ("%s/pem", base);
    g_autoptr(Answer) pem = request (sandbox, "GET", pem_path, NULL);
    g_autoptr(Answer) list = request (sandbox, "GET", list_path, NULL);
    JsonArray *certificates;

    g_assert_cmpuint (pem->status, ==, 200);
    second = fingerprint_of (member (pem, "pem"));
    g_assert_cmpuint (list->status, ==, 200);
    certificates = json_node_get_array (list->json);
    g_assert_cmpuint (json_array_get_length (certificates), ==, 2);
    first = g_strdup (json_object_get_string_member (json_array_get_object_element (certificates, 0), "fingerprint"));
    g_assert_cmpuint (strlen (first), ==, 64);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certificates, 1), "fingerprint"),
                     ==, second);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (certificates, 1), "type"),
                     ==, "clientCertificate");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (certificates, 1), "validTo"), >,
                     g_get_real_time () / 1000 + (gint64) 360 * 24 * 3600 * 1000);
  }
  {
    /* Revoke the second by its fingerprint (any case): answered as listed,
     * gone from the list, named in the broker's revocation list. */
    g_autofree char *upper = g_ascii_strup (second, -1);
    g_autofree char *revoke_path = g_strdup_printf ("%s/%s", base, upper);
    g_autoptr(Answer) revoked = request (sandbox, "DELETE", revoke_path, NULL);
    g_autoptr(Answer) again = request (sandbox, "DELETE", revoke_path, NULL);
    g_autoptr(Answer) list = request (sandbox, "GET", list_path, NULL);
    g_autofree char *crl = g_build_filename (herald_test_sandbox_get_data_dir (sandbox), "crl.pem", NULL);
    g_autofree char *serial = NULL;
    g_autofree char *output = NULL;
    const char *argv[] = { "openssl", "crl", "-in", crl, "-noout", "-text", NULL };

    g_assert_cmpuint (revoked->status, ==, 200);
    g_assert_cmpstr (member (revoked, "fingerprint"), ==, second);
    serial = g_ascii_strup (member (revoked, "serialNumber"), -1);
    assert_error (again, 404);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list->json)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list->json), 0),
                                                    "fingerprint"), ==, first);
    g_assert_cmpint (run (argv, &output), ==, 0);
    g_assert_nonnull (strstr (output, serial));
  }
  {
    /* A signing request: the certificate names the device and holds the
     * request's key. */
    g_autofree char *key = g_build_filename (dir, "own.key", NULL);
    g_autofree char *csr_file = g_build_filename (dir, "own.csr", NULL);
    g_autofree char *csr = NULL;
    g_autofree char *body = NULL;
    g_autofree char *pem_path = g_strdup_printf ("%s/pem", base);
    g_autofree char *cert_file = g_build_filename (dir, "own.pem", NULL);
    g_autofree char *subject = NULL;
    g_autofree char *cert_key = NULL;
    g_autofree char *own_key = NULL;
    g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(Answer) issued = NULL;
    g_autoptr(Answer) garbage = NULL;
    g_autoptr(Answer) list = NULL;
    const char *genkey[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                             "-out", key, NULL };
    const char *req[] = { "openssl", "req", "-new", "-key", key, "-subj", "/CN=someone-else", "-out", csr_file,
                          NULL };
    const char *show_subject[] = { "openssl", "x509", "-in", cert_file, "-noout", "-subject", NULL };
    const char *show_cert_key[] = { "openssl", "x509", "-in", cert_file, "-noout", "-pubkey", NULL };
    const char *show_own_key[] = { "openssl", "pkey", "-in", key, "-pubout", NULL };

    g_assert_cmpint (run (genkey, NULL), ==, 0);
    g_assert_cmpint (run (req, NULL), ==, 0);
    g_assert_true (g_file_get_contents (csr_file, &csr, NULL, NULL));
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "csr");
    json_builder_add_string_value (builder, csr);
    json_builder_set_member_name (builder, "type");
    json_builder_add_string_value (builder, "clientCertificate");
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    body = json_to_string (root, FALSE);
    issued = request (sandbox, "POST", pem_path, body);
    g_assert_cmpuint (issued->status, ==, 200);
    g_assert_false (json_object_has_member (object_of (issued), "secret"));
    g_assert_true (g_file_set_contents (cert_file, member (issued, "pem"), -1, NULL));
    g_assert_cmpint (run (show_subject, &subject), ==, 0);
    g_assert_nonnull (strstr (subject, model->device_alternate_id));
    g_assert_cmpint (run (show_cert_key, &cert_key), ==, 0);
    g_assert_cmpint (run (show_own_key, &own_key), ==, 0);
    g_assert_cmpstr (cert_key, ==, own_key);

    garbage = request (sandbox, "POST", pem_path, "{\"csr\": \"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n\"}");
    assert_error_naming (garbage, 400, "csr");
    list = request (sandbox, "GET", list_path, NULL);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list->json)), ==, 2);
  }

  g_clear_pointer (&model, model_free);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    run (rm, NULL);
  }
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* curl against the sandbox over HTTPS, trusting its CA: the answer's body
 * (its status after a last newline) */
static char *
curl (HeraldTestSandbox  *sandbox,
      guint              *status,
      const char         *first,
      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *newline;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, "curl");
  g_ptr_array_add (argv, "-sS");
  g_ptr_array_add (argv, "--cacert");
  g_ptr_array_add (argv, (char *) herald_test_sandbox_get_ca_file (sandbox));
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, "\n%{http_code}");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("curl failed: %s", err);
  newline = strrchr (out, '\n');
  g_assert_nonnull (newline);
  *status = (guint) g_ascii_strtoull (newline + 1, NULL, 10);
  return g_strndup (out, newline - out);
}

static char *
json_member (const char *body,
             const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), name));
}

/* --https: the API over TLS with a certificate of the sandbox's CA (curl
 * trusts it given the CA, not without), and the REST gateway knowing a
 * device by its client certificate: its command taken, none without it. */
static void
test_https_gateway (void)
{
  const char *https[] = { "--https", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autofree char *dir = g_dir_make_tmp ("https-XXXXXX", NULL);
  g_autofree char *credentials = NULL;
  g_autofree char *base = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *body = NULL;
  g_autofree char *capability = NULL;
  g_autofree char *sensor_type = NULL;
  g_autofree char *device = NULL;
  g_autofree char *alternate = NULL;
  g_autofree char *certificate_path = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *pem_file = g_build_filename (dir, "device.pem", NULL);
  g_autofree char *key_file = g_build_filename (dir, "device.key", NULL);
  g_autofree char *passin = NULL;
  g_autofree char *gateway = NULL;
  g_autofree char *command = NULL;
  guint status = 0;

#ifdef __SANITIZE_ADDRESS__
  /* Over HTTPS the sandbox loads the GnuTLS module, whose TLS
   * LeakSanitizer (GCC 12) crashes scanning at its exit (see test-api-tls
   * in tests/meson.build): this sandbox runs without leak checking; the
   * others keep it. */
  g_autofree char *saved = g_strdup (g_getenv ("ASAN_OPTIONS"));

  g_setenv ("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1:halt_on_error=1", TRUE);
#endif
  sandbox = herald_test_sandbox_start_full ("tenant", NULL, https, &error);
#ifdef __SANITIZE_ADDRESS__
  if (saved != NULL)
    g_setenv ("ASAN_OPTIONS", saved, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
#endif
  g_assert_no_error (error);
  base = g_strdup (herald_test_sandbox_get_api_url (sandbox));
  g_assert_true (g_str_has_prefix (base, "https://127.0.0.1:"));
  origin = g_strndup (base, strstr (base, "/iot/") - base);
  credentials = g_strdup_printf ("%s:%s", herald_test_sandbox_get_user (sandbox),
                                 herald_test_sandbox_get_password (sandbox));

  /* Without the CA, curl refuses the server: it is TLS for real. */
  {
    g_autofree char *url = g_strconcat (base, "/gateways", NULL);
    const char *argv[] = { "curl", "-sS", "-u", credentials, url, NULL };
    g_autofree char *output = NULL;

    g_assert_cmpint (run (argv, &output), !=, 0);
    g_assert_nonnull (strstr (output, "certificate"));
  }

  {
    g_autofree char *url = g_strconcat (base, "/capabilities", NULL);
    answer = curl (sandbox, &status, "-u", credentials, "-H", "Content-Type: application/json", "-d",
                   seed_capability, url, NULL);
    g_assert_cmpuint (status, ==, 200);
    capability = json_member (answer, "id");
    g_clear_pointer (&answer, g_free);
  }
  {
    g_autofree char *url = g_strconcat (base, "/sensorTypes", NULL);
    body = g_strdup_printf (seed_sensor_type, capability);
    answer = curl (sandbox, &status, "-u", credentials, "-H", "Content-Type: application/json", "-d", body, url,
                   NULL);
    g_assert_cmpuint (status, ==, 200);
    sensor_type = json_member (answer, "id");
    g_clear_pointer (&answer, g_free);
    g_clear_pointer (&body, g_free);
  }
  {
    g_autofree char *url = g_strconcat (base, "/devices", NULL);
    answer = curl (sandbox, &status, "-u", credentials, "-H", "Content-Type: application/json", "-d",
                   "{\"gatewayId\": \"3\", \"name\": \"Over REST\"}", url, NULL);
    g_assert_cmpuint (status, ==, 200);
    device = json_member (answer, "id");
    alternate = json_member (answer, "alternateId");
    g_clear_pointer (&answer, g_free);
  }
  {
    g_autofree char *url = g_strconcat (base, "/sensors", NULL);
    body = g_strdup_printf ("{\"deviceId\": \"%s\", \"name\": \"Lamp\", \"sensorTypeId\": \"%s\", "
                            "\"alternateId\": \"lamp\"}", device, sensor_type);
    answer = curl (sandbox, &status, "-u", credentials, "-H", "Content-Type: application/json", "-d", body, url,
                   NULL);
    g_assert_cmpuint (status, ==, 200);
    g_clear_pointer (&answer, g_free);
    g_clear_pointer (&body, g_free);
  }
  certificate_path = g_strdup_printf ("%s/devices/%s/authentications/clientCertificate/pem", base, device);
  answer = curl (sandbox, &status, "-u", credentials, certificate_path, NULL);
  g_assert_cmpuint (status, ==, 200);
  pem = json_member (answer, "pem");
  secret = json_member (answer, "secret");
  g_assert_true (g_file_set_contents (pem_file, pem, -1, NULL));
  passin = g_strconcat ("pass:", secret, NULL);
  {
    const char *argv[] = { "openssl", "pkey", "-in", pem_file, "-passin", passin, "-out", key_file, NULL };
    g_assert_cmpint (run (argv, NULL), ==, 0);
  }

  /* A command through the REST gateway, as the device: 202; without its
   * certificate: 403. */
  gateway = g_strdup_printf ("%s/iot/gateway/rest/commands/%s", origin, alternate);
  g_clear_pointer (&answer, g_free);
  {
    g_autofree char *url = g_strdup_printf ("%s/capabilities/%s", base, capability);
    g_autofree char *read = curl (sandbox, &status, "-u", credentials, url, NULL);
    g_autofree char *capability_alternate = json_member (read, "alternateId");

    command = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"lamp\", "
                               "\"command\": {\"LED\": true}}", capability_alternate);
  }
  answer = curl (sandbox, &status, "--cert", pem_file, "--key", key_file, "-H", "Content-Type: application/json",
                 "-d", command, gateway, NULL);
  g_assert_cmpuint (status, ==, 202);
  g_clear_pointer (&answer, g_free);
  answer = curl (sandbox, &status, "-H", "Content-Type: application/json", "-d", command, gateway, NULL);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (answer, "client certificate"));

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    run (rm, NULL);
  }
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* Every route of the table, with each method it takes: answered by its
 * handler, not as an unknown path (404) nor as a wrong method (405); and
 * with a method that no route of its path takes: 405, with an Allow header
 * that names those the path takes. DELETE goes last, so that the other
 * methods find the seed's entities. */
static void
test_routes (gconstpointer data)
{
  const char *flavor = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start (flavor, &error);
  g_autofree char *dir = g_dir_make_tmp ("routes-XXXXXX", NULL);
  g_autoptr(Model) model = NULL;
  g_autoptr(Answer) nowhere = NULL;
  const char * const wrong[] = { "PATCH", "PUT", "POST", "DELETE", "GET" };
  guint walked = 0;

  g_assert_no_error (error);
  model = seed_model (sandbox, dir);
  nowhere = request (sandbox, "GET", "/nowhere", NULL);
  assert_error (nowhere, 404);

  /* Each route is in the OpenAPI document (Swagger UI's page), with each
   * method but HEAD. */
  {
    g_autoptr(Answer) doc = request (sandbox, "GET", "/doc/openapi.json", NULL);
    JsonObject *paths = json_object_get_object_member (object_of (doc), "paths");

    for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
      {
        g_auto(GStrv) methods = g_strsplit (routes[i].methods, " ", -1);
        g_autofree char *path = g_strconcat ("/", routes[i].pattern, NULL);

        if (g_str_has_prefix (routes[i].pattern, "doc"))
          continue;
        if (!json_object_has_member (paths, path))
          g_error ("openapi.json lacks the path %s", path);
        for (guint j = 0; methods[j] != NULL; j++)
          {
            g_autofree char *method = g_ascii_strdown (methods[j], -1);

            if (strcmp (method, "head") != 0 &&
                !json_object_has_member (json_object_get_object_member (paths, path), method))
              g_error ("openapi.json lacks %s %s", methods[j], path);
          }
      }
  }

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
      {
        g_auto(GStrv) methods = g_strsplit (routes[i].methods, " ", -1);
        g_autofree char *path = route_path (routes[i].pattern, model);

        for (guint j = 0; methods[j] != NULL; j++)
          {
            g_autoptr(Answer) answer = NULL;
            const char *body = strcmp (methods[j], "POST") == 0 ? "{}" : NULL;

            if ((strcmp (methods[j], "DELETE") == 0) != (pass == 1))
              continue;
            g_test_message ("%s %s", methods[j], path);
            answer = request (sandbox, methods[j], path, body);
            g_assert_cmpuint (answer->status, !=, 405);
            g_assert_false (answer->status == 404 && strcmp (answer->body, nowhere->body) == 0);
            if (strcmp (methods[j], "HEAD") == 0)
              g_assert_cmpuint (answer->status, !=, 404);
            walked++;
          }
      }
  g_assert_cmpuint (walked, >=, G_N_ELEMENTS (routes));

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *path = route_path (routes[i].pattern, model);
      g_autofree char *allow = route_allow (routes[i].pattern);
      g_autoptr(Answer) answer = NULL;
      const char *method = NULL;

      for (guint j = 0; method == NULL && j < G_N_ELEMENTS (wrong); j++)
        if (!route_takes (routes[i].pattern, wrong[j]))
          method = wrong[j];
      g_assert_nonnull (method);
      g_test_message ("%s %s", method, path);
      answer = request (sandbox, method, path, NULL);
      assert_error (answer, 405);
      g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "Allow"), ==, allow);
    }

  g_clear_pointer (&model, model_free);
  g_rmdir (dir);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* A broker that cannot run: the sandbox says so and exits non-zero,
 * leaving no sandbox.json. */
static void
test_no_broker (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("nobroker-XXXXXX", NULL);
  g_autofree char *info = g_build_filename (data_dir, "sandbox.json", NULL);
  g_autofree char *output = NULL;
  const char *argv[] = { herald_test_sandbox_get_binary (), "--data-dir", data_dir,
                         "--http-port", "0", "--mqtt-port", "0", "--mosquitto", "/bin/false", NULL };
  const char *bad_flavor[] = { herald_test_sandbox_get_binary (), "--data-dir", data_dir,
                               "--flavor", "cloudy", NULL };
  const char *rm[] = { "rm", "-rf", data_dir, NULL };

  g_assert_cmpint (run (argv, &output), !=, 0);
  g_assert_nonnull (strstr (output, "MQTT broker"));
  g_assert_false (g_file_test (info, G_FILE_TEST_EXISTS));

  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run (bad_flavor, &output), !=, 0);
  g_assert_nonnull (strstr (output, "cloudy"));

  run (rm, NULL);
}

/* A broker left by an earlier run (its pid in mosquitto.pid, our
 * configuration on its command line) is stopped at the next start. */
static void
test_stale_broker (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("stale-XXXXXX", NULL);
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(GSubprocess) stale = NULL;
  g_autofree char *conf = g_build_filename (data_dir, "mosquitto.conf", NULL);
  g_autofree char *pid_file = g_build_filename (data_dir, "mosquitto.pid", NULL);
  g_autofree char *pid_text = NULL;
  const char *rm[] = { "rm", "-rf", data_dir, NULL };
  gint64 deadline;

  sandbox = herald_test_sandbox_start_full ("classic", data_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
  g_clear_pointer (&sandbox, herald_test_sandbox_free);

  /* The configuration stays: start a broker with it, as if left behind. */
  stale = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            "/usr/sbin/mosquitto", "-c", conf, NULL);
  g_assert_no_error (error);
  pid_text = g_strdup_printf ("%s\n", g_subprocess_get_identifier (stale));
  g_assert_true (g_file_set_contents (pid_file, pid_text, -1, NULL));
  g_usleep (300 * 1000);
  g_assert_nonnull (g_subprocess_get_identifier (stale));

  sandbox = herald_test_sandbox_start_full ("classic", data_dir, NULL, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_subprocess_get_identifier (stale) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_null (g_subprocess_get_identifier (stale));
  g_assert_true (g_subprocess_get_if_signaled (stale) || g_subprocess_get_if_exited (stale));

  g_clear_pointer (&sandbox, herald_test_sandbox_free);
  run (rm, NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/sandbox/start-stop", test_start_stop);
  g_test_add_func ("/sandbox/seed-classic", test_seed_classic);
  g_test_add_func ("/sandbox/seed-tenant", test_seed_tenant);
  g_test_add_func ("/sandbox/acl", test_acl);
  g_test_add_func ("/sandbox/measures", test_measures);
  g_test_add_func ("/sandbox/key-types", test_key_types);
  g_test_add_func ("/sandbox/errors", test_errors);
  g_test_add_func ("/sandbox/hostile-json", test_hostile_json);
  g_test_add_func ("/sandbox/lists", test_lists);
  g_test_add_func ("/sandbox/concurrent", test_concurrent);
  g_test_add_func ("/sandbox/restart", test_restart);
  g_test_add_func ("/sandbox/revoke", test_revoke);
  g_test_add_func ("/sandbox/broker-restart", test_broker_restart);
  g_test_add_func ("/sandbox/no-broker", test_no_broker);
  g_test_add_func ("/sandbox/stale-broker", test_stale_broker);
  g_test_add_data_func ("/sandbox/openapi/classic", "classic", test_openapi);
  g_test_add_data_func ("/sandbox/openapi/tenant", "tenant", test_openapi);
  g_test_add_data_func ("/sandbox/changes/classic", "classic", test_changes);
  g_test_add_data_func ("/sandbox/changes/tenant", "tenant", test_changes);
  g_test_add_func ("/sandbox/certificates", test_certificates);
  g_test_add_func ("/sandbox/https-gateway", test_https_gateway);
  g_test_add_data_func ("/sandbox/routes/classic", "classic", test_routes);
  g_test_add_data_func ("/sandbox/routes/tenant", "tenant", test_routes);

  return g_test_run ();
}

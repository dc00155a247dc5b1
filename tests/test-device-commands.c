/* test-device-commands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * End to end, as the seed does it, against a real herald-sandbox: provision
 * the seed's device model with HeraldApiClient, turn the certificate answer
 * into a HeraldKeystore, connect as the device with HeraldMqttSession,
 * subscribe to commands/<alternateId>, POST the seed's command and receive
 * exactly the seed's payload.
 */

#include "config.h"

#include <string.h>

#include "herald-api-client.h"
#include "herald-keystore.h"
#include "herald-mqtt-session.h"
#include "herald-test-probe.h"
#include "herald-test-sandbox.h"

/* The seed's alternate ids, so the payload is the seed's byte for byte. */
#define CAPABILITY_ALT "e6ae441b8820c91f"
#define DEVICE_ALT     "cb1bc8935375529e"
#define SENSOR_ALT     "07c0a15c0d0baeb7"
#define SEED_COMMAND   "{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":\"50.0\"}"
#define SEED_PAYLOAD   "{\"sensorAlternateId\":\"07c0a15c0d0baeb7\",\"capabilityAlternateId\":\"e6ae441b8820c91f\",\"command\":{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":50.0}}"

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gpointer
create (HeraldApiClient *client, gpointer entity)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gpointer created;

  herald_api_client_create_async (client, entity, NULL, store_result, &result);
  created = herald_api_client_entity_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);

  return created;
}

static void
add_property (HeraldCapability *capability, const char *name, HeraldDataType type, const char *unit)
{
  g_autoptr(HeraldProperty) property = herald_property_new (name, type, unit);

  herald_capability_add_property (capability, property);
}

static HeraldKeystore *
certificate (HeraldApiClient *client, const char *device_id, HeraldCertificateFormat format)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) material = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(GAsyncResult) ks_result = NULL;
  HeraldKeystore *ks;

  herald_api_client_get_device_certificate_async (client, device_id, format, NULL, store_result, &result);
  material = herald_api_client_get_device_certificate_finish (client, wait_result (&result), &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (material);
  g_assert_nonnull (secret);

  /* What the window does with the answer: PEM text or decoded PKCS#12. */
  ks = herald_keystore_new_from_data (material, secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_keystore_get_subject_cn (ks), ==, DEVICE_ALT);
  g_assert_false (herald_keystore_is_expired (ks));

  /* And what the user may save, as the seed's client.ks. */
  {
    g_autofree char *path = g_build_filename (g_get_user_data_dir (), "client.ks", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(HeraldKeystore) back = NULL;

    g_assert_true (herald_keystore_save (ks, file, HERALD_KEYSTORE_FORMAT_PKCS12, secret, NULL, &error));
    g_assert_no_error (error);
    herald_keystore_load_file_async (file, secret, NULL, store_result, &ks_result);
    back = herald_keystore_load_file_finish (wait_result (&ks_result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (herald_keystore_get_fingerprint (back), ==, herald_keystore_get_fingerprint (ks));
  }

  return ks;
}

typedef struct
{
  GPtrArray *messages;
  guint n_subscribed;
  guint n_connected;
  GPtrArray *errors;
} Seen;

static void
on_messages (HeraldMqttSession *session, GPtrArray *batch, Seen *seen)
{
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (seen->messages, herald_message_ref (batch->pdata[i]));
}

static void
on_subscribed (HeraldMqttSession *session, const char *topic, guint qos, Seen *seen)
{
  seen->n_subscribed++;
}

static void
on_connected (HeraldMqttSession *session, gboolean present, Seen *seen)
{
  seen->n_connected++;
}

static void
on_error (HeraldMqttSession *session, GError *error, Seen *seen)
{
  g_test_message ("error: %s", error->message);
  g_ptr_array_add (seen->errors, g_error_copy (error));
}


static void
test_seed_command_arrives (gconstpointer data)
{
  HeraldCertificateFormat format = GPOINTER_TO_UINT (data);
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(HeraldCapability) capability = NULL;
  g_autoptr(HeraldCapability) cap = NULL;
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldSensorType) st = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(HeraldDevice) dev = NULL;
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(HeraldSensor) sen = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;
  g_autoptr(HeraldMqttSession) session = NULL;
  g_autoptr(GAsyncResult) gw_result = NULL;
  g_autoptr(GAsyncResult) cmd_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *key_dir = NULL;
  Seen seen = { 0 };
  guint status = 0;
  HeraldMessage *message;
  gsize len;
  const char *payload;

  sandbox = herald_test_sandbox_start ("classic", &error);
  g_assert_no_error (error);

  config = herald_service_config_new (herald_test_sandbox_get_api_url (sandbox),
                                      herald_test_sandbox_get_user (sandbox),
                                      herald_test_sandbox_get_password (sandbox));
  /* The sandbox is on loopback; no desktop proxy settings in the tests. */
  herald_service_config_set_use_system_proxy (config, FALSE);
  client = herald_api_client_new (config, &error);
  g_assert_no_error (error);

  /* Steps 1-4 of the seed. */
  capability = herald_capability_new ("MyCapability");
  herald_entity_set_alternate_id (HERALD_ENTITY (capability), CAPABILITY_ALT);
  add_property (capability, "LED", HERALD_DATA_TYPE_BOOLEAN, NULL);
  add_property (capability, "Buzzer", HERALD_DATA_TYPE_BOOLEAN, NULL);
  add_property (capability, "Speed", HERALD_DATA_TYPE_FLOAT, "mph");
  cap = create (client, capability);
  g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (cap)), ==, CAPABILITY_ALT);

  sensor_type = herald_sensor_type_new ("MySensorType");
  herald_sensor_type_add_capability (sensor_type, herald_entity_get_id (HERALD_ENTITY (cap)), "command");
  st = create (client, sensor_type);

  herald_api_client_find_mqtt_gateway_async (client, NULL, store_result, &gw_result);
  gateway = herald_api_client_entity_finish (client, wait_result (&gw_result), &error);
  g_assert_no_error (error);

  device = herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), "MyDevice");
  herald_entity_set_alternate_id (HERALD_ENTITY (device), DEVICE_ALT);
  dev = create (client, device);

  sensor = herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (dev)), "MySensor",
                              herald_entity_get_id (HERALD_ENTITY (st)));
  herald_entity_set_alternate_id (HERALD_ENTITY (sensor), SENSOR_ALT);
  sen = create (client, sensor);

  /* Step 5: the certificate answer becomes the key store. */
  ks = certificate (client, herald_entity_get_id (HERALD_ENTITY (dev)), format);

  /* Step 6: connect as the device and subscribe. */
  seen.messages = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
  seen.errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  session = g_object_new (HERALD_TYPE_MQTT_SESSION,
                          "server-uri", herald_test_sandbox_get_mqtt_uri (sandbox),
                          "client-id", DEVICE_ALT,
                          "keystore", ks,
                          "trust", HERALD_MQTT_TRUST_CA_FILE,
                          "ca-file", herald_test_sandbox_get_ca_file (sandbox),
                          "clean-session", TRUE,
                          NULL);
  g_signal_connect (session, "messages-received", G_CALLBACK (on_messages), &seen);
  g_signal_connect (session, "subscribed", G_CALLBACK (on_subscribed), &seen);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), &seen);
  g_signal_connect (session, "error", G_CALLBACK (on_error), &seen);
  herald_mqtt_session_connect (session);
  WAIT_UNTIL (seen.n_connected > 0 || seen.errors->len > 0, 30);
  g_assert_cmpuint (seen.errors->len, ==, 0);
  herald_mqtt_session_subscribe (session, "commands/" DEVICE_ALT, 1, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (seen.n_subscribed > 0 || seen.errors->len > 0, 30);
  g_assert_cmpuint (seen.errors->len, ==, 0);

  /* POST the seed's command. */
  herald_api_client_send_command_async (client, herald_entity_get_id (HERALD_ENTITY (dev)),
                                        herald_entity_get_id (HERALD_ENTITY (sen)),
                                        herald_entity_get_id (HERALD_ENTITY (cap)),
                                        SEED_COMMAND, NULL, store_result, &cmd_result);
  answer = herald_api_client_send_command_finish (client, wait_result (&cmd_result), &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (answer, ==, "Command issued successfully.");

  /* Exactly the seed's payload, once. */
  WAIT_UNTIL (seen.messages->len > 0, 30);
  spin (500);
  g_assert_cmpuint (seen.messages->len, ==, 1);
  message = seen.messages->pdata[0];
  g_assert_cmpstr (herald_message_get_topic (message), ==, "commands/" DEVICE_ALT);
  g_assert_cmpuint (herald_message_get_qos (message), ==, 1);
  g_assert_false (herald_message_get_retained (message));
  payload = g_bytes_get_data (herald_message_get_payload (message), &len);
  g_assert_cmpmem (payload, len, SEED_PAYLOAD, strlen (SEED_PAYLOAD));

  key_dir = g_strdup (herald_mqtt_session_get_key_dir (session));
  herald_mqtt_session_disconnect (session);
  g_assert_false (g_file_test (key_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (seen.errors->len, ==, 0);

  g_clear_object (&session);
  g_ptr_array_unref (seen.messages);
  g_ptr_array_unref (seen.errors);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/device-commands/seed/pem", GUINT_TO_POINTER (HERALD_CERTIFICATE_FORMAT_PEM),
                        test_seed_command_arrives);
  g_test_add_data_func ("/device-commands/seed/p12", GUINT_TO_POINTER (HERALD_CERTIFICATE_FORMAT_P12),
                        test_seed_command_arrives);

  return g_test_run ();
}

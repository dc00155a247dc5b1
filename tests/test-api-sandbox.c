/* test-api-sandbox.c: HeraldApiClient against the real herald-sandbox, in
 * both flavours: every operation, the seed's whole provisioning chain,
 * paging, the error codes the service produces, and an exchange log of the
 * chain that holds no secret.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <MQTTAsync.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <string.h>

#include "herald-ack-tracker.h"
#include "herald-api-client.h"
#include "herald-measure.h"
#include "herald-odata.h"
#include "herald-keystore.h"
#include "herald-test-sandbox.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)

/* The seed's bodies (steps 1-4 and 6). */
#define SEED_CAPABILITY \
  "{\"name\": \"MyCapability\", \"properties\": [" \
  "{\"name\": \"LED\", \"dataType\": \"boolean\"}," \
  "{\"name\": \"Buzzer\", \"dataType\": \"boolean\"}," \
  "{\"name\": \"Speed\", \"dataType\": \"float\", \"unitOfMeasure\": \"mph\"}]}"
#define SEED_COMMAND_CLASSIC "{\"LED\": \"true\", \"Buzzer\": \"true\", \"Speed\": \"50.0\"}"
#define TYPED_COMMAND_TENANT "{\"LED\": true, \"Buzzer\": true, \"Speed\": 50.0}"

typedef struct
{
  HeraldTestSandbox *sandbox;
  HeraldApiClient   *client;
  GMainLoop         *loop;
  GAsyncResult      *result;
  GPtrArray         *exchanges;
  gboolean           tenant;
} Fixture;

static void
on_exchange (HeraldApiClient *client,
             HeraldExchange  *exchange,
             Fixture         *fixture)
{
  g_ptr_array_add (fixture->exchanges, g_object_ref (exchange));
}

static HeraldApiClient *
make_client (Fixture    *fixture,
             const char *api_url,
             const char *password)
{
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  HeraldApiClient *client;

  config = herald_service_config_new (api_url,
                                      herald_test_sandbox_get_user (fixture->sandbox),
                                      password);
  if (herald_test_sandbox_get_ca_file (fixture->sandbox) != NULL)
    herald_service_config_set_ca_file (config, herald_test_sandbox_get_ca_file (fixture->sandbox));
  client = herald_api_client_new (config, &error);
  g_assert_no_error (error);
  g_signal_connect (client, "exchange", G_CALLBACK (on_exchange), fixture);
  return client;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *flavor = data;
  g_autoptr(GError) error = NULL;

  fixture->tenant = g_str_equal (flavor, "tenant");
  fixture->sandbox = herald_test_sandbox_start (flavor, &error);
  g_assert_no_error (error);
  g_test_message ("sandbox %s at %s", flavor, herald_test_sandbox_get_api_url (fixture->sandbox));

  fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->exchanges = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->client = make_client (fixture, herald_test_sandbox_get_api_url (fixture->sandbox),
                                 herald_test_sandbox_get_password (fixture->sandbox));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->result);
  g_ptr_array_unref (fixture->exchanges);
  g_main_loop_unref (fixture->loop);
  g_clear_pointer (&fixture->sandbox, herald_test_sandbox_free);
}

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
  g_main_loop_quit (fixture->loop);
}

static GAsyncResult *
wait_result (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_main_loop_run (fixture->loop);
  return fixture->result;
}

/* Synchronous wrappers, for the test's reading only. */

static gpointer
create (Fixture       *fixture,
        HeraldEntity  *entity,
        GError       **error)
{
  herald_api_client_create_async (fixture->client, entity, NULL, on_ready, fixture);
  return herald_api_client_entity_finish (fixture->client, wait_result (fixture), error);
}

static gpointer
create_from (Fixture     *fixture,
             GType        type,
             const char  *json,
             GError     **error)
{
  g_autoptr(HeraldEntity) entity = NULL;
  g_autoptr(GError) local_error = NULL;

  entity = herald_entity_new_from_string (type, json, &local_error);
  g_assert_no_error (local_error);
  return create (fixture, entity, error);
}

static gpointer
get (Fixture     *fixture,
     GType        type,
     const char  *id,
     GError     **error)
{
  if (type == HERALD_TYPE_CAPABILITY)
    herald_api_client_get_capability_async (fixture->client, id, NULL, on_ready, fixture);
  else if (type == HERALD_TYPE_SENSOR_TYPE)
    herald_api_client_get_sensor_type_async (fixture->client, id, NULL, on_ready, fixture);
  else if (type == HERALD_TYPE_GATEWAY)
    herald_api_client_get_gateway_async (fixture->client, id, NULL, on_ready, fixture);
  else if (type == HERALD_TYPE_DEVICE)
    herald_api_client_get_device_async (fixture->client, id, NULL, on_ready, fixture);
  else
    herald_api_client_get_sensor_async (fixture->client, id, NULL, on_ready, fixture);

  return herald_api_client_entity_finish (fixture->client, wait_result (fixture), error);
}

static GListModel *
list (Fixture     *fixture,
      GType        type,
      const char  *filter,
      const char  *orderby,
      guint        skip,
      guint        top,
      GError     **error)
{
  if (type == HERALD_TYPE_CAPABILITY)
    herald_api_client_list_capabilities_async (fixture->client, filter, orderby, skip, top, NULL, on_ready, fixture);
  else if (type == HERALD_TYPE_SENSOR_TYPE)
    herald_api_client_list_sensor_types_async (fixture->client, filter, orderby, skip, top, NULL, on_ready, fixture);
  else if (type == HERALD_TYPE_GATEWAY)
    herald_api_client_list_gateways_async (fixture->client, filter, orderby, skip, top, NULL, on_ready, fixture);
  else if (type == HERALD_TYPE_DEVICE)
    herald_api_client_list_devices_async (fixture->client, filter, orderby, skip, top, NULL, on_ready, fixture);
  else
    herald_api_client_list_sensors_async (fixture->client, filter, orderby, skip, top, NULL, on_ready, fixture);

  return herald_api_client_list_finish (fixture->client, wait_result (fixture), error);
}

static gboolean
delete (Fixture     *fixture,
        GType        type,
        const char  *id,
        GError     **error)
{
  herald_api_client_delete_async (fixture->client, type, id, NULL, on_ready, fixture);
  return herald_api_client_delete_finish (fixture->client, wait_result (fixture), error);
}

static char *
send_command (Fixture     *fixture,
              const char  *device_id,
              const char  *sensor_id,
              const char  *capability_id,
              const char  *command,
              guint       *status,
              GError     **error)
{
  herald_api_client_send_command_async (fixture->client, device_id, sensor_id, capability_id,
                                        command, NULL, on_ready, fixture);
  return herald_api_client_send_command_finish (fixture->client, wait_result (fixture), status, error);
}

static GBytes *
certificate (Fixture                  *fixture,
             const char               *device_id,
             HeraldCertificateFormat   format,
             char                    **secret,
             GError                  **error)
{
  herald_api_client_get_device_certificate_async (fixture->client, device_id, format,
                                                  NULL, on_ready, fixture);
  return herald_api_client_get_device_certificate_finish (fixture->client, wait_result (fixture),
                                                          secret, error);
}

static gboolean
is_hex16 (const char *text)
{
  if (text == NULL || strlen (text) != 16)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_uuid (const char *text)
{
  return text != NULL && strlen (text) == 36 && text[8] == '-' && text[13] == '-' &&
         text[18] == '-' && text[23] == '-';
}

static char *
common_name (X509 *certificate)
{
  char cn[256] = { 0 };

  X509_NAME_get_text_by_NID (X509_get_subject_name (certificate), NID_commonName, cn, sizeof cn);
  return g_strdup (cn);
}

/* Every text the exchange log shows: none may hold a secret. */
static void
assert_log_clean (Fixture     *fixture,
                  const char  *password,
                  const char **secrets,
                  const char **key_lines)
{
  g_autofree char *pair = g_strconcat (herald_test_sandbox_get_user (fixture->sandbox), ":", password, NULL);
  g_autofree char *basic = g_base64_encode ((guchar *)pair, strlen (pair));

  g_assert_cmpuint (fixture->exchanges->len, >, 0);

  for (guint i = 0; i < fixture->exchanges->len; i++)
    {
      HeraldExchange *exchange = fixture->exchanges->pdata[i];
      g_autofree char *curl = herald_exchange_to_curl (exchange);
      g_autofree char *all = g_strjoin ("\n",
                                        herald_exchange_get_method (exchange),
                                        herald_exchange_get_url (exchange),
                                        herald_exchange_get_request_headers (exchange) ?: "",
                                        herald_exchange_get_request_body (exchange) ?: "",
                                        herald_exchange_get_response_body (exchange) ?: "",
                                        herald_exchange_get_error_message (exchange) ?: "",
                                        curl, NULL);

      g_assert_null (strstr (all, password));
      g_assert_null (strstr (all, basic));
      for (guint j = 0; secrets[j] != NULL; j++)
        g_assert_null (strstr (all, secrets[j]));
      for (guint j = 0; key_lines[j] != NULL; j++)
        g_assert_null (strstr (all, key_lines[j]));

      g_assert_true (g_str_has_prefix (curl, "curl -u "));
      g_assert_nonnull (strstr (herald_exchange_get_request_headers (exchange), "Authorization: Basic <redacted>"));
    }
}

static void
test_chain (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldGateway) gateway_again = NULL;
  g_autoptr(HeraldCapability) capability = NULL;
  g_autoptr(HeraldCapability) capability_again = NULL;
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldSensorType) sensor_type_again = NULL;
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(HeraldDevice) device_again = NULL;
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(HeraldSensor) sensor_again = NULL;
  g_autoptr(HeraldSensorType) new_sensor_type = NULL;
  g_autoptr(HeraldDevice) new_device = NULL;
  g_autoptr(HeraldSensor) new_sensor = NULL;
  g_autoptr(GListModel) gateways = NULL;
  g_autoptr(GListModel) capabilities = NULL;
  g_autoptr(GListModel) sensor_types = NULL;
  g_autoptr(GListModel) devices = NULL;
  g_autoptr(GListModel) sensors = NULL;
  g_autoptr(JsonArray) measures = NULL;
  g_autoptr(JsonNode) capability_json = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GBytes) p12 = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *p12_secret = NULL;
  g_autofree char *message = NULL;
  g_autofree char *pem_text = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *p12_base64 = NULL;
  g_autofree char *p12_chunk = NULL;
  g_autoptr(GPtrArray) key_lines = g_ptr_array_new_with_free_func (g_free);
  HeraldProperty *speed;
  JsonObject *speed_json;
  JsonArray *properties;
  guint status = 0;
  gboolean in_key = FALSE;

  /* Step 3 first part: the MQTT gateway, found by protocol. */
  herald_api_client_find_mqtt_gateway_async (fixture->client, NULL, on_ready, fixture);
  gateway = herald_api_client_entity_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_gateway_get_protocol_id (gateway), ==, "mqtt");
  g_assert_true (herald_gateway_is_online (gateway));
  if (fixture->tenant)
    {
      g_assert_cmpstr (herald_entity_get_name (HERALD_ENTITY (gateway)), ==, "MQTT Gateway");
      g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (gateway)), ==, "GATEWAY_CLOUD_MQTT");
    }
  else
    g_assert_cmpstr (herald_entity_get_name (HERALD_ENTITY (gateway)), ==, "IoT Gateway MQTT");

  gateways = list (fixture, HERALD_TYPE_GATEWAY, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gateways), ==, 2);
  gateway_again = get (fixture, HERALD_TYPE_GATEWAY, herald_entity_get_id (HERALD_ENTITY (gateway)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_gateway_get_protocol_id (gateway_again), ==, "mqtt");

  /* Step 1: the capability. */
  capability = create_from (fixture, HERALD_TYPE_CAPABILITY, SEED_CAPABILITY, &error);
  g_assert_no_error (error);
  g_assert_true (HERALD_IS_CAPABILITY (capability));
  g_assert_true (is_uuid (herald_entity_get_id (HERALD_ENTITY (capability))));
  g_assert_true (is_hex16 (herald_entity_get_alternate_id (HERALD_ENTITY (capability))));
  g_assert_cmpuint (g_list_model_get_n_items (herald_capability_get_properties (capability)), ==, 3);
  speed = herald_capability_find_property (capability, "Speed");
  g_assert_cmpint (herald_property_get_data_type (speed), ==, HERALD_DATA_TYPE_FLOAT);
  g_assert_cmpstr (herald_property_get_unit_of_measure (speed), ==, "mph");
  /* The formatter the seed shows, kept though Herald has no property for it. */
  capability_json = herald_entity_to_json (HERALD_ENTITY (capability));
  properties = json_object_get_array_member (json_node_get_object (capability_json), "properties");
  speed_json = json_array_get_object_element (properties, 2);
  g_assert_true (json_object_has_member (speed_json, "formatter"));
  g_assert_false (json_object_has_member (json_array_get_object_element (properties, 0), "formatter"));

  capability_again = get (fixture, HERALD_TYPE_CAPABILITY, herald_entity_get_id (HERALD_ENTITY (capability)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_entity_get_name (HERALD_ENTITY (capability_again)), ==, "MyCapability");
  capabilities = list (fixture, HERALD_TYPE_CAPABILITY, "name eq 'MyCapability'", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (capabilities), ==, 1);

  /* Step 2: the sensor type, with the capability as a command. */
  new_sensor_type = herald_sensor_type_new ("MySensorType");
  herald_sensor_type_add_capability (new_sensor_type, herald_entity_get_id (HERALD_ENTITY (capability)), "command");
  sensor_type = create (fixture, HERALD_ENTITY (new_sensor_type), &error);
  g_assert_no_error (error);
  g_assert_true (is_uuid (herald_entity_get_id (HERALD_ENTITY (sensor_type))));
  g_assert_cmpuint (g_ascii_strtoull (herald_entity_get_alternate_id (HERALD_ENTITY (sensor_type)), NULL, 10), >, 0);
  g_assert_true (herald_sensor_type_has_capability (sensor_type, herald_entity_get_id (HERALD_ENTITY (capability)), "command"));
  sensor_type_again = get (fixture, HERALD_TYPE_SENSOR_TYPE, herald_entity_get_id (HERALD_ENTITY (sensor_type)), &error);
  g_assert_no_error (error);
  sensor_types = list (fixture, HERALD_TYPE_SENSOR_TYPE, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sensor_types), >=, 1);

  /* Step 3: the device on the MQTT gateway. */
  new_device = herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), "MyDevice");
  device = create (fixture, HERALD_ENTITY (new_device), &error);
  g_assert_no_error (error);
  g_assert_nonnull (herald_entity_get_id (HERALD_ENTITY (device)));
  /* Numbers, or GUIDs when run again with --ids guid (tests/meson.build). */
  if (g_strcmp0 (g_getenv ("HERALD_TEST_SANDBOX_IDS"), "guid") == 0)
    g_assert_true (is_uuid (herald_entity_get_id (HERALD_ENTITY (device))));
  else
    g_assert_true (g_ascii_isdigit (herald_entity_get_id (HERALD_ENTITY (device))[0]));
  g_assert_true (is_hex16 (herald_entity_get_alternate_id (HERALD_ENTITY (device))));
  g_assert_cmpstr (herald_device_get_gateway_id (device), ==, herald_entity_get_id (HERALD_ENTITY (gateway)));
  g_assert_cmpint (herald_device_get_creation_timestamp (device), >, 1500000000000);
  g_assert_true (herald_device_has_client_certificate (device));
  if (fixture->tenant)
    {
      g_assert_null (herald_device_get_status (device));
      g_assert_cmpuint (g_list_model_get_n_items (herald_device_get_sensors (device)), ==, 0);
    }
  else
    {
      g_autoptr(HeraldSensor) default_sensor = NULL;

      g_assert_cmpstr (herald_device_get_status (device), ==, "fullyFunctional");
      g_assert_cmpuint (g_list_model_get_n_items (herald_device_get_sensors (device)), ==, 1);
      default_sensor = g_list_model_get_item (herald_device_get_sensors (device), 0);
      g_assert_cmpstr (herald_sensor_get_sensor_type_id (default_sensor), ==, "0");
      g_assert_cmpstr (herald_entity_get_name (HERALD_ENTITY (default_sensor)), ==, "Sensor: 0:0:0:0");
      g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (default_sensor)), ==, "0:0:0:0");
    }
  device_again = get (fixture, HERALD_TYPE_DEVICE, herald_entity_get_id (HERALD_ENTITY (device)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (device_again)), ==,
                   herald_entity_get_alternate_id (HERALD_ENTITY (device)));

  /* Step 4: the sensor. */
  new_sensor = herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (device)), "MySensor",
                                  herald_entity_get_id (HERALD_ENTITY (sensor_type)));
  sensor = create (fixture, HERALD_ENTITY (new_sensor), &error);
  g_assert_no_error (error);
  g_assert_true (is_hex16 (herald_entity_get_alternate_id (HERALD_ENTITY (sensor))));
  g_assert_cmpstr (herald_sensor_get_device_id (sensor), ==, herald_entity_get_id (HERALD_ENTITY (device)));
  g_assert_cmpstr (herald_sensor_get_sensor_type_id (sensor), ==, herald_entity_get_id (HERALD_ENTITY (sensor_type)));
  sensor_again = get (fixture, HERALD_TYPE_SENSOR, herald_entity_get_id (HERALD_ENTITY (sensor)), &error);
  g_assert_no_error (error);
  {
    g_autofree char *filter = g_strdup_printf ("deviceId eq '%s'", herald_entity_get_id (HERALD_ENTITY (device)));
    sensors = list (fixture, HERALD_TYPE_SENSOR, filter, NULL, 0, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (sensors), ==, fixture->tenant ? 1 : 2);
  }

  /* Step 5: the certificate, as PEM and as PKCS#12. */
  pem = certificate (fixture, herald_entity_get_id (HERALD_ENTITY (device)), HERALD_CERTIFICATE_FORMAT_PEM, &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_cmpuint (strlen (secret), >=, 8);
  pem_text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
  g_assert_nonnull (strstr (pem_text, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  g_assert_nonnull (strstr (pem_text, "-----BEGIN CERTIFICATE-----"));
  {
    g_autoptr(BIO) bio = BIO_new_mem_buf (pem_text, -1);
    g_autoptr(BIO) bio2 = BIO_new_mem_buf (pem_text, -1);
    g_autoptr(EVP_PKEY) key = PEM_read_bio_PrivateKey (bio, NULL, NULL, secret);
    g_autoptr(X509) x509 = PEM_read_bio_X509 (bio2, NULL, NULL, NULL);

    /* The secret opens the key, and the certificate names the device. */
    g_assert_nonnull (key);
    g_assert_nonnull (x509);
    g_assert_true (X509_check_private_key (x509, key));
    cn = common_name (x509);
    g_assert_cmpstr (cn, ==, herald_entity_get_alternate_id (HERALD_ENTITY (device)));
  }
  {
    g_auto(GStrv) lines = g_strsplit (pem_text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_has_prefix (lines[i], "-----BEGIN ENCRYPTED PRIVATE KEY"))
          in_key = TRUE;
        else if (g_str_has_prefix (lines[i], "-----END"))
          in_key = FALSE;
        else if (in_key && strlen (lines[i]) >= 16)
          g_ptr_array_add (key_lines, g_strdup (lines[i]));
      }
    g_assert_cmpuint (key_lines->len, >, 0);
  }

  p12 = certificate (fixture, herald_entity_get_id (HERALD_ENTITY (device)), HERALD_CERTIFICATE_FORMAT_P12, &p12_secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p12_secret, !=, secret);
  {
    const unsigned char *der = g_bytes_get_data (p12, NULL);
    g_autoptr(PKCS12) pkcs12 = d2i_PKCS12 (NULL, &der, g_bytes_get_size (p12));
    EVP_PKEY *key = NULL;
    X509 *x509 = NULL;

    g_assert_nonnull (pkcs12);
    g_assert_true (PKCS12_parse (pkcs12, p12_secret, &key, &x509, NULL));
    g_assert_nonnull (key);
    g_assert_nonnull (x509);
    EVP_PKEY_free (key);
    X509_free (x509);
  }
  p12_base64 = g_base64_encode (g_bytes_get_data (p12, NULL), g_bytes_get_size (p12));
  p12_chunk = g_strndup (p12_base64 + 64, 40);
  g_ptr_array_add (key_lines, g_strdup (p12_chunk));
  g_ptr_array_add (key_lines, NULL);

  /* Step 6: the seed's command; 200 classic, 202 tenant. */
  message = send_command (fixture, herald_entity_get_id (HERALD_ENTITY (device)),
                          herald_entity_get_id (HERALD_ENTITY (sensor)),
                          herald_entity_get_id (HERALD_ENTITY (capability)),
                          fixture->tenant ? TYPED_COMMAND_TENANT : SEED_COMMAND_CLASSIC,
                          &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message, ==, "Command issued successfully.");
  g_assert_cmpuint (status, ==, fixture->tenant ? 202 : 200);

  /* Measures: none sent yet, and the list call works. */
  herald_api_client_list_measures_async (fixture->client, herald_entity_get_id (HERALD_ENTITY (device)),
                                         NULL, NULL, 0, 0, NULL, on_ready, fixture);
  measures = herald_api_client_list_measures_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (measures), ==, 0);

  devices = list (fixture, HERALD_TYPE_DEVICE, "name eq 'MyDevice'", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 1);

  /* The exchange log of the whole chain: no password, no secret, no key. */
  {
    const char *secrets[] = { secret, p12_secret, NULL };
    assert_log_clean (fixture, herald_test_sandbox_get_password (fixture->sandbox), secrets,
                      (const char **)key_lines->pdata);
  }

  /* And back down: delete in reverse order; gone means 404. */
  g_assert_true (delete (fixture, HERALD_TYPE_SENSOR, herald_entity_get_id (HERALD_ENTITY (sensor)), &error));
  g_assert_no_error (error);
  g_clear_object (&sensor_again);
  sensor_again = get (fixture, HERALD_TYPE_SENSOR, herald_entity_get_id (HERALD_ENTITY (sensor)), &error);
  g_assert_null (sensor_again);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The sensor no longer exists"));
  g_clear_error (&error);

  g_assert_true (delete (fixture, HERALD_TYPE_DEVICE, herald_entity_get_id (HERALD_ENTITY (device)), &error));
  g_assert_no_error (error);
  g_clear_object (&device_again);
  device_again = get (fixture, HERALD_TYPE_DEVICE, herald_entity_get_id (HERALD_ENTITY (device)), &error);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The device no longer exists"));
  g_clear_error (&error);

  g_assert_true (delete (fixture, HERALD_TYPE_SENSOR_TYPE, herald_entity_get_id (HERALD_ENTITY (sensor_type)), &error));
  g_assert_no_error (error);
  g_assert_true (delete (fixture, HERALD_TYPE_CAPABILITY, herald_entity_get_id (HERALD_ENTITY (capability)), &error));
  g_assert_no_error (error);
  g_clear_object (&capability_again);
  capability_again = get (fixture, HERALD_TYPE_CAPABILITY, herald_entity_get_id (HERALD_ENTITY (capability)), &error);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The capability no longer exists"));
}

static void
assert_code (GError         *error,
             HeraldApiError  code,
             guint           status,
             const char     *part)
{
  g_autofree char *http = g_strdup_printf ("(HTTP %u)", status);

  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_API_ERROR, (gint)code);
  g_assert_nonnull (strstr (error->message, http));
  if (part != NULL)
    g_assert_nonnull (strstr (error->message, part));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldApiClient) good = g_object_ref (fixture->client);
  g_autoptr(HeraldApiClient) wrong_password = NULL;
  g_autoptr(HeraldApiClient) wrong_path = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldCapability) capability = NULL;
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldSensorType) bad_sensor_type = NULL;
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(HeraldDevice) twin = NULL;
  g_autoptr(HeraldDevice) orphan = NULL;
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(HeraldEntity) missing = NULL;
  g_autoptr(GListModel) nothing = NULL;
  g_autofree char *wrong_path_url = NULL;
  g_autofree char *message = NULL;
  g_autofree char *bad_value = NULL;

  /* 401: the wrong password. */
  wrong_password = make_client (fixture, herald_test_sandbox_get_api_url (fixture->sandbox), "not-the-password");
  g_clear_object (&fixture->client);
  fixture->client = g_object_ref (wrong_password);
  nothing = list (fixture, HERALD_TYPE_DEVICE, NULL, NULL, 0, 0, &error);
  g_assert_null (nothing);
  assert_code (error, HERALD_API_ERROR_UNAUTHORIZED, 401, "Check the user and password of the service.");
  g_clear_error (&error);

  /* 404 on a path the service does not have: a wrong API URL. */
  wrong_path_url = g_strconcat (herald_test_sandbox_get_api_url (fixture->sandbox), "/nothing-here", NULL);
  wrong_path = make_client (fixture, wrong_path_url, herald_test_sandbox_get_password (fixture->sandbox));
  g_clear_object (&fixture->client);
  fixture->client = g_object_ref (wrong_path);
  nothing = list (fixture, HERALD_TYPE_DEVICE, NULL, NULL, 0, 0, &error);
  g_assert_null (nothing);
  assert_code (error, HERALD_API_ERROR_NOT_FOUND, 404, "Check the API URL");
  g_clear_error (&error);

  g_clear_object (&fixture->client);
  fixture->client = g_object_ref (good);

  /* 404 for an id the service does not know. */
  missing = get (fixture, HERALD_TYPE_DEVICE, "987654", &error);
  g_assert_null (missing);
  assert_code (error, HERALD_API_ERROR_NOT_FOUND, 404, "The device no longer exists");
  g_clear_error (&error);

  /* 400: an unknown gateway, an unknown capability, an unknown data type. */
  orphan = herald_device_new ("999", "Orphan");
  g_assert_null (create (fixture, HERALD_ENTITY (orphan), &error));
  assert_code (error, HERALD_API_ERROR_INVALID_REQUEST, 400, NULL);
  g_clear_error (&error);

  bad_sensor_type = herald_sensor_type_new ("Broken");
  herald_sensor_type_add_capability (bad_sensor_type, "00000000-0000-0000-0000-000000000000", "command");
  g_assert_null (create (fixture, HERALD_ENTITY (bad_sensor_type), &error));
  assert_code (error, HERALD_API_ERROR_INVALID_REQUEST, 400, NULL);
  g_clear_error (&error);

  g_assert_null (create_from (fixture, HERALD_TYPE_CAPABILITY,
                              "{\"name\": \"Bad\", \"properties\": [{\"name\": \"X\", \"dataType\": \"Float\"}]}",
                              &error));
  assert_code (error, HERALD_API_ERROR_INVALID_REQUEST, 400, NULL);
  g_clear_error (&error);

  /* 413: a body over 1 MiB. */
  {
    g_autofree char *huge = g_malloc (1200 * 1024 + 1);
    g_autoptr(HeraldCapability) big = NULL;

    memset (huge, 'x', 1200 * 1024);
    huge[1200 * 1024] = '\0';
    big = herald_capability_new (huge);
    g_assert_null (create (fixture, HERALD_ENTITY (big), &error));
    assert_code (error, HERALD_API_ERROR_INVALID_REQUEST, 413, NULL);
    g_clear_error (&error);
  }

  /* A chain to hang the conflicts on. */
  herald_api_client_find_mqtt_gateway_async (fixture->client, NULL, on_ready, fixture);
  gateway = herald_api_client_entity_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  capability = create_from (fixture, HERALD_TYPE_CAPABILITY, SEED_CAPABILITY, &error);
  g_assert_no_error (error);
  sensor_type = herald_sensor_type_new ("MySensorType");
  herald_sensor_type_add_capability (sensor_type, herald_entity_get_id (HERALD_ENTITY (capability)), "command");
  {
    g_autoptr(HeraldSensorType) stored = create (fixture, HERALD_ENTITY (sensor_type), &error);
    g_assert_no_error (error);
    g_set_object (&sensor_type, stored);
  }
  device = herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), "MyDevice");
  herald_entity_set_alternate_id (HERALD_ENTITY (device), "00aa00aa00aa00aa");
  {
    g_autoptr(HeraldDevice) stored = create (fixture, HERALD_ENTITY (device), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (stored)), ==, "00aa00aa00aa00aa");
    g_set_object (&device, stored);
  }
  sensor = herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (device)), "MySensor",
                              herald_entity_get_id (HERALD_ENTITY (sensor_type)));
  {
    g_autoptr(HeraldSensor) stored = create (fixture, HERALD_ENTITY (sensor), &error);
    g_assert_no_error (error);
    g_set_object (&sensor, stored);
  }

  /* 409: a duplicate alternate id, and a capability still in use. */
  twin = herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), "Twin");
  herald_entity_set_alternate_id (HERALD_ENTITY (twin), "00aa00aa00aa00aa");
  g_assert_null (create (fixture, HERALD_ENTITY (twin), &error));
  assert_code (error, HERALD_API_ERROR_CONFLICT, 409, "alternate id");
  g_clear_error (&error);

  g_assert_false (delete (fixture, HERALD_TYPE_CAPABILITY, herald_entity_get_id (HERALD_ENTITY (capability)), &error));
  assert_code (error, HERALD_API_ERROR_CONFLICT, 409, NULL);
  g_clear_error (&error);

  /* 400 naming the property: a value the float cannot take. */
  bad_value = g_strdup (fixture->tenant ? "{\"Speed\": \"abc\"}" : "{\"Speed\": \"abc\"}");
  message = send_command (fixture, herald_entity_get_id (HERALD_ENTITY (device)),
                          herald_entity_get_id (HERALD_ENTITY (sensor)),
                          herald_entity_get_id (HERALD_ENTITY (capability)),
                          bad_value, NULL, &error);
  g_assert_null (message);
  assert_code (error, HERALD_API_ERROR_INVALID_REQUEST, 400, "Speed");
  g_clear_error (&error);

  /* 400: a property the capability lacks. */
  message = send_command (fixture, herald_entity_get_id (HERALD_ENTITY (device)),
                          herald_entity_get_id (HERALD_ENTITY (sensor)),
                          herald_entity_get_id (HERALD_ENTITY (capability)),
                          "{\"Volume\": \"11\"}", NULL, &error);
  g_assert_null (message);
  assert_code (error, HERALD_API_ERROR_INVALID_REQUEST, 400, "Volume");
  g_clear_error (&error);

  /* 404: a command to a device that is gone. */
  g_assert_true (delete (fixture, HERALD_TYPE_DEVICE, herald_entity_get_id (HERALD_ENTITY (device)), &error));
  g_assert_no_error (error);
  message = send_command (fixture, herald_entity_get_id (HERALD_ENTITY (device)),
                          herald_entity_get_id (HERALD_ENTITY (sensor)),
                          herald_entity_get_id (HERALD_ENTITY (capability)),
                          SEED_COMMAND_CLASSIC, NULL, &error);
  g_assert_null (message);
  assert_code (error, HERALD_API_ERROR_NOT_FOUND, 404, "The device no longer exists");
  g_clear_error (&error);

  /* Certificates of a device that is gone. */
  {
    g_autofree char *secret = NULL;
    g_autoptr(GBytes) pem = certificate (fixture, herald_entity_get_id (HERALD_ENTITY (device)),
                                         HERALD_CERTIFICATE_FORMAT_PEM, &secret, &error);
    g_assert_null (pem);
    g_assert_null (secret);
    assert_code (error, HERALD_API_ERROR_NOT_FOUND, 404, "The device no longer exists");
  }
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) some = NULL;
  g_autoptr(GListModel) ordered = NULL;
  g_autoptr(HeraldEntity) first = NULL;
  guint before;

  herald_api_client_find_mqtt_gateway_async (fixture->client, NULL, on_ready, fixture);
  gateway = herald_api_client_entity_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("Device %u", i);
      g_autoptr(HeraldDevice) device = herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), name);
      g_autoptr(HeraldDevice) stored = create (fixture, HERALD_ENTITY (device), &error);

      g_assert_no_error (error);
      g_assert_nonnull (stored);
    }

  /* Page by page, 3 at a time: 3 + 3 + 1. */
  herald_api_client_set_page_size (fixture->client, 3);
  before = fixture->exchanges->len;
  all = list (fixture, HERALD_TYPE_DEVICE, NULL, "name asc", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 7);
  g_assert_cmpuint (fixture->exchanges->len - before, ==, 3);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(HeraldEntity) device = g_list_model_get_item (all, i);
      g_autofree char *name = g_strdup_printf ("Device %u", i + 1);
      g_assert_cmpstr (herald_entity_get_name (device), ==, name);
    }

  /* skip and top, across a page boundary. */
  some = list (fixture, HERALD_TYPE_DEVICE, NULL, "name asc", 2, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (some), ==, 4);
  first = g_list_model_get_item (some, 0);
  g_assert_cmpstr (herald_entity_get_name (first), ==, "Device 3");
  g_clear_object (&first);
  first = g_list_model_get_item (some, 3);
  g_assert_cmpstr (herald_entity_get_name (first), ==, "Device 6");
  g_clear_object (&first);

  /* Descending, filtered. */
  ordered = list (fixture, HERALD_TYPE_DEVICE, "gatewayId eq '2' and name eq 'Device 5'", "name desc", 0, 0, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (herald_entity_get_id (HERALD_ENTITY (gateway)), "2") == 0)
    g_assert_cmpuint (g_list_model_get_n_items (ordered), ==, 1);

  /* A value with quotes, quoted for the filter, matches itself only; a
   * device named as its start does not match. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "O" : "O'Brien's 'device'";
      g_autoptr(HeraldDevice) device = herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), name);
      g_autoptr(HeraldDevice) stored = create (fixture, HERALD_ENTITY (device), &error);

      g_assert_no_error (error);
      g_assert_nonnull (stored);
    }
  {
    g_autofree char *quoted = herald_odata_quote ("O'Brien's 'device'");
    g_autofree char *filter = g_strdup_printf ("name eq %s", quoted);
    g_autoptr(GListModel) quoted_list = list (fixture, HERALD_TYPE_DEVICE, filter, NULL, 0, 0, &error);
    g_autoptr(HeraldEntity) match = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (quoted_list), ==, 1);
    match = g_list_model_get_item (quoted_list, 0);
    g_assert_cmpstr (herald_entity_get_name (match), ==, "O'Brien's 'device'");
  }

  /* A malformed filter is the service's 400. */
  g_clear_object (&ordered);
  ordered = list (fixture, HERALD_TYPE_DEVICE, "name equals", NULL, 0, 0, &error);
  g_assert_null (ordered);
  assert_code (error, HERALD_API_ERROR_INVALID_REQUEST, 400, NULL);
}

/* Measures: a device publishes one over MQTT with its own certificate (Paho,
 * as the seed's tool does), and the API lists it. */

typedef struct
{
  gint done;
  gint ok;
} PahoWait;

static void
paho_success (void                  *context,
              MQTTAsync_successData *response)
{
  PahoWait *wait = context;

  g_atomic_int_set (&wait->ok, 1);
  g_atomic_int_set (&wait->done, 1);
}

static void
paho_failure (void                  *context,
              MQTTAsync_failureData *response)
{
  PahoWait *wait = context;

  g_test_message ("paho: %d %s", response ? response->code : 0,
                  response && response->message ? response->message : "");
  g_atomic_int_set (&wait->done, 1);
}

/* The first message to arrive: the gateway's acknowledgement. */
static int
ack_arrived (void              *context,
             char              *topic,
             int                topic_length,
             MQTTAsync_message *message)
{
  GAsyncQueue *acks = context;

  g_async_queue_push (acks, g_strndup (message->payload, message->payloadlen));
  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic);
  return 1;
}

static gboolean
paho_wait (PahoWait *wait)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&wait->done) && g_get_monotonic_time () < deadline)
    g_usleep (10000);

  return g_atomic_int_get (&wait->ok);
}

static void
test_measures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldCapability) capability = NULL;
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(JsonArray) measures = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pem_path = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *payload = NULL;
  MQTTAsync client = NULL;
  MQTTAsync_connectOptions connect = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  MQTTAsync_responseOptions send = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message message = MQTTAsync_message_initializer;
  PahoWait connected = { 0, 0 };
  PahoWait published = { 0, 0 };
  PahoWait subscribed = { 0, 0 };
  g_autoptr(GAsyncQueue) acks = g_async_queue_new_full (g_free);
  g_autoptr(HeraldAckTracker) tracker = herald_ack_tracker_new (16);
  g_autofree char *ack_topic = NULL;
  g_autofree char *ack = NULL;
  gint64 deadline;
  int rc;

  herald_api_client_find_mqtt_gateway_async (fixture->client, NULL, on_ready, fixture);
  gateway = herald_api_client_entity_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  capability = create_from (fixture, HERALD_TYPE_CAPABILITY,
                            "{\"name\": \"Climate\", \"properties\": [{\"name\": \"temperature\", "
                            "\"dataType\": \"float\", \"unitOfMeasure\": \"C\"}]}", &error);
  g_assert_no_error (error);
  {
    g_autoptr(HeraldSensorType) new_type = herald_sensor_type_new ("ClimateSensor");
    herald_sensor_type_add_capability (new_type, herald_entity_get_id (HERALD_ENTITY (capability)), "measure");
    sensor_type = create (fixture, HERALD_ENTITY (new_type), &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(HeraldDevice) new_device = herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), "Thermometer");
    device = create (fixture, HERALD_ENTITY (new_device), &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(HeraldSensor) new_sensor = herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (device)), "Probe",
                                                            herald_entity_get_id (HERALD_ENTITY (sensor_type)));
    sensor = create (fixture, HERALD_ENTITY (new_sensor), &error);
    g_assert_no_error (error);
  }

  /* The service's own answer, key still encrypted, is what Paho reads. */
  pem = certificate (fixture, herald_entity_get_id (HERALD_ENTITY (device)), HERALD_CERTIFICATE_FORMAT_PEM, &secret, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("herald-test-measures-XXXXXX", &error);
  g_assert_no_error (error);
  pem_path = g_build_filename (dir, "certificate.pem", NULL);
  g_file_set_contents_full (pem_path, g_bytes_get_data (pem, NULL), g_bytes_get_size (pem),
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  rc = MQTTAsync_create (&client, herald_test_sandbox_get_mqtt_uri (fixture->sandbox),
                         herald_entity_get_alternate_id (HERALD_ENTITY (device)),
                         MQTTCLIENT_PERSISTENCE_NONE, NULL);
  g_assert_cmpint (rc, ==, MQTTASYNC_SUCCESS);
  ssl.trustStore = herald_test_sandbox_get_ca_file (fixture->sandbox);
  ssl.keyStore = pem_path;
  ssl.privateKey = pem_path;
  ssl.privateKeyPassword = secret;
  connect.ssl = &ssl;
  connect.cleansession = 1;
  connect.onSuccess = paho_success;
  connect.onFailure = paho_failure;
  connect.context = &connected;
  g_assert_cmpint (MQTTAsync_setCallbacks (client, acks, NULL, ack_arrived, NULL), ==, MQTTASYNC_SUCCESS);
  g_assert_cmpint (MQTTAsync_connect (client, &connect), ==, MQTTASYNC_SUCCESS);
  g_assert_true (paho_wait (&connected));

  /* The gateway's answers, read by the tracker the device side uses. */
  ack_topic = g_strdup_printf ("ack/%s", herald_entity_get_alternate_id (HERALD_ENTITY (device)));
  {
    MQTTAsync_responseOptions subscribe = MQTTAsync_responseOptions_initializer;

    subscribe.onSuccess = paho_success;
    subscribe.onFailure = paho_failure;
    subscribe.context = &subscribed;
    g_assert_cmpint (MQTTAsync_subscribe (client, ack_topic, 1, &subscribe), ==, MQTTASYNC_SUCCESS);
    g_assert_true (paho_wait (&subscribed));
  }

  topic = g_strdup_printf ("measures/%s", herald_entity_get_alternate_id (HERALD_ENTITY (device)));
  payload = g_strdup_printf ("{\"capabilityAlternateId\": \"%s\", \"sensorAlternateId\": \"%s\", "
                             "\"measures\": [[21.5]], \"timestamp\": 1764100000000, "
                             "\"measureMessageId\": \"m-api-1\"}",
                             herald_entity_get_alternate_id (HERALD_ENTITY (capability)),
                             herald_entity_get_alternate_id (HERALD_ENTITY (sensor)));
  message.payload = payload;
  message.payloadlen = strlen (payload);
  message.qos = 1;
  send.onSuccess = paho_success;
  send.onFailure = paho_failure;
  send.context = &published;
  herald_ack_tracker_sent (tracker, "m-api-1", g_get_monotonic_time ());
  g_assert_cmpint (MQTTAsync_sendMessage (client, topic, &message, &send), ==, MQTTASYNC_SUCCESS);
  g_assert_true (paho_wait (&published));

  ack = g_async_queue_timeout_pop (acks, 20 * G_USEC_PER_SEC);
  g_assert_nonnull (ack);
  {
    g_autoptr(GPtrArray) answered = herald_ack_tracker_take (tracker, ack, -1, g_get_monotonic_time (), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (answered->len, ==, 1);
    g_assert_true (herald_ack_get_matched (g_ptr_array_index (answered, 0)));
    g_assert_cmpuint (herald_ack_get_code (g_ptr_array_index (answered, 0)), ==, 202);
    g_assert_cmpint (herald_ack_get_round_trip (g_ptr_array_index (answered, 0)), >, 0);
  }

  /* The service stores it a moment later. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&measures, json_array_unref);
      herald_api_client_list_measures_async (fixture->client, herald_entity_get_id (HERALD_ENTITY (device)),
                                             NULL, NULL, 0, 0, NULL, on_ready, fixture);
      measures = herald_api_client_list_measures_finish (fixture->client, wait_result (fixture), &error);
      g_assert_no_error (error);
      if (json_array_get_length (measures) > 0)
        break;
      g_usleep (100000);
    }
  g_assert_cmpuint (json_array_get_length (measures), ==, 1);
  {
    g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), measures);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *text = NULL;

    json_generator_set_root (generator, node);
    text = json_generator_to_data (generator, NULL);
    g_test_message ("measures: %s", text);
    g_assert_nonnull (strstr (text, "21.5"));
  }
  /* Read back by the model the device side shows it with. */
  {
    g_autoptr(GPtrArray) stored = herald_measure_parse_stored (json_array_get_element (measures, 0), capability, &error);
    g_autoptr(HeraldProperty) first = g_list_model_get_item (herald_capability_get_properties (capability), 0);
    HeraldReading *value;

    g_assert_no_error (error);
    g_assert_cmpuint (stored->len, ==, 1);
    g_assert_cmpstr (herald_measure_get_sensor (g_ptr_array_index (stored, 0)), ==, herald_entity_get_id (HERALD_ENTITY (sensor)));
    g_assert_cmpstr (herald_measure_get_capability (g_ptr_array_index (stored, 0)), ==, herald_entity_get_id (HERALD_ENTITY (capability)));
    g_assert_cmpint (herald_measure_get_timestamp (g_ptr_array_index (stored, 0)), ==, 1764100000000);
    value = herald_measure_get_value (g_ptr_array_index (stored, 0), 0);
    g_assert_cmpstr (herald_reading_get_name (value), ==, herald_property_get_name (first));
    g_assert_cmpint (herald_reading_get_kind (value), ==, HERALD_READING_KIND_NUMBER);
    g_assert_cmpfloat (herald_reading_get_number (value), ==, 21.5);
  }

  MQTTAsync_disconnect (client, NULL);
  MQTTAsync_destroy (&client);
  g_unlink (pem_path);
  g_rmdir (dir);

  /* An unknown device has no measures to list. */
  herald_api_client_list_measures_async (fixture->client, "987654", NULL, NULL, 0, 0, NULL, on_ready, fixture);
  g_assert_null (herald_api_client_list_measures_finish (fixture->client, wait_result (fixture), &error));
  assert_code (error, HERALD_API_ERROR_NOT_FOUND, 404, "The device no longer exists");
}

/* Rename: PUT {"name"} on each kind; the id and alternate id stay, the
 * service answers the entity as it is now; a gone one is NOT_FOUND. */
static gpointer
rename_entity (Fixture     *fixture,
               GType        type,
               const char  *id,
               const char  *name,
               GError     **error)
{
  herald_api_client_rename_async (fixture->client, type, id, name, NULL, on_ready, fixture);
  return herald_api_client_entity_finish (fixture->client, wait_result (fixture), error);
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) capability = NULL;
  g_autoptr(HeraldEntity) sensor_type = NULL;
  g_autoptr(HeraldEntity) device = NULL;
  g_autoptr(HeraldEntity) sensor = NULL;
  g_autoptr(HeraldEntity) gone = NULL;
  g_autofree char *body = NULL;
  HeraldEntity *entities[4];
  GType types[4] = { HERALD_TYPE_CAPABILITY, HERALD_TYPE_SENSOR_TYPE, HERALD_TYPE_DEVICE, HERALD_TYPE_SENSOR };

  capability = create_from (fixture, HERALD_TYPE_CAPABILITY, SEED_CAPABILITY, &error);
  g_assert_no_error (error);
  body = g_strdup_printf ("{\"name\": \"T\", \"capabilities\": [{\"id\": \"%s\", \"type\": \"command\"}]}",
                          herald_entity_get_id (capability));
  sensor_type = create_from (fixture, HERALD_TYPE_SENSOR_TYPE, body, &error);
  g_assert_no_error (error);
  device = create_from (fixture, HERALD_TYPE_DEVICE, "{\"gatewayId\": \"2\", \"name\": \"D\"}", &error);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"deviceId\": \"%s\", \"name\": \"S\", \"sensorTypeId\": \"%s\"}",
                          herald_entity_get_id (device), herald_entity_get_id (sensor_type));
  sensor = create_from (fixture, HERALD_TYPE_SENSOR, body, &error);
  g_assert_no_error (error);

  entities[0] = capability;
  entities[1] = sensor_type;
  entities[2] = device;
  entities[3] = sensor;
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autofree char *name = g_strdup_printf ("Renamed „%u“ ✓", i);
      g_autoptr(HeraldEntity) renamed = rename_entity (fixture, types[i], herald_entity_get_id (entities[i]), name, &error);
      g_autoptr(HeraldEntity) read = NULL;

      g_assert_no_error (error);
      g_assert_true (G_OBJECT_TYPE (renamed) == types[i]);
      g_assert_cmpstr (herald_entity_get_name (renamed), ==, name);
      g_assert_cmpstr (herald_entity_get_id (renamed), ==, herald_entity_get_id (entities[i]));
      g_assert_cmpstr (herald_entity_get_alternate_id (renamed), ==, herald_entity_get_alternate_id (entities[i]));
      read = get (fixture, types[i], herald_entity_get_id (entities[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (herald_entity_get_name (read), ==, name);
    }

  gone = rename_entity (fixture, HERALD_TYPE_DEVICE, "99999999", "x", &error);
  g_assert_null (gone);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
}

/* A device's certificates: listed with their fingerprints (one of them the
 * key store's own), one revoked by its fingerprint and gone from the list. */
static void
test_certificates (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) device = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *first_secret = NULL;
  HeraldIssuedCertificate *kept = NULL, *other = NULL;
  gboolean revoked;

  device = create_from (fixture, HERALD_TYPE_DEVICE, "{\"gatewayId\": \"2\", \"name\": \"D\"}", &error);
  g_assert_no_error (error);
  first = certificate (fixture, herald_entity_get_id (device), HERALD_CERTIFICATE_FORMAT_PEM, &first_secret, &error);
  g_assert_no_error (error);
  second = certificate (fixture, herald_entity_get_id (device), HERALD_CERTIFICATE_FORMAT_PEM, &secret, &error);
  g_assert_no_error (error);
  keystore = herald_keystore_new_from_pem (g_bytes_get_data (second, NULL), g_bytes_get_size (second), secret, &error);
  g_assert_no_error (error);

  herald_api_client_list_certificates_async (fixture->client, herald_entity_get_id (device), NULL, on_ready, fixture);
  listed = herald_api_client_list_certificates_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(HeraldIssuedCertificate) one = g_list_model_get_item (listed, i);
      g_autofree char *short_fingerprint = herald_issued_certificate_dup_short_fingerprint (one);

      g_assert_cmpuint (strlen (herald_issued_certificate_get_fingerprint (one)), ==, 64);
      g_assert_cmpuint (strlen (short_fingerprint), ==, strlen ("AB:CD:EF:01…9F:3C"));
      g_assert_nonnull (herald_issued_certificate_get_valid_to (one));
      if (herald_issued_certificate_matches (one, herald_keystore_get_fingerprint (keystore)))
        kept = one;
      else
        other = one;
    }
  g_assert_nonnull (kept);
  g_assert_nonnull (other);

  herald_api_client_revoke_certificate_async (fixture->client, herald_entity_get_id (device),
                                              herald_issued_certificate_get_fingerprint (other),
                                              NULL, on_ready, fixture);
  revoked = herald_api_client_revoke_certificate_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_true (revoked);

  herald_api_client_list_certificates_async (fixture->client, herald_entity_get_id (device), NULL, on_ready, fixture);
  after = herald_api_client_list_certificates_finish (fixture->client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, 1);
  {
    g_autoptr(HeraldIssuedCertificate) left = g_list_model_get_item (after, 0);
    g_assert_true (herald_issued_certificate_matches (left, herald_keystore_get_fingerprint (keystore)));
  }

  /* Again: it is gone. */
  herald_api_client_revoke_certificate_async (fixture->client, herald_entity_get_id (device),
                                              herald_issued_certificate_get_fingerprint (other),
                                              NULL, on_ready, fixture);
  g_assert_false (herald_api_client_revoke_certificate_finish (fixture->client, wait_result (fixture), &error));
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/api/sandbox/classic/chain", Fixture, "classic", fixture_setup, test_chain, fixture_teardown);
  g_test_add ("/api/sandbox/tenant/chain", Fixture, "tenant", fixture_setup, test_chain, fixture_teardown);
  g_test_add ("/api/sandbox/classic/errors", Fixture, "classic", fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/api/sandbox/tenant/errors", Fixture, "tenant", fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/api/sandbox/classic/paging", Fixture, "classic", fixture_setup, test_paging, fixture_teardown);
  g_test_add ("/api/sandbox/tenant/paging", Fixture, "tenant", fixture_setup, test_paging, fixture_teardown);
  g_test_add ("/api/sandbox/classic/measures", Fixture, "classic", fixture_setup, test_measures, fixture_teardown);
  g_test_add ("/api/sandbox/classic/rename", Fixture, "classic", fixture_setup, test_rename, fixture_teardown);
  g_test_add ("/api/sandbox/tenant/rename", Fixture, "tenant", fixture_setup, test_rename, fixture_teardown);
  g_test_add ("/api/sandbox/classic/certificates", Fixture, "classic", fixture_setup, test_certificates, fixture_teardown);
  g_test_add ("/api/sandbox/tenant/certificates", Fixture, "tenant", fixture_setup, test_certificates, fixture_teardown);
  g_test_add ("/api/sandbox/tenant/measures", Fixture, "tenant", fixture_setup, test_measures, fixture_teardown);

  return g_test_run ();
}

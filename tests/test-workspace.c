/* test-workspace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldWorkspace without a display, against a real herald-sandbox and
 * its broker: what is true now stays true off the happy path. The
 * sandbox restarted on new ports, the device in use deleted from outside,
 * a command sent while the device is away, a wrong password, two
 * connections at once, and the profiles today's Herald writes.
 */

#include "config.h"

#include <string.h>

#include "herald-device-state.h"
#include "herald-measure-sender.h"
#include "herald-measure.h"
#include "herald-stored-measures.h"
#include "herald-paths.h"
#include "herald-reading.h"
#include "herald-test-sandbox.h"
#include "herald-topic.h"
#include "herald-workspace.h"

#define SCHEMA_ID "io.github.heraldiot.Herald"

typedef struct
{
  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldWorkspace    *workspace;
  HeraldTestSandbox  *sandbox;
  char               *sandbox_dir;
} Fixture;

/* Waiting ------------------------------------------------------------------ */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @cond holds; fails the test after @seconds. Evaluates to
 * the seconds it took. */
#define WAIT_UNTIL(cond, seconds) ({                                              \
    gint64 start_ = g_get_monotonic_time ();                                      \
    gboolean timed_out_ = FALSE;                                                  \
    guint id_ = g_timeout_add_seconds (seconds, timeout_cb, &timed_out_);         \
    while (!(cond) && !timed_out_)                                                \
      g_main_context_iteration (NULL, TRUE);                                      \
    if (!timed_out_)                                                              \
      g_source_remove (id_);                                                      \
    if (!(cond))                                                                  \
      g_error ("Timed out after %d s waiting for %s", seconds, #cond);            \
    (g_get_monotonic_time () - start_) / (double) G_USEC_PER_SEC;                 \
  })

static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
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

/* Fixture ----------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "herald", "profiles.ini", NULL);

  f->settings = g_settings_new (SCHEMA_ID);
  f->store = herald_profile_store_new_full (path, FALSE);
  f->sandbox_dir = g_build_filename (g_get_user_data_dir (), "sandbox", NULL);
  f->workspace = herald_workspace_new (f->settings, f->store, f->sandbox_dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->workspace);
  g_clear_pointer (&f->sandbox, herald_test_sandbox_free);
  g_clear_object (&f->store);
  g_clear_object (&f->settings);
  g_clear_pointer (&f->sandbox_dir, g_free);
}

static void
start_sandbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = herald_test_sandbox_start_full ("classic", f->sandbox_dir, NULL, &error);
  g_assert_no_error (error);
}

/* The profile "Use Local Sandbox" makes: the workspace does the rest. */
static HeraldProfile *
use_sandbox (Fixture *f)
{
  HeraldProfile *profile = herald_profile_store_ensure (f->store, "Local sandbox");

  herald_profile_set_use_sandbox (profile, TRUE);
  herald_profile_set_string (profile, "sandbox-dir", f->sandbox_dir);
  herald_profile_set_string (profile, "trust", "sandbox");
  herald_workspace_set_profile (f->workspace, profile);

  WAIT_UNTIL (herald_workspace_get_service_state (f->workspace) == HERALD_SERVICE_STATE_REACHABLE, 20);
  g_assert_true (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_SERVICE));

  return profile;
}

static gboolean
step (Fixture    *f,
      HeraldStep  s)
{
  return herald_workspace_get_step_complete (f->workspace, s);
}

/* The service's model, as the flow's pages make it ------------------------- */

static gpointer
create (HeraldApiClient *client,
        gpointer         entity)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gpointer created;

  herald_api_client_create_async (client, entity, NULL, store_result, &result);
  created = herald_api_client_entity_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (entity);

  return created;
}

/* Capability with the tutorial's properties, sensor type, device and
 * sensor, all made the workspace's entities in use. */
static void
provision (Fixture    *f,
           const char *device_name)
{
  HeraldApiClient *client = herald_workspace_get_client (f->workspace);
  g_autoptr(HeraldCapability) capability = herald_capability_new ("MyCapability");
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HeraldSensorType *type;

  g_autoptr(HeraldProperty) led = herald_property_new ("LED", HERALD_DATA_TYPE_BOOLEAN, NULL);
  g_autoptr(HeraldProperty) speed = herald_property_new ("Speed", HERALD_DATA_TYPE_FLOAT, "mph");

  herald_capability_add_property (capability, led);
  herald_capability_add_property (capability, speed);
  capability = create (client, g_steal_pointer (&capability));
  herald_workspace_set_capability (f->workspace, capability);

  type = herald_sensor_type_new ("MySensorType");
  herald_sensor_type_add_capability (type, herald_entity_get_id (HERALD_ENTITY (capability)), "command");
  sensor_type = create (client, type);
  herald_workspace_set_sensor_type (f->workspace, sensor_type);

  herald_api_client_find_mqtt_gateway_async (client, NULL, store_result, &result);
  gateway = herald_api_client_entity_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);

  device = create (client, herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), device_name));
  herald_workspace_set_device (f->workspace, device);
  sensor = create (client, herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (device)), "MySensor",
                                              herald_entity_get_id (HERALD_ENTITY (sensor_type))));
  herald_workspace_set_sensor (f->workspace, sensor);
}

static HeraldKeystore *
get_certificate (HeraldApiClient *client,
                 HeraldDevice    *device)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) material = NULL;
  g_autofree char *secret = NULL;
  HeraldKeystore *keystore;

  herald_api_client_get_device_certificate_async (client, herald_entity_get_id (HERALD_ENTITY (device)),
                                                  HERALD_CERTIFICATE_FORMAT_PEM, NULL,
                                                  store_result, &result);
  material = herald_api_client_get_device_certificate_finish (client, wait_result (&result), &secret, &error);
  g_assert_no_error (error);
  keystore = herald_keystore_new_from_data (material, secret, &error);
  g_assert_no_error (error);

  return keystore;
}

/* Connects @connection as @device to the sandbox's broker, as the Connect
 * page does, and subscribes to the device's commands. */
static void
connect_as (Fixture          *f,
            HeraldConnection *connection,
            HeraldDevice     *device,
            HeraldKeystore   *keystore,
            gboolean          clean_session)
{
  HeraldMqttSession *session = herald_connection_get_session (connection);
  HeraldProfile *profile = herald_workspace_get_profile (f->workspace);
  const char *alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (device));
  g_autofree char *commands = herald_topic_commands (alternate_id);
  g_autoptr(GError) error = NULL;

  herald_connection_set_device_alternate_id (connection, alternate_id);
  g_object_set (session,
                "server-uri", herald_profile_get_string (profile, "mqtt-uri"),
                "client-id", alternate_id,
                "keystore", keystore,
                "trust", HERALD_MQTT_TRUST_CA_FILE,
                "ca-file", herald_profile_get_string (profile, "ca-file"),
                "clean-session", clean_session,
                NULL);
  herald_mqtt_session_connect (session);
  WAIT_UNTIL (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 30);
  g_assert_true (herald_mqtt_session_subscribe (session, commands, 1, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (herald_connection_get_session_persistent (connection) == !clean_session &&
              herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 10);
}

/* Sends to @device the command of its sensor's capability: the one in
 * use when @capability is %NULL. */
static void
send_command (Fixture          *f,
              HeraldDevice     *device,
              HeraldSensor     *sensor,
              HeraldCapability *capability)
{
  HeraldApiClient *client = herald_workspace_get_client (f->workspace);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  guint status = 0;

  herald_api_client_send_command_async (client, herald_entity_get_id (HERALD_ENTITY (device)),
                                        herald_entity_get_id (HERALD_ENTITY (sensor)),
                                        herald_entity_get_id (HERALD_ENTITY (capability ? capability : herald_workspace_get_capability (f->workspace))),
                                        "{\"LED\":\"true\",\"Speed\":\"50.0\"}", NULL, store_result, &result);
  answer = herald_api_client_send_command_finish (client, wait_result (&result), &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  herald_workspace_note_command_sent (f->workspace, device);
}

/* The commands @connection's history holds for its device. */
static guint
count_commands (HeraldConnection *connection)
{
  GListModel *history = G_LIST_MODEL (herald_connection_get_history (connection));
  g_autofree char *topic = herald_topic_commands (herald_connection_get_device_alternate_id (connection));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (history, i);

      if (herald_history_item_get_event (item) == HERALD_HISTORY_EVENT_RECEIVED &&
          g_strcmp0 (herald_history_item_get_topic (item), topic) == 0)
        n++;
    }

  return n;
}

/* The tests ------------------------------------------------------------------ */

static void
test_sandbox_restarted (Fixture       *f,
                        gconstpointer  data)
{
  HeraldConnection *connection = herald_workspace_get_device_connection (f->workspace);
  HeraldMqttSession *session = herald_connection_get_session (connection);
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autofree char *old_api_url = NULL;
  g_autofree char *old_mqtt_uri = NULL;
  HeraldProfile *profile;
  double seconds;

  start_sandbox (f);
  profile = use_sandbox (f);
  provision (f, "MyDevice");
  keystore = get_certificate (herald_workspace_get_client (f->workspace), herald_workspace_get_device (f->workspace));
  herald_workspace_set_keystore (f->workspace, keystore, NULL);
  connect_as (f, connection, herald_workspace_get_device (f->workspace), keystore, TRUE);
  for (HeraldStep s = HERALD_STEP_SERVICE; s <= HERALD_STEP_CONNECT; s++)
    g_assert_true (step (f, s));

  old_api_url = g_strdup (herald_test_sandbox_get_api_url (f->sandbox));
  old_mqtt_uri = g_strdup (herald_test_sandbox_get_mqtt_uri (f->sandbox));
  g_assert_cmpstr (herald_profile_get_string (profile, "mqtt-uri"), ==, old_mqtt_uri);

  /* Stopped: the service is not reachable any more, and says why. */
  g_assert_cmpint (herald_test_sandbox_stop (f->sandbox), ==, 0);
  g_clear_pointer (&f->sandbox, herald_test_sandbox_free);
  seconds = WAIT_UNTIL (herald_workspace_get_service_state (f->workspace) == HERALD_SERVICE_STATE_UNREACHABLE, 10);
  g_test_message ("stopped sandbox noticed after %.2f s", seconds);
  g_assert_false (step (f, HERALD_STEP_SERVICE));
  g_assert_false (step (f, HERALD_STEP_CONNECT));
  g_assert_nonnull (herald_workspace_get_service_message (f->workspace));
  g_test_message ("said: %s", herald_workspace_get_service_message (f->workspace));
  g_assert_nonnull (strstr (herald_workspace_get_service_message (f->workspace), "not running"));

  /* A request to it that fails afterwards (a page's, on its way when it
   * stopped) says less: what was said stays. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonArray) measures = NULL;

    herald_api_client_list_measures_async (herald_workspace_get_client (f->workspace),
                                           herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))),
                                           NULL, NULL, 0, 0, NULL, store_result, &result);
    measures = herald_api_client_list_measures_finish (herald_workspace_get_client (f->workspace),
                                                       wait_result (&result), &error);
    g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NETWORK);
    herald_workspace_note_failure (f->workspace, error);
    g_assert_cmpint (herald_workspace_get_service_state (f->workspace), ==, HERALD_SERVICE_STATE_UNREACHABLE);
    g_assert_nonnull (strstr (herald_workspace_get_service_message (f->workspace), "not running"));
  }

  /* Started again, on other ports: the service and the device's
   * connection follow without anyone typing a URI. */
  start_sandbox (f);
  g_assert_cmpstr (herald_test_sandbox_get_mqtt_uri (f->sandbox), !=, old_mqtt_uri);
  g_assert_cmpstr (herald_test_sandbox_get_api_url (f->sandbox), !=, old_api_url);
  seconds = WAIT_UNTIL (herald_workspace_get_service_state (f->workspace) == HERALD_SERVICE_STATE_REACHABLE &&
                        herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED &&
                        g_strcmp0 (herald_mqtt_session_get_server_uri (session),
                                   herald_test_sandbox_get_mqtt_uri (f->sandbox)) == 0, 5);
  g_test_message ("followed the restarted sandbox in %.2f s", seconds);

  g_assert_cmpstr (herald_profile_get_string (profile, "mqtt-uri"), ==, herald_test_sandbox_get_mqtt_uri (f->sandbox));
  g_assert_cmpstr (herald_profile_get_string (profile, "api-url"), ==, herald_test_sandbox_get_api_url (f->sandbox));
  g_assert_cmpstr (herald_service_config_get_api_url (herald_api_client_get_config (herald_workspace_get_client (f->workspace))),
                   ==, herald_test_sandbox_get_api_url (f->sandbox));
  for (HeraldStep s = HERALD_STEP_SERVICE; s <= HERALD_STEP_CONNECT; s++)
    g_assert_true (step (f, s));
}

static void
test_device_deleted (Fixture       *f,
                     gconstpointer  data)
{
  HeraldConnection *connection = herald_workspace_get_device_connection (f->workspace);
  HeraldMqttSession *session = herald_connection_get_session (connection);
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(HeraldApiClient) outside = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *device_id = NULL;
  double seconds;

  start_sandbox (f);
  use_sandbox (f);
  provision (f, "MyDevice");
  keystore = get_certificate (herald_workspace_get_client (f->workspace), herald_workspace_get_device (f->workspace));
  herald_workspace_set_keystore (f->workspace, keystore, NULL);
  connect_as (f, connection, herald_workspace_get_device (f->workspace), keystore, TRUE);
  device_id = g_strdup (herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))));

  /* Someone else deletes the device, with a client of their own. */
  config = herald_service_config_new (herald_test_sandbox_get_api_url (f->sandbox),
                                      herald_test_sandbox_get_user (f->sandbox),
                                      herald_test_sandbox_get_password (f->sandbox));
  herald_service_config_set_use_system_proxy (config, FALSE);
  outside = herald_api_client_new (config, &error);
  g_assert_no_error (error);
  herald_api_client_delete_async (outside, HERALD_TYPE_DEVICE, device_id, NULL, store_result, &result);
  g_assert_true (herald_api_client_delete_finish (outside, wait_result (&result), &error));
  g_assert_no_error (error);

  /* The broker drops the revoked device; the workspace finds out why. */
  seconds = WAIT_UNTIL (herald_workspace_get_device (f->workspace) == NULL, 10);
  g_test_message ("deleted device noticed after %.2f s", seconds);
  g_assert_null (herald_workspace_get_sensor (f->workspace));
  g_assert_null (herald_workspace_get_keystore (f->workspace));
  g_assert_true (step (f, HERALD_STEP_SERVICE));
  g_assert_true (step (f, HERALD_STEP_CAPABILITY));
  g_assert_true (step (f, HERALD_STEP_SENSOR_TYPE));
  g_assert_false (step (f, HERALD_STEP_DEVICE));
  g_assert_false (step (f, HERALD_STEP_SENSOR));
  g_assert_false (step (f, HERALD_STEP_CERTIFICATE));
  g_assert_false (step (f, HERALD_STEP_CONNECT));
  g_assert_cmpstr (herald_connection_get_problem (connection), ==,
                   "This device was deleted; its certificate is revoked. "
                   "Create a device and get its certificate.");
  /* No endless "reconnecting…". */
  g_assert_cmpint (herald_mqtt_session_get_state (session), ==, HERALD_MQTT_STATE_DISCONNECTED);
  g_assert_null (herald_profile_get_string (herald_workspace_get_profile (f->workspace), "device-id"));

  /* A new device is a fresh start: no problem any more. */
  provision (f, "MyOtherDevice");
  g_assert_null (herald_connection_get_problem (connection));
  g_assert_true (step (f, HERALD_STEP_DEVICE));
  g_assert_false (step (f, HERALD_STEP_CERTIFICATE));
}

static void
test_sent_while_down (Fixture       *f,
                      gconstpointer  data)
{
  gboolean persistent = GPOINTER_TO_INT (data);
  HeraldConnection *connection = herald_workspace_get_device_connection (f->workspace);
  HeraldMqttSession *session = herald_connection_get_session (connection);
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autofree char *said = NULL;
  HeraldDevice *device;

  start_sandbox (f);
  use_sandbox (f);
  provision (f, "MyDevice");
  device = herald_workspace_get_device (f->workspace);
  keystore = get_certificate (herald_workspace_get_client (f->workspace), device);
  herald_workspace_set_keystore (f->workspace, keystore, NULL);
  connect_as (f, connection, device, keystore, !persistent);

  /* Up: the command arrives now, nothing to say. */
  g_assert_null (herald_workspace_describe_delivery (f->workspace, device));
  send_command (f, device, herald_workspace_get_sensor (f->workspace), NULL);
  WAIT_UNTIL (count_commands (connection) == 1, 10);
  g_assert_true (step (f, HERALD_STEP_COMMAND));

  /* Down: the service still takes the command; the workspace says what
   * becomes of it. */
  herald_mqtt_session_disconnect (session);
  g_assert_false (step (f, HERALD_STEP_CONNECT));
  /* Down for good, not still closing (a command that comes while the
   * link closes is another case). */
  WAIT_UNTIL (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_DISCONNECTED, 10);
  said = herald_workspace_describe_delivery (f->workspace, device);
  if (persistent)
    g_assert_cmpstr (said, ==, "Sent. The device is not connected; it receives the command when it reconnects.");
  else
    g_assert_cmpstr (said, ==, "Sent, but the device is not connected and will not receive it "
                               "(it connects with Clean Session on).");
  send_command (f, device, herald_workspace_get_sensor (f->workspace), NULL);

  herald_mqtt_session_connect (session);
  WAIT_UNTIL (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 30);
  if (persistent)
    WAIT_UNTIL (count_commands (connection) == 2, 10);
  else
    {
      /* Given time to arrive, it does not. */
      settle (2000);
      g_assert_cmpuint (count_commands (connection), ==, 1);
    }
}

/* The device view's model: what the device received last, typed by the
 * capability in use, read once per batch. */
static void
on_changed (HeraldDeviceState *state,
            guint             *n)
{
  (*n)++;
}

static HeraldReading *
reading (HeraldDeviceState *state,
         guint              i)
{
  g_autoptr(HeraldReading) r = g_list_model_get_item (herald_device_state_get_readings (state), i);

  g_assert_nonnull (r);
  return r;
}

static void
test_device_state (Fixture       *f,
                   gconstpointer  data)
{
  HeraldConnection *connection = herald_workspace_get_device_connection (f->workspace);
  g_autoptr(HeraldDeviceState) state = herald_device_state_new (f->workspace);
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("{\"LED\":true}", 12);
  g_autofree char *topic = NULL;
  HeraldDevice *device;
  HeraldReading *r;
  guint changed = 0;

  g_signal_connect (state, "changed", G_CALLBACK (on_changed), &changed);
  start_sandbox (f);
  use_sandbox (f);
  provision (f, "MyDevice");
  device = herald_workspace_get_device (f->workspace);
  keystore = get_certificate (herald_workspace_get_client (f->workspace), device);
  herald_workspace_set_keystore (f->workspace, keystore, NULL);
  connect_as (f, connection, device, keystore, TRUE);
  topic = herald_topic_commands (herald_entity_get_alternate_id (HERALD_ENTITY (device)));

  /* Nothing yet: connecting as the device started the state over. */
  g_assert_cmpuint (changed, ==, 1);
  changed = 0;
  g_assert_cmpint (herald_device_state_get_time (state), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (herald_device_state_get_readings (state)), ==, 0);

  /* The tutorial's command, sent with its values as strings (the classic
   * API's way), arrives typed by the capability. */
  send_command (f, device, herald_workspace_get_sensor (f->workspace), NULL);
  WAIT_UNTIL (changed == 1, 10);
  g_assert_cmpstr (herald_device_state_get_topic (state), ==, topic);
  g_assert_cmpint (herald_device_state_get_time (state), >, 0);
  g_assert_cmpuint (herald_device_state_get_n_commands (state), ==, 1);
  g_assert_cmpstr (herald_device_state_get_capability_name (state), ==, "MyCapability");
  g_assert_null (herald_device_state_get_problem (state));
  g_assert_cmpuint (g_list_model_get_n_items (herald_device_state_get_readings (state)), ==, 2);
  r = reading (state, 0);
  g_assert_cmpstr (herald_reading_get_name (r), ==, "LED");
  g_assert_cmpint (herald_reading_get_kind (r), ==, HERALD_READING_KIND_SWITCH);
  g_assert_true (herald_reading_get_active (r));
  g_assert_true (herald_reading_get_changed (r));
  r = reading (state, 1);
  g_assert_cmpstr (herald_reading_get_name (r), ==, "Speed");
  g_assert_cmpint (herald_reading_get_kind (r), ==, HERALD_READING_KIND_NUMBER);
  g_assert_cmpfloat (herald_reading_get_number (r), ==, 50.0);
  g_assert_cmpstr (herald_reading_get_text (r), ==, "50.0");
  g_assert_cmpstr (herald_reading_get_unit (r), ==, "mph");

  /* The same again: counted, nothing changed. */
  send_command (f, device, herald_workspace_get_sensor (f->workspace), NULL);
  WAIT_UNTIL (changed == 2, 10);
  g_assert_cmpuint (herald_device_state_get_n_commands (state), ==, 2);
  g_assert_false (herald_reading_get_changed (reading (state, 0)));
  g_assert_false (herald_reading_get_changed (reading (state, 1)));

  /* Something on the topic that is not a command: said, not read. */
  herald_device_state_take_command (state, topic, g_get_real_time (), garbage);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (herald_device_state_get_readings (state)), ==, 0);
  g_assert_nonnull (strstr (herald_device_state_get_problem (state), "not a command"));

  /* Another device: the state starts over. */
  herald_connection_set_device_alternate_id (connection, "another");
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpint (herald_device_state_get_time (state), ==, 0);
  g_assert_null (herald_device_state_get_problem (state));
}

/* A fresh stage: the sandbox Herald started comes back empty, and Herald
 * forgets what it held of it. */
static void
test_fresh_stage (Fixture       *f,
                  gconstpointer  data)
{
  HeraldConnection *connection = herald_workspace_get_device_connection (f->workspace);
  HeraldSandboxLauncher *launcher = herald_workspace_get_launcher (f->workspace);
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) capabilities = NULL;
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(HeraldApiClient) old_client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  HeraldDevice *device;

  /* Not the sandbox's profile: said, nothing touched. */
  herald_workspace_fresh_stage_async (f->workspace, NULL, store_result, &result);
  g_assert_false (herald_workspace_fresh_stage_finish (f->workspace, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_clear_object (&result);

  herald_sandbox_launcher_set_ports (launcher, 0, 0);
  g_assert_true (herald_sandbox_launcher_start (launcher, &error));
  g_assert_no_error (error);
  use_sandbox (f);
  provision (f, "MyDevice");
  device = herald_workspace_get_device (f->workspace);
  keystore = get_certificate (herald_workspace_get_client (f->workspace), device);
  path = herald_paths_device_keystore (herald_entity_get_alternate_id (HERALD_ENTITY (device)), &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  g_assert_true (herald_keystore_save (keystore, file, HERALD_KEYSTORE_FORMAT_PKCS12, "secret", NULL, &error));
  g_assert_no_error (error);
  herald_workspace_set_keystore (f->workspace, keystore, path);
  connect_as (f, connection, device, keystore, TRUE);
  send_command (f, device, herald_workspace_get_sensor (f->workspace), NULL);
  WAIT_UNTIL (count_commands (connection) == 1, 10);

  old_client = g_object_ref (herald_workspace_get_client (f->workspace));
  herald_workspace_fresh_stage_async (f->workspace, NULL, store_result, &result);
  g_assert_true (herald_workspace_fresh_stage_finish (f->workspace, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Herald holds nothing of the old model. */
  g_assert_null (herald_workspace_get_capability (f->workspace));
  g_assert_null (herald_workspace_get_sensor_type (f->workspace));
  g_assert_null (herald_workspace_get_device (f->workspace));
  g_assert_null (herald_workspace_get_sensor (f->workspace));
  g_assert_null (herald_workspace_get_keystore (f->workspace));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (herald_profile_get_keystore_path (herald_workspace_get_profile (f->workspace)));
  g_assert_null (herald_connection_get_device_alternate_id (connection));
  g_assert_cmpint (herald_mqtt_session_get_state (herald_connection_get_session (connection)), ==,
                   HERALD_MQTT_STATE_DISCONNECTED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (herald_connection_get_history (connection))), ==, 0);
  for (guint s = HERALD_STEP_CAPABILITY; s < HERALD_N_STEPS; s++)
    g_assert_false (step (f, s));

  /* The sandbox is back on new ports (it picks free ones here), empty. */
  WAIT_UNTIL (herald_sandbox_launcher_get_running (launcher) &&
              herald_workspace_get_client (f->workspace) != old_client &&
              herald_workspace_get_service_state (f->workspace) == HERALD_SERVICE_STATE_REACHABLE, 30);
  client = g_object_ref (herald_workspace_get_client (f->workspace));
  herald_api_client_list_capabilities_async (client, NULL, NULL, 0, 0, NULL, store_result, &result);
  WAIT_UNTIL (result != NULL, 20);
  capabilities = herald_api_client_list_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (capabilities), ==, 0);

  /* Given up while the sandbox stops (the window closed): it stays stopped,
   * and nothing more is forgotten. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(HeraldCapability) kept = herald_capability_new ("Kept");

    g_clear_object (&result);
    herald_workspace_set_capability (f->workspace, kept);
    herald_workspace_fresh_stage_async (f->workspace, cancellable, store_result, &result);
    g_cancellable_cancel (cancellable);
    g_assert_false (herald_workspace_fresh_stage_finish (f->workspace, wait_result (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&result);
    g_assert_false (herald_sandbox_launcher_get_running (launcher));
    g_assert_true (herald_workspace_get_capability (f->workspace) == kept);
    settle (1000);
    g_assert_false (herald_sandbox_launcher_get_running (launcher));
  }
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL;

  start_sandbox (f);
  wrong = g_strconcat (herald_test_sandbox_get_password (f->sandbox), "x", NULL);
  config = herald_service_config_new (herald_test_sandbox_get_api_url (f->sandbox),
                                      herald_test_sandbox_get_user (f->sandbox), wrong);
  herald_service_config_set_use_system_proxy (config, FALSE);
  client = herald_api_client_new (config, &error);
  g_assert_no_error (error);

  herald_workspace_set_client (f->workspace, client);
  g_assert_false (step (f, HERALD_STEP_SERVICE));
  WAIT_UNTIL (herald_workspace_get_service_state (f->workspace) != HERALD_SERVICE_STATE_CHECKING, 10);
  g_assert_cmpint (herald_workspace_get_service_state (f->workspace), ==, HERALD_SERVICE_STATE_UNAUTHORIZED);
  g_assert_false (step (f, HERALD_STEP_SERVICE));
  g_assert_nonnull (herald_workspace_get_service_message (f->workspace));
  g_assert_null (strstr (herald_workspace_get_service_message (f->workspace), wrong));

  /* Corrected: reachable, the step done. */
  g_clear_object (&client);
  g_clear_object (&config);
  config = herald_service_config_new (herald_test_sandbox_get_api_url (f->sandbox),
                                      herald_test_sandbox_get_user (f->sandbox),
                                      herald_test_sandbox_get_password (f->sandbox));
  herald_service_config_set_use_system_proxy (config, FALSE);
  client = herald_api_client_new (config, &error);
  g_assert_no_error (error);
  herald_workspace_set_client (f->workspace, client);
  WAIT_UNTIL (herald_workspace_get_service_state (f->workspace) == HERALD_SERVICE_STATE_REACHABLE, 10);
  g_assert_true (step (f, HERALD_STEP_SERVICE));
  g_assert_null (herald_workspace_get_service_message (f->workspace));
}

static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  GListModel *connections = herald_workspace_get_connections (f->workspace);
  HeraldConnection *first;
  HeraldConnection *second;
  g_autoptr(HeraldDevice) first_device = NULL;
  g_autoptr(HeraldSensor) first_sensor = NULL;
  g_autoptr(HeraldCapability) first_capability = NULL;
  g_autoptr(HeraldKeystore) first_keystore = NULL;
  g_autoptr(HeraldKeystore) second_keystore = NULL;
  HeraldDevice *second_device;

  start_sandbox (f);
  use_sandbox (f);
  /* The flow's device connection is always there. */
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);

  /* Each more connection is one more item, acting as a device of its own
   * while the flow's device changes. */
  provision (f, "FirstDevice");
  first_device = g_object_ref (herald_workspace_get_device (f->workspace));
  first_sensor = g_object_ref (herald_workspace_get_sensor (f->workspace));
  first_capability = g_object_ref (herald_workspace_get_capability (f->workspace));
  first_keystore = get_certificate (herald_workspace_get_client (f->workspace), first_device);
  first = herald_workspace_add_connection (f->workspace, "First");
  connect_as (f, first, first_device, first_keystore, TRUE);

  provision (f, "SecondDevice");
  second_device = herald_workspace_get_device (f->workspace);
  second_keystore = get_certificate (herald_workspace_get_client (f->workspace), second_device);
  second = herald_workspace_add_connection (f->workspace, "Second");
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 3);
  connect_as (f, second, second_device, second_keystore, TRUE);
  g_assert_cmpint (herald_mqtt_session_get_state (herald_connection_get_session (first)), ==,
                   HERALD_MQTT_STATE_CONNECTED);

  /* Both receive, each in its own history. */
  send_command (f, first_device, first_sensor, first_capability);
  send_command (f, second_device, herald_workspace_get_sensor (f->workspace), NULL);
  send_command (f, second_device, herald_workspace_get_sensor (f->workspace), NULL);
  WAIT_UNTIL (count_commands (first) == 1 && count_commands (second) == 2, 10);
  g_assert_true (herald_connection_get_history (first) != herald_connection_get_history (second));
  settle (300);
  g_assert_cmpuint (count_commands (first), ==, 1);
  g_assert_cmpuint (count_commands (second), ==, 2);

  herald_workspace_remove_connection (f->workspace, second);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 2);
  g_assert_cmpint (herald_mqtt_session_get_state (herald_connection_get_session (first)), ==,
                   HERALD_MQTT_STATE_CONNECTED);
}

/* profiles.ini as Herald 0.1 writes it, with the ids of the model this
 * test makes. */
static const char stored_profiles[] =
  "[Local sandbox]\n"
  "name=Local sandbox\n"
  "api-url=%s\n"
  "user=%s\n"
  "flavor=classic\n"
  "sandbox-dir=%s\n"
  "capability-id=%s\n"
  "sensor-type-id=%s\n"
  "device-id=%s\n"
  "device-alternate-id=%s\n"
  "sensor-id=%s\n"
  "mqtt-uri=%s\n"
  "trust=sandbox\n"
  "ca-file=%s\n"
  "use-sandbox=true\n"
  "\n"
  "[admin@tenant.example.org]\n"
  "name=admin@tenant.example.org\n"
  "api-url=https://tenant.example.org/iot/core/api/v1/tenant/42\n"
  "user=admin\n"
  "flavor=tenant\n"
  "mqtt-uri=ssl://tenant.example.org:8883\n"
  "trust=system\n"
  "use-sandbox=false\n";

static void
test_stored_profiles (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HeraldEntity) capability = NULL;
  g_autoptr(HeraldEntity) sensor_type = NULL;
  g_autoptr(HeraldEntity) device = NULL;
  g_autoptr(HeraldEntity) sensor = NULL;
  g_autoptr(HeraldProfileStore) store = NULL;
  g_autoptr(HeraldWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  HeraldProfile *profile;

  /* Yesterday's session made the model... */
  start_sandbox (f);
  use_sandbox (f);
  provision (f, "MyDevice");
  capability = g_object_ref (HERALD_ENTITY (herald_workspace_get_capability (f->workspace)));
  sensor_type = g_object_ref (HERALD_ENTITY (herald_workspace_get_sensor_type (f->workspace)));
  device = g_object_ref (HERALD_ENTITY (herald_workspace_get_device (f->workspace)));
  sensor = g_object_ref (HERALD_ENTITY (herald_workspace_get_sensor (f->workspace)));

  /* ...and wrote this file and setting. */
  text = g_strdup_printf (stored_profiles,
                          herald_test_sandbox_get_api_url (f->sandbox),
                          herald_test_sandbox_get_user (f->sandbox),
                          f->sandbox_dir,
                          herald_entity_get_id (capability),
                          herald_entity_get_id (sensor_type),
                          herald_entity_get_id (device),
                          herald_entity_get_alternate_id (device),
                          herald_entity_get_id (sensor),
                          herald_test_sandbox_get_mqtt_uri (f->sandbox),
                          herald_test_sandbox_get_ca_file (f->sandbox));
  g_assert_true (g_file_set_contents (herald_profile_store_get_path (f->store), text, -1, &error));
  g_assert_no_error (error);
  g_settings_set_string (f->settings, "last-profile", "Local sandbox");

  /* Today's Herald reads both and resumes where the user left off. */
  store = herald_profile_store_new_full (herald_profile_store_get_path (f->store), FALSE);
  g_assert_true (herald_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  profile = herald_profile_store_lookup (store, "admin@tenant.example.org");
  g_assert_nonnull (profile);
  g_assert_false (herald_profile_get_use_sandbox (profile));
  g_assert_cmpstr (herald_profile_get_string (profile, "flavor"), ==, "tenant");
  g_assert_cmpstr (herald_profile_get_string (profile, "mqtt-uri"), ==, "ssl://tenant.example.org:8883");

  last = g_settings_get_string (f->settings, "last-profile");
  profile = herald_profile_store_lookup (store, last);
  g_assert_nonnull (profile);
  g_assert_true (herald_profile_get_use_sandbox (profile));

  workspace = herald_workspace_new (f->settings, store, f->sandbox_dir);
  herald_workspace_set_profile (workspace, profile);
  WAIT_UNTIL (herald_workspace_get_step_complete (workspace, HERALD_STEP_SENSOR) &&
              herald_workspace_get_step_complete (workspace, HERALD_STEP_DEVICE) &&
              herald_workspace_get_step_complete (workspace, HERALD_STEP_SENSOR_TYPE) &&
              herald_workspace_get_step_complete (workspace, HERALD_STEP_CAPABILITY) &&
              herald_workspace_get_step_complete (workspace, HERALD_STEP_SERVICE), 20);
  g_assert_cmpstr (herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (workspace))), ==,
                   herald_entity_get_id (device));
  g_assert_cmpstr (herald_connection_get_device_alternate_id (herald_workspace_get_device_connection (workspace)), ==,
                   herald_entity_get_alternate_id (device));
}


/* The device side: measures sent as the device are answered on
 * ack/<device>, each answer matched to its message; one the gateway
 * refuses says why; the service stores those it took. */
/* Loads a stored-measures list again, then each page after, to the end. */
static guint
load_all (HeraldStoredMeasures *list)
{
  herald_stored_measures_reload (list);
  WAIT_UNTIL (!herald_stored_measures_get_loading (list), 10);
  while (herald_stored_measures_get_has_more (list))
    {
      herald_stored_measures_load_more (list);
      WAIT_UNTIL (!herald_stored_measures_get_loading (list), 10);
    }
  g_assert_null (herald_stored_measures_get_error (list));
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_measures (Fixture       *f,
               gconstpointer  data)
{
  HeraldApiClient *client;
  HeraldConnection *connection;
  g_autoptr(HeraldCapability) capability = herald_capability_new ("Climate");
  g_autoptr(HeraldProperty) temperature = herald_property_new ("Temperature", HERALD_DATA_TYPE_FLOAT, "°C");
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(HeraldMeasureSender) sender = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) stored = NULL;
  HeraldSensorType *type;
  HeraldSentMeasure *refused;
  GListModel *messages;
  const char *sensor_alt;

  start_sandbox (f);
  use_sandbox (f);
  provision (f, "Thermometer");
  client = herald_workspace_get_client (f->workspace);

  /* A capability the sensor's type uses as a measure, and a sensor of it. */
  herald_capability_add_property (capability, temperature);
  capability = create (client, g_steal_pointer (&capability));
  type = herald_sensor_type_new ("ClimateSensor");
  herald_sensor_type_add_capability (type, herald_entity_get_id (HERALD_ENTITY (capability)), "measure");
  sensor_type = create (client, type);
  sensor = create (client, herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))),
                                              "Probe", herald_entity_get_id (HERALD_ENTITY (sensor_type))));
  sensor_alt = herald_entity_get_alternate_id (HERALD_ENTITY (sensor));

  connection = herald_workspace_get_device_connection (f->workspace);
  keystore = get_certificate (client, herald_workspace_get_device (f->workspace));
  herald_workspace_set_keystore (f->workspace, keystore, NULL);
  connect_as (f, connection, herald_workspace_get_device (f->workspace), keystore, TRUE);

  sender = herald_measure_sender_new (connection, 100);
  messages = herald_measure_sender_get_messages (sender);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(HeraldCommandBuilder) values = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);
      g_autofree char *value = g_strdup_printf ("%u.5", 20 + i);

      g_assert_true (herald_command_builder_add_value (values, "Temperature", HERALD_DATA_TYPE_FLOAT, value, &error));
      g_assert_nonnull (herald_measure_sender_send (sender, sensor_alt, capability, values, &error));
      g_assert_no_error (error);
      /* Timestamps are milliseconds: each its own, for the newest first. */
      g_usleep (2000);
    }
  {
    g_autoptr(HeraldCommandBuilder) values = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);

    g_assert_true (herald_command_builder_add_value (values, "Pressure", HERALD_DATA_TYPE_FLOAT, "1013.2", &error));
    refused = herald_measure_sender_send (sender, sensor_alt, capability, values, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 6);

  WAIT_UNTIL (herald_sent_measure_get_ack (refused) != NULL, 20);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(HeraldSentMeasure) sent = g_list_model_get_item (messages, i);
      HeraldAck *ack;

      WAIT_UNTIL (herald_sent_measure_get_ack (sent) != NULL, 20);
      ack = herald_sent_measure_get_ack (sent);
      g_assert_cmpstr (herald_ack_get_message_id (ack), ==, herald_sent_measure_get_message_id (sent));
      g_assert_cmpint (herald_ack_get_round_trip (ack), >, 0);
      g_assert_cmpint (herald_ack_get_round_trip (ack), <, 20 * G_USEC_PER_SEC);
      if (sent == refused)
        {
          g_assert_cmpuint (herald_ack_get_code (ack), ==, 400);
          g_assert_nonnull (herald_ack_get_messages (ack)[0]);
          g_test_message ("refused: %s", herald_ack_get_messages (ack)[0]);
          g_assert_nonnull (strstr (herald_ack_get_messages (ack)[0], "Pressure"));
        }
      else
        g_assert_cmpuint (herald_ack_get_code (ack), ==, 202);
    }
  g_assert_cmpuint (herald_measure_sender_get_n_unmatched (sender), ==, 0);

  /* The History: each message sent (Published), and after each answer
   * received, the answer paired with the message it answers. */
  {
    GListModel *history = G_LIST_MODEL (herald_connection_get_history (connection));
    g_autofree char *measures_topic = g_strconcat ("measures/", herald_connection_get_device_alternate_id (connection), NULL);
    g_autofree char *ack_topic = g_strconcat ("ack/", herald_connection_get_device_alternate_id (connection), NULL);
    guint n_published = 0, n_accepted = 0, n_refused = 0, n_answers_received = 0;

    for (guint i = 0; i < g_list_model_get_n_items (history); i++)
      {
        g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (history, i);
        const char *preview = herald_history_item_get_preview (item);

        switch (herald_history_item_get_event (item))
          {
          case HERALD_HISTORY_EVENT_PUBLISHED:
            g_assert_cmpstr (herald_history_item_get_topic (item), ==, measures_topic);
            g_assert_nonnull (strstr (preview, "measureMessageId"));
            n_published++;
            break;
          case HERALD_HISTORY_EVENT_RECEIVED:
            n_answers_received += g_strcmp0 (herald_history_item_get_topic (item), ack_topic) == 0;
            break;
          case HERALD_HISTORY_EVENT_ACKNOWLEDGED:
            {
              g_autoptr(HeraldSentMeasure) sent = g_list_model_get_item (messages, n_accepted + n_refused);

              /* After the answer it pairs, in the order they came. */
              g_assert_cmpuint (n_answers_received, >, 0);
              g_assert_cmpstr (herald_history_item_get_topic (item), ==, ack_topic);
              g_test_message ("%s", preview);
              g_assert_nonnull (strstr (preview, herald_sent_measure_get_message_id (sent)));
              if (sent == refused)
                {
                  g_assert_nonnull (strstr (preview, "refused (400)"));
                  g_assert_nonnull (strstr (preview, "Pressure"));
                  n_refused++;
                }
              else
                {
                  g_assert_nonnull (strstr (preview, "accepted (202)"));
                  n_accepted++;
                }
            }
            break;
          default:
            break;
          }
      }
    g_assert_cmpuint (n_published, ==, 6);
    g_assert_cmpuint (n_accepted, ==, 5);
    g_assert_cmpuint (n_refused, ==, 1);
  }

  /* The five it took, stored, read back with the model. */
  herald_api_client_list_measures_async (client, herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))),
                                         NULL, NULL, 0, 0, NULL, store_result, &result);
  stored = herald_api_client_list_measures_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (stored), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) rows = herald_measure_parse_stored (json_array_get_element (stored, i), capability, &error);
      HeraldReading *value;

      g_assert_no_error (error);
      value = herald_measure_find_value (g_ptr_array_index (rows, 0), "Temperature");
      g_assert_nonnull (value);
      g_assert_cmpint (herald_reading_get_kind (value), ==, HERALD_READING_KIND_NUMBER);
      g_assert_cmpfloat (herald_reading_get_number (value), >=, 20.5);
      g_assert_cmpfloat (herald_reading_get_number (value), <=, 24.5);
    }

  /* The cloud side's list of them: newest first, a page at a time,
   * typed by their capability; of one capability. */
  {
    g_autoptr(HeraldStoredMeasures) list = herald_stored_measures_new (2);
    g_autoptr(GListStore) known = g_list_store_new (HERALD_TYPE_CAPABILITY);
    const double newest_first[] = { 24.5, 23.5, 22.5, 21.5, 20.5 };
    GListModel *model = G_LIST_MODEL (list);

    g_list_store_append (known, capability);
    herald_stored_measures_set_capabilities (list, G_LIST_MODEL (known));
    herald_stored_measures_set_source (list, client, herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))));
    g_assert_true (herald_stored_measures_get_loading (list));
    WAIT_UNTIL (!herald_stored_measures_get_loading (list), 10);
    g_assert_null (herald_stored_measures_get_error (list));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    g_assert_true (herald_stored_measures_get_has_more (list));
    herald_stored_measures_load_more (list);
    WAIT_UNTIL (!herald_stored_measures_get_loading (list), 10);
    herald_stored_measures_load_more (list);
    WAIT_UNTIL (!herald_stored_measures_get_loading (list), 10);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
    g_assert_false (herald_stored_measures_get_has_more (list));
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(HeraldMeasure) measure = g_list_model_get_item (model, i);
        HeraldReading *value = herald_measure_find_value (measure, "Temperature");

        g_assert_cmpint (herald_reading_get_kind (value), ==, HERALD_READING_KIND_NUMBER);
        g_assert_cmpfloat (herald_reading_get_number (value), ==, newest_first[i]);
        g_assert_cmpstr (herald_reading_get_unit (value), ==, "°C");
      }

    herald_stored_measures_set_capability (list, herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_capability (f->workspace))));
    WAIT_UNTIL (!herald_stored_measures_get_loading (list), 10);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
    herald_stored_measures_set_capability (list, herald_entity_get_id (HERALD_ENTITY (capability)));
    WAIT_UNTIL (!herald_stored_measures_get_loading (list), 10);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

    /* A measure of 2018 (its own timestamp), as a device with a wrong
     * clock sends it: listed at any time, not among the last five
     * minutes'. */
    {
      g_autofree char *topic = g_strconcat ("measures/", herald_connection_get_device_alternate_id (connection), NULL);
      g_autofree char *payload = g_strdup_printf ("{\"capabilityAlternateId\":\"%s\",\"sensorAlternateId\":\"%s\","
                                                  "\"measures\":[[10.5]],\"timestamp\":1525757977416}",
                                                  herald_entity_get_alternate_id (HERALD_ENTITY (capability)), sensor_alt);
      g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));
      g_autoptr(JsonArray) old = NULL;

      g_assert_true (herald_mqtt_session_publish (herald_connection_get_session (connection), topic, bytes, 1, FALSE, &error));
      g_assert_no_error (error);
      for (gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
           (old == NULL || json_array_get_length (old) == 0) && g_get_monotonic_time () < until;)
        {
          g_clear_pointer (&old, json_array_unref);
          g_clear_object (&result);
          herald_api_client_list_measures_async (client, herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))),
                                                 "timestamp le 1525757977416", NULL, 0, 0, NULL, store_result, &result);
          old = herald_api_client_list_measures_finish (client, wait_result (&result), &error);
          g_assert_no_error (error);
        }
      g_assert_cmpuint (json_array_get_length (old), ==, 1);
    }
    g_assert_cmpuint (load_all (list), ==, 6);
    herald_stored_measures_set_span (list, 5 * 60 * 1000);
    g_assert_cmpuint (load_all (list), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(HeraldMeasure) measure = g_list_model_get_item (model, i);

        g_assert_cmpfloat (herald_reading_get_number (herald_measure_find_value (measure, "Temperature")), ==, newest_first[i]);
      }
    herald_stored_measures_set_span (list, 0);
    g_assert_cmpuint (load_all (list), ==, 6);
  }

  /* Sent while not connected: said, not lost silently. */
  herald_mqtt_session_disconnect (herald_connection_get_session (connection));
  WAIT_UNTIL (herald_mqtt_session_get_state (herald_connection_get_session (connection)) == HERALD_MQTT_STATE_DISCONNECTED, 10);
  {
    g_autoptr(HeraldCommandBuilder) values = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);

    g_assert_true (herald_command_builder_add_value (values, "Temperature", HERALD_DATA_TYPE_FLOAT, "1.0", NULL));
    g_assert_null (herald_measure_sender_send (sender, sensor_alt, capability, values, &error));
    g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NOT_CONNECTED);
  }
}

/* The device connection's profile: made by the flow from the service
 * profile in use (broker, client id, its commands), what the user set kept
 * with that service profile, another service profile's its own, and all
 * of it read again by a fresh store, as after a restart. */
static gboolean
device_profile_kept (HeraldProfile *profile,
                     const char    *text)
{
  const char *kept = herald_profile_get_string (profile, "device-connection");

  return kept != NULL && strstr (kept, text) != NULL;
}

static void
assert_subscriptions (HeraldWorkspace    *workspace,
                      const char * const *expected)
{
  HeraldBrokerProfile *device = herald_workspace_get_device_profile (workspace);
  g_auto(GStrv) session = herald_mqtt_session_dup_subscriptions (herald_workspace_get_session (workspace));

  g_assert_cmpuint (herald_broker_profile_get_n_subscriptions (device), ==, g_strv_length ((char **) expected));
  g_assert_cmpuint (g_strv_length (session), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_assert_cmpstr (herald_broker_profile_get_subscription (device, i, NULL), ==, expected[i]);
      g_assert_true (g_strv_contains ((const char * const *) session, expected[i]));
    }
}

static void
test_device_profile (Fixture       *f,
                     gconstpointer  data)
{
  HeraldProfile *a = herald_profile_store_ensure (f->store, "A");
  HeraldProfile *b = herald_profile_store_ensure (f->store, "B");
  HeraldBrokerProfile *device = herald_workspace_get_device_profile (f->workspace);
  const char * const a_topics[] = { "commands/dev-a", "ack/dev-a", NULL };
  const char * const a_fresh[] = { "commands/dev-a", NULL };
  const char * const b_topics[] = { "commands/dev-b", NULL };
  g_autoptr(HeraldProfileStore) store = NULL;
  g_autoptr(HeraldWorkspace) restarted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *will = NULL;
  gboolean clean;
  guint keep_alive;
  HeraldMqttVersion version;

  herald_profile_set_device_alternate_id (a, "dev-a");
  herald_profile_set_mqtt_uri (a, "ssl://a.example:8883");
  herald_profile_set_device_alternate_id (b, "dev-b");
  herald_profile_set_mqtt_uri (b, "ssl://b.example:8883");

  /* Made by the flow: the profile's broker, the device's id and commands,
   * Clean Session off. */
  herald_workspace_set_profile (f->workspace, a);
  g_assert_cmpstr (herald_broker_profile_get_server_uri (device), ==, "ssl://a.example:8883");
  g_object_get (device, "client-id", &will, "clean-session", &clean, NULL);
  g_assert_cmpstr (will, ==, "dev-a");
  g_clear_pointer (&will, g_free);
  g_assert_false (clean);
  assert_subscriptions (f->workspace, a_fresh);

  /* What the user sets (as the Connect step does) is kept with A. */
  g_object_set (device, "will-topic", "measures/dev-a", "mqtt-version", HERALD_MQTT_VERSION_5,
                "keep-alive", 25, NULL);
  g_assert_true (herald_connection_subscribe (herald_workspace_get_device_connection (f->workspace),
                                              "ack/dev-a", 1, NULL));
  WAIT_UNTIL (device_profile_kept (a, "measures/dev-a") && device_profile_kept (a, "ack/dev-a"), 5);
  assert_subscriptions (f->workspace, a_topics);

  /* A change not saved yet when another profile is picked is A's. */
  g_object_set (device, "session-expiry", 120, NULL);
  herald_workspace_set_profile (f->workspace, b);
  g_assert_true (device_profile_kept (a, "120"));
  g_assert_null (herald_profile_get_string (b, "device-connection"));

  /* B has its own: none of A's. */
  g_object_get (device, "will-topic", &will, "mqtt-version", &version, "keep-alive", &keep_alive,
                "clean-session", &clean, NULL);
  g_assert_cmpstr (will, ==, "");
  g_clear_pointer (&will, g_free);
  g_assert_cmpint (version, ==, HERALD_MQTT_VERSION_3_1_1);
  g_assert_cmpuint (keep_alive, ==, 60);
  g_assert_false (clean);
  g_assert_cmpstr (herald_broker_profile_get_server_uri (device), ==, "ssl://b.example:8883");
  assert_subscriptions (f->workspace, b_topics);

  /* Back to A: as it was left. */
  herald_workspace_set_profile (f->workspace, a);
  g_object_get (device, "will-topic", &will, "mqtt-version", &version, "keep-alive", &keep_alive, NULL);
  g_assert_cmpstr (will, ==, "measures/dev-a");
  g_clear_pointer (&will, g_free);
  g_assert_cmpint (version, ==, HERALD_MQTT_VERSION_5);
  g_assert_cmpuint (keep_alive, ==, 25);
  assert_subscriptions (f->workspace, a_topics);

  /* The local sandbox's broker is followed, over what was kept. */
  herald_profile_set_ca_file (a, "/nonexistent/sandbox/ca.pem");
  herald_profile_set_use_sandbox (a, TRUE);
  herald_profile_set_mqtt_uri (a, "ssl://localhost:18883");
  g_assert_cmpstr (herald_broker_profile_get_server_uri (device), ==, "ssl://localhost:18883");
  g_object_get (device, "ca-file", &will, NULL);
  g_assert_cmpstr (will, ==, "/nonexistent/sandbox/ca.pem");
  g_clear_pointer (&will, g_free);
  WAIT_UNTIL (device_profile_kept (a, "ssl://localhost:18883"), 5);

  /* A restart: a fresh store reads the file, a fresh workspace finds A's. */
  g_assert_true (herald_profile_store_save (f->store, &error));
  g_assert_no_error (error);
  store = herald_profile_store_new_full (herald_profile_store_get_path (f->store), FALSE);
  g_assert_true (herald_profile_store_load (store, &error));
  g_assert_no_error (error);
  restarted = herald_workspace_new (f->settings, store, f->sandbox_dir);
  herald_workspace_set_profile (restarted, herald_profile_store_lookup (store, "A"));
  g_object_get (herald_workspace_get_device_profile (restarted), "will-topic", &will,
                "mqtt-version", &version, "keep-alive", &keep_alive, NULL);
  g_assert_cmpstr (will, ==, "measures/dev-a");
  g_clear_pointer (&will, g_free);
  g_assert_cmpint (version, ==, HERALD_MQTT_VERSION_5);
  g_assert_cmpuint (keep_alive, ==, 25);
  g_assert_cmpstr (herald_broker_profile_get_server_uri (herald_workspace_get_device_profile (restarted)), ==,
                   "ssl://localhost:18883");
  assert_subscriptions (restarted, a_topics);
  g_assert_finalize_object (g_steal_pointer (&restarted));

  /* A damaged one is made afresh, never a crash. */
  herald_workspace_set_profile (f->workspace, b);
  herald_profile_set_string (a, "device-connection", "{\"format\": \"herald-connections\", \"connections\": [{");
  herald_workspace_set_profile (f->workspace, a);
  g_object_get (device, "will-topic", &will, "keep-alive", &keep_alive, NULL);
  g_assert_cmpstr (will, ==, "");
  g_clear_pointer (&will, g_free);
  g_assert_cmpuint (keep_alive, ==, 60);
  assert_subscriptions (f->workspace, a_fresh);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, data) \
  g_test_add ("/workspace/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("sandbox-restarted", test_sandbox_restarted, NULL);
  ADD ("device-deleted", test_device_deleted, NULL);
  ADD ("sent-while-down/persistent", test_sent_while_down, GINT_TO_POINTER (TRUE));
  ADD ("sent-while-down/clean-session", test_sent_while_down, GINT_TO_POINTER (FALSE));
  ADD ("wrong-password", test_wrong_password, NULL);
  ADD ("two-connections", test_two_connections, NULL);
  ADD ("stored-profiles", test_stored_profiles, NULL);
  ADD ("device-state", test_device_state, NULL);
  ADD ("fresh-stage", test_fresh_stage, NULL);
  ADD ("measures", test_measures, NULL);
  ADD ("device-profile", test_device_profile, NULL);

  return g_test_run ();
}

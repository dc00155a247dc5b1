/* test-broker-profile.c
 *
 * Connections of their own: the profile's file (kept between runs,
 * exported, imported) against good and hostile text, the workspace keeping
 * them across a restart, and opening one against a real mosquitto with a
 * password and with an encrypted PEM client certificate from its file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "herald-broker-profile.h"
#include "herald-test-broker.h"
#include "herald-test-probe.h"
#include "herald-workspace.h"

#define SCHEMA_ID "io.github.heraldiot.Herald"
#define USER   "learner"
#define SECRET "key-secret-1234"
#define DEVICE "pi-device"

static HeraldTestBroker *broker;

static HeraldBrokerProfile *
full_profile (void)
{
  HeraldBrokerProfile *profile = herald_broker_profile_new ("Kitchen Pi", "mqtts://pi.local:8883");

  g_object_set (profile,
                "username", "kitchen",
                "certificate-file", "/home/learner/pi.p12",
                "trust", HERALD_MQTT_TRUST_CA_FILE,
                "ca-file", "/home/learner/ca.pem",
                "mqtt-version", HERALD_MQTT_VERSION_5,
                "clean-session", FALSE,
                "keep-alive", 15,
                "session-expiry", 3600,
                "will-topic", "kitchen/status",
                "will-payload", "offline",
                "will-qos", 1,
                "will-retained", TRUE,
                NULL);
  herald_broker_profile_add_subscription_full (profile, "kitchen/#", 1,
                                               HERALD_SUBSCRIBE_NO_LOCAL | HERALD_SUBSCRIBE_NO_RETAINED);
  herald_broker_profile_add_subscription (profile, "$SYS/broker/uptime", 0);
  herald_broker_profile_save_payload (profile, "Fridge open", "kitchen/fridge/door", 1, TRUE,
                                      HERALD_PAYLOAD_FORMAT_JSON, "{\"open\": true}");
  herald_broker_profile_save_payload (profile, "Raw CBOR", "kitchen/raw", 0, FALSE,
                                      HERALD_PAYLOAD_FORMAT_HEX, "a1 64 74 65 6d 70 f9 4d 60");
  {
    const char *mqtt5[HERALD_PUBLISH_N_TEXTS] = {
      "application/json", "kitchen/replies", "req-42", "room=kitchen; floor=1",
    };

    herald_broker_profile_set_payload_mqtt5 (profile, "Fridge open", mqtt5, 300);
  }
  return profile;
}

static GListModel *
list_of (HeraldBrokerProfile *profile)
{
  GListStore *list = g_list_store_new (HERALD_TYPE_BROKER_PROFILE);

  g_list_store_append (list, profile);
  return G_LIST_MODEL (list);
}

static void
assert_same_payloads (HeraldBrokerProfile *a,
                      HeraldBrokerProfile *b)
{
  g_assert_cmpuint (herald_broker_profile_get_n_payloads (a), ==, herald_broker_profile_get_n_payloads (b));
  for (guint i = 0; i < herald_broker_profile_get_n_payloads (a); i++)
    {
      const char *ta, *tb, *xa, *xb;
      guint qa, qb;
      gboolean ra, rb;
      HeraldPayloadFormat fa, fb;

      g_assert_cmpstr (herald_broker_profile_get_payload (a, i, &ta, &qa, &ra, &fa, &xa), ==,
                       herald_broker_profile_get_payload (b, i, &tb, &qb, &rb, &fb, &xb));
      g_assert_cmpstr (ta, ==, tb);
      g_assert_cmpuint (qa, ==, qb);
      g_assert_cmpint (ra, ==, rb);
      g_assert_cmpint (fa, ==, fb);
      g_assert_cmpstr (xa, ==, xb);

      {
        const char *ma[HERALD_PUBLISH_N_TEXTS], *mb[HERALD_PUBLISH_N_TEXTS];
        guint ea, eb;

        herald_broker_profile_get_payload_mqtt5 (a, i, ma, &ea);
        herald_broker_profile_get_payload_mqtt5 (b, i, mb, &eb);
        for (guint t = 0; t < HERALD_PUBLISH_N_TEXTS; t++)
          g_assert_cmpstr (ma[t], ==, mb[t]);
        g_assert_cmpuint (ea, ==, eb);
      }
    }
}

static void
assert_same (HeraldBrokerProfile *a,
             HeraldBrokerProfile *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      g_value_init (&va, pspecs[i]->value_type);
      g_value_init (&vb, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (a), pspecs[i]->name, &va);
      g_object_get_property (G_OBJECT (b), pspecs[i]->name, &vb);
      if (g_param_values_cmp (pspecs[i], &va, &vb) != 0)
        g_error ("%s differs", pspecs[i]->name);
    }

  g_assert_cmpuint (herald_broker_profile_get_n_subscriptions (a), ==,
                    herald_broker_profile_get_n_subscriptions (b));
  for (guint i = 0; i < herald_broker_profile_get_n_subscriptions (a); i++)
    {
      guint qa, qb;

      g_assert_cmpstr (herald_broker_profile_get_subscription (a, i, &qa), ==,
                       herald_broker_profile_get_subscription (b, i, &qb));
      g_assert_cmpuint (qa, ==, qb);
      g_assert_cmpint (herald_broker_profile_get_subscription_flags (a, i), ==,
                       herald_broker_profile_get_subscription_flags (b, i));
    }

  assert_same_payloads (a, b);
}

static void
test_round_trip (void)
{
  g_autoptr(HeraldBrokerProfile) profile = full_profile ();
  g_autoptr(GListModel) list = list_of (profile);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  g_assert_true (herald_broker_profile_check (profile, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (herald_broker_profile_get_id (profile)));

  data = herald_broker_profile_list_to_data (list, NULL);
  g_assert_nonnull (strstr (data, "\"format\" : \"herald-connections\""));
  g_assert_nonnull (strstr (data, "\"retainHandling\" : 2"));
  /* The file has no field for a secret. */
  g_assert_null (strstr (data, "assword"));

  read = herald_broker_profile_list_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 1);
  assert_same (profile, g_ptr_array_index (read, 0));

  /* A copy is the same, and an edited copy updates the original. */
  {
    g_autoptr(HeraldBrokerProfile) copy = herald_broker_profile_copy (profile);
    guint changes = 0;

    assert_same (profile, copy);
    g_object_set (copy, "name", "Garage Pi", "keep-alive", 30, NULL);
    herald_broker_profile_remove_subscription (copy, "kitchen/#");
    /* Saved again under its name, a payload is replaced, not doubled. */
    herald_broker_profile_save_payload (copy, "Fridge open", "garage/door", 2, FALSE,
                                        HERALD_PAYLOAD_FORMAT_TEXT, "open");
    g_assert_cmpuint (herald_broker_profile_get_n_payloads (copy), ==, 2);
    g_assert_true (herald_broker_profile_remove_payload (copy, "Raw CBOR"));
    g_assert_false (herald_broker_profile_remove_payload (copy, "Raw CBOR"));
    g_signal_connect_swapped (profile, "changed", G_CALLBACK (g_atomic_int_inc), &changes);
    herald_broker_profile_update (profile, copy);
    assert_same (profile, copy);
    g_assert_cmpuint (changes, >=, 1);
    g_assert_cmpstr (herald_broker_profile_get_name (profile), ==, "Garage Pi");
  }
}

static void
test_apply (void)
{
  g_autoptr(HeraldBrokerProfile) profile = full_profile ();
  g_autoptr(HeraldMqttSession) session = herald_mqtt_session_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) subscriptions = NULL;
  g_autofree char *uri = NULL;
  guint keep_alive, expiry;
  HeraldMqttVersion version;

  herald_mqtt_session_subscribe (session, "left/over", 0, NULL);
  g_assert_true (herald_broker_profile_apply (profile, session, &error));
  g_assert_no_error (error);
  g_object_get (session, "server-uri", &uri, "keep-alive", &keep_alive,
                "session-expiry", &expiry, "mqtt-version", &version, NULL);
  g_assert_cmpstr (uri, ==, "mqtts://pi.local:8883");
  g_assert_cmpuint (keep_alive, ==, 15);
  g_assert_cmpuint (expiry, ==, 3600);
  g_assert_cmpint (version, ==, HERALD_MQTT_VERSION_5);
  g_assert_cmpstr (herald_mqtt_session_get_will_topic (session), ==, "kitchen/status");
  subscriptions = herald_mqtt_session_dup_subscriptions (session);
  g_assert_cmpuint (g_strv_length (subscriptions), ==, 2);
  g_assert_false (g_strv_contains ((const char * const *) subscriptions, "left/over"));
}

static void
subscribed_cb (HeraldMqttSession *session,
               const char        *topic,
               guint              granted,
               GPtrArray         *topics)
{
  g_ptr_array_add (topics, g_strdup (topic));
}

/* The profile's subscriptions given to a connected session: each asked
 * for once. Applied again, one both have alike is not asked for again (a
 * broker would send its retained messages again); one with another QoS
 * is; a new one is; one the profile dropped is unsubscribed. The broker's
 * answers come in order, so a new topic's answer is the sign that nothing
 * was asked before it. A refused one does not stop the rest. */
static void
test_apply_subscriptions (void)
{
  g_autofree char *plain = g_strdup_printf ("tcp://localhost:%u", herald_test_broker_get_plain_port (broker));
  g_autoptr(HeraldBrokerProfile) profile = herald_broker_profile_new ("Plain", plain);
  g_autoptr(GPtrArray) answered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Probe *probe = probe_new_for (plain, "herald-apply-subscriptions", NULL, NULL);
  HeraldSubscribeFlags flags;
  guint qos;

  g_object_set (probe->session, "username", USER, "password", "mosquitto-password", NULL);
  g_signal_connect (probe->session, "subscribed", G_CALLBACK (subscribed_cb), answered);
  connect_and_wait (probe);

  herald_broker_profile_add_subscription (profile, "test/" USER "/a", 1);
  herald_broker_profile_add_subscription (profile, "test/" USER "/b", 0);
  g_assert_true (herald_broker_profile_apply_subscriptions (profile, probe->session, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (answered->len == 2, 10);

  /* Nothing new: nothing asked. */
  g_assert_true (herald_broker_profile_apply_subscriptions (profile, probe->session, &error));
  herald_broker_profile_add_subscription (profile, "test/" USER "/c", 0);
  g_assert_true (herald_broker_profile_apply_subscriptions (profile, probe->session, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (answered->len >= 3, 10);
  g_assert_cmpstr (g_ptr_array_index (answered, 2), ==, "test/" USER "/c");

  /* Another QoS: asked again, with it. */
  herald_broker_profile_add_subscription (profile, "test/" USER "/a", 0);
  g_assert_true (herald_broker_profile_apply_subscriptions (profile, probe->session, &error));
  WAIT_UNTIL (answered->len >= 4, 10);
  g_assert_cmpstr (g_ptr_array_index (answered, 3), ==, "test/" USER "/a");
  g_assert_true (herald_mqtt_session_get_subscription (probe->session, "test/" USER "/a", &qos, &flags));
  g_assert_cmpuint (qos, ==, 0);
  g_assert_cmpint (flags, ==, HERALD_SUBSCRIBE_NONE);

  /* Dropped by the profile: unsubscribed. */
  herald_broker_profile_remove_subscription (profile, "test/" USER "/b");
  g_assert_true (herald_broker_profile_apply_subscriptions (profile, probe->session, &error));
  WAIT_UNTIL (probe->n_unsubscribed == 1, 10);
  g_assert_false (herald_mqtt_session_get_subscription (probe->session, "test/" USER "/b", NULL, NULL));
  g_assert_cmpuint (answered->len, ==, 4);

  g_signal_handlers_disconnect_by_data (probe->session, answered);
  herald_mqtt_session_disconnect (probe->session);
  probe_free (probe);

  /* One refused (a filter no broker takes: # not last) keeps none of
   * the others from being made; the first refusal is the error. */
  {
    g_autoptr(HeraldBrokerProfile) hostile = herald_broker_profile_new ("Hostile", plain);
    g_autoptr(HeraldMqttSession) session = herald_mqtt_session_new ();

    herald_broker_profile_add_subscription (hostile, "a/#/b", 0);
    herald_broker_profile_add_subscription (hostile, "test/" USER "/after", 1);
    g_assert_false (herald_broker_profile_apply_subscriptions (hostile, session, &error));
    g_assert_nonnull (error);
    g_test_message ("%s", error->message);
    g_assert_true (herald_mqtt_session_get_subscription (session, "test/" USER "/after", &qos, NULL));
    g_assert_cmpuint (qos, ==, 1);
    g_assert_false (herald_mqtt_session_get_subscription (session, "a/#/b", NULL, NULL));
  }
}

static void
test_hostile (void)
{
  static const struct {
    const char *data;
    const char *says;
  } cases[] = {
    { "", "not a list of connections" },
    { "{\"format\": \"herald-connections\", \"connections\": [", "not a list of connections" },
    { "[1, 2]", "Export Connections" },
    { "{\"format\": \"mqtt-explorer\", \"connections\": []}", "Export Connections" },
    { "{\"format\": \"herald-connections\", \"version\": 2, \"connections\": []}", "newer Herald" },
    { "{\"format\": \"herald-connections\", \"connections\": [7]}", "Connection 1 of the file: not an object" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\"}]}", "is not a server URI" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"http://a\"}]}", "must start with" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"\", \"uri\": \"tcp://a\"}]}", "has no name" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"keepAlive\": 70000}]}", "from 0 to 65535" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"keepAlive\": \"60\"}]}", "wrong kind" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"trust\": \"everyone\"}]}", "cannot be “everyone”" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"ssl://a\", \"trust\": \"ca-file\"}]}", "names none" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"willTopic\": \"a/#\"}]}", "a/#" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"subscriptions\": [{\"topic\": \"a\", \"qos\": 3}]}]}", "QoS of 0, 1 or 2" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"subscriptions\": [{\"topic\": \"a\", \"retainHandling\": 3}]}]}", "retain handling of 0, 1 or 2" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"subscriptions\": {}}]}", "must be a list" },
    { "{\"format\": \"herald-connections\", \"connections\": [{}, {\"name\": \"B\", \"uri\": \"tcp://b\"}]}", "Connection 1" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"savedPayloads\": 3}]}", "must be a list" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"savedPayloads\": [{\"name\": \"\"}]}]}", "a saved payload needs a name" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"savedPayloads\": [{\"name\": \"x\", \"format\": \"cbor\"}]}]}", "a format of text, json, hex or base64" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"savedPayloads\": [{\"name\": \"x\", \"userProperties\": \"room\"}]}]}", "the saved payload “x”: " },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"savedPayloads\": [{\"name\": \"x\", \"contentType\": 5}]}]}", "“contentType” has a value of the wrong kind" },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"savedPayloads\": [{\"name\": \"x\", \"responseTopic\": \"a/#\"}]}]}", "the saved payload “x”: " },
    { "{\"format\": \"herald-connections\", \"connections\": [{\"name\": \"A\", \"uri\": \"tcp://a\", \"savedPayloads\": [{\"name\": \"x\", \"messageExpiry\": -1}]}]}", "“messageExpiry” must be a number of seconds" },
  };
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"herald-connections\", \"connections\": ");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) read = herald_broker_profile_list_from_data (cases[i].data, -1, &error);

      g_test_message ("%s → %s", cases[i].data, error ? error->message : "(read)");
      g_assert_null (read);
      g_assert_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* 100,000 open brackets: refused by the depth guard, not the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) read = herald_broker_profile_list_from_data (deep->str, deep->len, &error);

    g_assert_null (read);
    g_assert_nonnull (strstr (error->message, "deep"));
  }
}

static HeraldWorkspace *
new_workspace (GSettings          *settings,
               HeraldProfileStore *store)
{
  HeraldWorkspace *workspace = herald_workspace_new (settings, store, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_workspace_load_brokers (workspace, &error));
  g_assert_no_error (error);
  return workspace;
}

static guint
count_brokers (HeraldWorkspace *workspace)
{
  /* The device connection of the flow is always the first. */
  return g_list_model_get_n_items (herald_workspace_get_connections (workspace)) - 1;
}

static HeraldConnection *
nth_broker (HeraldWorkspace *workspace,
            guint            n)
{
  g_autoptr(HeraldConnection) connection =
    g_list_model_get_item (herald_workspace_get_connections (workspace), n + 1);

  return connection;
}

/* A user adds a connection, subscribes, quits; the next run has both; a
 * file that is not one is kept aside, with a message that says where. */
static void
test_restart (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "herald", "profiles.ini", NULL);
  g_autofree char *file = g_build_filename (g_get_user_config_dir (), "herald", "connections.json", NULL);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (path, FALSE);
  g_autoptr(HeraldBrokerProfile) profile = full_profile ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (herald_broker_profile_get_id (profile));
  g_autofree char *exported = NULL;
  g_autofree char *aside = NULL;
  HeraldWorkspace *workspace;
  HeraldConnection *connection;
  GStatBuf st;

  workspace = new_workspace (settings, store);
  g_assert_cmpuint (count_brokers (workspace), ==, 0);
  connection = herald_workspace_add_broker (workspace, profile);
  g_assert_true (herald_connection_subscribe (connection, "garden/+/temp", 2, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (herald_connection_get_name (connection), ==, "Kitchen Pi");
  g_object_set (profile, "name", "Kitchen", NULL);
  g_assert_cmpstr (herald_connection_get_name (connection), ==, "Kitchen");
  g_assert_finalize_object (workspace);

  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  workspace = new_workspace (settings, store);
  g_assert_cmpuint (count_brokers (workspace), ==, 1);
  connection = nth_broker (workspace, 0);
  g_assert_cmpstr (herald_connection_get_name (connection), ==, "Kitchen");
  g_assert_cmpstr (herald_broker_profile_get_id (herald_connection_get_profile (connection)), ==, id);
  g_assert_cmpuint (herald_broker_profile_get_n_subscriptions (herald_connection_get_profile (connection)), ==, 3);
  g_assert_cmpuint (herald_broker_profile_get_n_payloads (herald_connection_get_profile (connection)), ==, 2);
  g_assert_cmpstr (herald_broker_profile_get_payload (herald_connection_get_profile (connection), 1,
                                                      NULL, NULL, NULL, NULL, NULL), ==, "Raw CBOR");
  g_assert_true (herald_workspace_lookup_broker (workspace, id) == connection);

  /* Imported again, the same connections are not doubled; with another
   * id they are added. */
  exported = herald_workspace_export_brokers (workspace, NULL);
  g_assert_cmpint (herald_workspace_import_brokers (workspace, exported, -1, &error), ==, 0);
  g_assert_no_error (error);
  {
    g_autoptr(GString) other = g_string_new (exported);

    g_string_replace (other, id, "not-a-uuid", 0);
    g_assert_cmpint (herald_workspace_import_brokers (workspace, other->str, -1, &error), ==, 1);
    g_assert_no_error (error);
    g_assert_cmpuint (count_brokers (workspace), ==, 2);
    g_assert_cmpint (herald_workspace_import_brokers (workspace, "{]", -1, &error), ==, -1);
    g_assert_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpuint (count_brokers (workspace), ==, 2);
  }

  /* Removed, it is gone from the next run. */
  herald_workspace_remove_connection (workspace, nth_broker (workspace, 1));
  g_assert_finalize_object (workspace);
  workspace = new_workspace (settings, store);
  g_assert_cmpuint (count_brokers (workspace), ==, 1);
  g_assert_finalize_object (workspace);

  /* A damaged file: no connection, a message, and the text kept. */
  g_assert_true (g_file_set_contents (file, "{\"format\": \"herald-connections\", \"conn", -1, NULL));
  workspace = herald_workspace_new (settings, store, NULL);
  g_assert_false (herald_workspace_load_brokers (workspace, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "connections.json.unreadable"));
  g_assert_cmpuint (count_brokers (workspace), ==, 0);
  g_assert_finalize_object (workspace);
  aside = g_strconcat (file, ".unreadable", NULL);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* On stage, a connection's host is masked wherever it is named, from its
 * addition to its removal. */
static void
test_presentation (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "herald", "profiles.ini", NULL);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (path, FALSE);
  g_autoptr(HeraldWorkspace) workspace = new_workspace (settings, store);
  g_autoptr(HeraldBrokerProfile) profile = herald_broker_profile_new ("Cloud", "ssl://broker.example.net:8883");
  HeraldRedactor *redactor = herald_workspace_get_redactor (workspace);
  HeraldConnection *connection;
  g_autofree char *masked = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *after = NULL;

  herald_redactor_set_active (redactor, TRUE);
  connection = herald_workspace_add_broker (workspace, profile);
  masked = herald_redactor_mask (redactor, "Could not connect to ssl://broker.example.net:8883");
  g_assert_null (strstr (masked, "broker.example.net"));

  g_object_set (profile, "server-uri", "tcp://other.example.org", NULL);
  moved = herald_redactor_mask (redactor, "other.example.org refused");
  g_assert_null (strstr (moved, "other.example.org"));

  herald_workspace_remove_connection (workspace, connection);
  after = herald_redactor_mask (redactor, "other.example.org refused");
  g_assert_nonnull (strstr (after, "other.example.org"));
}

static void
store_secret (HeraldProfileStore *store,
              HeraldSecretKind    kind,
              const char         *id,
              const char         *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  herald_profile_store_store_secret_async (store, kind, id, secret, NULL, result_cb, &result);
  WAIT_UNTIL (result != NULL, 10);
  g_assert_true (herald_profile_store_store_secret_finish (store, result, &error));
  g_assert_no_error (error);
}

static gboolean
open_connection (HeraldWorkspace   *workspace,
                 HeraldConnection  *connection,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  herald_workspace_open_connection_async (workspace, connection, NULL, result_cb, &result);
  WAIT_UNTIL (result != NULL, 20);
  return herald_workspace_open_connection_finish (workspace, result, error);
}

static gboolean
history_has (HeraldConnection *connection,
             const char       *topic)
{
  HeraldHistory *history = herald_connection_get_history (connection);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (history)); i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), i);

      if (g_strcmp0 (herald_history_item_get_topic (item), topic) == 0)
        return TRUE;
    }
  return FALSE;
}

static HeraldMqttState
state_of (HeraldConnection *connection)
{
  return herald_mqtt_session_get_state (herald_connection_get_session (connection));
}

/* Opened as its profile says: a password from the store; an encrypted PEM
 * client certificate from its file, its key's password from the store; a
 * wrong password and a key store that does not open named as such. */
static void
test_open (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "herald", "profiles.ini", NULL);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (path, FALSE);
  g_autoptr(HeraldWorkspace) workspace = new_workspace (settings, store);
  HeraldTestPki *pki = herald_test_broker_get_pki (broker);
  g_autofree char *plain = g_strdup_printf ("tcp://localhost:%u", herald_test_broker_get_plain_port (broker));
  g_autofree char *tls = herald_test_broker_get_uri (broker);
  g_autofree char *answer = herald_test_pki_issue_answer (pki, DEVICE, SECRET);
  g_autofree char *pem = g_strdup_printf ("%s/" DEVICE "-answer.pem", herald_test_pki_get_dir (pki));
  g_autoptr(HeraldBrokerProfile) by_password = herald_broker_profile_new ("Password", plain);
  g_autoptr(HeraldBrokerProfile) by_certificate = herald_broker_profile_new ("Certificate", tls);
  g_autoptr(GError) error = NULL;
  HeraldConnection *one, *two;
  Probe *publisher;

  g_object_set (by_password, "username", USER, NULL);
  herald_broker_profile_add_subscription (by_password, "test/" USER "/#", 1);
  one = herald_workspace_add_broker (workspace, by_password);
  store_secret (store, HERALD_SECRET_BROKER_PASSWORD, herald_broker_profile_get_id (by_password), "a wrong one");

  /* A wrong password: the broker's refusal, the connection's error. */
  g_assert_true (open_connection (workspace, one, &error));
  WAIT_UNTIL (state_of (one) == HERALD_MQTT_STATE_FAILED, 10);
  g_assert_error ((GError *) herald_mqtt_session_get_last_error (herald_connection_get_session (one)),
                  HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED);

  store_secret (store, HERALD_SECRET_BROKER_PASSWORD, herald_broker_profile_get_id (by_password), "mosquitto-password");
  g_assert_true (open_connection (workspace, one, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (state_of (one) == HERALD_MQTT_STATE_CONNECTED, 10);

  /* The certificate's key password is not there yet: the key store does
   * not open, and that is the connection's problem. */
  g_object_set (by_certificate, "certificate-file", pem, "trust", HERALD_MQTT_TRUST_CA_FILE,
                "ca-file", herald_test_pki_get_ca_file (pki), NULL);
  herald_broker_profile_add_subscription (by_certificate, "test/" DEVICE "/#", 0);
  two = herald_workspace_add_broker (workspace, by_certificate);
  g_assert_false (open_connection (workspace, two, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (error);
  g_assert_cmpstr (herald_connection_get_problem (two), ==, error->message);
  g_clear_error (&error);

  store_secret (store, HERALD_SECRET_BROKER_KEY, herald_broker_profile_get_id (by_certificate), SECRET);
  g_assert_true (open_connection (workspace, two, &error));
  g_assert_no_error (error);
  g_assert_null (herald_connection_get_problem (two));
  WAIT_UNTIL (state_of (two) == HERALD_MQTT_STATE_CONNECTED || state_of (two) == HERALD_MQTT_STATE_FAILED, 10);
  g_assert_no_error ((GError *) herald_mqtt_session_get_last_error (herald_connection_get_session (two)));
  g_assert_cmpint (state_of (two), ==, HERALD_MQTT_STATE_CONNECTED);

  /* Each receives what is sent to its topics, in its own History. */
  publisher = probe_new_for (plain, "herald-publisher", NULL, NULL);
  g_object_set (publisher->session, "username", USER, "password", "mosquitto-password", NULL);
  connect_and_wait (publisher);
  spin (300);
  publish (publisher, "test/" USER "/kitchen", "21.5", 1);
  WAIT_UNTIL (history_has (one, "test/" USER "/kitchen"), 10);
  g_assert_false (history_has (two, "test/" USER "/kitchen"));
  probe_free (publisher);
}

/* A subscription the broker refuses leaves the profile: it would be asked
 * for at every connect, and listed as if it held. One the broker takes
 * stays (a broker that refuses every subscription, and a second
 * connection whose subscription is made once the refusal is known). */
static void
test_refused_subscription (void)
{
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 30, .deny_subscriptions = TRUE };
  g_autoptr(HeraldTestBroker) denying = herald_test_broker_new (&options);
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "herald", "profiles.ini", NULL);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (path, FALSE);
  g_autoptr(HeraldWorkspace) workspace = new_workspace (settings, store);
  g_autoptr(HeraldBrokerProfile) profile = NULL;
  g_autoptr(HeraldBrokerProfile) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *pem = NULL;
  HeraldConnection *connection, *other;

  herald_test_broker_start (denying, &error);
  g_assert_no_error (error);
  uri = herald_test_broker_get_uri (denying);
  answer = herald_test_pki_issue_answer (herald_test_broker_get_pki (denying), DEVICE, SECRET);
  pem = g_strdup_printf ("%s/" DEVICE "-answer.pem", herald_test_pki_get_dir (herald_test_broker_get_pki (denying)));

  profile = herald_broker_profile_new ("Denying", uri);
  g_object_set (profile, "certificate-file", pem, "trust", HERALD_MQTT_TRUST_CA_FILE,
                "ca-file", herald_test_pki_get_ca_file (herald_test_broker_get_pki (denying)), NULL);
  herald_broker_profile_add_subscription (profile, "commands/" DEVICE, 1);
  connection = herald_workspace_add_broker (workspace, profile);
  store_secret (store, HERALD_SECRET_BROKER_KEY, herald_broker_profile_get_id (profile), SECRET);

  /* The other connection's subscription is not this one's business. */
  kept = herald_broker_profile_new ("Kept", "tcp://localhost:1");
  herald_broker_profile_add_subscription (kept, "commands/" DEVICE, 1);
  other = herald_workspace_add_broker (workspace, kept);
  g_assert_nonnull (other);

  g_assert_true (open_connection (workspace, connection, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (herald_broker_profile_get_n_subscriptions (profile) == 0, 10);
  g_assert_cmpint (state_of (connection), ==, HERALD_MQTT_STATE_CONNECTED);
  g_assert_error ((GError *) herald_mqtt_session_get_last_error (herald_connection_get_session (connection)),
                  HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED);
  g_assert_cmpuint (herald_broker_profile_get_n_subscriptions (kept), ==, 1);

  /* Asked for again while connected: refused again, and gone again. */
  g_assert_true (herald_connection_subscribe (connection, "commands/" DEVICE, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (herald_broker_profile_get_n_subscriptions (profile), ==, 1);
  WAIT_UNTIL (herald_broker_profile_get_n_subscriptions (profile) == 0, 10);
  herald_mqtt_session_disconnect (herald_connection_get_session (connection));
}

/* Saved payloads exported on their own, imported into another profile:
 * the same, with their MQTT 5 properties; one of the same name replaced,
 * a connections file's payloads taken too, and a file that is not one
 * refused whole. */
static void
test_payloads_file (void)
{
  g_autoptr(HeraldBrokerProfile) profile = full_profile ();
  g_autoptr(HeraldBrokerProfile) other = herald_broker_profile_new ("Other", "tcp://other");
  g_autoptr(HeraldBrokerProfile) third = herald_broker_profile_new ("Third", "tcp://third");
  g_autoptr(GListModel) list = list_of (profile);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = herald_broker_profile_payloads_to_data (profile, NULL);
  g_autofree char *connections = herald_broker_profile_list_to_data (list, NULL);
  static const struct {
    const char *data;
    const char *says;
  } hostile[] = {
    { "", "not a list of saved payloads" },
    { "{\"format\": \"something\"}", "Export Saved Payloads" },
    { "{\"format\": \"herald-saved-payloads\", \"version\": 2, \"savedPayloads\": []}", "newer Herald" },
    { "{\"format\": \"herald-saved-payloads\", \"savedPayloads\": [{\"name\": \"ok\"}, {\"name\": \"\"}]}",
      "The saved payloads file: a saved payload needs a name" },
    { "{\"format\": \"herald-saved-payloads\", \"savedPayloads\": [{\"name\": \"x\", \"userProperties\": \"=v\"}]}",
      "The saved payloads file: the saved payload “x”" },
  };

  g_assert_null (strstr (data, "\"uri\""));
  g_assert_cmpint (herald_broker_profile_import_payloads (other, data, -1, &error), ==, 2);
  g_assert_no_error (error);
  assert_same_payloads (profile, other);

  /* Again: the same names are replaced, none added. */
  herald_broker_profile_save_payload (other, "Mine", "a/b", 0, FALSE, HERALD_PAYLOAD_FORMAT_TEXT, "x");
  g_assert_cmpint (herald_broker_profile_import_payloads (other, data, -1, &error), ==, 2);
  g_assert_cmpuint (herald_broker_profile_get_n_payloads (other), ==, 3);

  g_assert_cmpint (herald_broker_profile_import_payloads (third, connections, -1, &error), ==, 2);
  g_assert_no_error (error);
  assert_same_payloads (profile, third);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_clear_error (&error);
      g_assert_cmpint (herald_broker_profile_import_payloads (other, hostile[i].data, -1, &error), ==, -1);
      g_test_message ("%s → %s", hostile[i].data, error->message);
      g_assert_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, hostile[i].says));
      /* Nothing of a refused file is kept ("ok" came before the bad one). */
      g_assert_cmpuint (herald_broker_profile_get_n_payloads (other), ==, 3);
    }
}

int
main (int   argc,
      char *argv[])
{
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 30, .plain_listener = TRUE,
                                      .user = USER, .password = "mosquitto-password" };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  broker = herald_test_broker_new (&options);
  herald_test_broker_start (broker, &error);
  g_assert_no_error (error);

  g_test_add_func ("/broker-profile/round-trip", test_round_trip);
  g_test_add_func ("/broker-profile/apply", test_apply);
  g_test_add_func ("/broker-profile/apply-subscriptions", test_apply_subscriptions);
  g_test_add_func ("/broker-profile/hostile", test_hostile);
  g_test_add_func ("/broker-profile/restart", test_restart);
  g_test_add_func ("/broker-profile/open", test_open);
  g_test_add_func ("/broker-profile/presentation", test_presentation);
  g_test_add_func ("/broker-profile/payloads-file", test_payloads_file);
  g_test_add_func ("/broker-profile/refused-subscription", test_refused_subscription);

  ret = g_test_run ();
  herald_test_broker_free (broker);
  return ret;
}

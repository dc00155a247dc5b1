/* test-brokers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Herald's MQTT session against two real brokers at once, each started by
 * this program on free loopback ports: mosquitto (a password user on a
 * plain listener, client certificates on a TLS one) and a private RabbitMQ
 * node with its MQTT plugin (the same, with ssl_cert_login and topic
 * permissions that keep a device to its own topics). Each case runs
 * against both; where the brokers differ, the test says how (g_test_message)
 * and checks that Herald names each refusal by its cause.
 *
 * RabbitMQ takes 8–11 s to start: one node for the whole program. Without
 * rabbitmq-server installed the program skips.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "herald-history.h"
#include "herald-topic-tree.h"
#include "herald-test-broker.h"
#include "herald-test-probe.h"
#include "herald-test-rabbitmq.h"

#define DEVICE "6b1d2c3e4f506172"
#define SECRET "device-secret-17"
#define USER "herald"
#define FLOOD 20000

typedef struct
{
  const char *name;
  char       *plain_uri;  /* tcp://, user and password */
  char       *tls_uri;    /* ssl://, client certificates */
  const char *password;
  guint16     plain_port;
  int         wrong_password;  /* the error a wrong password gives */
} Broker;

static HeraldTestBroker *mosquitto;
static HeraldTestRabbitmq *rabbitmq;
static Broker brokers[2];
static char *device_answer;   /* the service's pem answer for DEVICE */
static char *device_p12;      /* the same as PKCS#12 */
static char *other_ca;        /* a CA that signed neither broker's certificate */

static Probe *
password_probe (const Broker *broker,
                const char   *client_id,
                const char   *password)
{
  Probe *p = probe_new_for (broker->plain_uri, client_id, NULL, NULL);

  g_object_set (p->session, "username", USER, "password", password, NULL);
  return p;
}

static HeraldKeystore *
device_keystore (gboolean pkcs12)
{
  g_autoptr(GError) error = NULL;
  HeraldKeystore *ks;

  if (pkcs12)
    {
      g_autofree char *der = NULL;
      g_autofree char *b64 = NULL;
      gsize length;

      g_file_get_contents (device_p12, &der, &length, &error);
      g_assert_no_error (error);
      b64 = g_base64_encode ((const guchar *) der, length);
      ks = herald_keystore_new_from_answer (NULL, b64, SECRET, &error);
    }
  else
    ks = herald_keystore_new_from_answer (device_answer, NULL, SECRET, &error);
  g_assert_no_error (error);
  return ks;
}

/* Connects, fails with an error, and returns it. */
static const GError *
connect_fails (Probe *p)
{
  herald_mqtt_session_connect (p->session);
  WAIT_UNTIL (p->errors->len > 0 || p->n_connected > 0, 20);
  g_assert_cmpuint (p->n_connected, ==, 0);
  return last_error (p);
}

static void
test_password (gconstpointer data)
{
  const Broker *broker = data;
  Probe *good = password_probe (broker, "herald-password", broker->password);
  Probe *bad = password_probe (broker, "herald-wrong-password", "not the password");
  const GError *error;

  connect_and_wait (good);
  subscribe_and_wait (good, "test/" USER "/#", 1);
  publish (good, "test/" USER "/hello", "over a password", 1);
  WAIT_UNTIL (has_payload (good, "test/" USER "/hello", "over a password"), 10);

  /* A wrong password, named by the broker's cause: RabbitMQ answers
   * CONNACK 4 (bad user name or password), mosquitto 2.0 5 (not
   * authorized); Herald's message names the user name and password
   * either way. */
  error = connect_fails (bad);
  g_test_message ("%s, wrong password: %s (code %d)", broker->name, error->message, error->code);
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, broker->wrong_password);
  g_assert_nonnull (strstr (error->message, "password"));

  herald_mqtt_session_disconnect (good->session);
  herald_mqtt_session_disconnect (bad->session);
  probe_free (good);
  probe_free (bad);
}

static void
test_client_certificate (gconstpointer data)
{
  const Broker *broker = data;
  const char *ca = herald_test_pki_get_ca_file (herald_test_broker_get_pki (mosquitto));

  /* The service's answer (an encrypted PEM key) and a PKCS#12 key store. */
  for (guint pkcs12 = 0; pkcs12 <= 1; pkcs12++)
    {
      g_autoptr(HeraldKeystore) ks = device_keystore (pkcs12);
      g_autofree char *client_id = g_strdup_printf (DEVICE "-%s", pkcs12 ? "p12" : "pem");
      g_autofree char *text = g_strdup_printf ("from a %s key store", pkcs12 ? "PKCS#12" : "PEM");
      Probe *p = probe_new_for (broker->tls_uri, client_id, ks, ca);

      connect_and_wait (p);
      subscribe_and_wait (p, "test/" DEVICE "/#", 1);
      publish (p, "test/" DEVICE "/hello", text, 1);
      WAIT_UNTIL (has_payload (p, "test/" DEVICE "/hello", text), 10);
      herald_mqtt_session_disconnect (p->session);
      probe_free (p);
    }
}

static void
test_unknown_ca (gconstpointer data)
{
  const Broker *broker = data;
  g_autoptr(HeraldKeystore) ks = device_keystore (FALSE);
  Probe *p = probe_new_for (broker->tls_uri, DEVICE "-other-ca", ks, other_ca);
  const GError *error = connect_fails (p);

  g_test_message ("%s, unknown CA: %s", broker->name, error->message);
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TLS_UNKNOWN_CA);
  herald_mqtt_session_disconnect (p->session);
  probe_free (p);
}

/* herald-will-client (see test-mqtt-session) killed with SIGKILL: the
 * broker publishes its will. */
static void
test_last_will (gconstpointer data)
{
  const Broker *broker = data;
  const guint keep_alive = 4;
  g_autoptr(HeraldKeystore) ks = device_keystore (FALSE);
  Probe *watcher = probe_new_for (broker->tls_uri, DEVICE "-watcher", ks,
                                  herald_test_pki_get_ca_file (herald_test_broker_get_pki (mosquitto)));
  g_autofree char *answer = g_strdup_printf ("%s/" DEVICE "-answer.pem",
                                             herald_test_pki_get_dir (herald_test_broker_get_pki (mosquitto)));
  gint64 killed;
  double seconds;
  GPid pid;

  connect_and_wait (watcher);
  subscribe_and_wait (watcher, "test/" DEVICE "/#", 1);
  pid = probe_start_will_client (broker->tls_uri, herald_test_pki_get_ca_file (herald_test_broker_get_pki (mosquitto)),
                                 answer, SECRET, DEVICE "-will", "test/" DEVICE "/status", "offline",
                                 keep_alive, NULL);

  killed = g_get_monotonic_time ();
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  WAIT_UNTIL (has_payload (watcher, "test/" DEVICE "/status", "offline"), 2 * keep_alive);
  seconds = (g_get_monotonic_time () - killed) / (double) G_USEC_PER_SEC;
  g_test_message ("%s: last will after %.3f s (keep-alive %u s)", broker->name, seconds, keep_alive);
  g_assert_cmpfloat (seconds, <=, 1.5 * keep_alive);

  herald_mqtt_session_disconnect (watcher->session);
  probe_free (watcher);
}

/* A retained message reaches a subscriber that comes later, marked as
 * retained; an empty retained message clears it. */
static void
test_retained (gconstpointer data)
{
  const Broker *broker = data;
  g_autofree char *topic = g_strdup_printf ("test/" USER "/retained-%s", broker->name);
  g_autoptr(GBytes) state = g_bytes_new_static ("on", 2);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  Probe *publisher = password_probe (broker, "herald-retain", broker->password);
  Probe *late = password_probe (broker, "herald-late", broker->password);
  Probe *later = password_probe (broker, "herald-later", broker->password);
  HeraldMessage *m;

  connect_and_wait (publisher);
  herald_mqtt_session_publish (publisher->session, topic, state, 1, TRUE, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (publisher->n_published > 0, 10);

  connect_and_wait (late);
  subscribe_and_wait (late, topic, 1);
  WAIT_UNTIL (late->messages->len > 0, 10);
  m = late->messages->pdata[0];
  g_assert_true (herald_message_get_retained (m));
  g_assert_cmpmem (g_bytes_get_data (herald_message_get_payload (m), NULL), 2, "on", 2);

  herald_mqtt_session_publish (publisher->session, topic, empty, 1, TRUE, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (publisher->n_published > 1, 10);
  connect_and_wait (later);
  subscribe_and_wait (later, topic, 1);
  spin (1000);
  g_test_message ("%s: after an empty retained message, a new subscriber got %u message(s)",
                  broker->name, later->messages->len);
  g_assert_cmpuint (later->messages->len, ==, 0);

  for (Probe **p = (Probe *[]) { publisher, late, later, NULL }; *p != NULL; p++)
    {
      herald_mqtt_session_disconnect ((*p)->session);
      probe_free (*p);
    }
}

/* A device outside its own topics. RabbitMQ refuses the subscription
 * (SUBACK 0x80) and then closes the connection; mosquitto grants it and
 * delivers nothing. At a publish both close the connection (mosquitto
 * after its PUBACK): Herald names the message that preceded the loss. */
static void
test_not_permitted (gconstpointer data)
{
  const Broker *broker = data;
  gboolean rabbit = g_str_equal (broker->name, "rabbitmq");
  g_autoptr(HeraldKeystore) ks = device_keystore (FALSE);
  Probe *p = probe_new_for (broker->tls_uri, DEVICE "-outside", ks,
                            herald_test_pki_get_ca_file (herald_test_broker_get_pki (mosquitto)));
  g_autoptr(GError) error = NULL;
  guint lost;

  connect_and_wait (p);
  lost = p->n_lost;
  herald_mqtt_session_subscribe (p->session, "commands/someone-else", 1, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (p->n_subscribed > 0 || p->errors->len > 0, 10);
  g_test_message ("%s, subscription outside: %s", broker->name,
                  p->errors->len > 0 ? last_error (p)->message : "granted");
  if (rabbit)
    g_assert_error (last_error (p), HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED);
  else
    g_assert_cmpuint (p->errors->len, ==, 0);
  /* Back before the next step: RabbitMQ closes the connection, and the
   * state may still say connected before the loss is seen. */
  if (rabbit)
    WAIT_UNTIL (p->n_lost > lost, 10);
  WAIT_UNTIL (herald_mqtt_session_get_state (p->session) == HERALD_MQTT_STATE_CONNECTED, 10);
  spin (600);

  lost = p->n_lost;
  publish (p, "test/someone-else/x", "not mine", 1);
  WAIT_UNTIL (p->n_lost > lost, 10);
  g_test_message ("%s, publish outside: %s", broker->name, p->last_loss);
  g_assert_nonnull (strstr (p->last_loss, "right after a message to “test/someone-else/x”"));

  herald_mqtt_session_disconnect (p->session);
  probe_free (p);
}

/* Clear Retained on a subtree of 100 topics: the tree of a subscriber to
 * the subtree learns which are retained, the session clears them, and a
 * fresh mosquitto_sub to the subtree (-W 2) prints nothing. RabbitMQ 3.10
 * delivers a retained message only to a subscription to its exact topic,
 * not to a wildcard: there the tree learns them topic by topic. */
static void
test_clear_retained (gconstpointer data)
{
  const Broker *broker = data;
  gboolean rabbit = g_str_equal (broker->name, "rabbitmq");
  g_autofree char *root = g_strdup_printf ("test/" USER "/root-%s", broker->name);
  g_autofree char *filter = g_strdup_printf ("%s/#", root);
  g_autofree char *port = g_strdup_printf ("%u", broker->plain_port);
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autoptr(GBytes) on = g_bytes_new_static ("on", 2);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) retained = NULL;
  g_autofree char *out = NULL;
  Probe *publisher = password_probe (broker, "herald-retainer", broker->password);
  Probe *watcher = password_probe (broker, "herald-tree", broker->password);
  const char *argv[] = { "mosquitto_sub", "-p", port, "-u", USER, "-P", broker->password,
                         "-t", filter, "-W", "2", "-v", NULL };
  int status = 0;

  connect_and_wait (publisher);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *topic = g_strdup_printf ("%s/%u/state", root, i);

      herald_mqtt_session_publish (publisher->session, topic, on, 1, TRUE, &error);
      g_assert_no_error (error);
    }
  WAIT_UNTIL (publisher->n_published >= 100, 20);

  g_signal_connect_swapped (watcher->session, "messages-received",
                            G_CALLBACK (herald_topic_tree_add_messages), tree);
  connect_and_wait (watcher);
  subscribe_and_wait (watcher, filter, 1);
  spin (1000);
  g_test_message ("%s: a subscription to %s got %u retained messages", broker->name, filter,
                  herald_topic_tree_get_n_topics (tree));
  g_assert_cmpuint (herald_topic_tree_get_n_topics (tree), ==, rabbit ? 0 : 100);
  if (rabbit)
    for (guint i = 0; i < 100; i++)
      {
        g_autofree char *topic = g_strdup_printf ("%s/%u/state", root, i);

        subscribe_and_wait (watcher, topic, 1);
      }
  WAIT_UNTIL (herald_topic_tree_get_n_topics (tree) >= 100, 20);

  retained = herald_topic_tree_dup_retained_topics (tree, herald_topic_tree_lookup (tree, root));
  g_assert_cmpuint (g_strv_length (retained), ==, 100);
  g_assert_cmpuint (herald_mqtt_session_clear_retained (publisher->session, (const char * const *) retained, &error), ==, 100);
  g_assert_no_error (error);
  WAIT_UNTIL (publisher->n_published >= 200, 20);

  if (rabbit)
    {
      /* mosquitto_sub to a wildcard sees none of RabbitMQ's retained
       * messages anyway: ask for each topic instead. */
      Probe *late = password_probe (broker, "herald-late-tree", broker->password);

      connect_and_wait (late);
      for (guint i = 0; i < 100; i++)
        {
          g_autofree char *topic = g_strdup_printf ("%s/%u/state", root, i);

          subscribe_and_wait (late, topic, 1);
        }
      spin (1000);
      g_assert_cmpuint (late->messages->len, ==, 0);
      herald_mqtt_session_disconnect (late->session);
      probe_free (late);
    }
  else
    {
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, "");
    }

  herald_mqtt_session_disconnect (publisher->session);
  herald_mqtt_session_disconnect (watcher->session);
  probe_free (publisher);
  probe_free (watcher);
}

static GPid
flood (const Broker *broker,
       const char   *topic,
       const char   *file)
{
  g_autofree char *port = g_strdup_printf ("%u", broker->plain_port);
  const char *argv[] = { "sh", "-c", "exec mosquitto_pub -l -q 0 -p \"$0\" -u \"$1\" -P \"$2\" -t \"$3\" < \"$4\"",
                         port, USER, broker->password, topic, file, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

/* Two connections, one to each broker, each with its own History, each
 * flooded at the same time: each History holds its own flood, all of it,
 * and none of the other's. */
static void
test_two_at_once (void)
{
  Probe *probes[2];
  HeraldHistory *histories[2];
  GPid floods[2];
  g_autofree char *file = g_build_filename (herald_test_broker_get_dir (mosquitto), "flood.txt", NULL);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < FLOOD; i++)
    g_string_append_printf (lines, "{\"n\":%u}\n", i);
  g_file_set_contents (file, lines->str, lines->len, &error);
  g_assert_no_error (error);

  for (guint b = 0; b < 2; b++)
    {
      g_autofree char *topic = g_strdup_printf ("test/" USER "/flood-%s", brokers[b].name);

      probes[b] = password_probe (&brokers[b], "herald-flood", brokers[b].password);
      histories[b] = herald_history_new ();
      g_signal_connect_swapped (probes[b]->session, "messages-received",
                                G_CALLBACK (herald_history_append_messages), histories[b]);
      connect_and_wait (probes[b]);
      subscribe_and_wait (probes[b], topic, 0);
    }
  for (guint b = 0; b < 2; b++)
    {
      g_autofree char *topic = g_strdup_printf ("test/" USER "/flood-%s", brokers[b].name);

      floods[b] = flood (&brokers[b], topic, file);
    }
  for (guint b = 0; b < 2; b++)
    {
      gboolean ended = FALSE;
      int status;

      /* Not waitpid() in the condition: WAIT_UNTIL checks it once more. */
      WAIT_UNTIL ((ended = ended || waitpid (floods[b], &status, WNOHANG) == floods[b]), 120);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  WAIT_UNTIL (herald_history_get_n_total (histories[0]) >= FLOOD &&
              herald_history_get_n_total (histories[1]) >= FLOOD, 60);
  spin (500);

  for (guint b = 0; b < 2; b++)
    {
      g_autofree char *topic = g_strdup_printf ("test/" USER "/flood-%s", brokers[b].name);
      GListModel *model = G_LIST_MODEL (histories[b]);

      g_test_message ("%s: %u messages in its History", brokers[b].name, g_list_model_get_n_items (model));
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, FLOOD);
      for (guint i = 0; i < FLOOD; i++)
        {
          g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (model, i);

          g_assert_cmpstr (herald_history_item_get_topic (item), ==, topic);
        }
      herald_mqtt_session_disconnect (probes[b]->session);
      probe_free (probes[b]);
      g_object_unref (histories[b]);
    }
}

/* RabbitMQ 3.10's MQTT plugin speaks MQTT 3.1.1 only: it closes the
 * connection at an MQTT 5 CONNECT without a CONNACK, over TCP and over TLS.
 * Herald names the likely cause and the way out. */
static void
test_rabbitmq_mqtt5 (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (FALSE);
  Probe *probes[] = {
    password_probe (&brokers[1], "herald-v5", brokers[1].password),
    probe_new_for (brokers[1].tls_uri, DEVICE "-v5", ks,
                   herald_test_pki_get_ca_file (herald_test_broker_get_pki (mosquitto))),
  };

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      const GError *error;

      g_object_set (probes[i]->session, "mqtt-version", HERALD_MQTT_VERSION_5, NULL);
      error = connect_fails (probes[i]);
      g_test_message ("rabbitmq, MQTT 5 over %s: %s (code %d)", i == 0 ? "TCP" : "TLS", error->message, error->code);
      g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_PROTOCOL);
      g_assert_nonnull (strstr (error->message, "MQTT 3.1.1"));
      herald_mqtt_session_disconnect (probes[i]->session);
      probe_free (probes[i]);
    }
}

int
main (int argc, char *argv[])
{
  HeraldTestBrokerOptions options = {
    .server_start_days = -1, .server_end_days = 365,
    .plain_listener = TRUE, .user = USER, .password = "mosquitto-password",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *other_dir = NULL;
  HeraldTestPki *pki;
  HeraldTestPki *other;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!herald_test_rabbitmq_available ())
    {
      g_test_skip ("rabbitmq-server is not installed (build-aux/packages.txt)");
      return g_test_run ();
    }

  mosquitto = herald_test_broker_new (&options);
  herald_test_broker_start (mosquitto, &error);
  g_assert_no_error (error);
  pki = herald_test_broker_get_pki (mosquitto);
  device_answer = herald_test_pki_issue_answer (pki, DEVICE, SECRET);
  pem = g_strdup_printf ("%s/" DEVICE "-answer.pem", herald_test_pki_get_dir (pki));
  device_p12 = herald_test_pki_path (pki, DEVICE ".p12");
  herald_test_run_openssl (&error, "pkcs12", "-export", "-in", pem, "-inkey", pem, "-out", device_p12,
                           "-passin", "pass:" SECRET, "-passout", "pass:" SECRET, NULL);
  g_assert_no_error (error);

  other_dir = g_build_filename (herald_test_broker_get_dir (mosquitto), "other-ca", NULL);
  g_mkdir_with_parents (other_dir, 0700);
  other = herald_test_pki_new (other_dir, "Another Test CA");
  other_ca = g_strdup (herald_test_pki_get_ca_file (other));
  herald_test_pki_free (other);

  rabbitmq = herald_test_rabbitmq_new (pki);
  herald_test_rabbitmq_add_user (rabbitmq, USER, "rabbitmq-password", NULL);
  herald_test_rabbitmq_add_user (rabbitmq, DEVICE, NULL, DEVICE);
  herald_test_rabbitmq_start (rabbitmq, &error);
  g_assert_no_error (error);

  brokers[0] = (Broker) { "mosquitto",
                          g_strdup_printf ("tcp://localhost:%u", herald_test_broker_get_plain_port (mosquitto)),
                          herald_test_broker_get_uri (mosquitto), "mosquitto-password",
                          herald_test_broker_get_plain_port (mosquitto),
                          HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED };
  brokers[1] = (Broker) { "rabbitmq",
                          g_strdup_printf ("tcp://localhost:%u", herald_test_rabbitmq_get_port (rabbitmq)),
                          g_strdup_printf ("ssl://localhost:%u", herald_test_rabbitmq_get_tls_port (rabbitmq)),
                          "rabbitmq-password", herald_test_rabbitmq_get_port (rabbitmq),
                          HERALD_MQTT_SESSION_ERROR_REFUSED_CREDENTIALS };

  for (guint b = 0; b < G_N_ELEMENTS (brokers); b++)
    {
      static const struct { const char *name; GTestDataFunc func; } cases[] = {
        { "password", test_password },
        { "client-certificate", test_client_certificate },
        { "unknown-ca", test_unknown_ca },
        { "last-will", test_last_will },
        { "retained", test_retained },
        { "not-permitted", test_not_permitted },
        { "clear-retained", test_clear_retained },
      };

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_autofree char *path = g_strdup_printf ("/brokers/%s/%s", brokers[b].name, cases[c].name);

          g_test_add_data_func (path, &brokers[b], cases[c].func);
        }
    }
  g_test_add_func ("/brokers/two-at-once", test_two_at_once);
  g_test_add_func ("/brokers/rabbitmq/mqtt5-refused", test_rabbitmq_mqtt5);

  ret = g_test_run ();

  g_clear_pointer (&rabbitmq, herald_test_rabbitmq_free);
  g_clear_pointer (&mosquitto, herald_test_broker_free);
  for (guint b = 0; b < G_N_ELEMENTS (brokers); b++)
    {
      g_free (brokers[b].plain_uri);
      g_free (brokers[b].tls_uri);
    }
  g_free (device_answer);
  g_free (device_p12);
  g_free (other_ca);
  return ret;
}

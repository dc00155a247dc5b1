/* test-mqtt-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldMqttSession against a real mosquitto (TLS, required client
 * certificates, the CN as user name, an ACL) started by the test.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "herald-history.h"
#include "herald-keystore.h"
#include "herald-mqtt-session.h"
#include "herald-test-broker.h"
#include "herald-test-probe.h"

#define SECRET "device-secret-42"



#define DEVICE "0a1b2c3d4e5f6071"

static HeraldTestBroker *broker;
static char *device_pem;         /* the pem answer for DEVICE */
static char *device_ks;          /* the seed's client.ks */
static char *device_legacy_ks;   /* openssl pkcs12 -export -legacy */
static HeraldKeystore *admin_ks;

/* Never an unencrypted key on disk --------------------------------------- */

static guint n_key_files_seen;

static void
check_runtime_dir (void)
{
  g_autofree char *parent = g_build_filename (g_get_user_runtime_dir (), "herald", NULL);
  GDir *d = g_dir_open (parent, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (parent, name, NULL);
      GDir *kd = g_dir_open (dir, 0, NULL);
      const char *file;
      struct stat st;

      if (kd == NULL)
        continue;   /* removed meanwhile */
      if (g_stat (dir, &st) == 0)
        g_assert_cmpint (st.st_mode & 0777, ==, 0700);

      while ((file = g_dir_read_name (kd)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, file, NULL);
          g_autofree char *text = NULL;

          if (!g_file_get_contents (path, &text, NULL, NULL))
            continue;
          if (g_stat (path, &st) == 0)
            g_assert_cmpint (st.st_mode & 0777, ==, 0600);
          g_assert_null (strstr (text, "-----BEGIN PRIVATE KEY-----"));
          g_assert_null (strstr (text, "-----BEGIN RSA PRIVATE KEY-----"));
          g_assert_null (strstr (text, "-----BEGIN EC PRIVATE KEY-----"));
          if (strstr (text, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL)
            n_key_files_seen++;
        }
      g_dir_close (kd);
    }
  g_dir_close (d);
}

static gboolean
poll_runtime_dir (gpointer data)
{
  check_runtime_dir ();
  return G_SOURCE_CONTINUE;
}

static guint
count_key_dirs (void)
{
  g_autofree char *parent = g_build_filename (g_get_user_runtime_dir (), "herald", NULL);
  GDir *d = g_dir_open (parent, 0, NULL);
  guint n = 0;

  if (d == NULL)
    return 0;
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);

  return n;
}

/* A session as the device of the test broker, trusting its CA. */
static Probe *
probe_new (HeraldKeystore *ks, const char *client_id)
{
  g_autofree char *uri = herald_test_broker_get_uri (broker);

  return probe_new_for (uri, client_id, ks, herald_test_pki_get_ca_file (herald_test_broker_get_pki (broker)));
}

/* Key stores ------------------------------------------------------------- */

typedef enum { KS_ANSWER_PEM, KS_ANSWER_P12, KS_CLIENT_KS, KS_LEGACY_KS, KS_PEM_SAVED, N_KS } KsKind;

static HeraldKeystore *
device_keystore (KsKind kind)
{
  g_autoptr(GError) error = NULL;
  HeraldKeystore *ks = NULL;

  switch (kind)
    {
    case KS_ANSWER_PEM:
      ks = herald_keystore_new_from_answer (device_pem, NULL, SECRET, &error);
      break;
    case KS_ANSWER_P12:
      {
        g_autofree char *der = NULL, *b64 = NULL;
        gsize len;

        g_file_get_contents (device_ks, &der, &len, &error);
        g_assert_no_error (error);
        b64 = g_base64_encode ((guchar *) der, len);
        ks = herald_keystore_new_from_answer (NULL, b64, SECRET, &error);
      }
      break;
    case KS_CLIENT_KS:
    case KS_LEGACY_KS:
      {
        g_autoptr(GFile) f = g_file_new_for_path (kind == KS_CLIENT_KS ? device_ks : device_legacy_ks);

        ks = herald_keystore_load_file (f, SECRET, NULL, &error);
      }
      break;
    case KS_PEM_SAVED:
      {
        g_autoptr(HeraldKeystore) tmp = herald_keystore_new_from_answer (device_pem, NULL, SECRET, &error);
        g_autofree char *path = g_build_filename (herald_test_broker_get_dir (broker), "saved.pem", NULL);
        g_autoptr(GFile) f = g_file_new_for_path (path);

        g_assert_no_error (error);
        herald_keystore_save (tmp, f, HERALD_KEYSTORE_FORMAT_PEM, "other password", NULL, &error);
        g_assert_no_error (error);
        ks = herald_keystore_load_file (f, "other password", NULL, &error);
      }
      break;
    case N_KS:
    default:
      g_assert_not_reached ();
    }

  g_assert_no_error (error);
  g_assert_nonnull (ks);

  return ks;
}

/* Tests ----------------------------------------------------------------- */

static void
test_each_keystore_format (void)
{
  Probe *admin = probe_new (admin_ks, "admin-each");
  guint poller = g_timeout_add (5, poll_runtime_dir, NULL);

  connect_and_wait (admin);
  subscribe_and_wait (admin, "measures/#", 1);

  for (KsKind kind = 0; kind < N_KS; kind++)
    {
      g_autoptr(HeraldKeystore) ks = device_keystore (kind);
      Probe *dev = probe_new (ks, DEVICE);
      g_autofree char *command = g_strdup_printf ("{\"command\":{\"format\":%d}}", kind);
      g_autofree char *measure = g_strdup_printf ("{\"measures\":[[%d]]}", kind);
      const char *dir;
      struct stat st;

      g_test_message ("key store kind %d", kind);
      connect_and_wait (dev);
      g_assert_false (herald_mqtt_session_get_insecure (dev->session));

      /* The key files exist while connected: a 0700 dir named after us. */
      dir = herald_mqtt_session_get_key_dir (dev->session);
      g_assert_nonnull (dir);
      {
        g_autofree char *base = g_path_get_basename (dir);
        g_autofree char *prefix = g_strdup_printf ("keys-%d-", (int) getpid ());

        g_assert_true (g_str_has_prefix (base, prefix));
      }
      g_assert_cmpint (g_stat (dir, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0700);
      check_runtime_dir ();

      subscribe_and_wait (dev, "commands/" DEVICE, 1);
      publish (admin, "commands/" DEVICE, command, 1);
      WAIT_UNTIL (has_payload (dev, "commands/" DEVICE, command), 10);

      publish (dev, "measures/" DEVICE, measure, 1);
      WAIT_UNTIL (dev->n_published > 0, 10);
      WAIT_UNTIL (has_payload (admin, "measures/" DEVICE, measure), 10);

      {
        g_autofree char *key_dir = g_strdup (dir);

        herald_mqtt_session_disconnect (dev->session);
        g_assert_cmpint (herald_mqtt_session_get_state (dev->session), ==, HERALD_MQTT_STATE_DISCONNECTED);
        g_assert_false (g_file_test (key_dir, G_FILE_TEST_EXISTS));
      }
      spin (50);
      probe_free (dev);
    }

  herald_mqtt_session_disconnect (admin->session);
  g_source_remove (poller);
  g_assert_cmpuint (n_key_files_seen, >, 0);
  g_assert_cmpuint (count_key_dirs (), ==, 0);
  probe_free (admin);
}

static void
test_mqtt5_properties (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE "-v5");
  g_autofree char *port = g_strdup_printf ("%u", herald_test_broker_get_port (broker));
  g_autofree char *cert = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.crt");
  g_autofree char *key = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.key");
  const char *argv[] = { "mosquitto_pub", "-h", "localhost", "-p", port,
                         "--cafile", herald_test_pki_get_ca_file (herald_test_broker_get_pki (broker)),
                         "--cert", cert, "--key", key, "-V", "5", "-q", "1",
                         "-t", "commands/" DEVICE, "-m", "with properties",
                         "-D", "publish", "user-property", "colour", "blue",
                         "-D", "publish", "content-type", "application/json", NULL };
  g_autoptr(GError) error = NULL;
  HeraldMessage *m;
  GVariant *props;
  const char *ct = NULL;
  g_autoptr(GVariant) user = NULL;
  int status = 0;

  g_object_set (dev->session, "mqtt-version", HERALD_MQTT_VERSION_5, NULL);
  connect_and_wait (dev);
  subscribe_and_wait (dev, "commands/" DEVICE, 1);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  WAIT_UNTIL (dev->messages->len > 0, 10);
  m = dev->messages->pdata[0];
  g_assert_cmpuint (herald_message_get_qos (m), ==, 1);
  props = herald_message_get_properties (m);
  g_assert_nonnull (props);
  {
    g_autofree char *text = g_variant_print (props, TRUE);

    g_test_message ("properties: %s", text);
  }
  g_assert_true (g_variant_lookup (props, "content-type", "&s", &ct));
  g_assert_cmpstr (ct, ==, "application/json");
  user = g_variant_lookup_value (props, "user-property", G_VARIANT_TYPE ("a(ss)"));
  g_assert_nonnull (user);
  g_assert_cmpuint (g_variant_n_children (user), ==, 1);
  {
    const char *k, *v;

    g_variant_get_child (user, 0, "(&s&s)", &k, &v);
    g_assert_cmpstr (k, ==, "colour");
    g_assert_cmpstr (v, ==, "blue");
  }

  /* MQTT 5: the ACL lets a device write only measures/<cn>; the broker
   * answers with reason code 135 (not authorized). */
  publish (dev, "commands/" DEVICE, "not allowed", 1);
  WAIT_UNTIL (dev->errors->len > 0, 10);
  g_assert_error (last_error (dev), HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED);

  herald_mqtt_session_disconnect (dev->session);
  probe_free (dev);
}

/* A publish with MQTT 5 properties, received back through mosquitto with
 * them; refused on an MQTT 3.1.1 connection and for a property a publish
 * cannot carry, with a sentence. */
static void
test_publish_properties (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE "-v5-publish");
  Probe *old = probe_new (ks, DEVICE "-v311-publish");
  g_autoptr(GBytes) payload = g_bytes_new_static ("{\"ask\": 1}", 10);
  static const guint8 correlation[] = { 0x00, 0x01, 0xfe };
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(GVariant) wrong = NULL;
  g_autoptr(GVariant) user = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder builder, pairs;
  const char *s = NULL;
  guint32 expiry = 0;
  GVariant *got;

  g_variant_builder_init (&pairs, G_VARIANT_TYPE ("a(ss)"));
  g_variant_builder_add (&pairs, "(ss)", "room", "kitchen");
  g_variant_builder_add (&pairs, "(ss)", "room", "hall");
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "content-type", g_variant_new_string ("application/json"));
  g_variant_builder_add (&builder, "{sv}", "response-topic", g_variant_new_string ("test/" DEVICE "/answers"));
  g_variant_builder_add (&builder, "{sv}", "correlation-data",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, correlation, sizeof correlation, 1));
  g_variant_builder_add (&builder, "{sv}", "user-property", g_variant_builder_end (&pairs));
  g_variant_builder_add (&builder, "{sv}", "message-expiry-interval", g_variant_new_uint32 (600));
  properties = g_variant_ref_sink (g_variant_builder_end (&builder));

  g_object_set (dev->session, "mqtt-version", HERALD_MQTT_VERSION_5, NULL);
  connect_and_wait (dev);
  subscribe_and_wait (dev, "test/" DEVICE "/#", 1);
  g_assert_true (herald_mqtt_session_publish_full (dev->session, "test/" DEVICE "/ask", payload, 1, FALSE,
                                                   properties, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (dev->messages->len > 0, 10);
  got = herald_message_get_properties (dev->messages->pdata[0]);
  g_assert_nonnull (got);
  g_assert_true (g_variant_lookup (got, "content-type", "&s", &s));
  g_assert_cmpstr (s, ==, "application/json");
  g_assert_true (g_variant_lookup (got, "response-topic", "&s", &s));
  g_assert_cmpstr (s, ==, "test/" DEVICE "/answers");
  data = g_variant_lookup_value (got, "correlation-data", G_VARIANT_TYPE_BYTESTRING);
  g_assert_nonnull (data);
  g_assert_cmpmem (g_variant_get_data (data), g_variant_get_size (data), correlation, sizeof correlation);
  user = g_variant_lookup_value (got, "user-property", G_VARIANT_TYPE ("a(ss)"));
  g_assert_nonnull (user);
  g_assert_cmpuint (g_variant_n_children (user), ==, 2);
  g_assert_true (g_variant_lookup (got, "message-expiry-interval", "u", &expiry));
  g_assert_cmpuint (expiry, >, 590);
  g_assert_cmpuint (expiry, <=, 600);

  /* A property a publish cannot carry; a response topic that is no topic. */
  wrong = g_variant_ref_sink (g_variant_new_parsed ("{'topic-alias': <uint16 3>}"));
  g_assert_false (herald_mqtt_session_publish_full (dev->session, "test/" DEVICE "/ask", payload, 0, FALSE,
                                                    wrong, &error));
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
  g_assert_nonnull (strstr (error->message, "topic-alias"));
  g_clear_error (&error);
  g_clear_pointer (&wrong, g_variant_unref);
  wrong = g_variant_ref_sink (g_variant_new_parsed ("{'response-topic': <'answers/#'>}"));
  g_assert_false (herald_mqtt_session_publish_full (dev->session, "test/" DEVICE "/ask", payload, 0, FALSE,
                                                    wrong, &error));
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
  g_clear_error (&error);

  /* As a user types them. */
  {
    g_autoptr(GVariant) typed = herald_mqtt_session_build_properties ("text/plain", "", "req-7",
                                                                      " room = kitchen ;\nfloor=2;", 0, &error);
    g_autoptr(GVariant) pairs = NULL;
    g_autoptr(GVariant) none = NULL;
    const char *k, *v;

    g_assert_no_error (error);
    g_assert_true (g_variant_lookup (typed, "content-type", "&s", &s));
    g_assert_cmpstr (s, ==, "text/plain");
    g_assert_false (g_variant_lookup (typed, "response-topic", "&s", &s));
    g_assert_false (g_variant_lookup (typed, "message-expiry-interval", "u", &expiry));
    pairs = g_variant_lookup_value (typed, "user-property", G_VARIANT_TYPE ("a(ss)"));
    g_assert_cmpuint (g_variant_n_children (pairs), ==, 2);
    g_variant_get_child (pairs, 0, "(&s&s)", &k, &v);
    g_assert_cmpstr (k, ==, "room");
    g_assert_cmpstr (v, ==, "kitchen");
    g_assert_true (herald_mqtt_session_publish_full (dev->session, "test/" DEVICE "/typed", payload, 1, FALSE,
                                                     typed, &error));
    g_assert_no_error (error);
    WAIT_UNTIL (dev->messages->len > 1, 10);

    none = herald_mqtt_session_build_properties (NULL, "", NULL, " ; ", 0, &error);
    g_assert_no_error (error);
    g_assert_null (none);
    g_assert_null (herald_mqtt_session_build_properties (NULL, NULL, NULL, "room", 0, &error));
    g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
    g_assert_nonnull (strstr (error->message, "name=value"));
    g_clear_error (&error);
  }

  /* MQTT 3.1.1 has no properties. */
  connect_and_wait (old);
  g_assert_false (herald_mqtt_session_publish_full (old->session, "test/" DEVICE "/ask", payload, 0, FALSE,
                                                    properties, &error));
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
  g_assert_nonnull (strstr (error->message, "MQTT 5"));

  herald_mqtt_session_disconnect (dev->session);
  herald_mqtt_session_disconnect (old->session);
  probe_free (dev);
  probe_free (old);
}

static void
subscribe_with (Probe                *p,
                const char           *topic,
                HeraldSubscribeFlags  flags)
{
  g_autoptr(GError) error = NULL;
  guint n = p->n_subscribed;

  g_assert_true (herald_mqtt_session_subscribe_full (p->session, topic, 1, flags, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (p->n_subscribed > n || p->errors->len > 0, 10);
  g_assert_cmpuint (p->errors->len, ==, 0);
}

/* MQTT 5's subscription options through mosquitto: no local, and retained
 * messages held back; kept across a reconnect. */
static void
test_subscribe_options (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *own = probe_new (ks, DEVICE "-no-local");
  Probe *other = probe_new (ks, DEVICE "-other");
  Probe *fresh = probe_new (ks, DEVICE "-no-retained");
  Probe *plain = probe_new (ks, DEVICE "-retained");
  g_autoptr(GBytes) retained = g_bytes_new_static ("kept", 4);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  g_object_set (own->session, "mqtt-version", HERALD_MQTT_VERSION_5, NULL);
  g_object_set (fresh->session, "mqtt-version", HERALD_MQTT_VERSION_5, NULL);
  g_object_set (plain->session, "mqtt-version", HERALD_MQTT_VERSION_5, NULL);
  connect_and_wait (own);
  connect_and_wait (other);
  subscribe_with (own, "test/" DEVICE "/opts/#", HERALD_SUBSCRIBE_NO_LOCAL);

  /* Its own message does not come back; another client's does. */
  publish (own, "test/" DEVICE "/opts/mine", "mine", 1);
  publish (other, "test/" DEVICE "/opts/theirs", "theirs", 1);
  WAIT_UNTIL (has_payload (own, "test/" DEVICE "/opts/theirs", "theirs"), 10);
  spin (300);
  g_assert_false (has_payload (own, "test/" DEVICE "/opts/mine", "mine"));

  /* Kept across a reconnect. */
  herald_mqtt_session_connect (own->session);
  WAIT_UNTIL (herald_mqtt_session_get_state (own->session) == HERALD_MQTT_STATE_CONNECTED, 10);
  spin (300);
  publish (own, "test/" DEVICE "/opts/again", "again", 1);
  publish (other, "test/" DEVICE "/opts/later", "later", 1);
  WAIT_UNTIL (has_payload (own, "test/" DEVICE "/opts/later", "later"), 10);
  spin (300);
  g_assert_false (has_payload (own, "test/" DEVICE "/opts/again", "again"));

  /* Retained messages held back (retain handling 2), or not. */
  g_assert_true (herald_mqtt_session_publish (other->session, "test/" DEVICE "/opts/state", retained, 1, TRUE, &error));
  g_assert_no_error (error);
  spin (300);
  connect_and_wait (fresh);
  connect_and_wait (plain);
  subscribe_with (fresh, "test/" DEVICE "/opts/state", HERALD_SUBSCRIBE_NO_RETAINED);
  subscribe_with (plain, "test/" DEVICE "/opts/state", HERALD_SUBSCRIBE_NONE);
  WAIT_UNTIL (has_payload (plain, "test/" DEVICE "/opts/state", "kept"), 10);
  spin (300);
  g_assert_false (has_payload (fresh, "test/" DEVICE "/opts/state", "kept"));

  /* Both retain handlings at once is no choice. */
  g_assert_false (herald_mqtt_session_subscribe_full (fresh->session, "test/x", 0,
                                                      HERALD_SUBSCRIBE_NO_RETAINED | HERALD_SUBSCRIBE_RETAINED_IF_NEW,
                                                      &error));
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
  g_clear_error (&error);

  g_assert_true (herald_mqtt_session_publish (other->session, "test/" DEVICE "/opts/state", empty, 1, TRUE, &error));
  spin (300);
  probe_free (own);
  probe_free (other);
  probe_free (fresh);
  probe_free (plain);
}

/* Binary payloads through a real mosquitto (mosquitto_pub -f), received
 * byte for byte, and shown decoded in a History row: CBOR and MessagePack
 * of {"temp": 21.5, "unit": "C"}. */
static void
test_binary_payloads (void)
{
  static const guint8 cbor[] = { 0xa2, 0x64, 't', 'e', 'm', 'p', 0xfb, 0x40, 0x35, 0x80, 0, 0, 0, 0, 0,
                                 0x64, 'u', 'n', 'i', 't', 0x61, 'C' };
  static const guint8 msgpack[] = { 0x82, 0xa4, 't', 'e', 'm', 'p', 0xcb, 0x40, 0x35, 0x80, 0, 0, 0, 0, 0,
                                    0xa4, 'u', 'n', 'i', 't', 0xa1, 'C' };
  static const struct { const guint8 *data; gsize length; const char *preview; } payloads[] = {
    { cbor, sizeof cbor, "CBOR · {\"temp\": 21.5, \"unit\": \"C\"}" },
    { msgpack, sizeof msgpack, "MessagePack · {\"temp\": 21.5, \"unit\": \"C\"}" },
  };
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE "-binary");
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autofree char *port = g_strdup_printf ("%u", herald_test_broker_get_port (broker));
  g_autofree char *cert = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.crt");
  g_autofree char *key = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.key");
  g_autofree char *file = g_build_filename (herald_test_broker_get_dir (broker), "payload.bin", NULL);

  connect_and_wait (dev);
  subscribe_and_wait (dev, "commands/" DEVICE, 1);

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      const char *argv[] = { "mosquitto_pub", "-h", "localhost", "-p", port,
                             "--cafile", herald_test_pki_get_ca_file (herald_test_broker_get_pki (broker)),
                             "--cert", cert, "--key", key, "-q", "1",
                             "-t", "commands/" DEVICE, "-f", file, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldHistoryItem) item = NULL;
      HeraldMessage *m;
      int status = 0;

      g_assert_true (g_file_set_contents (file, (const char *) payloads[i].data, payloads[i].length, &error));
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));

      WAIT_UNTIL (dev->messages->len > i, 10);
      m = dev->messages->pdata[i];
      g_assert_cmpmem (g_bytes_get_data (herald_message_get_payload (m), NULL),
                       g_bytes_get_size (herald_message_get_payload (m)),
                       payloads[i].data, payloads[i].length);

      herald_history_append_message (history, m);
      item = g_list_model_get_item (G_LIST_MODEL (history), i);
      g_assert_cmpstr (herald_history_item_get_preview (item), ==, payloads[i].preview);
    }

  herald_mqtt_session_disconnect (dev->session);
  probe_free (dev);
}

/* herald-will-client as DEVICE, its will on test/<device>/status. */
static GPid
start_will_client (const char *client_id,
                   guint       keep_alive,
                   const char *ending)
{
  g_autofree char *uri = herald_test_broker_get_uri (broker);
  g_autofree char *answer = g_strdup_printf ("%s/" DEVICE "-answer.pem",
                                             herald_test_pki_get_dir (herald_test_broker_get_pki (broker)));

  return probe_start_will_client (uri, herald_test_pki_get_ca_file (herald_test_broker_get_pki (broker)),
                                  answer, SECRET, client_id, "test/" DEVICE "/status", "{\"online\":false}",
                                  keep_alive, ending);
}

/* The last will: another subscriber gets it once the client's process is
 * killed (SIGKILL, no DISCONNECT), within 1.5 times the keep-alive, and
 * does not after a clean disconnect. */
static void
test_last_will (void)
{
  const guint keep_alive = 4;
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *watcher = probe_new (ks, DEVICE "-watcher");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  HeraldMessage *will;
  gint64 killed;
  double seconds;
  GPid pid;
  int status;

  /* A will's topic is checked as a publish's. */
  g_assert_false (herald_mqtt_session_set_will (watcher->session, "test/#", empty, 1, FALSE, &error));
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
  g_assert_null (herald_mqtt_session_get_will_topic (watcher->session));

  connect_and_wait (watcher);
  subscribe_and_wait (watcher, "test/" DEVICE "/#", 1);

  pid = start_will_client (DEVICE "-will", keep_alive, NULL);
  killed = g_get_monotonic_time ();
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  WAIT_UNTIL (watcher->messages->len > 0, 2 * keep_alive);
  seconds = (g_get_monotonic_time () - killed) / (double) G_USEC_PER_SEC;
  g_test_message ("last will after %.3f s (keep-alive %u s)", seconds, keep_alive);
  g_assert_cmpfloat (seconds, <=, 1.5 * keep_alive);
  waitpid (pid, &status, 0);
  will = watcher->messages->pdata[0];
  g_assert_cmpstr (herald_message_get_topic (will), ==, "test/" DEVICE "/status");
  g_assert_cmpmem (g_bytes_get_data (herald_message_get_payload (will), NULL),
                   g_bytes_get_size (herald_message_get_payload (will)), "{\"online\":false}", 16);
  g_assert_cmpuint (herald_message_get_qos (will), ==, 1);

  /* A clean disconnect: no will, however long the broker is given; nor
   * when the process quits right after a disconnect (Disconnect, then
   * Quit), three times over. */
  pid = start_will_client (DEVICE "-will", keep_alive, "--disconnect");
  waitpid (pid, &status, 0);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (guint i = 0; i < 3; i++)
    {
      pid = start_will_client (DEVICE "-will", keep_alive, "--disconnect-then-quit");
      waitpid (pid, &status, 0);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  spin (1500 * keep_alive);
  g_assert_cmpuint (watcher->messages->len, ==, 1);

  herald_mqtt_session_disconnect (watcher->session);
  probe_free (watcher);
}

static void
publish_as_admin (const char *topic,
                  const char *message)
{
  g_autofree char *port = g_strdup_printf ("%u", herald_test_broker_get_port (broker));
  g_autofree char *cert = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.crt");
  g_autofree char *key = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.key");
  const char *argv[] = { "mosquitto_pub", "-h", "localhost", "-p", port,
                         "--cafile", herald_test_pki_get_ca_file (herald_test_broker_get_pki (broker)),
                         "--cert", cert, "--key", key, "-q", "1", "-t", topic, "-m", message, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* MQTT 5's session expiry: with 60 s the broker keeps the session across a
 * disconnect (subscription and a QoS 1 message sent meanwhile); with 0 it
 * ends with the connection. */
static void
test_session_expiry (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);

  for (guint expiry = 0; expiry <= 60; expiry += 60)
    {
      g_autofree char *client_id = g_strdup_printf (DEVICE "-expiry-%u", expiry);
      g_autofree char *text = g_strdup_printf ("sent while away, expiry %u", expiry);
      Probe *dev = probe_new (ks, client_id);

      g_object_set (dev->session, "mqtt-version", HERALD_MQTT_VERSION_5, "clean-session", FALSE,
                    "session-expiry", expiry, NULL);
      connect_and_wait (dev);
      subscribe_and_wait (dev, "commands/" DEVICE, 1);
      herald_mqtt_session_disconnect (dev->session);
      spin (300);

      publish_as_admin ("commands/" DEVICE, text);
      spin (300);
      connect_and_wait (dev);
      spin (1000);
      g_assert_cmpint (dev->session_present, ==, expiry > 0);
      if (expiry > 0)
        {
          WAIT_UNTIL (dev->messages->len > 0, 10);
          g_assert_cmpmem (g_bytes_get_data (herald_message_get_payload (dev->messages->pdata[0]), NULL),
                           g_bytes_get_size (herald_message_get_payload (dev->messages->pdata[0])),
                           text, strlen (text));
        }
      else
        g_assert_cmpuint (dev->messages->len, ==, 0);

      herald_mqtt_session_disconnect (dev->session);
      probe_free (dev);
    }
}

static void
test_subscribe_refused (void)
{
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 30, .deny_subscriptions = TRUE };
  g_autoptr(HeraldTestBroker) denying = herald_test_broker_new (&options);
  g_autoptr(HeraldKeystore) ks = NULL;
  g_autoptr(GBytes) x = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *uri = NULL;

  herald_test_broker_start (denying, &error);
  g_assert_no_error (error);
  pem = herald_test_pki_issue_answer (herald_test_broker_get_pki (denying), DEVICE, SECRET);
  ks = herald_keystore_new_from_answer (pem, NULL, SECRET, &error);
  g_assert_no_error (error);
  uri = herald_test_broker_get_uri (denying);

  /* MQTT 3.1.1 answers 0x80, MQTT 5 a reason code (0x87). */
  for (HeraldMqttVersion v = HERALD_MQTT_VERSION_3_1_1; v <= HERALD_MQTT_VERSION_5; v++)
    {
      Probe *dev = probe_new (ks, DEVICE);
      g_auto(GStrv) subs = NULL;

      g_object_set (dev->session, "server-uri", uri, "mqtt-version", v,
                    "ca-file", herald_test_pki_get_ca_file (herald_test_broker_get_pki (denying)), NULL);
      connect_and_wait (dev);
      g_assert_true (herald_mqtt_session_subscribe (dev->session, "commands/" DEVICE, 1, &error));
      g_assert_no_error (error);
      WAIT_UNTIL (dev->errors->len > 0 || dev->n_subscribed > 0, 10);
      g_assert_cmpuint (dev->n_subscribed, ==, 0);
      g_assert_error (last_error (dev), HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED);
      g_assert_nonnull (strstr (last_error (dev)->message, "commands/" DEVICE));
      /* A refused subscription is not retried after a reconnect. */
      subs = herald_mqtt_session_dup_subscriptions (dev->session);
      g_assert_cmpuint (g_strv_length (subs), ==, 0);

      /* Invalid input is refused at once. */
      g_assert_false (herald_mqtt_session_subscribe (dev->session, "", 1, &error));
      g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
      g_clear_error (&error);
      g_assert_false (herald_mqtt_session_subscribe (dev->session, "commands/x", 3, &error));
      g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
      g_clear_error (&error);
      g_assert_false (herald_mqtt_session_publish (dev->session, "measures/#", x, 0, FALSE, &error));
      g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
      g_clear_error (&error);

      herald_mqtt_session_disconnect (dev->session);
      g_assert_false (herald_mqtt_session_publish (dev->session, "measures/" DEVICE, x, 0, FALSE, &error));
      g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NOT_CONNECTED);
      g_clear_error (&error);
      probe_free (dev);
    }
}

static void
expect_connect_error (Probe *p, HeraldMqttSessionError code)
{
  g_autofree char *uri = NULL;

  g_object_get (p->session, "server-uri", &uri, NULL);
  herald_mqtt_session_connect (p->session);
  WAIT_UNTIL (p->errors->len > 0, 30);
  g_test_message ("%s -> %s", uri, last_error (p)->message);
  g_assert_error (last_error (p), HERALD_MQTT_SESSION_ERROR, (int) code);
  g_assert_cmpint (herald_mqtt_session_get_state (p->session), ==, HERALD_MQTT_STATE_FAILED);
  g_assert_cmpuint (p->n_connected, ==, 0);
  g_assert_null (herald_mqtt_session_get_key_dir (p->session));
  g_assert_cmpuint (count_key_dirs (), ==, 0);
}

static void
test_tls_errors (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  g_autofree char *other_dir = g_build_filename (herald_test_broker_get_dir (broker), "other-ca", NULL);
  g_autoptr(HeraldTestPki) other = NULL;
  g_autofree char *stranger_pem = NULL;
  g_autoptr(HeraldKeystore) stranger = NULL;
  g_autoptr(GError) error = NULL;

  /* The test CA is not in the system store. */
  {
    Probe *p = probe_new (ks, DEVICE);

    g_object_set (p->session, "trust", HERALD_MQTT_TRUST_SYSTEM, NULL);
    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_TLS_UNKNOWN_CA);
    g_assert_nonnull (strstr (last_error (p)->message, "not signed by an authority you trust"));
    probe_free (p);
  }

  /* The server certificate names localhost, not 127.0.0.1. */
  {
    Probe *p = probe_new (ks, DEVICE);
    g_autofree char *uri = g_strdup_printf ("ssl://127.0.0.1:%u", herald_test_broker_get_port (broker));

    g_object_set (p->session, "server-uri", uri, NULL);
    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_TLS_HOST_MISMATCH);
    probe_free (p);
  }

  /* A device certificate from another CA. */
  g_mkdir_with_parents (other_dir, 0700);
  other = herald_test_pki_new (other_dir, "Some Other CA");
  stranger_pem = herald_test_pki_issue_answer (other, DEVICE, SECRET);
  stranger = herald_keystore_new_from_answer (stranger_pem, NULL, SECRET, &error);
  g_assert_no_error (error);
  {
    Probe *p = probe_new (stranger, DEVICE);

    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_TLS_CLIENT_REJECTED);
    g_assert_nonnull (strstr (last_error (p)->message, "rejected the device certificate"));
    probe_free (p);
  }

  /* No client certificate at all. */
  {
    Probe *p = probe_new (NULL, DEVICE);

    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_TLS_CLIENT_REJECTED);
    probe_free (p);
  }

  /* Without verification it connects, and says it is insecure. */
  {
    Probe *p = probe_new (ks, DEVICE);
    g_autofree char *uri = g_strdup_printf ("ssl://127.0.0.1:%u", herald_test_broker_get_port (broker));

    g_object_set (p->session, "server-uri", uri, "trust", HERALD_MQTT_TRUST_NONE, NULL);
    connect_and_wait (p);
    g_assert_true (herald_mqtt_session_get_insecure (p->session));
    herald_mqtt_session_disconnect (p->session);
    g_assert_false (herald_mqtt_session_get_insecure (p->session));
    probe_free (p);
  }
}

static void
test_expired_server (void)
{
  HeraldTestBrokerOptions options = { .server_start_days = -30, .server_end_days = -1 };
  g_autoptr(HeraldTestBroker) expired = herald_test_broker_new (&options);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;
  Probe *p;

  herald_test_broker_start (expired, &error);
  g_assert_no_error (error);
  pem = herald_test_pki_issue_answer (herald_test_broker_get_pki (expired), DEVICE, SECRET);
  ks = herald_keystore_new_from_answer (pem, NULL, SECRET, &error);
  g_assert_no_error (error);

  p = probe_new (ks, DEVICE);
  uri = herald_test_broker_get_uri (expired);
  g_object_set (p->session, "server-uri", uri,
                "ca-file", herald_test_pki_get_ca_file (herald_test_broker_get_pki (expired)), NULL);
  expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_TLS_EXPIRED);
  probe_free (p);
}

static void
test_network_errors (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);

  /* Nothing listens on the port. */
  {
    Probe *p = probe_new (ks, DEVICE);
    g_autofree char *uri = g_strdup_printf ("ssl://localhost:%u", herald_test_free_port ());

    g_object_set (p->session, "server-uri", uri, NULL);
    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_CONNECTION_REFUSED);
    probe_free (p);
  }

  /* The host does not exist (.invalid never resolves, RFC 6761). */
  {
    Probe *p = probe_new (ks, DEVICE);

    g_object_set (p->session, "server-uri", "ssl://no-such-broker.invalid:8883", NULL);
    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_HOST_NOT_FOUND);
    probe_free (p);
  }

  /* A socket that accepts TCP connections but never answers. */
  {
    Probe *p = probe_new (ks, DEVICE);
    struct sockaddr_in sa = { 0 };
    socklen_t len = sizeof sa;
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    g_autofree char *uri = NULL;

    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
    g_assert_cmpint (listen (fd, 8), ==, 0);
    g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
    uri = g_strdup_printf ("ssl://localhost:%u", ntohs (sa.sin_port));

    g_object_set (p->session, "server-uri", uri, "connect-timeout", 1, NULL);
    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_TIMED_OUT);
    probe_free (p);
    close (fd);
  }

  /* Not a URI. */
  {
    Probe *p = probe_new (ks, DEVICE);

    g_object_set (p->session, "server-uri", "http://localhost:1", NULL);
    expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
    probe_free (p);
  }
}

static void
test_connack_refused (void)
{
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 30, .plain_listener = TRUE };
  g_autoptr(HeraldTestBroker) plain = herald_test_broker_new (&options);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Probe *p;

  herald_test_broker_start (plain, &error);
  g_assert_no_error (error);

  /* The plain listener takes no anonymous clients. */
  p = probe_new (NULL, "anonymous");
  uri = g_strdup_printf ("tcp://localhost:%u", herald_test_broker_get_plain_port (plain));
  g_object_set (p->session, "server-uri", uri, NULL);
  expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED);
  probe_free (p);

  p = probe_new (NULL, "anonymous5");
  g_object_set (p->session, "server-uri", uri, "mqtt-version", HERALD_MQTT_VERSION_5, NULL);
  expect_connect_error (p, HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED);
  probe_free (p);
}

/* Topics that are not UTF-8 ------------------------------------------------ */

/* MQTT 3.1.1 packets, as bytes: just what the tests below send. */
static void
append_remaining_length (GByteArray *packet,
                         gsize       len)
{
  do
    {
      guint8 byte = len % 128;

      len /= 128;
      if (len > 0)
        byte |= 0x80;
      g_byte_array_append (packet, &byte, 1);
    }
  while (len > 0);
}

static void
append_string (GByteArray *packet,
               const char *text,
               gsize       len)
{
  guint8 prefix[2] = { len >> 8, len & 0xff };

  g_byte_array_append (packet, prefix, 2);
  g_byte_array_append (packet, (const guint8 *) text, len);
}

static GByteArray *
connect_packet (const char *client_id)
{
  GByteArray *packet = g_byte_array_new ();
  guint8 fixed = 0x10;
  /* "MQTT", level 4, clean session, keep alive 60 s */
  static const guint8 variable[] = { 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60 };

  g_byte_array_append (packet, &fixed, 1);
  append_remaining_length (packet, sizeof variable + 2 + strlen (client_id));
  g_byte_array_append (packet, variable, sizeof variable);
  append_string (packet, client_id, strlen (client_id));

  return packet;
}

/* QoS 0; @topic_len so that a topic may hold a NUL. */
static GByteArray *
publish_packet (const char *topic,
                gsize       topic_len,
                const char *payload)
{
  GByteArray *packet = g_byte_array_new ();
  guint8 fixed = 0x30;

  g_byte_array_append (packet, &fixed, 1);
  append_remaining_length (packet, 2 + topic_len + strlen (payload));
  append_string (packet, topic, topic_len);
  g_byte_array_append (packet, (const guint8 *) payload, strlen (payload));

  return packet;
}

static gboolean
read_exactly (int fd, guint8 *buf, gsize len)
{
  while (len > 0)
    {
      ssize_t n = read (fd, buf, len);

      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
    }

  return TRUE;
}

/* The packet's type byte, and its body in @body; FALSE at the end. */
static gboolean
read_packet (int fd, guint8 *type, GByteArray *body)
{
  gsize len = 0;
  guint shift = 0;
  guint8 byte;

  if (!read_exactly (fd, type, 1))
    return FALSE;
  do
    {
      if (!read_exactly (fd, &byte, 1))
        return FALSE;
      len |= (gsize) (byte & 0x7f) << shift;
      shift += 7;
    }
  while (byte & 0x80);

  g_byte_array_set_size (body, len);
  return read_exactly (fd, body->data, len);
}

static void
write_all (int fd, GByteArray *packet)
{
  g_assert_cmpint (write (fd, packet->data, packet->len), ==, packet->len);
}

#define BAD_TOPIC "commands/" DEVICE "/\xff\xfe"
#define NUL_TOPIC "commands/a\0b"

/* A hostile broker: it speaks just enough MQTT 3.1.1 to accept one client
 * and its subscription, then sends it a topic that is not UTF-8, one with
 * a NUL, and a good one; then it answers pings until the client leaves. */
static gpointer
hostile_broker (gpointer data)
{
  int listen_fd = GPOINTER_TO_INT (data);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint8 type;
  int fd;

  /* The session may first try the port on its own (and close it again). */
  for (;;)
    {
      fd = accept (listen_fd, NULL, NULL);
      g_assert_cmpint (fd, >=, 0);
      if (read_packet (fd, &type, body))
        break;
      close (fd);
    }
  if (type != 0x10)
    g_error ("the client did not send CONNECT first");
  {
    static const guint8 connack[] = { 0x20, 2, 0, 0 };
    g_autoptr(GByteArray) packet = g_byte_array_new ();

    write_all (fd, g_byte_array_append (packet, connack, sizeof connack));
  }

  while (read_packet (fd, &type, body))
    {
      if (type >> 4 == 8)
        {
          guint8 suback[] = { 0x90, 3, body->data[0], body->data[1], 0 };
          g_autoptr(GByteArray) packet = g_byte_array_new ();
          g_autoptr(GByteArray) bad = publish_packet (BAD_TOPIC, strlen (BAD_TOPIC), "bad");
          g_autoptr(GByteArray) nul = publish_packet (NUL_TOPIC, sizeof NUL_TOPIC - 1, "nul");
          g_autoptr(GByteArray) good = publish_packet ("commands/ok", strlen ("commands/ok"), "good");

          write_all (fd, g_byte_array_append (packet, suback, sizeof suback));
          write_all (fd, bad);
          write_all (fd, nul);
          write_all (fd, good);
        }
      else if (type >> 4 == 12)
        {
          static const guint8 pingresp[] = { 0xd0, 0 };
          g_autoptr(GByteArray) packet = g_byte_array_new ();

          write_all (fd, g_byte_array_append (packet, pingresp, sizeof pingresp));
        }
      else if (type >> 4 == 14)
        break;
    }

  close (fd);
  return NULL;
}

static const char *
payload_text (HeraldMessage *m)
{
  gsize len;
  const char *data = g_bytes_get_data (herald_message_get_payload (m), &len);
  static char text[16];

  g_assert_cmpuint (len, <, sizeof text);
  memcpy (text, data, len);
  text[len] = '\0';
  return text;
}

static void
test_invalid_topics_from_broker (void)
{
  struct sockaddr_in sa = { 0 };
  socklen_t len = sizeof sa;
  int listen_fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *uri = NULL;
  GThread *thread;
  Probe *p;

  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (listen_fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (listen_fd, 1), ==, 0);
  g_assert_cmpint (getsockname (listen_fd, (struct sockaddr *) &sa, &len), ==, 0);
  thread = g_thread_new ("hostile broker", hostile_broker, GINT_TO_POINTER (listen_fd));

  p = probe_new (NULL, "hostile");
  uri = g_strdup_printf ("tcp://127.0.0.1:%u", ntohs (sa.sin_port));
  g_object_set (p->session, "server-uri", uri, NULL);
  connect_and_wait (p);
  subscribe_and_wait (p, "commands/#", 0);
  WAIT_UNTIL (p->messages->len == 3, 10);

  /* All three arrive, in order, their topics valid UTF-8: the bad bytes
   * and the NUL are each a U+FFFD, the rest as it was. */
  for (guint i = 0; i < p->messages->len; i++)
    {
      const char *topic = herald_message_get_topic (p->messages->pdata[i]);

      g_test_message ("topic %u: %s", i, g_utf8_validate (topic, -1, NULL) ? topic : "(not UTF-8)");
      g_assert_true (g_utf8_validate (topic, -1, NULL));
    }
  g_assert_cmpstr (herald_message_get_topic (p->messages->pdata[0]), ==, "commands/" DEVICE "/\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpstr (payload_text (p->messages->pdata[0]), ==, "bad");
  g_assert_cmpstr (herald_message_get_topic (p->messages->pdata[1]), ==, "commands/a\xef\xbf\xbd" "b");
  g_assert_cmpstr (payload_text (p->messages->pdata[1]), ==, "nul");
  g_assert_cmpstr (herald_message_get_topic (p->messages->pdata[2]), ==, "commands/ok");
  g_assert_cmpstr (payload_text (p->messages->pdata[2]), ==, "good");
  g_assert_cmpint (herald_mqtt_session_get_state (p->session), ==, HERALD_MQTT_STATE_CONNECTED);

  herald_mqtt_session_disconnect (p->session);
  probe_free (p);
  g_thread_join (thread);
  close (listen_fd);
}

/* mosquitto itself: a raw client (as admin, over TLS) that publishes to a
 * topic that is not UTF-8 is disconnected, and nothing reaches the device. */
static void
on_raw_client_event (GSocketClient      *client,
                     GSocketClientEvent  event,
                     GSocketConnectable *connectable,
                     GIOStream          *connection,
                     gpointer            data)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    {
      HeraldTestPki *pki = herald_test_broker_get_pki (broker);
      g_autofree char *crt = herald_test_pki_path (pki, "admin.crt");
      g_autofree char *key = herald_test_pki_path (pki, "admin.key");
      g_autoptr(GTlsCertificate) certificate = NULL;
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) error = NULL;

      certificate = g_tls_certificate_new_from_files (crt, key, &error);
      g_assert_no_error (error);
      database = g_tls_file_database_new (herald_test_pki_get_ca_file (pki), &error);
      g_assert_no_error (error);
      g_tls_connection_set_certificate (G_TLS_CONNECTION (connection), certificate);
      g_tls_connection_set_database (G_TLS_CONNECTION (connection), database);
    }
}

/* Publishes @topic as a new raw client; TRUE if mosquitto then closed the
 * connection, FALSE if it was still open a second later. */
static gboolean
raw_publish (const char *client_id, const char *topic, gsize topic_len, const char *payload)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) connect = connect_packet (client_id);
  g_autoptr(GByteArray) publish = publish_packet (topic, topic_len, payload);
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  guint8 connack[4];
  guint8 byte;
  gssize n;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_tls (client, TRUE);
  g_signal_connect (client, "event", G_CALLBACK (on_raw_client_event), NULL);
  connection = g_socket_client_connect_to_host (client, "localhost", herald_test_broker_get_port (broker),
                                                NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, connect->data, connect->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (in, connack, sizeof connack, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (connack, sizeof connack, ((guint8[]) { 0x20, 2, 0, 0 }), 4);

  g_output_stream_write_all (out, publish->data, publish->len, NULL, NULL, &error);
  g_assert_no_error (error);

  /* mosquitto sends nothing to a QoS 0 publisher: any answer is the end. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 1);
  n = g_input_stream_read (in, &byte, 1, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      static const guint8 disconnect[] = { 0xe0, 0 };

      g_output_stream_write_all (out, disconnect, sizeof disconnect, NULL, NULL, NULL);
      return FALSE;
    }

  g_test_message ("mosquitto closed the connection (%s)", error ? error->message : "end of stream");
  g_assert_cmpint (n, <=, 0);
  return TRUE;
}

#define BAD_TEST_TOPIC "test/" DEVICE "/\xff\xfe"
#define NUL_TEST_TOPIC "test/" DEVICE "/a\0b"

static void
test_invalid_topic_to_mosquitto (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE);

  connect_and_wait (dev);
  subscribe_and_wait (dev, "test/" DEVICE "/#", 0);

  g_assert_true (raw_publish ("raw-bad", BAD_TEST_TOPIC, strlen (BAD_TEST_TOPIC), "bad"));
  g_assert_true (raw_publish ("raw-nul", NUL_TEST_TOPIC, sizeof NUL_TEST_TOPIC - 1, "nul"));
  g_assert_false (raw_publish ("raw-good", "test/" DEVICE "/ok", strlen ("test/" DEVICE "/ok"), "good"));

  WAIT_UNTIL (dev->messages->len >= 1, 10);
  spin (200);
  for (guint i = 0; i < dev->messages->len; i++)
    g_assert_true (g_utf8_validate (herald_message_get_topic (dev->messages->pdata[i]), -1, NULL));
  g_assert_true (has_payload (dev, "test/" DEVICE "/ok", "good"));
  g_assert_cmpuint (dev->messages->len, ==, 1);

  herald_mqtt_session_disconnect (dev->session);
  probe_free (dev);
}

static void
test_websockets (void)
{
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 30, .websockets = TRUE };
  g_autoptr(HeraldTestBroker) ws = herald_test_broker_new (&options);
  g_autoptr(HeraldKeystore) ks = NULL;
  g_autoptr(HeraldKeystore) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL, *admin_pem = NULL, *wss = NULL, *ssl = NULL;
  const char *ca;
  Probe *dev, *adm;

  herald_test_broker_start (ws, &error);
  g_assert_no_error (error);
  ca = herald_test_pki_get_ca_file (herald_test_broker_get_pki (ws));
  pem = herald_test_pki_issue_answer (herald_test_broker_get_pki (ws), DEVICE, SECRET);
  ks = herald_keystore_new_from_answer (pem, NULL, SECRET, &error);
  g_assert_no_error (error);
  admin_pem = herald_test_pki_issue_answer (herald_test_broker_get_pki (ws), "admin", SECRET);
  admin = herald_keystore_new_from_answer (admin_pem, NULL, SECRET, &error);
  g_assert_no_error (error);

  /* The device over wss://, the admin over ssl://. */
  wss = g_strdup_printf ("wss://localhost:%u/mqtt", herald_test_broker_get_ws_port (ws));
  ssl = herald_test_broker_get_uri (ws);
  dev = probe_new (ks, DEVICE);
  g_object_set (dev->session, "server-uri", wss, "ca-file", ca, NULL);
  adm = probe_new (admin, "admin-ws");
  g_object_set (adm->session, "server-uri", ssl, "ca-file", ca, NULL);

  connect_and_wait (dev);
  connect_and_wait (adm);
  subscribe_and_wait (dev, "commands/" DEVICE, 1);
  publish (adm, "commands/" DEVICE, "over websockets", 1);
  WAIT_UNTIL (has_payload (dev, "commands/" DEVICE, "over websockets"), 10);

  herald_mqtt_session_disconnect (dev->session);
  herald_mqtt_session_disconnect (adm->session);
  probe_free (dev);
  probe_free (adm);
}

/* A small HTTP CONNECT proxy on loopback, counting the tunnels it made. */
typedef struct
{
  GSocketService *service;
  guint16 port;
  guint n_tunnels;
  char *last_target;
} Proxy;

typedef struct
{
  Proxy *proxy;
  GSocketConnection *client;
  GDataInputStream *in;
} Tunnel;

static void
tunnel_free (Tunnel *t)
{
  g_clear_object (&t->client);
  g_clear_object (&t->in);
  g_free (t);
}

static void
splice_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static void
upstream_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Tunnel *t = user_data;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (t->client));
  const char *ok = "HTTP/1.1 200 Connection established\r\n\r\n";

  upstream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (upstream == NULL)
    {
      const char *bad = "HTTP/1.1 502 Bad Gateway\r\n\r\n";

      g_output_stream_write_all (out, bad, strlen (bad), NULL, NULL, NULL);
      tunnel_free (t);
      return;
    }
  g_output_stream_write_all (out, ok, strlen (ok), NULL, NULL, NULL);
  t->proxy->n_tunnels++;
  g_io_stream_splice_async (G_IO_STREAM (t->client), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, splice_done, NULL);
  tunnel_free (t);
}

static void
header_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Tunnel *t = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (t->in, result, NULL, NULL);

  if (line == NULL)
    {
      tunnel_free (t);
      return;
    }
  g_strchomp (line);
  if (*line != '\0')
    {
      g_data_input_stream_read_line_async (t->in, G_PRIORITY_DEFAULT, NULL, header_read, t);
      return;
    }
  /* End of the request head: connect to the target. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();

    g_socket_client_set_enable_proxy (client, FALSE);
    g_socket_client_connect_to_host_async (client, t->proxy->last_target, 0, NULL, upstream_connected, t);
  }
}

static void
request_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Tunnel *t = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (t->in, result, NULL, NULL);
  g_auto(GStrv) parts = NULL;

  if (line == NULL)
    {
      tunnel_free (t);
      return;
    }
  parts = g_strsplit (g_strchomp (line), " ", 3);
  g_assert_cmpstr (parts[0], ==, "CONNECT");
  g_free (t->proxy->last_target);
  t->proxy->last_target = g_strdup (parts[1]);
  g_data_input_stream_read_line_async (t->in, G_PRIORITY_DEFAULT, NULL, header_read, t);
}

static gboolean
proxy_incoming (GSocketService *service, GSocketConnection *connection, GObject *source, Proxy *proxy)
{
  Tunnel *t = g_new0 (Tunnel, 1);

  t->proxy = proxy;
  t->client = g_object_ref (connection);
  t->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  /* Byte by byte, so nothing after the head is buffered away from the tunnel. */
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (t->in), 1);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (t->in), FALSE);
  g_data_input_stream_read_line_async (t->in, G_PRIORITY_DEFAULT, NULL, request_read, t);

  return TRUE;
}

static void
test_http_proxy (gconstpointer data)
{
  const char *scheme = data;
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 30, .websockets = TRUE };
  g_autoptr(HeraldTestBroker) ws = herald_test_broker_new (&options);
  g_autoptr(HeraldKeystore) ks = NULL;
  g_autoptr(HeraldKeystore) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy_uri = NULL, *pem = NULL, *admin_pem = NULL, *wss = NULL, *ssl = NULL;
  const char *ca;
  Proxy proxy = { 0 };
  Probe *dev, *adm;

  herald_test_broker_start (ws, &error);
  g_assert_no_error (error);
  ca = herald_test_pki_get_ca_file (herald_test_broker_get_pki (ws));
  pem = herald_test_pki_issue_answer (herald_test_broker_get_pki (ws), DEVICE, SECRET);
  ks = herald_keystore_new_from_answer (pem, NULL, SECRET, &error);
  g_assert_no_error (error);
  admin_pem = herald_test_pki_issue_answer (herald_test_broker_get_pki (ws), "admin", SECRET);
  admin = herald_keystore_new_from_answer (admin_pem, NULL, SECRET, &error);
  g_assert_no_error (error);

  proxy.service = g_socket_service_new ();
  proxy.port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy.service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy.service, "incoming", G_CALLBACK (proxy_incoming), &proxy);
  g_socket_service_start (proxy.service);
  proxy_uri = g_strdup_printf ("http://localhost:%u", proxy.port);

  /* ssl:// and wss:// both through the proxy's CONNECT tunnel. */
  wss = g_strdup_printf ("%s://localhost:%u/mqtt", scheme,
                         g_str_equal (scheme, "wss") ? herald_test_broker_get_ws_port (ws)
                                                     : herald_test_broker_get_port (ws));
  ssl = herald_test_broker_get_uri (ws);
  dev = probe_new (ks, DEVICE);
  g_object_set (dev->session, "server-uri", wss, "ca-file", ca, "http-proxy", proxy_uri, NULL);
  adm = probe_new (admin, "admin-proxy");
  g_object_set (adm->session, "server-uri", ssl, "ca-file", ca, NULL);

  connect_and_wait (dev);
  connect_and_wait (adm);
  g_test_message ("proxy tunnels: %u, last to %s", proxy.n_tunnels, proxy.last_target);
  g_assert_cmpuint (proxy.n_tunnels, ==, 1);
  {
    g_autofree char *target = g_strdup_printf ("localhost:%u",
                                               g_str_equal (scheme, "wss") ? herald_test_broker_get_ws_port (ws)
                                                                           : herald_test_broker_get_port (ws));

    g_assert_cmpstr (proxy.last_target, ==, target);
  }

  subscribe_and_wait (dev, "commands/" DEVICE, 1);
  publish (adm, "commands/" DEVICE, "through the proxy", 1);
  WAIT_UNTIL (has_payload (dev, "commands/" DEVICE, "through the proxy"), 10);

  herald_mqtt_session_disconnect (dev->session);
  herald_mqtt_session_disconnect (adm->session);
  probe_free (dev);
  probe_free (adm);
  g_socket_service_stop (proxy.service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy.service));
  g_clear_object (&proxy.service);
  g_free (proxy.last_target);
}

/* Both sessions reconnected and the device subscribed again. */
static void
wait_restored (Probe *dev, Probe *admin, guint n_dev_sub, guint n_admin_conn)
{
  WAIT_UNTIL (dev->n_subscribed > n_dev_sub &&
              herald_mqtt_session_get_state (dev->session) == HERALD_MQTT_STATE_CONNECTED &&
              admin->n_connected > n_admin_conn &&
              herald_mqtt_session_get_state (admin->session) == HERALD_MQTT_STATE_CONNECTED, 30);
}

static void
test_reconnect (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_CLIENT_KS);
  Probe *dev = probe_new (ks, DEVICE);
  Probe *admin = probe_new (admin_ks, "admin-reconnect");
  guint poller = g_timeout_add (5, poll_runtime_dir, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) subs = NULL;
  const char *key_dir;
  guint n_sub, n_conn;

  connect_and_wait (dev);
  connect_and_wait (admin);
  subscribe_and_wait (dev, "commands/" DEVICE, 1);
  subscribe_and_wait (dev, "ack/" DEVICE, 0);
  key_dir = herald_mqtt_session_get_key_dir (dev->session);

  publish (admin, "commands/" DEVICE, "before", 1);
  WAIT_UNTIL (has_payload (dev, "commands/" DEVICE, "before"), 10);

  herald_test_broker_stop (broker);
  WAIT_UNTIL (dev->n_lost == 1 && admin->n_lost == 1, 10);
  g_assert_cmpint (herald_mqtt_session_get_state (dev->session), ==, HERALD_MQTT_STATE_RECONNECTING);
  g_assert_nonnull (herald_mqtt_session_get_last_error (dev->session));
  /* The key files stay while the session may reconnect. */
  g_assert_true (g_file_test (key_dir, G_FILE_TEST_IS_DIR));
  spin (300);   /* a few failed attempts against the stopped broker */
  g_assert_cmpint (herald_mqtt_session_get_state (dev->session), ==, HERALD_MQTT_STATE_RECONNECTING);

  n_sub = dev->n_subscribed;
  n_conn = admin->n_connected;
  herald_test_broker_start (broker, &error);
  g_assert_no_error (error);
  wait_restored (dev, admin, n_sub + 1, n_conn);
  g_assert_cmpstr (herald_mqtt_session_get_key_dir (dev->session), ==, key_dir);
  subs = herald_mqtt_session_dup_subscriptions (dev->session);
  g_assert_cmpuint (g_strv_length (subs), ==, 2);
  g_assert_cmpstr (subs[0], ==, "ack/" DEVICE);
  g_assert_cmpstr (subs[1], ==, "commands/" DEVICE);

  publish (admin, "commands/" DEVICE, "after", 1);
  publish (admin, "ack/" DEVICE, "ack after", 1);
  WAIT_UNTIL (has_payload (dev, "commands/" DEVICE, "after") &&
              has_payload (dev, "ack/" DEVICE, "ack after"), 10);

  /* A disconnect the user asked for stops reconnecting. */
  herald_test_broker_stop (broker);
  WAIT_UNTIL (dev->n_lost == 2, 10);
  herald_mqtt_session_disconnect (dev->session);
  g_assert_cmpint (herald_mqtt_session_get_state (dev->session), ==, HERALD_MQTT_STATE_DISCONNECTED);
  g_assert_false (g_file_test (key_dir, G_FILE_TEST_EXISTS));
  n_conn = dev->n_connected;
  herald_test_broker_start (broker, &error);
  g_assert_no_error (error);
  spin (1000);
  g_assert_cmpuint (dev->n_connected, ==, n_conn);
  g_assert_cmpint (herald_mqtt_session_get_state (dev->session), ==, HERALD_MQTT_STATE_DISCONNECTED);

  herald_mqtt_session_disconnect (admin->session);
  g_source_remove (poller);
  g_assert_cmpuint (count_key_dirs (), ==, 0);
  probe_free (dev);
  probe_free (admin);
}

static void
test_twenty_restarts (void)
{
#ifdef __SANITIZE_ADDRESS__
  /* The same paths three times under the sanitizers: the twenty (and the
   * fault suite's hundred) run in the build without them, where waiting
   * for the broker, not checking memory, is what takes the time. */
  const guint n_restarts = 3;
#else
  const guint n_restarts = 20;
#endif
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_LEGACY_KS);
  Probe *dev = probe_new (ks, DEVICE);
  Probe *admin = probe_new (admin_ks, "admin-restarts");
  guint poller = g_timeout_add (5, poll_runtime_dir, NULL);

  connect_and_wait (dev);
  connect_and_wait (admin);
  subscribe_and_wait (dev, "commands/" DEVICE, 1);

  for (guint i = 0; i < n_restarts; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("{\"restart\":%u}", i);
      guint n_sub = dev->n_subscribed;
      guint n_conn = admin->n_connected;

      herald_test_broker_restart (broker, &error);
      g_assert_no_error (error);
      wait_restored (dev, admin, n_sub, n_conn);
      publish (admin, "commands/" DEVICE, text, 1);
      WAIT_UNTIL (has_payload (dev, "commands/" DEVICE, text), 10);
    }

  g_assert_cmpuint (dev->n_connected, ==, n_restarts + 1);
  g_assert_cmpuint (dev->n_lost, ==, n_restarts);
  g_assert_cmpuint (dev->n_subscribed, ==, n_restarts + 1);
  g_assert_cmpuint (dev->errors->len, ==, 0);

  herald_mqtt_session_disconnect (dev->session);
  herald_mqtt_session_disconnect (admin->session);
  g_source_remove (poller);
  g_assert_cmpuint (count_key_dirs (), ==, 0);
  probe_free (dev);
  probe_free (admin);
}

static void
test_batches (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE);
  Probe *admin = probe_new (admin_ks, "admin-batches");
  const guint n = 2000;

  g_object_set (dev->session, "delivery-interval", 100, NULL);
  connect_and_wait (dev);
  connect_and_wait (admin);
  subscribe_and_wait (dev, "commands/" DEVICE, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      publish (admin, "commands/" DEVICE, text, 0);
    }
  WAIT_UNTIL (dev->messages->len == n, 20);

  /* In order, and far fewer emissions than messages. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);
      GBytes *payload = herald_message_get_payload (dev->messages->pdata[i]);

      g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), text, strlen (text));
      g_assert_cmpuint (herald_message_get_qos (dev->messages->pdata[i]), ==, 0);
      g_assert_false (herald_message_get_retained (dev->messages->pdata[i]));
      g_assert_null (herald_message_get_properties (dev->messages->pdata[i]));
    }
  g_test_message ("%u messages in %u batches", n, dev->n_batches);
  g_assert_cmpuint (dev->n_batches, <, n / 10);

  herald_mqtt_session_disconnect (dev->session);
  herald_mqtt_session_disconnect (admin->session);
  probe_free (dev);
  probe_free (admin);
}

static void
test_retained (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE);
  Probe *admin = probe_new (admin_ks, "admin-retained");
  g_autoptr(GBytes) payload = g_bytes_new_static ("kept", 4);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  guint n_unsub;

  connect_and_wait (admin);
  herald_mqtt_session_publish (admin->session, "ack/" DEVICE, payload, 1, TRUE, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (admin->n_published == 1, 10);

  connect_and_wait (dev);
  subscribe_and_wait (dev, "ack/" DEVICE, 1);
  WAIT_UNTIL (dev->messages->len == 1, 10);
  g_assert_true (herald_message_get_retained (dev->messages->pdata[0]));

  n_unsub = dev->n_unsubscribed;
  herald_mqtt_session_unsubscribe (dev->session, "ack/" DEVICE, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (dev->n_unsubscribed > n_unsub, 10);

  herald_mqtt_session_publish (admin->session, "ack/" DEVICE, empty, 1, TRUE, &error);
  WAIT_UNTIL (admin->n_published == 2, 10);
  herald_mqtt_session_disconnect (dev->session);
  herald_mqtt_session_disconnect (admin->session);
  probe_free (dev);
  probe_free (admin);
}

static void
subscribe_ack_on_connected (HeraldMqttSession *session, gboolean present, Probe *p)
{
  g_autoptr(GError) error = NULL;

  herald_mqtt_session_subscribe (session, "ack/" DEVICE, 1, &error);
  g_assert_no_error (error);
}

/* Subscriptions kept from before the connection are restored before
 * ::connected, so a handler that subscribes there sends its topic once. */
static void
test_subscribe_on_connected (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE);
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_mqtt_session_subscribe (dev->session, "commands/" DEVICE, 1, &error));
  g_assert_no_error (error);
  g_signal_connect (dev->session, "connected", G_CALLBACK (subscribe_ack_on_connected), dev);

  connect_and_wait (dev);
  WAIT_UNTIL (dev->n_subscribed >= 2 || dev->errors->len > 0, 10);
  spin (500);
  g_assert_cmpuint (dev->errors->len, ==, 0);
  g_assert_cmpuint (dev->n_subscribed, ==, 2);

  herald_mqtt_session_disconnect (dev->session);
  probe_free (dev);
}

static void
test_finalize_removes_keys (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE);
  g_autofree char *dir = NULL;

  connect_and_wait (dev);
  subscribe_and_wait (dev, "commands/" DEVICE, 1);
  dir = g_strdup (herald_mqtt_session_get_key_dir (dev->session));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  /* No disconnect: finalizing removes them. */
  probe_free (dev);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_key_dirs (), ==, 0);
  spin (50);
}

/* In a child process: connect, then end without disconnecting or
 * finalizing, normally (exit) or by a crash (SIGKILL). */
static void
connect_then_end (gboolean crash)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *dev = probe_new (ks, DEVICE "-child");

  connect_and_wait (dev);
  g_assert_cmpuint (count_key_dirs (), ==, 1);
  /* This process's own broker and its files go; the session is left
   * reconnecting, key files in place. */
  g_clear_pointer (&broker, herald_test_broker_free);
  if (crash)
    raise (SIGKILL);
  exit (0);
}

static void
test_exit_removes_keys (void)
{
  if (g_test_subprocess ())
    connect_then_end (FALSE);

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_assert_cmpuint (count_key_dirs (), ==, 0);
}

static void
test_crash_leaves_keys_for_next_start (void)
{
  if (g_test_subprocess ())
    connect_then_end (TRUE);

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  /* The crashed process left its (encrypted) key behind... */
  g_assert_cmpuint (count_key_dirs (), ==, 1);
  check_runtime_dir ();
  /* ...and the next start removes it. */
  herald_mqtt_session_clean_stale_key_dirs ();
  g_assert_cmpuint (count_key_dirs (), ==, 0);
}

/* Finalized while Paho's connect is still waiting for the broker. */
static void
test_finalize_while_connecting (void)
{
  g_autoptr(HeraldKeystore) ks = device_keystore (KS_ANSWER_PEM);
  Probe *p = probe_new (ks, DEVICE);
  struct sockaddr_in sa = { 0 };
  socklen_t len = sizeof sa;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *uri = NULL;

  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (fd, 8), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  uri = g_strdup_printf ("ssl://localhost:%u", ntohs (sa.sin_port));
  g_object_set (p->session, "server-uri", uri, NULL);

  herald_mqtt_session_connect (p->session);
  spin (500);   /* past the TCP check, into Paho's TLS handshake */
  g_assert_cmpint (herald_mqtt_session_get_state (p->session), ==, HERALD_MQTT_STATE_CONNECTING);
  g_assert_cmpuint (count_key_dirs (), ==, 1);
  probe_free (p);
  g_assert_cmpuint (count_key_dirs (), ==, 0);
  spin (200);
  close (fd);
}

static void
test_stale_key_dirs (void)
{
  g_autofree char *parent = g_build_filename (g_get_user_runtime_dir (), "herald", NULL);
  g_autofree char *dead = NULL, *alive = NULL, *other = NULL, *file = NULL;
  const char *argv[] = { "true", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status;

  /* The pid of a process that has ended. */
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  waitpid (pid, &status, 0);

  dead = g_strdup_printf ("%s/keys-%d-abcdef", parent, (int) pid);
  alive = g_strdup_printf ("%s/keys-%d-abcdef", parent, (int) getpid ());
  other = g_strdup_printf ("%s/something-else", parent);
  g_mkdir_with_parents (dead, 0700);
  g_mkdir_with_parents (alive, 0700);
  g_mkdir_with_parents (other, 0700);
  file = g_build_filename (dead, "key.pem", NULL);
  g_file_set_contents (file, "x", -1, &error);
  g_assert_no_error (error);

  herald_mqtt_session_clean_stale_key_dirs ();

  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (alive, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_DIR));
  g_rmdir (alive);
  g_rmdir (other);
}

/* A filter's wildcards as MQTT has them: + a whole level, # the whole
 * last one. A broker refuses the others (mosquitto drops an MQTT 3.1.1
 * connection that asks), so Herald says so before asking. A topic to
 * publish to has none. */
static void
test_filter_wildcards (void)
{
  static const char *filters[] = { "a", "a/+/b", "+", "#", "a/#", "+/+", "/#", "a//b", "+/#", "a/+" };
  static const char *not_filters[] = { "a+", "a/#/b", "a#", "#/a", "a/b+/c", "++", "a/+b", "##", "" };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("filter %s", filters[i]);
      g_assert_true (herald_mqtt_session_check_topic (filters[i], TRUE, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_filters); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("not a filter %s", not_filters[i]);
      g_assert_false (herald_mqtt_session_check_topic (not_filters[i], TRUE, &error));
      g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS);
    }
  g_assert_false (herald_mqtt_session_check_topic ("a/+/b", FALSE, NULL));
  g_assert_true (herald_mqtt_session_check_topic ("a/b", FALSE, NULL));
}

/* The schemes where the device presents its key store. */
static void
test_uri_uses_tls (void)
{
  g_assert_true (herald_mqtt_session_uri_uses_tls ("ssl://host:8883"));
  g_assert_true (herald_mqtt_session_uri_uses_tls ("SSL://host"));
  g_assert_true (herald_mqtt_session_uri_uses_tls ("mqtts://host:8883"));
  g_assert_true (herald_mqtt_session_uri_uses_tls ("wss://host/mqtt"));
  g_assert_false (herald_mqtt_session_uri_uses_tls ("tcp://host:1883"));
  g_assert_false (herald_mqtt_session_uri_uses_tls ("mqtt://host"));
  g_assert_false (herald_mqtt_session_uri_uses_tls ("ws://host/mqtt"));
  g_assert_false (herald_mqtt_session_uri_uses_tls ("http://host"));
  g_assert_false (herald_mqtt_session_uri_uses_tls ("host:8883"));
  g_assert_false (herald_mqtt_session_uri_uses_tls (""));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem_file = NULL;
  g_autofree char *admin_pem = NULL;
  g_autofree char *k = NULL, *c = NULL, *kf = NULL, *cf = NULL;
  HeraldTestPki *pki;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  broker = herald_test_broker_new (NULL);
  herald_test_broker_start (broker, &error);
  g_assert_no_error (error);
  pki = herald_test_broker_get_pki (broker);

  device_pem = herald_test_pki_issue_answer (pki, DEVICE, SECRET);
  pem_file = g_strdup_printf ("%s/" DEVICE "-answer.pem", herald_test_pki_get_dir (pki));
  device_ks = herald_test_pki_path (pki, "client.ks");
  herald_test_run_openssl (&error, "pkcs12", "-export", "-in", pem_file, "-inkey", pem_file,
                           "-out", device_ks, "-passin", "pass:" SECRET, "-passout", "pass:" SECRET, NULL);
  g_assert_no_error (error);
  device_legacy_ks = herald_test_pki_path (pki, "legacy.p12");
  herald_test_run_openssl (&error, "pkcs12", "-export", "-legacy", "-in", pem_file, "-inkey", pem_file,
                           "-out", device_legacy_ks, "-passin", "pass:" SECRET,
                           "-passout", "pass:" SECRET, NULL);
  g_assert_no_error (error);

  kf = herald_test_pki_path (pki, "admin.key");
  cf = herald_test_pki_path (pki, "admin.crt");
  g_file_get_contents (kf, &k, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (cf, &c, NULL, &error);
  g_assert_no_error (error);
  admin_pem = g_strconcat (k, c, NULL);
  admin_ks = herald_keystore_new_from_pem (admin_pem, -1, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/mqtt-session/filter-wildcards", test_filter_wildcards);
  g_test_add_func ("/mqtt-session/uri-uses-tls", test_uri_uses_tls);
  g_test_add_func ("/mqtt-session/each-keystore-format", test_each_keystore_format);
  g_test_add_func ("/mqtt-session/mqtt5-properties", test_mqtt5_properties);
  g_test_add_func ("/mqtt-session/publish-properties", test_publish_properties);
  g_test_add_func ("/mqtt-session/subscribe-options", test_subscribe_options);
  g_test_add_func ("/mqtt-session/binary-payloads", test_binary_payloads);
  g_test_add_func ("/mqtt-session/last-will", test_last_will);
  g_test_add_func ("/mqtt-session/session-expiry", test_session_expiry);
  g_test_add_func ("/mqtt-session/subscribe-refused", test_subscribe_refused);
  g_test_add_func ("/mqtt-session/tls-errors", test_tls_errors);
  g_test_add_func ("/mqtt-session/expired-server", test_expired_server);
  g_test_add_func ("/mqtt-session/network-errors", test_network_errors);
  g_test_add_func ("/mqtt-session/connack-refused", test_connack_refused);
  g_test_add_func ("/mqtt-session/invalid-topics-from-broker", test_invalid_topics_from_broker);
  g_test_add_func ("/mqtt-session/invalid-topic-to-mosquitto", test_invalid_topic_to_mosquitto);
  g_test_add_func ("/mqtt-session/websockets", test_websockets);
  g_test_add_data_func ("/mqtt-session/http-proxy/ssl", "ssl", test_http_proxy);
  g_test_add_data_func ("/mqtt-session/http-proxy/wss", "wss", test_http_proxy);
  g_test_add_func ("/mqtt-session/reconnect", test_reconnect);
  g_test_add_func ("/mqtt-session/twenty-restarts", test_twenty_restarts);
  g_test_add_func ("/mqtt-session/batches", test_batches);
  g_test_add_func ("/mqtt-session/retained", test_retained);
  g_test_add_func ("/mqtt-session/subscribe-on-connected", test_subscribe_on_connected);
  g_test_add_func ("/mqtt-session/finalize-removes-keys", test_finalize_removes_keys);
  g_test_add_func ("/mqtt-session/stale-key-dirs", test_stale_key_dirs);
  g_test_add_func ("/mqtt-session/finalize-while-connecting", test_finalize_while_connecting);
  g_test_add_func ("/mqtt-session/exit-removes-keys", test_exit_removes_keys);
  g_test_add_func ("/mqtt-session/crash-leaves-keys-for-next-start", test_crash_leaves_keys_for_next_start);

  ret = g_test_run ();

  g_clear_object (&admin_ks);
  g_free (device_pem);
  g_free (device_ks);
  g_free (device_legacy_ks);
  g_clear_pointer (&broker, herald_test_broker_free);

  return ret;
}

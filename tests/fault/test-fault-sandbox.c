/* test-fault-sandbox.c: herald-sandbox killed (kill -9) while it issues
 * device certificates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Modelled on test-sandbox's /sandbox/restart (kill -9 during writes).
 * Three clients create devices, ask each for two certificates (the `pem`
 * endpoint) and delete every third device (which revokes its certificates
 * and rewrites the CRL), until the sandbox is killed mid-way. Then, three
 * times over, on the same data directory:
 *
 *  - the database passes `PRAGMA integrity_check`;
 *  - every certificate answered 200 is in it, revoked exactly when its
 *    device's deletion was answered 200 (an unanswered one may or may not
 *    have happened);
 *  - the CA (certificate and key) is intact and the CRL is signed by it;
 *  - the sandbox starts again with the same CA, removes the temporary
 *    files of the writes the kill cut short, every certificate answered
 *    200 verifies against it, the CRL it writes lists exactly the revoked
 *    ones, and its broker takes a live certificate and refuses a revoked
 *    one;
 *  - the next certificate is issued (with a serial never seen before) and
 *    the next deletion revokes it.
 *
 * And the sandbox killed during its very first start, while it makes its
 * CA, its broker's and its own certificates and its database, at points
 * spread over that start: it starts again on the same directory with a
 * CA whose key matches, and issues a certificate its broker takes.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "herald-keystore.h"
#include "herald-mqtt-session.h"
#include "herald-test-sandbox.h"

#define KILLS 5
#define FIRST_START_KILLS 10
#define WRITERS 3
#define ANSWERED_BEFORE_KILL 24

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_CRL, X509_CRL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_INTEGER, ASN1_INTEGER_free)

/* One certificate the sandbox answered 200 for. */
typedef struct
{
  char *device_id;
  char *alternate_id;
  char *pem;
  char *secret;
  char *serial;      /* lowercase hex, as the sandbox keeps it */
} Issued;

static void
issued_free (Issued *issued)
{
  g_free (issued->device_id);
  g_free (issued->alternate_id);
  g_free (issued->pem);
  g_free (issued->secret);
  g_free (issued->serial);
  g_free (issued);
}

typedef struct
{
  HeraldTestSandbox *sandbox;
  GMutex             mutex;
  GPtrArray         *issued;            /* Issued, answered 200 */
  GHashTable        *deleted;           /* device id: deletion answered 200 */
  GHashTable        *deleting;          /* device id: deletion sent */
  gint               answered;          /* atomic: certificates this round */
  gint               stop;              /* atomic */
  gint               next_name;         /* atomic */
} Run;

/* --- HTTP ------------------------------------------------------------- */

static JsonNode *
call (SoupSession       *session,
      HeraldTestSandbox *sandbox,
      const char        *method,
      const char        *path,
      const char        *body,
      guint             *status)
{
  g_autofree char *url = g_strconcat (herald_test_sandbox_get_api_url (sandbox), path, NULL);
  g_autofree char *pair = g_strconcat (herald_test_sandbox_get_user (sandbox), ":",
                                       herald_test_sandbox_get_password (sandbox), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  *status = answer != NULL ? soup_message_get_status (msg) : 0;
  if (answer == NULL || g_bytes_get_size (answer) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static char *
serial_of (const char *pem)
{
  g_autoptr(BIO) bio = BIO_new_mem_buf (pem, -1);
  g_autoptr(X509) cert = NULL;
  BIGNUM *bn;
  char *hex, *serial;

  /* The key comes first in the `pem` answer; skip to the certificate. */
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  g_assert_nonnull (cert);
  bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
  hex = BN_bn2hex (bn);
  serial = g_ascii_strdown (hex, -1);
  OPENSSL_free (hex);
  BN_free (bn);
  return serial;
}

/* Creates a device, asks for two certificates, deletes every third
 * device; until stopped or the sandbox is gone. */
static gpointer
writer_thread (gpointer data)
{
  Run *run = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 10, NULL);

  while (!g_atomic_int_get (&run->stop))
    {
      guint n = g_atomic_int_add (&run->next_name, 1);
      g_autofree char *body = g_strdup_printf ("{\"gatewayId\": \"2\", \"name\": \"kill-%u\"}", n);
      g_autoptr(JsonNode) device = NULL;
      g_autofree char *device_id = NULL;
      g_autofree char *certificate_path = NULL;
      const char *alternate_id;
      guint status;

      device = call (session, run->sandbox, "POST", "/devices", body, &status);
      if (status != 200)
        {
          g_usleep (10 * 1000);   /* killed: until told to stop */
          continue;
        }
      device_id = g_strdup (json_object_get_string_member (json_node_get_object (device), "id"));
      alternate_id = json_object_get_string_member (json_node_get_object (device), "alternateId");
      certificate_path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/pem", device_id);

      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(JsonNode) answer = call (session, run->sandbox, "GET", certificate_path, NULL, &status);
          Issued *issued;

          if (status != 200)
            break;
          issued = g_new0 (Issued, 1);
          issued->device_id = g_strdup (device_id);
          issued->alternate_id = g_strdup (alternate_id);
          issued->pem = g_strdup (json_object_get_string_member (json_node_get_object (answer), "pem"));
          issued->secret = g_strdup (json_object_get_string_member (json_node_get_object (answer), "secret"));
          issued->serial = serial_of (issued->pem);
          g_mutex_lock (&run->mutex);
          g_ptr_array_add (run->issued, issued);
          g_mutex_unlock (&run->mutex);
          g_atomic_int_inc (&run->answered);
        }

      if (n % 3 == 2)
        {
          g_autofree char *path = g_strdup_printf ("/devices/%s", device_id);
          g_autoptr(JsonNode) answer = NULL;

          g_mutex_lock (&run->mutex);
          g_hash_table_add (run->deleting, g_strdup (device_id));
          g_mutex_unlock (&run->mutex);
          answer = call (session, run->sandbox, "DELETE", path, NULL, &status);
          if (status == 200)
            {
              g_mutex_lock (&run->mutex);
              g_hash_table_add (run->deleted, g_strdup (device_id));
              g_mutex_unlock (&run->mutex);
            }
        }
    }

  return NULL;
}

/* --- The data directory ----------------------------------------------- */

static char *
data_file (Run        *run,
           const char *name)
{
  return g_build_filename (herald_test_sandbox_get_data_dir (run->sandbox), name, NULL);
}

/* serial → revoked, straight from the database, after its integrity check. */
static GHashTable *
check_database (const char *path)
{
  GHashTable *serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT serial, revoked FROM certificates", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (serials, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1) ? 2 : 1));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return serials;
}

static X509 *
load_cert (const char *path)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "r");

  g_assert_nonnull (bio);
  return PEM_read_bio_X509 (bio, NULL, NULL, NULL);
}

static X509_CRL *
load_crl (const char *path)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "r");

  g_assert_nonnull (bio);
  return PEM_read_bio_X509_CRL (bio, NULL, NULL, NULL);
}

/* The CA key matches its certificate and has signed the CRL. Returns how
 * many temporary files lie beside them (a kill in the middle of writing
 * one leaves it; the next start must remove it). */
static guint
check_files (Run *run)
{
  g_autofree char *ca_path = data_file (run, "ca.pem");
  g_autofree char *key_path = data_file (run, "ca.key");
  g_autofree char *crl_path = data_file (run, "crl.pem");
  g_autoptr(GDir) dir = g_dir_open (herald_test_sandbox_get_data_dir (run->sandbox), 0, NULL);
  g_autoptr(X509) ca = load_cert (ca_path);
  g_autoptr(X509_CRL) crl = load_crl (crl_path);
  g_autoptr(BIO) bio = BIO_new_file (key_path, "r");
  g_autoptr(EVP_PKEY) key = bio ? PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL) : NULL;
  const char *name;
  guint temporaries = 0;

  g_assert_nonnull (ca);
  g_assert_nonnull (key);
  g_assert_cmpint (X509_check_private_key (ca, key), ==, 1);
  g_assert_nonnull (crl);
  g_assert_cmpint (X509_CRL_verify (crl, X509_get0_pubkey (ca)), ==, 1);

  /* write_private_file()'s temporary files are NAME.XXXXXX. */
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if ((strstr (name, ".pem.") != NULL || strstr (name, ".key.") != NULL) &&
        strlen (strrchr (name, '.')) == 7)
      {
        g_test_message ("left in the data directory: %s", name);
        temporaries++;
      }
  return temporaries;
}

/* Every certificate answered 200 verifies against @ca; with @crl, it is
 * refused exactly when @revoked says so. */
static void
check_certificates (GPtrArray  *issued,
                    const char *ca_path,
                    const char *crl_path,
                    GHashTable *serials)
{
  g_autoptr(X509) ca = load_cert (ca_path);
  g_autoptr(X509_CRL) crl = load_crl (crl_path);
  g_autoptr(X509_STORE) store = X509_STORE_new ();

  g_assert_nonnull (ca);
  g_assert_nonnull (crl);
  g_assert_cmpint (X509_STORE_add_cert (store, ca), ==, 1);
  g_assert_cmpint (X509_STORE_add_crl (store, crl), ==, 1);
  X509_STORE_set_flags (store, X509_V_FLAG_CRL_CHECK);

  for (guint i = 0; i < issued->len; i++)
    {
      Issued *it = issued->pdata[i];
      g_autoptr(BIO) bio = BIO_new_mem_buf (it->pem, -1);
      g_autoptr(X509) cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
      g_autoptr(X509_STORE_CTX) ctx = X509_STORE_CTX_new ();
      gboolean revoked = GPOINTER_TO_INT (g_hash_table_lookup (serials, it->serial)) == 2;
      int ok;

      g_assert_nonnull (cert);
      g_assert_cmpint (X509_STORE_CTX_init (ctx, store, cert, NULL), ==, 1);
      ok = X509_verify_cert (ctx);
      if (revoked)
        {
          g_assert_cmpint (ok, !=, 1);
          g_assert_cmpint (X509_STORE_CTX_get_error (ctx), ==, X509_V_ERR_CERT_REVOKED);
        }
      else if (ok != 1)
        g_error ("certificate %s of device %s does not verify: %s", it->serial, it->device_id,
                 X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx)));
    }
}

/* --- MQTT ------------------------------------------------------------- */

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Connects to the sandbox's broker with @it's certificate: TRUE when the
 * broker takes it. */
static gboolean
broker_accepts (HeraldTestSandbox *sandbox,
                Issued            *it)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) keystore = herald_keystore_new_from_answer (it->pem, NULL, it->secret, &error);
  g_autoptr(HeraldMqttSession) session = herald_mqtt_session_new ();
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, wake, NULL);
  HeraldMqttState state;

  g_assert_no_error (error);
  g_object_set (session,
                "server-uri", herald_test_sandbox_get_mqtt_uri (sandbox),
                "client-id", it->alternate_id,
                "keystore", keystore,
                "trust", HERALD_MQTT_TRUST_CA_FILE,
                "ca-file", herald_test_sandbox_get_ca_file (sandbox),
                NULL);
  herald_mqtt_session_connect (session);
  do
    {
      g_main_context_iteration (NULL, TRUE);
      state = herald_mqtt_session_get_state (session);
    }
  while (state != HERALD_MQTT_STATE_CONNECTED && state != HERALD_MQTT_STATE_FAILED &&
         g_get_monotonic_time () < deadline);
  g_source_remove (tick);
  herald_mqtt_session_disconnect (session);
  g_assert_true (state == HERALD_MQTT_STATE_CONNECTED || state == HERALD_MQTT_STATE_FAILED);

  return state == HERALD_MQTT_STATE_CONNECTED;
}

/* --- The test --------------------------------------------------------- */

static void
start (Run        *run,
       const char *data_dir)
{
  g_autoptr(GError) error = NULL;

  run->sandbox = herald_test_sandbox_start_full ("classic", data_dir, NULL, &error);
  g_assert_no_error (error);
}

static void
test_kill_during_issuance (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("fault-sandbox-XXXXXX", NULL);
  g_autofree char *ca_before = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 10, NULL);
  Run run = { 0 };
  guint total_kills = 0;

  g_mutex_init (&run.mutex);
  run.issued = g_ptr_array_new_with_free_func ((GDestroyNotify) issued_free);
  run.deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.deleting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  start (&run, data_dir);
  g_assert_true (g_file_get_contents (herald_test_sandbox_get_ca_file (run.sandbox), &ca_before, NULL, NULL));

  for (guint kill = 1; kill <= KILLS; kill++)
    {
      GThread *threads[WRITERS];
      g_autoptr(GHashTable) serials = NULL;
      g_autofree char *db_path = data_file (&run, "sandbox.db");
      g_autofree char *ca_after = NULL;
      g_autofree char *crl_path = NULL;
      g_autofree char *path = NULL;
      guint live = 0, revoked = 0;
      Issued *last_live = NULL;
      Issued *last_revoked = NULL;

      /* kill -9 while the clients are at it. */
      g_atomic_int_set (&run.answered, 0);
      g_atomic_int_set (&run.stop, 0);
      for (guint i = 0; i < WRITERS; i++)
        threads[i] = g_thread_new ("writer", writer_thread, &run);
      while (g_atomic_int_get (&run.answered) < ANSWERED_BEFORE_KILL)
        g_usleep (2 * 1000);
      herald_test_sandbox_kill (run.sandbox);
      total_kills++;
      g_atomic_int_set (&run.stop, 1);
      for (guint i = 0; i < WRITERS; i++)
        g_thread_join (threads[i]);

      /* What the killed sandbox left. */
      serials = check_database (db_path);
      for (guint i = 0; i < run.issued->len; i++)
        {
          Issued *it = run.issued->pdata[i];
          int state = GPOINTER_TO_INT (g_hash_table_lookup (serials, it->serial));

          if (state == 0)
            g_error ("certificate %s was answered 200 but is not in the database", it->serial);
          if (g_hash_table_contains (run.deleted, it->device_id))
            g_assert_cmpint (state, ==, 2);
          else if (!g_hash_table_contains (run.deleting, it->device_id))
            g_assert_cmpint (state, ==, 1);
        }
      if (check_files (&run) == 0)
        {
          /* What a kill in the middle of a write leaves (as this test's
           * kills sometimes do): half of the new CRL and of a key. */
          g_autofree char *crl = NULL;
          g_autofree char *key = NULL;
          g_autofree char *crl_copy = data_file (&run, "crl.pem.Zz9Kq1");
          g_autofree char *key_copy = data_file (&run, "ca.key.AbC123");
          g_autofree char *crl_path = data_file (&run, "crl.pem");
          g_autofree char *key_path = data_file (&run, "ca.key");
          gsize crl_length, key_length;

          g_assert_true (g_file_get_contents (crl_path, &crl, &crl_length, NULL));
          g_assert_true (g_file_get_contents (key_path, &key, &key_length, NULL));
          g_assert_true (g_file_set_contents (crl_copy, crl, crl_length / 2, NULL));
          g_assert_true (g_file_set_contents (key_copy, key, key_length / 2, NULL));
        }

      /* Again, on the same directory, with the same CA, without the
       * temporary files of writes the kill cut short. */
      herald_test_sandbox_free (run.sandbox);
      start (&run, data_dir);
      g_assert_cmpuint (check_files (&run), ==, 0);
      g_assert_true (g_file_get_contents (herald_test_sandbox_get_ca_file (run.sandbox), &ca_after, NULL, NULL));
      g_assert_cmpstr (ca_before, ==, ca_after);

      /* The CRL the sandbox wrote at start: exactly the revoked ones. */
      g_clear_pointer (&serials, g_hash_table_unref);
      serials = check_database (db_path);
      crl_path = data_file (&run, "crl.pem");
      check_certificates (run.issued, herald_test_sandbox_get_ca_file (run.sandbox), crl_path, serials);

      for (guint i = 0; i < run.issued->len; i++)
        {
          Issued *it = run.issued->pdata[i];

          if (GPOINTER_TO_INT (g_hash_table_lookup (serials, it->serial)) == 2)
            revoked++, last_revoked = it;
          else
            live++, last_live = it;
        }
      g_test_message ("kill %u: %u certificates answered so far (%u live, %u revoked), all kept",
                      kill, run.issued->len, live, revoked);

      /* Its broker takes a live certificate and refuses a revoked one. */
      g_assert_nonnull (last_live);
      g_assert_true (broker_accepts (run.sandbox, last_live));
      if (last_revoked != NULL)
        g_assert_false (broker_accepts (run.sandbox, last_revoked));

      /* The next issuance and the next revocation work. */
      {
        g_autoptr(JsonNode) device = NULL;
        g_autoptr(JsonNode) answer = NULL;
        g_autoptr(JsonNode) deleted = NULL;
        g_autoptr(GHashTable) after = NULL;
        g_autofree char *serial = NULL;
        const char *device_id;
        guint status;

        device = call (session, run.sandbox, "POST", "/devices", "{\"gatewayId\": \"2\", \"name\": \"after\"}", &status);
        g_assert_cmpuint (status, ==, 200);
        device_id = json_object_get_string_member (json_node_get_object (device), "id");
        path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/pem", device_id);
        answer = call (session, run.sandbox, "GET", path, NULL, &status);
        g_assert_cmpuint (status, ==, 200);
        serial = serial_of (json_object_get_string_member (json_node_get_object (answer), "pem"));
        g_assert_false (g_hash_table_contains (serials, serial));

        g_free (path);
        path = g_strdup_printf ("/devices/%s", device_id);
        deleted = call (session, run.sandbox, "DELETE", path, NULL, &status);
        g_assert_cmpuint (status, ==, 200);
        after = check_database (db_path);
        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (after, serial)), ==, 2);
        {
          g_autoptr(X509_CRL) crl = load_crl (crl_path);
          g_autoptr(ASN1_INTEGER) number = NULL;
          X509_REVOKED *entry = NULL;
          BIGNUM *bn = NULL;

          g_assert_nonnull (crl);
          g_assert_cmpint (BN_hex2bn (&bn, serial), >, 0);
          number = BN_to_ASN1_INTEGER (bn, NULL);
          BN_free (bn);
          g_assert_cmpint (X509_CRL_get0_by_serial (crl, &entry, number), ==, 1);
        }
      }
    }

  g_assert_cmpuint (total_kills, ==, KILLS);
  g_assert_cmpint (herald_test_sandbox_stop (run.sandbox), ==, 0);
  herald_test_sandbox_free (run.sandbox);

  {
    const char *argv[] = { "rm", "-rf", data_dir, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_ptr_array_unref (run.issued);
  g_hash_table_unref (run.deleted);
  g_hash_table_unref (run.deleting);
  g_mutex_clear (&run.mutex);
}

/* How long a first start takes, to spread the kills over it. */
static gint64
first_start_duration (void)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);

  g_assert_no_error (error);
  return g_get_monotonic_time () - started;
}

static void
test_kill_during_first_start (void)
{
  gint64 duration = first_start_duration ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 10, NULL);

  g_test_message ("a first start takes %.0f ms", duration / 1000.0);

  for (guint i = 0; i < FIRST_START_KILLS; i++)
    {
      g_autofree char *data_dir = g_dir_make_tmp ("fault-first-start-XXXXXX", NULL);
      g_autofree char *port_arg = NULL;
      gint64 delay = duration * i / FIRST_START_KILLS;
      const char *argv[] = { herald_test_sandbox_get_binary (), "--data-dir", data_dir,
                             "--http-port", "0", "--mqtt-port", "0", NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) first = NULL;
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                           G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(JsonNode) device = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = NULL;
      Run run = { 0 };
      Issued issued = { 0 };
      guint status;

      first = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      g_usleep (delay);
      g_subprocess_force_exit (first);
      g_subprocess_wait (first, NULL, NULL);

      /* Its broker, if it got that far, goes with it; then a new start. */
      start (&run, data_dir);
      g_assert_cmpuint (check_files (&run), ==, 0);

      device = call (session, run.sandbox, "POST", "/devices", "{\"gatewayId\": \"2\", \"name\": \"first\"}", &status);
      g_assert_cmpuint (status, ==, 200);
      path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/pem",
                              json_object_get_string_member (json_node_get_object (device), "id"));
      answer = call (session, run.sandbox, "GET", path, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      issued.alternate_id = (char *) json_object_get_string_member (json_node_get_object (device), "alternateId");
      issued.pem = (char *) json_object_get_string_member (json_node_get_object (answer), "pem");
      issued.secret = (char *) json_object_get_string_member (json_node_get_object (answer), "secret");
      g_assert_true (broker_accepts (run.sandbox, &issued));

      g_assert_cmpint (herald_test_sandbox_stop (run.sandbox), ==, 0);
      herald_test_sandbox_free (run.sandbox);
      {
        const char *rm[] = { "rm", "-rf", data_dir, NULL };
        g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
      }
      g_test_message ("killed %.0f ms into its first start: starts again, issues, its broker takes the certificate",
                      delay / 1000.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/fault/sandbox/kill-during-issuance", test_kill_during_issuance);
  g_test_add_func ("/fault/sandbox/kill-during-first-start", test_kill_during_first_start);

  return g_test_run ();
}

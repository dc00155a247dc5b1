/* test-keystore.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldKeystore against files the openssl CLI makes, as the seed does.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "herald-keystore.h"
#include "herald-paths.h"
#include "herald-test-broker.h"

#define SECRET "Zx9-secret_from-the/service"

typedef struct
{
  char *dir;
  HeraldTestPki *pki;
  char *answer_pem;          /* the service's pem answer */
  char *pem_file;            /* the same, saved as certificate.pem */
  char *client_ks;           /* the seed's openssl pkcs12 -export output */
  char *legacy_ks;           /* the same with -legacy */
  char *fingerprint;         /* from openssl x509 -fingerprint -sha256 */
} Fixture;

static Fixture *fx;

static char *
path (const char *file)
{
  return g_build_filename (fx->dir, file, NULL);
}

static char *
openssl_output (const char *first_arg, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (char *) "openssl");
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static void
fixture_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *crt = NULL, *fp = NULL;

  fx = g_new0 (Fixture, 1);
  fx->dir = g_dir_make_tmp ("herald-keystore-XXXXXX", &error);
  g_assert_no_error (error);
  fx->pki = herald_test_pki_new (fx->dir, "Herald Test CA");
  fx->answer_pem = herald_test_pki_issue_answer (fx->pki, "cb1bc8935375529e", SECRET);

  /* The seed's step 5, exactly, with the secret for both passwords. */
  fx->pem_file = path ("certificate.pem");
  g_file_set_contents (fx->pem_file, fx->answer_pem, -1, &error);
  g_assert_no_error (error);
  fx->client_ks = path ("client.ks");
  herald_test_run_openssl (&error, "pkcs12", "-export", "-in", fx->pem_file, "-inkey", fx->pem_file,
                           "-out", fx->client_ks, "-passin", "pass:" SECRET, "-passout", "pass:" SECRET,
                           NULL);
  g_assert_no_error (error);
  fx->legacy_ks = path ("legacy.p12");
  herald_test_run_openssl (&error, "pkcs12", "-export", "-legacy", "-in", fx->pem_file,
                           "-inkey", fx->pem_file, "-out", fx->legacy_ks,
                           "-passin", "pass:" SECRET, "-passout", "pass:" SECRET, NULL);
  g_assert_no_error (error);

  crt = herald_test_pki_path (fx->pki, "cb1bc8935375529e.crt");
  fp = openssl_output ("x509", "-in", crt, "-noout", "-fingerprint", "-sha256", NULL);
  g_assert_nonnull (strchr (fp, '='));
  fx->fingerprint = g_strstrip (g_strdup (strchr (fp, '=') + 1));
}

static void
fixture_teardown (void)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx->dir);

  if (g_getenv ("HERALD_TEST_KEEP") == NULL)
    g_assert_cmpint (system (cmd), ==, 0);
  herald_test_pki_free (fx->pki);
  g_free (fx->dir);
  g_free (fx->answer_pem);
  g_free (fx->pem_file);
  g_free (fx->client_ks);
  g_free (fx->legacy_ks);
  g_free (fx->fingerprint);
  g_free (fx);
}

/* Async helpers -------------------------------------------------------- */

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

static HeraldKeystore *
load (const char *file, const char *password, GError **error)
{
  g_autoptr(GFile) f = g_file_new_for_path (file);
  g_autoptr(GAsyncResult) result = NULL;

  herald_keystore_load_file_async (f, password, NULL, store_result, &result);
  return herald_keystore_load_file_finish (wait_result (&result), error);
}

static void
save (HeraldKeystore *ks, const char *file, HeraldKeystoreFormat format, const char *password)
{
  g_autoptr(GFile) f = g_file_new_for_path (file);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  herald_keystore_save_async (ks, f, format, password, NULL, store_result, &result);
  g_assert_true (herald_keystore_save_finish (ks, wait_result (&result), &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
assert_device (HeraldKeystore *ks)
{
  g_assert_nonnull (ks);
  g_assert_cmpstr (herald_keystore_get_subject_cn (ks), ==, "cb1bc8935375529e");
  g_assert_cmpstr (herald_keystore_get_issuer (ks), ==, "Herald Test CA");
  g_assert_cmpstr (herald_keystore_get_fingerprint (ks), ==, fx->fingerprint);
  g_assert_false (herald_keystore_is_expired (ks));
  g_assert_false (herald_keystore_is_not_yet_valid (ks));
}

/* Inputs --------------------------------------------------------------- */

typedef enum { IN_ANSWER_PEM, IN_ANSWER_P12, IN_PEM_FILE, IN_CLIENT_KS, IN_LEGACY_KS, N_INPUTS } Input;

static HeraldKeystore *
load_input (Input input)
{
  g_autoptr(GError) error = NULL;
  HeraldKeystore *ks = NULL;

  switch (input)
    {
    case IN_ANSWER_PEM:
      {
        g_autoptr(GAsyncResult) result = NULL;

        herald_keystore_new_from_answer_async (fx->answer_pem, NULL, SECRET, NULL, store_result, &result);
        ks = herald_keystore_new_from_answer_finish (wait_result (&result), &error);
      }
      break;
    case IN_ANSWER_P12:
      {
        g_autofree char *der = NULL;
        g_autofree char *b64 = NULL;
        gsize len;

        g_file_get_contents (fx->client_ks, &der, &len, &error);
        g_assert_no_error (error);
        b64 = g_base64_encode ((guchar *) der, len);
        ks = herald_keystore_new_from_answer (NULL, b64, SECRET, &error);
      }
      break;
    case IN_PEM_FILE:
      ks = load (fx->pem_file, SECRET, &error);
      break;
    case IN_CLIENT_KS:
      ks = load (fx->client_ks, SECRET, &error);
      g_assert_false (herald_keystore_get_was_legacy (ks));
      break;
    case IN_LEGACY_KS:
      ks = load (fx->legacy_ks, SECRET, &error);
      g_assert_true (herald_keystore_get_was_legacy (ks));
      break;
    case N_INPUTS:
    default:
      g_assert_not_reached ();
    }

  g_assert_no_error (error);
  assert_device (ks);

  return ks;
}

static void
test_seed_client_ks_loads (void)
{
  g_autoptr(HeraldKeystore) ks = load_input (IN_CLIENT_KS);
}

static void
test_legacy_loads (void)
{
  g_autofree char *info = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;

  /* Make sure the file really is the legacy encoding. */
  info = openssl_output ("pkcs12", "-in", fx->legacy_ks, "-info", "-noout", "-legacy",
                         "-passin", "pass:" SECRET, NULL);
  ks = load_input (IN_LEGACY_KS);
}

static void
test_answer_pem_and_p12 (void)
{
  g_autoptr(HeraldKeystore) a = load_input (IN_ANSWER_PEM);
  g_autoptr(HeraldKeystore) b = load_input (IN_ANSWER_P12);
  g_autofree char *pem = herald_keystore_get_certificate_pem (a);

  g_assert_nonnull (strstr (pem, "BEGIN CERTIFICATE"));
  g_assert_null (strstr (pem, "PRIVATE KEY"));
}

static void
check_pkcs12_with_tools (const char *file)
{
  g_autofree char *out = NULL;
  g_autofree char *keytool = g_find_program_in_path ("keytool");
  g_autoptr(GError) error = NULL;

  /* openssl reads it without the legacy provider: the current encoding. */
  out = openssl_output ("pkcs12", "-in", file, "-info", "-nokeys", "-noout",
                        "-passin", "pass:" SECRET, NULL);
  herald_test_run_openssl (&error, "pkcs12", "-in", file, "-nocerts", "-noenc", "-out",
                           "/dev/null", "-passin", "pass:" SECRET, NULL);
  g_assert_no_error (error);

  if (keytool != NULL)
    {
      const char *argv[] = { keytool, "-list", "-keystore", file, "-storetype", "PKCS12",
                             "-storepass", SECRET, NULL };
      g_autofree char *java_out = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &java_out, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (java_out, "PrivateKeyEntry"));
      g_assert_nonnull (strstr (java_out, "cb1bc8935375529e"));
    }
  else
    g_test_message ("keytool not found: Java check skipped");
}

static void
check_pem_with_tools (const char *file)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (file, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  g_assert_null (strstr (text, "-----BEGIN PRIVATE KEY-----"));
  g_assert_null (strstr (text, "-----BEGIN RSA PRIVATE KEY-----"));
  g_assert_nonnull (strstr (text, "-----BEGIN CERTIFICATE-----"));

  herald_test_run_openssl (&error, "pkey", "-in", file, "-passin", "pass:" SECRET, "-noout", NULL);
  g_assert_no_error (error);
  /* The seed's step 5 works on it too. */
  herald_test_run_openssl (&error, "pkcs12", "-export", "-in", file, "-inkey", file,
                           "-out", "/dev/null", "-passin", "pass:" SECRET, "-passout", "pass:" SECRET,
                           NULL);
  g_assert_no_error (error);
}

static void
test_round_trips (void)
{
  for (Input input = 0; input < N_INPUTS; input++)
    for (HeraldKeystoreFormat format = HERALD_KEYSTORE_FORMAT_PKCS12;
         format <= HERALD_KEYSTORE_FORMAT_PEM; format++)
      {
        g_autoptr(HeraldKeystore) ks = load_input (input);
        g_autoptr(HeraldKeystore) back = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *name = g_strdup_printf ("out-%d-%d.%s", input, format,
                                                 format == HERALD_KEYSTORE_FORMAT_PEM ? "pem" : "p12");
        g_autofree char *file = path (name);

        g_test_message ("input %d -> format %d", input, format);
        save (ks, file, format, SECRET);
        if (format == HERALD_KEYSTORE_FORMAT_PKCS12)
          check_pkcs12_with_tools (file);
        else
          check_pem_with_tools (file);

        back = load (file, SECRET, &error);
        g_assert_no_error (error);
        assert_device (back);
        g_assert_false (herald_keystore_get_was_legacy (back));

        /* Saving over an existing file replaces it, still 0600. */
        g_chmod (file, 0644);
        save (back, file, format, SECRET);
      }

  /* A missing folder is made, private. */
  {
    g_autoptr(HeraldKeystore) ks = load_input (IN_ANSWER_PEM);
    g_autofree char *dir = path ("devices/cb1bc8935375529e");
    g_autofree char *file = g_build_filename (dir, "client.ks", NULL);
    struct stat st;

    save (ks, file, HERALD_KEYSTORE_FORMAT_PKCS12, SECRET);
    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }
}

/* A device's key store: saved where its certificate's CN says, in a
 * private folder of its own, read back with the secret, then forgotten
 * with its folder. */
static void
test_device_keystore (void)
{
  g_autoptr(HeraldKeystore) ks = load_input (IN_ANSWER_PEM);
  g_autoptr(HeraldKeystore) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = herald_paths_device_keystore (herald_keystore_get_subject_cn (ks), &error);
  g_autofree char *dir = NULL;
  struct stat st;

  g_assert_no_error (error);
  dir = g_path_get_dirname (file);
  save (ks, file, HERALD_KEYSTORE_FORMAT_PKCS12, SECRET);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  back = load (file, SECRET, &error);
  g_assert_no_error (error);
  assert_device (back);

  g_assert_true (herald_paths_forget_device_keystore (file, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* Bad input ------------------------------------------------------------ */

static void
assert_load_error (const char *file, const char *password, HeraldKeystoreError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) ks = load (file, password, &error);

  g_assert_null (ks);
  g_assert_error (error, HERALD_KEYSTORE_ERROR, (int) code);
  g_test_message ("%s: %s", file, error->message);
}

static char *
write_bytes (const char *name, const void *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  char *file = path (name);

  g_file_set_contents (file, data, len, &error);
  g_assert_no_error (error);

  return file;
}

static void
test_wrong_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;

  assert_load_error (fx->client_ks, "not-the-secret", HERALD_KEYSTORE_ERROR_WRONG_PASSWORD);
  assert_load_error (fx->legacy_ks, "not-the-secret", HERALD_KEYSTORE_ERROR_WRONG_PASSWORD);
  assert_load_error (fx->pem_file, "not-the-secret", HERALD_KEYSTORE_ERROR_WRONG_PASSWORD);
  assert_load_error (fx->pem_file, NULL, HERALD_KEYSTORE_ERROR_WRONG_PASSWORD);

  ks = herald_keystore_new_from_answer (fx->answer_pem, NULL, "wrong", &error);
  g_assert_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_WRONG_PASSWORD);
  g_assert_nonnull (strstr (error->message, "secret shown when the certificate was generated"));
}

static void
test_not_a_keystore (void)
{
  guint8 noise[2048];
  g_autofree char *f1 = NULL, *f2 = NULL, *f3 = NULL;

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_test_rand_int_range (0, 256);
  noise[0] = 0x42;
  f1 = write_bytes ("noise.bin", noise, sizeof noise);
  f2 = write_bytes ("text.txt", "Hello, this is just text.\n", -1);
  f3 = write_bytes ("empty", "", 0);

  assert_load_error (f1, SECRET, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
  assert_load_error (f2, SECRET, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
  assert_load_error (f3, SECRET, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
}

static void
test_truncated (void)
{
  g_autofree char *der = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (fx->client_ks, &der, &len, &error);
  g_assert_no_error (error);
  p1 = write_bytes ("cut.p12", der, len / 2);
  p2 = write_bytes ("cut.pem", fx->answer_pem, strlen (fx->answer_pem) - 200);
  p3 = write_bytes ("cut-in-key.pem", fx->answer_pem, 300);

  assert_load_error (p1, SECRET, HERALD_KEYSTORE_ERROR_TRUNCATED);
  assert_load_error (p2, SECRET, HERALD_KEYSTORE_ERROR_TRUNCATED);
  assert_load_error (p3, SECRET, HERALD_KEYSTORE_ERROR_TRUNCATED);
}

static void
test_key_mismatch (void)
{
  g_autofree char *other = herald_test_pki_issue_answer (fx->pki, "other-device", SECRET);
  g_autofree char *crt_path = herald_test_pki_path (fx->pki, "cb1bc8935375529e.crt");
  g_autofree char *crt = NULL;
  g_autofree char *mixed = NULL;
  g_autofree char *file = NULL;
  const char *end;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (crt_path, &crt, NULL, &error);
  g_assert_no_error (error);
  /* other-device's encrypted key with cb1bc8935375529e's certificate */
  end = strstr (other, "-----END ENCRYPTED PRIVATE KEY-----\n");
  g_assert_nonnull (end);
  mixed = g_strdup_printf ("%.*s%s", (int) (end - other + strlen ("-----END ENCRYPTED PRIVATE KEY-----\n")),
                           other, crt);
  file = write_bytes ("mixed.pem", mixed, strlen (mixed));

  assert_load_error (file, SECRET, HERALD_KEYSTORE_ERROR_KEY_MISMATCH);
}

static void
test_no_key (void)
{
  g_autofree char *crt = herald_test_pki_path (fx->pki, "cb1bc8935375529e.crt");
  g_autofree char *p12 = path ("nokey.p12");
  g_autoptr(GError) error = NULL;

  assert_load_error (crt, SECRET, HERALD_KEYSTORE_ERROR_NO_KEY);

  herald_test_run_openssl (&error, "pkcs12", "-export", "-nokeys", "-in", crt, "-out", p12,
                           "-passout", "pass:" SECRET, NULL);
  g_assert_no_error (error);
  assert_load_error (p12, SECRET, HERALD_KEYSTORE_ERROR_NO_KEY);
}

static void
test_no_certificate (void)
{
  g_autofree char *key = herald_test_pki_path (fx->pki, "cb1bc8935375529e-enc.key");

  assert_load_error (key, SECRET, HERALD_KEYSTORE_ERROR_NO_CERTIFICATE);
}

static void
test_too_large (void)
{
  gsize len = HERALD_KEYSTORE_MAX_SIZE + 1;
  g_autofree char *big = g_malloc0 (len);
  g_autofree char *file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;

  memcpy (big, fx->answer_pem, strlen (fx->answer_pem));
  file = write_bytes ("big.pem", big, len);
  assert_load_error (file, SECRET, HERALD_KEYSTORE_ERROR_TOO_LARGE);

  bytes = g_bytes_new (big, len);
  ks = herald_keystore_new_from_pkcs12 (bytes, SECRET, &error);
  g_assert_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_TOO_LARGE);
}

static void
test_missing_file (void)
{
  g_autofree char *file = path ("does-not-exist.p12");

  assert_load_error (file, SECRET, HERALD_KEYSTORE_ERROR_IO);
}

static void
test_validity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) a = NULL;
  g_autoptr(HeraldKeystore) b = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  herald_test_pki_issue (fx->pki, "expired", "expired-device", NULL, -30, -1);
  herald_test_pki_issue (fx->pki, "future", "future-device", NULL, 10, 20);

  {
    g_autofree char *k = NULL, *c = NULL, *pem = NULL;
    g_autofree char *kf = herald_test_pki_path (fx->pki, "expired.key");
    g_autofree char *cf = herald_test_pki_path (fx->pki, "expired.crt");

    g_file_get_contents (kf, &k, NULL, NULL);
    g_file_get_contents (cf, &c, NULL, NULL);
    pem = g_strconcat (k, c, NULL);
    a = herald_keystore_new_from_pem (pem, -1, NULL, &error);
    g_assert_no_error (error);
  }
  {
    g_autofree char *k = NULL, *c = NULL, *pem = NULL;
    g_autofree char *kf = herald_test_pki_path (fx->pki, "future.key");
    g_autofree char *cf = herald_test_pki_path (fx->pki, "future.crt");

    g_file_get_contents (kf, &k, NULL, NULL);
    g_file_get_contents (cf, &c, NULL, NULL);
    pem = g_strconcat (k, c, NULL);
    b = herald_keystore_new_from_pem (pem, -1, NULL, &error);
    g_assert_no_error (error);
  }

  g_assert_true (herald_keystore_is_expired (a));
  g_assert_false (herald_keystore_is_not_yet_valid (a));
  g_assert_cmpint (g_date_time_compare (herald_keystore_get_not_after (a), now), <, 0);
  g_assert_false (herald_keystore_is_expired (b));
  g_assert_true (herald_keystore_is_not_yet_valid (b));
  g_assert_cmpint (g_date_time_compare (herald_keystore_get_not_before (b), now), >, 0);
  g_assert_cmpstr (herald_keystore_get_subject_cn (b), ==, "future-device");
}

/* Password hashing bound ------------------------------------------------- */

/* One round more than a key store may ask for in all (MAX_ITERATIONS in
 * herald-keystore.c, 10 million). The key stores below are the seed's
 * client.ks and answer with one count raised to it, without hashing that
 * often to make them; the raised part no longer decrypts, which does not
 * matter: the bound refuses them before any hashing. Without the bound each
 * load hashes 10 million rounds once or twice (a few seconds here) and
 * fails with another error; with it, at once. */
#define OVER_BOUND 10000001

static PKCS12 *
read_client_ks (void)
{
  g_autofree char *der = NULL;
  g_autoptr(GError) error = NULL;
  const unsigned char *p;
  gsize len;
  PKCS12 *p12;

  g_file_get_contents (fx->client_ks, &der, &len, &error);
  g_assert_no_error (error);
  p = (const unsigned char *) der;
  p12 = d2i_PKCS12 (NULL, &p, (long) len);
  g_assert_nonnull (p12);
  return p12;
}

static GBytes *
pkcs12_bytes (PKCS12 *p12)
{
  unsigned char *der = NULL;
  int len = i2d_PKCS12 (p12, &der);
  GBytes *bytes;

  g_assert_cmpint (len, >, 0);
  bytes = g_bytes_new (der, len);
  OPENSSL_free (der);
  return bytes;
}

/* Replaces @alg by PBES2 (AES-256-CBC, PBKDF2 with HMAC-SHA256) with
 * @iterations: only the parameters, nothing is hashed. */
static void
set_pbkdf2_iterations (X509_ALGOR *alg,
                       int         iterations)
{
  X509_ALGOR *raised = PKCS5_pbe2_set_iv (EVP_aes_256_cbc (), iterations, NULL, 0, NULL,
                                          NID_hmacWithSHA256);

  g_assert_nonnull (raised);
  g_assert_true (X509_ALGOR_copy (alg, raised));
  X509_ALGOR_free (raised);
}

/* Raises the shrouded key's count in client.ks to @key_iterations and,
 * when not 0, the encrypted certificates' to @safe_iterations; the MAC
 * is made again (2,048 rounds), so that the password opens it. */
static GBytes *
client_ks_raised (int key_iterations,
                  int safe_iterations)
{
  PKCS12 *p12 = read_client_ks ();
  STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes (p12);
  gboolean raised_key = FALSE;
  GBytes *bytes;

  g_assert_nonnull (safes);
  for (int i = 0; i < sk_PKCS7_num (safes); i++)
    {
      PKCS7 *p7 = sk_PKCS7_value (safes, i);

      if (OBJ_obj2nid (p7->type) == NID_pkcs7_encrypted && safe_iterations > 0)
        set_pbkdf2_iterations (p7->d.encrypted->enc_data->algorithm, safe_iterations);
      else if (OBJ_obj2nid (p7->type) == NID_pkcs7_data)
        {
          STACK_OF(PKCS12_SAFEBAG) *bags = PKCS12_unpack_p7data (p7);

          for (int j = 0; j < sk_PKCS12_SAFEBAG_num (bags); j++)
            {
              PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value (bags, j);
              X509_ALGOR *alg = NULL;

              if (PKCS12_SAFEBAG_get_nid (bag) != NID_pkcs8ShroudedKeyBag)
                continue;
              X509_SIG_getm ((X509_SIG *) PKCS12_SAFEBAG_get0_pkcs8 (bag), &alg, NULL);
              set_pbkdf2_iterations (alg, key_iterations);
              raised_key = TRUE;
            }
          sk_PKCS7_set (safes, i, PKCS12_pack_p7data (bags));
          PKCS7_free (p7);
          sk_PKCS12_SAFEBAG_pop_free (bags, PKCS12_SAFEBAG_free);
        }
    }
  g_assert_true (raised_key);

  g_assert_true (PKCS12_pack_authsafes (p12, safes));
  g_assert_true (PKCS12_set_mac (p12, SECRET, -1, NULL, 0, 2048, EVP_sha256 ()));
  bytes = pkcs12_bytes (p12);

  sk_PKCS7_pop_free (safes, PKCS7_free);
  PKCS12_free (p12);
  return bytes;
}

/* The answer's key, encrypted with @alg's parameters (made with 2,048
 * rounds, then @alg put in their place), followed by its certificate. */
static GBytes *
answer_with_key_algorithm (X509_ALGOR *alg)
{
  BIO *in = BIO_new_mem_buf (fx->answer_pem, -1);
  BIO *out = BIO_new (BIO_s_mem ());
  EVP_PKEY *pkey = PEM_read_bio_PrivateKey (in, NULL, NULL, (void *) SECRET);
  PKCS8_PRIV_KEY_INFO *p8inf = EVP_PKEY2PKCS8 (pkey);
  X509_SIG *p8 = PKCS8_encrypt (-1, EVP_aes_256_cbc (), SECRET, -1, NULL, 0, 2048, p8inf);
  X509_ALGOR *key_alg = NULL;
  GString *pem = g_string_new (NULL);
  char *data;
  long len;

  g_assert_nonnull (p8);
  X509_SIG_getm (p8, &key_alg, NULL);
  g_assert_true (X509_ALGOR_copy (key_alg, alg));
  g_assert_true (PEM_write_bio_PKCS8 (out, p8));
  len = BIO_get_mem_data (out, &data);
  g_string_append_len (pem, data, len);
  g_string_append (pem, strstr (fx->answer_pem, "-----BEGIN CERTIFICATE-----"));

  X509_SIG_free (p8);
  PKCS8_PRIV_KEY_INFO_free (p8inf);
  EVP_PKEY_free (pkey);
  BIO_free (out);
  BIO_free (in);
  return g_string_free_to_bytes (pem);
}

static void
assert_too_much_hashing (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;
  gint64 start = g_get_monotonic_time ();

  ks = herald_keystore_new_from_data (bytes, SECRET, &error);
  g_test_message ("refused after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_null (ks);
  g_assert_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "10 million rounds"));
  g_assert_nonnull (strstr (error->message, "Export it again"));
}

static void
test_iterations_mac (void)
{
  PKCS12 *p12 = read_client_ks ();
  const ASN1_INTEGER *iterations = NULL;
  g_autoptr(GBytes) bytes = NULL;

  PKCS12_get0_mac (NULL, NULL, NULL, &iterations, p12);
  g_assert_nonnull (iterations);
  g_assert_true (ASN1_INTEGER_set ((ASN1_INTEGER *) iterations, OVER_BOUND));
  bytes = pkcs12_bytes (p12);
  PKCS12_free (p12);

  assert_too_much_hashing (bytes);
}

static void
test_iterations_key (void)
{
  g_autoptr(GBytes) bytes = client_ks_raised (OVER_BOUND, 0);

  assert_too_much_hashing (bytes);
}

/* Each part under the bound, together over it. */
static void
test_iterations_sum (void)
{
  g_autoptr(GBytes) bytes = client_ks_raised (6000000, 6000000);

  assert_too_much_hashing (bytes);
}

static void
test_iterations_pem (void)
{
  X509_ALGOR *alg = PKCS5_pbe2_set_iv (EVP_aes_256_cbc (), OVER_BOUND, NULL, 0, NULL, NID_hmacWithSHA256);
  g_autoptr(GBytes) bytes = answer_with_key_algorithm (alg);

  X509_ALGOR_free (alg);
  assert_too_much_hashing (bytes);
}

/* scrypt within OpenSSL's memory limit (N × r × 128 bytes, 16 MiB here)
 * but N × r × p over the bound: 80 times the default's work. */
static void
test_iterations_scrypt (void)
{
  X509_ALGOR *alg = PKCS5_pbe2_set_scrypt (EVP_aes_256_cbc (), NULL, 0, NULL, 16384, 8, 80);
  g_autoptr(GBytes) bytes = answer_with_key_algorithm (alg);

  X509_ALGOR_free (alg);
  assert_too_much_hashing (bytes);
}

/* The most cautious count tools write still loads. */
static void
test_iterations_real (void)
{
  g_autofree char *p12_file = path ("cautious.p12");
  g_autofree char *key_file = path ("cautious-key.pem");
  g_autofree char *pem_file = path ("cautious.pem");
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) from_p12 = NULL;
  g_autoptr(HeraldKeystore) from_pem = NULL;

#ifdef __SANITIZE_ADDRESS__
  /* OpenSSL allocates in each of the 1.8 million HMAC rounds below, and the
   * slow unwinder LeakSanitizer needs here (see tests/meson.build) turns
   * that into three minutes. The plain build runs this test. */
  g_test_skip ("600,000 PBKDF2 rounds take minutes under AddressSanitizer's slow unwinder");
  return;
#endif

  herald_test_run_openssl (&error, "pkcs12", "-export", "-in", fx->pem_file, "-inkey", fx->pem_file,
                           "-iter", "600000", "-out", p12_file, "-passin", "pass:" SECRET,
                           "-passout", "pass:" SECRET, NULL);
  g_assert_no_error (error);
  from_p12 = load (p12_file, SECRET, &error);
  g_assert_no_error (error);
  assert_device (from_p12);

  herald_test_run_openssl (&error, "pkcs8", "-topk8", "-in", fx->pem_file, "-passin", "pass:" SECRET,
                           "-v2", "aes-256-cbc", "-iter", "600000", "-out", key_file,
                           "-passout", "pass:" SECRET, NULL);
  g_assert_no_error (error);
  g_file_get_contents (key_file, &key, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = g_strconcat (key, strstr (fx->answer_pem, "-----BEGIN CERTIFICATE-----"), NULL);

    g_file_set_contents (pem_file, text, -1, &error);
    g_assert_no_error (error);
  }
  from_pem = load (pem_file, SECRET, &error);
  g_assert_no_error (error);
  assert_device (from_pem);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  fixture_setup ();

  g_test_add_func ("/keystore/seed-client-ks", test_seed_client_ks_loads);
  g_test_add_func ("/keystore/legacy", test_legacy_loads);
  g_test_add_func ("/keystore/answer", test_answer_pem_and_p12);
  g_test_add_func ("/keystore/round-trips", test_round_trips);
  g_test_add_func ("/keystore/device-keystore", test_device_keystore);
  g_test_add_func ("/keystore/error/wrong-password", test_wrong_password);
  g_test_add_func ("/keystore/error/not-a-keystore", test_not_a_keystore);
  g_test_add_func ("/keystore/error/truncated", test_truncated);
  g_test_add_func ("/keystore/error/key-mismatch", test_key_mismatch);
  g_test_add_func ("/keystore/error/no-key", test_no_key);
  g_test_add_func ("/keystore/error/no-certificate", test_no_certificate);
  g_test_add_func ("/keystore/error/too-large", test_too_large);
  g_test_add_func ("/keystore/error/missing-file", test_missing_file);
  g_test_add_func ("/keystore/validity", test_validity);
  g_test_add_func ("/keystore/iterations/mac", test_iterations_mac);
  g_test_add_func ("/keystore/iterations/key", test_iterations_key);
  g_test_add_func ("/keystore/iterations/sum", test_iterations_sum);
  g_test_add_func ("/keystore/iterations/pem", test_iterations_pem);
  g_test_add_func ("/keystore/iterations/scrypt", test_iterations_scrypt);
  g_test_add_func ("/keystore/iterations/real", test_iterations_real);

  ret = g_test_run ();
  fixture_teardown ();

  return ret;
}

/* test-profile-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libsecret/secret.h>

#include "herald-profile-store.h"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_secret (HeraldProfileStore *store,
              HeraldSecretKind    kind,
              const char         *key,
              const char         *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  herald_profile_store_store_secret_async (store, kind, key, secret, NULL, result_cb, &result);
  g_assert_true (herald_profile_store_store_secret_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static char *
lookup_secret (HeraldProfileStore *store,
               HeraldSecretKind    kind,
               const char         *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  herald_profile_store_lookup_secret_async (store, kind, key, NULL, result_cb, &result);
  secret = herald_profile_store_lookup_secret_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  return secret;
}

static void
clear_secret (HeraldProfileStore *store,
              HeraldSecretKind    kind,
              const char         *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  herald_profile_store_clear_secret_async (store, kind, key, NULL, result_cb, &result);
  g_assert_true (herald_profile_store_clear_secret_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (NULL, FALSE);
  g_autoptr(HeraldProfileStore) again = herald_profile_store_new_full (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldProfile) first = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *contents = NULL;
  HeraldProfile *profile;
  GStatBuf st;

  expected_path = g_build_filename (g_get_user_config_dir (), "herald", "profiles.ini", NULL);
  g_assert_cmpstr (herald_profile_store_get_path (store), ==, expected_path);

  /* No file yet: no profile, no error. */
  g_assert_true (herald_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  profile = herald_profile_store_ensure (store, "Local sandbox");
  g_assert_true (profile == herald_profile_store_ensure (store, "Local sandbox"));
  herald_profile_set_use_sandbox (profile, TRUE);
  herald_profile_set_string (profile, "api-url", "http://127.0.0.1:4000/iot/core/api/v1");
  herald_profile_set_string (profile, "user", "admin");
  herald_profile_set_string (profile, "device-alternate-id", "0123456789abcdef");
  herald_profile_set_string (profile, "flavor", "classic");

  profile = herald_profile_store_ensure (store, "Tenant [eu10] = test");
  g_object_set (profile, "api-url", "https://x.eu10.cp.iot.sap/iot/core/api/v1/tenant/42", NULL);
  herald_profile_set_string (profile, "user", "root");
  herald_profile_set_string (profile, "ca-file", "");
  g_assert_null (herald_profile_get_string (profile, "ca-file"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_true (herald_profile_store_save (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (expected_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (expected_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (contents, "password"));

  g_assert_true (herald_profile_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);

  first = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_cmpstr (herald_profile_get_name (first), ==, "Local sandbox");
  g_assert_true (herald_profile_get_use_sandbox (first));
  g_assert_cmpstr (herald_profile_get_string (first, "api-url"), ==, "http://127.0.0.1:4000/iot/core/api/v1");
  g_assert_cmpstr (herald_profile_get_string (first, "device-alternate-id"), ==, "0123456789abcdef");
  g_assert_null (herald_profile_get_string (first, "sensor-id"));

  profile = herald_profile_store_lookup (again, "Tenant [eu10] = test");
  g_assert_nonnull (profile);
  g_assert_false (herald_profile_get_use_sandbox (profile));
  g_assert_cmpstr (herald_profile_get_string (profile, "user"), ==, "root");

  g_assert_true (herald_profile_store_remove (again, "Local sandbox"));
  g_assert_false (herald_profile_store_remove (again, "Local sandbox"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
}

static void
test_corrupt_file (void)
{
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (herald_profile_store_get_path (store));

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (herald_profile_store_get_path (store), "this is [not a key file\n", -1, &error);
  g_assert_no_error (error);

  g_assert_false (herald_profile_store_load (store, &error));
  g_assert_error (error, HERALD_PROFILE_STORE_ERROR, HERALD_PROFILE_STORE_ERROR_INVALID);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static void
test_memory_secrets (void)
{
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (NULL, FALSE);
  g_autoptr(HeraldProfileStore) other = herald_profile_store_new_full (NULL, FALSE);
  g_autofree char *secret = NULL;
  g_autofree char *device = NULL;
  g_autofree char *elsewhere = NULL;

  g_assert_false (herald_profile_store_get_secrets_persistent (store));

  store_secret (store, HERALD_SECRET_SERVICE_PASSWORD, "Local sandbox", "pw-1");
  store_secret (store, HERALD_SECRET_DEVICE_KEYSTORE, "Local sandbox", "device-secret");

  secret = lookup_secret (store, HERALD_SECRET_SERVICE_PASSWORD, "Local sandbox");
  g_assert_cmpstr (secret, ==, "pw-1");
  device = lookup_secret (store, HERALD_SECRET_DEVICE_KEYSTORE, "Local sandbox");
  g_assert_cmpstr (device, ==, "device-secret");

  /* Only this session's store holds it. */
  elsewhere = lookup_secret (other, HERALD_SECRET_SERVICE_PASSWORD, "Local sandbox");
  g_assert_null (elsewhere);

  clear_secret (store, HERALD_SECRET_SERVICE_PASSWORD, "Local sandbox");
  g_clear_pointer (&secret, g_free);
  secret = lookup_secret (store, HERALD_SECRET_SERVICE_PASSWORD, "Local sandbox");
  g_assert_null (secret);
}

static void
wait_probe (HeraldProfileStore *store)
{
  /* The probe answers within a few round trips on the bus. */
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *secret = NULL;

  /* A lookup finishes after the probe that was sent first. */
  herald_profile_store_lookup_secret_async (store, HERALD_SECRET_SERVICE_PASSWORD,
                                            "probe-nothing-here", NULL, result_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  secret = herald_profile_store_lookup_secret_finish (store, result, NULL);
  g_assert_null (secret);
}

static void
test_secret_service (void)
{
  g_autoptr(HeraldProfileStore) store = NULL;
  g_autoptr(HeraldProfileStore) fresh = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *gone = NULL;

  if (g_getenv ("HERALD_TEST_SESSION") == NULL)
    {
      g_test_skip ("needs the Secret Service of build-aux/test-session");
      return;
    }

  store = herald_profile_store_new_full (NULL, TRUE);
  wait_probe (store);
  g_assert_true (herald_profile_store_get_secrets_persistent (store));

  store_secret (store, HERALD_SECRET_SERVICE_PASSWORD, "test-secret-service", "kept in the keyring");

  /* A second store has nothing in memory: it can only find it in the keyring. */
  fresh = herald_profile_store_new_full (NULL, TRUE);
  secret = lookup_secret (fresh, HERALD_SECRET_SERVICE_PASSWORD, "test-secret-service");
  g_assert_cmpstr (secret, ==, "kept in the keyring");
  g_assert_true (herald_profile_store_get_secrets_persistent (fresh));

  clear_secret (store, HERALD_SECRET_SERVICE_PASSWORD, "test-secret-service");
  g_clear_object (&fresh);
  fresh = herald_profile_store_new_full (NULL, TRUE);
  gone = lookup_secret (fresh, HERALD_SECRET_SERVICE_PASSWORD, "test-secret-service");
  g_assert_null (gone);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;
  (*count)++;
}

static void
test_no_secret_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(HeraldProfileStore) store = NULL;
      g_autofree char *secret = NULL;
      guint notified = 0;

      /* No bus to talk to: libsecret fails and the store falls back. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/herald-test-bus", TRUE);

      store = herald_profile_store_new_full (NULL, TRUE);
      g_signal_connect (store, "notify::secrets-persistent", G_CALLBACK (notify_cb), &notified);
      wait_probe (store);

      g_assert_false (herald_profile_store_get_secrets_persistent (store));
      g_assert_cmpuint (notified, ==, 1);

      store_secret (store, HERALD_SECRET_DEVICE_KEYSTORE, "abcdef0123456789", "only in memory");
      secret = lookup_secret (store, HERALD_SECRET_DEVICE_KEYSTORE, "abcdef0123456789");
      g_assert_cmpstr (secret, ==, "only in memory");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile-store/round-trip", test_round_trip);
  g_test_add_func ("/profile-store/corrupt-file", test_corrupt_file);
  g_test_add_func ("/profile-store/memory-secrets", test_memory_secrets);
  g_test_add_func ("/profile-store/secret-service", test_secret_service);
  g_test_add_func ("/profile-store/no-secret-service", test_no_secret_service);

  ret = g_test_run ();

  /* Drop libsecret's shared service, so the leak checker sees only ours. */
  secret_service_disconnect ();

  return ret;
}

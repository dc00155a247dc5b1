/* test-sandbox-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "herald-sandbox-info.h"

static char *
make_dir_with (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("herald-sandbox-info-XXXXXX", &error);
  g_assert_no_error (error);

  if (contents != NULL)
    {
      g_autofree char *path = g_build_filename (dir, "sandbox.json", NULL);
      g_file_set_contents (path, contents, -1, &error);
      g_assert_no_error (error);
    }
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "sandbox.json", NULL);
  g_remove (path);
  g_rmdir (dir);
}

static const char *full_json =
  "{\"schema\": 1, \"api_url\": \"http://127.0.0.1:40123/iot/core/api/v1\","
  " \"user\": \"admin\", \"password\": \"s3cr3t pw\", \"mqtt_uri\": \"ssl://localhost:40124\","
  " \"ca_file\": \"/tmp/sandbox/ca.pem\", \"flavor\": \"tenant\", \"pid\": 4242,"
  " \"something_new\": [1, 2]}";

static void
test_load_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSandboxInfo) info = NULL;
  g_autofree char *dir = make_dir_with (full_json);
  g_autofree char *flavor = NULL;

  info = herald_sandbox_info_load (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (herald_sandbox_info_get_data_dir (info), ==, dir);
  g_assert_cmpstr (herald_sandbox_info_get_api_url (info), ==, "http://127.0.0.1:40123/iot/core/api/v1");
  g_assert_cmpstr (herald_sandbox_info_get_user (info), ==, "admin");
  g_assert_cmpstr (herald_sandbox_info_get_password (info), ==, "s3cr3t pw");
  g_assert_cmpstr (herald_sandbox_info_get_mqtt_uri (info), ==, "ssl://localhost:40124");
  g_assert_cmpstr (herald_sandbox_info_get_ca_file (info), ==, "/tmp/sandbox/ca.pem");
  g_assert_cmpstr (herald_sandbox_info_get_flavor (info), ==, "tenant");
  g_assert_cmpint (herald_sandbox_info_get_pid (info), ==, 4242);

  g_object_get (info, "flavor", &flavor, NULL);
  g_assert_cmpstr (flavor, ==, "tenant");

  remove_dir (dir);
}

static void
test_flavor_defaults_to_classic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSandboxInfo) info = NULL;

  info = herald_sandbox_info_new_from_data (
    "{\"schema\":1,\"api_url\":\"http://localhost:1/iot/core/api/v1\",\"user\":\"u\","
    "\"password\":\"p\",\"mqtt_uri\":\"ssl://localhost:2\",\"ca_file\":\"/ca.pem\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_sandbox_info_get_flavor (info), ==, "classic");
  g_assert_cmpint (herald_sandbox_info_get_pid (info), ==, 0);
  g_assert_null (herald_sandbox_info_get_data_dir (info));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSandboxInfo) info = NULL;
  g_autofree char *dir = make_dir_with (NULL);

  info = herald_sandbox_info_load (dir, NULL, &error);
  g_assert_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING);
  g_assert_null (info);
  g_assert_nonnull (strstr (error->message, dir));

  remove_dir (dir);
}

static void
test_bad_files (void)
{
  static const struct {
    const char *json;
    int code;
    const char *names;
  } cases[] = {
    { "not json at all", HERALD_SANDBOX_INFO_ERROR_INVALID, NULL },
    { "[1, 2, 3]", HERALD_SANDBOX_INFO_ERROR_INVALID, NULL },
    { "{}", HERALD_SANDBOX_INFO_ERROR_INVALID, NULL },
    { "{\"schema\": 2, \"api_url\": \"http://x\"}", HERALD_SANDBOX_INFO_ERROR_UNSUPPORTED, "2" },
    { "{\"schema\": \"1\"}", HERALD_SANDBOX_INFO_ERROR_INVALID, NULL },
    { "{\"schema\":1,\"api_url\":\"http://h/a\",\"user\":\"u\",\"mqtt_uri\":\"ssl://h:1\",\"ca_file\":\"/c\"}",
      HERALD_SANDBOX_INFO_ERROR_INVALID, "password" },
    { "{\"schema\":1,\"api_url\":\"http://h/a\",\"user\":5,\"password\":\"p\",\"mqtt_uri\":\"ssl://h:1\",\"ca_file\":\"/c\"}",
      HERALD_SANDBOX_INFO_ERROR_INVALID, "user" },
    { "{\"schema\":1,\"api_url\":\"ftp://h/a\",\"user\":\"u\",\"password\":\"p\",\"mqtt_uri\":\"ssl://h:1\",\"ca_file\":\"/c\"}",
      HERALD_SANDBOX_INFO_ERROR_INVALID, "api_url" },
    { "{\"schema\":1,\"api_url\":\"http://h/a\",\"user\":\"u\",\"password\":\"p\",\"mqtt_uri\":\"\",\"ca_file\":\"/c\"}",
      HERALD_SANDBOX_INFO_ERROR_INVALID, "mqtt_uri" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldSandboxInfo) info = NULL;
      g_autofree char *dir = make_dir_with (cases[i].json);

      info = herald_sandbox_info_load (dir, NULL, &error);
      g_assert_null (info);
      g_assert_error (error, HERALD_SANDBOX_INFO_ERROR, cases[i].code);
      if (cases[i].names != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].names));
      /* Never leak the password into a message. */
      g_assert_null (strstr (error->message, "\"p\""));

      remove_dir (dir);
    }
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static void
test_load_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSandboxInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = make_dir_with (full_json);

  herald_sandbox_info_load_async (dir, NULL, load_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  info = herald_sandbox_info_load_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_sandbox_info_get_mqtt_uri (info), ==, "ssl://localhost:40124");

  g_clear_object (&result);
  remove_dir (dir);

  herald_sandbox_info_load_async (dir, NULL, load_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&info);
  info = herald_sandbox_info_load_finish (result, &error);
  g_assert_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING);
  g_assert_null (info);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sandbox-info/load-full", test_load_full);
  g_test_add_func ("/sandbox-info/flavor-defaults-to-classic", test_flavor_defaults_to_classic);
  g_test_add_func ("/sandbox-info/missing-file", test_missing_file);
  g_test_add_func ("/sandbox-info/bad-files", test_bad_files);
  g_test_add_func ("/sandbox-info/load-async", test_load_async);

  return g_test_run ();
}

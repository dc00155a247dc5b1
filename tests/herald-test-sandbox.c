/* herald-test-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "herald-test-sandbox.h"

struct _HeraldTestSandbox
{
  GSubprocess *process;
  GPid         pid;
  char        *data_dir;
  gboolean     own_data_dir;
  char        *api_url;
  char        *user;
  char        *password;
  char        *mqtt_uri;
  char        *ca_file;
  char        *flavor;
};

const char *
herald_test_sandbox_get_binary (void)
{
  static char *binary;

  if (binary == NULL)
    {
      const char *env = g_getenv ("HERALD_SANDBOX");
      const char *root = g_getenv ("HERALD_BUILD_ROOT");

      if (env != NULL)
        binary = g_strdup (env);
      else
        binary = g_build_filename (root ? root : ".", "src", "sandbox", "herald-sandbox", NULL);
    }
  return binary;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  return g_strdup (json_object_has_member (object, name)
                   ? json_object_get_string_member (object, name) : NULL);
}

HeraldTestSandbox *
herald_test_sandbox_start (const char  *flavor,
                           GError     **error)
{
  return herald_test_sandbox_start_full (flavor, NULL, NULL, error);
}

/**
 * herald_test_sandbox_start_full:
 * @flavor: (nullable): "classic" (default) or "tenant"
 * @data_dir: (nullable): a data directory to use (kept), or %NULL for a
 *   new temporary one (removed by herald_test_sandbox_free())
 * @extra_args: (nullable): more command-line arguments, e.g. "--reset"
 *
 * Starts herald-sandbox and waits (up to 30 s) until it has written
 * sandbox.json.
 */
/* Runs in the child before exec: a test that aborts must not leave its
 * sandbox running (meson would wait for it until the time-out). */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

HeraldTestSandbox *
herald_test_sandbox_start_full (const char          *flavor,
                                const char          *data_dir,
                                const char * const  *extra_args,
                                GError             **error)
{
  g_autoptr(HeraldTestSandbox) sandbox = g_new0 (HeraldTestSandbox, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *info = NULL;
  gint64 deadline;

  if (data_dir != NULL)
    sandbox->data_dir = g_strdup (data_dir);
  else
    {
      sandbox->data_dir = g_dir_make_tmp ("herald-test-sandbox-XXXXXX", error);
      if (sandbox->data_dir == NULL)
        return NULL;
      sandbox->own_data_dir = TRUE;
    }
  info = g_build_filename (sandbox->data_dir, "sandbox.json", NULL);
  g_unlink (info);

  g_ptr_array_add (argv, (char *) herald_test_sandbox_get_binary ());
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, sandbox->data_dir);
  g_ptr_array_add (argv, "--http-port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--mqtt-port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--flavor");
  g_ptr_array_add (argv, (char *) (flavor ? flavor : "classic"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  /* A whole test program run again with GUID ids, as newer tenants have
   * (tests/meson.build): nothing may take ids for numbers. */
  if (g_strcmp0 (g_getenv ("HERALD_TEST_SANDBOX_IDS"), "guid") == 0)
    {
      g_ptr_array_add (argv, "--ids");
      g_ptr_array_add (argv, "guid");
    }
  /* And over HTTPS, the API's certificate from the sandbox's CA (its
   * ca_file, which the tests give Herald's client). */
  if (g_strcmp0 (g_getenv ("HERALD_TEST_SANDBOX_HTTPS"), "1") == 0)
    g_ptr_array_add (argv, "--https");
#ifdef __SANITIZE_ADDRESS__
  /* RSA-2048 key generation allocates thousands of times, and under the
   * slow unwinder LeakSanitizer needs (tests/meson.build) each device's key
   * took seconds: P-256 keys here, unless the test chose. The plain build
   * and the tests that ask for RSA cover the default. */
  if (extra_args == NULL || !g_strv_contains (extra_args, "--key-type"))
    {
      g_ptr_array_add (argv, "--key-type");
      g_ptr_array_add (argv, "ec");
    }
#endif
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  /* The summary goes to stderr: stdout carries the test's TAP. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  sandbox->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (sandbox->process == NULL)
    return NULL;
  sandbox->pid = atoi (g_subprocess_get_identifier (sandbox->process));

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      if (g_file_test (info, G_FILE_TEST_EXISTS) &&
          json_parser_load_from_file (parser, info, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          object = json_node_get_object (json_parser_get_root (parser));
          if (json_object_get_int_member_with_default (object, "pid", 0) == sandbox->pid)
            {
              sandbox->api_url = dup_member (object, "api_url");
              sandbox->user = dup_member (object, "user");
              sandbox->password = dup_member (object, "password");
              sandbox->mqtt_uri = dup_member (object, "mqtt_uri");
              sandbox->ca_file = dup_member (object, "ca_file");
              sandbox->flavor = dup_member (object, "flavor");
              return g_steal_pointer (&sandbox);
            }
        }

      if (g_subprocess_get_identifier (sandbox->process) == NULL)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       "herald-sandbox exited before writing sandbox.json (see its messages)");
          return NULL;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "herald-sandbox wrote no sandbox.json within 30 seconds");
          return NULL;
        }
      g_usleep (20 * 1000);
    }
}

/**
 * herald_test_sandbox_stop:
 *
 * Sends SIGTERM and waits for the process.
 *
 * Returns: its exit status (0 after a clean stop), -1 if it was not running
 */
int
herald_test_sandbox_stop (HeraldTestSandbox *sandbox)
{
  g_autoptr(GSubprocess) process = g_steal_pointer (&sandbox->process);

  if (process == NULL)
    return -1;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  if (g_subprocess_get_if_exited (process))
    return g_subprocess_get_exit_status (process);
  return 128 + g_subprocess_get_term_sig (process);
}

/* kill -9, and wait for it. */
void
herald_test_sandbox_kill (HeraldTestSandbox *sandbox)
{
  g_autoptr(GSubprocess) process = g_steal_pointer (&sandbox->process);

  if (process == NULL)
    return;
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

void
herald_test_sandbox_free (HeraldTestSandbox *sandbox)
{
  if (sandbox == NULL)
    return;
  herald_test_sandbox_stop (sandbox);
  if (sandbox->own_data_dir)
    remove_tree (sandbox->data_dir);
  g_free (sandbox->data_dir);
  g_free (sandbox->api_url);
  g_free (sandbox->user);
  g_free (sandbox->password);
  g_free (sandbox->mqtt_uri);
  g_free (sandbox->ca_file);
  g_free (sandbox->flavor);
  g_free (sandbox);
}

const char *herald_test_sandbox_get_api_url (HeraldTestSandbox *sandbox) { return sandbox->api_url; }
const char *herald_test_sandbox_get_user (HeraldTestSandbox *sandbox) { return sandbox->user; }
const char *herald_test_sandbox_get_password (HeraldTestSandbox *sandbox) { return sandbox->password; }
const char *herald_test_sandbox_get_mqtt_uri (HeraldTestSandbox *sandbox) { return sandbox->mqtt_uri; }
const char *herald_test_sandbox_get_ca_file (HeraldTestSandbox *sandbox) { return sandbox->ca_file; }
const char *herald_test_sandbox_get_data_dir (HeraldTestSandbox *sandbox) { return sandbox->data_dir; }
const char *herald_test_sandbox_get_flavor (HeraldTestSandbox *sandbox) { return sandbox->flavor; }
GPid herald_test_sandbox_get_pid (HeraldTestSandbox *sandbox) { return sandbox->pid; }

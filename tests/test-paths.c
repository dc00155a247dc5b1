/* test-paths.c: where Herald finds the programs it runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "herald-paths.h"

/* This test runs from the build tree: herald-sandbox is found there, before
 * PATH and before the install prefix. */
static void
test_build_tree (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (HERALD_BUILD_ROOT, "src", "sandbox", "herald-sandbox", NULL);
  g_autofree char *found = NULL;

  g_unsetenv ("HERALD_SANDBOX");
  g_setenv ("PATH", "/usr/bin:/bin", TRUE);
  found = herald_paths_find_program ("herald-sandbox", "HERALD_SANDBOX", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *dir = g_dir_make_tmp ("paths-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "not-a-program", NULL);

  g_setenv ("HERALD_TEST_PROGRAM", "/bin/true", TRUE);
  found = herald_paths_find_program ("herald-sandbox", "HERALD_TEST_PROGRAM", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "/bin/true");

  /* An override that is wrong is an error, not a quiet fall-back. */
  g_assert_true (g_file_set_contents (plain, "", 0, NULL));
  g_setenv ("HERALD_TEST_PROGRAM", plain, TRUE);
  g_clear_pointer (&found, g_free);
  found = herald_paths_find_program ("herald-sandbox", "HERALD_TEST_PROGRAM", &error);
  g_assert_null (found);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "HERALD_TEST_PROGRAM"));
  g_assert_nonnull (strstr (error->message, plain));
  g_unsetenv ("HERALD_TEST_PROGRAM");
  g_unlink (plain);
  g_rmdir (dir);
}

/* The error lists every place, the install's sbin (a Flatpak's /app/sbin)
 * among them. */
static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *sbin = g_build_filename (SBINDIR, "herald-no-such-program", NULL);
  g_autofree char *build = g_build_filename (HERALD_BUILD_ROOT, "src", "sandbox", "herald-no-such-program", NULL);

  g_setenv ("PATH", "/usr/bin:/bin", TRUE);
  found = herald_paths_find_program ("herald-no-such-program", NULL, &error);
  g_assert_null (found);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, build));
  g_assert_nonnull (strstr (error->message, sbin));
  g_assert_nonnull (strstr (error->message, "PATH (/usr/bin:/bin)"));
  g_assert_nonnull (strstr (error->message, "/usr/sbin/herald-no-such-program"));
}

/* mosquitto is in /usr/sbin on Debian, which is not on a user's PATH. */
static void
test_usr_sbin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  if (!g_file_test ("/usr/sbin/mosquitto", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/sbin/mosquitto here");
      return;
    }
  g_setenv ("PATH", "/nonexistent", TRUE);
  found = herald_paths_find_program ("mosquitto", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (found, "/mosquitto"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/paths/build-tree", test_build_tree);
  g_test_add_func ("/paths/override", test_override);
  g_test_add_func ("/paths/not-found", test_not_found);
  g_test_add_func ("/paths/usr-sbin", test_usr_sbin);

  return g_test_run ();
}

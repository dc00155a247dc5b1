/* test-paths.c: where Herald finds the programs it runs and keeps a
 * device's key store.
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

/* A device's key store lives in its own folder inside the devices folder;
 * an alternate ID that would leave that folder names none. */
static void
test_device_keystore (void)
{
  const char *refused[] = { "", ".", "..", "a/b", "../outside", "/etc", "..//x", "x/" };
  g_autofree char *devices = g_build_filename (g_get_user_data_dir (), "herald", "devices", NULL);
  g_autofree char *expected = g_build_filename (devices, "cb1bc8935375529e", "client.ks", NULL);
  g_autofree char *dotted = g_build_filename (devices, "a..b", "client.ks", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  found = herald_paths_device_keystore ("cb1bc8935375529e", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, expected);

  /* ".." inside a name goes nowhere. */
  g_clear_pointer (&found, g_free);
  found = herald_paths_device_keystore ("a..b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, dotted);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_clear_pointer (&found, g_free);
      found = herald_paths_device_keystore (refused[i], &error);
      g_assert_null (found);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
      g_assert_nonnull (strstr (error->message, refused[i]));
      g_clear_error (&error);
    }
}

static void
write_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents_full (path, "key store", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

/* Forgets @path, which must succeed and leave no file behind. */
static void
assert_forgets (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_paths_forget_device_keystore (path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Forgetting removes the key store and its folder, which it made empty;
 * the devices folder and the other devices stay. */
static void
test_forget_device_keystore (void)
{
  g_autofree char *path = herald_paths_device_keystore ("cb1bc8935375529e", NULL);
  g_autofree char *other = herald_paths_device_keystore ("07c0a15c0d0baeb7", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *devices = herald_paths_devices_dir ();
  g_autofree char *kept = g_build_filename (dir, "notes.txt", NULL);

  write_file (path);
  write_file (other);
  assert_forgets (path);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (devices, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));

  /* Already gone: nothing to do, no error. */
  assert_forgets (path);

  /* A file Herald did not write keeps the folder. */
  write_file (path);
  write_file (kept);
  assert_forgets (path);
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));

  g_unlink (kept);
  g_unlink (other);
}

/* Only a device's key store in the devices folder is removed: not a file
 * the user opened from elsewhere, not one reached by "..", not one in a
 * folder whose name merely starts like the devices folder's. */
static void
test_forget_refuses_outside (void)
{
  g_autofree char *data = g_build_filename (g_get_user_data_dir (), "herald", NULL);
  g_autofree char *devices = herald_paths_devices_dir ();
  g_autofree char *outside = g_build_filename (g_get_home_dir (), "Downloads", "client.ks", NULL);
  g_autofree char *sibling = g_build_filename (data, "devices-old", "cb1bc8935375529e", "client.ks", NULL);
  g_autofree char *traversal = g_build_filename (devices, "..", "devices-old", "cb1bc8935375529e", "client.ks", NULL);
  g_autofree char *top = g_build_filename (devices, "client.ks", NULL);
  g_autofree char *deeper = g_build_filename (devices, "cb1bc8935375529e", "sub", "client.ks", NULL);
  g_autofree char *other_name = g_build_filename (devices, "cb1bc8935375529e", "notes.txt", NULL);
  const char *refused[] = { outside, sibling, traversal, top, deeper, other_name };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    write_file (refused[i]);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("refused: %s", refused[i]);
      g_assert_false (herald_paths_forget_device_keystore (refused[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, refused[i]));
      g_assert_true (g_file_test (refused[i], G_FILE_TEST_IS_REGULAR));
    }

  /* The devices folder itself stays. */
  g_assert_true (g_file_test (devices, G_FILE_TEST_IS_DIR));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_unlink (refused[i]);
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
  g_test_add_func ("/paths/device-keystore", test_device_keystore);
  g_test_add_func ("/paths/forget-device-keystore", test_forget_device_keystore);
  g_test_add_func ("/paths/forget-refuses-outside", test_forget_refuses_outside);

  return g_test_run ();
}

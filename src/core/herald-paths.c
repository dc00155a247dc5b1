/* herald-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "herald-paths.h"

/* Where Herald keeps its files. Computed on each call, not cached, so that
 * tests which isolate $HOME and the XDG directories per test case see their
 * own directories.
 */

char *
herald_paths_sandbox_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "herald", "sandbox", NULL);
}

char *
herald_paths_devices_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "herald", "devices", NULL);
}

char *
herald_paths_device_dir (const char *alternate_id)
{
  g_return_val_if_fail (alternate_id != NULL, NULL);
  g_return_val_if_fail (*alternate_id != '\0', NULL);
  g_return_val_if_fail (strchr (alternate_id, G_DIR_SEPARATOR) == NULL, NULL);
  g_return_val_if_fail (strcmp (alternate_id, "..") != 0, NULL);

  return g_build_filename (g_get_user_data_dir (), "herald", "devices", alternate_id, NULL);
}

char *
herald_paths_config_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "herald", NULL);
}

/* The name of the key store file in a device's folder. */
#define DEVICE_KEYSTORE_NAME "client.ks"

/* Whether @alternate_id can name a folder right inside the devices folder:
 * not empty, not "." or "..", no "/". */
static gboolean
alternate_id_is_folder_name (const char *alternate_id)
{
  return *alternate_id != '\0' &&
         strchr (alternate_id, G_DIR_SEPARATOR) == NULL &&
         strcmp (alternate_id, ".") != 0 &&
         strcmp (alternate_id, "..") != 0;
}

/**
 * herald_paths_device_keystore:
 * @alternate_id: the device's alternate ID, e.g. the subject CN of its
 *   certificate (outside input)
 * @error: a %G_IO_ERROR_INVALID_FILENAME error when @alternate_id cannot
 *   name a folder inside the devices folder (empty, "." or "..", or with a
 *   "/"), so that no device's key store lands outside it
 *
 * Where Herald saves a device's key store:
 * `$XDG_DATA_HOME/herald/devices/<alternateId>/client.ks`.
 *
 * Returns: (transfer full) (nullable): the key store's path
 */
char *
herald_paths_device_keystore (const char  *alternate_id,
                              GError     **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (alternate_id != NULL, NULL);

  if (!alternate_id_is_folder_name (alternate_id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   /* Translators: %s is a device's alternate ID */
                   _("The alternate ID “%s” cannot name the folder of the device’s key store: "
                     "it is empty, “.” or “..”, or holds a “/”. Create the device with an "
                     "alternate ID without “/”, then get its certificate again."),
                   alternate_id);
      return NULL;
    }

  dir = herald_paths_device_dir (alternate_id);
  return g_build_filename (dir, DEVICE_KEYSTORE_NAME, NULL);
}

static gboolean
set_remove_error (GError     **error,
                  const char  *path,
                  int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* Translators: %s is a file or folder, then the system's reason */
               _("Could not remove “%s”: %s. Check that you may write to its folder, "
                 "then try again."),
               path, g_strerror (saved_errno));
  return FALSE;
}

/**
 * herald_paths_forget_device_keystore:
 * @path: a key store path, as herald_paths_device_keystore() made it
 * @error: a %G_IO_ERROR_INVALID_ARGUMENT error when @path is not a device's
 *   key store in the devices folder (for instance a file the user opened
 *   from elsewhere: Herald leaves it alone); else the error of the removal
 *
 * Removes a device's key store file and then its folder, if nothing else
 * is left in it. A file or folder that is already gone is no error. The
 * path is compared after "." and ".." are resolved, so that no path
 * reaches outside the devices folder.
 *
 * Returns: %TRUE when the key store is gone
 */
gboolean
herald_paths_forget_device_keystore (const char  *path,
                                     GError     **error)
{
  g_autofree char *devices_dir = herald_paths_devices_dir ();
  g_autofree char *devices = g_canonicalize_filename (devices_dir, NULL);
  g_autofree char *file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *alternate_id = NULL;
  g_autofree char *expected = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_canonicalize_filename (path, NULL);
  dir = g_path_get_dirname (file);
  parent = g_path_get_dirname (dir);
  alternate_id = g_path_get_basename (dir);
  if (g_str_equal (parent, devices) && alternate_id_is_folder_name (alternate_id))
    expected = g_build_filename (devices, alternate_id, DEVICE_KEYSTORE_NAME, NULL);

  if (expected == NULL || !g_str_equal (file, expected))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file */
                   _("“%s” is not a key store that Herald saved for a device, so Herald "
                     "leaves it alone. Delete it yourself if you no longer need it."),
                   path);
      return FALSE;
    }

  if (g_remove (file) != 0 && errno != ENOENT)
    return set_remove_error (error, file, errno);

  /* Anything else in the folder stays, and the folder with it. */
  if (g_rmdir (dir) != 0 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
    return set_remove_error (error, dir, errno);

  return TRUE;
}

/* Whether this process runs from the build directory it was built in. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = g_canonicalize_filename (HERALD_BUILD_ROOT, NULL);

  return exe != NULL && g_str_has_prefix (exe, root) && exe[strlen (root)] == G_DIR_SEPARATOR;
}

static gboolean
try_candidate (GPtrArray   *looked,
               const char  *path)
{
  g_ptr_array_add (looked, g_strdup (path));
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR);
}

/**
 * herald_paths_find_program:
 * @name: the program, e.g. `herald-sandbox` or `mosquitto`
 * @override_variable: (nullable): an environment variable that names the
 *   program's path and wins over everything else (the tests set it)
 * @error: a %G_IO_ERROR_NOT_FOUND error that names every place looked in
 *
 * Finds a program Herald runs, the same way from a build tree, an install
 * and a Flatpak: the override; when running uninstalled, the build tree's
 * own output directories (`src/sandbox`, `src/ui`); the configured bindir,
 * libexecdir and sbindir (in a Flatpak mosquitto is in `/app/sbin`, which is
 * not on its `PATH`); `PATH`; Debian's `/usr/sbin` last.
 *
 * Returns: (transfer full) (nullable): the program's path
 */
char *
herald_paths_find_program (const char  *name,
                           const char  *override_variable,
                           GError     **error)
{
  g_autoptr(GPtrArray) looked = g_ptr_array_new_with_free_func (g_free);
  const char *dirs[] = { BINDIR, LIBEXECDIR, SBINDIR };
  const char *override = override_variable ? g_getenv (override_variable) : NULL;
  g_autofree char *places = NULL;
  char *path;

  g_return_val_if_fail (name != NULL && strchr (name, G_DIR_SEPARATOR) == NULL, NULL);

  if (override != NULL && *override != '\0')
    {
      if (try_candidate (looked, override))
        return g_strdup (override);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is an environment variable, then a file */
                   _("%s names “%s”, which is not a program. Correct or unset the variable."),
                   override_variable, override);
      return NULL;
    }

  if (running_uninstalled ())
    {
      const char *parts[] = { "src/sandbox", "src/ui" };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          path = g_build_filename (HERALD_BUILD_ROOT, parts[i], name, NULL);
          if (try_candidate (looked, path))
            return path;
          g_free (path);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      path = g_build_filename (dirs[i], name, NULL);
      if (try_candidate (looked, path))
        return path;
      g_free (path);
    }

  path = g_find_program_in_path (name);
  if (path != NULL)
    return path;
  g_ptr_array_add (looked, g_strdup_printf ("PATH (%s)", g_getenv ("PATH") ?: ""));

  path = g_build_filename ("/usr/sbin", name, NULL);
  if (try_candidate (looked, path))
    return path;
  g_free (path);

  g_ptr_array_add (looked, NULL);
  places = g_strjoinv (", ", (char **) looked->pdata);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* Translators: %s is a program, then a list of places */
               _("Could not find the program “%s”. Looked in: %s. Install it and "
                 "try again."),
               name, places);
  return NULL;
}

/**
 * herald_paths_has_gpu_device:
 * @device_dir: where the system's devices are: "/dev" (a folder of its
 *   own in tests)
 *
 * Returns: whether @device_dir has a device a hardware OpenGL driver draws
 *   with: a DRM node (Mesa's drivers) or NVIDIA's control device (its own
 *   driver)
 */
gboolean
herald_paths_has_gpu_device (const char *device_dir)
{
  g_autofree char *dri = NULL;
  g_autofree char *nvidia = NULL;
  g_autoptr(GDir) dir = NULL;

  g_return_val_if_fail (device_dir != NULL, FALSE);

  dri = g_build_filename (device_dir, "dri", NULL);
  nvidia = g_build_filename (device_dir, "nvidiactl", NULL);
  dir = g_dir_open (dri, 0, NULL);

  return (dir != NULL && g_dir_read_name (dir) != NULL) ||
         g_file_test (nvidia, G_FILE_TEST_EXISTS);
}

/**
 * herald_paths_locale_dir:
 *
 * Where the translations are: the build tree's own (`po/` of the build
 * directory, where meson compiles the catalogues) when running uninstalled,
 * so that `LANGUAGE=de` works from a build tree too; else the installed
 * locale directory.
 *
 * Returns: (transfer none): the directory to bind the text domain to
 */
const char *
herald_paths_locale_dir (void)
{
  static gsize dir;

  if (g_once_init_enter (&dir))
    {
      char *found = NULL;

      if (running_uninstalled ())
        {
          g_autofree char *po = g_build_filename (HERALD_BUILD_ROOT, "po", NULL);

          if (g_file_test (po, G_FILE_TEST_IS_DIR))
            found = g_steal_pointer (&po);
        }
      g_once_init_leave (&dir, (gsize) (found != NULL ? found : g_strdup (LOCALEDIR)));
    }

  return (const char *) dir;
}

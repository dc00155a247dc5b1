/* herald-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
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

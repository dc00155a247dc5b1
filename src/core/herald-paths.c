/* herald-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

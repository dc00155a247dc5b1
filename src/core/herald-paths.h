/* herald-paths.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *herald_paths_sandbox_dir (void);
char *herald_paths_devices_dir (void);
char *herald_paths_device_dir  (const char *alternate_id);
char *herald_paths_config_dir  (void);

char     *herald_paths_device_keystore        (const char  *alternate_id,
                                               GError     **error);
gboolean  herald_paths_forget_device_keystore (const char  *path,
                                               GError     **error);

const char *herald_paths_locale_dir (void);

gboolean herald_paths_has_gpu_device (const char *device_dir);

char *herald_paths_find_program (const char  *name,
                                 const char  *override_variable,
                                 GError     **error);

G_END_DECLS

/* herald-sandbox-launcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SANDBOX_LAUNCHER (herald_sandbox_launcher_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandboxLauncher, herald_sandbox_launcher, HERALD, SANDBOX_LAUNCHER, GObject)

HeraldSandboxLauncher *herald_sandbox_launcher_new         (const char             *data_dir);
const char            *herald_sandbox_launcher_get_data_dir (HeraldSandboxLauncher *self);
gboolean               herald_sandbox_launcher_start       (HeraldSandboxLauncher  *self,
                                                            GError                **error);
gboolean               herald_sandbox_launcher_start_empty (HeraldSandboxLauncher  *self,
                                                            GError                **error);
void                   herald_sandbox_launcher_set_ports   (HeraldSandboxLauncher  *self,
                                                            int                     http_port,
                                                            int                     mqtt_port);
void                   herald_sandbox_launcher_stop        (HeraldSandboxLauncher  *self);
gboolean               herald_sandbox_launcher_get_running (HeraldSandboxLauncher  *self);
const char            *herald_sandbox_launcher_get_log     (HeraldSandboxLauncher  *self);

G_END_DECLS

/* herald-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_APPLICATION (herald_application_get_type())

G_DECLARE_FINAL_TYPE (HeraldApplication, herald_application, HERALD, APPLICATION, AdwApplication)

HeraldApplication *herald_application_new          (void);
GSettings         *herald_application_get_settings    (HeraldApplication *self);
const char        *herald_application_get_sandbox_dir (HeraldApplication *self);

void               herald_application_prepare_rendering (const char *device_dir);

G_END_DECLS

/* herald-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_PROFILE (herald_profile_get_type ())

G_DECLARE_FINAL_TYPE (HeraldProfile, herald_profile, HERALD, PROFILE, GObject)

HeraldProfile      *herald_profile_new             (const char    *name);
const char         *herald_profile_get_name        (HeraldProfile *self);
const char         *herald_profile_get_string      (HeraldProfile *self,
                                                    const char    *key);
void                herald_profile_set_string      (HeraldProfile *self,
                                                    const char    *key,
                                                    const char    *value);
gboolean            herald_profile_get_use_sandbox (HeraldProfile *self);
void                herald_profile_set_use_sandbox (HeraldProfile *self,
                                                    gboolean       use_sandbox);
const char * const *herald_profile_list_keys       (void);

G_END_DECLS

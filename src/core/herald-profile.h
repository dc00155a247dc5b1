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

/* Typed fields: the same values as the string keys, named once. */
const char         *herald_profile_get_api_url              (HeraldProfile *self);
void                herald_profile_set_api_url              (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_user                 (HeraldProfile *self);
void                herald_profile_set_user                 (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_flavor               (HeraldProfile *self);
void                herald_profile_set_flavor               (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_sandbox_dir          (HeraldProfile *self);
void                herald_profile_set_sandbox_dir          (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_capability_id        (HeraldProfile *self);
void                herald_profile_set_capability_id        (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_sensor_type_id       (HeraldProfile *self);
void                herald_profile_set_sensor_type_id       (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_device_id            (HeraldProfile *self);
void                herald_profile_set_device_id            (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_device_alternate_id  (HeraldProfile *self);
void                herald_profile_set_device_alternate_id  (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_sensor_id            (HeraldProfile *self);
void                herald_profile_set_sensor_id            (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_keystore_path        (HeraldProfile *self);
void                herald_profile_set_keystore_path        (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_mqtt_uri             (HeraldProfile *self);
void                herald_profile_set_mqtt_uri             (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_client_id            (HeraldProfile *self);
void                herald_profile_set_client_id            (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_trust                (HeraldProfile *self);
void                herald_profile_set_trust                (HeraldProfile *self,
                                                             const char    *value);
const char         *herald_profile_get_ca_file              (HeraldProfile *self);
void                herald_profile_set_ca_file              (HeraldProfile *self,
                                                             const char    *value);

G_END_DECLS

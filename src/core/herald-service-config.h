/* herald-service-config.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SERVICE_CONFIG (herald_service_config_get_type ())

#define HERALD_SERVICE_CONFIG_DEFAULT_CONNECT_TIMEOUT 10
#define HERALD_SERVICE_CONFIG_DEFAULT_REQUEST_TIMEOUT 30

G_DECLARE_FINAL_TYPE (HeraldServiceConfig, herald_service_config, HERALD, SERVICE_CONFIG, GObject)

HeraldServiceConfig *herald_service_config_new                  (const char           *api_url,
                                                                 const char           *user,
                                                                 const char           *password);
HeraldServiceConfig *herald_service_config_new_from_service_key (const char           *service_key,
                                                                 GError              **error);
HeraldServiceConfig *herald_service_config_copy                 (HeraldServiceConfig  *self);
gboolean             herald_service_config_check                (HeraldServiceConfig  *self,
                                                                 GError              **error);
gboolean             herald_service_config_check_api_url        (const char           *api_url,
                                                                 GError              **error);
char                *herald_service_config_normalize_api_url    (const char           *api_url);
char                *herald_service_config_guess_mqtt_uri       (const char           *api_url);
const char          *herald_service_config_get_api_url          (HeraldServiceConfig  *self);
void                 herald_service_config_set_api_url          (HeraldServiceConfig  *self,
                                                                 const char           *api_url);
const char          *herald_service_config_get_user             (HeraldServiceConfig  *self);
void                 herald_service_config_set_user             (HeraldServiceConfig  *self,
                                                                 const char           *user);
const char          *herald_service_config_get_password         (HeraldServiceConfig  *self);
void                 herald_service_config_set_password         (HeraldServiceConfig  *self,
                                                                 const char           *password);
const char          *herald_service_config_get_instance_id      (HeraldServiceConfig  *self);
const char          *herald_service_config_get_tenant_id        (HeraldServiceConfig  *self);
guint                herald_service_config_get_connect_timeout  (HeraldServiceConfig  *self);
void                 herald_service_config_set_connect_timeout  (HeraldServiceConfig  *self,
                                                                 guint                 seconds);
guint                herald_service_config_get_request_timeout  (HeraldServiceConfig  *self);
void                 herald_service_config_set_request_timeout  (HeraldServiceConfig  *self,
                                                                 guint                 seconds);
gboolean             herald_service_config_get_tls_verify       (HeraldServiceConfig  *self);
void                 herald_service_config_set_tls_verify       (HeraldServiceConfig  *self,
                                                                 gboolean              tls_verify);
const char          *herald_service_config_get_ca_file          (HeraldServiceConfig  *self);
void                 herald_service_config_set_ca_file          (HeraldServiceConfig  *self,
                                                                 const char           *ca_file);
gboolean             herald_service_config_get_use_system_proxy (HeraldServiceConfig  *self);
void                 herald_service_config_set_use_system_proxy (HeraldServiceConfig  *self,
                                                                 gboolean              use_system_proxy);

G_END_DECLS

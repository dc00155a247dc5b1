/* herald-api-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "herald-api-error.h"
#include "herald-capability.h"
#include "herald-device.h"
#include "herald-exchange.h"
#include "herald-gateway.h"
#include "herald-issued-certificate.h"
#include "herald-sensor-type.h"
#include "herald-sensor.h"
#include "herald-service-config.h"

G_BEGIN_DECLS

#define HERALD_TYPE_API_CLIENT (herald_api_client_get_type ())

G_DECLARE_FINAL_TYPE (HeraldApiClient, herald_api_client, HERALD, API_CLIENT, GObject)

/**
 * HeraldCertificateFormat:
 * @HERALD_CERTIFICATE_FORMAT_PEM: `…/clientCertificate/pem`: the encrypted
 *   PKCS#8 key and the certificate, as PEM text
 * @HERALD_CERTIFICATE_FORMAT_P12: `…/clientCertificate/p12`: a PKCS#12
 *   file (the client decodes the service's base64)
 */
typedef enum
{
  HERALD_CERTIFICATE_FORMAT_PEM,
  HERALD_CERTIFICATE_FORMAT_P12,
} HeraldCertificateFormat;

HeraldApiClient     *herald_api_client_new                        (HeraldServiceConfig  *config,
                                                                   GError              **error);
HeraldServiceConfig *herald_api_client_get_config                 (HeraldApiClient      *self);
guint                herald_api_client_get_page_size              (HeraldApiClient      *self);
void                 herald_api_client_set_page_size              (HeraldApiClient      *self,
                                                                   guint                 page_size);
void                 herald_api_client_set_list_limit             (HeraldApiClient      *self,
                                                                   guint                 limit);

/* Lists: top == 0 means every entity, page after page. */
void        herald_api_client_list_capabilities_async   (HeraldApiClient      *self,
                                                         const char           *filter,
                                                         const char           *orderby,
                                                         guint                 skip,
                                                         guint                 top,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_list_sensor_types_async   (HeraldApiClient      *self,
                                                         const char           *filter,
                                                         const char           *orderby,
                                                         guint                 skip,
                                                         guint                 top,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_list_gateways_async       (HeraldApiClient      *self,
                                                         const char           *filter,
                                                         const char           *orderby,
                                                         guint                 skip,
                                                         guint                 top,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_list_devices_async        (HeraldApiClient      *self,
                                                         const char           *filter,
                                                         const char           *orderby,
                                                         guint                 skip,
                                                         guint                 top,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_list_sensors_async        (HeraldApiClient      *self,
                                                         const char           *filter,
                                                         const char           *orderby,
                                                         guint                 skip,
                                                         guint                 top,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GListModel *herald_api_client_list_finish               (HeraldApiClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Get one entity by its id. */
void        herald_api_client_get_capability_async      (HeraldApiClient      *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_get_sensor_type_async     (HeraldApiClient      *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_get_gateway_async         (HeraldApiClient      *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_get_device_async          (HeraldApiClient      *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_get_sensor_async          (HeraldApiClient      *self,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
void        herald_api_client_find_mqtt_gateway_async   (HeraldApiClient      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);

/* Create: POST the entity's JSON; the answer is the stored entity. */
void        herald_api_client_create_async              (HeraldApiClient      *self,
                                                         HeraldEntity         *entity,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);

/* get_*, find_mqtt_gateway and create all finish here. */
void        herald_api_client_rename_async              (HeraldApiClient      *self,
                                                         GType                 entity_type,
                                                         const char           *id,
                                                         const char           *name,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gpointer    herald_api_client_entity_finish             (HeraldApiClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Delete by type and id. */
void        herald_api_client_delete_async              (HeraldApiClient      *self,
                                                         GType                 entity_type,
                                                         const char           *id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean    herald_api_client_delete_finish             (HeraldApiClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void        herald_api_client_get_device_certificate_async  (HeraldApiClient          *self,
                                                             const char               *device_id,
                                                             HeraldCertificateFormat   format,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GBytes     *herald_api_client_get_device_certificate_finish (HeraldApiClient          *self,
                                                             GAsyncResult             *result,
                                                             char                    **secret,
                                                             GError                  **error);

void        herald_api_client_list_certificates_async   (HeraldApiClient      *self,
                                                         const char           *device_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GListModel *herald_api_client_list_certificates_finish  (HeraldApiClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void        herald_api_client_revoke_certificate_async  (HeraldApiClient      *self,
                                                         const char           *device_id,
                                                         const char           *fingerprint,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean    herald_api_client_revoke_certificate_finish (HeraldApiClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void        herald_api_client_send_command_async        (HeraldApiClient      *self,
                                                         const char           *device_id,
                                                         const char           *sensor_id,
                                                         const char           *capability_id,
                                                         const char           *command_json,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char       *herald_api_client_send_command_finish       (HeraldApiClient      *self,
                                                         GAsyncResult         *result,
                                                         guint                *status,
                                                         GError              **error);

void        herald_api_client_list_measures_async       (HeraldApiClient      *self,
                                                         const char           *device_id,
                                                         const char           *filter,
                                                         const char           *orderby,
                                                         guint                 skip,
                                                         guint                 top,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonArray  *herald_api_client_list_measures_finish      (HeraldApiClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS

/* herald-device.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity.h"
#include "herald-sensor.h"

G_BEGIN_DECLS

#define HERALD_TYPE_DEVICE (herald_device_get_type ())

G_DECLARE_FINAL_TYPE (HeraldDevice, herald_device, HERALD, DEVICE, HeraldEntity)

HeraldDevice *herald_device_new                       (const char    *gateway_id,
                                                       const char    *name);
HeraldDevice *herald_device_new_from_json             (JsonNode      *node,
                                                       GError       **error);
const char   *herald_device_get_gateway_id            (HeraldDevice  *self);
void          herald_device_set_gateway_id            (HeraldDevice  *self,
                                                       const char    *gateway_id);
const char   *herald_device_get_status                (HeraldDevice  *self);
gboolean      herald_device_get_online                (HeraldDevice  *self);
gint64        herald_device_get_creation_timestamp    (HeraldDevice  *self);
GListModel   *herald_device_get_sensors               (HeraldDevice  *self);
gboolean      herald_device_has_client_certificate    (HeraldDevice  *self);

G_END_DECLS

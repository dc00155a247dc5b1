/* herald-gateway.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity.h"

G_BEGIN_DECLS

#define HERALD_TYPE_GATEWAY (herald_gateway_get_type ())

G_DECLARE_FINAL_TYPE (HeraldGateway, herald_gateway, HERALD, GATEWAY, HeraldEntity)

HeraldGateway *herald_gateway_new_from_json           (JsonNode       *node,
                                                       GError        **error);
const char    *herald_gateway_get_protocol_id         (HeraldGateway  *self);
const char    *herald_gateway_get_status              (HeraldGateway  *self);
const char    *herald_gateway_get_gateway_type        (HeraldGateway  *self);
gint64         herald_gateway_get_creation_timestamp  (HeraldGateway  *self);
gboolean       herald_gateway_is_online               (HeraldGateway  *self);

G_END_DECLS

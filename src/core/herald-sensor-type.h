/* herald-sensor-type.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SENSOR_TYPE (herald_sensor_type_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSensorType, herald_sensor_type, HERALD, SENSOR_TYPE, HeraldEntity)

HeraldSensorType *herald_sensor_type_new                  (const char        *name);
HeraldSensorType *herald_sensor_type_new_from_json        (JsonNode          *node,
                                                           GError           **error);
guint             herald_sensor_type_get_n_capabilities   (HeraldSensorType  *self);
const char       *herald_sensor_type_get_capability_id    (HeraldSensorType  *self,
                                                           guint              position);
const char       *herald_sensor_type_get_capability_usage (HeraldSensorType  *self,
                                                           guint              position);
void              herald_sensor_type_add_capability       (HeraldSensorType  *self,
                                                           const char        *capability_id,
                                                           const char        *usage);
gboolean          herald_sensor_type_has_capability       (HeraldSensorType  *self,
                                                           const char        *capability_id,
                                                           const char        *usage);

G_END_DECLS

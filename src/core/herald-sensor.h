/* herald-sensor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SENSOR (herald_sensor_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSensor, herald_sensor, HERALD, SENSOR, HeraldEntity)

HeraldSensor *herald_sensor_new                   (const char    *device_id,
                                                   const char    *name,
                                                   const char    *sensor_type_id);
HeraldSensor *herald_sensor_new_from_json         (JsonNode      *node,
                                                   GError       **error);
const char   *herald_sensor_get_device_id         (HeraldSensor  *self);
void          herald_sensor_set_device_id         (HeraldSensor  *self,
                                                   const char    *device_id);
const char   *herald_sensor_get_sensor_type_id    (HeraldSensor  *self);
void          herald_sensor_set_sensor_type_id    (HeraldSensor  *self,
                                                   const char    *sensor_type_id);

G_END_DECLS

/* herald-sensor-type-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SENSOR_TYPE_PAGE (herald_sensor_type_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSensorTypePage, herald_sensor_type_page, HERALD, SENSOR_TYPE_PAGE, HeraldEntityPage)

G_END_DECLS

/* herald-measure.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "herald-capability.h"
#include "herald-reading.h"

G_BEGIN_DECLS

#define HERALD_TYPE_MEASURE (herald_measure_get_type ())

G_DECLARE_FINAL_TYPE (HeraldMeasure, herald_measure, HERALD, MEASURE, GObject)

GPtrArray     *herald_measure_parse_message    (const char       *payload,
                                                gssize            length,
                                                HeraldCapability *capability,
                                                GError          **error);
GPtrArray     *herald_measure_parse_stored     (JsonNode         *item,
                                                HeraldCapability *capability,
                                                GError          **error);
const char    *herald_measure_get_sensor       (HeraldMeasure    *self);
const char    *herald_measure_get_capability   (HeraldMeasure    *self);
gint64         herald_measure_get_timestamp    (HeraldMeasure    *self);
const char    *herald_measure_get_message_id   (HeraldMeasure    *self);
guint          herald_measure_get_n_values     (HeraldMeasure    *self);
HeraldReading *herald_measure_get_value        (HeraldMeasure    *self,
                                                guint             position);
HeraldReading *herald_measure_find_value       (HeraldMeasure    *self,
                                                const char       *name);

G_END_DECLS

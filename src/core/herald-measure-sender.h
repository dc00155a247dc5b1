/* herald-measure-sender.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-capability.h"
#include "herald-command-builder.h"
#include "herald-connection.h"
#include "herald-sent-measure.h"
#include "herald-series-set.h"

G_BEGIN_DECLS

#define HERALD_TYPE_MEASURE_SENDER (herald_measure_sender_get_type ())

G_DECLARE_FINAL_TYPE (HeraldMeasureSender, herald_measure_sender, HERALD, MEASURE_SENDER, GObject)

HeraldMeasureSender *herald_measure_sender_new             (HeraldConnection     *connection,
                                                            guint                 capacity);
HeraldSentMeasure   *herald_measure_sender_send            (HeraldMeasureSender  *self,
                                                            const char           *sensor_alternate_id,
                                                            HeraldCapability     *capability,
                                                            HeraldCommandBuilder *values,
                                                            GError              **error);
GListModel          *herald_measure_sender_get_messages    (HeraldMeasureSender  *self);
guint                herald_measure_sender_get_n_unmatched (HeraldMeasureSender  *self);
HeraldSeriesSet     *herald_measure_sender_get_series      (HeraldMeasureSender  *self);

G_END_DECLS

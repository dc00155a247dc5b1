/* herald-sent-measure.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-ack.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SENT_MEASURE (herald_sent_measure_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSentMeasure, herald_sent_measure, HERALD, SENT_MEASURE, GObject)

HeraldSentMeasure *herald_sent_measure_new            (const char        *message_id,
                                                       const char        *payload,
                                                       const char        *values,
                                                       gint64             time_us);
const char        *herald_sent_measure_get_message_id (HeraldSentMeasure *self);
const char        *herald_sent_measure_get_payload    (HeraldSentMeasure *self);
const char        *herald_sent_measure_get_values     (HeraldSentMeasure *self);
gint64             herald_sent_measure_get_time       (HeraldSentMeasure *self);
HeraldAck         *herald_sent_measure_get_ack        (HeraldSentMeasure *self);
void               herald_sent_measure_set_ack        (HeraldSentMeasure *self,
                                                       HeraldAck         *ack);

G_END_DECLS

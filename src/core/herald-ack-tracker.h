/* herald-ack-tracker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-ack.h"

G_BEGIN_DECLS

#define HERALD_TYPE_ACK_TRACKER (herald_ack_tracker_get_type ())

G_DECLARE_FINAL_TYPE (HeraldAckTracker, herald_ack_tracker, HERALD, ACK_TRACKER, GObject)

HeraldAckTracker *herald_ack_tracker_new           (guint              capacity);
void              herald_ack_tracker_sent          (HeraldAckTracker  *self,
                                                    const char        *message_id,
                                                    gint64             time_us);
GPtrArray        *herald_ack_tracker_take          (HeraldAckTracker  *self,
                                                    const char        *payload,
                                                    gssize             length,
                                                    gint64             time_us,
                                                    GError           **error);
guint             herald_ack_tracker_get_n_pending (HeraldAckTracker  *self);

G_END_DECLS

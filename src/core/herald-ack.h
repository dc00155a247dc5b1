/* herald-ack.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_ACK (herald_ack_get_type ())

G_DECLARE_FINAL_TYPE (HeraldAck, herald_ack, HERALD, ACK, GObject)

HeraldAck          *herald_ack_new                (const char         *message_id,
                                                   guint               code,
                                                   const char * const *messages,
                                                   gint64              round_trip_us);
const char         *herald_ack_get_message_id     (HeraldAck          *self);
guint               herald_ack_get_code           (HeraldAck          *self);
gboolean            herald_ack_get_accepted       (HeraldAck          *self);
const char * const *herald_ack_get_messages       (HeraldAck          *self);
gboolean            herald_ack_get_matched        (HeraldAck          *self);
gint64              herald_ack_get_round_trip     (HeraldAck          *self);

G_END_DECLS

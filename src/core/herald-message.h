/* herald-message.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_MESSAGE (herald_message_get_type ())

/**
 * HeraldMessage:
 *
 * One MQTT message as the device received it: a boxed, reference-counted,
 * immutable record (docs/architecture.md, "The contract between session, history
 * and window"). The session creates them on Paho's threads; whoever keeps one
 * holds a reference. Immutable, so any thread may read it.
 */
typedef struct _HeraldMessage HeraldMessage;

GType          herald_message_get_type       (void) G_GNUC_CONST;
HeraldMessage *herald_message_new            (gint64         time_us,
                                              const char    *topic,
                                              GBytes        *payload,
                                              guint          qos,
                                              gboolean       retained,
                                              GVariant      *properties);
HeraldMessage *herald_message_new_take       (gint64         time_us,
                                              char          *topic,
                                              GBytes        *payload,
                                              guint          qos,
                                              gboolean       retained,
                                              GVariant      *properties);
HeraldMessage *herald_message_ref            (HeraldMessage *self);
void           herald_message_unref          (HeraldMessage *self);
gint64         herald_message_get_time       (const HeraldMessage *self);
const char    *herald_message_get_topic      (const HeraldMessage *self);
GBytes        *herald_message_get_payload    (const HeraldMessage *self);
guint          herald_message_get_qos        (const HeraldMessage *self);
gboolean       herald_message_get_retained   (const HeraldMessage *self);
GVariant      *herald_message_get_properties (const HeraldMessage *self);
char          *herald_message_format_time    (gint64               time_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldMessage, herald_message_unref)

G_END_DECLS

/* herald-connection.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-broker-profile.h"
#include "herald-history.h"
#include "herald-topic-tree.h"
#include "herald-mqtt-session.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CONNECTION (herald_connection_get_type ())

G_DECLARE_FINAL_TYPE (HeraldConnection, herald_connection, HERALD, CONNECTION, GObject)

HeraldConnection  *herald_connection_new                    (const char       *name);
HeraldConnection  *herald_connection_new_for_profile        (HeraldBrokerProfile *profile);
HeraldBrokerProfile *herald_connection_get_profile          (HeraldConnection *self);
gboolean           herald_connection_subscribe              (HeraldConnection *self,
                                                             const char       *topic,
                                                             guint             qos,
                                                             GError          **error);
gboolean           herald_connection_subscribe_full         (HeraldConnection *self,
                                                             const char       *topic,
                                                             guint             qos,
                                                             HeraldSubscribeFlags flags,
                                                             GError          **error);
gboolean           herald_connection_unsubscribe            (HeraldConnection *self,
                                                             const char       *topic,
                                                             GError          **error);
const char        *herald_connection_get_name               (HeraldConnection *self);
HeraldMqttSession *herald_connection_get_session            (HeraldConnection *self);
HeraldHistory     *herald_connection_get_history            (HeraldConnection *self);
HeraldTopicTree   *herald_connection_get_topic_tree         (HeraldConnection *self);
gboolean           herald_connection_get_history_paused     (HeraldConnection *self);
void               herald_connection_set_history_paused     (HeraldConnection *self,
                                                             gboolean          paused);
const char        *herald_connection_get_device_alternate_id (HeraldConnection *self);
void               herald_connection_set_device_alternate_id (HeraldConnection *self,
                                                              const char       *alternate_id);
const char        *herald_connection_get_problem            (HeraldConnection *self);
void               herald_connection_set_problem            (HeraldConnection *self,
                                                             const char       *problem);
gboolean           herald_connection_get_session_persistent (HeraldConnection *self);

G_END_DECLS

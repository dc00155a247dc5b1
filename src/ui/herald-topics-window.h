/* herald-topics-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-mqtt-session.h"
#include "herald-topic-tree.h"

G_BEGIN_DECLS

#define HERALD_TYPE_TOPICS_WINDOW (herald_topics_window_get_type ())

G_DECLARE_FINAL_TYPE (HeraldTopicsWindow, herald_topics_window, HERALD, TOPICS_WINDOW, AdwWindow)

HeraldTopicsWindow *herald_topics_window_new          (HeraldTopicTree    *tree,
                                                       HeraldMqttSession  *session);
HeraldTopicNode    *herald_topics_window_get_selected (HeraldTopicsWindow *self);
const char         *herald_topics_window_get_selected_topic (HeraldTopicsWindow *self);
void                herald_topics_window_set_subscriptions  (HeraldTopicsWindow *self,
                                                             const char * const *filters);

G_END_DECLS

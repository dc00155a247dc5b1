/* herald-topic-node.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_TYPE_TOPIC_NODE (herald_topic_node_get_type ())

G_DECLARE_FINAL_TYPE (HeraldTopicNode, herald_topic_node, HERALD, TOPIC_NODE, GObject)

HeraldTopicNode *herald_topic_node_get_parent           (HeraldTopicNode *self);
const char      *herald_topic_node_get_name             (HeraldTopicNode *self);
char            *herald_topic_node_dup_topic            (HeraldTopicNode *self);
gboolean         herald_topic_node_has_children         (HeraldTopicNode *self);
guint64          herald_topic_node_get_n_messages       (HeraldTopicNode *self);
guint64          herald_topic_node_get_n_messages_below (HeraldTopicNode *self);
guint            herald_topic_node_get_n_topics_below   (HeraldTopicNode *self);
gint64           herald_topic_node_get_last_time        (HeraldTopicNode *self);
char            *herald_topic_node_dup_preview          (HeraldTopicNode *self);
gboolean         herald_topic_node_get_retained         (HeraldTopicNode *self);
double           herald_topic_node_get_rate             (HeraldTopicNode *self,
                                                         gint64           now_us);

G_END_DECLS

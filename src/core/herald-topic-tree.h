/* herald-topic-tree.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-topic-node.h"

G_BEGIN_DECLS

#define HERALD_TYPE_TOPIC_TREE (herald_topic_tree_get_type ())

G_DECLARE_FINAL_TYPE (HeraldTopicTree, herald_topic_tree, HERALD, TOPIC_TREE, GObject)

HeraldTopicTree *herald_topic_tree_new                 (void);
void             herald_topic_tree_add_messages        (HeraldTopicTree *self,
                                                        GPtrArray       *messages);
void             herald_topic_tree_clear               (HeraldTopicTree *self);
HeraldTopicNode *herald_topic_tree_get_root            (HeraldTopicTree *self);
guint            herald_topic_tree_get_n_topics        (HeraldTopicTree *self);
HeraldTopicNode *herald_topic_tree_lookup              (HeraldTopicTree *self,
                                                        const char      *topic);
HeraldTopicNode *herald_topic_tree_find                (HeraldTopicTree *self,
                                                         const char      *text,
                                                         HeraldTopicNode *after);
gboolean         herald_topic_tree_has_retained        (HeraldTopicTree *self,
                                                         HeraldTopicNode *under);
char           **herald_topic_tree_dup_retained_topics (HeraldTopicTree *self,
                                                        HeraldTopicNode *under);
void             herald_topic_tree_forget_retained     (HeraldTopicTree *self,
                                                        HeraldTopicNode *under);

G_END_DECLS

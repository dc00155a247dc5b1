/* herald-topic-node-private.h
 *
 * What HeraldTopicTree reaches into its nodes for. Not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-message.h"
#include "herald-topic-node.h"

G_BEGIN_DECLS

/* How many bytes of a topic's last payload a node keeps for its preview. */
#define HERALD_TOPIC_NODE_PREVIEW_BYTES 64

struct _HeraldTopicNode
{
  GObject          parent_instance;

  HeraldTopicNode *parent;       /* not a reference: the tree owns every node */
  char            *name;         /* this level of the topic */
  GPtrArray       *children;     /* HeraldTopicNode, in order of arrival; NULL until one */
  GHashTable      *by_name;      /* name -> child; NULL until one */
  guint            n_announced;  /* children the list model has announced */
  gboolean         dirty;        /* children not announced yet */

  guint64          n_messages;   /* on this exact topic */
  guint64          n_below;      /* on this topic and every topic below it */
  guint            n_topics_below; /* topics with a message, this one included */
  gint64           last_time;    /* g_get_real_time() of the last message */
  gint64           rate_time;    /* monotonic time of the last message */
  double           rate;         /* messages a second, decayed (see the .c) */
  guint8          *last;         /* the last payload's first bytes */
  guint            last_len;
  guint            last_size;    /* its real size */
  gboolean         retained;
};

HeraldTopicNode *_herald_topic_node_new      (HeraldTopicNode *parent,
                                              const char      *name,
                                              gsize            length);
HeraldTopicNode *_herald_topic_node_lookup   (HeraldTopicNode *self,
                                              const char      *name,
                                              gsize            length);
HeraldTopicNode *_herald_topic_node_add_child (HeraldTopicNode *self,
                                              const char      *name,
                                              gsize            length);
void             _herald_topic_node_record   (HeraldTopicNode *self,
                                              HeraldMessage   *message,
                                              gint64           now_us);
void             _herald_topic_node_announce (HeraldTopicNode *self);

G_END_DECLS

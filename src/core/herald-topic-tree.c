/* herald-topic-tree.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-topic-node-private.h"
#include "herald-topic-tree.h"

/* Every topic a connection saw, level by level: the root's children are
 * the first levels ("measures" of "measures/dev1"), and so on down. Fed a
 * batch at a time by the session's messages-received, like the History:
 * each message walks its levels (one hash lookup a level) and counts on
 * the way down; the new levels a batch made are announced to the lists
 * that show them once, at the batch's end, a single items-changed per
 * level that grew. A level is a topic when a message came on it; it can be
 * one and have levels below ("a/b" and "a/b/c"). */

struct _HeraldTopicTree
{
  GObject          parent_instance;

  HeraldTopicNode *root;
  guint            n_topics;
  GPtrArray       *dirty;   /* levels with children not announced yet */
};

enum {
  PROP_0,
  PROP_N_TOPICS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldTopicTree, herald_topic_tree, G_TYPE_OBJECT)

/* Drops every level below @root, one at a time: unreffing the first
 * levels would free each chain below them recursively, and a topic may
 * have thousands of levels. A row that still holds a level keeps it, with
 * no parent and no children. */
static void
drop_levels (HeraldTopicNode *root)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, g_object_ref (root));
  while (stack->len > 0)
    {
      HeraldTopicNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (node->children != NULL)
        {
          GPtrArray *children = g_steal_pointer (&node->children);

          g_clear_pointer (&node->by_name, g_hash_table_unref);
          g_ptr_array_set_free_func (children, NULL);
          for (guint i = 0; i < children->len; i++)
            {
              HeraldTopicNode *child = children->pdata[i];

              child->parent = NULL;
              g_ptr_array_add (stack, child);  /* the array's reference */
            }
          g_ptr_array_unref (children);
        }
      g_object_unref (node);
    }
}

static void
herald_topic_tree_finalize (GObject *object)
{
  HeraldTopicTree *self = HERALD_TOPIC_TREE (object);

  drop_levels (self->root);
  g_clear_object (&self->root);
  g_clear_pointer (&self->dirty, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_topic_tree_parent_class)->finalize (object);
}

static void
herald_topic_tree_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HeraldTopicTree *self = HERALD_TOPIC_TREE (object);

  switch (prop_id)
    {
    case PROP_N_TOPICS:
      g_value_set_uint (value, self->n_topics);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_topic_tree_class_init (HeraldTopicTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_topic_tree_finalize;
  object_class->get_property = herald_topic_tree_get_property;

  properties[PROP_N_TOPICS] =
    g_param_spec_uint ("n-topics", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_topic_tree_init (HeraldTopicTree *self)
{
  self->root = _herald_topic_node_new (NULL, "", 0);
  self->dirty = g_ptr_array_new ();
}

HeraldTopicTree *
herald_topic_tree_new (void)
{
  return g_object_new (HERALD_TYPE_TOPIC_TREE, NULL);
}

/* The level for @topic, made (with the levels above it) if @create. */
static HeraldTopicNode *
walk (HeraldTopicTree *self,
      const char      *topic,
      gboolean         create)
{
  HeraldTopicNode *node = self->root;
  const char *level = topic;

  for (;;)
    {
      const char *slash = strchr (level, '/');
      gsize length = slash != NULL ? (gsize) (slash - level) : strlen (level);
      HeraldTopicNode *child = _herald_topic_node_lookup (node, level, length);

      if (child == NULL)
        {
          if (!create)
            return NULL;
          if (!node->dirty)
            g_ptr_array_add (self->dirty, node);
          child = _herald_topic_node_add_child (node, level, length);
        }
      node = child;
      if (slash == NULL)
        return node;
      level = slash + 1;
    }
}

/**
 * herald_topic_tree_add_messages:
 * @messages: (element-type HeraldMessage): a batch, as the session's
 *   messages-received gives it
 *
 * Counts each message on its topic and the levels above it; announces the
 * new levels at the end (one items-changed per level that grew) and
 * notifies n-topics once if it changed.
 */
void
herald_topic_tree_add_messages (HeraldTopicTree *self,
                                GPtrArray       *messages)
{
  gint64 now = g_get_monotonic_time ();
  guint n_topics = self->n_topics;

  g_return_if_fail (HERALD_IS_TOPIC_TREE (self));
  g_return_if_fail (messages != NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      HeraldMessage *message = messages->pdata[i];
      HeraldTopicNode *node = walk (self, herald_message_get_topic (message), TRUE);
      gboolean new_topic = node->n_messages == 0;

      _herald_topic_node_record (node, message, now);
      if (new_topic)
        self->n_topics++;
      for (HeraldTopicNode *up = node; up != NULL; up = up->parent)
        {
          up->n_below++;
          if (new_topic)
            up->n_topics_below++;
        }
    }

  /* Parents first, so that a list sees a level before its children. */
  for (guint i = 0; i < self->dirty->len; i++)
    _herald_topic_node_announce (self->dirty->pdata[i]);
  g_ptr_array_set_size (self->dirty, 0);

  if (self->n_topics != n_topics)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOPICS]);
}

/**
 * herald_topic_tree_clear:
 *
 * Forgets every topic: the root's list loses all its items (one
 * items-changed) and gets a new root's levels from then on.
 */
void
herald_topic_tree_clear (HeraldTopicTree *self)
{
  HeraldTopicNode *root;
  guint n;

  g_return_if_fail (HERALD_IS_TOPIC_TREE (self));

  root = self->root;
  n = root->n_announced;
  drop_levels (root);
  root->n_announced = 0;
  root->dirty = FALSE;
  root->n_below = 0;
  root->n_topics_below = 0;
  g_ptr_array_set_size (self->dirty, 0);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (root), 0, n, 0);
  if (self->n_topics > 0)
    {
      self->n_topics = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOPICS]);
    }
}

/**
 * herald_topic_tree_get_root:
 *
 * Returns: (transfer none): the root level, whose list is the first levels
 */
HeraldTopicNode *
herald_topic_tree_get_root (HeraldTopicTree *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_TREE (self), NULL);
  return self->root;
}

/* Returns: the topics a message came on */
guint
herald_topic_tree_get_n_topics (HeraldTopicTree *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_TREE (self), 0);
  return self->n_topics;
}

/**
 * herald_topic_tree_lookup:
 *
 * Returns: (transfer none) (nullable): the level of @topic, if a message
 *   came on it or below it
 */
HeraldTopicNode *
herald_topic_tree_lookup (HeraldTopicTree *self,
                          const char      *topic)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_TREE (self), NULL);
  g_return_val_if_fail (topic != NULL, NULL);

  return walk (self, topic, FALSE);
}

/* Each retained level at @node and below, depth-first with a stack of
 * our own (topics may nest deep): added to @topics, and forgotten if
 * @forget. */
static void
collect_retained (HeraldTopicNode *node,
                  GPtrArray       *topics,
                  gboolean         forget)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, node);
  while (stack->len > 0)
    {
      HeraldTopicNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (n->retained && topics != NULL)
        g_ptr_array_add (topics, herald_topic_node_dup_topic (n));
      if (forget)
        n->retained = FALSE;
      if (n->children != NULL)
        for (guint i = n->children->len; i-- > 0;)
          g_ptr_array_add (stack, n->children->pdata[i]);
    }
}

/**
 * herald_topic_tree_forget_retained:
 * @under: (nullable): a level of this tree, or %NULL for the whole tree
 *
 * After Clear Retained: the broker keeps no retained message at @under or
 * below it any more.
 */
void
herald_topic_tree_forget_retained (HeraldTopicTree *self,
                                   HeraldTopicNode *under)
{
  g_return_if_fail (HERALD_IS_TOPIC_TREE (self));
  g_return_if_fail (under == NULL || HERALD_IS_TOPIC_NODE (under));

  collect_retained (under != NULL ? under : self->root, NULL, TRUE);
}

/**
 * herald_topic_tree_find:
 * @text: what to look for in topics, any case
 * @after: (nullable): the last match, to find the next one
 *
 * The Topics window's search: the first topic, level by level in the
 * tree's order (a level before the levels below it), whose whole topic
 * holds @text, after @after and then from the start again. Costs a walk of
 * the tree: a search a keystroke, not a message.
 *
 * Returns: (transfer none) (nullable): the level found, %NULL if none
 */
HeraldTopicNode *
herald_topic_tree_find (HeraldTopicTree *self,
                        const char      *text,
                        HeraldTopicNode *after)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autofree char *needle = NULL;
  HeraldTopicNode *first = NULL;
  gboolean past = after == NULL;

  g_return_val_if_fail (HERALD_IS_TOPIC_TREE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    return NULL;
  needle = g_utf8_casefold (text, -1);

  if (self->root->children != NULL)
    for (guint i = self->root->children->len; i-- > 0;)
      g_ptr_array_add (stack, self->root->children->pdata[i]);

  while (stack->len > 0)
    {
      HeraldTopicNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      g_autofree char *topic = herald_topic_node_dup_topic (n);
      g_autofree char *folded = g_utf8_casefold (topic, -1);

      if (strstr (folded, needle) != NULL)
        {
          if (past)
            return n;
          if (first == NULL)
            first = n;
        }
      if (n == after)
        past = TRUE;
      if (n->children != NULL)
        for (guint i = n->children->len; i-- > 0;)
          g_ptr_array_add (stack, n->children->pdata[i]);
    }

  return first;
}

/**
 * herald_topic_tree_has_retained:
 * @under: (nullable): a level of this tree, or %NULL for the whole tree
 *
 * Whether herald_topic_tree_dup_retained_topics() would give any: stops at
 * the first, copies no topic (the Topics window asks once a second).
 */
gboolean
herald_topic_tree_has_retained (HeraldTopicTree *self,
                                HeraldTopicNode *under)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_return_val_if_fail (HERALD_IS_TOPIC_TREE (self), FALSE);
  g_return_val_if_fail (under == NULL || HERALD_IS_TOPIC_NODE (under), FALSE);

  g_ptr_array_add (stack, under != NULL ? under : self->root);
  while (stack->len > 0)
    {
      HeraldTopicNode *n = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (n->retained)
        return TRUE;
      if (n->children != NULL)
        g_ptr_array_extend (stack, n->children, NULL, NULL);
    }

  return FALSE;
}

/**
 * herald_topic_tree_dup_retained_topics:
 * @under: (nullable): a level of this tree, or %NULL for the whole tree
 *
 * What "Clear Retained" on a level publishes to: the topics at @under and
 * below it for which the broker keeps a retained message, as far as this
 * tree saw.
 *
 * Returns: (transfer full): the topics, %NULL-terminated
 */
char **
herald_topic_tree_dup_retained_topics (HeraldTopicTree *self,
                                       HeraldTopicNode *under)
{
  GPtrArray *topics = g_ptr_array_new ();

  g_return_val_if_fail (HERALD_IS_TOPIC_TREE (self), NULL);
  g_return_val_if_fail (under == NULL || HERALD_IS_TOPIC_NODE (under), NULL);

  collect_retained (under != NULL ? under : self->root, topics, FALSE);
  g_ptr_array_add (topics, NULL);
  return (char **) g_ptr_array_free (topics, FALSE);
}

/* herald-topic-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "herald-payload.h"
#include "herald-topic-node-private.h"

/* One level of a HeraldTopicTree: a topic if a message came on it, and the
 * list (a GListModel, for GtkTreeListModel) of the levels below it, in the
 * order they first came. What a row shows is kept small and lazily turned
 * into text: counts, the last time, a decayed rate, and the first bytes
 * of the last payload. The tree owns its nodes; a node holds no reference
 * to its parent. */

/* The rate's time constant: a message counts for about 10 s. */
#define RATE_TAU_S 10.0

static void herald_topic_node_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldTopicNode, herald_topic_node, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, herald_topic_node_list_model_iface_init))

static GType
herald_topic_node_get_item_type (GListModel *model)
{
  return HERALD_TYPE_TOPIC_NODE;
}

/* Only the children announced: a batch's new ones come with its end. */
static guint
herald_topic_node_get_n_items (GListModel *model)
{
  return HERALD_TOPIC_NODE (model)->n_announced;
}

static gpointer
herald_topic_node_get_item (GListModel *model,
                            guint       position)
{
  HeraldTopicNode *self = HERALD_TOPIC_NODE (model);

  if (position >= self->n_announced)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->children, position));
}

static void
herald_topic_node_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_topic_node_get_item_type;
  iface->get_n_items = herald_topic_node_get_n_items;
  iface->get_item = herald_topic_node_get_item;
}

static void
herald_topic_node_finalize (GObject *object)
{
  HeraldTopicNode *self = HERALD_TOPIC_NODE (object);

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_free (self->name);
  g_free (self->last);

  G_OBJECT_CLASS (herald_topic_node_parent_class)->finalize (object);
}

static void
herald_topic_node_class_init (HeraldTopicNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_topic_node_finalize;
}

static void
herald_topic_node_init (HeraldTopicNode *self)
{
}

HeraldTopicNode *
_herald_topic_node_new (HeraldTopicNode *parent,
                        const char      *name,
                        gsize            length)
{
  HeraldTopicNode *self = g_object_new (HERALD_TYPE_TOPIC_NODE, NULL);

  self->parent = parent;
  self->name = g_strndup (name, length);
  return self;
}

HeraldTopicNode *
_herald_topic_node_lookup (HeraldTopicNode *self,
                           const char      *name,
                           gsize            length)
{
  char small[128];
  g_autofree char *big = NULL;
  const char *key = small;

  if (self->by_name == NULL)
    return NULL;
  if (length < sizeof small)
    {
      memcpy (small, name, length);
      small[length] = '\0';
    }
  else
    key = big = g_strndup (name, length);
  return g_hash_table_lookup (self->by_name, key);
}

HeraldTopicNode *
_herald_topic_node_add_child (HeraldTopicNode *self,
                              const char      *name,
                              gsize            length)
{
  HeraldTopicNode *child = _herald_topic_node_new (self, name, length);

  if (self->children == NULL)
    {
      self->children = g_ptr_array_new_with_free_func (g_object_unref);
      self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
    }
  g_ptr_array_add (self->children, child);
  g_hash_table_insert (self->by_name, child->name, child);
  self->dirty = TRUE;
  return child;
}

/* A message on this exact topic. */
void
_herald_topic_node_record (HeraldTopicNode *self,
                           HeraldMessage   *message,
                           gint64           now_us)
{
  GBytes *payload = herald_message_get_payload (message);
  gsize size = payload != NULL ? g_bytes_get_size (payload) : 0;
  gsize kept = MIN (size, (gsize) HERALD_TOPIC_NODE_PREVIEW_BYTES);

  self->n_messages++;
  self->last_time = herald_message_get_time (message);
  /* A decayed count: each message adds 1/tau, which decays by e^(-t/tau);
   * at a steady r messages a second it settles at r. */
  if (self->rate_time != 0)
    self->rate *= exp (-(now_us - self->rate_time) / (RATE_TAU_S * G_USEC_PER_SEC));
  self->rate += 1.0 / RATE_TAU_S;
  self->rate_time = now_us;

  if (kept != self->last_len)
    {
      g_free (self->last);
      self->last = kept > 0 ? g_malloc (kept) : NULL;
      self->last_len = kept;
    }
  if (kept > 0)
    memcpy (self->last, g_bytes_get_data (payload, NULL), kept);
  self->last_size = size;

  /* A retained message with a payload is what the broker keeps for the
   * topic; an empty one clears it. A live message changes neither. */
  if (herald_message_get_retained (message))
    self->retained = size > 0;
}

/* Tells the list's observers of the children added since the last time. */
void
_herald_topic_node_announce (HeraldTopicNode *self)
{
  guint before = self->n_announced;

  self->dirty = FALSE;
  if (self->children == NULL || self->children->len == before)
    return;
  self->n_announced = self->children->len;
  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->n_announced - before);
}

/**
 * herald_topic_node_get_parent:
 *
 * Returns: (transfer none) (nullable): the level above, or %NULL for the
 *   tree's root
 */
HeraldTopicNode *
herald_topic_node_get_parent (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), NULL);
  return self->parent;
}

/* Returns: this level of the topic ("" for an empty level, as in "a//b") */
const char *
herald_topic_node_get_name (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), NULL);
  return self->name;
}

/**
 * herald_topic_node_dup_topic:
 *
 * Returns: (transfer full): the whole topic, levels joined by "/" ("" for
 *   the root)
 */
char *
herald_topic_node_dup_topic (HeraldTopicNode *self)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new ();
  GString *topic = g_string_new (NULL);

  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), NULL);

  /* Up to the root (no parent, no name); a level the tree dropped while a
   * row held it has no parent either, and names itself. */
  for (HeraldTopicNode *node = self; node != NULL; node = node->parent)
    if (node->parent != NULL || *node->name != '\0')
      g_ptr_array_add (levels, node->name);
  for (guint i = levels->len; i-- > 0;)
    {
      g_string_append (topic, levels->pdata[i]);
      if (i > 0)
        g_string_append_c (topic, '/');
    }
  return g_string_free (topic, FALSE);
}

/* Returns: whether levels came below this one, announced in its list or
 * still to be at the end of the batch that made them */
gboolean
herald_topic_node_has_children (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), FALSE);
  return self->children != NULL && self->children->len > 0;
}

/* Returns: the messages on this exact topic */
guint64
herald_topic_node_get_n_messages (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), 0);
  return self->n_messages;
}

/* Returns: the messages on this topic and every topic below it */
guint64
herald_topic_node_get_n_messages_below (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), 0);
  return self->n_below;
}

/* Returns: the topics with a message at this level and below it */
guint
herald_topic_node_get_n_topics_below (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), 0);
  return self->n_topics_below;
}

/* Returns: the time (g_get_real_time()) of the last message on this exact
 * topic, 0 for none */
gint64
herald_topic_node_get_last_time (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), 0);
  return self->last_time;
}

/**
 * herald_topic_node_dup_preview:
 *
 * Returns: (transfer full) (nullable): the last payload on this exact
 *   topic as one line — text as it is, other bytes in hex — with "…" when
 *   it was longer, or %NULL if no message came on it
 */
char *
herald_topic_node_dup_preview (HeraldTopicNode *self)
{
  GString *text;
  gboolean is_text;

  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), NULL);

  if (self->n_messages == 0)
    return NULL;

  /* Text if it is UTF-8 without NUL; a multi-byte character cut at the
   * end of what was kept does not make it binary. */
  if (self->last_len == 0)
    is_text = TRUE;
  else if (memchr (self->last, '\0', self->last_len) != NULL)
    is_text = FALSE;
  else
    {
      const char *end = NULL;

      is_text = g_utf8_validate ((const char *) self->last, self->last_len, &end) ||
                (self->last_size > self->last_len &&
                 (gsize) ((const guint8 *) end - self->last) + 4 > self->last_len);
    }

  text = g_string_sized_new (self->last_len * 3 + 4);
  if (is_text)
    {
      /* An empty payload (a cleared retained message) may have no bytes. */
      g_autofree char *valid = self->last != NULL ? g_utf8_make_valid ((const char *) self->last, self->last_len)
                                                  : g_strdup ("");

      for (const char *p = valid; *p != '\0'; p++)
        g_string_append_c (text, (guchar) *p < 0x20 ? ' ' : *p);
    }
  else
    for (guint i = 0; i < self->last_len; i++)
      g_string_append_printf (text, i > 0 ? " %02x" : "%02x", self->last[i]);
  if (self->last_size > self->last_len)
    g_string_append (text, " …");
  return g_string_free (text, FALSE);
}

/* Returns: whether the broker keeps a retained message for this topic, as
 * far as Herald saw: the last retained message on it had a payload */
gboolean
herald_topic_node_get_retained (HeraldTopicNode *self)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), FALSE);
  return self->retained;
}

/**
 * herald_topic_node_get_rate:
 * @now_us: g_get_monotonic_time()
 *
 * Returns: messages a second on this exact topic, over about the last 10 s
 */
double
herald_topic_node_get_rate (HeraldTopicNode *self,
                            gint64           now_us)
{
  g_return_val_if_fail (HERALD_IS_TOPIC_NODE (self), 0);

  if (self->rate_time == 0)
    return 0;
  return self->rate * exp (-(now_us - self->rate_time) / (RATE_TAU_S * G_USEC_PER_SEC));
}

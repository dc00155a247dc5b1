/* herald-ack-tracker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-ack-tracker.h"
#include "herald-json-private.h"

/* Matches the gateway's acknowledgements (ack/<device>) to the measures
 * messages Herald sent, by measureMessageId, in whatever order they come.
 * The gateway answers with an array, [{"id", "code", "messages"}], one
 * element a message (one object alone is taken too). An answer to no
 * message of ours (another client's, or one forgotten) is an unmatched
 * HeraldAck. At most @capacity messages wait for their answer; past it,
 * the oldest is forgotten, so that a gateway that never answers costs a
 * fixed amount of memory. */

struct _HeraldAckTracker
{
  GObject     parent_instance;

  guint       capacity;
  GHashTable *pending;     /* message id → gint64 time sent, boxed */
  GQueue      order;       /* message ids (owned by pending), oldest first */
};

G_DEFINE_FINAL_TYPE (HeraldAckTracker, herald_ack_tracker, G_TYPE_OBJECT)

static void
herald_ack_tracker_finalize (GObject *object)
{
  HeraldAckTracker *self = HERALD_ACK_TRACKER (object);

  g_queue_clear (&self->order);
  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (herald_ack_tracker_parent_class)->finalize (object);
}

static void
herald_ack_tracker_class_init (HeraldAckTrackerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_ack_tracker_finalize;
}

static void
herald_ack_tracker_init (HeraldAckTracker *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->order);
}

/**
 * herald_ack_tracker_new:
 * @capacity: how many messages may wait for their answer at most
 */
HeraldAckTracker *
herald_ack_tracker_new (guint capacity)
{
  HeraldAckTracker *self = g_object_new (HERALD_TYPE_ACK_TRACKER, NULL);

  self->capacity = MAX (capacity, 1);
  return self;
}

/**
 * herald_ack_tracker_sent:
 * @message_id: the measureMessageId of a message just published
 * @time_us: when, on the monotonic clock
 */
void
herald_ack_tracker_sent (HeraldAckTracker *self,
                         const char       *message_id,
                         gint64            time_us)
{
  char *key;

  g_return_if_fail (HERALD_IS_ACK_TRACKER (self));
  g_return_if_fail (message_id != NULL);

  if (g_hash_table_contains (self->pending, message_id))
    return;

  while (g_hash_table_size (self->pending) >= self->capacity)
    g_hash_table_remove (self->pending, g_queue_pop_head (&self->order));

  key = g_strdup (message_id);
  g_hash_table_insert (self->pending, key, g_memdup2 (&time_us, sizeof time_us));
  g_queue_push_tail (&self->order, key);
}

static HeraldAck *
read_ack (HeraldAckTracker *self,
          JsonNode         *node,
          gint64            time_us,
          GError          **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object;
  JsonNode *said;
  const char *id;
  gint64 code;
  gint64 round_trip = -1;
  gpointer key, sent;

  object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  said = object != NULL ? json_object_get_member (object, "code") : NULL;
  if (said == NULL || !JSON_NODE_HOLDS_VALUE (said) || json_node_get_value_type (said) != G_TYPE_INT64)
    {
      g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID,
                   _("This is no acknowledgement: the gateway answers a measures message with "
                     "[{\"id\": its measureMessageId, \"code\": 202 or an error's, \"messages\": […]}]."));
      return NULL;
    }

  id = herald_json_get_string (object, "id");
  code = json_object_get_int_member (object, "code");

  /* The messages are text, or objects whose "message" is. */
  said = json_object_get_member (object, "messages");
  if (said != NULL && JSON_NODE_HOLDS_ARRAY (said))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (said)); i++)
      {
        JsonNode *each = json_array_get_element (json_node_get_array (said), i);

        if (JSON_NODE_HOLDS_VALUE (each) && json_node_get_value_type (each) == G_TYPE_STRING)
          g_ptr_array_add (messages, g_strdup (json_node_get_string (each)));
        else if (JSON_NODE_HOLDS_OBJECT (each) && herald_json_get_string (json_node_get_object (each), "message"))
          g_ptr_array_add (messages, g_strdup (herald_json_get_string (json_node_get_object (each), "message")));
        else
          g_ptr_array_add (messages, herald_json_to_string (each, FALSE));
      }
  g_ptr_array_add (messages, NULL);

  if (id != NULL && g_hash_table_steal_extended (self->pending, id, &key, &sent))
    {
      round_trip = MAX (time_us - *(gint64 *) sent, 0);
      g_queue_remove (&self->order, key);
      g_free (key);
      g_free (sent);
    }

  return herald_ack_new (id, (guint) CLAMP (code, 0, G_MAXUINT), (const char * const *) messages->pdata,
                         round_trip);
}

/**
 * herald_ack_tracker_take:
 * @payload: what arrived on ack/<device>
 * @length: its length, or -1 if it ends with a NUL
 * @time_us: when it arrived, on the monotonic clock
 *
 * Returns: (transfer container) (element-type HeraldAck) (nullable): each
 *   acknowledgement in it, matched or not; %NULL with @error set if it is
 *   none
 */
GPtrArray *
herald_ack_tracker_take (HeraldAckTracker *self,
                         const char       *payload,
                         gssize            length,
                         gint64            time_us,
                         GError          **error)
{
  g_autoptr(GPtrArray) acks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (HERALD_IS_ACK_TRACKER (self), NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  root = herald_json_parse (payload, length, error);
  if (root == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          HeraldAck *ack = read_ack (self, json_array_get_element (array, i), time_us, error);

          if (ack == NULL)
            return NULL;
          g_ptr_array_add (acks, ack);
        }
    }
  else
    {
      HeraldAck *ack = read_ack (self, root, time_us, error);

      if (ack == NULL)
        return NULL;
      g_ptr_array_add (acks, ack);
    }

  return g_steal_pointer (&acks);
}

/**
 * herald_ack_tracker_get_n_pending:
 *
 * Returns: how many messages wait for their answer
 */
guint
herald_ack_tracker_get_n_pending (HeraldAckTracker *self)
{
  g_return_val_if_fail (HERALD_IS_ACK_TRACKER (self), 0);
  return g_hash_table_size (self->pending);
}

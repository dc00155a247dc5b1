/* herald-paced-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-paced-list.h"

/* A view of a list model that passes on items appended at its end at most
 * once per interval, and every other change at once.
 *
 * A view over a history that takes tens of thousands of messages a second
 * would otherwise lay out and draw a frame for every batch the history
 * appends; on a software renderer a frame of the window costs more CPU than
 * the messages do. The first append after a quiet interval is passed on
 * from the next main loop iteration, so a single message shows at once;
 * under a flood, what is shown is never older than the interval (the
 * History's is 100 ms, whatever the flood's rate).
 *
 * Consistency: the items not passed on yet are always the last `pending`
 * items of the model, so item i of this list is item i of the model for
 * every i < n_items. A change that does not touch them is passed on as it
 * is; a change that does (a clear, a new filter) replaces everything from
 * its position to the end at once, the pending items included.
 *
 * Ramp: GTK 4.8's list views make a row widget at once for each new item
 * up to 200 around the one in view, so the first flood into a short list
 * would make 200 rows (1,200 cells in the History) in one go, over 40 ms
 * on these machines. Below RAMP_ITEMS, a timed flush passes on at most
 * RAMP_STEP items per main loop iteration (with a tail, the tail is the
 * most rows made at once).
 *
 * Tail: a view that follows the newest item may show only the last `tail`
 * items (herald_paced_list_set_tail()). GTK 4.8's list views keep a row
 * widget for each of up to 200 items around the one they are anchored
 * to, whatever their height: a view at the end of a long list keeps the
 * 200 rows above its last one, and binds them all again at each jump to
 * the newest items, then measures and draws them; under a flood that is
 * most of a frame. With a tail as long as the rows that fit in the view,
 * a flush replaces only those. The items before the tail are passed on
 * (inserted at the start) when the tail is lifted, so a view that is
 * scrolled back shows the whole list again, its rows where they were. */

#define RAMP_ITEMS  256
#define RAMP_STEP   16

struct _HeraldPacedList
{
  GObject     parent_instance;

  GListModel *model;
  guint       interval_ms;
  guint       offset;      /* the model's position of our first item */
  guint       n_items;
  guint       pending;
  guint       tail;        /* the most items passed on, the last ones; 0: all */
  gint64      last_flush;
  guint       flush_source;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
herald_paced_list_get_item_type (GListModel *list)
{
  HeraldPacedList *self = HERALD_PACED_LIST (list);

  return self->model ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
herald_paced_list_get_n_items (GListModel *list)
{
  return HERALD_PACED_LIST (list)->n_items;
}

static gpointer
herald_paced_list_get_item (GListModel *list,
                            guint       position)
{
  HeraldPacedList *self = HERALD_PACED_LIST (list);

  if (position >= self->n_items)
    return NULL;

  return g_list_model_get_item (self->model, self->offset + position);
}

static void
herald_paced_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_paced_list_get_item_type;
  iface->get_n_items = herald_paced_list_get_n_items;
  iface->get_item = herald_paced_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldPacedList, herald_paced_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, herald_paced_list_list_model_init))

static void
pass_on (HeraldPacedList *self,
         guint            count)
{
  guint position = self->n_items;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  self->last_flush = g_get_monotonic_time ();

  if (count == 0)
    return;

  self->pending -= count;
  if (self->tail > 0 && self->n_items + count > self->tail)
    {
      /* The first items go: one change for the view, which keeps the
       * rows of the items that stay. */
      guint old_n = self->n_items;

      self->offset += old_n + count - self->tail;
      self->n_items = self->tail;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
      return;
    }

  self->n_items += count;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, count);
}

/**
 * herald_paced_list_flush:
 *
 * Passes on the appended items held back, now.
 */
void
herald_paced_list_flush (HeraldPacedList *self)
{
  g_return_if_fail (HERALD_IS_PACED_LIST (self));

  pass_on (self, self->pending);
}

static gboolean
flush_cb (gpointer data)
{
  HeraldPacedList *self = data;

  self->flush_source = 0;

  if (self->tail == 0 && self->n_items < RAMP_ITEMS && self->pending > RAMP_STEP)
    {
      pass_on (self, RAMP_STEP);
      if (self->pending > 0 && self->flush_source == 0)
        {
          self->flush_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_cb, self, NULL);
          g_source_set_name_by_id (self->flush_source, "[herald] paced list ramp");
        }
      return G_SOURCE_REMOVE;
    }

  herald_paced_list_flush (self);

  return G_SOURCE_REMOVE;
}

static void
model_items_changed_cb (HeraldPacedList *self,
                        guint            position,
                        guint            removed,
                        guint            added,
                        GListModel      *model)
{
  guint shown_end = self->offset + self->n_items;
  guint old_n = self->n_items;
  guint n;

  if (removed == 0 && position == shown_end + self->pending)
    {
      /* Appended at the end: held back until the interval is over. */
      if (added == 0)
        return;

      self->pending += added;
      if (self->flush_source == 0)
        {
          gint64 next = self->last_flush + (gint64) self->interval_ms * 1000;
          gint64 now = g_get_monotonic_time ();

          if (next <= now)
            self->flush_source = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cb, self, NULL);
          else
            self->flush_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (next - now + 999) / 1000,
                                                     flush_cb, self, NULL);
          g_source_set_name_by_id (self->flush_source, "[herald] paced list flush");
        }
      return;
    }

  if (self->offset > 0 && position + removed <= self->offset)
    {
      /* Before the tail (the oldest items dropped): nothing we show. */
      self->offset = self->offset - removed + added;
      return;
    }

  if (position >= self->offset && position + removed <= shown_end)
    {
      /* Only items already shown changed; the held-back tail stays. */
      self->n_items = old_n - removed + added;
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->offset, removed, added);
      return;
    }

  /* The change reaches into the held-back items, or into the tail from
   * before it: everything from its position (or from our end, if that
   * comes first) to the end, at once; all of it, with a tail. */
  self->pending = 0;
  g_clear_handle_id (&self->flush_source, g_source_remove);
  self->last_flush = g_get_monotonic_time ();
  n = g_list_model_get_n_items (model);
  if (self->offset == 0 && (self->tail == 0 || n <= self->tail))
    {
      position = MIN (position, shown_end);
      self->n_items = n;
      g_list_model_items_changed (G_LIST_MODEL (self), position, old_n - position, self->n_items - position);
      return;
    }

  self->offset = self->tail > 0 && n > self->tail ? n - self->tail : 0;
  self->n_items = n - self->offset;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static void
herald_paced_list_set_model (HeraldPacedList *self,
                             GListModel      *model)
{
  g_return_if_fail (self->model == NULL);

  if (model == NULL)
    return;

  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
herald_paced_list_dispose (GObject *object)
{
  HeraldPacedList *self = HERALD_PACED_LIST (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (herald_paced_list_parent_class)->dispose (object);
}

static void
herald_paced_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HeraldPacedList *self = HERALD_PACED_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_paced_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HeraldPacedList *self = HERALD_PACED_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      herald_paced_list_set_model (self, g_value_get_object (value));
      break;
    case PROP_INTERVAL:
      self->interval_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_paced_list_class_init (HeraldPacedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_paced_list_dispose;
  object_class->get_property = herald_paced_list_get_property;
  object_class->set_property = herald_paced_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 250,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_paced_list_init (HeraldPacedList *self)
{
  self->interval_ms = 250;
}

/**
 * herald_paced_list_new:
 * @model: the list to follow
 * @interval_ms: the least time between two passed-on appends
 *
 * Returns: (transfer full): a list showing @model's items, its appends paced
 */
HeraldPacedList *
herald_paced_list_new (GListModel *model,
                       guint       interval_ms)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  return g_object_new (HERALD_TYPE_PACED_LIST,
                       "model", model,
                       "interval", interval_ms,
                       NULL);
}

/**
 * herald_paced_list_set_tail:
 * @tail: the most items to show, the last ones; 0 for all
 *
 * While the items shown are more than @tail, the first of them go; when
 * the tail is longer or lifted, the items before it come back, inserted
 * at the start.
 */
void
herald_paced_list_set_tail (HeraldPacedList *self,
                            guint            tail)
{
  guint count;

  g_return_if_fail (HERALD_IS_PACED_LIST (self));

  if (self->tail == tail)
    return;

  self->tail = tail;
  if (tail > 0 && self->n_items > tail)
    {
      count = self->n_items - tail;
      self->offset += count;
      self->n_items = tail;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, count, 0);
    }
  else if (self->offset > 0)
    {
      count = tail == 0 ? self->offset : MIN (self->offset, tail - self->n_items);
      self->offset -= count;
      self->n_items += count;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, count);
    }
}

guint
herald_paced_list_get_tail (HeraldPacedList *self)
{
  g_return_val_if_fail (HERALD_IS_PACED_LIST (self), 0);
  return self->tail;
}

/**
 * herald_paced_list_get_offset:
 *
 * Returns: the model's position of the first item shown: how many items
 *   the tail leaves out
 */
guint
herald_paced_list_get_offset (HeraldPacedList *self)
{
  g_return_val_if_fail (HERALD_IS_PACED_LIST (self), 0);
  return self->offset;
}

GListModel *
herald_paced_list_get_model (HeraldPacedList *self)
{
  g_return_val_if_fail (HERALD_IS_PACED_LIST (self), NULL);
  return self->model;
}

guint
herald_paced_list_get_interval (HeraldPacedList *self)
{
  g_return_val_if_fail (HERALD_IS_PACED_LIST (self), 0);
  return self->interval_ms;
}

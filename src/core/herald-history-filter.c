/* herald-history-filter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-history-filter.h"
#include "herald-history-private.h"

/* A scan gives the main loop back after this long: well within a frame,
 * leaving the rest of the frame to input and drawing. */
#define SLICE_US 5000

struct _HeraldHistoryFilter
{
  GObject               parent_instance;

  HeraldHistory        *history;
  gulong                changed_id;
  char                 *text;
  guint                 events;
  char                 *topic;      /* a subtree: it and the topics below */

  /* With neither text nor an event mask the filter mirrors the history. */
  gboolean              mirror;
  HeraldHistoryMatcher *matcher;
  GArray               *matches;    /* guint64 seqs; valid from @head on */
  guint                 head;
  guint64               scan_seq;   /* entries before it have been tested */
  guint                 idle_id;
};

static void herald_history_filter_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldHistoryFilter, herald_history_filter, G_TYPE_OBJECT,
  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, herald_history_filter_list_model_iface_init))

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_TEXT,
  PROP_EVENTS,
  PROP_TOPIC,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline guint
n_matches (HeraldHistoryFilter *self)
{
  return self->matches->len - self->head;
}

static guint
filter_n_items (HeraldHistoryFilter *self)
{
  if (self->mirror)
    return g_list_model_get_n_items (G_LIST_MODEL (self->history));
  return n_matches (self);
}

/* Scans one slice; returns how many matches it added. */
static guint
scan_slice (HeraldHistoryFilter *self)
{
  guint before = self->matches->len;

  self->scan_seq = _herald_history_scan (self->history, self->matcher, self->scan_seq,
                                         g_get_monotonic_time () + SLICE_US,
                                         self->matches);

  return self->matches->len - before;
}

static gboolean
scan_done (HeraldHistoryFilter *self)
{
  return self->mirror || self->scan_seq >= _herald_history_get_end_seq (self->history);
}

static gboolean scan_idle (gpointer data);

/* Starts or stops the idle scan as needed; notifies `pending`. */
static void
update_pending (HeraldHistoryFilter *self)
{
  gboolean was_pending = self->idle_id != 0;
  gboolean pending = !scan_done (self);

  if (pending && self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scan_idle, self, NULL);
  else if (!pending && self->idle_id != 0)
    g_clear_handle_id (&self->idle_id, g_source_remove);

  if (pending != was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static gboolean
scan_idle (gpointer data)
{
  HeraldHistoryFilter *self = data;
  guint old_n = n_matches (self);
  guint added = scan_slice (self);

  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);

  if (scan_done (self))
    {
      self->idle_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Drops matches of entries the history no longer has. */
static guint
forget_before (HeraldHistoryFilter *self,
               guint64              first_seq)
{
  guint lo = self->head, hi = self->matches->len;
  guint removed;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->matches, guint64, mid) < first_seq)
        lo = mid + 1;
      else
        hi = mid;
    }

  removed = lo - self->head;
  self->head = lo;
  if (self->head > 4096 && self->head > self->matches->len / 2)
    {
      g_array_remove_range (self->matches, 0, self->head);
      self->head = 0;
    }

  return removed;
}

static void
history_items_changed_cb (HeraldHistoryFilter *self,
                          guint                position,
                          guint                removed,
                          guint                added,
                          GListModel          *history)
{
  if (self->mirror)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* The history only ever loses its oldest entries (budget) or all (clear). */
  g_return_if_fail (removed == 0 || position == 0);

  if (removed > 0)
    {
      guint64 first_seq = _herald_history_get_first_seq (self->history);
      guint gone = forget_before (self, first_seq);

      self->scan_seq = MAX (self->scan_seq, first_seq);
      if (gone > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, gone, 0);
    }

  if (added > 0 && self->idle_id == 0)
    {
      /* Caught up: test the new batch now, so the view is not a frame
       * behind; what a slice leaves goes to the idle scan. */
      guint old_n = n_matches (self);
      guint found = scan_slice (self);

      if (found > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, found);
    }

  update_pending (self);
}

/* Starts over after a change of the criteria, with one items-changed for
 * the reset and the first slice's matches. */
static void
restart (HeraldHistoryFilter *self)
{
  guint old_n = filter_n_items (self);
  guint new_n;

  g_clear_pointer (&self->matcher, _herald_history_matcher_free);
  g_array_set_size (self->matches, 0);
  self->head = 0;
  self->scan_seq = _herald_history_get_first_seq (self->history);
  self->mirror = (self->text == NULL || self->text[0] == '\0') &&
                 self->events == HERALD_HISTORY_EVENTS_ALL && self->topic == NULL;

  if (!self->mirror)
    {
      self->matcher = _herald_history_matcher_new (self->text, self->events, self->topic);
      scan_slice (self);
    }

  new_n = filter_n_items (self);
  if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);

  update_pending (self);
}

/* GListModel */

static GType
herald_history_filter_get_item_type (GListModel *model)
{
  return HERALD_TYPE_HISTORY_ITEM;
}

static guint
herald_history_filter_get_n_items (GListModel *model)
{
  return filter_n_items (HERALD_HISTORY_FILTER (model));
}

static gpointer
herald_history_filter_get_item (GListModel *model,
                                guint       position)
{
  HeraldHistoryFilter *self = HERALD_HISTORY_FILTER (model);

  if (self->mirror)
    return g_list_model_get_item (G_LIST_MODEL (self->history), position);

  if (position >= n_matches (self))
    return NULL;

  return _herald_history_get_item_at_seq (self->history,
                                          g_array_index (self->matches, guint64, self->head + position));
}

static void
herald_history_filter_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_history_filter_get_item_type;
  iface->get_n_items = herald_history_filter_get_n_items;
  iface->get_item = herald_history_filter_get_item;
}

/* GObject */

static void
herald_history_filter_constructed (GObject *object)
{
  HeraldHistoryFilter *self = (HeraldHistoryFilter *)object;

  G_OBJECT_CLASS (herald_history_filter_parent_class)->constructed (object);

  g_assert (HERALD_IS_HISTORY (self->history));
  self->changed_id = g_signal_connect_swapped (self->history, "items-changed",
                                               G_CALLBACK (history_items_changed_cb), self);
  restart (self);
}

static void
herald_history_filter_dispose (GObject *object)
{
  HeraldHistoryFilter *self = (HeraldHistoryFilter *)object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->history);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (herald_history_filter_parent_class)->dispose (object);
}

static void
herald_history_filter_finalize (GObject *object)
{
  HeraldHistoryFilter *self = (HeraldHistoryFilter *)object;

  g_clear_pointer (&self->matcher, _herald_history_matcher_free);
  g_array_unref (self->matches);
  g_free (self->text);
  g_free (self->topic);

  G_OBJECT_CLASS (herald_history_filter_parent_class)->finalize (object);
}

static void
herald_history_filter_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HeraldHistoryFilter *self = HERALD_HISTORY_FILTER (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_EVENTS:
      g_value_set_uint (value, self->events);
      break;
    case PROP_TOPIC:
      g_value_set_string (value, self->topic);
      break;
    case PROP_PENDING:
      g_value_set_boolean (value, herald_history_filter_get_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_history_filter_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HeraldHistoryFilter *self = HERALD_HISTORY_FILTER (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      self->history = g_value_dup_object (value);
      break;
    case PROP_TEXT:
      herald_history_filter_set_text (self, g_value_get_string (value));
      break;
    case PROP_EVENTS:
      herald_history_filter_set_events (self, g_value_get_uint (value));
      break;
    case PROP_TOPIC:
      herald_history_filter_set_topic (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_history_filter_class_init (HeraldHistoryFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = herald_history_filter_constructed;
  object_class->dispose = herald_history_filter_dispose;
  object_class->finalize = herald_history_filter_finalize;
  object_class->get_property = herald_history_filter_get_property;
  object_class->set_property = herald_history_filter_set_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, HERALD_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EVENTS] =
    g_param_spec_uint ("events", NULL, NULL, 0, HERALD_HISTORY_EVENTS_ALL, HERALD_HISTORY_EVENTS_ALL,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOPIC] =
    g_param_spec_string ("topic", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_history_filter_init (HeraldHistoryFilter *self)
{
  self->events = HERALD_HISTORY_EVENTS_ALL;
  self->mirror = TRUE;
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint64));
}

HeraldHistoryFilter *
herald_history_filter_new (HeraldHistory *history)
{
  g_return_val_if_fail (HERALD_IS_HISTORY (history), NULL);

  return g_object_new (HERALD_TYPE_HISTORY_FILTER, "history", history, NULL);
}

/* Returns: (transfer none): the history it filters */
HeraldHistory *
herald_history_filter_get_history (HeraldHistoryFilter *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_FILTER (self), NULL);
  return self->history;
}

/* Returns: (nullable): the text searched for */
const char *
herald_history_filter_get_text (HeraldHistoryFilter *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_FILTER (self), NULL);
  return self->text;
}

void
herald_history_filter_set_text (HeraldHistoryFilter *self,
                                const char          *text)
{
  g_return_if_fail (HERALD_IS_HISTORY_FILTER (self));

  if (text != NULL && text[0] == '\0')
    text = NULL;
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);

  /* Before construction the history is not there yet; constructed() scans. */
  if (self->history != NULL && self->changed_id != 0)
    restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

guint
herald_history_filter_get_events (HeraldHistoryFilter *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_FILTER (self), 0);
  return self->events;
}

/**
 * herald_history_filter_set_events:
 * @events: OR of HERALD_HISTORY_EVENT_BIT() values
 */
void
herald_history_filter_set_events (HeraldHistoryFilter *self,
                                  guint                events)
{
  g_return_if_fail (HERALD_IS_HISTORY_FILTER (self));

  events &= HERALD_HISTORY_EVENTS_ALL;
  if (self->events == events)
    return;

  self->events = events;
  if (self->history != NULL && self->changed_id != 0)
    restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS]);
}

/* Returns: (nullable): the topic whose subtree the filter keeps */
const char *
herald_history_filter_get_topic (HeraldHistoryFilter *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_FILTER (self), NULL);
  return self->topic;
}

/**
 * herald_history_filter_set_topic:
 * @topic: (nullable): keep only entries on @topic or a topic below it
 *   ("a/b" keeps "a/b" and "a/b/c", not "a/bc"), or %NULL for all
 */
void
herald_history_filter_set_topic (HeraldHistoryFilter *self,
                                 const char          *topic)
{
  g_return_if_fail (HERALD_IS_HISTORY_FILTER (self));

  if (g_strcmp0 (self->topic, topic) == 0)
    return;
  g_free (self->topic);
  self->topic = g_strdup (topic);
  if (self->history != NULL && self->changed_id != 0)
    restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOPIC]);
}

/* Whether a search is still scanning older entries. */
gboolean
herald_history_filter_get_pending (HeraldHistoryFilter *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_FILTER (self), FALSE);
  return self->idle_id != 0;
}

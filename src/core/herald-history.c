/* herald-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "herald-history.h"
#include "herald-history-private.h"

/* The store (docs/architecture.md, "History store"). Entries are 32-byte records
 * in chunks of up to CHUNK_ENTRIES; payloads up to BLOB_THRESHOLD bytes are
 * packed into the chunk's data block, larger ones are kept as their own
 * GBytes (a "blob"); topics are interned and reference-counted, so a topic
 * costs four bytes per entry. A 200-byte message thus costs 232 bytes plus
 * a share of the chunk's malloc overhead. The budget drops whole chunks,
 * oldest first: cheap, and at most one chunk's worth of precision. */
#define CHUNK_ENTRIES   1024
#define CHUNK_DATA      (256 * 1024)
#define BLOB_THRESHOLD  (4 * 1024)
/* A chunk takes no more after its blobs reach this, so that large payloads
 * spread over chunks and the budget can drop them one chunk at a time. */
#define CHUNK_MAX_BLOBS (1024 * 1024)
/* What a GBytes, its malloc header and its slot in the blobs array cost. */
#define BLOB_OVERHEAD   64
/* What a topic costs besides its characters: hash table slot, record. */
#define TOPIC_OVERHEAD  48
#define NO_TOPIC        G_MAXUINT32
#define MIB             (1024u * 1024u)

enum {
  ENTRY_RETAINED  = 1 << 0,
  ENTRY_TRUNCATED = 1 << 1,
  ENTRY_BLOB      = 1 << 2,
  /* The entry's MQTT 5 properties are in its chunk's properties table. */
  ENTRY_PROPERTIES = 1 << 3,
};

/* What a kept properties dictionary costs besides its serialised bytes:
 * the GVariant and its hash table slot. */
#define PROPERTIES_OVERHEAD 96

typedef struct
{
  gint64  time_us;
  guint32 topic;   /* topic id or NO_TOPIC */
  guint32 offset;  /* in the chunk's data, or the index in its blobs */
  guint32 kept;    /* bytes kept */
  guint32 size;    /* real size (MQTT caps a payload at 256 MiB) */
  guint8  event;
  guint8  qos;
  guint8  flags;
} Entry;

typedef struct
{
  guint64    first_seq;
  guint      n;
  guint      entries_cap;
  Entry     *entries;
  guint8    *data;
  gsize      data_len;
  gsize      data_cap;
  GPtrArray *blobs;
  gsize      blob_bytes;
  GHashTable *properties; /* index in chunk -> GVariant a{sv}; NULL when none */
  gsize      bytes;      /* what this chunk counts against the budget */
  gboolean   sealed;
} Chunk;

typedef struct
{
  char    *name;
  guint32  len;
  guint32  refs;
} Topic;

struct _HeraldHistory
{
  GObject     parent_instance;

  GPtrArray  *chunks;        /* Chunk *, oldest first */
  guint       hint;          /* index of the chunk found last */
  guint64     first_seq;
  guint64     end_seq;
  guint64     n_total;
  guint64     n_dropped;
  guint64     memory_used;
  guint       memory_budget_mb;
  guint       payload_cap;

  GHashTable *topic_ids;     /* name (owned by Topic) -> id + 1 */
  GArray     *topics;        /* Topic, by id */
  GArray     *free_topics;   /* guint32 ids to reuse */
  guint       topics_epoch;  /* grows when an id is freed */
};

static void herald_history_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldHistory, herald_history, G_TYPE_OBJECT,
  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, herald_history_list_model_iface_init))

enum {
  PROP_0,
  PROP_N_TOTAL,
  PROP_N_DROPPED,
  PROP_MEMORY_BUDGET,
  PROP_PAYLOAD_CAP,
  PROP_MEMORY_USED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Topics */

static guint32
topic_intern (HeraldHistory *self,
              const char    *name)
{
  gpointer found;
  Topic *topic;
  guint32 id;

  if (name == NULL)
    return NO_TOPIC;

  found = g_hash_table_lookup (self->topic_ids, name);
  if (found != NULL)
    {
      id = GPOINTER_TO_UINT (found) - 1;
      g_array_index (self->topics, Topic, id).refs++;
      return id;
    }

  if (self->free_topics->len > 0)
    {
      id = g_array_index (self->free_topics, guint32, self->free_topics->len - 1);
      g_array_set_size (self->free_topics, self->free_topics->len - 1);
    }
  else
    {
      id = self->topics->len;
      g_array_set_size (self->topics, id + 1);
    }

  topic = &g_array_index (self->topics, Topic, id);
  topic->len = strlen (name);
  topic->name = g_memdup2 (name, topic->len + 1);
  topic->refs = 1;
  g_hash_table_insert (self->topic_ids, topic->name, GUINT_TO_POINTER (id + 1));
  self->memory_used += topic->len + 1 + TOPIC_OVERHEAD;

  return id;
}

static void
topic_release (HeraldHistory *self,
               guint32        id)
{
  Topic *topic;

  if (id == NO_TOPIC)
    return;

  topic = &g_array_index (self->topics, Topic, id);
  g_assert (topic->refs > 0);
  if (--topic->refs > 0)
    return;

  g_hash_table_remove (self->topic_ids, topic->name);
  self->memory_used -= topic->len + 1 + TOPIC_OVERHEAD;
  g_clear_pointer (&topic->name, g_free);
  topic->len = 0;
  g_array_append_val (self->free_topics, id);
  self->topics_epoch++;
}

/* Chunks */

static Chunk *
chunk_new (guint64 first_seq)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->first_seq = first_seq;
  chunk->entries_cap = CHUNK_ENTRIES;
  chunk->entries = g_new (Entry, CHUNK_ENTRIES);
  chunk->bytes = sizeof (Chunk) + CHUNK_ENTRIES * sizeof (Entry);

  return chunk;
}

static void
chunk_free (Chunk *chunk)
{
  g_free (chunk->entries);
  g_free (chunk->data);
  g_clear_pointer (&chunk->blobs, g_ptr_array_unref);
  g_clear_pointer (&chunk->properties, g_hash_table_unref);
  g_free (chunk);
}

/* A full chunk gives back what it did not use. */
static void
chunk_seal (HeraldHistory *self,
            Chunk         *chunk)
{
  gsize before = chunk->bytes;

  if (chunk->sealed)
    return;
  chunk->sealed = TRUE;

  if (chunk->n < chunk->entries_cap)
    {
      chunk->entries = g_renew (Entry, chunk->entries, MAX (chunk->n, 1));
      chunk->bytes -= (chunk->entries_cap - chunk->n) * sizeof (Entry);
      chunk->entries_cap = chunk->n;
    }
  if (chunk->data != NULL && chunk->data_len < chunk->data_cap)
    {
      chunk->data = g_realloc (chunk->data, MAX (chunk->data_len, 1));
      chunk->bytes -= chunk->data_cap - chunk->data_len;
      chunk->data_cap = chunk->data_len;
    }

  self->memory_used -= before - chunk->bytes;
}

static Chunk *
current_chunk (HeraldHistory *self)
{
  Chunk *chunk = NULL;

  if (self->chunks->len > 0)
    chunk = g_ptr_array_index (self->chunks, self->chunks->len - 1);

  if (chunk == NULL || chunk->sealed)
    {
      chunk = chunk_new (self->end_seq);
      g_ptr_array_add (self->chunks, chunk);
      self->memory_used += chunk->bytes;
    }

  return chunk;
}

static guint
find_chunk (HeraldHistory *self,
            guint64        seq)
{
  guint lo = 0, hi = self->chunks->len;
  Chunk *chunk;

  g_assert (seq >= self->first_seq && seq < self->end_seq);

  if (self->hint < self->chunks->len)
    {
      chunk = g_ptr_array_index (self->chunks, self->hint);
      if (seq >= chunk->first_seq && seq < chunk->first_seq + chunk->n)
        return self->hint;
    }

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      chunk = g_ptr_array_index (self->chunks, mid);
      if (chunk->first_seq <= seq)
        lo = mid;
      else
        hi = mid;
    }

  self->hint = lo;
  return lo;
}

static inline const guint8 *
entry_data (const Chunk *chunk,
            const Entry *entry)
{
  if (entry->flags & ENTRY_BLOB)
    return g_bytes_get_data (g_ptr_array_index (chunk->blobs, entry->offset), NULL);
  /* A chunk whose entries all kept nothing has no data block. */
  return chunk->data != NULL ? chunk->data + entry->offset : NULL;
}

/* Appends one entry without telling anyone. @payload may be NULL when
 * @data is not in a GBytes. */
static void
append_entry (HeraldHistory      *self,
              HeraldHistoryEvent  event,
              const char         *topic,
              const guint8       *data,
              gsize               len,
              GBytes             *payload,
              guint               qos,
              gboolean            retained,
              gint64              time_us,
              GVariant           *mqtt_properties)
{
  gsize kept = MIN (len, (gsize) self->payload_cap);
  Chunk *chunk = current_chunk (self);
  Entry *entry;

  if (chunk->n == chunk->entries_cap ||
      (kept <= BLOB_THRESHOLD && chunk->data != NULL && chunk->data_len + kept > chunk->data_cap))
    {
      chunk_seal (self, chunk);
      chunk = current_chunk (self);
    }

  entry = &chunk->entries[chunk->n];
  entry->time_us = time_us;
  entry->topic = topic_intern (self, topic);
  entry->kept = kept;
  entry->size = (guint32) MIN (len, G_MAXUINT32);
  entry->event = event;
  entry->qos = qos;
  entry->flags = (retained ? ENTRY_RETAINED : 0) | (kept < len ? ENTRY_TRUNCATED : 0);

  if (kept > BLOB_THRESHOLD)
    {
      GBytes *blob;

      /* A payload kept whole is shared, not copied: the session made it
       * for us. A cut one is copied, so the rest can be freed. */
      if (payload != NULL && kept == len)
        blob = g_bytes_ref (payload);
      else
        blob = g_bytes_new (data, kept);

      if (chunk->blobs == NULL)
        chunk->blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      entry->offset = chunk->blobs->len;
      entry->flags |= ENTRY_BLOB;
      g_ptr_array_add (chunk->blobs, blob);
      chunk->blob_bytes += kept + BLOB_OVERHEAD;
      chunk->bytes += kept + BLOB_OVERHEAD;
      self->memory_used += kept + BLOB_OVERHEAD;
    }
  else
    {
      if (chunk->data == NULL && kept > 0)
        {
          chunk->data_cap = CHUNK_DATA;
          chunk->data = g_malloc (CHUNK_DATA);
          chunk->bytes += CHUNK_DATA;
          self->memory_used += CHUNK_DATA;
        }
      entry->offset = chunk->data_len;
      if (kept > 0)
        memcpy (chunk->data + chunk->data_len, data, kept);
      chunk->data_len += kept;
    }

  /* Only entries with MQTT 5 properties pay for them. */
  if (mqtt_properties != NULL && g_variant_n_children (mqtt_properties) > 0)
    {
      gsize cost = g_variant_get_size (mqtt_properties) + PROPERTIES_OVERHEAD;

      if (chunk->properties == NULL)
        chunk->properties = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_variant_unref);
      g_hash_table_insert (chunk->properties, GUINT_TO_POINTER (chunk->n),
                           g_variant_ref_sink (mqtt_properties));
      entry->flags |= ENTRY_PROPERTIES;
      chunk->bytes += cost;
      self->memory_used += cost;
    }

  chunk->n++;
  self->end_seq++;
  self->n_total++;

  if (chunk->blob_bytes >= CHUNK_MAX_BLOBS)
    chunk_seal (self, chunk);
}

/* Once the store is over its budget, drops the oldest chunks until it is
 * a 32nd under it (16 MiB of the default 512): at broker speed the oldest
 * entries then go every few seconds in one step, not a chunk every few
 * batches, and each step costs the views one change, not dozens. Keeps the
 * newest chunk whatever it costs. Returns how many entries went. */
static guint
evict (HeraldHistory *self)
{
  guint64 budget = (guint64) self->memory_budget_mb * MIB;
  guint64 low_water = budget - budget / 32;
  guint n_chunks = 0;
  guint removed = 0;

  if (self->memory_used <= budget)
    return 0;

  while (self->memory_used > low_water && n_chunks + 1 < self->chunks->len)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, n_chunks);

      for (guint i = 0; i < chunk->n; i++)
        topic_release (self, chunk->entries[i].topic);
      self->memory_used -= chunk->bytes;
      removed += chunk->n;
      n_chunks++;
    }

  if (n_chunks > 0)
    {
      g_ptr_array_remove_range (self->chunks, 0, n_chunks);
      self->first_seq += removed;
      self->n_dropped += removed;
      self->hint = 0;
    }

  return removed;
}

/* Tells the world about @added entries appended after @old_n, then drops
 * what is over the budget: each signal matches the model as it is then. */
static void
commit (HeraldHistory *self,
        guint          old_n,
        guint          added)
{
  guint removed;

  g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);

  removed = evict (self);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  if (removed > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_USED]);
}

/**
 * herald_history_append_messages:
 * @messages: (element-type HeraldMessage): one batch, oldest first
 *
 * Appends a batch of received messages with one `items-changed` (two when
 * the budget then drops old entries).
 */
void
herald_history_append_messages (HeraldHistory *self,
                                GPtrArray     *messages)
{
  guint old_n;

  g_return_if_fail (HERALD_IS_HISTORY (self));
  g_return_if_fail (messages != NULL);

  if (messages->len == 0)
    return;

  old_n = self->end_seq - self->first_seq;
  for (guint i = 0; i < messages->len; i++)
    {
      HeraldMessage *message = g_ptr_array_index (messages, i);
      GBytes *payload = herald_message_get_payload (message);
      gsize len;
      const guint8 *data = g_bytes_get_data (payload, &len);

      append_entry (self, HERALD_HISTORY_EVENT_RECEIVED,
                    herald_message_get_topic (message),
                    data, len, payload,
                    herald_message_get_qos (message),
                    herald_message_get_retained (message),
                    herald_message_get_time (message),
                    herald_message_get_properties (message));
    }

  commit (self, old_n, messages->len);
}

void
herald_history_append_message (HeraldHistory *self,
                               HeraldMessage *message)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  g_return_if_fail (HERALD_IS_HISTORY (self));
  g_return_if_fail (message != NULL);

  g_ptr_array_add (batch, message);
  herald_history_append_messages (self, batch);
}

/**
 * herald_history_append_event:
 * @event: what happened
 * @topic: (nullable): the topic it concerns (subscribed, published, ...)
 * @detail: (nullable): text shown as the entry's payload: a published
 *   payload, an error message with what to do next, the broker URI, ...
 *
 * Appends one event, stamped now, with one `items-changed`.
 */
void
herald_history_append_event (HeraldHistory      *self,
                             HeraldHistoryEvent  event,
                             const char         *topic,
                             const char         *detail)
{
  herald_history_append_event_with_qos (self, event, topic, detail, 0);
}

/**
 * herald_history_append_event_with_qos:
 * @qos: the QoS the event concerns: the granted QoS of a subscription
 *
 * Like herald_history_append_event(), with the entry's QoS.
 */
void
herald_history_append_event_with_qos (HeraldHistory      *self,
                                      HeraldHistoryEvent  event,
                                      const char         *topic,
                                      const char         *detail,
                                      guint               qos)
{
  guint old_n;

  g_return_if_fail (HERALD_IS_HISTORY (self));
  g_return_if_fail (event < HERALD_HISTORY_N_EVENTS);
  g_return_if_fail (qos <= 2);

  if (detail == NULL)
    detail = "";

  old_n = self->end_seq - self->first_seq;
  append_entry (self, event, topic, (const guint8 *) detail, strlen (detail), NULL,
                qos, FALSE, g_get_real_time (), NULL);
  commit (self, old_n, 1);
}

/**
 * herald_history_clear:
 *
 * Removes every entry (one `items-changed`) and sets `n-total` and
 * `n-dropped` back to 0.
 */
void
herald_history_clear (HeraldHistory *self)
{
  guint old_n;

  g_return_if_fail (HERALD_IS_HISTORY (self));

  old_n = self->end_seq - self->first_seq;

  g_ptr_array_set_size (self->chunks, 0);
  g_hash_table_remove_all (self->topic_ids);
  for (guint i = 0; i < self->topics->len; i++)
    g_free (g_array_index (self->topics, Topic, i).name);
  g_array_set_size (self->topics, 0);
  g_array_set_size (self->free_topics, 0);
  self->topics_epoch++;
  self->hint = 0;
  self->first_seq = self->end_seq;
  self->memory_used = 0;
  self->n_total = 0;
  self->n_dropped = 0;

  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_USED]);
}

/* GListModel */

HeraldHistoryItem *
_herald_history_get_item_at_seq (HeraldHistory *self,
                                 guint64        seq)
{
  const Chunk *chunk;
  const Entry *entry;
  GBytes *payload;
  HeraldHistoryItem *item;

  if (seq < self->first_seq || seq >= self->end_seq)
    return NULL;

  chunk = g_ptr_array_index (self->chunks, find_chunk (self, seq));
  entry = &chunk->entries[seq - chunk->first_seq];

  if (entry->flags & ENTRY_BLOB)
    payload = g_bytes_ref (g_ptr_array_index (chunk->blobs, entry->offset));
  else
    payload = g_bytes_new (entry_data (chunk, entry), entry->kept);

  item = _herald_history_item_new (seq, entry->event,
                                   entry->topic == NO_TOPIC ? NULL :
                                     g_strdup (g_array_index (self->topics, Topic, entry->topic).name),
                                   payload, entry->qos,
                                   (entry->flags & ENTRY_RETAINED) != 0,
                                   entry->time_us, entry->size,
                                   (entry->flags & ENTRY_TRUNCATED) != 0);
  if (entry->flags & ENTRY_PROPERTIES)
    _herald_history_item_set_mqtt_properties (item, g_hash_table_lookup (chunk->properties,
                                                                         GUINT_TO_POINTER (seq - chunk->first_seq)));

  return item;
}

static GType
herald_history_get_item_type (GListModel *model)
{
  return HERALD_TYPE_HISTORY_ITEM;
}

static guint
herald_history_get_n_items (GListModel *model)
{
  HeraldHistory *self = HERALD_HISTORY (model);

  return self->end_seq - self->first_seq;
}

static gpointer
herald_history_get_item (GListModel *model,
                         guint       position)
{
  HeraldHistory *self = HERALD_HISTORY (model);

  return _herald_history_get_item_at_seq (self, self->first_seq + position);
}

static void
herald_history_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_history_get_item_type;
  iface->get_n_items = herald_history_get_n_items;
  iface->get_item = herald_history_get_item;
}

/* Search */

struct _HeraldHistoryMatcher
{
  guint    events;
  guint8  *needle;     /* ASCII lower case */
  gsize    needle_len;
  char    *subtree;    /* a topic: it and the topics below it only */
  gsize    subtree_len;
  guint    epoch;
  GArray  *topic_cache; /* guint8 by topic id: 0 unknown, else MATCH_* bits */
};

/* What a topic id's cache entry knows, once filled. */
enum
{
  TOPIC_KNOWN        = 1 << 0,
  TOPIC_HAS_NEEDLE   = 1 << 1,
  TOPIC_IN_SUBTREE   = 1 << 2,
};

/**
 * _herald_history_matcher_new:
 * @subtree: (nullable): a topic: only entries on it or on a topic below it
 *   ("a/b" takes "a/b" and "a/b/c", not "a/bc")
 */
HeraldHistoryMatcher *
_herald_history_matcher_new (const char *text,
                             guint       events,
                             const char *subtree)
{
  HeraldHistoryMatcher *matcher = g_new0 (HeraldHistoryMatcher, 1);

  matcher->events = events;
  if (subtree != NULL)
    {
      matcher->subtree = g_strdup (subtree);
      matcher->subtree_len = strlen (subtree);
    }
  if (text != NULL && text[0] != '\0')
    {
      matcher->needle = (guint8 *) g_ascii_strdown (text, -1);
      matcher->needle_len = strlen (text);
    }
  matcher->epoch = G_MAXUINT;
  matcher->topic_cache = g_array_new (FALSE, TRUE, 1);

  return matcher;
}

void
_herald_history_matcher_free (HeraldHistoryMatcher *matcher)
{
  g_free (matcher->needle);
  g_free (matcher->subtree);
  g_array_unref (matcher->topic_cache);
  g_free (matcher);
}

/* Whether needle[1 .. n-2] matches at @p + 1, ignoring ASCII case (the
 * first and last bytes are already known to match). */
static inline gboolean
middle_matches (const guint8 *p,
                const guint8 *needle,
                gsize         n)
{
  return n <= 2 || g_ascii_strncasecmp ((const char *) p + 1, (const char *) needle + 1, n - 2) == 0;
}

/* A substring search that ignores ASCII case, for needles of two bytes or
 * more. Candidates are the positions where the needle's first AND last
 * bytes match, tested 16 at a time with SSE2 (every x86-64 has it); a
 * letter is compared with its 0x20 bit set, which folds exactly its two
 * cases. This keeps a whole-history search near memory speed. */
static gboolean
contains_pair (const guint8 *hay,
               gsize         len,
               const guint8 *needle,
               gsize         n)
{
  guint8 first = needle[0], last = needle[n - 1];
  guint8 first_fold = g_ascii_isalpha (first) ? 0x20 : 0;
  guint8 last_fold = g_ascii_isalpha (last) ? 0x20 : 0;
  gsize i = 0;

#ifdef __SSE2__
  {
    __m128i vfirst = _mm_set1_epi8 ((char) first);
    __m128i vlast = _mm_set1_epi8 ((char) last);
    __m128i ffold = _mm_set1_epi8 ((char) first_fold);
    __m128i lfold = _mm_set1_epi8 ((char) last_fold);

    for (; i + n - 1 + 16 <= len; i += 16)
      {
        __m128i a = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (hay + i));
        __m128i b = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (hay + i + n - 1));
        __m128i both = _mm_and_si128 (_mm_cmpeq_epi8 (_mm_or_si128 (a, ffold), vfirst),
                                      _mm_cmpeq_epi8 (_mm_or_si128 (b, lfold), vlast));
        guint mask = (guint) _mm_movemask_epi8 (both);

        while (mask != 0)
          {
            guint bit = (guint) __builtin_ctz (mask);

            if (middle_matches (hay + i + bit, needle, n))
              return TRUE;
            mask &= mask - 1;
          }
      }
  }
#endif

  for (; i + n <= len; i++)
    if ((hay[i] | first_fold) == first && (hay[i + n - 1] | last_fold) == last &&
        middle_matches (hay + i, needle, n))
      return TRUE;

  return FALSE;
}

static gboolean
contains (const HeraldHistoryMatcher *matcher,
          const guint8               *hay,
          gsize                       len)
{
  const guint8 *needle = matcher->needle;
  gsize n = matcher->needle_len;

  if (len < n)
    return FALSE;

  if (n == 1)
    {
      guint8 c = needle[0];

      if (memchr (hay, c, len) != NULL)
        return TRUE;
      return g_ascii_isalpha (c) && memchr (hay, g_ascii_toupper (c), len) != NULL;
    }

  return contains_pair (hay, len, needle, n);
}

/* What the matcher knows of topic @id (TOPIC_* bits), learnt once a
 * topic. */
static guint8
topic_flags (HeraldHistory        *self,
             HeraldHistoryMatcher *matcher,
             guint32               id)
{
  guint8 *cached;

  if (matcher->epoch != self->topics_epoch)
    {
      g_array_set_size (matcher->topic_cache, 0);
      matcher->epoch = self->topics_epoch;
    }
  if (matcher->topic_cache->len <= id)
    g_array_set_size (matcher->topic_cache, self->topics->len);

  cached = &g_array_index (matcher->topic_cache, guint8, id);
  if (*cached == 0)
    {
      const Topic *topic = &g_array_index (self->topics, Topic, id);

      *cached = TOPIC_KNOWN;
      if (matcher->needle != NULL && contains (matcher, (const guint8 *) topic->name, topic->len))
        *cached |= TOPIC_HAS_NEEDLE;
      if (matcher->subtree != NULL && topic->len >= matcher->subtree_len &&
          memcmp (topic->name, matcher->subtree, matcher->subtree_len) == 0 &&
          (topic->len == matcher->subtree_len || topic->name[matcher->subtree_len] == '/'))
        *cached |= TOPIC_IN_SUBTREE;
    }

  return *cached;
}

guint64
_herald_history_scan (HeraldHistory        *self,
                      HeraldHistoryMatcher *matcher,
                      guint64               from_seq,
                      gint64                deadline_us,
                      GArray               *matches)
{
  guint64 seq = MAX (from_seq, self->first_seq);
  guint checked = 0;

  while (seq < self->end_seq)
    {
      const Chunk *chunk = g_ptr_array_index (self->chunks, find_chunk (self, seq));
      guint i = seq - chunk->first_seq;

      for (; i < chunk->n; i++, seq++)
        {
          const Entry *entry = &chunk->entries[i];

          /* g_get_monotonic_time() is cheap, but not free. */
          if ((++checked & 255) == 0 && g_get_monotonic_time () >= deadline_us)
            return seq;

          if (!(matcher->events & (1u << entry->event)))
            continue;
          if (matcher->subtree != NULL &&
              (entry->topic == NO_TOPIC || !(topic_flags (self, matcher, entry->topic) & TOPIC_IN_SUBTREE)))
            continue;
          if (matcher->needle != NULL &&
              !(entry->topic != NO_TOPIC && (topic_flags (self, matcher, entry->topic) & TOPIC_HAS_NEEDLE)) &&
              !contains (matcher, entry_data (chunk, entry), entry->kept))
            continue;

          g_array_append_val (matches, seq);
        }
    }

  return seq;
}

guint64
_herald_history_get_first_seq (HeraldHistory *self)
{
  return self->first_seq;
}

guint64
_herald_history_get_end_seq (HeraldHistory *self)
{
  return self->end_seq;
}

/* GObject */

static void
herald_history_finalize (GObject *object)
{
  HeraldHistory *self = (HeraldHistory *)object;

  g_ptr_array_unref (self->chunks);
  g_hash_table_unref (self->topic_ids);
  for (guint i = 0; i < self->topics->len; i++)
    g_free (g_array_index (self->topics, Topic, i).name);
  g_array_unref (self->topics);
  g_array_unref (self->free_topics);

  G_OBJECT_CLASS (herald_history_parent_class)->finalize (object);
}

static void
herald_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HeraldHistory *self = HERALD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_N_TOTAL:
      g_value_set_uint64 (value, self->n_total);
      break;
    case PROP_N_DROPPED:
      g_value_set_uint64 (value, self->n_dropped);
      break;
    case PROP_MEMORY_BUDGET:
      g_value_set_uint (value, self->memory_budget_mb);
      break;
    case PROP_PAYLOAD_CAP:
      g_value_set_uint (value, self->payload_cap);
      break;
    case PROP_MEMORY_USED:
      g_value_set_uint64 (value, self->memory_used);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_history_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HeraldHistory *self = HERALD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_MEMORY_BUDGET:
      herald_history_set_memory_budget (self, g_value_get_uint (value));
      break;
    case PROP_PAYLOAD_CAP:
      herald_history_set_payload_cap (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_history_class_init (HeraldHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_history_finalize;
  object_class->get_property = herald_history_get_property;
  object_class->set_property = herald_history_set_property;

  properties[PROP_N_TOTAL] =
    g_param_spec_uint64 ("n-total", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MEMORY_BUDGET] =
    g_param_spec_uint ("memory-budget", NULL, NULL, 1, G_MAXUINT / MIB,
                       HERALD_HISTORY_DEFAULT_MEMORY_BUDGET_MB,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAYLOAD_CAP] =
    g_param_spec_uint ("payload-cap", NULL, NULL, 1, G_MAXUINT32,
                       HERALD_HISTORY_DEFAULT_PAYLOAD_CAP,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MEMORY_USED] =
    g_param_spec_uint64 ("memory-used", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_history_init (HeraldHistory *self)
{
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  self->memory_budget_mb = HERALD_HISTORY_DEFAULT_MEMORY_BUDGET_MB;
  self->payload_cap = HERALD_HISTORY_DEFAULT_PAYLOAD_CAP;
  self->topic_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->topics = g_array_new (FALSE, TRUE, sizeof (Topic));
  self->free_topics = g_array_new (FALSE, FALSE, sizeof (guint32));
}

HeraldHistory *
herald_history_new (void)
{
  return g_object_new (HERALD_TYPE_HISTORY, NULL);
}

guint64
herald_history_get_n_total (HeraldHistory *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY (self), 0);
  return self->n_total;
}

guint64
herald_history_get_n_dropped (HeraldHistory *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY (self), 0);
  return self->n_dropped;
}

guint
herald_history_get_memory_budget (HeraldHistory *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY (self), 0);
  return self->memory_budget_mb;
}

/**
 * herald_history_set_memory_budget:
 * @budget_mb: the budget in MiB, at least 1
 *
 * A smaller budget drops the oldest entries at once.
 */
void
herald_history_set_memory_budget (HeraldHistory *self,
                                  guint          budget_mb)
{
  guint removed;

  g_return_if_fail (HERALD_IS_HISTORY (self));
  g_return_if_fail (budget_mb >= 1);

  if (self->memory_budget_mb == budget_mb)
    return;

  self->memory_budget_mb = budget_mb;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_BUDGET]);

  removed = evict (self);
  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_USED]);
    }
}

guint
herald_history_get_payload_cap (HeraldHistory *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY (self), 0);
  return self->payload_cap;
}

/**
 * herald_history_set_payload_cap:
 * @cap: bytes kept of one payload, at least 1
 *
 * Applies to entries appended from now on.
 */
void
herald_history_set_payload_cap (HeraldHistory *self,
                                guint          cap)
{
  g_return_if_fail (HERALD_IS_HISTORY (self));
  g_return_if_fail (cap >= 1);

  if (self->payload_cap == cap)
    return;

  self->payload_cap = cap;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD_CAP]);
}

/* Bytes the entries, payloads and topics take now. */
guint64
herald_history_get_memory_used (HeraldHistory *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY (self), 0);
  return self->memory_used;
}

/**
 * herald_history_get_previous_on_topic:
 * @item: an entry of @self
 *
 * The entry before @item of the same kind (received, published) on the
 * same topic, for the message viewer's comparison. Walks back over the
 * entries' topic ids only: no item is made for the entries passed.
 *
 * Returns: (transfer full) (nullable): that entry, or %NULL if there is none
 *   still kept, or @item is no longer in @self or has no topic
 */
HeraldHistoryItem *
herald_history_get_previous_on_topic (HeraldHistory     *self,
                                      HeraldHistoryItem *item)
{
  guint64 seq;
  const Chunk *chunk;
  const Entry *entry;
  guint32 topic;
  guint8 event;
  guint index;

  g_return_val_if_fail (HERALD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (item), NULL);

  seq = herald_history_item_get_sequence (item);
  if (seq <= self->first_seq || seq >= self->end_seq)
    return NULL;

  index = find_chunk (self, seq);
  chunk = g_ptr_array_index (self->chunks, index);
  entry = &chunk->entries[seq - chunk->first_seq];
  if (entry->topic == NO_TOPIC)
    return NULL;
  topic = entry->topic;
  event = entry->event;

  for (;;)
    {
      guint64 lowest = MAX (chunk->first_seq, self->first_seq);

      while (seq > lowest)
        {
          seq--;
          entry = &chunk->entries[seq - chunk->first_seq];
          if (entry->topic == topic && entry->event == event)
            return _herald_history_get_item_at_seq (self, seq);
        }
      if (index == 0 || seq <= self->first_seq)
        return NULL;
      chunk = g_ptr_array_index (self->chunks, --index);
    }
}

/* test-history.c: HeraldHistory, HeraldHistoryItem, HeraldHistoryFilter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "herald-history.h"
#include "herald-history-filter.h"
#include "herald-json-format.h"

/* A shadow of a GListModel, kept only from its items-changed signals: the
 * sequence numbers of the items it announced. It must always equal the
 * model, or the signals lied. */
typedef struct
{
  GListModel *model;
  GArray     *seqs;        /* guint64 */
  guint       n_signals;
  guint       n_removed;
  guint       n_added;
} Shadow;

static void
shadow_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Shadow     *shadow)
{
  g_assert_cmpuint (position + removed, <=, shadow->seqs->len);
  g_assert_cmpuint (shadow->seqs->len - removed + added, ==, g_list_model_get_n_items (model));

  shadow->n_signals++;
  shadow->n_removed += removed;
  shadow->n_added += added;
  if (removed > 0)
    g_array_remove_range (shadow->seqs, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (model, position + i);
      guint64 seq = herald_history_item_get_sequence (item);

      g_array_insert_val (shadow->seqs, position + i, seq);
    }
}

static Shadow *
shadow_new (GListModel *model)
{
  Shadow *shadow = g_new0 (Shadow, 1);
  guint n = g_list_model_get_n_items (model);

  shadow->model = g_object_ref (model);
  shadow->seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (model, i);
      guint64 seq = herald_history_item_get_sequence (item);

      g_array_append_val (shadow->seqs, seq);
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (shadow_changed_cb), shadow);

  return shadow;
}

static void
shadow_check (Shadow *shadow)
{
  guint n = g_list_model_get_n_items (shadow->model);

  g_assert_cmpuint (shadow->seqs->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (shadow->model, i);

      g_assert_cmpuint (g_array_index (shadow->seqs, guint64, i), ==,
                        herald_history_item_get_sequence (item));
    }
  g_assert_null (g_list_model_get_item (shadow->model, n));
}

static void
shadow_reset_counts (Shadow *shadow)
{
  shadow->n_signals = shadow->n_removed = shadow->n_added = 0;
}

static void
shadow_free (Shadow *shadow)
{
  g_signal_handlers_disconnect_by_data (shadow->model, shadow);
  g_object_unref (shadow->model);
  g_array_unref (shadow->seqs);
  g_free (shadow);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shadow, shadow_free)

/* Message number @i: a 200-byte JSON payload that names its number, on one
 * of ten topics; every seventh one mentions a "Needle". Written into
 * buffers, so that checking a million of them costs no allocation. */
static void
format_message (guint i,
                char  topic[64],
                char  payload[201])
{
  int len;

  g_snprintf (topic, 64, "sensors/room-%u/temperature", i % 10);
  len = g_snprintf (payload, 201, "{\"n\":%u,\"value\":%u.5,\"note\":\"%s\",\"pad\":\"", i, i % 97,
                    i % 7 == 0 ? "a Needle here" : "nothing");
  memset (payload + len, 'x', 198 - len);
  memcpy (payload + 198, "\"}", 3);
}

static HeraldMessage *
make_message (guint i)
{
  char topic[64], json[201];
  g_autoptr(GBytes) payload = NULL;

  format_message (i, topic, json);
  g_assert_cmpuint (strlen (json), ==, 200);
  payload = g_bytes_new (json, 200);

  return herald_message_new (1700000000000000 + i, topic, payload, i % 3, i % 5 == 0, NULL);
}

static GPtrArray *
make_batch (guint first,
            guint n)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (batch, make_message (first + i));

  return batch;
}

static guint
payload_number (HeraldHistoryItem *item)
{
  GBytes *payload = herald_history_item_get_payload (item);
  g_autofree char *text = g_strndup (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  guint n = 0;

  g_assert_true (sscanf (text, "{\"n\":%u,", &n) == 1);
  return n;
}

static void
test_append_batches (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (history));

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (history)) == HERALD_TYPE_HISTORY_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);

  for (guint b = 0; b < 5; b++)
    {
      g_autoptr(GPtrArray) batch = make_batch (b * 1000, 1000);

      shadow_reset_counts (shadow);
      herald_history_append_messages (history, batch);
      /* One batch, one signal. */
      g_assert_cmpuint (shadow->n_signals, ==, 1);
      g_assert_cmpuint (shadow->n_added, ==, 1000);
      g_assert_cmpuint (shadow->n_removed, ==, 0);
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 5000);
  g_assert_cmpuint (herald_history_get_n_total (history), ==, 5000);
  g_assert_cmpuint (herald_history_get_n_dropped (history), ==, 0);
  shadow_check (shadow);

  for (guint i = 0; i < 5000; i += 499)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), i);
      g_autoptr(HeraldMessage) expected = make_message (i);
      g_autofree char *topic = NULL;
      guint qos;
      gboolean retained;

      g_assert_cmpint (herald_history_item_get_event (item), ==, HERALD_HISTORY_EVENT_RECEIVED);
      g_assert_cmpstr (herald_history_item_get_topic (item), ==, herald_message_get_topic (expected));
      g_assert_true (g_bytes_equal (herald_history_item_get_payload (item),
                                    herald_message_get_payload (expected)));
      g_assert_cmpuint (herald_history_item_get_qos (item), ==, i % 3);
      g_assert_cmpint (herald_history_item_get_retained (item), ==, i % 5 == 0);
      g_assert_cmpint (herald_history_item_get_time (item), ==, 1700000000000000 + i);
      g_assert_cmpuint (herald_history_item_get_size (item), ==, 200);
      g_assert_false (herald_history_item_get_truncated (item));
      g_assert_cmpuint (payload_number (item), ==, i);

      /* The same through the properties the window binds to. */
      g_object_get (item, "topic", &topic, "qos", &qos, "retained", &retained, NULL);
      g_assert_cmpstr (topic, ==, herald_message_get_topic (expected));
      g_assert_cmpuint (qos, ==, i % 3);
      g_assert_cmpint (retained, ==, i % 5 == 0);
    }

  /* Single messages too. */
  {
    g_autoptr(HeraldMessage) message = make_message (5000);

    shadow_reset_counts (shadow);
    herald_history_append_message (history, message);
    g_assert_cmpuint (shadow->n_signals, ==, 1);
    g_assert_cmpuint (herald_history_get_n_total (history), ==, 5001);
  }

  /* An empty batch changes nothing. */
  {
    g_autoptr(GPtrArray) empty = g_ptr_array_new ();

    shadow_reset_counts (shadow);
    herald_history_append_messages (history, empty);
    g_assert_cmpuint (shadow->n_signals, ==, 0);
  }
  shadow_check (shadow);
}

static void
test_events (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (history));
  gint64 before = g_get_real_time ();
  GEnumClass *klass = g_type_class_ref (HERALD_TYPE_HISTORY_EVENT);

  for (guint e = 0; e < HERALD_HISTORY_N_EVENTS; e++)
    {
      g_autofree char *topic = g_strdup_printf ("commands/dev-%u", e);
      g_autofree char *detail = g_strdup_printf ("detail of event %u\nsecond line", e);

      shadow_reset_counts (shadow);
      herald_history_append_event (history, e, e % 2 ? topic : NULL, detail);
      g_assert_cmpuint (shadow->n_signals, ==, 1);
      g_assert_cmpuint (shadow->n_added, ==, 1);
      g_assert_nonnull (herald_history_event_get_label (e));
      g_assert_nonnull (g_enum_get_value (klass, e));
    }
  herald_history_append_event (history, HERALD_HISTORY_EVENT_CONNECTED, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, HERALD_HISTORY_N_EVENTS + 1);

  for (guint e = 0; e < HERALD_HISTORY_N_EVENTS; e++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), e);
      g_autofree char *topic = g_strdup_printf ("commands/dev-%u", e);
      g_autofree char *preview = g_strdup_printf ("detail of event %u second line", e);
      HeraldHistoryEvent event;

      g_object_get (item, "event", &event, NULL);
      g_assert_cmpint (event, ==, e);
      g_assert_cmpstr (herald_history_item_get_topic (item), ==, e % 2 ? topic : NULL);
      g_assert_cmpstr (herald_history_item_get_preview (item), ==, preview);
      g_assert_cmpint (herald_history_item_get_time (item), >=, before);
      g_assert_cmpint (herald_history_item_get_time (item), <=, g_get_real_time ());
      g_assert_cmpuint (herald_history_item_get_size (item), ==, strlen (preview));
    }
  {
    g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), HERALD_HISTORY_N_EVENTS);

    g_assert_cmpstr (herald_history_item_get_preview (item), ==, "");
    g_assert_cmpuint (herald_history_item_get_size (item), ==, 0);
  }
  shadow_check (shadow);
  g_type_class_unref (klass);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_budget (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (history));
  guint dropped_notifies = 0;
  guint n;

  g_assert_cmpuint (herald_history_get_memory_budget (history), ==, 512);
  g_object_set (history, "memory-budget", 1, NULL);
  g_signal_connect (history, "notify::n-dropped", G_CALLBACK (notify_count_cb), &dropped_notifies);

  for (guint b = 0; b < 30; b++)
    {
      g_autoptr(GPtrArray) batch = make_batch (b * 300, 300);

      shadow_reset_counts (shadow);
      herald_history_append_messages (history, batch);
      g_assert_cmpuint (shadow->n_added, ==, 300);
      /* At most the removal and the append. */
      g_assert_cmpuint (shadow->n_signals, <=, 2);
      g_assert_cmpuint (herald_history_get_memory_used (history), <=, 1024 * 1024);
      n = g_list_model_get_n_items (G_LIST_MODEL (history));
      g_assert_cmpuint (n + herald_history_get_n_dropped (history), ==, herald_history_get_n_total (history));
    }

  g_assert_cmpuint (herald_history_get_n_total (history), ==, 9000);
  g_assert_cmpuint (herald_history_get_n_dropped (history), >, 0);
  g_assert_cmpuint (dropped_notifies, >, 0);
  shadow_check (shadow);

  /* What is left is the newest entries, in order, none missing. */
  n = g_list_model_get_n_items (G_LIST_MODEL (history));
  g_assert_cmpuint (n, >, 3000);  /* 1 MiB holds a few thousand 200-byte messages */
  for (guint i = 0; i < n; i += 97)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), i);

      g_assert_cmpuint (payload_number (item), ==, herald_history_get_n_dropped (history) + i);
    }
  {
    g_autoptr(HeraldHistoryItem) last = g_list_model_get_item (G_LIST_MODEL (history), n - 1);

    g_assert_cmpuint (payload_number (last), ==, 8999);
  }

  /* Raising the budget keeps everything; a larger budget keeps more. */
  herald_history_set_memory_budget (history, 8);
  {
    g_autoptr(GPtrArray) batch = make_batch (9000, 5000);
    guint64 dropped = herald_history_get_n_dropped (history);

    herald_history_append_messages (history, batch);
    g_assert_cmpuint (herald_history_get_n_dropped (history), ==, dropped);
  }
  shadow_check (shadow);
}

static void
removal_cb (GListModel    *model,
            guint          position,
            guint          removed,
            guint          added,
            HeraldHistory *history)
{
  guint64 budget = (guint64) herald_history_get_memory_budget (history) * 1024 * 1024;

  if (removed == 0)
    return;

  /* The oldest go, down to a 32nd under the budget, in one step. */
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (herald_history_get_memory_used (history), <=, budget - budget / 32);
  (*(guint *) g_object_get_data (G_OBJECT (history), "removals"))++;
}

/* Over its budget the history drops a 32nd of it at once, not a chunk every
 * few batches: at broker speed the views see one removal every few seconds. */
static void
test_budget_steps (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  guint64 budget = 32 * 1024 * 1024;
  guint removals = 0;

  herald_history_set_memory_budget (history, 32);
  g_object_set_data (G_OBJECT (history), "removals", &removals);
  g_signal_connect (history, "items-changed", G_CALLBACK (removal_cb), history);

  for (guint b = 0; b < 300; b++)
    {
      g_autoptr(GPtrArray) batch = make_batch (b * 1000, 1000);

      herald_history_append_messages (history, batch);
      g_assert_cmpuint (herald_history_get_memory_used (history), <=, budget);
    }

  g_assert_cmpuint (herald_history_get_n_total (history), ==, 300000);
  g_assert_cmpuint (herald_history_get_n_dropped (history), >, 100000);
  g_assert_cmpuint (removals, >, 0);
  /* A 32nd of 32 MiB is 1 MiB, some 4,000 of these messages, in each step:
   * a chunk (1,024 entries) at a time would be four times as many steps. */
  g_assert_cmpuint (herald_history_get_n_dropped (history) / removals, >=, 3500);
}

/* Large payloads do not pile up in one chunk the budget cannot drop. */
static void
test_budget_large_payloads (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (history));
  gsize len = 5 * 1024 * 1024;
  g_autoptr(GBytes) payload = g_bytes_new_take (g_malloc0 (len), len);

  herald_history_set_memory_budget (history, 20);
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(HeraldMessage) message = herald_message_new (i, "big", payload, 0, FALSE, NULL);
      g_autoptr(HeraldMessage) small = make_message (i);

      herald_history_append_message (history, message);
      herald_history_append_message (history, small);
      g_assert_cmpuint (herald_history_get_memory_used (history), <=, 20 * 1024 * 1024);
    }
  g_assert_cmpuint (herald_history_get_n_dropped (history), >, 0);
  g_assert_cmpuint (herald_history_get_n_total (history), ==, 24);
  shadow_check (shadow);
}

static void
test_truncation (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  gsize big_len = HERALD_HISTORY_DEFAULT_PAYLOAD_CAP + 1024 * 1024 + 7;
  guint8 *big = g_malloc (big_len);
  g_autoptr(GBytes) big_bytes = NULL;
  g_autoptr(HeraldMessage) big_message = NULL;
  g_autoptr(HeraldHistoryItem) item = NULL;
  GBytes *kept;

  for (gsize i = 0; i < big_len; i++)
    big[i] = 'a' + i % 26;
  big_bytes = g_bytes_new_take (big, big_len);

  /* The default cap: 16 MiB kept of a 17 MiB payload. */
  g_assert_cmpuint (herald_history_get_payload_cap (history), ==, 16 * 1024 * 1024);
  big_message = herald_message_new (1, "big/one", big_bytes, 1, FALSE, NULL);
  herald_history_append_message (history, big_message);
  item = g_list_model_get_item (G_LIST_MODEL (history), 0);
  kept = herald_history_item_get_payload (item);
  g_assert_true (herald_history_item_get_truncated (item));
  g_assert_cmpuint (herald_history_item_get_size (item), ==, big_len);
  g_assert_cmpuint (g_bytes_get_size (kept), ==, 16 * 1024 * 1024);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), 4096, big, 4096);
  g_assert_cmpint (((const guint8 *) g_bytes_get_data (kept, NULL))[16 * 1024 * 1024 - 1], ==,
                   'a' + (16 * 1024 * 1024 - 1) % 26);
  g_clear_object (&item);

  /* A smaller cap, on the small and the large path. */
  herald_history_set_payload_cap (history, 1000);
  for (guint len = 999; len <= 1001; len++)
    {
      g_autoptr(GBytes) payload = g_bytes_new (big, len);
      g_autoptr(HeraldMessage) message = herald_message_new (2, "t", payload, 0, FALSE, NULL);
      g_autoptr(HeraldHistoryItem) it = NULL;

      herald_history_append_message (history, message);
      it = g_list_model_get_item (G_LIST_MODEL (history),
                                  g_list_model_get_n_items (G_LIST_MODEL (history)) - 1);
      g_assert_cmpuint (herald_history_item_get_size (it), ==, len);
      g_assert_cmpint (herald_history_item_get_truncated (it), ==, len > 1000);
      g_assert_cmpuint (g_bytes_get_size (herald_history_item_get_payload (it)), ==, MIN (len, 1000));
    }
  herald_history_set_payload_cap (history, 64 * 1024);
  {
    g_autoptr(GBytes) payload = g_bytes_new (big, 100000);
    g_autoptr(HeraldMessage) message = herald_message_new (3, "t", payload, 0, FALSE, NULL);
    g_autoptr(GBytes) whole = g_bytes_new (big, 50000);
    g_autoptr(HeraldMessage) whole_message = herald_message_new (4, "t", whole, 0, FALSE, NULL);
    g_autoptr(HeraldHistoryItem) it = NULL;
    g_autoptr(HeraldHistoryItem) it2 = NULL;

    herald_history_append_message (history, message);
    herald_history_append_message (history, whole_message);
    it = g_list_model_get_item (G_LIST_MODEL (history), 4);
    it2 = g_list_model_get_item (G_LIST_MODEL (history), 5);
    g_assert_cmpuint (herald_history_item_get_size (it), ==, 100000);
    g_assert_true (herald_history_item_get_truncated (it));
    g_assert_cmpuint (g_bytes_get_size (herald_history_item_get_payload (it)), ==, 64 * 1024);
    g_assert_false (herald_history_item_get_truncated (it2));
    g_assert_true (g_bytes_equal (herald_history_item_get_payload (it2), whole));
  }

  /* The memory it counts is what it kept, not what arrived. */
  g_assert_cmpuint (herald_history_get_memory_used (history), <, 17 * 1024 * 1024);
  g_assert_cmpuint (herald_history_get_memory_used (history), >, 16 * 1024 * 1024);
}

static char *
preview_of (const char *data,
            gssize      len)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(GBytes) payload = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  g_autoptr(HeraldMessage) message = herald_message_new (1, "p", payload, 0, FALSE, NULL);
  g_autoptr(HeraldHistoryItem) item = NULL;
  char *preview;

  herald_history_append_message (history, message);
  item = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_object_get (item, "preview", &preview, NULL);
  g_assert_cmpstr (preview, ==, herald_history_item_get_preview (item));

  return preview;
}

static void
test_preview (void)
{
  g_autofree char *lines = preview_of ("{\n  \"a\": 1,\r\n\t\"b\": \"ü\"\n}\n", -1);
  g_autofree char *binary = preview_of ("\x00\x01\xfe\xff", 4);
  g_autofree char *long_text = NULL;
  g_autofree char *long_preview = NULL;

  g_autofree char *cbor = preview_of ("\xa2\x64temp\xf9\x4d\x60\x64unit\x61\x43", 16);
  g_autofree char *msgpack = preview_of ("\x81\xa4temp\xcb\x40\x35\x80\x00\x00\x00\x00\x00", 15);
  g_autofree char *cut_cbor = preview_of ("\xa2\x64temp\xf9\x4d\x60\x64unit\x61", 15);
  g_autofree char *long_cbor = NULL;
  g_autofree char *long_cbor_preview = NULL;

  g_assert_cmpstr (lines, ==, "{ \"a\": 1, \"b\": \"ü\" }");
  g_assert_cmpstr (binary, ==, "00 01 fe ff");
  /* Binary payloads decoded, after their format's name; a cut one in hex. */
  g_assert_cmpstr (cbor, ==, "CBOR · {\"temp\": 21.5, \"unit\": \"C\"}");
  g_assert_cmpstr (msgpack, ==, "MessagePack · {\"temp\": 21.5}");
  g_assert_cmpstr (cut_cbor, ==, "a2 64 74 65 6d 70 f9 4d 60 64 75 6e 69 74 61");
  /* A byte string of 1,000 bytes: one line, cut. */
  long_cbor = g_malloc0 (1003);
  long_cbor[0] = 0x59;
  long_cbor[1] = 0x03;
  long_cbor[2] = (char) 0xe8;
  long_cbor_preview = preview_of (long_cbor, 1003);
  g_assert_true (g_str_has_prefix (long_cbor_preview, "CBOR · h'0000"));
  g_assert_true (g_str_has_suffix (long_cbor_preview, "…"));
  g_assert_cmpuint (strlen (long_cbor_preview), <, 200);

  long_text = g_strnfill (1000, 'z');
  long_preview = preview_of (long_text, -1);
  g_assert_true (g_str_has_suffix (long_preview, "…"));
  g_assert_cmpuint (g_utf8_strlen (long_preview, -1), ==, 161);
  g_assert_null (strchr (long_preview, '\n'));
}

static void
append_text (HeraldHistory *history,
             const char    *topic,
             const char    *text)
{
  g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));
  g_autoptr(HeraldMessage) message = herald_message_new (g_get_real_time (), topic, payload, 0, FALSE, NULL);

  herald_history_append_message (history, message);
}

static char *
previous_text (HeraldHistory *history,
               guint          position)
{
  g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), position);
  g_autoptr(HeraldHistoryItem) previous = herald_history_get_previous_on_topic (history, item);

  return previous != NULL ? g_strdup (herald_history_item_get_preview (previous)) : NULL;
}

/* The entry the message viewer compares a message with: the one before on
 * the same topic and of the same kind, across chunks, none once cleared. */
static void
test_previous_on_topic (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryItem) stale = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *published = NULL;
  g_autofree char *across = NULL;
  g_autofree char *event = NULL;
  guint n;

  append_text (history, "a", "a1");                                             /* 0 */
  append_text (history, "b", "b1");                                             /* 1 */
  herald_history_append_event (history, HERALD_HISTORY_EVENT_PUBLISHED, "a", "p1"); /* 2 */
  append_text (history, "a", "a2");                                             /* 3 */
  herald_history_append_event (history, HERALD_HISTORY_EVENT_PUBLISHED, "a", "p2"); /* 4 */

  first = previous_text (history, 0);
  second = previous_text (history, 3);
  published = previous_text (history, 4);
  g_assert_null (first);
  g_assert_cmpstr (second, ==, "a1");
  g_assert_cmpstr (published, ==, "p1");

  /* Three chunks of other topics between two messages on "a". */
  for (guint i = 0; i < 3000; i++)
    append_text (history, "c", "c");
  append_text (history, "a", "a3");
  n = g_list_model_get_n_items (G_LIST_MODEL (history));
  across = previous_text (history, n - 1);
  g_assert_cmpstr (across, ==, "a2");

  /* An event without a topic has no previous one. */
  herald_history_append_event (history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "broker");
  event = previous_text (history, n);
  g_assert_null (event);

  stale = g_list_model_get_item (G_LIST_MODEL (history), n - 1);
  herald_history_clear (history);
  append_text (history, "a", "a4");
  g_assert_null (herald_history_get_previous_on_topic (history, stale));
}

/* Filtering */


static gboolean
contains_ascii_nocase (const char *hay,
                       const char *lower_needle)
{
  gsize n = strlen (lower_needle);

  for (; *hay != '\0'; hay++)
    if (g_ascii_strncasecmp (hay, lower_needle, n) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
expected_match (guint       i,
                const char *lower_text)
{
  char topic[64], payload[201];

  format_message (i, topic, payload);
  return contains_ascii_nocase (topic, lower_text) || contains_ascii_nocase (payload, lower_text);
}

static void
wait_for_filter (HeraldHistoryFilter *filter)
{
  while (herald_history_filter_get_pending (filter))
    g_main_context_iteration (NULL, TRUE);
}

/* The filter holds exactly the history's entries that match, in order.
 * The histories here hold consecutive message numbers, from n-dropped on. */
static void
check_filter (HeraldHistoryFilter *filter,
              const char          *lower_text)
{
  HeraldHistory *history = herald_history_filter_get_history (filter);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (history));
  guint first = herald_history_get_n_dropped (history);
  guint j = 0;

  if (n > 0)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), 0);

      g_assert_cmpuint (payload_number (item), ==, first);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldHistoryItem) match = NULL;

      if (!expected_match (first + i, lower_text))
        continue;

      match = g_list_model_get_item (G_LIST_MODEL (filter), j);
      g_assert_nonnull (match);
      g_assert_cmpuint (payload_number (match), ==, first + i);
      j++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, j);
}

/* The search itself: case folding only for letters, matches at every
 * offset (the vector loop and its tail), bytes that are not text. */
static void
test_filter_search (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryFilter) filter = herald_history_filter_new (history);
  const struct { const char *detail; const char *text; gboolean match; } cases[] = {
    { "Hello World", "hello world", TRUE },
    { "Hello World", "LO WO", TRUE },
    { "Hello World", "d", TRUE },
    { "Hello World", "D", TRUE },
    { "Hello World", "x", FALSE },
    { "@x", "`x", FALSE },          /* '@' | 0x20 == '`': not a letter, no folding */
    { "`x", "`X", TRUE },
    { "[a]", "{A}", FALSE },        /* '[' and '{' differ only in 0x20 */
    { "{a}", "{A}", TRUE },
    { "ab", "abc", FALSE },
    { "abc", "abc", TRUE },
    { "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzNEEDLE", "needle", TRUE },
    { "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzNEEDL", "needle", FALSE },
    { "NEEDLEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "needle", TRUE },
    { "zzzzzzzzzzzzzzzNzzzzzzzzzzzzzzzzzEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "ne", FALSE },
    { "zzzzzzzzzzzzzzzNEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "ne", TRUE },
    { "nxxxxxxxxxxxxxxe nxe", "nxe", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      herald_history_clear (history);
      herald_history_append_event (history, HERALD_HISTORY_EVENT_FAILED, NULL, cases[i].detail);
      /* At every offset of a longer payload too. */
      for (guint pad = 0; pad < 40; pad++)
        {
          g_autofree char *padding = g_strnfill (pad, '.');
          g_autofree char *detail = g_strconcat (padding, cases[i].detail, padding, NULL);

          herald_history_append_event (history, HERALD_HISTORY_EVENT_FAILED, NULL, detail);
        }

      herald_history_filter_set_text (filter, NULL);
      herald_history_filter_set_text (filter, cases[i].text);
      wait_for_filter (filter);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, cases[i].match ? 41 : 0);
    }

  /* Bytes that are not text, a NUL among them. */
  {
    static const guint8 binary[] = { 0x00, 'a', 'B', 0x00, 0xff, 'c', 'd', 0x80 };
    g_autoptr(GBytes) payload = g_bytes_new (binary, sizeof binary);
    g_autoptr(HeraldMessage) message = herald_message_new (1, "bin", payload, 0, FALSE, NULL);

    herald_history_clear (history);
    herald_history_append_message (history, message);
    herald_history_filter_set_text (filter, "ab");
    wait_for_filter (filter);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);
    herald_history_filter_set_text (filter, "cD");
    wait_for_filter (filter);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);
    herald_history_filter_set_text (filter, "bc");
    wait_for_filter (filter);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 0);
  }
}

static void
test_filter_text (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryFilter) filter = herald_history_filter_new (history);
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (filter));
  const char *queries[] = { "needle", "NEEDLE", "room-3/", "\"n\":12", "temperature", "nomatch", "x\"}" };

  /* Without criteria it mirrors the history. */
  for (guint b = 0; b < 3; b++)
    {
      g_autoptr(GPtrArray) batch = make_batch (b * 1000, 1000);

      herald_history_append_messages (history, batch);
    }
  g_assert_false (herald_history_filter_get_pending (filter));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 3000);
  shadow_check (shadow);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *lower = g_ascii_strdown (queries[q], -1);

      herald_history_filter_set_text (filter, queries[q]);
      g_assert_cmpstr (herald_history_filter_get_text (filter), ==, queries[q]);
      wait_for_filter (filter);
      check_filter (filter, lower);
      shadow_check (shadow);
    }

  /* Back to everything. */
  g_object_set (filter, "text", "", NULL);
  g_assert_null (herald_history_filter_get_text (filter));
  g_assert_false (herald_history_filter_get_pending (filter));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 3000);
  shadow_check (shadow);
}

static void
test_filter_while_appending (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryFilter) filter = herald_history_filter_new (history);
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (filter));
  guint pending_notifies = 0;
  guint next = 0;
  guint more;

  g_signal_connect (filter, "notify::pending", G_CALLBACK (notify_count_cb), &pending_notifies);

  /* Enough entries that one slice cannot scan them all, however fast this
   * machine (or slow this sanitizer build) is. */
  do
    {
      for (guint end = next + 10000; next < end; next += 1000)
        {
          g_autoptr(GPtrArray) batch = make_batch (next, 1000);

          herald_history_append_messages (history, batch);
        }
      herald_history_filter_set_text (filter, NULL);
      herald_history_filter_set_text (filter, "needle");
    }
  while (!herald_history_filter_get_pending (filter) && next < 500000);
  g_assert_true (herald_history_filter_get_pending (filter));

  /* Keep appending while the filter is still scanning what was there. */
  for (more = next + 10000; herald_history_filter_get_pending (filter) || next < more;)
    {
      if (next < more)
        {
          g_autoptr(GPtrArray) batch = make_batch (next, 1000);

          herald_history_append_messages (history, batch);
          next += 1000;
        }
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (pending_notifies, >=, 2);
  check_filter (filter, "needle");
  shadow_check (shadow);

  /* Caught up, new matches come with the batch. */
  {
    g_autoptr(GPtrArray) batch = make_batch (next, 700);
    guint before = g_list_model_get_n_items (G_LIST_MODEL (filter));

    herald_history_append_messages (history, batch);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, before + 100);
  }
  check_filter (filter, "needle");
  shadow_check (shadow);
}

static void
test_filter_budget (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryFilter) filter = herald_history_filter_new (history);
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (filter));

  herald_history_set_memory_budget (history, 1);
  herald_history_filter_set_text (filter, "room-4/");
  for (guint b = 0; b < 15; b++)
    {
      g_autoptr(GPtrArray) batch = make_batch (b * 1000, 1000);

      herald_history_append_messages (history, batch);
      g_main_context_iteration (NULL, FALSE);
    }
  wait_for_filter (filter);
  g_assert_cmpuint (herald_history_get_n_dropped (history), >, 0);
  check_filter (filter, "room-4/");
  shadow_check (shadow);
}

/* A topic's subtree: the topic and those below it, not its namesakes
 * ("a/b" keeps "a/b/c", not "a/bc"); with a text too; and back to all. */
static void
test_filter_topic (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryFilter) filter = herald_history_filter_new (history);
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (filter));
  static const char *topics[] = { "a/b", "a/b/c", "a/bc", "x", "a", "a/b/c/d" };

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    append_text (history, topics[i], i % 2 == 0 ? "even" : "odd");
  herald_history_append_event (history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "a/b");

  herald_history_filter_set_topic (filter, "a/b");
  wait_for_filter (filter);
  g_assert_cmpstr (herald_history_filter_get_topic (filter), ==, "a/b");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (filter), i);

      g_assert_true (g_str_equal (herald_history_item_get_topic (item), "a/b") ||
                     g_str_has_prefix (herald_history_item_get_topic (item), "a/b/"));
    }
  shadow_check (shadow);

  /* New entries are filtered as they come. */
  append_text (history, "a/b/new", "odd");
  append_text (history, "a/bnew", "odd");
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 4);

  herald_history_filter_set_text (filter, "odd");
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 3);
  shadow_check (shadow);

  herald_history_filter_set_text (filter, NULL);
  herald_history_filter_set_topic (filter, NULL);
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 9);
  shadow_check (shadow);
}

static void
test_filter_events (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryFilter) filter = herald_history_filter_new (history);
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (filter));
  g_autoptr(GPtrArray) batch = make_batch (0, 50);
  guint events;

  herald_history_append_event (history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "mqtts://localhost:8883");
  herald_history_append_event (history, HERALD_HISTORY_EVENT_SUBSCRIBED, "commands/dev", NULL);
  herald_history_append_messages (history, batch);
  herald_history_append_event (history, HERALD_HISTORY_EVENT_PUBLISHED, "measures/dev", "{\"needle\":1}");
  herald_history_append_event (history, HERALD_HISTORY_EVENT_CONNECTION_LOST, NULL, "The broker closed the connection.");

  herald_history_filter_set_events (filter, HERALD_HISTORY_EVENTS_ALL & ~HERALD_HISTORY_EVENT_BIT (HERALD_HISTORY_EVENT_RECEIVED));
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 4);
  shadow_check (shadow);

  /* Events and text together: the published one holds the needle. */
  herald_history_filter_set_text (filter, "Needle");
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);
  {
    g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (filter), 0);

    g_assert_cmpint (herald_history_item_get_event (item), ==, HERALD_HISTORY_EVENT_PUBLISHED);
    g_assert_cmpstr (herald_history_item_get_topic (item), ==, "measures/dev");
  }

  /* Messages only: 50 messages, every seventh with the needle, and the
   * published one. */
  g_object_set (filter, "events", HERALD_HISTORY_EVENTS_MESSAGES, NULL);
  g_object_get (filter, "events", &events, NULL);
  g_assert_cmpuint (events, ==, HERALD_HISTORY_EVENTS_MESSAGES);
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 8 + 1);

  /* A topic matches as well as a payload. */
  herald_history_filter_set_text (filter, NULL);
  herald_history_filter_set_events (filter, HERALD_HISTORY_EVENT_BIT (HERALD_HISTORY_EVENT_SUBSCRIBED));
  herald_history_filter_set_text (filter, "COMMANDS");
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);
  shadow_check (shadow);
}

static void
test_clear (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryFilter) filter = herald_history_filter_new (history);
  g_autoptr(Shadow) shadow = shadow_new (G_LIST_MODEL (history));
  g_autoptr(Shadow) filter_shadow = shadow_new (G_LIST_MODEL (filter));
  g_autoptr(GPtrArray) batch = make_batch (0, 3000);
  guint64 seq;

  herald_history_set_memory_budget (history, 1);
  herald_history_append_messages (history, batch);
  herald_history_append_messages (history, batch);
  herald_history_filter_set_text (filter, "needle");
  wait_for_filter (filter);
  g_assert_cmpuint (herald_history_get_n_dropped (history), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), >, 0);

  shadow_reset_counts (shadow);
  herald_history_clear (history);
  g_assert_cmpuint (shadow->n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 0);
  g_assert_cmpuint (herald_history_get_n_total (history), ==, 0);
  g_assert_cmpuint (herald_history_get_n_dropped (history), ==, 0);
  g_assert_cmpuint (herald_history_get_memory_used (history), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (history), 0));
  shadow_check (shadow);
  shadow_check (filter_shadow);

  /* It works as new afterwards, with new sequence numbers. */
  herald_history_append_messages (history, batch);
  wait_for_filter (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 3000);
  {
    g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), 0);

    seq = herald_history_item_get_sequence (item);
    g_assert_cmpuint (seq, ==, 6000);
    g_assert_cmpuint (payload_number (item), ==, 0);
  }
  check_filter (filter, "needle");
  shadow_check (shadow);
  shadow_check (filter_shadow);
}

static void
test_item_outlives_entry (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(GPtrArray) batch = make_batch (0, 10);
  g_autoptr(HeraldHistoryItem) item = NULL;

  herald_history_append_messages (history, batch);
  item = g_list_model_get_item (G_LIST_MODEL (history), 3);
  herald_history_clear (history);
  g_assert_cmpstr (herald_history_item_get_topic (item), ==, "sensors/room-3/temperature");
  g_assert_cmpuint (payload_number (item), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&item));
}

static GVariant *
sample_properties (void)
{
  GVariantBuilder builder;
  GVariantBuilder user;
  static const guint8 correlation[] = { 0x01, 0xab, 0xff };

  g_variant_builder_init (&user, G_VARIANT_TYPE ("a(ss)"));
  g_variant_builder_add (&user, "(ss)", "origin", "herald");
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "content-type", g_variant_new_string ("application/json"));
  g_variant_builder_add (&builder, "{sv}", "message-expiry-interval", g_variant_new_uint32 (60));
  g_variant_builder_add (&builder, "{sv}", "correlation-data",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, correlation, sizeof correlation, 1));
  g_variant_builder_add (&builder, "{sv}", "user-property", g_variant_builder_end (&user));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static void
test_mqtt_properties (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(GVariant) props = sample_properties ();
  g_autoptr(GVariant) empty = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  g_autoptr(GBytes) payload = g_bytes_new_static ("{}", 2);
  g_autoptr(HeraldHistoryItem) plain_item = NULL;
  g_autoptr(HeraldHistoryItem) empty_item = NULL;
  g_autoptr(HeraldHistoryItem) props_item = NULL;
  HeraldMessage *plain = herald_message_new (1, "t", payload, 0, FALSE, NULL);
  HeraldMessage *with_empty = herald_message_new (2, "t", payload, 0, FALSE, empty);
  HeraldMessage *with_props = herald_message_new (3, "t", payload, 0, FALSE, props);
  guint64 before, after_plain, after_empty, after_props;

  before = herald_history_get_memory_used (history);
  herald_history_append_message (history, plain);
  after_plain = herald_history_get_memory_used (history);
  herald_history_append_message (history, with_empty);
  after_empty = herald_history_get_memory_used (history);
  herald_history_append_message (history, with_props);
  after_props = herald_history_get_memory_used (history);

  /* Only a message that has properties pays for them: a small one without
   * fits in the chunk the first one made. */
  g_assert_cmpuint (after_plain, >, before);
  g_assert_cmpuint (after_empty, ==, after_plain);
  g_assert_cmpuint (after_props, >, after_empty);

  plain_item = g_list_model_get_item (G_LIST_MODEL (history), 0);
  empty_item = g_list_model_get_item (G_LIST_MODEL (history), 1);
  props_item = g_list_model_get_item (G_LIST_MODEL (history), 2);
  g_assert_null (herald_history_item_get_mqtt_properties (plain_item));
  g_assert_null (herald_history_item_get_mqtt_properties (empty_item));
  g_assert_nonnull (herald_history_item_get_mqtt_properties (props_item));
  g_assert_true (g_variant_equal (herald_history_item_get_mqtt_properties (props_item), props));

  /* An event with its QoS: a granted subscription. */
  herald_history_append_event_with_qos (history, HERALD_HISTORY_EVENT_SUBSCRIBED, "commands/abc", NULL, 2);
  {
    g_autoptr(HeraldHistoryItem) subscribed = g_list_model_get_item (G_LIST_MODEL (history), 3);
    g_assert_cmpuint (herald_history_item_get_event (subscribed), ==, HERALD_HISTORY_EVENT_SUBSCRIBED);
    g_assert_cmpuint (herald_history_item_get_qos (subscribed), ==, 2);
    g_assert_null (herald_history_item_get_mqtt_properties (subscribed));
  }

  /* Events have none. */
  herald_history_append_event (history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "ssl://x:1");
  {
    g_autoptr(HeraldHistoryItem) event = g_list_model_get_item (G_LIST_MODEL (history), 4);
    g_assert_null (herald_history_item_get_mqtt_properties (event));
  }

  /* The item keeps them after the history is cleared. */
  herald_history_clear (history);
  g_assert_true (g_variant_equal (herald_history_item_get_mqtt_properties (props_item), props));

  herald_message_unref (plain);
  herald_message_unref (with_empty);
  herald_message_unref (with_props);
}

static void
test_json_pretty (void)
{
  g_autofree char *pretty = herald_json_format_pretty ("{\"command\":{\"LED\":\"true\",\"Speed\":50.0}}", -1);
  g_autofree char *scalar = herald_json_format_pretty ("42", 2);
  static const char not_utf8[] = { '"', (char) 0xff, '"' };

  g_assert_cmpstr (pretty, ==, "{\n  \"command\" : {\n    \"LED\" : \"true\",\n    \"Speed\" : 50.0\n  }\n}");
  g_assert_cmpstr (scalar, ==, "42");
  g_assert_null (herald_json_format_pretty ("", 0));
  g_assert_null (herald_json_format_pretty ("LED on", -1));
  g_assert_null (herald_json_format_pretty ("{\"a\":1", -1));
  g_assert_null (herald_json_format_pretty (not_utf8, sizeof not_utf8));
  /* Only @length bytes count. */
  {
    g_autofree char *cut = herald_json_format_pretty ("[1]garbage", 3);
    g_assert_cmpstr (cut, ==, "[\n  1\n]");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/append-batches", test_append_batches);
  g_test_add_func ("/history/events", test_events);
  g_test_add_func ("/history/budget", test_budget);
  g_test_add_func ("/history/budget-large-payloads", test_budget_large_payloads);
  g_test_add_func ("/history/budget-steps", test_budget_steps);
  g_test_add_func ("/history/truncation", test_truncation);
  g_test_add_func ("/history/preview", test_preview);
  g_test_add_func ("/history/previous-on-topic", test_previous_on_topic);
  g_test_add_func ("/history/item-outlives-entry", test_item_outlives_entry);
  g_test_add_func ("/history/clear", test_clear);
  g_test_add_func ("/history/mqtt-properties", test_mqtt_properties);
  g_test_add_func ("/history/json-pretty", test_json_pretty);
  g_test_add_func ("/history/filter/search", test_filter_search);
  g_test_add_func ("/history/filter/text", test_filter_text);
  g_test_add_func ("/history/filter/while-appending", test_filter_while_appending);
  g_test_add_func ("/history/filter/budget", test_filter_budget);
  g_test_add_func ("/history/filter/events", test_filter_events);
  g_test_add_func ("/history/filter/topic", test_filter_topic);

  return g_test_run ();
}

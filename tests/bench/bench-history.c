/* bench-history.c: the history store's side of the issue-7 benchmark
 *
 * Run by build-aux/bench, which prints the table. Each mode prints lines
 * "RESULT <name> <value>" on stdout and nothing else there.
 *
 *   bench-history ingest --messages N   target 2 (and 4: filtering after it)
 *   bench-history big                   target 3
 *
 * The messages are made on a producer thread and handed over in a queue,
 * drained every 16 ms into one batch, as HeraldMqttSession does with
 * Paho's threads; a probe at G_PRIORITY_HIGH ticking every millisecond
 * records the longest gap between its ticks: the longest stall of the main
 * loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "herald-history.h"
#include "herald-history-filter.h"

#define PAYLOAD_SIZE 200
#define DELIVERY_MS  16
#define N_TOPICS     100

/* Probe */

typedef struct
{
  gint64 last;
  gint64 last_cpu;
  gint64 max_gap;
  gint64 max_busy;   /* the most CPU time the main thread used within one gap */
} Probe;

static Probe probe;

/* CPU time of the calling (main) thread: tells a stall the loop caused
 * from one where the thread was not running (the machine is shared). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
probe_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (probe.last != 0)
    {
      probe.max_gap = MAX (probe.max_gap, now - probe.last);
      probe.max_busy = MAX (probe.max_busy, cpu - probe.last_cpu);
    }
  probe.last = now;
  probe.last_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static void
probe_reset (void)
{
  probe.last = g_get_monotonic_time ();
  probe.last_cpu = thread_cpu_us ();
  probe.max_gap = 0;
  probe.max_busy = 0;
}

static double
probe_max_ms (void)
{
  /* The gap up to now counts too. */
  probe_tick (NULL);
  return probe.max_gap / 1000.0;
}

static double
probe_busy_ms (void)
{
  return probe.max_busy / 1000.0;
}

/* Memory */

static gint64
rss_bytes (void)
{
  g_autofree char *statm = NULL;
  long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%ld %ld", &size, &resident) != 2)
    return -1;

  return (gint64) resident * sysconf (_SC_PAGESIZE);
}

static gint64
heap_bytes (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return (gint64) (mi.uordblks + mi.hblkhd);
}

/* Producer: the stand-in for Paho's threads */

typedef struct
{
  guint        n_messages;
  guint        rate;          /* messages per second */
  gsize        payload_size;
  GAsyncQueue *queue;         /* GPtrArray batches of HeraldMessage */
  gint         produced;
} Producer;

static HeraldMessage *
make_message (guint n)
{
  char topic[64];
  char *json = g_malloc (PAYLOAD_SIZE);
  int len;

  g_snprintf (topic, sizeof topic, "factory/line-%u/sensor-%u/measures",
              (n / 7) % 10, n % N_TOPICS);
  /* One message in a thousand is an alarm: what a user searches for. */
  len = g_snprintf (json, PAYLOAD_SIZE,
                    "{\"seq\":%u,\"sensor\":\"sensor-%u\",\"temperature\":%u.%u,"
                    "\"humidity\":%u,\"status\":\"%s\",\"firmware\":\"2.4.1\",\"pad\":\"",
                    n, n % N_TOPICS, 18 + n % 9, n % 10, 40 + n % 30,
                    n % 1000 == 500 ? "ALARM" : "ok");
  memset (json + len, 'x', PAYLOAD_SIZE - len - 2);
  memcpy (json + PAYLOAD_SIZE - 2, "\"}", 2);

  return herald_message_new_take (g_get_real_time (), g_strdup (topic),
                                  g_bytes_new_take (json, PAYLOAD_SIZE),
                                  0, FALSE, NULL);
}

static gpointer
producer_thread (gpointer data)
{
  Producer *producer = data;
  gint64 start = g_get_monotonic_time ();
  guint n = 0;

  while (n < producer->n_messages)
    {
      /* Paced: a batch of what the rate allows so far, at most 100. */
      gint64 allowed = (g_get_monotonic_time () - start) * (gint64) producer->rate / G_USEC_PER_SEC;
      GPtrArray *batch;

      if (allowed <= n)
        {
          g_usleep (1000);
          continue;
        }

      batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
      while (n < producer->n_messages && n < allowed && batch->len < 100)
        g_ptr_array_add (batch, make_message (n++));
      g_atomic_int_add (&producer->produced, batch->len);
      g_async_queue_push (producer->queue, batch);
    }

  return NULL;
}

/* Drains the queue into one batch, as the session's 16 ms delivery does. */
typedef struct
{
  HeraldHistory *history;
  GAsyncQueue   *queue;
  guint          received;
  guint          batches;
} Sink;

static gboolean
sink_drain (gpointer data)
{
  Sink *sink = data;
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *batch;

  while ((batch = g_async_queue_try_pop (sink->queue)) != NULL)
    {
      if (all == NULL)
        all = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
      for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (all, herald_message_ref (g_ptr_array_index (batch, i)));
      g_ptr_array_unref (batch);
    }

  if (all != NULL)
    {
      herald_history_append_messages (sink->history, all);
      sink->received += all->len;
      sink->batches++;
    }

  return G_SOURCE_CONTINUE;
}

/* What a view does */

typedef struct
{
  GListModel *model;
  guint       top;        /* first row of a window that scrolls down */
  guint       rows;
  gint64      max_open_us;
  guint       opened;
} Viewer;

static void
show_rows (GListModel *model,
           guint       first,
           guint       rows)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = first; i < MIN (n, first + rows); i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (model, i);

      /* What the row templates bind. */
      (void) herald_history_item_get_topic (item);
      (void) herald_history_item_get_preview (item);
      (void) herald_history_item_get_time (item);
      (void) herald_history_item_get_size (item);
      (void) herald_history_item_get_truncated (item);
    }
}

/* Opening a row in the viewer: a bounded text view and a bounded hex view
 * of the kept payload, as docs/architecture.md asks of the viewer. Returns how
 * long it took, in microseconds. */
static gint64
open_row (GListModel *model,
          guint       position,
          gboolean   *truncated,
          guint64    *size,
          gsize      *kept)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (model, position);
  GBytes *payload;
  const guint8 *data;
  gsize len, text_len, hex_len;
  g_autofree char *text = NULL;
  g_autoptr(GString) hex = NULL;

  if (item == NULL)
    return 0;

  payload = herald_history_item_get_payload (item);
  data = g_bytes_get_data (payload, &len);
  text_len = MIN (len, 256 * 1024);
  text = g_utf8_make_valid ((const char *) data, text_len);
  hex_len = MIN (len, 16 * 1024);
  hex = g_string_sized_new (hex_len * 4);
  for (gsize i = 0; i < hex_len; i++)
    g_string_append_printf (hex, (i % 16) == 15 ? "%02x\n" : "%02x ", data[i]);

  if (truncated)
    *truncated = herald_history_item_get_truncated (item);
  if (size)
    *size = herald_history_item_get_size (item);
  if (kept)
    *kept = len;

  return g_get_monotonic_time () - start;
}

static gboolean
viewer_scroll (gpointer data)
{
  Viewer *viewer = data;
  guint n = g_list_model_get_n_items (viewer->model);

  /* The rows at the bottom (auto-scroll) and a window scrolling through. */
  show_rows (viewer->model, n > viewer->rows ? n - viewer->rows : 0, viewer->rows);
  show_rows (viewer->model, viewer->top, viewer->rows);
  viewer->top = n > 0 ? (viewer->top + 3 * viewer->rows) % n : 0;

  return G_SOURCE_CONTINUE;
}

static gboolean
viewer_open (gpointer data)
{
  Viewer *viewer = data;
  guint n = g_list_model_get_n_items (viewer->model);
  gint64 us;

  if (n == 0)
    return G_SOURCE_CONTINUE;

  us = open_row (viewer->model, g_random_int_range (0, n), NULL, NULL, NULL);
  viewer->max_open_us = MAX (viewer->max_open_us, us);
  viewer->opened++;

  return G_SOURCE_CONTINUE;
}

static void
result (const char *name,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
result (const char *name,
        const char *format,
        ...)
{
  va_list args;

  printf ("RESULT %s ", name);
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
}

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
sink_done (gpointer data)
{
  Sink *sink = ((gpointer *) data)[0];
  Producer *producer = ((gpointer *) data)[1];

  return sink->received == producer->n_messages;
}

static gboolean
filter_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0 || !herald_history_filter_get_pending (data);
}

static gboolean
filter_done (gpointer data)
{
  return !herald_history_filter_get_pending (data);
}

/* Target 4: filter the whole history for @text; returns nothing, prints. */
static void
bench_filter (HeraldHistoryFilter *filter,
              const char          *name,
              const char          *text)
{
  gint64 start, first_us = -1, done_us;
  g_autofree char *key = NULL;

  herald_history_filter_set_text (filter, NULL);
  probe_reset ();
  start = g_get_monotonic_time ();
  herald_history_filter_set_text (filter, text);
  iterate_until (filter_has_items, filter);
  if (g_list_model_get_n_items (G_LIST_MODEL (filter)) > 0)
    first_us = g_get_monotonic_time () - start;
  iterate_until (filter_done, filter);
  done_us = g_get_monotonic_time () - start;

  key = g_strdup_printf ("filter_%s_first_ms", name);
  if (first_us >= 0)
    result (key, "%.1f", first_us / 1000.0);
  else
    result (key, "none");
  g_free (key);
  key = g_strdup_printf ("filter_%s_complete_ms", name);
  result (key, "%.1f", done_us / 1000.0);
  g_free (key);
  key = g_strdup_printf ("filter_%s_matches", name);
  result (key, "%u", g_list_model_get_n_items (G_LIST_MODEL (filter)));
  g_free (key);
  key = g_strdup_printf ("filter_%s_max_stall_ms", name);
  result (key, "%.1f", probe_max_ms ());
  g_free (key);
  key = g_strdup_printf ("filter_%s_max_busy_ms", name);
  result (key, "%.1f", probe_busy_ms ());
}

static int
bench_ingest (guint n_messages,
              guint rate)
{
  g_autoptr(HeraldHistory) history = NULL;
  g_autoptr(HeraldHistoryFilter) live_filter = NULL;
  g_autoptr(HeraldHistoryFilter) filter = NULL;
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  Producer producer = { n_messages, rate, PAYLOAD_SIZE, queue, 0 };
  Sink sink = { NULL, queue, 0, 0 };
  Viewer viewer = { NULL, 0, 40, 0, 0 };
  gpointer both[2] = { &sink, &producer };
  GThread *thread;
  gint64 rss_before, heap_before, rss_after, heap_after, start, elapsed;
  guint drain_id, scroll_id, open_id, probe_id;

  /* Warm up what is not the store: types, the thread pool, stdio. */
  {
    g_autoptr(HeraldHistory) warm = herald_history_new ();
    g_autoptr(HeraldMessage) message = make_message (0);

    herald_history_append_message (warm, message);
    g_clear_object (&warm);
  }
  malloc_trim (0);
  rss_before = rss_bytes ();
  heap_before = heap_bytes ();

  history = herald_history_new ();
  /* 1M messages must fit: the budget is the default, 512 MiB. */
  live_filter = herald_history_filter_new (history);
  herald_history_filter_set_text (live_filter, "alarm");
  sink.history = history;
  viewer.model = G_LIST_MODEL (history);

  probe_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_tick, NULL, NULL);
  drain_id = g_timeout_add (DELIVERY_MS, sink_drain, &sink);
  scroll_id = g_timeout_add (DELIVERY_MS, viewer_scroll, &viewer);
  open_id = g_timeout_add (250, viewer_open, &viewer);

  probe_reset ();
  start = g_get_monotonic_time ();
  thread = g_thread_new ("producer", producer_thread, &producer);
  iterate_until (sink_done, both);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);

  result ("ingest_messages", "%u", sink.received);
  result ("ingest_batches", "%u", sink.batches);
  result ("ingest_rate", "%.0f", sink.received / (elapsed / (double) G_USEC_PER_SEC));
  result ("ingest_max_stall_ms", "%.1f", probe_max_ms ());
  result ("ingest_max_busy_ms", "%.1f", probe_busy_ms ());
  result ("open_max_ms", "%.2f", viewer.max_open_us / 1000.0);
  result ("opened", "%u", viewer.opened);
  result ("live_filter_matches", "%u", g_list_model_get_n_items (G_LIST_MODEL (live_filter)));
  result ("n_items", "%u", g_list_model_get_n_items (G_LIST_MODEL (history)));
  result ("n_dropped", "%" G_GUINT64_FORMAT, herald_history_get_n_dropped (history));

  g_source_remove (open_id);
  g_source_remove (drain_id);

  malloc_trim (0);
  rss_after = rss_bytes ();
  heap_after = heap_bytes ();
  result ("rss_growth_per_message", "%.1f", (rss_after - rss_before) / (double) n_messages);
  result ("heap_growth_per_message", "%.1f", (heap_after - heap_before) / (double) n_messages);
  result ("store_bytes_per_message", "%.1f",
          herald_history_get_memory_used (history) / (double) n_messages);

  /* Target 4, with the window still scrolling. */
  g_clear_object (&live_filter);
  filter = herald_history_filter_new (history);
  viewer.model = G_LIST_MODEL (filter);
  bench_filter (filter, "alarm", "alarm");
  bench_filter (filter, "topic", "sensor-42/");
  bench_filter (filter, "rare", "\"seq\":999999,");
  bench_filter (filter, "none", "no such text");

  g_source_remove (scroll_id);
  g_source_remove (probe_id);

  return 0;
}

/* Target 3 */

static gpointer
big_producer_thread (gpointer data)
{
  Producer *producer = data;
  guint8 *payload = g_malloc (producer->payload_size);
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);

  for (gsize i = 0; i < producer->payload_size; i++)
    payload[i] = "0123456789abcdef"[i % 16];
  g_ptr_array_add (batch, herald_message_new_take (g_get_real_time (), g_strdup ("files/firmware"),
                                                   g_bytes_new_take (payload, producer->payload_size),
                                                   1, FALSE, NULL));
  g_atomic_int_add (&producer->produced, 1);
  g_async_queue_push (producer->queue, batch);

  return NULL;
}

static int
bench_big (gsize payload_size)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  Producer producer = { 1, 0, payload_size, queue, 0 };
  Sink sink = { history, queue, 0, 0 };
  gpointer both[2] = { &sink, &producer };
  Viewer viewer = { G_LIST_MODEL (history), 0, 40, 0, 0 };
  GThread *thread;
  guint drain_id, scroll_id, probe_id;
  gboolean truncated = FALSE;
  guint64 size = 0;
  gsize kept = 0;
  gint64 open_us;

  /* Some ordinary traffic around it. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(HeraldMessage) message = make_message (i);

      herald_history_append_message (history, message);
    }

  probe_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_tick, NULL, NULL);
  drain_id = g_timeout_add (DELIVERY_MS, sink_drain, &sink);
  scroll_id = g_timeout_add (DELIVERY_MS, viewer_scroll, &viewer);

  probe_reset ();
  thread = g_thread_new ("producer", big_producer_thread, &producer);
  iterate_until (sink_done, both);
  /* A few more frames, so whatever follows the append is counted. */
  for (gint64 until = g_get_monotonic_time () + 100000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  result ("big_append_max_stall_ms", "%.1f", probe_max_ms ());
  result ("big_append_max_busy_ms", "%.1f", probe_busy_ms ());

  probe_reset ();
  open_us = open_row (G_LIST_MODEL (history), g_list_model_get_n_items (G_LIST_MODEL (history)) - 1,
                      &truncated, &size, &kept);
  g_main_context_iteration (NULL, FALSE);
  result ("big_open_ms", "%.1f", open_us / 1000.0);
  result ("big_open_max_stall_ms", "%.1f", probe_max_ms ());
  result ("big_size", "%" G_GUINT64_FORMAT, size);
  result ("big_kept", "%" G_GSIZE_FORMAT, kept);
  result ("big_truncated", "%s", truncated ? "yes" : "no");

  g_source_remove (drain_id);
  g_source_remove (scroll_id);
  g_source_remove (probe_id);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int messages = 1000000;
  int rate = 100000;
  int big_mib = 64;
  GOptionEntry entries[] = {
    { "messages", 'n', 0, G_OPTION_ARG_INT, &messages, "Messages to ingest (1000000)", "N" },
    { "rate", 'r', 0, G_OPTION_ARG_INT, &rate, "Messages per second the producer offers (100000)", "R" },
    { "big-mib", 0, 0, G_OPTION_ARG_INT, &big_mib, "Size of the big payload in MiB (64)", "M" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("ingest|big");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      messages <= 0 || rate <= 0 || big_mib <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-history [OPTIONS] ingest|big");
      return 2;
    }

  if (g_str_equal (argv[1], "ingest"))
    return bench_ingest (messages, rate);
  if (g_str_equal (argv[1], "big"))
    return bench_big ((gsize) big_mib * 1024 * 1024);

  g_printerr ("Unknown mode “%s”: use ingest or big.\n", argv[1]);
  return 2;
}

/* bench-mqtt-window.c: Herald's side of target 1 with the window up
 *
 *   bench-mqtt-window --port P --topic T --qos Q --count N
 *
 * The real application: HeraldApplication opens its window, whose workspace
 * owns the HeraldMqttSession and the HeraldHistory that the History pane
 * shows (following the newest entry). Once the window has drawn and built
 * its other pages, the workspace's session connects to tcp://127.0.0.1:P and
 * subscribes to T. Output as bench-mqtt's, plus "RESULT renderer <GskRenderer
 * type>", "RESULT frames <n>" (frames the window drew while messages
 * arrived) and "RESULT worst_gap <text>": the longest gap of the main loop
 * probe, with the main thread's CPU time in it and what it spent it on (the
 * history's batch handlers, each frame phase) and what happened (messages,
 * frames, list changes, window size computations). "RESULT
 * flood_cpu_us_per_message" is the CPU time of every thread of the process
 * from the first message to the last, a message: the flood's cost without
 * the start-up's (cpu_us_per_message is the whole run's). "RESULT layouts"
 * and "RESULT window_size_computations" count, over the same span, the
 * frame clock's layout passes (GDK repeats the phase, up to four times a
 * frame, while a widget asks for a new size during it) and the toplevel's
 * size computations (each asks the X server several things).
 *
 * --measures: the flood is Herald's own, as the device's "Keep sending" at
 * full rate. The Send Measures view is shown with its chart; the
 * workspace's HeraldMeasureSender publishes --count measures messages on
 * the topic (measures/<device>, QoS 1), a batch of 32 per idle callback of
 * the main loop (so frames come between them), each a random-walk value of
 * a float property typed by a capability. "received" counts the messages
 * sent; "RESULT heap_besides_history_<quarter>" gives the heap in use
 * (mallinfo2) less what the History holds (its memory-used) after each
 * quarter of them — the chart's series, the sender's list and answer
 * tracker, Paho's queue: what must stay flat — and "RESULT chart_points"
 * the values the chart keeps at full resolution.
 *
 * --connection: the flood comes to a connection of its own (a broker profile
 * to the same broker, with three subscriptions, the flood's topic the
 * second), whose view is shown with its History: the topics of its rows
 * take their subscription's colour as they are bound.
 *
 * HERALD_BENCH_TRACE_STALLS=1 prints every gap over 50 ms so to stderr,
 * and as "BUSY" every gap with over 9 ms of the main thread's CPU time
 * (the busiest gap is the figure), each with its span in seconds of
 * CLOCK_MONOTONIC, the clock `perf record -k CLOCK_MONOTONIC` stamps its
 * samples with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* RUSAGE_THREAD */

#include "config.h"

#include <glib-unix.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "herald-application.h"
#include "herald-capability.h"
#include "herald-measure-sender.h"
#include "herald-value-generator.h"
#include "herald-window.h"

/* Sent per idle callback in --measures. */
#define MEASURES_BATCH 32

typedef enum
{
  PHASE_BATCH,   /* messages-received: the history, its filter, the pane */
  PHASE_UPDATE,  /* frame clock: update (animations, tick callbacks) */
  PHASE_LAYOUT,
  PHASE_PAINT,   /* snapshot and render */
  N_PHASES
} Phase;

static const char *phase_names[N_PHASES] = { "batch", "update", "layout", "paint" };

typedef struct
{
  HeraldApplication *app;
  GtkWindow         *window;
  HeraldMqttSession *session;
  char              *uri;
  char              *topic;
  guint              qos;
  guint              count;
  gboolean           device_view;
  gboolean           measures;
  gboolean           topics;        /* the Topics window open during the flood */
  gboolean           own_connection;  /* --connection */
  HeraldConnection  *connection;    /* a connection of its own, shown */
  HeraldCapability  *capability;
  HeraldValueGenerator *generator;
  HeraldCommandBuilder *values;
  guint              send_source;
  gint64             heap_besides_history[4];
  guint              received;
  guint              batches;
  guint              max_batch;
  guint              frames;
  gint64             first_us;
  gint64             last_us;
  gint64             first_cpu_us;  /* the process's CPU time when the first message came */
  gint64             last_cpu_us;   /* and when the last one was in the History */
  gint64             probe_last;
  gint64             probe_max;
  gint64             probe_last_cpu;
  long               probe_last_switches[2];  /* the main thread's context switches: waited, preempted */
  gint64             busy_max;      /* most main-thread CPU time within one gap */
  guint              stalls_over_50ms;
  gint64             first_stall_at_ms;  /* after the first message, -1 if none */
  gboolean           started;
  int                status;

  /* What the main thread did since the probe last ran: wall and thread CPU
   * time in the history's batch handlers and in each frame phase. */
  gint64             phase_start_wall;
  gint64             phase_start_cpu;
  gint64             gap_wall[N_PHASES];
  gint64             gap_cpu[N_PHASES];
  guint              gap_messages;
  guint              gap_frames;
  guint              gap_model_changes;
  guint              gap_compute_size;
  guint              flood_compute_size;  /* from the first message to the last */
  guint              flood_layouts;
  char              *worst_gap;     /* described, for the table */
} Bench;

static Bench bench;
static gboolean trace_stalls;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64
process_cpu_us (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return ((gint64) usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* The main thread's context switches so far: [0] it waited (for the X
 * server, a lock, a read), [1] it was preempted (runnable, no free core). */
static void
thread_switches (long switches[2])
{
  struct rusage usage;

  switches[0] = switches[1] = 0;
  if (getrusage (RUSAGE_THREAD, &usage) == 0)
    {
      switches[0] = usage.ru_nvcsw;
      switches[1] = usage.ru_nivcsw;
    }
}

static void
phase_begin (void)
{
  bench.phase_start_wall = g_get_monotonic_time ();
  bench.phase_start_cpu = thread_cpu_us ();
}

static void
phase_end (Phase phase)
{
  bench.gap_wall[phase] += g_get_monotonic_time () - bench.phase_start_wall;
  bench.gap_cpu[phase] += thread_cpu_us () - bench.phase_start_cpu;
}

/* What the main thread did in one gap between two probes. */
static char *
describe_gap (gint64 wall,
              gint64 cpu)
{
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "at %.0f ms: %.1f ms, main thread CPU %.1f ms;",
                          (g_get_real_time () - bench.first_us) / 1000.0, wall / 1000.0, cpu / 1000.0);
  for (guint i = 0; i < N_PHASES; i++)
    if (bench.gap_wall[i] > 0)
      g_string_append_printf (line, " %s %.1f ms (CPU %.1f),", phase_names[i],
                              bench.gap_wall[i] / 1000.0, bench.gap_cpu[i] / 1000.0);
  g_string_append_printf (line, " %u messages, %u frames, %u list changes, %u window size computations",
                          bench.gap_messages, bench.gap_frames, bench.gap_model_changes, bench.gap_compute_size);
  {
    long switches[2];

    thread_switches (switches);
    g_string_append_printf (line, "; the main thread waited %ld times and was preempted %ld times",
                            switches[0] - bench.probe_last_switches[0], switches[1] - bench.probe_last_switches[1]);
  }

  return g_string_free (line, FALSE);
}

static gboolean
probe_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (bench.received > 0 && bench.received < bench.count)
    {
      if (now - bench.probe_last > bench.probe_max)
        bench.probe_max = now - bench.probe_last;
      bench.busy_max = MAX (bench.busy_max, cpu - bench.probe_last_cpu);
      if (now - bench.probe_last > 50000)
        {
          if (bench.stalls_over_50ms++ == 0)
            bench.first_stall_at_ms = (g_get_real_time () - bench.first_us) / 1000;
        }
      if (trace_stalls && cpu - bench.probe_last_cpu > 9000)
        {
          g_autofree char *busy = describe_gap (now - bench.probe_last, cpu - bench.probe_last_cpu);
          g_printerr ("BUSY [%.6f,%.6f] %s\n", bench.probe_last / 1e6, now / 1e6, busy);
        }
      if (now - bench.probe_last > 50000 || now - bench.probe_last >= bench.probe_max)
        {
          g_autofree char *line = describe_gap (now - bench.probe_last, cpu - bench.probe_last_cpu);

          if (now - bench.probe_last >= bench.probe_max)
            {
              g_free (bench.worst_gap);
              bench.worst_gap = g_strdup (line);
            }
          if (trace_stalls && now - bench.probe_last > 50000)
            g_printerr ("STALL [%.6f,%.6f] %s\n", bench.probe_last / 1e6, now / 1e6, line);
        }
    }
  bench.probe_last = now;
  bench.probe_last_cpu = cpu;
  thread_switches (bench.probe_last_switches);
  memset (bench.gap_wall, 0, sizeof bench.gap_wall);
  memset (bench.gap_cpu, 0, sizeof bench.gap_cpu);
  bench.gap_messages = bench.gap_frames = bench.gap_model_changes = bench.gap_compute_size = 0;

  return G_SOURCE_CONTINUE;
}

static void finish (void);

static gboolean
progress (gpointer data)
{
  static guint last, quiet;

  printf ("PROGRESS %u\n", bench.received);
  fflush (stdout);

  /* QoS 0 may lose messages: stop 3 s after the last one came. */
  quiet = bench.received > 0 && bench.received == last ? quiet + 1 : 0;
  last = bench.received;
  if (quiet == 3)
    finish ();

  return G_SOURCE_CONTINUE;
}

static void
finish (void)
{
  GskRenderer *renderer = bench.window ? gtk_native_get_renderer (GTK_NATIVE (bench.window)) : NULL;

  printf ("RESULT received %u\n", bench.received);
  if (bench.received > 1 && bench.last_us > bench.first_us)
    printf ("RESULT rate %.0f\n", (bench.received - 1) / ((bench.last_us - bench.first_us) / (double) G_USEC_PER_SEC));
  printf ("RESULT batches %u\nRESULT max_batch %u\nRESULT max_stall_ms %.1f\nRESULT frames %u\n",
          bench.batches, bench.max_batch, bench.probe_max / 1000.0, bench.frames);
  printf ("RESULT layouts %u\nRESULT window_size_computations %u\n",
          bench.flood_layouts, bench.flood_compute_size);
  printf ("RESULT renderer %s\n", renderer ? G_OBJECT_TYPE_NAME (renderer) : "none");
  printf ("RESULT max_busy_ms %.1f\n", bench.busy_max / 1000.0);
  if (bench.worst_gap != NULL)
    printf ("RESULT worst_gap %s\n", bench.worst_gap);
  g_clear_pointer (&bench.worst_gap, g_free);
  if (bench.measures)
    {
      HeraldWorkspace *workspace = herald_window_get_workspace (HERALD_WINDOW (bench.window));
      HeraldSeries *series = herald_series_set_lookup (
        herald_measure_sender_get_series (herald_workspace_get_measure_sender (workspace)), "climate/Temperature");

      for (guint i = 0; i < G_N_ELEMENTS (bench.heap_besides_history); i++)
        printf ("RESULT heap_besides_history_%u %" G_GINT64_FORMAT "\n", i + 1, bench.heap_besides_history[i]);
      printf ("RESULT chart_points %u\nRESULT chart_buckets %u\n",
              series ? herald_series_get_n_points (series) : 0, series ? herald_series_get_n_buckets (series) : 0);
      g_clear_handle_id (&bench.send_source, g_source_remove);
    }
  printf ("RESULT stalls_over_50ms %u\nRESULT first_stall_at_ms %" G_GINT64_FORMAT "\n",
          bench.stalls_over_50ms, bench.stalls_over_50ms ? bench.first_stall_at_ms : -1);
  if (bench.received > 0)
    printf ("RESULT cpu_us_per_message %.2f\n", process_cpu_us () / (double) bench.received);
  /* Every thread's, from the first message to the last: not start-up. */
  if (bench.received > 1 && bench.last_cpu_us > bench.first_cpu_us)
    printf ("RESULT flood_cpu_us_per_message %.2f\n",
            (bench.last_cpu_us - bench.first_cpu_us) / (double) (bench.received - 1));
  fflush (stdout);

  herald_mqtt_session_disconnect (bench.session);
  g_application_quit (G_APPLICATION (bench.app));
}

/* Connected after the workspace's own handler: the history has the batch. */
static void
messages_received_cb (HeraldMqttSession *session,
                      GPtrArray         *messages,
                      gpointer           data)
{
  phase_end (PHASE_BATCH);
  if (bench.measures)
    return;
  bench.gap_messages += messages->len;

  if (bench.first_us == 0 && messages->len > 0)
    {
      bench.first_us = herald_message_get_time (g_ptr_array_index (messages, 0));
      bench.first_cpu_us = process_cpu_us ();
    }

  bench.last_us = g_get_real_time ();
  bench.last_cpu_us = process_cpu_us ();
  bench.received += messages->len;
  bench.batches++;
  bench.max_batch = MAX (bench.max_batch, messages->len);

  if (bench.received >= bench.count && bench.status == 0)
    {
      bench.status = -1;
      finish ();
      bench.status = 0;
    }
}

/* --measures: a batch of the device's measures, sent as Send Measures'
 * "Keep sending" sends each. */
static gboolean
send_measures_cb (gpointer data)
{
  HeraldWorkspace *workspace = herald_window_get_workspace (HERALD_WINDOW (bench.window));
  HeraldMeasureSender *sender = herald_workspace_get_measure_sender (workspace);
  guint quarter;

  phase_begin ();
  for (guint i = 0; i < MEASURES_BATCH && bench.received < bench.count; i++)
    {
      g_autoptr(GError) error = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      herald_command_builder_clear (bench.values);
      g_ascii_dtostr (number, sizeof number, herald_value_generator_next (bench.generator));
      if (!herald_command_builder_add_value (bench.values, "Temperature", HERALD_DATA_TYPE_FLOAT, number, &error) ||
          herald_measure_sender_send (sender, "bench-sensor", bench.capability, bench.values, &error) == NULL)
        {
          g_printerr ("Cannot send measures: %s\n", error->message);
          bench.status = 1;
          bench.send_source = 0;
          g_application_quit (G_APPLICATION (bench.app));
          return G_SOURCE_REMOVE;
        }
      if (bench.received++ == 0)
        {
          bench.first_us = g_get_real_time ();
          bench.first_cpu_us = process_cpu_us ();
        }
      bench.gap_messages++;
      quarter = bench.received * 4 / bench.count;
      if (bench.received * 4 % bench.count == 0 && quarter >= 1)
        {
          struct mallinfo2 heap = mallinfo2 ();

          bench.heap_besides_history[quarter - 1] =
            (gint64) heap.uordblks - (gint64) herald_history_get_memory_used (herald_workspace_get_history (workspace));
        }
    }
  bench.last_us = g_get_real_time ();
  bench.last_cpu_us = process_cpu_us ();
  bench.batches++;
  bench.max_batch = MAX (bench.max_batch, MEASURES_BATCH);
  phase_end (PHASE_BATCH);

  if (bench.received >= bench.count)
    {
      bench.send_source = 0;
      finish ();
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
start_measures_cb (gpointer data)
{
  bench.send_source = g_idle_add (send_measures_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
connected_cb (HeraldMqttSession *session,
              gboolean           session_present,
              gpointer           data)
{
  g_autoptr(GError) error = NULL;

  if (bench.measures)
    {
      printf ("RESULT subscribed 1\n");
      fflush (stdout);
      /* A second later, as in the other modes (the flood starts 1 s after
       * the subscription): the view is shown and still, as a user has it
       * when they switch on "Keep sending". */
      if (bench.send_source == 0 && bench.received == 0)
        bench.send_source = g_timeout_add (1000, start_measures_cb, NULL);
      return;
    }

  if (!herald_mqtt_session_subscribe (session, bench.topic, bench.qos, &error))
    {
      g_printerr ("Cannot subscribe: %s\n", error->message);
      bench.status = 1;
      g_application_quit (G_APPLICATION (bench.app));
    }
}

static void
subscribed_cb (HeraldMqttSession *session,
               const char        *topic,
               guint              granted_qos,
               gpointer           data)
{
  printf ("RESULT subscribed 1\n");
  fflush (stdout);
}

static void
error_cb (HeraldMqttSession *session,
          const GError      *error,
          gpointer           data)
{
  g_printerr ("Session error: %s\n", error->message);
  bench.status = 1;
  g_application_quit (G_APPLICATION (bench.app));
}

static gboolean
connect_idle_cb (gpointer data)
{
  /* --device-view: the flood is commands for the device, and the window
   * shows what the device received, as on stage. */
  if (bench.device_view)
    {
      HeraldWorkspace *workspace = herald_window_get_workspace (HERALD_WINDOW (bench.window));
      const char *device = bench.topic + strlen ("commands/");

      herald_connection_set_device_alternate_id (herald_workspace_get_device_connection (workspace), device);
      herald_window_show_device_view (HERALD_WINDOW (bench.window));
    }
  else if (bench.measures)
    {
      HeraldWorkspace *workspace = herald_window_get_workspace (HERALD_WINDOW (bench.window));
      const char *device = bench.topic + strlen ("measures/");

      herald_connection_set_device_alternate_id (herald_workspace_get_device_connection (workspace), device);
      herald_window_show_measures_view (HERALD_WINDOW (bench.window));
    }
  /* --connection: its view, as a user has it while its broker floods it. */
  if (bench.connection != NULL)
    herald_window_show_connection (HERALD_WINDOW (bench.window), bench.connection);
  /* --topics: the flood is of distinct topics, and the device
   * connection's Topics window is open over the window, as a user has it. */
  if (bench.topics)
    gtk_widget_activate_action (GTK_WIDGET (bench.window), "win.show-topics", NULL);
  herald_mqtt_session_set_server_uri (bench.session, bench.uri);
  herald_mqtt_session_connect (bench.session);

  return G_SOURCE_REMOVE;
}

/* Runs before the workspace's handler of the same emission. */
static gboolean
batch_begin_hook (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               data)
{
  phase_begin ();
  return TRUE;
}

static gboolean
count_hook (GSignalInvocationHint *hint,
            guint                  n_values,
            const GValue          *values,
            gpointer               data)
{
  (*(guint *) data)++;
  return TRUE;
}

static gboolean
in_flood (void)
{
  return bench.received > 0 && bench.received < bench.count;
}

static gboolean
compute_size_hook (GSignalInvocationHint *hint,
                   guint                  n_values,
                   const GValue          *values,
                   gpointer               data)
{
  bench.gap_compute_size++;
  if (in_flood ())
    bench.flood_compute_size++;
  return TRUE;
}

static void
phase_begin_cb (GdkFrameClock *clock,
                gpointer       data)
{
  phase_begin ();
}

static void
update_end_cb (GdkFrameClock *clock,
               gpointer       data)
{
  phase_end (PHASE_UPDATE);
  phase_begin ();
}

static void
layout_end_cb (GdkFrameClock *clock,
               gpointer       data)
{
  phase_end (PHASE_LAYOUT);
  if (in_flood ())
    bench.flood_layouts++;
  phase_begin ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  phase_end (PHASE_PAINT);
  bench.gap_frames++;

  if (in_flood ())
    bench.frames++;

  if (bench.started)
    return;

  /* The window is up; it builds its other pages in idle callbacks after
   * its first frame, as it does for a user before they can reach Connect:
   * connect once those are done, to measure the window as a user has it. */
  bench.started = TRUE;
  g_idle_add_full (G_PRIORITY_LOW, connect_idle_cb, NULL, NULL);
}

static void
window_map_cb (GtkWidget *window,
               gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  /* GDK connected its "layout" and "paint" handlers when the surface was
   * made, before ours: each phase is timed from the end of the previous
   * one (handlers connected after GDK's), from "before-paint" on. */
  g_signal_connect (clock, "before-paint", G_CALLBACK (phase_begin_cb), NULL);
  g_signal_connect_after (clock, "update", G_CALLBACK (update_end_cb), NULL);
  g_signal_connect_after (clock, "layout", G_CALLBACK (layout_end_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GApplication *app,
             gpointer      data)
{
  HeraldWorkspace *workspace;
  g_autofree char *client_id = NULL;

  if (bench.window != NULL)
    return;

  bench.window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert (HERALD_IS_WINDOW (bench.window));
  workspace = herald_window_get_workspace (HERALD_WINDOW (bench.window));
  bench.session = herald_workspace_get_session (workspace);
  if (bench.own_connection)
    {
      g_autoptr(HeraldBrokerProfile) profile = herald_broker_profile_new ("Bench", bench.uri);
      g_autoptr(GError) error = NULL;

      /* Three subscriptions, as a user has them; the flood the second's. */
      herald_broker_profile_add_subscription (profile, "bench/other/#", 0);
      herald_broker_profile_add_subscription (profile, bench.topic, bench.qos);
      herald_broker_profile_add_subscription (profile, "alerts/#", 0);
      bench.connection = g_object_ref (herald_workspace_add_broker (workspace, profile));
      bench.session = herald_connection_get_session (bench.connection);
      /* No password: applied here, not through the Secret Service. */
      if (!herald_broker_profile_apply (profile, bench.session, &error))
        g_error ("%s", error->message);
    }

  client_id = g_strdup_printf ("herald-bench-window-%d", (int) getpid ());
  herald_mqtt_session_set_client_id (bench.session, client_id);
  g_signal_connect (bench.session, "messages-received", G_CALLBACK (messages_received_cb), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("messages-received", HERALD_TYPE_MQTT_SESSION), 0,
                              batch_begin_hook, NULL, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL), 0,
                              count_hook, &bench.gap_model_changes, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("compute-size", GDK_TYPE_TOPLEVEL), 0,
                              compute_size_hook, NULL, NULL);
  g_signal_connect (bench.session, "connected", G_CALLBACK (connected_cb), NULL);
  g_signal_connect (bench.session, "subscribed", G_CALLBACK (subscribed_cb), NULL);
  g_signal_connect (bench.session, "error", G_CALLBACK (error_cb), NULL);

  if (gtk_widget_get_mapped (GTK_WIDGET (bench.window)))
    window_map_cb (GTK_WIDGET (bench.window), NULL);
  else
    g_signal_connect (bench.window, "map", G_CALLBACK (window_map_cb), NULL);
}

static gboolean
quit_cb (gpointer data)
{
  finish ();
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  int port = 0, qos = 0, count = 1000;
  gboolean device_view = FALSE, measures = FALSE, topics = FALSE, connection = FALSE;
  g_autofree char *topic = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Broker port on 127.0.0.1", "P" },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &topic, "Topic", "T" },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &qos, "QoS (0)", "Q" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Messages expected (1000)", "N" },
    { "device-view", 0, 0, G_OPTION_ARG_NONE, &device_view,
      "Show the Live Device view; the topic must be commands/<device>", NULL },
    { "measures", 0, 0, G_OPTION_ARG_NONE, &measures,
      "Send --count measures as the device and show Send Measures; the topic must be measures/<device>", NULL },
    { "topics", 0, 0, G_OPTION_ARG_NONE, &topics,
      "Open the Topics window before the flood (the topic a filter like bench/topics/#)", NULL },
    { "connection", 0, 0, G_OPTION_ARG_NONE, &connection,
      "The flood to a connection of its own, its view shown", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  char *app_argv[] = { argv[0], NULL };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port <= 0 ||
      topic == NULL || qos < 0 || qos > 2 || count <= 0 ||
      (device_view && (!g_str_has_prefix (topic, "commands/") || topic[strlen ("commands/")] == '\0')) ||
      (measures && (!g_str_has_prefix (topic, "measures/") || topic[strlen ("measures/")] == '\0')))
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-mqtt-window --port P --topic T [--qos Q] [--count N] [--device-view | --measures | --topics | --connection]");
      return 2;
    }

  trace_stalls = g_getenv ("HERALD_BENCH_TRACE_STALLS") != NULL;
  bench.uri = g_strdup_printf ("tcp://127.0.0.1:%d", port);
  bench.topic = topic;
  bench.qos = qos;
  bench.count = count;
  bench.device_view = device_view;
  bench.measures = measures;
  bench.topics = topics;
  bench.own_connection = connection;
  if (measures)
    {
      bench.capability = herald_entity_new_from_string (HERALD_TYPE_CAPABILITY,
                                                        "{\"id\": \"1\", \"alternateId\": \"climate\", \"name\": \"Climate\", "
                                                        "\"properties\": [{\"name\": \"Temperature\", \"dataType\": \"float\", "
                                                        "\"unitOfMeasure\": \"°C\"}]}", &error);
      g_assert_no_error (error);
      bench.generator = herald_value_generator_new (HERALD_VALUE_GENERATOR_RANDOM_WALK, 15.0, 30.0, 0.5);
      herald_value_generator_set_seed (bench.generator, 42);
      bench.values = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);
    }
  /* Set up as Herald's main() sets it up. */
  herald_application_prepare_rendering ("/dev");
  bench.app = herald_application_new ();
  /* After HeraldApplication's own activate, which makes the window. */
  g_signal_connect_after (bench.app, "activate", G_CALLBACK (activate_cb), NULL);
  g_unix_signal_add (SIGTERM, quit_cb, NULL);
  g_unix_signal_add (SIGINT, quit_cb, NULL);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_tick, NULL, NULL);
  g_timeout_add_seconds (1, progress, NULL);

  status = g_application_run (G_APPLICATION (bench.app), 1, app_argv);
  g_object_unref (bench.app);
  g_clear_object (&bench.capability);
  g_clear_object (&bench.generator);
  g_clear_object (&bench.values);
  g_clear_object (&bench.connection);

  return bench.status ? bench.status : status;
}

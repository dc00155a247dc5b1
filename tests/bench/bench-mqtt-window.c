/* bench-mqtt-window.c: Herald's side of target 1 with the window up
 *
 *   bench-mqtt-window --port P --topic T --qos Q --count N
 *
 * The real application: HeraldApplication opens its window, whose context
 * owns the HeraldMqttSession and the HeraldHistory that the History pane
 * shows (following the newest entry). Once the window has drawn, the
 * context's session connects to tcp://127.0.0.1:P and subscribes to T.
 * Output as bench-mqtt's, plus "RESULT renderer <GskRenderer type>" and
 * "RESULT frames <n>" (frames the window drew while messages arrived).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "herald-application.h"
#include "herald-window.h"

typedef struct
{
  HeraldApplication *app;
  GtkWindow         *window;
  HeraldMqttSession *session;
  char              *uri;
  char              *topic;
  guint              qos;
  guint              count;
  guint              received;
  guint              batches;
  guint              max_batch;
  guint              frames;
  gint64             first_us;
  gint64             last_us;
  gint64             probe_last;
  gint64             probe_max;
  gint64             probe_last_cpu;
  gint64             busy_max;      /* most main-thread CPU time within one gap */
  guint              stalls_over_50ms;
  gint64             first_stall_at_ms;  /* after the first message, -1 if none */
  gboolean           started;
  int                status;
} Bench;

static Bench bench;

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
    }
  bench.probe_last = now;
  bench.probe_last_cpu = cpu;

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
  struct rusage usage;
  GskRenderer *renderer = bench.window ? gtk_native_get_renderer (GTK_NATIVE (bench.window)) : NULL;

  printf ("RESULT received %u\n", bench.received);
  if (bench.received > 1 && bench.last_us > bench.first_us)
    printf ("RESULT rate %.0f\n", (bench.received - 1) / ((bench.last_us - bench.first_us) / (double) G_USEC_PER_SEC));
  printf ("RESULT batches %u\nRESULT max_batch %u\nRESULT max_stall_ms %.1f\nRESULT frames %u\n",
          bench.batches, bench.max_batch, bench.probe_max / 1000.0, bench.frames);
  printf ("RESULT renderer %s\n", renderer ? G_OBJECT_TYPE_NAME (renderer) : "none");
  printf ("RESULT max_busy_ms %.1f\n", bench.busy_max / 1000.0);
  printf ("RESULT stalls_over_50ms %u\nRESULT first_stall_at_ms %" G_GINT64_FORMAT "\n",
          bench.stalls_over_50ms, bench.stalls_over_50ms ? bench.first_stall_at_ms : -1);
  if (getrusage (RUSAGE_SELF, &usage) == 0 && bench.received > 0)
    printf ("RESULT cpu_us_per_message %.2f\n",
            ((usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
             usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / bench.received);
  fflush (stdout);

  herald_mqtt_session_disconnect (bench.session);
  g_application_quit (G_APPLICATION (bench.app));
}

/* Connected after the context's own handler: the history has the batch. */
static void
messages_received_cb (HeraldMqttSession *session,
                      GPtrArray         *messages,
                      gpointer           data)
{
  if (bench.first_us == 0 && messages->len > 0)
    bench.first_us = herald_message_get_time (g_ptr_array_index (messages, 0));

  bench.last_us = g_get_real_time ();
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

static void
connected_cb (HeraldMqttSession *session,
              gboolean           session_present,
              gpointer           data)
{
  g_autoptr(GError) error = NULL;

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

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (bench.received > 0 && bench.received < bench.count)
    bench.frames++;

  if (bench.started)
    return;

  /* The window is up: now connect. */
  bench.started = TRUE;
  herald_mqtt_session_set_server_uri (bench.session, bench.uri);
  herald_mqtt_session_connect (bench.session);
}

static void
window_map_cb (GtkWidget *window,
               gpointer   data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GApplication *app,
             gpointer      data)
{
  HeraldContext *context;
  g_autofree char *client_id = NULL;

  if (bench.window != NULL)
    return;

  bench.window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert (HERALD_IS_WINDOW (bench.window));
  context = herald_window_get_context (HERALD_WINDOW (bench.window));
  bench.session = herald_context_get_session (context);

  client_id = g_strdup_printf ("herald-bench-window-%d", (int) getpid ());
  herald_mqtt_session_set_client_id (bench.session, client_id);
  g_signal_connect (bench.session, "messages-received", G_CALLBACK (messages_received_cb), NULL);
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
  g_autofree char *topic = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Broker port on 127.0.0.1", "P" },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &topic, "Topic", "T" },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &qos, "QoS (0)", "Q" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Messages expected (1000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  char *app_argv[] = { argv[0], NULL };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port <= 0 ||
      topic == NULL || qos < 0 || qos > 2 || count <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-mqtt-window --port P --topic T [--qos Q] [--count N]");
      return 2;
    }

  bench.uri = g_strdup_printf ("tcp://127.0.0.1:%d", port);
  bench.topic = topic;
  bench.qos = qos;
  bench.count = count;
  bench.app = herald_application_new ();
  /* After HeraldApplication's own activate, which makes the window. */
  g_signal_connect_after (bench.app, "activate", G_CALLBACK (activate_cb), NULL);
  g_unix_signal_add (SIGTERM, quit_cb, NULL);
  g_unix_signal_add (SIGINT, quit_cb, NULL);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_tick, NULL, NULL);
  g_timeout_add_seconds (1, progress, NULL);

  status = g_application_run (G_APPLICATION (bench.app), 1, app_argv);
  g_object_unref (bench.app);

  return bench.status ? bench.status : status;
}

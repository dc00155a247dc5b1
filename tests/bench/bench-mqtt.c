/* bench-mqtt.c: Herald's side of target 1 (sustained ingest)
 *
 *   bench-mqtt --port P --topic T --qos Q --count N
 *
 * HeraldMqttSession subscribed to T on tcp://127.0.0.1:P, every batch it
 * emits appended to a HeraldHistory, as the window does. Prints
 * "RESULT subscribed 1" once subscribed, "PROGRESS n" every second, and at
 * the end (N messages, or SIGTERM/SIGINT) "RESULT received", "RESULT rate"
 * (messages / (last - first arrival), where "last" is when the history had
 * the last one), "RESULT batches", "RESULT max_batch", "RESULT max_stall_ms".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <sys/resource.h>

#include "herald-history.h"
#include "herald-mqtt-session.h"

/* One connection: its session, its history, what it received. */
typedef struct
{
  struct _Bench     *bench;
  HeraldMqttSession *session;
  HeraldHistory     *history;
  guint              received;
  guint              batches;
  guint              max_batch;
  gint64             first_us;
  gint64             last_us;
} Conn;

typedef struct _Bench
{
  GMainLoop         *loop;
  Conn               conns[2];
  guint              n_conns;
  char              *topic;
  guint              qos;
  guint              count;
  gint64             probe_last;
  gint64             probe_max;
  int                status;
} Bench;

static guint
received_least (Bench *bench)
{
  guint least = G_MAXUINT;

  for (guint i = 0; i < bench->n_conns; i++)
    least = MIN (least, bench->conns[i].received);
  return least;
}

static guint
received_most (Bench *bench)
{
  guint most = 0;

  for (guint i = 0; i < bench->n_conns; i++)
    most = MAX (most, bench->conns[i].received);
  return most;
}

static gboolean
probe_tick (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();

  /* Only while messages flow: idle waiting is not a stall. */
  if (received_most (bench) > 0 && received_least (bench) < bench->count &&
      now - bench->probe_last > bench->probe_max)
    bench->probe_max = now - bench->probe_last;
  bench->probe_last = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
progress (gpointer data)
{
  Bench *bench = data;
  static guint last, quiet;

  guint received = 0;

  for (guint i = 0; i < bench->n_conns; i++)
    received += bench->conns[i].received;
  printf ("PROGRESS %u\n", received);
  fflush (stdout);

  /* QoS 0 may lose messages: stop 3 s after the last one came. */
  quiet = received > 0 && received == last ? quiet + 1 : 0;
  last = received;
  if (quiet >= 3)
    g_main_loop_quit (bench->loop);

  return G_SOURCE_CONTINUE;
}

static void
messages_received_cb (HeraldMqttSession *session,
                      GPtrArray         *messages,
                      Conn              *conn)
{
  Bench *bench = conn->bench;

  if (conn->first_us == 0 && messages->len > 0)
    conn->first_us = herald_message_get_time (g_ptr_array_index (messages, 0));

  herald_history_append_messages (conn->history, messages);
  conn->last_us = g_get_real_time ();
  conn->received += messages->len;
  conn->batches++;
  conn->max_batch = MAX (conn->max_batch, messages->len);

  if (received_least (bench) >= bench->count)
    g_main_loop_quit (bench->loop);
}

static void
connected_cb (HeraldMqttSession *session,
              gboolean           session_present,
              Conn              *conn)
{
  Bench *bench = conn->bench;
  g_autoptr(GError) error = NULL;

  if (!herald_mqtt_session_subscribe (session, bench->topic, bench->qos, &error))
    {
      g_printerr ("Cannot subscribe: %s\n", error->message);
      bench->status = 1;
      g_main_loop_quit (bench->loop);
    }
}

static void
subscribed_cb (HeraldMqttSession *session,
               const char        *topic,
               guint              granted_qos,
               Conn              *conn)
{
  static guint n_subscribed;

  /* Once every connection is. */
  if (++n_subscribed == conn->bench->n_conns)
    {
      printf ("RESULT subscribed 1\n");
      fflush (stdout);
    }
}

static void
error_cb (HeraldMqttSession *session,
          const GError      *error,
          Conn              *conn)
{
  Bench *bench = conn->bench;

  g_printerr ("Session error: %s\n", error->message);
  bench->status = 1;
  g_main_loop_quit (bench->loop);
}

static gboolean
quit_cb (gpointer data)
{
  Bench *bench = data;

  g_main_loop_quit (bench->loop);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  int port = 0, port2 = 0, qos = 0, count = 1000;
  g_autofree char *topic = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Broker port on 127.0.0.1", "P" },
    { "port2", 0, 0, G_OPTION_ARG_INT, &port2, "A second connection, to this port", "P2" },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &topic, "Topic", "T" },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &qos, "QoS (0)", "Q" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Messages expected (1000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port <= 0 ||
      topic == NULL || qos < 0 || qos > 2 || count <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-mqtt --port P --topic T [--qos Q] [--count N]");
      return 2;
    }

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.topic = topic;
  bench.qos = qos;
  bench.count = count;
  bench.n_conns = port2 > 0 ? 2 : 1;

  for (guint i = 0; i < bench.n_conns; i++)
    {
      Conn *conn = &bench.conns[i];
      g_autofree char *uri = g_strdup_printf ("tcp://127.0.0.1:%d", i == 0 ? port : port2);
      g_autofree char *client_id = g_strdup_printf ("herald-bench-%d-%u", (int) getpid (), i);

      conn->bench = &bench;
      conn->history = herald_history_new ();
      conn->session = herald_mqtt_session_new ();
      herald_mqtt_session_set_server_uri (conn->session, uri);
      herald_mqtt_session_set_client_id (conn->session, client_id);
      g_signal_connect (conn->session, "messages-received", G_CALLBACK (messages_received_cb), conn);
      g_signal_connect (conn->session, "connected", G_CALLBACK (connected_cb), conn);
      g_signal_connect (conn->session, "subscribed", G_CALLBACK (subscribed_cb), conn);
      g_signal_connect (conn->session, "error", G_CALLBACK (error_cb), conn);
    }
  g_unix_signal_add (SIGTERM, quit_cb, &bench);
  g_unix_signal_add (SIGINT, quit_cb, &bench);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_tick, &bench, NULL);
  g_timeout_add_seconds (1, progress, &bench);

  for (guint i = 0; i < bench.n_conns; i++)
    herald_mqtt_session_connect (bench.conns[i].session);
  g_main_loop_run (bench.loop);

  for (guint i = 0; i < bench.n_conns; i++)
    {
      Conn *conn = &bench.conns[i];
      const char *prefix = i == 0 ? "" : "2_";

      printf ("RESULT %sreceived %u\n", prefix, conn->received);
      if (conn->received > 1 && conn->last_us > conn->first_us)
        printf ("RESULT %srate %.0f\n", prefix,
                (conn->received - 1) / ((conn->last_us - conn->first_us) / (double) G_USEC_PER_SEC));
      printf ("RESULT %sbatches %u\nRESULT %smax_batch %u\n", prefix, conn->batches, prefix, conn->max_batch);
    }
  printf ("RESULT max_stall_ms %.1f\n", bench.probe_max / 1000.0);
  {
    struct rusage usage;
    guint received = 0;

    for (guint i = 0; i < bench.n_conns; i++)
      received += bench.conns[i].received;
    /* CPU time of the whole process (Paho's threads and the main loop)
     * per message: what the receive path costs, whatever else runs. */
    if (getrusage (RUSAGE_SELF, &usage) == 0 && received > 0)
      printf ("RESULT cpu_us_per_message %.2f\n",
              ((usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
               usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / received);
  }
  fflush (stdout);

  for (guint i = 0; i < bench.n_conns; i++)
    {
      herald_mqtt_session_disconnect (bench.conns[i].session);
      g_object_unref (bench.conns[i].session);
      g_object_unref (bench.conns[i].history);
    }
  g_main_loop_unref (bench.loop);

  return bench.status;
}

/* bench-roundtrip.c: target 6, a command's round trip through the sandbox
 *
 * Herald's own path end to end: HeraldApiClient POSTs the seed's command to
 * a running herald-sandbox, the sandbox publishes it on
 * commands/<alternateId>, HeraldMqttSession (TLS, the device's key store,
 * the sandbox's CA) receives it and the batch is appended to a
 * HeraldHistory. The latency of one command is from just before the POST
 * until the history emits items-changed with it. Commands go one at a time,
 * 50 ms apart (a person clicking Send, not a flood, so the session's 16 ms
 * delivery interval is not what is measured twice over).
 *
 * Environment (as tests/bench-sandbox-client): BENCH_API, BENCH_USER,
 * BENCH_PASSWORD, BENCH_MQTT, BENCH_CA, BENCH_PEM, BENCH_SECRET,
 * BENCH_DEVICE_ID, BENCH_DEVICE_ALT, BENCH_SENSOR_ID, BENCH_CAPABILITY_ID,
 * BENCH_COUNT. Prints "RESULT p50_ms", "RESULT p99_ms", "RESULT max_ms",
 * "RESULT count".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-device.h"
#include "bench-env.h"
#include "herald-api-client.h"
#include "herald-history.h"
#include "herald-mqtt-session.h"

typedef struct
{
  GMainLoop         *loop;
  HeraldApiClient   *client;
  HeraldMqttSession *session;
  HeraldHistory     *history;
  guint              count;
  guint              sent;
  gint64             post_start;
  gboolean           waiting;
  GArray            *latencies;   /* gint64 us */
  int                status;
} Bench;

static void send_next (Bench *bench);

static void
fail (Bench      *bench,
      const char *what,
      GError     *error)
{
  g_printerr ("bench-roundtrip: %s: %s\n", what, error ? error->message : "failed");
  bench->status = 1;
  g_main_loop_quit (bench->loop);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Bench *bench = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  guint status = 0;

  answer = herald_api_client_send_command_finish (HERALD_API_CLIENT (source), result, &status, &error);
  if (answer == NULL)
    fail (bench, "POST command", error);
}

static gboolean
send_later (gpointer data)
{
  send_next (data);
  return G_SOURCE_REMOVE;
}

static void
send_next (Bench *bench)
{
  if (bench->sent == bench->count)
    {
      g_main_loop_quit (bench->loop);
      return;
    }

  bench->sent++;
  bench->waiting = TRUE;
  bench->post_start = g_get_monotonic_time ();
  herald_api_client_send_command_async (bench->client, bench_env ("BENCH_DEVICE_ID"), bench_env ("BENCH_SENSOR_ID"),
                                        bench_env ("BENCH_CAPABILITY_ID"),
                                        "{\"LED\": true, \"Buzzer\": true, \"Speed\": 50.0}",
                                        NULL, sent_cb, bench);
}

static void
history_changed_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Bench      *bench)
{
  gint64 latency;

  if (added == 0 || !bench->waiting)
    return;

  latency = g_get_monotonic_time () - bench->post_start;
  bench->waiting = FALSE;
  g_array_append_val (bench->latencies, latency);
  g_timeout_add (50, send_later, bench);
}

static void
messages_received_cb (HeraldMqttSession *session,
                      GPtrArray         *messages,
                      Bench             *bench)
{
  herald_history_append_messages (bench->history, messages);
}

static void
connected_cb (HeraldMqttSession *session,
              gboolean           session_present,
              Bench             *bench)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *topic = g_strdup_printf ("commands/%s", bench_env ("BENCH_DEVICE_ALT"));

  if (!herald_mqtt_session_subscribe (session, topic, 1, &error))
    fail (bench, "subscribe", error);
}

static void
subscribed_cb (HeraldMqttSession *session,
               const char        *topic,
               guint              granted_qos,
               Bench             *bench)
{
  if (bench->sent == 0)
    send_next (bench);
}

static void
error_cb (HeraldMqttSession *session,
          const GError      *error,
          Bench             *bench)
{
  fail (bench, "MQTT session", (GError *) error);
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldServiceConfig) config = NULL;
  Bench bench = { 0 };
  guint n;

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.count = atoi (bench_env ("BENCH_COUNT"));
  bench.latencies = g_array_new (FALSE, FALSE, sizeof (gint64));

  config = herald_service_config_new (bench_env ("BENCH_API"), bench_env ("BENCH_USER"), bench_env ("BENCH_PASSWORD"));
  bench.client = herald_api_client_new (config, &error);
  if (bench.client == NULL)
    {
      g_printerr ("bench-roundtrip: %s\n", error->message);
      return 1;
    }

  bench.session = herald_mqtt_session_new ();
  if (!bench_device_configure (bench.session, &error))
    {
      g_printerr ("bench-roundtrip: key store: %s\n", error->message);
      return 1;
    }

  bench.history = herald_history_new ();
  g_signal_connect (bench.history, "items-changed", G_CALLBACK (history_changed_cb), &bench);
  g_signal_connect (bench.session, "messages-received", G_CALLBACK (messages_received_cb), &bench);
  g_signal_connect (bench.session, "connected", G_CALLBACK (connected_cb), &bench);
  g_signal_connect (bench.session, "subscribed", G_CALLBACK (subscribed_cb), &bench);
  g_signal_connect (bench.session, "error", G_CALLBACK (error_cb), &bench);

  herald_mqtt_session_connect (bench.session);
  g_main_loop_run (bench.loop);

  n = bench.latencies->len;
  if (bench.status == 0 && n > 0)
    {
      gint64 *l = (gint64 *) (gpointer) bench.latencies->data;

      g_array_sort (bench.latencies, compare);
      printf ("RESULT count %u\nRESULT p50_ms %.2f\nRESULT p99_ms %.2f\nRESULT max_ms %.2f\n",
              n, l[n / 2] / 1000.0, l[MIN (n - 1, n * 99 / 100)] / 1000.0, l[n - 1] / 1000.0);
    }

  herald_mqtt_session_disconnect (bench.session);
  g_object_unref (bench.session);
  g_object_unref (bench.history);
  g_object_unref (bench.client);
  g_array_unref (bench.latencies);
  g_main_loop_unref (bench.loop);

  return bench.status ? bench.status : (n == bench.count ? 0 : 1);
}

/* bench-sandbox-client.c: command POST -> delivered latency, for
 * build-aux/bench-sandbox. Subscribes to commands/<alternateId> as the
 * device (Paho, the pem answer's file and secret), then POSTs the seed's
 * command COUNT times over one keep-alive HTTP connection, one at a time,
 * and prints the delivery latencies' p50 and p90 in milliseconds.
 *
 * Environment: BENCH_API, BENCH_USER, BENCH_PASSWORD, BENCH_MQTT, BENCH_CA,
 * BENCH_PEM, BENCH_SECRET, BENCH_DEVICE_ID, BENCH_DEVICE_ALT,
 * BENCH_SENSOR_ID, BENCH_CAPABILITY_ID, BENCH_COUNT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <MQTTAsync.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench-env.h"

static GAsyncQueue *arrivals;
static GMutex lock;
static GCond cond;
static int state;

static void
done (int value)
{
  g_mutex_lock (&lock);
  state = value;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);
}

static void on_ok (void *c, MQTTAsync_successData *r) { done (1); }
static void on_fail (void *c, MQTTAsync_failureData *r) { done (-1); }

static gboolean
wait_done (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int value;

  g_mutex_lock (&lock);
  while (state == 0 && g_cond_wait_until (&cond, &lock, deadline))
    ;
  value = state;
  state = 0;
  g_mutex_unlock (&lock);
  return value == 1;
}

static int
on_message (void *context, char *topic, int length, MQTTAsync_message *message)
{
  gint64 *now = g_new (gint64, 1);

  *now = g_get_monotonic_time ();
  g_async_queue_push (arrivals, now);
  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic);
  return 1;
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char *argv[])
{
  MQTTAsync client;
  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  MQTTAsync_responseOptions sub = MQTTAsync_responseOptions_initializer;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autofree char *topic = g_strconcat ("commands/", bench_env ("BENCH_DEVICE_ALT"), NULL);
  g_autofree char *url = g_strdup_printf ("%s/devices/%s/commands", bench_env ("BENCH_API"), bench_env ("BENCH_DEVICE_ID"));
  g_autofree char *body = g_strdup_printf ("{\"sensorId\": \"%s\", \"capabilityId\": \"%s\", "
                                           "\"command\": {\"LED\": \"true\", \"Buzzer\": \"true\", \"Speed\": \"50.0\"}}",
                                           bench_env ("BENCH_SENSOR_ID"), bench_env ("BENCH_CAPABILITY_ID"));
  g_autofree char *pair = g_strconcat (bench_env ("BENCH_USER"), ":", bench_env ("BENCH_PASSWORD"), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *auth = g_strconcat ("Basic ", encoded, NULL);
  guint count = atoi (bench_env ("BENCH_COUNT"));
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  double p50, p90;

  arrivals = g_async_queue_new_full (g_free);

  MQTTAsync_create (&client, bench_env ("BENCH_MQTT"), bench_env ("BENCH_DEVICE_ALT"), MQTTCLIENT_PERSISTENCE_NONE, NULL);
  MQTTAsync_setCallbacks (client, NULL, NULL, on_message, NULL);
  ssl.trustStore = bench_env ("BENCH_CA");
  ssl.keyStore = bench_env ("BENCH_PEM");
  ssl.privateKey = bench_env ("BENCH_PEM");
  ssl.privateKeyPassword = bench_env ("BENCH_SECRET");
  ssl.enableServerCertAuth = 1;
  options.ssl = &ssl;
  options.cleansession = 1;
  options.onSuccess = on_ok;
  options.onFailure = on_fail;
  if (MQTTAsync_connect (client, &options) != MQTTASYNC_SUCCESS || !wait_done ())
    {
      g_printerr ("bench-sandbox-client: cannot connect as the device\n");
      return 1;
    }
  sub.onSuccess = on_ok;
  sub.onFailure = on_fail;
  if (MQTTAsync_subscribe (client, topic, 1, &sub) != MQTTASYNC_SUCCESS || !wait_done ())
    {
      g_printerr ("bench-sandbox-client: cannot subscribe\n");
      return 1;
    }

  /* One warm-up round: the HTTP connection, the first statements. */
  for (guint i = 0; i < count + 1; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree gint64 *arrived = NULL;
      gint64 start;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      start = g_get_monotonic_time ();
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      if (answer == NULL || soup_message_get_status (msg) != 200)
        {
          g_printerr ("bench-sandbox-client: POST failed: %s\n", error ? error->message : "status");
          return 1;
        }
      arrived = g_async_queue_timeout_pop (arrivals, 5 * G_USEC_PER_SEC);
      if (arrived == NULL)
        {
          g_printerr ("bench-sandbox-client: a command did not arrive\n");
          return 1;
        }
      if (i > 0)
        {
          double ms = (*arrived - start) / 1000.0;
          g_array_append_val (latencies, ms);
        }
    }

  g_array_sort (latencies, compare);
  p50 = g_array_index (latencies, double, latencies->len / 2);
  p90 = g_array_index (latencies, double, (latencies->len * 9) / 10);
  g_print ("%.3f %.3f\n", p50, p90);

  MQTTAsync_disconnect (client, NULL);
  MQTTAsync_destroy (&client);
  g_async_queue_unref (arrivals);
  return 0;
}

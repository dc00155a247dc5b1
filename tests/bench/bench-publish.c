/* bench-publish.c: a flooding MQTT publisher for build-aux/bench
 *
 *   bench-publish --port P --topic T --qos Q --count N
 *
 * Publishes N 200-byte JSON messages as fast as the broker takes them, with
 * at most --window messages in flight, and prints "RESULT sent N",
 * "RESULT acknowledged N", "RESULT failed N" and "RESULT rate R". Used for
 * QoS 1, where `mosquitto_pub -l` loses messages here: mosquitto 2.0.11
 * drops its connection ("out of memory") after about 69,000 of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <MQTTAsync.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

typedef struct
{
  GMutex  mutex;
  GCond   cond;
  gint    in_flight;
  gint    acknowledged;
  gint    failed;
  gint    connected;   /* 0 pending, 1 yes, -1 failed */
} State;

static State state;

static void
on_connect (void *context, MQTTAsync_successData *response)
{
  g_mutex_lock (&state.mutex);
  state.connected = 1;
  g_cond_broadcast (&state.cond);
  g_mutex_unlock (&state.mutex);
}

static void
on_connect_failure (void *context, MQTTAsync_failureData *response)
{
  g_mutex_lock (&state.mutex);
  state.connected = -1;
  g_cond_broadcast (&state.cond);
  g_mutex_unlock (&state.mutex);
}

static void
on_sent (void *context, MQTTAsync_successData *response)
{
  g_mutex_lock (&state.mutex);
  state.in_flight--;
  state.acknowledged++;
  g_cond_broadcast (&state.cond);
  g_mutex_unlock (&state.mutex);
}

static void
on_send_failure (void *context, MQTTAsync_failureData *response)
{
  g_mutex_lock (&state.mutex);
  state.in_flight--;
  state.failed++;
  g_cond_broadcast (&state.cond);
  g_mutex_unlock (&state.mutex);
}

int
main (int   argc,
      char *argv[])
{
  int port = 0, qos = 1, count = 1000, window = 1000;
  gboolean levels = FALSE;
  g_autofree char *topic = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Broker port on 127.0.0.1", "P" },
    { "topic", 't', 0, G_OPTION_ARG_STRING, &topic, "Topic", "T" },
    { "qos", 'q', 0, G_OPTION_ARG_INT, &qos, "QoS (1)", "Q" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Messages (1000)", "N" },
    { "window", 'w', 0, G_OPTION_ARG_INT, &window, "Messages in flight at most (1000)", "W" },
    { "levels", 0, 0, G_OPTION_ARG_NONE, &levels,
      "Each message to a topic of its own, four levels below the topic (T/line-L/machine-M/sensor-N)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  MQTTAsync client;
  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  MQTTAsync_disconnectOptions disconnect = MQTTAsync_disconnectOptions_initializer;
  gint64 start, elapsed;
  char payload[200];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port <= 0 ||
      topic == NULL || qos < 0 || qos > 2 || count <= 0 || window <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-publish --port P --topic T [--qos Q] [--count N]");
      return 2;
    }

  g_mutex_init (&state.mutex);
  g_cond_init (&state.cond);
  uri = g_strdup_printf ("tcp://127.0.0.1:%d", port);
  if (MQTTAsync_create (&client, uri, "herald-bench-publish", MQTTCLIENT_PERSISTENCE_NONE, NULL) != MQTTASYNC_SUCCESS)
    return 1;

  options.keepAliveInterval = 60;
  options.cleansession = 1;
  options.maxInflight = window;
  options.onSuccess = on_connect;
  options.onFailure = on_connect_failure;
  if (MQTTAsync_connect (client, &options) != MQTTASYNC_SUCCESS)
    return 1;
  g_mutex_lock (&state.mutex);
  while (state.connected == 0)
    g_cond_wait (&state.cond, &state.mutex);
  g_mutex_unlock (&state.mutex);
  if (state.connected < 0)
    {
      g_printerr ("Cannot connect to %s\n", uri);
      return 1;
    }

  start = g_get_monotonic_time ();
  for (int i = 0; i < count; i++)
    {
      MQTTAsync_responseOptions response = MQTTAsync_responseOptions_initializer;
      int len = g_snprintf (payload, sizeof payload,
                            "{\"seq\":%d,\"temperature\":%d.%d,\"humidity\":%d,\"status\":\"ok\",\"pad\":\"",
                            i, 18 + i % 9, i % 10, 40 + i % 30);
      int rc;

      memset (payload + len, 'x', sizeof payload - len - 2);
      memcpy (payload + sizeof payload - 2, "\"}", 2);

      g_mutex_lock (&state.mutex);
      while (state.in_flight >= window)
        g_cond_wait (&state.cond, &state.mutex);
      state.in_flight++;
      g_mutex_unlock (&state.mutex);

      response.onSuccess = on_sent;
      response.onFailure = on_send_failure;
      char own[256];

      /* The same shape as bench-topic-tree's deep topics. */
      if (levels)
        g_snprintf (own, sizeof own, "%s/line-%d/machine-%d/sensor-%d", topic, i % 100, i / 100 % 100, i);
      while ((rc = MQTTAsync_send (client, levels ? own : topic, sizeof payload, payload, qos, 0, &response)) ==
             MQTTASYNC_MAX_BUFFERED_MESSAGES)
        g_usleep (100);
      if (rc != MQTTASYNC_SUCCESS)
        {
          g_mutex_lock (&state.mutex);
          state.in_flight--;
          state.failed++;
          g_mutex_unlock (&state.mutex);
        }
    }

  g_mutex_lock (&state.mutex);
  while (state.in_flight > 0)
    g_cond_wait (&state.cond, &state.mutex);
  g_mutex_unlock (&state.mutex);
  elapsed = g_get_monotonic_time () - start;

  printf ("RESULT sent %d\nRESULT acknowledged %d\nRESULT failed %d\nRESULT rate %.0f\n",
          count, state.acknowledged, state.failed, count / (elapsed / (double) G_USEC_PER_SEC));
  fflush (stdout);

  disconnect.timeout = 1000;
  MQTTAsync_disconnect (client, &disconnect);
  g_usleep (100000);
  MQTTAsync_destroy (&client);

  return state.failed == 0 && state.acknowledged == count ? 0 : 1;
}

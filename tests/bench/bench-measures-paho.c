/* bench-measures-paho.c: the baseline of the measures row of build-aux/bench
 *
 * A bare Paho publisher in the device's place, given what bench-measures
 * is given (BENCH_MQTT, BENCH_CA, BENCH_PEM, BENCH_SECRET,
 * BENCH_DEVICE_ALT = D, BENCH_SENSOR_ALT, BENCH_CAPABILITY_ALT, BENCH_COUNT
 * = N, BENCH_WINDOW = W): connects with mutual TLS (the device's
 * certificate and encrypted key from the PEM), subscribes to ack/D, then
 * publishes N measures messages on measures/D as fast as the gateway
 * answers them, with at most W unanswered at a time: each carries a
 * measureMessageId and one row {"Temperature": v}, QoS 1, as Herald's
 * sender does. An answer counts when it arrives on ack/D (each element of
 * the gateway's array). Prints "RESULT acknowledged N", "RESULT accepted N"
 * (code 202) and "RESULT rate R": answers per second from the first
 * message sent to the last answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <MQTTAsync.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "bench-env.h"

typedef struct
{
  GMutex  mutex;
  GCond   cond;
  gint    answered;
  gint    accepted;
  gint    connected;    /* 0 pending, 1 yes, -1 failed */
  gint    subscribed;   /* likewise */
  gint64  last_answer;
} State;

static State state;

static void
signal_state (gint *field,
              gint  value)
{
  g_mutex_lock (&state.mutex);
  *field = value;
  g_cond_broadcast (&state.cond);
  g_mutex_unlock (&state.mutex);
}

/* Waits until Paho's thread sets @field (1 done, -1 failed). */
static gint
wait_for (gint *field)
{
  gint value;

  g_mutex_lock (&state.mutex);
  while (*field == 0)
    g_cond_wait (&state.cond, &state.mutex);
  value = *field;
  g_mutex_unlock (&state.mutex);
  return value;
}

static void
on_connect (void *context, MQTTAsync_successData *response)
{
  signal_state (&state.connected, 1);
}

static void
on_connect_failure (void *context, MQTTAsync_failureData *response)
{
  if (response != NULL && response->message != NULL)
    g_printerr ("bench-measures-paho: %s\n", response->message);
  signal_state (&state.connected, -1);
}

static void
on_subscribe (void *context, MQTTAsync_successData *response)
{
  signal_state (&state.subscribed, 1);
}

static void
on_subscribe_failure (void *context, MQTTAsync_failureData *response)
{
  signal_state (&state.subscribed, -1);
}

/* Each answer on ack/D: a JSON array of {"id", "code", "messages"}. */
static int
on_message (void *context, char *topic, int topic_len, MQTTAsync_message *message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  gint answered = 0, accepted = 0;

  if (json_parser_load_from_data (parser, message->payload, message->payloadlen, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *acks = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (acks); i++)
        {
          JsonNode *element = json_array_get_element (acks, i);

          answered++;
          if (JSON_NODE_HOLDS_OBJECT (element) &&
              json_object_get_int_member_with_default (json_node_get_object (element), "code", 0) == 202)
            accepted++;
        }
    }

  g_mutex_lock (&state.mutex);
  state.answered += answered;
  state.accepted += accepted;
  state.last_answer = g_get_monotonic_time ();
  g_cond_broadcast (&state.cond);
  g_mutex_unlock (&state.mutex);

  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic);
  return 1;
}

static void
on_connection_lost (void *context, char *cause)
{
  g_printerr ("bench-measures-paho: connection lost: %s\n", cause ? cause : "no reason");
}

int
main (int   argc,
      char *argv[])
{
  const char *uri = bench_env ("BENCH_MQTT");
  const char *device = bench_env ("BENCH_DEVICE_ALT");
  const char *sensor = bench_env ("BENCH_SENSOR_ALT");
  const char *capability = bench_env ("BENCH_CAPABILITY_ALT");
  int count = atoi (bench_env ("BENCH_COUNT"));
  int window = MAX (atoi (bench_env ("BENCH_WINDOW")), 1);
  g_autofree char *measures_topic = NULL, *ack_topic = NULL;
  MQTTAsync client;
  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  MQTTAsync_responseOptions subscribe = MQTTAsync_responseOptions_initializer;
  MQTTAsync_disconnectOptions disconnect = MQTTAsync_disconnectOptions_initializer;
  gint64 start, elapsed;
  double value = 21.5;
  struct rusage usage;

  g_mutex_init (&state.mutex);
  g_cond_init (&state.cond);
  measures_topic = g_strdup_printf ("measures/%s", device);
  ack_topic = g_strdup_printf ("ack/%s", device);

  if (MQTTAsync_create (&client, uri, device, MQTTCLIENT_PERSISTENCE_NONE, NULL) != MQTTASYNC_SUCCESS ||
      MQTTAsync_setCallbacks (client, NULL, on_connection_lost, on_message, NULL) != MQTTASYNC_SUCCESS)
    return 1;

  ssl.trustStore = bench_env ("BENCH_CA");
  ssl.keyStore = bench_env ("BENCH_PEM");
  ssl.privateKeyPassword = bench_env ("BENCH_SECRET");
  ssl.enableServerCertAuth = 1;
  ssl.sslVersion = MQTT_SSL_VERSION_TLS_1_2;
  options.ssl = &ssl;
  options.keepAliveInterval = 60;
  options.cleansession = 1;
  options.onSuccess = on_connect;
  options.onFailure = on_connect_failure;
  if (MQTTAsync_connect (client, &options) != MQTTASYNC_SUCCESS)
    return 1;
  if (wait_for (&state.connected) < 0)
    {
      g_printerr ("bench-measures-paho: cannot connect to %s\n", uri);
      return 1;
    }

  subscribe.onSuccess = on_subscribe;
  subscribe.onFailure = on_subscribe_failure;
  if (MQTTAsync_subscribe (client, ack_topic, 1, &subscribe) != MQTTASYNC_SUCCESS)
    return 1;
  if (wait_for (&state.subscribed) < 0)
    {
      g_printerr ("bench-measures-paho: cannot subscribe to %s\n", ack_topic);
      return 1;
    }

  start = g_get_monotonic_time ();
  for (int i = 0; i < count; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *payload = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      int rc;

      value += (i % 2 == 0 ? 0.25 : -0.2);
      payload = g_strdup_printf ("{\"capabilityAlternateId\":\"%s\",\"sensorAlternateId\":\"%s\","
                                 "\"measures\":[{\"Temperature\":%s}],\"timestamp\":%" G_GINT64_FORMAT ","
                                 "\"measureMessageId\":\"%s\"}",
                                 capability, sensor, g_ascii_dtostr (number, sizeof number, value),
                                 g_get_real_time () / 1000, id);

      g_mutex_lock (&state.mutex);
      while (i - state.answered >= window)
        g_cond_wait (&state.cond, &state.mutex);
      g_mutex_unlock (&state.mutex);

      while ((rc = MQTTAsync_send (client, measures_topic, (int) strlen (payload), payload, 1, 0, NULL)) ==
             MQTTASYNC_MAX_BUFFERED_MESSAGES)
        g_usleep (100);
      if (rc != MQTTASYNC_SUCCESS)
        {
          g_printerr ("bench-measures-paho: cannot publish: %s\n", MQTTAsync_strerror (rc));
          return 1;
        }
    }

  /* Every answer, or none for 10 s. */
  g_mutex_lock (&state.mutex);
  while (state.answered < count)
    if (!g_cond_wait_until (&state.cond, &state.mutex, g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND))
      break;
  elapsed = state.last_answer - start;
  printf ("RESULT acknowledged %d\nRESULT accepted %d\nRESULT rate %.0f\n",
          state.answered, state.accepted, elapsed > 0 ? state.answered / (elapsed / (double) G_USEC_PER_SEC) : 0.0);
  if (getrusage (RUSAGE_SELF, &usage) == 0 && state.answered > 0)
    printf ("RESULT cpu_us_per_message %.2f\n",
            ((usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
             usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / state.answered);
  fflush (stdout);
  g_mutex_unlock (&state.mutex);

  disconnect.timeout = 1000;
  MQTTAsync_disconnect (client, &disconnect);
  g_usleep (100000);
  MQTTAsync_destroy (&client);

  return state.answered == count && state.accepted == count ? 0 : 1;
}

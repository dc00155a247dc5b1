/* bench-measures-paho.c: the baseline of the measures row of build-aux/bench
 *
 *   bench-measures-paho --uri ssl://H:P --ca CA --pem PEM --device D
 *                       --sensor S --capability C --count N --window W
 *
 * A bare Paho publisher in the device's place: connects with mutual TLS
 * (the device's certificate and encrypted key from PEM, its secret in
 * BENCH_SECRET: never on the command line), subscribes to ack/D, then
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
#include <sys/resource.h>

#include <glib.h>
#include <json-glib/json-glib.h>

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
  int count = 1000, window = 100;
  g_autofree char *uri = NULL, *ca = NULL, *pem = NULL, *device = NULL, *sensor = NULL, *capability = NULL;
  GOptionEntry entries[] = {
    { "uri", 0, 0, G_OPTION_ARG_STRING, &uri, "The broker (ssl://host:port)", "URI" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, "The broker's CA certificate", "FILE" },
    { "pem", 0, 0, G_OPTION_ARG_FILENAME, &pem, "The device's certificate and encrypted key", "FILE" },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, "The device's alternate id", "ID" },
    { "sensor", 0, 0, G_OPTION_ARG_STRING, &sensor, "The sensor's alternate id", "ID" },
    { "capability", 0, 0, G_OPTION_ARG_STRING, &capability, "The capability's alternate id", "ID" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Messages (1000)", "N" },
    { "window", 'w', 0, G_OPTION_ARG_INT, &window, "Messages unanswered at most (100)", "W" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *measures_topic = NULL, *ack_topic = NULL;
  MQTTAsync client;
  MQTTAsync_connectOptions options = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  MQTTAsync_responseOptions subscribe = MQTTAsync_responseOptions_initializer;
  MQTTAsync_disconnectOptions disconnect = MQTTAsync_disconnectOptions_initializer;
  const char *secret = g_getenv ("BENCH_SECRET");
  gint64 start, elapsed;
  double value = 21.5;
  struct rusage usage;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || uri == NULL || ca == NULL ||
      pem == NULL || device == NULL || sensor == NULL || capability == NULL || secret == NULL ||
      count <= 0 || window <= 0)
    {
      g_printerr ("%s\n", error ? error->message
                               : "usage: BENCH_SECRET=… bench-measures-paho --uri U --ca F --pem F "
                                 "--device D --sensor S --capability C [--count N] [--window W]");
      return 2;
    }

  g_mutex_init (&state.mutex);
  g_cond_init (&state.cond);
  measures_topic = g_strdup_printf ("measures/%s", device);
  ack_topic = g_strdup_printf ("ack/%s", device);

  if (MQTTAsync_create (&client, uri, device, MQTTCLIENT_PERSISTENCE_NONE, NULL) != MQTTASYNC_SUCCESS ||
      MQTTAsync_setCallbacks (client, NULL, on_connection_lost, on_message, NULL) != MQTTASYNC_SUCCESS)
    return 1;

  ssl.trustStore = ca;
  ssl.keyStore = pem;
  ssl.privateKeyPassword = secret;
  ssl.enableServerCertAuth = 1;
  ssl.sslVersion = MQTT_SSL_VERSION_TLS_1_2;
  options.ssl = &ssl;
  options.keepAliveInterval = 60;
  options.cleansession = 1;
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
      g_printerr ("bench-measures-paho: cannot connect to %s\n", uri);
      return 1;
    }

  subscribe.onSuccess = on_subscribe;
  subscribe.onFailure = on_subscribe_failure;
  if (MQTTAsync_subscribe (client, ack_topic, 1, &subscribe) != MQTTASYNC_SUCCESS)
    return 1;
  g_mutex_lock (&state.mutex);
  while (state.subscribed == 0)
    g_cond_wait (&state.cond, &state.mutex);
  g_mutex_unlock (&state.mutex);
  if (state.subscribed < 0)
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

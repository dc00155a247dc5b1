/* bench-measures.c: Herald's side of the measures row of build-aux/bench
 *
 * Herald's own path, as Send Measures' "Keep sending" takes it, without the
 * timer: a HeraldConnection (its HeraldMqttSession connected as the device
 * with mutual TLS, its History) and the HeraldMeasureSender on it; a
 * random-walk HeraldValueGenerator makes each value, a HeraldCommandBuilder
 * types it by the capability, the sender publishes it with a fresh
 * measureMessageId on measures/<device> and matches the gateway's answers
 * on ack/<device>. As fast as the gateway answers, with at most
 * BENCH_WINDOW messages unanswered at a time (the baseline's rule).
 *
 * Environment: BENCH_MQTT, BENCH_CA, BENCH_PEM, BENCH_SECRET,
 * BENCH_DEVICE_ALT, BENCH_SENSOR_ALT, BENCH_CAPABILITY (the capability as
 * the API answered it), BENCH_COUNT, BENCH_WINDOW. Prints "RESULT
 * acknowledged N", "RESULT accepted N", "RESULT rate R" (answers per second
 * from the first message sent to the last answer), "RESULT history N" (the
 * connection's History entries) and "RESULT cpu_us_per_message".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-device.h"
#include "bench-env.h"
#include "herald-capability.h"
#include "herald-connection.h"
#include "herald-measure-sender.h"
#include "herald-property.h"
#include "herald-value-generator.h"

typedef struct
{
  GMainLoop            *loop;
  HeraldConnection     *connection;
  HeraldMeasureSender  *sender;
  HeraldCapability     *capability;
  HeraldProperty       *property;
  HeraldValueGenerator *generator;
  HeraldCommandBuilder *values;
  guint                 count;
  guint                 window;
  guint                 sent;
  guint                 answered;
  guint                 accepted;
  gint64                start;
  gint64                last_answer;
  guint                 send_source;
  guint                 timeout_source;
  int                   status;
} Bench;

static void
fail (Bench      *bench,
      const char *what,
      const char *message)
{
  g_printerr ("bench-measures: %s: %s\n", what, message);
  bench->status = 1;
  g_main_loop_quit (bench->loop);
}

static gboolean send_some (gpointer data);

static void
ack_cb (HeraldSentMeasure *sent,
        GParamSpec        *pspec,
        Bench             *bench)
{
  HeraldAck *ack = herald_sent_measure_get_ack (sent);

  if (ack == NULL)
    return;
  bench->answered++;
  bench->accepted += herald_ack_get_accepted (ack);
  bench->last_answer = g_get_monotonic_time ();
  if (bench->answered == bench->count)
    g_main_loop_quit (bench->loop);
  else if (bench->send_source == 0 && bench->sent < bench->count)
    bench->send_source = g_idle_add (send_some, bench);
}

/* Sends until the window is full; the answers start it again. */
static gboolean
send_some (gpointer data)
{
  Bench *bench = data;
  const char *name = herald_property_get_name (bench->property);

  while (bench->sent < bench->count && bench->sent - bench->answered < bench->window)
    {
      g_autoptr(GError) error = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      HeraldSentMeasure *sent;

      herald_command_builder_clear (bench->values);
      g_ascii_dtostr (number, sizeof number, herald_value_generator_next (bench->generator));
      if (!herald_command_builder_add_value (bench->values, name, herald_property_get_data_type (bench->property),
                                             number, &error) ||
          (sent = herald_measure_sender_send (bench->sender, bench_env ("BENCH_SENSOR_ALT"), bench->capability,
                                              bench->values, &error)) == NULL)
        {
          fail (bench, "send", error->message);
          break;
        }
      if (bench->sent++ == 0)
        bench->start = g_get_monotonic_time ();
      g_signal_connect (sent, "notify::ack", G_CALLBACK (ack_cb), bench);
    }

  bench->send_source = 0;
  return G_SOURCE_REMOVE;
}

static void
connected_cb (HeraldMqttSession *session,
              gboolean           session_present,
              Bench             *bench)
{
  if (bench->send_source == 0 && bench->sent == 0)
    bench->send_source = g_idle_add (send_some, bench);
}

static void
error_cb (HeraldMqttSession *session,
          const GError      *error,
          Bench             *bench)
{
  fail (bench, "MQTT session", error->message);
}

static gboolean
timeout_cb (gpointer data)
{
  Bench *bench = data;

  bench->timeout_source = 0;
  g_main_loop_quit (bench->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  HeraldMqttSession *session;
  Bench bench = { 0 };
  struct rusage usage;

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.count = atoi (bench_env ("BENCH_COUNT"));
  bench.window = MAX (atoi (bench_env ("BENCH_WINDOW")), 1);

  bench.capability = herald_entity_new_from_string (HERALD_TYPE_CAPABILITY, bench_env ("BENCH_CAPABILITY"), &error);
  if (bench.capability == NULL ||
      g_list_model_get_n_items (herald_capability_get_properties (bench.capability)) == 0)
    {
      g_printerr ("bench-measures: capability: %s\n", error ? error->message : "no properties");
      return 1;
    }
  bench.property = g_list_model_get_item (herald_capability_get_properties (bench.capability), 0);
  bench.generator = herald_value_generator_new (HERALD_VALUE_GENERATOR_RANDOM_WALK, 15.0, 30.0, 0.5);
  herald_value_generator_set_seed (bench.generator, 42);
  bench.values = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);

  bench.connection = herald_connection_new ("bench");
  session = herald_connection_get_session (bench.connection);
  if (!bench_device_configure (session, &error))
    {
      g_printerr ("bench-measures: key store: %s\n", error->message);
      return 1;
    }
  herald_connection_set_device_alternate_id (bench.connection, bench_env ("BENCH_DEVICE_ALT"));
  /* At least what the workspace keeps listed (200). */
  bench.sender = herald_measure_sender_new (bench.connection, MAX (200, bench.window));
  g_signal_connect (session, "connected", G_CALLBACK (connected_cb), &bench);
  g_signal_connect (session, "error", G_CALLBACK (error_cb), &bench);

  herald_mqtt_session_connect (session);
  /* Every answer, or stop when none came for a while. */
  bench.timeout_source = g_timeout_add_seconds (MAX (30, bench.count / 200), timeout_cb, &bench);
  g_main_loop_run (bench.loop);

  if (bench.status == 0)
    {
      gint64 elapsed = bench.last_answer - bench.start;

      printf ("RESULT acknowledged %u\nRESULT accepted %u\nRESULT rate %.0f\nRESULT history %u\n",
              bench.answered, bench.accepted,
              elapsed > 0 ? bench.answered / (elapsed / (double) G_USEC_PER_SEC) : 0.0,
              g_list_model_get_n_items (G_LIST_MODEL (herald_connection_get_history (bench.connection))));
      if (getrusage (RUSAGE_SELF, &usage) == 0 && bench.answered > 0)
        printf ("RESULT cpu_us_per_message %.2f\n",
                ((usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
                 usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / bench.answered);
      fflush (stdout);
    }

  g_clear_handle_id (&bench.timeout_source, g_source_remove);
  g_clear_handle_id (&bench.send_source, g_source_remove);
  herald_mqtt_session_disconnect (session);
  g_object_unref (bench.sender);
  g_object_unref (bench.connection);
  g_object_unref (bench.values);
  g_object_unref (bench.generator);
  g_object_unref (bench.property);
  g_object_unref (bench.capability);
  g_main_loop_unref (bench.loop);

  return bench.status ? bench.status : (bench.answered == bench.count && bench.accepted == bench.count ? 0 : 1);
}

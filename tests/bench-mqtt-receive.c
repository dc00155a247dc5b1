/* bench-mqtt-receive.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How fast HeraldMqttSession's receive path takes messages: a real
 * mosquitto (TLS, max_queued_messages 0), `mosquitto_pub -l` publishing N
 * messages of 200 bytes at QoS 0 as fast as it can, and one session
 * subscribed to them. Prints messages per second as the session received
 * them, the number of batches and the largest one.
 *
 *   meson test -C _build --benchmark bench-mqtt-receive
 *   _build/tests/bench-mqtt-receive [N]
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "herald-keystore.h"
#include "herald-mqtt-session.h"
#include "herald-test-broker.h"

typedef struct
{
  guint n;
  guint received;
  guint batches;
  guint largest;
  gint64 first;
  gint64 last;
  gboolean subscribed;
  gboolean connected;
  gboolean bad;
} Stats;

static void
on_messages (HeraldMqttSession *session, GPtrArray *batch, Stats *s)
{
  if (s->received == 0)
    s->first = g_get_monotonic_time ();
  for (guint i = 0; i < batch->len; i++)
    if (g_bytes_get_size (herald_message_get_payload (batch->pdata[i])) != 200)
      s->bad = TRUE;
  s->received += batch->len;
  s->batches++;
  s->largest = MAX (s->largest, batch->len);
  s->last = g_get_monotonic_time ();
}

static void
on_connected (HeraldMqttSession *session, gboolean present, Stats *s)
{
  s->connected = TRUE;
}

static void
on_subscribed (HeraldMqttSession *session, const char *topic, guint qos, Stats *s)
{
  s->subscribed = TRUE;
}

static void
on_error (HeraldMqttSession *session, GError *error, Stats *s)
{
  g_printerr ("error: %s\n", error->message);
  exit (1);
}

static void
sub_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(gint64 *) user_data = g_get_monotonic_time ();
}

int
main (int argc, char *argv[])
{
  g_autoptr(HeraldTestBroker) broker = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;
  g_autoptr(HeraldMqttSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) pub = NULL;
  g_autoptr(GSubprocess) sub = NULL;
  g_autofree char *count = NULL;
  gint64 start, sub_end = 0;
  g_autoptr(GString) input = NULL;
  g_autoptr(GBytes) stdin_bytes = NULL;
  g_autofree char *pem = NULL, *uri = NULL, *port = NULL, *cert = NULL, *key = NULL;
  HeraldTestPki *pki;
  Stats s = { 0 };
  gint64 deadline;
  double seconds;

  s.n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;

  broker = herald_test_broker_new (NULL);
  if (!herald_test_broker_start (broker, &error))
    g_error ("%s", error->message);
  pki = herald_test_broker_get_pki (broker);
  pem = herald_test_pki_issue_answer (pki, "benchdevice", "secret");
  ks = herald_keystore_new_from_answer (pem, NULL, "secret", &error);
  g_assert_no_error (error);

  uri = herald_test_broker_get_uri (broker);
  session = g_object_new (HERALD_TYPE_MQTT_SESSION,
                          "server-uri", uri, "client-id", "benchdevice", "keystore", ks,
                          "trust", HERALD_MQTT_TRUST_CA_FILE,
                          "ca-file", herald_test_pki_get_ca_file (pki), NULL);
  g_signal_connect (session, "messages-received", G_CALLBACK (on_messages), &s);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), &s);
  g_signal_connect (session, "subscribed", G_CALLBACK (on_subscribed), &s);
  g_signal_connect (session, "error", G_CALLBACK (on_error), &s);
  herald_mqtt_session_connect (session);
  while (!s.connected)
    g_main_context_iteration (NULL, TRUE);
  herald_mqtt_session_subscribe (session, "test/benchdevice/#", 0, &error);
  g_assert_no_error (error);
  while (!s.subscribed)
    g_main_context_iteration (NULL, TRUE);

  /* N lines of 200 characters; -l sends each line without its newline. */
  input = g_string_sized_new ((gsize) s.n * 201);
  for (guint i = 0; i < s.n; i++)
    {
      g_string_append_printf (input, "%010u", i);
      for (guint j = 10; j < 200; j++)
        g_string_append_c (input, 'a' + (j % 26));
      g_string_append_c (input, '\n');
    }
  stdin_bytes = g_string_free_to_bytes (g_steal_pointer (&input));

  port = g_strdup_printf ("%u", herald_test_broker_get_port (broker));
  cert = herald_test_pki_path (pki, "admin.crt");
  key = herald_test_pki_path (pki, "admin.key");
  /* mosquitto_sub receives the same messages, as the yardstick. */
  count = g_strdup_printf ("%u", s.n);
  sub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                          "mosquitto_sub", "-h", "localhost", "-p", port,
                          "--cafile", herald_test_pki_get_ca_file (pki),
                          "--cert", cert, "--key", key, "-q", "0",
                          "-t", "test/benchdevice/#", "-C", count, NULL);
  g_assert_no_error (error);
  g_usleep (500 * 1000);

  start = g_get_monotonic_time ();
  pub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                          "mosquitto_pub", "-h", "localhost", "-p", port,
                          "--cafile", herald_test_pki_get_ca_file (pki),
                          "--cert", cert, "--key", key, "-q", "0",
                          "-t", "test/benchdevice/bench", "-l", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (pub, stdin_bytes, NULL, NULL, NULL);
  g_subprocess_wait_async (sub, NULL, sub_done, &sub_end);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (s.received < s.n && g_get_monotonic_time () < deadline)
    {
      /* Stop waiting 3 s after the last message if some never come. */
      if (s.received > 0 && g_get_monotonic_time () - s.last > 3 * G_USEC_PER_SEC)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  while (sub_end == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  printf ("from the start of publishing: Herald had all after %.3f s, mosquitto_sub after %.3f s\n",
          (s.last - start) / (double) G_USEC_PER_SEC, (sub_end - start) / (double) G_USEC_PER_SEC);
  seconds = (s.last - s.first) / (double) G_USEC_PER_SEC;
  printf ("received %u of %u messages of 200 bytes in %.3f s: %.0f msg/s; %u batches, largest %u%s\n",
          s.received, s.n, seconds, seconds > 0 ? s.received / seconds : 0.0,
          s.batches, s.largest, s.bad ? " (WRONG PAYLOAD SIZE)" : "");

  herald_mqtt_session_disconnect (session);
  g_subprocess_wait (pub, NULL, NULL);

  return s.received == s.n && !s.bad ? 0 : 1;
}

/* herald-will-client.c: a process that connects with a last will and waits
 *
 *   herald-will-client URI CA-FILE ANSWER-FILE SECRET CLIENT-ID WILL-TOPIC
 *                      WILL-PAYLOAD KEEP-ALIVE [--disconnect | --disconnect-then-quit]
 *
 * A HeraldMqttSession as Herald makes one: the device's certificate from
 * the service's PEM answer and its secret (test values, not a user's), the
 * test CA as trust, a last will (QoS 1). Prints "connected" once the broker
 * accepted it, then waits to be killed; with --disconnect it ends its
 * session after a second as Herald does when it quits, and exits, so that
 * no will may come; with --disconnect-then-quit it disconnects as the
 * Disconnect button does and quits right after, which must not bring a
 * will either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald-keystore.h"
#include "herald-mqtt-session.h"

static gboolean disconnect_after;
static gboolean disconnect_first;
static GMainLoop *loop;

static HeraldMqttSession *session;

/* Ends as Herald does when it quits: the session finalized, which sends
 * DISCONNECT and waits for it (exiting before would end the connection
 * without it, and the broker would publish the will). */
static gboolean
disconnect_cb (gpointer data)
{
  if (disconnect_first)
    herald_mqtt_session_disconnect (session);
  g_clear_object (&session);
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
connected_cb (HeraldMqttSession *session,
              gboolean           session_present,
              gpointer           data)
{
  printf ("connected\n");
  fflush (stdout);
  if (disconnect_after)
    g_timeout_add (1000, disconnect_cb, NULL);
}

static void
error_cb (HeraldMqttSession *session,
          const GError      *error,
          gpointer           data)
{
  fprintf (stderr, "herald-will-client: %s\n", error->message);
  exit (1);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *answer = NULL;

  if (argc < 9)
    {
      fprintf (stderr, "usage: herald-will-client URI CA-FILE ANSWER-FILE SECRET CLIENT-ID "
                       "WILL-TOPIC WILL-PAYLOAD KEEP-ALIVE [--disconnect | --disconnect-then-quit]\n");
      return 2;
    }
  disconnect_first = argc > 9 && g_str_equal (argv[9], "--disconnect-then-quit");
  disconnect_after = disconnect_first || (argc > 9 && g_str_equal (argv[9], "--disconnect"));

  if (!g_file_get_contents (argv[3], &answer, NULL, &error) ||
      (keystore = herald_keystore_new_from_answer (answer, NULL, argv[4], &error)) == NULL)
    {
      fprintf (stderr, "herald-will-client: %s\n", error->message);
      return 1;
    }

  session = g_object_new (HERALD_TYPE_MQTT_SESSION,
                          "server-uri", argv[1],
                          "client-id", argv[5],
                          "keystore", keystore,
                          "trust", HERALD_MQTT_TRUST_CA_FILE,
                          "ca-file", argv[2],
                          "keep-alive", (guint) atoi (argv[8]),
                          NULL);
  payload = g_bytes_new (argv[7], strlen (argv[7]));
  if (!herald_mqtt_session_set_will (session, argv[6], payload, 1, FALSE, &error))
    {
      fprintf (stderr, "herald-will-client: %s\n", error->message);
      return 1;
    }
  g_signal_connect (session, "connected", G_CALLBACK (connected_cb), NULL);
  g_signal_connect (session, "error", G_CALLBACK (error_cb), NULL);

  loop = g_main_loop_new (NULL, FALSE);
  herald_mqtt_session_connect (session);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);
  g_clear_object (&session);
  return 0;
}

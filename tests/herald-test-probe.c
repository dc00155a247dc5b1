/* herald-test-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-test-probe.h"


static void
on_messages (HeraldMqttSession *session, GPtrArray *batch, Probe *p)
{
  g_assert_true (g_thread_self () == p->thread);
  g_assert_cmpuint (batch->len, >, 0);
  p->n_batches++;
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (p->messages, herald_message_ref (batch->pdata[i]));
}

static void
on_connected (HeraldMqttSession *session, gboolean present, Probe *p)
{
  g_assert_true (g_thread_self () == p->thread);
  p->n_connected++;
  p->session_present = present;
}

static void
on_lost (HeraldMqttSession *session, GError *error, Probe *p)
{
  g_assert_true (g_thread_self () == p->thread);
  g_assert_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_CONNECTION_LOST);
  p->n_lost++;
  g_free (p->last_loss);
  p->last_loss = g_strdup (error->message);
}

static void
on_subscribed (HeraldMqttSession *session, const char *topic, guint qos, Probe *p)
{
  g_assert_true (g_thread_self () == p->thread);
  p->n_subscribed++;
}

static void
on_unsubscribed (HeraldMqttSession *session, const char *topic, Probe *p)
{
  p->n_unsubscribed++;
}

static void
on_published (HeraldMqttSession *session, const char *topic, guint qos, Probe *p)
{
  g_assert_true (g_thread_self () == p->thread);
  p->n_published++;
}

static void
on_error (HeraldMqttSession *session, GError *error, Probe *p)
{
  g_assert_true (g_thread_self () == p->thread);
  g_test_message ("error: %s", error->message);
  g_ptr_array_add (p->errors, g_error_copy (error));
}


/* A listener of the state finds why it failed or was lost already there. */
static void
on_state (HeraldMqttSession *session,
          GParamSpec        *pspec,
          Probe             *p)
{
  HeraldMqttState state = herald_mqtt_session_get_state (session);

  if ((state == HERALD_MQTT_STATE_FAILED || state == HERALD_MQTT_STATE_RECONNECTING) &&
      herald_mqtt_session_get_last_error (session) == NULL)
    p->n_unexplained++;
}

/**
 * probe_new_for:
 * @keystore: (nullable): the client certificate, or %NULL
 * @ca_file: (nullable): the CA to trust, or %NULL for the system's
 *
 * A session to @uri that records what it says; quick to reconnect.
 */
Probe *
probe_new_for (const char     *uri,
               const char     *client_id,
               HeraldKeystore *keystore,
               const char     *ca_file)
{
  Probe *p = g_new0 (Probe, 1);

  p->thread = g_thread_self ();
  p->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
  p->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  p->session = g_object_new (HERALD_TYPE_MQTT_SESSION,
                             "server-uri", uri,
                             "client-id", client_id,
                             "keystore", keystore,
                             "trust", ca_file != NULL ? HERALD_MQTT_TRUST_CA_FILE : HERALD_MQTT_TRUST_SYSTEM,
                             "ca-file", ca_file,
                             "connect-timeout", 20,
                             "reconnect-min-delay", 50,
                             "reconnect-max-delay", 400,
                             NULL);
  g_signal_connect (p->session, "messages-received", G_CALLBACK (on_messages), p);
  g_signal_connect (p->session, "connected", G_CALLBACK (on_connected), p);
  g_signal_connect (p->session, "connection-lost", G_CALLBACK (on_lost), p);
  g_signal_connect (p->session, "subscribed", G_CALLBACK (on_subscribed), p);
  g_signal_connect (p->session, "unsubscribed", G_CALLBACK (on_unsubscribed), p);
  g_signal_connect (p->session, "published", G_CALLBACK (on_published), p);
  g_signal_connect (p->session, "error", G_CALLBACK (on_error), p);
  g_signal_connect (p->session, "notify::state", G_CALLBACK (on_state), p);

  return p;
}

void
probe_free (Probe *p)
{
  g_assert_cmpuint (p->n_unexplained, ==, 0);
  g_assert_finalize_object (p->session);
  g_ptr_array_unref (p->messages);
  g_ptr_array_unref (p->errors);
  g_free (p->last_loss);
  g_free (p);
}

gboolean
probe_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}


void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, probe_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
connect_and_wait (Probe *p)
{
  guint n = p->n_connected;

  herald_mqtt_session_connect (p->session);
  WAIT_UNTIL (p->n_connected > n || p->errors->len > 0, 20);
  g_assert_cmpuint (p->errors->len, ==, 0);
  g_assert_cmpint (herald_mqtt_session_get_state (p->session), ==, HERALD_MQTT_STATE_CONNECTED);
}

void
subscribe_and_wait (Probe *p, const char *topic, guint qos)
{
  g_autoptr(GError) error = NULL;
  guint n = p->n_subscribed;

  g_assert_true (herald_mqtt_session_subscribe (p->session, topic, qos, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (p->n_subscribed > n || p->errors->len > 0, 10);
  g_assert_cmpuint (p->errors->len, ==, 0);
}

void
publish (Probe *p, const char *topic, const char *text, guint qos)
{
  g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  herald_mqtt_session_publish (p->session, topic, payload, qos, FALSE, &error);
  g_assert_no_error (error);
}

gboolean
has_payload (Probe *p, const char *topic, const char *text)
{
  for (guint i = 0; i < p->messages->len; i++)
    {
      HeraldMessage *m = p->messages->pdata[i];
      gsize len;
      const char *data = g_bytes_get_data (herald_message_get_payload (m), &len);

      if (g_str_equal (herald_message_get_topic (m), topic) &&
          len == strlen (text) && memcmp (data, text, len) == 0)
        return TRUE;
    }

  return FALSE;
}

const GError *
last_error (Probe *p)
{
  return p->errors->len > 0 ? p->errors->pdata[p->errors->len - 1] : NULL;
}

/**
 * probe_start_will_client:
 * @ending: (nullable): how the client ends: "--disconnect" (its session
 *   ends cleanly a second after connecting, and it exits) or
 *   "--disconnect-then-quit" (disconnected as by the Disconnect button, then
 *   it exits at once); %NULL waits to be killed
 *
 * Starts herald-will-client (HERALD_WILL_CLIENT, which meson sets), a
 * process with a session to @uri as the device of the service's PEM
 * @answer, with a last will (QoS 1) on @will_topic; waits for its
 * "connected". Its key files go where this process's sessions put theirs.
 *
 * Returns: its pid, to kill and reap
 */
GPid
probe_start_will_client (const char *uri,
                         const char *ca_file,
                         const char *answer,
                         const char *secret,
                         const char *client_id,
                         const char *will_topic,
                         const char *will_payload,
                         guint       keep_alive,
                         const char *ending)
{
  g_autofree char *keep = g_strdup_printf ("%u", keep_alive);
  const char *argv[] = { g_getenv ("HERALD_WILL_CLIENT"), uri, ca_file, answer, secret, client_id,
                         will_topic, will_payload, keep, ending, NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out = NULL;
  g_autofree char *line = NULL;
  GPid pid;
  int out_fd;

  if (argv[0] == NULL)
    g_error ("HERALD_WILL_CLIENT is not set: run the test through meson");
  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  /* Blocks until the line comes; the client exits with an error otherwise,
   * which ends the line with nothing. */
  g_io_channel_read_line (out, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "connected\n");
  return pid;
}

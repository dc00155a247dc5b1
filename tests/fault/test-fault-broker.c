/* test-fault-broker.c: 100 broker restarts under a live window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real HeraldWindow, connected through its Connect page as a device
 * (client certificate, the test CA as trust, clean session off, QoS 1
 * subscription to commands/<device>) to a real mosquitto that keeps
 * sessions across restarts. The broker is restarted 100 times by its pid
 * (SIGTERM, start on the same port). In each round:
 *
 *  - five QoS 1 messages are published right after the broker is back,
 *    while the window is (most likely) still waiting to reconnect: only
 *    the persistent session can bring them;
 *  - the window's history must show the connection lost, connected again
 *    and the subscription restored;
 *  - five more QoS 1 messages are published once it is back;
 *  - all ten must arrive in the history (none lost).
 *
 * A 1 ms probe on the main loop measures its longest stall while this goes
 * on; it is printed (`# longest stall: N ms`), with the reconnect times and
 * the duration, as figures rather than judged.
 *
 * With the session's defaults a reconnect takes about 2.1 s: its own first
 * retry comes 1 s after the loss (reconnect-min-delay, then doubling up to
 * 30 s; Paho's automatic reconnect is off), and Paho takes about 1 s more
 * from the retry to the CONNACK, even when the retry comes after 100 ms
 * (its receive thread waits up to 1 s in each cycle, 10 ms only in its
 * first, so the first connect is quick and a reconnect is not).
 * So that 100 rounds fit in about three minutes, the first 10 rounds keep
 * the default and the other 90 retry after 100 ms; both sets of reconnect
 * times are printed.
 *
 * The broker is restarted and the messages are published (mosquitto_pub,
 * as the `admin` identity) by a helper process (this test run again as
 * `--restarter`), so that the main loop measured is the window's own, not
 * the test's waiting or forking.
 */

#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "herald-test-broker.h"
#include "herald-test-gtk.h"

#include "herald-window.h"

/* HERALD_FAULT_ROUNDS=N runs fewer (or more) rounds, by hand. */
static guint rounds = 100;
#define PER_BATCH 5
/* The first rounds keep the session's reconnect back-off as it is (first
 * retry 1 s after the loss); the others retry after 100 ms. */
#define DEFAULT_DELAY_ROUNDS 10
#define FAST_FIRST_RETRY_MS 100
#define DEVICE "fault-device"
#define SECRET "s3cret-device"

/* HERALD_FAULT_TRACE=1: each round's timeline, from this origin. */
static gint64 trace_origin;

/* --- The restarter: a process of its own ------------------------------ */

/* The broker is restarted and the messages published by this test binary
 * run again as `--restarter`, started before the window: fork()ing the
 * window's big process (for mosquitto, mosquitto_pub) would stall its
 * main loop while the kernel copies its page tables, and the test would
 * measure itself. One command a line on its stdin, one answer a line:
 *
 *   start           → ok PORT DIR      (DIR: the CA, the device's answer)
 *   restart ROUND   → ok UP PUBLISHED  (monotonic µs: the broker listens
 *                                       again; five messages "ROUND away" taken)
 *   publish ROUND   → ok 0 PUBLISHED   (five messages "ROUND back" taken)
 *   quit
 *
 * or `error TEXT`. Both processes read the same monotonic clock. */

static gboolean
publish (HeraldTestBroker  *broker,
         guint              round,
         const char        *tag,
         GError           **error)
{
  HeraldTestPki *pki = herald_test_broker_get_pki (broker);
  g_autofree char *port = g_strdup_printf ("%u", herald_test_broker_get_port (broker));
  g_autofree char *cert = herald_test_pki_path (pki, "admin.crt");
  g_autofree char *key = herald_test_pki_path (pki, "admin.key");
  g_autofree char *client_id = g_strdup_printf ("fault-publisher-%u-%s", round, tag);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  for (guint i = 0; i < PER_BATCH; i++)
    g_string_append_printf (lines, "round %u %s %u\n", round, tag, i);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_MERGE, error,
                              "mosquitto_pub", "-h", "localhost", "-p", port,
                              "--cafile", herald_test_pki_get_ca_file (pki),
                              "--cert", cert, "--key", key, "-i", client_id,
                              "-q", "1", "-t", "commands/" DEVICE, "-l", NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, lines->str, NULL, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "mosquitto_pub failed: %s", output);
      return FALSE;
    }
  return TRUE;
}

static int
run_restarter (void)
{
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 365, .persistence = TRUE };
  g_autoptr(HeraldTestBroker) broker = NULL;
  char line[256];

  /* The broker dies with this process (herald-test-broker.c), and this
   * process with the test. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  setvbuf (stdout, NULL, _IOLBF, 0);

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autoptr(GError) error = NULL;
      guint round = 0;
      gint64 up = 0;

      if (g_str_has_prefix (line, "quit"))
        break;

      if (g_str_has_prefix (line, "start"))
        {
          g_autofree char *pem = NULL;

          broker = herald_test_broker_new (&options);
          if (herald_test_broker_start (broker, &error))
            {
              /* Leaves DEVICE-answer.pem in the broker's directory. */
              pem = herald_test_pki_issue_answer (herald_test_broker_get_pki (broker), DEVICE, SECRET);
              printf ("ok %u %s\n", herald_test_broker_get_port (broker), herald_test_broker_get_dir (broker));
              continue;
            }
        }
      else if (sscanf (line, "restart %u", &round) == 1)
        {
          if (herald_test_broker_restart (broker, &error))
            {
              up = g_get_monotonic_time ();
              if (publish (broker, round, "away", &error))
                {
                  printf ("ok %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", up, g_get_monotonic_time ());
                  continue;
                }
            }
        }
      else if (sscanf (line, "publish %u", &round) == 1)
        {
          if (publish (broker, round, "back", &error))
            {
              printf ("ok 0 %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
              continue;
            }
        }
      else
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown command: %s", line);

      printf ("error %s\n", error != NULL ? error->message : "?");
    }

  return 0;
}

typedef struct
{
  GSubprocess      *process;
  GOutputStream    *in;
  GDataInputStream *out;
  char             *answer;
  gint64            asked_at;       /* monotonic, when the restart was asked */
  gint64            broker_up_at;   /* monotonic, when it listened again */
  gint64            published_at;   /* monotonic, when mosquitto_pub ended */
} Restarter;

static void
answer_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Restarter *restarter = data;
  g_autoptr(GError) error = NULL;

  restarter->answer = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restarter->answer);
}

/* Sends a command and runs the main loop until the answer. Returns the
 * answer's words after "ok". */
static GStrv
restarter_run (Restarter  *restarter,
               const char *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  if (g_str_has_prefix (command, "restart"))
    restarter->asked_at = trace_origin = g_get_monotonic_time ();
  g_output_stream_write_all (restarter->in, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_data_input_stream_read_line_async (restarter->out, G_PRIORITY_DEFAULT, NULL, answer_cb, restarter);
  herald_test_iterate_until (restarter->answer != NULL, 30);
  answer = g_steal_pointer (&restarter->answer);
  if (!g_str_has_prefix (answer, "ok "))
    g_error ("%s: %s", command, answer);

  return g_strsplit (answer + 3, " ", -1);
}

static void
restarter_start (Restarter *restarter)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  g_assert_nonnull (self);
  restarter->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                         &error, self, "--restarter", NULL);
  g_assert_no_error (error);
  restarter->in = g_subprocess_get_stdin_pipe (restarter->process);
  restarter->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (restarter->process));
}

static void
restarter_quit (Restarter *restarter)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (restarter->in, "quit\n", 5, NULL, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (restarter->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&restarter->out);
  g_clear_object (&restarter->process);
}

/* --- What the window shows -------------------------------------------- */

typedef struct
{
  GHashTable *received;           /* payload → times received */
  guint       connected;
  guint       subscribed;
  guint       lost;
  gint64      connected_at;
  gint64      lost_at;

  /* The main loop probe. */
  gboolean    probing;
  gint64      probe_last;
  gint64      probe_last_cpu;
  gint64      longest_stall;
  gint64      longest_stall_cpu;   /* the main thread's CPU time in it */
  guint       longest_stall_round;
  guint       stalls_over_50ms;
  guint       round;
} Watch;

static void
history_changed_cb (GListModel *history,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Watch      *watch)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (history, i);
      GBytes *payload;

      switch (herald_history_item_get_event (item))
        {
        case HERALD_HISTORY_EVENT_RECEIVED:
          payload = herald_history_item_get_payload (item);
          if (g_strcmp0 (herald_history_item_get_topic (item), "commands/" DEVICE) == 0 && payload != NULL)
            {
              char *text = g_strndup (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));

              g_assert_cmpuint (herald_history_item_get_qos (item), ==, 1);
              g_hash_table_insert (watch->received, text,
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (watch->received, text)) + 1));
            }
          break;
        case HERALD_HISTORY_EVENT_CONNECTED:
          watch->connected++;
          watch->connected_at = g_get_monotonic_time ();
          break;
        case HERALD_HISTORY_EVENT_SUBSCRIBED:
          if (g_strcmp0 (herald_history_item_get_topic (item), "commands/" DEVICE) == 0)
            {
              g_assert_cmpuint (herald_history_item_get_qos (item), ==, 1);
              watch->subscribed++;
            }
          break;
        case HERALD_HISTORY_EVENT_CONNECTION_LOST:
          watch->lost++;
          watch->lost_at = g_get_monotonic_time ();
          break;
        case HERALD_HISTORY_EVENT_FAILED:
          g_error ("the window reports a failure: %s", herald_history_item_get_preview (item));
          break;
        default:
          break;
        }
    }
}

static void
trace_state_cb (HeraldMqttSession *session)
{
  if (g_getenv ("HERALD_FAULT_TRACE"))
    g_test_message ("  state %d at %.0f ms", herald_mqtt_session_get_state (session),
                    (g_get_monotonic_time () - trace_origin) / 1000.0);
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* A gap between two runs of this 1 ms timeout is a stall of the main loop;
 * the main thread's CPU time in it tells the window's own work on the main
 * thread from waiting (for another process, or for the renderer's
 * threads). */
static gboolean
probe_cb (gpointer data)
{
  Watch *watch = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (watch->probing && now - watch->probe_last > watch->longest_stall)
    {
      watch->longest_stall = now - watch->probe_last;
      watch->longest_stall_cpu = cpu - watch->probe_last_cpu;
      watch->longest_stall_round = watch->round;
    }
  if (watch->probing && now - watch->probe_last > 50 * 1000)
    {
      watch->stalls_over_50ms++;
      if (g_getenv ("HERALD_FAULT_TRACE"))
        g_test_message ("  stall of %.0f ms at %.0f ms, main thread CPU %.0f ms", (now - watch->probe_last) / 1000.0,
                        (now - trace_origin) / 1000.0, (cpu - watch->probe_last_cpu) / 1000.0);
    }
  watch->probe_last = now;
  watch->probe_last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static gboolean
round_received (Watch *watch,
                guint  round)
{
  static const char * const tags[] = { "away", "back" };

  for (guint t = 0; t < G_N_ELEMENTS (tags); t++)
    for (guint i = 0; i < PER_BATCH; i++)
      {
        g_autofree char *text = g_strdup_printf ("round %u %s %u", round, tags[t], i);

        if (!g_hash_table_contains (watch->received, text))
          return FALSE;
      }
  return TRUE;
}

static GtkWidget *
connect_child (HeraldWindow *window,
               const char   *name)
{
  GtkWidget *page = herald_window_get_page (window, HERALD_STEP_CONNECT);
  GObject *child = gtk_widget_get_template_child (page, G_OBJECT_TYPE (page), name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
print_reconnects (const char *label,
                  GArray     *times)
{
  if (times->len == 0)
    return;
  g_array_sort (times, compare_gint64);
  g_test_message ("reconnect, connection lost to connected, %s: min %.0f ms, median %.0f ms, max %.0f ms (%u)",
                  label, g_array_index (times, gint64, 0) / 1000.0,
                  g_array_index (times, gint64, times->len / 2) / 1000.0,
                  g_array_index (times, gint64, times->len - 1) / 1000.0, times->len);
}

static void
test_broker_restarts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GArray) reconnects_default = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reconnects_fast = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *pem = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *answer_file = NULL;
  g_auto(GStrv) started_answer = NULL;
  Restarter restarter = { 0 };
  Watch watch = { 0 };
  HeraldWindow *window;
  HeraldWorkspace *workspace;
  HeraldMqttSession *session;
  GListModel *history;
  GtkWidget *connect_page;
  guint probe;
  guint away_before_reconnect = 0;
  guint duplicates = 0;
  gint64 started;
  double duration;

  restarter_start (&restarter);
  started_answer = restarter_run (&restarter, "start");
  uri = g_strdup_printf ("ssl://localhost:%s", started_answer[0]);
  ca_file = g_build_filename (started_answer[1], "ca.pem", NULL);
  answer_file = g_build_filename (started_answer[1], DEVICE "-answer.pem", NULL);

  /* The device's key store, as the service's `pem` answer gives it. */
  g_file_get_contents (answer_file, &pem, NULL, &error);
  g_assert_no_error (error);
  keystore = herald_keystore_new_from_pem (pem, -1, SECRET, &error);
  g_assert_no_error (error);

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  workspace = herald_window_get_workspace (window);
  session = herald_workspace_get_session (workspace);
  history = G_LIST_MODEL (herald_workspace_get_history (workspace));
  watch.received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (history, "items-changed", G_CALLBACK (history_changed_cb), &watch);
  herald_workspace_set_keystore (workspace, keystore, NULL);
  g_signal_connect (session, "notify::state", G_CALLBACK (trace_state_cb), NULL);

  /* The Connect page, as a user fills it: a persistent session. */
  herald_window_show_step (window, HERALD_STEP_CONNECT);
  connect_page = herald_window_get_page (window, HERALD_STEP_CONNECT);
  gtk_editable_set_text (GTK_EDITABLE (connect_child (window, "server_row")), uri);
  gtk_editable_set_text (GTK_EDITABLE (connect_child (window, "client_row")), DEVICE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (connect_child (window, "trust_row")), 1);   /* CA file */
  gtk_editable_set_text (GTK_EDITABLE (connect_child (window, "ca_row")), ca_file);
  gtk_switch_set_active (GTK_SWITCH (connect_child (window, "clean_switch")), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (connect_child (window, "subscribe_row")), "commands/" DEVICE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (connect_child (window, "subscribe_qos")), 1);
  g_assert_true (gtk_widget_activate_action (connect_page, "connect.subscribe", NULL));
  trace_origin = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (connect_page, "connect.connect", NULL));
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED &&
                             watch.connected == 1 && watch.subscribed == 1, 30);
  {
    gboolean clean = TRUE;

    g_object_get (session, "clean-session", &clean, NULL);
    g_assert_false (clean);
  }

  /* The window builds its other pages in idle callbacks after its first
   * frame: let it finish, so that the probe measures the rounds only. */
  {
    gint64 settled = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    herald_test_iterate_until (g_get_monotonic_time () > settled, 5);
    herald_test_drain (1000);
  }

  /* The probe runs from now on; it judges only the rounds. */
  probe = g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_cb, &watch, NULL);
  watch.probe_last = g_get_monotonic_time ();
  watch.probe_last_cpu = thread_cpu_us ();
  watch.probing = TRUE;
  started = g_get_monotonic_time ();

  for (guint round = 1; round <= rounds; round++)
    {
      GArray *reconnects = round <= DEFAULT_DELAY_ROUNDS ? reconnects_default : reconnects_fast;
      gint64 lost_to_connected;
      g_autofree char *restart = g_strdup_printf ("restart %u", round);
      g_autofree char *publish = g_strdup_printf ("publish %u", round);
      g_auto(GStrv) restarted = NULL;
      g_auto(GStrv) published = NULL;

      watch.round = round;

      /* After the first rounds with the window's own first retry (1 s
       * after the loss), retry sooner: the rest of the reconnect is Paho's
       * (see the file's summary). */
      if (round == DEFAULT_DELAY_ROUNDS + 1)
        g_object_set (session, "reconnect-min-delay", FAST_FIRST_RETRY_MS, NULL);

      /* Restart; publish as soon as the broker listens again. */
      restarted = restarter_run (&restarter, restart);
      restarter.broker_up_at = g_ascii_strtoll (restarted[0], NULL, 10);
      restarter.published_at = g_ascii_strtoll (restarted[1], NULL, 10);

      /* The window saw the loss, reconnected and subscribed again. */
      herald_test_iterate_until (watch.lost == round && watch.connected == round + 1 &&
                                 watch.subscribed == round + 1 &&
                                 herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 30);
      if (restarter.published_at < watch.connected_at)
        away_before_reconnect++;
      lost_to_connected = watch.connected_at - watch.lost_at;
      if (g_getenv ("HERALD_FAULT_TRACE"))
        g_test_message ("round %u: restart asked at 0, broker up at %.0f ms, lost at %.0f ms, published at %.0f ms, connected at %.0f ms",
                        round, (restarter.broker_up_at - restarter.asked_at) / 1000.0,
                        (watch.lost_at - restarter.asked_at) / 1000.0, (restarter.published_at - restarter.asked_at) / 1000.0,
                        (watch.connected_at - restarter.asked_at) / 1000.0);
      g_array_append_val (reconnects, lost_to_connected);

      published = restarter_run (&restarter, publish);
      herald_test_iterate_until (round_received (&watch, round), 30);
    }

  duration = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  watch.probing = FALSE;
  g_source_remove (probe);

  /* None lost; QoS 1 may bring one twice (say how many). */
  g_assert_cmpuint (g_hash_table_size (watch.received), ==, rounds * 2 * PER_BATCH);
  {
    GHashTableIter iter;
    gpointer times;

    g_hash_table_iter_init (&iter, watch.received);
    while (g_hash_table_iter_next (&iter, NULL, &times))
      duplicates += GPOINTER_TO_UINT (times) - 1;
  }
  g_assert_cmpuint (watch.lost, ==, rounds);
  g_assert_cmpuint (watch.connected, ==, rounds + 1);
  g_assert_cmpuint (watch.subscribed, ==, rounds + 1);

  g_test_message ("restarts: %u in %.1f s (%.2f s a round)", rounds, duration, duration / rounds);
  g_test_message ("messages: %u QoS 1 published, %u received, 0 lost, %u duplicates",
                  rounds * 2 * PER_BATCH, g_hash_table_size (watch.received), duplicates);
  g_test_message ("published while the window was away: %u of %u rounds", away_before_reconnect, rounds);
  print_reconnects ("default first retry (1 s)", reconnects_default);
  print_reconnects ("first retry after " G_STRINGIFY (FAST_FIRST_RETRY_MS) " ms", reconnects_fast);
  g_test_message ("longest stall: %.0f ms", watch.longest_stall / 1000.0);
  g_test_message ("  (in round %u, main thread CPU in it %.0f ms; %u stalls over 50 ms in all; renderer %s)",
                  watch.longest_stall_round, watch.longest_stall_cpu / 1000.0, watch.stalls_over_50ms,
                  G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));

  g_signal_handlers_disconnect_by_func (history, history_changed_cb, &watch);
  herald_mqtt_session_disconnect (session);
  herald_test_close_window (window);

  restarter_quit (&restarter);
  g_hash_table_unref (watch.received);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--restarter"))
    return run_restarter ();

  herald_test_gtk_init (&argc, &argv);
  if (g_getenv ("HERALD_FAULT_ROUNDS") != NULL)
    rounds = MAX (1, atoi (g_getenv ("HERALD_FAULT_ROUNDS")));

  g_test_add_func ("/fault/broker/restarts-under-window", test_broker_restarts);

  return g_test_run ();
}

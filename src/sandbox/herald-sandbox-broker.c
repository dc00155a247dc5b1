/* herald-sandbox-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "herald-sandbox-broker.h"

/* Supervises the mosquitto child: a generated configuration with one TLS
 * listener that requires a client certificate and takes its CN as the user
 * name and the client id, a per-device ACL and the sandbox's own identity,
 * persistence saved at every change. The child asks for
 * SIGTERM when the sandbox dies; a pid file cleans up a broker left by an
 * earlier run all the same. When the child dies unexpectedly it is started
 * again; the `failed` signal says when that is not possible. */

struct _HeraldSandboxBroker
{
  GObject          parent_instance;

  char            *dir;
  char            *conf_file;
  char            *acl_file;
  char            *pid_file;
  char            *persistence_dir;
  HeraldSandboxCa *ca;
  char            *bind_address;
  char            *mosquitto;
  guint            requested_port;
  guint            port;

  GSubprocess     *child;
  GCancellable    *wait_cancellable;
  gboolean         stopping;
  gint64           restarts_since;
  guint            restarts;
};

G_DEFINE_FINAL_TYPE (HeraldSandboxBroker, herald_sandbox_broker, G_TYPE_OBJECT)

enum {
  RESTARTED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean spawn_and_wait (HeraldSandboxBroker *self, GError **error);
static gboolean process_runs (pid_t pid);

static void
herald_sandbox_broker_dispose (GObject *object)
{
  HeraldSandboxBroker *self = (HeraldSandboxBroker *)object;

  herald_sandbox_broker_stop (self);
  g_clear_object (&self->ca);

  G_OBJECT_CLASS (herald_sandbox_broker_parent_class)->dispose (object);
}

static void
herald_sandbox_broker_finalize (GObject *object)
{
  HeraldSandboxBroker *self = (HeraldSandboxBroker *)object;

  g_free (self->dir);
  g_free (self->conf_file);
  g_free (self->acl_file);
  g_free (self->pid_file);
  g_free (self->persistence_dir);
  g_free (self->bind_address);
  g_free (self->mosquitto);

  G_OBJECT_CLASS (herald_sandbox_broker_parent_class)->finalize (object);
}

static void
herald_sandbox_broker_class_init (HeraldSandboxBrokerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_sandbox_broker_dispose;
  object_class->finalize = herald_sandbox_broker_finalize;

  /**
   * HeraldSandboxBroker::restarted:
   *
   * The broker died and was started again.
   */
  signals[RESTARTED] = g_signal_new ("restarted", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);
  /**
   * HeraldSandboxBroker::failed:
   * @error: why
   *
   * The broker died and could not be started again.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
herald_sandbox_broker_init (HeraldSandboxBroker *self)
{
}

HeraldSandboxBroker *
herald_sandbox_broker_new (const char      *data_dir,
                           HeraldSandboxCa *ca,
                           const char      *bind_address,
                           guint            port,
                           const char      *mosquitto)
{
  HeraldSandboxBroker *self = g_object_new (HERALD_TYPE_SANDBOX_BROKER, NULL);

  self->dir = g_strdup (data_dir);
  self->conf_file = g_build_filename (data_dir, "mosquitto.conf", NULL);
  self->acl_file = g_build_filename (data_dir, "mosquitto.acl", NULL);
  self->pid_file = g_build_filename (data_dir, "mosquitto.pid", NULL);
  self->persistence_dir = g_build_filename (data_dir, "broker", NULL);
  self->ca = g_object_ref (ca);
  self->bind_address = g_strdup (bind_address);
  self->requested_port = port;
  self->mosquitto = g_strdup (mosquitto);

  return self;
}

guint
herald_sandbox_broker_get_port (HeraldSandboxBroker *self)
{
  return self->port;
}

GPid
herald_sandbox_broker_get_pid (HeraldSandboxBroker *self)
{
  const char *id;

  if (self->child == NULL)
    return 0;
  id = g_subprocess_get_identifier (self->child);
  return id != NULL ? (GPid) atoi (id) : 0;
}

/* Port 0 asks for a free port: bind one, read it, close it. mosquitto
 * cannot take port 0 itself. */
static guint
pick_free_port (const char *address)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) bind_addr = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  if (inet == NULL)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, NULL);
  if (socket == NULL)
    return 0;
  bind_addr = g_inet_socket_address_new (inet, 0);
  if (!g_socket_bind (socket, bind_addr, FALSE, NULL))
    return 0;
  local = g_socket_get_local_address (socket, NULL);
  if (local == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

static gboolean
write_config (HeraldSandboxBroker  *self,
              GError              **error)
{
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autoptr(GString) acl = g_string_new (NULL);

  g_mkdir_with_parents (self->persistence_dir, 0700);

  g_string_append (conf, "# Generated by herald-sandbox at every start: edits are lost.\n");
  g_string_append (conf, "per_listener_settings false\n");
  /* As root mosquitto drops to the `mosquitto` user before it reads the
   * 0600 key files; it stays the current user this way. */
  g_string_append_printf (conf, "user %s\n", g_get_user_name ());
  g_string_append (conf, "log_dest stderr\n");
  g_string_append (conf, "log_type error\nlog_type warning\n");
  g_string_append (conf, "allow_anonymous false\n");
  g_string_append (conf, "persistence true\n");
  g_string_append_printf (conf, "persistence_location %s/\n", self->persistence_dir);
  /* Saved after every change, not only at a clean shutdown: a command the
   * API answered for survives a broker that crashes or is killed. */
  g_string_append (conf, "autosave_on_changes true\n");
  g_string_append (conf, "autosave_interval 1\n");
  /* Nothing may be dropped silently (the default drops past 1000). */
  g_string_append (conf, "max_queued_messages 0\n");
  g_string_append_printf (conf, "acl_file %s\n", self->acl_file);
  g_string_append_printf (conf, "listener %u %s\n", self->port, self->bind_address);
  g_string_append_printf (conf, "cafile %s\n", herald_sandbox_ca_get_ca_file (self->ca));
  g_string_append_printf (conf, "certfile %s\n", herald_sandbox_ca_get_broker_cert (self->ca));
  g_string_append_printf (conf, "keyfile %s\n", herald_sandbox_ca_get_broker_key (self->ca));
  g_string_append_printf (conf, "crlfile %s\n", herald_sandbox_ca_get_crl_file (self->ca));
  g_string_append (conf, "require_certificate true\n");
  /* The client id is the certificate's CN, whatever the client sends: a
   * device cannot take over another device's session (and its queued
   * commands) or the sandbox's own, as with the real service. */
  g_string_append (conf, "use_identity_as_username true\n");
  g_string_append (conf, "use_username_as_clientid true\n");

  g_string_append (acl, "# Generated by herald-sandbox: the spec's per-device ACL.\n");
  g_string_append_printf (acl, "user %s\ntopic readwrite #\n\n", HERALD_SANDBOX_IDENTITY);
  g_string_append (acl, "pattern read commands/%u\n");
  g_string_append (acl, "pattern read ack/%u\n");
  g_string_append (acl, "pattern write measures/%u\n");

  return g_file_set_contents_full (self->conf_file, conf->str, conf->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error) &&
         g_file_set_contents_full (self->acl_file, acl->str, acl->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* A broker from an earlier run whose sandbox was killed: its pid is in the
 * pid file, and its command line names our configuration. */
static void
kill_stale_broker (HeraldSandboxBroker *self)
{
  g_autofree char *text = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *cmdline = NULL;
  gsize length = 0;
  pid_t pid;

  if (!g_file_get_contents (self->pid_file, &text, NULL, NULL))
    return;
  pid = atoi (text);
  if (pid <= 1)
    goto out;

  proc = g_strdup_printf ("/proc/%d/cmdline", pid);
  if (!g_file_get_contents (proc, &cmdline, &length, NULL))
    goto out;
  for (gsize i = 0; i + 1 < length; i++)
    if (cmdline[i] == '\0')
      cmdline[i] = ' ';
  if (strstr (cmdline, "mosquitto") == NULL || strstr (cmdline, self->conf_file) == NULL)
    goto out;

  g_printerr (_("herald-sandbox: stopping the MQTT broker left by an earlier run (process %d).\n"), pid);
  kill (pid, SIGTERM);
  for (int i = 0; i < 200 && process_runs (pid); i++)
    g_usleep (10 * 1000);
  if (process_runs (pid))
    kill (pid, SIGKILL);

out:
  g_unlink (self->pid_file);
}

/* The broker must never outlive the sandbox, even after kill -9. The
 * signal comes when the forking thread ends: the broker is started on the
 * main thread. A sandbox that died before the prctl () took effect has
 * handed the child to another parent (init, or a subreaper such as a
 * session manager): it leaves at once. */
static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  if (prctl (PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid () != parent)
    _exit (1);
}

static void
on_child_exited (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldSandboxBroker) self = user_data;
  GSubprocess *child = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;
  gint64 now;

  if (!g_subprocess_wait_finish (child, result, &error))
    return; /* cancelled: stopped on purpose */

  if (child != self->child || self->stopping)
    return;

  g_clear_object (&self->child);
  g_clear_object (&self->wait_cancellable);
  g_unlink (self->pid_file);

  now = g_get_monotonic_time ();
  if (now - self->restarts_since > 60 * G_USEC_PER_SEC)
    {
      self->restarts_since = now;
      self->restarts = 0;
    }
  if (++self->restarts > 5)
    {
      g_autoptr(GError) failure =
        g_error_new (G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                     _("The MQTT broker died five times within a minute. "
                       "Read its messages above, fix the cause and start the sandbox again."));
      g_signal_emit (self, signals[FAILED], 0, failure);
      return;
    }

  if (!spawn_and_wait (self, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }
  g_signal_emit (self, signals[RESTARTED], 0);
}

/* Whether @pid still runs. GSubprocess reaps its children on GLib's worker
 * thread, so waitpid () here would race with it: read /proc instead. */
static gboolean
process_runs (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *paren;

  if (pid <= 0 || !g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  paren = strrchr (stat, ')');
  return paren != NULL && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

static gboolean
port_answers (const char *address,
              guint       port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  /* Loopback: no proxy (and no GSettings lookup for one). */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, address, port, NULL, NULL);
  return connection != NULL;
}

/* Starts the child on self->port and waits until the port answers. */
static gboolean
spawn_once (HeraldSandboxBroker  *self,
            gboolean             *exited_early,
            GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *pid_text = NULL;
  gint64 deadline;

  *exited_early = FALSE;

  if (!write_config (self, error))
    return FALSE;

  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER (getpid ()), NULL);
  child = g_subprocess_launcher_spawn (launcher, error, self->mosquitto, "-c", self->conf_file, NULL);
  if (child == NULL)
    {
      g_prefix_error (error, _("Could not start the MQTT broker “%s”: "), self->mosquitto);
      return FALSE;
    }

  pid_text = g_strdup_printf ("%s\n", g_subprocess_get_identifier (child));
  g_file_set_contents_full (self->pid_file, pid_text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      const char *id = g_subprocess_get_identifier (child);

      /* Typically the port was taken. */
      if (id == NULL || !process_runs (atoi (id)))
        {
          *exited_early = TRUE;
          g_unlink (self->pid_file);
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       _("The MQTT broker stopped right after its start (port %u). "
                         "Read its messages above; if the port is taken, choose another with --mqtt-port."),
                       self->port);
          return FALSE;
        }

      if (port_answers (self->bind_address, self->port))
        {
          self->child = g_steal_pointer (&child);
          self->wait_cancellable = g_cancellable_new ();
          g_subprocess_wait_async (self->child, self->wait_cancellable,
                                   on_child_exited, g_object_ref (self));
          return TRUE;
        }
      g_usleep (10 * 1000);
    }

  g_subprocess_force_exit (child);
  g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
               _("The MQTT broker did not open port %u within 10 seconds. "
                 "Read its messages above and start the sandbox again."),
               self->port);
  return FALSE;
}

static gboolean
spawn_and_wait (HeraldSandboxBroker  *self,
                GError              **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean exited_early;

      if (self->port == 0)
        self->port = pick_free_port (self->bind_address);

      if (spawn_once (self, &exited_early, &local_error))
        return TRUE;

      /* A port we chose may have been taken meanwhile: choose again. */
      if (exited_early && self->requested_port == 0 && attempt < 5)
        {
          self->port = 0;
          continue;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

gboolean
herald_sandbox_broker_start (HeraldSandboxBroker  *self,
                             GError              **error)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_BROKER (self), FALSE);
  g_return_val_if_fail (self->child == NULL, FALSE);

  kill_stale_broker (self);
  self->stopping = FALSE;
  self->port = self->requested_port;
  return spawn_and_wait (self, error);
}

static void
stop_child (HeraldSandboxBroker *self)
{
  g_autoptr(GSubprocess) child = g_steal_pointer (&self->child);

  if (self->wait_cancellable != NULL)
    g_cancellable_cancel (self->wait_cancellable);
  g_clear_object (&self->wait_cancellable);

  if (child == NULL)
    return;

  g_subprocess_send_signal (child, SIGTERM);
  for (int i = 0; i < 300; i++)
    {
      const char *id = g_subprocess_get_identifier (child);
      if (id == NULL || !process_runs (atoi (id)))
        break;
      g_usleep (10 * 1000);
    }
  if (g_subprocess_get_identifier (child) != NULL)
    g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  g_unlink (self->pid_file);
}

/* Restarts the broker on the same port, e.g. to load a new CRL (SIGHUP
 * does not reload it). */
gboolean
herald_sandbox_broker_restart (HeraldSandboxBroker  *self,
                               GError              **error)
{
  self->stopping = TRUE;
  stop_child (self);
  self->stopping = FALSE;
  return spawn_and_wait (self, error);
}

void
herald_sandbox_broker_stop (HeraldSandboxBroker *self)
{
  g_return_if_fail (HERALD_IS_SANDBOX_BROKER (self));

  self->stopping = TRUE;
  stop_child (self);
}

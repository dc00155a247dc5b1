/* herald-sandbox-launcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "herald-paths.h"
#include "herald-sandbox-launcher.h"

/* Starts a herald-sandbox on a data directory for Herald, keeps what it
 * prints for the window to show, and stops it again (SIGTERM) when asked or
 * when the launcher goes away: a sandbox Herald started ends with Herald,
 * even when Herald is killed (the child asks the kernel for SIGTERM when
 * its parent dies). */

#define MAX_LOG (64 * 1024)

struct _HeraldSandboxLauncher
{
  GObject       parent_instance;

  char         *data_dir;
  GSubprocess  *process;
  GString      *log;
  int           http_port;
  int           mqtt_port;
  GCancellable *cancellable;
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldSandboxLauncher, herald_sandbox_launcher, G_TYPE_OBJECT)

static void
herald_sandbox_launcher_dispose (GObject *object)
{
  HeraldSandboxLauncher *self = HERALD_SANDBOX_LAUNCHER (object);

  herald_sandbox_launcher_stop (self);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (herald_sandbox_launcher_parent_class)->dispose (object);
}

static void
herald_sandbox_launcher_finalize (GObject *object)
{
  HeraldSandboxLauncher *self = HERALD_SANDBOX_LAUNCHER (object);

  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_string_free (self->log, TRUE);
  g_free (self->data_dir);

  G_OBJECT_CLASS (herald_sandbox_launcher_parent_class)->finalize (object);
}

static void
herald_sandbox_launcher_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HeraldSandboxLauncher *self = HERALD_SANDBOX_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, herald_sandbox_launcher_get_running (self));
      break;
    case PROP_LOG:
      g_value_set_string (value, self->log->str);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_sandbox_launcher_class_init (HeraldSandboxLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_sandbox_launcher_dispose;
  object_class->finalize = herald_sandbox_launcher_finalize;
  object_class->get_property = herald_sandbox_launcher_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOG] =
    g_param_spec_string ("log", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_sandbox_launcher_init (HeraldSandboxLauncher *self)
{
  self->log = g_string_new (NULL);
  self->http_port = -1;
  self->mqtt_port = -1;
  self->cancellable = g_cancellable_new ();
}

HeraldSandboxLauncher *
herald_sandbox_launcher_new (const char *data_dir)
{
  HeraldSandboxLauncher *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (HERALD_TYPE_SANDBOX_LAUNCHER, NULL);
  self->data_dir = g_strdup (data_dir);
  return self;
}

const char *
herald_sandbox_launcher_get_data_dir (HeraldSandboxLauncher *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->data_dir;
}

static void
append_log (HeraldSandboxLauncher *self,
            const char            *line)
{
  g_string_append (self->log, line);
  g_string_append_c (self->log, '\n');
  if (self->log->len > MAX_LOG)
    g_string_erase (self->log, 0, self->log->len - MAX_LOG);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HeraldSandboxLauncher) self = user_data;
  GDataInputStream *stream = G_DATA_INPUT_STREAM (object);
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, NULL);
  if (line == NULL)
    return;

  append_log (self, line);
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, g_object_ref (self));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HeraldSandboxLauncher) self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);

  g_subprocess_wait_finish (process, result, NULL);
  if (self->process != process)
    return;

  if (g_subprocess_get_if_exited (process))
    {
      g_autofree char *line = g_strdup_printf (_("The sandbox ended with status %d."),
                                               g_subprocess_get_exit_status (process));
      append_log (self, line);
    }
  else
    append_log (self, _("The sandbox was stopped."));

  g_clear_object (&self->process);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Runs in the child between fork and exec: SIGTERM when Herald dies,
 * whatever kills it. The kernel sends it when the *thread* that forked
 * ends, which is why the launch happens on the main thread (see
 * herald_sandbox_launcher_start()). If the parent died before the prctl ()
 * took effect, the child was already handed to another parent and no
 * signal will come: it leaves at once. */
static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  if (prctl (PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid () != parent)
    _exit (1);
}

/* Starts `herald-sandbox --data-dir DIR` (and --reset when @empty). Whether
 * it came up is told by its `sandbox.json` (HeraldSandboxInfo) and its API,
 * not by this call.
 *
 * Call it on the main thread: the sandbox is told to stop (SIGTERM) when
 * the thread that started it ends, which for the main thread is when
 * Herald ends, however it ends. From a worker thread the sandbox would
 * stop when that thread does. */
static gboolean
start (HeraldSandboxLauncher  *self,
       gboolean                empty,
       GError                **error)
{
  g_autofree char *binary = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (HERALD_IS_SANDBOX_LAUNCHER (self), FALSE);
  /* On Linux the main thread's id is the process id. */
  g_return_val_if_fail (syscall (SYS_gettid) == getpid (), FALSE);

  if (self->process != NULL)
    return TRUE;

  /* From the build tree, an install or a Flatpak alike. */
  binary = herald_paths_find_program ("herald-sandbox", "HERALD_SANDBOX", error);
  if (binary == NULL)
    return FALSE;

  g_ptr_array_add (argv, g_steal_pointer (&binary));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (self->data_dir));
  if (self->http_port >= 0)
    g_ptr_array_add (argv, g_strdup_printf ("--http-port=%d", self->http_port));
  if (self->mqtt_port >= 0)
    g_ptr_array_add (argv, g_strdup_printf ("--mqtt-port=%d", self->mqtt_port));
  if (empty)
    g_ptr_array_add (argv, g_strdup ("--reset"));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER (getpid ()), NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &local_error);
  if (self->process == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The sandbox could not be started (%s). Try to start it yourself from a terminal to see why."),
                   local_error->message);
      return FALSE;
    }

  g_string_truncate (self->log, 0);
  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, g_object_ref (self));
  g_subprocess_wait_async (self->process, NULL, wait_cb, g_object_ref (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

/**
 * herald_sandbox_launcher_start:
 *
 * Starts herald-sandbox on the launcher's data directory, unless it runs
 * already.
 */
gboolean
herald_sandbox_launcher_start (HeraldSandboxLauncher  *self,
                               GError                **error)
{
  return start (self, FALSE, error);
}

/**
 * herald_sandbox_launcher_start_empty:
 *
 * Starts herald-sandbox with --reset: every entity and issued certificate
 * is removed (the CA and the password stay). Does nothing while it runs:
 * stop it first.
 */
gboolean
herald_sandbox_launcher_start_empty (HeraldSandboxLauncher  *self,
                                     GError                **error)
{
  return start (self, TRUE, error);
}

/**
 * herald_sandbox_launcher_set_ports:
 * @http_port: the REST API's port, 0 for a free one, -1 for the sandbox's
 *   default (8080)
 * @mqtt_port: the broker's, likewise (8883)
 *
 * The ports of the next start.
 */
void
herald_sandbox_launcher_set_ports (HeraldSandboxLauncher *self,
                                   int                    http_port,
                                   int                    mqtt_port)
{
  g_return_if_fail (HERALD_IS_SANDBOX_LAUNCHER (self));

  self->http_port = http_port;
  self->mqtt_port = mqtt_port;
}

/**
 * herald_sandbox_launcher_stop:
 *
 * Stops the sandbox this launcher started (SIGTERM: it stops its broker and
 * removes its sandbox.json). Nothing else is touched.
 */
void
herald_sandbox_launcher_stop (HeraldSandboxLauncher *self)
{
  g_return_if_fail (HERALD_IS_SANDBOX_LAUNCHER (self));

  if (self->process != NULL)
    g_subprocess_send_signal (self->process, SIGTERM);
}

gboolean
herald_sandbox_launcher_get_running (HeraldSandboxLauncher *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_LAUNCHER (self), FALSE);
  return self->process != NULL;
}

const char *
herald_sandbox_launcher_get_log (HeraldSandboxLauncher *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_LAUNCHER (self), NULL);
  return self->log->str;
}

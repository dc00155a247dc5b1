/* herald-workspace-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-paths.h"
#include "herald-workspace-private.h"

/* HeraldWorkspace and the local sandbox: a profile that uses it follows
 * its sandbox.json, so the API URL, the broker URI and the CA follow a
 * sandbox restarted on other ports, and a stopped sandbox is said to be.
 */

/* The local sandbox --------------------------------------------------------- */

static const char *
sandbox_dir_of_profile (HeraldWorkspace *self)
{
  const char *dir;

  if (self->profile == NULL || !herald_profile_get_use_sandbox (self->profile))
    return NULL;

  dir = herald_profile_get_sandbox_dir (self->profile);
  return dir != NULL ? dir : herald_workspace_get_sandbox_dir (self);
}

/* A sandbox on other ports, or a new one: the service and the device
 * connection go where it is now. */
static void
apply_sandbox (HeraldWorkspace   *self,
               HeraldSandboxInfo *info)
{
  HeraldMqttSession *session = herald_connection_get_session (self->device_connection);
  g_autofree char *old_mqtt_uri = g_strdup (herald_profile_get_mqtt_uri (self->profile));
  g_autofree char *session_uri = NULL;
  HeraldServiceConfig *config = self->client ? herald_api_client_get_config (self->client) : NULL;
  HeraldMqttState state;

  herald_workspace_set_sandbox_info (self, info);

  g_object_freeze_notify (G_OBJECT (self->profile));
  herald_profile_set_api_url (self->profile, herald_sandbox_info_get_api_url (info));
  herald_profile_set_user (self->profile, herald_sandbox_info_get_user (info));
  herald_profile_set_flavor (self->profile, herald_sandbox_info_get_flavor (info));
  herald_profile_set_mqtt_uri (self->profile, herald_sandbox_info_get_mqtt_uri (info));
  herald_profile_set_ca_file (self->profile, herald_sandbox_info_get_ca_file (info));
  g_object_thaw_notify (G_OBJECT (self->profile));
  herald_workspace_save (self);

  if (config == NULL ||
      g_strcmp0 (herald_service_config_get_api_url (config), herald_sandbox_info_get_api_url (info)) != 0 ||
      g_strcmp0 (herald_service_config_get_user (config), herald_sandbox_info_get_user (info)) != 0 ||
      g_strcmp0 (herald_service_config_get_password (config), herald_sandbox_info_get_password (info)) != 0)
    {
      g_autoptr(HeraldServiceConfig) new_config = NULL;
      g_autoptr(HeraldApiClient) client = NULL;

      new_config = herald_service_config_new (herald_sandbox_info_get_api_url (info),
                                              herald_sandbox_info_get_user (info),
                                              herald_sandbox_info_get_password (info));
      /* On this machine: never through a proxy. */
      herald_service_config_set_use_system_proxy (new_config, FALSE);
      client = herald_api_client_new (new_config, NULL);
      herald_workspace_set_password (self, herald_sandbox_info_get_password (info));
      if (client != NULL)
        herald_workspace_set_client (self, client);
    }
  else if (self->service_state != HERALD_SERVICE_STATE_REACHABLE)
    herald_workspace_check_service (self);

  /* The device connection follows when it was the sandbox's broker. */
  g_object_get (session, "server-uri", &session_uri, NULL);
  if (session_uri == NULL || g_strcmp0 (session_uri, old_mqtt_uri) == 0 ||
      g_strcmp0 (session_uri, herald_sandbox_info_get_mqtt_uri (info)) == 0)
    {
      if (g_strcmp0 (session_uri, herald_sandbox_info_get_mqtt_uri (info)) == 0)
        return;

      g_object_set (session,
                    "server-uri", herald_sandbox_info_get_mqtt_uri (info),
                    "ca-file", herald_sandbox_info_get_ca_file (info),
                    NULL);
      state = herald_mqtt_session_get_state (session);
      if (state == HERALD_MQTT_STATE_CONNECTED || state == HERALD_MQTT_STATE_CONNECTING ||
          state == HERALD_MQTT_STATE_RECONNECTING)
        {
          herald_mqtt_session_disconnect (session);
          herald_mqtt_session_connect (session);
        }
    }
}

static void
sandbox_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HeraldWorkspace *self = user_data;
  g_autoptr(HeraldSandboxInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled when the workspace goes or another load starts. */
  info = herald_sandbox_info_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || sandbox_dir_of_profile (self) == NULL)
    return;

  if (info == NULL)
    {
      /* Stopped, or never started: whatever the service page last said,
       * it is not true any more. */
      herald_workspace_set_sandbox_info (self, NULL);
      if (g_error_matches (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING))
        _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_UNREACHABLE,
                           _("The local sandbox is not running. Start it on the Service page "
                             "with Start Sandbox."));
      else
        _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_UNREACHABLE, error->message);
      return;
    }

  if (self->sandbox_info != NULL &&
      herald_sandbox_info_get_pid (self->sandbox_info) == herald_sandbox_info_get_pid (info) &&
      g_strcmp0 (herald_sandbox_info_get_api_url (self->sandbox_info), herald_sandbox_info_get_api_url (info)) == 0 &&
      g_strcmp0 (herald_sandbox_info_get_mqtt_uri (self->sandbox_info), herald_sandbox_info_get_mqtt_uri (info)) == 0 &&
      self->client != NULL)
    return;

  apply_sandbox (self, info);
}

static void
load_sandbox (HeraldWorkspace *self)
{
  const char *dir = sandbox_dir_of_profile (self);

  if (dir == NULL)
    return;

  g_cancellable_cancel (self->sandbox_cancellable);
  g_clear_object (&self->sandbox_cancellable);
  self->sandbox_cancellable = g_cancellable_new ();
  herald_sandbox_info_load_async (dir, self->sandbox_cancellable, sandbox_loaded_cb, self);
}

static void
sandbox_settled_cb (gpointer user_data)
{
  HeraldWorkspace *self = user_data;

  self->sandbox_settle_source = 0;
  load_sandbox (self);
}

static void
sandbox_changed_cb (HeraldWorkspace   *self,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    GFileMonitor      *monitor)
{
  g_clear_handle_id (&self->sandbox_settle_source, g_source_remove);
  self->sandbox_settle_source = g_timeout_add_once (SANDBOX_SETTLE_MS, sandbox_settled_cb, self);
}

/* A profile that uses the local sandbox follows its sandbox.json. */
void
_herald_workspace_watch_sandbox (HeraldWorkspace *self)
{
  const char *dir = sandbox_dir_of_profile (self);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (dir, self->sandbox_monitored) == 0)
    return;

  if (self->sandbox_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sandbox_monitor, self);
      g_file_monitor_cancel (self->sandbox_monitor);
      g_clear_object (&self->sandbox_monitor);
    }
  g_clear_pointer (&self->sandbox_monitored, g_free);
  g_clear_handle_id (&self->sandbox_settle_source, g_source_remove);

  if (dir == NULL)
    return;

  self->sandbox_monitored = g_strdup (dir);
  path = g_build_filename (dir, "sandbox.json", NULL);
  file = g_file_new_for_path (path);
  self->sandbox_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->sandbox_monitor != NULL)
    g_signal_connect_swapped (self->sandbox_monitor, "changed", G_CALLBACK (sandbox_changed_cb), self);

  load_sandbox (self);
}

/**
 * herald_workspace_follow_sandbox:
 *
 * Reads the sandbox's `sandbox.json` again now, for a profile that uses
 * the local sandbox; it is also read whenever it changes.
 */
void
herald_workspace_follow_sandbox (HeraldWorkspace *self)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  _herald_workspace_watch_sandbox (self);
  load_sandbox (self);
}

/* A fresh stage --------------------------------------------------------------- */

/* What Herald holds of the sandbox's model: the entities in use, the device
 * connection and what it saw, the key store Herald saved for the device
 * (its certificate is revoked with the rest). */
static void
forget_model (HeraldWorkspace *self)
{
  const char *path = herald_profile_get_keystore_path (self->profile);

  herald_mqtt_session_disconnect (herald_connection_get_session (self->device_connection));
  if (path != NULL)
    {
      g_autofree char *saved = g_strdup (path);

      /* A key store opened from elsewhere is the user's: left alone. */
      herald_paths_forget_device_keystore (saved, NULL);
    }
  if (self->keystore != NULL)
    herald_profile_store_clear_secret_async (self->store, HERALD_SECRET_DEVICE_KEYSTORE,
                                             herald_keystore_get_subject_cn (self->keystore),
                                             NULL, NULL, NULL);
  herald_workspace_set_keystore (self, NULL, NULL);
  herald_workspace_set_sensor (self, NULL);
  herald_workspace_set_device (self, NULL);
  herald_workspace_set_sensor_type (self, NULL);
  herald_workspace_set_capability (self, NULL);
  herald_connection_set_device_alternate_id (self->device_connection, NULL);
  herald_connection_set_problem (self->device_connection, NULL);
  herald_history_clear (herald_connection_get_history (self->device_connection));
  herald_topic_tree_clear (herald_connection_get_topic_tree (self->device_connection));
  self->command_sent = FALSE;
  _herald_workspace_update_steps (self);
}

static void
start_empty (GTask *task)
{
  HeraldWorkspace *self = g_task_get_source_object (task);
  GError *error = NULL;

  /* Given up (the window went) while the sandbox stopped: not started again. */
  if (g_task_return_error_if_cancelled (task))
    return;

  forget_model (self);
  if (herald_sandbox_launcher_start_empty (herald_workspace_get_launcher (self), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
launcher_running_cb (HeraldSandboxLauncher *launcher,
                     GParamSpec            *pspec,
                     GTask                 *task)
{
  if (herald_sandbox_launcher_get_running (launcher))
    return;

  g_signal_handlers_disconnect_by_func (launcher, launcher_running_cb, task);
  start_empty (task);
  g_object_unref (task);
}

/**
 * herald_workspace_fresh_stage_async:
 *
 * Empties the local sandbox (what `herald-sandbox --reset` does: every
 * entity and issued certificate removed, the CA and the password kept) and
 * forgets what Herald held of it: the entities in use, the device's key
 * store, its connection and history. For a presenter who rehearses the
 * flow. Herald restarts the sandbox it started; one started elsewhere is
 * not Herald's to stop, and is an error that says so.
 */
void
herald_workspace_fresh_stage_async (HeraldWorkspace     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  HeraldSandboxLauncher *launcher;

  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_workspace_fresh_stage_async);

  if (sandbox_dir_of_profile (self) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only the local sandbox can be emptied, and this service is not it. "
                                 "Choose “Use Local Sandbox” on the Service step first."));
      return;
    }

  launcher = herald_workspace_get_launcher (self);
  if (herald_sandbox_launcher_get_running (launcher))
    {
      g_signal_connect (launcher, "notify::running", G_CALLBACK (launcher_running_cb), g_object_ref (task));
      herald_sandbox_launcher_stop (launcher);
      return;
    }

  if (self->sandbox_info != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The local sandbox was started outside Herald, so Herald cannot "
                                 "restart it empty. Stop it (Ctrl+C where it runs), then choose "
                                 "Empty Local Sandbox again; or start it yourself with --reset."));
      return;
    }

  start_empty (task);
}

gboolean
herald_workspace_fresh_stage_finish (HeraldWorkspace  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* herald-workspace-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

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

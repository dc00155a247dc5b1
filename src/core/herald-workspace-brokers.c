/* herald-workspace-brokers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "herald-workspace-private.h"

/* The workspace's connections of their own: one per broker profile, after
 * the device connection in the list. Their profiles are kept in
 * connections.json beside the profile store's file, written (whole, at
 * once) an idle after any change; their passwords are in the Secret
 * Service under each profile's id. A file Herald cannot read is never
 * overwritten: it is moved aside and the user is told where. */

#define BROKERS_FILE "connections.json"

static char *
brokers_path (HeraldWorkspace *self)
{
  g_autofree char *dir = g_path_get_dirname (herald_profile_store_get_path (self->store));

  return g_build_filename (dir, BROKERS_FILE, NULL);
}

/* The profiles of the connections of their own, in the list's order. */
/* The profiles of the connections of their own, in their order. */
GListModel *
_herald_workspace_list_brokers (HeraldWorkspace *self)
{
  GListStore *profiles = g_list_store_new (HERALD_TYPE_BROKER_PROFILE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->connections)); i++)
    {
      g_autoptr(HeraldConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      /* The device connection's profile is the flow's, kept apart. */
      if (connection != self->device_connection && herald_connection_get_profile (connection) != NULL)
        g_list_store_append (profiles, herald_connection_get_profile (connection));
    }

  return G_LIST_MODEL (profiles);
}

/**
 * herald_workspace_save_brokers:
 *
 * Writes the connections' profiles now (atomically, without a secret).
 *
 * Returns: %FALSE with @error set to a sentence for the user
 */
gboolean
herald_workspace_save_brokers (HeraldWorkspace  *self,
                               GError          **error)
{
  g_autoptr(GListModel) profiles = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), FALSE);

  g_clear_handle_id (&self->brokers_save_source, g_source_remove);

  path = brokers_path (self);
  dir = g_path_get_dirname (path);
  profiles = _herald_workspace_list_brokers (self);
  data = herald_broker_profile_list_to_data (profiles, &length);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      int code = local_error ? local_error->code : (int) g_file_error_from_errno (errno);

      g_set_error (error, G_FILE_ERROR, code,
                   _("Could not save the connections to “%s” (%s). Check that the folder can be written to."),
                   path, local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
save_idle_cb (gpointer user_data)
{
  HeraldWorkspace *self = user_data;
  g_autoptr(GError) error = NULL;

  self->brokers_save_source = 0;
  if (!herald_workspace_save_brokers (self, &error))
    g_warning ("%s", error->message);

  return G_SOURCE_REMOVE;
}

static void
profile_changed_cb (HeraldWorkspace     *self,
                    HeraldBrokerProfile *profile)
{
  if (self->brokers_save_source == 0)
    self->brokers_save_source = g_idle_add (save_idle_cb, self);
}

/* Presentation mode masks a connection's host too. */
static void
profile_uri_cb (HeraldWorkspace *self)
{
  _herald_workspace_update_redactor (self);
}

static HeraldConnection *
append_broker (HeraldWorkspace     *self,
               HeraldBrokerProfile *profile)
{
  g_autoptr(HeraldConnection) connection = herald_connection_new_for_profile (profile);

  g_signal_connect_object (profile, "changed", G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (profile, "notify::server-uri", G_CALLBACK (profile_uri_cb), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->connections, connection);
  _herald_workspace_update_redactor (self);
  return connection;
}

/**
 * herald_workspace_load_brokers:
 *
 * Adds a connection for each profile of the connections' file (none if
 * there is no file yet). A file that is not one is moved aside, so that
 * the next save does not lose it.
 *
 * Returns: %FALSE with @error set to a sentence for the user, saying where
 *   the unreadable file went
 */
gboolean
herald_workspace_load_brokers (HeraldWorkspace  *self,
                               GError          **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), FALSE);

  path = brokers_path (self);
  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Could not read the connections from “%s” (%s). Check the file’s permissions."),
                   path, local_error->message);
      return FALSE;
    }

  profiles = herald_broker_profile_list_from_data (data, length, &local_error);
  if (profiles == NULL)
    {
      g_autofree char *aside = g_strconcat (path, ".unreadable", NULL);

      if (g_rename (path, aside) != 0)
        g_set_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                     _("Could not read the connections from “%s”: %s"), path, local_error->message);
      else
        g_set_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                     _("Could not read the connections (%s). The file was kept as “%s”: mend it and import it with Import Connections."),
                     local_error->message, aside);
      return FALSE;
    }

  for (guint i = 0; i < profiles->len; i++)
    append_broker (self, g_ptr_array_index (profiles, i));

  return TRUE;
}

/**
 * herald_workspace_add_broker:
 * @profile: a checked profile (herald_broker_profile_check())
 *
 * Adds a connection of its own for @profile and saves the profiles.
 *
 * Returns: (transfer none): the new connection, at the end of the list
 */
HeraldConnection *
herald_workspace_add_broker (HeraldWorkspace     *self,
                             HeraldBrokerProfile *profile)
{
  HeraldConnection *connection;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (profile), NULL);

  connection = append_broker (self, profile);
  profile_changed_cb (self, profile);
  return connection;
}

/**
 * herald_workspace_lookup_broker:
 * @id: a profile's id
 *
 * Returns: (transfer none) (nullable): the connection of that profile
 */
HeraldConnection *
herald_workspace_lookup_broker (HeraldWorkspace *self,
                                const char      *id)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->connections)); i++)
    {
      g_autoptr(HeraldConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->connections), i);
      HeraldBrokerProfile *profile = herald_connection_get_profile (connection);

      if (profile != NULL && g_strcmp0 (herald_broker_profile_get_id (profile), id) == 0)
        return connection;
    }

  return NULL;
}

/**
 * herald_workspace_export_brokers:
 * @length: (out) (optional): the text's length
 *
 * Returns: (transfer full): the profiles of the connections of their own,
 *   as a file to give away: no password, no key
 */
char *
herald_workspace_export_brokers (HeraldWorkspace *self,
                                 gsize           *length)
{
  g_autoptr(GListModel) profiles = NULL;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);

  profiles = _herald_workspace_list_brokers (self);
  return herald_broker_profile_list_to_data (profiles, length);
}

/**
 * herald_workspace_import_brokers:
 * @data: a file herald_workspace_export_brokers() wrote
 *
 * Adds a connection for each profile of @data whose id is not one of the
 * workspace's already (those are the same connections, imported again).
 * Nothing is added if any profile is not one.
 *
 * Returns: how many were added, or -1 with @error set
 */
int
herald_workspace_import_brokers (HeraldWorkspace  *self,
                                 const char       *data,
                                 gssize            length,
                                 GError          **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  int added = 0;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), -1);

  profiles = herald_broker_profile_list_from_data (data, length, error);
  if (profiles == NULL)
    return -1;

  for (guint i = 0; i < profiles->len; i++)
    {
      HeraldBrokerProfile *profile = g_ptr_array_index (profiles, i);

      if (herald_workspace_lookup_broker (self, herald_broker_profile_get_id (profile)) != NULL)
        continue;
      herald_workspace_add_broker (self, profile);
      added++;
    }

  return added;
}

/* Each secret of a removed profile goes, whether or not it was there. */
static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!herald_profile_store_clear_secret_finish (HERALD_PROFILE_STORE (object), result, &error))
    g_debug ("A removed connection's secret stays: %s", error->message);
}

void
_herald_workspace_forget_broker (HeraldWorkspace  *self,
                                 HeraldConnection *connection)
{
  HeraldBrokerProfile *profile = herald_connection_get_profile (connection);
  const char *id;

  if (profile == NULL)
    return;

  id = herald_broker_profile_get_id (profile);
  g_signal_handlers_disconnect_by_func (profile, profile_changed_cb, self);
  g_signal_handlers_disconnect_by_func (profile, profile_uri_cb, self);
  herald_profile_store_clear_secret_async (self->store, HERALD_SECRET_BROKER_PASSWORD, id,
                                           NULL, secret_cleared_cb, NULL);
  herald_profile_store_clear_secret_async (self->store, HERALD_SECRET_BROKER_KEY, id,
                                           NULL, secret_cleared_cb, NULL);
  if (self->brokers_save_source == 0)
    self->brokers_save_source = g_idle_add (save_idle_cb, self);
}

/* Opening ----------------------------------------------------------------- */

typedef struct
{
  HeraldConnection *connection;
  char             *password;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *open = data;

  g_clear_object (&open->connection);
  if (open->password != NULL)
    memset (open->password, 0, strlen (open->password));
  g_free (open->password);
  g_free (open);
}

static void
open_fail (GTask  *task,
           GError *error)
{
  OpenData *open = g_task_get_task_data (task);

  herald_connection_set_problem (open->connection, error->message);
  g_task_return_error (task, error);
}

static void
open_connect (GTask          *task,
              HeraldKeystore *keystore)
{
  OpenData *open = g_task_get_task_data (task);
  HeraldMqttSession *session = herald_connection_get_session (open->connection);
  GError *error = NULL;

  if (!herald_broker_profile_apply (herald_connection_get_profile (open->connection), session, &error))
    {
      open_fail (task, error);
      return;
    }

  g_object_set (session,
                "password", open->password,
                "keystore", keystore,
                NULL);
  herald_connection_set_problem (open->connection, NULL);
  herald_mqtt_session_connect (session);
  g_task_return_boolean (task, TRUE);
}

static void
keystore_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(HeraldKeystore) keystore = NULL;
  GError *error = NULL;

  keystore = herald_keystore_load_file_finish (result, &error);
  if (keystore == NULL)
    open_fail (task, error);
  else
    open_connect (task, keystore);
}

static void
key_password_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *open = g_task_get_task_data (task);
  HeraldBrokerProfile *profile = herald_connection_get_profile (open->connection);
  g_autoptr(GFile) file = NULL;
  g_autofree char *key_password = NULL;
  GError *error = NULL;

  key_password = herald_profile_store_lookup_secret_finish (HERALD_PROFILE_STORE (object), result, &error);
  if (error != NULL)
    {
      open_fail (task, error);
      return;
    }

  file = g_file_new_for_path (herald_broker_profile_get_certificate_file (profile));
  herald_keystore_load_file_async (file, key_password, g_task_get_cancellable (task),
                                   keystore_loaded_cb, g_object_ref (task));
  if (key_password != NULL)
    memset (key_password, 0, strlen (key_password));
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *open = g_task_get_task_data (task);
  HeraldBrokerProfile *profile = herald_connection_get_profile (open->connection);
  GError *error = NULL;

  open->password = herald_profile_store_lookup_secret_finish (HERALD_PROFILE_STORE (object), result, &error);
  if (error != NULL)
    {
      open_fail (task, error);
      return;
    }

  if (*herald_broker_profile_get_certificate_file (profile) == '\0')
    {
      open_connect (task, NULL);
      return;
    }

  herald_profile_store_lookup_secret_async (HERALD_PROFILE_STORE (object), HERALD_SECRET_BROKER_KEY,
                                            herald_broker_profile_get_id (profile),
                                            g_task_get_cancellable (task),
                                            key_password_cb, g_object_ref (task));
}

/**
 * herald_workspace_open_connection_async:
 * @connection: a connection with a profile
 *
 * Connects @connection as its profile says: the password and the
 * certificate key's password from the Secret Service, the client
 * certificate loaded from its file. The connect itself goes on in the
 * session (its state and errors); what fails before it (a key store that
 * does not open) becomes the connection's problem and the task's error.
 */
void
herald_workspace_open_connection_async (HeraldWorkspace     *self,
                                        HeraldConnection    *connection,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *open;

  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (HERALD_IS_CONNECTION (connection));
  g_return_if_fail (herald_connection_get_profile (connection) != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_workspace_open_connection_async);
  open = g_new0 (OpenData, 1);
  open->connection = g_object_ref (connection);
  g_task_set_task_data (task, open, open_data_free);

  herald_profile_store_lookup_secret_async (self->store, HERALD_SECRET_BROKER_PASSWORD,
                                            herald_broker_profile_get_id (herald_connection_get_profile (connection)),
                                            cancellable, password_cb, g_steal_pointer (&task));
}

gboolean
herald_workspace_open_connection_finish (HeraldWorkspace  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

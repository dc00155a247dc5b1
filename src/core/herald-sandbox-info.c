/* herald-sandbox-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-json-private.h"
#include "herald-sandbox-info.h"

/* What a running herald-sandbox says about itself in <data dir>/sandbox.json
 * (schema 1). The pid is informational: whether the sandbox is alive is
 * decided by calling its API, never by trusting the pid.
 */

#define SANDBOX_INFO_MAX_SIZE (64 * 1024)

struct _HeraldSandboxInfo
{
  GObject  parent_instance;

  char    *data_dir;
  char    *api_url;
  char    *user;
  char    *password;
  char    *mqtt_uri;
  char    *ca_file;
  char    *flavor;
  gint64   pid;
};

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_API_URL,
  PROP_USER,
  PROP_MQTT_URI,
  PROP_CA_FILE,
  PROP_FLAVOR,
  PROP_PID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldSandboxInfo, herald_sandbox_info, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-sandbox-info-error-quark, herald_sandbox_info_error)

static void
herald_sandbox_info_finalize (GObject *object)
{
  HeraldSandboxInfo *self = HERALD_SANDBOX_INFO (object);

  g_free (self->data_dir);
  g_free (self->api_url);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->mqtt_uri);
  g_free (self->ca_file);
  g_free (self->flavor);

  G_OBJECT_CLASS (herald_sandbox_info_parent_class)->finalize (object);
}

static void
herald_sandbox_info_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HeraldSandboxInfo *self = HERALD_SANDBOX_INFO (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_MQTT_URI:
      g_value_set_string (value, self->mqtt_uri);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_FLAVOR:
      g_value_set_string (value, self->flavor);
      break;
    case PROP_PID:
      g_value_set_int64 (value, self->pid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_sandbox_info_class_init (HeraldSandboxInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_sandbox_info_finalize;
  object_class->get_property = herald_sandbox_info_get_property;

  /* The password is deliberately no property: nothing should bind it. */
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MQTT_URI] =
    g_param_spec_string ("mqtt-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FLAVOR] =
    g_param_spec_string ("flavor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PID] =
    g_param_spec_int64 ("pid", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_sandbox_info_init (HeraldSandboxInfo *self)
{
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     required,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;

      g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_INVALID,
                   _("The sandbox description has no “%s”. Restart the sandbox so that it writes a new one."),
                   member);
      return FALSE;
    }

  if (json_node_get_value_type (node) != G_TYPE_STRING ||
      (required && *json_node_get_string (node) == '\0'))
    {
      g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_INVALID,
                   _("The sandbox description has an invalid “%s”. Restart the sandbox so that it writes a new one."),
                   member);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/**
 * herald_sandbox_info_new_from_data:
 * @data: the text of a `sandbox.json`
 * @length: its length, or -1 when it is nul-terminated
 *
 * Reads a sandbox description of schema 1: `api_url`, `user`, `password`,
 * `mqtt_uri` and `ca_file` are required, `flavor` defaults to "classic" and
 * `pid` is optional. Unknown fields are ignored.
 */
HeraldSandboxInfo *
herald_sandbox_info_new_from_data (const char  *data,
                                   gssize       length,
                                   GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HeraldSandboxInfo) self = NULL;
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (data != NULL, NULL);

  root = herald_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_INVALID,
                   _("The sandbox description is not a JSON object. Restart the sandbox so that it writes a new one."));
      return NULL;
    }

  object = json_node_get_object (root);

  node = json_object_get_member (object, "schema");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_INVALID,
                   _("The sandbox description has no schema version. Restart the sandbox so that it writes a new one."));
      return NULL;
    }
  if (json_node_get_int (node) != 1)
    {
      g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_UNSUPPORTED,
                   _("The sandbox description has schema version %d, which this Herald cannot read. Use a sandbox of the same version as Herald."),
                   (int) CLAMP (json_node_get_int (node), G_MININT, G_MAXINT));
      return NULL;
    }

  self = g_object_new (HERALD_TYPE_SANDBOX_INFO, NULL);

  if (!read_string (object, "api_url", TRUE, &self->api_url, error) ||
      !read_string (object, "user", TRUE, &self->user, error) ||
      !read_string (object, "password", TRUE, &self->password, error) ||
      !read_string (object, "mqtt_uri", TRUE, &self->mqtt_uri, error) ||
      !read_string (object, "ca_file", TRUE, &self->ca_file, error) ||
      !read_string (object, "flavor", FALSE, &self->flavor, error))
    return NULL;

  if (self->flavor == NULL)
    self->flavor = g_strdup ("classic");

  if (!g_str_has_prefix (self->api_url, "http://") &&
      !g_str_has_prefix (self->api_url, "https://"))
    {
      g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_INVALID,
                   _("The sandbox description has an invalid “%s”. Restart the sandbox so that it writes a new one."),
                   "api_url");
      return NULL;
    }

  node = json_object_get_member (object, "pid");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
    self->pid = json_node_get_int (node);

  return g_steal_pointer (&self);
}

/**
 * herald_sandbox_info_load:
 * @data_dir: the sandbox's data directory
 *
 * Reads `@data_dir/sandbox.json`. A missing file is
 * %HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING. Blocks on file I/O: the window
 * uses herald_sandbox_info_load_async().
 */
HeraldSandboxInfo *
herald_sandbox_info_load (const char    *data_dir,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  HeraldSandboxInfo *self;
  gsize length = 0;

  g_return_val_if_fail (data_dir != NULL, NULL);

  path = g_build_filename (data_dir, "sandbox.json", NULL);
  file = g_file_new_for_path (path);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING,
                     _("No sandbox runs on “%s”. Start one, or choose its data directory with --sandbox-dir."),
                     data_dir);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (g_file_info_get_size (info) > SANDBOX_INFO_MAX_SIZE)
    {
      g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_INVALID,
                   _("The sandbox description “%s” is too large to be one. Restart the sandbox so that it writes a new one."),
                   path);
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING,
                     _("No sandbox runs on “%s”. Start one, or choose its data directory with --sandbox-dir."),
                     data_dir);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = herald_sandbox_info_new_from_data (contents, length, error);
  if (contents != NULL)
    memset (contents, 0, length);
  if (self != NULL)
    self->data_dir = g_strdup (data_dir);

  return self;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  HeraldSandboxInfo *self;

  self = herald_sandbox_info_load (task_data, cancellable, &error);
  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

void
herald_sandbox_info_load_async (const char          *data_dir,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_sandbox_info_load_async);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

HeraldSandboxInfo *
herald_sandbox_info_load_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
herald_sandbox_info_get_data_dir (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), NULL);
  return self->data_dir;
}

const char *
herald_sandbox_info_get_api_url (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), NULL);
  return self->api_url;
}

const char *
herald_sandbox_info_get_user (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), NULL);
  return self->user;
}

const char *
herald_sandbox_info_get_password (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), NULL);
  return self->password;
}

const char *
herald_sandbox_info_get_mqtt_uri (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), NULL);
  return self->mqtt_uri;
}

const char *
herald_sandbox_info_get_ca_file (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), NULL);
  return self->ca_file;
}

const char *
herald_sandbox_info_get_flavor (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), NULL);
  return self->flavor;
}

gint64
herald_sandbox_info_get_pid (HeraldSandboxInfo *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_INFO (self), 0);
  return self->pid;
}

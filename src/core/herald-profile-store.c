/* herald-profile-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <errno.h>
#include <string.h>

#include "herald-paths.h"
#include "herald-profile-store.h"

/* The profiles live in one key file, $XDG_CONFIG_HOME/herald/profiles.ini,
 * a group per profile, a key per field. Secrets never go there: they go to
 * the Secret Service. When none runs (no session bus, no keyring), secrets
 * are kept in memory for this session only, and secrets-persistent turns
 * FALSE so that the window can say so. Every secret is also kept in memory
 * while Herald runs, so a keyring that goes away mid-session loses nothing.
 */

struct _HeraldProfileStore
{
  GObject     parent_instance;

  char       *path;
  GPtrArray  *profiles;
  GHashTable *memory;   /* "kind:key" -> secret */
  guint       use_secret_service : 1;
  guint       secrets_persistent : 1;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_USE_SECRET_SERVICE,
  PROP_SECRETS_PERSISTENT,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SecretSchema *
herald_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.heraldiot.Herald.Secret", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static GType
herald_profile_store_get_item_type (GListModel *model)
{
  return HERALD_TYPE_PROFILE;
}

static guint
herald_profile_store_get_n_items (GListModel *model)
{
  return HERALD_PROFILE_STORE (model)->profiles->len;
}

static gpointer
herald_profile_store_get_item (GListModel *model,
                               guint       position)
{
  HeraldProfileStore *self = HERALD_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_profile_store_get_item_type;
  iface->get_n_items = herald_profile_store_get_n_items;
  iface->get_item = herald_profile_store_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldProfileStore, herald_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (herald-profile-store-error-quark, herald_profile_store_error)

static void
secret_free (gpointer data)
{
  char *secret = data;

  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

static const char *
kind_to_string (HeraldSecretKind kind)
{
  switch (kind)
    {
    case HERALD_SECRET_SERVICE_PASSWORD:
      return "service-password";
    case HERALD_SECRET_DEVICE_KEYSTORE:
      return "device-keystore";
    case HERALD_SECRET_BROKER_PASSWORD:
      return "broker-password";
    case HERALD_SECRET_BROKER_KEY:
      return "broker-key";
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
memory_key (HeraldSecretKind  kind,
            const char       *key)
{
  return g_strconcat (kind_to_string (kind), ":", key, NULL);
}

static void
set_secrets_persistent (HeraldProfileStore *self,
                        gboolean            persistent)
{
  persistent = !!persistent;
  if (self->secrets_persistent != persistent)
    {
      self->secrets_persistent = persistent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRETS_PERSISTENT]);
    }
}

static void
secret_service_failed (HeraldProfileStore *self,
                       const GError       *error)
{
  if (self->secrets_persistent)
    g_debug ("No Secret Service, keeping secrets for this session: %s", error->message);

  set_secrets_persistent (self, FALSE);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HeraldProfileStore) self = user_data;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    secret_service_failed (self, error);
}

static void
herald_profile_store_constructed (GObject *object)
{
  HeraldProfileStore *self = HERALD_PROFILE_STORE (object);

  G_OBJECT_CLASS (herald_profile_store_parent_class)->constructed (object);

  if (self->path == NULL)
    {
      g_autofree char *dir = herald_paths_config_dir ();
      self->path = g_build_filename (dir, "profiles.ini", NULL);
    }

  self->secrets_persistent = self->use_secret_service;

  /* Ask early, so that the window can say where a password will go before
   * the user types one. */
  if (self->use_secret_service)
    secret_service_get (SECRET_SERVICE_OPEN_SESSION, NULL, probe_cb, g_object_ref (self));
}

static void
herald_profile_store_finalize (GObject *object)
{
  HeraldProfileStore *self = HERALD_PROFILE_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->memory, g_hash_table_unref);

  G_OBJECT_CLASS (herald_profile_store_parent_class)->finalize (object);
}

static void
herald_profile_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HeraldProfileStore *self = HERALD_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_USE_SECRET_SERVICE:
      g_value_set_boolean (value, self->use_secret_service);
      break;
    case PROP_SECRETS_PERSISTENT:
      g_value_set_boolean (value, self->secrets_persistent);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->profiles->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_profile_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HeraldProfileStore *self = HERALD_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_USE_SECRET_SERVICE:
      self->use_secret_service = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_profile_store_class_init (HeraldProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = herald_profile_store_constructed;
  object_class->finalize = herald_profile_store_finalize;
  object_class->get_property = herald_profile_store_get_property;
  object_class->set_property = herald_profile_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_SECRET_SERVICE] =
    g_param_spec_boolean ("use-secret-service", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldProfileStore:secrets-persistent:
   *
   * Whether secrets go to the Secret Service (%TRUE) or only stay in memory
   * for this session (%FALSE, when no Secret Service runs).
   */
  properties[PROP_SECRETS_PERSISTENT] =
    g_param_spec_boolean ("secrets-persistent", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_profile_store_init (HeraldProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, secret_free);
  self->use_secret_service = TRUE;
}

/**
 * herald_profile_store_new:
 *
 * A store on `$XDG_CONFIG_HOME/herald/profiles.ini` with secrets in the
 * Secret Service. Call herald_profile_store_load() to read it.
 */
HeraldProfileStore *
herald_profile_store_new (void)
{
  return g_object_new (HERALD_TYPE_PROFILE_STORE, NULL);
}

/**
 * herald_profile_store_new_full:
 * @path: (nullable): the key file, or %NULL for the default
 * @use_secret_service: %FALSE keeps every secret in memory only
 */
HeraldProfileStore *
herald_profile_store_new_full (const char *path,
                               gboolean    use_secret_service)
{
  return g_object_new (HERALD_TYPE_PROFILE_STORE,
                       "path", path,
                       "use-secret-service", use_secret_service,
                       NULL);
}

const char *
herald_profile_store_get_path (HeraldProfileStore *self)
{
  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (self), NULL);
  return self->path;
}

static void
clear_profiles (HeraldProfileStore *self)
{
  guint n = self->profiles->len;

  if (n == 0)
    return;

  g_ptr_array_set_size (self->profiles, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * herald_profile_store_load:
 *
 * Replaces the profiles in memory with those of the file. A missing file is
 * no error: it means no profile yet.
 */
gboolean
herald_profile_store_load (HeraldProfileStore  *self,
                           GError             **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  guint n_added = 0;

  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (self), FALSE);

  if (!g_key_file_load_from_file (key_file, self->path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          clear_profiles (self);
          return TRUE;
        }

      g_set_error (error, HERALD_PROFILE_STORE_ERROR, HERALD_PROFILE_STORE_ERROR_INVALID,
                   _("The profiles in “%s” cannot be read (%s). Fix or remove the file; Herald starts without profiles meanwhile."),
                   self->path, local_error->message);
      return FALSE;
    }

  clear_profiles (self);

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(HeraldProfile) profile = NULL;
      g_autofree char *name = NULL;
      const char * const *keys = herald_profile_list_keys ();

      name = g_key_file_get_string (key_file, groups[i], "name", NULL);
      if (name == NULL || *name == '\0' || herald_profile_store_lookup (self, name) != NULL)
        continue;

      profile = herald_profile_new (name);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_string (key_file, groups[i], keys[k], NULL);
          herald_profile_set_string (profile, keys[k], value);
        }
      herald_profile_set_use_sandbox (profile,
                                      g_key_file_get_boolean (key_file, groups[i], "use-sandbox", NULL));

      g_ptr_array_add (self->profiles, g_steal_pointer (&profile));
      n_added++;
    }

  if (n_added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_added);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  return TRUE;
}

/**
 * herald_profile_store_save:
 *
 * Writes every profile to the file, atomically and readable by the user
 * only (it names hosts and users, though never a password).
 */
gboolean
herald_profile_store_save (HeraldProfileStore  *self,
                           GError             **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (self), FALSE);

  g_key_file_set_comment (key_file, NULL, NULL,
                          " Herald profiles. Passwords and secrets are in the Secret Service, not here.",
                          NULL);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      HeraldProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *name = g_strdup_printf ("Profile %u", i + 1);
      const char * const *keys = herald_profile_list_keys ();

      /* Names may hold anything, group names may not: the name is a key. */
      g_key_file_set_string (key_file, name, "name", herald_profile_get_name (profile));
      g_key_file_set_boolean (key_file, name, "use-sandbox",
                              herald_profile_get_use_sandbox (profile));
      for (guint k = 0; keys[k] != NULL; k++)
        {
          const char *value = herald_profile_get_string (profile, keys[k]);

          if (value != NULL)
            g_key_file_set_string (key_file, name, keys[k], value);
        }
    }

  data = g_key_file_to_data (key_file, &length, NULL);
  dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, HERALD_PROFILE_STORE_ERROR, HERALD_PROFILE_STORE_ERROR_WRITE,
                   _("The folder “%s” for the profiles cannot be made (%s). Check its permissions and the free disk space."),
                   dir, g_strerror (errsv));
      return FALSE;
    }

  if (!g_file_set_contents_full (self->path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, HERALD_PROFILE_STORE_ERROR, HERALD_PROFILE_STORE_ERROR_WRITE,
                   _("The profiles cannot be saved to “%s” (%s). Check its permissions and the free disk space."),
                   self->path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_profile_store_lookup:
 *
 * Returns: (transfer none) (nullable): the profile called @name
 */
HeraldProfile *
herald_profile_store_lookup (HeraldProfileStore *self,
                             const char         *name)
{
  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      HeraldProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (herald_profile_get_name (profile), name) == 0)
        return profile;
    }

  return NULL;
}

/**
 * herald_profile_store_ensure:
 *
 * Returns: (transfer none): the profile called @name, made and appended
 *   when there was none
 */
HeraldProfile *
herald_profile_store_ensure (HeraldProfileStore *self,
                             const char         *name)
{
  HeraldProfile *profile;

  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  profile = herald_profile_store_lookup (self, name);
  if (profile != NULL)
    return profile;

  profile = herald_profile_new (name);
  g_ptr_array_add (self->profiles, profile);
  g_list_model_items_changed (G_LIST_MODEL (self), self->profiles->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  return profile;
}

gboolean
herald_profile_store_remove (HeraldProfileStore *self,
                             const char         *name)
{
  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      HeraldProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (herald_profile_get_name (profile), name) == 0)
        {
          g_ptr_array_remove_index (self->profiles, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
herald_profile_store_get_secrets_persistent (HeraldProfileStore *self)
{
  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (self), FALSE);
  return self->secrets_persistent;
}

static char *
secret_label (HeraldSecretKind  kind,
              const char       *key)
{
  switch (kind)
    {
    case HERALD_SECRET_SERVICE_PASSWORD:
      return g_strdup_printf (_("Herald: service password of “%s”"), key);
    case HERALD_SECRET_DEVICE_KEYSTORE:
      return g_strdup_printf (_("Herald: key store secret of device “%s”"), key);
    case HERALD_SECRET_BROKER_PASSWORD:
      return g_strdup_printf (_("Herald: broker password of connection %s"), key);
    case HERALD_SECRET_BROKER_KEY:
      return g_strdup_printf (_("Herald: certificate key password of connection %s"), key);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldProfileStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      secret_service_failed (self, error);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * herald_profile_store_store_secret_async:
 *
 * Keeps @secret for this session and in the Secret Service when one runs.
 * A missing Secret Service is no error: secrets-persistent turns %FALSE.
 */
void
herald_profile_store_store_secret_async (HeraldProfileStore  *self,
                                         HeraldSecretKind     kind,
                                         const char          *key,
                                         const char          *secret,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HERALD_IS_PROFILE_STORE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_profile_store_store_secret_async);

  g_hash_table_replace (self->memory, memory_key (kind, key), g_strdup (secret));

  if (self->secrets_persistent)
    {
      g_autofree char *label = secret_label (kind, key);

      secret_password_store (herald_secret_schema (), SECRET_COLLECTION_DEFAULT,
                             label, secret, cancellable,
                             store_cb, g_steal_pointer (&task),
                             "kind", kind_to_string (kind),
                             "key", key,
                             NULL);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

gboolean
herald_profile_store_store_secret_finish (HeraldProfileStore  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  HeraldSecretKind  kind;
  char             *key;
} LookupData;

static void
lookup_data_free (gpointer data)
{
  LookupData *lookup = data;

  g_free (lookup->key);
  g_free (lookup);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldProfileStore *self = g_task_get_source_object (task);
  LookupData *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      secret_service_failed (self, error);
    }

  if (secret != NULL)
    {
      g_hash_table_replace (self->memory, memory_key (lookup->kind, lookup->key), g_strdup (secret));
      g_task_return_pointer (task, g_strdup (secret), secret_free);
      secret_password_free (secret);
      return;
    }

  g_task_return_pointer (task, NULL, NULL);
}

/**
 * herald_profile_store_lookup_secret_async:
 *
 * Finds a secret kept earlier. Finishes with %NULL and no error when there
 * is none.
 */
void
herald_profile_store_lookup_secret_async (HeraldProfileStore  *self,
                                          HeraldSecretKind     kind,
                                          const char          *key,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *mkey = NULL;
  const char *secret;
  LookupData *lookup;

  g_return_if_fail (HERALD_IS_PROFILE_STORE (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_profile_store_lookup_secret_async);

  mkey = memory_key (kind, key);
  secret = g_hash_table_lookup (self->memory, mkey);
  if (secret != NULL || !self->secrets_persistent)
    {
      g_task_return_pointer (task, g_strdup (secret), secret_free);
      return;
    }

  lookup = g_new0 (LookupData, 1);
  lookup->kind = kind;
  lookup->key = g_strdup (key);
  g_task_set_task_data (task, lookup, lookup_data_free);

  secret_password_lookup (herald_secret_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          "kind", kind_to_string (kind),
                          "key", key,
                          NULL);
}

/**
 * herald_profile_store_lookup_secret_finish:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL when none is kept
 */
char *
herald_profile_store_lookup_secret_finish (HeraldProfileStore  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldProfileStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      secret_service_failed (self, error);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * herald_profile_store_clear_secret_async:
 *
 * Forgets a secret, in memory and in the Secret Service.
 */
void
herald_profile_store_clear_secret_async (HeraldProfileStore  *self,
                                         HeraldSecretKind     kind,
                                         const char          *key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *mkey = NULL;

  g_return_if_fail (HERALD_IS_PROFILE_STORE (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_profile_store_clear_secret_async);

  mkey = memory_key (kind, key);
  g_hash_table_remove (self->memory, mkey);

  if (self->secrets_persistent)
    {
      secret_password_clear (herald_secret_schema (), cancellable,
                             clear_cb, g_steal_pointer (&task),
                             "kind", kind_to_string (kind),
                             "key", key,
                             NULL);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

gboolean
herald_profile_store_clear_secret_finish (HeraldProfileStore  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

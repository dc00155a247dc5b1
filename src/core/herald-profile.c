/* herald-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-profile.h"

/* One service + device set-up as the user left it: where the service is,
 * who logs in, which entities were picked, how the device connects. Every
 * field but the name and use-sandbox is a string property named like the
 * key it is stored under, so the store and the window treat them alike.
 * Passwords and secrets are never fields here: they live in the Secret
 * Service, keyed by the profile's name or the device's alternate id.
 */

#define N_STRINGS 15

struct _HeraldProfile
{
  GObject   parent_instance;

  char     *name;
  gboolean  use_sandbox;
  char     *strings[N_STRINGS];
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_USE_SANDBOX,
  PROP_FIRST_STRING,
  /* the string properties follow, in the order of string_keys */
};

static const char * const string_keys[] = {
  "api-url",
  "user",
  "flavor",
  "sandbox-dir",
  "capability-id",
  "sensor-type-id",
  "device-id",
  "device-alternate-id",
  "sensor-id",
  "keystore-path",
  "mqtt-uri",
  "client-id",
  "trust",
  "ca-file",
  "device-connection",
  NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (string_keys) == N_STRINGS + 1);

#define API_URL 0

#define N_PROPS (PROP_FIRST_STRING + N_STRINGS)

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldProfile, herald_profile, G_TYPE_OBJECT)

static int
string_index (const char *key)
{
  for (guint i = 0; i < N_STRINGS; i++)
    if (strcmp (string_keys[i], key) == 0)
      return i;
  return -1;
}

static void
herald_profile_finalize (GObject *object)
{
  HeraldProfile *self = HERALD_PROFILE (object);

  g_free (self->name);
  for (guint i = 0; i < N_STRINGS; i++)
    g_free (self->strings[i]);

  G_OBJECT_CLASS (herald_profile_parent_class)->finalize (object);
}

static void
herald_profile_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HeraldProfile *self = HERALD_PROFILE (object);

  if (prop_id == PROP_NAME)
    g_value_set_string (value, self->name);
  else if (prop_id == PROP_USE_SANDBOX)
    g_value_set_boolean (value, self->use_sandbox);
  else if (prop_id >= PROP_FIRST_STRING && prop_id < N_PROPS)
    g_value_set_string (value, self->strings[prop_id - PROP_FIRST_STRING]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
herald_profile_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HeraldProfile *self = HERALD_PROFILE (object);

  if (prop_id == PROP_NAME)
    self->name = g_value_dup_string (value);
  else if (prop_id == PROP_USE_SANDBOX)
    herald_profile_set_use_sandbox (self, g_value_get_boolean (value));
  else if (prop_id >= PROP_FIRST_STRING && prop_id < N_PROPS)
    herald_profile_set_string (self, string_keys[prop_id - PROP_FIRST_STRING],
                               g_value_get_string (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
herald_profile_class_init (HeraldProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_profile_finalize;
  object_class->get_property = herald_profile_get_property;
  object_class->set_property = herald_profile_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_SANDBOX] =
    g_param_spec_boolean ("use-sandbox", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  for (guint i = 0; i < N_STRINGS; i++)
    properties[PROP_FIRST_STRING + i] =
      g_param_spec_string (string_keys[i], NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_profile_init (HeraldProfile *self)
{
}

HeraldProfile *
herald_profile_new (const char *name)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  return g_object_new (HERALD_TYPE_PROFILE, "name", name, NULL);
}

const char *
herald_profile_get_name (HeraldProfile *self)
{
  g_return_val_if_fail (HERALD_IS_PROFILE (self), NULL);
  return self->name;
}

/**
 * herald_profile_get_string:
 * @key: one of herald_profile_list_keys()
 *
 * Returns: (nullable): the value, or %NULL when it was never set
 */
const char *
herald_profile_get_string (HeraldProfile *self,
                           const char    *key)
{
  int i;

  g_return_val_if_fail (HERALD_IS_PROFILE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  i = string_index (key);
  g_return_val_if_fail (i >= 0, NULL);

  return self->strings[i];
}

/**
 * herald_profile_set_string:
 * @value: (nullable): the new value; %NULL or "" unsets it
 *
 * An "api-url" is kept without the user and password it may hold.
 */
void
herald_profile_set_string (HeraldProfile *self,
                           const char    *key,
                           const char    *value)
{
  g_autofree char *without_credentials = NULL;
  int i;

  g_return_if_fail (HERALD_IS_PROFILE (self));
  g_return_if_fail (key != NULL);

  i = string_index (key);
  g_return_if_fail (i >= 0);

  if (value != NULL && *value == '\0')
    value = NULL;

  /* A user or password in the API URL would be saved in profiles.ini: the
   * service page refuses such a URL with herald_service_config_check_api_url(),
   * and any other way in loses them here. */
  if (value != NULL && i == API_URL)
    {
      g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_ENCODED, NULL);

      if (uri != NULL && g_uri_get_userinfo (uri) != NULL)
        value = without_credentials = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
    }

  if (g_strcmp0 (self->strings[i], value) != 0)
    {
      g_free (self->strings[i]);
      self->strings[i] = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_STRING + i]);
    }
}

gboolean
herald_profile_get_use_sandbox (HeraldProfile *self)
{
  g_return_val_if_fail (HERALD_IS_PROFILE (self), FALSE);
  return self->use_sandbox;
}

void
herald_profile_set_use_sandbox (HeraldProfile *self,
                                gboolean       use_sandbox)
{
  g_return_if_fail (HERALD_IS_PROFILE (self));

  use_sandbox = !!use_sandbox;
  if (self->use_sandbox != use_sandbox)
    {
      self->use_sandbox = use_sandbox;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_SANDBOX]);
    }
}

/**
 * herald_profile_list_keys:
 *
 * Returns: (transfer none): the keys of the string fields, %NULL-terminated
 */
const char * const *
herald_profile_list_keys (void)
{
  return string_keys;
}

/* Typed fields ------------------------------------------------------------ */

#define DEFINE_FIELD(name, key)                                            \
  const char *                                                             \
  herald_profile_get_##name (HeraldProfile *self)                          \
  {                                                                        \
    return herald_profile_get_string (self, key);                          \
  }                                                                        \
                                                                           \
  void                                                                     \
  herald_profile_set_##name (HeraldProfile *self,                          \
                             const char    *value)                         \
  {                                                                        \
    herald_profile_set_string (self, key, value);                          \
  }

DEFINE_FIELD (api_url, "api-url")
DEFINE_FIELD (user, "user")
DEFINE_FIELD (flavor, "flavor")
DEFINE_FIELD (sandbox_dir, "sandbox-dir")
DEFINE_FIELD (capability_id, "capability-id")
DEFINE_FIELD (sensor_type_id, "sensor-type-id")
DEFINE_FIELD (device_id, "device-id")
DEFINE_FIELD (device_alternate_id, "device-alternate-id")
DEFINE_FIELD (sensor_id, "sensor-id")
DEFINE_FIELD (keystore_path, "keystore-path")
DEFINE_FIELD (mqtt_uri, "mqtt-uri")
DEFINE_FIELD (client_id, "client-id")
DEFINE_FIELD (trust, "trust")
DEFINE_FIELD (ca_file, "ca-file")

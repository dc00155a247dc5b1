/* herald-service-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "herald-api-error.h"
#include "herald-exchange-private.h"
#include "herald-json-private.h"
#include "herald-service-config.h"

/**
 * HeraldServiceConfig:
 *
 * How to reach one IoT Service: the API root URL (either path style,
 * `…/iot/core/api/v1` or `…/iot/core/api/v1/tenant/{tenantId}`), the Basic
 * credentials (a user and password, or a client id and secret used the same
 * way), the connect and request time-outs in seconds (10 and 30 by default),
 * TLS verification (on by default, against the system's trust store, plus
 * an optional extra CA file), and whether to use the system's proxy
 * settings (yes by default).
 *
 * A #HeraldApiClient copies the configuration when it is made: change a
 * setting by making a new client.
 */
struct _HeraldServiceConfig
{
  GObject   parent_instance;

  char     *api_url;
  char     *user;
  char     *password;
  char     *instance_id;
  char     *tenant_id;
  char     *ca_file;
  guint     connect_timeout;
  guint     request_timeout;
  gboolean  tls_verify;
  gboolean  use_system_proxy;
};

G_DEFINE_FINAL_TYPE (HeraldServiceConfig, herald_service_config, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API_URL,
  PROP_USER,
  PROP_PASSWORD,
  PROP_INSTANCE_ID,
  PROP_TENANT_ID,
  PROP_CONNECT_TIMEOUT,
  PROP_REQUEST_TIMEOUT,
  PROP_TLS_VERIFY,
  PROP_CA_FILE,
  PROP_USE_SYSTEM_PROXY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (HeraldServiceConfig  *self,
            char                **field,
            const char           *value,
            guint                 prop_id)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
herald_service_config_finalize (GObject *object)
{
  HeraldServiceConfig *self = (HeraldServiceConfig *)object;

  g_free (self->api_url);
  g_free (self->user);
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  g_free (self->instance_id);
  g_free (self->tenant_id);
  g_free (self->ca_file);

  G_OBJECT_CLASS (herald_service_config_parent_class)->finalize (object);
}

static void
herald_service_config_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HeraldServiceConfig *self = HERALD_SERVICE_CONFIG (object);

  switch (prop_id)
    {
    case PROP_API_URL: g_value_set_string (value, self->api_url); break;
    case PROP_USER: g_value_set_string (value, self->user); break;
    case PROP_PASSWORD: g_value_set_string (value, self->password); break;
    case PROP_INSTANCE_ID: g_value_set_string (value, self->instance_id); break;
    case PROP_TENANT_ID: g_value_set_string (value, self->tenant_id); break;
    case PROP_CONNECT_TIMEOUT: g_value_set_uint (value, self->connect_timeout); break;
    case PROP_REQUEST_TIMEOUT: g_value_set_uint (value, self->request_timeout); break;
    case PROP_TLS_VERIFY: g_value_set_boolean (value, self->tls_verify); break;
    case PROP_CA_FILE: g_value_set_string (value, self->ca_file); break;
    case PROP_USE_SYSTEM_PROXY: g_value_set_boolean (value, self->use_system_proxy); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_service_config_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HeraldServiceConfig *self = HERALD_SERVICE_CONFIG (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      herald_service_config_set_api_url (self, g_value_get_string (value));
      break;
    case PROP_USER:
      set_string (self, &self->user, g_value_get_string (value), prop_id);
      break;
    case PROP_PASSWORD:
      herald_service_config_set_password (self, g_value_get_string (value));
      break;
    case PROP_INSTANCE_ID:
      set_string (self, &self->instance_id, g_value_get_string (value), prop_id);
      break;
    case PROP_TENANT_ID:
      set_string (self, &self->tenant_id, g_value_get_string (value), prop_id);
      break;
    case PROP_CONNECT_TIMEOUT:
      herald_service_config_set_connect_timeout (self, g_value_get_uint (value));
      break;
    case PROP_REQUEST_TIMEOUT:
      herald_service_config_set_request_timeout (self, g_value_get_uint (value));
      break;
    case PROP_TLS_VERIFY:
      herald_service_config_set_tls_verify (self, g_value_get_boolean (value));
      break;
    case PROP_CA_FILE:
      set_string (self, &self->ca_file, g_value_get_string (value), prop_id);
      break;
    case PROP_USE_SYSTEM_PROXY:
      herald_service_config_set_use_system_proxy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_service_config_class_init (HeraldServiceConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = herald_service_config_finalize;
  object_class->get_property = herald_service_config_get_property;
  object_class->set_property = herald_service_config_set_property;

  /* Stored without a trailing slash; resource paths are appended to it. */
  properties[PROP_API_URL] = g_param_spec_string ("api-url", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_PASSWORD] = g_param_spec_string ("password", NULL, NULL, NULL, flags);
  properties[PROP_INSTANCE_ID] = g_param_spec_string ("instance-id", NULL, NULL, NULL, flags);
  properties[PROP_TENANT_ID] = g_param_spec_string ("tenant-id", NULL, NULL, NULL, flags);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 3600,
                       HERALD_SERVICE_CONFIG_DEFAULT_CONNECT_TIMEOUT, flags);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 1, 3600,
                       HERALD_SERVICE_CONFIG_DEFAULT_REQUEST_TIMEOUT, flags);
  properties[PROP_TLS_VERIFY] = g_param_spec_boolean ("tls-verify", NULL, NULL, TRUE, flags);
  /* A PEM file of extra trusted CAs, on top of the system's store. */
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, flags);
  properties[PROP_USE_SYSTEM_PROXY] =
    g_param_spec_boolean ("use-system-proxy", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_service_config_init (HeraldServiceConfig *self)
{
  self->connect_timeout = HERALD_SERVICE_CONFIG_DEFAULT_CONNECT_TIMEOUT;
  self->request_timeout = HERALD_SERVICE_CONFIG_DEFAULT_REQUEST_TIMEOUT;
  self->tls_verify = TRUE;
  self->use_system_proxy = TRUE;
}

HeraldServiceConfig *
herald_service_config_new (const char *api_url,
                           const char *user,
                           const char *password)
{
  return g_object_new (HERALD_TYPE_SERVICE_CONFIG,
                       "api-url", api_url,
                       "user", user,
                       "password", password,
                       NULL);
}

/**
 * herald_service_config_copy:
 *
 * Returns: (transfer full): a new configuration with the same settings
 */
HeraldServiceConfig *
herald_service_config_copy (HeraldServiceConfig *self)
{
  HeraldServiceConfig *copy;

  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), NULL);

  copy = herald_service_config_new (self->api_url, self->user, self->password);
  copy->instance_id = g_strdup (self->instance_id);
  copy->tenant_id = g_strdup (self->tenant_id);
  copy->ca_file = g_strdup (self->ca_file);
  copy->connect_timeout = self->connect_timeout;
  copy->request_timeout = self->request_timeout;
  copy->tls_verify = self->tls_verify;
  copy->use_system_proxy = self->use_system_proxy;

  return copy;
}

/**
 * herald_service_config_check_api_url:
 * @api_url: an API URL as the user entered it
 * @error: a %HERALD_API_ERROR_INVALID_CONFIG error saying what to fix
 *
 * Refuses an API URL with a user or password in it
 * (`https://user:password@host/…`): the password would be shown in the
 * exchange log and saved with the profile. Other checks are
 * herald_service_config_check()'s.
 */
gboolean
herald_service_config_check_api_url (const char  *api_url,
                                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (api_url != NULL, FALSE);

  uri = g_uri_parse (api_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_userinfo (uri) != NULL)
    {
      g_autofree char *host = g_strdup (g_uri_get_host (uri) ? g_uri_get_host (uri) : "");

      g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                   _("The API URL holds a user or password before “%s”. Remove the part up "
                     "to “@” from the URL, and enter the user and password in their own "
                     "fields: Herald keeps the password in the key ring, not in the URL."),
                   host);
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_service_config_normalize_api_url:
 * @api_url: an API URL as the user entered it
 *
 * The API URL as Herald keeps and compares it: without surrounding blanks
 * or trailing slashes (resource paths are appended to it).
 *
 * Returns: (transfer full): the normalized URL
 */
char *
herald_service_config_normalize_api_url (const char *api_url)
{
  char *clean;
  gsize len;

  g_return_val_if_fail (api_url != NULL, NULL);

  clean = g_strstrip (g_strdup (api_url));
  len = strlen (clean);
  while (len > 0 && clean[len - 1] == '/')
    clean[--len] = '\0';

  return clean;
}

/* The MQTT gateway of the IoT Service: TLS with client certificates, on
 * the API's host. */
#define MQTT_GATEWAY_PORT 8883

/**
 * herald_service_config_guess_mqtt_uri:
 * @api_url: the service's API URL
 *
 * Where the service's MQTT gateway is, as far as the API URL tells:
 * `ssl://<host>:8883` on the API's host (an IPv6 address in brackets).
 *
 * Returns: (transfer full) (nullable): the gateway's server URI, or %NULL
 *   when @api_url names no host
 */
char *
herald_service_config_guess_mqtt_uri (const char *api_url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (api_url != NULL, NULL);

  uri = g_uri_parse (api_url, G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    return NULL;

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("ssl://[%s]:%d", host, MQTT_GATEWAY_PORT);
  return g_strdup_printf ("ssl://%s:%d", host, MQTT_GATEWAY_PORT);
}

/**
 * herald_service_config_check:
 * @error: a %HERALD_API_ERROR_INVALID_CONFIG error saying what to fix
 *
 * Checks that the configuration can be used: an http or https API URL with
 * a host and without credentials, and a user.
 */
gboolean
herald_service_config_check (HeraldServiceConfig  *self,
                             GError              **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), FALSE);

  if (self->api_url == NULL)
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                           _("No API URL is set. Enter the API URL of the service, "
                             "for example https://HOST/iot/core/api/v1."));
      return FALSE;
    }

  if (!herald_service_config_check_api_url (self->api_url, error))
    return FALSE;

  uri = g_uri_parse (self->api_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_autofree char *shown = herald_exchange_redact_url (self->api_url);

      g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                   _("“%s” is not an API URL. Enter the API URL of the service, "
                     "for example https://HOST/iot/core/api/v1."),
                   shown);
      return FALSE;
    }

  if (self->user == NULL)
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                           _("No user is set. Enter the user and password of the service."));
      return FALSE;
    }

  return TRUE;
}

const char *
herald_service_config_get_api_url (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), NULL);

  return self->api_url;
}

/* Either path style works; surrounding blanks and trailing slashes go
 * (herald_service_config_normalize_api_url()). */
void
herald_service_config_set_api_url (HeraldServiceConfig *self,
                                   const char          *api_url)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));

  if (api_url != NULL)
    clean = herald_service_config_normalize_api_url (api_url);

  set_string (self, &self->api_url, clean, PROP_API_URL);
}

const char *
herald_service_config_get_user (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), NULL);

  return self->user;
}

void
herald_service_config_set_user (HeraldServiceConfig *self,
                                const char          *user)
{
  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));

  set_string (self, &self->user, user, PROP_USER);
}

const char *
herald_service_config_get_password (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), NULL);

  return self->password;
}

void
herald_service_config_set_password (HeraldServiceConfig *self,
                                    const char          *password)
{
  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));

  if (g_strcmp0 (self->password, password) == 0)
    return;

  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

const char *
herald_service_config_get_instance_id (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), NULL);

  return self->instance_id;
}

const char *
herald_service_config_get_tenant_id (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), NULL);

  return self->tenant_id;
}

guint
herald_service_config_get_connect_timeout (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), 0);

  return self->connect_timeout;
}

void
herald_service_config_set_connect_timeout (HeraldServiceConfig *self,
                                           guint                seconds)
{
  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));
  g_return_if_fail (seconds > 0);

  if (self->connect_timeout == seconds)
    return;

  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

guint
herald_service_config_get_request_timeout (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), 0);

  return self->request_timeout;
}

void
herald_service_config_set_request_timeout (HeraldServiceConfig *self,
                                           guint                seconds)
{
  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));
  g_return_if_fail (seconds > 0);

  if (self->request_timeout == seconds)
    return;

  self->request_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_TIMEOUT]);
}

gboolean
herald_service_config_get_tls_verify (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), TRUE);

  return self->tls_verify;
}

void
herald_service_config_set_tls_verify (HeraldServiceConfig *self,
                                      gboolean             tls_verify)
{
  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));

  tls_verify = !!tls_verify;
  if (self->tls_verify == tls_verify)
    return;

  self->tls_verify = tls_verify;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_VERIFY]);
}

const char *
herald_service_config_get_ca_file (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), NULL);

  return self->ca_file;
}

void
herald_service_config_set_ca_file (HeraldServiceConfig *self,
                                   const char          *ca_file)
{
  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));

  set_string (self, &self->ca_file, ca_file, PROP_CA_FILE);
}

gboolean
herald_service_config_get_use_system_proxy (HeraldServiceConfig *self)
{
  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (self), TRUE);

  return self->use_system_proxy;
}

void
herald_service_config_set_use_system_proxy (HeraldServiceConfig *self,
                                            gboolean             use_system_proxy)
{
  g_return_if_fail (HERALD_IS_SERVICE_CONFIG (self));

  use_system_proxy = !!use_system_proxy;
  if (self->use_system_proxy == use_system_proxy)
    return;

  self->use_system_proxy = use_system_proxy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_SYSTEM_PROXY]);
}

/* Service keys */

static const char *
key_string (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                   _("The field “%s” of the service key is not a text. "
                     "Copy the service key again from the cloud account."),
                   member);
      return NULL;
    }

  node = json_object_get_member (object, member);
  if (json_node_get_string (node)[0] == '\0')
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_pair (JsonObject   *object,
          const char   *user_member,
          const char   *secret_member,
          const char  **user,
          const char  **secret,
          GError      **error)
{
  GError *local_error = NULL;

  *user = key_string (object, user_member, &local_error);
  if (local_error == NULL)
    *secret = key_string (object, secret_member, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* The API root from the scheme, host and port of a cockpit URL or host. */
static char *
api_root_from (const char *location,
               const char *tenant_id)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *escaped_tenant = NULL;
  g_autofree char *host_port = NULL;

  if (strstr (location, "://") == NULL)
    location = with_scheme = g_strconcat ("https://", location, NULL);

  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return NULL;

  if (g_uri_get_port (uri) > 0)
    host_port = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    host_port = g_strdup (g_uri_get_host (uri));

  if (tenant_id == NULL)
    return g_strdup_printf ("%s://%s/iot/core/api/v1", g_uri_get_scheme (uri), host_port);

  escaped_tenant = g_uri_escape_string (tenant_id, NULL, FALSE);
  return g_strdup_printf ("%s://%s/iot/core/api/v1/tenant/%s",
                          g_uri_get_scheme (uri), host_port, escaped_tenant);
}

/**
 * herald_service_config_new_from_service_key:
 * @service_key: the service key's JSON text, as users copy it from the cloud
 *   account (also wrapped in a `credentials` object)
 * @error: a %HERALD_API_ERROR_INVALID_CONFIG error that names the missing or
 *   malformed field
 *
 * Reads `username`/`password` or `clientId`/`clientSecret`, `instanceId`,
 * `tenantId`, and `cockpitUrl` or `host`. The API root is the scheme and
 * host of the cockpit URL (https when a bare host is given) followed by
 * `/iot/core/api/v1`, and `/tenant/{tenantId}` when the key names a tenant.
 *
 * Returns: (transfer full): a new configuration with default time-outs
 */
HeraldServiceConfig *
herald_service_config_new_from_service_key (const char  *service_key,
                                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(HeraldServiceConfig) self = NULL;
  g_autofree char *api_url = NULL;
  JsonObject *object;
  const char *user = NULL;
  const char *password = NULL;
  const char *instance_id;
  const char *tenant_id;
  const char *location;
  const char *location_member = "cockpitUrl";

  g_return_val_if_fail (service_key != NULL, NULL);

  root = herald_json_parse (service_key, -1, &local_error);
  if (root == NULL)
    {
      g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                   /* Translators: %s is a sentence that says what is wrong and where */
                   _("The service key cannot be read: %s "
                     "Copy the whole service key, from “{” to “}”."),
                   local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                           _("The service key is not a JSON object. "
                             "Copy the whole service key, from “{” to “}”."));
      return NULL;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "credentials") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "credentials")))
    object = json_object_get_object_member (object, "credentials");

  if (!get_pair (object, "username", "password", &user, &password, error))
    return NULL;

  if (user == NULL && password == NULL &&
      !get_pair (object, "clientId", "clientSecret", &user, &password, error))
    return NULL;

  if (user == NULL)
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                           json_object_has_member (object, "clientSecret")
                           ? _("The service key has no “clientId”. Copy the whole service key from the cloud account.")
                           : _("The service key has no “username” (or “clientId”). "
                               "Copy the whole service key from the cloud account."));
      return NULL;
    }

  if (password == NULL)
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                           json_object_has_member (object, "clientId")
                           ? _("The service key has no “clientSecret”. Copy the whole service key from the cloud account.")
                           : _("The service key has no “password”. Copy the whole service key from the cloud account."));
      return NULL;
    }

  instance_id = key_string (object, "instanceId", &local_error);
  if (local_error == NULL)
    tenant_id = key_string (object, "tenantId", &local_error);
  if (local_error == NULL)
    location = key_string (object, "cockpitUrl", &local_error);
  if (local_error == NULL && location == NULL)
    {
      location_member = "host";
      location = key_string (object, "host", &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (location == NULL)
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                           _("The service key has no “cockpitUrl” (or “host”), so Herald cannot "
                             "tell where the service is. Copy the whole service key, or enter "
                             "the API URL yourself."));
      return NULL;
    }

  api_url = api_root_from (location, tenant_id);
  if (api_url == NULL)
    {
      g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                   _("The “%s” of the service key, “%s”, is not a URL or host name. "
                     "Copy the service key again, or enter the API URL yourself."),
                   location_member, location);
      return NULL;
    }

  self = herald_service_config_new (api_url, user, password);
  set_string (self, &self->instance_id, instance_id, PROP_INSTANCE_ID);
  set_string (self, &self->tenant_id, tenant_id, PROP_TENANT_ID);

  return g_steal_pointer (&self);
}

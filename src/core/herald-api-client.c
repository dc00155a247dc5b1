/* herald-api-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HeraldApiClient object: its configuration, credentials, CA file and
 * SoupSession, its properties and the ::exchange signal, and the small
 * helpers its parts share. The calls live in the parts:
 * herald-api-client-transport.c (one HTTP exchange),
 * herald-api-client-lists.c (paged lists), herald-api-client-entities.c
 * (get, create, delete) and herald-api-client-device.c (certificates,
 * commands).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "herald-api-client-private.h"

/**
 * HeraldApiClient:
 *
 * An asynchronous client of the IoT Service Device Management API
 * (classic and tenant flavours), on one #SoupSession. Every call is a GIO
 * `_async`/`_finish` pair that takes a #GCancellable and runs on the
 * caller's thread-default main context without blocking it. Errors are in
 * %HERALD_API_ERROR. Each HTTP exchange, successful or not, is announced by
 * the #HeraldApiClient::exchange signal with its secrets redacted.
 */

G_DEFINE_FINAL_TYPE (HeraldApiClient, herald_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_PAGE_SIZE,
  N_PROPS
};

enum {
  EXCHANGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define DEFAULT_PAGE_SIZE 100

/* Shared by the parts */

char *
_herald_api_client_escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

const char *
_herald_api_client_collection_of (GType entity_type)
{
  if (entity_type == HERALD_TYPE_CAPABILITY)
    return "/capabilities";
  if (entity_type == HERALD_TYPE_SENSOR_TYPE)
    return "/sensorTypes";
  if (entity_type == HERALD_TYPE_GATEWAY)
    return "/gateways";
  if (entity_type == HERALD_TYPE_DEVICE)
    return "/devices";
  if (entity_type == HERALD_TYPE_SENSOR)
    return "/sensors";

  g_return_val_if_reached (NULL);
}

GTask *
_herald_api_client_op_new (HeraldApiClient     *self,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  return task;
}

void
_herald_api_client_emit_exchange (HeraldApiClient *self,
                                  HeraldExchange  *exchange)
{
  g_signal_emit (self, signals[EXCHANGE], 0, exchange);
}

/* The object */

static void
herald_api_client_dispose (GObject *object)
{
  HeraldApiClient *self = (HeraldApiClient *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (herald_api_client_parent_class)->dispose (object);
}

static void
herald_api_client_finalize (GObject *object)
{
  HeraldApiClient *self = (HeraldApiClient *)object;

  g_clear_object (&self->config);
  g_list_free_full (self->extra_cas, g_object_unref);
  if (self->authorization != NULL)
    explicit_bzero (self->authorization, strlen (self->authorization));
  g_free (self->authorization);

  G_OBJECT_CLASS (herald_api_client_parent_class)->finalize (object);
}

static void
herald_api_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HeraldApiClient *self = HERALD_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_api_client_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HeraldApiClient *self = HERALD_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = herald_service_config_copy (g_value_get_object (value));
      break;
    case PROP_PAGE_SIZE:
      herald_api_client_set_page_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_api_client_class_init (HeraldApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_api_client_dispose;
  object_class->finalize = herald_api_client_finalize;
  object_class->get_property = herald_api_client_get_property;
  object_class->set_property = herald_api_client_set_property;

  /* A copy of the configuration given to herald_api_client_new(). */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL,
                         HERALD_TYPE_SERVICE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* How many entities one request of an "all" list asks for. */
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 10000, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldApiClient::exchange:
   * @exchange: the finished exchange, secrets already redacted
   *
   * Emitted on the calling thread's main context when an HTTP exchange has
   * ended, before its call's callback runs; also for failures (status 0
   * and an error message when no answer came).
   */
  signals[EXCHANGE] =
    g_signal_new ("exchange",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HERALD_TYPE_EXCHANGE);
}

static void
herald_api_client_init (HeraldApiClient *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->list_limit = LIST_ENTRIES_LIMIT;
}

/**
 * herald_api_client_new:
 * @config: how to reach the service; the client keeps a copy
 * @error: a %HERALD_API_ERROR_INVALID_CONFIG error for an unusable API URL
 *   or an unreadable CA file
 *
 * Returns: (transfer full) (nullable): a new client
 */
HeraldApiClient *
herald_api_client_new (HeraldServiceConfig  *config,
                       GError              **error)
{
  g_autoptr(HeraldApiClient) self = NULL;
  const char *ca_file;
  const char *user;
  const char *password;

  g_return_val_if_fail (HERALD_IS_SERVICE_CONFIG (config), NULL);

  if (!herald_service_config_check (config, error))
    return NULL;

  self = g_object_new (HERALD_TYPE_API_CLIENT, "config", config, NULL);

  ca_file = herald_service_config_get_ca_file (self->config);
  if (ca_file != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      self->extra_cas = g_tls_certificate_list_new_from_file (ca_file, &local_error);
      if (self->extra_cas == NULL)
        {
          g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                       _("The CA file “%s” cannot be used: %s. Choose a PEM file with the "
                         "certificate of the service's certificate authority."),
                       ca_file, local_error ? local_error->message : _("it holds no certificate"));
          return NULL;
        }
    }

  user = herald_service_config_get_user (self->config);
  password = herald_service_config_get_password (self->config);
  if (user != NULL)
    {
      g_autofree char *pair = g_strconcat (user, ":", password ? password : "", NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));

      self->authorization = g_strconcat ("Basic ", encoded, NULL);
      explicit_bzero (pair, strlen (pair));
      explicit_bzero (encoded, strlen (encoded));
    }

  /* The session's own I/O time-out backs up the client's timers. */
  self->session = soup_session_new_with_options ("timeout", herald_service_config_get_request_timeout (self->config),
                                                 "user-agent", "Herald/" PACKAGE_VERSION,
                                                 NULL);
  if (!herald_service_config_get_use_system_proxy (self->config))
    soup_session_set_proxy_resolver (self->session, NULL);

  return g_steal_pointer (&self);
}

/**
 * herald_api_client_get_config:
 *
 * Returns: (transfer none): the client's copy of its configuration; do not
 *   change it
 */
HeraldServiceConfig *
herald_api_client_get_config (HeraldApiClient *self)
{
  g_return_val_if_fail (HERALD_IS_API_CLIENT (self), NULL);

  return self->config;
}

guint
herald_api_client_get_page_size (HeraldApiClient *self)
{
  g_return_val_if_fail (HERALD_IS_API_CLIENT (self), 0);

  return self->page_size;
}

void
herald_api_client_set_page_size (HeraldApiClient *self,
                                 guint            page_size)
{
  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (page_size > 0);

  if (self->page_size == page_size)
    return;

  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

/**
 * herald_api_client_set_list_limit:
 * @limit: the most entries one paged listing reads (default 100,000)
 *
 * Past @limit, a listing fails with %HERALD_API_ERROR_BAD_RESPONSE instead
 * of reading a service that sends new full pages for ever. Tests lower it.
 */
void
herald_api_client_set_list_limit (HeraldApiClient *self,
                                  guint            limit)
{
  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (limit > 0);

  self->list_limit = limit;
}

/* herald-sandbox-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "herald-sandbox-resources.h"
#ifdef HERALD_SANDBOX_HAVE_SWAGGER_UI
#include "herald-sandbox-swagger-ui.h"
#endif
#include "herald-sandbox-server-private.h"

/* The IoT Service REST API as the tutorials use it, both flavours, on a SoupServer.
 * Every answer is JSON; every error has a `message` that says what to do.
 *
 * This part holds the object, its credentials, the early handler and the
 * listening socket. The others: -answers (answers, request bodies), -query
 * (query options, lists), -routes (which handler answers), -entities,
 * -commands, -connections (connection tracking, time-outs, refusals). */



/* How long a connection may take (milliseconds): to send a request's
 * headers (from the connection or from its first byte), to send the body
 * and read the answer, and to stay idle between two requests. */
#define HEADERS_TIMEOUT_MS (10 * 1000)
#define BODY_TIMEOUT_MS    (30 * 1000)
#define IDLE_TIMEOUT_MS    (30 * 1000)

/* Connections open at once: past this the one idle longest (else the one
 * slowest to send its headers) is closed for the new one, so that slow
 * clients cannot take all descriptors (a desktop session often allows 256
 * or 1024) within the time-outs. A test lowers these with
 * HERALD_SANDBOX_TEST_LIMITS=headers:body:idle:connections. */
#define MAX_CONNECTIONS 128

G_DEFINE_FINAL_TYPE (HeraldSandboxServer, herald_sandbox_server, G_TYPE_OBJECT)

enum {
  CERTIFICATES_REVOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- Credentials ------------------------------------------------------ */

/* HTTP Basic, read here rather than by SoupAuthDomainBasic, which takes
 * a user name or password with a NUL byte in it up to the NUL. */
static gboolean
credentials_ok (HeraldSandboxServer *self,
                SoupServerMessage   *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  const guchar *colon;
  gsize length = 0;
  gsize a, b;
  guint diff;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;
  header += 6;
  while (*header == ' ')
    header++;
  decoded = g_base64_decode (header, &length);
  if (decoded == NULL || length == 0 || memchr (decoded, '\0', length) != NULL ||
      (colon = memchr (decoded, ':', length)) == NULL)
    {
      if (decoded != NULL)
        memset (decoded, 0, length);
      return FALSE;
    }
  user = g_strndup ((const char *) decoded, colon - decoded);
  password = g_strndup ((const char *) colon + 1, length - (colon - decoded) - 1);
  memset (decoded, 0, length);

  /* Constant time in the password's length. */
  a = strlen (password);
  b = strlen (self->password);
  diff = a ^ b;
  for (gsize i = 0; i < a; i++)
    diff |= (guchar) password[i] ^ (guchar) self->password[i % MAX (b, 1)];
  memset (password, 0, a);

  return diff == 0 && g_strcmp0 (user, self->user) == 0;
}

/* Runs after the headers, before the body: refuses bodies over 1 MiB
 * and missing or wrong credentials without reading the body. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  HeraldSandboxServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  /* The docs need no credentials; the REST gateway takes a device's
   * client certificate instead. */
  if (!herald_sandbox_server_is_doc_path (self, path) && !herald_sandbox_server_is_gateway_path (path) &&
      !credentials_ok (self, msg))
    {
      /* No challenge to a page's script (Sec-Fetch-Dest: empty): the docs
       * page's request before Authorize shows 401 there, rather than a
       * browser's own password dialog over Swagger UI's (or, headless, a
       * request that waits for one). */
      if (g_strcmp0 (soup_message_headers_get_one (headers, "Sec-Fetch-Dest"), "empty") != 0)
        soup_auth_domain_challenge (self->auth, msg);
      herald_sandbox_respond_error (msg, SOUP_STATUS_UNAUTHORIZED,
                                    _("The user name or password is missing or wrong. Use the user and "
                                      "password from sandbox.json (HTTP Basic)."));
      herald_sandbox_server_refuse (self, msg);
      return;
    }

  if (length > MAX_BODY)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                     _("The body is larger than %d bytes. Send a smaller body."), MAX_BODY);
      herald_sandbox_server_refuse (self, msg);
      return;
    }

  herald_sandbox_keep_body (msg);
}

static void
herald_sandbox_server_dispose (GObject *object)
{
  HeraldSandboxServer *self = (HeraldSandboxServer *)object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_handle_id (&self->sweep_source, g_source_remove);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  if (self->closing != NULL)
    herald_sandbox_server_close_pending (self);
  g_clear_handle_id (&self->close_source, g_source_remove);
  g_clear_pointer (&self->closing, g_ptr_array_unref);
  g_clear_object (&self->auth);
  g_clear_object (&self->store);
  g_clear_object (&self->ca);
  g_clear_object (&self->bridge);

  G_OBJECT_CLASS (herald_sandbox_server_parent_class)->dispose (object);
}

static void
herald_sandbox_server_finalize (GObject *object)
{
  HeraldSandboxServer *self = (HeraldSandboxServer *)object;

  g_free (self->api_root);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (herald_sandbox_server_parent_class)->finalize (object);
}

static void
herald_sandbox_server_class_init (HeraldSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_sandbox_server_dispose;
  object_class->finalize = herald_sandbox_server_finalize;

  /**
   * HeraldSandboxServer::certificates-revoked:
   *
   * A device was deleted and the CRL now lists its certificates: the
   * broker must be restarted to load it.
   */
  signals[CERTIFICATES_REVOKED] =
    g_signal_new ("certificates-revoked", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_sandbox_server_init (HeraldSandboxServer *self)
{
  self->connections = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             herald_sandbox_server_connection_free);
  self->closing = g_ptr_array_new_with_free_func (g_object_unref);
  self->headers_timeout = HEADERS_TIMEOUT_MS;
  self->body_timeout = BODY_TIMEOUT_MS;
  self->idle_timeout = IDLE_TIMEOUT_MS;
  self->max_connections = MAX_CONNECTIONS;
}

/* Emits ::certificates-revoked (a device's deletion does). */
void
herald_sandbox_server_certificates_revoked (HeraldSandboxServer *self)
{
  g_signal_emit (self, signals[CERTIFICATES_REVOKED], 0);
}

/* HERALD_SANDBOX_TEST_LIMITS=headers:body:idle:connections (time-outs in
 * milliseconds), for the tests only: they cannot wait for the real ones
 * nor open as many connections. An empty field keeps its default. */
static void
read_test_limits (HeraldSandboxServer *self)
{
  const char *text = g_getenv ("HERALD_SANDBOX_TEST_LIMITS");
  g_auto(GStrv) parts = text != NULL ? g_strsplit (text, ":", 4) : NULL;
  gint64 *targets[] = {
    &self->headers_timeout, &self->body_timeout, &self->idle_timeout, &self->max_connections
  };

  for (guint i = 0; parts != NULL && parts[i] != NULL && i < G_N_ELEMENTS (targets); i++)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (parts[i], 10, 1, 24 * 3600 * 1000, &value, NULL))
        *targets[i] = value;
    }
}

HeraldSandboxServer *
herald_sandbox_server_new (HeraldSandboxStore  *store,
                           HeraldSandboxCa     *ca,
                           HeraldSandboxBridge *bridge,
                           gboolean             classic,
                           const char          *tenant_id,
                           const char          *user,
                           const char          *password)
{
  HeraldSandboxServer *self = g_object_new (HERALD_TYPE_SANDBOX_SERVER, NULL);

  /* Referenced so that the linker keeps the object file whose
   * constructor registers the resources. */
  (void) herald_sandbox_get_resource ();
#ifdef HERALD_SANDBOX_HAVE_SWAGGER_UI
  (void) herald_sandbox_swagger_ui_get_resource ();
#endif

  self->store = g_object_ref (store);
  self->ca = g_object_ref (ca);
  self->bridge = g_object_ref (bridge);
  self->classic = classic;
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->api_root = classic ? g_strdup ("/iot/core/api/v1")
                           : g_strdup_printf ("/iot/core/api/v1/tenant/%s", tenant_id);

  self->server = soup_server_new ("server-header", "herald-sandbox/" PACKAGE_VERSION, NULL);
  self->auth = soup_auth_domain_basic_new ("realm", "herald-sandbox", NULL);
  soup_server_add_early_handler (self->server, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->server, NULL, herald_sandbox_server_handle_request, self, NULL);
  herald_sandbox_server_watch_connections (self);
  read_test_limits (self);

  return self;
}

/* Over HTTPS a client's certificate is taken whoever issued it: the REST
 * gateway checks it against the sandbox's CA and revocations itself and
 * says what is wrong (a handshake refused would say nothing). */
static gboolean
accept_any_certificate (SoupServerMessage    *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
}

/**
 * herald_sandbox_server_listen:
 * @https: serve over TLS with the broker's server certificate (the same
 *   host names, issued by the sandbox's CA), asking clients for a
 *   certificate (the REST gateway's devices)
 */
gboolean
herald_sandbox_server_listen (HeraldSandboxServer  *self,
                              const char           *address,
                              guint                 port,
                              gboolean              https,
                              GError              **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = NULL;
  GSList *listeners;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address. Give --bind an address such as 127.0.0.1."),
                   address);
      return FALSE;
    }
  if (https)
    {
      g_autoptr(GTlsCertificate) certificate = NULL;
      g_autoptr(GTlsDatabase) database = NULL;

      certificate = g_tls_certificate_new_from_files (herald_sandbox_ca_get_broker_cert (self->ca),
                                                      herald_sandbox_ca_get_broker_key (self->ca), error);
      if (certificate == NULL)
        {
          g_prefix_error (error, _("The API cannot serve HTTPS: "));
          return FALSE;
        }
      database = g_tls_file_database_new (herald_sandbox_ca_get_ca_file (self->ca), error);
      if (database == NULL)
        {
          g_prefix_error (error, _("The API cannot serve HTTPS: "));
          return FALSE;
        }
      soup_server_set_tls_certificate (self->server, certificate);
      soup_server_set_tls_database (self->server, database);
      soup_server_set_tls_auth_mode (self->server, G_TLS_AUTHENTICATION_REQUESTED);
      g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), NULL);
      self->https = TRUE;
    }

  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->server, socket_address, https ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_prefix_error (error, _("The API cannot listen on %s port %u: "), address, port);
      return FALSE;
    }

  /* Port 0 asked for any free port: read the one taken. (Not through
   * soup_server_get_uris (), which leaks an address in libsoup 3.2.) */
  listeners = soup_server_get_listeners (self->server);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (local != NULL)
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);
  return TRUE;
}

gboolean
herald_sandbox_server_get_https (HeraldSandboxServer *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_SERVER (self), FALSE);

  return self->https;
}

guint
herald_sandbox_server_get_port (HeraldSandboxServer *self)
{
  return self->port;
}

const char *
herald_sandbox_server_get_api_root (HeraldSandboxServer *self)
{
  return self->api_root;
}

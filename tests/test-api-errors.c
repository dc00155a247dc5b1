/* test-api-errors.c: HeraldApiClient against a small misbehaving HTTP
 * server run by the test itself (an in-process SoupServer on a free
 * loopback port), and a closed port. TLS is in test-api-tls.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "herald-api-client.h"
#include "herald-exchange-private.h"
#include "herald-profile-store.h"

#define USER "root"
#define PASSWORD "pa55-w0rd-Secret"
#define SECRET "S3cr3t-Device-Secret"
#define KEY_BODY "MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQIkeyMaterialXyZ"

typedef struct
{
  SoupServer   *server;
  char         *base;
  GMainLoop    *loop;
  GAsyncResult *result;
  GPtrArray    *exchanges;
  GPtrArray    *requests;
  GCancellable *cancel_on_request;
  guint64       streamed;
  guint64       written;
  gboolean      stream_finished;
  guint         guard;
} Fixture;

/* What the streaming scenarios offer at most: far more than the client
 * may read of one answer. */
#define STREAM_TOTAL (128 * 1024 * 1024)
#define STREAM_CHUNK (64 * 1024)

/* The misbehaving server */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  if (json != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static const char *
query_value (SoupServerMessage *msg,
             const char        *name)
{
  GUri *uri = soup_server_message_get_uri (msg);
  static char value[256];
  g_autoptr(GHashTable) params = NULL;
  const char *v;

  if (g_uri_get_query (uri) == NULL)
    return NULL;

  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  v = params ? g_hash_table_lookup (params, name) : NULL;
  if (v == NULL)
    return NULL;

  g_strlcpy (value, v, sizeof value);
  return value;
}

static void
serve_paged (SoupServerMessage *msg,
             gboolean           ignore_skip)
{
  guint skip = query_value (msg, "skip") ? atoi (query_value (msg, "skip")) : 0;
  guint top = query_value (msg, "top") ? atoi (query_value (msg, "top")) : 1000;
  g_autoptr(GString) body = g_string_new ("[");

  if (ignore_skip)
    skip = 0;

  for (guint i = skip; i < 7 && i < skip + top; i++)
    g_string_append_printf (body, "%s{\"id\":\"%u\",\"name\":\"Device %u\",\"gatewayId\":\"2\"}",
                            i > skip ? "," : "", i + 1, i + 1);
  g_string_append (body, "]");
  respond_json (msg, 200, body->str);
}

/* An answer without end (well, STREAM_TOTAL): each chunk is appended once
 * the last one went out, and the server counts what it managed to write. */
static char stream_chunk[STREAM_CHUNK];

static void
append_stream_chunk (SoupServerMessage *msg,
                     Fixture           *fixture)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (fixture->streamed >= STREAM_TOTAL)
    {
      soup_message_body_complete (body);
      return;
    }

  soup_message_body_append (body, SOUP_MEMORY_STATIC, stream_chunk, sizeof stream_chunk);
  fixture->streamed += sizeof stream_chunk;
}

static void
on_wrote_body_data (SoupServerMessage *msg,
                    guint              size,
                    Fixture           *fixture)
{
  fixture->written += size;
}

static void
on_stream_finished (SoupServerMessage *msg,
                    Fixture           *fixture)
{
  fixture->stream_finished = TRUE;
}

static void
serve_stream (SoupServerMessage *msg,
              Fixture           *fixture,
              gboolean           declared,
              gboolean           secret)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  static const char secret_start[] = "[{\"id\": \"1\", \"Secret\": \"";

  memset (stream_chunk, secret ? 'S' : ' ', sizeof stream_chunk);
  stream_chunk[0] = '[';
  /* A secret whose string goes on for ever. */
  if (secret)
    memcpy (stream_chunk, secret_start, strlen (secret_start));
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_set_accumulate (body, FALSE);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (on_wrote_body_data), fixture);
  g_signal_connect (msg, "finished", G_CALLBACK (on_stream_finished), fixture);

  if (declared)
    {
      /* It says how large it is, and sends the first chunk. */
      soup_message_headers_set_content_length (headers, STREAM_TOTAL);
      append_stream_chunk (msg, fixture);
      return;
    }

  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (append_stream_chunk), fixture);
  append_stream_chunk (msg, fixture);
}

/* Full pages that differ each time, without end. */
static void
serve_endless (SoupServerMessage *msg)
{
  guint skip = query_value (msg, "skip") ? atoi (query_value (msg, "skip")) : 0;
  guint top = query_value (msg, "top") ? atoi (query_value (msg, "top")) : 1000;
  g_autoptr(GString) body = g_string_new ("[");

  for (guint i = skip; i < skip + top; i++)
    g_string_append_printf (body, "%s{\"id\":\"%u\",\"name\":\"Device %u\",\"gatewayId\":\"2\"}",
                            i > skip ? "," : "", i + 1, i + 1);
  g_string_append (body, "]");
  respond_json (msg, 200, body->str);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *expected_auth = NULL;
  g_autofree char *pair = g_strdup (USER ":" PASSWORD);
  g_autofree char *encoded = g_base64_encode ((guchar *)pair, strlen (pair));
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", 3);
  const char *scenario = parts[0];
  const char *rest = parts[0] && parts[1] ? path + strlen (parts[0]) + 1 : "";

  g_ptr_array_add (fixture->requests,
                   g_strdup_printf ("%s %s%s%s %s", soup_server_message_get_method (msg), path,
                                    g_uri_get_query (soup_server_message_get_uri (msg)) ? "?" : "",
                                    g_uri_get_query (soup_server_message_get_uri (msg)) ?: "",
                                    body->length ? body->data : ""));

  /* Every call carries the Basic credentials of the configuration. */
  expected_auth = g_strconcat ("Basic ", encoded, NULL);
  if (g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), expected_auth) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"IoT\"");
      respond_json (msg, 401, "{\"message\": \"Unauthorized\"}");
      return;
    }

  if (g_str_equal (scenario, "malformed"))
    respond_json (msg, 200, "{\"id\": \"5\", \"name\": ");
  else if (g_str_equal (scenario, "deep"))
    {
      /* json-glib alone overflows its stack on this. */
      g_autoptr(GString) deep = g_string_new ("{\"id\": \"5\", \"name\": ");

      for (guint i = 0; i < 100000; i++)
        g_string_append_c (deep, '[');
      respond_json (msg, 200, deep->str);
    }
  else if (g_str_equal (scenario, "big-number"))
    respond_json (msg, 200, "{\"id\": \"5\", \"name\": \"x\", \"creationTimestamp\": 99999999999999999999}");
  else if (g_str_equal (scenario, "html500"))
    {
      const char *html = "<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>";
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html, strlen (html));
    }
  else if (g_str_equal (scenario, "html401"))
    {
      const char *html = "<html><body>Login required</body></html>";
      soup_server_message_set_status (msg, 401, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html, strlen (html));
    }
  else if (g_str_equal (scenario, "empty"))
    soup_server_message_set_status (msg, 200, NULL);
  else if (g_str_equal (scenario, "wrongshape"))
    respond_json (msg, 200, g_str_has_prefix (rest, "/devices/") ? "[1, 2]" : "{\"value\": []}");
  else if (g_str_equal (scenario, "wrongtype"))
    respond_json (msg, 200, "{\"id\": \"5\", \"name\": \"MyDevice\", \"online\": \"yes\"}");
  else if (g_str_equal (scenario, "slow"))
    {
      /* Never answers: the client's time-out or cancellation must end it. */
      soup_server_message_pause (msg);
      if (fixture->cancel_on_request != NULL)
        g_cancellable_cancel (fixture->cancel_on_request);
    }
  else if (g_str_equal (scenario, "status"))
    {
      /* /status/NNN/...: that status with the service's JSON message. */
      guint status = atoi (parts[1]);
      g_autofree char *json = g_strdup_printf ("{\"message\": \"Service says %u\"}", status);
      respond_json (msg, status, json);
    }
  else if (g_str_equal (scenario, "paged"))
    serve_paged (msg, FALSE);
  else if (g_str_equal (scenario, "samepage"))
    serve_paged (msg, TRUE);
  else if (g_str_equal (scenario, "stream"))
    serve_stream (msg, fixture, FALSE, FALSE);
  else if (g_str_equal (scenario, "declared"))
    serve_stream (msg, fixture, TRUE, FALSE);
  else if (g_str_equal (scenario, "endlesssecret"))
    serve_stream (msg, fixture, FALSE, TRUE);
  else if (g_str_equal (scenario, "endless"))
    serve_endless (msg);
  else if (g_str_equal (scenario, "large"))
    {
      /* 2 MiB: too large for one entity, fine for a list. */
      g_autoptr(GString) json = g_string_new (NULL);
      g_autofree char *name = g_strnfill (2 * 1024 * 1024, 'x');

      if (g_str_has_prefix (rest, "/devices/"))
        g_string_printf (json, "{\"id\": \"5\", \"gatewayId\": \"2\", \"name\": \"%s\"}", name);
      else
        g_string_printf (json, "[{\"id\": \"5\", \"gatewayId\": \"2\", \"name\": \"%s\"}]", name);
      respond_json (msg, 200, json->str);
    }
  else if (g_str_equal (scenario, "gateways"))
    respond_json (msg, 200,
                  "[{\"id\":\"3\",\"name\":\"REST Gateway\",\"alternateId\":\"GATEWAY_CLOUD_REST\","
                  "\"protocolId\":\"rest\",\"status\":\"online\",\"type\":\"cloud\"},"
                  "{\"id\":\"4\",\"name\":\"Old MQTT\",\"protocolId\":\"mqtt\",\"status\":\"offline\",\"type\":\"cloud\"},"
                  "{\"id\":\"2\",\"name\":\"MQTT Gateway\",\"alternateId\":\"GATEWAY_CLOUD_MQTT\","
                  "\"protocolId\":\"mqtt\",\"status\":\"online\",\"type\":\"cloud\"}]");
  else if (g_str_equal (scenario, "offline"))
    respond_json (msg, 200,
                  "[{\"id\":\"2\",\"name\":\"IoT Gateway MQTT\",\"protocolId\":\"mqtt\",\"status\":\"offline\"}]");
  else if (g_str_equal (scenario, "pem"))
    respond_json (msg, 200,
                  "{\"secret\": \"" SECRET "\", \"pem\": \"-----BEGIN ENCRYPTED PRIVATE KEY-----\\n" KEY_BODY
                  "\\n-----END ENCRYPTED PRIVATE KEY-----\\n-----BEGIN CERTIFICATE-----\\nMIIBcertificate\\n"
                  "-----END CERTIFICATE-----\\n\"}");
  else if (g_str_equal (scenario, "p12"))
    respond_json (msg, 200, "{\"secret\": \"" SECRET "\", \"p12\": \"AAECAwQFBgcICQ==\"}");
  else if (g_str_equal (scenario, "command"))
    respond_json (msg, g_str_equal (parts[1], "tenant") ? 202 : 200,
                  "{\"message\": \"Command issued successfully.\"}");
  else if (g_str_equal (scenario, "create") && g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      /* Echo the body back with an id, as the service does. */
      g_autofree char *answer = g_strdup_printf ("{\"id\":\"77\",%s", body->length > 1 ? body->data + 1 : "}");
      respond_json (msg, 200, answer);
    }
  else
    respond_json (msg, 404, "{\"message\": \"Not found\"}");
}

/* A net for a client that never stops (the endless answers and pages),
 * not a timing test: under AddressSanitizer on a busy 2-core machine the
 * 101 pages of 1,000 entries of /api/client/endless-pages took over 30 s. */
#define GUARD_SECONDS 120

static gboolean
guard_expired (gpointer user_data)
{
  g_error ("a test took longer than %d s", GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->exchanges = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->requests = g_ptr_array_new_with_free_func (g_free);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_callback, fixture, NULL);

  /* Port 0: the system picks a free one. */
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fixture->guard = g_timeout_add_seconds (GUARD_SECONDS, guard_expired, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_source_remove (fixture->guard);
  /* Let the server see the client's connections close before it goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->cancel_on_request);
  g_ptr_array_unref (fixture->exchanges);
  g_ptr_array_unref (fixture->requests);
  g_main_loop_unref (fixture->loop);
  g_free (fixture->base);
}

static void
on_exchange (HeraldApiClient *client,
             HeraldExchange  *exchange,
             Fixture         *fixture)
{
  g_ptr_array_add (fixture->exchanges, g_object_ref (exchange));
}

static HeraldApiClient *
make_client (Fixture    *fixture,
             const char *scenario,
             guint       request_timeout)
{
  g_autofree char *url = g_strdup_printf ("%s/%s", fixture->base, scenario);
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new (url, USER, PASSWORD);
  g_autoptr(GError) error = NULL;
  HeraldApiClient *client;

  if (request_timeout != 0)
    herald_service_config_set_request_timeout (config, request_timeout);

  client = herald_api_client_new (config, &error);
  g_assert_no_error (error);
  g_signal_connect (client, "exchange", G_CALLBACK (on_exchange), fixture);
  return client;
}

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (fixture->result);
  fixture->result = g_object_ref (result);
  g_main_loop_quit (fixture->loop);
}

static GAsyncResult *
wait_result (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_main_loop_run (fixture->loop);
  return fixture->result;
}

static HeraldEntity *
get_device (Fixture          *fixture,
            HeraldApiClient  *client,
            GCancellable     *cancellable,
            GError          **error)
{
  GAsyncResult *result;

  g_clear_object (&fixture->result);
  herald_api_client_get_device_async (client, "5", cancellable, on_ready, fixture);
  result = wait_result (fixture);
  return herald_api_client_entity_finish (client, result, error);
}

static GListModel *
list_devices (Fixture          *fixture,
              HeraldApiClient  *client,
              const char       *filter,
              guint             skip,
              guint             top,
              GError          **error)
{
  herald_api_client_list_devices_async (client, filter, NULL, skip, top, NULL, on_ready, fixture);
  return herald_api_client_list_finish (client, wait_result (fixture), error);
}

/* Tests */

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "malformed", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) device = get_device (fixture, client, NULL, &error);

  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "HTTP 200"));
  g_assert_cmpuint (fixture->exchanges->len, ==, 1);
  g_assert_cmpuint (herald_exchange_get_status (fixture->exchanges->pdata[0]), ==, 200);
}

/* An answer json-glib would crash on, or read as another number: refused
 * with the reason, and the exchange log shows it without crashing either. */
static void
test_hostile_json (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *scenarios[] = { "deep", "big-number" };
  const char *reasons[] = { "64 levels", "out of range" };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autoptr(HeraldApiClient) client = make_client (fixture, scenarios[i], 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldEntity) device = get_device (fixture, client, NULL, &error);

      g_assert_null (device);
      g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "HTTP 200"));
      g_assert_nonnull (strstr (error->message, reasons[i]));
      g_assert_cmpuint (fixture->exchanges->len, ==, i + 1);
      g_assert_nonnull (herald_exchange_get_response_body (fixture->exchanges->pdata[i]));
    }
}

static void
test_html_500 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "html500", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = list_devices (fixture, client, NULL, 0, 0, &error);

  g_assert_null (list);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "HTML"));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_nonnull (strstr (error->message, "API URL"));
}

static void
test_html_401 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "html401", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) device = get_device (fixture, client, NULL, &error);

  /* A login page in front of the API is still a credentials problem. */
  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Check the user and password of the service."));
}

static void
test_empty_200 (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "empty", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) list_error = NULL;
  g_autoptr(HeraldEntity) device = get_device (fixture, client, NULL, &error);
  g_autoptr(GListModel) list = NULL;

  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "empty"));

  list = list_devices (fixture, client, NULL, 0, 0, &list_error);
  g_assert_null (list);
  g_assert_error (list_error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
}

static void
test_wrong_shape (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "wrongshape", 0);
  g_autoptr(HeraldApiClient) typed = make_client (fixture, "wrongtype", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) list_error = NULL;
  g_autoptr(GError) type_error = NULL;
  g_autoptr(HeraldEntity) device = get_device (fixture, client, NULL, &error);
  g_autoptr(HeraldEntity) typed_device = NULL;
  g_autoptr(GListModel) list = NULL;

  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);

  list = list_devices (fixture, client, NULL, 0, 0, &list_error);
  g_assert_null (list);
  g_assert_error (list_error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);

  typed_device = get_device (fixture, typed, NULL, &type_error);
  g_assert_null (typed_device);
  g_assert_error (type_error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (type_error->message, "“online”"));
}

static void
test_slow_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "slow", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) device = NULL;
  gint64 start = g_get_monotonic_time ();

  device = get_device (fixture, client, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "request time-out (1 s)"));
  /* It ended by the time-out, not by the server. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpuint (fixture->requests->len, ==, 1);
  g_assert_cmpuint (fixture->exchanges->len, ==, 1);
  g_assert_cmpuint (herald_exchange_get_status (fixture->exchanges->pdata[0]), ==, 0);
  g_assert_nonnull (herald_exchange_get_error_message (fixture->exchanges->pdata[0]));
}

static void
test_cancel_mid_request (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "slow", 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) device = NULL;

  /* The server cancels as soon as it has the request in hand. */
  fixture->cancel_on_request = g_object_ref (cancellable);
  device = get_device (fixture, client, cancellable, &error);
  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->requests->len, ==, 1);

  /* Cancelled before it starts: same code, no request sent. */
  g_clear_error (&error);
  device = get_device (fixture, client, cancellable, &error);
  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->requests->len, ==, 1);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/iot/core/api/v1", closed_port ());
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new (url, USER, PASSWORD);
  g_autoptr(HeraldApiClient) client = herald_api_client_new (config, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) device = NULL;

  g_signal_connect (client, "exchange", G_CALLBACK (on_exchange), fixture);
  device = get_device (fixture, client, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpuint (fixture->exchanges->len, ==, 1);
}

/* A listening socket whose accept queue is full: the kernel drops further
 * SYNs, so a connect hangs until the client gives up. */
static void
test_connect_timeout (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(HeraldEntity) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (listener, any, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 0);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      g_autoptr(GError) ignored = NULL;

      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, bound, NULL, &ignored);
      g_ptr_array_add (fillers, filler);
    }

  url = g_strdup_printf ("http://127.0.0.1:%u/iot/core/api/v1",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  config = herald_service_config_new (url, USER, PASSWORD);
  herald_service_config_set_connect_timeout (config, 1);
  client = herald_api_client_new (config, NULL);

  device = get_device (fixture, client, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "Could not connect to 127.0.0.1 within the connect time-out (1 s)"));
}

static void
test_status_codes (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct {
    guint status;
    HeraldApiError code;
    const char *hint;
  } cases[] = {
    { 400, HERALD_API_ERROR_INVALID_REQUEST, "Check the values you entered." },
    { 403, HERALD_API_ERROR_FORBIDDEN, "access" },
    { 404, HERALD_API_ERROR_NOT_FOUND, "The device no longer exists" },
    { 405, HERALD_API_ERROR_INVALID_REQUEST, "Check the values" },
    { 409, HERALD_API_ERROR_CONFLICT, "alternate id" },
    { 413, HERALD_API_ERROR_INVALID_REQUEST, "Check the values" },
    { 500, HERALD_API_ERROR_SERVER_ERROR, "Try again" },
    { 503, HERALD_API_ERROR_SERVER_ERROR, "Try again" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *scenario = g_strdup_printf ("status/%u", cases[i].status);
      g_autofree char *service = g_strdup_printf ("Service says %u", cases[i].status);
      g_autofree char *http = g_strdup_printf ("(HTTP %u)", cases[i].status);
      g_autoptr(HeraldApiClient) client = make_client (fixture, scenario, 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldEntity) device = get_device (fixture, client, NULL, &error);

      g_assert_null (device);
      g_assert_error (error, HERALD_API_ERROR, (gint)cases[i].code);
      g_test_message ("%u: %s", cases[i].status, error->message);
      g_assert_nonnull (strstr (error->message, service));
      g_assert_nonnull (strstr (error->message, http));
      g_assert_nonnull (strstr (error->message, cases[i].hint));
    }
}

static void
test_wrong_credentials (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/paged", fixture->base);
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new (url, USER, "wrong");
  g_autoptr(HeraldApiClient) client = herald_api_client_new (config, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) device = get_device (fixture, client, NULL, &error);

  g_assert_null (device);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Unauthorized (HTTP 401). Check the user and password of the service."));
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "paged", 0);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) some = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) fifth = NULL;

  herald_api_client_set_page_size (client, 3);
  all = list_devices (fixture, client, "name eq 'My Device'", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 7);
  g_assert_true (g_list_model_get_item_type (all) == HERALD_TYPE_DEVICE);
  fifth = g_list_model_get_item (all, 4);
  g_assert_cmpstr (herald_entity_get_id (fifth), ==, "5");
  /* 3 + 3 + 1: three requests, the filter sent along each time. */
  g_assert_cmpuint (fixture->requests->len, ==, 3);
  g_assert_cmpuint (fixture->exchanges->len, ==, 3);
  g_assert_cmpstr (fixture->requests->pdata[0], ==, "GET /paged/devices?filter=name%20eq%20%27My%20Device%27&top=3 ");
  g_assert_cmpstr (fixture->requests->pdata[1], ==, "GET /paged/devices?filter=name%20eq%20%27My%20Device%27&skip=3&top=3 ");
  g_assert_cmpstr (fixture->requests->pdata[2], ==, "GET /paged/devices?filter=name%20eq%20%27My%20Device%27&skip=6&top=3 ");

  /* skip 1, top 5: two pages of 3 and 2. */
  some = list_devices (fixture, client, NULL, 1, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (some), ==, 5);
  g_clear_object (&fifth);
  fifth = g_list_model_get_item (some, 0);
  g_assert_cmpstr (herald_entity_get_id (fifth), ==, "2");
  g_clear_object (&fifth);
  fifth = g_list_model_get_item (some, 4);
  g_assert_cmpstr (herald_entity_get_id (fifth), ==, "6");
  g_assert_cmpuint (fixture->requests->len, ==, 5);
}

static void
test_same_page_twice (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "samepage", 0);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;

  herald_api_client_set_page_size (client, 2);
  all = list_devices (fixture, client, NULL, 0, 0, &error);
  g_assert_null (all);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (fixture->requests->len, ==, 2);
}

static void
assert_stopped_reading (Fixture    *fixture,
                        GError     *error,
                        const char *limit)
{
  HeraldExchange *exchange;
  const char *body;

  g_test_message ("%s", error ? error->message : "no error");
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_assert_nonnull (strstr (error->message, limit));

  /* The exchange log shows the start, and says where it was cut. */
  g_assert_cmpuint (fixture->exchanges->len, ==, 1);
  exchange = fixture->exchanges->pdata[0];
  g_assert_cmpuint (herald_exchange_get_status (exchange), ==, 200);
  body = herald_exchange_get_response_body (exchange);
  g_assert_nonnull (body);
  g_assert_cmpuint (strlen (body), <, 128 * 1024);
  g_assert_nonnull (strstr (body, "[Herald stopped reading the answer here"));
}

static void
test_endless_answer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "stream", 0);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;

  all = list_devices (fixture, client, NULL, 0, 0, &error);
  g_assert_null (all);
  assert_stopped_reading (fixture, error, "16.8");

  /* The client closed the connection: the server's answer ends early,
   * having written little more than the limit (the rest sat in socket
   * buffers), far from all it had to offer. */
  while (!fixture->stream_finished)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("the server wrote %" G_GUINT64_FORMAT " bytes of %u", fixture->written, STREAM_TOTAL);
  {
    g_autofree char *status = NULL;

    /* For the record: the process's peak memory (the server's share included). */
    if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) && strstr (status, "VmHWM:"))
      g_test_message ("%.*s", (int)strcspn (strstr (status, "VmHWM:"), "\n"), strstr (status, "VmHWM:"));
  }
  g_assert_cmpuint (fixture->written, >, 16 * 1024 * 1024);
  g_assert_cmpuint (fixture->written, <, 48 * 1024 * 1024);
}

static void
test_cut_inside_secret (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "endlesssecret", 0);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;

  /* The log keeps the start of the answer, cut inside the secret's string:
   * not JSON, so redacted as text, up to the end. */
  all = list_devices (fixture, client, NULL, 0, 0, &error);
  g_assert_null (all);
  assert_stopped_reading (fixture, error, "16.8");
  body = herald_exchange_get_response_body (fixture->exchanges->pdata[0]);
  g_test_message ("%s", body);
  g_assert_null (strstr (body, "SSSS"));
  g_assert_nonnull (strstr (body, "\"Secret\": \"<redacted>\""));
}

static void
test_declared_too_large (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "declared", 0);
  g_autoptr(HeraldEntity) device = NULL;
  g_autoptr(GError) error = NULL;

  /* Its Content-Length says it all: not even the first chunk is read. */
  device = get_device (fixture, client, NULL, &error);
  g_assert_null (device);
  assert_stopped_reading (fixture, error, "1.0");
  g_assert_cmpuint (fixture->written, <=, STREAM_CHUNK);
}

static void
test_limit_per_endpoint (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "large", 0);
  g_autoptr(HeraldEntity) device = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  /* 2 MiB: too much for one entity... */
  device = get_device (fixture, client, NULL, &error);
  g_assert_null (device);
  assert_stopped_reading (fixture, error, "1.0");
  g_clear_error (&error);

  /* ...but a list may be that large. */
  list = list_devices (fixture, client, NULL, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
}

static void
test_endless_pages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "endless", 0);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;

  /* Distinct full pages for ever: the list stops at its limit, here 5000
   * entries (100,000 by default: 101 pages of 1,000 took over 2 minutes
   * under AddressSanitizer), after 5 pages of 1000 and the first one past
   * them. */
  herald_api_client_set_page_size (client, 1000);
  herald_api_client_set_list_limit (client, 5000);
  all = list_devices (fixture, client, NULL, 0, 0, &error);
  g_assert_null (all);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "more than 5000 entries"));
  g_assert_cmpuint (fixture->requests->len, ==, 6);
  g_assert_cmpstr (fixture->requests->pdata[5], ==, "GET /endless/devices?skip=5000&top=1000 ");
}

static void
test_find_mqtt_gateway (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "gateways", 0);
  g_autoptr(HeraldApiClient) offline = make_client (fixture, "offline", 0);
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldGateway) none = NULL;
  g_autoptr(GError) error = NULL;

  herald_api_client_find_mqtt_gateway_async (client, NULL, on_ready, fixture);
  gateway = herald_api_client_entity_finish (client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_entity_get_id (HERALD_ENTITY (gateway)), ==, "2");
  g_assert_cmpstr (herald_entity_get_name (HERALD_ENTITY (gateway)), ==, "MQTT Gateway");

  herald_api_client_find_mqtt_gateway_async (offline, NULL, on_ready, fixture);
  none = herald_api_client_entity_finish (offline, wait_result (fixture), &error);
  g_assert_null (none);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "offline"));
}

static void
assert_no_secret (HeraldExchange *exchange)
{
  g_autofree char *curl = herald_exchange_to_curl (exchange);
  const char *texts[] = {
    herald_exchange_get_request_headers (exchange),
    herald_exchange_get_request_body (exchange),
    herald_exchange_get_response_body (exchange),
    herald_exchange_get_url (exchange),
    curl,
  };
  g_autofree char *pair = g_strdup (USER ":" PASSWORD);
  g_autofree char *encoded = g_base64_encode ((guchar *)pair, strlen (pair));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (texts[i] == NULL)
        continue;
      g_assert_null (strstr (texts[i], PASSWORD));
      g_assert_null (strstr (texts[i], encoded));
      g_assert_null (strstr (texts[i], SECRET));
      g_assert_null (strstr (texts[i], KEY_BODY));
    }
}

static void
test_certificate_redacted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "pem", 0);
  g_autoptr(HeraldApiClient) p12_client = make_client (fixture, "p12", 0);
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GBytes) p12 = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *p12_secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *curl = NULL;
  HeraldExchange *exchange;
  const guint8 expected_p12[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

  herald_api_client_get_device_certificate_async (client, "5", HERALD_CERTIFICATE_FORMAT_PEM,
                                                  NULL, on_ready, fixture);
  pem = herald_api_client_get_device_certificate_finish (client, wait_result (fixture), &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, SECRET);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem), KEY_BODY));
  g_assert_cmpstr (fixture->requests->pdata[0], ==,
                   "GET /pem/devices/5/authentications/clientCertificate/pem ");

  herald_api_client_get_device_certificate_async (p12_client, "5", HERALD_CERTIFICATE_FORMAT_P12,
                                                  NULL, on_ready, fixture);
  p12 = herald_api_client_get_device_certificate_finish (p12_client, wait_result (fixture), &p12_secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p12_secret, ==, SECRET);
  g_assert_cmpmem (g_bytes_get_data (p12, NULL), g_bytes_get_size (p12), expected_p12, sizeof expected_p12);

  g_assert_cmpuint (fixture->exchanges->len, ==, 2);
  exchange = fixture->exchanges->pdata[0];
  assert_no_secret (exchange);
  assert_no_secret (fixture->exchanges->pdata[1]);
  g_assert_nonnull (strstr (herald_exchange_get_response_body (exchange), "BEGIN CERTIFICATE"));
  g_assert_nonnull (strstr (herald_exchange_get_response_body (exchange), "<redacted>"));
  g_assert_nonnull (strstr (herald_exchange_get_request_headers (exchange), "Authorization: Basic <redacted>"));
  g_assert_null (strstr (herald_exchange_get_response_body (fixture->exchanges->pdata[1]), "AAECAwQFBgcICQ=="));

  curl = herald_exchange_to_curl (exchange);
  g_assert_true (g_str_has_prefix (curl, "curl -u root "));
  g_assert_true (g_str_has_suffix (curl, "/pem/devices/5/authentications/clientCertificate/pem"));
}

static void
test_commands (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HeraldApiClient) classic = make_client (fixture, "command/classic", 0);
  g_autoptr(HeraldApiClient) tenant = make_client (fixture, "command/tenant", 0);
  const char *command = "{\"LED\": \"true\", \"Buzzer\": \"true\", \"Speed\": \"50.0\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *tenant_message = NULL;
  g_autofree char *curl = NULL;
  guint status = 0;

  herald_api_client_send_command_async (classic, "5", "11", "3772113f-d8bf-4dc5-9968-847845b8e8ee",
                                        command, NULL, on_ready, fixture);
  message = herald_api_client_send_command_finish (classic, wait_result (fixture), &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message, ==, "Command issued successfully.");
  g_assert_cmpuint (status, ==, 200);
  /* The command text goes out exactly as given. */
  g_assert_cmpstr (fixture->requests->pdata[0], ==,
                   "POST /command/classic/devices/5/commands {\"sensorId\":\"11\","
                   "\"capabilityId\":\"3772113f-d8bf-4dc5-9968-847845b8e8ee\",\"command\":"
                   "{\"LED\": \"true\", \"Buzzer\": \"true\", \"Speed\": \"50.0\"}}");

  herald_api_client_send_command_async (tenant, "5", "11", "c", "{\"Speed\": 50.0}",
                                        NULL, on_ready, fixture);
  tenant_message = herald_api_client_send_command_finish (tenant, wait_result (fixture), &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 202);
  g_assert_nonnull (strstr (fixture->requests->pdata[1], "\"command\":{\"Speed\": 50.0}"));

  curl = herald_exchange_to_curl (fixture->exchanges->pdata[1]);
  g_assert_nonnull (strstr (curl, "-X POST"));
  g_assert_nonnull (strstr (curl, "--data-raw '{\"sensorId\":\"11\""));

  /* Not an object: refused without a request. */
  herald_api_client_send_command_async (tenant, "5", "11", "c", "[1]", NULL, on_ready, fixture);
  g_assert_null (herald_api_client_send_command_finish (tenant, wait_result (fixture), NULL, &error));
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (fixture->requests->len, ==, 2);
}

static void
test_create_and_delete (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(HeraldApiClient) client = make_client (fixture, "create", 0);
  g_autoptr(HeraldApiClient) gone = make_client (fixture, "status/404", 0);
  g_autoptr(HeraldDevice) device = herald_device_new ("2", "MyDevice");
  g_autoptr(HeraldDevice) created = NULL;
  g_autoptr(GError) error = NULL;

  herald_api_client_create_async (client, HERALD_ENTITY (device), NULL, on_ready, fixture);
  created = herald_api_client_entity_finish (client, wait_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_true (HERALD_IS_DEVICE (created));
  g_assert_cmpstr (herald_entity_get_id (HERALD_ENTITY (created)), ==, "77");
  g_assert_cmpstr (herald_device_get_gateway_id (created), ==, "2");
  g_assert_cmpstr (fixture->requests->pdata[0], ==,
                   "POST /create/devices {\"gatewayId\":\"2\",\"name\":\"MyDevice\"}");

  herald_api_client_delete_async (client, HERALD_TYPE_SENSOR, "9", NULL, on_ready, fixture);
  g_assert_false (herald_api_client_delete_finish (client, wait_result (fixture), &error));
  /* The catch-all of this server answers 404 to DELETE /create/sensors/9. */
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The sensor no longer exists"));
  g_clear_error (&error);

  herald_api_client_delete_async (gone, HERALD_TYPE_CAPABILITY, "x y", NULL, on_ready, fixture);
  g_assert_false (herald_api_client_delete_finish (gone, wait_result (fixture), &error));
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The capability no longer exists"));
  g_assert_cmpstr (fixture->requests->pdata[2], ==, "DELETE /status/404/capabilities/x y ");
  g_assert_true (g_str_has_suffix (herald_exchange_get_url (fixture->exchanges->pdata[2]),
                                   "/status/404/capabilities/x%20y"));
}

static void
test_bad_ca_file (void)
{
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new ("https://example.invalid/iot/core/api/v1", USER, PASSWORD);
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(GError) error = NULL;

  herald_service_config_set_ca_file (config, "/nonexistent/ca.pem");
  client = herald_api_client_new (config, &error);
  g_assert_null (client);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
}

/* The exchange log's redaction on its own */

static void
test_redact (void)
{
  static const struct {
    const char *input;
    const char *must_not;
    const char *must;
  } cases[] = {
    { "{\"username\": \"root\", \"password\": \"hunter2\"}", "hunter2", "root" },
    { "{\"clientId\": \"sb-1\", \"clientSecret\": \"cs-123\"}", "cs-123", "sb-1" },
    { "{\"credentials\": {\"password\": 12345}}", "12345", "<redacted>" },
    { "[{\"secret\": \"abc\", \"p12\": \"MIIKZQ\"}]", "MIIKZQ", "<redacted>" },
    { "{\"pem\": \"-----BEGIN RSA PRIVATE KEY-----\\nQUJD\\n-----END RSA PRIVATE KEY-----\\n-----BEGIN CERTIFICATE-----\\nQ0VSVA\\n-----END CERTIFICATE-----\"}",
      "QUJD", "Q0VSVA" },
    /* Malformed JSON is redacted as text. */
    { "{\"password\": \"hunter2\", \"secret\": \"a\\\"b\"", "hunter2", "<redacted>" },
    { "{\"secret\": \"a\\\"bc\", broken", "bc", "<redacted>" },
    { "-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n", "S0VZ", "BEGIN PRIVATE KEY" },
    { "-----BEGIN ENCRYPTED PRIVATE KEY-----\nS0VZ cut off", "S0VZ", "<redacted>" },
    { "Authorization: Basic cm9vdDpodW50ZXIy\nAccept: application/json\n", "cm9vdDpodW50ZXIy", "Accept" },
    { "{\"name\": \"MyDevice\"}", "<redacted>", "MyDevice" },
    /* Member names in any case and spelling. */
    { "{\"Secret\": \"hunter2\"}", "hunter2", "<redacted>" },
    { "{\"clientsecret\": \"hunter2\", \"clientid\": \"sb-1\"}", "hunter2", "sb-1" },
    { "{\"CLIENT_SECRET\": \"hunter2\"}", "hunter2", "<redacted>" },
    { "{\"privateKey\": \"hunter2\"}", "hunter2", "<redacted>" },
    { "{\"keyStorePassword\": \"hunter2\"}", "hunter2", "<redacted>" },
    { "{\"PKCS12\": \"hunter2\"}", "hunter2", "<redacted>" },
    { "{\"access_token\": \"hunter2\"}", "hunter2", "<redacted>" },
    /* ...also as text. */
    { "{\"Secret\": \"hunter2\", broken", "hunter2", "<redacted>" },
    { "{\"ClientSecret\" : \"hunter2\"} trailing", "hunter2", "<redacted>" },
    { "{\"Password\": 12345, \"name\": \"x\", broken", "12345", "\"name\": \"x\"" },
    { "{\"secrets\": [\"a1\", {\"b\": \"hunter2\"}], \"name\": \"x\", broken", "hunter2", "\"name\": \"x\"" },
    /* Cut off inside a secret's string: it never closes. */
    { "{\"name\": \"MyDevice\", \"secret\": \"hunter2-and-the-rest-of-it", "hunter2", "MyDevice" },
    { "[{\"p12\": \"MIIKZQ\\\"more", "MIIKZQ", "<redacted>" },
    /* A string that merely holds a name is no member. */
    { "{\"note\": \"password\", broken", "<redacted>", "\"note\": \"password\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = herald_exchange_redact (cases[i].input);

      g_test_message ("%s -> %s", cases[i].input, redacted);
      g_assert_null (strstr (redacted, cases[i].must_not));
      g_assert_nonnull (strstr (redacted, cases[i].must));
    }

  g_assert_null (herald_exchange_redact (NULL));
  /* Nothing to redact: the text stays byte for byte. */
  {
    g_autofree char *same = herald_exchange_redact ("{\"Speed\":50.0}");
    g_assert_cmpstr (same, ==, "{\"Speed\":50.0}");
  }
}

/* Credentials in an API URL */

static void
test_credentials_in_url (void)
{
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new ("https://root:hunter2@example.invalid/iot/core/api/v1",
                                                                      USER, PASSWORD);
  g_autoptr(HeraldServiceConfig) from_key = NULL;
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(HeraldExchange) exchange = NULL;
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *saved = NULL;
  HeraldProfile *profile;

  /* The configuration refuses it, and says what to do without repeating it. */
  client = herald_api_client_new (config, &error);
  g_assert_null (client);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, "hunter2"));
  g_assert_nonnull (strstr (error->message, "example.invalid"));
  g_assert_nonnull (strstr (error->message, "“@”"));
  g_clear_error (&error);
  g_assert_false (herald_service_config_check_api_url ("https://token@example.invalid/iot/core/api/v1", &error));
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG);
  g_clear_error (&error);
  g_assert_true (herald_service_config_check_api_url ("https://example.invalid/iot/core/api/v1", &error));
  g_assert_no_error (error);

  /* Neither does "is not an API URL" repeat a password. */
  herald_service_config_set_api_url (config, "ftp://root:hunter2@example.invalid/iot");
  g_assert_false (herald_service_config_check (config, &error));
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);

  /* A service key's URL loses them. */
  from_key = herald_service_config_new_from_service_key ("{\"username\": \"root\", \"password\": \"pw\", "
                                                         "\"cockpitUrl\": \"https://root:hunter2@example.invalid/iot/cockpit\"}",
                                                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_service_config_get_api_url (from_key), ==, "https://example.invalid/iot/core/api/v1");

  /* The exchange log and its curl line never show them. */
  exchange = herald_exchange_new ("GET", "https://root:hunter2@example.invalid/iot/core/api/v1/devices?top=5",
                                  USER, NULL, FALSE, "Accept: application/json\n", NULL, 0);
  curl = herald_exchange_to_curl (exchange);
  g_assert_cmpstr (herald_exchange_get_url (exchange), ==,
                   "https://<redacted>@example.invalid/iot/core/api/v1/devices?top=5");
  g_assert_null (strstr (curl, "hunter2"));
  g_assert_null (strstr (curl, "root:"));

  /* Nor does profiles.ini. */
  profile = herald_profile_store_ensure (store, "root@example.invalid");
  herald_profile_set_string (profile, "api-url", "https://root:hunter2@example.invalid:8443/iot/core/api/v1");
  g_assert_cmpstr (herald_profile_get_string (profile, "api-url"), ==,
                   "https://example.invalid:8443/iot/core/api/v1");
  g_assert_true (herald_profile_store_save (store, &error));
  g_assert_no_error (error);
  g_file_get_contents (herald_profile_store_get_path (store), &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (saved, "hunter2"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* G_TEST_OPTION_ISOLATE_DIRS hides the system's GSettings schemas, and
   * GNOME's proxy resolver aborts without org.gnome.system.proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/api/errors/malformed-json", test_malformed_json);
  ADD ("/api/errors/hostile-json", test_hostile_json);
  ADD ("/api/errors/html-500", test_html_500);
  ADD ("/api/errors/html-401", test_html_401);
  ADD ("/api/errors/empty-200", test_empty_200);
  ADD ("/api/errors/wrong-shape", test_wrong_shape);
  ADD ("/api/errors/slow-timeout", test_slow_timeout);
  ADD ("/api/errors/cancel-mid-request", test_cancel_mid_request);
  ADD ("/api/errors/connection-refused", test_connection_refused);
  ADD ("/api/errors/connect-timeout", test_connect_timeout);
  ADD ("/api/errors/status-codes", test_status_codes);
  ADD ("/api/errors/wrong-credentials", test_wrong_credentials);
  ADD ("/api/client/paging", test_paging);
  ADD ("/api/client/same-page-twice", test_same_page_twice);
  ADD ("/api/client/endless-answer", test_endless_answer);
  ADD ("/api/client/declared-too-large", test_declared_too_large);
  ADD ("/api/client/cut-inside-secret", test_cut_inside_secret);
  ADD ("/api/client/limit-per-endpoint", test_limit_per_endpoint);
  ADD ("/api/client/endless-pages", test_endless_pages);
  ADD ("/api/client/find-mqtt-gateway", test_find_mqtt_gateway);
  ADD ("/api/client/certificate-redacted", test_certificate_redacted);
  ADD ("/api/client/commands", test_commands);
  ADD ("/api/client/create-and-delete", test_create_and_delete);
  g_test_add_func ("/api/errors/bad-ca-file", test_bad_ca_file);
  g_test_add_func ("/api/exchange/redact", test_redact);
  g_test_add_func ("/api/config/credentials-in-url", test_credentials_in_url);

  return g_test_run ();
}

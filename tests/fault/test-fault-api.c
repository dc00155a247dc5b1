/* test-fault-api.c: the API server vanishes mid-answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hostile HTTP server written here with a plain GSocketService (a
 * GThreadedSocketService: each connection is served by blocking I/O in a
 * thread of its own) on 127.0.0.1 reads each request and then, depending on
 * the scenario in the request's path, closes the connection without a word,
 * after half of the status line and headers, after the headers, or after
 * half of the body (with a Content-Length, and chunked). HeraldApiClient
 * must return a translated HERALD_API_ERROR that says what happened and what
 * to do next, record the exchange, send a POST only once, and leave no
 * client, session or socket behind.
 */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "herald-api-client.h"

#define USER "root"
#define PASSWORD "pa55-w0rd-Secret"
#define SECRET "S3cr3t-Device-Secret"

/* What a real device answer looks like, long enough to be cut in two. */
static const char device_json[] =
  "{\"id\":\"5\",\"name\":\"MyDevice\",\"alternateId\":\"0a1b2c3d4e5f\",\"gatewayId\":\"2\","
  "\"online\":false,\"creationTimestamp\":1700000000000,\"sensors\":[{\"id\":\"7\","
  "\"name\":\"MySensor\",\"alternateId\":\"f5e4d3c2b1a0\",\"sensorTypeId\":\"3\"}],"
  "\"authentications\":[{\"type\":\"clientCertificate\"}],\"customProperties\":[]}";
static const char certificate_json[] =
  "{\"secret\":\"" SECRET "\",\"pem\":\"-----BEGIN ENCRYPTED PRIVATE KEY-----\\n"
  "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgAAAAAAAAAAAICCAAwDAYIKoZIhvcNAgkF"
  "\\n-----END ENCRYPTED PRIVATE KEY-----\\n-----BEGIN CERTIFICATE-----\\nMIIBcertificate"
  "\\n-----END CERTIFICATE-----\\n\"}";

typedef struct
{
  GSocketService *service;
  char           *base;
  guint           requests;   /* atomic */
  guint           guard;
} Server;

static Server server;

static gboolean
read_request (GInputStream *in,
              char         *buffer,
              gsize         size)
{
  gsize used = 0;
  const char *end = NULL;
  const char *length_header;
  gsize content_length = 0;

  /* The request line and headers, then as much body as announced. */
  while (end == NULL)
    {
      gssize n;

      if (used + 1 >= size)
        return FALSE;
      n = g_input_stream_read (in, buffer + used, size - used - 1, NULL, NULL);
      if (n <= 0)
        return FALSE;
      used += n;
      buffer[used] = '\0';
      end = strstr (buffer, "\r\n\r\n");
    }

  length_header = g_strstr_len (buffer, end - buffer, "Content-Length: ");
  if (length_header != NULL)
    content_length = g_ascii_strtoull (length_header + strlen ("Content-Length: "), NULL, 10);
  while (used - (end + 4 - buffer) < content_length)
    {
      gssize n = g_input_stream_read (in, buffer + used, size - used - 1, NULL, NULL);

      if (n <= 0)
        return FALSE;
      used += n;
      buffer[used] = '\0';
    }

  return TRUE;
}

static void
write_text (GOutputStream *out,
            const char    *text,
            gsize          length)
{
  g_output_stream_write_all (out, text, length, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
}

/* Each connection: one request, then the scenario named by the path's
 * first element. Runs in its own thread. */
static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char request[8192];
  const char *body;
  const char *path;
  g_autofree char *headers = NULL;

  if (!read_request (in, request, sizeof request))
    return TRUE;
  g_atomic_int_inc (&server.requests);

  path = strchr (request, ' ');
  g_assert_nonnull (path);
  path++;
  body = strstr (path, "/clientCertificate/") != NULL ? certificate_json : device_json;

  if (g_str_has_prefix (path, "/close-after-request/"))
    ;   /* not a byte */
  else if (g_str_has_prefix (path, "/half-status/"))
    write_text (out, "HTTP/1.1 200 OK\r\nContent-Ty", strlen ("HTTP/1.1 200 OK\r\nContent-Ty"));
  else if (g_str_has_prefix (path, "/headers-only/") || g_str_has_prefix (path, "/half-body/"))
    {
      headers = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 "Content-Length: %zu\r\n\r\n", strlen (body));
      write_text (out, headers, strlen (headers));
      if (g_str_has_prefix (path, "/half-body/"))
        write_text (out, body, strlen (body) / 2);
    }
  else if (g_str_has_prefix (path, "/half-chunked/"))
    {
      g_autofree char *chunk = g_strdup_printf ("%zx\r\n", strlen (body));

      headers = g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n");
      write_text (out, headers, strlen (headers));
      write_text (out, chunk, strlen (chunk));
      write_text (out, body, strlen (body) / 2);
    }
  else
    g_assert_not_reached ();

  /* Gone: no FIN courtesy beyond what close() does. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gboolean
guard_expired (gpointer user_data)
{
  g_error ("a test took longer than 60 s");
  return G_SOURCE_REMOVE;
}

static void
server_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  server.service = g_threaded_socket_service_new (8);
  g_signal_connect (server.service, "run", G_CALLBACK (run_cb), NULL);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server.service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  server.base = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_service_start (server.service);
  server.guard = g_timeout_add_seconds (60, guard_expired, NULL);
}

static void
server_stop (void)
{
  g_source_remove (server.guard);
  g_socket_service_stop (server.service);
  g_socket_listener_close (G_SOCKET_LISTENER (server.service));
  g_clear_object (&server.service);
  g_clear_pointer (&server.base, g_free);
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
on_exchange (HeraldApiClient *client,
             HeraldExchange  *exchange,
             GPtrArray       *exchanges)
{
  g_ptr_array_add (exchanges, g_object_ref (exchange));
}

typedef enum
{
  CALL_GET_DEVICE,
  CALL_CERTIFICATE,
  CALL_CREATE,
} Call;

/* One call against @scenario; returns its error, checks the exchange. */
static GError *
call_once (const char *scenario,
           Call        call)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/iot/core/api/v1", server.base, scenario);
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new (url, USER, PASSWORD);
  g_autoptr(GPtrArray) exchanges = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HeraldApiClient *client;
  HeraldExchange *exchange;

  /* A short request time-out: a client that waited for the rest of the
   * answer would fail the test with a time-out instead. */
  herald_service_config_set_request_timeout (config, 20);
  client = herald_api_client_new (config, &error);
  g_assert_no_error (error);
  g_signal_connect (client, "exchange", G_CALLBACK (on_exchange), exchanges);

  switch (call)
    {
    case CALL_GET_DEVICE:
      {
        g_autoptr(HeraldEntity) device = NULL;

        herald_api_client_get_device_async (client, "5", NULL, on_ready, &result);
        device = herald_api_client_entity_finish (client, wait_for (&result), &error);
        g_assert_null (device);
      }
      break;
    case CALL_CERTIFICATE:
      {
        g_autoptr(GBytes) pem = NULL;
        g_autofree char *secret = NULL;

        herald_api_client_get_device_certificate_async (client, "5", HERALD_CERTIFICATE_FORMAT_PEM,
                                                        NULL, on_ready, &result);
        pem = herald_api_client_get_device_certificate_finish (client, wait_for (&result), &secret, &error);
        g_assert_null (pem);
        g_assert_null (secret);
      }
      break;
    case CALL_CREATE:
      {
        g_autoptr(HeraldDevice) device = herald_device_new ("2", "MyDevice");
        g_autoptr(HeraldEntity) created = NULL;

        herald_api_client_create_async (client, HERALD_ENTITY (device), NULL, on_ready, &result);
        created = herald_api_client_entity_finish (client, wait_for (&result), &error);
        g_assert_null (created);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_nonnull (error);

  /* The exchange is recorded with what went wrong, and never the secret
   * of a half-received certificate answer. */
  g_assert_cmpuint (exchanges->len, ==, 1);
  exchange = exchanges->pdata[0];
  g_assert_nonnull (herald_exchange_get_error_message (exchange));
  g_assert_null (strstr (herald_exchange_get_error_message (exchange), SECRET));
  g_assert_null (herald_exchange_get_response_body (exchange) != NULL
                 ? strstr (herald_exchange_get_response_body (exchange), SECRET) : NULL);

  g_signal_handlers_disconnect_by_func (client, on_exchange, exchanges);
  g_clear_object (&result);
  /* The client goes with its last reference: no request keeps it. */
  g_assert_finalize_object (client);

  return g_steal_pointer (&error);
}

static void
assert_vanished_error (const char   *scenario,
                       const GError *error)
{
  /* Cut inside the status line or headers, libsoup cannot tell a server
   * that vanished from one that does not speak HTTP, and says so. */
  if (g_str_equal (scenario, "half-status"))
    {
      g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (error->message, "127.0.0.1"));
      g_assert_nonnull (strstr (error->message, "did not answer in HTTP"));
      return;
    }

  /* Not a time-out, not a made-up answer: the connection broke. */
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_NETWORK);
  /* What happened, to which server, and what to do next. */
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "closed the connection"));
  g_assert_nonnull (strstr (error->message, "Try again"));
}

static void
test_vanishes (gconstpointer data)
{
  const char *scenario = data;
  guint fds_before;

  server_start ();

  /* Warm up once: GLib, libsoup and GnuTLS open what they keep open. */
  {
    g_autoptr(GError) warm_up = call_once (scenario, CALL_GET_DEVICE);
  }
  fds_before = count_fds ();

  for (guint round = 0; round < 10; round++)
    {
      for (Call call = CALL_GET_DEVICE; call <= CALL_CREATE; call++)
        {
          guint before = g_atomic_int_get (&server.requests);
          g_autoptr(GError) error = call_once (scenario, call);

          if (round == 0)
            g_test_message ("%s: %s", call == CALL_CREATE ? "POST" : "GET", error->message);
          assert_vanished_error (scenario, error);

          /* A POST the server may have acted on is not sent again. */
          if (call == CALL_CREATE)
            g_assert_cmpuint (g_atomic_int_get (&server.requests) - before, ==, 1);
        }
    }

  /* Let the server's threads finish closing their side. */
  for (guint i = 0; i < 100 && count_fds () > fds_before; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_cmpuint (count_fds (), <=, fds_before);

  server_stop ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* The isolated directories hide GNOME's proxy schema (see
   * herald-test-gtk.h); the test talks to loopback only. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/fault/api/close-after-request", "close-after-request", test_vanishes);
  g_test_add_data_func ("/fault/api/half-status", "half-status", test_vanishes);
  g_test_add_data_func ("/fault/api/headers-only", "headers-only", test_vanishes);
  g_test_add_data_func ("/fault/api/half-body", "half-body", test_vanishes);
  g_test_add_data_func ("/fault/api/half-chunked", "half-chunked", test_vanishes);

  return g_test_run ();
}

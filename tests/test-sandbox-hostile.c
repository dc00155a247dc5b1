/* test-sandbox-hostile.c: the real herald-sandbox against clients that
 * misbehave: connections closed, left half-sent or stuffed with a body
 * nobody asked for, ids and credentials in odd spellings, query options
 * it does not know, sensor type alternate ids at the end of the range.
 * Plus its paging, and the bound on the measures it keeps (in-process, on
 * a real SQLite file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <string.h>

#include "herald-sandbox-store.h"
#include "herald-test-sandbox.h"

/* --- HTTP through libsoup ---------------------------------------------- */

typedef struct
{
  guint     status;
  char     *body;
  JsonNode *json;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_clear_pointer (&answer->json, json_node_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static Answer *
request (HeraldTestSandbox *sandbox,
         const char        *method,
         const char        *path,
         const char        *body)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autofree char *url = g_strconcat (herald_test_sandbox_get_api_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *pair = g_strconcat (herald_test_sandbox_get_user (sandbox), ":",
                                       herald_test_sandbox_get_password (sandbox), NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Answer *answer = g_new0 (Answer, 1);

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_bytes_get_size (bytes) > 0
                 ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                 : g_strdup ("");
  if (*answer->body != '\0' && json_parser_load_from_data (parser, answer->body, -1, NULL))
    answer->json = json_node_ref (json_parser_get_root (parser));
  return answer;
}

static void
assert_status (Answer *answer,
               guint   status)
{
  if (answer->status != status)
    g_error ("expected %u, got %u: %s", status, answer->status, answer->body);
}

static const char *
member (Answer     *answer,
        const char *name)
{
  g_assert_nonnull (answer->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->json));
  return json_object_get_string_member (json_node_get_object (answer->json), name);
}

static Answer *
post_ok (HeraldTestSandbox *sandbox,
         const char        *path,
         const char        *body)
{
  Answer *answer = request (sandbox, "POST", path, body);

  assert_status (answer, 200);
  return answer;
}

/* The ids of a list answer, joined with commas. */
static char *
ids_of (Answer *answer)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  JsonArray *array;

  assert_status (answer, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (answer->json));
  array = json_node_get_array (answer->json);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (array, i),
                                                           "id"));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* --- HTTP by hand ------------------------------------------------------ */

static GSocket *
connect_raw (HeraldTestSandbox *sandbox)
{
  g_autoptr(GUri) uri = g_uri_parse (herald_test_sandbox_get_api_url (sandbox), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (g_uri_get_host (uri));
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, g_uri_get_port (uri));
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_set_timeout (socket, 15);
  g_socket_connect (socket, socket_address, NULL, &error);
  g_assert_no_error (error);
  return socket;
}

static char *
api_path (HeraldTestSandbox *sandbox,
          const char        *path)
{
  g_autoptr(GUri) uri = g_uri_parse (herald_test_sandbox_get_api_url (sandbox), G_URI_FLAGS_NONE, NULL);

  return g_strconcat (g_uri_get_path (uri), path, NULL);
}

static char *
basic (const char *user,
       const char *password,
       gsize       password_length)
{
  g_autoptr(GString) pair = g_string_new (user);
  g_autofree char *encoded = NULL;

  g_string_append_c (pair, ':');
  g_string_append_len (pair, password, password_length);
  encoded = g_base64_encode ((const guchar *) pair->str, pair->len);
  return g_strconcat ("Basic ", encoded, NULL);
}

static char *
good_credentials (HeraldTestSandbox *sandbox)
{
  const char *password = herald_test_sandbox_get_password (sandbox);

  return basic (herald_test_sandbox_get_user (sandbox), password, strlen (password));
}

static void
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  g_autoptr(GError) error = NULL;

  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, &error);

      g_assert_no_error (error);
      data += n;
      length -= n;
    }
}

/* Reads one answer (headers and a Content-Length body); returns its status
 * line, the body in @body. */
static char *
read_answer (GSocket  *socket,
             char    **body)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *end, *length_header;
  gsize header_length, content_length;
  char buffer[16384];

  while ((end = strstr (data->str, "\r\n\r\n")) == NULL)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (data, buffer, n);
    }
  header_length = end + 4 - data->str;
  length_header = g_strstr_len (data->str, header_length, "Content-Length: ");
  g_assert_nonnull (length_header);
  content_length = g_ascii_strtoull (length_header + 16, NULL, 10);
  while (data->len < header_length + content_length)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (data, buffer, n);
    }
  if (body != NULL)
    *body = g_strndup (data->str + header_length, content_length);
  return g_strndup (data->str, strstr (data->str, "\r\n") - data->str);
}

static guint
count_fds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

/* Waits up to @seconds for the sandbox's descriptors to fall to @most. */
static guint
wait_for_fds (GPid   pid,
              guint  most,
              double seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint count;

  while ((count = count_fds (pid)) > most && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  return count;
}

/* Seconds until the server closes @socket (reads return 0 or fail),
 * reading and dropping what it sends; -1 when it did not within @limit. */
static double
seconds_until_closed (GSocket *socket,
                      double   limit)
{
  gint64 start = g_get_monotonic_time ();
  char buffer[4096];

  for (;;)
    {
      struct pollfd pfd = { g_socket_get_fd (socket), POLLIN, 0 };
      double elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      gssize n;

      if (elapsed >= limit)
        return -1;
      if (poll (&pfd, 1, (int) ((limit - elapsed) * 1000) + 1) <= 0)
        continue;
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }
}

/* --- Connections ------------------------------------------------------- */

static gsize status_kib (GPid pid, const char *field);

/* Under AddressSanitizer freed memory waits in a quarantine: the resident
 * size says nothing about leaks then. */
static gboolean
has_asan (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/maps", pid);
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents (path, &maps, NULL, NULL));
  return strstr (maps, "libasan") != NULL;
}

/* libsoup 3.2 kept a descriptor (and about 2 KB) for every keep-alive
 * connection its client closed after an answer: 300 such requests must
 * leave no descriptor behind, 3000 more no more memory than libsoup takes
 * for any connection (about 300 bytes in 3.2.3, with or without
 * keep-alive). */
static void
test_client_closed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autofree char *credentials = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  guint before, after;
  GPid pid;

  g_assert_no_error (error);
  pid = herald_test_sandbox_get_pid (sandbox);
  credentials = good_credentials (sandbox);
  path = api_path (sandbox, "/gateways");
  text = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: %s\r\n\r\n",
                          path, credentials);

  before = count_fds (pid);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GSocket) socket = connect_raw (sandbox);
      g_autofree char *status = NULL;

      send_all (socket, text, strlen (text));
      status = read_answer (socket, NULL);
      g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK");
      g_socket_close (socket, NULL);
    }
  after = wait_for_fds (pid, before + 2, 5);
  g_test_message ("descriptors: %u before, %u after 300 client-closed requests", before, after);
  g_assert_cmpuint (after, <=, before + 2);

  if (!has_asan (pid))
    {
      gsize rss_before = status_kib (pid, "VmRSS:");
      gsize rss_after;

      for (guint i = 0; i < 3000; i++)
        {
          g_autoptr(GSocket) socket = connect_raw (sandbox);
          g_autofree char *status = NULL;

          send_all (socket, text, strlen (text));
          status = read_answer (socket, NULL);
          g_socket_close (socket, NULL);
        }
      wait_for_fds (pid, before + 2, 5);
      rss_after = status_kib (pid, "VmRSS:");
      g_test_message ("VmRSS %" G_GSIZE_FORMAT " kB before, %" G_GSIZE_FORMAT
                      " kB after 3000 more", rss_before, rss_after);
      g_assert_cmpuint (rss_after, <, rss_before + 3 * 1024);
    }

  /* Keep-alive still works: three requests on one connection. */
  {
    g_autoptr(GSocket) socket = connect_raw (sandbox);

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *status = NULL;

        send_all (socket, text, strlen (text));
        status = read_answer (socket, NULL);
        g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK");
      }
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* Headers never finished, a body never finished, a connection that says
 * nothing, an idle keep-alive one: each is closed after its (here short)
 * time-out, and 100 slow ones leave no descriptor behind. */
static void
test_slow_clients (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *path = NULL;
  g_autofree char *partial_headers = NULL;
  g_autofree char *partial_body = NULL;
  g_autofree char *full = NULL;
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  guint before, after;
  double seconds;
  GPid pid;

  /* Headers 0.5 s, body 1 s, idle 1.5 s. */
  g_setenv ("HERALD_SANDBOX_TEST_LIMITS", "500:1000:1500", TRUE);
  sandbox = herald_test_sandbox_start ("classic", &error);
  g_unsetenv ("HERALD_SANDBOX_TEST_LIMITS");
  g_assert_no_error (error);
  pid = herald_test_sandbox_get_pid (sandbox);
  credentials = good_credentials (sandbox);
  path = api_path (sandbox, "/devices");
  partial_headers = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: %s\r\n",
                                     path, credentials);
  partial_body = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: %s\r\n"
                                  "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                                  "{\"name\":", path, credentials);
  full = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: %s\r\n\r\n",
                          path, credentials);

  {
    g_autoptr(GSocket) socket = connect_raw (sandbox);

    send_all (socket, partial_headers, strlen (partial_headers));
    seconds = seconds_until_closed (socket, 8);
    g_test_message ("unfinished headers closed after %.2f s", seconds);
    g_assert_cmpfloat (seconds, >=, 0.3);
  }
  {
    g_autoptr(GSocket) socket = connect_raw (sandbox);

    seconds = seconds_until_closed (socket, 8);
    g_test_message ("a silent connection closed after %.2f s", seconds);
    g_assert_cmpfloat (seconds, >=, 0.3);
  }
  {
    g_autoptr(GSocket) socket = connect_raw (sandbox);

    send_all (socket, partial_body, strlen (partial_body));
    seconds = seconds_until_closed (socket, 8);
    g_test_message ("an unfinished body closed after %.2f s", seconds);
    g_assert_cmpfloat (seconds, >=, 0.8);
  }
  {
    g_autoptr(GSocket) socket = connect_raw (sandbox);
    g_autofree char *status = NULL;

    send_all (socket, full, strlen (full));
    status = read_answer (socket, NULL);
    g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK");
    seconds = seconds_until_closed (socket, 8);
    g_test_message ("an idle keep-alive connection closed after %.2f s", seconds);
    g_assert_cmpfloat (seconds, >=, 1.2);
  }

  before = count_fds (pid);
  for (guint i = 0; i < 100; i++)
    {
      GSocket *socket = connect_raw (sandbox);

      if (i % 2 == 0)
        send_all (socket, partial_headers, strlen (partial_headers));
      else
        send_all (socket, partial_body, strlen (partial_body));
      g_ptr_array_add (sockets, socket);
    }
  after = wait_for_fds (pid, before + 2, 8);
  g_test_message ("descriptors: %u before, %u after 100 slow requests", before, after);
  g_assert_cmpuint (after, <=, before + 2);
  g_ptr_array_set_size (sockets, 0);

  /* The sandbox still answers. */
  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/devices", NULL);
    assert_status (answer, 200);
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* More slow connections than the sandbox keeps (here 20; the time-outs
 * the real ones): the oldest are closed for the new ones, the descriptors
 * stay bounded, and a real request still gets its answer. */
static void
test_connection_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  g_autofree char *partial = NULL;
  guint before, most = 0;
  GPid pid;

  g_setenv ("HERALD_SANDBOX_TEST_LIMITS", ":::20", TRUE);
  sandbox = herald_test_sandbox_start ("classic", &error);
  g_unsetenv ("HERALD_SANDBOX_TEST_LIMITS");
  g_assert_no_error (error);
  pid = herald_test_sandbox_get_pid (sandbox);
  path = api_path (sandbox, "/devices");
  partial = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\n", path);

  before = count_fds (pid);
  for (guint i = 0; i < 100; i++)
    {
      GSocket *socket = connect_raw (sandbox);

      send_all (socket, partial, strlen (partial));
      g_ptr_array_add (sockets, socket);
      if (i % 10 == 9)
        {
          g_usleep (50 * 1000);
          most = MAX (most, count_fds (pid));
        }
    }
  most = MAX (most, wait_for_fds (pid, before + 22, 5));
  g_test_message ("descriptors: %u before, at most %u with 100 slow connections open", before, most);
  g_assert_cmpuint (most, <=, before + 22);

  /* The first ones were closed (their reads end), the last one is open. */
  g_assert_cmpfloat (seconds_until_closed (g_ptr_array_index (sockets, 0), 5), >=, 0);
  g_assert_true (g_socket_condition_check (g_ptr_array_index (sockets, 99), G_IO_IN) == 0);

  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/devices", NULL);
    assert_status (answer, 200);
  }

  g_ptr_array_set_size (sockets, 0);
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* --- Refused from the headers ----------------------------------------- */

static gsize
status_kib (GPid        pid,
            const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, field);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* Sends headers announcing @size bytes of body, then the body until the
 * answer comes (or the server stops reading); returns the answer's status
 * line and how much of the body went out. */
static char *
send_big_body (HeraldTestSandbox *sandbox,
               const char        *authorization,
               gsize              size,
               gsize             *sent)
{
  g_autoptr(GSocket) socket = connect_raw (sandbox);
  g_autofree char *path = api_path (sandbox, "/devices");
  g_autofree char *headers = NULL;
  g_autofree char *chunk = g_malloc0 (64 * 1024);
  g_autofree char *body = NULL;
  char *status;

  headers = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: localhost\r\n%s%s%s"
                             "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT
                             "\r\n\r\n", path,
                             authorization ? "Authorization: " : "", authorization ? authorization : "",
                             authorization ? "\r\n" : "", size);
  send_all (socket, headers, strlen (headers));

  *sent = 0;
  while (*sent < size)
    {
      struct pollfd pfd = { g_socket_get_fd (socket), POLLIN | POLLOUT, 0 };
      gssize n;

      g_assert_cmpint (poll (&pfd, 1, 15000), >, 0);
      if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
        break;
      n = g_socket_send_with_blocking (socket, chunk, MIN (64 * 1024, size - *sent), FALSE, NULL, NULL);
      if (n < 0)
        break;
      *sent += n;
    }

  status = read_answer (socket, &body);
  g_assert_nonnull (strstr (body, "\"message\""));
  return status;
}

/* A 64 MiB body with wrong or no credentials, or over the limit: the answer
 * comes from the headers and the sandbox does not read the body into
 * memory. */
static void
test_big_bodies (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  const gsize size = 64 * 1024 * 1024;
  g_autofree char *wrong = NULL;
  g_autofree char *good = NULL;
  struct {
    const char *authorization;
    const char *status;
  } cases[3];
  gsize hwm_before, hwm_after, rss_after;
  GPid pid;

  g_assert_no_error (error);
  pid = herald_test_sandbox_get_pid (sandbox);
  wrong = basic (herald_test_sandbox_get_user (sandbox), "wrong", 5);
  good = good_credentials (sandbox);
  cases[0].authorization = wrong;
  cases[0].status = "HTTP/1.1 401 Unauthorized";
  cases[1].authorization = NULL;
  cases[1].status = "HTTP/1.1 401 Unauthorized";
  cases[2].authorization = good;
  cases[2].status = "HTTP/1.1 413 Request Entity Too Large";

  hwm_before = status_kib (pid, "VmHWM:");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize sent;
      g_autofree char *status = send_big_body (sandbox, cases[i].authorization, size, &sent);

      g_test_message ("%s after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", status, sent, size);
      g_assert_cmpstr (status, ==, cases[i].status);
    }
  hwm_after = status_kib (pid, "VmHWM:");
  rss_after = status_kib (pid, "VmRSS:");
  g_test_message ("VmHWM %" G_GSIZE_FORMAT " kB before, %" G_GSIZE_FORMAT " kB after; VmRSS %"
                  G_GSIZE_FORMAT " kB", hwm_before, hwm_after, rss_after);
  g_assert_cmpuint (hwm_after, <, hwm_before + 8 * 1024);

  /* The sandbox still answers, and the refused connections are gone. */
  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/gateways", NULL);
    assert_status (answer, 200);
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* Credentials with a NUL byte in the password or the user name. */
static void
test_nul_credentials (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  const char *user, *password;
  g_autofree char *with_nul = NULL;
  g_autofree char *user_nul = NULL;
  g_autofree char *good = NULL;
  g_autofree char *path = NULL;
  const char *authorizations[3];
  const char *expected[3] = {
    "HTTP/1.1 401 Unauthorized", "HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK"
  };

  g_assert_no_error (error);
  user = herald_test_sandbox_get_user (sandbox);
  password = herald_test_sandbox_get_password (sandbox);
  {
    g_autofree char *padded = g_strconcat (password, "?extra", NULL);

    padded[strlen (password)] = '\0';
    with_nul = basic (user, padded, strlen (password) + 6);
  }
  {
    g_autofree char *name = g_strconcat (user, "?x", NULL);

    name[strlen (user)] = '\0';
    /* "user\0x:password" */
    {
      g_autoptr(GString) pair = g_string_new_len (name, strlen (user) + 2);
      g_autofree char *encoded = NULL;

      g_string_append_c (pair, ':');
      g_string_append (pair, password);
      encoded = g_base64_encode ((const guchar *) pair->str, pair->len);
      user_nul = g_strconcat ("Basic ", encoded, NULL);
    }
  }
  good = good_credentials (sandbox);
  authorizations[0] = with_nul;
  authorizations[1] = user_nul;
  authorizations[2] = good;
  path = api_path (sandbox, "/gateways");

  for (guint i = 0; i < G_N_ELEMENTS (authorizations); i++)
    {
      g_autoptr(GSocket) socket = connect_raw (sandbox);
      g_autofree char *text = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\n"
                                               "Authorization: %s\r\n\r\n", path, authorizations[i]);
      g_autofree char *status = NULL;

      send_all (socket, text, strlen (text));
      status = read_answer (socket, NULL);
      g_assert_cmpstr (status, ==, expected[i]);
    }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* --- Query options, ids, alternate ids --------------------------------- */

static void
assert_refused_option (HeraldTestSandbox *sandbox,
                       const char        *path,
                       const char        *option)
{
  g_autoptr(Answer) answer = request (sandbox, "GET", path, NULL);
  g_autofree char *quoted = g_strdup_printf ("“%s”", option);

  assert_status (answer, 400);
  g_assert_nonnull (strstr (member (answer, "message"), quoted));
}

static void
test_query_options (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"gatewayId\": \"2\", \"name\": \"d%u\"}", i);
      g_autoptr(Answer) answer = post_ok (sandbox, "/devices", body);
    }

  assert_refused_option (sandbox, "/devices?$filter=name%20eq%20'd1'", "$filter");
  assert_refused_option (sandbox, "/devices?$top=1", "$top");
  assert_refused_option (sandbox, "/devices?$skip=1", "$skip");
  assert_refused_option (sandbox, "/devices?$orderby=name", "$orderby");
  assert_refused_option (sandbox, "/devices?top=1&colour=red", "colour");
  assert_refused_option (sandbox, "/capabilities?expand=all", "expand");
  assert_refused_option (sandbox, "/gateways?$top=1", "$top");
  assert_refused_option (sandbox, "/devices/1?top=1", "top");
  assert_refused_option (sandbox, "/devices/1/measures?$top=1", "$top");
  assert_refused_option (sandbox, "/gateways/2?filter=x", "filter");

  /* The known ones work. */
  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/devices?filter=name%20eq%20'd1'&top=5&skip=0&orderby=name", NULL);
    g_autofree char *ids = ids_of (answer);
    g_assert_cmpstr (ids, ==, "2");
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_id_aliases (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autoptr(Answer) device = NULL;
  g_autoptr(Answer) sensor = NULL;
  const char *aliases[] = { "01", "1.0", "+1", "%201", "1%20", "1e0", "0x1", "00001" };
  const char *device_id;

  g_assert_no_error (error);
  device = post_ok (sandbox, "/devices", "{\"gatewayId\": \"2\", \"name\": \"one\"}");
  device_id = member (device, "id");
  g_assert_cmpstr (device_id, ==, "1");
  sensor = post_ok (sandbox, "/sensors",
                    "{\"deviceId\": \"1\", \"name\": \"s\", \"sensorTypeId\": \"0\"}");

  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/devices/1", NULL);
    assert_status (answer, 200);
  }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      g_autofree char *device_path = g_strdup_printf ("/devices/%s", aliases[i]);
      g_autofree char *measures_path = g_strdup_printf ("/devices/%s/measures", aliases[i]);
      g_autoptr(Answer) get_device = NULL;
      g_autoptr(Answer) measures = NULL;
      g_autoptr(Answer) delete_device = NULL;

      get_device = request (sandbox, "GET", device_path, NULL);
      assert_status (get_device, 404);
      measures = request (sandbox, "GET", measures_path, NULL);
      assert_status (measures, 404);
      delete_device = request (sandbox, "DELETE", device_path, NULL);
      assert_status (delete_device, 404);
    }

  /* Sensor 1 is the device's default sensor; sensor 2 the one made above. */
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      g_autofree char *alias = g_strdup (aliases[i]);
      g_autofree char *path = NULL;
      g_autoptr(Answer) get_sensor = NULL;
      g_autoptr(Answer) delete_sensor = NULL;
      char *one = strchr (alias, '1');

      *one = '2';
      path = g_strdup_printf ("/sensors/%s", alias);
      get_sensor = request (sandbox, "GET", path, NULL);
      assert_status (get_sensor, 404);
      delete_sensor = request (sandbox, "DELETE", path, NULL);
      assert_status (delete_sensor, 404);
    }

  {
    g_autoptr(Answer) answer = request (sandbox, "POST", "/sensors",
                                        "{\"deviceId\": \"01\", \"name\": \"s\", \"sensorTypeId\": \"0\"}");
    assert_status (answer, 400);
  }

  /* Both are still there. */
  {
    g_autoptr(Answer) get_device = request (sandbox, "GET", "/devices/1", NULL);
    g_autoptr(Answer) get_sensor = request (sandbox, "GET", "/sensors/2", NULL);

    assert_status (get_device, 200);
    assert_status (get_sensor, 200);
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

static void
test_sensor_type_alternate_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  g_autoptr(Answer) last = NULL;
  g_autoptr(Answer) first = NULL;
  g_autoptr(Answer) second = NULL;
  g_autoptr(Answer) mine = NULL;
  g_autoptr(Answer) third = NULL;

  g_assert_no_error (error);
  last = post_ok (sandbox, "/sensorTypes",
                  "{\"name\": \"Last\", \"capabilities\": [], \"alternateId\": \"9223372036854775807\"}");
  first = post_ok (sandbox, "/sensorTypes", "{\"name\": \"A\", \"capabilities\": []}");
  second = post_ok (sandbox, "/sensorTypes", "{\"name\": \"B\", \"capabilities\": []}");
  g_assert_cmpstr (member (first, "alternateId"), ==, "1");
  g_assert_cmpstr (member (second, "alternateId"), ==, "2");

  /* A client's own next number is skipped, not a conflict. */
  mine = post_ok (sandbox, "/sensorTypes",
                  "{\"name\": \"Mine\", \"capabilities\": [], \"alternateId\": \"0003\"}");
  third = post_ok (sandbox, "/sensorTypes", "{\"name\": \"C\", \"capabilities\": []}");
  g_assert_cmpstr (member (third, "alternateId"), ==, "4");

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* --- Paging ------------------------------------------------------------ */

static void
test_paging (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
  const struct {
    const char *query;
    const char *ids;
  } pages[] = {
    { "", "1,2,3,4,5,6,7" },
    { "?top=1", "1" },
    { "?top=3", "1,2,3" },
    { "?skip=2", "3,4,5,6,7" },
    { "?skip=2&top=2", "3,4" },
    { "?skip=6&top=5", "7" },
    { "?skip=7", "" },
    { "?skip=100&top=1", "" },
    { "?top=0", "" },
    { "?orderby=id%20desc&skip=1&top=2", "6,5" },
    { "?filter=gatewayId%20eq%20'3'&skip=1&top=1", "4" },
    { "?orderby=name%20desc&top=2", "7,6" },
    { "?orderby=gatewayId%20desc", "1,4,7,2,3,5,6" },
    { "?orderby=gatewayId", "2,3,5,6,1,4,7" },
    { "?filter=gatewayId%20ne%20'3'", "2,3,5,6" },
    { "?filter=gatewayId%20eq%20'3'%20and%20name%20ne%20'd3'", "1,7" },
    { "?filter=status%20eq%20'fullyFunctional'&top=2", "1,2" },
    { "?filter=type%20eq%20'x'", "" },
    { "?filter=type%20ne%20'x'&top=1", "1" },
    { "?filter=id%20eq%20'05'", "" },
    { "?filter=id%20eq%20'5'", "5" },
    { "?filter=name%20eq%20'd1'%20and%20name%20eq%20'd2'", "" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"gatewayId\": \"%s\", \"name\": \"d%u\"}",
                                               i % 3 == 0 ? "3" : "2", i);
      g_autoptr(Answer) answer = post_ok (sandbox, "/devices", body);
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"c%u\", \"properties\": []}", i);
      g_autoptr(Answer) answer = post_ok (sandbox, "/capabilities", body);
    }

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *path = g_strconcat ("/devices", pages[i].query, NULL);
      g_autoptr(Answer) answer = request (sandbox, "GET", path, NULL);
      g_autofree char *ids = ids_of (answer);

      g_assert_cmpstr (ids, ==, pages[i].ids);
    }

  /* Names that read as numbers sort as numbers, before the others. */
  {
    const char *names[] = { "b", "10", "a", "9", "B", NULL };
    const char *orders[][2] = {
      { "/capabilities?orderby=name", "9,10,B,a,b" },
      { "/capabilities?orderby=name%20desc", "b,a,B,10,9" },
      { "/capabilities?orderby=name&filter=name%20ne%20'a'&skip=1&top=3", "10,B,b" },
    };

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"properties\": []}", names[i]);
        g_autoptr(Answer) answer = post_ok (sandbox, "/capabilities", body);
      }
    for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
      {
        g_autoptr(Answer) answer = request (sandbox, "GET", orders[i][0], NULL);
        g_autoptr(GString) got = g_string_new (NULL);
        JsonArray *array;

        assert_status (answer, 200);
        array = json_node_get_array (answer->json);
        for (guint j = 0; j < json_array_get_length (array); j++)
          {
            const char *name = json_object_get_string_member (json_array_get_object_element (array, j),
                                                              "name");

            /* Only the names above (the three c%u ones sort among the text). */
            if (g_strv_contains (names, name))
              g_string_append_printf (got, "%s%s", got->len > 0 ? "," : "", name);
          }
        g_assert_cmpstr (got->str, ==, orders[i][1]);
      }
  }

  /* Every device's default sensor: sensors 1 to 7 in order. */
  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/sensors?skip=5&top=10", NULL);
    g_autofree char *ids = ids_of (answer);
    g_assert_cmpstr (ids, ==, "6,7");
  }
  {
    g_autoptr(Answer) answer = request (sandbox, "GET", "/sensors?filter=deviceId%20eq%20'3'", NULL);
    g_autofree char *ids = ids_of (answer);
    g_assert_cmpstr (ids, ==, "3");
  }
  /* Capabilities and sensor types page in their order of creation. */
  {
    g_autoptr(Answer) all = request (sandbox, "GET", "/capabilities", NULL);
    g_autoptr(Answer) page = request (sandbox, "GET", "/capabilities?skip=1&top=1", NULL);
    g_autofree char *all_capabilities = ids_of (all);
    g_autofree char *one = ids_of (page);
    g_auto(GStrv) split = g_strsplit (all_capabilities, ",", -1);

    g_assert_cmpuint (g_strv_length (split), ==, 8);
    g_assert_cmpstr (one, ==, split[1]);
  }
  {
    g_autoptr(Answer) page = request (sandbox, "GET", "/sensorTypes?top=1", NULL);
    g_autofree char *ids = ids_of (page);
    g_assert_cmpstr (ids, ==, "0");
  }
  {
    g_autoptr(Answer) page = request (sandbox, "GET", "/gateways?skip=1", NULL);
    g_autofree char *ids = ids_of (page);
    g_assert_cmpstr (ids, ==, "3");
  }
  {
    g_autoptr(Answer) page = request (sandbox, "GET", "/devices/1/measures?top=5", NULL);
    g_autofree char *ids = ids_of (page);
    g_assert_cmpstr (ids, ==, "");
  }

  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
}

/* --- The measures kept ------------------------------------------------- */

static char *
timestamps_of (JsonNode *list)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (array, i),
                                                        "timestamp"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_measures_bound (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hostile-store-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autoptr(HeraldSandboxStore) store = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) two = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *paged = NULL;
  g_autofree char *others = NULL;
  const char *one_id, *two_id;
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_no_error (error);
  g_assert_cmpint (HERALD_SANDBOX_STORE_MAX_MEASURES, ==, 10000);
  db = g_build_filename (dir, "sandbox.db", NULL);
  store = herald_sandbox_store_open (db, TRUE, &error);
  g_assert_no_error (error);
  herald_sandbox_store_set_max_measures (store, 5);

  one = herald_sandbox_store_add_device (store, "2", "one", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  two = herald_sandbox_store_add_device (store, "2", "two", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  one_id = json_object_get_string_member (json_node_get_object (one), "id");
  two_id = json_object_get_string_member (json_node_get_object (two), "id");

  for (gint64 t = 1; t <= 8; t++)
    {
      herald_sandbox_store_add_measures (store, one_id, "1", "c", t, "[[1]]", &error);
      g_assert_no_error (error);
    }
  for (gint64 t = 101; t <= 103; t++)
    {
      herald_sandbox_store_add_measures (store, two_id, "2", "c", t, "[[1]]", &error);
      g_assert_no_error (error);
    }

  list = herald_sandbox_store_list_measures (store, one_id, 1000, NULL, &error);
  g_assert_no_error (error);
  kept = timestamps_of (list);
  g_assert_cmpstr (kept, ==, "8,7,6,5,4");

  {
    HeraldSandboxStoreQuery query = { NULL, 0, NULL, FALSE, 1, 2 };

    page = herald_sandbox_store_list_measures (store, one_id, 1000, &query, &error);
  }
  g_assert_no_error (error);
  paged = timestamps_of (page);
  g_assert_cmpstr (paged, ==, "7,6");

  /* Filtered and sorted in SQL, within the newest ones. */
  {
    HeraldSandboxStoreClause clauses[] = { { "capabilityId", TRUE, "odd" } };
    HeraldSandboxStoreQuery query = { clauses, 1, "timestamp", FALSE, 0, -1 };
    g_autoptr(JsonNode) sorted = NULL;
    g_autofree char *text = NULL;

    herald_sandbox_store_add_measures (store, one_id, "1", "odd", 0, "[[1]]", &error);
    g_assert_no_error (error);
    sorted = herald_sandbox_store_list_measures (store, one_id, 4, &query, &error);
    g_assert_no_error (error);
    text = timestamps_of (sorted);
    /* The newest 4 are 0 (odd), 8, 7, 6. */
    g_assert_cmpstr (text, ==, "6,7,8");
  }

  /* The bound is per device. */
  other = herald_sandbox_store_list_measures (store, two_id, 1000, NULL, &error);
  g_assert_no_error (error);
  others = timestamps_of (other);
  g_assert_cmpstr (others, ==, "103,102,101");

  /* A lower bound takes effect with the next measure. */
  herald_sandbox_store_set_max_measures (store, 3);
  herald_sandbox_store_add_measures (store, one_id, "1", "c", 9, "[[1]]", &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, json_node_unref);
  g_clear_pointer (&kept, g_free);
  list = herald_sandbox_store_list_measures (store, one_id, 1000, NULL, &error);
  g_assert_no_error (error);
  kept = timestamps_of (list);
  g_assert_cmpstr (kept, ==, "9,0,8");  /* 0 is the "odd" one */

  /* Opened again, the store counts from the file. */
  g_clear_object (&store);
  store = herald_sandbox_store_open (db, TRUE, &error);
  g_assert_no_error (error);
  herald_sandbox_store_set_max_measures (store, 2);
  herald_sandbox_store_add_measures (store, one_id, "1", "c", 10, "[[1]]", &error);
  g_assert_no_error (error);
  herald_sandbox_store_add_measures (store, one_id, "1", "c", 11, "[[1]]", &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, json_node_unref);
  g_clear_pointer (&kept, g_free);
  list = herald_sandbox_store_list_measures (store, one_id, 1000, NULL, &error);
  g_assert_no_error (error);
  kept = timestamps_of (list);
  g_assert_cmpstr (kept, ==, "11,10");

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (db, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/sandbox-hostile/client-closed", test_client_closed);
  g_test_add_func ("/sandbox-hostile/slow-clients", test_slow_clients);
  g_test_add_func ("/sandbox-hostile/connection-limit", test_connection_limit);
  g_test_add_func ("/sandbox-hostile/big-bodies", test_big_bodies);
  g_test_add_func ("/sandbox-hostile/nul-credentials", test_nul_credentials);
  g_test_add_func ("/sandbox-hostile/query-options", test_query_options);
  g_test_add_func ("/sandbox-hostile/id-aliases", test_id_aliases);
  g_test_add_func ("/sandbox-hostile/sensor-type-alternate-ids", test_sensor_type_alternate_ids);
  g_test_add_func ("/sandbox-hostile/paging", test_paging);
  g_test_add_func ("/sandbox-hostile/measures-bound", test_measures_bound);

  return g_test_run ();
}

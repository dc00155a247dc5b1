/* herald-sandbox-server-connections.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "herald-sandbox-server-private.h"

/* HeraldSandboxServer: the connections, tracked, timed out and closed
 * by us, and requests refused from their headers alone. */

/* A refused request's connection is read (and the bytes dropped) for at
 * most this long or this much after the answer, so that the client sees
 * the answer rather than a reset. */
#define LINGER_MS    2000
#define LINGER_BYTES (4 * MAX_BODY)

/* --- Connections ------------------------------------------------------ */

/* libsoup before 3.4 (Debian 12 ships 3.2.3; the 3.3.0 development
 * release fixed it) never closes a keep-alive connection that the client
 * closes between two requests: the socket stays in CLOSE-WAIT and its
 * descriptor is lost, one per such request, until the process has none
 * left. Its SoupServer has no time-outs either, so a client that never
 * finishes its headers or its body holds a connection for ever. So we
 * track each connection from its first request-started, watch it while it
 * is idle, and close it ourselves when the client closed it or when it
 * takes too long. An idle one we take from libsoup with
 * soup_server_message_steal_connection() on its last message, which frees
 * all libsoup holds for it; one in the middle of a request we shut down,
 * and libsoup ends the request and lets go of it. With a fixed libsoup
 * this still gives the time-outs. */

typedef enum
{
  CONNECTION_HEADERS,  /* waiting for (the rest of) a request's headers */
  CONNECTION_BODY,     /* reading the body, answering */
  CONNECTION_IDLE,     /* answered, kept alive for the next request */
} ConnectionState;

typedef struct
{
  HeraldSandboxServer *server;
  GSocket             *socket;
  ConnectionState      state;
  gint64               since;  /* monotonic µs */
  GSource             *watch;  /* while idle: the next request or the client's close */
  SoupServerMessage   *last;   /* while idle: the request answered last */
  gboolean             stealable;
} Connection;

static void
connection_stop_watch (Connection *connection)
{
  if (connection->watch != NULL)
    {
      g_source_destroy (connection->watch);
      g_clear_pointer (&connection->watch, g_source_unref);
    }
}

void
herald_sandbox_server_connection_free (gpointer data)
{
  Connection *connection = data;

  connection_stop_watch (connection);
  g_clear_object (&connection->last);
  g_object_unref (connection->socket);
  g_free (connection);
}

static void
connection_enter (Connection      *connection,
                  ConnectionState  state)
{
  connection_stop_watch (connection);
  g_clear_object (&connection->last);
  connection->state = state;
  connection->since = g_get_monotonic_time ();
}

gboolean
herald_sandbox_server_close_pending (gpointer user_data)
{
  HeraldSandboxServer *self = user_data;

  for (guint i = 0; i < self->closing->len; i++)
    {
      GSocket *socket = g_ptr_array_index (self->closing, i);

      if (!g_socket_is_closed (socket))
        g_socket_close (socket, NULL);
    }
  g_ptr_array_set_size (self->closing, 0);
  self->close_source = 0;
  return G_SOURCE_REMOVE;
}

/* Closes a connection and forgets it. An idle one is taken from libsoup:
 * libsoup has not read from it since the last answer (the watch, of a
 * higher priority than libsoup's own source, sees every byte and every
 * close first), so it waits in a state it can give the connection up
 * from. (Stealing a connection libsoup closed already would release it
 * twice: the socket must be open.) Any other is shut down, so that libsoup
 * reads the end of the stream, ends its request and lets go of it; the
 * descriptor is closed after libsoup had that chance (an idle source runs
 * after the socket's) in case it did not. */
static void
close_connection (HeraldSandboxServer *self,
                  GSocket             *socket)
{
  Connection *connection = g_hash_table_lookup (self->connections, socket);

  if (g_socket_is_closed (socket))
    ;
  else if (connection != NULL && connection->stealable &&
           connection->state == CONNECTION_IDLE && connection->last != NULL)
    {
      g_autoptr(SoupServerMessage) last = g_steal_pointer (&connection->last);
      g_autoptr(GIOStream) stream = NULL;

      connection_stop_watch (connection);
      stream = soup_server_message_steal_connection (last);
      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
      if (!g_socket_is_closed (socket))
        g_socket_close (socket, NULL);
    }
  else
    {
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      g_ptr_array_add (self->closing, g_object_ref (socket));
      if (self->close_source == 0)
        self->close_source = g_idle_add (herald_sandbox_server_close_pending, self);
    }
  g_hash_table_remove (self->connections, socket);
}

static gboolean
sweep_connections (gpointer user_data)
{
  HeraldSandboxServer *self = user_data;
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Connection *connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      gint64 limit_ms;

      /* libsoup closed it (a request answered with Connection: close, a
       * client gone before its first request ...). */
      if (g_socket_is_closed (connection->socket))
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      switch (connection->state)
        {
        case CONNECTION_HEADERS: limit_ms = self->headers_timeout; break;
        case CONNECTION_BODY: limit_ms = self->body_timeout; break;
        case CONNECTION_IDLE:
        default: limit_ms = self->idle_timeout; break;
        }
      if (now - connection->since >= limit_ms * 1000)
        g_ptr_array_add (expired, g_object_ref (connection->socket));
    }
  for (guint i = 0; i < expired->len; i++)
    close_connection (self, g_ptr_array_index (expired, i));

  if (g_hash_table_size (self->connections) == 0)
    {
      self->sweep_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The socket of an idle keep-alive connection became readable: either the
 * next request begins (libsoup reads it) or the client closed it. */
static gboolean
on_idle_readable (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  Connection *connection = user_data;
  HeraldSandboxServer *self = connection->server;
  char byte;
  gssize n;

  if (g_socket_is_closed (socket))
    {
      g_hash_table_remove (self->connections, socket);
      return G_SOURCE_REMOVE;
    }

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0)
    {
      /* The headers' time starts with their first byte. */
      connection->state = CONNECTION_HEADERS;
      connection->since = g_get_monotonic_time ();
      g_clear_object (&connection->last);
      g_clear_pointer (&connection->watch, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  close_connection (self, socket);
  return G_SOURCE_REMOVE;
}

static void
on_got_headers (SoupServerMessage   *msg,
                HeraldSandboxServer *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *connection = socket != NULL ? g_hash_table_lookup (self->connections, socket) : NULL;

  if (connection != NULL)
    connection_enter (connection, CONNECTION_BODY);
}

/* Too many connections: closes the one idle longest, else the one that
 * has been sending its headers longest, else @newest. A connection
 * reading a body or answering keeps going. */
static void
evict_connection (HeraldSandboxServer *self,
                  GSocket             *newest)
{
  Connection *victim = NULL;
  GHashTableIter iter;
  Connection *connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      if (connection->socket == newest || connection->state == CONNECTION_BODY)
        continue;
      if (victim == NULL ||
          (connection->state == CONNECTION_IDLE && victim->state != CONNECTION_IDLE) ||
          (connection->state == victim->state && connection->since < victim->since))
        victim = connection;
    }
  close_connection (self, victim != NULL ? victim->socket : newest);
}

static void
on_request_started (SoupServer          *server,
                    SoupServerMessage   *msg,
                    HeraldSandboxServer *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *connection;

  if (socket == NULL)
    return;

  connection = g_hash_table_lookup (self->connections, socket);
  if (connection == NULL)
    {
      g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);

      connection = g_new0 (Connection, 1);
      connection->server = self;
      connection->socket = g_object_ref (socket);
      /* libsoup reads the connection's addresses when it gives it up
       * (soup_server_message_steal_connection ()), and warns when the
       * client is gone by then: have it read them now, while it is there,
       * or never take the connection. */
      if (remote != NULL)
        {
          soup_server_message_get_local_address (msg);
          soup_server_message_get_remote_address (msg);
          connection->stealable = TRUE;
        }
      connection_enter (connection, CONNECTION_HEADERS);
      g_hash_table_insert (self->connections, connection->socket, connection);
      if (g_hash_table_size (self->connections) > self->max_connections)
        evict_connection (self, socket);
      if (self->sweep_source == 0)
        {
          gint64 shortest = MIN (MIN (self->headers_timeout, self->body_timeout), self->idle_timeout);
          gint64 period = shortest / 4;

          self->sweep_source = g_timeout_add (CLAMP (period, 50, 1000), sweep_connections, self);
        }
    }
  else if (connection->state != CONNECTION_HEADERS)
    connection_enter (connection, CONNECTION_HEADERS);
  else
    connection_stop_watch (connection);

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers), self, 0);
}

static void
on_request_finished (SoupServer          *server,
                     SoupServerMessage   *msg,
                     HeraldSandboxServer *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *connection = socket != NULL ? g_hash_table_lookup (self->connections, socket) : NULL;

  /* Without keep-alive libsoup closes the connection right after this:
   * the watch then finds the socket closed and forgets it. */
  if (connection == NULL)
    return;

  connection_enter (connection, CONNECTION_IDLE);
  connection->last = g_object_ref (msg);
  connection->watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  /* Before libsoup's own source on the socket: see close_connection (). */
  g_source_set_priority (connection->watch, G_PRIORITY_DEFAULT - 1);
  g_source_set_callback (connection->watch, G_SOURCE_FUNC (on_idle_readable), connection, NULL);
  g_source_attach (connection->watch, g_main_context_get_thread_default ());
}

static void
on_request_aborted (SoupServer          *server,
                    SoupServerMessage   *msg,
                    HeraldSandboxServer *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  /* libsoup closes an aborted request's connection. */
  if (socket != NULL)
    g_hash_table_remove (self->connections, socket);
}

/* Tracks the connections from their first request on. */
void
herald_sandbox_server_watch_connections (HeraldSandboxServer *self)
{
  g_signal_connect_object (self->server, "request-started",
                           G_CALLBACK (on_request_started), self, 0);
  g_signal_connect_object (self->server, "request-finished",
                           G_CALLBACK (on_request_finished), self, 0);
  g_signal_connect_object (self->server, "request-aborted",
                           G_CALLBACK (on_request_aborted), self, 0);
}

/* --- Refusing from the headers ----------------------------------------- */

/* A request refused from its headers alone (no or wrong credentials, a
 * body over MAX_BODY): libsoup would read (and keep) the whole body before
 * it writes the answer. We take the connection from libsoup instead, write
 * the answer, then read and drop what the client still sends for a short
 * while, so that it reads the answer rather than a reset, and close. */

typedef struct
{
  GIOStream    *stream;
  GSocket      *socket;
  GCancellable *cancellable;
  GBytes       *answer;
  guint         timeout;
  gsize         drained;
  char          buffer[16 * 1024];
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  g_clear_handle_id (&refusal->timeout, g_source_remove);
  if (refusal->stream != NULL)
    g_io_stream_close (refusal->stream, NULL, NULL);
  if (refusal->socket != NULL && !g_socket_is_closed (refusal->socket))
    g_socket_close (refusal->socket, NULL);
  g_clear_object (&refusal->socket);
  g_clear_object (&refusal->stream);
  g_clear_object (&refusal->cancellable);
  g_clear_pointer (&refusal->answer, g_bytes_unref);
  g_free (refusal);
}

static gboolean
on_refusal_timeout (gpointer user_data)
{
  Refusal *refusal = user_data;

  refusal->timeout = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_refusal_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (refusal->drained += n) > LINGER_BYTES)
    {
      refusal_free (refusal);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_DEFAULT, refusal->cancellable, on_refusal_read, refusal);
}

static void
on_refusal_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_free (refusal);
      return;
    }
  if (refusal->socket != NULL)
    g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_DEFAULT, refusal->cancellable, on_refusal_read, refusal);
}

/* The answer set on @msg, as the bytes of an HTTP response that closes
 * the connection. */
static GBytes *
answer_bytes (SoupServerMessage *msg)
{
  GString *text = g_string_new (NULL);
  guint status = soup_server_message_get_status (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  gsize size = g_bytes_get_size (body);

  g_string_append_printf (text, "HTTP/1.%d %u %s\r\n",
                          soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0 ? 0 : 1,
                          status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, soup_server_message_get_response_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0 &&
        g_ascii_strcasecmp (name, "Transfer-Encoding") != 0)
      g_string_append_printf (text, "%s: %s\r\n", name, value);
  g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          size);
  if (!herald_sandbox_is_method (msg, "HEAD"))
    g_string_append_len (text, g_bytes_get_data (body, NULL), size);
  return g_string_free_to_bytes (text);
}

/* Sends the answer set on @msg now, without reading the body, and closes
 * the connection. */
void
herald_sandbox_server_refuse (HeraldSandboxServer *self,
                              SoupServerMessage   *msg)
{
  g_autoptr(GBytes) answer = NULL;
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *connection = socket != NULL ? g_hash_table_lookup (self->connections, socket) : NULL;
  Refusal *refusal;
  GIOStream *stream;

  /* A connection libsoup cannot give up cleanly (see on_request_started ())
   * gets the answer after the body, which is read but not kept. */
  if (connection == NULL || !connection->stealable)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      return;
    }

  answer = answer_bytes (msg);
  refusal = g_new0 (Refusal, 1);
  refusal->socket = g_object_ref (socket);
  g_hash_table_remove (self->connections, socket);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      refusal_free (refusal);
      return;
    }
  refusal->stream = stream;
  refusal->cancellable = g_cancellable_new ();
  refusal->answer = g_steal_pointer (&answer);
  refusal->timeout = g_timeout_add (LINGER_MS, on_refusal_timeout, refusal);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (refusal->answer, NULL),
                                   g_bytes_get_size (refusal->answer),
                                   G_PRIORITY_DEFAULT, refusal->cancellable, on_refusal_written,
                                   refusal);
}

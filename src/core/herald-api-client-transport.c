/* herald-api-client-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One HTTP exchange of HeraldApiClient: the request with its headers and
 * credentials on the client's SoupSession, the TLS check against the extra
 * CA file, the connect and request time-outs, reading the answer up to its
 * size limit, the exchange record the ::exchange signal announces, and
 * turning what came back (or did not) into JSON or an error that says what
 * to do.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "herald-api-client-private.h"
#include "herald-exchange-private.h"
#include "herald-json-private.h"

/* One read of an answer; and how much of an answer cut off at its limit
 * the exchange log keeps. */
#define READ_CHUNK (64 * 1024)
#define EXCHANGE_KEEP (64 * 1024)

typedef struct
{
  HeraldApiClient      *self;
  SoupMessage          *msg;
  HeraldExchange       *exchange;
  GCancellable         *cancellable;
  GCancellable         *user_cancellable;
  gulong                user_cancelled_id;
  GSource              *request_timer;
  GSource              *connect_timer;
  GType                 entity_type;
  gint64                started;
  GTlsCertificateFlags  tls_errors;
  GInputStream         *stream;
  GByteArray           *body;
  gsize                 limit;
  gsize                 read_offset;
  guint                 by_id : 1;
  guint                 timed_out : 1;
  guint                 connect_timed_out : 1;
  guint                 too_large : 1;
} Call;

void
_herald_api_call_result_free (HeraldApiCallResult *result)
{
  g_clear_pointer (&result->root, json_node_unref);
  g_free (result);
}

static void
clear_timer (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
call_free (Call *call)
{
  clear_timer (&call->request_timer);
  clear_timer (&call->connect_timer);
  if (call->user_cancelled_id != 0)
    g_cancellable_disconnect (call->user_cancellable, call->user_cancelled_id);
  g_clear_object (&call->user_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->stream);
  g_clear_pointer (&call->body, g_byte_array_unref);
  if (call->msg != NULL)
    g_signal_handlers_disconnect_by_data (call->msg, call);
  g_clear_object (&call->msg);
  g_clear_object (&call->exchange);
  g_clear_object (&call->self);
  g_free (call);
}

static const char *
host_of (SoupMessage *msg)
{
  GUri *uri = soup_message_get_uri (msg);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  return host ? host : "";
}

static char *
strip_period (const char *text)
{
  char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';

  return copy;
}

static const char *
not_found_hint (GType    entity_type,
                gboolean by_id)
{
  if (!by_id)
    return _("Check the API URL of the service: it ends in /iot/core/api/v1 "
             "or /iot/core/api/v1/tenant/TENANT.");

  if (entity_type == HERALD_TYPE_CAPABILITY)
    return _("The capability no longer exists. Refresh the list of capabilities.");
  if (entity_type == HERALD_TYPE_SENSOR_TYPE)
    return _("The sensor type no longer exists. Refresh the list of sensor types.");
  if (entity_type == HERALD_TYPE_GATEWAY)
    return _("The gateway no longer exists. Refresh the list of gateways.");
  if (entity_type == HERALD_TYPE_SENSOR)
    return _("The sensor no longer exists. Refresh the list of sensors.");

  return _("The device no longer exists. Refresh the list of devices.");
}

static HeraldApiError
code_for_status (guint status)
{
  switch (status)
    {
    case 401: return HERALD_API_ERROR_UNAUTHORIZED;
    case 403: return HERALD_API_ERROR_FORBIDDEN;
    case 404: return HERALD_API_ERROR_NOT_FOUND;
    case 409: return HERALD_API_ERROR_CONFLICT;
    default:
      if (status >= 500)
        return HERALD_API_ERROR_SERVER_ERROR;
      if (status >= 400)
        return HERALD_API_ERROR_INVALID_REQUEST;
      return HERALD_API_ERROR_BAD_RESPONSE;
    }
}

static GError *
status_error (Call       *call,
              guint       status,
              const char *service_message)
{
  HeraldApiError code = code_for_status (status);
  g_autofree char *summary = NULL;
  const char *hint;

  switch (code)
    {
    case HERALD_API_ERROR_UNAUTHORIZED:
      summary = g_strdup (_("The service did not accept the credentials"));
      hint = _("Check the user and password of the service.");
      break;
    case HERALD_API_ERROR_FORBIDDEN:
      summary = g_strdup (_("The service does not allow this to the user"));
      hint = _("Use a user with access to this tenant, or ask the service's administrator.");
      break;
    case HERALD_API_ERROR_NOT_FOUND:
      summary = g_strdup (_("The service does not know what was asked for"));
      hint = not_found_hint (call->entity_type, call->by_id);
      break;
    case HERALD_API_ERROR_CONFLICT:
      summary = g_strdup (_("This conflicts with what the service already holds"));
      hint = _("Choose another alternate id, or first delete what still uses this entity.");
      break;
    case HERALD_API_ERROR_INVALID_REQUEST:
      summary = g_strdup (_("The service refused the request"));
      hint = _("Check the values you entered.");
      break;
    case HERALD_API_ERROR_SERVER_ERROR:
      summary = g_strdup (_("The service failed"));
      hint = _("Try again in a moment; if it keeps failing, the service has a problem.");
      break;
    default:
      summary = g_strdup (_("The service gave an unexpected answer"));
      hint = _("Check that the API URL points to an IoT Service.");
      break;
    }

  if (service_message != NULL && service_message[0] != '\0')
    {
      g_free (summary);
      summary = strip_period (service_message);
    }

  /* Translators: the service's message, the HTTP status, what to do. */
  return g_error_new (HERALD_API_ERROR, code, _("%s (HTTP %u). %s"), summary, status, hint);
}

static GError *
bad_body_error (guint         status,
                const char   *body,
                const GError *parse_error)
{
  const char *start = body;

  while (g_ascii_isspace (*start))
    start++;

  if (*start == '<')
    return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                        _("The server answered with an HTML page instead of the JSON of an IoT "
                          "Service (HTTP %u). Check the API URL of the service; if it is right, "
                          "try again later."),
                        status);

  /* Nested too deep, a number out of range, a \u0000: JSON, but not what a
   * service sends; say what it was. */
  if (parse_error != NULL && !g_error_matches (parse_error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID))
    return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                        /* Translators: %s is a sentence that says what is wrong and where */
                        _("The server's answer cannot be read (HTTP %u): %s Check that the API URL "
                          "points to an IoT Service; if it does, try again later."),
                        status, parse_error->message);

  return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                      _("The server's answer is not valid JSON (HTTP %u). Check that the API URL "
                        "points to an IoT Service; if it does, try again later."),
                      status);
}

static char *
tls_reason (GTlsCertificateFlags flags)
{
  GPtrArray *reasons = g_ptr_array_new ();
  char *text;

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (reasons, _("it was issued by an unknown certificate authority"));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (reasons, _("it was made out for another host name"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (reasons, _("it is not valid yet"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (reasons, _("it has expired"));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (reasons, _("it was revoked"));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (reasons, _("it uses an insecure algorithm"));
  if (reasons->len == 0)
    g_ptr_array_add (reasons, _("it could not be checked"));
  g_ptr_array_add (reasons, NULL);

  /* Translators: joins the reasons why a certificate is not trusted. */
  text = g_strjoinv (_(", and "), (char **)reasons->pdata);
  g_ptr_array_unref (reasons);
  return text;
}

static GError *
transport_error (Call   *call,
                 GError *error)
{
  HeraldServiceConfig *config = call->self->config;
  const char *host = host_of (call->msg);

  if (call->connect_timed_out)
    return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_TIMED_OUT,
                        _("Could not connect to %s within the connect time-out (%u s). Check the API "
                          "URL and your network connection, or raise the time-out."),
                        host, herald_service_config_get_connect_timeout (config));

  if (call->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_TIMED_OUT,
                        _("%s did not answer within the request time-out (%u s). Try again, "
                          "or raise the time-out."),
                        host, herald_service_config_get_request_timeout (config));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (HERALD_API_ERROR, HERALD_API_ERROR_CANCELLED,
                                _("The request was cancelled."));

  if (call->tls_errors != 0)
    {
      g_autofree char *reason = tls_reason (call->tls_errors);

      return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_TLS,
                          _("The certificate of %s is not trusted: %s. If the service uses its "
                            "own certificate authority, choose its CA file in the service "
                            "settings."),
                          host, reason);
    }

  if (error->domain == G_TLS_ERROR)
    return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_TLS,
                        _("The secure connection to %s failed: %s. Check that the API URL "
                          "starts with https:// only if the server speaks TLS."),
                        host, error->message);

  /* The server was reached and went away before its answer was complete
   * (libsoup: "Connection terminated unexpectedly"). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_NETWORK,
                        _("%s closed the connection before its answer was complete (%s). Try "
                          "again; if it keeps happening, check that the service is running."),
                        host, error->message);

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                        _("%s did not answer in HTTP (%s). Check that the API URL points to "
                          "an IoT Service."),
                        host, error->message);

  return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_NETWORK,
                      _("Could not reach %s: %s. Check the API URL and your network "
                        "connection."),
                      host, error->message);
}

static GError *
too_large_error (Call *call)
{
  g_autofree char *limit = g_format_size (call->limit);

  return g_error_new (HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                      _("The answer of %s is larger than %s, so Herald stopped reading it. "
                        "Check that the API URL points to an IoT Service; if it does, try "
                        "again later."),
                      host_of (call->msg), limit);
}

/* Ends the answer's stream without reading the rest, and so its connection:
 * a plain close would first read the rest, to reuse the connection. */
static void
stop_reading (Call *call)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  if (call->stream == NULL)
    return;

  g_cancellable_cancel (cancelled);
  g_input_stream_close (call->stream, cancelled, NULL);
  g_clear_object (&call->stream);
}

/* The line that ends what the exchange log shows of an answer cut off at
 * its limit (it keeps the start). */
static char *
cut_note (Call *call)
{
  g_autofree char *limit = g_format_size (call->limit);

  /* Translators: ends what the window shows of an answer Herald did not read to its end. */
  return g_strdup_printf (_("[Herald stopped reading the answer here: it is larger than %s.]"), limit);
}

/* Takes @task and @error: the call's answer has been read (or not). */
static void
call_done (GTask  *task_,
           GError *error_)
{
  g_autoptr(GTask) task = task_;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = error_;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  const char *service_message = NULL;
  HeraldApiCallResult *call_result;
  guint status = 0;
  gboolean answered;

  clear_timer (&call->request_timer);
  clear_timer (&call->connect_timer);
  stop_reading (call);

  answered = error == NULL || call->too_large;
  if (answered)
    {
      status = soup_message_get_status (call->msg);
      if (call->body != NULL && call->body->len > 0)
        body = g_strndup ((const char *)call->body->data,
                          call->too_large ? MIN (call->body->len, EXCHANGE_KEEP) : call->body->len);
    }

  if (call->too_large)
    error = too_large_error (call);

  herald_exchange_complete (call->exchange, status,
                            answered ? soup_message_get_reason_phrase (call->msg) : NULL,
                            body, error ? error->message : NULL,
                            g_get_monotonic_time () - call->started);
  if (call->too_large)
    {
      g_autofree char *note = cut_note (call);

      /* Redacted as it was, a secret cut off in the middle included. */
      herald_exchange_append_to_answer (call->exchange, note);
    }
  _herald_api_client_emit_exchange (call->self, call->exchange);

  if (call->too_large)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error != NULL)
    {
      g_task_return_error (task, transport_error (call, error));
      return;
    }

  if (body != NULL)
    {
      root = herald_json_parse (body, -1, &parse_error);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        service_message = herald_json_get_string (json_node_get_object (root), "message");
    }

  if (status >= 200 && status < 300)
    {
      if (body != NULL && root == NULL)
        {
          g_task_return_error (task, bad_body_error (status, body, parse_error));
          return;
        }

      call_result = g_new0 (HeraldApiCallResult, 1);
      call_result->status = status;
      call_result->root = g_steal_pointer (&root);
      g_task_return_pointer (task, call_result, (GDestroyNotify)_herald_api_call_result_free);
      return;
    }

  /* Every error the service itself sends is a JSON object; anything else
   * comes from something else in front of it (a wrong URL, a proxy). The
   * credentials check may sit in front of the API, so 401 stays 401. */
  if (status != 401 && body != NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    {
      g_task_return_error (task, bad_body_error (status, body, parse_error));
      return;
    }

  if (status < 400)
    {
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                               _("The service gave an unexpected answer (HTTP %u). Check that "
                                 "the API URL points to an IoT Service."),
                               status);
      return;
    }

  g_task_return_error (task, status_error (call, status, service_message));
}

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Call                 *call)
{
  HeraldApiClient *self = call->self;
  g_autoptr(GSocketConnectable) identity = NULL;
  GUri *uri;

  call->tls_errors = errors;

  if (!herald_service_config_get_tls_verify (self->config))
    return TRUE;

  if (self->extra_cas == NULL)
    return FALSE;

  /* The system store said no; the extra CA file may still vouch for it. */
  uri = soup_message_get_uri (msg);
  identity = g_network_address_new (g_uri_get_host (uri),
                                    g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 443);

  for (const GList *l = self->extra_cas; l != NULL; l = l->next)
    {
      GTlsCertificateFlags flags = g_tls_certificate_verify (certificate, identity, l->data);

      if (flags == 0)
        {
          call->tls_errors = 0;
          return TRUE;
        }

      if (l == self->extra_cas || (flags & G_TLS_CERTIFICATE_UNKNOWN_CA) == 0)
        call->tls_errors = flags;
    }

  return FALSE;
}

static void
on_network_event (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  Call               *call)
{
  if (event == G_SOCKET_CLIENT_COMPLETE)
    clear_timer (&call->connect_timer);
}

static void
on_wrote_headers (SoupMessage *msg,
                  Call        *call)
{
  /* A reused connection sends no network events. */
  clear_timer (&call->connect_timer);
}

static gboolean
on_request_timeout (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  g_clear_pointer (&call->request_timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  Call *call = user_data;

  call->connect_timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  g_clear_pointer (&call->connect_timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GCancellable *internal = user_data;

  g_cancellable_cancel (internal);
}

static GSource *
add_timer (guint        seconds,
           GSourceFunc  func,
           Call        *call)
{
  /* Millisecond precision: a seconds source may fire a second early. */
  GSource *source = g_timeout_source_new (seconds * 1000);

  g_source_set_callback (source, func, call, NULL);
  g_source_set_static_name (source, "[herald] api client time-out");
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static void
collect_header (const char *name,
                const char *value,
                gpointer    user_data)
{
  g_string_append_printf (user_data, "%s: %s\n", name, value);
}

static void read_next (GTask *task);

static void
body_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  g_byte_array_set_size (call->body, call->read_offset + MAX (n, 0));

  if (n < 0)
    call_done (task, error);
  else if (n == 0)
    {
      /* All read: the connection can serve the next call. */
      g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&call->stream);
      call_done (task, NULL);
    }
  else if (call->body->len > call->limit)
    {
      call->too_large = TRUE;
      call_done (task, NULL);
    }
  else
    read_next (task);
}

/* Reads at most one byte past the limit: enough to know it was passed. */
static void
read_next (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  gsize want = MIN (READ_CHUNK, call->limit + 1 - call->body->len);

  call->read_offset = call->body->len;
  g_byte_array_set_size (call->body, call->read_offset + want);
  g_input_stream_read_async (call->stream, call->body->data + call->read_offset, want,
                             G_PRIORITY_DEFAULT, call->cancellable, body_read, task);
}

static void
call_sent (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  call->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->stream == NULL)
    {
      call_done (task, error);
      return;
    }

  /* An answer that says up front it is too large is not read at all. */
  headers = soup_message_get_response_headers (call->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)call->limit)
    {
      call->too_large = TRUE;
      call_done (task, NULL);
      return;
    }

  call->body = g_byte_array_new ();
  read_next (task);
}

void
_herald_api_client_call_async (HeraldApiClient     *self,
                               const char          *method,
                               const char          *path,
                               const char          *body,
                               GType                entity_type,
                               gboolean             by_id,
                               gsize                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GString) headers = g_string_new (NULL);
  SoupMessageHeaders *request_headers;
  HeraldServiceConfig *config = self->config;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _herald_api_client_call_async);
  g_task_set_check_cancellable (task, FALSE);

  url = g_strconcat (herald_service_config_get_api_url (config), path, NULL);

  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->entity_type = entity_type;
  call->by_id = !!by_id;
  call->limit = limit;
  call->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);

  call->msg = soup_message_new (method, url);
  if (call->msg == NULL)
    {
      g_autofree char *shown = herald_exchange_redact_url (url);

      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG,
                               _("“%s” is not a valid URL. Check the API URL of the service."),
                               shown);
      return;
    }

  request_headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (request_headers, "Accept", "application/json");
  if (self->authorization != NULL)
    soup_message_headers_replace (request_headers, "Authorization", self->authorization);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }

  g_signal_connect (call->msg, "accept-certificate", G_CALLBACK (on_accept_certificate), call);
  g_signal_connect (call->msg, "network-event", G_CALLBACK (on_network_event), call);
  g_signal_connect (call->msg, "wrote-headers", G_CALLBACK (on_wrote_headers), call);

  soup_message_headers_foreach (request_headers, collect_header, headers);
  call->started = g_get_monotonic_time ();
  call->exchange = herald_exchange_new (method, url,
                                        herald_service_config_get_user (config),
                                        herald_service_config_get_ca_file (config),
                                        !herald_service_config_get_tls_verify (config),
                                        headers->str, body, g_get_real_time ());

  if (cancellable != NULL)
    {
      call->user_cancellable = g_object_ref (cancellable);
      call->user_cancelled_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (on_user_cancelled),
                                                       call->cancellable, NULL);
    }

  call->request_timer = add_timer (herald_service_config_get_request_timeout (config),
                                   on_request_timeout, call);
  call->connect_timer = add_timer (herald_service_config_get_connect_timeout (config),
                                   on_connect_timeout, call);

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                           call->cancellable, call_sent, g_steal_pointer (&task));
}

HeraldApiCallResult *
_herald_api_client_call_finish (HeraldApiClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

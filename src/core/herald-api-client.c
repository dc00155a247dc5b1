/* herald-api-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "herald-api-client.h"
#include "herald-exchange-private.h"
#include "herald-json-private.h"

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
struct _HeraldApiClient
{
  GObject              parent_instance;

  HeraldServiceConfig *config;
  SoupSession         *session;
  GList               *extra_cas;
  char                *authorization;
  guint                page_size;
  guint                list_limit;
};

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

/* How much Herald reads of one answer, and how many entities one paged list
 * collects: far more than an IoT Service sends, little enough that a
 * server that never stops sending cannot fill the memory or keep a list
 * going for ever. */
#define LIST_ANSWER_LIMIT (16 * 1024 * 1024)
#define ENTITY_ANSWER_LIMIT (1024 * 1024)
#define LIST_ENTRIES_LIMIT 100000

/* One read of an answer; and how much of an answer cut off at its limit
 * the exchange log keeps. */
#define READ_CHUNK (64 * 1024)
#define EXCHANGE_KEEP (64 * 1024)

/* The calls */

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

typedef struct
{
  JsonNode *root;
  guint     status;
} CallResult;

static void
call_result_free (CallResult *result)
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
  CallResult *call_result;
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
  g_signal_emit (call->self, signals[EXCHANGE], 0, call->exchange);

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

      call_result = g_new0 (CallResult, 1);
      call_result->status = status;
      call_result->root = g_steal_pointer (&root);
      g_task_return_pointer (task, call_result, (GDestroyNotify)call_result_free);
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

/*
 * call_async:
 * @path: the resource path below the API root, escaped, with its query
 * @body: (nullable): the JSON request body
 * @entity_type: the type of the entity the call is about, for messages
 * @by_id: whether @path names one entity of @entity_type (404 = it is gone)
 * @limit: how many bytes of the answer to read at most
 */
static void
call_async (HeraldApiClient     *self,
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
  g_task_set_source_tag (task, call_async);
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

static CallResult *
call_finish (HeraldApiClient  *self,
             GAsyncResult     *result,
             GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

static const char *
collection_of (GType entity_type)
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

static GTask *
op_new (HeraldApiClient     *self,
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

/* Lists */

typedef struct
{
  GType       entity_type;
  char       *path;
  char       *filter;
  char       *orderby;
  guint       skip;
  guint       top;
  guint       page_size;
  guint       list_limit;
  guint       received;
  char       *previous_first;
  GListStore *store;
  JsonArray  *raw;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->path);
  g_free (data->filter);
  g_free (data->orderby);
  g_free (data->previous_first);
  g_clear_object (&data->store);
  g_clear_pointer (&data->raw, json_array_unref);
  g_free (data);
}

static void list_page_done (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
list_next_page (GTask *task)
{
  HeraldApiClient *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GString) path = g_string_new (data->path);
  char sep = strchr (data->path, '?') ? '&' : '?';
  guint top = data->top != 0 ? data->top - data->received : data->page_size;

  if (data->top != 0 && top > data->page_size)
    top = data->page_size;

  if (data->filter != NULL)
    {
      g_autofree char *escaped = escape (data->filter);
      g_string_append_printf (path, "%cfilter=%s", sep, escaped);
      sep = '&';
    }
  if (data->orderby != NULL)
    {
      g_autofree char *escaped = escape (data->orderby);
      g_string_append_printf (path, "%corderby=%s", sep, escaped);
      sep = '&';
    }
  if ((guint64)data->skip + data->received > 0)
    {
      g_string_append_printf (path, "%cskip=%" G_GUINT64_FORMAT, sep,
                              (guint64)data->skip + data->received);
      sep = '&';
    }
  g_string_append_printf (path, "%ctop=%u", sep, top);

  call_async (self, "GET", path->str, NULL,
              data->entity_type != G_TYPE_NONE ? data->entity_type : HERALD_TYPE_DEVICE,
              data->entity_type == G_TYPE_NONE, LIST_ANSWER_LIMIT,
              g_task_get_cancellable (task), list_page_done, task);
}

static void
list_page_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldApiClient *self = HERALD_API_CLIENT (object);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  CallResult *call_result;
  const char *what;
  JsonArray *array;
  guint n;
  guint requested;

  call_result = call_finish (self, result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  what = C_("entity", "list");
  if (!herald_json_check_node (call_result->root, HERALD_JSON_ARRAY, what, &error))
    {
      call_result_free (call_result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  array = json_node_get_array (call_result->root);
  n = json_array_get_length (array);

  /* A service that sends new full pages without end would be read for
   * ever. */
  if (n > data->list_limit - MIN (data->received, data->list_limit))
    {
      call_result_free (call_result);
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                               _("The service sent more than %u entries for one list, more "
                                 "than Herald reads. Check that the API URL points to an IoT "
                                 "Service; if it does, delete what you no longer need from it."),
                               data->list_limit);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (data->entity_type == G_TYPE_NONE)
        {
          if (!herald_json_check_node (element, HERALD_JSON_OBJECT, C_("entity", "measure"), &error))
            break;
          json_array_add_element (data->raw, herald_json_deep_copy (element));
        }
      else
        {
          g_autoptr(HeraldEntity) entity = herald_entity_new_from_json (data->entity_type, element, &error);

          if (entity == NULL)
            break;
          g_list_store_append (data->store, entity);
        }
    }

  if (error != NULL)
    {
      call_result_free (call_result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  requested = data->top != 0 ? MIN (data->top - data->received, data->page_size) : data->page_size;
  data->received += n;

  /* A service that ignores `skip` would send the same full page forever. */
  if (n > 0 && n >= requested && (data->top == 0 || data->received < data->top))
    {
      JsonNode *first = json_array_get_element (array, 0);
      g_autofree char *first_text = herald_json_to_string (first, FALSE);

      if (g_strcmp0 (first_text, data->previous_first) == 0)
        {
          call_result_free (call_result);
          g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                                   _("The service sent the same page twice, so Herald cannot "
                                     "read the whole list. Check that the API URL points to "
                                     "an IoT Service."));
          return;
        }

      g_free (data->previous_first);
      data->previous_first = g_steal_pointer (&first_text);
      call_result_free (call_result);
      list_next_page (g_steal_pointer (&task));
      return;
    }

  call_result_free (call_result);

  if (data->entity_type == G_TYPE_NONE)
    g_task_return_pointer (task, g_steal_pointer (&data->raw), (GDestroyNotify)json_array_unref);
  else
    g_task_return_pointer (task, g_steal_pointer (&data->store), g_object_unref);
}

static void
list_async (HeraldApiClient     *self,
            GType                entity_type,
            const char          *path,
            const char          *filter,
            const char          *orderby,
            guint                skip,
            guint                top,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = op_new (self, source_tag, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  data->entity_type = entity_type;
  data->path = g_strdup (path);
  data->filter = filter && *filter ? g_strdup (filter) : NULL;
  data->orderby = orderby && *orderby ? g_strdup (orderby) : NULL;
  data->skip = skip;
  data->top = top;
  data->page_size = self->page_size;
  data->list_limit = self->list_limit;
  if (entity_type == G_TYPE_NONE)
    data->raw = json_array_new ();
  else
    data->store = g_list_store_new (entity_type);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  list_next_page (task);
}

#define DEFINE_LIST(func, TYPE)                                                   \
void                                                                              \
herald_api_client_list_##func##_async (HeraldApiClient     *self,                 \
                                       const char          *filter,               \
                                       const char          *orderby,              \
                                       guint                skip,                 \
                                       guint                top,                  \
                                       GCancellable        *cancellable,          \
                                       GAsyncReadyCallback  callback,             \
                                       gpointer             user_data)            \
{                                                                                 \
  g_return_if_fail (HERALD_IS_API_CLIENT (self));                                 \
                                                                                  \
  list_async (self, TYPE, collection_of (TYPE), filter, orderby, skip, top,       \
              herald_api_client_list_finish, cancellable, callback, user_data);   \
}

/**
 * herald_api_client_list_capabilities_async:
 * @filter: (nullable): e.g. `name eq 'MyCapability'`
 * @orderby: (nullable): e.g. `name asc`
 * @skip: how many to leave out at the start
 * @top: how many at most; 0 for all of them, fetched page by page
 *
 * `GET /capabilities`. The same goes for the other list calls: sensor
 * types, gateways, devices, sensors. Finish with
 * herald_api_client_list_finish().
 */
DEFINE_LIST (capabilities, HERALD_TYPE_CAPABILITY)
DEFINE_LIST (sensor_types, HERALD_TYPE_SENSOR_TYPE)
DEFINE_LIST (gateways, HERALD_TYPE_GATEWAY)
DEFINE_LIST (devices, HERALD_TYPE_DEVICE)
DEFINE_LIST (sensors, HERALD_TYPE_SENSOR)

/**
 * herald_api_client_list_finish:
 *
 * Returns: (transfer full): a #GListModel of the entities, in the
 *   service's order; its item type is the entity type asked for
 */
GListModel *
herald_api_client_list_finish (HeraldApiClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == herald_api_client_list_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * herald_api_client_list_measures_async:
 *
 * `GET /devices/{id}/measures`: what the device sent, as the service
 * stores it. @top 0 fetches all of them, page by page.
 */
void
herald_api_client_list_measures_async (HeraldApiClient     *self,
                                       const char          *device_id,
                                       const char          *filter,
                                       const char          *orderby,
                                       guint                skip,
                                       guint                top,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);

  escaped = escape (device_id);
  path = g_strdup_printf ("/devices/%s/measures", escaped);
  list_async (self, G_TYPE_NONE, path, filter, orderby, skip, top,
              herald_api_client_list_measures_async, cancellable, callback, user_data);
}

/**
 * herald_api_client_list_measures_finish:
 *
 * Returns: (transfer full): a #JsonArray of the measure objects
 */
JsonArray *
herald_api_client_list_measures_finish (HeraldApiClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One entity */

static void
entity_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GType entity_type = GPOINTER_TO_SIZE (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  CallResult *call_result;
  gpointer entity;

  call_result = call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (call_result->root == NULL)
    {
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                               _("The service's answer is empty (HTTP %u). Check that the API "
                                 "URL points to an IoT Service."),
                               call_result->status);
      call_result_free (call_result);
      return;
    }

  entity = herald_entity_new_from_json (entity_type, call_result->root, &error);
  call_result_free (call_result);

  if (entity == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, entity, g_object_unref);
}

static void
get_async (HeraldApiClient     *self,
           GType                entity_type,
           const char          *id,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = op_new (self, herald_api_client_entity_finish, cancellable, callback, user_data);
  g_autofree char *escaped = escape (id);
  g_autofree char *path = g_strdup_printf ("%s/%s", collection_of (entity_type), escaped);

  g_task_set_task_data (task, GSIZE_TO_POINTER (entity_type), NULL);
  call_async (self, "GET", path, NULL, entity_type, TRUE, ENTITY_ANSWER_LIMIT,
              cancellable, entity_done, task);
}

#define DEFINE_GET(func, TYPE)                                                    \
void                                                                              \
herald_api_client_get_##func##_async (HeraldApiClient     *self,                  \
                                      const char          *id,                    \
                                      GCancellable        *cancellable,           \
                                      GAsyncReadyCallback  callback,              \
                                      gpointer             user_data)             \
{                                                                                 \
  g_return_if_fail (HERALD_IS_API_CLIENT (self));                                 \
  g_return_if_fail (id != NULL);                                                  \
                                                                                  \
  get_async (self, TYPE, id, cancellable, callback, user_data);                   \
}

/**
 * herald_api_client_get_capability_async:
 *
 * `GET /capabilities/{id}`; the others alike. Finish with
 * herald_api_client_entity_finish(). A 404 is
 * %HERALD_API_ERROR_NOT_FOUND ("The capability no longer exists").
 */
DEFINE_GET (capability, HERALD_TYPE_CAPABILITY)
DEFINE_GET (sensor_type, HERALD_TYPE_SENSOR_TYPE)
DEFINE_GET (gateway, HERALD_TYPE_GATEWAY)
DEFINE_GET (device, HERALD_TYPE_DEVICE)
DEFINE_GET (sensor, HERALD_TYPE_SENSOR)

/**
 * herald_api_client_create_async:
 * @entity: a #HeraldCapability, #HeraldSensorType, #HeraldDevice or
 *   #HeraldSensor holding the fields to send (see the spec), e.g. from
 *   herald_device_new()
 *
 * `POST` to the entity's collection. Finish with
 * herald_api_client_entity_finish(), which gives the stored entity as the
 * service answered it (with its `id` and `alternateId`).
 */
void
herald_api_client_create_async (HeraldApiClient     *self,
                                HeraldEntity        *entity,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  g_autofree char *body = NULL;
  GType entity_type;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (HERALD_IS_ENTITY (entity));
  g_return_if_fail (!HERALD_IS_GATEWAY (entity));

  entity_type = G_OBJECT_TYPE (entity);
  task = op_new (self, herald_api_client_entity_finish, cancellable, callback, user_data);
  g_task_set_task_data (task, GSIZE_TO_POINTER (entity_type), NULL);

  body = herald_entity_to_string (entity, FALSE);
  call_async (self, "POST", collection_of (entity_type), body, entity_type, FALSE,
              ENTITY_ANSWER_LIMIT, cancellable, entity_done, task);
}

/**
 * herald_api_client_entity_finish:
 *
 * Finishes the get, create and find-gateway calls.
 *
 * Returns: (transfer full) (type HeraldEntity): the entity, of the type asked for
 */
gpointer
herald_api_client_entity_finish (HeraldApiClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == herald_api_client_entity_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gateways_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) gateways = NULL;
  g_autoptr(HeraldGateway) offline = NULL;

  gateways = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (gateways == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (gateways); i++)
    {
      g_autoptr(HeraldGateway) gateway = g_list_model_get_item (gateways, i);

      /* By protocol, never by name: the names differ between flavours. */
      if (g_strcmp0 (herald_gateway_get_protocol_id (gateway), "mqtt") != 0)
        continue;

      if (herald_gateway_is_online (gateway))
        {
          g_task_return_pointer (task, g_steal_pointer (&gateway), g_object_unref);
          return;
        }

      if (offline == NULL)
        offline = g_steal_pointer (&gateway);
    }

  if (offline != NULL)
    g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND,
                             _("The MQTT gateway of the service is not online (its status is "
                               "“%s”). Wait until it is, or ask the service's administrator."),
                             herald_gateway_get_status (offline) ? herald_gateway_get_status (offline) : "");
  else
    g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND,
                             _("The service has no MQTT gateway, so it cannot reach MQTT "
                               "devices. Check the gateways of the service."));
}

/**
 * herald_api_client_find_mqtt_gateway_async:
 *
 * Lists all gateways and picks the online one whose `protocolId` is
 * "mqtt". Finish with herald_api_client_entity_finish(); no such gateway
 * is %HERALD_API_ERROR_NOT_FOUND.
 */
void
herald_api_client_find_mqtt_gateway_async (HeraldApiClient     *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));

  task = op_new (self, herald_api_client_entity_finish, cancellable, callback, user_data);
  herald_api_client_list_gateways_async (self, NULL, NULL, 0, 0, cancellable, gateways_done, task);
}

/* Delete */

static void
delete_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CallResult *call_result;

  call_result = call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  call_result_free (call_result);
  g_task_return_boolean (task, TRUE);
}

/**
 * herald_api_client_delete_async:
 * @entity_type: %HERALD_TYPE_CAPABILITY, %HERALD_TYPE_SENSOR_TYPE,
 *   %HERALD_TYPE_DEVICE or %HERALD_TYPE_SENSOR
 * @id: the entity's `id`
 *
 * `DELETE /{collection}/{id}`. Deleting a device also removes its sensors
 * and revokes its certificates. Still in use is %HERALD_API_ERROR_CONFLICT.
 */
void
herald_api_client_delete_async (HeraldApiClient     *self,
                                GType                entity_type,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (g_type_is_a (entity_type, HERALD_TYPE_ENTITY));
  g_return_if_fail (entity_type != HERALD_TYPE_GATEWAY);
  g_return_if_fail (id != NULL);

  task = op_new (self, herald_api_client_delete_async, cancellable, callback, user_data);
  escaped = escape (id);
  path = g_strdup_printf ("%s/%s", collection_of (entity_type), escaped);
  call_async (self, "DELETE", path, NULL, entity_type, TRUE, ENTITY_ANSWER_LIMIT,
              cancellable, delete_done, task);
}

gboolean
herald_api_client_delete_finish (HeraldApiClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Certificates */

typedef struct
{
  char   *secret;
  GBytes *material;
} Certificate;

static void
certificate_free (Certificate *certificate)
{
  if (certificate->secret != NULL)
    explicit_bzero (certificate->secret, strlen (certificate->secret));
  g_free (certificate->secret);
  g_clear_pointer (&certificate->material, g_bytes_unref);
  g_free (certificate);
}

static void
certificate_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldCertificateFormat format = GPOINTER_TO_UINT (g_task_get_task_data (task));
  const char *member = format == HERALD_CERTIFICATE_FORMAT_P12 ? "p12" : "pem";
  const char *what = C_("entity", "certificate");
  g_autoptr(GError) error = NULL;
  CallResult *call_result;
  Certificate *certificate;
  JsonObject *object_;
  const char *secret;
  const char *material;

  call_result = call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!herald_json_check_node (call_result->root, HERALD_JSON_OBJECT, what, &error) ||
      !herald_json_check_member (json_node_get_object (call_result->root), "secret",
                                 HERALD_JSON_STRING, what, &error) ||
      !herald_json_check_member (json_node_get_object (call_result->root), member,
                                 HERALD_JSON_STRING, what, &error))
    {
      call_result_free (call_result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object_ = json_node_get_object (call_result->root);
  secret = herald_json_get_string (object_, "secret");
  material = herald_json_get_string (object_, member);
  if (secret == NULL || material == NULL || *material == '\0')
    {
      call_result_free (call_result);
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                               _("The service's answer holds no “secret” or no “%s”. "
                                 "Try again; each try issues a new certificate."),
                               member);
      return;
    }

  certificate = g_new0 (Certificate, 1);
  certificate->secret = g_strdup (secret);
  if (format == HERALD_CERTIFICATE_FORMAT_P12)
    {
      gsize len = 0;
      guchar *der = g_base64_decode (material, &len);

      if (len == 0)
        {
          g_free (der);
          certificate_free (certificate);
          call_result_free (call_result);
          g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                                   _("The “p12” of the service's answer is not base64. "
                                     "Try again, or ask for the certificate as PEM."));
          return;
        }
      certificate->material = g_bytes_new_take (der, len);
    }
  else
    certificate->material = g_bytes_new (material, strlen (material));

  call_result_free (call_result);
  g_task_return_pointer (task, certificate, (GDestroyNotify)certificate_free);
}

/**
 * herald_api_client_get_device_certificate_async:
 * @device_id: the device's `id`
 * @format: PEM (encrypted key + certificate) or PKCS#12
 *
 * `GET /devices/{id}/authentications/clientCertificate/{pem|p12}`: issues
 * a new client certificate. The secret comes back once and the client
 * keeps no copy; the exchange log shows neither it nor the key.
 */
void
herald_api_client_get_device_certificate_async (HeraldApiClient         *self,
                                                const char              *device_id,
                                                HeraldCertificateFormat  format,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data)
{
  GTask *task;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);

  task = op_new (self, herald_api_client_get_device_certificate_async, cancellable, callback, user_data);
  g_task_set_task_data (task, GUINT_TO_POINTER (format), NULL);
  escaped = escape (device_id);
  path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/%s", escaped,
                          format == HERALD_CERTIFICATE_FORMAT_P12 ? "p12" : "pem");
  call_async (self, "GET", path, NULL, HERALD_TYPE_DEVICE, TRUE, ENTITY_ANSWER_LIMIT,
              cancellable, certificate_done, task);
}

/**
 * herald_api_client_get_device_certificate_finish:
 * @secret: (out) (transfer full): the secret (password of the key or the
 *   PKCS#12 file); the caller should wipe it when done
 *
 * Returns: (transfer full): the PEM text, or the decoded PKCS#12 file
 */
GBytes *
herald_api_client_get_device_certificate_finish (HeraldApiClient  *self,
                                                 GAsyncResult     *result,
                                                 char            **secret,
                                                 GError          **error)
{
  Certificate *certificate;
  GBytes *material;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  certificate = g_task_propagate_pointer (G_TASK (result), error);
  if (certificate == NULL)
    return NULL;

  *secret = g_steal_pointer (&certificate->secret);
  material = g_steal_pointer (&certificate->material);
  certificate_free (certificate);
  return material;
}

/* Commands */

static void
command_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CallResult *call_result;
  const char *message = NULL;
  guint *status = g_task_get_task_data (task);

  call_result = call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  *status = call_result->status;
  if (call_result->root != NULL && JSON_NODE_HOLDS_OBJECT (call_result->root))
    message = herald_json_get_string (json_node_get_object (call_result->root), "message");

  g_task_return_pointer (task, g_strdup (message ? message : ""), g_free);
  call_result_free (call_result);
}

/**
 * herald_api_client_send_command_async:
 * @device_id: the device's `id`
 * @sensor_id: the sensor's `id`
 * @capability_id: the capability's `id`
 * @command_json: the `command` object as JSON text, e.g. from the command
 *   builder; sent as is, so numbers keep the digits they were written with
 *
 * `POST /devices/{id}/commands`. Both 200 (classic) and 202 (tenant) are
 * success. A @command_json that is not a JSON object is
 * %HERALD_API_ERROR_INVALID_REQUEST, and nothing is sent.
 */
void
herald_api_client_send_command_async (HeraldApiClient     *self,
                                      const char          *device_id,
                                      const char          *sensor_id,
                                      const char          *capability_id,
                                      const char          *command_json,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) sensor_node = NULL;
  g_autoptr(JsonNode) capability_node = NULL;
  g_autofree char *sensor_text = NULL;
  g_autofree char *capability_text = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);
  g_return_if_fail (sensor_id != NULL);
  g_return_if_fail (capability_id != NULL);
  g_return_if_fail (command_json != NULL);

  task = op_new (self, herald_api_client_send_command_async, cancellable, callback, user_data);
  g_task_set_task_data (task, g_new0 (guint, 1), g_free);

  root = herald_json_parse (command_json, -1, &parse_error);
  if (root == NULL)
    {
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_REQUEST,
                               /* Translators: %s is a sentence that says what is wrong and where */
                               _("The command cannot be read: %s Check the values you entered."),
                               parse_error->message);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_REQUEST,
                               _("The command is not a JSON object of property names and "
                                 "values. Check the values you entered."));
      return;
    }

  sensor_node = json_node_init_string (json_node_alloc (), sensor_id);
  capability_node = json_node_init_string (json_node_alloc (), capability_id);
  sensor_text = herald_json_to_string (sensor_node, FALSE);
  capability_text = herald_json_to_string (capability_node, FALSE);
  body = g_strdup_printf ("{\"sensorId\":%s,\"capabilityId\":%s,\"command\":%s}",
                          sensor_text, capability_text, command_json);

  escaped = escape (device_id);
  path = g_strdup_printf ("/devices/%s/commands", escaped);
  call_async (self, "POST", path, body, HERALD_TYPE_DEVICE, TRUE, ENTITY_ANSWER_LIMIT,
              cancellable, command_done, g_steal_pointer (&task));
}

/**
 * herald_api_client_send_command_finish:
 * @status: (out) (optional): the HTTP status, 200 or 202
 *
 * Returns: (transfer full): the service's `message` ("Command issued
 *   successfully."), or "" when it sent none
 */
char *
herald_api_client_send_command_finish (HeraldApiClient  *self,
                                       GAsyncResult     *result,
                                       guint            *status,
                                       GError          **error)
{
  char *message;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  message = g_task_propagate_pointer (G_TASK (result), error);
  if (status != NULL)
    *status = message ? *(guint *)g_task_get_task_data (G_TASK (result)) : 0;

  return message;
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

/* herald-sandbox-server-answers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-json-private.h"
#include "herald-sandbox-server-private.h"

/* HeraldSandboxServer: its answers (JSON, errors with a `message` that says
 * what to do) and the reading of request bodies. */

/* --- Answers ---------------------------------------------------------- */

void
herald_sandbox_respond_text (SoupServerMessage *msg,
                             guint              status,
                             const char        *content_type,
                             char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

void
herald_sandbox_respond_json (SoupServerMessage *msg,
                             guint              status,
                             JsonNode          *node)
{
  herald_sandbox_respond_text (msg, status, "application/json", json_to_string (node, FALSE));
}

void
herald_sandbox_respond_error (SoupServerMessage *msg,
                              guint              status,
                              const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  herald_sandbox_respond_json (msg, status, node);
}

void
herald_sandbox_respond_errorf (SoupServerMessage *msg,
                               guint              status,
                               const char        *format,
                               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  herald_sandbox_respond_error (msg, status, message);
}

void
herald_sandbox_respond_store_error (SoupServerMessage *msg,
                                    const GError      *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == HERALD_SANDBOX_STORE_ERROR)
    {
      switch (error->code)
        {
        case HERALD_SANDBOX_STORE_ERROR_NOT_FOUND: status = SOUP_STATUS_NOT_FOUND; break;
        case HERALD_SANDBOX_STORE_ERROR_CONFLICT: status = SOUP_STATUS_CONFLICT; break;
        case HERALD_SANDBOX_STORE_ERROR_INVALID: status = SOUP_STATUS_BAD_REQUEST; break;
        case HERALD_SANDBOX_STORE_ERROR_FAILED:
        default:
          break;
        }
    }
  herald_sandbox_respond_error (msg, status, error->message);
}

void
herald_sandbox_respond_method_not_allowed (SoupServerMessage *msg,
                                           const char        *allowed)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  herald_sandbox_respond_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                 _("The method %s is not allowed here; this path takes %s."),
                                 soup_server_message_get_method (msg), allowed);
}

gboolean
herald_sandbox_is_method (SoupServerMessage *msg,
                          const char        *method)
{
  return strcmp (soup_server_message_get_method (msg), method) == 0;
}

/* --- Reading bodies --------------------------------------------------- */

/* The request body, kept by us (not accumulated by libsoup) so that a
 * chunked body without a length cannot grow past MAX_BODY in memory. */
typedef struct
{
  GByteArray *data;
  gboolean    too_large;
} Body;

static void
body_free (gpointer data)
{
  Body *body = data;

  g_byte_array_unref (body->data);
  g_free (body);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  Body *body = g_object_get_data (G_OBJECT (msg), "herald-body");
  gsize size = g_bytes_get_size (chunk);

  if (body == NULL || body->too_large)
    return;
  if (body->data->len + size > MAX_BODY)
    {
      body->too_large = TRUE;
      g_byte_array_set_size (body->data, 0);
      return;
    }
  g_byte_array_append (body->data, g_bytes_get_data (chunk, NULL), size);
}

/* Has the body kept by us from now on (the early handler calls this). */
void
herald_sandbox_keep_body (SoupServerMessage *msg)
{
  Body *body = g_new0 (Body, 1);

  body->data = g_byte_array_new ();
  g_object_set_data_full (G_OBJECT (msg), "herald-body", body, body_free);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

/* The body as it came, for a handler that reads more than an object (the
 * REST gateway); NULL, answered with 413, when it was too large. */
GBytes *
herald_sandbox_read_raw_body (SoupServerMessage *msg)
{
  Body *body = g_object_get_data (G_OBJECT (msg), "herald-body");

  if (body != NULL && body->too_large)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                     _("The body is larger than %d bytes. Send a smaller body."), MAX_BODY);
      return NULL;
    }
  if (body == NULL)
    return g_bytes_new (NULL, 0);
  return g_bytes_new (body->data->data, body->data->len);
}

JsonObject *
herald_sandbox_read_body (SoupServerMessage *msg)
{
  Body *body = g_object_get_data (G_OBJECT (msg), "herald-body");
  g_autoptr(GError) error = NULL;
  gsize length = body != NULL ? body->data->len : 0;
  const char *data = body != NULL ? (const char *) body->data->data : "";
  g_autoptr(JsonNode) root = NULL;

  if (body != NULL && body->too_large)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                     _("The body is larger than %d bytes. Send a smaller body."), MAX_BODY);
      return NULL;
    }
  if (length == 0)
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("The body is empty. Send a JSON object as the API documentation shows."));
      return NULL;
    }
  root = herald_json_parse (data, length, &error);
  if (root == NULL)
    {
      /* Translators: %s is a sentence that says what is wrong and where */
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The body cannot be read: %s Send a JSON object as the API "
                                       "documentation shows."),
                                     error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("The body must be a JSON object ({…}). Send one as the API "
                                      "documentation shows."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Reads a string member. Sets a 400 and returns FALSE when it has another
 * type, or is missing and @required. */
gboolean
herald_sandbox_get_string (SoupServerMessage  *msg,
                           JsonObject         *object,
                           const char         *name,
                           gboolean            required,
                           const char        **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    {
      if (!required)
        return TRUE;
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The field “%s” is missing. Add it to the body."), name);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The field “%s” must be a string in quotes (ids are strings too)."),
                                     name);
      return FALSE;
    }
  *value = json_node_get_string (node);
  if (required && **value == '\0')
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The field “%s” is empty. Give it a value."), name);
      return FALSE;
    }
  return TRUE;
}

JsonArray *
herald_sandbox_get_array (SoupServerMessage *msg,
                          JsonObject        *object,
                          const char        *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The field “%s” is missing. Add it to the body."), name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The field “%s” must be a list ([…])."), name);
      return NULL;
    }
  return json_node_get_array (node);
}

/* Alternate ids become MQTT topics and certificate names: keep them to
 * characters that are safe in both. */
gboolean
herald_sandbox_check_alternate_id (SoupServerMessage *msg,
                                   const char        *alternate_id)
{
  gsize length;

  if (alternate_id == NULL)
    return TRUE;
  length = strlen (alternate_id);
  if (length == 0 || length > 64)
    goto invalid;
  for (const char *p = alternate_id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (":._-", *p) == NULL)
      goto invalid;
  if (strcmp (alternate_id, HERALD_SANDBOX_IDENTITY) == 0)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_CONFLICT,
                                     _("The alternateId “%s” is reserved for the sandbox itself. Choose another."),
                                     alternate_id);
      return FALSE;
    }
  return TRUE;

invalid:
  herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                _("The alternateId must be 1 to 64 letters, digits or the characters : . _ -. "
                                  "Choose another, or leave it out to get a new one."));
  return FALSE;
}

/* Every member of @object is one of @taken (NULL-terminated): a field the
 * request does not take is refused by name, never ignored. */
gboolean
herald_sandbox_check_members (SoupServerMessage  *msg,
                              JsonObject         *object,
                              const char * const *taken,
                              const char         *request)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (taken, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) taken);

        herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                       _("%s does not take the field “%s”; it takes %s. Leave it out."),
                                       request, (const char *) l->data, list);
        return FALSE;
      }
  return TRUE;
}

/* An optional list: absent or null gives NULL and TRUE. */
gboolean
herald_sandbox_get_optional_array (SoupServerMessage  *msg,
                                   JsonObject         *object,
                                   const char         *name,
                                   JsonArray         **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *value = herald_sandbox_get_array (msg, object, name);
  return *value != NULL;
}

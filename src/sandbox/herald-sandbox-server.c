/* herald-sandbox-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#include "herald-command-builder.h"
#include "herald-data-type.h"
#include "herald-json-private.h"
#include "herald-sandbox-resources.h"
#include "herald-sandbox-server.h"

/* The IoT Service REST API as the tutorials use it, both flavours, on a SoupServer.
 * Every answer is JSON; every error has a `message` that says what to do. */

#define MAX_BODY (1024 * 1024)
#define RESOURCE_PREFIX "/io/github/heraldiot/Herald/sandbox/"

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

/* A refused request's connection is read (and the bytes dropped) for at
 * most this long or this much after the answer, so that the client sees
 * the answer rather than a reset. */
#define LINGER_MS    2000
#define LINGER_BYTES (4 * MAX_BODY)

struct _HeraldSandboxServer
{
  GObject              parent_instance;

  SoupServer          *server;
  SoupAuthDomain      *auth;
  HeraldSandboxStore  *store;
  HeraldSandboxCa     *ca;
  HeraldSandboxBridge *bridge;
  gboolean             classic;
  char                *api_root;
  char                *user;
  char                *password;
  guint                port;

  GHashTable          *connections;  /* GSocket → Connection */
  guint                sweep_source;
  GPtrArray           *closing;      /* GSockets shut down, to close */
  guint                close_source;
  gint64               headers_timeout;
  gint64               body_timeout;
  gint64               idle_timeout;
  gint64               max_connections;
};

G_DEFINE_FINAL_TYPE (HeraldSandboxServer, herald_sandbox_server, G_TYPE_OBJECT)

enum {
  CERTIFICATES_REVOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- Answers ---------------------------------------------------------- */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *content_type,
              char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  respond_text (msg, status, "application/json", json_to_string (node, FALSE));
}

static void
respond_error (SoupServerMessage *msg,
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
  respond_json (msg, status, node);
}

static void G_GNUC_PRINTF (3, 4)
respond_errorf (SoupServerMessage *msg,
                guint              status,
                const char        *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  respond_error (msg, status, message);
}

static void
respond_store_error (SoupServerMessage *msg,
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
  respond_error (msg, status, error->message);
}

static void
respond_method_not_allowed (SoupServerMessage *msg,
                            const char        *allowed)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  respond_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                  _("The method %s is not allowed here; this path takes %s."),
                  soup_server_message_get_method (msg), allowed);
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

static JsonObject *
read_body (SoupServerMessage *msg)
{
  Body *body = g_object_get_data (G_OBJECT (msg), "herald-body");
  g_autoptr(GError) error = NULL;
  gsize length = body != NULL ? body->data->len : 0;
  const char *data = body != NULL ? (const char *) body->data->data : "";
  g_autoptr(JsonNode) root = NULL;

  if (body != NULL && body->too_large)
    {
      respond_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                      _("The body is larger than %d bytes. Send a smaller body."), MAX_BODY);
      return NULL;
    }
  if (length == 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                     _("The body is empty. Send a JSON object as the API documentation shows."));
      return NULL;
    }
  root = herald_json_parse (data, length, &error);
  if (root == NULL)
    {
      /* Translators: %s is a sentence that says what is wrong and where */
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The body cannot be read: %s Send a JSON object as the API "
                        "documentation shows."),
                      error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                     _("The body must be a JSON object ({…}). Send one as the API "
                       "documentation shows."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Reads a string member. Sets a 400 and returns FALSE when it has another
 * type, or is missing and @required. */
static gboolean
get_string (SoupServerMessage  *msg,
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
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The field “%s” is missing. Add it to the body."), name);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The field “%s” must be a string in quotes (ids are strings too)."),
                      name);
      return FALSE;
    }
  *value = json_node_get_string (node);
  if (required && **value == '\0')
    {
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The field “%s” is empty. Give it a value."), name);
      return FALSE;
    }
  return TRUE;
}

static JsonArray *
get_array (SoupServerMessage *msg,
           JsonObject        *object,
           const char        *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The field “%s” is missing. Add it to the body."), name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The field “%s” must be a list ([…])."), name);
      return NULL;
    }
  return json_node_get_array (node);
}

/* Alternate ids become MQTT topics and certificate names: keep them to
 * characters that are safe in both. */
static gboolean
check_alternate_id (SoupServerMessage *msg,
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
      respond_errorf (msg, SOUP_STATUS_CONFLICT,
                      _("The alternateId “%s” is reserved for the sandbox itself. Choose another."),
                      alternate_id);
      return FALSE;
    }
  return TRUE;

invalid:
  respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                 _("The alternateId must be 1 to 64 letters, digits or the characters : . _ -. "
                   "Choose another, or leave it out to get a new one."));
  return FALSE;
}

/* --- Lists: filter, orderby, skip, top -------------------------------- */

static const char * const filter_fields[] = {
  "id", "alternateId", "name", "gatewayId", "deviceId", "sensorTypeId", "status",
  "protocolId", "type", "capabilityId", "sensorId", NULL
};

typedef struct
{
  char     *field;
  gboolean  negate;
  char     *value;
} Clause;

static void
clause_free (gpointer data)
{
  Clause *clause = data;

  g_free (clause->field);
  g_free (clause->value);
  g_free (clause);
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ')
    p++;
  return p;
}

static char *
read_word (const char **p)
{
  const char *start = *p;

  while (g_ascii_isalnum (**p) || **p == '_' || **p == '.' || **p == '-' || **p == '+')
    (*p)++;
  return *p > start ? g_strndup (start, *p - start) : NULL;
}

/* `name eq 'MyDevice' and gatewayId ne '3'`: fields from a fixed list,
 * `eq`/`ne`, quoted ('' is a quote) or bare values. Values are compared
 * as text in memory; nothing reaches SQL. */
static GPtrArray *
parse_filter (const char *text)
{
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func (clause_free);
  const char *p = skip_spaces (text);

  if (strlen (text) > 4096)
    return NULL;

  while (*p != '\0')
    {
      Clause *clause;
      g_autofree char *field = NULL;
      g_autofree char *op = NULL;
      g_autofree char *value = NULL;

      field = read_word (&p);
      if (field == NULL || !g_strv_contains (filter_fields, field))
        return NULL;
      p = skip_spaces (p);
      op = read_word (&p);
      if (op == NULL || (strcmp (op, "eq") != 0 && strcmp (op, "ne") != 0))
        return NULL;
      p = skip_spaces (p);

      if (*p == '\'')
        {
          GString *quoted = g_string_new (NULL);

          for (p++; ; p++)
            {
              if (*p == '\0')
                {
                  g_string_free (quoted, TRUE);
                  return NULL;
                }
              if (*p == '\'' && p[1] == '\'')
                {
                  g_string_append_c (quoted, '\'');
                  p++;
                }
              else if (*p == '\'')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (quoted, *p);
            }
          value = g_string_free (quoted, FALSE);
        }
      else
        {
          value = read_word (&p);
          if (value == NULL)
            return NULL;
        }

      clause = g_new0 (Clause, 1);
      clause->field = g_steal_pointer (&field);
      clause->negate = op[0] == 'n';
      clause->value = g_steal_pointer (&value);
      g_ptr_array_add (clauses, clause);

      p = skip_spaces (p);
      if (*p == '\0')
        break;
      if (strncmp (p, "and ", 4) != 0)
        return NULL;
      p = skip_spaces (p + 4);
      if (*p == '\0')
        return NULL;
    }

  return g_steal_pointer (&clauses);
}

static char *
member_text (JsonObject *object,
             const char *field)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

typedef struct
{
  const char *field;
  gboolean    descending;
} OrderBy;

static int
compare_text (const char *a,
              const char *b)
{
  gint64 na, nb;

  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  if (g_ascii_string_to_signed (a, 10, G_MININT64, G_MAXINT64, &na, NULL) &&
      g_ascii_string_to_signed (b, 10, G_MININT64, G_MAXINT64, &nb, NULL))
    return na < nb ? -1 : na > nb;
  return strcmp (a, b);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const OrderBy *order = user_data;
  g_autofree char *ta = member_text (json_node_get_object (*(JsonNode **) a), order->field);
  g_autofree char *tb = member_text (json_node_get_object (*(JsonNode **) b), order->field);
  int result = compare_text (ta, tb);

  return order->descending ? -result : result;
}

static gboolean
parse_count (const char *text,
             guint64    *value)
{
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, value, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The options the lists take; no other path takes any. */
static const char * const list_options[] = { "filter", "orderby", "skip", "top", NULL };

/* Refuses (400) the query options the path does not take, naming them,
 * rather than answering as if they were not there. */
static gboolean
check_query (SoupServerMessage *msg,
             GHashTable        *query,
             gboolean           list)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  g_autoptr(GString) names = g_string_new (NULL);
  GHashTableIter iter;
  const char *name;

  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!list || !g_strv_contains (list_options, name))
      g_ptr_array_add (unknown, (gpointer) name);
  if (unknown->len == 0)
    return TRUE;

  g_ptr_array_sort (unknown, compare_names);
  for (guint i = 0; i < unknown->len; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (unknown, i));
  respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                  g_dngettext (GETTEXT_PACKAGE,
                               "This path does not take the query option %s. Lists take filter, "
                               "orderby, skip and top, written without “$”; other paths take "
                               "none. Remove it.",
                               "This path does not take the query options %s. Lists take filter, "
                               "orderby, skip and top, written without “$”; other paths take "
                               "none. Remove them.",
                               unknown->len),
                  names->str);
  return FALSE;
}

/* A device's measures list shows its newest ones, this many at most. */
#define MEASURES_LISTED 1000

/* Where a list's rows come from: a store list, a device's measures, or a
 * list built already (the gateways). */
typedef struct
{
  HeraldSandboxStore  *store;
  JsonNode          *(*list) (HeraldSandboxStore *, const HeraldSandboxStoreQuery *, GError **);
  const char          *device_id;
  JsonNode            *all;
} ListSource;

/* Answers a list. The store filters, sorts and pages in SQL and reads only
 * the page asked for; the gateways, a list of two built here, go through
 * the same steps in memory. */
static void
respond_list (SoupServerMessage *msg,
              GHashTable        *query,
              ListSource        *source)
{
  const char *filter = query ? g_hash_table_lookup (query, "filter") : NULL;
  const char *orderby = query ? g_hash_table_lookup (query, "orderby") : NULL;
  const char *skip_text = query ? g_hash_table_lookup (query, "skip") : NULL;
  const char *top_text = query ? g_hash_table_lookup (query, "top") : NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autoptr(JsonArray) result = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  guint64 skip = 0, top = G_MAXUINT32;
  OrderBy order = { NULL, FALSE };
  g_autofree char *order_field = NULL;
  JsonArray *array;

  if (filter != NULL && (clauses = parse_filter (filter)) == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                     _("The filter cannot be read. Write it as name eq 'MyDevice', several "
                       "joined with “and”; fields: id, alternateId, name, gatewayId, deviceId, "
                       "sensorTypeId, status, protocolId, type."));
      return;
    }

  if (orderby != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (orderby));
      g_auto(GStrv) words = g_strsplit (trimmed, " ", -1);
      guint n = g_strv_length (words);

      if ((n == 1 || n == 2) && (g_strv_contains (filter_fields, words[0]) ||
                                 strcmp (words[0], "creationTimestamp") == 0 ||
                                 strcmp (words[0], "timestamp") == 0) &&
          (n == 1 || strcmp (words[1], "asc") == 0 || strcmp (words[1], "desc") == 0))
        {
          order_field = g_strdup (words[0]);
          order.field = order_field;
          order.descending = n == 2 && strcmp (words[1], "desc") == 0;
        }
      else
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                         _("The orderby cannot be read. Write a field name followed by asc "
                           "or desc, such as “name desc”."));
          return;
        }
    }

  if ((skip_text != NULL && !parse_count (skip_text, &skip)) ||
      (top_text != NULL && !parse_count (top_text, &top)))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                     _("skip and top must be whole numbers of 0 or more."));
      return;
    }

  if (source->all == NULL)
    {
      g_autofree HeraldSandboxStoreClause *store_clauses = NULL;
      HeraldSandboxStoreQuery store_query = {
        NULL, 0, order.field, order.descending, skip, top_text != NULL ? (gint64) top : -1
      };

      if (clauses != NULL)
        {
          store_clauses = g_new0 (HeraldSandboxStoreClause, MAX (clauses->len, 1));
          for (guint i = 0; i < clauses->len; i++)
            {
              Clause *clause = g_ptr_array_index (clauses, i);

              store_clauses[i].field = clause->field;
              store_clauses[i].negate = clause->negate;
              store_clauses[i].value = clause->value;
            }
          store_query.clauses = store_clauses;
          store_query.n_clauses = clauses->len;
        }
      if (source->device_id != NULL)
        list = herald_sandbox_store_list_measures (source->store, source->device_id,
                                                   MEASURES_LISTED, &store_query, &error);
      else
        list = source->list (source->store, &store_query, &error);
      if (list == NULL)
        respond_store_error (msg, error);
      else
        respond_json (msg, SOUP_STATUS_OK, list);
      return;
    }

  array = json_node_get_array (source->all);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = json_node_get_object (element);
      gboolean keep = TRUE;

      for (guint j = 0; keep && clauses != NULL && j < clauses->len; j++)
        {
          Clause *clause = g_ptr_array_index (clauses, j);
          g_autofree char *text = member_text (object, clause->field);
          gboolean equal = g_strcmp0 (text, clause->value) == 0;

          keep = clause->negate ? !equal : equal;
        }
      if (keep)
        g_ptr_array_add (kept, element);
    }

  if (order.field != NULL)
    g_ptr_array_sort_with_data (kept, compare_nodes, &order);

  for (guint64 i = skip; i < kept->len && i - skip < top; i++)
    json_array_add_element (result, json_node_ref (g_ptr_array_index (kept, i)));

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, result);
  respond_json (msg, SOUP_STATUS_OK, node);
}

/* --- Resources -------------------------------------------------------- */

static void
add_formatter (JsonObject *property)
{
  JsonObject *formatter = json_object_new ();

  json_object_set_int_member (formatter, "scale", 0);
  json_object_set_int_member (formatter, "shift", 0);
  json_object_set_boolean_member (formatter, "swap", FALSE);
  json_object_set_object_member (property, "formatter", formatter);
}

static void
post_capability (HeraldSandboxServer *self,
                 SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) body = read_body (msg);
  g_autoptr(JsonArray) properties = json_array_new ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *alternate_id;
  JsonArray *given;

  if (body == NULL ||
      !get_string (msg, body, "name", TRUE, &name) ||
      !get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !check_alternate_id (msg, alternate_id) ||
      (given = get_array (msg, body, "properties")) == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (given); i++)
    {
      JsonNode *element = json_array_get_element (given, i);
      JsonObject *property, *stored;
      const char *property_name, *data_type, *unit;
      HeraldDataType type;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                         _("Each entry of “properties” must be an object with “name” and "
                           "“dataType”."));
          return;
        }
      property = json_node_get_object (element);
      if (!get_string (msg, property, "name", TRUE, &property_name) ||
          !get_string (msg, property, "dataType", TRUE, &data_type) ||
          !get_string (msg, property, "unitOfMeasure", FALSE, &unit))
        return;

      type = herald_data_type_from_string (data_type);
      if (type == HERALD_DATA_TYPE_INVALID)
        {
          respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                          _("The property “%s” has the unknown dataType “%s”. Use one of "
                            "integer, long, float, double, boolean, string, binary, date."),
                          property_name, data_type);
          return;
        }
      if (!g_hash_table_add (names, (gpointer) property_name))
        {
          respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                          _("The property “%s” appears twice. Give each property its own name."),
                          property_name);
          return;
        }

      stored = json_object_new ();
      json_object_set_string_member (stored, "name", property_name);
      json_object_set_string_member (stored, "dataType", data_type);
      if (unit != NULL)
        json_object_set_string_member (stored, "unitOfMeasure", unit);
      if (herald_data_type_is_numeric (type))
        add_formatter (stored);
      json_array_add_object_element (properties, stored);
    }

  answer = herald_sandbox_store_add_capability (self->store, alternate_id, name, properties, &error);
  if (answer == NULL)
    respond_store_error (msg, error);
  else
    respond_json (msg, SOUP_STATUS_OK, answer);
}

static void
post_sensor_type (HeraldSandboxServer *self,
                  SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) body = read_body (msg);
  g_autoptr(JsonArray) capabilities = json_array_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *alternate_id;
  JsonArray *given;

  if (body == NULL ||
      !get_string (msg, body, "name", TRUE, &name) ||
      !get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !check_alternate_id (msg, alternate_id) ||
      (given = get_array (msg, body, "capabilities")) == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (given); i++)
    {
      JsonNode *element = json_array_get_element (given, i);
      JsonObject *capability, *stored;
      const char *id, *type;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                         _("Each entry of “capabilities” must be an object with “id” and “type”."));
          return;
        }
      capability = json_node_get_object (element);
      if (!get_string (msg, capability, "id", TRUE, &id) ||
          !get_string (msg, capability, "type", TRUE, &type))
        return;
      if (strcmp (type, "command") != 0 && strcmp (type, "measure") != 0)
        {
          respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                          _("The capability type “%s” is unknown. Use “command” or “measure”."),
                          type);
          return;
        }
      stored = json_object_new ();
      json_object_set_string_member (stored, "id", id);
      json_object_set_string_member (stored, "type", type);
      json_array_add_object_element (capabilities, stored);
    }

  answer = herald_sandbox_store_add_sensor_type (self->store, alternate_id, name, capabilities, &error);
  if (answer == NULL)
    respond_store_error (msg, error);
  else
    respond_json (msg, SOUP_STATUS_OK, answer);
}

static JsonNode *
gateways (HeraldSandboxServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  static const char * const ids[] = { "2", "3" };
  static const char * const protocols[] = { "mqtt", "rest" };
  const char *classic_names[] = { "IoT Gateway MQTT", "IoT Gateway REST" };
  const char *tenant_names[] = { "MQTT Gateway", "REST Gateway" };
  const char *tenant_alternate[] = { "GATEWAY_CLOUD_MQTT", "GATEWAY_CLOUD_REST" };
  gint64 created = herald_sandbox_store_get_created (self->store);

  json_builder_begin_array (builder);
  for (guint i = 0; i < 2; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, ids[i]);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, self->classic ? classic_names[i] : tenant_names[i]);
      if (!self->classic)
        {
          json_builder_set_member_name (builder, "alternateId");
          json_builder_add_string_value (builder, tenant_alternate[i]);
        }
      json_builder_set_member_name (builder, "protocolId");
      json_builder_add_string_value (builder, protocols[i]);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "online");
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "cloud");
      json_builder_set_member_name (builder, "creationTimestamp");
      json_builder_add_int_value (builder, created + i * 4242);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
post_device (HeraldSandboxServer *self,
             SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) body = read_body (msg);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *gateway_id, *name, *alternate_id;

  if (body == NULL ||
      !get_string (msg, body, "gatewayId", TRUE, &gateway_id) ||
      !get_string (msg, body, "name", TRUE, &name) ||
      !get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !check_alternate_id (msg, alternate_id))
    return;

  if (strcmp (gateway_id, "2") != 0 && strcmp (gateway_id, "3") != 0)
    {
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("No gateway has the id “%s”. List them with GET /gateways and take "
                        "the one whose protocolId is mqtt."), gateway_id);
      return;
    }

  answer = herald_sandbox_store_add_device (self->store, gateway_id, name, alternate_id, &error);
  if (answer == NULL)
    respond_store_error (msg, error);
  else
    respond_json (msg, SOUP_STATUS_OK, answer);
}

static void
post_sensor (HeraldSandboxServer *self,
             SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) body = read_body (msg);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *device_id, *name, *sensor_type_id, *alternate_id;

  if (body == NULL ||
      !get_string (msg, body, "deviceId", TRUE, &device_id) ||
      !get_string (msg, body, "name", TRUE, &name) ||
      !get_string (msg, body, "sensorTypeId", TRUE, &sensor_type_id) ||
      !get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !check_alternate_id (msg, alternate_id))
    return;

  answer = herald_sandbox_store_add_sensor (self->store, device_id, name, sensor_type_id,
                                            alternate_id, &error);
  if (answer == NULL)
    respond_store_error (msg, error);
  else
    respond_json (msg, SOUP_STATUS_OK, answer);
}

static void
delete_device (HeraldSandboxServer *self,
               SoupServerMessage   *msg,
               const char          *id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) serials = NULL;
  gboolean had_certificates = FALSE;

  if (!herald_sandbox_store_delete_device (self->store, id, &had_certificates, &error))
    {
      respond_store_error (msg, error);
      return;
    }

  if (had_certificates)
    {
      serials = herald_sandbox_store_revoked_serials (self->store, &error);
      if (serials == NULL || !herald_sandbox_ca_write_crl (self->ca, (const char * const *) serials, &error))
        {
          respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
          return;
        }
      g_signal_emit (self, signals[CERTIFICATES_REVOKED], 0);
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
get_certificate (HeraldSandboxServer     *self,
                 SoupServerMessage       *msg,
                 const char              *device_id,
                 HeraldSandboxCertFormat  format)
{
  g_autoptr(JsonNode) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *data = NULL;
  const char *alternate_id;

  device = herald_sandbox_store_get_device (self->store, device_id, &error);
  if (device == NULL)
    {
      respond_store_error (msg, error);
      return;
    }
  alternate_id = json_object_get_string_member (json_node_get_object (device), "alternateId");

  if (!herald_sandbox_ca_issue (self->ca, alternate_id, format, &serial, &secret, &data, &error) ||
      !herald_sandbox_store_add_certificate (self->store, device_id, serial, &error))
    {
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, secret);
  json_builder_set_member_name (builder, format == HERALD_SANDBOX_CERT_FORMAT_PEM ? "pem" : "p12");
  json_builder_add_string_value (builder, data);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  respond_json (msg, SOUP_STATUS_OK, answer);

  memset (secret, 0, strlen (secret));
}

static JsonObject *
find_property (JsonObject *capability,
               const char *name)
{
  JsonArray *properties = json_object_get_array_member (capability, "properties");

  for (guint i = 0; properties != NULL && i < json_array_get_length (properties); i++)
    {
      JsonObject *property = json_array_get_object_element (properties, i);

      if (g_strcmp0 (json_object_get_string_member (property, "name"), name) == 0)
        return property;
    }
  return NULL;
}

static char *
property_names (JsonObject *capability)
{
  JsonArray *properties = json_object_get_array_member (capability, "properties");
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; properties != NULL && i < json_array_get_length (properties); i++)
    {
      JsonObject *property = json_array_get_object_element (properties, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, json_object_get_string_member (property, "name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
sensor_type_has_capability (JsonObject *sensor_type,
                            const char *capability_id,
                            const char *type)
{
  JsonArray *capabilities = json_object_get_array_member (sensor_type, "capabilities");

  for (guint i = 0; capabilities != NULL && i < json_array_get_length (capabilities); i++)
    {
      JsonObject *capability = json_array_get_object_element (capabilities, i);

      if (g_strcmp0 (json_object_get_string_member (capability, "id"), capability_id) == 0 &&
          g_strcmp0 (json_object_get_string_member (capability, "type"), type) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  SoupServerMessage *msg;
  guint              status;
  gboolean           gone;
} PendingCommand;

static void
on_pending_gone (SoupServerMessage *msg,
                 PendingCommand    *pending)
{
  pending->gone = TRUE;
}

static void
command_confirmed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PendingCommand *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_data (pending->msg, pending);
  if (!herald_sandbox_bridge_publish_finish (HERALD_SANDBOX_BRIDGE (object), result, &error))
    {
      if (!pending->gone)
        respond_error (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, error->message);
    }
  else if (!pending->gone)
    {
      g_autoptr(JsonBuilder) answer = json_builder_new_immutable ();
      g_autoptr(JsonNode) answer_node = NULL;

      json_builder_begin_object (answer);
      json_builder_set_member_name (answer, "message");
      json_builder_add_string_value (answer, "Command issued successfully.");
      json_builder_end_object (answer);
      answer_node = json_builder_get_root (answer);
      respond_json (pending->msg, pending->status, answer_node);
    }
  if (!pending->gone)
    soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_free (pending);
}

static void
post_command (HeraldSandboxServer *self,
              SoupServerMessage   *msg,
              const char          *device_id)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) device = NULL;
  g_autoptr(JsonNode) sensor = NULL;
  g_autoptr(JsonNode) sensor_type = NULL;
  g_autoptr(JsonNode) capability = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCommandBuilder) builder = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *topic = NULL;
  PendingCommand *pending;
  const char *sensor_id, *capability_id;
  JsonNode *command;
  JsonObject *capability_object;

  device = herald_sandbox_store_get_device (self->store, device_id, &error);
  if (device == NULL)
    {
      respond_store_error (msg, error);
      return;
    }

  body = read_body (msg);
  if (body == NULL ||
      !get_string (msg, body, "sensorId", TRUE, &sensor_id) ||
      !get_string (msg, body, "capabilityId", TRUE, &capability_id))
    return;

  command = json_object_get_member (body, "command");
  if (command == NULL || !JSON_NODE_HOLDS_OBJECT (command) ||
      json_object_get_size (json_node_get_object (command)) == 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                     _("The field “command” must be an object with at least one property "
                       "value, such as {\"LED\": \"true\"}."));
      return;
    }

  sensor = herald_sandbox_store_get_sensor (self->store, sensor_id, NULL);
  if (sensor == NULL ||
      g_strcmp0 (json_object_get_string_member (json_node_get_object (sensor), "deviceId"),
                 device_id) != 0)
    {
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The device “%s” has no sensor with the id “%s”. Use the id of one of "
                        "its sensors (GET /sensors)."), device_id, sensor_id);
      return;
    }

  sensor_type = herald_sandbox_store_get_sensor_type (self->store,
                                                      json_object_get_string_member (json_node_get_object (sensor),
                                                                                     "sensorTypeId"),
                                                      NULL);
  capability = herald_sandbox_store_get_capability (self->store, capability_id, NULL);
  if (sensor_type == NULL || capability == NULL ||
      !sensor_type_has_capability (json_node_get_object (sensor_type), capability_id, "command"))
    {
      respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                      _("The sensor’s type does not list the capability “%s” as a command. "
                        "Add it to the sensor type with type “command”, or use another "
                        "capability."), capability_id);
      return;
    }
  capability_object = json_node_get_object (capability);

  builder = herald_command_builder_new (self->classic ? HERALD_COMMAND_FLAVOR_CLASSIC
                                                      : HERALD_COMMAND_FLAVOR_TENANT);
  members = json_object_get_members (json_node_get_object (command));
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonObject *property = find_property (capability_object, name);
      HeraldDataType type;

      if (property == NULL)
        {
          g_autofree char *names = property_names (capability_object);
          respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                          _("The capability has no property “%s”. Use one of: %s."),
                          name, names);
          return;
        }
      type = herald_data_type_from_string (json_object_get_string_member (property, "dataType"));
      if (!herald_command_builder_add_json_value (builder, name, type,
                                                  json_object_get_member (json_node_get_object (command), name),
                                                  &error))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }

  payload = herald_command_builder_to_payload (builder,
                                               json_object_get_string_member (json_node_get_object (sensor), "alternateId"),
                                               json_object_get_string_member (capability_object, "alternateId"));
  topic = g_strconcat ("commands/",
                       json_object_get_string_member (json_node_get_object (device), "alternateId"),
                       NULL);
  /* The answer waits for the broker's PUBACK: a command answered 200 is
   * the broker's, and survives its crash (its persistence is saved at every
   * change), not only the bridge's, which a crash would lose. */
  pending = g_new0 (PendingCommand, 1);
  pending->msg = g_object_ref (msg);
  pending->status = self->classic ? SOUP_STATUS_OK : SOUP_STATUS_ACCEPTED;
  g_signal_connect (msg, "finished", G_CALLBACK (on_pending_gone), pending);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_pending_gone), pending);
  soup_server_message_pause (msg);
  herald_sandbox_bridge_publish_async (self->bridge, topic, payload, strlen (payload),
                                       command_confirmed, pending);
}

/* --- Docs ------------------------------------------------------------- */

static void
serve_resource (HeraldSandboxServer *self,
                SoupServerMessage   *msg,
                const char          *name,
                const char          *content_type)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (bytes == NULL)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, _("This build has no API documentation."));
      return;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  parts = g_strsplit (text, "@API_ROOT@", -1);
  respond_text (msg, SOUP_STATUS_OK, content_type, g_strjoinv (self->api_root, parts));
}

/* --- Routing ---------------------------------------------------------- */

static gboolean
is_method (SoupServerMessage *msg,
           const char        *method)
{
  return strcmp (soup_server_message_get_method (msg), method) == 0;
}

/* Splits the path below the API root into segments; NULL when the path
 * is not below it. */
static char **
split_path (HeraldSandboxServer *self,
            const char          *path)
{
  gsize root_length = strlen (self->api_root);

  if (strncmp (path, self->api_root, root_length) != 0 ||
      (path[root_length] != '/' && path[root_length] != '\0'))
    return NULL;
  path += root_length;
  if (*path == '/')
    path++;
  return g_strsplit (path, "/", 8);
}

static gboolean
is_doc_path (HeraldSandboxServer *self,
             const char          *path)
{
  g_auto(GStrv) segments = split_path (self, path);

  return segments != NULL && g_strcmp0 (segments[0], "doc") == 0 &&
         (segments[1] == NULL || segments[2] == NULL);
}

static void
handle_collection (HeraldSandboxServer *self,
                   SoupServerMessage   *msg,
                   GHashTable          *query,
                   JsonNode          *(*list) (HeraldSandboxStore *, const HeraldSandboxStoreQuery *,
                                               GError **),
                   void               (*post) (HeraldSandboxServer *, SoupServerMessage *))
{
  if (is_method (msg, "GET") || is_method (msg, "HEAD"))
    {
      ListSource source = { self->store, list, NULL, NULL };

      if (check_query (msg, query, TRUE))
        respond_list (msg, query, &source);
    }
  else if (is_method (msg, "POST"))
    {
      if (check_query (msg, query, FALSE))
        post (self, msg);
    }
  else
    respond_method_not_allowed (msg, "GET, POST");
}

static void
handle_item (HeraldSandboxServer *self,
             SoupServerMessage   *msg,
             GHashTable          *query,
             const char          *id,
             JsonNode          *(*get) (HeraldSandboxStore *, const char *, GError **),
             gboolean           (*delete) (HeraldSandboxStore *, const char *, GError **))
{
  g_autoptr(GError) error = NULL;

  if (!check_query (msg, query, FALSE))
    return;
  if (is_method (msg, "GET") || is_method (msg, "HEAD"))
    {
      g_autoptr(JsonNode) node = get (self->store, id, &error);

      if (node == NULL)
        respond_store_error (msg, error);
      else
        respond_json (msg, SOUP_STATUS_OK, node);
    }
  else if (is_method (msg, "DELETE") && delete != NULL)
    {
      if (!delete (self->store, id, &error))
        respond_store_error (msg, error);
      else
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else
    respond_method_not_allowed (msg, delete != NULL ? "GET, DELETE" : "GET");
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  HeraldSandboxServer *self = user_data;
  g_auto(GStrv) s = NULL;
  guint n;

  /* The early handler answered already (401, 413). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  s = split_path (self, path);
  if (s == NULL)
    goto not_found;
  n = g_strv_length (s);

  /* Ignore one trailing slash: /devices/ is /devices. */
  if (n > 1 && s[n - 1][0] == '\0' && strcmp (s[0], "doc") != 0)
    {
      g_free (s[n - 1]);
      s[--n] = NULL;
    }
  for (guint i = 0; i < n; i++)
    if (s[i][0] == '\0' && !(i == 1 && strcmp (s[0], "doc") == 0))
      goto not_found;

  if (n >= 1 && strcmp (s[0], "doc") == 0 && n <= 2)
    {
      if (!is_method (msg, "GET") && !is_method (msg, "HEAD"))
        respond_method_not_allowed (msg, "GET");
      else if (n == 1)
        {
          g_autofree char *location = g_strconcat (self->api_root, "/doc/", NULL);
          soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, location);
        }
      else if (s[1][0] == '\0' || strcmp (s[1], "index.html") == 0)
        serve_resource (self, msg, "doc.html", "text/html; charset=utf-8");
      else if (strcmp (s[1], "openapi.json") == 0)
        serve_resource (self, msg, "openapi.json", "application/json");
      else
        goto not_found;
      return;
    }

  if (n == 1 && strcmp (s[0], "capabilities") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_capabilities, post_capability);
  else if (n == 2 && strcmp (s[0], "capabilities") == 0)
    handle_item (self, msg, query, s[1], herald_sandbox_store_get_capability,
                 herald_sandbox_store_delete_capability);
  else if (n == 1 && strcmp (s[0], "sensorTypes") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_sensor_types, post_sensor_type);
  else if (n == 2 && strcmp (s[0], "sensorTypes") == 0)
    handle_item (self, msg, query, s[1], herald_sandbox_store_get_sensor_type,
                 herald_sandbox_store_delete_sensor_type);
  else if (n == 1 && strcmp (s[0], "sensors") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_sensors, post_sensor);
  else if (n == 2 && strcmp (s[0], "sensors") == 0)
    handle_item (self, msg, query, s[1], herald_sandbox_store_get_sensor,
                 herald_sandbox_store_delete_sensor);
  else if (n == 1 && strcmp (s[0], "devices") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_devices, post_device);
  else if (n == 2 && strcmp (s[0], "devices") == 0)
    {
      if (is_method (msg, "DELETE"))
        {
          if (check_query (msg, query, FALSE))
            delete_device (self, msg, s[1]);
        }
      else
        handle_item (self, msg, query, s[1], herald_sandbox_store_get_device,
                     herald_sandbox_store_delete_sensor /* never called */);
    }
  else if (n == 3 && strcmp (s[0], "devices") == 0 && strcmp (s[2], "commands") == 0)
    {
      if (is_method (msg, "POST"))
        {
          if (check_query (msg, query, FALSE))
            post_command (self, msg, s[1]);
        }
      else
        respond_method_not_allowed (msg, "POST");
    }
  else if (n == 3 && strcmp (s[0], "devices") == 0 && strcmp (s[2], "measures") == 0)
    {
      if (is_method (msg, "GET") || is_method (msg, "HEAD"))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) device = NULL;
          ListSource source = { self->store, NULL, s[1], NULL };

          if (!check_query (msg, query, TRUE))
            return;
          device = herald_sandbox_store_get_device (self->store, s[1], &error);
          if (device == NULL)
            respond_store_error (msg, error);
          else
            respond_list (msg, query, &source);
        }
      else
        respond_method_not_allowed (msg, "GET");
    }
  else if (n == 5 && strcmp (s[0], "devices") == 0 && strcmp (s[2], "authentications") == 0 &&
           strcmp (s[3], "clientCertificate") == 0 &&
           (strcmp (s[4], "pem") == 0 || strcmp (s[4], "p12") == 0))
    {
      if (is_method (msg, "GET") && !check_query (msg, query, FALSE))
        return;
      if (is_method (msg, "GET"))
        get_certificate (self, msg, s[1],
                         strcmp (s[4], "pem") == 0 ? HERALD_SANDBOX_CERT_FORMAT_PEM
                                                   : HERALD_SANDBOX_CERT_FORMAT_P12);
      else
        respond_method_not_allowed (msg, "GET");
    }
  else if (n == 1 && strcmp (s[0], "gateways") == 0)
    {
      if (is_method (msg, "GET") || is_method (msg, "HEAD"))
        {
          g_autoptr(JsonNode) list = gateways (self);
          ListSource source = { self->store, NULL, NULL, list };

          if (check_query (msg, query, TRUE))
            respond_list (msg, query, &source);
        }
      else
        respond_method_not_allowed (msg, "GET");
    }
  else if (n == 2 && strcmp (s[0], "gateways") == 0)
    {
      if (is_method (msg, "GET") || is_method (msg, "HEAD"))
        {
          g_autoptr(JsonNode) list = gateways (self);
          JsonArray *array = json_node_get_array (list);

          if (!check_query (msg, query, FALSE))
            return;
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *gateway = json_array_get_element (array, i);
              if (g_strcmp0 (json_object_get_string_member (json_node_get_object (gateway), "id"),
                             s[1]) == 0)
                {
                  respond_json (msg, SOUP_STATUS_OK, gateway);
                  return;
                }
            }
          respond_error (msg, SOUP_STATUS_NOT_FOUND,
                         _("No gateway has this id. List them with GET /gateways."));
        }
      else
        respond_method_not_allowed (msg, "GET");
    }
  else
    goto not_found;

  return;

not_found:
  respond_errorf (msg, SOUP_STATUS_NOT_FOUND,
                  _("There is nothing at this path. The API root is %s; its documentation is "
                    "at %s/doc/."), self->api_root, self->api_root);
}

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

static void
connection_free (gpointer data)
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

static gboolean
close_pending (gpointer user_data)
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
        self->close_source = g_idle_add (close_pending, self);
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
  if (!is_method (msg, "HEAD"))
    g_string_append_len (text, g_bytes_get_data (body, NULL), size);
  return g_string_free_to_bytes (text);
}

/* Sends the answer set on @msg now, without reading the body, and closes
 * the connection. */
static void
refuse (HeraldSandboxServer *self,
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

  if (!is_doc_path (self, path) && !credentials_ok (self, msg))
    {
      soup_auth_domain_challenge (self->auth, msg);
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED,
                     _("The user name or password is missing or wrong. Use the user and "
                       "password from sandbox.json (HTTP Basic)."));
      refuse (self, msg);
      return;
    }

  if (length > MAX_BODY)
    {
      respond_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                      _("The body is larger than %d bytes. Send a smaller body."), MAX_BODY);
      refuse (self, msg);
      return;
    }

  {
    Body *body = g_new0 (Body, 1);

    body->data = g_byte_array_new ();
    g_object_set_data_full (G_OBJECT (msg), "herald-body", body, body_free);
    soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
    g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
  }
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
    close_pending (self);
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
  self->connections = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, connection_free);
  self->closing = g_ptr_array_new_with_free_func (g_object_unref);
  self->headers_timeout = HEADERS_TIMEOUT_MS;
  self->body_timeout = BODY_TIMEOUT_MS;
  self->idle_timeout = IDLE_TIMEOUT_MS;
  self->max_connections = MAX_CONNECTIONS;
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
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  g_signal_connect_object (self->server, "request-started",
                           G_CALLBACK (on_request_started), self, 0);
  g_signal_connect_object (self->server, "request-finished",
                           G_CALLBACK (on_request_finished), self, 0);
  g_signal_connect_object (self->server, "request-aborted",
                           G_CALLBACK (on_request_aborted), self, 0);
  read_test_limits (self);

  return self;
}

gboolean
herald_sandbox_server_listen (HeraldSandboxServer  *self,
                              const char           *address,
                              guint                 port,
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
  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->server, socket_address, 0, error))
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

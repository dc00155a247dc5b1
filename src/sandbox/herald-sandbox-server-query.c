/* herald-sandbox-server-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-server-private.h"

/* HeraldSandboxServer: the query options a path takes, and the lists with
 * their filter, orderby, skip and top. */

/* --- Lists: filter, orderby, skip, top -------------------------------- */

static const char * const filter_fields[] = {
  "id", "alternateId", "name", "gatewayId", "deviceId", "sensorTypeId", "status",
  "protocolId", "type", "capabilityId", "sensorId", "timestamp", NULL
};

/* In the order of HeraldSandboxStoreOp. */
static const char * const filter_operators[] = { "eq", "ne", "lt", "le", "gt", "ge", NULL };

typedef struct
{
  char                 *field;
  HeraldSandboxStoreOp  op;
  char                 *value;
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

/* `name eq 'MyDevice' and gatewayId ne '3'`, `timestamp ge 1764800000000`:
 * fields from a fixed list, `eq`/`ne` with quoted ('' is a quote) or bare
 * values, compared as text; `lt`/`le`/`gt`/`ge` with whole numbers,
 * compared as numbers. The values reach SQL only as bound parameters. */
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
      if (op == NULL || !g_strv_contains (filter_operators, op))
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
      clause->op = HERALD_SANDBOX_STORE_OP_EQ;
      while (strcmp (filter_operators[clause->op], op) != 0)
        clause->op++;
      clause->value = g_steal_pointer (&value);
      if (clause->op > HERALD_SANDBOX_STORE_OP_NE &&
          !g_ascii_string_to_signed (clause->value, 10, G_MININT64, G_MAXINT64, NULL, NULL))
        {
          clause_free (clause);
          return NULL;
        }
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

/* Whether a row whose member is @text (NULL: it has none) passes. */
static gboolean
clause_keeps (const Clause *clause,
              const char   *text)
{
  gint64 number;

  switch (clause->op)
    {
    case HERALD_SANDBOX_STORE_OP_EQ:
      return g_strcmp0 (text, clause->value) == 0;
    case HERALD_SANDBOX_STORE_OP_NE:
      return g_strcmp0 (text, clause->value) != 0;
    default:
      break;
    }
  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
    return FALSE;
  switch (clause->op)
    {
    case HERALD_SANDBOX_STORE_OP_LT:
      return compare_text (text, clause->value) < 0;
    case HERALD_SANDBOX_STORE_OP_LE:
      return compare_text (text, clause->value) <= 0;
    case HERALD_SANDBOX_STORE_OP_GT:
      return compare_text (text, clause->value) > 0;
    default:
      return compare_text (text, clause->value) >= 0;
    }
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
gboolean
herald_sandbox_check_query (SoupServerMessage *msg,
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
  herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
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

/* Answers a list. The store filters, sorts and pages in SQL and reads only
 * the page asked for; the gateways, a list of two built here, go through
 * the same steps in memory. */
void
herald_sandbox_respond_list (SoupServerMessage       *msg,
                             GHashTable              *query,
                             HeraldSandboxListSource *source)
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
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("The filter cannot be read. Write it as name eq 'MyDevice', several "
                                      "joined with “and”; fields: id, alternateId, name, gatewayId, deviceId, "
                                      "sensorTypeId, status, protocolId, type, capabilityId, sensorId, "
                                      "timestamp; eq and ne compare text, lt, le, gt and ge "
                                      "whole numbers such as timestamp ge 1764800000000."));
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
          herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                        _("The orderby cannot be read. Write a field name followed by asc "
                                          "or desc, such as “name desc”."));
          return;
        }
    }

  if ((skip_text != NULL && !parse_count (skip_text, &skip)) ||
      (top_text != NULL && !parse_count (top_text, &top)))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
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
              store_clauses[i].op = clause->op;
              store_clauses[i].value = clause->value;
            }
          store_query.clauses = store_clauses;
          store_query.n_clauses = clauses->len;
        }
      if (source->capability_id != NULL)
        list = herald_sandbox_store_list_capability_measures (source->store, source->capability_id,
                                                              &store_query, &error);
      else if (source->device_id != NULL)
        /* Every measure the device keeps (the store keeps its newest
         * HERALD_SANDBOX_STORE_MAX_MEASURES), paged by skip and top. */
        list = herald_sandbox_store_list_measures (source->store, source->device_id,
                                                   -1, &store_query, &error);
      else
        list = source->list (source->store, &store_query, &error);
      if (list == NULL)
        herald_sandbox_respond_store_error (msg, error);
      else
        herald_sandbox_respond_json (msg, SOUP_STATUS_OK, list);
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

          keep = clause_keeps (clause, text);
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
  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, node);
}

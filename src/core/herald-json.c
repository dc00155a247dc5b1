/* herald-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-api-error.h"
#include "herald-json-private.h"

/* json_node_copy() shares the objects and arrays it holds; the model keeps
 * its own tree, so that a caller changing its node cannot change ours. */
JsonNode *
herald_json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, herald_json_object_copy (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *new_array = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (new_array, herald_json_deep_copy (json_array_get_element (array, i)));

        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, new_array);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonObject *
herald_json_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, herald_json_deep_copy (member));

  return copy;
}

static const char *
kind_label (HeraldJsonKind kind)
{
  switch (kind)
    {
    case HERALD_JSON_STRING: return C_("JSON kind", "a text");
    case HERALD_JSON_NUMBER: return C_("JSON kind", "a number");
    case HERALD_JSON_INTEGER: return C_("JSON kind", "a whole number");
    case HERALD_JSON_BOOLEAN: return C_("JSON kind", "true or false");
    case HERALD_JSON_ARRAY: return C_("JSON kind", "a list");
    case HERALD_JSON_OBJECT: return C_("JSON kind", "an object");
    default: g_assert_not_reached ();
    }
}

static const char *
node_label (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return C_("JSON kind", "an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return C_("JSON kind", "a list");
  if (JSON_NODE_HOLDS_NULL (node))
    return C_("JSON kind", "null");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return C_("JSON kind", "a text");
    case G_TYPE_BOOLEAN: return C_("JSON kind", "true or false");
    default: return C_("JSON kind", "a number");
    }
}

static gboolean
node_is (JsonNode       *node,
         HeraldJsonKind  kind)
{
  GType type;

  switch (kind)
    {
    case HERALD_JSON_ARRAY: return JSON_NODE_HOLDS_ARRAY (node);
    case HERALD_JSON_OBJECT: return JSON_NODE_HOLDS_OBJECT (node);
    default: break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  switch (kind)
    {
    case HERALD_JSON_STRING: return type == G_TYPE_STRING;
    case HERALD_JSON_BOOLEAN: return type == G_TYPE_BOOLEAN;
    case HERALD_JSON_INTEGER: return type == G_TYPE_INT64;
    case HERALD_JSON_NUMBER: return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
    default: return FALSE;
    }
}

/* A missing member and a null one are both "not set" and pass. */
gboolean
herald_json_check_member (JsonObject      *object,
                          const char      *member,
                          HeraldJsonKind   kind,
                          const char      *what,
                          GError         **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || node_is (node, kind))
    return TRUE;

  g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
               /* Translators: e.g. The field “name” (device) is a number, not a text. */
               _("The field “%s” (%s) is %s, not %s. Check that the API URL points to an IoT Service."),
               member, what, node_label (node), kind_label (kind));
  return FALSE;
}

gboolean
herald_json_check_node (JsonNode        *node,
                        HeraldJsonKind   kind,
                        const char      *what,
                        GError         **error)
{
  if (node != NULL && node_is (node, kind))
    return TRUE;

  g_set_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
               /* Translators: e.g. The answer (device) is a list, not an object. */
               _("The answer (%s) is %s, not %s. Check that the API URL points to an IoT Service."),
               what, node ? node_label (node) : C_("JSON kind", "empty"), kind_label (kind));
  return FALSE;
}

const char *
herald_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !node_is (node, HERALD_JSON_STRING))
    return NULL;

  return json_node_get_string (node);
}

/* Returns whether the member changed; %NULL removes it. */
gboolean
herald_json_set_string (JsonObject *object,
                        const char *member,
                        const char *value)
{
  if (g_strcmp0 (herald_json_get_string (object, member), value) == 0 &&
      (value != NULL || !json_object_has_member (object, member)))
    return FALSE;

  if (value == NULL)
    json_object_remove_member (object, member);
  else
    json_object_set_string_member (object, member, value);

  return TRUE;
}

gint64
herald_json_get_int (JsonObject *object,
                     const char *member,
                     gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !node_is (node, HERALD_JSON_NUMBER))
    return fallback;

  return json_node_get_int (node);
}

gboolean
herald_json_get_boolean (JsonObject *object,
                         const char *member,
                         gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !node_is (node, HERALD_JSON_BOOLEAN))
    return fallback;

  return json_node_get_boolean (node);
}

char *
herald_json_to_string (JsonNode *node,
                       gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, NULL);
}

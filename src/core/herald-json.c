/* herald-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

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

G_DEFINE_QUARK (herald-json-error-quark, herald_json_error)

/* A single pass over the bytes that accepts exactly RFC 8259 JSON text, with
 * its nesting bounded, before json-glib sees it. json-glib 1.6 parses
 * recursively (so a deep text overflows the stack), accepts comments, a byte
 * order mark and text after the first value, cuts strings at `\u0000`, keeps
 * unpaired surrogates as invalid UTF-8, and wraps whole numbers past 64 bits
 * (99999999999999999999 becomes -1): each of these is refused here, with
 * where it is. The scan keeps no stack but a bit per level (object or array)
 * and the member name each level is in, so it costs nothing but a pass. */

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       depth;
  guint64     in_object;  /* bit d: level d + 1 is an object */
  const char *key[HERALD_JSON_MAX_DEPTH + 1];
  gsize       key_length[HERALD_JSON_MAX_DEPTH + 1];
} Scanner;

static gboolean
scan_fail (Scanner     *s,
           GError     **error,
           const char  *what)
{
  g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID,
               /* Translators: %s is what was found, e.g. “a comment”; %zu a byte offset */
               _("The JSON is malformed: %s at byte %zu."), what, s->pos);
  return FALSE;
}

static void
skip_space (Scanner *s)
{
  while (s->pos < s->length)
    {
      char c = s->data[s->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      s->pos++;
    }
}

static int
hex_value (const char *p)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* At the opening quote; leaves pos after the closing one. */
static gboolean
scan_string (Scanner     *s,
             const char **start,
             gsize       *length,
             GError     **error)
{
  s->pos++;
  *start = s->data + s->pos;

  while (s->pos < s->length)
    {
      guchar c = s->data[s->pos];

      if (c == '"')
        {
          *length = s->data + s->pos - *start;
          s->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (s, error, C_("JSON error", "a control character inside a string"));
      if (c != '\\')
        {
          s->pos++;
          continue;
        }

      if (s->pos + 1 >= s->length)
        break;
      c = s->data[s->pos + 1];
      if (c == 'u')
        {
          int unit = s->pos + 6 <= s->length ? hex_value (s->data + s->pos + 2) : -1;

          if (unit < 0)
            return scan_fail (s, error, C_("JSON error", "an invalid \\u escape"));
          if (unit == 0)
            {
              g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_CHARACTER,
                           _("The JSON holds the character \\u0000 at byte %zu, which no name "
                             "or value may contain."), s->pos);
              return FALSE;
            }
          if (unit >= 0xdc00 && unit <= 0xdfff)
            goto unpaired;
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              int low = -1;

              if (s->pos + 12 <= s->length && s->data[s->pos + 6] == '\\' && s->data[s->pos + 7] == 'u')
                low = hex_value (s->data + s->pos + 8);
              if (low < 0xdc00 || low > 0xdfff)
                goto unpaired;
              s->pos += 6;
            }
          s->pos += 6;
          continue;

        unpaired:
          g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_CHARACTER,
                       _("The JSON holds an unpaired surrogate (\\u%04X) at byte %zu, which is "
                         "not a character."), (guint) unit, s->pos);
          return FALSE;
        }
      if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return scan_fail (s, error, C_("JSON error", "an invalid escape"));
      s->pos += 2;
    }

  return scan_fail (s, error, C_("JSON error", "the end inside a string"));
}

static gboolean
scan_digits (Scanner *s)
{
  gsize start = s->pos;

  while (s->pos < s->length && g_ascii_isdigit (s->data[s->pos]))
    s->pos++;

  return s->pos > start;
}

static gboolean
scan_number (Scanner  *s,
             GError  **error)
{
  gsize start = s->pos;
  gboolean whole = TRUE;
  g_autofree char *text = NULL;
  gboolean in_range;

  if (s->data[s->pos] == '-')
    s->pos++;
  if (s->pos < s->length && s->data[s->pos] == '0')
    s->pos++;
  else if (!scan_digits (s))
    return scan_fail (s, error, C_("JSON error", "a malformed number"));
  if (s->pos < s->length && s->data[s->pos] == '.')
    {
      s->pos++;
      whole = FALSE;
      if (!scan_digits (s))
        return scan_fail (s, error, C_("JSON error", "a malformed number"));
    }
  if (s->pos < s->length && (s->data[s->pos] == 'e' || s->data[s->pos] == 'E'))
    {
      s->pos++;
      whole = FALSE;
      if (s->pos < s->length && (s->data[s->pos] == '+' || s->data[s->pos] == '-'))
        s->pos++;
      if (!scan_digits (s))
        return scan_fail (s, error, C_("JSON error", "a malformed number"));
    }

  /* A whole number of more than 20 characters (with its sign) is out of
   * range, however long. */
  if (whole && s->pos - start > 20)
    in_range = FALSE;
  else
    {
      text = g_strndup (s->data + start, s->pos - start);
      if (whole)
        in_range = g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, NULL, NULL);
      else
        in_range = isfinite (g_ascii_strtod (text, NULL));
    }

  if (!in_range)
    {
      g_autofree char *shown = g_strndup (s->data + start, MIN (s->pos - start, 24));
      g_autofree char *key = s->key[s->depth] != NULL
        ? g_utf8_make_valid (s->key[s->depth], MIN (s->key_length[s->depth], 64)) : NULL;
      const char *more = s->pos - start > 24 ? "…" : "";

      if (whole && key != NULL)
        g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_RANGE,
                     /* Translators: %s%s is a number (and “…” if it is cut), “%s” a JSON member name */
                     _("The number %s%s for “%s” is out of range: whole numbers must lie "
                       "between -9223372036854775808 and 9223372036854775807."),
                     shown, more, key);
      else if (whole)
        g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_RANGE,
                     /* Translators: %s%s is a number (and “…” if it is cut) */
                     _("The number %s%s is out of range: whole numbers must lie "
                       "between -9223372036854775808 and 9223372036854775807."),
                     shown, more);
      else if (key != NULL)
        g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_RANGE,
                     /* Translators: %s%s is a number (and “…” if it is cut), “%s” a JSON member name */
                     _("The number %s%s for “%s” is too large: numbers with a decimal point "
                       "or an exponent must lie within ±1.7976931348623157e308."),
                     shown, more, key);
      else
        g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_RANGE,
                     /* Translators: %s%s is a number (and “…” if it is cut) */
                     _("The number %s%s is too large: numbers with a decimal point "
                       "or an exponent must lie within ±1.7976931348623157e308."),
                     shown, more);
      return FALSE;
    }

  return TRUE;
}

static gboolean
scan_literal (Scanner *s)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (s->length - s->pos >= n && memcmp (s->data + s->pos, literals[i], n) == 0)
        {
          s->pos += n;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
scan_unexpected (Scanner  *s,
                 GError  **error)
{
  if (s->pos >= s->length)
    return scan_fail (s, error, C_("JSON error", "the end of the text"));
  if (s->data[s->pos] == '/')
    return scan_fail (s, error, C_("JSON error", "a comment"));

  return scan_fail (s, error, C_("JSON error", "an unexpected character"));
}

/* At the opening quote of a member name: the name, the colon, the space. */
static gboolean
scan_member_name (Scanner  *s,
                  GError  **error)
{
  if (s->pos >= s->length || s->data[s->pos] != '"')
    return scan_unexpected (s, error);
  if (!scan_string (s, &s->key[s->depth], &s->key_length[s->depth], error))
    return FALSE;
  skip_space (s);
  if (s->pos >= s->length || s->data[s->pos] != ':')
    return scan_unexpected (s, error);
  s->pos++;
  skip_space (s);

  return TRUE;
}

/**
 * herald_json_check:
 * @data: the text, not necessarily nul-terminated nor UTF-8
 * @length: its length in bytes, or -1 if nul-terminated
 * @error: a %HERALD_JSON_ERROR
 *
 * Checks that @data is exactly one JSON value (RFC 8259) that json-glib can
 * parse safely and without losing anything: nested at most
 * %HERALD_JSON_MAX_DEPTH levels, with no `\u0000` or unpaired surrogate in
 * its strings and every number in range.
 *
 * Returns: whether @data can be handed to json-glib
 */
gboolean
herald_json_check (const char  *data,
                   gssize       length,
                   GError     **error)
{
  Scanner s = { .data = data };
  const char *end;
  const char *ignored;
  gsize ignored_length;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  s.length = length < 0 ? strlen (data) : (gsize) length;
  if (!g_utf8_validate_len (data, s.length, &end))
    {
      s.pos = end - data;
      return scan_fail (&s, error, C_("JSON error", "a byte that is not UTF-8"));
    }
  if (s.length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    return scan_fail (&s, error, C_("JSON error", "a byte order mark"));

  skip_space (&s);
  for (;;)
    {
      char c;

      /* A value. */
      if (s.pos >= s.length)
        return scan_unexpected (&s, error);
      c = s.data[s.pos];
      if (c == '{' || c == '[')
        {
          if (s.depth == HERALD_JSON_MAX_DEPTH)
            {
              g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_TOO_DEEP,
                           _("The JSON is nested more than %d levels deep (at byte %zu)."),
                           HERALD_JSON_MAX_DEPTH, s.pos);
              return FALSE;
            }
          s.depth++;
          s.key[s.depth] = NULL;
          if (c == '{')
            s.in_object |= G_GUINT64_CONSTANT (1) << (s.depth - 1);
          else
            s.in_object &= ~(G_GUINT64_CONSTANT (1) << (s.depth - 1));
          s.pos++;
          skip_space (&s);
          if (s.pos < s.length && s.data[s.pos] == (c == '{' ? '}' : ']'))
            {
              s.pos++;
              s.depth--;
            }
          else
            {
              if (c == '{' && !scan_member_name (&s, error))
                return FALSE;
              continue;
            }
        }
      else if (c == '"')
        {
          if (!scan_string (&s, &ignored, &ignored_length, error))
            return FALSE;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          if (!scan_number (&s, error))
            return FALSE;
        }
      else if (!scan_literal (&s))
        return scan_unexpected (&s, error);

      /* After a value: a comma, the end of its container, or the end. */
      for (;;)
        {
          gboolean in_object;

          skip_space (&s);
          if (s.depth == 0)
            {
              if (s.pos == s.length)
                return TRUE;
              if (s.data[s.pos] == '/')
                return scan_unexpected (&s, error);
              return scan_fail (&s, error, C_("JSON error", "text after the value"));
            }

          in_object = (s.in_object >> (s.depth - 1)) & 1;
          if (s.pos < s.length && s.data[s.pos] == (in_object ? '}' : ']'))
            {
              s.pos++;
              s.depth--;
              continue;
            }
          if (s.pos < s.length && s.data[s.pos] == ',')
            {
              s.pos++;
              skip_space (&s);
              if (in_object && !scan_member_name (&s, error))
                return FALSE;
              break;
            }
          return scan_unexpected (&s, error);
        }
    }
}

/**
 * herald_json_parse:
 * @data: the text, not necessarily nul-terminated nor UTF-8
 * @length: its length in bytes, or -1 if nul-terminated
 * @error: a %HERALD_JSON_ERROR
 *
 * Parses @data after herald_json_check(): the one way JSON from outside
 * (an HTTP body, an MQTT payload, a file) is read in Herald and the sandbox.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 */
JsonNode *
herald_json_parse (const char  *data,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!herald_json_check (data, length, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID,
                   _("The JSON is malformed: %s."), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID,
                           _("The JSON is empty."));
      return NULL;
    }

  return json_node_ref (root);
}

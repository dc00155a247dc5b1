/* herald-composer-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "herald-composer-values.h"

/* The command object the composer sends, from the text of its typed
 * fields: each value checked against its property's data type by the
 * spec's rules, and written with exactly the digits typed (json-glib would
 * write 50.1 as 50.100000000000001). As strings, the way the tutorial
 * sends them in the classic flavour, or as typed JSON values.
 *
 * This is the composer's side of the typing rules; the sandbox branch's
 * HeraldCommandBuilder implements the same rules for the service. */

typedef struct
{
  char           *name;
  HeraldDataType  data_type;
  char           *literal;
} Value;

struct _HeraldComposerValues
{
  GObject   parent_instance;

  GArray   *values;
  gboolean  as_strings;
};

G_DEFINE_FINAL_TYPE (HeraldComposerValues, herald_composer_values, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-composer-values-error-quark, herald_composer_values_error)

static void
value_clear (Value *value)
{
  g_free (value->name);
  g_free (value->literal);
}

static void
herald_composer_values_finalize (GObject *object)
{
  HeraldComposerValues *self = HERALD_COMPOSER_VALUES (object);

  g_array_unref (self->values);

  G_OBJECT_CLASS (herald_composer_values_parent_class)->finalize (object);
}

static void
herald_composer_values_class_init (HeraldComposerValuesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_composer_values_finalize;
}

static void
herald_composer_values_init (HeraldComposerValues *self)
{
  self->values = g_array_new (FALSE, TRUE, sizeof (Value));
  g_array_set_clear_func (self->values, (GDestroyNotify) value_clear);
}

/**
 * herald_composer_values_new:
 * @as_strings: write every value as a JSON string (the classic flavour)
 */
HeraldComposerValues *
herald_composer_values_new (gboolean as_strings)
{
  HeraldComposerValues *self = g_object_new (HERALD_TYPE_COMPOSER_VALUES, NULL);

  self->as_strings = !!as_strings;
  return self;
}

static gboolean
is_integer_literal (const char *text,
                    gint64      min,
                    gint64      max)
{
  char *end = NULL;
  gint64 value;

  if (*text == '\0' || g_ascii_isspace (*text) || *text == '+')
    return FALSE;

  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  return errno == 0 && *end == '\0' && value >= min && value <= max;
}

/* A JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
is_number_literal (const char *p)
{
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

static gboolean
is_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize padding = 0;

  if (length % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < length - 2)
            return FALSE;
          padding++;
        }
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_date (const char *text)
{
  g_autoptr(GDateTime) date = NULL;

  if (is_integer_literal (text, 0, G_MAXINT64))
    return TRUE;
  date = g_date_time_new_from_iso8601 (text, NULL);
  return date != NULL;
}

/**
 * herald_composer_values_add:
 * @literal: the value as typed
 *
 * Checks @literal against @data_type and adds it.
 *
 * Returns: %FALSE with a %HERALD_COMPOSER_VALUES_ERROR_INVALID_VALUE error
 *   naming the property and what it accepts
 */
gboolean
herald_composer_values_add (HeraldComposerValues  *self,
                            const char            *name,
                            HeraldDataType         data_type,
                            const char            *literal,
                            GError               **error)
{
  Value value = { 0 };
  gboolean ok;
  const char *hint;

  g_return_val_if_fail (HERALD_IS_COMPOSER_VALUES (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (literal != NULL, FALSE);

  switch (data_type)
    {
    case HERALD_DATA_TYPE_INTEGER:
      ok = is_integer_literal (literal, G_MININT32, G_MAXINT32);
      hint = _("a whole number between -2147483648 and 2147483647");
      break;
    case HERALD_DATA_TYPE_LONG:
      ok = is_integer_literal (literal, G_MININT64, G_MAXINT64);
      hint = _("a whole number");
      break;
    case HERALD_DATA_TYPE_FLOAT:
    case HERALD_DATA_TYPE_DOUBLE:
      ok = is_number_literal (literal);
      hint = _("a number such as 50.0");
      break;
    case HERALD_DATA_TYPE_BOOLEAN:
      ok = g_str_equal (literal, "true") || g_str_equal (literal, "false");
      hint = _("true or false");
      break;
    case HERALD_DATA_TYPE_DATE:
      ok = is_date (literal);
      hint = _("an ISO 8601 date and time such as 2026-11-25T12:00:00Z, or epoch milliseconds");
      break;
    case HERALD_DATA_TYPE_BINARY:
      ok = is_base64 (literal);
      hint = _("base64 text");
      break;
    case HERALD_DATA_TYPE_STRING:
      ok = TRUE;
      hint = NULL;
      break;
    case HERALD_DATA_TYPE_INVALID:
    default:
      ok = FALSE;
      hint = _("a value of a known data type");
      break;
    }

  if (!ok)
    {
      g_set_error (error, HERALD_COMPOSER_VALUES_ERROR, HERALD_COMPOSER_VALUES_ERROR_INVALID_VALUE,
                   /* Translators: a property name, then what it accepts */
                   _("“%s” needs %s."), name, hint);
      return FALSE;
    }

  value.name = g_strdup (name);
  value.data_type = data_type;
  value.literal = g_strdup (literal);
  g_array_append_val (self->values, value);

  return TRUE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

/**
 * herald_composer_values_to_json:
 *
 * Returns: (transfer full): the command object, keys in the order added
 */
char *
herald_composer_values_to_json (HeraldComposerValues *self)
{
  GString *out;

  g_return_val_if_fail (HERALD_IS_COMPOSER_VALUES (self), NULL);

  out = g_string_new ("{");
  for (guint i = 0; i < self->values->len; i++)
    {
      const Value *value = &g_array_index (self->values, Value, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, value->name);
      g_string_append_c (out, ':');

      if (!self->as_strings &&
          (herald_data_type_is_numeric (value->data_type) || value->data_type == HERALD_DATA_TYPE_BOOLEAN))
        g_string_append (out, value->literal);
      else
        append_json_string (out, value->literal);
    }
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

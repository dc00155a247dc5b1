/* herald-reading.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "herald-json-private.h"
#include "herald-reading.h"

/* One value of a command as the device received it, read the way its
 * capability's property types it: "true" of a boolean property is a switch
 * that is on, 50.0 of a float property a number, whatever the JSON type the
 * service chose to send it as (the classic API delivers booleans as the
 * strings "true" and "false"). A value that does not fit its type is kept as
 * the text that arrived, with a problem saying so. Without a property (a
 * capability Herald does not know), the JSON type decides.
 */

struct _HeraldReading
{
  GObject            parent_instance;

  char              *name;
  HeraldDataType     data_type;
  char              *unit;
  HeraldReadingKind  kind;
  gboolean           active;
  double             number;
  char              *text;
  char              *problem;
  gboolean           changed;
};

G_DEFINE_ENUM_TYPE (HeraldReadingKind, herald_reading_kind,
  G_DEFINE_ENUM_VALUE (HERALD_READING_KIND_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (HERALD_READING_KIND_SWITCH, "switch"),
  G_DEFINE_ENUM_VALUE (HERALD_READING_KIND_NUMBER, "number"))

G_DEFINE_FINAL_TYPE (HeraldReading, herald_reading, G_TYPE_OBJECT)

static void
herald_reading_finalize (GObject *object)
{
  HeraldReading *self = HERALD_READING (object);

  g_free (self->name);
  g_free (self->unit);
  g_free (self->text);
  g_free (self->problem);

  G_OBJECT_CLASS (herald_reading_parent_class)->finalize (object);
}

static void
herald_reading_class_init (HeraldReadingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_reading_finalize;
}

static void
herald_reading_init (HeraldReading *self)
{
}

/* A float as a person reads it: the shortest form that keeps the value
 * (to 15 digits), with a decimal point even when whole ("50.0"). */
static char *
format_float (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (isfinite (value) && strpbrk (buffer, ".e") == NULL)
    return g_strconcat (buffer, ".0", NULL);

  return g_strdup (buffer);
}

/* The number a JSON value stands for: a JSON number, or a string holding
 * one and nothing else. */
static gboolean
read_number (JsonNode *value,
             double   *number)
{
  const char *text;
  char *end = NULL;

  if (JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          *number = json_node_get_double (value);
          return TRUE;
        }
      if (type != G_TYPE_STRING)
        return FALSE;
    }
  else
    return FALSE;

  text = json_node_get_string (value);
  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *number = g_ascii_strtod (text, &end);

  return end != NULL && *end == '\0' && isfinite (*number);
}

static gboolean
read_boolean (JsonNode *value,
              gboolean *active)
{
  if (!JSON_NODE_HOLDS_VALUE (value))
    return FALSE;

  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    {
      *active = json_node_get_boolean (value);
      return TRUE;
    }
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "false") == 0)
        {
          *active = text[0] == 't';
          return TRUE;
        }
    }

  return FALSE;
}

/* What arrived, as text: a string as it is, anything else as its JSON. */
static char *
value_as_text (JsonNode *value)
{
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));

  return herald_json_to_string (value, FALSE);
}

static gboolean
holds_string (JsonNode *value)
{
  return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING;
}

static void
read_untyped (HeraldReading *self,
              JsonNode      *value)
{
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    {
      self->kind = HERALD_READING_KIND_SWITCH;
      self->active = json_node_get_boolean (value);
      self->text = g_strdup (self->active ? "true" : "false");
    }
  else if (!holds_string (value) && read_number (value, &self->number))
    {
      self->kind = HERALD_READING_KIND_NUMBER;
      if (json_node_get_value_type (value) == G_TYPE_INT64)
        self->text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      else
        self->text = format_float (self->number);
    }
  else
    self->text = value_as_text (value);
}

static void
read_typed (HeraldReading *self,
            JsonNode      *value)
{
  switch (self->data_type)
    {
    case HERALD_DATA_TYPE_BOOLEAN:
      if (read_boolean (value, &self->active))
        {
          self->kind = HERALD_READING_KIND_SWITCH;
          self->text = g_strdup (self->active ? "true" : "false");
          return;
        }
      break;

    case HERALD_DATA_TYPE_INTEGER:
    case HERALD_DATA_TYPE_LONG:
      if (read_number (value, &self->number) && self->number == floor (self->number) &&
          fabs (self->number) < 9007199254740992.0)
        {
          self->kind = HERALD_READING_KIND_NUMBER;
          self->text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) self->number);
          return;
        }
      break;

    case HERALD_DATA_TYPE_FLOAT:
    case HERALD_DATA_TYPE_DOUBLE:
      if (read_number (value, &self->number))
        {
          self->kind = HERALD_READING_KIND_NUMBER;
          self->text = format_float (self->number);
          return;
        }
      break;

    case HERALD_DATA_TYPE_STRING:
    case HERALD_DATA_TYPE_BINARY:
    case HERALD_DATA_TYPE_DATE:
      if (holds_string (value))
        {
          self->text = value_as_text (value);
          return;
        }
      break;

    case HERALD_DATA_TYPE_INVALID:
    default:
      read_untyped (self, value);
      return;
    }

  self->kind = HERALD_READING_KIND_TEXT;
  self->text = value_as_text (value);
  /* Translators: the second %s is a data type such as "Float" */
  self->problem = g_strdup_printf (_("“%s” arrived as %s, which is not a valid %s value."),
                                   self->name, self->text, herald_data_type_get_label (self->data_type));
}

/**
 * herald_reading_new:
 * @name: the property's name
 * @data_type: its type, %HERALD_DATA_TYPE_INVALID when not known
 * @unit: (nullable): its unit of measure
 * @value: the value that arrived
 *
 * Returns: (transfer full): the value read as @data_type says
 */
HeraldReading *
herald_reading_new (const char     *name,
                    HeraldDataType  data_type,
                    const char     *unit,
                    JsonNode       *value)
{
  HeraldReading *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  self = g_object_new (HERALD_TYPE_READING, NULL);
  self->name = g_strdup (name);
  self->data_type = data_type;
  self->unit = unit != NULL && *unit != '\0' ? g_strdup (unit) : NULL;
  read_typed (self, value);

  return self;
}

const char *
herald_reading_get_name (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), NULL);

  return self->name;
}

HeraldDataType
herald_reading_get_data_type (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), HERALD_DATA_TYPE_INVALID);

  return self->data_type;
}

const char *
herald_reading_get_unit (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), NULL);

  return self->unit;
}

HeraldReadingKind
herald_reading_get_kind (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), HERALD_READING_KIND_TEXT);

  return self->kind;
}

/**
 * herald_reading_get_active:
 *
 * Returns: whether a switch is on (%FALSE for other kinds)
 */
gboolean
herald_reading_get_active (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), FALSE);

  return self->active;
}

double
herald_reading_get_number (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), 0.0);

  return self->number;
}

/**
 * herald_reading_get_text:
 *
 * Returns: the value as text: "true"/"false", the number as its property
 *   types it ("50.0" for a float, "7" for an integer), a string as it came
 */
const char *
herald_reading_get_text (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), NULL);

  return self->text;
}

/**
 * herald_reading_get_problem:
 *
 * Returns: (nullable): why the value does not fit its property's type
 */
const char *
herald_reading_get_problem (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), NULL);

  return self->problem;
}

/**
 * herald_reading_get_changed:
 *
 * Returns: whether the value differs from the same property's value in the
 *   command before (set by #HeraldDeviceState)
 */
gboolean
herald_reading_get_changed (HeraldReading *self)
{
  g_return_val_if_fail (HERALD_IS_READING (self), FALSE);

  return self->changed;
}

void
herald_reading_set_changed (HeraldReading *self,
                            gboolean       changed)
{
  g_return_if_fail (HERALD_IS_READING (self));

  self->changed = !!changed;
}

/* herald-data-type.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-data-type.h"

G_DEFINE_ENUM_TYPE (HeraldDataType, herald_data_type,
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_INVALID, "invalid"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_INTEGER, "integer"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_LONG, "long"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_FLOAT, "float"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_DOUBLE, "double"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_BOOLEAN, "boolean"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_STRING, "string"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_BINARY, "binary"),
  G_DEFINE_ENUM_VALUE (HERALD_DATA_TYPE_DATE, "date"))

/* The names are the service's wire names (`dataType` in JSON), matched
 * exactly: the service answers 400 to "Float" or "int". */
static const char * const names[] = {
  [HERALD_DATA_TYPE_INVALID] = NULL,
  [HERALD_DATA_TYPE_INTEGER] = "integer",
  [HERALD_DATA_TYPE_LONG] = "long",
  [HERALD_DATA_TYPE_FLOAT] = "float",
  [HERALD_DATA_TYPE_DOUBLE] = "double",
  [HERALD_DATA_TYPE_BOOLEAN] = "boolean",
  [HERALD_DATA_TYPE_STRING] = "string",
  [HERALD_DATA_TYPE_BINARY] = "binary",
  [HERALD_DATA_TYPE_DATE] = "date",
};

HeraldDataType
herald_data_type_from_string (const char *name)
{
  if (name == NULL)
    return HERALD_DATA_TYPE_INVALID;

  for (guint i = HERALD_DATA_TYPE_INTEGER; i < G_N_ELEMENTS (names); i++)
    {
      if (strcmp (names[i], name) == 0)
        return i;
    }

  return HERALD_DATA_TYPE_INVALID;
}

/* Returns the wire name, or %NULL for %HERALD_DATA_TYPE_INVALID. */
const char *
herald_data_type_to_string (HeraldDataType data_type)
{
  if ((guint) data_type >= G_N_ELEMENTS (names))
    return NULL;

  return names[data_type];
}

/* Returns a translated name for the user interface. */
const char *
herald_data_type_get_label (HeraldDataType data_type)
{
  switch (data_type)
    {
    case HERALD_DATA_TYPE_INTEGER: return C_("data type", "Integer");
    case HERALD_DATA_TYPE_LONG: return C_("data type", "Long");
    case HERALD_DATA_TYPE_FLOAT: return C_("data type", "Float");
    case HERALD_DATA_TYPE_DOUBLE: return C_("data type", "Double");
    case HERALD_DATA_TYPE_BOOLEAN: return C_("data type", "Boolean");
    case HERALD_DATA_TYPE_STRING: return C_("data type", "String");
    case HERALD_DATA_TYPE_BINARY: return C_("data type", "Binary");
    case HERALD_DATA_TYPE_DATE: return C_("data type", "Date");
    case HERALD_DATA_TYPE_INVALID:
    default:
      return C_("data type", "Unknown");
    }
}

gboolean
herald_data_type_is_numeric (HeraldDataType data_type)
{
  return data_type == HERALD_DATA_TYPE_INTEGER ||
         data_type == HERALD_DATA_TYPE_LONG ||
         data_type == HERALD_DATA_TYPE_FLOAT ||
         data_type == HERALD_DATA_TYPE_DOUBLE;
}

gboolean
herald_data_type_is_integral (HeraldDataType data_type)
{
  return data_type == HERALD_DATA_TYPE_INTEGER ||
         data_type == HERALD_DATA_TYPE_LONG;
}

/* herald-command-builder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <float.h>
#include <string.h>

#include "herald-command-builder.h"

typedef struct
{
  char           *name;
  HeraldDataType  data_type;
  /* For numbers: a JSON number literal; for booleans: true or false; else
   * the text itself. */
  char           *text;
  /* Whether the value came as a JSON string (always, from add_value). */
  gboolean        sent_as_string;
} Entry;

struct _HeraldCommandBuilder
{
  GObject              parent_instance;

  HeraldCommandFlavor  flavor;
  GPtrArray           *entries;
};

G_DEFINE_FINAL_TYPE (HeraldCommandBuilder, herald_command_builder, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-command-error-quark, herald_command_error)

G_DEFINE_ENUM_TYPE (HeraldCommandFlavor, herald_command_flavor,
  G_DEFINE_ENUM_VALUE (HERALD_COMMAND_FLAVOR_CLASSIC, "classic"),
  G_DEFINE_ENUM_VALUE (HERALD_COMMAND_FLAVOR_TENANT, "tenant"))

enum {
  PROP_0,
  PROP_FLAVOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->text);
  g_free (entry);
}

static void
herald_command_builder_finalize (GObject *object)
{
  HeraldCommandBuilder *self = (HeraldCommandBuilder *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_command_builder_parent_class)->finalize (object);
}

static void
herald_command_builder_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HeraldCommandBuilder *self = HERALD_COMMAND_BUILDER (object);

  switch (prop_id)
    {
    case PROP_FLAVOR:
      g_value_set_enum (value, self->flavor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_command_builder_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HeraldCommandBuilder *self = HERALD_COMMAND_BUILDER (object);

  switch (prop_id)
    {
    case PROP_FLAVOR:
      herald_command_builder_set_flavor (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_command_builder_class_init (HeraldCommandBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_command_builder_finalize;
  object_class->get_property = herald_command_builder_get_property;
  object_class->set_property = herald_command_builder_set_property;

  properties[PROP_FLAVOR] =
    g_param_spec_enum ("flavor", NULL, NULL,
                       HERALD_TYPE_COMMAND_FLAVOR,
                       HERALD_COMMAND_FLAVOR_CLASSIC,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_command_builder_init (HeraldCommandBuilder *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
}

HeraldCommandBuilder *
herald_command_builder_new (HeraldCommandFlavor flavor)
{
  return g_object_new (HERALD_TYPE_COMMAND_BUILDER, "flavor", flavor, NULL);
}

HeraldCommandFlavor
herald_command_builder_get_flavor (HeraldCommandBuilder *self)
{
  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (self), HERALD_COMMAND_FLAVOR_CLASSIC);

  return self->flavor;
}

void
herald_command_builder_set_flavor (HeraldCommandBuilder *self,
                                   HeraldCommandFlavor   flavor)
{
  g_return_if_fail (HERALD_IS_COMMAND_BUILDER (self));

  if (self->flavor == flavor)
    return;
  self->flavor = flavor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAVOR]);
}

guint
herald_command_builder_get_n_values (HeraldCommandBuilder *self)
{
  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (self), 0);

  return self->entries->len;
}

void
herald_command_builder_clear (HeraldCommandBuilder *self)
{
  g_return_if_fail (HERALD_IS_COMMAND_BUILDER (self));

  g_ptr_array_set_size (self->entries, 0);
}

/* Values in messages are cut short: a 1 MiB value makes no useful message. */
static char *
shorten (const char *text)
{
  const char *end;

  if (g_utf8_strlen (text, 41) <= 40)
    return g_strdup (text);
  end = g_utf8_offset_to_pointer (text, 40);
  return g_strdup_printf ("%.*s…", (int) (end - text), text);
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
is_json_number (const char *p,
                gboolean   *is_integer)
{
  gboolean integer = TRUE;

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
      integer = FALSE;
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      integer = FALSE;
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (is_integer != NULL)
    *is_integer = integer;
  return *p == '\0';
}

static gboolean
is_base64 (const char *p)
{
  gsize length = 0;
  guint padding = 0;

  for (; *p != '\0'; p++, length++)
    {
      if (*p == '=')
        {
          padding++;
          if (padding > 2)
            return FALSE;
        }
      else if (padding > 0 ||
               !(g_ascii_isalnum (*p) || *p == '+' || *p == '/'))
        return FALSE;
    }
  return length % 4 == 0;
}

static gboolean
parse_integer (const char *text,
               gint64      min,
               gint64      max)
{
  gboolean integer;
  gint64 value;
  char *end = NULL;

  if (!is_json_number (text, &integer) || !integer)
    return FALSE;
  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  return errno == 0 && end != NULL && *end == '\0' && value >= min && value <= max;
}

static gboolean
invalid (GError     **error,
         const char  *name,
         const char  *text,
         HeraldDataType data_type)
{
  g_autofree char *shown = shorten (text);

  switch (data_type)
    {
    case HERALD_DATA_TYPE_INTEGER:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The value of “%s” must be a whole number from %s to %s, without a "
                     "decimal point; “%s” is not one."),
                   name, "-2147483648", "2147483647", shown);
      break;
    case HERALD_DATA_TYPE_LONG:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The value of “%s” must be a whole number from %s to %s, without a "
                     "decimal point; “%s” is not one."),
                   name, "-9223372036854775808", "9223372036854775807", shown);
      break;
    case HERALD_DATA_TYPE_FLOAT:
    case HERALD_DATA_TYPE_DOUBLE:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The value of “%s” must be a number such as 50.0 or -1.5e3, written "
                     "with a decimal point; “%s” is not one."),
                   name, shown);
      break;
    case HERALD_DATA_TYPE_BOOLEAN:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The value of “%s” must be true or false; “%s” is neither."),
                   name, shown);
      break;
    case HERALD_DATA_TYPE_STRING:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The value of “%s” must be text in quotes; “%s” is not."),
                   name, shown);
      break;
    case HERALD_DATA_TYPE_BINARY:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The value of “%s” must be base64 text such as SGVsbG8=; “%s” is not."),
                   name, shown);
      break;
    case HERALD_DATA_TYPE_DATE:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The value of “%s” must be a date and time such as "
                     "2026-05-08T09:30:00Z, or milliseconds since 1970; “%s” is neither."),
                   name, shown);
      break;
    case HERALD_DATA_TYPE_INVALID:
    default:
      g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE,
                   _("The property “%s” has a data type Herald does not know. "
                     "Check the capability’s definition."),
                   name);
      break;
    }
  return FALSE;
}

static gboolean
text_is_valid (HeraldDataType  data_type,
               const char     *text)
{
  gboolean integer;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  switch (data_type)
    {
    case HERALD_DATA_TYPE_INTEGER:
      return parse_integer (text, G_MININT32, G_MAXINT32);
    case HERALD_DATA_TYPE_LONG:
      return parse_integer (text, G_MININT64, G_MAXINT64);
    case HERALD_DATA_TYPE_FLOAT:
    case HERALD_DATA_TYPE_DOUBLE:
      {
        double value;

        if (!is_json_number (text, &integer))
          return FALSE;
        /* Digits without a point or an exponent are a whole number to
         * every JSON reader: past 64 bits, Herald's and the sandbox's
         * strict parse refuses it (json-glib would wrap it). */
        if (integer && !parse_integer (text, G_MININT64, G_MAXINT64))
          return FALSE;
        errno = 0;
        value = g_ascii_strtod (text, NULL);
        if (errno == ERANGE && isinf (value))
          return FALSE;
        if (data_type == HERALD_DATA_TYPE_FLOAT && fabs (value) > FLT_MAX)
          return FALSE;
        return isfinite (value);
      }
    case HERALD_DATA_TYPE_BOOLEAN:
      return strcmp (text, "true") == 0 || strcmp (text, "false") == 0;
    case HERALD_DATA_TYPE_STRING:
      return TRUE;
    case HERALD_DATA_TYPE_BINARY:
      return is_base64 (text);
    case HERALD_DATA_TYPE_DATE:
      {
        g_autoptr(GTimeZone) utc = NULL;
        g_autoptr(GDateTime) date = NULL;

        if (parse_integer (text, G_MININT64, G_MAXINT64))
          return TRUE;
        utc = g_time_zone_new_utc ();
        date = g_date_time_new_from_iso8601 (text, utc);
        return date != NULL;
      }
    case HERALD_DATA_TYPE_INVALID:
    default:
      return FALSE;
    }
}

/**
 * herald_command_builder_validate_value:
 * @name: the property's name, for the message
 * @data_type: the property's data type
 * @text: the value as the user typed it
 *
 * Checks that @text can be read as @data_type by the spec's rules:
 * integer and long an integer literal in range (not "50.0"), float and
 * double a JSON number literal, boolean true or false, date ISO 8601 or
 * epoch milliseconds, binary base64, string anything.
 *
 * Returns: %TRUE if valid; otherwise sets a %HERALD_COMMAND_ERROR that
 *   names the property and says what to type
 */
gboolean
herald_command_builder_validate_value (const char      *name,
                                       HeraldDataType   data_type,
                                       const char      *text,
                                       GError         **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!text_is_valid (data_type, text))
    return invalid (error, name, text, data_type);
  return TRUE;
}

static gboolean
check_new_name (HeraldCommandBuilder  *self,
                const char            *name,
                GError               **error)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (strcmp (entry->name, name) == 0)
        {
          g_set_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_DUPLICATE_PROPERTY,
                       _("The property “%s” has two values. Give each property one value."),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
append_entry (HeraldCommandBuilder *self,
              const char           *name,
              HeraldDataType        data_type,
              char                 *text,
              gboolean              sent_as_string)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->name = g_strdup (name);
  entry->data_type = data_type;
  entry->text = text;
  entry->sent_as_string = sent_as_string;
  g_ptr_array_add (self->entries, entry);
}

/**
 * herald_command_builder_add_value:
 * @name: the property's name
 * @data_type: the property's data type
 * @text: the value as the user typed it
 *
 * Validates @text (see herald_command_builder_validate_value()) and adds
 * it to the command, after the values added before.
 */
gboolean
herald_command_builder_add_value (HeraldCommandBuilder  *self,
                                  const char            *name,
                                  HeraldDataType         data_type,
                                  const char            *text,
                                  GError               **error)
{
  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!check_new_name (self, name, error) ||
      !herald_command_builder_validate_value (name, data_type, text, error))
    return FALSE;

  append_entry (self, name, data_type, g_strdup (text), TRUE);
  return TRUE;
}

/* The shortest text that reads back as @value, with a decimal point. */
static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  double magnitude = fabs (value);

  /* g_ascii_dtostr () writes 17 digits (50.100000000000001): take the
   * fewest digits that read back as the same double, in plain decimals
   * where that is readable, else with an exponent. */
  if (magnitude == 0.0 || (magnitude >= 1e-5 && magnitude < 1e16))
    {
      for (int decimals = 1; decimals <= 24; decimals++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%df", decimals);
          g_ascii_formatd (buffer, sizeof buffer, format, value);
          if (g_ascii_strtod (buffer, NULL) == value)
            return g_strdup (buffer);
        }
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  if (strpbrk (buffer, ".eE") == NULL)
    return g_strconcat (buffer, ".0", NULL);
  return g_strdup (buffer);
}

/**
 * herald_command_builder_add_json_value:
 * @value: the value as received in a command request
 *
 * Adds a value received as JSON (the sandbox's side): a string is read as
 * herald_command_builder_add_value() reads text; a number, a boolean must
 * suit @data_type.
 */
gboolean
herald_command_builder_add_json_value (HeraldCommandBuilder  *self,
                                       const char            *name,
                                       HeraldDataType         data_type,
                                       JsonNode              *value,
                                       GError               **error)
{
  GType value_type;

  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!check_new_name (self, name, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (value))
    return invalid (error, name, JSON_NODE_HOLDS_NULL (value) ? "null" : "{…}", data_type);

  value_type = json_node_get_value_type (value);

  if (value_type == G_TYPE_STRING)
    return herald_command_builder_add_value (self, name, data_type,
                                             json_node_get_string (value), error);

  if (value_type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (value);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);

      switch (data_type)
        {
        case HERALD_DATA_TYPE_INTEGER:
          if (number < G_MININT32 || number > G_MAXINT32)
            return invalid (error, name, text, data_type);
          break;
        case HERALD_DATA_TYPE_LONG:
        case HERALD_DATA_TYPE_DATE:
          break;
        case HERALD_DATA_TYPE_FLOAT:
        case HERALD_DATA_TYPE_DOUBLE:
          g_free (text);
          text = format_double ((double) number);
          break;
        case HERALD_DATA_TYPE_INVALID:
        case HERALD_DATA_TYPE_BOOLEAN:
        case HERALD_DATA_TYPE_STRING:
        case HERALD_DATA_TYPE_BINARY:
        default:
          return invalid (error, name, text, data_type);
        }
      append_entry (self, name, data_type, g_steal_pointer (&text), FALSE);
      return TRUE;
    }

  if (value_type == G_TYPE_DOUBLE)
    {
      double number = json_node_get_double (value);
      g_autofree char *text = format_double (number);

      if ((data_type != HERALD_DATA_TYPE_FLOAT && data_type != HERALD_DATA_TYPE_DOUBLE) ||
          !isfinite (number) ||
          (data_type == HERALD_DATA_TYPE_FLOAT && fabs (number) > FLT_MAX))
        return invalid (error, name, text, data_type);
      append_entry (self, name, data_type, g_steal_pointer (&text), FALSE);
      return TRUE;
    }

  if (value_type == G_TYPE_BOOLEAN)
    {
      const char *text = json_node_get_boolean (value) ? "true" : "false";

      if (data_type != HERALD_DATA_TYPE_BOOLEAN)
        return invalid (error, name, text, data_type);
      append_entry (self, name, data_type, g_strdup (text), FALSE);
      return TRUE;
    }

  return invalid (error, name, "?", data_type);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* The typed form: numbers and booleans bare, the rest in quotes. */
static void
append_typed (GString     *out,
              const Entry *entry,
              gboolean     keep_digits)
{
  switch (entry->data_type)
    {
    case HERALD_DATA_TYPE_INTEGER:
    case HERALD_DATA_TYPE_LONG:
      if (keep_digits)
        g_string_append (out, entry->text);
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, g_ascii_strtoll (entry->text, NULL, 10));
      break;
    case HERALD_DATA_TYPE_FLOAT:
    case HERALD_DATA_TYPE_DOUBLE:
      if (keep_digits)
        g_string_append (out, entry->text);
      else
        {
          g_autofree char *text = format_double (g_ascii_strtod (entry->text, NULL));
          g_string_append (out, text);
        }
      break;
    case HERALD_DATA_TYPE_BOOLEAN:
      g_string_append (out, entry->text);
      break;
    case HERALD_DATA_TYPE_DATE:
      /* A request typed by hand sends epoch milliseconds as a number; a
       * delivery passes the value on as it came. */
      if (entry->sent_as_string &&
          (!keep_digits || !parse_integer (entry->text, G_MININT64, G_MAXINT64)))
        append_json_string (out, entry->text);
      else
        g_string_append (out, entry->text);
      break;
    case HERALD_DATA_TYPE_STRING:
    case HERALD_DATA_TYPE_BINARY:
    case HERALD_DATA_TYPE_INVALID:
    default:
      append_json_string (out, entry->text);
      break;
    }
}

static void
append_command (HeraldCommandBuilder *self,
                GString              *out,
                gboolean              payload)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, entry->name);
      g_string_append_c (out, ':');

      if (self->flavor == HERALD_COMMAND_FLAVOR_TENANT)
        {
          /* The request keeps the typed digits; delivery writes the
           * shortest form that reads back the same. */
          append_typed (out, entry, !payload);
        }
      else if (!payload)
        {
          /* Classic requests send every value as a string. */
          append_json_string (out, entry->text);
        }
      else if (herald_data_type_is_numeric (entry->data_type))
        {
          /* Delivered as a number with the digits the sender sent. */
          g_string_append (out, entry->text);
        }
      else if (entry->sent_as_string)
        append_json_string (out, entry->text);
      else
        g_string_append (out, entry->text);
    }
  g_string_append_c (out, '}');
}

/**
 * herald_command_builder_to_command_json:
 *
 * Returns: (transfer full): the `command` object of a request, values in
 *   the order they were added: strings in the classic flavour, typed JSON
 *   in the tenant flavour
 */
char *
herald_command_builder_to_command_json (HeraldCommandBuilder *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (self), NULL);

  append_command (self, out, FALSE);
  return g_string_free (out, FALSE);
}

/**
 * herald_command_builder_to_request_body:
 * @sensor_id: the sensor's (internal) id
 * @capability_id: the capability's (internal) id
 *
 * Returns: (transfer full): the body of `POST /devices/{id}/commands`
 */
char *
herald_command_builder_to_request_body (HeraldCommandBuilder *self,
                                        const char           *sensor_id,
                                        const char           *capability_id)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (self), NULL);
  g_return_val_if_fail (sensor_id != NULL, NULL);
  g_return_val_if_fail (capability_id != NULL, NULL);

  g_string_append (out, "{\"sensorId\":");
  append_json_string (out, sensor_id);
  g_string_append (out, ",\"capabilityId\":");
  append_json_string (out, capability_id);
  g_string_append (out, ",\"command\":");
  append_command (self, out, FALSE);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/**
 * herald_command_builder_to_payload:
 * @sensor_alternate_id: the sensor's alternate id
 * @capability_alternate_id: the capability's alternate id
 *
 * Returns: (transfer full): the bytes the service publishes on
 *   `commands/<device alternate id>`, keys in the spec's order
 */
char *
herald_command_builder_to_payload (HeraldCommandBuilder *self,
                                   const char           *sensor_alternate_id,
                                   const char           *capability_alternate_id)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (self), NULL);
  g_return_val_if_fail (sensor_alternate_id != NULL, NULL);
  g_return_val_if_fail (capability_alternate_id != NULL, NULL);

  g_string_append (out, "{\"sensorAlternateId\":");
  append_json_string (out, sensor_alternate_id);
  g_string_append (out, ",\"capabilityAlternateId\":");
  append_json_string (out, capability_alternate_id);
  g_string_append (out, ",\"command\":");
  append_command (self, out, TRUE);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

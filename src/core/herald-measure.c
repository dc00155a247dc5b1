/* herald-measure.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-json-private.h"
#include "herald-measure.h"

/* One row of measures a device sent: its sensor and capability, when it
 * was measured, the measures message it came in (measureMessageId, which
 * the gateway's acknowledgement names), and its values typed by the
 * capability's properties (HeraldReading: a switch, a number with its
 * unit, text; a value that does not fit its type is kept with a problem).
 *
 * The service takes a row in two forms, and so does this model:
 *
 *   "measures": [[21.5, 40]]                 the array form: the values in
 *                                            the order of the properties
 *   "measures": [{"temperature": 21.5, …}]   the object form: by name
 *
 * A measures message (MQTT, measures/<device>) names the sensor and the
 * capability by their alternate ids; a stored measure (the API's
 * /devices/{id}/measures) by their ids, with its rows as they were sent
 * ("measures") or as one object ("measure"). Timestamps are milliseconds
 * since the epoch, or ISO 8601 text. Values of the array form without a
 * capability, or past its properties, are named by their position ("1",
 * "2", …) and typed by their JSON type.
 */

struct _HeraldMeasure
{
  GObject    parent_instance;

  char      *sensor;
  char      *capability;
  gint64     timestamp;     /* ms since the epoch, -1 unknown */
  char      *message_id;
  GPtrArray *values;        /* of HeraldReading */
};

G_DEFINE_FINAL_TYPE (HeraldMeasure, herald_measure, G_TYPE_OBJECT)

static void
herald_measure_finalize (GObject *object)
{
  HeraldMeasure *self = HERALD_MEASURE (object);

  g_free (self->sensor);
  g_free (self->capability);
  g_free (self->message_id);
  g_ptr_array_unref (self->values);

  G_OBJECT_CLASS (herald_measure_parent_class)->finalize (object);
}

static void
herald_measure_class_init (HeraldMeasureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_measure_finalize;
}

static void
herald_measure_init (HeraldMeasure *self)
{
  self->values = g_ptr_array_new_with_free_func (g_object_unref);
  self->timestamp = -1;
}

static HeraldReading *
read_value (HeraldCapability *capability,
            HeraldProperty   *property,
            const char       *name,
            JsonNode         *value)
{
  if (property == NULL && capability != NULL && name != NULL)
    property = herald_capability_find_property (capability, name);

  if (property != NULL)
    return herald_reading_new (herald_property_get_name (property),
                               herald_property_get_data_type (property),
                               herald_property_get_unit_of_measure (property), value);

  return herald_reading_new (name, HERALD_DATA_TYPE_INVALID, NULL, value);
}

/* A timestamp member: milliseconds since the epoch, or ISO 8601 text;
 * -1 for none or one that cannot be read. */
static gint64
read_timestamp (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "timestamp");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      {
        double ms = json_node_get_double (node);

        /* A number past 64 bits (1e300) is no time, and C leaves its
         * conversion undefined. */
        return ms > -9.2e18 && ms < 9.2e18 ? (gint64) ms : -1;
      }
    case G_TYPE_STRING:
      {
        g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

        return when != NULL ? g_date_time_to_unix (when) * 1000 + g_date_time_get_microsecond (when) / 1000 : -1;
      }
    default:
      return -1;
    }
}

static HeraldMeasure *
measure_new (JsonObject *object,
             const char *sensor_member,
             const char *capability_member)
{
  HeraldMeasure *self = g_object_new (HERALD_TYPE_MEASURE, NULL);

  self->sensor = g_strdup (herald_json_get_string (object, sensor_member));
  self->capability = g_strdup (herald_json_get_string (object, capability_member));
  self->timestamp = read_timestamp (object);
  self->message_id = g_strdup (herald_json_get_string (object, "measureMessageId"));
  return self;
}

/* A row, in either form, as the values of @self. */
static gboolean
read_row (HeraldMeasure    *self,
          JsonNode         *row,
          HeraldCapability *capability,
          GError          **error)
{
  if (JSON_NODE_HOLDS_ARRAY (row))
    {
      JsonArray *values = json_node_get_array (row);
      GListModel *properties = capability != NULL ? herald_capability_get_properties (capability) : NULL;
      guint n_properties = properties != NULL ? g_list_model_get_n_items (properties) : 0;

      for (guint i = 0; i < json_array_get_length (values); i++)
        {
          g_autoptr(HeraldProperty) property = i < n_properties ? g_list_model_get_item (properties, i) : NULL;
          g_autofree char *position = g_strdup_printf ("%u", i + 1);

          g_ptr_array_add (self->values, read_value (NULL, property, position, json_array_get_element (values, i)));
        }
      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (row))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (row));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        g_ptr_array_add (self->values, read_value (capability, NULL, name, value));
      return TRUE;
    }

  g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID,
               _("A row of “measures” is neither an array of values nor an object of named values."));
  return FALSE;
}

/* The rows of @object's "measures" (or its one "measure" object), each a
 * HeraldMeasure. */
static GPtrArray *
read_rows (JsonObject       *object,
           const char       *sensor_member,
           const char       *capability_member,
           HeraldCapability *capability,
           GError          **error)
{
  g_autoptr(GPtrArray) measures = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *rows = json_object_get_member (object, "measures");
  JsonNode *single = json_object_get_member (object, "measure");

  if (rows == NULL && single != NULL && JSON_NODE_HOLDS_OBJECT (single))
    {
      g_autoptr(HeraldMeasure) measure = measure_new (object, sensor_member, capability_member);

      if (!read_row (measure, single, capability, error))
        return NULL;
      g_ptr_array_add (measures, g_steal_pointer (&measure));
      return g_steal_pointer (&measures);
    }

  if (rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
    {
      g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID,
                   _("The message has no “measures”: an array of rows, each an array of values or an object of named values."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      g_autoptr(HeraldMeasure) measure = measure_new (object, sensor_member, capability_member);

      if (!read_row (measure, json_array_get_element (json_node_get_array (rows), i), capability, error))
        return NULL;
      g_ptr_array_add (measures, g_steal_pointer (&measure));
    }

  return g_steal_pointer (&measures);
}

/**
 * herald_measure_parse_message:
 * @payload: a measures message as a device publishes it on
 *   measures/<device>
 * @length: its length, or -1 if it ends with a NUL
 * @capability: (nullable): the capability that types its values
 *
 * Returns: (transfer container) (element-type HeraldMeasure) (nullable):
 *   one measure a row, or %NULL with @error set if it is no measures message
 */
GPtrArray *
herald_measure_parse_message (const char       *payload,
                              gssize            length,
                              HeraldCapability *capability,
                              GError          **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (!capability || HERALD_IS_CAPABILITY (capability), NULL);

  root = herald_json_parse (payload, length, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID,
                   _("This is no measures message: one is a JSON object with “sensorAlternateId”, "
                     "“capabilityAlternateId” and “measures”."));
      return NULL;
    }

  return read_rows (json_node_get_object (root), "sensorAlternateId", "capabilityAlternateId",
                    capability, error);
}

/**
 * herald_measure_parse_stored:
 * @item: one element of the service's list of a device's measures
 * @capability: (nullable): the capability that types its values
 *
 * Returns: (transfer container) (element-type HeraldMeasure) (nullable):
 *   one measure a row, or %NULL with @error set
 */
GPtrArray *
herald_measure_parse_stored (JsonNode         *item,
                             HeraldCapability *capability,
                             GError          **error)
{
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (!capability || HERALD_IS_CAPABILITY (capability), NULL);

  if (!herald_json_check_node (item, HERALD_JSON_OBJECT, _("A stored measure"), error))
    return NULL;

  return read_rows (json_node_get_object (item), "sensorId", "capabilityId", capability, error);
}

/**
 * herald_measure_get_sensor:
 *
 * Returns: (nullable): the sensor's alternate id (a message's) or id (a
 *   stored measure's)
 */
const char *
herald_measure_get_sensor (HeraldMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE (self), NULL);
  return self->sensor;
}

/**
 * herald_measure_get_capability:
 *
 * Returns: (nullable): the capability's alternate id (a message's) or id
 *   (a stored measure's)
 */
const char *
herald_measure_get_capability (HeraldMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE (self), NULL);
  return self->capability;
}

/**
 * herald_measure_get_timestamp:
 *
 * Returns: when it was measured, in milliseconds since the epoch; -1 if
 *   the device did not say (the service then uses the time it arrived)
 */
gint64
herald_measure_get_timestamp (HeraldMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE (self), -1);
  return self->timestamp;
}

/**
 * herald_measure_get_message_id:
 *
 * Returns: (nullable): the measureMessageId of the message it came in
 */
const char *
herald_measure_get_message_id (HeraldMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE (self), NULL);
  return self->message_id;
}

guint
herald_measure_get_n_values (HeraldMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE (self), 0);
  return self->values->len;
}

/**
 * herald_measure_get_value:
 *
 * Returns: (transfer none): the value at @position, in the order sent
 */
HeraldReading *
herald_measure_get_value (HeraldMeasure *self,
                          guint          position)
{
  g_return_val_if_fail (HERALD_IS_MEASURE (self), NULL);
  g_return_val_if_fail (position < self->values->len, NULL);
  return g_ptr_array_index (self->values, position);
}

/**
 * herald_measure_find_value:
 *
 * Returns: (transfer none) (nullable): the value of the property @name
 */
HeraldReading *
herald_measure_find_value (HeraldMeasure *self,
                           const char    *name)
{
  g_return_val_if_fail (HERALD_IS_MEASURE (self), NULL);

  for (guint i = 0; i < self->values->len; i++)
    if (g_strcmp0 (herald_reading_get_name (g_ptr_array_index (self->values, i)), name) == 0)
      return g_ptr_array_index (self->values, i);
  return NULL;
}

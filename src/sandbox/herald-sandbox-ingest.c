/* herald-sandbox-ingest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "herald-command-builder.h"
#include "herald-data-type.h"
#include "herald-json-private.h"
#include "herald-sandbox-ingest.h"

/* The gateways' side of measures: one message of a device checked against
 * the device model, stored, and answered — the same for the MQTT gateway
 * (measures/<device>, answered on ack/<device>) and the REST gateway
 * (POST /iot/gateway/rest/measures/<device>). */

/* The gateway's answer to one measures message, as SAP's own clients read
 * it on ack/<device> (the Python SDK's ack handler, the edge gateway's load
 * test) and from the REST gateway: a JSON array of {"id", "code",
 * "messages"}, where "id" is the message's measureMessageId — absent when
 * the message had none or could not be read — and "messages" says what was
 * wrong (absent when nothing was). */
static JsonNode *
ack (JsonNode   *id,
     guint       code,
     const char *message,
     guint      *code_out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  *code_out = code;
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  if (id != NULL)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_value (builder, json_node_copy (id));
    }
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, message);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* A measures message's measureMessageId, echoed in its ack: a string (as
 * SAP's clients send it) or a number; anything else is not one. */
static JsonNode *
measure_message_id (JsonObject *message)
{
  JsonNode *node = json_object_get_member (message, "measureMessageId");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return node;
    default:
      return NULL;
    }
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * herald_sandbox_ingest_check_row:
 * @capability: the capability the message names, as the store gives it
 * @row: one entry of the message's "measures": a list of values by
 *   position, or an object of values by property name
 * @checker: (nullable): where the checked values go (the fuzz target reads
 *   them back), or %NULL
 *
 * Checks one row of measures against the capability's properties and
 * their data types.
 *
 * Returns: %TRUE if every value is one of its property's type
 */
gboolean
herald_sandbox_ingest_check_row (JsonObject            *capability,
                                 JsonNode              *row,
                                 HeraldCommandBuilder  *checker,
                                 GError               **error)
{
  JsonArray *properties = json_object_get_array_member (capability, "properties");
  g_autoptr(HeraldCommandBuilder) own = checker == NULL ? herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT)
                                                        : NULL;
  guint n_properties = json_array_get_length (properties);

  if (checker == NULL)
    checker = own;

  if (JSON_NODE_HOLDS_ARRAY (row))
    {
      JsonArray *values = json_node_get_array (row);

      if (json_array_get_length (values) > n_properties)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A row has %u values but the capability has %u properties."),
                       json_array_get_length (values), n_properties);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (values); i++)
        {
          JsonObject *property = json_array_get_object_element (properties, i);
          const char *name = json_object_get_string_member (property, "name");
          HeraldDataType type = herald_data_type_from_string (json_object_get_string_member (property, "dataType"));

          if (!herald_command_builder_add_json_value (checker, name, type,
                                                      json_array_get_element (values, i), error))
            return FALSE;
        }
      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (row))
    {
      JsonObject *values = json_node_get_object (row);
      g_autoptr(GList) names = json_object_get_members (values);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *property = NULL;

          for (guint i = 0; i < n_properties && property == NULL; i++)
            {
              JsonObject *candidate = json_array_get_object_element (properties, i);
              if (g_strcmp0 (json_object_get_string_member (candidate, "name"), l->data) == 0)
                property = candidate;
            }
          if (property == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The capability has no property “%s”."), (const char *) l->data);
              return FALSE;
            }
          if (!herald_command_builder_add_json_value (checker, l->data,
                                                      herald_data_type_from_string (json_object_get_string_member (property, "dataType")),
                                                      json_object_get_member (values, l->data), error))
            return FALSE;
        }
      return TRUE;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Each entry of “measures” must be a list of values or an object."));
  return FALSE;
}

/* A sensor the device lacks, made from the message's sensorTypeAlternateId
 * (a string, or a whole number as the Python SDK sends it), named after its
 * alternate id; NULL when the message has none or no type has it. */
static JsonNode *
onboard_sensor (HeraldSandboxStore *store,
                const char         *device_id,
                const char         *sensor_alternate_id,
                JsonNode           *type_node)
{
  g_autofree char *type_alternate_id = NULL;
  g_autoptr(JsonNode) sensor_type = NULL;

  if (type_node == NULL || !JSON_NODE_HOLDS_VALUE (type_node))
    return NULL;
  if (json_node_get_value_type (type_node) == G_TYPE_STRING)
    type_alternate_id = g_strdup (json_node_get_string (type_node));
  else if (json_node_get_value_type (type_node) == G_TYPE_INT64)
    type_alternate_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (type_node));
  else
    return NULL;

  sensor_type = herald_sandbox_store_find_sensor_type (store, type_alternate_id, NULL);
  if (sensor_type == NULL)
    return NULL;
  return herald_sandbox_store_add_sensor (store, device_id, sensor_alternate_id,
                                          json_object_get_string_member (json_node_get_object (sensor_type), "id"),
                                          sensor_alternate_id, NULL);
}

/**
 * herald_sandbox_ingest_measures:
 * @store: the sandbox's store
 * @classic: the classic flavour (no sensors made by their type)
 * @device_alternate_id: the device the message came from
 * @data: (array length=length): the message
 * @code: (out): the answer's code: 202 taken, 400, 404 or 500 refused
 *
 * Checks a measures message of a device as the gateways do and stores its
 * measures. In the tenant flavour a message for a sensor the device lacks,
 * with a sensorTypeAlternateId, makes the sensor (as the "Send data"
 * tutorial and the Python SDK's REST client rely on).
 *
 * Returns: (transfer full) (nullable): the answer, a JSON array of one
 *   {"id", "code", "messages"}; %NULL when no device has the alternate id
 */
JsonNode *
herald_sandbox_ingest_measures (HeraldSandboxStore *store,
                                gboolean            classic,
                                const char         *device_alternate_id,
                                const char         *data,
                                gsize               length,
                                guint              *code)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) device = NULL;
  g_autoptr(JsonNode) sensor = NULL;
  g_autoptr(JsonNode) sensor_type = NULL;
  g_autoptr(JsonNode) capability = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *measures_json = NULL;
  const char *capability_alt = NULL, *sensor_alt = NULL;
  const char *device_id;
  JsonObject *message;
  JsonNode *measures, *timestamp_node, *id;
  JsonArray *capabilities;
  gint64 timestamp;
  gboolean listed = FALSE;

  device = herald_sandbox_store_find_device (store, device_alternate_id, NULL);
  if (device == NULL)
    return NULL;
  device_id = json_object_get_string_member (json_node_get_object (device), "id");

  root = herald_json_parse (data, length, &error);
  if (root == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a sentence that says what is wrong and where */
      text = g_strdup_printf (_("The message cannot be read: %s Send {\"capabilityAlternateId\": …, "
                                "\"sensorAlternateId\": …, \"measures\": [[…]]}."),
                              error->message);
    return ack (NULL, 400, text, code);
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return ack (NULL, 400,
                _("The message is not a JSON object. Send {\"capabilityAlternateId\": …, "
                  "\"sensorAlternateId\": …, \"measures\": [[…]]}."), code);
  message = json_node_get_object (root);
  id = measure_message_id (message);
  capability_alt = string_member (message, "capabilityAlternateId");
  sensor_alt = string_member (message, "sensorAlternateId");
  measures = json_object_get_member (message, "measures");
  timestamp_node = json_object_get_member (message, "timestamp");

  if (capability_alt == NULL || sensor_alt == NULL)
    return ack (id, 400,
                _("capabilityAlternateId and sensorAlternateId must be strings."), code);
  if (measures == NULL || !JSON_NODE_HOLDS_ARRAY (measures) ||
      json_array_get_length (json_node_get_array (measures)) == 0)
    return ack (id, 400,
                _("“measures” must be a list with at least one entry."), code);
  if (timestamp_node != NULL &&
      (!JSON_NODE_HOLDS_VALUE (timestamp_node) || json_node_get_value_type (timestamp_node) != G_TYPE_INT64))
    return ack (id, 400,
                _("“timestamp” must be milliseconds since 1970, a whole number."), code);
  timestamp = timestamp_node != NULL ? json_node_get_int (timestamp_node) : g_get_real_time () / 1000;

  sensor = herald_sandbox_store_find_sensor (store, device_id, sensor_alt, NULL);
  if (sensor == NULL && !classic)
    sensor = onboard_sensor (store, device_id, sensor_alt, json_object_get_member (message, "sensorTypeAlternateId"));
  capability = herald_sandbox_store_find_capability (store, capability_alt, NULL);
  if (sensor == NULL || capability == NULL)
    return ack (id, 404,
                sensor == NULL ? _("This device has no sensor with this sensorAlternateId.")
                               : _("No capability has this capabilityAlternateId."), code);

  sensor_type = herald_sandbox_store_get_sensor_type (store,
                                                      json_object_get_string_member (json_node_get_object (sensor), "sensorTypeId"),
                                                      NULL);
  capabilities = sensor_type ? json_object_get_array_member (json_node_get_object (sensor_type), "capabilities") : NULL;
  for (guint i = 0; capabilities != NULL && i < json_array_get_length (capabilities); i++)
    {
      JsonObject *entry = json_array_get_object_element (capabilities, i);
      if (g_strcmp0 (json_object_get_string_member (entry, "id"),
                     json_object_get_string_member (json_node_get_object (capability), "id")) == 0 &&
          g_strcmp0 (json_object_get_string_member (entry, "type"), "measure") == 0)
        listed = TRUE;
    }
  if (!listed)
    return ack (id, 400,
                _("The sensor’s type does not list this capability as a measure."), code);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (measures)); i++)
    if (!herald_sandbox_ingest_check_row (json_node_get_object (capability),
                                          json_array_get_element (json_node_get_array (measures), i), NULL,
                                          &error))
      return ack (id, 400, error->message, code);

  measures_json = json_to_string (measures, FALSE);
  if (!herald_sandbox_store_add_measures (store, device_id,
                                          json_object_get_string_member (json_node_get_object (sensor), "id"),
                                          json_object_get_string_member (json_node_get_object (capability), "id"),
                                          timestamp, measures_json, &error))
    return ack (id, 500, error->message, code);

  return ack (id, 202, NULL, code);
}


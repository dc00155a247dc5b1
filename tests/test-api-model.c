/* test-api-model.c: the device model against the seed's example bodies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "herald-api-client.h"

/* Every example body of seed/000_673a20369910744c.txt, as printed there. */
static const struct {
  const char *name;
  const char *json;
  GType     (*get_type) (void);
} seed_bodies[] = {
  { "capability-request",
    "{\"name\": \"MyCapability\", \"properties\": ["
    "  {\"name\" : \"LED\", \"dataType\" : \"boolean\"},"
    "  {\"name\" : \"Buzzer\", \"dataType\" : \"boolean\"},"
    "  {\"name\" : \"Speed\", \"dataType\" : \"float\", \"unitOfMeasure\" : \"mph\"}]}",
    herald_capability_get_type },
  { "capability-answer",
    "{\"id\": \"3772113f-d8bf-4dc5-9968-847845b8e8ee\", \"name\": \"MyCapability\","
    " \"alternateId\": \"e6ae441b8820c91f\", \"properties\": ["
    "  {\"name\": \"LED\", \"dataType\": \"boolean\"},"
    "  {\"name\": \"Buzzer\", \"dataType\": \"boolean\"},"
    "  {\"name\": \"Speed\", \"dataType\": \"float\", \"unitOfMeasure\": \"mph\","
    "   \"formatter\": {\"scale\": 0, \"shift\": 0, \"swap\": false}}]}",
    herald_capability_get_type },
  { "sensor-type-request",
    "{\"capabilities\": [{\"id\": \"3772113f-d8bf-4dc5-9968-847845b8e8ee\", \"type\": \"command\"}],"
    " \"name\": \"MySensorType\"}",
    herald_sensor_type_get_type },
  { "sensor-type-answer",
    "{\"id\": \"a0b92e49-45fe-4ae1-805f-5fafcbb65f84\", \"alternateId\": \"4\", \"name\": \"MySensorType\","
    " \"capabilities\": [{\"id\": \"3772113f-d8bf-4dc5-9968-847845b8e8ee\", \"type\": \"command\"}]}",
    herald_sensor_type_get_type },
  { "gateway-mqtt",
    "{\"id\": \"2\", \"name\": \"IoT Gateway MQTT\", \"protocolId\": \"mqtt\", \"status\": \"online\","
    " \"type\": \"cloud\", \"creationTimestamp\": 1525261225950}",
    herald_gateway_get_type },
  { "gateway-rest",
    "{\"id\": \"3\", \"name\": \"IoT Gateway REST\", \"protocolId\": \"rest\", \"status\": \"online\","
    " \"type\": \"cloud\", \"creationTimestamp\": 1525261230192}",
    herald_gateway_get_type },
  { "device-request",
    "{\"gatewayId\" : \"2\", \"name\": \"MyDevice\"}",
    herald_device_get_type },
  { "device-answer",
    "{\"id\": \"5\", \"gatewayId\": \"2\", \"name\": \"MyDevice\", \"alternateId\": \"cb1bc8935375529e\","
    " \"creationTimestamp\": 1525757977416, \"status\": \"fullyFunctional\", \"online\": true,"
    " \"sensors\": [{\"id\": \"10\", \"deviceId\": \"5\", \"sensorTypeId\": \"0\","
    "   \"name\": \"Sensor: 0:0:0:0\", \"alternateId\": \"0:0:0:0\"}],"
    " \"authentications\": [{\"type\": \"clientCertificate\"}]}",
    herald_device_get_type },
  { "sensor-request",
    "{\"deviceId\": \"5\", \"name\": \"MySensor\", \"sensorTypeId\": \"a0b92e49-45fe-4ae1-805f-5fafcbb65f84\"}",
    herald_sensor_get_type },
  { "sensor-answer",
    "{\"id\": \"11\", \"deviceId\": \"5\", \"sensorTypeId\": \"a0b92e49-45fe-4ae1-805f-5fafcbb65f84\","
    " \"name\": \"MySensor\", \"alternateId\": \"07c0a15c0d0baeb7\"}",
    herald_sensor_get_type },
  /* The tenant flavour's shapes (spec, "Two flavours"). */
  { "tenant-gateway",
    "{\"id\": \"2\", \"name\": \"MQTT Gateway\", \"alternateId\": \"GATEWAY_CLOUD_MQTT\","
    " \"protocolId\": \"mqtt\", \"status\": \"online\", \"type\": \"cloud\", \"creationTimestamp\": 1525261225950}",
    herald_gateway_get_type },
  { "tenant-device",
    "{\"id\": \"7\", \"gatewayId\": \"2\", \"name\": \"MyDevice\", \"alternateId\": \"cb1bc8935375529e\","
    " \"creationTimestamp\": 1525757977416, \"online\": false,"
    " \"authentications\": [{\"type\": \"clientCertificate\"}]}",
    herald_device_get_type },
};

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
test_round_trip (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(JsonNode) input = parse (seed_bodies[i].json);
  g_autoptr(HeraldEntity) entity = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) reparsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  entity = herald_entity_new_from_json (seed_bodies[i].get_type (), input, &error);
  g_assert_no_error (error);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (entity, seed_bodies[i].get_type ()));

  output = herald_entity_to_json (entity);
  if (!json_node_equal (input, output))
    {
      g_autofree char *a = herald_entity_to_string (entity, TRUE);
      g_test_message ("round trip changed %s into %s", seed_bodies[i].json, a);
      g_test_fail ();
    }

  /* Through the text form as well. */
  text = herald_entity_to_string (entity, FALSE);
  reparsed = parse (text);
  g_assert_true (json_node_equal (input, reparsed));
}

static void
test_properties (void)
{
  g_autoptr(HeraldCapability) capability = NULL;
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(HeraldProperty) speed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GListModel) sensors = NULL;
  HeraldSensor *default_sensor;
  gint64 timestamp;
  gboolean online;

  capability = herald_entity_new_from_string (HERALD_TYPE_CAPABILITY, seed_bodies[1].json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_entity_get_id (HERALD_ENTITY (capability)), ==, "3772113f-d8bf-4dc5-9968-847845b8e8ee");
  g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (capability)), ==, "e6ae441b8820c91f");
  g_assert_cmpuint (g_list_model_get_n_items (herald_capability_get_properties (capability)), ==, 3);
  speed = g_object_ref (herald_capability_find_property (capability, "Speed"));
  g_assert_cmpint (herald_property_get_data_type (speed), ==, HERALD_DATA_TYPE_FLOAT);
  g_assert_cmpstr (herald_property_get_unit_of_measure (speed), ==, "mph");
  g_assert_null (herald_capability_find_property (capability, "Nope"));

  device = herald_entity_new_from_string (HERALD_TYPE_DEVICE, seed_bodies[7].json, &error);
  g_assert_no_error (error);
  g_object_get (device, "id", &id, "creation-timestamp", &timestamp, "online", &online,
                "sensors", &sensors, NULL);
  g_assert_cmpstr (id, ==, "5");
  g_assert_cmpint (timestamp, ==, 1525757977416);
  g_assert_true (online);
  g_assert_cmpstr (herald_device_get_status (device), ==, "fullyFunctional");
  g_assert_true (herald_device_has_client_certificate (device));
  g_assert_cmpuint (g_list_model_get_n_items (sensors), ==, 1);
  g_assert_true (g_list_model_get_item_type (sensors) == HERALD_TYPE_SENSOR);
  default_sensor = g_list_model_get_item (sensors, 0);
  g_assert_cmpstr (herald_sensor_get_sensor_type_id (default_sensor), ==, "0");
  g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (default_sensor)), ==, "0:0:0:0");
  g_object_unref (default_sensor);

  /* The tenant flavour: no status, no sensors. */
  g_clear_object (&device);
  device = herald_entity_new_from_string (HERALD_TYPE_DEVICE, seed_bodies[11].json, &error);
  g_assert_no_error (error);
  g_assert_null (herald_device_get_status (device));
  g_assert_false (herald_device_get_online (device));
  g_assert_cmpuint (g_list_model_get_n_items (herald_device_get_sensors (device)), ==, 0);

  sensor_type = herald_entity_new_from_string (HERALD_TYPE_SENSOR_TYPE, seed_bodies[3].json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_sensor_type_get_n_capabilities (sensor_type), ==, 1);
  g_assert_true (herald_sensor_type_has_capability (sensor_type, "3772113f-d8bf-4dc5-9968-847845b8e8ee", "command"));
  g_assert_false (herald_sensor_type_has_capability (sensor_type, "3772113f-d8bf-4dc5-9968-847845b8e8ee", "measure"));

  gateway = herald_entity_new_from_string (HERALD_TYPE_GATEWAY, seed_bodies[10].json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_gateway_get_protocol_id (gateway), ==, "mqtt");
  g_assert_true (herald_gateway_is_online (gateway));
  g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (gateway)), ==, "GATEWAY_CLOUD_MQTT");

  sensor = herald_entity_new_from_string (HERALD_TYPE_SENSOR, seed_bodies[9].json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_sensor_get_device_id (sensor), ==, "5");
}

/* Building the seed's request bodies in code gives the seed's JSON. */
static void
test_build_requests (void)
{
  g_autoptr(HeraldCapability) capability = herald_capability_new ("MyCapability");
  g_autoptr(HeraldSensorType) sensor_type = herald_sensor_type_new ("MySensorType");
  g_autoptr(HeraldDevice) device = herald_device_new ("2", "MyDevice");
  g_autoptr(HeraldSensor) sensor = herald_sensor_new ("5", "MySensor", "a0b92e49-45fe-4ae1-805f-5fafcbb65f84");
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) built = NULL;

  {
    g_autoptr(HeraldProperty) led = herald_property_new ("LED", HERALD_DATA_TYPE_BOOLEAN, NULL);
    herald_capability_add_property (capability, led);
    g_autoptr(HeraldProperty) buzzer = herald_property_new ("Buzzer", HERALD_DATA_TYPE_BOOLEAN, NULL);
    g_autoptr(HeraldProperty) speed = herald_property_new ("Speed", HERALD_DATA_TYPE_FLOAT, "mph");
    herald_capability_add_property (capability, buzzer);
    herald_capability_add_property (capability, speed);
  }
  expected = parse (seed_bodies[0].json);
  built = herald_entity_to_json (HERALD_ENTITY (capability));
  g_assert_true (json_node_equal (expected, built));
  g_clear_pointer (&expected, json_node_unref);
  g_clear_pointer (&built, json_node_unref);

  herald_sensor_type_add_capability (sensor_type, "3772113f-d8bf-4dc5-9968-847845b8e8ee", "command");
  expected = parse (seed_bodies[2].json);
  built = herald_entity_to_json (HERALD_ENTITY (sensor_type));
  g_assert_true (json_node_equal (expected, built));
  g_clear_pointer (&expected, json_node_unref);
  g_clear_pointer (&built, json_node_unref);

  expected = parse (seed_bodies[6].json);
  built = herald_entity_to_json (HERALD_ENTITY (device));
  g_assert_true (json_node_equal (expected, built));
  g_clear_pointer (&expected, json_node_unref);
  g_clear_pointer (&built, json_node_unref);

  expected = parse (seed_bodies[8].json);
  built = herald_entity_to_json (HERALD_ENTITY (sensor));
  g_assert_true (json_node_equal (expected, built));
}

static void
test_unknown_fields_kept (void)
{
  const char *text =
    "{\"id\": \"5\", \"name\": \"MyDevice\", \"futureField\": {\"nested\": [1, 2.5, null, \"x\"]},"
    " \"sensors\": [{\"id\": \"10\", \"extra\": true}], \"alternateId\": null}";
  g_autoptr(JsonNode) input = parse (text);
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(GError) error = NULL;

  device = herald_device_new_from_json (input, &error);
  g_assert_no_error (error);
  g_assert_null (herald_entity_get_alternate_id (HERALD_ENTITY (device)));

  /* A change through a property shows in the JSON; the rest stays. */
  herald_entity_set_name (HERALD_ENTITY (device), "Renamed");
  output = herald_entity_to_json (HERALD_ENTITY (device));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (output), "name"), ==, "Renamed");
  json_object_set_string_member (json_node_get_object (input), "name", "Renamed");
  g_assert_true (json_node_equal (input, output));
}

static void
test_wrong_types_reported (void)
{
  static const struct {
    GType (*get_type) (void);
    const char *json;
    const char *field;
  } cases[] = {
    { herald_device_get_type, "{\"id\": 5}", "id" },
    { herald_device_get_type, "{\"name\": [\"a\"]}", "name" },
    { herald_device_get_type, "{\"online\": \"yes\"}", "online" },
    { herald_device_get_type, "{\"creationTimestamp\": \"today\"}", "creationTimestamp" },
    { herald_device_get_type, "{\"sensors\": {\"id\": \"1\"}}", "sensors" },
    { herald_device_get_type, "{\"sensors\": [{\"deviceId\": 5}]}", "deviceId" },
    { herald_capability_get_type, "{\"properties\": \"LED\"}", "properties" },
    { herald_capability_get_type, "{\"properties\": [{\"dataType\": 3}]}", "dataType" },
    { herald_sensor_type_get_type, "{\"capabilities\": [{\"id\": 1}]}", "id" },
    { herald_gateway_get_type, "{\"protocolId\": false}", "protocolId" },
    { herald_sensor_get_type, "{\"sensorTypeId\": 0}", "sensorTypeId" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HeraldEntity) entity = NULL;

      entity = herald_entity_new_from_string (cases[i].get_type (), cases[i].json, &error);
      g_assert_null (entity);
      g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (error->message, cases[i].field));
    }

  /* Not an object at all, and not JSON. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (herald_entity_new_from_string (HERALD_TYPE_DEVICE, "[1, 2]", &error));
    g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (herald_entity_new_from_string (HERALD_TYPE_DEVICE, "<html>", &error));
    g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE);
  }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_bindings (void)
{
  g_autoptr(HeraldDevice) device = herald_device_new ("2", "MyDevice");
  g_autoptr(HeraldSensor) sensor = herald_sensor_new (NULL, "MySensor", NULL);
  guint notified = 0;

  g_signal_connect (device, "notify::name", G_CALLBACK (count_notify), &notified);
  g_object_bind_property (device, "id", sensor, "device-id", G_BINDING_SYNC_CREATE);

  herald_entity_set_id (HERALD_ENTITY (device), "42");
  g_assert_cmpstr (herald_sensor_get_device_id (sensor), ==, "42");

  herald_entity_set_name (HERALD_ENTITY (device), "MyDevice");
  g_assert_cmpuint (notified, ==, 0);
  herald_entity_set_name (HERALD_ENTITY (device), "Other");
  g_assert_cmpuint (notified, ==, 1);
  herald_entity_set_name (HERALD_ENTITY (device), NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_null (herald_entity_get_name (HERALD_ENTITY (device)));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (seed_bodies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/model/round-trip/%s", seed_bodies[i].name);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_round_trip);
    }
  g_test_add_func ("/api/model/properties", test_properties);
  g_test_add_func ("/api/model/build-requests", test_build_requests);
  g_test_add_func ("/api/model/unknown-fields-kept", test_unknown_fields_kept);
  g_test_add_func ("/api/model/wrong-types-reported", test_wrong_types_reported);
  g_test_add_func ("/api/model/bindings", test_bindings);

  return g_test_run ();
}

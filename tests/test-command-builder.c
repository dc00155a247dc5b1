/* test-command-builder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include "herald-command-builder.h"

static const char seed_payload[] =
  "{\"sensorAlternateId\":\"07c0a15c0d0baeb7\",\"capabilityAlternateId\":\"e6ae441b8820c91f\","
  "\"command\":{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":50.0}}";

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

/* The seed's classic command, received as JSON, gives the seed's bytes. */
static void
test_seed_payload (void)
{
  g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (HERALD_COMMAND_FLAVOR_CLASSIC);
  g_autoptr(JsonNode) command = parse ("{\"LED\": \"true\", \"Buzzer\": \"true\", \"Speed\": \"50.0\"}");
  JsonObject *object = json_node_get_object (command);
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;

  g_assert_true (herald_command_builder_add_json_value (builder, "LED", HERALD_DATA_TYPE_BOOLEAN,
                                                        json_object_get_member (object, "LED"), &error));
  g_assert_true (herald_command_builder_add_json_value (builder, "Buzzer", HERALD_DATA_TYPE_BOOLEAN,
                                                        json_object_get_member (object, "Buzzer"), &error));
  g_assert_true (herald_command_builder_add_json_value (builder, "Speed", HERALD_DATA_TYPE_FLOAT,
                                                        json_object_get_member (object, "Speed"), &error));
  g_assert_no_error (error);

  payload = herald_command_builder_to_payload (builder, "07c0a15c0d0baeb7", "e6ae441b8820c91f");
  g_assert_cmpstr (payload, ==, seed_payload);
}

/* The composer's side: typed text becomes the request body of each flavour. */
static void
test_request_body (void)
{
  g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (HERALD_COMMAND_FLAVOR_CLASSIC);
  g_autoptr(GError) error = NULL;
  g_autofree char *classic = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *tenant_payload = NULL;

  g_assert_true (herald_command_builder_add_value (builder, "LED", HERALD_DATA_TYPE_BOOLEAN, "true", &error));
  g_assert_true (herald_command_builder_add_value (builder, "Speed", HERALD_DATA_TYPE_FLOAT, "50.1", &error));
  g_assert_true (herald_command_builder_add_value (builder, "Count", HERALD_DATA_TYPE_LONG,
                                                   "9007199254740993", &error));
  g_assert_true (herald_command_builder_add_value (builder, "Label", HERALD_DATA_TYPE_STRING,
                                                   "say \"hi\"\n", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (herald_command_builder_get_n_values (builder), ==, 4);

  classic = herald_command_builder_to_request_body (builder, "11", "cap");
  g_assert_cmpstr (classic, ==,
                   "{\"sensorId\":\"11\",\"capabilityId\":\"cap\",\"command\":{\"LED\":\"true\","
                   "\"Speed\":\"50.1\",\"Count\":\"9007199254740993\",\"Label\":\"say \\\"hi\\\"\\n\"}}");

  herald_command_builder_set_flavor (builder, HERALD_COMMAND_FLAVOR_TENANT);
  tenant = herald_command_builder_to_command_json (builder);
  /* 50.1 keeps its digits (json-glib would write 50.100000000000001);
   * 2^53 + 1 keeps its last digit. */
  g_assert_cmpstr (tenant, ==,
                   "{\"LED\":true,\"Speed\":50.1,\"Count\":9007199254740993,\"Label\":\"say \\\"hi\\\"\\n\"}");

  tenant_payload = herald_command_builder_to_payload (builder, "s", "c");
  g_assert_cmpstr (tenant_payload, ==,
                   "{\"sensorAlternateId\":\"s\",\"capabilityAlternateId\":\"c\",\"command\":"
                   "{\"LED\":true,\"Speed\":50.1,\"Count\":9007199254740993,\"Label\":\"say \\\"hi\\\"\\n\"}}");
}

/* Tenant delivery: typed JSON, shortest form, a decimal point for floats. */
static void
test_tenant_payload (void)
{
  g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);
  g_autoptr(JsonNode) command = parse ("{\"LED\": true, \"Speed\": 50, \"Rate\": 50.1, \"N\": 7}");
  JsonObject *object = json_node_get_object (command);
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;

  g_assert_true (herald_command_builder_add_json_value (builder, "LED", HERALD_DATA_TYPE_BOOLEAN,
                                                        json_object_get_member (object, "LED"), &error));
  g_assert_true (herald_command_builder_add_json_value (builder, "Speed", HERALD_DATA_TYPE_FLOAT,
                                                        json_object_get_member (object, "Speed"), &error));
  g_assert_true (herald_command_builder_add_json_value (builder, "Rate", HERALD_DATA_TYPE_DOUBLE,
                                                        json_object_get_member (object, "Rate"), &error));
  g_assert_true (herald_command_builder_add_json_value (builder, "N", HERALD_DATA_TYPE_INTEGER,
                                                        json_object_get_member (object, "N"), &error));
  g_assert_no_error (error);
  payload = herald_command_builder_to_payload (builder, "s", "c");
  g_assert_cmpstr (payload, ==,
                   "{\"sensorAlternateId\":\"s\",\"capabilityAlternateId\":\"c\",\"command\":"
                   "{\"LED\":true,\"Speed\":50.0,\"Rate\":50.1,\"N\":7}}");
}

static void
test_validation (void)
{
  static const struct {
    HeraldDataType type;
    const char *text;
    gboolean valid;
  } cases[] = {
    { HERALD_DATA_TYPE_INTEGER, "50", TRUE },
    { HERALD_DATA_TYPE_INTEGER, "-2147483648", TRUE },
    { HERALD_DATA_TYPE_INTEGER, "2147483648", FALSE },
    { HERALD_DATA_TYPE_INTEGER, "50.0", FALSE },
    { HERALD_DATA_TYPE_INTEGER, "007", FALSE },
    { HERALD_DATA_TYPE_INTEGER, " 5", FALSE },
    { HERALD_DATA_TYPE_LONG, "9223372036854775807", TRUE },
    { HERALD_DATA_TYPE_LONG, "9223372036854775808", FALSE },
    { HERALD_DATA_TYPE_FLOAT, "50.0", TRUE },
    { HERALD_DATA_TYPE_FLOAT, "-1.5e3", TRUE },
    { HERALD_DATA_TYPE_FLOAT, "1e39", FALSE },
    { HERALD_DATA_TYPE_FLOAT, "abc", FALSE },
    { HERALD_DATA_TYPE_FLOAT, "50.", FALSE },
    { HERALD_DATA_TYPE_FLOAT, "NaN", FALSE },
    { HERALD_DATA_TYPE_DOUBLE, "1e39", TRUE },
    { HERALD_DATA_TYPE_DOUBLE, "1e999", FALSE },
    /* Digits alone are a whole number to every JSON reader: past 64 bits
     * the sandbox's strict parse refuses the request that carries them. */
    { HERALD_DATA_TYPE_FLOAT, "9223372036854775807", TRUE },
    { HERALD_DATA_TYPE_FLOAT, "9223372036854775808", FALSE },
    { HERALD_DATA_TYPE_DOUBLE, "-9223372036854775809", FALSE },
    { HERALD_DATA_TYPE_DOUBLE, "9223372036854775808.0", TRUE },
    { HERALD_DATA_TYPE_DOUBLE, "9.3e18", TRUE },
    { HERALD_DATA_TYPE_BOOLEAN, "true", TRUE },
    { HERALD_DATA_TYPE_BOOLEAN, "false", TRUE },
    { HERALD_DATA_TYPE_BOOLEAN, "TRUE", FALSE },
    { HERALD_DATA_TYPE_BOOLEAN, "1", FALSE },
    { HERALD_DATA_TYPE_STRING, "", TRUE },
    { HERALD_DATA_TYPE_STRING, "anything", TRUE },
    { HERALD_DATA_TYPE_BINARY, "SGVsbG8=", TRUE },
    { HERALD_DATA_TYPE_BINARY, "SGVsbG8", FALSE },
    { HERALD_DATA_TYPE_BINARY, "SG=sbG8=", FALSE },
    { HERALD_DATA_TYPE_DATE, "2026-05-08T09:30:00Z", TRUE },
    { HERALD_DATA_TYPE_DATE, "1525757977416", TRUE },
    { HERALD_DATA_TYPE_DATE, "yesterday", FALSE },
    { HERALD_DATA_TYPE_INVALID, "1", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = herald_command_builder_validate_value ("Prop", cases[i].type, cases[i].text, &error);

      if (valid != cases[i].valid)
        g_error ("%s as %s: expected %s", cases[i].text,
                 herald_data_type_to_string (cases[i].type) ?: "invalid",
                 cases[i].valid ? "valid" : "invalid");
      if (!valid)
        {
          g_assert_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE);
          /* The message names the property. */
          g_assert_nonnull (strstr (error->message, "Prop"));
        }
    }
}

static void
test_wrong_json_types (void)
{
  g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (HERALD_COMMAND_FLAVOR_CLASSIC);
  g_autoptr(JsonNode) command = parse ("{\"a\": 50.5, \"b\": true, \"c\": [1], \"d\": null, \"e\": 3}");
  JsonObject *object = json_node_get_object (command);
  g_autoptr(GError) error = NULL;

  g_assert_false (herald_command_builder_add_json_value (builder, "a", HERALD_DATA_TYPE_INTEGER,
                                                         json_object_get_member (object, "a"), &error));
  g_assert_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (herald_command_builder_add_json_value (builder, "b", HERALD_DATA_TYPE_FLOAT,
                                                         json_object_get_member (object, "b"), &error));
  g_clear_error (&error);
  g_assert_false (herald_command_builder_add_json_value (builder, "c", HERALD_DATA_TYPE_STRING,
                                                         json_object_get_member (object, "c"), &error));
  g_clear_error (&error);
  g_assert_false (herald_command_builder_add_json_value (builder, "d", HERALD_DATA_TYPE_STRING,
                                                         json_object_get_member (object, "d"), &error));
  g_clear_error (&error);
  g_assert_true (herald_command_builder_add_json_value (builder, "e", HERALD_DATA_TYPE_INTEGER,
                                                        json_object_get_member (object, "e"), &error));
  g_assert_false (herald_command_builder_add_value (builder, "e", HERALD_DATA_TYPE_INTEGER, "4", &error));
  g_assert_error (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_DUPLICATE_PROPERTY);
  g_assert_cmpuint (herald_command_builder_get_n_values (builder), ==, 1);

  herald_command_builder_clear (builder);
  g_assert_cmpuint (herald_command_builder_get_n_values (builder), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/command-builder/seed-payload", test_seed_payload);
  g_test_add_func ("/command-builder/request-body", test_request_body);
  g_test_add_func ("/command-builder/tenant-payload", test_tenant_payload);
  g_test_add_func ("/command-builder/validation", test_validation);
  g_test_add_func ("/command-builder/wrong-json-types", test_wrong_json_types);

  return g_test_run ();
}

/* fuzz-measures.c
 *
 * Measures a device publishes on `measures/<alternateId>`, as the sandbox
 * reads them. The sandbox's reading (herald_sandbox_ingest_measures() in
 * src/sandbox/herald-sandbox-ingest.c, for the MQTT and REST gateways
 * alike) needs the store, so this target runs the rest of it:
 * herald_json_parse() of the payload, the shape checks, then the sandbox's
 * own herald_sandbox_ingest_check_row() on each row against the
 * capability's data types, in both its forms (a list of values by
 * position, an object by property name). The store's look-ups of the
 * device, sensor and capability are replaced by a fixed capability.
 *
 * Input: byte 0 picks the capability: 0 has eight properties, one of each
 * data type (named after it); n > 0 has one property "value" of data type
 * (n - 1) modulo 9 (0 being a name the service does not know). The rest is
 * the payload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-command-builder.h"
#include "herald-json-private.h"
#include "herald-sandbox-ingest.h"

#include "fuzz-common.h"

static JsonNode *capabilities[10];

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const char * const names[] = {
    "unknown", "integer", "long", "float", "double", "boolean", "string", "binary", "date",
  };
  g_autoptr(GString) all = g_string_new ("{\"properties\":[");

  fuzz_init ();

  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    g_string_append_printf (all, "%s{\"name\":\"%s\",\"dataType\":\"%s\"}",
                            i > 1 ? "," : "", names[i], names[i]);
  g_string_append (all, "]}");
  capabilities[0] = herald_json_parse (all->str, -1, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *one = g_strdup_printf ("{\"properties\":[{\"name\":\"value\",\"dataType\":\"%s\"}]}",
                                              names[i]);
      capabilities[i + 1] = herald_json_parse (one, -1, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (capabilities); i++)
    g_assert_nonnull (capabilities[i]);
  return 0;
}

/* The sandbox's own check of a row (herald-sandbox-ingest.c); what a
 * checked row would be published as stays strict JSON. */
static gboolean
check_measure_row (JsonObject *capability,
                   JsonNode   *row)
{
  g_autoptr(HeraldCommandBuilder) checker = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);
  g_autofree char *payload = NULL;

  if (!herald_sandbox_ingest_check_row (capability, row, checker, NULL))
    return FALSE;
  payload = herald_command_builder_to_payload (checker, "sensor", "capability");
  fuzz_assert_strict_json (payload);
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  JsonObject *message, *capability;
  JsonNode *measures, *timestamp, *node;
  JsonArray *rows;

  if (size < 1)
    return 0;
  capability = json_node_get_object (capabilities[data[0] % G_N_ELEMENTS (capabilities)]);

  copy = g_memdup2 (data + 1, size - 1);
  root = herald_json_parse (copy, size - 1, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  message = json_node_get_object (root);
  for (guint i = 0; i < 2; i++)
    {
      node = json_object_get_member (message, i == 0 ? "capabilityAlternateId" : "sensorAlternateId");
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return 0;
    }
  measures = json_object_get_member (message, "measures");
  if (measures == NULL || !JSON_NODE_HOLDS_ARRAY (measures) ||
      json_array_get_length (json_node_get_array (measures)) == 0)
    return 0;
  timestamp = json_object_get_member (message, "timestamp");
  if (timestamp != NULL &&
      (!JSON_NODE_HOLDS_VALUE (timestamp) || json_node_get_value_type (timestamp) != G_TYPE_INT64))
    return 0;

  rows = json_node_get_array (measures);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (!check_measure_row (capability, json_array_get_element (rows, i)))
      return 0;

  /* Accepted: the sandbox stores the measures as JSON text (but for
   * json-glib's flaws, see fuzz_json_glib_writes_invalid()). */
  if (!fuzz_json_glib_writes_invalid (measures))
  {
    g_autofree char *stored = json_to_string (measures, FALSE);
    fuzz_assert_strict_json (stored);
  }
  return 0;
}

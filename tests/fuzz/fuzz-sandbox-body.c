/* fuzz-sandbox-body.c
 *
 * Request bodies of the sandbox's REST API. The server's handlers
 * (read_body(), get_string(), check_alternate_id(), post_command() in
 * src/sandbox/herald-sandbox-server.c) are static and take a libsoup
 * SoupServerMessage, which only a live HTTP connection makes; this target
 * runs what they are made of, on one body:
 * - the body read: herald_json_parse() of the bytes, an object required,
 *   as read_body() does;
 * - the per-entity reading of the same object by the model classes
 *   (herald_entity_new_from_json() for capability, sensor type, gateway,
 *   device and sensor), the shapes of POST /capabilities, /sensorTypes,
 *   /devices and /sensors;
 * - a command request's "command" object, each member given to
 *   herald_command_builder_add_json_value() for a capability with one
 *   property of each data type (named after it), in both flavours, as
 *   post_command() does, and the payload it would publish.
 * Not covered here: the server's own field checks (required strings,
 * alternate id characters), its $filter parser, the store; the HTTP tests
 * in tests/test-sandbox.c cover those.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-capability.h"
#include "herald-command-builder.h"
#include "herald-device.h"
#include "herald-entity.h"
#include "herald-gateway.h"
#include "herald-json-private.h"
#include "herald-sensor-type.h"
#include "herald-sensor.h"

#include "fuzz-common.h"

static GType types[5];

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  types[0] = HERALD_TYPE_CAPABILITY;
  types[1] = HERALD_TYPE_SENSOR_TYPE;
  types[2] = HERALD_TYPE_GATEWAY;
  types[3] = HERALD_TYPE_DEVICE;
  types[4] = HERALD_TYPE_SENSOR;
  return 0;
}

static void
run_command (JsonObject          *command,
             HeraldCommandFlavor  flavor)
{
  g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (flavor);
  g_autoptr(GList) members = json_object_get_members (command);
  g_autofree char *payload = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      HeraldDataType type = herald_data_type_from_string (l->data);

      if (type == HERALD_DATA_TYPE_INVALID)
        return; /* "The capability has no property …" */
      if (!herald_command_builder_add_json_value (builder, l->data, type,
                                                  json_object_get_member (command, l->data), NULL))
        return;
    }

  payload = herald_command_builder_to_payload (builder, "sensor", "capability");
  fuzz_assert_strict_json (payload);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *copy = g_memdup2 (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonNode *command;

  if (size == 0)
    return 0;
  root = herald_json_parse (copy, size, &error);
  if (root == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  body = json_node_get_object (root);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(HeraldEntity) entity = herald_entity_new_from_json (types[i], root, NULL);

      if (entity != NULL && !fuzz_json_glib_writes_invalid (root))
        {
          g_autofree char *text = herald_entity_to_string (entity, FALSE);
          fuzz_assert_strict_json (text);
        }
    }

  command = json_object_get_member (body, "command");
  if (command != NULL && JSON_NODE_HOLDS_OBJECT (command) &&
      json_object_get_size (json_node_get_object (command)) > 0)
    {
      run_command (json_node_get_object (command), HERALD_COMMAND_FLAVOR_CLASSIC);
      run_command (json_node_get_object (command), HERALD_COMMAND_FLAVOR_TENANT);
    }

  return 0;
}

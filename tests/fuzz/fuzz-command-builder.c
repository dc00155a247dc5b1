/* fuzz-command-builder.c
 *
 * HeraldCommandBuilder, both sides, for each data type and both flavours.
 *
 * Input: byte 0 picks the flavour (bit 0) and the side (bit 1).
 * - Composer side (bit 1 clear): the rest is lines of
 *   `<type byte><name>\t<value>`, each given to add_value() as the user's
 *   text for a property of that data type (the byte modulo 9).
 * - Sandbox side (bit 1 set): bytes 1 to 8 are the data types of the
 *   properties, the rest a JSON text read with herald_json_parse(); each
 *   member of an object (or the value itself) goes to add_json_value(), as
 *   the sandbox reads a command request's "command".
 *
 * Checks beyond "no crash": validate_value() and add_value() agree; every
 * text the builder writes (command, request body, payload) is strict JSON;
 * and a request body the composer writes is accepted by the sandbox's side
 * (herald_json_parse() + add_json_value() with the same data types).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-command-builder.h"
#include "herald-json-private.h"

#include "fuzz-common.h"

#define MAX_VALUES 16

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static HeraldDataType
data_type (uint8_t byte)
{
  return (HeraldDataType) (byte % (HERALD_DATA_TYPE_DATE + 1));
}

static void
check_outputs (HeraldCommandBuilder *builder)
{
  g_autofree char *command = herald_command_builder_to_command_json (builder);
  g_autofree char *body = herald_command_builder_to_request_body (builder, "11", "c\"ap");
  g_autofree char *payload = herald_command_builder_to_payload (builder, "sensor", "capability");

  fuzz_assert_strict_json (command);
  fuzz_assert_strict_json (body);
  fuzz_assert_strict_json (payload);
}

/* What the sandbox does with a request body the composer wrote. */
static void
check_sandbox_reads (HeraldCommandBuilder *client,
                     const char          **names,
                     HeraldDataType       *types,
                     guint                 n)
{
  g_autofree char *body = herald_command_builder_to_request_body (client, "11", "cap");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = herald_json_parse (body, -1, &error);
  g_autoptr(HeraldCommandBuilder) server = NULL;
  JsonObject *command;

  if (root == NULL)
    g_error ("The sandbox cannot read the composer's request: %s\n%s", error->message, body);

  server = herald_command_builder_new (herald_command_builder_get_flavor (client));
  command = json_object_get_object_member (json_node_get_object (root), "command");
  for (guint i = 0; i < n; i++)
    {
      JsonNode *value = json_object_get_member (command, names[i]);

      g_assert_nonnull (value);
      if (!herald_command_builder_add_json_value (server, names[i], types[i], value, &error))
        g_error ("The sandbox refuses a value the composer accepted: %s\n%s", error->message, body);
    }
  check_outputs (server);
}

static void
composer_side (HeraldCommandFlavor  flavor,
               const uint8_t       *data,
               size_t               size)
{
  g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (flavor);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  HeraldDataType types[MAX_VALUES];
  guint n = 0;

  for (guint i = 0; size > 0 && i < MAX_VALUES; i++)
    {
      g_autofree char *line = fuzz_take_until (&data, &size, '\n');
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) add_error = NULL;
      HeraldDataType type;
      char *tab;
      g_autofree char *name = NULL;
      const char *value;
      gboolean valid, added;

      if (line[0] == '\0')
        continue;
      type = data_type (line[0]);
      tab = strchr (line + 1, '\t');
      if (tab != NULL)
        {
          name = g_strndup (line + 1, tab - line - 1);
          value = tab + 1;
        }
      else
        value = line + 1;
      /* Names come from a capability the service sent: valid UTF-8. */
      if (name == NULL || !g_utf8_validate (name, -1, NULL))
        {
          g_free (name);
          name = g_strdup_printf ("p%u", i);
        }

      valid = herald_command_builder_validate_value (name, type, value, &error);
      added = herald_command_builder_add_value (builder, name, type, value, &add_error);
      if (added != valid &&
          !g_error_matches (add_error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_DUPLICATE_PROPERTY))
        g_error ("validate_value() and add_value() disagree on %s “%s”", name, value);
      if (added)
        {
          types[n++] = type;
          g_ptr_array_add (names, g_steal_pointer (&name));
        }
    }

  g_assert_cmpuint (herald_command_builder_get_n_values (builder), ==, n);
  check_outputs (builder);
  check_sandbox_reads (builder, (const char **) names->pdata, types, n);
}

static void
sandbox_side (HeraldCommandFlavor  flavor,
              const uint8_t       *data,
              size_t               size)
{
  g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (flavor);
  g_autoptr(JsonNode) root = NULL;
  HeraldDataType types[8];

  if (size < 8)
    return;
  for (guint i = 0; i < 8; i++)
    types[i] = data_type (data[i]);
  data += 8;
  size -= 8;

  root = herald_json_parse ((const char *) data, size, NULL);
  if (root == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (root));
      guint i = 0;

      for (GList *l = members; l != NULL; l = l->next, i++)
        herald_command_builder_add_json_value (builder, l->data, types[i % 8],
                                               json_object_get_member (json_node_get_object (root), l->data),
                                               NULL);
    }
  else
    herald_command_builder_add_json_value (builder, "value", types[0], root, NULL);

  check_outputs (builder);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  HeraldCommandFlavor flavor;

  if (size < 1)
    return 0;
  flavor = (data[0] & 1) ? HERALD_COMMAND_FLAVOR_TENANT : HERALD_COMMAND_FLAVOR_CLASSIC;

  if (data[0] & 2)
    sandbox_side (flavor, data + 1, size - 1);
  else
    composer_side (flavor, data + 1, size - 1);

  return 0;
}

/* fuzz-entity.c
 *
 * Model parsing: herald_entity_new_from_string() for each entity type
 * (capability, sensor type, gateway, device, sensor), as Herald reads the
 * service's answers and entity text. The input is the JSON text.
 *
 * Checks beyond "no crash": an entity that loads writes itself back as JSON
 * (herald_entity_to_string()) that loads again and writes the same JSON
 * (the same tree: herald_json_object_copy() does not keep the order of
 * members), but for json-glib's flaws (see fuzz_json_glib_writes_invalid()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-capability.h"
#include "herald-device.h"
#include "herald-entity.h"
#include "herald-json-private.h"
#include "herald-gateway.h"
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

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_strndup (data, size);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) again_error = NULL;
      g_autoptr(HeraldEntity) entity = herald_entity_new_from_string (types[i], text, &error);
      g_autoptr(HeraldEntity) again = NULL;
      g_autofree char *written = NULL;
      g_autofree char *rewritten = NULL;
      g_autoptr(JsonNode) written_node = NULL;
      g_autoptr(JsonNode) rewritten_node = NULL;

      if (entity == NULL)
        {
          g_assert_nonnull (error);
          continue;
        }
      g_assert_no_error (error);

      /* What the pages show. */
      (void) herald_entity_get_id (entity);
      (void) herald_entity_get_name (entity);
      (void) herald_entity_get_alternate_id (entity);
      (void) herald_entity_get_kind_label (entity);

      written = herald_entity_to_string (entity, i % 2 == 0);
      {
        g_autoptr(JsonNode) node = herald_entity_to_json (entity);

        if (fuzz_json_glib_writes_invalid (node))
          continue;
      }
      again = herald_entity_new_from_string (types[i], written, &again_error);
      if (again == NULL)
        g_error ("A %s does not load from what it wrote: %s\n%s",
                 g_type_name (types[i]), again_error->message, written);
      rewritten = herald_entity_to_string (again, i % 2 == 0);
      written_node = herald_json_parse (written, -1, NULL);
      rewritten_node = herald_json_parse (rewritten, -1, NULL);
      if (!json_node_equal (written_node, rewritten_node))
        g_error ("A %s writes different JSON after a round trip:\n%s\n%s",
                 g_type_name (types[i]), written, rewritten);
    }

  return 0;
}

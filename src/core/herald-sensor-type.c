/* herald-sensor-type.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-entity-private.h"
#include "herald-sensor-type.h"

/**
 * HeraldSensorType:
 *
 * A sensor type: `id`, `alternateId` (a small number as a string, "0" for
 * the built-in default), `name` and `capabilities`, a list of
 * `{"id": capabilityId, "type": "command"|"measure"}` read with
 * herald_sensor_type_get_capability_id() and _get_capability_usage().
 * The "n-capabilities" property tells bindings when the list changed.
 */
struct _HeraldSensorType
{
  HeraldEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldSensorType, herald_sensor_type, HERALD_TYPE_ENTITY)

enum {
  PROP_0,
  PROP_N_CAPABILITIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static JsonArray *
get_capabilities (HeraldSensorType *self)
{
  JsonObject *json = herald_entity_get_json (HERALD_ENTITY (self));
  JsonNode *node = json_object_get_member (json, "capabilities");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static gboolean
herald_sensor_type_load (HeraldEntity  *entity,
                         JsonObject    *object,
                         GError       **error)
{
  const char *what = herald_entity_get_kind_label (entity);
  JsonArray *array;

  if (!herald_json_check_member (object, "capabilities", HERALD_JSON_ARRAY, what, error))
    return FALSE;

  array = get_capabilities (HERALD_SENSOR_TYPE (entity));
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *item_what = C_("entity", "capability of the sensor type");

      if (!herald_json_check_node (element, HERALD_JSON_OBJECT, item_what, error) ||
          !herald_json_check_member (json_node_get_object (element), "id",
                                     HERALD_JSON_STRING, item_what, error) ||
          !herald_json_check_member (json_node_get_object (element), "type",
                                     HERALD_JSON_STRING, item_what, error))
        return FALSE;
    }

  return TRUE;
}

static void
herald_sensor_type_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HeraldSensorType *self = HERALD_SENSOR_TYPE (object);

  switch (prop_id)
    {
    case PROP_N_CAPABILITIES:
      g_value_set_uint (value, herald_sensor_type_get_n_capabilities (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_sensor_type_class_init (HeraldSensorTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HeraldEntityClass *entity_class = HERALD_ENTITY_CLASS (klass);

  object_class->get_property = herald_sensor_type_get_property;

  entity_class->load = herald_sensor_type_load;
  herald_entity_class_set_label (entity_class, NC_("entity", "sensor type"));

  properties[PROP_N_CAPABILITIES] =
    g_param_spec_uint ("n-capabilities", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_sensor_type_init (HeraldSensorType *self)
{
}

HeraldSensorType *
herald_sensor_type_new (const char *name)
{
  return g_object_new (HERALD_TYPE_SENSOR_TYPE, "name", name, NULL);
}

/**
 * herald_sensor_type_new_from_json:
 *
 * See herald_entity_new_from_json().
 *
 * Returns: (transfer full) (nullable): a new sensor type
 */
HeraldSensorType *
herald_sensor_type_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  return herald_entity_new_from_json (HERALD_TYPE_SENSOR_TYPE, node, error);
}

guint
herald_sensor_type_get_n_capabilities (HeraldSensorType *self)
{
  JsonArray *array;

  g_return_val_if_fail (HERALD_IS_SENSOR_TYPE (self), 0);

  array = get_capabilities (self);
  return array ? json_array_get_length (array) : 0;
}

static JsonObject *
get_capability (HeraldSensorType *self,
                guint             position)
{
  JsonArray *array = get_capabilities (self);
  JsonNode *node;

  if (array == NULL || position >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, position);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Returns: (nullable): the capability's id at @position */
const char *
herald_sensor_type_get_capability_id (HeraldSensorType *self,
                                      guint             position)
{
  JsonObject *capability;

  g_return_val_if_fail (HERALD_IS_SENSOR_TYPE (self), NULL);

  capability = get_capability (self, position);
  return capability ? herald_json_get_string (capability, "id") : NULL;
}

/* Returns: (nullable): "command" or "measure" */
const char *
herald_sensor_type_get_capability_usage (HeraldSensorType *self,
                                         guint             position)
{
  JsonObject *capability;

  g_return_val_if_fail (HERALD_IS_SENSOR_TYPE (self), NULL);

  capability = get_capability (self, position);
  return capability ? herald_json_get_string (capability, "type") : NULL;
}

/**
 * herald_sensor_type_add_capability:
 * @capability_id: the capability's `id` (not its alternate id)
 * @usage: "command" or "measure"
 */
void
herald_sensor_type_add_capability (HeraldSensorType *self,
                                   const char       *capability_id,
                                   const char       *usage)
{
  JsonObject *json;
  JsonObject *capability;
  JsonArray *array;

  g_return_if_fail (HERALD_IS_SENSOR_TYPE (self));
  g_return_if_fail (capability_id != NULL);
  g_return_if_fail (usage != NULL);

  array = get_capabilities (self);
  if (array == NULL)
    {
      json = herald_entity_get_json (HERALD_ENTITY (self));
      array = json_array_new ();
      json_object_set_array_member (json, "capabilities", array);
    }

  capability = json_object_new ();
  json_object_set_string_member (capability, "id", capability_id);
  json_object_set_string_member (capability, "type", usage);
  json_array_add_object_element (array, capability);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CAPABILITIES]);
}

/* @usage: (nullable): "command", "measure", or %NULL for either */
gboolean
herald_sensor_type_has_capability (HeraldSensorType *self,
                                   const char       *capability_id,
                                   const char       *usage)
{
  guint n;

  g_return_val_if_fail (HERALD_IS_SENSOR_TYPE (self), FALSE);

  n = herald_sensor_type_get_n_capabilities (self);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (herald_sensor_type_get_capability_id (self, i), capability_id) == 0 &&
          (usage == NULL || g_strcmp0 (herald_sensor_type_get_capability_usage (self, i), usage) == 0))
        return TRUE;
    }

  return FALSE;
}

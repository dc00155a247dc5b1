/* herald-capability.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-capability.h"
#include "herald-entity-private.h"

/**
 * HeraldCapability:
 *
 * A capability: `id`, `name`, `alternateId` and its typed `properties`
 * (a #GListModel of #HeraldProperty, in the service's order).
 */
struct _HeraldCapability
{
  HeraldEntity  parent_instance;
  GListStore   *properties;
};

G_DEFINE_FINAL_TYPE (HeraldCapability, herald_capability, HERALD_TYPE_ENTITY)

enum {
  PROP_0,
  PROP_PROPERTIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
herald_capability_load (HeraldEntity  *entity,
                        JsonObject    *object,
                        GError       **error)
{
  HeraldCapability *self = HERALD_CAPABILITY (entity);
  const char *what = herald_entity_get_kind_label (entity);
  JsonArray *array;

  if (!herald_json_check_member (object, "properties", HERALD_JSON_ARRAY, what, error))
    return FALSE;

  if (!json_object_has_member (object, "properties") ||
      json_object_get_null_member (object, "properties"))
    return TRUE;

  array = json_object_get_array_member (object, "properties");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(HeraldProperty) property = NULL;

      property = herald_property_new_from_json (json_array_get_element (array, i), error);
      if (property == NULL)
        return FALSE;

      g_list_store_append (self->properties, property);
    }

  return TRUE;
}

static void
herald_capability_store (HeraldEntity *entity,
                         JsonObject   *object)
{
  HeraldCapability *self = HERALD_CAPABILITY (entity);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->properties));
  JsonArray *array;

  /* An entity that never had properties is written without the member, as
   * it came; one built in Herald always gets the list the service wants. */
  if (n == 0 && !json_object_has_member (object, "properties"))
    return;

  array = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldProperty) property = g_list_model_get_item (G_LIST_MODEL (self->properties), i);

      json_array_add_element (array, herald_property_to_json (property));
    }

  json_object_set_array_member (object, "properties", array);
}

static void
herald_capability_dispose (GObject *object)
{
  HeraldCapability *self = (HeraldCapability *)object;

  g_clear_object (&self->properties);

  G_OBJECT_CLASS (herald_capability_parent_class)->dispose (object);
}

static void
herald_capability_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HeraldCapability *self = HERALD_CAPABILITY (object);

  switch (prop_id)
    {
    case PROP_PROPERTIES:
      g_value_set_object (value, self->properties);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_capability_class_init (HeraldCapabilityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HeraldEntityClass *entity_class = HERALD_ENTITY_CLASS (klass);

  object_class->dispose = herald_capability_dispose;
  object_class->get_property = herald_capability_get_property;

  entity_class->load = herald_capability_load;
  entity_class->store = herald_capability_store;
  herald_entity_class_set_label (entity_class, NC_("entity", "capability"));

  properties[PROP_PROPERTIES] =
    g_param_spec_object ("properties", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_capability_init (HeraldCapability *self)
{
  self->properties = g_list_store_new (HERALD_TYPE_PROPERTY);
}

HeraldCapability *
herald_capability_new (const char *name)
{
  return g_object_new (HERALD_TYPE_CAPABILITY, "name", name, NULL);
}

/**
 * herald_capability_new_from_json:
 *
 * See herald_entity_new_from_json().
 *
 * Returns: (transfer full) (nullable): a new capability
 */
HeraldCapability *
herald_capability_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  return herald_entity_new_from_json (HERALD_TYPE_CAPABILITY, node, error);
}

/**
 * herald_capability_get_properties:
 *
 * Returns: (transfer none): a #GListModel of #HeraldProperty
 */
GListModel *
herald_capability_get_properties (HeraldCapability *self)
{
  g_return_val_if_fail (HERALD_IS_CAPABILITY (self), NULL);

  return G_LIST_MODEL (self->properties);
}

void
herald_capability_add_property (HeraldCapability *self,
                                HeraldProperty   *property)
{
  g_return_if_fail (HERALD_IS_CAPABILITY (self));
  g_return_if_fail (HERALD_IS_PROPERTY (property));

  g_list_store_append (self->properties, property);
}

/**
 * herald_capability_find_property:
 *
 * Returns: (transfer none) (nullable): the property called @name
 */
HeraldProperty *
herald_capability_find_property (HeraldCapability *self,
                                 const char       *name)
{
  g_return_val_if_fail (HERALD_IS_CAPABILITY (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->properties)); i++)
    {
      g_autoptr(HeraldProperty) property = g_list_model_get_item (G_LIST_MODEL (self->properties), i);

      if (g_strcmp0 (herald_property_get_name (property), name) == 0)
        return property; /* the store keeps its reference */
    }

  return NULL;
}

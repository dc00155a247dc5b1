/* herald-property.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-json-private.h"
#include "herald-property.h"

/**
 * HeraldProperty:
 *
 * One property of a capability: `name`, `dataType`, `unitOfMeasure`. The
 * object keeps every other field of its JSON (the seed's `formatter`, or
 * whatever a newer service adds) and writes it back unchanged.
 */
struct _HeraldProperty
{
  GObject     parent_instance;
  JsonObject *json;
};

G_DEFINE_FINAL_TYPE (HeraldProperty, herald_property, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DATA_TYPE,
  PROP_UNIT_OF_MEASURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
herald_property_finalize (GObject *object)
{
  HeraldProperty *self = (HeraldProperty *)object;

  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (herald_property_parent_class)->finalize (object);
}

static void
herald_property_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HeraldProperty *self = HERALD_PROPERTY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, herald_property_get_name (self));
      break;
    case PROP_DATA_TYPE:
      g_value_set_enum (value, herald_property_get_data_type (self));
      break;
    case PROP_UNIT_OF_MEASURE:
      g_value_set_string (value, herald_property_get_unit_of_measure (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_property_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HeraldProperty *self = HERALD_PROPERTY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      herald_property_set_name (self, g_value_get_string (value));
      break;
    case PROP_DATA_TYPE:
      herald_property_set_data_type (self, g_value_get_enum (value));
      break;
    case PROP_UNIT_OF_MEASURE:
      herald_property_set_unit_of_measure (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_property_class_init (HeraldPropertyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_property_finalize;
  object_class->get_property = herald_property_get_property;
  object_class->set_property = herald_property_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* An unknown `dataType` name reads as %HERALD_DATA_TYPE_INVALID; the name
   * itself stays in the JSON (herald_property_get_data_type_name()). */
  properties[PROP_DATA_TYPE] =
    g_param_spec_enum ("data-type", NULL, NULL,
                       HERALD_TYPE_DATA_TYPE, HERALD_DATA_TYPE_INVALID,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UNIT_OF_MEASURE] =
    g_param_spec_string ("unit-of-measure", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_property_init (HeraldProperty *self)
{
  self->json = json_object_new ();
}

HeraldProperty *
herald_property_new (const char     *name,
                     HeraldDataType  data_type,
                     const char     *unit_of_measure)
{
  return g_object_new (HERALD_TYPE_PROPERTY,
                       "name", name,
                       "data-type", data_type,
                       "unit-of-measure", unit_of_measure,
                       NULL);
}

/**
 * herald_property_new_from_json:
 * @node: a JSON object as the service writes a property
 * @error: set to a %HERALD_API_ERROR_BAD_RESPONSE error when @node is not an
 *   object or a known field has the wrong type
 *
 * Returns: (transfer full): a new property holding a copy of @node
 */
HeraldProperty *
herald_property_new_from_json (JsonNode  *node,
                               GError   **error)
{
  const char *what = C_("entity", "property");
  HeraldProperty *self;
  JsonObject *object;

  if (!herald_json_check_node (node, HERALD_JSON_OBJECT, what, error))
    return NULL;

  object = json_node_get_object (node);
  if (!herald_json_check_member (object, "name", HERALD_JSON_STRING, what, error) ||
      !herald_json_check_member (object, "dataType", HERALD_JSON_STRING, what, error) ||
      !herald_json_check_member (object, "unitOfMeasure", HERALD_JSON_STRING, what, error))
    return NULL;

  self = g_object_new (HERALD_TYPE_PROPERTY, NULL);
  json_object_unref (self->json);
  self->json = herald_json_object_copy (object);

  return self;
}

/**
 * herald_property_to_json:
 *
 * Returns: (transfer full): the property as the service reads it, with
 *   every field it was built from
 */
JsonNode *
herald_property_to_json (HeraldProperty *self)
{
  JsonNode *node;

  g_return_val_if_fail (HERALD_IS_PROPERTY (self), NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, herald_json_object_copy (self->json));
  return node;
}

const char *
herald_property_get_name (HeraldProperty *self)
{
  g_return_val_if_fail (HERALD_IS_PROPERTY (self), NULL);

  return herald_json_get_string (self->json, "name");
}

void
herald_property_set_name (HeraldProperty *self,
                          const char     *name)
{
  g_return_if_fail (HERALD_IS_PROPERTY (self));

  if (herald_json_set_string (self->json, "name", name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

HeraldDataType
herald_property_get_data_type (HeraldProperty *self)
{
  g_return_val_if_fail (HERALD_IS_PROPERTY (self), HERALD_DATA_TYPE_INVALID);

  return herald_data_type_from_string (herald_json_get_string (self->json, "dataType"));
}

/* The wire name as the service sent it, also when Herald does not know it. */
const char *
herald_property_get_data_type_name (HeraldProperty *self)
{
  g_return_val_if_fail (HERALD_IS_PROPERTY (self), NULL);

  return herald_json_get_string (self->json, "dataType");
}

void
herald_property_set_data_type (HeraldProperty *self,
                               HeraldDataType  data_type)
{
  g_return_if_fail (HERALD_IS_PROPERTY (self));

  if (data_type == herald_property_get_data_type (self))
    return;

  herald_json_set_string (self->json, "dataType", herald_data_type_to_string (data_type));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_TYPE]);
}

const char *
herald_property_get_unit_of_measure (HeraldProperty *self)
{
  g_return_val_if_fail (HERALD_IS_PROPERTY (self), NULL);

  return herald_json_get_string (self->json, "unitOfMeasure");
}

void
herald_property_set_unit_of_measure (HeraldProperty *self,
                                     const char     *unit_of_measure)
{
  g_return_if_fail (HERALD_IS_PROPERTY (self));

  if (unit_of_measure != NULL && unit_of_measure[0] == '\0')
    unit_of_measure = NULL;

  if (herald_json_set_string (self->json, "unitOfMeasure", unit_of_measure))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_OF_MEASURE]);
}

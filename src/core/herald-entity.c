/* herald-entity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-api-error.h"
#include "herald-entity-private.h"

typedef struct
{
  JsonObject *json;
} HeraldEntityPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HeraldEntity, herald_entity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ALTERNATE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GQuark label_quark;

static void
herald_entity_finalize (GObject *object)
{
  HeraldEntity *self = (HeraldEntity *)object;
  HeraldEntityPrivate *priv = herald_entity_get_instance_private (self);

  g_clear_pointer (&priv->json, json_object_unref);

  G_OBJECT_CLASS (herald_entity_parent_class)->finalize (object);
}

static void
herald_entity_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HeraldEntity *self = HERALD_ENTITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, herald_entity_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, herald_entity_get_name (self));
      break;
    case PROP_ALTERNATE_ID:
      g_value_set_string (value, herald_entity_get_alternate_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_entity_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HeraldEntity *self = HERALD_ENTITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      herald_entity_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      herald_entity_set_name (self, g_value_get_string (value));
      break;
    case PROP_ALTERNATE_ID:
      herald_entity_set_alternate_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
herald_entity_real_load (HeraldEntity  *self,
                         JsonObject    *object,
                         GError       **error)
{
  return TRUE;
}

static void
herald_entity_real_store (HeraldEntity *self,
                          JsonObject   *object)
{
}

static void
herald_entity_class_init (HeraldEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_entity_finalize;
  object_class->get_property = herald_entity_get_property;
  object_class->set_property = herald_entity_set_property;

  klass->load = herald_entity_real_load;
  klass->store = herald_entity_real_store;

  label_quark = g_quark_from_static_string ("herald-entity-label");

  /* The service's `id`: a UUID or a numeric string, set by the service. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The `alternateId`: what MQTT topics and payloads use. */
  properties[PROP_ALTERNATE_ID] =
    g_param_spec_string ("alternate-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_entity_init (HeraldEntity *self)
{
  HeraldEntityPrivate *priv = herald_entity_get_instance_private (self);

  priv->json = json_object_new ();
}

JsonObject *
herald_entity_get_json (HeraldEntity *self)
{
  HeraldEntityPrivate *priv = herald_entity_get_instance_private (self);

  return priv->json;
}

/* A noun for messages, marked with NC_("entity", "device") in class_init. */
void
herald_entity_class_set_label (HeraldEntityClass *klass,
                               const char        *label)
{
  g_type_set_qdata (G_TYPE_FROM_CLASS (klass), label_quark, (gpointer)label);
}

const char *
herald_entity_get_kind_label (HeraldEntity *self)
{
  const char *label;

  g_return_val_if_fail (HERALD_IS_ENTITY (self), NULL);

  label = g_type_get_qdata (G_OBJECT_TYPE (self), label_quark);
  return label ? g_dpgettext2 (GETTEXT_PACKAGE, "entity", label) : G_OBJECT_TYPE_NAME (self);
}

gboolean
herald_entity_set_string_member (HeraldEntity *self,
                                 const char   *member,
                                 const char   *value,
                                 GParamSpec   *pspec)
{
  HeraldEntityPrivate *priv = herald_entity_get_instance_private (self);

  if (!herald_json_set_string (priv->json, member, value))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}

/**
 * herald_entity_new_from_json:
 * @entity_type: a subtype of #HeraldEntity, e.g. %HERALD_TYPE_DEVICE
 * @node: a JSON object as the service answers it
 * @error: set to a %HERALD_API_ERROR_BAD_RESPONSE error naming the field
 *   when @node is not an object or a known field has the wrong type
 *
 * Builds an entity from the service's JSON. Fields Herald does not know are
 * kept and written back by herald_entity_to_json(). Both flavours' shapes
 * are accepted: a missing field is simply unset.
 *
 * Returns: (transfer full) (type HeraldEntity): the new entity, or %NULL
 */
gpointer
herald_entity_new_from_json (GType      entity_type,
                             JsonNode  *node,
                             GError   **error)
{
  g_autoptr(HeraldEntity) self = NULL;
  HeraldEntityPrivate *priv;
  const char *what;
  JsonObject *object;

  g_return_val_if_fail (g_type_is_a (entity_type, HERALD_TYPE_ENTITY), NULL);

  self = g_object_new (entity_type, NULL);
  priv = herald_entity_get_instance_private (self);
  what = herald_entity_get_kind_label (self);

  if (!herald_json_check_node (node, HERALD_JSON_OBJECT, what, error))
    return NULL;

  object = json_node_get_object (node);
  if (!herald_json_check_member (object, "id", HERALD_JSON_STRING, what, error) ||
      !herald_json_check_member (object, "name", HERALD_JSON_STRING, what, error) ||
      !herald_json_check_member (object, "alternateId", HERALD_JSON_STRING, what, error))
    return NULL;

  json_object_unref (priv->json);
  priv->json = herald_json_object_copy (object);

  if (!HERALD_ENTITY_GET_CLASS (self)->load (self, priv->json, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * herald_entity_new_from_string:
 * @entity_type: a subtype of #HeraldEntity
 * @json: JSON text
 * @error: a %HERALD_API_ERROR_BAD_RESPONSE error for malformed JSON, or
 *   what herald_entity_new_from_json() reports
 *
 * Returns: (transfer full) (type HeraldEntity): the new entity, or %NULL
 */
gpointer
herald_entity_new_from_string (GType        entity_type,
                               const char  *json,
                               GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  root = herald_json_parse (json, -1, &local_error);
  if (root == NULL)
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                           local_error->message);
      return NULL;
    }

  return herald_entity_new_from_json (entity_type, root, error);
}

/**
 * herald_entity_to_json:
 *
 * Returns: (transfer full): the entity as a JSON object, with every field it
 *   was built from (changed where a property was set) and its child objects
 */
JsonNode *
herald_entity_to_json (HeraldEntity *self)
{
  HeraldEntityPrivate *priv = herald_entity_get_instance_private (self);
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (HERALD_IS_ENTITY (self), NULL);

  object = herald_json_object_copy (priv->json);
  HERALD_ENTITY_GET_CLASS (self)->store (self, object);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

char *
herald_entity_to_string (HeraldEntity *self,
                         gboolean      pretty)
{
  g_autoptr(JsonNode) node = herald_entity_to_json (self);

  return herald_json_to_string (node, pretty);
}

const char *
herald_entity_get_id (HeraldEntity *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY (self), NULL);

  return herald_json_get_string (herald_entity_get_json (self), "id");
}

void
herald_entity_set_id (HeraldEntity *self,
                      const char   *id)
{
  g_return_if_fail (HERALD_IS_ENTITY (self));

  herald_entity_set_string_member (self, "id", id, properties[PROP_ID]);
}

const char *
herald_entity_get_name (HeraldEntity *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY (self), NULL);

  return herald_json_get_string (herald_entity_get_json (self), "name");
}

void
herald_entity_set_name (HeraldEntity *self,
                        const char   *name)
{
  g_return_if_fail (HERALD_IS_ENTITY (self));

  herald_entity_set_string_member (self, "name", name, properties[PROP_NAME]);
}

const char *
herald_entity_get_alternate_id (HeraldEntity *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY (self), NULL);

  return herald_json_get_string (herald_entity_get_json (self), "alternateId");
}

void
herald_entity_set_alternate_id (HeraldEntity *self,
                                const char   *alternate_id)
{
  g_return_if_fail (HERALD_IS_ENTITY (self));

  if (alternate_id != NULL && alternate_id[0] == '\0')
    alternate_id = NULL;

  herald_entity_set_string_member (self, "alternateId", alternate_id, properties[PROP_ALTERNATE_ID]);
}

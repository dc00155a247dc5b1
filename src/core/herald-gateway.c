/* herald-gateway.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-entity-private.h"
#include "herald-gateway.h"

/**
 * HeraldGateway:
 *
 * A cloud gateway of the service, read-only: `id`, `name` (which differs
 * between the flavours, so never match on it), `alternateId` (tenant
 * flavour), `protocolId` ("mqtt" or "rest"), `status` ("online"), `type`
 * ("cloud") and `creationTimestamp` (epoch milliseconds).
 */
struct _HeraldGateway
{
  HeraldEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldGateway, herald_gateway, HERALD_TYPE_ENTITY)

enum {
  PROP_0,
  PROP_PROTOCOL_ID,
  PROP_STATUS,
  PROP_GATEWAY_TYPE,
  PROP_CREATION_TIMESTAMP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
herald_gateway_load (HeraldEntity  *entity,
                     JsonObject    *object,
                     GError       **error)
{
  const char *what = herald_entity_get_kind_label (entity);

  return herald_json_check_member (object, "protocolId", HERALD_JSON_STRING, what, error) &&
         herald_json_check_member (object, "status", HERALD_JSON_STRING, what, error) &&
         herald_json_check_member (object, "type", HERALD_JSON_STRING, what, error) &&
         herald_json_check_member (object, "creationTimestamp", HERALD_JSON_NUMBER, what, error);
}

static void
herald_gateway_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HeraldGateway *self = HERALD_GATEWAY (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL_ID:
      g_value_set_string (value, herald_gateway_get_protocol_id (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, herald_gateway_get_status (self));
      break;
    case PROP_GATEWAY_TYPE:
      g_value_set_string (value, herald_gateway_get_gateway_type (self));
      break;
    case PROP_CREATION_TIMESTAMP:
      g_value_set_int64 (value, herald_gateway_get_creation_timestamp (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_gateway_class_init (HeraldGatewayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HeraldEntityClass *entity_class = HERALD_ENTITY_CLASS (klass);

  object_class->get_property = herald_gateway_get_property;

  entity_class->load = herald_gateway_load;
  herald_entity_class_set_label (entity_class, NC_("entity", "gateway"));

  properties[PROP_PROTOCOL_ID] =
    g_param_spec_string ("protocol-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The JSON `type` ("cloud"); "type" is taken by GObject conventions. */
  properties[PROP_GATEWAY_TYPE] =
    g_param_spec_string ("gateway-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREATION_TIMESTAMP] =
    g_param_spec_int64 ("creation-timestamp", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_gateway_init (HeraldGateway *self)
{
}

/**
 * herald_gateway_new_from_json:
 *
 * See herald_entity_new_from_json().
 *
 * Returns: (transfer full) (nullable): a new gateway
 */
HeraldGateway *
herald_gateway_new_from_json (JsonNode  *node,
                              GError   **error)
{
  return herald_entity_new_from_json (HERALD_TYPE_GATEWAY, node, error);
}

const char *
herald_gateway_get_protocol_id (HeraldGateway *self)
{
  g_return_val_if_fail (HERALD_IS_GATEWAY (self), NULL);

  return herald_json_get_string (herald_entity_get_json (HERALD_ENTITY (self)), "protocolId");
}

const char *
herald_gateway_get_status (HeraldGateway *self)
{
  g_return_val_if_fail (HERALD_IS_GATEWAY (self), NULL);

  return herald_json_get_string (herald_entity_get_json (HERALD_ENTITY (self)), "status");
}

const char *
herald_gateway_get_gateway_type (HeraldGateway *self)
{
  g_return_val_if_fail (HERALD_IS_GATEWAY (self), NULL);

  return herald_json_get_string (herald_entity_get_json (HERALD_ENTITY (self)), "type");
}

/* Epoch milliseconds, 0 when the service sent none. */
gint64
herald_gateway_get_creation_timestamp (HeraldGateway *self)
{
  g_return_val_if_fail (HERALD_IS_GATEWAY (self), 0);

  return herald_json_get_int (herald_entity_get_json (HERALD_ENTITY (self)), "creationTimestamp", 0);
}

gboolean
herald_gateway_is_online (HeraldGateway *self)
{
  g_return_val_if_fail (HERALD_IS_GATEWAY (self), FALSE);

  return g_strcmp0 (herald_gateway_get_status (self), "online") == 0;
}

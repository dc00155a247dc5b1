/* herald-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-device.h"
#include "herald-entity-private.h"

/**
 * HeraldDevice:
 *
 * A device: `id` (a numeric string), `gatewayId`, `name`, `alternateId`
 * (the MQTT client id and the certificate's CN), `creationTimestamp`,
 * `online`, `authentications`, and in the classic flavour `status`
 * ("fullyFunctional") and `sensors` (a #GListModel of #HeraldSensor holding
 * the default sensor). The tenant flavour sends neither: the properties are
 * then %NULL and the list is empty.
 */
struct _HeraldDevice
{
  HeraldEntity  parent_instance;
  GListStore   *sensors;
};

G_DEFINE_FINAL_TYPE (HeraldDevice, herald_device, HERALD_TYPE_ENTITY)

enum {
  PROP_0,
  PROP_GATEWAY_ID,
  PROP_STATUS,
  PROP_ONLINE,
  PROP_CREATION_TIMESTAMP,
  PROP_SENSORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
herald_device_load (HeraldEntity  *entity,
                    JsonObject    *object,
                    GError       **error)
{
  HeraldDevice *self = HERALD_DEVICE (entity);
  const char *what = herald_entity_get_kind_label (entity);
  JsonNode *node;

  if (!herald_json_check_member (object, "gatewayId", HERALD_JSON_STRING, what, error) ||
      !herald_json_check_member (object, "status", HERALD_JSON_STRING, what, error) ||
      !herald_json_check_member (object, "online", HERALD_JSON_BOOLEAN, what, error) ||
      !herald_json_check_member (object, "creationTimestamp", HERALD_JSON_NUMBER, what, error) ||
      !herald_json_check_member (object, "authentications", HERALD_JSON_ARRAY, what, error) ||
      !herald_json_check_member (object, "sensors", HERALD_JSON_ARRAY, what, error))
    return FALSE;

  node = json_object_get_member (object, "sensors");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(HeraldSensor) sensor = NULL;

          sensor = herald_sensor_new_from_json (json_array_get_element (array, i), error);
          if (sensor == NULL)
            return FALSE;

          g_list_store_append (self->sensors, sensor);
        }
    }

  return TRUE;
}

static void
herald_device_store (HeraldEntity *entity,
                     JsonObject   *object)
{
  HeraldDevice *self = HERALD_DEVICE (entity);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sensors));
  JsonArray *array;

  /* The tenant flavour sends no `sensors`, and `POST /devices` wants none. */
  if (n == 0 && !json_object_has_member (object, "sensors"))
    return;

  array = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldEntity) sensor = g_list_model_get_item (G_LIST_MODEL (self->sensors), i);

      json_array_add_element (array, herald_entity_to_json (sensor));
    }

  json_object_set_array_member (object, "sensors", array);
}

static void
herald_device_dispose (GObject *object)
{
  HeraldDevice *self = (HeraldDevice *)object;

  g_clear_object (&self->sensors);

  G_OBJECT_CLASS (herald_device_parent_class)->dispose (object);
}

static void
herald_device_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HeraldDevice *self = HERALD_DEVICE (object);

  switch (prop_id)
    {
    case PROP_GATEWAY_ID:
      g_value_set_string (value, herald_device_get_gateway_id (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, herald_device_get_status (self));
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, herald_device_get_online (self));
      break;
    case PROP_CREATION_TIMESTAMP:
      g_value_set_int64 (value, herald_device_get_creation_timestamp (self));
      break;
    case PROP_SENSORS:
      g_value_set_object (value, self->sensors);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_device_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HeraldDevice *self = HERALD_DEVICE (object);

  switch (prop_id)
    {
    case PROP_GATEWAY_ID:
      herald_device_set_gateway_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_device_class_init (HeraldDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HeraldEntityClass *entity_class = HERALD_ENTITY_CLASS (klass);

  object_class->dispose = herald_device_dispose;
  object_class->get_property = herald_device_get_property;
  object_class->set_property = herald_device_set_property;

  entity_class->load = herald_device_load;
  entity_class->store = herald_device_store;
  herald_entity_class_set_label (entity_class, NC_("entity", "device"));

  properties[PROP_GATEWAY_ID] =
    g_param_spec_string ("gateway-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREATION_TIMESTAMP] =
    g_param_spec_int64 ("creation-timestamp", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SENSORS] =
    g_param_spec_object ("sensors", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_device_init (HeraldDevice *self)
{
  self->sensors = g_list_store_new (HERALD_TYPE_SENSOR);
}

/* The body of `POST /devices`; the alternate id may be set before. */
HeraldDevice *
herald_device_new (const char *gateway_id,
                   const char *name)
{
  return g_object_new (HERALD_TYPE_DEVICE,
                       "gateway-id", gateway_id,
                       "name", name,
                       NULL);
}

/**
 * herald_device_new_from_json:
 *
 * See herald_entity_new_from_json().
 *
 * Returns: (transfer full) (nullable): a new device
 */
HeraldDevice *
herald_device_new_from_json (JsonNode  *node,
                             GError   **error)
{
  return herald_entity_new_from_json (HERALD_TYPE_DEVICE, node, error);
}

const char *
herald_device_get_gateway_id (HeraldDevice *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE (self), NULL);

  return herald_json_get_string (herald_entity_get_json (HERALD_ENTITY (self)), "gatewayId");
}

void
herald_device_set_gateway_id (HeraldDevice *self,
                              const char   *gateway_id)
{
  g_return_if_fail (HERALD_IS_DEVICE (self));

  herald_entity_set_string_member (HERALD_ENTITY (self), "gatewayId", gateway_id,
                                   properties[PROP_GATEWAY_ID]);
}

/* Returns: (nullable): "fullyFunctional" in the classic flavour */
const char *
herald_device_get_status (HeraldDevice *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE (self), NULL);

  return herald_json_get_string (herald_entity_get_json (HERALD_ENTITY (self)), "status");
}

gboolean
herald_device_get_online (HeraldDevice *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE (self), FALSE);

  return herald_json_get_boolean (herald_entity_get_json (HERALD_ENTITY (self)), "online", FALSE);
}

/* Epoch milliseconds, 0 when the service sent none. */
gint64
herald_device_get_creation_timestamp (HeraldDevice *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE (self), 0);

  return herald_json_get_int (herald_entity_get_json (HERALD_ENTITY (self)), "creationTimestamp", 0);
}

/**
 * herald_device_get_sensors:
 *
 * Returns: (transfer none): a #GListModel of #HeraldSensor: the sensors the
 *   service sent with the device (classic flavour), not a fresh list
 */
GListModel *
herald_device_get_sensors (HeraldDevice *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE (self), NULL);

  return G_LIST_MODEL (self->sensors);
}

/* Whether `authentications` lists a `clientCertificate`. */
gboolean
herald_device_has_client_certificate (HeraldDevice *self)
{
  JsonObject *json;
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (HERALD_IS_DEVICE (self), FALSE);

  json = herald_entity_get_json (HERALD_ENTITY (self));
  node = json_object_get_member (json, "authentications");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          g_strcmp0 (herald_json_get_string (json_node_get_object (element), "type"),
                     "clientCertificate") == 0)
        return TRUE;
    }

  return FALSE;
}

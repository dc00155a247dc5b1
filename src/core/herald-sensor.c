/* herald-sensor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-entity-private.h"
#include "herald-sensor.h"

/**
 * HeraldSensor:
 *
 * A sensor of a device: `id`, `deviceId`, `sensorTypeId`, `name`,
 * `alternateId` (what MQTT payloads call `sensorAlternateId`).
 */
struct _HeraldSensor
{
  HeraldEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldSensor, herald_sensor, HERALD_TYPE_ENTITY)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_SENSOR_TYPE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
herald_sensor_load (HeraldEntity  *entity,
                    JsonObject    *object,
                    GError       **error)
{
  const char *what = herald_entity_get_kind_label (entity);

  return herald_json_check_member (object, "deviceId", HERALD_JSON_STRING, what, error) &&
         herald_json_check_member (object, "sensorTypeId", HERALD_JSON_STRING, what, error);
}

static void
herald_sensor_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HeraldSensor *self = HERALD_SENSOR (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_string (value, herald_sensor_get_device_id (self));
      break;
    case PROP_SENSOR_TYPE_ID:
      g_value_set_string (value, herald_sensor_get_sensor_type_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_sensor_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HeraldSensor *self = HERALD_SENSOR (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      herald_sensor_set_device_id (self, g_value_get_string (value));
      break;
    case PROP_SENSOR_TYPE_ID:
      herald_sensor_set_sensor_type_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_sensor_class_init (HeraldSensorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HeraldEntityClass *entity_class = HERALD_ENTITY_CLASS (klass);

  object_class->get_property = herald_sensor_get_property;
  object_class->set_property = herald_sensor_set_property;

  entity_class->load = herald_sensor_load;
  herald_entity_class_set_label (entity_class, NC_("entity", "sensor"));

  properties[PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SENSOR_TYPE_ID] =
    g_param_spec_string ("sensor-type-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_sensor_init (HeraldSensor *self)
{
}

/* The body of `POST /sensors`; the alternate id may be set before. */
HeraldSensor *
herald_sensor_new (const char *device_id,
                   const char *name,
                   const char *sensor_type_id)
{
  return g_object_new (HERALD_TYPE_SENSOR,
                       "device-id", device_id,
                       "name", name,
                       "sensor-type-id", sensor_type_id,
                       NULL);
}

/**
 * herald_sensor_new_from_json:
 *
 * See herald_entity_new_from_json().
 *
 * Returns: (transfer full) (nullable): a new sensor
 */
HeraldSensor *
herald_sensor_new_from_json (JsonNode  *node,
                             GError   **error)
{
  return herald_entity_new_from_json (HERALD_TYPE_SENSOR, node, error);
}

const char *
herald_sensor_get_device_id (HeraldSensor *self)
{
  g_return_val_if_fail (HERALD_IS_SENSOR (self), NULL);

  return herald_json_get_string (herald_entity_get_json (HERALD_ENTITY (self)), "deviceId");
}

void
herald_sensor_set_device_id (HeraldSensor *self,
                             const char   *device_id)
{
  g_return_if_fail (HERALD_IS_SENSOR (self));

  herald_entity_set_string_member (HERALD_ENTITY (self), "deviceId", device_id,
                                   properties[PROP_DEVICE_ID]);
}

const char *
herald_sensor_get_sensor_type_id (HeraldSensor *self)
{
  g_return_val_if_fail (HERALD_IS_SENSOR (self), NULL);

  return herald_json_get_string (herald_entity_get_json (HERALD_ENTITY (self)), "sensorTypeId");
}

void
herald_sensor_set_sensor_type_id (HeraldSensor *self,
                                  const char   *sensor_type_id)
{
  g_return_if_fail (HERALD_IS_SENSOR (self));

  herald_entity_set_string_member (HERALD_ENTITY (self), "sensorTypeId", sensor_type_id,
                                   properties[PROP_SENSOR_TYPE_ID]);
}

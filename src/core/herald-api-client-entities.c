/* herald-api-client-entities.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entity at a time: get by id, create, rename, delete, and finding the
 * MQTT gateway among the gateways.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-api-client-private.h"
#include "herald-json-private.h"

/* Get and create */

static void
entity_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GType entity_type = GPOINTER_TO_SIZE (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  HeraldApiCallResult *call_result;
  HeraldEntity *entity;

  call_result = _herald_api_client_call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (call_result->root == NULL)
    {
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                               _("The service's answer is empty (HTTP %u). Check that the API "
                                 "URL points to an IoT Service."),
                               call_result->status);
      _herald_api_call_result_free (call_result);
      return;
    }

  entity = herald_entity_new_from_json (entity_type, call_result->root, &error);
  _herald_api_call_result_free (call_result);

  if (entity == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, entity, g_object_unref);
}

static void
get_async (HeraldApiClient     *self,
           GType                entity_type,
           const char          *id,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = _herald_api_client_op_new (self, herald_api_client_entity_finish,
                                           cancellable, callback, user_data);
  g_autofree char *escaped = _herald_api_client_escape (id);
  g_autofree char *path = g_strdup_printf ("%s/%s", _herald_api_client_collection_of (entity_type),
                                           escaped);

  g_task_set_task_data (task, GSIZE_TO_POINTER (entity_type), NULL);
  _herald_api_client_call_async (self, "GET", path, NULL, entity_type, TRUE,
                                 ENTITY_ANSWER_LIMIT, cancellable, entity_done, task);
}

/* The five gets differ only in their type: each is defined by DEFINE_GET
 * below, named next to it. */
#define DEFINE_GET(func, TYPE)                                                    \
void                                                                              \
herald_api_client_get_##func##_async (HeraldApiClient     *self,                  \
                                      const char          *id,                    \
                                      GCancellable        *cancellable,           \
                                      GAsyncReadyCallback  callback,              \
                                      gpointer             user_data)             \
{                                                                                 \
  g_return_if_fail (HERALD_IS_API_CLIENT (self));                                 \
  g_return_if_fail (id != NULL);                                                  \
                                                                                  \
  get_async (self, TYPE, id, cancellable, callback, user_data);                   \
}

/**
 * herald_api_client_get_capability_async:
 *
 * `GET /capabilities/{id}`; the others alike. Finish with
 * herald_api_client_entity_finish(). A 404 is
 * %HERALD_API_ERROR_NOT_FOUND ("The capability no longer exists").
 */
DEFINE_GET (capability, HERALD_TYPE_CAPABILITY)   /* herald_api_client_get_capability_async */
DEFINE_GET (sensor_type, HERALD_TYPE_SENSOR_TYPE) /* herald_api_client_get_sensor_type_async */
DEFINE_GET (gateway, HERALD_TYPE_GATEWAY)         /* herald_api_client_get_gateway_async */
DEFINE_GET (device, HERALD_TYPE_DEVICE)           /* herald_api_client_get_device_async */
DEFINE_GET (sensor, HERALD_TYPE_SENSOR)           /* herald_api_client_get_sensor_async */

/**
 * herald_api_client_create_async:
 * @entity: a #HeraldCapability, #HeraldSensorType, #HeraldDevice or
 *   #HeraldSensor holding the fields to send (see the spec), e.g. from
 *   herald_device_new()
 *
 * `POST` to the entity's collection. Finish with
 * herald_api_client_entity_finish(), which gives the stored entity as the
 * service answered it (with its `id` and `alternateId`).
 */
void
herald_api_client_create_async (HeraldApiClient     *self,
                                HeraldEntity        *entity,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  g_autofree char *body = NULL;
  GType entity_type;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (HERALD_IS_ENTITY (entity));
  g_return_if_fail (!HERALD_IS_GATEWAY (entity));

  entity_type = G_OBJECT_TYPE (entity);
  task = _herald_api_client_op_new (self, herald_api_client_entity_finish, cancellable, callback, user_data);
  g_task_set_task_data (task, GSIZE_TO_POINTER (entity_type), NULL);

  body = herald_entity_to_string (entity, FALSE);
  _herald_api_client_call_async (self, "POST", _herald_api_client_collection_of (entity_type),
                                 body, entity_type, FALSE, ENTITY_ANSWER_LIMIT, cancellable,
                                 entity_done, task);
}

/**
 * herald_api_client_rename_async:
 * @entity_type: %HERALD_TYPE_CAPABILITY, %HERALD_TYPE_SENSOR_TYPE,
 *   %HERALD_TYPE_DEVICE or %HERALD_TYPE_SENSOR
 * @id: the entity's `id`
 * @name: its new name
 *
 * `PUT /{collection}/{id}` with `{"name"}`, as SAP's clients rename (its id
 * and alternate id stay). Finish with herald_api_client_entity_finish(),
 * which gives the entity as the service answered it.
 */
void
herald_api_client_rename_async (HeraldApiClient     *self,
                                GType                entity_type,
                                const char          *id,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (g_type_is_a (entity_type, HERALD_TYPE_ENTITY));
  g_return_if_fail (entity_type != HERALD_TYPE_GATEWAY);
  g_return_if_fail (id != NULL);
  g_return_if_fail (name != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  task = _herald_api_client_op_new (self, herald_api_client_entity_finish, cancellable, callback, user_data);
  g_task_set_task_data (task, GSIZE_TO_POINTER (entity_type), NULL);
  escaped = _herald_api_client_escape (id);
  path = g_strdup_printf ("%s/%s", _herald_api_client_collection_of (entity_type), escaped);
  _herald_api_client_call_async (self, "PUT", path, body, entity_type, TRUE,
                                 ENTITY_ANSWER_LIMIT, cancellable, entity_done, task);
}

/**
 * herald_api_client_entity_finish:
 *
 * Finishes the get, create, rename and find-gateway calls.
 *
 * Returns: (transfer full) (type HeraldEntity): the entity, of the type asked for
 */
gpointer
herald_api_client_entity_finish (HeraldApiClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == herald_api_client_entity_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gateways_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) gateways = NULL;
  g_autoptr(HeraldGateway) offline = NULL;

  gateways = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (gateways == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (gateways); i++)
    {
      g_autoptr(HeraldGateway) gateway = g_list_model_get_item (gateways, i);

      /* By protocol, never by name: the names differ between flavours. */
      if (g_strcmp0 (herald_gateway_get_protocol_id (gateway), "mqtt") != 0)
        continue;

      if (herald_gateway_is_online (gateway))
        {
          g_task_return_pointer (task, g_steal_pointer (&gateway), g_object_unref);
          return;
        }

      if (offline == NULL)
        offline = g_steal_pointer (&gateway);
    }

  if (offline != NULL)
    g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND,
                             _("The MQTT gateway of the service is not online (its status is "
                               "“%s”). Wait until it is, or ask the service's administrator."),
                             herald_gateway_get_status (offline) ? herald_gateway_get_status (offline) : "");
  else
    g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND,
                             _("The service has no MQTT gateway, so it cannot reach MQTT "
                               "devices. Check the gateways of the service."));
}

/**
 * herald_api_client_find_mqtt_gateway_async:
 *
 * Lists all gateways and picks the online one whose `protocolId` is
 * "mqtt". Finish with herald_api_client_entity_finish(); no such gateway
 * is %HERALD_API_ERROR_NOT_FOUND.
 */
void
herald_api_client_find_mqtt_gateway_async (HeraldApiClient     *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));

  task = _herald_api_client_op_new (self, herald_api_client_entity_finish, cancellable, callback, user_data);
  herald_api_client_list_gateways_async (self, NULL, NULL, 0, 0, cancellable, gateways_done, task);
}

/* Delete */

/* A call whose answer says only that it was done (DELETE): its task
 * returns TRUE, or the call's error. */
void
_herald_api_client_boolean_done (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  HeraldApiCallResult *call_result;

  call_result = _herald_api_client_call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _herald_api_call_result_free (call_result);
  g_task_return_boolean (task, TRUE);
}

/**
 * herald_api_client_delete_async:
 * @entity_type: %HERALD_TYPE_CAPABILITY, %HERALD_TYPE_SENSOR_TYPE,
 *   %HERALD_TYPE_DEVICE or %HERALD_TYPE_SENSOR
 * @id: the entity's `id`
 *
 * `DELETE /{collection}/{id}`. Deleting a device also removes its sensors
 * and revokes its certificates. Still in use is %HERALD_API_ERROR_CONFLICT.
 */
void
herald_api_client_delete_async (HeraldApiClient     *self,
                                GType                entity_type,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (g_type_is_a (entity_type, HERALD_TYPE_ENTITY));
  g_return_if_fail (entity_type != HERALD_TYPE_GATEWAY);
  g_return_if_fail (id != NULL);

  task = _herald_api_client_op_new (self, herald_api_client_delete_async, cancellable, callback, user_data);
  escaped = _herald_api_client_escape (id);
  path = g_strdup_printf ("%s/%s", _herald_api_client_collection_of (entity_type), escaped);
  _herald_api_client_call_async (self, "DELETE", path, NULL, entity_type, TRUE,
                                 ENTITY_ANSWER_LIMIT, cancellable, _herald_api_client_boolean_done, task);
}

gboolean
herald_api_client_delete_finish (HeraldApiClient  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

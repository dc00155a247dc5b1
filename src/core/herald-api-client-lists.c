/* herald-api-client-lists.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The paged lists of HeraldApiClient: the OData query (filter, orderby,
 * skip, top), page after page until the list ends, with the guards
 * against a service that repeats a page or never stops; the five entity
 * lists and a device's measures.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-api-client-private.h"
#include "herald-json-private.h"

/* One listing, page after page. Entities go into @store; a device's
 * measures (@entity_type %G_TYPE_NONE) stay JSON objects, in @raw. */
typedef struct
{
  GType       entity_type;
  char       *path;
  char       *filter;
  char       *orderby;
  guint       skip;
  guint       top;
  guint       page_size;
  guint       list_limit;
  guint       received;
  char       *previous_first;
  GListStore *store;
  JsonArray  *raw;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->path);
  g_free (data->filter);
  g_free (data->orderby);
  g_free (data->previous_first);
  g_clear_object (&data->store);
  g_clear_pointer (&data->raw, json_array_unref);
  g_free (data);
}

static void list_page_done (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
list_next_page (GTask *task)
{
  HeraldApiClient *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GString) path = g_string_new (data->path);
  gboolean measures = data->entity_type == G_TYPE_NONE;
  char sep = strchr (data->path, '?') ? '&' : '?';
  guint top = data->top != 0 ? data->top - data->received : data->page_size;

  if (data->top != 0 && top > data->page_size)
    top = data->page_size;

  if (data->filter != NULL)
    {
      g_autofree char *escaped = _herald_api_client_escape (data->filter);
      g_string_append_printf (path, "%cfilter=%s", sep, escaped);
      sep = '&';
    }
  if (data->orderby != NULL)
    {
      g_autofree char *escaped = _herald_api_client_escape (data->orderby);
      g_string_append_printf (path, "%corderby=%s", sep, escaped);
      sep = '&';
    }
  if ((guint64)data->skip + data->received > 0)
    {
      g_string_append_printf (path, "%cskip=%" G_GUINT64_FORMAT, sep,
                              (guint64)data->skip + data->received);
      sep = '&';
    }
  g_string_append_printf (path, "%ctop=%u", sep, top);

  /* A 404 of an entity list means a wrong API URL; of a device's
   * measures, that the device is gone. */
  _herald_api_client_call_async (self, "GET", path->str, NULL,
                                 measures ? HERALD_TYPE_DEVICE : data->entity_type, measures,
                                 LIST_ANSWER_LIMIT, g_task_get_cancellable (task),
                                 list_page_done, task);
}

static void
list_page_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldApiClient *self = HERALD_API_CLIENT (object);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  HeraldApiCallResult *call_result;
  const char *what;
  JsonArray *array;
  guint n;
  guint requested;

  call_result = _herald_api_client_call_finish (self, result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  what = C_("entity", "list");
  if (!herald_json_check_node (call_result->root, HERALD_JSON_ARRAY, what, &error))
    {
      _herald_api_call_result_free (call_result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  array = json_node_get_array (call_result->root);
  n = json_array_get_length (array);

  /* A service that sends new full pages without end would be read for
   * ever. */
  if (n > data->list_limit - MIN (data->received, data->list_limit))
    {
      _herald_api_call_result_free (call_result);
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                               _("The service sent more than %u entries for one list, more "
                                 "than Herald reads. Check that the API URL points to an IoT "
                                 "Service; if it does, delete what you no longer need from it."),
                               data->list_limit);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (data->entity_type == G_TYPE_NONE)
        {
          if (!herald_json_check_node (element, HERALD_JSON_OBJECT, C_("entity", "measure"), &error))
            break;
          json_array_add_element (data->raw, herald_json_deep_copy (element));
        }
      else
        {
          g_autoptr(HeraldEntity) entity = herald_entity_new_from_json (data->entity_type, element, &error);

          if (entity == NULL)
            break;
          g_list_store_append (data->store, entity);
        }
    }

  if (error != NULL)
    {
      _herald_api_call_result_free (call_result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  requested = data->top != 0 ? MIN (data->top - data->received, data->page_size) : data->page_size;
  data->received += n;

  /* A service that ignores `skip` would send the same full page forever. */
  if (n > 0 && n >= requested && (data->top == 0 || data->received < data->top))
    {
      JsonNode *first = json_array_get_element (array, 0);
      g_autofree char *first_text = herald_json_to_string (first, FALSE);

      if (g_strcmp0 (first_text, data->previous_first) == 0)
        {
          _herald_api_call_result_free (call_result);
          g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                                   _("The service sent the same page twice, so Herald cannot "
                                     "read the whole list. Check that the API URL points to "
                                     "an IoT Service."));
          return;
        }

      g_free (data->previous_first);
      data->previous_first = g_steal_pointer (&first_text);
      _herald_api_call_result_free (call_result);
      list_next_page (g_steal_pointer (&task));
      return;
    }

  _herald_api_call_result_free (call_result);

  if (data->entity_type == G_TYPE_NONE)
    g_task_return_pointer (task, g_steal_pointer (&data->raw), (GDestroyNotify)json_array_unref);
  else
    g_task_return_pointer (task, g_steal_pointer (&data->store), g_object_unref);
}

static void
list_async (HeraldApiClient     *self,
            GType                entity_type,
            const char          *path,
            const char          *filter,
            const char          *orderby,
            guint                skip,
            guint                top,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = _herald_api_client_op_new (self, source_tag, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  data->entity_type = entity_type;
  data->path = g_strdup (path);
  data->filter = filter && *filter ? g_strdup (filter) : NULL;
  data->orderby = orderby && *orderby ? g_strdup (orderby) : NULL;
  data->skip = skip;
  data->top = top;
  data->page_size = self->page_size;
  data->list_limit = self->list_limit;
  if (entity_type == G_TYPE_NONE)
    data->raw = json_array_new ();
  else
    data->store = g_list_store_new (entity_type);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  list_next_page (task);
}

/* The five entity lists differ only in their type: each is defined by
 * DEFINE_LIST below, named next to it. */
#define DEFINE_LIST(func, TYPE)                                                   \
void                                                                              \
herald_api_client_list_##func##_async (HeraldApiClient     *self,                 \
                                       const char          *filter,               \
                                       const char          *orderby,              \
                                       guint                skip,                 \
                                       guint                top,                  \
                                       GCancellable        *cancellable,          \
                                       GAsyncReadyCallback  callback,             \
                                       gpointer             user_data)            \
{                                                                                 \
  g_return_if_fail (HERALD_IS_API_CLIENT (self));                                 \
                                                                                  \
  list_async (self, TYPE, _herald_api_client_collection_of (TYPE), filter,        \
              orderby, skip, top, herald_api_client_list_finish, cancellable,     \
              callback, user_data);                                               \
}

/**
 * herald_api_client_list_capabilities_async:
 * @filter: (nullable): e.g. `name eq 'MyCapability'`; write values with
 *   herald_odata_quote()
 * @orderby: (nullable): e.g. `name asc`
 * @skip: how many to leave out at the start
 * @top: how many at most; 0 for all of them, fetched page by page
 *
 * `GET /capabilities`. The same goes for the other list calls: sensor
 * types, gateways, devices, sensors. Finish with
 * herald_api_client_list_finish().
 */
DEFINE_LIST (capabilities, HERALD_TYPE_CAPABILITY)  /* herald_api_client_list_capabilities_async */
DEFINE_LIST (sensor_types, HERALD_TYPE_SENSOR_TYPE) /* herald_api_client_list_sensor_types_async */
DEFINE_LIST (gateways, HERALD_TYPE_GATEWAY)         /* herald_api_client_list_gateways_async */
DEFINE_LIST (devices, HERALD_TYPE_DEVICE)           /* herald_api_client_list_devices_async */
DEFINE_LIST (sensors, HERALD_TYPE_SENSOR)           /* herald_api_client_list_sensors_async */

/**
 * herald_api_client_list_finish:
 *
 * Returns: (transfer full): a #GListModel of the entities, in the
 *   service's order; its item type is the entity type asked for
 */
GListModel *
herald_api_client_list_finish (HeraldApiClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == herald_api_client_list_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * herald_api_client_list_measures_async:
 *
 * `GET /devices/{id}/measures`: what the device sent, as the service
 * stores it. @top 0 fetches all of them, page by page.
 */
void
herald_api_client_list_measures_async (HeraldApiClient     *self,
                                       const char          *device_id,
                                       const char          *filter,
                                       const char          *orderby,
                                       guint                skip,
                                       guint                top,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);

  escaped = _herald_api_client_escape (device_id);
  path = g_strdup_printf ("/devices/%s/measures", escaped);
  list_async (self, G_TYPE_NONE, path, filter, orderby, skip, top,
              herald_api_client_list_measures_async, cancellable, callback, user_data);
}

/**
 * herald_api_client_list_measures_finish:
 *
 * Returns: (transfer full): a #JsonArray of the measure objects
 */
JsonArray *
herald_api_client_list_measures_finish (HeraldApiClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* herald-entity-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-glib-private.h"

#include <glib/gi18n.h>

#include "herald-entity-list.h"

/**
 * HeraldEntityList:
 *
 * A #GListModel of the entities of one kind (devices, sensors, …) that a
 * service lists, which loads itself: from #HeraldEntityList:client, with an
 * optional OData #HeraldEntityList:filter (quote its values with
 * herald_odata_quote()). A list of capabilities with a
 * #HeraldEntityList:sensor-type-id holds that sensor type's command
 * capabilities instead: those it uses as commands, in its order, each once.
 *
 * Changing the client, the filter or the sensor type loads the list again,
 * as herald_entity_list_reload() does; a newer load cancels an older one,
 * whose answer is never shown. While a load runs, #HeraldEntityList:loading
 * is %TRUE and the list keeps what it held. When it ends, the items change
 * at once (one #GListModel::items-changed, emitted while
 * #HeraldEntityList:loading is still %TRUE), then #HeraldEntityList:error
 * and #HeraldEntityList:loading are notified. A failed load leaves the list
 * empty, and #HeraldEntityList:error says what went wrong and what to do.
 * Without a client there is nothing to load: the list is empty.
 */

struct _HeraldEntityList
{
  GObject          parent_instance;

  GType            entity_type;
  HeraldApiClient *client;
  char            *filter;
  char            *sensor_type_id;
  char            *usage;         /* of the sensor type's capabilities: "command" or "measure" */

  GListModel      *items;
  GCancellable    *cancellable;   /* the load running, or NULL */
  gboolean         loading;
  char            *error;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldEntityList, herald_entity_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ENTITY_TYPE,
  PROP_CLIENT,
  PROP_FILTER,
  PROP_SENSOR_TYPE_ID,
  PROP_USAGE,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*ListFunc) (HeraldApiClient     *client,
                          const char          *filter,
                          const char          *orderby,
                          guint                skip,
                          guint                top,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data);

static ListFunc
list_func (GType entity_type)
{
  if (entity_type == HERALD_TYPE_CAPABILITY)
    return herald_api_client_list_capabilities_async;
  if (entity_type == HERALD_TYPE_SENSOR_TYPE)
    return herald_api_client_list_sensor_types_async;
  if (entity_type == HERALD_TYPE_GATEWAY)
    return herald_api_client_list_gateways_async;
  if (entity_type == HERALD_TYPE_DEVICE)
    return herald_api_client_list_devices_async;
  if (entity_type == HERALD_TYPE_SENSOR)
    return herald_api_client_list_sensors_async;
  return NULL;
}

/* What the list says when its entities could not be listed, around the
 * client's message (which says why). */
static char *
describe_failure (GType       entity_type,
                  const char *reason)
{
  if (entity_type == HERALD_TYPE_CAPABILITY)
    return g_strdup_printf (_("The capabilities could not be loaded. %s Then try again with Refresh."), reason);
  if (entity_type == HERALD_TYPE_SENSOR_TYPE)
    return g_strdup_printf (_("The sensor types could not be loaded. %s Then try again with Refresh."), reason);
  if (entity_type == HERALD_TYPE_GATEWAY)
    return g_strdup_printf (_("The gateways could not be loaded. %s Then try again with Refresh."), reason);
  if (entity_type == HERALD_TYPE_DEVICE)
    return g_strdup_printf (_("The devices could not be loaded. %s Then try again with Refresh."), reason);
  return g_strdup_printf (_("The sensors could not be loaded. %s Then try again with Refresh."), reason);
}

static void
return_failure (GTask  *task,
                GError *error,
                char   *message)
{
  g_task_return_new_error (task, error->domain, error->code, "%s", message);
  g_free (message);
}

/* Loading ----------------------------------------------------------------- */

typedef struct
{
  HeraldApiClient  *client;
  char             *filter;
  char             *sensor_type_id;
  char             *usage;
  HeraldSensorType *sensor_type;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->client);
  g_free (load->filter);
  g_free (load->sensor_type_id);
  g_free (load->usage);
  g_clear_object (&load->sensor_type);
  g_free (load);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldEntityList *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GListModel *items;

  items = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (items == NULL)
    return_failure (task, error, describe_failure (self->entity_type, error->message));
  else
    g_task_return_pointer (task, items, g_object_unref);
}

/* The rule of the composer's capabilities: the sensor type's capabilities
 * used as commands (or as measures, for the device side), in the sensor
 * type's order, each once; those the service does not list (gone since)
 * are left out. */
static GListModel *
used_capabilities (HeraldSensorType *sensor_type,
                   const char       *usage,
                   GListModel       *capabilities)
{
  GListStore *commands = g_list_store_new (HERALD_TYPE_CAPABILITY);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < herald_sensor_type_get_n_capabilities (sensor_type); i++)
    {
      const char *id = herald_sensor_type_get_capability_id (sensor_type, i);

      if (id == NULL ||
          g_strcmp0 (herald_sensor_type_get_capability_usage (sensor_type, i), usage) != 0 ||
          !g_hash_table_add (seen, (gpointer) id))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (capabilities); j++)
        {
          g_autoptr(HeraldEntity) capability = g_list_model_get_item (capabilities, j);

          if (g_strcmp0 (herald_entity_get_id (capability), id) == 0)
            {
              g_list_store_append (commands, capability);
              break;
            }
        }
    }

  return G_LIST_MODEL (commands);
}

static void
capabilities_listed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;

  all = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (all == NULL)
    return_failure (task, error, describe_failure (HERALD_TYPE_CAPABILITY, error->message));
  else
    g_task_return_pointer (task, used_capabilities (load->sensor_type, load->usage, all), g_object_unref);
}

static void
sensor_type_got_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  load->sensor_type = herald_api_client_entity_finish (HERALD_API_CLIENT (object), result, &error);
  if (load->sensor_type == NULL)
    {
      return_failure (task, error,
                      g_strdup_printf (_("The sensor’s type could not be loaded. %s Then try again with Refresh."),
                                       error->message));
      return;
    }

  /* The sensor type names its capabilities by id: list them for their
   * names and properties. */
  herald_api_client_list_capabilities_async (load->client, load->filter, NULL, 0, 0,
                                             g_task_get_cancellable (task),
                                             capabilities_listed_cb, g_object_ref (task));
}

static void
load_async (HeraldEntityList    *self,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Load *load = g_new0 (Load, 1);

  g_task_set_source_tag (task, load_async);
  load->client = g_object_ref (self->client);
  load->filter = g_strdup (self->filter);
  load->sensor_type_id = g_strdup (self->sensor_type_id);
  load->usage = g_strdup (self->usage);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  if (load->sensor_type_id != NULL)
    herald_api_client_get_sensor_type_async (load->client, load->sensor_type_id, cancellable,
                                             sensor_type_got_cb, g_steal_pointer (&task));
  else
    list_func (self->entity_type) (load->client, load->filter, NULL, 0, 0, cancellable,
                                   listed_cb, g_steal_pointer (&task));
}

/* Ends a load (or its absence): @items (or none) replace the list's, at
 * once, while the list still says it loads, so that a view that follows it
 * knows the change for the list's own; then @error and the end. */
static void
show (HeraldEntityList *self,
      GListModel       *items,
      const char       *error)
{
  guint removed = self->items ? g_list_model_get_n_items (self->items) : 0;
  guint added = items ? g_list_model_get_n_items (items) : 0;

  g_clear_object (&self->cancellable);
  g_set_object (&self->items, items);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);

  g_object_freeze_notify (G_OBJECT (self));
  if (herald_set_str (&self->error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HeraldEntityList *self = HERALD_ENTITY_LIST (object);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  items = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer load replaced this one, or the list stopped loading: this
   * answer is not the list's any more. */
  if (cancellable != self->cancellable)
    return;

  show (self, items, error ? error->message : NULL);
}

static gboolean
can_load (HeraldEntityList *self)
{
  return self->client != NULL && list_func (self->entity_type) != NULL &&
         (self->sensor_type_id == NULL || self->entity_type == HERALD_TYPE_CAPABILITY);
}

/**
 * herald_entity_list_reload:
 *
 * Loads the list again, cancelling a load that runs. Without a client the
 * list becomes empty at once.
 */
void
herald_entity_list_reload (HeraldEntityList *self)
{
  g_return_if_fail (HERALD_IS_ENTITY_LIST (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (!can_load (self))
    {
      show (self, NULL, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  g_object_freeze_notify (G_OBJECT (self));
  if (herald_set_str (&self->error, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (!self->loading)
    {
      self->loading = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  load_async (self, self->cancellable, loaded_cb, g_object_ref (self->cancellable));
}

/* GListModel -------------------------------------------------------------- */

static GType
herald_entity_list_get_item_type (GListModel *model)
{
  return HERALD_ENTITY_LIST (model)->entity_type;
}

static guint
herald_entity_list_get_n_items (GListModel *model)
{
  HeraldEntityList *self = HERALD_ENTITY_LIST (model);

  return self->items ? g_list_model_get_n_items (self->items) : 0;
}

static gpointer
herald_entity_list_get_item (GListModel *model,
                             guint       position)
{
  HeraldEntityList *self = HERALD_ENTITY_LIST (model);

  return self->items ? g_list_model_get_item (self->items, position) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_entity_list_get_item_type;
  iface->get_n_items = herald_entity_list_get_n_items;
  iface->get_item = herald_entity_list_get_item;
}

/* GObject ----------------------------------------------------------------- */

static void
herald_entity_list_dispose (GObject *object)
{
  HeraldEntityList *self = HERALD_ENTITY_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (herald_entity_list_parent_class)->dispose (object);
}

static void
herald_entity_list_finalize (GObject *object)
{
  HeraldEntityList *self = HERALD_ENTITY_LIST (object);

  g_free (self->filter);
  g_free (self->sensor_type_id);
  g_free (self->usage);
  g_free (self->error);

  G_OBJECT_CLASS (herald_entity_list_parent_class)->finalize (object);
}

static void
herald_entity_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HeraldEntityList *self = HERALD_ENTITY_LIST (object);

  switch (prop_id)
    {
    case PROP_ENTITY_TYPE:
      g_value_set_gtype (value, self->entity_type);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_FILTER:
      g_value_set_string (value, self->filter);
      break;
    case PROP_SENSOR_TYPE_ID:
      g_value_set_string (value, self->sensor_type_id);
      break;
    case PROP_USAGE:
      g_value_set_string (value, self->usage);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, herald_entity_list_get_loading (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_entity_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HeraldEntityList *self = HERALD_ENTITY_LIST (object);

  switch (prop_id)
    {
    case PROP_ENTITY_TYPE:
      self->entity_type = g_value_get_gtype (value);
      break;
    case PROP_CLIENT:
      herald_entity_list_set_client (self, g_value_get_object (value));
      break;
    case PROP_FILTER:
      herald_entity_list_set_filter (self, g_value_get_string (value));
      break;
    case PROP_SENSOR_TYPE_ID:
      herald_entity_list_set_sensor_type_id (self, g_value_get_string (value));
      break;
    case PROP_USAGE:
      herald_entity_list_set_usage (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_entity_list_class_init (HeraldEntityListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_entity_list_dispose;
  object_class->finalize = herald_entity_list_finalize;
  object_class->get_property = herald_entity_list_get_property;
  object_class->set_property = herald_entity_list_set_property;

  /**
   * HeraldEntityList:entity-type:
   *
   * The kind of entity listed: #HeraldCapability, #HeraldSensorType,
   * #HeraldGateway, #HeraldDevice or #HeraldSensor.
   */
  properties[PROP_ENTITY_TYPE] =
    g_param_spec_gtype ("entity-type", NULL, NULL, HERALD_TYPE_ENTITY,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, HERALD_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HeraldEntityList:filter:
   *
   * The OData filter of the listing, e.g. `deviceId eq '42'`, or %NULL.
   */
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HeraldEntityList:sensor-type-id:
   *
   * In a list of capabilities: the sensor type whose command (or measure,
   * see #HeraldEntityList:usage) capabilities the list holds, or %NULL for
   * all capabilities.
   */
  properties[PROP_SENSOR_TYPE_ID] =
    g_param_spec_string ("sensor-type-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HeraldEntityList:usage:
   *
   * With #HeraldEntityList:sensor-type-id: which of the sensor type's
   * capabilities the list holds, "command" (the default) or "measure".
   */
  properties[PROP_USAGE] =
    g_param_spec_string ("usage", NULL, NULL, "command",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HeraldEntityList:error:
   *
   * Why the last load failed and what to do, translated, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_entity_list_init (HeraldEntityList *self)
{
  self->usage = g_strdup ("command");
}

/**
 * herald_entity_list_new:
 * @entity_type: the kind of entity listed
 * @client: (nullable): where from; a list with a client loads at once
 */
HeraldEntityList *
herald_entity_list_new (GType            entity_type,
                        HeraldApiClient *client)
{
  g_return_val_if_fail (list_func (entity_type) != NULL, NULL);
  g_return_val_if_fail (!client || HERALD_IS_API_CLIENT (client), NULL);

  return g_object_new (HERALD_TYPE_ENTITY_LIST, "entity-type", entity_type, "client", client, NULL);
}

GType
herald_entity_list_get_entity_type (HeraldEntityList *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), G_TYPE_INVALID);

  return self->entity_type;
}

HeraldApiClient *
herald_entity_list_get_client (HeraldEntityList *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), NULL);

  return self->client;
}

void
herald_entity_list_set_client (HeraldEntityList *self,
                               HeraldApiClient  *client)
{
  g_return_if_fail (HERALD_IS_ENTITY_LIST (self));
  g_return_if_fail (!client || HERALD_IS_API_CLIENT (client));

  if (g_set_object (&self->client, client))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
      herald_entity_list_reload (self);
    }
}

const char *
herald_entity_list_get_filter (HeraldEntityList *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), NULL);

  return self->filter;
}

void
herald_entity_list_set_filter (HeraldEntityList *self,
                               const char       *filter)
{
  g_return_if_fail (HERALD_IS_ENTITY_LIST (self));

  if (herald_set_str (&self->filter, filter))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
      herald_entity_list_reload (self);
    }
}

const char *
herald_entity_list_get_sensor_type_id (HeraldEntityList *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), NULL);

  return self->sensor_type_id;
}

void
herald_entity_list_set_sensor_type_id (HeraldEntityList *self,
                                       const char       *sensor_type_id)
{
  g_return_if_fail (HERALD_IS_ENTITY_LIST (self));
  g_return_if_fail (sensor_type_id == NULL || self->entity_type == HERALD_TYPE_CAPABILITY);

  if (herald_set_str (&self->sensor_type_id, sensor_type_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENSOR_TYPE_ID]);
      herald_entity_list_reload (self);
    }
}

const char *
herald_entity_list_get_usage (HeraldEntityList *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), NULL);

  return self->usage;
}

/**
 * herald_entity_list_set_usage:
 * @usage: "command" or "measure"
 */
void
herald_entity_list_set_usage (HeraldEntityList *self,
                              const char       *usage)
{
  g_return_if_fail (HERALD_IS_ENTITY_LIST (self));
  g_return_if_fail (g_strcmp0 (usage, "command") == 0 || g_strcmp0 (usage, "measure") == 0);

  if (herald_set_str (&self->usage, usage))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
      if (self->sensor_type_id != NULL)
        herald_entity_list_reload (self);
    }
}

gboolean
herald_entity_list_get_loading (HeraldEntityList *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), FALSE);

  return self->loading;
}

const char *
herald_entity_list_get_error (HeraldEntityList *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), NULL);

  return self->error;
}

/**
 * herald_entity_list_find:
 * @id: (nullable): an entity's id
 *
 * Returns: the position of the entity with @id, or %G_MAXUINT
 */
guint
herald_entity_list_find (HeraldEntityList *self,
                         const char       *id)
{
  guint n;

  g_return_val_if_fail (HERALD_IS_ENTITY_LIST (self), G_MAXUINT);

  n = herald_entity_list_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(HeraldEntity) entity = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (g_strcmp0 (herald_entity_get_id (entity), id) == 0)
        return i;
    }

  return G_MAXUINT;
}

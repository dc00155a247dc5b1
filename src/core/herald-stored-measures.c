/* herald-stored-measures.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-glib-private.h"
#include "herald-odata.h"
#include "herald-stored-measures.h"

/**
 * HeraldStoredMeasures:
 *
 * The cloud side of the device side: a #GListModel of the #HeraldMeasure s
 * the service stored for a device, newest first, loaded a page at a time
 * from `GET /devices/{id}/measures?orderby=timestamp desc` (the order SAP's
 * own samples ask for), optionally of one capability
 * (`filter=capabilityId eq '…'`) and of the last so many seconds
 * (`timestamp ge <ms>`, the start fixed at each reload so that the pages
 * after the first follow on). Values are typed by the capability of
 * each measure when herald_stored_measures_set_capabilities() knows it.
 *
 * herald_stored_measures_reload() loads the first page again (the newest
 * measures, replacing the list); herald_stored_measures_load_more() the
 * next one, appended. A load cancels the one before it. While a load runs,
 * #HeraldStoredMeasures:loading is %TRUE; a failed one leaves what was
 * listed, and #HeraldStoredMeasures:error says what went wrong.
 */

struct _HeraldStoredMeasures
{
  GObject          parent_instance;

  guint            page_size;
  HeraldApiClient *client;
  char            *device_id;
  char            *capability_id;
  gint64           span_ms;      /* 0: any time */
  gint64           since_ms;     /* the span's start at the last reload */
  GListModel      *capabilities;
  GListStore      *measures;     /* of HeraldMeasure */
  guint            n_stored;     /* the service's items read: its rows may be several */
  gboolean         has_more;
  gboolean         loading;
  char            *error;
  GCancellable    *cancellable;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldStoredMeasures, herald_stored_measures, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HERALD_TYPE_MEASURE;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (HERALD_STORED_MEASURES (model)->measures));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (HERALD_STORED_MEASURES (model)->measures), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
items_changed_cb (HeraldStoredMeasures *self,
                  guint                 position,
                  guint                 removed,
                  guint                 added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
herald_stored_measures_dispose (GObject *object)
{
  HeraldStoredMeasures *self = HERALD_STORED_MEASURES (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->capabilities);

  G_OBJECT_CLASS (herald_stored_measures_parent_class)->dispose (object);
}

static void
herald_stored_measures_finalize (GObject *object)
{
  HeraldStoredMeasures *self = HERALD_STORED_MEASURES (object);

  g_clear_object (&self->measures);
  g_free (self->device_id);
  g_free (self->capability_id);
  g_free (self->error);

  G_OBJECT_CLASS (herald_stored_measures_parent_class)->finalize (object);
}

static void
herald_stored_measures_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HeraldStoredMeasures *self = HERALD_STORED_MEASURES (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_stored_measures_class_init (HeraldStoredMeasuresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_stored_measures_dispose;
  object_class->finalize = herald_stored_measures_finalize;
  object_class->get_property = herald_stored_measures_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldStoredMeasures:has-more:
   *
   * Whether the last page was full: the service may have older measures.
   */
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_stored_measures_init (HeraldStoredMeasures *self)
{
  self->measures = g_list_store_new (HERALD_TYPE_MEASURE);
  g_signal_connect_swapped (self->measures, "items-changed", G_CALLBACK (items_changed_cb), self);
}

/**
 * herald_stored_measures_new:
 * @page_size: how many of the service's items a page asks for
 */
HeraldStoredMeasures *
herald_stored_measures_new (guint page_size)
{
  HeraldStoredMeasures *self = g_object_new (HERALD_TYPE_STORED_MEASURES, NULL);

  self->page_size = MAX (page_size, 1);
  return self;
}

static void
set_state (HeraldStoredMeasures *self,
           gboolean              loading,
           gboolean              has_more,
           const char           *error)
{
  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
  if (self->has_more != has_more)
    {
      self->has_more = has_more;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
    }
  if (herald_set_str (&self->error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static HeraldCapability *
find_capability (HeraldStoredMeasures *self,
                 const char           *id)
{
  for (guint i = 0; self->capabilities != NULL && i < g_list_model_get_n_items (self->capabilities); i++)
    {
      g_autoptr(HeraldCapability) capability = g_list_model_get_item (self->capabilities, i);

      if (g_strcmp0 (herald_entity_get_id (HERALD_ENTITY (capability)), id) == 0)
        return capability;
    }
  return NULL;
}

/* A load: the list, and the cancellable that says whether it still is
 * the list's load. */
typedef struct
{
  HeraldStoredMeasures *self;
  GCancellable         *cancellable;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  g_object_unref (load->cancellable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  HeraldStoredMeasures *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GPtrArray) measures = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean first;

  items = herald_api_client_list_measures_finish (HERALD_API_CLIENT (object), result, &error);
  /* A load that a newer one replaced, even one that ended first. */
  if (g_cancellable_is_cancelled (load->cancellable))
    return;
  g_clear_object (&self->cancellable);
  first = self->n_stored == 0;

  if (items == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The stored measures could not be loaded. %s"), error->message);

      set_state (self, FALSE, self->has_more, message);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *object_ = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *capability_id = object_ != NULL && json_object_has_member (object_, "capabilityId") &&
                                  JSON_NODE_HOLDS_VALUE (json_object_get_member (object_, "capabilityId"))
                                  ? json_object_get_string_member (object_, "capabilityId") : NULL;
      g_autoptr(GPtrArray) rows = herald_measure_parse_stored (item, find_capability (self, capability_id), NULL);

      /* One the model cannot read is left out, not the page. */
      for (guint j = 0; rows != NULL && j < rows->len; j++)
        g_ptr_array_add (measures, g_object_ref (g_ptr_array_index (rows, j)));
    }

  self->n_stored += json_array_get_length (items);
  if (first)
    g_list_store_splice (self->measures, 0, g_list_model_get_n_items (G_LIST_MODEL (self->measures)),
                         measures->pdata, measures->len);
  else
    g_list_store_splice (self->measures, g_list_model_get_n_items (G_LIST_MODEL (self->measures)), 0,
                         measures->pdata, measures->len);
  set_state (self, FALSE, json_array_get_length (items) >= self->page_size, NULL);
}

static void
load_page (HeraldStoredMeasures *self)
{
  g_autofree char *filter = NULL;
  Load *load;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->client == NULL || self->device_id == NULL)
    {
      g_list_store_remove_all (self->measures);
      set_state (self, FALSE, FALSE, NULL);
      return;
    }

  if (self->capability_id != NULL)
    {
      g_autofree char *quoted = herald_odata_quote (self->capability_id);

      filter = g_strdup_printf ("capabilityId eq %s", quoted);
    }
  if (self->span_ms > 0)
    {
      g_autofree char *capability = g_steal_pointer (&filter);

      filter = g_strdup_printf ("%s%stimestamp ge %" G_GINT64_FORMAT, capability ? capability : "",
                                capability ? " and " : "", self->since_ms);
    }

  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->cancellable = g_object_ref ((self->cancellable = g_cancellable_new ()));
  set_state (self, TRUE, self->has_more, NULL);
  herald_api_client_list_measures_async (self->client, self->device_id, filter, "timestamp desc",
                                         self->n_stored, self->page_size, self->cancellable,
                                         listed_cb, load);
}

/**
 * herald_stored_measures_set_source:
 * @client: (nullable): the service
 * @device_id: (nullable): whose measures
 *
 * Lists those measures, from the newest (the list empty while there is no
 * source).
 */
void
herald_stored_measures_set_source (HeraldStoredMeasures *self,
                                   HeraldApiClient      *client,
                                   const char           *device_id)
{
  g_return_if_fail (HERALD_IS_STORED_MEASURES (self));
  g_return_if_fail (!client || HERALD_IS_API_CLIENT (client));

  if (self->client == client && g_strcmp0 (self->device_id, device_id) == 0)
    return;

  g_set_object (&self->client, client);
  herald_set_str (&self->device_id, device_id);
  herald_stored_measures_reload (self);
}

/**
 * herald_stored_measures_set_capabilities:
 * @capabilities: (nullable): #HeraldCapability s that type the values
 */
void
herald_stored_measures_set_capabilities (HeraldStoredMeasures *self,
                                         GListModel           *capabilities)
{
  g_return_if_fail (HERALD_IS_STORED_MEASURES (self));

  g_set_object (&self->capabilities, capabilities);
}

/**
 * herald_stored_measures_set_capability:
 * @capability_id: (nullable): only this capability's measures, or all
 */
void
herald_stored_measures_set_capability (HeraldStoredMeasures *self,
                                       const char           *capability_id)
{
  g_return_if_fail (HERALD_IS_STORED_MEASURES (self));

  if (herald_set_str (&self->capability_id, capability_id))
    herald_stored_measures_reload (self);
}

/**
 * herald_stored_measures_set_span:
 * @span_ms: only the measures of this many milliseconds before each
 *   reload (by their timestamps), or 0 for all
 */
void
herald_stored_measures_set_span (HeraldStoredMeasures *self,
                                 gint64                span_ms)
{
  g_return_if_fail (HERALD_IS_STORED_MEASURES (self));

  span_ms = MAX (span_ms, 0);
  if (self->span_ms == span_ms)
    return;
  self->span_ms = span_ms;
  herald_stored_measures_reload (self);
}

gint64
herald_stored_measures_get_span (HeraldStoredMeasures *self)
{
  g_return_val_if_fail (HERALD_IS_STORED_MEASURES (self), 0);

  return self->span_ms;
}

/**
 * herald_stored_measures_reload:
 *
 * Loads the newest page again, in place of what was listed.
 */
void
herald_stored_measures_reload (HeraldStoredMeasures *self)
{
  g_return_if_fail (HERALD_IS_STORED_MEASURES (self));

  self->n_stored = 0;
  self->since_ms = self->span_ms > 0 ? g_get_real_time () / 1000 - self->span_ms : 0;
  load_page (self);
}

/**
 * herald_stored_measures_load_more:
 *
 * Loads the next page, of older measures, after what is listed.
 */
void
herald_stored_measures_load_more (HeraldStoredMeasures *self)
{
  g_return_if_fail (HERALD_IS_STORED_MEASURES (self));

  if (self->n_stored > 0 && !self->loading)
    load_page (self);
}

gboolean
herald_stored_measures_get_loading (HeraldStoredMeasures *self)
{
  g_return_val_if_fail (HERALD_IS_STORED_MEASURES (self), FALSE);
  return self->loading;
}

gboolean
herald_stored_measures_get_has_more (HeraldStoredMeasures *self)
{
  g_return_val_if_fail (HERALD_IS_STORED_MEASURES (self), FALSE);
  return self->has_more;
}

/**
 * herald_stored_measures_get_error:
 *
 * Returns: (nullable): why the last load failed and what to do, translated
 */
const char *
herald_stored_measures_get_error (HeraldStoredMeasures *self)
{
  g_return_val_if_fail (HERALD_IS_STORED_MEASURES (self), NULL);
  return self->error;
}

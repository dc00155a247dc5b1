/* herald-stored-measures-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-entity-list.h"
#include "herald-exchange-view.h"
#include "herald-local-time.h"
#include "herald-stored-measures-view.h"

/* The cloud side of the device side: what the service stored for the
 * device in use (HeraldStoredMeasures: newest first, a page at a time),
 * of all capabilities or one, each measure with its time, capability and
 * typed values; Older Measures loads the next page. While shown, the
 * newest page is loaded again every few seconds (unless older ones were
 * loaded: the user is reading them). The request and its answer show below,
 * as on the other pages. */

#define PAGE_SIZE 50
#define REFRESH_SECONDS 5

struct _HeraldStoredMeasuresView
{
  HeraldPage            parent_instance;

  HeraldStoredMeasures *list;
  HeraldEntityList     *capabilities;
  guint                 refresh_source;
  gboolean              filling;       /* the filter's names, not a pick */

  AdwComboRow          *capability_row;
  AdwComboRow          *time_row;
  GtkStringList        *capability_names;
  GtkListBox           *stored_list;
  GtkButton            *more_button;
  HeraldExchangeView   *exchange_view;
};

G_DEFINE_FINAL_TYPE (HeraldStoredMeasuresView, herald_stored_measures_view, HERALD_TYPE_PAGE)

static char *
format_when (gint64 timestamp_ms)
{
  /* The service's number, any number: in microseconds only where they fit. */
  g_autoptr(GDateTime) local = timestamp_ms >= 0 && timestamp_ms <= G_MAXINT64 / 1000
                               ? herald_local_time_new (timestamp_ms * 1000) : NULL;
  g_autofree char *date = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;

  if (date == NULL)
    return g_strdup (_("No time given"));
  return g_strdup_printf ("%s.%03d", date, (int) (timestamp_ms % 1000));
}

static const char *
capability_name (HeraldStoredMeasuresView *self,
                 const char               *id)
{
  guint position = herald_entity_list_find (self->capabilities, id);
  g_autoptr(HeraldEntity) capability = NULL;

  if (position == G_MAXUINT)
    return id;
  capability = g_list_model_get_item (G_LIST_MODEL (self->capabilities), position);
  return herald_entity_get_name (capability);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HeraldStoredMeasuresView *self = user_data;
  HeraldMeasure *measure = item;
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) values = g_string_new (NULL);
  g_autofree char *when = format_when (herald_measure_get_timestamp (measure));
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < herald_measure_get_n_values (measure); i++)
    {
      HeraldReading *value = herald_measure_get_value (measure, i);
      const char *unit = herald_reading_get_kind (value) == HERALD_READING_KIND_NUMBER
                         ? herald_reading_get_unit (value) : NULL;

      g_string_append_printf (values, "%s%s %s%s%s", i > 0 ? ", " : "", herald_reading_get_name (value),
                              herald_reading_get_text (value), unit != NULL ? " " : "", unit != NULL ? unit : "");
    }

  /* Translators: when it was measured, then the capability's name */
  subtitle = g_strdup_printf (_("%s · %s"), when,
                              capability_name (self, herald_measure_get_capability (measure)));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), values->str);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* The capability filter: "All" first, then the service's capabilities. */
static void
capabilities_changed_cb (HeraldStoredMeasuresView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->capabilities));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (herald_entity_list_get_loading (self->capabilities))
    return;

  g_ptr_array_add (names, (gpointer) _("All Capabilities"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldEntity) capability = g_list_model_get_item (G_LIST_MODEL (self->capabilities), i);

      g_ptr_array_add (names, (gpointer) herald_entity_get_name (capability));
    }
  g_ptr_array_add (names, NULL);

  self->filling = TRUE;
  gtk_string_list_splice (self->capability_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->capability_names)),
                          (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->capability_row, 0);
  self->filling = FALSE;
  herald_stored_measures_set_capability (self->list, NULL);
}

static void
filter_changed_cb (HeraldStoredMeasuresView *self)
{
  guint selected = adw_combo_row_get_selected (self->capability_row);
  g_autoptr(HeraldEntity) capability = NULL;

  if (self->filling || self->list == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    capability = g_list_model_get_item (G_LIST_MODEL (self->capabilities), selected - 1);
  herald_stored_measures_set_capability (self->list, capability != NULL ? herald_entity_get_id (capability) : NULL);
}

/* The Time row's choices, in its order: how far back, 0 for all. */
static const gint64 time_spans_ms[] = { 0, 5 * 60 * 1000, 60 * 60 * 1000, 24 * 60 * 60 * 1000 };

static void
time_changed_cb (HeraldStoredMeasuresView *self)
{
  guint selected = adw_combo_row_get_selected (self->time_row);

  if (self->list == NULL || selected >= G_N_ELEMENTS (time_spans_ms))
    return;
  herald_stored_measures_set_span (self->list, time_spans_ms[selected]);
}

static void
list_state_cb (HeraldStoredMeasuresView *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  const char *error = herald_stored_measures_get_error (self->list);

  gtk_widget_set_visible (GTK_WIDGET (self->more_button), herald_stored_measures_get_has_more (self->list));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stored.load-more",
                                 !herald_stored_measures_get_loading (self->list));
  if (herald_stored_measures_get_loading (self->list))
    return;

  herald_exchange_view_set_exchange (self->exchange_view, herald_workspace_get_last_exchange (workspace));
  if (error != NULL)
    herald_page_show_error (HERALD_PAGE (self), error);
}

/* The device in use, from the service in use, while shown. */
static void
follow_source (HeraldStoredMeasuresView *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  gboolean shown = gtk_widget_get_mapped (GTK_WIDGET (self));
  HeraldApiClient *client = shown ? herald_workspace_get_client (workspace) : NULL;
  HeraldDevice *device = herald_workspace_get_device (workspace);

  herald_entity_list_set_client (self->capabilities, client);
  herald_stored_measures_set_source (self->list, device != NULL ? client : NULL,
                                     device != NULL ? herald_entity_get_id (HERALD_ENTITY (device)) : NULL);
}

static gboolean
refresh_cb (gpointer data)
{
  HeraldStoredMeasuresView *self = data;

  /* Older pages loaded: the user reads them; Refresh loads the newest. */
  if (!herald_stored_measures_get_loading (self->list) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->list)) <= PAGE_SIZE)
    herald_stored_measures_reload (self->list);
  return G_SOURCE_CONTINUE;
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldStoredMeasuresView *self = HERALD_STORED_MEASURES_VIEW (widget);

  herald_page_clear_error (HERALD_PAGE (self));
  herald_entity_list_reload (self->capabilities);
  herald_stored_measures_reload (self->list);
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  herald_stored_measures_load_more (HERALD_STORED_MEASURES_VIEW (widget)->list);
}

static void
herald_stored_measures_view_map (GtkWidget *widget)
{
  HeraldStoredMeasuresView *self = HERALD_STORED_MEASURES_VIEW (widget);

  GTK_WIDGET_CLASS (herald_stored_measures_view_parent_class)->map (widget);
  follow_source (self);
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
herald_stored_measures_view_unmap (GtkWidget *widget)
{
  HeraldStoredMeasuresView *self = HERALD_STORED_MEASURES_VIEW (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  GTK_WIDGET_CLASS (herald_stored_measures_view_parent_class)->unmap (widget);
}

static void
herald_stored_measures_view_constructed (GObject *object)
{
  HeraldStoredMeasuresView *self = HERALD_STORED_MEASURES_VIEW (object);
  HeraldWorkspace *workspace;

  G_OBJECT_CLASS (herald_stored_measures_view_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  herald_exchange_view_set_redactor (self->exchange_view, herald_workspace_get_redactor (workspace));
  g_signal_connect_object (workspace, "notify::client", G_CALLBACK (follow_source), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::device", G_CALLBACK (follow_source), self, G_CONNECT_SWAPPED);
  follow_source (self);
}

static void
herald_stored_measures_view_dispose (GObject *object)
{
  HeraldStoredMeasuresView *self = HERALD_STORED_MEASURES_VIEW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->list, self);
      herald_stored_measures_set_source (self->list, NULL, NULL);
    }
  if (self->capabilities != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->capabilities, self);
      herald_entity_list_set_client (self->capabilities, NULL);
    }
  if (self->stored_list != NULL)
    gtk_list_box_bind_model (self->stored_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->list);
  g_clear_object (&self->capabilities);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_STORED_MEASURES_VIEW);

  G_OBJECT_CLASS (herald_stored_measures_view_parent_class)->dispose (object);
}

static void
herald_stored_measures_view_class_init (HeraldStoredMeasuresViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_stored_measures_view_constructed;
  object_class->dispose = herald_stored_measures_view_dispose;
  widget_class->map = herald_stored_measures_view_map;
  widget_class->unmap = herald_stored_measures_view_unmap;

  g_type_ensure (HERALD_TYPE_EXCHANGE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-stored-measures-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldStoredMeasuresView, capability_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldStoredMeasuresView, time_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldStoredMeasuresView, capability_names);
  gtk_widget_class_bind_template_child (widget_class, HeraldStoredMeasuresView, stored_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldStoredMeasuresView, more_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldStoredMeasuresView, exchange_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);

  gtk_widget_class_install_action (widget_class, "stored.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "stored.load-more", NULL, load_more_action);
}

static void
herald_stored_measures_view_init (HeraldStoredMeasuresView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->list = herald_stored_measures_new (PAGE_SIZE);
  self->capabilities = herald_entity_list_new (HERALD_TYPE_CAPABILITY, NULL);
  herald_stored_measures_set_capabilities (self->list, G_LIST_MODEL (self->capabilities));
  g_signal_connect_swapped (self->capabilities, "notify::loading", G_CALLBACK (capabilities_changed_cb), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (list_state_cb), self);
  g_signal_connect_swapped (self->list, "notify::has-more", G_CALLBACK (list_state_cb), self);
  gtk_list_box_bind_model (self->stored_list, G_LIST_MODEL (self->list), create_row, self, NULL);

  placeholder = gtk_label_new (_("No measures stored for the device. Send some in the Send Measures view."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->stored_list, placeholder);
}

GtkWidget *
herald_stored_measures_view_new (HeraldWorkspace *workspace)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (HERALD_TYPE_STORED_MEASURES_VIEW, "workspace", workspace, NULL);
}

/**
 * herald_stored_measures_view_get_list:
 *
 * Returns: (transfer none): the measures listed
 */
HeraldStoredMeasures *
herald_stored_measures_view_get_list (HeraldStoredMeasuresView *self)
{
  g_return_val_if_fail (HERALD_IS_STORED_MEASURES_VIEW (self), NULL);
  return self->list;
}

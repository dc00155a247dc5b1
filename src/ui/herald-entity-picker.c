/* herald-entity-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-entity-picker.h"

/* A searchable list of existing entities: pick one to use, rename or delete one.
 * The page owns the model and the requests; the picker only says what the
 * user chose, by its signals. */

struct _HeraldEntityPicker
{
  AdwBin               parent_instance;

  GtkSearchEntry      *search_entry;
  GtkListView         *list_view;
  GtkSingleSelection  *selection;
  GtkFilterListModel  *filter_model;
};

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  USE,
  DELETE,
  RENAME,
  REFRESH,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldEntityPicker, herald_entity_picker, ADW_TYPE_BIN)

static void
update_actions (HeraldEntityPicker *self)
{
  gboolean selected = gtk_single_selection_get_selected_item (self->selection) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.use", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.delete", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.rename", selected);
}

static void
activate_cb (HeraldEntityPicker *self,
             guint               position)
{
  g_autoptr(HeraldEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (entity != NULL)
    g_signal_emit (self, signals[USE], 0, entity);
}

static void
use_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HeraldEntityPicker *self = HERALD_ENTITY_PICKER (widget);
  HeraldEntity *entity = herald_entity_picker_get_selected (self);

  if (entity != NULL)
    g_signal_emit (self, signals[USE], 0, entity);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldEntityPicker *self = HERALD_ENTITY_PICKER (widget);
  HeraldEntity *entity = herald_entity_picker_get_selected (self);

  if (entity != NULL)
    g_signal_emit (self, signals[DELETE], 0, entity);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldEntityPicker *self = HERALD_ENTITY_PICKER (widget);
  HeraldEntity *entity = herald_entity_picker_get_selected (self);

  if (entity != NULL)
    g_signal_emit (self, signals[RENAME], 0, entity);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[REFRESH], 0);
}

static void
herald_entity_picker_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_ENTITY_PICKER);

  G_OBJECT_CLASS (herald_entity_picker_parent_class)->dispose (object);
}

static void
herald_entity_picker_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HeraldEntityPicker *self = HERALD_ENTITY_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, herald_entity_picker_get_model (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_entity_picker_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HeraldEntityPicker *self = HERALD_ENTITY_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      herald_entity_picker_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_entity_picker_class_init (HeraldEntityPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_entity_picker_dispose;
  object_class->get_property = herald_entity_picker_get_property;
  object_class->set_property = herald_entity_picker_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldEntityPicker::use:
   * @entity: the entity the user picked
   */
  signals[USE] = g_signal_new ("use", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, HERALD_TYPE_ENTITY);
  /**
   * HeraldEntityPicker::delete:
   * @entity: the entity the user wants deleted (not confirmed yet)
   */
  signals[DELETE] = g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HERALD_TYPE_ENTITY);
  /**
   * HeraldEntityPicker::rename:
   * @entity: the entity the user wants to rename (the new name not asked yet)
   */
  signals[RENAME] = g_signal_new ("rename", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HERALD_TYPE_ENTITY);
  signals[REFRESH] = g_signal_new ("refresh", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HERALD_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-entity-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldEntityPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldEntityPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldEntityPicker, selection);
  gtk_widget_class_bind_template_child (widget_class, HeraldEntityPicker, filter_model);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_install_action (widget_class, "picker.use", NULL, use_action);
  gtk_widget_class_install_action (widget_class, "picker.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "picker.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "picker.refresh", NULL, refresh_action);
}

static void
herald_entity_picker_init (HeraldEntityPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

/**
 * herald_entity_picker_get_model:
 *
 * Returns: (transfer none) (nullable): the entities shown
 */
GListModel *
herald_entity_picker_get_model (HeraldEntityPicker *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_PICKER (self), NULL);
  return gtk_filter_list_model_get_model (self->filter_model);
}

void
herald_entity_picker_set_model (HeraldEntityPicker *self,
                                GListModel         *model)
{
  g_return_if_fail (HERALD_IS_ENTITY_PICKER (self));

  if (gtk_filter_list_model_get_model (self->filter_model) == model)
    return;

  gtk_filter_list_model_set_model (self->filter_model, model);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * herald_entity_picker_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected entity
 */
HeraldEntity *
herald_entity_picker_get_selected (HeraldEntityPicker *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_PICKER (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * herald_entity_picker_show_current:
 * @entity: (nullable): the entity in use
 *
 * Selects the entity in use in the list, so it stands out among others of
 * the same name; with none in use, or not listed, nothing is selected.
 */
void
herald_entity_picker_show_current (HeraldEntityPicker *self,
                                   HeraldEntity       *entity)
{
  GListModel *shown;
  guint position = GTK_INVALID_LIST_POSITION;
  guint n;

  g_return_if_fail (HERALD_IS_ENTITY_PICKER (self));
  g_return_if_fail (!entity || HERALD_IS_ENTITY (entity));

  shown = G_LIST_MODEL (self->selection);
  n = entity != NULL ? g_list_model_get_n_items (shown) : 0;
  for (guint i = 0; i < n && position == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(HeraldEntity) item = g_list_model_get_item (shown, i);

      if (g_strcmp0 (herald_entity_get_id (item), herald_entity_get_id (entity)) == 0)
        position = i;
    }

  gtk_single_selection_set_selected (self->selection, position);
  update_actions (self);
}

guint
herald_entity_picker_get_n_shown (HeraldEntityPicker *self)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_PICKER (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

/* herald-sensor-type-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-sensor-type-page.h"

struct _HeraldSensorTypePage
{
  HeraldEntityPage    parent_instance;

  GtkLabel           *current_label;
  AdwEntryRow        *name_row;
  HeraldEntityPicker *picker;
  HeraldExchangeView *exchange_view;
  AdwActionRow       *capability_row;
  AdwComboRow        *usage_row;
};

G_DEFINE_FINAL_TYPE (HeraldSensorTypePage, herald_sensor_type_page, HERALD_TYPE_ENTITY_PAGE)

static const char *
entity_label (gpointer entity)
{
  return entity ? herald_entity_get_name (HERALD_ENTITY (entity)) : _("None yet");
}

static void
herald_sensor_type_page_update_shown (HeraldEntityPage *page)
{
  HeraldSensorTypePage *self = HERALD_SENSOR_TYPE_PAGE (page);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  adw_action_row_set_subtitle (self->capability_row,
                               entity_label (herald_workspace_get_capability (workspace)));
}

static HeraldEntity *
herald_sensor_type_page_build (HeraldEntityPage *page)
{
  HeraldSensorTypePage *self = HERALD_SENSOR_TYPE_PAGE (page);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (page));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  HeraldCapability *capability = herald_workspace_get_capability (workspace);
  g_autoptr(HeraldSensorType) sensor_type = NULL;

  if (!herald_entity_page_check_name (page, GTK_EDITABLE (self->name_row)))
    return NULL;

  if (capability == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self),
                              _("Create or pick a capability first, in the Capability step."));
      return NULL;
    }

  sensor_type = herald_sensor_type_new (name);
  herald_sensor_type_add_capability (sensor_type, herald_entity_get_id (HERALD_ENTITY (capability)),
                                     adw_combo_row_get_selected (self->usage_row) == 1 ? "measure" : "command");
  return HERALD_ENTITY (g_steal_pointer (&sensor_type));
}

static void
herald_sensor_type_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_SENSOR_TYPE_PAGE);

  G_OBJECT_CLASS (herald_sensor_type_page_parent_class)->dispose (object);
}

static void
herald_sensor_type_page_class_init (HeraldSensorTypePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HeraldEntityPageClass *entity_class = HERALD_ENTITY_PAGE_CLASS (klass);
  static const char * const shown[] = { "capability", NULL };

  object_class->dispose = herald_sensor_type_page_dispose;
  entity_class->list = herald_api_client_list_sensor_types_async;
  entity_class->build = herald_sensor_type_page_build;
  entity_class->workspace_property = "sensor-type";
  entity_class->shown_properties = shown;
  entity_class->update_shown = herald_sensor_type_page_update_shown;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-sensor-type-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorTypePage, current_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorTypePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorTypePage, picker);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorTypePage, exchange_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorTypePage, capability_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorTypePage, usage_row);
}

static void
herald_sensor_type_page_init (HeraldSensorTypePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  herald_entity_page_set_widgets (HERALD_ENTITY_PAGE (self), self->picker, self->exchange_view,
                                  self->current_label);
}

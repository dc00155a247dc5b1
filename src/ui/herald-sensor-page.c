/* herald-sensor-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-sensor-page.h"

struct _HeraldSensorPage
{
  HeraldEntityPage    parent_instance;

  GtkLabel           *current_label;
  AdwEntryRow        *name_row;
  HeraldEntityPicker *picker;
  HeraldExchangeView *exchange_view;
  AdwActionRow       *device_row;
  AdwActionRow       *sensor_type_row;
};

G_DEFINE_FINAL_TYPE (HeraldSensorPage, herald_sensor_page, HERALD_TYPE_ENTITY_PAGE)

static const char *
entity_label (gpointer entity)
{
  return entity ? herald_entity_get_name (HERALD_ENTITY (entity)) : _("None yet");
}

static void
herald_sensor_page_update_shown (HeraldEntityPage *page)
{
  HeraldSensorPage *self = HERALD_SENSOR_PAGE (page);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  adw_action_row_set_subtitle (self->device_row,
                               entity_label (herald_workspace_get_device (workspace)));
  adw_action_row_set_subtitle (self->sensor_type_row,
                               entity_label (herald_workspace_get_sensor_type (workspace)));
}

static HeraldEntity *
herald_sensor_page_build (HeraldEntityPage *page)
{
  HeraldSensorPage *self = HERALD_SENSOR_PAGE (page);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (page));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  HeraldDevice *device = herald_workspace_get_device (workspace);
  HeraldSensorType *sensor_type = herald_workspace_get_sensor_type (workspace);
  g_autoptr(HeraldSensor) sensor = NULL;

  if (!herald_entity_page_check_name (page, GTK_EDITABLE (self->name_row)))
    return NULL;

  if (device == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self), _("Create or pick a device first, in the Device step."));
      return NULL;
    }
  if (sensor_type == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self), _("Create or pick a sensor type first, in the Sensor Type step."));
      return NULL;
    }

  sensor = herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (device)), name,
                              herald_entity_get_id (HERALD_ENTITY (sensor_type)));
  return HERALD_ENTITY (g_steal_pointer (&sensor));
}

static void
herald_sensor_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_SENSOR_PAGE);

  G_OBJECT_CLASS (herald_sensor_page_parent_class)->dispose (object);
}

static void
herald_sensor_page_class_init (HeraldSensorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HeraldEntityPageClass *entity_class = HERALD_ENTITY_PAGE_CLASS (klass);
  static const char * const shown[] = { "device", "sensor-type", NULL };

  object_class->dispose = herald_sensor_page_dispose;
  entity_class->list = herald_api_client_list_sensors_async;
  entity_class->build = herald_sensor_page_build;
  entity_class->workspace_property = "sensor";
  entity_class->shown_properties = shown;
  entity_class->update_shown = herald_sensor_page_update_shown;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-sensor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorPage, current_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorPage, picker);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorPage, exchange_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorPage, device_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSensorPage, sensor_type_row);
}

static void
herald_sensor_page_init (HeraldSensorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  herald_entity_page_set_widgets (HERALD_ENTITY_PAGE (self), self->picker, self->exchange_view,
                                  self->current_label);
}

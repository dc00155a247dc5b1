/* herald-sensor-type-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-sensor-type-page.h"

struct _HeraldSensorTypePage
{
  HeraldPage  parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldSensorTypePage, herald_sensor_type_page, HERALD_TYPE_PAGE)

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

  object_class->dispose = herald_sensor_type_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-sensor-type-page.ui");
}

static void
herald_sensor_type_page_init (HeraldSensorTypePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* herald-sensor-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-sensor-page.h"

struct _HeraldSensorPage
{
  HeraldPage  parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldSensorPage, herald_sensor_page, HERALD_TYPE_PAGE)

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

  object_class->dispose = herald_sensor_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-sensor-page.ui");
}

static void
herald_sensor_page_init (HeraldSensorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

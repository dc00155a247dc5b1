/* herald-device-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-device-page.h"

struct _HeraldDevicePage
{
  HeraldPage  parent_instance;
};

G_DEFINE_FINAL_TYPE (HeraldDevicePage, herald_device_page, HERALD_TYPE_PAGE)

static void
herald_device_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_DEVICE_PAGE);

  G_OBJECT_CLASS (herald_device_page_parent_class)->dispose (object);
}

static void
herald_device_page_class_init (HeraldDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_device_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-device-page.ui");
}

static void
herald_device_page_init (HeraldDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

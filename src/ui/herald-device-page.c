/* herald-device-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-device-page.h"

struct _HeraldDevicePage
{
  HeraldEntityPage    parent_instance;

  GtkLabel           *current_label;
  AdwEntryRow        *name_row;
  HeraldEntityPicker *picker;
  HeraldExchangeView *exchange_view;
  AdwActionRow       *gateway_row;

  HeraldGateway      *gateway;
  GCancellable       *gateway_cancellable;
};

G_DEFINE_FINAL_TYPE (HeraldDevicePage, herald_device_page, HERALD_TYPE_ENTITY_PAGE)

static void find_gateway (HeraldDevicePage *self);

static void
herald_device_page_update_shown (HeraldEntityPage *page)
{
  HeraldDevicePage *self = HERALD_DEVICE_PAGE (page);

  if (self->gateway != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_("%s (id %s)"),
                                                   herald_entity_get_name (HERALD_ENTITY (self->gateway)),
                                                   herald_entity_get_id (HERALD_ENTITY (self->gateway)));
      herald_page_set_masked (HERALD_PAGE (self), self->gateway_row, "subtitle", subtitle);
    }
  else
    herald_page_set_masked (HERALD_PAGE (self), self->gateway_row, "subtitle", _("Looking for the MQTT gateway…"));
}

static void
gateway_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HeraldDevicePage) self = user_data;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(GError) error = NULL;

  gateway = herald_api_client_entity_finish (HERALD_API_CLIENT (object), result, &error);
  if (herald_api_error_is_cancelled (error))
    return;

  g_set_object (&self->gateway, gateway);
  herald_device_page_update_shown (HERALD_ENTITY_PAGE (self));
  if (gateway == NULL)
    herald_page_set_masked (HERALD_PAGE (self), self->gateway_row, "subtitle", error->message);
}

/* The MQTT gateway is found by its protocol, never by its name, which
 * differs between the service's flavours. */
static void
find_gateway (HeraldDevicePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = herald_workspace_get_client (workspace);

  g_cancellable_cancel (self->gateway_cancellable);
  g_clear_object (&self->gateway_cancellable);
  g_clear_object (&self->gateway);
  herald_device_page_update_shown (HERALD_ENTITY_PAGE (self));

  if (client == NULL)
    return;

  self->gateway_cancellable = g_cancellable_new ();
  herald_api_client_find_mqtt_gateway_async (client, self->gateway_cancellable,
                                             gateway_cb, g_object_ref (self));
}

static HeraldEntity *
herald_device_page_build (HeraldEntityPage *page)
{
  HeraldDevicePage *self = HERALD_DEVICE_PAGE (page);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(HeraldDevice) device = NULL;

  if (!herald_entity_page_check_name (page, GTK_EDITABLE (self->name_row)))
    return NULL;

  if (self->gateway == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self),
                              _("The service has no online MQTT gateway, so no device can connect. Check the service, then refresh."));
      find_gateway (self);
      return NULL;
    }

  device = herald_device_new (herald_entity_get_id (HERALD_ENTITY (self->gateway)), name);
  return HERALD_ENTITY (g_steal_pointer (&device));
}

static void
herald_device_page_constructed (GObject *object)
{
  HeraldDevicePage *self = HERALD_DEVICE_PAGE (object);

  G_OBJECT_CLASS (herald_device_page_parent_class)->constructed (object);

  /* The gateway is the service's: looked for again with another client. */
  g_signal_connect_object (herald_page_get_workspace (HERALD_PAGE (self)), "notify::client",
                           G_CALLBACK (find_gateway), self, G_CONNECT_SWAPPED);
  find_gateway (self);
}

static void
herald_device_page_dispose (GObject *object)
{
  HeraldDevicePage *self = HERALD_DEVICE_PAGE (object);

  g_cancellable_cancel (self->gateway_cancellable);
  g_clear_object (&self->gateway_cancellable);
  g_clear_object (&self->gateway);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_DEVICE_PAGE);

  G_OBJECT_CLASS (herald_device_page_parent_class)->dispose (object);
}

static void
herald_device_page_class_init (HeraldDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HeraldEntityPageClass *entity_class = HERALD_ENTITY_PAGE_CLASS (klass);

  object_class->constructed = herald_device_page_constructed;
  object_class->dispose = herald_device_page_dispose;
  entity_class->list = herald_api_client_list_devices_async;
  entity_class->build = herald_device_page_build;
  entity_class->workspace_property = "device";
  entity_class->update_shown = herald_device_page_update_shown;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldDevicePage, current_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldDevicePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldDevicePage, picker);
  gtk_widget_class_bind_template_child (widget_class, HeraldDevicePage, exchange_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldDevicePage, gateway_row);
}

static void
herald_device_page_init (HeraldDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  herald_entity_page_set_widgets (HERALD_ENTITY_PAGE (self), self->picker, self->exchange_view,
                                  self->current_label);
}

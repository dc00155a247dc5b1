/* herald-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-window.h"

struct _HeraldWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwHeaderBar         *header_bar;
  GtkMenuButton        *primary_menu_button;
  AdwStatusPage        *welcome_page;
};

G_DEFINE_FINAL_TYPE (HeraldWindow, herald_window, ADW_TYPE_APPLICATION_WINDOW)

HeraldWindow *
herald_window_new (HeraldApplication *application)
{
  g_return_val_if_fail (!application || HERALD_IS_APPLICATION (application), NULL);

  return g_object_new (HERALD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
herald_window_save_state (HeraldWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_apply (self->settings);
}

static void
herald_window_restore_state (HeraldWindow *self)
{
  int width;
  int height;

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
herald_window_close_request (GtkWindow *window)
{
  herald_window_save_state (HERALD_WINDOW (window));

  return GTK_WINDOW_CLASS (herald_window_parent_class)->close_request (window);
}

static void
herald_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_WINDOW);

  G_OBJECT_CLASS (herald_window_parent_class)->dispose (object);
}

static void
herald_window_finalize (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (herald_window_parent_class)->finalize (object);
}

static void
herald_window_class_init (HeraldWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = herald_window_dispose;
  object_class->finalize = herald_window_finalize;

  window_class->close_request = herald_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, welcome_page);
}

static void
herald_window_init (HeraldWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  herald_window_restore_state (self);
}

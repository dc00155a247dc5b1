/* herald-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instance of HeraldWindow, shared by its parts: herald-window.c (the
 * steps, views, sidebar, zoom, presentation) and herald-window-connections.c
 * (the sidebar's connections of their own, their views, import and export).
 */

#pragma once

#include "herald-device-state.h"
#include "herald-history-pane.h"
#include "herald-window.h"

G_BEGIN_DECLS

struct _HeraldWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  HeraldWorkspace      *workspace;
  HeraldDeviceState    *device_state;
  GtkCssProvider       *text_scale_provider;

  /* Template widgets */
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *steps_list;
  GtkListBox           *views_list;
  GtkListBoxRow        *device_view_row;
  GtkListBox           *connections_list;
  GtkButton            *add_connection_button;
  GtkFileChooserNative *chooser;
  AdwHeaderBar         *header_bar;
  GtkButton            *back_button;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
  GtkToggleButton      *presenting_button;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GSignalGroup         *page_signals;
  GtkPaned             *paned;
  GtkStack             *stack;
  HeraldHistoryPane    *history_pane;

  /* The surface's size less GTK's default size, seen when the window was
   * first laid out on screen (the client-side shadow, if any). */
  int                   surface_extra_width;
  int                   surface_extra_height;
  gboolean              surface_extra_known;

  guint                 build_pages_source;
  gulong                after_paint_id;
};

void _herald_window_class_init_connections (GtkWidgetClass *widget_class);
void _herald_window_init_connections       (HeraldWindow   *self);
void _herald_window_dispose_connections    (HeraldWindow   *self);
void _herald_window_select_connection_row  (HeraldWindow   *self);

G_END_DECLS

/* herald-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-application.h"
#include "herald-workspace.h"

G_BEGIN_DECLS

#define HERALD_TYPE_WINDOW (herald_window_get_type())

G_DECLARE_FINAL_TYPE (HeraldWindow, herald_window, HERALD, WINDOW, AdwApplicationWindow)

HeraldWindow  *herald_window_new          (HeraldApplication *application);
HeraldWorkspace *herald_window_get_workspace  (HeraldWindow      *self);
void           herald_window_show_device_view (HeraldWindow  *self);
void           herald_window_show_connection (HeraldWindow     *self,
                                              HeraldConnection *connection);
void           herald_window_show_measures_view (HeraldWindow  *self);
void           herald_window_show_stored_measures_view (HeraldWindow *self);
void           herald_window_show_step    (HeraldWindow      *self,
                                           HeraldStep         step);
HeraldStep     herald_window_get_step     (HeraldWindow      *self);
void           herald_window_add_view     (HeraldWindow      *self,
                                           GtkWidget         *view,
                                           const char        *name,
                                           const char        *title);
void           herald_window_show_view    (HeraldWindow      *self,
                                           const char        *name);
GtkWidget     *herald_window_get_page     (HeraldWindow      *self,
                                           HeraldStep         step);

G_END_DECLS

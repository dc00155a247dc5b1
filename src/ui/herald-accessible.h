/* herald-accessible.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void herald_accessible_init (void);
void herald_accessible_fix  (GtkWidget *widget);

G_END_DECLS

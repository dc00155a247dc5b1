/* herald-file-chooser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the file chosen (never on Cancel). */
typedef void (*HeraldFileChosenFunc) (GtkWidget *owner,
                                      GFile     *file);

void herald_file_chooser_show  (GtkWidget             *owner,
                                GtkFileChooserNative **slot,
                                GtkFileChooserAction   action,
                                const char            *title,
                                const char            *filter_name,
                                const char            *pattern,
                                const char            *suggested_name,
                                HeraldFileChosenFunc   chosen);
void herald_file_chooser_clear (GtkFileChooserNative **slot);

G_END_DECLS

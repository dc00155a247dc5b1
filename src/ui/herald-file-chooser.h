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

/* With the file's text, or with @problem (then @data is %NULL), a sentence
 * for the user. */
typedef void (*HeraldFileLoadedFunc) (GtkWidget  *owner,
                                      const char *data,
                                      gsize       length,
                                      const char *problem);

/* With the file's name and, when it could not be written, @problem. */
typedef void (*HeraldFileSavedFunc) (GtkWidget  *owner,
                                     const char *name,
                                     const char *problem);

void herald_file_chooser_show  (GtkWidget             *owner,
                                GtkFileChooserNative **slot,
                                GtkFileChooserAction   action,
                                const char            *title,
                                const char            *accept_label,
                                const char            *filter_name,
                                const char            *pattern,
                                const char            *suggested_name,
                                HeraldFileChosenFunc   chosen);
void herald_file_chooser_clear (GtkFileChooserNative **slot);
void herald_file_chooser_load  (GtkWidget             *owner,
                                GFile                 *file,
                                HeraldFileLoadedFunc   loaded);
void herald_file_chooser_save  (GtkWidget             *owner,
                                GFile                 *file,
                                GBytes                *bytes,
                                HeraldFileSavedFunc    saved);

G_END_DECLS

/* herald-source-style.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

void herald_source_style_follow     (GtkSourceView *view);
void herald_source_style_no_hyphens (GtkTextView   *view);
void herald_label_no_hyphens        (GtkLabel      *label);

G_END_DECLS

/* herald-source-style.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

void herald_source_style_follow (GtkSourceView *view);

G_END_DECLS

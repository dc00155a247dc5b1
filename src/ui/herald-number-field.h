/* herald-number-field.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void     herald_number_field_watch     (GtkSpinButton *spin,
                                        AdwActionRow  *row);
gboolean herald_number_field_has_error (GtkSpinButton *spin);

G_END_DECLS

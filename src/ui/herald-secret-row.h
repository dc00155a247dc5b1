/* herald-secret-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SECRET_ROW (herald_secret_row_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSecretRow, herald_secret_row, HERALD, SECRET_ROW, AdwEntryRow)

GtkWidget  *herald_secret_row_new           (void);
const char *herald_secret_row_get_secret    (HeraldSecretRow *self);
gboolean    herald_secret_row_get_concealed (HeraldSecretRow *self);
void        herald_secret_row_set_concealed (HeraldSecretRow *self,
                                             gboolean         concealed);

G_END_DECLS

/* herald-password-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_PASSWORD_ROW (herald_password_row_get_type ())

G_DECLARE_FINAL_TYPE (HeraldPasswordRow, herald_password_row, HERALD, PASSWORD_ROW, AdwEntryRow)

GtkWidget  *herald_password_row_new          (void);
const char *herald_password_row_get_password (HeraldPasswordRow *self);

G_END_DECLS

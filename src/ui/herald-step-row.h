/* herald-step-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HERALD_TYPE_STEP_ROW (herald_step_row_get_type ())

G_DECLARE_FINAL_TYPE (HeraldStepRow, herald_step_row, HERALD, STEP_ROW, GtkListBoxRow)

const char *herald_step_row_get_title     (HeraldStepRow *self);
const char *herald_step_row_get_page_name (HeraldStepRow *self);
guint       herald_step_row_get_number    (HeraldStepRow *self);
gboolean    herald_step_row_get_complete  (HeraldStepRow *self);
void        herald_step_row_set_complete  (HeraldStepRow *self,
                                           gboolean       complete);

G_END_DECLS

/* herald-stored-measures-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-page.h"
#include "herald-stored-measures.h"

G_BEGIN_DECLS

#define HERALD_TYPE_STORED_MEASURES_VIEW (herald_stored_measures_view_get_type ())

G_DECLARE_FINAL_TYPE (HeraldStoredMeasuresView, herald_stored_measures_view, HERALD, STORED_MEASURES_VIEW, HeraldPage)

GtkWidget            *herald_stored_measures_view_new      (HeraldWorkspace          *workspace);
HeraldStoredMeasures *herald_stored_measures_view_get_list (HeraldStoredMeasuresView *self);

G_END_DECLS

/* herald-measures-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-chart.h"
#include "herald-measure-sender.h"
#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_MEASURES_VIEW (herald_measures_view_get_type ())

G_DECLARE_FINAL_TYPE (HeraldMeasuresView, herald_measures_view, HERALD, MEASURES_VIEW, HeraldPage)

GtkWidget           *herald_measures_view_new        (HeraldWorkspace    *workspace);
HeraldMeasureSender *herald_measures_view_get_sender (HeraldMeasuresView *self);
HeraldChart         *herald_measures_view_get_chart  (HeraldMeasuresView *self);

G_END_DECLS

/* herald-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-series-set.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CHART (herald_chart_get_type ())

G_DECLARE_FINAL_TYPE (HeraldChart, herald_chart, HERALD, CHART, GtkWidget)

GtkWidget       *herald_chart_new         (void);
HeraldSeriesSet *herald_chart_get_model   (HeraldChart     *self);
void             herald_chart_set_model   (HeraldChart     *self,
                                           HeraldSeriesSet *model);
gint64           herald_chart_get_span    (HeraldChart     *self);
void             herald_chart_set_span    (HeraldChart     *self,
                                           gint64           span);
gboolean         herald_chart_get_paused  (HeraldChart     *self);
void             herald_chart_set_paused  (HeraldChart     *self,
                                           gboolean         paused);
void             herald_chart_get_window  (HeraldChart     *self,
                                           gint64          *from,
                                           gint64          *to);
char            *herald_chart_describe    (HeraldChart     *self);
char            *herald_chart_to_csv      (HeraldChart     *self);
GBytes          *herald_chart_to_png      (HeraldChart     *self,
                                           GError         **error);

G_END_DECLS

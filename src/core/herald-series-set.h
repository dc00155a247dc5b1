/* herald-series-set.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-measure.h"
#include "herald-series.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SERIES_SET (herald_series_set_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSeriesSet, herald_series_set, HERALD, SERIES_SET, GObject)

HeraldSeriesSet *herald_series_set_new            (guint            capacity);
HeraldSeries    *herald_series_set_lookup         (HeraldSeriesSet *self,
                                                   const char      *key);
void             herald_series_set_add_readings   (HeraldSeriesSet *self,
                                                   const char      *capability,
                                                   GListModel      *readings,
                                                   gint64           time);
void             herald_series_set_add_measure    (HeraldSeriesSet *self,
                                                   HeraldMeasure   *measure,
                                                   gint64           time);
void             herald_series_set_clear          (HeraldSeriesSet *self);
char            *herald_series_set_to_csv         (HeraldSeriesSet *self,
                                                   gint64           from,
                                                   gint64           to);

G_END_DECLS

/* herald-series.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SERIES (herald_series_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSeries, herald_series, HERALD, SERIES, GObject)

HeraldSeries *herald_series_new             (const char   *key,
                                             const char   *label,
                                             const char   *unit,
                                             guint         capacity);
const char   *herald_series_get_key         (HeraldSeries *self);
const char   *herald_series_get_label       (HeraldSeries *self);
const char   *herald_series_get_unit        (HeraldSeries *self);
guint         herald_series_get_capacity    (HeraldSeries *self);
void          herald_series_append          (HeraldSeries *self,
                                             gint64        time,
                                             double        value);
guint64       herald_series_get_n_appended  (HeraldSeries *self);
guint         herald_series_get_n_points    (HeraldSeries *self);
void          herald_series_get_point       (HeraldSeries *self,
                                             guint         position,
                                             gint64       *time,
                                             double       *value);
guint         herald_series_get_n_buckets   (HeraldSeries *self);
void          herald_series_get_bucket      (HeraldSeries *self,
                                             guint         position,
                                             gint64       *start,
                                             gint64       *end,
                                             double       *min,
                                             double       *max);
gint64        herald_series_get_first_time  (HeraldSeries *self);
gint64        herald_series_get_last_time   (HeraldSeries *self);
gboolean      herald_series_summarize       (HeraldSeries *self,
                                             gint64        from,
                                             gint64        to,
                                             double       *last,
                                             double       *min,
                                             double       *max);
gsize         herald_series_get_memory_size (HeraldSeries *self);

G_END_DECLS

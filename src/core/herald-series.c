/* herald-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "herald-series.h"

/* One numeric property over time, as a chart draws it, in a fixed amount of
 * memory whatever the rate: the newest `capacity` values at full
 * resolution (a ring), and the older ones as min/max per time bucket (at
 * most `capacity` buckets; when they are all used, neighbours merge and the
 * buckets' span doubles). Both arrays are allocated once, by the
 * constructor: appending never allocates.
 *
 * Positions count from the oldest: point 0 is the oldest value still at
 * full resolution, bucket 0 the oldest bucket. Times are microseconds of
 * the wall clock (g_get_real_time()).
 */

typedef struct
{
  gint64 time;
  double value;
} Point;

typedef struct
{
  gint64 start;
  gint64 end;
  double min;
  double max;
  double last;
} Bucket;

struct _HeraldSeries
{
  GObject  parent_instance;

  char    *key;
  char    *label;
  char    *unit;
  guint    capacity;
  guint64  n_appended;

  Point   *points;      /* a ring of capacity */
  guint    head;        /* the oldest point's index */
  guint    n_points;

  Bucket  *buckets;     /* capacity, oldest first */
  guint    n_buckets;
  gint64   span;        /* of one bucket, µs; 0 until the first */
};

G_DEFINE_FINAL_TYPE (HeraldSeries, herald_series, G_TYPE_OBJECT)

static void
herald_series_finalize (GObject *object)
{
  HeraldSeries *self = HERALD_SERIES (object);

  g_free (self->key);
  g_free (self->label);
  g_free (self->unit);
  g_free (self->points);
  g_free (self->buckets);

  G_OBJECT_CLASS (herald_series_parent_class)->finalize (object);
}

static void
herald_series_class_init (HeraldSeriesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_series_finalize;
}

static void
herald_series_init (HeraldSeries *self)
{
}

/**
 * herald_series_new:
 * @key: what identifies it in its set ("capability/property")
 * @label: what a legend shows
 * @unit: (nullable): the property's unit of measure
 * @capacity: how many values it keeps at full resolution, and how many
 *   buckets of older ones (at least 2)
 */
HeraldSeries *
herald_series_new (const char *key,
                   const char *label,
                   const char *unit,
                   guint       capacity)
{
  HeraldSeries *self;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  self = g_object_new (HERALD_TYPE_SERIES, NULL);
  self->key = g_strdup (key);
  self->label = g_strdup (label);
  self->unit = unit != NULL && *unit != '\0' ? g_strdup (unit) : NULL;
  self->capacity = MAX (capacity, 2);
  self->points = g_new0 (Point, self->capacity);
  self->buckets = g_new0 (Bucket, self->capacity);

  return self;
}

const char *
herald_series_get_key (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), NULL);

  return self->key;
}

const char *
herald_series_get_label (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), NULL);

  return self->label;
}

const char *
herald_series_get_unit (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), NULL);

  return self->unit;
}

guint
herald_series_get_capacity (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), 0);

  return self->capacity;
}

static const Point *
point_at (HeraldSeries *self,
          guint         position)
{
  return &self->points[(self->head + position) % self->capacity];
}

/* Two neighbours become one, in place: the older half of the array holds
 * the merged buckets afterwards. */
static void
halve_buckets (HeraldSeries *self)
{
  guint n = 0;

  for (guint i = 0; i < self->n_buckets; i += 2, n++)
    {
      Bucket merged = self->buckets[i];

      if (i + 1 < self->n_buckets)
        {
          const Bucket *next = &self->buckets[i + 1];

          merged.end = next->end;
          merged.min = MIN (merged.min, next->min);
          merged.max = MAX (merged.max, next->max);
          merged.last = next->last;
        }
      self->buckets[n] = merged;
    }
  self->n_buckets = n;
  self->span *= 2;
}

static void
fold_into_buckets (HeraldSeries *self,
                   const Point  *point)
{
  Bucket *last = self->n_buckets > 0 ? &self->buckets[self->n_buckets - 1] : NULL;

  if (self->span == 0)
    {
      /* The first: buckets about as wide as the values at full
       * resolution are apart on average, at least a millisecond. */
      const Point *newest = point_at (self, self->n_points - 1);

      self->span = MAX (1000, (newest->time - point->time) / self->capacity + 1);
    }

  if (last != NULL && point->time < last->start + self->span)
    {
      last->end = MAX (last->end, point->time);
      last->min = MIN (last->min, point->value);
      last->max = MAX (last->max, point->value);
      last->last = point->value;
      return;
    }

  if (self->n_buckets == self->capacity)
    halve_buckets (self);
  self->buckets[self->n_buckets++] = (Bucket) { point->time, point->time, point->value, point->value, point->value };
}

/**
 * herald_series_append:
 * @time: when the value was sent or received, µs of the wall clock
 *
 * Adds the newest value. Not a number (NaN, infinities) is left out.
 */
void
herald_series_append (HeraldSeries *self,
                      gint64        time,
                      double        value)
{
  Point *slot;

  g_return_if_fail (HERALD_IS_SERIES (self));

  if (!isfinite (value))
    return;

  self->n_appended++;
  if (self->n_points == self->capacity)
    {
      Point oldest = self->points[self->head];

      self->head = (self->head + 1) % self->capacity;
      self->n_points--;
      fold_into_buckets (self, &oldest);
    }

  slot = &self->points[(self->head + self->n_points) % self->capacity];
  slot->time = time;
  slot->value = value;
  self->n_points++;
}

/**
 * herald_series_get_n_appended:
 *
 * Returns: how many values were appended since it was made
 */
guint64
herald_series_get_n_appended (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), 0);

  return self->n_appended;
}

guint
herald_series_get_n_points (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), 0);

  return self->n_points;
}

/**
 * herald_series_get_point:
 * @position: 0 for the oldest value kept at full resolution
 */
void
herald_series_get_point (HeraldSeries *self,
                         guint         position,
                         gint64       *time,
                         double       *value)
{
  const Point *point;

  g_return_if_fail (HERALD_IS_SERIES (self));
  g_return_if_fail (position < self->n_points);

  point = point_at (self, position);
  if (time != NULL)
    *time = point->time;
  if (value != NULL)
    *value = point->value;
}

guint
herald_series_get_n_buckets (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), 0);

  return self->n_buckets;
}

/**
 * herald_series_get_bucket:
 * @position: 0 for the oldest
 * @start: (out) (optional): the time of its first value
 * @end: (out) (optional): the time of its last value
 */
void
herald_series_get_bucket (HeraldSeries *self,
                          guint         position,
                          gint64       *start,
                          gint64       *end,
                          double       *min,
                          double       *max)
{
  const Bucket *bucket;

  g_return_if_fail (HERALD_IS_SERIES (self));
  g_return_if_fail (position < self->n_buckets);

  bucket = &self->buckets[position];
  if (start != NULL)
    *start = bucket->start;
  if (end != NULL)
    *end = bucket->end;
  if (min != NULL)
    *min = bucket->min;
  if (max != NULL)
    *max = bucket->max;
}

/**
 * herald_series_get_first_time:
 *
 * Returns: the time of the oldest value it still knows of, or 0 when empty
 */
gint64
herald_series_get_first_time (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), 0);

  if (self->n_buckets > 0)
    return self->buckets[0].start;
  return self->n_points > 0 ? point_at (self, 0)->time : 0;
}

/**
 * herald_series_get_last_time:
 *
 * Returns: the time of the newest value, or 0 when empty
 */
gint64
herald_series_get_last_time (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), 0);

  return self->n_points > 0 ? point_at (self, self->n_points - 1)->time : 0;
}

/**
 * herald_series_summarize:
 * @from: the window's start, µs of the wall clock
 * @to: its end
 * @last: (out) (optional): the newest value in the window
 * @min: (out) (optional): the smallest
 * @max: (out) (optional): the largest
 *
 * What a screen reader says of the series in a chart's window.
 *
 * Returns: %FALSE when no value falls in the window
 */
gboolean
herald_series_summarize (HeraldSeries *self,
                         gint64        from,
                         gint64        to,
                         double       *last,
                         double       *min,
                         double       *max)
{
  gboolean found = FALSE;
  double lo = 0, hi = 0, newest = 0;
  gint64 newest_time = G_MININT64;

  g_return_val_if_fail (HERALD_IS_SERIES (self), FALSE);

  for (guint i = 0; i < self->n_buckets; i++)
    {
      const Bucket *bucket = &self->buckets[i];

      if (bucket->end < from || bucket->start > to)
        continue;
      lo = found ? MIN (lo, bucket->min) : bucket->min;
      hi = found ? MAX (hi, bucket->max) : bucket->max;
      found = TRUE;
    }
  for (guint i = 0; i < self->n_points; i++)
    {
      const Point *point = point_at (self, i);

      if (point->time < from || point->time > to)
        continue;
      lo = found ? MIN (lo, point->value) : point->value;
      hi = found ? MAX (hi, point->value) : point->value;
      found = TRUE;
      if (point->time >= newest_time)
        {
          newest_time = point->time;
          newest = point->value;
        }
    }
  if (!found)
    return FALSE;

  if (newest_time == G_MININT64)
    {
      /* Only buckets in the window: the newest of them ends it. */
      for (guint i = self->n_buckets; i > 0; i--)
        if (self->buckets[i - 1].start <= to)
          {
            newest = self->buckets[i - 1].last;
            break;
          }
    }
  if (last != NULL)
    *last = newest;
  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;
  return TRUE;
}

/**
 * herald_series_get_memory_size:
 *
 * Returns: the bytes it holds, which stop growing once made: the bound a
 *   chart's memory stays within
 */
gsize
herald_series_get_memory_size (HeraldSeries *self)
{
  g_return_val_if_fail (HERALD_IS_SERIES (self), 0);

  return sizeof *self + self->capacity * (sizeof (Point) + sizeof (Bucket)) +
         (self->key ? strlen (self->key) + 1 : 0) + strlen (self->label) + 1 +
         (self->unit ? strlen (self->unit) + 1 : 0);
}

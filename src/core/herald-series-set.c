/* herald-series-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-series-set.h"

/* The numeric properties a chart draws, one HeraldSeries each, in the order
 * they were first seen: a GListModel. Values arrive as typed readings (the
 * device view's reading of a command, a measure the device sent), so
 * nothing here parses a payload again. Each addition emits ::changed once,
 * whatever the number of values it brought; a chart redraws on its next
 * frame.
 */

struct _HeraldSeriesSet
{
  GObject     parent_instance;

  GPtrArray  *series;   /* of HeraldSeries */
  GHashTable *by_key;   /* key -> HeraldSeries (owned by series) */
  guint       capacity;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldSeriesSet, herald_series_set, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HERALD_TYPE_SERIES;
}

static guint
get_n_items (GListModel *model)
{
  return HERALD_SERIES_SET (model)->series->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  HeraldSeriesSet *self = HERALD_SERIES_SET (model);

  if (position >= self->series->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->series, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
herald_series_set_finalize (GObject *object)
{
  HeraldSeriesSet *self = HERALD_SERIES_SET (object);

  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->series);

  G_OBJECT_CLASS (herald_series_set_parent_class)->finalize (object);
}

static void
herald_series_set_class_init (HeraldSeriesSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_series_set_finalize;

  /**
   * HeraldSeriesSet::changed:
   *
   * Values were added to some of its series (or they were cleared).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_series_set_init (HeraldSeriesSet *self)
{
  self->series = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * herald_series_set_new:
 * @capacity: what each series keeps (herald_series_new())
 */
HeraldSeriesSet *
herald_series_set_new (guint capacity)
{
  HeraldSeriesSet *self = g_object_new (HERALD_TYPE_SERIES_SET, NULL);

  self->capacity = capacity;
  return self;
}

/**
 * herald_series_set_lookup:
 * @key: "capability/property"
 *
 * Returns: (transfer none) (nullable): the series of that property
 */
HeraldSeries *
herald_series_set_lookup (HeraldSeriesSet *self,
                          const char      *key)
{
  g_return_val_if_fail (HERALD_IS_SERIES_SET (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->by_key, key);
}

static gboolean
add_reading (HeraldSeriesSet *self,
             const char      *capability,
             HeraldReading   *reading,
             gint64           time)
{
  g_autofree char *key = NULL;
  HeraldSeries *series;

  if (herald_reading_get_kind (reading) != HERALD_READING_KIND_NUMBER ||
      herald_reading_get_problem (reading) != NULL)
    return FALSE;

  key = g_strdup_printf ("%s/%s", capability ? capability : "", herald_reading_get_name (reading));
  series = g_hash_table_lookup (self->by_key, key);
  if (series == NULL)
    {
      series = herald_series_new (key, herald_reading_get_name (reading),
                                  herald_reading_get_unit (reading), self->capacity);
      g_ptr_array_add (self->series, series);
      g_hash_table_insert (self->by_key, (gpointer) herald_series_get_key (series), series);
      g_list_model_items_changed (G_LIST_MODEL (self), self->series->len - 1, 0, 1);
    }
  herald_series_append (series, time, herald_reading_get_number (reading));
  return TRUE;
}

/**
 * herald_series_set_add_readings:
 * @capability: (nullable): the capability the readings are of
 * @readings: of #HeraldReading; its numbers are added, the rest left
 * @time: when they were received, µs of the wall clock
 */
void
herald_series_set_add_readings (HeraldSeriesSet *self,
                                const char      *capability,
                                GListModel      *readings,
                                gint64           time)
{
  guint n_added = 0;

  g_return_if_fail (HERALD_IS_SERIES_SET (self));
  g_return_if_fail (G_IS_LIST_MODEL (readings));

  for (guint i = 0; i < g_list_model_get_n_items (readings); i++)
    {
      g_autoptr(HeraldReading) reading = g_list_model_get_item (readings, i);

      n_added += add_reading (self, capability, reading, time);
    }
  if (n_added > 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_series_set_add_measure:
 * @time: when it was sent (or its own timestamp, when it has one)
 */
void
herald_series_set_add_measure (HeraldSeriesSet *self,
                               HeraldMeasure   *measure,
                               gint64           time)
{
  guint n_added = 0;

  g_return_if_fail (HERALD_IS_SERIES_SET (self));
  g_return_if_fail (HERALD_IS_MEASURE (measure));

  for (guint i = 0; i < herald_measure_get_n_values (measure); i++)
    n_added += add_reading (self, herald_measure_get_capability (measure),
                            herald_measure_get_value (measure, i), time);
  if (n_added > 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_series_set_clear:
 *
 * Forgets every series.
 */
void
herald_series_set_clear (HeraldSeriesSet *self)
{
  guint n;

  g_return_if_fail (HERALD_IS_SERIES_SET (self));

  n = self->series->len;
  if (n == 0)
    return;
  g_hash_table_remove_all (self->by_key);
  g_ptr_array_set_size (self->series, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
append_time (GString *csv,
             gint64   time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);

  if (when == NULL)
    {
      g_string_append (csv, "?");
      return;
    }
  g_autofree char *text = g_date_time_format (when, "%FT%T");
  g_string_append_printf (csv, "%s.%03dZ", text, (int) ((time % G_USEC_PER_SEC) / 1000));
}

static void
append_field (GString    *csv,
              const char *text)
{
  /* RFC 4180: quoted when it holds a separator, a quote or a line end. */
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
append_number (GString *csv,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest that reads back the same: 20.1, not 20.100000000000001. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (csv, buffer);
}

/**
 * herald_series_set_to_csv:
 * @from: the window's start, µs of the wall clock (0: from the first)
 * @to: its end (G_MAXINT64: to the last)
 *
 * The data a chart shows in that window, as CSV (RFC 4180: a header line,
 * CRLF line ends; times in UTC with milliseconds; numbers in the C locale,
 * as short as reads back the same): one line per value kept at full
 * resolution (`time,series,value`), and for older values only their
 * bucket (`time,series,,min,max`, at the time of its first value).
 *
 * Returns: (transfer full): the text
 */
char *
herald_series_set_to_csv (HeraldSeriesSet *self,
                          gint64           from,
                          gint64           to)
{
  GString *csv;

  g_return_val_if_fail (HERALD_IS_SERIES_SET (self), NULL);

  csv = g_string_new ("time,series,value,min,max\r\n");
  for (guint i = 0; i < self->series->len; i++)
    {
      HeraldSeries *series = g_ptr_array_index (self->series, i);

      for (guint b = 0; b < herald_series_get_n_buckets (series); b++)
        {
          gint64 start, end;
          double min, max;

          herald_series_get_bucket (series, b, &start, &end, &min, &max);
          if (end < from || start > to)
            continue;
          append_time (csv, start);
          g_string_append_c (csv, ',');
          append_field (csv, herald_series_get_key (series));
          g_string_append (csv, ",,");
          append_number (csv, min);
          g_string_append_c (csv, ',');
          append_number (csv, max);
          g_string_append (csv, "\r\n");
        }
      for (guint p = 0; p < herald_series_get_n_points (series); p++)
        {
          gint64 time;
          double value;

          herald_series_get_point (series, p, &time, &value);
          if (time < from || time > to)
            continue;
          append_time (csv, time);
          g_string_append_c (csv, ',');
          append_field (csv, herald_series_get_key (series));
          g_string_append_c (csv, ',');
          append_number (csv, value);
          g_string_append (csv, ",,\r\n");
        }
    }

  return g_string_free (csv, FALSE);
}

/* test-series.c
 *
 * What a chart draws: series that keep the newest values exactly and the
 * older ones as min/max buckets, in memory that stops growing at its
 * bound whatever the rate; their set fed from typed measures (numbers
 * only), and the CSV of a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "herald-capability.h"
#include "herald-series-set.h"

#define T0 G_GINT64_CONSTANT (1796256000000000)  /* 2026-12-03T00:00:00Z */

static void
test_full_resolution (void)
{
  g_autoptr(HeraldSeries) series = herald_series_new ("Climate/Temperature", "Temperature", "°C", 8);
  double last, min, max;

  g_assert_cmpuint (herald_series_get_n_points (series), ==, 0);
  g_assert_false (herald_series_summarize (series, 0, G_MAXINT64, &last, &min, &max));

  for (guint i = 0; i < 5; i++)
    herald_series_append (series, T0 + i * G_USEC_PER_SEC, 20.0 + i);
  herald_series_append (series, T0 + 5 * G_USEC_PER_SEC, NAN);      /* left out */
  herald_series_append (series, T0 + 5 * G_USEC_PER_SEC, INFINITY); /* left out */

  g_assert_cmpuint (herald_series_get_n_points (series), ==, 5);
  g_assert_cmpuint (herald_series_get_n_buckets (series), ==, 0);
  g_assert_cmpuint (herald_series_get_n_appended (series), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      gint64 time;
      double value;

      herald_series_get_point (series, i, &time, &value);
      g_assert_cmpint (time, ==, T0 + i * G_USEC_PER_SEC);
      g_assert_cmpfloat (value, ==, 20.0 + i);
    }
  g_assert_cmpint (herald_series_get_first_time (series), ==, T0);
  g_assert_cmpint (herald_series_get_last_time (series), ==, T0 + 4 * G_USEC_PER_SEC);

  /* A window: only what falls in it. */
  g_assert_true (herald_series_summarize (series, T0 + G_USEC_PER_SEC, T0 + 3 * G_USEC_PER_SEC,
                                          &last, &min, &max));
  g_assert_cmpfloat (last, ==, 23.0);
  g_assert_cmpfloat (min, ==, 21.0);
  g_assert_cmpfloat (max, ==, 23.0);
  g_assert_false (herald_series_summarize (series, T0 + 10 * G_USEC_PER_SEC, T0 + 20 * G_USEC_PER_SEC,
                                           NULL, NULL, NULL));
}

/* A flood: a million values at 10 kHz into a series of 256. */
static void
test_bounded (void)
{
  g_autoptr(HeraldSeries) series = herald_series_new ("Climate/Temperature", "Temperature", NULL, 256);
  gsize size = herald_series_get_memory_size (series);
  double overall_min = G_MAXDOUBLE, overall_max = -G_MAXDOUBLE;
  double old_min = G_MAXDOUBLE, old_max = -G_MAXDOUBLE;
  double bucket_min = G_MAXDOUBLE, bucket_max = -G_MAXDOUBLE;
  gint64 previous_end = G_MININT64;
  guint n = 1000000;

  for (guint i = 0; i < n; i++)
    {
      double value = 100 * sin (i / 5000.0) + (i == 123456 ? 1000 : 0);

      herald_series_append (series, T0 + i * 100, value);
      overall_min = MIN (overall_min, value);
      overall_max = MAX (overall_max, value);
      if (i < n - 256)
        {
          old_min = MIN (old_min, value);
          old_max = MAX (old_max, value);
        }
      if (i % 100000 == 0)
        g_assert_cmpuint (herald_series_get_memory_size (series), ==, size);
    }

  g_assert_cmpuint (herald_series_get_memory_size (series), ==, size);
  g_assert_cmpuint (herald_series_get_n_appended (series), ==, n);
  /* The newest 256 exactly, */
  g_assert_cmpuint (herald_series_get_n_points (series), ==, 256);
  for (guint i = 0; i < 256; i++)
    {
      gint64 time;
      double value;
      guint k = n - 256 + i;

      herald_series_get_point (series, i, &time, &value);
      g_assert_cmpint (time, ==, T0 + (gint64) k * 100);
      g_assert_cmpfloat (value, ==, 100 * sin (k / 5000.0));
    }
  /* the older ones in at most 256 buckets, in time order, that lose no
   * extreme (the one spike included). */
  g_assert_cmpuint (herald_series_get_n_buckets (series), >, 0);
  g_assert_cmpuint (herald_series_get_n_buckets (series), <=, 256);
  for (guint i = 0; i < herald_series_get_n_buckets (series); i++)
    {
      gint64 start, end;
      double min, max;

      herald_series_get_bucket (series, i, &start, &end, &min, &max);
      g_assert_cmpint (start, >, previous_end);
      g_assert_cmpint (end, >=, start);
      g_assert_cmpfloat (min, <=, max);
      previous_end = end;
      bucket_min = MIN (bucket_min, min);
      bucket_max = MAX (bucket_max, max);
    }
  g_assert_cmpint (herald_series_get_first_time (series), ==, T0);
  g_assert_cmpfloat (bucket_min, ==, old_min);
  g_assert_cmpfloat (bucket_max, ==, old_max);
  g_assert_cmpfloat (bucket_max, ==, 1000 + 100 * sin (123456 / 5000.0));
  {
    double min, max;

    g_assert_true (herald_series_summarize (series, 0, G_MAXINT64, NULL, &min, &max));
    g_assert_cmpfloat (min, ==, overall_min);
    g_assert_cmpfloat (max, ==, overall_max);
  }
}

static HeraldCapability *
climate (void)
{
  HeraldCapability *capability = herald_capability_new ("Climate");
  g_autoptr(HeraldProperty) temperature = herald_property_new ("Temperature", HERALD_DATA_TYPE_FLOAT, "°C");
  g_autoptr(HeraldProperty) heating = herald_property_new ("Heating", HERALD_DATA_TYPE_BOOLEAN, NULL);
  g_autoptr(HeraldProperty) note = herald_property_new ("Note", HERALD_DATA_TYPE_STRING, NULL);

  herald_capability_add_property (capability, temperature);
  herald_capability_add_property (capability, heating);
  herald_capability_add_property (capability, note);
  return capability;
}

static void
changed_cb (HeraldSeriesSet *set,
            guint           *n_changed)
{
  (*n_changed)++;
}

static void
test_set_and_csv (void)
{
  g_autoptr(HeraldCapability) capability = climate ();
  g_autoptr(HeraldSeriesSet) set = herald_series_set_new (4);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *window = NULL;
  HeraldSeries *series;
  guint n_changed = 0;
  const char *values[] = { "20.1", "-3", "1e-07", "21.25", "0.30000000000000004", "22" };

  g_signal_connect (set, "changed", G_CALLBACK (changed_cb), &n_changed);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *payload =
        g_strdup_printf ("{\"sensorAlternateId\":\"s1\",\"capabilityAlternateId\":\"Climate\","
                         "\"measures\":[{\"Temperature\":%s,\"Heating\":true,\"Note\":\"a,\\\"b\\\"\"}]}",
                         values[i]);
      g_autoptr(GPtrArray) measures = herald_measure_parse_message (payload, -1, capability, &error);

      g_assert_no_error (error);
      herald_series_set_add_measure (set, g_ptr_array_index (measures, 0), T0 + i * 1500);
    }

  /* Numbers only: the switch and the text are not drawn. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 1);
  g_assert_cmpuint (n_changed, ==, G_N_ELEMENTS (values));
  series = herald_series_set_lookup (set, "Climate/Temperature");
  g_assert_nonnull (series);
  g_assert_cmpstr (herald_series_get_label (series), ==, "Temperature");
  g_assert_cmpstr (herald_series_get_unit (series), ==, "°C");
  /* Capacity 4: the two oldest are in buckets now (1.126 ms wide: the
   * newest four were 4.5 ms apart when the first was made). */
  g_assert_cmpuint (herald_series_get_n_points (series), ==, 4);
  g_assert_cmpuint (herald_series_get_n_buckets (series), ==, 2);

  csv = herald_series_set_to_csv (set, 0, G_MAXINT64);
  g_assert_cmpstr (csv, ==,
                   "time,series,value,min,max\r\n"
                   "2026-12-03T00:00:00.000Z,Climate/Temperature,,20.1,20.1\r\n"
                   "2026-12-03T00:00:00.001Z,Climate/Temperature,,-3,-3\r\n"
                   "2026-12-03T00:00:00.003Z,Climate/Temperature,1e-07,,\r\n"
                   "2026-12-03T00:00:00.004Z,Climate/Temperature,21.25,,\r\n"
                   "2026-12-03T00:00:00.006Z,Climate/Temperature,0.30000000000000004,,\r\n"
                   "2026-12-03T00:00:00.007Z,Climate/Temperature,22,,\r\n");

  /* A window holds what falls in it. */
  window = herald_series_set_to_csv (set, T0 + 4000, T0 + 6500);
  g_assert_cmpstr (window, ==,
                   "time,series,value,min,max\r\n"
                   "2026-12-03T00:00:00.004Z,Climate/Temperature,21.25,,\r\n"
                   "2026-12-03T00:00:00.006Z,Climate/Temperature,0.30000000000000004,,\r\n");

  herald_series_set_clear (set);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 0);
  g_assert_null (herald_series_set_lookup (set, "Climate/Temperature"));
}

/* A key that needs quoting is quoted as RFC 4180 says. */
static void
test_csv_quoting (void)
{
  g_autoptr(HeraldSeriesSet) set = herald_series_set_new (16);
  g_autoptr(GListStore) readings = g_list_store_new (HERALD_TYPE_READING);
  g_autoptr(JsonNode) value = json_node_init_double (json_node_alloc (), 50.5);
  g_autoptr(HeraldReading) speed = herald_reading_new ("Speed", HERALD_DATA_TYPE_FLOAT, NULL, value);
  g_autofree char *csv = NULL;

  g_list_store_append (readings, speed);
  herald_series_set_add_readings (set, "a,\"b\"", G_LIST_MODEL (readings), T0);
  csv = herald_series_set_to_csv (set, 0, G_MAXINT64);
  g_assert_cmpstr (csv, ==,
                   "time,series,value,min,max\r\n"
                   "2026-12-03T00:00:00.000Z,\"a,\"\"b\"\"/Speed\",50.5,,\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/series/full-resolution", test_full_resolution);
  g_test_add_func ("/series/bounded", test_bounded);
  g_test_add_func ("/series/set-and-csv", test_set_and_csv);
  g_test_add_func ("/series/csv-quoting", test_csv_quoting);

  return g_test_run ();
}

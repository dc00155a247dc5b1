/* test-reading.c
 *
 * A command's values read as their properties type them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-reading.h"

static HeraldReading *
read_value (HeraldDataType  data_type,
            const char     *unit,
            const char     *json)
{
  g_autoptr(JsonNode) value = json_from_string (json, NULL);

  g_assert_nonnull (value);
  return herald_reading_new ("Value", data_type, unit, value);
}

static void
assert_switch (HeraldReading *reading,
               gboolean       active)
{
  g_assert_cmpint (herald_reading_get_kind (reading), ==, HERALD_READING_KIND_SWITCH);
  g_assert_cmpint (herald_reading_get_active (reading), ==, active);
  g_assert_cmpstr (herald_reading_get_text (reading), ==, active ? "true" : "false");
  g_assert_null (herald_reading_get_problem (reading));
  g_object_unref (reading);
}

static void
assert_number (HeraldReading *reading,
               double         number,
               const char    *text)
{
  g_assert_cmpint (herald_reading_get_kind (reading), ==, HERALD_READING_KIND_NUMBER);
  g_assert_cmpfloat (herald_reading_get_number (reading), ==, number);
  g_assert_cmpstr (herald_reading_get_text (reading), ==, text);
  g_assert_null (herald_reading_get_problem (reading));
  g_object_unref (reading);
}

static void
assert_text (HeraldReading *reading,
             const char    *text,
             gboolean       problem)
{
  g_assert_cmpint (herald_reading_get_kind (reading), ==, HERALD_READING_KIND_TEXT);
  g_assert_cmpstr (herald_reading_get_text (reading), ==, text);
  if (problem)
    {
      g_assert_nonnull (herald_reading_get_problem (reading));
      g_assert_nonnull (strstr (herald_reading_get_problem (reading), text));
    }
  else
    g_assert_null (herald_reading_get_problem (reading));
  g_object_unref (reading);
}

static void
test_boolean (void)
{
  /* The classic API delivers booleans as strings; the tenant API as JSON. */
  assert_switch (read_value (HERALD_DATA_TYPE_BOOLEAN, NULL, "\"true\""), TRUE);
  assert_switch (read_value (HERALD_DATA_TYPE_BOOLEAN, NULL, "\"false\""), FALSE);
  assert_switch (read_value (HERALD_DATA_TYPE_BOOLEAN, NULL, "true"), TRUE);
  assert_switch (read_value (HERALD_DATA_TYPE_BOOLEAN, NULL, "false"), FALSE);
  assert_text (read_value (HERALD_DATA_TYPE_BOOLEAN, NULL, "\"yes\""), "yes", TRUE);
  assert_text (read_value (HERALD_DATA_TYPE_BOOLEAN, NULL, "1"), "1", TRUE);
}

static void
test_float (void)
{
  HeraldReading *reading = read_value (HERALD_DATA_TYPE_FLOAT, "mph", "50.0");

  g_assert_cmpstr (herald_reading_get_unit (reading), ==, "mph");
  g_assert_cmpstr (herald_reading_get_name (reading), ==, "Value");
  assert_number (reading, 50.0, "50.0");
  assert_number (read_value (HERALD_DATA_TYPE_FLOAT, NULL, "50"), 50.0, "50.0");
  assert_number (read_value (HERALD_DATA_TYPE_DOUBLE, NULL, "\"50.0\""), 50.0, "50.0");
  assert_number (read_value (HERALD_DATA_TYPE_DOUBLE, NULL, "0.1"), 0.1, "0.1");
  assert_number (read_value (HERALD_DATA_TYPE_DOUBLE, NULL, "-2.5e-07"), -2.5e-07, "-2.5e-07");
  assert_text (read_value (HERALD_DATA_TYPE_FLOAT, NULL, "\"fast\""), "fast", TRUE);
  assert_text (read_value (HERALD_DATA_TYPE_FLOAT, NULL, "\" 5\""), " 5", TRUE);
  assert_text (read_value (HERALD_DATA_TYPE_FLOAT, NULL, "true"), "true", TRUE);
}

static void
test_integer (void)
{
  assert_number (read_value (HERALD_DATA_TYPE_INTEGER, NULL, "7"), 7.0, "7");
  assert_number (read_value (HERALD_DATA_TYPE_LONG, NULL, "\"-12\""), -12.0, "-12");
  assert_number (read_value (HERALD_DATA_TYPE_INTEGER, NULL, "7.0"), 7.0, "7");
  assert_text (read_value (HERALD_DATA_TYPE_INTEGER, NULL, "7.5"), "7.5", TRUE);
}

static void
test_string (void)
{
  assert_text (read_value (HERALD_DATA_TYPE_STRING, NULL, "\"hello\""), "hello", FALSE);
  assert_text (read_value (HERALD_DATA_TYPE_DATE, NULL, "\"2026-12-03\""), "2026-12-03", FALSE);
  assert_text (read_value (HERALD_DATA_TYPE_STRING, NULL, "{\"a\":1}"), "{\"a\":1}", TRUE);
}

/* A property Herald does not know: the JSON type decides, no problem. */
static void
test_untyped (void)
{
  assert_switch (read_value (HERALD_DATA_TYPE_INVALID, NULL, "true"), TRUE);
  assert_number (read_value (HERALD_DATA_TYPE_INVALID, NULL, "3"), 3.0, "3");
  assert_number (read_value (HERALD_DATA_TYPE_INVALID, NULL, "3.25"), 3.25, "3.25");
  assert_text (read_value (HERALD_DATA_TYPE_INVALID, NULL, "\"true\""), "true", FALSE);
  assert_text (read_value (HERALD_DATA_TYPE_INVALID, NULL, "[1,2]"), "[1,2]", FALSE);
  assert_text (read_value (HERALD_DATA_TYPE_INVALID, NULL, "null"), "null", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reading/boolean", test_boolean);
  g_test_add_func ("/reading/float", test_float);
  g_test_add_func ("/reading/integer", test_integer);
  g_test_add_func ("/reading/string", test_string);
  g_test_add_func ("/reading/untyped", test_untyped);

  return g_test_run ();
}

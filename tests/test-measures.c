/* test-measures.c
 *
 * The device side's model: measures in both of the service's forms,
 * acknowledgements matched to the messages they answer, and the values a
 * presenter leaves flowing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "herald-ack-tracker.h"
#include "herald-json-private.h"
#include "herald-measure.h"
#include "herald-value-generator.h"

static HeraldCapability *
climate (void)
{
  HeraldCapability *capability = herald_capability_new ("Climate");
  g_autoptr(HeraldProperty) temperature = herald_property_new ("Temperature", HERALD_DATA_TYPE_FLOAT, "°C");
  g_autoptr(HeraldProperty) humidity = herald_property_new ("Humidity", HERALD_DATA_TYPE_INTEGER, "%");
  g_autoptr(HeraldProperty) heating = herald_property_new ("Heating", HERALD_DATA_TYPE_BOOLEAN, NULL);

  herald_capability_add_property (capability, temperature);
  herald_capability_add_property (capability, humidity);
  herald_capability_add_property (capability, heating);
  return capability;
}

static void
assert_number (HeraldMeasure *measure,
               const char    *name,
               double         number,
               const char    *unit)
{
  HeraldReading *value = herald_measure_find_value (measure, name);

  g_assert_nonnull (value);
  g_assert_cmpint (herald_reading_get_kind (value), ==, HERALD_READING_KIND_NUMBER);
  g_assert_cmpfloat (herald_reading_get_number (value), ==, number);
  g_assert_cmpstr (herald_reading_get_unit (value), ==, unit);
  g_assert_null (herald_reading_get_problem (value));
}

static void
assert_same (HeraldMeasure *a,
             HeraldMeasure *b)
{
  g_assert_cmpstr (herald_measure_get_sensor (a), ==, herald_measure_get_sensor (b));
  g_assert_cmpstr (herald_measure_get_capability (a), ==, herald_measure_get_capability (b));
  g_assert_cmpint (herald_measure_get_timestamp (a), ==, herald_measure_get_timestamp (b));
  g_assert_cmpstr (herald_measure_get_message_id (a), ==, herald_measure_get_message_id (b));
  g_assert_cmpuint (herald_measure_get_n_values (a), ==, herald_measure_get_n_values (b));
  for (guint i = 0; i < herald_measure_get_n_values (a); i++)
    {
      HeraldReading *x = herald_measure_get_value (a, i);
      HeraldReading *y = herald_measure_get_value (b, i);

      g_assert_cmpstr (herald_reading_get_name (x), ==, herald_reading_get_name (y));
      g_assert_cmpint (herald_reading_get_kind (x), ==, herald_reading_get_kind (y));
      g_assert_cmpstr (herald_reading_get_text (x), ==, herald_reading_get_text (y));
      g_assert_cmpstr (herald_reading_get_unit (x), ==, herald_reading_get_unit (y));
    }
}

static void
test_both_forms (void)
{
  g_autoptr(HeraldCapability) capability = climate ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  HeraldMeasure *first;

  arrays = herald_measure_parse_message ("{\"capabilityAlternateId\":\"c1\",\"sensorAlternateId\":\"s1\","
                                         "\"measures\":[[21.5, 40, true],[22, \"41\", \"false\"]],"
                                         "\"timestamp\":1700000000123,\"measureMessageId\":\"m-1\"}",
                                         -1, capability, &error);
  g_assert_no_error (error);
  objects = herald_measure_parse_message ("{\"capabilityAlternateId\":\"c1\",\"sensorAlternateId\":\"s1\","
                                          "\"measures\":[{\"Temperature\":21.5,\"Humidity\":40,\"Heating\":true},"
                                          "{\"Temperature\":22.0,\"Humidity\":41,\"Heating\":false}],"
                                          "\"timestamp\":1700000000123,\"measureMessageId\":\"m-1\"}",
                                          -1, capability, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (arrays->len, ==, 2);
  g_assert_cmpuint (objects->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    assert_same (g_ptr_array_index (arrays, i), g_ptr_array_index (objects, i));

  first = g_ptr_array_index (arrays, 0);
  g_assert_cmpstr (herald_measure_get_sensor (first), ==, "s1");
  g_assert_cmpstr (herald_measure_get_capability (first), ==, "c1");
  g_assert_cmpint (herald_measure_get_timestamp (first), ==, 1700000000123);
  g_assert_cmpstr (herald_measure_get_message_id (first), ==, "m-1");
  assert_number (first, "Temperature", 21.5, "°C");
  assert_number (first, "Humidity", 40, "%");
  g_assert_true (herald_reading_get_active (herald_measure_find_value (first, "Heating")));
  /* The capability's types, not the JSON's: "41" and "false" as sent. */
  assert_number (g_ptr_array_index (arrays, 1), "Humidity", 41, "%");
  g_assert_false (herald_reading_get_active (herald_measure_find_value (g_ptr_array_index (arrays, 1), "Heating")));
}

/* As the service lists them: ids, the rows as sent or one object, a
 * timestamp in milliseconds or ISO 8601. */
static void
test_stored (void)
{
  g_autoptr(HeraldCapability) capability = climate ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rows = json_from_string ("{\"deviceId\":\"d\",\"sensorId\":\"s-id\",\"capabilityId\":\"c-id\","
                                               "\"timestamp\":1700000000000,\"measures\":[[19.25, 55]]}", NULL);
  g_autoptr(JsonNode) single = json_from_string ("{\"sensorId\":\"s-id\",\"capabilityId\":\"c-id\","
                                                 "\"timestamp\":\"2023-11-14T22:13:20.000Z\","
                                                 "\"measure\":{\"Temperature\":19.25,\"Humidity\":55}}", NULL);
  g_autoptr(GPtrArray) a = herald_measure_parse_stored (rows, capability, &error);
  g_autoptr(GPtrArray) b = NULL;

  g_assert_no_error (error);
  b = herald_measure_parse_stored (single, capability, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 1);
  g_assert_cmpuint (b->len, ==, 1);
  assert_same (g_ptr_array_index (a, 0), g_ptr_array_index (b, 0));
  g_assert_cmpstr (herald_measure_get_sensor (g_ptr_array_index (a, 0)), ==, "s-id");
  g_assert_cmpint (herald_measure_get_timestamp (g_ptr_array_index (b, 0)), ==, 1700000000000);
  assert_number (g_ptr_array_index (b, 0), "Temperature", 19.25, "°C");

  /* A time past what 64 bits hold: none, not a wrapped number. */
  {
    g_autoptr(JsonNode) huge = json_from_string ("{\"sensorId\":\"s-id\",\"capabilityId\":\"c-id\","
                                                 "\"timestamp\":1e300,\"measures\":[[19.25, 55]]}", NULL);
    g_autoptr(GPtrArray) c = herald_measure_parse_stored (huge, capability, &error);

    g_assert_no_error (error);
    g_assert_cmpint (herald_measure_get_timestamp (g_ptr_array_index (c, 0)), ==, -1);
  }
}

static void
test_untyped_and_wrong (void)
{
  g_autoptr(HeraldCapability) capability = climate ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) untyped = NULL;
  g_autoptr(GPtrArray) wrong = NULL;
  HeraldReading *value;
  const char *not_measures[] = {
    "not json",
    "[1, 2]",
    "{\"capabilityAlternateId\":\"c1\"}",
    "{\"measures\":{\"Temperature\":1}}",
    "{\"measures\":[42]}",
    NULL
  };

  /* No capability, or values past its properties: by position and JSON type. */
  untyped = herald_measure_parse_message ("{\"measures\":[[1.5, \"on\", 7, 8]]}", -1, NULL, &error);
  g_assert_no_error (error);
  value = herald_measure_get_value (g_ptr_array_index (untyped, 0), 1);
  g_assert_cmpstr (herald_reading_get_name (value), ==, "2");
  g_assert_cmpint (herald_reading_get_kind (value), ==, HERALD_READING_KIND_TEXT);
  g_assert_cmpint (herald_measure_get_timestamp (g_ptr_array_index (untyped, 0)), ==, -1);
  g_assert_null (herald_measure_get_message_id (g_ptr_array_index (untyped, 0)));
  g_clear_pointer (&untyped, g_ptr_array_unref);
  untyped = herald_measure_parse_message ("{\"measures\":[[1.5, 2, true, 8]]}", -1, capability, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_reading_get_name (herald_measure_get_value (g_ptr_array_index (untyped, 0), 3)), ==, "4");

  /* A value its type does not take is kept as sent, with a problem. */
  wrong = herald_measure_parse_message ("{\"measures\":[{\"Temperature\":\"warm\"}]}", -1, capability, &error);
  g_assert_no_error (error);
  value = herald_measure_find_value (g_ptr_array_index (wrong, 0), "Temperature");
  g_assert_cmpstr (herald_reading_get_text (value), ==, "warm");
  g_assert_nonnull (herald_reading_get_problem (value));

  for (guint i = 0; not_measures[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) none = herald_measure_parse_message (not_measures[i], -1, capability, &error);

      g_assert_null (none);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
    }
}

static HeraldAck *
ack_at (GPtrArray *acks,
        guint      i)
{
  g_assert_cmpuint (i, <, acks->len);
  return g_ptr_array_index (acks, i);
}

static void
test_acks (void)
{
  g_autoptr(HeraldAckTracker) tracker = herald_ack_tracker_new (100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GPtrArray) stray = NULL;
  g_autoptr(GPtrArray) single = NULL;

  herald_ack_tracker_sent (tracker, "m-1", 1000);
  herald_ack_tracker_sent (tracker, "m-2", 2000);
  herald_ack_tracker_sent (tracker, "m-3", 3000);
  g_assert_cmpuint (herald_ack_tracker_get_n_pending (tracker), ==, 3);

  /* Out of order, in one array, one refused with the gateway's reason. */
  acks = herald_ack_tracker_take (tracker,
                                  "[{\"id\":\"m-2\",\"code\":202,\"messages\":[]},"
                                  "{\"id\":\"m-1\",\"code\":400,\"messages\":[\"Invalid value for Temperature\"]}]",
                                  -1, 7000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acks->len, ==, 2);
  g_assert_cmpstr (herald_ack_get_message_id (ack_at (acks, 0)), ==, "m-2");
  g_assert_true (herald_ack_get_accepted (ack_at (acks, 0)));
  g_assert_true (herald_ack_get_matched (ack_at (acks, 0)));
  g_assert_cmpint (herald_ack_get_round_trip (ack_at (acks, 0)), ==, 5000);
  g_assert_cmpuint (herald_ack_get_code (ack_at (acks, 1)), ==, 400);
  g_assert_false (herald_ack_get_accepted (ack_at (acks, 1)));
  g_assert_cmpint (herald_ack_get_round_trip (ack_at (acks, 1)), ==, 6000);
  g_assert_cmpstr (herald_ack_get_messages (ack_at (acks, 1))[0], ==, "Invalid value for Temperature");
  g_assert_null (herald_ack_get_messages (ack_at (acks, 1))[1]);
  g_assert_cmpuint (herald_ack_tracker_get_n_pending (tracker), ==, 1);

  /* Answered twice, or never sent: unmatched. */
  stray = herald_ack_tracker_take (tracker, "[{\"id\":\"m-2\",\"code\":202},{\"id\":\"other\",\"code\":202}]",
                                   -1, 8000, &error);
  g_assert_no_error (error);
  g_assert_false (herald_ack_get_matched (ack_at (stray, 0)));
  g_assert_false (herald_ack_get_matched (ack_at (stray, 1)));
  g_assert_cmpint (herald_ack_get_round_trip (ack_at (stray, 1)), ==, -1);

  /* One object alone, its messages as objects. */
  single = herald_ack_tracker_take (tracker, "{\"id\":\"m-3\",\"code\":400,\"messages\":[{\"message\":\"bad\"}]}",
                                    -1, 9000, &error);
  g_assert_no_error (error);
  g_assert_true (herald_ack_get_matched (ack_at (single, 0)));
  g_assert_cmpstr (herald_ack_get_messages (ack_at (single, 0))[0], ==, "bad");
  g_assert_cmpuint (herald_ack_tracker_get_n_pending (tracker), ==, 0);

  /* Not acknowledgements. */
  g_assert_null (herald_ack_tracker_take (tracker, "[{\"id\":\"x\"}]", -1, 0, &error));
  g_assert_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (herald_ack_tracker_take (tracker, "{", -1, 0, &error));
  g_assert_nonnull (error);
}

/* A gateway that never answers costs a fixed amount of memory. */
static void
test_acks_bounded (void)
{
  g_autoptr(HeraldAckTracker) tracker = herald_ack_tracker_new (1000);
  g_autoptr(GPtrArray) oldest = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%u", i);

      herald_ack_tracker_sent (tracker, id, i);
    }
  g_assert_cmpuint (herald_ack_tracker_get_n_pending (tracker), ==, 1000);

  oldest = herald_ack_tracker_take (tracker, "[{\"id\":\"m-3999\",\"code\":202}]", -1, 6000, &error);
  g_assert_no_error (error);
  g_assert_false (herald_ack_get_matched (ack_at (oldest, 0)));
  newest = herald_ack_tracker_take (tracker, "[{\"id\":\"m-4000\",\"code\":202}]", -1, 6000, &error);
  g_assert_true (herald_ack_get_matched (ack_at (newest, 0)));
  g_assert_cmpint (herald_ack_get_round_trip (ack_at (newest, 0)), ==, 2000);
}

static void
assert_values (HeraldValueGenerator *generator,
               const double         *expected,
               guint                 n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (herald_value_generator_next (generator), expected[i], 1e-9);
}

static void
test_generators (void)
{
  g_autoptr(HeraldValueGenerator) constant = herald_value_generator_new (HERALD_VALUE_GENERATOR_CONSTANT, 5, 100, 1);
  g_autoptr(HeraldValueGenerator) step = herald_value_generator_new (HERALD_VALUE_GENERATOR_STEP, 1, 0, 0.25);
  g_autoptr(HeraldValueGenerator) sine = herald_value_generator_new (HERALD_VALUE_GENERATOR_SINE, 0, 10, 4);
  g_autoptr(HeraldValueGenerator) walk = herald_value_generator_new (HERALD_VALUE_GENERATOR_RANDOM_WALK, 10, 20, 0.5);
  g_autoptr(HeraldValueGenerator) again = herald_value_generator_new (HERALD_VALUE_GENERATOR_RANDOM_WALK, 10, 20, 0.5);
  const double constants[] = { 5, 5, 5 };
  const double steps[] = { 0, 0.25, 0.5, 0.75, 1, 0, 0.25 };
  const double sines[] = { 0, 5, 10, 5, 0, 5 };
  double previous = 15, low = 20, high = 10;

  assert_values (constant, constants, G_N_ELEMENTS (constants));
  assert_values (step, steps, G_N_ELEMENTS (steps));
  assert_values (sine, sines, G_N_ELEMENTS (sines));

  /* A random walk: from the middle, at most a step at a time, within its
   * bounds, the same again with the same seed. */
  herald_value_generator_set_seed (walk, 42);
  herald_value_generator_set_seed (again, 42);
  for (guint i = 0; i < 10000; i++)
    {
      double value = herald_value_generator_next (walk);

      g_assert_cmpfloat (herald_value_generator_next (again), ==, value);
      g_assert_cmpfloat (value, >=, 10);
      g_assert_cmpfloat (value, <=, 20);
      g_assert_cmpfloat (fabs (value - previous), <=, 0.5);
      previous = value;
      low = MIN (low, value);
      high = MAX (high, value);
    }
  /* It wanders: not stuck in the middle. */
  g_assert_cmpfloat (high - low, >, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/measures/both-forms", test_both_forms);
  g_test_add_func ("/measures/stored", test_stored);
  g_test_add_func ("/measures/untyped-and-wrong", test_untyped_and_wrong);
  g_test_add_func ("/measures/acks", test_acks);
  g_test_add_func ("/measures/acks-bounded", test_acks_bounded);
  g_test_add_func ("/measures/generators", test_generators);

  return g_test_run ();
}

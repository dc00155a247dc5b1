/* test-composer-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-composer-values.h"

static void
test_seed_command (void)
{
  g_autoptr(HeraldComposerValues) strings = herald_composer_values_new (TRUE);
  g_autoptr(HeraldComposerValues) typed = herald_composer_values_new (FALSE);
  g_autofree char *json_strings = NULL;
  g_autofree char *json_typed = NULL;
  g_autoptr(GError) error = NULL;

  /* The tutorial's command, as its classic flavour sends it. */
  g_assert_true (herald_composer_values_add (strings, "LED", HERALD_DATA_TYPE_BOOLEAN, "true", &error));
  g_assert_true (herald_composer_values_add (strings, "Buzzer", HERALD_DATA_TYPE_BOOLEAN, "true", &error));
  g_assert_true (herald_composer_values_add (strings, "Speed", HERALD_DATA_TYPE_FLOAT, "50.0", &error));
  g_assert_no_error (error);
  json_strings = herald_composer_values_to_json (strings);
  g_assert_cmpstr (json_strings, ==, "{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":\"50.0\"}");

  /* Typed: numbers keep the digits typed. */
  g_assert_true (herald_composer_values_add (typed, "LED", HERALD_DATA_TYPE_BOOLEAN, "false", &error));
  g_assert_true (herald_composer_values_add (typed, "Speed", HERALD_DATA_TYPE_DOUBLE, "50.1", &error));
  g_assert_true (herald_composer_values_add (typed, "Count", HERALD_DATA_TYPE_LONG, "9007199254740993", &error));
  g_assert_true (herald_composer_values_add (typed, "Note", HERALD_DATA_TYPE_STRING, "say \"hi\"\n", &error));
  g_assert_true (herald_composer_values_add (typed, "When", HERALD_DATA_TYPE_DATE, "2026-11-25T12:00:00Z", &error));
  g_assert_true (herald_composer_values_add (typed, "Blob", HERALD_DATA_TYPE_BINARY, "aGVsbG8=", &error));
  g_assert_no_error (error);
  json_typed = herald_composer_values_to_json (typed);
  g_assert_cmpstr (json_typed, ==,
                   "{\"LED\":false,\"Speed\":50.1,\"Count\":9007199254740993,"
                   "\"Note\":\"say \\\"hi\\\"\\n\",\"When\":\"2026-11-25T12:00:00Z\",\"Blob\":\"aGVsbG8=\"}");
}

static void
test_rejects (void)
{
  static const struct {
    HeraldDataType type;
    const char *literal;
  } bad[] = {
    { HERALD_DATA_TYPE_INTEGER, "50.0" },
    { HERALD_DATA_TYPE_INTEGER, "2147483648" },
    { HERALD_DATA_TYPE_INTEGER, "" },
    { HERALD_DATA_TYPE_LONG, "1e3" },
    { HERALD_DATA_TYPE_FLOAT, "abc" },
    { HERALD_DATA_TYPE_FLOAT, "50." },
    { HERALD_DATA_TYPE_DOUBLE, "01" },
    { HERALD_DATA_TYPE_BOOLEAN, "yes" },
    { HERALD_DATA_TYPE_DATE, "yesterday" },
    { HERALD_DATA_TYPE_BINARY, "not base64!" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(HeraldComposerValues) values = herald_composer_values_new (FALSE);
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;

      g_assert_false (herald_composer_values_add (values, "Prop", bad[i].type, bad[i].literal, &error));
      g_assert_error (error, HERALD_COMPOSER_VALUES_ERROR, HERALD_COMPOSER_VALUES_ERROR_INVALID_VALUE);
      /* The message names the property. */
      g_assert_nonnull (strstr (error->message, "Prop"));
      json = herald_composer_values_to_json (values);
      g_assert_cmpstr (json, ==, "{}");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/composer-values/seed-command", test_seed_command);
  g_test_add_func ("/composer-values/rejects", test_rejects);

  return g_test_run ();
}

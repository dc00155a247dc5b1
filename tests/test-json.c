/* test-json.c: the one way JSON from outside is read (herald_json_parse),
 * and the readers that use it: the message viewer's pretty printer and the
 * exchange log's redaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-exchange.h"
#include "herald-json-format.h"
#include "herald-json-private.h"

/* @depth `[`, then as many `]`. */
static char *
nested (guint depth)
{
  char *text = g_malloc (2 * depth + 1);

  memset (text, '[', depth);
  memset (text + depth, ']', depth);
  text[2 * depth] = '\0';
  return text;
}

static void
assert_refused (const char      *text,
                gssize           length,
                int              code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = herald_json_parse (text, length, &error);
  g_autofree char *shown = g_strescape (text, NULL);

  /* Escaped: TAP output must stay UTF-8. */
  g_test_message ("refused: %.60s", shown);
  g_assert_null (root);
  g_assert_error (error, HERALD_JSON_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
}

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = herald_json_parse (text, -1, &error);

  g_test_message ("accepted: %.60s", text);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static void
test_depth (void)
{
  g_autofree char *deepest = nested (HERALD_JSON_MAX_DEPTH);
  g_autofree char *too_deep = nested (HERALD_JSON_MAX_DEPTH + 1);
  g_autofree char *attack = g_strnfill (100000, '[');
  g_autofree char *objects = NULL;
  g_autoptr(GString) deep_objects = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  json_node_unref (parse_ok (deepest));
  assert_refused (too_deep, -1, HERALD_JSON_ERROR_TOO_DEEP);

  /* The attack: not even closed, refused at level 65 without a crash. */
  root = herald_json_parse (attack, -1, &error);
  g_assert_null (root);
  g_assert_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "64"));
  g_assert_nonnull (strstr (error->message, "byte 64"));

  /* Objects count as levels too. */
  for (guint i = 0; i <= HERALD_JSON_MAX_DEPTH; i++)
    g_string_append (deep_objects, "{\"a\":");
  g_string_append (deep_objects, "1");
  for (guint i = 0; i <= HERALD_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep_objects, '}');
  assert_refused (deep_objects->str, -1, HERALD_JSON_ERROR_TOO_DEEP);

  /* Closing levels frees them: many shallow siblings are fine. */
  objects = g_strjoinv (",", (char *[]) { deepest, deepest, deepest, NULL });
  g_free (deepest);
  deepest = g_strconcat ("[", objects, "]", NULL);
  assert_refused (deepest, -1, HERALD_JSON_ERROR_TOO_DEEP);
}

static void
test_characters (void)
{
  g_autoptr(JsonNode) pair = NULL;
  g_autoptr(JsonNode) escaped = NULL;

  assert_refused ("{\"name\": \"LED\\u0000x\"}", -1, HERALD_JSON_ERROR_CHARACTER);
  assert_refused ("\"\\udc00\"", -1, HERALD_JSON_ERROR_CHARACTER);
  assert_refused ("\"\\ud800\"", -1, HERALD_JSON_ERROR_CHARACTER);
  assert_refused ("\"\\ud800x\"", -1, HERALD_JSON_ERROR_CHARACTER);
  assert_refused ("\"\\ud800\\u0041\"", -1, HERALD_JSON_ERROR_CHARACTER);
  assert_refused ("\"\\ud800\\ud800\"", -1, HERALD_JSON_ERROR_CHARACTER);
  assert_refused ("\"a\0b\"", 5, HERALD_JSON_ERROR_INVALID);
  assert_refused ("\"\xff\"", -1, HERALD_JSON_ERROR_INVALID);
  assert_refused ("\"a\nb\"", -1, HERALD_JSON_ERROR_INVALID);
  assert_refused ("\"\\x41\"", -1, HERALD_JSON_ERROR_INVALID);
  assert_refused ("\"\\u12G4\"", -1, HERALD_JSON_ERROR_INVALID);
  assert_refused ("\"\\u12", -1, HERALD_JSON_ERROR_INVALID);

  /* A real pair is one character, kept whole. */
  pair = parse_ok ("\"\\ud83d\\ude00\"");
  g_assert_cmpstr (json_node_get_string (pair), ==, "\xf0\x9f\x98\x80");
  escaped = parse_ok ("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"");
  g_assert_cmpstr (json_node_get_string (escaped), ==, "\"\\/\b\f\n\r\t\xc3\xa9");
}

static void
test_syntax (void)
{
  const char *refused[] = {
    "",
    "   ",
    "{\"a\": 1} {\"b\": 2}",
    "[1] x",
    "{\"a\": 1 /* comment */}",
    "// comment\n{}",
    "{\"a\": 1} // comment",
    "\xef\xbb\xbf{}",
    "{\"a\": 1,}",
    "[1,]",
    "[,1]",
    "{'a': 1}",
    "{a: 1}",
    "{\"a\" 1}",
    "{\"a\": 1 \"b\": 2}",
    "[1 2]",
    "[01]",
    "[1.]",
    "[.5]",
    "[1e]",
    "[-]",
    "[+1]",
    "[NaN]",
    "[Infinity]",
    "[tru]",
    "[nul]",
    "[True]",
    "{\"a\": 1",
    "[1",
    "]",
    "}",
    "[1}",
    "{\"a\": 1]",
  };
  const char *accepted[] = {
    "{}",
    "[]",
    " \t\r\n{ \"a\" : [ 1 , -2.5e+3 , 0.0 , -0 , 1E-2 , true , false , null , \"x\" ] } \n",
    "\"only a string\"",
    "42",
    "null",
    "[[],[[]],{},{\"a\":{}}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused (refused[i], -1, HERALD_JSON_ERROR_INVALID);
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    json_node_unref (parse_ok (accepted[i]));
}

static void
test_numbers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) limits = NULL;
  g_autofree char *long_digits = g_strnfill (100000, '9');
  JsonArray *array;

  /* json-glib would make these -1, INT64_MIN and -1.0. */
  root = herald_json_parse ("{\"command\": {\"Cnt\": 99999999999999999999}}", -1, &error);
  g_assert_null (root);
  g_assert_error (error, HERALD_JSON_ERROR, HERALD_JSON_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "“Cnt”"));
  g_assert_nonnull (strstr (error->message, "99999999999999999999"));
  assert_refused ("{\"L\": 9223372036854775808}", -1, HERALD_JSON_ERROR_RANGE);
  assert_refused ("[-9223372036854775809]", -1, HERALD_JSON_ERROR_RANGE);
  assert_refused ("{\"timestamp\": 18446744073709551616}", -1, HERALD_JSON_ERROR_RANGE);
  assert_refused (long_digits, -1, HERALD_JSON_ERROR_RANGE);
  assert_refused ("[1e400]", -1, HERALD_JSON_ERROR_RANGE);
  assert_refused ("[-1.5e309]", -1, HERALD_JSON_ERROR_RANGE);

  limits = parse_ok ("[9223372036854775807, -9223372036854775808, 1.7976931348623157e308, 1e-400, 12345678901234567890.5]");
  array = json_node_get_array (limits);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);
  g_assert_cmpfloat (json_array_get_double_element (array, 2), ==, G_MAXDOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 3), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (array, 4), 12345678901234567890.5, 1e4);
}

static void
test_lengths (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  /* Not nul-terminated: only @length bytes count. */
  root = herald_json_parse ("[1][2]", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_int_element (json_node_get_array (root), 0), ==, 1);
  assert_refused ("[1][2]", 2, HERALD_JSON_ERROR_INVALID);
  assert_refused ("\"abc\"", 4, HERALD_JSON_ERROR_INVALID);
}

/* The message viewer: any publisher's payload, shown as text when it is not
 * safe JSON. */
static void
test_format_pretty (void)
{
  g_autofree char *attack = g_strnfill (100000, '[');
  g_autofree char *deep = nested (100000);
  g_autofree char *pretty = herald_json_format_pretty ("{\"a\":[1,2]}", -1);

  g_assert_cmpstr (pretty, ==, "{\n  \"a\" : [\n    1,\n    2\n  ]\n}");
  g_assert_null (herald_json_format_pretty (attack, -1));
  g_assert_null (herald_json_format_pretty (deep, -1));
  g_assert_null (herald_json_format_pretty ("{\"Cnt\":99999999999999999999}", -1));
  g_assert_null (herald_json_format_pretty ("{\"a\":1} trailing", -1));
}

/* The exchange log: an answer nested too deep is redacted as text. */
static void
test_redact (void)
{
  g_autoptr(GString) text = g_string_new ("{\"secret\": \"s3cr3t\", \"x\": ");
  g_autofree char *redacted = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  redacted = herald_exchange_redact (text->str);
  g_assert_nonnull (redacted);
  g_assert_null (strstr (redacted, "s3cr3t"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json/depth", test_depth);
  g_test_add_func ("/json/characters", test_characters);
  g_test_add_func ("/json/syntax", test_syntax);
  g_test_add_func ("/json/numbers", test_numbers);
  g_test_add_func ("/json/lengths", test_lengths);
  g_test_add_func ("/json/format-pretty", test_format_pretty);
  g_test_add_func ("/json/redact", test_redact);

  return g_test_run ();
}

/* test-history-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-history.h"
#include "herald-history-export.h"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

#define TEXT "{\"command\":{\"Speed\":50.0},\"note\":\"a \\\"quote\\\", and a comma\"}"

static HeraldHistory *
make_history (void)
{
  HeraldHistory *history = herald_history_new ();
  static const guint8 binary[] = { 0x00, 0xff, 0x10 };
  g_autoptr(GBytes) text = g_bytes_new_static (TEXT, strlen (TEXT));
  g_autoptr(GBytes) raw = g_bytes_new_static (binary, sizeof binary);
  g_autoptr(HeraldMessage) first = herald_message_new (1764072000123456, "commands/abc", text, 1, FALSE, NULL);
  g_autoptr(HeraldMessage) second = herald_message_new (1764072001000000, "measures/abc", raw, 0, TRUE, NULL);

  herald_history_append_event (history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "ssl://localhost:8883");
  herald_history_append_message (history, first);
  herald_history_append_message (history, second);

  return history;
}

static char *
export (HeraldHistory             *history,
        HeraldHistoryExportFormat  format)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), format == HERALD_HISTORY_EXPORT_CSV ? "h.csv" : "h.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *contents = NULL;
  guint n = 0;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  herald_history_export_async (G_LIST_MODEL (history), format, file, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (herald_history_export_finish (result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_json_lines (void)
{
  g_autoptr(HeraldHistory) history = make_history ();
  g_autofree char *contents = export (history, HERALD_HISTORY_EXPORT_JSON_LINES);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");

  /* Every line is one JSON object; the payload comes back exactly. */
  g_assert_true (json_parser_load_from_data (parser, lines[1], -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (object, "topic"), ==, "commands/abc");
  g_assert_cmpint (json_object_get_int_member (object, "qos"), ==, 1);
  g_assert_false (json_object_get_boolean_member (object, "retained"));
  g_assert_cmpstr (json_object_get_string_member (object, "payload"), ==, TEXT);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "time"), "2025-11-25T12:00:00.123456"));

  g_assert_true (json_parser_load_from_data (parser, lines[2], -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_has_member (object, "payload"));
  g_assert_cmpstr (json_object_get_string_member (object, "payload_base64"), ==, "AP8Q");
  g_assert_true (json_object_get_boolean_member (object, "retained"));

  g_assert_true (json_parser_load_from_data (parser, lines[0], -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "connected");
}

static void
test_csv (void)
{
  g_autoptr(HeraldHistory) history = make_history ();
  g_autofree char *contents = export (history, HERALD_HISTORY_EXPORT_CSV);
  g_auto(GStrv) lines = g_strsplit (contents, "\r\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "event,topic,qos,retained,time,size,truncated,message");
  g_assert_true (g_str_has_prefix (lines[2], "received,\"commands/abc\",1,false,2025-11-25T12:00:00.123456"));
  /* Quotes doubled inside a quoted field. */
  g_assert_true (g_str_has_suffix (lines[2], ",60,false,\"{\"\"command\"\":{\"\"Speed\"\":50.0},\"\"note\"\":\"\"a \\\"\"quote\\\"\", and a comma\"\"}\""));
  g_assert_true (g_str_has_suffix (lines[3], ",base64:AP8Q"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history-export/json-lines", test_json_lines);
  g_test_add_func ("/history-export/csv", test_csv);

  return g_test_run ();
}

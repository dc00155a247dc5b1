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

/* A list model over the history that counts what is read from it. */
#define TEST_TYPE_COUNTING_MODEL (test_counting_model_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingModel, test_counting_model, TEST, COUNTING_MODEL, GObject)

struct _TestCountingModel
{
  GObject     parent_instance;
  GListModel *inner;
  guint       n_read;
};

static GType
test_counting_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (TEST_COUNTING_MODEL (model)->inner);
}

static guint
test_counting_model_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (TEST_COUNTING_MODEL (model)->inner);
}

static gpointer
test_counting_model_get_item (GListModel *model,
                              guint       position)
{
  TestCountingModel *self = TEST_COUNTING_MODEL (model);

  self->n_read++;
  return g_list_model_get_item (self->inner, position);
}

static void
test_counting_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = test_counting_model_get_item_type;
  iface->get_n_items = test_counting_model_get_n_items;
  iface->get_item = test_counting_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCountingModel, test_counting_model, G_TYPE_OBJECT,
  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, test_counting_model_iface_init))

static void
test_counting_model_finalize (GObject *object)
{
  TestCountingModel *self = TEST_COUNTING_MODEL (object);

  g_signal_handlers_disconnect_by_data (self->inner, self);
  g_object_unref (self->inner);
  G_OBJECT_CLASS (test_counting_model_parent_class)->finalize (object);
}

static void
test_counting_model_class_init (TestCountingModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_counting_model_finalize;
}

static void
test_counting_model_init (TestCountingModel *self)
{
}

static void
forward_items_changed (GListModel        *inner,
                       guint              position,
                       guint              removed,
                       guint              added,
                       TestCountingModel *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static TestCountingModel *
test_counting_model_new (GListModel *inner)
{
  TestCountingModel *self = g_object_new (TEST_TYPE_COUNTING_MODEL, NULL);

  self->inner = g_object_ref (inner);
  g_signal_connect (inner, "items-changed", G_CALLBACK (forward_items_changed), self);
  return self;
}

/* Enough entries that no 4 ms slice can read them all; fewer under
 * AddressSanitizer, whose slow unwinder makes each allocation ~15 times dearer. */
#ifdef __SANITIZE_ADDRESS__
#define MANY 20000
#else
#define MANY 100000
#endif

static void
test_large_in_slices (void)
{
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(TestCountingModel) counting = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "many.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("{\"LED\":\"true\"}", 14);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
  guint slices = 0;
  guint n = 0;
  gsize lines = 0;

  herald_history_set_memory_budget (history, 1024);
  for (guint i = 0; i < MANY; i++)
    g_ptr_array_add (batch, herald_message_new (i, "commands/abc", payload, 1, FALSE, NULL));
  herald_history_append_messages (history, batch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, MANY);
  counting = test_counting_model_new (G_LIST_MODEL (history));

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  herald_history_export_async (G_LIST_MODEL (counting), HERALD_HISTORY_EXPORT_JSON_LINES, file,
                               NULL, result_cb, &result);

  /* Nothing is read before the main loop runs, and no one turn of it reads
   * everything: the entries are taken in slices. */
  g_assert_cmpuint (counting->n_read, ==, 0);
  while (counting->n_read < MANY && result == NULL)
    {
      guint before = counting->n_read;

      g_main_context_iteration (NULL, TRUE);
      if (counting->n_read > before)
        slices++;
      g_assert_cmpuint (counting->n_read - before, <, MANY);

      /* Entries arriving meanwhile are not part of this export. */
      if (slices == 1 && counting->n_read > before)
        {
          g_autoptr(HeraldMessage) late = herald_message_new (MANY, "commands/late", payload, 1, FALSE, NULL);
          herald_history_append_message (history, late);
        }
    }
  g_assert_cmpuint (slices, >, 1);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (herald_history_export_finish (result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, MANY);
  g_assert_cmpuint (counting->n_read, ==, MANY);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  for (const char *c = contents; *c != '\0'; c++)
    lines += *c == '\n';
  g_assert_cmpuint (lines, ==, MANY);
  g_assert_null (strstr (contents, "commands/late"));
}

static void
test_cancel (void)
{
  g_autoptr(HeraldHistory) history = make_history ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "cancelled.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  herald_history_export_async (G_LIST_MODEL (history), HERALD_HISTORY_EXPORT_CSV, file,
                               cancellable, result_cb, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (herald_history_export_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history-export/json-lines", test_json_lines);
  g_test_add_func ("/history-export/csv", test_csv);
  g_test_add_func ("/history-export/large-in-slices", test_large_in_slices);
  g_test_add_func ("/history-export/cancel", test_cancel);

  return g_test_run ();
}

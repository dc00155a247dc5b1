/* test-history-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "herald-test-flow.h"
#include "herald-test-gtk.h"

#include "herald-history-pane.h"
#include "herald-message-viewer.h"

typedef struct
{
  HeraldHistory     *history;
  GtkWindow         *window;
  HeraldHistoryPane *pane;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->history = herald_history_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 400);
  f->pane = g_object_ref_sink (g_object_new (HERALD_TYPE_HISTORY_PANE, NULL));
  gtk_window_set_child (f->window, GTK_WIDGET (f->pane));
  herald_history_pane_set_history (f->pane, f->history);
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  herald_test_drain (1000);
  g_assert_finalize_object (f->pane);
  g_assert_finalize_object (f->history);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->pane), HERALD_TYPE_HISTORY_PANE, name));
}

static void
append_message (Fixture    *f,
                const char *topic,
                const char *payload)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));
  g_autoptr(HeraldMessage) message = herald_message_new (g_get_real_time (), topic, bytes, 1, FALSE, NULL);

  herald_history_append_message (f->history, message);
}

static void
settle (void)
{
  for (guint i = 0; i < 200; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_shows_and_counts (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *model = herald_history_pane_get_model (f->pane);
  const char *count;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "view_stack"))), ==, "empty");

  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "ssl://localhost:8883");
  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_SUBSCRIBED, "commands/abc", NULL);
  append_message (f, "commands/abc", "{\"command\":{\"LED\":\"true\"}}");
  settle ();

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "view_stack"))), ==, "list");
  count = gtk_label_get_label (GTK_LABEL (child (f, "count_label")));
  g_assert_nonnull (strstr (count, "3"));

  /* Only messages. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (f, "event_dropdown")), 1);
  herald_test_iterate_until (g_list_model_get_n_items (model) == 1, 10);

  /* All again, then search by text. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (f, "event_dropdown")), 0);
  herald_test_iterate_until (g_list_model_get_n_items (model) == 3, 10);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "LED");
  herald_test_iterate_until (g_list_model_get_n_items (model) == 1, 10);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "");
  herald_test_iterate_until (g_list_model_get_n_items (model) == 3, 10);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "history.clear", NULL));
  herald_test_iterate_until (g_list_model_get_n_items (model) == 0, 10);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "view_stack"))), ==, "empty");
}

static int
title_width (GtkWidget           *widget,
             GtkColumnViewColumn *column)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, gtk_column_view_column_get_title (column));
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The cells show each entry's fields, the topic over the payload in the
 * Message cell; the columns have fixed widths from the current font (so the
 * view does not measure every cell each time rows come), which follow the
 * font, except a width the user dragged. */
static void
test_columns (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *view = child (f, "column_view");
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(GtkColumnViewColumn) message = NULL;
  int before[5];

  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_SUBSCRIBED, "commands/abc", NULL);
  append_message (f, "commands/abc", "{\"command\":{\"LED\":\"true\"}}");
  settle ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  g_assert_true (herald_test_shows_text (view, herald_history_event_get_label (HERALD_HISTORY_EVENT_SUBSCRIBED), FALSE));
  g_assert_true (herald_test_shows_text (view, herald_history_event_get_label (HERALD_HISTORY_EVENT_RECEIVED), FALSE));
  /* Subscribed has a topic and no payload; Received both. */
  g_assert_true (herald_test_shows_text (view, "commands/abc", FALSE));
  g_assert_true (herald_test_shows_text (view, "commands/abc\n{\"command\":{\"LED\":\"true\"}}", FALSE));
  g_assert_true (herald_test_shows_text (view, "1", FALSE));

  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      before[i] = gtk_column_view_column_get_fixed_width (column);
      g_assert_cmpint (before[i], >, title_width (view, column));
    }

  /* The user drags the Message column’s edge; then the text grows, as the
   * window’s text scale makes it. */
  message = g_list_model_get_item (columns, 1);
  gtk_column_view_column_set_fixed_width (message, 333);
  gtk_css_provider_load_from_data (provider, "window { font-size: 30pt; }", -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (view), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  settle ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (column == message)
        g_assert_cmpint (gtk_column_view_column_get_fixed_width (column), ==, 333);
      else
        g_assert_cmpint (gtk_column_view_column_get_fixed_width (column), >, before[i]);
    }

  gtk_style_context_remove_provider_for_display (gtk_widget_get_display (view), GTK_STYLE_PROVIDER (provider));
}

static void
test_follows_newest (Fixture       *f,
                     gconstpointer  data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (f, "scroller")));
  double end;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *payload = g_strdup_printf ("{\"n\":%u}", i);
      append_message (f, "measures/abc", payload);
    }
  for (guint i = 0; i < 5; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  settle ();

  end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpfloat (end, >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=, end - 1);

  /* The user scrolls back: new entries do not pull the view away. */
  gtk_adjustment_set_value (adjustment, 0);
  append_message (f, "measures/abc", "{\"n\":\"more\"}");
  for (guint i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* Back at the end, it follows again. */
  end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  gtk_adjustment_set_value (adjustment, end);
  append_message (f, "measures/abc", "{\"n\":\"last\"}");
  for (guint i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  settle ();
  end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=, end - 1);
}

static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  g_assert_false (herald_history_pane_get_paused (f->pane));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "pause_button")), TRUE);
  g_assert_true (herald_history_pane_get_paused (f->pane));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (f, "count_label"))), "paused"));
}

static void
test_viewer (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HeraldHistoryItem) item = NULL;
  HeraldMessageViewer *viewer;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  append_message (f, "commands/abc", "{\"sensorAlternateId\":\"s\",\"command\":{\"Speed\":50.0}}");
  settle ();
  item = g_list_model_get_item (herald_history_pane_get_model (f->pane), 0);
  viewer = g_object_ref_sink (herald_message_viewer_new (item, NULL));
  gtk_window_present (GTK_WINDOW (viewer));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (viewer));

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "topic_label"))),
                   ==, "commands/abc");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "text_view")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "{\"sensorAlternateId\":\"s\",\"command\":{\"Speed\":50.0}}");

  gtk_window_destroy (GTK_WINDOW (viewer));
  g_clear_object (&item);
  g_assert_finalize_object (viewer);
}

static char *
view_text (HeraldMessageViewer *viewer,
           const char          *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, name)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *
viewer_child (HeraldMessageViewer *viewer,
              const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static HeraldMessageViewer *
open_viewer (Fixture *f,
             guint    position)
{
  g_autoptr(HeraldHistoryItem) item = NULL;
  HeraldMessageViewer *viewer;

  settle ();
  item = g_list_model_get_item (herald_history_pane_get_model (f->pane), position);
  viewer = g_object_ref_sink (herald_message_viewer_new (item, NULL));
  gtk_window_present (GTK_WINDOW (viewer));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (viewer));
  return viewer;
}

static void
close_viewer (HeraldMessageViewer *viewer)
{
  gtk_window_destroy (GTK_WINDOW (viewer));
  herald_test_drain (100);
  g_assert_finalize_object (viewer);
}

static void
test_viewer_json_and_properties (Fixture       *f,
                                 gconstpointer  data)
{
  static const char payload[] = "{\"command\":{\"LED\":\"true\",\"Speed\":50.0}}";
  static const guint8 correlation[] = { 0x01, 0xab, 0xff };
  g_autoptr(GBytes) bytes = g_bytes_new_static (payload, strlen (payload));
  g_autoptr(HeraldMessage) message = NULL;
  HeraldMessageViewer *viewer;
  GVariantBuilder builder, user;
  g_autofree char *pretty = NULL;
  g_autofree char *raw = NULL;
  GtkListBox *list;
  GHashTable *rows = g_hash_table_new (g_str_hash, g_str_equal);

  g_variant_builder_init (&user, G_VARIANT_TYPE ("a(ss)"));
  g_variant_builder_add (&user, "(ss)", "origin", "herald");
  g_variant_builder_add (&user, "(ss)", "run", "7");
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "content-type", g_variant_new_string ("application/json"));
  g_variant_builder_add (&builder, "{sv}", "message-expiry-interval", g_variant_new_uint32 (60));
  g_variant_builder_add (&builder, "{sv}", "payload-format-indicator", g_variant_new_byte (1));
  g_variant_builder_add (&builder, "{sv}", "correlation-data",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, correlation, sizeof correlation, 1));
  g_variant_builder_add (&builder, "{sv}", "user-property", g_variant_builder_end (&user));
  message = herald_message_new (g_get_real_time (), "commands/abc", bytes, 1, FALSE, g_variant_builder_end (&builder));
  herald_history_append_message (f->history, message);
  viewer = open_viewer (f, 0);

  /* Pretty-printed JSON first, the raw text beside it. */
  pretty = view_text (viewer, "json_view");
  g_assert_cmpstr (pretty, ==, "{\n  \"command\" : {\n    \"LED\" : \"true\",\n    \"Speed\" : 50.0\n  }\n}");
  raw = view_text (viewer, "text_view");
  g_assert_cmpstr (raw, ==, payload);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (viewer_child (viewer, "view_stack"))), ==, "json");
  g_assert_true (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "json_page"))));

  /* The MQTT 5 properties, one row each, readable. */
  g_assert_true (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "properties_page"))));
  list = GTK_LIST_BOX (viewer_child (viewer, "properties_list"));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    g_hash_table_insert (rows, (gpointer) adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                         (gpointer) adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_cmpuint (g_hash_table_size (rows), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (rows, "content-type"), ==, "application/json");
  g_assert_cmpstr (g_hash_table_lookup (rows, "message-expiry-interval"), ==, "60");
  g_assert_cmpstr (g_hash_table_lookup (rows, "payload-format-indicator"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (rows, "correlation-data"), ==, "01 ab ff");
  g_assert_cmpstr (g_hash_table_lookup (rows, "user-property"), ==, "origin: herald\nrun: 7");
  g_hash_table_unref (rows);

  close_viewer (viewer);
}

static void
test_viewer_binary (Fixture       *f,
                    gconstpointer  data)
{
  static const guint8 binary[] = { 0x00, 0x01, 0xfe, 'A', 0xff };
  g_autoptr(GBytes) bytes = g_bytes_new_static (binary, sizeof binary);
  g_autoptr(HeraldMessage) message = herald_message_new (g_get_real_time (), "measures/x", bytes, 0, TRUE, NULL);
  HeraldMessageViewer *viewer;
  g_autofree char *hex = NULL;

  herald_history_append_message (f->history, message);
  append_message (f, "measures/x", "LED on");
  viewer = open_viewer (f, 0);

  /* Binary data opens in hex; no JSON, no properties. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (viewer_child (viewer, "view_stack"))), ==, "hex");
  hex = view_text (viewer, "hex_view");
  g_assert_true (g_str_has_prefix (hex, "00000000  00 01 fe 41 ff "));
  g_assert_false (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "json_page"))));
  g_assert_false (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "properties_page"))));
  g_assert_null (gtk_widget_get_first_child (viewer_child (viewer, "properties_list")));

  /* Save As… writes the bytes as they came, through the file chooser. */
  {
    g_autofree char *dir = g_dir_make_tmp ("herald-viewer-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "message.bin", NULL);
    g_autofree char *saved = NULL;
    gsize length = 0;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.save", NULL));
    herald_test_choose_file (path);
    herald_test_iterate_until (g_file_get_contents (path, &saved, &length, NULL) && length == sizeof binary, 10);
    g_assert_cmpmem (saved, length, binary, sizeof binary);
    g_unlink (path);
    g_rmdir (dir);
  }

  /* Closed while its file chooser is open: the chooser goes with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.save", NULL));
  herald_test_iterate_until (herald_test_find_file_chooser () != NULL, 10);
  close_viewer (viewer);
  herald_test_iterate_until (herald_test_find_file_chooser () == NULL, 5);

  /* Plain text opens as text. */
  viewer = open_viewer (f, 1);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (viewer_child (viewer, "view_stack"))), ==, "text");
  g_assert_false (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "json_page"))));
  close_viewer (viewer);
}

static void
append_bytes (Fixture      *f,
              const char   *topic,
              const guint8 *data,
              gsize         length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(HeraldMessage) message = herald_message_new (g_get_real_time (), topic, bytes, 0, FALSE, NULL);

  herald_history_append_message (f->history, message);
}

static AdwViewStackPage *
viewer_page (HeraldMessageViewer *viewer,
             const char          *name)
{
  return ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, name));
}

/* A row activated as a user does (double click, Enter): the viewer the
 * pane opens, with the previous message on the topic to compare with. */
static HeraldMessageViewer *
activate_row (Fixture *f,
              guint    position)
{
  HeraldMessageViewer *viewer = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  settle ();
  g_signal_emit_by_name (child (f, "column_view"), "activate", position);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HERALD_IS_MESSAGE_VIEWER (window))
        viewer = HERALD_MESSAGE_VIEWER (window);
    }
  g_assert_nonnull (viewer);
  g_object_ref (viewer);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (viewer));
  return viewer;
}

/* CBOR and MessagePack payloads: decoded in their row and first in the
 * viewer (the bytes are what Python's cbor2 and msgpack write for
 * {"temp": 21.5, "unit": "C"}); a message compared with the previous one
 * on its topic; base64 of JSON offered decoded, text shown first. */
static void
test_viewer_decoded (Fixture       *f,
                     gconstpointer  data)
{
  static const guint8 cbor[] = { 0xa2, 0x64, 't', 'e', 'm', 'p', 0xfb, 0x40, 0x35, 0x80, 0, 0, 0, 0, 0,
                                 0x64, 'u', 'n', 'i', 't', 0x61, 'C' };
  static const guint8 cbor_later[] = { 0xa2, 0x64, 't', 'e', 'm', 'p', 0xfb, 0x40, 0x36, 0, 0, 0, 0, 0, 0,
                                       0x64, 'u', 'n', 'i', 't', 0x61, 'C' };
  static const guint8 msgpack[] = { 0x82, 0xa4, 't', 'e', 'm', 'p', 0xcb, 0x40, 0x35, 0x80, 0, 0, 0, 0, 0,
                                    0xa4, 'u', 'n', 'i', 't', 0xa1, 'C' };
  HeraldMessageViewer *viewer;
  g_autofree char *decoded = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *base64 = NULL;

  append_bytes (f, "measures/cbor", cbor, sizeof cbor);
  append_bytes (f, "measures/msgpack", msgpack, sizeof msgpack);
  append_bytes (f, "measures/cbor", cbor_later, sizeof cbor_later);
  append_message (f, "measures/b64", "eyJ0ZW1wIjogMjEuNX0=");
  settle ();

  g_assert_true (herald_test_shows_text (GTK_WIDGET (f->pane), "measures/cbor\nCBOR · {\"temp\": 21.5, \"unit\": \"C\"}", FALSE));
  g_assert_true (herald_test_shows_text (GTK_WIDGET (f->pane), "measures/msgpack\nMessagePack · {\"temp\": 21.5, \"unit\": \"C\"}", FALSE));

  /* The first CBOR message: decoded first; nothing to compare with. */
  viewer = activate_row (f, 0);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (viewer_child (viewer, "view_stack"))), ==, "decoded");
  g_assert_cmpstr (adw_view_stack_page_get_title (viewer_page (viewer, "decoded_page")), ==, "CBOR");
  decoded = view_text (viewer, "decoded_view");
  g_assert_cmpstr (decoded, ==, "{\n  \"temp\": 21.5,\n  \"unit\": \"C\"\n}");
  g_assert_false (adw_view_stack_page_get_visible (viewer_page (viewer, "changes_page")));
  g_assert_false (adw_view_stack_page_get_visible (viewer_page (viewer, "json_page")));
  close_viewer (viewer);
  g_clear_pointer (&decoded, g_free);

  viewer = activate_row (f, 1);
  g_assert_cmpstr (adw_view_stack_page_get_title (viewer_page (viewer, "decoded_page")), ==, "MessagePack");
  decoded = view_text (viewer, "decoded_view");
  g_assert_cmpstr (decoded, ==, "{\n  \"temp\": 21.5,\n  \"unit\": \"C\"\n}");
  close_viewer (viewer);

  /* The second CBOR message, against the first one on its topic (not the
   * MessagePack one between them). */
  viewer = activate_row (f, 2);
  g_assert_true (adw_view_stack_page_get_visible (viewer_page (viewer, "changes_page")));
  changes = view_text (viewer, "changes_view");
  g_assert_cmpstr (changes, ==, " {\n-  \"temp\": 21.5,\n+  \"temp\": 22.0,\n   \"unit\": \"C\"\n }\n");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (viewer_child (viewer, "changes_label"))), "1 line removed, 1 added"));
  close_viewer (viewer);

  /* Base64 of JSON: the text first, the decoded JSON on a page of its own. */
  viewer = activate_row (f, 3);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (viewer_child (viewer, "view_stack"))), ==, "text");
  g_assert_true (adw_view_stack_page_get_visible (viewer_page (viewer, "decoded_page")));
  g_assert_cmpstr (adw_view_stack_page_get_title (viewer_page (viewer, "decoded_page")), ==, "Base64");
  base64 = view_text (viewer, "decoded_view");
  g_assert_cmpstr (base64, ==, "{\n  \"temp\" : 21.5\n}");
  close_viewer (viewer);
}

static gboolean
file_has (const char *path,
          const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

/* Export as CSV… from the pane's menu, through the file chooser: what the
 * view shows (here, all three messages) in the file chosen. The menu's
 * popover is made when it is first opened, not with the pane. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("herald-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *text = NULL;
  GtkMenuButton *button = GTK_MENU_BUTTON (child (f, "export_button"));
  GtkPopover *popover;
  GtkWidget *item;

  append_message (f, "commands/a", "{\"LED\": true}");
  append_message (f, "commands/b", "{\"LED\": false}");
  append_message (f, "measures/c", "21.5");
  settle ();

  g_assert_null (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_nonnull (popover);
  herald_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (popover)), 10);
  /* The label as the menu has it, its mnemonic included. */
  item = herald_test_find_text (GTK_WIDGET (popover), "Export as _CSV…");
  g_assert_nonnull (item);
  item = gtk_widget_get_ancestor (item, g_type_from_name ("GtkModelButton"));
  g_assert_nonnull (item);
  gtk_widget_activate (item);
  herald_test_choose_file (path);
  herald_test_iterate_until (file_has (path, "measures/c"), 10);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "commands/a"));
  g_assert_nonnull (strstr (text, "commands/b"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/history-pane/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("shows-and-counts", test_shows_and_counts);
  ADD ("columns", test_columns);
  ADD ("follows-newest", test_follows_newest);
  ADD ("pause", test_pause);
  ADD ("viewer", test_viewer);
  ADD ("viewer-json-and-properties", test_viewer_json_and_properties);
  ADD ("viewer-binary", test_viewer_binary);
  ADD ("viewer-decoded", test_viewer_decoded);
  ADD ("export", test_export);

  return g_test_run ();
}

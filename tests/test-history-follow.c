/* test-history-follow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-flow.h"
#include "herald-test-gtk.h"

#include "herald-history-pane.h"
#include "herald-window.h"

/* The History pane as a presenter sees it: it follows the newest entry
 * whatever happens to its rows, its Message cells show a whole command at
 * a projector's text size, its columns fit, and it keeps to its header
 * line until something arrives. Everything is judged from where the
 * widgets really are. */

/* A command as the sandbox publishes it, about 150 characters. */
static const char command_payload[] =
  "{\"sensorAlternateId\":\"cf2e5e5543117a9b\",\"capabilityAlternateId\":\"8a9c1d2e3f405162-led-buzzer-1\","
  "\"command\":{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":50.0}}";

/* --- Helpers --------------------------------------------------------------- */

static GtkWidget *
pane_child (HeraldHistoryPane *pane,
            const char        *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (pane), HERALD_TYPE_HISTORY_PANE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
window_child (HeraldWindow *window,
              const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* The list inside the column view: its allocation is the rows' viewport. */
static GtkWidget *
list_view (HeraldHistoryPane *pane)
{
  for (GtkWidget *c = gtk_widget_get_first_child (pane_child (pane, "column_view")); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_VIEW (c))
      return c;

  g_assert_not_reached ();
}

/* The row showing @text lies wholly inside the list's viewport. */
static gboolean
shows_in_view (HeraldHistoryPane *pane,
               const char        *text)
{
  GtkWidget *list = list_view (pane);
  GtkWidget *label = herald_test_find_text (list, text);
  graphene_rect_t bounds;

  if (label == NULL || !gtk_widget_compute_bounds (label, list, &bounds))
    return FALSE;

  return bounds.origin.y >= -1 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (list) + 1 &&
         bounds.size.height > 0;
}

/* The text of the newest entry the view shows. */
static char *
newest_text (HeraldHistoryPane *pane)
{
  GListModel *model = herald_history_pane_get_model (pane);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(HeraldHistoryItem) item = NULL;

  g_assert_cmpuint (n, >, 0);
  item = g_list_model_get_item (model, n - 1);
  if (herald_history_item_get_preview (item) == NULL || *herald_history_item_get_preview (item) == '\0')
    return g_strdup (herald_history_item_get_topic (item));
  return g_strdup (herald_history_item_get_preview (item));
}

/* Iterates until the newest entry of the filter is drawn in view (rows for
 * new entries come at most every second under a flood). */
static gboolean
newest_in_view (HeraldHistoryPane *pane)
{
  g_autofree char *text = newest_text (pane);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, herald_test_wake, NULL);
  gboolean shown = FALSE;

  while (!(shown = shows_in_view (pane, text)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* And it stays: a few more frames do not take it away. */
  for (guint i = 0; shown && i < 3; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (pane));
      shown = shows_in_view (pane, text);
    }

  g_source_remove (wake);
  if (!shown)
    g_test_message ("the newest entry, %s, is not in view", text);
  return shown;
}

static void
append_messages (HeraldHistory *history,
                 const char    *topic,
                 guint          first,
                 guint          n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);

  for (guint i = first; i < first + n; i++)
    {
      char *payload = g_strdup_printf ("{\"n\":%u}", i);
      gsize len = strlen (payload);
      g_autoptr(GBytes) bytes = g_bytes_new_take (payload, len);

      g_ptr_array_add (batch, herald_message_new (g_get_real_time (), topic, bytes, 0, FALSE, NULL));
    }
  herald_history_append_messages (history, batch);
}

static void
wait_ms (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (10, herald_test_wake, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* --- The pane alone, in a window -------------------------------------------- */

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
  g_clear_object (&f->history);
}

/* From an empty history, a connection's first entries come in a few
 * batches, as a (re)connect makes them; then the whole model is replaced
 * at once (another history), as after a reconnect to another device. */
static void
test_follows_resets (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HeraldHistory) other = herald_history_new ();

  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "ssl://localhost:8883");
  g_main_context_iteration (NULL, FALSE);
  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_SUBSCRIBED, "commands/abc", NULL);
  append_messages (f->history, "commands/abc", 0, 6);
  g_assert_true (newest_in_view (f->pane));

  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_CONNECTION_LOST, NULL, "gone");
  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_CONNECTED, NULL, "ssl://localhost:8883");
  append_messages (f->history, "commands/abc", 6, 40);
  g_assert_true (newest_in_view (f->pane));

  /* The whole model at once: 200 rows where there were 48. */
  append_messages (other, "measures/xyz", 1000, 200);
  herald_history_pane_set_history (f->pane, other);
  g_assert_true (newest_in_view (f->pane));

  /* And back to a short one. */
  herald_history_pane_set_history (f->pane, f->history);
  g_assert_true (newest_in_view (f->pane));
  append_messages (f->history, "commands/abc", 46, 3);
  g_assert_true (newest_in_view (f->pane));
}

static void
test_follows_clear (Fixture       *f,
                    gconstpointer  data)
{
  append_messages (f->history, "measures/abc", 0, 300);
  g_assert_true (newest_in_view (f->pane));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "history.clear", NULL));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  append_messages (f->history, "measures/abc", 300, 5);
  g_assert_true (newest_in_view (f->pane));
  append_messages (f->history, "measures/abc", 305, 60);
  g_assert_true (newest_in_view (f->pane));
}

static void
test_follows_filter (Fixture       *f,
                     gconstpointer  data)
{
  for (guint i = 0; i < 20; i++)
    {
      append_messages (f->history, "measures/abc", i * 20, 10);
      append_messages (f->history, "commands/abc", i * 20 + 10, 10);
    }
  herald_history_append_event (f->history, HERALD_HISTORY_EVENT_SUBSCRIBED, "commands/last", NULL);
  g_assert_true (newest_in_view (f->pane));

  gtk_editable_set_text (GTK_EDITABLE (pane_child (f->pane, "search_entry")), "measures");
  herald_test_iterate_until (g_list_model_get_n_items (herald_history_pane_get_model (f->pane)) == 200, 10);
  g_assert_true (newest_in_view (f->pane));

  /* Only messages: the Subscribed entry goes. */
  gtk_editable_set_text (GTK_EDITABLE (pane_child (f->pane, "search_entry")), "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (f->pane, "event_dropdown")), 1);
  herald_test_iterate_until (g_list_model_get_n_items (herald_history_pane_get_model (f->pane)) == 400, 10);
  g_assert_true (newest_in_view (f->pane));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (f->pane, "event_dropdown")), 0);
  herald_test_iterate_until (g_list_model_get_n_items (herald_history_pane_get_model (f->pane)) == 401, 10);
  g_assert_true (newest_in_view (f->pane));
}

/* 10,000 messages in batches as the session delivers them: the rows come
 * in steps, and after each step the newest row shown is in view. */
static void
test_follows_flood (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *list = list_view (f->pane);
  guint checked = 0;

  for (guint i = 0; i < 10000; i += 250)
    {
      append_messages (f->history, "measures/abc", i, 250);
      g_main_context_iteration (NULL, FALSE);

      /* Now and then, the newest row the view has so far. */
      /* While it follows, the view has only the newest rows that fit:
       * their number stays the same, the rows change. */
      for (guint tries = 0; i % 2500 == 0 && tries < 5; tries++)
        {
          GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (pane_child (f->pane, "column_view"))));
          guint n = g_list_model_get_n_items (rows);
          g_autoptr(HeraldHistoryItem) item = n > 0 ? g_list_model_get_item (rows, n - 1) : NULL;
          g_autoptr(HeraldHistoryItem) last = NULL;

          gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
          gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
          n = g_list_model_get_n_items (rows);
          last = n > 0 ? g_list_model_get_item (rows, n - 1) : NULL;
          if (item != NULL && last != NULL &&
              g_strcmp0 (herald_history_item_get_preview (item), herald_history_item_get_preview (last)) == 0)
            {
              g_assert_true (shows_in_view (f->pane, herald_history_item_get_preview (item)));
              checked++;
              break;
            }
        }
    }
  g_assert_cmpuint (checked, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (herald_history_pane_get_model (f->pane)), ==, 10000);
  g_assert_true (newest_in_view (f->pane));
  g_assert_true (herald_test_find_text (list, "{\"n\":9999}") != NULL);
}

static GtkPolicyType
vertical_policy (HeraldHistoryPane *pane)
{
  GtkPolicyType policy;

  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (pane_child (pane, "scroller")), NULL, &policy);
  return policy;
}

static void
count_frame_cb (GdkFrameClock *clock,
                guint         *frames)
{
  (*frames)++;
}

/* Following a steady stream (a message every 150 ms, for three seconds),
 * the window draws a few frames for each new row and is still between
 * them. GTK's overlay scroll bar, shown at each move to the end and faded
 * out a frame at a time, once kept it drawing frames without end: about
 * 60 a second on a display that paces them, every one of them a whole
 * window on a software OpenGL. */
static void
test_follows_quietly (Fixture       *f,
                      gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  guint frames = 0;
  gulong id;

  /* The search entry has the focus: its cursor fades in and out a frame
   * at a time (for ten seconds after the last key). Not the pane's. */
  gtk_window_set_focus (f->window, NULL);
  append_messages (f->history, "measures/abc", 0, 300);
  g_assert_true (newest_in_view (f->pane));
  wait_ms (1500);

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &frames);
  for (guint i = 0; i < 20; i++)
    {
      append_messages (f->history, "measures/abc", 300 + i, 1);
      wait_ms (150);
    }
  g_signal_handler_disconnect (clock, id);

  g_test_message ("%u frames for 20 new rows in 3 s", frames);
  g_assert_true (newest_in_view (f->pane));
  g_assert_cmpuint (frames, >=, 20);
  g_assert_cmpuint (frames, <=, 20 * 3);
}

/* Scrolled back, the view stays where the user put it; a button says how
 * many entries came since and brings the newest back. */
static void
test_scrolled_back (Fixture       *f,
                    gconstpointer  data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pane_child (f->pane, "scroller")));
  GtkWidget *jump = pane_child (f->pane, "jump_button");

  append_messages (f->history, "measures/abc", 0, 300);
  g_assert_true (newest_in_view (f->pane));
  g_assert_false (gtk_widget_get_visible (jump));

  /* Following: no scroll bar to flash at each move to the newest. */
  g_assert_true (vertical_policy (f->pane) == GTK_POLICY_EXTERNAL);

  gtk_adjustment_set_value (adjustment, 0);
  g_assert_true (vertical_policy (f->pane) == GTK_POLICY_AUTOMATIC);
  append_messages (f->history, "measures/abc", 300, 7);
  wait_ms (400);
  for (guint i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_true (shows_in_view (f->pane, "{\"n\":0}"));
  g_assert_false (shows_in_view (f->pane, "{\"n\":306}"));
  g_assert_true (gtk_widget_get_visible (jump));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (jump)), ==, "Jump to Newest (7 new)");

  g_signal_emit_by_name (jump, "clicked");
  g_assert_true (newest_in_view (f->pane));
  g_assert_false (gtk_widget_get_visible (jump));
  g_assert_true (vertical_policy (f->pane) == GTK_POLICY_EXTERNAL);

  /* Following again. */
  append_messages (f->history, "measures/abc", 307, 50);
  g_assert_true (newest_in_view (f->pane));
}

/* Row widgets the list keeps, on screen or not. */
static guint
count_rows (HeraldHistoryPane *pane)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list_view (pane)); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* Following a long list, the view keeps the rows that fit and a few more
 * (GTK 4.8 would keep 200 above the newest and bind them all again at
 * each jump); scrolled back a little, the whole list is there again, the
 * rows in view where they were. */
static void
test_few_rows (Fixture       *f,
               gconstpointer  data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pane_child (f->pane, "scroller")));
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (pane_child (f->pane, "column_view"))));

  for (guint i = 0; i < 3000; i += 500)
    {
      append_messages (f->history, "measures/abc", i, 500);
      g_assert_true (newest_in_view (f->pane));
    }
  /* Rows are a line high at least: the pane, under 400 pixels, holds
   * fewer than 30. */
  g_assert_cmpint (gtk_widget_get_height (pane_child (f->pane, "scroller")), <, 400);
  g_assert_cmpuint (count_rows (f->pane), <, 40);
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, 40);

  /* A little back, as a wheel does. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) - 30);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3000);
  g_assert_true (shows_in_view (f->pane, "{\"n\":2998}"));
  g_assert_true (gtk_widget_get_visible (pane_child (f->pane, "jump_button")));

  /* Back to the newest: few rows again. */
  g_signal_emit_by_name (pane_child (f->pane, "jump_button"), "clicked");
  append_messages (f->history, "measures/abc", 3000, 500);
  g_assert_true (newest_in_view (f->pane));
  g_assert_cmpuint (count_rows (f->pane), <, 40);
}

/* Row widgets the list keeps that are (partly) in its view. */
static guint
count_rows_in_view (HeraldHistoryPane *pane)
{
  GtkWidget *list = list_view (pane);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (row, list, &bounds) && bounds.size.height > 0 &&
          bounds.origin.y < gtk_widget_get_height (list) && bounds.origin.y + bounds.size.height > 0)
        n++;
    }
  return n;
}

/* A flood of commands, rows of several lines each, after one of a line:
 * the view keeps the rows in view and two more, as many as the rows it
 * shows need, not as many as one-line rows would. */
static void
test_few_rows_tall (Fixture       *f,
                    gconstpointer  data)
{
  append_messages (f->history, "measures/abc", 0, 1);
  g_assert_true (newest_in_view (f->pane));

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);

      for (guint j = 0; j < 500; j++)
        {
          char *payload = g_strdup_printf ("{\"sensorAlternateId\":\"cf2e5e5543117a9b\",\"capabilityAlternateId\":"
                                           "\"8a9c1d2e3f405162-led-buzzer-1\",\"command\":{\"LED\":\"true\","
                                           "\"Buzzer\":\"true\",\"Speed\":%u}}", i * 500 + j);
          gsize len = strlen (payload);
          g_autoptr(GBytes) bytes = g_bytes_new_take (payload, len);

          g_ptr_array_add (batch, herald_message_new (g_get_real_time (), "commands/0123456789abcdef", bytes, 1, FALSE, NULL));
        }
      herald_history_append_messages (f->history, batch);
      g_assert_true (newest_in_view (f->pane));
    }
  /* And a few frames more, for the tail to settle. */
  for (guint i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  g_assert_cmpuint (count_rows_in_view (f->pane), >, 0);
  g_assert_cmpuint (count_rows (f->pane), <=, count_rows_in_view (f->pane) + 3);
}

/* --- The whole window ------------------------------------------------------ */

static HeraldWindow *
present_window (int    width,
                int    height,
                double text_scale)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window;

  g_settings_set (settings, "window-size", "(ii)", width, height);
  g_settings_set_double (settings, "text-scale", text_scale);
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static void
close_window (HeraldWindow *window)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  herald_test_close_window (window);
  g_settings_reset (settings, "text-scale");
  g_settings_reset (settings, "window-size");
}

static HeraldHistoryPane *
window_pane (HeraldWindow *window)
{
  return HERALD_HISTORY_PANE (window_child (window, "history_pane"));
}

static void
append_command (HeraldHistoryPane *pane)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (command_payload, strlen (command_payload));
  g_autoptr(HeraldMessage) message = herald_message_new (g_get_real_time (), "commands/0123456789abcdef",
                                                         bytes, 1, FALSE, NULL);

  herald_history_append_message (herald_history_pane_get_history (pane), message);
}

/* At 1280×720 with the text at 1.7 times its size, the received command
 * is shown whole: wrapped, not cut. */
static void
test_long_payload_at_large_text (void)
{
  HeraldWindow *window = present_window (1280, 720, 1.7);
  HeraldHistoryPane *pane = window_pane (window);
  GtkWidget *cell;

  g_assert_cmpuint (strlen (command_payload), ==, 150);
  append_command (pane);
  g_assert_true (newest_in_view (pane));

  cell = herald_test_find_text (list_view (pane), "\"Speed\":50.0}}");
  g_assert_nonnull (cell);
  g_assert_nonnull (strstr (herald_test_widget_text (cell), command_payload));
  g_assert_false (herald_test_text_is_cut (cell));

  close_window (window);
}

/* At 1,100 pixels wide, the Time column is on screen whole, milliseconds
 * included, at the normal text size and at 1.5 times it. */
static void
check_time_column (double scale)
{
  HeraldWindow *window = present_window (1100, 720, scale);
  HeraldHistoryPane *pane = window_pane (window);
  GtkWidget *scroller = pane_child (pane, "scroller");
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  GtkWidget *list;
  GtkWidget *row;
  GtkLabel *label;
  graphene_rect_t bounds;
  int text_width;

  append_command (pane);
  g_assert_true (newest_in_view (pane));

  /* The last cell of the command's row. */
  list = list_view (pane);
  row = gtk_widget_get_parent (gtk_widget_get_parent (herald_test_find_text (list, "Speed")));
  label = GTK_LABEL (gtk_widget_get_first_child (gtk_widget_get_last_child (row)));
  g_assert_true (g_regex_match_simple ("^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}$", gtk_label_get_label (label), 0, 0));

  pango_layout_get_pixel_size (gtk_label_get_layout (label), &text_width, NULL);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  g_assert_cmpint (text_width, <=, gtk_widget_get_width (GTK_WIDGET (label)));
  /* Where the pane shows it, not where the list would scroll to. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label), scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + text_width, <=, gtk_widget_get_width (scroller));
  /* No column is off to the side. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), <=, gtk_adjustment_get_page_size (hadjustment) + 1);

  close_window (window);
}

static void
test_time_column (void)
{
  check_time_column (1.0);
  check_time_column (1.5);
}

static int
pane_height (HeraldWindow *window)
{
  return gtk_widget_get_height (GTK_WIDGET (window_pane (window)));
}

static int
text_line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Hg");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* Empty, the pane is its header line and the step has the room; with the
 * first entry it opens to the remembered height; a height the user drags
 * it to is remembered, in lines of text, for the next window. */
static void
test_height_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window = present_window (1280, 720, 1.0);
  HeraldHistoryPane *pane = window_pane (window);
  GtkWidget *header = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (pane)));
  GtkPaned *paned = GTK_PANED (window_child (window, "paned"));
  int line = text_line_height (GTK_WIDGET (pane));
  int collapsed, opened, dragged;

  /* Collapsed: the header line and little more. */
  collapsed = pane_height (window);
  g_assert_cmpint (collapsed, <=, gtk_widget_get_height (header) + 16);
  g_assert_cmpint (gtk_widget_get_height (window_child (window, "stack")), >=, gtk_widget_get_height (GTK_WIDGET (paned)) - collapsed - 10);

  /* Opens with the first entry, to the default of 11 lines. */
  append_command (pane);
  herald_test_iterate_until (pane_height (window) > collapsed + 5 * line, 5);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  opened = pane_height (window);
  g_assert_cmpint (ABS (opened - 11 * line), <=, 2);
  g_assert_true (newest_in_view (pane));

  /* The user drags the handle up by 120 pixels. */
  gtk_paned_set_position (paned, gtk_paned_get_position (paned) - 120);
  for (guint i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  dragged = pane_height (window);
  g_assert_cmpint (dragged, ==, opened + 120);
  herald_test_iterate_until (ABS (g_settings_get_double (settings, "history-pane-height") * line - dragged) <= 1, 5);

  /* Cleared, it gives the room back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "history.clear", NULL));
  herald_test_iterate_until (pane_height (window) == collapsed, 5);
  close_window (window);

  /* A new window opens to the dragged height with its first entry. */
  window = present_window (1280, 720, 1.0);
  pane = window_pane (window);
  g_assert_cmpint (pane_height (window), ==, collapsed);
  append_command (pane);
  herald_test_iterate_until (ABS (pane_height (window) - dragged) <= 2, 5);
  close_window (window);

  /* In lines: at 1.5 times the text, it is about 1.5 times as high. */
  window = present_window (1280, 720, 1.5);
  pane = window_pane (window);
  append_command (pane);
  herald_test_iterate_until (pane_height (window) >= dragged * 14 / 10, 5);
  close_window (window);

  g_settings_reset (settings, "history-pane-height");
}

/* Column headers and icons grow with the text, as rows do. */
static void
test_scales_with_text (void)
{
  int header[2], icon[2], row[2];

  for (guint i = 0; i < 2; i++)
    {
      HeraldWindow *window = present_window (1280, 720, i == 0 ? 1.0 : 1.7);
      HeraldHistoryPane *pane = window_pane (window);
      GtkWidget *view = pane_child (pane, "column_view");
      GtkWidget *title = gtk_widget_get_first_child (gtk_widget_get_first_child (view));
      GtkWidget *pause = gtk_widget_get_first_child (pane_child (pane, "pause_button"));
      graphene_rect_t bounds;

      append_command (pane);
      g_assert_true (newest_in_view (pane));
      g_assert_true (gtk_widget_compute_bounds (herald_test_find_text (list_view (pane), "Speed"), view, &bounds));
      row[i] = bounds.size.height;
      /* What they ask for: a button gives its content at least its own minimum. */
      title = gtk_widget_get_first_child (gtk_widget_get_first_child (title));
      g_assert_true (GTK_IS_LABEL (title));
      gtk_widget_measure (title, GTK_ORIENTATION_VERTICAL, -1, NULL, &header[i], NULL, NULL);
      g_assert_true (GTK_IS_IMAGE (pause));
      gtk_widget_measure (pause, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &icon[i], NULL, NULL);
      close_window (window);
    }

  g_test_message ("header %d → %d, icon %d → %d, row %d → %d", header[0], header[1], icon[0], icon[1], row[0], row[1]);
  g_assert_cmpint (header[1], >=, header[0] * 14 / 10);
  g_assert_cmpint (icon[1], >=, icon[0] * 14 / 10);
  g_assert_cmpint (row[1], >=, row[0] * 14 / 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  herald_test_gtk_init (&argc, &argv);

  /* The text of a GNOME desktop (the test display has no settings of its
   * own: GTK's fallback is a smaller "Sans 10"). */
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);

  /* The application's own style sheet, as AdwApplication loads it. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#define ADD(path, func) \
  g_test_add ("/history-follow/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("resets", test_follows_resets);
  ADD ("clear", test_follows_clear);
  ADD ("filter", test_follows_filter);
  ADD ("flood", test_follows_flood);
  ADD ("scrolled-back", test_scrolled_back);
  ADD ("quietly", test_follows_quietly);
  ADD ("few-rows", test_few_rows);
  ADD ("few-rows-tall", test_few_rows_tall);
  g_test_add_func ("/history-follow/long-payload-at-large-text", test_long_payload_at_large_text);
  g_test_add_func ("/history-follow/time-column", test_time_column);
  g_test_add_func ("/history-follow/height-remembered", test_height_remembered);
  g_test_add_func ("/history-follow/scales-with-text", test_scales_with_text);

  return g_test_run ();
}

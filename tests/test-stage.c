/* test-stage.c: the tutorial's command, read from the back of a room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under tests/with-window-manager.sh on a 1280×720 display (a
 * projector's), as a presenter would: full screen, text at ×1.7. After the
 * tutorial's command arrives, the device view shows each of its values as
 * the capability types them, inside the window. Asserted through the
 * widgets; the screenshot is an artifact only.
 */

#include "config.h"

#include <adwaita.h>

#include "herald-test-flow.h"
#include "herald-test-gtk.h"
#include "herald-test-sandbox.h"

#include "herald-chart.h"
#include "herald-device-view.h"
#include "herald-paths.h"
#include "herald-reading-tile.h"

static HeraldReadingTile *
tile_at (GtkFlowBox *box,
         guint       i)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (box, i);

  g_assert_nonnull (child);
  return HERALD_READING_TILE (gtk_flow_box_child_get_child (child));
}

/* @widget lies wholly inside what @area shows of it. */
static void
assert_inside (GtkWidget *widget,
               GtkWidget *area)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, area, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (area));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (area));
}

/* @widget is seen whole: inside each scrolled window around it, and
 * inside the window. */
static void
assert_in_view (GtkWidget *widget,
                GtkWidget *window)
{
  g_assert_true (gtk_widget_get_mapped (widget));
  for (GtkWidget *area = gtk_widget_get_parent (widget); area != NULL; area = gtk_widget_get_parent (area))
    if (GTK_IS_SCROLLED_WINDOW (area) || GTK_IS_PANED (area) || area == window)
      assert_inside (widget, area);
}

static gboolean
inside (GtkWidget *widget,
        GtkWidget *area)
{
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (widget, area, &bounds) &&
         bounds.origin.x >= 0 && bounds.origin.y >= 0 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (area) &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (area);
}

/* What assert_in_view() asserts, as a condition to wait for. */
static gboolean
in_view (GtkWidget *widget,
         GtkWidget *window)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  for (GtkWidget *area = gtk_widget_get_parent (widget); area != NULL; area = gtk_widget_get_parent (area))
    if ((GTK_IS_SCROLLED_WINDOW (area) || GTK_IS_PANED (area) || area == window) && !inside (widget, area))
      return FALSE;
  return TRUE;
}

static void
assert_tile (GtkFlowBox *box,
             guint       i,
             const char *name,
             const char *value,
             const char *unit,
             GtkWidget  *window)
{
  HeraldReadingTile *tile = tile_at (box, i);
  HeraldReading *reading = herald_reading_tile_get_reading (tile);

  g_assert_cmpstr (herald_reading_get_name (reading), ==, name);
  g_assert_cmpstr (herald_reading_tile_get_value_text (tile), ==, value);
  g_assert_cmpstr (herald_reading_get_kind (reading) == HERALD_READING_KIND_NUMBER ? herald_reading_get_unit (reading) : NULL, ==, unit);
  assert_in_view (GTK_WIDGET (tile), window);
}

static void
test_command_on_stage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window;
  HeraldWorkspace *workspace;
  GtkWidget *view;
  GtkFlowBox *box;
  GdkRectangle monitor;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  workspace = herald_window_get_workspace (window);
  herald_test_flow_until_connected (window);

  /* On stage: full screen on the projector, text scaled up. */
  gdk_monitor_get_geometry (gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (window)),
                                                                gtk_native_get_surface (GTK_NATIVE (window))),
                            &monitor);
  g_assert_cmpint (monitor.width, ==, 1280);
  g_assert_cmpint (monitor.height, ==, 720);
  g_settings_set_double (settings, "text-scale", 1.7);
  gtk_window_fullscreen (GTK_WINDOW (window));
  herald_test_iterate_until (gtk_window_is_fullscreen (GTK_WINDOW (window)), 10);
  herald_test_iterate_until (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))) == 1280 &&
                             gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window))) == 720, 10);

  herald_test_flow_send_command (window);
  herald_window_show_device_view (window);
  view = herald_test_find_descendant (GTK_WIDGET (window), HERALD_TYPE_DEVICE_VIEW);
  g_assert_nonnull (view);
  box = GTK_FLOW_BOX (gtk_widget_get_template_child (view, HERALD_TYPE_DEVICE_VIEW, "readings_box"));
  herald_test_iterate_until (gtk_flow_box_get_child_at_index (box, 2) != NULL &&
                             gtk_widget_get_mapped (GTK_WIDGET (box)), 20);
  for (guint i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The capability's types, not the payload's: booleans arrived as the
   * strings "true", the float as 50.0. */
  assert_tile (box, 0, "LED", "On", NULL, GTK_WIDGET (window));
  assert_tile (box, 1, "Buzzer", "On", NULL, GTK_WIDGET (window));
  assert_tile (box, 2, "Speed", "50.0", "mph", GTK_WIDGET (window));
  g_assert_true (herald_reading_get_active (herald_reading_tile_get_reading (tile_at (box, 0))));
  g_assert_null (gtk_flow_box_get_child_at_index (box, 3));
  g_assert_cmpuint (herald_device_state_get_n_commands (herald_device_view_get_state (HERALD_DEVICE_VIEW (view))), ==, 1);

  /* The chart below: the one number received (Speed), not the booleans. */
  {
    GtkWidget *chart = GTK_WIDGET (gtk_widget_get_template_child (view, HERALD_TYPE_DEVICE_VIEW, "chart"));
    GListModel *set = G_LIST_MODEL (herald_chart_get_model (HERALD_CHART (chart)));
    g_autoptr(HeraldSeries) speed = NULL;
    g_autofree char *description = NULL;
    double value;

    /* It comes a few frames after the tiles. */
    herald_test_iterate_until (gtk_widget_get_visible (chart), 5);
    g_assert_cmpuint (g_list_model_get_n_items (set), ==, 1);
    speed = g_list_model_get_item (set, 0);
    g_assert_cmpstr (herald_series_get_label (speed), ==, "Speed");
    g_assert_cmpuint (herald_series_get_n_points (speed), ==, 1);
    herald_series_get_point (speed, 0, NULL, &value);
    g_assert_cmpfloat (value, ==, 50.0);
    herald_test_iterate_until ((description = herald_chart_describe (HERALD_CHART (chart))) != NULL &&
                               strstr (description, "last") != NULL, 5);
    g_assert_nonnull (strstr (description, "Speed: last 50"));
  }

  /* The History's Received row is in view, its payload whole. */
  {
    GtkWidget *history = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "history_pane"));
    GtkWidget *cell = NULL;

    herald_test_iterate_until ((cell = herald_test_find_text (history, "\"Speed\":50.0")) != NULL, 10);
    /* The History follows after each frame: in view once it settled. */
    herald_test_iterate_until (in_view (cell, GTK_WIDGET (window)), 5);
    assert_in_view (cell, GTK_WIDGET (window));
    g_assert_false (herald_test_text_is_cut (cell));
  }

  /* Toasts ("Command sent…") show over the page, never over the History. */
  {
    GtkWidget *history = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "history_pane"));

    g_assert_null (gtk_widget_get_ancestor (history, ADW_TYPE_TOAST_OVERLAY));
    g_assert_nonnull (gtk_widget_get_ancestor (view, ADW_TYPE_TOAST_OVERLAY));
  }

  herald_test_save_screenshot (GTK_WIDGET (window), "stage-device-view");

  /* At text ×2 every step still fits the projector: the window needs no
   * more than 1280×720 on any page, so nothing is cut off; what does not
   * fit in height scrolls. */
  g_settings_set_double (settings, "text-scale", 2.0);
  for (HeraldStep s = 0; s < HERALD_N_STEPS; s++)
    {
      int min_width, min_height;

      herald_window_show_step (window, s);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1280, &min_height, NULL, NULL, NULL);
      g_test_message ("step %u at text x2 needs %dx%d", s + 1, min_width, min_height);
      g_assert_cmpint (min_width, <=, 1280);
      g_assert_cmpint (min_height, <=, 720);
    }

  herald_mqtt_session_disconnect (herald_workspace_get_session (workspace));
  herald_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/stage/command-on-stage", test_command_on_stage);

  return g_test_run ();
}

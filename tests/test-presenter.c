/* test-presenter.c: what a presenter and a learner at the desk see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real widgets on the suite's virtual display: the window's size kept at
 * its design size or more, the style chosen in the main menu.
 */

#include "config.h"

#include <adwaita.h>

#include "herald-test-gtk.h"

#include "herald-window.h"

/* The size remembered, and the size restored from an older start, is never
 * below the window's design size (1100×720, its default). */
static void
test_saved_size_at_least_design (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window;
  int width = 0;
  int height = 0;

  /* A window made small, and closed so. */
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 625, 482);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));
  herald_test_drain (1000);
  g_assert_finalize_object (window);

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, >=, 1100);
  g_assert_cmpint (height, >=, 720);

  /* A small size saved by an older Herald: the window starts at the design
   * size. */
  g_settings_set (settings, "window-size", "(ii)", 625, 482);
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 720);
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_drain (1000);
  g_assert_finalize_object (window);

  /* Larger sizes are kept as they are. */
  g_settings_set (settings, "window-size", "(ii)", 1200, 800);
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));
  herald_test_drain (1000);
  g_assert_finalize_object (window);
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 800);

  g_settings_reset (settings, "window-size");
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/presenter/saved-size-at-least-design", test_saved_size_at_least_design);

  return g_test_run ();
}

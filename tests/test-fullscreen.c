/* test-fullscreen.c: F11 and win.fullscreen on a window that is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Full screen is granted by the window manager: this test runs under
 * tests/with-window-manager.sh (a display of its own with evilwm). It checks
 * what the user sees: the window covers the monitor and says it is full
 * screen, and goes back to its size; the F11 key, pressed on the display
 * (xdotool), does the same; the size remembered is never the full screen's.
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "herald-test-gtk.h"

#include "herald-window.h"

static HeraldWindow *
present_window (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), 1150, 760);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  return window;
}

static GdkRectangle
monitor_geometry (HeraldWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (display, surface);
  GdkRectangle geometry;

  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  return geometry;
}

static gboolean
surface_fullscreen (HeraldWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_FULLSCREEN) != 0;
}

static gboolean
fullscreened (HeraldWindow *window)
{
  gboolean value = FALSE;

  g_object_get (window, "fullscreened", &value, NULL);
  return value;
}

static int
surface_width (HeraldWindow *window)
{
  return gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window)));
}

static int
surface_height (HeraldWindow *window)
{
  return gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window)));
}

/* Full screen as the user sees it: the window manager's state, GTK's, and
 * the window covering the monitor; out of it, the window has the size it
 * had before (@width × @height). */
static void
assert_fullscreen (HeraldWindow *window,
                   gboolean      expected,
                   int           width,
                   int           height)
{
  GdkRectangle monitor = monitor_geometry (window);

  herald_test_iterate_until (gtk_window_is_fullscreen (GTK_WINDOW (window)) == expected, 10);
  herald_test_iterate_until (surface_fullscreen (window) == expected, 10);
  g_assert_true (fullscreened (window) == expected);
  if (expected)
    herald_test_iterate_until (surface_width (window) == monitor.width &&
                               surface_height (window) == monitor.height, 10);
  else
    herald_test_iterate_until (surface_width (window) == width && surface_height (window) == height, 10);
}

static void
test_fullscreen_action (void)
{
  HeraldWindow *window = present_window ();
  int width = surface_width (window);
  int height = surface_height (window);
  GdkRectangle monitor = monitor_geometry (window);

  /* Not full screen to begin with. */
  g_assert_cmpint (width, <, monitor.width);
  g_assert_cmpint (height, <, monitor.height);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fullscreen", NULL));
  assert_fullscreen (window, TRUE, width, height);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fullscreen", NULL));
  assert_fullscreen (window, FALSE, width, height);

  /* And once more: the toggle does not wear out. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fullscreen", NULL));
  assert_fullscreen (window, TRUE, width, height);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fullscreen", NULL));
  assert_fullscreen (window, FALSE, width, height);

  herald_test_close_window (window);
}

static void
press_f11 (HeraldWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", "F11", NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static void
test_fullscreen_f11 (void)
{
  HeraldWindow *window = present_window ();
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  int width = surface_width (window);
  int height = surface_height (window);

  if (!GDK_IS_X11_SURFACE (gtk_native_get_surface (GTK_NATIVE (window))) || xdotool == NULL)
    {
      herald_test_close_window (window);
      g_test_skip ("needs X11 and xdotool to press a key");
      return;
    }

  press_f11 (window);
  assert_fullscreen (window, TRUE, width, height);
  press_f11 (window);
  assert_fullscreen (window, FALSE, width, height);

  herald_test_close_window (window);
}

/* Closed in full screen, the window remembers its size from before. */
static void
test_fullscreen_size_not_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window = present_window ();
  GdkRectangle monitor;
  int width = surface_width (window);
  int height = surface_height (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fullscreen", NULL));
  assert_fullscreen (window, TRUE, width, height);
  monitor = monitor_geometry (window);

  gtk_window_close (GTK_WINDOW (window));
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, <, monitor.width);
  g_assert_cmpint (height, <, monitor.height);
  g_assert_cmpint (width, ==, 1150);
  g_assert_cmpint (height, ==, 760);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_settings_reset (settings, "window-size");

  herald_test_drain (1000);
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/fullscreen/action", test_fullscreen_action);
  g_test_add_func ("/fullscreen/f11", test_fullscreen_f11);
  g_test_add_func ("/fullscreen/size-not-saved", test_fullscreen_size_not_saved);

  return g_test_run ();
}

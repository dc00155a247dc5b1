/* test-window-size.c: the window keeps its size when its text grows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window manager answers a window's size requests: this test runs under
 * tests/with-window-manager.sh (a display of its own with evilwm), on
 * xvfb-run's default 640×480 screen, smaller than the window. On a 1280×720
 * window that is not maximized (the window manager made it so), three
 * Ctrl+plus pressed on the display (xdotool) make the text larger and leave
 * the window as large as it was, unfolded, and the size remembered for the
 * next start as well. GTK fits a window into the screen whenever its
 * minimum passes the size GTK last chose: without Herald keeping its size,
 * the second Ctrl+plus made it 660×482, folded, and that was saved.
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "herald-test-gtk.h"

#include "herald-window.h"

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

static void
xdotool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static char *
xid_of (HeraldWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

static void
press_keys (HeraldWindow *window,
            const char   *keys)
{
  g_autofree char *xid = xid_of (window);

  xdotool ((const char *[]) { "xdotool", "windowfocus", "--sync", xid, "key", "--clearmodifiers", keys, NULL });
}

/* As the user does with the mouse: the window manager resizes it. */
static void
resize_window (HeraldWindow *window,
               int           width,
               int           height)
{
  g_autofree char *xid = xid_of (window);
  g_autofree char *w = g_strdup_printf ("%d", width);
  g_autofree char *h = g_strdup_printf ("%d", height);

  xdotool ((const char *[]) { "xdotool", "windowsize", "--sync", xid, w, h, NULL });
}

/* Lets the window, GTK and the window manager settle for @ms. */
static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  guint wake = g_timeout_add (20, herald_test_wake, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static void
test_zoom_keeps_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  HeraldWindow *window;
  AdwLeaflet *leaflet;
  int width = 0;
  int height = 0;

  g_settings_set (settings, "window-size", "(ii)", 1280, 720);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_settings_set_double (settings, "text-scale", 1.0);

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  if (!GDK_IS_X11_SURFACE (gtk_native_get_surface (GTK_NATIVE (window))) || xdotool == NULL)
    {
      herald_test_close_window (window);
      g_test_skip ("needs X11 and xdotool to press a key");
      return;
    }
  /* GTK fits a new window into the screen; the user makes it larger. */
  resize_window (window, 1280, 720);
  herald_test_iterate_until (surface_width (window) == 1280 && surface_height (window) == 720, 10);
  settle (300);
  g_assert_cmpint (surface_width (window), ==, 1280);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "leaflet"));
  g_assert_false (adw_leaflet_get_folded (leaflet));

  for (int i = 1; i <= 3; i++)
    {
      press_keys (window, "ctrl+plus");
      herald_test_iterate_until (G_APPROX_VALUE (g_settings_get_double (settings, "text-scale"), 1.0 + i / 10.0, 0.001), 10);
      settle (500);
      g_test_message ("after %d Ctrl+plus: %d×%d", i, surface_width (window), surface_height (window));
      g_assert_cmpint (surface_width (window), >=, 1280);
      g_assert_cmpint (surface_height (window), >=, 720);
      g_assert_false (adw_leaflet_get_folded (leaflet));
    }

  gtk_window_close (GTK_WINDOW (window));
  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, >=, 1280);
  g_assert_cmpint (height, >=, 720);

  g_settings_reset (settings, "window-size");
  g_settings_reset (settings, "text-scale");
  herald_test_drain (1000);
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/window-size/zoom-keeps-size", test_zoom_keeps_size);

  return g_test_run ();
}

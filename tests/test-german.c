/* test-german.c: the window in German with larger text still fits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * German words are long: a row of labelled buttons that fits in English can
 * make a column wider than its half of a 1280 px window once the text is
 * larger, and the column then scrolls sideways with its menu out of sight.
 * This runs the window in German (the build tree's catalogue) at three
 * Ctrl+plus (text ×1.3), 1280×720, and checks the widest columns, and
 * drop-down rows whose long subtitle once cut their value to "K…".
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "herald-test-gtk.h"

#include "herald-connection-view.h"
#include "herald-paths.h"
#include "herald-steps.h"
#include "herald-window.h"

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* The first menu button under @widget: the Publish group's menu. */
static GtkWidget *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_menu_button (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether @widget lies inside its scrolled window's view, which does not
 * scroll sideways. */
static void
assert_in_view (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *h;
  graphene_rect_t bounds;

  g_assert_nonnull (scroller);
  h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_true (gtk_widget_get_mapped (widget));
  g_test_message ("%s: content %.0f px in a view of %.0f px", G_OBJECT_TYPE_NAME (widget),
                  gtk_adjustment_get_upper (h), gtk_adjustment_get_page_size (h));
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);
  g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scroller));
}

/* The first label under @widget whose text is @text. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A drop-down row's value, @text, is shown whole, not cut short by its
 * subtitle. */
static void
assert_whole (GtkWidget  *row,
              const char *text)
{
  GtkLabel *value = find_label (row, text);

  g_assert_nonnull (value);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (value)));
  g_test_message ("“%s”: %d px", text, gtk_widget_get_width (GTK_WIDGET (value)));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (value))));
}

/* The window at 1280×720, not maximized, with text ×1.3 (three Ctrl+plus),
 * drawn; in German. */
static HeraldWindow *
open_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window;

  g_settings_set (settings, "window-size", "(ii)", 1280, 720);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_settings_set_double (settings, "text-scale", 1.3);

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  herald_test_drain (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1280);
  /* German it is: the sidebar's last step. */
  g_assert_true (herald_test_shows_text (GTK_WIDGET (window), "Befehl senden", FALSE));
  return window;
}

static void
close_window (HeraldWindow *window)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "text-scale");
  g_settings_reset (settings, "window-size");
  g_settings_reset (settings, "window-maximized");
  herald_test_close_window (window);
}

static void
test_service_page (void)
{
  HeraldWindow *window = open_window ();
  GtkWidget *page = herald_window_get_page (window, HERALD_STEP_SERVICE);

  /* The Flavour drop-down shows its whole value beside its long subtitle. */
  assert_whole (child (page, G_OBJECT_TYPE (page), "flavor_row"), "Klassisch");

  close_window (window);
}

static void
test_connection_view (void)
{
  g_autoptr(HeraldBrokerProfile) profile = herald_broker_profile_new ("Kitchen Pi", "tcp://127.0.0.1:1");
  HeraldWindow *window = open_window ();
  HeraldConnection *connection;
  GtkWidget *view;

  /* A connection of its own's view: its Publish column, with the saved
   * payloads' menu and the buttons under the payload. */
  connection = herald_workspace_add_broker (herald_window_get_workspace (window), profile);
  herald_window_show_connection (window, connection);
  view = gtk_stack_get_visible_child (GTK_STACK (child (window, HERALD_TYPE_WINDOW, "stack")));
  g_assert_true (HERALD_IS_CONNECTION_VIEW (view));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  herald_test_drain (300);

  assert_in_view (find_menu_button (gtk_widget_get_ancestor (child (view, HERALD_TYPE_CONNECTION_VIEW, "publish_topic_row"),
                                                           ADW_TYPE_PREFERENCES_GROUP)));
  assert_in_view (child (view, HERALD_TYPE_CONNECTION_VIEW, "publish_button"));
  assert_in_view (child (view, HERALD_TYPE_CONNECTION_VIEW, "subscribe_button"));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK and the catalogue are first asked. */
  g_setenv ("LANGUAGE", "de", TRUE);
  herald_test_gtk_init (&argc, &argv);
  /* LANGUAGE is not looked at in the "C" locale (en_US.UTF-8 may not be
   * there); C.UTF-8 always is. */
  if (setlocale (LC_ALL, "en_US.UTF-8") == NULL)
    g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  bindtextdomain (GETTEXT_PACKAGE, herald_paths_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/german/service-page", test_service_page);
  g_test_add_func ("/german/connection-view", test_connection_view);

  return g_test_run ();
}

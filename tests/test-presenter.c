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

#include <gtksourceview/gtksource.h>

/* To make an exchange to show, as HeraldApiClient does. */
#include "herald-exchange-private.h"
#include "herald-exchange-view.h"
#include "herald-message-viewer.h"
#include "herald-steps.h"
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

static const char *
scheme_of (GtkWidget *text_view)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)));
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);

  return scheme != NULL ? gtk_source_style_scheme_get_id (scheme) : "(none)";
}

static GtkWidget *
template_child (GtkWidget  *widget,
                const char *name)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name));

  g_assert_nonnull (child);
  return child;
}

/* The main menu has a Style section: three choices of one action. */
static void
assert_style_menu (HeraldWindow *window)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (template_child (GTK_WIDGET (window), "primary_menu_button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  const char *targets[] = { "default", "light", "dark" };
  const char *labels[] = { "Follow _System", "_Light", "_Dark" };
  gboolean found = FALSE;

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;

      if (section == NULL ||
          !g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) ||
          g_strcmp0 (label, "Style") != 0)
        continue;

      found = TRUE;
      g_assert_cmpint (g_menu_model_get_n_items (section), ==, 3);
      for (int j = 0; j < 3; j++)
        {
          g_autofree char *action = NULL;
          g_autofree char *target = NULL;
          g_autofree char *item_label = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_TARGET, "s", &target));
          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &item_label));
          g_assert_cmpstr (action, ==, "app.style");
          g_assert_cmpstr (target, ==, targets[j]);
          g_assert_cmpstr (item_label, ==, labels[j]);
        }
    }
  g_assert_true (found);
}

/* Dark chosen in the main menu: the window is dark, and so is every source
 * view (the Command page's preview, an exchange's request, the message
 * viewer), at once and back to light. */
static void
test_style_choice (void)
{
  g_autoptr(HeraldApplication) app = herald_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryItem) item = NULL;
  g_autoptr(HeraldExchange) shown = NULL;
  g_autoptr(GVariant) state = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  HeraldWindow *window;
  HeraldMessageViewer *viewer;
  GtkWidget *page;
  GtkWidget *preview;
  GtkWidget *exchange;
  GtkWidget *request;
  GtkWidget *json_view;

  /* The isolated XDG_DATA_DIRS hide the system's style schemes. */
  gtk_source_init ();
  gtk_source_style_scheme_manager_append_search_path (gtk_source_style_scheme_manager_get_default (),
                                                      "/usr/share/gtksourceview-5/styles");
  g_assert_nonnull (gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (), "Adwaita-dark"));

  /* Other tests on the same bus may run a Herald: this one stays local. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = g_object_ref_sink (herald_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  assert_style_menu (window);

  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "style");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "default");
  g_assert_false (adw_style_manager_get_dark (style));

  /* The Command page shown, its preview on screen. */
  herald_window_show_step (window, HERALD_STEP_COMMAND);
  page = herald_window_get_page (window, HERALD_STEP_COMMAND);
  preview = template_child (page, "preview_view");
  herald_test_iterate_until (gtk_widget_get_mapped (preview), 10);

  /* An exchange shown in the Capability page. */
  exchange = template_child (herald_window_get_page (window, HERALD_STEP_CAPABILITY), "exchange_view");
  shown = herald_exchange_new ("POST", "http://127.0.0.1:1/iot/core/api/v1/capabilities",
                               "admin", NULL, FALSE, NULL, "{\"name\":\"MyCapability\"}", g_get_real_time ());
  herald_exchange_complete (shown, 200, "OK", "{\"id\":\"1\"}", NULL, 1000);
  herald_exchange_view_set_exchange (HERALD_EXCHANGE_VIEW (exchange), shown);
  request = GTK_WIDGET (gtk_widget_get_template_child (exchange, HERALD_TYPE_EXCHANGE_VIEW, "request_view"));

  /* A message open in the viewer. */
  herald_history_append_event (history, HERALD_HISTORY_EVENT_PUBLISHED, "measures/x", "{\"a\":1}");
  item = g_list_model_get_item (G_LIST_MODEL (history), 0);
  viewer = g_object_ref_sink (herald_message_viewer_new (item));
  gtk_window_present (GTK_WINDOW (viewer));
  json_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "json_view"));

  g_assert_cmpstr (scheme_of (preview), ==, "Adwaita");

  /* Dark, as the menu's radio item activates it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "style", g_variant_new_string ("dark"));
  g_assert_cmpstr (g_settings_get_string (settings, "style"), ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  g_assert_cmpstr (scheme_of (preview), ==, "Adwaita-dark");
  g_assert_cmpstr (scheme_of (request), ==, "Adwaita-dark");
  g_assert_cmpstr (scheme_of (json_view), ==, "Adwaita-dark");

  /* Light, and the system's style again. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "style", g_variant_new_string ("light"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (scheme_of (preview), ==, "Adwaita");
  g_assert_cmpstr (scheme_of (request), ==, "Adwaita");
  g_assert_cmpstr (scheme_of (json_view), ==, "Adwaita");
  g_action_group_activate_action (G_ACTION_GROUP (app), "style", g_variant_new_string ("default"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* Stored: the next start is dark again. */
  g_settings_set_string (settings, "style", "dark");
  g_assert_true (adw_style_manager_get_dark (style));
  g_settings_reset (settings, "style");
  g_assert_false (adw_style_manager_get_dark (style));

  gtk_window_destroy (GTK_WINDOW (viewer));
  g_clear_object (&item);
  g_assert_finalize_object (viewer);
  herald_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/presenter/saved-size-at-least-design", test_saved_size_at_least_design);
  g_test_add_func ("/presenter/style-choice", test_style_choice);

  return g_test_run ();
}

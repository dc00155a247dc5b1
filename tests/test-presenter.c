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
#include <string.h>

/* To make an exchange to show, as HeraldApiClient does. */
#include "herald-exchange-private.h"
#include "herald-exchange-view.h"
#include "herald-message-viewer.h"
#include "herald-number-field.h"
#include "herald-secret-row.h"
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

/* One application for the tests that need one: a process registers its
 * application id once. */
static HeraldApplication *
test_application (void)
{
  static HeraldApplication *app;

  if (app == NULL)
    {
      app = herald_application_new ();
      /* Other tests on the same bus may run a Herald: this one stays local. */
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
    }
  return app;
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

/* The main menu has a Style section: three choices of one action. Its
 * popover is made when the menu is first opened, not with the window. */
static void
assert_style_menu (HeraldWindow *window)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (template_child (GTK_WIDGET (window), "primary_menu_button"));
  GMenuModel *menu;
  const char *targets[] = { "default", "light", "dark" };
  const char *labels[] = { "Follow _System", "_Light", "_Dark" };
  gboolean found = FALSE;

  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  herald_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (button))), 10);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  gtk_menu_button_popdown (button);

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
  HeraldApplication *app = test_application ();
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
  viewer = g_object_ref_sink (herald_message_viewer_new (item, NULL));
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

/* The tutorial's capability: LED and Buzzer (booleans), Speed (float). */
static const char capability_json[] =
  "{\"id\": \"3772113f\", \"name\": \"MyCapability\", \"alternateId\": \"e6ae441b8820c91f\","
  " \"properties\": [{\"name\": \"LED\", \"dataType\": \"boolean\"},"
  " {\"name\": \"Buzzer\", \"dataType\": \"boolean\"},"
  " {\"name\": \"Speed\", \"dataType\": \"float\", \"unitOfMeasure\": \"mph\"}]}";

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The Command page's fields for the tutorial's capability, on screen. */
static GtkWidget *
command_page_with_capability (HeraldWindow *window)
{
  g_autoptr(HeraldCapability) capability = NULL;
  g_autoptr(GError) error = NULL;

  capability = herald_entity_new_from_string (HERALD_TYPE_CAPABILITY, capability_json, &error);
  g_assert_no_error (error);
  herald_workspace_set_capability (herald_window_get_workspace (window), capability);
  herald_window_show_step (window, HERALD_STEP_COMMAND);
  herald_test_iterate_until (gtk_widget_get_mapped (herald_window_get_page (window, HERALD_STEP_COMMAND)), 10);

  return herald_window_get_page (window, HERALD_STEP_COMMAND);
}

static AdwActionRow *
value_row (GtkWidget  *page,
           const char *title)
{
  GtkListBox *list = GTK_LIST_BOX (template_child (page, "values_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return ADW_ACTION_ROW (row);
  g_assert_not_reached ();
}

/* A switch is named once: by the row's title it is the activatable widget
 * of (libadwaita's "labelled by"), with no label of its own, which GTK 4.8
 * would read after it ("LED LED"). */
static void
assert_switch_named_once (GtkWidget *row)
{
  GtkWidget *toggle = find_descendant (row, GTK_TYPE_SWITCH);

  g_assert_nonnull (toggle);
  g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == toggle);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
test_switches_named_once (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  GtkWidget *page;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = command_page_with_capability (window);

  assert_switch_named_once (GTK_WIDGET (value_row (page, "LED")));
  assert_switch_named_once (GTK_WIDGET (value_row (page, "Buzzer")));
  assert_switch_named_once (gtk_widget_get_ancestor (template_child (page, "strings_switch"), ADW_TYPE_ACTION_ROW));

  page = herald_window_get_page (window, HERALD_STEP_CONNECT);
  assert_switch_named_once (gtk_widget_get_ancestor (template_child (page, "clean_switch"), ADW_TYPE_ACTION_ROW));
  assert_switch_named_once (gtk_widget_get_ancestor (template_child (page, "retain_switch"), ADW_TYPE_ACTION_ROW));

  herald_test_close_window (window);
}

/* Typed into a number field and left with Tab: the focus moves on, and
 * the spin button reads its text (gtk_spin_button_update(), which Enter
 * calls too: called here as well, since a window that is not the active
 * one on a shared display hears of no focus change). */
static void
type_and_leave (GtkWidget  *spin,
                const char *text,
                GtkWidget  *next)
{
  GtkEditable *field = gtk_editable_get_delegate (GTK_EDITABLE (spin));

  gtk_widget_grab_focus (spin);
  herald_test_drain (100);
  /* As typing does: the text field inside the spin button changes. */
  gtk_editable_set_text (field, text);
  gtk_widget_grab_focus (next);
  herald_test_drain (100);
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  herald_test_drain (100);
}

static void
test_number_field_refuses_text (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  GtkWidget *page;
  AdwActionRow *row;
  GtkWidget *speed;
  GtkWidget *other;
  GtkTextBuffer *preview;
  g_autofree char *command = NULL;
  GtkTextIter start, end;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = command_page_with_capability (window);
  row = value_row (page, "Speed");
  speed = find_descendant (GTK_WIDGET (row), GTK_TYPE_SPIN_BUTTON);
  other = find_descendant (GTK_WIDGET (value_row (page, "LED")), GTK_TYPE_SWITCH);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Float");

  type_and_leave (speed, "50.0", other);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (speed)), ==, 50.0);
  g_assert_false (gtk_widget_has_css_class (speed, "error"));

  /* Not a number: the value stays, the row says so. */
  type_and_leave (speed, "fast", other);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (speed)), ==, 50.0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (speed)), ==, "50.0");
  g_assert_true (gtk_widget_has_css_class (speed, "error"));
  g_assert_true (herald_number_field_has_error (GTK_SPIN_BUTTON (speed)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "“fast” is not a number"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "50.0"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (speed), ==, adw_action_row_get_subtitle (row));
  preview = gtk_text_view_get_buffer (GTK_TEXT_VIEW (template_child (page, "preview_view")));
  gtk_text_buffer_get_bounds (preview, &start, &end);
  command = gtk_text_buffer_get_text (preview, &start, &end, FALSE);
  g_assert_nonnull (strstr (command, "50.0"));

  /* A number again: the error goes. */
  type_and_leave (speed, "42.5", other);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (speed)), ==, 42.5);
  g_assert_false (gtk_widget_has_css_class (speed, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Float");

  /* The Connect page's numbers too: a keep-alive of "soon" stays 60. */
  page = herald_window_get_page (window, HERALD_STEP_CONNECT);
  herald_window_show_step (window, HERALD_STEP_CONNECT);
  herald_test_iterate_until (gtk_widget_get_mapped (page), 10);
  speed = template_child (page, "keepalive_spin");
  row = ADW_ACTION_ROW (gtk_widget_get_ancestor (speed, ADW_TYPE_ACTION_ROW));
  type_and_leave (speed, "soon", template_child (page, "timeout_spin"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (speed)), ==, 60);
  g_assert_true (gtk_widget_has_css_class (speed, "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "“soon” is not a whole number"));

  herald_test_close_window (window);
}

/* Every character of @view's text is in a tag that forbids hyphens. */
static void
assert_never_hyphenated (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, 0);
  for (gtk_text_buffer_get_start_iter (buffer, &iter); !gtk_text_iter_is_end (&iter); gtk_text_iter_forward_char (&iter))
    {
      g_autoptr(GSList) tags = gtk_text_iter_get_tags (&iter);
      gboolean forbidden = FALSE;

      for (GSList *l = tags; l != NULL; l = l->next)
        {
          gboolean set = FALSE;
          gboolean hyphens = TRUE;

          g_object_get (l->data, "insert-hyphens-set", &set, "insert-hyphens", &hyphens, NULL);
          forbidden |= set && !hyphens;
        }
      g_assert_true (forbidden);
    }
}

static void
assert_label_never_hyphenated (GtkWidget *label)
{
  PangoAttrList *attributes = gtk_label_get_attributes (GTK_LABEL (label));
  g_autoptr(GSList) list = NULL;
  gboolean forbidden = FALSE;

  g_assert_nonnull (attributes);
  list = pango_attr_list_get_attributes (attributes);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attribute = l->data;

      if (attribute->klass->type == PANGO_ATTR_INSERT_HYPHENS && !((PangoAttrInt *) attribute)->value)
        forbidden = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
  g_assert_true (forbidden);
}

/* JSON wraps in the request, answer and message views, never with a hyphen
 * inside a token ("properti-es"). */
static void
test_json_never_hyphenated (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  g_autoptr(HeraldExchange) shown = NULL;
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryItem) item = NULL;
  HeraldMessageViewer *viewer;
  GtkWidget *exchange;
  GtkWidget *page;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  herald_window_show_step (window, HERALD_STEP_CAPABILITY);
  exchange = template_child (herald_window_get_page (window, HERALD_STEP_CAPABILITY), "exchange_view");
  shown = herald_exchange_new ("POST", "http://127.0.0.1:1/iot/core/api/v1/capabilities",
                               "admin", NULL, FALSE, NULL, capability_json, g_get_real_time ());
  herald_exchange_complete (shown, 200, "OK", capability_json, NULL, 1000);
  herald_exchange_view_set_exchange (HERALD_EXCHANGE_VIEW (exchange), shown);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  assert_never_hyphenated (GTK_WIDGET (gtk_widget_get_template_child (exchange, HERALD_TYPE_EXCHANGE_VIEW, "request_view")));
  assert_never_hyphenated (GTK_WIDGET (gtk_widget_get_template_child (exchange, HERALD_TYPE_EXCHANGE_VIEW, "answer_view")));
  assert_label_never_hyphenated (GTK_WIDGET (gtk_widget_get_template_child (exchange, HERALD_TYPE_EXCHANGE_VIEW, "curl_label")));

  /* A second exchange: its text is covered too. */
  g_clear_object (&shown);
  shown = herald_exchange_new ("GET", "http://127.0.0.1:1/iot/core/api/v1/capabilities/3772113f",
                               "admin", NULL, FALSE, NULL, NULL, g_get_real_time ());
  herald_exchange_complete (shown, 200, "OK", capability_json, NULL, 1000);
  herald_exchange_view_set_exchange (HERALD_EXCHANGE_VIEW (exchange), shown);
  assert_never_hyphenated (GTK_WIDGET (gtk_widget_get_template_child (exchange, HERALD_TYPE_EXCHANGE_VIEW, "answer_view")));

  /* The Command page's preview. */
  page = command_page_with_capability (window);
  assert_never_hyphenated (template_child (page, "preview_view"));

  /* The message viewer. */
  herald_history_append_event (history, HERALD_HISTORY_EVENT_PUBLISHED, "commands/e6ae441b8820c91f", capability_json);
  item = g_list_model_get_item (G_LIST_MODEL (history), 0);
  viewer = g_object_ref_sink (herald_message_viewer_new (item, NULL));
  gtk_window_present (GTK_WINDOW (viewer));
  assert_never_hyphenated (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "json_view")));
  assert_label_never_hyphenated (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "topic_label")));

  gtk_window_destroy (GTK_WINDOW (viewer));
  g_clear_object (&item);
  g_assert_finalize_object (viewer);
  herald_test_close_window (window);
}

/* @keyval with @mods is bound to @action in the window's shortcuts. */
static gboolean
has_shortcut (HeraldWindow    *window,
              guint            keyval,
              GdkModifierType  mods,
              const char      *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger) &&
              GTK_IS_NAMED_ACTION (named) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
texts_contain (GPtrArray  *texts,
               const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
texts_contain_part (GPtrArray  *texts,
                    const char *part)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/* The main menu shows each shortcut with its usual key ("Ctrl++", not
 * "Ctrl+KP +"), and the shortcuts window names keys as people do ("Page
 * Down", not "Page_Down"); the keypad's keys still work. */
static void
test_shortcut_labels (void)
{
  HeraldApplication *app = test_application ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) menu_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) overlay_texts = g_ptr_array_new_with_free_func (g_free);
  GtkMenuButton *button;
  GtkPopover *popover;
  GtkShortcutsWindow *overlay;
  HeraldWindow *window;

  window = g_object_ref_sink (herald_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  button = GTK_MENU_BUTTON (template_child (GTK_WIDGET (window), "primary_menu_button"));
  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  herald_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (popover)), 10);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (popover));
  collect_labels (GTK_WIDGET (popover), menu_texts);
  for (guint i = 0; i < menu_texts->len; i++)
    g_test_message ("menu: %s", (char *) g_ptr_array_index (menu_texts, i));
  g_assert_true (texts_contain (menu_texts, "Ctrl++"));
  g_assert_true (texts_contain (menu_texts, "Ctrl+-"));
  g_assert_true (texts_contain (menu_texts, "Ctrl+0"));
  g_assert_false (texts_contain_part (menu_texts, "KP"));
  gtk_menu_button_popdown (button);
  herald_test_iterate_until (!gtk_widget_get_mapped (GTK_WIDGET (popover)), 10);

  /* The keypad's keys work too. */
  g_assert_true (has_shortcut (window, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in"));
  g_assert_true (has_shortcut (window, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in"));
  g_assert_true (has_shortcut (window, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out"));
  g_assert_true (has_shortcut (window, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  herald_test_iterate_until (gtk_widget_get_visible (GTK_WIDGET (overlay)), 10);
  collect_labels (GTK_WIDGET (overlay), overlay_texts);
  for (guint i = 0; i < overlay_texts->len; i++)
    g_test_message ("shortcuts window: %s", (char *) g_ptr_array_index (overlay_texts, i));
  g_assert_true (texts_contain (overlay_texts, "Page Down"));
  g_assert_true (texts_contain (overlay_texts, "Page Up"));
  g_assert_false (texts_contain_part (overlay_texts, "_"));
  gtk_window_close (GTK_WINDOW (overlay));
  herald_test_iterate_until (!gtk_widget_get_visible (GTK_WIDGET (overlay)), 10);
  herald_test_drain (1000);

  g_settings_reset (settings, "text-scale");
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_drain (1000);
  g_assert_finalize_object (window);
}

/* The Service page's password: what GTK 4.8 hands to assistive
 * technologies as the row's text (gtk_editable_get_text() of the row, see
 * herald-secret-row.c) is never the password, but one bullet a character
 * while it is hidden. Shown, it is what the screen shows. */
static void
test_password_not_exposed (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *text;
  GtkWidget *peek;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = herald_window_get_page (window, HERALD_STEP_SERVICE);
  row = template_child (page, "password_row");

  text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  gtk_widget_grab_focus (text);
  gtk_editable_set_text (GTK_EDITABLE (text), "s3cret-typed");
  herald_test_drain (100);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text)), ==, "s3cret-typed");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), !=, "s3cret-typed");
  g_assert_true (HERALD_IS_SECRET_ROW (row));
  g_assert_cmpstr (herald_secret_row_get_secret (HERALD_SECRET_ROW (row)), ==, "s3cret-typed");
  g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (row)), "s3cret"));
  g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (row)), -1), ==, strlen ("s3cret-typed"));
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (text)));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  /* Shown on request, and hidden again. */
  peek = find_descendant (row, GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (peek);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (peek), TRUE);
  g_assert_true (gtk_text_get_visibility (GTK_TEXT (text)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (peek), ==, "Hide Text");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (peek), FALSE);
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (text)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), !=, "s3cret-typed");

  herald_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The test accessibility backend keeps the accessible properties and
   * relations (the suite's GTK_A11Y=none keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/presenter/saved-size-at-least-design", test_saved_size_at_least_design);
  g_test_add_func ("/presenter/style-choice", test_style_choice);
  g_test_add_func ("/presenter/switches-named-once", test_switches_named_once);
  g_test_add_func ("/presenter/number-field-refuses-text", test_number_field_refuses_text);
  g_test_add_func ("/presenter/json-never-hyphenated", test_json_never_hyphenated);
  g_test_add_func ("/presenter/shortcut-labels", test_shortcut_labels);
  g_test_add_func ("/presenter/password-not-exposed", test_password_not_exposed);

  return g_test_run ();
}

/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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
#include "herald-page.h"
#include "herald-step-row.h"
#include "herald-steps.h"
#include "herald-connection.h"
#include "herald-history-pane.h"
#include "herald-topics-window.h"
#include "herald-window.h"

static HeraldWindow *
present_window (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static HeraldStepRow *
step_row (HeraldWindow *window,
          HeraldStep    step)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "steps_list"));
  return HERALD_STEP_ROW (gtk_list_box_get_row_at_index (list, step));
}

static void
test_window_steps (void)
{
  static const char * const titles[] = {
    "Service", "Capability", "Sensor Type", "Device", "Sensor", "Certificate", "Connect", "Send Command",
  };
  g_autoptr(HeraldSensor) sensor = NULL;
  g_autoptr(GError) error = NULL;
  HeraldWindow *window = present_window ();
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "stack"));
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "steps_list"));
  AdwWindowTitle *title = ADW_WINDOW_TITLE (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "window_title"));

  g_assert_cmpint (herald_window_get_step (window), ==, HERALD_STEP_SERVICE);

  for (guint i = 0; i < HERALD_N_STEPS; i++)
    {
      HeraldStepRow *row = step_row (window, i);

      g_assert_nonnull (row);
      g_assert_cmpstr (herald_step_row_get_title (row), ==, titles[i]);
      g_assert_cmpuint (herald_step_row_get_number (row), ==, i + 1);
      g_assert_false (herald_step_row_get_complete (row));
      /* Every step has its own page. */
      g_assert_nonnull (herald_window_get_page (window, i));
      g_assert_true (gtk_stack_get_child_by_name (stack, herald_step_row_get_page_name (row)) ==
                     herald_window_get_page (window, i));
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, HERALD_N_STEPS));

  /* Jump by activating a row, as a click or Enter does. */
  g_signal_emit_by_name (list, "row-activated", step_row (window, HERALD_STEP_DEVICE));
  g_assert_cmpint (herald_window_get_step (window), ==, HERALD_STEP_DEVICE);
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Device");
  g_assert_true (gtk_list_box_get_selected_row (list) == GTK_LIST_BOX_ROW (step_row (window, HERALD_STEP_DEVICE)));

  /* ...and by the step actions the shortcuts call. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-step", "i", HERALD_STEP_COMMAND));
  g_assert_cmpint (herald_window_get_step (window), ==, HERALD_STEP_COMMAND);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-step", NULL));
  g_assert_cmpint (herald_window_get_step (window), ==, HERALD_STEP_COMMAND);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-step", NULL));
  g_assert_cmpint (herald_window_get_step (window), ==, HERALD_STEP_CONNECT);

  /* A step done is marked in the sidebar: a sensor in use is the step. */
  sensor = herald_entity_new_from_string (HERALD_TYPE_SENSOR,
                                          "{\"id\": \"7\", \"deviceId\": \"3\", \"name\": \"s\", "
                                          "\"alternateId\": \"a7\", \"sensorTypeId\": \"5\"}", &error);
  g_assert_no_error (error);
  herald_workspace_set_sensor (herald_window_get_workspace (window), sensor);
  g_assert_true (herald_step_row_get_complete (step_row (window, HERALD_STEP_SENSOR)));
  herald_workspace_set_sensor (herald_window_get_workspace (window), NULL);
  g_assert_false (herald_step_row_get_complete (step_row (window, HERALD_STEP_SENSOR)));

  /* A view that is not a step: no row selected, no step number. */
  herald_window_add_view (window, gtk_label_new ("elsewhere"), "elsewhere", "Elsewhere");
  herald_window_show_view (window, "elsewhere");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Elsewhere");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "");
  g_assert_null (gtk_list_box_get_selected_row (list));

  /* A page as such a view is made with the window's workspace. */
  herald_window_add_view (window,
                          g_object_new (HERALD_TYPE_PAGE, "workspace", herald_window_get_workspace (window), NULL),
                          "device-side", "Device Side");
  herald_window_show_view (window, "device-side");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Device Side");
  g_assert_null (gtk_list_box_get_selected_row (list));
  herald_window_show_step (window, HERALD_STEP_SENSOR);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Step 5 of 8");
  g_assert_true (gtk_list_box_get_selected_row (list) == GTK_LIST_BOX_ROW (step_row (window, HERALD_STEP_SENSOR)));

  herald_test_close_window (window);
}

/* Every page is made with the window's workspace, and never has another:
 * the Service page with the window, the first and only page of the first
 * frame, the others after it. */
static void
test_window_pages_have_its_workspace (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  HeraldWorkspace *workspace = herald_window_get_workspace (window);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "stack"));
  GParamSpec *pspec = g_object_class_find_property (g_type_class_peek (HERALD_TYPE_PAGE), "workspace");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (NULL, FALSE);
  g_autoptr(HeraldWorkspace) other = herald_workspace_new (settings, store, NULL);
  GtkWidget *stranger;
  guint n_pages = 0;

  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);

  g_assert_nonnull (workspace);
  g_assert_true (gtk_stack_get_visible_child (stack) == gtk_widget_get_first_child (GTK_WIDGET (stack)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, herald_steps_get (HERALD_STEP_SERVICE)->id);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (gtk_stack_get_visible_child (stack),
                                             herald_steps_get (HERALD_STEP_SERVICE)->page_type ()));
  g_assert_true (herald_page_get_workspace (HERALD_PAGE (gtk_stack_get_visible_child (stack))) == workspace);
  g_assert_null (gtk_widget_get_next_sibling (gtk_stack_get_visible_child (stack)));

  /* The others come after the first frame. */
  gtk_window_present (GTK_WINDOW (window));
  herald_test_iterate_until (gtk_stack_get_child_by_name (stack, herald_steps_get (HERALD_N_STEPS - 1)->id) != NULL, 20);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child), n_pages++)
    g_assert_true (herald_page_get_workspace (HERALD_PAGE (child)) == workspace);
  g_assert_cmpuint (n_pages, ==, HERALD_N_STEPS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, herald_steps_get (HERALD_STEP_SERVICE)->id);

  /* A view of another workspace is refused. */
  stranger = g_object_ref_sink (g_object_new (HERALD_TYPE_PAGE, "workspace", other, NULL));
  g_test_expect_message ("Herald", G_LOG_LEVEL_CRITICAL, "*herald_page_get_workspace*");
  herald_window_add_view (window, stranger, "stranger", "Stranger");
  g_test_assert_expected_messages ();
  g_assert_null (gtk_stack_get_child_by_name (stack, "stranger"));
  g_assert_finalize_object (stranger);

  herald_test_close_window (window);
}

/* A page is never without a workspace: made without one, it says so. */
static void
test_page_needs_workspace (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *page = g_object_new (herald_steps_get (HERALD_STEP_SERVICE)->page_type (), NULL);

      g_object_ref_sink (page);
      g_object_unref (page);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*HERALD_IS_WORKSPACE*");
}

/* A page disposed while something still holds it hears no more of its
 * workspace, its profile or its device connection, which live on. */
static void
test_page_disposed_hears_nothing (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (NULL, FALSE);
  g_autoptr(HeraldWorkspace) workspace = herald_workspace_new (settings, store, NULL);
  HeraldConnection *connection = herald_workspace_get_device_connection (workspace);
  GtkWidget *pages[HERALD_N_STEPS];
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  HeraldProfile *profile;

  profile = herald_profile_store_ensure (store, "Disposed pages");
  herald_workspace_set_profile (workspace, profile);

  for (HeraldStep step = 0; step < HERALD_N_STEPS; step++)
    {
      pages[step] = g_object_ref_sink (g_object_new (herald_steps_get (step)->page_type (),
                                                     "workspace", workspace, NULL));
      g_object_run_dispose (G_OBJECT (pages[step]));
    }

  device = herald_entity_new_from_string (HERALD_TYPE_DEVICE,
                                          "{\"id\": \"3\", \"gatewayId\": \"1\", \"name\": \"d\", "
                                          "\"alternateId\": \"a3\", \"online\": false}", &error);
  g_assert_no_error (error);
  herald_workspace_set_device (workspace, device);
  herald_profile_set_mqtt_uri (profile, "ssl://127.0.0.1:8883");
  herald_profile_set_use_sandbox (profile, TRUE);
  herald_connection_set_problem (connection, "The device is gone.");
  herald_connection_set_problem (connection, NULL);
  herald_workspace_set_device (workspace, NULL);
  herald_workspace_set_profile (workspace, NULL);

  /* Let the Service page's cancelled password look-up hand back its page. */
  herald_test_drain (1000);
  for (HeraldStep step = 0; step < HERALD_N_STEPS; step++)
    g_assert_finalize_object (pages[step]);
}

static void
layout_size (HeraldWindow *window,
             int          *width,
             int          *height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (window), "Herald Text Scale");

  pango_layout_get_pixel_size (layout, width, height);
}

/* The width of the History pane's Pause icon, as laid out. */
static int
pane_icon_size (HeraldWindow *window)
{
  GtkWidget *pane = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "history_pane"));
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (pane, HERALD_TYPE_HISTORY_PANE, "pause_button"));
  GtkWidget *image = gtk_widget_get_first_child (button);
  int width;

  g_assert_true (GTK_IS_IMAGE (image));
  gtk_widget_measure (image, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  return width;
}

static void
test_window_text_scale (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window = present_window ();
  int width1, height1, width2, height2, width3, height3;

  g_assert_cmpfloat (g_settings_get_double (settings, "text-scale"), ==, 1.0);
  layout_size (window, &width1, &height1);
  /* The History's icons are the theme's 16 px, which it has bitmaps of. */
  g_assert_cmpint (pane_icon_size (window), ==, 16);

  for (guint i = 0; i < 5; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "text-scale"), 1.5, 0.001);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  layout_size (window, &width2, &height2);

  /* The text really is drawn larger, by about the scale; the History's
   * icons by the scale. */
  g_assert_cmpint (width2, >, width1 * 13 / 10);
  g_assert_cmpint (height2, >, height1 * 12 / 10);
  g_assert_cmpint (pane_icon_size (window), ==, 24);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "text-scale"), 1.4, 0.001);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  g_assert_cmpfloat (g_settings_get_double (settings, "text-scale"), ==, 1.0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  layout_size (window, &width3, &height3);
  g_assert_cmpint (width3, ==, width1);
  g_assert_cmpint (height3, ==, height1);
  g_assert_cmpint (pane_icon_size (window), ==, 16);

  /* Bounded: far past the maximum stays at the maximum. */
  for (guint i = 0; i < 40; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "text-scale"), 3.0, 0.001);
  g_settings_reset (settings, "text-scale");

  herald_test_close_window (window);
}

static void
test_window_folds (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window;
  AdwLeaflet *leaflet;
  GtkWidget *content;

  /* Made narrow (a size to start with is never below the design size). */
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "leaflet"));
  content = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "content"));

  /* Narrow: one side at a time, the steps can be reached back. */
  herald_test_iterate_until (adw_leaflet_get_folded (leaflet), 10);
  herald_window_show_step (window, HERALD_STEP_DEVICE);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == content);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-steps", NULL));
  g_assert_false (adw_leaflet_get_visible_child (leaflet) == content);

  herald_test_close_window (window);
  g_settings_reset (settings, "window-size");
}

static void
test_window_resumes_profile (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new_full (NULL, FALSE);
  HeraldProfile *profile;
  HeraldWindow *window;

  profile = herald_profile_store_ensure (store, "admin@example.org");
  herald_profile_set_string (profile, "api-url", "https://example.org/iot/core/api/v1");
  g_assert_true (herald_profile_store_save (store, NULL));
  g_settings_set_string (settings, "last-profile", "admin@example.org");

  window = present_window ();
  profile = herald_workspace_get_profile (herald_window_get_workspace (window));
  g_assert_nonnull (profile);
  g_assert_cmpstr (herald_profile_get_name (profile), ==, "admin@example.org");
  g_assert_cmpstr (herald_profile_get_string (profile, "api-url"), ==, "https://example.org/iot/core/api/v1");

  herald_test_close_window (window);
  g_settings_reset (settings, "last-profile");
}

static void
test_window_presents_and_finalizes (void)
{
  HeraldWindow *window;

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Herald");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* What the History pane has to say (an export's result) shows as a toast
 * over the page, not over the History, whose toast overlay it is outside. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows_label (c, text))
      return TRUE;
  return FALSE;
}

static void
test_window_history_toast (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  GtkWidget *pane = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "history_pane"));
  GtkWidget *overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "toast_overlay"));

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_null (gtk_widget_get_ancestor (pane, ADW_TYPE_TOAST_OVERLAY));

  g_assert_true (gtk_widget_activate_action (pane, "win.show-toast", "s", "12 entries exported <b>"));
  herald_test_iterate_until (shows_label (overlay, "12 entries exported <b>"), 5);

  herald_test_close_window (window);
}

/* The shortcuts window is built when first asked for, once, and lists the
 * window's shortcuts; GtkApplication's accelerator is set by Herald. */
static void
test_window_shortcuts (void)
{
  g_autoptr(HeraldApplication) app = herald_application_new ();
  HeraldWindow *window;
  GtkShortcutsWindow *overlay;
  g_auto(GStrv) accels = NULL;

  /* Other tests on the same bus may run a Herald: this one stays local. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = g_object_ref_sink (herald_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  herald_test_iterate_until (gtk_widget_get_visible (GTK_WIDGET (overlay)), 10);

  /* Closed and asked for again: the same window comes back. */
  gtk_window_close (GTK_WINDOW (overlay));
  herald_test_iterate_until (!gtk_widget_get_visible (GTK_WIDGET (overlay)), 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  herald_test_iterate_until (gtk_widget_get_visible (GTK_WIDGET (overlay)), 10);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_saves_its_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HeraldWindow *window;
  int width, height;

  g_settings_set (settings, "window-size", "(ii)", 1150, 760);

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1150);
  g_assert_cmpint (height, ==, 760);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 800);

  g_assert_finalize_object (window);
}

/* F11 is bound to win.fullscreen in the window's class shortcuts. */
static gboolean
has_f11_shortcut (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autoptr(GtkShortcutTrigger) f11 = gtk_keyval_trigger_new (GDK_KEY_F11, 0);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), f11) &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.fullscreen") == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* The suite's virtual display has no window manager to grant full screen,
 * so the state is checked before the window is mapped, where GTK reports
 * the state requested for it; test-fullscreen checks a window that is
 * shown, under a window manager. */
static void
test_window_fullscreen (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  gboolean fullscreened = TRUE;

  g_assert_true (has_f11_shortcut (GTK_WIDGET (window)));

  /* The action toggles the window's full screen state, both ways. */
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fullscreen", NULL));
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_object_get (window, "fullscreened", &fullscreened, NULL);
  g_assert_true (fullscreened);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fullscreen", NULL));
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_object_get (window, "fullscreened", &fullscreened, NULL);
  g_assert_false (fullscreened);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static const char *
scheme_of (GtkWidget *text_view)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)));
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);

  g_assert_nonnull (scheme);
  return gtk_source_style_scheme_get_id (scheme);
}

/* The capability page's request view, showing an exchange: the views
 * load their highlighting when the first exchange comes. */
static GtkWidget *
exchange_request_view (HeraldWindow *window)
{
  GtkWidget *page = herald_window_get_page (window, HERALD_STEP_CAPABILITY);
  GtkWidget *exchange = GTK_WIDGET (gtk_widget_get_template_child (page, G_OBJECT_TYPE (page), "exchange_view"));

  if (herald_exchange_view_get_exchange (HERALD_EXCHANGE_VIEW (exchange)) == NULL)
    {
      g_autoptr(HeraldExchange) shown = herald_exchange_new ("POST", "http://127.0.0.1:1/iot/core/api/v1/capabilities",
                                                             "admin", NULL, FALSE, NULL,
                                                             "{\"name\":\"MyCapability\"}", g_get_real_time ());

      herald_exchange_complete (shown, 200, "OK", "{\"id\":\"1\"}", NULL, 1000);
      herald_exchange_view_set_exchange (HERALD_EXCHANGE_VIEW (exchange), shown);
    }

  return GTK_WIDGET (gtk_widget_get_template_child (exchange, HERALD_TYPE_EXCHANGE_VIEW, "request_view"));
}

static void
test_window_dark_style (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  HeraldWindow *window;
  HeraldMessageViewer *viewer;
  g_autoptr(HeraldHistory) history = herald_history_new ();
  g_autoptr(HeraldHistoryItem) item = NULL;
  GtkWidget *json_view;

  /* The isolated XDG_DATA_DIRS hide the system's style schemes. */
  gtk_source_init ();
  gtk_source_style_scheme_manager_append_search_path (gtk_source_style_scheme_manager_get_default (),
                                                      "/usr/share/gtksourceview-5/styles");
  g_assert_nonnull (gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (), "Adwaita-dark"));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = present_window ();
  herald_history_append_event (history, HERALD_HISTORY_EVENT_PUBLISHED, "measures/x", "{\"a\":1}");
  item = g_list_model_get_item (G_LIST_MODEL (history), 0);
  viewer = g_object_ref_sink (herald_message_viewer_new (item, NULL));
  gtk_window_present (GTK_WINDOW (viewer));
  json_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (viewer), HERALD_TYPE_MESSAGE_VIEWER, "json_view"));

  g_assert_false (adw_style_manager_get_dark (style));
  g_assert_cmpstr (scheme_of (exchange_request_view (window)), ==, "Adwaita");
  g_assert_cmpstr (scheme_of (json_view), ==, "Adwaita");

  /* The system turns dark: the source views follow, and back. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  g_assert_cmpstr (scheme_of (exchange_request_view (window)), ==, "Adwaita-dark");
  g_assert_cmpstr (scheme_of (json_view), ==, "Adwaita-dark");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (scheme_of (exchange_request_view (window)), ==, "Adwaita");
  g_assert_cmpstr (scheme_of (json_view), ==, "Adwaita");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (viewer));
  g_clear_object (&item);
  g_assert_finalize_object (viewer);
  herald_test_close_window (window);
}

static HeraldTopicsWindow *
find_topics_window (void)
{
  return (HeraldTopicsWindow *) herald_test_find_toplevel (HERALD_TYPE_TOPICS_WINDOW);
}

/* The History's Topics button opens the device connection's topics; the
 * level selected there is what the History shows, until that window
 * closes. */
static void
test_window_topics (void)
{
  HeraldWindow *window = present_window ();
  HeraldConnection *connection = herald_workspace_get_device_connection (herald_window_get_workspace (window));
  HeraldHistoryPane *pane = HERALD_HISTORY_PANE (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "history_pane"));
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
  HeraldTopicsWindow *topics;
  GListModel *shown = herald_history_pane_get_model (pane);
  GtkColumnView *view;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *topic = g_strdup_printf ("%s/dev%u", i < 4 ? "measures" : "commands", i);
      g_autoptr(GBytes) payload = g_bytes_new_static ("{}", 2);

      g_ptr_array_add (batch, herald_message_new (g_get_real_time (), topic, payload, 0, FALSE, NULL));
    }
  herald_history_append_messages (herald_connection_get_history (connection), batch);
  herald_topic_tree_add_messages (herald_connection_get_topic_tree (connection), batch);
  herald_test_iterate_until (g_list_model_get_n_items (shown) == 10, 5);

  /* Ctrl+T, as the shortcuts window says. */
  {
    GtkEventController *controller = NULL;
    GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
    gboolean bound = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !bound; i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
        GListModel *shortcuts;

        if (!GTK_IS_SHORTCUT_CONTROLLER (c))
          continue;
        controller = GTK_EVENT_CONTROLLER (c);
        shortcuts = G_LIST_MODEL (controller);
        for (guint j = 0; j < g_list_model_get_n_items (shortcuts) && !bound; j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
            GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
            g_autoptr(GtkShortcutTrigger) ctrl_t = gtk_keyval_trigger_new (GDK_KEY_t, GDK_CONTROL_MASK);

            bound = GTK_IS_NAMED_ACTION (action) &&
                    g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.show-topics") &&
                    gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), ctrl_t);
          }
      }
    g_object_unref (controllers);
    g_assert_true (bound);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "win.show-topics", NULL));
  herald_test_iterate_until ((topics = find_topics_window ()) != NULL, 5);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (topics));
  /* Asked again: the same window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "win.show-topics", NULL));
  g_assert_true (find_topics_window () == topics);

  /* "measures", the first level that came. */
  view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (topics), HERALD_TYPE_TOPICS_WINDOW, "column_view"));
  g_assert_null (herald_topics_window_get_selected (topics));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  g_assert_cmpstr (herald_topics_window_get_selected_topic (topics), ==, "measures");
  g_assert_cmpstr (herald_history_pane_get_topic (pane), ==, "measures");
  herald_test_iterate_until (g_list_model_get_n_items (shown) == 4, 5);

  gtk_window_destroy (GTK_WINDOW (topics));
  g_assert_null (herald_history_pane_get_topic (pane));
  herald_test_iterate_until (g_list_model_get_n_items (shown) == 10, 5);

  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_drain (200);
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/window/presents-and-finalizes", test_window_presents_and_finalizes);
  g_test_add_func ("/window/history-toast", test_window_history_toast);
  g_test_add_func ("/window/topics", test_window_topics);
  g_test_add_func ("/window/saves-its-size", test_window_saves_its_size);
  g_test_add_func ("/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/window/steps", test_window_steps);
  g_test_add_func ("/window/text-scale", test_window_text_scale);
  g_test_add_func ("/window/resumes-profile", test_window_resumes_profile);
  g_test_add_func ("/window/folds", test_window_folds);
  g_test_add_func ("/window/fullscreen", test_window_fullscreen);
  g_test_add_func ("/window/dark-style", test_window_dark_style);
  g_test_add_func ("/window/pages-have-its-workspace", test_window_pages_have_its_workspace);
  g_test_add_func ("/page/needs-workspace", test_page_needs_workspace);
  g_test_add_func ("/page/disposed-hears-nothing", test_page_disposed_hears_nothing);

  return g_test_run ();
}

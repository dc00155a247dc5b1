/* test-accessibility.c: controls are named as they are labelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Controls with a visible label get their accessible name from it (GTK
 * does that); this checks the ones without: icon buttons (named as their
 * tooltip), switches, spin buttons, drop-downs, search entries and text
 * views (named as the row title or heading beside them).
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-gtk.h"

#include "herald-connection-dialog.h"
#include "herald-connection-view.h"
#include "herald-step-row.h"
#include "herald-window.h"

static void
assert_label (GtkWidget  *widget,
              const char *expected)
{
  g_autofree char *problem = NULL;

  g_assert_nonnull (widget);
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  if (problem != NULL)
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (widget), problem);
}

/* A switch is named by the row it is the activatable widget of, as
 * libadwaita relates them, and has no label of its own: GTK 4.8 would read
 * both ("Retained Retained"). */
static void
assert_named_by_row (GtkWidget  *toggle,
                     const char *title)
{
  GtkWidget *row = gtk_widget_get_ancestor (toggle, ADW_TYPE_ACTION_ROW);

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == toggle);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static GtkWidget *
child (GtkWidget  *widget,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name));
}

static void
assert_named_as_tooltip (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  g_assert_nonnull (tooltip);
  assert_label (widget, tooltip);
}

static void
test_named_as_labelled (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  GtkWidget *history;
  GtkWidget *connect;
  GtkListBox *steps;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Icon buttons: named as their tooltip says. */
  assert_named_as_tooltip (child (GTK_WIDGET (window), "primary_menu_button"));
  assert_named_as_tooltip (child (GTK_WIDGET (window), "back_button"));

  /* The steps: each row named by its title. */
  steps = GTK_LIST_BOX (child (GTK_WIDGET (window), "steps_list"));
  for (guint i = 0; i < HERALD_N_STEPS; i++)
    {
      HeraldStepRow *row = HERALD_STEP_ROW (gtk_list_box_get_row_at_index (steps, i));
      assert_label (GTK_WIDGET (row), herald_step_row_get_title (row));
    }

  /* The history's controls. */
  history = child (GTK_WIDGET (window), "history_pane");
  {
    g_autofree char *placeholder = NULL;

    g_object_get (child (history, "search_entry"), "placeholder-text", &placeholder, NULL);
    assert_label (child (history, "search_entry"), placeholder);
  }
  assert_named_as_tooltip (child (history, "event_dropdown"));
  assert_named_as_tooltip (child (history, "pause_button"));
  assert_label (child (history, "column_view"), "History");

  /* The Connect page's unlabelled controls carry their row's title. */
  connect = herald_window_get_page (window, HERALD_STEP_CONNECT);
  assert_named_by_row (child (connect, "clean_switch"), "Clean Session");
  assert_label (child (connect, "keepalive_spin"), "Keep-Alive (seconds)");
  assert_label (child (connect, "timeout_spin"), "Time-Out (seconds)");
  assert_named_by_row (child (connect, "retain_switch"), "Retained");
  assert_label (child (connect, "payload_view"), "Message");
  assert_label (child (connect, "subscribe_qos"), "Quality of Service");
  /* Its page not shown (so never mapped), the "_Connect" button is named
   * by its visible label alone, not "_Connect Connect". */
  g_assert_false (gtk_widget_get_mapped (child (connect, "connect_button")));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child (connect, "connect_button")),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* The composer's own switch, its pickers and their Refresh button. */
  {
    GtkWidget *composer = herald_window_get_page (window, HERALD_STEP_COMMAND);

    assert_named_by_row (child (composer, "strings_switch"), "Send Values as Strings");
    assert_label (child (composer, "device_row"), "Device");
    assert_label (child (composer, "sensor_row"), "Sensor");
    assert_label (child (composer, "capability_row"), "Capability");
    assert_named_as_tooltip (child (composer, "refresh_button"));
    assert_named_as_tooltip (child (composer, "targets_spinner"));
  }

  herald_test_close_window (window);
}

static void
test_keyboard_reaches_steps (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  GtkListBox *steps;
  GtkWidget *focus;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  steps = GTK_LIST_BOX (child (GTK_WIDGET (window), "steps_list"));

  /* Every step row takes the keyboard focus, and Enter (row activation)
   * opens its page with the focus inside it. */
  for (guint i = 0; i < HERALD_N_STEPS; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (steps, i);

      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
      gtk_widget_grab_focus (GTK_WIDGET (row));
      g_assert_true (gtk_widget_has_focus (GTK_WIDGET (row)));
      g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
      g_assert_cmpint (herald_window_get_step (window), ==, i);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_is_ancestor (focus, herald_window_get_page (window, i)));
    }

  herald_test_close_window (window);
}

/* A connection of its own: its sidebar row, its view and its dialog. */
static void
test_connections (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  HeraldWorkspace *workspace = herald_window_get_workspace (window);
  g_autoptr(HeraldBrokerProfile) profile = herald_broker_profile_new ("Garden", "tcp://localhost:1883");
  HeraldConnectionDialog *dialog;
  HeraldConnection *connection;
  GtkListBoxRow *row;
  GtkWidget *view;
  GtkWidget *subscription;

  herald_broker_profile_add_subscription (profile, "garden/#", 1);
  connection = herald_workspace_add_broker (workspace, profile);
  gtk_window_present (GTK_WINDOW (window));
  herald_window_show_connection (window, connection);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The sidebar's row: named by the connection's name, described by its
   * state. */
  /* (The tutorial's device connection is the first row.) */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (GTK_WIDGET (window), "connections_list")), 1);
  g_assert_nonnull (row);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));

  view = gtk_stack_get_visible_child (GTK_STACK (child (GTK_WIDGET (window), "stack")));
  g_assert_true (HERALD_IS_CONNECTION_VIEW (view));
  assert_label (child (view, "subscribe_qos"), "Subscription QoS");
  assert_label (child (view, "subscribe_button"), "Subscribe");
  assert_named_by_row (child (view, "retained_switch"), "Retained");
  assert_label (child (view, "payload_view"), "Payload");
  assert_label (child (view, "expiry_spin"), "Message Expiry (Seconds, 0: Never)");
  assert_named_as_tooltip (child (view, "delete_saved_button"));
  assert_named_by_row (child (view, "no_local_switch"), "No Local");
  assert_named_by_row (child (view, "retain_as_published_switch"), "Retain as Published");
  assert_label (child (view, "subscriptions_list"), "Subscriptions");
  subscription = gtk_widget_get_first_child (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, "subscriptions_list")), 0)));
  g_assert_nonnull (subscription);
  {
    GtkWidget *button = NULL;

    for (GtkWidget *w = subscription; w != NULL && button == NULL; )
      {
        if (GTK_IS_BUTTON (w) && gtk_widget_get_tooltip_text (w) != NULL)
          button = w;
        else if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
              w = w == subscription ? NULL : gtk_widget_get_parent (w);
            w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
          }
      }
    g_assert_nonnull (button);
    assert_label (button, "Unsubscribe from garden/#");
  }
  assert_named_as_tooltip (child (child (view, "history_pane"), "pause_button"));

  dialog = herald_connection_dialog_new (workspace, connection);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  assert_named_by_row (child (GTK_WIDGET (dialog), "clean_switch"), "Clean Session");
  assert_named_by_row (child (GTK_WIDGET (dialog), "will_retained_switch"), "Retained");
  assert_named_by_row (child (GTK_WIDGET (dialog), "forget_switch"), "Forget the Stored Passwords");
  assert_label (child (GTK_WIDGET (dialog), "keep_alive_spin"), "Keep-Alive (Seconds)");
  assert_label (child (GTK_WIDGET (dialog), "expiry_spin"), "Session Expiry (Seconds)");
  gtk_window_destroy (GTK_WINDOW (dialog));

  herald_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The test AT context keeps the accessible properties to check. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/accessibility/named-as-labelled", test_named_as_labelled);
  g_test_add_func ("/accessibility/keyboard-reaches-steps", test_keyboard_reaches_steps);
  g_test_add_func ("/accessibility/connections", test_connections);

  return g_test_run ();
}

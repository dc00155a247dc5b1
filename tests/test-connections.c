/* test-connections.c: a connection of its own, as a user makes and uses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journey through the window against a real mosquitto (a password
 * user on a plain listener): Add Connection, a mistyped URI refused in the
 * dialog, saved and connected, a subscription and a publish in the
 * connection's view, the message in that view's History and not in the
 * device's, the sidebar's state; then a restart that finds the connection
 * and its subscription again; then Remove, after a confirmation.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-broker.h"
#include "herald-test-gtk.h"

#include "herald-connection-dialog.h"
#include "herald-connection-view.h"
#include "herald-history-pane.h"
#include "herald-window.h"

#define USER     "learner"
#define PASSWORD "mosquitto-password"

static HeraldTestBroker *broker;

static GtkWidget *
child (gpointer    widget,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name));
}

static HeraldConnectionDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HERALD_IS_CONNECTION_DIALOG (window))
        return HERALD_CONNECTION_DIALOG (window);
    }
  return NULL;
}

/* A click, as the button's "clicked" (activating a GtkButton emits it
 * only after its pressed look's timeout). */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button) && gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static GtkListBoxRow *
sidebar_row (HeraldWindow *window,
             guint         index)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (window, "connections_list")), index);
}

/* The texts a widget shows, its labels' and its descendants'. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, text);
}

static gboolean
shows (GtkWidget  *widget,
       const char *needle)
{
  g_autoptr(GString) text = g_string_new (NULL);

  collect_text (widget, text);
  return strstr (text->str, needle) != NULL;
}

static guint
count_topic (GListModel *history,
             const char *topic)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (history, i);

      if (g_strcmp0 (herald_history_item_get_topic (item), topic) == 0)
        n++;
    }
  return n;
}

static GtkWidget *
visible_view (HeraldWindow *window)
{
  return gtk_stack_get_visible_child (GTK_STACK (child (window, "stack")));
}

static void
test_journey (void)
{
  HeraldWindow *window = g_object_ref_sink (herald_window_new (NULL));
  g_autofree char *uri = g_strdup_printf ("tcp://localhost:%u", herald_test_broker_get_plain_port (broker));
  HeraldConnectionDialog *dialog;
  HeraldConnectionView *view;
  HeraldWorkspace *workspace;
  HeraldConnection *connection;
  HeraldHistory *history;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_null (sidebar_row (window, 0));
  g_assert_true (gtk_widget_get_visible (child (window, "add_connection_button")));

  /* Add Connection, with a mistyped URI first. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-connection", NULL);
  herald_test_iterate_until ((dialog = find_dialog ()) != NULL, 5);
  type_into (child (dialog, "name_row"), "Kitchen Pi");
  type_into (child (dialog, "uri_row"), "tcp//localhost");
  type_into (child (dialog, "user_row"), USER);
  type_into (child (dialog, "password_row"), PASSWORD);
  click (child (dialog, "save_button"));
  herald_test_drain (100);
  g_assert_true (find_dialog () == dialog);
  g_assert_true (gtk_widget_get_visible (child (dialog, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (dialog, "error_label"))), "is not a server URI"));
  g_assert_null (sidebar_row (window, 0));

  type_into (child (dialog, "uri_row"), uri);
  click (child (dialog, "save_button"));
  herald_test_iterate_until (find_dialog () == NULL, 10);

  /* Saved, it is in the sidebar, shown, and connects. */
  herald_test_iterate_until (sidebar_row (window, 0) != NULL, 5);
  g_assert_true (shows (GTK_WIDGET (sidebar_row (window, 0)), "Kitchen Pi"));
  g_assert_true (HERALD_IS_CONNECTION_VIEW (visible_view (window)));
  view = HERALD_CONNECTION_VIEW (visible_view (window));
  connection = herald_connection_view_get_connection (view);
  herald_test_iterate_until (herald_mqtt_session_get_state (herald_connection_get_session (connection)) ==
                             HERALD_MQTT_STATE_CONNECTED, 10);
  herald_test_iterate_until (shows (GTK_WIDGET (sidebar_row (window, 0)), "Connected"), 5);
  g_assert_true (shows (GTK_WIDGET (view), "Connected to tcp://localhost"));
  /* The window's own History is the device's: hidden beside this view. */
  g_assert_false (gtk_widget_get_visible (child (window, "history_pane")));

  /* A subscription typed in the view; a publish from it arrives in the
   * view's History and nowhere else. */
  type_into (child (view, "subscribe_row"), "test/" USER "/#");
  g_signal_emit_by_name (child (view, "subscribe_row"), "entry-activated");
  herald_test_iterate_until (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, "subscriptions_list")), 0) != NULL, 5);
  g_assert_true (shows (child (view, "subscriptions_list"), "test/" USER "/#"));

  type_into (child (view, "publish_topic_row"), "test/" USER "/kitchen");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "format_row")), 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (view, "payload_view"))),
                            "{\"temp\": ", -1);
  click (child (view, "publish_button"));
  g_assert_true (gtk_widget_get_visible (child (view, "publish_error")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (view, "publish_error"))), "malformed"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (view, "payload_view"))),
                            "{\"temp\": 21.5}", -1);
  click (child (view, "pretty_button"));
  click (child (view, "publish_button"));
  g_assert_false (gtk_widget_get_visible (child (view, "publish_error")));
  history = herald_connection_get_history (connection);
  herald_test_iterate_until (count_topic (G_LIST_MODEL (history), "test/" USER "/kitchen") == 1, 10);
  workspace = herald_window_get_workspace (window);
  g_assert_cmpuint (count_topic (G_LIST_MODEL (herald_workspace_get_history (workspace)), "test/" USER "/kitchen"), ==, 0);
  g_assert_true (herald_history_pane_get_history (HERALD_HISTORY_PANE (child (view, "history_pane"))) == history);

  /* Back to a step: the device's History is there again. */
  herald_window_show_step (window, HERALD_STEP_CONNECT);
  g_assert_true (gtk_widget_get_visible (child (window, "history_pane")));
  g_assert_null (gtk_list_box_get_selected_row (GTK_LIST_BOX (child (window, "connections_list"))));

  herald_test_close_window (window);

  /* The next run: the connection and its subscription are there. */
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (sidebar_row (window, 0));
  g_assert_true (shows (GTK_WIDGET (sidebar_row (window, 0)), "Kitchen Pi"));
  g_assert_true (shows (GTK_WIDGET (sidebar_row (window, 0)), "Not connected"));
  g_signal_emit_by_name (child (window, "connections_list"), "row-activated", sidebar_row (window, 0));
  view = HERALD_CONNECTION_VIEW (visible_view (window));
  g_assert_true (shows (child (view, "subscriptions_list"), "test/" USER "/#"));
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (child (window, "connections_list"))) == sidebar_row (window, 0));

  /* Connect again, with the password from the keyring. */
  click (child (view, "connect_button"));
  connection = herald_connection_view_get_connection (view);
  herald_test_iterate_until (herald_mqtt_session_get_state (herald_connection_get_session (connection)) ==
                             HERALD_MQTT_STATE_CONNECTED, 10);

  /* Remove, after saying what goes. */
  click (child (view, "remove_button"));
  {
    AdwMessageDialog *confirm;

    herald_test_iterate_until ((confirm = herald_test_find_message_dialog ()) != NULL, 5);
    g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Remove “Kitchen Pi”?");
    adw_message_dialog_response (confirm, "remove");
    gtk_window_destroy (GTK_WINDOW (confirm));
  }
  herald_test_iterate_until (sidebar_row (window, 0) == NULL, 5);
  g_assert_false (HERALD_IS_CONNECTION_VIEW (visible_view (window)));
  herald_test_close_window (window);

  /* And it stays removed. */
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_null (sidebar_row (window, 0));
  herald_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  HeraldTestBrokerOptions options = { .server_start_days = -1, .server_end_days = 30, .plain_listener = TRUE,
                                      .user = USER, .password = PASSWORD };
  g_autoptr(GError) error = NULL;
  int ret;

  herald_test_gtk_init (&argc, &argv);

  broker = herald_test_broker_new (&options);
  herald_test_broker_start (broker, &error);
  g_assert_no_error (error);

  g_test_add_func ("/connections/journey", test_journey);

  ret = g_test_run ();
  herald_test_broker_free (broker);
  return ret;
}

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
#include <glib/gstdio.h>
#include <string.h>

#include "herald-test-broker.h"
#include "herald-test-gtk.h"

#include "herald-connection-dialog.h"
#include "herald-connection-view.h"
#include "herald-history-pane.h"
#include "herald-subscription-color.h"
#include "herald-topics-window.h"
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

/* The row of the @index-th connection of its own: the tutorial's device
 * connection comes first. */
static GtkListBoxRow *
sidebar_row (HeraldWindow *window,
             guint         index)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (window, "connections_list")), index + 1);
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

static HeraldMqttVersion
session_version (HeraldConnection *connection)
{
  HeraldMqttVersion version;

  g_object_get (herald_connection_get_session (connection), "mqtt-version", &version, NULL);
  return version;
}

/* The History's Message cell showing @topic, if its row is made. */
static GtkInscription *
find_message_cell (GtkWidget  *widget,
                   const char *topic)
{
  if (GTK_IS_INSCRIPTION (widget))
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

      /* The topic over the payload, or alone for an empty one. */
      if (text != NULL && g_str_has_prefix (text, topic) &&
          (text[strlen (topic)] == '\n' || text[strlen (topic)] == '\0'))
        return GTK_INSCRIPTION (widget);
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkInscription *found = find_message_cell (c, topic);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the topic line of @topic's cell is in the colour of the
 * @index-th subscription (-1: in none, dim). */
static gboolean
topic_has_color (GtkWidget  *pane,
                 const char *topic,
                 int         index)
{
  GtkInscription *cell = find_message_cell (pane, topic);
  PangoAttrList *attrs;
  GSList *list;
  gboolean found = FALSE;
  GdkRGBA expected;

  if (cell == NULL)
    return FALSE;
  if ((attrs = gtk_inscription_get_attributes (cell)) == NULL)
    return index < 0;

  herald_subscription_color (MAX (index, 0), adw_style_manager_get_dark (adw_style_manager_get_default ()), &expected);
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_FOREGROUND && index >= 0)
        {
          PangoColor *color = &((PangoAttrColor *) attr)->color;

          found = color->red == (guint16) (expected.red * G_MAXUINT16) &&
                  color->green == (guint16) (expected.green * G_MAXUINT16) &&
                  color->blue == (guint16) (expected.blue * G_MAXUINT16);
        }
      else if (attr->klass->type == PANGO_ATTR_FOREGROUND && index < 0)
        return FALSE;
    }
  if (index < 0)
    found = TRUE;
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return found;
}

/* The Topics window, once open. */
static HeraldTopicsWindow *
find_topics_window (void)
{
  return (HeraldTopicsWindow *) herald_test_find_toplevel (HERALD_TYPE_TOPICS_WINDOW);
}

/* Whether the label on screen that shows @text has a colour of its own
 * (the exact colours are test-topics-window's). */
static gboolean
label_colored (GtkWidget  *widget,
               const char *text)
{
  GtkWidget *label = herald_test_find_shown (widget, text, FALSE);
  PangoAttrList *attrs = GTK_IS_LABEL (label) ? gtk_label_get_attributes (GTK_LABEL (label)) : NULL;
  PangoAttrIterator *iter;
  gboolean colored;

  if (attrs == NULL)
    return FALSE;
  iter = pango_attr_list_get_iterator (attrs);
  colored = pango_attr_iterator_get (iter, PANGO_ATTR_FOREGROUND) != NULL;
  pango_attr_iterator_destroy (iter);
  return colored;
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
  /* The tutorial's device is listed first; it connects on the Connect step. */
  {
    GtkListBoxRow *device = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (window, "connections_list")), 0);

    g_assert_nonnull (device);
    g_assert_true (herald_test_shows_text (GTK_WIDGET (device), "Device", FALSE));
    g_assert_true (herald_test_shows_text (GTK_WIDGET (device), "Not connected", FALSE));
    g_signal_emit_by_name (child (window, "connections_list"), "row-activated", device);
    g_assert_cmpint (herald_window_get_step (window), ==, HERALD_STEP_CONNECT);
  }

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
  g_assert_true (herald_test_shows_text (GTK_WIDGET (sidebar_row (window, 0)), "Kitchen Pi", TRUE));
  g_assert_true (HERALD_IS_CONNECTION_VIEW (visible_view (window)));
  view = HERALD_CONNECTION_VIEW (visible_view (window));
  connection = herald_connection_view_get_connection (view);
  herald_test_iterate_until (herald_mqtt_session_get_state (herald_connection_get_session (connection)) ==
                             HERALD_MQTT_STATE_CONNECTED, 10);
  herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (sidebar_row (window, 0)), "Connected", TRUE), 5);
  g_assert_true (herald_test_shows_text (GTK_WIDGET (view), "Connected to tcp://localhost", TRUE));
  /* The window's own History is the device's: hidden beside this view. */
  g_assert_false (gtk_widget_get_visible (child (window, "history_pane")));

  /* A subscription typed in the view; a publish from it arrives in the
   * view's History and nowhere else. */
  type_into (child (view, "subscribe_row"), "test/" USER "/#");
  g_signal_emit_by_name (child (view, "subscribe_row"), "entry-activated");
  herald_test_iterate_until (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, "subscriptions_list")), 0) != NULL, 5);
  g_assert_true (herald_test_shows_text (child (view, "subscriptions_list"), "test/" USER "/#", TRUE));

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

  /* Saved under a name, the publish comes back into the form. */
  g_assert_false (gtk_widget_get_visible (child (view, "saved_row")));
  click (child (view, "save_payload_button"));
  {
    AdwMessageDialog *save;

    herald_test_iterate_until ((save = herald_test_find_message_dialog ()) != NULL, 5);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (save))), ==,
                     "test/" USER "/kitchen");
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (save)), "Kitchen temperature");
    adw_message_dialog_response (save, "save");
    gtk_window_destroy (GTK_WINDOW (save));
  }
  g_assert_true (gtk_widget_get_visible (child (view, "saved_row")));
  type_into (child (view, "publish_topic_row"), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (view, "payload_view"))), "", -1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "saved_row")), GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "saved_row")), 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (view, "publish_topic_row"))), ==, "test/" USER "/kitchen");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (view, "format_row"))), ==, 1);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (view, "payload_view")));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "\"temp\" : 21.5"));
  }

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
  g_assert_true (herald_test_shows_text (GTK_WIDGET (sidebar_row (window, 0)), "Kitchen Pi", TRUE));
  g_assert_true (herald_test_shows_text (GTK_WIDGET (sidebar_row (window, 0)), "Not connected", TRUE));
  g_signal_emit_by_name (child (window, "connections_list"), "row-activated", sidebar_row (window, 0));
  view = HERALD_CONNECTION_VIEW (visible_view (window));
  g_assert_true (herald_test_shows_text (child (view, "subscriptions_list"), "test/" USER "/#", TRUE));
  g_assert_true (gtk_widget_get_visible (child (view, "saved_row")));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (child (view, "saved_row")))), 0),
                   ==, "Kitchen temperature");
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (child (window, "connections_list"))) == sidebar_row (window, 0));

  /* Connect again, with the password from the keyring. */
  click (child (view, "connect_button"));
  connection = herald_connection_view_get_connection (view);
  herald_test_iterate_until (herald_mqtt_session_get_state (herald_connection_get_session (connection)) ==
                             HERALD_MQTT_STATE_CONNECTED, 10);

  /* MQTT 3.1.1 has no properties; after Edit chose MQTT 5 (the connection
   * in use reconnects with it), a publish carries them. */
  g_assert_false (gtk_widget_get_sensitive (child (view, "properties_row")));
  g_assert_false (gtk_widget_get_sensitive (child (view, "options_row")));
  click (child (view, "edit_button"));
  {
    HeraldConnectionDialog *edit;

    herald_test_iterate_until ((edit = find_dialog ()) != NULL, 5);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (edit, "name_row"))), ==, "Kitchen Pi");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (edit, "password_row"))), ==, "");
    adw_combo_row_set_selected (ADW_COMBO_ROW (child (edit, "version_row")), 1);
    click (child (edit, "save_button"));
    herald_test_iterate_until (find_dialog () == NULL, 10);
  }
  g_assert_true (gtk_widget_get_sensitive (child (view, "properties_row")));
  herald_test_iterate_until (session_version (connection) == HERALD_MQTT_VERSION_5 &&
                             herald_mqtt_session_get_state (herald_connection_get_session (connection)) ==
                             HERALD_MQTT_STATE_CONNECTED, 10);
  /* A subscription with MQTT 5's options, shown with them and kept. */
  g_assert_true (gtk_widget_get_sensitive (child (view, "options_row")));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (child (view, "options_row")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (child (view, "no_local_switch")), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "retain_handling_row")), 2);
  type_into (child (view, "subscribe_row"), "test/" USER "/own/#");
  g_signal_emit_by_name (child (view, "subscribe_row"), "entry-activated");
  herald_test_iterate_until (herald_test_shows_text (child (view, "subscriptions_list"), "no local · no retained", TRUE), 5);
  {
    HeraldBrokerProfile *profile = herald_connection_get_profile (connection);

    g_assert_cmpuint (herald_broker_profile_get_n_subscriptions (profile), ==, 2);
    g_assert_cmpint (herald_broker_profile_get_subscription_flags (profile, 1), ==,
                     HERALD_SUBSCRIBE_NO_LOCAL | HERALD_SUBSCRIBE_NO_RETAINED);
  }

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (child (view, "properties_row")), TRUE);
  type_into (child (view, "user_properties_row"), "room");
  type_into (child (view, "publish_topic_row"), "test/" USER "/props");
  click (child (view, "publish_button"));
  g_assert_true (gtk_widget_get_visible (child (view, "publish_error")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (view, "publish_error"))), "name=value"));
  type_into (child (view, "user_properties_row"), "room=kitchen");
  type_into (child (view, "content_type_row"), "application/json");
  click (child (view, "publish_button"));
  g_assert_false (gtk_widget_get_visible (child (view, "publish_error")));
  {
    HeraldHistory *own = herald_connection_get_history (connection);
    g_autoptr(HeraldHistoryItem) found = NULL;
    const char *type = NULL;

    herald_test_iterate_until (count_topic (G_LIST_MODEL (own), "test/" USER "/props") == 1, 10);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (own)) && found == NULL; i++)
      {
        g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (own), i);

        if (g_strcmp0 (herald_history_item_get_topic (item), "test/" USER "/props") == 0)
          found = g_steal_pointer (&item);
      }
    g_assert_nonnull (herald_history_item_get_mqtt_properties (found));
    g_assert_true (g_variant_lookup (herald_history_item_get_mqtt_properties (found), "content-type", "&s", &type));
    g_assert_cmpstr (type, ==, "application/json");
  }

  /* Saved with its MQTT 5 properties, which come back with it. */
  click (child (view, "save_payload_button"));
  {
    AdwMessageDialog *save;

    herald_test_iterate_until ((save = herald_test_find_message_dialog ()) != NULL, 5);
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (save)), "With properties");
    adw_message_dialog_response (save, "save");
    gtk_window_destroy (GTK_WINDOW (save));
  }
  type_into (child (view, "content_type_row"), "");
  type_into (child (view, "user_properties_row"), "");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (child (view, "properties_row")), FALSE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "saved_row")), 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (view, "content_type_row"))), ==, "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "saved_row")), 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (view, "publish_topic_row"))), ==, "test/" USER "/props");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (view, "content_type_row"))), ==, "application/json");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (view, "user_properties_row"))), ==, "room=kitchen");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (child (view, "properties_row"))));

  /* The saved payloads exported on their own, deleted, imported back. */
  {
    g_autofree char *dir = g_dir_make_tmp ("herald-payloads-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "kitchen-payloads.json", NULL);
    g_autofree char *connections = g_build_filename (dir, "connections.json", NULL);
    g_autofree char *text = NULL;
    HeraldBrokerProfile *profile = herald_connection_get_profile (connection);

    /* Through the Publish group's menu and the file chooser. */
    gtk_widget_activate_action (GTK_WIDGET (view), "connection.export-payloads", NULL);
    herald_test_choose_file (path);
    herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "Exported the saved payloads to “kitchen-payloads.json”.", FALSE), 5);
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "room=kitchen"));
    g_assert_nonnull (strstr (text, "\"herald-saved-payloads\""));
    g_assert_null (strstr (text, "localhost"));
    while (herald_broker_profile_get_n_payloads (profile) > 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "saved_row")), 0);
        click (child (view, "delete_saved_button"));
      }
    herald_test_iterate_until (!gtk_widget_get_visible (child (view, "saved_row")), 5);
    gtk_widget_activate_action (GTK_WIDGET (view), "connection.import-payloads", NULL);
    herald_test_choose_file (path);
    herald_test_iterate_until (herald_broker_profile_get_n_payloads (profile) == 2, 5);
    g_assert_true (gtk_widget_get_visible (child (view, "saved_row")));
    /* (After the export's toast has gone: toasts queue.) */
    herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "Imported 2 saved payloads.", FALSE), 15);

    /* The main menu's Export Connections: without a password; imported
     * again, none is added. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.export-connections", NULL);
    herald_test_choose_file (connections);
    herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "Exported the connections to “connections.json”, without their passwords.", FALSE), 15);
    g_clear_pointer (&text, g_free);
    g_assert_true (g_file_get_contents (connections, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "Kitchen Pi"));
    g_assert_null (strstr (text, PASSWORD));
    g_assert_null (strstr (text, "assword"));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.import-connections", NULL);
    herald_test_choose_file (connections);
    herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "Every connection of the file is here already.", FALSE), 15);
    g_assert_cmpuint (g_list_model_get_n_items (herald_workspace_get_connections (herald_window_get_workspace (window))), ==, 2);
    g_unlink (connections);
    g_unlink (path);
    g_rmdir (dir);
  }

  /* Its topic has the colour of the first subscription that takes it,
   * "test/learner/#" (the first listed); unsubscribed from that, none
   * takes it: dim again. In dark style, the dark palette's colour. */
  herald_test_iterate_until (topic_has_color (child (view, "history_pane"), "test/" USER "/props", 0), 5);
  /* So has it in the Topics window. */
  herald_connection_view_show_topics (HERALD_CONNECTION_VIEW (view));
  herald_test_iterate_until (find_topics_window () != NULL, 5);
  {
    GtkWidget *search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (find_topics_window ()),
                                                                   HERALD_TYPE_TOPICS_WINDOW, "search_entry"));

    gtk_editable_set_text (GTK_EDITABLE (search), "test/" USER "/props");
    g_signal_emit_by_name (search, "search-changed");
  }
  herald_test_iterate_until (label_colored (GTK_WIDGET (find_topics_window ()), "props"), 5);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  herald_test_iterate_until (topic_has_color (child (view, "history_pane"), "test/" USER "/props", 0), 5);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, "subscriptions_list")), 0));
    GtkWidget *button = NULL;

    for (GtkWidget *w = row; w != NULL; )
      {
        if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), "Unsubscribe from test/" USER "/#") == 0)
          {
            button = w;
            break;
          }
        /* Depth first, through the row's children. */
        if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != row && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w == row ? NULL : gtk_widget_get_next_sibling (w);
          }
      }
    g_assert_nonnull (button);
    click (button);
  }
  herald_test_iterate_until (herald_broker_profile_get_n_subscriptions (herald_connection_get_profile (connection)) == 1, 5);
  herald_test_iterate_until (topic_has_color (child (view, "history_pane"), "test/" USER "/props", -1), 5);
  herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (find_topics_window ()), "props", FALSE) &&
                             !label_colored (GTK_WIDGET (find_topics_window ()), "props"), 5);
  gtk_window_destroy (GTK_WINDOW (find_topics_window ()));

  /* Edit can forget the stored password: the reconnect goes without it,
   * and the broker's refusal says so. */
  click (child (view, "edit_button"));
  {
    HeraldConnectionDialog *edit;

    herald_test_iterate_until ((edit = find_dialog ()) != NULL, 5);
    g_assert_true (gtk_widget_get_visible (child (edit, "forget_row")));
    gtk_switch_set_active (GTK_SWITCH (child (edit, "forget_switch")), TRUE);
    click (child (edit, "save_button"));
    herald_test_iterate_until (find_dialog () == NULL, 10);
  }
  herald_test_iterate_until (herald_mqtt_session_get_state (herald_connection_get_session (connection)) ==
                             HERALD_MQTT_STATE_FAILED, 10);
  herald_test_iterate_until (gtk_widget_get_visible (child (view, "problem_label")), 5);
  g_test_message ("%s", gtk_label_get_label (GTK_LABEL (child (view, "problem_label"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (view, "problem_label"))), "password"));
  g_assert_true (herald_test_shows_text (GTK_WIDGET (sidebar_row (window, 0)), "Could not connect", FALSE));

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

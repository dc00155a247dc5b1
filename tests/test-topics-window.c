/* test-topics-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Topics window against a real mosquitto: the levels a session saw,
 * with their counts and retained flags, and Clear Retained… on a subtree
 * of 100 retained topics, confirmed, after which a fresh mosquitto_sub to
 * the subtree (-W 2) prints nothing; topics in the colour of the
 * subscription that brought them, in light and dark style.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-broker.h"
#include "herald-test-gtk.h"

#include "herald-keystore.h"
#include "herald-subscription-color.h"
#include "herald-topics-window.h"

static HeraldTestBroker *broker;

static HeraldMqttSession *
admin_session (void)
{
  HeraldTestPki *pki = herald_test_broker_get_pki (broker);
  g_autofree char *key_file = herald_test_pki_path (pki, "admin.key");
  g_autofree char *crt_file = herald_test_pki_path (pki, "admin.crt");
  g_autofree char *key = NULL, *crt = NULL, *pem = NULL, *uri = NULL;
  g_autoptr(HeraldKeystore) ks = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (key_file, &key, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (crt_file, &crt, NULL, &error);
  g_assert_no_error (error);
  pem = g_strconcat (key, crt, NULL);
  ks = herald_keystore_new_from_pem (pem, -1, NULL, &error);
  g_assert_no_error (error);
  uri = herald_test_broker_get_uri (broker);
  return g_object_new (HERALD_TYPE_MQTT_SESSION,
                       "server-uri", uri, "client-id", "herald-topics", "keystore", ks,
                       "trust", HERALD_MQTT_TRUST_CA_FILE, "ca-file", herald_test_pki_get_ca_file (pki),
                       NULL);
}

static void
count_published (guint *n)
{
  (*n)++;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_clear_retained (void)
{
  g_autoptr(HeraldMqttSession) session = admin_session ();
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autoptr(GBytes) on = g_bytes_new_static ("on", 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", herald_test_broker_get_port (broker));
  g_autofree char *cert = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.crt");
  g_autofree char *key = herald_test_pki_path (herald_test_broker_get_pki (broker), "admin.key");
  const char *argv[] = { "mosquitto_sub", "-h", "localhost", "-p", port,
                         "--cafile", herald_test_pki_get_ca_file (herald_test_broker_get_pki (broker)),
                         "--cert", cert, "--key", key, "-t", "root/#", "-W", "2", "-v", NULL };
  g_autofree char *out = NULL;
  HeraldTopicsWindow *window;
  AdwMessageDialog *dialog;
  GtkColumnView *view;
  guint published = 0;
  int status;

  g_signal_connect_swapped (session, "published", G_CALLBACK (count_published), &published);
  g_signal_connect_swapped (session, "messages-received", G_CALLBACK (herald_topic_tree_add_messages), tree);
  herald_mqtt_session_connect (session);
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 20);

  window = g_object_ref_sink (herald_topics_window_new (tree, session));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* Nothing yet: said so. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_TOPICS_WINDOW, "stack"))), ==, "empty");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_TOPICS_WINDOW, "clear_button"))));

  /* 100 retained topics, then a subscription that gets them back. */
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *topic = g_strdup_printf ("root/%u/state", i);

      g_assert_true (herald_mqtt_session_publish (session, topic, on, 1, TRUE, &error));
    }
  herald_test_iterate_until (published == 100, 20);
  g_assert_true (herald_mqtt_session_subscribe (session, "root/#", 1, &error));
  herald_test_iterate_until (herald_topic_tree_get_n_topics (tree) == 100, 20);

  /* The first level shows with what is below it; selected, it can be
   * cleared. */
  herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "root", FALSE), 5);
  herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "100", FALSE), 5);
  view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_TOPICS_WINDOW, "column_view"));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  /* It came in the same batch as the levels below it, and expands to them. */
  {
    GtkTreeListRow *row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)));

    g_assert_true (gtk_tree_list_row_is_expandable (row));
    gtk_tree_list_row_set_expanded (row, TRUE);
    herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "99", FALSE), 5);
  }
  g_assert_cmpstr (herald_topic_node_get_name (herald_topics_window_get_selected (window)), ==, "root");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_TOPICS_WINDOW, "clear_button"))));

  /* The confirmation says how many; Cancel clears nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "topics.clear-retained", NULL));
  herald_test_iterate_until ((dialog = find_dialog ()) != NULL, 5);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Clear 100 Retained Messages?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“root”"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (published, ==, 100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "topics.clear-retained", NULL));
  herald_test_iterate_until ((dialog = find_dialog ()) != NULL, 5);
  adw_message_dialog_response (dialog, "clear");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_iterate_until (published == 200, 20);

  /* The broker keeps none of them now, and the window knows. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "");
  {
    g_auto(GStrv) left = herald_topic_tree_dup_retained_topics (tree, NULL);

    g_assert_cmpuint (g_strv_length (left), ==, 0);
  }
  herald_test_iterate_until (!gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_TOPICS_WINDOW, "clear_button"))), 5);

  /* Find: typed, the first topic that holds the text is shown, its levels
   * expanded; Enter goes to the next; text no topic holds is marked. */
  {
    GtkWidget *search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_TOPICS_WINDOW, "search_entry"));
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;

    gtk_selection_model_unselect_all (gtk_column_view_get_model (view));
    gtk_editable_set_text (GTK_EDITABLE (search), "7/STATE");
    g_signal_emit_by_name (search, "search-changed");
    g_assert_nonnull (herald_topics_window_get_selected (window));
    first = herald_topic_node_dup_topic (herald_topics_window_get_selected (window));
    g_assert_cmpstr (first, ==, "root/7/state");
    g_signal_emit_by_name (search, "activate");
    second = herald_topic_node_dup_topic (herald_topics_window_get_selected (window));
    g_assert_cmpstr (second, ==, "root/17/state");
    g_assert_cmpstr (herald_topics_window_get_selected_topic (window), ==, "root/17/state");
    g_assert_false (gtk_widget_has_css_class (search, "error"));
    gtk_editable_set_text (GTK_EDITABLE (search), "cellar");
    g_signal_emit_by_name (search, "search-changed");
    g_assert_true (gtk_widget_has_css_class (search, "error"));
  }

  herald_mqtt_session_disconnect (session);
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_drain (200);
  g_assert_finalize_object (window);
}

/* The label on screen that shows @text, or NULL. */
static GtkLabel *
shown_label (GtkWidget  *widget,
             const char *text)
{
  GtkWidget *found = herald_test_find_shown (widget, text, FALSE);

  return GTK_IS_LABEL (found) ? GTK_LABEL (found) : NULL;
}

/* The colour of the subscription at @index (-1: none) is the one @label
 * shows. */
static gboolean
label_has_color (GtkLabel *label,
                 int       index)
{
  PangoAttrList *attrs = label != NULL ? gtk_label_get_attributes (label) : NULL;
  g_autoptr(GSList) list = attrs != NULL ? pango_attr_list_get_attributes (attrs) : NULL;
  PangoAttribute *expected = NULL;
  gboolean found = FALSE;

  if (label == NULL)
    return FALSE;
  if (index >= 0)
    expected = herald_subscription_color_attribute (index, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_FOREGROUND)
        found = expected != NULL && pango_attribute_equal (attr, expected);
      pango_attribute_destroy (attr);
    }
  if (expected != NULL)
    pango_attribute_destroy (expected);
  return index >= 0 ? found : list == NULL;
}

static void
show_topic (HeraldTopicsWindow *window,
            const char         *text)
{
  GtkWidget *search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_TOPICS_WINDOW,
                                                                 "search_entry"));

  gtk_editable_set_text (GTK_EDITABLE (search), text);
  g_signal_emit_by_name (search, "search-changed");
}

static void
test_subscription_colors (void)
{
  g_autoptr(HeraldMqttSession) session = admin_session ();
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autoptr(GBytes) on = g_bytes_new_static ("on", 2);
  g_autoptr(GError) error = NULL;
  const char *filters[] = { "other/+", "paint/#", NULL };
  const char *topics[] = { "paint/red", "paint/deep/blue", "other/x" };
  AdwStyleManager *style = adw_style_manager_get_default ();
  HeraldTopicsWindow *window;

  g_signal_connect_swapped (session, "messages-received", G_CALLBACK (herald_topic_tree_add_messages), tree);
  herald_mqtt_session_connect (session);
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 20);
  g_assert_true (herald_mqtt_session_subscribe (session, "paint/#", 1, &error));
  g_assert_true (herald_mqtt_session_subscribe (session, "other/+", 1, &error));
  g_assert_no_error (error);
  herald_test_drain (500);
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    g_assert_true (herald_mqtt_session_publish (session, topics[i], on, 1, FALSE, &error));
  herald_test_iterate_until (herald_topic_tree_get_n_topics (tree) == G_N_ELEMENTS (topics), 20);

  window = g_object_ref_sink (herald_topics_window_new (tree, session));
  herald_topics_window_set_subscriptions (window, filters);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Each topic in the colour of the first subscription that matches it,
   * as the connection lists them; a level with no messages of its own in
   * none. */
  show_topic (window, "paint/red");
  herald_test_iterate_until (label_has_color (shown_label (GTK_WIDGET (window), "red"), 1), 5);
  show_topic (window, "paint/deep/blue");
  herald_test_iterate_until (label_has_color (shown_label (GTK_WIDGET (window), "blue"), 1), 5);
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "deep"), -1));
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "paint"), -1));
  show_topic (window, "other/x");
  herald_test_iterate_until (label_has_color (shown_label (GTK_WIDGET (window), "x"), 0), 5);

  /* In the dark style's colours when it changes. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  herald_test_iterate_until (adw_style_manager_get_dark (style), 5);
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "x"), 0));
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "red"), 1));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  herald_test_iterate_until (!adw_style_manager_get_dark (style), 5);
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "x"), 0));

  /* Another order of the subscriptions, then none. */
  filters[0] = "paint/#";
  filters[1] = "other/+";
  herald_topics_window_set_subscriptions (window, filters);
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "x"), 1));
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "red"), 0));
  herald_topics_window_set_subscriptions (window, NULL);
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "x"), -1));
  g_assert_true (label_has_color (shown_label (GTK_WIDGET (window), "red"), -1));

  herald_mqtt_session_disconnect (session);
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_drain (200);
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  herald_test_gtk_init (&argc, &argv);
  broker = herald_test_broker_new (NULL);
  herald_test_broker_start (broker, &error);
  g_assert_no_error (error);

  g_test_add_func ("/topics-window/clear-retained", test_clear_retained);
  g_test_add_func ("/topics-window/subscription-colors", test_subscription_colors);
  ret = g_test_run ();

  herald_test_broker_free (broker);
  return ret;
}

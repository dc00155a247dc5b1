/* test-presentation.c: presentation mode keeps secrets off the projector.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real window. With a tenant's service (a host that does not resolve:
 * every request fails, so its errors name the host as real failures do),
 * the host shows in fields, states, errors, exchanges and the History;
 * switched on, no text any widget shows holds it, each field shows it again
 * on demand, and switched off everything is as before. Against a real
 * herald-sandbox, the certificate's secret is hidden the same way.
 */

#include "config.h"

#include <adwaita.h>

#include "herald-test-flow.h"
#include "herald-test-gtk.h"
#include "herald-test-sandbox.h"

#include "herald-exchange-view.h"
#include "herald-paths.h"
#include "herald-secret-row.h"

#define TENANT       "iot.tenant.example.invalid"
#define TENANT_URL   "https://" TENANT "/iot/core/api/v1"
#define BROKER       "mqtt.tenant.example.invalid"
#define PASSWORD     "pw-never-shown"

/* The text @widget itself shows, as a person or a screen reader gets it. */
static char *
shown_text (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget))
    return g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_INSCRIPTION (widget))
    return g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  /* A hidden text shows bullets. */
  if (GTK_IS_TEXT (widget))
    return gtk_text_get_visibility (GTK_TEXT (widget)) ? g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget))) : NULL;
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (GTK_IS_WINDOW (widget))
    return g_strdup (gtk_window_get_title (GTK_WINDOW (widget)));
  return g_strdup (tooltip);
}

/* A widget under @widget, shown or not (a page not in view yet, a row
 * scrolled away), whose text holds @secret; the window's own editables'
 * text as gtk_editable_get_text() of the row gives it (what GTK 4.8 hands
 * to assistive technologies). */
static GtkWidget *
find_secret (GtkWidget  *widget,
             const char *secret)
{
  g_autofree char *text = shown_text (widget);
  g_autofree char *folded = text != NULL ? g_utf8_casefold (text, -1) : NULL;
  g_autofree char *needle = g_utf8_casefold (secret, -1);

  if (folded != NULL && strstr (folded, needle) != NULL)
    return widget;
  if (GTK_IS_EDITABLE (widget) && !GTK_IS_TEXT (widget) &&
      strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), secret) != NULL)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_secret (c, secret);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_secret_anywhere (const char *secret)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkWidget *found = find_secret (window, secret);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
assert_hidden (const char *secret)
{
  GtkWidget *found = find_secret_anywhere (secret);
  g_autofree char *text = found != NULL ? shown_text (found) : NULL;

  if (found != NULL)
    {
      g_autoptr(GString) path = g_string_new (NULL);

      for (GtkWidget *w = found; w != NULL; w = gtk_widget_get_parent (w))
        {
          g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
          g_string_prepend_c (path, '/');
        }
      g_error ("“%s” shown in %s: %s", secret, path->str,
               text != NULL ? text : gtk_editable_get_text (GTK_EDITABLE (found)));
    }
}

static void
set_presenting (HeraldWindow *window,
                gboolean      presenting)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* The main menu's item and F5 activate this action. */
  if (g_settings_get_boolean (settings, "presentation-mode") != presenting)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation-mode", NULL);
  g_assert_cmpint (g_settings_get_boolean (settings, "presentation-mode"), ==, presenting);
  g_assert_cmpint (herald_redactor_get_active (herald_workspace_get_redactor (herald_window_get_workspace (window))),
                   ==, presenting);
  herald_test_drain (200);
}

static GtkToggleButton *
peek_button (GtkWidget *row)
{
  return GTK_TOGGLE_BUTTON (herald_test_find_descendant (row, GTK_TYPE_TOGGLE_BUTTON));
}

static void
test_tenant_hosts (void)
{
  g_autoptr(HeraldWindow) window = NULL;
  HeraldWorkspace *workspace;
  GtkWidget *url_row, *server_row, *state_label, *presenting_button, *history, *error_label;
  HeraldExchangeView *exchange_view;
  GtkToggleButton *reveal_button;

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  workspace = herald_window_get_workspace (window);

  /* A tenant's service: it cannot be reached, and says where it failed. */
  url_row = GTK_WIDGET (herald_test_page_child (window, HERALD_STEP_SERVICE, "url_row"));
  gtk_editable_set_text (GTK_EDITABLE (url_row), TENANT_URL);
  gtk_editable_set_text (GTK_EDITABLE (herald_test_page_child (window, HERALD_STEP_SERVICE, "user_row")), "learner");
  gtk_editable_set_text (GTK_EDITABLE (herald_test_page_child (window, HERALD_STEP_SERVICE, "password_row")), PASSWORD);
  herald_test_activate (window, HERALD_STEP_SERVICE, "service.apply");
  herald_test_iterate_until (herald_workspace_get_service_state (workspace) == HERALD_SERVICE_STATE_UNREACHABLE, 30);

  /* Creating the capability fails above the page, naming the host. The
   * page shows the exchanges of what succeeded; this one, without an
   * answer, is shown in its view by hand. */
  herald_window_show_step (window, HERALD_STEP_CAPABILITY);
  herald_test_activate (window, HERALD_STEP_CAPABILITY, "entity.create");
  error_label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "error_label"));
  herald_test_iterate_until (gtk_widget_get_mapped (error_label) &&
                             strstr (herald_test_widget_text (error_label), TENANT) != NULL, 30);
  g_assert_nonnull (herald_workspace_get_last_exchange (workspace));
  exchange_view = HERALD_EXCHANGE_VIEW (herald_test_page_child (window, HERALD_STEP_CAPABILITY, "exchange_view"));
  herald_exchange_view_set_exchange (exchange_view, herald_workspace_get_last_exchange (workspace));

  /* Connecting to its broker fails, naming it. */
  herald_window_show_step (window, HERALD_STEP_CONNECT);
  server_row = GTK_WIDGET (herald_test_page_child (window, HERALD_STEP_CONNECT, "server_row"));
  gtk_editable_set_text (GTK_EDITABLE (server_row), "ssl://" BROKER ":8883");
  state_label = GTK_WIDGET (herald_test_page_child (window, HERALD_STEP_CONNECT, "state_label"));
  herald_history_append_event (herald_workspace_get_history (workspace), HERALD_HISTORY_EVENT_CONNECTED,
                               NULL, "ssl://" BROKER ":8883");
  herald_history_append_event (herald_workspace_get_history (workspace), HERALD_HISTORY_EVENT_FAILED,
                               NULL, "Error resolving “" TENANT "”: Name or service not known");
  history = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "history_pane"));
  herald_test_iterate_until (herald_test_find_text (history, BROKER) != NULL, 10);
  herald_test_iterate_until (herald_test_find_text (history, "Error resolving “" TENANT) != NULL, 10);

  /* Before: the hosts are there to be seen (the test would find them). */
  g_assert_nonnull (find_secret_anywhere (TENANT));
  g_assert_nonnull (find_secret_anywhere (BROKER));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, TENANT_URL);
  presenting_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HERALD_TYPE_WINDOW, "presenting_button"));
  g_assert_false (gtk_widget_get_visible (presenting_button));

  /* Presenting: no text shown anywhere holds a host or the password. */
  set_presenting (window, TRUE);
  g_assert_true (gtk_widget_get_visible (presenting_button));
  assert_hidden (TENANT);
  assert_hidden (BROKER);
  assert_hidden (PASSWORD);
  g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), "https"));
  g_assert_cmpstr (herald_secret_row_get_secret (HERALD_SECRET_ROW (url_row)), ==, TENANT_URL);
  g_assert_cmpstr (herald_secret_row_get_secret (HERALD_SECRET_ROW (server_row)), ==, "ssl://" BROKER ":8883");
  g_assert_nonnull (strstr (herald_test_widget_text (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (exchange_view), HERALD_TYPE_EXCHANGE_VIEW, "status_label"))),
                            "https://" HERALD_REDACTOR_MASK "/iot/core/api/v1/capabilities"));
  g_assert_nonnull (herald_test_find_text (history, "ssl://" HERALD_REDACTOR_MASK ":8883"));
  g_assert_nonnull (herald_test_find_text (history, "Error resolving “" HERALD_REDACTOR_MASK "”"));
  /* The capability page's error, masked above it. */
  herald_window_show_step (window, HERALD_STEP_CAPABILITY);
  g_assert_nonnull (strstr (herald_test_widget_text (error_label), "Could not reach " HERALD_REDACTOR_MASK));
  herald_test_save_screenshot (GTK_WIDGET (window), "presentation-capability");
  herald_window_show_step (window, HERALD_STEP_CONNECT);

  /* A connection that fails while presenting says so, masked. */
  herald_test_activate (window, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_drain (500);
  g_assert_nonnull (herald_test_widget_text (state_label));
  assert_hidden (TENANT);
  assert_hidden (BROKER);

  herald_test_save_screenshot (GTK_WIDGET (window), "presentation-connect");

  /* Each field on demand, and hidden again. */
  gtk_toggle_button_set_active (peek_button (url_row), TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, TENANT_URL);
  gtk_toggle_button_set_active (peek_button (url_row), FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), !=, TENANT_URL);
  reveal_button = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (exchange_view), HERALD_TYPE_EXCHANGE_VIEW, "reveal_button"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reveal_button)));
  gtk_toggle_button_set_active (reveal_button, TRUE);
  g_assert_nonnull (find_secret (GTK_WIDGET (exchange_view), TENANT));
  gtk_toggle_button_set_active (reveal_button, FALSE);
  g_assert_null (find_secret (GTK_WIDGET (exchange_view), TENANT));
  /* Copy still copies the real curl line. */
  g_assert_nonnull (strstr (herald_exchange_view_get_curl (exchange_view), TENANT));

  /* Off: all as before. */
  set_presenting (window, FALSE);
  g_assert_false (gtk_widget_get_visible (presenting_button));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (reveal_button)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, TENANT_URL);
  g_assert_nonnull (find_secret (GTK_WIDGET (exchange_view), TENANT));
  g_assert_nonnull (herald_test_find_text (history, "ssl://" BROKER ":8883"));
  assert_hidden (PASSWORD);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The service key is pasted unseen while presenting. */
static void
test_service_key (void)
{
  g_autoptr(HeraldWindow) window = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *paste;
  const char *key = "{\"clientid\":\"sb-x\",\"clientsecret\":\"key-secret-never-shown\","
                    "\"url\":\"https://auth.tenant.example.invalid\",\"uaa\":{}}";

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  set_presenting (window, TRUE);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), key);
  herald_test_activate (window, HERALD_STEP_SERVICE, "service.import-key");
  herald_test_iterate_until ((dialog = herald_test_find_message_dialog ()) != NULL, 10);
  paste = herald_test_find_text (GTK_WIDGET (dialog), "Paste Service Key");
  g_assert_nonnull (paste);
  gtk_widget_activate (gtk_widget_get_ancestor (paste, GTK_TYPE_BUTTON));
  herald_test_iterate_until (herald_test_find_text (GTK_WIDGET (dialog), "hidden while presenting") != NULL, 10);

  /* In the dialog's text view, which is not shown. */
  {
    GtkWidget *view = herald_test_find_descendant (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);

    g_assert_nonnull (find_secret (view, "key-secret-never-shown"));
    g_assert_false (gtk_widget_is_visible (view));
    g_assert_null (herald_test_find_text (GTK_WIDGET (dialog), "key-secret-never-shown"));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The certificate's secret, from a real sandbox, presenting from the
 * start (the setting is kept). */
static void
test_certificate_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(HeraldWindow) window = NULL;
  g_autofree char *secret = NULL;
  HeraldWorkspace *workspace;
  GtkLabel *secret_label;
  GtkToggleButton *show_button;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "presentation-mode", TRUE);

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  workspace = herald_window_get_workspace (window);
  g_assert_true (herald_redactor_get_active (herald_workspace_get_redactor (workspace)));
  herald_test_flow_until_connected (window);

  herald_window_show_step (window, HERALD_STEP_CERTIFICATE);
  secret_label = GTK_LABEL (herald_test_page_child (window, HERALD_STEP_CERTIFICATE, "secret_label"));
  show_button = GTK_TOGGLE_BUTTON (herald_test_page_child (window, HERALD_STEP_CERTIFICATE, "secret_show_button"));
  g_assert_cmpstr (gtk_label_get_label (secret_label), ==, HERALD_REDACTOR_MASK);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (show_button)));

  gtk_toggle_button_set_active (show_button, TRUE);
  secret = g_strdup (gtk_label_get_label (secret_label));
  g_assert_cmpstr (secret, !=, HERALD_REDACTOR_MASK);
  g_assert_cmpuint (strlen (secret), >=, 8);
  gtk_toggle_button_set_active (show_button, FALSE);
  g_assert_cmpstr (gtk_label_get_label (secret_label), ==, HERALD_REDACTOR_MASK);

  assert_hidden (secret);
  assert_hidden (herald_workspace_get_password (workspace));

  /* Off: the secret is shown as the tutorial shows it, the button gone. */
  set_presenting (window, FALSE);
  g_assert_cmpstr (gtk_label_get_label (secret_label), ==, secret);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (show_button)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/presentation/tenant-hosts", test_tenant_hosts);
  g_test_add_func ("/presentation/service-key", test_service_key);
  g_test_add_func ("/presentation/certificate-secret", test_certificate_secret);

  return g_test_run ();
}

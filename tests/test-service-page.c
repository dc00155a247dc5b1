/* test-service-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "herald-test-gtk.h"
#include <glib/gstdio.h>
#include <string.h>

#include "herald-secret-row.h"
#include "herald-service-page.h"

typedef struct
{
  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldWorkspace      *workspace;
  GtkWindow          *window;
  HeraldServicePage  *page;
  char               *sandbox_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox_dir = g_build_filename (g_get_user_data_dir (), "test-sandbox", NULL);
  g_mkdir_with_parents (f->sandbox_dir, 0700);

  f->settings = g_settings_new (APP_ID);
  f->store = herald_profile_store_new_full (NULL, FALSE);
  f->workspace = herald_workspace_new (f->settings, f->store, f->sandbox_dir);

  f->window = GTK_WINDOW (gtk_window_new ());
  f->page = g_object_new (HERALD_TYPE_SERVICE_PAGE, "workspace", f->workspace, NULL);
  g_object_ref_sink (f->page);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  /* Let finished secret-store calls hand back their references. */
  herald_test_drain (1000);
  g_assert_finalize_object (f->page);
  g_assert_finalize_object (f->workspace);
  g_assert_finalize_object (f->store);
  g_clear_object (&f->settings);
  g_free (f->sandbox_dir);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->page), HERALD_TYPE_SERVICE_PAGE, name);
  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
type_into (Fixture    *f,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, name)), text);
}

static gboolean
service_complete (Fixture *f)
{
  return herald_workspace_get_step_complete (f->workspace, HERALD_STEP_SERVICE);
}

static gboolean
error_shown (Fixture *f)
{
  return gtk_widget_get_visible (child (f, "error_label"));
}

static void
apply (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "service.apply", NULL));
}

static void
test_validates_fields (Fixture       *f,
                       gconstpointer  data)
{
  const char *message;

  /* Nothing typed: the URL is asked for first. */
  apply (f);
  g_assert_true (error_shown (f));
  g_assert_true (gtk_widget_has_css_class (child (f, "url_row"), "error"));
  g_assert_false (service_complete (f));

  type_into (f, "url_row", "ftp://example.com/iot");
  g_assert_false (gtk_widget_has_css_class (child (f, "url_row"), "error"));
  apply (f);
  g_assert_true (gtk_widget_has_css_class (child (f, "url_row"), "error"));
  message = gtk_label_get_label (GTK_LABEL (child (f, "error_label")));
  g_assert_nonnull (strstr (message, "https://"));

  /* A user and password in the URL: refused, and not repeated. */
  type_into (f, "url_row", "https://root:hunter2@tenant.eu10.cp.iot.sap/iot/core/api/v1");
  apply (f);
  g_assert_true (gtk_widget_has_css_class (child (f, "url_row"), "error"));
  message = gtk_label_get_label (GTK_LABEL (child (f, "error_label")));
  g_assert_nonnull (strstr (message, "“@”"));
  g_assert_null (strstr (message, "hunter2"));

  type_into (f, "url_row", "https://tenant.eu10.cp.iot.sap/iot/core/api/v1/");
  apply (f);
  g_assert_false (gtk_widget_has_css_class (child (f, "url_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (child (f, "user_row"), "error"));

  type_into (f, "user_row", "root");
  apply (f);
  g_assert_true (gtk_widget_has_css_class (child (f, "password_row"), "error"));
  g_assert_false (service_complete (f));
  g_assert_null (herald_workspace_get_profile (f->workspace));
}

static void
test_applies_service (Fixture       *f,
                      gconstpointer  data)
{
  HeraldProfile *profile;
  g_autoptr(HeraldProfileStore) reread = NULL;

  type_into (f, "url_row", "https://tenant.eu10.cp.iot.sap/iot/core/api/v1/tenant/42/");
  type_into (f, "user_row", "root");
  type_into (f, "password_row", "very secret");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, "flavor_row")), 1);
  apply (f);

  /* In use, but the step is done only once the service answers: this
   * tenant does not exist. */
  g_assert_false (error_shown (f));
  g_assert_false (service_complete (f));
  g_assert_nonnull (herald_workspace_get_client (f->workspace));
  herald_test_iterate_until (herald_workspace_get_service_state (f->workspace) ==
                             HERALD_SERVICE_STATE_UNREACHABLE, 30);
  g_assert_nonnull (herald_workspace_get_service_message (f->workspace));
  g_assert_false (service_complete (f));

  profile = herald_workspace_get_profile (f->workspace);
  g_assert_nonnull (profile);
  g_assert_cmpstr (herald_profile_get_name (profile), ==, "root@tenant.eu10.cp.iot.sap");
  /* The trailing slash goes: the API paths are appended to the root. */
  g_assert_cmpstr (herald_profile_get_string (profile, "api-url"), ==,
                   "https://tenant.eu10.cp.iot.sap/iot/core/api/v1/tenant/42");
  g_assert_cmpstr (herald_profile_get_string (profile, "flavor"), ==, "tenant");
  g_assert_cmpstr (herald_profile_get_string (profile, "mqtt-uri"), ==, "ssl://tenant.eu10.cp.iot.sap:8883");
  g_assert_cmpstr (herald_workspace_get_password (f->workspace), ==, "very secret");

  /* Remembered for the next start, without the password. */
  {
    g_autofree char *last = g_settings_get_string (f->settings, "last-profile");
    g_assert_cmpstr (last, ==, "root@tenant.eu10.cp.iot.sap");
  }
  reread = herald_profile_store_new_full (NULL, FALSE);
  g_assert_true (herald_profile_store_load (reread, NULL));
  g_assert_nonnull (herald_profile_store_lookup (reread, "root@tenant.eu10.cp.iot.sap"));

  /* What is typed is not the service in use until applied. */
  type_into (f, "user_row", "someone-else");
  g_assert_cmpstr (herald_profile_get_string (herald_workspace_get_profile (f->workspace), "user"), ==, "root");
}

static void
write_sandbox_json (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->sandbox_dir, "sandbox.json", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path,
                       "{\"schema\":1,\"api_url\":\"http://127.0.0.1:45678/iot/core/api/v1\","
                       "\"user\":\"admin\",\"password\":\"sandbox-pw\","
                       "\"mqtt_uri\":\"ssl://localhost:45679\",\"ca_file\":\"/tmp/ca.pem\","
                       "\"flavor\":\"classic\",\"pid\":1}", -1, &error);
  g_assert_no_error (error);
}

static void
test_uses_local_sandbox (Fixture       *f,
                         gconstpointer  data)
{
  HeraldProfile *profile;

  write_sandbox_json (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "service.use-sandbox", NULL));
  herald_test_iterate_until (herald_workspace_get_sandbox_info (f->workspace) != NULL &&
                             herald_workspace_get_profile (f->workspace) != NULL, 10);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "url_row"))), ==,
                   "http://127.0.0.1:45678/iot/core/api/v1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "user_row"))), ==, "admin");
  g_assert_cmpstr (herald_secret_row_get_secret (HERALD_SECRET_ROW (child (f, "password_row"))), ==, "sandbox-pw");

  profile = herald_workspace_get_profile (f->workspace);
  g_assert_cmpstr (herald_profile_get_name (profile), ==, "Local sandbox");
  g_assert_true (herald_profile_get_use_sandbox (profile));
  g_assert_cmpstr (herald_profile_get_string (profile, "mqtt-uri"), ==, "ssl://localhost:45679");
  g_assert_cmpstr (herald_profile_get_string (profile, "ca-file"), ==, "/tmp/ca.pem");
  g_assert_cmpstr (herald_profile_get_string (profile, "trust"), ==, "sandbox");
  g_assert_nonnull (herald_workspace_get_sandbox_info (f->workspace));

  /* Its file says 45678, where nothing answers: not a done step. */
  herald_test_iterate_until (herald_workspace_get_service_state (f->workspace) ==
                             HERALD_SERVICE_STATE_UNREACHABLE, 30);
  g_assert_false (service_complete (f));

  /* Said in the sandbox's row, with the way out beside it. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, "sandbox_row"))),
                            herald_workspace_get_service_message (f->workspace)));
  g_assert_true (gtk_widget_get_visible (child (f, "start_button")));
}

static void
test_no_sandbox_running (Fixture       *f,
                         gconstpointer  data)
{
  const char *message;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "service.use-sandbox", NULL));
  herald_test_iterate_until (error_shown (f), 10);

  message = gtk_label_get_label (GTK_LABEL (child (f, "error_label")));
  g_assert_nonnull (strstr (message, f->sandbox_dir));
  g_assert_false (service_complete (f));
  g_assert_null (herald_workspace_get_profile (f->workspace));
}

static void
test_says_secrets_stay_in_memory (Fixture       *f,
                                  gconstpointer  data)
{
  /* This store was made without the Secret Service. */
  g_assert_false (herald_profile_store_get_secrets_persistent (f->store));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, "secrets_revealer"))));
}

static void
test_resumes_profile (Fixture       *f,
                      gconstpointer  data)
{
  HeraldProfile *profile = herald_profile_store_ensure (f->store, "admin@example.org");
  g_autoptr(GAsyncResult) result = NULL;

  herald_profile_set_string (profile, "api-url", "https://example.org/iot/core/api/v1");
  herald_profile_set_string (profile, "user", "admin");
  herald_profile_set_string (profile, "flavor", "tenant");
  herald_profile_store_store_secret_async (f->store, HERALD_SECRET_SERVICE_PASSWORD,
                                           "admin@example.org", "kept", NULL, NULL, NULL);

  /* Its password found, the profile is the service in use again (whether
   * it answers is the workspace's to find out: this one does not). */
  herald_workspace_set_profile (f->workspace, profile);
  herald_test_iterate_until (herald_workspace_get_client (f->workspace) != NULL, 10);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "url_row"))), ==,
                   "https://example.org/iot/core/api/v1");
  g_assert_cmpstr (herald_secret_row_get_secret (HERALD_SECRET_ROW (child (f, "password_row"))), ==, "kept");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (f, "flavor_row"))), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/service-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("validates-fields", test_validates_fields);
  ADD ("applies-service", test_applies_service);
  ADD ("uses-local-sandbox", test_uses_local_sandbox);
  ADD ("no-sandbox-running", test_no_sandbox_running);
  ADD ("says-secrets-stay-in-memory", test_says_secrets_stay_in_memory);
  ADD ("resumes-profile", test_resumes_profile);

  return g_test_run ();
}

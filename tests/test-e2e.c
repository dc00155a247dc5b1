/* test-e2e.c: the whole tutorial through Herald's window, against a real
 * herald-sandbox, from an empty sandbox to the seed's command arriving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widgets are driven in-process, as a user would: the same actions the
 * buttons and shortcuts trigger, the same fields typed into. Screenshots of
 * the main states go to <build>/tests/screenshots/.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "herald-test-flow.h"
#include "herald-test-gtk.h"
#include "herald-test-sandbox.h"

#include "herald-history-filter.h"
#include "herald-paths.h"
#include "herald-window.h"

static void
test_tutorial_flow (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldHistoryItem) received = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *commands_topic = NULL;
  g_autofree char *keystore_path = NULL;
  GBytes *payload;
  HeraldWindow *window;
  HeraldWorkspace *workspace;
  HeraldMqttSession *session;
  GtkListBox *values;
  const char *alternate_id;

  /* An empty sandbox where Herald looks by default. */
  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set (settings, "window-size", "(ii)", 1280, 900);
  }
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  workspace = herald_window_get_workspace (window);
  session = herald_workspace_get_session (workspace);
  herald_test_save_screenshot (GTK_WIDGET (window), "00-start");

  /* 1. Service: "Use local sandbox". */
  herald_test_activate (window, HERALD_STEP_SERVICE, "service.use-sandbox");
  herald_test_iterate_until (herald_workspace_get_step_complete (workspace, HERALD_STEP_SERVICE) &&
                             herald_workspace_get_client (workspace) != NULL, 20);
  g_assert_cmpstr (herald_profile_get_string (herald_workspace_get_profile (workspace), "api-url"), ==,
                   herald_test_sandbox_get_api_url (sandbox));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (herald_test_page_child (window, HERALD_STEP_SERVICE, "error_label"))));
  herald_test_save_screenshot (GTK_WIDGET (window), "01-service");

  /* 2. Capability: the form holds the seed's example. */
  herald_test_activate (window, HERALD_STEP_CAPABILITY, "entity.create");
  herald_test_iterate_until (herald_workspace_get_capability (workspace) != NULL, 20);
  g_assert_cmpstr (herald_entity_get_name (HERALD_ENTITY (herald_workspace_get_capability (workspace))), ==, "MyCapability");
  g_assert_cmpuint (g_list_model_get_n_items (herald_capability_get_properties (herald_workspace_get_capability (workspace))), ==, 3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  herald_test_save_screenshot (GTK_WIDGET (window), "02-capability");

  /* 3. Sensor type, with the capability as a command. */
  herald_test_activate (window, HERALD_STEP_SENSOR_TYPE, "entity.create");
  herald_test_iterate_until (herald_workspace_get_sensor_type (workspace) != NULL, 20);
  g_assert_true (herald_sensor_type_has_capability (herald_workspace_get_sensor_type (workspace),
                                                    herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_capability (workspace))),
                                                    "command"));

  /* 4. Device on the MQTT gateway, once the page found it. */
  herald_window_show_step (window, HERALD_STEP_DEVICE);
  herald_test_iterate_until (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (herald_test_page_child (window, HERALD_STEP_DEVICE, "gateway_row"))) ?: "", "(") != NULL, 20);
  herald_test_activate (window, HERALD_STEP_DEVICE, "entity.create");
  herald_test_iterate_until (herald_workspace_get_device (workspace) != NULL, 20);
  alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_device (workspace)));
  g_assert_nonnull (alternate_id);
  commands_topic = g_strdup_printf ("commands/%s", alternate_id);

  /* 5. Sensor of that device and sensor type. */
  herald_test_activate (window, HERALD_STEP_SENSOR, "entity.create");
  herald_test_iterate_until (herald_workspace_get_sensor (workspace) != NULL, 20);
  g_assert_cmpstr (herald_sensor_get_device_id (herald_workspace_get_sensor (workspace)), ==,
                   herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (workspace))));

  /* 6. Certificate: key store saved for the device, secret shown once. */
  herald_test_activate (window, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (herald_workspace_get_keystore (workspace) != NULL, 30);
  g_assert_cmpstr (herald_keystore_get_subject_cn (herald_workspace_get_keystore (workspace)), ==, alternate_id);
  {
    g_autofree char *dir = herald_paths_device_dir (alternate_id);
    GStatBuf st;

    keystore_path = g_build_filename (dir, "client.ks", NULL);
    g_assert_cmpint (g_stat (keystore_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (herald_test_page_child (window, HERALD_STEP_CERTIFICATE, "secret_revealer"))));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  herald_test_save_screenshot (GTK_WIDGET (window), "03-certificate");

  /* 7. Connect as the device; commands/<id> is subscribed already. */
  herald_window_show_step (window, HERALD_STEP_CONNECT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (herald_test_page_child (window, HERALD_STEP_CONNECT, "client_row"))), ==, alternate_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (herald_test_page_child (window, HERALD_STEP_CONNECT, "server_row"))), ==,
                   herald_test_sandbox_get_mqtt_uri (sandbox));
  herald_test_activate (window, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED &&
                             herald_test_history_has (workspace, HERALD_HISTORY_EVENT_SUBSCRIBED, commands_topic, NULL), 30);
  g_assert_true (herald_test_history_has (workspace, HERALD_HISTORY_EVENT_CONNECTED, NULL, NULL));
  g_assert_true (herald_workspace_get_step_complete (workspace, HERALD_STEP_CONNECT));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  herald_test_save_screenshot (GTK_WIDGET (window), "04-connected");

  /* 8. Send the seed's command: LED and Buzzer on, Speed 50.0, as strings. */
  herald_window_show_step (window, HERALD_STEP_COMMAND);
  values = GTK_LIST_BOX (herald_test_page_child (window, HERALD_STEP_COMMAND, "values_list"));
  gtk_switch_set_active (GTK_SWITCH (herald_test_find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (values, 0)), GTK_TYPE_SWITCH)), TRUE);
  gtk_switch_set_active (GTK_SWITCH (herald_test_find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (values, 1)), GTK_TYPE_SWITCH)), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (herald_test_find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (values, 2)), GTK_TYPE_SPIN_BUTTON)), 50.0);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (herald_test_page_child (window, HERALD_STEP_COMMAND, "strings_switch"))));
  herald_test_activate (window, HERALD_STEP_COMMAND, "composer.send");
  /* The device may see the command before the service's answer arrives. */
  herald_test_iterate_until (herald_workspace_get_step_complete (workspace, HERALD_STEP_COMMAND) &&
                             herald_test_history_has (workspace, HERALD_HISTORY_EVENT_RECEIVED, commands_topic, &received), 30);

  /* The seed's payload, byte for byte, with this run's alternate ids. */
  expected = g_strdup_printf ("{\"sensorAlternateId\":\"%s\",\"capabilityAlternateId\":\"%s\","
                              "\"command\":{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":50.0}}",
                              herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_sensor (workspace))),
                              herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_capability (workspace))));
  payload = herald_history_item_get_payload (received);
  g_assert_nonnull (payload);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), expected, strlen (expected));
  g_assert_cmpuint (herald_history_item_get_qos (received), ==, 1);
  g_assert_false (herald_history_item_get_retained (received));

  for (guint i = 0; i < 3; i++)
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  herald_test_save_screenshot (GTK_WIDGET (window), "05-command-received");

  /* Every step is marked done. */
  for (guint i = 0; i < HERALD_N_STEPS; i++)
    g_assert_true (herald_workspace_get_step_complete (workspace, i));

  /* Reopening Herald resumes: the same service, entities and key store,
   * with the secrets from the Secret Service. */
  {
    HeraldWindow *again = g_object_ref_sink (herald_window_new (NULL));
    HeraldWorkspace *resumed = herald_window_get_workspace (again);

    gtk_window_present (GTK_WINDOW (again));
    herald_test_iterate_until (herald_workspace_get_client (resumed) != NULL &&
                               herald_workspace_get_capability (resumed) != NULL &&
                               herald_workspace_get_sensor_type (resumed) != NULL &&
                               herald_workspace_get_device (resumed) != NULL &&
                               herald_workspace_get_sensor (resumed) != NULL &&
                               herald_workspace_get_keystore (resumed) != NULL, 30);
    g_assert_cmpstr (herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_device (resumed))), ==, alternate_id);
    g_assert_cmpstr (herald_keystore_get_fingerprint (herald_workspace_get_keystore (resumed)), ==,
                     herald_keystore_get_fingerprint (herald_workspace_get_keystore (workspace)));
    for (guint i = HERALD_STEP_SERVICE; i <= HERALD_STEP_CERTIFICATE; i++)
      g_assert_true (herald_workspace_get_step_complete (resumed, i));

    herald_test_close_window (again);
  }

  herald_mqtt_session_disconnect (session);
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_drain (1000);
  g_clear_object (&received);
  g_assert_finalize_object (window);
}

static void
test_starts_sandbox (void)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autofree char *info_path = g_build_filename (sandbox_dir, "sandbox.json", NULL);
  HeraldWindow *window;
  HeraldWorkspace *workspace;
  GtkWidget *start_button;

  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  workspace = herald_window_get_workspace (window);
  start_button = GTK_WIDGET (herald_test_page_child (window, HERALD_STEP_SERVICE, "start_button"));

  /* No sandbox runs: Herald says so and offers to start one. */
  g_assert_false (gtk_widget_get_visible (start_button));
  herald_test_activate (window, HERALD_STEP_SERVICE, "service.use-sandbox");
  herald_test_iterate_until (gtk_widget_get_visible (start_button), 20);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (herald_test_page_child (window, HERALD_STEP_SERVICE, "error_label"))));

  herald_test_activate (window, HERALD_STEP_SERVICE, "service.start-sandbox");
  herald_test_iterate_until (herald_workspace_get_step_complete (workspace, HERALD_STEP_SERVICE) &&
                             herald_workspace_get_sandbox_info (workspace) != NULL, 60);
  g_assert_true (herald_sandbox_launcher_get_running (herald_workspace_get_launcher (workspace)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (herald_test_page_child (window, HERALD_STEP_SERVICE, "log_expander"))));
  g_assert_nonnull (strstr (herald_sandbox_launcher_get_log (herald_workspace_get_launcher (workspace)), "herald-sandbox"));
  g_assert_true (g_file_test (info_path, G_FILE_TEST_EXISTS));
  herald_test_save_screenshot (GTK_WIDGET (window), "06-sandbox-started");

  /* Herald started it, so closing Herald stops it. */
  herald_test_close_window (window);
  herald_test_iterate_until (!g_file_test (info_path, G_FILE_TEST_EXISTS), 20);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/e2e/tutorial-flow", test_tutorial_flow);
  g_test_add_func ("/e2e/starts-sandbox", test_starts_sandbox);

  return g_test_run ();
}

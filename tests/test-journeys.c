/* test-journeys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journeys off the happy path, through the real window against a real
 * herald-sandbox, checking what the user sees at each point: the ticks of
 * the eight steps in the sidebar, the message shown in place, the URIs
 * shown. HERALD_SANDBOX is unset and the build directory is not on PATH:
 * the window starts the herald-sandbox it was built with by itself.
 *
 *   1. Reopening Herald after the sandbox came back on other ports.
 *   2. Send while the device is not connected.
 *   3. The device in use deleted from outside.
 *   4. The sandbox stopped, and started again from the window.
 *   5. A wrong service password.
 *   6. Create clicked twice.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-gtk.h"
#include "herald-test-sandbox.h"

#include "herald-entity-page.h"
#include "herald-entity-picker.h"
#include "herald-paths.h"
#include "herald-step-row.h"
#include "herald-window.h"

typedef struct
{
  HeraldWindow    *window;
  HeraldWorkspace *workspace;
} Fixture;

/* What the user sees ------------------------------------------------------ */

static GtkWidget *
page (Fixture    *f,
      HeraldStep  step)
{
  return herald_window_get_page (f->window, step);
}

static GtkWidget *
child (Fixture    *f,
       HeraldStep  step,
       const char *name)
{
  GtkWidget *p = page (f, step);
  GObject *object = gtk_widget_get_template_child (p, G_OBJECT_TYPE (p), name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* The ticks of the sidebar as a string: "+" done, "-" not, step 1 first. */
static char *
ticks (Fixture *f)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                  HERALD_TYPE_WINDOW, "steps_list"));
  GString *s = g_string_new (NULL);

  for (int i = 0; i < HERALD_N_STEPS; i++)
    g_string_append_c (s, herald_step_row_get_complete (HERALD_STEP_ROW (gtk_list_box_get_row_at_index (list, i)))
                          ? '+' : '-');

  return g_string_free (s, FALSE);
}

static gboolean
ticks_are (Fixture    *f,
           const char *expected)
{
  g_autofree char *now = ticks (f);

  return g_strcmp0 (now, expected) == 0;
}

#define assert_ticks(f, expected) G_STMT_START {                 \
    g_autofree char *now_ = ticks (f);                           \
    g_assert_cmpstr (now_, ==, expected);                        \
  } G_STMT_END

static const char *
field (Fixture    *f,
       HeraldStep  step,
       const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (f, step, name)));
}

/* With HERALD_TEST_SHOTS=DIR, the window as the user sees it now, in
 * DIR/NAME.png: to look at what the journeys show. */
static void
snap (Fixture    *f,
      const char *name)
{
  const char *dir = g_getenv ("HERALD_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;

  if (dir == NULL)
    return;

  /* After the stack's crossfade. */
  {
    gint64 until = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;

    herald_test_iterate_until (g_get_monotonic_time () > until, 2);
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (GTK_WIDGET (f->window)),
                          gtk_widget_get_height (GTK_WIDGET (f->window)));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_test_message ("no picture of %s: the window drew nothing", name);
      return;
    }
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node, &bounds);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
activate (Fixture    *f,
          HeraldStep  step,
          const char *action)
{
  herald_window_show_step (f->window, step);
  g_assert_true (gtk_widget_activate_action (page (f, step), action, NULL));
}

/* How many entries of the device connection's history are @event on a
 * topic that starts with @prefix. */
static guint
history_count (Fixture           *f,
               HeraldHistoryEvent event,
               const char        *prefix)
{
  GListModel *history = G_LIST_MODEL (herald_workspace_get_history (f->workspace));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (history, i);

      n += herald_history_item_get_event (item) == event &&
           g_str_has_prefix (herald_history_item_get_topic (item) ?: "", prefix);
    }

  return n;
}

#define history_has(f, event, prefix) (history_count (f, event, prefix) > 0)
#define commands_received(f) history_count (f, HERALD_HISTORY_EVENT_RECEIVED, "commands/")

/* The flow's steps ----------------------------------------------------------- */

static void
open_window (Fixture *f)
{
  f->window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  f->workspace = herald_window_get_workspace (f->window);
}

static void
close_window (Fixture *f)
{
  herald_mqtt_session_disconnect (herald_workspace_get_session (f->workspace));
  gtk_window_destroy (GTK_WINDOW (f->window));
  herald_test_drain (1000);
  g_assert_finalize_object (f->window);
  f->window = NULL;
  f->workspace = NULL;
}

static void
create_until (Fixture    *f,
              HeraldStep  step)
{
  if (step == HERALD_STEP_DEVICE)
    {
      herald_window_show_step (f->window, step);
      herald_test_iterate_until (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, step, "gateway_row"))) ?: "", "(") != NULL, 20);
    }
  activate (f, step, "entity.create");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, step), 20);
}

/* Steps 2 to 6 with the pages' tutorial values, then connected. */
static void
provision_and_connect (Fixture *f)
{
  for (HeraldStep s = HERALD_STEP_CAPABILITY; s <= HERALD_STEP_SENSOR; s++)
    create_until (f, s);
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CERTIFICATE), 30);
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CONNECT), 30);
  /* The history shows the broker took the subscription to the commands. */
  herald_test_iterate_until (history_has (f, HERALD_HISTORY_EVENT_SUBSCRIBED, "commands/"), 10);
  assert_ticks (f, "+++++++-");
}

static void
use_local_sandbox (Fixture *f)
{
  activate (f, HERALD_STEP_SERVICE, "service.use-sandbox");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_SERVICE), 20);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *in_path = g_find_program_in_path ("herald-sandbox");

  /* What an installed user has: no override, no build tree on PATH. */
  g_assert_null (g_getenv ("HERALD_SANDBOX"));
  g_assert_true (in_path == NULL || !g_str_has_prefix (in_path, HERALD_BUILD_ROOT));
  open_window (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    close_window (f);
}

/* 4. Stopped, then started from the window ------------------------------------ */

static void
test_sandbox_stopped (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *service = page (f, HERALD_STEP_SERVICE);
  GtkWidget *start = child (f, HERALD_STEP_SERVICE, "start_button");
  HeraldSandboxLauncher *launcher = herald_workspace_get_launcher (f->workspace);

  /* Nothing runs yet: said in the sandbox's row, with Start beside it. */
  activate (f, HERALD_STEP_SERVICE, "service.use-sandbox");
  herald_test_iterate_until (gtk_widget_get_visible (start), 20);
  g_assert_true (herald_test_shows_text (child (f, HERALD_STEP_SERVICE, "sandbox_row"), "No sandbox runs", TRUE));
  assert_ticks (f, "--------");
  snap (f, "4-no-sandbox");

  /* Started from the window: the build tree's own herald-sandbox. */
  activate (f, HERALD_STEP_SERVICE, "service.start-sandbox");
  g_assert_true (herald_test_shows_text (child (f, HERALD_STEP_SERVICE, "sandbox_row"), "Starting the sandbox", TRUE));
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_SERVICE), 60);
  herald_test_iterate_until (herald_test_shows_text (child (f, HERALD_STEP_SERVICE, "sandbox_row"), "and answering", TRUE), 10);
  g_assert_false (gtk_widget_get_visible (start));
  assert_ticks (f, "+-------");

  /* Stopped under the window: it says so, where Start is again. */
  herald_sandbox_launcher_stop (launcher);
  herald_test_iterate_until (ticks_are (f, "--------"), 10);
  herald_test_iterate_until (herald_test_shows_text (service, "The local sandbox is not running. Start it on the Service page with Start Sandbox.", TRUE), 10);
  g_assert_false (herald_test_shows_text (service, "and answering", TRUE));
  herald_test_iterate_until (gtk_widget_get_visible (start), 10);
  snap (f, "4-sandbox-stopped");
}

/* 1. Reopened after the sandbox moved ------------------------------------------ */

static void
test_reopened (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_uri = NULL;
  g_autofree char *alternate_id = NULL;
  g_autofree char *measures = NULL;
  g_autofree char *ack = NULL;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  use_local_sandbox (f);
  provision_and_connect (f);
  old_uri = g_strdup (herald_test_sandbox_get_mqtt_uri (sandbox));
  g_assert_cmpstr (field (f, HERALD_STEP_CONNECT, "server_row"), ==, old_uri);

  /* The device connection as the user sets it on the Connect step: a last
   * will, MQTT 5, another keep-alive, Clean Session, its acknowledgements. */
  alternate_id = g_strdup (herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))));
  measures = g_strdup_printf ("measures/%s", alternate_id);
  ack = g_strdup_printf ("ack/%s", alternate_id);
  activate (f, HERALD_STEP_CONNECT, "connect.disconnect");
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "will_topic_row")), measures);
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "will_message_row")), "{\"online\": false}");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, HERALD_STEP_CONNECT, "version_row")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (f, HERALD_STEP_CONNECT, "keepalive_spin")), 25);
  gtk_switch_set_active (GTK_SWITCH (child (f, HERALD_STEP_CONNECT, "clean_switch")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "subscribe_row")), ack);
  activate (f, HERALD_STEP_CONNECT, "connect.subscribe");
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CONNECT), 30);
  herald_test_iterate_until (history_has (f, HERALD_HISTORY_EVENT_SUBSCRIBED, ack), 10);
  close_window (f);

  /* The sandbox comes back on other ports, as `build-aux/run` starts it. */
  g_assert_cmpint (herald_test_sandbox_stop (sandbox), ==, 0);
  g_clear_pointer (&sandbox, herald_test_sandbox_free);
  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_test_sandbox_get_mqtt_uri (sandbox), !=, old_uri);

  /* Reopened: the service and the model are back, and Connect shows where
   * the broker is now. */
  open_window (f);
  herald_test_iterate_until (ticks_are (f, "+++++---") || ticks_are (f, "++++++--"), 20);
  herald_window_show_step (f->window, HERALD_STEP_CONNECT);
  herald_test_iterate_until (g_strcmp0 (field (f, HERALD_STEP_CONNECT, "server_row"),
                                        herald_test_sandbox_get_mqtt_uri (sandbox)) == 0, 10);
  g_assert_cmpstr (field (f, HERALD_STEP_CONNECT, "ca_row"), ==, herald_test_sandbox_get_ca_file (sandbox));
  g_assert_false (herald_test_shows_text (page (f, HERALD_STEP_SERVICE), "Could not reach", TRUE));

  /* What the user set is as they left it, and connects where the sandbox
   * is now: the device's last will and both subscriptions with it. */
  g_assert_cmpstr (field (f, HERALD_STEP_CONNECT, "client_row"), ==, alternate_id);
  g_assert_cmpstr (field (f, HERALD_STEP_CONNECT, "will_topic_row"), ==, measures);
  g_assert_cmpstr (field (f, HERALD_STEP_CONNECT, "will_message_row"), ==, "{\"online\": false}");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (f, HERALD_STEP_CONNECT, "version_row"))), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (f, HERALD_STEP_CONNECT, "keepalive_spin"))), ==, 25);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (f, HERALD_STEP_CONNECT, "clean_switch"))));
  g_assert_true (herald_test_shows_text (child (f, HERALD_STEP_CONNECT, "subscriptions_list"), ack, FALSE));
  g_assert_true (herald_test_shows_text (child (f, HERALD_STEP_CONNECT, "subscriptions_list"), "commands/", TRUE));
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CERTIFICATE), 20);
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CONNECT), 30);
  herald_test_iterate_until (history_has (f, HERALD_HISTORY_EVENT_SUBSCRIBED, ack), 10);
  {
    HeraldMqttSession *session = herald_workspace_get_session (f->workspace);
    HeraldMqttVersion version;
    guint keep_alive;

    g_object_get (session, "mqtt-version", &version, "keep-alive", &keep_alive, NULL);
    g_assert_cmpstr (herald_mqtt_session_get_server_uri (session), ==, herald_test_sandbox_get_mqtt_uri (sandbox));
    g_assert_cmpstr (herald_mqtt_session_get_will_topic (session), ==, measures);
    g_assert_cmpint (version, ==, HERALD_MQTT_VERSION_5);
    g_assert_cmpuint (keep_alive, ==, 25);
  }
  snap (f, "1-reopened");
}

/* 2. Sent while the device is away ---------------------------------------------- */

static void
test_sent_while_disconnected (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *composer;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  use_local_sandbox (f);
  provision_and_connect (f);

  activate (f, HERALD_STEP_CONNECT, "connect.disconnect");
  herald_test_iterate_until (ticks_are (f, "++++++--"), 10);

  /* The service takes it; the page says, in place, what becomes of it:
   * Clean Session is off (the page's default), so the broker keeps it. */
  composer = page (f, HERALD_STEP_COMMAND);
  activate (f, HERALD_STEP_COMMAND, "composer.send");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_COMMAND), 20);
  herald_test_iterate_until (herald_test_shows_text (composer, "Sent. The device is not connected; it receives the "
                                              "command when it reconnects.", TRUE), 10);
  assert_ticks (f, "++++++-+");
  snap (f, "2-sent-while-disconnected");
  g_assert_cmpuint (commands_received (f), ==, 0);

  /* Connected again: it arrives, and the next one warns of nothing. */
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (ticks_are (f, "++++++++"), 30);
  herald_test_iterate_until (commands_received (f) == 1, 10);
  activate (f, HERALD_STEP_COMMAND, "composer.send");
  herald_test_iterate_until (commands_received (f) == 2, 20);
  g_assert_false (herald_test_shows_text (composer, "The device is not connected", TRUE));

  /* With Clean Session on, the broker keeps nothing: said so. */
  activate (f, HERALD_STEP_CONNECT, "connect.disconnect");
  gtk_switch_set_active (GTK_SWITCH (child (f, HERALD_STEP_CONNECT, "clean_switch")), TRUE);
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (ticks_are (f, "++++++++"), 30);
  activate (f, HERALD_STEP_CONNECT, "connect.disconnect");
  herald_test_iterate_until (ticks_are (f, "++++++-+"), 10);
  activate (f, HERALD_STEP_COMMAND, "composer.send");
  herald_test_iterate_until (herald_test_shows_text (composer, "Sent, but the device is not connected and will not "
                                              "receive it (it connects with Clean Session on).", TRUE), 20);
}

/* 3. The device in use deleted elsewhere -------------------------------------------- */

static void
test_device_deleted (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(HeraldApiClient) outside = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *device_id = NULL;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  use_local_sandbox (f);
  provision_and_connect (f);
  device_id = g_strdup (herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))));

  /* Someone deletes it with a client of their own. */
  config = herald_service_config_new (herald_test_sandbox_get_api_url (sandbox),
                                      herald_test_sandbox_get_user (sandbox),
                                      herald_test_sandbox_get_password (sandbox));
  herald_service_config_set_use_system_proxy (config, FALSE);
  outside = herald_api_client_new (config, &error);
  g_assert_no_error (error);
  herald_api_client_delete_async (outside, HERALD_TYPE_DEVICE, device_id, NULL,
                                  herald_test_store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  g_assert_true (herald_api_client_delete_finish (outside, result, &error));

  /* Within 10 s: the dependent steps lose their ticks, Connect says why
   * and stops trying, the Sensor page has nothing in use. */
  herald_test_iterate_until (ticks_are (f, "+++-----"), 10);
  herald_window_show_step (f->window, HERALD_STEP_CONNECT);
  herald_test_iterate_until (herald_test_shows_text (page (f, HERALD_STEP_CONNECT),
                                    "This device was deleted; its certificate is revoked. "
                                    "Create a device and get its certificate.", TRUE), 5);
  snap (f, "3-device-deleted");
  g_assert_cmpint (herald_mqtt_session_get_state (herald_workspace_get_session (f->workspace)), ==,
                   HERALD_MQTT_STATE_DISCONNECTED);
  herald_window_show_step (f->window, HERALD_STEP_SENSOR);
  g_assert_false (herald_test_shows_text (page (f, HERALD_STEP_SENSOR), "In use:", TRUE));

  /* A new device and its certificate: connected again, no old key store. */
  create_until (f, HERALD_STEP_DEVICE);
  create_until (f, HERALD_STEP_SENSOR);
  assert_ticks (f, "+++++---");
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (ticks_are (f, "++++++--"), 30);
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (ticks_are (f, "+++++++-"), 30);
  g_assert_false (herald_test_shows_text (page (f, HERALD_STEP_CONNECT), "This device was deleted", TRUE));
}

static void
test_device_deleted_here (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *picker;
  AdwMessageDialog *dialog;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  use_local_sandbox (f);
  provision_and_connect (f);

  /* The device in use is the one selected in the list; delete it. */
  herald_window_show_step (f->window, HERALD_STEP_DEVICE);
  picker = child (f, HERALD_STEP_DEVICE, "picker");
  herald_test_iterate_until (herald_entity_picker_get_selected (HERALD_ENTITY_PICKER (picker)) != NULL, 10);
  g_assert_cmpstr (herald_entity_get_id (herald_entity_picker_get_selected (HERALD_ENTITY_PICKER (picker))), ==,
                   herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))));

  /* Renamed first (PUT): in use still, by its new name, nothing undone. */
  g_assert_true (gtk_widget_activate_action (picker, "picker.rename", NULL));
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));  /* the same name */
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Kitchen lamp");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  adw_message_dialog_response (dialog, "rename");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_iterate_until (herald_test_shows_text (page (f, HERALD_STEP_DEVICE), "In use: Kitchen lamp", TRUE), 10);
  g_assert_cmpstr (herald_entity_get_name (HERALD_ENTITY (herald_workspace_get_device (f->workspace))), ==,
                   "Kitchen lamp");
  assert_ticks (f, "+++++++-");
  herald_test_iterate_until (herald_entity_picker_get_selected (HERALD_ENTITY_PICKER (picker)) != NULL &&
                             g_strcmp0 (herald_entity_get_name (herald_entity_picker_get_selected (HERALD_ENTITY_PICKER (picker))),
                                        "Kitchen lamp") == 0, 10);

  g_assert_true (gtk_widget_activate_action (picker, "picker.delete", NULL));
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));

  herald_test_iterate_until (ticks_are (f, "+++-----"), 10);
  herald_window_show_step (f->window, HERALD_STEP_CONNECT);
  herald_test_iterate_until (herald_test_shows_text (page (f, HERALD_STEP_CONNECT), "This device was deleted", TRUE), 5);
  g_assert_false (herald_test_shows_text (page (f, HERALD_STEP_DEVICE), "In use:", TRUE));
}

/* 5. A wrong password ------------------------------------------------------------------ */

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL;
  GtkWidget *service = page (f, HERALD_STEP_SERVICE);

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  wrong = g_strconcat (herald_test_sandbox_get_password (sandbox), "-typo", NULL);

  herald_window_show_step (f->window, HERALD_STEP_SERVICE);
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_SERVICE, "url_row")), herald_test_sandbox_get_api_url (sandbox));
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_SERVICE, "user_row")), herald_test_sandbox_get_user (sandbox));
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_SERVICE, "password_row")), wrong);
  activate (f, HERALD_STEP_SERVICE, "service.apply");

  /* No tick, and the reason where the form is. */
  herald_test_iterate_until (herald_workspace_get_service_state (f->workspace) == HERALD_SERVICE_STATE_UNAUTHORIZED, 20);
  herald_test_iterate_until (herald_test_shows_text (service, "password", TRUE), 5);
  g_assert_false (herald_test_shows_text (service, wrong, TRUE));
  snap (f, "5-wrong-password");
  assert_ticks (f, "--------");

  /* Corrected: the tick. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_SERVICE, "password_row")),
                         herald_test_sandbox_get_password (sandbox));
  activate (f, HERALD_STEP_SERVICE, "service.apply");
  herald_test_iterate_until (ticks_are (f, "+-------"), 20);
}

/* 6. Create clicked twice ------------------------------------------------------------- */

static void
test_create_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) capabilities = NULL;
  g_autoptr(GError) error = NULL;
  HeraldApiClient *client;
  GtkWidget *capability = page (f, HERALD_STEP_CAPABILITY);
  g_autofree char *in_use = NULL;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  use_local_sandbox (f);

  activate (f, HERALD_STEP_CAPABILITY, "entity.create");
  activate (f, HERALD_STEP_CAPABILITY, "entity.create");
  herald_test_iterate_until (ticks_are (f, "++------"), 20);
  herald_test_iterate_until (!herald_page_get_busy (HERALD_PAGE (capability)), 20);

  /* One on the service, and the page says which is in use. */
  client = herald_workspace_get_client (f->workspace);
  herald_api_client_list_capabilities_async (client, NULL, NULL, 0, 0, NULL,
                                             herald_test_store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  capabilities = herald_api_client_list_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (capabilities), ==, 1);
  in_use = g_strdup_printf ("In use: MyCapability (alternate id %s)",
                            herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_capability (f->workspace))));
  g_assert_true (herald_test_shows_text (capability, in_use, TRUE));
  snap (f, "6-create-twice");
}

/* 7. A fresh stage: a presenter empties the sandbox between rehearsals ---------- */

static void
test_fresh_stage (Fixture       *f,
                  gconstpointer  data)
{
  HeraldSandboxLauncher *launcher = herald_workspace_get_launcher (f->workspace);
  g_autofree char *old_url = NULL;
  AdwMessageDialog *dialog;

  /* The sandbox Herald starts, on free ports (a check may run beside). */
  herald_sandbox_launcher_set_ports (launcher, 0, 0);
  activate (f, HERALD_STEP_SERVICE, "service.use-sandbox");
  activate (f, HERALD_STEP_SERVICE, "service.start-sandbox");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_SERVICE), 60);
  provision_and_connect (f);

  /* Asked first; Cancel leaves everything as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.fresh-stage", NULL));
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_drain (100);
  assert_ticks (f, "+++++++-");

  /* Emptied: the steps start over, the History too, and the sandbox comes
   * back (on new free ports), answering. */
  old_url = g_strdup (herald_sandbox_info_get_api_url (herald_workspace_get_sandbox_info (f->workspace)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.fresh-stage", NULL));
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "empty");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_iterate_until (herald_workspace_get_device (f->workspace) == NULL, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (herald_workspace_get_history (f->workspace))), ==, 0);
  g_assert_cmpint (herald_window_get_step (f->window), ==, HERALD_STEP_SERVICE);
  herald_test_iterate_until (herald_workspace_get_sandbox_info (f->workspace) != NULL &&
                             g_strcmp0 (herald_sandbox_info_get_api_url (herald_workspace_get_sandbox_info (f->workspace)), old_url) != 0 &&
                             ticks_are (f, "+-------") &&
                             herald_test_shows_text (child (f, HERALD_STEP_SERVICE, "sandbox_row"), "and answering", TRUE), 60);
  g_assert_false (herald_test_shows_text (child (f, HERALD_STEP_SERVICE, "sandbox_row"), old_url, TRUE));
  /* The form shows where the sandbox is now, not where it was. */
  g_assert_cmpstr (field (f, HERALD_STEP_SERVICE, "url_row"), ==,
                   herald_sandbox_info_get_api_url (herald_workspace_get_sandbox_info (f->workspace)));
  snap (f, "7-fresh-stage");

  /* And the flow works again from the start. */
  provision_and_connect (f);
  herald_sandbox_launcher_stop (launcher);
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/journeys/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("1-reopened", test_reopened);
  ADD ("2-sent-while-disconnected", test_sent_while_disconnected);
  ADD ("3-device-deleted", test_device_deleted);
  ADD ("3-device-deleted-in-herald", test_device_deleted_here);
  ADD ("4-sandbox-stopped", test_sandbox_stopped);
  ADD ("5-wrong-password", test_wrong_password);
  ADD ("6-create-twice", test_create_twice);
  ADD ("7-fresh-stage", test_fresh_stage);

  return g_test_run ();
}

/* test-composer-page.c: the Send Command page, alone in a window: its
 * typed fields and preview, and its device, sensor and capability pickers
 * against a real herald-sandbox, down to the command arriving at the
 * picked device over MQTT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-gtk.h"
#include "herald-test-sandbox.h"

#include "herald-composer-page.h"

typedef struct
{
  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldWorkspace      *workspace;
  GtkWindow          *window;
  HeraldComposerPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HeraldCapability) capability = herald_capability_new ("MyCapability");
  g_autoptr(HeraldProperty) led = herald_property_new ("LED", HERALD_DATA_TYPE_BOOLEAN, NULL);
  g_autoptr(HeraldProperty) buzzer = herald_property_new ("Buzzer", HERALD_DATA_TYPE_BOOLEAN, NULL);
  g_autoptr(HeraldProperty) speed = herald_property_new ("Speed", HERALD_DATA_TYPE_FLOAT, "mph");

  herald_capability_add_property (capability, led);
  herald_capability_add_property (capability, buzzer);
  herald_capability_add_property (capability, speed);
  if (data != NULL)
    {
      g_autoptr(HeraldProperty) when = herald_property_new ("When", HERALD_DATA_TYPE_DATE, NULL);
      herald_capability_add_property (capability, when);
    }

  f->settings = g_settings_new (APP_ID);
  f->store = herald_profile_store_new_full (NULL, FALSE);
  f->workspace = herald_workspace_new (f->settings, f->store, NULL);
  herald_workspace_set_capability (f->workspace, capability);

  f->window = GTK_WINDOW (gtk_window_new ());
  f->page = g_object_ref_sink (g_object_new (HERALD_TYPE_COMPOSER_PAGE, "workspace", f->workspace, NULL));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  herald_test_drain (1000);
  g_assert_finalize_object (f->page);
  g_assert_finalize_object (f->workspace);
  g_assert_finalize_object (f->store);
  g_clear_object (&f->settings);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page), HERALD_TYPE_COMPOSER_PAGE, name));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button that sends: the one for the composer.send action. */
static GtkWidget *
send_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "composer.send") == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = send_button (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
row_at (Fixture *f,
        int      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (f, "values_list")), index);
  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

static char *
preview (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f, "preview_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_typed_fields (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *led = find_descendant (row_at (f, 0), GTK_TYPE_SWITCH);
  GtkWidget *buzzer = find_descendant (row_at (f, 1), GTK_TYPE_SWITCH);
  GtkWidget *speed = find_descendant (row_at (f, 2), GTK_TYPE_SPIN_BUTTON);
  g_autofree char *strings = NULL;
  g_autofree char *typed = NULL;

  /* One field per property, of the property's kind, labelled by its name. */
  g_assert_nonnull (led);
  g_assert_nonnull (buzzer);
  g_assert_nonnull (speed);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (f, "values_list")), 3));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (f, 2))), ==, "Speed");

  /* The seed's command. */
  gtk_switch_set_active (GTK_SWITCH (led), TRUE);
  gtk_switch_set_active (GTK_SWITCH (buzzer), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (speed), 50.0);

  /* Strings by default (the classic flavour). */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (f, "strings_switch"))));
  strings = preview (f);
  g_assert_cmpstr (strings, ==, "{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":\"50.0\"}");

  gtk_switch_set_active (GTK_SWITCH (child (f, "strings_switch")), FALSE);
  typed = preview (f);
  g_assert_cmpstr (typed, ==, "{\"LED\":true,\"Buzzer\":true,\"Speed\":50.0}");
  g_assert_false (gtk_widget_get_visible (child (f, "error_label")));

  /* No service chosen: sending says what to do instead of sending. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "composer.send", NULL));
  g_assert_false (herald_page_get_busy (HERALD_PAGE (f->page)));
}

static void
test_invalid_value (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *when = row_at (f, 3);
  g_autofree char *empty = NULL;
  g_autofree char *good = NULL;

  g_assert_true (ADW_IS_ENTRY_ROW (when));
  gtk_editable_set_text (GTK_EDITABLE (when), "yesterday");

  g_assert_true (gtk_widget_get_visible (child (f, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (f, "error_label"))), "When"));
  g_assert_true (gtk_widget_has_css_class (when, "error"));
  empty = preview (f);
  g_assert_cmpstr (empty, ==, "");

  gtk_editable_set_text (GTK_EDITABLE (when), "2026-11-25T12:00:00Z");
  g_assert_false (gtk_widget_get_visible (child (f, "error_label")));
  g_assert_false (gtk_widget_has_css_class (when, "error"));
  good = preview (f);
  g_assert_nonnull (strstr (good, "\"When\":\"2026-11-25T12:00:00Z\""));
}

/* Against the sandbox: the page's own window and workspace, with a client of
 * a sandbox the test started and filled through HeraldApiClient. */

typedef struct
{
  HeraldTestSandbox  *sandbox;
  HeraldApiClient    *client;
  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldWorkspace      *workspace;
  GtkWindow          *window;
  HeraldComposerPage *page;
} Service;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  herald_test_iterate_until (*slot != NULL, 30);
  return *slot;
}

static gpointer
create (Service  *s,
        gpointer  entity)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gpointer created;

  herald_api_client_create_async (s->client, entity, NULL, store_result, &result);
  created = herald_api_client_entity_finish (s->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);
  g_object_unref (entity);

  return created;
}

static HeraldCapability *
create_capability (Service    *s,
                   const char *name,
                   const char *first_property,
                   HeraldDataType first_type,
                   const char *second_property,
                   HeraldDataType second_type)
{
  HeraldCapability *capability = herald_capability_new (name);
  g_autoptr(HeraldProperty) first = herald_property_new (first_property, first_type, NULL);
  g_autoptr(HeraldProperty) second = herald_property_new (second_property, second_type,
                                                          second_type == HERALD_DATA_TYPE_FLOAT ? "mph" : NULL);

  herald_capability_add_property (capability, first);
  herald_capability_add_property (capability, second);
  return create (s, capability);
}

static void
service_set_up (Service       *s,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldServiceConfig) config = NULL;

  s->sandbox = herald_test_sandbox_start ("classic", &error);
  g_assert_no_error (error);

  config = herald_service_config_new (herald_test_sandbox_get_api_url (s->sandbox),
                                      herald_test_sandbox_get_user (s->sandbox),
                                      herald_test_sandbox_get_password (s->sandbox));
  herald_service_config_set_use_system_proxy (config, FALSE);
  s->client = herald_api_client_new (config, &error);
  g_assert_no_error (error);

  s->settings = g_settings_new (APP_ID);
  s->store = herald_profile_store_new_full (NULL, FALSE);
  s->workspace = herald_workspace_new (s->settings, s->store, NULL);
}

/* Shows the page; it loads its pickers as it appears. */
static void
service_show (Service *s)
{
  s->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (s->window, 720, 900);
  s->page = g_object_ref_sink (g_object_new (HERALD_TYPE_COMPOSER_PAGE, "workspace", s->workspace, NULL));
  gtk_window_set_child (s->window, GTK_WIDGET (s->page));
  gtk_window_present (s->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (s->window));
}

static void
service_tear_down (Service       *s,
                   gconstpointer  data)
{
  if (s->window != NULL)
    gtk_window_destroy (s->window);
  herald_test_drain (1000);
  if (s->page != NULL)
    g_assert_finalize_object (s->page);
  g_assert_finalize_object (s->workspace);
  g_assert_finalize_object (s->store);
  g_clear_object (&s->settings);
  g_assert_finalize_object (s->client);
  herald_test_sandbox_free (s->sandbox);
}

static GtkWidget *
page_child (Service    *s,
            const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (s->page), HERALD_TYPE_COMPOSER_PAGE, name));
}

static AdwComboRow *
combo (Service    *s,
       const char *name)
{
  return ADW_COMBO_ROW (page_child (s, name));
}

static guint
n_choices (Service    *s,
           const char *name)
{
  GListModel *model = adw_combo_row_get_model (combo (s, name));

  return model ? g_list_model_get_n_items (model) : 0;
}

static gboolean
loading (Service *s)
{
  return gtk_widget_get_visible (page_child (s, "targets_spinner"));
}

static const char *
shown_id (Service    *s,
          const char *name)
{
  HeraldEntity *entity = adw_combo_row_get_selected_item (combo (s, name));

  return entity ? herald_entity_get_id (entity) : NULL;
}

static const char *
id_of (gpointer entity)
{
  return entity ? herald_entity_get_id (HERALD_ENTITY (entity)) : NULL;
}

/* Picks the entity with @id in a row, as a user does in its list. */
static void
pick (Service    *s,
      const char *name,
      const char *id)
{
  GListModel *model = adw_combo_row_get_model (combo (s, name));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldEntity) entity = g_list_model_get_item (model, i);

      if (g_strcmp0 (herald_entity_get_id (entity), id) == 0)
        {
          adw_combo_row_set_selected (combo (s, name), i);
          return;
        }
    }
  g_error ("%s does not list %s", name, id);
}

static char *
page_preview (Service *s)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (page_child (s, "preview_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *
value_row (Service *s,
           int      index)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (page_child (s, "values_list")), index));
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_object_unref (paintable);
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", name, NULL);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  GPtrArray *messages;
  guint      n_subscribed;
  guint      n_connected;
  guint      n_errors;
} Seen;

static void
on_messages (HeraldMqttSession *session,
             GPtrArray         *batch,
             Seen              *seen)
{
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (seen->messages, herald_message_ref (batch->pdata[i]));
}

static void
on_subscribed (HeraldMqttSession *session,
               const char        *topic,
               guint              qos,
               Seen              *seen)
{
  seen->n_subscribed++;
}

static void
on_connected (HeraldMqttSession *session,
              gboolean           present,
              Seen              *seen)
{
  seen->n_connected++;
}

static void
on_error (HeraldMqttSession *session,
          GError            *error,
          Seen              *seen)
{
  g_test_message ("MQTT error: %s", error->message);
  seen->n_errors++;
}

/* Connects as @device, subscribed to its commands. */
static HeraldMqttSession *
connect_device (Service      *s,
                HeraldDevice *device,
                Seen         *seen)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) material = NULL;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *topic = g_strdup_printf ("commands/%s", herald_entity_get_alternate_id (HERALD_ENTITY (device)));
  HeraldMqttSession *session;

  herald_api_client_get_device_certificate_async (s->client, id_of (device), HERALD_CERTIFICATE_FORMAT_PEM,
                                                  NULL, store_result, &result);
  material = herald_api_client_get_device_certificate_finish (s->client, wait_result (&result), &secret, &error);
  g_assert_no_error (error);
  keystore = herald_keystore_new_from_data (material, secret, &error);
  g_assert_no_error (error);

  session = g_object_new (HERALD_TYPE_MQTT_SESSION,
                          "server-uri", herald_test_sandbox_get_mqtt_uri (s->sandbox),
                          "client-id", herald_entity_get_alternate_id (HERALD_ENTITY (device)),
                          "keystore", keystore,
                          "trust", HERALD_MQTT_TRUST_CA_FILE,
                          "ca-file", herald_test_sandbox_get_ca_file (s->sandbox),
                          "clean-session", TRUE,
                          NULL);
  g_signal_connect (session, "messages-received", G_CALLBACK (on_messages), seen);
  g_signal_connect (session, "subscribed", G_CALLBACK (on_subscribed), seen);
  g_signal_connect (session, "connected", G_CALLBACK (on_connected), seen);
  g_signal_connect (session, "error", G_CALLBACK (on_error), seen);
  herald_mqtt_session_connect (session);
  herald_test_iterate_until (seen->n_connected > 0 || seen->n_errors > 0, 30);
  g_assert_cmpuint (seen->n_errors, ==, 0);
  herald_mqtt_session_subscribe (session, topic, 1, &error);
  g_assert_no_error (error);
  herald_test_iterate_until (seen->n_subscribed > 0 || seen->n_errors > 0, 30);
  g_assert_cmpuint (seen->n_errors, ==, 0);

  return session;
}

static void
test_pickers (Service       *s,
              gconstpointer  data)
{
  g_autoptr(HeraldCapability) lights = NULL;
  g_autoptr(HeraldCapability) display = NULL;
  g_autoptr(HeraldCapability) temperature = NULL;
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;
  g_autoptr(HeraldDevice) alpha = NULL;
  g_autoptr(HeraldDevice) beta = NULL;
  g_autoptr(HeraldSensor) alpha_sensor = NULL;
  g_autoptr(HeraldSensor) beta_sensor = NULL;
  g_autoptr(HeraldSensor) beta_other = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldMqttSession) session = NULL;
  g_autofree char *lights_preview = NULL;
  g_autofree char *display_preview = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  Seen seen = { 0 };
  GListModel *model;
  GBytes *payload;

  /* Two command capabilities and a measure one, on one sensor type. */
  lights = create_capability (s, "Lights", "LED", HERALD_DATA_TYPE_BOOLEAN, "Speed", HERALD_DATA_TYPE_FLOAT);
  display = create_capability (s, "Display", "Text", HERALD_DATA_TYPE_STRING, "Level", HERALD_DATA_TYPE_INTEGER);
  temperature = create_capability (s, "Temperature", "Celsius", HERALD_DATA_TYPE_DOUBLE, "Valid", HERALD_DATA_TYPE_BOOLEAN);
  sensor_type = herald_sensor_type_new ("Panel");
  herald_sensor_type_add_capability (sensor_type, id_of (lights), "command");
  herald_sensor_type_add_capability (sensor_type, id_of (temperature), "measure");
  herald_sensor_type_add_capability (sensor_type, id_of (display), "command");
  sensor_type = create (s, g_steal_pointer (&sensor_type));

  /* Two devices; Beta with two sensors of that type. */
  herald_api_client_find_mqtt_gateway_async (s->client, NULL, store_result, &result);
  gateway = herald_api_client_entity_finish (s->client, wait_result (&result), &error);
  g_assert_no_error (error);
  alpha = create (s, herald_device_new (id_of (gateway), "Alpha"));
  beta = create (s, herald_device_new (id_of (gateway), "Beta"));
  alpha_sensor = create (s, herald_sensor_new (id_of (alpha), "Alpha Sensor", id_of (sensor_type)));
  beta_sensor = create (s, herald_sensor_new (id_of (beta), "Beta Sensor", id_of (sensor_type)));
  beta_other = create (s, herald_sensor_new (id_of (beta), "Beta Other", id_of (sensor_type)));

  /* What earlier steps picked. */
  herald_workspace_set_client (s->workspace, s->client);
  herald_workspace_set_device (s->workspace, alpha);
  herald_workspace_set_sensor (s->workspace, alpha_sensor);
  herald_workspace_set_capability (s->workspace, lights);

  service_show (s);
  herald_test_iterate_until (!loading (s) && n_choices (s, "capability_row") > 0, 30);

  /* Preselected as the workspace holds them. */
  g_assert_cmpuint (n_choices (s, "device_row"), ==, 2);
  g_assert_cmpstr (shown_id (s, "device_row"), ==, id_of (alpha));
  /* Alpha's sensors only: its default sensor (classic) and Alpha Sensor. */
  model = adw_combo_row_get_model (combo (s, "sensor_row"));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldSensor) sensor = g_list_model_get_item (model, i);
      g_assert_cmpstr (herald_sensor_get_device_id (sensor), ==, id_of (alpha));
    }
  g_assert_cmpstr (shown_id (s, "sensor_row"), ==, id_of (alpha_sensor));
  /* The sensor type's command capabilities, in its order; not the measure one. */
  model = adw_combo_row_get_model (combo (s, "capability_row"));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr(HeraldEntity) first = g_list_model_get_item (model, 0);
    g_autoptr(HeraldEntity) second = g_list_model_get_item (model, 1);

    g_assert_cmpstr (herald_entity_get_id (first), ==, id_of (lights));
    g_assert_cmpstr (herald_entity_get_id (second), ==, id_of (display));
  }
  g_assert_cmpstr (shown_id (s, "capability_row"), ==, id_of (lights));
  g_assert_true (herald_workspace_get_capability (s->workspace) == lights);
  g_assert_true (gtk_widget_get_sensitive (page_child (s, "device_row")));
  g_assert_false (gtk_widget_get_visible (page_child (s, "targets_error_label")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (value_row (s, 0))), ==, "LED");
  lights_preview = page_preview (s);
  g_assert_cmpstr (lights_preview, ==, "{\"LED\":\"false\",\"Speed\":\"0.0\"}");

  /* By keyboard: the row takes the focus, and activating it (Enter)
   * opens its list. */
  {
    GtkWidget *row = page_child (s, "device_row");
    GtkWidget *popover = find_descendant (row, GTK_TYPE_POPOVER);

    g_assert_true (gtk_widget_get_focusable (row));
    g_assert_true (gtk_widget_grab_focus (row));
    g_assert_true (gtk_widget_has_focus (row));
    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_activate (row));
    herald_test_iterate_until (gtk_widget_get_visible (popover), 10);
    gtk_popover_popdown (GTK_POPOVER (popover));
    herald_test_iterate_until (!gtk_widget_get_visible (popover), 10);
  }

  /* Picking Beta: the workspace follows; its sensors are listed, the first
   * shown and taken, as Alpha's sensor does not belong to Beta. */
  pick (s, "device_row", id_of (beta));
  g_assert_cmpstr (id_of (herald_workspace_get_device (s->workspace)), ==, id_of (beta));
  /* Until Beta's sensors are in, the workspace still holds Alpha's sensor:
   * Send waits. */
  g_assert_false (gtk_widget_get_sensitive (send_button (GTK_WIDGET (s->page))));
  herald_test_iterate_until (!loading (s) && n_choices (s, "sensor_row") == 3, 30);
  g_assert_true (gtk_widget_get_sensitive (send_button (GTK_WIDGET (s->page))));
  g_assert_cmpstr (herald_sensor_get_device_id (herald_workspace_get_sensor (s->workspace)), ==, id_of (beta));
  g_assert_cmpstr (shown_id (s, "sensor_row"), ==, id_of (herald_workspace_get_sensor (s->workspace)));

  /* Picking a sensor and the other capability. */
  pick (s, "sensor_row", id_of (beta_sensor));
  g_assert_cmpstr (id_of (herald_workspace_get_sensor (s->workspace)), ==, id_of (beta_sensor));
  herald_test_iterate_until (!loading (s) && n_choices (s, "capability_row") == 2, 30);
  g_assert_cmpstr (shown_id (s, "capability_row"), ==, id_of (lights));
  pick (s, "capability_row", id_of (display));
  g_assert_cmpstr (id_of (herald_workspace_get_capability (s->workspace)), ==, id_of (display));

  /* The fields and the preview are the picked capability's. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (value_row (s, 0))), ==, "Text");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (value_row (s, 1))), ==, "Level");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (page_child (s, "values_list")), 2));
  gtk_editable_set_text (GTK_EDITABLE (value_row (s, 0)), "hello");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_descendant (value_row (s, 1), GTK_TYPE_SPIN_BUTTON)), 7);
  display_preview = page_preview (s);
  g_assert_cmpstr (display_preview, ==, "{\"Text\":\"hello\",\"Level\":\"7\"}");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (s->window));
  save_screenshot (GTK_WIDGET (s->window), "composer-pickers.png");

  /* A change made elsewhere (another step) is followed too. */
  herald_workspace_set_sensor (s->workspace, beta_other);
  herald_test_iterate_until (!loading (s) && g_strcmp0 (shown_id (s, "sensor_row"), id_of (beta_other)) == 0, 30);
  g_assert_cmpstr (id_of (herald_workspace_get_capability (s->workspace)), ==, id_of (display));
  pick (s, "sensor_row", id_of (beta_sensor));
  herald_test_iterate_until (!loading (s), 30);
  g_assert_cmpstr (shown_id (s, "capability_row"), ==, id_of (display));

  /* Send reaches the picked device, sensor and capability: Beta receives
   * it on its own topic. */
  seen.messages = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
  session = connect_device (s, beta, &seen);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->page), "composer.send", NULL));
  herald_test_iterate_until (seen.messages->len > 0 &&
                             herald_workspace_get_step_complete (s->workspace, HERALD_STEP_COMMAND), 30);
  g_assert_cmpuint (seen.n_errors, ==, 0);
  expected = g_strdup_printf ("{\"sensorAlternateId\":\"%s\",\"capabilityAlternateId\":\"%s\","
                              "\"command\":{\"Text\":\"hello\",\"Level\":7}}",
                              herald_entity_get_alternate_id (HERALD_ENTITY (beta_sensor)),
                              herald_entity_get_alternate_id (HERALD_ENTITY (display)));
  payload = herald_message_get_payload (seen.messages->pdata[0]);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), expected, strlen (expected));
  path = g_strdup_printf ("/devices/%s/commands", id_of (beta));
  g_assert_true (g_str_has_suffix (herald_exchange_get_url (herald_workspace_get_last_exchange (s->workspace)), path));

  /* Sent again from the recent commands after picking Alpha: it goes
   * where it went before, to Beta, not to what is picked now. */
  pick (s, "device_row", id_of (alpha));
  herald_test_iterate_until (!loading (s) && n_choices (s, "sensor_row") == 2, 30);
  pick (s, "sensor_row", id_of (alpha_sensor));
  herald_test_iterate_until (!loading (s) && n_choices (s, "capability_row") == 2, 30);
  g_assert_cmpstr (shown_id (s, "capability_row"), ==, id_of (display));
  g_assert_cmpstr (id_of (herald_workspace_get_device (s->workspace)), ==, id_of (alpha));
  {
    GtkWidget *recent = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (page_child (s, "recent_list")), 0));

    g_assert_nonnull (recent);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (recent)), ==, "Beta › Beta Sensor › Display");
    g_assert_true (gtk_widget_activate (find_descendant (recent, GTK_TYPE_BUTTON)));
  }
  herald_test_iterate_until (seen.messages->len > 1 && !herald_page_get_busy (HERALD_PAGE (s->page)), 30);
  g_assert_cmpuint (seen.n_errors, ==, 0);
  payload = herald_message_get_payload (seen.messages->pdata[1]);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), expected, strlen (expected));
  g_assert_true (g_str_has_suffix (herald_exchange_get_url (herald_workspace_get_last_exchange (s->workspace)), path));

  herald_mqtt_session_disconnect (session);
  g_clear_object (&session);
  g_ptr_array_unref (seen.messages);
}

static void
test_pickers_error (Service       *s,
                    gconstpointer  data)
{
  const char *message;

  /* An empty service says what to do. */
  herald_workspace_set_client (s->workspace, s->client);
  service_show (s);
  herald_test_iterate_until (!loading (s) && adw_combo_row_get_model (combo (s, "device_row")) != NULL, 30);
  g_assert_cmpuint (n_choices (s, "device_row"), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (page_child (s, "device_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (combo (s, "device_row"))), ==,
                   "No devices yet. Create a device in the Device step.");
  g_assert_false (gtk_widget_get_visible (page_child (s, "targets_error_label")));

  /* No capability: the values list says where its fields come from. */
  {
    GtkWidget *placeholder = gtk_widget_get_first_child (page_child (s, "values_list"));

    g_assert_true (GTK_IS_LABEL (placeholder));
    g_assert_true (gtk_widget_get_mapped (placeholder));
  }

  /* The service is gone: Refresh says so and what to do; nothing hangs. */
  g_assert_cmpint (herald_test_sandbox_stop (s->sandbox), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->page), "composer.refresh", NULL));
  herald_test_iterate_until (!loading (s) && gtk_widget_get_visible (page_child (s, "targets_error_label")), 60);
  message = gtk_label_get_label (GTK_LABEL (page_child (s, "targets_error_label")));
  g_test_message ("%s", message);
  g_assert_true (g_str_has_prefix (message, "The devices could not be loaded. "));
  g_assert_nonnull (strstr (message, "Check"));
  g_assert_false (gtk_widget_get_sensitive (page_child (s, "device_row")));
  g_assert_false (gtk_widget_get_sensitive (page_child (s, "sensor_row")));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (s->window));
  save_screenshot (GTK_WIDGET (s->window), "composer-pickers-error.png");

  /* Without a client the rows say where to go. */
  herald_workspace_set_client (s->workspace, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (combo (s, "device_row"))), ==,
                   "Choose the service first, in the Service step.");
  g_assert_false (gtk_widget_get_visible (page_child (s, "targets_error_label")));
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add ("/composer-page/typed-fields", Fixture, NULL, fixture_set_up, test_typed_fields, fixture_tear_down);
  g_test_add ("/composer-page/invalid-value", Fixture, "with-date", fixture_set_up, test_invalid_value, fixture_tear_down);
  g_test_add ("/composer-page/pickers", Service, NULL, service_set_up, test_pickers, service_tear_down);
  g_test_add ("/composer-page/pickers-error", Service, NULL, service_set_up, test_pickers_error, service_tear_down);

  return g_test_run ();
}

/* test-pages.c: widget tests of the Capability, Sensor Type, Device, Sensor,
 * Certificate and Connect pages, against a real herald-sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts its own sandbox (the isolated data directory differs per
 * test), opens the window, uses the sandbox, and creates the entities of the
 * steps before the one it tests with the pages' own forms.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-test-gtk.h"
#include "herald-issued-certificates.h"
#include "herald-test-sandbox.h"

#include "herald-exchange-view.h"
#include "herald-page.h"
#include "herald-secret-row.h"
#include "herald-paths.h"
#include "herald-property-row.h"
#include "herald-entity-page.h"
#include "herald-window.h"

typedef struct
{
  HeraldTestSandbox *sandbox;
  HeraldWindow      *window;
  HeraldWorkspace     *workspace;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();

  f->sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  f->workspace = herald_window_get_workspace (f->window);

  herald_window_show_step (f->window, HERALD_STEP_SERVICE);
  g_assert_true (gtk_widget_activate_action (herald_window_get_page (f->window, HERALD_STEP_SERVICE),
                                             "service.use-sandbox", NULL));
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_SERVICE) &&
                             herald_workspace_get_client (f->workspace) != NULL, 20);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  herald_mqtt_session_disconnect (herald_workspace_get_session (f->workspace));
  gtk_window_destroy (GTK_WINDOW (f->window));
  herald_test_drain (1000);
  g_assert_finalize_object (f->window);
  herald_test_sandbox_free (f->sandbox);
}

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

static void
activate (Fixture    *f,
          HeraldStep  step,
          const char *action)
{
  herald_window_show_step (f->window, step);
  g_assert_true (gtk_widget_activate_action (page (f, step), action, NULL));
}

/* Lets a refused form show what it shows, without a request running. */
static void
settle (Fixture    *f,
        HeraldStep  step)
{
  herald_test_drain (1000);
  g_assert_false (herald_page_get_busy (HERALD_PAGE (page (f, step))));
}

static HeraldExchange *
exchange_of (Fixture    *f,
             HeraldStep  step)
{
  return herald_exchange_view_get_exchange (HERALD_EXCHANGE_VIEW (child (f, step, "exchange_view")));
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
request_object (Fixture    *f,
                HeraldStep  step)
{
  HeraldExchange *exchange = exchange_of (f, step);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (exchange);
  node = parse (herald_exchange_get_request_body (exchange));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* The button in @widget that activates @action. */
static GtkWidget *
action_button (GtkWidget  *widget,
               const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = action_button (c, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* How many entities of @type the service has by that name. */
static guint
count_named (Fixture    *f,
             GType       type,
             const char *name)
{
  HeraldApiClient *client = herald_workspace_get_client (f->workspace);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint n = 0;

  g_assert_true (type == HERALD_TYPE_CAPABILITY);
  herald_api_client_list_capabilities_async (client, NULL, NULL, 0, 0, NULL, store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  list = herald_api_client_list_finish (client, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HeraldEntity) entity = g_list_model_get_item (list, i);

      n += g_strcmp0 (herald_entity_get_name (entity), name) == 0;
    }

  return n;
}

static void
create_until (Fixture    *f,
              HeraldStep  step)
{
  activate (f, step, "entity.create");
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, step), 20);
}

static void
reach (Fixture    *f,
       HeraldStep  step)
{
  for (HeraldStep s = HERALD_STEP_CAPABILITY; s < step && s <= HERALD_STEP_SENSOR; s++)
    {
      if (s == HERALD_STEP_DEVICE)
        {
          herald_window_show_step (f->window, s);
          herald_test_iterate_until (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, s, "gateway_row"))) ?: "", "(") != NULL, 20);
        }
      create_until (f, s);
    }
  if (step > HERALD_STEP_CERTIFICATE)
    {
      activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
      herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) != NULL, 30);
    }
}

static GPtrArray *
property_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (child (f, HERALD_STEP_CAPABILITY, "properties_list"));
       c != NULL; c = gtk_widget_get_next_sibling (c))
    if (HERALD_IS_PROPERTY_ROW (c))
      g_ptr_array_add (rows, c);

  return rows;
}

static GtkWidget *
row_child (GtkWidget  *row,
           const char *name)
{
  GObject *object = gtk_widget_get_template_child (row, HERALD_TYPE_PROPERTY_ROW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Capability */

static const char seed_capability[] =
  "{\"name\": \"MyCapability\", \"properties\": ["
  "{\"name\": \"LED\", \"dataType\": \"boolean\"},"
  "{\"name\": \"Buzzer\", \"dataType\": \"boolean\"},"
  "{\"name\": \"Speed\", \"dataType\": \"float\", \"unitOfMeasure\": \"mph\"}]}";

static void
test_capability (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *name_row = child (f, HERALD_STEP_CAPABILITY, "name_row");
  GtkWidget *speed;
  GtkDropDown *dropdown;
  guint seen = 0;
  g_autoptr(JsonNode) expected = parse (seed_capability);
  g_autoptr(JsonNode) sent = NULL;

  herald_window_show_step (f->window, HERALD_STEP_CAPABILITY);

  /* The form holds the seed's capability. */
  rows = property_rows (f);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "MyCapability");
  g_assert_cmpstr (herald_property_row_get_name (rows->pdata[0]), ==, "LED");
  g_assert_cmpint (herald_property_row_get_data_type (rows->pdata[0]), ==, HERALD_DATA_TYPE_BOOLEAN);
  speed = rows->pdata[2];
  g_assert_cmpstr (herald_property_row_get_name (HERALD_PROPERTY_ROW (speed)), ==, "Speed");
  g_assert_cmpint (herald_property_row_get_data_type (HERALD_PROPERTY_ROW (speed)), ==, HERALD_DATA_TYPE_FLOAT);
  g_assert_cmpstr (herald_property_row_get_unit (HERALD_PROPERTY_ROW (speed)), ==, "mph");

  /* The data type field offers the eight data types, each once. */
  dropdown = GTK_DROP_DOWN (row_child (speed, "type_dropdown"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      HeraldDataType type;

      gtk_drop_down_set_selected (dropdown, i);
      type = herald_property_row_get_data_type (HERALD_PROPERTY_ROW (speed));
      g_assert_cmpint (type, >, HERALD_DATA_TYPE_INVALID);
      g_assert_cmpint (type, <=, HERALD_DATA_TYPE_DATE);
      seen |= 1u << type;
    }
  g_assert_cmpuint (seen, ==, ((1u << (HERALD_DATA_TYPE_DATE + 1)) - 1) & ~1u);
  for (guint i = 0; i < 8; i++)
    {
      gtk_drop_down_set_selected (dropdown, i);
      if (herald_property_row_get_data_type (HERALD_PROPERTY_ROW (speed)) == HERALD_DATA_TYPE_FLOAT)
        break;
    }

  /* An empty name is refused at the field, with no request. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  activate (f, HERALD_STEP_CAPABILITY, "entity.create");
  settle (f, HERALD_STEP_CAPABILITY);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_null (herald_workspace_get_capability (f->workspace));
  g_assert_null (exchange_of (f, HERALD_STEP_CAPABILITY));

  /* So is an empty property name. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "MyCapability");
  gtk_editable_set_text (GTK_EDITABLE (row_child (rows->pdata[1], "name_entry")), "");
  activate (f, HERALD_STEP_CAPABILITY, "entity.create");
  settle (f, HERALD_STEP_CAPABILITY);
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  g_assert_true (gtk_widget_has_css_class (row_child (rows->pdata[1], "name_entry"), "error"));
  g_assert_null (herald_workspace_get_capability (f->workspace));
  g_assert_null (exchange_of (f, HERALD_STEP_CAPABILITY));

  /* Typing clears the mark; the seed's body is sent. */
  gtk_editable_set_text (GTK_EDITABLE (row_child (rows->pdata[1], "name_entry")), "Buzzer");
  g_assert_false (gtk_widget_has_css_class (row_child (rows->pdata[1], "name_entry"), "error"));

  /* Clicked twice: the second click finds Create off while the first
   * request runs, so the service gets one POST, not two. */
  activate (f, HERALD_STEP_CAPABILITY, "entity.create");
  g_assert_true (herald_page_get_busy (HERALD_PAGE (page (f, HERALD_STEP_CAPABILITY))));
  g_assert_false (gtk_widget_get_sensitive (action_button (page (f, HERALD_STEP_CAPABILITY), "entity.create")));
  activate (f, HERALD_STEP_CAPABILITY, "entity.create");
  herald_entity_page_create (HERALD_ENTITY_PAGE (page (f, HERALD_STEP_CAPABILITY)));
  herald_test_iterate_until (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CAPABILITY), 20);
  herald_test_iterate_until (!herald_page_get_busy (HERALD_PAGE (page (f, HERALD_STEP_CAPABILITY))), 20);
  g_assert_cmpuint (count_named (f, HERALD_TYPE_CAPABILITY, "MyCapability"), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (action_button (page (f, HERALD_STEP_CAPABILITY), "entity.create")));
  sent = parse (herald_exchange_get_request_body (exchange_of (f, HERALD_STEP_CAPABILITY)));
  g_assert_true (json_node_equal (sent, expected));
  g_assert_cmpstr (herald_exchange_get_method (exchange_of (f, HERALD_STEP_CAPABILITY)), ==, "POST");
  g_assert_cmpuint (g_list_model_get_n_items (herald_capability_get_properties (herald_workspace_get_capability (f->workspace))), ==, 3);
  g_assert_true (gtk_widget_get_visible (child (f, HERALD_STEP_CAPABILITY, "current_label")));
}

/* Sensor type */

static void
test_sensor_type (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *name_row = child (f, HERALD_STEP_SENSOR_TYPE, "name_row");
  AdwComboRow *usage = ADW_COMBO_ROW (child (f, HERALD_STEP_SENSOR_TYPE, "usage_row"));
  g_autoptr(JsonObject) sent = NULL;
  JsonArray *capabilities;
  JsonObject *capability;
  const char *capability_id;

  reach (f, HERALD_STEP_SENSOR_TYPE);
  herald_window_show_step (f->window, HERALD_STEP_SENSOR_TYPE);
  capability_id = herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_capability (f->workspace)));

  /* The capability of the step before, as a command by default. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_SENSOR_TYPE, "capability_row"))), ==,
                   herald_entity_get_name (HERALD_ENTITY (herald_workspace_get_capability (f->workspace))));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (usage)), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (usage), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  activate (f, HERALD_STEP_SENSOR_TYPE, "entity.create");
  settle (f, HERALD_STEP_SENSOR_TYPE);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_null (herald_workspace_get_sensor_type (f->workspace));
  g_assert_null (exchange_of (f, HERALD_STEP_SENSOR_TYPE));

  /* As a measure this time. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "MySensorType");
  adw_combo_row_set_selected (usage, 1);
  create_until (f, HERALD_STEP_SENSOR_TYPE);
  sent = request_object (f, HERALD_STEP_SENSOR_TYPE);
  g_assert_cmpstr (json_object_get_string_member (sent, "name"), ==, "MySensorType");
  capabilities = json_object_get_array_member (sent, "capabilities");
  g_assert_cmpuint (json_array_get_length (capabilities), ==, 1);
  capability = json_array_get_object_element (capabilities, 0);
  g_assert_cmpstr (json_object_get_string_member (capability, "id"), ==, capability_id);
  g_assert_cmpstr (json_object_get_string_member (capability, "type"), ==, "measure");
  g_assert_true (herald_sensor_type_has_capability (herald_workspace_get_sensor_type (f->workspace), capability_id, "measure"));
  g_assert_false (herald_sensor_type_has_capability (herald_workspace_get_sensor_type (f->workspace), capability_id, "command"));
}

/* Device */

static void
test_device (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *name_row = child (f, HERALD_STEP_DEVICE, "name_row");
  GtkWidget *gateway_row = child (f, HERALD_STEP_DEVICE, "gateway_row");
  g_autoptr(JsonObject) sent = NULL;
  g_autofree char *gateway_id = NULL;
  const char *subtitle;
  const char *id;

  /* The MQTT gateway is found and preselected. */
  herald_window_show_step (f->window, HERALD_STEP_DEVICE);
  herald_test_iterate_until (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gateway_row)) ?: "", "(") != NULL, 20);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (gateway_row));
  g_assert_nonnull (strstr (subtitle, "MQTT"));
  id = strstr (subtitle, "(id ");
  g_assert_nonnull (id);
  gateway_id = g_strndup (id + 4, strlen (id + 4) - 1);

  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  activate (f, HERALD_STEP_DEVICE, "entity.create");
  settle (f, HERALD_STEP_DEVICE);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_null (herald_workspace_get_device (f->workspace));

  gtk_editable_set_text (GTK_EDITABLE (name_row), "MyDevice");
  create_until (f, HERALD_STEP_DEVICE);
  sent = request_object (f, HERALD_STEP_DEVICE);
  g_assert_cmpstr (json_object_get_string_member (sent, "name"), ==, "MyDevice");
  g_assert_cmpstr (json_object_get_string_member (sent, "gatewayId"), ==, gateway_id);
  g_assert_cmpstr (herald_device_get_gateway_id (herald_workspace_get_device (f->workspace)), ==, gateway_id);
}

/* Sensor */

static void
test_sensor (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *name_row = child (f, HERALD_STEP_SENSOR, "name_row");
  g_autoptr(JsonObject) sent = NULL;
  HeraldDevice *device;
  HeraldSensorType *sensor_type;

  reach (f, HERALD_STEP_SENSOR);
  herald_window_show_step (f->window, HERALD_STEP_SENSOR);
  device = herald_workspace_get_device (f->workspace);
  sensor_type = herald_workspace_get_sensor_type (f->workspace);

  /* The device and sensor type of the steps before. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_SENSOR, "device_row"))), ==,
                   herald_entity_get_name (HERALD_ENTITY (device)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_SENSOR, "sensor_type_row"))), ==,
                   herald_entity_get_name (HERALD_ENTITY (sensor_type)));

  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  activate (f, HERALD_STEP_SENSOR, "entity.create");
  settle (f, HERALD_STEP_SENSOR);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_null (herald_workspace_get_sensor (f->workspace));

  gtk_editable_set_text (GTK_EDITABLE (name_row), "MySensor");
  create_until (f, HERALD_STEP_SENSOR);
  sent = request_object (f, HERALD_STEP_SENSOR);
  g_assert_cmpstr (json_object_get_string_member (sent, "name"), ==, "MySensor");
  g_assert_cmpstr (json_object_get_string_member (sent, "deviceId"), ==, herald_entity_get_id (HERALD_ENTITY (device)));
  g_assert_cmpstr (json_object_get_string_member (sent, "sensorTypeId"), ==, herald_entity_get_id (HERALD_ENTITY (sensor_type)));
  g_assert_cmpstr (herald_sensor_get_device_id (herald_workspace_get_sensor (f->workspace)), ==,
                   herald_entity_get_id (HERALD_ENTITY (device)));
}

/* Certificate */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **secret = user_data;

  *secret = herald_profile_store_lookup_secret_finish (HERALD_PROFILE_STORE (object), result, NULL);
  if (*secret == NULL)
    *secret = g_strdup ("");
}

static char *
lookup_secret (Fixture    *f,
               const char *alternate_id)
{
  char *secret = NULL;

  herald_profile_store_lookup_secret_async (herald_workspace_get_profile_store (f->workspace),
                                            HERALD_SECRET_DEVICE_KEYSTORE, alternate_id,
                                            NULL, lookup_cb, &secret);
  herald_test_iterate_until (secret != NULL, 20);
  if (*secret == '\0')
    g_clear_pointer (&secret, g_free);
  return secret;
}

static void
run_openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static void
test_certificate (Fixture       *f,
                  gconstpointer  data)
{
  gboolean p12 = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *secret = NULL;
  HeraldKeystore *keystore;
  const char *alternate_id;
  const char *shown;
  AdwMessageDialog *dialog;
  GStatBuf st;

  reach (f, HERALD_STEP_CERTIFICATE);
  alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace)));
  herald_window_show_step (f->window, HERALD_STEP_CERTIFICATE);
  g_assert_false (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "keystore_group")));

  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, HERALD_STEP_CERTIFICATE, "format_row")), p12 ? 1 : 0);
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) != NULL, 30);
  keystore = herald_workspace_get_keystore (f->workspace);
  g_assert_nonnull (strstr (herald_exchange_get_url (exchange_of (f, HERALD_STEP_CERTIFICATE)), p12 ? "p12" : "pem"));

  /* The secret, shown once, is the key store's, and kept in the keyring. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, HERALD_STEP_CERTIFICATE, "secret_revealer"))));
  shown = gtk_label_get_label (GTK_LABEL (child (f, HERALD_STEP_CERTIFICATE, "secret_label")));
  g_assert_cmpuint (strlen (shown), >, 0);
  secret = lookup_secret (f, alternate_id);
  g_assert_cmpstr (secret, ==, shown);

  /* Saved 0600 where Herald keeps the device's key store. */
  dir = herald_paths_device_dir (alternate_id);
  path = g_build_filename (dir, "client.ks", NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(HeraldKeystore) again = herald_keystore_load_file (file, shown, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (herald_keystore_get_fingerprint (again), ==, herald_keystore_get_fingerprint (keystore));
  }

  /* Subject, fingerprint and expiry; a year-long certificate warns of nothing. */
  g_assert_true (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "keystore_group")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_CERTIFICATE, "subject_row"))), ==, alternate_id);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_CERTIFICATE, "fingerprint_row"))), ==,
                   herald_keystore_get_fingerprint (keystore));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_CERTIFICATE, "path_row"))), ==, path);
  g_assert_false (gtk_widget_has_css_class (child (f, HERALD_STEP_CERTIFICATE, "expiry_row"), "warning"));
  {
    g_autofree char *date = g_date_time_format (herald_keystore_get_not_after (keystore), "%Y-%m-%d");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_CERTIFICATE, "expiry_row"))), date));
  }

  /* Forget Device, confirmed: key store and secret are gone. */
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.forget");
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) == NULL, 5);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_false (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "keystore_group")));
  g_clear_pointer (&secret, g_free);
  for (guint i = 0; i < 50 && (secret = lookup_secret (f, alternate_id)) != NULL; i++)
    {
      g_clear_pointer (&secret, g_free);
      g_usleep (20000);
    }
  g_assert_null (secret);
}

/* The rows of the certificates the service lists for the device. */
static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The list's own Refresh button, found by its tooltip. */
static GtkWidget *
find_refresh (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Refresh the list of certificates") == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_refresh (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GPtrArray *
issued_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (child (f, HERALD_STEP_CERTIFICATE, "issued_certificates"), rows);
  return rows;
}

static guint
n_issued (Fixture *f)
{
  HeraldIssuedCertificates *issued = HERALD_ISSUED_CERTIFICATES (child (f, HERALD_STEP_CERTIFICATE,
                                                                           "issued_certificates"));
  g_autoptr(GPtrArray) rows = issued_rows (f);
  GListModel *model = herald_issued_certificates_get_model (issued);

  return model != NULL && g_list_model_get_n_items (model) == rows->len ? rows->len : G_MAXUINT;
}

/* The device's certificates listed under the key store, the key store's
 * own said; another one revoked after a confirmation. */
static void
test_certificate_revoke (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(HeraldKeystore) before = NULL;
  GtkWidget *other = NULL;
  AdwMessageDialog *dialog;

  reach (f, HERALD_STEP_CERTIFICATE);
  herald_window_show_step (f->window, HERALD_STEP_CERTIFICATE);
  herald_test_iterate_until (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "issued_certificates")) &&
                             n_issued (f) == 0, 10);

  activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) != NULL, 30);
  herald_test_iterate_until (n_issued (f) == 1, 10);
  before = g_object_ref (herald_workspace_get_keystore (f->workspace));
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) != before, 30);
  herald_test_iterate_until (n_issued (f) == 2, 10);

  rows = issued_rows (f);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      if (strstr (subtitle, "Herald’s key store") == NULL)
        other = g_ptr_array_index (rows, i);
      g_assert_true (g_str_has_prefix (subtitle, "Valid until "));
    }
  g_assert_nonnull (other);

  g_signal_emit_by_name (find_button (other), "clicked");
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "whoever connects with it"));
  adw_message_dialog_response (dialog, "revoke");
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* Refreshed at once, while the revoke runs: the list's new load must
   * not cancel the revoke, nor an older load's answer overwrite it. */
  g_signal_emit_by_name (find_refresh (child (f, HERALD_STEP_CERTIFICATE, "issued_certificates")), "clicked");
  herald_issued_certificates_reload (HERALD_ISSUED_CERTIFICATES (child (f, HERALD_STEP_CERTIFICATE,
                                                                        "issued_certificates")));
  herald_test_iterate_until (n_issued (f) == 1, 10);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
                     adw_bin_get_child (ADW_BIN (child (f, HERALD_STEP_CERTIFICATE, "issued_certificates"))))),
                   ==, "The service accepts these certificates for the device. Revoke one that got out: the "
                       "broker refuses it from then on.");

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = issued_rows (f);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)), "Herald’s key store"));
  g_assert_nonnull (herald_workspace_get_device (f->workspace));
}

static void
test_certificate_expiring (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *tmp = g_dir_make_tmp ("herald-test-pages-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (tmp, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (tmp, "cert.pem", NULL);
  g_autofree char *store = g_build_filename (tmp, "short.p12", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (store);
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *expiry_row;
  const char *req[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-days", "10",
                        "-subj", "/CN=short-lived", "-keyout", key, "-out", cert,
                        "-passout", "pass:s3cret", NULL };
  const char *export[] = { "openssl", "pkcs12", "-export", "-in", cert, "-inkey", key,
                           "-passin", "pass:s3cret", "-passout", "pass:s3cret", "-out", store, NULL };

  g_assert_nonnull (tmp);
  run_openssl (req);
  run_openssl (export);

  keystore = herald_keystore_load_file (file, "s3cret", NULL, &error);
  g_assert_no_error (error);
  herald_window_show_step (f->window, HERALD_STEP_CERTIFICATE);
  herald_workspace_set_keystore (f->workspace, keystore, store);
  herald_test_drain (100);

  /* Ten days left: the expiry row warns. */
  expiry_row = child (f, HERALD_STEP_CERTIFICATE, "expiry_row");
  g_assert_true (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "keystore_group")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_CERTIFICATE, "subject_row"))), ==, "short-lived");
  g_assert_true (gtk_widget_has_css_class (expiry_row, "warning"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (expiry_row)), "30 days"));

  herald_workspace_set_keystore (f->workspace, NULL, NULL);
  g_remove (key);
  g_remove (cert);
  g_remove (store);
  g_rmdir (tmp);
}

/* Certificate: an existing key store, opened through the file chooser. */

static char *
openssl_output (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_strstrip (g_steal_pointer (&out));
}

/* What OpenSSL itself says of a certificate: its SHA-256 fingerprint and
 * the date it expires (YYYY-MM-DD, UTC). */
static void
openssl_describe (const char  *cert,
                  char       **fingerprint,
                  char       **expiry_date)
{
  const char *fp[] = { "openssl", "x509", "-in", cert, "-noout", "-fingerprint", "-sha256", NULL };
  const char *end[] = { "openssl", "x509", "-in", cert, "-noout", "-enddate", "-dateopt", "iso_8601", NULL };
  g_autofree char *fp_out = openssl_output (fp);
  g_autofree char *end_out = openssl_output (end);
  const char *equals;

  /* "SHA256 Fingerprint=AB:CD:…" */
  equals = strchr (fp_out, '=');
  g_assert_nonnull (equals);
  *fingerprint = g_ascii_strup (equals + 1, -1);
  /* "notAfter=2027-12-30 23:59:59Z" */
  g_assert_true (g_str_has_prefix (end_out, "notAfter="));
  *expiry_date = g_strndup (end_out + strlen ("notAfter="), strlen ("YYYY-MM-DD"));
}

typedef struct
{
  char *dir;
  char *cert;        /* the certificate alone, PEM */
  char *p12;         /* PKCS#12, OpenSSL 3 defaults (AES-256, PBKDF2) */
  char *p12_legacy;  /* PKCS#12, RC2-40 as older tools write it */
  char *pem;         /* certificate and encrypted key in one PEM file */
  char *text;        /* not a key store */
} KeyStores;

static void
key_stores_make (KeyStores  *k,
                 const char *cn,
                 const char *password)
{
  g_autofree char *key = NULL;
  g_autofree char *subj = g_strdup_printf ("/CN=%s", cn);
  g_autofree char *pass = g_strdup_printf ("pass:%s", password);
  g_autofree char *cert_text = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *pem_text = NULL;
  g_autoptr(GError) error = NULL;

  k->dir = g_dir_make_tmp ("herald-test-keystores-XXXXXX", &error);
  g_assert_no_error (error);
  key = g_build_filename (k->dir, "key.pem", NULL);
  k->cert = g_build_filename (k->dir, "cert.pem", NULL);
  k->p12 = g_build_filename (k->dir, "device.p12", NULL);
  k->p12_legacy = g_build_filename (k->dir, "legacy.pfx", NULL);
  k->pem = g_build_filename (k->dir, "device.pem", NULL);
  k->text = g_build_filename (k->dir, "notes.ks", NULL);

  {
    const char *req[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-days", "400",
                          "-subj", subj, "-keyout", key, "-out", k->cert, "-passout", pass, NULL };
    const char *p12[] = { "openssl", "pkcs12", "-export", "-in", k->cert, "-inkey", key,
                          "-passin", pass, "-passout", pass, "-out", k->p12, NULL };
    const char *legacy[] = { "openssl", "pkcs12", "-export", "-legacy", "-in", k->cert, "-inkey", key,
                             "-passin", pass, "-passout", pass, "-out", k->p12_legacy, NULL };

    run_openssl (req);
    run_openssl (p12);
    run_openssl (legacy);
  }

  /* The PEM key store: certificate, then the key as openssl req wrote it
   * (encrypted with the password). */
  g_file_get_contents (k->cert, &cert_text, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (key, &key_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (key_text, "ENCRYPTED"));
  pem_text = g_strconcat (cert_text, key_text, NULL);
  g_file_set_contents_full (k->pem, pem_text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
  g_remove (key);

  g_file_set_contents (k->text, "This is a note, not a key store.\n", -1, &error);
  g_assert_no_error (error);
}

static void
key_stores_clear (KeyStores *k)
{
  const char *files[] = { k->cert, k->p12, k->p12_legacy, k->pem, k->text };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_remove (files[i]);
      g_free ((char *) files[i]);
    }
  g_rmdir (k->dir);
  g_free (k->dir);
}

/* "Open Key Store…" as a user does it: the file chooser (without a portal,
 * GtkFileChooserNative shows a GtkFileChooserDialog), the file, Open, then
 * the password dialog. A NULL @password cancels the file chooser. */
static void
open_key_store (Fixture    *f,
                const char *path,
                const char *password)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *entry;
  GtkWidget *text;

  g_assert_null (herald_test_find_message_dialog ());
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.open");
  herald_test_iterate_until ((chooser = herald_test_find_file_chooser ()) != NULL, 10);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Open Key Store");

  if (password == NULL)
    {
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      herald_test_iterate_until (herald_test_find_file_chooser () == NULL, 10);
      herald_test_drain (100);
      g_assert_null (herald_test_find_message_dialog ());
      return;
    }

  /* The chooser opens on the recent files (GTK's default); the file is
   * selected once its folder is read. */
  gtk_file_chooser_set_file (chooser, file, &error);
  g_assert_no_error (error);
  herald_test_iterate_until (herald_test_chooser_holds (chooser, file), 10);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  herald_test_iterate_until (herald_test_find_file_chooser () == NULL, 10);

  herald_test_iterate_until ((dialog = herald_test_find_message_dialog ()) != NULL, 10);
  entry = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (adw_message_dialog_get_extra_child (dialog)), 0));
  g_assert_true (HERALD_IS_SECRET_ROW (entry));
  text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry)));
  g_assert_true (gtk_widget_has_focus (text));
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  /* What assistive technologies read of it is never the password. */
  if (*password != '\0')
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), !=, password);
  g_assert_cmpstr (herald_secret_row_get_secret (HERALD_SECRET_ROW (entry)), ==, password);
  /* Enter in the password field: the default response, Open. */
  g_signal_emit_by_name (text, "activate");
  herald_test_iterate_until (herald_test_find_message_dialog () == NULL, 10);
  herald_test_iterate_until (!herald_page_get_busy (HERALD_PAGE (page (f, HERALD_STEP_CERTIFICATE))), 20);
}

/* The window shows @text above the visible page, whole: the page's error. */
static gboolean
error_shows (Fixture    *f,
             const char *text)
{
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->window), HERALD_TYPE_WINDOW, "error_revealer"));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->window), HERALD_TYPE_WINDOW, "error_label"));

  return gtk_revealer_get_reveal_child (revealer) &&
         strstr (gtk_label_get_text (label), text) != NULL &&
         gtk_label_get_selectable (label) &&
         gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE;
}

static const char *
subtitle (Fixture    *f,
          const char *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, HERALD_STEP_CERTIFICATE, row)));
}

static void
assert_opened (Fixture    *f,
               const char *path,
               const char *cn,
               const char *fingerprint,
               const char *expiry_date,
               const char *password)
{
  HeraldKeystore *keystore;
  g_autofree char *secret = NULL;

  herald_test_iterate_until ((keystore = herald_workspace_get_keystore (f->workspace)) != NULL &&
                             g_strcmp0 (herald_profile_get_string (herald_workspace_get_profile (f->workspace), "keystore-path"), path) == 0, 10);
  g_assert_true (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CERTIFICATE));

  /* Subject, fingerprint and expiry as OpenSSL reads them; the file's path. */
  g_assert_true (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "keystore_group")));
  g_assert_cmpstr (subtitle (f, "subject_row"), ==, cn);
  g_assert_cmpstr (subtitle (f, "fingerprint_row"), ==, fingerprint);
  g_assert_true (g_str_has_prefix (subtitle (f, "expiry_row"), expiry_date));
  g_assert_false (gtk_widget_has_css_class (child (f, HERALD_STEP_CERTIFICATE, "expiry_row"), "warning"));
  g_assert_cmpstr (subtitle (f, "path_row"), ==, path);

  /* The password is kept in the keyring for the device, never shown. */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, HERALD_STEP_CERTIFICATE, "secret_revealer"))));
  for (guint i = 0; i < 50 && (secret = lookup_secret (f, cn)) == NULL; i++)
    g_usleep (20000);
  g_assert_cmpstr (secret, ==, password);
}

/* A device on the service with that alternate id. */
static HeraldEntity *
make_device (Fixture    *f,
             const char *alternate_id)
{
  HeraldApiClient *client = herald_workspace_get_client (f->workspace);
  g_autoptr(HeraldEntity) gateway = NULL;
  g_autoptr(HeraldDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  HeraldEntity *created;

  herald_api_client_find_mqtt_gateway_async (client, NULL, store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  gateway = herald_api_client_entity_finish (client, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  device = herald_device_new (herald_entity_get_id (gateway), alternate_id);
  herald_entity_set_alternate_id (HERALD_ENTITY (device), alternate_id);
  herald_api_client_create_async (client, HERALD_ENTITY (device), NULL, store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  created = herald_api_client_entity_finish (client, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  return created;
}

static void
test_certificate_open (Fixture       *f,
                       gconstpointer  data)
{
  KeyStores k = { NULL, };
  g_autofree char *fingerprint = NULL;
  g_autofree char *expiry_date = NULL;
  g_autoptr(HeraldEntity) device = NULL;
  g_autoptr(HeraldEntity) other = NULL;

  /* The step is the key store of the device in use: two on the service. */
  device = make_device (f, "opened-device");
  other = make_device (f, "another-device");
  herald_workspace_set_device (f->workspace, HERALD_DEVICE (device));

  key_stores_make (&k, "opened-device", "0pen-Sesame");
  openssl_describe (k.cert, &fingerprint, &expiry_date);
  herald_window_show_step (f->window, HERALD_STEP_CERTIFICATE);
  g_assert_false (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "keystore_group")));

  /* Cancelled: nothing changes. */
  open_key_store (f, k.p12, NULL);
  g_assert_null (herald_workspace_get_keystore (f->workspace));

  /* PKCS#12 as OpenSSL 3 writes it. */
  open_key_store (f, k.p12, "0pen-Sesame");
  assert_opened (f, k.p12, "opened-device", fingerprint, expiry_date, "0pen-Sesame");

  /* Another device in use: this key store is not its certificate. */
  herald_workspace_set_device (f->workspace, HERALD_DEVICE (other));
  g_assert_false (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CERTIFICATE));
  herald_workspace_set_device (f->workspace, HERALD_DEVICE (device));
  g_assert_true (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CERTIFICATE));

  /* The same key store from an older tool (legacy encryption). */
  herald_workspace_set_keystore (f->workspace, NULL, NULL);
  open_key_store (f, k.p12_legacy, "0pen-Sesame");
  assert_opened (f, k.p12_legacy, "opened-device", fingerprint, expiry_date, "0pen-Sesame");

  /* PEM: the certificate and the encrypted key in one file. */
  herald_workspace_set_keystore (f->workspace, NULL, NULL);
  open_key_store (f, k.pem, "0pen-Sesame");
  assert_opened (f, k.pem, "opened-device", fingerprint, expiry_date, "0pen-Sesame");

  herald_workspace_set_keystore (f->workspace, NULL, NULL);
  herald_workspace_set_device (f->workspace, NULL);
  key_stores_clear (&k);
}

static void
test_certificate_open_refused (Fixture       *f,
                               gconstpointer  data)
{
  KeyStores k = { NULL, };
  const char *which = data;
  const char *path;
  const char *message;

  key_stores_make (&k, "refused-device", "right-password");
  herald_window_show_step (f->window, HERALD_STEP_CERTIFICATE);

  if (g_str_equal (which, "wrong-password"))
    {
      path = k.p12;
      message = "The password does not open this key store. Use the secret shown when the certificate was generated.";
    }
  else
    {
      path = k.text;
      message = "This file is not a key store.";
    }

  /* The page says what went wrong and what to do, whole; nothing is opened. */
  open_key_store (f, path, "wrong-password");
  herald_test_iterate_until (error_shows (f, message), 10);
  g_assert_null (herald_workspace_get_keystore (f->workspace));
  g_assert_false (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CERTIFICATE));
  g_assert_false (gtk_widget_get_visible (child (f, HERALD_STEP_CERTIFICATE, "keystore_group")));
  g_assert_null (lookup_secret (f, "refused-device"));

  key_stores_clear (&k);
}

/* Forget: a key store that cannot be removed is said, and stays (Forget
 * can be tried again); one the user opened from elsewhere is left alone
 * without a word. */
static void
test_certificate_forget_refused (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *blocker = NULL;
  g_autoptr(GError) error = NULL;
  KeyStores k = { NULL, };
  const char *alternate_id;
  AdwMessageDialog *dialog;

  reach (f, HERALD_STEP_CERTIFICATE);
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) != NULL, 30);
  alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace)));
  path = herald_paths_device_keystore (alternate_id, &error);
  g_assert_no_error (error);
  dir = g_path_get_dirname (path);
  g_assert_cmpstr (herald_profile_get_string (herald_workspace_get_profile (f->workspace), "keystore-path"), ==, path);

  /* In its place a folder that is not empty: it cannot be removed. */
  moved = g_strconcat (path, ".saved", NULL);
  blocker = g_build_filename (path, "keep", NULL);
  g_assert_cmpint (g_rename (path, moved), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_file_set_contents (blocker, "", 0, &error);
  g_assert_no_error (error);

  activate (f, HERALD_STEP_CERTIFICATE, "certificate.forget");
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_iterate_until (error_shows (f, "Could not remove"), 10);
  g_assert_true (error_shows (f, "then try again"));
  g_assert_nonnull (herald_workspace_get_keystore (f->workspace));
  g_assert_cmpstr (herald_profile_get_string (herald_workspace_get_profile (f->workspace), "keystore-path"), ==, path);

  /* Put right, Forget again: the key store and its folder go. */
  g_assert_cmpint (g_remove (blocker), ==, 0);
  g_assert_cmpint (g_rmdir (path), ==, 0);
  g_assert_cmpint (g_rename (moved, path), ==, 0);
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.forget");
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) == NULL, 5);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  /* Its cause gone, the error is too. */
  g_assert_false (error_shows (f, "Could not remove"));
  g_assert_null (herald_page_get_error (HERALD_PAGE (page (f, HERALD_STEP_CERTIFICATE))));

  /* A key store opened from elsewhere: forgotten, the file stays, and
   * nothing is said about it. */
  key_stores_make (&k, "elsewhere-device", "s3cret");
  {
    g_autoptr(GFile) file = g_file_new_for_path (k.p12);
    g_autoptr(HeraldKeystore) keystore = herald_keystore_load_file (file, "s3cret", NULL, &error);

    g_assert_no_error (error);
    herald_workspace_set_keystore (f->workspace, keystore, k.p12);
  }
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.forget");
  dialog = herald_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  herald_test_iterate_until (herald_workspace_get_keystore (f->workspace) == NULL, 5);
  herald_test_drain (100);
  g_assert_true (g_file_test (k.p12, G_FILE_TEST_EXISTS));
  g_assert_false (error_shows (f, "leaves it alone"));
  key_stores_clear (&k);
}

/* A device whose alternate ID cannot name a folder (the service allows
 * ".."): its certificate is not saved, and the page says why. */
static void
test_certificate_unsafe_alternate_id (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(HeraldEntity) device = make_device (f, "..");
  g_autofree char *devices = herald_paths_devices_dir ();
  g_autofree char *outside = NULL;

  g_assert_cmpstr (herald_entity_get_alternate_id (device), ==, "..");
  herald_workspace_set_device (f->workspace, HERALD_DEVICE (device));

  herald_window_show_step (f->window, HERALD_STEP_CERTIFICATE);
  activate (f, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (error_shows (f, "cannot name the folder"), 30);
  herald_test_iterate_until (!herald_page_get_busy (HERALD_PAGE (page (f, HERALD_STEP_CERTIFICATE))), 10);
  g_assert_null (herald_workspace_get_keystore (f->workspace));
  outside = g_build_filename (devices, "..", "client.ks", NULL);
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
}

/* Connect */

static HeraldHistoryItem *
history_find (Fixture            *f,
              HeraldHistoryEvent  event,
              const char         *topic)
{
  GListModel *history = G_LIST_MODEL (herald_workspace_get_history (f->workspace));

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (history, i);

      if (herald_history_item_get_event (item) == event &&
          g_strcmp0 (herald_history_item_get_topic (item), topic) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

static gboolean
history_has (Fixture            *f,
             HeraldHistoryEvent  event,
             const char         *topic)
{
  g_autoptr(HeraldHistoryItem) item = history_find (f, event, topic);

  return item != NULL;
}

/* A button as tall as its one line of text, whatever is beside it. */
static void
assert_one_line_button (GtkWidget *button)
{
  graphene_rect_t bounds;
  int natural = 0;

  /* The border box, as the button's natural size counts it. */
  g_assert_true (gtk_widget_compute_bounds (button, button, &bounds));
  gtk_widget_measure (button, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpfloat (bounds.size.height, ==, natural);
}

/* Connect and Disconnect sit above the advanced options, and Connect is
 * the suggested action only while there is no connection. */
static void
assert_connect_buttons (Fixture  *f,
                        gboolean  suggested)
{
  GtkWidget *connect_button = child (f, HERALD_STEP_CONNECT, "connect_button");
  GtkWidget *advanced = gtk_widget_get_ancestor (child (f, HERALD_STEP_CONNECT, "version_row"), ADW_TYPE_PREFERENCES_GROUP);
  graphene_point_t button_top;
  graphene_point_t advanced_top;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_compute_point (connect_button, GTK_WIDGET (f->window), &GRAPHENE_POINT_INIT (0, 0), &button_top));
  g_assert_true (gtk_widget_compute_point (advanced, GTK_WIDGET (f->window), &GRAPHENE_POINT_INIT (0, 0), &advanced_top));
  g_assert_cmpfloat (button_top.y, <, advanced_top.y);
  g_assert_true (gtk_widget_has_css_class (connect_button, "suggested-action") == suggested);
  g_assert_false (gtk_widget_has_css_class (child (f, HERALD_STEP_CONNECT, "disconnect_button"), "suggested-action"));
  assert_one_line_button (connect_button);
  assert_one_line_button (child (f, HERALD_STEP_CONNECT, "disconnect_button"));
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  HeraldMqttSession *session = herald_workspace_get_session (f->workspace);
  GtkWidget *server_row = child (f, HERALD_STEP_CONNECT, "server_row");
  GtkWidget *state_label = child (f, HERALD_STEP_CONNECT, "state_label");
  GtkListBoxRow *row;
  g_autofree char *commands = NULL;
  g_autofree char *uri = NULL;
  const char *alternate_id;

  reach (f, HERALD_STEP_CONNECT);
  herald_window_show_step (f->window, HERALD_STEP_CONNECT);
  alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace)));
  commands = g_strdup_printf ("commands/%s", alternate_id);

  /* Prefilled from the sandbox and the device. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==, herald_test_sandbox_get_mqtt_uri (f->sandbox));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "client_row"))), ==, alternate_id);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (f, HERALD_STEP_CONNECT, "subscriptions_list")), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, commands);

  /* A URI without a scheme is refused, saying how to write one. */
  uri = g_strdup (gtk_editable_get_text (GTK_EDITABLE (server_row)));
  gtk_editable_set_text (GTK_EDITABLE (server_row), uri + strlen ("ssl://"));
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_FAILED, 10);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (state_label)), "is not a server URI"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (state_label)), "ssl://host:8883"));
  /* The error wraps beside the buttons, which keep one line. */
  assert_connect_buttons (f, TRUE);
  g_assert_cmpint (gtk_widget_get_height (state_label), >, 2 * gtk_widget_get_height (child (f, HERALD_STEP_CONNECT, "connect_button")));

  /* A last will to a topic no message can go to is refused, naming it. */
  gtk_editable_set_text (GTK_EDITABLE (server_row), uri);
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "will_topic_row")), "measures/#");
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (error_shows (f, "The last will cannot be used: “measures/#” is not a topic to publish to"), 10);
  g_assert_true (gtk_widget_has_css_class (child (f, HERALD_STEP_CONNECT, "will_topic_row"), "error"));
  g_assert_cmpint (herald_mqtt_session_get_state (session), !=, HERALD_MQTT_STATE_CONNECTING);
  g_assert_null (herald_mqtt_session_get_will_topic (session));

  /* The right one connects, with the device's last will on its measures
   * topic (the sandbox's broker lets a device publish only there). */
  {
    g_autofree char *measures = g_strdup_printf ("measures/%s", alternate_id);

    gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "will_topic_row")), measures);
    gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "will_message_row")), "{\"online\": false}");
    activate (f, HERALD_STEP_CONNECT, "connect.connect");
    herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 30);
    g_assert_cmpstr (herald_mqtt_session_get_will_topic (session), ==, measures);
    g_assert_false (gtk_widget_has_css_class (child (f, HERALD_STEP_CONNECT, "will_topic_row"), "error"));
  }
  /* Session expiry is MQTT 5's: not to be set for 3.1.1. */
  g_assert_false (gtk_widget_get_sensitive (child (f, HERALD_STEP_CONNECT, "expiry_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, HERALD_STEP_CONNECT, "version_row")), 1);
  g_assert_true (gtk_widget_get_sensitive (child (f, HERALD_STEP_CONNECT, "expiry_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, HERALD_STEP_CONNECT, "version_row")), 0);
  herald_test_iterate_until (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (state_label)), "Connected to"), 5);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (state_label)), uri));
  g_assert_true (herald_workspace_get_step_complete (f->workspace, HERALD_STEP_CONNECT));
  assert_connect_buttons (f, FALSE);

  /* The history shows the QoS the broker granted for commands/<id>. */
  herald_test_iterate_until (history_has (f, HERALD_HISTORY_EVENT_SUBSCRIBED, commands), 10);
  {
    g_autoptr(HeraldHistoryItem) subscribed = history_find (f, HERALD_HISTORY_EVENT_SUBSCRIBED, commands);
    g_assert_cmpuint (herald_history_item_get_qos (subscribed), ==, 1);
  }

  herald_mqtt_session_disconnect (session);
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_DISCONNECTED, 10);
  assert_connect_buttons (f, TRUE);
}

/* The local sandbox restarted on other ports: the Connect page shows where
 * its broker is now, even over what it showed before. */
static void
test_connect_sandbox_moved (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autofree char *old_uri = g_strdup (herald_test_sandbox_get_mqtt_uri (f->sandbox));
  g_autoptr(GError) error = NULL;
  GtkWidget *server_row = child (f, HERALD_STEP_CONNECT, "server_row");
  GtkWidget *ca_row = child (f, HERALD_STEP_CONNECT, "ca_row");
  GtkWidget *trust_row = child (f, HERALD_STEP_CONNECT, "trust_row");

  herald_window_show_step (f->window, HERALD_STEP_CONNECT);
  g_assert_true (herald_profile_get_use_sandbox (herald_workspace_get_profile (f->workspace)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==, old_uri);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ca_row)), ==, herald_test_sandbox_get_ca_file (f->sandbox));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (trust_row)), ==, 2);

  /* Stopped, then started again on the same data, on other ports. */
  g_assert_cmpint (herald_test_sandbox_stop (f->sandbox), ==, 0);
  g_clear_pointer (&f->sandbox, herald_test_sandbox_free);
  f->sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_test_sandbox_get_mqtt_uri (f->sandbox), !=, old_uri);

  herald_test_iterate_until (g_strcmp0 (herald_profile_get_string (herald_workspace_get_profile (f->workspace), "mqtt-uri"),
                                        herald_test_sandbox_get_mqtt_uri (f->sandbox)) == 0, 30);
  herald_test_drain (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==, herald_test_sandbox_get_mqtt_uri (f->sandbox));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ca_row)), ==, herald_test_sandbox_get_ca_file (f->sandbox));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (trust_row)), ==, 2);

  /* The profile's broker, whatever changed it, is the one shown. */
  herald_profile_set_string (herald_workspace_get_profile (f->workspace), "mqtt-uri", "ssl://localhost:1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==, "ssl://localhost:1");
}

/* Without a key store the device cannot connect over TLS, whatever the
 * scheme names it: the page says where to get one, and does not try. */
static void
test_connect_needs_keystore (Fixture       *f,
                             gconstpointer  data)
{
  HeraldMqttSession *session = herald_workspace_get_session (f->workspace);
  GtkWidget *server_row = child (f, HERALD_STEP_CONNECT, "server_row");
  const char *uris[] = { "wss://localhost:1/mqtt", "mqtts://localhost:1", "SSL://localhost:1" };

  herald_window_show_step (f->window, HERALD_STEP_CONNECT);
  g_assert_null (herald_workspace_get_keystore (f->workspace));
  gtk_editable_set_text (GTK_EDITABLE (child (f, HERALD_STEP_CONNECT, "client_row")), "no-keystore");

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (server_row), uris[i]);
      activate (f, HERALD_STEP_CONNECT, "connect.connect");
      herald_test_iterate_until (error_shows (f, "The device needs its key store to connect"), 10);
      g_assert_cmpint (herald_mqtt_session_get_state (session), ==, HERALD_MQTT_STATE_DISCONNECTED);
    }
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  herald_api_client_delete_finish (HERALD_API_CLIENT (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* The device the connection acts as is deleted on the service: the Connect
 * page says so where it shows the connection's state, and what to do. */
static void
test_connect_device_deleted (Fixture       *f,
                             gconstpointer  data)
{
  HeraldMqttSession *session = herald_workspace_get_session (f->workspace);
  HeraldConnection *connection = herald_workspace_get_device_connection (f->workspace);
  GtkWidget *state_label = child (f, HERALD_STEP_CONNECT, "state_label");
  const char *problem = "This device was deleted; its certificate is revoked. Create a device and get its certificate.";
  gboolean done = FALSE;

  reach (f, HERALD_STEP_CONNECT);
  activate (f, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED, 30);
  g_assert_false (gtk_widget_has_css_class (state_label, "error"));

  /* Deleted by someone else: the workspace finds out from the service. */
  herald_api_client_delete_async (herald_workspace_get_client (f->workspace), HERALD_TYPE_DEVICE,
                                  herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (f->workspace))),
                                  NULL, deleted_cb, &done);
  herald_test_iterate_until (done, 20);
  herald_workspace_check_entities (f->workspace);
  herald_test_iterate_until (herald_connection_get_problem (connection) != NULL, 30);
  g_assert_cmpstr (herald_connection_get_problem (connection), ==, problem);

  herald_test_drain (100);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (state_label)), ==, problem);
  g_assert_true (gtk_widget_has_css_class (state_label, "error"));
  g_assert_true (gtk_widget_get_mapped (state_label));

  /* Gone once a device is in use again. */
  herald_connection_set_problem (connection, NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (state_label)), ==, "Disconnected");
  g_assert_false (gtk_widget_has_css_class (state_label, "error"));
}

int
main (int   argc,
      char *argv[])
{
  /* The file chooser needs GTK's own settings schema, which the isolated
   * XDG_DATA_DIRS would hide: read the schema directories first. */
  g_settings_schema_source_get_default ();
  herald_test_gtk_init (&argc, &argv);
  /* It also adds the file it opens to the recent files, which GTK writes
   * a little later, maybe in the next test, where the directory of the
   * test that made the list is gone: make the list where all tests share
   * it (the isolated directories' root, there until the end). */
  gtk_recent_manager_get_default ();

  g_test_add ("/pages/capability", Fixture, NULL, fixture_set_up, test_capability, fixture_tear_down);
  g_test_add ("/pages/sensor-type", Fixture, NULL, fixture_set_up, test_sensor_type, fixture_tear_down);
  g_test_add ("/pages/device", Fixture, NULL, fixture_set_up, test_device, fixture_tear_down);
  g_test_add ("/pages/sensor", Fixture, NULL, fixture_set_up, test_sensor, fixture_tear_down);
  g_test_add ("/pages/certificate-pem", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_certificate, fixture_tear_down);
  g_test_add ("/pages/certificate-p12", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_certificate, fixture_tear_down);
  g_test_add ("/pages/certificate-revoke", Fixture, NULL, fixture_set_up, test_certificate_revoke, fixture_tear_down);
  g_test_add ("/pages/certificate-expiring", Fixture, NULL, fixture_set_up, test_certificate_expiring, fixture_tear_down);
  g_test_add ("/pages/certificate-open", Fixture, NULL, fixture_set_up, test_certificate_open, fixture_tear_down);
  g_test_add ("/pages/certificate-open-wrong-password", Fixture, "wrong-password", fixture_set_up, test_certificate_open_refused, fixture_tear_down);
  g_test_add ("/pages/certificate-open-not-a-keystore", Fixture, "not-a-keystore", fixture_set_up, test_certificate_open_refused, fixture_tear_down);
  g_test_add ("/pages/certificate-forget-refused", Fixture, NULL, fixture_set_up, test_certificate_forget_refused, fixture_tear_down);
  g_test_add ("/pages/certificate-unsafe-alternate-id", Fixture, NULL, fixture_set_up, test_certificate_unsafe_alternate_id, fixture_tear_down);
  g_test_add ("/pages/connect", Fixture, NULL, fixture_set_up, test_connect, fixture_tear_down);
  g_test_add ("/pages/connect-needs-keystore", Fixture, NULL, fixture_set_up, test_connect_needs_keystore, fixture_tear_down);
  g_test_add ("/pages/connect-sandbox-moved", Fixture, NULL, fixture_set_up, test_connect_sandbox_moved, fixture_tear_down);
  g_test_add ("/pages/connect-device-deleted", Fixture, NULL, fixture_set_up, test_connect_device_deleted, fixture_tear_down);

  return g_test_run ();
}

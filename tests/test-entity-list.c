/* test-entity-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldEntityList against a real herald-sandbox: it loads, loads again
 * when its filter, sensor type or client changes, never shows an older
 * load's answer, says why a load failed, and says when it loads.
 */

#include "config.h"

#include <string.h>

#include "herald-entity-list.h"
#include "herald-odata.h"
#include "herald-test-sandbox.h"

typedef struct
{
  HeraldTestSandbox *sandbox;
  HeraldApiClient   *client;
} Fixture;

/* What a list did, in order: "T" and "F" for each notify::loading, "c" for
 * each items-changed while it loads, "C" for one while it does not. A load
 * is "TcF" (or "TF" when the items stay none). */
typedef struct
{
  GString *events;
} Seen;

/* Waiting ------------------------------------------------------------------ */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(cond, seconds) G_STMT_START {                                  \
    gboolean timed_out_ = FALSE;                                                  \
    guint id_ = g_timeout_add_seconds (seconds, timeout_cb, &timed_out_);         \
    while (!(cond) && !timed_out_)                                                \
      g_main_context_iteration (NULL, TRUE);                                      \
    if (!timed_out_)                                                              \
      g_source_remove (id_);                                                      \
    if (!(cond))                                                                  \
      g_error ("Timed out after %d s waiting for %s", seconds, #cond);            \
  } G_STMT_END

/* Runs the main loop for @ms: time for a late answer to arrive. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Fixture ----------------------------------------------------------------- */

static HeraldApiClient *
new_client (Fixture    *f,
            const char *password)
{
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  HeraldApiClient *client;

  config = herald_service_config_new (herald_test_sandbox_get_api_url (f->sandbox),
                                      herald_test_sandbox_get_user (f->sandbox), password);
  herald_service_config_set_use_system_proxy (config, FALSE);
  client = herald_api_client_new (config, &error);
  g_assert_no_error (error);

  return client;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sandbox = herald_test_sandbox_start ("classic", &error);
  g_assert_no_error (error);
  f->client = new_client (f, herald_test_sandbox_get_password (f->sandbox));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  settle (100);
  g_assert_finalize_object (f->client);
  herald_test_sandbox_free (f->sandbox);
}

static gpointer
create (Fixture  *f,
        gpointer  entity)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gpointer created;

  herald_api_client_create_async (f->client, entity, NULL, store_result, &result);
  WAIT_UNTIL (result != NULL, 30);
  created = herald_api_client_entity_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_object_unref (entity);

  return created;
}

static HeraldCapability *
create_capability (Fixture    *f,
                   const char *name)
{
  HeraldCapability *capability = herald_capability_new (name);
  g_autoptr(HeraldProperty) property = herald_property_new ("Value", HERALD_DATA_TYPE_BOOLEAN, NULL);

  herald_capability_add_property (capability, property);
  return create (f, capability);
}

static HeraldDevice *
create_device (Fixture    *f,
               const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldGateway) gateway = NULL;

  herald_api_client_find_mqtt_gateway_async (f->client, NULL, store_result, &result);
  WAIT_UNTIL (result != NULL, 30);
  gateway = herald_api_client_entity_finish (f->client, result, &error);
  g_assert_no_error (error);

  return create (f, herald_device_new (herald_entity_get_id (HERALD_ENTITY (gateway)), name));
}

static const char *
id_of (gpointer entity)
{
  return herald_entity_get_id (HERALD_ENTITY (entity));
}

static HeraldSensorType *
create_sensor_type (Fixture *f)
{
  g_autoptr(HeraldCapability) capability = create_capability (f, "Lights");
  HeraldSensorType *sensor_type = herald_sensor_type_new ("Panel");

  herald_sensor_type_add_capability (sensor_type, id_of (capability), "command");
  return create (f, sensor_type);
}

static char *
device_filter (HeraldDevice *device)
{
  g_autofree char *quoted = herald_odata_quote (id_of (device));

  return g_strdup_printf ("deviceId eq %s", quoted);
}

/* The names of @list's items, joined by ",". */
static char *
names (HeraldEntityList *list)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(HeraldEntity) entity = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, herald_entity_get_name (entity));
    }

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Seen       *seen)
{
  g_assert_cmpuint (position, ==, 0);
  g_string_append_c (seen->events, herald_entity_list_get_loading (HERALD_ENTITY_LIST (model)) ? 'c' : 'C');
}

static void
loading_cb (HeraldEntityList *list,
            GParamSpec       *pspec,
            Seen             *seen)
{
  g_string_append_c (seen->events, herald_entity_list_get_loading (list) ? 'T' : 'F');
}

static void
watch (HeraldEntityList *list,
       Seen             *seen)
{
  seen->events = g_string_new (NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), seen);
  g_signal_connect (list, "notify::loading", G_CALLBACK (loading_cb), seen);
}

static void
forget (Seen *seen)
{
  g_string_truncate (seen->events, 0);
}

static void
wait_loaded (HeraldEntityList *list)
{
  WAIT_UNTIL (!herald_entity_list_get_loading (list), 30);
}

/* Tests ------------------------------------------------------------------- */

static void
test_loads (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HeraldDevice) alpha = create_device (f, "Alpha");
  g_autoptr(HeraldDevice) beta = create_device (f, "Beta");
  g_autoptr(HeraldEntityList) list = herald_entity_list_new (HERALD_TYPE_DEVICE, NULL);
  g_autofree char *listed = NULL;
  g_autofree char *again = NULL;
  Seen seen = { 0 };

  watch (list, &seen);

  /* Without a client: nothing to load. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == HERALD_TYPE_DEVICE);
  g_assert_false (herald_entity_list_get_loading (list));
  g_assert_null (herald_entity_list_get_error (list));

  /* A client: it loads at once, and says so until the answer. */
  herald_entity_list_set_client (list, f->client);
  g_assert_true (herald_entity_list_get_loading (list));
  g_assert_cmpstr (seen.events->str, ==, "T");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_loaded (list);
  g_assert_cmpstr (seen.events->str, ==, "TcF");
  g_assert_null (herald_entity_list_get_error (list));
  listed = names (list);
  g_assert_cmpstr (listed, ==, "Alpha,Beta");
  g_assert_cmpuint (herald_entity_list_find (list, id_of (beta)), ==, 1);
  g_assert_cmpuint (herald_entity_list_find (list, "no such id"), ==, G_MAXUINT);

  /* Reloaded: the old items stay until the new ones replace them, at once. */
  forget (&seen);
  herald_entity_list_reload (list);
  g_assert_true (herald_entity_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  wait_loaded (list);
  g_assert_cmpstr (seen.events->str, ==, "TcF");
  again = names (list);
  g_assert_cmpstr (again, ==, "Alpha,Beta");

  /* The client taken away: empty at once, nothing loads. */
  forget (&seen);
  herald_entity_list_set_client (list, NULL);
  g_assert_false (herald_entity_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpstr (seen.events->str, ==, "C");
  g_string_free (seen.events, TRUE);
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HeraldDevice) alpha = create_device (f, "Alpha");
  g_autoptr(HeraldDevice) beta = create_device (f, "Beta");
  g_autoptr(HeraldSensorType) sensor_type = create_sensor_type (f);
  g_autoptr(HeraldSensor) a1 = create (f, herald_sensor_new (id_of (alpha), "A1", id_of (sensor_type)));
  g_autoptr(HeraldSensor) b1 = create (f, herald_sensor_new (id_of (beta), "B1", id_of (sensor_type)));
  g_autoptr(HeraldSensor) b2 = create (f, herald_sensor_new (id_of (beta), "B2", id_of (sensor_type)));
  g_autoptr(HeraldEntityList) list = herald_entity_list_new (HERALD_TYPE_SENSOR, NULL);
  g_autofree char *alpha_filter = device_filter (alpha);
  g_autofree char *beta_filter = device_filter (beta);
  Seen seen = { 0 };

  watch (list, &seen);

  /* The filter set first: the list loads once, when it gets its client. */
  herald_entity_list_set_filter (list, alpha_filter);
  g_assert_false (herald_entity_list_get_loading (list));
  herald_entity_list_set_client (list, f->client);
  wait_loaded (list);
  g_assert_cmpstr (seen.events->str, ==, "TcF");
  g_assert_cmpuint (herald_entity_list_find (list, id_of (a1)), !=, G_MAXUINT);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(HeraldSensor) sensor = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_cmpstr (herald_sensor_get_device_id (sensor), ==, id_of (alpha));
    }

  /* A new filter loads again: Beta's sensors only. */
  forget (&seen);
  herald_entity_list_set_filter (list, beta_filter);
  g_assert_cmpstr (herald_entity_list_get_filter (list), ==, beta_filter);
  g_assert_true (herald_entity_list_get_loading (list));
  wait_loaded (list);
  g_assert_cmpstr (seen.events->str, ==, "TcF");
  g_assert_cmpuint (herald_entity_list_find (list, id_of (a1)), ==, G_MAXUINT);
  g_assert_cmpuint (herald_entity_list_find (list, id_of (b1)), !=, G_MAXUINT);
  g_assert_cmpuint (herald_entity_list_find (list, id_of (b2)), !=, G_MAXUINT);

  /* The same filter again: nothing to do. */
  forget (&seen);
  herald_entity_list_set_filter (list, beta_filter);
  g_assert_false (herald_entity_list_get_loading (list));
  g_assert_cmpstr (seen.events->str, ==, "");
  g_string_free (seen.events, TRUE);
}

/* A newer load cancels an older one, whose answer never shows, however it
 * ends: the list ends once, with the newer answer. */
static void
test_newer_wins (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HeraldDevice) alpha = create_device (f, "Alpha");
  g_autoptr(HeraldDevice) beta = create_device (f, "Beta");
  g_autoptr(HeraldSensorType) sensor_type = create_sensor_type (f);
  g_autoptr(HeraldSensor) a1 = create (f, herald_sensor_new (id_of (alpha), "A1", id_of (sensor_type)));
  g_autoptr(HeraldSensor) b1 = create (f, herald_sensor_new (id_of (beta), "B1", id_of (sensor_type)));
  g_autoptr(HeraldEntityList) list = herald_entity_list_new (HERALD_TYPE_SENSOR, f->client);
  g_autofree char *alpha_filter = device_filter (alpha);
  g_autofree char *beta_filter = device_filter (beta);
  Seen seen = { 0 };

  /* All sensors, then Alpha's, then Beta's, each before the last answered. */
  watch (list, &seen);
  herald_entity_list_set_filter (list, alpha_filter);
  herald_entity_list_set_filter (list, beta_filter);
  wait_loaded (list);
  settle (500);

  g_assert_cmpstr (seen.events->str, ==, "cF");
  g_assert_null (herald_entity_list_get_error (list));
  g_assert_cmpuint (herald_entity_list_find (list, id_of (b1)), !=, G_MAXUINT);
  g_assert_cmpuint (herald_entity_list_find (list, id_of (a1)), ==, G_MAXUINT);

  /* The client taken away while it loads: the answer never shows. */
  forget (&seen);
  herald_entity_list_reload (list);
  herald_entity_list_set_client (list, NULL);
  g_assert_false (herald_entity_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  settle (500);
  g_assert_cmpstr (seen.events->str, ==, "TcF");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (herald_entity_list_get_error (list));
  g_string_free (seen.events, TRUE);
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HeraldDevice) alpha = create_device (f, "Alpha");
  g_autoptr(HeraldApiClient) wrong = new_client (f, "not the password");
  g_autoptr(HeraldEntityList) list = herald_entity_list_new (HERALD_TYPE_DEVICE, f->client);
  const char *message;
  Seen seen = { 0 };

  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* A wrong password: the list empties and says what went wrong and what
   * to do. */
  watch (list, &seen);
  herald_entity_list_set_client (list, wrong);
  wait_loaded (list);
  message = herald_entity_list_get_error (list);
  g_test_message ("%s", message);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "The devices could not be loaded. "));
  g_assert_nonnull (strstr (message, "Check the user and password"));
  g_assert_true (g_str_has_suffix (message, " Then try again with Refresh."));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpstr (seen.events->str, ==, "TcF");

  /* The right client again: the error goes as the load starts. */
  herald_entity_list_set_client (list, f->client);
  g_assert_null (herald_entity_list_get_error (list));
  wait_loaded (list);
  g_assert_null (herald_entity_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* The service gone: the error says so. */
  g_assert_cmpint (herald_test_sandbox_stop (f->sandbox), ==, 0);
  herald_entity_list_reload (list);
  wait_loaded (list);
  message = herald_entity_list_get_error (list);
  g_test_message ("%s", message);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "The devices could not be loaded. "));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_string_free (seen.events, TRUE);
}

/* The composer's capabilities: a sensor type's command capabilities, in
 * its order, each once; not its measure ones. */
static void
test_commands (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HeraldCapability) lights = create_capability (f, "Lights");
  g_autoptr(HeraldCapability) display = create_capability (f, "Display");
  g_autoptr(HeraldCapability) temperature = create_capability (f, "Temperature");
  g_autoptr(HeraldSensorType) panel = herald_sensor_type_new ("Panel");
  g_autoptr(HeraldSensorType) probe = herald_sensor_type_new ("Probe");
  g_autoptr(HeraldEntityList) list = herald_entity_list_new (HERALD_TYPE_CAPABILITY, f->client);
  g_autofree char *all = NULL;
  g_autofree char *commands = NULL;
  g_autofree char *filtered = NULL;
  g_autofree char *filter = NULL;
  Seen seen = { 0 };

  herald_sensor_type_add_capability (panel, id_of (display), "command");
  herald_sensor_type_add_capability (panel, id_of (temperature), "measure");
  herald_sensor_type_add_capability (panel, id_of (lights), "command");
  panel = create (f, g_steal_pointer (&panel));
  herald_sensor_type_add_capability (probe, id_of (temperature), "measure");
  probe = create (f, g_steal_pointer (&probe));

  /* Without a sensor type: every capability. */
  wait_loaded (list);
  all = names (list);
  g_assert_cmpstr (all, ==, "Lights,Display,Temperature");

  /* With one: its command capabilities, in its order. */
  watch (list, &seen);
  herald_entity_list_set_sensor_type_id (list, id_of (panel));
  g_assert_true (herald_entity_list_get_loading (list));
  wait_loaded (list);
  g_assert_null (herald_entity_list_get_error (list));
  commands = names (list);
  g_assert_cmpstr (commands, ==, "Display,Lights");
  g_assert_cmpstr (seen.events->str, ==, "TcF");

  /* The filter narrows the capabilities listed. */
  {
    g_autofree char *quoted = herald_odata_quote ("Lights");

    filter = g_strdup_printf ("name eq %s", quoted);
  }
  herald_entity_list_set_filter (list, filter);
  wait_loaded (list);
  filtered = names (list);
  g_assert_cmpstr (filtered, ==, "Lights");
  herald_entity_list_set_filter (list, NULL);

  /* A sensor type without command capabilities: none. */
  herald_entity_list_set_sensor_type_id (list, id_of (probe));
  wait_loaded (list);
  g_assert_null (herald_entity_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* The device side's: its measure capabilities. */
  herald_entity_list_set_usage (list, "measure");
  g_assert_true (herald_entity_list_get_loading (list));
  wait_loaded (list);
  {
    g_autofree char *measures = names (list);

    g_assert_cmpstr (measures, ==, "Temperature");
  }
  herald_entity_list_set_sensor_type_id (list, id_of (panel));
  wait_loaded (list);
  {
    g_autofree char *measures = names (list);

    g_assert_cmpstr (measures, ==, "Temperature");
  }
  herald_entity_list_set_usage (list, "command");
  wait_loaded (list);
  {
    g_autofree char *again = names (list);

    g_assert_cmpstr (again, ==, "Display,Lights");
  }

  /* A sensor type that is gone: said. */
  herald_entity_list_set_sensor_type_id (list, "4711");
  wait_loaded (list);
  g_test_message ("%s", herald_entity_list_get_error (list));
  g_assert_true (g_str_has_prefix (herald_entity_list_get_error (list), "The sensor’s type could not be loaded. "));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_string_free (seen.events, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/entity-list/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("loads", test_loads);
  ADD ("filter", test_filter);
  ADD ("newer-wins", test_newer_wins);
  ADD ("error", test_error);
  ADD ("commands", test_commands);

  return g_test_run ();
}

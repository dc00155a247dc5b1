/* test-api-config.c: HeraldServiceConfig and the service-key reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "herald-api-client.h"

static void
test_defaults (void)
{
  g_autoptr(HeraldServiceConfig) config =
    herald_service_config_new (" https://host.example/iot/core/api/v1/tenant/42/// ", "root", "pw");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (herald_service_config_get_api_url (config), ==, "https://host.example/iot/core/api/v1/tenant/42");
  g_assert_cmpuint (herald_service_config_get_connect_timeout (config), ==, 10);
  g_assert_cmpuint (herald_service_config_get_request_timeout (config), ==, 30);
  g_assert_true (herald_service_config_get_tls_verify (config));
  g_assert_true (herald_service_config_get_use_system_proxy (config));
  g_assert_null (herald_service_config_get_ca_file (config));
  g_assert_true (herald_service_config_check (config, &error));
  g_assert_no_error (error);
}

static void
test_check (void)
{
  static const char *bad_urls[] = { NULL, "", "host.example/iot", "ftp://host/iot/core/api/v1", "https:///x" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autoptr(HeraldServiceConfig) config = herald_service_config_new (bad_urls[i], "root", "pw");
      g_autoptr(HeraldApiClient) client = NULL;
      g_autoptr(GError) error = NULL;

      client = herald_api_client_new (config, &error);
      g_assert_null (client);
      g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG);
      g_assert_nonnull (strstr (error->message, "API URL"));
    }

  {
    g_autoptr(HeraldServiceConfig) config = herald_service_config_new ("http://127.0.0.1:1/iot/core/api/v1", NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (herald_service_config_check (config, &error));
    g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG);
    g_assert_nonnull (strstr (error->message, "user"));
  }
}

/* Where the MQTT gateway is, from the API URL alone. */
static void
test_mqtt_uri (void)
{
  static const struct {
    const char *api_url;
    const char *mqtt_uri;
  } cases[] = {
    { "https://host.example/iot/core/api/v1", "ssl://host.example:8883" },
    { "https://host.example:8443/iot/core/api/v1/tenant/42", "ssl://host.example:8883" },
    { "http://127.0.0.1:35415/iot/core/api/v1", "ssl://127.0.0.1:8883" },
    { "https://[2001:db8::1]:443/iot/core/api/v1", "ssl://[2001:db8::1]:8883" },
    { "host.example/iot", NULL },
    { "https:///x", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *mqtt_uri = herald_service_config_guess_mqtt_uri (cases[i].api_url);

      g_assert_cmpstr (mqtt_uri, ==, cases[i].mqtt_uri);
    }

  {
    g_autofree char *url = herald_service_config_normalize_api_url (" https://host.example/iot/core/api/v1// \n");

    g_assert_cmpstr (url, ==, "https://host.example/iot/core/api/v1");
  }
}

static void
test_service_keys (void)
{
  static const struct {
    const char *key;
    const char *api_url;
    const char *user;
    const char *password;
    const char *instance_id;
    const char *tenant_id;
  } cases[] = {
    /* The spec's example shape. */
    { "{\"instanceId\": \"1a2b3c\", \"tenantId\": \"4f2a\","
      " \"cockpitUrl\": \"https://1a2b3c.eu10.cp.iot.sap/1a2b3c/iot/cockpit/\","
      " \"username\": \"root\", \"password\": \"pw1\"}",
      "https://1a2b3c.eu10.cp.iot.sap/iot/core/api/v1/tenant/4f2a", "root", "pw1", "1a2b3c", "4f2a" },
    /* No tenant: the classic root. */
    { "{\"instanceId\": \"1a2b3c\", \"cockpitUrl\": \"https://1a2b3c.eu10.cp.iot.sap/iot/cockpit/\","
      " \"username\": \"root\", \"password\": \"pw2\"}",
      "https://1a2b3c.eu10.cp.iot.sap/iot/core/api/v1", "root", "pw2", "1a2b3c", NULL },
    /* A client id and secret, a bare host. */
    { "{\"clientId\": \"sb-iot\", \"clientSecret\": \"cs\", \"host\": \"demo.eu10.cp.iot.sap\"}",
      "https://demo.eu10.cp.iot.sap/iot/core/api/v1", "sb-iot", "cs", NULL, NULL },
    /* A host with scheme and port, wrapped in "credentials". */
    { "{\"credentials\": {\"username\": \"u\", \"password\": \"p\", \"host\": \"http://127.0.0.1:8443/\","
      " \"tenantId\": \"t 1\"}}",
      "http://127.0.0.1:8443/iot/core/api/v1/tenant/t%201", "u", "p", NULL, "t 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HeraldServiceConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      config = herald_service_config_new_from_service_key (cases[i].key, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (herald_service_config_get_api_url (config), ==, cases[i].api_url);
      g_assert_cmpstr (herald_service_config_get_user (config), ==, cases[i].user);
      g_assert_cmpstr (herald_service_config_get_password (config), ==, cases[i].password);
      g_assert_cmpstr (herald_service_config_get_instance_id (config), ==, cases[i].instance_id);
      g_assert_cmpstr (herald_service_config_get_tenant_id (config), ==, cases[i].tenant_id);
      g_assert_true (herald_service_config_check (config, NULL));
    }
}

static void
test_service_key_errors (void)
{
  static const struct {
    const char *key;
    const char *names;
  } cases[] = {
    { "{\"password\": \"p\", \"cockpitUrl\": \"https://h/\"}", "“username”" },
    { "{\"username\": \"u\", \"cockpitUrl\": \"https://h/\"}", "“password”" },
    { "{\"clientId\": \"c\", \"host\": \"h\"}", "“clientSecret”" },
    { "{\"clientSecret\": \"s\", \"host\": \"h\"}", "“clientId”" },
    { "{\"username\": \"u\", \"password\": \"p\", \"instanceId\": \"i\"}", "“cockpitUrl”" },
    { "{\"username\": \"u\", \"password\": 5, \"host\": \"h\"}", "“password”" },
    { "{\"username\": \"u\", \"password\": \"p\", \"cockpitUrl\": \"https://\"}", "“cockpitUrl”" },
    { "{\"username\": \"u\", \"password\": \"p\", \"host\": \"h\", \"tenantId\": 7}", "“tenantId”" },
    { "\"username\"", "JSON object" },
    { "{\"username\": \"u\",", "cannot be read" },
    { "{\"username\": \"u\"} {\"password\": \"p\"}", "after the value" },
    { "{\"username\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "64 levels" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HeraldServiceConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      config = herald_service_config_new_from_service_key (cases[i].key, &error);
      g_assert_null (config);
      g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_CONFIG);
      g_test_message ("%s: %s", cases[i].key, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].names));
    }
}

static void
test_client_copies_config (void)
{
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new ("http://127.0.0.1:1/iot/core/api/v1", "root", "pw");
  g_autoptr(HeraldApiClient) client = NULL;

  client = herald_api_client_new (config, NULL);
  g_assert_nonnull (client);
  herald_service_config_set_user (config, "other");
  g_assert_cmpstr (herald_service_config_get_user (herald_api_client_get_config (client)), ==, "root");
  g_assert_cmpuint (herald_api_client_get_page_size (client), ==, 100);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/api/config/defaults", test_defaults);
  g_test_add_func ("/api/config/check", test_check);
  g_test_add_func ("/api/config/mqtt-uri", test_mqtt_uri);
  g_test_add_func ("/api/config/service-keys", test_service_keys);
  g_test_add_func ("/api/config/service-key-errors", test_service_key_errors);
  g_test_add_func ("/api/config/client-copies-config", test_client_copies_config);

  return g_test_run ();
}

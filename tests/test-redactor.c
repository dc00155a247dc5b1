/* test-redactor.c
 *
 * Presentation mode's masking of hosts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-redactor.h"

#define M HERALD_REDACTOR_MASK

static void
assert_masked (HeraldRedactor *redactor,
               const char     *text,
               const char     *expected)
{
  g_autofree char *masked = herald_redactor_mask (redactor, text);

  g_assert_cmpstr (masked, ==, expected);
}

static void
count_changes (HeraldRedactor *redactor,
               guint          *changes)
{
  (*changes)++;
}

static void
test_inactive (void)
{
  g_autoptr(HeraldRedactor) redactor = herald_redactor_new ();
  const char *addresses[] = { "https://iot.tenant.example/iot/core/api/v1", NULL };

  herald_redactor_set_addresses (redactor, addresses);
  g_assert_false (herald_redactor_get_active (redactor));
  assert_masked (redactor, "curl https://iot.tenant.example/iot/core/api/v1/capabilities",
                 "curl https://iot.tenant.example/iot/core/api/v1/capabilities");
  assert_masked (redactor, NULL, NULL);
}

static void
test_urls (void)
{
  g_autoptr(HeraldRedactor) redactor = herald_redactor_new ();
  guint changes = 0;

  g_signal_connect (redactor, "changed", G_CALLBACK (count_changes), &changes);
  herald_redactor_set_active (redactor, TRUE);
  herald_redactor_set_active (redactor, TRUE);
  g_assert_cmpuint (changes, ==, 1);

  /* Any URL's host, known or not, with its user information. */
  assert_masked (redactor, "curl -X POST 'https://iot.tenant.example/iot/core/api/v1/capabilities'",
                 "curl -X POST 'https://" M "/iot/core/api/v1/capabilities'");
  assert_masked (redactor, "ssl://user:pw@mqtt.tenant.example:8883",
                 "ssl://" M ":8883");
  assert_masked (redactor, "Connected to SSL://Broker.Example.COM:8883.",
                 "Connected to SSL://" M ":8883.");
  assert_masked (redactor, "wss://[2001:db8::1]:443/mqtt", "wss://" M ":443/mqtt");
  assert_masked (redactor, "{\"url\":\"https://a.example?x=1\"}", "{\"url\":\"https://" M "?x=1\"}");
  assert_masked (redactor, "see (https://a.example) and https://b.example#top",
                 "see (https://" M ") and https://" M "#top");

  /* This computer is no secret: the local sandbox. */
  assert_masked (redactor, "http://127.0.0.1:8080/iot/core/api/v1 ssl://localhost:8883 tcp://[::1]:1883",
                 "http://127.0.0.1:8080/iot/core/api/v1 ssl://localhost:8883 tcp://[::1]:1883");
  assert_masked (redactor, "no URL here", "no URL here");
}

static void
test_known_hosts (void)
{
  g_autoptr(HeraldRedactor) redactor = herald_redactor_new ();
  const char *addresses[] = {
    "https://iot.tenant.example/iot/core/api/v1",
    "ssl://mqtt.tenant.example:8883",
    "bare-host.example",
    "http://127.0.0.1:8080",
    "not a uri: at all",
    NULL
  };
  guint changes = 0;

  g_signal_connect (redactor, "changed", G_CALLBACK (count_changes), &changes);
  herald_redactor_set_addresses (redactor, addresses);
  g_assert_cmpuint (changes, ==, 1);
  herald_redactor_set_active (redactor, TRUE);

  /* A host named outside a URL, as resolvers' errors name it. */
  assert_masked (redactor, "Error resolving “iot.tenant.example”: Name or service not known",
                 "Error resolving “" M "”: Name or service not known");
  assert_masked (redactor, "MQTT.TENANT.EXAMPLE refused; bare-host.example too",
                 M " refused; " M " too");
  /* Whole names only. */
  assert_masked (redactor, "xiot.tenant.example iot.tenant.example.org sub.iot.tenant.example",
                 "xiot.tenant.example iot.tenant.example.org sub.iot.tenant.example");
  assert_masked (redactor, "127.0.0.1", "127.0.0.1");

  herald_redactor_set_addresses (redactor, NULL);
  assert_masked (redactor, "iot.tenant.example", "iot.tenant.example");
}

static void
test_local_hosts (void)
{
  const char *local[] = { "localhost", "LOCALHOST", "a.localhost", "127.0.0.1", "127.1.2.3",
                          "::1", "[::1]", "0.0.0.0", NULL };
  const char *remote[] = { "localhost.example", "10.0.0.1", "[2001:db8::1]", "example.com",
                           "128.0.0.1", NULL };

  for (guint i = 0; local[i] != NULL; i++)
    g_assert_true (herald_redactor_is_local_host (local[i]));
  for (guint i = 0; remote[i] != NULL; i++)
    g_assert_false (herald_redactor_is_local_host (remote[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/redactor/inactive", test_inactive);
  g_test_add_func ("/redactor/urls", test_urls);
  g_test_add_func ("/redactor/known-hosts", test_known_hosts);
  g_test_add_func ("/redactor/local-hosts", test_local_hosts);

  return g_test_run ();
}

/* test-api-tls.c: HeraldApiClient against a TLS server whose CA the test
 * makes itself with the openssl command: refused by default, refused with
 * another CA, accepted with the right CA file.
 *
 * Its own executable because LeakSanitizer (GCC 12) crashes scanning the
 * thread-local storage of the dlopen'ed GnuTLS module, so meson runs this
 * one with leak checking off (ASan and UBSan stay on).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "herald-api-client.h"

#define USER "root"
#define PASSWORD "pa55-w0rd-Secret"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  guint         requests;
} Fixture;

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *json = "[{\"id\":\"2\",\"name\":\"IoT Gateway MQTT\",\"protocolId\":\"mqtt\",\"status\":\"online\"}]";

  fixture->requests++;
  if (g_str_equal (path, "/tls/gateways"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
  g_main_loop_quit (fixture->loop);
}

static GAsyncResult *
wait_result (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_main_loop_run (fixture->loop);
  return fixture->result;
}

typedef struct
{
  char *dir;
  char *ca_file;
  char *other_ca_file;
  char *cert_file;
  char *key_file;
} Pki;

static void
run_openssl (const char *dir,
             const char *args)
{
  g_autofree char *command = g_strdup_printf ("openssl %s", args);
  g_auto(GStrv) argv = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_shell_parse_argv (command, NULL, &argv, &error);
  g_assert_no_error (error);
  g_spawn_sync (dir, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
}

static void
make_pki (Pki *pki)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ext = NULL;

  pki->dir = g_dir_make_tmp ("herald-test-pki-XXXXXX", &error);
  g_assert_no_error (error);

  ext = g_build_filename (pki->dir, "server.ext", NULL);
  g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                            "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n", -1, &error);
  g_assert_no_error (error);

  run_openssl (pki->dir, "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                         "-keyout ca.key -out ca.pem -days 2 -subj '/CN=Herald Test CA'");
  run_openssl (pki->dir, "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                         "-keyout other.key -out other.pem -days 2 -subj '/CN=Another CA'");
  run_openssl (pki->dir, "req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                         "-keyout server.key -out server.csr -subj /CN=127.0.0.1");
  run_openssl (pki->dir, "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                         "-out server.pem -days 2 -extfile server.ext");

  pki->ca_file = g_build_filename (pki->dir, "ca.pem", NULL);
  pki->other_ca_file = g_build_filename (pki->dir, "other.pem", NULL);
  pki->cert_file = g_build_filename (pki->dir, "server.pem", NULL);
  pki->key_file = g_build_filename (pki->dir, "server.key", NULL);
}

static void
free_pki (Pki *pki)
{
  const char *names[] = { "ca.key", "ca.pem", "other.key", "other.pem", "server.key", "server.csr",
                          "server.pem", "server.ext", "ca.srl" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (pki->dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (pki->dir);
  g_free (pki->dir);
  g_free (pki->ca_file);
  g_free (pki->other_ca_file);
  g_free (pki->cert_file);
  g_free (pki->key_file);
}

static GListModel *
tls_list (Fixture     *fixture,
          const char  *url,
          const char  *ca_file,
          gboolean     verify,
          GError     **error)
{
  g_autoptr(HeraldServiceConfig) config = herald_service_config_new (url, USER, PASSWORD);
  g_autoptr(HeraldApiClient) client = NULL;

  herald_service_config_set_ca_file (config, ca_file);
  herald_service_config_set_tls_verify (config, verify);
  client = herald_api_client_new (config, error);
  g_assert_nonnull (client);

  herald_api_client_list_gateways_async (client, NULL, NULL, 0, 0, NULL, on_ready, fixture);
  return herald_api_client_list_finish (client, wait_result (fixture), error);
}

static void
test_tls_unknown_ca (void)
{
  Fixture fixture_ = { g_main_loop_new (NULL, FALSE), NULL, 0 };
  Fixture *fixture = &fixture_;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) refused = NULL;
  g_autoptr(GListModel) wrong_ca = NULL;
  g_autoptr(GListModel) accepted = NULL;
  g_autoptr(GListModel) unverified = NULL;
  g_autofree char *url = NULL;
  g_autofree char *localhost_url = NULL;
  GSList *uris;
  Pki pki = { 0 };
  int port;

  make_pki (&pki);
  certificate = g_tls_certificate_new_from_files (pki.cert_file, pki.key_file, &error);
  g_assert_no_error (error);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_callback, fixture, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  url = g_strdup_printf ("https://127.0.0.1:%d/tls", port);

  /* The system store does not know the test's CA: refused. */
  refused = tls_list (fixture, url, NULL, TRUE, &error);
  g_assert_null (refused);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "unknown certificate authority"));
  g_assert_nonnull (strstr (error->message, "CA file"));
  g_clear_error (&error);

  /* Another CA does not help either. */
  wrong_ca = tls_list (fixture, url, pki.other_ca_file, TRUE, &error);
  g_assert_null (wrong_ca);
  g_assert_error (error, HERALD_API_ERROR, HERALD_API_ERROR_TLS);
  g_clear_error (&error);

  /* The right extra CA file: accepted, and the answer arrives. */
  accepted = tls_list (fixture, url, pki.ca_file, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (accepted);

  /* The right CA but another host name than the certificate names. */
  g_clear_error (&error);
  {
    g_autoptr(GListModel) wrong_name = NULL;
    localhost_url = g_strdup_printf ("https://localhost:%d/tls", port);
    /* localhost is in the certificate, so this one passes too. */
    wrong_name = tls_list (fixture, localhost_url, pki.ca_file, TRUE, &error);
    if (error != NULL && g_error_matches (error, HERALD_API_ERROR, HERALD_API_ERROR_NETWORK))
      g_test_message ("localhost does not resolve to 127.0.0.1 here: %s", error->message);
    else
      g_assert_no_error (error);
    g_clear_error (&error);
  }

  /* Verification switched off: accepted without the CA. */
  unverified = tls_list (fixture, url, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (unverified);

  /* Only the accepted connections reached the handler. */
  g_assert_cmpuint (fixture->requests, >=, 2);

  soup_server_disconnect (server);
  free_pki (&pki);
  g_clear_object (&fixture->result);
  g_main_loop_unref (fixture->loop);
}


int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/api/tls/unknown-ca", test_tls_unknown_ca);

  return g_test_run ();
}

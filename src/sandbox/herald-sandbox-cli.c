/* herald-sandbox-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "herald-paths.h"
#include "herald-sandbox.h"
#include "herald-sandbox-cli.h"

int
herald_sandbox_cli_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldSandbox) sandbox = NULL;
  gboolean version = FALSE;
  HeraldSandboxOptions options = { 0 };
  g_autofree char *data_dir = NULL;
  g_autofree char *bind_address = NULL;
  g_autofree char *flavor = NULL;
  g_autofree char *tenant_id = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *mosquitto = NULL;
  int http_port = -1;
  int mqtt_port = -1;
  gboolean reset = FALSE;
  gboolean https = FALSE;
  g_autofree char *key_type = NULL;
  g_autofree char *ids = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Keep the sandbox’s state in DIR (default: $XDG_DATA_HOME/herald/sandbox)"), N_("DIR") },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind_address,
      N_("Listen on ADDR (default: 127.0.0.1)"), N_("ADDR") },
    { "http-port", 0, 0, G_OPTION_ARG_INT, &http_port,
      N_("Serve the REST API on port N (default: 8080; 0 picks a free port)"), N_("N") },
    { "mqtt-port", 0, 0, G_OPTION_ARG_INT, &mqtt_port,
      N_("Run the MQTT broker on port N (default: 8883; 0 picks a free port)"), N_("N") },
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor,
      N_("Serve the classic or the tenant flavour of the API (default: classic)"), N_("FLAVOR") },
    { "tenant-id", 0, 0, G_OPTION_ARG_STRING, &tenant_id,
      N_("The tenant id in the tenant flavour’s paths (default: default)"), N_("ID") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("The API user name (default: admin)"), N_("NAME") },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password,
      N_("The API password (default: made on first start and kept in the data directory)"), N_("PW") },
    { "mosquitto", 0, 0, G_OPTION_ARG_FILENAME, &mosquitto,
      N_("The mosquitto program to run (default: the installed one, else from PATH, else /usr/sbin/mosquitto)"), N_("PATH") },
    { "key-type", 0, 0, G_OPTION_ARG_STRING, &key_type,
      N_("The devices’ keys: rsa (RSA-2048, as the IoT Service issues them) or ec (P-256) (default: rsa)"), N_("TYPE") },
    { "ids", 0, 0, G_OPTION_ARG_STRING, &ids,
      N_("The ids of new devices and sensors: numeric, or guid as on newer tenants (default: numeric)"), N_("KIND") },
    { "https", 0, 0, G_OPTION_ARG_NONE, &https,
      N_("Serve the API over HTTPS with a certificate of the sandbox’s CA, as the IoT Service does (and the REST gateway)"), NULL },
    { "reset", 0, 0, G_OPTION_ARG_NONE, &reset,
      N_("Remove every entity and issued certificate and start empty (the CA stays)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, herald_paths_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("A local IoT Service for learning and demonstrating "
                                  "device commands over MQTT."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("herald-sandbox: %s\n", error->message);
      g_printerr (_("Run “%s --help” to see the options.\n"), "herald-sandbox");
      return 2;
    }

  if (version)
    {
      g_print ("herald-sandbox %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc > 1)
    {
      g_printerr (_("herald-sandbox: unexpected argument “%s”. Run “%s --help” to see the options.\n"),
                  argv[1], "herald-sandbox");
      return 2;
    }
  if (flavor != NULL && strcmp (flavor, "classic") != 0 && strcmp (flavor, "tenant") != 0)
    {
      g_printerr (_("herald-sandbox: the flavour must be “classic” or “tenant”, not “%s”.\n"), flavor);
      return 2;
    }
  if (key_type != NULL && strcmp (key_type, "rsa") != 0 && strcmp (key_type, "ec") != 0)
    {
      g_printerr (_("herald-sandbox: the key type must be “rsa” or “ec”, not “%s”.\n"), key_type);
      return 2;
    }
  if (ids != NULL && strcmp (ids, "numeric") != 0 && strcmp (ids, "guid") != 0)
    {
      g_printerr (_("herald-sandbox: the ids must be “numeric” or “guid”, not “%s”.\n"), ids);
      return 2;
    }
  if (http_port > 65535 || mqtt_port > 65535 || http_port < -1 || mqtt_port < -1)
    {
      g_printerr (_("herald-sandbox: a port must be a number from 0 to 65535.\n"));
      return 2;
    }
  if (tenant_id != NULL && (*tenant_id == '\0' || strchr (tenant_id, '/') != NULL))
    {
      g_printerr (_("herald-sandbox: the tenant id must not be empty or hold “/”.\n"));
      return 2;
    }

  options.data_dir = data_dir;
  options.bind_address = bind_address;
  options.http_port = http_port;
  options.mqtt_port = mqtt_port;
  options.flavor = flavor;
  options.https = https;
  options.guid_ids = g_strcmp0 (ids, "guid") == 0;
  options.tenant_id = tenant_id;
  options.user = user;
  options.password = password;
  options.mosquitto = mosquitto;
  options.reset = reset;
  options.ec_keys = g_strcmp0 (key_type, "ec") == 0;

  sandbox = herald_sandbox_new (&options);
  status = herald_sandbox_run (sandbox, &error);
  if (error != NULL)
    g_printerr ("herald-sandbox: %s\n", error->message);
  return status;
}

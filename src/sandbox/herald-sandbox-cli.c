/* herald-sandbox-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "herald-sandbox-cli.h"

int
herald_sandbox_cli_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
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

  g_printerr (_("herald-sandbox: the service is not available in this build yet.\n"));
  return 1;
}

/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include <gtk/gtk.h>

#include "herald-application.h"
#include "herald-paths.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HeraldApplication) app = NULL;

  const char *language = g_getenv ("LANGUAGE");
  const char *messages;

  /* GTK would call setlocale() again in gtk_init(), undoing what follows. */
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");
  /* glibc ignores LANGUAGE in the C locale, and C and C.UTF-8 are often
   * the only locales a build machine or a container has: with LANGUAGE
   * set and the C locale (asked for, or what a missing locale falls back
   * to), Herald runs in C.UTF-8, where glibc takes LANGUAGE. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (language != NULL && *language != '\0' &&
      (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX")))
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, herald_paths_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Herald"));
  herald_application_prepare_rendering ("/dev");

  app = herald_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* herald-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <epoxy/gl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "herald-application.h"
#include "herald-paths.h"
#include "herald-window.h"

/* The signals that end Herald the way Quit does. */
static const int quit_signals[] = { SIGTERM, SIGINT, SIGHUP };

struct _HeraldApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *sandbox_dir;
  guint           signal_sources[G_N_ELEMENTS (quit_signals)];
};

G_DEFINE_FINAL_TYPE (HeraldApplication, herald_application, ADW_TYPE_APPLICATION)

HeraldApplication *
herald_application_new (void)
{
  return g_object_new (HERALD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
herald_application_get_settings (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  return self->settings;
}

/**
 * herald_application_get_sandbox_dir:
 *
 * Returns: (nullable): the sandbox data directory named with --sandbox-dir,
 *   or %NULL for the default
 */
const char *
herald_application_get_sandbox_dir (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);

  return self->sandbox_dir;
}

static int
herald_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  HeraldApplication *self = HERALD_APPLICATION (app);
  g_autofree char *sandbox_dir = NULL;

  if (g_variant_dict_lookup (options, "sandbox-dir", "^ay", &sandbox_dir))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (sandbox_dir);

      g_free (self->sandbox_dir);
      self->sandbox_dir = g_file_get_path (file);
    }

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("herald %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (herald_application_parent_class)->handle_local_options (app, options);
}

static void
herald_application_activate (GApplication *app)
{
  HeraldApplication *self = HERALD_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (herald_window_new (self));

  gtk_window_present (window);
}

static void
herald_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  HeraldApplication *self = user_data;
  static const char *developers[] = { "The Herald developers", NULL };
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Herald"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Herald developers"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_WEBSITE "/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Herald developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "comments", _("Learn and demonstrate IoT device commands over MQTT"),
                         NULL);
}

static void
herald_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  HeraldApplication *self = user_data;
  GList *windows;

  /* Close the windows instead of quitting outright, so each one saves its
   * state on the way out. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", herald_application_about_action },
  { "quit", herald_application_quit_action },
};

static void
remove_signal_sources (HeraldApplication *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
}

/* SIGTERM (a session ending, kill), SIGINT (Ctrl+C in a terminal), SIGHUP
 * (the terminal closed): quit as the Quit action does, so that the windows
 * close, the MQTT session disconnects and the device key written for it
 * under $XDG_RUNTIME_DIR is removed. The handlers go with the first
 * signal: a second one ends Herald at once, as without them. */
static gboolean
on_quit_signal (gpointer user_data)
{
  HeraldApplication *self = user_data;
  guint current = g_source_get_id (g_main_current_source ());

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    {
      /* This one goes by returning G_SOURCE_REMOVE. */
      if (self->signal_sources[i] == current)
        self->signal_sources[i] = 0;
      g_clear_handle_id (&self->signal_sources[i], g_source_remove);
    }

  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  g_application_quit (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

/* The style chosen in the main menu (app.style, the "style" key): the
 * system's, light or dark, for every window. */
static void
style_changed_cb (HeraldApplication *self)
{
  g_autofree char *style = g_settings_get_string (herald_application_get_settings (self), "style");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (style, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (style, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* GTK 4.8 draws with OpenGL whenever it can, a software OpenGL too
 * (Mesa's llvmpipe: virtual machines, remote desktops, machines without
 * a GPU driver). Mesa's software drivers cannot tell GTK which part of
 * the last frame is still on screen (no buffer age), so GTK draws the
 * whole window for every frame: about 75 ms of CPU for a 1200 × 900
 * window on these machines, where the cairo renderer draws only what
 * changed (under 1 ms for a label, a few for the History's rows). On a
 * software OpenGL, Herald asks GTK for the cairo renderer, unless the
 * user chose a renderer with GSK_RENDERER. GTK reads GSK_RENDERER when it
 * makes the first window's renderer: this runs before any window. */
static void
choose_renderer (void)
{
  static const char *software[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer" };
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;
  gboolean is_software = FALSE;

  if (g_getenv ("GSK_RENDERER") != NULL || gdk_display_get_default () == NULL)
    return;

  /* Without OpenGL, GTK falls back to cairo itself. */
  context = gdk_display_create_gl_context (gdk_display_get_default (), NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;

  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  for (guint i = 0; renderer != NULL && i < G_N_ELEMENTS (software); i++)
    is_software |= strstr (renderer, software[i]) != NULL;
  gdk_gl_context_clear_current ();

  if (is_software)
    {
      g_debug ("OpenGL is %s, drawn in software: using the cairo renderer", renderer);
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
    }
}

/**
 * herald_application_prepare_rendering:
 * @device_dir: where the system's devices are: "/dev"
 *
 * Without a GPU device (a virtual machine, a container, Xvfb, a Flatpak
 * without device access), OpenGL can only be drawn in software, where
 * Herald draws with cairo (see choose_renderer()). GTK 4.8 would still
 * load and set up OpenGL when it opens the display, to pick the window's
 * visual: about 55 ms of a 170 ms start on these machines, a third, for
 * nothing. This asks GTK not to (GDK_DEBUG=gl-disable, which release
 * builds of GTK honour) and for cairo, unless the user chose a renderer
 * with GSK_RENDERER. A user's GSK_RENDERER=cairo does without OpenGL
 * too, with a GPU or not: nothing else in Herald draws with it.
 *
 * Call it before GTK is initialized, while Herald has one thread:
 * it changes the environment.
 */
void
herald_application_prepare_rendering (const char *device_dir)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  const char *renderer = g_getenv ("GSK_RENDERER");
  g_autofree char *flags = NULL;

  if (renderer != NULL ? g_strcmp0 (renderer, "cairo") != 0 : herald_paths_has_gpu_device (device_dir))
    return;

  flags = debug != NULL && *debug != '\0' ? g_strconcat (debug, ":gl-disable", NULL) : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", flags, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
}

static void
herald_application_startup (GApplication *app)
{
  HeraldApplication *self = HERALD_APPLICATION (app);
  g_autoptr(GtkCssProvider) provider = NULL;

  G_APPLICATION_CLASS (herald_application_parent_class)->startup (app);

  choose_renderer ();

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  {
    GSettings *settings = herald_application_get_settings (self);
    g_autoptr(GAction) style = g_settings_create_action (settings, "style");

    g_action_map_add_action (G_ACTION_MAP (self), style);
    g_signal_connect_object (settings, "changed::style",
                             G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
    style_changed_cb (self);
  }
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
  /* What GtkApplication would set for gtk/help-overlay.ui, which Herald
   * does not ship so as to build the shortcuts window only when asked. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });

  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    self->signal_sources[i] = g_unix_signal_add (quit_signals[i], on_quit_signal, self);
}

static void
herald_application_shutdown (GApplication *app)
{
  remove_signal_sources (HERALD_APPLICATION (app));

  G_APPLICATION_CLASS (herald_application_parent_class)->shutdown (app);
}

static void
herald_application_finalize (GObject *object)
{
  HeraldApplication *self = HERALD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->sandbox_dir, g_free);

  G_OBJECT_CLASS (herald_application_parent_class)->finalize (object);
}

static void
herald_application_class_init (HeraldApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = herald_application_finalize;

  app_class->activate = herald_application_activate;
  app_class->startup = herald_application_startup;
  app_class->shutdown = herald_application_shutdown;
  app_class->handle_local_options = herald_application_handle_local_options;
}

static void
herald_application_init (HeraldApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { "sandbox-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use the sandbox whose data directory is DIR"), N_("DIR") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Learn and demonstrate IoT device commands over MQTT."));
}

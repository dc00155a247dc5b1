/* test-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "herald-application.h"
#include "herald-test-gtk.h"
#include "herald-window.h"

/* The system's, before the test's isolation hides them: a subprocess
 * loads the MIME database (for SVG icons) before it isolates itself. */
static char *system_data_dirs;

/* The display's OpenGL, asked here on its own: NULL without one. */
static char *
gl_renderer (void)
{
  g_autoptr(GdkGLContext) context = gdk_display_create_gl_context (gdk_display_get_default (), NULL);
  char *name;

  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return NULL;
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();

  return name;
}

/* Herald's window, drawn once; the name of its renderer's type. */
static char *
window_renderer (void)
{
  g_autoptr(HeraldApplication) app = herald_application_new ();
  HeraldWindow *window;
  char *name;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = g_object_ref_sink (herald_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  name = g_strdup (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  return name;
}

/* On a software OpenGL (Mesa's llvmpipe, as under Xvfb), GTK 4.8 would
 * draw the whole window for each frame: Herald's window draws with cairo,
 * which draws only what changed. On a GPU it keeps OpenGL; without OpenGL
 * GTK itself falls back to cairo. */
static void
test_renderer_chosen (void)
{
  g_autofree char *window = NULL;
  g_autofree char *gl = NULL;
  gboolean software;

  if (g_getenv ("GSK_RENDERER") != NULL)
    {
      g_test_skip ("GSK_RENDERER is set");
      return;
    }

  window = window_renderer ();
  gl = gl_renderer ();
  software = gl != NULL && (strstr (gl, "llvmpipe") != NULL || strstr (gl, "softpipe") != NULL);
  g_test_message ("OpenGL: %s; the window's renderer: %s", gl ? gl : "none", window);
  if (gl == NULL || software)
    g_assert_cmpstr (window, ==, "GskCairoRenderer");
  else
    g_assert_cmpstr (window, ==, "GskGLRenderer");
}

/* A renderer the user asked for with GSK_RENDERER is the one used, OpenGL
 * on a software OpenGL too. */
static void
test_renderer_asked_for (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *gl = gl_renderer ();
      g_autofree char *window = window_renderer ();

      if (gl == NULL)
        g_test_skip ("no OpenGL on this display");
      else
        g_assert_cmpstr (window, ==, "GskGLRenderer");
      return;
    }

  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_setenv ("XDG_DATA_DIRS", system_data_dirs, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("GSK_RENDERER");
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  system_data_dirs = g_strjoinv (G_SEARCHPATH_SEPARATOR_S, (char **) g_get_system_data_dirs ());
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/renderer/chosen", test_renderer_chosen);
  g_test_add_func ("/renderer/asked-for", test_renderer_asked_for);

  return g_test_run ();
}

/* test-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <epoxy/gl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "herald-application.h"
#include "herald-paths.h"
#include "herald-test-gtk.h"
#include "herald-window.h"

/* The system's, before the test's isolation hides them: a subprocess
 * loads the MIME database (for SVG icons) before it isolates itself. */
static char *system_data_dirs;
/* GDK_DEBUG as the test was started with, before main() prepared
 * rendering. */
static char *started_gdk_debug;

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
 * which draws only what changed. Without a GPU device, GTK does not even
 * set OpenGL up (main() of this test prepares rendering as Herald's
 * does). On a GPU it keeps OpenGL; without OpenGL GTK itself falls back
 * to cairo. */
static void
test_renderer_chosen (void)
{
  g_autofree char *window = NULL;
  g_autofree char *gl = NULL;
  gboolean software;

  if (g_strcmp0 (g_getenv ("HERALD_TEST_RENDERER_PREPARED"), "1") != 0)
    {
      g_test_skip ("GSK_RENDERER was set before the test");
      return;
    }

  window = window_renderer ();
  if (!herald_paths_has_gpu_device ("/dev"))
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("No GPU device; the window's renderer: %s", window);
      g_assert_cmpstr (window, ==, "GskCairoRenderer");
      /* GTK was asked not to set OpenGL up, and did not. */
      g_assert_false (gdk_display_prepare_gl (gdk_display_get_default (), &error));
      g_assert_nonnull (error);
      return;
    }

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
  if (started_gdk_debug != NULL)
    g_setenv ("GDK_DEBUG", started_gdk_debug, TRUE);
  else
    g_unsetenv ("GDK_DEBUG");
  g_setenv ("XDG_DATA_DIRS", system_data_dirs, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("GSK_RENDERER");
  g_test_trap_assert_passed ();
}

/* The decision itself, on device folders made here: a DRM node or
 * NVIDIA's control device keeps OpenGL set up (Herald then asks OpenGL
 * which renderer it has); none asks GTK for cairo without OpenGL, other
 * GDK_DEBUG flags kept; GSK_RENDERER set by the user wins. */
static void
test_renderer_prepare (void)
{
  g_autofree char *saved_renderer = g_strdup (g_getenv ("GSK_RENDERER"));
  g_autofree char *saved_debug = g_strdup (g_getenv ("GDK_DEBUG"));
  g_autofree char *devices = g_dir_make_tmp ("herald-test-dev-XXXXXX", NULL);
  g_autofree char *dri = g_build_filename (devices, "dri", NULL);
  g_autofree char *node = g_build_filename (dri, "renderD128", NULL);
  g_autofree char *nvidia = g_build_filename (devices, "nvidiactl", NULL);

  g_assert_nonnull (devices);

  /* No device at all: no OpenGL. */
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  herald_application_prepare_rendering (devices);
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");

  /* An empty dri folder, the same; other GDK_DEBUG flags kept. */
  g_unsetenv ("GSK_RENDERER");
  g_setenv ("GDK_DEBUG", "nograbs", TRUE);
  g_assert_cmpint (g_mkdir (dri, 0700), ==, 0);
  herald_application_prepare_rendering (devices);
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "nograbs:gl-disable");

  /* The user's choice of renderer is left alone. */
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_unsetenv ("GDK_DEBUG");
  herald_application_prepare_rendering (devices);
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_assert_null (g_getenv ("GDK_DEBUG"));

  /* The user's cairo does without OpenGL, with a GPU too. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_assert_true (g_file_set_contents (node, "", 0, NULL));
  herald_application_prepare_rendering (devices);
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
  g_assert_cmpint (g_remove (node), ==, 0);
  g_unsetenv ("GDK_DEBUG");

  /* A render node. */
  g_unsetenv ("GSK_RENDERER");
  g_assert_true (g_file_set_contents (node, "", 0, NULL));
  herald_application_prepare_rendering (devices);
  g_assert_null (g_getenv ("GSK_RENDERER"));
  g_assert_null (g_getenv ("GDK_DEBUG"));
  g_assert_cmpint (g_remove (node), ==, 0);

  /* NVIDIA's own driver. */
  g_assert_true (g_file_set_contents (nvidia, "", 0, NULL));
  herald_application_prepare_rendering (devices);
  g_assert_null (g_getenv ("GSK_RENDERER"));
  g_assert_null (g_getenv ("GDK_DEBUG"));

  g_assert_cmpint (g_remove (nvidia), ==, 0);
  g_assert_cmpint (g_rmdir (dri), ==, 0);
  g_assert_cmpint (g_rmdir (devices), ==, 0);
  if (saved_renderer != NULL)
    g_setenv ("GSK_RENDERER", saved_renderer, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  if (saved_debug != NULL)
    g_setenv ("GDK_DEBUG", saved_debug, TRUE);
  else
    g_unsetenv ("GDK_DEBUG");
}

int
main (int   argc,
      char *argv[])
{
  system_data_dirs = g_strjoinv (G_SEARCHPATH_SEPARATOR_S, (char **) g_get_system_data_dirs ());
  started_gdk_debug = g_strdup (g_getenv ("GDK_DEBUG"));
  /* As Herald's main() does, before GTK opens the display. */
  if (g_getenv ("GSK_RENDERER") == NULL)
    {
      herald_application_prepare_rendering ("/dev");
      g_setenv ("HERALD_TEST_RENDERER_PREPARED", "1", TRUE);
    }
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/renderer/chosen", test_renderer_chosen);
  g_test_add_func ("/renderer/asked-for", test_renderer_asked_for);
  g_test_add_func ("/renderer/prepare", test_renderer_prepare);

  return g_test_run ();
}

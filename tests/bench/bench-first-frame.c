/* bench-first-frame.c: an LD_PRELOAD module that reports a program's first frame
 *
 * Loaded into `herald` and into bench-bare-window alike, so both are
 * measured the same way: when the first GtkWindow maps, it waits for that
 * window's frame clock to finish painting a frame, writes
 * "FIRST_FRAME <CLOCK_MONOTONIC microseconds>", "RENDERER <GskRenderer
 * type>" and "OPENGL yes|no" (whether the display has OpenGL: "no" where
 * GTK was asked not to set it up) to the file named by $HERALD_BENCH_FIRST_FRAME_FILE and ends the
 * process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <gtk/gtk.h>

void bench_first_frame_init (void) __attribute__ ((constructor));

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  struct timespec now;
  const char *path = g_getenv ("HERALD_BENCH_FIRST_FRAME_FILE");
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (data));
  FILE *f;

  clock_gettime (CLOCK_MONOTONIC, &now);
  if (path != NULL && (f = fopen (path, "w")) != NULL)
    {
      /* After the time is taken: where GDK had not set OpenGL up yet
       * (Wayland), this does it, and is not counted. */
      fprintf (f, "FIRST_FRAME %lld\nRENDERER %s\nOPENGL %s\n",
               (long long) now.tv_sec * 1000000 + now.tv_nsec / 1000,
               renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none",
               gdk_display_prepare_gl (gtk_widget_get_display (GTK_WIDGET (data)), NULL) ? "yes" : "no");
      fclose (f);
    }
  _exit (0);
}

static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_params,
          const GValue          *params,
          gpointer               data)
{
  GObject *object = g_value_get_object (&params[0]);
  GdkFrameClock *clock;

  if (!GTK_IS_WINDOW (object))
    return TRUE;

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (object));
  if (clock == NULL)
    return TRUE;

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), object);
  return FALSE;
}

void
bench_first_frame_init (void)
{
  guint map_id;

  if (g_getenv ("HERALD_BENCH_FIRST_FRAME_FILE") == NULL)
    return;

  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  map_id = g_signal_lookup ("map", GTK_TYPE_WIDGET);
  g_signal_add_emission_hook (map_id, 0, map_hook, NULL, NULL);
}

/* herald-test-gtk.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <locale.h>

/* gtk_test_init() passes no options to g_test_init(), so
 * G_TEST_OPTION_ISOLATE_DIRS given to it is silently lost and widget tests
 * would write into the real $HOME. This does what gtk_test_init() does, with
 * the isolation. */
static inline void
herald_test_gtk_init (int    *argc,
                      char ***argv)
{
  /* The isolated XDG_DATA_DIRS hide GNOME's proxy schema, which GIO's
   * GNOME proxy resolver aborts without; tests talk to loopback only. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  /* The same isolation would hide the shared MIME database, and without it
   * gdk-pixbuf cannot tell an SVG icon ("Unrecognized image file format"):
   * load it first, from the system's directories. */
  g_free (g_content_type_guess ("icon.svg", (const guchar *) "<svg", 4, NULL));

  /* And GTK's own settings schemas (the file chooser's): searched after
   * the build's, which keep Herald's first. */
  {
    const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
    g_auto(GStrv) dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0' ? data_dirs : "/usr/local/share:/usr/share",
                                     ":", -1);
    g_autoptr(GString) schema_dirs = g_string_new (g_getenv ("GSETTINGS_SCHEMA_DIR"));

    for (guint i = 0; dirs[i] != NULL; i++)
      {
        g_autofree char *compiled = g_build_filename (dirs[i], "glib-2.0", "schemas", "gschemas.compiled", NULL);

        if (g_file_test (compiled, G_FILE_TEST_EXISTS))
          {
            g_autofree char *dir = g_path_get_dirname (compiled);

            if (schema_dirs->len > 0)
              g_string_append_c (schema_dirs, G_SEARCHPATH_SEPARATOR);
            g_string_append (schema_dirs, dir);
          }
      }
    g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dirs->str, TRUE);
  }

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "en_US.UTF-8");
  gtk_init ();
  adw_init ();

  /* The isolated XDG_DATA_DIRS hide the icon themes too. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "/usr/share/icons");
}

/* An async callback that keeps the result in *user_data (a GAsyncResult *). */
static inline void
herald_test_store_result (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static inline void
herald_test_flag (gboolean *flag)
{
  *flag = TRUE;
}

static inline gboolean
herald_test_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @done says so, at most @seconds; wakes up
 * regularly so that a condition changed without an event is seen too. */
#define herald_test_iterate_until(condition, seconds)                        \
  G_STMT_START {                                                             \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    guint _wake = g_timeout_add (50, herald_test_wake, NULL);                \
    while (!(condition) && g_get_monotonic_time () < _deadline)              \
      g_main_context_iteration (NULL, TRUE);                                 \
    g_source_remove (_wake);                                                 \
    g_assert_true (condition);                                               \
  } G_STMT_END

/* Runs what is ready on the main loop, at most @max dispatches. */
static inline void
herald_test_drain (guint max)
{
  for (guint i = 0; i < max && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* Destroys @window, lets what that queued run, and checks that the test
 * held the last reference (take one with g_object_ref_sink() after
 * making it). */
#define herald_test_close_window(window)          \
  G_STMT_START {                                  \
    gtk_window_destroy (GTK_WINDOW (window));     \
    herald_test_drain (1000);                     \
    g_assert_finalize_object (window);            \
  } G_STMT_END

/* The label (or the inscription, the History's Message cell) under @widget
 * that is on screen and shows @text: all of it, or with @part, as a part of
 * its text; or NULL. */
static inline GtkWidget *
herald_test_find_shown (GtkWidget  *widget,
                        const char *text,
                        gboolean    part)
{
  const char *shown = NULL;

  if (!gtk_widget_get_visible (widget))
    return NULL;

  if (GTK_IS_LABEL (widget))
    shown = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    shown = gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  if (shown != NULL && gtk_widget_get_mapped (widget) &&
      (part ? strstr (shown, text) != NULL : g_str_equal (shown, text)))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = herald_test_find_shown (c, text, part);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether a label or an inscription under @widget that is on screen shows
 * @text (herald_test_find_shown()). */
static inline gboolean
herald_test_shows_text (GtkWidget  *widget,
                        const char *text,
                        gboolean    part)
{
  return herald_test_find_shown (widget, text, part) != NULL;
}

/* The first toplevel of @type (a window of Herald's, a dialog), if any. */
static inline GtkWindow *
herald_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

/* The message dialog shown now, if any. */
static inline AdwMessageDialog *
herald_test_find_message_dialog (void)
{
  return (AdwMessageDialog *) herald_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

/* The file chooser dialog shown now (GTK's own: no portal here), if any. */
static inline GtkFileChooser *
herald_test_find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_FILE_CHOOSER (window);
    }
  return NULL;
}

static inline gboolean
herald_test_chooser_holds (GtkFileChooser *chooser,
                           GFile          *file)
{
  g_autoptr(GFile) held = gtk_file_chooser_get_file (chooser);

  return held != NULL && g_file_equal (held, file);
}

/* Answers the file chooser a menu item opened (GTK's own dialog: no
 * portal here) with @path, as a user choosing it would. */
static inline void
herald_test_choose_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser = NULL;

  herald_test_iterate_until ((chooser = herald_test_find_file_chooser ()) != NULL, 10);

  /* A name typed whole to save to; a file selected to open (the chooser
   * loads its folder before it holds it). */
  if (gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (chooser, path);
  else
    {
      gtk_file_chooser_set_file (chooser, file, &error);
      g_assert_no_error (error);
    }
  herald_test_iterate_until (herald_test_chooser_holds (chooser, file), 10);

  /* GTK's chooser adds the file to the recent files, which GtkRecentManager
   * writes 250 ms later into the data directory as it was when the manager
   * was made: maybe an earlier test's, which GLib has removed, and GTK's
   * warning would fail whichever test runs then. That directory is made
   * again and the write waited for (the "changed" signal writes). */
  {
    GtkRecentManager *recent = gtk_recent_manager_get_default ();
    g_autofree char *recent_file = NULL;
    g_autofree char *recent_dir = NULL;
    gboolean written = FALSE;
    gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    guint wake = g_timeout_add (50, herald_test_wake, NULL);
    gulong id;

    g_object_get (recent, "filename", &recent_file, NULL);
    recent_dir = g_path_get_dirname (recent_file);
    g_mkdir_with_parents (recent_dir, 0700);
    id = g_signal_connect_swapped (recent, "changed", G_CALLBACK (herald_test_flag), &written);
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    while (!written && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (wake);
    g_signal_handler_disconnect (recent, id);
  }
}

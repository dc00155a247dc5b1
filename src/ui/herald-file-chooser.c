/* herald-file-chooser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-file-chooser.h"

/* One file chooser a widget opens to import or export a file of its own:
 * the portal's when there is one (Flatpak), modal over the widget's
 * window. The widget keeps it in @slot while it is open and clears it at
 * its dispose (herald_file_chooser_clear()). */

static void
response_cb (GtkFileChooserNative *chooser,
             int                   response,
             GtkWidget            *owner)
{
  GtkFileChooserNative **slot = g_object_get_data (G_OBJECT (chooser), "herald-slot");
  HeraldFileChosenFunc chosen = g_object_get_data (G_OBJECT (chooser), "herald-chosen");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    chosen (owner, file);

  /* The last reference: the chooser goes after this handler. */
  if (*slot == chooser)
    g_clear_object (slot);
}

/**
 * herald_file_chooser_show:
 * @owner: the widget asking, alive while the chooser is open
 * @slot: where @owner keeps the chooser
 * @accept_label: (nullable): its button, with a mnemonic; %NULL for
 *   Import or Export
 * @pattern: (nullable): the files it offers, like "*.json"
 * @suggested_name: (nullable): the file's name, to save
 * @chosen: called with the file chosen
 */
void
herald_file_chooser_show (GtkWidget             *owner,
                          GtkFileChooserNative **slot,
                          GtkFileChooserAction   action,
                          const char            *title,
                          const char            *accept_label,
                          const char            *filter_name,
                          const char            *pattern,
                          const char            *suggested_name,
                          HeraldFileChosenFunc   chosen)
{
  gboolean open = action == GTK_FILE_CHOOSER_ACTION_OPEN;
  GtkFileChooserNative *chooser;

  herald_file_chooser_clear (slot);
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (owner)), action,
                                         accept_label != NULL ? accept_label : open ? _("_Import") : _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (pattern != NULL)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filter_name);
      gtk_file_filter_add_pattern (filter, pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  if (!open && suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);

  g_object_set_data (G_OBJECT (chooser), "herald-slot", slot);
  g_object_set_data (G_OBJECT (chooser), "herald-chosen", chosen);
  g_signal_connect (chooser, "response", G_CALLBACK (response_cb), owner);
  *slot = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * herald_file_chooser_clear:
 *
 * Closes the chooser in @slot, if one is open, without an answer.
 */
void
herald_file_chooser_clear (GtkFileChooserNative **slot)
{
  GtkFileChooserNative *chooser = g_steal_pointer (slot);

  if (chooser == NULL)
    return;
  g_signal_handlers_disconnect_matched (chooser, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, response_cb, NULL);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

/* Reading and writing the chosen file -------------------------------------- */

typedef struct
{
  GtkWidget *owner;
  GCallback  done;
} FileOp;

static FileOp *
file_op_new (GtkWidget *owner,
             GCallback  done)
{
  FileOp *op = g_new0 (FileOp, 1);

  op->owner = g_object_ref (owner);
  op->done = done;
  return op;
}

static void
file_op_free (FileOp *op)
{
  g_object_unref (op->owner);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileOp, file_op_free)

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FileOp) op = user_data;
  HeraldFileLoadedFunc loaded = (HeraldFileLoadedFunc) op->done;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *problem = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &data, &length, NULL, &error))
    problem = g_strdup_printf (_("Could not read the file (%s). Choose a file you may read."), error->message);
  loaded (op->owner, data, length, problem);
}

/**
 * herald_file_chooser_load:
 * @loaded: called with the file's text, or with the sentence that says why
 *   it could not be read
 *
 * Reads the file chosen, for @owner (kept alive until then).
 */
void
herald_file_chooser_load (GtkWidget            *owner,
                          GFile                *file,
                          HeraldFileLoadedFunc  loaded)
{
  g_file_load_contents_async (file, NULL, loaded_cb, file_op_new (owner, G_CALLBACK (loaded)));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FileOp) op = user_data;
  HeraldFileSavedFunc saved = (HeraldFileSavedFunc) op->done;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *problem = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    problem = g_strdup_printf (_("Could not write “%s” (%s). Choose another folder."), name, error->message);
  saved (op->owner, name, problem);
}

/**
 * herald_file_chooser_save:
 * @saved: called with the file's name and, if it could not be written, the
 *   sentence that says why
 *
 * Writes @bytes to the file chosen, in place of what it held, for @owner
 * (kept alive until then).
 */
void
herald_file_chooser_save (GtkWidget           *owner,
                          GFile               *file,
                          GBytes              *bytes,
                          HeraldFileSavedFunc  saved)
{
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, saved_cb, file_op_new (owner, G_CALLBACK (saved)));
}

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
 * @pattern: (nullable): the files it offers, like "*.json"
 * @suggested_name: (nullable): the file's name, to save
 * @chosen: called with the file chosen
 */
void
herald_file_chooser_show (GtkWidget             *owner,
                          GtkFileChooserNative **slot,
                          GtkFileChooserAction   action,
                          const char            *title,
                          const char            *filter_name,
                          const char            *pattern,
                          const char            *suggested_name,
                          HeraldFileChosenFunc   chosen)
{
  gboolean open = action == GTK_FILE_CHOOSER_ACTION_OPEN;
  GtkFileChooserNative *chooser;

  herald_file_chooser_clear (slot);
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (owner)), action,
                                         open ? _("_Import") : _("_Export"), _("_Cancel"));
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

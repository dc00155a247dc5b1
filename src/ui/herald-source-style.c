/* herald-source-style.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "herald-source-style.h"

/* Every source view (the Command page's preview, the request and answer
 * views, the message viewer) has the style scheme of the style in use:
 * Adwaita or Adwaita-dark, classic or classic-dark where those are missing,
 * and follows AdwStyleManager:dark as it changes (the system's style, or
 * the one chosen in the main menu). GtkSourceView 5.6 picks its default
 * scheme from gtk-application-prefer-dark-theme, which libadwaita does not
 * set: without this, a view stays light in a dark window. */

static GQuark following_quark;

static void
apply_scheme (GtkSourceView *view)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "classic-dark" : "classic");
  if (scheme == NULL)
    return;

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))), scheme);
}

static void
dark_changed_cb (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 GtkSourceView   *view)
{
  apply_scheme (view);
}

/**
 * herald_source_style_follow:
 * @view: a source view
 *
 * Gives @view the style scheme of the style in use, now and whenever the
 * style changes, for as long as @view lives. Calling it again does nothing.
 */
void
herald_source_style_follow (GtkSourceView *view)
{
  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

  if (following_quark == 0)
    following_quark = g_quark_from_static_string ("herald-source-style-following");
  if (g_object_get_qdata (G_OBJECT (view), following_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (view), following_quark, GINT_TO_POINTER (TRUE));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), view, 0);
  apply_scheme (view);
}

/* JSON, topics and curl lines wrap inside their tokens ("word-char"), and
 * Pango puts a hyphen at such a break, which reads as part of the token
 * ("properti-" "es"): never a hyphen. A text view's buffer gets a tag that
 * says so over all its text, whenever the text changes. */

#define NO_HYPHENS_TAG "herald-no-hyphens"

static void
buffer_changed_cb (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag_by_name (buffer, NO_HYPHENS_TAG, &start, &end);
}

/**
 * herald_source_style_no_hyphens:
 * @view: a text view
 *
 * Makes @view wrap its text without ever inserting a hyphen, for the text
 * it has and all it gets. Calling it again does nothing.
 */
void
herald_source_style_no_hyphens (GtkTextView *view)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  buffer = gtk_text_view_get_buffer (view);
  if (gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), NO_HYPHENS_TAG) != NULL)
    return;

  gtk_text_buffer_create_tag (buffer, NO_HYPHENS_TAG, "insert-hyphens", FALSE, NULL);
  g_signal_connect (buffer, "changed", G_CALLBACK (buffer_changed_cb), NULL);
  buffer_changed_cb (buffer);
}

/**
 * herald_label_no_hyphens:
 * @label: a label that wraps
 *
 * Makes @label wrap without ever inserting a hyphen.
 */
void
herald_label_no_hyphens (GtkLabel *label)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  g_return_if_fail (GTK_IS_LABEL (label));

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (label, attributes);
  pango_attr_list_unref (attributes);
}

/* herald-password-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-password-row.h"

/* A password row, as AdwPasswordEntryRow, that never hands the password to
 * assistive technologies. GTK 4.8 answers the AT-SPI Text interface of an
 * editable (GetText, GetCharacterAtOffset, CharacterCount) with
 * gtk_editable_get_text() of the widget itself, which is the password in
 * AdwPasswordEntryRow and GtkPasswordEntry: any program on the
 * accessibility bus could read it. This row's own gtk_editable_get_text()
 * is what the screen shows: one bullet a character while the text is
 * hidden (GTK 4.10 does the same), the text once the user shows it. The
 * password itself is herald_password_row_get_password(). */

struct _HeraldPasswordRow
{
  AdwEntryRow      parent_instance;

  GtkToggleButton *peek_button;
  char            *shown;   /* what gtk_editable_get_text() returned last */
};

static void herald_password_row_editable_init (GtkEditableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldPasswordRow, herald_password_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_EDITABLE, herald_password_row_editable_init))

static GtkEditableInterface *parent_editable_iface;

static GtkText *
get_text_widget (HeraldPasswordRow *self)
{
  /* AdwEntryRow's delegate is its GtkText. */
  return GTK_TEXT (parent_editable_iface->get_delegate (GTK_EDITABLE (self)));
}

static const char *
herald_password_row_get_shown_text (GtkEditable *editable)
{
  HeraldPasswordRow *self = HERALD_PASSWORD_ROW (editable);
  GtkText *text = get_text_widget (self);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (text));
  GString *shown;
  char bullet[7] = { 0 };
  glong length;

  if (gtk_text_get_visibility (text))
    return password;

  length = g_utf8_strlen (password, -1);
  g_unichar_to_utf8 (gtk_text_get_invisible_char (text), bullet);
  shown = g_string_sized_new (length * strlen (bullet));
  for (glong i = 0; i < length; i++)
    g_string_append (shown, bullet);

  g_free (self->shown);
  self->shown = g_string_free (shown, FALSE);
  return self->shown;
}

static void
herald_password_row_editable_init (GtkEditableInterface *iface)
{
  parent_editable_iface = g_type_interface_peek_parent (iface);

  iface->get_text = herald_password_row_get_shown_text;
}

static void
update_peek (HeraldPasswordRow *self)
{
  gboolean visible = gtk_toggle_button_get_active (self->peek_button);
  const char *label = visible ? _("Hide Text") : _("Show Text");

  gtk_text_set_visibility (get_text_widget (self), visible);
  gtk_button_set_icon_name (GTK_BUTTON (self->peek_button),
                            visible ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->peek_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->peek_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
herald_password_row_finalize (GObject *object)
{
  HeraldPasswordRow *self = HERALD_PASSWORD_ROW (object);

  g_free (self->shown);

  G_OBJECT_CLASS (herald_password_row_parent_class)->finalize (object);
}

static void
herald_password_row_class_init (HeraldPasswordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_password_row_finalize;
}

static void
herald_password_row_init (HeraldPasswordRow *self)
{
  GtkText *text = get_text_widget (self);

  gtk_text_set_visibility (text, FALSE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_PASSWORD);

  self->peek_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->peek_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->peek_button), "flat");
  g_signal_connect_object (self->peek_button, "toggled", G_CALLBACK (update_peek), self, G_CONNECT_SWAPPED);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), GTK_WIDGET (self->peek_button));
  update_peek (self);
}

GtkWidget *
herald_password_row_new (void)
{
  return g_object_new (HERALD_TYPE_PASSWORD_ROW, NULL);
}

/**
 * herald_password_row_get_password:
 *
 * Returns: the password typed
 */
const char *
herald_password_row_get_password (HeraldPasswordRow *self)
{
  g_return_val_if_fail (HERALD_IS_PASSWORD_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (get_text_widget (self)));
}

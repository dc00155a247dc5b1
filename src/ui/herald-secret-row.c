/* herald-secret-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-secret-row.h"

/* A row for text that is a secret: a password always, a tenant's address
 * in presentation mode (HeraldSecretRow:concealed follows the redactor).
 * While concealed it is a password row, as AdwPasswordEntryRow, with a
 * button that shows the text; otherwise a plain entry row.
 *
 * It never hands a concealed text to assistive technologies. GTK 4.8 answers the AT-SPI Text interface of an
 * editable (GetText, GetCharacterAtOffset, CharacterCount) with
 * gtk_editable_get_text() of the widget itself, which is the password in
 * AdwPasswordEntryRow and GtkPasswordEntry: any program on the
 * accessibility bus could read it. This row's own gtk_editable_get_text()
 * is what the screen shows: one bullet a character while the text is
 * hidden (GTK 4.10 does the same), the text once the user shows it. The
 * text itself is herald_secret_row_get_secret(). */

struct _HeraldSecretRow
{
  AdwEntryRow      parent_instance;

  GtkToggleButton *peek_button;
  char            *shown;   /* what gtk_editable_get_text() returned last */
  gboolean         concealed;
};

enum {
  PROP_0,
  PROP_CONCEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void herald_secret_row_editable_init (GtkEditableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldSecretRow, herald_secret_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_EDITABLE, herald_secret_row_editable_init))

static GtkEditableInterface *parent_editable_iface;

static GtkText *
get_text_widget (HeraldSecretRow *self)
{
  /* AdwEntryRow's delegate is its GtkText. */
  return GTK_TEXT (parent_editable_iface->get_delegate (GTK_EDITABLE (self)));
}

static const char *
herald_secret_row_get_shown_text (GtkEditable *editable)
{
  HeraldSecretRow *self = HERALD_SECRET_ROW (editable);
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
herald_secret_row_editable_init (GtkEditableInterface *iface)
{
  parent_editable_iface = g_type_interface_peek_parent (iface);

  iface->get_text = herald_secret_row_get_shown_text;
}

static void
update_peek (HeraldSecretRow *self)
{
  gboolean visible = !self->concealed || gtk_toggle_button_get_active (self->peek_button);
  const char *label = visible ? _("Hide Text") : _("Show Text");

  gtk_text_set_visibility (get_text_widget (self), visible);
  gtk_button_set_icon_name (GTK_BUTTON (self->peek_button),
                            visible ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->peek_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->peek_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
herald_secret_row_finalize (GObject *object)
{
  HeraldSecretRow *self = HERALD_SECRET_ROW (object);

  g_free (self->shown);

  G_OBJECT_CLASS (herald_secret_row_parent_class)->finalize (object);
}

static void
herald_secret_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HeraldSecretRow *self = HERALD_SECRET_ROW (object);

  switch (prop_id)
    {
    case PROP_CONCEALED:
      g_value_set_boolean (value, self->concealed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_secret_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HeraldSecretRow *self = HERALD_SECRET_ROW (object);

  switch (prop_id)
    {
    case PROP_CONCEALED:
      herald_secret_row_set_concealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_secret_row_class_init (HeraldSecretRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_secret_row_finalize;
  object_class->get_property = herald_secret_row_get_property;
  object_class->set_property = herald_secret_row_set_property;

  /**
   * HeraldSecretRow:concealed:
   *
   * Whether the text is hidden behind bullets until the row's button shows
   * it. %TRUE for a password; an address follows presentation mode.
   */
  properties[PROP_CONCEALED] =
    g_param_spec_boolean ("concealed", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_secret_row_init (HeraldSecretRow *self)
{
  self->concealed = TRUE;
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_PASSWORD);

  self->peek_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->peek_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->peek_button), "flat");
  g_signal_connect_object (self->peek_button, "toggled", G_CALLBACK (update_peek), self, G_CONNECT_SWAPPED);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), GTK_WIDGET (self->peek_button));
  update_peek (self);
}

GtkWidget *
herald_secret_row_new (void)
{
  return g_object_new (HERALD_TYPE_SECRET_ROW, NULL);
}

/**
 * herald_secret_row_set_concealed:
 *
 * Hides the text behind bullets, shown again with the row's button, or shows
 * it as a plain entry does. Concealed again, the text is hidden again.
 */
void
herald_secret_row_set_concealed (HeraldSecretRow *self,
                                 gboolean         concealed)
{
  g_return_if_fail (HERALD_IS_SECRET_ROW (self));

  concealed = !!concealed;
  if (self->concealed == concealed)
    return;

  self->concealed = concealed;
  gtk_toggle_button_set_active (self->peek_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->peek_button), concealed);
  update_peek (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCEALED]);
}

gboolean
herald_secret_row_get_concealed (HeraldSecretRow *self)
{
  g_return_val_if_fail (HERALD_IS_SECRET_ROW (self), FALSE);

  return self->concealed;
}

/**
 * herald_secret_row_get_secret:
 *
 * Returns: the text typed, whether it is shown or not
 */
const char *
herald_secret_row_get_secret (HeraldSecretRow *self)
{
  g_return_val_if_fail (HERALD_IS_SECRET_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (get_text_widget (self)));
}

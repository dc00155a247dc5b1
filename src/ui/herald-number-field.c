/* herald-number-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "herald-number-field.h"

/* A spin button takes whatever is typed into it: GTK 4.8 reads "fast" as
 * 0 when the field loses the focus, and says nothing. A watched field
 * refuses text that is no number (or no whole number, for one without
 * decimals, or outside its range): it keeps its last value, is marked as
 * an error, and its row's subtitle (and the field's tooltip and accessible
 * description) says what was wrong and what to type. The next number
 * typed clears it. */

typedef struct
{
  AdwActionRow *row;       /* unowned: the spin button lives in it */
  char         *subtitle;  /* the row's own subtitle, given back */
  gboolean      error;
  char         *kept;      /* the text of the value kept, shown since */
} Field;

static GQuark field_quark;

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->kept);
  g_free (field->subtitle);
  g_free (field);
}

/* A value as GTK shows it in the field (its default output). */
static char *
format_value (GtkSpinButton *spin,
              double         value)
{
  return g_strdup_printf ("%0.*f", (int) gtk_spin_button_get_digits (spin), value);
}

static void
set_error (GtkSpinButton *spin,
           Field         *field,
           const char    *message)
{
  if (message != NULL)
    {
      /* The row's own subtitle, to give back once a number comes. */
      if (!field->error)
        {
          g_free (field->subtitle);
          field->subtitle = g_strdup (adw_action_row_get_subtitle (field->row));
        }
      field->error = TRUE;
      gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (spin), message);
      adw_action_row_set_subtitle (field->row, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
  else if (field->error)
    {
      field->error = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (spin), NULL);
      adw_action_row_set_subtitle (field->row, field->subtitle);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static int
input_cb (GtkSpinButton *spin,
          double        *new_value,
          Field         *field)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  g_autofree char *kept = format_value (spin, gtk_spin_button_get_value (spin));
  g_autofree char *message = NULL;
  gboolean whole = gtk_spin_button_get_digits (spin) == 0;
  char *end = NULL;
  double value = 0;

  /* Emptied (on the way to new text, or left so): the value stays, and
   * nothing is said yet. */
  if (*text == '\0')
    return GTK_INPUT_ERROR;

  /* What GTK itself reads: the locale's decimal point. */
  value = g_strtod (text, &end);

  if (end == NULL || *end != '\0' || !isfinite (value))
    {
      if (whole)
        /* Translators: %s is what was typed, then the value kept */
        message = g_strdup_printf (_("“%s” is not a whole number, so the value stays %s. Type digits, such as 42."),
                                   text, kept);
      else
        /* Translators: %s is what was typed, then the value kept */
        message = g_strdup_printf (_("“%s” is not a number, so the value stays %s. Type a number, such as 50.0."),
                                   text, kept);
    }
  else if (whole && value != floor (value))
    message = g_strdup_printf (_("“%s” is not a whole number, so the value stays %s. Type digits, such as 42."),
                               text, kept);
  else if (value < gtk_adjustment_get_lower (adjustment) || value > gtk_adjustment_get_upper (adjustment))
    {
      g_autofree char *lower = format_value (spin, gtk_adjustment_get_lower (adjustment));
      g_autofree char *upper = format_value (spin, gtk_adjustment_get_upper (adjustment));

      /* Translators: %s is what was typed, the value kept, the lowest and the highest value allowed */
      message = g_strdup_printf (_("%s is out of range, so the value stays %s. Type a number from %s to %s."),
                                 text, kept, lower, upper);
    }

  /* Refused, the field shows the value kept: read again (GTK does at
   * once, and the page whenever it builds the command), that is no new
   * number typed, and the error stays until one is. */
  if (message == NULL && field->error && g_strcmp0 (text, field->kept) == 0)
    {
      *new_value = value;
      return TRUE;
    }

  set_error (spin, field, message);
  if (message != NULL)
    {
      g_free (field->kept);
      field->kept = g_steal_pointer (&kept);
      return GTK_INPUT_ERROR;
    }

  *new_value = value;
  return TRUE;
}

/**
 * herald_number_field_watch:
 * @spin: a spin button
 * @row: the row it is in, whose subtitle tells an error
 *
 * Makes @spin refuse text that is not a number it can take, visibly, and
 * keep its last value instead.
 */
void
herald_number_field_watch (GtkSpinButton *spin,
                           AdwActionRow  *row)
{
  Field *field;

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  if (field_quark == 0)
    field_quark = g_quark_from_static_string ("herald-number-field");
  if (g_object_get_qdata (G_OBJECT (spin), field_quark) != NULL)
    return;

  field = g_new0 (Field, 1);
  field->row = row;
  g_object_set_qdata_full (G_OBJECT (spin), field_quark, field, field_free);

  /* Invalid text keeps the last value instead of becoming 0. */
  gtk_spin_button_set_update_policy (spin, GTK_UPDATE_IF_VALID);
  g_signal_connect (spin, "input", G_CALLBACK (input_cb), field);
}

/**
 * herald_number_field_has_error:
 *
 * Returns: whether the text last typed into @spin was refused
 */
gboolean
herald_number_field_has_error (GtkSpinButton *spin)
{
  Field *field;

  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), FALSE);

  field = field_quark != 0 ? g_object_get_qdata (G_OBJECT (spin), field_quark) : NULL;
  return field != NULL && field->error;
}

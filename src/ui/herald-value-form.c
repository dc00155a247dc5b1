/* herald-value-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-data-type.h"
#include "herald-number-field.h"
#include "herald-value-form.h"

/* One typed field per property of a capability, as rows of a list box: a
 * switch for a boolean, a spin button with the unit for integer, float and
 * double, an entry for long (it may pass a spin button's exact range),
 * string, date and base64 binary. What they hold is read with the digits
 * the user sees and typed by HeraldCommandBuilder in the core, with the
 * service's rules; a field it refuses is marked on its row. The command
 * composer's values and the measures the device sends. ::changed says a
 * field changed. */

struct _HeraldValueForm
{
  GObject           parent_instance;

  GtkListBox       *list;      /* not owned: the page's */
  HeraldCapability *capability;
  GPtrArray        *fields;    /* GtkWidget *, the value widget per property */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldValueForm, herald_value_form, G_TYPE_OBJECT)

static void
herald_value_form_dispose (GObject *object)
{
  HeraldValueForm *self = HERALD_VALUE_FORM (object);

  g_ptr_array_set_size (self->fields, 0);
  g_clear_weak_pointer (&self->list);
  g_clear_object (&self->capability);

  G_OBJECT_CLASS (herald_value_form_parent_class)->dispose (object);
}

static void
herald_value_form_finalize (GObject *object)
{
  HeraldValueForm *self = HERALD_VALUE_FORM (object);

  g_ptr_array_unref (self->fields);

  G_OBJECT_CLASS (herald_value_form_parent_class)->finalize (object);
}

static void
herald_value_form_class_init (HeraldValueFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_value_form_dispose;
  object_class->finalize = herald_value_form_finalize;

  /**
   * HeraldValueForm::changed:
   *
   * A field's value changed, or the fields were made anew.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_value_form_init (HeraldValueForm *self)
{
  self->fields = g_ptr_array_new ();
}

/**
 * herald_value_form_new:
 * @list: the list box whose rows the fields are (its placeholder says
 *   they come with a capability)
 */
HeraldValueForm *
herald_value_form_new (GtkListBox *list)
{
  HeraldValueForm *self;
  GtkWidget *placeholder;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);

  self = g_object_new (HERALD_TYPE_VALUE_FORM, NULL);
  g_set_weak_pointer (&self->list, list);

  placeholder = gtk_label_new (_("The capability’s properties appear here once a capability is picked."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (list, placeholder);

  return self;
}

static void
field_changed_cb (HeraldValueForm *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The text of a field exactly as the user sees it: the digits matter. */
static char *
field_literal (GtkWidget *field)
{
  if (GTK_IS_SWITCH (field))
    return g_strdup (gtk_switch_get_active (GTK_SWITCH (field)) ? "true" : "false");
  if (GTK_IS_SPIN_BUTTON (field))
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (field);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *format = g_strdup_printf ("%%.%uf", gtk_spin_button_get_digits (spin));

      gtk_spin_button_update (spin);
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, gtk_spin_button_get_value (spin)));
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
}

static GtkWidget *
make_field (HeraldValueForm *self,
            HeraldProperty  *property)
{
  HeraldDataType type = herald_property_get_data_type (property);
  const char *name = herald_property_get_name (property);
  const char *unit = herald_property_get_unit_of_measure (property);
  GtkWidget *row;
  GtkWidget *field;

  switch (type)
    {
    case HERALD_DATA_TYPE_BOOLEAN:
      row = adw_action_row_new ();
      field = gtk_switch_new ();
      gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field);
      g_signal_connect_object (field, "notify::active", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
      break;

    case HERALD_DATA_TYPE_INTEGER:
    case HERALD_DATA_TYPE_FLOAT:
    case HERALD_DATA_TYPE_DOUBLE:
      row = adw_action_row_new ();
      if (type == HERALD_DATA_TYPE_INTEGER)
        field = gtk_spin_button_new_with_range (G_MININT32, G_MAXINT32, 1);
      else
        {
          /* Exact digits to 2^53; one decimal, as the tutorial's 50.0. */
          field = gtk_spin_button_new_with_range (-9007199254740992.0, 9007199254740992.0, 0.1);
          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (field), 1);
        }
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field), 0);
      herald_number_field_watch (GTK_SPIN_BUTTON (field), ADW_ACTION_ROW (row));
      gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
      if (unit != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (unit));
      g_signal_connect_object (field, "value-changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
      break;

    case HERALD_DATA_TYPE_LONG:
    case HERALD_DATA_TYPE_STRING:
    case HERALD_DATA_TYPE_DATE:
    case HERALD_DATA_TYPE_BINARY:
    default:
      /* A long may pass 2^53, beyond a spin button's exact range: text. */
      row = adw_entry_row_new ();
      field = row;
      if (type == HERALD_DATA_TYPE_LONG)
        gtk_editable_set_text (GTK_EDITABLE (row), "0");
      if (unit != NULL)
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), gtk_label_new (unit));
      g_signal_connect_object (field, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (ADW_IS_ACTION_ROW (row))
    {
      /* Translators: a data type, e.g. "Float" */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), herald_data_type_get_label (type));
    }
  /* A switch is the row's activatable widget, which libadwaita labels with
   * the row's title: a label of its own too, and GTK 4.8 reads both ("LED
   * LED"). */
  if (field != row && !GTK_IS_SWITCH (field))
    gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (field), "row", row);
  gtk_list_box_append (self->list, row);

  return field;
}

/**
 * herald_value_form_set_capability:
 * @capability: (nullable): whose properties get a field each
 *
 * Makes the fields anew, each at its type's zero.
 */
void
herald_value_form_set_capability (HeraldValueForm  *self,
                                  HeraldCapability *capability)
{
  GtkListBoxRow *row;

  g_return_if_fail (HERALD_IS_VALUE_FORM (self));
  g_return_if_fail (!capability || HERALD_IS_CAPABILITY (capability));

  g_set_object (&self->capability, capability);
  if (self->list == NULL)
    return;

  /* By row: the list's first child may be its placeholder, which must stay. */
  g_ptr_array_set_size (self->fields, 0);
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));

  if (capability != NULL)
    {
      GListModel *properties = herald_capability_get_properties (capability);

      for (guint i = 0; i < g_list_model_get_n_items (properties); i++)
        {
          g_autoptr(HeraldProperty) property = g_list_model_get_item (properties, i);

          g_ptr_array_add (self->fields, make_field (self, property));
        }
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_value_form_get_capability:
 *
 * Returns: (transfer none) (nullable): whose properties the fields are
 */
HeraldCapability *
herald_value_form_get_capability (HeraldValueForm *self)
{
  g_return_val_if_fail (HERALD_IS_VALUE_FORM (self), NULL);
  return self->capability;
}

guint
herald_value_form_get_n_fields (HeraldValueForm *self)
{
  g_return_val_if_fail (HERALD_IS_VALUE_FORM (self), 0);
  return self->fields->len;
}

/**
 * herald_value_form_get_field:
 *
 * Returns: (transfer none): the widget that holds the value of the
 *   capability's property at @position (a switch, a spin button, an entry
 *   row); its row is its "row" data
 */
GtkWidget *
herald_value_form_get_field (HeraldValueForm *self,
                             guint            position)
{
  g_return_val_if_fail (HERALD_IS_VALUE_FORM (self), NULL);
  g_return_val_if_fail (position < self->fields->len, NULL);
  return g_ptr_array_index (self->fields, position);
}

/**
 * herald_value_form_build:
 * @flavor: how the values are typed: strings (classic) or typed JSON
 *
 * Returns: (transfer full) (nullable): the values, or %NULL with @error set
 *   (naming the property, saying what to type) and the field's row marked
 *   when one cannot be read as its type, or without a capability
 */
HeraldCommandBuilder *
herald_value_form_build (HeraldValueForm     *self,
                         HeraldCommandFlavor  flavor,
                         GError             **error)
{
  g_autoptr(HeraldCommandBuilder) builder = NULL;
  GListModel *properties;

  g_return_val_if_fail (HERALD_IS_VALUE_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    gtk_widget_remove_css_class (g_object_get_data (g_ptr_array_index (self->fields, i), "row"), "error");

  if (self->capability == NULL)
    {
      g_set_error_literal (error, HERALD_COMMAND_ERROR, HERALD_COMMAND_ERROR_UNKNOWN_PROPERTY,
                           _("Pick a capability first: its properties are the values to send."));
      return NULL;
    }

  properties = herald_capability_get_properties (self->capability);
  builder = herald_command_builder_new (flavor);
  for (guint i = 0; i < self->fields->len && i < g_list_model_get_n_items (properties); i++)
    {
      g_autoptr(HeraldProperty) property = g_list_model_get_item (properties, i);
      GtkWidget *field = g_ptr_array_index (self->fields, i);
      g_autofree char *literal = field_literal (field);

      if (!herald_command_builder_add_value (builder, herald_property_get_name (property),
                                             herald_property_get_data_type (property),
                                             literal, error))
        {
          gtk_widget_add_css_class (g_object_get_data (G_OBJECT (field), "row"), "error");
          return NULL;
        }
    }

  return g_steal_pointer (&builder);
}

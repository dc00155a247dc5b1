/* herald-property-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-property-row.h"

/* One property of a capability in the form: name, one of the eight data
 * types, and a unit. Removing it is up to the list it is in. */

struct _HeraldPropertyRow
{
  GtkListBoxRow  parent_instance;

  GtkEntry      *name_entry;
  GtkDropDown   *type_dropdown;
  GtkEntry      *unit_entry;
};

G_DEFINE_FINAL_TYPE (HeraldPropertyRow, herald_property_row, GTK_TYPE_LIST_BOX_ROW)

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkWidget *list = gtk_widget_get_parent (widget);

  if (GTK_IS_LIST_BOX (list))
    gtk_list_box_remove (GTK_LIST_BOX (list), widget);
}

/* The row takes the keyboard focus on its way to its fields: it is named
 * after the property. */
static void
update_accessible (HeraldPropertyRow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_autofree char *label = NULL;

  if (name == NULL || *name == '\0')
    label = g_strdup (_("Property without a name"));
  else
    label = g_strdup_printf (_("Property “%s”"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
name_changed_cb (HeraldPropertyRow *self)
{
  herald_property_row_set_error (self, FALSE);
  update_accessible (self);
}

static void
herald_property_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_PROPERTY_ROW);

  G_OBJECT_CLASS (herald_property_row_parent_class)->dispose (object);
}

static void
herald_property_row_class_init (HeraldPropertyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_property_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-property-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldPropertyRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldPropertyRow, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldPropertyRow, unit_entry);

  gtk_widget_class_install_action (widget_class, "property.remove", NULL, remove_action);
}

static void
herald_property_row_init (HeraldPropertyRow *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = HERALD_DATA_TYPE_INTEGER; i <= HERALD_DATA_TYPE_DATE; i++)
    gtk_string_list_append (types, herald_data_type_get_label (i));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));

  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (name_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

HeraldPropertyRow *
herald_property_row_new (const char     *name,
                         HeraldDataType  data_type,
                         const char     *unit)
{
  HeraldPropertyRow *self = g_object_new (HERALD_TYPE_PROPERTY_ROW, NULL);

  if (data_type < HERALD_DATA_TYPE_INTEGER || data_type > HERALD_DATA_TYPE_DATE)
    data_type = HERALD_DATA_TYPE_STRING;

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
  gtk_drop_down_set_selected (self->type_dropdown, data_type - HERALD_DATA_TYPE_INTEGER);
  gtk_editable_set_text (GTK_EDITABLE (self->unit_entry), unit ? unit : "");

  return self;
}

const char *
herald_property_row_get_name (HeraldPropertyRow *self)
{
  g_return_val_if_fail (HERALD_IS_PROPERTY_ROW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

HeraldDataType
herald_property_row_get_data_type (HeraldPropertyRow *self)
{
  g_return_val_if_fail (HERALD_IS_PROPERTY_ROW (self), HERALD_DATA_TYPE_INVALID);
  return HERALD_DATA_TYPE_INTEGER + gtk_drop_down_get_selected (self->type_dropdown);
}

const char *
herald_property_row_get_unit (HeraldPropertyRow *self)
{
  g_return_val_if_fail (HERALD_IS_PROPERTY_ROW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->unit_entry));
}

/**
 * herald_property_row_set_error:
 *
 * Marks the name as the field to fix, and focuses it.
 */
void
herald_property_row_set_error (HeraldPropertyRow *self,
                               gboolean           error)
{
  g_return_if_fail (HERALD_IS_PROPERTY_ROW (self));

  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");
}

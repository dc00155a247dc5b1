/* herald-capability-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-capability-page.h"
#include "herald-property-row.h"

struct _HeraldCapabilityPage
{
  HeraldEntityPage    parent_instance;

  GtkLabel           *current_label;
  AdwEntryRow        *name_row;
  GtkListBox         *properties_list;
  HeraldEntityPicker *picker;
  HeraldExchangeView *exchange_view;
};

G_DEFINE_FINAL_TYPE (HeraldCapabilityPage, herald_capability_page, HERALD_TYPE_ENTITY_PAGE)

static HeraldEntity *
herald_capability_page_build (HeraldEntityPage *page)
{
  HeraldCapabilityPage *self = HERALD_CAPABILITY_PAGE (page);
  g_autoptr(HeraldCapability) capability = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  guint n = 0;

  if (!herald_entity_page_check_name (page, GTK_EDITABLE (self->name_row)))
    return NULL;

  capability = herald_capability_new (name);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->properties_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HeraldPropertyRow *row;
      g_autoptr(HeraldProperty) property = NULL;
      const char *property_name;
      const char *unit;

      if (!HERALD_IS_PROPERTY_ROW (child))
        continue;

      row = HERALD_PROPERTY_ROW (child);
      property_name = herald_property_row_get_name (row);
      unit = herald_property_row_get_unit (row);

      if (*property_name == '\0' || g_hash_table_contains (names, property_name))
        {
          herald_property_row_set_error (row, TRUE);
          herald_page_show_error (HERALD_PAGE (self),
                                  *property_name == '\0'
                                  ? _("Every property needs a name.")
                                  : _("Two properties have the same name. Give each its own."));
          return NULL;
        }
      g_hash_table_add (names, (gpointer) property_name);

      property = herald_property_new (property_name,
                                      herald_property_row_get_data_type (row),
                                      *unit != '\0' ? unit : NULL);
      herald_capability_add_property (capability, property);
      n++;
    }

  if (n == 0)
    {
      herald_page_show_error (HERALD_PAGE (self), _("Add at least one property."));
      return NULL;
    }

  return HERALD_ENTITY (g_steal_pointer (&capability));
}

static void
add_property (HeraldCapabilityPage *self,
              const char           *name,
              HeraldDataType        data_type,
              const char           *unit)
{
  gtk_list_box_append (self->properties_list,
                       GTK_WIDGET (herald_property_row_new (name, data_type, unit)));
}

static void
add_property_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HeraldCapabilityPage *self = HERALD_CAPABILITY_PAGE (widget);
  GtkWidget *row;

  add_property (self, "", HERALD_DATA_TYPE_STRING, NULL);
  row = gtk_widget_get_last_child (GTK_WIDGET (self->properties_list));
  gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
}

static void
herald_capability_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_CAPABILITY_PAGE);

  G_OBJECT_CLASS (herald_capability_page_parent_class)->dispose (object);
}

static void
herald_capability_page_class_init (HeraldCapabilityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HeraldEntityPageClass *entity_class = HERALD_ENTITY_PAGE_CLASS (klass);

  object_class->dispose = herald_capability_page_dispose;
  entity_class->entity_type = HERALD_TYPE_CAPABILITY;
  entity_class->list = herald_api_client_list_capabilities_async;
  entity_class->build = herald_capability_page_build;
  entity_class->workspace_property = "capability";

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-capability-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldCapabilityPage, current_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldCapabilityPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCapabilityPage, properties_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldCapabilityPage, picker);
  gtk_widget_class_bind_template_child (widget_class, HeraldCapabilityPage, exchange_view);

  gtk_widget_class_install_action (widget_class, "capability.add-property", NULL, add_property_action);
}

static void
herald_capability_page_init (HeraldCapabilityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  herald_entity_page_set_widgets (HERALD_ENTITY_PAGE (self), self->picker, self->exchange_view,
                                  self->current_label);

  /* The tutorial's example, ready to send. */
  add_property (self, "LED", HERALD_DATA_TYPE_BOOLEAN, NULL);
  add_property (self, "Buzzer", HERALD_DATA_TYPE_BOOLEAN, NULL);
  add_property (self, "Speed", HERALD_DATA_TYPE_FLOAT, "mph");
}

/* herald-step-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-step-row.h"

/* One step in the sidebar: its number, or a check mark once it is done,
 * and its title. The row's accessible name is the title; whether the step
 * is done is its accessible description. Its `step.open` action, which
 * assistive technologies list, opens the step as Enter or a click does. */

struct _HeraldStepRow
{
  GtkListBoxRow  parent_instance;

  char          *title;
  char          *page_name;
  guint          number;
  gboolean       complete;

  GtkLabel      *number_label;
  GtkImage      *done_image;
  GtkLabel      *title_label;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_PAGE_NAME,
  PROP_NUMBER,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldStepRow, herald_step_row, GTK_TYPE_LIST_BOX_ROW)

static void
update_accessible (HeraldStepRow *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->complete ? _("Done") : _("Not done yet"),
                                  -1);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  /* The list box turns the row's activation into row-activated. */
  gtk_widget_activate (widget);
}

static void
herald_step_row_finalize (GObject *object)
{
  HeraldStepRow *self = HERALD_STEP_ROW (object);

  g_free (self->title);
  g_free (self->page_name);

  G_OBJECT_CLASS (herald_step_row_parent_class)->finalize (object);
}

static void
herald_step_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_STEP_ROW);

  G_OBJECT_CLASS (herald_step_row_parent_class)->dispose (object);
}

static void
herald_step_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HeraldStepRow *self = HERALD_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_PAGE_NAME:
      g_value_set_string (value, self->page_name);
      break;
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_step_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HeraldStepRow *self = HERALD_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      gtk_label_set_label (self->title_label, self->title);
      update_accessible (self);
      break;
    case PROP_PAGE_NAME:
      g_free (self->page_name);
      self->page_name = g_value_dup_string (value);
      break;
    case PROP_NUMBER:
      {
        g_autofree char *text = NULL;

        self->number = g_value_get_uint (value);
        text = g_strdup_printf ("%u", self->number);
        gtk_label_set_label (self->number_label, text);
      }
      break;
    case PROP_COMPLETE:
      herald_step_row_set_complete (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_step_row_class_init (HeraldStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_step_row_dispose;
  object_class->finalize = herald_step_row_finalize;
  object_class->get_property = herald_step_row_get_property;
  object_class->set_property = herald_step_row_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_NAME] =
    g_param_spec_string ("page-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, 99, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldStepRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldStepRow, done_image);
  gtk_widget_class_bind_template_child (widget_class, HeraldStepRow, title_label);

  gtk_widget_class_install_action (widget_class, "step.open", NULL, open_action);
}

static void
herald_step_row_init (HeraldStepRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
herald_step_row_get_title (HeraldStepRow *self)
{
  g_return_val_if_fail (HERALD_IS_STEP_ROW (self), NULL);
  return self->title;
}

const char *
herald_step_row_get_page_name (HeraldStepRow *self)
{
  g_return_val_if_fail (HERALD_IS_STEP_ROW (self), NULL);
  return self->page_name;
}

guint
herald_step_row_get_number (HeraldStepRow *self)
{
  g_return_val_if_fail (HERALD_IS_STEP_ROW (self), 0);
  return self->number;
}

gboolean
herald_step_row_get_complete (HeraldStepRow *self)
{
  g_return_val_if_fail (HERALD_IS_STEP_ROW (self), FALSE);
  return self->complete;
}

void
herald_step_row_set_complete (HeraldStepRow *self,
                              gboolean       complete)
{
  g_return_if_fail (HERALD_IS_STEP_ROW (self));

  complete = !!complete;
  if (self->complete == complete)
    return;

  self->complete = complete;
  gtk_widget_set_visible (GTK_WIDGET (self->done_image), complete);
  gtk_widget_set_visible (GTK_WIDGET (self->number_label), !complete);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

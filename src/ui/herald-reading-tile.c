/* herald-reading-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-reading-tile.h"

/* One value of the command the device received, big enough to read from
 * the back of a room: the property's name, then a lamp and "On"/"Off" for
 * a switch, a figure and its unit for a number, the text for anything else.
 * Sizes are in em, so they follow the window's text scale. A value that
 * changed with the last command is highlighted for a moment; screen readers
 * get "name: value unit" as the tile's label.
 */

#define HIGHLIGHT_MS 1500

struct _HeraldReadingTile
{
  GtkWidget      parent_instance;

  HeraldReading *reading;
  GtkWidget     *box;
  GtkLabel      *name_label;
  GtkWidget     *lamp;
  GtkLabel      *value_label;
  GtkLabel      *unit_label;
  GtkLabel      *problem_label;
  guint          highlight_source;
};

G_DEFINE_FINAL_TYPE (HeraldReadingTile, herald_reading_tile, GTK_TYPE_WIDGET)

static void
herald_reading_tile_dispose (GObject *object)
{
  HeraldReadingTile *self = HERALD_READING_TILE (object);

  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->reading);

  G_OBJECT_CLASS (herald_reading_tile_parent_class)->dispose (object);
}

static void
herald_reading_tile_class_init (HeraldReadingTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_reading_tile_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "readingtile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkLabel *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);

  return GTK_LABEL (label);
}

static void
herald_reading_tile_init (HeraldReadingTile *self)
{
  GtkWidget *value_box;

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* Nothing here is selectable: a view to look at, whose first label would
   * otherwise take the focus and show all its text selected. The History
   * has the message to copy. */
  self->name_label = add_label (self->box, "herald-reading-name");

  value_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (self->box), value_box);

  self->lamp = gtk_image_new ();
  gtk_widget_add_css_class (self->lamp, "herald-lamp");
  gtk_widget_set_valign (self->lamp, GTK_ALIGN_CENTER);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->lamp), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (value_box), self->lamp);

  self->value_label = add_label (value_box, "herald-figure");
  gtk_widget_set_valign (GTK_WIDGET (self->value_label), GTK_ALIGN_BASELINE);

  self->unit_label = add_label (value_box, "herald-unit");
  gtk_widget_set_valign (GTK_WIDGET (self->unit_label), GTK_ALIGN_BASELINE);

  self->problem_label = add_label (self->box, "error");
}

GtkWidget *
herald_reading_tile_new (void)
{
  return g_object_new (HERALD_TYPE_READING_TILE, NULL);
}

static gboolean
highlight_done_cb (gpointer data)
{
  HeraldReadingTile *self = data;

  self->highlight_source = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (self), "herald-arrived");

  return G_SOURCE_REMOVE;
}

HeraldReading *
herald_reading_tile_get_reading (HeraldReadingTile *self)
{
  g_return_val_if_fail (HERALD_IS_READING_TILE (self), NULL);

  return self->reading;
}

/**
 * herald_reading_tile_get_value_text:
 *
 * Returns: the value as the tile shows it ("On", "50.0", …)
 */
const char *
herald_reading_tile_get_value_text (HeraldReadingTile *self)
{
  g_return_val_if_fail (HERALD_IS_READING_TILE (self), NULL);

  return gtk_label_get_text (self->value_label);
}

void
herald_reading_tile_set_reading (HeraldReadingTile *self,
                                 HeraldReading     *reading)
{
  HeraldReadingKind kind;
  const char *unit;
  const char *problem;
  const char *value;
  g_autofree char *description = NULL;

  g_return_if_fail (HERALD_IS_READING_TILE (self));
  g_return_if_fail (HERALD_IS_READING (reading));

  g_set_object (&self->reading, reading);
  kind = herald_reading_get_kind (reading);
  unit = kind == HERALD_READING_KIND_NUMBER ? herald_reading_get_unit (reading) : NULL;
  problem = herald_reading_get_problem (reading);

  if (kind == HERALD_READING_KIND_SWITCH)
    /* Translators: a boolean command value, as a lamp shows it */
    value = herald_reading_get_active (reading) ? C_("switch", "On") : C_("switch", "Off");
  else
    value = herald_reading_get_text (reading);

  gtk_label_set_text (self->name_label, herald_reading_get_name (reading));
  gtk_label_set_text (self->value_label, value);
  gtk_label_set_text (self->unit_label, unit != NULL ? unit : "");
  gtk_widget_set_visible (GTK_WIDGET (self->unit_label), unit != NULL);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);

  gtk_widget_set_visible (self->lamp, kind == HERALD_READING_KIND_SWITCH);
  if (kind == HERALD_READING_KIND_SWITCH && herald_reading_get_active (reading))
    gtk_widget_add_css_class (self->lamp, "on");
  else
    gtk_widget_remove_css_class (self->lamp, "on");

  /* A figure takes the big type and keeps one line; free text wraps. */
  gtk_label_set_wrap (self->value_label, kind == HERALD_READING_KIND_TEXT);
  if (kind == HERALD_READING_KIND_TEXT)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "herald-figure");
      gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "herald-text-value");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "herald-text-value");
      gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "herald-figure");
    }

  /* Translators: how a screen reader says one value of a received command,
   * e.g. "Speed: 50.0 mph" */
  description = g_strdup_printf (_("%s: %s %s"), herald_reading_get_name (reading), value, unit != NULL ? unit : "");
  g_strchomp (description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  if (problem != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (herald_reading_get_changed (reading))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "herald-arrived");
      g_clear_handle_id (&self->highlight_source, g_source_remove);
      self->highlight_source = g_timeout_add (HIGHLIGHT_MS, highlight_done_cb, self);
      g_source_set_name_by_id (self->highlight_source, "[herald] reading highlight");
    }
}

/* Each kind of value's text, its figures at their size. */
static void
measure_texts (HeraldReadingTile *self)
{
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, -1, NULL, NULL, NULL, NULL);
}

/**
 * herald_reading_tile_prepare_fonts:
 * @parent: where tiles will be, whose text size they take
 *
 * Loads the fonts of a tile's texts at their sizes: a tile is made, given
 * to @parent for as long as its texts are measured, and dropped. Until
 * then the first command's tiles are the first text at these sizes and
 * weights: fontconfig finds the fonts, FreeType loads and hints their
 * figures and HarfBuzz shapes them in the first command's frame (a third
 * of its busiest moment under a flood). Call it before commands come, in
 * an idle: it takes a few milliseconds.
 */
void
herald_reading_tile_prepare_fonts (GtkWidget *parent)
{
  g_autoptr(HeraldReadingTile) self = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));

  self = g_object_ref_sink (HERALD_READING_TILE (herald_reading_tile_new ()));
  gtk_label_set_text (self->name_label, "Speed Temperature LED");
  gtk_label_set_text (self->value_label, "-0123456789.e+ On Off");
  gtk_label_set_text (self->unit_label, "mph °C % km/h");
  gtk_widget_set_parent (GTK_WIDGET (self), parent);
  measure_texts (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "herald-figure");
  gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "herald-text-value");
  measure_texts (self);
  gtk_widget_unparent (GTK_WIDGET (self));
}

/* herald-history-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-history-pane.h"

/* The device side: what the MQTT session saw, always beside the steps. */

struct _HeraldHistoryPane
{
  AdwBin      parent_instance;

  GtkLabel   *count_label;
};

G_DEFINE_FINAL_TYPE (HeraldHistoryPane, herald_history_pane, ADW_TYPE_BIN)

static void
herald_history_pane_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_HISTORY_PANE);

  G_OBJECT_CLASS (herald_history_pane_parent_class)->dispose (object);
}

static void
herald_history_pane_class_init (HeraldHistoryPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_history_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-history-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, count_label);
}

static void
herald_history_pane_init (HeraldHistoryPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

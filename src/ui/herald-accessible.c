/* herald-accessible.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "herald-accessible.h"

/* Accessible names that GTK 4.8 and libadwaita 1.2 (the Debian 12 floor)
 * get wrong, put right for every widget of the process:
 *
 * - A GtkButton with a mnemonic label ("_Connect") is named
 *   "_Connect Connect": gtk_button_set_label() sets the raw label as the
 *   accessible label and, besides, relates the button to its GtkLabel,
 *   and GTK 4.8 joins both. Resetting the accessible label leaves the
 *   relation: the name becomes the visible label, "Connect".
 * - A GtkDropDown's button, which takes the keyboard focus, has no name
 *   (AT-SPI shows "GtkToggleButton"): it is labelled by the drop-down,
 *   which carries the name given in the .ui file.
 * - AdwPasswordEntryRow's "Show Text" button has only a tooltip: it is
 *   named as its tooltip, as Herald's own icon buttons are.
 *
 * herald_accessible_init() fixes each widget when it is mapped, and the
 * hidden widgets below it (a closed revealer, a stack's other pages), so
 * that assistive technologies see the right names in the whole tree. */

static GQuark fixed_quark;

static void
button_label_changed_cb (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
tooltip_changed_cb (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
fix_one (GtkWidget *widget)
{
  GtkWidget *parent;

  if (!GTK_IS_BUTTON (widget))
    return;

  /* The widgets are fixed once; the handlers keep them right. */
  if (g_object_get_qdata (G_OBJECT (widget), fixed_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (widget), fixed_quark, GINT_TO_POINTER (TRUE));

  parent = gtk_widget_get_parent (widget);
  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (parent))
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, parent, NULL,
                                      -1);
      return;
    }

  if (gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
      gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
    {
      g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (tooltip_changed_cb), NULL);
      tooltip_changed_cb (widget);
      return;
    }

  g_signal_connect (widget, "notify::label", G_CALLBACK (button_label_changed_cb), NULL);
  g_signal_connect (widget, "notify::use-underline", G_CALLBACK (button_label_changed_cb), NULL);
  button_label_changed_cb (GTK_BUTTON (widget));
}

/* @widget, and below it the widgets GTK does not map with it (all of them
 * when @hidden): a hidden one is not mapped, nor is anything below it. A
 * mapped child is left alone: it was fixed when it was mapped. */
static void
fix_tree (GtkWidget *widget,
          gboolean   hidden)
{
  fix_one (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (hidden || !gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        fix_tree (child, TRUE);
    }
}

/**
 * herald_accessible_fix:
 *
 * Fixes @widget and the widgets below it that are not mapped (all of them
 * below a widget not mapped: a page built and not shown yet); those mapped
 * were fixed when they were.
 */
void
herald_accessible_fix (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  fix_tree (widget, !gtk_widget_get_mapped (widget));
}

/* Emission hooks run after a "map" signal's class handler, which maps the
 * widget's children first (and so has run this hook for each): each widget
 * fixes only itself and its hidden parts. Walking the mapped children again
 * from each of their ancestors made the window's first map walk the tree
 * once per level of it. */
static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_params,
          const GValue          *params,
          gpointer               user_data)
{
  fix_tree (g_value_get_object (&params[0]), FALSE);

  return TRUE;
}

/**
 * herald_accessible_init:
 *
 * Puts the accessible names right (see above) for every widget mapped from
 * now on. Idempotent.
 */
void
herald_accessible_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      fixed_quark = g_quark_from_static_string ("herald-accessible-fixed");
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  map_hook, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}

/* herald-menu-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-menu-button.h"

/* A GtkMenuButton given a menu model builds the whole popover at once: a
 * GtkPopoverMenu with a button, labels and an accelerator label for each
 * item, made, styled and kept while nobody opens it. The main menu has
 * seventeen items, built before the window's first frame for nothing. So
 * the button gets the model when it is first opened (a click, Enter,
 * F10 on the primary menu, or gtk_menu_button_popup()). */

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       data)
{
  /* GTK calls this on each opening: the model is set the first time only,
   * and GTK then shows the popover it made from it. */
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (data));
}

void
herald_menu_button_set_menu_on_demand (GtkMenuButton *button,
                                       GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  gtk_menu_button_set_create_popup_func (button, create_popup_cb,
                                         g_object_ref (model), g_object_unref);
}

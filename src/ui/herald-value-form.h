/* herald-value-form.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-capability.h"
#include "herald-command-builder.h"

G_BEGIN_DECLS

#define HERALD_TYPE_VALUE_FORM (herald_value_form_get_type ())

G_DECLARE_FINAL_TYPE (HeraldValueForm, herald_value_form, HERALD, VALUE_FORM, GObject)

HeraldValueForm      *herald_value_form_new            (GtkListBox          *list);
void                  herald_value_form_set_capability (HeraldValueForm     *self,
                                                        HeraldCapability    *capability);
HeraldCapability     *herald_value_form_get_capability (HeraldValueForm     *self);
guint                 herald_value_form_get_n_fields   (HeraldValueForm     *self);
GtkWidget            *herald_value_form_get_field      (HeraldValueForm     *self,
                                                        guint                position);
HeraldCommandBuilder *herald_value_form_build          (HeraldValueForm     *self,
                                                        HeraldCommandFlavor  flavor,
                                                        GError             **error);

G_END_DECLS

/* herald-property-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-data-type.h"

G_BEGIN_DECLS

#define HERALD_TYPE_PROPERTY_ROW (herald_property_row_get_type ())

G_DECLARE_FINAL_TYPE (HeraldPropertyRow, herald_property_row, HERALD, PROPERTY_ROW, GtkListBoxRow)

HeraldPropertyRow *herald_property_row_new           (const char        *name,
                                                      HeraldDataType     data_type,
                                                      const char        *unit);
const char        *herald_property_row_get_name      (HeraldPropertyRow *self);
HeraldDataType     herald_property_row_get_data_type (HeraldPropertyRow *self);
const char        *herald_property_row_get_unit      (HeraldPropertyRow *self);
void               herald_property_row_set_error     (HeraldPropertyRow *self,
                                                      gboolean           error);

G_END_DECLS

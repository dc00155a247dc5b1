/* herald-property.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "herald-data-type.h"

G_BEGIN_DECLS

#define HERALD_TYPE_PROPERTY (herald_property_get_type ())

G_DECLARE_FINAL_TYPE (HeraldProperty, herald_property, HERALD, PROPERTY, GObject)

HeraldProperty *herald_property_new                 (const char      *name,
                                                     HeraldDataType   data_type,
                                                     const char      *unit_of_measure);
HeraldProperty *herald_property_new_from_json       (JsonNode        *node,
                                                     GError         **error);
JsonNode       *herald_property_to_json             (HeraldProperty  *self);
const char     *herald_property_get_name            (HeraldProperty  *self);
void            herald_property_set_name            (HeraldProperty  *self,
                                                     const char      *name);
HeraldDataType  herald_property_get_data_type       (HeraldProperty  *self);
void            herald_property_set_data_type       (HeraldProperty  *self,
                                                     HeraldDataType   data_type);
const char     *herald_property_get_data_type_name  (HeraldProperty  *self);
const char     *herald_property_get_unit_of_measure (HeraldProperty  *self);
void            herald_property_set_unit_of_measure (HeraldProperty  *self,
                                                     const char      *unit_of_measure);

G_END_DECLS

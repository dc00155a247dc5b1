/* herald-data-type.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * HeraldDataType:
 *
 * The eight data types of a capability property (spec: "Capabilities").
 * %HERALD_DATA_TYPE_INVALID stands for a name the service does not know.
 */
typedef enum
{
  HERALD_DATA_TYPE_INVALID = 0,
  HERALD_DATA_TYPE_INTEGER,
  HERALD_DATA_TYPE_LONG,
  HERALD_DATA_TYPE_FLOAT,
  HERALD_DATA_TYPE_DOUBLE,
  HERALD_DATA_TYPE_BOOLEAN,
  HERALD_DATA_TYPE_STRING,
  HERALD_DATA_TYPE_BINARY,
  HERALD_DATA_TYPE_DATE,
} HeraldDataType;

#define HERALD_TYPE_DATA_TYPE (herald_data_type_get_type ())

GType           herald_data_type_get_type     (void) G_GNUC_CONST;
HeraldDataType  herald_data_type_from_string  (const char     *name);
const char     *herald_data_type_to_string    (HeraldDataType  data_type);
const char     *herald_data_type_get_label    (HeraldDataType  data_type);
gboolean        herald_data_type_is_numeric   (HeraldDataType  data_type);
gboolean        herald_data_type_is_integral  (HeraldDataType  data_type);

G_END_DECLS

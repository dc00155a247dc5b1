/* herald-reading.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "herald-data-type.h"

G_BEGIN_DECLS

/**
 * HeraldReadingKind:
 * @HERALD_READING_KIND_TEXT: shown as text (strings, dates, binary, and
 *   values that do not fit their property's type)
 * @HERALD_READING_KIND_SWITCH: a boolean, shown as on or off
 * @HERALD_READING_KIND_NUMBER: a number, shown as a figure with its unit
 */
typedef enum
{
  HERALD_READING_KIND_TEXT,
  HERALD_READING_KIND_SWITCH,
  HERALD_READING_KIND_NUMBER,
} HeraldReadingKind;

#define HERALD_TYPE_READING_KIND (herald_reading_kind_get_type ())
#define HERALD_TYPE_READING (herald_reading_get_type ())

GType herald_reading_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (HeraldReading, herald_reading, HERALD, READING, GObject)

HeraldReading     *herald_reading_new           (const char     *name,
                                                 HeraldDataType  data_type,
                                                 const char     *unit,
                                                 JsonNode       *value);
const char        *herald_reading_get_name      (HeraldReading  *self);
HeraldDataType     herald_reading_get_data_type (HeraldReading  *self);
const char        *herald_reading_get_unit      (HeraldReading  *self);
HeraldReadingKind  herald_reading_get_kind      (HeraldReading  *self);
gboolean           herald_reading_get_active    (HeraldReading  *self);
double             herald_reading_get_number    (HeraldReading  *self);
const char        *herald_reading_get_text      (HeraldReading  *self);
const char        *herald_reading_get_problem   (HeraldReading  *self);
gboolean           herald_reading_get_changed   (HeraldReading  *self);
void               herald_reading_set_changed   (HeraldReading  *self,
                                                 gboolean        changed);

G_END_DECLS

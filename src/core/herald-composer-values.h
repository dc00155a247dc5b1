/* herald-composer-values.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "herald-data-type.h"

G_BEGIN_DECLS

#define HERALD_COMPOSER_VALUES_ERROR (herald_composer_values_error_quark ())

typedef enum
{
  HERALD_COMPOSER_VALUES_ERROR_INVALID_VALUE,
} HeraldComposerValuesError;

#define HERALD_TYPE_COMPOSER_VALUES (herald_composer_values_get_type ())

G_DECLARE_FINAL_TYPE (HeraldComposerValues, herald_composer_values, HERALD, COMPOSER_VALUES, GObject)

GQuark                herald_composer_values_error_quark (void);
HeraldComposerValues *herald_composer_values_new         (gboolean               as_strings);
gboolean              herald_composer_values_add         (HeraldComposerValues  *self,
                                                          const char            *name,
                                                          HeraldDataType         data_type,
                                                          const char            *literal,
                                                          GError               **error);
char                 *herald_composer_values_to_json     (HeraldComposerValues  *self);

G_END_DECLS

/* herald-value-generator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * HeraldValueGeneratorKind:
 * @HERALD_VALUE_GENERATOR_CONSTANT: the same value each time
 * @HERALD_VALUE_GENERATOR_STEP: from the least value up by a step, back to
 *   the least past the greatest
 * @HERALD_VALUE_GENERATOR_RANDOM_WALK: a random step up or down (at most
 *   the step), kept between the least and the greatest
 * @HERALD_VALUE_GENERATOR_SINE: a sine between the least and the greatest,
 *   one period every so many values
 */
typedef enum
{
  HERALD_VALUE_GENERATOR_CONSTANT,
  HERALD_VALUE_GENERATOR_STEP,
  HERALD_VALUE_GENERATOR_RANDOM_WALK,
  HERALD_VALUE_GENERATOR_SINE,
} HeraldValueGeneratorKind;

#define HERALD_TYPE_VALUE_GENERATOR_KIND (herald_value_generator_kind_get_type ())
#define HERALD_TYPE_VALUE_GENERATOR (herald_value_generator_get_type ())

GType herald_value_generator_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (HeraldValueGenerator, herald_value_generator, HERALD, VALUE_GENERATOR, GObject)

HeraldValueGenerator     *herald_value_generator_new      (HeraldValueGeneratorKind  kind,
                                                           double                    min,
                                                           double                    max,
                                                           double                    step);
void                      herald_value_generator_set_seed (HeraldValueGenerator     *self,
                                                           guint32                   seed);
HeraldValueGeneratorKind  herald_value_generator_get_kind (HeraldValueGenerator     *self);
double                    herald_value_generator_next     (HeraldValueGenerator     *self);

G_END_DECLS

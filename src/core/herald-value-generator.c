/* herald-value-generator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "herald-value-generator.h"

/* The values a presenter leaves flowing to the service: each call of
 * herald_value_generator_next() gives the next one of a numeric property,
 * between @min and @max (in either order), @step apart: the step's size of
 * STEP and RANDOM_WALK, and for SINE the number of values in one period.
 * CONSTANT gives @min. A random walk starts in the middle and is
 * repeatable with herald_value_generator_set_seed(). */

struct _HeraldValueGenerator
{
  GObject                   parent_instance;

  HeraldValueGeneratorKind  kind;
  double                    min;
  double                    max;
  double                    step;
  double                    value;
  guint64                   n;       /* values given */
  GRand                    *rand;
};

G_DEFINE_ENUM_TYPE (HeraldValueGeneratorKind, herald_value_generator_kind,
  G_DEFINE_ENUM_VALUE (HERALD_VALUE_GENERATOR_CONSTANT, "constant"),
  G_DEFINE_ENUM_VALUE (HERALD_VALUE_GENERATOR_STEP, "step"),
  G_DEFINE_ENUM_VALUE (HERALD_VALUE_GENERATOR_RANDOM_WALK, "random-walk"),
  G_DEFINE_ENUM_VALUE (HERALD_VALUE_GENERATOR_SINE, "sine"))

G_DEFINE_FINAL_TYPE (HeraldValueGenerator, herald_value_generator, G_TYPE_OBJECT)

static void
herald_value_generator_finalize (GObject *object)
{
  HeraldValueGenerator *self = HERALD_VALUE_GENERATOR (object);

  g_rand_free (self->rand);

  G_OBJECT_CLASS (herald_value_generator_parent_class)->finalize (object);
}

static void
herald_value_generator_class_init (HeraldValueGeneratorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_value_generator_finalize;
}

static void
herald_value_generator_init (HeraldValueGenerator *self)
{
  self->rand = g_rand_new ();
}

/**
 * herald_value_generator_new:
 * @min: the least value (the value of a constant)
 * @max: the greatest value
 * @step: the step of STEP and RANDOM_WALK; the values in one period of SINE
 */
HeraldValueGenerator *
herald_value_generator_new (HeraldValueGeneratorKind kind,
                            double                   min,
                            double                   max,
                            double                   step)
{
  HeraldValueGenerator *self;

  g_return_val_if_fail (kind <= HERALD_VALUE_GENERATOR_SINE, NULL);
  g_return_val_if_fail (isfinite (min) && isfinite (max) && isfinite (step), NULL);

  self = g_object_new (HERALD_TYPE_VALUE_GENERATOR, NULL);
  self->kind = kind;
  self->min = kind == HERALD_VALUE_GENERATOR_CONSTANT ? min : MIN (min, max);
  self->max = kind == HERALD_VALUE_GENERATOR_CONSTANT ? min : MAX (min, max);
  self->step = fabs (step);
  self->value = kind == HERALD_VALUE_GENERATOR_RANDOM_WALK ? (self->min + self->max) / 2 : self->min;
  return self;
}

void
herald_value_generator_set_seed (HeraldValueGenerator *self,
                                 guint32               seed)
{
  g_return_if_fail (HERALD_IS_VALUE_GENERATOR (self));

  g_rand_set_seed (self->rand, seed);
}

HeraldValueGeneratorKind
herald_value_generator_get_kind (HeraldValueGenerator *self)
{
  g_return_val_if_fail (HERALD_IS_VALUE_GENERATOR (self), HERALD_VALUE_GENERATOR_CONSTANT);
  return self->kind;
}

double
herald_value_generator_next (HeraldValueGenerator *self)
{
  double value;

  g_return_val_if_fail (HERALD_IS_VALUE_GENERATOR (self), 0);

  switch (self->kind)
    {
    case HERALD_VALUE_GENERATOR_STEP:
      value = self->value;
      self->value += self->step;
      /* Past the greatest (give or take a float's rounding), back to the
       * least. */
      if (self->value > self->max + self->step * 1e-9)
        self->value = self->min;
      break;

    case HERALD_VALUE_GENERATOR_RANDOM_WALK:
      {
        /* Drawn once: CLAMP evaluates its argument more than once. */
        double next = self->value + g_rand_double_range (self->rand, -self->step, self->step);

        value = self->value;
        self->value = CLAMP (next, self->min, self->max);
      }
      break;

    case HERALD_VALUE_GENERATOR_SINE:
      {
        double period = MAX (self->step, 1);
        double phase = 2 * G_PI * fmod ((double) self->n, period) / period;

        value = self->min + (self->max - self->min) * (1 - cos (phase)) / 2;
      }
      break;

    case HERALD_VALUE_GENERATOR_CONSTANT:
    default:
      value = self->min;
      break;
    }

  self->n++;
  return value;
}

/* herald-sent-measure.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-sent-measure.h"

/* A measures message Herald sent as the device, and the gateway's answer
 * to it once it came (HeraldSentMeasure:ack): what the device side lists. */

struct _HeraldSentMeasure
{
  GObject    parent_instance;

  char      *message_id;
  char      *payload;
  char      *values;
  gint64     time_us;
  HeraldAck *ack;
};

enum {
  PROP_0,
  PROP_ACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldSentMeasure, herald_sent_measure, G_TYPE_OBJECT)

static void
herald_sent_measure_finalize (GObject *object)
{
  HeraldSentMeasure *self = HERALD_SENT_MEASURE (object);

  g_free (self->message_id);
  g_free (self->payload);
  g_free (self->values);
  g_clear_object (&self->ack);

  G_OBJECT_CLASS (herald_sent_measure_parent_class)->finalize (object);
}

static void
herald_sent_measure_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HeraldSentMeasure *self = HERALD_SENT_MEASURE (object);

  switch (prop_id)
    {
    case PROP_ACK:
      g_value_set_object (value, self->ack);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_sent_measure_class_init (HeraldSentMeasureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_sent_measure_finalize;
  object_class->get_property = herald_sent_measure_get_property;

  /**
   * HeraldSentMeasure:ack:
   *
   * The gateway's answer, %NULL until it comes.
   */
  properties[PROP_ACK] =
    g_param_spec_object ("ack", NULL, NULL, HERALD_TYPE_ACK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_sent_measure_init (HeraldSentMeasure *self)
{
}

/**
 * herald_sent_measure_new:
 * @payload: the whole message
 * @values: its row of values, as JSON
 * @time_us: when it was sent, in microseconds since the epoch
 */
HeraldSentMeasure *
herald_sent_measure_new (const char *message_id,
                         const char *payload,
                         const char *values,
                         gint64      time_us)
{
  HeraldSentMeasure *self;

  g_return_val_if_fail (message_id != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  self = g_object_new (HERALD_TYPE_SENT_MEASURE, NULL);
  self->message_id = g_strdup (message_id);
  self->payload = g_strdup (payload);
  self->values = g_strdup (values);
  self->time_us = time_us;
  return self;
}

const char *
herald_sent_measure_get_message_id (HeraldSentMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_SENT_MEASURE (self), NULL);
  return self->message_id;
}

/**
 * herald_sent_measure_get_payload:
 *
 * Returns: the JSON published on measures/<device>
 */
const char *
herald_sent_measure_get_payload (HeraldSentMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_SENT_MEASURE (self), NULL);
  return self->payload;
}

/**
 * herald_sent_measure_get_values:
 *
 * Returns: (nullable): its row of values, as JSON ({"Temperature":21.5})
 */
const char *
herald_sent_measure_get_values (HeraldSentMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_SENT_MEASURE (self), NULL);
  return self->values;
}

gint64
herald_sent_measure_get_time (HeraldSentMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_SENT_MEASURE (self), 0);
  return self->time_us;
}

/**
 * herald_sent_measure_get_ack:
 *
 * Returns: (transfer none) (nullable): the gateway's answer, if it came
 */
HeraldAck *
herald_sent_measure_get_ack (HeraldSentMeasure *self)
{
  g_return_val_if_fail (HERALD_IS_SENT_MEASURE (self), NULL);
  return self->ack;
}

void
herald_sent_measure_set_ack (HeraldSentMeasure *self,
                             HeraldAck         *ack)
{
  g_return_if_fail (HERALD_IS_SENT_MEASURE (self));
  g_return_if_fail (!ack || HERALD_IS_ACK (ack));

  if (g_set_object (&self->ack, ack))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACK]);
}

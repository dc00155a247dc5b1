/* herald-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-message.h"
#include "herald-local-time.h"

struct _HeraldMessage
{
  gatomicrefcount  ref_count;
  guint8           qos;
  guint8           retained : 1;
  gint64           time_us;
  char            *topic;
  GBytes          *payload;
  /* MQTT 5 properties as an a{sv}, or NULL for MQTT 3.1.1. */
  GVariant        *properties;
};

G_DEFINE_BOXED_TYPE (HeraldMessage, herald_message, herald_message_ref, herald_message_unref)

/**
 * herald_message_new_take:
 * @topic: (transfer full): the topic
 * @payload: (transfer full): the payload
 * @properties: (transfer full) (nullable): MQTT 5 properties, an `a{sv}`
 *
 * Like herald_message_new(), but takes ownership of what it is given, so the
 * receive path copies topic and payload exactly once.
 */
HeraldMessage *
herald_message_new_take (gint64    time_us,
                         char     *topic,
                         GBytes   *payload,
                         guint     qos,
                         gboolean  retained,
                         GVariant *properties)
{
  HeraldMessage *self;

  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (qos <= 2, NULL);
  g_return_val_if_fail (properties == NULL ||
                        g_variant_is_of_type (properties, G_VARIANT_TYPE_VARDICT), NULL);

  self = g_new0 (HeraldMessage, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->time_us = time_us;
  self->topic = topic;
  self->payload = payload;
  self->qos = qos;
  self->retained = !!retained;
  self->properties = properties ? g_variant_take_ref (properties) : NULL;

  return self;
}

HeraldMessage *
herald_message_new (gint64       time_us,
                    const char  *topic,
                    GBytes      *payload,
                    guint        qos,
                    gboolean     retained,
                    GVariant    *properties)
{
  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  return herald_message_new_take (time_us, g_strdup (topic), g_bytes_ref (payload), qos, retained,
                                  properties ? g_variant_ref_sink (properties) : NULL);
}

HeraldMessage *
herald_message_ref (HeraldMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
herald_message_unref (HeraldMessage *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->topic);
      g_bytes_unref (self->payload);
      g_clear_pointer (&self->properties, g_variant_unref);
      g_free (self);
    }
}

/* Microseconds since the epoch (g_get_real_time ()) when the message arrived. */
gint64
herald_message_get_time (const HeraldMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->time_us;
}

const char *
herald_message_get_topic (const HeraldMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->topic;
}

/* Returns: (transfer none): the payload */
GBytes *
herald_message_get_payload (const HeraldMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->payload;
}

guint
herald_message_get_qos (const HeraldMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->qos;
}

gboolean
herald_message_get_retained (const HeraldMessage *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->retained;
}

/* Returns: (transfer none) (nullable): the MQTT 5 properties, an `a{sv}` */
GVariant *
herald_message_get_properties (const HeraldMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->properties;
}

/**
 * herald_message_format_time:
 * @time_us: microseconds since the epoch, as a message's time
 *
 * Returns: (transfer full): the local time of day to the millisecond,
 *   "16:42:03.120", as the History and the Live Device view show it; "" for
 *   a time GLib cannot represent
 */
char *
herald_message_format_time (gint64 time_us)
{
  g_autoptr(GDateTime) local = herald_local_time_new (time_us);
  g_autofree char *hms = NULL;

  if (local == NULL)
    return g_strdup ("");

  hms = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", hms, (int) ((time_us % G_USEC_PER_SEC) / 1000));
}

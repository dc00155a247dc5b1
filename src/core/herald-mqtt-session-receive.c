/* herald-mqtt-session-receive.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldMqttSession: the receive path. Paho's thread copies each message
 * once into a HeraldMessage (with its MQTT 5 properties as an a{sv}) and
 * pushes it on the queue shared with the main context (Shared); the queue's
 * GSource wakes the main context once per batch, at most once per delivery
 * interval, and ::messages-received hands the batch over. Everything a
 * message passes on its way stays in this file, static, so the compiler
 * sees the whole per-message path.
 */

#include "config.h"

#include <string.h>

#include "herald-mqtt-session-private.h"

/* Shared --------------------------------------------------------------- */

Shared *
_herald_mqtt_shared_ref (Shared *sh)
{
  g_atomic_ref_count_inc (&sh->ref);
  return sh;
}

void
_herald_mqtt_shared_unref (Shared *sh)
{
  if (g_atomic_ref_count_dec (&sh->ref))
    {
      g_ptr_array_unref (sh->queue);
      g_main_context_unref (sh->context);
      g_mutex_clear (&sh->mutex);
      g_free (sh);
    }
}

/* Messages: the hot path ------------------------------------------------ */

static void
shared_push (Shared        *sh,
             HeraldMessage *message)
{
  g_mutex_lock (&sh->mutex);
  g_ptr_array_add (sh->queue, message);
  /* One wake-up per batch: only when the queue becomes non-empty, and not
   * before the delivery interval since the last batch has passed. */
  if (!sh->scheduled && sh->source != NULL)
    {
      sh->scheduled = TRUE;
      g_source_set_ready_time (sh->source, sh->last_dispatch + sh->interval_us);
    }
  g_mutex_unlock (&sh->mutex);
}

static char *
property_key (enum MQTTPropertyCodes id)
{
  const char *name = MQTTPropertyName (id);
  char *key;

  if (name == NULL)
    return g_strdup_printf ("property-%d", (int) id);
  key = g_ascii_strdown (name, -1);
  g_strdelimit (key, "_ ", '-');

  return key;
}

/* MQTT 5 properties as an a{sv}: numbers as y/q/u, strings as s, binary
 * data as ay, user properties (which may repeat) as a(ss), and the
 * subscription identifiers (which may repeat) as au. */
static GVariant *
properties_to_variant (const MQTTProperties *props)
{
  GVariantBuilder dict;
  GVariantBuilder user;
  GVariantBuilder subids;
  gboolean has_user = FALSE, has_subids = FALSE;

  g_variant_builder_init (&dict, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_init (&user, G_VARIANT_TYPE ("a(ss)"));
  g_variant_builder_init (&subids, G_VARIANT_TYPE ("au"));

  for (int i = 0; i < props->count; i++)
    {
      const MQTTProperty *p = &props->array[i];
      g_autofree char *key = NULL;
      GVariant *value = NULL;

      switch (MQTTProperty_getType (p->identifier))
        {
        case MQTTPROPERTY_TYPE_BYTE:
          value = g_variant_new_byte (p->value.byte);
          break;
        case MQTTPROPERTY_TYPE_TWO_BYTE_INTEGER:
          value = g_variant_new_uint16 (p->value.integer2);
          break;
        case MQTTPROPERTY_TYPE_FOUR_BYTE_INTEGER:
        case MQTTPROPERTY_TYPE_VARIABLE_BYTE_INTEGER:
          if (p->identifier == MQTTPROPERTY_CODE_SUBSCRIPTION_IDENTIFIER)
            {
              g_variant_builder_add (&subids, "u", p->value.integer4);
              has_subids = TRUE;
              continue;
            }
          value = g_variant_new_uint32 (p->value.integer4);
          break;
        case MQTTPROPERTY_TYPE_BINARY_DATA:
          value = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, p->value.data.data,
                                             p->value.data.len, 1);
          break;
        case MQTTPROPERTY_TYPE_UTF_8_ENCODED_STRING:
          {
            g_autofree char *s = g_strndup (p->value.data.data, p->value.data.len);

            value = g_variant_new_string (g_utf8_validate (s, -1, NULL) ? s : "");
          }
          break;
        case MQTTPROPERTY_TYPE_UTF_8_STRING_PAIR:
          {
            g_autofree char *k = g_strndup (p->value.data.data, p->value.data.len);
            g_autofree char *v = g_strndup (p->value.value.data, p->value.value.len);

            if (g_utf8_validate (k, -1, NULL) && g_utf8_validate (v, -1, NULL))
              {
                g_variant_builder_add (&user, "(ss)", k, v);
                has_user = TRUE;
              }
          }
          continue;
        default:
          continue;
        }

      key = property_key (p->identifier);
      g_variant_builder_add (&dict, "{sv}", key, value);
    }

  if (has_user)
    g_variant_builder_add (&dict, "{sv}", "user-property", g_variant_builder_end (&user));
  else
    g_variant_builder_clear (&user);
  if (has_subids)
    g_variant_builder_add (&dict, "{sv}", "subscription-identifier", g_variant_builder_end (&subids));
  else
    g_variant_builder_clear (&subids);

  return g_variant_builder_end (&dict);
}

/* Paho thread. Copies topic and payload once into a HeraldMessage.
 *
 * MQTT topics are UTF-8 without NUL, but a broker may pass on anything
 * (Paho does not check; @topic_len is set when the topic holds a NUL).
 * Every view, filter and export takes topics as text, so such bytes become
 * U+FFFD, visibly: the message still shows, with where its topic was wrong,
 * rather than vanish, and a NUL cannot cut "commands/a\0…" down to another
 * topic. Closing the connection, as the MQTT specification asks, would only
 * bring a retained message back at each reconnect. One validation of the
 * topic is all that well-formed topics cost. */
int
_herald_mqtt_link_message_arrived (void              *context,
                                   char              *topic,
                                   int                topic_len,
                                   MQTTAsync_message *m)
{
  Link *link = context;

  /* Disconnecting: a message of QoS 1 or 2 that arrives now is left
   * unacknowledged (Paho offers it again until the link is gone), so that
   * the broker delivers it at the next connect of a persistent session
   * rather than it being lost between the user's Disconnect and the
   * broker's. */
  if (g_atomic_int_get (&link->dead) && m->qos > 0)
    return 0;

  if (!g_atomic_int_get (&link->dead))
    {
      gsize len = topic_len > 0 ? (gsize) topic_len : strlen (topic);
      char *t = G_LIKELY (g_utf8_validate_len (topic, len, NULL))
                ? g_strndup (topic, len) : g_utf8_make_valid (topic, len);
      GBytes *payload = g_bytes_new (m->payload, m->payloadlen);
      GVariant *props = NULL;

      if (link->v5 && m->properties.count > 0)
        props = properties_to_variant (&m->properties);

      shared_push (link->shared,
                   herald_message_new_take (g_get_real_time (), t, payload,
                                            CLAMP (m->qos, 0, 2), m->retained, props));
    }

  MQTTAsync_freeMessage (&m);
  MQTTAsync_free (topic);

  return 1;
}

void
_herald_mqtt_session_flush_messages (HeraldMqttSession *self)
{
  Shared *sh = self->shared;
  g_autoptr(GPtrArray) batch = NULL;

  g_mutex_lock (&sh->mutex);
  if (sh->queue->len > 0)
    {
      batch = sh->queue;
      sh->queue = g_ptr_array_new_full (MAX (64, batch->len), (GDestroyNotify) herald_message_unref);
    }
  sh->scheduled = FALSE;
  sh->last_dispatch = g_get_monotonic_time ();
  g_mutex_unlock (&sh->mutex);

  if (batch != NULL)
    g_signal_emit (self, _herald_mqtt_session_signals[MESSAGES_RECEIVED], 0, batch);
}

static gboolean
queue_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  HeraldMqttSession *self = user_data;

  g_source_set_ready_time (source, -1);
  g_object_ref (self);
  _herald_mqtt_session_flush_messages (self);
  g_object_unref (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs queue_source_funcs = {
  .dispatch = queue_source_dispatch,
};

/* The queue's life ------------------------------------------------------ */

/* The queue of a new session, its GSource attached to the thread-default
 * main context. */
Shared *
_herald_mqtt_shared_new (HeraldMqttSession *self)
{
  Shared *sh;

  sh = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&sh->ref);
  g_mutex_init (&sh->mutex);
  sh->queue = g_ptr_array_new_full (256, (GDestroyNotify) herald_message_unref);
  sh->interval_us = (gint64) self->delivery_interval * 1000;
  sh->context = g_main_context_ref_thread_default ();
  sh->session = self;
  sh->source = g_source_new (&queue_source_funcs, sizeof (GSource));
  g_source_set_callback (sh->source, NULL, self, NULL);
  g_source_set_priority (sh->source, G_PRIORITY_DEFAULT);
  g_source_set_name (sh->source, "HeraldMqttSession receive queue");
  g_source_attach (sh->source, sh->context);

  return sh;
}

/* Dispose: no more batches, the queued messages dropped. The Shared lives
 * on as long as a Link (that Paho may still call back with) holds it. */
void
_herald_mqtt_shared_detach (Shared *sh)
{
  GSource *source;

  g_mutex_lock (&sh->mutex);
  source = g_steal_pointer (&sh->source);
  g_mutex_unlock (&sh->mutex);
  sh->session = NULL;
  if (source != NULL)
    {
      g_source_destroy (source);
      g_source_unref (source);
    }
  g_ptr_array_set_size (sh->queue, 0);
}

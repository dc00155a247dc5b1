/* herald-history-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-history-item.h"
#include "herald-history-private.h"
#include "herald-payload.h"

/* How much of the payload the one-line preview shows. */
#define PREVIEW_CHARS     160
#define PREVIEW_HEX_BYTES 48
/* The largest binary payload a row shows decoded (CBOR, MessagePack): rows
 * are made while the list follows a flood. */
#define PREVIEW_DECODE_LIMIT (64 * 1024)

struct _HeraldHistoryItem
{
  GObject             parent_instance;

  guint64             seq;
  gint64              time_us;
  guint64             size;
  char               *topic;
  GBytes             *payload;
  char               *preview;
  GVariant           *mqtt_properties;
  HeraldHistoryEvent  event;
  guint8              qos;
  guint8              retained : 1;
  guint8              truncated : 1;
};

G_DEFINE_FINAL_TYPE (HeraldHistoryItem, herald_history_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EVENT,
  PROP_TOPIC,
  PROP_PREVIEW,
  PROP_QOS,
  PROP_RETAINED,
  PROP_TIME,
  PROP_SIZE,
  PROP_TRUNCATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
herald_history_item_finalize (GObject *object)
{
  HeraldHistoryItem *self = (HeraldHistoryItem *)object;

  g_free (self->topic);
  g_free (self->preview);
  g_bytes_unref (self->payload);
  g_clear_pointer (&self->mqtt_properties, g_variant_unref);

  G_OBJECT_CLASS (herald_history_item_parent_class)->finalize (object);
}

static void
herald_history_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HeraldHistoryItem *self = HERALD_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_enum (value, self->event);
      break;
    case PROP_TOPIC:
      g_value_set_string (value, self->topic);
      break;
    case PROP_PREVIEW:
      g_value_set_string (value, herald_history_item_get_preview (self));
      break;
    case PROP_QOS:
      g_value_set_uint (value, self->qos);
      break;
    case PROP_RETAINED:
      g_value_set_boolean (value, self->retained);
      break;
    case PROP_TIME:
      g_value_set_int64 (value, self->time_us);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_TRUNCATED:
      g_value_set_boolean (value, self->truncated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_history_item_class_init (HeraldHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = herald_history_item_finalize;
  object_class->get_property = herald_history_item_get_property;

  properties[PROP_EVENT] =
    g_param_spec_enum ("event", NULL, NULL, HERALD_TYPE_HISTORY_EVENT,
                       HERALD_HISTORY_EVENT_RECEIVED, flags);
  properties[PROP_TOPIC] = g_param_spec_string ("topic", NULL, NULL, NULL, flags);
  properties[PROP_PREVIEW] = g_param_spec_string ("preview", NULL, NULL, NULL, flags);
  properties[PROP_QOS] = g_param_spec_uint ("qos", NULL, NULL, 0, 2, 0, flags);
  properties[PROP_RETAINED] = g_param_spec_boolean ("retained", NULL, NULL, FALSE, flags);
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TRUNCATED] = g_param_spec_boolean ("truncated", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_history_item_init (HeraldHistoryItem *self)
{
}

/* @topic and @payload are taken. */
HeraldHistoryItem *
_herald_history_item_new (guint64             seq,
                          HeraldHistoryEvent  event,
                          char               *topic,
                          GBytes             *payload,
                          guint               qos,
                          gboolean            retained,
                          gint64              time_us,
                          guint64             size,
                          gboolean            truncated)
{
  HeraldHistoryItem *self = g_object_new (HERALD_TYPE_HISTORY_ITEM, NULL);

  self->seq = seq;
  self->event = event;
  self->topic = topic;
  self->payload = payload;
  self->qos = qos;
  self->retained = !!retained;
  self->time_us = time_us;
  self->size = size;
  self->truncated = !!truncated;

  return self;
}

HeraldHistoryEvent
herald_history_item_get_event (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), HERALD_HISTORY_EVENT_RECEIVED);
  return self->event;
}

/* Returns: (nullable): the topic, or NULL for an event without one */
const char *
herald_history_item_get_topic (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), NULL);
  return self->topic;
}

static char *
make_preview (const guint8 *data,
              gsize         len)
{
  gsize look = MIN (len, (gsize) PREVIEW_CHARS * 4);
  const char *end = NULL;
  GString *s;

  /* Text if the start is valid UTF-8; a multi-byte character cut at the
   * end of what we look at does not make it binary. */
  if (!g_utf8_validate ((const char *) data, look, &end) &&
      (look == len || (gsize) ((const guint8 *) end - data) + 4 < look))
    {
      gsize n = MIN (len, PREVIEW_HEX_BYTES);
      HeraldPayloadFormat format;

      /* A CBOR or MessagePack payload decoded (once), after its format's
       * name. */
      if (len <= PREVIEW_DECODE_LIMIT)
        {
          g_autofree char *decoded = herald_payload_decode_binary (data, len, HERALD_PAYLOAD_STYLE_LINE,
                                                                   PREVIEW_CHARS, &format);

          if (decoded != NULL)
            return g_strconcat (herald_payload_format_get_name (format), " · ", decoded, NULL);
        }

      s = g_string_sized_new (n * 3 + 4);
      for (gsize i = 0; i < n; i++)
        g_string_append_printf (s, i ? " %02x" : "%02x", data[i]);
      if (n < len)
        g_string_append (s, " …");
      return g_string_free (s, FALSE);
    }

  s = g_string_sized_new (MIN (look, (gsize) PREVIEW_CHARS) + 4);
  {
    const char *p = (const char *) data;
    const char *stop = end != NULL ? end : p + look;
    guint chars = 0;
    gboolean space = FALSE;

    while (p < stop && chars < PREVIEW_CHARS)
      {
        const char *next = g_utf8_next_char (p);
        guchar c = (guchar) *p;

        if (next > stop)
          break;
        /* One line: runs of white space and control characters become one space. */
        if (c < 0x20 || c == 0x7f || c == ' ')
          {
            if (!space && s->len > 0)
              {
                g_string_append_c (s, ' ');
                chars++;
              }
            space = TRUE;
          }
        else
          {
            g_string_append_len (s, p, next - p);
            chars++;
            space = FALSE;
          }
        p = next;
      }
    if (s->len > 0 && s->str[s->len - 1] == ' ')
      g_string_truncate (s, s->len - 1);
    if (p < (const char *) data + len)
      g_string_append (s, "…");
  }

  return g_string_free (s, FALSE);
}

/**
 * herald_history_item_get_preview:
 *
 * Returns: one line of the payload (or of an event's detail) to show in a
 *   row: white space folded, cut at about 160 characters with "…"; a
 *   binary payload decoded after its format's name ("CBOR · {…}") when it
 *   is one CBOR item or one MessagePack object of at most 64 KiB, as hex
 *   bytes otherwise
 */
const char *
herald_history_item_get_preview (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), NULL);

  if (self->preview == NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (self->payload, &len);

      self->preview = make_preview (data, len);
    }

  return self->preview;
}

guint
herald_history_item_get_qos (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), 0);
  return self->qos;
}

gboolean
herald_history_item_get_retained (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), FALSE);
  return self->retained;
}

/* Microseconds since the epoch (g_get_real_time ()). */
gint64
herald_history_item_get_time (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), 0);
  return self->time_us;
}

/* The payload's real size in bytes, also when only part of it was kept. */
guint64
herald_history_item_get_size (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), 0);
  return self->size;
}

gboolean
herald_history_item_get_truncated (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), FALSE);
  return self->truncated;
}

/**
 * herald_history_item_get_payload:
 *
 * The payload as kept: all of it, or its first `payload-cap` bytes when
 * `truncated`. For an event, its detail text (without a NUL). Getting it
 * does not copy a large payload; a viewer should still show only a bounded
 * part of it and offer to save the rest.
 *
 * Returns: (transfer none): the kept payload
 */
GBytes *
herald_history_item_get_payload (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), NULL);
  return self->payload;
}

/**
 * herald_history_item_get_sequence:
 *
 * Returns: the entry's sequence number: it grows by one per entry and never
 *   repeats in one history, so it identifies the entry (e.g. for a viewer)
 */
guint64
herald_history_item_get_sequence (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), 0);
  return self->seq;
}

void
_herald_history_item_set_mqtt_properties (HeraldHistoryItem *self,
                                          GVariant          *properties)
{
  g_return_if_fail (HERALD_IS_HISTORY_ITEM (self));

  g_clear_pointer (&self->mqtt_properties, g_variant_unref);
  if (properties != NULL)
    self->mqtt_properties = g_variant_ref_sink (properties);
}

/**
 * herald_history_item_get_mqtt_properties:
 *
 * The MQTT 5 properties the message came with, as the session gave them (a
 * `a{sv}`: see #HeraldMqttSession), for received messages that had any.
 *
 * Returns: (transfer none) (nullable): an `a{sv}` with at least one entry,
 *   or %NULL
 */
GVariant *
herald_history_item_get_mqtt_properties (HeraldHistoryItem *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (self), NULL);
  return self->mqtt_properties;
}

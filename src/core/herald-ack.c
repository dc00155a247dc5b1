/* herald-ack.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-ack.h"

/* The gateway's answer to one measures message, on ack/<device>: the
 * message's measureMessageId, a code (202: accepted for processing; others
 * are errors) and the service's messages explaining it; matched to the
 * message Herald sent (HeraldAckTracker), with the round trip, or not. */

struct _HeraldAck
{
  GObject  parent_instance;

  char    *message_id;
  guint    code;
  GStrv    messages;
  gint64   round_trip_us;   /* -1: no message of ours has this id */
};

G_DEFINE_FINAL_TYPE (HeraldAck, herald_ack, G_TYPE_OBJECT)

static void
herald_ack_finalize (GObject *object)
{
  HeraldAck *self = HERALD_ACK (object);

  g_free (self->message_id);
  g_strfreev (self->messages);

  G_OBJECT_CLASS (herald_ack_parent_class)->finalize (object);
}

static void
herald_ack_class_init (HeraldAckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_ack_finalize;
}

static void
herald_ack_init (HeraldAck *self)
{
}

/**
 * herald_ack_new:
 * @message_id: (nullable): the measureMessageId it answers
 * @messages: (nullable) (array zero-terminated=1): the service's words
 * @round_trip_us: from sending the message to this answer; -1 if it
 *   answers no message of ours
 */
HeraldAck *
herald_ack_new (const char         *message_id,
                guint               code,
                const char * const *messages,
                gint64              round_trip_us)
{
  HeraldAck *self = g_object_new (HERALD_TYPE_ACK, NULL);
  const char *none[] = { NULL };

  self->message_id = g_strdup (message_id);
  self->code = code;
  self->messages = g_strdupv ((char **) (messages != NULL ? messages : none));
  self->round_trip_us = round_trip_us;
  return self;
}

const char *
herald_ack_get_message_id (HeraldAck *self)
{
  g_return_val_if_fail (HERALD_IS_ACK (self), NULL);
  return self->message_id;
}

guint
herald_ack_get_code (HeraldAck *self)
{
  g_return_val_if_fail (HERALD_IS_ACK (self), 0);
  return self->code;
}

/**
 * herald_ack_get_accepted:
 *
 * Returns: whether the service took the message (a 2xx code: 202)
 */
gboolean
herald_ack_get_accepted (HeraldAck *self)
{
  g_return_val_if_fail (HERALD_IS_ACK (self), FALSE);
  return self->code >= 200 && self->code < 300;
}

/**
 * herald_ack_get_messages:
 *
 * Returns: (transfer none) (array zero-terminated=1): what the service
 *   said about it (why it was refused)
 */
const char * const *
herald_ack_get_messages (HeraldAck *self)
{
  g_return_val_if_fail (HERALD_IS_ACK (self), NULL);
  return (const char * const *) self->messages;
}

/**
 * herald_ack_get_matched:
 *
 * Returns: whether it answers a message Herald sent
 */
gboolean
herald_ack_get_matched (HeraldAck *self)
{
  g_return_val_if_fail (HERALD_IS_ACK (self), FALSE);
  return self->round_trip_us >= 0;
}

/**
 * herald_ack_get_round_trip:
 *
 * Returns: microseconds from sending the message to this answer, -1 if
 *   unmatched
 */
gint64
herald_ack_get_round_trip (HeraldAck *self)
{
  g_return_val_if_fail (HERALD_IS_ACK (self), -1);
  return self->round_trip_us;
}

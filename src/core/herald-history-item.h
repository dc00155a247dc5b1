/* herald-history-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "herald-history-event.h"

G_BEGIN_DECLS

#define HERALD_TYPE_HISTORY_ITEM (herald_history_item_get_type ())

/**
 * HeraldHistoryItem:
 *
 * One history entry as an object, made on demand by
 * g_list_model_get_item() on a #HeraldHistory or #HeraldHistoryFilter for
 * the rows on screen. Immutable: it is a snapshot, and stays valid after the
 * entry was dropped from the history.
 *
 * Properties (all read-only):
 * - `event` (#HeraldHistoryEvent)
 * - `topic` (string, may be NULL for events without a topic)
 * - `preview` (string): one line, at most about 200 characters, of the
 *   payload (or of the event's detail); binary payloads show decoded
 *   when they are CBOR or MessagePack ("CBOR · {…}"), as hex otherwise
 * - `qos` (uint), `retained` (boolean)
 * - `time` (int64): microseconds since the epoch, as g_get_real_time()
 * - `size` (uint64): the payload's REAL size in bytes, even if truncated
 * - `truncated` (boolean): only the first `payload-cap` bytes were kept
 * - herald_history_item_get_mqtt_properties(): the MQTT 5 properties of a
 *   received message that had any
 */
G_DECLARE_FINAL_TYPE (HeraldHistoryItem, herald_history_item, HERALD, HISTORY_ITEM, GObject)

HeraldHistoryEvent herald_history_item_get_event     (HeraldHistoryItem *self);
const char        *herald_history_item_get_topic     (HeraldHistoryItem *self);
const char        *herald_history_item_get_preview   (HeraldHistoryItem *self);
guint              herald_history_item_get_qos       (HeraldHistoryItem *self);
gboolean           herald_history_item_get_retained  (HeraldHistoryItem *self);
gint64             herald_history_item_get_time      (HeraldHistoryItem *self);
guint64            herald_history_item_get_size      (HeraldHistoryItem *self);
gboolean           herald_history_item_get_truncated (HeraldHistoryItem *self);
GBytes            *herald_history_item_get_payload   (HeraldHistoryItem *self);
guint64            herald_history_item_get_sequence  (HeraldHistoryItem *self);
GVariant          *herald_history_item_get_mqtt_properties (HeraldHistoryItem *self);

G_END_DECLS

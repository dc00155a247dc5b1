/* herald-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-history-event.h"
#include "herald-history-item.h"
#include "herald-message.h"

G_BEGIN_DECLS

#define HERALD_TYPE_HISTORY (herald_history_get_type ())

/* Defaults of the two limits (docs/architecture.md, "History store"). */
#define HERALD_HISTORY_DEFAULT_MEMORY_BUDGET_MB 512
#define HERALD_HISTORY_DEFAULT_PAYLOAD_CAP      (16u * 1024 * 1024)

/**
 * HeraldHistory:
 *
 * The message history: a #GListModel of #HeraldHistoryItem, oldest first.
 * Entries live in compact chunked storage (topics interned, payload bytes
 * packed in arena blocks); an item object is made only when
 * g_list_model_get_item() asks for one, so keep the rows on screen, not the
 * model's items.
 *
 * Appending: herald_history_append_messages() takes one batch (the
 * #GPtrArray of #HeraldMessage that `HeraldMqttSession::messages-received`
 * emits) and emits ONE `items-changed (n, 0, added)` at the end. It fits
 * g_signal_connect_swapped (session, "messages-received",
 * G_CALLBACK (herald_history_append_messages), history). Events (connected,
 * subscribed, ...) are appended one by one with herald_history_append_event().
 *
 * Limits: when the memory used passes `memory-budget` (MiB; bind it to the
 * GSettings key `history-memory-budget`), the oldest entries go, in whole
 * chunks (about a thousand entries or 256 KiB at a time), with ONE more
 * `items-changed (0, dropped, 0)` emitted AFTER the append's, and
 * `n-dropped` grows. A payload larger than `payload-cap` bytes is kept cut
 * to the cap; its item has `truncated` TRUE and `size` the real size.
 *
 * Properties:
 * - `n-total` (uint64, read-only): entries appended since creation or the
 *   last herald_history_clear(), dropped ones included
 * - `n-dropped` (uint64, read-only): of those, how many the budget dropped;
 *   g_list_model_get_n_items() == n-total - n-dropped
 * - `memory-budget` (uint, MiB, default 512, at least 1)
 * - `payload-cap` (uint, bytes, default 16 MiB, at least 1)
 * - `memory-used` (uint64, read-only): bytes the store holds now
 *
 * Filtering: herald_history_filter_new() (herald-history-filter.h).
 * Main context only: not thread-safe.
 */
G_DECLARE_FINAL_TYPE (HeraldHistory, herald_history, HERALD, HISTORY, GObject)

HeraldHistory *herald_history_new                   (void);
void           herald_history_append_messages       (HeraldHistory      *self,
                                                     GPtrArray          *messages);
void           herald_history_append_message        (HeraldHistory      *self,
                                                     HeraldMessage      *message);
void           herald_history_append_event          (HeraldHistory      *self,
                                                     HeraldHistoryEvent  event,
                                                     const char         *topic,
                                                     const char         *detail);
void           herald_history_append_event_with_qos (HeraldHistory      *self,
                                                     HeraldHistoryEvent  event,
                                                     const char         *topic,
                                                     const char         *detail,
                                                     guint               qos);
void           herald_history_clear                 (HeraldHistory      *self);
guint64        herald_history_get_n_total           (HeraldHistory      *self);
guint64        herald_history_get_n_dropped         (HeraldHistory      *self);
guint          herald_history_get_memory_budget     (HeraldHistory      *self);
void           herald_history_set_memory_budget     (HeraldHistory      *self,
                                                     guint               budget_mb);
guint          herald_history_get_payload_cap       (HeraldHistory      *self);
void           herald_history_set_payload_cap       (HeraldHistory      *self,
                                                     guint               cap);
guint64        herald_history_get_memory_used       (HeraldHistory      *self);

HeraldHistoryItem *herald_history_get_previous_on_topic (HeraldHistory     *self,
                                                         HeraldHistoryItem *item);

G_END_DECLS

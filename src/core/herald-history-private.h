/* herald-history-private.h
 *
 * What HeraldHistoryFilter and HeraldHistoryItem need from the store, and
 * nobody else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-history.h"

G_BEGIN_DECLS

/* Every entry has a sequence number that never repeats in a history, not
 * even after a clear: position = seq - first_seq. */
guint64            _herald_history_get_first_seq (HeraldHistory *self);
guint64            _herald_history_get_end_seq   (HeraldHistory *self);
HeraldHistoryItem *_herald_history_get_item_at_seq (HeraldHistory *self,
                                                    guint64        seq);

typedef struct _HeraldHistoryMatcher HeraldHistoryMatcher;

HeraldHistoryMatcher *_herald_history_matcher_new  (const char           *text,
                                                    guint                 events,
                                                    const char           *subtree);
void                  _herald_history_matcher_free (HeraldHistoryMatcher *matcher);

/* Tests entries from @from_seq on, appending the seq of each match to
 * @matches (a GArray of guint64), until the end or until the monotonic
 * clock passes @deadline_us. Returns the seq to continue from. */
guint64 _herald_history_scan (HeraldHistory        *self,
                              HeraldHistoryMatcher *matcher,
                              guint64               from_seq,
                              gint64                deadline_us,
                              GArray               *matches);

HeraldHistoryItem *_herald_history_item_new (guint64             seq,
                                             HeraldHistoryEvent  event,
                                             char               *topic,
                                             GBytes             *payload,
                                             guint               qos,
                                             gboolean            retained,
                                             gint64              time_us,
                                             guint64             size,
                                             gboolean            truncated);

void _herald_history_item_set_mqtt_properties (HeraldHistoryItem *self,
                                               GVariant          *properties);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldHistoryMatcher, _herald_history_matcher_free)

G_END_DECLS

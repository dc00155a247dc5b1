/* herald-history-filter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-history.h"

G_BEGIN_DECLS

#define HERALD_TYPE_HISTORY_FILTER (herald_history_filter_get_type ())

/**
 * HeraldHistoryFilter:
 *
 * A #GListModel of the #HeraldHistoryItem entries of a #HeraldHistory that
 * match a text and a set of events. Use it instead of GtkFilterListModel,
 * which would make an object per entry: this one tests the compact records
 * directly and makes items only for the rows asked for.
 *
 * - `text`: matched as a substring, ignoring ASCII case, against the topic
 *   and the (kept) payload; "" or NULL matches everything.
 * - `events`: a mask of HERALD_HISTORY_EVENT_BIT() values, default
 *   HERALD_HISTORY_EVENTS_ALL.
 * - `pending` (read-only boolean): TRUE while a search is still scanning.
 *   A change of `text` or `events` replaces the model's content at once
 *   with one `items-changed (0, old, new)` holding what a first slice of at
 *   most 5 ms found, then scans the rest of the history in idle slices of
 *   at most 5 ms, oldest first, appending matches as it goes (one
 *   `items-changed` per slice), so the main loop never stalls. New entries
 *   of the history are tested as they come; dropped and cleared ones leave
 *   the model too.
 * - `history` (construct-only).
 *
 * With no text and all events it mirrors the history without keeping
 * anything, so the window can always show the filter model.
 */
G_DECLARE_FINAL_TYPE (HeraldHistoryFilter, herald_history_filter, HERALD, HISTORY_FILTER, GObject)

HeraldHistoryFilter *herald_history_filter_new         (HeraldHistory       *history);
HeraldHistory       *herald_history_filter_get_history (HeraldHistoryFilter *self);
const char          *herald_history_filter_get_text    (HeraldHistoryFilter *self);
void                 herald_history_filter_set_text    (HeraldHistoryFilter *self,
                                                        const char          *text);
guint                herald_history_filter_get_events  (HeraldHistoryFilter *self);
void                 herald_history_filter_set_events  (HeraldHistoryFilter *self,
                                                        guint                events);
const char          *herald_history_filter_get_topic   (HeraldHistoryFilter *self);
void                 herald_history_filter_set_topic   (HeraldHistoryFilter *self,
                                                        const char          *topic);
gboolean             herald_history_filter_get_pending (HeraldHistoryFilter *self);

G_END_DECLS

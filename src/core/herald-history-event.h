/* herald-history-event.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_HISTORY_EVENT (herald_history_event_get_type ())

/**
 * HeraldHistoryEvent:
 * @HERALD_HISTORY_EVENT_RECEIVED: a message arrived (appended by
 *   herald_history_append_messages())
 * @HERALD_HISTORY_EVENT_PUBLISHED: the device published a message
 * @HERALD_HISTORY_EVENT_CONNECTED: the session connected
 * @HERALD_HISTORY_EVENT_DISCONNECTED: the user disconnected
 * @HERALD_HISTORY_EVENT_CONNECTION_LOST: the broker or network dropped the connection
 * @HERALD_HISTORY_EVENT_SUBSCRIBED: a subscription was granted
 * @HERALD_HISTORY_EVENT_UNSUBSCRIBED: a subscription was removed
 * @HERALD_HISTORY_EVENT_FAILED: a connect, subscribe or publish failed
 * @HERALD_HISTORY_EVENT_ACKNOWLEDGED: the gateway answered measures the
 *   device sent: the answer paired with the message it answers
 *
 * What one history entry records.
 */
typedef enum
{
  HERALD_HISTORY_EVENT_RECEIVED,
  HERALD_HISTORY_EVENT_PUBLISHED,
  HERALD_HISTORY_EVENT_CONNECTED,
  HERALD_HISTORY_EVENT_DISCONNECTED,
  HERALD_HISTORY_EVENT_CONNECTION_LOST,
  HERALD_HISTORY_EVENT_SUBSCRIBED,
  HERALD_HISTORY_EVENT_UNSUBSCRIBED,
  HERALD_HISTORY_EVENT_FAILED,
  HERALD_HISTORY_EVENT_ACKNOWLEDGED,
  HERALD_HISTORY_N_EVENTS, /*< skip >*/
} HeraldHistoryEvent;

/* A set of events for herald_history_filter_set_events(): OR of bits. */
#define HERALD_HISTORY_EVENT_BIT(event) (1u << (event))
#define HERALD_HISTORY_EVENTS_ALL       ((1u << HERALD_HISTORY_N_EVENTS) - 1)
#define HERALD_HISTORY_EVENTS_MESSAGES  (HERALD_HISTORY_EVENT_BIT (HERALD_HISTORY_EVENT_RECEIVED) | \
                                         HERALD_HISTORY_EVENT_BIT (HERALD_HISTORY_EVENT_PUBLISHED))

GType       herald_history_event_get_type  (void) G_GNUC_CONST;
const char *herald_history_event_get_label (HeraldHistoryEvent event);

G_END_DECLS

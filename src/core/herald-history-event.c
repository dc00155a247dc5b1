/* herald-history-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-history-event.h"

G_DEFINE_ENUM_TYPE (HeraldHistoryEvent, herald_history_event,
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_RECEIVED, "received"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_PUBLISHED, "published"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_CONNECTION_LOST, "connection-lost"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_SUBSCRIBED, "subscribed"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_UNSUBSCRIBED, "unsubscribed"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (HERALD_HISTORY_EVENT_ACKNOWLEDGED, "acknowledged"))

/**
 * herald_history_event_get_label:
 *
 * Returns: the event's name as the history shows it, translated
 */
const char *
herald_history_event_get_label (HeraldHistoryEvent event)
{
  switch (event)
    {
    case HERALD_HISTORY_EVENT_RECEIVED: return C_("history event", "Received");
    case HERALD_HISTORY_EVENT_PUBLISHED: return C_("history event", "Published");
    case HERALD_HISTORY_EVENT_CONNECTED: return C_("history event", "Connected");
    case HERALD_HISTORY_EVENT_DISCONNECTED: return C_("history event", "Disconnected");
    case HERALD_HISTORY_EVENT_CONNECTION_LOST: return C_("history event", "Connection lost");
    case HERALD_HISTORY_EVENT_SUBSCRIBED: return C_("history event", "Subscribed");
    case HERALD_HISTORY_EVENT_UNSUBSCRIBED: return C_("history event", "Unsubscribed");
    case HERALD_HISTORY_EVENT_FAILED: return C_("history event", "Failed");
    case HERALD_HISTORY_EVENT_ACKNOWLEDGED: return C_("history event", "Acknowledged");
    case HERALD_HISTORY_N_EVENTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* herald-connection-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-connection-state.h"

/* How a connection's state shows wherever it is listed: an icon and a
 * word or two. Views that have room say more (to which broker). */

const char *
herald_connection_state_icon_name (HeraldMqttState state)
{
  switch (state)
    {
    case HERALD_MQTT_STATE_CONNECTED:
      return "network-transmit-receive-symbolic";
    case HERALD_MQTT_STATE_RECONNECTING:
    case HERALD_MQTT_STATE_FAILED:
      return "network-error-symbolic";
    case HERALD_MQTT_STATE_CONNECTING:
    case HERALD_MQTT_STATE_DISCONNECTED:
    default:
      return "network-offline-symbolic";
    }
}

const char *
herald_connection_state_label (HeraldMqttState state)
{
  switch (state)
    {
    case HERALD_MQTT_STATE_CONNECTED:
      return _("Connected");
    case HERALD_MQTT_STATE_CONNECTING:
      return _("Connecting…");
    case HERALD_MQTT_STATE_RECONNECTING:
      return _("Reconnecting…");
    case HERALD_MQTT_STATE_FAILED:
      return _("Could not connect");
    case HERALD_MQTT_STATE_DISCONNECTED:
    default:
      return _("Not connected");
    }
}

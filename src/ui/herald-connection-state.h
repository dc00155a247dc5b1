/* herald-connection-state.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-mqtt-session.h"

G_BEGIN_DECLS

const char *herald_connection_state_icon_name (HeraldMqttState state);
const char *herald_connection_state_label     (HeraldMqttState state);

G_END_DECLS

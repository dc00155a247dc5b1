/* bench-device.h: a HeraldMqttSession made the device of build-aux/bench's
 * private herald-sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-mqtt-session.h"

G_BEGIN_DECLS

gboolean bench_device_configure (HeraldMqttSession  *session,
                                 GError            **error);

G_END_DECLS

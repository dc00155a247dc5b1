/* herald-device-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-device-state.h"
#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_DEVICE_VIEW (herald_device_view_get_type ())

G_DECLARE_FINAL_TYPE (HeraldDeviceView, herald_device_view, HERALD, DEVICE_VIEW, HeraldPage)

GtkWidget         *herald_device_view_new       (HeraldDeviceState *state);
HeraldDeviceState *herald_device_view_get_state (HeraldDeviceView  *self);

G_END_DECLS

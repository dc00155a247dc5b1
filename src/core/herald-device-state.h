/* herald-device-state.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-series-set.h"
#include "herald-workspace.h"

G_BEGIN_DECLS

#define HERALD_TYPE_DEVICE_STATE (herald_device_state_get_type ())

G_DECLARE_FINAL_TYPE (HeraldDeviceState, herald_device_state, HERALD, DEVICE_STATE, GObject)

HeraldDeviceState *herald_device_state_new                (HeraldWorkspace   *workspace);
HeraldWorkspace   *herald_device_state_get_workspace      (HeraldDeviceState *self);
GListModel        *herald_device_state_get_readings       (HeraldDeviceState *self);
HeraldSeriesSet   *herald_device_state_get_series         (HeraldDeviceState *self);
const char        *herald_device_state_get_topic          (HeraldDeviceState *self);
gint64             herald_device_state_get_time           (HeraldDeviceState *self);
guint64            herald_device_state_get_n_commands     (HeraldDeviceState *self);
const char        *herald_device_state_get_capability_name (HeraldDeviceState *self);
const char        *herald_device_state_get_capability_alternate_id (HeraldDeviceState *self);
const char        *herald_device_state_get_sensor_alternate_id (HeraldDeviceState *self);
const char        *herald_device_state_get_problem        (HeraldDeviceState *self);
void               herald_device_state_take_command       (HeraldDeviceState *self,
                                                           const char        *topic,
                                                           gint64             time_us,
                                                           GBytes            *payload);
void               herald_device_state_reset              (HeraldDeviceState *self);

G_END_DECLS

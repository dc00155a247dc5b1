/* herald-context.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-api-client.h"
#include "herald-capability.h"
#include "herald-device.h"
#include "herald-history.h"
#include "herald-keystore.h"
#include "herald-mqtt-session.h"
#include "herald-profile-store.h"
#include "herald-sandbox-info.h"
#include "herald-sandbox-launcher.h"
#include "herald-sensor-type.h"
#include "herald-sensor.h"

G_BEGIN_DECLS

/**
 * HeraldStep:
 *
 * The steps of the flow, in the order of the sidebar.
 */
typedef enum
{
  HERALD_STEP_SERVICE,
  HERALD_STEP_CAPABILITY,
  HERALD_STEP_SENSOR_TYPE,
  HERALD_STEP_DEVICE,
  HERALD_STEP_SENSOR,
  HERALD_STEP_CERTIFICATE,
  HERALD_STEP_CONNECT,
  HERALD_STEP_COMMAND,
  HERALD_N_STEPS
} HeraldStep;

#define HERALD_TYPE_CONTEXT (herald_context_get_type ())

G_DECLARE_FINAL_TYPE (HeraldContext, herald_context, HERALD, CONTEXT, GObject)

HeraldContext      *herald_context_new                (GSettings          *settings,
                                                       HeraldProfileStore *store,
                                                       const char         *sandbox_dir);
GSettings          *herald_context_get_settings       (HeraldContext      *self);
HeraldProfileStore *herald_context_get_profile_store  (HeraldContext      *self);
HeraldProfile      *herald_context_get_profile        (HeraldContext      *self);
void                herald_context_set_profile        (HeraldContext      *self,
                                                       HeraldProfile      *profile);
const char         *herald_context_get_sandbox_dir    (HeraldContext      *self);
HeraldSandboxInfo  *herald_context_get_sandbox_info   (HeraldContext      *self);
void                herald_context_set_sandbox_info   (HeraldContext      *self,
                                                       HeraldSandboxInfo  *info);
const char         *herald_context_get_password       (HeraldContext      *self);
void                herald_context_set_password       (HeraldContext      *self,
                                                       const char         *password);
gboolean            herald_context_get_step_complete  (HeraldContext      *self,
                                                       HeraldStep          step);
void                herald_context_set_step_complete  (HeraldContext      *self,
                                                       HeraldStep          step,
                                                       gboolean            complete);
GCancellable       *herald_context_get_cancellable    (HeraldContext      *self);
HeraldApiClient    *herald_context_get_client         (HeraldContext      *self);
void                herald_context_set_client         (HeraldContext      *self,
                                                       HeraldApiClient    *client);
HeraldExchange     *herald_context_get_last_exchange  (HeraldContext      *self);
HeraldCapability   *herald_context_get_capability     (HeraldContext      *self);
void                herald_context_set_capability     (HeraldContext      *self,
                                                       HeraldCapability   *capability);
HeraldSensorType   *herald_context_get_sensor_type    (HeraldContext      *self);
void                herald_context_set_sensor_type    (HeraldContext      *self,
                                                       HeraldSensorType   *sensor_type);
HeraldDevice       *herald_context_get_device         (HeraldContext      *self);
void                herald_context_set_device         (HeraldContext      *self,
                                                       HeraldDevice       *device);
HeraldSensor       *herald_context_get_sensor         (HeraldContext      *self);
void                herald_context_set_sensor         (HeraldContext      *self,
                                                       HeraldSensor       *sensor);
HeraldKeystore     *herald_context_get_keystore       (HeraldContext      *self);
void                herald_context_set_keystore       (HeraldContext      *self,
                                                       HeraldKeystore     *keystore,
                                                       const char         *path);
HeraldMqttSession  *herald_context_get_session        (HeraldContext      *self);
HeraldHistory      *herald_context_get_history        (HeraldContext      *self);
HeraldSandboxLauncher *herald_context_get_launcher     (HeraldContext      *self);
void                herald_context_save               (HeraldContext      *self);

G_END_DECLS

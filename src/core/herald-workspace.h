/* herald-workspace.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-api-client.h"
#include "herald-capability.h"
#include "herald-connection.h"
#include "herald-device.h"
#include "herald-history.h"
#include "herald-keystore.h"
#include "herald-measure-sender.h"
#include "herald-mqtt-session.h"
#include "herald-profile-store.h"
#include "herald-redactor.h"
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

/**
 * HeraldServiceState:
 * @HERALD_SERVICE_STATE_NONE: no service chosen
 * @HERALD_SERVICE_STATE_CHECKING: chosen, not yet answered
 * @HERALD_SERVICE_STATE_REACHABLE: it answers and takes the credentials
 * @HERALD_SERVICE_STATE_UNAUTHORIZED: it answers, but refuses the user or
 *   password
 * @HERALD_SERVICE_STATE_UNREACHABLE: it does not answer (not running, wrong
 *   address, network, TLS)
 */
typedef enum
{
  HERALD_SERVICE_STATE_NONE,
  HERALD_SERVICE_STATE_CHECKING,
  HERALD_SERVICE_STATE_REACHABLE,
  HERALD_SERVICE_STATE_UNAUTHORIZED,
  HERALD_SERVICE_STATE_UNREACHABLE,
} HeraldServiceState;

#define HERALD_TYPE_SERVICE_STATE (herald_service_state_get_type ())
GType herald_service_state_get_type (void) G_GNUC_CONST;

#define HERALD_TYPE_WORKSPACE (herald_workspace_get_type ())

G_DECLARE_FINAL_TYPE (HeraldWorkspace, herald_workspace, HERALD, WORKSPACE, GObject)

HeraldWorkspace      *herald_workspace_new                (GSettings          *settings,
                                                       HeraldProfileStore *store,
                                                       const char         *sandbox_dir);
GSettings          *herald_workspace_get_settings       (HeraldWorkspace      *self);
HeraldProfileStore *herald_workspace_get_profile_store  (HeraldWorkspace      *self);
HeraldProfile      *herald_workspace_get_profile        (HeraldWorkspace      *self);
void                herald_workspace_set_profile        (HeraldWorkspace      *self,
                                                       HeraldProfile      *profile);
const char         *herald_workspace_get_sandbox_dir    (HeraldWorkspace      *self);
HeraldSandboxInfo  *herald_workspace_get_sandbox_info   (HeraldWorkspace      *self);
void                herald_workspace_set_sandbox_info   (HeraldWorkspace      *self,
                                                       HeraldSandboxInfo  *info);
const char         *herald_workspace_get_password       (HeraldWorkspace      *self);
void                herald_workspace_set_password       (HeraldWorkspace      *self,
                                                       const char         *password);
gboolean            herald_workspace_get_step_complete  (HeraldWorkspace      *self,
                                                       HeraldStep          step);
GCancellable       *herald_workspace_get_cancellable    (HeraldWorkspace      *self);
HeraldApiClient    *herald_workspace_get_client         (HeraldWorkspace      *self);
void                herald_workspace_set_client         (HeraldWorkspace      *self,
                                                       HeraldApiClient    *client);
HeraldExchange     *herald_workspace_get_last_exchange  (HeraldWorkspace      *self);
HeraldCapability   *herald_workspace_get_capability     (HeraldWorkspace      *self);
void                herald_workspace_set_capability     (HeraldWorkspace      *self,
                                                       HeraldCapability   *capability);
HeraldSensorType   *herald_workspace_get_sensor_type    (HeraldWorkspace      *self);
void                herald_workspace_set_sensor_type    (HeraldWorkspace      *self,
                                                       HeraldSensorType   *sensor_type);
HeraldDevice       *herald_workspace_get_device         (HeraldWorkspace      *self);
void                herald_workspace_set_device         (HeraldWorkspace      *self,
                                                       HeraldDevice       *device);
HeraldSensor       *herald_workspace_get_sensor         (HeraldWorkspace      *self);
void                herald_workspace_set_sensor         (HeraldWorkspace      *self,
                                                       HeraldSensor       *sensor);
HeraldKeystore     *herald_workspace_get_keystore       (HeraldWorkspace      *self);
void                herald_workspace_set_keystore       (HeraldWorkspace      *self,
                                                       HeraldKeystore     *keystore,
                                                       const char         *path);
HeraldMqttSession  *herald_workspace_get_session        (HeraldWorkspace      *self);
HeraldHistory      *herald_workspace_get_history        (HeraldWorkspace      *self);
HeraldRedactor     *herald_workspace_get_redactor       (HeraldWorkspace      *self);
GListModel         *herald_workspace_get_connections    (HeraldWorkspace      *self);
HeraldConnection   *herald_workspace_get_device_connection (HeraldWorkspace   *self);
HeraldBrokerProfile *herald_workspace_get_device_profile  (HeraldWorkspace   *self);
HeraldMeasureSender *herald_workspace_get_measure_sender  (HeraldWorkspace   *self);
HeraldConnection   *herald_workspace_add_connection     (HeraldWorkspace      *self,
                                                       const char         *name);
void                herald_workspace_remove_connection  (HeraldWorkspace      *self,
                                                       HeraldConnection   *connection);
gboolean            herald_workspace_load_brokers       (HeraldWorkspace      *self,
                                                       GError            **error);
gboolean            herald_workspace_save_brokers       (HeraldWorkspace      *self,
                                                       GError            **error);
HeraldConnection   *herald_workspace_add_broker         (HeraldWorkspace      *self,
                                                       HeraldBrokerProfile *profile);
HeraldConnection   *herald_workspace_lookup_broker      (HeraldWorkspace      *self,
                                                       const char         *id);
char               *herald_workspace_export_brokers     (HeraldWorkspace      *self,
                                                       gsize              *length);
int                 herald_workspace_import_brokers     (HeraldWorkspace      *self,
                                                       const char         *data,
                                                       gssize              length,
                                                       GError            **error);
void                herald_workspace_open_connection_async  (HeraldWorkspace     *self,
                                                           HeraldConnection    *connection,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean            herald_workspace_open_connection_finish (HeraldWorkspace     *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
HeraldServiceState  herald_workspace_get_service_state  (HeraldWorkspace      *self);
const char         *herald_workspace_get_service_message (HeraldWorkspace     *self);
void                herald_workspace_check_service      (HeraldWorkspace      *self);
void                herald_workspace_check_entities     (HeraldWorkspace      *self);
void                herald_workspace_note_listing       (HeraldWorkspace      *self,
                                                       GType               type,
                                                       GListModel         *entities);
void                herald_workspace_note_failure       (HeraldWorkspace      *self,
                                                       const GError       *error);
void                herald_workspace_note_renamed       (HeraldWorkspace      *self,
                                                         HeraldEntity         *entity);
void                herald_workspace_note_deleted       (HeraldWorkspace      *self,
                                                       GType               type,
                                                       const char         *id);
void                herald_workspace_note_command_sent  (HeraldWorkspace      *self,
                                                       HeraldDevice       *device);
char               *herald_workspace_describe_delivery  (HeraldWorkspace      *self,
                                                       HeraldDevice       *device);
void                herald_workspace_follow_sandbox     (HeraldWorkspace      *self);
void                herald_workspace_fresh_stage_async  (HeraldWorkspace      *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean            herald_workspace_fresh_stage_finish (HeraldWorkspace      *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
HeraldSandboxLauncher *herald_workspace_get_launcher     (HeraldWorkspace      *self);
void                herald_workspace_save               (HeraldWorkspace      *self);

G_END_DECLS

/* herald-workspace-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instance of HeraldWorkspace, shared by its parts: herald-workspace.c
 * (the object, profile, entities and connections), -service.c (steps,
 * reachability, entities checked), -sandbox.c (following the local
 * sandbox), -brokers.c (the connections of their own, their file) and
 * -device.c (the device connection's profile, made by the flow).
 */

#pragma once

#include "herald-workspace.h"

G_BEGIN_DECLS

/* How soon a device connection that fails is checked against the
 * service, and how often while it keeps failing. */
#define DEVICE_CHECK_DELAY_MS    500
#define DEVICE_CHECK_INTERVAL_S  5
/* sandbox.json is written in two steps; wait until it settles. */
#define SANDBOX_SETTLE_MS        200

struct _HeraldWorkspace
{
  GObject             parent_instance;

  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldProfile      *profile;
  HeraldRedactor     *redactor;       /* presentation mode */
  char               *sandbox_dir;
  HeraldSandboxInfo  *sandbox_info;
  char               *password;
  GCancellable       *cancellable;
  gboolean            complete[HERALD_N_STEPS];
  gboolean            command_sent;

  HeraldServiceState  service_state;
  char               *service_message;
  HeraldApiClient    *probe;          /* background checks, not in the exchange log */
  GCancellable       *probe_cancellable;
  guint               device_check_source;
  gboolean            device_checking;

  GFileMonitor       *sandbox_monitor;
  char               *sandbox_monitored;
  guint               sandbox_settle_source;
  GCancellable       *sandbox_cancellable;

  GListStore         *connections;
  guint               brokers_save_source;
  HeraldConnection   *device_connection;
  HeraldBrokerProfile *device_profile;  /* the device connection's, made by the flow */
  guint               device_save_source;
  gboolean            device_loading;
  HeraldMeasureSender *measure_sender;  /* the device side's measures */

  HeraldApiClient    *client;
  HeraldExchange     *last_exchange;
  HeraldCapability   *capability;
  HeraldSensorType   *sensor_type;
  HeraldDevice       *device;
  HeraldSensor       *sensor;
  HeraldKeystore     *keystore;
  HeraldSandboxLauncher *launcher;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_PROFILE_STORE,
  PROP_PROFILE,
  PROP_SANDBOX_DIR,
  PROP_SANDBOX_INFO,
  PROP_CLIENT,
  PROP_LAST_EXCHANGE,
  PROP_CAPABILITY,
  PROP_SENSOR_TYPE,
  PROP_DEVICE,
  PROP_SENSOR,
  PROP_KEYSTORE,
  PROP_CONNECTIONS,
  PROP_SERVICE_STATE,
  PROP_SERVICE_MESSAGE,
  N_PROPS
};

enum {
  STEP_CHANGED,
  N_SIGNALS
};

void     _herald_workspace_notify                (HeraldWorkspace    *self,
                                                  guint               prop);
void     _herald_workspace_emit_step_changed     (HeraldWorkspace    *self,
                                                  HeraldStep          step);
void     _herald_workspace_update_steps          (HeraldWorkspace    *self);
void     _herald_workspace_set_service_state     (HeraldWorkspace    *self,
                                                  HeraldServiceState  state,
                                                  const char         *message);
void     _herald_workspace_note_answer           (HeraldWorkspace    *self,
                                                  guint               status,
                                                  const char         *url);
void     _herald_workspace_schedule_device_check (HeraldWorkspace    *self,
                                                  guint               delay_ms);
void     _herald_workspace_update_redactor       (HeraldWorkspace    *self);
GListModel *_herald_workspace_list_brokers       (HeraldWorkspace    *self);
void     _herald_workspace_forget_broker         (HeraldWorkspace    *self,
                                                  HeraldConnection   *connection);
void     _herald_workspace_watch_sandbox         (HeraldWorkspace    *self);
void     _herald_workspace_init_device_profile   (HeraldWorkspace    *self);
void     _herald_workspace_load_device_profile   (HeraldWorkspace    *self);
void     _herald_workspace_update_device_profile (HeraldWorkspace    *self);
void     _herald_workspace_flush_device_profile  (HeraldWorkspace    *self,
                                                  gboolean            last);

G_END_DECLS

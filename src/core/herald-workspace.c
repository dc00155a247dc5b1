/* herald-workspace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-workspace.h"
#include "herald-paths.h"

/* What the pages of one window share: the settings, the profile being
 * worked on and its store, the sandbox, and which steps are done. Pages
 * read and change it; the window and the sidebar follow its notifications.
 * Not a widget, so widget tests can make one of their own.
 */

struct _HeraldWorkspace
{
  GObject             parent_instance;

  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldProfile      *profile;
  char               *sandbox_dir;
  HeraldSandboxInfo  *sandbox_info;
  char               *password;
  GCancellable       *cancellable;
  gboolean            complete[HERALD_N_STEPS];

  HeraldApiClient    *client;
  HeraldExchange     *last_exchange;
  HeraldCapability   *capability;
  HeraldSensorType   *sensor_type;
  HeraldDevice       *device;
  HeraldSensor       *sensor;
  HeraldKeystore     *keystore;
  HeraldMqttSession  *session;
  HeraldHistory      *history;
  gboolean            history_paused;
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
  PROP_SESSION,
  PROP_HISTORY,
  PROP_HISTORY_PAUSED,
  N_PROPS
};

enum {
  STEP_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldWorkspace, herald_workspace, G_TYPE_OBJECT)

static void
clear_password (HeraldWorkspace *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
herald_workspace_dispose (GObject *object)
{
  HeraldWorkspace *self = HERALD_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      herald_mqtt_session_disconnect (self->session);
    }
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);

  /* A sandbox Herald started ends with Herald. */
  if (self->launcher != NULL)
    herald_sandbox_launcher_stop (self->launcher);
  g_clear_object (&self->launcher);

  G_OBJECT_CLASS (herald_workspace_parent_class)->dispose (object);
}

static void
herald_workspace_finalize (GObject *object)
{
  HeraldWorkspace *self = HERALD_WORKSPACE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->sandbox_info);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->last_exchange);
  g_clear_object (&self->capability);
  g_clear_object (&self->sensor_type);
  g_clear_object (&self->device);
  g_clear_object (&self->sensor);
  g_clear_object (&self->keystore);
  g_clear_object (&self->session);
  g_clear_object (&self->history);
  g_clear_pointer (&self->sandbox_dir, g_free);
  clear_password (self);

  G_OBJECT_CLASS (herald_workspace_parent_class)->finalize (object);
}

static void
herald_workspace_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HeraldWorkspace *self = HERALD_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_PROFILE_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_SANDBOX_DIR:
      g_value_set_string (value, self->sandbox_dir);
      break;
    case PROP_SANDBOX_INFO:
      g_value_set_object (value, self->sandbox_info);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_LAST_EXCHANGE:
      g_value_set_object (value, self->last_exchange);
      break;
    case PROP_CAPABILITY:
      g_value_set_object (value, self->capability);
      break;
    case PROP_SENSOR_TYPE:
      g_value_set_object (value, self->sensor_type);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_SENSOR:
      g_value_set_object (value, self->sensor);
      break;
    case PROP_KEYSTORE:
      g_value_set_object (value, self->keystore);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_HISTORY_PAUSED:
      g_value_set_boolean (value, self->history_paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_workspace_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HeraldWorkspace *self = HERALD_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_HISTORY_PAUSED:
      if (self->history_paused != g_value_get_boolean (value))
        {
          self->history_paused = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CAPABILITY:
      herald_workspace_set_capability (self, g_value_get_object (value));
      break;
    case PROP_SENSOR_TYPE:
      herald_workspace_set_sensor_type (self, g_value_get_object (value));
      break;
    case PROP_DEVICE:
      herald_workspace_set_device (self, g_value_get_object (value));
      break;
    case PROP_SENSOR:
      herald_workspace_set_sensor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_workspace_class_init (HeraldWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_workspace_dispose;
  object_class->finalize = herald_workspace_finalize;
  object_class->get_property = herald_workspace_get_property;
  object_class->set_property = herald_workspace_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_STORE] =
    g_param_spec_object ("profile-store", NULL, NULL, HERALD_TYPE_PROFILE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, HERALD_TYPE_PROFILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SANDBOX_DIR] =
    g_param_spec_string ("sandbox-dir", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX_INFO] =
    g_param_spec_object ("sandbox-info", NULL, NULL, HERALD_TYPE_SANDBOX_INFO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, HERALD_TYPE_API_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_EXCHANGE] =
    g_param_spec_object ("last-exchange", NULL, NULL, HERALD_TYPE_EXCHANGE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAPABILITY] =
    g_param_spec_object ("capability", NULL, NULL, HERALD_TYPE_CAPABILITY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SENSOR_TYPE] =
    g_param_spec_object ("sensor-type", NULL, NULL, HERALD_TYPE_SENSOR_TYPE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, HERALD_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SENSOR] =
    g_param_spec_object ("sensor", NULL, NULL, HERALD_TYPE_SENSOR,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KEYSTORE] =
    g_param_spec_object ("keystore", NULL, NULL, HERALD_TYPE_KEYSTORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HERALD_TYPE_MQTT_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, HERALD_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldWorkspace:history-paused:
   *
   * While TRUE, what the session receives is not recorded.
   */
  properties[PROP_HISTORY_PAUSED] =
    g_param_spec_boolean ("history-paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldWorkspace::step-changed:
   * @step: the #HeraldStep whose completion changed
   */
  signals[STEP_CHANGED] =
    g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
session_messages_cb (HeraldWorkspace     *self,
                     GPtrArray         *messages,
                     HeraldMqttSession *session)
{
  if (!self->history_paused)
    herald_history_append_messages (self->history, messages);
}

static void
session_connected_cb (HeraldWorkspace     *self,
                      gboolean           reconnect,
                      HeraldMqttSession *session)
{
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_CONNECTED,
                               NULL, herald_mqtt_session_get_server_uri (session));
  herald_workspace_set_step_complete (self, HERALD_STEP_CONNECT, TRUE);
}

static void
session_connection_lost_cb (HeraldWorkspace     *self,
                            const GError      *error,
                            HeraldMqttSession *session)
{
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_CONNECTION_LOST,
                               NULL, error ? error->message : NULL);
}

static void
session_subscribed_cb (HeraldWorkspace     *self,
                       const char        *topic,
                       guint              qos,
                       HeraldMqttSession *session)
{
  herald_history_append_event_with_qos (self->history, HERALD_HISTORY_EVENT_SUBSCRIBED, topic, NULL, qos);
}

static void
session_unsubscribed_cb (HeraldWorkspace     *self,
                         const char        *topic,
                         HeraldMqttSession *session)
{
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_UNSUBSCRIBED, topic, NULL);
}

static void
session_error_cb (HeraldWorkspace     *self,
                  const GError      *error,
                  HeraldMqttSession *session)
{
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_FAILED, NULL, error->message);
}

static void
session_state_cb (HeraldWorkspace     *self,
                  GParamSpec        *pspec,
                  HeraldMqttSession *session)
{
  HeraldMqttState state = herald_mqtt_session_get_state (session);

  if (state != HERALD_MQTT_STATE_CONNECTED)
    herald_workspace_set_step_complete (self, HERALD_STEP_CONNECT, FALSE);
}

static void
herald_workspace_init (HeraldWorkspace *self)
{
  self->cancellable = g_cancellable_new ();
  self->history = herald_history_new ();
  self->session = herald_mqtt_session_new ();

  /* The device side goes to the history as it happens. */
  g_signal_connect_swapped (self->session, "messages-received",
                            G_CALLBACK (session_messages_cb), self);
  g_signal_connect_swapped (self->session, "connected", G_CALLBACK (session_connected_cb), self);
  g_signal_connect_swapped (self->session, "connection-lost", G_CALLBACK (session_connection_lost_cb), self);
  g_signal_connect_swapped (self->session, "subscribed", G_CALLBACK (session_subscribed_cb), self);
  g_signal_connect_swapped (self->session, "unsubscribed", G_CALLBACK (session_unsubscribed_cb), self);
  g_signal_connect_swapped (self->session, "error", G_CALLBACK (session_error_cb), self);
  g_signal_connect_swapped (self->session, "notify::state", G_CALLBACK (session_state_cb), self);
}

/**
 * herald_workspace_new:
 * @settings: the application's settings
 * @store: the profiles
 * @sandbox_dir: (nullable): the sandbox data dir, %NULL for the default
 */
HeraldWorkspace *
herald_workspace_new (GSettings          *settings,
                    HeraldProfileStore *store,
                    const char         *sandbox_dir)
{
  HeraldWorkspace *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (store), NULL);

  self = g_object_new (HERALD_TYPE_WORKSPACE, NULL);
  self->settings = g_object_ref (settings);
  self->store = g_object_ref (store);
  self->sandbox_dir = g_strdup (sandbox_dir);

  return self;
}

GSettings *
herald_workspace_get_settings (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->settings;
}

HeraldProfileStore *
herald_workspace_get_profile_store (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->store;
}

/**
 * herald_workspace_get_profile:
 *
 * Returns: (transfer none) (nullable): the profile being worked on
 */
HeraldProfile *
herald_workspace_get_profile (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->profile;
}

/* Another profile: what was picked for the last one does not apply. The
 * profiles themselves keep their ids. */
static void
clear_entities (HeraldWorkspace *self)
{
  static const struct {
    gsize offset;
    guint prop;
    HeraldStep step;
  } slots[] = {
    { G_STRUCT_OFFSET (HeraldWorkspace, capability), PROP_CAPABILITY, HERALD_STEP_CAPABILITY },
    { G_STRUCT_OFFSET (HeraldWorkspace, sensor_type), PROP_SENSOR_TYPE, HERALD_STEP_SENSOR_TYPE },
    { G_STRUCT_OFFSET (HeraldWorkspace, device), PROP_DEVICE, HERALD_STEP_DEVICE },
    { G_STRUCT_OFFSET (HeraldWorkspace, sensor), PROP_SENSOR, HERALD_STEP_SENSOR },
    { G_STRUCT_OFFSET (HeraldWorkspace, keystore), PROP_KEYSTORE, HERALD_STEP_CERTIFICATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      GObject **slot = &G_STRUCT_MEMBER (GObject *, self, slots[i].offset);

      if (*slot != NULL)
        {
          g_clear_object (slot);
          herald_workspace_set_step_complete (self, slots[i].step, FALSE);
          g_object_notify_by_pspec (G_OBJECT (self), properties[slots[i].prop]);
        }
    }
}

void
herald_workspace_set_profile (HeraldWorkspace *self,
                            HeraldProfile *profile)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (!profile || HERALD_IS_PROFILE (profile));

  if (self->profile != NULL && self->profile != profile)
    clear_entities (self);

  if (g_set_object (&self->profile, profile))
    {
      if (profile != NULL)
        g_settings_set_string (self->settings, "last-profile", herald_profile_get_name (profile));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
    }
}

const char *
herald_workspace_get_sandbox_dir (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);

  if (self->sandbox_dir == NULL)
    {
      g_autofree char *dir = herald_paths_sandbox_dir ();
      self->sandbox_dir = g_steal_pointer (&dir);
    }

  return self->sandbox_dir;
}

HeraldSandboxInfo *
herald_workspace_get_sandbox_info (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->sandbox_info;
}

void
herald_workspace_set_sandbox_info (HeraldWorkspace     *self,
                                 HeraldSandboxInfo *info)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  if (g_set_object (&self->sandbox_info, info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX_INFO]);
}

/**
 * herald_workspace_get_password:
 *
 * The service password of this session, once typed or found in the Secret
 * Service. Deliberately no property: nothing binds or logs it.
 */
const char *
herald_workspace_get_password (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->password;
}

void
herald_workspace_set_password (HeraldWorkspace *self,
                             const char    *password)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  if (password == self->password)
    return;

  clear_password (self);
  self->password = g_strdup (password);
}

gboolean
herald_workspace_get_step_complete (HeraldWorkspace *self,
                                  HeraldStep     step)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (step < HERALD_N_STEPS, FALSE);

  return self->complete[step];
}

void
herald_workspace_set_step_complete (HeraldWorkspace *self,
                                  HeraldStep     step,
                                  gboolean       complete)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (step < HERALD_N_STEPS);

  complete = !!complete;
  if (self->complete[step] != complete)
    {
      self->complete[step] = complete;
      g_signal_emit (self, signals[STEP_CHANGED], 0, (guint) step);
    }
}

/**
 * herald_workspace_get_cancellable:
 *
 * Returns: (transfer none): cancelled when the window goes away
 */
GCancellable *
herald_workspace_get_cancellable (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->cancellable;
}

/**
 * herald_workspace_save:
 *
 * Writes the profiles. A failure is logged, not shown: the session goes on
 * with what is in memory.
 */
void
herald_workspace_save (HeraldWorkspace *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  if (!herald_profile_store_save (self->store, &error))
    g_warning ("%s", error->message);
}

static void
exchange_cb (HeraldWorkspace   *self,
             HeraldExchange  *exchange,
             HeraldApiClient *client)
{
  if (g_set_object (&self->last_exchange, exchange))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EXCHANGE]);
}

typedef void (*GetFunc) (HeraldApiClient     *client,
                         const char          *id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data);

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HeraldWorkspace) self = user_data;
  g_autoptr(GObject) entity = herald_api_client_entity_finish (HERALD_API_CLIENT (object), result, NULL);

  /* Gone from the service, or not reachable: the user picks again. */
  if (entity == NULL || HERALD_API_CLIENT (object) != self->client)
    return;

  if (HERALD_IS_CAPABILITY (entity) && self->capability == NULL)
    herald_workspace_set_capability (self, HERALD_CAPABILITY (entity));
  else if (HERALD_IS_SENSOR_TYPE (entity) && self->sensor_type == NULL)
    herald_workspace_set_sensor_type (self, HERALD_SENSOR_TYPE (entity));
  else if (HERALD_IS_DEVICE (entity) && self->device == NULL)
    herald_workspace_set_device (self, HERALD_DEVICE (entity));
  else if (HERALD_IS_SENSOR (entity) && self->sensor == NULL)
    herald_workspace_set_sensor (self, HERALD_SENSOR (entity));
}

/* Reopening Herald picks up the entities the profile remembers. */
static void
resume_entities (HeraldWorkspace *self)
{
  static const struct {
    const char *key;
    GetFunc     get;
  } entities[] = {
    { "capability-id", herald_api_client_get_capability_async },
    { "sensor-type-id", herald_api_client_get_sensor_type_async },
    { "device-id", herald_api_client_get_device_async },
    { "sensor-id", herald_api_client_get_sensor_async },
  };

  if (self->profile == NULL || self->client == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      const char *id = herald_profile_get_string (self->profile, entities[i].key);

      if (id != NULL)
        entities[i].get (self->client, id, self->cancellable, resumed_cb, g_object_ref (self));
    }
}

/**
 * herald_workspace_get_client:
 *
 * Returns: (transfer none) (nullable): the client of the service in use
 */
HeraldApiClient *
herald_workspace_get_client (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->client;
}

void
herald_workspace_set_client (HeraldWorkspace   *self,
                           HeraldApiClient *client)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_swapped (client, "exchange", G_CALLBACK (exchange_cb), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);

  if (client != NULL)
    resume_entities (self);
}

/**
 * herald_workspace_get_last_exchange:
 *
 * Returns: (transfer none) (nullable): the last HTTP exchange with the
 *   service, secrets redacted
 */
HeraldExchange *
herald_workspace_get_last_exchange (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->last_exchange;
}

static void
set_entity (HeraldWorkspace  *self,
            gpointer       *slot,
            gpointer        entity,
            guint           prop,
            HeraldStep      step,
            const char     *profile_key)
{
  if (*slot == entity)
    return;

  g_set_object ((GObject **) slot, entity);

  if (self->profile != NULL)
    {
      herald_profile_set_string (self->profile, profile_key,
                                 entity ? herald_entity_get_id (entity) : NULL);
      if (step == HERALD_STEP_DEVICE)
        herald_profile_set_string (self->profile, "device-alternate-id",
                                   entity ? herald_entity_get_alternate_id (entity) : NULL);
      herald_workspace_save (self);
    }

  herald_workspace_set_step_complete (self, step, entity != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

HeraldCapability *
herald_workspace_get_capability (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->capability;
}

void
herald_workspace_set_capability (HeraldWorkspace    *self,
                               HeraldCapability *capability)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  set_entity (self, (gpointer *) &self->capability, capability, PROP_CAPABILITY,
              HERALD_STEP_CAPABILITY, "capability-id");
}

HeraldSensorType *
herald_workspace_get_sensor_type (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->sensor_type;
}

void
herald_workspace_set_sensor_type (HeraldWorkspace    *self,
                                HeraldSensorType *sensor_type)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  set_entity (self, (gpointer *) &self->sensor_type, sensor_type, PROP_SENSOR_TYPE,
              HERALD_STEP_SENSOR_TYPE, "sensor-type-id");
}

HeraldDevice *
herald_workspace_get_device (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->device;
}

void
herald_workspace_set_device (HeraldWorkspace *self,
                           HeraldDevice  *device)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  set_entity (self, (gpointer *) &self->device, device, PROP_DEVICE,
              HERALD_STEP_DEVICE, "device-id");
}

HeraldSensor *
herald_workspace_get_sensor (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->sensor;
}

void
herald_workspace_set_sensor (HeraldWorkspace *self,
                           HeraldSensor  *sensor)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  set_entity (self, (gpointer *) &self->sensor, sensor, PROP_SENSOR,
              HERALD_STEP_SENSOR, "sensor-id");
}

HeraldKeystore *
herald_workspace_get_keystore (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->keystore;
}

/**
 * herald_workspace_set_keystore:
 * @path: (nullable): where the key store is saved, remembered in the profile
 */
void
herald_workspace_set_keystore (HeraldWorkspace  *self,
                             HeraldKeystore *keystore,
                             const char     *path)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  if (self->profile != NULL)
    {
      herald_profile_set_string (self->profile, "keystore-path", keystore ? path : NULL);
      herald_workspace_save (self);
    }

  if (g_set_object (&self->keystore, keystore))
    {
      herald_workspace_set_step_complete (self, HERALD_STEP_CERTIFICATE, keystore != NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYSTORE]);
    }
}

HeraldMqttSession *
herald_workspace_get_session (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->session;
}

HeraldHistory *
herald_workspace_get_history (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->history;
}

/**
 * herald_workspace_get_launcher:
 *
 * Returns: (transfer none): what starts a sandbox on the sandbox dir for
 *   Herald, and stops it when the window goes
 */
HeraldSandboxLauncher *
herald_workspace_get_launcher (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);

  if (self->launcher == NULL)
    self->launcher = herald_sandbox_launcher_new (herald_workspace_get_sandbox_dir (self));

  return self->launcher;
}

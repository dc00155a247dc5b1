/* herald-workspace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "herald-workspace-private.h"
#include "herald-paths.h"

/* The measures messages listed with their answers: the last 200. */
#define MAX_MEASURES_LISTED 200

/* The one owner of what is true now: the service in use (its profile,
 * client and whether it answers), the local sandbox it may follow, the
 * entities in use, the device's key store and the list of MQTT
 * connections, the first of which acts as the device of the flow.
 *
 * Which steps are done is computed from that state, never set from
 * outside: a service that refuses the password is not a done step, a
 * deleted device is no longer in use, a connection that dropped unticks
 * Connect. The window and its pages are views of it. No GTK here, so the
 * workspace is tested without a display (tests/test-workspace.c).
 */

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldWorkspace, herald_workspace, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (HeraldServiceState, herald_service_state,
                    G_DEFINE_ENUM_VALUE (HERALD_SERVICE_STATE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (HERALD_SERVICE_STATE_CHECKING, "checking"),
                    G_DEFINE_ENUM_VALUE (HERALD_SERVICE_STATE_REACHABLE, "reachable"),
                    G_DEFINE_ENUM_VALUE (HERALD_SERVICE_STATE_UNAUTHORIZED, "unauthorized"),
                    G_DEFINE_ENUM_VALUE (HERALD_SERVICE_STATE_UNREACHABLE, "unreachable"))


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
  g_cancellable_cancel (self->probe_cancellable);
  g_cancellable_cancel (self->sandbox_cancellable);
  g_clear_handle_id (&self->device_check_source, g_source_remove);
  g_clear_handle_id (&self->sandbox_settle_source, g_source_remove);
  if (self->sandbox_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sandbox_monitor, self);
      g_file_monitor_cancel (self->sandbox_monitor);
      g_clear_object (&self->sandbox_monitor);
    }

  if (self->device_connection != NULL)
    g_signal_handlers_disconnect_by_data (herald_connection_get_session (self->device_connection), self);
  /* A change not yet written is written now. */
  _herald_workspace_flush_device_profile (self, TRUE);
  if (self->brokers_save_source != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!herald_workspace_save_brokers (self, &error))
        g_warning ("%s", error->message);
    }
  /* Each connection disconnects as it goes. */
  if (self->connections != NULL)
    g_list_store_remove_all (self->connections);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);

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
  g_clear_object (&self->redactor);
  g_clear_object (&self->sandbox_info);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->last_exchange);
  g_clear_object (&self->capability);
  g_clear_object (&self->sensor_type);
  g_clear_object (&self->device);
  g_clear_object (&self->sensor);
  g_clear_object (&self->keystore);
  g_clear_object (&self->connections);
  g_clear_object (&self->measure_sender);
  g_clear_object (&self->device_connection);
  g_clear_object (&self->device_profile);
  g_clear_object (&self->probe);
  g_clear_object (&self->probe_cancellable);
  g_clear_object (&self->sandbox_cancellable);
  g_clear_pointer (&self->sandbox_monitored, g_free);
  g_clear_pointer (&self->service_message, g_free);
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
    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;
    case PROP_SERVICE_STATE:
      g_value_set_enum (value, self->service_state);
      break;
    case PROP_SERVICE_MESSAGE:
      g_value_set_string (value, self->service_message);
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
  /**
   * HeraldWorkspace:connections:
   *
   * A #GListModel of #HeraldConnection; the first acts as the device of
   * the flow and is always there.
   */
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE_STATE] =
    g_param_spec_enum ("service-state", NULL, NULL, HERALD_TYPE_SERVICE_STATE,
                       HERALD_SERVICE_STATE_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HeraldWorkspace:service-message:
   *
   * Why the service is not reachable and what to do, for the user; %NULL
   * while it is, or while none is chosen.
   */
  properties[PROP_SERVICE_MESSAGE] =
    g_param_spec_string ("service-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

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
device_session_state_cb (HeraldWorkspace   *self,
                         GParamSpec        *pspec,
                         HeraldMqttSession *session)
{
  HeraldMqttState state = herald_mqtt_session_get_state (session);

  _herald_workspace_update_steps (self);

  /* A device connection that cannot get through may be a device the
   * service no longer has: ask the service, not the broker. */
  if (state == HERALD_MQTT_STATE_RECONNECTING || state == HERALD_MQTT_STATE_FAILED)
    _herald_workspace_schedule_device_check (self, DEVICE_CHECK_DELAY_MS);
  else if (state == HERALD_MQTT_STATE_CONNECTED)
    herald_connection_set_problem (self->device_connection, NULL);
}

static void
herald_workspace_init (HeraldWorkspace *self)
{
  self->cancellable = g_cancellable_new ();
  self->probe_cancellable = g_cancellable_new ();
  self->connections = g_list_store_new (HERALD_TYPE_CONNECTION);
  self->redactor = herald_redactor_new ();
  _herald_workspace_init_device_profile (self);
  self->device_connection = herald_connection_new_for_profile (self->device_profile);
  g_list_store_append (self->connections, self->device_connection);
  self->measure_sender = herald_measure_sender_new (self->device_connection, MAX_MEASURES_LISTED);

  g_signal_connect_swapped (herald_connection_get_session (self->device_connection), "notify::state",
                            G_CALLBACK (device_session_state_cb), self);
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
  g_settings_bind (settings, "presentation-mode", self->redactor, "active", G_SETTINGS_BIND_DEFAULT);

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
  } slots[] = {
    { G_STRUCT_OFFSET (HeraldWorkspace, capability), PROP_CAPABILITY },
    { G_STRUCT_OFFSET (HeraldWorkspace, sensor_type), PROP_SENSOR_TYPE },
    { G_STRUCT_OFFSET (HeraldWorkspace, device), PROP_DEVICE },
    { G_STRUCT_OFFSET (HeraldWorkspace, sensor), PROP_SENSOR },
    { G_STRUCT_OFFSET (HeraldWorkspace, keystore), PROP_KEYSTORE },
  };

  self->command_sent = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      GObject **slot = &G_STRUCT_MEMBER (GObject *, self, slots[i].offset);

      if (*slot != NULL)
        {
          g_clear_object (slot);
          g_object_notify_by_pspec (G_OBJECT (self), properties[slots[i].prop]);
        }
    }
  herald_connection_set_device_alternate_id (self->device_connection, NULL);
  _herald_workspace_update_steps (self);
}

/* Presentation mode masks the hosts of the service in use, of its broker
 * and of every connection of its own wherever they are named. */
void
_herald_workspace_update_redactor (HeraldWorkspace *self)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new ();
  g_autoptr(GListModel) brokers = NULL;

  if (self->profile != NULL)
    {
      const char *api_url = herald_profile_get_api_url (self->profile);
      const char *mqtt_uri = herald_profile_get_mqtt_uri (self->profile);

      if (api_url != NULL)
        g_ptr_array_add (addresses, (gpointer) api_url);
      if (mqtt_uri != NULL)
        g_ptr_array_add (addresses, (gpointer) mqtt_uri);
    }
  /* The list holds the profiles, whose URIs are borrowed, until the end. */
  if (self->connections != NULL)
    brokers = _herald_workspace_list_brokers (self);
  for (guint i = 0; brokers != NULL && i < g_list_model_get_n_items (brokers); i++)
    {
      g_autoptr(HeraldBrokerProfile) profile = g_list_model_get_item (brokers, i);

      g_ptr_array_add (addresses, (gpointer) herald_broker_profile_get_server_uri (profile));
    }
  g_ptr_array_add (addresses, NULL);
  herald_redactor_set_addresses (self->redactor, (const char * const *) addresses->pdata);
}

void
herald_workspace_set_profile (HeraldWorkspace *self,
                              HeraldProfile *profile)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (!profile || HERALD_IS_PROFILE (profile));

  if (self->profile != NULL && self->profile != profile)
    {
      /* A change to the device connection not saved yet is the old one's. */
      _herald_workspace_flush_device_profile (self, FALSE);
      clear_entities (self);
      g_signal_handlers_disconnect_by_func (self->profile, _herald_workspace_update_redactor, self);
      g_signal_handlers_disconnect_by_func (self->profile, _herald_workspace_update_device_profile, self);
    }

  if (g_set_object (&self->profile, profile))
    {
      if (profile != NULL)
        {
          g_signal_connect_swapped (profile, "notify::api-url", G_CALLBACK (_herald_workspace_update_redactor), self);
          g_signal_connect_swapped (profile, "notify::mqtt-uri", G_CALLBACK (_herald_workspace_update_redactor), self);
          /* The device connection goes where the service's broker is. */
          g_signal_connect_swapped (profile, "notify::mqtt-uri", G_CALLBACK (_herald_workspace_update_device_profile), self);
          g_signal_connect_swapped (profile, "notify::ca-file", G_CALLBACK (_herald_workspace_update_device_profile), self);
          g_signal_connect_swapped (profile, "notify::use-sandbox", G_CALLBACK (_herald_workspace_update_device_profile), self);
        }
      _herald_workspace_update_redactor (self);
      _herald_workspace_load_device_profile (self);
      if (profile != NULL)
        g_settings_set_string (self->settings, "last-profile", herald_profile_get_name (profile));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
      _herald_workspace_watch_sandbox (self);
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
exchange_cb (HeraldWorkspace *self,
             HeraldExchange  *exchange,
             HeraldApiClient *client)
{
  if (g_set_object (&self->last_exchange, exchange))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EXCHANGE]);

  _herald_workspace_note_answer (self, herald_exchange_get_status (exchange), herald_exchange_get_url (exchange));
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

  /* Checks of the old service answer no more. */
  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();
  g_clear_object (&self->probe);
  self->device_checking = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);

  if (client != NULL)
    {
      herald_workspace_check_service (self);
      resume_entities (self);
    }
  else
    {
      g_clear_pointer (&self->service_message, g_free);
      self->service_state = HERALD_SERVICE_STATE_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_MESSAGE]);
      _herald_workspace_update_steps (self);
    }
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
        herald_profile_set_device_alternate_id (self->profile,
                                                entity ? herald_entity_get_alternate_id (entity) : NULL);
      herald_workspace_save (self);
    }

  if (step == HERALD_STEP_DEVICE)
    {
      self->command_sent = FALSE;
      herald_connection_set_device_alternate_id (self->device_connection,
                                                 entity ? herald_entity_get_alternate_id (entity) : NULL);
      if (entity != NULL)
        herald_connection_set_problem (self->device_connection, NULL);
      _herald_workspace_update_device_profile (self);
    }

  _herald_workspace_update_steps (self);
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
      herald_profile_set_keystore_path (self->profile, keystore ? path : NULL);
      herald_workspace_save (self);
    }

  if (g_set_object (&self->keystore, keystore))
    {
      _herald_workspace_update_steps (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYSTORE]);
    }
}

/**
 * herald_workspace_get_session:
 *
 * Returns: (transfer none): the session of the device connection
 */
HeraldMqttSession *
herald_workspace_get_session (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return herald_connection_get_session (self->device_connection);
}

/**
 * herald_workspace_get_history:
 *
 * Returns: (transfer none): the history of the device connection
 */
HeraldHistory *
herald_workspace_get_history (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return herald_connection_get_history (self->device_connection);
}

/**
 * herald_workspace_get_redactor:
 *
 * Returns: (transfer none): what masks hosts in presentation mode; its
 *   #HeraldRedactor:active follows the "presentation-mode" setting
 */
HeraldRedactor *
herald_workspace_get_redactor (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->redactor;
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

/* Connections --------------------------------------------------------------- */

/**
 * herald_workspace_get_connections:
 *
 * Returns: (transfer none): a #GListModel of #HeraldConnection
 */
GListModel *
herald_workspace_get_connections (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return G_LIST_MODEL (self->connections);
}

/**
 * herald_workspace_get_measure_sender:
 *
 * Returns: (transfer none): what sends measures as the device connection,
 *   lists the last ones with their acknowledgements, and keeps their
 *   numbers for a chart
 */
HeraldMeasureSender *
herald_workspace_get_measure_sender (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->measure_sender;
}

/**
 * herald_workspace_get_device_connection:
 *
 * Returns: (transfer none): the connection that acts as the device of the
 *   flow, the first of the list
 */
HeraldConnection *
herald_workspace_get_device_connection (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->device_connection;
}

/**
 * herald_workspace_add_connection:
 * @name: what the user calls it
 *
 * Returns: (transfer none): a new connection, appended to the list
 */
HeraldConnection *
herald_workspace_add_connection (HeraldWorkspace *self,
                                 const char      *name)
{
  g_autoptr(HeraldConnection) connection = NULL;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);

  connection = herald_connection_new (name);
  g_list_store_append (self->connections, connection);

  return connection;
}

/**
 * herald_workspace_remove_connection:
 *
 * Disconnects @connection and drops it from the list; a connection with a
 * profile is dropped from the connections' file too, and its secrets from
 * the Secret Service. The device connection stays.
 */
void
herald_workspace_remove_connection (HeraldWorkspace  *self,
                                    HeraldConnection *connection)
{
  guint position;

  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (HERALD_IS_CONNECTION (connection));
  g_return_if_fail (connection != self->device_connection);

  if (g_list_store_find (self->connections, connection, &position))
    {
      herald_mqtt_session_disconnect (herald_connection_get_session (connection));
      _herald_workspace_forget_broker (self, connection);
      g_list_store_remove (self->connections, position);
      _herald_workspace_update_redactor (self);
    }
}

/* For the other parts of the class ------------------------------------------ */

void
_herald_workspace_notify (HeraldWorkspace *self,
                          guint            prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_herald_workspace_emit_step_changed (HeraldWorkspace *self,
                                     HeraldStep       step)
{
  g_signal_emit (self, signals[STEP_CHANGED], 0, (guint) step);
}

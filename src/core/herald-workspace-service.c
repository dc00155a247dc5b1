/* herald-workspace-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-workspace-private.h"
#include "herald-topic.h"

/* HeraldWorkspace, what is true of the service: the steps computed from the
 * state, whether the service answers, the entities in use checked against
 * it (a device deleted elsewhere stops being in use, and the connection
 * acting as it says why), and what becomes of a command sent while the
 * device is away.
 */

/* Steps ------------------------------------------------------------------ */

static gboolean
compute_step (HeraldWorkspace *self,
              HeraldStep       step)
{
  HeraldMqttSession *session = herald_connection_get_session (self->device_connection);

  switch (step)
    {
    case HERALD_STEP_SERVICE:
      return self->client != NULL && self->service_state == HERALD_SERVICE_STATE_REACHABLE;
    case HERALD_STEP_CAPABILITY:
      return self->capability != NULL;
    case HERALD_STEP_SENSOR_TYPE:
      return self->sensor_type != NULL;
    case HERALD_STEP_DEVICE:
      return self->device != NULL;
    case HERALD_STEP_SENSOR:
      return self->sensor != NULL;
    case HERALD_STEP_CERTIFICATE:
      /* The key store of this device, not of one deleted before. */
      return self->keystore != NULL && self->device != NULL &&
             g_strcmp0 (herald_keystore_get_subject_cn (self->keystore),
                        herald_entity_get_alternate_id (HERALD_ENTITY (self->device))) == 0;
    case HERALD_STEP_CONNECT:
      return herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED;
    case HERALD_STEP_COMMAND:
      return self->command_sent;
    case HERALD_N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

void
_herald_workspace_update_steps (HeraldWorkspace *self)
{
  for (guint step = 0; step < HERALD_N_STEPS; step++)
    {
      gboolean complete = compute_step (self, step);

      if (self->complete[step] != complete)
        {
          self->complete[step] = complete;
          _herald_workspace_emit_step_changed (self, step);
        }
    }
}

/* The service ----------------------------------------------------------- */

void
_herald_workspace_set_service_state (HeraldWorkspace    *self,
                                     HeraldServiceState  state,
                                     const char         *message)
{
  if (g_strcmp0 (self->service_message, message) != 0)
    {
      g_free (self->service_message);
      self->service_message = g_strdup (message);
      _herald_workspace_notify (self, PROP_SERVICE_MESSAGE);
    }

  if (self->service_state != state)
    {
      self->service_state = state;
      _herald_workspace_notify (self, PROP_SERVICE_STATE);
    }

  _herald_workspace_update_steps (self);
}

/**
 * herald_workspace_note_failure:
 * @error: (nullable): how a request to the service in use failed
 *
 * What a failed request says about the service as a whole: not reachable
 * (network, TLS, time-out), or refusing the credentials. Other failures
 * are the request's own.
 */
void
herald_workspace_note_failure (HeraldWorkspace *self,
                               const GError    *error)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  if (error == NULL || herald_api_error_is_cancelled (error) || error->domain != HERALD_API_ERROR)
    return;

  switch (error->code)
    {
    case HERALD_API_ERROR_UNAUTHORIZED:
      _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_UNAUTHORIZED, error->message);
      break;
    case HERALD_API_ERROR_NETWORK:
    case HERALD_API_ERROR_TLS:
    case HERALD_API_ERROR_TIMED_OUT:
    case HERALD_API_ERROR_INVALID_CONFIG:
      /* Following a local sandbox that its sandbox.json says is stopped:
       * "not running, start it" says more than the refused connection of
       * a request that was on its way when it stopped. */
      if (self->sandbox_monitored != NULL && self->sandbox_info == NULL &&
          self->service_state == HERALD_SERVICE_STATE_UNREACHABLE)
        break;
      _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_UNREACHABLE, error->message);
      break;
    default:
      /* It answered. */
      _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_REACHABLE, NULL);
      break;
    }
}

static HeraldApiClient *
get_probe (HeraldWorkspace *self)
{
  if (self->probe == NULL && self->client != NULL)
    self->probe = herald_api_client_new (herald_api_client_get_config (self->client), NULL);

  return self->probe;
}

static void
service_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HeraldWorkspace *self = user_data;
  g_autoptr(GListModel) gateways = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled when the workspace goes or the client changes. */
  gateways = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (herald_api_error_is_cancelled (error) || HERALD_API_CLIENT (object) != self->probe)
    return;

  if (gateways != NULL)
    _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_REACHABLE, NULL);
  else
    herald_workspace_note_failure (self, error);
}

/**
 * herald_workspace_check_service:
 *
 * Asks the service in use whether it answers and takes the credentials;
 * #HeraldWorkspace:service-state follows. Done by itself whenever the
 * client changes; the request is not in the exchange log.
 */
void
herald_workspace_check_service (HeraldWorkspace *self)
{
  HeraldApiClient *probe;

  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  if ((probe = get_probe (self)) == NULL)
    return;

  if (self->service_state != HERALD_SERVICE_STATE_CHECKING)
    _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_CHECKING, NULL);

  herald_api_client_list_gateways_async (probe, NULL, NULL, 0, 1, self->probe_cancellable,
                                         service_checked_cb, self);
}

HeraldServiceState
herald_workspace_get_service_state (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), HERALD_SERVICE_STATE_NONE);
  return self->service_state;
}

/**
 * herald_workspace_get_service_message:
 *
 * Returns: (nullable): why the service in use cannot be used, and what to
 *   do about it
 */
const char *
herald_workspace_get_service_message (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->service_message;
}

/* Entities that stay true ------------------------------------------------- */

/* The entity in use is no longer on the service. */
static void
entity_gone (HeraldWorkspace *self,
             HeraldEntity    *entity)
{
  g_autoptr(HeraldEntity) gone = g_object_ref (entity);

  if ((gpointer) gone == self->capability)
    herald_workspace_set_capability (self, NULL);
  else if ((gpointer) gone == self->sensor_type)
    herald_workspace_set_sensor_type (self, NULL);
  else if ((gpointer) gone == self->sensor)
    herald_workspace_set_sensor (self, NULL);
  else if ((gpointer) gone == self->device)
    {
      const char *alternate_id = herald_entity_get_alternate_id (gone);
      gboolean acting = g_strcmp0 (herald_connection_get_device_alternate_id (self->device_connection),
                                   alternate_id) == 0;

      /* Its sensors went with it, and its certificates are revoked. */
      herald_workspace_set_sensor (self, NULL);
      herald_workspace_set_device (self, NULL);
      if (self->keystore != NULL &&
          g_strcmp0 (herald_keystore_get_subject_cn (self->keystore), alternate_id) == 0)
        herald_workspace_set_keystore (self, NULL, NULL);

      if (acting)
        {
          HeraldMqttSession *session = herald_connection_get_session (self->device_connection);

          /* Trying again cannot work: say why and stop. */
          if (herald_mqtt_session_get_state (session) != HERALD_MQTT_STATE_DISCONNECTED)
            herald_mqtt_session_disconnect (session);
          herald_connection_set_problem (self->device_connection,
                                         _("This device was deleted; its certificate is revoked. "
                                           "Create a device and get its certificate."));
        }
    }
}

/* The entity in use whose id is the last such segment of @url's path. */
static HeraldEntity *
entity_of_url (HeraldWorkspace *self,
               const char      *url)
{
  HeraldEntity *in_use[] = {
    (HeraldEntity *) self->capability, (HeraldEntity *) self->sensor_type,
    (HeraldEntity *) self->device, (HeraldEntity *) self->sensor,
  };
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_auto(GStrv) segments = NULL;
  HeraldEntity *found = NULL;

  if (uri == NULL)
    return NULL;

  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (in_use); j++)
      if (in_use[j] != NULL && *segments[i] != '\0' &&
          g_strcmp0 (herald_entity_get_id (in_use[j]), segments[i]) == 0)
        found = in_use[j];

  return found;
}

static void check_entity (HeraldWorkspace *self,
                          HeraldEntity    *entity);

static gboolean
url_ends_with_id (const char *url,
                  const char *id)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  const char *last = path != NULL ? strrchr (path, '/') : NULL;

  return last != NULL && g_strcmp0 (last + 1, id) == 0;
}

void
_herald_workspace_note_answer (HeraldWorkspace *self,
                               guint            status,
                               const char      *url)
{
  HeraldEntity *entity;

  /* Transport failures carry no status; the requester's error says more. */
  if (status == 0)
    return;

  if (status == 401)
    _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_UNAUTHORIZED,
                       _("The service refused the user name or password. Correct them on the "
                         "Service page and choose Use This Service again."));
  else if (self->service_state != HERALD_SERVICE_STATE_REACHABLE)
    _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_REACHABLE, NULL);

  /* A 404 of the entity's own path says it is gone; one of a path below it
   * (a certificate's fingerprint, a command's sensor) may be of that
   * other thing: asked again with a GET of the entity. */
  if (status == 404 && url != NULL && (entity = entity_of_url (self, url)) != NULL)
    {
      if (url_ends_with_id (url, herald_entity_get_id (entity)))
        entity_gone (self, entity);
      else
        check_entity (self, entity);
    }
}

typedef struct
{
  HeraldWorkspace *self;
  HeraldEntity    *entity;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->entity);
  g_free (check);
}

static void
entity_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Check *check = user_data;
  HeraldWorkspace *self = check->self;
  g_autoptr(GObject) entity = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled when the workspace goes or the client changes. */
  entity = herald_api_client_entity_finish (HERALD_API_CLIENT (object), result, &error);
  if (!herald_api_error_is_cancelled (error) && HERALD_API_CLIENT (object) == self->probe)
    {
      if (HERALD_IS_DEVICE (check->entity))
        self->device_checking = FALSE;

      if (g_error_matches (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND))
        {
          _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_REACHABLE, NULL);
          entity_gone (self, check->entity);
        }
      else if (entity != NULL)
        _herald_workspace_set_service_state (self, HERALD_SERVICE_STATE_REACHABLE, NULL);
      else
        herald_workspace_note_failure (self, error);
    }

  check_free (check);
}

static void
check_entity (HeraldWorkspace *self,
              HeraldEntity    *entity)
{
  HeraldApiClient *probe = get_probe (self);
  Check *check;
  void (*get) (HeraldApiClient *, const char *, GCancellable *, GAsyncReadyCallback, gpointer);

  if (entity == NULL || probe == NULL)
    return;

  if (HERALD_IS_CAPABILITY (entity))
    get = herald_api_client_get_capability_async;
  else if (HERALD_IS_SENSOR_TYPE (entity))
    get = herald_api_client_get_sensor_type_async;
  else if (HERALD_IS_DEVICE (entity))
    get = herald_api_client_get_device_async;
  else if (HERALD_IS_SENSOR (entity))
    get = herald_api_client_get_sensor_async;
  else
    g_return_if_reached ();

  check = g_new0 (Check, 1);
  check->self = self;
  check->entity = g_object_ref (entity);
  get (probe, herald_entity_get_id (entity), self->probe_cancellable, entity_checked_cb, check);
}

/**
 * herald_workspace_check_entities:
 *
 * Asks the service whether each entity in use still exists; those that
 * do not stop being in use (and what depended on them with them).
 */
void
herald_workspace_check_entities (HeraldWorkspace *self)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));

  check_entity (self, (HeraldEntity *) self->capability);
  check_entity (self, (HeraldEntity *) self->sensor_type);
  check_entity (self, (HeraldEntity *) self->device);
  check_entity (self, (HeraldEntity *) self->sensor);
}

static gboolean
device_check_cb (gpointer user_data)
{
  HeraldWorkspace *self = user_data;
  HeraldMqttState state;

  self->device_check_source = 0;

  state = herald_mqtt_session_get_state (herald_connection_get_session (self->device_connection));
  if (self->device == NULL ||
      (state != HERALD_MQTT_STATE_RECONNECTING && state != HERALD_MQTT_STATE_FAILED))
    return G_SOURCE_REMOVE;

  if (!self->device_checking)
    {
      self->device_checking = TRUE;
      check_entity (self, HERALD_ENTITY (self->device));
    }

  /* Still failing later: ask again. */
  _herald_workspace_schedule_device_check (self, DEVICE_CHECK_INTERVAL_S * 1000);
  return G_SOURCE_REMOVE;
}

void
_herald_workspace_schedule_device_check (HeraldWorkspace *self,
                                         guint            delay_ms)
{
  if (self->device_check_source == 0 && self->device != NULL)
    self->device_check_source = g_timeout_add (delay_ms, device_check_cb, self);
}

/**
 * herald_workspace_note_listing:
 * @type: the entity type listed
 * @entities: a complete, unfiltered listing of that type
 *
 * What a page listed: an entity in use missing from it is gone.
 */
void
herald_workspace_note_listing (HeraldWorkspace *self,
                               GType            type,
                               GListModel      *entities)
{
  HeraldEntity *in_use = NULL;
  guint n;

  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (G_IS_LIST_MODEL (entities));

  if (type == HERALD_TYPE_CAPABILITY)
    in_use = (HeraldEntity *) self->capability;
  else if (type == HERALD_TYPE_SENSOR_TYPE)
    in_use = (HeraldEntity *) self->sensor_type;
  else if (type == HERALD_TYPE_DEVICE)
    in_use = (HeraldEntity *) self->device;
  else if (type == HERALD_TYPE_SENSOR)
    in_use = (HeraldEntity *) self->sensor;

  if (in_use == NULL)
    return;

  n = g_list_model_get_n_items (entities);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldEntity) entity = g_list_model_get_item (entities, i);

      if (g_strcmp0 (herald_entity_get_id (entity), herald_entity_get_id (in_use)) == 0)
        return;
    }

  entity_gone (self, in_use);
}

/**
 * herald_workspace_note_deleted:
 * @type: the entity type deleted
 * @id: the id of the entity deleted
 *
 * The user deleted an entity from Herald: when it is in use, it stops
 * being, with what depended on it, as when it is found gone.
 */
void
herald_workspace_note_deleted (HeraldWorkspace *self,
                               GType            type,
                               const char      *id)
{
  HeraldEntity *in_use = NULL;

  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (id != NULL);

  if (type == HERALD_TYPE_CAPABILITY)
    in_use = (HeraldEntity *) self->capability;
  else if (type == HERALD_TYPE_SENSOR_TYPE)
    in_use = (HeraldEntity *) self->sensor_type;
  else if (type == HERALD_TYPE_DEVICE)
    in_use = (HeraldEntity *) self->device;
  else if (type == HERALD_TYPE_SENSOR)
    in_use = (HeraldEntity *) self->sensor;

  if (in_use != NULL && g_strcmp0 (herald_entity_get_id (in_use), id) == 0)
    entity_gone (self, in_use);
}

/**
 * herald_workspace_note_renamed:
 * @entity: an entity as the service answered its change (PUT)
 *
 * The user renamed an entity from Herald: when it is in use, the workspace
 * holds it as it is now. Its id stays, and with it all that depends on it.
 */
void
herald_workspace_note_renamed (HeraldWorkspace *self,
                               HeraldEntity    *entity)
{
  static const struct { guint prop; gsize offset; } slots[] = {
    { PROP_CAPABILITY, G_STRUCT_OFFSET (HeraldWorkspace, capability) },
    { PROP_SENSOR_TYPE, G_STRUCT_OFFSET (HeraldWorkspace, sensor_type) },
    { PROP_DEVICE, G_STRUCT_OFFSET (HeraldWorkspace, device) },
    { PROP_SENSOR, G_STRUCT_OFFSET (HeraldWorkspace, sensor) },
  };

  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (HERALD_IS_ENTITY (entity));

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      GObject **slot = G_STRUCT_MEMBER_P (self, slots[i].offset);

      if (*slot != NULL && G_OBJECT_TYPE (*slot) == G_OBJECT_TYPE (entity) &&
          g_strcmp0 (herald_entity_get_id (HERALD_ENTITY (*slot)), herald_entity_get_id (entity)) == 0)
        {
          g_set_object (slot, G_OBJECT (entity));
          _herald_workspace_notify (self, slots[i].prop);
        }
    }
}

/* Commands ----------------------------------------------------------------- */

/**
 * herald_workspace_note_command_sent:
 * @device: the device the service accepted a command for
 */
void
herald_workspace_note_command_sent (HeraldWorkspace *self,
                                    HeraldDevice    *device)
{
  g_return_if_fail (HERALD_IS_WORKSPACE (self));
  g_return_if_fail (HERALD_IS_DEVICE (device));

  if (self->device != NULL &&
      g_strcmp0 (herald_entity_get_id (HERALD_ENTITY (device)),
                 herald_entity_get_id (HERALD_ENTITY (self->device))) == 0)
    {
      self->command_sent = TRUE;
      _herald_workspace_update_steps (self);
    }
}

/**
 * herald_workspace_describe_delivery:
 * @device: the device a command was sent to
 *
 * What will happen to a command the service accepted for @device, as far
 * as Herald's own connections know: %NULL when a connection acting as the
 * device is up (the command arrives there now) or when none acts as it.
 *
 * Returns: (transfer full) (nullable): a sentence for the user
 */
char *
herald_workspace_describe_delivery (HeraldWorkspace *self,
                                    HeraldDevice    *device)
{
  const char *alternate_id;
  guint n;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (HERALD_IS_DEVICE (device), NULL);

  alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (device));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->connections), i);
      HeraldMqttSession *session = herald_connection_get_session (connection);
      gboolean clean_session = TRUE;

      if (g_strcmp0 (herald_connection_get_device_alternate_id (connection), alternate_id) != 0)
        continue;

      if (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED)
        return NULL;

      if (herald_connection_get_session_persistent (connection))
        return g_strdup (_("Sent. The device is not connected; it receives the command when it reconnects."));

      g_object_get (session, "clean-session", &clean_session, NULL);
      if (clean_session)
        return g_strdup (_("Sent, but the device is not connected and will not receive it "
                           "(it connects with Clean Session on)."));

      return g_strdup (_("Sent, but the device is not connected and will not receive it "
                         "(the broker keeps no session for it: connect once with Clean Session "
                         "off and a QoS 1 subscription to its commands)."));
    }

  return NULL;
}

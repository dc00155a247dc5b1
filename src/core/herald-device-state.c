/* herald-device-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-glib-private.h"
#include "herald-json-private.h"

#include "herald-device-state.h"
#include "herald-message.h"
#include "herald-reading.h"

/* Numbers kept per property for a chart (and as many buckets of older
 * ones). */
#define SERIES_CAPACITY 4096

/* What the workspace's device received last on its command topic, read as
 * the capability in use types it: the model behind the window's device
 * view. It looks at each batch the device connection's session hands over
 * and reads only the batch's last command, so that a flood costs one parse
 * per batch, not one per message; ::changed follows each reading.
 *
 * The payload is the service's: {"sensorAlternateId", "capabilityAlternateId",
 * "command": {property: value, …}}. Values are typed by the capability in
 * use when the payload names it (or names none); a command for another
 * capability is read by its JSON types alone.
 */

struct _HeraldDeviceState
{
  GObject            parent_instance;

  HeraldWorkspace   *workspace;
  HeraldConnection  *connection;
  GListStore        *readings;
  char              *topic;
  gint64             time;
  guint64            n_commands;
  char              *capability_name;
  char              *capability_alternate_id;
  char              *sensor_alternate_id;
  char              *problem;
  HeraldSeriesSet   *series;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldDeviceState, herald_device_state, G_TYPE_OBJECT)

static gboolean
is_command_topic (HeraldDeviceState *self,
                  const char        *topic)
{
  const char *device = herald_connection_get_device_alternate_id (self->connection);

  return device != NULL &&
         g_str_has_prefix (topic, "commands/") &&
         strcmp (topic + strlen ("commands/"), device) == 0;
}

static void
messages_received_cb (HeraldMqttSession *session,
                      GPtrArray         *messages,
                      HeraldDeviceState *self)
{
  HeraldMessage *last = NULL;
  guint n = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      HeraldMessage *message = g_ptr_array_index (messages, i);

      if (is_command_topic (self, herald_message_get_topic (message)))
        {
          last = message;
          n++;
        }
    }
  if (last == NULL)
    return;

  /* The batch's earlier commands were replaced before anyone could read
   * them: they count, and the History keeps them. */
  self->n_commands += n - 1;
  herald_device_state_take_command (self, herald_message_get_topic (last),
                                    herald_message_get_time (last),
                                    herald_message_get_payload (last));
}

static void
device_changed_cb (HeraldDeviceState *self)
{
  herald_device_state_reset (self);
}

static void
herald_device_state_constructed (GObject *object)
{
  HeraldDeviceState *self = HERALD_DEVICE_STATE (object);

  G_OBJECT_CLASS (herald_device_state_parent_class)->constructed (object);

  self->connection = g_object_ref (herald_workspace_get_device_connection (self->workspace));
  g_signal_connect_object (herald_connection_get_session (self->connection), "messages-received",
                           G_CALLBACK (messages_received_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->connection, "notify::device-alternate-id",
                           G_CALLBACK (device_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
herald_device_state_dispose (GObject *object)
{
  HeraldDeviceState *self = HERALD_DEVICE_STATE (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (herald_device_state_parent_class)->dispose (object);
}

static void
herald_device_state_finalize (GObject *object)
{
  HeraldDeviceState *self = HERALD_DEVICE_STATE (object);

  g_clear_object (&self->readings);
  g_clear_object (&self->series);
  g_free (self->topic);
  g_free (self->capability_name);
  g_free (self->capability_alternate_id);
  g_free (self->sensor_alternate_id);
  g_free (self->problem);

  G_OBJECT_CLASS (herald_device_state_parent_class)->finalize (object);
}

static void
herald_device_state_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HeraldDeviceState *self = HERALD_DEVICE_STATE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_device_state_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HeraldDeviceState *self = HERALD_DEVICE_STATE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_device_state_class_init (HeraldDeviceStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = herald_device_state_constructed;
  object_class->dispose = herald_device_state_dispose;
  object_class->finalize = herald_device_state_finalize;
  object_class->get_property = herald_device_state_get_property;
  object_class->set_property = herald_device_state_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         HERALD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldDeviceState::changed:
   *
   * A command was read (or the state was reset): the readings, time,
   * topic and problem are the new ones.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_device_state_init (HeraldDeviceState *self)
{
  self->series = herald_series_set_new (SERIES_CAPACITY);
  self->readings = g_list_store_new (HERALD_TYPE_READING);
}

HeraldDeviceState *
herald_device_state_new (HeraldWorkspace *workspace)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (HERALD_TYPE_DEVICE_STATE, "workspace", workspace, NULL);
}

/* The capability that types @alternate_id's values: the one in use when
 * the payload names it or names none. */
static HeraldCapability *
find_capability (HeraldDeviceState *self,
                 const char        *alternate_id)
{
  HeraldCapability *capability = herald_workspace_get_capability (self->workspace);

  if (capability == NULL)
    return NULL;
  if (alternate_id != NULL &&
      g_strcmp0 (herald_entity_get_alternate_id (HERALD_ENTITY (capability)), alternate_id) != 0)
    return NULL;

  return capability;
}

static gboolean
same_as_before (HeraldDeviceState *self,
                HeraldReading     *reading)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->readings));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldReading) before = g_list_model_get_item (G_LIST_MODEL (self->readings), i);

      if (g_strcmp0 (herald_reading_get_name (before), herald_reading_get_name (reading)) == 0)
        return g_strcmp0 (herald_reading_get_text (before), herald_reading_get_text (reading)) == 0;
    }

  return FALSE;
}

static GPtrArray *
read_command (HeraldDeviceState *self,
              JsonObject        *root)
{
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func (g_object_unref);
  HeraldCapability *capability;
  JsonObject *command;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!json_object_has_member (root, "command") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "command")))
    return NULL;
  command = json_object_get_object_member (root, "command");

  herald_set_str (&self->sensor_alternate_id, herald_json_get_string (root, "sensorAlternateId"));
  herald_set_str (&self->capability_alternate_id, herald_json_get_string (root, "capabilityAlternateId"));
  capability = find_capability (self, self->capability_alternate_id);
  herald_set_str (&self->capability_name,
                  capability != NULL ? herald_entity_get_name (HERALD_ENTITY (capability)) : NULL);

  json_object_iter_init_ordered (&iter, command);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      HeraldProperty *property = capability != NULL ? herald_capability_find_property (capability, name) : NULL;
      HeraldReading *reading;

      if (property != NULL)
        reading = herald_reading_new (name, herald_property_get_data_type (property),
                                      herald_property_get_unit_of_measure (property), value);
      else
        reading = herald_reading_new (name, HERALD_DATA_TYPE_INVALID, NULL, value);
      herald_reading_set_changed (reading, !same_as_before (self, reading));
      g_ptr_array_add (readings, reading);
    }

  return g_steal_pointer (&readings);
}

/**
 * herald_device_state_take_command:
 * @topic: where it arrived
 * @time_us: when, in microseconds since the epoch
 * @payload: what arrived
 *
 * Reads @payload as the command the device received last. A payload that
 * is not a command leaves no readings and a problem that says so.
 */
void
herald_device_state_take_command (HeraldDeviceState *self,
                                  const char        *topic,
                                  gint64             time_us,
                                  GBytes            *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  gsize size = 0;
  const char *data;

  g_return_if_fail (HERALD_IS_DEVICE_STATE (self));
  g_return_if_fail (topic != NULL);
  g_return_if_fail (payload != NULL);

  self->n_commands++;
  self->time = time_us;
  herald_set_str (&self->topic, topic);
  g_clear_pointer (&self->problem, g_free);

  data = g_bytes_get_data (payload, &size);
  root = herald_json_parse (data, size, &error);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    readings = read_command (self, json_node_get_object (root));

  if (readings == NULL)
    {
      herald_set_str (&self->capability_name, NULL);
      herald_set_str (&self->capability_alternate_id, NULL);
      herald_set_str (&self->sensor_alternate_id, NULL);
      if (error != NULL)
        self->problem = g_strdup_printf (_("What arrived is not JSON, so the device cannot read it "
                                           "as a command: %s"), error->message);
      else
        self->problem = g_strdup (_("What arrived is not a command: a command is a JSON object "
                                    "with a “command” object of property values. Look at the "
                                    "message in the History to see what was sent."));
    }

  g_list_store_splice (self->readings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->readings)),
                       readings != NULL ? readings->pdata : NULL, readings != NULL ? readings->len : 0);
  if (readings != NULL)
    herald_series_set_add_readings (self->series,
                                    self->capability_alternate_id ? self->capability_alternate_id
                                                                  : self->capability_name,
                                    G_LIST_MODEL (self->readings), time_us);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_device_state_reset:
 *
 * Forgets what arrived: a different device, or a fresh stage.
 */
void
herald_device_state_reset (HeraldDeviceState *self)
{
  g_return_if_fail (HERALD_IS_DEVICE_STATE (self));

  self->time = 0;
  self->n_commands = 0;
  g_clear_pointer (&self->topic, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->capability_name, g_free);
  g_clear_pointer (&self->capability_alternate_id, g_free);
  g_clear_pointer (&self->sensor_alternate_id, g_free);
  g_list_store_remove_all (self->readings);
  herald_series_set_clear (self->series);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_device_state_get_series:
 *
 * Returns: (transfer none): the numbers of the commands read, one series
 *   per property (of a batch, its last command: the one read)
 */
HeraldSeriesSet *
herald_device_state_get_series (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return self->series;
}

HeraldWorkspace *
herald_device_state_get_workspace (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return self->workspace;
}

/**
 * herald_device_state_get_readings:
 *
 * Returns: (transfer none): a #GListModel of #HeraldReading, one per
 *   property of the last command, in the order they arrived
 */
GListModel *
herald_device_state_get_readings (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return G_LIST_MODEL (self->readings);
}

/**
 * herald_device_state_get_topic:
 *
 * Returns: (nullable): where the last command arrived
 */
const char *
herald_device_state_get_topic (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return self->topic;
}

/**
 * herald_device_state_get_time:
 *
 * Returns: when the last command arrived (µs since the epoch), 0 before any
 */
gint64
herald_device_state_get_time (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), 0);

  return self->time;
}

/**
 * herald_device_state_get_n_commands:
 *
 * Returns: how many commands arrived since the last reset, including
 *   those a later one in the same batch replaced
 */
guint64
herald_device_state_get_n_commands (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), 0);

  return self->n_commands;
}

/**
 * herald_device_state_get_capability_name:
 *
 * Returns: (nullable): the name of the capability that typed the last
 *   command, %NULL when it was read by its JSON types alone
 */
const char *
herald_device_state_get_capability_name (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return self->capability_name;
}

const char *
herald_device_state_get_capability_alternate_id (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return self->capability_alternate_id;
}

const char *
herald_device_state_get_sensor_alternate_id (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return self->sensor_alternate_id;
}

/**
 * herald_device_state_get_problem:
 *
 * Returns: (nullable): why the last message on the command topic could not
 *   be read as a command
 */
const char *
herald_device_state_get_problem (HeraldDeviceState *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (self), NULL);

  return self->problem;
}

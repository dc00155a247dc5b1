/* herald-measure-sender.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-ack-tracker.h"
#include "herald-json-private.h"
#include "herald-measure-sender.h"
#include "herald-topic.h"

/* The device side's sending: publishes measures messages as the device of
 * a connection, on measures/<device>, each with a fresh measureMessageId
 * and the time it was measured,
 *
 *   {"capabilityAlternateId", "sensorAlternateId",
 *    "measures": [{"Temperature": 21.5}], "timestamp", "measureMessageId"}
 *
 * subscribes to the gateway's answers on ack/<device> with the same
 * connection, and matches each to the message it answers
 * (HeraldAckTracker): HeraldSentMeasure:ack. The messages it lists are the
 * last @capacity sent; answers to none of them are counted
 * (HeraldMeasureSender:n-unmatched). The connection's History gets each
 * message sent (Published) and, after each answer received, the pairing
 * (Acknowledged: which message, accepted or refused, the round trip). */

/* Values kept per property at full resolution (and as many buckets of
 * older ones): 4,096 at one a second is over an hour. */
#define SERIES_CAPACITY 4096

struct _HeraldMeasureSender
{
  GObject           parent_instance;

  HeraldConnection *connection;
  guint             capacity;
  GListStore       *messages;      /* of HeraldSentMeasure, oldest first */
  GHashTable       *by_id;         /* message id → HeraldSentMeasure (in messages) */
  HeraldAckTracker *tracker;
  char             *ack_topic;     /* subscribed for this device */
  guint             n_unmatched;
  HeraldSeriesSet  *series;        /* the numbers sent, for a chart */
};

enum {
  PROP_0,
  PROP_N_UNMATCHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldMeasureSender, herald_measure_sender, G_TYPE_OBJECT)

static void
herald_measure_sender_dispose (GObject *object)
{
  HeraldMeasureSender *self = HERALD_MEASURE_SENDER (object);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (herald_connection_get_session (self->connection), self);
      g_signal_handlers_disconnect_by_data (self->connection, self);
    }
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (herald_measure_sender_parent_class)->dispose (object);
}

static void
herald_measure_sender_finalize (GObject *object)
{
  HeraldMeasureSender *self = HERALD_MEASURE_SENDER (object);

  g_hash_table_unref (self->by_id);
  g_clear_object (&self->messages);
  g_clear_object (&self->tracker);
  g_clear_object (&self->series);
  g_free (self->ack_topic);

  G_OBJECT_CLASS (herald_measure_sender_parent_class)->finalize (object);
}

static void
herald_measure_sender_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HeraldMeasureSender *self = HERALD_MEASURE_SENDER (object);

  switch (prop_id)
    {
    case PROP_N_UNMATCHED:
      g_value_set_uint (value, self->n_unmatched);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_measure_sender_class_init (HeraldMeasureSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_measure_sender_dispose;
  object_class->finalize = herald_measure_sender_finalize;
  object_class->get_property = herald_measure_sender_get_property;

  /**
   * HeraldMeasureSender:n-unmatched:
   *
   * How many answers came to no message of those listed.
   */
  properties[PROP_N_UNMATCHED] =
    g_param_spec_uint ("n-unmatched", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_measure_sender_init (HeraldMeasureSender *self)
{
  self->messages = g_list_store_new (HERALD_TYPE_SENT_MEASURE);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* The History of the connection shows each answer beside the message it
 * answers: an Acknowledged entry after the answer received. */
static void
record_answer (HeraldMeasureSender *self,
               HeraldAck           *ack,
               HeraldSentMeasure   *sent)
{
  g_autofree char *detail = NULL;
  g_autofree char *when = NULL;
  int round_trip_ms = (int) (herald_ack_get_round_trip (ack) / 1000);

  if (herald_connection_get_history_paused (self->connection))
    return;

  if (sent == NULL)
    /* Translators: %s is the measureMessageId the answer names */
    detail = g_strdup_printf (_("Answers no measures sent from here (measureMessageId %s)"),
                              herald_ack_get_message_id (ack) ? herald_ack_get_message_id (ack) : "—");
  else if (herald_ack_get_accepted (ack))
    {
      when = herald_message_format_time (herald_sent_measure_get_time (sent));
      /* Translators: when the measures were sent, the code (202), the
       * round trip in ms, the message's id */
      detail = g_strdup_printf (_("The measures sent at %s: accepted (%u) in %d ms (measureMessageId %s)"),
                                when, herald_ack_get_code (ack), round_trip_ms,
                                herald_sent_measure_get_message_id (sent));
    }
  else
    {
      g_autofree char *reasons = g_strjoinv (" ", (char **) herald_ack_get_messages (ack));

      when = herald_message_format_time (herald_sent_measure_get_time (sent));
      /* Translators: when the measures were sent, the error's code, the
       * round trip in ms, the message's id, then the gateway's reason */
      detail = g_strdup_printf (_("The measures sent at %s: refused (%u) in %d ms (measureMessageId %s): %s"),
                                when, herald_ack_get_code (ack), round_trip_ms,
                                herald_sent_measure_get_message_id (sent),
                                *reasons != '\0' ? reasons : _("the gateway gave no reason"));
    }
  herald_history_append_event (herald_connection_get_history (self->connection),
                               HERALD_HISTORY_EVENT_ACKNOWLEDGED, self->ack_topic, detail);
}

static void
take_acks (HeraldMeasureSender *self,
           HeraldMessage       *message)
{
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *payload = herald_message_get_payload (message);
  gsize size = 0;
  const char *data = g_bytes_get_data (payload, &size);
  guint unmatched = 0;

  acks = herald_ack_tracker_take (self->tracker, data != NULL ? data : "", size,
                                  herald_message_get_time (message), &error);
  if (acks == NULL)
    {
      /* Not an answer Herald can read: the History shows it as it came. */
      g_debug ("An answer on %s Herald cannot read: %s", self->ack_topic, error->message);
      return;
    }

  for (guint i = 0; i < acks->len; i++)
    {
      HeraldAck *ack = g_ptr_array_index (acks, i);
      HeraldSentMeasure *sent = herald_ack_get_matched (ack)
                                ? g_hash_table_lookup (self->by_id, herald_ack_get_message_id (ack)) : NULL;

      if (sent != NULL)
        herald_sent_measure_set_ack (sent, ack);
      else
        unmatched++;
      record_answer (self, ack, sent);
    }

  if (unmatched > 0)
    {
      self->n_unmatched += unmatched;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNMATCHED]);
    }
}

static void
messages_received_cb (HeraldMqttSession   *session,
                      GPtrArray           *messages,
                      HeraldMeasureSender *self)
{
  if (self->ack_topic == NULL)
    return;

  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (herald_message_get_topic (g_ptr_array_index (messages, i)), self->ack_topic) == 0)
      take_acks (self, g_ptr_array_index (messages, i));
}

/* Another device: its answers come on another topic, and the messages
 * listed were another's. */
static void
device_changed_cb (HeraldMeasureSender *self)
{
  g_clear_pointer (&self->ack_topic, g_free);
  g_hash_table_remove_all (self->by_id);
  g_list_store_remove_all (self->messages);
  herald_series_set_clear (self->series);
  g_clear_object (&self->tracker);
  self->tracker = herald_ack_tracker_new (self->capacity);
  if (self->n_unmatched != 0)
    {
      self->n_unmatched = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNMATCHED]);
    }
}

/**
 * herald_measure_sender_new:
 * @connection: the device's connection
 * @capacity: how many of the messages sent are listed at most
 */
HeraldMeasureSender *
herald_measure_sender_new (HeraldConnection *connection,
                           guint             capacity)
{
  HeraldMeasureSender *self;

  g_return_val_if_fail (HERALD_IS_CONNECTION (connection), NULL);

  self = g_object_new (HERALD_TYPE_MEASURE_SENDER, NULL);
  self->connection = g_object_ref (connection);
  self->capacity = MAX (capacity, 1);
  self->tracker = herald_ack_tracker_new (self->capacity);
  self->series = herald_series_set_new (SERIES_CAPACITY);
  g_signal_connect (herald_connection_get_session (connection), "messages-received",
                    G_CALLBACK (messages_received_cb), self);
  g_signal_connect_swapped (connection, "notify::device-alternate-id",
                            G_CALLBACK (device_changed_cb), self);
  return self;
}

static void
add_to_series (HeraldMeasureSender *self,
               HeraldCapability    *capability,
               const char          *payload,
               gint64               time)
{
  /* Read back as the service will, typed by the capability (its units):
   * the chart shows what was sent. */
  g_autoptr(GPtrArray) measures = herald_measure_parse_message (payload, -1, capability, NULL);

  for (guint i = 0; measures != NULL && i < measures->len; i++)
    herald_series_set_add_measure (self->series, g_ptr_array_index (measures, i), time);
}

static char *
build_message (const char           *sensor_alternate_id,
               const char           *capability_alternate_id,
               const char           *row,
               gint64                timestamp_ms,
               const char           *message_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "capabilityAlternateId");
  json_builder_add_string_value (builder, capability_alternate_id);
  json_builder_set_member_name (builder, "sensorAlternateId");
  json_builder_add_string_value (builder, sensor_alternate_id);
  json_builder_set_member_name (builder, "measures");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, json_from_string (row, NULL));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_int_value (builder, timestamp_ms);
  json_builder_set_member_name (builder, "measureMessageId");
  json_builder_add_string_value (builder, message_id);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return herald_json_to_string (root, FALSE);
}

/**
 * herald_measure_sender_send:
 * @capability: the capability the values are of (its alternate id goes in
 *   the message; its properties type the numbers kept for a chart)
 * @values: the row's values, typed as the capability's properties (a
 *   builder of the tenant flavour: typed JSON)
 *
 * Publishes one row of measures as the device (QoS 1), subscribed to the
 * gateway's answers first.
 *
 * Returns: (transfer none) (nullable): the message as listed, or %NULL
 *   with @error set when the connection cannot send it now
 */
HeraldSentMeasure *
herald_measure_sender_send (HeraldMeasureSender  *self,
                            const char           *sensor_alternate_id,
                            HeraldCapability     *capability,
                            HeraldCommandBuilder *values,
                            GError              **error)
{
  const char *capability_alternate_id;
  HeraldMqttSession *session;
  const char *device;
  g_autofree char *topic = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *row = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HeraldSentMeasure) sent = NULL;
  gint64 now;

  g_return_val_if_fail (HERALD_IS_MEASURE_SENDER (self), NULL);
  g_return_val_if_fail (sensor_alternate_id != NULL, NULL);
  g_return_val_if_fail (HERALD_IS_CAPABILITY (capability), NULL);
  g_return_val_if_fail (HERALD_IS_COMMAND_BUILDER (values), NULL);

  capability_alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (capability));
  g_return_val_if_fail (capability_alternate_id != NULL, NULL);

  session = herald_connection_get_session (self->connection);
  device = herald_connection_get_device_alternate_id (self->connection);
  if (device == NULL || herald_mqtt_session_get_state (session) != HERALD_MQTT_STATE_CONNECTED)
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NOT_CONNECTED,
                   _("The device is not connected: connect it in the Connect step, then send the measures."));
      return NULL;
    }

  if (self->ack_topic == NULL)
    {
      g_autofree char *ack_topic = herald_topic_ack (device);

      /* Through the connection: its profile keeps it, so a Connect does
       * not drop it. */
      if (!herald_connection_subscribe (self->connection, ack_topic, 1, error))
        return NULL;
      self->ack_topic = g_steal_pointer (&ack_topic);
    }

  now = g_get_real_time ();
  message_id = g_uuid_string_random ();
  row = herald_command_builder_to_command_json (values);
  payload = build_message (sensor_alternate_id, capability_alternate_id, row, now / 1000, message_id);
  topic = herald_topic_measures (device);
  bytes = g_bytes_new (payload, strlen (payload));
  if (!herald_mqtt_session_publish (session, topic, bytes, 1, FALSE, error))
    return NULL;

  if (!herald_connection_get_history_paused (self->connection))
    herald_history_append_event_with_qos (herald_connection_get_history (self->connection),
                                          HERALD_HISTORY_EVENT_PUBLISHED, topic, payload, 1);
  herald_ack_tracker_sent (self->tracker, message_id, now);
  sent = herald_sent_measure_new (message_id, payload, row, now);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->messages)) >= self->capacity)
    {
      g_autoptr(HeraldSentMeasure) oldest = g_list_model_get_item (G_LIST_MODEL (self->messages), 0);

      g_hash_table_remove (self->by_id, herald_sent_measure_get_message_id (oldest));
      g_list_store_remove (self->messages, 0);
    }
  g_list_store_append (self->messages, sent);
  g_hash_table_insert (self->by_id, (gpointer) herald_sent_measure_get_message_id (sent), sent);
  add_to_series (self, capability, payload, now);

  return sent;
}

/**
 * herald_measure_sender_get_messages:
 *
 * Returns: (transfer none): the messages sent, oldest first, at most the
 *   sender's capacity
 */
GListModel *
herald_measure_sender_get_messages (HeraldMeasureSender *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE_SENDER (self), NULL);
  return G_LIST_MODEL (self->messages);
}

guint
herald_measure_sender_get_n_unmatched (HeraldMeasureSender *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE_SENDER (self), 0);
  return self->n_unmatched;
}

/**
 * herald_measure_sender_get_series:
 *
 * Returns: (transfer none): the numbers sent, one series per property,
 *   emptied when the device changes
 */
HeraldSeriesSet *
herald_measure_sender_get_series (HeraldMeasureSender *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURE_SENDER (self), NULL);

  return self->series;
}

/* herald-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-glib-private.h"

#include "herald-connection.h"
#include "herald-topic.h"

/* One MQTT connection of a workspace: its session, the history of what it
 * saw, the QoS of each of its subscriptions and, when it acts as a device of
 * the service, that device's alternate id. The workspace's first connection
 * is the tutorial's device; more are appended as items of the workspace's
 * list, each with a history of its own.
 *
 * The problem is a sentence for the user about why the connection cannot
 * work as it is (the device it acts as was deleted, …), set by the
 * workspace, which knows the service; the session's own errors stay the
 * session's.
 */

struct _HeraldConnection
{
  GObject            parent_instance;

  char              *name;
  HeraldMqttSession *session;
  HeraldHistory     *history;
  HeraldTopicTree   *topics;
  GHashTable        *granted;   /* topic → granted QoS + 1 */
  char              *device_alternate_id;
  char              *problem;
  HeraldBrokerProfile *profile;  /* a connection of its own: how it connects */
  gboolean           history_paused;
  gboolean           ever_connected;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_SESSION,
  PROP_HISTORY,
  PROP_HISTORY_PAUSED,
  PROP_DEVICE_ALTERNATE_ID,
  PROP_PROBLEM,
  PROP_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldConnection, herald_connection, G_TYPE_OBJECT)

static void
herald_connection_dispose (GObject *object)
{
  HeraldConnection *self = HERALD_CONNECTION (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      herald_mqtt_session_disconnect (self->session);
    }

  G_OBJECT_CLASS (herald_connection_parent_class)->dispose (object);
}

static void
herald_connection_finalize (GObject *object)
{
  HeraldConnection *self = HERALD_CONNECTION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->history);
  g_clear_object (&self->topics);
  g_clear_pointer (&self->granted, g_hash_table_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->device_alternate_id, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (herald_connection_parent_class)->finalize (object);
}

static void
herald_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HeraldConnection *self = HERALD_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
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
    case PROP_DEVICE_ALTERNATE_ID:
      g_value_set_string (value, self->device_alternate_id);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_connection_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HeraldConnection *self = HERALD_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      if (herald_set_str (&self->name, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    case PROP_HISTORY_PAUSED:
      herald_connection_set_history_paused (self, g_value_get_boolean (value));
      break;
    case PROP_DEVICE_ALTERNATE_ID:
      herald_connection_set_device_alternate_id (self, g_value_get_string (value));
      break;
    case PROP_PROBLEM:
      herald_connection_set_problem (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_connection_class_init (HeraldConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_connection_dispose;
  object_class->finalize = herald_connection_finalize;
  object_class->get_property = herald_connection_get_property;
  object_class->set_property = herald_connection_set_property;

  /* A connection with a profile follows the profile's name. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HERALD_TYPE_MQTT_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, HERALD_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* While paused, what arrives is not kept: the list holds still to be
   * read at any rate. */
  properties[PROP_HISTORY_PAUSED] =
    g_param_spec_boolean ("history-paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE_ALTERNATE_ID] =
    g_param_spec_string ("device-alternate-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* How a connection of its own connects to any broker; %NULL for the
   * device connection, which the flow sets up. */
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, HERALD_TYPE_BROKER_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
session_messages_cb (HeraldConnection  *self,
                     GPtrArray         *messages,
                     HeraldMqttSession *session)
{
  if (!self->history_paused)
    herald_history_append_messages (self->history, messages);
  /* The topics' counts go on while the History is paused. */
  herald_topic_tree_add_messages (self->topics, messages);
}

static void
session_connected_cb (HeraldConnection  *self,
                      gboolean           session_present,
                      HeraldMqttSession *session)
{
  self->ever_connected = TRUE;
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_CONNECTED,
                               NULL, herald_mqtt_session_get_server_uri (session));
}

static void
session_connection_lost_cb (HeraldConnection  *self,
                            const GError      *error,
                            HeraldMqttSession *session)
{
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_CONNECTION_LOST,
                               NULL, error ? error->message : NULL);
}

static void
session_subscribed_cb (HeraldConnection  *self,
                       const char        *topic,
                       guint              qos,
                       HeraldMqttSession *session)
{
  if (qos <= 2)
    g_hash_table_insert (self->granted, g_strdup (topic), GUINT_TO_POINTER (qos + 1));
  herald_history_append_event_with_qos (self->history, HERALD_HISTORY_EVENT_SUBSCRIBED, topic, NULL, qos);
}

static void
session_unsubscribed_cb (HeraldConnection  *self,
                         const char        *topic,
                         HeraldMqttSession *session)
{
  g_hash_table_remove (self->granted, topic);
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_UNSUBSCRIBED, topic, NULL);
}

static void
session_error_cb (HeraldConnection  *self,
                  const GError      *error,
                  HeraldMqttSession *session)
{
  herald_history_append_event (self->history, HERALD_HISTORY_EVENT_FAILED, NULL, error->message);

  /* A subscription the broker refused is forgotten by the session; the
   * profile forgets it too, or every connect would ask again and the
   * list would show it as if it held. */
  if (self->profile != NULL &&
      g_error_matches (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED))
    {
      g_auto(GStrv) held = herald_mqtt_session_dup_subscriptions (session);
      guint i = herald_broker_profile_get_n_subscriptions (self->profile);

      while (i-- > 0)
        {
          const char *topic = herald_broker_profile_get_subscription (self->profile, i, NULL);

          if (!g_strv_contains ((const char * const *) held, topic))
            herald_broker_profile_remove_subscription (self->profile, topic);
        }
    }
}

static void
herald_connection_init (HeraldConnection *self)
{
  self->history = herald_history_new ();
  self->topics = herald_topic_tree_new ();
  self->session = herald_mqtt_session_new ();
  self->granted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* What the connection does goes to its history as it happens. */
  g_signal_connect_swapped (self->session, "messages-received",
                            G_CALLBACK (session_messages_cb), self);
  g_signal_connect_swapped (self->session, "connected", G_CALLBACK (session_connected_cb), self);
  g_signal_connect_swapped (self->session, "connection-lost", G_CALLBACK (session_connection_lost_cb), self);
  g_signal_connect_swapped (self->session, "subscribed", G_CALLBACK (session_subscribed_cb), self);
  g_signal_connect_swapped (self->session, "unsubscribed", G_CALLBACK (session_unsubscribed_cb), self);
  g_signal_connect_swapped (self->session, "error", G_CALLBACK (session_error_cb), self);
}

/**
 * herald_connection_new:
 * @name: what the user calls it
 */
HeraldConnection *
herald_connection_new (const char *name)
{
  return g_object_new (HERALD_TYPE_CONNECTION, "name", name, NULL);
}

/**
 * herald_connection_new_for_profile:
 * @profile: how it connects; it keeps the name and subscriptions
 */
HeraldConnection *
herald_connection_new_for_profile (HeraldBrokerProfile *profile)
{
  HeraldConnection *self;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (profile), NULL);

  self = g_object_new (HERALD_TYPE_CONNECTION, "profile", profile, NULL);
  g_object_bind_property (profile, "name", self, "name", G_BINDING_SYNC_CREATE);
  return self;
}

/**
 * herald_connection_get_profile:
 *
 * Returns: (transfer none) (nullable): how the connection reaches its
 *   broker, %NULL for the device connection of the flow
 */
HeraldBrokerProfile *
herald_connection_get_profile (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), NULL);
  return self->profile;
}

/**
 * herald_connection_subscribe:
 *
 * Subscribes the session and, for a connection with a profile, keeps the
 * subscription in it for the next connect and the next run.
 *
 * Returns: %FALSE with @error set if the topic filter or QoS is not one
 */
gboolean
herald_connection_subscribe (HeraldConnection  *self,
                             const char        *topic,
                             guint              qos,
                             GError           **error)
{
  return herald_connection_subscribe_full (self, topic, qos, HERALD_SUBSCRIBE_NONE, error);
}

/**
 * herald_connection_subscribe_full:
 * @flags: MQTT 5's subscription options
 *
 * herald_connection_subscribe() with MQTT 5's options.
 */
gboolean
herald_connection_subscribe_full (HeraldConnection      *self,
                                  const char            *topic,
                                  guint                  qos,
                                  HeraldSubscribeFlags   flags,
                                  GError               **error)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), FALSE);

  if (!herald_mqtt_session_subscribe_full (self->session, topic, qos, flags, error))
    return FALSE;
  if (self->profile != NULL)
    herald_broker_profile_add_subscription_full (self->profile, topic, qos, flags);
  return TRUE;
}

/**
 * herald_connection_unsubscribe:
 *
 * Unsubscribes the session and drops the subscription from the profile.
 *
 * Returns: %FALSE with @error set if the request could not be sent (the
 *   subscription is forgotten anyway)
 */
gboolean
herald_connection_unsubscribe (HeraldConnection  *self,
                               const char        *topic,
                               GError           **error)
{
  /* A copy: @topic may be the profile's own, which it frees as it drops
   * it. */
  g_autofree char *copy = g_strdup (topic);

  g_return_val_if_fail (HERALD_IS_CONNECTION (self), FALSE);

  if (self->profile != NULL)
    herald_broker_profile_remove_subscription (self->profile, copy);
  return herald_mqtt_session_unsubscribe (self->session, copy, error);
}

const char *
herald_connection_get_name (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), NULL);
  return self->name;
}

HeraldMqttSession *
herald_connection_get_session (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), NULL);
  return self->session;
}

/**
 * herald_connection_get_topic_tree:
 *
 * Returns: (transfer none): every topic the connection received a message
 *   on, with its counts
 */
HeraldTopicTree *
herald_connection_get_topic_tree (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), NULL);
  return self->topics;
}

HeraldHistory *
herald_connection_get_history (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), NULL);
  return self->history;
}

gboolean
herald_connection_get_history_paused (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), FALSE);
  return self->history_paused;
}

void
herald_connection_set_history_paused (HeraldConnection *self,
                                      gboolean          paused)
{
  g_return_if_fail (HERALD_IS_CONNECTION (self));

  paused = !!paused;
  if (self->history_paused != paused)
    {
      self->history_paused = paused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_PAUSED]);
    }
}

/**
 * herald_connection_get_device_alternate_id:
 *
 * Returns: (nullable): the alternate id of the service's device this
 *   connection acts as, %NULL for a connection of its own
 */
const char *
herald_connection_get_device_alternate_id (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), NULL);
  return self->device_alternate_id;
}

void
herald_connection_set_device_alternate_id (HeraldConnection *self,
                                           const char       *alternate_id)
{
  g_return_if_fail (HERALD_IS_CONNECTION (self));

  if (herald_set_str (&self->device_alternate_id, alternate_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ALTERNATE_ID]);
}

/**
 * herald_connection_get_problem:
 *
 * Returns: (nullable): why the connection cannot work as it is, and what
 *   to do, for the user; %NULL when nothing is known against it
 */
const char *
herald_connection_get_problem (HeraldConnection *self)
{
  g_return_val_if_fail (HERALD_IS_CONNECTION (self), NULL);
  return self->problem;
}

void
herald_connection_set_problem (HeraldConnection *self,
                               const char       *problem)
{
  g_return_if_fail (HERALD_IS_CONNECTION (self));

  if (herald_set_str (&self->problem, problem))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/**
 * herald_connection_get_session_persistent:
 *
 * Whether the broker keeps this connection's device session while it is
 * away: it connected with Clean Session off and holds a QoS 1 or 2
 * subscription to the device's commands. Then the broker queues what is
 * published for the device and delivers it on the next connect.
 */
gboolean
herald_connection_get_session_persistent (HeraldConnection *self)
{
  g_autofree char *topic = NULL;
  gboolean clean_session = TRUE;
  gpointer granted;

  g_return_val_if_fail (HERALD_IS_CONNECTION (self), FALSE);

  if (self->device_alternate_id == NULL || !self->ever_connected)
    return FALSE;

  g_object_get (self->session, "clean-session", &clean_session, NULL);
  if (clean_session)
    return FALSE;

  topic = herald_topic_commands (self->device_alternate_id);
  granted = g_hash_table_lookup (self->granted, topic);

  return GPOINTER_TO_UINT (granted) >= 2;
}

/* herald-mqtt-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device side of the seed's Paho utility: one MQTT connection through
 * Paho's MQTTAsync, with reconnects, subscriptions, publishing and a receive
 * path that hands messages to the main context in batches
 * (docs/architecture.md, "Data flow" 3-4 and "The contract between session,
 * history and window").
 *
 * Threads: Paho calls back on its own threads. Those callbacks only copy
 * data and either push a HeraldMessage on the queue (under a mutex; the
 * queue's GSource is given a ready time when the queue becomes non-empty) or
 * post an event to the session's main context. Everything else, including
 * every signal, runs on that main context.
 *
 * This file holds the state, the public API, the properties and the
 * signals; herald-mqtt-session-private.h lists the other parts.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "herald-keystore-private.h"
#include "herald-glib-private.h"
#include "herald-mqtt-session-private.h"

G_DEFINE_ENUM_TYPE (HeraldMqttState, herald_mqtt_state,
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (HeraldMqttTrust, herald_mqtt_trust,
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_TRUST_SYSTEM, "system"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_TRUST_CA_FILE, "ca-file"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_TRUST_NONE, "none"))

G_DEFINE_ENUM_TYPE (HeraldMqttVersion, herald_mqtt_version,
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_VERSION_3_1_1, "3.1.1"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_VERSION_5, "5"))

G_DEFINE_QUARK (herald-mqtt-session-error-quark, herald_mqtt_session_error)

G_DEFINE_TYPE (HeraldMqttSession, herald_mqtt_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_URI,
  PROP_HTTP_PROXY,
  PROP_CLIENT_ID,
  PROP_KEYSTORE,
  PROP_TRUST,
  PROP_CA_FILE,
  PROP_MQTT_VERSION,
  PROP_CLEAN_SESSION,
  PROP_KEEP_ALIVE,
  PROP_CONNECT_TIMEOUT,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_DELIVERY_INTERVAL,
  PROP_RECONNECT_MIN_DELAY,
  PROP_RECONNECT_MAX_DELAY,
  PROP_SESSION_EXPIRY,
  PROP_STATE,
  PROP_INSECURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _herald_mqtt_session_signals[N_SIGNALS];

/* State ---------------------------------------------------------------- */

void
_herald_mqtt_session_set_state (HeraldMqttSession *self,
                                HeraldMqttState    state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_herald_mqtt_session_set_insecure (HeraldMqttSession *self,
                                   gboolean           insecure)
{
  if (self->insecure == insecure)
    return;

  self->insecure = insecure;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSECURE]);
}

void
_herald_mqtt_session_emit_error (HeraldMqttSession *self,
                                 GError            *error)
{
  _herald_mqtt_session_flush_messages (self);
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  g_signal_emit (self, _herald_mqtt_session_signals[ERROR], 0, error);
}

/* The session cannot connect: the error is stored before the state says
 * so, so a listener of notify::state finds it there. */
void
_herald_mqtt_session_fail (HeraldMqttSession *self,
                           GError            *error)
{
  _herald_mqtt_session_flush_messages (self);
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  _herald_mqtt_session_set_state (self, HERALD_MQTT_STATE_FAILED);
  g_signal_emit (self, _herald_mqtt_session_signals[ERROR], 0, error);
}

void
_herald_mqtt_session_drop_link (HeraldMqttSession *self,
                                gboolean           wait)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->attempt_cancellable != NULL)
    {
      g_cancellable_cancel (self->attempt_cancellable);
      g_clear_object (&self->attempt_cancellable);
    }
  if (self->link != NULL)
    {
      Link *link = g_steal_pointer (&self->link);

      _herald_mqtt_link_close (link, wait);
      g_ptr_array_add (self->closing, link);
    }

  /* A disconnect sent without waiting (Disconnect) is waited for when the
   * session goes (Quit right after), within a second in all; the links
   * done with are let go. */
  if (wait)
    {
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

      for (guint i = 0; i < self->closing->len; i++)
        _herald_mqtt_link_wait_closed (g_ptr_array_index (self->closing, i), deadline);
      g_ptr_array_set_size (self->closing, 0);
    }
  else
    for (guint i = self->closing->len; i > 0; i--)
      if (!_herald_mqtt_link_has_handle (g_ptr_array_index (self->closing, i - 1)))
        g_ptr_array_remove_index_fast (self->closing, i - 1);

  _herald_mqtt_session_set_insecure (self, FALSE);
}

/**
 * herald_mqtt_session_disconnect:
 *
 * Disconnects and stops reconnecting; removes the key files. The state
 * becomes DISCONNECTED at once. Subscriptions are kept for the next
 * herald_mqtt_session_connect().
 */
void
herald_mqtt_session_disconnect (HeraldMqttSession *self)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));

  _herald_mqtt_session_flush_messages (self);
  _herald_mqtt_session_drop_link (self, FALSE);
  _herald_mqtt_session_set_state (self, HERALD_MQTT_STATE_DISCONNECTED);
}

/* Events on the main context ------------------------------------------- */

void
_herald_mqtt_session_op_event (HeraldMqttSession *self,
                               Event             *ev)
{
  Op *op = ev->op;
  g_autoptr(GError) error = NULL;

  _herald_mqtt_session_flush_messages (self);

  switch (op->kind)
    {
    case OP_SUBSCRIBE:
      if (ev->kind == EV_OP_OK)
        g_signal_emit (self, _herald_mqtt_session_signals[SUBSCRIBED], 0, op->topic, (guint) MAX (ev->granted_qos, 0));
      else
        {
          /* The broker said no: forget it, so a reconnect does not retry. */
          g_hash_table_remove (self->subscriptions, op->topic);
          if (ev->reason >= 0x80)
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                                 _("The broker refused the subscription to “%s” (%s). Check the topic: a device may only subscribe to its own topics, like commands/<alternate ID>."),
                                 op->topic, MQTTReasonCode_toString (ev->reason));
          else
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                                 _("The broker refused the subscription to “%s”. Check the topic: a device may only subscribe to its own topics, like commands/<alternate ID>."),
                                 op->topic);
          _herald_mqtt_session_emit_error (self, error);
        }
      break;

    case OP_UNSUBSCRIBE:
      if (ev->kind == EV_OP_OK)
        g_signal_emit (self, _herald_mqtt_session_signals[UNSUBSCRIBED], 0, op->topic);
      else
        {
          error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_UNSUBSCRIBE_FAILED,
                               _("Could not unsubscribe from “%s” (%s). Try again once connected."),
                               op->topic, ev->reason >= 0x80 ? MQTTReasonCode_toString (ev->reason)
                                                             : MQTTAsync_strerror (ev->code));
          _herald_mqtt_session_emit_error (self, error);
        }
      break;

    case OP_PUBLISH:
      if (ev->kind == EV_OP_OK)
        g_signal_emit (self, _herald_mqtt_session_signals[PUBLISHED], 0, op->topic, op->qos);
      else
        {
          if (ev->reason >= 0x80)
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
                                 _("The broker refused the message to “%s” (%s). Check the topic: a device may only publish to its own topics, like measures/<alternate ID>."),
                                 op->topic, MQTTReasonCode_toString (ev->reason));
          else if (ev->code == MQTTASYNC_OPERATION_INCOMPLETE && self->state != HERALD_MQTT_STATE_CONNECTED)
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
                                 _("The message to “%s” was not acknowledged: the connection closed first, as brokers close it at a message to a topic the client may not publish to. Check the topic (a device may only publish to its own topics, like measures/<alternate ID>), or publish it again once connected."),
                                 op->topic);
          else
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
                                 _("The message to “%s” was not delivered (%s). Publish it again once connected."),
                                 op->topic, ev->message ? ev->message : MQTTAsync_strerror (ev->code));
          _herald_mqtt_session_emit_error (self, error);
        }
      break;

    case OP_CONNECT:
    case OP_DISCONNECT:
    default:
      g_assert_not_reached ();
    }
}

/* Operations ----------------------------------------------------------- */

static gboolean
check_qos (guint qos, GError **error)
{
  if (qos <= 2)
    return TRUE;

  g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                       _("The QoS must be 0, 1 or 2."));
  return FALSE;
}

/* MQTT's rule for a filter's wildcards: + is a whole level, # the whole
 * last one ("a/+/b", "a/#"; not "a+", "a/#/b", "a#"). A broker refuses
 * others, and mosquitto ends an MQTT 3.1.1 connection that asks for one. */
static gboolean
wildcards_in_place (const char *filter)
{
  for (const char *p = filter; *p != '\0'; p++)
    {
      gboolean starts_level = p == filter || p[-1] == '/';

      if (*p == '+' && !(starts_level && (p[1] == '\0' || p[1] == '/')))
        return FALSE;
      if (*p == '#' && !(starts_level && p[1] == '\0'))
        return FALSE;
    }
  return TRUE;
}

/**
 * herald_mqtt_session_check_topic:
 * @filter: whether @topic is a filter to subscribe to (wildcards allowed,
 *   each a whole level, # only the last) or a topic to publish to
 *
 * Checks a topic the way a subscribe or a publish does.
 *
 * Returns: %FALSE with @error set to a sentence for the user
 */
gboolean
herald_mqtt_session_check_topic (const char  *topic,
                                 gboolean     filter,
                                 GError     **error)
{
  if (topic != NULL && *topic != '\0' && g_utf8_validate (topic, -1, NULL) &&
      (filter ? wildcards_in_place (topic) : strpbrk (topic, "+#") == NULL))
    return TRUE;

  g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
               filter ? _("“%s” is not a topic filter. Write a topic like commands/<alternate ID>; + and # are wildcards.")
                      : _("“%s” is not a topic to publish to. Write a topic like measures/<alternate ID>, without + or #."),
               topic ? topic : "");
  return FALSE;
}

/**
 * herald_mqtt_session_check_subscription:
 * @flags: MQTT 5's options
 *
 * Checks a subscription the way herald_mqtt_session_subscribe_full() does.
 *
 * Returns: %FALSE with @error set to a sentence for the user
 */
gboolean
herald_mqtt_session_check_subscription (const char            *topic,
                                        guint                  qos,
                                        HeraldSubscribeFlags   flags,
                                        GError               **error)
{
  if (!herald_mqtt_session_check_topic (topic, TRUE, error) || !check_qos (qos, error))
    return FALSE;
  if ((flags & HERALD_SUBSCRIBE_RETAINED_IF_NEW) && (flags & HERALD_SUBSCRIBE_NO_RETAINED))
    {
      g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("A subscription gets retained messages when new, or never: choose one."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_connected (HeraldMqttSession *self, GError **error)
{
  if (self->state == HERALD_MQTT_STATE_CONNECTED && self->link != NULL)
    return TRUE;

  g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NOT_CONNECTED,
                       _("Not connected to the broker. Connect first."));
  return FALSE;
}

/**
 * herald_mqtt_session_subscribe:
 * @topic: a topic filter
 * @qos: 0, 1 or 2
 *
 * Subscribes now if connected; the subscription is also kept and restored
 * after every reconnect (and at the next connect). The broker's answer
 * arrives as #HeraldMqttSession::subscribed or as an error
 * (%HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED), after which the
 * subscription is forgotten.
 *
 * Returns: %FALSE with @error set if the topic or QoS is invalid or Paho
 *   refused the request
 */
gboolean
herald_mqtt_session_subscribe (HeraldMqttSession  *self,
                               const char         *topic,
                               guint               qos,
                               GError            **error)
{
  return herald_mqtt_session_subscribe_full (self, topic, qos, HERALD_SUBSCRIBE_NONE, error);
}

/**
 * herald_mqtt_session_subscribe_full:
 * @flags: MQTT 5's subscription options; an MQTT 3.1.1 connection
 *   subscribes without them
 *
 * herald_mqtt_session_subscribe() with MQTT 5's options: no local (not the
 * messages this client publishes), retain as published, and retain
 * handling (retained messages only for a new subscription, or none).
 *
 * Returns: %FALSE with @error set if the topic, QoS or options are invalid
 *   or Paho refused the request
 */
gboolean
herald_mqtt_session_subscribe_full (HeraldMqttSession     *self,
                                    const char            *topic,
                                    guint                  qos,
                                    HeraldSubscribeFlags   flags,
                                    GError               **error)
{
  int rc;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);

  if (!herald_mqtt_session_check_subscription (topic, qos, flags, error))
    return FALSE;

  g_hash_table_replace (self->subscriptions, g_strdup (topic),
                        GUINT_TO_POINTER (_HERALD_SUBSCRIPTION_PACK (qos, flags)));
  if (self->state != HERALD_MQTT_STATE_CONNECTED || self->link == NULL)
    return TRUE;

  rc = _herald_mqtt_link_subscribe (self->link, topic, qos, flags);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_hash_table_remove (self->subscriptions, topic);
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                   _("Could not subscribe to “%s” (%s)."), topic, MQTTAsync_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_mqtt_session_unsubscribe:
 *
 * Forgets the subscription and, if connected, unsubscribes; the answer
 * arrives as #HeraldMqttSession::unsubscribed.
 */
gboolean
herald_mqtt_session_unsubscribe (HeraldMqttSession  *self,
                                 const char         *topic,
                                 GError            **error)
{
  int rc;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);

  if (!herald_mqtt_session_check_topic (topic, TRUE, error))
    return FALSE;

  g_hash_table_remove (self->subscriptions, topic);
  if (self->state != HERALD_MQTT_STATE_CONNECTED || self->link == NULL)
    return TRUE;

  rc = _herald_mqtt_link_unsubscribe (self->link, topic);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_UNSUBSCRIBE_FAILED,
                   _("Could not unsubscribe from “%s” (%s)."), topic, MQTTAsync_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_mqtt_session_publish:
 * @payload: the message
 * @qos: 0, 1 or 2
 * @retain: whether the broker keeps it for later subscribers
 *
 * Publishes while connected. #HeraldMqttSession::published follows when the
 * broker has it; a refusal (MQTT 5 reason code) arrives as an error.
 *
 * Returns: %FALSE with @error set if not connected or invalid
 */
gboolean
herald_mqtt_session_publish (HeraldMqttSession  *self,
                             const char         *topic,
                             GBytes             *payload,
                             guint               qos,
                             gboolean            retain,
                             GError            **error)
{
  return herald_mqtt_session_publish_full (self, topic, payload, qos, retain, NULL, error);
}

/* The MQTT 5 properties a publish may carry, as a received message's
 * properties name them (herald_message_get_properties()). */
static gboolean
check_publish_properties (HeraldMqttSession  *self,
                          GVariant           *properties,
                          GError            **error)
{
  static const struct {
    const char *key;
    const char *type;
  } known[] = {
    { "content-type", "s" },
    { "response-topic", "s" },
    { "correlation-data", "ay" },
    { "user-property", "a(ss)" },
    { "message-expiry-interval", "u" },
    { "payload-format-indicator", "y" },
  };
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (properties == NULL || g_variant_n_children (properties) == 0)
    return TRUE;

  if (self->mqtt_version != HERALD_MQTT_VERSION_5)
    {
      g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("MQTT 5 properties need an MQTT 5 connection. Choose MQTT 5 for the connection, or publish without them."));
      return FALSE;
    }

  g_variant_iter_init (&iter, properties);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      gboolean ok = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        if (g_str_equal (key, known[i].key))
          ok = g_variant_is_of_type (value, G_VARIANT_TYPE (known[i].type));
      if (!ok)
        {
          g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                       _("A message cannot carry the MQTT 5 property “%s” this way."), key);
          g_variant_unref (value);
          return FALSE;
        }
      if (g_str_equal (key, "response-topic") &&
          !herald_mqtt_session_check_topic (g_variant_get_string (value, NULL), FALSE, error))
        {
          g_variant_unref (value);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * herald_mqtt_session_build_properties:
 * @content_type: (nullable): empty or %NULL for none
 * @response_topic: (nullable): empty or %NULL for none
 * @correlation_data: (nullable): text sent as its UTF-8 bytes; empty or
 *   %NULL for none
 * @user_properties: (nullable): `name=value` pairs, separated by `;` or
 *   new lines (a name may repeat)
 * @message_expiry: seconds, 0 for none
 *
 * The properties of herald_mqtt_session_publish_full() from what a user
 * typed.
 *
 * Returns: (transfer full) (nullable): an `a{sv}`, %NULL when there are
 *   none or with @error set to a sentence when a user property has no name
 *   or no `=`, or the response topic has a wildcard
 */
GVariant *
herald_mqtt_session_build_properties (const char  *content_type,
                                      const char  *response_topic,
                                      const char  *correlation_data,
                                      const char  *user_properties,
                                      guint        message_expiry,
                                      GError     **error)
{
  GVariantBuilder builder;
  GVariantBuilder pairs;
  gboolean any = FALSE, any_pair = FALSE;
  g_auto(GStrv) items = NULL;

  /* Replies are published to it: no wildcards. */
  if (response_topic != NULL && *response_topic != '\0' &&
      !herald_mqtt_session_check_topic (response_topic, FALSE, error))
    return NULL;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_init (&pairs, G_VARIANT_TYPE ("a(ss)"));

  items = g_strsplit_set (user_properties ? user_properties : "", ";\n", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      char *equals = strchr (item, '=');

      if (*item == '\0')
        continue;
      if (equals == NULL || equals == item)
        {
          g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                       _("“%s” is not a user property. Write each as name=value, separated by semicolons."), item);
          g_variant_builder_clear (&builder);
          g_variant_builder_clear (&pairs);
          return NULL;
        }
      *equals = '\0';
      g_variant_builder_add (&pairs, "(ss)", g_strstrip (item), g_strstrip (equals + 1));
      any_pair = TRUE;
    }

  if (content_type != NULL && *content_type != '\0')
    {
      g_variant_builder_add (&builder, "{sv}", "content-type", g_variant_new_string (content_type));
      any = TRUE;
    }
  if (response_topic != NULL && *response_topic != '\0')
    {
      g_variant_builder_add (&builder, "{sv}", "response-topic", g_variant_new_string (response_topic));
      any = TRUE;
    }
  if (correlation_data != NULL && *correlation_data != '\0')
    {
      g_variant_builder_add (&builder, "{sv}", "correlation-data",
                             g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, correlation_data,
                                                        strlen (correlation_data), 1));
      any = TRUE;
    }
  if (any_pair)
    {
      g_variant_builder_add (&builder, "{sv}", "user-property", g_variant_builder_end (&pairs));
      any = TRUE;
    }
  else
    g_variant_builder_clear (&pairs);
  if (message_expiry > 0)
    {
      g_variant_builder_add (&builder, "{sv}", "message-expiry-interval", g_variant_new_uint32 (message_expiry));
      any = TRUE;
    }

  if (!any)
    {
      g_variant_builder_clear (&builder);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/**
 * herald_mqtt_session_publish_full:
 * @properties: (nullable): MQTT 5 properties, an `a{sv}` named as a
 *   received message's are: `content-type` (s), `response-topic` (s),
 *   `correlation-data` (ay), `user-property` (a(ss)),
 *   `message-expiry-interval` (u), `payload-format-indicator` (y)
 *
 * herald_mqtt_session_publish() with MQTT 5 properties (an MQTT 5
 * connection only).
 *
 * Returns: %FALSE with @error set if not connected or invalid
 */
gboolean
herald_mqtt_session_publish_full (HeraldMqttSession  *self,
                                  const char         *topic,
                                  GBytes             *payload,
                                  guint               qos,
                                  gboolean            retain,
                                  GVariant           *properties,
                                  GError            **error)
{
  int rc;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (properties == NULL || g_variant_is_of_type (properties, G_VARIANT_TYPE_VARDICT), FALSE);

  if (!herald_mqtt_session_check_topic (topic, FALSE, error) || !check_qos (qos, error) ||
      !check_publish_properties (self, properties, error) || !check_connected (self, error))
    return FALSE;

  rc = _herald_mqtt_link_publish (self->link, topic, payload, qos, retain, properties);
  if (rc == MQTTASYNC_SUCCESS)
    {
      /* A steady publisher to one topic copies nothing a message. */
      herald_set_str (&self->last_publish_topic, topic);
      self->last_publish_time = g_get_monotonic_time ();
      self->last_publish_first = !g_hash_table_contains (self->published_topics, topic) &&
                                 g_hash_table_add (self->published_topics, g_strdup (topic));
    }
  else
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
                   _("Could not publish to “%s” (%s)."), topic, MQTTAsync_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_mqtt_session_clear_retained:
 * @topics: (array zero-terminated=1): topics the broker keeps a retained
 *   message for, as herald_topic_tree_dup_retained_topics() gives them
 * @error: the first refusal, if any
 *
 * Clears each topic's retained message: publishes an empty retained
 * message to it (QoS 1), which tells the broker to keep none. Stops at the
 * first topic that cannot be published to.
 *
 * Returns: how many were sent
 */
guint
herald_mqtt_session_clear_retained (HeraldMqttSession  *self,
                                    const char * const *topics,
                                    GError            **error)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  guint n = 0;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), 0);
  g_return_val_if_fail (topics != NULL, 0);

  for (; topics[n] != NULL; n++)
    if (!herald_mqtt_session_publish (self, topics[n], empty, 1, TRUE, error))
      break;
  return n;
}

/**
 * herald_mqtt_session_set_will:
 * @topic: (nullable): where the broker publishes the last will, or %NULL
 *   for none
 * @payload: (nullable): the will's payload (empty if %NULL)
 * @error: %HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS
 *
 * The last will: a message the broker publishes for this client when its
 * connection ends without a DISCONNECT (the process killed, the network
 * gone, keep-alive missed), never after herald_mqtt_session_disconnect().
 * Taken at the next connect, reconnects included.
 *
 * Returns: %FALSE with @error set if the topic or QoS cannot be a will's
 */
gboolean
herald_mqtt_session_set_will (HeraldMqttSession  *self,
                              const char         *topic,
                              GBytes             *payload,
                              guint               qos,
                              gboolean            retain,
                              GError            **error)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);

  if (topic == NULL)
    {
      g_clear_pointer (&self->will_topic, g_free);
      g_clear_pointer (&self->will_payload, g_bytes_unref);
      return TRUE;
    }

  if (!herald_mqtt_session_check_topic (topic, FALSE, error) || !check_qos (qos, error))
    return FALSE;

  g_free (self->will_topic);
  self->will_topic = g_strdup (topic);
  g_clear_pointer (&self->will_payload, g_bytes_unref);
  self->will_payload = payload != NULL ? g_bytes_ref (payload) : g_bytes_new (NULL, 0);
  self->will_qos = qos;
  self->will_retain = retain;
  return TRUE;
}

/**
 * herald_mqtt_session_get_will_topic:
 *
 * Returns: (nullable): the last will's topic, or %NULL for none
 */
const char *
herald_mqtt_session_get_will_topic (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->will_topic;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * herald_mqtt_session_dup_subscriptions:
 *
 * Returns: (transfer full): the topic filters the session keeps, sorted
 */
char **
herald_mqtt_session_dup_subscriptions (HeraldMqttSession *self)
{
  g_autofree gpointer *keys = NULL;
  guint n;
  char **topics;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);

  keys = g_hash_table_get_keys_as_array (self->subscriptions, &n);
  topics = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    topics[i] = g_strdup (keys[i]);
  qsort (topics, n, sizeof (char *), compare_strings);

  return topics;
}

/**
 * herald_mqtt_session_get_subscription:
 * @topic: a topic filter
 * @qos: (out) (optional): its QoS
 * @flags: (out) (optional): its MQTT 5 options
 *
 * Returns: whether the session keeps a subscription to @topic
 */
gboolean
herald_mqtt_session_get_subscription (HeraldMqttSession    *self,
                                      const char           *topic,
                                      guint                *qos,
                                      HeraldSubscribeFlags *flags)
{
  gpointer packed;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  if (!g_hash_table_lookup_extended (self->subscriptions, topic, NULL, &packed))
    return FALSE;
  if (qos != NULL)
    *qos = _HERALD_SUBSCRIPTION_QOS (GPOINTER_TO_UINT (packed));
  if (flags != NULL)
    *flags = _HERALD_SUBSCRIPTION_FLAGS (GPOINTER_TO_UINT (packed));

  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

HeraldMqttSession *
herald_mqtt_session_new (void)
{
  return g_object_new (HERALD_TYPE_MQTT_SESSION, NULL);
}

static void
herald_mqtt_session_dispose (GObject *object)
{
  HeraldMqttSession *self = (HeraldMqttSession *)object;

  _herald_mqtt_session_drop_link (self, TRUE);

  if (self->shared != NULL)
    _herald_mqtt_shared_detach (self->shared);

  G_OBJECT_CLASS (herald_mqtt_session_parent_class)->dispose (object);
}

static void
herald_mqtt_session_finalize (GObject *object)
{
  HeraldMqttSession *self = (HeraldMqttSession *)object;

  g_clear_pointer (&self->shared, _herald_mqtt_shared_unref);
  g_clear_pointer (&self->closing, g_ptr_array_unref);
  g_clear_pointer (&self->server_uri, g_free);
  g_clear_pointer (&self->http_proxy, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_object (&self->keystore);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, _herald_keystore_wipe);
  g_clear_pointer (&self->will_topic, g_free);
  g_clear_pointer (&self->will_payload, g_bytes_unref);
  g_clear_pointer (&self->last_publish_topic, g_free);
  g_clear_pointer (&self->published_topics, g_hash_table_unref);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->subscriptions, g_hash_table_unref);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->check_host, g_free);

  G_OBJECT_CLASS (herald_mqtt_session_parent_class)->finalize (object);
}

static void
set_string (HeraldMqttSession *self, char **field, const char *value, int prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  if (prop == PROP_PASSWORD)
    _herald_keystore_wipe (*field);
  else
    g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint (HeraldMqttSession *self, guint *field, guint value, int prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
herald_mqtt_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HeraldMqttSession *self = HERALD_MQTT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URI: g_value_set_string (value, self->server_uri); break;
    case PROP_HTTP_PROXY: g_value_set_string (value, self->http_proxy); break;
    case PROP_CLIENT_ID: g_value_set_string (value, self->client_id); break;
    case PROP_KEYSTORE: g_value_set_object (value, self->keystore); break;
    case PROP_TRUST: g_value_set_enum (value, self->trust); break;
    case PROP_CA_FILE: g_value_set_string (value, self->ca_file); break;
    case PROP_MQTT_VERSION: g_value_set_enum (value, self->mqtt_version); break;
    case PROP_CLEAN_SESSION: g_value_set_boolean (value, self->clean_session); break;
    case PROP_KEEP_ALIVE: g_value_set_uint (value, self->keep_alive); break;
    case PROP_CONNECT_TIMEOUT: g_value_set_uint (value, self->connect_timeout); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_PASSWORD: g_value_set_string (value, self->password); break;
    case PROP_DELIVERY_INTERVAL: g_value_set_uint (value, self->delivery_interval); break;
    case PROP_RECONNECT_MIN_DELAY: g_value_set_uint (value, self->reconnect_min_delay); break;
    case PROP_RECONNECT_MAX_DELAY: g_value_set_uint (value, self->reconnect_max_delay); break;
    case PROP_SESSION_EXPIRY: g_value_set_uint (value, self->session_expiry); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_INSECURE: g_value_set_boolean (value, self->insecure); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_mqtt_session_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HeraldMqttSession *self = HERALD_MQTT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URI: set_string (self, &self->server_uri, g_value_get_string (value), prop_id); break;
    case PROP_HTTP_PROXY: set_string (self, &self->http_proxy, g_value_get_string (value), prop_id); break;
    case PROP_CLIENT_ID: set_string (self, &self->client_id, g_value_get_string (value), prop_id); break;
    case PROP_KEYSTORE: herald_mqtt_session_set_keystore (self, g_value_get_object (value)); break;
    case PROP_TRUST: herald_mqtt_session_set_trust (self, g_value_get_enum (value)); break;
    case PROP_CA_FILE: set_string (self, &self->ca_file, g_value_get_string (value), prop_id); break;
    case PROP_MQTT_VERSION:
      if (self->mqtt_version != (HeraldMqttVersion) g_value_get_enum (value))
        {
          self->mqtt_version = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CLEAN_SESSION:
      if (self->clean_session != g_value_get_boolean (value))
        {
          self->clean_session = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_KEEP_ALIVE: set_uint (self, &self->keep_alive, g_value_get_uint (value), prop_id); break;
    case PROP_CONNECT_TIMEOUT: set_uint (self, &self->connect_timeout, g_value_get_uint (value), prop_id); break;
    case PROP_USERNAME: set_string (self, &self->username, g_value_get_string (value), prop_id); break;
    case PROP_PASSWORD: set_string (self, &self->password, g_value_get_string (value), prop_id); break;
    case PROP_DELIVERY_INTERVAL:
      set_uint (self, &self->delivery_interval, g_value_get_uint (value), prop_id);
      g_mutex_lock (&self->shared->mutex);
      self->shared->interval_us = (gint64) self->delivery_interval * 1000;
      g_mutex_unlock (&self->shared->mutex);
      break;
    case PROP_RECONNECT_MIN_DELAY: set_uint (self, &self->reconnect_min_delay, g_value_get_uint (value), prop_id); break;
    case PROP_RECONNECT_MAX_DELAY: set_uint (self, &self->reconnect_max_delay, g_value_get_uint (value), prop_id); break;
    case PROP_SESSION_EXPIRY: set_uint (self, &self->session_expiry, g_value_get_uint (value), prop_id); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_mqtt_session_class_init (HeraldMqttSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = herald_mqtt_session_dispose;
  object_class->finalize = herald_mqtt_session_finalize;
  object_class->get_property = herald_mqtt_session_get_property;
  object_class->set_property = herald_mqtt_session_set_property;

  properties[PROP_SERVER_URI] =
    g_param_spec_string ("server-uri", NULL, NULL, NULL, rw);
  properties[PROP_HTTP_PROXY] =
    g_param_spec_string ("http-proxy", NULL, NULL, NULL, rw);
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL, rw);
  properties[PROP_KEYSTORE] =
    g_param_spec_object ("keystore", NULL, NULL, HERALD_TYPE_KEYSTORE, rw);
  properties[PROP_TRUST] =
    g_param_spec_enum ("trust", NULL, NULL, HERALD_TYPE_MQTT_TRUST, HERALD_MQTT_TRUST_SYSTEM, rw);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_MQTT_VERSION] =
    g_param_spec_enum ("mqtt-version", NULL, NULL, HERALD_TYPE_MQTT_VERSION,
                       HERALD_MQTT_VERSION_3_1_1, rw);
  properties[PROP_CLEAN_SESSION] =
    g_param_spec_boolean ("clean-session", NULL, NULL, TRUE, rw);
  properties[PROP_KEEP_ALIVE] =
    g_param_spec_uint ("keep-alive", NULL, NULL, 0, 65535, 60, rw);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 600, 30, rw);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL, rw);
  properties[PROP_DELIVERY_INTERVAL] =
    g_param_spec_uint ("delivery-interval", NULL, NULL, 0, 10000, 16, rw);
  properties[PROP_RECONNECT_MIN_DELAY] =
    g_param_spec_uint ("reconnect-min-delay", NULL, NULL, 1, G_MAXUINT, 1000, rw);
  properties[PROP_RECONNECT_MAX_DELAY] =
    g_param_spec_uint ("reconnect-max-delay", NULL, NULL, 1, G_MAXUINT, 30000, rw);
  /**
   * HeraldMqttSession:session-expiry:
   *
   * MQTT 5 only: how many seconds the broker keeps the session (its
   * subscriptions and queued messages) after the connection ends; 0, the
   * default, ends it with the connection. Taken at the next connect.
   */
  properties[PROP_SESSION_EXPIRY] =
    g_param_spec_uint ("session-expiry", NULL, NULL, 0, G_MAXUINT32, 0, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HERALD_TYPE_MQTT_STATE, HERALD_MQTT_STATE_DISCONNECTED, ro);
  properties[PROP_INSECURE] =
    g_param_spec_boolean ("insecure", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _herald_mqtt_session_signals[MESSAGES_RECEIVED] =
    g_signal_new ("messages-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  _herald_mqtt_session_signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  _herald_mqtt_session_signals[CONNECTION_LOST] =
    g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  _herald_mqtt_session_signals[SUBSCRIBED] =
    g_signal_new ("subscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
  _herald_mqtt_session_signals[UNSUBSCRIBED] =
    g_signal_new ("unsubscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  _herald_mqtt_session_signals[PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
  _herald_mqtt_session_signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
herald_mqtt_session_init (HeraldMqttSession *self)
{
  static gsize cleaned = 0;

  if (g_once_init_enter (&cleaned))
    {
      MQTTAsync_init_options init = MQTTAsync_init_options_initializer;

      /* OpenSSL 3 initializes itself; Paho must not do it again. */
      init.do_openssl_init = 0;
      MQTTAsync_global_init (&init);
      /* Paho formats every packet it handles into its in-memory trace at
       * its default level, Herald never reads it: only errors, from now. */
      MQTTAsync_setTraceLevel (MQTTASYNC_TRACE_ERROR);
      herald_mqtt_session_clean_stale_key_dirs ();
      g_once_init_leave (&cleaned, 1);
    }

  self->trust = HERALD_MQTT_TRUST_SYSTEM;
  self->mqtt_version = HERALD_MQTT_VERSION_3_1_1;
  self->clean_session = TRUE;
  self->keep_alive = 60;
  self->connect_timeout = 30;
  self->delivery_interval = 16;
  self->reconnect_min_delay = 1000;
  self->reconnect_max_delay = 30000;
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->published_topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->closing = g_ptr_array_new_with_free_func ((GDestroyNotify) _herald_mqtt_link_unref);

  self->shared = _herald_mqtt_shared_new (self);
}

/* Accessors -------------------------------------------------------------- */

HeraldMqttState
herald_mqtt_session_get_state (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), HERALD_MQTT_STATE_DISCONNECTED);
  return self->state;
}

/* TRUE while connected with server verification turned off: show a warning. */
gboolean
herald_mqtt_session_get_insecure (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);
  return self->insecure;
}

/* The reason of the last failure (also while RECONNECTING), or NULL. */
const GError *
herald_mqtt_session_get_last_error (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->last_error;
}

/* The private directory holding the connection's key files, or NULL. */
const char *
herald_mqtt_session_get_key_dir (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->link != NULL ? self->link->key_dir : NULL;
}

const char *
herald_mqtt_session_get_server_uri (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->server_uri;
}

void
herald_mqtt_session_set_server_uri (HeraldMqttSession *self,
                                    const char        *uri)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  set_string (self, &self->server_uri, uri, PROP_SERVER_URI);
}

const char *
herald_mqtt_session_get_client_id (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->client_id;
}

void
herald_mqtt_session_set_client_id (HeraldMqttSession *self,
                                   const char        *client_id)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  set_string (self, &self->client_id, client_id, PROP_CLIENT_ID);
}

HeraldKeystore *
herald_mqtt_session_get_keystore (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->keystore;
}

void
herald_mqtt_session_set_keystore (HeraldMqttSession *self,
                                  HeraldKeystore    *keystore)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  g_return_if_fail (keystore == NULL || HERALD_IS_KEYSTORE (keystore));

  if (g_set_object (&self->keystore, keystore))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYSTORE]);
}

HeraldMqttTrust
herald_mqtt_session_get_trust (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), HERALD_MQTT_TRUST_SYSTEM);
  return self->trust;
}

void
herald_mqtt_session_set_trust (HeraldMqttSession *self,
                               HeraldMqttTrust    trust)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));

  if (self->trust == trust)
    return;
  self->trust = trust;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST]);
}

const char *
herald_mqtt_session_get_ca_file (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->ca_file;
}

void
herald_mqtt_session_set_ca_file (HeraldMqttSession *self,
                                 const char        *ca_file)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  set_string (self, &self->ca_file, ca_file, PROP_CA_FILE);
}

/* herald-broker-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "herald-broker-profile-private.h"

/* How to reach one broker, any broker: its URI, the client id, the user,
 * the client certificate's file, whom to trust, the protocol, the last will
 * and the subscriptions to restore at each connect. What is secret (the
 * password, the certificate key's password) is never a field: it lives in
 * the Secret Service under the profile's id, which never changes.
 *
 * Every field is a property whose value sits in one GValue array, so that
 * copying, comparing and the file format walk one table. The file is JSON
 * (`herald_broker_profile_list_to_data()`, herald-broker-profile-file.c):
 * what Herald keeps between runs
 * and what a user exports and imports, the same text.
 */

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (herald-broker-profile-error-quark, herald_broker_profile_error)

G_DEFINE_FINAL_TYPE (HeraldBrokerProfile, herald_broker_profile, G_TYPE_OBJECT)

static void
subscription_clear (gpointer data)
{
  Subscription *subscription = data;

  g_free (subscription->topic);
}

static void
saved_payload_clear (gpointer data)
{
  SavedPayload *payload = data;

  g_free (payload->name);
  g_free (payload->topic);
  g_free (payload->text);
  for (guint i = 0; i < HERALD_PUBLISH_N_TEXTS; i++)
    g_free (payload->mqtt5[i]);
}

static void
herald_broker_profile_finalize (GObject *object)
{
  HeraldBrokerProfile *self = HERALD_BROKER_PROFILE (object);

  for (guint i = 1; i < N_PROPS; i++)
    g_value_unset (&self->values[i]);
  g_clear_pointer (&self->subscriptions, g_array_unref);
  g_clear_pointer (&self->payloads, g_array_unref);

  G_OBJECT_CLASS (herald_broker_profile_parent_class)->finalize (object);
}

static void
herald_broker_profile_constructed (GObject *object)
{
  HeraldBrokerProfile *self = HERALD_BROKER_PROFILE (object);

  G_OBJECT_CLASS (herald_broker_profile_parent_class)->constructed (object);

  if (g_value_get_string (&self->values[PROP_ID]) == NULL)
    g_value_take_string (&self->values[PROP_ID], g_uuid_string_random ());
}

static void
herald_broker_profile_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HeraldBrokerProfile *self = HERALD_BROKER_PROFILE (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  g_value_copy (&self->values[prop_id], value);
}

static void
herald_broker_profile_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HeraldBrokerProfile *self = HERALD_BROKER_PROFILE (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (g_param_values_cmp (pspec, &self->values[prop_id], value) == 0)
    return;

  g_value_copy (value, &self->values[prop_id]);
  g_object_notify_by_pspec (object, pspec);
}

/* Any change of a field is a change of the profile, for whoever saves it. */
static void
herald_broker_profile_dispatch_properties_changed (GObject     *object,
                                                   guint        n_pspecs,
                                                   GParamSpec **pspecs)
{
  G_OBJECT_CLASS (herald_broker_profile_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
  g_signal_emit (object, signals[CHANGED], 0);
}

static void
herald_broker_profile_class_init (HeraldBrokerProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = herald_broker_profile_constructed;
  object_class->finalize = herald_broker_profile_finalize;
  object_class->get_property = herald_broker_profile_get_property;
  object_class->set_property = herald_broker_profile_set_property;
  object_class->dispatch_properties_changed = herald_broker_profile_dispatch_properties_changed;

  /* A random UUID given at creation: the key of the profile's secrets. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_SERVER_URI] = g_param_spec_string ("server-uri", NULL, NULL, "", rw);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, "", rw);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, "", rw);
  /* A PKCS#12 key store or a PEM file with the certificate and its
   * (encrypted) key; its password is a secret of the profile. */
  properties[PROP_CERTIFICATE_FILE] = g_param_spec_string ("certificate-file", NULL, NULL, "", rw);
  properties[PROP_TRUST] =
    g_param_spec_enum ("trust", NULL, NULL, HERALD_TYPE_MQTT_TRUST, HERALD_MQTT_TRUST_SYSTEM, rw);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, "", rw);
  properties[PROP_MQTT_VERSION] =
    g_param_spec_enum ("mqtt-version", NULL, NULL, HERALD_TYPE_MQTT_VERSION,
                       HERALD_MQTT_VERSION_3_1_1, rw);
  properties[PROP_CLEAN_SESSION] = g_param_spec_boolean ("clean-session", NULL, NULL, TRUE, rw);
  properties[PROP_KEEP_ALIVE] = g_param_spec_uint ("keep-alive", NULL, NULL, 0, 65535, 60, rw);
  properties[PROP_SESSION_EXPIRY] =
    g_param_spec_uint ("session-expiry", NULL, NULL, 0, G_MAXUINT32, 0, rw);
  /* An empty will topic: no last will. */
  properties[PROP_WILL_TOPIC] = g_param_spec_string ("will-topic", NULL, NULL, "", rw);
  properties[PROP_WILL_PAYLOAD] = g_param_spec_string ("will-payload", NULL, NULL, "", rw);
  properties[PROP_WILL_QOS] = g_param_spec_uint ("will-qos", NULL, NULL, 0, 2, 0, rw);
  properties[PROP_WILL_RETAINED] = g_param_spec_boolean ("will-retained", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldBrokerProfile::changed:
   *
   * A field or the subscriptions changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_broker_profile_init (HeraldBrokerProfile *self)
{
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_value_init (&self->values[i], G_PARAM_SPEC_VALUE_TYPE (properties[i]));
      g_param_value_set_default (properties[i], &self->values[i]);
    }

  self->subscriptions = g_array_new (FALSE, FALSE, sizeof (Subscription));
  g_array_set_clear_func (self->subscriptions, subscription_clear);
  self->payloads = g_array_new (FALSE, FALSE, sizeof (SavedPayload));
  g_array_set_clear_func (self->payloads, saved_payload_clear);
}

/**
 * herald_broker_profile_new:
 * @name: what the user calls the connection
 * @server_uri: the broker's URI (tcp://, ssl://, mqtt://, mqtts://, ws://,
 *   wss://)
 *
 * Returns: (transfer full): a profile with a new id and a client id of its
 *   own (`herald-` and eight random hex digits)
 */
HeraldBrokerProfile *
herald_broker_profile_new (const char *name,
                           const char *server_uri)
{
  g_autofree char *client_id = g_strdup_printf ("herald-%08x", g_random_int ());

  return g_object_new (HERALD_TYPE_BROKER_PROFILE,
                       "name", name,
                       "server-uri", server_uri,
                       "client-id", client_id,
                       NULL);
}

static SavedPayload
saved_payload_copy (const SavedPayload *p)
{
  SavedPayload copy = { g_strdup (p->name), g_strdup (p->topic), p->qos, p->retained, p->format,
                        g_strdup (p->text), { NULL }, p->message_expiry };

  for (guint t = 0; t < HERALD_PUBLISH_N_TEXTS; t++)
    copy.mqtt5[t] = g_strdup (p->mqtt5[t]);
  return copy;
}

static void
copy_payloads (HeraldBrokerProfile *to,
               HeraldBrokerProfile *from)
{
  g_array_set_size (to->payloads, 0);
  for (guint i = 0; i < from->payloads->len; i++)
    {
      SavedPayload copy = saved_payload_copy (&g_array_index (from->payloads, SavedPayload, i));

      g_array_append_val (to->payloads, copy);
    }
}

/**
 * herald_broker_profile_copy:
 *
 * Returns: (transfer full): a profile with the same id, fields and
 *   subscriptions, for an editor to change without touching @self
 */
HeraldBrokerProfile *
herald_broker_profile_copy (HeraldBrokerProfile *self)
{
  HeraldBrokerProfile *copy;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);

  copy = g_object_new (HERALD_TYPE_BROKER_PROFILE,
                       "id", g_value_get_string (&self->values[PROP_ID]),
                       NULL);
  for (guint i = PROP_ID + 1; i < N_PROPS; i++)
    g_value_copy (&self->values[i], &copy->values[i]);
  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      const Subscription *s = &g_array_index (self->subscriptions, Subscription, i);

      herald_broker_profile_add_subscription_full (copy, s->topic, s->qos, s->flags);
    }
  copy_payloads (copy, self);

  return copy;
}

/**
 * herald_broker_profile_update:
 * @from: an edited copy (herald_broker_profile_copy())
 *
 * Takes every field, the subscriptions and the saved payloads of @from,
 * telling of each change.
 */
void
herald_broker_profile_update (HeraldBrokerProfile *self,
                              HeraldBrokerProfile *from)
{
  g_return_if_fail (HERALD_IS_BROKER_PROFILE (self));
  g_return_if_fail (HERALD_IS_BROKER_PROFILE (from));

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_ID + 1; i < N_PROPS; i++)
    g_object_set_property (G_OBJECT (self), properties[i]->name, &from->values[i]);
  g_object_thaw_notify (G_OBJECT (self));

  g_array_set_size (self->subscriptions, 0);
  for (guint i = 0; i < from->subscriptions->len; i++)
    {
      const Subscription *s = &g_array_index (from->subscriptions, Subscription, i);
      Subscription copy = { g_strdup (s->topic), s->qos, s->flags };

      g_array_append_val (self->subscriptions, copy);
    }
  copy_payloads (self, from);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
herald_broker_profile_get_id (HeraldBrokerProfile *self)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);
  return g_value_get_string (&self->values[PROP_ID]);
}

const char *
herald_broker_profile_get_name (HeraldBrokerProfile *self)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);
  return g_value_get_string (&self->values[PROP_NAME]);
}

const char *
herald_broker_profile_get_server_uri (HeraldBrokerProfile *self)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);
  return g_value_get_string (&self->values[PROP_SERVER_URI]);
}

/**
 * herald_broker_profile_get_certificate_file:
 *
 * Returns: the client certificate's file, "" for none
 */
const char *
herald_broker_profile_get_certificate_file (HeraldBrokerProfile *self)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);
  return g_value_get_string (&self->values[PROP_CERTIFICATE_FILE]);
}

GParamSpec *
_herald_broker_profile_pspec (guint prop_id)
{
  return properties[prop_id];
}

gboolean
_herald_broker_profile_is_empty (const GValue *value)
{
  const char *s = g_value_get_string (value);

  return s == NULL || *s == '\0';
}

/**
 * herald_broker_profile_check:
 *
 * Whether the fields make a connection that can be tried: a name, a server
 * URI Herald connects to, a CA file when trusting one, a last will topic a
 * message can be published to.
 *
 * Returns: %FALSE with @error set to a sentence for the user
 */
gboolean
herald_broker_profile_check (HeraldBrokerProfile  *self,
                             GError              **error)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), FALSE);

  if (_herald_broker_profile_is_empty (&self->values[PROP_NAME]))
    {
      g_set_error_literal (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                           _("The connection has no name. Give it one, like “Kitchen Pi”."));
      return FALSE;
    }

  if (!herald_mqtt_session_check_server_uri (g_value_get_string (&self->values[PROP_SERVER_URI]), error))
    return FALSE;

  if (g_value_get_enum (&self->values[PROP_TRUST]) == HERALD_MQTT_TRUST_CA_FILE &&
      _herald_broker_profile_is_empty (&self->values[PROP_CA_FILE]))
    {
      g_set_error_literal (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                           _("The connection trusts a CA file but names none. Choose the CA’s certificate file, or trust the system’s CAs."));
      return FALSE;
    }

  /* A will topic is checked as a publish's, a subscription as a subscribe's. */
  if (!_herald_broker_profile_is_empty (&self->values[PROP_WILL_TOPIC]) &&
      !herald_mqtt_session_check_topic (g_value_get_string (&self->values[PROP_WILL_TOPIC]), FALSE, error))
    return FALSE;

  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      const Subscription *s = &g_array_index (self->subscriptions, Subscription, i);

      if (!herald_mqtt_session_check_subscription (s->topic, s->qos, s->flags, error))
        return FALSE;
    }

  return TRUE;
}

guint
herald_broker_profile_get_n_subscriptions (HeraldBrokerProfile *self)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), 0);
  return self->subscriptions->len;
}

/**
 * herald_broker_profile_get_subscription:
 * @qos: (out) (optional): its QoS
 *
 * Returns: the topic filter of the subscription at @position
 */
const char *
herald_broker_profile_get_subscription (HeraldBrokerProfile *self,
                                        guint                position,
                                        guint               *qos)
{
  const Subscription *s;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);
  g_return_val_if_fail (position < self->subscriptions->len, NULL);

  s = &g_array_index (self->subscriptions, Subscription, position);
  if (qos != NULL)
    *qos = s->qos;
  return s->topic;
}

static gint
find_subscription (HeraldBrokerProfile *self,
                   const char          *topic)
{
  for (guint i = 0; i < self->subscriptions->len; i++)
    if (g_str_equal (g_array_index (self->subscriptions, Subscription, i).topic, topic))
      return i;
  return -1;
}

/**
 * herald_broker_profile_get_subscription_flags:
 *
 * Returns: the MQTT 5 options of the subscription at @position
 */
HeraldSubscribeFlags
herald_broker_profile_get_subscription_flags (HeraldBrokerProfile *self,
                                              guint                position)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), HERALD_SUBSCRIBE_NONE);
  g_return_val_if_fail (position < self->subscriptions->len, HERALD_SUBSCRIBE_NONE);

  return g_array_index (self->subscriptions, Subscription, position).flags;
}

/**
 * herald_broker_profile_add_subscription:
 *
 * Adds a subscription to restore at each connect, or changes the QoS of
 * the one to @topic.
 */
void
herald_broker_profile_add_subscription (HeraldBrokerProfile *self,
                                        const char          *topic,
                                        guint                qos)
{
  herald_broker_profile_add_subscription_full (self, topic, qos, HERALD_SUBSCRIBE_NONE);
}

/**
 * herald_broker_profile_add_subscription_full:
 * @flags: MQTT 5's options
 *
 * herald_broker_profile_add_subscription() with MQTT 5's options.
 */
void
herald_broker_profile_add_subscription_full (HeraldBrokerProfile  *self,
                                             const char           *topic,
                                             guint                 qos,
                                             HeraldSubscribeFlags  flags)
{
  Subscription s;
  gint i;

  g_return_if_fail (HERALD_IS_BROKER_PROFILE (self));
  g_return_if_fail (topic != NULL && qos <= 2);

  i = find_subscription (self, topic);
  if (i >= 0)
    {
      Subscription *kept = &g_array_index (self->subscriptions, Subscription, i);

      if (kept->qos == qos && kept->flags == flags)
        return;
      kept->qos = qos;
      kept->flags = flags;
    }
  else
    {
      s.topic = g_strdup (topic);
      s.qos = qos;
      s.flags = flags;
      g_array_append_val (self->subscriptions, s);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_broker_profile_remove_subscription:
 *
 * Returns: whether there was a subscription to @topic
 */
gboolean
herald_broker_profile_remove_subscription (HeraldBrokerProfile *self,
                                           const char          *topic)
{
  gint i;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), FALSE);

  i = find_subscription (self, topic);
  if (i < 0)
    return FALSE;

  g_array_remove_index (self->subscriptions, i);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Saved payloads ------------------------------------------------------------ */

guint
herald_broker_profile_get_n_payloads (HeraldBrokerProfile *self)
{
  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), 0);
  return self->payloads->len;
}

/**
 * herald_broker_profile_get_payload:
 * @position: which, in the order saved
 * @topic: (out) (optional): the topic it is published to
 * @qos: (out) (optional): its QoS
 * @retained: (out) (optional): whether it is published retained
 * @format: (out) (optional): how its text is read
 * @text: (out) (optional): the text, as the user wrote it
 *
 * Returns: the saved payload's name
 */
const char *
herald_broker_profile_get_payload (HeraldBrokerProfile  *self,
                                   guint                 position,
                                   const char          **topic,
                                   guint                *qos,
                                   gboolean             *retained,
                                   HeraldPayloadFormat  *format,
                                   const char          **text)
{
  const SavedPayload *p;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);
  g_return_val_if_fail (position < self->payloads->len, NULL);

  p = &g_array_index (self->payloads, SavedPayload, position);
  if (topic != NULL)
    *topic = p->topic;
  if (qos != NULL)
    *qos = p->qos;
  if (retained != NULL)
    *retained = p->retained;
  if (format != NULL)
    *format = p->format;
  if (text != NULL)
    *text = p->text;
  return p->name;
}

static gint
find_payload (HeraldBrokerProfile *self,
              const char          *name)
{
  for (guint i = 0; i < self->payloads->len; i++)
    if (g_str_equal (g_array_index (self->payloads, SavedPayload, i).name, name))
      return i;
  return -1;
}

static gboolean
payload_format_known (HeraldPayloadFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (_herald_payload_format_names); i++)
    if (_herald_payload_format_names[i].format == format)
      return TRUE;
  return FALSE;
}

/**
 * herald_broker_profile_save_payload:
 * @name: what the user calls it; one saved under that name is replaced
 * @format: text, JSON, hex or base64
 *
 * Keeps a publish to reuse (and to export with the profile).
 */
void
herald_broker_profile_save_payload (HeraldBrokerProfile *self,
                                    const char          *name,
                                    const char          *topic,
                                    guint                qos,
                                    gboolean             retained,
                                    HeraldPayloadFormat  format,
                                    const char          *text)
{
  SavedPayload p = { g_strdup (name), g_strdup (topic ? topic : ""), qos, !!retained, format, g_strdup (text ? text : "") };
  gint i;

  g_return_if_fail (HERALD_IS_BROKER_PROFILE (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (qos <= 2 && payload_format_known (format));

  i = find_payload (self, name);
  if (i >= 0)
    {
      saved_payload_clear (&g_array_index (self->payloads, SavedPayload, i));
      g_array_index (self->payloads, SavedPayload, i) = p;
    }
  else
    g_array_append_val (self->payloads, p);

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_broker_profile_set_payload_mqtt5:
 * @name: a payload saved under that name
 * @texts: (array fixed-size=4) (nullable): the MQTT 5 properties as the
 *   user typed them (herald_mqtt_session_build_properties() reads them),
 *   indexed by #HeraldPublishText; %NULL or "" for none
 * @message_expiry: seconds, 0 for none
 *
 * Keeps a saved publish's MQTT 5 properties with it.
 */
void
herald_broker_profile_set_payload_mqtt5 (HeraldBrokerProfile *self,
                                         const char          *name,
                                         const char * const  *texts,
                                         guint                message_expiry)
{
  SavedPayload *p;
  gint i;

  g_return_if_fail (HERALD_IS_BROKER_PROFILE (self));

  i = find_payload (self, name);
  g_return_if_fail (i >= 0);

  p = &g_array_index (self->payloads, SavedPayload, i);
  for (guint t = 0; t < HERALD_PUBLISH_N_TEXTS; t++)
    {
      g_clear_pointer (&p->mqtt5[t], g_free);
      if (texts != NULL && texts[t] != NULL && *texts[t] != '\0')
        p->mqtt5[t] = g_strdup (texts[t]);
    }
  p->message_expiry = message_expiry;
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_broker_profile_get_payload_mqtt5:
 * @position: which, in the order saved
 * @texts: (out caller-allocates) (array fixed-size=4): filled with its MQTT
 *   5 properties as typed, "" for none
 * @message_expiry: (out) (optional): seconds, 0 for none
 */
void
herald_broker_profile_get_payload_mqtt5 (HeraldBrokerProfile  *self,
                                         guint                 position,
                                         const char          **texts,
                                         guint                *message_expiry)
{
  const SavedPayload *p;

  g_return_if_fail (HERALD_IS_BROKER_PROFILE (self));
  g_return_if_fail (position < self->payloads->len && texts != NULL);

  p = &g_array_index (self->payloads, SavedPayload, position);
  for (guint t = 0; t < HERALD_PUBLISH_N_TEXTS; t++)
    texts[t] = p->mqtt5[t] != NULL ? p->mqtt5[t] : "";
  if (message_expiry != NULL)
    *message_expiry = p->message_expiry;
}

/* Adds @from's saved payloads to @to's, each replacing one of the same
 * name; one "changed". */
void
_herald_broker_profile_take_payloads (HeraldBrokerProfile *to,
                                      HeraldBrokerProfile *from)
{
  if (from->payloads->len == 0)
    return;

  for (guint i = 0; i < from->payloads->len; i++)
    {
      SavedPayload copy = saved_payload_copy (&g_array_index (from->payloads, SavedPayload, i));
      gint at = find_payload (to, copy.name);

      if (at >= 0)
        {
          saved_payload_clear (&g_array_index (to->payloads, SavedPayload, at));
          g_array_index (to->payloads, SavedPayload, at) = copy;
        }
      else
        g_array_append_val (to->payloads, copy);
    }
  g_signal_emit (to, signals[CHANGED], 0);
}

/**
 * herald_broker_profile_remove_payload:
 *
 * Returns: whether a payload was saved under @name
 */
gboolean
herald_broker_profile_remove_payload (HeraldBrokerProfile *self,
                                      const char          *name)
{
  gint i;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), FALSE);

  i = find_payload (self, name);
  if (i < 0)
    return FALSE;

  g_array_remove_index (self->payloads, i);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static const char *
nonempty (const GValue *value)
{
  return _herald_broker_profile_is_empty (value) ? NULL : g_value_get_string (value);
}

/**
 * herald_broker_profile_apply:
 * @session: a session that is not connected
 *
 * Sets @session's fields from the profile, its last will and its
 * subscriptions (those of the session the profile does not have are
 * dropped). The password and the client certificate are the caller's: they
 * come from the Secret Service and the certificate's file.
 *
 * Returns: %FALSE with @error set if the last will cannot be one
 */
gboolean
herald_broker_profile_apply (HeraldBrokerProfile  *self,
                             HeraldMqttSession    *session,
                             GError              **error)
{
  const GValue *v = self->values;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), FALSE);
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (session), FALSE);

  g_object_set (session,
                "server-uri", g_value_get_string (&v[PROP_SERVER_URI]),
                "client-id", nonempty (&v[PROP_CLIENT_ID]),
                "username", nonempty (&v[PROP_USERNAME]),
                "trust", g_value_get_enum (&v[PROP_TRUST]),
                "ca-file", nonempty (&v[PROP_CA_FILE]),
                "mqtt-version", g_value_get_enum (&v[PROP_MQTT_VERSION]),
                "clean-session", g_value_get_boolean (&v[PROP_CLEAN_SESSION]),
                "keep-alive", g_value_get_uint (&v[PROP_KEEP_ALIVE]),
                "session-expiry", g_value_get_uint (&v[PROP_SESSION_EXPIRY]),
                NULL);

  if (_herald_broker_profile_is_empty (&v[PROP_WILL_TOPIC]))
    herald_mqtt_session_set_will (session, NULL, NULL, 0, FALSE, NULL);
  else
    {
      const char *text = g_value_get_string (&v[PROP_WILL_PAYLOAD]);
      g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));

      if (!herald_mqtt_session_set_will (session, g_value_get_string (&v[PROP_WILL_TOPIC]), payload,
                                         g_value_get_uint (&v[PROP_WILL_QOS]),
                                         g_value_get_boolean (&v[PROP_WILL_RETAINED]), error))
        return FALSE;
    }

  return herald_broker_profile_apply_subscriptions (self, session, error);
}

/**
 * herald_broker_profile_apply_subscriptions:
 * @session: a session, connected or not
 *
 * Gives @session the profile's subscriptions: those of the session the
 * profile does not have are dropped, those it has with another QoS or
 * other options and those it lacks are made (a connected session asks the
 * broker at once, else at its next connect). One both have alike is left
 * alone: subscribing to it again would have the broker send its retained
 * messages again. One refused does not keep the others from being made.
 *
 * Returns: %FALSE with @error set to the first refusal if one is refused
 */
gboolean
herald_broker_profile_apply_subscriptions (HeraldBrokerProfile  *self,
                                           HeraldMqttSession    *session,
                                           GError              **error)
{
  g_auto(GStrv) old = NULL;
  gboolean all = TRUE;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), FALSE);
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (session), FALSE);

  old = herald_mqtt_session_dup_subscriptions (session);
  for (guint i = 0; old[i] != NULL; i++)
    if (find_subscription (self, old[i]) < 0)
      herald_mqtt_session_unsubscribe (session, old[i], NULL);
  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      const Subscription *s = &g_array_index (self->subscriptions, Subscription, i);
      HeraldSubscribeFlags flags;
      guint qos;

      if (herald_mqtt_session_get_subscription (session, s->topic, &qos, &flags) &&
          qos == s->qos && flags == s->flags)
        continue;
      if (!herald_mqtt_session_subscribe_full (session, s->topic, s->qos, s->flags, all ? error : NULL))
        all = FALSE;
    }

  return all;
}

/* herald-mqtt-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-keystore.h"
#include "herald-message.h"

G_BEGIN_DECLS

#define HERALD_MQTT_SESSION_ERROR (herald_mqtt_session_error_quark ())

/**
 * HeraldMqttSessionError:
 * @HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS: the server URI, client id or
 *   another setting cannot be used
 * @HERALD_MQTT_SESSION_ERROR_HOST_NOT_FOUND: the host name does not resolve
 * @HERALD_MQTT_SESSION_ERROR_CONNECTION_REFUSED: nothing listens on the port
 * @HERALD_MQTT_SESSION_ERROR_TIMED_OUT: no answer within the connect time-out
 * @HERALD_MQTT_SESSION_ERROR_NETWORK: another network failure
 * @HERALD_MQTT_SESSION_ERROR_TLS_UNKNOWN_CA: the server's certificate is not
 *   signed by a trusted authority
 * @HERALD_MQTT_SESSION_ERROR_TLS_HOST_MISMATCH: the server's certificate is for
 *   another host name
 * @HERALD_MQTT_SESSION_ERROR_TLS_EXPIRED: the server's certificate has expired
 *   or is not valid yet
 * @HERALD_MQTT_SESSION_ERROR_TLS_CLIENT_REJECTED: the server refused the
 *   device's certificate
 * @HERALD_MQTT_SESSION_ERROR_TLS_FAILED: another TLS failure
 * @HERALD_MQTT_SESSION_ERROR_KEYSTORE: the key store cannot be used
 * @HERALD_MQTT_SESSION_ERROR_REFUSED_PROTOCOL: CONNACK: protocol version refused
 * @HERALD_MQTT_SESSION_ERROR_REFUSED_CLIENT_ID: CONNACK: client identifier refused
 * @HERALD_MQTT_SESSION_ERROR_REFUSED_UNAVAILABLE: CONNACK: server unavailable
 * @HERALD_MQTT_SESSION_ERROR_REFUSED_CREDENTIALS: CONNACK: bad user name or password
 * @HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED: CONNACK: not authorized
 * @HERALD_MQTT_SESSION_ERROR_REFUSED: another CONNACK refusal (MQTT 5 reason code)
 * @HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED: SUBACK 0x80 or an MQTT 5 failure code
 * @HERALD_MQTT_SESSION_ERROR_UNSUBSCRIBE_FAILED: an unsubscribe failed
 * @HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED: a publish failed or was refused
 * @HERALD_MQTT_SESSION_ERROR_NOT_CONNECTED: the operation needs a connection
 * @HERALD_MQTT_SESSION_ERROR_CONNECTION_LOST: an established connection broke
 * @HERALD_MQTT_SESSION_ERROR_FAILED: anything else
 */
typedef enum
{
  HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
  HERALD_MQTT_SESSION_ERROR_HOST_NOT_FOUND,
  HERALD_MQTT_SESSION_ERROR_CONNECTION_REFUSED,
  HERALD_MQTT_SESSION_ERROR_TIMED_OUT,
  HERALD_MQTT_SESSION_ERROR_NETWORK,
  HERALD_MQTT_SESSION_ERROR_TLS_UNKNOWN_CA,
  HERALD_MQTT_SESSION_ERROR_TLS_HOST_MISMATCH,
  HERALD_MQTT_SESSION_ERROR_TLS_EXPIRED,
  HERALD_MQTT_SESSION_ERROR_TLS_CLIENT_REJECTED,
  HERALD_MQTT_SESSION_ERROR_TLS_FAILED,
  HERALD_MQTT_SESSION_ERROR_KEYSTORE,
  HERALD_MQTT_SESSION_ERROR_REFUSED_PROTOCOL,
  HERALD_MQTT_SESSION_ERROR_REFUSED_CLIENT_ID,
  HERALD_MQTT_SESSION_ERROR_REFUSED_UNAVAILABLE,
  HERALD_MQTT_SESSION_ERROR_REFUSED_CREDENTIALS,
  HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED,
  HERALD_MQTT_SESSION_ERROR_REFUSED,
  HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
  HERALD_MQTT_SESSION_ERROR_UNSUBSCRIBE_FAILED,
  HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
  HERALD_MQTT_SESSION_ERROR_NOT_CONNECTED,
  HERALD_MQTT_SESSION_ERROR_CONNECTION_LOST,
  HERALD_MQTT_SESSION_ERROR_FAILED,
} HeraldMqttSessionError;

/**
 * HeraldMqttState:
 * @HERALD_MQTT_STATE_DISCONNECTED: not connected, not trying (initial, and
 *   after herald_mqtt_session_disconnect())
 * @HERALD_MQTT_STATE_CONNECTING: a connect the user asked for is under way
 * @HERALD_MQTT_STATE_CONNECTED: connected
 * @HERALD_MQTT_STATE_RECONNECTING: the connection was lost; the session
 *   retries with back-off and restores its subscriptions
 * @HERALD_MQTT_STATE_FAILED: the connect failed (see #HeraldMqttSession::error
 *   and herald_mqtt_session_get_last_error()); no retry
 */
typedef enum
{
  HERALD_MQTT_STATE_DISCONNECTED,
  HERALD_MQTT_STATE_CONNECTING,
  HERALD_MQTT_STATE_CONNECTED,
  HERALD_MQTT_STATE_RECONNECTING,
  HERALD_MQTT_STATE_FAILED,
} HeraldMqttState;

/**
 * HeraldMqttTrust:
 * @HERALD_MQTT_TRUST_SYSTEM: verify the server against the system CA store
 * @HERALD_MQTT_TRUST_CA_FILE: verify against #HeraldMqttSession:ca-file
 *   (e.g. the sandbox's `ca_file`)
 * @HERALD_MQTT_TRUST_NONE: no verification at all; only when the user asks
 *   for it explicitly, and #HeraldMqttSession:insecure says so while connected
 */
typedef enum
{
  HERALD_MQTT_TRUST_SYSTEM,
  HERALD_MQTT_TRUST_CA_FILE,
  HERALD_MQTT_TRUST_NONE,
} HeraldMqttTrust;

/**
 * HeraldMqttVersion:
 * @HERALD_MQTT_VERSION_3_1_1: MQTT 3.1.1
 * @HERALD_MQTT_VERSION_5: MQTT 5 (received messages keep their properties)
 */
typedef enum
{
  HERALD_MQTT_VERSION_3_1_1 = 4,
  HERALD_MQTT_VERSION_5 = 5,
} HeraldMqttVersion;

/**
 * HeraldSubscribeFlags:
 * @HERALD_SUBSCRIBE_NONE: as MQTT 3.1.1 subscribes
 * @HERALD_SUBSCRIBE_NO_LOCAL: not the messages this client publishes
 * @HERALD_SUBSCRIBE_RETAIN_AS_PUBLISHED: the retained flag as the publisher
 *   set it, also on live messages
 * @HERALD_SUBSCRIBE_RETAINED_IF_NEW: retained messages only when the
 *   subscription is new (retain handling 1)
 * @HERALD_SUBSCRIBE_NO_RETAINED: no retained messages at the subscribe
 *   (retain handling 2)
 *
 * MQTT 5's subscription options.
 */
typedef enum
{
  HERALD_SUBSCRIBE_NONE = 0,
  HERALD_SUBSCRIBE_NO_LOCAL = 1 << 0,
  HERALD_SUBSCRIBE_RETAIN_AS_PUBLISHED = 1 << 1,
  HERALD_SUBSCRIBE_RETAINED_IF_NEW = 1 << 2,
  HERALD_SUBSCRIBE_NO_RETAINED = 1 << 3,
} HeraldSubscribeFlags;

#define HERALD_TYPE_MQTT_STATE   (herald_mqtt_state_get_type ())
#define HERALD_TYPE_MQTT_TRUST   (herald_mqtt_trust_get_type ())
#define HERALD_TYPE_MQTT_VERSION (herald_mqtt_version_get_type ())
#define HERALD_TYPE_MQTT_SESSION (herald_mqtt_session_get_type ())

GType herald_mqtt_state_get_type   (void) G_GNUC_CONST;
GType herald_mqtt_trust_get_type   (void) G_GNUC_CONST;
GType herald_mqtt_version_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (HeraldMqttSession, herald_mqtt_session, HERALD, MQTT_SESSION, GObject)

/*
 * Settings are GObject properties, read when connecting:
 *   server-uri (ssl://, tcp://, wss://, ws://), http-proxy, client-id,
 *   keystore (HeraldKeystore, for ssl:// and wss://), trust, ca-file,
 *   mqtt-version, clean-session, keep-alive (s), connect-timeout (s),
 *   username, password,
 *   delivery-interval (ms, default 16), reconnect-min-delay and
 *   reconnect-max-delay (ms, default 1000 and 30000).
 * Read-only: state, insecure (connected without verifying the server).
 *
 * Signals, all emitted on the main context that was the thread-default one
 * when the session was created:
 *   messages-received (GPtrArray *messages)  one per batch, elements are
 *       HeraldMessage; ref the ones you keep, the array is the session's
 *   connected (gboolean session_present)     after each successful connect,
 *       the first one and every reconnect
 *   connection-lost (GError *error)          the broker went away; the
 *       session retries (state RECONNECTING)
 *   subscribed (const char *topic, guint granted_qos)
 *   unsubscribed (const char *topic)
 *   published (const char *topic, guint qos)  once the broker took it
 *       (QoS 1/2) or it was written (QoS 0)
 *   error (GError *error)                    HERALD_MQTT_SESSION_ERROR; a
 *       failed connect also sets state FAILED
 * Before any connection event the queued messages are emitted, so a
 * listener sees messages and events in the order they happened.
 */

GQuark             herald_mqtt_session_error_quark       (void);

HeraldMqttSession *herald_mqtt_session_new               (void);
gboolean           herald_mqtt_session_uri_uses_tls      (const char        *server_uri);
gboolean           herald_mqtt_session_check_server_uri  (const char        *server_uri,
                                                          GError           **error);
gboolean           herald_mqtt_session_check_topic       (const char        *topic,
                                                          gboolean           filter,
                                                          GError           **error);
gboolean           herald_mqtt_session_check_subscription (const char          *topic,
                                                           guint                qos,
                                                           HeraldSubscribeFlags flags,
                                                           GError             **error);

void               herald_mqtt_session_connect           (HeraldMqttSession *self);
void               herald_mqtt_session_disconnect        (HeraldMqttSession *self);

gboolean           herald_mqtt_session_subscribe         (HeraldMqttSession  *self,
                                                          const char         *topic,
                                                          guint               qos,
                                                          GError            **error);
gboolean           herald_mqtt_session_subscribe_full    (HeraldMqttSession  *self,
                                                          const char         *topic,
                                                          guint               qos,
                                                          HeraldSubscribeFlags flags,
                                                          GError            **error);
gboolean           herald_mqtt_session_unsubscribe       (HeraldMqttSession  *self,
                                                          const char         *topic,
                                                          GError            **error);
gboolean           herald_mqtt_session_publish           (HeraldMqttSession  *self,
                                                          const char         *topic,
                                                          GBytes             *payload,
                                                          guint               qos,
                                                          gboolean            retain,
                                                          GError            **error);
gboolean           herald_mqtt_session_publish_full      (HeraldMqttSession  *self,
                                                          const char         *topic,
                                                          GBytes             *payload,
                                                          guint               qos,
                                                          gboolean            retain,
                                                          GVariant           *properties,
                                                          GError            **error);
GVariant          *herald_mqtt_session_build_properties  (const char         *content_type,
                                                          const char         *response_topic,
                                                          const char         *correlation_data,
                                                          const char         *user_properties,
                                                          guint               message_expiry,
                                                          GError            **error);
char             **herald_mqtt_session_dup_subscriptions (HeraldMqttSession  *self);
gboolean           herald_mqtt_session_get_subscription  (HeraldMqttSession     *self,
                                                          const char            *topic,
                                                          guint                 *qos,
                                                          HeraldSubscribeFlags  *flags);
guint              herald_mqtt_session_clear_retained    (HeraldMqttSession  *self,
                                                          const char * const *topics,
                                                          GError            **error);
gboolean           herald_mqtt_session_set_will          (HeraldMqttSession  *self,
                                                          const char         *topic,
                                                          GBytes             *payload,
                                                          guint               qos,
                                                          gboolean            retain,
                                                          GError            **error);
const char        *herald_mqtt_session_get_will_topic    (HeraldMqttSession  *self);

HeraldMqttState    herald_mqtt_session_get_state         (HeraldMqttSession *self);
gboolean           herald_mqtt_session_get_insecure      (HeraldMqttSession *self);
const GError      *herald_mqtt_session_get_last_error    (HeraldMqttSession *self);
const char        *herald_mqtt_session_get_key_dir       (HeraldMqttSession *self);

const char        *herald_mqtt_session_get_server_uri    (HeraldMqttSession *self);
void               herald_mqtt_session_set_server_uri    (HeraldMqttSession *self,
                                                          const char        *uri);
const char        *herald_mqtt_session_get_client_id     (HeraldMqttSession *self);
void               herald_mqtt_session_set_client_id     (HeraldMqttSession *self,
                                                          const char        *client_id);
HeraldKeystore    *herald_mqtt_session_get_keystore      (HeraldMqttSession *self);
void               herald_mqtt_session_set_keystore      (HeraldMqttSession *self,
                                                          HeraldKeystore    *keystore);
HeraldMqttTrust    herald_mqtt_session_get_trust         (HeraldMqttSession *self);
void               herald_mqtt_session_set_trust         (HeraldMqttSession *self,
                                                          HeraldMqttTrust    trust);
const char        *herald_mqtt_session_get_ca_file       (HeraldMqttSession *self);
void               herald_mqtt_session_set_ca_file       (HeraldMqttSession *self,
                                                          const char        *ca_file);

/* Removes key directories left by Herald processes that no longer run.
 * Called once by the first session; exposed for tests. */
void               herald_mqtt_session_clean_stale_key_dirs (void);

G_END_DECLS

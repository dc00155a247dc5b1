/* herald-mqtt-session-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the parts of HeraldMqttSession share: the instance struct, the
 * receive queue and the Paho link that Paho's threads see, and the
 * functions one part calls in another.
 *
 *   herald-mqtt-session.c            state, public API, properties, signals
 *   herald-mqtt-session-connect.c    connecting, the errors of a failed
 *                                    attempt, reconnecting
 *   herald-mqtt-session-link.c       the Paho handle, its requests, its
 *                                    callbacks and events
 *   herald-mqtt-session-receive.c    messages from Paho's thread to the main
 *                                    context, in batches (the hot path)
 *   herald-mqtt-session-key-files.c  the key store's PEM files for Paho
 *   herald-mqtt-session-tls-probe.c  the handshake that explains a failed
 *                                    TLS connect
 */

#pragma once

#include <MQTTAsync.h>

#include "herald-mqtt-session.h"

G_BEGIN_DECLS

/* The receive queue, shared with Paho's threads. */
typedef struct
{
  gatomicrefcount    ref;
  GMutex             mutex;
  GPtrArray         *queue;          /* HeraldMessage, under mutex */
  gboolean           scheduled;      /* under mutex */
  gint64             last_dispatch;  /* monotonic, under mutex */
  gint64             interval_us;    /* under mutex */
  GSource           *source;         /* under mutex; NULL once disposed */
  GMainContext      *context;
  HeraldMqttSession *session;        /* main context only; NULL once disposed */
} Shared;

/* One Paho client handle and what goes with it. Paho's callbacks get a
 * Link as their context; it lives until the handle is destroyed. */
typedef struct
{
  gatomicrefcount  ref;
  Shared          *shared;
  MQTTAsync        handle;
  int              dead;             /* atomic: drop whatever still arrives */
  gboolean         v5;

  GMutex           mutex;
  GString         *ssl_errors;       /* under mutex */

  /* Main context only. */
  gboolean         connecting;
  gboolean         connected;
  gboolean         closing;
  char            *key_dir;
  char            *cert_file;
  char            *key_file;
  char            *key_password;
} Link;

typedef enum
{
  OP_SUBSCRIBE,
  OP_UNSUBSCRIBE,
  OP_PUBLISH,
  OP_CONNECT,
  OP_DISCONNECT,
} OpKind;

typedef struct
{
  Link   *link;
  OpKind  kind;
  char   *topic;
  guint   qos;
} Op;

typedef enum
{
  EV_OP_OK,
  EV_OP_FAILED,
  EV_LOST,
} EventKind;

typedef struct
{
  EventKind  kind;
  Link      *link;
  Op        *op;
  int        code;
  int        reason;
  int        granted_qos;
  gboolean   session_present;
  char      *message;
} Event;

struct _HeraldMqttSession
{
  GObject          parent_instance;

  Shared          *shared;
  Link            *link;
  GPtrArray       *closing;        /* links whose DISCONNECT is on its way */

  char            *server_uri;
  char            *http_proxy;
  char            *client_id;
  HeraldKeystore  *keystore;
  HeraldMqttTrust  trust;
  char            *ca_file;
  HeraldMqttVersion mqtt_version;
  gboolean         clean_session;
  guint            keep_alive;
  guint            connect_timeout;
  char            *username;
  char            *password;
  guint            delivery_interval;
  guint            reconnect_min_delay;
  guint            reconnect_max_delay;
  guint            session_expiry;
  char            *will_topic;       /* NULL: no last will */
  GBytes          *will_payload;
  guint            will_qos;
  gboolean         will_retain;
  /* The newest publish: a broker closes the connection at one it refuses
   * (RabbitMQ; mosquitto 2 for MQTT 3.1.1), which the loss then names. */
  char            *last_publish_topic;
  gint64           last_publish_time;  /* monotonic */
  GHashTable      *published_topics;   /* published to since the connect */
  gboolean         last_publish_first; /* the first to its topic since then */

  HeraldMqttState  state;
  gboolean         insecure;
  GError          *last_error;
  GHashTable      *subscriptions;    /* topic -> GUINT_TO_POINTER (qos + 1) */

  /* The connection being made: parsed from the settings at connect time. */
  char            *host;
  guint16          port;
  gboolean         tls;
  char            *check_host;
  guint16          check_port;
  gint64           attempt_start;
  guint            reconnect_delay;
  guint            reconnect_source;
  GCancellable    *attempt_cancellable;
};

/* Registered in herald-mqtt-session.c, emitted by several parts. */
enum {
  MESSAGES_RECEIVED,
  CONNECTED,
  CONNECTION_LOST,
  SUBSCRIBED,
  UNSUBSCRIBED,
  PUBLISHED,
  ERROR,
  N_SIGNALS
};

extern guint _herald_mqtt_session_signals[N_SIGNALS];

/* herald-mqtt-session.c */
void     _herald_mqtt_session_set_state          (HeraldMqttSession *self,
                                                  HeraldMqttState    state);
void     _herald_mqtt_session_set_insecure       (HeraldMqttSession *self,
                                                  gboolean           insecure);
void     _herald_mqtt_session_emit_error         (HeraldMqttSession *self,
                                                  GError            *error);
void     _herald_mqtt_session_fail               (HeraldMqttSession *self,
                                                  GError            *error);
void     _herald_mqtt_session_drop_link          (HeraldMqttSession *self,
                                                  gboolean           wait);
void     _herald_mqtt_session_op_event           (HeraldMqttSession *self,
                                                  Event             *ev);

/* herald-mqtt-session-connect.c */
void     _herald_mqtt_session_attempt_failed     (HeraldMqttSession *self,
                                                  GError            *error);
void     _herald_mqtt_session_connect_failed     (HeraldMqttSession *self,
                                                  Event             *ev);
void     _herald_mqtt_session_connect_succeeded  (HeraldMqttSession *self,
                                                  Event             *ev);
void     _herald_mqtt_session_lost_event         (HeraldMqttSession *self,
                                                  Event             *ev);
GError  *_herald_mqtt_session_mqtt5_closed_error (const char        *host);

/* herald-mqtt-session-link.c */
Link    *_herald_mqtt_link_new                   (HeraldMqttSession *self);
int      _herald_mqtt_link_create_handle         (Link              *link,
                                                  const char        *server_uri,
                                                  const char        *client_id);
void     _herald_mqtt_link_unref                 (Link              *link);
void     _herald_mqtt_link_close                 (Link              *link,
                                                  gboolean           wait);
gboolean _herald_mqtt_link_has_handle            (Link              *link);
void     _herald_mqtt_link_wait_closed           (Link              *link,
                                                  gint64             deadline);
int      _herald_mqtt_link_subscribe             (Link              *link,
                                                  const char        *topic,
                                                  guint              qos,
                                                  HeraldSubscribeFlags flags);

/* A kept subscription, as the value of the subscriptions table: never 0. */
#define _HERALD_SUBSCRIPTION_PACK(qos, flags) ((((guint) (flags)) << 2 | (qos)) + 1)
#define _HERALD_SUBSCRIPTION_QOS(packed)      (((packed) - 1) & 3)
#define _HERALD_SUBSCRIPTION_FLAGS(packed)    ((HeraldSubscribeFlags) (((packed) - 1) >> 2))
int      _herald_mqtt_link_unsubscribe           (Link              *link,
                                                  const char        *topic);
int      _herald_mqtt_link_publish               (Link              *link,
                                                  const char        *topic,
                                                  GBytes            *payload,
                                                  guint              qos,
                                                  gboolean           retain,
                                                  GVariant          *properties);
void     _herald_mqtt_session_paho_connect       (HeraldMqttSession *self);

/* herald-mqtt-session-receive.c */
Shared  *_herald_mqtt_shared_new                 (HeraldMqttSession *self);
Shared  *_herald_mqtt_shared_ref                 (Shared            *sh);
void     _herald_mqtt_shared_unref               (Shared            *sh);
void     _herald_mqtt_shared_detach              (Shared            *sh);
int      _herald_mqtt_link_message_arrived       (void              *context,
                                                  char              *topic,
                                                  int                topic_len,
                                                  MQTTAsync_message *m);
void     _herald_mqtt_session_flush_messages     (HeraldMqttSession *self);

/* herald-mqtt-session-key-files.c */
gboolean _herald_mqtt_link_write_key_files       (Link              *link,
                                                  HeraldKeystore    *keystore,
                                                  GError           **error);
void     _herald_mqtt_link_remove_key_files      (Link              *link);

/* herald-mqtt-session-tls-probe.c */
void     _herald_mqtt_session_probe_tls          (HeraldMqttSession *self,
                                                  const char        *paho_text);

G_END_DECLS

/* herald-broker-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-mqtt-session.h"
#include "herald-payload.h"

G_BEGIN_DECLS

#define HERALD_BROKER_PROFILE_ERROR (herald_broker_profile_error_quark ())

/**
 * HeraldBrokerProfileError:
 * @HERALD_BROKER_PROFILE_ERROR_INVALID: a file or field that is not a
 *   connection profile as Herald writes it
 */
typedef enum
{
  HERALD_BROKER_PROFILE_ERROR_INVALID,
} HeraldBrokerProfileError;

/**
 * HeraldPublishText:
 *
 * The MQTT 5 properties of a publish that a user types as text, in the
 * order herald_mqtt_session_build_properties() takes them.
 */
typedef enum
{
  HERALD_PUBLISH_CONTENT_TYPE,
  HERALD_PUBLISH_RESPONSE_TOPIC,
  HERALD_PUBLISH_CORRELATION_DATA,
  HERALD_PUBLISH_USER_PROPERTIES,
  HERALD_PUBLISH_N_TEXTS
} HeraldPublishText;

#define HERALD_TYPE_BROKER_PROFILE (herald_broker_profile_get_type ())

G_DECLARE_FINAL_TYPE (HeraldBrokerProfile, herald_broker_profile, HERALD, BROKER_PROFILE, GObject)

GQuark               herald_broker_profile_error_quark         (void);
HeraldBrokerProfile *herald_broker_profile_new                 (const char           *name,
                                                                const char           *server_uri);
HeraldBrokerProfile *herald_broker_profile_copy                (HeraldBrokerProfile  *self);
void                 herald_broker_profile_update              (HeraldBrokerProfile  *self,
                                                                HeraldBrokerProfile  *from);
const char          *herald_broker_profile_get_id              (HeraldBrokerProfile  *self);
const char          *herald_broker_profile_get_name            (HeraldBrokerProfile  *self);
const char          *herald_broker_profile_get_server_uri      (HeraldBrokerProfile  *self);
const char          *herald_broker_profile_get_certificate_file (HeraldBrokerProfile *self);
gboolean             herald_broker_profile_check               (HeraldBrokerProfile  *self,
                                                                GError              **error);
guint                herald_broker_profile_get_n_subscriptions (HeraldBrokerProfile  *self);
const char          *herald_broker_profile_get_subscription    (HeraldBrokerProfile  *self,
                                                                guint                 position,
                                                                guint                *qos);
HeraldSubscribeFlags herald_broker_profile_get_subscription_flags (HeraldBrokerProfile *self,
                                                                   guint                position);
void                 herald_broker_profile_add_subscription    (HeraldBrokerProfile  *self,
                                                                const char           *topic,
                                                                guint                 qos);
void                 herald_broker_profile_add_subscription_full (HeraldBrokerProfile *self,
                                                                  const char          *topic,
                                                                  guint                qos,
                                                                  HeraldSubscribeFlags flags);
gboolean             herald_broker_profile_remove_subscription (HeraldBrokerProfile  *self,
                                                                const char           *topic);
guint                herald_broker_profile_get_n_payloads      (HeraldBrokerProfile  *self);
const char          *herald_broker_profile_get_payload         (HeraldBrokerProfile  *self,
                                                                guint                 position,
                                                                const char          **topic,
                                                                guint                *qos,
                                                                gboolean             *retained,
                                                                HeraldPayloadFormat  *format,
                                                                const char          **text);
void                 herald_broker_profile_save_payload        (HeraldBrokerProfile  *self,
                                                                const char           *name,
                                                                const char           *topic,
                                                                guint                 qos,
                                                                gboolean              retained,
                                                                HeraldPayloadFormat   format,
                                                                const char           *text);
void                 herald_broker_profile_set_payload_mqtt5   (HeraldBrokerProfile  *self,
                                                                const char           *name,
                                                                const char * const   *texts,
                                                                guint                 message_expiry);
void                 herald_broker_profile_get_payload_mqtt5   (HeraldBrokerProfile  *self,
                                                                guint                 position,
                                                                const char          **texts,
                                                                guint                *message_expiry);
gboolean             herald_broker_profile_remove_payload      (HeraldBrokerProfile  *self,
                                                                const char           *name);
gboolean             herald_broker_profile_apply               (HeraldBrokerProfile  *self,
                                                                HeraldMqttSession    *session,
                                                                GError              **error);
gboolean             herald_broker_profile_apply_subscriptions (HeraldBrokerProfile  *self,
                                                                HeraldMqttSession    *session,
                                                                GError              **error);
char                *herald_broker_profile_list_to_data        (GListModel           *profiles,
                                                                gsize                *length);
char                *herald_broker_profile_payloads_to_data    (HeraldBrokerProfile  *self,
                                                                gsize                *length);
int                  herald_broker_profile_import_payloads     (HeraldBrokerProfile  *self,
                                                                const char           *data,
                                                                gssize                length,
                                                                GError              **error);
GPtrArray           *herald_broker_profile_list_from_data      (const char           *data,
                                                                gssize                length,
                                                                GError              **error);

G_END_DECLS

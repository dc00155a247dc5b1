/* herald-broker-profile-private.h: what the parts of HeraldBrokerProfile
 * share (herald-broker-profile.c, the object; herald-broker-profile-file.c,
 * its JSON file format).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-broker-profile.h"
#include "herald-payload.h"

G_BEGIN_DECLS

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SERVER_URI,
  PROP_CLIENT_ID,
  PROP_USERNAME,
  PROP_CERTIFICATE_FILE,
  PROP_TRUST,
  PROP_CA_FILE,
  PROP_MQTT_VERSION,
  PROP_CLEAN_SESSION,
  PROP_KEEP_ALIVE,
  PROP_SESSION_EXPIRY,
  PROP_WILL_TOPIC,
  PROP_WILL_PAYLOAD,
  PROP_WILL_QOS,
  PROP_WILL_RETAINED,
  N_PROPS
};

typedef struct
{
  char                 *topic;
  guint                 qos;
  HeraldSubscribeFlags  flags;
} Subscription;

typedef struct
{
  char                *name;
  char                *topic;
  guint                qos;
  gboolean             retained;
  HeraldPayloadFormat  format;
  char                *text;
  char                *mqtt5[HERALD_PUBLISH_N_TEXTS];  /* as typed; NULL for none */
  guint                message_expiry;
} SavedPayload;

struct _HeraldBrokerProfile
{
  GObject  parent_instance;

  GValue   values[N_PROPS];
  GArray  *subscriptions;   /* of Subscription */
  GArray  *payloads;        /* of SavedPayload, in the order saved */
};

typedef struct
{
  const char          *nick;
  HeraldPayloadFormat  format;
} PayloadFormatName;

/* herald-broker-profile.c */
GParamSpec *_herald_broker_profile_pspec    (guint         prop_id);
gboolean    _herald_broker_profile_is_empty (const GValue *value);
void        _herald_broker_profile_take_payloads (HeraldBrokerProfile *to,
                                                  HeraldBrokerProfile *from);

/* herald-broker-profile-file.c */
extern const PayloadFormatName _herald_payload_format_names[4];

G_END_DECLS

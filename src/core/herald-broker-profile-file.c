/* herald-broker-profile-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldBrokerProfile's file format: JSON, what Herald keeps between runs
 * and what a user exports and imports, the same text, without a secret.
 * Reading checks every field and names, for a file that is not one, the
 * connection and the field.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "herald-broker-profile-private.h"
#include "herald-json-private.h"

#define FILE_FORMAT  "herald-connections"
#define FILE_VERSION 1

/* Saved payloads exported on their own, to import into any connection. */
#define PAYLOADS_FORMAT  "herald-saved-payloads"
#define PAYLOADS_VERSION 1
#define PAYLOADS_FILE    G_MAXUINT  /* the "position" of its errors */

/* The JSON member of each property, in the file's order. */
static const char * const members[N_PROPS] = {
  [PROP_ID] = "id",
  [PROP_NAME] = "name",
  [PROP_SERVER_URI] = "uri",
  [PROP_CLIENT_ID] = "clientId",
  [PROP_USERNAME] = "userName",
  [PROP_CERTIFICATE_FILE] = "certificateFile",
  [PROP_TRUST] = "trust",
  [PROP_CA_FILE] = "caFile",
  [PROP_MQTT_VERSION] = "mqttVersion",
  [PROP_CLEAN_SESSION] = "cleanSession",
  [PROP_KEEP_ALIVE] = "keepAlive",
  [PROP_SESSION_EXPIRY] = "sessionExpiry",
  [PROP_WILL_TOPIC] = "willTopic",
  [PROP_WILL_PAYLOAD] = "willPayload",
  [PROP_WILL_QOS] = "willQos",
  [PROP_WILL_RETAINED] = "willRetained",
};

/* The MQTT 5 fields of a saved payload, by their name in the file. */
static const char * const mqtt5_members[HERALD_PUBLISH_N_TEXTS] = {
  [HERALD_PUBLISH_CONTENT_TYPE] = "contentType",
  [HERALD_PUBLISH_RESPONSE_TOPIC] = "responseTopic",
  [HERALD_PUBLISH_CORRELATION_DATA] = "correlationData",
  [HERALD_PUBLISH_USER_PROPERTIES] = "userProperties",
};

/* The formats a saved payload may be written in, by their file name. */
const PayloadFormatName _herald_payload_format_names[4] = {
  { "text", HERALD_PAYLOAD_FORMAT_TEXT },
  { "json", HERALD_PAYLOAD_FORMAT_JSON },
  { "hex", HERALD_PAYLOAD_FORMAT_HEX },
  { "base64", HERALD_PAYLOAD_FORMAT_BASE64 },
};

/* The saved payloads, as the member "savedPayloads" of the object being
 * built: in a connection, and alone in a saved payloads file. */
static void
add_payloads (JsonBuilder         *builder,
              HeraldBrokerProfile *self)
{
  json_builder_set_member_name (builder, "savedPayloads");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->payloads->len; i++)
    {
      const SavedPayload *p = &g_array_index (self->payloads, SavedPayload, i);
      const char *nick = "text";

      for (guint f = 0; f < G_N_ELEMENTS (_herald_payload_format_names); f++)
        if (_herald_payload_format_names[f].format == p->format)
          nick = _herald_payload_format_names[f].nick;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, p->name);
      json_builder_set_member_name (builder, "topic");
      json_builder_add_string_value (builder, p->topic);
      json_builder_set_member_name (builder, "qos");
      json_builder_add_int_value (builder, p->qos);
      json_builder_set_member_name (builder, "retained");
      json_builder_add_boolean_value (builder, p->retained);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, nick);
      json_builder_set_member_name (builder, "payload");
      json_builder_add_string_value (builder, p->text);
      for (guint t = 0; t < HERALD_PUBLISH_N_TEXTS; t++)
        if (p->mqtt5[t] != NULL)
          {
            json_builder_set_member_name (builder, mqtt5_members[t]);
            json_builder_add_string_value (builder, p->mqtt5[t]);
          }
      if (p->message_expiry > 0)
        {
          json_builder_set_member_name (builder, "messageExpiry");
          json_builder_add_int_value (builder, p->message_expiry);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static JsonNode *
profile_to_node (HeraldBrokerProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = PROP_ID; i < N_PROPS; i++)
    {
      const GValue *value = &self->values[i];

      json_builder_set_member_name (builder, members[i]);
      if (G_VALUE_HOLDS_STRING (value))
        json_builder_add_string_value (builder, g_value_get_string (value));
      else if (G_VALUE_HOLDS_BOOLEAN (value))
        json_builder_add_boolean_value (builder, g_value_get_boolean (value));
      else if (G_VALUE_HOLDS_UINT (value))
        json_builder_add_int_value (builder, g_value_get_uint (value));
      else
        {
          g_autoptr(GEnumClass) klass = g_type_class_ref (G_VALUE_TYPE (value));

          json_builder_add_string_value (builder,
                                         g_enum_get_value (klass, g_value_get_enum (value))->value_nick);
        }
    }

  json_builder_set_member_name (builder, "subscriptions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      const Subscription *s = &g_array_index (self->subscriptions, Subscription, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "topic");
      json_builder_add_string_value (builder, s->topic);
      json_builder_set_member_name (builder, "qos");
      json_builder_add_int_value (builder, s->qos);
      json_builder_set_member_name (builder, "noLocal");
      json_builder_add_boolean_value (builder, (s->flags & HERALD_SUBSCRIBE_NO_LOCAL) != 0);
      json_builder_set_member_name (builder, "retainAsPublished");
      json_builder_add_boolean_value (builder, (s->flags & HERALD_SUBSCRIBE_RETAIN_AS_PUBLISHED) != 0);
      json_builder_set_member_name (builder, "retainHandling");
      json_builder_add_int_value (builder, (s->flags & HERALD_SUBSCRIBE_NO_RETAINED) ? 2
                                           : (s->flags & HERALD_SUBSCRIBE_RETAINED_IF_NEW) ? 1 : 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_payloads (builder, self);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A file of ours: an object that says its format and version first. */
static JsonBuilder *
begin_file (const char *format,
            int         version)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, version);
  return builder;
}

static char *
end_file (JsonBuilder *builder,
          gsize       *length)
{
  g_autoptr(JsonNode) root = NULL;
  char *data;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = herald_json_to_string (root, TRUE);
  if (length != NULL)
    *length = strlen (data);
  return data;
}

/**
 * herald_broker_profile_list_to_data:
 * @profiles: a list of #HeraldBrokerProfile
 * @length: (out) (optional): the text's length
 *
 * Writes the profiles as Herald keeps them and exports them: JSON, without
 * a secret.
 *
 * Returns: (transfer full): the text
 */
char *
herald_broker_profile_list_to_data (GListModel *profiles,
                                    gsize      *length)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (profiles), NULL);

  builder = begin_file (FILE_FORMAT, FILE_VERSION);
  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
    {
      g_autoptr(HeraldBrokerProfile) profile = g_list_model_get_item (profiles, i);

      json_builder_add_value (builder, profile_to_node (profile));
    }
  json_builder_end_array (builder);
  return end_file (builder, length);
}

static gboolean
invalid (GError     **error,
         guint        position,
         const char  *what)
{
  if (position == PAYLOADS_FILE)
    g_set_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                 /* Translators: what follows says what is wrong */
                 _("The saved payloads file: %s"), what);
  else
    g_set_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                 /* Translators: the first is a number, the second says what is wrong */
                 _("Connection %u of the file: %s"), position + 1, what);
  return FALSE;
}

static gboolean
set_member (HeraldBrokerProfile  *self,
            guint                 prop_id,
            JsonNode             *node,
            guint                 position,
            GError              **error)
{
  GParamSpec *pspec = _herald_broker_profile_pspec (prop_id);
  GValue *value = &self->values[prop_id];
  GType type = json_node_get_value_type (node);

  if (G_VALUE_HOLDS_STRING (value) && type == G_TYPE_STRING)
    g_value_set_string (value, json_node_get_string (node));
  else if (G_VALUE_HOLDS_BOOLEAN (value) && type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, json_node_get_boolean (node));
  else if (G_VALUE_HOLDS_UINT (value) && type == G_TYPE_INT64)
    {
      gint64 n = json_node_get_int (node);

      if (n < 0 || n > G_PARAM_SPEC_UINT (pspec)->maximum)
        {
          g_autofree char *what = g_strdup_printf (_("“%s” must be a whole number from 0 to %u."),
                                                   members[prop_id], G_PARAM_SPEC_UINT (pspec)->maximum);
          return invalid (error, position, what);
        }
      g_value_set_uint (value, n);
    }
  else if (G_VALUE_HOLDS_ENUM (value) && type == G_TYPE_STRING)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (G_VALUE_TYPE (value));
      GEnumValue *ev = g_enum_get_value_by_nick (klass, json_node_get_string (node));

      if (ev == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("“%s” cannot be “%s”."),
                                                   members[prop_id], json_node_get_string (node));
          return invalid (error, position, what);
        }
      g_value_set_enum (value, ev->value);
    }
  else
    {
      g_autofree char *what = g_strdup_printf (_("“%s” has a value of the wrong kind."), members[prop_id]);
      return invalid (error, position, what);
    }

  return TRUE;
}

/* A saved payload's MQTT 5 properties, read the way a publish reads them
 * from the form. */
static gboolean
read_payload_mqtt5 (HeraldBrokerProfile  *self,
                    const char           *name,
                    JsonObject           *p,
                    guint                 position,
                    GError              **error)
{
  const char *texts[HERALD_PUBLISH_N_TEXTS];
  gint64 expiry = herald_json_get_int (p, "messageExpiry", 0);
  gboolean any = expiry != 0;
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(GError) local_error = NULL;

  for (guint t = 0; t < HERALD_PUBLISH_N_TEXTS; t++)
    {
      JsonNode *member = json_object_get_member (p, mqtt5_members[t]);

      if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
          (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING))
        {
          g_autofree char *what = g_strdup_printf (_("“%s” has a value of the wrong kind."), mqtt5_members[t]);
          return invalid (error, position, what);
        }
      texts[t] = herald_json_get_string (p, mqtt5_members[t]);
      any |= texts[t] != NULL && *texts[t] != '\0';
    }
  if (!any)
    return TRUE;

  if (expiry < 0 || expiry > G_MAXUINT32)
    return invalid (error, position, _("“messageExpiry” must be a number of seconds."));
  properties = herald_mqtt_session_build_properties (texts[HERALD_PUBLISH_CONTENT_TYPE],
                                                     texts[HERALD_PUBLISH_RESPONSE_TOPIC],
                                                     texts[HERALD_PUBLISH_CORRELATION_DATA],
                                                     texts[HERALD_PUBLISH_USER_PROPERTIES],
                                                     (guint) expiry, &local_error);
  if (local_error != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("the saved payload “%s”: %s"), name, local_error->message);
      return invalid (error, position, what);
    }

  herald_broker_profile_set_payload_mqtt5 (self, name, texts, (guint) expiry);
  return TRUE;
}

static gboolean
read_payloads (HeraldBrokerProfile  *self,
               JsonObject           *object,
               guint                 position,
               GError              **error)
{
  JsonNode *member = json_object_get_member (object, "savedPayloads");
  JsonArray *payloads;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return invalid (error, position, _("“savedPayloads” must be a list."));

  payloads = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (payloads); i++)
    {
      JsonNode *item = json_array_get_element (payloads, i);
      JsonObject *p = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *name = p != NULL ? herald_json_get_string (p, "name") : NULL;
      const char *nick = p != NULL ? herald_json_get_string (p, "format") : NULL;
      gint64 qos = p != NULL ? herald_json_get_int (p, "qos", 0) : -1;
      gint format = -1;

      for (guint f = 0; f < G_N_ELEMENTS (_herald_payload_format_names); f++)
        if (g_strcmp0 (nick ? nick : "text", _herald_payload_format_names[f].nick) == 0)
          format = _herald_payload_format_names[f].format;

      if (name == NULL || *name == '\0' || qos < 0 || qos > 2 || format < 0)
        return invalid (error, position,
                        _("a saved payload needs a name, a QoS of 0, 1 or 2 and a format of text, json, hex or base64."));

      herald_broker_profile_save_payload (self, name, herald_json_get_string (p, "topic"), qos,
                                          herald_json_get_boolean (p, "retained", FALSE), format,
                                          herald_json_get_string (p, "payload"));
      if (!read_payload_mqtt5 (self, name, p, position, error))
        return FALSE;
    }

  return TRUE;
}

static HeraldBrokerProfile *
profile_from_node (JsonNode  *node,
                   guint      position,
                   GError   **error)
{
  g_autoptr(HeraldBrokerProfile) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *id;
  JsonArray *subscriptions = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, position, _("not an object."));
      return NULL;
    }

  object = json_node_get_object (node);
  id = json_object_get_member (object, "id");
  self = g_object_new (HERALD_TYPE_BROKER_PROFILE,
                       "id", id != NULL && json_node_get_value_type (id) == G_TYPE_STRING &&
                             g_uuid_string_is_valid (json_node_get_string (id))
                             ? json_node_get_string (id) : NULL,
                       NULL);

  for (guint i = PROP_ID + 1; i < N_PROPS; i++)
    {
      JsonNode *member = json_object_get_member (object, members[i]);

      if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
          !set_member (self, i, member, position, error))
        return NULL;
    }

  if (json_object_has_member (object, "subscriptions"))
    {
      JsonNode *member = json_object_get_member (object, "subscriptions");

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          invalid (error, position, _("“subscriptions” must be a list."));
          return NULL;
        }
      subscriptions = json_node_get_array (member);
    }

  for (guint i = 0; subscriptions != NULL && i < json_array_get_length (subscriptions); i++)
    {
      JsonNode *item = json_array_get_element (subscriptions, i);
      JsonObject *s = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *topic = s != NULL ? herald_json_get_string (s, "topic") : NULL;
      gint64 qos = s != NULL ? herald_json_get_int (s, "qos", 0) : -1;
      gint64 handling = s != NULL ? herald_json_get_int (s, "retainHandling", 0) : -1;
      HeraldSubscribeFlags flags = HERALD_SUBSCRIBE_NONE;

      if (topic == NULL || *topic == '\0' || qos < 0 || qos > 2 || handling < 0 || handling > 2)
        {
          invalid (error, position, _("a subscription needs a topic, a QoS of 0, 1 or 2 and a retain handling of 0, 1 or 2."));
          return NULL;
        }
      if (herald_json_get_boolean (s, "noLocal", FALSE))
        flags |= HERALD_SUBSCRIBE_NO_LOCAL;
      if (herald_json_get_boolean (s, "retainAsPublished", FALSE))
        flags |= HERALD_SUBSCRIBE_RETAIN_AS_PUBLISHED;
      if (handling == 1)
        flags |= HERALD_SUBSCRIBE_RETAINED_IF_NEW;
      else if (handling == 2)
        flags |= HERALD_SUBSCRIBE_NO_RETAINED;
      herald_broker_profile_add_subscription_full (self, topic, qos, flags);
    }

  if (!read_payloads (self, object, position, error))
    return NULL;

  if (!herald_broker_profile_check (self, &local_error))
    {
      invalid (error, position, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* The connections of a connections file already parsed. */
static GPtrArray *
profiles_from_object (JsonObject  *object,
                      GError     **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_object_unref);
  const char *format = object != NULL ? herald_json_get_string (object, "format") : NULL;
  JsonNode *list = object != NULL ? json_object_get_member (object, "connections") : NULL;

  if (g_strcmp0 (format, FILE_FORMAT) != 0 || list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                           _("The file is JSON but not a list of connections Herald exported. Choose a file that Export Connections wrote."));
      return NULL;
    }

  if (herald_json_get_int (object, "version", 0) > FILE_VERSION)
    {
      g_set_error_literal (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                           _("The connections were exported by a newer Herald. Update Herald to read them."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      HeraldBrokerProfile *profile = profile_from_node (json_array_get_element (json_node_get_array (list), i),
                                                        i, error);

      if (profile == NULL)
        return NULL;
      g_ptr_array_add (profiles, profile);
    }

  return g_steal_pointer (&profiles);
}

/**
 * herald_broker_profile_list_from_data:
 * @data: what herald_broker_profile_list_to_data() wrote, or a user's file
 * @length: its length, or -1 if nul-terminated
 *
 * Reads connection profiles. Each is checked as the editor checks it; a
 * profile without a valid id gets a new one.
 *
 * Returns: (transfer full) (element-type HeraldBrokerProfile): the
 *   profiles, or %NULL with @error set to a sentence for the user
 */
GPtrArray *
herald_broker_profile_list_from_data (const char  *data,
                                      gssize       length,
                                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  root = herald_json_parse (data, length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                   _("The file is not a list of connections: %s"), local_error->message);
      return NULL;
    }

  return profiles_from_object (JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL, error);
}

/**
 * herald_broker_profile_payloads_to_data:
 * @length: (out) (optional): the text's length
 *
 * Writes the saved payloads alone, as Export Saved Payloads does: JSON
 * that herald_broker_profile_import_payloads() reads into any profile.
 *
 * Returns: (transfer full): the text
 */
char *
herald_broker_profile_payloads_to_data (HeraldBrokerProfile *self,
                                        gsize               *length)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), NULL);

  builder = begin_file (PAYLOADS_FORMAT, PAYLOADS_VERSION);
  add_payloads (builder, self);
  return end_file (builder, length);
}

/**
 * herald_broker_profile_import_payloads:
 * @data: a saved payloads file's text (or a connections file's: the
 *   payloads of each connection in it)
 * @length: its length, or -1 if NUL-terminated
 *
 * Adds the file's saved payloads; one saved under the same name is
 * replaced. Nothing is added unless the whole file reads.
 *
 * Returns: how many were read, or -1 with @error set to a sentence
 */
int
herald_broker_profile_import_payloads (HeraldBrokerProfile  *self,
                                       const char           *data,
                                       gssize                length,
                                       GError              **error)
{
  g_autoptr(HeraldBrokerProfile) read = herald_broker_profile_new ("", "");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *format;

  g_return_val_if_fail (HERALD_IS_BROKER_PROFILE (self), -1);
  g_return_val_if_fail (data != NULL, -1);

  root = herald_json_parse (data, length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                   _("The file is not a list of saved payloads: %s"), local_error->message);
      return -1;
    }

  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  format = object != NULL ? herald_json_get_string (object, "format") : NULL;
  if (g_strcmp0 (format, FILE_FORMAT) == 0)
    {
      /* A connections file: the payloads of its connections. */
      g_autoptr(GPtrArray) profiles = profiles_from_object (object, error);

      if (profiles == NULL)
        return -1;
      for (guint i = 0; i < profiles->len; i++)
        _herald_broker_profile_take_payloads (read, g_ptr_array_index (profiles, i));
    }
  else if (g_strcmp0 (format, PAYLOADS_FORMAT) != 0)
    {
      g_set_error_literal (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                           _("The file is JSON but not saved payloads Herald exported. Choose a file that Export Saved Payloads or Export Connections wrote."));
      return -1;
    }
  else if (herald_json_get_int (object, "version", 0) > PAYLOADS_VERSION)
    {
      g_set_error_literal (error, HERALD_BROKER_PROFILE_ERROR, HERALD_BROKER_PROFILE_ERROR_INVALID,
                           _("The saved payloads were exported by a newer Herald. Update Herald to read them."));
      return -1;
    }
  else if (!read_payloads (read, object, PAYLOADS_FILE, error))
    return -1;

  _herald_broker_profile_take_payloads (self, read);
  return (int) herald_broker_profile_get_n_payloads (read);
}

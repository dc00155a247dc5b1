/* herald-sandbox-server-entities.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-data-type.h"
#include "herald-sandbox-server-private.h"

/* HeraldSandboxServer: the entities, from the bodies that create them to
 * the deletion of a device and its client certificates. */

/* --- Resources -------------------------------------------------------- */

static void
add_formatter (JsonObject *property)
{
  JsonObject *formatter = json_object_new ();

  json_object_set_int_member (formatter, "scale", 0);
  json_object_set_int_member (formatter, "shift", 0);
  json_object_set_boolean_member (formatter, "swap", FALSE);
  json_object_set_object_member (property, "formatter", formatter);
}

/* The "properties" of a capability's body, checked and as stored (with
 * a formatter for each number); NULL when answered with 400. */
JsonArray *
herald_sandbox_server_read_properties (SoupServerMessage *msg,
                                       JsonArray         *given)
{
  g_autoptr(JsonArray) properties = json_array_new ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (given); i++)
    {
      JsonNode *element = json_array_get_element (given, i);
      JsonObject *property, *stored;
      const char *property_name, *data_type, *unit;
      HeraldDataType type;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                        _("Each entry of “properties” must be an object with “name” and "
                                          "“dataType”."));
          return NULL;
        }
      property = json_node_get_object (element);
      if (!herald_sandbox_get_string (msg, property, "name", TRUE, &property_name) ||
          !herald_sandbox_get_string (msg, property, "dataType", TRUE, &data_type) ||
          !herald_sandbox_get_string (msg, property, "unitOfMeasure", FALSE, &unit))
        return NULL;

      type = herald_data_type_from_string (data_type);
      if (type == HERALD_DATA_TYPE_INVALID)
        {
          herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                         _("The property “%s” has the unknown dataType “%s”. Use one of "
                                           "integer, long, float, double, boolean, string, binary, date."),
                                         property_name, data_type);
          return NULL;
        }
      if (!g_hash_table_add (names, (gpointer) property_name))
        {
          herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                         _("The property “%s” appears twice. Give each property its own name."),
                                         property_name);
          return NULL;
        }

      stored = json_object_new ();
      json_object_set_string_member (stored, "name", property_name);
      json_object_set_string_member (stored, "dataType", data_type);
      if (unit != NULL)
        json_object_set_string_member (stored, "unitOfMeasure", unit);
      if (herald_data_type_is_numeric (type))
        add_formatter (stored);
      json_array_add_object_element (properties, stored);
    }
  return g_steal_pointer (&properties);
}

void
herald_sandbox_server_post_capability (HeraldSandboxServer *self,
                                       SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) body = herald_sandbox_read_body (msg);
  g_autoptr(JsonArray) properties = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *alternate_id;
  JsonArray *given;

  if (body == NULL ||
      !herald_sandbox_get_string (msg, body, "name", TRUE, &name) ||
      !herald_sandbox_get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !herald_sandbox_check_alternate_id (msg, alternate_id) ||
      (given = herald_sandbox_get_array (msg, body, "properties")) == NULL ||
      (properties = herald_sandbox_server_read_properties (msg, given)) == NULL)
    return;

  answer = herald_sandbox_store_add_capability (self->store, alternate_id, name, properties, &error);
  if (answer == NULL)
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

void
herald_sandbox_server_post_sensor_type (HeraldSandboxServer *self,
                                        SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) body = herald_sandbox_read_body (msg);
  g_autoptr(JsonArray) capabilities = json_array_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *alternate_id;
  JsonArray *given;

  if (body == NULL ||
      !herald_sandbox_get_string (msg, body, "name", TRUE, &name) ||
      !herald_sandbox_get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !herald_sandbox_check_alternate_id (msg, alternate_id) ||
      (given = herald_sandbox_get_array (msg, body, "capabilities")) == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (given); i++)
    {
      JsonNode *element = json_array_get_element (given, i);
      JsonObject *capability, *stored;
      const char *id, *type;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                        _("Each entry of “capabilities” must be an object with “id” and “type”."));
          return;
        }
      capability = json_node_get_object (element);
      if (!herald_sandbox_get_string (msg, capability, "id", TRUE, &id) ||
          !herald_sandbox_get_string (msg, capability, "type", TRUE, &type))
        return;
      if (strcmp (type, "command") != 0 && strcmp (type, "measure") != 0)
        {
          herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                         _("The capability type “%s” is unknown. Use “command” or “measure”."),
                                         type);
          return;
        }
      stored = json_object_new ();
      json_object_set_string_member (stored, "id", id);
      json_object_set_string_member (stored, "type", type);
      json_array_add_object_element (capabilities, stored);
    }

  answer = herald_sandbox_store_add_sensor_type (self->store, alternate_id, name, capabilities, &error);
  if (answer == NULL)
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

JsonNode *
herald_sandbox_server_gateways (HeraldSandboxServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  static const char * const ids[] = { "2", "3" };
  static const char * const protocols[] = { "mqtt", "rest" };
  const char *classic_names[] = { "IoT Gateway MQTT", "IoT Gateway REST" };
  const char *tenant_names[] = { "MQTT Gateway", "REST Gateway" };
  const char *tenant_alternate[] = { "GATEWAY_CLOUD_MQTT", "GATEWAY_CLOUD_REST" };
  gint64 created = herald_sandbox_store_get_created (self->store);

  json_builder_begin_array (builder);
  for (guint i = 0; i < 2; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, ids[i]);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, self->classic ? classic_names[i] : tenant_names[i]);
      if (!self->classic)
        {
          json_builder_set_member_name (builder, "alternateId");
          json_builder_add_string_value (builder, tenant_alternate[i]);
        }
      json_builder_set_member_name (builder, "protocolId");
      json_builder_add_string_value (builder, protocols[i]);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "online");
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "cloud");
      json_builder_set_member_name (builder, "creationTimestamp");
      json_builder_add_int_value (builder, created + i * 4242);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* customProperties of a new device: {key, value} objects of strings. */
static gboolean
check_custom_properties (SoupServerMessage *msg,
                         JsonArray         *properties)
{
  for (guint i = 0; properties != NULL && i < json_array_get_length (properties); i++)
    {
      static const char * const taken[] = { "key", "value", NULL };
      JsonNode *element = json_array_get_element (properties, i);
      const char *key, *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                        _("Each entry of “customProperties” must be an object with “key” and "
                                          "“value”."));
          return FALSE;
        }
      if (!herald_sandbox_check_members (msg, json_node_get_object (element), taken, "A custom property") ||
          !herald_sandbox_get_string (msg, json_node_get_object (element), "key", TRUE, &key) ||
          !herald_sandbox_get_string (msg, json_node_get_object (element), "value", TRUE, &value))
        return FALSE;
    }
  return TRUE;
}

/* sensors of a new device: {name, sensorTypeId, alternateId (or none)}. */
static gboolean
check_sensors (SoupServerMessage *msg,
               JsonArray         *sensors)
{
  for (guint i = 0; sensors != NULL && i < json_array_get_length (sensors); i++)
    {
      static const char * const taken[] = { "name", "sensorTypeId", "alternateId", NULL };
      JsonNode *element = json_array_get_element (sensors, i);
      JsonObject *sensor;
      const char *name, *sensor_type_id, *alternate_id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                        _("Each entry of “sensors” must be an object with “name” and "
                                          "“sensorTypeId”."));
          return FALSE;
        }
      sensor = json_node_get_object (element);
      if (!herald_sandbox_check_members (msg, sensor, taken, "A sensor of “sensors”") ||
          !herald_sandbox_get_string (msg, sensor, "name", TRUE, &name) ||
          !herald_sandbox_get_string (msg, sensor, "sensorTypeId", TRUE, &sensor_type_id) ||
          !herald_sandbox_get_string (msg, sensor, "alternateId", FALSE, &alternate_id) ||
          !herald_sandbox_check_alternate_id (msg, alternate_id))
        return FALSE;
    }
  return TRUE;
}

/* POST /devices: gatewayId, name, alternateId, and the device's
 * customProperties and sensors made with it. A router device
 * (authorizations) is refused by name: the sandbox's broker has no ACL
 * for one device publishing for another. */
void
herald_sandbox_server_post_device (HeraldSandboxServer *self,
                                   SoupServerMessage   *msg)
{
  static const char * const taken[] = { "gatewayId", "name", "alternateId", "customProperties", "sensors", NULL };
  g_autoptr(JsonObject) body = herald_sandbox_read_body (msg);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *gateway_id, *name, *alternate_id;
  JsonArray *custom_properties, *sensors;

  if (body != NULL && json_object_has_member (body, "authorizations"))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("herald-sandbox has no router devices: leave out “authorizations” and "
                                      "let each device publish for itself."));
      return;
    }
  if (body == NULL ||
      !herald_sandbox_check_members (msg, body, taken, "POST /devices") ||
      !herald_sandbox_get_string (msg, body, "gatewayId", TRUE, &gateway_id) ||
      !herald_sandbox_get_string (msg, body, "name", TRUE, &name) ||
      !herald_sandbox_get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !herald_sandbox_check_alternate_id (msg, alternate_id) ||
      !herald_sandbox_get_optional_array (msg, body, "customProperties", &custom_properties) ||
      !check_custom_properties (msg, custom_properties) ||
      !herald_sandbox_get_optional_array (msg, body, "sensors", &sensors) ||
      !check_sensors (msg, sensors))
    return;

  if (strcmp (gateway_id, "2") != 0 && strcmp (gateway_id, "3") != 0)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("No gateway has the id “%s”. List them with GET /gateways and take "
                                       "the one whose protocolId is mqtt."), gateway_id);
      return;
    }

  answer = herald_sandbox_store_add_device (self->store, gateway_id, name, alternate_id, custom_properties,
                                            sensors, &error);
  if (answer == NULL)
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

void
herald_sandbox_server_post_sensor (HeraldSandboxServer *self,
                                   SoupServerMessage   *msg)
{
  g_autoptr(JsonObject) body = herald_sandbox_read_body (msg);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *device_id, *name, *sensor_type_id, *alternate_id;

  if (body == NULL ||
      !herald_sandbox_get_string (msg, body, "deviceId", TRUE, &device_id) ||
      !herald_sandbox_get_string (msg, body, "name", TRUE, &name) ||
      !herald_sandbox_get_string (msg, body, "sensorTypeId", TRUE, &sensor_type_id) ||
      !herald_sandbox_get_string (msg, body, "alternateId", FALSE, &alternate_id) ||
      !herald_sandbox_check_alternate_id (msg, alternate_id))
    return;

  answer = herald_sandbox_store_add_sensor (self->store, device_id, name, sensor_type_id,
                                            alternate_id, &error);
  if (answer == NULL)
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

void
herald_sandbox_server_delete_device (HeraldSandboxServer *self,
                                     SoupServerMessage   *msg,
                                     const char          *id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) serials = NULL;
  g_autoptr(JsonNode) device = herald_sandbox_store_get_device (self->store, id, &error);
  gboolean had_certificates = FALSE;

  /* Answered with the device as it was, as the other deletions are. */
  if (device == NULL ||
      !herald_sandbox_store_delete_device (self->store, id, &had_certificates, &error))
    {
      herald_sandbox_respond_store_error (msg, error);
      return;
    }

  if (had_certificates)
    {
      serials = herald_sandbox_store_revoked_serials (self->store, &error);
      if (serials == NULL || !herald_sandbox_ca_write_crl (self->ca, (const char * const *) serials, &error))
        {
          herald_sandbox_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
          return;
        }
      herald_sandbox_server_certificates_revoked (self);
    }

  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, device);
}

/* Takes a new certificate's serial and fingerprint into the store. */
static gboolean
keep_certificate (HeraldSandboxServer          *self,
                  const char                   *device_id,
                  const HeraldSandboxCertInfo  *info,
                  GError                      **error)
{
  return herald_sandbox_store_add_certificate (self->store, device_id, info->serial, info->fingerprint,
                                               info->not_before, info->not_after, error);
}

void
herald_sandbox_server_get_certificate (HeraldSandboxServer     *self,
                                       SoupServerMessage       *msg,
                                       const char              *device_id,
                                       HeraldSandboxCertFormat  format)
{
  g_autoptr(JsonNode) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) answer = NULL;
  g_auto(HeraldSandboxCertInfo) info = { 0 };
  g_autofree char *secret = NULL;
  g_autofree char *data = NULL;
  const char *alternate_id;

  device = herald_sandbox_store_get_device (self->store, device_id, &error);
  if (device == NULL)
    {
      herald_sandbox_respond_store_error (msg, error);
      return;
    }
  alternate_id = json_object_get_string_member (json_node_get_object (device), "alternateId");

  if (!herald_sandbox_ca_issue (self->ca, alternate_id, format, &info, &secret, &data, &error) ||
      !keep_certificate (self, device_id, &info, &error))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, secret);
  json_builder_set_member_name (builder, format == HERALD_SANDBOX_CERT_FORMAT_PEM ? "pem" : "p12");
  json_builder_add_string_value (builder, data);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);

  memset (secret, 0, strlen (secret));
}

/* POST …/clientCertificate/pem with {"csr": <PEM>, "type": "clientCertificate"}:
 * a certificate for a key the device made itself, answered {"pem"}. */
void
herald_sandbox_server_post_certificate_request (HeraldSandboxServer *self,
                                                SoupServerMessage   *msg,
                                                const char          *device_id)
{
  static const char * const taken[] = { "csr", "type", NULL };
  g_autoptr(JsonObject) body = herald_sandbox_read_body (msg);
  g_autoptr(JsonNode) device = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(HeraldSandboxCertInfo) info = { 0 };
  g_autofree char *pem = NULL;
  const char *csr, *type;

  if (body == NULL ||
      !herald_sandbox_check_members (msg, body, taken, "POST …/clientCertificate/pem") ||
      !herald_sandbox_get_string (msg, body, "csr", TRUE, &csr) ||
      !herald_sandbox_get_string (msg, body, "type", FALSE, &type))
    return;
  if (type != NULL && strcmp (type, "clientCertificate") != 0)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The type “%s” is unknown. Use “clientCertificate” or leave it out."), type);
      return;
    }
  device = herald_sandbox_store_get_device (self->store, device_id, &error);
  if (device == NULL)
    {
      herald_sandbox_respond_store_error (msg, error);
      return;
    }
  if (!herald_sandbox_ca_issue_for_request (self->ca,
                                            json_object_get_string_member (json_node_get_object (device),
                                                                           "alternateId"),
                                            csr, &info, &pem, &error))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (!keep_certificate (self, device_id, &info, &error))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pem");
  json_builder_add_string_value (builder, pem);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

/* The new revocation list for the broker: it reads it only at start (the
 * sandbox restarts it once the answer is sent). */
static gboolean
publish_revocations (HeraldSandboxServer  *self,
                     GError              **error)
{
  g_auto(GStrv) serials = herald_sandbox_store_revoked_serials (self->store, error);

  if (serials == NULL || !herald_sandbox_ca_write_crl (self->ca, (const char * const *) serials, error))
    return FALSE;
  herald_sandbox_server_certificates_revoked (self);
  return TRUE;
}

/* GET …/authentications/clientCertificate (@fingerprint NULL): the
 * device's valid certificates; DELETE …/clientCertificate/{fingerprint}:
 * revokes one, answered as it was listed. */
void
herald_sandbox_server_client_certificates (HeraldSandboxServer *self,
                                           SoupServerMessage   *msg,
                                           const char          *device_id,
                                           const char          *fingerprint)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (fingerprint == NULL)
    answer = herald_sandbox_store_list_certificates (self->store, device_id, &error);
  else
    answer = herald_sandbox_store_revoke_certificate (self->store, device_id, fingerprint, &error);
  if (answer == NULL)
    {
      herald_sandbox_respond_store_error (msg, error);
      return;
    }
  if (fingerprint != NULL && !publish_revocations (self, &error))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

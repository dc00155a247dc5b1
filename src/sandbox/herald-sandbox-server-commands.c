/* herald-sandbox-server-commands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-command-builder.h"
#include "herald-data-type.h"
#include "herald-json-private.h"
#include "herald-sandbox-server-private.h"
#include "herald-topic.h"

/* HeraldSandboxServer: commands to a device, checked against its sensor's
 * type and capability, published through the bridge and answered once the
 * broker confirmed them. */

static JsonObject *
find_property (JsonObject *capability,
               const char *name)
{
  JsonArray *properties = json_object_get_array_member (capability, "properties");

  for (guint i = 0; properties != NULL && i < json_array_get_length (properties); i++)
    {
      JsonObject *property = json_array_get_object_element (properties, i);

      if (g_strcmp0 (json_object_get_string_member (property, "name"), name) == 0)
        return property;
    }
  return NULL;
}

static char *
property_names (JsonObject *capability)
{
  JsonArray *properties = json_object_get_array_member (capability, "properties");
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; properties != NULL && i < json_array_get_length (properties); i++)
    {
      JsonObject *property = json_array_get_object_element (properties, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, json_object_get_string_member (property, "name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
sensor_type_has_capability (JsonObject *sensor_type,
                            const char *capability_id,
                            const char *type)
{
  JsonArray *capabilities = json_object_get_array_member (sensor_type, "capabilities");

  for (guint i = 0; capabilities != NULL && i < json_array_get_length (capabilities); i++)
    {
      JsonObject *capability = json_array_get_object_element (capabilities, i);

      if (g_strcmp0 (json_object_get_string_member (capability, "id"), capability_id) == 0 &&
          g_strcmp0 (json_object_get_string_member (capability, "type"), type) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  SoupServerMessage *msg;
  guint              status;
  gboolean           gone;
} PendingCommand;

static void
on_pending_gone (SoupServerMessage *msg,
                 PendingCommand    *pending)
{
  pending->gone = TRUE;
}

static void
command_confirmed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PendingCommand *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_data (pending->msg, pending);
  if (!herald_sandbox_bridge_publish_finish (HERALD_SANDBOX_BRIDGE (object), result, &error))
    {
      if (!pending->gone)
        herald_sandbox_respond_error (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, error->message);
    }
  else if (!pending->gone)
    {
      g_autoptr(JsonBuilder) answer = json_builder_new_immutable ();
      g_autoptr(JsonNode) answer_node = NULL;

      json_builder_begin_object (answer);
      json_builder_set_member_name (answer, "message");
      json_builder_add_string_value (answer, "Command issued successfully.");
      json_builder_end_object (answer);
      answer_node = json_builder_get_root (answer);
      herald_sandbox_respond_json (pending->msg, pending->status, answer_node);
    }
  if (!pending->gone)
    soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_free (pending);
}

/* An error, as the API answers it ({"message", "code"}), or as the REST
 * gateway does (@gateway: [{"code", "messages"}], as SAP's Python client
 * reads a gateway's errors). */
static void
respond_command_error (SoupServerMessage *msg,
                       gboolean           gateway,
                       guint              status,
                       const char        *message)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!gateway)
    {
      herald_sandbox_respond_error (msg, status, message);
      return;
    }
  builder = json_builder_new_immutable ();
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, message);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  herald_sandbox_respond_json (msg, status, root);
}

/* The command object of a body: at least one property value. */
static JsonObject *
command_of (SoupServerMessage *msg,
            JsonObject        *body,
            gboolean           gateway)
{
  JsonNode *command = json_object_get_member (body, "command");

  if (command == NULL || !JSON_NODE_HOLDS_OBJECT (command) ||
      json_object_get_size (json_node_get_object (command)) == 0)
    {
      respond_command_error (msg, gateway, SOUP_STATUS_BAD_REQUEST,
                             _("The field “command” must be an object with at least one property "
                               "value, such as {\"LED\": \"true\"}."));
      return NULL;
    }
  return json_node_get_object (command);
}

/* Checks @command against the capability (a command of the sensor's type)
 * and publishes it on commands/<device>; answered with @status once the
 * broker confirmed it. */
static void
issue_command (HeraldSandboxServer *self,
               SoupServerMessage   *msg,
               gboolean             gateway,
               JsonObject          *device,
               JsonObject          *sensor,
               JsonNode            *capability,
               JsonObject          *command,
               guint                status)
{
  g_autoptr(JsonNode) sensor_type = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCommandBuilder) builder = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *topic = NULL;
  PendingCommand *pending;
  JsonObject *capability_object;
  const char *capability_id;

  sensor_type = herald_sandbox_store_get_sensor_type (self->store,
                                                      json_object_get_string_member (sensor, "sensorTypeId"),
                                                      NULL);
  capability_id = capability != NULL ? json_object_get_string_member (json_node_get_object (capability), "id")
                                     : NULL;
  if (sensor_type == NULL || capability == NULL ||
      !sensor_type_has_capability (json_node_get_object (sensor_type), capability_id, "command"))
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("The sensor’s type does not list the capability “%s” as a command. "
                                "Add it to the sensor type with type “command”, or use another "
                                "capability."), capability_id ? capability_id : "");
      respond_command_error (msg, gateway, SOUP_STATUS_BAD_REQUEST, text);
      return;
    }
  capability_object = json_node_get_object (capability);

  builder = herald_command_builder_new (self->classic ? HERALD_COMMAND_FLAVOR_CLASSIC
                                                      : HERALD_COMMAND_FLAVOR_TENANT);
  members = json_object_get_members (command);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonObject *property = find_property (capability_object, name);
      HeraldDataType type;

      if (property == NULL)
        {
          g_autofree char *names = property_names (capability_object);
          g_autofree char *text = g_strdup_printf (_("The capability has no property “%s”. Use one of: %s."),
                                                   name, names);

          respond_command_error (msg, gateway, SOUP_STATUS_BAD_REQUEST, text);
          return;
        }
      type = herald_data_type_from_string (json_object_get_string_member (property, "dataType"));
      if (!herald_command_builder_add_json_value (builder, name, type, json_object_get_member (command, name),
                                                  &error))
        {
          respond_command_error (msg, gateway, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }

  payload = herald_command_builder_to_payload (builder, json_object_get_string_member (sensor, "alternateId"),
                                               json_object_get_string_member (capability_object, "alternateId"));
  topic = herald_topic_commands (json_object_get_string_member (device, "alternateId"));
  /* The answer waits for the broker's PUBACK: a command answered 200 is
   * the broker's, and survives its crash (its persistence is saved at every
   * change), not only the bridge's, which a crash would lose. */
  pending = g_new0 (PendingCommand, 1);
  pending->msg = g_object_ref (msg);
  pending->status = status;
  g_signal_connect (msg, "finished", G_CALLBACK (on_pending_gone), pending);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_pending_gone), pending);
  soup_server_message_pause (msg);
  herald_sandbox_bridge_publish_async (self->bridge, topic, payload, strlen (payload),
                                       command_confirmed, pending);
}

void
herald_sandbox_server_post_command (HeraldSandboxServer *self,
                                    SoupServerMessage   *msg,
                                    const char          *device_id)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) device = NULL;
  g_autoptr(JsonNode) sensor = NULL;
  g_autoptr(JsonNode) capability = NULL;
  g_autoptr(GError) error = NULL;
  const char *sensor_id, *capability_id;
  JsonObject *command;

  device = herald_sandbox_store_get_device (self->store, device_id, &error);
  if (device == NULL)
    {
      herald_sandbox_respond_store_error (msg, error);
      return;
    }

  body = herald_sandbox_read_body (msg);
  if (body == NULL ||
      !herald_sandbox_get_string (msg, body, "sensorId", TRUE, &sensor_id) ||
      !herald_sandbox_get_string (msg, body, "capabilityId", TRUE, &capability_id) ||
      (command = command_of (msg, body, FALSE)) == NULL)
    return;

  sensor = herald_sandbox_store_get_sensor (self->store, sensor_id, NULL);
  if (sensor == NULL ||
      g_strcmp0 (json_object_get_string_member (json_node_get_object (sensor), "deviceId"),
                 device_id) != 0)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The device “%s” has no sensor with the id “%s”. Use the id of one of "
                                       "its sensors (GET /sensors)."), device_id, sensor_id);
      return;
    }
  capability = herald_sandbox_store_get_capability (self->store, capability_id, NULL);
  if (capability == NULL)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The sensor’s type does not list the capability “%s” as a command. "
                                       "Add it to the sensor type with type “command”, or use another "
                                       "capability."), capability_id);
      return;
    }
  issue_command (self, msg, FALSE, json_node_get_object (device), json_node_get_object (sensor), capability,
                 command, self->classic ? SOUP_STATUS_OK : SOUP_STATUS_ACCEPTED);
}

/**
 * herald_sandbox_server_post_gateway_command:
 * @device_alternate_id: the path's device, whose certificate the request
 *   was checked against already
 *
 * POST /iot/gateway/rest/commands/<device> with {capabilityAlternateId,
 * sensorAlternateId, command} (SAP's Python SDK, RestClient.post_command):
 * the same command as the API's, by alternate ids, published on
 * commands/<device> and answered 202; errors answered as the gateway's
 * ([{"code", "messages"}]).
 */
void
herald_sandbox_server_post_gateway_command (HeraldSandboxServer *self,
                                            SoupServerMessage   *msg,
                                            const char          *device_alternate_id)
{
  g_autoptr(GBytes) raw = herald_sandbox_read_raw_body (msg);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) device = NULL;
  g_autoptr(JsonNode) sensor = NULL;
  g_autoptr(JsonNode) capability = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body, *command;
  const char *sensor_alt, *capability_alt;
  gsize length;
  const char *data;

  if (raw == NULL)
    return;
  data = g_bytes_get_data (raw, &length);
  root = herald_json_parse (data, length, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_command_error (msg, TRUE, SOUP_STATUS_BAD_REQUEST,
                             _("Send {\"capabilityAlternateId\": …, \"sensorAlternateId\": …, \"command\": "
                               "{…}} as JSON."));
      return;
    }
  body = json_node_get_object (root);
  sensor_alt = json_object_get_string_member_with_default (body, "sensorAlternateId", NULL);
  capability_alt = json_object_get_string_member_with_default (body, "capabilityAlternateId", NULL);
  if (sensor_alt == NULL || capability_alt == NULL)
    {
      respond_command_error (msg, TRUE, SOUP_STATUS_BAD_REQUEST,
                             _("capabilityAlternateId and sensorAlternateId must be strings."));
      return;
    }
  if ((command = command_of (msg, body, TRUE)) == NULL)
    return;

  device = herald_sandbox_store_find_device (self->store, device_alternate_id, NULL);
  sensor = device != NULL
           ? herald_sandbox_store_find_sensor (self->store,
                                               json_object_get_string_member (json_node_get_object (device), "id"),
                                               sensor_alt, NULL)
           : NULL;
  capability = herald_sandbox_store_find_capability (self->store, capability_alt, NULL);
  if (device == NULL || sensor == NULL || capability == NULL)
    {
      respond_command_error (msg, TRUE, SOUP_STATUS_NOT_FOUND,
                             sensor == NULL ? _("This device has no sensor with this sensorAlternateId.")
                                            : _("No capability has this capabilityAlternateId."));
      return;
    }
  issue_command (self, msg, TRUE, json_node_get_object (device), json_node_get_object (sensor), capability,
                 command, SOUP_STATUS_ACCEPTED);
}

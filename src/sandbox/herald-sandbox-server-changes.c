/* herald-sandbox-server-changes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-server-private.h"

/* HeraldSandboxServer: what changes entities after they are made — PUT on
 * each of them, the custom properties of devices and sensors, the
 * capabilities of a sensor type — and the counts of the collections. Each
 * answers the entity (or property) as it is afterwards, as the IoT
 * Service's clients read it (docs/iot-service.md). */

static void
respond (SoupServerMessage *msg,
         JsonNode          *answer,
         const GError      *error)
{
  if (answer == NULL)
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

/* A PUT body: an object of only @taken fields, at least one of them. */
static JsonObject *
read_change (SoupServerMessage  *msg,
             const char * const *taken,
             const char         *request)
{
  g_autoptr(JsonObject) body = herald_sandbox_read_body (msg);

  if (body == NULL || !herald_sandbox_check_members (msg, body, taken, request))
    return NULL;
  if (json_object_get_size (body) == 0)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) taken);

      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The body changes nothing. Give one or more of %s."), list);
      return NULL;
    }
  return g_steal_pointer (&body);
}

/* An optional new name: given, it is not empty. */
static gboolean
get_name (SoupServerMessage  *msg,
          JsonObject         *body,
          const char        **name)
{
  if (!herald_sandbox_get_string (msg, body, "name", FALSE, name))
    return FALSE;
  if (*name != NULL && **name == '\0')
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("The field “name” is empty. Give it a value."));
      return FALSE;
    }
  return TRUE;
}

/* An optional new alternateId: given, it is not empty and safe. */
static gboolean
get_alternate_id (SoupServerMessage  *msg,
                  JsonObject         *body,
                  const char        **alternate_id)
{
  if (!herald_sandbox_get_string (msg, body, "alternateId", FALSE, alternate_id))
    return FALSE;
  if (*alternate_id != NULL && **alternate_id == '\0')
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("The field “alternateId” is empty. Give it a value."));
      return FALSE;
    }
  return herald_sandbox_check_alternate_id (msg, *alternate_id);
}

/* --- PUT -------------------------------------------------------------- */

void
herald_sandbox_server_put_capability (HeraldSandboxServer *self,
                                      SoupServerMessage   *msg,
                                      const char          *id)
{
  static const char * const taken[] = { "name", "alternateId", "properties", NULL };
  g_autoptr(JsonObject) body = read_change (msg, taken, "PUT /capabilities/{id}");
  g_autoptr(JsonArray) properties = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *alternate_id;
  JsonArray *given;

  if (body == NULL || !get_name (msg, body, &name) || !get_alternate_id (msg, body, &alternate_id) ||
      !herald_sandbox_get_optional_array (msg, body, "properties", &given))
    return;
  if (given != NULL && (properties = herald_sandbox_server_read_properties (msg, given)) == NULL)
    return;

  answer = herald_sandbox_store_update_capability (self->store, id, alternate_id, name, properties, &error);
  respond (msg, answer, error);
}

void
herald_sandbox_server_put_sensor_type (HeraldSandboxServer *self,
                                       SoupServerMessage   *msg,
                                       const char          *id)
{
  static const char * const taken[] = { "name", "alternateId", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *alternate_id;

  /* Its capabilities change through their own path. */
  body = read_change (msg, taken, "PUT /sensorTypes/{id} (capabilities: …/{id}/capabilities)");
  if (body == NULL || !get_name (msg, body, &name) || !get_alternate_id (msg, body, &alternate_id))
    return;

  answer = herald_sandbox_store_update_sensor_type (self->store, id, alternate_id, name, &error);
  respond (msg, answer, error);
}

void
herald_sandbox_server_put_device (HeraldSandboxServer *self,
                                  SoupServerMessage   *msg,
                                  const char          *id)
{
  static const char * const taken[] = { "name", NULL };
  g_autoptr(JsonObject) body = herald_sandbox_read_body (msg);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (body != NULL && json_object_has_member (body, "alternateId"))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("A device’s alternateId cannot change: its client certificates carry "
                                      "it and its MQTT topics are named after it. Create another device "
                                      "instead."));
      return;
    }
  if (body == NULL || !herald_sandbox_check_members (msg, body, taken, "PUT /devices/{id}") ||
      !herald_sandbox_get_string (msg, body, "name", TRUE, &name))
    return;

  answer = herald_sandbox_store_update_device (self->store, id, name, &error);
  respond (msg, answer, error);
}

void
herald_sandbox_server_put_sensor (HeraldSandboxServer *self,
                                  SoupServerMessage   *msg,
                                  const char          *id)
{
  static const char * const taken[] = { "name", "sensorTypeId", "alternateId", NULL };
  g_autoptr(JsonObject) body = read_change (msg, taken, "PUT /sensors/{id}");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *sensor_type_id, *alternate_id;

  if (body == NULL || !get_name (msg, body, &name) || !get_alternate_id (msg, body, &alternate_id) ||
      !herald_sandbox_get_string (msg, body, "sensorTypeId", FALSE, &sensor_type_id))
    return;

  answer = herald_sandbox_store_update_sensor (self->store, id, name, sensor_type_id, alternate_id, &error);
  respond (msg, answer, error);
}

/* --- Counts ----------------------------------------------------------- */

void
herald_sandbox_server_count (HeraldSandboxServer *self,
                             SoupServerMessage   *msg,
                             const char          *collection)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = herald_sandbox_store_count (self->store, collection, &error);

  if (count < 0)
    {
      herald_sandbox_respond_store_error (msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

/* --- Custom properties ------------------------------------------------ */

/* POST …/customProperties (@key NULL) with {key, value}; PUT
 * …/customProperties/{key} with {key (the same, or none), value}; DELETE
 * …/customProperties/{key}. Each answers the property. */
void
herald_sandbox_server_custom_property (HeraldSandboxServer *self,
                                       SoupServerMessage   *msg,
                                       const char          *owner,
                                       const char          *owner_id,
                                       const char          *key)
{
  static const char * const taken[] = { "key", "value", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *given_key, *value;

  if (herald_sandbox_is_method (msg, "DELETE"))
    {
      answer = herald_sandbox_store_delete_custom_property (self->store, owner, owner_id, key, &error);
      respond (msg, answer, error);
      return;
    }

  body = herald_sandbox_read_body (msg);
  if (body == NULL ||
      !herald_sandbox_check_members (msg, body, taken, key == NULL ? "POST …/customProperties"
                                                                   : "PUT …/customProperties/{key}") ||
      !herald_sandbox_get_string (msg, body, "key", key == NULL, &given_key) ||
      !herald_sandbox_get_string (msg, body, "value", TRUE, &value))
    return;
  if (key != NULL && given_key != NULL && strcmp (given_key, key) != 0)
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                    _("The body’s key differs from the path’s. A key cannot change: delete "
                                      "the property and add it under the new key."));
      return;
    }

  if (key == NULL)
    answer = herald_sandbox_store_add_custom_property (self->store, owner, owner_id, given_key, value, &error);
  else
    answer = herald_sandbox_store_set_custom_property (self->store, owner, owner_id, key, value, &error);
  respond (msg, answer, error);
}

/* --- A sensor type's capabilities ------------------------------------ */

/* GET …/capabilities lists them; POST adds one ({id, type}); GET, PUT
 * ({type}) and DELETE …/capabilities/{capabilityId} read, change and
 * remove one. Changes answer the sensor type as it is afterwards. */
void
herald_sandbox_server_sensor_type_capability (HeraldSandboxServer *self,
                                              SoupServerMessage   *msg,
                                              const char          *sensor_type_id,
                                              const char          *capability_id)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = NULL, *type = NULL;

  if (herald_sandbox_is_method (msg, "GET") || herald_sandbox_is_method (msg, "HEAD"))
    {
      g_autoptr(JsonNode) sensor_type = herald_sandbox_store_get_sensor_type (self->store, sensor_type_id,
                                                                              &error);
      JsonArray *capabilities;

      if (sensor_type == NULL)
        {
          herald_sandbox_respond_store_error (msg, error);
          return;
        }
      capabilities = json_object_get_array_member (json_node_get_object (sensor_type), "capabilities");
      if (capability_id == NULL)
        {
          herald_sandbox_respond_json (msg, SOUP_STATUS_OK,
                                       json_object_get_member (json_node_get_object (sensor_type),
                                                               "capabilities"));
          return;
        }
      for (guint i = 0; i < json_array_get_length (capabilities); i++)
        {
          JsonNode *element = json_array_get_element (capabilities, i);

          if (g_strcmp0 (json_object_get_string_member (json_node_get_object (element), "id"),
                         capability_id) == 0)
            {
              herald_sandbox_respond_json (msg, SOUP_STATUS_OK, element);
              return;
            }
        }
      herald_sandbox_respond_error (msg, SOUP_STATUS_NOT_FOUND,
                                    _("The sensor type does not list this capability. List its "
                                      "capabilities with GET /sensorTypes/{id}/capabilities."));
      return;
    }

  if (herald_sandbox_is_method (msg, "DELETE"))
    {
      answer = herald_sandbox_store_remove_sensor_type_capability (self->store, sensor_type_id, capability_id,
                                                                   &error);
      respond (msg, answer, error);
      return;
    }

  body = herald_sandbox_read_body (msg);
  if (capability_id == NULL)
    {
      static const char * const taken[] = { "id", "type", NULL };

      if (body == NULL ||
          !herald_sandbox_check_members (msg, body, taken, "POST /sensorTypes/{id}/capabilities") ||
          !herald_sandbox_get_string (msg, body, "id", TRUE, &id) ||
          !herald_sandbox_get_string (msg, body, "type", TRUE, &type))
        return;
    }
  else
    {
      static const char * const taken[] = { "id", "type", NULL };

      if (body == NULL ||
          !herald_sandbox_check_members (msg, body, taken, "PUT /sensorTypes/{id}/capabilities/{capabilityId}") ||
          !herald_sandbox_get_string (msg, body, "id", FALSE, &id) ||
          !herald_sandbox_get_string (msg, body, "type", TRUE, &type))
        return;
      if (id != NULL && strcmp (id, capability_id) != 0)
        {
          herald_sandbox_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                                        _("The body’s id differs from the path’s. Remove the capability and "
                                          "add the other one instead."));
          return;
        }
    }
  if (strcmp (type, "command") != 0 && strcmp (type, "measure") != 0)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_BAD_REQUEST,
                                     _("The capability type “%s” is unknown. Use “command” or “measure”."), type);
      return;
    }

  if (capability_id == NULL)
    answer = herald_sandbox_store_add_sensor_type_capability (self->store, sensor_type_id, id, type, &error);
  else
    answer = herald_sandbox_store_set_sensor_type_capability (self->store, sensor_type_id, capability_id, type,
                                                              &error);
  respond (msg, answer, error);
}

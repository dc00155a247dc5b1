/* herald-sandbox-store-devices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-store-private.h"

/* HeraldSandboxStore: devices, their sensors and the serials of the client
 * certificates issued to them. */

/* --- Sensors --------------------------------------------------------- */

static const HeraldSandboxStoreField sensor_fields[] = {
  { "id", HERALD_SANDBOX_PUBLIC_ID ("sensor", "sensors.id"), TRUE, FALSE },
  { "deviceId", HERALD_SANDBOX_PUBLIC_ID ("device", "sensors.device_id"), TRUE, FALSE },
  { "sensorTypeId", "sensor_type_id", FALSE, FALSE },
  { "name", "name", FALSE, FALSE },
  { "alternateId", "alternate_id", FALSE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

static const HeraldSandboxStoreField device_fields[] = {
  { "id", HERALD_SANDBOX_PUBLIC_ID ("device", "devices.id"), TRUE, FALSE },
  { "gatewayId", "gateway_id", FALSE, FALSE },
  { "name", "name", FALSE, FALSE },
  { "alternateId", "alternate_id", FALSE, FALSE },
  { "creationTimestamp", "creation_timestamp", TRUE, FALSE },
  { "status", "'fullyFunctional'", FALSE, TRUE },
  { NULL, NULL, FALSE, FALSE }
};

/* The custom properties of an entity of @table, as a JSON array of
 * {key, value} in the order they were added. */
#define CUSTOM_PROPERTIES(owner, table) \
  "(SELECT json_group_array (json_object ('key', p.key, 'value', p.value)) " \
  " FROM (SELECT key, value FROM custom_properties WHERE owner = '" owner "' " \
  "       AND owner_id = " table ".id ORDER BY rowid) AS p) "

/* A sensor's public id and its device's (see HERALD_SANDBOX_PUBLIC_ID). */
#define SENSOR_COLUMNS \
  "SELECT " HERALD_SANDBOX_PUBLIC_ID ("sensor", "sensors.id") ", " \
  HERALD_SANDBOX_PUBLIC_ID ("device", "sensors.device_id") ", sensor_type_id, name, alternate_id, " \
  CUSTOM_PROPERTIES ("sensor", "sensors") "FROM sensors "

/* customProperties, when the entity has some. */
static void
set_custom_properties (JsonObject   *object,
                       sqlite3_stmt *stmt,
                       int           column)
{
  JsonNode *properties = herald_sandbox_store_parse_json (herald_sandbox_store_column_text (stmt, column));

  if (JSON_NODE_HOLDS_ARRAY (properties) && json_array_get_length (json_node_get_array (properties)) > 0)
    json_object_set_member (object, "customProperties", properties);
  else
    json_node_unref (properties);
}

static JsonNode *
sensor_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", herald_sandbox_store_column_text (stmt, 0));
  json_object_set_string_member (object, "deviceId", herald_sandbox_store_column_text (stmt, 1));
  json_object_set_string_member (object, "sensorTypeId", herald_sandbox_store_column_text (stmt, 2));
  json_object_set_string_member (object, "name", herald_sandbox_store_column_text (stmt, 3));
  json_object_set_string_member (object, "alternateId", herald_sandbox_store_column_text (stmt, 4));
  set_custom_properties (object, stmt, 5);
  json_node_take_object (node, object);
  return node;
}

static gboolean
insert_sensor (HeraldSandboxStore  *self,
               const char          *device_id,
               const char          *name,
               const char          *sensor_type_id,
               const char          *alternate_id,
               char               **id_out,
               GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = herald_sandbox_store_statement (self,
                                         "INSERT INTO sensors (device_id, sensor_type_id, name, alternate_id) "
                                         "VALUES (?, ?, ?, ?)",
                                         error, 4, device_id, sensor_type_id, name, alternate_id);
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, HERALD_SANDBOX_STORE_ERROR_INVALID,
                                 _("This device has a sensor with this alternateId already. Choose "
                                   "another alternateId or leave it out to get a new one."),
                                 _("The deviceId or the sensorTypeId is unknown. List them with "
                                   "GET /devices and GET /sensorTypes."),
                                 error))
    return FALSE;
  *id_out = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_last_insert_rowid (self->db));
  return herald_sandbox_store_add_public_id (self, "sensor", *id_out, error);
}

static JsonNode *
sensor_by_key (HeraldSandboxStore  *self,
               const char          *key,
               GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, SENSOR_COLUMNS "WHERE id = ?", error, 1, key);

  return herald_sandbox_store_one_row (self, stmt, sensor_from_row,
                                       _("No sensor has this id. List them with GET /sensors."), error);
}

JsonNode *
herald_sandbox_store_add_sensor (HeraldSandboxStore  *self,
                                 const char          *device_id,
                                 const char          *name,
                                 const char          *sensor_type_id,
                                 const char          *alternate_id,
                                 GError             **error)
{
  g_autofree char *generated = alternate_id == NULL ? herald_sandbox_store_random_hex_id () : NULL;
  g_autofree char *device_key = herald_sandbox_store_key (self, "device", device_id);
  g_autofree char *key = NULL;

  if (device_key == NULL)
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_INVALID,
                           _("The deviceId or the sensorTypeId is unknown. List them with "
                             "GET /devices and GET /sensorTypes."));
      return NULL;
    }
  if (!herald_sandbox_store_begin (self, error))
    return NULL;
  if (!insert_sensor (self, device_key, name, sensor_type_id, alternate_id ?: generated, &key, error) ||
      !herald_sandbox_store_commit (self, error))
    {
      herald_sandbox_store_rollback (self);
      return NULL;
    }
  return sensor_by_key (self, key, error);
}

JsonNode *
herald_sandbox_store_get_sensor (HeraldSandboxStore  *self,
                                 const char          *id,
                                 GError             **error)
{
  g_autofree char *key = herald_sandbox_store_key (self, "sensor", id);

  if (key == NULL)
    {
      herald_sandbox_store_not_found (error, _("No sensor has this id. List them with GET /sensors."));
      return NULL;
    }
  return sensor_by_key (self, key, error);
}

JsonNode *
herald_sandbox_store_find_sensor (HeraldSandboxStore  *self,
                                  const char          *device_id,
                                  const char          *alternate_id,
                                  GError             **error)
{
  g_autofree char *device_key = herald_sandbox_store_key (self, "device", device_id);
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self,
                                                       SENSOR_COLUMNS "WHERE device_id = ? AND alternate_id = ?",
                                                       error, 2, device_key ?: "", alternate_id);

  return herald_sandbox_store_one_row (self, stmt, sensor_from_row,
                                       _("This device has no sensor with this sensorAlternateId. List them "
                                         "with GET /sensors."), error);
}

JsonNode *
herald_sandbox_store_list_sensors (HeraldSandboxStore             *self,
                                   const HeraldSandboxStoreQuery  *query,
                                   GError                        **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_prepare_list (self, SENSOR_COLUMNS, 0, sensor_fields, "id",
                                                          query, error);
  JsonNode *list = NULL;

  if (stmt != NULL)
    list = herald_sandbox_store_all_rows (self, stmt, sensor_from_row, error);

  sqlite3_finalize (stmt);
  return list;
}

gboolean
herald_sandbox_store_delete_sensor (HeraldSandboxStore  *self,
                                    const char          *id,
                                    GError             **error)
{
  g_autofree char *key = herald_sandbox_store_key (self, "sensor", id);
  sqlite3_stmt *stmt;

  if (key == NULL)
    {
      herald_sandbox_store_not_found (error, _("No sensor has this id. List them with GET /sensors."));
      return FALSE;
    }
  stmt = herald_sandbox_store_statement (self, "DELETE FROM sensors WHERE id = ?", error, 1, key);
  return herald_sandbox_store_delete_one (self, stmt,
                                          _("No sensor has this id. List them with GET /sensors."), "", error);
}

/* --- Devices --------------------------------------------------------- */

/* The public id first, the row's key last. */
#define DEVICE_COLUMNS \
  "SELECT " HERALD_SANDBOX_PUBLIC_ID ("device", "devices.id") ", gateway_id, name, alternate_id, " \
  "creation_timestamp, " CUSTOM_PROPERTIES ("device", "devices") ", id FROM devices "

static JsonNode *
device_from_row_flavor (HeraldSandboxStore *self,
                        sqlite3_stmt       *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *authentications = json_array_new ();
  JsonObject *certificate = json_object_new ();
  g_autofree char *key = g_strdup (herald_sandbox_store_column_text (stmt, 6));

  json_object_set_string_member (object, "id", herald_sandbox_store_column_text (stmt, 0));
  json_object_set_string_member (object, "gatewayId", herald_sandbox_store_column_text (stmt, 1));
  json_object_set_string_member (object, "name", herald_sandbox_store_column_text (stmt, 2));
  json_object_set_string_member (object, "alternateId", herald_sandbox_store_column_text (stmt, 3));
  json_object_set_int_member (object, "creationTimestamp", sqlite3_column_int64 (stmt, 4));
  if (self->classic)
    json_object_set_string_member (object, "status", "fullyFunctional");
  json_object_set_boolean_member (object, "online", TRUE);
  set_custom_properties (object, stmt, 5);

  if (self->classic)
    {
      sqlite3_stmt *sensors = herald_sandbox_store_statement (self,
                                                              SENSOR_COLUMNS "WHERE device_id = ? ORDER BY id",
                                                              NULL, 1, key);
      JsonNode *list = NULL;

      if (sensors != NULL)
        list = herald_sandbox_store_all_rows (self, sensors, sensor_from_row, NULL);

      json_object_set_member (object, "sensors", list ?: json_node_new (JSON_NODE_NULL));
    }

  json_object_set_string_member (certificate, "type", "clientCertificate");
  json_array_add_object_element (authentications, certificate);
  json_object_set_array_member (object, "authentications", authentications);

  json_node_take_object (node, object);
  return node;
}

/* Rows of devices need the store (for the sensors): one at a time. */
static JsonNode *
device_rows (HeraldSandboxStore  *self,
             sqlite3_stmt        *stmt,
             gboolean             single,
             const char          *missing,
             GError             **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;
  int rc;

  if (stmt == NULL)
    return NULL;
  /* Collect the ids first: the sensors query reuses the cache. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (herald_sandbox_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_sandbox_store_db_error (self, error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *row = herald_sandbox_store_statement (self, DEVICE_COLUMNS "WHERE id = ?",
                                                          error, 1, ids->pdata[i]);

      if (row == NULL)
        return NULL;
      if (sqlite3_step (row) == SQLITE_ROW)
        {
          /* Copy the columns out before the sensors query runs. */
          JsonNode *device = device_from_row_flavor (self, row);
          json_array_add_element (array, device);
        }
      sqlite3_reset (row);
    }

  if (single)
    {
      if (json_array_get_length (array) == 0)
        {
          herald_sandbox_store_not_found (error, missing);
          return NULL;
        }
      return json_array_dup_element (array, 0);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

static JsonNode *
device_by_key (HeraldSandboxStore  *self,
               const char          *key,
               GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, "SELECT id FROM devices WHERE id = ?", error, 1, key);

  return device_rows (self, stmt, TRUE, _("No device has this id. List them with GET /devices."), error);
}

JsonNode *
herald_sandbox_store_add_device (HeraldSandboxStore  *self,
                                 const char          *gateway_id,
                                 const char          *name,
                                 const char          *alternate_id,
                                 JsonArray           *custom_properties,
                                 JsonArray           *sensors,
                                 GError             **error)
{
  g_autofree char *generated = alternate_id == NULL ? herald_sandbox_store_random_hex_id () : NULL;
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;

  if (!herald_sandbox_store_begin (self, error))
    return NULL;

  stmt = herald_sandbox_store_statement (self,
                                         "INSERT INTO devices (gateway_id, name, alternate_id, "
                                         "creation_timestamp) VALUES (?, ?, ?, CAST (? AS INTEGER))",
                                         error, 4, gateway_id, name, alternate_id ?: generated, now);
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, 0,
                                 _("A device with this alternateId exists already. Choose another "
                                   "alternateId or leave it out to get a new one."), "", error))
    goto fail;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_last_insert_rowid (self->db));
  if (!herald_sandbox_store_add_public_id (self, "device", id, error))
    goto fail;

  if (self->classic)
    {
      g_autofree char *sensor_id = NULL;

      if (!insert_sensor (self, id, "Sensor: 0:0:0:0", "0", "0:0:0:0", &sensor_id, error))
        goto fail;
    }

  /* Given in the same body: made with it, or nothing is. */
  for (guint i = 0; custom_properties != NULL && i < json_array_get_length (custom_properties); i++)
    {
      JsonObject *property = json_array_get_object_element (custom_properties, i);

      if (!herald_sandbox_store_insert_custom_property (self, "device", id,
                                                        json_object_get_string_member (property, "key"),
                                                        json_object_get_string_member (property, "value"),
                                                        error))
        goto fail;
    }
  for (guint i = 0; sensors != NULL && i < json_array_get_length (sensors); i++)
    {
      JsonObject *sensor = json_array_get_object_element (sensors, i);
      g_autofree char *sensor_id = NULL;
      g_autofree char *sensor_alternate_id = NULL;

      if (json_object_get_string_member_with_default (sensor, "alternateId", NULL) == NULL)
        sensor_alternate_id = herald_sandbox_store_random_hex_id ();
      if (!insert_sensor (self, id, json_object_get_string_member (sensor, "name"),
                          json_object_get_string_member (sensor, "sensorTypeId"),
                          sensor_alternate_id ?: json_object_get_string_member (sensor, "alternateId"),
                          &sensor_id, error))
        goto fail;
    }

  if (!herald_sandbox_store_commit (self, error))
    goto fail;

  return device_by_key (self, id, error);

fail:
  herald_sandbox_store_rollback (self);
  return NULL;
}

JsonNode *
herald_sandbox_store_get_device (HeraldSandboxStore  *self,
                                 const char          *id,
                                 GError             **error)
{
  g_autofree char *key = herald_sandbox_store_key (self, "device", id);

  if (key == NULL)
    {
      herald_sandbox_store_not_found (error, _("No device has this id. List them with GET /devices."));
      return NULL;
    }
  return device_by_key (self, key, error);
}

JsonNode *
herald_sandbox_store_find_device (HeraldSandboxStore  *self,
                                  const char          *alternate_id,
                                  GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, "SELECT id FROM devices WHERE alternate_id = ?",
                                                       error, 1, alternate_id);

  return device_rows (self, stmt, TRUE, _("No device has this alternateId."), error);
}

JsonNode *
herald_sandbox_store_list_devices (HeraldSandboxStore             *self,
                                   const HeraldSandboxStoreQuery  *query,
                                   GError                        **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_prepare_list (self, "SELECT id FROM devices", 0, device_fields,
                                                          "id", query, error);
  JsonNode *list = stmt != NULL ? device_rows (self, stmt, FALSE, NULL, error) : NULL;

  sqlite3_finalize (stmt);
  return list;
}

gboolean
herald_sandbox_store_delete_device (HeraldSandboxStore  *self,
                                    const char          *id,
                                    gboolean            *had_certificates,
                                    GError             **error)
{
  g_autofree char *key = herald_sandbox_store_key (self, "device", id);
  sqlite3_stmt *stmt;

  *had_certificates = FALSE;
  if (key == NULL)
    {
      herald_sandbox_store_not_found (error, _("No device has this id. List them with GET /devices."));
      return FALSE;
    }
  if (!herald_sandbox_store_begin (self, error))
    return FALSE;

  stmt = herald_sandbox_store_statement (self, "UPDATE certificates SET revoked = 1 WHERE device_id = ?",
                                         error, 1, key);
  if (stmt == NULL || !herald_sandbox_store_run (self, stmt, 0, "", "", error))
    goto fail;
  *had_certificates = sqlite3_changes (self->db) > 0;

  stmt = herald_sandbox_store_statement (self, "DELETE FROM devices WHERE id = ?", error, 1, key);
  if (!herald_sandbox_store_delete_one (self, stmt,
                                        _("No device has this id. List them with GET /devices."),
                                        _("Something still uses this device."), error))
    goto fail;
  g_hash_table_remove (self->measure_counts, key);

  return herald_sandbox_store_commit (self, error);

fail:
  herald_sandbox_store_rollback (self);
  return FALSE;
}

/* --- Changes --------------------------------------------------------- */

JsonNode *
herald_sandbox_store_update_device (HeraldSandboxStore  *self,
                                    const char          *id,
                                    const char          *name,
                                    GError             **error)
{
  g_autofree char *key = herald_sandbox_store_key (self, "device", id);
  sqlite3_stmt *stmt;

  if (key == NULL)
    {
      herald_sandbox_store_not_found (error, _("No device has this id. List them with GET /devices."));
      return NULL;
    }
  stmt = herald_sandbox_store_statement (self, "UPDATE devices SET name = COALESCE (?, name) WHERE id = ?",
                                         error, 2, name, key);
  if (!herald_sandbox_store_update_one (self, stmt, "", "",
                                        _("No device has this id. List them with GET /devices."), error))
    return NULL;
  return device_by_key (self, key, error);
}

JsonNode *
herald_sandbox_store_update_sensor (HeraldSandboxStore  *self,
                                    const char          *id,
                                    const char          *name,
                                    const char          *sensor_type_id,
                                    const char          *alternate_id,
                                    GError             **error)
{
  g_autofree char *key = herald_sandbox_store_key (self, "sensor", id);
  sqlite3_stmt *stmt;

  if (key == NULL)
    {
      herald_sandbox_store_not_found (error, _("No sensor has this id. List them with GET /sensors."));
      return NULL;
    }
  stmt = herald_sandbox_store_statement (self,
                                         "UPDATE sensors SET name = COALESCE (?, name), "
                                         "sensor_type_id = COALESCE (?, sensor_type_id), "
                                         "alternate_id = COALESCE (?, alternate_id) WHERE id = ?",
                                         error, 4, name, sensor_type_id, alternate_id, key);
  if (!herald_sandbox_store_update_one (self, stmt,
                                        _("The sensorTypeId is unknown. List them with GET /sensorTypes."),
                                        _("The device has a sensor with this alternateId already. Choose "
                                          "another alternateId."),
                                        _("No sensor has this id. List them with GET /sensors."), error))
    return NULL;
  return sensor_by_key (self, key, error);
}

/* --- Certificates ---------------------------------------------------- */

gboolean
herald_sandbox_store_add_certificate (HeraldSandboxStore  *self,
                                      const char          *device_id,
                                      const char          *serial,
                                      const char          *fingerprint,
                                      gint64               not_before,
                                      gint64               not_after,
                                      GError             **error)
{
  g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, not_before);
  g_autofree char *until = g_strdup_printf ("%" G_GINT64_FORMAT, not_after);
  g_autofree char *key = herald_sandbox_store_key (self, "device", device_id);
  sqlite3_stmt *stmt;

  if (key == NULL)
    {
      herald_sandbox_store_not_found (error, _("No device has this id. List them with GET /devices."));
      return FALSE;
    }
  if (!herald_sandbox_store_begin (self, error))
    return FALSE;
  stmt = herald_sandbox_store_statement (self, "INSERT INTO certificates (serial, device_id) VALUES (?, ?)",
                                         error, 2, serial, key);
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, 0, _("A certificate serial repeated. Try again."), "", error))
    goto fail;
  stmt = herald_sandbox_store_statement (self,
                                         "INSERT INTO certificate_details (serial, fingerprint, not_before, "
                                         "not_after) VALUES (?, ?, CAST (? AS INTEGER), CAST (? AS INTEGER))",
                                         error, 4, serial, fingerprint, from, until);
  if (stmt == NULL || !herald_sandbox_store_run (self, stmt, 0, "", "", error))
    goto fail;
  return herald_sandbox_store_commit (self, error);

fail:
  herald_sandbox_store_rollback (self);
  return FALSE;
}

#define CERTIFICATE_COLUMNS \
  "SELECT d.fingerprint, c.serial, d.not_before, d.not_after FROM certificates AS c " \
  "JOIN certificate_details AS d ON d.serial = c.serial "

static JsonNode *
certificate_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "type", "clientCertificate");
  json_object_set_string_member (object, "fingerprint", herald_sandbox_store_column_text (stmt, 0));
  json_object_set_string_member (object, "serialNumber", herald_sandbox_store_column_text (stmt, 1));
  json_object_set_int_member (object, "validFrom", sqlite3_column_int64 (stmt, 2));
  json_object_set_int_member (object, "validTo", sqlite3_column_int64 (stmt, 3));
  json_node_take_object (node, object);
  return node;
}

/* The device's certificates not revoked, oldest first. */
JsonNode *
herald_sandbox_store_list_certificates (HeraldSandboxStore  *self,
                                        const char          *device_id,
                                        GError             **error)
{
  g_autoptr(JsonNode) device = herald_sandbox_store_get_device (self, device_id, error);
  g_autofree char *key = herald_sandbox_store_key (self, "device", device_id);
  sqlite3_stmt *stmt;

  if (device == NULL)
    return NULL;
  stmt = herald_sandbox_store_statement (self, CERTIFICATE_COLUMNS "WHERE c.device_id = ? AND c.revoked = 0 "
                                         "ORDER BY d.not_before, c.rowid", error, 1, key);
  return stmt != NULL ? herald_sandbox_store_all_rows (self, stmt, certificate_from_row, error) : NULL;
}

/* Revokes one of the device's certificates by its fingerprint; answers it
 * as it was listed. */
JsonNode *
herald_sandbox_store_revoke_certificate (HeraldSandboxStore  *self,
                                         const char          *device_id,
                                         const char          *fingerprint,
                                         GError             **error)
{
  g_autoptr(JsonNode) device = herald_sandbox_store_get_device (self, device_id, error);
  g_autofree char *key = herald_sandbox_store_key (self, "device", device_id);
  g_autofree char *lower = g_ascii_strdown (fingerprint, -1);
  g_autoptr(JsonNode) certificate = NULL;
  sqlite3_stmt *stmt;

  if (device == NULL)
    return NULL;
  stmt = herald_sandbox_store_statement (self, CERTIFICATE_COLUMNS "WHERE c.device_id = ? AND c.revoked = 0 "
                                         "AND d.fingerprint = ?", error, 2, key, lower);
  certificate = herald_sandbox_store_one_row (self, stmt, certificate_from_row,
                                              _("The device has no valid certificate with this fingerprint. "
                                                "List them with GET …/authentications/clientCertificate."),
                                              error);
  if (certificate == NULL)
    return NULL;
  stmt = herald_sandbox_store_statement (self, "UPDATE certificates SET revoked = 1 WHERE serial = ?", error, 1,
                                         json_object_get_string_member (json_node_get_object (certificate),
                                                                        "serialNumber"));
  if (stmt == NULL || !herald_sandbox_store_run (self, stmt, 0, "", "", error))
    return NULL;
  return g_steal_pointer (&certificate);
}

char **
herald_sandbox_store_revoked_serials (HeraldSandboxStore  *self,
                                      GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self,
                                                       "SELECT serial FROM certificates WHERE revoked = 1 "
                                                       "ORDER BY serial", error, 0);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, herald_sandbox_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_sandbox_store_db_error (self, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

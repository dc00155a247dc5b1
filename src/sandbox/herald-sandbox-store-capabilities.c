/* herald-sandbox-store-capabilities.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-store-private.h"

/* HeraldSandboxStore: capabilities, and sensor types with the capabilities
 * they list. */

/* --- Capabilities ---------------------------------------------------- */

static const HeraldSandboxStoreField capability_fields[] = {
  { "id", "id", FALSE, FALSE },
  { "alternateId", "alternate_id", FALSE, FALSE },
  { "name", "name", FALSE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

static const HeraldSandboxStoreField sensor_type_fields[] = {
  { "id", "t.id", FALSE, FALSE },
  { "alternateId", "t.alternate_id", FALSE, FALSE },
  { "name", "t.name", FALSE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

#define CAPABILITY_COLUMNS "SELECT id, name, alternate_id, properties FROM capabilities "

static JsonNode *
capability_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", herald_sandbox_store_column_text (stmt, 0));
  json_object_set_string_member (object, "name", herald_sandbox_store_column_text (stmt, 1));
  json_object_set_string_member (object, "alternateId", herald_sandbox_store_column_text (stmt, 2));
  json_object_set_member (object, "properties",
                          herald_sandbox_store_parse_json (herald_sandbox_store_column_text (stmt, 3)));
  json_node_take_object (node, object);
  return node;
}

JsonNode *
herald_sandbox_store_add_capability (HeraldSandboxStore  *self,
                                     const char          *alternate_id,
                                     const char          *name,
                                     JsonArray           *properties,
                                     GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *generated = alternate_id == NULL ? herald_sandbox_store_random_hex_id () : NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *properties_json = NULL;
  sqlite3_stmt *stmt;

  json_node_set_array (node, properties);
  properties_json = json_to_string (node, FALSE);

  stmt = herald_sandbox_store_statement (self,
                                         "INSERT INTO capabilities (id, alternate_id, name, properties) "
                                         "VALUES (?, ?, ?, ?)",
                                         error, 4, id, alternate_id ?: generated, name, properties_json);
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, 0,
                                 _("A capability with this alternateId exists already. Choose another "
                                   "alternateId or leave it out to get a new one."), "", error))
    return NULL;

  return herald_sandbox_store_get_capability (self, id, error);
}

JsonNode *
herald_sandbox_store_get_capability (HeraldSandboxStore  *self,
                                     const char          *id,
                                     GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, CAPABILITY_COLUMNS "WHERE id = ?",
                                                       error, 1, id);

  return herald_sandbox_store_one_row (self, stmt, capability_from_row,
                                       _("No capability has this id. List them with GET /capabilities."),
                                       error);
}

JsonNode *
herald_sandbox_store_find_capability (HeraldSandboxStore  *self,
                                      const char          *alternate_id,
                                      GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, CAPABILITY_COLUMNS "WHERE alternate_id = ?",
                                                       error, 1, alternate_id);

  return herald_sandbox_store_one_row (self, stmt, capability_from_row,
                                       _("No capability has this capabilityAlternateId. List them with "
                                         "GET /capabilities."),
                                       error);
}

JsonNode *
herald_sandbox_store_list_capabilities (HeraldSandboxStore             *self,
                                        const HeraldSandboxStoreQuery  *query,
                                        GError                        **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_prepare_list (self, CAPABILITY_COLUMNS, 0, capability_fields,
                                                          "rowid", query, error);
  JsonNode *list = NULL;

  if (stmt != NULL)
    list = herald_sandbox_store_all_rows (self, stmt, capability_from_row, error);

  sqlite3_finalize (stmt);
  return list;
}

gboolean
herald_sandbox_store_delete_capability (HeraldSandboxStore  *self,
                                        const char          *id,
                                        GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, "DELETE FROM capabilities WHERE id = ?",
                                                       error, 1, id);

  return herald_sandbox_store_delete_one (self, stmt,
                                          _("No capability has this id. List them with GET /capabilities."),
                                          _("A sensor type still uses this capability. Delete that sensor "
                                            "type first."),
                                          error);
}

/* --- Sensor types ---------------------------------------------------- */

static JsonNode *
sensor_type_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", herald_sandbox_store_column_text (stmt, 0));
  json_object_set_string_member (object, "alternateId", herald_sandbox_store_column_text (stmt, 1));
  json_object_set_string_member (object, "name", herald_sandbox_store_column_text (stmt, 2));
  json_object_set_member (object, "capabilities",
                          herald_sandbox_store_parse_json (herald_sandbox_store_column_text (stmt, 3)));
  json_node_take_object (node, object);
  return node;
}

#define SENSOR_TYPE_COLUMNS \
  "SELECT t.id, t.alternate_id, t.name, " \
  "  (SELECT json_group_array (json_object ('id', c.capability_id, 'type', c.type)) " \
  "   FROM (SELECT * FROM sensor_type_capabilities WHERE sensor_type_id = t.id " \
  "         ORDER BY position) AS c) " \
  "FROM sensor_types AS t "

JsonNode *
herald_sandbox_store_add_sensor_type (HeraldSandboxStore  *self,
                                      const char          *alternate_id,
                                      const char          *name,
                                      JsonArray           *capabilities,
                                      GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *generated = NULL;
  sqlite3_stmt *stmt;
  guint n = json_array_get_length (capabilities);

  if (!herald_sandbox_store_begin (self, error))
    return NULL;

  if (alternate_id == NULL)
    {
      /* A small positive integer: one more than the largest in use. Only
       * ids of digits alone, at most 18 of them, count, so that the sum
       * cannot overflow (a client's alternateId of 9223372036854775807
       * must not stop the count); any id taken all the same is skipped. */
      gint64 next = 1;

      stmt = herald_sandbox_store_statement (self,
                                             "SELECT COALESCE (MAX (CAST (alternate_id AS INTEGER)), 0) + 1 "
                                             "FROM sensor_types WHERE length (alternate_id) BETWEEN 1 AND 18 "
                                             "AND alternate_id NOT GLOB '*[^0-9]*'", error, 0);
      if (stmt == NULL)
        goto fail;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        next = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      for (;; next++)
        {
          gboolean taken;

          g_free (generated);
          generated = g_strdup_printf ("%" G_GINT64_FORMAT, next);
          stmt = herald_sandbox_store_statement (self, "SELECT 1 FROM sensor_types WHERE alternate_id = ?",
                                                 error, 1, generated);
          if (stmt == NULL)
            goto fail;
          taken = sqlite3_step (stmt) == SQLITE_ROW;
          sqlite3_reset (stmt);
          if (!taken)
            break;
        }
    }

  stmt = herald_sandbox_store_statement (self,
                                         "INSERT INTO sensor_types (id, alternate_id, name) VALUES (?, ?, ?)",
                                         error, 3, id, alternate_id ?: generated, name);
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, 0,
                                 _("A sensor type with this alternateId exists already. Choose another "
                                   "alternateId or leave it out to get a new one."), "", error))
    goto fail;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *capability = json_array_get_object_element (capabilities, i);
      g_autofree char *position = g_strdup_printf ("%u", i);

      stmt = herald_sandbox_store_statement (self,
                                             "INSERT INTO sensor_type_capabilities "
                                             "(sensor_type_id, position, capability_id, type) "
                                             "VALUES (?, ?, ?, ?)",
                                             error, 4, id, position,
                                             json_object_get_string_member (capability, "id"),
                                             json_object_get_string_member (capability, "type"));
      if (stmt == NULL ||
          !herald_sandbox_store_run (self, stmt, HERALD_SANDBOX_STORE_ERROR_INVALID, "",
                                     _("A capability id in “capabilities” is unknown. Create the capability "
                                       "first, or list them with GET /capabilities."), error))
        goto fail;
    }

  if (!herald_sandbox_store_commit (self, error))
    goto fail;

  return herald_sandbox_store_get_sensor_type (self, id, error);

fail:
  herald_sandbox_store_rollback (self);
  return NULL;
}

JsonNode *
herald_sandbox_store_get_sensor_type (HeraldSandboxStore  *self,
                                      const char          *id,
                                      GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, SENSOR_TYPE_COLUMNS "WHERE t.id = ?",
                                                       error, 1, id);

  return herald_sandbox_store_one_row (self, stmt, sensor_type_from_row,
                                       _("No sensor type has this id. List them with GET /sensorTypes."),
                                       error);
}

JsonNode *
herald_sandbox_store_find_sensor_type (HeraldSandboxStore  *self,
                                       const char          *alternate_id,
                                       GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, SENSOR_TYPE_COLUMNS "WHERE t.alternate_id = ?",
                                                       error, 1, alternate_id);

  return herald_sandbox_store_one_row (self, stmt, sensor_type_from_row,
                                       _("No sensor type has this sensorTypeAlternateId. List them with GET "
                                         "/sensorTypes."),
                                       error);
}

JsonNode *
herald_sandbox_store_list_sensor_types (HeraldSandboxStore             *self,
                                        const HeraldSandboxStoreQuery  *query,
                                        GError                        **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_prepare_list (self, SENSOR_TYPE_COLUMNS, 0, sensor_type_fields,
                                                          "t.rowid", query, error);
  JsonNode *list = NULL;

  if (stmt != NULL)
    list = herald_sandbox_store_all_rows (self, stmt, sensor_type_from_row, error);

  sqlite3_finalize (stmt);
  return list;
}

gboolean
herald_sandbox_store_delete_sensor_type (HeraldSandboxStore  *self,
                                         const char          *id,
                                         GError             **error)
{
  sqlite3_stmt *stmt;

  if (g_strcmp0 (id, "0") == 0)
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_CONFLICT,
                           _("The default sensor type cannot be deleted: every device’s "
                             "default sensor uses it."));
      return FALSE;
    }
  stmt = herald_sandbox_store_statement (self, "DELETE FROM sensor_types WHERE id = ?", error, 1, id);
  return herald_sandbox_store_delete_one (self, stmt,
                                          _("No sensor type has this id. List them with GET /sensorTypes."),
                                          _("A sensor still uses this sensor type. Delete that sensor first."),
                                          error);
}

/* --- Changes --------------------------------------------------------- */

static gboolean
sensor_type_in_use (HeraldSandboxStore  *self,
                    const char          *sensor_type_id,
                    gboolean            *in_use,
                    GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self, "SELECT 1 FROM sensors WHERE sensor_type_id = ? "
                                                       "LIMIT 1", error, 1, sensor_type_id);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return herald_sandbox_store_db_error (self, error);
  *in_use = rc == SQLITE_ROW;
  return TRUE;
}

JsonNode *
herald_sandbox_store_update_capability (HeraldSandboxStore  *self,
                                        const char          *id,
                                        const char          *alternate_id,
                                        const char          *name,
                                        JsonArray           *properties,
                                        GError             **error)
{
  g_autofree char *properties_json = NULL;
  sqlite3_stmt *stmt;

  if (properties != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      gboolean used = FALSE;

      /* Stored measures and the sensors' messages are read by the
       * properties: only a capability no sensor type lists changes them. */
      stmt = herald_sandbox_store_statement (self, "SELECT 1 FROM sensor_type_capabilities "
                                             "WHERE capability_id = ? LIMIT 1", error, 1, id);
      if (stmt == NULL)
        return NULL;
      used = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (used)
        {
          g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_CONFLICT,
                               _("A sensor type uses this capability: its properties cannot change. "
                                 "Change only its name or alternateId, or remove it from the sensor "
                                 "type first."));
          return NULL;
        }
      json_node_set_array (node, properties);
      properties_json = json_to_string (node, FALSE);
    }

  stmt = herald_sandbox_store_statement (self,
                                         "UPDATE capabilities SET alternate_id = COALESCE (?, alternate_id), "
                                         "name = COALESCE (?, name), properties = COALESCE (?, properties) "
                                         "WHERE id = ?", error, 4, alternate_id, name, properties_json, id);
  if (!herald_sandbox_store_update_one (self, stmt, "",
                   _("A capability with this alternateId exists already. Choose another alternateId."),
                   _("No capability has this id. List them with GET /capabilities."), error))
    return NULL;
  return herald_sandbox_store_get_capability (self, id, error);
}

JsonNode *
herald_sandbox_store_update_sensor_type (HeraldSandboxStore  *self,
                                         const char          *id,
                                         const char          *alternate_id,
                                         const char          *name,
                                         GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = herald_sandbox_store_statement (self,
                                         "UPDATE sensor_types SET alternate_id = COALESCE (?, alternate_id), "
                                         "name = COALESCE (?, name) WHERE id = ?",
                                         error, 3, alternate_id, name, id);
  if (!herald_sandbox_store_update_one (self, stmt, "",
                   _("A sensor type with this alternateId exists already. Choose another alternateId."),
                   _("No sensor type has this id. List them with GET /sensorTypes."), error))
    return NULL;
  return herald_sandbox_store_get_sensor_type (self, id, error);
}

/* A sensor type's capabilities change only while no sensor has the type:
 * the sensors' messages are read by them. */
static gboolean
check_capabilities_may_change (HeraldSandboxStore  *self,
                               const char          *sensor_type_id,
                               GError             **error)
{
  g_autoptr(JsonNode) sensor_type = herald_sandbox_store_get_sensor_type (self, sensor_type_id, error);
  gboolean in_use = FALSE;

  if (sensor_type == NULL || !sensor_type_in_use (self, sensor_type_id, &in_use, error))
    return FALSE;
  if (in_use)
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_CONFLICT,
                           _("A sensor has this sensor type: its capabilities cannot change. Create "
                             "another sensor type, or delete its sensors first."));
      return FALSE;
    }
  return TRUE;
}

JsonNode *
herald_sandbox_store_add_sensor_type_capability (HeraldSandboxStore  *self,
                                                 const char          *sensor_type_id,
                                                 const char          *capability_id,
                                                 const char          *type,
                                                 GError             **error)
{
  sqlite3_stmt *stmt;
  gboolean listed;

  if (!check_capabilities_may_change (self, sensor_type_id, error))
    return NULL;
  stmt = herald_sandbox_store_statement (self, "SELECT 1 FROM sensor_type_capabilities "
                                         "WHERE sensor_type_id = ? AND capability_id = ?",
                                         error, 2, sensor_type_id, capability_id);
  if (stmt == NULL)
    return NULL;
  listed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (listed)
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_CONFLICT,
                           _("The sensor type lists this capability already. Change its type with PUT "
                             "instead."));
      return NULL;
    }
  stmt = herald_sandbox_store_statement (self,
                                         "INSERT INTO sensor_type_capabilities "
                                         "(sensor_type_id, position, capability_id, type) "
                                         "SELECT ?1, COALESCE (MAX (position), -1) + 1, ?2, ?3 "
                                         "FROM sensor_type_capabilities WHERE sensor_type_id = ?1",
                                         error, 3, sensor_type_id, capability_id, type);
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, HERALD_SANDBOX_STORE_ERROR_INVALID, "",
                                 _("No capability has this id. Create the capability first, or list "
                                   "them with GET /capabilities."), error))
    return NULL;
  return herald_sandbox_store_get_sensor_type (self, sensor_type_id, error);
}

JsonNode *
herald_sandbox_store_set_sensor_type_capability (HeraldSandboxStore  *self,
                                                 const char          *sensor_type_id,
                                                 const char          *capability_id,
                                                 const char          *type,
                                                 GError             **error)
{
  sqlite3_stmt *stmt;

  if (!check_capabilities_may_change (self, sensor_type_id, error))
    return NULL;
  stmt = herald_sandbox_store_statement (self,
                                         "UPDATE sensor_type_capabilities SET type = ? "
                                         "WHERE sensor_type_id = ? AND capability_id = ?",
                                         error, 3, type, sensor_type_id, capability_id);
  if (!herald_sandbox_store_update_one (self, stmt, "", "",
                   _("The sensor type does not list this capability. List its capabilities with GET "
                     "/sensorTypes/{id}/capabilities."), error))
    return NULL;
  return herald_sandbox_store_get_sensor_type (self, sensor_type_id, error);
}

JsonNode *
herald_sandbox_store_remove_sensor_type_capability (HeraldSandboxStore  *self,
                                                    const char          *sensor_type_id,
                                                    const char          *capability_id,
                                                    GError             **error)
{
  sqlite3_stmt *stmt;

  if (!check_capabilities_may_change (self, sensor_type_id, error))
    return NULL;
  stmt = herald_sandbox_store_statement (self,
                                         "DELETE FROM sensor_type_capabilities "
                                         "WHERE sensor_type_id = ? AND capability_id = ?",
                                         error, 2, sensor_type_id, capability_id);
  if (!herald_sandbox_store_delete_one (self, stmt,
                                        _("The sensor type does not list this capability. List its "
                                          "capabilities with GET /sensorTypes/{id}/capabilities."),
                                        "", error))
    return NULL;
  return herald_sandbox_store_get_sensor_type (self, sensor_type_id, error);
}

/* herald-sandbox-store-properties.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-store-private.h"

/* HeraldSandboxStore: the custom properties of devices and sensors, each a
 * key and a text value. They go with their entity (the schema's triggers)
 * and are read with it (its customProperties). */

static JsonNode *
property_node (const char *key,
               const char *value)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "key", key);
  json_object_set_string_member (object, "value", value);
  json_node_take_object (node, object);
  return node;
}

/* The key of the entity whose public id is @owner_id; NULL, with a 404 of
 * its own message, when there is none. */
static char *
owner_key (HeraldSandboxStore  *self,
           const char          *owner,
           const char          *owner_id,
           GError             **error)
{
  g_autoptr(JsonNode) entity = NULL;

  if (strcmp (owner, "device") == 0)
    entity = herald_sandbox_store_get_device (self, owner_id, error);
  else
    entity = herald_sandbox_store_get_sensor (self, owner_id, error);
  return entity != NULL ? herald_sandbox_store_key (self, owner, owner_id) : NULL;
}

/* Within a transaction of the caller's (a new device's own); @owner_key is
 * the entity's row key. */
gboolean
herald_sandbox_store_insert_custom_property (HeraldSandboxStore  *self,
                                             const char          *owner,
                                             const char          *owner_key,
                                             const char          *key,
                                             const char          *value,
                                             GError             **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_statement (self,
                                                       "INSERT INTO custom_properties (owner, owner_id, key, value) "
                                                       "VALUES (?, ?, ?, ?)",
                                                       error, 4, owner, owner_key, key, value);

  return stmt != NULL &&
         herald_sandbox_store_run (self, stmt, 0,
                                   _("A custom property with this key exists already. Change its value "
                                     "with PUT …/customProperties/{key}."), "", error);
}

JsonNode *
herald_sandbox_store_add_custom_property (HeraldSandboxStore  *self,
                                          const char          *owner,
                                          const char          *owner_id,
                                          const char          *key,
                                          const char          *value,
                                          GError             **error)
{
  g_autofree char *owner_row = owner_key (self, owner, owner_id, error);

  if (owner_row == NULL ||
      !herald_sandbox_store_insert_custom_property (self, owner, owner_row, key, value, error))
    return NULL;
  return property_node (key, value);
}

JsonNode *
herald_sandbox_store_set_custom_property (HeraldSandboxStore  *self,
                                          const char          *owner,
                                          const char          *owner_id,
                                          const char          *key,
                                          const char          *value,
                                          GError             **error)
{
  g_autofree char *owner_row = owner_key (self, owner, owner_id, error);
  sqlite3_stmt *stmt;

  if (owner_row == NULL)
    return NULL;
  stmt = herald_sandbox_store_statement (self,
                                         "UPDATE custom_properties SET value = ? "
                                         "WHERE owner = ? AND owner_id = ? AND key = ?",
                                         error, 4, value, owner, owner_row, key);
  if (stmt == NULL || !herald_sandbox_store_run (self, stmt, 0, "", "", error))
    return NULL;
  if (sqlite3_changes (self->db) == 0)
    {
      herald_sandbox_store_not_found (error, _("No custom property has this key. Add it with POST "
                                               "…/customProperties."));
      return NULL;
    }
  return property_node (key, value);
}

JsonNode *
herald_sandbox_store_delete_custom_property (HeraldSandboxStore  *self,
                                             const char          *owner,
                                             const char          *owner_id,
                                             const char          *key,
                                             GError             **error)
{
  g_autofree char *owner_row = owner_key (self, owner, owner_id, error);
  g_autofree char *value = NULL;
  sqlite3_stmt *stmt;

  if (owner_row == NULL)
    return NULL;
  stmt = herald_sandbox_store_statement (self,
                                         "SELECT value FROM custom_properties "
                                         "WHERE owner = ? AND owner_id = ? AND key = ?",
                                         error, 3, owner, owner_row, key);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (herald_sandbox_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (value == NULL)
    {
      herald_sandbox_store_not_found (error, _("No custom property has this key. List them with GET on "
                                               "the device or sensor."));
      return NULL;
    }
  stmt = herald_sandbox_store_statement (self,
                                         "DELETE FROM custom_properties "
                                         "WHERE owner = ? AND owner_id = ? AND key = ?",
                                         error, 3, owner, owner_row, key);
  if (stmt == NULL || !herald_sandbox_store_run (self, stmt, 0, "", "", error))
    return NULL;
  return property_node (key, value);
}

gint64
herald_sandbox_store_count (HeraldSandboxStore  *self,
                            const char          *collection,
                            GError             **error)
{
  static const struct { const char *collection; const char *sql; } counts[] = {
    { "capabilities", "SELECT COUNT (*) FROM capabilities" },
    { "sensorTypes", "SELECT COUNT (*) FROM sensor_types" },
    { "devices", "SELECT COUNT (*) FROM devices" },
    { "sensors", "SELECT COUNT (*) FROM sensors" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (strcmp (counts[i].collection, collection) == 0)
      {
        sqlite3_stmt *stmt = herald_sandbox_store_statement (self, counts[i].sql, error, 0);
        gint64 count = -1;

        if (stmt == NULL)
          return -1;
        if (sqlite3_step (stmt) == SQLITE_ROW)
          count = sqlite3_column_int64 (stmt, 0);
        else
          herald_sandbox_store_db_error (self, error);
        sqlite3_reset (stmt);
        return count;
      }
  g_return_val_if_reached (-1);
}

/* herald-sandbox-store-measures.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-store-private.h"

/* HeraldSandboxStore: the measures devices send, the newest kept per device. */

/* --- Measures -------------------------------------------------------- */

static const HeraldSandboxStoreField measure_fields[] = {
  { "deviceId", HERALD_SANDBOX_PUBLIC_ID ("device", "device_id"), TRUE, FALSE },
  { "sensorId", HERALD_SANDBOX_PUBLIC_ID ("sensor", "sensor_id"), TRUE, FALSE },
  { "capabilityId", "capability_id", FALSE, FALSE },
  { "timestamp", "timestamp", TRUE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

/**
 * herald_sandbox_store_set_max_measures:
 * @max: how many measures to keep per device (at least 1)
 *
 * Sets the bound HERALD_SANDBOX_STORE_MAX_MEASURES stands for: the tests
 * use a small one.
 */
void
herald_sandbox_store_set_max_measures (HeraldSandboxStore *self,
                                       guint               max)
{
  self->max_measures = MAX (max, 1);
}

/* Adds a measures message and deletes, in the same transaction, the
 * device's oldest ones past the newest max_measures. The count of each
 * device's measures is kept here once read (SQLite would step through
 * them all to find the bound's row). */
gboolean
herald_sandbox_store_add_measures (HeraldSandboxStore  *self,
                                   const char          *device_id,
                                   const char          *sensor_id,
                                   const char          *capability_id,
                                   gint64               timestamp,
                                   const char          *measures_json,
                                   GError             **error)
{
  g_autofree char *ts = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  g_autofree char *device_key = herald_sandbox_store_key (self, "device", device_id);
  g_autofree char *sensor_key = herald_sandbox_store_key (self, "sensor", sensor_id);
  gpointer known;
  gint64 count = 0;
  sqlite3_stmt *stmt;

  if (device_key == NULL || sensor_key == NULL)
    {
      herald_sandbox_store_not_found (error, _("The device or its sensor is gone."));
      return FALSE;
    }
  if (!herald_sandbox_store_begin (self, error))
    return FALSE;

  stmt = herald_sandbox_store_statement (self,
                                         "INSERT INTO measures "
                                         "(device_id, sensor_id, capability_id, timestamp, measures) "
                                         "VALUES (?, ?, ?, CAST (? AS INTEGER), ?)",
                                         error, 5, device_key, sensor_key, capability_id, ts, measures_json);
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, HERALD_SANDBOX_STORE_ERROR_NOT_FOUND, "",
                                 _("The device is gone."), error))
    goto fail;

  if (g_hash_table_lookup_extended (self->measure_counts, device_key, NULL, &known))
    count = GPOINTER_TO_SIZE (known) + 1;
  else
    {
      stmt = herald_sandbox_store_statement (self, "SELECT COUNT (*) FROM measures WHERE device_id = ?",
                                             error, 1, device_key);
      if (stmt == NULL)
        goto fail;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (count > self->max_measures)
    {
      stmt = herald_sandbox_store_statement (self,
                                             "DELETE FROM measures WHERE id IN (SELECT id FROM measures "
                                             "WHERE device_id = ? ORDER BY id LIMIT ?)", error, 1, device_key);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 2, count - self->max_measures);
      if (!herald_sandbox_store_run (self, stmt, 0, "", "", error))
        goto fail;
      count = self->max_measures;
    }

  if (!herald_sandbox_store_commit (self, error))
    goto fail;
  g_hash_table_insert (self->measure_counts, g_strdup (device_key), GSIZE_TO_POINTER (count));
  return TRUE;

fail:
  herald_sandbox_store_rollback (self);
  g_hash_table_remove (self->measure_counts, device_key);
  return FALSE;
}

static JsonNode *
measure_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "deviceId", herald_sandbox_store_column_text (stmt, 0));
  json_object_set_string_member (object, "sensorId", herald_sandbox_store_column_text (stmt, 1));
  json_object_set_string_member (object, "capabilityId", herald_sandbox_store_column_text (stmt, 2));
  json_object_set_int_member (object, "timestamp", sqlite3_column_int64 (stmt, 3));
  json_object_set_member (object, "measures",
                          herald_sandbox_store_parse_json (herald_sandbox_store_column_text (stmt, 4)));
  json_node_take_object (node, object);
  return node;
}

/* The device's newest @newest measures (newest first; -1 for all it keeps),
 * of which those the query keeps. */
JsonNode *
herald_sandbox_store_list_measures (HeraldSandboxStore             *self,
                                    const char                     *device_id,
                                    gint64                          newest,
                                    const HeraldSandboxStoreQuery  *query,
                                    GError                        **error)
{
  g_autofree char *device_key = herald_sandbox_store_key (self, "device", device_id);
  sqlite3_stmt *stmt = herald_sandbox_store_prepare_list (self,
                                                          "SELECT " HERALD_SANDBOX_PUBLIC_ID ("device", "device_id")
                                                          ", " HERALD_SANDBOX_PUBLIC_ID ("sensor", "sensor_id")
                                                          ", capability_id, "
                                                          "timestamp, measures FROM (SELECT * FROM measures "
                                                          "WHERE device_id = ? ORDER BY id DESC LIMIT ?)",
                                                          2, measure_fields, "id DESC", query, error);
  JsonNode *list = NULL;

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, device_key ?: "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, newest);
      list = herald_sandbox_store_all_rows (self, stmt, measure_from_row, error);
    }
  sqlite3_finalize (stmt);
  return list;
}

/* One measure as the processing API lists it: the stored message's fields,
 * and its first row as "measure", an object of the capability's property
 * names (as SAP's Node.js client reads it). */
static JsonNode *
processing_measure_from_row (sqlite3_stmt *stmt)
{
  JsonNode *node = measure_from_row (stmt);
  JsonObject *object = json_node_get_object (node);
  JsonArray *rows = json_object_get_array_member (object, "measures");
  g_autoptr(JsonNode) properties = herald_sandbox_store_parse_json (herald_sandbox_store_column_text (stmt, 5));
  JsonNode *first = rows != NULL && json_array_get_length (rows) > 0 ? json_array_get_element (rows, 0) : NULL;

  if (first != NULL && JSON_NODE_HOLDS_OBJECT (first))
    json_object_set_member (object, "measure", json_node_copy (first));
  else if (first != NULL && JSON_NODE_HOLDS_ARRAY (first) && JSON_NODE_HOLDS_ARRAY (properties))
    {
      JsonArray *values = json_node_get_array (first);
      JsonArray *names = json_node_get_array (properties);
      JsonObject *measure = json_object_new ();

      for (guint i = 0; i < json_array_get_length (values) && i < json_array_get_length (names); i++)
        json_object_set_member (measure,
                                json_object_get_string_member (json_array_get_object_element (names, i), "name"),
                                json_node_copy (json_array_get_element (values, i)));
      json_object_set_object_member (object, "measure", measure);
    }
  return node;
}

/* The measures of one capability, of every device (the processing API's
 * /measures/capabilities/{capabilityId}), of which those the query keeps. */
JsonNode *
herald_sandbox_store_list_capability_measures (HeraldSandboxStore             *self,
                                               const char                     *capability_id,
                                               const HeraldSandboxStoreQuery  *query,
                                               GError                        **error)
{
  sqlite3_stmt *stmt = herald_sandbox_store_prepare_list (self,
                                                          "SELECT " HERALD_SANDBOX_PUBLIC_ID ("device", "device_id")
                                                          ", " HERALD_SANDBOX_PUBLIC_ID ("sensor", "sensor_id")
                                                          ", capability_id, "
                                                          "timestamp, measures, properties FROM "
                                                          "(SELECT m.*, c.properties FROM measures AS m "
                                                          "JOIN capabilities AS c ON c.id = m.capability_id "
                                                          "WHERE m.capability_id = ?)",
                                                          1, measure_fields, "id DESC", query, error);
  JsonNode *list = NULL;

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, capability_id, -1, SQLITE_TRANSIENT);
      list = herald_sandbox_store_all_rows (self, stmt, processing_measure_from_row, error);
    }
  sqlite3_finalize (stmt);
  return list;
}

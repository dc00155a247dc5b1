/* herald-sandbox-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "herald-json-private.h"
#include "herald-sandbox-store-private.h"

/* The sandbox's model in SQLite: WAL (a kill -9 loses no committed write),
 * foreign keys on, parameterised statements only (cached by their SQL).
 *
 * This part holds the object, the schema, the opening of the database and
 * the SQL helpers the others share: -capabilities (capabilities and sensor
 * types), -devices (devices, their sensors and certificates), -measures. */

G_DEFINE_FINAL_TYPE (HeraldSandboxStore, herald_sandbox_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-sandbox-store-error-quark, herald_sandbox_store_error)

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS capabilities ("
  "  id TEXT PRIMARY KEY, alternate_id TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL, properties TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS sensor_types ("
  "  id TEXT PRIMARY KEY, alternate_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS sensor_type_capabilities ("
  "  sensor_type_id TEXT NOT NULL REFERENCES sensor_types (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  capability_id TEXT NOT NULL REFERENCES capabilities (id),"
  "  type TEXT NOT NULL,"
  "  PRIMARY KEY (sensor_type_id, position));"
  "CREATE INDEX IF NOT EXISTS sensor_type_capabilities_capability"
  "  ON sensor_type_capabilities (capability_id);"
  "CREATE TABLE IF NOT EXISTS devices ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, gateway_id TEXT NOT NULL,"
  "  name TEXT NOT NULL, alternate_id TEXT NOT NULL UNIQUE,"
  "  creation_timestamp INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS sensors ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,"
  "  sensor_type_id TEXT NOT NULL REFERENCES sensor_types (id),"
  "  name TEXT NOT NULL, alternate_id TEXT NOT NULL,"
  "  UNIQUE (device_id, alternate_id));"
  "CREATE INDEX IF NOT EXISTS sensors_sensor_type ON sensors (sensor_type_id);"
  "CREATE TABLE IF NOT EXISTS certificates ("
  "  serial TEXT PRIMARY KEY, device_id INTEGER NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS measures ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,"
  "  sensor_id INTEGER NOT NULL, capability_id TEXT NOT NULL,"
  "  timestamp INTEGER NOT NULL, measures TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS measures_device ON measures (device_id, id);"
  "CREATE TABLE IF NOT EXISTS public_ids ("
  "  kind TEXT NOT NULL, number INTEGER NOT NULL, guid TEXT NOT NULL UNIQUE,"
  "  PRIMARY KEY (kind, number));"
  "CREATE TRIGGER IF NOT EXISTS devices_public_ids AFTER DELETE ON devices BEGIN"
  "  DELETE FROM public_ids WHERE kind = 'device' AND number = OLD.id; END;"
  "CREATE TRIGGER IF NOT EXISTS sensors_public_ids AFTER DELETE ON sensors BEGIN"
  "  DELETE FROM public_ids WHERE kind = 'sensor' AND number = OLD.id; END;"
  "CREATE TABLE IF NOT EXISTS certificate_details ("
  "  serial TEXT PRIMARY KEY REFERENCES certificates (serial),"
  "  fingerprint TEXT NOT NULL, not_before INTEGER NOT NULL, not_after INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS certificate_details_fingerprint ON certificate_details (fingerprint);"
  "CREATE TABLE IF NOT EXISTS custom_properties ("
  "  owner TEXT NOT NULL, owner_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
  "  PRIMARY KEY (owner, owner_id, key));"
  "CREATE TRIGGER IF NOT EXISTS devices_custom_properties AFTER DELETE ON devices BEGIN"
  "  DELETE FROM custom_properties WHERE owner = 'device' AND owner_id = OLD.id; END;"
  "CREATE TRIGGER IF NOT EXISTS sensors_custom_properties AFTER DELETE ON sensors BEGIN"
  "  DELETE FROM custom_properties WHERE owner = 'sensor' AND owner_id = OLD.id; END;"
  "INSERT OR IGNORE INTO sensor_types (id, alternate_id, name) VALUES ('0', '0', 'Default');";

static void
herald_sandbox_store_finalize (GObject *object)
{
  HeraldSandboxStore *self = (HeraldSandboxStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->measure_counts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);

  G_OBJECT_CLASS (herald_sandbox_store_parent_class)->finalize (object);
}

static void
herald_sandbox_store_class_init (HeraldSandboxStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_sandbox_store_finalize;
}

static void
herald_sandbox_store_init (HeraldSandboxStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  self->max_measures = HERALD_SANDBOX_STORE_MAX_MEASURES;
  self->measure_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

gboolean
herald_sandbox_store_db_error (HeraldSandboxStore  *self,
                               GError             **error)
{
  g_set_error (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_FAILED,
               _("The sandbox’s database failed: %s. Check the disk, or start the "
                 "sandbox again with --reset."),
               sqlite3_errmsg (self->db));
  return FALSE;
}

/* A cached statement for @sql (a string literal), reset and with @n_params
 * text parameters bound (NULL binds SQL NULL). */
sqlite3_stmt *
herald_sandbox_store_statement (HeraldSandboxStore  *self,
                                const char          *sql,
                                GError             **error,
                                guint                n_params,
                                ...)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  va_list args;

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          herald_sandbox_store_db_error (self, error);
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  va_start (args, n_params);
  for (guint i = 0; i < n_params; i++)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        sqlite3_bind_text (stmt, i + 1, value, -1, SQLITE_TRANSIENT);
    }
  va_end (args);

  return stmt;
}

/* Runs a statement that returns no row. Maps constraint failures: UNIQUE
 * to CONFLICT, FOREIGN KEY to @fk_code. */
gboolean
herald_sandbox_store_run (HeraldSandboxStore  *self,
                          sqlite3_stmt        *stmt,
                          int                  fk_code,
                          const char          *conflict_message,
                          const char          *fk_message,
                          GError             **error)
{
  int rc = sqlite3_step (stmt);
  int extended = sqlite3_extended_errcode (self->db);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR,
                           HERALD_SANDBOX_STORE_ERROR_CONFLICT, conflict_message);
      return FALSE;
    }
  if (extended == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, fk_code, fk_message);
      return FALSE;
    }
  return herald_sandbox_store_db_error (self, error);
}

static gboolean
exec (HeraldSandboxStore  *self,
      const char          *sql,
      GError             **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return herald_sandbox_store_db_error (self, error);
  return TRUE;
}

gboolean
herald_sandbox_store_begin (HeraldSandboxStore *self, GError **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
herald_sandbox_store_commit (HeraldSandboxStore *self, GError **error)
{
  return exec (self, "COMMIT", error);
}

void
herald_sandbox_store_rollback (HeraldSandboxStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
herald_sandbox_store_random_hex_id (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

const char *
herald_sandbox_store_column_text (sqlite3_stmt *stmt,
                                  int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

JsonNode *
herald_sandbox_store_parse_json (const char *text)
{
  JsonNode *node = herald_json_parse (text, -1, NULL);

  return node != NULL ? node : json_node_new (JSON_NODE_NULL);
}

void
herald_sandbox_store_not_found (GError     **error,
                                const char  *message)
{
  g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR,
                       HERALD_SANDBOX_STORE_ERROR_NOT_FOUND, message);
}

/* Devices and sensors have SQLite integer ids, which a text parameter
 * would match in any spelling SQLite reads as that number ("01", "1.0",
 * "+1"). Only the form the API hands out names a row. */
gboolean
herald_sandbox_store_is_canonical_id (const char *id)
{
  guint64 value;

  if (id == NULL || !g_ascii_isdigit (id[0]) || (id[0] == '0' && id[1] != '\0'))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return g_ascii_string_to_unsigned (id, 10, 0, G_MAXINT64, &value, NULL);
}

/* The key (row number, as text) of the device or sensor (@kind) whose
 * public id is @public_id: its GUID, or its number when it has no GUID.
 * NULL when none has it. */
char *
herald_sandbox_store_key (HeraldSandboxStore *self,
                          const char         *kind,
                          const char         *public_id)
{
  sqlite3_stmt *stmt;
  char *key = NULL;

  if (public_id == NULL)
    return NULL;
  if (herald_sandbox_store_is_canonical_id (public_id))
    {
      gboolean has_guid;

      stmt = herald_sandbox_store_statement (self, "SELECT 1 FROM public_ids WHERE kind = ? AND number = ?",
                                             NULL, 2, kind, public_id);
      if (stmt == NULL)
        return NULL;
      has_guid = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      return has_guid ? NULL : g_strdup (public_id);
    }
  stmt = herald_sandbox_store_statement (self, "SELECT number FROM public_ids WHERE kind = ? AND guid = ?",
                                         NULL, 2, kind, public_id);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    key = g_strdup (herald_sandbox_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return key;
}

/* A new device or sensor (@key its row number) gets a GUID as its public
 * id, with --ids guid; nothing otherwise. */
gboolean
herald_sandbox_store_add_public_id (HeraldSandboxStore  *self,
                                    const char          *kind,
                                    const char          *key,
                                    GError             **error)
{
  g_autofree char *guid = NULL;
  sqlite3_stmt *stmt;

  if (!self->guid_ids)
    return TRUE;
  guid = g_uuid_string_random ();
  stmt = herald_sandbox_store_statement (self, "INSERT INTO public_ids (kind, number, guid) VALUES (?, ?, ?)",
                                         error, 3, kind, key, guid);
  return stmt != NULL && herald_sandbox_store_run (self, stmt, 0, _("An id repeated. Try again."), "", error);
}

/**
 * herald_sandbox_store_set_guid_ids:
 * @guid_ids: whether new devices and sensors get GUIDs as their ids, as on
 *   newer tenants, instead of numbers
 *
 * Those made before keep theirs.
 */
void
herald_sandbox_store_set_guid_ids (HeraldSandboxStore *self,
                                   gboolean            guid_ids)
{
  g_return_if_fail (HERALD_IS_SANDBOX_STORE (self));

  self->guid_ids = guid_ids;
}

/* --- Lists ----------------------------------------------------------- */

static const HeraldSandboxStoreField *
find_field (HeraldSandboxStore            *self,
            const HeraldSandboxStoreField *fields,
            const char                    *name)
{
  for (const HeraldSandboxStoreField *field = fields; name != NULL && field->name != NULL; field++)
    if (strcmp (field->name, name) == 0 && (!field->classic || self->classic))
      return field;
  return NULL;
}

/* Prepares @select (which ends with its FROM) followed by the WHERE of the
 * query's clauses, its ORDER BY (the list's own @order last, so that equal
 * rows keep it) and LIMIT and OFFSET. Values are bound, never written into
 * the SQL; field names come from @fields only. The first @n_own parameters
 * are @select's own: the caller binds them. The statement is not cached
 * (its SQL varies): finalise it. */
sqlite3_stmt *
herald_sandbox_store_prepare_list (HeraldSandboxStore             *self,
                                   const char                     *select,
                                   int                             n_own,
                                   const HeraldSandboxStoreField  *fields,
                                   const char                     *order,
                                   const HeraldSandboxStoreQuery  *query,
                                   GError                        **error)
{
  g_autoptr(GString) sql = g_string_new (select);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const HeraldSandboxStoreField *order_field = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = n_own;

  for (guint i = 0; query != NULL && i < query->n_clauses; i++)
    {
      const HeraldSandboxStoreClause *clause = &query->clauses[i];
      const HeraldSandboxStoreField *field = find_field (self, fields, clause->field);

      g_string_append (sql, i == 0 ? " WHERE " : " AND ");
      if (field == NULL)
        g_string_append (sql, clause->op == HERALD_SANDBOX_STORE_OP_NE ? "1" : "0");
      else if (clause->op == HERALD_SANDBOX_STORE_OP_EQ || clause->op == HERALD_SANDBOX_STORE_OP_NE)
        {
          if (field->integer)
            g_string_append_printf (sql, "CAST (%s AS TEXT)", field->column);
          else
            g_string_append (sql, field->column);
          g_string_append (sql, clause->op == HERALD_SANDBOX_STORE_OP_NE ? " IS NOT ?" : " = ?");
          g_ptr_array_add (values, (gpointer) clause->value);
        }
      else
        {
          static const char * const operators[] = {
            [HERALD_SANDBOX_STORE_OP_LT] = "<", [HERALD_SANDBOX_STORE_OP_LE] = "<=",
            [HERALD_SANDBOX_STORE_OP_GT] = ">", [HERALD_SANDBOX_STORE_OP_GE] = ">=",
          };

          /* Whole numbers (the parser takes no other here), as numbers. */
          g_string_append_printf (sql, "CAST (%s AS INTEGER) %s CAST (? AS INTEGER)",
                                  field->column, operators[clause->op]);
          g_ptr_array_add (values, (gpointer) clause->value);
        }
    }

  g_string_append (sql, " ORDER BY ");
  if (query != NULL)
    order_field = find_field (self, fields, query->order_field);
  if (order_field != NULL)
    {
      const char *column = order_field->column;
      const char *direction = query->descending ? "DESC" : "ASC";

      if (order_field->integer)
        g_string_append_printf (sql, "%s %s, ", column, direction);
      else
        /* Whole numbers in their decimal form as numbers, before the other
         * text (byte order); descending turns it all round. */
        g_string_append_printf (sql,
                                "(CAST (CAST (%s AS INTEGER) AS TEXT) IS NOT %s) %s, "
                                "CASE WHEN CAST (CAST (%s AS INTEGER) AS TEXT) = %s "
                                "THEN CAST (%s AS INTEGER) END %s, %s %s, ",
                                column, column, direction, column, column, column, direction,
                                column, direction);
    }
  g_string_append_printf (sql, "%s LIMIT ? OFFSET ?", order);

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      herald_sandbox_store_db_error (self, error);
      return NULL;
    }
  for (guint i = 0; i < values->len; i++)
    sqlite3_bind_text (stmt, ++n, g_ptr_array_index (values, i), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, ++n, query != NULL && query->limit >= 0 ? query->limit : -1);
  sqlite3_bind_int64 (stmt, ++n, query != NULL ? MAX (query->offset, 0) : 0);
  return stmt;
}

/* --- Rows ------------------------------------------------------------ */

JsonNode *
herald_sandbox_store_one_row (HeraldSandboxStore  *self,
                              sqlite3_stmt        *stmt,
                              JsonNode          *(*from_row) (sqlite3_stmt *),
                              const char          *missing,
                              GError             **error)
{
  JsonNode *node = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    node = from_row (stmt);
  else if (rc == SQLITE_DONE)
    herald_sandbox_store_not_found (error, missing);
  else
    herald_sandbox_store_db_error (self, error);
  sqlite3_reset (stmt);
  return node;
}

JsonNode *
herald_sandbox_store_all_rows (HeraldSandboxStore  *self,
                               sqlite3_stmt        *stmt,
                               JsonNode          *(*from_row) (sqlite3_stmt *),
                               GError             **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_element (array, from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      herald_sandbox_store_db_error (self, error);
      return NULL;
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

gboolean
herald_sandbox_store_delete_one (HeraldSandboxStore  *self,
                                 sqlite3_stmt        *stmt,
                                 const char          *missing,
                                 const char          *in_use,
                                 GError             **error)
{
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, HERALD_SANDBOX_STORE_ERROR_CONFLICT, "", in_use, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      herald_sandbox_store_not_found (error, missing);
      return FALSE;
    }
  return TRUE;
}

/* Runs an UPDATE of one entity by its key: a unique constraint is
 * @conflict, a foreign key @fk_message (invalid), no row changed @missing
 * (not found). */
gboolean
herald_sandbox_store_update_one (HeraldSandboxStore  *self,
                                 sqlite3_stmt        *stmt,
                                 const char          *fk_message,
                                 const char          *conflict,
                                 const char          *missing,
                                 GError             **error)
{
  if (stmt == NULL ||
      !herald_sandbox_store_run (self, stmt, HERALD_SANDBOX_STORE_ERROR_INVALID, conflict, fk_message, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      herald_sandbox_store_not_found (error, missing);
      return FALSE;
    }
  return TRUE;
}

/* --- Open ------------------------------------------------------------ */

HeraldSandboxStore *
herald_sandbox_store_open (const char  *path,
                           gboolean     classic,
                           GError     **error)
{
  g_autoptr(HeraldSandboxStore) self = g_object_new (HERALD_TYPE_SANDBOX_STORE, NULL);
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  self->classic = classic;

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_FAILED,
                   _("Could not open the sandbox’s database “%s”: %s. Check the data "
                     "directory, or start again with --reset."),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL with synchronous=NORMAL keeps every committed transaction through
   * a crash of the process (not through a power cut, which a demo sandbox
   * need not survive). */
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, schema, error))
    return NULL;

  now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  stmt = herald_sandbox_store_statement (self, "INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)",
                                         error, 1, now);
  if (stmt == NULL || !herald_sandbox_store_run (self, stmt, 0, "", "", error))
    return NULL;

  stmt = herald_sandbox_store_statement (self, "SELECT value FROM meta WHERE key = 'created'", error, 0);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->created = g_ascii_strtoll (herald_sandbox_store_column_text (stmt, 0), NULL, 10);
  sqlite3_reset (stmt);

  return g_steal_pointer (&self);
}

gint64
herald_sandbox_store_get_created (HeraldSandboxStore *self)
{
  return self->created;
}

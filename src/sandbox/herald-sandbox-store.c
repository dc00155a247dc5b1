/* herald-sandbox-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "herald-json-private.h"
#include "herald-sandbox-store.h"

/* The sandbox's model in SQLite: WAL (a kill -9 loses no committed write),
 * foreign keys on, parameterised statements only (cached by their SQL). */

struct _HeraldSandboxStore
{
  GObject     parent_instance;

  sqlite3    *db;
  GHashTable *statements;
  gboolean    classic;
  gint64      created;
  guint       max_measures;
  GHashTable *measure_counts;  /* device id → its number of measures, once counted */
};

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

static gboolean
db_error (HeraldSandboxStore  *self,
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
static sqlite3_stmt *
statement (HeraldSandboxStore  *self,
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
          db_error (self, error);
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
static gboolean
run (HeraldSandboxStore  *self,
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
  return db_error (self, error);
}

static gboolean
exec (HeraldSandboxStore  *self,
      const char          *sql,
      GError             **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (self, error);
  return TRUE;
}

static gboolean
begin (HeraldSandboxStore *self, GError **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (HeraldSandboxStore *self, GError **error)
{
  return exec (self, "COMMIT", error);
}

static void
rollback (HeraldSandboxStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static char *
random_hex_id (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static JsonNode *
parse_json (const char *text)
{
  JsonNode *node = herald_json_parse (text, -1, NULL);

  return node != NULL ? node : json_node_new (JSON_NODE_NULL);
}

static void
not_found (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR,
                       HERALD_SANDBOX_STORE_ERROR_NOT_FOUND, message);
}

/* Devices and sensors have SQLite integer ids, which a text parameter
 * would match in any spelling SQLite reads as that number ("01", "1.0",
 * "+1"). Only the form the API hands out names a row. */
static gboolean
is_canonical_id (const char *id)
{
  guint64 value;

  if (id == NULL || !g_ascii_isdigit (id[0]) || (id[0] == '0' && id[1] != '\0'))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return g_ascii_string_to_unsigned (id, 10, 0, G_MAXINT64, &value, NULL);
}

/* --- Lists ----------------------------------------------------------- */

/* How a list's filter and orderby fields read in SQL. A field the rows do
 * not have reads as NULL: `eq` never holds for it, `ne` always. */
typedef struct
{
  const char *name;     /* the JSON member */
  const char *column;   /* SQL */
  gboolean    integer;  /* an integer column: compared as its decimal text */
  gboolean    classic;  /* only in the classic flavour */
} Field;

static const Field capability_fields[] = {
  { "id", "id", FALSE, FALSE },
  { "alternateId", "alternate_id", FALSE, FALSE },
  { "name", "name", FALSE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

static const Field sensor_type_fields[] = {
  { "id", "t.id", FALSE, FALSE },
  { "alternateId", "t.alternate_id", FALSE, FALSE },
  { "name", "t.name", FALSE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

static const Field sensor_fields[] = {
  { "id", "id", TRUE, FALSE },
  { "deviceId", "device_id", TRUE, FALSE },
  { "sensorTypeId", "sensor_type_id", FALSE, FALSE },
  { "name", "name", FALSE, FALSE },
  { "alternateId", "alternate_id", FALSE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

static const Field device_fields[] = {
  { "id", "id", TRUE, FALSE },
  { "gatewayId", "gateway_id", FALSE, FALSE },
  { "name", "name", FALSE, FALSE },
  { "alternateId", "alternate_id", FALSE, FALSE },
  { "creationTimestamp", "creation_timestamp", TRUE, FALSE },
  { "status", "'fullyFunctional'", FALSE, TRUE },
  { NULL, NULL, FALSE, FALSE }
};

static const Field measure_fields[] = {
  { "deviceId", "device_id", TRUE, FALSE },
  { "sensorId", "sensor_id", TRUE, FALSE },
  { "capabilityId", "capability_id", FALSE, FALSE },
  { "timestamp", "timestamp", TRUE, FALSE },
  { NULL, NULL, FALSE, FALSE }
};

static const Field *
find_field (HeraldSandboxStore *self,
            const Field        *fields,
            const char         *name)
{
  for (const Field *field = fields; name != NULL && field->name != NULL; field++)
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
static sqlite3_stmt *
prepare_list (HeraldSandboxStore             *self,
              const char                     *select,
              int                             n_own,
              const Field                    *fields,
              const char                     *order,
              const HeraldSandboxStoreQuery  *query,
              GError                        **error)
{
  g_autoptr(GString) sql = g_string_new (select);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const Field *order_field = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = n_own;

  for (guint i = 0; query != NULL && i < query->n_clauses; i++)
    {
      const HeraldSandboxStoreClause *clause = &query->clauses[i];
      const Field *field = find_field (self, fields, clause->field);

      g_string_append (sql, i == 0 ? " WHERE " : " AND ");
      if (field == NULL)
        g_string_append (sql, clause->negate ? "1" : "0");
      else
        {
          if (field->integer)
            g_string_append_printf (sql, "CAST (%s AS TEXT)", field->column);
          else
            g_string_append (sql, field->column);
          g_string_append (sql, clause->negate ? " IS NOT ?" : " = ?");
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
      db_error (self, error);
      return NULL;
    }
  for (guint i = 0; i < values->len; i++)
    sqlite3_bind_text (stmt, ++n, g_ptr_array_index (values, i), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, ++n, query != NULL && query->limit >= 0 ? query->limit : -1);
  sqlite3_bind_int64 (stmt, ++n, query != NULL ? MAX (query->offset, 0) : 0);
  return stmt;
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
  stmt = statement (self, "INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)",
                    error, 1, now);
  if (stmt == NULL || !run (self, stmt, 0, "", "", error))
    return NULL;

  stmt = statement (self, "SELECT value FROM meta WHERE key = 'created'", error, 0);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->created = g_ascii_strtoll (column_text (stmt, 0), NULL, 10);
  sqlite3_reset (stmt);

  return g_steal_pointer (&self);
}

gint64
herald_sandbox_store_get_created (HeraldSandboxStore *self)
{
  return self->created;
}

/* --- Capabilities ---------------------------------------------------- */

#define CAPABILITY_COLUMNS "SELECT id, name, alternate_id, properties FROM capabilities "

static JsonNode *
capability_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", column_text (stmt, 0));
  json_object_set_string_member (object, "name", column_text (stmt, 1));
  json_object_set_string_member (object, "alternateId", column_text (stmt, 2));
  json_object_set_member (object, "properties", parse_json (column_text (stmt, 3)));
  json_node_take_object (node, object);
  return node;
}

static JsonNode *
one_row (HeraldSandboxStore  *self,
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
    not_found (error, missing);
  else
    db_error (self, error);
  sqlite3_reset (stmt);
  return node;
}

static JsonNode *
all_rows (HeraldSandboxStore  *self,
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
      db_error (self, error);
      return NULL;
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
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
  g_autofree char *generated = alternate_id == NULL ? random_hex_id () : NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *properties_json = NULL;
  sqlite3_stmt *stmt;

  json_node_set_array (node, properties);
  properties_json = json_to_string (node, FALSE);

  stmt = statement (self, "INSERT INTO capabilities (id, alternate_id, name, properties) "
                          "VALUES (?, ?, ?, ?)",
                    error, 4, id, alternate_id ?: generated, name, properties_json);
  if (stmt == NULL ||
      !run (self, stmt, 0,
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
  return one_row (self, statement (self, CAPABILITY_COLUMNS "WHERE id = ?", error, 1, id),
                  capability_from_row,
                  _("No capability has this id. List them with GET /capabilities."), error);
}

JsonNode *
herald_sandbox_store_find_capability (HeraldSandboxStore  *self,
                                      const char          *alternate_id,
                                      GError             **error)
{
  return one_row (self, statement (self, CAPABILITY_COLUMNS "WHERE alternate_id = ?", error, 1,
                                   alternate_id),
                  capability_from_row,
                  _("No capability has this capabilityAlternateId. List them with GET /capabilities."),
                  error);
}

JsonNode *
herald_sandbox_store_list_capabilities (HeraldSandboxStore             *self,
                                        const HeraldSandboxStoreQuery  *query,
                                        GError                        **error)
{
  sqlite3_stmt *stmt = prepare_list (self, CAPABILITY_COLUMNS, 0, capability_fields, "rowid",
                                     query, error);
  JsonNode *list = stmt != NULL ? all_rows (self, stmt, capability_from_row, error) : NULL;

  sqlite3_finalize (stmt);
  return list;
}

static gboolean
delete_one (HeraldSandboxStore  *self,
            sqlite3_stmt        *stmt,
            const char          *missing,
            const char          *in_use,
            GError             **error)
{
  if (stmt == NULL ||
      !run (self, stmt, HERALD_SANDBOX_STORE_ERROR_CONFLICT, "", in_use, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      not_found (error, missing);
      return FALSE;
    }
  return TRUE;
}

gboolean
herald_sandbox_store_delete_capability (HeraldSandboxStore  *self,
                                        const char          *id,
                                        GError             **error)
{
  return delete_one (self, statement (self, "DELETE FROM capabilities WHERE id = ?", error, 1, id),
                     _("No capability has this id. List them with GET /capabilities."),
                     _("A sensor type still uses this capability. Delete that sensor type first."),
                     error);
}

/* --- Sensor types ---------------------------------------------------- */

static JsonNode *
sensor_type_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", column_text (stmt, 0));
  json_object_set_string_member (object, "alternateId", column_text (stmt, 1));
  json_object_set_string_member (object, "name", column_text (stmt, 2));
  json_object_set_member (object, "capabilities", parse_json (column_text (stmt, 3)));
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

  if (!begin (self, error))
    return NULL;

  if (alternate_id == NULL)
    {
      /* A small positive integer: one more than the largest in use. Only
       * ids of digits alone, at most 18 of them, count, so that the sum
       * cannot overflow (a client's alternateId of 9223372036854775807
       * must not stop the count); any id taken all the same is skipped. */
      gint64 next = 1;

      stmt = statement (self, "SELECT COALESCE (MAX (CAST (alternate_id AS INTEGER)), 0) + 1 "
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
          stmt = statement (self, "SELECT 1 FROM sensor_types WHERE alternate_id = ?", error, 1,
                            generated);
          if (stmt == NULL)
            goto fail;
          taken = sqlite3_step (stmt) == SQLITE_ROW;
          sqlite3_reset (stmt);
          if (!taken)
            break;
        }
    }

  stmt = statement (self, "INSERT INTO sensor_types (id, alternate_id, name) VALUES (?, ?, ?)",
                    error, 3, id, alternate_id ?: generated, name);
  if (stmt == NULL ||
      !run (self, stmt, 0,
            _("A sensor type with this alternateId exists already. Choose another "
              "alternateId or leave it out to get a new one."), "", error))
    goto fail;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *capability = json_array_get_object_element (capabilities, i);
      g_autofree char *position = g_strdup_printf ("%u", i);

      stmt = statement (self, "INSERT INTO sensor_type_capabilities "
                              "(sensor_type_id, position, capability_id, type) VALUES (?, ?, ?, ?)",
                        error, 4, id, position,
                        json_object_get_string_member (capability, "id"),
                        json_object_get_string_member (capability, "type"));
      if (stmt == NULL ||
          !run (self, stmt, HERALD_SANDBOX_STORE_ERROR_INVALID, "",
                _("A capability id in “capabilities” is unknown. Create the capability "
                  "first, or list them with GET /capabilities."), error))
        goto fail;
    }

  if (!commit (self, error))
    goto fail;

  return herald_sandbox_store_get_sensor_type (self, id, error);

fail:
  rollback (self);
  return NULL;
}

JsonNode *
herald_sandbox_store_get_sensor_type (HeraldSandboxStore  *self,
                                      const char          *id,
                                      GError             **error)
{
  return one_row (self, statement (self, SENSOR_TYPE_COLUMNS "WHERE t.id = ?", error, 1, id),
                  sensor_type_from_row,
                  _("No sensor type has this id. List them with GET /sensorTypes."), error);
}

JsonNode *
herald_sandbox_store_list_sensor_types (HeraldSandboxStore             *self,
                                        const HeraldSandboxStoreQuery  *query,
                                        GError                        **error)
{
  sqlite3_stmt *stmt = prepare_list (self, SENSOR_TYPE_COLUMNS, 0, sensor_type_fields, "t.rowid",
                                     query, error);
  JsonNode *list = stmt != NULL ? all_rows (self, stmt, sensor_type_from_row, error) : NULL;

  sqlite3_finalize (stmt);
  return list;
}

gboolean
herald_sandbox_store_delete_sensor_type (HeraldSandboxStore  *self,
                                         const char          *id,
                                         GError             **error)
{
  if (g_strcmp0 (id, "0") == 0)
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_CONFLICT,
                           _("The default sensor type cannot be deleted: every device’s "
                             "default sensor uses it."));
      return FALSE;
    }
  return delete_one (self, statement (self, "DELETE FROM sensor_types WHERE id = ?", error, 1, id),
                     _("No sensor type has this id. List them with GET /sensorTypes."),
                     _("A sensor still uses this sensor type. Delete that sensor first."),
                     error);
}

/* --- Sensors --------------------------------------------------------- */

#define SENSOR_COLUMNS "SELECT id, device_id, sensor_type_id, name, alternate_id FROM sensors "

static JsonNode *
sensor_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", column_text (stmt, 0));
  json_object_set_string_member (object, "deviceId", column_text (stmt, 1));
  json_object_set_string_member (object, "sensorTypeId", column_text (stmt, 2));
  json_object_set_string_member (object, "name", column_text (stmt, 3));
  json_object_set_string_member (object, "alternateId", column_text (stmt, 4));
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

  stmt = statement (self, "INSERT INTO sensors (device_id, sensor_type_id, name, alternate_id) "
                          "VALUES (?, ?, ?, ?)",
                    error, 4, device_id, sensor_type_id, name, alternate_id);
  if (stmt == NULL ||
      !run (self, stmt, HERALD_SANDBOX_STORE_ERROR_INVALID,
            _("This device has a sensor with this alternateId already. Choose another "
              "alternateId or leave it out to get a new one."),
            _("The deviceId or the sensorTypeId is unknown. List them with GET /devices "
              "and GET /sensorTypes."),
            error))
    return FALSE;
  *id_out = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_last_insert_rowid (self->db));
  return TRUE;
}

JsonNode *
herald_sandbox_store_add_sensor (HeraldSandboxStore  *self,
                                 const char          *device_id,
                                 const char          *name,
                                 const char          *sensor_type_id,
                                 const char          *alternate_id,
                                 GError             **error)
{
  g_autofree char *generated = alternate_id == NULL ? random_hex_id () : NULL;
  g_autofree char *id = NULL;

  if (!is_canonical_id (device_id))
    {
      g_set_error_literal (error, HERALD_SANDBOX_STORE_ERROR, HERALD_SANDBOX_STORE_ERROR_INVALID,
                           _("The deviceId or the sensorTypeId is unknown. List them with "
                             "GET /devices and GET /sensorTypes."));
      return NULL;
    }
  if (!insert_sensor (self, device_id, name, sensor_type_id, alternate_id ?: generated, &id, error))
    return NULL;
  return herald_sandbox_store_get_sensor (self, id, error);
}

JsonNode *
herald_sandbox_store_get_sensor (HeraldSandboxStore  *self,
                                 const char          *id,
                                 GError             **error)
{
  if (!is_canonical_id (id))
    {
      not_found (error, _("No sensor has this id. List them with GET /sensors."));
      return NULL;
    }
  return one_row (self, statement (self, SENSOR_COLUMNS "WHERE id = ?", error, 1, id),
                  sensor_from_row,
                  _("No sensor has this id. List them with GET /sensors."), error);
}

JsonNode *
herald_sandbox_store_find_sensor (HeraldSandboxStore  *self,
                                  const char          *device_id,
                                  const char          *alternate_id,
                                  GError             **error)
{
  return one_row (self, statement (self, SENSOR_COLUMNS "WHERE device_id = ? AND alternate_id = ?",
                                   error, 2, device_id, alternate_id),
                  sensor_from_row,
                  _("This device has no sensor with this sensorAlternateId. List them with "
                    "GET /sensors."), error);
}

JsonNode *
herald_sandbox_store_list_sensors (HeraldSandboxStore             *self,
                                   const HeraldSandboxStoreQuery  *query,
                                   GError                        **error)
{
  sqlite3_stmt *stmt = prepare_list (self, SENSOR_COLUMNS, 0, sensor_fields, "id", query, error);
  JsonNode *list = stmt != NULL ? all_rows (self, stmt, sensor_from_row, error) : NULL;

  sqlite3_finalize (stmt);
  return list;
}

gboolean
herald_sandbox_store_delete_sensor (HeraldSandboxStore  *self,
                                    const char          *id,
                                    GError             **error)
{
  if (!is_canonical_id (id))
    {
      not_found (error, _("No sensor has this id. List them with GET /sensors."));
      return FALSE;
    }
  return delete_one (self, statement (self, "DELETE FROM sensors WHERE id = ?", error, 1, id),
                     _("No sensor has this id. List them with GET /sensors."), "", error);
}

/* --- Devices --------------------------------------------------------- */

#define DEVICE_COLUMNS \
  "SELECT id, gateway_id, name, alternate_id, creation_timestamp FROM devices "

static JsonNode *
device_from_row_flavor (HeraldSandboxStore *self,
                        sqlite3_stmt       *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *authentications = json_array_new ();
  JsonObject *certificate = json_object_new ();
  g_autofree char *id = g_strdup (column_text (stmt, 0));

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "gatewayId", column_text (stmt, 1));
  json_object_set_string_member (object, "name", column_text (stmt, 2));
  json_object_set_string_member (object, "alternateId", column_text (stmt, 3));
  json_object_set_int_member (object, "creationTimestamp", sqlite3_column_int64 (stmt, 4));
  if (self->classic)
    json_object_set_string_member (object, "status", "fullyFunctional");
  json_object_set_boolean_member (object, "online", TRUE);

  if (self->classic)
    {
      sqlite3_stmt *sensors = statement (self, SENSOR_COLUMNS "WHERE device_id = ? ORDER BY id",
                                         NULL, 1, id);
      JsonNode *list = sensors != NULL ? all_rows (self, sensors, sensor_from_row, NULL) : NULL;

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
    g_ptr_array_add (ids, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      db_error (self, error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *row = statement (self, DEVICE_COLUMNS "WHERE id = ?", error, 1, ids->pdata[i]);

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
          not_found (error, missing);
          return NULL;
        }
      return json_array_dup_element (array, 0);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

JsonNode *
herald_sandbox_store_add_device (HeraldSandboxStore  *self,
                                 const char          *gateway_id,
                                 const char          *name,
                                 const char          *alternate_id,
                                 GError             **error)
{
  g_autofree char *generated = alternate_id == NULL ? random_hex_id () : NULL;
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;

  if (!begin (self, error))
    return NULL;

  stmt = statement (self, "INSERT INTO devices (gateway_id, name, alternate_id, creation_timestamp) "
                          "VALUES (?, ?, ?, CAST (? AS INTEGER))",
                    error, 4, gateway_id, name, alternate_id ?: generated, now);
  if (stmt == NULL ||
      !run (self, stmt, 0,
            _("A device with this alternateId exists already. Choose another alternateId "
              "or leave it out to get a new one."), "", error))
    goto fail;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_last_insert_rowid (self->db));

  if (self->classic)
    {
      g_autofree char *sensor_id = NULL;

      if (!insert_sensor (self, id, "Sensor: 0:0:0:0", "0", "0:0:0:0", &sensor_id, error))
        goto fail;
    }

  if (!commit (self, error))
    goto fail;

  return herald_sandbox_store_get_device (self, id, error);

fail:
  rollback (self);
  return NULL;
}

JsonNode *
herald_sandbox_store_get_device (HeraldSandboxStore  *self,
                                 const char          *id,
                                 GError             **error)
{
  if (!is_canonical_id (id))
    {
      not_found (error, _("No device has this id. List them with GET /devices."));
      return NULL;
    }
  return device_rows (self, statement (self, "SELECT id FROM devices WHERE id = ?", error, 1, id),
                      TRUE, _("No device has this id. List them with GET /devices."), error);
}

JsonNode *
herald_sandbox_store_find_device (HeraldSandboxStore  *self,
                                  const char          *alternate_id,
                                  GError             **error)
{
  return device_rows (self, statement (self, "SELECT id FROM devices WHERE alternate_id = ?",
                                       error, 1, alternate_id),
                      TRUE, _("No device has this alternateId."), error);
}

JsonNode *
herald_sandbox_store_list_devices (HeraldSandboxStore             *self,
                                   const HeraldSandboxStoreQuery  *query,
                                   GError                        **error)
{
  sqlite3_stmt *stmt = prepare_list (self, "SELECT id FROM devices", 0, device_fields, "id",
                                     query, error);
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
  sqlite3_stmt *stmt;

  *had_certificates = FALSE;
  if (!is_canonical_id (id))
    {
      not_found (error, _("No device has this id. List them with GET /devices."));
      return FALSE;
    }
  if (!begin (self, error))
    return FALSE;

  stmt = statement (self, "UPDATE certificates SET revoked = 1 WHERE device_id = ?", error, 1, id);
  if (stmt == NULL || !run (self, stmt, 0, "", "", error))
    goto fail;
  *had_certificates = sqlite3_changes (self->db) > 0;

  if (!delete_one (self, statement (self, "DELETE FROM devices WHERE id = ?", error, 1, id),
                   _("No device has this id. List them with GET /devices."),
                   _("Something still uses this device."), error))
    goto fail;
  g_hash_table_remove (self->measure_counts, id);

  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

/* --- Certificates ---------------------------------------------------- */

gboolean
herald_sandbox_store_add_certificate (HeraldSandboxStore  *self,
                                      const char          *device_id,
                                      const char          *serial,
                                      GError             **error)
{
  sqlite3_stmt *stmt = statement (self, "INSERT INTO certificates (serial, device_id) VALUES (?, ?)",
                                  error, 2, serial, device_id);

  return stmt != NULL && run (self, stmt, 0, _("A certificate serial repeated. Try again."), "", error);
}

char **
herald_sandbox_store_revoked_serials (HeraldSandboxStore  *self,
                                      GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = statement (self, "SELECT serial FROM certificates WHERE revoked = 1 "
                                        "ORDER BY serial", error, 0);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      db_error (self, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/* --- Measures -------------------------------------------------------- */

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
  gpointer known;
  gint64 count = 0;
  sqlite3_stmt *stmt;

  if (!begin (self, error))
    return FALSE;

  stmt = statement (self, "INSERT INTO measures "
                          "(device_id, sensor_id, capability_id, timestamp, measures) "
                          "VALUES (?, ?, ?, CAST (? AS INTEGER), ?)",
                    error, 5, device_id, sensor_id, capability_id, ts, measures_json);
  if (stmt == NULL ||
      !run (self, stmt, HERALD_SANDBOX_STORE_ERROR_NOT_FOUND, "",
            _("The device is gone."), error))
    goto fail;

  if (g_hash_table_lookup_extended (self->measure_counts, device_id, NULL, &known))
    count = GPOINTER_TO_SIZE (known) + 1;
  else
    {
      stmt = statement (self, "SELECT COUNT (*) FROM measures WHERE device_id = ?", error, 1,
                        device_id);
      if (stmt == NULL)
        goto fail;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (count > self->max_measures)
    {
      stmt = statement (self, "DELETE FROM measures WHERE id IN (SELECT id FROM measures "
                              "WHERE device_id = ? ORDER BY id LIMIT ?)", error, 1, device_id);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 2, count - self->max_measures);
      if (!run (self, stmt, 0, "", "", error))
        goto fail;
      count = self->max_measures;
    }

  if (!commit (self, error))
    goto fail;
  g_hash_table_insert (self->measure_counts, g_strdup (device_id), GSIZE_TO_POINTER (count));
  return TRUE;

fail:
  rollback (self);
  g_hash_table_remove (self->measure_counts, device_id);
  return FALSE;
}

static JsonNode *
measure_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "deviceId", column_text (stmt, 0));
  json_object_set_string_member (object, "sensorId", column_text (stmt, 1));
  json_object_set_string_member (object, "capabilityId", column_text (stmt, 2));
  json_object_set_int_member (object, "timestamp", sqlite3_column_int64 (stmt, 3));
  json_object_set_member (object, "measures", parse_json (column_text (stmt, 4)));
  json_node_take_object (node, object);
  return node;
}

/* The device's newest @newest measures (newest first), of which those the
 * query keeps. */
JsonNode *
herald_sandbox_store_list_measures (HeraldSandboxStore             *self,
                                    const char                     *device_id,
                                    gint64                          newest,
                                    const HeraldSandboxStoreQuery  *query,
                                    GError                        **error)
{
  sqlite3_stmt *stmt = prepare_list (self,
                                     "SELECT device_id, sensor_id, capability_id, timestamp, "
                                     "measures FROM (SELECT * FROM measures WHERE device_id = ? "
                                     "ORDER BY id DESC LIMIT ?)",
                                     2, measure_fields, "id DESC", query, error);
  JsonNode *list = NULL;

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, newest);
      list = all_rows (self, stmt, measure_from_row, error);
    }
  sqlite3_finalize (stmt);
  return list;
}

/* herald-sandbox-store-private.h
 *
 * What the parts of HeraldSandboxStore share: its instance structure and
 * the SQL helpers of herald-sandbox-store.c. Not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "herald-sandbox-store.h"

G_BEGIN_DECLS

struct _HeraldSandboxStore
{
  GObject     parent_instance;

  sqlite3    *db;
  GHashTable *statements;
  gboolean    classic;
  gint64      created;
  guint       max_measures;
  GHashTable *measure_counts;  /* device key → its number of measures, once counted */
  gboolean    guid_ids;        /* new devices and sensors get GUIDs */
};

/* Devices and sensors have numbers as their rows' keys. Their public ids
 * are those numbers, or GUIDs (--ids guid) kept in public_ids. In SQL, the
 * public id of @column (a number of @kind, "device" or "sensor"): */
#define HERALD_SANDBOX_PUBLIC_ID(kind, column) \
  "COALESCE ((SELECT guid FROM public_ids WHERE kind = '" kind "' AND number = " column "), " column ")"

/* How a list's filter and orderby fields read in SQL. A field the rows do
 * not have reads as NULL: `eq` never holds for it, `ne` always. */
typedef struct
{
  const char *name;     /* the JSON member */
  const char *column;   /* SQL */
  gboolean    integer;  /* an integer column: compared as its decimal text */
  gboolean    classic;  /* only in the classic flavour */
} HeraldSandboxStoreField;

gboolean      herald_sandbox_store_db_error        (HeraldSandboxStore             *self,
                                                    GError                        **error);
sqlite3_stmt *herald_sandbox_store_statement       (HeraldSandboxStore             *self,
                                                    const char                     *sql,
                                                    GError                        **error,
                                                    guint                           n_params,
                                                    ...);
gboolean      herald_sandbox_store_run             (HeraldSandboxStore             *self,
                                                    sqlite3_stmt                   *stmt,
                                                    int                             fk_code,
                                                    const char                     *conflict_message,
                                                    const char                     *fk_message,
                                                    GError                        **error);
gboolean      herald_sandbox_store_begin           (HeraldSandboxStore             *self,
                                                    GError                        **error);
gboolean      herald_sandbox_store_commit          (HeraldSandboxStore             *self,
                                                    GError                        **error);
void          herald_sandbox_store_rollback        (HeraldSandboxStore             *self);
char         *herald_sandbox_store_random_hex_id   (void);
const char   *herald_sandbox_store_column_text     (sqlite3_stmt                   *stmt,
                                                    int                             column);
JsonNode     *herald_sandbox_store_parse_json      (const char                     *text);
void          herald_sandbox_store_not_found       (GError                        **error,
                                                    const char                     *message);
gboolean      herald_sandbox_store_is_canonical_id (const char                     *id);
char         *herald_sandbox_store_key             (HeraldSandboxStore             *self,
                                                    const char                     *kind,
                                                    const char                     *public_id);
gboolean      herald_sandbox_store_add_public_id   (HeraldSandboxStore             *self,
                                                    const char                     *kind,
                                                    const char                     *key,
                                                    GError                        **error);
sqlite3_stmt *herald_sandbox_store_prepare_list    (HeraldSandboxStore             *self,
                                                    const char                     *select,
                                                    int                             n_own,
                                                    const HeraldSandboxStoreField  *fields,
                                                    const char                     *order,
                                                    const HeraldSandboxStoreQuery  *query,
                                                    GError                        **error);
JsonNode     *herald_sandbox_store_one_row         (HeraldSandboxStore             *self,
                                                    sqlite3_stmt                   *stmt,
                                                    JsonNode                     *(*from_row) (sqlite3_stmt *),
                                                    const char                     *missing,
                                                    GError                        **error);
JsonNode     *herald_sandbox_store_all_rows        (HeraldSandboxStore             *self,
                                                    sqlite3_stmt                   *stmt,
                                                    JsonNode                     *(*from_row) (sqlite3_stmt *),
                                                    GError                        **error);
gboolean      herald_sandbox_store_update_one      (HeraldSandboxStore             *self,
                                                    sqlite3_stmt                   *stmt,
                                                    const char                     *fk_message,
                                                    const char                     *conflict,
                                                    const char                     *missing,
                                                    GError                        **error);
gboolean      herald_sandbox_store_delete_one      (HeraldSandboxStore             *self,
                                                    sqlite3_stmt                   *stmt,
                                                    const char                     *missing,
                                                    const char                     *in_use,
                                                    GError                        **error);

G_END_DECLS

/* herald-sandbox-ingest.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "herald-command-builder.h"
#include "herald-sandbox-store.h"

G_BEGIN_DECLS

JsonNode *herald_sandbox_ingest_measures (HeraldSandboxStore *store,
                                          gboolean            classic,
                                          const char         *device_alternate_id,
                                          const char         *data,
                                          gsize               length,
                                          guint              *code);

gboolean  herald_sandbox_ingest_check_row (JsonObject            *capability,
                                          JsonNode              *row,
                                          HeraldCommandBuilder  *checker,
                                          GError               **error);

G_END_DECLS

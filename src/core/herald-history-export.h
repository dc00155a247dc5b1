/* herald-history-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  HERALD_HISTORY_EXPORT_JSON_LINES,
  HERALD_HISTORY_EXPORT_CSV,
} HeraldHistoryExportFormat;

void     herald_history_export_async  (GListModel                 *entries,
                                       HeraldHistoryExportFormat   format,
                                       GFile                      *file,
                                       GCancellable               *cancellable,
                                       GAsyncReadyCallback         callback,
                                       gpointer                    user_data);
gboolean herald_history_export_finish (GAsyncResult               *result,
                                       guint                      *n_written,
                                       GError                    **error);

G_END_DECLS

/* herald-history-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_HISTORY_PANE (herald_history_pane_get_type ())

G_DECLARE_FINAL_TYPE (HeraldHistoryPane, herald_history_pane, HERALD, HISTORY_PANE, AdwBin)

G_END_DECLS

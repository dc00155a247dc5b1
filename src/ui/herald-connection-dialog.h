/* herald-connection-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-workspace.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CONNECTION_DIALOG (herald_connection_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HeraldConnectionDialog, herald_connection_dialog, HERALD, CONNECTION_DIALOG, AdwWindow)

HeraldConnectionDialog *herald_connection_dialog_new (HeraldWorkspace  *workspace,
                                                      HeraldConnection *connection);

G_END_DECLS

/* herald-connection-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CONNECTION_VIEW (herald_connection_view_get_type ())

G_DECLARE_FINAL_TYPE (HeraldConnectionView, herald_connection_view, HERALD, CONNECTION_VIEW, HeraldPage)

GtkWidget        *herald_connection_view_new            (HeraldWorkspace      *workspace,
                                                         HeraldConnection     *connection);
HeraldConnection *herald_connection_view_get_connection (HeraldConnectionView *self);
void              herald_connection_view_show_topics    (HeraldConnectionView *self);

G_END_DECLS

/* herald-connect-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CONNECT_PAGE (herald_connect_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldConnectPage, herald_connect_page, HERALD, CONNECT_PAGE, HeraldPage)

G_END_DECLS

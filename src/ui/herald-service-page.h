/* herald-service-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SERVICE_PAGE (herald_service_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldServicePage, herald_service_page, HERALD, SERVICE_PAGE, HeraldPage)

G_END_DECLS

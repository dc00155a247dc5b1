/* herald-capability-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CAPABILITY_PAGE (herald_capability_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldCapabilityPage, herald_capability_page, HERALD, CAPABILITY_PAGE, HeraldEntityPage)

G_END_DECLS

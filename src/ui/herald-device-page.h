/* herald-device-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_DEVICE_PAGE (herald_device_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldDevicePage, herald_device_page, HERALD, DEVICE_PAGE, HeraldEntityPage)

G_END_DECLS

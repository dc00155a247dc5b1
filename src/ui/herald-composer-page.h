/* herald-composer-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_COMPOSER_PAGE (herald_composer_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldComposerPage, herald_composer_page, HERALD, COMPOSER_PAGE, HeraldPage)

G_END_DECLS

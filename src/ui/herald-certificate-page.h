/* herald-certificate-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CERTIFICATE_PAGE (herald_certificate_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldCertificatePage, herald_certificate_page, HERALD, CERTIFICATE_PAGE, HeraldPage)

G_END_DECLS

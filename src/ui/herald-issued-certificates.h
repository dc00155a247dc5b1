/* herald-issued-certificates.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-workspace.h"

G_BEGIN_DECLS

#define HERALD_TYPE_ISSUED_CERTIFICATES (herald_issued_certificates_get_type ())

G_DECLARE_FINAL_TYPE (HeraldIssuedCertificates, herald_issued_certificates, HERALD, ISSUED_CERTIFICATES, AdwBin)

void        herald_issued_certificates_set_workspace (HeraldIssuedCertificates *self,
                                                      HeraldWorkspace          *workspace);
void        herald_issued_certificates_reload        (HeraldIssuedCertificates *self);
GListModel *herald_issued_certificates_get_model     (HeraldIssuedCertificates *self);

G_END_DECLS

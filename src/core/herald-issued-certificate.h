/* herald-issued-certificate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HERALD_TYPE_ISSUED_CERTIFICATE (herald_issued_certificate_get_type ())

G_DECLARE_FINAL_TYPE (HeraldIssuedCertificate, herald_issued_certificate, HERALD, ISSUED_CERTIFICATE, GObject)

HeraldIssuedCertificate *herald_issued_certificate_new_from_json   (JsonNode                *node,
                                                                    GError                 **error);
const char              *herald_issued_certificate_get_fingerprint (HeraldIssuedCertificate *self);
char                    *herald_issued_certificate_dup_short_fingerprint (HeraldIssuedCertificate *self);
const char              *herald_issued_certificate_get_serial      (HeraldIssuedCertificate *self);
GDateTime               *herald_issued_certificate_get_valid_to    (HeraldIssuedCertificate *self);
gboolean                 herald_issued_certificate_matches         (HeraldIssuedCertificate *self,
                                                                    const char              *fingerprint);

G_END_DECLS

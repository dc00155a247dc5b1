/* herald-keystore-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For src/core only (the MQTT session's TLS diagnosis): the OpenSSL objects
 * behind a key store. Never for src/ui, which makes no OpenSSL calls.
 */

#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "herald-keystore.h"

G_BEGIN_DECLS

EVP_PKEY       *_herald_keystore_get_pkey  (HeraldKeystore *self);
X509           *_herald_keystore_get_x509  (HeraldKeystore *self);
STACK_OF(X509) *_herald_keystore_get_chain (HeraldKeystore *self);
void            _herald_keystore_wipe      (char           *secret);

G_END_DECLS

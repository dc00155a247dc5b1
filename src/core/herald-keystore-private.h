/* herald-keystore-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For src/core only: the OpenSSL objects behind a key store (for the MQTT
 * session's TLS and its diagnosis), and what the parts of HeraldKeystore
 * (herald-keystore*.c) share. Never for src/ui, which makes no OpenSSL calls.
 */

#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "herald-keystore.h"

G_BEGIN_DECLS

EVP_PKEY       *_herald_keystore_get_pkey  (HeraldKeystore *self);
X509           *_herald_keystore_get_x509  (HeraldKeystore *self);
STACK_OF(X509) *_herald_keystore_get_chain (HeraldKeystore *self);
void            _herald_keystore_wipe      (char           *secret);

/* Shared between the parts of HeraldKeystore ------------------------------ */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)

struct _HeraldKeystore
{
  GObject         parent_instance;

  EVP_PKEY       *pkey;
  X509           *cert;
  STACK_OF(X509) *chain;

  char           *subject_cn;
  char           *issuer;
  char           *fingerprint;
  GDateTime      *not_before;
  GDateTime      *not_after;
  guint           was_legacy : 1;
};

/* herald-keystore.c */
void            _herald_keystore_set_error      (GError              **error,
                                                 HeraldKeystoreError   code);
char           *_herald_keystore_openssl_reason (void);
/* Takes ownership of pkey, cert and chain. */
HeraldKeystore *_herald_keystore_new_take       (EVP_PKEY             *pkey,
                                                 X509                 *cert,
                                                 STACK_OF(X509)       *chain,
                                                 GError              **error);

/* herald-keystore-iterations.c */

/* The most rounds of password hashing a key store may ask for, summed over
 * its MAC and every encrypted part (PBKDF2 or PKCS#12 iterations, scrypt's
 * N × r × p). Tools write 2,048 per part (OpenSSL), 10,000 (Java's keytool)
 * and at most 600,000 (the most cautious ones), so a real key store asks
 * for a few million at most; one that asks for more is made to keep Herald
 * busy: 2^31 rounds, or thousands of encrypted parts, take hours. Checked
 * before any hashing. The number is also in the error message. */
#define HERALD_KEYSTORE_MAX_ITERATIONS G_GINT64_CONSTANT (10000000)

void            _herald_keystore_set_too_many_iterations (GError              **error);
gint64          _herald_keystore_add_iterations          (gint64                sum,
                                                          gint64                more);
gint64          _herald_keystore_pkcs12_iterations       (PKCS12               *p12,
                                                          const char           *password,
                                                          gboolean              decrypt);
gint64          _herald_keystore_pem_key_iterations      (const unsigned char  *data,
                                                          long                  length);

G_END_DECLS

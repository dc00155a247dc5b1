/* herald-keystore.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_KEYSTORE_ERROR (herald_keystore_error_quark ())

/**
 * HeraldKeystoreError:
 * @HERALD_KEYSTORE_ERROR_WRONG_PASSWORD: the password does not open the key
 *   store or the encrypted key
 * @HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE: neither PEM nor PKCS#12
 * @HERALD_KEYSTORE_ERROR_TRUNCATED: the data ends early (a cut download)
 * @HERALD_KEYSTORE_ERROR_KEY_MISMATCH: the private key does not belong to the
 *   certificate
 * @HERALD_KEYSTORE_ERROR_NO_KEY: a certificate but no private key
 * @HERALD_KEYSTORE_ERROR_NO_CERTIFICATE: a private key but no certificate
 * @HERALD_KEYSTORE_ERROR_TOO_LARGE: the file is over 1 MiB
 * @HERALD_KEYSTORE_ERROR_UNSUPPORTED: an encoding OpenSSL cannot read even
 *   with its legacy provider, or more password hashing than any real key
 *   store asks for (over 10 million rounds in all)
 * @HERALD_KEYSTORE_ERROR_IO: reading or writing the file failed
 *
 * Each bad input has its own code; every message says what to do next.
 */
typedef enum
{
  HERALD_KEYSTORE_ERROR_WRONG_PASSWORD,
  HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE,
  HERALD_KEYSTORE_ERROR_TRUNCATED,
  HERALD_KEYSTORE_ERROR_KEY_MISMATCH,
  HERALD_KEYSTORE_ERROR_NO_KEY,
  HERALD_KEYSTORE_ERROR_NO_CERTIFICATE,
  HERALD_KEYSTORE_ERROR_TOO_LARGE,
  HERALD_KEYSTORE_ERROR_UNSUPPORTED,
  HERALD_KEYSTORE_ERROR_IO,
} HeraldKeystoreError;

/**
 * HeraldKeystoreFormat:
 * @HERALD_KEYSTORE_FORMAT_PKCS12: a PKCS#12 key store (`client.ks`, `.p12`,
 *   `.pfx`), written in the current encoding (AES-256-CBC, PBKDF2, HMAC-SHA256)
 * @HERALD_KEYSTORE_FORMAT_PEM: the encrypted private key (PKCS#8, AES-256-CBC)
 *   followed by the certificate and its chain, like the service's `pem`
 */
typedef enum
{
  HERALD_KEYSTORE_FORMAT_PKCS12,
  HERALD_KEYSTORE_FORMAT_PEM,
} HeraldKeystoreFormat;

/* Larger files are refused with HERALD_KEYSTORE_ERROR_TOO_LARGE. */
#define HERALD_KEYSTORE_MAX_SIZE (1024 * 1024)

#define HERALD_TYPE_KEYSTORE (herald_keystore_get_type ())

G_DECLARE_FINAL_TYPE (HeraldKeystore, herald_keystore, HERALD, KEYSTORE, GObject)

GQuark          herald_keystore_error_quark           (void);

/* Loading. The sync forms may run in any thread; the async ones run the
 * OpenSSL work in a worker thread. Passwords are never kept: the key stays
 * in memory as an OpenSSL object only. */
HeraldKeystore *herald_keystore_new_from_pem          (const char           *pem,
                                                       gssize                length,
                                                       const char           *password,
                                                       GError              **error);
HeraldKeystore *herald_keystore_new_from_pkcs12       (GBytes               *data,
                                                       const char           *password,
                                                       GError              **error);
HeraldKeystore *herald_keystore_new_from_answer       (const char           *pem,
                                                       const char           *p12_base64,
                                                       const char           *secret,
                                                       GError              **error);
HeraldKeystore *herald_keystore_new_from_data         (GBytes               *data,
                                                       const char           *password,
                                                       GError              **error);
HeraldKeystore *herald_keystore_load_file             (GFile                *file,
                                                       const char           *password,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void            herald_keystore_load_file_async       (GFile                *file,
                                                       const char           *password,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
HeraldKeystore *herald_keystore_load_file_finish      (GAsyncResult         *result,
                                                       GError              **error);
void            herald_keystore_new_from_answer_async (const char           *pem,
                                                       const char           *p12_base64,
                                                       const char           *secret,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
HeraldKeystore *herald_keystore_new_from_answer_finish (GAsyncResult        *result,
                                                        GError             **error);

/* Saving: the file is written atomically with mode 0600. */
GBytes         *herald_keystore_export                (HeraldKeystore       *self,
                                                       HeraldKeystoreFormat  format,
                                                       const char           *password,
                                                       GError              **error);
gboolean        herald_keystore_save                  (HeraldKeystore       *self,
                                                       GFile                *file,
                                                       HeraldKeystoreFormat  format,
                                                       const char           *password,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void            herald_keystore_save_async            (HeraldKeystore       *self,
                                                       GFile                *file,
                                                       HeraldKeystoreFormat  format,
                                                       const char           *password,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean        herald_keystore_save_finish           (HeraldKeystore       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* What the certificate says. */
const char     *herald_keystore_get_subject_cn        (HeraldKeystore       *self);
const char     *herald_keystore_get_issuer            (HeraldKeystore       *self);
GDateTime      *herald_keystore_get_not_before        (HeraldKeystore       *self);
GDateTime      *herald_keystore_get_not_after         (HeraldKeystore       *self);
const char     *herald_keystore_get_fingerprint       (HeraldKeystore       *self);
gboolean        herald_keystore_is_expired            (HeraldKeystore       *self);
gboolean        herald_keystore_is_not_yet_valid      (HeraldKeystore       *self);
char           *herald_keystore_get_certificate_pem   (HeraldKeystore       *self);
gboolean        herald_keystore_get_was_legacy        (HeraldKeystore       *self);

G_END_DECLS

/* herald-keystore-pkcs12.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of HeraldKeystore: reading a PKCS#12 key store, in the current
 * encoding or, with OpenSSL's legacy provider, the legacy one (RC2, 3DES).
 */

#include "config.h"

#include <glib/gi18n.h>

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "herald-keystore-private.h"

/* Loaded once and kept for the life of the process. */
static OSSL_PROVIDER *default_provider;
static OSSL_PROVIDER *legacy_provider;

static gboolean
load_legacy_provider (void)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      /* Loading one provider explicitly stops OpenSSL from loading the
       * default one on demand, so load both (platform-notes.md). */
      default_provider = OSSL_PROVIDER_load (NULL, "default");
      legacy_provider = OSSL_PROVIDER_load (NULL, "legacy");

      if (legacy_provider == NULL)
        g_debug ("The OpenSSL legacy provider is not available");
      g_once_init_leave (&loaded, legacy_provider != NULL ? 2 : 1);
    }

  return loaded == 2;
}

/* Whether DER data announces more bytes than it has. */
static gboolean
der_is_truncated (const guint8 *data, gsize len)
{
  gsize declared;

  if (len < 2 || data[0] != 0x30)
    return FALSE;
  if (data[1] < 0x80)
    declared = 2 + data[1];
  else
    {
      guint n = data[1] & 0x7f;

      if (n == 0 || n > 4 || len < 2 + n)
        return n > 0 && n <= 4;
      declared = 0;
      for (guint i = 0; i < n; i++)
        declared = (declared << 8) | data[2 + i];
      declared += 2 + n;
    }

  return declared > len;
}

static gboolean
algor_is_legacy (const X509_ALGOR *alg)
{
  const ASN1_OBJECT *obj = NULL;

  X509_ALGOR_get0 (&obj, NULL, NULL, alg);
  return OBJ_obj2nid (obj) != NID_pbes2;
}

/* Whether any part is encrypted with a PKCS#12 PBE (RC2, 3DES) rather
 * than PBES2: what OpenSSL 1.1, `-legacy` and older Java tools write. */
static gboolean
pkcs12_is_legacy (PKCS12 *p12)
{
  STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes (p12);
  gboolean legacy = FALSE;

  for (int i = 0; safes != NULL && i < sk_PKCS7_num (safes); i++)
    {
      PKCS7 *p7 = sk_PKCS7_value (safes, i);
      int nid = OBJ_obj2nid (p7->type);

      if (nid == NID_pkcs7_encrypted)
        {
          if (p7->d.encrypted != NULL && p7->d.encrypted->enc_data != NULL &&
              algor_is_legacy (p7->d.encrypted->enc_data->algorithm))
            legacy = TRUE;
        }
      else if (nid == NID_pkcs7_data)
        {
          STACK_OF(PKCS12_SAFEBAG) *bags = PKCS12_unpack_p7data (p7);

          for (int j = 0; bags != NULL && j < sk_PKCS12_SAFEBAG_num (bags); j++)
            {
              const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value (bags, j);

              if (PKCS12_SAFEBAG_get_nid (bag) == NID_pkcs8ShroudedKeyBag)
                {
                  const X509_ALGOR *alg = NULL;

                  X509_SIG_get0 (PKCS12_SAFEBAG_get0_pkcs8 (bag), &alg, NULL);
                  if (alg != NULL && algor_is_legacy (alg))
                    legacy = TRUE;
                }
            }
          sk_PKCS12_SAFEBAG_pop_free (bags, PKCS12_SAFEBAG_free);
        }
    }
  sk_PKCS7_pop_free (safes, PKCS7_free);
  ERR_clear_error ();

  return legacy;
}

static HeraldKeystore *
parse_pkcs12 (const guint8  *data,
              gsize          len,
              const char    *password,
              gboolean       legacy,
              GError       **error)
{
  const unsigned char *p = data;
  g_autoptr(PKCS12) p12 = d2i_PKCS12 (NULL, &p, (long) len);
  const char *pass = password != NULL ? password : "";
  EVP_PKEY *pkey = NULL;
  X509 *cert = NULL;
  STACK_OF(X509) *ca = NULL;
  HeraldKeystore *self;

  if (p12 == NULL)
    {
      ERR_clear_error ();
      _herald_keystore_set_error (error,
                                  der_is_truncated (data, len) ? HERALD_KEYSTORE_ERROR_TRUNCATED
                                                               : HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }

  /* Before any hashing: what the MAC, the encrypted parts and the keys
   * outside them ask for; after the MAC, the keys inside them too. */
  if (_herald_keystore_pkcs12_iterations (p12, pass, FALSE) > HERALD_KEYSTORE_MAX_ITERATIONS)
    {
      _herald_keystore_set_too_many_iterations (error);
      return NULL;
    }

  if (PKCS12_mac_present (p12))
    {
      if (!PKCS12_verify_mac (p12, pass, -1))
        {
          /* An empty password may have been applied as "no password". */
          if (*pass != '\0' || !PKCS12_verify_mac (p12, NULL, 0))
            {
              ERR_clear_error ();
              _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_WRONG_PASSWORD);
              return NULL;
            }
        }
    }

  if (_herald_keystore_pkcs12_iterations (p12, pass, TRUE) > HERALD_KEYSTORE_MAX_ITERATIONS)
    {
      _herald_keystore_set_too_many_iterations (error);
      return NULL;
    }

  if (!PKCS12_parse (p12, pass, &pkey, &cert, &ca))
    {
      g_autofree char *reason = _herald_keystore_openssl_reason ();

      ERR_clear_error ();
      if (!legacy && load_legacy_provider ())
        return parse_pkcs12 (data, len, password, TRUE, error);
      g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_UNSUPPORTED,
                   _("The key store uses an encryption that OpenSSL cannot read, even with its legacy algorithms (%s). Export it again with current settings or use the PEM certificate."),
                   reason);
      return NULL;
    }

  self = _herald_keystore_new_take (pkey, cert, ca, error);
  if (self != NULL)
    self->was_legacy = pkcs12_is_legacy (p12);

  return self;
}

/**
 * herald_keystore_new_from_pkcs12:
 * @data: the DER bytes of a PKCS#12 file
 * @password: (nullable): its password
 *
 * Reads the current encoding (AES, PBKDF2) and, by loading OpenSSL's legacy
 * provider beside the default one, the legacy one (RC2-40, 3DES).
 *
 * Returns: (transfer full): a key store, or %NULL with @error set
 */
HeraldKeystore *
herald_keystore_new_from_pkcs12 (GBytes      *data,
                                 const char  *password,
                                 GError     **error)
{
  gsize len;
  const guint8 *buf;

  g_return_val_if_fail (data != NULL, NULL);

  buf = g_bytes_get_data (data, &len);
  if (len > HERALD_KEYSTORE_MAX_SIZE)
    {
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }

  return parse_pkcs12 (buf, len, password, FALSE, error);
}

/* herald-keystore-pem.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of HeraldKeystore: reading PEM text, the encrypted private key
 * (decrypted once) and the certificate with its chain, and the service's
 * certificate answer (its `pem`, or its base64 `p12`).
 */

#include "config.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "herald-keystore-private.h"

/* An encrypted PKCS#8 key (a PEM block's DER), decrypted once: with a
 * wrong password PEM_read_bio_PrivateKey() tries its decoders and then its
 * legacy reader, hashing the password three times over. */
static EVP_PKEY *
decrypt_pkcs8 (const unsigned char *data,
               long                 length,
               const char          *password)
{
  const unsigned char *p = data;
  X509_SIG *sig;
  PKCS8_PRIV_KEY_INFO *p8inf = NULL;
  EVP_PKEY *pkey = NULL;

  if (password == NULL)
    return NULL;

  sig = d2i_X509_SIG (NULL, &p, length);
  if (sig != NULL)
    p8inf = PKCS8_decrypt (sig, password, (int) strlen (password));
  if (p8inf != NULL)
    pkey = EVP_PKCS82PKEY (p8inf);

  /* Cleared when freed: it holds the key in the clear. */
  PKCS8_PRIV_KEY_INFO_free (p8inf);
  X509_SIG_free (sig);
  return pkey;
}

static int
password_cb (char *buf, int size, int rwflag, void *user_data)
{
  const char *password = user_data;
  size_t len;

  if (password == NULL)
    return -1;
  len = strlen (password);
  if (len > (size_t) size)
    return -1;
  memcpy (buf, password, len);
  return (int) len;
}

static guint
count_occurrences (const char *haystack, gsize len, const char *needle)
{
  gsize nlen = strlen (needle);
  guint n = 0;

  for (gsize i = 0; i + nlen <= len; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, nlen) == 0)
      n++;

  return n;
}

/**
 * herald_keystore_new_from_pem:
 * @pem: PEM text: a private key (encrypted or not) and the certificate,
 *   optionally followed by its chain
 * @length: the length of @pem, or -1 if it is nul-terminated
 * @password: (nullable): the password of an encrypted key
 *
 * Returns: (transfer full): a key store, or %NULL with @error set
 */
HeraldKeystore *
herald_keystore_new_from_pem (const char  *pem,
                              gssize       length,
                              const char  *password,
                              GError     **error)
{
  g_autoptr(BIO) bio = NULL;
  EVP_PKEY *pkey = NULL;
  X509 *cert = NULL;
  STACK_OF(X509) *certs;
  gboolean key_failed = FALSE;
  gboolean key_encrypted = FALSE;
  gint64 iterations = 0;
  gsize len;
  guint n_begin, n_end;

  g_return_val_if_fail (pem != NULL, NULL);

  len = length < 0 ? strlen (pem) : (gsize) length;
  if (len > HERALD_KEYSTORE_MAX_SIZE)
    {
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }

  n_begin = count_occurrences (pem, len, "-----BEGIN ");
  n_end = count_occurrences (pem, len, "-----END ");
  if (n_begin == 0)
    {
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }
  if (n_end < n_begin)
    {
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_TRUNCATED);
      return NULL;
    }

  certs = sk_X509_new_null ();
  bio = BIO_new_mem_buf (pem, (int) len);

  for (;;)
    {
      char *name = NULL, *header = NULL;
      unsigned char *data = NULL;
      long data_len = 0;

      if (!PEM_read_bio (bio, &name, &header, &data, &data_len))
        {
          unsigned long e = ERR_peek_last_error ();

          ERR_clear_error ();
          if (ERR_GET_REASON (e) == PEM_R_NO_START_LINE)
            break;
          /* A block whose base64 breaks off: the text was cut. */
          if (pkey != NULL || cert != NULL || sk_X509_num (certs) > 0)
            {
              EVP_PKEY_free (pkey);
              sk_X509_pop_free (certs, X509_free);
              _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_TRUNCATED);
              return NULL;
            }
          sk_X509_pop_free (certs, X509_free);
          _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
          return NULL;
        }

      if (g_str_equal (name, PEM_STRING_X509) ||
          g_str_equal (name, PEM_STRING_X509_OLD) ||
          g_str_equal (name, PEM_STRING_X509_TRUSTED))
        {
          const unsigned char *p = data;
          X509 *x = d2i_X509 (NULL, &p, data_len);

          if (x != NULL)
            sk_X509_push (certs, x);
        }
      else if (g_str_has_suffix (name, "PRIVATE KEY") && pkey == NULL && !key_failed)
        {
          /* secmem: cleared when freed, as the block may be unencrypted. */
          g_autoptr(BIO) one = NULL;
          EVP_PKEY *k;

          /* Once a key failed, the load fails: no further key is
           * decrypted. What the keys ask for adds up. */
          iterations = _herald_keystore_add_iterations (iterations, _herald_keystore_pem_key_iterations (data, data_len));
          if (iterations > HERALD_KEYSTORE_MAX_ITERATIONS)
            {
              OPENSSL_free (name);
              OPENSSL_free (header);
              OPENSSL_clear_free (data, data_len);
              sk_X509_pop_free (certs, X509_free);
              _herald_keystore_set_too_many_iterations (error);
              return NULL;
            }

          key_encrypted = g_str_equal (name, PEM_STRING_PKCS8) ||
                          (header != NULL && strstr (header, "ENCRYPTED") != NULL);
          if (g_str_equal (name, PEM_STRING_PKCS8))
            k = decrypt_pkcs8 (data, data_len, password);
          else
            {
              one = BIO_new (BIO_s_secmem ());
              PEM_write_bio (one, name, header, data, data_len);
              k = PEM_read_bio_PrivateKey (one, NULL, password_cb, (void *) password);
            }
          if (k == NULL)
            key_failed = TRUE;
          pkey = k;
          ERR_clear_error ();
        }

      OPENSSL_free (name);
      OPENSSL_free (header);
      OPENSSL_clear_free (data, data_len);
    }

  if (key_failed)
    {
      sk_X509_pop_free (certs, X509_free);
      _herald_keystore_set_error (error, key_encrypted ? HERALD_KEYSTORE_ERROR_WRONG_PASSWORD
                                                       : HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }

  if (sk_X509_num (certs) == 0 && pkey == NULL)
    {
      sk_X509_pop_free (certs, X509_free);
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }

  /* The certificate is the one that matches the key; the others are its
   * chain. Without a match, the first one (to report the mismatch). */
  if (pkey != NULL)
    {
      for (int i = 0; i < sk_X509_num (certs); i++)
        {
          X509 *x = sk_X509_value (certs, i);

          if (X509_check_private_key (x, pkey))
            {
              cert = sk_X509_delete (certs, i);
              break;
            }
        }
      ERR_clear_error ();
    }
  if (cert == NULL && sk_X509_num (certs) > 0)
    cert = sk_X509_shift (certs);

  return _herald_keystore_new_take (pkey, cert, certs, error);
}

/**
 * herald_keystore_new_from_answer:
 * @pem: (nullable): the `pem` field of the service's certificate answer
 * @p12_base64: (nullable): the `p12` field (base64 PKCS#12), used when @pem is %NULL
 * @secret: the `secret` field
 *
 * Returns: (transfer full): a key store, or %NULL with @error set
 */
HeraldKeystore *
herald_keystore_new_from_answer (const char  *pem,
                                 const char  *p12_base64,
                                 const char  *secret,
                                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  guchar *der;
  gsize len = 0;

  g_return_val_if_fail (pem != NULL || p12_base64 != NULL, NULL);

  if (pem != NULL)
    return herald_keystore_new_from_pem (pem, -1, secret, error);

  if (strlen (p12_base64) > HERALD_KEYSTORE_MAX_SIZE * 4 / 3 + 4)
    {
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }

  der = g_base64_decode (p12_base64, &len);
  bytes = g_bytes_new_with_free_func (der, len, g_free, der);

  return herald_keystore_new_from_pkcs12 (bytes, secret, error);
}

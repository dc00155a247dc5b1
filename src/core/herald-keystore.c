/* herald-keystore.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device's certificate and private key, as the seed's OpenSSL step makes
 * them: read from the service's certificate answer, a PEM file or a PKCS#12
 * key store (current or legacy encoding), written back as PKCS#12 or as PEM
 * with the key encrypted. The key lives only as an EVP_PKEY in memory.
 *
 * This part: the class, its errors, building it from OpenSSL objects and
 * what the certificate says. Reading PEM text and the service's answer is in
 * herald-keystore-pem.c, PKCS#12 in herald-keystore-pkcs12.c, the bound on
 * password hashing in herald-keystore-iterations.c, files in
 * herald-keystore-load.c and herald-keystore-save.c, the worker threads in
 * herald-keystore-async.c.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "herald-keystore-private.h"

G_DEFINE_TYPE (HeraldKeystore, herald_keystore, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-keystore-error-quark, herald_keystore_error)

static void
herald_keystore_finalize (GObject *object)
{
  HeraldKeystore *self = (HeraldKeystore *)object;

  g_clear_pointer (&self->pkey, EVP_PKEY_free);
  g_clear_pointer (&self->cert, X509_free);
  if (self->chain != NULL)
    sk_X509_pop_free (self->chain, X509_free);
  g_clear_pointer (&self->subject_cn, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (herald_keystore_parent_class)->finalize (object);
}

static void
herald_keystore_class_init (HeraldKeystoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_keystore_finalize;
}

static void
herald_keystore_init (HeraldKeystore *self)
{
}

void
_herald_keystore_wipe (char *secret)
{
  if (secret != NULL)
    {
      OPENSSL_cleanse (secret, strlen (secret));
      g_free (secret);
    }
}

/* Errors -------------------------------------------------------------- */

void
_herald_keystore_set_error (GError **error, HeraldKeystoreError code)
{
  const char *message = NULL;

  switch (code)
    {
    case HERALD_KEYSTORE_ERROR_WRONG_PASSWORD:
      message = _("The password does not open this key store. Use the secret shown when the certificate was generated.");
      break;
    case HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE:
      message = _("This file is not a key store. Choose a PKCS#12 key store (client.ks, .p12, .pfx) or a PEM file with the private key and the certificate.");
      break;
    case HERALD_KEYSTORE_ERROR_TRUNCATED:
      message = _("The key store ends too early: the file is incomplete. Download or copy it again.");
      break;
    case HERALD_KEYSTORE_ERROR_KEY_MISMATCH:
      message = _("The private key does not belong to the certificate. Use the key and the certificate that were generated together.");
      break;
    case HERALD_KEYSTORE_ERROR_NO_KEY:
      message = _("The file holds a certificate but no private key. Use the certificate answer or the key store that includes the private key.");
      break;
    case HERALD_KEYSTORE_ERROR_NO_CERTIFICATE:
      message = _("The file holds a private key but no certificate. Use the file that also includes the device certificate.");
      break;
    case HERALD_KEYSTORE_ERROR_TOO_LARGE:
      message = _("The file is larger than 1 MiB, far too large for a key store. Choose the device’s key store or certificate file.");
      break;
    case HERALD_KEYSTORE_ERROR_UNSUPPORTED:
    case HERALD_KEYSTORE_ERROR_IO:
    default:
      g_assert_not_reached ();
    }

  g_set_error_literal (error, HERALD_KEYSTORE_ERROR, code, message);
}

char *
_herald_keystore_openssl_reason (void)
{
  unsigned long e = ERR_peek_last_error ();
  char buf[256];

  if (e == 0)
    return g_strdup ("unknown");
  ERR_error_string_n (e, buf, sizeof buf);
  return g_strdup (buf);
}

/* Building ------------------------------------------------------------- */

static GDateTime *
asn1_time_to_date_time (const ASN1_TIME *t)
{
  struct tm tm = { 0 };

  if (t == NULL || !ASN1_TIME_to_tm (t, &tm))
    return NULL;

  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static char *
name_text (const X509_NAME *name)
{
  char cn[256];
  g_autoptr(BIO) bio = NULL;
  char *data;
  long len;

  if (X509_NAME_get_text_by_NID ((X509_NAME *)name, NID_commonName, cn, sizeof cn) > 0)
    return g_strdup (cn);

  bio = BIO_new (BIO_s_mem ());
  X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253);
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, len);
}

/* Takes ownership of pkey, cert and chain. */
HeraldKeystore *
_herald_keystore_new_take (EVP_PKEY        *pkey,
                           X509            *cert,
                           STACK_OF(X509)  *chain,
                           GError         **error)
{
  HeraldKeystore *self;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  GString *fp;

  if (pkey == NULL || cert == NULL || !X509_check_private_key (cert, pkey))
    {
      HeraldKeystoreError code = pkey == NULL ? HERALD_KEYSTORE_ERROR_NO_KEY
                               : cert == NULL ? HERALD_KEYSTORE_ERROR_NO_CERTIFICATE
                               : HERALD_KEYSTORE_ERROR_KEY_MISMATCH;

      EVP_PKEY_free (pkey);
      X509_free (cert);
      if (chain != NULL)
        sk_X509_pop_free (chain, X509_free);
      ERR_clear_error ();
      _herald_keystore_set_error (error, code);
      return NULL;
    }

  self = g_object_new (HERALD_TYPE_KEYSTORE, NULL);
  self->pkey = pkey;
  self->cert = cert;
  self->chain = chain != NULL ? chain : sk_X509_new_null ();

  self->subject_cn = name_text (X509_get_subject_name (cert));
  self->issuer = name_text (X509_get_issuer_name (cert));
  self->not_before = asn1_time_to_date_time (X509_get0_notBefore (cert));
  self->not_after = asn1_time_to_date_time (X509_get0_notAfter (cert));

  X509_digest (cert, EVP_sha256 (), md, &md_len);
  fp = g_string_new (NULL);
  for (guint i = 0; i < md_len; i++)
    g_string_append_printf (fp, i ? ":%02X" : "%02X", md[i]);
  self->fingerprint = g_string_free (fp, FALSE);

  return self;
}

/* Getters -------------------------------------------------------------- */

/* The certificate's subject CN: for a device, its alternateId. */
const char *
herald_keystore_get_subject_cn (HeraldKeystore *self)
{
  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), NULL);
  return self->subject_cn;
}

/* The issuer's CN, or the whole issuer name (RFC 2253) if it has none. */
const char *
herald_keystore_get_issuer (HeraldKeystore *self)
{
  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), NULL);
  return self->issuer;
}

/* Returns: (transfer none): the start of the validity, in UTC */
GDateTime *
herald_keystore_get_not_before (HeraldKeystore *self)
{
  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), NULL);
  return self->not_before;
}

/* Returns: (transfer none): the end of the validity, in UTC */
GDateTime *
herald_keystore_get_not_after (HeraldKeystore *self)
{
  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), NULL);
  return self->not_after;
}

/* The certificate's SHA-256 fingerprint: 32 upper-case hex pairs joined by ':'. */
const char *
herald_keystore_get_fingerprint (HeraldKeystore *self)
{
  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), NULL);
  return self->fingerprint;
}

gboolean
herald_keystore_is_expired (HeraldKeystore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), FALSE);
  return self->not_after != NULL && g_date_time_compare (now, self->not_after) > 0;
}

gboolean
herald_keystore_is_not_yet_valid (HeraldKeystore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), FALSE);
  return self->not_before != NULL && g_date_time_compare (now, self->not_before) < 0;
}

/* Whether the key store needed OpenSSL's legacy provider (RC2/3DES). */
gboolean
herald_keystore_get_was_legacy (HeraldKeystore *self)
{
  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), FALSE);
  return self->was_legacy;
}

/* Returns: (transfer full): the certificate and its chain as PEM (no key) */
char *
herald_keystore_get_certificate_pem (HeraldKeystore *self)
{
  g_autoptr(BIO) bio = NULL;
  char *data;
  long len;

  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), NULL);

  bio = BIO_new (BIO_s_mem ());
  PEM_write_bio_X509 (bio, self->cert);
  for (int i = 0; i < sk_X509_num (self->chain); i++)
    PEM_write_bio_X509 (bio, sk_X509_value (self->chain, i));
  len = BIO_get_mem_data (bio, &data);

  return g_strndup (data, len);
}

EVP_PKEY *
_herald_keystore_get_pkey (HeraldKeystore *self)
{
  return self->pkey;
}

X509 *
_herald_keystore_get_x509 (HeraldKeystore *self)
{
  return self->cert;
}

STACK_OF(X509) *
_herald_keystore_get_chain (HeraldKeystore *self)
{
  return self->chain;
}

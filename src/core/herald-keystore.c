/* herald-keystore.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device's certificate and private key, as the seed's OpenSSL step makes
 * them: read from the service's certificate answer, a PEM file or a PKCS#12
 * key store (current or legacy encoding), written back as PKCS#12 or as PEM
 * with the key encrypted. The key lives only as an EVP_PKEY in memory.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "herald-keystore.h"
#include "herald-keystore-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free_all)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
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

static void
set_error (GError **error, HeraldKeystoreError code)
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

static char *
openssl_reason (void)
{
  unsigned long e = ERR_peek_last_error ();
  char buf[256];

  if (e == 0)
    return g_strdup ("unknown");
  ERR_error_string_n (e, buf, sizeof buf);
  return g_strdup (buf);
}

/* Providers ------------------------------------------------------------ */

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
static HeraldKeystore *
keystore_new_take (EVP_PKEY        *pkey,
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
      set_error (error, code);
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

/* Password hashing ----------------------------------------------------- */

/* The most rounds of password hashing a key store may ask for, summed over
 * its MAC and every encrypted part (PBKDF2 or PKCS#12 iterations, scrypt's
 * N × r × p). Tools write 2,048 per part (OpenSSL), 10,000 (Java's keytool)
 * and at most 600,000 (the most cautious ones), so a real key store asks
 * for a few million at most; one that asks for more is made to keep Herald
 * busy: 2^31 rounds, or thousands of encrypted parts, take hours. Checked
 * before any hashing. The number is also in the error message. */
#define MAX_ITERATIONS G_GINT64_CONSTANT (10000000)

static void
set_too_many_iterations (GError **error)
{
  g_set_error_literal (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_UNSUPPORTED,
                       _("The key store asks for more than 10 million rounds of password hashing, far more than any tool writes, so opening it would take minutes or hours. Export it again with the tool’s default settings."));
}

static gint64
add_iterations (gint64 sum,
                gint64 more)
{
  return sum > G_MAXINT64 - more ? G_MAXINT64 : sum + more;
}

/* @missing when absent; past 64 bits as the most. */
static gint64
integer_value (const ASN1_INTEGER *integer,
               gint64              missing)
{
  int64_t value;

  if (integer == NULL)
    return missing;
  if (!ASN1_INTEGER_get_int64 (&value, integer))
    return G_MAXINT64;
  return MAX (value, 0);
}

/* The rounds of password hashing an encryption algorithm asks for: PBES2's
 * PBKDF2 iterations or scrypt's N × r × p, a PKCS#5 v1.5 or PKCS#12 PBE's
 * iterations; 0 for anything else, which OpenSSL refuses anyway. */
static gint64
algor_iterations (const X509_ALGOR *alg)
{
  gint64 iterations = 0;

  if (alg == NULL || alg->parameter == NULL)
    return 0;

  if (OBJ_obj2nid (alg->algorithm) == NID_pbes2)
    {
      PBE2PARAM *pbe2 = ASN1_TYPE_unpack_sequence (ASN1_ITEM_rptr (PBE2PARAM), alg->parameter);
      int kdf = pbe2 != NULL && pbe2->keyfunc != NULL ? OBJ_obj2nid (pbe2->keyfunc->algorithm) : NID_undef;

      if (kdf == NID_id_pbkdf2)
        {
          PBKDF2PARAM *params = ASN1_TYPE_unpack_sequence (ASN1_ITEM_rptr (PBKDF2PARAM),
                                                           pbe2->keyfunc->parameter);

          if (params != NULL)
            iterations = integer_value (params->iter, 1);
          PBKDF2PARAM_free (params);
        }
      else if (kdf == NID_id_scrypt)
        {
          SCRYPT_PARAMS *params = ASN1_TYPE_unpack_sequence (ASN1_ITEM_rptr (SCRYPT_PARAMS),
                                                             pbe2->keyfunc->parameter);

          if (params != NULL)
            {
              gint64 n = integer_value (params->costParameter, 0);
              gint64 r = integer_value (params->blockSize, 0);
              gint64 p = integer_value (params->parallelizationParameter, 0);

              if (n == 0 || r == 0 || p == 0)
                iterations = 0;
              else if (n > G_MAXINT64 / r || n * r > G_MAXINT64 / p)
                iterations = G_MAXINT64;
              else
                iterations = n * r * p;
            }
          SCRYPT_PARAMS_free (params);
        }
      PBE2PARAM_free (pbe2);
    }
  else
    {
      PBEPARAM *params = ASN1_TYPE_unpack_sequence (ASN1_ITEM_rptr (PBEPARAM), alg->parameter);

      if (params != NULL)
        iterations = integer_value (params->iter, 1);
      PBEPARAM_free (params);
    }

  ERR_clear_error ();
  return iterations;
}

/* Adds what the shrouded keys of @bags ask for, nested ones included. */
static gint64
bags_iterations (const STACK_OF(PKCS12_SAFEBAG) *bags,
                 gint64                          sum)
{
  for (int i = 0; bags != NULL && i < sk_PKCS12_SAFEBAG_num (bags) && sum <= MAX_ITERATIONS; i++)
    {
      const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value (bags, i);

      if (PKCS12_SAFEBAG_get_nid (bag) == NID_pkcs8ShroudedKeyBag)
        {
          const X509_ALGOR *alg = NULL;

          X509_SIG_get0 (PKCS12_SAFEBAG_get0_pkcs8 (bag), &alg, NULL);
          sum = add_iterations (sum, algor_iterations (alg));
        }
      else if (PKCS12_SAFEBAG_get_nid (bag) == NID_safeContentsBag)
        sum = bags_iterations (PKCS12_SAFEBAG_get0_safes (bag), sum);
    }

  return sum;
}

/* The rounds a PKCS#12 key store asks for: its MAC's, each encrypted
 * part's and each shrouded key's. The keys inside an encrypted part are
 * seen only when @decrypt: each part is decrypted (with @password, as
 * PKCS12_parse() will) once the sum so far, its own count included, is
 * within MAX_ITERATIONS. */
static gint64
pkcs12_iterations (PKCS12     *p12,
                   const char *password,
                   gboolean    decrypt)
{
  STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes (p12);
  gint64 sum = 0;

  if (PKCS12_mac_present (p12))
    {
      const ASN1_INTEGER *iterations = NULL;

      PKCS12_get0_mac (NULL, NULL, NULL, &iterations, p12);
      sum = integer_value (iterations, 1);
    }

  for (int i = 0; safes != NULL && i < sk_PKCS7_num (safes) && sum <= MAX_ITERATIONS; i++)
    {
      PKCS7 *p7 = sk_PKCS7_value (safes, i);
      STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
      int nid = OBJ_obj2nid (p7->type);

      if (nid == NID_pkcs7_data)
        bags = PKCS12_unpack_p7data (p7);
      else if (nid == NID_pkcs7_encrypted)
        {
          if (p7->d.encrypted != NULL && p7->d.encrypted->enc_data != NULL)
            sum = add_iterations (sum, algor_iterations (p7->d.encrypted->enc_data->algorithm));
          if (decrypt && sum <= MAX_ITERATIONS)
            {
              bags = PKCS12_unpack_p7encdata (p7, password, -1);
              /* PKCS12_parse() reads an empty password as none, too. */
              if (bags == NULL && *password == '\0')
                bags = PKCS12_unpack_p7encdata (p7, NULL, 0);
            }
        }

      sum = bags_iterations (bags, sum);
      sk_PKCS12_SAFEBAG_pop_free (bags, PKCS12_SAFEBAG_free);
    }

  sk_PKCS7_pop_free (safes, PKCS7_free);
  ERR_clear_error ();
  return sum;
}

/* The rounds an encrypted PKCS#8 key (a PEM block's DER) asks for. */
static gint64
pem_key_iterations (const unsigned char *data,
                    long                 length)
{
  const unsigned char *p = data;
  X509_SIG *sig = d2i_X509_SIG (NULL, &p, length);
  const X509_ALGOR *alg = NULL;
  gint64 iterations;

  if (sig == NULL)
    {
      ERR_clear_error ();
      return 0;
    }
  X509_SIG_get0 (sig, &alg, NULL);
  iterations = algor_iterations (alg);
  X509_SIG_free (sig);
  return iterations;
}

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

/* PEM ---------------------------------------------------------------- */

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
      set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }

  n_begin = count_occurrences (pem, len, "-----BEGIN ");
  n_end = count_occurrences (pem, len, "-----END ");
  if (n_begin == 0)
    {
      set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }
  if (n_end < n_begin)
    {
      set_error (error, HERALD_KEYSTORE_ERROR_TRUNCATED);
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
              set_error (error, HERALD_KEYSTORE_ERROR_TRUNCATED);
              return NULL;
            }
          sk_X509_pop_free (certs, X509_free);
          set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
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
          iterations = add_iterations (iterations, pem_key_iterations (data, data_len));
          if (iterations > MAX_ITERATIONS)
            {
              OPENSSL_free (name);
              OPENSSL_free (header);
              OPENSSL_clear_free (data, data_len);
              sk_X509_pop_free (certs, X509_free);
              set_too_many_iterations (error);
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
      set_error (error, key_encrypted ? HERALD_KEYSTORE_ERROR_WRONG_PASSWORD
                                      : HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }

  if (sk_X509_num (certs) == 0 && pkey == NULL)
    {
      sk_X509_pop_free (certs, X509_free);
      set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
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

  return keystore_new_take (pkey, cert, certs, error);
}

/* PKCS#12 -------------------------------------------------------------- */

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
      set_error (error, der_is_truncated (data, len) ? HERALD_KEYSTORE_ERROR_TRUNCATED
                                                     : HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }

  /* Before any hashing: what the MAC, the encrypted parts and the keys
   * outside them ask for; after the MAC, the keys inside them too. */
  if (pkcs12_iterations (p12, pass, FALSE) > MAX_ITERATIONS)
    {
      set_too_many_iterations (error);
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
              set_error (error, HERALD_KEYSTORE_ERROR_WRONG_PASSWORD);
              return NULL;
            }
        }
    }

  if (pkcs12_iterations (p12, pass, TRUE) > MAX_ITERATIONS)
    {
      set_too_many_iterations (error);
      return NULL;
    }

  if (!PKCS12_parse (p12, pass, &pkey, &cert, &ca))
    {
      g_autofree char *reason = openssl_reason ();

      ERR_clear_error ();
      if (!legacy && load_legacy_provider ())
        return parse_pkcs12 (data, len, password, TRUE, error);
      g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_UNSUPPORTED,
                   _("The key store uses an encryption that OpenSSL cannot read, even with its legacy algorithms (%s). Export it again with current settings or use the PEM certificate."),
                   reason);
      return NULL;
    }

  self = keystore_new_take (pkey, cert, ca, error);
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
      set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }

  return parse_pkcs12 (buf, len, password, FALSE, error);
}

static gboolean
looks_like_pem (const guint8 *data, gsize len)
{
  gsize i = 0;

  while (i < len && g_ascii_isspace (data[i]))
    i++;

  return len - i >= 11 && memcmp (data + i, "-----BEGIN ", 11) == 0;
}

/**
 * herald_keystore_new_from_data:
 * @data: the contents of a key store file, PEM or PKCS#12
 * @password: (nullable): the password
 *
 * Returns: (transfer full): a key store, or %NULL with @error set
 */
HeraldKeystore *
herald_keystore_new_from_data (GBytes      *data,
                               const char  *password,
                               GError     **error)
{
  gsize len;
  const guint8 *buf;

  g_return_val_if_fail (data != NULL, NULL);

  buf = g_bytes_get_data (data, &len);
  if (len > HERALD_KEYSTORE_MAX_SIZE)
    {
      set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }
  if (len == 0)
    {
      set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }

  if (looks_like_pem (buf, len))
    return herald_keystore_new_from_pem ((const char *) buf, len, password, error);

  return parse_pkcs12 (buf, len, password, FALSE, error);
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
      set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }

  der = g_base64_decode (p12_base64, &len);
  bytes = g_bytes_new_with_free_func (der, len, g_free, der);

  return herald_keystore_new_from_pkcs12 (bytes, secret, error);
}

/* Files ---------------------------------------------------------------- */

static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  char *contents = NULL;
  gsize len = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info != NULL && g_file_info_get_size (info) > HERALD_KEYSTORE_MAX_SIZE)
    {
      set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }

  if (local_error != NULL ||
      !g_file_load_contents (file, cancellable, &contents, &len, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO,
                     _("Could not read “%s”: %s. Check that the file exists and that you may read it."),
                     name, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, len);
}

/**
 * herald_keystore_load_file:
 * @file: a PEM or PKCS#12 file
 * @password: (nullable): its password
 *
 * Blocking; see herald_keystore_load_file_async().
 *
 * Returns: (transfer full): a key store, or %NULL with @error set
 */
HeraldKeystore *
herald_keystore_load_file (GFile         *file,
                           const char    *password,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = read_file (file, cancellable, error);
  if (bytes == NULL)
    return NULL;

  return herald_keystore_new_from_data (bytes, password, error);
}

typedef struct
{
  GFile *file;
  char *password;
  char *pem;
  char *p12;
  HeraldKeystoreFormat format;
} TaskData;

static void
task_data_free (TaskData *td)
{
  g_clear_object (&td->file);
  _herald_keystore_wipe (td->password);
  g_free (td->pem);
  _herald_keystore_wipe (td->p12);
  g_free (td);
}

static void
load_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;
  HeraldKeystore *self = herald_keystore_load_file (td->file, td->password, cancellable, &error);

  if (self != NULL)
    g_task_return_pointer (task, self, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * herald_keystore_load_file_async:
 * @file: a PEM or PKCS#12 file (client.ks, .p12, .pfx, .pem)
 * @password: (nullable): its password (copied, and wiped after use)
 *
 * Reads and decrypts @file in a worker thread.
 */
void
herald_keystore_load_file_async (GFile               *file,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_keystore_load_file_async);
  td = g_new0 (TaskData, 1);
  td->file = g_object_ref (file);
  td->password = g_strdup (password);
  g_task_set_task_data (task, td, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, load_file_thread);
}

HeraldKeystore *
herald_keystore_load_file_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
answer_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;
  HeraldKeystore *self = herald_keystore_new_from_answer (td->pem, td->p12, td->password, &error);

  if (self != NULL)
    g_task_return_pointer (task, self, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * herald_keystore_new_from_answer_async:
 *
 * herald_keystore_new_from_answer() in a worker thread.
 */
void
herald_keystore_new_from_answer_async (const char          *pem,
                                       const char          *p12_base64,
                                       const char          *secret,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (pem != NULL || p12_base64 != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_keystore_new_from_answer_async);
  td = g_new0 (TaskData, 1);
  td->pem = g_strdup (pem);
  td->p12 = g_strdup (p12_base64);
  td->password = g_strdup (secret);
  g_task_set_task_data (task, td, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, answer_thread);
}

HeraldKeystore *
herald_keystore_new_from_answer_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Export --------------------------------------------------------------- */

static GBytes *
bio_to_bytes (BIO *bio)
{
  char *data;
  long len = BIO_get_mem_data (bio, &data);

  return g_bytes_new (data, len);
}

/**
 * herald_keystore_export:
 * @format: PKCS#12 (current encoding) or PEM (key encrypted as PKCS#8 with
 *   AES-256-CBC and PBKDF2, then the certificate and its chain)
 * @password: the password; must not be empty, since no key leaves
 *   Herald unencrypted
 *
 * Returns: (transfer full): the file contents, or %NULL with @error set
 */
GBytes *
herald_keystore_export (HeraldKeystore        *self,
                        HeraldKeystoreFormat   format,
                        const char            *password,
                        GError               **error)
{
  g_autoptr(BIO) bio = NULL;

  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), NULL);
  g_return_val_if_fail (password != NULL && *password != '\0', NULL);

  bio = BIO_new (BIO_s_mem ());

  if (format == HERALD_KEYSTORE_FORMAT_PKCS12)
    {
      g_autoptr(PKCS12) p12 = NULL;

      /* What `openssl pkcs12 -export` writes with OpenSSL 3: AES-256-CBC
       * with PBKDF2 for key and certificates, an HMAC-SHA256 MAC; Java
       * (8u301 and later) and Paho tools read it. The CN is the alias. */
      p12 = PKCS12_create (password, self->subject_cn, self->pkey, self->cert, self->chain,
                           NID_aes_256_cbc, NID_aes_256_cbc,
                           PKCS12_DEFAULT_ITER, PKCS12_DEFAULT_ITER, 0);
      if (p12 == NULL || !i2d_PKCS12_bio (bio, p12))
        {
          g_autofree char *reason = openssl_reason ();

          ERR_clear_error ();
          g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO,
                       _("Could not build the key store (%s)."), reason);
          return NULL;
        }
    }
  else
    {
      if (!PEM_write_bio_PKCS8PrivateKey (bio, self->pkey, EVP_aes_256_cbc (),
                                          password, (int) strlen (password), NULL, NULL) ||
          !PEM_write_bio_X509 (bio, self->cert))
        {
          g_autofree char *reason = openssl_reason ();

          ERR_clear_error ();
          g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO,
                       _("Could not build the PEM file (%s)."), reason);
          return NULL;
        }
      for (int i = 0; i < sk_X509_num (self->chain); i++)
        PEM_write_bio_X509 (bio, sk_X509_value (self->chain, i));
    }

  return bio_to_bytes (bio);
}

/**
 * herald_keystore_save:
 * @file: where to write; replaced atomically, mode 0600; missing parent
 *   folders are made with mode 0700
 *
 * Blocking; see herald_keystore_save_async().
 */
gboolean
herald_keystore_save (HeraldKeystore        *self,
                      GFile                 *file,
                      HeraldKeystoreFormat   format,
                      const char            *password,
                      GCancellable          *cancellable,
                      GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (HERALD_IS_KEYSTORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  bytes = herald_keystore_export (self, format, password, error);
  if (bytes == NULL)
    return FALSE;

  name = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  data = g_bytes_get_data (bytes, &len);

  /* A missing folder (a new device's) is made private. */
  if (path != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (path);

      if (g_mkdir_with_parents (parent, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO,
                       _("Could not write “%s”: %s. Choose a folder you may write to."),
                       name, g_strerror (saved));
          return FALSE;
        }
    }

  if (path == NULL ||
      !g_file_set_contents_full (path, data, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, &local_error))
    {
      /* GLib's message names its temporary file, gone by now. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
        g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO,
                     _("Could not write “%s”: the disk is full. Free some space, or choose "
                       "a folder on another disk."),
                     name);
      else
        g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO,
                     _("Could not write “%s”: %s. Choose a folder you may write to."),
                     name, local_error != NULL ? local_error->message : _("not a local file"));
      return FALSE;
    }

  /* An existing file keeps its mode through a rename; make sure. */
  if (g_chmod (path, 0600) != 0)
    {
      int saved = errno;

      g_set_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO,
                   _("Could not write “%s”: %s. Choose a folder you may write to."),
                   name, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;

  if (herald_keystore_save (source_object, td->file, td->format, td->password, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * herald_keystore_save_async:
 * @file: where to write (atomically, mode 0600)
 * @format: PKCS#12 or PEM
 * @password: the password for the file (for the service's key stores, the secret)
 *
 * Encrypts and writes in a worker thread.
 */
void
herald_keystore_save_async (HeraldKeystore        *self,
                            GFile                 *file,
                            HeraldKeystoreFormat   format,
                            const char            *password,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (HERALD_IS_KEYSTORE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (password != NULL && *password != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_keystore_save_async);
  td = g_new0 (TaskData, 1);
  td->file = g_object_ref (file);
  td->password = g_strdup (password);
  td->format = format;
  g_task_set_task_data (task, td, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
herald_keystore_save_finish (HeraldKeystore  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
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

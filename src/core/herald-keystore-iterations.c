/* herald-keystore-iterations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of HeraldKeystore: how many rounds of password hashing a PKCS#12 key
 * store or an encrypted PKCS#8 key asks for, read before any hashing, so that
 * a key store made to keep Herald busy is refused at once.
 */

#include "config.h"

#include <glib/gi18n.h>

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "herald-keystore-private.h"

void
_herald_keystore_set_too_many_iterations (GError **error)
{
  g_set_error_literal (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_UNSUPPORTED,
                       _("The key store asks for more than 10 million rounds of password hashing, far more than any tool writes, so opening it would take minutes or hours. Export it again with the tool’s default settings."));
}

gint64
_herald_keystore_add_iterations (gint64 sum,
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
  for (int i = 0; bags != NULL && i < sk_PKCS12_SAFEBAG_num (bags) && sum <= HERALD_KEYSTORE_MAX_ITERATIONS; i++)
    {
      const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value (bags, i);

      if (PKCS12_SAFEBAG_get_nid (bag) == NID_pkcs8ShroudedKeyBag)
        {
          const X509_ALGOR *alg = NULL;

          X509_SIG_get0 (PKCS12_SAFEBAG_get0_pkcs8 (bag), &alg, NULL);
          sum = _herald_keystore_add_iterations (sum, algor_iterations (alg));
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
 * within HERALD_KEYSTORE_MAX_ITERATIONS. */
gint64
_herald_keystore_pkcs12_iterations (PKCS12     *p12,
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

  for (int i = 0; safes != NULL && i < sk_PKCS7_num (safes) && sum <= HERALD_KEYSTORE_MAX_ITERATIONS; i++)
    {
      PKCS7 *p7 = sk_PKCS7_value (safes, i);
      STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
      int nid = OBJ_obj2nid (p7->type);

      if (nid == NID_pkcs7_data)
        bags = PKCS12_unpack_p7data (p7);
      else if (nid == NID_pkcs7_encrypted)
        {
          if (p7->d.encrypted != NULL && p7->d.encrypted->enc_data != NULL)
            sum = _herald_keystore_add_iterations (sum, algor_iterations (p7->d.encrypted->enc_data->algorithm));
          if (decrypt && sum <= HERALD_KEYSTORE_MAX_ITERATIONS)
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
gint64
_herald_keystore_pem_key_iterations (const unsigned char *data,
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

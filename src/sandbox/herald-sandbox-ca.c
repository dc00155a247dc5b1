/* herald-sandbox-ca.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "herald-sandbox-ca.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_CRL, X509_CRL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_REVOKED, X509_REVOKED_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_INTEGER, ASN1_INTEGER_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_TIME, ASN1_TIME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PKCS12, PKCS12_free)

#define DAY_SECONDS (24 * 60 * 60)

struct _HeraldSandboxCa
{
  GObject   parent_instance;

  char     *dir;
  char     *ca_file;
  char     *ca_key_file;
  char     *broker_cert;
  char     *broker_key;
  char     *identity_cert;
  char     *identity_key;
  char     *crl_file;

  EVP_PKEY *ca_key;
  X509     *ca_cert;
  gboolean  device_keys_ec;
};

G_DEFINE_FINAL_TYPE (HeraldSandboxCa, herald_sandbox_ca, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-sandbox-ca-error-quark, herald_sandbox_ca_error)

static gboolean
set_openssl_error (GError     **error,
                   const char  *what)
{
  char reason[256] = "";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, reason, sizeof reason);
  ERR_clear_error ();

  g_set_error (error, HERALD_SANDBOX_CA_ERROR, HERALD_SANDBOX_CA_ERROR_FAILED,
               _("The sandbox’s certificate authority could not %s (%s). "
                 "Check that the data directory is writable, or start again with --reset."),
               what, reason);
  return FALSE;
}

/* The sandbox's own keys (CA, broker, its MQTT identity): P-256. */
static EVP_PKEY *
new_key (void)
{
  return EVP_EC_gen ("P-256");
}

/* A device's: RSA-2048 as the IoT Service issues them (SAP's scripts run
 * `openssl rsa` on the PEM it hands out), or P-256 when asked. */
static EVP_PKEY *
new_device_key (HeraldSandboxCa *self)
{
  return self->device_keys_ec ? new_key () : EVP_RSA_gen (2048);
}

static gboolean
random_serial (ASN1_INTEGER *serial)
{
  g_autoptr(BIGNUM) bn = BN_new ();

  /* 63 random bits, positive and never zero. */
  if (!BN_rand (bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ODD))
    return FALSE;
  return BN_to_ASN1_INTEGER (bn, serial) != NULL;
}

static char *
serial_to_string (const ASN1_INTEGER *serial)
{
  g_autoptr(BIGNUM) bn = ASN1_INTEGER_to_BN (serial, NULL);
  char *hex = BN_bn2hex (bn);
  char *copy = g_ascii_strdown (hex, -1);

  OPENSSL_free (hex);
  return copy;
}

static gboolean
add_ext (X509       *cert,
         X509       *issuer,
         int         nid,
         const char *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;
  gboolean ok;

  X509V3_set_ctx_nodb (&ctx);
  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  if (ext == NULL)
    return FALSE;
  ok = X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
  return ok;
}

/* Makes a certificate for @key signed by the CA (or by itself when
 * self->ca_cert is not set yet). Valid from one day in the past: clocks
 * differ, and the machine's may run ahead or behind. */
static X509 *
make_cert (HeraldSandboxCa *self,
           EVP_PKEY        *key,
           const char      *common_name,
           long             days,
           gboolean         is_ca,
           gboolean         is_server,
           const char      *san)
{
  g_autoptr(X509) cert = X509_new ();
  X509 *issuer;
  EVP_PKEY *signing_key;
  X509_NAME *name;

  if (cert == NULL ||
      !X509_set_version (cert, 2) ||
      !random_serial (X509_get_serialNumber (cert)) ||
      X509_gmtime_adj (X509_getm_notBefore (cert), -DAY_SECONDS) == NULL ||
      X509_gmtime_adj (X509_getm_notAfter (cert), days * DAY_SECONDS) == NULL ||
      !X509_set_pubkey (cert, key))
    return NULL;

  name = X509_get_subject_name (cert);
  if (is_ca &&
      !X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                                   (const unsigned char *) "Herald sandbox", -1, -1, 0))
    return NULL;
  if (!X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                                   (const unsigned char *) common_name, -1, -1, 0))
    return NULL;

  issuer = self->ca_cert != NULL ? self->ca_cert : cert;
  signing_key = self->ca_key != NULL ? self->ca_key : key;
  if (!X509_set_issuer_name (cert, X509_get_subject_name (issuer)))
    return NULL;

  if (is_ca)
    {
      if (!add_ext (cert, issuer, NID_basic_constraints, "critical,CA:TRUE") ||
          !add_ext (cert, issuer, NID_key_usage, "critical,keyCertSign,cRLSign") ||
          !add_ext (cert, issuer, NID_subject_key_identifier, "hash"))
        return NULL;
    }
  else
    {
      if (!add_ext (cert, issuer, NID_basic_constraints, "critical,CA:FALSE") ||
          !add_ext (cert, issuer, NID_key_usage, "critical,digitalSignature,keyAgreement") ||
          !add_ext (cert, issuer, NID_ext_key_usage, is_server ? "serverAuth" : "clientAuth") ||
          !add_ext (cert, issuer, NID_authority_key_identifier, "keyid:always"))
        return NULL;
      if (san != NULL && !add_ext (cert, issuer, NID_subject_alt_name, san))
        return NULL;
    }

  if (X509_sign (cert, signing_key, EVP_sha256 ()) == 0)
    return NULL;

  return g_steal_pointer (&cert);
}

/* Writes @contents to @path through a temporary file, mode 0600. */
static gboolean
write_private_file (const char  *path,
                    const char  *contents,
                    gsize        length,
                    GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not write “%s”: %s. Check that the data directory is writable."),
                   path, g_strerror (saved));
      return FALSE;
    }

  while (length > 0)
    {
      gssize n = write (fd, contents, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_unlink (tmp);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not write “%s”: %s. Check that the disk is not full."),
                       path, g_strerror (saved));
          return FALSE;
        }
      contents += n;
      length -= n;
    }

  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not write “%s”: %s. Check that the disk is not full."),
                   path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

static char *
bio_to_string (BIO   *bio,
               gsize *length)
{
  char *data = NULL;
  long n = BIO_get_mem_data (bio, &data);

  if (length != NULL)
    *length = n;
  return g_strndup (data, n);
}

static gboolean
save_key (EVP_PKEY    *key,
          const char  *path,
          GError     **error)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  g_autofree char *text = NULL;
  gsize length;

  if (!PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL))
    return set_openssl_error (error, _("write a key"));
  text = bio_to_string (bio, &length);
  return write_private_file (path, text, length, error);
}

static gboolean
save_cert (X509        *cert,
           const char  *path,
           GError     **error)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  g_autofree char *text = NULL;
  gsize length;

  if (!PEM_write_bio_X509 (bio, cert))
    return set_openssl_error (error, _("write a certificate"));
  text = bio_to_string (bio, &length);
  if (!write_private_file (path, text, length, error))
    return FALSE;
  /* Certificates are public. */
  g_chmod (path, 0644);
  return TRUE;
}

static EVP_PKEY *
load_key (const char *path)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "r");

  if (bio == NULL)
    return NULL;
  return PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
}

static X509 *
load_cert (const char *path)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "r");

  if (bio == NULL)
    return NULL;
  return PEM_read_bio_X509 (bio, NULL, NULL, NULL);
}

/* A leaf (broker or identity) is made again when missing, unreadable, not
 * signed by the current CA or expiring within a week. */
static gboolean
leaf_is_usable (HeraldSandboxCa *self,
                const char      *cert_path,
                const char      *key_path)
{
  g_autoptr(X509) cert = load_cert (cert_path);
  g_autoptr(EVP_PKEY) key = load_key (key_path);
  time_t soon = time (NULL) + 7 * DAY_SECONDS;

  ERR_clear_error ();
  if (cert == NULL || key == NULL)
    return FALSE;
  if (X509_verify (cert, self->ca_key) != 1 || X509_check_private_key (cert, key) != 1)
    {
      ERR_clear_error ();
      return FALSE;
    }
  return X509_cmp_time (X509_get0_notAfter (cert), &soon) > 0;
}

static gboolean
ensure_leaf (HeraldSandboxCa  *self,
             const char       *cert_path,
             const char       *key_path,
             const char       *common_name,
             gboolean          is_server,
             const char       *san,
             GError          **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;

  if (leaf_is_usable (self, cert_path, key_path))
    return TRUE;

  key = new_key ();
  if (key == NULL)
    return set_openssl_error (error, _("make a key"));
  cert = make_cert (self, key, common_name, 825, FALSE, is_server, san);
  if (cert == NULL)
    return set_openssl_error (error, _("sign a certificate"));

  return save_key (key, key_path, error) && save_cert (cert, cert_path, error);
}

static gboolean
ensure_ca (HeraldSandboxCa  *self,
           GError          **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;

  key = load_key (self->ca_key_file);
  cert = load_cert (self->ca_file);
  ERR_clear_error ();
  if (key != NULL && cert != NULL && X509_check_private_key (cert, key) == 1)
    {
      self->ca_key = g_steal_pointer (&key);
      self->ca_cert = g_steal_pointer (&cert);
      return TRUE;
    }
  ERR_clear_error ();

  g_clear_pointer (&key, EVP_PKEY_free);
  g_clear_pointer (&cert, X509_free);

  key = new_key ();
  if (key == NULL)
    return set_openssl_error (error, _("make its key"));
  cert = make_cert (self, key, "Herald sandbox CA", 3650, TRUE, FALSE, NULL);
  if (cert == NULL)
    return set_openssl_error (error, _("sign its own certificate"));
  if (!save_key (key, self->ca_key_file, error) || !save_cert (cert, self->ca_file, error))
    return FALSE;

  self->ca_key = g_steal_pointer (&key);
  self->ca_cert = g_steal_pointer (&cert);

  /* A new CA invalidates every leaf signed by an earlier one. */
  g_unlink (self->broker_cert);
  g_unlink (self->identity_cert);
  return TRUE;
}

static void
herald_sandbox_ca_finalize (GObject *object)
{
  HeraldSandboxCa *self = (HeraldSandboxCa *)object;

  g_clear_pointer (&self->ca_key, EVP_PKEY_free);
  g_clear_pointer (&self->ca_cert, X509_free);
  g_free (self->dir);
  g_free (self->ca_file);
  g_free (self->ca_key_file);
  g_free (self->broker_cert);
  g_free (self->broker_key);
  g_free (self->identity_cert);
  g_free (self->identity_key);
  g_free (self->crl_file);

  G_OBJECT_CLASS (herald_sandbox_ca_parent_class)->finalize (object);
}

static void
herald_sandbox_ca_class_init (HeraldSandboxCaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_sandbox_ca_finalize;
}

static void
herald_sandbox_ca_init (HeraldSandboxCa *self)
{
}

/* A sandbox killed while it wrote one of these files left the temporary
 * file of write_private_file() (NAME.XXXXXX) beside it. The caller holds
 * the data directory's lock: no other sandbox is writing them. */
static void
remove_stale_temporaries (HeraldSandboxCa *self)
{
  const char *files[] = { self->ca_file, self->ca_key_file, self->broker_cert, self->broker_key,
                          self->identity_cert, self->identity_key, self->crl_file };
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *base = g_path_get_basename (files[i]);
        gsize length = strlen (base);

        if (strncmp (name, base, length) == 0 && name[length] == '.' && strlen (name + length + 1) == 6)
          {
            g_autofree char *path = g_build_filename (self->dir, name, NULL);

            g_unlink (path);
            break;
          }
      }
}

/**
 * herald_sandbox_ca_new:
 * @dir: the directory for the CA's files (made if missing, mode 0700)
 *
 * Loads the CA from @dir, making it on first use together with the
 * broker's server certificate (SAN localhost and 127.0.0.1) and the
 * sandbox's own client identity.
 */
HeraldSandboxCa *
herald_sandbox_ca_new (const char  *dir,
                       GError     **error)
{
  g_autoptr(HeraldSandboxCa) self = g_object_new (HERALD_TYPE_SANDBOX_CA, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create “%s”: %s. Choose another data directory with --data-dir."),
                   dir, g_strerror (saved));
      return NULL;
    }

  self->dir = g_strdup (dir);
  self->ca_file = g_build_filename (dir, "ca.pem", NULL);
  self->ca_key_file = g_build_filename (dir, "ca.key", NULL);
  self->broker_cert = g_build_filename (dir, "broker.pem", NULL);
  self->broker_key = g_build_filename (dir, "broker.key", NULL);
  self->identity_cert = g_build_filename (dir, "gateway.pem", NULL);
  self->identity_key = g_build_filename (dir, "gateway.key", NULL);
  self->crl_file = g_build_filename (dir, "crl.pem", NULL);

  remove_stale_temporaries (self);

  if (!ensure_ca (self, error) ||
      !ensure_leaf (self, self->broker_cert, self->broker_key, "localhost", TRUE,
                    "DNS:localhost,IP:127.0.0.1,IP:::1", error) ||
      !ensure_leaf (self, self->identity_cert, self->identity_key,
                    HERALD_SANDBOX_IDENTITY, FALSE, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
herald_sandbox_ca_get_ca_file (HeraldSandboxCa *self)
{
  return self->ca_file;
}

const char *
herald_sandbox_ca_get_broker_cert (HeraldSandboxCa *self)
{
  return self->broker_cert;
}

const char *
herald_sandbox_ca_get_broker_key (HeraldSandboxCa *self)
{
  return self->broker_key;
}

const char *
herald_sandbox_ca_get_identity_cert (HeraldSandboxCa *self)
{
  return self->identity_cert;
}

const char *
herald_sandbox_ca_get_identity_key (HeraldSandboxCa *self)
{
  return self->identity_key;
}

const char *
herald_sandbox_ca_get_crl_file (HeraldSandboxCa *self)
{
  return self->crl_file;
}

/* 24 characters from an alphabet without look-alikes: 140 bits. */
static char *
new_secret (void)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  unsigned char bytes[24];
  char *secret = g_malloc (sizeof bytes + 1);

  if (RAND_bytes (bytes, sizeof bytes) != 1)
    {
      g_free (secret);
      return NULL;
    }
  for (gsize i = 0; i < sizeof bytes; i++)
    secret[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
  secret[sizeof bytes] = '\0';
  OPENSSL_cleanse (bytes, sizeof bytes);
  return secret;
}

/**
 * herald_sandbox_ca_set_device_keys_ec:
 * @ec: %TRUE for P-256 device keys, %FALSE for RSA-2048 (the default)
 */
void
herald_sandbox_ca_set_device_keys_ec (HeraldSandboxCa *self,
                                      gboolean         ec)
{
  g_return_if_fail (HERALD_IS_SANDBOX_CA (self));

  self->device_keys_ec = !!ec;
}

void
herald_sandbox_cert_info_clear (HeraldSandboxCertInfo *info)
{
  g_clear_pointer (&info->serial, g_free);
  g_clear_pointer (&info->fingerprint, g_free);
}

static gint64
time_ms (const ASN1_TIME *time)
{
  struct tm tm = { 0 };

  if (!ASN1_TIME_to_tm (time, &tm))
    return 0;
  return (gint64) timegm (&tm) * 1000;
}

static gboolean
describe (X509                  *cert,
          HeraldSandboxCertInfo *info)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;

  if (!X509_digest (cert, EVP_sha256 (), digest, &length))
    return FALSE;
  info->fingerprint = g_malloc (length * 2 + 1);
  for (unsigned int i = 0; i < length; i++)
    g_snprintf (info->fingerprint + i * 2, 3, "%02x", digest[i]);
  info->serial = serial_to_string (X509_get0_serialNumber (cert));
  info->not_before = time_ms (X509_get0_notBefore (cert));
  info->not_after = time_ms (X509_get0_notAfter (cert));
  return TRUE;
}

/**
 * herald_sandbox_ca_issue_for_request:
 * @common_name: the device's alternate id
 * @csr_pem: a certificate signing request, PEM
 * @info_out: (out caller-allocates): the new certificate's serial, fingerprint and validity
 * @cert_pem_out: (out): the certificate, PEM
 *
 * Issues a client certificate for the key of a signing request the device
 * made itself (its private key never leaves it), valid for a year. The
 * certificate names the device, whatever the request's subject says.
 */
gboolean
herald_sandbox_ca_issue_for_request (HeraldSandboxCa        *self,
                                     const char             *common_name,
                                     const char             *csr_pem,
                                     HeraldSandboxCertInfo  *info_out,
                                     char                  **cert_pem_out,
                                     GError                **error)
{
  g_autoptr(BIO) in = BIO_new_mem_buf (csr_pem, -1);
  g_autoptr(BIO) out = BIO_new (BIO_s_mem ());
  g_autoptr(X509) cert = NULL;
  X509_REQ *request;
  EVP_PKEY *key;

  g_return_val_if_fail (HERALD_IS_SANDBOX_CA (self), FALSE);

  request = PEM_read_bio_X509_REQ (in, NULL, NULL, NULL);
  key = request != NULL ? X509_REQ_get0_pubkey (request) : NULL;
  if (request == NULL || key == NULL || X509_REQ_verify (request, key) != 1)
    {
      X509_REQ_free (request);
      ERR_clear_error ();
      g_set_error_literal (error, HERALD_SANDBOX_CA_ERROR, HERALD_SANDBOX_CA_ERROR_FAILED,
                           _("The “csr” is not a certificate signing request in PEM, signed by its key. "
                             "Make one with openssl req -new -key device.key."));
      return FALSE;
    }
  if (EVP_PKEY_get_base_id (key) != EVP_PKEY_RSA && EVP_PKEY_get_base_id (key) != EVP_PKEY_EC)
    {
      X509_REQ_free (request);
      g_set_error_literal (error, HERALD_SANDBOX_CA_ERROR, HERALD_SANDBOX_CA_ERROR_FAILED,
                           _("The request’s key is neither RSA nor EC. Make the key with openssl genrsa "
                             "or openssl ecparam."));
      return FALSE;
    }
  cert = make_cert (self, key, common_name, 365, FALSE, FALSE, NULL);
  X509_REQ_free (request);
  if (cert == NULL || !PEM_write_bio_X509 (out, cert) || !describe (cert, info_out))
    return set_openssl_error (error, _("sign a certificate"));
  *cert_pem_out = bio_to_string (out, NULL);
  return TRUE;
}

/**
 * herald_sandbox_ca_issue:
 * @common_name: the device's alternate id
 * @info_out: (out caller-allocates): the new certificate's serial, fingerprint and validity
 * @secret_out: (out): the fresh secret the key is encrypted with
 * @data_out: (out): PEM text (encrypted PKCS#8 key, then the certificate),
 *   or base64 of a PKCS#12 whose password is the secret
 *
 * Issues a client certificate with a new key pair, valid from one day in
 * the past for one year. Nothing of it is kept.
 */
gboolean
herald_sandbox_ca_issue (HeraldSandboxCa          *self,
                         const char               *common_name,
                         HeraldSandboxCertFormat   format,
                         HeraldSandboxCertInfo    *info_out,
                         char                    **secret_out,
                         char                    **data_out,
                         GError                  **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  g_autofree char *secret = new_secret ();

  g_return_val_if_fail (HERALD_IS_SANDBOX_CA (self), FALSE);

  if (secret == NULL)
    return set_openssl_error (error, _("make a secret"));

  key = new_device_key (self);
  if (key == NULL)
    return set_openssl_error (error, _("make a key"));
  cert = make_cert (self, key, common_name, 365, FALSE, FALSE, NULL);
  if (cert == NULL)
    return set_openssl_error (error, _("sign a certificate"));

  if (format == HERALD_SANDBOX_CERT_FORMAT_PEM)
    {
      if (!PEM_write_bio_PKCS8PrivateKey (bio, key, EVP_aes_256_cbc (),
                                          secret, strlen (secret), NULL, NULL) ||
          !PEM_write_bio_X509 (bio, cert))
        return set_openssl_error (error, _("write a certificate"));
      *data_out = bio_to_string (bio, NULL);
    }
  else
    {
      g_autoptr(PKCS12) p12 = NULL;
      STACK_OF(X509) *chain = sk_X509_new_null ();
      unsigned char *der = NULL;
      int der_len;

      sk_X509_push (chain, self->ca_cert);
      p12 = PKCS12_create (secret, common_name, key, cert, chain, 0, 0, 0, 0, 0);
      sk_X509_free (chain);
      if (p12 == NULL)
        return set_openssl_error (error, _("write a key store"));
      der_len = i2d_PKCS12 (p12, &der);
      if (der_len <= 0)
        return set_openssl_error (error, _("write a key store"));
      *data_out = g_base64_encode (der, der_len);
      OPENSSL_free (der);
    }

  if (!describe (cert, info_out))
    return set_openssl_error (error, _("read a certificate"));
  *secret_out = g_steal_pointer (&secret);
  return TRUE;
}

/**
 * herald_sandbox_ca_write_crl:
 * @revoked_serials: (array zero-terminated=1): lowercase hex serials
 *
 * Writes the CA's certificate revocation list, valid for a year, for the
 * broker's `crlfile`. An empty list is written too: the broker checks
 * every client against it.
 */
gboolean
herald_sandbox_ca_write_crl (HeraldSandboxCa     *self,
                             const char * const  *revoked_serials,
                             GError             **error)
{
  g_autoptr(X509_CRL) crl = X509_CRL_new ();
  g_autoptr(ASN1_TIME) now = NULL;
  g_autoptr(ASN1_TIME) next = NULL;
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  g_autofree char *text = NULL;
  gsize length;

  now = X509_gmtime_adj (NULL, -DAY_SECONDS);
  next = X509_gmtime_adj (NULL, 365L * DAY_SECONDS);
  if (crl == NULL || now == NULL || next == NULL ||
      !X509_CRL_set_version (crl, 1) ||
      !X509_CRL_set_issuer_name (crl, X509_get_subject_name (self->ca_cert)) ||
      !X509_CRL_set1_lastUpdate (crl, now) ||
      !X509_CRL_set1_nextUpdate (crl, next))
    return set_openssl_error (error, _("write its revocation list"));

  for (guint i = 0; revoked_serials != NULL && revoked_serials[i] != NULL; i++)
    {
      g_autoptr(X509_REVOKED) revoked = X509_REVOKED_new ();
      g_autoptr(BIGNUM) bn = NULL;
      g_autoptr(ASN1_INTEGER) serial = NULL;

      if (!BN_hex2bn (&bn, revoked_serials[i]))
        continue;
      serial = BN_to_ASN1_INTEGER (bn, NULL);
      if (serial == NULL ||
          !X509_REVOKED_set_serialNumber (revoked, serial) ||
          !X509_REVOKED_set_revocationDate (revoked, now) ||
          !X509_CRL_add0_revoked (crl, revoked))
        return set_openssl_error (error, _("write its revocation list"));
      revoked = NULL; /* owned by the CRL now */
    }

  if (!X509_CRL_sort (crl) || X509_CRL_sign (crl, self->ca_key, EVP_sha256 ()) == 0 ||
      !PEM_write_bio_X509_CRL (bio, crl))
    return set_openssl_error (error, _("write its revocation list"));

  text = bio_to_string (bio, &length);
  if (!write_private_file (self->crl_file, text, length, error))
    return FALSE;
  g_chmod (self->crl_file, 0644);
  return TRUE;
}

/**
 * herald_sandbox_ca_check_client:
 * @self: a #HeraldSandboxCa
 * @pem: a client's certificate, PEM
 * @common_name_out: (out): its subject's common name (a device's alternate id)
 * @serial_out: (out): its serial, lowercase hex as herald_sandbox_ca_issue () gives it
 * @error: the reason it is not one of this CA's valid certificates
 *
 * Checks that a TLS client's certificate was issued by this CA and is
 * within its validity period (revocation is the caller's: the serials are
 * in the store).
 *
 * Returns: %TRUE if it was
 */
gboolean
herald_sandbox_ca_check_client (HeraldSandboxCa  *self,
                                const char       *pem,
                                char            **common_name_out,
                                char            **serial_out,
                                GError          **error)
{
  g_autoptr(BIO) bio = BIO_new_mem_buf (pem, -1);
  g_autoptr(X509) cert = NULL;
  X509_NAME *subject;
  char name[256];
  int length;

  g_return_val_if_fail (HERALD_IS_SANDBOX_CA (self), FALSE);

  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  if (cert == NULL || X509_verify (cert, self->ca_key) != 1)
    {
      ERR_clear_error ();
      g_set_error_literal (error, HERALD_SANDBOX_CA_ERROR, HERALD_SANDBOX_CA_ERROR_FAILED,
                           _("The client certificate was not issued by this sandbox. Use the device’s "
                             "certificate from …/authentications/clientCertificate/pem or …/p12."));
      return FALSE;
    }
  if (X509_cmp_current_time (X509_get0_notBefore (cert)) > 0 ||
      X509_cmp_current_time (X509_get0_notAfter (cert)) < 0)
    {
      g_set_error_literal (error, HERALD_SANDBOX_CA_ERROR, HERALD_SANDBOX_CA_ERROR_FAILED,
                           _("The client certificate has expired or is not valid yet. Get a new one "
                             "for the device."));
      return FALSE;
    }
  subject = X509_get_subject_name (cert);
  length = X509_NAME_get_text_by_NID (subject, NID_commonName, name, sizeof name);
  if (length <= 0)
    {
      g_set_error_literal (error, HERALD_SANDBOX_CA_ERROR, HERALD_SANDBOX_CA_ERROR_FAILED,
                           _("The client certificate names no device (it has no common name)."));
      return FALSE;
    }
  *common_name_out = g_strndup (name, length);
  *serial_out = serial_to_string (X509_get0_serialNumber (cert));
  return TRUE;
}

/* herald-keystore-save.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of HeraldKeystore: encrypting it as PKCS#12 or PEM and writing the
 * file atomically with mode 0600.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "herald-keystore-private.h"

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
          g_autofree char *reason = _herald_keystore_openssl_reason ();

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
          g_autofree char *reason = _herald_keystore_openssl_reason ();

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

/* fuzz-keystore.c
 *
 * The key-store loaders: herald_keystore_new_from_data(), which reads a
 * PEM file (certificates, a private key in the clear, encrypted PKCS#8 or
 * encrypted in the traditional way) or a PKCS#12 key store (current or
 * legacy encoding), as Herald opens a file the user chose.
 *
 * Input: byte 0 gives the password: 0xff for none, else its length (modulo
 * 32) of the bytes that follow (cut at a nul); the rest is the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-keystore.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *password = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;
  if (data[0] != 0xff)
    {
      size_t n = MIN ((size_t) data[0] % 32, size - 1);

      password = g_strndup ((const char *) data + 1, n);
      data += n;
      size -= n;
    }
  data++;
  size--;

  bytes = g_bytes_new (data, size);
  keystore = herald_keystore_new_from_data (bytes, password, &error);
  if (keystore == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == HERALD_KEYSTORE_ERROR);
      return 0;
    }

  g_assert_no_error (error);
  (void) herald_keystore_get_subject_cn (keystore);
  (void) herald_keystore_get_issuer (keystore);
  (void) herald_keystore_get_fingerprint (keystore);
  (void) herald_keystore_is_expired (keystore);
  (void) herald_keystore_is_not_yet_valid (keystore);
  g_free (herald_keystore_get_certificate_pem (keystore));
  return 0;
}

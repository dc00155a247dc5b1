/* herald-keystore-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of HeraldKeystore: loading a key store file or its contents, PEM or
 * PKCS#12, whichever it is.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "herald-keystore-private.h"

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
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
      return NULL;
    }
  if (len == 0)
    {
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_NOT_A_KEYSTORE);
      return NULL;
    }

  if (looks_like_pem (buf, len))
    return herald_keystore_new_from_pem ((const char *) buf, len, password, error);

  return herald_keystore_new_from_pkcs12 (data, password, error);
}

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
      _herald_keystore_set_error (error, HERALD_KEYSTORE_ERROR_TOO_LARGE);
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

/* herald-mqtt-session-key-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldMqttSession: the key files. Paho reads the device certificate and
 * key from files, so each TLS connect with a key store writes them, the key
 * re-encrypted with a one-time password, into a private directory under
 * $XDG_RUNTIME_DIR/herald that is removed when the link closes, at exit, or
 * (after a crash) by the next Herald process.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "herald-mqtt-session-private.h"

/* Key directories ------------------------------------------------------ */

G_LOCK_DEFINE_STATIC (key_dirs);
static GHashTable *key_dirs;          /* paths of this process's live key dirs */

static char *
key_dirs_parent (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "herald", NULL);
}

static void
remove_key_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d != NULL)
    {
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *file = g_build_filename (dir, name, NULL);

          g_unlink (file);
        }
      g_dir_close (d);
    }
  g_rmdir (dir);
}

static void
remove_key_dirs_at_exit (void)
{
  GHashTableIter iter;
  gpointer key;

  G_LOCK (key_dirs);
  if (key_dirs != NULL)
    {
      g_hash_table_iter_init (&iter, key_dirs);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        remove_key_dir (key);
      g_clear_pointer (&key_dirs, g_hash_table_unref);
    }
  G_UNLOCK (key_dirs);
}

/**
 * herald_mqtt_session_clean_stale_key_dirs:
 *
 * Removes the key directories (`$XDG_RUNTIME_DIR/herald/keys-PID-*`) of
 * Herald processes that no longer run, e.g. after a crash.
 */
void
herald_mqtt_session_clean_stale_key_dirs (void)
{
  g_autofree char *parent = key_dirs_parent ();
  GDir *d = g_dir_open (parent, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      guint64 pid;
      char *end = NULL;

      if (!g_str_has_prefix (name, "keys-"))
        continue;
      pid = g_ascii_strtoull (name + 5, &end, 10);
      if (end == name + 5 || *end != '-' || pid == 0 || pid > G_MAXINT)
        continue;
      if ((pid_t) pid == getpid ())
        continue;
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;

      {
        g_autofree char *dir = g_build_filename (parent, name, NULL);

        g_debug ("Removing key directory %s of ended process %" G_GUINT64_FORMAT, dir, pid);
        remove_key_dir (dir);
      }
    }
  g_dir_close (d);
}

static char *
random_password (void)
{
  guchar raw[32];
  char *text;

  if (RAND_bytes (raw, sizeof raw) != 1)
    g_error ("OpenSSL could not produce random bytes");
  text = g_base64_encode (raw, sizeof raw);
  OPENSSL_cleanse (raw, sizeof raw);

  return text;
}

static gboolean
write_private (const char *path, GBytes *bytes, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Writes the certificate and the key, re-encrypted with a one-time random
 * password, into a new 0700 directory named after our pid. */
gboolean
_herald_mqtt_link_write_key_files (Link            *link,
                                   HeraldKeystore  *keystore,
                                   GError         **error)
{
  g_autofree char *parent = key_dirs_parent ();
  g_autofree char *template = NULL;
  g_autofree char *cert_pem = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) local_error = NULL;
  static gsize atexit_once = 0;

  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_KEYSTORE,
                   _("Could not create the private folder for the device key (%s). Check that %s is writable."),
                   g_strerror (saved), parent);
      return FALSE;
    }
  g_chmod (parent, 0700);

  template = g_strdup_printf ("%s/keys-%d-XXXXXX", parent, (int) getpid ());
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved = errno;

      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_KEYSTORE,
                   _("Could not create the private folder for the device key (%s). Check that %s is writable."),
                   g_strerror (saved), parent);
      return FALSE;
    }

  if (g_once_init_enter (&atexit_once))
    {
      atexit (remove_key_dirs_at_exit);
      g_once_init_leave (&atexit_once, 1);
    }
  G_LOCK (key_dirs);
  if (key_dirs == NULL)
    key_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (key_dirs, g_strdup (template));
  G_UNLOCK (key_dirs);

  link->key_dir = g_steal_pointer (&template);
  link->cert_file = g_build_filename (link->key_dir, "certificate.pem", NULL);
  link->key_file = g_build_filename (link->key_dir, "key.pem", NULL);
  link->key_password = random_password ();

  cert_pem = herald_keystore_get_certificate_pem (keystore);
  cert = g_bytes_new (cert_pem, strlen (cert_pem));
  key = herald_keystore_export (keystore, HERALD_KEYSTORE_FORMAT_PEM, link->key_password, error);
  if (key == NULL)
    return FALSE;

  if (!write_private (link->cert_file, cert, &local_error) ||
      !write_private (link->key_file, key, &local_error))
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_KEYSTORE,
                   _("Could not write the device key for the connection (%s). Check the space in %s."),
                   local_error->message, parent);
      return FALSE;
    }

  return TRUE;
}

void
_herald_mqtt_link_remove_key_files (Link *link)
{
  if (link->key_dir == NULL)
    return;

  remove_key_dir (link->key_dir);
  G_LOCK (key_dirs);
  if (key_dirs != NULL)
    g_hash_table_remove (key_dirs, link->key_dir);
  G_UNLOCK (key_dirs);
  g_clear_pointer (&link->key_dir, g_free);
}

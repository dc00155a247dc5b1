/* herald-keystore-async.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of HeraldKeystore: the async forms of loading, reading the service's
 * answer and saving, which run the OpenSSL work in a worker thread. The
 * passwords they copy are wiped when the task ends.
 *
 * OpenSSL keeps state for each thread that used it (its error queue, a
 * random generator seeded for it) until the thread ends. A GLib pool thread
 * outlives its task and may end only as the process does, where
 * LeakSanitizer reports what OpenSSL's thread-exit handler had not freed
 * yet. Each task drops it as soon as its OpenSSL work is done
 * (OPENSSL_thread_stop(); OpenSSL makes it again if the thread needs it).
 */

#include "config.h"

#include <openssl/crypto.h>

#include "herald-keystore-private.h"

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

  OPENSSL_thread_stop ();
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

  OPENSSL_thread_stop ();
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

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;
  gboolean saved = herald_keystore_save (source_object, td->file, td->format, td->password, cancellable, &error);

  OPENSSL_thread_stop ();
  if (saved)
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

/* test-fault-keystore.c: saving a key store on a full disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test runs itself again (--disk-full-child) in a private user and
 * mount namespace, the way `unshare -rm` does, and mounts a 64 KiB tmpfs
 * there: a real file system that really runs out of space, without root
 * and without touching the machine's disks. Filled up completely, or up to
 * one page less than the key store needs, HeraldKeystore's save must fail
 * with HERALD_KEYSTORE_ERROR_IO and a message that names the file and says
 * the disk is full; the key store that was there stays as it was, and no
 * new or temporary file is left behind. Once space is free again, the same
 * save works and the file opens with its password.
 *
 * Where user namespaces are not allowed, the test is skipped and says why.
 */

#define _GNU_SOURCE   /* unshare() */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "herald-keystore.h"

#define CHILD_ARG "--disk-full-child"
#define EXIT_SKIP 77
#define PAGE 4096
#define OLD_CONTENTS "the key store that was there before\n"

/* --- In the namespace ------------------------------------------------- */

static gboolean
write_proc (const char *path,
            const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (gssize) strlen (text);
  close (fd);
  return ok;
}

/* What `unshare -rm` does, then a 64 KiB tmpfs on @dir. Runs before
 * anything could start a thread (a new user namespace needs a single
 * thread). Returns FALSE and sets @reason where the system does not allow
 * it. */
static gboolean
enter_namespace (const char  *dir,
                 char       **reason)
{
  uid_t uid = getuid ();
  gid_t gid = getgid ();
  char map[64];

  if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
    {
      *reason = g_strdup_printf ("unshare(CLONE_NEWUSER|CLONE_NEWNS) is not allowed here: %s",
                                 g_strerror (errno));
      return FALSE;
    }
  g_snprintf (map, sizeof map, "0 %u 1\n", (unsigned) uid);
  if (!write_proc ("/proc/self/setgroups", "deny\n") ||
      !write_proc ("/proc/self/uid_map", map))
    {
      *reason = g_strdup_printf ("cannot map the user into the namespace: %s", g_strerror (errno));
      return FALSE;
    }
  g_snprintf (map, sizeof map, "0 %u 1\n", (unsigned) gid);
  if (!write_proc ("/proc/self/gid_map", map))
    {
      *reason = g_strdup_printf ("cannot map the group into the namespace: %s", g_strerror (errno));
      return FALSE;
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0700") != 0)
    {
      *reason = g_strdup_printf ("cannot mount a tmpfs in the namespace: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Fills the file system of @dir with @path, then frees @leave bytes. */
static void
fill (const char *path,
      gsize       leave)
{
  char block[PAGE];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  off_t size = 0;

  g_assert_cmpint (fd, >=, 0);
  memset (block, 'x', sizeof block);
  for (;;)
    {
      gssize n = write (fd, block, sizeof block);

      if (n < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
      size += n;
    }
  g_assert_cmpint (ftruncate (fd, size - (off_t) MIN ((gsize) size, leave)), ==, 0);
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
assert_disk_full_error (const GError *error,
                        const char   *path)
{
  g_autofree char *temp_prefix = g_strconcat (path, ".", NULL);

  g_print ("save refused: %s\n", error->message);
  g_assert_error (error, HERALD_KEYSTORE_ERROR, HERALD_KEYSTORE_ERROR_IO);
  /* The file the user chose, not a temporary one; what went wrong and what
   * to do about it. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (strstr (error->message, temp_prefix));
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_nonnull (strstr (error->message, "Free some space"));
}

static int
run_child (const char *dir,
           const char *mode,
           const char *format_name,
           const char *source)
{
  HeraldKeystoreFormat format = g_str_equal (format_name, "pem") ? HERALD_KEYSTORE_FORMAT_PEM
                                                                 : HERALD_KEYSTORE_FORMAT_PKCS12;
  g_autofree char *reason = NULL;
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autofree char *existing_path = g_build_filename (dir, "client.ks", NULL);
  g_autofree char *new_path = g_build_filename (dir, "new.ks", NULL);
  g_autoptr(GFile) source_file = NULL;
  g_autoptr(GFile) existing = NULL;
  g_autoptr(GFile) fresh = NULL;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(HeraldKeystore) reopened = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) names = NULL;

  if (!enter_namespace (dir, &reason))
    {
      g_print ("%s\n", reason);
      return EXIT_SKIP;
    }

  source_file = g_file_new_for_path (source);
  keystore = herald_keystore_load_file (source_file, NULL, NULL, &error);
  g_assert_no_error (error);
  exported = herald_keystore_export (keystore, format, "s3cret", &error);
  g_assert_no_error (error);
  /* More than the page left free: the write starts and then fails. */
  g_assert_cmpuint (g_bytes_get_size (exported), >, PAGE);
  g_print ("key store: %s, %zu bytes\n", format_name, g_bytes_get_size (exported));

  g_file_set_contents (existing_path, OLD_CONTENTS, -1, &error);
  g_assert_no_error (error);
  fill (filler, g_str_equal (mode, "partial") ? PAGE : 0);
  {
    struct statvfs st;

    g_assert_cmpint (statvfs (dir, &st), ==, 0);
    g_print ("free before saving: %lu bytes\n", (unsigned long) (st.f_bavail * st.f_bsize));
    g_assert_cmpuint (st.f_bavail * st.f_bsize, ==, g_str_equal (mode, "partial") ? PAGE : 0);
  }

  /* Over an existing key store, and as a new file. */
  existing = g_file_new_for_path (existing_path);
  fresh = g_file_new_for_path (new_path);
  g_assert_false (herald_keystore_save (keystore, existing, format, "s3cret", NULL, &error));
  assert_disk_full_error (error, existing_path);
  g_clear_error (&error);
  g_assert_false (herald_keystore_save (keystore, fresh, format, "s3cret", NULL, &error));
  assert_disk_full_error (error, new_path);
  g_clear_error (&error);

  /* Nothing half-written: the old file as it was, no new or temporary one. */
  names = list_dir (dir);
  {
    g_autofree char *joined = g_strjoinv (" ", names);
    g_print ("left in the folder: %s\n", joined);
  }
  g_assert_cmpstrv (names, ((const char * const[]) { "client.ks", "filler", NULL }));
  g_file_get_contents (existing_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, OLD_CONTENTS);

  /* Space again: the same save works and the file opens. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (herald_keystore_save (keystore, existing, format, "s3cret", NULL, &error));
  g_assert_no_error (error);
  reopened = herald_keystore_load_file (existing, "s3cret", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_keystore_get_fingerprint (reopened), ==, herald_keystore_get_fingerprint (keystore));
  g_clear_pointer (&names, g_strfreev);
  names = list_dir (dir);
  g_assert_cmpstrv (names, ((const char * const[]) { "client.ks", NULL }));

  return 0;
}

/* --- The test --------------------------------------------------------- */

static char *key_store_pem;

static void
run_openssl (const char *dir,
             const char *command)
{
  g_autofree char *full = g_strdup_printf ("openssl %s", command);
  g_auto(GStrv) argv = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_shell_parse_argv (full, NULL, &argv, &error);
  g_assert_no_error (error);
  g_spawn_sync (dir, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", full, err);
}

/* RSA 4096 with its CA in the chain: over a page in either format. */
static const char *
make_key_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *key = NULL, *leaf = NULL, *ca = NULL;

  if (key_store_pem != NULL)
    return key_store_pem;

  dir = g_dir_make_tmp ("fault-keystore-XXXXXX", &error);
  g_assert_no_error (error);
  run_openssl (dir, "req -x509 -newkey rsa:4096 -nodes -keyout ca.key -out ca.pem "
                    "-subj /CN=Disk\\ Full\\ CA -days 2");
  run_openssl (dir, "req -newkey rsa:4096 -nodes -keyout leaf.key -out leaf.csr -subj /CN=disk-full");
  run_openssl (dir, "x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                    "-out leaf.pem -days 2");
  key = g_build_filename (dir, "leaf.key", NULL);
  leaf = g_build_filename (dir, "leaf.pem", NULL);
  ca = g_build_filename (dir, "ca.pem", NULL);
  {
    g_autofree char *k = NULL, *l = NULL, *c = NULL, *all = NULL;

    g_assert_true (g_file_get_contents (key, &k, NULL, NULL));
    g_assert_true (g_file_get_contents (leaf, &l, NULL, NULL));
    g_assert_true (g_file_get_contents (ca, &c, NULL, NULL));
    all = g_strconcat (k, l, c, NULL);
    key_store_pem = g_build_filename (dir, "keystore.pem", NULL);
    g_file_set_contents (key_store_pem, all, -1, &error);
    g_assert_no_error (error);
  }
  return key_store_pem;
}

static void
test_disk_full (gconstpointer data)
{
  g_auto(GStrv) parts = g_strsplit (data, " ", 2);   /* "MODE FORMAT" */
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_dir_make_tmp ("fault-disk-full-XXXXXX", &error);
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  g_assert_no_error (error);
  g_assert_nonnull (self);
  child = g_subprocess_launcher_spawn (launcher, &error, self, CHILD_ARG, dir, parts[0], parts[1],
                                       make_key_store (), NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_if_exited (child) ? g_subprocess_get_exit_status (child) : -1;
  g_rmdir (dir);   /* the tmpfs went with the namespace */

  lines = g_strsplit (g_strchomp (output), "\n", -1);
  if (status == EXIT_SKIP)
    {
      g_test_skip (output);
      return;
    }
  for (guint i = 0; lines[i] != NULL; i++)
    g_test_message ("%s", lines[i]);
  if (status != 0)
    g_error ("the child in the namespace failed (%s)", g_subprocess_get_if_exited (child)
             ? "non-zero exit" : "killed by a signal");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc == 6 && g_str_equal (argv[1], CHILD_ARG))
    {
      setlocale (LC_ALL, "");
      return run_child (argv[2], argv[3], argv[4], argv[5]);
    }

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/fault/keystore/disk-full/pkcs12", "full pkcs12", test_disk_full);
  g_test_add_data_func ("/fault/keystore/disk-full/pem", "full pem", test_disk_full);
  g_test_add_data_func ("/fault/keystore/disk-full-midway/pkcs12", "partial pkcs12", test_disk_full);
  g_test_add_data_func ("/fault/keystore/disk-full-midway/pem", "partial pem", test_disk_full);

  status = g_test_run ();

  if (key_store_pem != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (key_store_pem);
      const char *files[] = { "ca.key", "ca.pem", "ca.srl", "leaf.key", "leaf.csr", "leaf.pem", "keystore.pem" };

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *path = g_build_filename (dir, files[i], NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
      g_clear_pointer (&key_store_pem, g_free);
    }
  return status;
}

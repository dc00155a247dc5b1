/* herald-test-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "herald-test-broker.h"

#define MOSQUITTO "/usr/sbin/mosquitto"


struct _HeraldTestPki
{
  char *dir;
  char *ca_file;
  char *cnf;
};

struct _HeraldTestBroker
{
  char *dir;
  gboolean own_dir;
  HeraldTestPki *pki;
  HeraldTestBrokerOptions options;
  guint16 port;
  guint16 plain_port;
  guint16 ws_port;
  GPid pid;
};

gboolean
herald_test_run_openssl (GError     **error,
                         const char  *first_arg,
                         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (char *) "openssl");
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                     NULL, NULL, &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv->pdata);

      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed: %s", cmd, err);
      return FALSE;
    }

  return TRUE;
}

static void
write_file (const char *path, const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* PKI ----------------------------------------------------------------- */

/**
 * herald_test_pki_new:
 * @dir: an existing directory
 * @ca_cn: the CA's common name
 *
 * Makes a CA (RSA 2048, valid from a day ago for ten years) in @dir with
 * the openssl CLI, and an `openssl ca` configuration to issue certificates
 * whose validity may start in the past.
 */
HeraldTestPki *
herald_test_pki_new (const char *dir,
                     const char *ca_cn)
{
  HeraldTestPki *pki = g_new0 (HeraldTestPki, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *subj = g_strdup_printf ("/CN=%s", ca_cn);
  g_autofree char *key = NULL, *csr = NULL, *index = NULL, *serial = NULL, *newcerts = NULL;
  g_autofree char *cnf_text = NULL, *ext = NULL;

  pki->dir = g_strdup (dir);
  pki->ca_file = g_build_filename (dir, "ca.pem", NULL);
  pki->cnf = g_build_filename (dir, "ca.cnf", NULL);
  key = g_build_filename (dir, "ca.key", NULL);
  csr = g_build_filename (dir, "ca.csr", NULL);
  index = g_build_filename (dir, "index.txt", NULL);
  serial = g_build_filename (dir, "serial", NULL);
  newcerts = g_build_filename (dir, "newcerts", NULL);
  ext = g_build_filename (dir, "ca-ext.cnf", NULL);

  g_mkdir_with_parents (newcerts, 0700);
  write_file (index, "");
  write_file (serial, "1000\n");
  cnf_text = g_strdup_printf ("[ ca ]\n"
                              "default_ca = test_ca\n"
                              "[ test_ca ]\n"
                              "database = %s\n"
                              "new_certs_dir = %s\n"
                              "serial = %s\n"
                              "certificate = %s\n"
                              "private_key = %s\n"
                              "default_md = sha256\n"
                              "policy = policy_any\n"
                              "unique_subject = no\n"
                              "email_in_dn = no\n"
                              "[ policy_any ]\n"
                              "commonName = supplied\n"
                              "[ req ]\n"
                              "distinguished_name = dn\n"
                              "[ dn ]\n",
                              index, newcerts, serial, pki->ca_file, key);
  write_file (pki->cnf, cnf_text);
  write_file (ext, "[ v3 ]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
                   "subjectKeyIdentifier = hash\n");

  herald_test_run_openssl (&error, "req", "-new", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key, "-out", csr, "-subj", subj,
                           "-config", pki->cnf, NULL);
  g_assert_no_error (error);
  herald_test_run_openssl (&error, "ca", "-batch", "-selfsign", "-config", pki->cnf,
                           "-keyfile", key, "-in", csr, "-out", pki->ca_file, "-notext",
                           "-startdate", "20200101000000Z", "-enddate", "20400101000000Z",
                           "-extfile", ext, "-extensions", "v3", NULL);
  g_assert_no_error (error);

  return pki;
}

void
herald_test_pki_free (HeraldTestPki *pki)
{
  g_free (pki->dir);
  g_free (pki->ca_file);
  g_free (pki->cnf);
  g_free (pki);
}

const char *
herald_test_pki_get_dir (HeraldTestPki *pki)
{
  return pki->dir;
}

const char *
herald_test_pki_get_ca_file (HeraldTestPki *pki)
{
  return pki->ca_file;
}

char *
herald_test_pki_path (HeraldTestPki *pki,
                      const char    *file)
{
  return g_build_filename (pki->dir, file, NULL);
}

static char *
days_to_asn1 (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) t = g_date_time_add_days (now, days);

  return g_date_time_format (t, "%Y%m%d%H%M%SZ");
}

/**
 * herald_test_pki_issue:
 * @name: file name stem: writes NAME.key (unencrypted, test only) and NAME.crt
 * @cn: the subject CN
 * @san: (nullable): a subjectAltName value, e.g. "DNS:localhost,IP:127.0.0.1"
 * @start_days: start of validity in days from now (negative: in the past)
 * @end_days: end of validity in days from now
 */
void
herald_test_pki_issue (HeraldTestPki *pki,
                       const char    *name,
                       const char    *cn,
                       const char    *san,
                       int            start_days,
                       int            end_days)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("%s/%s.key", pki->dir, name);
  g_autofree char *csr = g_strdup_printf ("%s/%s.csr", pki->dir, name);
  g_autofree char *crt = g_strdup_printf ("%s/%s.crt", pki->dir, name);
  g_autofree char *ext = g_strdup_printf ("%s/%s.ext", pki->dir, name);
  g_autofree char *subj = g_strdup_printf ("/CN=%s", cn);
  g_autofree char *start = days_to_asn1 (start_days);
  g_autofree char *end = days_to_asn1 (end_days);
  g_autofree char *ext_text = NULL;

  ext_text = g_strdup_printf ("[ v3 ]\nbasicConstraints = CA:FALSE\n"
                              "keyUsage = digitalSignature,keyEncipherment\n"
                              "extendedKeyUsage = %s\n%s%s\n",
                              san != NULL ? "serverAuth,clientAuth" : "clientAuth",
                              san != NULL ? "subjectAltName = " : "",
                              san != NULL ? san : "");
  write_file (ext, ext_text);

  herald_test_run_openssl (&error, "req", "-new", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key, "-out", csr, "-subj", subj,
                           "-config", pki->cnf, NULL);
  g_assert_no_error (error);
  herald_test_run_openssl (&error, "ca", "-batch", "-config", pki->cnf,
                           "-in", csr, "-out", crt, "-notext",
                           "-startdate", start, "-enddate", end,
                           "-extfile", ext, "-extensions", "v3", NULL);
  g_assert_no_error (error);
}

/**
 * herald_test_pki_issue_answer:
 *
 * What the service's `pem` endpoint answers for a device @cn: a new key
 * encrypted (PKCS#8) with @secret, then the certificate. Also leaves
 * CN.key, CN.crt and CN-answer.pem in the PKI directory.
 *
 * Returns: (transfer full): the `pem` text
 */
char *
herald_test_pki_issue_answer (HeraldTestPki *pki,
                              const char    *cn,
                              const char    *secret)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("%s/%s.key", pki->dir, cn);
  g_autofree char *enc = g_strdup_printf ("%s/%s-enc.key", pki->dir, cn);
  g_autofree char *crt = g_strdup_printf ("%s/%s.crt", pki->dir, cn);
  g_autofree char *answer = g_strdup_printf ("%s/%s-answer.pem", pki->dir, cn);
  g_autofree char *pass = g_strdup_printf ("pass:%s", secret);
  g_autofree char *k = NULL, *c = NULL;
  char *pem;

  herald_test_pki_issue (pki, cn, cn, NULL, -1, 365);
  herald_test_run_openssl (&error, "pkcs8", "-topk8", "-in", key, "-out", enc,
                           "-v2", "aes-256-cbc", "-passout", pass, NULL);
  g_assert_no_error (error);

  g_file_get_contents (enc, &k, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (crt, &c, NULL, &error);
  g_assert_no_error (error);
  pem = g_strconcat (k, c, NULL);
  write_file (answer, pem);

  return pem;
}

/* Broker -------------------------------------------------------------- */

/* A port that was free a moment ago: bind port 0 on loopback, read, close. */
guint16
herald_test_free_port (void)
{
  struct sockaddr_in sa = { 0 };
  socklen_t len = sizeof sa;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint16 port;

  g_assert_cmpint (fd, >=, 0);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sa, &len), ==, 0);
  port = ntohs (sa.sin_port);
  close (fd);

  return port;
}

/**
 * herald_test_broker_new:
 * @options: (nullable): server certificate validity and extra listeners
 *
 * Makes a temporary directory with a CA, a server certificate for
 * localhost/127.0.0.1 (SAN DNS:localhost only, so ssl://127.0.0.1 is a host
 * name mismatch), an "admin" client certificate, the ACL and the config.
 * The broker is not started.
 */
HeraldTestBroker *
herald_test_broker_new (const HeraldTestBrokerOptions *options)
{
  HeraldTestBroker *broker = g_new0 (HeraldTestBroker, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *acl = NULL;

  if (options != NULL)
    broker->options = *options;
  else
    {
      broker->options.server_start_days = -1;
      broker->options.server_end_days = 365;
    }

  broker->dir = g_dir_make_tmp ("herald-broker-XXXXXX", &error);
  g_assert_no_error (error);
  broker->own_dir = TRUE;
  broker->pki = herald_test_pki_new (broker->dir, "Herald Test CA");
  herald_test_pki_issue (broker->pki, "server", "localhost", "DNS:localhost",
                         broker->options.server_start_days, broker->options.server_end_days);
  herald_test_pki_issue (broker->pki, "admin", "admin", NULL, -1, 365);

  if (broker->options.user != NULL)
    {
      g_autofree char *passwd = g_build_filename (broker->dir, "passwd", NULL);
      const char *argv[] = { "mosquitto_passwd", "-c", "-b", passwd, broker->options.user,
                             broker->options.password, NULL };
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  acl = g_build_filename (broker->dir, "acl", NULL);
  write_file (acl,
              "user admin\n"
              "topic readwrite #\n"
              "\n"
              "pattern read commands/%u\n"
              "pattern read ack/%u\n"
              "pattern write measures/%u\n"
              "pattern readwrite test/%u/#\n");

  return broker;
}

static void
write_config (HeraldTestBroker *broker)
{
  g_autofree char *conf = g_build_filename (broker->dir, "mosquitto.conf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *access = NULL;
  g_autofree char *persistence = NULL;

  if (broker->options.persistence)
    persistence = g_strdup_printf ("persistence true\npersistence_location %s/\n", broker->dir);
  else
    persistence = g_strdup ("persistence false\n");

  if (broker->options.deny_subscriptions)
    {
      g_autofree char *json = g_build_filename (broker->dir, "dynsec.json", NULL);

      write_file (json, "{\"defaultACLAccess\":{\"publishClientSend\":true,"
                        "\"publishClientReceive\":true,\"subscribe\":false,"
                        "\"unsubscribe\":true},\"clients\":[],\"groups\":[],\"roles\":[]}\n");
      const char *plugins[] = { "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
                                "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
                                "/usr/lib64/mosquitto_dynamic_security.so",
                                "/usr/lib/mosquitto_dynamic_security.so" };
      const char *plugin = plugins[0];

      for (guint i = 0; i < G_N_ELEMENTS (plugins); i++)
        if (g_file_test (plugins[i], G_FILE_TEST_EXISTS))
          {
            plugin = plugins[i];
            break;
          }
      access = g_strdup_printf ("plugin %s\nplugin_opt_config_file %s\n", plugin, json);
    }
  else
    access = g_strdup_printf ("acl_file %s/acl\n", broker->dir);

  if (broker->options.plain_listener && broker->options.user != NULL)
    plain = g_strdup_printf ("listener %u 127.0.0.1\npassword_file %s/passwd\n", broker->plain_port, broker->dir);
  else if (broker->options.plain_listener)
    plain = g_strdup_printf ("listener %u 127.0.0.1\n", broker->plain_port);
  if (broker->options.websockets)
    {
      char *with_ws = g_strdup_printf ("%s"
                                       "listener %u 127.0.0.1\n"
                                       "protocol websockets\n"
                                       "cafile %s/ca.pem\n"
                                       "certfile %s/server.crt\n"
                                       "keyfile %s/server.key\n"
                                       "require_certificate true\n"
                                       "use_identity_as_username true\n",
                                       plain != NULL ? plain : "", broker->ws_port,
                                       broker->dir, broker->dir, broker->dir);
      g_free (plain);
      plain = with_ws;
    }

  text = g_strdup_printf ("user %s\n"
                          "log_dest stderr\n"
                          "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                          "%s"
                          "allow_anonymous false\n"
                          "max_queued_messages 0\n"
                          "%s"
                          "listener %u 127.0.0.1\n"
                          "cafile %s/ca.pem\n"
                          "certfile %s/server.crt\n"
                          "keyfile %s/server.key\n"
                          "require_certificate true\n"
                          "use_identity_as_username true\n"
                          "%s",
                          g_get_user_name (), persistence, access, broker->port,
                          broker->dir, broker->dir, broker->dir,
                          plain != NULL ? plain : "");
  write_file (conf, text);
}

static void
child_setup (gpointer user_data)
{
  /* The broker dies with the test, even after a kill -9. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Whether something accepts TCP connections on @port of 127.0.0.1. */
gboolean
herald_test_port_accepts (guint16 port)
{
  struct sockaddr_in sa = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok;

  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  sa.sin_port = htons (port);
  ok = connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0;
  close (fd);

  return ok;
}

static gboolean
start_once (HeraldTestBroker  *broker,
            gboolean          *port_in_use,
            GError           **error)
{
  g_autofree char *conf = g_build_filename (broker->dir, "mosquitto.conf", NULL);
  g_autofree char *log = g_build_filename (broker->dir, "mosquitto.log", NULL);
  const char *argv[] = { MOSQUITTO, "-c", conf, NULL };
  int fd;
  gint64 deadline;

  *port_in_use = FALSE;
  write_config (broker);

  fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  if (!g_spawn_async_with_fds (broker->dir, (char **) argv, NULL,
                               G_SPAWN_DO_NOT_REAP_CHILD, child_setup, NULL,
                               &broker->pid, -1, fd, fd, error))
    {
      close (fd);
      return FALSE;
    }
  close (fd);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      int status;

      if (waitpid (broker->pid, &status, WNOHANG) == broker->pid)
        {
          g_autofree char *text = NULL;

          broker->pid = 0;
          g_file_get_contents (log, &text, NULL, NULL);
          *port_in_use = text != NULL && strstr (text, "in use") != NULL;
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       "mosquitto exited: %s", text != NULL ? text : "");
          return FALSE;
        }
      if (herald_test_port_accepts (broker->port) &&
          (!broker->options.plain_listener || herald_test_port_accepts (broker->plain_port)) &&
          (!broker->options.websockets || herald_test_port_accepts (broker->ws_port)))
        return TRUE;
      g_usleep (10 * 1000);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "mosquitto did not start listening");
  herald_test_broker_stop (broker);
  return FALSE;
}

/**
 * herald_test_broker_start:
 *
 * Starts mosquitto on free loopback ports and waits until it listens. The
 * first start picks the ports (retrying when one was taken meanwhile); later
 * starts keep them.
 */
gboolean
herald_test_broker_start (HeraldTestBroker  *broker,
                          GError           **error)
{
  gboolean pick = broker->port == 0;

  g_return_val_if_fail (broker->pid == 0, FALSE);

  for (guint attempt = 0; attempt < 20; attempt++)
    {
      gboolean in_use = FALSE;
      g_autoptr(GError) local_error = NULL;

      if (pick)
        {
          broker->port = herald_test_free_port ();
          broker->plain_port = broker->options.plain_listener ? herald_test_free_port () : 0;
          broker->ws_port = broker->options.websockets ? herald_test_free_port () : 0;
        }
      if (start_once (broker, &in_use, &local_error))
        return TRUE;
      if (!in_use || attempt == 19)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Someone else took the port: pick others, or wait for it on restart. */
      if (!pick)
        g_usleep (100 * 1000);
    }

  return FALSE;
}

void
herald_test_broker_stop (HeraldTestBroker *broker)
{
  int status;

  if (broker->pid == 0)
    return;

  kill (broker->pid, SIGTERM);
  waitpid (broker->pid, &status, 0);
  broker->pid = 0;
}

gboolean
herald_test_broker_restart (HeraldTestBroker  *broker,
                            GError           **error)
{
  herald_test_broker_stop (broker);
  return herald_test_broker_start (broker, error);
}

gboolean
herald_test_broker_is_running (HeraldTestBroker *broker)
{
  return broker->pid != 0;
}

/* Deletes @file and, if it is a directory, all it holds (symbolic links
 * are not followed). */
gboolean
herald_test_remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) e = NULL;

  e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (e != NULL)
    {
      GFileInfo *info;
      GFile *child;

      while (g_file_enumerator_iterate (e, &info, &child, NULL, NULL) && info != NULL)
        {
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            herald_test_remove_tree (child);
          else
            g_file_delete (child, NULL, NULL);
        }
    }

  return g_file_delete (file, NULL, NULL);
}

void
herald_test_broker_free (HeraldTestBroker *broker)
{
  herald_test_broker_stop (broker);
  g_clear_pointer (&broker->pki, herald_test_pki_free);
  if (broker->own_dir && g_getenv ("HERALD_TEST_KEEP") == NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (broker->dir);

      herald_test_remove_tree (dir);
    }
  g_free (broker->dir);
  g_free (broker);
}

guint16
herald_test_broker_get_port (HeraldTestBroker *broker)
{
  return broker->port;
}

guint16
herald_test_broker_get_plain_port (HeraldTestBroker *broker)
{
  return broker->plain_port;
}

guint16
herald_test_broker_get_ws_port (HeraldTestBroker *broker)
{
  return broker->ws_port;
}

/* Returns: (transfer full): "ssl://localhost:PORT" */
char *
herald_test_broker_get_uri (HeraldTestBroker *broker)
{
  return g_strdup_printf ("ssl://localhost:%u", broker->port);
}

HeraldTestPki *
herald_test_broker_get_pki (HeraldTestBroker *broker)
{
  return broker->pki;
}

const char *
herald_test_broker_get_dir (HeraldTestBroker *broker)
{
  return broker->dir;
}

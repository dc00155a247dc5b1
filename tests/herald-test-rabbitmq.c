/* herald-test-rabbitmq.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "herald-test-rabbitmq.h"

#define RABBITMQ_SERVER "/usr/lib/rabbitmq/bin/rabbitmq-server"

typedef struct
{
  char *name;
  char *password;    /* NULL: a client certificate's CN only */
  char *own_topics;  /* NULL: every topic; else <own>'s topics only */
} User;

struct _HeraldTestRabbitmq
{
  HeraldTestPki *pki;
  char          *dir;
  GArray        *users;
  guint16        port;
  guint16        tls_port;
  guint16        dist_port;
  guint16        epmd_port;
  GPid           epmd_pid;
  GPid           pid;
};

static void
clear_user (User *user)
{
  g_free (user->name);
  g_free (user->password);
  g_free (user->own_topics);
}

/**
 * herald_test_rabbitmq_available:
 *
 * Returns: whether RabbitMQ (Debian's rabbitmq-server) and epmd are here
 */
gboolean
herald_test_rabbitmq_available (void)
{
  g_autofree char *epmd = g_find_program_in_path ("epmd");

  return epmd != NULL && g_file_test (RABBITMQ_SERVER, G_FILE_TEST_IS_EXECUTABLE);
}

/**
 * herald_test_rabbitmq_new:
 * @pki: the CA and the "server" certificate (CN localhost) the TLS
 *   listener uses, as herald_test_broker_new() makes them
 */
HeraldTestRabbitmq *
herald_test_rabbitmq_new (HeraldTestPki *pki)
{
  HeraldTestRabbitmq *rabbit = g_new0 (HeraldTestRabbitmq, 1);
  g_autoptr(GError) error = NULL;

  rabbit->pki = pki;
  rabbit->dir = g_dir_make_tmp ("herald-rabbitmq-XXXXXX", &error);
  g_assert_no_error (error);
  rabbit->users = g_array_new (FALSE, TRUE, sizeof (User));
  g_array_set_clear_func (rabbit->users, (GDestroyNotify) clear_user);
  return rabbit;
}

/**
 * herald_test_rabbitmq_add_user:
 * @password: (nullable): the password, or %NULL for a user who logs in
 *   with a client certificate of CN @name only
 * @own_topics: (nullable): %NULL for every topic; else the user may
 *   publish only to measures/@own_topics and test/@own_topics/…, and
 *   subscribe only to commands/@own_topics and test/@own_topics/…
 *
 * Before herald_test_rabbitmq_start().
 */
void
herald_test_rabbitmq_add_user (HeraldTestRabbitmq *rabbit,
                               const char         *name,
                               const char         *password,
                               const char         *own_topics)
{
  User user = { g_strdup (name), g_strdup (password), g_strdup (own_topics) };

  g_assert_cmpint (rabbit->pid, ==, 0);
  g_array_append_val (rabbit->users, user);
}

/* RabbitMQ's rabbit_password_hashing_sha256: base64 of a 4-byte salt and
 * SHA-256 of the salt and the password. */
static char *
password_hash (const char *password)
{
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buffer[4 + 32];
  gsize length = 32;

  for (guint i = 0; i < 4; i++)
    buffer[i] = (guint8) g_random_int_range (0, 256);
  g_checksum_update (sha, buffer, 4);
  g_checksum_update (sha, (const guchar *) password, strlen (password));
  g_checksum_get_digest (sha, buffer + 4, &length);
  return g_base64_encode (buffer, sizeof buffer);
}

static void
write_definitions (HeraldTestRabbitmq *rabbit,
                   const char         *path)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "vhosts");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "/");
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "users");
  json_builder_begin_array (b);
  for (guint i = 0; i < rabbit->users->len; i++)
    {
      User *user = &g_array_index (rabbit->users, User, i);
      g_autofree char *hash = user->password != NULL ? password_hash (user->password) : g_strdup ("");

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, user->name);
      json_builder_set_member_name (b, "password_hash");
      json_builder_add_string_value (b, hash);
      json_builder_set_member_name (b, "hashing_algorithm");
      json_builder_add_string_value (b, "rabbit_password_hashing_sha256");
      json_builder_set_member_name (b, "tags");
      json_builder_begin_array (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "permissions");
  json_builder_begin_array (b);
  for (guint i = 0; i < rabbit->users->len; i++)
    {
      User *user = &g_array_index (rabbit->users, User, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "user");
      json_builder_add_string_value (b, user->name);
      json_builder_set_member_name (b, "vhost");
      json_builder_add_string_value (b, "/");
      for (const char **what = (const char *[]) { "configure", "write", "read", NULL }; *what != NULL; what++)
        {
          json_builder_set_member_name (b, *what);
          json_builder_add_string_value (b, ".*");
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* MQTT topics are the amq.topic exchange's routing keys, "/" as ".". */
  json_builder_set_member_name (b, "topic_permissions");
  json_builder_begin_array (b);
  for (guint i = 0; i < rabbit->users->len; i++)
    {
      User *user = &g_array_index (rabbit->users, User, i);
      g_autofree char *own = NULL;
      g_autofree char *write = NULL;
      g_autofree char *read = NULL;

      if (user->own_topics == NULL)
        continue;
      own = g_regex_escape_string (user->own_topics, -1);
      write = g_strdup_printf ("^(measures\\.%s|test\\.%s\\..*)$", own, own);
      read = g_strdup_printf ("^(commands\\.%s|test\\.%s\\..*)$", own, own);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "user");
      json_builder_add_string_value (b, user->name);
      json_builder_set_member_name (b, "vhost");
      json_builder_add_string_value (b, "/");
      json_builder_set_member_name (b, "exchange");
      json_builder_add_string_value (b, "amq.topic");
      json_builder_set_member_name (b, "write");
      json_builder_add_string_value (b, write);
      json_builder_set_member_name (b, "read");
      json_builder_add_string_value (b, read);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
write_config (HeraldTestRabbitmq *rabbit)
{
  const char *pki = herald_test_pki_get_dir (rabbit->pki);
  g_autofree char *conf = g_build_filename (rabbit->dir, "rabbitmq.conf", NULL);
  g_autofree char *plugins = g_build_filename (rabbit->dir, "enabled_plugins", NULL);
  g_autofree char *definitions = g_build_filename (rabbit->dir, "definitions.json", NULL);
  g_autofree char *text = NULL;

  write_definitions (rabbit, definitions);
  write_text (plugins, "[rabbitmq_mqtt].\n");
  text = g_strdup_printf ("listeners.tcp = none\n"
                          "mqtt.listeners.tcp.default = 127.0.0.1:%u\n"
                          "mqtt.listeners.ssl.default = 127.0.0.1:%u\n"
                          "ssl_options.cacertfile = %s/ca.pem\n"
                          "ssl_options.certfile = %s/server.crt\n"
                          "ssl_options.keyfile = %s/server.key\n"
                          "ssl_options.verify = verify_peer\n"
                          "ssl_options.fail_if_no_peer_cert = true\n"
                          "mqtt.ssl_cert_login = true\n"
                          "ssl_cert_login_from = common_name\n"
                          "mqtt.allow_anonymous = false\n"
                          "loopback_users = none\n"
                          "load_definitions = %s\n"
                          "log.console = false\n"
                          "log.file.level = info\n",
                          rabbit->port, rabbit->tls_port, pki, pki, pki, definitions);
  write_text (conf, text);
}

/* Each child in a process group of its own, killed with the test. */
static void
child_setup (gpointer data)
{
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GPid
spawn (const char * const *argv,
       char              **envp,
       const char         *log)
{
  g_autoptr(GError) error = NULL;
  int fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  GPid pid = 0;

  g_assert_cmpint (fd, >=, 0);
  g_spawn_async_with_pipes_and_fds (NULL, argv, (const char * const *) envp,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_SEARCH_PATH,
                                    child_setup, NULL, -1, fd, fd, NULL, NULL, 0,
                                    &pid, NULL, NULL, NULL, &error);
  close (fd);
  g_assert_no_error (error);
  return pid;
}

static void
stop_group (GPid *pid)
{
  if (*pid == 0)
    return;
  kill (-*pid, SIGKILL);
  waitpid (*pid, NULL, 0);
  *pid = 0;
}

/**
 * herald_test_rabbitmq_start:
 *
 * Starts the node's own epmd and the node, and waits (up to 60 s) until
 * both MQTT listeners accept connections.
 */
gboolean
herald_test_rabbitmq_start (HeraldTestRabbitmq  *rabbit,
                            GError             **error)
{
  g_autofree char *epmd_port = NULL;
  g_autofree char *epmd_log = g_build_filename (rabbit->dir, "epmd.log", NULL);
  g_autofree char *log = g_build_filename (rabbit->dir, "server.log", NULL);
  g_autofree char *nodename = NULL;
  g_autofree char *dist_port = NULL;
  g_autofree char *config = g_build_filename (rabbit->dir, "rabbitmq", NULL);
  g_autofree char *plugins = g_build_filename (rabbit->dir, "enabled_plugins", NULL);
  g_autofree char *mnesia = g_build_filename (rabbit->dir, "mnesia", NULL);
  g_autofree char *logs = g_build_filename (rabbit->dir, "log", NULL);
  g_auto(GStrv) envp = g_get_environ ();
  gint64 deadline;

  rabbit->port = herald_test_free_port ();
  rabbit->tls_port = herald_test_free_port ();
  rabbit->dist_port = herald_test_free_port ();
  rabbit->epmd_port = herald_test_free_port ();
  write_config (rabbit);

  epmd_port = g_strdup_printf ("%u", rabbit->epmd_port);
  dist_port = g_strdup_printf ("%u", rabbit->dist_port);
  nodename = g_strdup_printf ("herald%u@localhost", rabbit->port);
  rabbit->epmd_pid = spawn ((const char *[]) { "epmd", "-port", epmd_port, NULL }, envp, epmd_log);

  /* Erlang's cookie: $XDG_CONFIG_HOME/erlang/.erlang.cookie, else $HOME's. */
  envp = g_environ_setenv (envp, "HOME", rabbit->dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", rabbit->dir, TRUE);
  envp = g_environ_setenv (envp, "ERL_EPMD_PORT", epmd_port, TRUE);
  envp = g_environ_setenv (envp, "RABBITMQ_NODENAME", nodename, TRUE);
  envp = g_environ_setenv (envp, "RABBITMQ_DIST_PORT", dist_port, TRUE);
  envp = g_environ_setenv (envp, "RABBITMQ_CONFIG_FILE", config, TRUE);
  envp = g_environ_setenv (envp, "RABBITMQ_ENABLED_PLUGINS_FILE", plugins, TRUE);
  envp = g_environ_setenv (envp, "RABBITMQ_MNESIA_BASE", mnesia, TRUE);
  envp = g_environ_setenv (envp, "RABBITMQ_LOG_BASE", logs, TRUE);
  /* The script then runs the Erlang VM in its own process (exec) instead
   * of a child it would have to be asked to stop. */
  envp = g_environ_setenv (envp, "RUNNING_UNDER_SYSTEMD", "true", TRUE);
  rabbit->pid = spawn ((const char *[]) { RABBITMQ_SERVER, NULL }, envp, log);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!herald_test_port_accepts (rabbit->port) || !herald_test_port_accepts (rabbit->tls_port))
    {
      int status;

      if (waitpid (rabbit->pid, &status, WNOHANG) == rabbit->pid || g_get_monotonic_time () > deadline)
        {
          g_autofree char *text = NULL;

          if (waitpid (rabbit->pid, &status, WNOHANG) == rabbit->pid)
            rabbit->pid = 0;
          g_file_get_contents (log, &text, NULL, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "RabbitMQ did not start (see %s): %s",
                       rabbit->dir, text != NULL ? text : "");
          return FALSE;
        }
      g_usleep (100 * 1000);
    }

  return TRUE;
}

void
herald_test_rabbitmq_free (HeraldTestRabbitmq *rabbit)
{
  stop_group (&rabbit->pid);
  stop_group (&rabbit->epmd_pid);
  if (g_getenv ("HERALD_TEST_KEEP") == NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (rabbit->dir);

      herald_test_remove_tree (dir);
    }
  g_array_unref (rabbit->users);
  g_free (rabbit->dir);
  g_free (rabbit);
}

guint16
herald_test_rabbitmq_get_port (HeraldTestRabbitmq *rabbit)
{
  return rabbit->port;
}

guint16
herald_test_rabbitmq_get_tls_port (HeraldTestRabbitmq *rabbit)
{
  return rabbit->tls_port;
}

const char *
herald_test_rabbitmq_get_dir (HeraldTestRabbitmq *rabbit)
{
  return rabbit->dir;
}

/* herald-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <openssl/rand.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "herald-paths.h"
#include "herald-sandbox-bridge.h"
#include "herald-sandbox-broker.h"
#include "herald-sandbox-ca.h"
#include "herald-sandbox-ingest.h"
#include "herald-sandbox-server.h"
#include "herald-sandbox-store.h"
#include "herald-sandbox.h"
#include "herald-topic.h"

/* Supervises the parts: the data directory and its lock, the CA, the
 * store, the broker child, the bridge and the HTTP server; writes
 * sandbox.json once everything answers and removes it on the way out. */

struct _HeraldSandbox
{
  GObject              parent_instance;

  HeraldSandboxOptions options;
  gboolean             classic;
  gboolean             password_generated;
  char                *info_file;
  int                  lock_fd;
  gboolean             locked;

  GMainLoop           *loop;
  int                  exit_status;
  guint                restart_source;

  HeraldSandboxCa     *ca;
  HeraldSandboxStore  *store;
  HeraldSandboxBroker *broker;
  HeraldSandboxBridge *bridge;
  HeraldSandboxServer *server;
};

G_DEFINE_FINAL_TYPE (HeraldSandbox, herald_sandbox, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-sandbox-error-quark, herald_sandbox_error)

static void
herald_sandbox_dispose (GObject *object)
{
  HeraldSandbox *self = (HeraldSandbox *)object;

  g_clear_handle_id (&self->restart_source, g_source_remove);
  g_clear_object (&self->server);
  g_clear_object (&self->bridge);
  if (self->broker != NULL)
    herald_sandbox_broker_stop (self->broker);
  g_clear_object (&self->broker);
  g_clear_object (&self->store);
  g_clear_object (&self->ca);

  G_OBJECT_CLASS (herald_sandbox_parent_class)->dispose (object);
}

static void
herald_sandbox_finalize (GObject *object)
{
  HeraldSandbox *self = (HeraldSandbox *)object;

  g_free (self->options.data_dir);
  g_free (self->options.bind_address);
  g_free (self->options.flavor);
  g_free (self->options.tenant_id);
  g_free (self->options.user);
  if (self->options.password != NULL)
    memset (self->options.password, 0, strlen (self->options.password));
  g_free (self->options.password);
  g_free (self->options.mosquitto);
  g_free (self->info_file);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  if (self->lock_fd >= 0)
    close (self->lock_fd);

  G_OBJECT_CLASS (herald_sandbox_parent_class)->finalize (object);
}

static void
herald_sandbox_class_init (HeraldSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_sandbox_dispose;
  object_class->finalize = herald_sandbox_finalize;
}

static void
herald_sandbox_init (HeraldSandbox *self)
{
  self->lock_fd = -1;
}

/**
 * herald_sandbox_new:
 * @options: the choices; NULL and negative mean the defaults: data dir
 *   `$XDG_DATA_HOME/herald/sandbox`, bind 127.0.0.1, HTTP 8080, MQTT 8883,
 *   flavour classic, tenant `default`, user `admin`, a random password
 *   kept in the data dir, mosquitto as herald_paths_find_program() finds it
 */
HeraldSandbox *
herald_sandbox_new (const HeraldSandboxOptions *options)
{
  HeraldSandbox *self = g_object_new (HERALD_TYPE_SANDBOX, NULL);

  self->options.data_dir = options->data_dir ? g_canonicalize_filename (options->data_dir, NULL)
                                             : herald_paths_sandbox_dir ();
  self->options.bind_address = g_strdup (options->bind_address ?: "127.0.0.1");
  self->options.http_port = options->http_port >= 0 ? options->http_port : 8080;
  self->options.mqtt_port = options->mqtt_port >= 0 ? options->mqtt_port : 8883;
  self->options.flavor = g_strdup (options->flavor ?: "classic");
  self->options.tenant_id = g_strdup (options->tenant_id ?: "default");
  self->options.user = g_strdup (options->user ?: "admin");
  self->options.password = g_strdup (options->password);
  self->options.mosquitto = g_strdup (options->mosquitto);
  self->options.reset = options->reset;
  self->options.ec_keys = options->ec_keys;
  self->options.https = options->https;
  self->options.guid_ids = options->guid_ids;
  self->classic = g_strcmp0 (self->options.flavor, "tenant") != 0;
  self->info_file = g_build_filename (self->options.data_dir, "sandbox.json", NULL);

  return self;
}

static gboolean
take_lock (HeraldSandbox  *self,
           GError        **error)
{
  g_autofree char *path = g_build_filename (self->options.data_dir, "lock", NULL);

  self->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    {
      int saved = errno;
      g_set_error (error, HERALD_SANDBOX_ERROR, HERALD_SANDBOX_ERROR_FAILED,
                   _("Could not open “%s”: %s. Choose another data directory with --data-dir."),
                   path, g_strerror (saved));
      return FALSE;
    }
  /* A lock, not a pid: it goes away with the process whatever kills it. */
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, HERALD_SANDBOX_ERROR, HERALD_SANDBOX_ERROR_LOCKED,
                   _("Another herald-sandbox is running with the data directory “%s”. "
                     "Use that one (see its sandbox.json), stop it, or choose another "
                     "directory with --data-dir."),
                   self->options.data_dir);
      return FALSE;
    }
  self->locked = TRUE;
  return TRUE;
}

static void
remove_if_exists (const char *dir,
                  const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* --reset: an empty model; the CA (and trust stores made from it) stays. */
static void
reset_model (HeraldSandbox *self)
{
  g_autofree char *broker = g_build_filename (self->options.data_dir, "broker", NULL);

  remove_if_exists (self->options.data_dir, "sandbox.db");
  remove_if_exists (self->options.data_dir, "sandbox.db-wal");
  remove_if_exists (self->options.data_dir, "sandbox.db-shm");
  remove_if_exists (self->options.data_dir, "crl.pem");
  remove_tree (broker);
}

static char *
new_password (void)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  unsigned char bytes[20];
  char *password = g_malloc (sizeof bytes + 1);

  if (RAND_bytes (bytes, sizeof bytes) != 1)
    for (gsize i = 0; i < sizeof bytes; i++)
      bytes[i] = g_random_int ();
  for (gsize i = 0; i < sizeof bytes; i++)
    password[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
  password[sizeof bytes] = '\0';
  return password;
}

static gboolean
ensure_password (HeraldSandbox  *self,
                 GError        **error)
{
  g_autofree char *path = g_build_filename (self->options.data_dir, "password", NULL);
  g_autofree char *text = NULL;

  if (self->options.password != NULL)
    return TRUE;

  if (g_file_get_contents (path, &text, NULL, NULL))
    {
      g_strstrip (text);
      if (*text != '\0')
        {
          self->options.password = g_steal_pointer (&text);
          return TRUE;
        }
    }

  self->options.password = new_password ();
  self->password_generated = TRUE;
  return g_file_set_contents_full (path, self->options.password, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static const char *
connect_host (HeraldSandbox *self)
{
  const char *bind = self->options.bind_address;

  if (strcmp (bind, "0.0.0.0") == 0 || strcmp (bind, "::") == 0)
    return "127.0.0.1";
  return bind;
}

static char *
host_for_uri (const char *host)
{
  return strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
}

static gboolean
write_info (HeraldSandbox  *self,
            GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *host = host_for_uri (connect_host (self));
  g_autofree char *api_url = NULL;
  g_autofree char *mqtt_uri = NULL;
  g_autofree char *text = NULL;

  api_url = g_strdup_printf ("%s://%s:%u%s", self->options.https ? "https" : "http", host,
                             herald_sandbox_server_get_port (self->server),
                             herald_sandbox_server_get_api_root (self->server));
  mqtt_uri = g_strdup_printf ("ssl://localhost:%u", herald_sandbox_broker_get_port (self->broker));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "api_url");
  json_builder_add_string_value (builder, api_url);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, self->options.user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, self->options.password);
  json_builder_set_member_name (builder, "mqtt_uri");
  json_builder_add_string_value (builder, mqtt_uri);
  json_builder_set_member_name (builder, "ca_file");
  json_builder_add_string_value (builder, herald_sandbox_ca_get_ca_file (self->ca));
  json_builder_set_member_name (builder, "flavor");
  json_builder_add_string_value (builder, self->classic ? "classic" : "tenant");
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, getpid ());
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  if (!g_file_set_contents_full (self->info_file, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, error))
    return FALSE;

  g_print (_("herald-sandbox is ready (%s flavour).\n"), self->classic ? "classic" : "tenant");
  g_print (_("  API:       %s  (documentation: %s/doc/)\n"), api_url, api_url);
  if (!self->classic)
    {
      g_autofree char *origin = g_strdup_printf ("%s://%s:%u", self->options.https ? "https" : "http", host,
                                                 herald_sandbox_server_get_port (self->server));

      /* Translators: %s/<instance>%s is a URL, as a real tenant's has an instance id first */
      g_print (_("             also as a tenant's URL: %s/<instance>%s (any instance id)\n"), origin,
               herald_sandbox_server_get_api_root (self->server));
      g_print (_("  Measures:  %s/iot/processing/api/v1/tenant/%s/measures/capabilities/<id>\n"), origin,
               self->options.tenant_id);
    }
  if (self->options.https)
    {
      g_autofree char *origin = g_strdup_printf ("https://%s:%u", host, herald_sandbox_server_get_port (self->server));

      g_print (_("  REST:      %s/iot/gateway/rest/measures/<device>  (the device's certificate)\n"), origin);
    }
  g_print (_("  User:      %s\n"), self->options.user);
  if (self->password_generated)
    g_print (_("  Password:  %s  (made now, kept in the data directory)\n"), self->options.password);
  g_print (_("  MQTT:      %s\n"), mqtt_uri);
  g_print (_("  CA file:   %s\n"), herald_sandbox_ca_get_ca_file (self->ca));
  g_print (_("  Data:      %s  (the facts above are in sandbox.json)\n"), self->options.data_dir);
  g_print (_("Press Ctrl+C to stop.\n"));
  return TRUE;
}

/* --- Measures --------------------------------------------------------- */

/* A device's measures on measures/<device>: taken or refused as the REST
 * gateway does (herald_sandbox_ingest_measures ()), the answer published on
 * ack/<device>, as SAP's own clients read it. */
static void
on_measures_received (HeraldSandbox       *self,
                      const char          *device_alternate_id,
                      GBytes              *payload,
                      HeraldSandboxBridge *bridge)
{
  g_autoptr(JsonNode) ack = NULL;
  g_autofree char *text = NULL;
  g_autofree char *topic = NULL;
  gsize length;
  const char *data = g_bytes_get_data (payload, &length);
  guint code;

  ack = herald_sandbox_ingest_measures (self->store, self->classic, device_alternate_id, data, length, &code);
  if (ack == NULL)
    return; /* Nobody to answer: no device has this alternate id. */
  text = json_to_string (ack, FALSE);
  topic = herald_topic_ack (device_alternate_id);
  herald_sandbox_bridge_publish (self->bridge, topic, text, strlen (text), NULL);
}

/* --- Life cycle ------------------------------------------------------- */

static gboolean
on_quit_signal (gpointer user_data)
{
  HeraldSandbox *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_broker_failed (HeraldSandbox       *self,
                  GError              *error,
                  HeraldSandboxBroker *broker)
{
  g_printerr ("herald-sandbox: %s\n", error->message);
  self->exit_status = 1;
  g_main_loop_quit (self->loop);
}

static void
on_broker_restarted (HeraldSandbox       *self,
                     HeraldSandboxBroker *broker)
{
  g_printerr (_("herald-sandbox: the MQTT broker stopped unexpectedly and was started again.\n"));
}

static gboolean
restart_broker (gpointer user_data)
{
  HeraldSandbox *self = user_data;
  g_autoptr(GError) error = NULL;

  self->restart_source = 0;
  if (!herald_sandbox_broker_restart (self->broker, &error))
    on_broker_failed (self, error, self->broker);
  return G_SOURCE_REMOVE;
}

static void
on_certificates_revoked (HeraldSandbox       *self,
                         HeraldSandboxServer *server)
{
  /* mosquitto reads its CRL only at start. After the answer is sent. */
  if (self->restart_source == 0)
    self->restart_source = g_idle_add (restart_broker, self);
}

static gboolean
wait_for_bridge (HeraldSandbox  *self,
                 GError        **error)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!herald_sandbox_bridge_get_connected (self->bridge))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, HERALD_SANDBOX_ERROR, HERALD_SANDBOX_ERROR_FAILED,
                       _("The sandbox could not connect to its own MQTT broker within 15 "
                         "seconds. Read the broker’s messages above; starting with --reset "
                         "may help."));
          return FALSE;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
start (HeraldSandbox  *self,
       GError        **error)
{
  g_autofree char *db_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *host = NULL;
  g_auto(GStrv) revoked = NULL;

  if (g_mkdir_with_parents (self->options.data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, HERALD_SANDBOX_ERROR, HERALD_SANDBOX_ERROR_FAILED,
                   _("Could not create the data directory “%s”: %s. Choose another with --data-dir."),
                   self->options.data_dir, g_strerror (saved));
      return FALSE;
    }
  g_chmod (self->options.data_dir, 0700);

  if (!take_lock (self, error))
    return FALSE;

  /* Left by a sandbox that was killed. */
  g_unlink (self->info_file);

  if (self->options.reset)
    reset_model (self);

  if (!ensure_password (self, error))
    return FALSE;

  self->ca = herald_sandbox_ca_new (self->options.data_dir, error);
  if (self->ca == NULL)
    return FALSE;
  herald_sandbox_ca_set_device_keys_ec (self->ca, self->options.ec_keys);

  db_path = g_build_filename (self->options.data_dir, "sandbox.db", NULL);
  self->store = herald_sandbox_store_open (db_path, self->classic, error);
  if (self->store == NULL)
    return FALSE;
  herald_sandbox_store_set_guid_ids (self->store, self->options.guid_ids);

  revoked = herald_sandbox_store_revoked_serials (self->store, error);
  if (revoked == NULL ||
      !herald_sandbox_ca_write_crl (self->ca, (const char * const *) revoked, error))
    return FALSE;

  /* Looked up at start, so that a missing one is an error that says where
   * it was looked for. */
  if (self->options.mosquitto == NULL &&
      (self->options.mosquitto = herald_paths_find_program ("mosquitto", NULL, error)) == NULL)
    return FALSE;

  self->broker = herald_sandbox_broker_new (self->options.data_dir, self->ca,
                                            self->options.bind_address,
                                            self->options.mqtt_port,
                                            self->options.mosquitto);
  g_signal_connect_object (self->broker, "failed", G_CALLBACK (on_broker_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->broker, "restarted", G_CALLBACK (on_broker_restarted), self, G_CONNECT_SWAPPED);
  if (!herald_sandbox_broker_start (self->broker, error))
    return FALSE;

  host = host_for_uri (connect_host (self));
  uri = g_strdup_printf ("ssl://%s:%u", host, herald_sandbox_broker_get_port (self->broker));
  self->bridge = herald_sandbox_bridge_new (uri, herald_sandbox_ca_get_ca_file (self->ca),
                                            herald_sandbox_ca_get_identity_cert (self->ca),
                                            herald_sandbox_ca_get_identity_key (self->ca));
  g_signal_connect_object (self->bridge, "measures-received",
                           G_CALLBACK (on_measures_received), self, G_CONNECT_SWAPPED);
  if (!herald_sandbox_bridge_start (self->bridge, error) || !wait_for_bridge (self, error))
    return FALSE;

  self->server = herald_sandbox_server_new (self->store, self->ca, self->bridge, self->classic,
                                            self->options.tenant_id, self->options.user,
                                            self->options.password);
  g_signal_connect_object (self->server, "certificates-revoked",
                           G_CALLBACK (on_certificates_revoked), self, G_CONNECT_SWAPPED);
  if (!herald_sandbox_server_listen (self->server, self->options.bind_address,
                                     self->options.http_port, self->options.https, error))
    return FALSE;

  return write_info (self, error);
}

/**
 * herald_sandbox_run:
 *
 * Starts everything, serves until SIGINT or SIGTERM, then stops the
 * broker and removes sandbox.json.
 *
 * Returns: the exit status: 0 after a signal, 1 on failure (@error set
 *   when it failed to start)
 */
int
herald_sandbox_run (HeraldSandbox  *self,
                    GError        **error)
{
  guint sigint, sigterm;

  g_return_val_if_fail (HERALD_IS_SANDBOX (self), 1);

  /* Its keys, password and database are for this user only. */
  umask (077);

  self->loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_quit_signal, self);
  sigterm = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  /* A reader that went away must not kill us. */
  signal (SIGPIPE, SIG_IGN);

  if (start (self, error))
    g_main_loop_run (self->loop);
  else
    self->exit_status = 1;

  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (self->locked)
    g_unlink (self->info_file);
  g_clear_object (&self->server);
  g_clear_object (&self->bridge);
  if (self->broker != NULL)
    herald_sandbox_broker_stop (self->broker);

  return self->exit_status;
}

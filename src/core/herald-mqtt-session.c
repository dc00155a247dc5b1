/* herald-mqtt-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device side of the seed's Paho utility: one MQTT connection through
 * Paho's MQTTAsync, with reconnects, subscriptions, publishing and a receive
 * path that hands messages to the main context in batches
 * (docs/architecture.md, "Data flow" 3-4 and "The contract between session,
 * history and window").
 *
 * Threads: Paho calls back on its own threads. Those callbacks only copy
 * data and either push a HeraldMessage on the queue (under a mutex; the
 * queue's GSource is given a ready time when the queue becomes non-empty) or
 * post an event to the session's main context. Everything else, including
 * every signal, runs on that main context.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include <MQTTAsync.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "herald-keystore-private.h"
#include "herald-mqtt-session.h"

G_DEFINE_ENUM_TYPE (HeraldMqttState, herald_mqtt_state,
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_STATE_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (HeraldMqttTrust, herald_mqtt_trust,
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_TRUST_SYSTEM, "system"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_TRUST_CA_FILE, "ca-file"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_TRUST_NONE, "none"))

G_DEFINE_ENUM_TYPE (HeraldMqttVersion, herald_mqtt_version,
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_VERSION_3_1_1, "3.1.1"),
  G_DEFINE_ENUM_VALUE (HERALD_MQTT_VERSION_5, "5"))

G_DEFINE_QUARK (herald-mqtt-session-error-quark, herald_mqtt_session_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL_CTX, SSL_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL, SSL_free)

/* The receive queue, shared with Paho's threads. */
typedef struct
{
  gatomicrefcount    ref;
  GMutex             mutex;
  GPtrArray         *queue;          /* HeraldMessage, under mutex */
  gboolean           scheduled;      /* under mutex */
  gint64             last_dispatch;  /* monotonic, under mutex */
  gint64             interval_us;    /* under mutex */
  GSource           *source;         /* under mutex; NULL once disposed */
  GMainContext      *context;
  HeraldMqttSession *session;        /* main context only; NULL once disposed */
} Shared;

/* One Paho client handle and what goes with it. Paho's callbacks get a
 * Link as their context; it lives until the handle is destroyed. */
typedef struct
{
  gatomicrefcount  ref;
  Shared          *shared;
  MQTTAsync        handle;
  int              dead;             /* atomic: drop whatever still arrives */
  gboolean         v5;

  GMutex           mutex;
  GString         *ssl_errors;       /* under mutex */

  /* Main context only. */
  gboolean         connecting;
  gboolean         connected;
  gboolean         closing;
  char            *key_dir;
  char            *cert_file;
  char            *key_file;
  char            *key_password;
} Link;

typedef enum
{
  OP_SUBSCRIBE,
  OP_UNSUBSCRIBE,
  OP_PUBLISH,
  OP_CONNECT,
  OP_DISCONNECT,
} OpKind;

typedef struct
{
  Link   *link;
  OpKind  kind;
  char   *topic;
  guint   qos;
} Op;

typedef enum
{
  EV_OP_OK,
  EV_OP_FAILED,
  EV_LOST,
} EventKind;

typedef struct
{
  EventKind  kind;
  Link      *link;
  Op        *op;
  int        code;
  int        reason;
  int        granted_qos;
  gboolean   session_present;
  char      *message;
} Event;

struct _HeraldMqttSession
{
  GObject          parent_instance;

  Shared          *shared;
  Link            *link;

  char            *server_uri;
  char            *http_proxy;
  char            *client_id;
  HeraldKeystore  *keystore;
  HeraldMqttTrust  trust;
  char            *ca_file;
  HeraldMqttVersion mqtt_version;
  gboolean         clean_session;
  guint            keep_alive;
  guint            connect_timeout;
  char            *username;
  char            *password;
  guint            delivery_interval;
  guint            reconnect_min_delay;
  guint            reconnect_max_delay;

  HeraldMqttState  state;
  gboolean         insecure;
  GError          *last_error;
  GHashTable      *subscriptions;    /* topic -> GUINT_TO_POINTER (qos + 1) */

  /* The connection being made: parsed from the settings at connect time. */
  char            *host;
  guint16          port;
  gboolean         tls;
  char            *check_host;
  guint16          check_port;
  gint64           attempt_start;
  guint            reconnect_delay;
  guint            reconnect_source;
  GCancellable    *attempt_cancellable;
};

G_DEFINE_TYPE (HeraldMqttSession, herald_mqtt_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_URI,
  PROP_HTTP_PROXY,
  PROP_CLIENT_ID,
  PROP_KEYSTORE,
  PROP_TRUST,
  PROP_CA_FILE,
  PROP_MQTT_VERSION,
  PROP_CLEAN_SESSION,
  PROP_KEEP_ALIVE,
  PROP_CONNECT_TIMEOUT,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_DELIVERY_INTERVAL,
  PROP_RECONNECT_MIN_DELAY,
  PROP_RECONNECT_MAX_DELAY,
  PROP_STATE,
  PROP_INSECURE,
  N_PROPS
};

enum {
  MESSAGES_RECEIVED,
  CONNECTED,
  CONNECTION_LOST,
  SUBSCRIBED,
  UNSUBSCRIBED,
  PUBLISHED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_attempt (HeraldMqttSession *self);
static void link_close    (Link *link, gboolean wait);

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
static gboolean
link_write_key_files (Link            *link,
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

static void
link_remove_key_files (Link *link)
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

/* Shared and Link ------------------------------------------------------ */

static Shared *
shared_ref (Shared *sh)
{
  g_atomic_ref_count_inc (&sh->ref);
  return sh;
}

static void
shared_unref (Shared *sh)
{
  if (g_atomic_ref_count_dec (&sh->ref))
    {
      g_ptr_array_unref (sh->queue);
      g_main_context_unref (sh->context);
      g_mutex_clear (&sh->mutex);
      g_free (sh);
    }
}

static Link *
link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

static void
link_unref (Link *link)
{
  if (g_atomic_ref_count_dec (&link->ref))
    {
      g_assert (link->handle == NULL);
      link_remove_key_files (link);
      g_free (link->cert_file);
      g_free (link->key_file);
      _herald_keystore_wipe (link->key_password);
      g_string_free (link->ssl_errors, TRUE);
      g_mutex_clear (&link->mutex);
      shared_unref (link->shared);
      g_free (link);
    }
}

/* Messages: the hot path ------------------------------------------------ */

static void
shared_push (Shared        *sh,
             HeraldMessage *message)
{
  g_mutex_lock (&sh->mutex);
  g_ptr_array_add (sh->queue, message);
  /* One wake-up per batch: only when the queue becomes non-empty, and not
   * before the delivery interval since the last batch has passed. */
  if (!sh->scheduled && sh->source != NULL)
    {
      sh->scheduled = TRUE;
      g_source_set_ready_time (sh->source, sh->last_dispatch + sh->interval_us);
    }
  g_mutex_unlock (&sh->mutex);
}

static char *
property_key (enum MQTTPropertyCodes id)
{
  const char *name = MQTTPropertyName (id);
  char *key;

  if (name == NULL)
    return g_strdup_printf ("property-%d", (int) id);
  key = g_ascii_strdown (name, -1);
  g_strdelimit (key, "_ ", '-');

  return key;
}

/* MQTT 5 properties as an a{sv}: numbers as y/q/u, strings as s, binary
 * data as ay, user properties (which may repeat) as a(ss), and the
 * subscription identifiers (which may repeat) as au. */
static GVariant *
properties_to_variant (const MQTTProperties *props)
{
  GVariantBuilder dict;
  GVariantBuilder user;
  GVariantBuilder subids;
  gboolean has_user = FALSE, has_subids = FALSE;

  g_variant_builder_init (&dict, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_init (&user, G_VARIANT_TYPE ("a(ss)"));
  g_variant_builder_init (&subids, G_VARIANT_TYPE ("au"));

  for (int i = 0; i < props->count; i++)
    {
      const MQTTProperty *p = &props->array[i];
      g_autofree char *key = NULL;
      GVariant *value = NULL;

      switch (MQTTProperty_getType (p->identifier))
        {
        case MQTTPROPERTY_TYPE_BYTE:
          value = g_variant_new_byte (p->value.byte);
          break;
        case MQTTPROPERTY_TYPE_TWO_BYTE_INTEGER:
          value = g_variant_new_uint16 (p->value.integer2);
          break;
        case MQTTPROPERTY_TYPE_FOUR_BYTE_INTEGER:
        case MQTTPROPERTY_TYPE_VARIABLE_BYTE_INTEGER:
          if (p->identifier == MQTTPROPERTY_CODE_SUBSCRIPTION_IDENTIFIER)
            {
              g_variant_builder_add (&subids, "u", p->value.integer4);
              has_subids = TRUE;
              continue;
            }
          value = g_variant_new_uint32 (p->value.integer4);
          break;
        case MQTTPROPERTY_TYPE_BINARY_DATA:
          value = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, p->value.data.data,
                                             p->value.data.len, 1);
          break;
        case MQTTPROPERTY_TYPE_UTF_8_ENCODED_STRING:
          {
            g_autofree char *s = g_strndup (p->value.data.data, p->value.data.len);

            value = g_variant_new_string (g_utf8_validate (s, -1, NULL) ? s : "");
          }
          break;
        case MQTTPROPERTY_TYPE_UTF_8_STRING_PAIR:
          {
            g_autofree char *k = g_strndup (p->value.data.data, p->value.data.len);
            g_autofree char *v = g_strndup (p->value.value.data, p->value.value.len);

            if (g_utf8_validate (k, -1, NULL) && g_utf8_validate (v, -1, NULL))
              {
                g_variant_builder_add (&user, "(ss)", k, v);
                has_user = TRUE;
              }
          }
          continue;
        default:
          continue;
        }

      key = property_key (p->identifier);
      g_variant_builder_add (&dict, "{sv}", key, value);
    }

  if (has_user)
    g_variant_builder_add (&dict, "{sv}", "user-property", g_variant_builder_end (&user));
  else
    g_variant_builder_clear (&user);
  if (has_subids)
    g_variant_builder_add (&dict, "{sv}", "subscription-identifier", g_variant_builder_end (&subids));
  else
    g_variant_builder_clear (&subids);

  return g_variant_builder_end (&dict);
}

/* Paho thread. Copies topic and payload once into a HeraldMessage.
 *
 * MQTT topics are UTF-8 without NUL, but a broker may pass on anything
 * (Paho does not check; @topic_len is set when the topic holds a NUL).
 * Every view, filter and export takes topics as text, so such bytes become
 * U+FFFD, visibly: the message still shows, with where its topic was wrong,
 * rather than vanish, and a NUL cannot cut "commands/a\0…" down to another
 * topic. Closing the connection, as the MQTT specification asks, would only
 * bring a retained message back at each reconnect. One validation of the
 * topic is all that well-formed topics cost. */
static int
on_message_arrived (void              *context,
                    char              *topic,
                    int                topic_len,
                    MQTTAsync_message *m)
{
  Link *link = context;

  if (!g_atomic_int_get (&link->dead))
    {
      gsize len = topic_len > 0 ? (gsize) topic_len : strlen (topic);
      char *t = G_LIKELY (g_utf8_validate_len (topic, len, NULL))
                ? g_strndup (topic, len) : g_utf8_make_valid (topic, len);
      GBytes *payload = g_bytes_new (m->payload, m->payloadlen);
      GVariant *props = NULL;

      if (link->v5 && m->properties.count > 0)
        props = properties_to_variant (&m->properties);

      shared_push (link->shared,
                   herald_message_new_take (g_get_real_time (), t, payload,
                                            CLAMP (m->qos, 0, 2), m->retained, props));
    }

  MQTTAsync_freeMessage (&m);
  MQTTAsync_free (topic);

  return 1;
}

static void
session_flush_messages (HeraldMqttSession *self)
{
  Shared *sh = self->shared;
  g_autoptr(GPtrArray) batch = NULL;

  g_mutex_lock (&sh->mutex);
  if (sh->queue->len > 0)
    {
      batch = sh->queue;
      sh->queue = g_ptr_array_new_full (MAX (64, batch->len), (GDestroyNotify) herald_message_unref);
    }
  sh->scheduled = FALSE;
  sh->last_dispatch = g_get_monotonic_time ();
  g_mutex_unlock (&sh->mutex);

  if (batch != NULL)
    g_signal_emit (self, signals[MESSAGES_RECEIVED], 0, batch);
}

static gboolean
queue_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  HeraldMqttSession *self = user_data;

  g_source_set_ready_time (source, -1);
  g_object_ref (self);
  session_flush_messages (self);
  g_object_unref (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs queue_source_funcs = {
  .dispatch = queue_source_dispatch,
};

/* Events from Paho's threads ------------------------------------------- */

G_LOCK_DEFINE_STATIC (pending_ops);
static GHashTable *pending_ops;       /* Op pointers Paho may still answer */

static void
op_free (Op *op)
{
  g_clear_pointer (&op->link, link_unref);
  g_free (op->topic);
  g_free (op);
}

/* An Op is the context of one Paho request. Paho calls back exactly once,
 * unless the handle is destroyed first; then it never does. So each Op is
 * listed in its link's pending set until its callback claims it, and
 * link_destroy_handle() frees the unclaimed ones. Claiming compares
 * pointers only, so a callback never touches an Op freed meanwhile. */
static Op *
op_new (Link *link, OpKind kind, const char *topic, guint qos)
{
  Op *op = g_new0 (Op, 1);

  op->link = link_ref (link);
  op->kind = kind;
  op->topic = g_strdup (topic);
  op->qos = qos;

  G_LOCK (pending_ops);
  if (pending_ops == NULL)
    pending_ops = g_hash_table_new (NULL, NULL);
  g_hash_table_add (pending_ops, op);
  G_UNLOCK (pending_ops);

  return op;
}

/* Any thread: TRUE if the Op is still ours to answer (or free). */
static gboolean
op_claim (Op *op)
{
  gboolean found;

  G_LOCK (pending_ops);
  found = pending_ops != NULL && g_hash_table_remove (pending_ops, op);
  G_UNLOCK (pending_ops);

  return found;
}

/* A request Paho refused at once: it never calls back. */
static void
op_discard (Op *op)
{
  op_claim (op);
  op_free (op);
}

/* After MQTTAsync_destroy(): the requests Paho dropped without an answer. */
static void
link_free_pending_ops (Link *link)
{
  GPtrArray *orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  GHashTableIter iter;
  gpointer key;

  G_LOCK (pending_ops);
  if (pending_ops != NULL)
    {
      g_hash_table_iter_init (&iter, pending_ops);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (((Op *) key)->link == link)
          {
            g_ptr_array_add (orphans, key);
            g_hash_table_iter_remove (&iter);
          }
    }
  G_UNLOCK (pending_ops);

  g_ptr_array_unref (orphans);
}

static void
event_free (Event *ev)
{
  g_clear_pointer (&ev->op, op_free);
  g_clear_pointer (&ev->link, link_unref);
  g_free (ev->message);
  g_free (ev);
}

static gboolean handle_event (gpointer data);

/* Always through a source: g_main_context_invoke() would run the handler
 * right on Paho's thread whenever the (default) context is free. */
static void
post_event (Event *ev)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, handle_event, ev, (GDestroyNotify) event_free);
  g_source_set_static_name (source, "[herald] MQTT event");
  g_source_attach (source, ev->link->shared->context);
  g_source_unref (source);
}

static void
on_connection_lost (void *context, char *cause)
{
  Link *link = context;
  Event *ev = g_new0 (Event, 1);

  ev->kind = EV_LOST;
  ev->link = link_ref (link);
  ev->message = g_strdup (cause);
  post_event (ev);
  if (cause != NULL)
    MQTTAsync_free (cause);
}

static void
post_op_result (Op *op, gboolean ok, int code, int reason, int granted, gboolean session_present,
                const char *message)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = ok ? EV_OP_OK : EV_OP_FAILED;
  ev->link = link_ref (op->link);
  ev->op = op;
  ev->code = code;
  ev->reason = reason;
  ev->granted_qos = granted;
  ev->session_present = session_present;
  ev->message = g_strdup (message);
  post_event (ev);
}

static void
on_success3 (void *context, MQTTAsync_successData *response)
{
  Op *op = context;
  int granted = -1;
  gboolean present = FALSE;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */
  if (response != NULL && op->kind == OP_SUBSCRIBE)
    granted = response->alt.qos;
  if (response != NULL && op->kind == OP_CONNECT)
    present = response->alt.connect.sessionPresent;

  post_op_result (op, granted != MQTT_BAD_SUBSCRIBE, granted == MQTT_BAD_SUBSCRIBE ? MQTT_BAD_SUBSCRIBE : 0,
                  0, granted, present, NULL);
}

static void
on_failure3 (void *context, MQTTAsync_failureData *response)
{
  Op *op = context;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */
  post_op_result (op, FALSE, response ? response->code : MQTTASYNC_FAILURE, 0, -1, FALSE,
                  response ? response->message : NULL);
}

static void
on_success5 (void *context, MQTTAsync_successData5 *response)
{
  Op *op = context;
  int reason = response ? (int) response->reasonCode : 0;
  gboolean present = FALSE;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */

  /* For one topic, Paho puts the SUBACK/UNSUBACK code in reasonCode and
   * leaves alt.sub unset. */
  if (response != NULL && op->kind == OP_CONNECT)
    present = response->alt.connect.sessionPresent;

  post_op_result (op, reason < 0x80, 0, reason, reason < 0x80 ? reason : -1, present, NULL);
}

static void
on_failure5 (void *context, MQTTAsync_failureData5 *response)
{
  Op *op = context;

  if (!op_claim (op))
    return;   /* the handle was destroyed and the Op freed */
  post_op_result (op, FALSE, response ? response->code : MQTTASYNC_FAILURE,
                  response ? (int) response->reasonCode : 0, -1, FALSE,
                  response ? response->message : NULL);
}

static void
fill_response (Link *link, MQTTAsync_responseOptions *opts, Op *op)
{
  opts->context = op;
  if (link->v5)
    {
      opts->onSuccess5 = on_success5;
      opts->onFailure5 = on_failure5;
    }
  else
    {
      opts->onSuccess = on_success3;
      opts->onFailure = on_failure3;
    }
}

static int
on_ssl_error (const char *str, size_t len, void *u)
{
  Link *link = u;

  g_mutex_lock (&link->mutex);
  if (link->ssl_errors->len > 0)
    g_string_append (link->ssl_errors, "; ");
  g_string_append_len (link->ssl_errors, str, len);
  while (link->ssl_errors->len > 0 && link->ssl_errors->str[link->ssl_errors->len - 1] == '\n')
    g_string_truncate (link->ssl_errors, link->ssl_errors->len - 1);
  g_mutex_unlock (&link->mutex);

  return 0;
}

/* State ---------------------------------------------------------------- */

static void
set_state (HeraldMqttSession *self,
           HeraldMqttState    state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_insecure (HeraldMqttSession *self,
              gboolean           insecure)
{
  if (self->insecure == insecure)
    return;

  self->insecure = insecure;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSECURE]);
}

static void
emit_error (HeraldMqttSession *self,
            GError            *error)
{
  session_flush_messages (self);
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  g_signal_emit (self, signals[ERROR], 0, error);
}

static void
drop_link (HeraldMqttSession *self,
           gboolean           wait)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->attempt_cancellable != NULL)
    {
      g_cancellable_cancel (self->attempt_cancellable);
      g_clear_object (&self->attempt_cancellable);
    }
  if (self->link != NULL)
    {
      Link *link = g_steal_pointer (&self->link);

      link_close (link, wait);
      link_unref (link);
    }
  set_insecure (self, FALSE);
}

/* Closing a Paho client ------------------------------------------------ */

static void
link_destroy_handle (Link *link)
{
  if (link->handle != NULL)
    {
      MQTTAsync_destroy (&link->handle);
      link->handle = NULL;
      link_free_pending_ops (link);
      /* The reference Paho held as callback context. */
      link_unref (link);
    }
}

/* Stops a link for good: no more messages, key files removed. The Paho
 * handle is destroyed once Paho has finished with it: right away when it is
 * idle, after its disconnect completes when connected, after the pending
 * connect's answer when connecting; @wait does it synchronously instead
 * (finalize). */
static void
link_close (Link     *link,
            gboolean  wait)
{
  g_atomic_int_set (&link->dead, 1);
  link->closing = TRUE;
  link_remove_key_files (link);

  if (link->handle == NULL)
    return;

  if (wait)
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

      opts.timeout = 500;
      if (MQTTAsync_isConnected (link->handle))
        MQTTAsync_disconnect (link->handle, &opts);
      while ((MQTTAsync_isConnected (link->handle) || link->connecting) &&
             g_get_monotonic_time () < deadline)
        {
          g_usleep (2000);
          if (link->connecting && !MQTTAsync_isConnected (link->handle))
            break;
        }
      link_destroy_handle (link);
      return;
    }

  if (link->connecting)
    return; /* handle_event closes it when the connect answers */

  if (link->connected && MQTTAsync_isConnected (link->handle))
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;
      Op *op = op_new (link, OP_DISCONNECT, NULL, 0);

      opts.timeout = 1000;
      opts.context = op;
      opts.onSuccess = on_success3;
      opts.onFailure = on_failure3;
      if (link->v5)
        {
          MQTTAsync_disconnectOptions opts5 = MQTTAsync_disconnectOptions_initializer5;

          opts5.timeout = 1000;
          opts5.context = op;
          opts5.onSuccess5 = on_success5;
          opts5.onFailure5 = on_failure5;
          opts = opts5;
        }
      if (MQTTAsync_disconnect (link->handle, &opts) == MQTTASYNC_SUCCESS)
        return; /* handle_event destroys the handle */
      op_discard (op);
    }

  link_destroy_handle (link);
}

/* Errors --------------------------------------------------------------- */

static GError *
connack_error (int code)
{
  /* MQTT 3.1.1 CONNACK return codes and their MQTT 5 reason codes. */
  switch (code)
    {
    case 1: case 0x84:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_PROTOCOL,
                                  _("The broker does not accept this MQTT version. Choose the other MQTT version in the connection settings."));
    case 2: case 0x85:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_CLIENT_ID,
                                  _("The broker refused the client ID. For an IoT Service device, use the device’s alternate ID."));
    case 3: case 0x88: case 0x89:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_UNAVAILABLE,
                                  _("The broker is unavailable at the moment. Try again later."));
    case 4: case 0x86:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_CREDENTIALS,
                                  _("The broker refused the user name or password. Check them in the connection settings."));
    case 5: case 0x87:
      return g_error_new_literal (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED_NOT_AUTHORIZED,
                                  _("The broker did not authorize this client. Check the device certificate or the user name and password."));
    default:
      break;
    }

  return g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_REFUSED,
                      _("The broker refused the connection (%s). Check the connection settings."),
                      MQTTReasonCode_toString (code));
}

static GError *
timeout_error (HeraldMqttSession *self)
{
  return g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TIMED_OUT,
                      _("%s did not answer within %u seconds. Check the server address and port, and whether a firewall blocks them."),
                      self->check_host, self->connect_timeout);
}

/* The TLS diagnosis. Paho reports most TLS failures as -1 with OpenSSL's
 * generic "certificate verify failed"; a handshake of our own with the same
 * trust, host name and client certificate tells which check failed. */

typedef struct
{
  char           *host;
  guint16         port;
  HeraldMqttTrust trust;
  char           *ca_file;
  HeraldKeystore *keystore;
  guint           timeout;
  char           *paho_text;
} Probe;

static void
probe_free (Probe *p)
{
  g_free (p->host);
  g_free (p->ca_file);
  g_clear_object (&p->keystore);
  g_free (p->paho_text);
  g_free (p);
}

static int
probe_verify_cb (int preverify_ok, X509_STORE_CTX *ctx)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (ctx, SSL_get_ex_data_X509_STORE_CTX_idx ());
  int *first = SSL_get_app_data (ssl);

  if (!preverify_ok && *first == X509_V_OK)
    *first = X509_STORE_CTX_get_error (ctx);

  return 1;
}

static char *
ssl_reason (void)
{
  unsigned long e = ERR_peek_last_error ();
  const char *r;

  if (e == 0)
    return NULL;
  r = ERR_reason_error_string (e);
  return g_strdup (r != NULL ? r : "unknown");
}

static GError *
tls_failed_error (const char *reason)
{
  return g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TLS_FAILED,
                      _("The secure connection failed (%s). Check the server URI, the trust settings and the key store."),
                      reason != NULL && *reason != '\0' ? reason : _("no reason given"));
}

static GError *
client_rejected_error (const char *reason)
{
  return g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TLS_CLIENT_REJECTED,
                      _("The broker rejected the device certificate (%s). Use a valid certificate issued for this device by this service."),
                      reason);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Probe *p = task_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(SSL_CTX) ctx = NULL;
  g_autoptr(SSL) ssl = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  int first_error = X509_V_OK;
  GSocket *socket;
  struct timeval tv = { 0 };
  GError *error = NULL;
  int fd;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, p->timeout);
  conn = g_socket_client_connect_to_host (client, p->host, p->port, cancellable, &local_error);
  if (conn == NULL)
    {
      g_debug ("TLS check of %s:%u: %s", p->host, p->port, local_error->message);
      g_task_return_pointer (task, tls_failed_error (p->paho_text), (GDestroyNotify) g_error_free);
      return;
    }
  socket = g_socket_connection_get_socket (conn);
  fd = g_socket_get_fd (socket);
  /* GSocket keeps its fd non-blocking; OpenSSL here wants it blocking. */
  g_unix_set_fd_nonblocking (fd, FALSE, NULL);
  tv.tv_sec = 3;
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  ERR_clear_error ();
  ctx = SSL_CTX_new (TLS_client_method ());
  if (p->trust == HERALD_MQTT_TRUST_CA_FILE && p->ca_file != NULL)
    SSL_CTX_load_verify_locations (ctx, p->ca_file, NULL);
  else
    SSL_CTX_set_default_verify_paths (ctx);
  if (p->keystore != NULL)
    {
      STACK_OF(X509) *chain = _herald_keystore_get_chain (p->keystore);

      SSL_CTX_use_certificate (ctx, _herald_keystore_get_x509 (p->keystore));
      SSL_CTX_use_PrivateKey (ctx, _herald_keystore_get_pkey (p->keystore));
      for (int i = 0; i < sk_X509_num (chain); i++)
        SSL_CTX_add1_chain_cert (ctx, sk_X509_value (chain, i));
    }

  ssl = SSL_new (ctx);
  SSL_set_app_data (ssl, &first_error);
  SSL_set_verify (ssl, SSL_VERIFY_NONE, probe_verify_cb);
  if (g_hostname_is_ip_address (p->host))
    X509_VERIFY_PARAM_set1_ip_asc (SSL_get0_param (ssl), p->host);
  else
    {
      SSL_set_tlsext_host_name (ssl, p->host);
      SSL_set1_host (ssl, p->host);
    }
  SSL_set_fd (ssl, fd);

  if (SSL_connect (ssl) != 1)
    {
      reason = ssl_reason ();
      g_debug ("TLS check of %s:%u: handshake failed: %s", p->host, p->port, reason);
      if (reason != NULL && strstr (reason, "alert") != NULL)
        error = client_rejected_error (reason);
      else
        error = tls_failed_error (reason != NULL ? reason : p->paho_text);
    }
  else if (first_error != X509_V_OK && p->trust != HERALD_MQTT_TRUST_NONE)
    {
      g_debug ("TLS check of %s:%u: %s", p->host, p->port, X509_verify_cert_error_string (first_error));
      const char *text = X509_verify_cert_error_string (first_error);

      switch (first_error)
        {
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        case X509_V_ERR_CERT_UNTRUSTED:
          error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TLS_UNKNOWN_CA,
                               _("The server’s certificate is not signed by an authority you trust (%s). Choose the CA file of this broker (for the sandbox, its CA file) in the trust settings."),
                               text);
          break;
        case X509_V_ERR_HOSTNAME_MISMATCH:
        case X509_V_ERR_IP_ADDRESS_MISMATCH:
          error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TLS_HOST_MISMATCH,
                               _("The server’s certificate is not for “%s” (%s). Use the host name the certificate names in the server URI."),
                               p->host, text);
          break;
        case X509_V_ERR_CERT_HAS_EXPIRED:
        case X509_V_ERR_CERT_NOT_YET_VALID:
          error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_TLS_EXPIRED,
                               _("The server’s certificate is not valid at this time (%s). Check your computer’s date, or ask the broker’s operator to renew the certificate."),
                               text);
          break;
        default:
          error = tls_failed_error (text);
          break;
        }
    }
  else
    {
      char buf[1];
      int n;

      /* With TLS 1.3 the server checks the client certificate after the
       * handshake and says so with an alert on the first read. */
      ERR_clear_error ();
      n = SSL_read (ssl, buf, sizeof buf);
      if (n <= 0 && SSL_get_error (ssl, n) == SSL_ERROR_SSL)
        {
          reason = ssl_reason ();
          if (reason != NULL && strstr (reason, "alert") != NULL)
            error = client_rejected_error (reason);
        }
      if (error == NULL)
        error = tls_failed_error (p->paho_text);
    }

  ERR_clear_error ();
  g_task_return_pointer (task, error, (GDestroyNotify) g_error_free);
}

/* Connecting ----------------------------------------------------------- */

static gboolean
reconnect_cb (gpointer data)
{
  HeraldMqttSession *self = data;

  self->reconnect_source = 0;
  if (self->link != NULL && self->state == HERALD_MQTT_STATE_RECONNECTING)
    start_attempt (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (HeraldMqttSession *self,
                    guint              delay_ms)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, reconnect_cb, self, NULL);
}

static void
attempt_failed (HeraldMqttSession *self,
                GError            *error)
{
  if (self->state == HERALD_MQTT_STATE_RECONNECTING)
    {
      guint delay = self->reconnect_delay;

      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (error);
      g_debug ("Reconnect failed, next try in %u ms: %s", delay, error->message);
      self->reconnect_delay = MIN (delay * 2, self->reconnect_max_delay);
      schedule_reconnect (self, delay);
      return;
    }

  drop_link (self, FALSE);
  set_state (self, HERALD_MQTT_STATE_FAILED);
  emit_error (self, error);
}

static void
probe_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HeraldMqttSession) self = user_data;
  g_autoptr(GError) error = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_task_get_cancellable (G_TASK (result)) != self->attempt_cancellable ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  attempt_failed (self, error);
}

static void
connect_failed (HeraldMqttSession *self,
                Event             *ev)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ssl_text = NULL;
  gint64 elapsed = g_get_monotonic_time () - self->attempt_start;

  g_mutex_lock (&ev->link->mutex);
  ssl_text = g_strdup (ev->link->ssl_errors->str);
  g_mutex_unlock (&ev->link->mutex);

  g_debug ("Connect failed: code %d, reason %d, message %s, TLS %s",
           ev->code, ev->reason, ev->message, ssl_text);

  if (ev->reason >= 0x80)
    error = connack_error (ev->reason);
  else if ((ev->code >= 1 && ev->code <= 5) || ev->code >= 0x80)
    error = connack_error (ev->code);   /* Paho puts MQTT 5 CONNACK codes here too */
  else if ((ev->message != NULL && strstr (ev->message, "timeout") != NULL) ||
           (*ssl_text == '\0' && elapsed >= (gint64) self->connect_timeout * G_USEC_PER_SEC))
    error = timeout_error (self);   /* Paho says "TCP connect timeout" */
  else if (self->tls)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->attempt_cancellable, probe_done, g_object_ref (self));
      Probe *p = g_new0 (Probe, 1);

      p->host = g_strdup (self->host);
      p->port = self->port;
      p->trust = self->trust;
      p->ca_file = g_strdup (self->ca_file);
      p->keystore = self->keystore ? g_object_ref (self->keystore) : NULL;
      p->timeout = self->connect_timeout;
      p->paho_text = g_strdup (*ssl_text ? ssl_text : ev->message);
      g_task_set_task_data (task, p, (GDestroyNotify) probe_free);
      g_task_run_in_thread (task, probe_thread);
      return;
    }
  else
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NETWORK,
                         _("The connection to %s failed (%s). Check that the server URI names an MQTT broker."),
                         self->check_host,
                         ev->message ? ev->message : MQTTAsync_strerror (ev->code));

  attempt_failed (self, error);
}

static void
resubscribe (HeraldMqttSession *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
      guint qos = GPOINTER_TO_UINT (value) - 1;
      Op *op = op_new (self->link, OP_SUBSCRIBE, key, qos);
      int rc;

      fill_response (self->link, &opts, op);
      rc = MQTTAsync_subscribe (self->link->handle, key, qos, &opts);
      if (rc != MQTTASYNC_SUCCESS)
        {
          g_autoptr(GError) error = NULL;

          op_discard (op);
          error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                               _("Could not subscribe to “%s” again (%s). Subscribe to it again."),
                               (char *) key, MQTTAsync_strerror (rc));
          emit_error (self, error);
        }
    }
}

static void
connect_succeeded (HeraldMqttSession *self,
                   Event             *ev)
{
  set_insecure (self, self->tls && self->trust == HERALD_MQTT_TRUST_NONE);
  self->reconnect_delay = self->reconnect_min_delay;
  g_clear_error (&self->last_error);
  /* Restore the subscriptions before anyone hears of the connection: a
   * handler of ::connected or of notify::state that subscribes would
   * otherwise have its topic sent twice (and its retained messages twice). */
  if (self->link != NULL)
    resubscribe (self);
  set_state (self, HERALD_MQTT_STATE_CONNECTED);
  session_flush_messages (self);
  g_signal_emit (self, signals[CONNECTED], 0, ev->session_present);
}

static void
paho_connect (HeraldMqttSession *self)
{
  Link *link = self->link;
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  g_autofree char *proxy = NULL;
  Op *op;
  int rc;

  if (self->http_proxy != NULL && *self->http_proxy != '\0')
    proxy = g_strdup_printf ("%s:%u", self->check_host, self->check_port);

  if (link->v5)
    {
      MQTTAsync_connectOptions opts5 = MQTTAsync_connectOptions_initializer5;

      opts = opts5;
      opts.cleanstart = self->clean_session;
    }
  else
    {
      opts.cleansession = self->clean_session;
      opts.MQTTVersion = MQTTVERSION_3_1_1;
    }
  opts.keepAliveInterval = self->keep_alive;
  opts.connectTimeout = self->connect_timeout;
  opts.username = self->username && *self->username ? self->username : NULL;
  opts.password = self->password && *self->password ? self->password : NULL;
  /* Our own reconnects: back-off, TCP check and resubscription. */
  opts.automaticReconnect = 0;
  if (proxy != NULL)
    {
      /* Paho strips only "http://" from httpProxy and only "https://" from
       * httpsProxy; give both as host:port. */
      opts.httpProxy = proxy;
      opts.httpsProxy = proxy;
    }

  if (self->tls)
    {
      ssl.enableServerCertAuth = self->trust != HERALD_MQTT_TRUST_NONE;
      ssl.verify = self->trust != HERALD_MQTT_TRUST_NONE;
      ssl.trustStore = self->trust == HERALD_MQTT_TRUST_CA_FILE ? self->ca_file : NULL;
      ssl.keyStore = link->cert_file;
      ssl.privateKey = link->key_file;
      ssl.privateKeyPassword = link->key_password;
      ssl.ssl_error_cb = on_ssl_error;
      ssl.ssl_error_context = link;
      opts.ssl = &ssl;
    }

  op = op_new (link, OP_CONNECT, NULL, 0);
  opts.context = op;
  if (link->v5)
    {
      opts.onSuccess5 = on_success5;
      opts.onFailure5 = on_failure5;
    }
  else
    {
      opts.onSuccess = on_success3;
      opts.onFailure = on_failure3;
    }

  g_mutex_lock (&link->mutex);
  g_string_truncate (link->ssl_errors, 0);
  g_mutex_unlock (&link->mutex);

  link->connecting = TRUE;
  rc = MQTTAsync_connect (link->handle, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autoptr(GError) error = NULL;

      link->connecting = FALSE;
      op_discard (op);
      error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("The connection settings cannot be used (%s). Check the server URI and the options."),
                           MQTTAsync_strerror (rc));
      attempt_failed (self, error);
    }
}

static void
tcp_check_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeraldMqttSession) self = user_data;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) error = NULL;

  conn = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &local_error);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->link == NULL)
    return;

  if (conn != NULL)
    {
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
      paho_connect (self);
      return;
    }

  if (local_error->domain == G_RESOLVER_ERROR)
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_HOST_NOT_FOUND,
                         _("The host “%s” was not found. Check the server URI and your network connection."),
                         self->check_host);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_CONNECTION_REFUSED,
                         _("%s refused the connection on port %u: no broker is listening there. Check the port in the server URI, or start the broker."),
                         self->check_host, self->check_port);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    error = timeout_error (self);
  else
    error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NETWORK,
                         _("Could not reach %s (%s). Check your network connection."),
                         self->check_host, local_error->message);

  attempt_failed (self, error);
}

/* Resolve and open a plain TCP connection first: Paho reports "host not
 * found", "refused" and "time-out" all as -1. */
static void
start_attempt (HeraldMqttSession *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  if (self->attempt_cancellable != NULL)
    g_cancellable_cancel (self->attempt_cancellable);
  g_clear_object (&self->attempt_cancellable);
  self->attempt_cancellable = g_cancellable_new ();
  self->attempt_start = g_get_monotonic_time ();

  /* Paho takes no system proxy, only #HeraldMqttSession:http-proxy, which
   * check_host names already. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, self->connect_timeout);
  g_socket_client_connect_to_host_async (client, self->check_host, self->check_port,
                                         self->attempt_cancellable, tcp_check_done,
                                         g_object_ref (self));
}

static gboolean
parse_settings (HeraldMqttSession  *self,
                GError            **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  int port;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->check_host, g_free);

  if (self->server_uri != NULL)
    uri = g_uri_parse (self->server_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                   _("“%s” is not a server URI. Write it like ssl://host:8883, tcp://host:1883, wss://host/mqtt or ws://host/mqtt."),
                   self->server_uri ? self->server_uri : "");
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (g_ascii_strcasecmp (scheme, "ssl") == 0 || g_ascii_strcasecmp (scheme, "mqtts") == 0)
    self->tls = TRUE, port = port > 0 ? port : 8883;
  else if (g_ascii_strcasecmp (scheme, "tcp") == 0 || g_ascii_strcasecmp (scheme, "mqtt") == 0)
    self->tls = FALSE, port = port > 0 ? port : 1883;
  else if (g_ascii_strcasecmp (scheme, "wss") == 0)
    self->tls = TRUE, port = port > 0 ? port : 443;
  else if (g_ascii_strcasecmp (scheme, "ws") == 0)
    self->tls = FALSE, port = port > 0 ? port : 80;
  else
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                   _("The server URI must start with ssl://, tcp://, wss:// or ws://, not “%s://”."),
                   scheme);
      return FALSE;
    }

  self->host = g_strdup (g_uri_get_host (uri));
  self->port = port;
  self->check_host = g_strdup (self->host);
  self->check_port = port;

  if (self->http_proxy != NULL && *self->http_proxy != '\0')
    {
      g_autoptr(GUri) proxy = g_uri_parse (self->http_proxy, G_URI_FLAGS_NONE, NULL);

      if (proxy == NULL || g_uri_get_host (proxy) == NULL)
        {
          g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                       _("“%s” is not a proxy URI. Write it like http://proxy.example.com:3128."),
                       self->http_proxy);
          return FALSE;
        }
      g_free (self->check_host);
      self->check_host = g_strdup (g_uri_get_host (proxy));
      self->check_port = g_uri_get_port (proxy) > 0 ? g_uri_get_port (proxy) : 80;
    }

  if (self->client_id == NULL || *self->client_id == '\0')
    {
      g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("The client ID is empty. For an IoT Service device, use the device’s alternate ID."));
      return FALSE;
    }

  if (self->tls && self->trust == HERALD_MQTT_TRUST_CA_FILE &&
      (self->ca_file == NULL || !g_file_test (self->ca_file, G_FILE_TEST_IS_REGULAR)))
    {
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                   _("The CA file “%s” does not exist. Choose the broker’s CA file in the trust settings."),
                   self->ca_file ? self->ca_file : "");
      return FALSE;
    }

  if (self->tls && self->keystore != NULL &&
      (herald_keystore_is_expired (self->keystore) || herald_keystore_is_not_yet_valid (self->keystore)))
    {
      g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_KEYSTORE,
                           herald_keystore_is_expired (self->keystore)
                           ? _("The device certificate has expired. Generate a new certificate for the device.")
                           : _("The device certificate is not valid yet. Check your computer’s date."));
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_mqtt_session_connect:
 *
 * Connects with the current settings. The state becomes CONNECTING, then
 * CONNECTED (with #HeraldMqttSession::connected) or FAILED (with
 * #HeraldMqttSession::error). Subscriptions made earlier are restored.
 * Connecting while connected reconnects with the new settings.
 */
void
herald_mqtt_session_connect (HeraldMqttSession *self)
{
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
  g_autoptr(GError) error = NULL;
  Link *link;
  int rc;

  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));

  drop_link (self, FALSE);
  g_clear_error (&self->last_error);
  set_state (self, HERALD_MQTT_STATE_CONNECTING);

  if (!parse_settings (self, &error))
    {
      set_state (self, HERALD_MQTT_STATE_FAILED);
      emit_error (self, error);
      return;
    }

  link = g_new0 (Link, 1);
  g_atomic_ref_count_init (&link->ref);
  link->shared = shared_ref (self->shared);
  link->v5 = self->mqtt_version == HERALD_MQTT_VERSION_5;
  g_mutex_init (&link->mutex);
  link->ssl_errors = g_string_new (NULL);
  self->link = link;

  if (self->tls && self->keystore != NULL &&
      !link_write_key_files (link, self->keystore, &error))
    {
      drop_link (self, FALSE);
      set_state (self, HERALD_MQTT_STATE_FAILED);
      emit_error (self, error);
      return;
    }

  create.MQTTVersion = link->v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
  create.sendWhileDisconnected = 0;
  /* Paho's limit on queued commands also applies while connected; 100
   * would refuse a burst of publishes from a script. */
  create.maxBufferedMessages = 65535;
  rc = MQTTAsync_createWithOptions (&link->handle, self->server_uri, self->client_id,
                                    MQTTCLIENT_PERSISTENCE_NONE, NULL, &create);
  if (rc == MQTTASYNC_SUCCESS)
    {
      link_ref (link); /* for Paho's callbacks, dropped with the handle */
      rc = MQTTAsync_setCallbacks (link->handle, link, on_connection_lost, on_message_arrived, NULL);
    }
  if (rc != MQTTASYNC_SUCCESS)
    {
      error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                           _("The connection settings cannot be used (%s). Check the server URI and the client ID."),
                           MQTTAsync_strerror (rc));
      drop_link (self, FALSE);
      set_state (self, HERALD_MQTT_STATE_FAILED);
      emit_error (self, error);
      return;
    }

  self->reconnect_delay = self->reconnect_min_delay;
  start_attempt (self);
}

/**
 * herald_mqtt_session_disconnect:
 *
 * Disconnects and stops reconnecting; removes the key files. The state
 * becomes DISCONNECTED at once. Subscriptions are kept for the next
 * herald_mqtt_session_connect().
 */
void
herald_mqtt_session_disconnect (HeraldMqttSession *self)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));

  session_flush_messages (self);
  drop_link (self, FALSE);
  set_state (self, HERALD_MQTT_STATE_DISCONNECTED);
}

/* Events on the main context ------------------------------------------- */

static void
op_event (HeraldMqttSession *self,
          Event             *ev)
{
  Op *op = ev->op;
  g_autoptr(GError) error = NULL;

  session_flush_messages (self);

  switch (op->kind)
    {
    case OP_SUBSCRIBE:
      if (ev->kind == EV_OP_OK)
        g_signal_emit (self, signals[SUBSCRIBED], 0, op->topic, (guint) MAX (ev->granted_qos, 0));
      else
        {
          /* The broker said no: forget it, so a reconnect does not retry. */
          g_hash_table_remove (self->subscriptions, op->topic);
          if (ev->reason >= 0x80)
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                                 _("The broker refused the subscription to “%s” (%s). Check the topic: a device may only subscribe to its own topics, like commands/<alternate ID>."),
                                 op->topic, MQTTReasonCode_toString (ev->reason));
          else
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                                 _("The broker refused the subscription to “%s”. Check the topic: a device may only subscribe to its own topics, like commands/<alternate ID>."),
                                 op->topic);
          emit_error (self, error);
        }
      break;

    case OP_UNSUBSCRIBE:
      if (ev->kind == EV_OP_OK)
        g_signal_emit (self, signals[UNSUBSCRIBED], 0, op->topic);
      else
        {
          error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_UNSUBSCRIBE_FAILED,
                               _("Could not unsubscribe from “%s” (%s). Try again once connected."),
                               op->topic, ev->reason >= 0x80 ? MQTTReasonCode_toString (ev->reason)
                                                             : MQTTAsync_strerror (ev->code));
          emit_error (self, error);
        }
      break;

    case OP_PUBLISH:
      if (ev->kind == EV_OP_OK)
        g_signal_emit (self, signals[PUBLISHED], 0, op->topic, op->qos);
      else
        {
          if (ev->reason >= 0x80)
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
                                 _("The broker refused the message to “%s” (%s). Check the topic: a device may only publish to its own topics, like measures/<alternate ID>."),
                                 op->topic, MQTTReasonCode_toString (ev->reason));
          else
            error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
                                 _("The message to “%s” was not delivered (%s). Publish it again once connected."),
                                 op->topic, ev->message ? ev->message : MQTTAsync_strerror (ev->code));
          emit_error (self, error);
        }
      break;

    case OP_CONNECT:
    case OP_DISCONNECT:
    default:
      g_assert_not_reached ();
    }
}

static void
lost_event (HeraldMqttSession *self,
            Event             *ev)
{
  g_autoptr(GError) error = NULL;

  if (self->state != HERALD_MQTT_STATE_CONNECTED)
    return;

  set_insecure (self, FALSE);
  set_state (self, HERALD_MQTT_STATE_RECONNECTING);
  error = g_error_new (HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_CONNECTION_LOST,
                       _("The connection to %s was lost (%s). Herald reconnects by itself."),
                       self->host, ev->message && *ev->message ? ev->message : _("the broker closed it"));
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  session_flush_messages (self);
  g_signal_emit (self, signals[CONNECTION_LOST], 0, error);

  if (self->state == HERALD_MQTT_STATE_RECONNECTING)
    {
      guint delay = self->reconnect_delay;

      self->reconnect_delay = MIN (delay * 2, self->reconnect_max_delay);
      schedule_reconnect (self, delay);
    }
}

static gboolean
handle_event (gpointer data)
{
  Event *ev = data;
  Link *link = ev->link;
  HeraldMqttSession *self = link->shared->session;
  Op *op = ev->op;

  /* Bookkeeping of the Paho handle comes first, whether or not anyone
   * still listens. */
  if (op != NULL && op->kind == OP_CONNECT)
    {
      link->connecting = FALSE;
      link->connected = ev->kind == EV_OP_OK;
      if (link->closing)
        {
          link_close (link, FALSE);
          return G_SOURCE_REMOVE;
        }
    }
  else if (op != NULL && op->kind == OP_DISCONNECT)
    {
      link->connected = FALSE;
      link_destroy_handle (link);
      return G_SOURCE_REMOVE;
    }
  else if (ev->kind == EV_LOST)
    link->connected = FALSE;

  if (self == NULL || self->link != link || link->closing)
    return G_SOURCE_REMOVE;

  g_object_ref (self);

  if (op != NULL && op->kind == OP_CONNECT)
    {
      if (ev->kind == EV_OP_OK)
        connect_succeeded (self, ev);
      else
        connect_failed (self, ev);
    }
  else if (op != NULL)
    op_event (self, ev);
  else if (ev->kind == EV_LOST)
    lost_event (self, ev);

  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

/* Operations ----------------------------------------------------------- */

static gboolean
check_qos (guint qos, GError **error)
{
  if (qos <= 2)
    return TRUE;

  g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
                       _("The QoS must be 0, 1 or 2."));
  return FALSE;
}

static gboolean
check_topic (const char *topic, gboolean filter, GError **error)
{
  if (topic != NULL && *topic != '\0' && g_utf8_validate (topic, -1, NULL) &&
      (filter || strpbrk (topic, "+#") == NULL))
    return TRUE;

  g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_INVALID_SETTINGS,
               filter ? _("“%s” is not a topic filter. Write a topic like commands/<alternate ID>; + and # are wildcards.")
                      : _("“%s” is not a topic to publish to. Write a topic like measures/<alternate ID>, without + or #."),
               topic ? topic : "");
  return FALSE;
}

static gboolean
check_connected (HeraldMqttSession *self, GError **error)
{
  if (self->state == HERALD_MQTT_STATE_CONNECTED && self->link != NULL)
    return TRUE;

  g_set_error_literal (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_NOT_CONNECTED,
                       _("Not connected to the broker. Connect first."));
  return FALSE;
}

/**
 * herald_mqtt_session_subscribe:
 * @topic: a topic filter
 * @qos: 0, 1 or 2
 *
 * Subscribes now if connected; the subscription is also kept and restored
 * after every reconnect (and at the next connect). The broker's answer
 * arrives as #HeraldMqttSession::subscribed or as an error
 * (%HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED), after which the
 * subscription is forgotten.
 *
 * Returns: %FALSE with @error set if the topic or QoS is invalid or Paho
 *   refused the request
 */
gboolean
herald_mqtt_session_subscribe (HeraldMqttSession  *self,
                               const char         *topic,
                               guint               qos,
                               GError            **error)
{
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  Op *op;
  int rc;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);

  if (!check_topic (topic, TRUE, error) || !check_qos (qos, error))
    return FALSE;

  g_hash_table_replace (self->subscriptions, g_strdup (topic), GUINT_TO_POINTER (qos + 1));
  if (self->state != HERALD_MQTT_STATE_CONNECTED || self->link == NULL)
    return TRUE;

  op = op_new (self->link, OP_SUBSCRIBE, topic, qos);
  fill_response (self->link, &opts, op);
  rc = MQTTAsync_subscribe (self->link->handle, topic, qos, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      op_discard (op);
      g_hash_table_remove (self->subscriptions, topic);
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_SUBSCRIBE_REFUSED,
                   _("Could not subscribe to “%s” (%s)."), topic, MQTTAsync_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_mqtt_session_unsubscribe:
 *
 * Forgets the subscription and, if connected, unsubscribes; the answer
 * arrives as #HeraldMqttSession::unsubscribed.
 */
gboolean
herald_mqtt_session_unsubscribe (HeraldMqttSession  *self,
                                 const char         *topic,
                                 GError            **error)
{
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  Op *op;
  int rc;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);

  if (!check_topic (topic, TRUE, error))
    return FALSE;

  g_hash_table_remove (self->subscriptions, topic);
  if (self->state != HERALD_MQTT_STATE_CONNECTED || self->link == NULL)
    return TRUE;

  op = op_new (self->link, OP_UNSUBSCRIBE, topic, 0);
  fill_response (self->link, &opts, op);
  rc = MQTTAsync_unsubscribe (self->link->handle, topic, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      op_discard (op);
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_UNSUBSCRIBE_FAILED,
                   _("Could not unsubscribe from “%s” (%s)."), topic, MQTTAsync_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

/**
 * herald_mqtt_session_publish:
 * @payload: the message
 * @qos: 0, 1 or 2
 * @retain: whether the broker keeps it for later subscribers
 *
 * Publishes while connected. #HeraldMqttSession::published follows when the
 * broker has it; a refusal (MQTT 5 reason code) arrives as an error.
 *
 * Returns: %FALSE with @error set if not connected or invalid
 */
gboolean
herald_mqtt_session_publish (HeraldMqttSession  *self,
                             const char         *topic,
                             GBytes             *payload,
                             guint               qos,
                             gboolean            retain,
                             GError            **error)
{
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message msg = MQTTAsync_message_initializer;
  gsize len = 0;
  Op *op;
  int rc;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  if (!check_topic (topic, FALSE, error) || !check_qos (qos, error) ||
      !check_connected (self, error))
    return FALSE;

  msg.payload = (void *) g_bytes_get_data (payload, &len);
  msg.payloadlen = (int) len;
  msg.qos = qos;
  msg.retained = !!retain;

  op = op_new (self->link, OP_PUBLISH, topic, qos);
  fill_response (self->link, &opts, op);
  rc = MQTTAsync_sendMessage (self->link->handle, topic, &msg, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      op_discard (op);
      g_set_error (error, HERALD_MQTT_SESSION_ERROR, HERALD_MQTT_SESSION_ERROR_PUBLISH_FAILED,
                   _("Could not publish to “%s” (%s)."), topic, MQTTAsync_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * herald_mqtt_session_dup_subscriptions:
 *
 * Returns: (transfer full): the topic filters the session keeps, sorted
 */
char **
herald_mqtt_session_dup_subscriptions (HeraldMqttSession *self)
{
  g_autofree gpointer *keys = NULL;
  guint n;
  char **topics;

  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);

  keys = g_hash_table_get_keys_as_array (self->subscriptions, &n);
  topics = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    topics[i] = g_strdup (keys[i]);
  qsort (topics, n, sizeof (char *), compare_strings);

  return topics;
}

/* GObject ---------------------------------------------------------------- */

HeraldMqttSession *
herald_mqtt_session_new (void)
{
  return g_object_new (HERALD_TYPE_MQTT_SESSION, NULL);
}

static void
herald_mqtt_session_dispose (GObject *object)
{
  HeraldMqttSession *self = (HeraldMqttSession *)object;

  drop_link (self, TRUE);

  if (self->shared != NULL)
    {
      Shared *sh = self->shared;
      GSource *source;

      g_mutex_lock (&sh->mutex);
      source = g_steal_pointer (&sh->source);
      g_mutex_unlock (&sh->mutex);
      sh->session = NULL;
      if (source != NULL)
        {
          g_source_destroy (source);
          g_source_unref (source);
        }
      g_ptr_array_set_size (sh->queue, 0);
    }

  G_OBJECT_CLASS (herald_mqtt_session_parent_class)->dispose (object);
}

static void
herald_mqtt_session_finalize (GObject *object)
{
  HeraldMqttSession *self = (HeraldMqttSession *)object;

  g_clear_pointer (&self->shared, shared_unref);
  g_clear_pointer (&self->server_uri, g_free);
  g_clear_pointer (&self->http_proxy, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_object (&self->keystore);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, _herald_keystore_wipe);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->subscriptions, g_hash_table_unref);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->check_host, g_free);

  G_OBJECT_CLASS (herald_mqtt_session_parent_class)->finalize (object);
}

static void
set_string (HeraldMqttSession *self, char **field, const char *value, int prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  if (prop == PROP_PASSWORD)
    _herald_keystore_wipe (*field);
  else
    g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint (HeraldMqttSession *self, guint *field, guint value, int prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
herald_mqtt_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HeraldMqttSession *self = HERALD_MQTT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URI: g_value_set_string (value, self->server_uri); break;
    case PROP_HTTP_PROXY: g_value_set_string (value, self->http_proxy); break;
    case PROP_CLIENT_ID: g_value_set_string (value, self->client_id); break;
    case PROP_KEYSTORE: g_value_set_object (value, self->keystore); break;
    case PROP_TRUST: g_value_set_enum (value, self->trust); break;
    case PROP_CA_FILE: g_value_set_string (value, self->ca_file); break;
    case PROP_MQTT_VERSION: g_value_set_enum (value, self->mqtt_version); break;
    case PROP_CLEAN_SESSION: g_value_set_boolean (value, self->clean_session); break;
    case PROP_KEEP_ALIVE: g_value_set_uint (value, self->keep_alive); break;
    case PROP_CONNECT_TIMEOUT: g_value_set_uint (value, self->connect_timeout); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_PASSWORD: g_value_set_string (value, self->password); break;
    case PROP_DELIVERY_INTERVAL: g_value_set_uint (value, self->delivery_interval); break;
    case PROP_RECONNECT_MIN_DELAY: g_value_set_uint (value, self->reconnect_min_delay); break;
    case PROP_RECONNECT_MAX_DELAY: g_value_set_uint (value, self->reconnect_max_delay); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_INSECURE: g_value_set_boolean (value, self->insecure); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_mqtt_session_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HeraldMqttSession *self = HERALD_MQTT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URI: set_string (self, &self->server_uri, g_value_get_string (value), prop_id); break;
    case PROP_HTTP_PROXY: set_string (self, &self->http_proxy, g_value_get_string (value), prop_id); break;
    case PROP_CLIENT_ID: set_string (self, &self->client_id, g_value_get_string (value), prop_id); break;
    case PROP_KEYSTORE: herald_mqtt_session_set_keystore (self, g_value_get_object (value)); break;
    case PROP_TRUST: herald_mqtt_session_set_trust (self, g_value_get_enum (value)); break;
    case PROP_CA_FILE: set_string (self, &self->ca_file, g_value_get_string (value), prop_id); break;
    case PROP_MQTT_VERSION:
      if (self->mqtt_version != (HeraldMqttVersion) g_value_get_enum (value))
        {
          self->mqtt_version = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CLEAN_SESSION:
      if (self->clean_session != g_value_get_boolean (value))
        {
          self->clean_session = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_KEEP_ALIVE: set_uint (self, &self->keep_alive, g_value_get_uint (value), prop_id); break;
    case PROP_CONNECT_TIMEOUT: set_uint (self, &self->connect_timeout, g_value_get_uint (value), prop_id); break;
    case PROP_USERNAME: set_string (self, &self->username, g_value_get_string (value), prop_id); break;
    case PROP_PASSWORD: set_string (self, &self->password, g_value_get_string (value), prop_id); break;
    case PROP_DELIVERY_INTERVAL:
      set_uint (self, &self->delivery_interval, g_value_get_uint (value), prop_id);
      g_mutex_lock (&self->shared->mutex);
      self->shared->interval_us = (gint64) self->delivery_interval * 1000;
      g_mutex_unlock (&self->shared->mutex);
      break;
    case PROP_RECONNECT_MIN_DELAY: set_uint (self, &self->reconnect_min_delay, g_value_get_uint (value), prop_id); break;
    case PROP_RECONNECT_MAX_DELAY: set_uint (self, &self->reconnect_max_delay, g_value_get_uint (value), prop_id); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_mqtt_session_class_init (HeraldMqttSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = herald_mqtt_session_dispose;
  object_class->finalize = herald_mqtt_session_finalize;
  object_class->get_property = herald_mqtt_session_get_property;
  object_class->set_property = herald_mqtt_session_set_property;

  properties[PROP_SERVER_URI] =
    g_param_spec_string ("server-uri", NULL, NULL, NULL, rw);
  properties[PROP_HTTP_PROXY] =
    g_param_spec_string ("http-proxy", NULL, NULL, NULL, rw);
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL, rw);
  properties[PROP_KEYSTORE] =
    g_param_spec_object ("keystore", NULL, NULL, HERALD_TYPE_KEYSTORE, rw);
  properties[PROP_TRUST] =
    g_param_spec_enum ("trust", NULL, NULL, HERALD_TYPE_MQTT_TRUST, HERALD_MQTT_TRUST_SYSTEM, rw);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_MQTT_VERSION] =
    g_param_spec_enum ("mqtt-version", NULL, NULL, HERALD_TYPE_MQTT_VERSION,
                       HERALD_MQTT_VERSION_3_1_1, rw);
  properties[PROP_CLEAN_SESSION] =
    g_param_spec_boolean ("clean-session", NULL, NULL, TRUE, rw);
  properties[PROP_KEEP_ALIVE] =
    g_param_spec_uint ("keep-alive", NULL, NULL, 0, 65535, 60, rw);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 600, 30, rw);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL, rw);
  properties[PROP_DELIVERY_INTERVAL] =
    g_param_spec_uint ("delivery-interval", NULL, NULL, 0, 10000, 16, rw);
  properties[PROP_RECONNECT_MIN_DELAY] =
    g_param_spec_uint ("reconnect-min-delay", NULL, NULL, 1, G_MAXUINT, 1000, rw);
  properties[PROP_RECONNECT_MAX_DELAY] =
    g_param_spec_uint ("reconnect-max-delay", NULL, NULL, 1, G_MAXUINT, 30000, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HERALD_TYPE_MQTT_STATE, HERALD_MQTT_STATE_DISCONNECTED, ro);
  properties[PROP_INSECURE] =
    g_param_spec_boolean ("insecure", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGES_RECEIVED] =
    g_signal_new ("messages-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[CONNECTION_LOST] =
    g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SUBSCRIBED] =
    g_signal_new ("subscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
  signals[UNSUBSCRIBED] =
    g_signal_new ("unsubscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
herald_mqtt_session_init (HeraldMqttSession *self)
{
  static gsize cleaned = 0;
  Shared *sh;

  if (g_once_init_enter (&cleaned))
    {
      MQTTAsync_init_options init = MQTTAsync_init_options_initializer;

      /* OpenSSL 3 initializes itself; Paho must not do it again. */
      init.do_openssl_init = 0;
      MQTTAsync_global_init (&init);
      /* Paho formats every packet it handles into its in-memory trace at
       * its default level, Herald never reads it: only errors, from now. */
      MQTTAsync_setTraceLevel (MQTTASYNC_TRACE_ERROR);
      herald_mqtt_session_clean_stale_key_dirs ();
      g_once_init_leave (&cleaned, 1);
    }

  self->trust = HERALD_MQTT_TRUST_SYSTEM;
  self->mqtt_version = HERALD_MQTT_VERSION_3_1_1;
  self->clean_session = TRUE;
  self->keep_alive = 60;
  self->connect_timeout = 30;
  self->delivery_interval = 16;
  self->reconnect_min_delay = 1000;
  self->reconnect_max_delay = 30000;
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  sh = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&sh->ref);
  g_mutex_init (&sh->mutex);
  sh->queue = g_ptr_array_new_full (256, (GDestroyNotify) herald_message_unref);
  sh->interval_us = (gint64) self->delivery_interval * 1000;
  sh->context = g_main_context_ref_thread_default ();
  sh->session = self;
  sh->source = g_source_new (&queue_source_funcs, sizeof (GSource));
  g_source_set_callback (sh->source, NULL, self, NULL);
  g_source_set_priority (sh->source, G_PRIORITY_DEFAULT);
  g_source_set_name (sh->source, "HeraldMqttSession receive queue");
  g_source_attach (sh->source, sh->context);
  self->shared = sh;
}

/* Accessors -------------------------------------------------------------- */

HeraldMqttState
herald_mqtt_session_get_state (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), HERALD_MQTT_STATE_DISCONNECTED);
  return self->state;
}

/* TRUE while connected with server verification turned off: show a warning. */
gboolean
herald_mqtt_session_get_insecure (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), FALSE);
  return self->insecure;
}

/* The reason of the last failure (also while RECONNECTING), or NULL. */
const GError *
herald_mqtt_session_get_last_error (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->last_error;
}

/* The private directory holding the connection's key files, or NULL. */
const char *
herald_mqtt_session_get_key_dir (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->link != NULL ? self->link->key_dir : NULL;
}

const char *
herald_mqtt_session_get_server_uri (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->server_uri;
}

void
herald_mqtt_session_set_server_uri (HeraldMqttSession *self,
                                    const char        *uri)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  set_string (self, &self->server_uri, uri, PROP_SERVER_URI);
}

const char *
herald_mqtt_session_get_client_id (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->client_id;
}

void
herald_mqtt_session_set_client_id (HeraldMqttSession *self,
                                   const char        *client_id)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  set_string (self, &self->client_id, client_id, PROP_CLIENT_ID);
}

HeraldKeystore *
herald_mqtt_session_get_keystore (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->keystore;
}

void
herald_mqtt_session_set_keystore (HeraldMqttSession *self,
                                  HeraldKeystore    *keystore)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  g_return_if_fail (keystore == NULL || HERALD_IS_KEYSTORE (keystore));

  if (g_set_object (&self->keystore, keystore))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYSTORE]);
}

HeraldMqttTrust
herald_mqtt_session_get_trust (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), HERALD_MQTT_TRUST_SYSTEM);
  return self->trust;
}

void
herald_mqtt_session_set_trust (HeraldMqttSession *self,
                               HeraldMqttTrust    trust)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));

  if (self->trust == trust)
    return;
  self->trust = trust;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUST]);
}

const char *
herald_mqtt_session_get_ca_file (HeraldMqttSession *self)
{
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (self), NULL);
  return self->ca_file;
}

void
herald_mqtt_session_set_ca_file (HeraldMqttSession *self,
                                 const char        *ca_file)
{
  g_return_if_fail (HERALD_IS_MQTT_SESSION (self));
  set_string (self, &self->ca_file, ca_file, PROP_CA_FILE);
}

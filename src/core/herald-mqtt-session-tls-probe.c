/* herald-mqtt-session-tls-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldMqttSession: the TLS diagnosis. Paho reports most TLS failures as
 * -1 with OpenSSL's generic "certificate verify failed"; a handshake of our
 * own, in a thread, with the same trust, host name and client certificate
 * tells which check failed, and its error fails the attempt.
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "herald-keystore-private.h"
#include "herald-mqtt-session-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL_CTX, SSL_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SSL, SSL_free)

typedef struct
{
  char           *host;
  guint16         port;
  HeraldMqttTrust trust;
  char           *ca_file;
  HeraldKeystore *keystore;
  guint           timeout;
  char           *paho_text;
  gboolean        v5;
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
probe (GTask        *task,
       Probe        *p,
       GCancellable *cancellable)
{
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
      /* The handshake went through and the broker said nothing: MQTT 5
       * to a broker that speaks 3.1.1 only, most likely. */
      if (error == NULL && p->v5)
        error = _herald_mqtt_session_mqtt5_closed_error (p->host);
      if (error == NULL)
        error = tls_failed_error (p->paho_text);
    }

  ERR_clear_error ();
  g_task_return_pointer (task, error, (GDestroyNotify) g_error_free);
}

/* OpenSSL's state for this pool thread (its error queue, a random
 * generator) is dropped once the probe's SSL objects are: the thread
 * outlives the task (see herald-keystore-async.c). */
static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  probe (task, task_data, cancellable);
  OPENSSL_thread_stop ();
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

  _herald_mqtt_session_attempt_failed (self, error);
}

/* Runs the handshake in a thread; its error fails the current attempt,
 * unless that attempt was given up meanwhile. */
void
_herald_mqtt_session_probe_tls (HeraldMqttSession *self,
                                const char        *paho_text)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->attempt_cancellable, probe_done, g_object_ref (self));
  Probe *p = g_new0 (Probe, 1);

  p->host = g_strdup (self->host);
  p->port = self->port;
  p->trust = self->trust;
  p->ca_file = g_strdup (self->ca_file);
  p->keystore = self->keystore ? g_object_ref (self->keystore) : NULL;
  p->timeout = self->connect_timeout;
  p->paho_text = g_strdup (paho_text);
  p->v5 = self->link != NULL && self->link->v5;
  g_task_set_task_data (task, p, (GDestroyNotify) probe_free);
  g_task_run_in_thread (task, probe_thread);
}

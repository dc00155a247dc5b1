/* herald-test-broker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test utilities: a certificate authority made with the openssl CLI, and a
 * real mosquitto on a free loopback port with TLS, required client
 * certificates, the certificate CN as user name and an ACL.
 *
 *   g_autoptr(HeraldTestBroker) broker = herald_test_broker_new (NULL);
 *   herald_test_broker_start (broker, &error);
 *   uri = herald_test_broker_get_uri (broker);          // ssl://localhost:PORT
 *   pki = herald_test_broker_get_pki (broker);
 *   pem = herald_test_pki_issue_answer (pki, "dev1", "s3cret");  // "pem" answer text
 *
 * ACL: the user "admin" may read and write everything; every other
 * identity may read commands/<cn>, ack/<cn>, write measures/<cn>, and read
 * and write test/<cn>/#.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _HeraldTestPki HeraldTestPki;
typedef struct _HeraldTestBroker HeraldTestBroker;

gboolean          herald_test_run_openssl           (GError         **error,
                                                     const char      *first_arg,
                                                     ...) G_GNUC_NULL_TERMINATED;

HeraldTestPki    *herald_test_pki_new               (const char      *dir,
                                                     const char      *ca_cn);
void              herald_test_pki_free              (HeraldTestPki   *pki);
const char       *herald_test_pki_get_dir           (HeraldTestPki   *pki);
const char       *herald_test_pki_get_ca_file       (HeraldTestPki   *pki);
void              herald_test_pki_issue             (HeraldTestPki   *pki,
                                                     const char      *name,
                                                     const char      *cn,
                                                     const char      *san,
                                                     int              start_days,
                                                     int              end_days);
char             *herald_test_pki_path              (HeraldTestPki   *pki,
                                                     const char      *file);
char             *herald_test_pki_issue_answer      (HeraldTestPki   *pki,
                                                     const char      *cn,
                                                     const char      *secret);

typedef struct
{
  /* Validity of the server certificate in days relative to now. */
  int server_start_days;
  int server_end_days;
  /* Also open a plain TCP listener that refuses anonymous clients. */
  gboolean plain_listener;
  /* Refuse every subscription in the SUBACK (mosquitto's dynamic security
   * plugin with subscribe denied by default) instead of using the ACL. */
  gboolean deny_subscriptions;
  /* Also a WebSockets listener with the same TLS settings (wss://). */
  gboolean websockets;
  /* Keep sessions and queued messages across restarts (mosquitto.db in
   * the broker's directory, written when it stops). */
  gboolean persistence;
  /* With the plain listener: one user who logs in with this name and
   * password (a password_file made with mosquitto_passwd); the ACL gives
   * them test/<user>/# as every other identity. */
  const char *user;
  const char *password;
} HeraldTestBrokerOptions;

HeraldTestBroker *herald_test_broker_new            (const HeraldTestBrokerOptions *options);
void              herald_test_broker_free           (HeraldTestBroker *broker);
gboolean          herald_test_broker_start          (HeraldTestBroker *broker,
                                                     GError          **error);
void              herald_test_broker_stop           (HeraldTestBroker *broker);
gboolean          herald_test_broker_restart        (HeraldTestBroker *broker,
                                                     GError          **error);
gboolean          herald_test_broker_is_running     (HeraldTestBroker *broker);
guint16           herald_test_broker_get_port       (HeraldTestBroker *broker);
guint16           herald_test_broker_get_plain_port (HeraldTestBroker *broker);
guint16           herald_test_broker_get_ws_port    (HeraldTestBroker *broker);
char             *herald_test_broker_get_uri        (HeraldTestBroker *broker);
HeraldTestPki    *herald_test_broker_get_pki        (HeraldTestBroker *broker);
const char       *herald_test_broker_get_dir        (HeraldTestBroker *broker);
guint16           herald_test_free_port             (void);
gboolean          herald_test_remove_tree           (GFile           *file);
gboolean          herald_test_port_accepts          (guint16          port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTestPki, herald_test_pki_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTestBroker, herald_test_broker_free)

G_END_DECLS

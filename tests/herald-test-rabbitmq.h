/* herald-test-rabbitmq.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test utilities: a private RabbitMQ node with its MQTT plugin, the second
 * real broker of the tests. It listens on two free loopback ports: MQTT
 * over TCP for users with passwords, and MQTT over TLS with a test PKI's
 * CA and server certificate, where a client certificate's CN is the user
 * (ssl_cert_login). Users and their topic permissions are given before it
 * starts (a definitions file); it starts in about 8–11 s, so start one per
 * test program. Its own epmd runs on its own port, and both are stopped by
 * their process group when the node is freed.
 *
 *   g_autoptr(HeraldTestRabbitmq) rabbit = herald_test_rabbitmq_new (pki);
 *   herald_test_rabbitmq_add_user (rabbit, "herald", "s3cret", NULL);
 *   herald_test_rabbitmq_add_user (rabbit, "dev1", NULL, "dev1");  // cert login, own topics
 *   herald_test_rabbitmq_start (rabbit, &error);
 *   port = herald_test_rabbitmq_get_port (rabbit);        // tcp://localhost:PORT
 *   tls = herald_test_rabbitmq_get_tls_port (rabbit);     // ssl://localhost:TLS
 */

#pragma once

#include "herald-test-broker.h"

G_BEGIN_DECLS

typedef struct _HeraldTestRabbitmq HeraldTestRabbitmq;

gboolean            herald_test_rabbitmq_available    (void);
HeraldTestRabbitmq *herald_test_rabbitmq_new          (HeraldTestPki       *pki);
void                herald_test_rabbitmq_free         (HeraldTestRabbitmq  *rabbit);
void                herald_test_rabbitmq_add_user     (HeraldTestRabbitmq  *rabbit,
                                                       const char          *name,
                                                       const char          *password,
                                                       const char          *own_topics);
gboolean            herald_test_rabbitmq_start        (HeraldTestRabbitmq  *rabbit,
                                                       GError             **error);
guint16             herald_test_rabbitmq_get_port     (HeraldTestRabbitmq  *rabbit);
guint16             herald_test_rabbitmq_get_tls_port (HeraldTestRabbitmq  *rabbit);
const char         *herald_test_rabbitmq_get_dir      (HeraldTestRabbitmq  *rabbit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTestRabbitmq, herald_test_rabbitmq_free)

G_END_DECLS

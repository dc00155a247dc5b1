/* herald-test-sandbox.h: start the real herald-sandbox for a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage:
 *
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(HeraldTestSandbox) sandbox = herald_test_sandbox_start ("classic", &error);
 *   g_assert_no_error (error);
 *   ... herald_test_sandbox_get_api_url (sandbox), _get_user, _get_password,
 *       _get_mqtt_uri (ssl://localhost:PORT), _get_ca_file ...
 *   // freed (auto or herald_test_sandbox_free): SIGTERM, wait, temp dir removed
 *
 * The binary is $HERALD_SANDBOX, else $HERALD_BUILD_ROOT/src/sandbox/herald-sandbox
 * (tests/meson.build sets both). It runs on free ports (--http-port 0
 * --mqtt-port 0) with a temporary data directory unless one is given; its
 * stdout goes to the test's stderr so TAP output stays clean.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HeraldTestSandbox HeraldTestSandbox;

HeraldTestSandbox *herald_test_sandbox_start        (const char          *flavor,
                                                     GError             **error);
HeraldTestSandbox *herald_test_sandbox_start_full   (const char          *flavor,
                                                     const char          *data_dir,
                                                     const char * const  *extra_args,
                                                     GError             **error);
int                herald_test_sandbox_stop         (HeraldTestSandbox   *sandbox);
void               herald_test_sandbox_kill         (HeraldTestSandbox   *sandbox);
void               herald_test_sandbox_free         (HeraldTestSandbox   *sandbox);

const char        *herald_test_sandbox_get_api_url  (HeraldTestSandbox   *sandbox);
const char        *herald_test_sandbox_get_user     (HeraldTestSandbox   *sandbox);
const char        *herald_test_sandbox_get_password (HeraldTestSandbox   *sandbox);
const char        *herald_test_sandbox_get_mqtt_uri (HeraldTestSandbox   *sandbox);
const char        *herald_test_sandbox_get_ca_file  (HeraldTestSandbox   *sandbox);
const char        *herald_test_sandbox_get_data_dir (HeraldTestSandbox   *sandbox);
const char        *herald_test_sandbox_get_flavor   (HeraldTestSandbox   *sandbox);
GPid               herald_test_sandbox_get_pid      (HeraldTestSandbox   *sandbox);
const char        *herald_test_sandbox_get_binary   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTestSandbox, herald_test_sandbox_free)

G_END_DECLS

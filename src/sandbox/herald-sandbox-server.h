/* herald-sandbox-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-sandbox-bridge.h"
#include "herald-sandbox-ca.h"
#include "herald-sandbox-store.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SANDBOX_SERVER (herald_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandboxServer, herald_sandbox_server, HERALD, SANDBOX_SERVER, GObject)

HeraldSandboxServer *herald_sandbox_server_new          (HeraldSandboxStore   *store,
                                                         HeraldSandboxCa      *ca,
                                                         HeraldSandboxBridge  *bridge,
                                                         gboolean              classic,
                                                         const char           *tenant_id,
                                                         const char           *user,
                                                         const char           *password);
gboolean             herald_sandbox_server_listen       (HeraldSandboxServer  *self,
                                                         const char           *address,
                                                         guint                 port,
                                                         gboolean              https,
                                                         GError              **error);
gboolean             herald_sandbox_server_get_https    (HeraldSandboxServer  *self);
guint                herald_sandbox_server_get_port     (HeraldSandboxServer  *self);
const char          *herald_sandbox_server_get_api_root (HeraldSandboxServer  *self);

G_END_DECLS

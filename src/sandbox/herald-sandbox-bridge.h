/* herald-sandbox-bridge.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SANDBOX_BRIDGE (herald_sandbox_bridge_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandboxBridge, herald_sandbox_bridge, HERALD, SANDBOX_BRIDGE, GObject)

HeraldSandboxBridge *herald_sandbox_bridge_new           (const char           *uri,
                                                          const char           *ca_file,
                                                          const char           *cert_file,
                                                          const char           *key_file);
gboolean             herald_sandbox_bridge_start         (HeraldSandboxBridge  *self,
                                                          GError              **error);
gboolean             herald_sandbox_bridge_get_connected (HeraldSandboxBridge  *self);
gboolean             herald_sandbox_bridge_publish       (HeraldSandboxBridge  *self,
                                                          const char           *topic,
                                                          const char           *payload,
                                                          gsize                 length,
                                                          GError              **error);
void                 herald_sandbox_bridge_publish_async  (HeraldSandboxBridge  *self,
                                                          const char           *topic,
                                                          const char           *payload,
                                                          gsize                 length,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean             herald_sandbox_bridge_publish_finish (HeraldSandboxBridge  *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS

/* herald-sandbox-broker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-sandbox-ca.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SANDBOX_BROKER (herald_sandbox_broker_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandboxBroker, herald_sandbox_broker, HERALD, SANDBOX_BROKER, GObject)

HeraldSandboxBroker *herald_sandbox_broker_new      (const char           *data_dir,
                                                     HeraldSandboxCa      *ca,
                                                     const char           *bind_address,
                                                     guint                 port,
                                                     const char           *mosquitto);
gboolean             herald_sandbox_broker_start    (HeraldSandboxBroker  *self,
                                                     GError              **error);
gboolean             herald_sandbox_broker_restart  (HeraldSandboxBroker  *self,
                                                     GError              **error);
void                 herald_sandbox_broker_stop     (HeraldSandboxBroker  *self);
guint                herald_sandbox_broker_get_port (HeraldSandboxBroker  *self);
GPid                 herald_sandbox_broker_get_pid  (HeraldSandboxBroker  *self);

G_END_DECLS

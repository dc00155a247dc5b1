/* herald-sandbox.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_SANDBOX_ERROR (herald_sandbox_error_quark ())

typedef enum
{
  HERALD_SANDBOX_ERROR_FAILED,
  HERALD_SANDBOX_ERROR_LOCKED,
} HeraldSandboxError;

/**
 * HeraldSandboxOptions:
 *
 * The command line's choices; NULL strings and 0 ports... see
 * herald_sandbox_new() for the defaults.
 */
typedef struct
{
  char     *data_dir;
  char     *bind_address;
  int       http_port;
  int       mqtt_port;
  char     *flavor;
  char     *tenant_id;
  char     *user;
  char     *password;
  char     *mosquitto;
  gboolean  reset;
  gboolean  ec_keys;
  gboolean  https;
  gboolean  guid_ids;
} HeraldSandboxOptions;

#define HERALD_TYPE_SANDBOX (herald_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandbox, herald_sandbox, HERALD, SANDBOX, GObject)

GQuark         herald_sandbox_error_quark (void);
HeraldSandbox *herald_sandbox_new         (const HeraldSandboxOptions  *options);
int            herald_sandbox_run         (HeraldSandbox               *self,
                                           GError                     **error);

G_END_DECLS

/* herald-sandbox-info.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_SANDBOX_INFO_ERROR (herald_sandbox_info_error_quark ())

/**
 * HeraldSandboxInfoError:
 * @HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING: there is no `sandbox.json`, so no
 *   sandbox runs on that data directory
 * @HERALD_SANDBOX_INFO_ERROR_INVALID: the file is not the JSON object it
 *   should be, or lacks a field
 * @HERALD_SANDBOX_INFO_ERROR_UNSUPPORTED: a schema version this Herald does
 *   not read
 */
typedef enum
{
  HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING,
  HERALD_SANDBOX_INFO_ERROR_INVALID,
  HERALD_SANDBOX_INFO_ERROR_UNSUPPORTED,
} HeraldSandboxInfoError;

#define HERALD_TYPE_SANDBOX_INFO (herald_sandbox_info_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandboxInfo, herald_sandbox_info, HERALD, SANDBOX_INFO, GObject)

GQuark             herald_sandbox_info_error_quark  (void);
HeraldSandboxInfo *herald_sandbox_info_new_from_data (const char           *data,
                                                      gssize                length,
                                                      GError              **error);
HeraldSandboxInfo *herald_sandbox_info_load          (const char           *data_dir,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
void               herald_sandbox_info_load_async    (const char           *data_dir,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
HeraldSandboxInfo *herald_sandbox_info_load_finish   (GAsyncResult         *result,
                                                      GError              **error);
const char        *herald_sandbox_info_get_data_dir  (HeraldSandboxInfo    *self);
const char        *herald_sandbox_info_get_api_url   (HeraldSandboxInfo    *self);
const char        *herald_sandbox_info_get_user      (HeraldSandboxInfo    *self);
const char        *herald_sandbox_info_get_password  (HeraldSandboxInfo    *self);
const char        *herald_sandbox_info_get_mqtt_uri  (HeraldSandboxInfo    *self);
const char        *herald_sandbox_info_get_ca_file   (HeraldSandboxInfo    *self);
const char        *herald_sandbox_info_get_flavor    (HeraldSandboxInfo    *self);
gint64             herald_sandbox_info_get_pid       (HeraldSandboxInfo    *self);

G_END_DECLS

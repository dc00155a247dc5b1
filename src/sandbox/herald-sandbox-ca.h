/* herald-sandbox-ca.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_SANDBOX_CA_ERROR (herald_sandbox_ca_error_quark ())

typedef enum
{
  HERALD_SANDBOX_CA_ERROR_FAILED,
} HeraldSandboxCaError;

typedef enum
{
  HERALD_SANDBOX_CERT_FORMAT_PEM,
  HERALD_SANDBOX_CERT_FORMAT_P12,
} HeraldSandboxCertFormat;

/* The name in the sandbox's own client certificate (the bridge's MQTT
 * identity). No device may take it as its alternate id. */
#define HERALD_SANDBOX_IDENTITY "herald-sandbox-gateway"

/* What the store keeps of an issued certificate (none of it secret). */
typedef struct
{
  char   *serial;       /* lowercase hex */
  char   *fingerprint;  /* SHA-256 of its DER, lowercase hex */
  gint64  not_before;   /* milliseconds since 1970 */
  gint64  not_after;
} HeraldSandboxCertInfo;

void herald_sandbox_cert_info_clear (HeraldSandboxCertInfo *info);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HeraldSandboxCertInfo, herald_sandbox_cert_info_clear)

#define HERALD_TYPE_SANDBOX_CA (herald_sandbox_ca_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandboxCa, herald_sandbox_ca, HERALD, SANDBOX_CA, GObject)

GQuark           herald_sandbox_ca_error_quark       (void);
HeraldSandboxCa *herald_sandbox_ca_new               (const char               *dir,
                                                      GError                  **error);
void             herald_sandbox_ca_set_device_keys_ec (HeraldSandboxCa         *self,
                                                      gboolean                  ec);
const char      *herald_sandbox_ca_get_ca_file       (HeraldSandboxCa          *self);
const char      *herald_sandbox_ca_get_broker_cert   (HeraldSandboxCa          *self);
const char      *herald_sandbox_ca_get_broker_key    (HeraldSandboxCa          *self);
const char      *herald_sandbox_ca_get_identity_cert (HeraldSandboxCa          *self);
const char      *herald_sandbox_ca_get_identity_key  (HeraldSandboxCa          *self);
const char      *herald_sandbox_ca_get_crl_file      (HeraldSandboxCa          *self);
gboolean         herald_sandbox_ca_issue_for_request (HeraldSandboxCa          *self,
                                                      const char               *common_name,
                                                      const char               *csr_pem,
                                                      HeraldSandboxCertInfo    *info_out,
                                                      char                    **cert_pem_out,
                                                      GError                  **error);
gboolean         herald_sandbox_ca_issue             (HeraldSandboxCa          *self,
                                                      const char               *common_name,
                                                      HeraldSandboxCertFormat   format,
                                                      HeraldSandboxCertInfo    *info_out,
                                                      char                    **secret_out,
                                                      char                    **data_out,
                                                      GError                  **error);
gboolean         herald_sandbox_ca_write_crl         (HeraldSandboxCa          *self,
                                                      const char * const       *revoked_serials,
                                                      GError                  **error);

gboolean         herald_sandbox_ca_check_client      (HeraldSandboxCa          *self,
                                                      const char               *pem,
                                                      char                    **common_name_out,
                                                      char                    **serial_out,
                                                      GError                  **error);

G_END_DECLS

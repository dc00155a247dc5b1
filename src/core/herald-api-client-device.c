/* herald-api-client-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The calls on one device beyond its entity: issuing a client certificate
 * (whose secret the client never keeps), listing and revoking its
 * certificates, and sending a command.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-api-client-private.h"
#include "herald-issued-certificate.h"
#include "herald-json-private.h"

/* Certificates */

typedef struct
{
  char   *secret;
  GBytes *material;
} Certificate;

static void
certificate_free (Certificate *certificate)
{
  if (certificate->secret != NULL)
    explicit_bzero (certificate->secret, strlen (certificate->secret));
  g_free (certificate->secret);
  g_clear_pointer (&certificate->material, g_bytes_unref);
  g_free (certificate);
}

static void
certificate_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HeraldCertificateFormat format = GPOINTER_TO_UINT (g_task_get_task_data (task));
  const char *member = format == HERALD_CERTIFICATE_FORMAT_P12 ? "p12" : "pem";
  const char *what = C_("entity", "certificate");
  g_autoptr(GError) error = NULL;
  HeraldApiCallResult *call_result;
  Certificate *certificate;
  JsonObject *object_;
  const char *secret;
  const char *material;

  call_result = _herald_api_client_call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!herald_json_check_node (call_result->root, HERALD_JSON_OBJECT, what, &error) ||
      !herald_json_check_member (json_node_get_object (call_result->root), "secret",
                                 HERALD_JSON_STRING, what, &error) ||
      !herald_json_check_member (json_node_get_object (call_result->root), member,
                                 HERALD_JSON_STRING, what, &error))
    {
      _herald_api_call_result_free (call_result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object_ = json_node_get_object (call_result->root);
  secret = herald_json_get_string (object_, "secret");
  material = herald_json_get_string (object_, member);
  if (secret == NULL || material == NULL || *material == '\0')
    {
      _herald_api_call_result_free (call_result);
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                               _("The service's answer holds no “secret” or no “%s”. "
                                 "Try again; each try issues a new certificate."),
                               member);
      return;
    }

  certificate = g_new0 (Certificate, 1);
  certificate->secret = g_strdup (secret);
  if (format == HERALD_CERTIFICATE_FORMAT_P12)
    {
      gsize len = 0;
      guchar *der = g_base64_decode (material, &len);

      if (len == 0)
        {
          g_free (der);
          certificate_free (certificate);
          _herald_api_call_result_free (call_result);
          g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                                   _("The “p12” of the service's answer is not base64. "
                                     "Try again, or ask for the certificate as PEM."));
          return;
        }
      certificate->material = g_bytes_new_take (der, len);
    }
  else
    certificate->material = g_bytes_new (material, strlen (material));

  _herald_api_call_result_free (call_result);
  g_task_return_pointer (task, certificate, (GDestroyNotify)certificate_free);
}

/**
 * herald_api_client_get_device_certificate_async:
 * @device_id: the device's `id`
 * @format: PEM (encrypted key + certificate) or PKCS#12
 *
 * `GET /devices/{id}/authentications/clientCertificate/{pem|p12}`: issues
 * a new client certificate. The secret comes back once and the client
 * keeps no copy; the exchange log shows neither it nor the key.
 */
void
herald_api_client_get_device_certificate_async (HeraldApiClient         *self,
                                                const char              *device_id,
                                                HeraldCertificateFormat  format,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data)
{
  GTask *task;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);

  task = _herald_api_client_op_new (self, herald_api_client_get_device_certificate_async,
                                    cancellable, callback, user_data);
  g_task_set_task_data (task, GUINT_TO_POINTER (format), NULL);
  escaped = _herald_api_client_escape (device_id);
  path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/%s", escaped,
                          format == HERALD_CERTIFICATE_FORMAT_P12 ? "p12" : "pem");
  _herald_api_client_call_async (self, "GET", path, NULL, HERALD_TYPE_DEVICE, TRUE,
                                 ENTITY_ANSWER_LIMIT, cancellable, certificate_done, task);
}

/**
 * herald_api_client_get_device_certificate_finish:
 * @secret: (out) (transfer full): the secret (password of the key or the
 *   PKCS#12 file); the caller should wipe it when done
 *
 * Returns: (transfer full): the PEM text, or the decoded PKCS#12 file
 */
GBytes *
herald_api_client_get_device_certificate_finish (HeraldApiClient  *self,
                                                 GAsyncResult     *result,
                                                 char            **secret,
                                                 GError          **error)
{
  Certificate *certificate;
  GBytes *material;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  certificate = g_task_propagate_pointer (G_TASK (result), error);
  if (certificate == NULL)
    return NULL;

  *secret = g_steal_pointer (&certificate->secret);
  material = g_steal_pointer (&certificate->material);
  certificate_free (certificate);
  return material;
}

/* The device's certificates */

static void
certificates_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = g_list_store_new (HERALD_TYPE_ISSUED_CERTIFICATE);
  HeraldApiCallResult *call_result;
  JsonArray *array;

  call_result = _herald_api_client_call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!herald_json_check_node (call_result->root, HERALD_JSON_ARRAY, C_("entity", "certificates"), &error))
    {
      _herald_api_call_result_free (call_result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  array = json_node_get_array (call_result->root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(HeraldIssuedCertificate) certificate =
        herald_issued_certificate_new_from_json (json_array_get_element (array, i), &error);

      if (certificate == NULL)
        {
          _herald_api_call_result_free (call_result);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_list_store_append (store, certificate);
    }
  _herald_api_call_result_free (call_result);
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

/**
 * herald_api_client_list_certificates_async:
 * @device_id: the device's `id`
 *
 * `GET /devices/{id}/authentications/clientCertificate`: the device's
 * certificates the service accepts. Finish with
 * herald_api_client_list_certificates_finish().
 */
void
herald_api_client_list_certificates_async (HeraldApiClient     *self,
                                           const char          *device_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);

  task = _herald_api_client_op_new (self, herald_api_client_list_certificates_async,
                                    cancellable, callback, user_data);
  escaped = _herald_api_client_escape (device_id);
  path = g_strdup_printf ("/devices/%s/authentications/clientCertificate", escaped);
  _herald_api_client_call_async (self, "GET", path, NULL, HERALD_TYPE_DEVICE, TRUE,
                                 ENTITY_ANSWER_LIMIT, cancellable, certificates_done, task);
}

/**
 * herald_api_client_list_certificates_finish:
 *
 * Returns: (transfer full): a list model of #HeraldIssuedCertificate
 */
GListModel *
herald_api_client_list_certificates_finish (HeraldApiClient  *self,
                                            GAsyncResult     *result,
                                            GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * herald_api_client_revoke_certificate_async:
 * @device_id: the device's `id`
 * @fingerprint: the certificate's, as listed
 *
 * `DELETE /devices/{id}/authentications/clientCertificate/{fingerprint}`:
 * the broker refuses the certificate from then on.
 */
void
herald_api_client_revoke_certificate_async (HeraldApiClient     *self,
                                            const char          *device_id,
                                            const char          *fingerprint,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;
  g_autofree char *escaped = NULL;
  g_autofree char *escaped_fingerprint = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);
  g_return_if_fail (fingerprint != NULL);

  task = _herald_api_client_op_new (self, herald_api_client_revoke_certificate_async,
                                    cancellable, callback, user_data);
  escaped = _herald_api_client_escape (device_id);
  escaped_fingerprint = _herald_api_client_escape (fingerprint);
  path = g_strdup_printf ("/devices/%s/authentications/clientCertificate/%s", escaped, escaped_fingerprint);
  _herald_api_client_call_async (self, "DELETE", path, NULL, HERALD_TYPE_DEVICE, TRUE,
                                 ENTITY_ANSWER_LIMIT, cancellable, _herald_api_client_boolean_done, task);
}

gboolean
herald_api_client_revoke_certificate_finish (HeraldApiClient  *self,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Commands */

static void
command_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  HeraldApiCallResult *call_result;
  const char *message = NULL;
  guint *status = g_task_get_task_data (task);

  call_result = _herald_api_client_call_finish (HERALD_API_CLIENT (object), result, &error);
  if (call_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  *status = call_result->status;
  if (call_result->root != NULL && JSON_NODE_HOLDS_OBJECT (call_result->root))
    message = herald_json_get_string (json_node_get_object (call_result->root), "message");

  g_task_return_pointer (task, g_strdup (message ? message : ""), g_free);
  _herald_api_call_result_free (call_result);
}

/**
 * herald_api_client_send_command_async:
 * @device_id: the device's `id`
 * @sensor_id: the sensor's `id`
 * @capability_id: the capability's `id`
 * @command_json: the `command` object as JSON text, e.g. from the command
 *   builder; sent as is, so numbers keep the digits they were written with
 *
 * `POST /devices/{id}/commands`. Both 200 (classic) and 202 (tenant) are
 * success. A @command_json that is not a JSON object is
 * %HERALD_API_ERROR_INVALID_REQUEST, and nothing is sent.
 */
void
herald_api_client_send_command_async (HeraldApiClient     *self,
                                      const char          *device_id,
                                      const char          *sensor_id,
                                      const char          *capability_id,
                                      const char          *command_json,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) sensor_node = NULL;
  g_autoptr(JsonNode) capability_node = NULL;
  g_autofree char *sensor_text = NULL;
  g_autofree char *capability_text = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (HERALD_IS_API_CLIENT (self));
  g_return_if_fail (device_id != NULL);
  g_return_if_fail (sensor_id != NULL);
  g_return_if_fail (capability_id != NULL);
  g_return_if_fail (command_json != NULL);

  task = _herald_api_client_op_new (self, herald_api_client_send_command_async,
                                    cancellable, callback, user_data);
  g_task_set_task_data (task, g_new0 (guint, 1), g_free);

  root = herald_json_parse (command_json, -1, &parse_error);
  if (root == NULL)
    {
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_REQUEST,
                               /* Translators: %s is a sentence that says what is wrong and where */
                               _("The command cannot be read: %s Check the values you entered."),
                               parse_error->message);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, HERALD_API_ERROR, HERALD_API_ERROR_INVALID_REQUEST,
                               _("The command is not a JSON object of property names and "
                                 "values. Check the values you entered."));
      return;
    }

  sensor_node = json_node_init_string (json_node_alloc (), sensor_id);
  capability_node = json_node_init_string (json_node_alloc (), capability_id);
  sensor_text = herald_json_to_string (sensor_node, FALSE);
  capability_text = herald_json_to_string (capability_node, FALSE);
  body = g_strdup_printf ("{\"sensorId\":%s,\"capabilityId\":%s,\"command\":%s}",
                          sensor_text, capability_text, command_json);

  escaped = _herald_api_client_escape (device_id);
  path = g_strdup_printf ("/devices/%s/commands", escaped);
  _herald_api_client_call_async (self, "POST", path, body, HERALD_TYPE_DEVICE, TRUE,
                                 ENTITY_ANSWER_LIMIT, cancellable, command_done,
                                 g_steal_pointer (&task));
}

/**
 * herald_api_client_send_command_finish:
 * @status: (out) (optional): the HTTP status, 200 or 202
 *
 * Returns: (transfer full): the service's `message` ("Command issued
 *   successfully."), or "" when it sent none
 */
char *
herald_api_client_send_command_finish (HeraldApiClient  *self,
                                       GAsyncResult     *result,
                                       guint            *status,
                                       GError          **error)
{
  char *message;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  message = g_task_propagate_pointer (G_TASK (result), error);
  if (status != NULL)
    *status = message ? *(guint *)g_task_get_task_data (G_TASK (result)) : 0;

  return message;
}

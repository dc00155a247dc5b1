/* herald-sandbox-server-services.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-json-private.h"
#include "herald-sandbox-ingest.h"
#include "herald-sandbox-server-private.h"

/* HeraldSandboxServer: the services beside the core API, at the paths the
 * IoT Service has them (docs/iot-service.md):
 *
 * - the REST gateway, POST /iot/gateway/rest/measures/<deviceAlternateId>:
 *   a device sends measures over HTTPS, known by its client certificate,
 *   checked and answered as on MQTT; …/commands/<deviceAlternateId>: a
 *   command for the device by alternate ids, published on commands/;
 * - the processing API, GET /iot/processing/api/v1/tenant/<tenantId>/
 *   measures/capabilities/<capabilityId> (tenant flavour): the measures of
 *   one capability, with filter, orderby, skip and top;
 * - GET /iot/core/api/v1/about, in both flavours. */

#define GATEWAY_PREFIX "/iot/gateway/rest/"
#define PROCESSING_PREFIX "/iot/processing/api/v1/tenant/"

gboolean
herald_sandbox_server_is_gateway_path (const char *path)
{
  return g_str_has_prefix (path, GATEWAY_PREFIX);
}

/* --- The REST gateway ------------------------------------------------- */

/* The device the request's client certificate names, if it is one of the
 * sandbox's, not revoked, and names @device_alternate_id; else answered
 * with 403 and why. */
static gboolean
check_device_certificate (HeraldSandboxServer *self,
                          SoupServerMessage   *msg,
                          const char          *device_alternate_id)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (msg);
  g_autofree char *pem = NULL;
  g_autofree char *common_name = NULL;
  g_autofree char *serial = NULL;
  g_auto(GStrv) revoked = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->https)
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_FORBIDDEN,
                                    _("The REST gateway knows devices by their client certificate, over "
                                      "HTTPS: start herald-sandbox with --https and send the device’s "
                                      "certificate (curl --cert)."));
      return FALSE;
    }
  if (peer == NULL)
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_FORBIDDEN,
                                    _("The request has no client certificate. Send the device’s "
                                      "certificate (curl --cert certificate.pem --key key.pem, or "
                                      "--cert device.p12:password)."));
      return FALSE;
    }
  g_object_get (peer, "certificate-pem", &pem, NULL);
  if (!herald_sandbox_ca_check_client (self->ca, pem, &common_name, &serial, &error))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_FORBIDDEN, error->message);
      return FALSE;
    }
  revoked = herald_sandbox_store_revoked_serials (self->store, &error);
  if (revoked == NULL)
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return FALSE;
    }
  if (g_strv_contains ((const char * const *) revoked, serial))
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_FORBIDDEN,
                                    _("The client certificate was revoked (its device was deleted or the "
                                      "certificate revoked). Get a new one."));
      return FALSE;
    }
  if (strcmp (common_name, device_alternate_id) != 0)
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_FORBIDDEN,
                                     _("The client certificate is the device “%s”’s; a device sends only "
                                       "for itself. Use the path of “%s” or that device’s certificate."),
                                     common_name, common_name);
      return FALSE;
    }
  return TRUE;
}

/* A message or a list of them (a batch), each answered as on ack/: one
 * message answers its own code; a batch 202 when all were taken, else 207
 * (as the Python SDK's REST client reads it), with every answer. */
static void
post_measures (HeraldSandboxServer *self,
               SoupServerMessage   *msg,
               const char          *device_alternate_id)
{
  g_autoptr(GBytes) body = herald_sandbox_read_raw_body (msg);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gsize length;
  const char *data;
  guint code = 0;

  if (body == NULL)
    return;
  data = g_bytes_get_data (body, &length);

  root = herald_json_parse (data, length, NULL);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root) && json_array_get_length (json_node_get_array (root)) > 0)
    {
      JsonArray *messages = json_node_get_array (root);
      JsonArray *answers = json_array_new ();
      gboolean all_taken = TRUE;

      for (guint i = 0; i < json_array_get_length (messages); i++)
        {
          g_autofree char *text = json_to_string (json_array_get_element (messages, i), FALSE);
          g_autoptr(JsonNode) ack = herald_sandbox_ingest_measures (self->store, self->classic, device_alternate_id,
                                                                    text, strlen (text), &code);

          if (ack == NULL)
            break;
          all_taken &= code == 202;
          json_array_add_element (answers, json_array_dup_element (json_node_get_array (ack), 0));
        }
      answer = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (answer, answers);
      code = all_taken ? 202 : 207;
    }
  else
    answer = herald_sandbox_ingest_measures (self->store, self->classic, device_alternate_id, data, length, &code);

  if (answer == NULL)
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_NOT_FOUND,
                                    _("No device has this alternate id. List them with GET /devices."));
      return;
    }
  herald_sandbox_respond_json (msg, code, answer);
}

static void
handle_gateway (HeraldSandboxServer *self,
                SoupServerMessage   *msg,
                const char          *path)
{
  g_auto(GStrv) s = g_strsplit (path + strlen (GATEWAY_PREFIX), "/", 3);

  if (g_strv_length (s) != 2 || (strcmp (s[0], "measures") != 0 && strcmp (s[0], "commands") != 0) ||
      s[1][0] == '\0')
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_NOT_FOUND,
                                    _("The REST gateway takes POST /iot/gateway/rest/measures/<device "
                                      "alternateId> and …/commands/<device alternateId>."));
      return;
    }
  if (!herald_sandbox_is_method (msg, "POST"))
    {
      herald_sandbox_respond_method_not_allowed (msg, "POST");
      return;
    }
  if (!check_device_certificate (self, msg, s[1]))
    return;
  if (strcmp (s[0], "commands") == 0)
    herald_sandbox_server_post_gateway_command (self, msg, s[1]);
  else
    post_measures (self, msg, s[1]);
}

/* --- The processing API ----------------------------------------------- */

static void
handle_processing (HeraldSandboxServer *self,
                   SoupServerMessage   *msg,
                   const char          *path,
                   GHashTable          *query)
{
  const char *tenant_id = self->api_root + strlen ("/iot/core/api/v1/tenant/");
  g_auto(GStrv) s = g_strsplit (path + strlen (PROCESSING_PREFIX), "/", 5);
  g_autoptr(JsonNode) capability = NULL;
  g_autoptr(GError) error = NULL;
  HeraldSandboxListSource source = { self->store, NULL, NULL, NULL, NULL };

  if (g_strv_length (s) != 4 || strcmp (s[0], tenant_id) != 0 || strcmp (s[1], "measures") != 0 ||
      strcmp (s[2], "capabilities") != 0 || s[3][0] == '\0')
    {
      herald_sandbox_respond_errorf (msg, SOUP_STATUS_NOT_FOUND,
                                     _("The processing API takes GET %s%s/measures/capabilities/<capability "
                                       "id>."), PROCESSING_PREFIX, tenant_id);
      return;
    }
  if (!herald_sandbox_is_method (msg, "GET") && !herald_sandbox_is_method (msg, "HEAD"))
    {
      herald_sandbox_respond_method_not_allowed (msg, "GET");
      return;
    }
  if (!herald_sandbox_check_query (msg, query, TRUE))
    return;
  capability = herald_sandbox_store_get_capability (self->store, s[3], &error);
  if (capability == NULL)
    {
      herald_sandbox_respond_store_error (msg, error);
      return;
    }
  source.capability_id = s[3];
  herald_sandbox_respond_list (msg, query, &source);
}

/* --- About ----------------------------------------------------------- */

#define ABOUT_PATH "/iot/core/api/v1/about"

/* GET /iot/core/api/v1/about (also after an instance id), in both flavours:
 * what serves the API. The real service's fields are not public. */
static gboolean
is_about_path (const char *path)
{
  const char *rest;

  if (strcmp (path, ABOUT_PATH) == 0)
    return TRUE;
  rest = path[0] == '/' ? strchr (path + 1, '/') : NULL;
  return rest != NULL && rest > path + 1 && strcmp (rest, ABOUT_PATH) == 0;
}

static void
handle_about (HeraldSandboxServer *self,
              SoupServerMessage   *msg,
              GHashTable          *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) answer = NULL;

  if (!herald_sandbox_is_method (msg, "GET") && !herald_sandbox_is_method (msg, "HEAD"))
    {
      herald_sandbox_respond_method_not_allowed (msg, "GET");
      return;
    }
  if (!herald_sandbox_check_query (msg, query, FALSE))
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "herald-sandbox");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "flavor");
  json_builder_add_string_value (builder, self->classic ? "classic" : "tenant");
  json_builder_set_member_name (builder, "apiRoot");
  json_builder_add_string_value (builder, self->api_root);
  json_builder_set_member_name (builder, "https");
  json_builder_add_boolean_value (builder, self->https);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, answer);
}

/**
 * herald_sandbox_server_handle_service:
 *
 * Answers a request of the REST gateway or (tenant flavour) the
 * processing API.
 *
 * Returns: %TRUE if the path was one of theirs (answered), %FALSE if it is
 *   the core API's
 */
gboolean
herald_sandbox_server_handle_service (HeraldSandboxServer *self,
                                      SoupServerMessage   *msg,
                                      const char          *path,
                                      GHashTable          *query)
{
  if (herald_sandbox_server_is_gateway_path (path))
    {
      handle_gateway (self, msg, path);
      return TRUE;
    }
  if (is_about_path (path))
    {
      handle_about (self, msg, query);
      return TRUE;
    }
  if (!self->classic && g_str_has_prefix (path, PROCESSING_PREFIX))
    {
      handle_processing (self, msg, path, query);
      return TRUE;
    }
  return FALSE;
}

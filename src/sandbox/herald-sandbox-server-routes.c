/* herald-sandbox-server-routes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-server-private.h"

/* HeraldSandboxServer: which handler answers a request, from its path and
 * method, and the API documentation pages. */

#define RESOURCE_PREFIX "/io/github/heraldiot/Herald/sandbox/"

/* --- Docs ------------------------------------------------------------- */

static void
serve_resource (HeraldSandboxServer *self,
                SoupServerMessage   *msg,
                const char          *name,
                const char          *content_type)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (bytes == NULL)
    {
      herald_sandbox_respond_error (msg, SOUP_STATUS_NOT_FOUND, _("This build has no API documentation."));
      return;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  parts = g_strsplit (text, "@API_ROOT@", -1);
  herald_sandbox_respond_text (msg, SOUP_STATUS_OK, content_type, g_strjoinv (self->api_root, parts));
}

/* --- Routing ---------------------------------------------------------- */

/* Splits the path below the API root into segments; NULL when the path
 * is not below it. */
static char **
split_path (HeraldSandboxServer *self,
            const char          *path)
{
  gsize root_length = strlen (self->api_root);

  if (strncmp (path, self->api_root, root_length) != 0 ||
      (path[root_length] != '/' && path[root_length] != '\0'))
    return NULL;
  path += root_length;
  if (*path == '/')
    path++;
  return g_strsplit (path, "/", 8);
}

gboolean
herald_sandbox_server_is_doc_path (HeraldSandboxServer *self,
                                   const char          *path)
{
  g_auto(GStrv) segments = split_path (self, path);

  return segments != NULL && g_strcmp0 (segments[0], "doc") == 0 &&
         (segments[1] == NULL || segments[2] == NULL);
}

static void
handle_collection (HeraldSandboxServer *self,
                   SoupServerMessage   *msg,
                   GHashTable          *query,
                   JsonNode          *(*list) (HeraldSandboxStore *, const HeraldSandboxStoreQuery *,
                                               GError **),
                   void               (*post) (HeraldSandboxServer *, SoupServerMessage *))
{
  if (herald_sandbox_is_method (msg, "GET") || herald_sandbox_is_method (msg, "HEAD"))
    {
      HeraldSandboxListSource source = { self->store, list, NULL, NULL };

      if (herald_sandbox_check_query (msg, query, TRUE))
        herald_sandbox_respond_list (msg, query, &source);
    }
  else if (herald_sandbox_is_method (msg, "POST"))
    {
      if (herald_sandbox_check_query (msg, query, FALSE))
        post (self, msg);
    }
  else
    herald_sandbox_respond_method_not_allowed (msg, "GET, POST");
}

static void
handle_item (HeraldSandboxServer *self,
             SoupServerMessage   *msg,
             GHashTable          *query,
             const char          *id,
             JsonNode          *(*get) (HeraldSandboxStore *, const char *, GError **),
             gboolean           (*delete) (HeraldSandboxStore *, const char *, GError **))
{
  g_autoptr(GError) error = NULL;

  if (!herald_sandbox_check_query (msg, query, FALSE))
    return;
  if (herald_sandbox_is_method (msg, "GET") || herald_sandbox_is_method (msg, "HEAD"))
    {
      g_autoptr(JsonNode) node = get (self->store, id, &error);

      if (node == NULL)
        herald_sandbox_respond_store_error (msg, error);
      else
        herald_sandbox_respond_json (msg, SOUP_STATUS_OK, node);
    }
  else if (herald_sandbox_is_method (msg, "DELETE") && delete != NULL)
    {
      if (!delete (self->store, id, &error))
        herald_sandbox_respond_store_error (msg, error);
      else
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else
    herald_sandbox_respond_method_not_allowed (msg, delete != NULL ? "GET, DELETE" : "GET");
}

void
herald_sandbox_server_handle_request (SoupServer        *server,
                                      SoupServerMessage *msg,
                                      const char        *path,
                                      GHashTable        *query,
                                      gpointer           user_data)
{
  HeraldSandboxServer *self = user_data;
  g_auto(GStrv) s = NULL;
  guint n;

  /* The early handler answered already (401, 413). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  s = split_path (self, path);
  if (s == NULL)
    goto not_found;
  n = g_strv_length (s);

  /* Ignore one trailing slash: /devices/ is /devices. */
  if (n > 1 && s[n - 1][0] == '\0' && strcmp (s[0], "doc") != 0)
    {
      g_free (s[n - 1]);
      s[--n] = NULL;
    }
  for (guint i = 0; i < n; i++)
    if (s[i][0] == '\0' && !(i == 1 && strcmp (s[0], "doc") == 0))
      goto not_found;

  if (n >= 1 && strcmp (s[0], "doc") == 0 && n <= 2)
    {
      if (!herald_sandbox_is_method (msg, "GET") && !herald_sandbox_is_method (msg, "HEAD"))
        herald_sandbox_respond_method_not_allowed (msg, "GET");
      else if (n == 1)
        {
          g_autofree char *location = g_strconcat (self->api_root, "/doc/", NULL);
          soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, location);
        }
      else if (s[1][0] == '\0' || strcmp (s[1], "index.html") == 0)
        serve_resource (self, msg, "doc.html", "text/html; charset=utf-8");
      else if (strcmp (s[1], "openapi.json") == 0)
        serve_resource (self, msg, "openapi.json", "application/json");
      else
        goto not_found;
      return;
    }

  if (n == 1 && strcmp (s[0], "capabilities") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_capabilities, herald_sandbox_server_post_capability);
  else if (n == 2 && strcmp (s[0], "capabilities") == 0)
    handle_item (self, msg, query, s[1], herald_sandbox_store_get_capability,
                 herald_sandbox_store_delete_capability);
  else if (n == 1 && strcmp (s[0], "sensorTypes") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_sensor_types, herald_sandbox_server_post_sensor_type);
  else if (n == 2 && strcmp (s[0], "sensorTypes") == 0)
    handle_item (self, msg, query, s[1], herald_sandbox_store_get_sensor_type,
                 herald_sandbox_store_delete_sensor_type);
  else if (n == 1 && strcmp (s[0], "sensors") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_sensors, herald_sandbox_server_post_sensor);
  else if (n == 2 && strcmp (s[0], "sensors") == 0)
    handle_item (self, msg, query, s[1], herald_sandbox_store_get_sensor,
                 herald_sandbox_store_delete_sensor);
  else if (n == 1 && strcmp (s[0], "devices") == 0)
    handle_collection (self, msg, query, herald_sandbox_store_list_devices, herald_sandbox_server_post_device);
  else if (n == 2 && strcmp (s[0], "devices") == 0)
    {
      if (herald_sandbox_is_method (msg, "DELETE"))
        {
          if (herald_sandbox_check_query (msg, query, FALSE))
            herald_sandbox_server_delete_device (self, msg, s[1]);
        }
      else
        handle_item (self, msg, query, s[1], herald_sandbox_store_get_device,
                     herald_sandbox_store_delete_sensor /* never called */);
    }
  else if (n == 3 && strcmp (s[0], "devices") == 0 && strcmp (s[2], "commands") == 0)
    {
      if (herald_sandbox_is_method (msg, "POST"))
        {
          if (herald_sandbox_check_query (msg, query, FALSE))
            herald_sandbox_server_post_command (self, msg, s[1]);
        }
      else
        herald_sandbox_respond_method_not_allowed (msg, "POST");
    }
  else if (n == 3 && strcmp (s[0], "devices") == 0 && strcmp (s[2], "measures") == 0)
    {
      if (herald_sandbox_is_method (msg, "GET") || herald_sandbox_is_method (msg, "HEAD"))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) device = NULL;
          HeraldSandboxListSource source = { self->store, NULL, s[1], NULL };

          if (!herald_sandbox_check_query (msg, query, TRUE))
            return;
          device = herald_sandbox_store_get_device (self->store, s[1], &error);
          if (device == NULL)
            herald_sandbox_respond_store_error (msg, error);
          else
            herald_sandbox_respond_list (msg, query, &source);
        }
      else
        herald_sandbox_respond_method_not_allowed (msg, "GET");
    }
  else if (n == 5 && strcmp (s[0], "devices") == 0 && strcmp (s[2], "authentications") == 0 &&
           strcmp (s[3], "clientCertificate") == 0 &&
           (strcmp (s[4], "pem") == 0 || strcmp (s[4], "p12") == 0))
    {
      if (herald_sandbox_is_method (msg, "GET") && !herald_sandbox_check_query (msg, query, FALSE))
        return;
      if (herald_sandbox_is_method (msg, "GET"))
        herald_sandbox_server_get_certificate (self, msg, s[1],
                                               strcmp (s[4], "pem") == 0 ? HERALD_SANDBOX_CERT_FORMAT_PEM
                                                                         : HERALD_SANDBOX_CERT_FORMAT_P12);
      else
        herald_sandbox_respond_method_not_allowed (msg, "GET");
    }
  else if (n == 1 && strcmp (s[0], "gateways") == 0)
    {
      if (herald_sandbox_is_method (msg, "GET") || herald_sandbox_is_method (msg, "HEAD"))
        {
          g_autoptr(JsonNode) list = herald_sandbox_server_gateways (self);
          HeraldSandboxListSource source = { self->store, NULL, NULL, list };

          if (herald_sandbox_check_query (msg, query, TRUE))
            herald_sandbox_respond_list (msg, query, &source);
        }
      else
        herald_sandbox_respond_method_not_allowed (msg, "GET");
    }
  else if (n == 2 && strcmp (s[0], "gateways") == 0)
    {
      if (herald_sandbox_is_method (msg, "GET") || herald_sandbox_is_method (msg, "HEAD"))
        {
          g_autoptr(JsonNode) list = herald_sandbox_server_gateways (self);
          JsonArray *array = json_node_get_array (list);

          if (!herald_sandbox_check_query (msg, query, FALSE))
            return;
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *gateway = json_array_get_element (array, i);
              if (g_strcmp0 (json_object_get_string_member (json_node_get_object (gateway), "id"),
                             s[1]) == 0)
                {
                  herald_sandbox_respond_json (msg, SOUP_STATUS_OK, gateway);
                  return;
                }
            }
          herald_sandbox_respond_error (msg, SOUP_STATUS_NOT_FOUND,
                                        _("No gateway has this id. List them with GET /gateways."));
        }
      else
        herald_sandbox_respond_method_not_allowed (msg, "GET");
    }
  else
    goto not_found;

  return;

not_found:
  herald_sandbox_respond_errorf (msg, SOUP_STATUS_NOT_FOUND,
                                 _("There is nothing at this path. The API root is %s; its documentation is "
                                   "at %s/doc/."), self->api_root, self->api_root);
}

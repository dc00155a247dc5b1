/* herald-sandbox-server-routes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-sandbox-server-private.h"
#include "herald-sandbox-server-routes.h"

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

#ifdef HERALD_SANDBOX_HAVE_SWAGGER_UI
/* Swagger UI's own files (build-aux/swagger-ui-dist.pin), as they are. */
static const struct { const char *name; const char *content_type; } swagger_ui_files[] = {
  { "swagger-ui-bundle.js", "text/javascript; charset=utf-8" },
  { "swagger-ui.css",       "text/css; charset=utf-8" },
  { "favicon-16x16.png",    "image/png" },
  { "favicon-32x32.png",    "image/png" },
  { "LICENSE",              "text/plain; charset=utf-8" },
  { "NOTICE",               "text/plain; charset=utf-8" },
};

static gboolean
serve_swagger_ui_file (SoupServerMessage *msg,
                       const char        *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (swagger_ui_files); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (strcmp (name, swagger_ui_files[i].name) != 0)
        continue;
      path = g_strconcat (RESOURCE_PREFIX "swagger-ui/", name, NULL);
      bytes = g_resources_lookup_data (path, 0, NULL);
      if (bytes == NULL)
        return FALSE;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Cache-Control", "max-age=3600");
      soup_server_message_set_response (msg, swagger_ui_files[i].content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      return TRUE;
    }
  return FALSE;
}
#endif

/* --- Routing ---------------------------------------------------------- */

/* Splits the path below the API root into segments; NULL when the path
 * is not below it. */
static char **
split_path (HeraldSandboxServer *self,
            const char          *path)
{
  gsize root_length = strlen (self->api_root);

  /* Real tenants' URLs carry an instance id first:
   * /<instanceId>/iot/core/api/v1/tenant/<tenantId>. Any one segment. */
  if (!self->classic && path[0] == '/' && strncmp (path, self->api_root, root_length) != 0)
    {
      const char *rest = strchr (path + 1, '/');

      if (rest != NULL && rest > path + 1 && strncmp (rest, self->api_root, root_length) == 0)
        path = rest;
    }

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
respond_not_found (HeraldSandboxServer *self,
                   SoupServerMessage   *msg)
{
  herald_sandbox_respond_errorf (msg, SOUP_STATUS_NOT_FOUND,
                                 _("There is nothing at this path. The API root is %s; its documentation is "
                                   "at %s/doc/."), self->api_root, self->api_root);
}

/* --- Handlers --------------------------------------------------------- */

/* Each takes the path's segments (@s) and the data of its route; the query
 * options are checked already, as the route says. */

/* The collections whose routes the generic handlers answer. */
typedef struct
{
  const char *name;  /* the collection's path segment */
  JsonNode *(*list)   (HeraldSandboxStore *, const HeraldSandboxStoreQuery *, GError **);
  void      (*post)   (HeraldSandboxServer *, SoupServerMessage *);
  JsonNode *(*get)    (HeraldSandboxStore *, const char *, GError **);
  void      (*put)    (HeraldSandboxServer *, SoupServerMessage *, const char *);
  gboolean  (*delete) (HeraldSandboxStore *, const char *, GError **);
} Entities;

static const Entities capabilities = {
  "capabilities", herald_sandbox_store_list_capabilities, herald_sandbox_server_post_capability,
  herald_sandbox_store_get_capability, herald_sandbox_server_put_capability,
  herald_sandbox_store_delete_capability,
};

static const Entities sensor_types = {
  "sensorTypes", herald_sandbox_store_list_sensor_types, herald_sandbox_server_post_sensor_type,
  herald_sandbox_store_get_sensor_type, herald_sandbox_server_put_sensor_type,
  herald_sandbox_store_delete_sensor_type,
};

static const Entities sensors = {
  "sensors", herald_sandbox_store_list_sensors, herald_sandbox_server_post_sensor,
  herald_sandbox_store_get_sensor, herald_sandbox_server_put_sensor, herald_sandbox_store_delete_sensor,
};

/* A device's deletion revokes its certificates: delete_device (). */
static const Entities devices = {
  "devices", herald_sandbox_store_list_devices, herald_sandbox_server_post_device,
  herald_sandbox_store_get_device, herald_sandbox_server_put_device, NULL,
};

static void
list_entities (HeraldSandboxServer  *self,
               SoupServerMessage    *msg,
               GHashTable           *query,
               char                **s,
               gconstpointer         data)
{
  const Entities *entities = data;
  HeraldSandboxListSource source = { self->store, entities->list, NULL, NULL };

  herald_sandbox_respond_list (msg, query, &source);
}

static void
post_entity (HeraldSandboxServer  *self,
             SoupServerMessage    *msg,
             GHashTable           *query,
             char                **s,
             gconstpointer         data)
{
  const Entities *entities = data;

  entities->post (self, msg);
}

static void
get_entity (HeraldSandboxServer  *self,
            SoupServerMessage    *msg,
            GHashTable           *query,
            char                **s,
            gconstpointer         data)
{
  const Entities *entities = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = entities->get (self->store, s[1], &error);

  if (node == NULL)
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_json (msg, SOUP_STATUS_OK, node);
}

static void
put_entity (HeraldSandboxServer  *self,
            SoupServerMessage    *msg,
            GHashTable           *query,
            char                **s,
            gconstpointer         data)
{
  const Entities *entities = data;

  entities->put (self, msg, s[1]);
}

static void
count_entities (HeraldSandboxServer  *self,
                SoupServerMessage    *msg,
                GHashTable           *query,
                char                **s,
                gconstpointer         data)
{
  const Entities *entities = data;

  herald_sandbox_server_count (self, msg, entities->name);
}

/* Answers the entity as it was, in JSON, as the service does (its
 * clients parse the answer of a DELETE). */
static void
delete_entity (HeraldSandboxServer  *self,
               SoupServerMessage    *msg,
               GHashTable           *query,
               char                **s,
               gconstpointer         data)
{
  const Entities *entities = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) entity = entities->get (self->store, s[1], &error);

  if (entity == NULL || !entities->delete (self->store, s[1], &error))
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_json (msg, SOUP_STATUS_OK, entity);
}

static void
custom_property (HeraldSandboxServer  *self,
                 SoupServerMessage    *msg,
                 GHashTable           *query,
                 char                **s,
                 gconstpointer         data)
{
  herald_sandbox_server_custom_property (self, msg, data, s[1], s[3]);
}

static void
sensor_type_capability (HeraldSandboxServer  *self,
                        SoupServerMessage    *msg,
                        GHashTable           *query,
                        char                **s,
                        gconstpointer         data)
{
  herald_sandbox_server_sensor_type_capability (self, msg, s[1], s[3]);
}

static void
delete_device (HeraldSandboxServer  *self,
               SoupServerMessage    *msg,
               GHashTable           *query,
               char                **s,
               gconstpointer         data)
{
  herald_sandbox_server_delete_device (self, msg, s[1]);
}

static void
post_command (HeraldSandboxServer  *self,
              SoupServerMessage    *msg,
              GHashTable           *query,
              char                **s,
              gconstpointer         data)
{
  herald_sandbox_server_post_command (self, msg, s[1]);
}

static void
list_measures (HeraldSandboxServer  *self,
               SoupServerMessage    *msg,
               GHashTable           *query,
               char                **s,
               gconstpointer         data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) device = NULL;
  HeraldSandboxListSource source = { self->store, NULL, s[1], NULL };

  device = herald_sandbox_store_get_device (self->store, s[1], &error);
  if (device == NULL)
    herald_sandbox_respond_store_error (msg, error);
  else
    herald_sandbox_respond_list (msg, query, &source);
}

static void
get_certificate (HeraldSandboxServer  *self,
                 SoupServerMessage    *msg,
                 GHashTable           *query,
                 char                **s,
                 gconstpointer         data)
{
  herald_sandbox_server_get_certificate (self, msg, s[1],
                                         strcmp (s[4], "pem") == 0 ? HERALD_SANDBOX_CERT_FORMAT_PEM
                                                                   : HERALD_SANDBOX_CERT_FORMAT_P12);
}

static void
post_certificate_request (HeraldSandboxServer  *self,
                          SoupServerMessage    *msg,
                          GHashTable           *query,
                          char                **s,
                          gconstpointer         data)
{
  herald_sandbox_server_post_certificate_request (self, msg, s[1]);
}

static void
client_certificates (HeraldSandboxServer  *self,
                     SoupServerMessage    *msg,
                     GHashTable           *query,
                     char                **s,
                     gconstpointer         data)
{
  herald_sandbox_server_client_certificates (self, msg, s[1], s[4]);
}

static void
list_gateways (HeraldSandboxServer  *self,
               SoupServerMessage    *msg,
               GHashTable           *query,
               char                **s,
               gconstpointer         data)
{
  g_autoptr(JsonNode) list = herald_sandbox_server_gateways (self);
  HeraldSandboxListSource source = { self->store, NULL, NULL, list };

  herald_sandbox_respond_list (msg, query, &source);
}

static void
get_gateway (HeraldSandboxServer  *self,
             SoupServerMessage    *msg,
             GHashTable           *query,
             char                **s,
             gconstpointer         data)
{
  g_autoptr(JsonNode) list = herald_sandbox_server_gateways (self);
  JsonArray *array = json_node_get_array (list);

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

static void
redirect_doc (HeraldSandboxServer  *self,
              SoupServerMessage    *msg,
              GHashTable           *query,
              char                **s,
              gconstpointer         data)
{
  g_autofree char *location = g_strconcat (self->api_root, "/doc/", NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, location);
}

static void
get_doc_page (HeraldSandboxServer  *self,
              SoupServerMessage    *msg,
              GHashTable           *query,
              char                **s,
              gconstpointer         data)
{
  /* Swagger UI over the OpenAPI document, as the IoT Service's docs page;
   * a build without it (no build-aux/setup) has a table of the routes. */
  if (s[1][0] == '\0' || strcmp (s[1], "index.html") == 0)
#ifdef HERALD_SANDBOX_HAVE_SWAGGER_UI
    serve_resource (self, msg, "swagger-ui.html", "text/html; charset=utf-8");
#else
    serve_resource (self, msg, "doc.html", "text/html; charset=utf-8");
#endif
  else if (strcmp (s[1], "openapi.json") == 0)
    serve_resource (self, msg, "openapi.json", "application/json");
#ifdef HERALD_SANDBOX_HAVE_SWAGGER_UI
  else if (serve_swagger_ui_file (msg, s[1]))
    return;
#endif
  else
    respond_not_found (self, msg);
}

/* --- The route table -------------------------------------------------- */

typedef enum
{
  ROUTE_QUERY_LIST,        /* filter, orderby, skip, top */
  ROUTE_QUERY_NONE,        /* none */
  ROUTE_QUERY_NONE_FIRST,  /* none, refused before the method is looked at */
  ROUTE_QUERY_ANY,         /* not looked at */
} RouteQuery;

typedef struct
{
  const char  *methods;  /* separated by spaces */
  const char  *pattern;  /* below the API root; {name} takes any one segment */
  RouteQuery   query;
  void       (*handler) (HeraldSandboxServer  *self,
                         SoupServerMessage    *msg,
                         GHashTable           *query,
                         char                **s,
                         gconstpointer         data);
  gconstpointer data;
} Route;

#define ROUTE(methods, pattern, query, handler, data) \
  { methods, pattern, ROUTE_QUERY_##query, handler, data },

static const Route routes[] = {
  HERALD_SANDBOX_SERVER_ROUTES (ROUTE)
};

#undef ROUTE

static gboolean
route_matches (const Route  *route,
               char        **s)
{
  const char *p = route->pattern;

  for (guint i = 0; s[i] != NULL; i++)
    {
      const char *end;
      gsize length;

      if (p == NULL)
        return FALSE;
      end = strchr (p, '/');
      length = end != NULL ? (gsize) (end - p) : strlen (p);
      if (!(p[0] == '{' && p[length - 1] == '}') &&
          (strncmp (s[i], p, length) != 0 || s[i][length] != '\0'))
        return FALSE;
      p = end != NULL ? end + 1 : NULL;
    }
  return p == NULL;
}

/* The routes of a path are those of the first pattern in the table that
 * matches it: "capabilities/count" is not a capability's id. */
static gboolean
route_owns (const Route  *route,
            char        **s,
            const char  **pattern)
{
  if (!route_matches (route, s))
    return FALSE;
  if (*pattern == NULL)
    *pattern = route->pattern;
  return strcmp (*pattern, route->pattern) == 0;
}

static gboolean
route_takes (const Route *route,
             const char  *method)
{
  gsize length = strlen (method);

  for (const char *p = route->methods; *p != '\0'; )
    {
      gsize word = strcspn (p, " ");

      if (word == length && strncmp (p, method, length) == 0)
        return TRUE;
      p += word;
      p += strspn (p, " ");
    }
  return FALSE;
}

/* No route of the path takes the method: 405, with the methods they take
 * (HEAD goes with GET and is not named). */
static void
respond_not_allowed (SoupServerMessage  *msg,
                     GHashTable         *query,
                     char              **s)
{
  g_autoptr(GString) allowed = g_string_new (NULL);
  gboolean query_first = FALSE;
  const char *pattern = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_auto(GStrv) methods = NULL;

      if (!route_owns (&routes[i], s, &pattern))
        continue;
      query_first |= routes[i].query == ROUTE_QUERY_NONE_FIRST;
      methods = g_strsplit (routes[i].methods, " ", -1);
      for (guint j = 0; methods[j] != NULL; j++)
        if (methods[j][0] != '\0' && strcmp (methods[j], "HEAD") != 0)
          g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "", methods[j]);
    }

  if (query_first && !herald_sandbox_check_query (msg, query, FALSE))
    return;
  herald_sandbox_respond_method_not_allowed (msg, allowed->str);
}

void
herald_sandbox_server_handle_request (SoupServer        *server,
                                      SoupServerMessage *msg,
                                      const char        *path,
                                      GHashTable        *query,
                                      gpointer           user_data)
{
  HeraldSandboxServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) s = NULL;
  gboolean path_known = FALSE;
  const char *pattern = NULL;
  guint n;

  /* The early handler answered already (401, 413). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  /* The REST gateway and the processing API, beside the core API. */
  if (herald_sandbox_server_handle_service (self, msg, path, query))
    return;

  s = split_path (self, path);
  if (s == NULL)
    {
      respond_not_found (self, msg);
      return;
    }
  n = g_strv_length (s);

  /* Ignore one trailing slash: /devices/ is /devices. */
  if (n > 1 && s[n - 1][0] == '\0' && strcmp (s[0], "doc") != 0)
    {
      g_free (s[n - 1]);
      s[--n] = NULL;
    }
  for (guint i = 0; i < n; i++)
    if (s[i][0] == '\0' && !(i == 1 && strcmp (s[0], "doc") == 0))
      {
        respond_not_found (self, msg);
        return;
      }

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const Route *route = &routes[i];

      if (!route_owns (route, s, &pattern))
        continue;
      path_known = TRUE;
      if (!route_takes (route, method))
        continue;

      if ((route->query == ROUTE_QUERY_LIST && !herald_sandbox_check_query (msg, query, TRUE)) ||
          ((route->query == ROUTE_QUERY_NONE || route->query == ROUTE_QUERY_NONE_FIRST) &&
           !herald_sandbox_check_query (msg, query, FALSE)))
        return;
      route->handler (self, msg, query, s, route->data);
      return;
    }

  if (path_known)
    respond_not_allowed (msg, query, s);
  else
    respond_not_found (self, msg);
}

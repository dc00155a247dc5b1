/* herald-sandbox-server-private.h
 *
 * What the parts of HeraldSandboxServer share: its instance structure and
 * the functions one part calls in another. Not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "herald-sandbox-server.h"

G_BEGIN_DECLS

/* The largest request body read, in bytes. */
#define MAX_BODY (1024 * 1024)

struct _HeraldSandboxServer
{
  GObject              parent_instance;

  SoupServer          *server;
  SoupAuthDomain      *auth;
  HeraldSandboxStore  *store;
  HeraldSandboxCa     *ca;
  HeraldSandboxBridge *bridge;
  gboolean             classic;
  char                *api_root;
  char                *user;
  char                *password;
  guint                port;
  gboolean             https;

  GHashTable          *connections;  /* GSocket → Connection */
  guint                sweep_source;
  GPtrArray           *closing;      /* GSockets shut down, to close */
  guint                close_source;
  gint64               headers_timeout;
  gint64               body_timeout;
  gint64               idle_timeout;
  gint64               max_connections;
};

/* herald-sandbox-server.c */
void        herald_sandbox_server_certificates_revoked (HeraldSandboxServer *self);

/* herald-sandbox-server-answers.c: answers, request bodies */
void        herald_sandbox_respond_text                (SoupServerMessage   *msg,
                                                        guint                status,
                                                        const char          *content_type,
                                                        char                *body);
void        herald_sandbox_respond_json                (SoupServerMessage   *msg,
                                                        guint                status,
                                                        JsonNode            *node);
void        herald_sandbox_respond_error               (SoupServerMessage   *msg,
                                                        guint                status,
                                                        const char          *message);
void        herald_sandbox_respond_errorf              (SoupServerMessage   *msg,
                                                        guint                status,
                                                        const char          *format,
                                                        ...) G_GNUC_PRINTF (3, 4);
void        herald_sandbox_respond_store_error         (SoupServerMessage   *msg,
                                                        const GError        *error);
void        herald_sandbox_respond_method_not_allowed  (SoupServerMessage   *msg,
                                                        const char          *allowed);
gboolean    herald_sandbox_is_method                   (SoupServerMessage   *msg,
                                                        const char          *method);
void        herald_sandbox_keep_body                   (SoupServerMessage   *msg);
JsonObject *herald_sandbox_read_body                   (SoupServerMessage   *msg);
GBytes     *herald_sandbox_read_raw_body               (SoupServerMessage   *msg);
gboolean    herald_sandbox_get_string                  (SoupServerMessage   *msg,
                                                        JsonObject          *object,
                                                        const char          *name,
                                                        gboolean             required,
                                                        const char         **value);
JsonArray  *herald_sandbox_get_array                   (SoupServerMessage   *msg,
                                                        JsonObject          *object,
                                                        const char          *name);
gboolean    herald_sandbox_check_alternate_id          (SoupServerMessage   *msg,
                                                        const char          *alternate_id);
gboolean    herald_sandbox_check_members               (SoupServerMessage   *msg,
                                                        JsonObject          *object,
                                                        const char * const  *taken,
                                                        const char          *request);
gboolean    herald_sandbox_get_optional_array          (SoupServerMessage   *msg,
                                                        JsonObject          *object,
                                                        const char          *name,
                                                        JsonArray          **value);

/* herald-sandbox-server-query.c: query options, lists */

/* Where a list's rows come from: a store list, a device's measures, or a
 * list built already (the gateways). */
typedef struct
{
  HeraldSandboxStore  *store;
  JsonNode          *(*list) (HeraldSandboxStore *, const HeraldSandboxStoreQuery *, GError **);
  const char          *device_id;
  JsonNode            *all;
  const char          *capability_id;  /* the processing API's measures of one capability */
} HeraldSandboxListSource;

gboolean    herald_sandbox_check_query                 (SoupServerMessage       *msg,
                                                        GHashTable              *query,
                                                        gboolean                 list);
void        herald_sandbox_respond_list                (SoupServerMessage       *msg,
                                                        GHashTable              *query,
                                                        HeraldSandboxListSource *source);

/* herald-sandbox-server-entities.c: bodies of new entities, deletions, certificates */
JsonArray  *herald_sandbox_server_read_properties      (SoupServerMessage       *msg,
                                                        JsonArray               *given);
void        herald_sandbox_server_post_capability      (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg);
void        herald_sandbox_server_post_sensor_type     (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg);
JsonNode   *herald_sandbox_server_gateways             (HeraldSandboxServer     *self);
void        herald_sandbox_server_post_device          (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg);
void        herald_sandbox_server_post_sensor          (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg);
void        herald_sandbox_server_delete_device        (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *id);
void        herald_sandbox_server_get_certificate      (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *device_id,
                                                        HeraldSandboxCertFormat  format);
void        herald_sandbox_server_post_certificate_request (HeraldSandboxServer *self,
                                                            SoupServerMessage   *msg,
                                                            const char          *device_id);
void        herald_sandbox_server_client_certificates  (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *device_id,
                                                        const char              *fingerprint);

/* herald-sandbox-server-changes.c: PUT, counts, custom properties, a sensor
 * type's capabilities */
void        herald_sandbox_server_put_capability       (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *id);
void        herald_sandbox_server_put_sensor_type      (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *id);
void        herald_sandbox_server_put_device           (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *id);
void        herald_sandbox_server_put_sensor           (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *id);
void        herald_sandbox_server_count                (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *collection);
void        herald_sandbox_server_custom_property      (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *owner,
                                                        const char              *owner_id,
                                                        const char              *key);
void        herald_sandbox_server_sensor_type_capability (HeraldSandboxServer   *self,
                                                          SoupServerMessage     *msg,
                                                          const char            *sensor_type_id,
                                                          const char            *capability_id);

/* herald-sandbox-server-commands.c */
void        herald_sandbox_server_post_command         (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *device_id);
void        herald_sandbox_server_post_gateway_command (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *device_alternate_id);

/* herald-sandbox-server-services.c: the REST gateway, the processing API */
gboolean    herald_sandbox_server_is_gateway_path      (const char              *path);
gboolean    herald_sandbox_server_handle_service       (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg,
                                                        const char              *path,
                                                        GHashTable              *query);

/* herald-sandbox-server-routes.c */
gboolean    herald_sandbox_server_is_doc_path          (HeraldSandboxServer     *self,
                                                        const char              *path);
void        herald_sandbox_server_handle_request       (SoupServer              *server,
                                                        SoupServerMessage       *msg,
                                                        const char              *path,
                                                        GHashTable              *query,
                                                        gpointer                 user_data);

/* herald-sandbox-server-connections.c: connections, time-outs, refusals */
void        herald_sandbox_server_connection_free      (gpointer                 data);
gboolean    herald_sandbox_server_close_pending        (gpointer                 user_data);
void        herald_sandbox_server_watch_connections    (HeraldSandboxServer     *self);
void        herald_sandbox_server_refuse               (HeraldSandboxServer     *self,
                                                        SoupServerMessage       *msg);

G_END_DECLS

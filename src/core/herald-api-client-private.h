/* herald-api-client-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the parts of HeraldApiClient share and nobody else sees: the
 * instance, the answer limits, one HTTP call (in
 * herald-api-client-transport.c) and the helpers that build its path.
 */

#pragma once

#include <libsoup/soup.h>

#include "herald-api-client.h"

G_BEGIN_DECLS

struct _HeraldApiClient
{
  GObject              parent_instance;

  HeraldServiceConfig *config;
  SoupSession         *session;
  GList               *extra_cas;
  char                *authorization;
  guint                page_size;
  guint                list_limit;
};

/* How much Herald reads of one answer, and how many entities one paged list
 * collects: far more than an IoT Service sends, little enough that a
 * server that never stops sending cannot fill the memory or keep a list
 * going for ever. */
#define LIST_ANSWER_LIMIT (16 * 1024 * 1024)
#define ENTITY_ANSWER_LIMIT (1024 * 1024)
#define LIST_ENTRIES_LIMIT 100000

/* What one call gives when the service said yes (2xx): its JSON, if any. */
typedef struct
{
  JsonNode *root;
  guint     status;
} HeraldApiCallResult;

void                 _herald_api_call_result_free     (HeraldApiCallResult  *result);

/*
 * _herald_api_client_call_async:
 * @path: the resource path below the API root, escaped, with its query
 * @body: (nullable): the JSON request body
 * @entity_type: the type of the entity the call is about, for messages
 * @by_id: whether @path names one entity of @entity_type (404 = it is gone)
 * @limit: how many bytes of the answer to read at most
 */
void                 _herald_api_client_call_async    (HeraldApiClient      *self,
                                                       const char           *method,
                                                       const char           *path,
                                                       const char           *body,
                                                       GType                 entity_type,
                                                       gboolean              by_id,
                                                       gsize                 limit,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
HeraldApiCallResult *_herald_api_client_call_finish   (HeraldApiClient      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void                 _herald_api_client_boolean_done  (GObject              *object,
                                                       GAsyncResult         *result,
                                                       gpointer              user_data);

/* Announces a finished exchange (the ::exchange signal). */
void                 _herald_api_client_emit_exchange (HeraldApiClient      *self,
                                                       HeraldExchange       *exchange);

/* A task of a public call: tagged, and left to the call's own cancelling. */
GTask               *_herald_api_client_op_new        (HeraldApiClient      *self,
                                                       gpointer              source_tag,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* One path segment, escaped. */
char                *_herald_api_client_escape        (const char           *segment);
/* "/devices" and so on. */
const char          *_herald_api_client_collection_of (GType                 entity_type);

G_END_DECLS

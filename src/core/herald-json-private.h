/* herald-json-private.h
 *
 * Helpers the model classes and the API client share. Not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  HERALD_JSON_STRING,
  HERALD_JSON_NUMBER,
  HERALD_JSON_INTEGER,
  HERALD_JSON_BOOLEAN,
  HERALD_JSON_ARRAY,
  HERALD_JSON_OBJECT,
} HeraldJsonKind;

JsonNode   *herald_json_deep_copy       (JsonNode        *node);
JsonObject *herald_json_object_copy     (JsonObject      *object);
gboolean    herald_json_check_member    (JsonObject      *object,
                                         const char      *member,
                                         HeraldJsonKind   kind,
                                         const char      *what,
                                         GError         **error);
gboolean    herald_json_check_node      (JsonNode        *node,
                                         HeraldJsonKind   kind,
                                         const char      *what,
                                         GError         **error);
const char *herald_json_get_string      (JsonObject      *object,
                                         const char      *member);
gboolean    herald_json_set_string      (JsonObject      *object,
                                         const char      *member,
                                         const char      *value);
gint64      herald_json_get_int         (JsonObject      *object,
                                         const char      *member,
                                         gint64           fallback);
gboolean    herald_json_get_boolean     (JsonObject      *object,
                                         const char      *member,
                                         gboolean         fallback);
char       *herald_json_to_string       (JsonNode        *node,
                                         gboolean         pretty);

G_END_DECLS

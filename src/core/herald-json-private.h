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

/* The deepest nesting of objects and arrays any JSON text may have. json-glib
 * parses recursively: without a bound, a text of 100,000 `[` overflows the
 * stack of whoever parses it. Nothing the IoT Service sends or takes comes
 * near this depth. */
#define HERALD_JSON_MAX_DEPTH 64

#define HERALD_JSON_ERROR (herald_json_error_quark ())

/**
 * HeraldJsonError:
 * @HERALD_JSON_ERROR_INVALID: not one JSON value: a syntax error, not UTF-8,
 *   a comment, a byte order mark, or text after the value
 * @HERALD_JSON_ERROR_TOO_DEEP: nested deeper than %HERALD_JSON_MAX_DEPTH
 * @HERALD_JSON_ERROR_CHARACTER: a string holds `\u0000` or an unpaired
 *   surrogate, which no name or value may contain
 * @HERALD_JSON_ERROR_RANGE: a whole number outside the 64-bit range, or a
 *   number too large for a double
 *
 * Each message is a translated sentence that says where the problem is; the
 * caller adds what to do next.
 */
typedef enum
{
  HERALD_JSON_ERROR_INVALID,
  HERALD_JSON_ERROR_TOO_DEEP,
  HERALD_JSON_ERROR_CHARACTER,
  HERALD_JSON_ERROR_RANGE,
} HeraldJsonError;

GQuark      herald_json_error_quark     (void);
gboolean    herald_json_check           (const char      *data,
                                         gssize           length,
                                         GError         **error);
JsonNode   *herald_json_parse           (const char      *data,
                                         gssize           length,
                                         GError         **error);

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

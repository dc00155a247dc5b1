/* herald-api-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_API_ERROR (herald_api_error_quark ())
#define HERALD_TYPE_API_ERROR (herald_api_error_get_type ())

/**
 * HeraldApiError:
 * @HERALD_API_ERROR_UNAUTHORIZED: 401, missing or wrong credentials
 * @HERALD_API_ERROR_FORBIDDEN: 403, the credentials may not do this
 * @HERALD_API_ERROR_NOT_FOUND: 404, an unknown id (or a wrong API URL)
 * @HERALD_API_ERROR_CONFLICT: 409, a duplicate alternate id or an entity still in use
 * @HERALD_API_ERROR_INVALID_REQUEST: 400, 405, 413 and other 4xx: the service refused the body
 * @HERALD_API_ERROR_SERVER_ERROR: 5xx
 * @HERALD_API_ERROR_NETWORK: the host cannot be resolved or reached, or refused the connection
 * @HERALD_API_ERROR_TLS: the TLS handshake failed, e.g. an untrusted certificate
 * @HERALD_API_ERROR_TIMED_OUT: no connection within the connect time-out, or
 *   no answer within the request time-out
 * @HERALD_API_ERROR_CANCELLED: the caller cancelled the request
 * @HERALD_API_ERROR_BAD_RESPONSE: the answer is not what the service sends:
 *   an HTML page, an empty body, malformed JSON, JSON of the wrong shape,
 *   or a field of the wrong type
 * @HERALD_API_ERROR_INVALID_CONFIG: the configuration cannot be used: a bad
 *   API URL, a service key that lacks a field, an unreadable CA file
 *
 * The error codes of %HERALD_API_ERROR. Every message says what went wrong
 * (with the service's own `message` and the HTTP status where there is
 * one) and what to do next; it is translated and can be shown as is.
 */
typedef enum
{
  HERALD_API_ERROR_UNAUTHORIZED,
  HERALD_API_ERROR_FORBIDDEN,
  HERALD_API_ERROR_NOT_FOUND,
  HERALD_API_ERROR_CONFLICT,
  HERALD_API_ERROR_INVALID_REQUEST,
  HERALD_API_ERROR_SERVER_ERROR,
  HERALD_API_ERROR_NETWORK,
  HERALD_API_ERROR_TLS,
  HERALD_API_ERROR_TIMED_OUT,
  HERALD_API_ERROR_CANCELLED,
  HERALD_API_ERROR_BAD_RESPONSE,
  HERALD_API_ERROR_INVALID_CONFIG,
} HeraldApiError;

GQuark   herald_api_error_quark        (void);
GType    herald_api_error_get_type     (void) G_GNUC_CONST;
gboolean herald_api_error_is_cancelled (const GError *error);

G_END_DECLS

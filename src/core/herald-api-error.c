/* herald-api-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-api-error.h"

G_DEFINE_QUARK (herald-api-error-quark, herald_api_error)

G_DEFINE_ENUM_TYPE (HeraldApiError, herald_api_error,
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_UNAUTHORIZED, "unauthorized"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_FORBIDDEN, "forbidden"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_NOT_FOUND, "not-found"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_CONFLICT, "conflict"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_INVALID_REQUEST, "invalid-request"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_SERVER_ERROR, "server-error"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_TLS, "tls"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_TIMED_OUT, "timed-out"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_BAD_RESPONSE, "bad-response"),
  G_DEFINE_ENUM_VALUE (HERALD_API_ERROR_INVALID_CONFIG, "invalid-config"))

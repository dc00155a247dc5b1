/* herald-api-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

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

/**
 * herald_api_error_is_cancelled:
 * @error: (nullable): an error of a request, or %NULL
 *
 * Whether @error says the caller cancelled the request: the API client's
 * %HERALD_API_ERROR_CANCELLED, or GIO's %G_IO_ERROR_CANCELLED that a task
 * built on it may give. A callback that gets it has nothing to show.
 *
 * Returns: %TRUE for a cancelled request
 */
gboolean
herald_api_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, HERALD_API_ERROR, HERALD_API_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

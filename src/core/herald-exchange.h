/* herald-exchange.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HERALD_TYPE_EXCHANGE (herald_exchange_get_type ())

G_DECLARE_FINAL_TYPE (HeraldExchange, herald_exchange, HERALD, EXCHANGE, GObject)

const char *herald_exchange_get_method          (HeraldExchange *self);
const char *herald_exchange_get_url             (HeraldExchange *self);
const char *herald_exchange_get_request_headers (HeraldExchange *self);
const char *herald_exchange_get_request_body    (HeraldExchange *self);
guint       herald_exchange_get_status          (HeraldExchange *self);
const char *herald_exchange_get_reason          (HeraldExchange *self);
const char *herald_exchange_get_response_body   (HeraldExchange *self);
const char *herald_exchange_get_error_message   (HeraldExchange *self);
gint64      herald_exchange_get_started         (HeraldExchange *self);
gint64      herald_exchange_get_duration        (HeraldExchange *self);
const char *herald_exchange_get_user            (HeraldExchange *self);
char       *herald_exchange_to_curl             (HeraldExchange *self);
char       *herald_exchange_redact              (const char     *text);

G_END_DECLS

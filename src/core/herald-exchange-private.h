/* herald-exchange-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-exchange.h"

G_BEGIN_DECLS

HeraldExchange *herald_exchange_new (const char *method,
                                     const char *url,
                                     const char *user,
                                     const char *ca_file,
                                     gboolean    insecure,
                                     const char *request_headers,
                                     const char *request_body,
                                     gint64      started);
void            herald_exchange_complete (HeraldExchange *self,
                                          guint           status,
                                          const char     *reason,
                                          const char     *response_body,
                                          const char     *error_message,
                                          gint64          duration);
void            herald_exchange_append_to_answer (HeraldExchange *self,
                                                  const char     *note);
char           *herald_exchange_redact_url (const char *url);

G_END_DECLS

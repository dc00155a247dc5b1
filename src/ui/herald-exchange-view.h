/* herald-exchange-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-exchange.h"
#include "herald-redactor.h"

G_BEGIN_DECLS

#define HERALD_TYPE_EXCHANGE_VIEW (herald_exchange_view_get_type ())

G_DECLARE_FINAL_TYPE (HeraldExchangeView, herald_exchange_view, HERALD, EXCHANGE_VIEW, AdwBin)

HeraldExchange *herald_exchange_view_get_exchange (HeraldExchangeView *self);
void            herald_exchange_view_set_exchange (HeraldExchangeView *self,
                                                   HeraldExchange     *exchange);
const char     *herald_exchange_view_get_curl     (HeraldExchangeView *self);
void            herald_exchange_view_set_redactor (HeraldExchangeView *self,
                                                   HeraldRedactor     *redactor);

G_END_DECLS

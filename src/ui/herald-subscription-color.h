/* herald-subscription-color.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>
#include <pango/pango.h>

G_BEGIN_DECLS

void            herald_subscription_color           (guint               index,
                                                     gboolean            is_dark,
                                                     GdkRGBA            *color);
PangoAttribute *herald_subscription_color_attribute (guint               index,
                                                     gboolean            is_dark);
int             herald_subscription_find            (const char * const *filters,
                                                     const char         *topic);
gboolean        herald_subscriptions_replace        (char             ***subscriptions,
                                                     const char * const *filters);

G_END_DECLS

/* herald-subscription-color.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

void herald_subscription_color (guint    index,
                                gboolean is_dark,
                                GdkRGBA *color);

G_END_DECLS

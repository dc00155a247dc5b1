/* herald-subscription-color.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-subscription-color.h"

/* A colour per subscription, the same in the connection's list of
 * subscriptions and on the topics of the messages it brought in the
 * History. Eight colours far apart, from GNOME's palette, each with a
 * contrast of at least 4.5:1 against libadwaita's light and dark view
 * backgrounds (#fafafa/#ffffff, #242424/#1e1e1e): small text stays
 * readable. The ninth subscription takes the first colour again. */
static const char * const light[] = {
  "#1a5fb4", "#b34100", "#1d7a46", "#813d9c", "#c01c28", "#0f6b74", "#865e3c", "#9a5d00",
};
static const char * const dark[] = {
  "#62a0ea", "#ffa348", "#57e389", "#dc8add", "#f66151", "#5fd4d4", "#cdab8f", "#f8e45c",
};

G_STATIC_ASSERT (G_N_ELEMENTS (light) == G_N_ELEMENTS (dark));

void
herald_subscription_color (guint    index,
                           gboolean is_dark,
                           GdkRGBA *color)
{
  const char * const *palette = is_dark ? dark : light;

  g_return_if_fail (color != NULL);

  gdk_rgba_parse (color, palette[index % G_N_ELEMENTS (light)]);
}

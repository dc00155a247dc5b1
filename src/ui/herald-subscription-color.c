/* herald-subscription-color.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-subscription-color.h"
#include "herald-topic.h"

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

/**
 * herald_subscription_color_attribute:
 *
 * Returns: (transfer full): a foreground attribute of the colour of the
 *   subscription at @index, for the whole text until its indices are set
 */
PangoAttribute *
herald_subscription_color_attribute (guint    index,
                                     gboolean is_dark)
{
  GdkRGBA color;

  herald_subscription_color (index, is_dark, &color);
  return pango_attr_foreground_new (color.red * G_MAXUINT16, color.green * G_MAXUINT16, color.blue * G_MAXUINT16);
}

/**
 * herald_subscription_find:
 * @filters: (nullable) (array zero-terminated=1): the connection's
 *   subscriptions, in the order they are listed
 *
 * The subscription that brought a message on @topic: the first whose
 * filter matches it, as the connection view lists them.
 *
 * Returns: its index, or -1 when none matches
 */
int
herald_subscription_find (const char * const *filters,
                          const char         *topic)
{
  g_return_val_if_fail (topic != NULL, -1);

  for (guint i = 0; filters != NULL && filters[i] != NULL; i++)
    if (herald_topic_matches (filters[i], topic))
      return i;
  return -1;
}

/**
 * herald_subscriptions_replace:
 * @subscriptions: (inout) (nullable) (array zero-terminated=1): the filters
 *   a view keeps, %NULL for none
 * @filters: (nullable) (array zero-terminated=1): the new ones, in their
 *   listed order; empty is none
 *
 * Keeps a copy of @filters in @subscriptions.
 *
 * Returns: whether they changed (what the view colours must be done again)
 */
gboolean
herald_subscriptions_replace (char             ***subscriptions,
                              const char * const *filters)
{
  g_return_val_if_fail (subscriptions != NULL, FALSE);

  if (filters != NULL && filters[0] == NULL)
    filters = NULL;
  if (filters == NULL ? *subscriptions == NULL
                      : *subscriptions != NULL && g_strv_equal (filters, (const char * const *) *subscriptions))
    return FALSE;

  g_strfreev (*subscriptions);
  *subscriptions = g_strdupv ((char **) filters);
  return TRUE;
}

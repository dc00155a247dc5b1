/* herald-topic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-topic.h"

/* The IoT Service's MQTT topics, named once for Herald and herald-sandbox:
 * a device receives commands on commands/<alternateId>, publishes measures
 * on measures/<alternateId>, and the gateway acknowledges them on
 * ack/<alternateId>.
 */

#define COMMANDS "commands/"
#define MEASURES "measures/"
#define ACK      "ack/"

char *
herald_topic_commands (const char *device_alternate_id)
{
  g_return_val_if_fail (device_alternate_id != NULL, NULL);
  return g_strconcat (COMMANDS, device_alternate_id, NULL);
}

char *
herald_topic_measures (const char *device_alternate_id)
{
  g_return_val_if_fail (device_alternate_id != NULL, NULL);
  return g_strconcat (MEASURES, device_alternate_id, NULL);
}

char *
herald_topic_ack (const char *device_alternate_id)
{
  g_return_val_if_fail (device_alternate_id != NULL, NULL);
  return g_strconcat (ACK, device_alternate_id, NULL);
}

/**
 * herald_topic_device_of:
 * @topic: a topic name
 * @kind: "commands", "measures" or "ack"
 *
 * Returns: (nullable): the device's alternate id in @topic when it is a
 *   topic of that kind (a non-empty level after the prefix, no further
 *   level), else %NULL; points into @topic
 */
const char *
herald_topic_device_of (const char *topic,
                        const char *kind)
{
  gsize length;

  g_return_val_if_fail (topic != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  length = strlen (kind);
  if (strncmp (topic, kind, length) != 0 || topic[length] != '/')
    return NULL;

  topic += length + 1;
  if (*topic == '\0' || strchr (topic, '/') != NULL)
    return NULL;

  return topic;
}

/**
 * herald_topic_matches:
 * @filter: a topic filter, with MQTT's wildcards
 * @topic: a topic a message came on
 *
 * Whether a subscription to @filter receives messages on @topic, as MQTT
 * says: "+" is one level (an empty one too), "#" at the end is the level
 * it stands at and all below it ("a/#" takes "a"), and a topic starting
 * with "$" is not taken by a filter starting with a wildcard.
 */
gboolean
herald_topic_matches (const char *filter,
                      const char *topic)
{
  const char *f = filter;
  const char *t = topic;

  g_return_val_if_fail (filter != NULL && topic != NULL, FALSE);

  if (topic[0] == '$' && (filter[0] == '+' || filter[0] == '#'))
    return FALSE;

  for (;;)
    {
      const char *f_end = strchr (f, '/');
      const char *t_end = strchr (t, '/');
      gsize f_len = f_end != NULL ? (gsize) (f_end - f) : strlen (f);
      gsize t_len = t_end != NULL ? (gsize) (t_end - t) : strlen (t);

      if (f_len == 1 && f[0] == '#')
        return TRUE;
      if (!(f_len == 1 && f[0] == '+') && (f_len != t_len || memcmp (f, t, f_len) != 0))
        return FALSE;
      if (f_end == NULL)
        return t_end == NULL;
      if (t_end == NULL)
        return strcmp (f_end + 1, "#") == 0;
      f = f_end + 1;
      t = t_end + 1;
    }
}

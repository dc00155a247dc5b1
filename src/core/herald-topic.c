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

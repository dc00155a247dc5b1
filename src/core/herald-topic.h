/* herald-topic.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *herald_topic_commands        (const char *device_alternate_id);
char       *herald_topic_measures        (const char *device_alternate_id);
char       *herald_topic_ack             (const char *device_alternate_id);
const char *herald_topic_device_of       (const char *topic,
                                          const char *kind);
gboolean    herald_topic_matches         (const char *filter,
                                          const char *topic);

G_END_DECLS

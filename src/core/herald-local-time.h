/* herald-local-time.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GTimeZone *herald_local_time_zone (void);
GDateTime *herald_local_time_new  (gint64 time_us);

G_END_DECLS

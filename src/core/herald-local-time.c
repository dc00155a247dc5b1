/* herald-local-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-local-time.h"

/* The local time zone, kept. GLib 2.74's g_time_zone_new_local() (and so
 * g_date_time_to_local() and g_date_time_new_from_unix_local()) forgets
 * the zone it loaded whenever $TZ is unset, as on most desktops: each call
 * reads the /etc/localtime link and looks at the zone folder again, about
 * 4 µs and three system calls, for each History row shown, each Topics
 * window row and each chart label. Kept here, it is read again when $TZ
 * changes and at most once a second otherwise, so that a new zone chosen
 * in the system's settings still shows within a second. */

#define RELOAD_US G_USEC_PER_SEC

static GMutex lock;
static GTimeZone *zone;
static char *zone_tz;       /* $TZ when it was loaded */
static gint64 zone_loaded;  /* monotonic µs */

/**
 * herald_local_time_zone:
 *
 * Any thread may call this.
 *
 * Returns: (transfer full): the local time zone
 */
GTimeZone *
herald_local_time_zone (void)
{
  const char *tz = g_getenv ("TZ");
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0 || now - zone_loaded >= RELOAD_US)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
      zone_loaded = now;
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);

  return result;
}

/**
 * herald_local_time_new:
 * @time_us: microseconds since the epoch
 *
 * Returns: (transfer full) (nullable): @time_us in the local time zone,
 *   whole seconds (as g_date_time_new_from_unix_local()); %NULL where
 *   GLib cannot represent it
 */
GDateTime *
herald_local_time_new (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GTimeZone) local = NULL;

  if (utc == NULL)
    return NULL;

  local = herald_local_time_zone ();
  return g_date_time_to_timezone (utc, local);
}

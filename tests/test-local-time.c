/* test-local-time.c: the local time zone Herald keeps, and the times of
 * day the History, the Topics window and the Live Device view show with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "herald-local-time.h"
#include "herald-message.h"

/* 2026-12-04 14:05:09.042 UTC */
#define WHEN_US (G_GINT64_CONSTANT (1796393109) * G_USEC_PER_SEC + 42000)

/* A new $TZ shows at once: the zone kept is the one $TZ names. */
static void
test_follows_tz (void)
{
  struct { const char *tz; const char *shown; } cases[] = {
    { "UTC", "14:05:09.042" },
    { "Asia/Kolkata", "19:35:09.042" },         /* +05:30 */
    { "America/St_Johns", "10:35:09.042" },     /* -03:30 in December */
    { "UTC", "14:05:09.042" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = NULL;

      g_setenv ("TZ", cases[i].tz, TRUE);
      shown = herald_message_format_time (WHEN_US);
      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

/* Asked again within the second, the same zone, not loaded again; with
 * $TZ unset, the zone GLib takes for local. */
static void
test_kept (void)
{
  g_autoptr(GTimeZone) first = NULL;
  g_autoptr(GTimeZone) second = NULL;
  g_autoptr(GTimeZone) glib_local = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) expected = NULL;

  g_unsetenv ("TZ");
  first = herald_local_time_zone ();
  second = herald_local_time_zone ();
  g_assert_true (first == second);

  glib_local = g_time_zone_new_local ();
  g_assert_cmpstr (g_time_zone_get_identifier (first), ==, g_time_zone_get_identifier (glib_local));

  local = herald_local_time_new (WHEN_US);
  expected = g_date_time_new_from_unix_local (WHEN_US / G_USEC_PER_SEC);
  g_assert_nonnull (local);
  g_assert_true (g_date_time_equal (local, expected));
  g_assert_cmpint (g_date_time_get_utc_offset (local), ==, g_date_time_get_utc_offset (expected));
}

/* A time GLib cannot represent: nothing, not a crash. */
static void
test_out_of_range (void)
{
  g_autofree char *shown = herald_message_format_time (G_MAXINT64);

  g_assert_null (herald_local_time_new (G_MAXINT64));
  g_assert_cmpstr (shown, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/local-time/follows-tz", test_follows_tz);
  g_test_add_func ("/local-time/kept", test_kept);
  g_test_add_func ("/local-time/out-of-range", test_out_of_range);

  return g_test_run ();
}

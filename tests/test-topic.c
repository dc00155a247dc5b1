/* test-topic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The IoT Service's topics, as Herald and herald-sandbox name them.
 */

#include "config.h"

#include "herald-topic.h"

static void
test_names (void)
{
  g_autofree char *commands = herald_topic_commands ("cb1bc8935375529e");
  g_autofree char *measures = herald_topic_measures ("cb1bc8935375529e");
  g_autofree char *ack = herald_topic_ack ("cb1bc8935375529e");

  g_assert_cmpstr (commands, ==, "commands/cb1bc8935375529e");
  g_assert_cmpstr (measures, ==, "measures/cb1bc8935375529e");
  g_assert_cmpstr (ack, ==, "ack/cb1bc8935375529e");
}

static void
test_device_of (void)
{
  g_assert_cmpstr (herald_topic_device_of ("commands/abc", "commands"), ==, "abc");
  g_assert_cmpstr (herald_topic_device_of ("measures/abc", "measures"), ==, "abc");
  g_assert_cmpstr (herald_topic_device_of ("ack/abc", "ack"), ==, "abc");

  /* Another kind, no device, a deeper level, a prefix only alike. */
  g_assert_null (herald_topic_device_of ("commands/abc", "measures"));
  g_assert_null (herald_topic_device_of ("commands/", "commands"));
  g_assert_null (herald_topic_device_of ("commands", "commands"));
  g_assert_null (herald_topic_device_of ("commands/abc/def", "commands"));
  g_assert_null (herald_topic_device_of ("commandsx/abc", "commands"));
  g_assert_null (herald_topic_device_of ("ackx", "ack"));
}

/* The examples of MQTT 3.1.1's section 4.7 and a few more. */
static void
test_matches (void)
{
  static const struct { const char *filter, *topic; gboolean matches; } cases[] = {
    { "sport/tennis/player1/#", "sport/tennis/player1", TRUE },
    { "sport/tennis/player1/#", "sport/tennis/player1/ranking", TRUE },
    { "sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", TRUE },
    { "sport/#", "sport", TRUE },
    { "#", "sport/tennis", TRUE },
    { "#", "/", TRUE },
    { "sport/tennis/+", "sport/tennis/player1", TRUE },
    { "sport/tennis/+", "sport/tennis/player1/ranking", FALSE },
    { "sport/+", "sport", FALSE },
    { "sport/+", "sport/", TRUE },
    { "+/+", "/finance", TRUE },
    { "/+", "/finance", TRUE },
    { "+", "/finance", FALSE },
    { "+", "finance", TRUE },
    { "+/tennis/#", "sport/tennis", TRUE },
    { "commands/abc", "commands/abc", TRUE },
    { "commands/abc", "commands/abcd", FALSE },
    { "commands/abcd", "commands/abc", FALSE },
    { "commands/abc", "commands/abc/x", FALSE },
    { "commands/abc/x", "commands/abc", FALSE },
    { "Commands/abc", "commands/abc", FALSE },
    { "#", "$SYS/broker/uptime", FALSE },
    { "+/broker/uptime", "$SYS/broker/uptime", FALSE },
    { "$SYS/#", "$SYS/broker/uptime", TRUE },
    { "$SYS/+/uptime", "$SYS/broker/uptime", TRUE },
    { "a//b", "a//b", TRUE },
    { "a/+/b", "a//b", TRUE },
    { "a/b", "a//b", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s on %s", cases[i].filter, cases[i].topic);
      g_assert_cmpint (herald_topic_matches (cases[i].filter, cases[i].topic), ==, cases[i].matches);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topic/names", test_names);
  g_test_add_func ("/topic/device-of", test_device_of);
  g_test_add_func ("/topic/matches", test_matches);

  return g_test_run ();
}

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topic/names", test_names);
  g_test_add_func ("/topic/device-of", test_device_of);

  return g_test_run ();
}

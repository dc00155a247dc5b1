/* bench-topic-tree.c: the topic tree's cost with many distinct topics
 *
 *   bench-topic-tree --count N [--flat]
 *
 * Feeds HeraldTopicTree N messages on N distinct topics, in batches of 256
 * (as the session delivers them), each a 20-byte payload: by default
 * "factory/line-<i % 100>/machine-<i / 100 % 100>/sensor-<i>" (a tree four
 * levels deep), with --flat "bench/<i>" (one level of N children, its
 * parent's hash table and list at their largest). Prints "RESULT
 * bytes_per_topic" (the heap in use, mallinfo2, after less before, a
 * topic; the messages themselves are freed after each batch), "RESULT
 * us_per_message" (the main thread's CPU time in add_messages, a message)
 * and "RESULT max_batch_ms" (the longest batch, CPU).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "herald-message.h"
#include "herald-topic-tree.h"

#define BATCH 256

/* The main thread's CPU time; getrusage()'s ticks are 4 ms here, longer
 * than a batch. */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

int
main (int argc, char *argv[])
{
  guint count = 100000;
  gboolean flat = FALSE;
  g_autoptr(HeraldTopicTree) tree = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("{\"temperature\":21.5}", 20);
  struct mallinfo2 before, after;
  gint64 cpu = 0, max_batch = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--count") && i + 1 < argc)
        count = (guint) strtoul (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--flat"))
        flat = TRUE;
      else
        {
          fprintf (stderr, "usage: bench-topic-tree [--count N] [--flat]\n");
          return 2;
        }
    }

  tree = herald_topic_tree_new ();
  /* The type system's one-time allocations out of the figure. */
  {
    g_autoptr(HeraldTopicTree) warm = herald_topic_tree_new ();
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);

    g_ptr_array_add (batch, herald_message_new (0, "warm/up", payload, 0, FALSE, NULL));
    herald_topic_tree_add_messages (warm, batch);
  }
  malloc_trim (0);
  before = mallinfo2 ();

  for (guint i = 0; i < count; i += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
      gint64 start;

      for (guint j = i; j < MIN (i + BATCH, count); j++)
        {
          char *topic = flat ? g_strdup_printf ("bench/%u", j)
                             : g_strdup_printf ("factory/line-%u/machine-%u/sensor-%u", j % 100, j / 100 % 100, j);

          g_ptr_array_add (batch, herald_message_new_take (g_get_real_time (), topic, g_bytes_ref (payload),
                                                           0, FALSE, NULL));
        }
      start = thread_cpu_us ();
      herald_topic_tree_add_messages (tree, batch);
      start = thread_cpu_us () - start;
      cpu += start;
      max_batch = MAX (max_batch, start);
    }

  after = mallinfo2 ();
  g_assert_cmpuint (herald_topic_tree_get_n_topics (tree), ==, count);
  printf ("RESULT topics %u\n", herald_topic_tree_get_n_topics (tree));
  printf ("RESULT bytes_per_topic %.0f\n", ((double) after.uordblks - (double) before.uordblks) / count);
  printf ("RESULT us_per_message %.2f\n", cpu / (double) count);
  printf ("RESULT max_batch_ms %.2f\n", max_batch / 1000.0);
  return 0;
}

/* test-topic-tree.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeraldTopicTree: every topic a connection saw, level by level, with its
 * counts, its last payload and whether the broker keeps a retained message
 * for it; the lists it gives GtkTreeListModel, each announced once a batch.
 */

#include "config.h"

#include <string.h>

#include "herald-message.h"
#include "herald-topic-tree.h"

static GPtrArray *
batch_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_unref);
}

static void
batch_add (GPtrArray  *batch,
           const char *topic,
           const char *payload,
           gboolean    retained)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));

  g_ptr_array_add (batch, herald_message_new (g_get_real_time (), topic, bytes, 0, retained, NULL));
}

static void
add_one (HeraldTopicTree *tree,
         const char      *topic,
         const char      *payload,
         gboolean         retained)
{
  g_autoptr(GPtrArray) batch = batch_new ();

  batch_add (batch, topic, payload, retained);
  herald_topic_tree_add_messages (tree, batch);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n)
{
  (*n)++;
}

static void
test_levels (void)
{
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autoptr(GPtrArray) batch = batch_new ();
  HeraldTopicNode *root = herald_topic_tree_get_root (tree);
  HeraldTopicNode *measures, *dev1, *temp;
  g_autoptr(HeraldTopicNode) first = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *preview = NULL;
  guint root_changes = 0;

  g_signal_connect (root, "items-changed", G_CALLBACK (count_changes), &root_changes);

  batch_add (batch, "measures/dev1", "{\"t\": 21.5}", FALSE);
  batch_add (batch, "measures/dev1/temp", "21.5", FALSE);
  batch_add (batch, "measures/dev2", "x", FALSE);
  batch_add (batch, "commands/dev1", "{}", FALSE);
  batch_add (batch, "measures/dev1", "{\"t\": 22.0}", FALSE);
  herald_topic_tree_add_messages (tree, batch);

  /* Two first levels, in the order they came, announced in one change. */
  g_assert_cmpuint (root_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (root), 0);
  g_assert_cmpstr (herald_topic_node_get_name (first), ==, "measures");
  g_assert_cmpuint (herald_topic_tree_get_n_topics (tree), ==, 4);

  measures = herald_topic_tree_lookup (tree, "measures");
  g_assert_true (measures == first);
  /* A level that is no topic itself, with what is below it. */
  g_assert_cmpuint (herald_topic_node_get_n_messages (measures), ==, 0);
  g_assert_cmpuint (herald_topic_node_get_n_messages_below (measures), ==, 4);
  g_assert_cmpuint (herald_topic_node_get_n_topics_below (measures), ==, 3);
  g_assert_null (herald_topic_node_dup_preview (measures));

  /* A topic with a topic below it. */
  dev1 = herald_topic_tree_lookup (tree, "measures/dev1");
  temp = herald_topic_tree_lookup (tree, "measures/dev1/temp");
  g_assert_cmpuint (herald_topic_node_get_n_messages (dev1), ==, 2);
  g_assert_cmpuint (herald_topic_node_get_n_messages_below (dev1), ==, 3);
  g_assert_true (herald_topic_node_get_parent (temp) == dev1);
  g_assert_true (herald_topic_node_has_children (dev1));
  g_assert_false (herald_topic_node_has_children (temp));
  topic = herald_topic_node_dup_topic (temp);
  g_assert_cmpstr (topic, ==, "measures/dev1/temp");
  preview = herald_topic_node_dup_preview (dev1);
  g_assert_cmpstr (preview, ==, "{\"t\": 22.0}");
  g_assert_cmpint (herald_topic_node_get_last_time (dev1), >, 0);
  /* Two messages just now: about 0.2 a second over the last 10 s. */
  g_assert_cmpfloat_with_epsilon (herald_topic_node_get_rate (dev1, g_get_monotonic_time ()), 0.2, 0.01);
  g_assert_cmpfloat (herald_topic_node_get_rate (dev1, g_get_monotonic_time () + 60 * G_USEC_PER_SEC), <, 0.001);

  g_assert_null (herald_topic_tree_lookup (tree, "measures/dev3"));
  g_assert_null (herald_topic_tree_lookup (tree, "measures/dev1/temp/x"));
}

/* Empty levels are levels: "/a", "a//b" and "a/" are topics of their own. */
static void
test_empty_levels (void)
{
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autofree char *leading = NULL;
  g_autofree char *double_slash = NULL;
  g_autofree char *trailing = NULL;

  add_one (tree, "/a", "1", FALSE);
  add_one (tree, "a//b", "2", FALSE);
  add_one (tree, "a/", "3", FALSE);
  add_one (tree, "a", "4", FALSE);

  g_assert_cmpuint (herald_topic_tree_get_n_topics (tree), ==, 4);
  leading = herald_topic_node_dup_topic (herald_topic_tree_lookup (tree, "/a"));
  double_slash = herald_topic_node_dup_topic (herald_topic_tree_lookup (tree, "a//b"));
  trailing = herald_topic_node_dup_topic (herald_topic_tree_lookup (tree, "a/"));
  g_assert_cmpstr (leading, ==, "/a");
  g_assert_cmpstr (double_slash, ==, "a//b");
  g_assert_cmpstr (trailing, ==, "a/");
  g_assert_cmpstr (herald_topic_node_get_name (herald_topic_tree_lookup (tree, "a/")), ==, "");
  g_assert_cmpuint (herald_topic_node_get_n_messages (herald_topic_tree_lookup (tree, "a")), ==, 1);
}

/* What "Clear Retained" publishes to: the retained topics at a level and
 * below, as the tree saw them set and cleared. */
static void
test_retained (void)
{
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) under = NULL;
  g_auto(GStrv) after = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *topic = g_strdup_printf ("root/%u/state", i);

      add_one (tree, topic, "on", TRUE);
    }
  add_one (tree, "root/live", "not retained", FALSE);
  add_one (tree, "other/kept", "on", TRUE);
  /* A live message does not change what the broker keeps. */
  add_one (tree, "root/7/state", "live", FALSE);

  all = herald_topic_tree_dup_retained_topics (tree, NULL);
  under = herald_topic_tree_dup_retained_topics (tree, herald_topic_tree_lookup (tree, "root"));
  g_assert_cmpuint (g_strv_length (all), ==, 101);
  g_assert_cmpuint (g_strv_length (under), ==, 100);
  g_assert_true (g_strv_contains ((const char * const *) under, "root/7/state"));
  g_assert_false (g_strv_contains ((const char * const *) under, "root/live"));
  g_assert_true (herald_topic_tree_has_retained (tree, NULL));
  g_assert_true (herald_topic_tree_has_retained (tree, herald_topic_tree_lookup (tree, "root")));
  g_assert_true (herald_topic_tree_has_retained (tree, herald_topic_tree_lookup (tree, "root/7")));
  g_assert_false (herald_topic_tree_has_retained (tree, herald_topic_tree_lookup (tree, "root/live")));

  /* An empty retained message clears it. */
  add_one (tree, "root/7/state", "", TRUE);
  after = herald_topic_tree_dup_retained_topics (tree, herald_topic_tree_lookup (tree, "root"));
  g_assert_cmpuint (g_strv_length (after), ==, 99);
  g_assert_false (herald_topic_node_get_retained (herald_topic_tree_lookup (tree, "root/7/state")));

  /* Cleared by Herald: forgotten under "root", kept elsewhere. */
  herald_topic_tree_forget_retained (tree, herald_topic_tree_lookup (tree, "root"));
  {
    g_auto(GStrv) left = herald_topic_tree_dup_retained_topics (tree, NULL);

    g_assert_cmpuint (g_strv_length (left), ==, 1);
    g_assert_cmpstr (left[0], ==, "other/kept");
    g_assert_false (herald_topic_tree_has_retained (tree, herald_topic_tree_lookup (tree, "root")));
    g_assert_true (herald_topic_tree_has_retained (tree, herald_topic_tree_lookup (tree, "other")));
  }
}

/* The Topics window's search: whole topics, any case, next after next,
 * from the start again. */
static void
test_find (void)
{
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  HeraldTopicNode *found;

  add_one (tree, "home/kitchen/temperature", "1", FALSE);
  add_one (tree, "home/hall/Temperature", "2", FALSE);
  add_one (tree, "garden/soil", "3", FALSE);

  g_assert_null (herald_topic_tree_find (tree, "", NULL));
  g_assert_null (herald_topic_tree_find (tree, "cellar", NULL));
  found = herald_topic_tree_find (tree, "TEMP", NULL);
  g_assert_true (found == herald_topic_tree_lookup (tree, "home/kitchen/temperature"));
  found = herald_topic_tree_find (tree, "TEMP", found);
  g_assert_true (found == herald_topic_tree_lookup (tree, "home/hall/Temperature"));
  found = herald_topic_tree_find (tree, "TEMP", found);
  g_assert_true (found == herald_topic_tree_lookup (tree, "home/kitchen/temperature"));
  /* Across levels, and a level itself. */
  g_assert_true (herald_topic_tree_find (tree, "kitchen/temp", NULL) ==
                 herald_topic_tree_lookup (tree, "home/kitchen/temperature"));
  g_assert_true (herald_topic_tree_find (tree, "home", NULL) == herald_topic_tree_lookup (tree, "home"));
  g_assert_true (herald_topic_tree_find (tree, "home", herald_topic_tree_lookup (tree, "home")) ==
                 herald_topic_tree_lookup (tree, "home/kitchen"));
}

static void
test_preview (void)
{
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autoptr(GPtrArray) batch = batch_new ();
  g_autoptr(GBytes) binary = g_bytes_new_static ("\x00\x01\xff", 3);
  g_autofree char *long_text = g_strnfill (200, 'z');
  g_autofree char *lines = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *hex = NULL;

  batch_add (batch, "t/lines", "a\nb\tc", FALSE);
  batch_add (batch, "t/long", long_text, FALSE);
  g_ptr_array_add (batch, herald_message_new (1, "t/binary", binary, 0, FALSE, NULL));
  herald_topic_tree_add_messages (tree, batch);

  lines = herald_topic_node_dup_preview (herald_topic_tree_lookup (tree, "t/lines"));
  cut = herald_topic_node_dup_preview (herald_topic_tree_lookup (tree, "t/long"));
  hex = herald_topic_node_dup_preview (herald_topic_tree_lookup (tree, "t/binary"));
  g_assert_cmpstr (lines, ==, "a b c");
  g_assert_true (g_str_has_suffix (cut, " …"));
  g_assert_cmpuint (strlen (cut), ==, 64 + strlen (" …"));
  g_assert_cmpstr (hex, ==, "00 01 ff");

  /* A retained message cleared: an empty payload, an empty preview. */
  {
    g_autoptr(GPtrArray) clear = batch_new ();
    g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
    g_autofree char *none = NULL;

    g_ptr_array_add (clear, herald_message_new (2, "t/binary", empty, 0, TRUE, NULL));
    herald_topic_tree_add_messages (tree, clear);
    none = herald_topic_node_dup_preview (herald_topic_tree_lookup (tree, "t/binary"));
    g_assert_cmpstr (none, ==, "");
  }
}

/* A level a list shows is announced once a batch, after its parent; a
 * list the tree cleared is empty in one change, and a level a row still
 * holds stays readable. */
static void
test_announce_and_clear (void)
{
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autoptr(GPtrArray) batch = batch_new ();
  HeraldTopicNode *root = herald_topic_tree_get_root (tree);
  g_autoptr(HeraldTopicNode) held = NULL;
  g_autofree char *held_topic = NULL;
  guint bench_changes = 0;
  guint root_changes = 0;

  add_one (tree, "bench/0", "x", FALSE);
  g_signal_connect (herald_topic_tree_lookup (tree, "bench"), "items-changed", G_CALLBACK (count_changes), &bench_changes);
  for (guint i = 1; i <= 1000; i++)
    {
      g_autofree char *topic = g_strdup_printf ("bench/%u", i);

      batch_add (batch, topic, "x", FALSE);
    }
  herald_topic_tree_add_messages (tree, batch);
  g_assert_cmpuint (bench_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (herald_topic_tree_lookup (tree, "bench"))), ==, 1001);

  held = g_object_ref (herald_topic_tree_lookup (tree, "bench/5"));
  g_signal_connect (root, "items-changed", G_CALLBACK (count_changes), &root_changes);
  herald_topic_tree_clear (tree);
  g_assert_cmpuint (root_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, 0);
  g_assert_cmpuint (herald_topic_tree_get_n_topics (tree), ==, 0);
  g_assert_null (herald_topic_tree_lookup (tree, "bench/5"));
  held_topic = herald_topic_node_dup_topic (held);
  g_assert_cmpstr (held_topic, ==, "5");

  add_one (tree, "again", "x", FALSE);
  g_assert_cmpuint (herald_topic_tree_get_n_topics (tree), ==, 1);
}

/* A topic of 30,000 levels (a hostile client may send one): made, counted
 * and freed without recursion. */
static void
test_deep_topic (void)
{
  g_autoptr(HeraldTopicTree) tree = herald_topic_tree_new ();
  g_autoptr(GString) topic = g_string_new ("d");

  for (guint i = 0; i < 30000; i++)
    g_string_append (topic, "/d");
  add_one (tree, topic->str, "deep", FALSE);
  g_assert_cmpuint (herald_topic_node_get_n_messages_below (herald_topic_tree_get_root (tree)), ==, 1);
  g_assert_nonnull (herald_topic_tree_lookup (tree, topic->str));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topic-tree/levels", test_levels);
  g_test_add_func ("/topic-tree/empty-levels", test_empty_levels);
  g_test_add_func ("/topic-tree/retained", test_retained);
  g_test_add_func ("/topic-tree/find", test_find);
  g_test_add_func ("/topic-tree/preview", test_preview);
  g_test_add_func ("/topic-tree/announce-and-clear", test_announce_and_clear);
  g_test_add_func ("/topic-tree/deep-topic", test_deep_topic);
  return g_test_run ();
}

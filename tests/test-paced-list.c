/* test-paced-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "herald-paced-list.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_items;
  guint calls;
} Change;

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->n_items = g_list_model_get_n_items (list);
  change->calls++;
}

static void
append (GListStore *store,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new ("x", NULL);
      g_list_store_append (store, item);
    }
}

static void
assert_same_items (GListModel *paced,
                   GListModel *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (paced); i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (paced, i);
      g_autoptr(GObject) b = g_list_model_get_item (model, i);

      g_assert_true (a == b);
    }
  g_assert_null (g_list_model_get_item (paced, g_list_model_get_n_items (paced)));
}

/* Item i of @paced is item @offset + i of @model. */
static void
assert_tail_items (GListModel *paced,
                   GListModel *model,
                   guint       offset)
{
  for (guint i = 0; i < g_list_model_get_n_items (paced); i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (paced, i);
      g_autoptr(GObject) b = g_list_model_get_item (model, offset + i);

      g_assert_true (a == b);
    }
  g_assert_null (g_list_model_get_item (paced, g_list_model_get_n_items (paced)));
}

static void
wait_for_calls (Change *change,
                guint   calls)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (change->calls < calls && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (change->calls, ==, calls);
}

static void
test_appends_paced (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(HeraldPacedList) paced = NULL;
  Change change = { 0 };
  gint64 start;

  append (store, 3);
  paced = herald_paced_list_new (G_LIST_MODEL (store), 200);
  g_assert_cmpuint (herald_paced_list_get_interval (paced), ==, 200);
  g_assert_true (herald_paced_list_get_model (paced) == G_LIST_MODEL (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 3);
  g_signal_connect (paced, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* The first append after a quiet time: passed on from the main loop. */
  append (store, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 3);
  g_assert_cmpuint (change.calls, ==, 0);
  wait_for_calls (&change, 1);
  g_assert_cmpuint (change.position, ==, 3);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 2);
  g_assert_cmpuint (change.n_items, ==, 5);

  /* The next appends wait for the interval, and come as one change. */
  start = g_get_monotonic_time ();
  append (store, 4);
  append (store, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 5);
  assert_same_items (G_LIST_MODEL (paced), G_LIST_MODEL (store));
  wait_for_calls (&change, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  g_assert_cmpuint (change.position, ==, 5);
  g_assert_cmpuint (change.added, ==, 5);
  g_assert_cmpuint (change.n_items, ==, 10);
  assert_same_items (G_LIST_MODEL (paced), G_LIST_MODEL (store));

  /* flush passes on at once. */
  append (store, 1);
  herald_paced_list_flush (paced);
  g_assert_cmpuint (change.calls, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 11);
}

static void
test_other_changes_at_once (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(HeraldPacedList) paced = NULL;
  Change change = { 0 };

  append (store, 10);
  paced = herald_paced_list_new (G_LIST_MODEL (store), 10000);
  g_signal_connect (paced, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* Held back: 3 appended items. */
  herald_paced_list_flush (paced);
  append (store, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 10);

  /* The oldest go (a memory limit): passed on at once, the tail still held. */
  g_list_store_splice (store, 0, 4, NULL, 0);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 4);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (change.n_items, ==, 6);
  assert_same_items (G_LIST_MODEL (paced), G_LIST_MODEL (store));

  /* A change reaching into the held-back tail replaces from there on. */
  g_list_store_remove_all (store);
  g_assert_cmpuint (change.calls, ==, 2);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 6);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (change.n_items, ==, 0);

  /* Nothing left held back: a flush changes nothing. */
  herald_paced_list_flush (paced);
  g_assert_cmpuint (change.calls, ==, 2);
}

/* Into a short list, a flood comes in steps of a few items per main loop
 * iteration (GTK 4.8 makes a row for each at once), then all at once. */
static void
test_ramp (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(HeraldPacedList) paced = herald_paced_list_new (G_LIST_MODEL (store), 50);
  Change change = { 0 };
  guint steps = 0;
  guint largest_small_step = 0;

  g_signal_connect (paced, "items-changed", G_CALLBACK (items_changed_cb), &change);

  append (store, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 0);

  while (g_list_model_get_n_items (G_LIST_MODEL (paced)) < 5000)
    {
      guint calls = change.calls;
      guint before = g_list_model_get_n_items (G_LIST_MODEL (paced));

      wait_for_calls (&change, calls + 1);
      g_assert_cmpuint (change.position, ==, before);
      g_assert_cmpuint (change.removed, ==, 0);
      assert_same_items (G_LIST_MODEL (paced), G_LIST_MODEL (store));
      if (before < 256)
        largest_small_step = MAX (largest_small_step, change.added);
      else
        g_assert_cmpuint (change.n_items, ==, 5000);  /* the rest at once */
      steps++;
    }

  g_assert_cmpuint (largest_small_step, >, 0);
  g_assert_cmpuint (largest_small_step, <=, 32);
  g_assert_cmpuint (steps, >=, 256 / 32);
  g_assert_cmpuint (steps, <=, 256 / 8 + 1);

  /* An explicit flush still passes on everything held back. */
  {
    g_autoptr(GListStore) store2 = g_list_store_new (G_TYPE_MENU_ITEM);
    g_autoptr(HeraldPacedList) paced2 = herald_paced_list_new (G_LIST_MODEL (store2), 50);

    append (store2, 1000);
    herald_paced_list_flush (paced2);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced2)), ==, 1000);
  }
}

/* With a tail, only the last items are passed on: a flush replaces the
 * first ones in one change; the items before come back when the tail is
 * lifted, inserted at the start. */
static void
test_tail (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(HeraldPacedList) paced = NULL;
  Change change = { 0 };

  append (store, 50);
  paced = herald_paced_list_new (G_LIST_MODEL (store), 10000);
  g_signal_connect (paced, "items-changed", G_CALLBACK (items_changed_cb), &change);
  g_assert_cmpuint (herald_paced_list_get_tail (paced), ==, 0);

  /* Shorter: the first items go at once. */
  herald_paced_list_set_tail (paced, 8);
  g_assert_cmpuint (herald_paced_list_get_tail (paced), ==, 8);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 42);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (change.n_items, ==, 8);
  g_assert_cmpuint (herald_paced_list_get_offset (paced), ==, 42);
  assert_tail_items (G_LIST_MODEL (paced), G_LIST_MODEL (store), 42);

  /* A flood: held back, then the last 8 in one change. */
  append (store, 20000);
  g_assert_cmpuint (change.calls, ==, 1);
  herald_paced_list_flush (paced);
  g_assert_cmpuint (change.calls, ==, 2);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 8);
  g_assert_cmpuint (change.added, ==, 8);
  g_assert_cmpuint (herald_paced_list_get_offset (paced), ==, 20042);
  assert_tail_items (G_LIST_MODEL (paced), G_LIST_MODEL (store), 20042);

  /* A few: the first few go, the others stay. */
  append (store, 3);
  herald_paced_list_flush (paced);
  g_assert_cmpuint (change.calls, ==, 3);
  g_assert_cmpuint (change.removed, ==, 8);
  g_assert_cmpuint (change.added, ==, 8);
  assert_tail_items (G_LIST_MODEL (paced), G_LIST_MODEL (store), 20045);

  /* The oldest go (a memory limit): nothing shown changes. */
  g_list_store_splice (store, 0, 45, NULL, 0);
  g_assert_cmpuint (change.calls, ==, 3);
  g_assert_cmpuint (herald_paced_list_get_offset (paced), ==, 20000);
  assert_tail_items (G_LIST_MODEL (paced), G_LIST_MODEL (store), 20000);

  /* Longer: the items before come back at the start. */
  herald_paced_list_set_tail (paced, 10);
  g_assert_cmpuint (change.calls, ==, 4);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 2);
  assert_tail_items (G_LIST_MODEL (paced), G_LIST_MODEL (store), 19998);

  /* Lifted: all of them. */
  herald_paced_list_set_tail (paced, 0);
  g_assert_cmpuint (change.calls, ==, 5);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 19998);
  g_assert_cmpuint (change.n_items, ==, 20008);
  assert_same_items (G_LIST_MODEL (paced), G_LIST_MODEL (store));

  /* A tail again, then a clear: nothing, and nothing left out. */
  herald_paced_list_set_tail (paced, 4);
  g_list_store_remove_all (store);
  g_assert_cmpuint (change.calls, ==, 7);
  g_assert_cmpuint (change.removed, ==, 4);
  g_assert_cmpuint (change.n_items, ==, 0);
  g_assert_cmpuint (herald_paced_list_get_offset (paced), ==, 0);
  append (store, 2);
  herald_paced_list_flush (paced);
  g_assert_cmpuint (change.calls, ==, 8);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 2);
  assert_same_items (G_LIST_MODEL (paced), G_LIST_MODEL (store));
}

/* Under a flood (a batch every 5 ms for a second), what the list passes on
 * is never much older than its interval: it was held back four times as
 * long once, so a view showed a second-old newest entry. The bound leaves
 * room for a loaded machine (a timer late by up to 150 ms), not for that. */
typedef struct
{
  GListStore *store;
  guint       batches;
  gint64      last_change;
  gint64      longest;
  GMainLoop  *loop;
} Flood;

static void
flood_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Flood      *flood)
{
  gint64 now = g_get_monotonic_time ();

  if (flood->last_change > 0)
    flood->longest = MAX (flood->longest, now - flood->last_change);
  flood->last_change = now;
}

static gboolean
flood_batch_cb (gpointer data)
{
  Flood *flood = data;

  append (flood->store, 100);
  if (++flood->batches < 200)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (flood->loop);
  return G_SOURCE_REMOVE;
}

static void
test_flood_fresh (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(HeraldPacedList) paced = herald_paced_list_new (G_LIST_MODEL (store), 100);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Flood flood = { store, 0, 0, 0, loop };

  herald_paced_list_set_tail (paced, 20);
  g_signal_connect (paced, "items-changed", G_CALLBACK (flood_changed_cb), &flood);
  g_timeout_add (5, flood_batch_cb, &flood);
  g_main_loop_run (loop);

  g_assert_cmpint (flood.last_change, >, 0);
  g_assert_cmpint (flood.longest, >, 0);
  g_assert_cmpint (flood.longest, <, 250 * 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/paced-list/appends-paced", test_appends_paced);
  g_test_add_func ("/paced-list/other-changes-at-once", test_other_changes_at_once);
  g_test_add_func ("/paced-list/ramp", test_ramp);
  g_test_add_func ("/paced-list/tail", test_tail);
  g_test_add_func ("/paced-list/flood-fresh", test_flood_fresh);

  return g_test_run ();
}

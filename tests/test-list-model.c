/* test-list-model.c: RdxListModel and RdxListItem
 *
 * Every update is checked against a reference model: a plain array that
 * applies each items-changed signal, taking the new items from the model at
 * the time of the signal. After each signal the reference must equal what
 * the model shows (so a map update in several signals shows exactly the
 * changes signalled so far), and after each dispatch it must equal the
 * state. Random operation sequences run for fixed seeds.
 *
 * RDX_TEST_QUICK=1 (set by the valgrind setup) scales the runs down.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-list-model-private.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

static const guint32 seeds[] = { 1, 42, 20240917, 0xdeadbeef };

static guint
scaled (guint n)
{
  return g_getenv ("RDX_TEST_QUICK") != NULL ? MAX (n / 10, 1) : n;
}

/* The store: the reducer takes "state.replace" and makes its payload the
 * state, so tests build each next state from the current one with the
 * persistent operations (sharing structure, as a real reducer would). */

static RdxValue *
replace_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  if (rdx_action_is (action, "state.replace"))
    return rdx_value_ref (rdx_action_get_payload (action));
  return state != NULL ? rdx_value_ref (state) : rdx_map_new ();
}

static RdxStore *
make_store (RdxValue *items)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (replace_reducer, NULL, NULL);
  g_autoptr (RdxValue) empty = rdx_map_new ();
  g_autoptr (RdxValue) state = rdx_map_set (empty, "items", items);

  return rdx_store_new (reducer, state);
}

/* Makes "/items" @items (taken). */
static void
set_items (RdxStore *store, RdxValue *items)
{
  g_autoptr (RdxValue) next = rdx_map_set (rdx_store_get_state (store), "items", items);
  g_autoptr (GError) error = NULL;

  rdx_value_unref (items);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("state.replace", next), &error));
}

static RdxValue *
get_items (RdxStore *store)
{
  return rdx_map_get (rdx_store_get_state (store), "items");
}

/* The reference model */

typedef struct
{
  guint position, removed, added;
} Change;

typedef struct
{
  RdxListModel *model;
  GPtrArray    *values; /* RdxValue, owned */
  GPtrArray    *keys;   /* char *, owned; maps only */
  GArray       *changes;
  gboolean      check_each; /* compare with the whole model at each signal */
  gulong        handler;
} Reference;

static void
check_reference_matches_model (Reference *ref)
{
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (ref->model));

  assert_int_equal (ref->values->len, n);
  for (i = 0; i < n; i++)
    {
      g_autoptr (RdxListItem) item = g_list_model_get_item (G_LIST_MODEL (ref->model), i);

      assert_true (rdx_value_equal (rdx_list_item_get_value (item), ref->values->pdata[i]));
      if (ref->keys != NULL)
        assert_string_equal (rdx_list_item_get_key (item), ref->keys->pdata[i]);
    }
}

static void
reference_items_changed_cb (GListModel *model,
                            guint       position,
                            guint       removed,
                            guint       added,
                            Reference  *ref)
{
  Change change = { position, removed, added };
  guint  i;

  g_array_append_val (ref->changes, change);
  assert_true (position + removed <= ref->values->len);
  g_ptr_array_remove_range (ref->values, position, removed);
  if (ref->keys != NULL)
    g_ptr_array_remove_range (ref->keys, position, removed);
  for (i = 0; i < added; i++)
    {
      g_autoptr (RdxListItem) item = g_list_model_get_item (model, position + i);

      assert_non_null (item);
      g_ptr_array_insert (ref->values, position + i,
                          rdx_value_ref (rdx_list_item_get_value (item)));
      if (ref->keys != NULL)
        g_ptr_array_insert (ref->keys, position + i, g_strdup (rdx_list_item_get_key (item)));
    }
  assert_int_equal (ref->values->len, g_list_model_get_n_items (model));
  if (ref->check_each)
    check_reference_matches_model (ref);
}

static void
reference_init (Reference *ref, RdxListModel *model, gboolean is_map)
{
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (model));

  memset (ref, 0, sizeof *ref);
  ref->model = model;
  ref->values = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  ref->keys = is_map ? g_ptr_array_new_with_free_func (g_free) : NULL;
  ref->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  ref->check_each = TRUE;
  for (i = 0; i < n; i++)
    {
      g_autoptr (RdxListItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_ptr_array_add (ref->values, rdx_value_ref (rdx_list_item_get_value (item)));
      if (is_map)
        g_ptr_array_add (ref->keys, g_strdup (rdx_list_item_get_key (item)));
    }
  ref->handler =
    g_signal_connect (model, "items-changed", G_CALLBACK (reference_items_changed_cb), ref);
}

static void
reference_clear (Reference *ref)
{
  g_signal_handler_disconnect (ref->model, ref->handler);
  g_ptr_array_unref (ref->values);
  if (ref->keys != NULL)
    g_ptr_array_unref (ref->keys);
  g_array_unref (ref->changes);
}

/* The reference equals @list element by element (by pointer: the model
 * shows the state's own values). */
static void
check_reference_list (Reference *ref, RdxValue *list)
{
  RdxListIter iter;
  RdxValue   *value;
  guint       i = 0;

  assert_int_equal (ref->values->len, rdx_list_length (list));
  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &value))
    assert_ptr_equal (ref->values->pdata[i++], value);
}

static void
check_reference_map (Reference *ref, RdxValue *map)
{
  g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (map);
  guint i;

  assert_int_equal (ref->values->len, keys->len);
  for (i = 0; i < keys->len; i++)
    {
      assert_string_equal (ref->keys->pdata[i], keys->pdata[i]);
      assert_ptr_equal (ref->values->pdata[i], rdx_map_get (map, keys->pdata[i]));
    }
}

static void
assert_changes (Reference *ref, guint n, ...)
{
  va_list args;
  guint   i;

  assert_int_equal (ref->changes->len, n);
  va_start (args, n);
  for (i = 0; i < n; i++)
    {
      Change *change = &g_array_index (ref->changes, Change, i);

      assert_int_equal (change->position, va_arg (args, guint));
      assert_int_equal (change->removed, va_arg (args, guint));
      assert_int_equal (change->added, va_arg (args, guint));
    }
  va_end (args);
  g_array_set_size (ref->changes, 0);
}

/* Values */

static RdxValue *
int_list (guint n)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  guint i;

  for (i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  return rdx_list_builder_end (g_steal_pointer (&builder));
}

static RdxValue *
list_move (RdxValue *list, guint from, guint to)
{
  RdxValue *value = rdx_list_get (list, from);
  g_autoptr (RdxValue) without = NULL;

  rdx_value_ref (value);
  without = rdx_list_remove (list, from);
  list = rdx_list_insert (without, to, value);
  rdx_value_unref (value);
  return list;
}

/* Setup and teardown */

#define MODEL_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

typedef struct
{
  RdxStore     *store;
  RdxListModel *model;
  gpointer      weak_store;
  gpointer      weak_model;
} Fixture;

static void
fixture_init (Fixture *fixture, RdxValue *items)
{
  fixture->store = make_store (items);
  fixture->model = rdx_list_model_new_for_path (fixture->store, "/items");
  fixture->weak_store = fixture->store;
  fixture->weak_model = fixture->model;
  g_object_add_weak_pointer (G_OBJECT (fixture->store), &fixture->weak_store);
  g_object_add_weak_pointer (G_OBJECT (fixture->model), &fixture->weak_model);
}

static void
fixture_finish (Fixture *fixture)
{
  g_clear_object (&fixture->model);
  rdx_assert_finalized (fixture->weak_model);
  g_clear_object (&fixture->store);
  rdx_assert_finalized (fixture->weak_store);
}

/* List models */

static void
test_list_basics (void **state)
{
  g_autoptr (RdxValue) items = rdx_list_new_take (rdx_value_new_string ("a"), rdx_value_new_int (2),
                                                  rdx_value_new_null (), NULL);
  g_autoptr (RdxListItem) item = NULL;
  g_auto (GValue) boxed = G_VALUE_INIT;
  g_autofree char *text = NULL;
  GType            item_type = G_TYPE_INVALID;
  guint            n_items = 0;
  Fixture          f;

  fixture_init (&f, items);

  assert_int_equal (g_list_model_get_item_type (G_LIST_MODEL (f.model)), RDX_TYPE_LIST_ITEM);
  g_object_get (f.model, "item-type", &item_type, "n-items", &n_items, NULL);
  assert_int_equal (item_type, RDX_TYPE_LIST_ITEM);
  assert_int_equal (n_items, 3);
  assert_ptr_equal (rdx_list_model_get_store (f.model), f.store);
  assert_string_equal (rdx_selector_get_path (rdx_list_model_get_selector (f.model)), "/items");
  assert_ptr_equal (rdx_list_model_get_value (f.model), items);
  assert_null (g_list_model_get_item (G_LIST_MODEL (f.model), 3));

  item = g_list_model_get_item (G_LIST_MODEL (f.model), 0);
  assert_ptr_equal (rdx_list_item_get_value (item), rdx_list_get (items, 0));
  assert_null (rdx_list_item_get_key (item));
  g_object_get (item, "text", &text, NULL);
  assert_string_equal (text, "a");
  g_clear_pointer (&text, g_free);
  g_clear_object (&item);

  item = g_list_model_get_item (G_LIST_MODEL (f.model), 1);
  g_object_get (item, "text", &text, NULL);
  assert_string_equal (text, "2");
  g_clear_pointer (&text, g_free);
  g_value_init (&boxed, RDX_TYPE_VALUE);
  g_object_get_property (G_OBJECT (item), "value", &boxed);
  assert_ptr_equal (g_value_get_boxed (&boxed), rdx_list_get (items, 1));
  g_clear_object (&item);

  item = g_list_model_get_item (G_LIST_MODEL (f.model), 2);
  text = rdx_list_item_dup_text (item);
  assert_string_equal (text, "");
  g_clear_object (&item);

  fixture_finish (&f);
}

static void
test_list_minimal_changes (void **state)
{
  g_autoptr (RdxValue) items = int_list (10);
  Reference ref;
  Fixture   f;

  fixture_init (&f, items);
  reference_init (&ref, f.model, FALSE);

  /* append */
  set_items (f.store, rdx_list_append_take (get_items (f.store), rdx_value_new_int (10)));
  assert_changes (&ref, 1, 10, 0, 1);
  /* set */
  set_items (f.store, rdx_list_set (get_items (f.store), 4, rdx_value_new_int (40)));
  assert_changes (&ref, 1, 4, 1, 1);
  /* remove */
  set_items (f.store, rdx_list_remove (get_items (f.store), 0));
  assert_changes (&ref, 1, 0, 1, 0);
  /* insert in the middle */
  set_items (f.store, rdx_list_insert (get_items (f.store), 5, rdx_value_new_int (55)));
  assert_changes (&ref, 1, 5, 0, 1);
  /* reorder: move element 2 to 7 */
  set_items (f.store, list_move (get_items (f.store), 2, 7));
  assert_changes (&ref, 1, 2, 6, 6);
  /* nothing changed under /items */
  set_items (f.store, rdx_value_ref (get_items (f.store)));
  assert_changes (&ref, 0);
  /* replace all */
  set_items (f.store, int_list (4));
  assert_changes (&ref, 1, 0, 11, 4);
  /* to empty */
  set_items (f.store, rdx_list_new ());
  assert_changes (&ref, 1, 0, 4, 0);

  check_reference_list (&ref, get_items (f.store));
  reference_clear (&ref);
  fixture_finish (&f);
}

static void
test_list_set_in_large_list (void **state)
{
  g_autoptr (RdxValue) items = int_list (100000);
  g_autoptr (RdxListItem) kept = NULL;
  g_autoptr (RdxListItem) again = NULL;
  g_autoptr (RdxListItem) after = NULL;
  Reference ref;
  Fixture   f;

  fixture_init (&f, items);
  /* The reference reads every item once, then drops them all. */
  reference_init (&ref, f.model, FALSE);
  ref.check_each = FALSE;
  assert_int_equal (rdx_list_model_get_n_cached_for_testing (f.model), 0);

  /* Items are made lazily and shared while alive. */
  kept = g_list_model_get_item (G_LIST_MODEL (f.model), 70000);
  again = g_list_model_get_item (G_LIST_MODEL (f.model), 70000);
  assert_ptr_equal (kept, again);
  assert_int_equal (rdx_list_model_get_n_cached_for_testing (f.model), 1);

  set_items (f.store, rdx_list_set (get_items (f.store), 99990, rdx_value_new_int (-1)));
  assert_changes (&ref, 1, 99990, 1, 1);
  set_items (f.store, rdx_list_set (get_items (f.store), 3, rdx_value_new_int (-3)));
  assert_changes (&ref, 1, 3, 1, 1);

  /* An insert before a cached item moves it. */
  set_items (f.store, rdx_list_insert (get_items (f.store), 10, rdx_value_new_int (-10)));
  assert_changes (&ref, 1, 10, 0, 1);
  after = g_list_model_get_item (G_LIST_MODEL (f.model), 70001);
  assert_ptr_equal (after, kept);
  assert_int_equal (rdx_value_get_int (rdx_list_item_get_value (after)), 70000);

  /* Setting the cached item's element replaces the item. */
  g_clear_object (&after);
  g_clear_object (&again);
  set_items (f.store, rdx_list_set (get_items (f.store), 70001, rdx_value_new_int (7)));
  assert_changes (&ref, 1, 70001, 1, 1);
  assert_int_equal (rdx_list_model_get_n_cached_for_testing (f.model), 0);
  after = g_list_model_get_item (G_LIST_MODEL (f.model), 70001);
  assert_ptr_not_equal (after, kept);
  assert_int_equal (rdx_value_get_int (rdx_list_item_get_value (after)), 7);
  assert_int_equal (rdx_value_get_int (rdx_list_item_get_value (kept)), 70000);

  check_reference_list (&ref, get_items (f.store));
  reference_clear (&ref);
  g_clear_object (&after);
  assert_int_equal (rdx_list_model_get_n_cached_for_testing (f.model), 0);
  fixture_finish (&f);
  /* An item outlives its model. */
  assert_int_equal (rdx_value_get_int (rdx_list_item_get_value (kept)), 70000);
}

/* A random next list: one operation, sometimes several. */
static RdxValue *
random_list_step (GRand *rand, RdxValue *list, guint *counter)
{
  guint n = rdx_list_length (list);
  guint op = g_rand_int_range (rand, 0, 100);

  if (n == 0 || op < 25)
    return rdx_list_insert (list, g_rand_int_range (rand, 0, n + 1),
                            rdx_value_new_int ((*counter)++));
  if (op < 40)
    return rdx_list_append_take (list, rdx_value_new_int ((*counter)++));
  if (op < 60)
    return rdx_list_set (list, g_rand_int_range (rand, 0, n), rdx_value_new_int ((*counter)++));
  if (op < 78)
    return rdx_list_remove (list, g_rand_int_range (rand, 0, n));
  if (op < 88)
    return list_move (list, g_rand_int_range (rand, 0, n), g_rand_int_range (rand, 0, n));
  if (op < 93)
    {
      /* Several changes in one dispatch. */
      g_autoptr (RdxValue) first = random_list_step (rand, list, counter);

      return random_list_step (rand, first, counter);
    }
  if (op < 96)
    return int_list (g_rand_int_range (rand, 0, 40));
  return rdx_value_ref (list);
}

static void
test_list_random (void **state)
{
  guint s;

  for (s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr (GRand) rand = g_rand_new_with_seed (seeds[s]);
      g_autoptr (RdxValue) items = int_list (20);
      guint counter = 1000, step, steps = scaled (3000);
      g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
      Reference ref;
      Fixture   f;

      fixture_init (&f, items);
      reference_init (&ref, f.model, FALSE);

      for (step = 0; step < steps; step++)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (f.model));

          /* Hold some items, as a view would, so the cache moves. */
          if (n > 0 && g_rand_int_range (rand, 0, 3) == 0)
            g_ptr_array_add (
              held, g_list_model_get_item (G_LIST_MODEL (f.model), g_rand_int_range (rand, 0, n)));
          if (held->len > 8)
            g_ptr_array_remove_index (held, g_rand_int_range (rand, 0, held->len));

          set_items (f.store, random_list_step (rand, get_items (f.store), &counter));
          check_reference_list (&ref, get_items (f.store));
          g_array_set_size (ref.changes, 0);
        }

      reference_clear (&ref);
      g_ptr_array_set_size (held, 0);
      fixture_finish (&f);
    }
}

/* Map models */

static RdxValue *
key_map (guint n, guint stride)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  guint i;

  for (i = 0; i < n; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "k%05u", i * stride);
      rdx_map_builder_set_take (builder, key, rdx_value_new_int (i * stride));
    }
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

static void
test_map_basics (void **state)
{
  g_autoptr (RdxValue) items = key_map (5, 10);
  g_autoptr (RdxListItem) item = NULL;
  g_autofree char *key = NULL;
  Reference        ref;
  Fixture          f;

  fixture_init (&f, items);
  reference_init (&ref, f.model, TRUE);

  /* Sorted by key. */
  item = g_list_model_get_item (G_LIST_MODEL (f.model), 1);
  assert_string_equal (rdx_list_item_get_key (item), "k00010");
  g_object_get (item, "key", &key, NULL);
  assert_string_equal (key, "k00010");
  assert_int_equal (rdx_value_get_int (rdx_list_item_get_value (item)), 10);
  g_clear_object (&item);

  /* A new key in the middle, at the end, at the start. */
  set_items (f.store, rdx_map_set_take (get_items (f.store), "k00015", rdx_value_new_int (15)));
  assert_changes (&ref, 1, 2, 0, 1);
  set_items (f.store, rdx_map_set_take (get_items (f.store), "z", rdx_value_new_int (0)));
  assert_changes (&ref, 1, 6, 0, 1);
  set_items (f.store, rdx_map_set_take (get_items (f.store), "a", rdx_value_new_int (0)));
  assert_changes (&ref, 1, 0, 0, 1);
  /* A value changed. */
  set_items (f.store, rdx_map_set_take (get_items (f.store), "k00020", rdx_value_new_int (21)));
  assert_changes (&ref, 1, 4, 1, 1);
  /* A key removed. */
  set_items (f.store, rdx_map_remove (get_items (f.store), "k00000"));
  assert_changes (&ref, 1, 1, 1, 0);
  /* An equal value set again: no change. */
  set_items (f.store, rdx_map_set_take (get_items (f.store), "z", rdx_value_new_int (0)));
  assert_changes (&ref, 0);
  /* A change deep inside a value is a change of that entry. */
  {
    g_autoptr (RdxValue) record =
      rdx_map_new_take ("balance", rdx_value_new_int (5), "name", rdx_value_new_string ("x"), NULL);
    g_autoptr (RdxValue) richer = NULL;

    set_items (f.store, rdx_map_set (get_items (f.store), "k00030", record));
    assert_changes (&ref, 1, 4, 1, 1);
    richer =
      rdx_value_set_path (get_items (f.store), "/k00030/balance", rdx_value_new_int (6), NULL);
    set_items (f.store, g_steal_pointer (&richer));
    assert_changes (&ref, 1, 4, 1, 1);
  }
  /* Keys that need escaping in a path. */
  set_items (f.store, rdx_map_set_take (get_items (f.store), "a/b~c", rdx_value_new_int (1)));
  assert_changes (&ref, 1, 1, 0, 1);
  set_items (f.store, rdx_map_remove (get_items (f.store), "a/b~c"));
  assert_changes (&ref, 1, 1, 1, 0);

  check_reference_map (&ref, get_items (f.store));
  reference_clear (&ref);
  fixture_finish (&f);
}

static void
test_map_several_runs (void **state)
{
  g_autoptr (RdxValue) items = key_map (100, 10);
  g_autoptr (RdxMapBuilder) builder = NULL;
  Reference ref;
  Fixture   f;
  guint     i;

  fixture_init (&f, items);
  reference_init (&ref, f.model, TRUE);

  /* Three separate places, one with two adjacent changes: three signals,
   * ascending, each position in the model of that moment. */
  builder = rdx_map_builder_new (get_items (f.store));
  rdx_map_builder_remove (builder, "k00100");                             /* position 10 */
  rdx_map_builder_set_take (builder, "k00105", rdx_value_new_int (1));    /* new, after it */
  rdx_map_builder_set_take (builder, "k00500", rdx_value_new_int (-500)); /* position 50 */
  rdx_map_builder_set_take (builder, "k00501", rdx_value_new_int (1));    /* new, next */
  rdx_map_builder_set_take (builder, "k00502", rdx_value_new_int (1));
  rdx_map_builder_remove (builder, "k00990"); /* the last */
  set_items (f.store, rdx_map_builder_end (g_steal_pointer (&builder)));
  assert_changes (&ref, 3, 10, 1, 1, 50, 1, 3, 101, 1, 0);

  /* Every other key changed: more runs than the model signals one by one,
   * so one reset. */
  builder = rdx_map_builder_new (get_items (f.store));
  for (i = 0; i < 100; i += 2)
    {
      char key[16];

      g_snprintf (key, sizeof key, "k%05u", i * 10);
      rdx_map_builder_set_take (builder, key, rdx_value_new_int (-1));
    }
  set_items (f.store, rdx_map_builder_end (g_steal_pointer (&builder)));
  assert_changes (&ref, 1, 0, 101, 102);

  /* Replace all (no key or value in common): one run. */
  builder = rdx_map_builder_new (NULL);
  for (i = 0; i < 30; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "r%05u", i);
      rdx_map_builder_set_take (builder, key, rdx_value_new_int (i));
    }
  set_items (f.store, rdx_map_builder_end (g_steal_pointer (&builder)));
  assert_changes (&ref, 1, 0, 102, 30);

  check_reference_map (&ref, get_items (f.store));
  reference_clear (&ref);
  fixture_finish (&f);
}

static RdxValue *
random_map_step (GRand *rand, RdxValue *map, guint *counter)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (map);
  g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (map);
  guint n_ops = g_rand_int_range (rand, 0, 100) < 70 ? 1 : g_rand_int_range (rand, 2, 12);
  guint i;

  if (g_rand_int_range (rand, 0, 100) < 2)
    return key_map (g_rand_int_range (rand, 0, 50), g_rand_int_range (rand, 1, 5));

  for (i = 0; i < n_ops; i++)
    {
      guint op = g_rand_int_range (rand, 0, 100);
      char  key[16];

      g_snprintf (key, sizeof key, "k%05d", g_rand_int_range (rand, 0, 300));
      if (op < 40 || keys->len == 0)
        rdx_map_builder_set_take (builder, key, rdx_value_new_int ((*counter)++));
      else if (op < 70)
        rdx_map_builder_set_take (builder, keys->pdata[g_rand_int_range (rand, 0, keys->len)],
                                  rdx_value_new_int ((*counter)++));
      else
        rdx_map_builder_remove (builder, keys->pdata[g_rand_int_range (rand, 0, keys->len)]);
    }
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

static void
test_map_random (void **state)
{
  guint s;

  for (s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr (GRand) rand = g_rand_new_with_seed (seeds[s]);
      g_autoptr (RdxValue) items = key_map (40, 3);
      g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
      guint     counter = 1000, step, steps = scaled (2000);
      Reference ref;
      Fixture   f;

      fixture_init (&f, items);
      reference_init (&ref, f.model, TRUE);

      for (step = 0; step < steps; step++)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (f.model));

          if (n > 0 && g_rand_int_range (rand, 0, 3) == 0)
            g_ptr_array_add (
              held, g_list_model_get_item (G_LIST_MODEL (f.model), g_rand_int_range (rand, 0, n)));
          if (held->len > 8)
            g_ptr_array_remove_index (held, g_rand_int_range (rand, 0, held->len));

          set_items (f.store, random_map_step (rand, get_items (f.store), &counter));
          check_reference_map (&ref, get_items (f.store));
          g_array_set_size (ref.changes, 0);
        }

      reference_clear (&ref);
      g_ptr_array_set_size (held, 0);
      fixture_finish (&f);
    }
}

/* Changes of kind */

static void
test_kind_changes (void **state)
{
  g_autoptr (RdxValue) items = int_list (3);
  Reference ref;
  Fixture   f;

  fixture_init (&f, items);
  reference_init (&ref, f.model, FALSE);

  /* A list becomes a map, a number, nothing, a list again. */
  set_items (f.store, key_map (2, 1));
  assert_changes (&ref, 1, 0, 3, 2);
  set_items (f.store, rdx_value_new_int (4));
  assert_changes (&ref, 1, 0, 2, 0);
  assert_null (rdx_list_model_get_value (f.model));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (RdxValue) next = rdx_map_remove (rdx_store_get_state (f.store), "items");

    assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("state.replace", next), &error));
    assert_changes (&ref, 0);
    assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.model)), 0);
  }
  set_items (f.store, int_list (2));
  assert_changes (&ref, 1, 0, 0, 2);

  check_reference_list (&ref, get_items (f.store));
  reference_clear (&ref);
  fixture_finish (&f);
}

/* A handler that dispatches while the model signals several runs. */

typedef struct
{
  RdxStore *store;
  gboolean  done;
} Nested;

static void
nested_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Nested     *nested)
{
  if (nested->done)
    return;
  nested->done = TRUE;
  set_items (nested->store, rdx_map_remove (get_items (nested->store), "k00050"));
}

static void
test_dispatch_from_handler (void **state)
{
  g_autoptr (RdxValue) items = key_map (10, 10);
  g_autoptr (RdxMapBuilder) builder = NULL;
  Nested    nested = { NULL, FALSE };
  Reference ref;
  Fixture   f;

  fixture_init (&f, items);
  nested.store = f.store;
  /* After the reference, so it sees the outer signal first. */
  reference_init (&ref, f.model, TRUE);
  g_signal_connect (f.model, "items-changed", G_CALLBACK (nested_items_changed_cb), &nested);

  builder = rdx_map_builder_new (get_items (f.store));
  rdx_map_builder_set_take (builder, "k00000", rdx_value_new_int (-1));
  rdx_map_builder_set_take (builder, "k00080", rdx_value_new_int (-1));
  set_items (f.store, rdx_map_builder_end (g_steal_pointer (&builder)));

  /* The first run, then the nested update (the remove and the second
   * run), then nothing more from the outer update. */
  assert_true (nested.done);
  check_reference_map (&ref, get_items (f.store));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.model)), 9);

  reference_clear (&ref);
  g_signal_handlers_disconnect_by_data (f.model, &nested);
  fixture_finish (&f);
}

static void
test_model_outlives_nothing (void **state)
{
  g_autoptr (RdxValue) items = int_list (3);
  g_autoptr (RdxListItem) item = NULL;
  RdxTestLog    log;
  RdxListModel *bad;
  Fixture       f;

  fixture_init (&f, items);
  item = g_list_model_get_item (G_LIST_MODEL (f.model), 1);

  /* The model keeps the store alive: the fixture's own reference can go,
   * and the store stays until the model does. */
  g_clear_object (&f.store);
  assert_non_null (f.weak_store);
  f.store = g_object_ref (f.weak_store);

  /* Misuse is a critical, not a crash. */
  rdx_test_log_begin (&log);
  bad = rdx_list_model_new_for_path (f.store, "items");
  assert_null (bad);
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "JSON Pointer"));
  rdx_test_log_end (&log);

  fixture_finish (&f);
  assert_int_equal (rdx_value_get_int (rdx_list_item_get_value (item)), 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    MODEL_TEST (test_list_basics),
    MODEL_TEST (test_list_minimal_changes),
    MODEL_TEST (test_list_set_in_large_list),
    MODEL_TEST (test_list_random),
    MODEL_TEST (test_map_basics),
    MODEL_TEST (test_map_several_runs),
    MODEL_TEST (test_map_random),
    MODEL_TEST (test_kind_changes),
    MODEL_TEST (test_dispatch_from_handler),
    MODEL_TEST (test_model_outlives_nothing),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

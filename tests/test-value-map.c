/* test-value-map.c: persistent maps, the map builder and iteration
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define FULL_MASK 0xffffffffu

#define MAP_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* Replaces *map by the result of setting key (takes value). */
static void
set_in (RdxValue **map, const char *key, RdxValue *value)
{
  RdxValue *next = rdx_map_set_take (*map, key, value);

  assert_non_null (next);
  rdx_value_unref (*map);
  *map = next;
}

static void
remove_in (RdxValue **map, const char *key)
{
  RdxValue *next = rdx_map_remove (*map, key);

  assert_non_null (next);
  rdx_value_unref (*map);
  *map = next;
}

static char *
key_for (guint i)
{
  return g_strdup_printf ("key-%u", i);
}

static guint *
shuffled_range (guint n, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint *order = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
  return order;
}

/* A model: key (owned string) -> value (a reference). */
static GHashTable *
model_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rdx_value_unref);
}

/* Iterates the map and returns the keys in iteration order, checking that
 * each key comes once and with the value rdx_map_get() gives. */
static GPtrArray *
iteration_keys (RdxValue *map)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  RdxMapIter  iter;
  const char *key;
  RdxValue   *value;

  rdx_map_iter_init (&iter, map);
  while (rdx_map_iter_next (&iter, &key, &value))
    {
      RdxValue *key_value = rdx_map_iter_get_key (&iter);

      assert_non_null (key);
      assert_non_null (value);
      assert_false (g_hash_table_contains (seen, key));
      assert_ptr_equal (rdx_map_get (map, key), value);
      assert_string_equal (rdx_value_get_string (key_value), key);
      g_ptr_array_add (keys, g_strdup (key));
      g_hash_table_add (seen, keys->pdata[keys->len - 1]);
    }
  /* A finished iterator stays finished. */
  assert_false (rdx_map_iter_next (&iter, &key, &value));
  assert_int_equal (keys->len, rdx_map_size (map));
  return keys;
}

/* Checks the map holds exactly what the model holds, by get and by
 * iteration. */
static void
assert_map_matches (RdxValue *map, GHashTable *model)
{
  g_autoptr (GPtrArray) keys = NULL;
  GHashTableIter it;
  gpointer       key;
  gpointer       value;

  assert_int_equal (rdx_value_get_kind (map), RDX_VALUE_MAP);
  assert_int_equal (rdx_map_size (map), g_hash_table_size (model));
  g_hash_table_iter_init (&it, model);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      assert_ptr_equal (rdx_map_get (map, key), value);
      assert_true (rdx_map_contains (map, key));
    }
  keys = iteration_keys (map);
  for (guint i = 0; i < keys->len; i++)
    assert_true (g_hash_table_contains (model, keys->pdata[i]));
}

static void
assert_same_keys_in_same_order (GPtrArray *a, GPtrArray *b)
{
  assert_int_equal (a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    assert_string_equal (a->pdata[i], b->pdata[i]);
}

/* Empty, one element */

static void
test_empty (void **state)
{
  g_autoptr (RdxValue) m = rdx_map_new ();
  g_autoptr (RdxValue) m2 = rdx_map_new ();
  g_autoptr (RdxValue) removed = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  g_autoptr (GPtrArray) sorted = NULL;
  RdxMapIter  iter;
  const char *key = "untouched";
  RdxValue   *value = NULL;

  assert_int_equal (rdx_value_get_kind (m), RDX_VALUE_MAP);
  assert_int_equal (rdx_map_size (m), 0);
  assert_null (rdx_map_get (m, "a"));
  assert_null (rdx_map_get (m, ""));
  assert_false (rdx_map_contains (m, "a"));
  assert_true (rdx_value_equal (m, m2));
  assert_int_equal (rdx_value_hash (m), rdx_value_hash (m2));

  removed = rdx_map_remove (m, "a");
  assert_ptr_equal (removed, m);

  rdx_map_iter_init (&iter, m);
  assert_false (rdx_map_iter_next (&iter, &key, &value));
  keys = iteration_keys (m);
  assert_int_equal (keys->len, 0);
  sorted = rdx_map_get_sorted_keys (m);
  assert_non_null (sorted);
  assert_int_equal (sorted->len, 0);
}

static void
test_one_element (void **state)
{
  g_autoptr (RdxValue) empty = rdx_map_new ();
  g_autoptr (RdxValue) v = rdx_value_new_string ("one");
  g_autoptr (RdxValue) m = rdx_map_set (empty, "a", v);
  g_autoptr (RdxValue) same = NULL;
  g_autoptr (RdxValue) gone = NULL;
  g_autoptr (GPtrArray) keys = NULL;

  assert_ptr_not_equal (m, empty);
  assert_int_equal (rdx_map_size (m), 1);
  assert_ptr_equal (rdx_map_get (m, "a"), v);
  assert_true (rdx_map_contains (m, "a"));
  assert_null (rdx_map_get (m, "b"));
  assert_null (rdx_map_get (m, "A"));
  assert_null (rdx_map_get (m, "a "));
  assert_false (rdx_map_contains (m, ""));
  assert_false (rdx_value_equal (m, empty));

  /* The map it came from did not change. */
  assert_int_equal (rdx_map_size (empty), 0);
  assert_null (rdx_map_get (empty, "a"));

  keys = iteration_keys (m);
  assert_int_equal (keys->len, 1);
  assert_string_equal (keys->pdata[0], "a");

  same = rdx_map_remove (m, "b");
  assert_ptr_equal (same, m);

  gone = rdx_map_remove (m, "a");
  assert_int_equal (rdx_map_size (gone), 0);
  assert_null (rdx_map_get (gone, "a"));
  assert_true (rdx_value_equal (gone, empty));
  assert_int_equal (rdx_value_hash (gone), rdx_value_hash (empty));
  assert_ptr_equal (rdx_map_get (m, "a"), v);
}

/* Many elements, with the hash mask given: all the basic operations checked
 * against a model. */
static void
check_many (guint n)
{
  g_autoptr (GHashTable) model = model_new ();
  g_autofree guint *order = shuffled_range (n, n);
  g_autoptr (RdxValue) m = rdx_map_new ();
  g_autoptr (RdxValue) full = NULL;
  g_autoptr (RdxValue) again = NULL;

  for (guint i = 0; i < n; i++)
    {
      char     *key = key_for (order[i]);
      RdxValue *v = rdx_value_new_printf ("v%u", order[i]);

      g_hash_table_replace (model, key, rdx_value_ref (v));
      set_in (&m, key, v);
      assert_int_equal (rdx_map_size (m), i + 1);
      assert_ptr_equal (rdx_map_get (m, key), v);
      if (i % (n / 10 + 1) == 0)
        assert_map_matches (m, model);
    }
  assert_map_matches (m, model);

  /* Keys that were never added, including near misses. */
  for (guint i = n; i < n + 200; i++)
    {
      g_autofree char *key = key_for (i);
      g_autofree char *prefix = g_strdup_printf ("key-%u ", i - n);
      RdxValue        *same = rdx_map_remove (m, key);

      assert_null (rdx_map_get (m, key));
      assert_null (rdx_map_get (m, prefix));
      assert_false (rdx_map_contains (m, key));
      assert_ptr_equal (same, m);
      rdx_value_unref (same);
    }

  /* Replace every tenth value; the old map keeps its values. */
  full = rdx_value_ref (m);
  for (guint i = 0; i < n; i += 10)
    {
      char     *key = key_for (i);
      RdxValue *v = rdx_value_new_printf ("w%u", i);

      g_hash_table_replace (model, key, rdx_value_ref (v));
      set_in (&m, key, v);
      assert_int_equal (rdx_map_size (m), n);
    }
  assert_map_matches (m, model);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = key_for (i);

      g_autofree char *expected = g_strdup_printf ("v%u", i);

      assert_string_equal (rdx_value_get_string (rdx_map_get (full, key)), expected);
    }
  assert_false (rdx_value_equal (full, m));

  /* Remove every third key, in a shuffled order. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = key_for (order[i]);

      if (order[i] % 3 != 0)
        continue;
      remove_in (&m, key);
      g_hash_table_remove (model, key);
      assert_null (rdx_map_get (m, key));
      assert_int_equal (rdx_map_size (m), g_hash_table_size (model));
    }
  assert_map_matches (m, model);

  /* Put them back: equal to a map built straight. */
  again = rdx_value_ref (m);
  for (guint i = 0; i < n; i += 3)
    {
      char *key = key_for (i);

      set_in (&again, key, rdx_value_new_printf ("w%u", i));
      g_free (key);
    }
  for (guint i = 0; i < n; i++)
    if (i % 10 == 0 && i % 3 != 0)
      {
        g_autofree char *key = key_for (i);
        g_autofree char *expected = g_strdup_printf ("w%u", i);

        assert_string_equal (rdx_value_get_string (rdx_map_get (again, key)), expected);
      }
  assert_int_equal (rdx_map_size (again), n);
  assert_int_equal (rdx_map_size (full), n);
}

static void
test_many (void **state)
{
  check_many (10000);
}

static void
test_sizes (void **state)
{
  /* Sizes around node widths. */
  static const guint sizes[] = { 2, 3, 8, 16, 31, 32, 33, 63, 64, 65, 100, 1023, 1024, 1025 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    check_many (sizes[i]);
}

static void
test_set_same_value_returns_same_map (void **state)
{
  g_autoptr (RdxValue) v = rdx_value_new_string ("value");
  g_autoptr (RdxValue) m =
    rdx_map_new_take ("a", rdx_value_ref (v), "b", rdx_value_new_int (5), NULL);
  gint before;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *key = key_for (i);

      set_in (&m, key, rdx_value_new_int (i));
    }
  before = rdx_value_get_live_count_for_testing ();

  {
    g_autoptr (RdxValue) same = rdx_map_set (m, "a", v);
    g_autoptr (RdxValue) same_int = rdx_map_set_take (m, "b", rdx_value_new_int (5));
    g_autoptr (RdxValue) same_deep = rdx_map_set_take (m, "key-777", rdx_value_new_int (777));
    g_autoptr (RdxValue) same_take = rdx_map_set_take (m, "a", rdx_value_ref (v));

    assert_ptr_equal (same, m);
    assert_ptr_equal (same_int, m);
    assert_ptr_equal (same_deep, m);
    assert_ptr_equal (same_take, m);
    /* Nothing was allocated, and set_take dropped the reference it took. */
    assert_int_equal (rdx_value_get_live_count_for_testing (), before);
  }

  {
    /* An equal value at another address is a new map (set does not compare
     * deeply), which stays equal to the old one. */
    g_autoptr (RdxValue) copy = rdx_value_new_string ("value");
    g_autoptr (RdxValue) other = rdx_map_set (m, "a", copy);

    assert_ptr_equal (rdx_map_get (other, "a"), copy);
    assert_true (rdx_value_equal (other, m));
  }
}

static void
test_remove_absent_returns_same_map (void **state)
{
  static const guint sizes[] = { 0, 1, 2, 50, 5000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr (RdxValue) m = rdx_map_new ();
      gint before;

      for (guint i = 0; i < sizes[s]; i++)
        {
          g_autofree char *key = key_for (i);

          set_in (&m, key, rdx_value_new_int (i));
        }
      before = rdx_value_get_live_count_for_testing ();
      for (guint i = sizes[s]; i < sizes[s] + 100; i++)
        {
          g_autofree char *key = key_for (i);
          RdxValue        *same = rdx_map_remove (m, key);

          assert_ptr_equal (same, m);
          rdx_value_unref (same);
        }
      assert_int_equal (rdx_value_get_live_count_for_testing (), before);
      assert_int_equal (rdx_map_size (m), sizes[s]);
    }
}

static void
test_remove_down_to_empty (void **state)
{
  const guint n = 3000;
  g_autoptr (GHashTable) model = model_new ();
  g_autofree guint *order = shuffled_range (n, 99);
  g_autoptr (RdxValue) m = rdx_map_new ();
  g_autoptr (RdxValue) empty = rdx_map_new ();
  g_autoptr (GPtrArray) keys = NULL;

  for (guint i = 0; i < n; i++)
    {
      RdxValue *v = rdx_value_new_printf ("%u", i);
      char     *key = key_for (i);

      g_hash_table_replace (model, key, rdx_value_ref (v));
      set_in (&m, key, v);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = key_for (order[i]);

      remove_in (&m, key);
      g_hash_table_remove (model, key);
      assert_int_equal (rdx_map_size (m), n - i - 1);
      assert_null (rdx_map_get (m, key));
      if (i % 500 == 0 || n - i < 40)
        assert_map_matches (m, model);
    }
  assert_int_equal (rdx_map_size (m), 0);
  assert_true (rdx_value_equal (m, empty));
  assert_int_equal (rdx_value_hash (m), rdx_value_hash (empty));
  keys = iteration_keys (m);
  assert_int_equal (keys->len, 0);
}

static void
test_special_keys (void **state)
{
  static const char *keys[] = {
    "",
    "/",
    "~",
    "a/b",
    "caf\xc3\xa9",
    "cafe\xcc\x81", /* the same word, decomposed: a different key */
    "\xf0\x9d\x84\x9e",
    "key with spaces",
    "a very long key that goes on and on and on and on and on and on and on and on and on",
  };
  g_autoptr (RdxValue) m = rdx_map_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    set_in (&m, keys[i], rdx_value_new_int (i));
  assert_int_equal (rdx_map_size (m), G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      assert_true (rdx_map_contains (m, keys[i]));
      assert_true (rdx_value_get_int (rdx_map_get (m, keys[i])) == i);
    }
  remove_in (&m, "");
  assert_null (rdx_map_get (m, ""));
  assert_non_null (rdx_map_get (m, "/"));
  assert_int_equal (rdx_map_size (m), G_N_ELEMENTS (keys) - 1);
}

static void
test_persistence (void **state)
{
  const guint n = 400;
  RdxValue   *versions[401];
  RdxValue   *m = rdx_map_new ();

  /* versions[i] holds keys 0..i-1, with "key-0" replaced by i in the last
   * half; then every other key is removed again. */
  versions[0] = rdx_value_ref (m);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = key_for (i);

      set_in (&m, key, rdx_value_new_int (i));
      if (i >= n / 2)
        set_in (&m, "key-0", rdx_value_new_int (i + 1000));
      versions[i + 1] = rdx_value_ref (m);
    }
  for (guint i = 0; i < n; i += 2)
    {
      g_autofree char *key = key_for (i);

      remove_in (&m, key);
    }
  assert_int_equal (rdx_map_size (m), n / 2);

  for (guint v = 0; v <= n; v++)
    {
      assert_int_equal (rdx_map_size (versions[v]), v);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *key = key_for (i);
          RdxValue        *got = rdx_map_get (versions[v], key);

          if (i >= v)
            assert_null (got);
          else if (i == 0 && v > n / 2)
            assert_true (rdx_value_get_int (got) == v - 1 + 1000);
          else
            assert_true (rdx_value_get_int (got) == i);
        }
      rdx_value_unref (versions[v]);
    }
  rdx_value_unref (m);
}

/* Iteration order */

/* Builds the key set {0..n-1} in several ways and checks that iteration
 * gives the same sequence each time. */
static void
check_iteration_order (guint n)
{
  g_autofree guint *shuffled = shuffled_range (n, 1234);
  g_autoptr (RdxValue) forward = rdx_map_new ();
  g_autoptr (RdxValue) backward = rdx_map_new ();
  g_autoptr (RdxValue) random = rdx_map_new ();
  g_autoptr (RdxValue) extra = rdx_map_new ();
  g_autoptr (RdxValue) built = NULL;
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  g_autoptr (GPtrArray) k1 = NULL;
  g_autoptr (GPtrArray) k2 = NULL;
  g_autoptr (GPtrArray) k3 = NULL;
  g_autoptr (GPtrArray) k4 = NULL;
  g_autoptr (GPtrArray) k5 = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *f = key_for (i);
      g_autofree char *b = key_for (n - 1 - i);
      g_autofree char *r = key_for (shuffled[i]);
      g_autofree char *x = key_for (n + i);

      set_in (&forward, f, rdx_value_new_int (i));
      set_in (&backward, b, rdx_value_new_int (n - 1 - i));
      set_in (&random, r, rdx_value_new_int (shuffled[i]));
      /* Interleave extra keys that are removed again later. */
      set_in (&extra, x, rdx_value_new_null ());
      set_in (&extra, r, rdx_value_new_int (shuffled[i]));
      rdx_map_builder_set_take (builder, x, rdx_value_new_null ());
      rdx_map_builder_set_take (builder, b, rdx_value_new_int (n - 1 - i));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *x = key_for (n + shuffled[i]);

      remove_in (&extra, x);
      rdx_map_builder_remove (builder, x);
    }
  built = rdx_map_builder_end (g_steal_pointer (&builder));

  k1 = iteration_keys (forward);
  k2 = iteration_keys (backward);
  k3 = iteration_keys (random);
  k4 = iteration_keys (extra);
  k5 = iteration_keys (built);
  assert_int_equal (k1->len, n);
  assert_same_keys_in_same_order (k1, k2);
  assert_same_keys_in_same_order (k1, k3);
  assert_same_keys_in_same_order (k1, k4);
  assert_same_keys_in_same_order (k1, k5);
  assert_true (rdx_value_equal (forward, extra));
  assert_true (rdx_value_equal (backward, built));
  assert_int_equal (rdx_value_hash (random), rdx_value_hash (built));
}

static void
test_iteration_order (void **state)
{
  check_iteration_order (1);
  check_iteration_order (7);
  check_iteration_order (100);
  check_iteration_order (3000);
}

static void
test_iteration_order_collisions (void **state)
{
  /* Keys in collision nodes must be ordered by content, not by insertion. */
  rdx_value_set_hash_mask_for_testing (0);
  check_iteration_order (60);
  rdx_value_set_hash_mask_for_testing (0x3);
  check_iteration_order (600);
  rdx_value_set_hash_mask_for_testing (0xff00);
  check_iteration_order (2000);
}

static void
test_iter_get_key (void **state)
{
  g_autoptr (RdxValue) m =
    rdx_map_new_take ("alpha", rdx_value_new_int (1), "beta", rdx_value_new_int (2), NULL);
  RdxMapIter  iter;
  const char *key;
  RdxValue   *value;
  guint       n = 0;

  rdx_map_iter_init (&iter, m);
  while (rdx_map_iter_next (&iter, &key, &value))
    {
      RdxValue *k = rdx_map_iter_get_key (&iter);

      assert_int_equal (rdx_value_get_kind (k), RDX_VALUE_STRING);
      assert_string_equal (rdx_value_get_string (k), key);
      /* The key value lives as long as the map. */
      assert_ptr_equal (rdx_value_get_string (k), key);
      n++;
    }
  assert_int_equal (n, 2);

  /* NULL out-parameters are allowed. */
  n = 0;
  rdx_map_iter_init (&iter, m);
  while (rdx_map_iter_next (&iter, NULL, NULL))
    n++;
  assert_int_equal (n, 2);
}

/* Collisions */

static void
test_collisions_all (void **state)
{
  /* Every key has the same hash. */
  rdx_value_set_hash_mask_for_testing (0);
  check_many (300);
}

static void
test_collisions_partial (void **state)
{
  /* Four hashes in all: large collision nodes. */
  rdx_value_set_hash_mask_for_testing (0x3);
  check_many (2000);
}

static void
test_collisions_deep (void **state)
{
  /* High bits only: the keys share the first levels of the trie and
   * collide in groups. */
  rdx_value_set_hash_mask_for_testing (0xf0000001);
  check_many (3000);
}

static void
test_collisions_equality (void **state)
{
  g_autofree guint *order = shuffled_range (200, 5);
  g_autoptr (RdxValue) a = rdx_map_new ();
  g_autoptr (RdxValue) b = rdx_map_new ();
  g_autoptr (RdxValue) c = NULL;
  g_autoptr (RdxValue) d = NULL;

  rdx_value_set_hash_mask_for_testing (0);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *ka = key_for (i);
      g_autofree char *kb = key_for (order[i]);

      set_in (&a, ka, rdx_value_new_int (i));
      set_in (&b, kb, rdx_value_new_int (order[i]));
    }
  assert_true (rdx_value_equal (a, b));
  assert_int_equal (rdx_value_hash (a), rdx_value_hash (b));
  assert_int_equal (rdx_value_compare (a, b), 0);

  c = rdx_map_set_take (a, "key-150", rdx_value_new_int (-150));
  assert_false (rdx_value_equal (c, b));
  d = rdx_map_remove (b, "key-0");
  assert_false (rdx_value_equal (d, a));
  assert_false (rdx_value_equal (a, d));

  /* Down to one and zero entries from a collision node. */
  for (guint i = 0; i < 199; i++)
    {
      g_autofree char *k = key_for (order[i]);

      remove_in (&b, k);
    }
  assert_int_equal (rdx_map_size (b), 1);
  {
    g_autofree char *last = key_for (order[199]);
    g_autoptr (RdxValue) single = rdx_map_new_take (last, rdx_value_new_int (order[199]), NULL);

    assert_true (rdx_value_get_int (rdx_map_get (b, last)) == order[199]);
    assert_true (rdx_value_equal (b, single));
    assert_int_equal (rdx_value_hash (b), rdx_value_hash (single));
    remove_in (&b, last);
  }
  assert_int_equal (rdx_map_size (b), 0);
}

static void
test_update_cost (void **state)
{
  /* An update copies only the path to its key: O(log n) new objects, in a
   * map of 100,000 keys, whatever the key. */
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  g_autoptr (RdxValue) m = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (8);
  gint worst_set = 0;
  gint worst_add = 0;
  gint worst_remove = 0;

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_set_take (builder, key, rdx_value_new_int (i));
    }
  m = rdx_map_builder_end (g_steal_pointer (&builder));

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *key = key_for (g_rand_int_range (rand, 0, 100000));
      g_autofree char *new_key = key_for (100000 + i);
      gint             before = rdx_value_get_live_count_for_testing ();
      RdxValue        *set = rdx_map_set_take (m, key, rdx_value_new_int (-1));
      gint             after_set = rdx_value_get_live_count_for_testing ();
      RdxValue        *added = rdx_map_set_take (m, new_key, rdx_value_new_int (-1));
      gint             after_add = rdx_value_get_live_count_for_testing ();
      RdxValue        *removed = rdx_map_remove (m, key);
      gint             after_remove = rdx_value_get_live_count_for_testing ();

      worst_set = MAX (worst_set, after_set - before);
      worst_add = MAX (worst_add, after_add - after_set);
      worst_remove = MAX (worst_remove, after_remove - after_add);
      rdx_value_unref (set);
      rdx_value_unref (added);
      rdx_value_unref (removed);
      assert_int_equal (rdx_value_get_live_count_for_testing (), before);
    }
  /* At most one node per level of the trie (32 hash bits, 3 to 5 of them
   * a level, then maybe a collision node); the root shares the map's
   * allocation, and an added key is one more object. Copying the map, or
   * even one whole level of it, would cost thousands. */
  assert_true (worst_set >= 1);
  assert_true (worst_set <= 13);
  assert_true (worst_add <= 14);
  assert_true (worst_remove <= 13);
}

static void
test_iterate_while_deriving (void **state)
{
  /* An iterator over a map keeps walking the same entries while new
   * versions are derived from it, by updates and by builders. */
  g_autoptr (RdxValue) m = rdx_map_new ();
  g_autoptr (GHashTable) model = model_new ();
  RdxMapIter  iter;
  const char *key;
  RdxValue   *value;
  guint       n = 0;

  for (guint i = 0; i < 2000; i++)
    {
      char     *k = key_for (i);
      RdxValue *v = rdx_value_new_int (i);

      g_hash_table_replace (model, k, rdx_value_ref (v));
      set_in (&m, k, v);
    }

  rdx_map_iter_init (&iter, m);
  while (rdx_map_iter_next (&iter, &key, &value))
    {
      g_autoptr (RdxValue) set = rdx_map_set_take (m, key, rdx_value_new_string ("x"));
      g_autoptr (RdxValue) removed = rdx_map_remove (m, key);
      g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (m);
      g_autoptr (RdxValue) built = NULL;

      rdx_map_builder_remove (builder, key);
      rdx_map_builder_set_take (builder, "extra", rdx_value_new_null ());
      built = rdx_map_builder_end (g_steal_pointer (&builder));

      assert_ptr_equal (g_hash_table_lookup (model, key), value);
      assert_null (rdx_map_get (removed, key));
      assert_null (rdx_map_get (built, key));
      n++;
    }
  assert_int_equal (n, 2000);
  assert_map_matches (m, model);
}

typedef struct
{
  RdxValue *map;
  guint     hash;
  gboolean  ok;
} HashThreadData;

static gpointer
hash_thread_cb (gpointer data)
{
  HashThreadData *td = data;
  g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (td->map);

  td->hash = rdx_value_hash (td->map);
  td->ok = keys->len == rdx_map_size (td->map);
  for (guint i = 0; i < keys->len && td->ok; i++)
    td->ok = rdx_map_get (td->map, keys->pdata[i]) != NULL;
  return NULL;
}

static void
test_concurrent_readers (void **state)
{
  /* Values are immutable, so threads may read one at once, including the
   * hash each map computes once and keeps. */
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  g_autoptr (RdxValue) m = NULL;
  g_autoptr (RdxValue) copy = NULL;
  HashThreadData td[4];
  GThread       *threads[4];

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_set_take (builder, key, rdx_value_new_printf ("%u", i));
    }
  m = rdx_map_builder_end (g_steal_pointer (&builder));
  copy = rdx_map_set_take (m, "key-0", rdx_value_new_string ("0"));

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      td[i].map = i % 2 ? m : copy;
      threads[i] = g_thread_new ("reader", hash_thread_cb, &td[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      assert_true (td[i].ok);
      assert_int_equal (td[i].hash, td[i % 2].hash);
    }
  assert_int_equal (td[0].hash, td[1].hash); /* equal maps, equal hashes */
  assert_int_equal (rdx_value_hash (m), td[1].hash);
}

/* Taking constructors */

static void
test_set_take (void **state)
{
  g_autoptr (RdxValue) m = rdx_map_new ();
  RdxValue *s = rdx_value_new_string ("taken");
  RdxValue *m2;
  RdxValue *m3;
  gint      before;

  m2 = rdx_map_set_take (m, "k", s); /* s now belongs to m2 */
  assert_ptr_equal (rdx_map_get (m2, "k"), s);
  assert_int_equal (rdx_map_size (m), 0);

  /* Replacing a taken value releases it with the map. */
  before = rdx_value_get_live_count_for_testing ();
  m3 = rdx_map_set_take (m2, "k", rdx_value_new_string ("other"));
  assert_string_equal (rdx_value_get_string (rdx_map_get (m3, "k")), "other");
  assert_string_equal (rdx_value_get_string (rdx_map_get (m2, "k")), "taken");
  rdx_value_unref (m2);
  assert_string_equal (rdx_value_get_string (rdx_map_get (m3, "k")), "other");
  assert_true (rdx_value_get_live_count_for_testing () <= before + 1);
  rdx_value_unref (m3);
}

static void
test_new_take (void **state)
{
  g_autoptr (RdxValue) empty = rdx_map_new_take (NULL, NULL);
  g_autoptr (RdxValue) m =
    rdx_map_new_take ("id", rdx_value_new_string ("acc-1"), "balance", rdx_value_new_int (1050),
                      "tags", rdx_list_new_take (rdx_value_new_string ("x"), NULL), NULL);
  g_autoptr (RdxValue) built = NULL;

  assert_int_equal (rdx_value_get_kind (empty), RDX_VALUE_MAP);
  assert_int_equal (rdx_map_size (empty), 0);
  assert_int_equal (rdx_map_size (m), 3);
  assert_string_equal (rdx_value_get_string (rdx_map_get (m, "id")), "acc-1");
  assert_true (rdx_value_get_int (rdx_map_get (m, "balance")) == 1050);
  assert_int_equal (rdx_list_length (rdx_map_get (m, "tags")), 1);

  built = rdx_map_new ();
  set_in (&built, "tags", rdx_list_new_take (rdx_value_new_string ("x"), NULL));
  set_in (&built, "balance", rdx_value_new_int (1050));
  set_in (&built, "id", rdx_value_new_string ("acc-1"));
  assert_true (rdx_value_equal (m, built));
}

static void
test_new_take_duplicate_key (void **state)
{
  /* The last value given for a key wins; the others are released. */
  g_autoptr (RdxValue) m =
    rdx_map_new_take ("a", rdx_value_new_string ("first"), "b", rdx_value_new_int (2), "a",
                      rdx_value_new_string ("second"), NULL);

  assert_int_equal (rdx_map_size (m), 2);
  assert_string_equal (rdx_value_get_string (rdx_map_get (m, "a")), "second");
}

/* Builder */

static void
test_builder_from_null (void **state)
{
  const guint n = 5000;
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  g_autoptr (GHashTable) model = model_new ();
  g_autoptr (RdxValue) m = NULL;
  g_autoptr (RdxValue) direct = rdx_map_new ();

  assert_int_equal (rdx_map_builder_size (builder), 0);
  assert_null (rdx_map_builder_get (builder, "key-1"));
  for (guint i = 0; i < n; i++)
    {
      char     *key = key_for (i);
      RdxValue *v = rdx_value_new_printf ("%u", i);

      rdx_map_builder_set (builder, key, v);
      assert_ptr_equal (rdx_map_builder_get (builder, key), v);
      assert_int_equal (rdx_map_builder_size (builder), i + 1);
      g_hash_table_replace (model, key, v);
    }
  /* Overwrite, remove, remove again, remove absent. */
  for (guint i = 0; i < n; i += 7)
    {
      char     *key = key_for (i);
      RdxValue *v = rdx_value_new_printf ("again %u", i);

      rdx_map_builder_set (builder, key, v);
      assert_ptr_equal (rdx_map_builder_get (builder, key), v);
      g_hash_table_replace (model, key, v);
    }
  for (guint i = 0; i < n; i += 5)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_remove (builder, key);
      rdx_map_builder_remove (builder, key);
      assert_null (rdx_map_builder_get (builder, key));
      g_hash_table_remove (model, key);
    }
  rdx_map_builder_remove (builder, "absent");
  assert_int_equal (rdx_map_builder_size (builder), g_hash_table_size (model));

  m = rdx_map_builder_end (g_steal_pointer (&builder));
  assert_map_matches (m, model);

  {
    GHashTableIter it;
    gpointer       key;
    gpointer       value;

    g_hash_table_iter_init (&it, model);
    while (g_hash_table_iter_next (&it, &key, &value))
      {
        RdxValue *next = rdx_map_set (direct, key, value);

        rdx_value_unref (direct);
        direct = next;
      }
  }
  assert_true (rdx_value_equal (m, direct));
  assert_int_equal (rdx_value_hash (m), rdx_value_hash (direct));
}

static void
test_builder_empty_end (void **state)
{
  RdxMapBuilder *builder = rdx_map_builder_new (NULL);
  g_autoptr (RdxValue) m = rdx_map_builder_end (builder);

  assert_int_equal (rdx_value_get_kind (m), RDX_VALUE_MAP);
  assert_int_equal (rdx_map_size (m), 0);
}

static void
test_builder_from_base (void **state)
{
  g_autoptr (RdxValue) base = rdx_map_new ();
  g_autoptr (GHashTable) base_model = model_new ();
  g_autoptr (GHashTable) model = model_new ();
  g_autoptr (RdxMapBuilder) builder = NULL;
  g_autoptr (RdxValue) result = NULL;
  g_autoptr (GPtrArray) base_order = NULL;
  g_autoptr (GPtrArray) base_order_after = NULL;
  guint base_hash;

  for (guint i = 0; i < 2000; i++)
    {
      char     *key = key_for (i);
      RdxValue *v = rdx_value_new_printf ("base %u", i);

      g_hash_table_insert (base_model, g_strdup (key), rdx_value_ref (v));
      g_hash_table_insert (model, g_strdup (key), rdx_value_ref (v));
      set_in (&base, key, v);
      g_free (key);
    }
  base_order = iteration_keys (base);
  base_hash = rdx_value_hash (base);

  builder = rdx_map_builder_new (base);
  assert_int_equal (rdx_map_builder_size (builder), 2000);
  assert_ptr_equal (rdx_map_builder_get (builder, "key-5"), rdx_map_get (base, "key-5"));

  /* New keys, overwritten keys, removed keys. */
  for (guint i = 1500; i < 3000; i++)
    {
      char *key = key_for (i);

      rdx_map_builder_set_take (builder, key, rdx_value_new_printf ("new %u", i));
      g_hash_table_replace (model, key, rdx_value_ref (rdx_map_builder_get (builder, key)));
    }
  for (guint i = 0; i < 2000; i += 3)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_remove (builder, key);
      g_hash_table_remove (model, key);
    }
  assert_int_equal (rdx_map_builder_size (builder), g_hash_table_size (model));

  /* The base did not change while the builder worked... */
  assert_map_matches (base, base_model);
  result = rdx_map_builder_end (g_steal_pointer (&builder));
  assert_map_matches (result, model);

  /* ...nor after. */
  assert_map_matches (base, base_model);
  base_order_after = iteration_keys (base);
  assert_same_keys_in_same_order (base_order, base_order_after);
  assert_int_equal (rdx_value_hash (base), base_hash);
}

static void
test_builder_no_changes (void **state)
{
  g_autoptr (RdxValue) base = rdx_map_new_take ("a", rdx_value_new_int (1), NULL);
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (base);
  g_autoptr (RdxValue) result = NULL;

  rdx_map_builder_remove (builder, "absent");
  result = rdx_map_builder_end (g_steal_pointer (&builder));
  assert_true (rdx_value_equal (result, base));
}

static void
test_builder_chained (void **state)
{
  /* A map made by a builder is as immutable as any other: a second builder
   * started from it must not write into its nodes. */
  g_autoptr (RdxMapBuilder) b1 = rdx_map_builder_new (NULL);
  g_autoptr (RdxMapBuilder) b2 = NULL;
  g_autoptr (RdxMapBuilder) b3 = NULL;
  g_autoptr (RdxValue) first = NULL;
  g_autoptr (RdxValue) second = NULL;
  g_autoptr (RdxValue) third = NULL;
  g_autoptr (RdxValue) by_set = NULL;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_set_take (b1, key, rdx_value_new_int (i));
    }
  first = rdx_map_builder_end (g_steal_pointer (&b1));

  b2 = rdx_map_builder_new (first);
  b3 = rdx_map_builder_new (first);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_set_take (b2, key, rdx_value_new_int (-(gint64) i - 1));
      if (i % 2)
        rdx_map_builder_remove (b3, key);
    }
  /* Using the map while builders derived from it are alive. */
  by_set = rdx_map_set_take (first, "key-10", rdx_value_new_string ("x"));

  second = rdx_map_builder_end (g_steal_pointer (&b2));
  third = rdx_map_builder_end (g_steal_pointer (&b3));

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *key = key_for (i);

      assert_true (rdx_value_get_int (rdx_map_get (first, key)) == i);
      assert_true (rdx_value_get_int (rdx_map_get (second, key)) == -(gint64) i - 1);
      if (i % 2)
        assert_null (rdx_map_get (third, key));
      else
        assert_true (rdx_value_get_int (rdx_map_get (third, key)) == i);
      if (i != 10)
        assert_true (rdx_value_get_int (rdx_map_get (by_set, key)) == i);
    }
  assert_string_equal (rdx_value_get_string (rdx_map_get (by_set, "key-10")), "x");
  assert_int_equal (rdx_map_size (first), 1000);
  assert_int_equal (rdx_map_size (second), 1000);
  assert_int_equal (rdx_map_size (third), 500);
}

static void
test_builder_free_without_end (void **state)
{
  g_autoptr (RdxValue) base = rdx_map_new_take ("keep", rdx_value_new_string ("me"), NULL);
  gint           before = rdx_value_get_live_count_for_testing ();
  RdxMapBuilder *builder = rdx_map_builder_new (base);

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_set_take (builder, key, rdx_value_new_printf ("%u", i));
    }
  rdx_map_builder_remove (builder, "keep");
  rdx_map_builder_free (builder);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);
  assert_int_equal (rdx_map_size (base), 1);
  assert_string_equal (rdx_value_get_string (rdx_map_get (base, "keep")), "me");
}

static void
test_builder_collisions (void **state)
{
  g_autoptr (RdxMapBuilder) builder = NULL;
  g_autoptr (GHashTable) model = model_new ();
  g_autoptr (RdxValue) base = rdx_map_new ();
  g_autoptr (RdxValue) result = NULL;
  g_autoptr (GHashTable) base_model = model_new ();

  rdx_value_set_hash_mask_for_testing (0x3);
  for (guint i = 0; i < 400; i++)
    {
      char     *key = key_for (i);
      RdxValue *v = rdx_value_new_int (i);

      g_hash_table_insert (base_model, g_strdup (key), rdx_value_ref (v));
      g_hash_table_insert (model, g_strdup (key), rdx_value_ref (v));
      set_in (&base, key, v);
      g_free (key);
    }
  builder = rdx_map_builder_new (base);
  for (guint i = 200; i < 600; i++)
    {
      char *key = key_for (i);

      rdx_map_builder_set_take (builder, key, rdx_value_new_int (i * 10));
      g_hash_table_replace (model, key, rdx_value_new_int (i * 10));
    }
  for (guint i = 0; i < 600; i += 4)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_remove (builder, key);
      g_hash_table_remove (model, key);
    }
  assert_int_equal (rdx_map_builder_size (builder), g_hash_table_size (model));
  result = rdx_map_builder_end (g_steal_pointer (&builder));
  assert_map_matches (result, model);
  assert_map_matches (base, base_model);
}

/* Sorted keys */

static void
test_sorted_keys (void **state)
{
  static const char *keys[] = { "b", "a", "", "ab", "B", "caf\xc3\xa9", "cafe", "a0", "~" };
  static const char *sorted_expected[] = {
    "", "B", "a", "a0", "ab", "b", "cafe", "caf\xc3\xa9", "~"
  };
  g_autoptr (RdxValue) m = rdx_map_new ();
  g_autoptr (GPtrArray) sorted = NULL;
  g_autoptr (RdxValue) big = rdx_map_new ();
  g_autoptr (GPtrArray) big_sorted = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    set_in (&m, keys[i], rdx_value_new_int (i));
  sorted = rdx_map_get_sorted_keys (m);
  assert_int_equal (sorted->len, G_N_ELEMENTS (keys));
  for (guint i = 0; i < sorted->len; i++)
    assert_string_equal ((const char *) sorted->pdata[i], sorted_expected[i]);

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *key = key_for ((i * 7919) % 5000);

      set_in (&big, key, rdx_value_new_null ());
    }
  big_sorted = rdx_map_get_sorted_keys (big);
  assert_int_equal (big_sorted->len, 5000);
  for (guint i = 1; i < big_sorted->len; i++)
    assert_true (strcmp (big_sorted->pdata[i - 1], big_sorted->pdata[i]) < 0);
  for (guint i = 0; i < big_sorted->len; i++)
    assert_true (rdx_map_contains (big, big_sorted->pdata[i]));
}

/* Wrong kinds */

static void
test_wrong_kind (void **state)
{
  g_autoptr (RdxValue) list = rdx_list_new ();
  g_autoptr (RdxValue) m = rdx_map_new ();
  g_autoptr (RdxValue) v = rdx_value_new_int (1);
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_null (rdx_map_get (list, "a"));
  assert_null (rdx_map_set (list, "a", v));
  assert_null (rdx_map_remove (list, "a"));
  assert_int_equal (rdx_map_size (list), 0);
  assert_null (rdx_map_get (NULL, "a"));
  assert_null (rdx_map_set (m, NULL, v));
  assert_null (rdx_map_set (m, "a", NULL));
  assert_int_equal (log.n_criticals, 7);
  rdx_test_log_clear (&log);

  /* Keys are UTF-8, like every string in a value. */
  assert_null (rdx_map_set (m, "\xff", v));
  assert_int_equal (log.n_criticals, 1);
  rdx_test_log_end (&log);
  assert_int_equal (rdx_map_size (m), 0);
}

static void
test_iter_init_wrong_kind (void **state)
{
  /* A programming error is a critical, never a crash: an iterator that
   * init refused must still be safe to call next on, and be at its end. */
  g_autoptr (RdxValue) other = rdx_list_new ();
  RdxMapIter  iter;
  const char *key = NULL;
  RdxValue   *value = NULL;
  RdxTestLog  log;
  gboolean    more;

  memset (&iter, 0xab, sizeof iter); /* what an uninitialised stack holds */
  rdx_test_log_begin (&log);
  rdx_map_iter_init (&iter, other);
  assert_int_equal (log.n_criticals, 1);
  more = rdx_map_iter_next (&iter, &key, &value);
  rdx_test_log_end (&log);
  assert_false (more);
}

/* Owned updates (issue 17): in place when the caller's reference is the
 * only one, along the whole path; otherwise a copy, and a value anyone
 * holds never changes. */

static RdxValue *
increment_cb (RdxValue *account, gpointer user_data)
{
  return rdx_map_set_owned (
    account, "balance",
    rdx_value_new_int (rdx_value_get_int (rdx_map_get (account, "balance")) + 1));
}

static RdxValue *
bump_account_cb (RdxValue *accounts, gpointer user_data)
{
  return rdx_map_update_owned (accounts, user_data, increment_cb, NULL);
}

static void
test_owned_updates (void **state)
{
  RdxMapBuilder *builder = rdx_map_builder_new (NULL);
  RdxValue      *accounts, *root, *before, *account;
  RdxValue      *held_root, *held_account;
  char           key[16];

  for (guint i = 0; i < 1000; i++)
    {
      g_snprintf (key, sizeof key, "acc-%u", i);
      rdx_map_builder_set_take (builder, key,
                                rdx_map_new_take ("balance", rdx_value_new_int (i), NULL));
    }
  accounts = rdx_map_builder_end (builder);
  root = rdx_map_new_take ("accounts", accounts, NULL);

  /* Exclusive all the way: the same maps, changed. */
  before = root;
  account = rdx_value_get_path (root, "/accounts/acc-7");
  root = rdx_map_update_owned (root, "accounts", bump_account_cb, "acc-7");
  assert_ptr_equal (root, before);
  assert_ptr_equal (rdx_value_get_path (root, "/accounts/acc-7"), account);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (root, "/accounts/acc-7/balance")), 8);

  /* The root held by someone: copied, and the held root unchanged. */
  held_root = rdx_value_ref (root);
  root = rdx_map_update_owned (root, "accounts", bump_account_cb, "acc-7");
  assert_true (root != held_root);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (held_root, "/accounts/acc-7/balance")),
                    8);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (root, "/accounts/acc-7/balance")), 9);
  rdx_value_unref (held_root);

  /* An account held deep down: the root and accounts change in place,
   * the held account is copied. */
  held_account = rdx_value_ref (rdx_value_get_path (root, "/accounts/acc-3"));
  before = root;
  root = rdx_map_update_owned (root, "accounts", bump_account_cb, "acc-3");
  assert_ptr_equal (root, before);
  assert_true (rdx_value_get_path (root, "/accounts/acc-3") != held_account);
  assert_int_equal (rdx_value_get_int (rdx_map_get (held_account, "balance")), 3);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (root, "/accounts/acc-3/balance")), 4);
  rdx_value_unref (held_account);

  /* A missing key gets one; setting the value a key has changes nothing. */
  root = rdx_map_set_owned (root, "name", rdx_value_new_string ("bank"));
  assert_string_equal (rdx_value_get_string (rdx_map_get (root, "name")), "bank");
  before = root;
  root = rdx_map_set_owned (root, "name", rdx_value_ref (rdx_map_get (root, "name")));
  assert_ptr_equal (root, before);
  assert_int_equal (rdx_map_size (root), 2);

  /* The empty map is static, never changed. */
  {
    RdxValue *empty = rdx_map_set_owned (rdx_map_new (), "k", rdx_value_new_int (1));

    assert_int_equal (rdx_map_size (rdx_map_new ()), 0);
    assert_int_equal (rdx_map_size (empty), 1);
    rdx_value_unref (empty);
  }
  rdx_value_unref (root);
}

/* A map of @n keys key_for (0..n-1) (int values), every node its own. */
static RdxValue *
numbered_map (guint n)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = key_for (i);

      rdx_map_builder_set_take (builder, key, rdx_value_new_int (i));
    }
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

static void
assert_numbered (RdxValue *map, guint n)
{
  assert_int_equal (rdx_map_size (map), n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = key_for (i);

      assert_int_equal (rdx_value_get_int (rdx_map_get (map, key)), i);
    }
}

static RdxValue *
replace_with_cb (RdxValue *value, gpointer user_data)
{
  if (value != NULL)
    rdx_value_unref (value);
  return rdx_value_ref (user_data);
}

/* Updates only a key that is there: a missing key is left out. */
static RdxValue *
if_present_cb (RdxValue *value, gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (value == NULL)
    return NULL;
  rdx_value_unref (value);
  return rdx_value_new_int (-1);
}

static void
test_update_if_present (void **state)
{
  g_autoptr (RdxValue) absent = rdx_value_new_string ("absent");
  g_autoptr (RdxValue) present = rdx_value_new_string ("key-3");
  RdxValue *map = numbered_map (100);
  RdxValue *before = map;
  RdxValue *held;
  guint     calls = 0;

  /* In place and copying: the map as it was, the same pointer. */
  map = rdx_map_update_owned (map, "absent", if_present_cb, &calls);
  map = rdx_map_update_owned_key (map, absent, if_present_cb, &calls);
  assert_ptr_equal (map, before);
  held = rdx_value_ref (map);
  map = rdx_map_update_owned_key (map, absent, if_present_cb, &calls);
  map = rdx_map_update_owned (map, "absent", if_present_cb, &calls);
  assert_ptr_equal (map, held);
  rdx_value_unref (held);
  assert_int_equal (calls, 4);
  assert_numbered (map, 100);

  /* A key that is there is updated. */
  map = rdx_map_update_owned_key (map, present, if_present_cb, &calls);
  assert_ptr_equal (map, before);
  assert_int_equal (rdx_value_get_int (rdx_map_get (map, "key-3")), -1);
  assert_int_equal (rdx_map_size (map), 100);
  rdx_value_unref (map);
}

/* Keys are checked for UTF-8 only when they are inserted (a key a map
 * holds is valid): an invalid key a map does not have is still refused,
 * with the critical of before, in place or copying, and the map is as it
 * was, in every function that sets. */
static void
check_invalid_keys (guint n)
{
  static const char *const bad_keys[] = { "\xff", "key-7\xff", "key-1\xc3", "caf\xe9",
                                          "\xc3\x28k" };
  g_autoptr (RdxValue) v = rdx_value_new_string ("v");
  RdxTestLog log;

  for (guint b = 0; b < G_N_ELEMENTS (bad_keys); b++)
    {
      const char    *bad = bad_keys[b];
      RdxValue      *map = numbered_map (n);
      RdxValue      *held, *before, *result;
      RdxMapBuilder *builder;

      rdx_test_log_begin (&log);

      /* Copying. */
      assert_null (rdx_map_set (map, bad, v));
      assert_null (rdx_map_set_take (map, bad, rdx_value_ref (v)));
      held = rdx_value_ref (map);
      assert_null (rdx_map_set_owned (map, bad, v));
      assert_null (rdx_map_update_owned (map, bad, replace_with_cb, v));
      rdx_value_unref (held);
      assert_int_equal (log.n_criticals, 4);
      assert_non_null (strstr (log.text->str, "check_key (key)"));
      assert_numbered (map, n);

      /* In place: the map is the caller's alone, every node of it. The
       * refusal takes no reference (as g_return_val_if_fail () does). */
      rdx_test_log_clear (&log);
      before = map;
      assert_null (rdx_map_set_owned (map, bad, v));
      assert_null (rdx_map_update_owned (map, bad, replace_with_cb, v));
      assert_int_equal (log.n_criticals, 2);
      assert_numbered (map, n);
      assert_null (rdx_map_get (map, bad));
      /* Still the caller's alone, and still updated in place. */
      result = rdx_map_set_owned (map, "key-0", rdx_value_new_int (-1));
      assert_ptr_equal (result, before);
      map = rdx_map_set_owned (result, "key-0", rdx_value_new_int (0));
      assert_numbered (map, n);

      /* A builder, before and after it owns its map. */
      rdx_test_log_clear (&log);
      builder = rdx_map_builder_new (map);
      rdx_map_builder_set (builder, bad, v);
      rdx_map_builder_set (builder, "new", v);
      rdx_map_builder_set_take (builder, bad, rdx_value_ref (v));
      rdx_map_builder_remove (builder, "new");
      assert_int_equal (log.n_criticals, 2);
      assert_int_equal (rdx_map_builder_size (builder), n);
      assert_null (rdx_map_builder_get (builder, bad));
      result = rdx_map_builder_end (builder);
      assert_true (rdx_value_equal (result, map));
      assert_numbered (result, n);
      rdx_value_unref (result);

      rdx_test_log_end (&log);
      rdx_value_unref (map);
    }
  /* A key that is there is found without a check, and a valid new key
   * goes in. */
  {
    RdxValue *map = numbered_map (n);

    map = rdx_map_set_owned (map, "caf\xc3\xa9", rdx_value_ref (v));
    assert_ptr_equal (rdx_map_get (map, "caf\xc3\xa9"), v);
    assert_int_equal (rdx_map_size (map), n + 1);
    rdx_value_unref (map);
  }
}

static void
test_invalid_keys (void **state)
{
  check_invalid_keys (1);
  check_invalid_keys (300);
  /* Collision nodes and long shared prefixes. */
  rdx_value_set_hash_mask_for_testing (0x3);
  check_invalid_keys (40);
  rdx_value_set_hash_mask_for_testing (0);
  check_invalid_keys (20);
  rdx_value_set_hash_mask_for_testing (FULL_MASK);
}

/* Keys given as string values: the hash they keep is used, and they work
 * as their text does; @n >= 1. */
static void
check_key_values (guint n)
{
  g_autoptr (RdxValue) missing = rdx_value_new_string ("missing");
  g_autoptr (RdxValue) v = rdx_value_new_string ("v");
  RdxValue *map = numbered_map (n);
  RdxValue *before, *held;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = key_for (i);
      g_autoptr (RdxValue) key = rdx_value_new_string (text);

      assert_ptr_equal (rdx_map_get_key (map, key), rdx_map_get (map, text));
      assert_int_equal (rdx_value_get_int (rdx_map_get_key (map, key)), i);
    }
  assert_null (rdx_map_get_key (map, missing));

  /* In place when the map is the caller's alone. */
  {
    g_autoptr (RdxValue) k3 = rdx_value_new_string ("key-0");

    before = map;
    map = rdx_map_set_owned_key (map, k3, rdx_value_new_int (-3));
    assert_ptr_equal (map, before);
    map = rdx_map_update_owned_key (map, k3, replace_with_cb, v);
    assert_ptr_equal (map, before);
    assert_ptr_equal (rdx_map_get (map, "key-0"), v);

    /* Copied when it is held, the held one as it was. */
    held = rdx_value_ref (map);
    map = rdx_map_update_owned_key (map, k3, replace_with_cb, missing);
    assert_true (map != held);
    assert_ptr_equal (rdx_map_get (held, "key-0"), v);
    assert_ptr_equal (rdx_map_get (map, "key-0"), missing);
    map = rdx_map_set_owned_key (map, k3, rdx_value_new_int (3));
    rdx_value_unref (held);
  }

  /* A new key: the map keeps the string value itself. */
  map = rdx_map_set_owned_key (map, missing, rdx_value_ref (v));
  assert_int_equal (rdx_map_size (map), n + 1);
  assert_ptr_equal (rdx_map_get (map, "missing"), v);
  {
    RdxMapIter  iter;
    const char *text;
    gboolean    found = FALSE;

    rdx_map_iter_init (&iter, map);
    while (rdx_map_iter_next (&iter, &text, NULL))
      if (strcmp (text, "missing") == 0)
        {
          assert_ptr_equal (rdx_map_iter_get_key (&iter), missing);
          found = TRUE;
        }
    assert_true (found);
  }
  map = rdx_map_update_owned_key (map, missing, replace_with_cb, v);
  assert_int_equal (rdx_map_size (map), n + 1);
  {
    g_autoptr (RdxValue) other = rdx_value_new_string ("other");

    /* A missing key through the update: inserted, copying when held. */
    held = rdx_value_ref (map);
    map = rdx_map_update_owned_key (map, other, replace_with_cb, v);
    assert_null (rdx_map_get (held, "other"));
    assert_ptr_equal (rdx_map_get_key (map, other), v);
    rdx_value_unref (held);
  }
  assert_int_equal (rdx_map_size (map), n + 2);
  map = rdx_map_set_owned (map, "missing", rdx_value_ref (v));
  assert_int_equal (rdx_map_size (map), n + 2);
  rdx_value_unref (map);
}

static void
test_key_values (void **state)
{
  g_autoptr (RdxValue) map = rdx_map_new ();
  g_autoptr (RdxValue) not_a_string = rdx_value_new_int (1);
  RdxTestLog log;

  check_key_values (1);
  check_key_values (500);
  rdx_value_set_hash_mask_for_testing (0x3);
  check_key_values (40);
  rdx_value_set_hash_mask_for_testing (FULL_MASK);

  /* The empty map is static, never changed. */
  {
    g_autoptr (RdxValue) key = rdx_value_new_string ("k");
    g_autoptr (RdxValue) one = rdx_map_set_owned_key (rdx_map_new (), key, rdx_value_new_int (1));

    assert_int_equal (rdx_map_size (map), 0);
    assert_int_equal (rdx_value_get_int (rdx_map_get (one, "k")), 1);
  }

  /* A key that is not a string is a programming error. */
  rdx_test_log_begin (&log);
  assert_null (rdx_map_get_key (map, not_a_string));
  assert_null (rdx_map_get_key (map, NULL));
  rdx_test_log_end (&log);
  assert_int_equal (log.n_criticals, 2);
}

/* rdx_map_update(): one descent, a copy; the map given never changes. */

static RdxValue *
add_one_cb (RdxValue *account, gpointer user_data, GError **error)
{
  guint *calls = user_data;

  (*calls)++;
  if (account == NULL)
    return rdx_map_new_take ("balance", rdx_value_new_int (0), NULL);
  return rdx_map_set_take (
    account, "balance",
    rdx_value_new_int (rdx_value_get_int (rdx_map_get (account, "balance")) + 1));
}

static RdxValue *
give_back_cb (RdxValue *value, gpointer user_data, GError **error)
{
  return rdx_value_ref (value);
}

static RdxValue *
refuse_cb (RdxValue *value, gpointer user_data, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no change to %s",
               rdx_value_get_string (rdx_map_get (value, "id")));
  return NULL;
}

static void
test_map_update (void **state)
{
  g_autoptr (GError) error = NULL;
  RdxMapBuilder *builder = rdx_map_builder_new (NULL);
  RdxValue      *accounts, *updated, *inserted, *held;
  RdxTestLog     log;
  guint          calls = 0;
  char           key[16];

  for (guint i = 0; i < 1000; i++)
    {
      g_snprintf (key, sizeof key, "acc-%u", i);
      rdx_map_builder_set_take (builder, key,
                                rdx_map_new_take ("id", rdx_value_new_string (key), "balance",
                                                  rdx_value_new_int (i), NULL));
    }
  accounts = rdx_map_builder_end (builder);

  /* A new map with the one account changed; the others are shared. */
  updated = rdx_map_update (accounts, "acc-7", add_one_cb, &calls, &error);
  assert_null (error);
  assert_int_equal (calls, 1);
  assert_true (updated != accounts);
  assert_int_equal (rdx_map_size (updated), 1000);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (accounts, "/acc-7/balance")), 7);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (updated, "/acc-7/balance")), 8);
  for (guint i = 0; i < 1000; i++)
    {
      g_snprintf (key, sizeof key, "acc-%u", i);
      if (i != 7)
        assert_ptr_equal (rdx_map_get (updated, key), rdx_map_get (accounts, key));
    }

  /* A missing key: the function gets NULL and its value goes in. */
  inserted = rdx_map_update (updated, "acc-new", add_one_cb, &calls, &error);
  assert_null (error);
  assert_int_equal (calls, 2);
  assert_int_equal (rdx_map_size (inserted), 1001);
  assert_int_equal (rdx_map_size (updated), 1000);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (inserted, "/acc-new/balance")), 0);

  /* The old value given back: the same map. */
  held = rdx_map_update (inserted, "acc-9", give_back_cb, NULL, &error);
  assert_null (error);
  assert_ptr_equal (held, inserted);
  rdx_value_unref (held);

  /* A refusal: NULL, the function's error, nothing changed. */
  held = rdx_map_update (inserted, "acc-3", refuse_cb, NULL, &error);
  assert_null (held);
  assert_non_null (error);
  assert_string_equal (error->message, "no change to acc-3");
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (inserted, "/acc-3/balance")), 3);
  g_clear_error (&error);

  /* A key that is not UTF-8, and missing: refused before the function
   * runs, as rdx_map_set() refuses it. */
  rdx_test_log_begin (&log);
  held = rdx_map_update (inserted, "acc-\xff", add_one_cb, &calls, &error);
  rdx_test_log_end (&log);
  assert_null (held);
  assert_int_equal (log.n_criticals, 1);
  assert_int_equal (calls, 2);

  /* An owned update of a map whose root is the caller's alone, with the
   * nodes below shared with another map: one descent changes the root in
   * place and copies the rest; the other map is what it was. */
  {
    RdxValue *other = rdx_map_set_take (inserted, "extra", rdx_value_new_int (1));
    RdxValue *first = other;

    for (guint i = 0; i < 1000; i += 3)
      {
        g_snprintf (key, sizeof key, "acc-%u", i);
        other = rdx_map_update_owned (other, key, increment_cb, NULL);
        assert_ptr_equal (other, first);
      }
    for (guint i = 0; i < 1000; i++)
      {
        g_snprintf (key, sizeof key, "acc-%u", i);
        assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_map_get (inserted, key), "balance")),
                          i + (i == 7));
        assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_map_get (other, key), "balance")),
                          i + (i == 7) + (i % 3 == 0));
      }
    assert_int_equal (rdx_map_size (other), 1002);
    rdx_value_unref (other);
  }

  rdx_value_unref (inserted);
  rdx_value_unref (updated);
  rdx_value_unref (accounts);
}

/* The key hash as documented (rdx_hash_bytes ()), written the plain way:
 * eight bytes at a time, the rest byte by byte, little endian. Iteration
 * order depends on it, so it must not change with how it is computed. */
static guint32
reference_hash (const guint8 *p, gsize length)
{
  guint64 h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ length;
  guint64 w = 0;

  for (; length >= 8; p += 8, length -= 8)
    {
      w = 0;
      for (guint i = 0; i < 8; i++)
        w |= (guint64) p[i] << (8 * i);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 32;
    }
  w = 0;
  for (guint i = 0; i < length; i++)
    w |= (guint64) p[i] << (8 * i);
  h = (h ^ w) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return (guint32) h;
}

static void
test_key_hash (void **state)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  guint8 bytes[80];

  for (guint round = 0; round < 200; round++)
    {
      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
      /* Every length, from every alignment of the first byte. */
      for (gsize length = 0; length + round % 8 <= sizeof bytes; length++)
        assert_int_equal (rdx_hash_bytes ((const char *) bytes + round % 8, length),
                          reference_hash (bytes + round % 8, length));
    }
}

/* Writes the @length-byte key number @i: its base-126 digits as the
 * ASCII bytes 1..126, then DELs (127): different numbers, different keys.
 * @at_end: the digits last, so that keys differ in their last bytes. */
static void
numbered_key (char *key, guint i, guint length, gboolean at_end)
{
  for (guint j = 0; j < length; j++)
    {
      key[at_end ? length - 1 - j : j] = i > 0 ? (char) (1 + i % 126) : (char) 127;
      i /= 126;
    }
  key[length] = '\0';
}

/* Keys whose whole 32-bit hashes are equal, as real collisions (no
 * testing mask): two such keys of each length are different keys, found
 * and removed apart, whichever bytes tell them apart. */
static void
test_full_hash_collisions (void **state)
{
  static const guint lengths[] = { 3, 5, 7, 8, 9, 12, 16, 17, 24 };

  for (guint l = 0; l < 2 * G_N_ELEMENTS (lengths); l++)
    {
      guint    length = lengths[l / 2];
      gboolean at_end = l % 2 == 1;
      g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
      char  a[32], b[32];
      guint found = 0;

      for (guint i = 1; found == 0 && i < 2000000; i++)
        {
          gpointer other;
          guint32  hash;

          numbered_key (a, i, length, at_end);
          hash = rdx_hash_bytes (a, length);
          if (g_hash_table_lookup_extended (seen, GUINT_TO_POINTER (hash), NULL, &other))
            {
              numbered_key (b, GPOINTER_TO_UINT (other), length, at_end);
              found = i;
            }
          else
            {
              g_hash_table_insert (seen, GUINT_TO_POINTER (hash), GUINT_TO_POINTER (i));
            }
        }
      assert_true (found > 0);
      assert_int_equal (rdx_hash_bytes (a, length), rdx_hash_bytes (b, length));
      assert_true (strcmp (a, b) != 0);

      {
        g_autoptr (RdxValue) one = rdx_map_new_take (a, rdx_value_new_int (1), NULL);
        g_autoptr (RdxValue) both = rdx_map_set_take (one, b, rdx_value_new_int (2));
        g_autoptr (RdxValue) without_a = rdx_map_remove (both, a);

        assert_null (rdx_map_get (one, b));
        assert_int_equal (rdx_map_size (both), 2);
        assert_int_equal (rdx_value_get_int (rdx_map_get (both, a)), 1);
        assert_int_equal (rdx_value_get_int (rdx_map_get (both, b)), 2);
        assert_int_equal (rdx_map_size (without_a), 1);
        assert_null (rdx_map_get (without_a, a));
        assert_int_equal (rdx_value_get_int (rdx_map_get (without_a, b)), 2);
      }
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    MAP_TEST (test_key_hash),
    MAP_TEST (test_full_hash_collisions),
    MAP_TEST (test_empty),
    MAP_TEST (test_one_element),
    MAP_TEST (test_many),
    MAP_TEST (test_sizes),
    MAP_TEST (test_set_same_value_returns_same_map),
    MAP_TEST (test_remove_absent_returns_same_map),
    MAP_TEST (test_remove_down_to_empty),
    MAP_TEST (test_special_keys),
    MAP_TEST (test_persistence),
    MAP_TEST (test_iteration_order),
    MAP_TEST (test_iteration_order_collisions),
    MAP_TEST (test_iter_get_key),
    MAP_TEST (test_collisions_all),
    MAP_TEST (test_collisions_partial),
    MAP_TEST (test_collisions_deep),
    MAP_TEST (test_collisions_equality),
    MAP_TEST (test_update_cost),
    MAP_TEST (test_iterate_while_deriving),
    MAP_TEST (test_concurrent_readers),
    MAP_TEST (test_set_take),
    MAP_TEST (test_new_take),
    MAP_TEST (test_new_take_duplicate_key),
    MAP_TEST (test_builder_from_null),
    MAP_TEST (test_builder_empty_end),
    MAP_TEST (test_builder_from_base),
    MAP_TEST (test_builder_no_changes),
    MAP_TEST (test_owned_updates),
    MAP_TEST (test_invalid_keys),
    MAP_TEST (test_key_values),
    MAP_TEST (test_update_if_present),
    MAP_TEST (test_map_update),
    MAP_TEST (test_builder_chained),
    MAP_TEST (test_builder_free_without_end),
    MAP_TEST (test_builder_collisions),
    MAP_TEST (test_sorted_keys),
    MAP_TEST (test_wrong_kind),
    /* Last: until it is fixed, it crashes. */
    MAP_TEST (test_iter_init_wrong_kind),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

/* test-value-model.c: randomized model test of maps and lists
 *
 * For fixed seeds, long runs of random operations on a persistent map and a
 * persistent list are checked step by step against a plain GHashTable and
 * GPtrArray, and versions kept along the way are checked at the end to be
 * exactly what they were (persistence).
 *
 * RDX_TEST_QUICK=1 (set by the valgrind setup) scales the runs down tenfold.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define FULL_MASK    0xffffffffu
#define FULL_CHECK   1000 /* steps between full comparisons */
#define KEEP_VERSION 5000 /* steps between kept versions */
#define MAP_STEPS    60000
#define LIST_STEPS   60000

static const guint32 seeds[] = { 1, 20240917, 0xdeadbeef, 777 };

#define MODEL_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

static guint
scaled (guint n)
{
  return g_getenv ("RDX_TEST_QUICK") != NULL ? n / 10 : n;
}

/* A random value of any kind; mostly distinct pointers. */
static RdxValue *
random_value (GRand *rand, guint *counter)
{
  guint r = g_rand_int_range (rand, 0, 100);
  guint c = (*counter)++;

  if (r < 40)
    return rdx_value_new_int (c);
  if (r < 50)
    return rdx_value_new_int (G_MAXINT64 - c); /* boxed */
  if (r < 75)
    return rdx_value_new_printf ("s%u", c);
  if (r < 85)
    return rdx_value_new_double (c + 0.25);
  if (r < 88)
    return rdx_value_new_bool (c % 2);
  if (r < 94)
    return rdx_map_new_take ("n", rdx_value_new_int (c), NULL);
  return rdx_list_new_take (rdx_value_new_int (c), rdx_value_new_printf ("%u", c), NULL);
}

static void
replace (RdxValue **value, RdxValue *next)
{
  assert_non_null (next);
  rdx_value_unref (*value);
  *value = next;
}

/* Counts diff callbacks, and whether every path is @prefix or below it. */
typedef struct
{
  const char *prefix;
  guint       calls;
  guint       outside;
} DiffCount;

static gboolean
count_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  DiffCount *d = user_data;
  gsize      n = strlen (d->prefix);

  d->calls++;
  if (strncmp (path, d->prefix, n) != 0 || (path[n] != '\0' && path[n] != '/'))
    d->outside++;
  return TRUE;
}

/* Checks that the diff between two versions, where only @path was set,
 * reports changes at @path (or below it, when both sides there are
 * containers of the same kind) and nowhere else. */
static void
check_diff_at (RdxValue *before, RdxValue *after, const char *path)
{
  DiffCount d = { path, 0, 0 };
  RdxValue *old_value = rdx_value_get_path (before, path);
  RdxValue *new_value = rdx_value_get_path (after, path);
  guint     n = rdx_value_diff (before, after, count_cb, &d);

  assert_int_equal (n, d.calls);
  assert_int_equal (d.outside, 0);
  if (before == after || old_value == new_value)
    assert_int_equal (d.calls, 0);
  else if (old_value == NULL || new_value == NULL ||
           rdx_value_get_kind (old_value) != rdx_value_get_kind (new_value) ||
           !(rdx_value_is_map (old_value) || rdx_value_is_list (old_value)))
    assert_int_equal (d.calls, 1);
  else
    assert_true (d.calls >= 1);
}

/* Maps */

static GHashTable *
map_model_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rdx_value_unref);
}

static GHashTable *
map_model_copy (GHashTable *model)
{
  GHashTable    *copy = map_model_new ();
  GHashTableIter it;
  gpointer       key;
  gpointer       value;

  g_hash_table_iter_init (&it, model);
  while (g_hash_table_iter_next (&it, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), rdx_value_ref (value));
  return copy;
}

static void
map_model_set (GHashTable *model, const char *key, RdxValue *value)
{
  g_hash_table_insert (model, g_strdup (key), rdx_value_ref (value));
}

static void
assert_map_full (RdxValue *map, GHashTable *model)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  RdxMapIter     iter;
  const char    *key;
  RdxValue      *value;
  GHashTableIter it;
  gpointer       mkey;
  gpointer       mvalue;

  assert_int_equal (rdx_map_size (map), g_hash_table_size (model));
  rdx_map_iter_init (&iter, map);
  while (rdx_map_iter_next (&iter, &key, &value))
    {
      assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, (gpointer) key);
      assert_ptr_equal (g_hash_table_lookup (model, key), value);
    }
  assert_int_equal (g_hash_table_size (seen), g_hash_table_size (model));
  g_hash_table_iter_init (&it, model);
  while (g_hash_table_iter_next (&it, &mkey, &mvalue))
    assert_ptr_equal (rdx_map_get (map, mkey), mvalue);
}

/* Rebuilds the model's map from scratch, in the model's (hash table)
 * order: it must be equal, hash equal, and iterate in the same order. */
static void
assert_map_canonical (RdxValue *map, GHashTable *model)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  g_autoptr (RdxValue) rebuilt = NULL;
  GHashTableIter it;
  gpointer       key;
  gpointer       value;
  RdxMapIter     ia;
  RdxMapIter     ib;
  const char    *ka;
  const char    *kb;

  g_hash_table_iter_init (&it, model);
  while (g_hash_table_iter_next (&it, &key, &value))
    rdx_map_builder_set (builder, key, value);
  rebuilt = rdx_map_builder_end (g_steal_pointer (&builder));

  assert_true (rdx_value_equal (map, rebuilt));
  assert_int_equal (rdx_value_hash (map), rdx_value_hash (rebuilt));
  rdx_map_iter_init (&ia, map);
  rdx_map_iter_init (&ib, rebuilt);
  while (rdx_map_iter_next (&ia, &ka, NULL))
    {
      assert_true (rdx_map_iter_next (&ib, &kb, NULL));
      assert_string_equal (ka, kb);
    }
  assert_false (rdx_map_iter_next (&ib, &kb, NULL));
}

static void
check_map_key (RdxValue *map, GHashTable *model, const char *key)
{
  RdxValue *expected = g_hash_table_lookup (model, key);
  g_autoptr (RdxValue) key_value = rdx_value_new_string (key);

  assert_ptr_equal (rdx_map_get (map, key), expected);
  assert_ptr_equal (rdx_map_get_key (map, key_value), expected);
  assert_int_equal (rdx_map_contains (map, key), expected != NULL);
}

static void
check_map_diff (RdxValue *before, RdxValue *after, const char *key)
{
  g_autofree char *path = rdx_path_append ("", key);

  check_diff_at (before, after, path);
}

typedef struct
{
  RdxValue   *map;
  GHashTable *model;
  guint       step;
} MapVersion;

/* For rdx_map_update_owned(): the old value goes, @user_data comes. */
static RdxValue *
swap_value_cb (RdxValue *value, gpointer user_data)
{
  if (value != NULL)
    rdx_value_unref (value);
  return rdx_value_ref (user_data);
}

/* For rdx_map_update(): what the function does with the value it gets. */
typedef enum
{
  UPDATE_NEW,  /* returns a new value */
  UPDATE_SAME, /* gives the old one back (or the new one for a missing key) */
  UPDATE_FAIL, /* refuses */
} UpdateKind;

typedef struct
{
  UpdateKind kind;
  RdxValue  *value; /* what to return */
  RdxValue  *seen;  /* what the function was given */
  guint      calls;
} UpdateChoice;

static RdxValue *
update_cb (RdxValue *value, gpointer user_data, GError **error)
{
  UpdateChoice *choice = user_data;

  choice->seen = value;
  choice->calls++;
  if (choice->kind == UPDATE_FAIL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "refused");
      return NULL;
    }
  if (choice->kind == UPDATE_SAME && value != NULL)
    return rdx_value_ref (value);
  return rdx_value_ref (choice->value);
}

static void
run_map_model (guint32 seed, guint steps, guint n_keys)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GHashTable) model = map_model_new ();
  g_autoptr (RdxValue) map = rdx_map_new ();
  g_autoptr (GArray) versions = g_array_new (FALSE, FALSE, sizeof (MapVersion));
  guint counter = 0;
  guint n_same = 0;
  guint n_removes = 0;
  guint n_builders = 0;
  guint n_owned = 0;
  guint n_in_place = 0;
  guint n_invalid = 0;
  guint n_updates[3] = { 0 };

  /* Short runs (RDX_TEST_QUICK) use fewer keys, so that the map fills up
   * and removes hit as often as in long runs. */
  n_keys = MIN (n_keys, MAX (steps / 10, 50));

  for (guint step = 1; step <= steps; step++)
    {
      g_autoptr (RdxValue) before = rdx_value_ref (map);
      char  key[32];
      guint r = g_rand_int_range (rand, 0, 100);

      g_snprintf (key, sizeof key, "k%u", g_rand_int_range (rand, 0, n_keys));

      if (r < 35)
        {
          RdxValue *v = random_value (rand, &counter);

          map_model_set (model, key, v);
          replace (&map, rdx_map_set_take (map, key, v));
          check_map_diff (before, map, key);
        }
      else if (r < 45)
        {
          /* The value it already has: the same map. */
          RdxValue *v = g_hash_table_lookup (model, key);

          if (v == NULL)
            v = rdx_value_new_int (counter++);
          else
            rdx_value_ref (v);
          if (rdx_map_get (map, key) == v)
            n_same++;
          map_model_set (model, key, v);
          replace (&map, rdx_map_set (map, key, v));
          rdx_value_unref (v);
          if (rdx_map_get (before, key) == v)
            assert_ptr_equal (map, before);
          check_map_diff (before, map, key);
        }
      else if (r < 75)
        {
          gboolean present = g_hash_table_remove (model, key);

          replace (&map, rdx_map_remove (map, key));
          if (present)
            n_removes++;
          else
            assert_ptr_equal (map, before);
          check_map_diff (before, map, key);
        }
      else if (r < 79)
        {
          /* A batch through a builder, or one thrown away. */
          g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (map);
          g_autoptr (GHashTable) scratch = map_model_copy (model);
          guint    n = 1 + g_rand_int_range (rand, 0, 40);
          gboolean keep = g_rand_int_range (rand, 0, 4) != 0;

          for (guint i = 0; i < n; i++)
            {
              char bkey[32];

              g_snprintf (bkey, sizeof bkey, "k%u", g_rand_int_range (rand, 0, n_keys));
              if (g_rand_boolean (rand))
                {
                  RdxValue *v = random_value (rand, &counter);

                  map_model_set (scratch, bkey, v);
                  rdx_map_builder_set_take (builder, bkey, v);
                }
              else
                {
                  g_hash_table_remove (scratch, bkey);
                  rdx_map_builder_remove (builder, bkey);
                }
              assert_ptr_equal (rdx_map_builder_get (builder, bkey),
                                g_hash_table_lookup (scratch, bkey));
              assert_int_equal (rdx_map_builder_size (builder), g_hash_table_size (scratch));
            }
          /* The map the builder started from is untouched. */
          check_map_key (map, model, key);
          if (keep)
            {
              replace (&map, rdx_map_builder_end (g_steal_pointer (&builder)));
              g_hash_table_unref (model);
              model = g_steal_pointer (&scratch);
              n_builders++;
            }
        }
      else if (r < 89)
        {
          /* An owned update: in place when nobody else holds the map.
           * Half the time the map before it is kept (as a history or a
           * selector would): then it must not change. */
          RdxValue *v = random_value (rand, &counter);
          RdxValue *old_value = g_hash_table_lookup (model, key);
          RdxValue *old_map = map;
          gboolean  keep_before = g_rand_boolean (rand);
          guint     how = g_rand_int_range (rand, 0, 4);
          g_autoptr (RdxValue) key_value = rdx_value_new_string (key);

          if (old_value != NULL)
            rdx_value_ref (old_value);
          if (!keep_before)
            g_clear_pointer (&before, rdx_value_unref);
          map_model_set (model, key, v);
          if (how == 0)
            {
              map = rdx_map_set_owned (map, key, v);
            }
          else if (how == 1)
            {
              map = rdx_map_update_owned (map, key, swap_value_cb, v);
              rdx_value_unref (v);
            }
          else if (how == 2)
            {
              /* The key as a string value, with the hash it keeps. */
              map = rdx_map_set_owned_key (map, key_value, v);
            }
          else
            {
              map = rdx_map_update_owned_key (map, key_value, swap_value_cb, v);
              rdx_value_unref (v);
            }
          if (before != NULL)
            {
              /* A new map, unless the key had that value already. */
              assert_int_equal (map == before, old_value == v);
              assert_ptr_equal (rdx_map_get (before, key), old_value);
              check_map_diff (before, map, key);
            }
          else if (map == old_map)
            {
              n_in_place++;
            }
          if (old_value != NULL)
            rdx_value_unref (old_value);
          n_owned++;
        }
      else if (r < 91)
        {
          /* A key that is not UTF-8 is refused, in place or copying, and
           * the map is as it was (keys are checked only on insertion). */
          char       bad[40];
          RdxValue  *v = random_value (rand, &counter);
          RdxTestLog log;
          guint      how = g_rand_int_range (rand, 0, 4);

          g_snprintf (bad, sizeof bad, "%s\xff", key);
          if (g_rand_boolean (rand))
            g_clear_pointer (&before, rdx_value_unref); /* in place, then */
          rdx_test_log_begin (&log);
          if (how == 0)
            {
              assert_null (rdx_map_set (map, bad, v));
            }
          else if (how == 1)
            {
              /* A refusal takes no reference. */
              assert_null (rdx_map_set_owned (map, bad, v));
            }
          else if (how == 2)
            {
              assert_null (rdx_map_update_owned (map, bad, swap_value_cb, v));
            }
          else
            {
              g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (map);

              rdx_map_builder_set (builder, bad, v);
              replace (&map, rdx_map_builder_end (g_steal_pointer (&builder)));
            }
          rdx_test_log_end (&log);
          assert_int_equal (log.n_criticals, 1);
          assert_null (rdx_map_get (map, bad));
          if (before != NULL && how != 3)
            assert_ptr_equal (map, before);
          rdx_value_unref (v);
          n_invalid++;
        }
      else if (r < 97)
        {
          /* A copying update that finds the key once: a new value, the
           * old one given back (the same map), or a refusal that changes
           * nothing. */
          g_autoptr (RdxValue) v = random_value (rand, &counter);
          g_autoptr (GError) error = NULL;
          UpdateChoice choice = { g_rand_int_range (rand, 0, 3), v, NULL, 0 };
          RdxValue    *old_value = g_hash_table_lookup (model, key);
          RdxValue    *result = rdx_map_update (map, key, update_cb, &choice, &error);

          assert_int_equal (choice.calls, 1);
          assert_ptr_equal (choice.seen, old_value);
          assert_ptr_equal (rdx_map_get (before, key), old_value);
          if (choice.kind == UPDATE_FAIL)
            {
              assert_null (result);
              assert_non_null (error);
              assert_string_equal (error->message, "refused");
            }
          else
            {
              assert_null (error);
              if (choice.kind == UPDATE_SAME && old_value != NULL)
                assert_ptr_equal (result, map);
              else
                map_model_set (model, key, v);
              replace (&map, result);
              check_map_diff (before, map, key);
            }
          n_updates[choice.kind]++;
        }
      /* else: reads only */

      assert_int_equal (rdx_map_size (map), g_hash_table_size (model));
      check_map_key (map, model, key);
      for (guint i = 0; i < 3; i++)
        {
          char other[32];

          g_snprintf (other, sizeof other, "k%u", g_rand_int_range (rand, 0, n_keys + 10));
          check_map_key (map, model, other);
        }

      if (step % FULL_CHECK == 0)
        assert_map_full (map, model);
      if (step % KEEP_VERSION == 0)
        {
          MapVersion v = { rdx_value_ref (map), map_model_copy (model), step };

          assert_map_canonical (map, model);
          g_array_append_val (versions, v);
        }
    }

  /* Every kept version is what it was. */
  for (guint i = 0; i < versions->len; i++)
    {
      MapVersion *v = &g_array_index (versions, MapVersion, i);

      assert_map_full (v->map, v->model);
      assert_map_canonical (v->map, v->model);
      rdx_value_unref (v->map);
      g_hash_table_unref (v->model);
    }

  /* The run did what it meant to. */
  assert_true (n_removes > steps / 10);
  assert_true (n_same > steps / 100);
  assert_true (n_builders > steps / 100);
  assert_true (n_owned > steps / 20);
  assert_true (n_in_place > steps / 100);
  assert_true (n_invalid > steps / 100);
  for (guint i = 0; i < G_N_ELEMENTS (n_updates); i++)
    assert_true (n_updates[i] > steps / 100);
}

static void
test_map_model (void **state)
{
  /* 4 x 60,000 = 240,000 operations. */
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    run_map_model (seeds[i], scaled (MAP_STEPS), i % 2 ? 3000 : 400);
}

static void
test_map_model_collisions (void **state)
{
  /* 1024 hashes for 3000 keys: collision nodes everywhere. */
  rdx_value_set_hash_mask_for_testing (0x3ff);
  run_map_model (99, scaled (30000), 3000);
  /* And the top bits only: long shared prefixes in the trie. */
  rdx_value_set_hash_mask_for_testing (0xff000000);
  run_map_model (100, scaled (20000), 2000);
}

/* Lists */

static GPtrArray *
list_model_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
}

static GPtrArray *
list_model_copy (GPtrArray *model)
{
  GPtrArray *copy = list_model_new ();

  g_ptr_array_set_size (copy, 0);
  for (guint i = 0; i < model->len; i++)
    g_ptr_array_add (copy, rdx_value_ref (model->pdata[i]));
  return copy;
}

static void
assert_list_full (RdxValue *list, GPtrArray *model)
{
  RdxListIter iter;
  RdxValue   *value;
  guint       i = 0;

  assert_int_equal (rdx_list_length (list), model->len);
  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &value))
    {
      assert_true (i < model->len);
      assert_ptr_equal (value, model->pdata[i]);
      i++;
    }
  assert_int_equal (i, model->len);
  for (i = 0; i < model->len; i += 1 + i % 7)
    assert_ptr_equal (rdx_list_get (list, i), model->pdata[i]);
  assert_null (rdx_list_get (list, model->len));
}

static void
assert_list_canonical (RdxValue *list, GPtrArray *model)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) rebuilt = NULL;

  for (guint i = 0; i < model->len; i++)
    rdx_list_builder_append (builder, model->pdata[i]);
  rebuilt = rdx_list_builder_end (g_steal_pointer (&builder));
  assert_true (rdx_value_equal (list, rebuilt));
  assert_true (rdx_value_equal (rebuilt, list));
  assert_int_equal (rdx_value_hash (list), rdx_value_hash (rebuilt));
  assert_int_equal (rdx_value_compare (list, rebuilt), 0);
}

typedef struct
{
  RdxValue  *list;
  GPtrArray *model;
} ListVersion;

enum
{
  OP_APPEND,
  OP_INSERT,
  OP_BUILDER,
  OP_SET,
  OP_REMOVE,
  OP_READ,
  N_OPS
};

/* Weights of the operations while the list grows, shrinks, or stays about
 * the same length. */
static const guint grow_weights[N_OPS] = { 20, 20, 4, 20, 32, 4 };
static const guint shrink_weights[N_OPS] = { 3, 3, 1, 20, 70, 3 };
static const guint balanced_weights[N_OPS] = { 10, 26, 1, 25, 35, 3 };

static guint
pick_op (GRand *rand, const guint *weights)
{
  guint r = g_rand_int_range (rand, 0, 100);
  guint op;

  for (op = 0; op < N_OPS - 1; op++)
    {
      if (r < weights[op])
        return op;
      r -= weights[op];
    }
  return OP_READ;
}

/* Runs @steps random operations. With @initial_len, the list starts that
 * long and stays about as long; otherwise it grows to a random length and
 * shrinks back to empty, over and over. */
static void
run_list_model (guint32 seed, guint steps, guint initial_len)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GPtrArray) model = list_model_new ();
  g_autoptr (RdxValue) list = NULL;
  g_autoptr (GArray) versions = g_array_new (FALSE, FALSE, sizeof (ListVersion));
  g_autoptr (RdxListBuilder) initial = rdx_list_builder_new (NULL);
  guint    counter = 0;
  gboolean growing = TRUE;
  guint    high = 2000;
  guint    max_len = 0;
  guint    n_empty = 0;
  guint    n_middle = 0;

  for (guint i = 0; i < initial_len; i++)
    {
      RdxValue *v = random_value (rand, &counter);

      g_ptr_array_add (model, v);
      rdx_list_builder_append (initial, v);
    }
  list = rdx_list_builder_end (g_steal_pointer (&initial));

  for (guint step = 1; step <= steps; step++)
    {
      g_autoptr (RdxValue) before = rdx_value_ref (list);
      guint len = model->len;
      guint touched = 0;
      guint op;

      /* Grow to a random length, shrink to empty, again. */
      if (growing && len >= high)
        growing = FALSE;
      else if (!growing && len == 0)
        {
          growing = TRUE;
          high = 100 + g_rand_int_range (rand, 0, 12000);
          n_empty++;
        }
      op = pick_op (rand, initial_len > 0 ? balanced_weights
                          : growing       ? grow_weights
                                          : shrink_weights);
      if (len == 0 && (op == OP_SET || op == OP_REMOVE))
        op = OP_READ;

      switch (op)
        {
          case OP_APPEND:
            {
              RdxValue *v = random_value (rand, &counter);

              g_ptr_array_add (model, rdx_value_ref (v));
              replace (&list, rdx_list_append_take (list, v));
              touched = len;
              assert_int_equal (rdx_list_common_prefix (before, list), len);
            }
            break;

          case OP_INSERT:
            {
              guint     i = g_rand_int_range (rand, 0, len + 1);
              RdxValue *v = random_value (rand, &counter);

              g_ptr_array_insert (model, i, v);
              replace (&list, rdx_list_insert (list, i, v));
              touched = i;
              if (i > 0 && i < len)
                n_middle++;
              if (i < len && rdx_list_get (before, i) != v)
                assert_int_equal (rdx_list_common_prefix (before, list), i);
            }
            break;

          case OP_BUILDER:
            {
              /* A batch of appends through a builder. */
              g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (list);
              guint n = 1 + g_rand_int_range (rand, 0, growing && initial_len == 0 ? 400 : 3);

              for (guint i = 0; i < n; i++)
                {
                  RdxValue *v = random_value (rand, &counter);

                  g_ptr_array_add (model, rdx_value_ref (v));
                  rdx_list_builder_append_take (builder, v);
                }
              assert_int_equal (rdx_list_builder_length (builder), model->len);
              assert_int_equal (rdx_list_length (list), len);
              replace (&list, rdx_list_builder_end (g_steal_pointer (&builder)));
              touched = len;
            }
            break;

          case OP_SET:
            {
              guint     i = g_rand_int_range (rand, 0, len);
              RdxValue *v = g_rand_int_range (rand, 0, 10) == 0 ? rdx_value_ref (model->pdata[i])
                                                                : random_value (rand, &counter);

              rdx_value_unref (model->pdata[i]);
              model->pdata[i] = rdx_value_ref (v);
              replace (&list, rdx_list_set (list, i, v));
              touched = i;
              if (rdx_list_get (before, i) == v)
                {
                  assert_ptr_equal (list, before);
                }
              else
                {
                  g_autofree char *path = g_strdup_printf ("/%u", i);

                  assert_int_equal (rdx_list_common_prefix (before, list), i);
                  assert_int_equal (rdx_list_common_suffix (before, list, len - i), len - i - 1);
                  check_diff_at (before, list, path);
                }
              rdx_value_unref (v);
            }
            break;

          case OP_REMOVE:
            {
              guint i = g_rand_int_range (rand, 0, len);

              if (g_rand_int_range (rand, 0, 20) == 0)
                i = g_rand_boolean (rand) ? 0 : len - 1;
              g_ptr_array_remove_index (model, i);
              replace (&list, rdx_list_remove (list, i));
              touched = i;
              if (i > 0 && i + 1 < len)
                n_middle++;
              if (i + 1 < len && rdx_list_get (before, i + 1) != rdx_list_get (before, i))
                assert_int_equal (rdx_list_common_prefix (before, list), i);
            }
            break;

          default:
            break;
        }

      assert_int_equal (rdx_list_length (list), model->len);
      if (touched < model->len)
        assert_ptr_equal (rdx_list_get (list, touched), model->pdata[touched]);
      assert_null (rdx_list_get (list, model->len));
      for (guint i = 0; i < 3 && model->len > 0; i++)
        {
          guint k = g_rand_int_range (rand, 0, model->len);

          assert_ptr_equal (rdx_list_get (list, k), model->pdata[k]);
        }
      max_len = MAX (max_len, model->len);

      if (step % FULL_CHECK == 0)
        assert_list_full (list, model);
      if (step % KEEP_VERSION == 0)
        {
          ListVersion v = { rdx_value_ref (list), list_model_copy (model) };

          assert_list_canonical (list, model);
          g_array_append_val (versions, v);
        }
    }

  for (guint i = 0; i < versions->len; i++)
    {
      ListVersion *v = &g_array_index (versions, ListVersion, i);

      assert_list_full (v->list, v->model);
      assert_list_canonical (v->list, v->model);
      rdx_value_unref (v->list);
      g_ptr_array_unref (v->model);
    }

  /* The run did what it meant to: several tree levels, many changes in
   * the middle, and (growing and shrinking) down to empty again. */
  assert_true (max_len > 1100);
  assert_true (n_middle > steps / 4);
  if (initial_len == 0 && steps >= 20000)
    assert_true (n_empty >= 2);
}

static void
test_list_model (void **state)
{
  /* 4 x 60,000 = 240,000 operations. */
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    run_list_model (seeds[i], scaled (LIST_STEPS), 0);
}

static void
test_list_model_large (void **state)
{
  /* Four tree levels, kept about that size: random updates deep inside. */
  run_list_model (4242, scaled (20000), scaled (60000));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    MODEL_TEST (test_map_model),
    MODEL_TEST (test_map_model_collisions),
    MODEL_TEST (test_list_model),
    MODEL_TEST (test_list_model_large),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

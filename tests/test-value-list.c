/* test-value-list.c: persistent lists, the list builder and iteration
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define LIST_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

static gboolean
quick (void)
{
  return g_getenv ("RDX_TEST_QUICK") != NULL;
}

/* The model of a list: a GPtrArray holding a reference to each element. */
static GPtrArray *
model_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
}

static GPtrArray *
model_copy (GPtrArray *model)
{
  GPtrArray *copy = model_new ();

  for (guint i = 0; i < model->len; i++)
    g_ptr_array_add (copy, rdx_value_ref (model->pdata[i]));
  return copy;
}

/* Replaces *list by the result of an update, which must not be NULL. */
static void
replace (RdxValue **list, RdxValue *next)
{
  assert_non_null (next);
  rdx_value_unref (*list);
  *list = next;
}

static void
do_append (RdxValue **list, GPtrArray *model, RdxValue *value)
{
  if (model)
    g_ptr_array_add (model, rdx_value_ref (value));
  replace (list, rdx_list_append_take (*list, value));
}

static void
do_insert (RdxValue **list, GPtrArray *model, guint index, RdxValue *value)
{
  g_ptr_array_insert (model, index, rdx_value_ref (value));
  replace (list, rdx_list_insert (*list, index, value));
  rdx_value_unref (value);
  assert_ptr_equal (rdx_list_get (*list, index), model->pdata[index]);
}

static void
do_set (RdxValue **list, GPtrArray *model, guint index, RdxValue *value)
{
  rdx_value_unref (model->pdata[index]);
  model->pdata[index] = rdx_value_ref (value);
  replace (list, rdx_list_set (*list, index, value));
  rdx_value_unref (value);
  assert_ptr_equal (rdx_list_get (*list, index), model->pdata[index]);
}

static void
do_remove (RdxValue **list, GPtrArray *model, guint index)
{
  g_ptr_array_remove_index (model, index);
  replace (list, rdx_list_remove (*list, index));
  if (index < model->len)
    assert_ptr_equal (rdx_list_get (*list, index), model->pdata[index]);
}

/* Checks length, every get, iteration, and the ends. */
static void
assert_list_matches (RdxValue *list, GPtrArray *model)
{
  RdxListIter iter;
  RdxValue   *value;
  guint       i = 0;

  assert_int_equal (rdx_value_get_kind (list), RDX_VALUE_LIST);
  assert_int_equal (rdx_list_length (list), model->len);
  for (guint k = 0; k < model->len; k++)
    assert_ptr_equal (rdx_list_get (list, k), model->pdata[k]);
  assert_null (rdx_list_get (list, model->len));
  assert_null (rdx_list_get (list, model->len + 1));
  assert_null (rdx_list_get (list, G_MAXUINT));

  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &value))
    {
      assert_true (i < model->len);
      assert_ptr_equal (value, model->pdata[i]);
      i++;
    }
  assert_int_equal (i, model->len);
  assert_false (rdx_list_iter_next (&iter, &value));
}

/* A new distinct (allocated) value. */
static RdxValue *
item (guint i)
{
  return rdx_value_new_printf ("item %u", i);
}

static RdxValue *
list_from_model (GPtrArray *model)
{
  RdxListBuilder *builder = rdx_list_builder_new (NULL);

  for (guint i = 0; i < model->len; i++)
    rdx_list_builder_append (builder, model->pdata[i]);
  return rdx_list_builder_end (builder);
}

/* Empty, one element */

static void
test_empty (void **state)
{
  g_autoptr (RdxValue) l = rdx_list_new ();
  g_autoptr (RdxValue) l2 = rdx_list_new ();
  g_autoptr (RdxValue) v = item (0);
  g_autoptr (RdxValue) inserted = NULL;
  g_autoptr (RdxValue) appended = NULL;
  g_autoptr (GPtrArray) model = model_new ();
  RdxTestLog  log;
  RdxListIter iter;
  RdxValue   *out = NULL;

  assert_int_equal (rdx_value_get_kind (l), RDX_VALUE_LIST);
  assert_int_equal (rdx_list_length (l), 0);
  assert_true (rdx_value_equal (l, l2));
  assert_int_equal (rdx_value_hash (l), rdx_value_hash (l2));
  rdx_list_iter_init (&iter, l);
  assert_false (rdx_list_iter_next (&iter, &out));
  assert_null (out);
  assert_list_matches (l, model);

  /* Reading out of range is not an error. */
  rdx_test_log_begin (&log);
  assert_null (rdx_list_get (l, 0));
  assert_null (rdx_list_get (l, 1));
  assert_null (rdx_list_get (l, G_MAXUINT));
  assert_int_equal (log.n_criticals, 0);

  /* Changing out of range is. */
  assert_null (rdx_list_set (l, 0, v));
  assert_null (rdx_list_remove (l, 0));
  assert_null (rdx_list_insert (l, 1, v));
  assert_int_equal (log.n_criticals, 3);
  rdx_test_log_end (&log);

  inserted = rdx_list_insert (l, 0, v);
  appended = rdx_list_append (l, v);
  assert_int_equal (rdx_list_length (inserted), 1);
  assert_ptr_equal (rdx_list_get (inserted, 0), v);
  assert_true (rdx_value_equal (inserted, appended));
  assert_int_equal (rdx_list_length (l), 0);
}

static void
test_one_element (void **state)
{
  g_autoptr (RdxValue) v = item (1);
  g_autoptr (RdxValue) w = item (2);
  g_autoptr (RdxValue) empty = rdx_list_new ();
  g_autoptr (RdxValue) one = rdx_list_append (empty, v);
  g_autoptr (RdxValue) same = NULL;
  g_autoptr (RdxValue) changed = NULL;
  g_autoptr (RdxValue) gone = NULL;
  g_autoptr (RdxValue) two = NULL;
  RdxTestLog log;

  assert_int_equal (rdx_list_length (one), 1);
  assert_ptr_equal (rdx_list_get (one, 0), v);
  assert_null (rdx_list_get (one, 1));
  assert_false (rdx_value_equal (one, empty));

  same = rdx_list_set (one, 0, v);
  assert_ptr_equal (same, one);

  changed = rdx_list_set (one, 0, w);
  assert_ptr_equal (rdx_list_get (changed, 0), w);
  assert_ptr_equal (rdx_list_get (one, 0), v);

  gone = rdx_list_remove (one, 0);
  assert_int_equal (rdx_list_length (gone), 0);
  assert_true (rdx_value_equal (gone, empty));
  assert_int_equal (rdx_value_hash (gone), rdx_value_hash (empty));

  two = rdx_list_insert (one, 0, w);
  assert_ptr_equal (rdx_list_get (two, 0), w);
  assert_ptr_equal (rdx_list_get (two, 1), v);

  rdx_test_log_begin (&log);
  assert_null (rdx_list_set (one, 1, w));
  assert_null (rdx_list_remove (one, 1));
  assert_null (rdx_list_insert (one, 2, w));
  assert_int_equal (log.n_criticals, 3);
  rdx_test_log_end (&log);
  assert_int_equal (rdx_list_length (one), 1);
}

/* Boundaries at many sizes */

static void
check_boundaries (guint n)
{
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (RdxValue) list = rdx_list_new ();
  g_autoptr (RdxValue) built = NULL;
  g_autoptr (RdxValue) original = NULL;
  g_autoptr (GPtrArray) original_model = NULL;
  RdxTestLog log;

  for (guint i = 0; i < n; i++)
    do_append (&list, model, item (i));
  assert_list_matches (list, model);
  built = list_from_model (model);
  assert_list_matches (built, model);
  assert_true (rdx_value_equal (list, built));
  assert_int_equal (rdx_value_hash (list), rdx_value_hash (built));

  original = rdx_value_ref (list);
  original_model = model_copy (model);

  do_insert (&list, model, 0, item (1000000));
  assert_list_matches (list, model);
  do_insert (&list, model, model->len, item (1000001));
  assert_list_matches (list, model);
  do_insert (&list, model, model->len - 1, item (1000002));
  assert_list_matches (list, model);
  do_set (&list, model, 0, item (1000003));
  do_set (&list, model, model->len - 1, item (1000004));
  assert_list_matches (list, model);
  do_remove (&list, model, 0);
  assert_list_matches (list, model);
  do_remove (&list, model, model->len - 1);
  assert_list_matches (list, model);
  do_remove (&list, model, model->len / 2);
  assert_list_matches (list, model);

  rdx_test_log_begin (&log);
  {
    g_autoptr (RdxValue) v = item (0);
    guint len = rdx_list_length (list);

    assert_null (rdx_list_set (list, len, v));
    assert_null (rdx_list_remove (list, len));
    assert_null (rdx_list_insert (list, len + 1, v));
    assert_null (rdx_list_set (list, G_MAXUINT, v));
    assert_null (rdx_list_remove (list, G_MAXUINT));
    assert_null (rdx_list_insert (list, G_MAXUINT, v));
  }
  assert_int_equal (log.n_criticals, 6);
  rdx_test_log_end (&log);

  /* The list it started from did not change. */
  assert_list_matches (original, original_model);
  assert_list_matches (built, original_model);
}

static void
test_boundaries (void **state)
{
  static const guint sizes[] = { 1,    2,    3,    7,    8,     9,     15,   16,  17,
                                 31,   32,   33,   63,   64,    65,    255,  256, 257,
                                 1023, 1024, 1025, 1056, 32767, 32768, 32769 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    check_boundaries (sizes[i]);
}

/* Large lists */

static void
test_large (void **state)
{
  const guint n = 100000;
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (GPtrArray) first_model = NULL;
  g_autoptr (RdxValue) list = rdx_list_new ();
  g_autoptr (RdxValue) first = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  guint rounds = quick () ? 600 : 6000;

  for (guint i = 0; i < n; i++)
    {
      do_append (&list, model, rdx_value_new_int (i));
      assert_int_equal (rdx_list_length (list), i + 1);
    }
  assert_list_matches (list, model);
  first = rdx_value_ref (list);
  first_model = model_copy (model);

  /* Insert and remove in the middle, over and over. */
  for (guint r = 0; r < rounds; r++)
    {
      guint len = model->len;
      guint mid = len / 2 + g_rand_int_range (rand, -100, 100);

      switch (r % 4)
        {
          case 0:
          case 1:
            do_insert (&list, model, mid, item (r));
            break;
          case 2:
            do_remove (&list, model, mid);
            break;
          default:
            do_set (&list, model, g_rand_int_range (rand, 0, len), item (r));
            break;
        }
      if (r % 1000 == 999)
        assert_list_matches (list, model);
    }
  assert_list_matches (list, model);
  assert_list_matches (first, first_model);
}

static void
test_middle_grow_and_shrink (void **state)
{
  /* Always at the middle: even splits on the way up, merges on the way
   * down. */
  const guint n = quick () ? 3000 : 20000;
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (RdxValue) list = rdx_list_new ();

  for (guint i = 0; i < n; i++)
    {
      do_insert (&list, model, model->len / 2, rdx_value_new_int (i));
      if (i % 2500 == 0)
        assert_list_matches (list, model);
    }
  assert_list_matches (list, model);
  for (guint i = 0; i < n; i++)
    {
      do_remove (&list, model, model->len / 2);
      if (i % 2500 == 0 || model->len < 70)
        assert_list_matches (list, model);
    }
  assert_int_equal (rdx_list_length (list), 0);
}

static void
test_remove_from_ends (void **state)
{
  const guint n = 5000;
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (RdxValue) list = rdx_list_new ();
  g_autoptr (RdxValue) full = NULL;
  g_autoptr (RdxValue) empty = rdx_list_new ();

  for (guint i = 0; i < n; i++)
    do_append (&list, model, rdx_value_new_int (i));
  full = rdx_value_ref (list);

  /* From the front. */
  for (guint i = 0; i < n; i++)
    {
      do_remove (&list, model, 0);
      if (i % 499 == 0 || model->len < 40)
        assert_list_matches (list, model);
    }
  assert_true (rdx_value_equal (list, empty));

  /* From the back. */
  replace (&list, rdx_value_ref (full));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (model, rdx_value_new_int (i));
  for (guint i = 0; i < n; i++)
    {
      do_remove (&list, model, model->len - 1);
      if (i % 499 == 0 || model->len < 40)
        assert_list_matches (list, model);
    }
  assert_true (rdx_value_equal (list, empty));
  assert_int_equal (rdx_list_length (full), n);
  assert_true (rdx_value_get_int (rdx_list_get (full, n - 1)) == n - 1);
}

static void
test_insert_at_front (void **state)
{
  const guint n = 5000;
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (RdxValue) list = rdx_list_new ();
  g_autoptr (RdxValue) appended = rdx_list_new ();

  for (guint i = 0; i < n; i++)
    do_insert (&list, model, 0, rdx_value_new_int (n - 1 - i));
  assert_list_matches (list, model);
  for (guint i = 0; i < n; i++)
    replace (&appended, rdx_list_append_take (appended, rdx_value_new_int (i)));

  /* Different tree shapes, the same list. */
  assert_true (rdx_value_equal (list, appended));
  assert_int_equal (rdx_value_hash (list), rdx_value_hash (appended));
  assert_int_equal (rdx_value_compare (list, appended), 0);
}

static void
test_update_cost (void **state)
{
  /* An update copies only the path to its position: O(log n) new
   * objects in a list of 100,000, wherever the position. */
  g_autoptr (RdxValue) list = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  RdxListBuilder *builder = rdx_list_builder_new (NULL);
  gint            worst[4] = { 0, 0, 0, 0 };

  for (guint i = 0; i < 100000; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  list = rdx_list_builder_end (builder);

  for (guint i = 0; i < 300; i++)
    {
      guint at = g_rand_int_range (rand, 0, 100000);

      for (guint k = 0; k < 4; k++)
        {
          gint      before = rdx_value_get_live_count_for_testing ();
          RdxValue *result;

          switch (k)
            {
              case 0:
                result = rdx_list_set (list, at, rdx_value_new_int (-1));
                break;
              case 1:
                result = rdx_list_insert (list, at, rdx_value_new_int (-1));
                break;
              case 2:
                result = rdx_list_remove (list, at);
                break;
              default:
                result = rdx_list_append_take (list, rdx_value_new_int (-1));
                break;
            }
          worst[k] = MAX (worst[k], rdx_value_get_live_count_for_testing () - before);
          rdx_value_unref (result);
          assert_int_equal (rdx_value_get_live_count_for_testing (), before);
        }
    }
  for (guint k = 0; k < 4; k++)
    {
      assert_true (worst[k] >= 2);
      assert_true (worst[k] <= 16);
    }
}

static void
test_iterate_while_deriving (void **state)
{
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (RdxValue) list = NULL;
  RdxListIter iter;
  RdxValue   *value;
  guint       i = 0;

  for (guint k = 0; k < 5000; k++)
    g_ptr_array_add (model, item (k));
  list = list_from_model (model);

  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &value))
    {
      g_autoptr (RdxValue) set = rdx_list_set (list, i, model->pdata[0]);
      g_autoptr (RdxValue) removed = rdx_list_remove (list, i);
      g_autoptr (RdxValue) inserted = rdx_list_insert (list, i, model->pdata[0]);
      g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (list);

      rdx_list_builder_append (builder, model->pdata[1]);
      assert_ptr_equal (value, model->pdata[i]);
      i++;
    }
  assert_int_equal (i, 5000);
  assert_list_matches (list, model);
}

/* Same pointers, persistence */

static void
test_set_same_value_returns_same_list (void **state)
{
  g_autoptr (RdxValue) v = item (7);
  g_autoptr (RdxValue) list = rdx_list_new ();
  gint before;

  for (guint i = 0; i < 3000; i++)
    replace (&list, i == 2000 ? rdx_list_append (list, v) : rdx_list_append_take (list, item (i)));
  before = rdx_value_get_live_count_for_testing ();
  {
    g_autoptr (RdxValue) same = rdx_list_set (list, 2000, v);
    g_autoptr (RdxValue) same_int = NULL;

    assert_ptr_equal (same, list);
    assert_int_equal (rdx_value_get_live_count_for_testing (), before);

    replace (&list, rdx_list_set (list, 5, rdx_value_new_int (5)));
    same_int = rdx_list_set (list, 5, rdx_value_new_int (5));
    assert_ptr_equal (same_int, list);
  }
}

static void
test_persistence (void **state)
{
  const guint n = 600;
  RdxValue   *versions[601];
  RdxValue   *list = rdx_list_new ();

  /* versions[i] is [0, 1, ..., i - 1]. */
  versions[0] = rdx_value_ref (list);
  for (guint i = 0; i < n; i++)
    {
      replace (&list, rdx_list_append_take (list, rdx_value_new_int (i)));
      versions[i + 1] = rdx_value_ref (list);
    }
  /* Change the newest a lot. */
  for (guint i = 0; i < n; i += 3)
    replace (&list, rdx_list_set (list, i, rdx_value_new_int (-1)));
  for (guint i = 0; i < n / 2; i++)
    replace (&list, rdx_list_remove (list, i));
  for (guint i = 0; i < 50; i++)
    replace (&list, rdx_list_insert (list, i * 3, rdx_value_new_int (-2)));

  for (guint v = 0; v <= n; v++)
    {
      assert_int_equal (rdx_list_length (versions[v]), v);
      for (guint i = 0; i < v; i++)
        assert_true (rdx_value_get_int (rdx_list_get (versions[v], i)) == i);
      rdx_value_unref (versions[v]);
    }
  rdx_value_unref (list);
}

/* Taking constructors */

static void
test_new_take (void **state)
{
  g_autoptr (RdxValue) empty = rdx_list_new_take (NULL, NULL);
  g_autoptr (RdxValue) l = rdx_list_new_take (rdx_value_new_string ("a"), rdx_value_new_int (2),
                                              rdx_map_new (), rdx_list_new (), NULL);

  assert_int_equal (rdx_value_get_kind (empty), RDX_VALUE_LIST);
  assert_int_equal (rdx_list_length (empty), 0);
  assert_int_equal (rdx_list_length (l), 4);
  assert_string_equal (rdx_value_get_string (rdx_list_get (l, 0)), "a");
  assert_true (rdx_value_get_int (rdx_list_get (l, 1)) == 2);
  assert_true (rdx_value_is_map (rdx_list_get (l, 2)));
  assert_true (rdx_value_is_list (rdx_list_get (l, 3)));
}

static void
test_append_take (void **state)
{
  g_autoptr (RdxValue) l = rdx_list_new ();
  g_autoptr (RdxValue) l2 = NULL;
  RdxValue *s = item (1);

  l2 = rdx_list_append_take (l, s);
  assert_ptr_equal (rdx_list_get (l2, 0), s);
  assert_int_equal (rdx_list_length (l), 0);
}

/* Builder */

static void
test_builder_from_null (void **state)
{
  const guint n = 100000;
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (RdxValue) list = NULL;
  g_autoptr (RdxValue) by_append = rdx_list_new ();

  assert_int_equal (rdx_list_builder_length (builder), 0);
  for (guint i = 0; i < n; i++)
    {
      RdxValue *v = rdx_value_new_int (i * 7);

      rdx_list_builder_append (builder, v);
      g_ptr_array_add (model, v);
      assert_int_equal (rdx_list_builder_length (builder), i + 1);
    }
  list = rdx_list_builder_end (g_steal_pointer (&builder));
  assert_list_matches (list, model);

  for (guint i = 0; i < n; i++)
    replace (&by_append, rdx_list_append (by_append, model->pdata[i]));
  assert_true (rdx_value_equal (list, by_append));
  assert_int_equal (rdx_value_hash (list), rdx_value_hash (by_append));
}

static void
test_builder_empty (void **state)
{
  g_autoptr (RdxValue) empty = rdx_list_builder_end (rdx_list_builder_new (NULL));
  g_autoptr (RdxValue) base = rdx_list_new ();
  g_autoptr (RdxValue) from_empty = rdx_list_builder_end (rdx_list_builder_new (base));

  assert_int_equal (rdx_value_get_kind (empty), RDX_VALUE_LIST);
  assert_int_equal (rdx_list_length (empty), 0);
  assert_int_equal (rdx_list_length (from_empty), 0);
}

static void
check_builder_from_base (guint base_len, guint extra)
{
  g_autoptr (GPtrArray) base_model = model_new ();
  g_autoptr (GPtrArray) model = NULL;
  g_autoptr (RdxValue) base = NULL;
  g_autoptr (RdxValue) result = NULL;
  g_autoptr (RdxListBuilder) builder = NULL;
  guint base_hash;

  for (guint i = 0; i < base_len; i++)
    g_ptr_array_add (base_model, item (i));
  base = list_from_model (base_model);
  base_hash = rdx_value_hash (base);
  model = model_copy (base_model);

  builder = rdx_list_builder_new (base);
  assert_int_equal (rdx_list_builder_length (builder), base_len);
  for (guint i = 0; i < extra; i++)
    {
      RdxValue *v = item (base_len + i);

      g_ptr_array_add (model, rdx_value_ref (v));
      rdx_list_builder_append_take (builder, v);
      if (i % 1000 == 0)
        assert_list_matches (base, base_model);
    }
  assert_int_equal (rdx_list_builder_length (builder), base_len + extra);
  result = rdx_list_builder_end (g_steal_pointer (&builder));
  assert_list_matches (result, model);
  assert_list_matches (base, base_model);
  assert_int_equal (rdx_value_hash (base), base_hash);
}

static void
test_builder_from_base (void **state)
{
  static const guint sizes[] = { 1, 31, 32, 33, 1000, 1024, 1025, 40000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      check_builder_from_base (sizes[i], 1);
      check_builder_from_base (sizes[i], 33);
      check_builder_from_base (sizes[i], 5000);
    }
}

static void
test_builder_twice_from_one_base (void **state)
{
  g_autoptr (RdxValue) base = NULL;
  g_autoptr (RdxListBuilder) b1 = NULL;
  g_autoptr (RdxListBuilder) b2 = NULL;
  g_autoptr (RdxValue) r1 = NULL;
  g_autoptr (RdxValue) r2 = NULL;
  g_autoptr (RdxValue) appended = NULL;
  RdxListBuilder *b = rdx_list_builder_new (NULL);

  for (guint i = 0; i < 2000; i++)
    rdx_list_builder_append_take (b, rdx_value_new_int (i));
  base = rdx_list_builder_end (b);

  b1 = rdx_list_builder_new (base);
  b2 = rdx_list_builder_new (base);
  for (guint i = 0; i < 3000; i++)
    {
      rdx_list_builder_append_take (b1, rdx_value_new_int (-1));
      rdx_list_builder_append_take (b2, rdx_value_new_int (-2));
    }
  appended = rdx_list_append_take (base, rdx_value_new_int (-3));
  r1 = rdx_list_builder_end (g_steal_pointer (&b1));
  r2 = rdx_list_builder_end (g_steal_pointer (&b2));

  assert_int_equal (rdx_list_length (base), 2000);
  assert_int_equal (rdx_list_length (r1), 5000);
  assert_int_equal (rdx_list_length (r2), 5000);
  for (guint i = 0; i < 5000; i++)
    {
      gint64 expected = i < 2000 ? (gint64) i : -1;

      if (i < 2000)
        assert_true (rdx_value_get_int (rdx_list_get (base, i)) == i);
      assert_true (rdx_value_get_int (rdx_list_get (r1, i)) == expected);
      assert_true (rdx_value_get_int (rdx_list_get (r2, i)) == (i < 2000 ? (gint64) i : -2));
    }
  assert_true (rdx_value_get_int (rdx_list_get (appended, 2000)) == -3);
  assert_int_equal (rdx_list_length (appended), 2001);
}

static void
test_builder_free_without_end (void **state)
{
  g_autoptr (RdxValue) base = rdx_list_new_take (item (1), item (2), NULL);
  gint            before = rdx_value_get_live_count_for_testing ();
  RdxListBuilder *builder = rdx_list_builder_new (base);

  for (guint i = 0; i < 3000; i++)
    rdx_list_builder_append_take (builder, item (i));
  rdx_list_builder_free (builder);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);
  assert_int_equal (rdx_list_length (base), 2);

  /* From NULL too. */
  builder = rdx_list_builder_new (NULL);
  for (guint i = 0; i < 3000; i++)
    rdx_list_builder_append_take (builder, item (i));
  rdx_list_builder_free (builder);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);
}

static void
test_builder_then_update (void **state)
{
  /* A list made by a builder is an ordinary immutable list afterwards. */
  g_autoptr (GPtrArray) model = model_new ();
  g_autoptr (RdxValue) built = NULL;
  g_autoptr (RdxValue) list = NULL;
  g_autoptr (GPtrArray) built_model = NULL;

  for (guint i = 0; i < 3000; i++)
    g_ptr_array_add (model, rdx_value_new_int (i));
  built = list_from_model (model);
  built_model = model_copy (model);

  list = rdx_value_ref (built);
  do_append (&list, model, item (1));
  do_insert (&list, model, 1500, item (2));
  do_set (&list, model, 10, item (3));
  do_remove (&list, model, 2999);
  assert_list_matches (list, model);
  assert_list_matches (built, built_model);
}

/* Common prefix and suffix */

static void
test_common_prefix_suffix (void **state)
{
  const guint n = 100000;
  g_autoptr (RdxValue) a = NULL;
  g_autoptr (RdxValue) appended = NULL;
  g_autoptr (RdxValue) other = NULL;
  RdxListBuilder    *builder = rdx_list_builder_new (NULL);
  static const guint positions[] = { 0, 1, 31, 32, 33, 1000, 50000, 65535, 99967, 99998, 99999 };

  for (guint i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  a = rdx_list_builder_end (builder);

  assert_int_equal (rdx_list_common_prefix (a, a), n);
  assert_int_equal (rdx_list_common_suffix (a, a, n), n);

  /* One append. */
  appended = rdx_list_append_take (a, rdx_value_new_int (-1));
  assert_int_equal (rdx_list_common_prefix (a, appended), n);
  assert_int_equal (rdx_list_common_prefix (appended, a), n);
  assert_int_equal (rdx_list_common_suffix (a, appended, n), 0);

  /* One set. */
  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    {
      guint i = positions[p];
      g_autoptr (RdxValue) b = rdx_list_set (a, i, rdx_value_new_int (-1));
      g_autoptr (RdxValue) c = NULL;
      g_autoptr (RdxValue) d = NULL;

      assert_int_equal (rdx_list_common_prefix (a, b), i);
      assert_int_equal (rdx_list_common_prefix (b, a), i);
      assert_int_equal (rdx_list_common_suffix (a, b, n - i), n - i - 1);
      assert_int_equal (rdx_list_common_suffix (b, a, n - i), n - i - 1);
      /* The limit caps it. */
      assert_int_equal (rdx_list_common_suffix (a, b, 3), MIN (3, n - i - 1));

      /* One insert, one remove. */
      c = rdx_list_insert (a, i, rdx_value_new_int (-1));
      assert_int_equal (rdx_list_common_prefix (a, c), i);
      assert_int_equal (rdx_list_common_suffix (a, c, n - i), n - i);
      d = rdx_list_remove (a, i);
      assert_int_equal (rdx_list_common_prefix (a, d), i);
      assert_int_equal (rdx_list_common_suffix (a, d, n - 1 - i), n - i - 1);
    }

  /* Built separately: no shared nodes, but the same immediates. */
  other = rdx_list_set (a, 70000, rdx_value_new_int (-5));
  {
    g_autoptr (RdxValue) rebuilt = NULL;
    RdxListBuilder *b2 = rdx_list_builder_new (NULL);

    for (guint i = 0; i < n; i++)
      rdx_list_builder_append_take (b2, rdx_value_new_int (i == 70000 ? -5 : (gint64) i));
    rebuilt = rdx_list_builder_end (b2);
    assert_int_equal (rdx_list_common_prefix (a, rebuilt), 70000);
    assert_int_equal (rdx_list_common_prefix (other, rebuilt), n);
  }
}

static void
test_common_suffix_limit (void **state)
{
  /* The limit caps the count exactly, also where it falls inside a shared
   * node (a built list has full nodes of 32, 1024, ... elements). */
  const guint     n = 40000;
  RdxListBuilder *builder = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) a = NULL;
  g_autoptr (RdxValue) b = NULL;
  static const guint limits[] = { 0,     1,     2,     7,     8,     9,     31,    32,       33,
                                  63,    64,    65,    1023,  1024,  1025,  2047,  2048,     2049,
                                  32767, 32768, 32769, 39998, 39999, 40000, 40001, G_MAXUINT };

  for (guint i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  a = rdx_list_builder_end (builder);
  b = rdx_list_set (a, 0, rdx_value_new_int (-1));

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      assert_int_equal (rdx_list_common_suffix (a, b, limits[i]), MIN (limits[i], n - 1));
      assert_int_equal (rdx_list_common_suffix (a, a, limits[i]), MIN (limits[i], n));
    }
}

static void
test_compact_after_removals (void **state)
{
  /* Removing most elements one by one leaves a list whose size follows its
   * length, not its history: nodes that run low are merged. */
  const guint     n = 50000;
  const guint     keep = 1000;
  RdxListBuilder *builder = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) list = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (77);
  gint before = rdx_value_get_live_count_for_testing ();
  gint cost;

  for (guint i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i)); /* immediates */
  list = rdx_list_builder_end (builder);
  for (guint len = n; len > keep; len--)
    replace (&list, rdx_list_remove (list, g_rand_int_range (rand, 0, len)));
  assert_int_equal (rdx_list_length (list), keep);

  /* The elements are immediates: what is alive is the list's nodes. Full
   * leaves would be keep / RDX_LIST_BRANCH; a node may run down to
   * RDX_LIST_MIN entries, and the inner nodes add at most half as many
   * again. */
  cost = rdx_value_get_live_count_for_testing () - before;
  assert_true (cost >= (gint) (keep / RDX_LIST_BRANCH));
  assert_true (cost <= (gint) (keep * 3 / (2 * RDX_LIST_MIN) + 16));
}

/* Wrong kinds */

static void
test_wrong_kind (void **state)
{
  g_autoptr (RdxValue) map = rdx_map_new ();
  g_autoptr (RdxValue) list = rdx_list_new ();
  g_autoptr (RdxValue) v = rdx_value_new_int (1);
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_null (rdx_list_get (map, 0));
  assert_null (rdx_list_append (map, v));
  assert_null (rdx_list_set (map, 0, v));
  assert_null (rdx_list_insert (map, 0, v));
  assert_null (rdx_list_remove (map, 0));
  assert_int_equal (rdx_list_length (map), 0);
  assert_null (rdx_list_get (NULL, 0));
  assert_null (rdx_list_append (list, NULL));
  assert_int_equal (log.n_criticals, 8);
  rdx_test_log_end (&log);
}

static void
test_iter_init_wrong_kind (void **state)
{
  /* A programming error is a critical, never a crash: an iterator that
   * init refused must still be safe to call next on, and be at its end. */
  g_autoptr (RdxValue) other = rdx_map_new ();
  RdxListIter iter;
  RdxValue   *value = NULL;
  RdxTestLog  log;
  gboolean    more;

  memset (&iter, 0xab, sizeof iter); /* what an uninitialised stack holds */
  rdx_test_log_begin (&log);
  rdx_list_iter_init (&iter, other);
  assert_int_equal (log.n_criticals, 1);
  more = rdx_list_iter_next (&iter, &value);
  rdx_test_log_end (&log);
  assert_false (more);
}

/* Equality of lists that share a long prefix: what follows it is compared
 * by value, not by pointer. */
static void
test_equal_after_shared_prefix (void **state)
{
  RdxListBuilder *builder = rdx_list_builder_new (NULL);
  RdxValue       *base, *same, *different, *last;
  guint           i, n = 10000;

  for (i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_printf ("item %u", i));
  base = rdx_list_builder_end (builder);

  /* An equal string in a new allocation at 5000. */
  same = rdx_list_set (base, 5000, rdx_value_new_printf ("item %u", 5000));
  rdx_value_unref (rdx_list_get (same, 5000)); /* set took its own reference */
  assert_ptr_not_equal (rdx_list_get (same, 5000), rdx_list_get (base, 5000));
  assert_true (rdx_value_equal (base, same));
  assert_int_equal (rdx_value_hash (base), rdx_value_hash (same));

  different = rdx_list_set (base, 5000, rdx_value_new_string ("other"));
  rdx_value_unref (rdx_list_get (different, 5000));
  assert_false (rdx_value_equal (base, different));

  last = rdx_list_set (base, n - 1, rdx_value_new_string ("other"));
  rdx_value_unref (rdx_list_get (last, n - 1));
  assert_false (rdx_value_equal (base, last));
  assert_false (rdx_value_equal (same, last));

  rdx_value_unref (last);
  rdx_value_unref (different);
  rdx_value_unref (same);
  rdx_value_unref (base);
}

/* Owned updates (issue 17): a run of random appends and sets through the
 * owned functions gives the same lists as the persistent ones, in place
 * while nobody else holds the list, and the versions kept along the way
 * (as a history would) stay exactly what they were. */
static void
test_owned_updates (void **state)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  g_autoptr (GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  RdxValue *persistent = rdx_list_new ();
  RdxValue *owned = rdx_list_new ();
  guint     n_in_place = 0;

  for (guint step = 1; step <= 3000; step++)
    {
      RdxValue *before = owned;
      guint     length = rdx_list_length (persistent);
      RdxValue *v = step % 3 == 0 ? rdx_value_new_printf ("s%u", step) : rdx_value_new_int (step);
      RdxValue *next;

      if (length == 0 || g_rand_boolean (rand))
        {
          next = rdx_list_append (persistent, v);
          owned = rdx_list_append_owned (owned, rdx_value_ref (v));
        }
      else
        {
          guint index = g_rand_int_range (rand, 0, length);

          next = rdx_list_set (persistent, index, v);
          owned = rdx_list_set_owned (owned, index, rdx_value_ref (v));
        }
      rdx_value_unref (v);
      rdx_value_unref (persistent);
      persistent = next;
      n_in_place += owned == before;
      assert_int_equal (rdx_list_length (owned), rdx_list_length (persistent));
      if (step % 250 == 0)
        {
          /* Kept: the next updates must copy what it holds. */
          assert_true (rdx_value_equal (owned, persistent));
          g_ptr_array_add (kept, rdx_value_ref (owned));
          g_ptr_array_add (copies, rdx_value_ref (persistent));
        }
    }
  assert_true (rdx_value_equal (owned, persistent));
  assert_int_equal (rdx_value_hash (owned), rdx_value_hash (persistent));
  for (guint i = 0; i < kept->len; i++)
    assert_true (rdx_value_equal (kept->pdata[i], copies->pdata[i]));
  assert_true (n_in_place > 2000);
  rdx_value_unref (owned);
  rdx_value_unref (persistent);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    LIST_TEST (test_empty),
    LIST_TEST (test_one_element),
    LIST_TEST (test_boundaries),
    LIST_TEST (test_large),
    LIST_TEST (test_middle_grow_and_shrink),
    LIST_TEST (test_remove_from_ends),
    LIST_TEST (test_insert_at_front),
    LIST_TEST (test_update_cost),
    LIST_TEST (test_iterate_while_deriving),
    LIST_TEST (test_set_same_value_returns_same_list),
    LIST_TEST (test_persistence),
    LIST_TEST (test_new_take),
    LIST_TEST (test_append_take),
    LIST_TEST (test_builder_from_null),
    LIST_TEST (test_builder_empty),
    LIST_TEST (test_builder_from_base),
    LIST_TEST (test_builder_twice_from_one_base),
    LIST_TEST (test_builder_free_without_end),
    LIST_TEST (test_builder_then_update),
    LIST_TEST (test_common_prefix_suffix),
    LIST_TEST (test_common_suffix_limit),
    LIST_TEST (test_compact_after_removals),
    LIST_TEST (test_wrong_kind),
    /* Last: until it is fixed, it crashes. */
    LIST_TEST (test_iter_init_wrong_kind),
    LIST_TEST (test_equal_after_shared_prefix),
    LIST_TEST (test_owned_updates),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

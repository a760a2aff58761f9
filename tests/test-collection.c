/* test-collection.c: filter, map, find and sort over lists and maps, and
 * the sharing they keep
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

static RdxValue *
numbers (guint n)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  guint i;

  for (i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  return rdx_list_builder_end (g_steal_pointer (&builder));
}

static gboolean
is_even (RdxValue *value, gpointer user_data)
{
  (*(guint *) user_data)++;
  return rdx_value_get_int (value) % 2 == 0;
}

static gboolean
not_equal_to (RdxValue *value, gpointer user_data)
{
  return rdx_value_get_int (value) != GPOINTER_TO_INT (user_data);
}

static gboolean
always (RdxValue *value, gpointer user_data)
{
  return TRUE;
}

static void
test_list_filter (void **state)
{
  g_autoptr (RdxValue) list = numbers (10);
  g_autoptr (RdxValue) evens = NULL;
  g_autoptr (RdxValue) all = NULL;
  g_autoptr (RdxValue) big = numbers (1000);
  g_autoptr (RdxValue) one_less = NULL;
  guint calls = 0;

  evens = rdx_list_filter (list, is_even, &calls);
  assert_int_equal (calls, 10); /* once per element */
  rdx_test_assert_json (evens, "[0,2,4,6,8]");
  rdx_test_assert_json (list, "[0,1,2,3,4,5,6,7,8,9]");

  /* Keeping everything gives the list itself. */
  all = rdx_list_filter (list, always, NULL);
  assert_ptr_equal (all, list);

  /* Dropping a few keeps the rest of the list's nodes. */
  one_less = rdx_list_filter (big, not_equal_to, GINT_TO_POINTER (500));
  assert_int_equal (rdx_list_length (one_less), 999);
  assert_int_equal (rdx_value_get_int (rdx_list_get (one_less, 500)), 501);
  assert_int_equal (
    rdx_list_common_prefix (one_less, big) + rdx_list_common_suffix (one_less, big, 999), 999);
  {
    g_autoptr (RdxValue) empty = rdx_list_filter (rdx_list_new (), always, NULL);

    assert_int_equal (rdx_list_length (empty), 0);
  }
}

static RdxValue *
double_odd (RdxValue *value, gpointer user_data)
{
  gint64 v = rdx_value_get_int (value);

  return v % 2 == 1 ? rdx_value_new_int (v * 2) : rdx_value_ref (value);
}

static RdxValue *
identity (RdxValue *value, gpointer user_data)
{
  return rdx_value_ref (value);
}

static void
test_list_map (void **state)
{
  g_autoptr (RdxValue) list = rdx_test_value ("[1,2,3,{\"a\":1}]");
  g_autoptr (RdxValue) same = rdx_list_map (list, identity, NULL);
  g_autoptr (RdxValue) mapped = NULL;

  assert_ptr_equal (same, list);
  {
    g_autoptr (RdxValue) ints = rdx_test_value ("[1,2,3]");

    mapped = rdx_list_map (ints, double_odd, NULL);
    rdx_test_assert_json (mapped, "[2,2,6]");
    rdx_test_assert_json (ints, "[1,2,3]");
  }
}

static gboolean
has_id (RdxValue *value, gpointer user_data)
{
  return rdx_map_get_int (value, "id", -1) == GPOINTER_TO_INT (user_data);
}

static void
test_list_find (void **state)
{
  g_autoptr (RdxValue) items =
    rdx_test_value ("[{\"id\":1},{\"id\":2},{\"id\":2,\"second\":true}]");
  guint index = 99;

  assert_ptr_equal (rdx_list_find (items, has_id, GINT_TO_POINTER (2), &index),
                    rdx_list_get (items, 1));
  assert_int_equal (index, 1);
  index = 99;
  assert_null (rdx_list_find (items, has_id, GINT_TO_POINTER (5), &index));
  assert_int_equal (index, 99);
  assert_non_null (rdx_list_find (items, has_id, GINT_TO_POINTER (1), NULL));
}

static int
by_name (RdxValue *a, RdxValue *b, gpointer user_data)
{
  return strcmp (rdx_map_get_string (a, "name", ""), rdx_map_get_string (b, "name", ""));
}

static void
test_list_sort (void **state)
{
  g_autoptr (RdxValue) list = rdx_test_value ("[3,1,2,1]");
  g_autoptr (RdxValue) sorted = rdx_list_sort (list, NULL, NULL);
  g_autoptr (RdxValue) again = rdx_list_sort (sorted, NULL, NULL);
  g_autoptr (RdxValue) people =
    rdx_test_value ("[{\"name\":\"b\",\"n\":1},{\"name\":\"a\",\"n\":2},{\"name\":\"b\",\"n\":3}]");
  g_autoptr (RdxValue) by = rdx_list_sort (people, by_name, NULL);

  rdx_test_assert_json (sorted, "[1,1,2,3]");
  assert_ptr_equal (again, sorted); /* sorted already */
  /* Stable: the two "b" keep their order. */
  rdx_test_assert_json (
    by, "[{\"n\":2,\"name\":\"a\"},{\"n\":1,\"name\":\"b\"},{\"n\":3,\"name\":\"b\"}]");
  assert_ptr_equal (rdx_list_get (by, 0), rdx_list_get (people, 1));
}

static gboolean
positive (RdxValue *value, gpointer user_data)
{
  return rdx_value_get_int (value) > 0;
}

static RdxValue *
negate_negative (RdxValue *value, gpointer user_data)
{
  gint64 v = rdx_value_get_int (value);

  return v < 0 ? rdx_value_new_int (-v) : rdx_value_ref (value);
}

static void
test_maps (void **state)
{
  g_autoptr (RdxValue) map = rdx_test_value ("{\"a\":1,\"b\":-2,\"c\":3,\"d\":0}");
  g_autoptr (RdxValue) filtered = rdx_map_filter (map, positive, NULL);
  g_autoptr (RdxValue) all = rdx_map_filter (map, always, NULL);
  g_autoptr (RdxValue) absolute = rdx_map_map (map, negate_negative, NULL);
  g_autoptr (RdxValue) same = rdx_map_map (map, identity, NULL);
  g_autoptr (RdxValue) sorted = rdx_map_sort (map, NULL, NULL);
  g_autoptr (RdxValue) ties = rdx_test_value ("{\"z\":1,\"y\":1,\"x\":0}");
  g_autoptr (RdxValue) tie_sorted = rdx_map_sort (ties, NULL, NULL);
  const char *key = NULL;

  rdx_test_assert_json (filtered, "{\"a\":1,\"c\":3}");
  assert_ptr_equal (all, map);
  rdx_test_assert_json (absolute, "{\"a\":1,\"b\":2,\"c\":3,\"d\":0}");
  assert_ptr_equal (same, map);
  rdx_test_assert_json (sorted, "[-2,0,1,3]");
  rdx_test_assert_json (map, "{\"a\":1,\"b\":-2,\"c\":3,\"d\":0}");

  /* Equal values come in key order: "y" before "z". */
  rdx_test_assert_json (tie_sorted, "[0,1,1]");
  assert_ptr_equal (rdx_list_get (tie_sorted, 1), rdx_map_get (ties, "y"));

  assert_int_equal (rdx_value_get_int (rdx_map_find (map, positive, NULL, &key)) > 0, TRUE);
  assert_true (strcmp (key, "a") == 0 || strcmp (key, "c") == 0);
  assert_ptr_equal (rdx_map_find (map, positive, NULL, NULL), rdx_map_get (map, key));
  assert_null (rdx_map_find (map, has_id, GINT_TO_POINTER (1), NULL));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_list_filter), rdx_test_leak_checked (test_list_map),
    rdx_test_leak_checked (test_list_find),   rdx_test_leak_checked (test_list_sort),
    rdx_test_leak_checked (test_maps),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("collection", tests, NULL, NULL);
}

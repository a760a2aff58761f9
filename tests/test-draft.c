/* test-draft.c: RdxDraft (several changes made as one, in place where only
 * the draft can see) and rdx_value_update_path()
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

static RdxValue *
bank (void)
{
  return rdx_test_value (
    "{\"accounts\":{\"a\":{\"balance\":10,\"name\":\"A\"},\"b\":{\"balance\":20,"
    "\"name\":\"B\"}},\"log\":[1,2,3],\"meta\":{\"n\":0}}");
}

static void
test_changes_and_sharing (void **state)
{
  g_autoptr (RdxValue) base = bank ();
  g_autofree char *before = rdx_value_to_json (base);
  g_autoptr (RdxDraft) draft = rdx_draft_new (base);
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (GError) error = NULL;

  assert_true (rdx_draft_set_int (draft, "/accounts/a/balance", 5));
  assert_true (rdx_draft_set_int (draft, "/accounts/b/balance", 25));
  assert_true (rdx_draft_set_string (draft, "/accounts/a/name", "Ada"));
  assert_true (rdx_draft_set_bool (draft, "/meta/dirty", TRUE));
  assert_true (rdx_draft_set_int (draft, "/log/-", 4));
  /* Reads see the draft as it is now. */
  assert_int_equal (rdx_value_get_int (rdx_draft_get (draft, "/accounts/a/balance")), 5);
  assert_int_equal (rdx_value_get_int (rdx_draft_get (draft, "/log/3")), 4);
  assert_int_equal (rdx_value_get_int (rdx_draft_get (draft, "/log/0")), 1);
  assert_null (rdx_draft_get (draft, "/accounts/c"));
  assert_null (rdx_draft_get (draft, "/log/9"));

  next = rdx_draft_finish (g_steal_pointer (&draft), &error);
  assert_null (error);
  rdx_test_assert_json (
    next, "{\"accounts\":{\"a\":{\"balance\":5,\"name\":\"Ada\"},\"b\":{\"balance\":25,"
          "\"name\":\"B\"}},\"log\":[1,2,3,4],\"meta\":{\"dirty\":true,\"n\":0}}");
  /* The base never changes. */
  rdx_test_assert_json (base, before);
}

static void
test_unchanged_parts_shared (void **state)
{
  g_autoptr (RdxValue) base = bank ();
  g_autoptr (RdxDraft) draft = rdx_draft_new (base);
  g_autoptr (RdxValue) next = NULL;

  rdx_draft_set_int (draft, "/accounts/a/balance", 11);
  next = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  assert_ptr_equal (rdx_value_get_path (next, "/accounts/b"),
                    rdx_value_get_path (base, "/accounts/b"));
  assert_ptr_equal (rdx_value_get_path (next, "/log"), rdx_value_get_path (base, "/log"));
  assert_ptr_equal (rdx_value_get_path (next, "/meta"), rdx_value_get_path (base, "/meta"));
  assert_ptr_not_equal (rdx_value_get_path (next, "/accounts/a"),
                        rdx_value_get_path (base, "/accounts/a"));
}

/* A draft that changes nothing, or puts back what is there, gives the base
 * itself. */
static void
test_no_change_gives_base (void **state)
{
  g_autoptr (RdxValue) base = bank ();
  g_autoptr (RdxDraft) draft = rdx_draft_new (base);
  g_autoptr (RdxValue) same = NULL;
  g_autoptr (RdxValue) again = NULL;

  same = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  assert_ptr_equal (same, base);

  draft = rdx_draft_new (base);
  rdx_draft_set (draft, "/accounts/a/balance", rdx_value_get_path (base, "/accounts/a/balance"));
  rdx_draft_set (draft, "/log/1", rdx_value_get_path (base, "/log/1"));
  rdx_draft_remove (draft, "/accounts/a/nothing");
  assert_non_null (rdx_draft_get (draft, "/accounts")); /* a read changes nothing */
  again = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  assert_ptr_equal (again, base);
}

/* After the first change under a map, the next ones are made in place:
 * the draft's copy keeps its address, and nothing more is allocated. */
static void
test_in_place (void **state)
{
  g_autoptr (RdxValue) base = bank ();
  g_autoptr (RdxDraft) draft = rdx_draft_new (base);
  g_autoptr (RdxValue) next = NULL;
  RdxValue *copy, *after;
  gint      live;
  guint     i;

  rdx_draft_set_int (draft, "/accounts/a/balance", 1);
  copy = rdx_draft_get (draft, "/accounts/a");
  assert_ptr_not_equal (copy, rdx_value_get_path (base, "/accounts/a"));

  live = rdx_value_get_live_count_for_testing ();
  for (i = 0; i < 100; i++)
    {
      rdx_draft_set_int (draft, "/accounts/a/balance", i);
      rdx_draft_set_int (draft, "/accounts/a/name", i);
    }
  assert_int_equal (rdx_value_get_live_count_for_testing (), live);
  after = rdx_draft_get (draft, "/accounts/a");
  assert_ptr_equal (after, copy);
  assert_int_equal (rdx_value_get_int (rdx_draft_get (draft, "/accounts/a/balance")), 99);

  next = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  assert_ptr_equal (rdx_value_get_path (next, "/accounts/a"), copy);
  rdx_test_assert_json (rdx_value_get_path (base, "/accounts/a"),
                        "{\"balance\":10,\"name\":\"A\"}");

  /* A value the caller keeps from rdx_draft_get() is not changed under
   * it: the draft copies instead. */
  draft = rdx_draft_new (next);
  rdx_draft_set_int (draft, "/meta/n", 1);
  {
    g_autoptr (RdxValue) kept = rdx_value_ref (rdx_draft_get (draft, "/meta"));
    g_autoptr (RdxValue) last = NULL;

    rdx_draft_set_int (draft, "/meta/n", 2);
    rdx_test_assert_json (kept, "{\"n\":1}");
    last = rdx_draft_finish (g_steal_pointer (&draft), NULL);
    rdx_test_assert_json (rdx_value_get_path (last, "/meta"), "{\"n\":2}");
  }
}

static void
test_lists (void **state)
{
  g_autoptr (RdxValue) base =
    rdx_test_value ("{\"items\":[{\"t\":\"a\"},{\"t\":\"b\"},{\"t\":\"c\"}]}");
  g_autoptr (RdxDraft) draft = rdx_draft_new (base);
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (RdxValue) x = rdx_test_value ("{\"t\":\"x\"}");

  assert_true (rdx_draft_set_bool (draft, "/items/1/done", TRUE)); /* opens /items/1 */
  assert_true (rdx_draft_insert (draft, "/items/0", x));           /* moves it to 2 */
  assert_true (rdx_draft_set_string (draft, "/items/2/t", "B"));
  rdx_test_assert_json (rdx_draft_get (draft, "/items/2"), "{\"done\":true,\"t\":\"B\"}");
  assert_true (rdx_draft_remove (draft, "/items/3"));
  assert_true (rdx_draft_set (draft, "/items/3", x)); /* the length: appends */
  assert_true (rdx_draft_insert (draft, "/items/-", x));
  assert_true (rdx_draft_set_take (draft, "/items/1", rdx_test_value ("{\"t\":\"A\"}")));

  next = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  rdx_test_assert_json (next, "{\"items\":[{\"t\":\"x\"},{\"t\":\"A\"},{\"done\":true,\"t\":\"B\"},"
                              "{\"t\":\"x\"},{\"t\":\"x\"}]}");
  rdx_test_assert_json (base, "{\"items\":[{\"t\":\"a\"},{\"t\":\"b\"},{\"t\":\"c\"}]}");

  /* Removing every element, then adding again. */
  draft = rdx_draft_new (base);
  rdx_draft_remove (draft, "/items/0");
  rdx_draft_remove (draft, "/items/0");
  rdx_draft_remove (draft, "/items/0");
  rdx_test_assert_json (rdx_draft_get (draft, "/items"), "[]");
  rdx_draft_set_int (draft, "/items/-", 1);
  g_clear_pointer (&next, rdx_value_unref);
  next = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  rdx_test_assert_json (next, "{\"items\":[1]}");
}

/* Random edits of a long list in one draft give what the persistent
 * updates give. */
static void
test_lists_random (void **state)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) base = NULL;
  g_autoptr (RdxValue) expected = NULL;
  g_autoptr (RdxValue) got = NULL;
  g_autoptr (RdxDraft) draft = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  guint  i;

  for (i = 0; i < 300; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  base = rdx_map_new_take ("l", rdx_list_builder_end (g_steal_pointer (&builder)), NULL);
  expected = rdx_value_ref (base);
  draft = rdx_draft_new (base);

  for (i = 0; i < 2000; i++)
    {
      guint            length = rdx_list_length (rdx_map_get (expected, "l"));
      guint            op = g_rand_int_range (rand, 0, 3);
      guint            at = g_rand_int_range (rand, 0, length + 1);
      g_autofree char *path = NULL;
      g_autoptr (RdxValue) value = rdx_value_new_int (1000 + i);
      g_autoptr (RdxValue) list = NULL;

      if (op != 1 && at == length)
        at = length > 0 ? length - 1 : 0;
      if (length == 0)
        op = 1;
      path = g_strdup_printf ("/l/%u", at);
      if (op == 0)
        {
          list = rdx_list_set (rdx_map_get (expected, "l"), at, value);
          assert_true (rdx_draft_set (draft, path, value));
        }
      else if (op == 1)
        {
          list = rdx_list_insert (rdx_map_get (expected, "l"), at, value);
          assert_true (rdx_draft_insert (draft, path, value));
        }
      else
        {
          list = rdx_list_remove (rdx_map_get (expected, "l"), at);
          assert_true (rdx_draft_remove (draft, path));
        }
      {
        RdxValue *next = rdx_map_set (expected, "l", list);

        rdx_value_unref (expected);
        expected = next;
      }
      if (i % 250 == 0)
        assert_true (rdx_value_equal (rdx_draft_get (draft, ""), expected));
    }
  got = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  assert_true (rdx_value_equal (got, expected));
  assert_int_equal (rdx_list_length (rdx_map_get (base, "l")), 300);
  g_rand_free (rand);
}

static void
test_created_maps_and_root (void **state)
{
  g_autoptr (RdxValue) base = rdx_test_value ("{}");
  g_autoptr (RdxDraft) draft = rdx_draft_new (base);
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (RdxValue) scalar = rdx_value_new_int (3);

  /* Missing maps on the way are made; removing under a missing map makes
   * nothing. */
  rdx_draft_set_int (draft, "/a/b/c", 1);
  rdx_draft_remove (draft, "/x/y");
  next = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  rdx_test_assert_json (next, "{\"a\":{\"b\":{\"c\":1}}}");

  /* The empty path is the root. */
  draft = rdx_draft_new (scalar);
  assert_int_equal (rdx_value_get_int (rdx_draft_get (draft, "")), 3);
  rdx_draft_set_take (draft, "", rdx_test_value ("{\"k\":[]}"));
  rdx_draft_set_int (draft, "/k/0", 9);
  g_clear_pointer (&next, rdx_value_unref);
  next = rdx_draft_finish (g_steal_pointer (&draft), NULL);
  rdx_test_assert_json (next, "{\"k\":[9]}");
}

static void
check_failure (RdxValue *base, const char *path, const char *message)
{
  g_autoptr (RdxDraft) draft = rdx_draft_new (base);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = rdx_value_to_json (base);

  assert_true (rdx_draft_set_int (draft, "/meta/n", 5));
  assert_false (rdx_draft_set_int (draft, path, 1));
  /* Sticky: later changes are refused, reads see nothing. */
  assert_false (rdx_draft_set_int (draft, "/meta/n", 6));
  assert_false (rdx_draft_remove (draft, "/meta/n"));
  assert_null (rdx_draft_get (draft, "/meta"));
  assert_null (rdx_draft_finish (g_steal_pointer (&draft), &error));
  assert_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH);
  if (strcmp (error->message, message) != 0)
    print_message ("expected: %s\n     got: %s\n", message, error->message);
  assert_string_equal (error->message, message);
  rdx_test_assert_json (base, before);
}

static void
test_failures (void **state)
{
  g_autoptr (RdxValue) base = bank ();
  g_autoptr (RdxValue) scalar = rdx_value_new_string ("s");
  g_autoptr (RdxDraft) draft = NULL;
  g_autoptr (GError) error = NULL;

  check_failure (base, "/accounts/a/name/x",
                 "The path \"/accounts/a/name/x\" goes through \"/accounts/a/name\", which is a "
                 "string, not a map or a list");
  check_failure (base, "/log/7",
                 "In the path \"/log/7\", \"7\" is not an index into the list at \"/log\", which "
                 "has 3 elements");
  check_failure (base, "/log/x/y",
                 "In the path \"/log/x/y\", \"x\" is not an index into the list at \"/log\", "
                 "which has 3 elements");
  check_failure (base, "log",
                 "The path \"log\" does not start with '/' (paths are JSON "
                 "Pointers, such as \"/accounts/acc-1\")");

  /* The same messages as rdx_value_set_path(). */
  {
    g_autoptr (GError) set_error = NULL;

    assert_null (rdx_value_set_path (base, "/log/7", scalar, &set_error));
    assert_string_equal (set_error->message, "In the path \"/log/7\", \"7\" is not an index into "
                                             "the list at \"/log\", which has 3 elements");
  }

  draft = rdx_draft_new (scalar);
  assert_false (rdx_draft_set_int (draft, "/a", 1));
  assert_null (rdx_draft_finish (g_steal_pointer (&draft), &error));
  assert_string_equal (error->message, "The path \"/a\" goes through \"\", which is a string, "
                                       "not a map or a list");
  g_clear_error (&error);

  draft = rdx_draft_new (base);
  assert_false (rdx_draft_remove (draft, ""));
  assert_false (rdx_draft_remove (draft, "/log/3"));
  assert_null (rdx_draft_finish (g_steal_pointer (&draft), &error));
  assert_string_equal (error->message, "The root cannot be removed; the empty path names the root");
}

/* Dropped unfinished, a draft frees all it made. */
/* A draft follows rdx_value_set_path(): "-" appends to a list and is an
 * error into a map or a missing value, never a member named "-". */
static void
test_dash_needs_a_list (void **state)
{
  static const char *const bad[] = { "/log/-", "/meta/-", "/new/-", "/new/-/x" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (RdxValue) empty = rdx_map_new ();
      g_autoptr (RdxDraft) draft = rdx_draft_new (empty);
      g_autoptr (RdxValue) next = NULL;
      g_autoptr (GError) error = NULL;

      if (i == 1)
        rdx_draft_set_take (draft, "/meta", rdx_map_new ());
      assert_false (rdx_draft_set_int (draft, bad[i], 1));
      next = rdx_draft_finish (g_steal_pointer (&draft), &error);
      assert_null (next);
      assert_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH);
      assert_non_null (strstr (error->message, "not a list"));
    }
}

static void
test_free_unfinished (void **state)
{
  g_autoptr (RdxValue) base = bank ();
  RdxDraft *draft = rdx_draft_new (base);

  rdx_draft_set_int (draft, "/accounts/a/balance", 1);
  rdx_draft_set_int (draft, "/log/0", 1);
  assert_non_null (rdx_draft_get (draft, "/log"));
  rdx_draft_free (draft);
  rdx_draft_free (NULL);
}

static RdxValue *
add_one (RdxValue *value, gpointer user_data, GError **error)
{
  (*(guint *) user_data)++;
  if (value == NULL)
    return rdx_value_new_int (1);
  if (!rdx_value_is_int (value))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a number");
      return NULL;
    }
  return rdx_value_new_int (rdx_value_get_int (value) + 1);
}

static RdxValue *
keep (RdxValue *value, gpointer user_data, GError **error)
{
  return rdx_value_ref (value);
}

static void
test_update_path (void **state)
{
  g_autoptr (RdxValue) base = bank ();
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (RdxValue) created = NULL;
  g_autoptr (RdxValue) same = NULL;
  g_autoptr (GError) error = NULL;
  guint calls = 0;

  next = rdx_value_update_path (base, "/accounts/b/balance", add_one, &calls, &error);
  assert_int_equal (calls, 1);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (next, "/accounts/b/balance")), 21);
  assert_ptr_equal (rdx_value_get_path (next, "/log"), rdx_value_get_path (base, "/log"));

  created = rdx_value_update_path (base, "/counters/x", add_one, &calls, &error);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (created, "/counters/x")), 1);

  same = rdx_value_update_path (base, "/meta", keep, NULL, &error);
  assert_ptr_equal (same, base);

  assert_null (rdx_value_update_path (base, "/accounts/a/name", add_one, &calls, &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  assert_null (rdx_value_update_path (base, "/log/5/x", add_one, &calls, &error));
  assert_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_changes_and_sharing),
    rdx_test_leak_checked (test_unchanged_parts_shared),
    rdx_test_leak_checked (test_no_change_gives_base),
    rdx_test_leak_checked (test_in_place),
    rdx_test_leak_checked (test_dash_needs_a_list),
    rdx_test_leak_checked (test_lists),
    rdx_test_leak_checked (test_lists_random),
    rdx_test_leak_checked (test_created_maps_and_root),
    rdx_test_leak_checked (test_failures),
    rdx_test_leak_checked (test_free_unfinished),
    rdx_test_leak_checked (test_update_path),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("draft", tests, NULL, NULL);
}

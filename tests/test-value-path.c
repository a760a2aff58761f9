/* test-value-path.c: JSON Pointer paths (RFC 6901) into values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define PATH_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* {
 *   "a": { "b": 1, "c": [10, 20, 30] },
 *   "a/b": "slash",
 *   "m~n": "tilde",
 *   "~1": "tilde one",
 *   "": "empty key",
 *   "list": [ { "x": 1 }, { "x": 2 } ],
 *   "s": "scalar",
 *   "big": { "k0": 0, ..., "k999": 999 }
 * }
 */
static RdxValue *
sample (void)
{
  RdxMapBuilder *big = rdx_map_builder_new (NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "k%u", i);
      rdx_map_builder_set_take (big, key, rdx_value_new_int (i));
    }

  return rdx_map_new_take (
    "a",
    rdx_map_new_take ("b", rdx_value_new_int (1), "c",
                      rdx_list_new_take (rdx_value_new_int (10), rdx_value_new_int (20),
                                         rdx_value_new_int (30), NULL),
                      NULL),
    "a/b", rdx_value_new_string ("slash"), "m~n", rdx_value_new_string ("tilde"), "~1",
    rdx_value_new_string ("tilde one"), "", rdx_value_new_string ("empty key"), "list",
    rdx_list_new_take (rdx_map_new_take ("x", rdx_value_new_int (1), NULL),
                       rdx_map_new_take ("x", rdx_value_new_int (2), NULL), NULL),
    "s", rdx_value_new_string ("scalar"), "big", rdx_map_builder_end (big), NULL);
}

static gint64
int_at (RdxValue *root, const char *path)
{
  RdxValue *v = rdx_value_get_path (root, path);

  assert_non_null (v);
  return rdx_value_get_int (v);
}

static const char *
string_at (RdxValue *root, const char *path)
{
  RdxValue *v = rdx_value_get_path (root, path);

  assert_non_null (v);
  return rdx_value_get_string (v);
}

/* Asserts that every top-level entry of @a is the same pointer in @b,
 * except @except. */
static void
assert_shares_except (RdxValue *a, RdxValue *b, const char *except)
{
  RdxMapIter  iter;
  const char *key;
  RdxValue   *value;

  rdx_map_iter_init (&iter, a);
  while (rdx_map_iter_next (&iter, &key, &value))
    {
      if (except != NULL && strcmp (key, except) == 0)
        assert_ptr_not_equal (rdx_map_get (b, key), value);
      else
        assert_ptr_equal (rdx_map_get (b, key), value);
    }
}

/* Get */

static void
test_get_root (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) scalar = rdx_value_new_int (5);

  assert_ptr_equal (rdx_value_get_path (root, ""), root);
  assert_ptr_equal (rdx_value_get_path (scalar, ""), scalar);
}

static void
test_get_nested (void **state)
{
  g_autoptr (RdxValue) root = sample ();

  assert_ptr_equal (rdx_value_get_path (root, "/a"), rdx_map_get (root, "a"));
  assert_true (int_at (root, "/a/b") == 1);
  assert_true (int_at (root, "/a/c/0") == 10);
  assert_true (int_at (root, "/a/c/2") == 30);
  assert_true (int_at (root, "/list/1/x") == 2);
  assert_true (int_at (root, "/big/k999") == 999);
  assert_true (rdx_value_is_list (rdx_value_get_path (root, "/a/c")));
}

static void
test_get_escapes (void **state)
{
  g_autoptr (RdxValue) root = sample ();

  assert_string_equal (string_at (root, "/a~1b"), "slash");
  assert_string_equal (string_at (root, "/m~0n"), "tilde");
  /* ~01 is "~1", not "/": ~1 is decoded first, then ~0. */
  assert_string_equal (string_at (root, "/~01"), "tilde one");
  /* "/" is the key "". */
  assert_string_equal (string_at (root, "/"), "empty key");
  /* Unescaped, "/a/b" goes through "a". */
  assert_true (int_at (root, "/a/b") == 1);
}

static void
test_get_missing (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  static const char *missing[] = {
    "/zzz",                         /* no such key */
    "/a/zzz",                       /* no such nested key */
    "/a/c/3",                       /* index == length */
    "/a/c/1000",                    /* index beyond */
    "/a/c/-",                       /* "-" names the element after the last: never there */
    "/a/c/x",                       /* not an index */
    "/a/c/-1",                      /* not an index */
    "/a/c/01",                      /* leading zeros are not allowed */
    "/a/c/1x",                      /* not an index */
    "/a/c/",                        /* "" is not an index */
    "/a/c/99999999999999999999999", /* overflows */
    "/a/c/4294967296",              /* 2^32: must not wrap to 0 */
    "/s/x",                         /* through a string */
    "/a/b/x",                       /* through an int */
    "/a/b/0",                       /* an index into an int */
    "/a~2b",                        /* invalid escape */
    "/a~",                          /* escape cut short */
    "a",                            /* no leading slash */
    "a/b",
    "#/a", /* URI fragments are not pointers */
    "/a/", /* key "" of "a": not there */
  };
  RdxTestLog log;

  rdx_test_log_begin (&log);
  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      if (rdx_value_get_path (root, missing[i]) != NULL)
        fail_msg ("rdx_value_get_path (\"%s\") found a value", missing[i]);
    }
  /* Not finding something is not a programming error. */
  assert_int_equal (log.n_criticals, 0);
  rdx_test_log_end (&log);
}

/* Set */

static void
test_set_replaces_and_shares (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) two = rdx_value_new_int (2);
  g_autoptr (RdxValue) updated = NULL;
  g_autoptr (RdxValue) deeper = NULL;
  g_autoptr (GError) error = NULL;
  RdxValue *old_a;
  RdxValue *new_a;

  updated = rdx_value_set_path (root, "/a/b", two, &error);
  assert_null (error);
  assert_non_null (updated);
  assert_true (int_at (updated, "/a/b") == 2);
  assert_true (int_at (root, "/a/b") == 1);

  /* Everything off the path is shared. */
  assert_shares_except (root, updated, "a");
  old_a = rdx_map_get (root, "a");
  new_a = rdx_map_get (updated, "a");
  assert_ptr_equal (rdx_map_get (new_a, "c"), rdx_map_get (old_a, "c"));
  assert_int_equal (rdx_map_size (updated), rdx_map_size (root));

  /* Through a list. */
  deeper = rdx_value_set_path (updated, "/list/1/x", two, &error);
  assert_null (error);
  assert_true (int_at (deeper, "/list/1/x") == 2);
  assert_true (int_at (updated, "/list/1/x") == 2);
  {
    g_autoptr (RdxValue) three = rdx_value_new_int (3);
    g_autoptr (RdxValue) third = rdx_value_set_path (deeper, "/list/0/x", three, &error);
    RdxValue *old_list = rdx_map_get (deeper, "list");
    RdxValue *new_list = rdx_map_get (third, "list");

    assert_null (error);
    assert_true (int_at (third, "/list/0/x") == 3);
    assert_true (int_at (deeper, "/list/0/x") == 1);
    assert_ptr_equal (rdx_list_get (new_list, 1), rdx_list_get (old_list, 1));
    assert_shares_except (deeper, third, "list");
  }
}

static void
test_set_same_value_same_root (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) one = rdx_value_new_int (1);
  g_autoptr (RdxValue) same = NULL;
  g_autoptr (RdxValue) same_list = NULL;
  g_autoptr (GError) error = NULL;

  /* Nothing changed: the same root, so "changed" stays a pointer compare. */
  same = rdx_value_set_path (root, "/a/b", one, &error);
  assert_null (error);
  assert_ptr_equal (same, root);
  same_list = rdx_value_set_path (root, "/list/0", rdx_value_get_path (root, "/list/0"), &error);
  assert_null (error);
  assert_ptr_equal (same_list, root);
}

static void
test_set_root (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) v = rdx_value_new_string ("new root");
  g_autoptr (RdxValue) result = NULL;
  g_autoptr (GError) error = NULL;

  result = rdx_value_set_path (root, "", v, &error);
  assert_null (error);
  assert_ptr_equal (result, v);
}

static void
test_set_creates_maps (void **state)
{
  g_autoptr (RdxValue) empty = rdx_map_new ();
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) v = rdx_value_new_string ("deep");
  g_autoptr (RdxValue) made = NULL;
  g_autoptr (RdxValue) expected = NULL;
  g_autoptr (RdxValue) grown = NULL;
  g_autoptr (GError) error = NULL;

  made = rdx_value_set_path (empty, "/x/y/z", v, &error);
  assert_null (error);
  expected = rdx_map_new_take (
    "x", rdx_map_new_take ("y", rdx_map_new_take ("z", rdx_value_ref (v), NULL), NULL), NULL);
  assert_true (rdx_value_equal (made, expected));
  assert_int_equal (rdx_map_size (empty), 0);

  /* Missing maps below an existing one. */
  grown = rdx_value_set_path (root, "/a/new/deeper", v, &error);
  assert_null (error);
  assert_ptr_equal (rdx_value_get_path (grown, "/a/new/deeper"), v);
  assert_true (int_at (grown, "/a/b") == 1);
  assert_null (rdx_value_get_path (root, "/a/new"));
  assert_shares_except (root, grown, "a");
}

static void
test_set_escaped_keys (void **state)
{
  g_autoptr (RdxValue) root = rdx_map_new ();
  g_autoptr (RdxValue) v = rdx_value_new_int (1);
  g_autoptr (RdxValue) w = rdx_value_new_int (2);
  g_autoptr (RdxValue) r1 = NULL;
  g_autoptr (RdxValue) r2 = NULL;
  g_autoptr (RdxValue) r3 = NULL;
  g_autoptr (GError) error = NULL;

  r1 = rdx_value_set_path (root, "/new~1key", v, &error);
  assert_null (error);
  assert_ptr_equal (rdx_map_get (r1, "new/key"), v);
  assert_null (rdx_map_get (r1, "new"));

  r2 = rdx_value_set_path (r1, "/t~0~01", w, &error);
  assert_null (error);
  assert_ptr_equal (rdx_map_get (r2, "t~~1"), w);

  r3 = rdx_value_set_path (r2, "/", w, &error);
  assert_null (error);
  assert_ptr_equal (rdx_map_get (r3, ""), w);
  assert_int_equal (rdx_map_size (r3), 3);
}

static void
test_set_list_elements (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) v = rdx_value_new_string ("v");
  g_autoptr (RdxValue) appended = NULL;
  g_autoptr (RdxValue) replaced = NULL;
  g_autoptr (RdxValue) last = NULL;
  g_autoptr (GError) error = NULL;
  RdxValue *list;

  appended = rdx_value_set_path (root, "/a/c/-", v, &error);
  assert_null (error);
  list = rdx_value_get_path (appended, "/a/c");
  assert_int_equal (rdx_list_length (list), 4);
  assert_ptr_equal (rdx_list_get (list, 3), v);
  assert_int_equal (rdx_list_length (rdx_value_get_path (root, "/a/c")), 3);

  replaced = rdx_value_set_path (root, "/a/c/0", v, &error);
  assert_null (error);
  list = rdx_value_get_path (replaced, "/a/c");
  assert_int_equal (rdx_list_length (list), 3);
  assert_ptr_equal (rdx_list_get (list, 0), v);
  assert_true (int_at (replaced, "/a/c/1") == 20);

  last = rdx_value_set_path (root, "/a/c/2", v, &error);
  assert_null (error);
  assert_ptr_equal (rdx_value_get_path (last, "/a/c/2"), v);

  /* The length itself appends, like "-". */
  {
    g_autoptr (RdxValue) at_length = rdx_value_set_path (root, "/a/c/3", v, &error);

    assert_null (error);
    assert_int_equal (rdx_list_length (rdx_value_get_path (at_length, "/a/c")), 4);
    assert_ptr_equal (rdx_value_get_path (at_length, "/a/c/3"), v);
    assert_true (rdx_value_equal (at_length, appended));
  }
}

static void
check_set_error (RdxValue *root, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) v = rdx_value_new_string ("v");
  g_autoptr (RdxValue) expected = sample ();
  RdxValue *result;

  result = rdx_value_set_path (root, path, v, &error);
  if (result != NULL)
    fail_msg ("rdx_value_set_path (\"%s\") did not fail", path);
  if (!g_error_matches (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH))
    fail_msg ("rdx_value_set_path (\"%s\"): expected INVALID_PATH, got %s", path,
              error ? error->message : "no error");
  assert_true (error->message[0] != '\0');
  /* The input did not change. */
  assert_true (rdx_value_equal (root, expected));
}

static void
test_set_errors (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  static const char *bad[] = {
    "a",                 /* no leading slash */
    "a/b",       "/s/x", /* through a string */
    "/a/b/x",            /* through an int */
    "/a/b/x/y",          /* and further */
    "/a/c/4",            /* index beyond the length */
    "/a/c/1000", "/a/c/4294967296",
    "/a/c/x", /* not an index */
    "/a/c/-1",   "/a/c/01",
    "/a/c/",     "/a/c/-/x", /* "-" has nothing to go through */
    "/a/c/5/x",              /* missing list elements are not created */
    "/a~2",                  /* invalid escape */
    "/a~",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    check_set_error (root, bad[i]);
}

/* In JSON Pointer "-" names the element after the last one of a list:
 * setting it appends to a list, and nowhere else does it mean anything.
 * Into a missing value (which a set would make a map) or into a map it is
 * an error, not a member named "-". */
static void
test_set_dash_needs_a_list (void **state)
{
  g_autoptr (RdxValue) empty = rdx_map_new ();
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) x = rdx_value_new_string ("x");
  static const char *const bad[] = { "/log/-", "/log/-/x", "/a/-", "/-", "/new/deeper/-" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RdxValue) from_empty = rdx_value_set_path (empty, bad[i], x, &error);

      if (from_empty != NULL)
        {
          g_autofree char *json = rdx_value_to_json (from_empty);

          fail_msg ("rdx_value_set_path ({}, \"%s\") made %s", bad[i], json);
        }
      assert_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH);
      assert_non_null (strstr (error->message, "\"-\""));
      assert_non_null (strstr (error->message, "list"));
      assert_int_equal (rdx_map_size (empty), 0);
    }
  check_set_error (root, "/a/-");

  /* Into a list, it appends, however deep the list is. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (RdxValue) logged = rdx_map_new_take ("log", rdx_list_new (), NULL);
    g_autoptr (RdxValue) appended = rdx_value_set_path (logged, "/log/-", x, &error);

    assert_null (error);
    rdx_test_assert_json (appended, "{\"log\":[\"x\"]}");
  }
}

static void
test_set_invalid_utf8_key (void **state)
{
  /* A path whose new key is not UTF-8 cannot be set. Like every other bad
   * path, it fails with an error (a NULL without one would crash callers
   * that report error->message); a critical on the way is tolerated. */
  static const char *bad[] = { "/\xff", "/a/\xc3", "/new/\xff/deeper" };
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) v = rdx_value_new_int (1);
  RdxTestLog log;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      RdxValue *result;

      rdx_test_log_begin (&log);
      result = rdx_value_set_path (root, bad[i], v, &error);
      rdx_test_log_end (&log);
      assert_null (result);
      if (error == NULL)
        {
          g_autofree char *escaped = g_strescape (bad[i], NULL);

          fail_msg ("rdx_value_set_path (\"%s\") returned NULL without an error", escaped);
        }
      assert_true (error->domain == RDX_VALUE_ERROR);
    }
}

/* Remove */

static void
test_remove (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (RdxValue) no_b = NULL;
  g_autoptr (RdxValue) no_first = NULL;
  g_autoptr (RdxValue) no_last = NULL;
  g_autoptr (RdxValue) no_x = NULL;
  g_autoptr (RdxValue) no_slash = NULL;
  g_autoptr (GError) error = NULL;

  no_b = rdx_value_remove_path (root, "/a/b", &error);
  assert_null (error);
  assert_null (rdx_value_get_path (no_b, "/a/b"));
  assert_int_equal (rdx_map_size (rdx_map_get (no_b, "a")), 1);
  assert_true (int_at (root, "/a/b") == 1);
  assert_shares_except (root, no_b, "a");

  no_first = rdx_value_remove_path (root, "/a/c/0", &error);
  assert_null (error);
  assert_int_equal (rdx_list_length (rdx_value_get_path (no_first, "/a/c")), 2);
  assert_true (int_at (no_first, "/a/c/0") == 20);
  assert_true (int_at (no_first, "/a/c/1") == 30);

  no_last = rdx_value_remove_path (root, "/a/c/2", &error);
  assert_null (error);
  assert_int_equal (rdx_list_length (rdx_value_get_path (no_last, "/a/c")), 2);

  no_x = rdx_value_remove_path (root, "/list/1/x", &error);
  assert_null (error);
  assert_int_equal (rdx_map_size (rdx_value_get_path (no_x, "/list/1")), 0);
  assert_true (int_at (no_x, "/list/0/x") == 1);

  no_slash = rdx_value_remove_path (root, "/a~1b", &error);
  assert_null (error);
  assert_null (rdx_map_get (no_slash, "a/b"));
  assert_non_null (rdx_map_get (no_slash, "a"));
  assert_int_equal (rdx_map_size (no_slash), rdx_map_size (root) - 1);
}

static void
test_remove_absent_same_root (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  g_autoptr (GError) error = NULL;
  static const char *absent[] = { "/zzz", "/a/zzz", "/zzz/deeper/still", "/list/0/y" };

  /* Nothing to remove: the same root, no error. */
  for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
    {
      RdxValue *same = rdx_value_remove_path (root, absent[i], &error);

      assert_null (error);
      assert_ptr_equal (same, root);
      rdx_value_unref (same);
    }
}

static void
check_remove_error (RdxValue *root, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) expected = sample ();
  RdxValue *result;

  result = rdx_value_remove_path (root, path, &error);
  if (result != NULL)
    fail_msg ("rdx_value_remove_path (\"%s\") did not fail", path);
  if (!g_error_matches (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH))
    fail_msg ("rdx_value_remove_path (\"%s\"): expected INVALID_PATH, got %s", path,
              error ? error->message : "no error");
  assert_true (rdx_value_equal (root, expected));
}

static void
test_remove_errors (void **state)
{
  g_autoptr (RdxValue) root = sample ();
  static const char *bad[] = {
    "a",      /* no leading slash */
    "/s/x",   /* through a string */
    "/a/b/x", /* through an int */
    "/a/c/3", /* index == length: nothing there */
    "/a/c/x", /* not an index */
    "/a/c/-", /* nothing there */
    "/a/c/01", "/a~2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    check_remove_error (root, bad[i]);
}

/* rdx_path_append */

static void
test_path_append (void **state)
{
  static const struct
  {
    const char *path;
    const char *segment;
    const char *expected;
  } cases[] = {
    { "", "a", "/a" },
    { "/a", "b", "/a/b" },
    { "/a", "b/c", "/a/b~1c" },
    { "/a", "x~y", "/a/x~0y" },
    { "", "~1", "/~01" },
    { "", "/", "/~1" },
    { "", "", "/" },
    { "/", "", "//" },
    { "/a", "0", "/a/0" },
    { "", "caf\xc3\xa9", "/caf\xc3\xa9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *p = rdx_path_append (cases[i].path, cases[i].segment);

      assert_string_equal (p, cases[i].expected);
    }
}

static void
test_path_append_round_trip (void **state)
{
  static const char *keys[] = { "plain", "a/b", "m~n", "~1", "~0", "/", "~", "", "//~~", "0" };
  g_autoptr (RdxValue) root = rdx_map_new ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *path = rdx_path_append ("", keys[i]);
      g_autofree char *nested = rdx_path_append (path, keys[i]);
      g_autoptr (RdxValue) v = rdx_value_new_int (i);
      RdxValue *next;

      next = rdx_value_set_path (root, nested, v, &error);
      assert_null (error);
      rdx_value_unref (root);
      root = next;
      assert_ptr_equal (rdx_value_get_path (root, nested), v);
      assert_ptr_equal (rdx_map_get (rdx_map_get (root, keys[i]), keys[i]), v);
    }
  assert_int_equal (rdx_map_size (root), G_N_ELEMENTS (keys));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    PATH_TEST (test_get_root),
    PATH_TEST (test_get_nested),
    PATH_TEST (test_get_escapes),
    PATH_TEST (test_get_missing),
    PATH_TEST (test_set_replaces_and_shares),
    PATH_TEST (test_set_same_value_same_root),
    PATH_TEST (test_set_root),
    PATH_TEST (test_set_creates_maps),
    PATH_TEST (test_set_escaped_keys),
    PATH_TEST (test_set_list_elements),
    PATH_TEST (test_set_errors),
    PATH_TEST (test_set_dash_needs_a_list),
    PATH_TEST (test_set_invalid_utf8_key),
    PATH_TEST (test_remove),
    PATH_TEST (test_remove_absent_same_root),
    PATH_TEST (test_remove_errors),
    PATH_TEST (test_path_append),
    PATH_TEST (test_path_append_round_trip),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

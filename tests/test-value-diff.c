/* test-value-diff.c: rdx_value_diff() reports exactly what changed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define FULL_MASK 0xffffffffu

#define DIFF_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

typedef struct
{
  char     *path;
  RdxValue *old_value;
  RdxValue *new_value;
} Change;

static void
change_free (Change *c)
{
  g_free (c->path);
  g_clear_pointer (&c->old_value, rdx_value_unref);
  g_clear_pointer (&c->new_value, rdx_value_unref);
  g_free (c);
}

typedef struct
{
  GPtrArray *changes;
  guint      calls;
  guint      stop_after; /* 0: never stop */
} Collector;

static void
collector_init (Collector *c)
{
  c->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  c->calls = 0;
  c->stop_after = 0;
}

static void
collector_clear (Collector *c)
{
  g_clear_pointer (&c->changes, g_ptr_array_unref);
}

static gboolean
collect_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  Collector *c = user_data;
  Change    *change = g_new0 (Change, 1);

  /* A change always has a side, and never two identical sides. */
  assert_non_null (path);
  assert_true (old_value != NULL || new_value != NULL);
  assert_false (rdx_value_equal (old_value, new_value));

  change->path = g_strdup (path);
  change->old_value = old_value ? rdx_value_ref (old_value) : NULL;
  change->new_value = new_value ? rdx_value_ref (new_value) : NULL;
  g_ptr_array_add (c->changes, change);
  c->calls++;
  return c->stop_after == 0 || c->calls < c->stop_after;
}

static gint
change_compare (gconstpointer a, gconstpointer b)
{
  const Change *ca = *(const Change *const *) a;
  const Change *cb = *(const Change *const *) b;

  return strcmp (ca->path, cb->path);
}

/* Diffs @old_value against @new_value, checks each reported change against
 * both values, and returns the changes sorted by path. */
static Collector
diff (RdxValue *old_value, RdxValue *new_value)
{
  Collector c;
  guint     n;

  collector_init (&c);
  n = rdx_value_diff (old_value, new_value, collect_cb, &c);
  assert_int_equal (n, c.calls);
  assert_int_equal (n, c.changes->len);
  g_ptr_array_sort (c.changes, change_compare);

  for (guint i = 0; i < c.changes->len; i++)
    {
      Change *ch = c.changes->pdata[i];

      /* No path is reported twice. */
      if (i > 0)
        assert_string_not_equal (((Change *) c.changes->pdata[i - 1])->path, ch->path);
      /* The values given are the ones at that path. */
      if (ch->old_value != NULL && old_value != NULL)
        assert_ptr_equal (rdx_value_get_path (old_value, ch->path), ch->old_value);
      if (ch->new_value != NULL && new_value != NULL)
        assert_ptr_equal (rdx_value_get_path (new_value, ch->path), ch->new_value);
    }
  return c;
}

/* The sorted paths, joined by spaces, for comparing with an expected set. */
static char *
paths_of (Collector *c)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < c->changes->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, ((Change *) c->changes->pdata[i])->path);
    }
  return g_string_free (s, FALSE);
}

static Change *
change_at (Collector *c, const char *path)
{
  for (guint i = 0; i < c->changes->len; i++)
    if (strcmp (((Change *) c->changes->pdata[i])->path, path) == 0)
      return c->changes->pdata[i];
  fail_msg ("no change reported at \"%s\"", path);
  return NULL;
}

static void
assert_paths (Collector *c, const char *expected)
{
  g_autofree char *got = paths_of (c);

  assert_string_equal (got, expected);
}

static RdxValue *
set_path (RdxValue *root, const char *path, RdxValue *value)
{
  g_autoptr (GError) error = NULL;
  RdxValue *result = rdx_value_set_path (root, path, value, &error);

  assert_null (error);
  rdx_value_unref (value);
  return result;
}

static RdxValue *
remove_path (RdxValue *root, const char *path)
{
  g_autoptr (GError) error = NULL;
  RdxValue *result = rdx_value_remove_path (root, path, &error);

  assert_null (error);
  return result;
}

/* Identical values */

static gboolean
never_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  fail_msg ("the diff of identical values reported \"%s\"", path);
  return TRUE;
}

static void
test_identical (void **state)
{
  g_autoptr (RdxValue) m = rdx_map_new_take (
    "a", rdx_value_new_int (1), "b", rdx_list_new_take (rdx_value_new_string ("x"), NULL), NULL);
  g_autoptr (RdxValue) m2 = rdx_map_new_take (
    "b", rdx_list_new_take (rdx_value_new_string ("x"), NULL), "a", rdx_value_new_int (1), NULL);
  g_autoptr (RdxValue) s1 = rdx_value_new_string ("same");
  g_autoptr (RdxValue) s2 = rdx_value_new_string ("same");
  g_autoptr (RdxValue) d1 = rdx_value_new_double (0.0);
  g_autoptr (RdxValue) d2 = rdx_value_new_double (-0.0);

  assert_int_equal (rdx_value_diff (m, m, never_cb, NULL), 0);
  assert_int_equal (rdx_value_diff (NULL, NULL, never_cb, NULL), 0);
  /* Equal values at different addresses are no change either. */
  assert_int_equal (rdx_value_diff (m, m2, never_cb, NULL), 0);
  assert_int_equal (rdx_value_diff (s1, s2, never_cb, NULL), 0);
  assert_int_equal (rdx_value_diff (d1, d2, never_cb, NULL), 0);
}

/* Scalars and the root */

static void
test_scalar_root (void **state)
{
  g_autoptr (RdxValue) one = rdx_value_new_int (1);
  g_autoptr (RdxValue) two = rdx_value_new_int (2);
  g_autoptr (RdxValue) one_d = rdx_value_new_double (1.0);
  g_autoptr (RdxValue) map = rdx_map_new_take ("a", rdx_value_new_int (1), NULL);
  Collector c;

  c = diff (one, two);
  assert_paths (&c, "");
  assert_ptr_equal (change_at (&c, "")->old_value, one);
  assert_ptr_equal (change_at (&c, "")->new_value, two);
  collector_clear (&c);

  /* An int is not a double, even when they are numerically equal. */
  c = diff (one, one_d);
  assert_paths (&c, "");
  collector_clear (&c);

  /* A map replaced by a scalar: one change, the root. */
  c = diff (map, two);
  assert_paths (&c, "");
  assert_ptr_equal (change_at (&c, "")->old_value, map);
  collector_clear (&c);

  c = diff (NULL, map);
  assert_paths (&c, "");
  assert_null (change_at (&c, "")->old_value);
  assert_ptr_equal (change_at (&c, "")->new_value, map);
  collector_clear (&c);

  c = diff (map, NULL);
  assert_paths (&c, "");
  assert_null (change_at (&c, "")->new_value);
  collector_clear (&c);
}

/* Maps */

static RdxValue *
nested_sample (void)
{
  return rdx_map_new_take ("a",
                           rdx_map_new_take ("b", rdx_value_new_int (1), "c", rdx_value_new_int (2),
                                             "d", rdx_value_new_int (3), NULL),
                           "e", rdx_value_new_int (5), "l",
                           rdx_list_new_take (rdx_value_new_int (10), rdx_value_new_int (20),
                                              rdx_value_new_int (30), NULL),
                           "a/b", rdx_value_new_string ("slash"), "m~n",
                           rdx_value_new_string ("tilde"), NULL);
}

static void
test_nested_map (void **state)
{
  g_autoptr (RdxValue) old_root = nested_sample ();
  g_autoptr (RdxValue) new_root = NULL;
  Collector c;
  Change   *ch;

  {
    RdxValue *tmp = set_path (old_root, "/a/b", rdx_value_new_int (100));
    RdxValue *tmp2 = remove_path (tmp, "/a/c");

    rdx_value_unref (tmp);
    tmp = set_path (tmp2, "/a/f", rdx_value_new_string ("new"));
    rdx_value_unref (tmp2);
    new_root = tmp;
  }

  c = diff (old_root, new_root);
  assert_paths (&c, "/a/b /a/c /a/f");
  ch = change_at (&c, "/a/b");
  assert_true (rdx_value_get_int (ch->old_value) == 1);
  assert_true (rdx_value_get_int (ch->new_value) == 100);
  ch = change_at (&c, "/a/c");
  assert_true (rdx_value_get_int (ch->old_value) == 2);
  assert_null (ch->new_value);
  ch = change_at (&c, "/a/f");
  assert_null (ch->old_value);
  assert_string_equal (rdx_value_get_string (ch->new_value), "new");
  collector_clear (&c);

  /* And backwards. */
  c = diff (new_root, old_root);
  assert_paths (&c, "/a/b /a/c /a/f");
  assert_null (change_at (&c, "/a/c")->old_value);
  assert_null (change_at (&c, "/a/f")->new_value);
  collector_clear (&c);
}

static void
test_top_level_keys (void **state)
{
  g_autoptr (RdxValue) old_root = nested_sample ();
  g_autoptr (RdxValue) added = rdx_map_set_take (old_root, "z", rdx_value_new_null ());
  g_autoptr (RdxValue) removed = rdx_map_remove (old_root, "e");
  Collector c;

  c = diff (old_root, added);
  assert_paths (&c, "/z");
  assert_true (rdx_value_is_null (change_at (&c, "/z")->new_value));
  collector_clear (&c);

  c = diff (old_root, removed);
  assert_paths (&c, "/e");
  collector_clear (&c);

  c = diff (added, removed);
  assert_paths (&c, "/e /z");
  collector_clear (&c);
}

static void
test_escaped_paths (void **state)
{
  g_autoptr (RdxValue) old_root = nested_sample ();
  g_autoptr (RdxValue) a = rdx_map_set_take (old_root, "a/b", rdx_value_new_int (1));
  g_autoptr (RdxValue) b = rdx_map_set_take (a, "m~n", rdx_value_new_int (2));
  g_autoptr (RdxValue) c2 = rdx_map_set_take (b, "", rdx_value_new_int (3));
  Collector c;

  c = diff (old_root, c2);
  assert_paths (&c, "/ /a~1b /m~0n");
  collector_clear (&c);
}

static void
test_kind_change (void **state)
{
  g_autoptr (RdxValue) old_root = nested_sample ();
  g_autoptr (RdxValue) list_instead = NULL;
  g_autoptr (RdxValue) map_instead = NULL;
  Collector c;

  /* The map at "a" replaced by a list: one change at "/a", nothing below. */
  list_instead = rdx_map_set_take (
    old_root, "a", rdx_list_new_take (rdx_value_new_int (1), rdx_value_new_int (2), NULL));
  c = diff (old_root, list_instead);
  assert_paths (&c, "/a");
  assert_true (rdx_value_is_map (change_at (&c, "/a")->old_value));
  assert_true (rdx_value_is_list (change_at (&c, "/a")->new_value));
  collector_clear (&c);

  /* The list at "l" replaced by a map, and "e" by a string. */
  {
    RdxValue *tmp =
      rdx_map_set_take (old_root, "l", rdx_map_new_take ("0", rdx_value_new_int (10), NULL));

    map_instead = rdx_map_set_take (tmp, "e", rdx_value_new_string ("5"));
    rdx_value_unref (tmp);
  }
  c = diff (old_root, map_instead);
  assert_paths (&c, "/e /l");
  collector_clear (&c);
}

/* Lists */

static RdxValue *
int_list (guint n)
{
  RdxListBuilder *b = rdx_list_builder_new (NULL);

  for (guint i = 0; i < n; i++)
    rdx_list_builder_append_take (b, rdx_value_new_int (i));
  return rdx_list_builder_end (b);
}

static void
test_list_changes (void **state)
{
  g_autoptr (RdxValue) old_root = nested_sample ();
  Collector c;

  {
    g_autoptr (RdxValue) changed = set_path (old_root, "/l/1", rdx_value_new_int (21));

    c = diff (old_root, changed);
    assert_paths (&c, "/l/1");
    assert_true (rdx_value_get_int (change_at (&c, "/l/1")->old_value) == 20);
    assert_true (rdx_value_get_int (change_at (&c, "/l/1")->new_value) == 21);
    collector_clear (&c);
  }
  {
    g_autoptr (RdxValue) grown = set_path (old_root, "/l/-", rdx_value_new_int (40));
    g_autoptr (RdxValue) grown2 = set_path (grown, "/l/-", rdx_value_new_int (50));

    c = diff (old_root, grown2);
    assert_paths (&c, "/l/3 /l/4");
    assert_null (change_at (&c, "/l/3")->old_value);
    assert_true (rdx_value_get_int (change_at (&c, "/l/4")->new_value) == 50);
    collector_clear (&c);

    /* Shrunk. */
    c = diff (grown2, old_root);
    assert_paths (&c, "/l/3 /l/4");
    assert_null (change_at (&c, "/l/4")->new_value);
    assert_true (rdx_value_get_int (change_at (&c, "/l/3")->old_value) == 40);
    collector_clear (&c);
  }
  {
    g_autoptr (RdxValue) emptied = rdx_map_set_take (old_root, "l", rdx_list_new ());

    c = diff (old_root, emptied);
    assert_paths (&c, "/l/0 /l/1 /l/2");
    collector_clear (&c);
  }
  {
    /* A nested change inside a list element. */
    g_autoptr (RdxValue) l =
      rdx_list_new_take (rdx_map_new_take ("x", rdx_value_new_int (1), NULL),
                         rdx_map_new_take ("x", rdx_value_new_int (2), NULL), NULL);
    g_autoptr (RdxValue) l2 = set_path (l, "/1/x", rdx_value_new_int (3));

    c = diff (l, l2);
    assert_paths (&c, "/1/x");
    collector_clear (&c);
  }
}

static void
test_list_insert_remove_middle (void **state)
{
  g_autoptr (RdxValue) l = int_list (1000);
  g_autoptr (RdxValue) inserted = rdx_list_insert (l, 500, rdx_value_new_int (-1));
  g_autoptr (RdxValue) removed = rdx_list_remove (l, 500);
  g_autoptr (RdxValue) set_two = NULL;
  Collector c;

  /* One element inserted is one "added" at its index. */
  c = diff (l, inserted);
  assert_paths (&c, "/500");
  assert_null (change_at (&c, "/500")->old_value);
  assert_true (rdx_value_get_int (change_at (&c, "/500")->new_value) == -1);
  collector_clear (&c);

  c = diff (l, removed);
  assert_paths (&c, "/500");
  assert_true (rdx_value_get_int (change_at (&c, "/500")->old_value) == 500);
  assert_null (change_at (&c, "/500")->new_value);
  collector_clear (&c);

  /* Two sets far apart: both, and only them. */
  {
    RdxValue *tmp = rdx_list_set (l, 3, rdx_value_new_int (-3));

    set_two = rdx_list_set (tmp, 997, rdx_value_new_int (-997));
    rdx_value_unref (tmp);
  }
  c = diff (l, set_two);
  assert_paths (&c, "/3 /997");
  collector_clear (&c);
}

/* Stopping early */

static void
test_stop_early (void **state)
{
  g_autoptr (RdxValue) a = rdx_map_new ();
  g_autoptr (RdxValue) b = NULL;
  Collector c;
  guint     n;

  for (guint i = 0; i < 100; i++)
    {
      char      key[16];
      RdxValue *next;

      g_snprintf (key, sizeof key, "k%u", i);
      next = rdx_map_set_take (a, key, rdx_value_new_int (i));
      rdx_value_unref (a);
      a = next;
    }
  b = rdx_map_new ();
  for (guint i = 0; i < 100; i++)
    {
      char      key[16];
      RdxValue *next;

      g_snprintf (key, sizeof key, "k%u", i);
      next = rdx_map_set_take (b, key, rdx_value_new_int (-(gint64) i - 1));
      rdx_value_unref (b);
      b = next;
    }

  c = diff (a, b);
  assert_int_equal (c.calls, 100);
  collector_clear (&c);

  collector_init (&c);
  c.stop_after = 1;
  n = rdx_value_diff (a, b, collect_cb, &c);
  assert_int_equal (c.calls, 1);
  assert_int_equal (n, 1);
  collector_clear (&c);

  collector_init (&c);
  c.stop_after = 7;
  n = rdx_value_diff (a, b, collect_cb, &c);
  assert_int_equal (c.calls, 7);
  assert_int_equal (n, 7);
  collector_clear (&c);

  /* Stopping inside a nested value stops everything. */
  {
    g_autoptr (RdxValue) outer_a =
      rdx_map_new_take ("x", rdx_value_ref (a), "y", rdx_value_ref (a), NULL);
    g_autoptr (RdxValue) outer_b =
      rdx_map_new_take ("x", rdx_value_ref (b), "y", rdx_value_ref (b), NULL);

    collector_init (&c);
    c.stop_after = 3;
    n = rdx_value_diff (outer_a, outer_b, collect_cb, &c);
    assert_int_equal (c.calls, 3);
    assert_int_equal (n, 3);
    collector_clear (&c);

    {
      g_autoptr (RdxValue) la = rdx_list_new_take (rdx_value_ref (a), rdx_value_ref (a), NULL);
      g_autoptr (RdxValue) lb = rdx_list_new_take (rdx_value_ref (b), rdx_value_ref (b), NULL);

      collector_init (&c);
      c.stop_after = 150;
      n = rdx_value_diff (la, lb, collect_cb, &c);
      assert_int_equal (c.calls, 150);
      assert_int_equal (n, 150);
      collector_clear (&c);
    }
  }
}

/* Skipping shared subtrees */

static RdxValue *
accounts (guint n)
{
  RdxMapBuilder *b = rdx_map_builder_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "acc-%05u", i);
      rdx_map_builder_set_take (b, key,
                                rdx_map_new_take ("id", rdx_value_new_string (key), "balance",
                                                  rdx_value_new_int (i * 100), NULL));
    }
  return rdx_map_builder_end (b);
}

static void
test_skips_shared (void **state)
{
  g_autoptr (RdxValue) big = accounts (100000);
  g_autoptr (RdxValue) state1 =
    rdx_map_new_take ("accounts", rdx_value_ref (big), "meta",
                      rdx_map_new_take ("v", rdx_value_new_int (1), NULL), NULL);
  g_autoptr (RdxValue) state2 =
    set_path (state1, "/accounts/acc-04242/balance", rdx_value_new_int (-5));
  g_autoptr (RdxValue) big2 = rdx_map_set_take (big, "acc-99999", rdx_value_new_null ());
  g_autoptr (RdxValue) big3 = rdx_map_remove (big, "acc-00000");
  Collector c;

  c = diff (state1, state2);
  assert_paths (&c, "/accounts/acc-04242/balance");
  assert_int_equal (c.calls, 1);
  assert_true (rdx_value_get_int (change_at (&c, "/accounts/acc-04242/balance")->old_value) ==
               424200);
  collector_clear (&c);

  c = diff (big, big2);
  assert_paths (&c, "/acc-99999");
  collector_clear (&c);

  c = diff (big, big3);
  assert_paths (&c, "/acc-00000");
  assert_null (change_at (&c, "/acc-00000")->new_value);
  collector_clear (&c);

  c = diff (big2, big3);
  assert_paths (&c, "/acc-00000 /acc-99999");
  collector_clear (&c);
}

/* Against a naive diff */

static gint
strcmp_ptr (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Compares two maps key by key (the slow way) and returns the sorted
 * paths that differ, joined by spaces. */
static char *
naive_paths (RdxValue *a, RdxValue *b)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GString    *s = g_string_new (NULL);
  RdxMapIter  iter;
  const char *key;
  RdxValue   *value;

  rdx_map_iter_init (&iter, a);
  while (rdx_map_iter_next (&iter, &key, &value))
    if (!rdx_value_equal (value, rdx_map_get (b, key)))
      g_ptr_array_add (paths, rdx_path_append ("", key));
  rdx_map_iter_init (&iter, b);
  while (rdx_map_iter_next (&iter, &key, &value))
    if (rdx_map_get (a, key) == NULL)
      g_ptr_array_add (paths, rdx_path_append ("", key));
  g_ptr_array_sort (paths, strcmp_ptr);
  for (guint i = 0; i < paths->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, paths->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

static RdxValue *
rebuild (RdxValue *map)
{
  /* The same entries, in a fresh map that shares no node with @map. */
  RdxMapBuilder *b = rdx_map_builder_new (NULL);
  g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (map);

  for (guint i = keys->len; i > 0; i--)
    rdx_map_builder_set (b, keys->pdata[i - 1], rdx_map_get (map, keys->pdata[i - 1]));
  return rdx_map_builder_end (b);
}

static void
check_random_diffs (guint n, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (RdxValue) base = rdx_map_new ();

  for (guint i = 0; i < n; i++)
    {
      char      key[16];
      RdxValue *next;

      g_snprintf (key, sizeof key, "k%u", i);
      next = rdx_map_set_take (base, key, rdx_value_new_int (i));
      rdx_value_unref (base);
      base = next;
    }

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr (RdxValue) other = rdx_value_ref (base);
      g_autoptr (RdxValue) rebuilt = NULL;
      g_autofree char *expected = NULL;
      guint            n_ops = 1 + g_rand_int_range (rand, 0, round < 20 ? 4 : 60);
      Collector        c;

      for (guint op = 0; op < n_ops; op++)
        {
          char      key[16];
          RdxValue *next;
          guint     k = g_rand_int_range (rand, 0, n + n / 4 + 1);

          g_snprintf (key, sizeof key, "k%u", k);
          switch (g_rand_int_range (rand, 0, 4))
            {
              case 0:
                next = rdx_map_remove (other, key);
                break;
              case 1:
                /* The same value again: no change. */
                next = rdx_map_set_take (other, key, rdx_value_new_int (k));
                break;
              default:
                next = rdx_map_set_take (other, key, rdx_value_new_int (-(gint64) k - round));
                break;
            }
          rdx_value_unref (other);
          other = next;
        }

      expected = naive_paths (base, other);
      c = diff (base, other);
      assert_paths (&c, expected);
      collector_clear (&c);

      /* Without shared nodes, the same answer. */
      rebuilt = rebuild (other);
      c = diff (base, rebuilt);
      assert_paths (&c, expected);
      collector_clear (&c);
      c = diff (rebuilt, base);
      assert_paths (&c, expected);
      collector_clear (&c);
    }
}

static void
test_random_against_naive (void **state)
{
  check_random_diffs (10, 1);
  check_random_diffs (200, 2);
  check_random_diffs (5000, 3);
}

static void
test_random_against_naive_collisions (void **state)
{
  rdx_value_set_hash_mask_for_testing (0);
  check_random_diffs (40, 4);
  rdx_value_set_hash_mask_for_testing (0x3);
  check_random_diffs (300, 5);
  rdx_value_set_hash_mask_for_testing (0xc0000401);
  check_random_diffs (2000, 6);
}

/* Deep values */

static void
test_deep_paths (void **state)
{
  /* Deeper than the diff's path bookkeeping holds (RDX_VALUE_MAX_DEPTH),
   * with segments of different lengths. */
  const guint depth = 1200;
  g_autoptr (RdxValue) leaf_a = rdx_map_new_take (
    "x", rdx_value_new_int (1), "y", rdx_value_new_int (2), "z", rdx_value_new_int (3), NULL);
  g_autoptr (RdxValue) leaf_b = rdx_map_new_take (
    "x", rdx_value_new_int (10), "y", rdx_value_new_int (20), "z", rdx_value_new_int (3), NULL);
  g_autoptr (RdxValue) a = rdx_value_ref (leaf_a);
  g_autoptr (RdxValue) b = rdx_value_ref (leaf_b);
  g_autoptr (GString) prefix = g_string_new (NULL);
  g_autofree char *expected = NULL;
  Collector        c;

  for (guint i = depth; i > 0; i--)
    {
      char      key[16];
      RdxValue *next;

      g_snprintf (key, sizeof key, "%s%u", i % 2 ? "k" : "long-key-", i);
      if (i % 3 == 0)
        {
          /* A list level instead of a map level. */
          next = rdx_list_new_take (rdx_value_new_int (0), rdx_value_ref (a), NULL);
          rdx_value_unref (a);
          a = next;
          next = rdx_list_new_take (rdx_value_new_int (0), rdx_value_ref (b), NULL);
          rdx_value_unref (b);
          b = next;
          g_string_prepend (prefix, "/1");
        }
      else
        {
          next = rdx_map_new_take (key, rdx_value_ref (a), "same", rdx_value_new_int (i), NULL);
          rdx_value_unref (a);
          a = next;
          next = rdx_map_new_take (key, rdx_value_ref (b), "same", rdx_value_new_int (i), NULL);
          rdx_value_unref (b);
          b = next;
          g_string_prepend (prefix, key);
          g_string_prepend_c (prefix, '/');
        }
    }

  expected = g_strdup_printf ("%s/x %s/y", prefix->str, prefix->str);
  c = diff (a, b);
  assert_paths (&c, expected);
  collector_clear (&c);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* rdx_map_diff_keys: the map's own keys only, unescaped, one report per
 * key however much changed below it. */
static gboolean
collect_key_cb (const char *key, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  g_ptr_array_add (user_data,
                   g_strdup_printf ("%s:%s>%s", key, old_value ? "o" : "-", new_value ? "n" : "-"));
  return TRUE;
}

static void
test_map_diff_keys (void **state)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (RdxValue) big = NULL, bigger = NULL, a = NULL, b = NULL;
  guint i;

  for (i = 0; i < 100000; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  big = rdx_list_builder_end (g_steal_pointer (&builder));
  bigger = rdx_list_set (big, 500, rdx_value_new_int (-1));

  a = rdx_map_new_take ("big", rdx_value_ref (big), "a/b~c", rdx_value_new_int (1), "same",
                        rdx_value_new_string ("x"), "gone", rdx_value_new_null (), NULL);
  b = rdx_map_new_take ("big", rdx_value_ref (bigger), "a/b~c", rdx_value_new_int (2), "same",
                        rdx_value_new_string ("x"), "new", rdx_value_new_bool (TRUE), NULL);

  assert_int_equal (rdx_map_diff_keys (a, b, collect_key_cb, seen), 4);
  g_ptr_array_sort (seen, compare_strings);
  assert_string_equal (seen->pdata[0], "a/b~c:o>n");
  assert_string_equal (seen->pdata[1], "big:o>n");
  assert_string_equal (seen->pdata[2], "gone:o>-");
  assert_string_equal (seen->pdata[3], "new:->n");
  assert_int_equal (rdx_map_diff_keys (a, a, collect_key_cb, seen), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    DIFF_TEST (test_identical),
    DIFF_TEST (test_scalar_root),
    DIFF_TEST (test_nested_map),
    DIFF_TEST (test_top_level_keys),
    DIFF_TEST (test_escaped_paths),
    DIFF_TEST (test_kind_change),
    DIFF_TEST (test_list_changes),
    DIFF_TEST (test_list_insert_remove_middle),
    DIFF_TEST (test_stop_early),
    DIFF_TEST (test_skips_shared),
    DIFF_TEST (test_random_against_naive),
    DIFF_TEST (test_random_against_naive_collisions),
    DIFF_TEST (test_deep_paths),
    DIFF_TEST (test_map_diff_keys),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

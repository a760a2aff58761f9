/* test-selector.c: RdxSelector memoization and rdx_store_watch()
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

/* The store: "set" sets payload.value at payload.path; "rename" sets
 * /name to a copy of the payload (a string); "noop" changes nothing (same
 * state); "touch" bumps /other. */

static RdxValue *
test_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);

  if (state == NULL)
    return rdx_map_new ();
  if (rdx_action_is (action, "set"))
    return rdx_value_set_path (state, rdx_value_get_string (rdx_map_get (payload, "path")),
                               rdx_map_get (payload, "value"), error);
  if (rdx_action_is (action, "rename"))
    return rdx_map_set_take (state, "name",
                             rdx_value_new_printf ("%s", rdx_value_get_string (payload)));
  if (rdx_action_is (action, "touch"))
    {
      RdxValue *other = rdx_map_get (state, "other");

      return rdx_map_set_take (
        state, "other", rdx_value_new_int (other != NULL ? rdx_value_get_int (other) + 1 : 0));
    }
  return rdx_value_ref (state);
}

static RdxStore *
make_store (const char *json)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  g_autoptr (RdxValue) state = rdx_value_from_json (json, -1, NULL);

  assert_non_null (state);
  return rdx_store_new (reducer, state);
}

/* Dispatches "set" of @json at @path. */
static void
set (RdxStore *store, const char *path, const char *json)
{
  g_autoptr (RdxValue) value = rdx_value_from_json (json, -1, NULL);
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (GError) error = NULL;

  assert_non_null (value);
  payload =
    rdx_map_new_take ("path", rdx_value_new_string (path), "value", rdx_value_ref (value), NULL);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("set", payload), &error));
}

static void
dispatch (RdxStore *store, const char *type)
{
  g_autoptr (GError) error = NULL;

  assert_true (rdx_store_dispatch_take (store, rdx_action_new (type, NULL), &error));
}

static void
assert_json (RdxValue *value, const char *json)
{
  g_autofree char *text = NULL;

  assert_non_null (value);
  text = rdx_value_to_json (value);
  assert_string_equal (text, json);
}

/* Selector functions that count their calls. */

typedef struct
{
  guint calls;
} Counter;

static RdxValue *
sum_cb (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  Counter *counter = user_data;
  gint64   sum = 0;
  guint    i;

  counter->calls++;
  for (i = 0; i < n_inputs; i++)
    if (inputs[i] != NULL && rdx_value_get_kind (inputs[i]) == RDX_VALUE_INT)
      sum += rdx_value_get_int (inputs[i]);
  return rdx_value_new_int (sum);
}

/* Returns the same content as a fresh, unshared value each time. */
static RdxValue *
copy_cb (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  Counter         *counter = user_data;
  g_autofree char *json = NULL;

  counter->calls++;
  if (inputs[0] == NULL)
    return NULL;
  json = rdx_value_to_json (inputs[0]);
  return rdx_value_from_json (json, -1, NULL);
}

#define VALUE_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

static void
finish_store (RdxStore *store)
{
  gpointer weak = store;

  g_object_add_weak_pointer (G_OBJECT (store), &weak);
  g_object_unref (store);
  rdx_assert_finalized (weak);
}

/* Paths */

static void
test_path_selectors (void **state)
{
  g_autoptr (RdxValue) root =
    rdx_value_from_json ("{\"a\":{\"b\":[10,{\"c\":true}]},\"x/y\":1,\"t~\":2,\"\":3}", -1, NULL);
  static const struct
  {
    const char *path;
    const char *json; /* NULL: does not exist */
  } cases[] = {
    { "", "{\"\":3,\"a\":{\"b\":[10,{\"c\":true}]},\"t~\":2,\"x/y\":1}" },
    { "/a/b/0", "10" },
    { "/a/b/1/c", "true" },
    { "/x~1y", "1" },
    { "/t~0", "2" },
    { "/", "3" },
    { "/a/b/2", NULL },        /* out of range */
    { "/a/b/01", NULL },       /* not an index */
    { "/a/b/-", NULL },        /* not an index */
    { "/a/b/0/deeper", NULL }, /* through a number */
    { "/missing", NULL },
    { "/a/missing/b", NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RdxSelector) selector = rdx_selector_new_path (cases[i].path);
      RdxValue *value = rdx_selector_select (selector, root);

      assert_string_equal (rdx_selector_get_path (selector), cases[i].path);
      if (cases[i].json == NULL)
        assert_null (value);
      else
        assert_json (value, cases[i].json);
      /* A path selector gives the state's own value. */
      if (value != NULL)
        assert_ptr_equal (value, rdx_value_get_path (root, cases[i].path));
    }
}

static void
test_malformed_paths (void **state)
{
  static const char *const bad[] = { "a", "a/b", "/a~", "/a~2" };
  RdxTestLog               log;
  guint                    i;

  rdx_test_log_begin (&log);
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      rdx_test_log_clear (&log);
      assert_null (rdx_selector_new_path (bad[i]));
      assert_int_equal (log.n_criticals, 1);
      assert_non_null (strstr (log.text->str, bad[i]));
      assert_non_null (strstr (log.text->str, "JSON Pointer"));
    }

  rdx_test_log_clear (&log);
  assert_null (rdx_selector_new_for_paths (sum_cb, NULL, NULL, "/a", "b", NULL));
  assert_int_equal (log.n_criticals, 1);
  rdx_test_log_end (&log);
}

/* Memoization */

static void
test_memoization (void **state)
{
  RdxStore *store = make_store ("{\"a\":1,\"b\":{\"c\":2},\"d\":5}");
  Counter   counter = { 0 };
  g_autoptr (RdxSelector) sum =
    rdx_selector_new_for_paths (sum_cb, &counter, NULL, "/a", "/b/c", NULL);
  RdxValue *first;

  /* Computed once per state, however often it is asked. */
  first = rdx_store_select (store, sum);
  assert_int_equal (rdx_value_get_int (first), 3);
  assert_ptr_equal (rdx_store_select (store, sum), first);
  assert_int_equal (counter.calls, 1);

  /* Dispatches that do not touch the inputs: no call. */
  dispatch (store, "noop");
  dispatch (store, "touch");
  set (store, "/d", "6");
  set (store, "/b/e", "\"unrelated sibling\"");
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, sum)), 3);
  assert_int_equal (counter.calls, 1);

  /* Touching an input: one call, then memoized again. */
  set (store, "/b/c", "10");
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, sum)), 11);
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, sum)), 11);
  assert_int_equal (counter.calls, 2);
  set (store, "/a", "2");
  dispatch (store, "touch");
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, sum)), 12);
  assert_int_equal (counter.calls, 3);

  /* An input that goes away is NULL to the function. */
  set (store, "/b", "{}");
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, sum)), 2);
  assert_int_equal (counter.calls, 4);

  g_clear_pointer (&sum, rdx_selector_unref);
  finish_store (store);
}

static void
test_composition (void **state)
{
  RdxStore *store = make_store ("{\"list\":[1,2,3],\"n\":1}");
  Counter   copy_counter = { 0 }, sum_counter = { 0 };
  g_autoptr (RdxSelector) list = rdx_selector_new_path ("/list");
  g_autoptr (RdxSelector) copy = rdx_selector_new (copy_cb, &copy_counter, NULL, list, NULL);
  g_autoptr (RdxSelector) n = rdx_selector_new_path ("/n");
  g_autoptr (RdxSelector) outer = NULL;
  RdxValue *copied;

  outer = rdx_selector_new (sum_cb, &sum_counter, NULL, copy, n, NULL);
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, outer)), 1);
  copied = rdx_store_select (store, copy);
  assert_json (copied, "[1,2,3]");
  assert_int_equal (copy_counter.calls, 1);
  assert_int_equal (sum_counter.calls, 1);

  /* A new but equal list: copy runs and gives an equal result, which
   * keeps the old pointer, so outer does not run. */
  set (store, "/list", "[1,2,3]");
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, outer)), 1);
  assert_ptr_equal (rdx_store_select (store, copy), copied);
  assert_int_equal (copy_counter.calls, 2);
  assert_int_equal (sum_counter.calls, 1);

  /* A sibling input changes: outer runs, copy does not. */
  set (store, "/n", "7");
  assert_int_equal (rdx_value_get_int (rdx_store_select (store, outer)), 7);
  assert_int_equal (copy_counter.calls, 2);
  assert_int_equal (sum_counter.calls, 2);

  /* A selector can be evaluated against any state, and a state seen
   * before is not remembered beyond the last one. */
  {
    g_autoptr (RdxValue) other = rdx_value_from_json ("{\"list\":[4],\"n\":2}", -1, NULL);

    assert_int_equal (rdx_value_get_int (rdx_selector_select (outer, other)), 2);
    assert_int_equal (copy_counter.calls, 3);
    assert_int_equal (sum_counter.calls, 3);
  }

  g_clear_pointer (&outer, rdx_selector_unref);
  g_clear_pointer (&copy, rdx_selector_unref);
  finish_store (store);
}

/* A selector function that selects from itself. */

static RdxSelector *recursive;

static RdxValue *
recursive_cb (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  g_autoptr (RdxValue) other = rdx_value_from_json ("{\"a\":0}", -1, NULL);

  assert_null (rdx_selector_select (recursive, other));
  return rdx_value_new_int (1);
}

static void
test_impure_selector (void **state)
{
  g_autoptr (RdxValue) root = rdx_value_from_json ("{\"a\":1}", -1, NULL);
  g_autoptr (RdxSelector) a = rdx_selector_new_path ("/a");
  RdxTestLog log;

  recursive = rdx_selector_new (recursive_cb, NULL, NULL, a, NULL);
  rdx_test_log_begin (&log);
  assert_int_equal (rdx_value_get_int (rdx_selector_select (recursive, root)), 1);
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "pure"));
  rdx_test_log_end (&log);
  g_clear_pointer (&recursive, rdx_selector_unref);
}

/* Watches */

typedef struct
{
  guint      calls;
  GPtrArray *seen; /* "old -> new" */
  guint      destroyed;
  RdxStore  *store;
  guint      unwatch; /* an id to remove when called */
  guint     *own_id;
} Log;

static void
log_init (Log *log)
{
  memset (log, 0, sizeof *log);
  log->seen = g_ptr_array_new_with_free_func (g_free);
}

static void
log_clear (Log *log)
{
  g_ptr_array_unref (log->seen);
}

static void
log_destroy (gpointer data)
{
  ((Log *) data)->destroyed++;
}

static void
watch_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  Log             *log = user_data;
  g_autofree char *old_json = old_value != NULL ? rdx_value_to_json (old_value) : NULL;
  g_autofree char *new_json = new_value != NULL ? rdx_value_to_json (new_value) : NULL;

  log->calls++;
  g_ptr_array_add (log->seen, g_strdup_printf ("%s -> %s", old_json ? old_json : "NULL",
                                               new_json ? new_json : "NULL"));
  if (log->unwatch != 0)
    {
      rdx_store_unwatch (store, log->unwatch);
      /* The destroy notify waits for the callback to return. */
      assert_int_equal (log->destroyed, 0);
    }
}

static void
assert_seen (Log *log, const char *first, ...)
{
  const char *expected;
  va_list     args;
  guint       i = 0;

  va_start (args, first);
  for (expected = first; expected != NULL; expected = va_arg (args, const char *))
    {
      assert_true (i < log->seen->len);
      assert_string_equal (log->seen->pdata[i++], expected);
    }
  va_end (args);
  assert_int_equal (log->seen->len, i);
  g_ptr_array_set_size (log->seen, 0);
}

static void
test_watch_rules (void **state)
{
  RdxStore *store = make_store ("{\"a\":{\"b\":1},\"c\":2}");
  g_autoptr (RdxSelector) a = rdx_selector_new_path ("/a");
  Log   log;
  guint id;

  log_init (&log);
  id = rdx_store_watch (store, a, watch_cb, &log, log_destroy);
  assert_true (id > 0);
  assert_int_equal (log.calls, 0); /* not for the current value */

  /* Not touched: no call. */
  dispatch (store, "noop");
  dispatch (store, "touch");
  set (store, "/c", "3");
  assert_int_equal (log.calls, 0);

  /* Changed: old and new. */
  set (store, "/a/b", "2");
  assert_seen (&log, "{\"b\":1} -> {\"b\":2}", NULL);

  /* Rebuilt but equal: a new pointer, no call. */
  set (store, "/a", "{\"b\":2}");
  assert_int_equal (log.calls, 1);

  /* Gone and back: NULL on either side. */
  set (store, "", "{\"c\":3}");
  set (store, "/a", "[]");
  assert_seen (&log, "{\"b\":2} -> NULL", "NULL -> []", NULL);

  /* Removed: no more calls; the destroy notify ran once; again is a no-op. */
  rdx_store_unwatch (store, id);
  assert_int_equal (log.destroyed, 1);
  rdx_store_unwatch (store, id);
  rdx_store_unwatch (store, 12345);
  set (store, "/a", "1");
  assert_int_equal (log.calls, 3);
  assert_int_equal (log.destroyed, 1);

  log_clear (&log);
  finish_store (store);
}

static void
test_unwatch_from_callback (void **state)
{
  RdxStore *store = make_store ("{\"a\":1}");
  g_autoptr (RdxSelector) a = rdx_selector_new_path ("/a");
  Log   self_remover, other_remover, victim, late;
  guint self_id, victim_id;

  log_init (&self_remover);
  log_init (&other_remover);
  log_init (&victim);
  log_init (&late);

  /* One removes itself, one removes a watch after it in the order. */
  self_id = rdx_store_watch (store, a, watch_cb, &self_remover, log_destroy);
  self_remover.unwatch = self_id;
  rdx_store_watch (store, a, watch_cb, &other_remover, log_destroy);
  victim_id = rdx_store_watch (store, a, watch_cb, &victim, log_destroy);
  other_remover.unwatch = victim_id;

  set (store, "/a", "2");
  assert_int_equal (self_remover.calls, 1);
  assert_int_equal (self_remover.destroyed, 1);
  assert_int_equal (other_remover.calls, 1);
  /* Removed before its turn: never called. */
  assert_int_equal (victim.calls, 0);
  assert_int_equal (victim.destroyed, 1);

  /* Watches added meanwhile start from the next dispatch. */
  other_remover.unwatch = 0;
  rdx_store_watch (store, a, watch_cb, &late, log_destroy);
  set (store, "/a", "3");
  assert_int_equal (self_remover.calls, 1);
  assert_int_equal (other_remover.calls, 2);
  assert_seen (&late, "2 -> 3", NULL);

  /* The store removes the rest when it goes. */
  finish_store (store);
  assert_int_equal (other_remover.destroyed, 1);
  assert_int_equal (late.destroyed, 1);

  log_clear (&self_remover);
  log_clear (&other_remover);
  log_clear (&victim);
  log_clear (&late);
}

/* A watch that dispatches: the next watch sees only the newest state. */

static void
dispatching_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  Log *log = user_data;

  watch_cb (store, old_value, new_value, user_data);
  if (rdx_value_get_int (new_value) < 3)
    {
      g_autofree char *json =
        g_strdup_printf ("%" G_GINT64_FORMAT, rdx_value_get_int (new_value) + 1);

      set (log->store, "/a", json);
    }
}

static void
test_dispatch_from_watch (void **state)
{
  RdxStore *store = make_store ("{\"a\":0}");
  g_autoptr (RdxSelector) a = rdx_selector_new_path ("/a");
  Log first, second;

  log_init (&first);
  log_init (&second);
  first.store = store;
  rdx_store_watch (store, a, dispatching_cb, &first, NULL);
  rdx_store_watch (store, a, watch_cb, &second, NULL);

  set (store, "/a", "1");
  assert_seen (&first, "0 -> 1", "1 -> 2", "2 -> 3", NULL);
  /* The second watch was brought up to date by the innermost dispatch and
   * never sees a value go backwards. */
  assert_seen (&second, "0 -> 3", NULL);

  finish_store (store);
  log_clear (&first);
  log_clear (&second);
}

static void
test_watch_misuse (void **state)
{
  RdxStore  *store = make_store ("{}");
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_int_equal (rdx_store_watch (store, NULL, watch_cb, NULL, NULL), 0);
  assert_int_equal (rdx_store_watch (NULL, NULL, watch_cb, NULL, NULL), 0);
  assert_int_equal (log.n_criticals, 2);
  rdx_test_log_end (&log);

  /* Unwatching a store with no watches at all is fine. */
  rdx_store_unwatch (store, 1);
  finish_store (store);
}

/* A watch callback that dispatches: the values it was given stay its own
 * (the nested dispatch replaces what the watch holds). The reducer makes
 * new strings, so only the store and the watch hold them; run many times,
 * the store releases the states it replaced meanwhile, and a value freed
 * under the callback shows under valgrind and ASan. */
typedef struct
{
  guint round;
  guint checked;
} Renamer;

static void
rename (RdxStore *store, const char *format, guint round)
{
  g_autoptr (GError) error = NULL;
  RdxValue *name = rdx_value_new_printf (format, round);

  assert_true (rdx_store_dispatch_take (store, rdx_action_new_take ("rename", name), &error));
}

static void
rename_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  Renamer         *r = user_data;
  g_autofree char *expected = NULL;

  if (new_value == NULL || !g_str_has_prefix (rdx_value_get_string (new_value), "outer"))
    return;
  expected = g_strdup (rdx_value_get_string (new_value));
  rename (store, "inner %u", r->round);
  assert_string_equal (rdx_value_get_string (new_value), expected);
  r->checked++;
}

static void
test_watch_values_survive_nested_dispatch (void **state)
{
  RdxStore *store = make_store ("{\"name\":\"start\"}");
  g_autoptr (RdxSelector) name = rdx_selector_new_path ("/name");
  Renamer r = { 0, 0 };
  guint   id = rdx_store_watch (store, name, rename_cb, &r, NULL);

  for (r.round = 0; r.round < 100; r.round++)
    rename (store, "outer %u", r.round);
  assert_int_equal (r.checked, 100);

  rdx_store_unwatch (store, id);
  finish_store (store);
}

int
main (void)
{
  /* clang-format off */
  const struct CMUnitTest tests[] = {
    VALUE_TEST (test_path_selectors),
    VALUE_TEST (test_malformed_paths),
    VALUE_TEST (test_memoization),
    VALUE_TEST (test_composition),
    VALUE_TEST (test_impure_selector),
    VALUE_TEST (test_watch_rules),
    VALUE_TEST (test_unwatch_from_callback),
    VALUE_TEST (test_dispatch_from_watch),
    VALUE_TEST (test_watch_misuse),
    VALUE_TEST (test_watch_values_survive_nested_dispatch),
  };
  /* clang-format on */

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

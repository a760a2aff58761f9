/* test-combine.c: rdx_combine_reducers(), Redux's combineReducers rules
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define COMBINE_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

#define assert_contains(haystack, needle) assert_non_null (strstr ((haystack), (needle)))

/* A slice reducer named @name handles "<name>.inc" (add one), "<name>.fail"
 * (refuse with a G_IO_ERROR), "<name>.null" (return NULL without an error)
 * and "all.inc"; it returns its state for anything else. Its state is an
 * integer from 0, or with @list a list that "<name>.inc" appends to. */
typedef struct
{
  const char *name;
  gboolean    list;
  gboolean    fail_all;    /* refuse "all.inc" */
  gboolean    bad_init;    /* NULL without an error whenever the state is NULL */
  gboolean    bad_probe;   /* an initial state for INIT only, NULL for others */
  gboolean    error_probe; /* an initial state for INIT only, an error for others */
  guint       calls;
  guint       destroyed;
  gboolean    saw_null;
  RdxValue   *last_state; /* compared by address only */
} Slice;

static void
slice_destroyed_cb (gpointer data)
{
  Slice *slice = data;

  slice->destroyed++;
}

static gboolean
is_mine (Slice *slice, RdxAction *action, const char *verb)
{
  g_autofree char *type = g_strdup_printf ("%s.%s", slice->name, verb);

  return rdx_action_is (action, type);
}

static RdxValue *
slice_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  Slice *slice = user_data;
  g_autoptr (RdxValue) base = NULL;

  slice->calls++;
  slice->saw_null = state == NULL;
  slice->last_state = state;

  if (state == NULL)
    {
      if (slice->bad_init)
        return NULL;
      if ((slice->bad_probe || slice->error_probe) && !rdx_action_is (action, RDX_ACTION_INIT))
        {
          if (slice->error_probe)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no state yet");
          return NULL;
        }
      base =
        slice->list ? rdx_list_new_take (rdx_value_new_string ("x"), NULL) : rdx_value_new_int (0);
    }
  else
    base = rdx_value_ref (state);

  if (is_mine (slice, action, "fail") || (slice->fail_all && rdx_action_is (action, "all.inc")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "slice %s refused",
                   slice->name);
      return NULL;
    }
  if (is_mine (slice, action, "null"))
    return NULL;
  if (is_mine (slice, action, "inc") || rdx_action_is (action, "all.inc"))
    {
      if (slice->list)
        return rdx_list_append_take (base, rdx_value_new_int (rdx_list_length (base)));
      return rdx_value_new_int (rdx_value_get_int (base) + 1);
    }
  return g_steal_pointer (&base);
}

static RdxReducer *
slice_reducer_new (Slice *slice)
{
  return rdx_reducer_new (slice_reduce, slice, slice_destroyed_cb);
}

/* Combines the slices (name, Slice *, ..., NULL), under their names. */
static RdxReducer *
combine (Slice *first, ...)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (GPtrArray) reducers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_reducer_unref);
  va_list args;
  Slice  *slice;

  va_start (args, first);
  for (slice = first; slice != NULL; slice = va_arg (args, Slice *))
    {
      g_ptr_array_add (keys, (gpointer) slice->name);
      g_ptr_array_add (reducers, slice_reducer_new (slice));
    }
  va_end (args);

  return rdx_combine_reducersv ((const char *const *) keys->pdata,
                                (RdxReducer *const *) reducers->pdata, keys->len);
}

static RdxValue *
reduce (RdxReducer *reducer, RdxValue *state, const char *type, GError **error)
{
  g_autoptr (RdxAction) action = rdx_action_new (type, NULL);

  return rdx_reducer_reduce (reducer, state, action, error);
}

static RdxValue *
reduce_ok (RdxReducer *reducer, RdxValue *state, const char *type)
{
  g_autoptr (GError) error = NULL;
  RdxValue *next = reduce (reducer, state, type, &error);

  assert_null (error);
  assert_non_null (next);
  return next;
}

static gint64
get_int (RdxValue *map, const char *key)
{
  RdxValue *v = rdx_map_get (map, key);

  assert_non_null (v);
  assert_true (rdx_value_is_int (v));
  return rdx_value_get_int (v);
}

static void
count_cb (RdxStore *store, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

static void
test_slices_see_their_slice (void **state)
{
  Slice a = { "a" }, b = { "b" };
  g_autoptr (RdxReducer) root = combine (&a, &b, NULL);
  g_autoptr (RdxValue) start =
    rdx_map_new_take ("a", rdx_value_new_int (10), "b", rdx_value_new_int (20), NULL);
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (RdxValue) initial = NULL;

  next = reduce_ok (root, start, "a.inc");
  assert_false (a.saw_null);
  assert_ptr_equal (a.last_state, rdx_map_get (start, "a"));
  assert_ptr_equal (b.last_state, rdx_map_get (start, "b"));
  assert_int_equal (get_int (next, "a"), 11);
  assert_int_equal (get_int (next, "b"), 20);

  /* A state without a slice: that slice sees NULL, the other its own. */
  g_clear_pointer (&start, rdx_value_unref);
  start = rdx_map_new_take ("b", rdx_value_new_int (20), NULL);
  initial = reduce_ok (root, start, "b.inc");
  assert_true (a.saw_null);
  assert_false (b.saw_null);
  assert_int_equal (get_int (initial, "a"), 0);
  assert_int_equal (get_int (initial, "b"), 21);
}

static void
test_result_has_reducer_keys (void **state)
{
  Slice a = { "a" }, b = { "b" }, l = { "l", .list = TRUE };
  g_autoptr (RdxReducer) root = combine (&a, &b, &l, NULL);
  g_autoptr (RdxValue) initial = NULL;
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (GPtrArray) keys = NULL;

  initial = reduce_ok (root, NULL, RDX_ACTION_INIT);
  assert_true (a.saw_null);
  assert_true (rdx_value_is_map (initial));
  assert_int_equal (rdx_map_size (initial), 3);
  keys = rdx_map_get_sorted_keys (initial);
  assert_string_equal (g_ptr_array_index (keys, 0), "a");
  assert_string_equal (g_ptr_array_index (keys, 1), "b");
  assert_string_equal (g_ptr_array_index (keys, 2), "l");
  assert_int_equal (rdx_list_length (rdx_map_get (initial, "l")), 1);

  store = rdx_store_new (root, NULL);
  assert_true (rdx_value_equal (rdx_store_get_state (store), initial));
  rdx_test_finalize (&store);
}

static void
test_same_map_when_unchanged (void **state)
{
  Slice a = { "a" }, l = { "l", .list = TRUE };
  g_autoptr (RdxReducer) root = combine (&a, &l, NULL);
  g_autoptr (RdxValue) s0 = reduce_ok (root, NULL, RDX_ACTION_INIT);
  g_autoptr (RdxValue) s1 = reduce_ok (root, s0, "unknown");
  g_autoptr (RdxValue) s2 = reduce_ok (root, s1, "a.inc");
  g_autoptr (RdxValue) s3 = reduce_ok (root, s2, "l.inc");
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (RdxValue) before = NULL;
  guint notified = 0, listened = 0;

  assert_ptr_equal (s1, s0);
  assert_ptr_not_equal (s2, s1);
  /* The slice that did not change is shared, not copied. */
  assert_ptr_equal (rdx_map_get (s2, "l"), rdx_map_get (s1, "l"));
  assert_ptr_not_equal (rdx_map_get (s3, "l"), rdx_map_get (s2, "l"));
  assert_int_equal (rdx_list_length (rdx_map_get (s3, "l")), 2);
  assert_int_equal (get_int (s3, "a"), 1);

  /* In a store: no state notification, listeners still called. */
  store = rdx_store_new (root, s3);
  before = rdx_store_dup_state (store);
  assert_ptr_equal (before, s3);
  g_signal_connect_swapped (store, "notify::state", G_CALLBACK (count_cb), &notified);
  rdx_store_subscribe (store, count_cb, &listened, NULL);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("unknown", NULL), NULL));
  assert_ptr_equal (rdx_store_get_state (store), before);
  assert_int_equal (notified, 0);
  assert_int_equal (listened, 1);
  rdx_test_finalize (&store);
}

static void
test_unexpected_keys (void **state)
{
  Slice a = { "a" }, b = { "b" };
  g_autoptr (RdxReducer) root = combine (&a, &b, NULL);
  g_autoptr (RdxReducer) other = combine (&a, &b, NULL);
  g_autoptr (RdxValue) extra =
    rdx_map_new_take ("a", rdx_value_new_int (1), "b", rdx_value_new_int (2), "x",
                      rdx_value_new_int (3), "y", rdx_value_new_string ("why"), NULL);
  g_autoptr (RdxValue) more = rdx_map_set_take (extra, "z", rdx_value_new_int (4));
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (RdxValue) again = NULL;
  g_autoptr (RdxValue) third = NULL;
  g_autoptr (RdxValue) elsewhere = NULL;
  RdxTestLog log;

  rdx_test_log_begin (&log);

  /* Keys without a reducer are dropped, each warned about. */
  next = reduce_ok (root, extra, "unknown");
  assert_ptr_not_equal (next, extra);
  assert_int_equal (rdx_map_size (next), 2);
  assert_int_equal (get_int (next, "a"), 1);
  assert_int_equal (get_int (next, "b"), 2);
  assert_int_equal (log.n_warnings, 2);
  assert_int_equal (log.n_criticals, 0);
  assert_contains (log.text->str, "\"x\"");
  assert_contains (log.text->str, "\"y\"");
  assert_contains (log.text->str, "unknown");

  /* Once per key for the life of the combined reducer. */
  rdx_test_log_clear (&log);
  again = reduce_ok (root, extra, "unknown");
  assert_int_equal (rdx_map_size (again), 2);
  assert_int_equal (log.n_warnings, 0);
  third = reduce_ok (root, more, "a.inc");
  assert_int_equal (rdx_map_size (third), 2);
  assert_int_equal (get_int (third, "a"), 2);
  assert_int_equal (log.n_warnings, 1);
  assert_contains (log.text->str, "\"z\"");
  assert_null (strstr (log.text->str, "\"x\""));

  /* Another combined reducer warns on its own account. */
  rdx_test_log_clear (&log);
  elsewhere = reduce_ok (other, extra, "unknown");
  assert_int_equal (log.n_warnings, 2);

  rdx_test_log_end (&log);
}

static void
test_unexpected_keys_not_on_replace (void **state)
{
  Slice a = { "a" }, b = { "b" };
  g_autoptr (RdxReducer) root = combine (&a, &b, NULL);
  g_autoptr (RdxValue) extra =
    rdx_map_new_take ("a", rdx_value_new_int (1), "x", rdx_value_new_int (3), NULL);
  g_autoptr (RdxValue) next = NULL;
  RdxTestLog log;

  rdx_test_log_begin (&log);
  next = reduce_ok (root, extra, RDX_ACTION_REPLACE);
  assert_int_equal (log.n_warnings, 0);
  rdx_test_log_end (&log);
  /* The key is dropped all the same. */
  assert_int_equal (rdx_map_size (next), 2);
  assert_false (rdx_map_contains (next, "x"));
  assert_int_equal (get_int (next, "a"), 1);
  assert_int_equal (get_int (next, "b"), 0);
}

static void
test_unexpected_keys_in_store (void **state)
{
  Slice a = { "a" };
  g_autoptr (RdxReducer) root = combine (&a, NULL);
  g_autoptr (RdxValue) preloaded =
    rdx_map_new_take ("a", rdx_value_new_int (5), "old", rdx_value_new_int (1), NULL);
  RdxStore  *store;
  RdxTestLog log;

  rdx_test_log_begin (&log);
  store = rdx_store_new (root, preloaded);
  assert_int_equal (log.n_warnings, 1);
  assert_contains (log.text->str, "\"old\"");
  assert_contains (log.text->str, RDX_ACTION_INIT);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("a.inc", NULL), NULL));
  assert_int_equal (log.n_warnings, 1);
  rdx_test_log_end (&log);

  assert_int_equal (rdx_map_size (rdx_store_get_state (store)), 1);
  assert_int_equal (get_int (rdx_store_get_state (store), "a"), 6);
  rdx_test_finalize (&store);
}

static void
test_slice_failure (void **state)
{
  Slice a = { "a" }, b = { "b", .fail_all = TRUE };
  g_autoptr (RdxReducer) root = combine (&a, &b, NULL);
  g_autoptr (RdxValue) start = reduce_ok (root, NULL, RDX_ACTION_INIT);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (RdxValue) before = NULL;
  RdxValue *next;
  guint     listened = 0;

  next = reduce (root, start, "b.fail", &error);
  assert_null (next);
  /* The slice's own error, prefixed with where it happened. */
  assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_contains (error->message, "\"b\"");
  assert_contains (error->message, "b.fail");
  assert_contains (error->message, "slice b refused");
  g_clear_error (&error);

  /* In a store: the dispatch fails, nothing changes, even though slice
   * "a" changed before "b" refused. */
  store = rdx_store_new (root, start);
  rdx_store_subscribe (store, count_cb, &listened, NULL);
  before = rdx_store_dup_state (store);
  assert_false (rdx_store_dispatch_take (store, rdx_action_new ("all.inc", NULL), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_contains (error->message, "\"b\"");
  assert_contains (error->message, "all.inc");
  assert_ptr_equal (rdx_store_get_state (store), before);
  assert_int_equal (get_int (before, "a"), 0);
  assert_int_equal (listened, 0);

  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("a.inc", NULL), NULL));
  assert_int_equal (get_int (rdx_store_get_state (store), "a"), 1);
  rdx_test_finalize (&store);
}

static void
test_slice_null_without_error (void **state)
{
  Slice a = { "a" }, b = { "b" };
  g_autoptr (RdxReducer) root = combine (&a, &b, NULL);
  g_autoptr (RdxValue) start = reduce_ok (root, NULL, RDX_ACTION_INIT);
  g_autoptr (GError) error = NULL;

  assert_null (reduce (root, start, "b.null", &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  assert_contains (error->message, "\"b\"");
  assert_contains (error->message, "b.null");
}

/* Redux's assertReducerShape: a slice must give a state for INIT and for
 * an unknown action when its state is NULL; one that does not is reported
 * on first use, naming the key, and on every use after. */
static void
check_shape_error (Slice *bad, const char *key)
{
  Slice a = { "a" };
  g_autoptr (RdxReducer) root = combine (&a, bad, NULL);
  g_autoptr (RdxValue) start =
    rdx_map_new_take ("a", rdx_value_new_int (0), key, rdx_value_new_int (0), NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxStore) store = NULL;
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", key);
  RdxTestLog       log;

  assert_null (reduce (root, NULL, RDX_ACTION_INIT, &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  assert_contains (error->message, quoted);
  g_clear_error (&error);

  /* Even when the state has every slice. */
  assert_null (reduce (root, start, "a.inc", &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  assert_contains (error->message, quoted);
  g_clear_error (&error);

  /* A store made with it reports its failed INIT and refuses dispatches,
   * keeping the state it was given. */
  rdx_test_log_begin (&log);
  store = rdx_store_new (root, start);
  assert_int_equal (log.n_criticals, 1);
  assert_contains (log.text->str, quoted);
  rdx_test_log_end (&log);
  assert_ptr_equal (rdx_store_get_state (store), start);
  assert_false (rdx_store_dispatch_take (store, rdx_action_new ("a.inc", NULL), &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  assert_ptr_equal (rdx_store_get_state (store), start);
  rdx_test_finalize (&store);
}

static void
test_slice_bad_init (void **state)
{
  Slice c = { "c", .bad_init = TRUE };

  check_shape_error (&c, "c");
}

static void
test_slice_bad_probe (void **state)
{
  Slice d = { "d", .bad_probe = TRUE };
  Slice e = { "e", .error_probe = TRUE };

  check_shape_error (&d, "d");
  check_shape_error (&e, "e");
}

static void
test_non_map_state (void **state)
{
  Slice a = { "a" };
  g_autoptr (RdxReducer) root = combine (&a, NULL);
  g_autoptr (RdxValue) number = rdx_value_new_int (5);
  g_autoptr (RdxValue) list = rdx_list_new_take (rdx_value_new_int (1), NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxStore) store = NULL;
  RdxTestLog log;

  assert_null (reduce (root, number, "a.inc", &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  assert_contains (error->message, "map");
  g_clear_error (&error);
  assert_null (reduce (root, list, "a.inc", &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);

  rdx_test_log_begin (&log);
  store = rdx_store_new (root, list);
  assert_int_equal (log.n_criticals, 1);
  rdx_test_log_end (&log);
  assert_ptr_equal (rdx_store_get_state (store), list);
  assert_false (rdx_store_dispatch_take (store, rdx_action_new ("a.inc", NULL), &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  assert_ptr_equal (rdx_store_get_state (store), list);
  rdx_test_finalize (&store);
}

static void
test_nested_combine (void **state)
{
  Slice x = { "x" }, y = { "y" }, z = { "z", .list = TRUE };
  g_autoptr (RdxReducer) inner = combine (&x, &y, NULL);
  g_autoptr (RdxReducer) zr = slice_reducer_new (&z);
  g_autoptr (RdxReducer) root = rdx_combine_reducers ("inner", inner, "z", zr, NULL);
  g_autoptr (RdxValue) s0 = reduce_ok (root, NULL, RDX_ACTION_INIT);
  g_autoptr (RdxValue) s1 = reduce_ok (root, s0, "x.inc");
  g_autoptr (RdxValue) s2 = reduce_ok (root, s1, "unknown");
  g_autoptr (RdxValue) stray = NULL;
  g_autoptr (RdxValue) s3 = NULL;
  g_autoptr (GError) error = NULL;
  RdxTestLog log;

  assert_int_equal (rdx_map_size (s0), 2);
  assert_int_equal (get_int (rdx_map_get (s0, "inner"), "x"), 0);
  assert_int_equal (get_int (rdx_map_get (s1, "inner"), "x"), 1);
  assert_int_equal (get_int (rdx_map_get (s1, "inner"), "y"), 0);
  assert_ptr_equal (rdx_map_get (s1, "z"), rdx_map_get (s0, "z"));
  assert_ptr_equal (s2, s1);

  /* A stray key inside the inner slice is the inner reducer's to drop. */
  stray = rdx_value_set_path (s1, "/inner/w", rdx_value_new_int (9), &error);
  assert_non_null (stray);
  rdx_test_log_begin (&log);
  s3 = reduce_ok (root, stray, "unknown");
  assert_int_equal (log.n_warnings, 1);
  assert_contains (log.text->str, "\"w\"");
  rdx_test_log_end (&log);
  assert_true (rdx_value_equal (s3, s1));

  /* A failure inside names the inner key. */
  assert_null (reduce (root, s1, "y.fail", &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_contains (error->message, "\"inner\"");
  assert_contains (error->message, "\"y\"");
}

static void
test_replace_keeping_state (void **state)
{
  Slice a = { "a" }, l = { "l", .list = TRUE };
  g_autoptr (RdxReducer) first = combine (&a, NULL);
  g_autoptr (RdxReducer) wider = combine (&a, &l, NULL);
  g_autoptr (RdxReducer) narrower = combine (&l, NULL);
  g_autoptr (GError) error = NULL;
  RdxValue  *list;
  RdxStore  *store;
  RdxTestLog log;

  store = rdx_store_new (first, NULL);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("a.inc", NULL), NULL));
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("a.inc", NULL), NULL));

  rdx_test_log_begin (&log);
  /* A new slice gets its initial state; the old one keeps its own. */
  assert_true (rdx_store_replace_reducer (store, wider, &error));
  assert_null (error);
  assert_int_equal (get_int (rdx_store_get_state (store), "a"), 2);
  list = rdx_map_get (rdx_store_get_state (store), "l");
  assert_int_equal (rdx_list_length (list), 1);

  /* A slice without a reducer any more is dropped, without a warning. */
  assert_true (rdx_store_replace_reducer (store, narrower, &error));
  assert_int_equal (rdx_map_size (rdx_store_get_state (store)), 1);
  assert_ptr_equal (rdx_map_get (rdx_store_get_state (store), "l"), list);
  assert_int_equal (log.n_warnings, 0);
  rdx_test_log_end (&log);

  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("l.inc", NULL), NULL));
  assert_int_equal (rdx_list_length (rdx_map_get (rdx_store_get_state (store), "l")), 2);
  rdx_test_finalize (&store);
}

static void
test_references_and_destroy (void **state)
{
  Slice       a = { "a" }, b = { "b" };
  RdxReducer *ra = slice_reducer_new (&a);
  RdxReducer *rb = slice_reducer_new (&b);
  RdxReducer *root = rdx_combine_reducers ("a", ra, "b", rb, NULL);
  g_autoptr (RdxReducer) empty = rdx_combine_reducersv (NULL, NULL, 0);
  g_autoptr (RdxValue) nothing = reduce_ok (empty, NULL, RDX_ACTION_INIT);
  g_autoptr (RdxValue) still = reduce_ok (empty, nothing, "unknown");
  RdxStore  *store;
  RdxTestLog log;

  assert_true (rdx_value_is_map (nothing));
  assert_int_equal (rdx_map_size (nothing), 0);
  assert_ptr_equal (still, nothing);

  /* The combined reducer holds its slices... */
  rdx_reducer_unref (ra);
  rdx_reducer_unref (rb);
  assert_int_equal (a.destroyed, 0);
  store = rdx_store_new (root, NULL);
  rdx_reducer_unref (root);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("b.inc", NULL), NULL));
  assert_int_equal (get_int (rdx_store_get_state (store), "b"), 1);
  assert_int_equal (a.destroyed, 0);
  /* ...and lets them go with the last reference. */
  rdx_test_finalize (&store);
  assert_int_equal (a.destroyed, 1);
  assert_int_equal (b.destroyed, 1);

  /* The same key twice is a programming error. */
  ra = slice_reducer_new (&a);
  rdx_test_log_begin (&log);
  assert_null (rdx_combine_reducers ("a", ra, "a", ra, NULL));
  assert_int_equal (log.n_criticals, 1);
  rdx_test_log_end (&log);
  rdx_reducer_unref (ra);
  assert_int_equal (a.destroyed, 2);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    COMBINE_TEST (test_slices_see_their_slice),
    COMBINE_TEST (test_result_has_reducer_keys),
    COMBINE_TEST (test_same_map_when_unchanged),
    COMBINE_TEST (test_unexpected_keys),
    COMBINE_TEST (test_unexpected_keys_not_on_replace),
    COMBINE_TEST (test_unexpected_keys_in_store),
    COMBINE_TEST (test_slice_failure),
    COMBINE_TEST (test_slice_null_without_error),
    COMBINE_TEST (test_slice_bad_init),
    COMBINE_TEST (test_slice_bad_probe),
    COMBINE_TEST (test_non_map_state),
    COMBINE_TEST (test_nested_combine),
    COMBINE_TEST (test_replace_keeping_state),
    COMBINE_TEST (test_references_and_destroy),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("combine", tests, NULL, NULL);
}

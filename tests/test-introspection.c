/* test-introspection.c: the forms of the API made for language bindings
 * (docs/python-and-javascript.md): slices with one case function, and the
 * array forms of the varargs constructors. The bindings themselves are
 * tested by tests/bindings/.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-journal-private.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

/* The case function of the slices below: "n.add" adds its payload,
 * "n.clear" makes the state 0, and refuses when it is 0 already. Counts its calls and
 * keeps the last type it got. */
typedef struct
{
  guint       calls;
  const char *last_type;
  gboolean    destroyed;
} Cases;

static RdxValue *
run_case (const char *type, RdxValue *state, RdxValue *payload, gpointer user_data, GError **error)
{
  Cases *cases = user_data;

  cases->calls++;
  cases->last_type = type;
  if (strcmp (type, "n.add") == 0)
    return rdx_value_new_int (rdx_value_get_int (state) + rdx_value_get_int (payload));
  if (rdx_value_is_int (state) && rdx_value_get_int (state) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "It is clear already");
      return NULL;
    }
  return rdx_value_new_int (0);
}

static void
cases_destroy (gpointer user_data)
{
  Cases *cases = user_data;

  assert_false (cases->destroyed);
  cases->destroyed = TRUE;
}

static RdxReducer *
numbers_slice_new (Cases *cases, const char *const *paths)
{
  static const char *const types[] = { "n.add", "n.clear", NULL };
  static const char *const schemas[] = { "int 1..100", "null", NULL };
  g_autoptr (RdxValue) initial = rdx_test_value (paths != NULL ? "{\"n\": 0}" : "0");

  return rdx_slice_new_full ("numbers", initial, types, schemas, paths, run_case, cases,
                             cases_destroy);
}

static void
test_slice_full_cases (void **state)
{
  Cases cases = { 0 };
  g_autoptr (RdxReducer) slice = numbers_slice_new (&cases, NULL);
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  g_autoptr (GError) error = NULL;

  assert_string_equal (rdx_slice_get_name (slice), "numbers");
  rdx_test_assert_json (rdx_store_get_state (store), "0");
  assert_int_equal (cases.calls, 0); /* the initial state needs no case */

  assert_true (
    rdx_store_dispatch_take (store, rdx_action_new_take ("n.add", rdx_value_new_int (5)), &error));
  assert_null (error);
  assert_int_equal (cases.calls, 1);
  assert_string_equal (cases.last_type, "n.add");
  assert_ptr_equal (cases.last_type, g_intern_string ("n.add"));
  rdx_test_assert_json (rdx_store_get_state (store), "5");

  /* A payload that does not fit is refused before the function runs, with
   * the message a table slice gives. */
  assert_false (rdx_store_dispatch_take (
    store, rdx_action_new_take ("n.add", rdx_value_new_int (500)), &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_RANGE);
  assert_string_equal (error->message,
                       "n.add: the payload must be an integer from 1 to 100, got 500");
  g_clear_error (&error);
  assert_false (rdx_store_dispatch_take (
    store, rdx_action_new_take ("n.clear", rdx_value_new_int (1)), &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_KIND);
  g_clear_error (&error);
  assert_int_equal (cases.calls, 1);
  rdx_test_assert_json (rdx_store_get_state (store), "5");

  /* The function refuses with its own error; the state stays. */
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("n.clear", NULL), &error));
  rdx_test_assert_json (rdx_store_get_state (store), "0");
  assert_false (rdx_store_dispatch_take (store, rdx_action_new ("n.clear", NULL), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  assert_string_equal (error->message, "It is clear already");
  assert_int_equal (cases.calls, 3);
  assert_string_equal (cases.last_type, "n.clear");

  /* Another type leaves the state alone, without a call. */
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("other.thing", NULL), NULL));
  assert_int_equal (cases.calls, 3);

  rdx_test_finalize (&store);
  assert_false (cases.destroyed);
  g_clear_pointer (&slice, rdx_reducer_unref);
  assert_true (cases.destroyed);
}

/* Cases with paths get and return their part; "" is the whole state. */
static void
test_slice_full_paths (void **state)
{
  static const char *const paths[] = { "/n", "", NULL };
  Cases                    cases = { 0 };
  g_autoptr (RdxReducer) slice = numbers_slice_new (&cases, paths);
  g_autoptr (RdxValue) before = NULL;
  g_autoptr (RdxValue) after = NULL;
  g_autoptr (RdxAction) add = rdx_action_new_take ("n.add", rdx_value_new_int (7));
  g_autoptr (RdxAction) clear = rdx_action_new ("n.clear", NULL);
  g_autoptr (GError) error = NULL;

  before = rdx_reducer_reduce (slice, NULL, add, &error);
  rdx_test_assert_json (before, "{\"n\":7}");
  after = rdx_reducer_reduce (slice, before, add, &error);
  rdx_test_assert_json (after, "{\"n\":14}");
  g_clear_pointer (&after, rdx_value_unref);

  /* "n.clear" works on the whole state, which is not an integer 0, so it
   * makes it 0. */
  after = rdx_reducer_reduce (slice, before, clear, &error);
  assert_null (error);
  rdx_test_assert_json (after, "0");
}

/* What the slice declares, for debuggers and rdx_reducer_create_action(). */
static void
test_slice_full_declares (void **state)
{
  Cases cases = { 0 };
  g_autoptr (RdxReducer) slice = numbers_slice_new (&cases, NULL);
  g_autoptr (GPtrArray) infos = rdx_reducer_list_actions (slice);
  g_autoptr (RdxAction) action = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *schema = NULL;

  assert_int_equal (infos->len, 2);
  assert_string_equal (((RdxActionInfo *) infos->pdata[0])->type, "n.add");
  assert_string_equal (((RdxActionInfo *) infos->pdata[1])->type, "n.clear");
  assert_string_equal (((RdxActionInfo *) infos->pdata[1])->slice, "numbers");
  schema = rdx_schema_to_string (((RdxActionInfo *) infos->pdata[0])->schema);
  assert_string_equal (schema, "int 1..100");

  action = rdx_reducer_create_action (slice, "n.ad", NULL, &error);
  assert_null (action);
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_UNKNOWN_TYPE);
}

/* Without schemas, every case takes no payload. */
static void
test_slice_full_no_schemas (void **state)
{
  static const char *const types[] = { "n.add", NULL };
  Cases                    cases = { 0 };
  g_autoptr (RdxValue) initial = rdx_value_new_int (0);
  g_autoptr (RdxReducer) slice =
    rdx_slice_new_full ("numbers", initial, types, NULL, NULL, run_case, &cases, NULL);
  g_autoptr (RdxAction) action = rdx_action_new_take ("n.add", rdx_value_new_int (1));
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (GError) error = NULL;

  next = rdx_reducer_reduce (slice, initial, action, &error);
  assert_null (next);
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_KIND);
  assert_int_equal (cases.calls, 0);
}

/* Mistakes are programming errors: a critical, no slice, and the data
 * freed at once. */
static void
check_bad_slice (const char *const *types,
                 const char *const *schemas,
                 const char *const *paths,
                 const char        *message)
{
  Cases cases = { 0 };
  g_autoptr (RdxValue) initial = rdx_value_new_null ();
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_null (
    rdx_slice_new_full ("bad", initial, types, schemas, paths, run_case, &cases, cases_destroy));
  assert_int_equal (log.n_criticals, 1);
  if (strstr (log.text->str, message) == NULL)
    print_message ("expected: %s\n     got: %s\n", message, log.text->str);
  assert_non_null (strstr (log.text->str, message));
  rdx_test_log_end (&log);
  assert_true (cases.destroyed);
}

static void
test_slice_full_mistakes (void **state)
{
  static const char *const two[] = { "a.b", "a.c", NULL };
  static const char *const one[] = { "int", NULL };
  static const char *const twice[] = { "a.b", "a.b", NULL };
  static const char *const private_type[] = { "@@rdx/INIT", NULL };
  static const char *const bad_path[] = { "items", NULL };

  check_bad_slice (two, one, NULL,
                   "The slice \"bad\" has 2 types but 1 schemas and 2 paths; give as many of "
                   "each as there are types, or NULL.");
  check_bad_slice (two, NULL, one, "has 2 types but 2 schemas and 1 paths");
  check_bad_slice (twice, NULL, NULL, "The slice \"bad\" has two cases for \"a.b\".");
  check_bad_slice (private_type, NULL, NULL, "types starting with \"@@rdx/\" belong to rdx");
  check_bad_slice (one, NULL, bad_path, "has the path \"items\", which is not a JSON Pointer");
}

static void
test_combine_slicesv (void **state)
{
  Cases                    cases = { 0 };
  static const char *const paths[] = { "/n", "/n", NULL };
  g_autoptr (RdxReducer) numbers = numbers_slice_new (&cases, paths);
  g_autoptr (RdxValue) initial = rdx_value_new_string ("all");
  g_autoptr (RdxReducer) filter = rdx_slice_new ("filter", initial, NULL, 0);
  g_autoptr (RdxReducer) plain = rdx_combine_reducers ("x", filter, NULL);
  RdxReducer *slices[] = { numbers, filter };
  RdxReducer *mixed[] = { numbers, plain };
  g_autoptr (RdxReducer) root = rdx_combine_slicesv (slices, G_N_ELEMENTS (slices));
  g_autoptr (RdxReducer) from_varargs = rdx_combine_slices (numbers, filter, NULL);
  g_autoptr (RdxAction) add = rdx_action_new_take ("n.add", rdx_value_new_int (2));
  g_autoptr (RdxValue) first = rdx_reducer_reduce (root, NULL, add, NULL);
  g_autoptr (RdxValue) second = rdx_reducer_reduce (from_varargs, NULL, add, NULL);
  RdxTestLog log;

  rdx_test_assert_json (first, "{\"filter\":\"all\",\"numbers\":{\"n\":2}}");
  assert_true (rdx_value_equal (first, second));

  rdx_test_log_begin (&log);
  assert_null (rdx_combine_slicesv (mixed, G_N_ELEMENTS (mixed)));
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "rdx_combine_slices() takes slices"));
  rdx_test_log_end (&log);
}

static void
test_map_newv (void **state)
{
  const char *const keys[] = { "b", "a", "b" };
  g_autoptr (RdxValue) one = rdx_value_new_int (1);
  g_autoptr (RdxValue) two = rdx_value_new_string ("two");
  g_autoptr (RdxValue) three = rdx_test_value ("[3]");
  RdxValue *values[] = { one, two, three };
  g_autoptr (RdxValue) map = rdx_map_newv (keys, values, G_N_ELEMENTS (values));
  g_autoptr (RdxValue) empty = rdx_map_newv (NULL, NULL, 0);

  /* A key given twice keeps its last value; the values are borrowed. */
  rdx_test_assert_json (map, "{\"a\":\"two\",\"b\":[3]}");
  assert_ptr_equal (rdx_map_get (map, "b"), three);
  rdx_test_assert_json (empty, "{}");
  assert_int_equal (rdx_map_size (empty), 0);
}

static void
test_list_newv (void **state)
{
  g_autoptr (RdxValue) one = rdx_value_new_int (1);
  g_autoptr (RdxValue) null = rdx_value_new_null ();
  RdxValue *values[] = { one, null, one };
  g_autoptr (RdxValue) list = rdx_list_newv (values, G_N_ELEMENTS (values));
  g_autoptr (RdxValue) empty = rdx_list_newv (NULL, 0);
  g_autoptr (RdxValue) expected =
    rdx_list_new_take (rdx_value_new_int (1), rdx_value_new_null (), rdx_value_new_int (1), NULL);

  rdx_test_assert_json (list, "[1,null,1]");
  assert_true (rdx_value_equal (list, expected));
  assert_ptr_equal (rdx_list_get (list, 2), one);
  rdx_test_assert_json (empty, "[]");
}

/* The array form declares the same command as the varargs one. */
static void
test_add_commandv (void **state)
{
  static const char *const outcomes[] = { "b.ok", "a.fail", NULL };
  g_autoptr (RdxValue) initial = rdx_value_new_int (0);
  g_autoptr (RdxReducer) reducer = rdx_slice_new ("x", initial, NULL, 0);
  g_autoptr (RdxJournalOptions) varargs = rdx_journal_options_new ("org.example.App", reducer);
  g_autoptr (RdxJournalOptions) array = rdx_journal_options_new ("org.example.App", reducer);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;

  rdx_journal_options_add_command (varargs, "b.req", "id", "b.ok", "a.fail", NULL);
  rdx_journal_options_add_commandv (array, "b.req", "id", outcomes);
  expected = rdx_journal_options_commands_fingerprint (varargs);
  got = rdx_journal_options_commands_fingerprint (array);
  assert_string_equal (got, "[[\"b.req\",\"id\",[\"a.fail\",\"b.ok\"]]]");
  assert_string_equal (got, expected);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_slice_full_cases),
    rdx_test_leak_checked (test_slice_full_paths),
    rdx_test_leak_checked (test_slice_full_declares),
    rdx_test_leak_checked (test_slice_full_no_schemas),
    rdx_test_leak_checked (test_slice_full_mistakes),
    rdx_test_leak_checked (test_combine_slicesv),
    rdx_test_leak_checked (test_map_newv),
    rdx_test_leak_checked (test_list_newv),
    rdx_test_leak_checked (test_add_commandv),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("introspection", tests, NULL, NULL);
}

/* test-reducer-sets.c: RdxReducerSets, the named reducer sets of
 * rdx-replay and rdx-debugger (loading modules is tested through
 * rdx-replay --module, in test-replay.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rdx-devtools.h>
#include <string.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

static RdxValue *
zero_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  return state != NULL ? rdx_value_ref (state) : rdx_value_new_int (0);
}

static RdxReducer *
zero_reducer_new (void)
{
  return rdx_reducer_new (zero_reduce, NULL, NULL);
}

static void
test_add_and_find (void **state)
{
  g_autoptr (RdxReducerSets) sets = rdx_reducer_sets_new ();
  g_autoptr (RdxReducer) reducer = NULL;
  g_autoptr (RdxValue) initial = NULL;
  g_autoptr (RdxAction) init = rdx_action_new (RDX_ACTION_INIT, NULL);
  const RdxReducerSet *set;

  assert_int_equal (rdx_reducer_sets_get_n_sets (sets), 0);
  assert_null (rdx_reducer_sets_find (sets, "zero"));
  rdx_reducer_sets_add (sets, "zero", "org.example.Zero", "always zero", zero_reducer_new);
  rdx_reducer_sets_add (sets, "one", "org.example.One", NULL, zero_reducer_new);
  assert_int_equal (rdx_reducer_sets_get_n_sets (sets), 2);

  set = rdx_reducer_sets_find (sets, "org.example.Zero");
  assert_non_null (set);
  assert_ptr_equal (set, rdx_reducer_sets_find (sets, "zero"));
  assert_string_equal (set->name, "zero");
  assert_string_equal (set->summary, "always zero");
  assert_string_equal (rdx_reducer_sets_get_set (sets, 1)->summary, "");
  assert_null (rdx_reducer_sets_get_set (sets, 2));

  reducer = set->new_reducer ();
  initial = rdx_reducer_reduce (reducer, NULL, init, NULL);
  assert_int_equal (rdx_value_get_int (initial), 0);
}

static void
test_refuses_duplicates (void **state)
{
  g_autoptr (RdxReducerSets) sets = rdx_reducer_sets_new ();
  RdxTestLog log;

  rdx_reducer_sets_add (sets, "zero", "org.example.Zero", NULL, zero_reducer_new);
  rdx_test_log_begin (&log);
  rdx_reducer_sets_add (sets, "zero", "org.example.Other", NULL, zero_reducer_new);
  rdx_reducer_sets_add (sets, "other", "org.example.Zero", NULL, zero_reducer_new);
  rdx_reducer_sets_add (sets, "org.example.Zero", "org.example.Third", NULL, zero_reducer_new);
  rdx_reducer_sets_add (sets, "", "org.example.Fourth", NULL, zero_reducer_new);
  rdx_reducer_sets_add (sets, "fifth", "org.example.Fifth", NULL, NULL);
  assert_int_equal (log.n_criticals, 5);
  assert_non_null (strstr (log.text->str, "a reducer set named \"zero\" is already registered"));
  assert_non_null (
    strstr (log.text->str, "for the app \"org.example.Zero\" is already registered"));
  assert_non_null (strstr (log.text->str, "needs a name, an app id and a function"));
  rdx_test_log_end (&log);
  assert_int_equal (rdx_reducer_sets_get_n_sets (sets), 1);
}

static void
test_load_missing_module (void **state)
{
  g_autoptr (RdxReducerSets) sets = rdx_reducer_sets_new ();
  g_autoptr (GError) error = NULL;

  assert_false (rdx_reducer_sets_load_module (sets, "no-such-module.so", &error));
  assert_error (error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_MODULE);
  assert_non_null (strstr (error->message, "Cannot load the module no-such-module.so"));
  assert_int_equal (rdx_reducer_sets_get_n_sets (sets), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_add_and_find),
    rdx_test_leak_checked (test_refuses_duplicates),
    rdx_test_leak_checked (test_load_missing_module),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

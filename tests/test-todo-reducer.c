/* test-todo-reducer.c: the to-do example's slice (docs/examples/todo), on
 * its own, without GTK
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "todo-reducer.h"

#include "rdx-test.h"
#include "rdx-value-private.h"

static gboolean
dispatch (RdxStore *store, const char *type, RdxValue *payload, GError **error)
{
  return rdx_store_dispatch_take (store, rdx_action_new_take (type, payload), error);
}

static void
assert_state (RdxStore *store, const char *expected)
{
  rdx_test_assert_json (rdx_store_get_state (store), expected);
}

static void
test_cases (void **state)
{
  g_autoptr (RdxReducer) slice = todo_slice_new ();
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  g_autoptr (GError) error = NULL;
  RdxValue *before;

  assert_state (store, "{\"filter\":\"all\",\"items\":{},\"next_id\":1}");
  assert_true (dispatch (store, "todos.add", rdx_value_new_string ("Milk"), NULL));
  assert_true (dispatch (store, "todos.add", rdx_value_new_string ("Eggs"), NULL));
  assert_true (dispatch (store, "todos.toggle", rdx_value_new_int (2), NULL));
  assert_state (store,
                "{\"filter\":\"all\",\"items\":{\"1\":{\"done\":false,\"id\":1,\"title\":"
                "\"Milk\"},\"2\":{\"done\":true,\"id\":2,\"title\":\"Eggs\"}},\"next_id\":3}");

  assert_true (dispatch (store, "todos.filter", rdx_value_new_string ("done"), NULL));
  assert_true (dispatch (store, "todos.remove", rdx_value_new_int (2), NULL));
  assert_state (store, "{\"filter\":\"done\",\"items\":{\"1\":{\"done\":false,\"id\":1,\"title\":"
                       "\"Milk\"}},\"next_id\":3}");
  assert_true (dispatch (store, "todos.mark-all", rdx_value_new_bool (TRUE), NULL));
  assert_true (
    rdx_value_get_bool (rdx_value_get_path (rdx_store_get_state (store), "/items/1/done")));

  /* Marking what is marked already changes nothing, not even the pointer. */
  before = rdx_store_get_state (store);
  assert_true (dispatch (store, "todos.mark-all", rdx_value_new_bool (TRUE), NULL));
  assert_ptr_equal (rdx_store_get_state (store), before);

  /* Removing what is not there changes nothing. */
  assert_true (dispatch (store, "todos.remove", rdx_value_new_int (7), NULL));
  assert_ptr_equal (rdx_store_get_state (store), before);
  assert_true (dispatch (store, "todos.remove", rdx_value_new_int (1), NULL));
  assert_state (store, "{\"filter\":\"done\",\"items\":{},\"next_id\":3}");
  rdx_test_finalize (&store);
}

static void
test_refusals (void **state)
{
  g_autoptr (RdxReducer) slice = todo_slice_new ();
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  g_autoptr (GError) error = NULL;
  RdxValue *before;

  assert_true (dispatch (store, "todos.add", rdx_value_new_string ("Milk"), NULL));
  before = rdx_store_get_state (store);

  assert_false (dispatch (store, "todos.toggle", rdx_value_new_int (9), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_string_equal (error->message, "There is no such to-do");
  g_clear_error (&error);
  assert_false (dispatch (store, "todos.toggle", rdx_value_new_string ("1"), &error));
  assert_string_equal (error->message,
                       "todos.toggle: the payload must be an integer greater than 0, got \"1\"");
  g_clear_error (&error);
  assert_false (dispatch (store, "todos.add", rdx_value_new_string (""), &error));
  assert_string_equal (error->message, "todos.add: the payload must be a non-empty string of at "
                                       "most 200 characters, got \"\"");
  g_clear_error (&error);
  assert_false (dispatch (store, "todos.filter", rdx_value_new_string ("later"), &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_NOT_ALLOWED);
  assert_ptr_equal (rdx_store_get_state (store), before);
  rdx_test_finalize (&store);
}

static void
test_declared_actions (void **state)
{
  g_autoptr (RdxReducer) slice = todo_slice_new ();
  g_autoptr (GPtrArray) infos = rdx_reducer_list_actions (slice);
  GString *listing = g_string_new (NULL);
  guint    i;

  for (i = 0; i < infos->len; i++)
    {
      const RdxActionInfo *info = infos->pdata[i];
      g_autofree char     *schema = rdx_schema_to_string (info->schema);

      g_string_append_printf (listing, "%s %s: %s\n", info->slice, info->type, schema);
    }
  assert_string_equal (listing->str, "todos todos.add: string 1..200\n"
                                     "todos todos.toggle: int > 0\n"
                                     "todos todos.remove: int > 0\n"
                                     "todos todos.mark-all: bool\n"
                                     "todos todos.filter: 'all' | 'active' | 'done'\n");
  g_string_free (listing, TRUE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_cases),
    rdx_test_leak_checked (test_refusals),
    rdx_test_leak_checked (test_declared_actions),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("todo-reducer", tests, NULL, NULL);
}

/* test-expr.c: the functions .ui templates call in <closure> expressions,
 * called as GtkBuilder calls them (a "this" object first); their use in a
 * real template is in test-todo-ui.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

static void
test_lookups (void **state)
{
  g_autoptr (RdxValue) item = rdx_value_from_json (
    "{\"id\":7,\"title\":\"Milk\",\"done\":true,\"price\":1.25,\"tags\":[\"a\"],"
    "\"who\":{\"name\":\"Ada\"},\"none\":null}",
    -1, NULL);
  g_autofree char *title = rdx_expr_get_string (NULL, item, "title");
  g_autofree char *id_text = rdx_expr_get_string (NULL, item, "id");
  g_autofree char *missing = rdx_expr_get_string (NULL, item, "nothing");
  g_autofree char *null_text = rdx_expr_get_string (NULL, item, "none");
  g_autofree char *nested = rdx_expr_get_string (NULL, item, "/who/name");
  g_autofree char *no_item = rdx_expr_get_string (NULL, NULL, "title");
  g_autoptr (RdxValue) who = rdx_expr_get_map (NULL, item, "who");
  g_autoptr (RdxValue) no_map = rdx_expr_get_map (NULL, item, "title");
  g_autoptr (RdxValue) tags = rdx_expr_get_list (NULL, item, "tags");
  g_autoptr (RdxValue) no_list = rdx_expr_get_list (NULL, item, "who");
  g_autoptr (GVariant) id = rdx_expr_get_variant (NULL, item, "id");
  g_autoptr (GVariant) name = rdx_expr_get_variant (NULL, item, "/who/name");

  assert_string_equal (title, "Milk");
  assert_string_equal (id_text, "7");
  assert_string_equal (missing, "");
  assert_string_equal (null_text, "");
  assert_string_equal (nested, "Ada");
  assert_string_equal (no_item, "");
  assert_int_equal (rdx_expr_get_int (NULL, item, "id"), 7);
  assert_int_equal (rdx_expr_get_int (NULL, item, "title"), 0);
  assert_true (rdx_expr_get_bool (NULL, item, "done"));
  assert_false (rdx_expr_get_bool (NULL, item, "id"));
  assert_true (rdx_expr_get_double (NULL, item, "price") == 1.25);
  assert_true (rdx_expr_get_double (NULL, item, "id") == 7.0);
  assert_ptr_equal (who, rdx_map_get (item, "who"));
  assert_int_equal (rdx_map_size (no_map), 0);
  assert_ptr_equal (tags, rdx_map_get (item, "tags"));
  assert_int_equal (rdx_list_length (no_list), 0);
  assert_true (g_variant_is_of_type (id, G_VARIANT_TYPE_INT64));
  assert_int_equal (g_variant_get_int64 (id), 7);
  assert_false (g_variant_is_floating (id));
  assert_string_equal (g_variant_get_string (name, NULL), "Ada");
  assert_null (rdx_expr_get_variant (NULL, item, "nothing"));
  assert_true (rdx_expr_not (NULL, FALSE));
  assert_false (rdx_expr_not (NULL, TRUE));
}

/* Called through a GClosure as GtkBuilder does: the marshaller takes the
 * returned string and value. */
static void
test_through_closure (void **state)
{
  g_autoptr (RdxValue) item = rdx_value_from_json ("{\"title\":\"Eggs\"}", -1, NULL);
  GClosure *closure = g_cclosure_new (G_CALLBACK (rdx_expr_get_string), NULL, NULL);
  GValue    params[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  GValue    result = G_VALUE_INIT;

  g_closure_set_marshal (closure, g_cclosure_marshal_generic);
  g_value_init (&params[0], G_TYPE_POINTER);
  g_value_init (&params[1], RDX_TYPE_VALUE);
  g_value_set_boxed (&params[1], item);
  g_value_init (&params[2], G_TYPE_STRING);
  g_value_set_string (&params[2], "title");
  g_value_init (&result, G_TYPE_STRING);
  g_closure_invoke (closure, &result, 3, params, NULL);
  assert_string_equal (g_value_get_string (&result), "Eggs");
  g_value_unset (&result);
  g_value_unset (&params[1]);
  g_value_unset (&params[2]);
  g_closure_unref (closure);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_lookups),
    rdx_test_leak_checked (test_through_closure),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("expr", tests, NULL, NULL);
}

/* todo-reducers.c: the app of the debugger window's tests
 *
 * The to-do example's slice (docs/examples/todo/todo-reducer.c) beside a
 * UI-only slice, combined as an application combines its slices, so the
 * window's dispatch box has declared types and payload schemas to offer:
 *   {"todos": {"items": {"1": {"id", "title", "done"}}, "filter", "next_id"},
 *    "ui": {"panel": "list"}}
 *   todos.add "title", todos.toggle id, todos.remove id, todos.mark-all bool,
 *   todos.filter 'all' | 'active' | 'done', ui.panel 'list' | 'details'
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "todo-reducers.h"

#include "todo-reducer.h"

static const RdxSliceCase ui_cases[] = {
  { "ui.panel", "'list' | 'details'", NULL, "/panel" },
};

/**
 * todo_reducer_new:
 *
 * Returns: (transfer full): the tests' root reducer
 */
RdxReducer *
todo_reducer_new (void)
{
  g_autoptr (RdxValue) initial = rdx_map_new_take ("panel", rdx_value_new_string ("list"), NULL);
  g_autoptr (RdxReducer) todos = todo_slice_new ();
  g_autoptr (RdxReducer) ui = rdx_slice_new ("ui", initial, ui_cases, G_N_ELEMENTS (ui_cases));

  return rdx_combine_slices (todos, ui, NULL);
}

/* todo-reducer.h: the to-do list's slice (docs/reducers.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx.h>

G_BEGIN_DECLS

/* The application id its journal, history and exports carry. */
#define TODO_APP_ID "org.rdx.Todo"

/**
 * todo_slice_new:
 *
 * Makes the to-do list's slice, `todos`: the reducer of the to-do example
 * (docs/reducers.md), with the action types `todos.add`, `todos.toggle`,
 * `todos.remove`, `todos.mark-all` and `todos.filter`. Python and GJS
 * programs reach it as `Todo.slice_new()` through the example's typelib,
 * Todo-1.
 *
 * Returns: (transfer full): the slice, as a reducer
 */
RdxReducer *todo_slice_new (void);

G_END_DECLS

/* todo-module.c: the to-do example's reducer (docs/examples/todo) as a
 * reducer-set module, loaded by rdx-replay --module and rdx-debugger
 * --module in the tests, as docs/time-travel.md shows an application
 * making one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gmodule.h>
#include <rdx-devtools.h>

#include "todo-reducer.h"

G_MODULE_EXPORT void rdx_register_reducer_sets (RdxReducerSets *sets);

G_MODULE_EXPORT void
rdx_register_reducer_sets (RdxReducerSets *sets)
{
  rdx_reducer_sets_add (sets, "todo", TODO_APP_ID, "the to-do list of docs/examples/todo",
                        todo_slice_new);
}

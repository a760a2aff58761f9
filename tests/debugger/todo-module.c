/* todo-module.c: the to-do reducers as a reducer-set module, loaded by
 * rdx-replay --module and rdx-debugger --module in the tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gmodule.h>
#include <rdx-devtools.h>

#include "todo-reducers.h"

G_MODULE_EXPORT void rdx_register_reducer_sets (RdxReducerSets *sets);

G_MODULE_EXPORT void
rdx_register_reducer_sets (RdxReducerSets *sets)
{
  rdx_reducer_sets_add (sets, "todo", TODO_APP_ID, "a to-do list (todo.add, .toggle, .remove)",
                        todo_reducer_new);
}

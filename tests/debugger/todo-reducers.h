/* todo-reducers.h: the app of the debugger window's tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx.h>

G_BEGIN_DECLS

#define TODO_TEST_APP_ID "org.rdx.tests.Todo"

RdxReducer *todo_reducer_new (void);

G_END_DECLS

/* todo-reducer.h: the to-do list's slice (docs/reducers.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx.h>

G_BEGIN_DECLS

/* The application id its journal, history and exports carry. */
#define TODO_APP_ID "org.rdx.Todo"

RdxReducer *todo_slice_new (void);

G_END_DECLS

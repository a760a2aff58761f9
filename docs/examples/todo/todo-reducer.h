/* todo-reducer.h: the to-do list's slice (docs/reducers.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx.h>

G_BEGIN_DECLS

RdxReducer *todo_slice_new (void);

G_END_DECLS

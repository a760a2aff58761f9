/* todo-window.h: the to-do window, a view over its store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx-devtools.h>

G_BEGIN_DECLS

#define TODO_TYPE_WINDOW (todo_window_get_type ())
G_DECLARE_FINAL_TYPE (TodoWindow, todo_window, TODO, WINDOW, GtkApplicationWindow)

TodoWindow *todo_window_new (GtkApplication *app, const char *journal_path, GError **error);
RdxHistory *todo_window_get_history (TodoWindow *self);

G_END_DECLS

/* rdx-debugger-window.h: the time-travel debugger window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx-debugger.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <rdx-devtools.h>

G_BEGIN_DECLS

#define RDX_TYPE_DEBUGGER_WINDOW (rdx_debugger_window_get_type ())
G_DECLARE_FINAL_TYPE (RdxDebuggerWindow, rdx_debugger_window, RDX, DEBUGGER_WINDOW, GtkWindow)

/* clang-format off */
RdxDebuggerWindow *rdx_debugger_window_new                       (RdxHistory        *history);
RdxHistory        *rdx_debugger_window_get_history               (RdxDebuggerWindow *self);
gboolean           rdx_debugger_window_import_file               (RdxDebuggerWindow *self,
                                                                  GFile             *file,
                                                                  GError           **error);
void               rdx_debugger_window_set_test_reducer_function (RdxDebuggerWindow *self,
                                                                  const char        *name);
const char        *rdx_debugger_window_get_test_reducer_function (RdxDebuggerWindow *self);

void               rdx_debugger_add_window_action                (GtkApplicationWindow *window,
                                                                  RdxHistory           *history);
/* clang-format on */

G_END_DECLS

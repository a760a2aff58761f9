/* rdx-debugger-rows-private.h: the debugger's action list, filtered
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx-devtools.h>

G_BEGIN_DECLS

#define RDX_TYPE_DEBUGGER_ROWS (rdx_debugger_rows_get_type ())
G_DECLARE_FINAL_TYPE (RdxDebuggerRows, rdx_debugger_rows, RDX, DEBUGGER_ROWS, GObject)

/* clang-format off */
RdxDebuggerRows *rdx_debugger_rows_new          (RdxHistory      *history);
gboolean         rdx_debugger_rows_set_filter   (RdxDebuggerRows *self,
                                                 const char      *text,
                                                 gboolean         regex,
                                                 gboolean         hide_ui,
                                                 GError         **error);
guint            rdx_debugger_rows_get_position (RdxDebuggerRows *self,
                                                 guint            row);
gboolean         rdx_debugger_rows_find_row     (RdxDebuggerRows *self,
                                                 guint            position,
                                                 guint           *row);
/* clang-format on */

/* The prefix of the UI-only action types "Hide UI actions" hides. */
#define RDX_DEBUGGER_UI_PREFIX "ui."

G_END_DECLS

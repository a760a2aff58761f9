/* rdx-debugger-export.h: a stretch of a history as a cmocka regression test
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx-debugger.h> can be included directly."
#endif

#include <rdx-devtools.h>

G_BEGIN_DECLS

/**
 * RDX_DEBUGGER_DEFAULT_REDUCER_FUNCTION:
 *
 * The function a generated test calls for the application's root reducer
 * when none is named.
 */
#define RDX_DEBUGGER_DEFAULT_REDUCER_FUNCTION "app_reducer_new"

/* clang-format off */
char *rdx_debugger_export_test (RdxHistory *history,
                                guint       first,
                                guint       last,
                                const char *reducer_function,
                                GError    **error);
/* clang-format on */

G_END_DECLS

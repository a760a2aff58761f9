/* rdx-test.h: helpers shared by the cmocka tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib-object.h>

G_BEGIN_DECLS

/* Exit status meson reads as "skipped". */
#define RDX_TEST_SKIP 77

/**
 * RdxTestLog:
 *
 * Captures the messages GLib logs while it is installed, so a test can check
 * that bad input produced a critical or a warning (with a useful text)
 * instead of aborting under G_DEBUG=fatal-criticals.
 */
typedef struct
{
  guint          n_criticals;
  guint          n_warnings;
  guint          n_messages;
  GString       *text;
  GLogLevelFlags old_fatal;
} RdxTestLog;

void
rdx_test_log_begin (RdxTestLog *log);
void
rdx_test_log_end (RdxTestLog *log);
void
rdx_test_log_clear (RdxTestLog *log);

/* Asserts that the weakly watched object was finalized. */
#define rdx_assert_finalized(weak) assert_null (weak)

/* Iterates the default main context until @cond holds, at most about
 * @timeout_ms milliseconds. Evaluates to the final value of @cond. */
#define rdx_test_iterate_until(cond, timeout_ms)                         \
  ({                                                                     \
    gint64 rdx_deadline_ = g_get_monotonic_time () + (timeout_ms) *1000; \
    while (!(cond) && g_get_monotonic_time () < rdx_deadline_)           \
      g_main_context_iteration (NULL, FALSE);                            \
    (cond);                                                              \
  })

G_END_DECLS

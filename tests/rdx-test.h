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

void rdx_test_log_begin (RdxTestLog *log);
void rdx_test_log_end (RdxTestLog *log);
void rdx_test_log_clear (RdxTestLog *log);

/* Setup and teardown for cmocka tests that must free every value they make:
 * the live count after the test must be the one before it (0 in a passing
 * run). The teardown also restores the map hash mask tests may change.
 * Needs rdx_value_set_counting_for_testing (TRUE) at the start of main. */
int rdx_test_record_live_count (void **state);
int rdx_test_check_live_count (void **state);

#define rdx_test_leak_checked(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* Parses strict JSON into a value; the test fails if it is not. */
struct _RdxValue *rdx_test_value (const char *json);

/* Asserts that @value's canonical JSON is @expected, printing both when it
 * is not. */
void rdx_test_assert_json (struct _RdxValue *value, const char *expected);

/* Asserts that @err is set, in domain @dom with code @c. */
#define assert_error(err, dom, c)              \
  do                                           \
    {                                          \
      assert_non_null (err);                   \
      assert_int_equal ((err)->domain, (dom)); \
      assert_int_equal ((err)->code, (c));     \
    }                                          \
  while (0)

/* Drops the last reference to the object at @location (a GObject **) and
 * asserts that it was finalized. */
void rdx_test_finalize_object (GObject **location);
#define rdx_test_finalize(location) rdx_test_finalize_object ((GObject **) (location))

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

/**
 * RdxTestRun:
 * @status: the exit status, or -1 when the program did not exit
 * @out: what it printed on standard output
 * @err: what it printed on standard error
 *
 * A program run by rdx_test_run().
 */
typedef struct
{
  int   status;
  char *out;
  char *err;
} RdxTestRun;

RdxTestRun rdx_test_run (const char *input, const char *const *argv);
RdxTestRun rdx_test_run_env (const char *input, const char *const *argv, const char *const *env);
void       rdx_test_run_clear (RdxTestRun *run);
GBytes    *rdx_test_read_bytes (const char *path);
void       rdx_test_remove_dir (const char *path);

G_END_DECLS

/* rdx-test.c: helpers shared by the cmocka tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-test.h"
#include "rdx-value-private.h"

#include <string.h>

static RdxTestLog *current_log;

static void
capture_cb (const char    *log_domain,
            GLogLevelFlags log_level,
            const char    *message,
            gpointer       user_data)
{
  RdxTestLog *log = user_data;

  if (log_level & G_LOG_LEVEL_CRITICAL)
    log->n_criticals++;
  else if (log_level & G_LOG_LEVEL_WARNING)
    log->n_warnings++;
  else
    log->n_messages++;

  g_string_append_printf (log->text, "%s: %s\n", log_domain ? log_domain : "", message);
}

/**
 * rdx_test_log_begin:
 * @log: where to count and keep the messages
 *
 * Captures criticals and warnings from now on, instead of letting them abort.
 */
void
rdx_test_log_begin (RdxTestLog *log)
{
  memset (log, 0, sizeof *log);
  log->text = g_string_new (NULL);
  log->old_fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_default_handler (capture_cb, log);
  current_log = log;
}

/**
 * rdx_test_log_clear:
 * @log: a log being captured
 *
 * Forgets what was captured so far.
 */
void
rdx_test_log_clear (RdxTestLog *log)
{
  log->n_criticals = log->n_warnings = log->n_messages = 0;
  g_string_truncate (log->text, 0);
}

/**
 * rdx_test_log_end:
 * @log: the log given to rdx_test_log_begin()
 *
 * Stops capturing and restores the fatal mask.
 */
void
rdx_test_log_end (RdxTestLog *log)
{
  if (current_log != log)
    return;
  g_log_set_default_handler (g_log_default_handler, NULL);
  g_log_set_always_fatal (log->old_fatal);
  g_string_free (log->text, TRUE);
  log->text = NULL;
  current_log = NULL;
}

static gint live_baseline;

/**
 * rdx_test_record_live_count:
 * @state: cmocka's test state
 *
 * A cmocka setup: remembers how many values are alive.
 */
int
rdx_test_record_live_count (void **state)
{
  live_baseline = rdx_value_get_live_count_for_testing ();
  return 0;
}

/**
 * rdx_test_check_live_count:
 * @state: cmocka's test state
 *
 * A cmocka teardown: asserts that as many values are alive as before the
 * test, after restoring the map hash mask.
 */
int
rdx_test_check_live_count (void **state)
{
  rdx_value_set_hash_mask_for_testing (0xffffffffu);
  assert_int_equal (rdx_value_get_live_count_for_testing (), live_baseline);
  return 0;
}

/**
 * rdx_test_finalize_object:
 * @location: where the last reference to an object is
 *
 * Drops that reference, clears @location, and asserts the object was
 * finalized.
 */
void
rdx_test_finalize_object (GObject **location)
{
  gpointer weak = *location;

  g_object_add_weak_pointer (*location, &weak);
  g_clear_object (location);
  rdx_assert_finalized (weak);
}

/**
 * rdx_test_value:
 * @json: strict JSON
 *
 * Returns: (transfer full): the value @json is; the test fails if it is
 *   not JSON
 */
RdxValue *
rdx_test_value (const char *json)
{
  g_autoptr (GError) error = NULL;
  RdxValue *value = rdx_value_from_json (json, -1, &error);

  if (error != NULL)
    print_message ("not JSON: %s: %s\n", json, error->message);
  assert_null (error);
  return value;
}

/**
 * rdx_test_assert_json:
 * @value: a value
 * @expected: its canonical JSON
 *
 * Asserts that rdx_value_to_json (@value) is @expected.
 */
void
rdx_test_assert_json (RdxValue *value, const char *expected)
{
  g_autofree char *json = rdx_value_to_json (value);

  if (g_strcmp0 (json, expected) != 0)
    print_message ("expected: %s\n     got: %s\n", expected, json);
  assert_string_equal (json, expected);
}

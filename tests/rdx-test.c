/* rdx-test.c: helpers shared by the cmocka tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-test.h"
#include "rdx-value-private.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
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

static char *
bytes_to_string (GBytes *bytes)
{
  gsize         size = 0;
  gconstpointer data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return data != NULL ? g_strndup (data, size) : g_strdup ("");
}

/**
 * rdx_test_run:
 * @input: (nullable): what the program reads on standard input
 * @argv: the program and its arguments, %NULL-terminated
 *
 * Runs a program to its end, as a user would from a shell.
 *
 * Returns: its exit status (-1 when it did not exit) and what it printed;
 *   free with rdx_test_run_clear()
 */
RdxTestRun
rdx_test_run (const char *input, const char *const *argv)
{
  return rdx_test_run_env (input, argv, NULL);
}

/**
 * rdx_test_run_env:
 * @input: (nullable): what the program reads on standard input
 * @argv: the program and its arguments, %NULL-terminated
 * @env: (nullable): changes to the environment, %NULL-terminated:
 *   "NAME=value" sets, "NAME" unsets
 *
 * Like rdx_test_run(), in an environment changed by @env (a locale).
 *
 * Returns: its exit status (-1 when it did not exit) and what it printed;
 *   free with rdx_test_run_clear()
 */
RdxTestRun
rdx_test_run_env (const char *input, const char *const *argv, const char *const *env)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GBytes) stdin_bytes = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  RdxTestRun run = { 0 };

  launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equals = strchr (env[i], '=');

      if (equals != NULL)
        {
          g_autofree char *name = g_strndup (env[i], equals - env[i]);

          g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
        }
      else
        g_subprocess_launcher_unsetenv (launcher, env[i]);
    }
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  assert_non_null (process);
  stdin_bytes = g_bytes_new (input != NULL ? input : "", input != NULL ? strlen (input) : 0);
  assert_true (g_subprocess_communicate (process, stdin_bytes, NULL, &out, &err, &error));
  run.status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  run.out = bytes_to_string (out);
  run.err = bytes_to_string (err);
  return run;
}

/**
 * rdx_test_run_clear:
 * @run: what rdx_test_run() returned
 *
 * Frees what the program printed.
 */
void
rdx_test_run_clear (RdxTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/**
 * rdx_test_read_bytes:
 * @path: a file
 *
 * Returns: (transfer full): the file's bytes, empty when it cannot be read
 */
GBytes *
rdx_test_read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (contents, length);
}

/**
 * rdx_test_remove_dir:
 * @path: a folder of files, as g_dir_make_tmp() makes
 *
 * Removes the files in @path, then @path.
 */
void
rdx_test_remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

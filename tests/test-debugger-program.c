/* test-debugger-program.c: rdx-debugger, run as a user would (suite ui)
 *
 * usage: test-debugger-program PATH-TO-RDX-DEBUGGER TODO-MODULE
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include <rdx-devtools.h>
#include <rdx.h>

#include "bank-tiny.h"
#include "rdx-replay-reducers.h"
#include "rdx-test.h"

static const char *debugger_path;
static const char *module_path;
static char       *tmp_dir;

typedef RdxTestRun Run;

/* Asserts the exit status, showing what the program said when it is not. */
#define assert_status(run, expected)                                                    \
  do                                                                                    \
    {                                                                                   \
      if ((run).status != (expected))                                                   \
        fail_msg ("exit status %d, not %d:\n%s%s", (run).status, (expected), (run).out, \
                  (run).err);                                                           \
    }                                                                                   \
  while (0)

/* Runs rdx-debugger with the arguments, NULL-terminated. */
static Run
run_debugger (const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list     args;

  g_ptr_array_add (argv, (char *) debugger_path);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return rdx_test_run (NULL, (const char *const *) argv->pdata);
}

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static gboolean
is_png (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  return g_file_get_contents (path, &contents, &length, NULL) && length > 1000 &&
         memcmp (contents, "\x89PNG", 4) == 0;
}

/* A tiny-bank session journaled as an application would: a failed
 * withdrawal among the deposits. */
static char *
write_bank_journal (void)
{
  char *path = tmp_file ("bank.journal");
  g_autoptr (RdxReducer) reducer = bank_tiny_reducer_new ();
  g_autoptr (RdxJournalOptions) options =
    rdx_journal_options_new ("org.rdx.examples.TinyBank", reducer);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxJournal) journal = rdx_journal_open (path, options, &error);
  g_autoptr (RdxStore) store = NULL;
  static const char *const actions[][2] = {
    { "bank.open", "{\"id\":\"alice\"}" },
    { "bank.open", "{\"id\":\"bob\"}" },
    { "bank.deposit", "{\"id\":\"alice\",\"amount\":5000}" },
    { "bank.withdraw", "{\"id\":\"bob\",\"amount\":100}" },
    { "bank.transfer", "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":1200}" },
  };

  assert_non_null (journal);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr (RdxValue) payload = rdx_value_from_json (actions[i][1], -1, NULL);

      rdx_store_dispatch_take (store, rdx_action_new (actions[i][0], payload), NULL);
    }
  g_clear_object (&store);
  assert_true (rdx_journal_close (journal, &error));
  return path;
}

static void
test_journal (void **state)
{
  g_autofree char *journal = write_bank_journal ();
  g_autofree char *png = tmp_file ("journal.png");
  g_autoptr (GBytes) before = rdx_test_read_bytes (journal);
  g_autoptr (GBytes) after = NULL;
  Run run;

  /* The journal names its app: the tiny bank's set is found. */
  run = run_debugger ("--screenshot", png, journal, NULL);
  assert_status (run, 0);
  assert_string_equal (run.err, "");
  assert_true (is_png (png));
  rdx_test_run_clear (&run);
  g_unlink (png);

  run = run_debugger ("--reducer", "tiny-bank", "--screenshot", png, journal, NULL);
  assert_status (run, 0);
  assert_true (is_png (png));
  rdx_test_run_clear (&run);

  /* Read-only: not a byte changed. */
  after = rdx_test_read_bytes (journal);
  assert_true (g_bytes_equal (before, after));

  /* Another app's reducer set is refused, with the app named. */
  run = run_debugger ("--reducer", "counter", "--screenshot", png, journal, NULL);
  assert_status (run, 2);
  assert_non_null (strstr (run.err, "belongs to the application “org.rdx.examples.TinyBank”"));
  rdx_test_run_clear (&run);
}

/* A tiny-bank session edited in the debugger while it ran: skipping a
 * deposit at the present is journaled as @@rdx/STATE_REPLACED. rdx-debugger
 * opens that journal like any other. */
static void
test_edited_journal (void **state)
{
  g_autofree char *path = tmp_file ("edited-bank.journal");
  g_autofree char *png = tmp_file ("edited.png");
  g_autoptr (RdxReducer) reducer = bank_tiny_reducer_new ();
  g_autoptr (RdxJournalOptions) options =
    rdx_journal_options_new ("org.rdx.examples.TinyBank", reducer);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxJournal) journal = rdx_journal_open (path, options, &error);
  g_autoptr (RdxHistory) history = rdx_history_new ("org.rdx.examples.TinyBank");
  g_autoptr (RdxStore) store = NULL;
  RdxMiddleware           *outer[1] = { rdx_history_get_middleware (history) };
  static const char *const actions[][2] = {
    { "bank.open", "{\"id\":\"alice\"}" },
    { "bank.deposit", "{\"id\":\"alice\",\"amount\":5000}" },
    { "bank.deposit", "{\"id\":\"alice\",\"amount\":700}" },
  };
  Run run;

  assert_non_null (journal);
  store = rdx_journal_new_store (journal, outer, 1);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr (RdxValue) payload = rdx_value_from_json (actions[i][1], -1, NULL);

      assert_true (rdx_store_dispatch_take (store, rdx_action_new (actions[i][0], payload), NULL));
    }
  rdx_history_toggle (history, 2);
  g_clear_object (&store);
  assert_true (rdx_journal_close (journal, &error));

  run = run_debugger ("--screenshot", png, path, NULL);
  assert_status (run, 0);
  assert_string_equal (run.err, "");
  assert_true (is_png (png));
  rdx_test_run_clear (&run);
  g_unlink (png);
}

static void
test_module_and_exports (void **state)
{
  g_autofree char *todo = tmp_file ("todo.rdx-history.json");
  g_autofree char *redux = tmp_file ("todo.redux.json");
  g_autofree char *png = tmp_file ("todo.png");
  Run              run;

  assert_true (
    g_file_set_contents (todo,
                         "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"org.rdx.Todo\","
                         "\"base\":{\"filter\":\"all\",\"items\":{},\"next_id\":1},"
                         "\"actions\":[{\"type\":\"todos.add\",\"payload\":\"Milk\"}]}",
                         -1, NULL));
  assert_true (g_file_set_contents (
    redux, "{\"payload\":\"[{\\\"type\\\":\\\"todos.add\\\",\\\"payload\\\":\\\"x\\\"}]\"}", -1,
    NULL));

  run = run_debugger ("--module", module_path, "--list", NULL);
  assert_status (run, 0);
  assert_non_null (strstr (run.out, "org.rdx.Todo"));
  rdx_test_run_clear (&run);

  run = run_debugger ("--module", module_path, "--screenshot", png, todo, NULL);
  assert_status (run, 0);
  assert_true (is_png (png));
  rdx_test_run_clear (&run);

  /* Without the module, no set knows the app. */
  run = run_debugger ("--screenshot", png, todo, NULL);
  assert_status (run, 2);
  assert_non_null (strstr (run.err, "No reducer set is registered for the file's application"));
  rdx_test_run_clear (&run);

  /* A Redux DevTools export names no app. */
  run = run_debugger ("--module", module_path, "--screenshot", png, redux, NULL);
  assert_status (run, 2);
  assert_non_null (strstr (run.err, "does not name its application"));
  rdx_test_run_clear (&run);
  run =
    run_debugger ("--module", module_path, "--reducer", "todo", "--screenshot", png, redux, NULL);
  assert_status (run, 0);
  rdx_test_run_clear (&run);
}

static void
test_bad_input (void **state)
{
  g_autofree char *missing = tmp_file ("missing.json");
  g_autofree char *damaged = tmp_file ("damaged.json");
  Run              run = run_debugger (NULL);

  assert_status (run, 2);
  assert_non_null (strstr (run.err, "Give a FILE to open"));
  rdx_test_run_clear (&run);

  run = run_debugger (missing, NULL);
  assert_status (run, 2);
  assert_non_null (strstr (run.err, "missing.json"));
  rdx_test_run_clear (&run);

  assert_true (g_file_set_contents (damaged, "{\"format\":\"rdx-history\", \"app\": ", -1, NULL));
  run = run_debugger ("--reducer", "counter", damaged, NULL);
  assert_status (run, 2);
  assert_non_null (strstr (run.err, "not valid JSON"));
  rdx_test_run_clear (&run);

  run = run_debugger ("--reducer", "nope", damaged, NULL);
  assert_status (run, 2);
  assert_non_null (strstr (run.err, "There is no reducer set “nope”"));
  rdx_test_run_clear (&run);

  run = run_debugger ("--module", missing, NULL);
  assert_status (run, 2);
  assert_non_null (strstr (run.err, "Cannot load the module"));
  rdx_test_run_clear (&run);
}

static int
remove_tmp_dir (void **state)
{
  rdx_test_remove_dir (tmp_dir);
  return 0;
}

int
main (int argc, char *argv[])
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_journal),
    cmocka_unit_test (test_edited_journal),
    cmocka_unit_test (test_module_and_exports),
    cmocka_unit_test (test_bad_input),
  };

  if (argc != 3)
    {
      g_printerr ("usage: %s PATH-TO-RDX-DEBUGGER TODO-MODULE\n", argv[0]);
      return 2;
    }
  /* Holding a connection to the display keeps Xvfb from resetting (and
   * refusing connections) each time its last client, an rdx-debugger run,
   * closes. */
  if (!gtk_init_check ())
    return RDX_TEST_SKIP;
  debugger_path = argv[1];
  module_path = argv[2];
  tmp_dir = g_dir_make_tmp ("rdx-debugger-XXXXXX", NULL);
  if (tmp_dir == NULL)
    return 1;
  return cmocka_run_group_tests (tests, NULL, remove_tmp_dir);
}

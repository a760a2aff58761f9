/* test-replay.c: the rdx-replay program, run as a user would
 *
 * usage: test-replay PATH-TO-RDX-REPLAY TODO-MODULE NOT-A-MODULE
 * (a reducer-set module, and a shared library that is not one)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <rdx-devtools.h>

#include "rdx-test.h"
#include "todo-reducer.h"

static const char *replay_path;
static const char *module_path;
static const char *not_module_path;
static char       *tmp_dir;

typedef RdxTestRun Run;

/* Runs rdx-replay with the arguments, NULL-terminated; @input goes to its
 * standard input when not NULL. */
static Run
run_replay (const char *input, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list     args;

  g_ptr_array_add (argv, (char *) replay_path);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return rdx_test_run (input, (const char *const *) argv->pdata);
}

static char *
write_file (const char *name, const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

#define COUNTER_EXPORT(changes3)                                                        \
  "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"org.rdx.examples.Counter\","     \
  "\"base\":{\"count\":0},\"cursor\":3,\"actions\":["                                   \
  "{\"type\":\"counter.increment\",\"changes\":[[\"/count\",1]]},"                      \
  "{\"type\":\"counter.add\",\"payload\":{\"amount\":5},\"changes\":[[\"/count\",6]]}," \
  "{\"type\":\"counter.add\",\"payload\":{},\"error\":\"counter.add needs an integer "  \
  "\\\"amount\\\".\",\"changes\":[]},"                                                  \
  "{\"type\":\"counter.decrement\",\"changes\":" changes3 "}]}"

static void
test_help (void **state)
{
  Run run = run_replay (NULL, "--help", NULL);

  assert_int_equal (run.status, 0);
  assert_non_null (strstr (run.out, "rdx-replay [OPTION"));
  assert_non_null (strstr (run.out, "--reducer"));
  assert_non_null (strstr (run.out, "Exit status"));
  assert_non_null (strstr (run.out, "1  the replay diverged"));
  rdx_test_run_clear (&run);
}

static void
test_list (void **state)
{
  Run run = run_replay (NULL, "--list", NULL);

  assert_int_equal (run.status, 0);
  assert_non_null (strstr (run.out, "counter"));
  assert_non_null (strstr (run.out, "org.rdx.examples.TinyBank"));
  rdx_test_run_clear (&run);
}

static void
test_usage_errors (void **state)
{
  Run run = run_replay (NULL, NULL);

  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "give one FILE"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--frobnicate", "x", NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "--frobnicate"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--format", "xml", "x", NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "unknown format"));
  rdx_test_run_clear (&run);
}

static void
test_replays_rdx_export (void **state)
{
  g_autofree char *path = write_file ("counter.json", COUNTER_EXPORT ("[[\"/count\",5]]"));
  Run              run = run_replay (NULL, path, NULL);

  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"count\":5}\n");
  assert_string_equal (run.err, "");
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--quiet", path, NULL);
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "");
  rdx_test_run_clear (&run);

  /* From standard input too. */
  run = run_replay (COUNTER_EXPORT ("[[\"/count\",5]]"), "-", NULL);
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"count\":5}\n");
  rdx_test_run_clear (&run);
}

static void
test_divergence (void **state)
{
  g_autofree char *path = write_file ("diverged.json", COUNTER_EXPORT ("[[\"/count\",4]]"));
  g_autofree char *failed = NULL;
  Run              run = run_replay (NULL, path, NULL);

  assert_int_equal (run.status, 1);
  assert_string_equal (run.out, "");
  assert_non_null (strstr (run.err, "Entry 4 (\"counter.decrement\") diverges"));
  assert_non_null (strstr (run.err, "[[\"/count\",4]]"));
  assert_non_null (strstr (run.err, "[[\"/count\",5]]"));
  rdx_test_run_clear (&run);

  /* A recorded failure that now succeeds. */
  failed = write_file (
    "failed.json", "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"org.rdx.examples.Counter\","
                   "\"base\":{\"count\":0},\"actions\":[{\"type\":\"counter.increment\","
                   "\"error\":\"refused\"}]}");
  run = run_replay (NULL, failed, NULL);
  assert_int_equal (run.status, 1);
  assert_non_null (strstr (run.err, "Entry 1 (\"counter.increment\") diverges"));
  rdx_test_run_clear (&run);
}

static void
test_replays_redux_export (void **state)
{
  g_autofree char *path = write_file (
    "redux.json",
    "{\"payload\":\"[{\\\"type\\\":\\\"bank.open\\\",\\\"payload\\\":{\\\"id\\\":\\\"a\\\"}},"
    "{\\\"type\\\":\\\"bank.deposit\\\",\\\"payload\\\":{\\\"id\\\":\\\"a\\\",\\\"amount\\\":500}},"
    "{\\\"type\\\":\\\"bank.withdraw\\\",\\\"payload\\\":{\\\"id\\\":\\\"a\\\",\\\"amount\\\":900}}"
    "]\","
    "\"preloadedState\":\"{\\\"accounts\\\":{}}\"}");
  Run run = run_replay (NULL, "--reducer", "tiny-bank", path, NULL);

  /* The failed withdrawal is part of the history, and the replay has
   * nothing recorded to compare with: it succeeds. */
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"accounts\":{\"a\":{\"balance\":500,\"id\":\"a\"}}}\n");
  rdx_test_run_clear (&run);

  /* Redux DevTools exports do not name their app. */
  run = run_replay (NULL, path, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "does not name its app"));
  rdx_test_run_clear (&run);
}

static void
test_bad_input (void **state)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.json", NULL);
  g_autofree char *bad = write_file ("bad.json", "{\"payload\": \"[{\"}");
  g_autofree char *other =
    write_file ("other.json", "{\"format\":\"rdx-history\",\"version\":1,"
                              "\"app\":\"org.other.App\",\"base\":{},\"actions\":[]}");
  g_autofree char *newer =
    write_file ("newer.json", "{\"format\":\"rdx-history\",\"version\":9,"
                              "\"app\":\"org.rdx.examples.Counter\",\"base\":{},"
                              "\"actions\":[]}");
  Run run = run_replay (NULL, missing, NULL);

  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "cannot read"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--reducer", "counter", bad, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "not valid JSON"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, other, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "org.other.App"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--reducer", "nope", other, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "no reducer set \"nope\""));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, newer, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "version 9"));
  rdx_test_run_clear (&run);
}

/* A counter reducer like rdx-replay's, with the step given as user data:
 * 1 matches rdx-replay's "counter" set, 2 does not. */
static RdxValue *
step_counter_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  gint64 count;

  if (state == NULL)
    return rdx_map_new_take ("count", rdx_value_new_int (0), NULL);
  if (!rdx_action_is (action, "counter.increment"))
    return rdx_value_ref (state);
  count = rdx_value_get_int (rdx_map_get (state, "count"));
  return rdx_map_set_take (state, "count", rdx_value_new_int (count + GPOINTER_TO_INT (user_data)));
}

static char *
write_journal (const char *name, gint step)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (RdxReducer) reducer =
    rdx_reducer_new (step_counter_reduce, GINT_TO_POINTER (step), NULL);
  g_autoptr (RdxJournalOptions) options =
    rdx_journal_options_new ("org.rdx.examples.Counter", reducer);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxJournal) journal = rdx_journal_open (path, options, &error);
  g_autoptr (RdxStore) store = NULL;

  assert_non_null (journal);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (guint i = 0; i < 3; i++)
    assert_true (rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), NULL));
  g_clear_object (&store);
  assert_true (rdx_journal_close (journal, &error));
  return path;
}

static void
test_replays_journal (void **state)
{
  g_autofree char *path = write_journal ("counter.journal", 1);
  g_autofree char *diverged = write_journal ("diverged.journal", 2);
  g_autofree char *jsonl =
    write_file ("counter.jsonl", "{\"app_id\":\"org.rdx.examples.Counter\",\"event_version\":1,"
                                 "\"format\":\"rdx-journal\",\"schema\":1}\n"
                                 "{\"hash\":\"\",\"payload\":null,\"seq\":1,\"session\":1,"
                                 "\"store_seq\":2,\"time\":1,\"type\":\"counter.increment\","
                                 "\"version\":1}\n");
  Run run = run_replay (NULL, "--reducer", "counter", path, NULL);

  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"count\":3}\n");
  rdx_test_run_clear (&run);

  /* The journal's own digests tell that this reducer does not rebuild it. */
  run = run_replay (NULL, "--reducer", "counter", diverged, NULL);
  assert_int_equal (run.status, 1);
  assert_non_null (strstr (run.err, "do not give the state the source recorded"));
  assert_non_null (strstr (run.err, "/count: recorded 6, recomputed 3"));
  rdx_test_run_clear (&run);

  /* A journal needs --reducer; its JSON Lines export names its app. */
  run = run_replay (NULL, path, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "is a journal"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, jsonl, NULL);
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"count\":1}\n");
  rdx_test_run_clear (&run);
}

/* rdx-replay opens a journal read-only: it writes nothing to it, so a
 * crashed session stays reported to the application, and it replays the
 * journal of a program that has it open. */
static void
test_replay_leaves_journal_as_it_was (void **state)
{
  g_autofree char *path = g_build_filename (tmp_dir, "crashed.journal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (step_counter_reduce, GINT_TO_POINTER (1), NULL);
  g_autoptr (GBytes) file_before = NULL;
  g_autoptr (GBytes) wal_before = NULL;
  g_autoptr (GBytes) file_after = NULL;
  g_autoptr (GBytes) wal_after = NULL;
  g_autoptr (GError) error = NULL;
  Run   run;
  pid_t child;
  int   status = 0;

  /* The program journals three actions and dies without closing. */
  child = fork ();
  assert_true (child >= 0);
  if (child == 0)
    {
      RdxJournalOptions *options = rdx_journal_options_new ("org.rdx.examples.Counter", reducer);
      RdxJournal        *journal;
      RdxStore          *store;

      rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_SYNC);
      journal = rdx_journal_open (path, options, NULL);
      if (journal == NULL)
        _exit (3);
      store = rdx_journal_new_store (journal, NULL, 0);
      for (guint i = 0; i < 3; i++)
        rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), NULL);
      /* A crash: no cleanup at all (nor a leak report under valgrind). */
      kill (getpid (), SIGKILL);
      _exit (4);
    }
  assert_int_equal (waitpid (child, &status, 0), child);
  assert_true (WIFSIGNALED (status));
  assert_int_equal (WTERMSIG (status), SIGKILL);
  file_before = rdx_test_read_bytes (path);
  wal_before = rdx_test_read_bytes (wal);

  run = run_replay (NULL, "--reducer", "counter", path, NULL);
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"count\":3}\n");
  rdx_test_run_clear (&run);
  file_after = rdx_test_read_bytes (path);
  wal_after = rdx_test_read_bytes (wal);
  assert_true (g_bytes_equal (file_before, file_after));
  assert_true (g_bytes_equal (wal_before, wal_after));

  /* The program opens it again: it learns of the crash, and while it has
   * the journal open, rdx-replay still reads it. */
  {
    g_autoptr (RdxJournalOptions) options =
      rdx_journal_options_new ("org.rdx.examples.Counter", reducer);
    g_autoptr (RdxJournal) journal = rdx_journal_open (path, options, &error);
    const RdxJournalProblem *problems;
    guint                    n_problems = 0;
    gboolean                 unclean = FALSE;

    assert_non_null (journal);
    problems = rdx_journal_get_problems (journal, &n_problems);
    for (guint i = 0; i < n_problems; i++)
      if (problems[i].kind == RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN)
        unclean = TRUE;
    assert_true (unclean);

    run = run_replay (NULL, "--reducer", "counter", path, NULL);
    assert_int_equal (run.status, 0);
    assert_string_equal (run.out, "{\"count\":3}\n");
    rdx_test_run_clear (&run);
    assert_true (rdx_journal_close (journal, &error));
  }
}

/* A session of the to-do example (docs/examples/todo), recorded here with
 * its slice through a history, and exported as its debugger exports it;
 * the module holds the same slice. Returns the export, and the state the
 * store ended with in @final_state. */
static char *
record_todo_session (char **final_state)
{
  g_autoptr (RdxReducer) reducer = todo_slice_new ();
  RdxHistory *history = rdx_history_new (TODO_APP_ID);
  RdxStore   *store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  static const char *const actions[][2] = {
    { "todos.add", "\"Milk\"" }, { "todos.add", "\"Bread\"" },
    { "todos.toggle", "1" },     { "todos.toggle", "9" }, /* refused: no such to-do */
    { "todos.add", "\"\"" },                              /* refused by the schema */
    { "todos.remove", "2" },     { "todos.filter", "\"active\"" },
  };
  char *export;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr (RdxValue) payload = rdx_test_value (actions[i][1]);

      rdx_store_dispatch_take (store, rdx_action_new (actions[i][0], payload), NULL);
    }
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (history)), 8);
  assert_true (rdx_history_entry_get_failed (rdx_history_get_entry (history, 4)));
  assert_true (rdx_history_entry_get_failed (rdx_history_get_entry (history, 5)));
  *final_state = rdx_value_to_json (rdx_store_get_state (store));
  export = rdx_history_export (history, RDX_HISTORY_FORMAT_RDX);
  rdx_test_finalize (&store);
  rdx_test_finalize (&history);
  return export;
}

static void
test_module (void **state)
{
  g_autofree char *final_state = NULL;
  g_autofree char *export = record_todo_session (&final_state);
  g_autofree char *path = write_file ("todo.rdx-history.json", export);
  g_autofree char *expected = g_strconcat (final_state, "\n", NULL);
  g_autofree char *diverged_export = g_strdup (export);
  g_autofree char *diverged = NULL;
  Run              run = run_replay (NULL, "--module", module_path, "--list", NULL);

  assert_int_equal (run.status, 0);
  assert_non_null (strstr (run.out, "todo         org.rdx.Todo"));
  assert_non_null (strstr (run.out, "tiny-bank")); /* beside the built-in sets */
  rdx_test_run_clear (&run);

  /* The export names its app; the module's set replays it to the state
   * the app had. */
  assert_string_equal (final_state, "{\"filter\":\"active\",\"items\":{\"1\":{\"done\":true,"
                                    "\"id\":1,\"title\":\"Milk\"}},\"next_id\":3}");
  run = run_replay (NULL, "--module", module_path, path, NULL);
  if (run.status != 0)
    fail_msg ("rdx-replay exited with %d: %s", run.status, run.err);
  assert_string_equal (run.out, expected);
  rdx_test_run_clear (&run);

  /* A recording the reducer no longer gives: the first add's recorded
   * change names another title. */
  memcpy (strstr (diverged_export, "\"title\":\"Milk\""), "\"title\":\"Mild\"", 14);
  diverged = write_file ("todo-diverged.rdx-history.json", diverged_export);
  run = run_replay (NULL, "--module", module_path, diverged, NULL);
  assert_int_equal (run.status, 1);
  assert_non_null (strstr (run.err, "Entry 1 (\"todos.add\") diverges"));
  rdx_test_run_clear (&run);

  /* Without the module, nobody knows the app. */
  run = run_replay (NULL, path, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "no reducer set is registered for the app \"org.rdx.Todo\""));
  rdx_test_run_clear (&run);
}

/* --list-actions: the types a set declares, with their schemas. */
static void
test_list_actions (void **state)
{
  Run run = run_replay (NULL, "--module", module_path, "--list-actions", "todo", NULL);

  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "todos.add       string 1..200\n"
                                "todos.toggle    int > 0\n"
                                "todos.remove    int > 0\n"
                                "todos.mark-all  bool\n"
                                "todos.filter    'all' | 'active' | 'done'\n");
  rdx_test_run_clear (&run);

  /* By app id too. */
  run = run_replay (NULL, "--module", module_path, "--list-actions", "org.rdx.Todo", NULL);
  assert_int_equal (run.status, 0);
  assert_non_null (strstr (run.out, "todos.filter    'all' | 'active' | 'done'\n"));
  rdx_test_run_clear (&run);

  /* A reducer that is not made of slices declares nothing, and says so. */
  run = run_replay (NULL, "--list-actions", "counter", NULL);
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "The reducer set \"counter\" declares no action types: its "
                                "reducer is not made of slices (docs/reducers.md).\n");
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--list-actions", "todo", NULL); /* no module */
  assert_int_equal (run.status, 2);
  assert_string_equal (run.err, "rdx-replay: there is no reducer set \"todo\" (see --list).\n");
  rdx_test_run_clear (&run);
}

static void
test_bad_module (void **state)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.so", NULL);
  g_autofree char *text = write_file ("text.so", "not a shared library");
  Run              run = run_replay (NULL, "--module", missing, "--list", NULL);

  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "Cannot load the module"));
  assert_non_null (strstr (run.err, "missing.so"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--module", text, "--list", NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "Cannot load the module"));
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--module", not_module_path, "--list", NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "is not a reducer-set module: it does not export "
                                    "rdx_register_reducer_sets ()"));
  rdx_test_run_clear (&run);

  /* The same sets twice: refused, with the name. */
  run = run_replay (NULL, "--module", module_path, "--module", module_path, "--list", NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "was not loaded: a reducer set named \"todo\" is already "
                                    "registered"));
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
    cmocka_unit_test (test_help),
    cmocka_unit_test (test_list),
    cmocka_unit_test (test_usage_errors),
    cmocka_unit_test (test_replays_rdx_export),
    cmocka_unit_test (test_divergence),
    cmocka_unit_test (test_replays_redux_export),
    cmocka_unit_test (test_bad_input),
    cmocka_unit_test (test_replays_journal),
    cmocka_unit_test (test_replay_leaves_journal_as_it_was),
    cmocka_unit_test (test_module),
    cmocka_unit_test (test_list_actions),
    cmocka_unit_test (test_bad_module),
  };

  if (argc != 4)
    {
      g_printerr ("usage: %s PATH-TO-RDX-REPLAY TODO-MODULE NOT-A-MODULE\n", argv[0]);
      return 2;
    }
  replay_path = argv[1];
  module_path = argv[2];
  not_module_path = argv[3];
  tmp_dir = g_dir_make_tmp ("rdx-replay-XXXXXX", NULL);
  if (tmp_dir == NULL)
    return 1;
  return cmocka_run_group_tests (tests, NULL, remove_tmp_dir);
}

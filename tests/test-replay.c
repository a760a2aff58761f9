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
#include <sqlite3.h>

#include <rdx-devtools.h>
#include <rdx.h>

#include "rdx-test.h"
#include "todo-reducer.h"

static const char *replay_path;
static const char *module_path;
static const char *not_module_path;
static char       *tmp_dir;

typedef RdxTestRun Run;

/* Runs rdx-replay with the arguments in @args, in an environment changed
 * by @env (rdx_test_run_env ()); @input goes to its standard input when
 * not NULL. */
static Run
run_replay_va (const char *input, const char *const *env, const char *first, va_list args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) replay_path);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  return rdx_test_run_env (input, (const char *const *) argv->pdata, env);
}

/* Runs rdx-replay with the arguments, NULL-terminated; @input goes to its
 * standard input when not NULL. */
static Run
run_replay (const char *input, const char *first, ...)
{
  va_list args;
  Run     run;

  va_start (args, first);
  run = run_replay_va (input, NULL, first, args);
  va_end (args);
  return run;
}

/* Runs rdx-replay in the locale @locale names: "C.UTF-8" through LANG
 * alone (as a desktop session sets it), "C" through LC_ALL. */
static Run
run_replay_in (const char *locale, const char *first, ...)
{
  g_autofree char *lang = g_strconcat ("LANG=", locale, NULL);
  g_autofree char *all = g_strconcat ("LC_ALL=", locale, NULL);
  const char      *utf8[] = { lang, "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANGUAGE", NULL };
  const char      *c[] = { all, lang, "LANGUAGE", NULL };
  va_list          args;
  Run              run;

  va_start (args, first);
  run = run_replay_va (NULL, strcmp (locale, "C") == 0 ? c : utf8, first, args);
  va_end (args);
  return run;
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* rdx-replay sets its locale from the environment: under a UTF-8 locale
 * (even set by LANG alone) its text keeps its typography, and in the C
 * locale it is spelled in ASCII, never with "?" in place of a character
 * ("[OPTION?]", "?s", "?"). */
static void
test_locale (void **state)
{
  Run run = run_replay_in ("C.UTF-8", "--help", NULL);

  assert_int_equal (run.status, 0);
  if (strstr (run.out, "[OPTION…]") == NULL)
    fail_msg ("--help under LANG=C.UTF-8:\n%s", run.out);
  rdx_test_run_clear (&run);

  run = run_replay_in ("C", "--help", NULL);
  assert_int_equal (run.status, 0);
  if (strstr (run.out, "[OPTION...]") == NULL || strchr (run.out, '?') != NULL ||
      !is_ascii (run.out))
    fail_msg ("--help under LC_ALL=C:\n%s", run.out);
  rdx_test_run_clear (&run);

  /* A message with quotes: the journal's, about a directory. */
  run = run_replay_in ("C.UTF-8", "--reducer", "counter", tmp_dir, NULL);
  assert_int_equal (run.status, 2);
  if (strstr (run.err, "“") == NULL)
    fail_msg ("under LANG=C.UTF-8: %s", run.err);
  rdx_test_run_clear (&run);
  run = run_replay_in ("C", "--reducer", "counter", tmp_dir, NULL);
  assert_int_equal (run.status, 2);
  if (strstr (run.err, "directory") == NULL || strchr (run.err, '?') != NULL ||
      !is_ascii (run.err) || strchr (run.err, '"') == NULL)
    fail_msg ("under LC_ALL=C: %s", run.err);
  rdx_test_run_clear (&run);
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

/* Arithmetic that would overflow is refused, as every rdx reducer does
 * (money above all): the counter and the tiny bank keep the largest
 * value, and the action that would go past it is an entry with an error,
 * never a count or a balance that wrapped around to a negative one. */
static void
test_overflow_refused (void **state)
{
  g_autofree char *counter =
    write_file ("counter-overflow.json",
                "{\"payload\":\"[{\\\"type\\\":\\\"counter.add\\\",\\\"payload\\\":{\\\"amount\\\":"
                "9223372036854775807}},{\\\"type\\\":\\\"counter.increment\\\"},"
                "{\\\"type\\\":\\\"counter.add\\\",\\\"payload\\\":{\\\"amount\\\":1}}]\"}");
  g_autofree char *low =
    write_file ("counter-underflow.json",
                "{\"payload\":\"[{\\\"type\\\":\\\"counter.add\\\",\\\"payload\\\":{\\\"amount\\\":"
                "-9223372036854775807}},{\\\"type\\\":\\\"counter.decrement\\\"},"
                "{\\\"type\\\":\\\"counter.decrement\\\"}]\"}");
  g_autofree char *bank = write_file (
    "bank-overflow.json",
    "{\"payload\":\"[{\\\"type\\\":\\\"bank.open\\\",\\\"payload\\\":{\\\"id\\\":\\\"a\\\"}},"
    "{\\\"type\\\":\\\"bank.open\\\",\\\"payload\\\":{\\\"id\\\":\\\"b\\\"}},"
    "{\\\"type\\\":\\\"bank.deposit\\\",\\\"payload\\\":{\\\"id\\\":\\\"a\\\",\\\"amount\\\":"
    "9223372036854775807}},"
    "{\\\"type\\\":\\\"bank.deposit\\\",\\\"payload\\\":{\\\"id\\\":\\\"b\\\",\\\"amount\\\":5}},"
    "{\\\"type\\\":\\\"bank.deposit\\\",\\\"payload\\\":{\\\"id\\\":\\\"a\\\",\\\"amount\\\":1}},"
    "{\\\"type\\\":\\\"bank.transfer\\\",\\\"payload\\\":{\\\"from\\\":\\\"b\\\",\\\"to\\\":"
    "\\\"a\\\",\\\"amount\\\":2}}]\"}");
  Run run = run_replay (NULL, "--reducer", "counter", counter, NULL);

  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"count\":9223372036854775807}\n");
  rdx_test_run_clear (&run);

  run = run_replay (NULL, "--reducer", "counter", low, NULL);
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"count\":-9223372036854775808}\n");
  rdx_test_run_clear (&run);

  /* Neither the deposit nor the transfer that would go past the largest
   * balance happened: b keeps its 5 cents. */
  run = run_replay (NULL, "--reducer", "tiny-bank", bank, NULL);
  assert_int_equal (run.status, 0);
  assert_string_equal (run.out, "{\"accounts\":{\"a\":{\"balance\":9223372036854775807,\"id\":"
                                "\"a\"},\"b\":{\"balance\":5,\"id\":\"b\"}}}\n");
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

/* What is wrong with a file is said first: a file that is not JSON (text,
 * binary, nothing at all) is not told that it "does not name its app"; a
 * file of another app replayed with the wrong set is told so, not that
 * its reducer is impure; an SQLite database that is not a journal is not
 * called a journal. */
static void
test_says_the_real_cause (void **state)
{
  static const guint8 binary[] = { 0x00, 0xff, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x00 };
  g_autofree char    *text = write_file ("notes.txt", "These are my notes.\n");
  g_autofree char    *bin = g_build_filename (tmp_dir, "image.bin", NULL);
  g_autofree char *counter = write_file ("counter-app.json", COUNTER_EXPORT ("[[\"/count\",5]]"));
  g_autofree char *database = g_build_filename (tmp_dir, "other.sqlite", NULL);
  const char      *not_json[] = { text, bin, "/dev/null" };
  sqlite3         *db = NULL;
  Run              run;

  assert_true (g_file_set_contents (bin, (const char *) binary, sizeof binary, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      run = run_replay (NULL, not_json[i], NULL);
      assert_int_equal (run.status, 2);
      if (strstr (run.err, "does not name its app") != NULL ||
          strstr (run.err, i == 2 ? "is empty" : "not valid JSON") == NULL)
        fail_msg ("%s: %s", not_json[i], run.err);
      rdx_test_run_clear (&run);
    }

  run = run_replay (NULL, "--reducer", "tiny-bank", counter, NULL);
  assert_int_equal (run.status, 2);
  if (strstr (run.err, "org.rdx.examples.Counter") == NULL ||
      strstr (run.err, "org.rdx.examples.TinyBank") == NULL || strstr (run.err, "impure") != NULL)
    fail_msg ("a counter export replayed as a tiny bank says: %s", run.err);
  rdx_test_run_clear (&run);

  assert_int_equal (sqlite3_open (database, &db), SQLITE_OK);
  assert_int_equal (
    sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close (db);
  run = run_replay (NULL, database, NULL);
  assert_int_equal (run.status, 2);
  if (strstr (run.err, "not an rdx journal") == NULL || strstr (run.err, "is a journal") != NULL)
    fail_msg ("an SQLite database that is not a journal: %s", run.err);
  rdx_test_run_clear (&run);
  run = run_replay (NULL, "--reducer", "counter", database, NULL);
  assert_int_equal (run.status, 2);
  assert_non_null (strstr (run.err, "not an rdx journal"));
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

/* A journal whose session was edited in the debugger holds the state the
 * edit left as a @@rdx/STATE_REPLACED event: rdx-replay replays it as the
 * journal rebuilds it (the state it carries, not the reducer's), with no
 * divergence, and prints the state the application went on from. */
static void
test_replays_journal_with_time_travel (void **state)
{
  g_autofree char *path = g_build_filename (tmp_dir, "edited.journal", NULL);
  g_autofree char *jsonl = g_build_filename (tmp_dir, "edited.jsonl", NULL);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (step_counter_reduce, GINT_TO_POINTER (1), NULL);
  g_autoptr (RdxJournalOptions) options =
    rdx_journal_options_new ("org.rdx.examples.Counter", reducer);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxJournal) journal = rdx_journal_open (path, options, &error);
  g_autoptr (RdxHistory) history = rdx_history_new ("org.rdx.examples.Counter");
  g_autoptr (RdxStore) store = NULL;
  RdxMiddleware *outer[1] = { rdx_history_get_middleware (history) };
  Run            run;

  assert_non_null (journal);
  store = rdx_journal_new_store (journal, outer, 1);
  for (guint i = 0; i < 3; i++)
    assert_true (rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), NULL));
  rdx_history_step_back (history);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), NULL));
  rdx_history_toggle (history, 2);
  rdx_history_jump (history, 3);
  /* 1 + (skipped) + 1 = 2, then the held increment: 3. */
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_store_get_state (store), "count")), 3);
  {
    g_autoptr (GFile) file = g_file_new_for_path (jsonl);
    g_autoptr (GFileOutputStream) out =
      g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

    assert_non_null (out);
    assert_true (rdx_journal_export_jsonl (journal, G_OUTPUT_STREAM (out), NULL, &error));
    assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  }
  g_clear_object (&store);
  assert_true (rdx_journal_close (journal, &error));

  run = run_replay (NULL, "--reducer", "counter", path, NULL);
  if (run.status != 0)
    fail_msg ("rdx-replay exited with %d: %s", run.status, run.err);
  assert_string_equal (run.out, "{\"count\":3}\n");
  rdx_test_run_clear (&run);

  run = run_replay (NULL, jsonl, NULL);
  if (run.status != 0)
    fail_msg ("rdx-replay exited with %d: %s", run.status, run.err);
  assert_string_equal (run.out, "{\"count\":3}\n");
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
    cmocka_unit_test (test_locale),
    cmocka_unit_test (test_list),
    cmocka_unit_test (test_usage_errors),
    cmocka_unit_test (test_replays_rdx_export),
    cmocka_unit_test (test_divergence),
    cmocka_unit_test (test_replays_redux_export),
    cmocka_unit_test (test_overflow_refused),
    cmocka_unit_test (test_bad_input),
    cmocka_unit_test (test_says_the_real_cause),
    cmocka_unit_test (test_replays_journal),
    cmocka_unit_test (test_replays_journal_with_time_travel),
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

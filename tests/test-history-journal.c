/* test-history-journal.c: time travel and the journal never disagree
 *
 * The journal never holds a state its events cannot rebuild: when a
 * debugger edit (a toggle, a reorder, an import, a commit or revert of an
 * edited past) changes the state the application then goes on from, the
 * history records that change through the chain as @@rdx/STATE_REPLACED,
 * and the journal keeps it as an event. So a reopened journal gives
 * exactly what the person saw and went on from, with no divergence, with
 * its snapshots or without them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rdx-devtools.h>

#include "journal-test.h"

#define APP_ID "org.rdx.tests.Counter"

/* {"count": n, "ui": x}: "count.add" {"amount": n} adds, "count.times"
 * {"factor": n} multiplies (so order matters), "ui.look" {"at": x} sets the
 * transient "ui". */
static RdxValue *
count_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  gint64    count;

  if (state == NULL)
    return rdx_map_new_take ("count", rdx_value_new_int (0), "ui", rdx_value_new_int (0), NULL);
  count = rdx_value_get_int (rdx_map_get (state, "count"));
  if (rdx_action_is (action, "count.add"))
    return rdx_map_set_take (
      state, "count",
      rdx_value_new_int (count + rdx_value_get_int (rdx_map_get (payload, "amount"))));
  if (rdx_action_is (action, "count.times"))
    return rdx_map_set_take (
      state, "count",
      rdx_value_new_int (count * rdx_value_get_int (rdx_map_get (payload, "factor"))));
  if (rdx_action_is (action, "ui.look"))
    return rdx_map_set (state, "ui", rdx_map_get (payload, "at"));
  return rdx_value_ref (state);
}

static gboolean
is_ui (RdxAction *action, gpointer user_data)
{
  return g_str_has_prefix (rdx_action_get_type_name (action), "ui.");
}

static RdxJournalOptions *
count_options (void)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (count_reduce, NULL, NULL);
  RdxJournalOptions *options = rdx_journal_options_new (APP_ID, reducer);

  rdx_journal_options_set_transient_func (options, is_ui, NULL, NULL);
  rdx_journal_options_add_transient_key (options, "ui");
  rdx_journal_options_set_snapshot_interval (options, 3);
  return options;
}

/* An application: the history first, the store made by the journal. */
typedef struct
{
  RdxJournal *journal;
  RdxHistory *history;
  RdxStore   *store;
} App;

static void
app_open (App *app, const char *path, RdxJournalOptions *options)
{
  RdxMiddleware *outer[1];

  app->journal = test_open_ok (path, options);
  app->history = rdx_history_new (APP_ID);
  outer[0] = rdx_history_get_middleware (app->history);
  app->store = rdx_journal_new_store (app->journal, outer, 1);
}

static void
app_close (App *app)
{
  test_close_ok (app->journal);
  test_finalize (app->store);
  test_finalize (app->history);
  test_finalize (app->journal);
}

static void
dispatch (App *app, const char *type, const char *key, gint64 n)
{
  test_dispatch_ok (app->store, type, rdx_map_new_take (key, rdx_value_new_int (n), NULL));
}

static gint64
shown_count (App *app)
{
  return rdx_value_get_int (rdx_map_get (rdx_store_get_state (app->store), "count"));
}

/* The first column of each row @sql gives on the journal at @path, with
 * ?1 bound to @param (nullable). */
static GPtrArray *
query_texts (const char *path, const char *sql, const char *param)
{
  GPtrArray    *texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;

  assert_int_equal (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  assert_int_equal (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return texts;
}

/* The types of the journal's events, in order, as one string. */
static char *
event_types (const char *path)
{
  g_autoptr (GPtrArray) types = query_texts (path, "SELECT type FROM events ORDER BY seq", NULL);

  g_ptr_array_add (types, NULL);
  return g_strjoinv (" ", (char **) types->pdata);
}

/* The payload of the last event of @type. */
static RdxValue *
last_payload (const char *path, const char *type)
{
  g_autoptr (GPtrArray) payloads =
    query_texts (path, "SELECT payload FROM events WHERE type = ?1 ORDER BY seq", type);

  assert_true (payloads->len > 0);
  return rdx_test_value (g_ptr_array_index (payloads, payloads->len - 1));
}

/* Reopens the journal at @path: it gives @count with no problem at all;
 * then again without its snapshots, from the events alone. */
static void
assert_reopens_to (const char *path, RdxJournalOptions *options, gint64 count)
{
  for (guint round = 0; round < 2; round++)
    {
      RdxJournal *journal;

      if (round == 1)
        test_exec (path, "DELETE FROM snapshots");
      journal = test_open_ok (path, options);
      test_assert_n_problems (journal, 0);
      assert_int_equal (rdx_journal_get_divergence (journal), 0);
      assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_journal_get_state (journal), "count")),
                        count);
      test_close_ok (journal);
      test_finalize (journal);
    }
}

/* The sequence: add 1, 2, 4; step back; add 100 (held); skip
 * entry 2; jump to the present. The app shows 105 and goes on from it;
 * the journal keeps the replacement (5, from the skip) before the held
 * action, so it rebuilds 105, not 107, and reports nothing. */
static void
test_toggle_then_present (void **state)
{
  g_autoptr (RdxJournalOptions) options = count_options ();
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *types = NULL;
  g_autoptr (RdxValue) replaced = NULL;
  App app;

  app_open (&app, path, options);
  dispatch (&app, "count.add", "amount", 1);
  dispatch (&app, "count.add", "amount", 2);
  dispatch (&app, "count.add", "amount", 4);
  assert_true (rdx_history_step_back (app.history));
  assert_int_equal (shown_count (&app), 3);
  dispatch (&app, "count.add", "amount", 100);
  assert_int_equal (rdx_history_get_n_held (app.history), 1);
  assert_int_equal (shown_count (&app), 3);
  rdx_history_toggle (app.history, 2);
  rdx_history_jump (app.history, g_list_model_get_n_items (G_LIST_MODEL (app.history)) - 1);
  assert_int_equal (rdx_history_get_n_held (app.history), 0);
  assert_int_equal (shown_count (&app), 105);
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_journal_get_state (app.journal), "count")),
                    105);
  app_close (&app);

  types = event_types (path);
  assert_string_equal (types, "count.add count.add count.add @@rdx/STATE_REPLACED count.add");
  replaced = last_payload (path, RDX_ACTION_STATE_REPLACED);
  rdx_test_assert_json (rdx_map_get (replaced, "state"), "{\"count\":5}");
  rdx_test_assert_json (rdx_map_get (replaced, "keep"), "[\"ui\"]");
  assert_non_null (
    strstr (rdx_value_get_string (rdx_map_get (replaced, "cause")), "skipped entry 2 (count.add)"));
  assert_reopens_to (path, options, 105);
  test_remove_dir (dir);
}

/* A reorder at the present changes the state the app goes on from at
 * once; the transient key keeps its value through the replacement. */
static void
test_reorder (void **state)
{
  g_autoptr (RdxJournalOptions) options = count_options ();
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *types = NULL;
  App              app;

  app_open (&app, path, options);
  dispatch (&app, "count.add", "amount", 1);
  dispatch (&app, "count.times", "factor", 10);
  dispatch (&app, "count.add", "amount", 2);
  dispatch (&app, "ui.look", "at", 7);
  assert_int_equal (shown_count (&app), 12);
  /* "add 2" before "times 10": (1 + 2) * 10. */
  rdx_history_reorder (app.history, 3, 2);
  assert_int_equal (shown_count (&app), 30);
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_store_get_state (app.store), "ui")), 7);
  dispatch (&app, "count.add", "amount", 5);
  assert_int_equal (shown_count (&app), 35);
  app_close (&app);

  types = event_types (path);
  assert_string_equal (types, "count.add count.times count.add @@rdx/STATE_REPLACED count.add");
  assert_reopens_to (path, options, 35);

  /* Reverting the edit at the present is one more replacement. */
  app_open (&app, path, options);
  dispatch (&app, "count.add", "amount", 1);
  rdx_history_revert (app.history);
  assert_int_equal (shown_count (&app), 35);
  dispatch (&app, "count.times", "factor", 2);
  rdx_history_toggle (app.history, 1);
  assert_int_equal (shown_count (&app), 35);
  app_close (&app);
  assert_reopens_to (path, options, 35);
  test_remove_dir (dir);
}

/* An import replaces the history, and the state the app goes on from is
 * the document's present. */
static void
test_import (void **state)
{
  g_autoptr (RdxJournalOptions) options = count_options ();
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *types = NULL;
  g_autoptr (RdxValue) replaced = NULL;
  App               app;
  static const char document[] = "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"" APP_ID "\","
                                 "\"base\":{\"count\":1000,\"ui\":0},\"actions\":["
                                 "{\"type\":\"count.add\",\"payload\":{\"amount\":1}},"
                                 "{\"type\":\"count.add\",\"payload\":{\"amount\":20}}]}";

  app_open (&app, path, options);
  dispatch (&app, "count.add", "amount", 3);
  assert_true (rdx_history_import (app.history, document, -1, RDX_HISTORY_FORMAT_AUTO,
                                   RDX_HISTORY_IMPORT_DEFAULT, &error));
  assert_null (error);
  assert_int_equal (shown_count (&app), 1021);
  dispatch (&app, "count.add", "amount", 4);
  app_close (&app);

  types = event_types (path);
  assert_string_equal (types, "count.add @@rdx/STATE_REPLACED count.add");
  replaced = last_payload (path, RDX_ACTION_STATE_REPLACED);
  assert_non_null (strstr (rdx_value_get_string (rdx_map_get (replaced, "cause")), "imported"));
  assert_reopens_to (path, options, 1025);
  test_remove_dir (dir);
}

/* Jumping around changes nothing the app goes on from: nothing is
 * recorded for it. */
static void
test_jumps_record_nothing (void **state)
{
  g_autoptr (RdxJournalOptions) options = count_options ();
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *types = NULL;
  App              app;

  app_open (&app, path, options);
  dispatch (&app, "count.add", "amount", 1);
  dispatch (&app, "count.add", "amount", 2);
  rdx_history_jump (app.history, 0);
  dispatch (&app, "count.add", "amount", 3); /* held */
  rdx_history_step_forward (app.history);
  rdx_history_step_forward (app.history);
  assert_int_equal (shown_count (&app), 6);
  /* A toggle undone in the past, before the present is back, changes
   * nothing the app goes on from either. */
  rdx_history_jump (app.history, 1);
  rdx_history_toggle (app.history, 1);
  rdx_history_toggle (app.history, 1);
  rdx_history_jump (app.history, 3);
  assert_int_equal (shown_count (&app), 6);
  app_close (&app);

  types = event_types (path);
  assert_string_equal (types, "count.add count.add count.add");
  assert_reopens_to (path, options, 6);
  test_remove_dir (dir);
}

/* Whatever changes the state outside the chain (a tool showing a state
 * with rdx_store_show_state (), a replaced reducer), the journal records
 * the state an action goes on from before that action. */
static void
test_state_shown_then_dispatch (void **state)
{
  g_autoptr (RdxJournalOptions) options = count_options ();
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *types = NULL;
  g_autoptr (RdxValue) shown =
    rdx_map_new_take ("count", rdx_value_new_int (50), "ui", rdx_value_new_int (0), NULL);
  RdxJournal *journal = test_open_ok (path, options);
  RdxStore   *store = rdx_journal_new_store (journal, NULL, 0);

  test_dispatch_ok (store, "count.add", rdx_map_new_take ("amount", rdx_value_new_int (1), NULL));
  rdx_store_show_state (store, shown);
  test_dispatch_ok (store, "count.add", rdx_map_new_take ("amount", rdx_value_new_int (1), NULL));
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  types = event_types (path);
  assert_string_equal (types, "count.add @@rdx/STATE_REPLACED count.add");
  assert_reopens_to (path, options, 51);
  test_remove_dir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    JOURNAL_TEST_CASE (test_toggle_then_present),
    JOURNAL_TEST_CASE (test_reorder),
    JOURNAL_TEST_CASE (test_import),
    JOURNAL_TEST_CASE (test_jumps_record_nothing),
    JOURNAL_TEST_CASE (test_state_shown_then_dispatch),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("history-journal", tests, NULL, NULL);
}

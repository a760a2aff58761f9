/* test-bank-demo.c: the demo generator, and its sessions replayed by
 * rdx-replay as the app's journals and exports are
 *
 * usage: test-bank-demo PATH-TO-RDX-REPLAY
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <gio/gio.h>

#include "bank.h"

#include "rdx-devtools.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

#define JAN_1 G_GINT64_CONSTANT (1704067200000000) /* 2024-01-01 00:00 UTC */

static const char *replay_path;
static char       *tmp_dir;

static gboolean
same_actions (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!rdx_action_is (a->pdata[i], rdx_action_get_type_name (b->pdata[i])) ||
        !rdx_value_equal (rdx_action_get_payload (a->pdata[i]),
                          rdx_action_get_payload (b->pdata[i])))
      return FALSE;
  return TRUE;
}

static void
test_deterministic (void **state)
{
  g_autoptr (GPtrArray) a = bank_demo_generate (7, 6, JAN_1, 90, 0);
  g_autoptr (GPtrArray) b = bank_demo_generate (7, 6, JAN_1, 90, 0);
  g_autoptr (GPtrArray) other_seed = bank_demo_generate (8, 6, JAN_1, 90, 0);
  g_autoptr (GPtrArray) later = bank_demo_generate (7, 6, JAN_1 + G_USEC_PER_SEC, 90, 0);

  assert_true (a->len > 250);
  assert_true (same_actions (a, b));
  assert_false (same_actions (a, other_seed));
  assert_false (same_actions (a, later));
}

/* Counts the actions of @type whose payload's @key is @value (any value
 * when NULL). */
static guint
count (GPtrArray *actions, const char *type, const char *key, const char *value)
{
  guint n = 0;

  for (guint i = 0; i < actions->len; i++)
    n += rdx_action_is (actions->pdata[i], type) &&
         (key == NULL ||
          g_strcmp0 (rdx_map_get_string (rdx_action_get_payload (actions->pdata[i]), key, NULL),
                     value) == 0);
  return n;
}

/* A year of the default demo: every action accepted, and the history a
 * person's banking has. */
static void
test_a_year (void **state)
{
  g_autoptr (GPtrArray) actions =
    bank_demo_generate (BANK_DEMO_SEED, BANK_DEMO_ACCOUNTS, JAN_1, BANK_DEMO_DAYS, 0);
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  RdxValue *last = actions->pdata[actions->len - 1];
  gint64    previous = 0;

  for (guint i = 0; i < actions->len; i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 at = rdx_map_get_int (rdx_action_get_payload (actions->pdata[i]), "at", previous);

      if (!rdx_store_dispatch (store, actions->pdata[i], &error))
        fail_msg ("action %u (%s) was refused: %s", i, rdx_action_get_type_name (actions->pdata[i]),
                  error->message);
      assert_true (at >= previous); /* in the order of time */
      previous = at;
    }
  assert_true (rdx_map_get_int (rdx_action_get_payload ((RdxAction *) last), "at", 0) >
               JAN_1 + G_GINT64_CONSTANT (360) * 86400 * G_USEC_PER_SEC);
  assert_int_equal (count (actions, "accounts.open", NULL, NULL), 3);
  assert_int_equal (count (actions, "accounts.deposit", "memo", "Salary"), 12);
  assert_int_equal (count (actions, "accounts.withdraw", "memo", "Rent"), 12);
  assert_true (count (actions, "accounts.withdraw", "category", "groceries") > 100);
  assert_true (count (actions, "transfers.requested", "memo", "Savings") >= 12);
  assert_true (count (actions, "transfers.requested", "memo", "Credit card payment") >= 10);
  assert_int_equal (count (actions, "transfers.failed", NULL, NULL), 1);
  assert_int_equal (count (actions, "transactions.reversed", NULL, NULL), 1);
  assert_true (count (actions, "budgets.set", NULL, NULL) >= 3);
  assert_int_equal (count (actions, "transfers.requested", NULL, NULL),
                    count (actions, "transfers.completed", NULL, NULL) + 1);
  assert_true (rdx_map_size (rdx_map_get_map (rdx_store_get_state (store), "txns")) > 400);
  rdx_test_finalize (&store);
}

static void
test_sizes (void **state)
{
  g_autoptr (GPtrArray) capped = bank_demo_generate (3, 100, JAN_1, 3650, 5000);
  g_autoptr (GPtrArray) one = bank_demo_generate (3, 1, JAN_1, 60, 0);
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  RdxValue *accounts;

  for (guint i = 0; i < capped->len; i++)
    assert_true (rdx_store_dispatch (store, capped->pdata[i], NULL));
  accounts = rdx_map_get_map (rdx_store_get_state (store), "accounts");
  assert_int_equal (rdx_map_size (accounts), 100);
  assert_string_equal (rdx_map_get_string (rdx_map_get (accounts, "acc-13"), "currency", ""),
                       "USD");
  assert_int_equal (rdx_map_size (rdx_map_get_map (rdx_store_get_state (store), "txns")), 5000);

  /* A single checking account: no transfers. */
  assert_int_equal (count (one, "accounts.open", NULL, NULL), 1);
  assert_int_equal (count (one, "transfers.requested", NULL, NULL), 0);
  assert_true (count (one, "accounts.withdraw", NULL, NULL) > 20);
  rdx_test_finalize (&store);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static RdxTestRun
run_replay (const char *first, ...)
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
  return rdx_test_run (NULL, (const char *const *) argv->pdata);
}

/* rdx-replay replays @path (with @reducer, unless NULL) and prints
 * @expected. */
static void
assert_replays (const char *reducer, const char *path, const char *expected)
{
  RdxTestRun run =
    reducer != NULL ? run_replay ("--reducer", reducer, path, NULL) : run_replay (path, NULL);

  if (run.status != 0)
    fail_msg ("rdx-replay %s exited with %d: %s", path, run.status, run.err);
  assert_string_equal (g_strchomp (run.out), expected);
  rdx_test_run_clear (&run);
}

/* Two months of the demo, journaled and recorded as rdx-bank would, then
 * replayed by rdx-replay from the journal, its JSON Lines export and the
 * history's export. */
static void
test_rdx_replay (void **state)
{
  g_autoptr (GPtrArray) actions = bank_demo_generate (BANK_DEMO_SEED, 6, JAN_1, 60, 0);
  g_autoptr (RdxJournalOptions) options = bank_journal_options_new ();
  g_autofree char *journal_path = tmp_path ("bank.db");
  g_autofree char *jsonl_path = tmp_path ("bank.jsonl");
  g_autofree char *history_path = tmp_path ("bank.rdx-history.json");
  g_autoptr (RdxHistory) history = rdx_history_new (BANK_APP_ID);
  g_autoptr (RdxJournal) journal = NULL;
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (GFile) jsonl = g_file_new_for_path (jsonl_path);
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *final = NULL;
  RdxMiddleware   *outer[] = { rdx_history_get_middleware (history) };

  rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_NONE);
  journal = rdx_journal_open (journal_path, options, &error);
  assert_non_null (journal);
  store = rdx_journal_new_store (journal, outer, G_N_ELEMENTS (outer));
  for (guint i = 0; i < actions->len; i++)
    assert_true (rdx_store_dispatch (store, actions->pdata[i], NULL));
  /* The views' actions are not journaled, but the history has them. */
  assert_true (rdx_store_dispatch_take (store, bank_action_select_account ("acc-2"), NULL));
  final = rdx_value_to_json (rdx_store_get_state (store));

  out = g_file_replace (jsonl, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  assert_non_null (out);
  assert_true (rdx_journal_export_jsonl (journal, G_OUTPUT_STREAM (out), NULL, &error));
  assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  exported = rdx_history_export (history, RDX_HISTORY_FORMAT_RDX);
  assert_true (g_file_set_contents (history_path, exported, -1, &error));
  assert_true (rdx_journal_close (journal, &error));

  assert_replays ("bank", history_path, final);
  assert_replays (NULL, history_path, final); /* it names its app */
  {
    /* The journal leaves the views out: replayed, they are as they start. */
    g_autoptr (RdxValue) recorded = rdx_value_from_json (final, -1, NULL);
    g_autoptr (RdxValue) null = rdx_value_new_null ();
    g_autoptr (RdxValue) unselected = rdx_value_set_path (recorded, "/ui/selected", null, NULL);
    g_autofree char *journaled = rdx_value_to_json (unselected);

    assert_replays ("bank", jsonl_path, journaled);
    assert_replays (NULL, jsonl_path, journaled);
    assert_replays ("bank", journal_path, journaled);
  }
  rdx_test_finalize (&store);
  rdx_test_finalize (&journal);
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
    rdx_test_leak_checked (test_deterministic),
    rdx_test_leak_checked (test_a_year),
    rdx_test_leak_checked (test_sizes),
    cmocka_unit_test (test_rdx_replay),
  };

  if (argc != 2)
    {
      g_printerr ("usage: %s PATH-TO-RDX-REPLAY\n", argv[0]);
      return 2;
    }
  replay_path = argv[1];
  tmp_dir = g_dir_make_tmp ("test-bank-demo-XXXXXX", NULL);
  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("bank-demo", tests, NULL, remove_tmp_dir);
}

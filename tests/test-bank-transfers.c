/* test-bank-transfers.c: transfers settled by the bank service through
 * the effects middleware, and recovered after a restart
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "bank.h"

#include "rdx-test.h"
#include "rdx-value-private.h"

#define T0 G_GINT64_CONSTANT (1709290800000000) /* 2024-03-01 11:00 UTC */

typedef struct
{
  BankClock   *clock;
  BankService *service;
  RdxEffects  *effects;
  RdxStore    *store;
  GString     *log; /* the types the reducer accepted */
} Bank;

static void
drain (void)
{
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
log_cb (RdxStore        *store,
        RdxAction       *action,
        RdxDispatchNext *next,
        gpointer         user_data,
        GError         **error)
{
  GString *log = user_data;

  if (!rdx_dispatch_next (next, action, error))
    return FALSE;
  g_string_append_printf (log, "%s%s", log->len > 0 ? " " : "", rdx_action_get_type_name (action));
  return TRUE;
}

static void
dispatch (Bank *bank, RdxAction *action)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_store_dispatch_take (bank->store, action, &error))
    fail_msg ("%s", error->message);
}

/* A bank whose service settles after 100 ms; the store made from
 * @journal when given. acc-1 and acc-2 hold 1,000.00 and 0.00 EUR. */
static void
bank_init (Bank *bank, RdxJournal *journal)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxMiddleware) logger = NULL;

  bank->clock = bank_clock_new_manual (T0);
  bank->service = bank_service_new (bank->clock, 1);
  bank_service_set_latency (bank->service, 100, 100);
  bank->effects = rdx_effects_new ();
  bank_transfer_effect_add (bank->effects, bank->service);
  bank->log = g_string_new (NULL);
  logger = rdx_middleware_new (log_cb, bank->log, NULL);
  if (journal != NULL)
    {
      RdxMiddleware *outer[] = { rdx_effects_get_middleware (bank->effects), logger };

      bank->store = rdx_journal_new_store (journal, outer, G_N_ELEMENTS (outer));
    }
  else
    bank->store = rdx_store_new_with_middleware (
      reducer, NULL, rdx_effects_get_middleware (bank->effects), logger, NULL);
  if (rdx_value_get_path (rdx_store_get_state (bank->store), "/accounts/acc-1") != NULL)
    return;
  dispatch (bank, bank_action_open_account ("acc-1", "Checking", 0, "EUR", 0, T0));
  dispatch (bank, bank_action_open_account ("acc-2", "Savings", 1, "EUR", 0, T0));
  dispatch (bank, bank_action_deposit ("acc-1", "t-1", 100000, NULL, NULL, T0));
  g_string_truncate (bank->log, 0);
}

static void
bank_clear (Bank *bank)
{
  rdx_test_finalize (&bank->store);
  drain (); /* the bank's callbacks of the cancelled requests */
  rdx_test_finalize (&bank->effects);
  rdx_test_finalize (&bank->service);
  bank_clock_unref (bank->clock);
  g_string_free (bank->log, TRUE);
}

/* Lets @ms of the bank's time pass, and what it answered reach the store. */
static void
advance (Bank *bank, guint ms)
{
  bank_clock_advance (bank->clock, ms);
  drain ();
}

static void
assert_at (Bank *bank, const char *path, const char *json)
{
  rdx_test_assert_json (rdx_value_get_path (rdx_store_get_state (bank->store), path), json);
}

static void
test_settles (void **state)
{
  Bank bank = { 0 };

  bank_init (&bank, NULL);
  dispatch (&bank, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 30000, "Savings", T0));
  assert_at (&bank, "/transfers/r-1/status", "\"pending\"");
  assert_at (&bank, "/accounts/acc-1/held", "30000");
  advance (&bank, 99);
  assert_at (&bank, "/transfers/r-1/status", "\"pending\"");
  advance (&bank, 1);

  /* The event carries the transfer's own id; no lifecycle actions. */
  assert_string_equal (bank.log->str, "transfers.requested transfers.completed");
  assert_at (&bank, "/transfers/r-1",
             "{\"amount\":30000,\"confirmation\":\"TX-000001\",\"currency\":\"EUR\",\"from\":"
             "\"acc-1\",\"memo\":\"Savings\",\"request_id\":\"r-1\",\"requested_at\":"
             "1709290800000000,\"settled_at\":1709290800100000,\"status\":\"completed\",\"to\":"
             "\"acc-2\"}");
  assert_at (&bank, "/accounts/acc-1/balance", "70000");
  assert_at (&bank, "/accounts/acc-1/held", "0");
  assert_at (&bank, "/accounts/acc-2/balance", "30000");
  assert_int_equal (rdx_effects_get_n_running (bank.effects), 0);
  bank_clear (&bank);
}

static void
test_fails (void **state)
{
  Bank bank = { 0 };

  bank_init (&bank, NULL);
  bank_service_set_daily_limit (bank.service, 50000);
  dispatch (&bank, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 60000, NULL, T0));
  advance (&bank, 100);
  assert_at (&bank, "/transfers/r-1/status", "\"failed\"");
  assert_at (&bank, "/transfers/r-1/code", "\"limit\"");
  assert_at (&bank, "/transfers/r-1/reason",
             "\"The transfer of 600.00 would take acc-1 over its daily limit of 500.00 (0.00 "
             "sent today).\"");
  assert_at (&bank, "/transfers/r-1/settled_at", "1709290800100000");
  assert_at (&bank, "/accounts/acc-1/held", "0");
  assert_at (&bank, "/accounts/acc-1/balance", "100000");

  bank_service_set_failure_rate (bank.service, 1.0);
  dispatch (&bank, bank_action_request_transfer ("r-2", "acc-1", "acc-2", 100, NULL, T0));
  advance (&bank, 100);
  assert_at (&bank, "/transfers/r-2/code", "\"unavailable\"");
  assert_at (&bank, "/transfers/r-2/reason",
             "\"The bank could not process the transfer right now. Try again later.\"");
  assert_string_equal (bank.log->str, "transfers.requested transfers.failed "
                                      "transfers.requested transfers.failed");
  bank_clear (&bank);
}

/* While the debugger holds the app, what the bank answers waits. */
static void
test_held_while_effects_are_off (void **state)
{
  Bank bank = { 0 };

  bank_init (&bank, NULL);
  dispatch (&bank, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 100, NULL, T0));
  rdx_effects_set_enabled (bank.effects, FALSE);
  advance (&bank, 100);
  assert_at (&bank, "/transfers/r-1/status", "\"pending\"");
  rdx_effects_set_enabled (bank.effects, TRUE);
  drain ();
  assert_at (&bank, "/transfers/r-1/status", "\"completed\"");
  bank_clear (&bank);
}

/* The store going away cancels the request: nothing is dispatched. */
static void
test_store_goes_away (void **state)
{
  Bank bank = { 0 };

  bank_init (&bank, NULL);
  dispatch (&bank, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 100, NULL, T0));
  assert_int_equal (bank_service_get_n_in_flight (bank.service), 1);
  rdx_test_finalize (&bank.store);
  drain ();
  assert_int_equal (bank_service_get_n_in_flight (bank.service), 0);
  advance (&bank, 1000);
  assert_string_equal (bank.log->str, "transfers.requested");
  rdx_test_finalize (&bank.effects);
  rdx_test_finalize (&bank.service);
  bank_clock_unref (bank.clock);
  g_string_free (bank.log, TRUE);
}

static char *tmp_dir;

/* The app stops (or crashes) with two transfers in flight; the next start
 * finds their commands unfinished in the journal and settles them. */
static RdxJournal *
journal_with_unsettled_transfers (const char *name, RdxStore **store_out, Bank *bank)
{
  g_autoptr (RdxJournalOptions) options = bank_journal_options_new ();
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (GError) error = NULL;
  RdxJournal *journal;

  rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_NONE);
  journal = rdx_journal_open (path, options, &error);
  assert_non_null (journal);
  bank_init (bank, journal);
  dispatch (bank, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 100, NULL, T0));
  dispatch (bank, bank_action_request_transfer ("r-2", "acc-1", "acc-2", 200, NULL, T0));
  dispatch (bank, bank_action_request_transfer ("r-3", "acc-1", "acc-2", 300, NULL, T0));
  advance (bank, 100); /* r-1, r-2 and r-3 settle... */
  dispatch (bank, bank_action_request_transfer ("r-4", "acc-1", "acc-2", 400, NULL, T0));
  dispatch (bank, bank_action_request_transfer ("r-5", "acc-1", "acc-2", 500, NULL, T0));
  /* ...and the app stops before the bank answers r-4 and r-5. */
  assert_true (rdx_journal_close (journal, &error));
  bank_clear (bank);
  g_object_unref (journal);

  journal = rdx_journal_open (path, options, &error);
  assert_non_null (journal);
  bank_init (bank, journal);
  *store_out = bank->store;
  return journal;
}

static guint
n_unfinished (RdxJournal *journal)
{
  g_autoptr (GPtrArray) unfinished = rdx_journal_dup_unfinished_commands (journal);

  return unfinished->len;
}

static void
test_recover_by_resuming (void **state)
{
  Bank      bank = { 0 };
  RdxStore *store = NULL;
  g_autoptr (RdxJournal) journal = journal_with_unsettled_transfers ("resume.db", &store, &bank);
  g_autoptr (GPtrArray) unfinished = rdx_journal_dup_unfinished_commands (journal);
  g_autoptr (GError) error = NULL;
  guint n = 0;

  assert_int_equal (unfinished->len, 2);
  assert_string_equal (
    rdx_map_get_string (rdx_action_get_payload (unfinished->pdata[0]), "request_id", NULL), "r-4");
  assert_at (&bank, "/transfers/r-4/status", "\"pending\"");
  assert_at (&bank, "/accounts/acc-1/held", "900");

  assert_true (
    bank_transfers_recover (store, unfinished, BANK_RECOVERY_RESUME, T0 + 5, &n, &error));
  assert_int_equal (n, 2);
  assert_at (&bank, "/transfers/r-4/resumed_at", "1709290800000005");
  advance (&bank, 100);
  assert_string_equal (bank.log->str, "transfers.resumed transfers.resumed transfers.completed "
                                      "transfers.completed");
  assert_at (&bank, "/transfers/r-4/status", "\"completed\"");
  assert_at (&bank, "/transfers/r-5/status", "\"completed\"");
  assert_at (&bank, "/accounts/acc-1/held", "0");
  assert_at (&bank, "/accounts/acc-2/balance", "1500");
  assert_int_equal (n_unfinished (journal), 0);

  /* Nothing left to recover. */
  assert_true (bank_transfers_recover (store, unfinished, BANK_RECOVERY_RESUME, T0, &n, &error));
  assert_int_equal (n, 0);
  assert_true (rdx_journal_close (journal, &error));
  bank_clear (&bank);
}

static void
test_recover_by_interrupting (void **state)
{
  Bank      bank = { 0 };
  RdxStore *store = NULL;
  g_autoptr (RdxJournal) journal = journal_with_unsettled_transfers ("interrupt.db", &store, &bank);
  g_autoptr (GPtrArray) unfinished = rdx_journal_dup_unfinished_commands (journal);
  g_autoptr (GError) error = NULL;
  guint n = 0;

  assert_true (
    bank_transfers_recover (store, unfinished, BANK_RECOVERY_INTERRUPT, T0 + 7, &n, &error));
  assert_int_equal (n, 2);
  assert_string_equal (bank.log->str, "transfers.failed transfers.failed");
  assert_at (&bank, "/transfers/r-5/status", "\"failed\"");
  assert_at (&bank, "/transfers/r-5/code", "\"interrupted\"");
  assert_at (&bank, "/transfers/r-5/reason",
             "\"The application stopped before the bank answered, so the transfer did not "
             "happen. Try it again.\"");
  assert_at (&bank, "/accounts/acc-1/held", "0");
  assert_at (&bank, "/accounts/acc-1/balance", "99400");
  assert_int_equal (n_unfinished (journal), 0);
  advance (&bank, 1000);
  assert_string_equal (bank.log->str, "transfers.failed transfers.failed");
  assert_true (rdx_journal_close (journal, &error));
  bank_clear (&bank);
}

static int
remove_tmp_dir (void **state)
{
  rdx_test_remove_dir (tmp_dir);
  return 0;
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_settles),
    rdx_test_leak_checked (test_fails),
    rdx_test_leak_checked (test_held_while_effects_are_off),
    rdx_test_leak_checked (test_store_goes_away),
    rdx_test_leak_checked (test_recover_by_resuming),
    rdx_test_leak_checked (test_recover_by_interrupting),
  };

  tmp_dir = g_dir_make_tmp ("test-bank-transfers-XXXXXX", NULL);
  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("bank-transfers", tests, NULL, remove_tmp_dir);
}

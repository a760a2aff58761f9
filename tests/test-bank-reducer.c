/* test-bank-reducer.c: the bank's events, each rule and its refusal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "bank.h"

#include "rdx-test.h"
#include "rdx-value-private.h"

#define T0 G_GINT64_CONSTANT (1700000000000000)

static RdxStore *
bank_new (void)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();

  return rdx_store_new (reducer, NULL);
}

static void
accept (RdxStore *store, RdxAction *action)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *type = g_strdup (rdx_action_get_type_name (action));

  if (!rdx_store_dispatch_take (store, action, &error))
    fail_msg ("%s was refused: %s", type, error->message);
}

/* Dispatches @action, expecting the refusal @code with @message, and the
 * state exactly as it was (the same pointer). */
static void
refuse (RdxStore *store, RdxAction *action, GQuark domain, int code, const char *message)
{
  g_autoptr (RdxValue) before = rdx_store_dup_state (store);
  g_autoptr (GError) error = NULL;

  assert_false (rdx_store_dispatch_take (store, action, &error));
  assert_error (error, domain, code);
  assert_string_equal (error->message, message);
  assert_ptr_equal (rdx_store_get_state (store), before);
}

static gint64
get_int (RdxStore *store, const char *path)
{
  RdxValue *value = rdx_value_get_path (rdx_store_get_state (store), path);

  if (value == NULL || !rdx_value_is_int (value))
    fail_msg ("%s is not an integer", path);
  return rdx_value_get_int (value);
}

static void
assert_at (RdxStore *store, const char *path, const char *json)
{
  rdx_test_assert_json (rdx_value_get_path (rdx_store_get_state (store), path), json);
}

/* acc-1: checking, EUR, 100.00 overdraft; acc-2: savings, EUR; acc-3:
 * checking, USD. */
static RdxStore *
bank_with_accounts (void)
{
  RdxStore *store = bank_new ();

  accept (store,
          bank_action_open_account ("acc-1", "Checking", BANK_ACCOUNT_CHECKING, "EUR", 10000, T0));
  accept (store,
          bank_action_open_account ("acc-2", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0, T0 + 1));
  accept (store,
          bank_action_open_account ("acc-3", "Dollars", BANK_ACCOUNT_CHECKING, "USD", 0, T0 + 2));
  return store;
}

static void
test_initial_state (void **state)
{
  g_autoptr (RdxStore) store = bank_new ();

  assert_at (store, "/accounts", "{}");
  assert_at (store, "/ledger", "{}");
  assert_at (store, "/txns", "{}");
  assert_at (store, "/transfers", "{}");
  assert_at (store, "/ui",
             "{\"category\":\"\",\"descending\":true,\"month\":\"\",\"period\":\"month\","
             "\"search\":\"\",\"selected\":null,\"sort\":\"date\"}");
  rdx_test_finalize (&store);
}

static void
test_open (void **state)
{
  g_autoptr (RdxStore) store = bank_with_accounts ();
  g_autoptr (RdxAction) action = NULL;

  assert_at (store, "/accounts/acc-1",
             "{\"balance\":0,\"closed\":false,\"currency\":\"EUR\",\"held\":0,\"id\":\"acc-1\","
             "\"incoming\":0,\"kind\":\"checking\",\"limit\":10000,\"name\":\"Checking\","
             "\"opened_at\":1700000000000000}");
  assert_at (store, "/ledger/acc-1", "[]");

  refuse (store, bank_action_open_account ("acc-1", "Again", BANK_ACCOUNT_SAVINGS, "EUR", 0, T0),
          BANK_ERROR, BANK_ERROR_DUPLICATE_ID,
          "accounts.open: there is an account “acc-1” already; each account needs an id of its "
          "own.");
  refuse (store, bank_action_open_account ("acc-9", "Euros", BANK_ACCOUNT_SAVINGS, "eur", 0, T0),
          BANK_ERROR, BANK_ERROR_INVALID_CURRENCY,
          "accounts.open: “eur” is not a currency code; use the three capital letters of ISO "
          "4217, such as “EUR”.");
  refuse (store,
          rdx_action_new_take ("accounts.open",
                               rdx_test_value ("{\"id\":\"acc-9\",\"name\":\"Loan\",\"kind\":"
                                               "\"loan\",\"currency\":\"EUR\",\"at\":0}")),
          RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_NOT_ALLOWED,
          "accounts.open: /kind must be one of \"checking\", \"savings\" or \"credit\", got "
          "\"loan\"");
  refuse (store, bank_action_open_account ("acc-9", "Minus", BANK_ACCOUNT_CREDIT, "EUR", -1, T0),
          RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_RANGE,
          "accounts.open: /limit must be an integer of at least 0, got -1");

  /* The creator leaves a missing limit out; the account gets none. */
  action = bank_action_open_account ("acc-4", "Card", BANK_ACCOUNT_CREDIT, "EUR", 0, T0);
  rdx_test_assert_json (rdx_action_get_payload (action),
                        "{\"at\":1700000000000000,\"currency\":\"EUR\",\"id\":\"acc-4\","
                        "\"kind\":\"credit\",\"limit\":0,\"name\":\"Card\"}");
  rdx_test_finalize (&store);
}

static void
test_deposit_and_withdraw (void **state)
{
  g_autoptr (RdxStore) store = bank_with_accounts ();

  accept (store, bank_action_deposit ("acc-1", "t-1", 5000, "Salary", "income", T0 + 10));
  accept (store, bank_action_withdraw ("acc-1", "t-2", 12000, "Rent", "rent", T0 + 20));
  assert_int_equal (get_int (store, "/accounts/acc-1/balance"), -7000);
  assert_at (store, "/ledger/acc-1",
             "[{\"amount\":5000,\"at\":1700000000000010,\"balance\":5000,\"category\":\"income\","
             "\"id\":\"t-1\",\"kind\":\"deposit\",\"memo\":\"Salary\",\"seq\":0},"
             "{\"amount\":-12000,\"at\":1700000000000020,\"balance\":-7000,\"category\":\"rent\","
             "\"id\":\"t-2\",\"kind\":\"withdrawal\",\"memo\":\"Rent\",\"seq\":1}]");
  assert_at (store, "/txns/t-2", "{\"postings\":[{\"account\":\"acc-1\",\"seq\":1}]}");

  /* Beyond the balance and the limit. */
  refuse (store, bank_action_withdraw ("acc-1", "t-3", 3001, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_INSUFFICIENT_FUNDS,
          "accounts.withdraw: insufficient funds: “Checking” (acc-1) has 30.00 EUR available "
          "(balance -70.00 EUR, limit 100.00 EUR, 0.00 EUR held by pending transfers), less "
          "than 30.01 EUR.");
  accept (store, bank_action_withdraw ("acc-1", "t-3", 3000, NULL, NULL, T0 + 30));
  assert_int_equal (get_int (store, "/accounts/acc-1/balance"), -10000);

  /* Amounts above zero, integers. */
  refuse (store, bank_action_deposit ("acc-1", "t-4", 0, NULL, NULL, T0), RDX_SCHEMA_ERROR,
          RDX_SCHEMA_ERROR_RANGE,
          "accounts.deposit: /amount must be an integer greater than 0, got 0");
  refuse (store, bank_action_withdraw ("acc-1", "t-4", -5, NULL, NULL, T0), RDX_SCHEMA_ERROR,
          RDX_SCHEMA_ERROR_RANGE,
          "accounts.withdraw: /amount must be an integer greater than 0, got -5");
  refuse (
    store,
    rdx_action_new_take ("accounts.deposit", rdx_test_value ("{\"id\":\"acc-1\",\"txn_id\":\"t-4\","
                                                             "\"amount\":12.5,\"at\":0}")),
    RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_KIND,
    "accounts.deposit: /amount must be an integer greater than 0, got 12.5");
  refuse (
    store,
    rdx_action_new_take ("accounts.deposit", rdx_test_value ("{\"id\":\"acc-1\",\"txn_id\":\"t-4\","
                                                             "\"amount\":\"12\",\"at\":0}")),
    RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_KIND,
    "accounts.deposit: /amount must be an integer greater than 0, got \"12\"");

  /* Ids. */
  refuse (store, bank_action_deposit ("acc-9", "t-4", 1, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_UNKNOWN_ACCOUNT, "accounts.deposit: there is no account “acc-9”.");
  refuse (store, bank_action_deposit ("acc-2", "t-1", 1, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_DUPLICATE_ID,
          "accounts.deposit: the id “t-1” is taken by another transaction or transfer; each "
          "needs an id of its own.");
  rdx_test_finalize (&store);
}

static void
test_overflow (void **state)
{
  g_autoptr (RdxStore) store = bank_with_accounts ();

  accept (store, bank_action_deposit ("acc-2", "t-1", G_MAXINT64 - 10, NULL, NULL, T0));
  refuse (store, bank_action_deposit ("acc-2", "t-2", 11, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_OVERFLOW,
          "accounts.deposit: 0.11 EUR would take the balance of “Savings” (acc-2) beyond the "
          "largest amount an account can hold.");
  accept (store, bank_action_deposit ("acc-2", "t-2", 10, NULL, NULL, T0));
  assert_int_equal (get_int (store, "/accounts/acc-2/balance"), G_MAXINT64);

  /* What pending transfers bring counts: acc-2 holds all it can. */
  accept (store, bank_action_deposit ("acc-1", "t-3", 5000, NULL, NULL, T0));
  refuse (store, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 1, NULL, T0), BANK_ERROR,
          BANK_ERROR_OVERFLOW,
          "transfers.requested: 0.01 EUR would take the balance of “Savings” (acc-2) beyond the "
          "largest amount an account can hold.");

  /* A reversal that would give back beyond 64 bits. */
  accept (store, bank_action_withdraw ("acc-2", "t-4", 100, NULL, NULL, T0));
  accept (store, bank_action_deposit ("acc-2", "t-5", 100, NULL, NULL, T0));
  refuse (store, bank_action_reverse ("t-4", "r-4", NULL, T0), BANK_ERROR, BANK_ERROR_OVERFLOW,
          "transactions.reversed: 1.00 EUR would take the balance of “Savings” (acc-2) beyond "
          "the largest amount an account can hold.");

  /* A limit as large as can be, and a balance near the bottom. */
  accept (store,
          bank_action_open_account ("acc-4", "Card", BANK_ACCOUNT_CREDIT, "EUR", G_MAXINT64, T0));
  accept (store, bank_action_withdraw ("acc-4", "t-6", G_MAXINT64, NULL, NULL, T0));
  assert_int_equal (get_int (store, "/accounts/acc-4/balance"), -G_MAXINT64);
  refuse (store, bank_action_withdraw ("acc-4", "t-7", 1, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_INSUFFICIENT_FUNDS,
          "accounts.withdraw: insufficient funds: “Card” (acc-4) has 0.00 EUR available "
          "(balance -92233720368547758.07 EUR, limit 92233720368547758.07 EUR, 0.00 EUR held by "
          "pending transfers), less than 0.01 EUR.");
  rdx_test_finalize (&store);
}

static void
test_transfers (void **state)
{
  g_autoptr (RdxStore) store = bank_with_accounts ();

  accept (store, bank_action_deposit ("acc-1", "t-1", 10000, NULL, NULL, T0));
  accept (store, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 15000, "Savings", T0 + 1));
  /* The command holds the amount; nothing is booked yet. */
  assert_int_equal (get_int (store, "/accounts/acc-1/held"), 15000);
  assert_int_equal (get_int (store, "/accounts/acc-2/incoming"), 15000);
  assert_int_equal (get_int (store, "/accounts/acc-1/balance"), 10000);
  assert_int_equal (bank_account_get_available (
                      rdx_value_get_path (rdx_store_get_state (store), "/accounts/acc-1")),
                    5000);
  assert_at (store, "/transfers/r-1",
             "{\"amount\":15000,\"currency\":\"EUR\",\"from\":\"acc-1\",\"memo\":\"Savings\","
             "\"request_id\":\"r-1\",\"requested_at\":1700000000000001,\"status\":\"pending\","
             "\"to\":\"acc-2\"}");

  refuse (store, bank_action_withdraw ("acc-1", "t-2", 5001, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_INSUFFICIENT_FUNDS,
          "accounts.withdraw: insufficient funds: “Checking” (acc-1) has 50.00 EUR available "
          "(balance 100.00 EUR, limit 100.00 EUR, 150.00 EUR held by pending transfers), less "
          "than 50.01 EUR.");
  refuse (store, bank_action_request_transfer ("r-2", "acc-1", "acc-2", 5001, NULL, T0), BANK_ERROR,
          BANK_ERROR_INSUFFICIENT_FUNDS,
          "transfers.requested: insufficient funds: “Checking” (acc-1) has 50.00 EUR available "
          "(balance 100.00 EUR, limit 100.00 EUR, 150.00 EUR held by pending transfers), less "
          "than 50.01 EUR.");
  refuse (store, bank_action_request_transfer ("r-2", "acc-1", "acc-1", 1, NULL, T0), BANK_ERROR,
          BANK_ERROR_SAME_ACCOUNT,
          "transfers.requested: a transfer goes between two accounts, and “acc-1” is both.");
  refuse (store, bank_action_request_transfer ("r-2", "acc-1", "acc-3", 1, NULL, T0), BANK_ERROR,
          BANK_ERROR_CURRENCY_MISMATCH,
          "transfers.requested: “Checking” (acc-1) is in EUR and “Dollars” (acc-3) in USD; "
          "transfers between currencies are not supported.");
  refuse (store, bank_action_request_transfer ("r-2", "acc-1", "acc-9", 1, NULL, T0), BANK_ERROR,
          BANK_ERROR_UNKNOWN_ACCOUNT, "transfers.requested: there is no account “acc-9”.");
  refuse (store, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 1, NULL, T0), BANK_ERROR,
          BANK_ERROR_DUPLICATE_ID,
          "transfers.requested: the id “r-1” is taken by another transaction or transfer; each "
          "needs an id of its own.");
  refuse (store, bank_action_request_transfer ("t-1", "acc-1", "acc-2", 1, NULL, T0), BANK_ERROR,
          BANK_ERROR_DUPLICATE_ID,
          "transfers.requested: the id “t-1” is taken by another transaction or transfer; each "
          "needs an id of its own.");
  /* A pending request's id is taken for transactions too. */
  refuse (store, bank_action_deposit ("acc-2", "r-1", 1, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_DUPLICATE_ID,
          "accounts.deposit: the id “r-1” is taken by another transaction or transfer; each "
          "needs an id of its own.");

  /* Settled: both legs booked under the request id, the holds released. */
  accept (store, bank_action_complete_transfer ("r-1", "TX-000001", T0 + 2));
  assert_int_equal (get_int (store, "/accounts/acc-1/balance"), -5000);
  assert_int_equal (get_int (store, "/accounts/acc-1/held"), 0);
  assert_int_equal (get_int (store, "/accounts/acc-2/balance"), 15000);
  assert_int_equal (get_int (store, "/accounts/acc-2/incoming"), 0);
  assert_at (store, "/ledger/acc-1/1",
             "{\"amount\":-15000,\"at\":1700000000000002,\"balance\":-5000,\"counterpart\":"
             "\"acc-2\",\"id\":\"r-1\",\"kind\":\"transfer-out\",\"memo\":\"Savings\",\"seq\":1}");
  assert_at (store, "/ledger/acc-2/0",
             "{\"amount\":15000,\"at\":1700000000000002,\"balance\":15000,\"counterpart\":"
             "\"acc-1\",\"id\":\"r-1\",\"kind\":\"transfer-in\",\"memo\":\"Savings\",\"seq\":0}");
  assert_at (
    store, "/txns/r-1",
    "{\"postings\":[{\"account\":\"acc-1\",\"seq\":1},{\"account\":\"acc-2\",\"seq\":0}]}");
  assert_at (store, "/transfers/r-1/status", "\"completed\"");
  assert_at (store, "/transfers/r-1/confirmation", "\"TX-000001\"");

  refuse (store, bank_action_complete_transfer ("r-1", NULL, T0), BANK_ERROR,
          BANK_ERROR_NOT_PENDING,
          "transfers.completed: the transfer “r-1” is not pending: it completed already.");
  refuse (store, bank_action_fail_transfer ("r-1", "Late", NULL, T0), BANK_ERROR,
          BANK_ERROR_NOT_PENDING,
          "transfers.failed: the transfer “r-1” is not pending: it completed already.");
  refuse (store, bank_action_complete_transfer ("r-9", NULL, T0), BANK_ERROR,
          BANK_ERROR_NOT_PENDING,
          "transfers.completed: there is no transfer “r-9”; only a pending transfer can settle.");

  /* Failed: released, nothing booked; the reason and code kept. */
  accept (store, bank_action_request_transfer ("r-2", "acc-2", "acc-1", 2000, NULL, T0 + 3));
  accept (store, bank_action_resume_transfer ("r-2", T0 + 4));
  accept (store, bank_action_fail_transfer ("r-2", "The bank said no.", "declined", T0 + 5));
  assert_int_equal (get_int (store, "/accounts/acc-2/held"), 0);
  assert_int_equal (get_int (store, "/accounts/acc-1/incoming"), 0);
  assert_int_equal (get_int (store, "/accounts/acc-2/balance"), 15000);
  assert_at (store, "/transfers/r-2",
             "{\"amount\":2000,\"code\":\"declined\",\"currency\":\"EUR\",\"from\":\"acc-2\","
             "\"reason\":\"The bank said no.\",\"request_id\":\"r-2\","
             "\"requested_at\":1700000000000003,\"resumed_at\":1700000000000004,\"settled_at\":"
             "1700000000000005,\"status\":\"failed\",\"to\":\"acc-1\"}");
  refuse (store, bank_action_resume_transfer ("r-2", T0), BANK_ERROR, BANK_ERROR_NOT_PENDING,
          "transfers.resumed: the transfer “r-2” is not pending: it failed already.");
  refuse (store, bank_action_complete_transfer ("r-2", NULL, T0), BANK_ERROR,
          BANK_ERROR_NOT_PENDING,
          "transfers.completed: the transfer “r-2” is not pending: it failed already.");
  refuse (
    store,
    rdx_action_new_take ("transfers.failed", rdx_test_value ("{\"request_id\":\"r-2\",\"at\":0}")),
    RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_MISSING,
    "transfers.failed: /reason is missing; it must be a non-empty string of at most 500 "
    "characters");
  rdx_test_finalize (&store);
}

static void
test_reversals (void **state)
{
  g_autoptr (RdxStore) store = bank_with_accounts ();
  RdxValue *entry;

  accept (store, bank_action_deposit ("acc-1", "t-1", 10000, "Refund", "shopping", T0));
  accept (store, bank_action_withdraw ("acc-1", "t-2", 2500, "Groceries", "groceries", T0 + 1));
  entry = rdx_value_get_path (rdx_store_get_state (store), "/ledger/acc-1/1");
  accept (store, bank_action_reverse ("t-2", "v-1", "Charged twice", T0 + 2));
  assert_int_equal (get_int (store, "/accounts/acc-1/balance"), 10000);
  /* A compensating entry, linked both ways; the entry reversed stays as
   * it was booked. */
  assert_at (store, "/ledger/acc-1/2",
             "{\"amount\":2500,\"at\":1700000000000002,\"balance\":10000,\"category\":"
             "\"groceries\",\"id\":\"v-1\",\"kind\":\"withdrawal\",\"memo\":\"Groceries\","
             "\"reason\":\"Charged twice\",\"reverses\":\"t-2\",\"seq\":2}");
  assert_ptr_equal (rdx_value_get_path (rdx_store_get_state (store), "/ledger/acc-1/1"), entry);
  assert_at (store, "/txns/t-2",
             "{\"postings\":[{\"account\":\"acc-1\",\"seq\":1}],\"reversed_by\":\"v-1\"}");
  assert_at (store, "/txns/v-1",
             "{\"postings\":[{\"account\":\"acc-1\",\"seq\":2}],\"reason\":\"Charged twice\","
             "\"reverses\":\"t-2\"}");

  refuse (store, bank_action_reverse ("t-2", "v-2", NULL, T0), BANK_ERROR,
          BANK_ERROR_ALREADY_REVERSED,
          "transactions.reversed: “t-2” was reversed already, by “v-1”.");
  refuse (store, bank_action_reverse ("v-1", "v-2", NULL, T0), BANK_ERROR,
          BANK_ERROR_REVERSAL_OF_REVERSAL,
          "transactions.reversed: “v-1” is itself the reversal of “t-2”; a reversal cannot be "
          "reversed.");
  refuse (store, bank_action_reverse ("t-9", "v-2", NULL, T0), BANK_ERROR,
          BANK_ERROR_UNKNOWN_TRANSACTION, "transactions.reversed: there is no transaction “t-9”.");
  refuse (store, bank_action_reverse ("t-1", "t-2", NULL, T0), BANK_ERROR, BANK_ERROR_DUPLICATE_ID,
          "transactions.reversed: the id “t-2” is taken by another transaction or transfer; "
          "each needs an id of its own.");

  /* A transfer is reversed on both accounts; a pending one cannot be. */
  accept (store, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 4000, NULL, T0 + 3));
  refuse (store, bank_action_reverse ("r-1", "v-2", NULL, T0), BANK_ERROR,
          BANK_ERROR_UNKNOWN_TRANSACTION,
          "transactions.reversed: “r-1” is a transfer that has not completed; only booked "
          "transactions can be reversed.");
  accept (store, bank_action_complete_transfer ("r-1", NULL, T0 + 4));
  accept (store, bank_action_reverse ("r-1", "v-2", NULL, T0 + 5));
  assert_int_equal (get_int (store, "/accounts/acc-1/balance"), 10000);
  assert_int_equal (get_int (store, "/accounts/acc-2/balance"), 0);
  assert_at (store, "/ledger/acc-2/1",
             "{\"amount\":-4000,\"at\":1700000000000005,\"balance\":0,\"counterpart\":\"acc-1\","
             "\"id\":\"v-2\",\"kind\":\"transfer-in\",\"reverses\":\"r-1\",\"seq\":1}");

  /* A reversal may take an account below its limit (it corrects the
   * books), but not onto a closed account. */
  accept (store, bank_action_deposit ("acc-2", "t-3", 500, NULL, NULL, T0 + 6));
  accept (store, bank_action_withdraw ("acc-2", "t-4", 500, NULL, NULL, T0 + 7));
  accept (store, bank_action_reverse ("t-3", "v-3", NULL, T0 + 8));
  assert_int_equal (get_int (store, "/accounts/acc-2/balance"), -500);
  accept (store, bank_action_deposit ("acc-3", "t-5", 700, NULL, NULL, T0 + 9));
  accept (store, bank_action_withdraw ("acc-3", "t-6", 700, NULL, NULL, T0 + 10));
  accept (store, bank_action_close_account ("acc-3", T0 + 11));
  refuse (store, bank_action_reverse ("t-6", "v-4", NULL, T0), BANK_ERROR,
          BANK_ERROR_ACCOUNT_CLOSED,
          "transactions.reversed: the account “Dollars” (acc-3) is closed; nothing can be "
          "booked on it.");
  rdx_test_finalize (&store);
}

static void
test_rename_and_close (void **state)
{
  g_autoptr (RdxStore) store = bank_with_accounts ();
  RdxValue *before;

  accept (store, bank_action_rename_account ("acc-1", "Everyday"));
  assert_at (store, "/accounts/acc-1/name", "\"Everyday\"");
  before = rdx_store_get_state (store);
  accept (store, bank_action_rename_account ("acc-1", "Everyday"));
  assert_ptr_equal (rdx_store_get_state (store), before);
  refuse (store, bank_action_rename_account ("acc-1", ""), RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_RANGE,
          "accounts.rename: /name must be a non-empty string of at most 100 characters, got \"\"");

  accept (store, bank_action_deposit ("acc-1", "t-1", 1234, NULL, NULL, T0));
  refuse (store, bank_action_close_account ("acc-1", T0), BANK_ERROR, BANK_ERROR_NOT_EMPTY,
          "accounts.close: “Everyday” (acc-1) holds 12.34 EUR; an account closes only at a zero "
          "balance. Withdraw or transfer the money first.");
  accept (store, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 1234, NULL, T0));
  refuse (store, bank_action_close_account ("acc-2", T0), BANK_ERROR, BANK_ERROR_PENDING_TRANSFERS,
          "accounts.close: “Savings” (acc-2) has pending transfers; close it once they have "
          "settled.");
  refuse (store, bank_action_close_account ("acc-1", T0), BANK_ERROR, BANK_ERROR_PENDING_TRANSFERS,
          "accounts.close: “Everyday” (acc-1) has pending transfers; close it once they have "
          "settled.");
  accept (store, bank_action_complete_transfer ("r-1", NULL, T0));
  accept (store, bank_action_close_account ("acc-1", T0 + 5));
  assert_at (store, "/accounts/acc-1/closed", "true");
  assert_at (store, "/accounts/acc-1/closed_at", "1700000000000005");

  refuse (store, bank_action_deposit ("acc-1", "t-2", 1, NULL, NULL, T0), BANK_ERROR,
          BANK_ERROR_ACCOUNT_CLOSED,
          "accounts.deposit: the account “Everyday” (acc-1) is closed; nothing can be booked on "
          "it.");
  refuse (store, bank_action_request_transfer ("r-2", "acc-2", "acc-1", 1, NULL, T0), BANK_ERROR,
          BANK_ERROR_ACCOUNT_CLOSED,
          "transfers.requested: the account “Everyday” (acc-1) is closed; nothing can be booked "
          "on it.");
  refuse (store, bank_action_rename_account ("acc-1", "Old"), BANK_ERROR, BANK_ERROR_ACCOUNT_CLOSED,
          "accounts.rename: the account “Everyday” (acc-1) is closed; nothing can be booked on "
          "it.");
  refuse (store, bank_action_close_account ("acc-1", T0), BANK_ERROR, BANK_ERROR_ACCOUNT_CLOSED,
          "accounts.close: the account “Everyday” (acc-1) is closed; nothing can be booked on "
          "it.");
  refuse (store, bank_action_close_account ("acc-7", T0), BANK_ERROR, BANK_ERROR_UNKNOWN_ACCOUNT,
          "accounts.close: there is no account “acc-7”.");
  rdx_test_finalize (&store);
}

static void
test_ui (void **state)
{
  g_autoptr (RdxStore) store = bank_with_accounts ();
  g_autoptr (RdxAction) ui = bank_action_search ("x");
  g_autoptr (RdxAction) money = bank_action_deposit ("acc-1", "t", 1, NULL, NULL, 0);
  RdxValue *before;

  accept (store, bank_action_select_account ("acc-2"));
  accept (store, bank_action_search ("rent"));
  accept (store, bank_action_filter_category ("groceries"));
  accept (store, bank_action_sort (BANK_COLUMN_AMOUNT, FALSE));
  accept (store, bank_action_set_period (BANK_PERIOD_WEEK));
  accept (store, bank_action_set_month ("2024-05"));
  assert_at (store, "/ui",
             "{\"category\":\"groceries\",\"descending\":false,\"month\":\"2024-05\",\"period\":"
             "\"week\",\"search\":\"rent\",\"selected\":\"acc-2\",\"sort\":\"amount\"}");

  /* The same value keeps the state. */
  before = rdx_store_get_state (store);
  accept (store, bank_action_search ("rent"));
  accept (store, bank_action_sort (BANK_COLUMN_AMOUNT, FALSE));
  accept (store, bank_action_set_month ("2024-05"));
  assert_ptr_equal (rdx_store_get_state (store), before);

  refuse (store, bank_action_set_month ("2024-13"), BANK_ERROR, BANK_ERROR_INVALID,
          "ui.month: “2024-13” is not a month; write it as YYYY-MM, such as “2024-05”.");
  refuse (store, bank_action_set_month ("May 2024"), RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_RANGE,
          "ui.month: the payload must be a string of exactly 7 characters, got \"May 2024\"");
  refuse (store, bank_action_set_month ("2024/05"), BANK_ERROR, BANK_ERROR_INVALID,
          "ui.month: “2024/05” is not a month; write it as YYYY-MM, such as “2024-05”.");
  accept (store, bank_action_select_account (NULL));
  assert_at (store, "/ui/selected", "null");

  assert_true (bank_action_is_transient (ui, NULL));
  assert_false (bank_action_is_transient (money, NULL));
  rdx_test_finalize (&store);
}

static void
test_enums (void **state)
{
  BankAccountKind kind = BANK_ACCOUNT_CHECKING;
  BankColumn      column = BANK_COLUMN_DATE;
  BankPeriod      period = BANK_PERIOD_DAY;

  assert_true (bank_account_kind_from_string ("credit", &kind));
  assert_int_equal (kind, BANK_ACCOUNT_CREDIT);
  assert_false (bank_account_kind_from_string ("loan", &kind));
  assert_false (bank_account_kind_from_string (NULL, &kind));
  assert_true (bank_column_from_string ("balance", &column));
  assert_int_equal (column, BANK_COLUMN_BALANCE);
  assert_string_equal (bank_column_to_string (BANK_COLUMN_DESCRIPTION), "description");
  assert_true (bank_period_from_string ("week", &period));
  assert_string_equal (bank_period_to_string (period), "week");
  assert_false (bank_period_from_string ("year", &period));
}

/* The reducer declares every type with its schema, for rdx-replay and the
 * debugger. */
static void
test_declared_actions (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  const char *types[] = { "accounts.open",      "accounts.rename",
                          "accounts.close",     "accounts.deposit",
                          "accounts.withdraw",  "transfers.requested",
                          "transfers.resumed",  "transfers.completed",
                          "transfers.failed",   "transactions.reversed",
                          "ui.select",          "ui.search",
                          "ui.filter-category", "ui.sort",
                          "ui.period",          "ui.month" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      const RdxActionInfo *info = rdx_reducer_find_action (reducer, types[i]);

      if (info == NULL)
        fail_msg ("%s is not declared", types[i]);
      assert_string_equal (info->slice, "bank");
    }
}

/* docs/bank-events.md lists every declared type with its schema, and
 * nothing else. */
static void
test_events_page (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (GPtrArray) infos = rdx_reducer_list_actions (reducer);
  g_autofree char *path = g_build_filename (RDX_TEST_SRCDIR, "..", "docs", "bank-events.md", NULL);
  g_autofree char *page = NULL;
  g_auto (GStrv) lines = NULL;
  guint n_rows = 0;

  assert_true (g_file_get_contents (path, &page, NULL, NULL));
  lines = g_strsplit (page, "\n", -1);
  for (guint i = 0; i < infos->len; i++)
    {
      const RdxActionInfo *info = infos->pdata[i];
      g_autofree char     *schema = rdx_schema_to_string (info->schema);
      g_auto (GStrv) parts = g_strsplit (schema, "|", -1);
      g_autofree char *escaped = g_strjoinv ("\\|", parts);
      g_autofree char *row = g_strdup_printf ("| `%s` | `%s` |", info->type, escaped);

      if (!g_strv_contains ((const char *const *) lines, row))
        fail_msg ("docs/bank-events.md does not have the row %s", row);
    }
  /* The table has no other rows. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], "| type | payload schema |"))
      for (guint j = i + 2; lines[j] != NULL && g_str_has_prefix (lines[j], "| `"); j++)
        n_rows++;
  assert_int_equal (n_rows, infos->len);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_initial_state),
    rdx_test_leak_checked (test_open),
    rdx_test_leak_checked (test_deposit_and_withdraw),
    rdx_test_leak_checked (test_overflow),
    rdx_test_leak_checked (test_transfers),
    rdx_test_leak_checked (test_reversals),
    rdx_test_leak_checked (test_rename_and_close),
    rdx_test_leak_checked (test_ui),
    rdx_test_leak_checked (test_enums),
    rdx_test_leak_checked (test_declared_actions),
    rdx_test_leak_checked (test_events_page),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("bank-reducer", tests, NULL, NULL);
}

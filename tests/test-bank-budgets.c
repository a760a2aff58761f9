/* test-bank-budgets.c: a monthly budget per spending category
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank.h"

#include "rdx-test.h"
#include "rdx-value-private.h"

#define MAY G_GINT64_CONSTANT (1714608000000000) /* 2024-05-02 00:00 UTC */
#define JUN G_GINT64_CONSTANT (1717372800000000) /* 2024-06-03 00:00 UTC */

/* Dispatches @action; returns NULL, or why it was refused. */
static char *
dispatch (RdxStore *store, RdxAction *action)
{
  g_autoptr (GError) error = NULL;

  return rdx_store_dispatch_take (store, action, &error) ? NULL : g_strdup (error->message);
}

static void
assert_refused (RdxStore *store, RdxAction *action, const char *message)
{
  g_autofree char *refusal = dispatch (store, action);

  assert_string_equal (refusal, message);
}

static void
test_budgets (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (RdxSelector) spending = bank_selector_spending_new (utc);
  g_autoptr (RdxSelector) budgets = bank_selector_budgets_new (spending);

  assert_null (dispatch (store, bank_action_set_budget ("groceries", "EUR", 40000)));
  assert_null (dispatch (store, bank_action_set_budget ("restaurants", "EUR", 10000)));
  assert_refused (store, bank_action_set_budget ("rent", "eur", 1),
                  "budgets.set: “eur” is not a currency code; use three capital letters, such "
                  "as “EUR”.");
  assert_refused (store, bank_action_set_budget ("rent", "EUR", 0),
                  "budgets.set: /amount must be an integer greater than 0, got 0");
  assert_refused (store, bank_action_remove_budget ("rent"),
                  "budgets.remove: there is no budget for “rent”.");

  assert_null (dispatch (store, bank_action_open_account ("a", "Checking", 0, "EUR", 0, 0)));
  assert_null (dispatch (store, bank_action_deposit ("a", "t-1", 90000, NULL, "groceries", MAY)));
  assert_null (dispatch (store, bank_action_withdraw ("a", "t-2", 30000, NULL, "groceries", MAY)));
  assert_null (dispatch (store, bank_action_withdraw ("a", "t-3", 15000, NULL, "groceries", MAY)));
  assert_null (dispatch (store, bank_action_withdraw ("a", "t-4", 9000, NULL, "restaurants", MAY)));
  assert_null (dispatch (store, bank_action_withdraw ("a", "t-5", 5000, NULL, "groceries", JUN)));
  assert_null (dispatch (store, bank_action_set_month ("2024-05")));
  /* Deposits are not spending, nor is another month. */
  rdx_test_assert_json (
    rdx_store_select (store, budgets),
    "[{\"amount\":40000,\"category\":\"groceries\",\"currency\":\"EUR\",\"left\":-5000,"
    "\"over\":true,\"spent\":45000},{\"amount\":10000,\"category\":\"restaurants\",\"currency\":"
    "\"EUR\",\"left\":1000,\"over\":false,\"spent\":9000}]");

  /* A reversal gives back; a budget removed is gone; June is June. */
  assert_null (dispatch (store, bank_action_reverse ("t-3", "r-1", NULL, MAY + 1)));
  assert_null (dispatch (store, bank_action_remove_budget ("restaurants")));
  rdx_test_assert_json (rdx_store_select (store, budgets),
                        "[{\"amount\":40000,\"category\":\"groceries\",\"currency\":\"EUR\","
                        "\"left\":10000,\"over\":false,\"spent\":30000}]");
  assert_null (dispatch (store, bank_action_set_month ("2024-06")));
  rdx_test_assert_json (rdx_store_select (store, budgets),
                        "[{\"amount\":40000,\"category\":\"groceries\",\"currency\":\"EUR\","
                        "\"left\":35000,\"over\":false,\"spent\":5000}]");
  rdx_test_finalize (&store);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_budgets),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("bank-budgets", tests, NULL, NULL);
}

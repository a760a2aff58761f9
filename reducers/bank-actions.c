/* bank-actions.c: the bank's action creators
 *
 * Each makes the action as docs/bank-events.md describes it. Times and
 * ids come from the caller (the application passes g_get_real_time () and
 * ids it generates), so a reducer never reads the clock or a random
 * source, and a journal replays to the same state. A creator does not
 * check its arguments against the rules: the reducer does, when the
 * action is dispatched.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

static const char *const kinds[] = { "checking", "savings", "credit" };
static const char *const columns[] = { "date", "description", "category", "amount", "balance" };
static const char *const periods[] = { "day", "week", "month" };

static gboolean
from_string (const char *const *names, guint n_names, const char *text, guint *index)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (strcmp (names[i], text) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * bank_account_kind_to_string:
 * @kind: a kind of account
 *
 * Returns: its name in payloads and the state: "checking", "savings" or
 *   "credit"
 */
const char *
bank_account_kind_to_string (BankAccountKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), NULL);

  return kinds[kind];
}

/**
 * bank_account_kind_from_string:
 * @text: (nullable): a name
 * @kind: (out): the kind it names
 *
 * Returns: whether @text names a kind of account
 */
gboolean
bank_account_kind_from_string (const char *text, BankAccountKind *kind)
{
  guint index;

  if (!from_string (kinds, G_N_ELEMENTS (kinds), text, &index))
    return FALSE;
  *kind = index;
  return TRUE;
}

/**
 * bank_column_to_string:
 * @column: a column
 *
 * Returns: its name in `ui.sort`
 */
const char *
bank_column_to_string (BankColumn column)
{
  g_return_val_if_fail (column < G_N_ELEMENTS (columns), NULL);

  return columns[column];
}

/**
 * bank_column_from_string:
 * @text: (nullable): a name
 * @column: (out): the column it names
 *
 * Returns: whether @text names a column
 */
gboolean
bank_column_from_string (const char *text, BankColumn *column)
{
  guint index;

  if (!from_string (columns, G_N_ELEMENTS (columns), text, &index))
    return FALSE;
  *column = index;
  return TRUE;
}

/**
 * bank_period_to_string:
 * @period: a period
 *
 * Returns: its name in `ui.period`
 */
const char *
bank_period_to_string (BankPeriod period)
{
  g_return_val_if_fail (period < G_N_ELEMENTS (periods), NULL);

  return periods[period];
}

/**
 * bank_period_from_string:
 * @text: (nullable): a name
 * @period: (out): the period it names
 *
 * Returns: whether @text names a period
 */
gboolean
bank_period_from_string (const char *text, BankPeriod *period)
{
  guint index;

  if (!from_string (periods, G_N_ELEMENTS (periods), text, &index))
    return FALSE;
  *period = index;
  return TRUE;
}

/* The actions */

static RdxValue *
string_or_null (const char *text)
{
  return text != NULL ? rdx_value_new_string (text) : rdx_value_new_null ();
}

/* Takes @payload; drops the entries whose value is null (optional fields
 * left out). */
static RdxAction *
action_new (const char *type, RdxValue *payload)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (payload);
  RdxMapIter  iter;
  const char *key;
  RdxValue   *value;

  rdx_map_iter_init (&iter, payload);
  while (rdx_map_iter_next (&iter, &key, &value))
    if (rdx_value_is_null (value))
      rdx_map_builder_remove (builder, key);
  rdx_value_unref (payload);
  return rdx_action_new_take (type, rdx_map_builder_end (g_steal_pointer (&builder)));
}

/**
 * bank_action_open_account:
 * @id: the new account's id, unique among accounts
 * @name: its name, as the person calls it
 * @kind: its kind
 * @currency: an ISO 4217 code, such as "EUR"
 * @limit: the overdraft or credit line, in minor units (0 for none)
 * @at: when, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): an `accounts.open` action
 */
RdxAction *
bank_action_open_account (const char     *id,
                          const char     *name,
                          BankAccountKind kind,
                          const char     *currency,
                          gint64          limit,
                          gint64          at)
{
  g_return_val_if_fail (id != NULL && name != NULL && currency != NULL, NULL);

  return action_new (
    BANK_ACCOUNTS_OPEN,
    rdx_map_new_take ("id", rdx_value_new_string (id), "name", rdx_value_new_string (name), "kind",
                      rdx_value_new_string (bank_account_kind_to_string (kind)), "currency",
                      rdx_value_new_string (currency), "limit", rdx_value_new_int (limit), "at",
                      rdx_value_new_int (at), NULL));
}

/**
 * bank_action_rename_account:
 * @id: an account's id
 * @name: its new name
 *
 * Returns: (transfer full): an `accounts.rename` action
 */
RdxAction *
bank_action_rename_account (const char *id, const char *name)
{
  g_return_val_if_fail (id != NULL && name != NULL, NULL);

  return action_new (
    BANK_ACCOUNTS_RENAME,
    rdx_map_new_take ("id", rdx_value_new_string (id), "name", rdx_value_new_string (name), NULL));
}

/**
 * bank_action_close_account:
 * @id: an account's id
 * @at: when, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): an `accounts.close` action
 */
RdxAction *
bank_action_close_account (const char *id, gint64 at)
{
  g_return_val_if_fail (id != NULL, NULL);

  return action_new (BANK_ACCOUNTS_CLOSE, rdx_map_new_take ("id", rdx_value_new_string (id), "at",
                                                            rdx_value_new_int (at), NULL));
}

static RdxAction *
movement (const char *type,
          const char *account,
          const char *txn_id,
          gint64      amount,
          const char *memo,
          const char *category,
          gint64      at)
{
  g_return_val_if_fail (account != NULL && txn_id != NULL, NULL);

  return action_new (
    type,
    rdx_map_new_take ("id", rdx_value_new_string (account), "txn_id", rdx_value_new_string (txn_id),
                      "amount", rdx_value_new_int (amount), "memo", string_or_null (memo),
                      "category", string_or_null (category), "at", rdx_value_new_int (at), NULL));
}

/**
 * bank_action_deposit:
 * @account: the account's id
 * @txn_id: the transaction's id, unique among transactions and transfers
 * @amount: the amount, in minor units, above zero
 * @memo: (nullable): a description
 * @category: (nullable): a spending category
 * @at: when, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): an `accounts.deposit` action
 */
RdxAction *
bank_action_deposit (const char *account,
                     const char *txn_id,
                     gint64      amount,
                     const char *memo,
                     const char *category,
                     gint64      at)
{
  return movement (BANK_ACCOUNTS_DEPOSIT, account, txn_id, amount, memo, category, at);
}

/**
 * bank_action_withdraw:
 * @account: the account's id
 * @txn_id: the transaction's id, unique among transactions and transfers
 * @amount: the amount, in minor units, above zero
 * @memo: (nullable): a description
 * @category: (nullable): a spending category, counted by
 *   bank_selector_spending_new()
 * @at: when, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): an `accounts.withdraw` action
 */
RdxAction *
bank_action_withdraw (const char *account,
                      const char *txn_id,
                      gint64      amount,
                      const char *memo,
                      const char *category,
                      gint64      at)
{
  return movement (BANK_ACCOUNTS_WITHDRAW, account, txn_id, amount, memo, category, at);
}

/**
 * bank_action_request_transfer:
 * @request_id: the transfer's id, unique among transactions and
 *   transfers; it names the transaction once the transfer completes
 * @from: the account it comes from
 * @to: the account it goes to
 * @amount: the amount, in minor units, above zero
 * @memo: (nullable): a description
 * @at: when, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): a `transfers.requested` command
 */
RdxAction *
bank_action_request_transfer (const char *request_id,
                              const char *from,
                              const char *to,
                              gint64      amount,
                              const char *memo,
                              gint64      at)
{
  g_return_val_if_fail (request_id != NULL && from != NULL && to != NULL, NULL);

  return action_new (BANK_TRANSFERS_REQUESTED,
                     rdx_map_new_take ("request_id", rdx_value_new_string (request_id), "from",
                                       rdx_value_new_string (from), "to", rdx_value_new_string (to),
                                       "amount", rdx_value_new_int (amount), "memo",
                                       string_or_null (memo), "at", rdx_value_new_int (at), NULL));
}

/**
 * bank_action_resume_transfer:
 * @request_id: a pending transfer's id
 * @at: when, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): a `transfers.resumed` command
 */
RdxAction *
bank_action_resume_transfer (const char *request_id, gint64 at)
{
  g_return_val_if_fail (request_id != NULL, NULL);

  return action_new (BANK_TRANSFERS_RESUMED,
                     rdx_map_new_take ("request_id", rdx_value_new_string (request_id), "at",
                                       rdx_value_new_int (at), NULL));
}

/**
 * bank_action_complete_transfer:
 * @request_id: a pending transfer's id
 * @confirmation: (nullable): the bank's confirmation, such as "TX-000001"
 * @at: when it settled, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): a `transfers.completed` event
 */
RdxAction *
bank_action_complete_transfer (const char *request_id, const char *confirmation, gint64 at)
{
  g_return_val_if_fail (request_id != NULL, NULL);

  return action_new (BANK_TRANSFERS_COMPLETED,
                     rdx_map_new_take ("request_id", rdx_value_new_string (request_id), "at",
                                       rdx_value_new_int (at), "confirmation",
                                       string_or_null (confirmation), NULL));
}

/**
 * bank_action_fail_transfer:
 * @request_id: a pending transfer's id
 * @reason: why, in a sentence for the person
 * @code: (nullable): what kind of failure, for a program: "unavailable",
 *   "limit", "declined", "invalid", "interrupted"
 * @at: when it failed, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): a `transfers.failed` event
 */
RdxAction *
bank_action_fail_transfer (const char *request_id, const char *reason, const char *code, gint64 at)
{
  g_return_val_if_fail (request_id != NULL && reason != NULL, NULL);

  return action_new (BANK_TRANSFERS_FAILED,
                     rdx_map_new_take ("request_id", rdx_value_new_string (request_id), "at",
                                       rdx_value_new_int (at), "reason",
                                       rdx_value_new_string (reason), "code", string_or_null (code),
                                       NULL));
}

/**
 * bank_action_reverse:
 * @txn_id: the transaction to reverse
 * @reversal_id: the compensating transaction's id, unique among
 *   transactions and transfers
 * @reason: (nullable): why
 * @at: when, in microseconds since the Unix epoch
 *
 * Returns: (transfer full): a `transactions.reversed` event
 */
RdxAction *
bank_action_reverse (const char *txn_id, const char *reversal_id, const char *reason, gint64 at)
{
  g_return_val_if_fail (txn_id != NULL && reversal_id != NULL, NULL);

  return action_new (BANK_TRANSACTIONS_REVERSED,
                     rdx_map_new_take ("txn_id", rdx_value_new_string (txn_id), "reversal_id",
                                       rdx_value_new_string (reversal_id), "reason",
                                       string_or_null (reason), "at", rdx_value_new_int (at),
                                       NULL));
}

/**
 * bank_action_select_account:
 * @id: (nullable): the account to show, or %NULL for none
 *
 * Returns: (transfer full): a `ui.select` action
 */
RdxAction *
bank_action_select_account (const char *id)
{
  return rdx_action_new_take (BANK_UI_SELECT, string_or_null (id));
}

/**
 * bank_action_search:
 * @text: what the selected account's transactions must contain, in their
 *   description or category, whatever the case; "" for all
 *
 * Returns: (transfer full): a `ui.search` action
 */
RdxAction *
bank_action_search (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return rdx_action_new_take (BANK_UI_SEARCH, rdx_value_new_string (text));
}

/**
 * bank_action_filter_category:
 * @category: the only category to show, or "" for all
 *
 * Returns: (transfer full): a `ui.filter-category` action
 */
RdxAction *
bank_action_filter_category (const char *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  return rdx_action_new_take (BANK_UI_FILTER_CATEGORY, rdx_value_new_string (category));
}

/**
 * bank_action_sort:
 * @column: the column to sort the transactions by
 * @descending: whether the largest (or latest) comes first
 *
 * Returns: (transfer full): a `ui.sort` action
 */
RdxAction *
bank_action_sort (BankColumn column, gboolean descending)
{
  return rdx_action_new_take (
    BANK_UI_SORT, rdx_map_new_take ("column", rdx_value_new_string (bank_column_to_string (column)),
                                    "descending", rdx_value_new_bool (descending), NULL));
}

/**
 * bank_action_set_period:
 * @period: the step of the balance chart
 *
 * Returns: (transfer full): a `ui.period` action
 */
RdxAction *
bank_action_set_period (BankPeriod period)
{
  return rdx_action_new_take (BANK_UI_PERIOD,
                              rdx_value_new_string (bank_period_to_string (period)));
}

/**
 * bank_action_set_month:
 * @month: the month the budgets show, "YYYY-MM" (bank_month_of())
 *
 * Returns: (transfer full): a `ui.month` action
 */
RdxAction *
bank_action_set_month (const char *month)
{
  g_return_val_if_fail (month != NULL, NULL);

  return rdx_action_new_take (BANK_UI_MONTH, rdx_value_new_string (month));
}

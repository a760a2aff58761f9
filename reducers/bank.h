/* bank.h: the bank domain for rdx-bank: actions, reducer, selectors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx.h>

#include "bank-csv.h"
#include "bank-demo.h"
#include "bank-money.h"
#include "bank-service.h"
#include "bank-transfer-effect.h"

G_BEGIN_DECLS

/* The events and commands (docs/bank-events.md), journaled. */
#define BANK_ACCOUNTS_OPEN         "accounts.open"
#define BANK_ACCOUNTS_RENAME       "accounts.rename"
#define BANK_ACCOUNTS_CLOSE        "accounts.close"
#define BANK_ACCOUNTS_DEPOSIT      "accounts.deposit"
#define BANK_ACCOUNTS_WITHDRAW     "accounts.withdraw"
#define BANK_TRANSFERS_REQUESTED   "transfers.requested"
#define BANK_TRANSFERS_RESUMED     "transfers.resumed"
#define BANK_TRANSFERS_COMPLETED   "transfers.completed"
#define BANK_TRANSFERS_FAILED      "transfers.failed"
#define BANK_TRANSACTIONS_REVERSED "transactions.reversed"
#define BANK_BUDGETS_SET           "budgets.set"
#define BANK_BUDGETS_REMOVE        "budgets.remove"

/* What the views show: under the transient key "ui", never journaled. */
#define BANK_UI_SELECT          "ui.select"
#define BANK_UI_SEARCH          "ui.search"
#define BANK_UI_FILTER_CATEGORY "ui.filter-category"
#define BANK_UI_SORT            "ui.sort"
#define BANK_UI_PERIOD          "ui.period"
#define BANK_UI_MONTH           "ui.month"

/**
 * BankAccountKind:
 * @BANK_ACCOUNT_CHECKING: a current account ("checking")
 * @BANK_ACCOUNT_SAVINGS: a savings account ("savings")
 * @BANK_ACCOUNT_CREDIT: a credit card or credit line ("credit")
 *
 * The kinds of account, written in payloads and the state as the names
 * in parentheses.
 */
typedef enum
{
  BANK_ACCOUNT_CHECKING,
  BANK_ACCOUNT_SAVINGS,
  BANK_ACCOUNT_CREDIT,
} BankAccountKind;

/**
 * BankColumn:
 * @BANK_COLUMN_DATE: "date", the `at` of the transaction
 * @BANK_COLUMN_DESCRIPTION: "description", its memo
 * @BANK_COLUMN_CATEGORY: "category"
 * @BANK_COLUMN_AMOUNT: "amount"
 * @BANK_COLUMN_BALANCE: "balance", the running balance after it
 *
 * The columns an account's transactions can be sorted by.
 */
typedef enum
{
  BANK_COLUMN_DATE,
  BANK_COLUMN_DESCRIPTION,
  BANK_COLUMN_CATEGORY,
  BANK_COLUMN_AMOUNT,
  BANK_COLUMN_BALANCE,
} BankColumn;

/**
 * BankPeriod:
 * @BANK_PERIOD_DAY: "day"
 * @BANK_PERIOD_WEEK: "week", from Monday
 * @BANK_PERIOD_MONTH: "month"
 *
 * The steps of the balance chart.
 */
typedef enum
{
  BANK_PERIOD_DAY,
  BANK_PERIOD_WEEK,
  BANK_PERIOD_MONTH,
} BankPeriod;

/* clang-format off */
const char *bank_account_kind_to_string   (BankAccountKind kind);
gboolean    bank_account_kind_from_string (const char      *text,
                                           BankAccountKind *kind);
const char *bank_column_to_string         (BankColumn       column);
gboolean    bank_column_from_string       (const char      *text,
                                           BankColumn      *column);
const char *bank_period_to_string         (BankPeriod       period);
gboolean    bank_period_from_string       (const char      *text,
                                           BankPeriod      *period);

/* Accounts and money */
RdxAction *bank_action_open_account   (const char     *id,
                                       const char     *name,
                                       BankAccountKind kind,
                                       const char     *currency,
                                       gint64          limit,
                                       gint64          at);
RdxAction *bank_action_rename_account (const char *id,
                                       const char *name);
RdxAction *bank_action_close_account  (const char *id,
                                       gint64      at);
RdxAction *bank_action_deposit        (const char *account,
                                       const char *txn_id,
                                       gint64      amount,
                                       const char *memo,
                                       const char *category,
                                       gint64      at);
RdxAction *bank_action_withdraw       (const char *account,
                                       const char *txn_id,
                                       gint64      amount,
                                       const char *memo,
                                       const char *category,
                                       gint64      at);
RdxAction *bank_action_request_transfer  (const char *request_id,
                                          const char *from,
                                          const char *to,
                                          gint64      amount,
                                          const char *memo,
                                          gint64      at);
RdxAction *bank_action_resume_transfer   (const char *request_id,
                                          gint64      at);
RdxAction *bank_action_complete_transfer (const char *request_id,
                                          const char *confirmation,
                                          gint64      at);
RdxAction *bank_action_fail_transfer     (const char *request_id,
                                          const char *reason,
                                          const char *code,
                                          gint64      at);
RdxAction *bank_action_reverse           (const char *txn_id,
                                          const char *reversal_id,
                                          const char *reason,
                                          gint64      at);

/* The views (transient) */
RdxAction *bank_action_select_account  (const char *id);
RdxAction *bank_action_search          (const char *text);
RdxAction *bank_action_filter_category (const char *category);
RdxAction *bank_action_sort            (BankColumn  column,
                                        gboolean    descending);
RdxAction *bank_action_set_period      (BankPeriod  period);
RdxAction *bank_action_set_month       (const char *month);

gboolean   bank_action_is_transient    (RdxAction  *action,
                                        gpointer    user_data);
/* clang-format on */

/* The root reducer */

#define BANK_APP_ID "dev.rdx.Bank"

/**
 * BankError:
 * @BANK_ERROR_DUPLICATE_ID: the id of a new account, transaction or
 *   transfer is taken
 * @BANK_ERROR_UNKNOWN_ACCOUNT: there is no account with that id
 * @BANK_ERROR_ACCOUNT_CLOSED: the account is closed
 * @BANK_ERROR_INVALID_CURRENCY: not an ISO 4217 code (three capital
 *   letters)
 * @BANK_ERROR_INSUFFICIENT_FUNDS: beyond the balance plus the limit, less
 *   what pending transfers hold
 * @BANK_ERROR_OVERFLOW: an amount or a balance would not fit in 64 bits
 * @BANK_ERROR_SAME_ACCOUNT: a transfer from an account to itself
 * @BANK_ERROR_CURRENCY_MISMATCH: a transfer between accounts of two
 *   currencies
 * @BANK_ERROR_NOT_PENDING: completing, failing or resuming a transfer
 *   that is not pending (or does not exist)
 * @BANK_ERROR_UNKNOWN_TRANSACTION: reversing a transaction that does not
 *   exist (or a transfer that has not completed)
 * @BANK_ERROR_ALREADY_REVERSED: reversing a transaction twice
 * @BANK_ERROR_REVERSAL_OF_REVERSAL: reversing a reversal
 * @BANK_ERROR_NOT_EMPTY: closing an account that holds money
 * @BANK_ERROR_PENDING_TRANSFERS: closing an account with pending transfers
 * @BANK_ERROR_INVALID: a value the schema cannot check (a month that is
 *   not "YYYY-MM")
 * @BANK_ERROR_UNKNOWN_BUDGET: removing a budget that does not exist
 *
 * The rules the bank's reducer refuses actions by, in the %BANK_ERROR
 * domain; each message starts with the action type and names the rule.
 * A payload that does not fit its schema is an %RDX_SCHEMA_ERROR.
 */
typedef enum
{
  BANK_ERROR_DUPLICATE_ID,
  BANK_ERROR_UNKNOWN_ACCOUNT,
  BANK_ERROR_ACCOUNT_CLOSED,
  BANK_ERROR_INVALID_CURRENCY,
  BANK_ERROR_INSUFFICIENT_FUNDS,
  BANK_ERROR_OVERFLOW,
  BANK_ERROR_SAME_ACCOUNT,
  BANK_ERROR_CURRENCY_MISMATCH,
  BANK_ERROR_NOT_PENDING,
  BANK_ERROR_UNKNOWN_TRANSACTION,
  BANK_ERROR_ALREADY_REVERSED,
  BANK_ERROR_REVERSAL_OF_REVERSAL,
  BANK_ERROR_NOT_EMPTY,
  BANK_ERROR_PENDING_TRANSFERS,
  BANK_ERROR_INVALID,
  BANK_ERROR_UNKNOWN_BUDGET,
} BankError;

#define BANK_ERROR (bank_error_quark ())
GQuark bank_error_quark (void);

/* clang-format off */
RdxReducer        *bank_reducer_new          (void);
RdxJournalOptions *bank_journal_options_new  (void);
gint64             bank_account_get_available (RdxValue *account);

/* Selectors: each a new RdxSelector with its own memo */
RdxSelector *bank_selector_accounts_new       (gboolean    include_closed);
RdxSelector *bank_selector_totals_new         (void);
RdxSelector *bank_selector_transfers_new      (void);
RdxSelector *bank_selector_transactions_new   (void);
RdxSelector *bank_selector_balance_series_new (GTimeZone  *time_zone);
RdxSelector *bank_selector_spending_new       (GTimeZone  *time_zone);
RdxSelector *bank_selector_categories_new     (void);
char        *bank_month_of                    (gint64      at,
                                               GTimeZone  *time_zone);

/* Budgets */
RdxAction   *bank_action_set_budget    (const char  *category,
                                        const char  *currency,
                                        gint64       amount);
RdxAction   *bank_action_remove_budget (const char  *category);
RdxSelector *bank_selector_budgets_new (RdxSelector *spending);
/* clang-format on */

G_END_DECLS

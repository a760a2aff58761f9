/* bank-private.h: what the bank's sources share, and only they
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bank.h"

G_BEGIN_DECLS

/* The books: the four keys of the state that money moves through, changed
 * together by one case and put back into the root by bank_books_finish().
 *
 *   /accounts/<id>  the account: id, name, kind, currency, limit, balance,
 *                   held (by its pending transfers out), incoming (of its
 *                   pending transfers in), closed, opened_at, closed_at
 *   /ledger/<id>    its entries, a list in the order they were booked,
 *                   never changed once appended
 *   /txns/<txn id>  the index: postings [{account, seq}], and the links
 *                   reverses / reversed_by
 *   /transfers/<request id>  every transfer requested, by status */
typedef struct
{
  const char *type; /* the action's, for messages */
  RdxValue   *state;
  RdxValue   *accounts;
  RdxValue   *ledger;
  RdxValue   *txns;
  RdxValue   *transfers;
} BankBooks;

/* One line of a ledger. */
typedef struct
{
  const char *account;
  const char *id;
  const char *kind;   /* "deposit", "withdrawal", "transfer-in", "transfer-out" */
  gint64      amount; /* signed: what it adds to the balance */
  gint64      at;
  const char *memo;        /* nullable, as the rest */
  const char *category;    /* nullable */
  const char *counterpart; /* the other account of a transfer */
  const char *reverses;    /* the transaction a reversal reverses */
  const char *reason;      /* why it was reversed */
} BankPosting;

/* clang-format off */
void      bank_books_init     (BankBooks   *books,
                               RdxValue    *state,
                               const char  *type);
RdxValue *bank_books_finish   (BankBooks   *books);
void      bank_books_clear    (BankBooks   *books);
RdxValue *bank_books_account  (BankBooks   *books,
                               const char  *id,
                               GError     **error);
void      bank_books_set_account_int (BankBooks  *books,
                                      const char *id,
                                      const char *key,
                                      gint64      value);
gboolean  bank_books_check_new_id (BankBooks   *books,
                                   const char  *id,
                                   GError     **error);
gboolean  bank_books_check_credit (BankBooks   *books,
                                   RdxValue    *account,
                                   gint64       amount,
                                   GError     **error);
gboolean  bank_books_check_debit  (BankBooks   *books,
                                   RdxValue    *account,
                                   gint64       amount,
                                   GError     **error);
gint64    bank_books_post     (BankBooks         *books,
                               const BankPosting *posting,
                               GError           **error);
RdxValue *bank_posting_new    (const char  *account,
                               gint64       seq);
void      bank_books_index    (BankBooks   *books,
                               const char  *txn_id,
                               RdxValue    *txn);

gpointer  bank_refuse         (GError     **error,
                               BankError    code,
                               const char  *type,
                               const char  *format,
                               ...) G_GNUC_PRINTF (4, 5);
char     *bank_describe_account (RdxValue  *account);
char     *bank_describe_amount  (gint64     minor,
                                 const char *currency);
void      bank_replace        (RdxValue **slot,
                               RdxValue  *value);
RdxValue *bank_keep_or_take   (RdxValue *state,
                               RdxValue *payload,
                               GError  **error);

/* Selectors' helpers */
typedef void (*BankEntryFunc) (const char *account,
                               RdxValue   *entry,
                               gpointer    user_data);
gboolean  bank_ledger_for_each_new (RdxValue     *old_ledger,
                                    RdxValue     *new_ledger,
                                    BankEntryFunc func,
                                    gpointer      user_data);
void      bank_ledger_for_each     (RdxValue     *ledger,
                                    BankEntryFunc func,
                                    gpointer      user_data);
gboolean  bank_list_for_each_new   (RdxValue     *old_list,
                                    RdxValue     *new_list,
                                    const char   *account,
                                    BankEntryFunc func,
                                    gpointer      user_data);
gint64    bank_saturated_add       (gint64 a,
                                    gint64 b);

/* A month, cached: consecutive entries mostly fall in the same one. */
typedef struct
{
  GTimeZone *time_zone;
  gint64     start; /* µs, inclusive */
  gint64     end;   /* µs, exclusive */
  char       name[8];
} BankMonthCache;

const char *bank_month_cache_lookup (BankMonthCache *cache,
                                     gint64          at);
void        bank_period_bounds      (GTimeZone      *time_zone,
                                     BankPeriod      period,
                                     gint64          at,
                                     gint64         *start,
                                     gint64         *end);
/* clang-format on */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BankBooks, bank_books_clear)

G_END_DECLS

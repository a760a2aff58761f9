/* bank-accounts.c: opening, renaming and closing accounts; deposits and
 * withdrawals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

static RdxValue *
open_account (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  const char *id = rdx_map_get_string (payload, "id", NULL);
  const char *currency = rdx_map_get_string (payload, "currency", NULL);

  bank_books_init (&books, state, BANK_ACCOUNTS_OPEN);
  if (rdx_map_contains (books.accounts, id))
    return bank_refuse (error, BANK_ERROR_DUPLICATE_ID, books.type,
                        "there is an account “%s” already; each account needs an id of its own.",
                        id);
  if (!bank_currency_is_valid (currency))
    return bank_refuse (error, BANK_ERROR_INVALID_CURRENCY, books.type,
                        "“%s” is not a currency code; use the three capital letters of ISO "
                        "4217, such as “EUR”.",
                        currency);

  bank_replace (
    &books.accounts,
    rdx_map_set_take (
      books.accounts, id,
      rdx_map_new_take ("id", rdx_value_new_string (id), "name",
                        rdx_value_ref (rdx_map_get (payload, "name")), "kind",
                        rdx_value_ref (rdx_map_get (payload, "kind")), "currency",
                        rdx_value_new_string (currency), "limit",
                        rdx_value_new_int (rdx_map_get_int (payload, "limit", 0)), "balance",
                        rdx_value_new_int (0), "held", rdx_value_new_int (0), "incoming",
                        rdx_value_new_int (0), "closed", rdx_value_new_bool (FALSE), "opened_at",
                        rdx_value_new_int (rdx_map_get_int (payload, "at", 0)), NULL)));
  bank_replace (&books.ledger, rdx_map_set_take (books.ledger, id, rdx_list_new ()));
  return bank_books_finish (&books);
}

static RdxValue *
rename_account (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  const char *id = rdx_map_get_string (payload, "id", NULL);
  RdxValue   *name = rdx_map_get (payload, "name");
  RdxValue   *account;

  bank_books_init (&books, state, BANK_ACCOUNTS_RENAME);
  account = bank_books_account (&books, id, error);
  if (account == NULL)
    return NULL;
  if (rdx_value_equal (rdx_map_get (account, "name"), name))
    return rdx_value_ref (state);
  bank_replace (&books.accounts,
                rdx_map_set_take (books.accounts, id, rdx_map_set (account, "name", name)));
  return bank_books_finish (&books);
}

static RdxValue *
close_account (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  const char      *id = rdx_map_get_string (payload, "id", NULL);
  g_autofree char *name = NULL;
  g_autofree char *held = NULL;
  g_autoptr (RdxMapBuilder) closed = NULL;
  RdxValue *account;

  bank_books_init (&books, state, BANK_ACCOUNTS_CLOSE);
  account = bank_books_account (&books, id, error);
  if (account == NULL)
    return NULL;
  name = bank_describe_account (account);
  if (rdx_map_get_int (account, "held", 0) != 0 || rdx_map_get_int (account, "incoming", 0) != 0)
    return bank_refuse (error, BANK_ERROR_PENDING_TRANSFERS, books.type,
                        "%s has pending transfers; close it once they have settled.", name);
  if (rdx_map_get_int (account, "balance", 0) != 0)
    {
      held = bank_describe_amount (rdx_map_get_int (account, "balance", 0),
                                   rdx_map_get_string (account, "currency", ""));
      return bank_refuse (error, BANK_ERROR_NOT_EMPTY, books.type,
                          "%s holds %s; an account closes only at a zero balance. Withdraw or "
                          "transfer the money first.",
                          name, held);
    }
  closed = rdx_map_builder_new (account);
  rdx_map_builder_set_take (closed, "closed", rdx_value_new_bool (TRUE));
  rdx_map_builder_set (closed, "closed_at", rdx_map_get (payload, "at"));
  bank_replace (
    &books.accounts,
    rdx_map_set_take (books.accounts, id, rdx_map_builder_end (g_steal_pointer (&closed))));
  return bank_books_finish (&books);
}

/* A deposit or a withdrawal: one posting, indexed under its id. */
static RdxValue *
move_money (RdxValue *state, RdxValue *payload, gboolean deposit, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  BankPosting posting = {
    .account = rdx_map_get_string (payload, "id", NULL),
    .id = rdx_map_get_string (payload, "txn_id", NULL),
    .kind = deposit ? "deposit" : "withdrawal",
    .at = rdx_map_get_int (payload, "at", 0),
    .memo = rdx_map_get_string (payload, "memo", NULL),
    .category = rdx_map_get_string (payload, "category", NULL),
  };
  gint64    amount = rdx_map_get_int (payload, "amount", 0);
  RdxValue *account;
  gint64    seq;

  bank_books_init (&books, state, deposit ? BANK_ACCOUNTS_DEPOSIT : BANK_ACCOUNTS_WITHDRAW);
  account = bank_books_account (&books, posting.account, error);
  if (account == NULL || !bank_books_check_new_id (&books, posting.id, error))
    return NULL;
  if (deposit ? !bank_books_check_credit (&books, account, amount, error)
              : !bank_books_check_debit (&books, account, amount, error))
    return NULL;

  posting.amount = deposit ? amount : -amount;
  seq = bank_books_post (&books, &posting, error);
  if (seq < 0)
    return NULL;
  bank_books_index (
    &books, posting.id,
    rdx_map_new_take ("postings", rdx_list_new_take (bank_posting_new (posting.account, seq), NULL),
                      NULL));
  return bank_books_finish (&books);
}

static RdxValue *
deposit (RdxValue *state, RdxValue *payload, GError **error)
{
  return move_money (state, payload, TRUE, error);
}

static RdxValue *
withdraw (RdxValue *state, RdxValue *payload, GError **error)
{
  return move_money (state, payload, FALSE, error);
}

#define ID   "string 1..64"
#define NAME "string 1..100"
#define MEMO "string ..200"
#define TIME "int >= 0"
#define MOVE                                                        \
  "{id: " ID ", txn_id: " ID ", amount: int > 0, memo?: " MEMO ", " \
  "category?: string 1..40, at: " TIME "}"

const RdxSliceCase bank_account_cases[] = {
  { BANK_ACCOUNTS_OPEN,
    "{id: " ID ", name: " NAME ", kind: 'checking' | 'savings' | 'credit', currency: string 3..3, "
    "limit?: int >= 0, at: " TIME "}",
    open_account },
  { BANK_ACCOUNTS_RENAME, "{id: " ID ", name: " NAME "}", rename_account },
  { BANK_ACCOUNTS_CLOSE, "{id: " ID ", at: " TIME "}", close_account },
  { BANK_ACCOUNTS_DEPOSIT, MOVE, deposit },
  { BANK_ACCOUNTS_WITHDRAW, MOVE, withdraw },
  { NULL },
};

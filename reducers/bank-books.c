/* bank-books.c: what the money cases share: accounts, ledgers, the index
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

/* clang-format off */
G_DEFINE_QUARK (bank-error-quark, bank_error)
/* clang-format on */

static const char *const books_keys[] = { "accounts", "ledger", "txns", "transfers" };

void
bank_books_init (BankBooks *books, RdxValue *state, const char *type)
{
  books->type = type;
  books->state = state;
  books->accounts = rdx_value_ref (rdx_map_get_map (state, "accounts"));
  books->ledger = rdx_value_ref (rdx_map_get_map (state, "ledger"));
  books->txns = rdx_value_ref (rdx_map_get_map (state, "txns"));
  books->transfers = rdx_value_ref (rdx_map_get_map (state, "transfers"));
}

void
bank_books_clear (BankBooks *books)
{
  g_clear_pointer (&books->accounts, rdx_value_unref);
  g_clear_pointer (&books->ledger, rdx_value_unref);
  g_clear_pointer (&books->txns, rdx_value_unref);
  g_clear_pointer (&books->transfers, rdx_value_unref);
}

/* Returns the state with the books' changes (transfer full), and clears
 * them. */
RdxValue *
bank_books_finish (BankBooks *books)
{
  RdxValue *values[] = { books->accounts, books->ledger, books->txns, books->transfers };
  g_autoptr (RdxMapBuilder) builder = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (values); i++)
    if (values[i] != rdx_map_get (books->state, books_keys[i]))
      {
        if (builder == NULL)
          builder = rdx_map_builder_new (books->state);
        rdx_map_builder_set (builder, books_keys[i], values[i]);
      }
  bank_books_clear (books);
  return builder != NULL ? rdx_map_builder_end (g_steal_pointer (&builder))
                         : rdx_value_ref (books->state);
}

gpointer
bank_refuse (GError **error, BankError code, const char *type, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BANK_ERROR, code, "%s: %s", type, message);
  return NULL;
}

/* "“Checking” (acc-1)" */
char *
bank_describe_account (RdxValue *account)
{
  return g_strdup_printf ("“%s” (%s)", rdx_map_get_string (account, "name", ""),
                          rdx_map_get_string (account, "id", ""));
}

/* "1234.56 EUR": the same in every locale, as a reducer's messages must
 * be. */
char *
bank_describe_amount (gint64 minor, const char *currency)
{
  g_autofree char *number = bank_format_decimal (minor, bank_currency_get_digits (currency));

  return g_strdup_printf ("%s %s", number, currency);
}

/* Puts @value (transfer full) in place of the value at @slot, if any. */
void
bank_replace (RdxValue **slot, RdxValue *value)
{
  g_clear_pointer (slot, rdx_value_unref);
  *slot = value;
}

/* A case that sets a value, and keeps the state when it is the same. */
RdxValue *
bank_keep_or_take (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_value_ref (rdx_value_equal (state, payload) ? state : payload);
}

/* The open account @id, or NULL with @error set. */
RdxValue *
bank_books_account (BankBooks *books, const char *id, GError **error)
{
  RdxValue        *account = rdx_map_get (books->accounts, id);
  g_autofree char *name = NULL;

  if (account == NULL)
    return bank_refuse (error, BANK_ERROR_UNKNOWN_ACCOUNT, books->type, "there is no account “%s”.",
                        id);
  if (rdx_map_get_bool (account, "closed", FALSE))
    {
      name = bank_describe_account (account);
      return bank_refuse (error, BANK_ERROR_ACCOUNT_CLOSED, books->type,
                          "the account %s is closed; nothing can be booked on it.", name);
    }
  return account;
}

void
bank_books_set_account_int (BankBooks *books, const char *id, const char *key, gint64 value)
{
  RdxValue *account = rdx_map_get (books->accounts, id);

  bank_replace (&books->accounts,
                rdx_map_set_take (books->accounts, id,
                                  rdx_map_set_take (account, key, rdx_value_new_int (value))));
}

/* Transactions and transfers share one space of ids, so that a transfer's
 * request id names its transaction once it completes. */
gboolean
bank_books_check_new_id (BankBooks *books, const char *id, GError **error)
{
  if (!rdx_map_contains (books->txns, id) && !rdx_map_contains (books->transfers, id))
    return TRUE;
  bank_refuse (error, BANK_ERROR_DUPLICATE_ID, books->type,
               "the id “%s” is taken by another transaction or transfer; each needs an id of "
               "its own.",
               id);
  return FALSE;
}

/* Whether @account can receive @amount: its balance and what its pending
 * transfers will bring must stay within 64 bits. */
gboolean
bank_books_check_credit (BankBooks *books, RdxValue *account, gint64 amount, GError **error)
{
  gint64           total;
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;

  if (!__builtin_add_overflow (rdx_map_get_int (account, "balance", 0),
                               rdx_map_get_int (account, "incoming", 0), &total) &&
      !__builtin_add_overflow (total, amount, &total))
    return TRUE;
  name = bank_describe_account (account);
  what = bank_describe_amount (amount, rdx_map_get_string (account, "currency", ""));
  bank_refuse (error, BANK_ERROR_OVERFLOW, books->type,
               "%s would take the balance of %s beyond the largest amount an account can hold.",
               what, name);
  return FALSE;
}

/**
 * bank_account_get_available:
 * @account: an account, as in the state at `/accounts/<id>`
 *
 * What the account can give: its balance, plus its limit (an overdraft
 * or a credit line), less what its pending transfers hold. Beyond 64
 * bits, the largest or smallest 64-bit number.
 *
 * Returns: the available amount, in minor units
 */
gint64
bank_account_get_available (RdxValue *account)
{
  __int128 available = (__int128) rdx_map_get_int (account, "balance", 0) +
                       rdx_map_get_int (account, "limit", 0) - rdx_map_get_int (account, "held", 0);

  return available > G_MAXINT64 ? G_MAXINT64 : available < G_MININT64 ? G_MININT64 : available;
}

/* Whether @account can give @amount. */
gboolean
bank_books_check_debit (BankBooks *books, RdxValue *account, gint64 amount, GError **error)
{
  const char      *currency = rdx_map_get_string (account, "currency", "");
  g_autofree char *name = NULL;
  g_autofree char *available = NULL, *balance = NULL, *limit = NULL, *held = NULL, *what = NULL;

  if (bank_account_get_available (account) >= amount)
    return TRUE;
  name = bank_describe_account (account);
  available = bank_describe_amount (bank_account_get_available (account), currency);
  balance = bank_describe_amount (rdx_map_get_int (account, "balance", 0), currency);
  limit = bank_describe_amount (rdx_map_get_int (account, "limit", 0), currency);
  held = bank_describe_amount (rdx_map_get_int (account, "held", 0), currency);
  what = bank_describe_amount (amount, currency);
  bank_refuse (error, BANK_ERROR_INSUFFICIENT_FUNDS, books->type,
               "insufficient funds: %s has %s available (balance %s, limit %s, %s held by "
               "pending transfers), less than %s.",
               name, available, balance, limit, held, what);
  return FALSE;
}

static void
set_string (RdxMapBuilder *entry, const char *key, const char *value)
{
  if (value != NULL)
    rdx_map_builder_set_take (entry, key, rdx_value_new_string (value));
}

/* Books @posting on its account (which must exist): appends its entry to
 * the ledger and moves the balance. Returns the entry's position in the
 * ledger, or -1 with @error set when the balance would overflow. */
gint64
bank_books_post (BankBooks *books, const BankPosting *posting, GError **error)
{
  RdxValue *account = rdx_map_get (books->accounts, posting->account);
  RdxValue *entries = rdx_map_get_list (books->ledger, posting->account);
  gint64    seq = rdx_list_length (entries), balance;
  g_autoptr (RdxMapBuilder) entry = NULL;
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;

  if (__builtin_add_overflow (rdx_map_get_int (account, "balance", 0), posting->amount, &balance))
    {
      name = bank_describe_account (account);
      what = bank_describe_amount (posting->amount, rdx_map_get_string (account, "currency", ""));
      bank_refuse (error, BANK_ERROR_OVERFLOW, books->type,
                   "booking %s on %s would take its balance beyond what 64 bits can hold.", what,
                   name);
      return -1;
    }

  entry = rdx_map_builder_new (NULL);
  rdx_map_builder_set_take (entry, "id", rdx_value_new_string (posting->id));
  rdx_map_builder_set_take (entry, "seq", rdx_value_new_int (seq));
  rdx_map_builder_set_take (entry, "at", rdx_value_new_int (posting->at));
  rdx_map_builder_set_take (entry, "kind", rdx_value_new_string (posting->kind));
  rdx_map_builder_set_take (entry, "amount", rdx_value_new_int (posting->amount));
  rdx_map_builder_set_take (entry, "balance", rdx_value_new_int (balance));
  set_string (entry, "memo", posting->memo);
  set_string (entry, "category", posting->category);
  set_string (entry, "counterpart", posting->counterpart);
  set_string (entry, "reverses", posting->reverses);
  set_string (entry, "reason", posting->reason);

  bank_replace (&books->ledger,
                rdx_map_set_take (
                  books->ledger, posting->account,
                  rdx_list_append_take (entries, rdx_map_builder_end (g_steal_pointer (&entry)))));
  bank_books_set_account_int (books, posting->account, "balance", balance);
  return seq;
}

/* Where a posting is: {"account", "seq"}, for the index. */
RdxValue *
bank_posting_new (const char *account, gint64 seq)
{
  return rdx_map_new_take ("account", rdx_value_new_string (account), "seq",
                           rdx_value_new_int (seq), NULL);
}

/* Indexes a transaction under its id; takes @txn. */
void
bank_books_index (BankBooks *books, const char *txn_id, RdxValue *txn)
{
  bank_replace (&books->txns, rdx_map_set_take (books->txns, txn_id, txn));
}

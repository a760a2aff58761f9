/* bank-transfers.c: transfers between accounts, from request to settled
 *
 * `transfers.requested` is a command: it holds the amount on the account
 * it comes from (and reserves room on the one it goes to) while the bank
 * service works on it; `transfers.completed` and `transfers.failed` are the
 * events that settle it (bank-transfer-effect.c dispatches them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

static void
put_transfer (BankBooks *books, const char *request_id, RdxValue *transfer)
{
  bank_replace (&books->transfers, rdx_map_set_take (books->transfers, request_id, transfer));
}

/* Adds @delta to @key of account @id, refusing an overflow. */
static gboolean
add_to_account (BankBooks *books, const char *id, const char *key, gint64 delta, GError **error)
{
  RdxValue        *account = rdx_map_get (books->accounts, id);
  gint64           value;
  g_autofree char *name = NULL;

  if (__builtin_add_overflow (rdx_map_get_int (account, key, 0), delta, &value))
    {
      name = bank_describe_account (account);
      bank_refuse (error, BANK_ERROR_OVERFLOW, books->type,
                   "the amounts %s holds for transfers would go beyond what 64 bits can hold.",
                   name);
      return FALSE;
    }
  bank_books_set_account_int (books, id, key, value);
  return TRUE;
}

static RdxValue *
request (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  const char *request_id = rdx_map_get_string (payload, "request_id", NULL);
  const char *from = rdx_map_get_string (payload, "from", NULL);
  const char *to = rdx_map_get_string (payload, "to", NULL);
  gint64      amount = rdx_map_get_int (payload, "amount", 0);
  RdxValue   *memo = rdx_map_get (payload, "memo");
  g_autoptr (RdxValue) transfer = NULL;
  RdxValue        *source, *target;
  g_autofree char *source_name = NULL;
  g_autofree char *target_name = NULL;

  bank_books_init (&books, state, BANK_TRANSFERS_REQUESTED);
  if (!bank_books_check_new_id (&books, request_id, error))
    return NULL;
  if (strcmp (from, to) == 0)
    return bank_refuse (error, BANK_ERROR_SAME_ACCOUNT, books.type,
                        "a transfer goes between two accounts, and “%s” is both.", from);
  source = bank_books_account (&books, from, error);
  target = source != NULL ? bank_books_account (&books, to, error) : NULL;
  if (target == NULL)
    return NULL;
  if (g_strcmp0 (rdx_map_get_string (source, "currency", NULL),
                 rdx_map_get_string (target, "currency", NULL)) != 0)
    {
      source_name = bank_describe_account (source);
      target_name = bank_describe_account (target);
      return bank_refuse (error, BANK_ERROR_CURRENCY_MISMATCH, books.type,
                          "%s is in %s and %s in %s; transfers between currencies are not "
                          "supported.",
                          source_name, rdx_map_get_string (source, "currency", ""), target_name,
                          rdx_map_get_string (target, "currency", ""));
    }
  if (!bank_books_check_debit (&books, source, amount, error) ||
      !bank_books_check_credit (&books, target, amount, error) ||
      !add_to_account (&books, from, "held", amount, error) ||
      !add_to_account (&books, to, "incoming", amount, error))
    return NULL;

  transfer = rdx_map_new_take (
    "request_id", rdx_value_new_string (request_id), "from", rdx_value_new_string (from), "to",
    rdx_value_new_string (to), "amount", rdx_value_new_int (amount), "currency",
    rdx_value_ref (rdx_map_get (source, "currency")), "status", rdx_value_new_string ("pending"),
    "requested_at", rdx_value_new_int (rdx_map_get_int (payload, "at", 0)), NULL);
  if (memo != NULL)
    bank_replace (&transfer, rdx_map_set (transfer, "memo", memo));
  put_transfer (&books, request_id, g_steal_pointer (&transfer));
  return bank_books_finish (&books);
}

/* The pending transfer a settling event names, or NULL with @error set. */
static RdxValue *
pending_transfer (BankBooks *books, RdxValue *payload, GError **error)
{
  const char *request_id = rdx_map_get_string (payload, "request_id", NULL);
  RdxValue   *transfer = rdx_map_get (books->transfers, request_id);
  const char *status = rdx_map_get_string (transfer, "status", "");

  if (transfer == NULL)
    return bank_refuse (error, BANK_ERROR_NOT_PENDING, books->type,
                        "there is no transfer “%s”; only a pending transfer can settle.",
                        request_id);
  if (strcmp (status, "pending") != 0)
    return bank_refuse (error, BANK_ERROR_NOT_PENDING, books->type,
                        "the transfer “%s” is not pending: it %s already.", request_id, status);
  return transfer;
}

/* Releases what a pending transfer holds on its two accounts. */
static void
release (BankBooks *books, RdxValue *transfer)
{
  const char *from = rdx_map_get_string (transfer, "from", "");
  const char *to = rdx_map_get_string (transfer, "to", "");
  gint64      amount = rdx_map_get_int (transfer, "amount", 0);

  bank_books_set_account_int (
    books, from, "held", rdx_map_get_int (rdx_map_get (books->accounts, from), "held", 0) - amount);
  bank_books_set_account_int (books, to, "incoming",
                              rdx_map_get_int (rdx_map_get (books->accounts, to), "incoming", 0) -
                                amount);
}

static RdxValue *
complete (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  RdxValue   *transfer;
  BankPosting out = { 0 }, in = { 0 };
  gint64      out_seq, in_seq;
  RdxValue   *confirmation = rdx_map_get (payload, "confirmation");
  g_autoptr (RdxMapBuilder) settled = NULL;

  bank_books_init (&books, state, BANK_TRANSFERS_COMPLETED);
  transfer = pending_transfer (&books, payload, error);
  if (transfer == NULL)
    return NULL;
  release (&books, transfer);

  out.account = in.counterpart = rdx_map_get_string (transfer, "from", "");
  in.account = out.counterpart = rdx_map_get_string (transfer, "to", "");
  out.id = in.id = rdx_map_get_string (transfer, "request_id", "");
  out.kind = "transfer-out";
  in.kind = "transfer-in";
  in.amount = rdx_map_get_int (transfer, "amount", 0);
  out.amount = -in.amount;
  out.at = in.at = rdx_map_get_int (payload, "at", 0);
  out.memo = in.memo = rdx_map_get_string (transfer, "memo", NULL);
  out_seq = bank_books_post (&books, &out, error);
  in_seq = out_seq >= 0 ? bank_books_post (&books, &in, error) : -1;
  if (in_seq < 0)
    return NULL;
  bank_books_index (
    &books, out.id,
    rdx_map_new_take ("postings",
                      rdx_list_new_take (bank_posting_new (out.account, out_seq),
                                         bank_posting_new (in.account, in_seq), NULL),
                      NULL));

  settled = rdx_map_builder_new (transfer);
  rdx_map_builder_set_take (settled, "status", rdx_value_new_string ("completed"));
  rdx_map_builder_set_take (settled, "settled_at", rdx_value_new_int (out.at));
  if (confirmation != NULL)
    rdx_map_builder_set (settled, "confirmation", confirmation);
  put_transfer (&books, out.id, rdx_map_builder_end (g_steal_pointer (&settled)));
  return bank_books_finish (&books);
}

static RdxValue *
fail (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  g_autoptr (RdxMapBuilder) failed = NULL;
  RdxValue *transfer;
  RdxValue *code = rdx_map_get (payload, "code");

  bank_books_init (&books, state, BANK_TRANSFERS_FAILED);
  transfer = pending_transfer (&books, payload, error);
  if (transfer == NULL)
    return NULL;
  release (&books, transfer);

  failed = rdx_map_builder_new (transfer);
  rdx_map_builder_set_take (failed, "status", rdx_value_new_string ("failed"));
  rdx_map_builder_set_take (failed, "settled_at",
                            rdx_value_new_int (rdx_map_get_int (payload, "at", 0)));
  rdx_map_builder_set (failed, "reason", rdx_map_get (payload, "reason"));
  if (code != NULL)
    rdx_map_builder_set (failed, "code", code);
  put_transfer (&books, rdx_map_get_string (transfer, "request_id", ""),
                rdx_map_builder_end (g_steal_pointer (&failed)));
  return bank_books_finish (&books);
}

/* After a restart, the application asks the bank again for a transfer it
 * never heard back about (bank-transfer-effect.c): the transfer stays
 * pending, and records when it was resumed. */
static RdxValue *
resume (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  RdxValue *transfer;

  bank_books_init (&books, state, BANK_TRANSFERS_RESUMED);
  transfer = pending_transfer (&books, payload, error);
  if (transfer == NULL)
    return NULL;
  put_transfer (&books, rdx_map_get_string (transfer, "request_id", ""),
                rdx_map_set_take (transfer, "resumed_at",
                                  rdx_value_new_int (rdx_map_get_int (payload, "at", 0))));
  return bank_books_finish (&books);
}

#define ID   "string 1..64"
#define TIME "int >= 0"

const RdxSliceCase bank_transfer_cases[] = {
  { BANK_TRANSFERS_REQUESTED,
    "{request_id: " ID ", from: " ID ", to: " ID ", amount: int > 0, memo?: string ..200, "
    "at: " TIME "}",
    request },
  { BANK_TRANSFERS_RESUMED, "{request_id: " ID ", at: " TIME "}", resume },
  { BANK_TRANSFERS_COMPLETED, "{request_id: " ID ", at: " TIME ", confirmation?: string ..64}",
    complete },
  { BANK_TRANSFERS_FAILED,
    "{request_id: " ID ", at: " TIME ", reason: string 1..500, code?: string 1..40}", fail },
  { NULL },
};

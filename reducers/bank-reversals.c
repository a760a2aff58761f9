/* bank-reversals.c: reversing a transaction with a compensating entry
 *
 * Nothing is deleted: a reversal books, on each account the transaction
 * touched, the opposite amount, with `reverses` naming the transaction;
 * the index links the two both ways (`reverses`, `reversed_by`).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

/* The transaction @txn_id may be reversed: it exists, is no reversal and
 * was not reversed. Returns it, or NULL with @error set. */
static RdxValue *
reversible (BankBooks *books, const char *txn_id, GError **error)
{
  RdxValue *txn = rdx_map_get (books->txns, txn_id);

  if (txn == NULL && rdx_map_contains (books->transfers, txn_id))
    return bank_refuse (error, BANK_ERROR_UNKNOWN_TRANSACTION, books->type,
                        "“%s” is a transfer that has not completed; only booked transactions "
                        "can be reversed.",
                        txn_id);
  if (txn == NULL)
    return bank_refuse (error, BANK_ERROR_UNKNOWN_TRANSACTION, books->type,
                        "there is no transaction “%s”.", txn_id);
  if (rdx_map_contains (txn, "reverses"))
    return bank_refuse (error, BANK_ERROR_REVERSAL_OF_REVERSAL, books->type,
                        "“%s” is itself the reversal of “%s”; a reversal cannot be reversed.",
                        txn_id, rdx_map_get_string (txn, "reverses", ""));
  if (rdx_map_contains (txn, "reversed_by"))
    return bank_refuse (error, BANK_ERROR_ALREADY_REVERSED, books->type,
                        "“%s” was reversed already, by “%s”.", txn_id,
                        rdx_map_get_string (txn, "reversed_by", ""));
  return txn;
}

static RdxValue *
reverse (RdxValue *state, RdxValue *payload, GError **error)
{
  g_auto (BankBooks) books = { 0 };
  const char *txn_id = rdx_map_get_string (payload, "txn_id", NULL);
  const char *reversal_id = rdx_map_get_string (payload, "reversal_id", NULL);
  RdxValue   *reason = rdx_map_get (payload, "reason");
  g_autoptr (RdxListBuilder) postings = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) reversal = NULL;
  RdxValue   *txn, *posting;
  RdxListIter iter;

  bank_books_init (&books, state, BANK_TRANSACTIONS_REVERSED);
  txn = reversible (&books, txn_id, error);
  if (txn == NULL || !bank_books_check_new_id (&books, reversal_id, error))
    return NULL;

  rdx_list_iter_init (&iter, rdx_map_get_list (txn, "postings"));
  while (rdx_list_iter_next (&iter, &posting))
    {
      const char *account_id = rdx_map_get_string (posting, "account", "");
      RdxValue   *entry = rdx_list_get (rdx_map_get_list (books.ledger, account_id),
                                        (guint) rdx_map_get_int (posting, "seq", 0));
      RdxValue   *account = bank_books_account (&books, account_id, error);
      BankPosting back = {
        .account = account_id,
        .id = reversal_id,
        .kind = rdx_map_get_string (entry, "kind", ""),
        .amount = -rdx_map_get_int (entry, "amount", 0),
        .at = rdx_map_get_int (payload, "at", 0),
        .memo = rdx_map_get_string (entry, "memo", NULL),
        .category = rdx_map_get_string (entry, "category", NULL),
        .counterpart = rdx_map_get_string (entry, "counterpart", NULL),
        .reverses = txn_id,
        .reason = reason != NULL ? rdx_value_get_string (reason) : NULL,
      };
      gint64 seq;

      /* A reversal corrects the books: it may take an account below its
       * limit, but never beyond 64 bits. */
      if (account == NULL ||
          (back.amount > 0 && !bank_books_check_credit (&books, account, back.amount, error)))
        return NULL;
      seq = bank_books_post (&books, &back, error);
      if (seq < 0)
        return NULL;
      rdx_list_builder_append_take (postings, bank_posting_new (account_id, seq));
    }

  reversal = rdx_map_new_take ("postings", rdx_list_builder_end (g_steal_pointer (&postings)),
                               "reverses", rdx_value_new_string (txn_id), NULL);
  if (reason != NULL)
    bank_replace (&reversal, rdx_map_set (reversal, "reason", reason));
  bank_books_index (&books, reversal_id, g_steal_pointer (&reversal));
  bank_books_index (&books, txn_id,
                    rdx_map_set_take (txn, "reversed_by", rdx_value_new_string (reversal_id)));
  return bank_books_finish (&books);
}

const RdxSliceCase bank_reversal_cases[] = {
  { BANK_TRANSACTIONS_REVERSED,
    "{txn_id: string 1..64, reversal_id: string 1..64, reason?: string ..200, at: int >= 0}",
    reverse },
  { NULL },
};

/* bank-tiny.c: the tiny bank, a small reducer set rdx-replay replays
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-tiny.h"

/* The tiny bank: {"accounts": {"<id>": {"id": "<id>", "balance": cents}}}.
 *   bank.open {"id"}, bank.deposit {"id", "amount"},
 *   bank.withdraw {"id", "amount"} (refused beyond the balance),
 *   bank.transfer {"from", "to", "amount"} (refused beyond the balance) */

static gboolean
bank_args (RdxAction   *action,
           const char  *first_key,
           const char **first,
           const char **second,
           gint64      *amount,
           GError     **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *a = rdx_value_is_map (payload) ? rdx_map_get (payload, first_key) : NULL;
  RdxValue *b = rdx_value_is_map (payload) && second != NULL ? rdx_map_get (payload, "to") : NULL;
  RdxValue *n = rdx_value_is_map (payload) ? rdx_map_get (payload, "amount") : NULL;

  if (a == NULL || !rdx_value_is_string (a) ||
      (second != NULL && (b == NULL || !rdx_value_is_string (b))) ||
      (amount != NULL && (n == NULL || !rdx_value_is_int (n) || rdx_value_get_int (n) <= 0)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "\"%s\" needs %s%s%s.",
                   rdx_action_get_type_name (action),
                   second != NULL ? "\"from\" and \"to\" account ids" : "an account \"id\"",
                   amount != NULL ? " and a positive integer " : "",
                   amount != NULL ? "\"amount\" in cents" : "");
      return FALSE;
    }
  *first = rdx_value_get_string (a);
  if (second != NULL)
    *second = rdx_value_get_string (b);
  if (amount != NULL)
    *amount = rdx_value_get_int (n);
  return TRUE;
}

static RdxValue *
bank_account (RdxValue *accounts, const char *id, RdxAction *action, GError **error)
{
  RdxValue *account = rdx_map_get (accounts, id);

  if (account == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "\"%s\": there is no account \"%s\".",
                 rdx_action_get_type_name (action), id);
  return account;
}

/* Returns @accounts with @delta added to @id's balance, or NULL with @error
 * set when the balance would go below zero, or past the most cents a
 * 64-bit integer holds (money never wraps around). */
static RdxValue *
bank_add (RdxValue *accounts, const char *id, gint64 delta, RdxAction *action, GError **error)
{
  RdxValue *account = bank_account (accounts, id, action, error);
  gint64    balance, sum;

  if (account == NULL)
    return NULL;
  balance = rdx_value_get_int (rdx_map_get (account, "balance"));
  if (__builtin_add_overflow (balance, delta, &sum))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "\"%s\": account \"%s\" holds %" G_GINT64_FORMAT " cents; %" G_GINT64_FORMAT
                   " more is past the largest balance (%" G_GINT64_FORMAT " cents).",
                   rdx_action_get_type_name (action), id, balance, delta, G_MAXINT64);
      return NULL;
    }
  if (sum < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "\"%s\": account \"%s\" holds %" G_GINT64_FORMAT
                   " cents, less than %" G_GINT64_FORMAT ".",
                   rdx_action_get_type_name (action), id, balance, -delta);
      return NULL;
    }
  return rdx_map_set_take (accounts, id,
                           rdx_map_set_take (account, "balance", rdx_value_new_int (sum)));
}

static RdxValue *
bank_accounts_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  const char *id = NULL;
  const char *to = NULL;
  gint64      amount = 0;

  if (state == NULL)
    return rdx_map_new ();

  if (rdx_action_is (action, "bank.open"))
    {
      if (!bank_args (action, "id", &id, NULL, NULL, error))
        return NULL;
      if (rdx_map_contains (state, id))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "\"bank.open\": account \"%s\" exists.", id);
          return NULL;
        }
      return rdx_map_set_take (
        state, id,
        rdx_map_new_take ("id", rdx_value_new_string (id), "balance", rdx_value_new_int (0), NULL));
    }
  if (rdx_action_is (action, "bank.deposit"))
    return bank_args (action, "id", &id, NULL, &amount, error)
             ? bank_add (state, id, amount, action, error)
             : NULL;
  if (rdx_action_is (action, "bank.withdraw"))
    return bank_args (action, "id", &id, NULL, &amount, error)
             ? bank_add (state, id, -amount, action, error)
             : NULL;
  if (rdx_action_is (action, "bank.transfer"))
    {
      g_autoptr (RdxValue) half = NULL;

      if (!bank_args (action, "from", &id, &to, &amount, error))
        return NULL;
      if (bank_account (state, to, action, error) == NULL)
        return NULL;
      half = bank_add (state, id, -amount, action, error);
      return half != NULL ? bank_add (half, to, amount, action, error) : NULL;
    }
  return rdx_value_ref (state);
}

/**
 * bank_tiny_reducer_new:
 *
 * Returns: (transfer full): the tiny bank's root reducer
 */
RdxReducer *
bank_tiny_reducer_new (void)
{
  g_autoptr (RdxReducer) accounts = rdx_reducer_new (bank_accounts_reduce, NULL, NULL);

  return rdx_combine_reducers ("accounts", accounts, NULL);
}

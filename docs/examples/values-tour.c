/* values-tour.c: the examples of docs/values.md, run by the tests; each
 * one checks what the page says it does.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <rdx.h>

#define BANK_ERROR (bank_error_quark ())

typedef enum
{
  BANK_ERROR_NO_ACCOUNT,
  BANK_ERROR_BAD_PAYLOAD,
} BankError;

static GQuark
bank_error_quark (void)
{
  return g_quark_from_static_string ("values-tour-bank-error");
}

/* The keys the key-value transfer uses, made once. */
typedef struct
{
  RdxValue *from;
  RdxValue *to;
  RdxValue *amount;
  RdxValue *balance;
} Keys;

static RdxValue *
make_account (const char *id)
{
  return rdx_map_new_take ("id", rdx_value_new_string (id), "balance", rdx_value_new_int (1000),
                           NULL);
}

static void
check (gboolean ok, const char *what)
{
  if (!ok)
    g_error ("values-tour: %s", what);
}

static gint64
balance_of (RdxValue *accounts, const char *id)
{
  return rdx_map_get_int (rdx_map_get (accounts, id), "balance", -1);
}

static RdxValue *
deposit (RdxValue *accounts, const char *id, gint64 cents, GError **error)
{
  RdxValue *account = rdx_map_get (accounts, id); /* borrowed, or NULL */
  g_autoptr (RdxValue) updated = NULL;

  if (!rdx_value_is_map (account))
    {
      g_set_error (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT, "No account \"%s\"", id);
      return NULL;
    }
  updated = rdx_map_set_take (account, "balance",
                              rdx_value_new_int (rdx_map_get_int (account, "balance", 0) + cents));
  return rdx_map_set (accounts, id, updated); /* a new map; `accounts` is unchanged */
}

static RdxValue *
add_to_account (RdxValue *account, gpointer user_data, GError **error)
{
  if (account == NULL)
    {
      g_set_error_literal (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT, "No such account");
      return NULL; /* refused: nothing changes */
    }
  return rdx_map_set_take (
    account, "balance",
    rdx_value_new_int (rdx_map_get_int (account, "balance", 0) + *(gint64 *) user_data));
}

static RdxValue *
deposit_once (RdxValue *accounts, const char *id, gint64 cents, GError **error)
{
  return rdx_map_update (accounts, id, add_to_account, &cents, error);
}

static RdxValue *
make_accounts (const char *const *ids, guint n)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);

  for (guint i = 0; i < n; i++)
    rdx_map_builder_set_take (builder, ids[i], make_account (ids[i]));
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

static RdxValue *
add_cents (RdxValue *account, gpointer user_data) /* takes @account */
{
  gint64 balance = rdx_value_get_int (rdx_map_get (account, "balance"));

  return rdx_map_set_owned (account, "balance",
                            rdx_value_new_int (balance + *(gint64 *) user_data));
}

static gboolean
transfer (RdxValue **accounts, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue   *payload = rdx_action_get_payload (action);
  const char *from = rdx_map_get_string (payload, "from", "");
  const char *to = rdx_map_get_string (payload, "to", "");
  gint64      credit = rdx_map_get_int (payload, "amount", 0), debit = -credit;

  /* Check first: a refusal must leave *accounts as it was. */
  if (!rdx_map_contains (*accounts, from) || !rdx_map_contains (*accounts, to))
    {
      g_set_error (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT, "No account \"%s\"",
                   rdx_map_contains (*accounts, from) ? to : from);
      return FALSE;
    }
  *accounts = rdx_map_update_owned (*accounts, from, add_cents, &debit);
  *accounts = rdx_map_update_owned (*accounts, to, add_cents, &credit);
  return TRUE;
}

typedef struct
{
  gint64    cents;
  RdxValue *balance_key;
  gboolean  found;
} AddCents;

static RdxValue *
add_to_balance (RdxValue *balance, gpointer user_data) /* takes @balance */
{
  gint64 cents = rdx_value_get_int (balance) + *(gint64 *) user_data;

  rdx_value_unref (balance);
  return rdx_value_new_int (cents);
}

static RdxValue *
add_cents_if_there (RdxValue *account, gpointer user_data) /* takes @account, or NULL */
{
  AddCents *add = user_data;

  add->found = account != NULL;
  if (account == NULL)
    return NULL; /* no such account: left out */
  return rdx_map_update_owned_key (account, add->balance_key, add_to_balance, &add->cents);
}

static gboolean
transfer_by_keys (RdxValue **accounts, RdxAction *action, gpointer user_data, GError **error)
{
  Keys     *keys = user_data; /* "from", "to", ... made once */
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *from = NULL, *to = NULL, *amount = NULL;
  AddCents  debit = { 0, keys->balance }, credit = { 0, keys->balance };

  if (rdx_value_is_map (payload))
    {
      from = rdx_map_get_key (payload, keys->from);
      to = rdx_map_get_key (payload, keys->to);
      amount = rdx_map_get_key (payload, keys->amount);
    }
  if (!rdx_value_is_string (from) || !rdx_value_is_string (to) || !rdx_value_is_int (amount))
    {
      g_set_error_literal (error, BANK_ERROR, BANK_ERROR_BAD_PAYLOAD,
                           "A transfer needs \"from\" and \"to\" ids and an integer \"amount\"");
      return FALSE;
    }
  credit.cents = rdx_value_get_int (amount);
  debit.cents = -credit.cents;

  /* "to" is looked for, and "from" is updated only if it is there: a
   * refusal changes nothing. */
  if (rdx_map_get_key (*accounts, to) == NULL)
    {
      g_set_error (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT, "No account \"%s\"",
                   rdx_value_get_string (to));
      return FALSE;
    }
  *accounts = rdx_map_update_owned_key (*accounts, from, add_cents_if_there, &debit);
  if (!debit.found)
    {
      g_set_error (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT, "No account \"%s\"",
                   rdx_value_get_string (from));
      return FALSE; /* *accounts is as it was */
    }
  *accounts = rdx_map_update_owned_key (*accounts, to, add_cents_if_there, &credit);
  return TRUE;
}

static RdxAction *
transfer_action (const char *from, const char *to, gint64 amount)
{
  return rdx_action_new_take ("accounts/transfer",
                              rdx_map_new_take ("from", rdx_value_new_string (from), "to",
                                                rdx_value_new_string (to), "amount",
                                                rdx_value_new_int (amount), NULL));
}

int
main (void)
{
  static const char *const ids[] = { "acc-1", "acc-2", "acc-3" };
  g_autoptr (GError) error = NULL;
  RdxValue *accounts, *after;

  setlocale (LC_ALL, "");

  /* The builder: three accounts of 1000. */
  accounts = make_accounts (ids, G_N_ELEMENTS (ids));
  check (rdx_map_size (accounts) == 3 && balance_of (accounts, "acc-2") == 1000, "make_accounts");

  /* deposit (): a new map, the old one unchanged; a missing account refused. */
  after = deposit (accounts, "acc-1", 250, &error);
  check (after != NULL && balance_of (after, "acc-1") == 1250, "deposit");
  check (balance_of (accounts, "acc-1") == 1000, "deposit left the old map");
  check (rdx_map_get (after, "acc-2") == rdx_map_get (accounts, "acc-2"),
         "deposit shares the rest");
  rdx_value_unref (after);
  check (deposit (accounts, "acc-9", 1, &error) == NULL &&
           g_error_matches (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT),
         "deposit refuses a missing account");
  g_clear_error (&error);

  /* deposit_once (): the same, finding the key once. */
  after = deposit_once (accounts, "acc-3", -300, &error);
  check (after != NULL && balance_of (after, "acc-3") == 700, "deposit_once");
  check (balance_of (accounts, "acc-3") == 1000, "deposit_once left the old map");
  check (rdx_map_get (after, "acc-2") == rdx_map_get (accounts, "acc-2"),
         "deposit_once shares the rest");
  rdx_value_unref (after);
  check (deposit_once (accounts, "acc-9", 1, &error) == NULL &&
           g_error_matches (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT) &&
           rdx_map_size (accounts) == 3,
         "deposit_once refuses a missing account");
  g_clear_error (&error);

  /* The owned transfer: a copy while someone else holds the accounts, in
   * place once the state is the caller's alone, and a refusal that
   * changes nothing. */
  {
    g_autoptr (RdxReducer) reducer = rdx_reducer_new_owned (transfer, NULL, NULL);
    g_autoptr (RdxAction) good = transfer_action ("acc-1", "acc-2", 100);
    g_autoptr (RdxAction) bad = transfer_action ("acc-1", "acc-9", 100);
    RdxValue *state = rdx_value_ref (accounts);
    RdxValue *before;

    check (rdx_reducer_reduce_owned (reducer, &state, good, &error), "owned transfer");
    check (state != accounts && balance_of (state, "acc-1") == 900 &&
             balance_of (state, "acc-2") == 1100 && balance_of (accounts, "acc-1") == 1000,
           "owned transfer on a shared state copies");
    before = state;
    check (rdx_reducer_reduce_owned (reducer, &state, good, &error), "owned transfer again");
    check (state == before && balance_of (state, "acc-1") == 800, "owned transfer in place");
    check (!rdx_reducer_reduce_owned (reducer, &state, bad, &error) &&
             g_error_matches (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT) &&
             balance_of (state, "acc-1") == 800,
           "owned transfer refuses a missing account");
    g_clear_error (&error);
    rdx_value_unref (state);
  }

  /* The transfer with keys as string values. */
  {
    Keys keys = { rdx_value_new_string ("from"), rdx_value_new_string ("to"),
                  rdx_value_new_string ("amount"), rdx_value_new_string ("balance") };
    g_autoptr (RdxReducer) reducer = rdx_reducer_new_owned (transfer_by_keys, &keys, NULL);
    g_autoptr (RdxAction) good = transfer_action ("acc-2", "acc-3", 50);
    g_autoptr (RdxAction) no_from = transfer_action ("acc-9", "acc-3", 50);
    g_autoptr (RdxAction) odd = rdx_action_new_take ("accounts/transfer", rdx_value_new_int (5));
    RdxValue *state = rdx_value_ref (accounts);
    RdxValue *held;

    check (rdx_reducer_reduce_owned (reducer, &state, good, &error), "key transfer");
    check (balance_of (state, "acc-2") == 950 && balance_of (state, "acc-3") == 1050 &&
             balance_of (accounts, "acc-2") == 1000,
           "key transfer moved the money, the old map unchanged");
    held = rdx_value_ref (state);
    check (!rdx_reducer_reduce_owned (reducer, &state, no_from, &error) &&
             g_error_matches (error, BANK_ERROR, BANK_ERROR_NO_ACCOUNT) && state == held &&
             rdx_map_size (state) == 3 && balance_of (state, "acc-3") == 1050,
           "key transfer refuses a missing \"from\" and changes nothing");
    g_clear_error (&error);
    check (!rdx_reducer_reduce_owned (reducer, &state, odd, &error) &&
             g_error_matches (error, BANK_ERROR, BANK_ERROR_BAD_PAYLOAD),
           "key transfer refuses a payload that is not a transfer");
    g_clear_error (&error);
    rdx_value_unref (held);
    rdx_value_unref (state);
    rdx_value_unref (keys.from);
    rdx_value_unref (keys.to);
    rdx_value_unref (keys.amount);
    rdx_value_unref (keys.balance);
  }

  rdx_value_unref (accounts);
  g_print ("values-tour: ok\n");
  return 0;
}

/* dispatch.c: benchmarks of the store's dispatch
 *
 * Prints one line per figure, "name: X ns/op", with fixed operation counts,
 * the same work as bench/peers (counter.mjs, bank.mjs) so that
 * bench/compare.sh can put the figures beside Redux's. `--quick` divides
 * the counts by ten; `--counter` runs only the counter figures (1. and 2.),
 * for a profiler. Run it from a debugoptimized build:
 *
 *   ./_build/bench/dispatch
 *
 * Figures (issue 4):
 *  1. a counter store (an integer state, "counter.increment", one
 *     listener), 10,000,000 dispatches after 500,000 warm-up dispatches,
 *     each dispatching a new action as an application does
 *     (rdx_store_dispatch_take (store, rdx_action_new (...))), and
 *     dispatching one action made beforehand over and over (as Redux's
 *     figure does: after the first dispatch, rdx stamps a copy each time);
 *  2. the same through 3 pass-through middleware;
 *  3. bank transfers over 10,000 accounts with string ids through
 *     rdx_combine_reducers ({"accounts": accounts}), with the transfers
 *     of bank.mjs: mulberry32 seed 42, built before timing, 100,000
 *     transfers after 5,000 warm-up transfers on another store (Redux's
 *     integer-id counts) and 1,000 after 50 (its string-id counts). The
 *     reducer validates the payload and updates both accounts immutably.
 *     Exits non-zero if money is not conserved.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rdx.h>

#include "bench-util.h"

#define COUNTER_WARMUP     500000
#define COUNTER_DISPATCHES 10000000
#define INCREMENT          "counter.increment"

#define N_ACCOUNTS    10000
#define START_BALANCE 1000000
#define TRANSFER      "accounts.transfer"
#define SEED          42u

static guint scale = 1;

static void
report (const char *name, gint64 elapsed_ns, guint n)
{
  printf ("%s: %.1f ns/op\n", name, (double) elapsed_ns / n);
  fflush (stdout);
}

/* 1. and 2. The counter */

static RdxValue *
counter_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  if (state == NULL)
    return rdx_value_new_int (0);
  if (rdx_action_is (action, INCREMENT))
    return rdx_value_new_int (rdx_value_get_int (state) + 1);
  return rdx_value_ref (state);
}

static void
count_cb (RdxStore *store, gpointer user_data)
{
  guint64 *notified = user_data;

  (*notified)++;
}

static gboolean
pass_through (RdxStore        *store,
              RdxAction       *action,
              RdxDispatchNext *next,
              gpointer         user_data,
              GError         **error)
{
  return rdx_dispatch_next (next, action, error);
}

static RdxStore *
counter_store_new (guint n_middleware, guint64 *notified)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (counter_reduce, NULL, NULL);
  RdxMiddleware *chain[3];
  RdxStore      *store;
  guint          i;

  for (i = 0; i < n_middleware; i++)
    chain[i] = rdx_middleware_new (pass_through, NULL, NULL);
  store = rdx_store_new_with_middlewarev (reducer, NULL, chain, n_middleware);
  for (i = 0; i < n_middleware; i++)
    rdx_middleware_unref (chain[i]);
  rdx_store_subscribe (store, count_cb, notified, NULL);
  return store;
}

static void
check_counter (const char *name, RdxStore *store, guint64 notified, guint64 expected)
{
  gint64 count = rdx_value_get_int (rdx_store_get_state (store));

  if ((guint64) count != expected)
    bench_fail ("%s: final state %" G_GINT64_FORMAT ", expected %" G_GUINT64_FORMAT, name, count,
                expected);
  if (notified != expected)
    bench_fail ("%s: listener ran %" G_GUINT64_FORMAT " times, expected %" G_GUINT64_FORMAT, name,
                notified, expected);
}

/* A new action per dispatch, as an application dispatches. */
static void
bench_counter_new_actions (const char *name, guint n_middleware)
{
  guint64 notified = 0;
  g_autoptr (RdxStore) store = counter_store_new (n_middleware, &notified);
  guint  warmup = COUNTER_WARMUP / scale, n = COUNTER_DISPATCHES / scale;
  gint64 start;
  guint  i;

  for (i = 0; i < warmup; i++)
    rdx_store_dispatch_take (store, rdx_action_new (INCREMENT, NULL), NULL);

  start = bench_now_ns ();
  for (i = 0; i < n; i++)
    rdx_store_dispatch_take (store, rdx_action_new (INCREMENT, NULL), NULL);
  report (name, bench_now_ns () - start, n);

  check_counter (name, store, notified, (guint64) warmup + n);
}

/* One action made beforehand, dispatched over and over. */
static void
bench_counter_reused_action (const char *name, guint n_middleware)
{
  guint64 notified = 0;
  g_autoptr (RdxStore) store = counter_store_new (n_middleware, &notified);
  g_autoptr (RdxAction) action = rdx_action_new (INCREMENT, NULL);
  guint  warmup = COUNTER_WARMUP / scale, n = COUNTER_DISPATCHES / scale;
  gint64 start;
  guint  i;

  for (i = 0; i < warmup; i++)
    rdx_store_dispatch (store, action, NULL);

  start = bench_now_ns ();
  for (i = 0; i < n; i++)
    rdx_store_dispatch (store, action, NULL);
  report (name, bench_now_ns () - start, n);

  check_counter (name, store, notified, (guint64) warmup + n);
}

/* 3. Bank transfers */

/* mulberry32, as bench/peers/common.mjs. */
static guint32
mulberry32 (guint32 *state)
{
  guint32 t;

  *state += 0x6d2b79f5u;
  t = *state;
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}

typedef struct
{
  char    **ids;     /* "acc-00000".."acc-09999" */
  RdxValue *initial; /* the accounts slice at the start */
  /* The keys the owned reducer looks up, as string values made once:
   * rdx_map_get_key () and the like use the hash a string keeps. */
  RdxValue *from_key, *to_key, *amount_key, *balance_key;
} Bank;

static GQuark
bank_error_quark (void)
{
  return g_quark_from_static_string ("bank-error-quark");
}

static RdxValue *
accounts_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  Bank     *bank = user_data;
  RdxValue *payload, *from_id, *to_id, *amount, *from, *to;
  g_autoptr (RdxMapBuilder) builder = NULL;
  gint64 cents;

  if (state == NULL)
    state = bank->initial;
  if (!rdx_action_is (action, TRANSFER))
    return rdx_value_ref (state);

  payload = rdx_action_get_payload (action);
  from_id = rdx_value_is_map (payload) ? rdx_map_get (payload, "from") : NULL;
  to_id = rdx_value_is_map (payload) ? rdx_map_get (payload, "to") : NULL;
  amount = rdx_value_is_map (payload) ? rdx_map_get (payload, "amount") : NULL;
  if (from_id == NULL || to_id == NULL || amount == NULL || !rdx_value_is_string (from_id) ||
      !rdx_value_is_string (to_id) || !rdx_value_is_int (amount))
    {
      g_set_error_literal (error, bank_error_quark (), 1,
                           "A transfer needs \"from\" and \"to\" account ids and an integer "
                           "\"amount\"");
      return NULL;
    }

  from = rdx_map_get (state, rdx_value_get_string (from_id));
  to = rdx_map_get (state, rdx_value_get_string (to_id));
  if (from == NULL || to == NULL)
    {
      g_set_error (error, bank_error_quark (), 2, "No account \"%s\"",
                   rdx_value_get_string (from == NULL ? from_id : to_id));
      return NULL;
    }

  cents = rdx_value_get_int (amount);
  builder = rdx_map_builder_new (state);
  rdx_map_builder_set_take (
    builder, rdx_value_get_string (from_id),
    rdx_map_set_take (
      from, "balance",
      rdx_value_new_int (rdx_value_get_int (rdx_map_get (from, "balance")) - cents)));
  rdx_map_builder_set_take (
    builder, rdx_value_get_string (to_id),
    rdx_map_set_take (to, "balance",
                      rdx_value_new_int (rdx_value_get_int (rdx_map_get (to, "balance")) + cents)));
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

/* The same reducer, owning its slice: it checks, then changes the two
 * balances with the owned updates, in place when the store's state is
 * nobody else's. Keys are string values (the payload's ids and the
 * bank's own), so none is hashed again. */
typedef struct
{
  gint64    delta;
  RdxValue *balance_key;
  gboolean  found; /* whether the account was there */
} AddCents;

static RdxValue *
add_to_balance_cb (RdxValue *balance, gpointer user_data)
{
  gint64 delta = *(const gint64 *) user_data;
  gint64 cents = rdx_value_get_int (balance);

  rdx_value_unref (balance);
  return rdx_value_new_int (cents + delta);
}

static RdxValue *
add_cents_cb (RdxValue *account, gpointer user_data)
{
  AddCents *add = user_data;

  /* A missing account stays missing: the map is left as it was. */
  add->found = account != NULL;
  if (account == NULL)
    return NULL;
  return rdx_map_update_owned_key (account, add->balance_key, add_to_balance_cb, &add->delta);
}

static gboolean
accounts_reduce_owned (RdxValue **state, RdxAction *action, gpointer user_data, GError **error)
{
  Bank     *bank = user_data;
  RdxValue *payload, *from_id = NULL, *to_id = NULL, *amount = NULL;
  AddCents  debit, credit;

  if (*state == NULL)
    {
      *state = rdx_value_ref (bank->initial);
      return TRUE;
    }
  if (!rdx_action_is (action, TRANSFER))
    return TRUE;

  payload = rdx_action_get_payload (action);
  if (rdx_value_is_map (payload))
    {
      from_id = rdx_map_get_key (payload, bank->from_key);
      to_id = rdx_map_get_key (payload, bank->to_key);
      amount = rdx_map_get_key (payload, bank->amount_key);
    }
  if (from_id == NULL || to_id == NULL || amount == NULL || !rdx_value_is_string (from_id) ||
      !rdx_value_is_string (to_id) || !rdx_value_is_int (amount))
    {
      g_set_error_literal (error, bank_error_quark (), 1,
                           "A transfer needs \"from\" and \"to\" account ids and an integer "
                           "\"amount\"");
      return FALSE;
    }
  /* Refused before anything changes: "to" is looked for first, and a
   * missing "from" is left out by its update, which then changes nothing. */
  if (rdx_map_get_key (*state, to_id) == NULL)
    {
      g_set_error (
        error, bank_error_quark (), 2, "No account \"%s\"",
        rdx_value_get_string (rdx_map_get_key (*state, from_id) != NULL ? to_id : from_id));
      return FALSE;
    }

  debit.delta = -rdx_value_get_int (amount);
  debit.balance_key = bank->balance_key;
  credit.delta = rdx_value_get_int (amount);
  credit.balance_key = bank->balance_key;
  *state = rdx_map_update_owned_key (*state, from_id, add_cents_cb, &debit);
  if (!debit.found)
    {
      g_set_error (error, bank_error_quark (), 2, "No account \"%s\"",
                   rdx_value_get_string (from_id));
      return FALSE;
    }
  *state = rdx_map_update_owned_key (*state, to_id, add_cents_cb, &credit);
  return TRUE;
}

static void
bank_init (Bank *bank)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  guint n;

  bank->ids = g_new0 (char *, N_ACCOUNTS + 1);
  for (n = 0; n < N_ACCOUNTS; n++)
    {
      bank->ids[n] = g_strdup_printf ("acc-%05u", n);
      rdx_map_builder_set_take (builder, bank->ids[n],
                                rdx_map_new_take ("id", rdx_value_new_string (bank->ids[n]),
                                                  "balance", rdx_value_new_int (START_BALANCE),
                                                  NULL));
    }
  bank->initial = rdx_map_builder_end (g_steal_pointer (&builder));
  bank->from_key = rdx_value_new_string ("from");
  bank->to_key = rdx_value_new_string ("to");
  bank->amount_key = rdx_value_new_string ("amount");
  bank->balance_key = rdx_value_new_string ("balance");
}

static void
bank_clear (Bank *bank)
{
  g_strfreev (bank->ids);
  rdx_value_unref (bank->initial);
  rdx_value_unref (bank->from_key);
  rdx_value_unref (bank->to_key);
  rdx_value_unref (bank->amount_key);
  rdx_value_unref (bank->balance_key);
}

static gboolean in_place; /* the bank's store uses accounts_reduce_owned() */

static RdxStore *
bank_store_new (Bank *bank)
{
  g_autoptr (RdxReducer) accounts = in_place
                                      ? rdx_reducer_new_owned (accounts_reduce_owned, bank, NULL)
                                      : rdx_reducer_new (accounts_reduce, bank, NULL);
  g_autoptr (RdxReducer) root = rdx_combine_reducers ("accounts", accounts, NULL);

  return rdx_store_new (root, NULL);
}

/* The transfers of bankmodel.mjs's makeTransfers(): three draws each. */
static RdxAction **
make_transfers (Bank *bank, guint count)
{
  RdxAction **actions = g_new (RdxAction *, count);
  guint32     prng = SEED;
  guint       i;

  for (i = 0; i < count; i++)
    {
      guint32 f = mulberry32 (&prng) % N_ACCOUNTS;
      guint32 t = mulberry32 (&prng) % (N_ACCOUNTS - 1);
      guint32 amount;

      if (t >= f)
        t++;
      amount = 1 + mulberry32 (&prng) % 100;
      actions[i] = rdx_action_new_take (
        TRANSFER, rdx_map_new_take ("from", rdx_value_new_string (bank->ids[f]), "to",
                                    rdx_value_new_string (bank->ids[t]), "amount",
                                    rdx_value_new_int (amount), NULL));
    }
  return actions;
}

static void
free_transfers (RdxAction **actions, guint count)
{
  guint i;

  for (i = 0; i < count; i++)
    rdx_action_unref (actions[i]);
  g_free (actions);
}

static void
check_money (const char *name, RdxStore *store)
{
  RdxValue  *accounts = rdx_map_get (rdx_store_get_state (store), "accounts");
  RdxMapIter iter;
  RdxValue  *account;
  gint64     total = 0;

  if (accounts == NULL || rdx_map_size (accounts) != N_ACCOUNTS)
    bench_fail ("%s: the accounts slice is missing or has the wrong size", name);
  rdx_map_iter_init (&iter, accounts);
  while (rdx_map_iter_next (&iter, NULL, &account))
    total += rdx_value_get_int (rdx_map_get (account, "balance"));
  if (total != (gint64) N_ACCOUNTS * START_BALANCE)
    bench_fail ("%s: total balance %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT, name, total,
                (gint64) N_ACCOUNTS * START_BALANCE);
}

static void
dispatch_transfers (const char *name, RdxStore *store, RdxAction **actions, guint count)
{
  g_autoptr (GError) error = NULL;
  guint i;

  for (i = 0; i < count; i++)
    if (!rdx_store_dispatch (store, actions[i], &error))
      bench_fail ("%s: transfer %u refused: %s", name, i, error->message);
}

static void
bench_bank (Bank *bank, const char *name, guint ops, guint warmup)
{
  g_autoptr (RdxStore) warm = bank_store_new (bank);
  g_autoptr (RdxStore) store = NULL;
  RdxAction **actions = make_transfers (bank, warmup);
  gint64      start, elapsed;
  guint       i, refused = 0;

  dispatch_transfers (name, warm, actions, warmup);
  check_money (name, warm);
  free_transfers (actions, warmup);

  store = bank_store_new (bank);
  actions = make_transfers (bank, ops);
  start = bench_now_ns ();
  for (i = 0; i < ops; i++)
    refused += !rdx_store_dispatch (store, actions[i], NULL);
  elapsed = bench_now_ns () - start;

  if (refused > 0)
    bench_fail ("%s: %u transfers refused", name, refused);
  check_money (name, store);
  free_transfers (actions, ops);
  report (name, elapsed, ops);
}

static void
check_prng (void)
{
  guint32 prng = SEED;
  guint32 a = mulberry32 (&prng), b = mulberry32 (&prng), c = mulberry32 (&prng);

  if (a != 2581720956u || b != 1925393290u || c != 3661312704u)
    bench_fail ("mulberry32 gave %u, %u, %u for seed 42", a, b, c);
}

static void
check_validation (Bank *bank)
{
  g_autoptr (RdxStore) store = bank_store_new (bank);
  g_autoptr (RdxValue) before = rdx_store_dup_state (store);
  g_autoptr (GError) error = NULL;

  if (rdx_store_dispatch_take (
        store,
        rdx_action_new_take (TRANSFER, rdx_map_new_take ("from", rdx_value_new_string ("acc-00001"),
                                                         "amount", rdx_value_new_int (5), NULL)),
        &error))
    bench_fail ("a transfer without \"to\" was accepted");
  g_clear_error (&error);
  if (rdx_store_dispatch_take (
        store,
        rdx_action_new_take (TRANSFER, rdx_map_new_take ("from", rdx_value_new_string ("acc-00001"),
                                                         "to", rdx_value_new_string ("acc-10000"),
                                                         "amount", rdx_value_new_int (5), NULL)),
        &error))
    bench_fail ("a transfer to a missing account was accepted");
  if (rdx_store_get_state (store) != before)
    bench_fail ("a refused transfer changed the state");
}

static gboolean
dispatch_transfer (RdxStore *store, const char *from, const char *to, gint64 amount)
{
  return rdx_store_dispatch_take (
    store,
    rdx_action_new_take (TRANSFER, rdx_map_new_take ("from", rdx_value_new_string (from), "to",
                                                     rdx_value_new_string (to), "amount",
                                                     rdx_value_new_int (amount), NULL)),
    NULL);
}

static gint64
balance_of (RdxStore *store, const char *id)
{
  return rdx_value_get_int (rdx_map_get (
    rdx_map_get (rdx_map_get (rdx_store_get_state (store), "accounts"), id), "balance"));
}

/* The same refusals when nobody else holds the state, so that the store
 * updates it in place: nothing may change before the reducer refuses. */
static void
check_validation_in_place (Bank *bank)
{
  g_autoptr (RdxStore) store = bank_store_new (bank);

  /* A first transfer makes the paths to both accounts the store's own. */
  if (!dispatch_transfer (store, "acc-00001", "acc-00002", 5) ||
      dispatch_transfer (store, "acc-10000", "acc-00002", 7) ||
      dispatch_transfer (store, "acc-00001", "acc-10001", 11) ||
      dispatch_transfer (store, "acc-10002", "acc-10003", 13))
    bench_fail ("in place: a transfer was refused or one with a missing account was accepted");
  if (balance_of (store, "acc-00001") != START_BALANCE - 5 ||
      balance_of (store, "acc-00002") != START_BALANCE + 5)
    bench_fail ("in place: a refused transfer changed a balance");
  check_money ("in place refusals", store);
}

int
main (int argc, char *argv[])
{
  Bank bank;

  setlocale (LC_ALL, "");

  if (argc > 1 && strcmp (argv[1], "--quick") == 0)
    scale = 10;
  else if (argc > 1 && strcmp (argv[1], "--in-place") == 0)
    {
      /* Only the owned bank transfers, for a profiler. */
      bank_init (&bank);
      in_place = TRUE;
      bench_bank (&bank, "rdx bank transfer string ids in place",
                  argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100000, 5000);
      bank_clear (&bank);
      return 0;
    }
  else if (argc > 1 && strcmp (argv[1], "--counter") == 0)
    {
      /* Only the counter figures, for a profiler. */
      bench_counter_new_actions ("rdx counter", 0);
      bench_counter_reused_action ("rdx counter reused action", 0);
      bench_counter_new_actions ("rdx counter 3 middleware", 3);
      bench_counter_reused_action ("rdx counter 3 middleware reused action", 3);
      return 0;
    }
  else if (argc > 1)
    {
      fprintf (stderr, "Usage: %s [--quick | --in-place [N] | --counter]\n", argv[0]);
      return 2;
    }

  check_prng ();

  bench_counter_new_actions ("rdx counter", 0);
  bench_counter_reused_action ("rdx counter reused action", 0);
  bench_counter_new_actions ("rdx counter 3 middleware", 3);
  bench_counter_reused_action ("rdx counter 3 middleware reused action", 3);

  bank_init (&bank);
  check_validation (&bank);
  bench_bank (&bank, "rdx bank transfer string ids", 100000 / scale, 5000 / scale);
  bench_bank (&bank, "rdx bank transfer string ids 1000 ops", 1000, 50);
  in_place = TRUE;
  check_validation (&bank);
  check_validation_in_place (&bank);
  bench_bank (&bank, "rdx bank transfer string ids in place", 100000 / scale, 5000 / scale);
  bench_bank (&bank, "rdx bank transfer string ids 1000 ops in place", 1000, 50);
  bank_clear (&bank);

  return 0;
}

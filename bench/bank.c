/* bank.c: what the bank domain costs at the size of years of banking
 *
 * 1. A deposit, and a transfer (transfers.requested then
 *    transfers.completed), dispatched to a store holding the demo's 100
 *    accounts and 100,000 transactions, against the same on the same
 *    100 accounts with no history (their opening deposits only). Each
 *    round starts both stores from their base state.
 * 2. Building the demo's 100,000 transactions: generating the actions,
 *    and dispatching them all to a new store.
 * 3. The view of one account's transactions (bank_selector_transactions_
 *    new (), newest first, and by amount) after one new transaction, on
 *    an account of 100,000 rows and one of 1,000; against making the
 *    rows again, as a new search does (the search changes each time:
 *    every other time all 100,000 rows, the others none); and after one
 *    new transaction dated in the middle of the 100,000 (a back-dated
 *    deposit: the balances of the 50,000 rows dated after it change).
 * 4. Every selector the app shows, after one deposit, on the demo's
 *    100 accounts and 100,000 transactions.
 *
 * Each figure is the median of ROUNDS rounds with its min–max, the two
 * sides of a comparison alternating within each round (which goes first
 * alternates too). `--quick` divides the counts by ten. Run it from a
 * debugoptimized build:
 *
 *   ./_build/bench/bank
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bank.h"
#include "bench-util.h"

#define ROUNDS       11
#define BUILD_ROUNDS 5
#define N_MOVES      4000
#define N_VIEW_MOVES 2000
#define START        G_GINT64_CONSTANT (1577836800000000) /* 2020-01-01 UTC */

static guint scale = 1;

static void
print_figure (const char *name, double *t, guint n, const char *unit)
{
  bench_sort (t, n);
  printf ("  %-40s %10.2f %s (%.2f–%.2f)\n", name, t[n / 2], unit, t[0], t[n - 1]);
}

/* Runs @a and @b @rounds times each, alternating, and prints their
 * medians (min–max) and their ratio. */
/* Runs @a and @b ROUNDS times each, alternating, and prints their
 * medians (min–max) and their ratio. */
static void
compare (const char  *what,
         const char  *name_a,
         BenchRunFunc a,
         gpointer     data_a,
         const char  *name_b,
         BenchRunFunc b,
         gpointer     data_b,
         const char  *unit)
{
  double ta[ROUNDS], tb[ROUNDS];

  bench_alternate (ROUNDS, a, data_a, ta, b, data_b, tb);
  printf ("%s:\n", what);
  print_figure (name_a, ta, ROUNDS, unit);
  print_figure (name_b, tb, ROUNDS, unit);
  printf ("  %-40s %10.2f×\n", "ratio of the medians", tb[ROUNDS / 2] / ta[ROUNDS / 2]);
  fflush (stdout);
}

static RdxValue *
state_of (GPtrArray *actions, RdxReducer *reducer)
{
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < actions->len; i++)
    if (!rdx_store_dispatch (store, actions->pdata[i], &error))
      bench_fail ("the demo's action %u was refused: %s", i, error->message);
  return rdx_store_dup_state (store);
}

/* 1. Dispatch */

typedef struct
{
  RdxReducer *reducer;
  RdxValue   *base;
  GPtrArray  *deposits;  /* of RdxAction */
  GPtrArray  *transfers; /* requested, completed, requested, ... */
} Dispatch;

static double
dispatch_all (Dispatch *d, GPtrArray *actions, guint per_op)
{
  g_autoptr (RdxStore) store = rdx_store_new (d->reducer, d->base);
  g_autoptr (GError) error = NULL;
  gint64 start = bench_now_ns ();

  for (guint i = 0; i < actions->len; i++)
    if (!rdx_store_dispatch (store, actions->pdata[i], &error))
      bench_fail ("%s was refused: %s", rdx_action_get_type_name (actions->pdata[i]),
                  error->message);
  return (double) (bench_now_ns () - start) / 1000.0 / (actions->len / per_op);
}

static double
run_deposits (gpointer data)
{
  return dispatch_all (data, ((Dispatch *) data)->deposits, 1);
}

static double
run_transfers (gpointer data)
{
  return dispatch_all (data, ((Dispatch *) data)->transfers, 2);
}

static void
dispatch_init (Dispatch *d, RdxReducer *reducer, RdxValue *base)
{
  guint n = N_MOVES / scale;

  d->reducer = reducer;
  d->base = base;
  d->deposits = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  d->transfers = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *account = g_strdup_printf ("acc-%u", i % 100 + 1);
      g_autofree char *from = g_strdup_printf ("acc-%u", i % 33 * 3 + 1); /* checking */
      g_autofree char *to = g_strdup_printf ("acc-%u", i % 33 * 3 + 2);   /* savings */
      g_autofree char *id = g_strdup_printf ("bench-%u", i);
      g_autofree char *request = g_strdup_printf ("bench-transfer-%u", i);
      gint64           at = START + G_GINT64_CONSTANT (10) * 365 * 86400 * G_USEC_PER_SEC + i;

      g_ptr_array_add (d->deposits,
                       bank_action_deposit (account, id, 1250, "Refund", "shopping", at));
      g_ptr_array_add (d->transfers,
                       bank_action_request_transfer (request, from, to, 100, "Savings", at));
      g_ptr_array_add (d->transfers, bank_action_complete_transfer (request, "TX", at + 1));
    }
}

static void
dispatch_clear (Dispatch *d)
{
  g_ptr_array_unref (d->deposits);
  g_ptr_array_unref (d->transfers);
}

static void
bench_dispatch (RdxReducer *reducer, RdxValue *empty, RdxValue *full)
{
  Dispatch small, big;

  dispatch_init (&small, reducer, empty);
  dispatch_init (&big, reducer, full);
  compare ("1a. a deposit (store dispatch)", "100 accounts, no history", run_deposits, &small,
           "100 accounts, 100,000 transactions", run_deposits, &big, "µs");
  compare ("1b. a transfer (requested + completed)", "100 accounts, no history", run_transfers,
           &small, "100 accounts, 100,000 transactions", run_transfers, &big, "µs");
  dispatch_clear (&small);
  dispatch_clear (&big);
}

/* 2. Building the demo */

static void
bench_build (RdxReducer *reducer)
{
  double generate[BUILD_ROUNDS], dispatch[BUILD_ROUNDS];
  guint  n = 100000 / scale;

  for (guint r = 0; r < BUILD_ROUNDS; r++)
    {
      gint64 start = bench_now_ns ();
      g_autoptr (GPtrArray) actions = bank_demo_generate (BANK_DEMO_SEED, 100, START, 3650, n);
      g_autoptr (RdxValue) state = NULL;

      generate[r] = (double) (bench_now_ns () - start) / 1e6;
      start = bench_now_ns ();
      state = state_of (actions, reducer);
      dispatch[r] = (double) (bench_now_ns () - start) / 1e6;
      if (rdx_map_size (rdx_map_get_map (state, "txns")) != n)
        bench_fail ("the demo made %u transactions",
                    rdx_map_size (rdx_map_get_map (state, "txns")));
    }
  printf ("2. the demo's %u transactions, 100 accounts:\n", n);
  print_figure ("generating the actions", generate, BUILD_ROUNDS, "ms");
  print_figure ("dispatching them to a new store", dispatch, BUILD_ROUNDS, "ms");
  fflush (stdout);
}

/* 3. An account's view */

typedef struct
{
  RdxReducer  *reducer;
  RdxValue    *base;    /* one account, its rows, selected */
  GPtrArray   *moves;   /* a deposit each */
  gboolean     rebuild; /* change the query each time: rows made again */
  RdxSelector *view;
} View;

static RdxValue *
account_of (RdxReducer *reducer, guint n_rows, BankColumn column)
{
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  static const char *const memos[] = { "Supermarket", "Rent", "Café", "Salary", "Train" };
  static const char *const categories[] = { "groceries", "rent", "restaurants", "income",
                                            "transport" };

  rdx_store_dispatch_take (
    store, bank_action_open_account ("acc-1", "Checking", BANK_ACCOUNT_CHECKING, "EUR", 0, START),
    NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *id = g_strdup_printf ("t-%u", i);
      gint64           at = START + (gint64) i * 600 * G_USEC_PER_SEC;
      RdxAction       *action =
        i % 3 != 1
                ? bank_action_deposit ("acc-1", id, 1000 + i % 977, memos[i % 5], categories[i % 5], at)
                : bank_action_withdraw ("acc-1", id, 500 + i % 311, memos[i % 5], categories[i % 5], at);

      if (!rdx_store_dispatch_take (store, action, NULL))
        bench_fail ("row %u was refused", i);
    }
  rdx_store_dispatch_take (store, bank_action_select_account ("acc-1"), NULL);
  rdx_store_dispatch_take (store, bank_action_sort (column, TRUE), NULL);
  return rdx_store_dup_state (store);
}

static double
run_view (gpointer data)
{
  View *v = data;
  g_autoptr (RdxStore) store = rdx_store_new (v->reducer, v->base);
  gint64 total = 0;
  guint  n_rows = rdx_list_length (rdx_store_select (store, v->view));

  for (guint i = 0; i < v->moves->len; i++)
    {
      gint64 start;

      if (v->rebuild)
        rdx_store_dispatch_take (store, bank_action_search (i % 2 ? "" : " "), NULL);
      rdx_store_dispatch (store, v->moves->pdata[i], NULL);
      start = bench_now_ns ();
      n_rows = rdx_list_length (rdx_store_select (store, v->view)) + (v->rebuild ? 0 : 0);
      total += bench_now_ns () - start;
    }
  if (!v->rebuild &&
      n_rows != rdx_list_length (rdx_map_get_list (rdx_map_get_map (v->base, "ledger"), "acc-1")) +
                  v->moves->len)
    bench_fail ("the view has %u rows", n_rows);
  return (double) total / 1000.0 / v->moves->len;
}

static void
view_init (View       *v,
           RdxReducer *reducer,
           guint       n_rows,
           BankColumn  column,
           gboolean    rebuild,
           guint       n_moves,
           gint64      at)
{
  v->reducer = reducer;
  v->base = account_of (reducer, n_rows, column);
  v->rebuild = rebuild;
  v->view = bank_selector_transactions_new ();
  v->moves = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  for (guint i = 0; i < n_moves; i++)
    {
      g_autofree char *id = g_strdup_printf ("new-%u", i);

      g_ptr_array_add (
        v->moves, bank_action_deposit ("acc-1", id, 100 + i % 5000, "Bakery", "groceries", at + i));
    }
}

static void
view_clear (View *v)
{
  rdx_value_unref (v->base);
  rdx_selector_unref (v->view);
  g_ptr_array_unref (v->moves);
}

static void
bench_view (RdxReducer *reducer)
{
  guint  n = N_VIEW_MOVES / scale, big = 100000 / scale;
  gint64 last = START + G_GINT64_CONSTANT (20) * 365 * 86400 * G_USEC_PER_SEC;
  gint64 middle = START + (gint64) (big / 2) * 600 * G_USEC_PER_SEC + 1;
  View   small_date, big_date, big_amount, big_rebuild, big_back;

  view_init (&small_date, reducer, 1000, BANK_COLUMN_DATE, FALSE, n, last);
  view_init (&big_date, reducer, big, BANK_COLUMN_DATE, FALSE, n, last);
  view_init (&big_amount, reducer, big, BANK_COLUMN_AMOUNT, FALSE, n, last);
  view_init (&big_rebuild, reducer, big, BANK_COLUMN_DATE, TRUE, MAX (n / 200, 5), last);
  view_init (&big_back, reducer, big, BANK_COLUMN_DATE, FALSE, MAX (n / 200, 5), middle);
  compare ("3a. the view after one new transaction, newest first (select only)", "1,000 rows",
           run_view, &small_date, "100,000 rows", run_view, &big_date, "µs");
  compare ("3b. the same at 100,000 rows, newest first / by amount", "newest first (appended)",
           run_view, &big_date, "by amount (inserted)", run_view, &big_amount, "µs");
  compare ("3c. 100,000 rows: kept up to date / made again", "kept up to date", run_view, &big_date,
           "made again (a new search)", run_view, &big_rebuild, "µs");
  compare ("3d. 100,000 rows, newest first: one new transaction dated", "last (the usual case)",
           run_view, &big_date, "in the middle (back-dated)", run_view, &big_back, "µs");
  view_clear (&small_date);
  view_clear (&big_back);
  view_clear (&big_date);
  view_clear (&big_amount);
  view_clear (&big_rebuild);
}

/* 4. Every view of the app */

typedef struct
{
  RdxReducer *reducer;
  RdxValue   *base;
  GPtrArray  *moves;
  gboolean    with_views;
} App;

static double
run_app (gpointer data)
{
  App *app = data;
  g_autoptr (GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr (RdxStore) store = rdx_store_new (app->reducer, app->base);
  g_autoptr (RdxSelector) spending = bank_selector_spending_new (zone);
  RdxSelector *views[] = {
    bank_selector_accounts_new (FALSE),      bank_selector_totals_new (),
    bank_selector_transfers_new (),          bank_selector_transactions_new (),
    bank_selector_balance_series_new (zone), rdx_selector_ref (spending),
    bank_selector_categories_new (),         bank_selector_budgets_new (spending)
  };
  gint64 total = 0;

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    rdx_store_select (store, views[v]);
  for (guint i = 0; i < app->moves->len; i++)
    {
      gint64 start = bench_now_ns ();

      rdx_store_dispatch (store, app->moves->pdata[i], NULL);
      for (guint v = 0; app->with_views && v < G_N_ELEMENTS (views); v++)
        rdx_store_select (store, views[v]);
      total += bench_now_ns () - start;
    }
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    rdx_selector_unref (views[v]);
  return (double) total / 1000.0 / app->moves->len;
}

static void
bench_app (RdxReducer *reducer, RdxValue *full)
{
  g_autoptr (RdxStore) store = rdx_store_new (reducer, full);
  g_autoptr (GPtrArray) moves = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  g_autoptr (RdxValue) base = NULL;
  App bare, views;

  rdx_store_dispatch_take (store, bank_action_select_account ("acc-1"), NULL);
  rdx_store_dispatch_take (store, bank_action_set_month ("2020-03"), NULL);
  base = rdx_store_dup_state (store);
  for (guint i = 0; i < N_MOVES / scale; i++)
    {
      g_autofree char *id = g_strdup_printf ("app-%u", i);

      g_ptr_array_add (moves, bank_action_withdraw (
                                "acc-1", id, 1, "Bakery", "groceries",
                                START + G_GINT64_CONSTANT (10) * 365 * 86400 * G_USEC_PER_SEC + i));
    }
  bare = (App){ reducer, base, moves, FALSE };
  views = (App){ reducer, base, moves, TRUE };
  compare ("4. a withdrawal on the selected account, 100 accounts, 100,000 transactions",
           "dispatch", run_app, &bare, "dispatch + the 8 selectors of the app", run_app, &views,
           "µs");
}

int
main (int argc, char **argv)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (GPtrArray) demo = NULL;
  g_autoptr (GPtrArray) opening = NULL;
  g_autoptr (RdxValue) full = NULL;
  g_autoptr (RdxValue) empty = NULL;

  if (argc > 1 && strcmp (argv[1], "--quick") == 0)
    scale = 10;

  demo = bank_demo_generate (BANK_DEMO_SEED, 100, START, 3650, 100000 / scale);
  opening = bank_demo_generate (BANK_DEMO_SEED, 100, START, 1, 67);
  full = state_of (demo, reducer);
  empty = state_of (opening, reducer);
  printf ("bank: %u transactions in the full bank, %u in the empty one\n\n",
          rdx_map_size (rdx_map_get_map (full, "txns")),
          rdx_map_size (rdx_map_get_map (empty, "txns")));

  bench_dispatch (reducer, empty, full);
  bench_build (reducer);
  bench_view (reducer);
  bench_app (reducer, full);
  return 0;
}

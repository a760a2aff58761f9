/* slices.c: what slices and drafts cost against the code they replace
 *
 * 1. A slice against a hand-written reducer doing the same work: eight
 *    action types, the one dispatched is "bench.deposit" with the payload
 *    {"amount": 250}, checked by hand (a map, an integer above 0, no other
 *    field) or by the slice's schema "{amount: int > 0}". The hand-written
 *    reducer compares types with an rdx_action_is() chain, the deposit last
 *    (its worst case) or first (its best); the slice finds any case with
 *    one pointer lookup. The case itself is the same function. Measured as reducer runs (rdx_reducer_reduce) and
 *    as store dispatches of a new action each, as an application does.
 * 2. A draft against nested rdx_map_set_take() calls on the same state,
 *    {"accounts": {"acc-<i>": {"balance", "count", "updated", ...}}} with
 *    10,000 accounts: one, three and ten fields of one account; one field
 *    in each of three and of ten accounts.
 *
 * Each figure is the median of ROUNDS rounds with its min–max, the two
 * sides alternating within each round (which goes first alternates too),
 * in ns per operation. `--quick` divides the counts by ten. Run it from a
 * debugoptimized build:
 *
 *   ./_build/bench/slices
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

#define ROUNDS       15
#define N_REDUCES    2000000
#define N_DISPATCHES 1000000
#define N_UPDATES    200000
#define N_ACCOUNTS   10000

static guint scale = 1;

/* Runs @a and @b ROUNDS times each, alternating, and prints their medians
 * (min–max) and the difference of the medians. */
static void
compare (const char  *what,
         const char  *name_a,
         BenchRunFunc a,
         const char  *name_b,
         BenchRunFunc b,
         gpointer     data)
{
  double ta[ROUNDS], tb[ROUNDS];

  bench_alternate (ROUNDS, a, data, ta, b, data, tb);
  printf ("%s:\n", what);
  printf ("  %-22s %8.1f ns/op (%.1f–%.1f)\n", name_a, ta[ROUNDS / 2], ta[0], ta[ROUNDS - 1]);
  printf ("  %-22s %8.1f ns/op (%.1f–%.1f)\n", name_b, tb[ROUNDS / 2], tb[0], tb[ROUNDS - 1]);
  printf ("  %-22s %+8.1f ns/op\n", "difference", tb[ROUNDS / 2] - ta[ROUNDS / 2]);
  fflush (stdout);
}

/* 1. Slice against if chain */

static RdxValue *
deposit (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_value_new_int (rdx_value_get_int (state) + rdx_map_get_int (payload, "amount", 0));
}

static RdxValue *
other (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_value_new_int (rdx_value_get_int (state) - 1);
}

static const RdxSliceCase bench_cases[] = {
  { "bench.open", NULL, other },     { "bench.close", NULL, other },
  { "bench.rename", NULL, other },   { "bench.freeze", NULL, other },
  { "bench.unfreeze", NULL, other }, { "bench.withdraw", NULL, other },
  { "bench.transfer", NULL, other }, { "bench.deposit", "{amount: int > 0}", deposit },
};

static RdxValue *
hand_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *amount;

  if (state == NULL)
    return rdx_value_new_int (0);
  if (user_data != NULL && rdx_action_is (action, "bench.deposit"))
    goto deposit; /* the deposit first in the chain */
  if (rdx_action_is (action, "bench.open") || rdx_action_is (action, "bench.close") ||
      rdx_action_is (action, "bench.rename") || rdx_action_is (action, "bench.freeze") ||
      rdx_action_is (action, "bench.unfreeze") || rdx_action_is (action, "bench.withdraw") ||
      rdx_action_is (action, "bench.transfer"))
    return other (state, payload, error);
  if (!rdx_action_is (action, "bench.deposit"))
    return rdx_value_ref (state);

deposit:
  amount = rdx_value_is_map (payload) ? rdx_map_get (payload, "amount") : NULL;
  if (amount == NULL || !rdx_value_is_int (amount) || rdx_value_get_int (amount) <= 0 ||
      rdx_map_size (payload) != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "bench.deposit needs {\"amount\": an integer above 0}");
      return NULL;
    }
  return deposit (state, payload, error);
}

typedef struct
{
  RdxReducer *hand;
  RdxReducer *hand_first;
  RdxReducer *slice;
  RdxAction  *action;
  RdxValue   *payload;
} ReduceBench;

static double
reduce_with (RdxReducer *reducer, RdxAction *action)
{
  guint     n = N_REDUCES / scale, i;
  RdxValue *state = rdx_value_new_int (0);
  gint64    start = bench_now_ns ();

  for (i = 0; i < n; i++)
    {
      RdxValue *next = rdx_reducer_reduce (reducer, state, action, NULL);

      rdx_value_unref (state);
      state = next;
    }
  start = bench_now_ns () - start;
  if (rdx_value_get_int (state) != (gint64) n * 250)
    bench_fail ("the reducer computed %" G_GINT64_FORMAT, rdx_value_get_int (state));
  rdx_value_unref (state);
  return (double) start / n;
}

static double
reduce_hand (gpointer data)
{
  ReduceBench *b = data;

  return reduce_with (b->hand, b->action);
}

static double
reduce_hand_first (gpointer data)
{
  ReduceBench *b = data;

  return reduce_with (b->hand_first, b->action);
}

static double
reduce_slice (gpointer data)
{
  ReduceBench *b = data;

  return reduce_with (b->slice, b->action);
}

static double
dispatch_with (RdxReducer *reducer, RdxValue *payload)
{
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  guint  n = N_DISPATCHES / scale, i;
  gint64 start = bench_now_ns ();

  for (i = 0; i < n; i++)
    if (!rdx_store_dispatch_take (store, rdx_action_new ("bench.deposit", payload), NULL))
      bench_fail ("a dispatch was refused");
  start = bench_now_ns () - start;
  if (rdx_value_get_int (rdx_store_get_state (store)) != (gint64) n * 250)
    bench_fail ("the store holds %" G_GINT64_FORMAT,
                rdx_value_get_int (rdx_store_get_state (store)));
  return (double) start / n;
}

static double
dispatch_hand (gpointer data)
{
  ReduceBench *b = data;

  return dispatch_with (b->hand, b->payload);
}

static double
dispatch_hand_first (gpointer data)
{
  ReduceBench *b = data;

  return dispatch_with (b->hand_first, b->payload);
}

static double
dispatch_slice (gpointer data)
{
  ReduceBench *b = data;

  return dispatch_with (b->slice, b->payload);
}

static void
bench_slice (void)
{
  g_autoptr (RdxValue) zero = rdx_value_new_int (0);
  ReduceBench b;

  b.hand = rdx_reducer_new (hand_reduce, NULL, NULL);
  b.hand_first = rdx_reducer_new (hand_reduce, GINT_TO_POINTER (TRUE), NULL);
  b.slice = rdx_slice_new ("bench", zero, bench_cases, G_N_ELEMENTS (bench_cases));
  b.payload = rdx_map_new_take ("amount", rdx_value_new_int (250), NULL);
  b.action = rdx_action_new ("bench.deposit", b.payload);

  compare ("1a. reducer run, \"bench.deposit\" {amount: int > 0}, last of 8 in the chain",
           "if chain, by hand", reduce_hand, "slice", reduce_slice, &b);
  compare ("1b. the same, first in the chain", "if chain, by hand", reduce_hand_first, "slice",
           reduce_slice, &b);
  compare ("1c. store dispatch of a new action, last in the chain", "if chain, by hand",
           dispatch_hand, "slice", dispatch_slice, &b);
  compare ("1d. store dispatch of a new action, first in the chain", "if chain, by hand",
           dispatch_hand_first, "slice", dispatch_slice, &b);

  rdx_action_unref (b.action);
  rdx_value_unref (b.payload);
  rdx_reducer_unref (b.hand);
  rdx_reducer_unref (b.hand_first);
  rdx_reducer_unref (b.slice);
}

/* 2. Draft against nested rdx_map_set_take () */

static const char *const fields[] = { "balance", "count", "updated", "f3", "f4",
                                      "f5",      "f6",    "f7",      "f8", "f9" };

/* An update of @state: @n changes, from the account first % N_ACCOUNTS. */
typedef RdxValue *(*UpdateFunc) (RdxValue *state, guint first, guint n, gint64 v);

typedef struct
{
  RdxValue  *state;
  guint      n;
  UpdateFunc nested;
  UpdateFunc draft;
} UpdateBench;

static char **ids; /* "acc-<i>" */

static RdxValue *
accounts_state (void)
{
  g_autoptr (RdxMapBuilder) accounts = rdx_map_builder_new (NULL);
  guint i, f;

  for (i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr (RdxMapBuilder) account = rdx_map_builder_new (NULL);
      g_autofree char *id = g_strdup_printf ("acc-%u", i);

      rdx_map_builder_set_take (account, "name", rdx_value_new_printf ("Account %u", i));
      for (f = 0; f < G_N_ELEMENTS (fields); f++)
        rdx_map_builder_set_take (account, fields[f], rdx_value_new_int (i));
      rdx_map_builder_set_take (accounts, id, rdx_map_builder_end (g_steal_pointer (&account)));
    }
  return rdx_map_new_take ("accounts", rdx_map_builder_end (g_steal_pointer (&accounts)), "meta",
                           rdx_map_new_take ("version", rdx_value_new_int (1), NULL), NULL);
}

static RdxValue *
update_nested (RdxValue *state, guint first, guint n_fields, gint64 v)
{
  const char *id = ids[first % N_ACCOUNTS];
  RdxValue   *accounts = rdx_map_get (state, "accounts");
  RdxValue   *account = rdx_value_ref (rdx_map_get (accounts, id));
  RdxValue   *next_accounts;
  guint       f;

  for (f = 0; f < n_fields; f++)
    {
      RdxValue *next = rdx_map_set_take (account, fields[f], rdx_value_new_int (v));

      rdx_value_unref (account);
      account = next;
    }
  next_accounts = rdx_map_set_take (accounts, id, account);
  return rdx_map_set_take (state, "accounts", next_accounts);
}

static RdxValue *
update_draft (RdxValue *state, guint first, guint n_fields, gint64 v)
{
  const char *id = ids[first % N_ACCOUNTS];
  RdxDraft   *draft = rdx_draft_new (state);
  char        path[64];
  guint       f;

  for (f = 0; f < n_fields; f++)
    {
      g_snprintf (path, sizeof path, "/accounts/%s/%s", id, fields[f]);
      rdx_draft_set_int (draft, path, v);
    }
  return rdx_draft_finish (draft, NULL);
}

/* One field in each of n accounts, as a transfer changes two. */
static RdxValue *
spread_nested (RdxValue *state, guint first, guint n_accounts, gint64 v)
{
  RdxValue *accounts = rdx_value_ref (rdx_map_get (state, "accounts"));
  guint     a;

  for (a = 0; a < n_accounts; a++)
    {
      const char *id = ids[(first + a * 104729u) % N_ACCOUNTS];
      RdxValue   *account =
        rdx_map_set_take (rdx_map_get (accounts, id), "balance", rdx_value_new_int (v));
      RdxValue *next = rdx_map_set_take (accounts, id, account);

      rdx_value_unref (accounts);
      accounts = next;
    }
  return rdx_map_set_take (state, "accounts", accounts);
}

static RdxValue *
spread_draft (RdxValue *state, guint first, guint n_accounts, gint64 v)
{
  RdxDraft *draft = rdx_draft_new (state);
  char      path[64];
  guint     a;

  for (a = 0; a < n_accounts; a++)
    {
      g_snprintf (path, sizeof path, "/accounts/%s/balance",
                  ids[(first + a * 104729u) % N_ACCOUNTS]);
      rdx_draft_set_int (draft, path, v);
    }
  return rdx_draft_finish (draft, NULL);
}

static double
run_updates (UpdateBench *b, UpdateFunc update)
{
  guint     n = N_UPDATES / scale, i;
  RdxValue *state = rdx_value_ref (b->state);
  gint64    start = bench_now_ns ();

  for (i = 0; i < n; i++)
    {
      RdxValue *next = update (state, i * 7919u, b->n, i);

      rdx_value_unref (state);
      state = next;
    }
  start = bench_now_ns () - start;
  if (rdx_map_size (rdx_map_get (state, "accounts")) != N_ACCOUNTS)
    bench_fail ("an update lost accounts");
  rdx_value_unref (state);
  return (double) start / n;
}

static double
nested_cb (gpointer data)
{
  UpdateBench *b = data;

  return run_updates (b, b->nested);
}

static double
draft_cb (gpointer data)
{
  UpdateBench *b = data;

  return run_updates (b, b->draft);
}

static void
bench_draft (void)
{
  UpdateBench b;
  guint       i, k;
  const guint counts[] = { 1, 3, 10 };

  b.state = accounts_state ();
  ids = g_new0 (char *, N_ACCOUNTS + 1);
  for (i = 0; i < N_ACCOUNTS; i++)
    ids[i] = g_strdup_printf ("acc-%u", i);

  /* Both give the same state. */
  {
    g_autoptr (RdxValue) x = update_nested (b.state, 5, 10, 42);
    g_autoptr (RdxValue) y = update_draft (b.state, 5, 10, 42);

    g_autoptr (RdxValue) z = spread_nested (b.state, 3, 10, 42);
    g_autoptr (RdxValue) w = spread_draft (b.state, 3, 10, 42);

    if (!rdx_value_equal (x, y) || !rdx_value_equal (z, w))
      bench_fail ("the draft and the nested calls disagree");
  }

  for (k = 0; k < G_N_ELEMENTS (counts); k++)
    {
      g_autofree char *what = g_strdup_printf ("2%c. %u field%s of one account in 10,000", 'a' + k,
                                               counts[k], counts[k] == 1 ? "" : "s");

      b.n = counts[k];
      b.nested = update_nested;
      b.draft = update_draft;
      compare (what, "nested map_set_take", nested_cb, "draft", draft_cb, &b);
    }

  for (k = 1; k < G_N_ELEMENTS (counts); k++)
    {
      g_autofree char *what =
        g_strdup_printf ("2%c. one field in each of %u accounts in 10,000", 'c' + k, counts[k]);

      b.n = counts[k];
      b.nested = spread_nested;
      b.draft = spread_draft;
      compare (what, "nested map_set_take", nested_cb, "draft", draft_cb, &b);
    }

  g_strfreev (ids);
  rdx_value_unref (b.state);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

  if (argc > 1 && strcmp (argv[1], "--quick") == 0)
    scale = 10;
  /* Measure the release behaviour: no development checks. */
  g_setenv ("RDX_DEV_CHECKS", "0", TRUE);

  bench_slice ();
  bench_draft ();
  return 0;
}

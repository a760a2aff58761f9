/* history.c: what RdxHistory costs, next to Redux DevTools' instrument
 *
 * The same work as bench/peers/devtools.mjs (see bench/peers/README.md):
 * a bank of 10,000 accounts with integer ids, state
 * {"accounts": {"<id>": {"id": <id>, "balance": <cents>}}} made with
 * rdx_combine_reducers(). rdx maps have string keys, so the integer ids
 * are written in decimal ("0".."9999"), which is also what a JavaScript
 * object does with them. Transfers come from mulberry32 with seed 42:
 * from = r() % 10000, to = r() % 9999 (+1 if >= from), amount =
 * 1 + r() % 100, all built before timing. The reducer copies the slice and
 * the two accounts (persistent updates), without an overdraft check.
 *
 * Prints, one per line ("name: value unit", bytes as integers):
 *   rdx history record: X µs/dispatch        (10,000 recorded transfers, median of 3)
 *   rdx history record overhead: X µs/dispatch (minus a plain store, median of 3)
 *   rdx history memory: X B/entry            (heap growth over those, median of 3)
 *   rdx history toggle first of 10000: X ms  (skip entry 1, recomputing 10,000; median of 3)
 *   rdx history toggle first of 10000, reducer calls alone: X ms
 *                                            (the same 9,999 reducer calls, no history)
 *   rdx history jump: X µs                   (random jumps, no listeners)
 *   rdx history 1000000 entries: X GiB       (heap growth recording 1,000,000 transfers)
 *   rdx history record, 100000 entries, no bound: X µs/dispatch
 *   rdx history record, bounded to 100000 entries: X µs/dispatch
 *                                            (20,000 transfers recorded onto 100,000, without
 *                                            and with max-entries 100,000, which folds the
 *                                            oldest entry into the base on each)
 *
 * `--quick` divides the 1,000,000 and the 100,000 by ten. Every phase checks that the
 * total money is unchanged. Run it from a debugoptimized build:
 *
 *   ./_build/bench/history
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rdx-devtools.h>

#define N_ACCOUNTS    10000
#define START_BALANCE 1000000
#define ENTRIES       10000
#define WARMUP        1000
#define REPEATS       3
#define JUMPS         10000
#define JUMP_WARMUP   2000
#define BIG_ENTRIES   1000000
#define BOUND         100000
#define BOUND_TIMED   20000
#define TRANSFER      "accounts.transfer"

static const char *ids[N_ACCOUNTS]; /* "0".."9999", interned */

/* mulberry32, as bench/peers/common.mjs */
typedef struct
{
  guint32 state;
} Rng;

static guint32
rng_next (Rng *rng)
{
  guint32 t;

  rng->state += 0x6d2b79f5u;
  t = rng->state;
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gint64
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return (gint64) mi.uordblks + (gint64) mi.hblkhd;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median3 (double v[REPEATS])
{
  qsort (v, REPEATS, sizeof (double), compare_doubles);
  return v[REPEATS / 2];
}

static void
report (const char *name, double value, const char *unit)
{
  if (unit[0] == 'B')
    printf ("%s: %.0f %s\n", name, value, unit);
  else
    printf ("%s: %.1f %s\n", name, value, unit);
  fflush (stdout);
}

G_GNUC_NORETURN static void
fail (const char *message)
{
  fprintf (stderr, "history: FAILED: %s\n", message);
  exit (1);
}

/* The bank */

static inline RdxValue *
add_to_balance (RdxValue *accounts, gint64 id, gint64 delta)
{
  const char *key = ids[id];
  RdxValue   *account = rdx_map_get (accounts, key);
  gint64      balance = rdx_value_get_int (rdx_map_get (account, "balance"));

  return rdx_map_set_take (
    accounts, key, rdx_map_set_take (account, "balance", rdx_value_new_int (balance + delta)));
}

static RdxValue *
accounts_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload;
  RdxValue *half;
  RdxValue *done;
  gint64    amount;

  if (state == NULL)
    return rdx_value_ref (user_data);
  if (!rdx_action_is (action, TRANSFER))
    return rdx_value_ref (state);

  payload = rdx_action_get_payload (action);
  amount = rdx_value_get_int (rdx_map_get (payload, "amount"));
  half = add_to_balance (state, rdx_value_get_int (rdx_map_get (payload, "from")), -amount);
  done = add_to_balance (half, rdx_value_get_int (rdx_map_get (payload, "to")), amount);
  rdx_value_unref (half);
  return done;
}

static RdxValue *
make_accounts (void)
{
  RdxMapBuilder *builder = rdx_map_builder_new (NULL);

  for (guint i = 0; i < N_ACCOUNTS; i++)
    rdx_map_builder_set_take (builder, ids[i],
                              rdx_map_new_take ("id", rdx_value_new_int (i), "balance",
                                                rdx_value_new_int (START_BALANCE), NULL));
  return rdx_map_builder_end (builder);
}

static RdxReducer *
make_reducer (void)
{
  g_autoptr (RdxReducer) accounts =
    rdx_reducer_new (accounts_reduce, make_accounts (), (GDestroyNotify) rdx_value_unref);

  return rdx_combine_reducers ("accounts", accounts, NULL);
}

static RdxAction **
make_transfers (guint count, guint32 seed)
{
  RdxAction **actions = g_new (RdxAction *, count);
  Rng         rng = { seed };

  for (guint i = 0; i < count; i++)
    {
      guint32 f = rng_next (&rng) % N_ACCOUNTS;
      guint32 t = rng_next (&rng) % (N_ACCOUNTS - 1);
      guint32 amount = 1 + rng_next (&rng) % 100;

      if (t >= f)
        t++;
      actions[i] = rdx_action_new_take (
        TRANSFER, rdx_map_new_take ("from", rdx_value_new_int (f), "to", rdx_value_new_int (t),
                                    "amount", rdx_value_new_int (amount), NULL));
    }
  return actions;
}

static void
free_transfers (RdxAction **actions, guint count)
{
  for (guint i = 0; i < count; i++)
    rdx_action_unref (actions[i]);
  g_free (actions);
}

static gint64
total_money (RdxValue *state)
{
  RdxValue  *accounts = rdx_map_get (state, "accounts");
  RdxMapIter iter;
  RdxValue  *account;
  gint64     total = 0;

  rdx_map_iter_init (&iter, accounts);
  while (rdx_map_iter_next (&iter, NULL, &account))
    total += rdx_value_get_int (rdx_map_get (account, "balance"));
  return total;
}

static void
check_money (const char *what, RdxValue *state)
{
  if (total_money (state) != (gint64) N_ACCOUNTS * START_BALANCE)
    fail (what);
}

static gint64
balance_of (RdxValue *state, gint64 id)
{
  return rdx_value_get_int (
    rdx_map_get (rdx_map_get (rdx_map_get (state, "accounts"), ids[id]), "balance"));
}

static RdxStore *
new_store (RdxReducer *reducer, RdxHistory *history)
{
  if (history == NULL)
    return rdx_store_new (reducer, NULL);
  return rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
}

static void
dispatch_all (RdxStore *store, RdxAction **actions, guint count)
{
  for (guint i = 0; i < count; i++)
    if (!rdx_store_dispatch (store, actions[i], NULL))
      fail ("a transfer failed");
}

int
main (int argc, char *argv[])
{
  gboolean    quick = argc > 1 && g_str_equal (argv[1], "--quick");
  guint       big = quick ? BIG_ENTRIES / 10 : BIG_ENTRIES;
  guint       bound = quick ? BOUND / 10 : BOUND;
  RdxReducer *reducer;
  RdxAction **actions;
  RdxAction **warm;
  RdxHistory *history = NULL;
  RdxStore   *store = NULL;
  double      plain_us[REPEATS], record_us[REPEATS], bytes[REPEATS], toggle_ms[REPEATS];
  double      plain, record;

  setlocale (LC_ALL, "");

  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      char key[8];

      g_snprintf (key, sizeof key, "%u", i);
      ids[i] = g_intern_string (key);
    }
  reducer = make_reducer ();
  actions = make_transfers (ENTRIES, 42);

  /* Warm-up: every code path once, on throw-away stores. */
  warm = make_transfers (WARMUP, 7);
  {
    g_autoptr (RdxStore) plain_store = new_store (reducer, NULL);
    g_autoptr (RdxHistory) warm_history = rdx_history_new (NULL);
    g_autoptr (RdxStore) warm_store = new_store (reducer, warm_history);
    Rng rng = { 7 };

    dispatch_all (plain_store, warm, WARMUP);
    dispatch_all (warm_store, warm, WARMUP);
    rdx_history_toggle (warm_history, 1);
    rdx_history_toggle (warm_history, 1);
    for (guint i = 0; i < JUMP_WARMUP; i++)
      rdx_history_jump (warm_history, rng_next (&rng) % (WARMUP + 1));
    rdx_history_jump (warm_history, WARMUP);
    check_money ("warm-up", rdx_store_get_state (warm_store));
  }
  free_transfers (warm, WARMUP);

  /* Record 10,000 transfers, and the same on a plain store. */
  for (guint rep = 0; rep < REPEATS; rep++)
    {
      g_autoptr (RdxStore) plain_store = new_store (reducer, NULL);
      gint64 start = now_ns ();
      gint64 heap_before;

      dispatch_all (plain_store, actions, ENTRIES);
      plain_us[rep] = (now_ns () - start) / 1e3 / ENTRIES;
      check_money ("plain", rdx_store_get_state (plain_store));
      g_clear_object (&plain_store);

      g_clear_object (&store);
      g_clear_object (&history);
      malloc_trim (0);
      history = rdx_history_new (NULL);
      store = new_store (reducer, history);
      heap_before = heap_in_use ();
      start = now_ns ();
      dispatch_all (store, actions, ENTRIES);
      record_us[rep] = (now_ns () - start) / 1e3 / ENTRIES;
      bytes[rep] = (double) (heap_in_use () - heap_before) / ENTRIES;
      if (g_list_model_get_n_items (G_LIST_MODEL (history)) != ENTRIES + 1)
        fail ("record: wrong number of entries");
      check_money ("record", rdx_store_get_state (store));
    }
  plain = median3 (plain_us);
  record = median3 (record_us);
  report ("rdx history record", record, "\u00b5s/dispatch");
  report ("rdx history record overhead", record - plain, "\u00b5s/dispatch");
  report ("rdx history memory", median3 (bytes), "B/entry");

  /* Toggle the first recorded transfer: every later state is recomputed. */
  {
    RdxValue *payload = rdx_action_get_payload (actions[0]);
    gint64    from = rdx_value_get_int (rdx_map_get (payload, "from"));
    gint64    to = rdx_value_get_int (rdx_map_get (payload, "to"));
    gint64    amount = rdx_value_get_int (rdx_map_get (payload, "amount"));
    g_autoptr (RdxValue) unskipped = rdx_store_dup_state (store);

    for (guint rep = 0; rep < REPEATS; rep++)
      {
        gint64    start = now_ns ();
        RdxValue *skipped;

        rdx_history_toggle (history, 1);
        toggle_ms[rep] = (now_ns () - start) / 1e6;

        skipped = rdx_store_get_state (store);
        if (balance_of (skipped, from) != balance_of (unskipped, from) + amount ||
            balance_of (skipped, to) != balance_of (unskipped, to) - amount)
          fail ("toggle: the skipped history does not match");
        check_money ("toggle", skipped);

        rdx_history_toggle (history, 1);
        if (!rdx_value_equal (rdx_store_get_state (store), unskipped))
          fail ("toggle: un-skipping did not restore the history");
      }
    report ("rdx history toggle first of 10000", median3 (toggle_ms), "ms");

    /* The same 9,999 reducer calls without the history, keeping every
     * state: what the toggle cannot go below. */
    for (guint rep = 0; rep < REPEATS; rep++)
      {
        RdxValue **states = g_new (RdxValue *, ENTRIES);
        RdxValue  *previous = rdx_history_entry_get_state (rdx_history_get_entry (history, 0));
        gint64     start = now_ns ();

        for (guint i = 1; i < ENTRIES; i++)
          previous = states[i] = rdx_reducer_reduce (reducer, previous, actions[i], NULL);
        toggle_ms[rep] = (now_ns () - start) / 1e6;
        for (guint i = 1; i < ENTRIES; i++)
          rdx_value_unref (states[i]);
        g_free (states);
      }
    report ("rdx history toggle first of 10000, reducer calls alone", median3 (toggle_ms), "ms");
  }

  /* Jump to random entries. */
  {
    guint *targets = g_new (guint, JUMPS);
    Rng    rng = { 42 };
    gint64 start;

    for (guint i = 0; i < JUMPS; i++)
      targets[i] = rng_next (&rng) % (ENTRIES + 1);
    for (guint i = 0; i < JUMP_WARMUP; i++)
      rdx_history_jump (history, targets[i % JUMPS]);
    start = now_ns ();
    for (guint i = 0; i < JUMPS; i++)
      rdx_history_jump (history, targets[i]);
    report ("rdx history jump", (now_ns () - start) / 1e3 / JUMPS, "\u00b5s");
    if (rdx_store_get_state (store) !=
        rdx_history_entry_get_state (rdx_history_get_entry (history, targets[JUMPS - 1])))
      fail ("jump: wrong state after the last jump");
    g_free (targets);
  }

  g_clear_object (&store);
  g_clear_object (&history);
  free_transfers (actions, ENTRIES);

  /* 1,000,000 entries: the same transfers on the same bank. */
  {
    RdxAction      **many = make_transfers (big, 42);
    gint64           heap_before;
    gint64           start;
    g_autofree char *name = g_strdup_printf ("rdx history %u entries", big);

    malloc_trim (0);
    heap_before = heap_in_use ();
    history = rdx_history_new (NULL);
    store = new_store (reducer, history);
    start = now_ns ();
    dispatch_all (store, many, big);
    report (name, (double) (heap_in_use () - heap_before) / (1024.0 * 1024.0 * 1024.0), "GiB");
    g_free (name);
    name = g_strdup_printf ("rdx history record (%u-entry run)", big);
    report (name, (now_ns () - start) / 1e3 / big, "\u00b5s/dispatch");
    check_money ("1,000,000", rdx_store_get_state (store));
    g_clear_object (&store);
    g_clear_object (&history);
    free_transfers (many, big);
  }

  /* Recording onto a full history, without and with a bound. */
  {
    RdxAction **more = make_transfers (bound + BOUND_TIMED, 43);

    for (guint bounded = 0; bounded < 2; bounded++)
      {
        g_autofree char *name = NULL;
        gint64           start;

        history = rdx_history_new (NULL);
        if (bounded)
          rdx_history_set_max_entries (history, bound);
        store = new_store (reducer, history);
        dispatch_all (store, more, bound);
        start = now_ns ();
        dispatch_all (store, more + bound, BOUND_TIMED);
        name = bounded ? g_strdup_printf ("rdx history record, bounded to %u entries", bound)
                       : g_strdup_printf ("rdx history record, %u entries, no bound", bound);
        report (name, (now_ns () - start) / 1e3 / BOUND_TIMED, "\u00b5s/dispatch");
        if (g_list_model_get_n_items (G_LIST_MODEL (history)) !=
            (bounded ? bound : bound + BOUND_TIMED + 1))
          fail ("bounded: wrong number of entries");
        check_money ("bounded", rdx_store_get_state (store));
        g_clear_object (&store);
        g_clear_object (&history);
      }
    free_transfers (more, bound + BOUND_TIMED);
  }

  rdx_reducer_unref (reducer);
  return 0;
}

/* values.c: benchmarks of persistent values
 *
 * Prints one line per figure, "name: X ns/op" or "name: Y B/state", with
 * fixed operation counts and a fixed seed, so runs compare. `--quick`
 * divides the counts by ten. Run it from a debugoptimized build:
 *
 *   ./_build/bench/values
 *
 * Figures (issue 3):
 *  1. map set and get in a map of 10,000 string keys;
 *  2. a bank transfer: two account balances updated the way a reducer
 *     would, in a map of 10,000 accounts, the previous state released;
 *     bank_transfer_owned: the same with the owned updates (issue 17),
 *     in place since nobody else holds the previous state;
 *  3. the same keeping every one of 100,000 successive states alive:
 *     the heap bytes each kept state costs, and the time per transfer;
 *     bank_transfer_keep_all_update: each account changed with
 *     rdx_map_update (), which finds the key once; _owned: with the owned
 *     updates on a new reference to the kept state, as a store that keeps
 *     every state runs an owned reducer (the first update copies, the
 *     second changes the copy in place);
 *  4. list append up to 1,000,000 elements, set and get at random indices;
 *  5. rdx_value_diff between two states one change apart, in maps of
 *     1,000 and 100,000 accounts, and the ratio of the two;
 *  6. reading and writing the JSON of a journal's payloads: a deposit
 *     ({"amount", "id"}) and a transfer ({"amount", "from", "id", "to"}),
 *     one transfer in ten, as rdx_value_from_json () and
 *     rdx_value_to_json () see them when a journal is replayed or written.
 *
 * `json` runs only figure 6 (for a profiler).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rdx.h>

#define SEED       G_GUINT64_CONSTANT (0x5eed5eed12345678)
#define N_ACCOUNTS 10000

static guint scale = 1;

/* xorshift64*: a fixed, fast PRNG, so the generator does not weigh on the
 * figures. */
static guint64 prng_state = SEED;

static inline guint32
prng_next (void)
{
  prng_state ^= prng_state >> 12;
  prng_state ^= prng_state << 25;
  prng_state ^= prng_state >> 27;
  return (guint32) ((prng_state * G_GUINT64_CONSTANT (2685821657736338717)) >> 32);
}

static inline guint
prng_below (guint n)
{
  return (guint) (((guint64) prng_next () * n) >> 32);
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
per_op (gint64 start, guint n)
{
  return (double) (now_ns () - start) / n;
}

static void
print_ns (const char *name, double ns)
{
  printf ("%s: %.1f ns/op\n", name, ns);
  fflush (stdout);
}

/* Bytes the heap hands out now: small chunks plus mmapped ones. */
static gint64
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return (gint64) mi.uordblks + (gint64) mi.hblkhd;
}

static char **
make_keys (const char *format, guint n)
{
  char **keys = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    keys[i] = g_strdup_printf (format, i);
  return keys;
}

/* 1. Map set and get */

static void
bench_map (void)
{
  g_auto (GStrv) keys = make_keys ("key-%05u", N_ACCOUNTS);
  RdxMapBuilder *builder = rdx_map_builder_new (NULL);
  RdxValue      *map;
  guint          n = 1000000 / scale;
  gint64         start;
  gint64         sum = 0;

  for (guint i = 0; i < N_ACCOUNTS; i++)
    rdx_map_builder_set_take (builder, keys[i], rdx_value_new_int (i));
  map = rdx_map_builder_end (builder);

  start = now_ns ();
  for (guint i = 0; i < n; i++)
    {
      RdxValue *next = rdx_map_set_take (map, keys[prng_below (N_ACCOUNTS)], rdx_value_new_int (i));

      rdx_value_unref (map);
      map = next;
    }
  print_ns ("map_set_10k", per_op (start, n));

  start = now_ns ();
  for (guint i = 0; i < n; i++)
    sum += rdx_value_get_int (rdx_map_get (map, keys[prng_below (N_ACCOUNTS)]));
  print_ns ("map_get_10k", per_op (start, n));

  if (sum == G_MININT64) /* keeps the loop from being optimised away */
    printf ("%" G_GINT64_FORMAT "\n", sum);
  rdx_value_unref (map);
}

/* 2. and 3. Bank transfers */

static RdxValue *
make_bank (char **keys, guint n_accounts)
{
  RdxMapBuilder *builder = rdx_map_builder_new (NULL);

  for (guint i = 0; i < n_accounts; i++)
    rdx_map_builder_set_take (builder, keys[i],
                              rdx_map_new_take ("id", rdx_value_new_string (keys[i]), "balance",
                                                rdx_value_new_int (100000), NULL));
  return rdx_map_builder_end (builder);
}

static gint64
total_balance (RdxValue *accounts)
{
  RdxMapIter iter;
  RdxValue  *account;
  gint64     total = 0;

  rdx_map_iter_init (&iter, accounts);
  while (rdx_map_iter_next (&iter, NULL, &account))
    total += rdx_value_get_int (rdx_map_get (account, "balance"));
  return total;
}

/* Returns @accounts with @delta added to the balance of @key, as a reducer
 * would: a new account map, a new accounts map. */
static inline RdxValue *
add_to_balance (RdxValue *accounts, const char *key, gint64 delta)
{
  RdxValue *account = rdx_map_get (accounts, key);
  gint64    balance = rdx_value_get_int (rdx_map_get (account, "balance"));
  RdxValue *updated = rdx_map_set_take (account, "balance", rdx_value_new_int (balance + delta));

  return rdx_map_set_take (accounts, key, updated);
}

static RdxValue *
add_cents_cb (RdxValue *account, gpointer user_data)
{
  gint64 delta = *(const gint64 *) user_data;

  return rdx_map_set_owned (
    account, "balance",
    rdx_value_new_int (rdx_value_get_int (rdx_map_get (account, "balance")) + delta));
}

/* The PRNG's next transfer: two different accounts and an amount. */
static inline void
draw_transfer (guint *from, guint *to, gint64 *amount)
{
  *from = prng_below (N_ACCOUNTS);
  *to = prng_below (N_ACCOUNTS - 1);
  *amount = 1 + prng_below (10000);
  if (*to >= *from)
    (*to)++;
}

/* The same transfer on accounts the caller owns (its reference to
 * @accounts is taken): in place when nobody else holds them. */
static inline RdxValue *
transfer_owned (RdxValue *accounts, char **keys)
{
  guint  from, to;
  gint64 amount, debit;

  draw_transfer (&from, &to, &amount);
  debit = -amount;
  accounts = rdx_map_update_owned (accounts, keys[from], add_cents_cb, &debit);
  return rdx_map_update_owned (accounts, keys[to], add_cents_cb, &amount);
}

/* One transfer between two different accounts, chosen by the PRNG. */
static inline RdxValue *
transfer (RdxValue *accounts, char **keys)
{
  guint     from, to;
  gint64    amount;
  RdxValue *half;
  RdxValue *done;

  draw_transfer (&from, &to, &amount);
  half = add_to_balance (accounts, keys[from], -amount);
  done = add_to_balance (half, keys[to], amount);
  rdx_value_unref (half);
  return done;
}

static RdxValue *
add_cents_update_cb (RdxValue *account, gpointer user_data, GError **error)
{
  gint64 delta = *(const gint64 *) user_data;

  return rdx_map_set_take (
    account, "balance",
    rdx_value_new_int (rdx_value_get_int (rdx_map_get (account, "balance")) + delta));
}

/* The transfer with rdx_map_update (): each account found once. */
static inline RdxValue *
transfer_update (RdxValue *accounts, char **keys)
{
  guint     from, to;
  gint64    amount, debit;
  RdxValue *half;
  RdxValue *done;

  draw_transfer (&from, &to, &amount);
  debit = -amount;
  half = rdx_map_update (accounts, keys[from], add_cents_update_cb, &debit, NULL);
  done = rdx_map_update (half, keys[to], add_cents_update_cb, &amount, NULL);
  rdx_value_unref (half);
  return done;
}

typedef RdxValue *(*TransferFunc) (RdxValue *accounts, char **keys);

/* 3. Every state kept: the time per transfer and the heap bytes per kept
 * state. Returns whether the money is all there in the last state. */
static gboolean
bench_keep_all (const char *name, TransferFunc transfer_func, RdxValue *state, char **keys)
{
  guint      n_kept = 100000 / scale;
  RdxValue **kept = g_new0 (RdxValue *, n_kept + 1);
  gint64     expected = total_balance (state);
  gint64     heap_before;
  gint64     start;
  gboolean   ok;

  /* The array of pointers is allocated before, so it is not counted. */
  kept[0] = rdx_value_ref (state);
  heap_before = heap_in_use ();
  start = now_ns ();
  for (guint i = 1; i <= n_kept; i++)
    kept[i] = transfer_func (kept[i - 1], keys);
  print_ns (name, per_op (start, n_kept));
  printf ("%s: %.0f B/state\n", name, (double) (heap_in_use () - heap_before) / n_kept);

  /* Every kept state is whole: the first is the state given. */
  ok = total_balance (kept[n_kept]) == expected && kept[0] == state;
  for (guint i = 0; i <= n_kept; i++)
    rdx_value_unref (kept[i]);
  g_free (kept);
  /* The memory goes back to the system, so that the next run starts from
   * the same heap as this one did: reusing freed memory is faster than
   * taking new pages, and would flatter whichever run comes second. */
  malloc_trim (0);
  return ok;
}

/* The owned transfer on a new reference: the kept state stays. */
static RdxValue *
transfer_owned_kept (RdxValue *accounts, char **keys)
{
  return transfer_owned (rdx_value_ref (accounts), keys);
}

static gboolean
bench_bank (void)
{
  g_auto (GStrv) keys = make_keys ("acc-%05u", N_ACCOUNTS);
  RdxValue *state = make_bank (keys, N_ACCOUNTS);
  gint64    expected = total_balance (state);
  guint     n = 1000000 / scale;
  gint64    start;
  gint64    total;
  gboolean  ok;

  /* 2. The previous state is released after each transfer. */
  start = now_ns ();
  for (guint i = 0; i < n; i++)
    {
      RdxValue *next = transfer (state, keys);

      rdx_value_unref (state);
      state = next;
    }
  print_ns ("bank_transfer", per_op (start, n));

  /* 2b. The same, owned: the previous state is nobody's, so in place. */
  start = now_ns ();
  for (guint i = 0; i < n; i++)
    state = transfer_owned (state, keys);
  print_ns ("bank_transfer_owned", per_op (start, n));
  total = total_balance (state);

  /* 3. Every state kept. Memory is the heap in use (mallinfo2: uordblks
   * + hblkhd) after the run minus before it, over the states kept. */
  ok = total == expected;
  ok &= bench_keep_all ("bank_transfer_keep_all", transfer, state, keys);
  ok &= bench_keep_all ("bank_transfer_keep_all_update", transfer_update, state, keys);
  ok &= bench_keep_all ("bank_transfer_keep_all_owned", transfer_owned_kept, state, keys);
  printf ("money_check: %s (%" G_GINT64_FORMAT " cents before, %" G_GINT64_FORMAT " after)\n",
          ok ? "ok" : "FAILED", expected, total);

  rdx_value_unref (state);
  return ok;
}

/* 4. Lists */

static void
bench_list (void)
{
  guint     n = 1000000 / scale;
  RdxValue *list = rdx_list_new ();
  gint64    start;
  gint64    sum = 0;

  start = now_ns ();
  for (guint i = 0; i < n; i++)
    {
      RdxValue *next = rdx_list_append_take (list, rdx_value_new_int (i));

      rdx_value_unref (list);
      list = next;
    }
  print_ns ("list_append_1m", per_op (start, n));

  start = now_ns ();
  for (guint i = 0; i < n; i++)
    {
      RdxValue *next = rdx_list_set (list, prng_below (n), rdx_value_new_int (-(gint64) i));

      rdx_value_unref (list);
      list = next;
    }
  print_ns ("list_set_1m", per_op (start, n));

  start = now_ns ();
  for (guint i = 0; i < n; i++)
    sum += rdx_value_get_int (rdx_list_get (list, prng_below (n)));
  print_ns ("list_get_1m", per_op (start, n));

  if (sum == G_MININT64)
    printf ("%" G_GINT64_FORMAT "\n", sum);
  rdx_value_unref (list);
}

/* 5. Diff */

static gboolean
count_change_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

/* Times diffs of pairs of states one balance apart, in a map of @n
 * accounts. Returns ns/op, or a negative number if a diff did not report
 * exactly one change. */
static double
bench_diff_one (guint n)
{
  g_auto (GStrv) keys = make_keys ("acc-%05u", n);
  RdxValue *base = make_bank (keys, n);
  RdxValue *changed[256];
  guint     ops = 1000000 / scale;
  guint     changes = 0;
  gint64    start;
  double    ns;

  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    changed[i] = add_to_balance (base, keys[prng_below (n)], 1 + i);

  start = now_ns ();
  for (guint i = 0; i < ops; i++)
    rdx_value_diff (base, changed[i % G_N_ELEMENTS (changed)], count_change_cb, &changes);
  ns = per_op (start, ops);

  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    rdx_value_unref (changed[i]);
  rdx_value_unref (base);
  return changes == ops ? ns : -1.0;
}

static gboolean
bench_diff (void)
{
  double small = bench_diff_one (1000);
  double large = bench_diff_one (100000);

  print_ns ("diff_1change_1k", small);
  print_ns ("diff_1change_100k", large);
  printf ("diff_ratio_100k_over_1k: %.2f x\n", large / small);
  return small > 0 && large > 0;
}

/* 6. JSON of journal payloads */

static gboolean
bench_json (void)
{
  static const char *const docs[] = {
    "{\"amount\":4711,\"id\":\"acct-004242\"}",
    "{\"amount\":31337,\"from\":\"acct-000017\",\"id\":\"tx-0001234\",\"to\":\"acct-009876\"}",
  };
  RdxValue *parsed[G_N_ELEMENTS (docs)];
  guint     ops = 2000000 / scale;
  gsize     total = 0, expected = 0;
  gint64    start;

  for (guint i = 0; i < ops; i++)
    expected += i % 10 == 0 ? 4 : 2;

  start = now_ns ();
  for (guint i = 0; i < ops; i++)
    {
      RdxValue *value = rdx_value_from_json (docs[i % 10 == 0], -1, NULL);

      total += rdx_map_size (value);
      rdx_value_unref (value);
    }
  print_ns ("json_parse_payload", per_op (start, ops));

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    parsed[i] = rdx_value_from_json (docs[i], -1, NULL);
  start = now_ns ();
  for (guint i = 0; i < ops; i++)
    {
      char *text = rdx_value_to_json (parsed[i % 10 == 0]);

      total += text[0] == '{' ? 0 : 1;
      g_free (text);
    }
  print_ns ("json_write_payload", per_op (start, ops));
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    rdx_value_unref (parsed[i]);
  return total == expected;
}

int
main (int argc, char *argv[])
{
  gint64   start = now_ns ();
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");

  if (argc > 1 && strcmp (argv[1], "--quick") == 0)
    scale = 10;
  else if (argc > 1 && strcmp (argv[1], "json") == 0)
    return bench_json () ? 0 : 1;
  else if (argc > 1)
    {
      fprintf (stderr, "Usage: %s [--quick | json]\n", argv[0]);
      return 2;
    }

  bench_map ();
  ok = bench_bank () && ok;
  bench_list ();
  if (!bench_diff ())
    {
      printf ("diff_check: FAILED (a diff did not report exactly one change)\n");
      ok = FALSE;
    }
  if (!bench_json ())
    {
      printf ("json_check: FAILED (a payload did not read back with its keys)\n");
      ok = FALSE;
    }
  printf ("total_time: %.1f s\n", (double) (now_ns () - start) / 1e9);
  return ok ? 0 : 1;
}

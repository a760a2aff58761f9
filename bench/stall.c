/* stall.c: how long a dispatch can stall while the journal writes an
 * interval snapshot of a large state
 *
 * A journal whose state has 10,000 accounts and 100,000 transactions
 * (about 10 MB of JSON) is made with one state replacement; then bank
 * transfers are dispatched one after the other with an interval snapshot
 * every INTERVAL actions (INTERVAL / 5 with sync or paced), and each dispatch is timed. It prints, per
 * durability policy, the median dispatch, the worst dispatch of the run,
 * the worst of a run of the same length with no interval snapshot (what
 * commits and the machine's load alone cost) and how many snapshots the
 * file holds at the end; and the most processor time the store's thread
 * spent in one dispatch (which the load of other programs does not
 * change; waits, as for a flush, do not count).
 *
 * "paced" runs batched with a pause of 1 ms after each dispatch, as an
 * application driven by a person or the network would.
 *
 *   ./_build/bench/stall [sync|batched|none|paced]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <rdx.h>
#include <sqlite3.h>

#include "bench-util.h"

#define APP_ID           "org.rdx.StallBench"
#define N_ACCOUNTS       10000
#define N_TRANSACTIONS   100000
#define INTERVAL         2000
#define SNAPSHOTS_IN_RUN 5

static guint64 prng_state = G_GUINT64_CONSTANT (0x5eed5eed12345678);

static guint32
prng_next (void)
{
  prng_state ^= prng_state >> 12;
  prng_state ^= prng_state << 25;
  prng_state ^= prng_state >> 27;
  return (guint32) ((prng_state * G_GUINT64_CONSTANT (2685821657736338717)) >> 32);
}

static guint
prng_below (guint n)
{
  return (guint) (((guint64) prng_next () * n) >> 32);
}

static char *
account_id (guint i)
{
  return g_strdup_printf ("acc-%05u", i);
}

static RdxValue *
transfer_payload (guint n)
{
  g_autofree char *from = account_id (prng_below (N_ACCOUNTS));
  g_autofree char *to = account_id (prng_below (N_ACCOUNTS));

  return rdx_map_new_take ("amount", rdx_value_new_int (1 + prng_below (50000)), "from",
                           rdx_value_new_string (from), "id", rdx_value_new_printf ("tx-%07u", n),
                           "to", rdx_value_new_string (to), NULL);
}

static gint64
get_int (RdxValue *map, const char *key)
{
  RdxValue *value = rdx_map_get (map, key);

  return value != NULL && rdx_value_is_int (value) ? rdx_value_get_int (value) : 0;
}

static RdxValue *
adjust_balance (RdxValue *accounts, const char *id, gint64 delta)
{
  RdxValue *account = rdx_map_get (accounts, id);
  g_autoptr (RdxValue) updated = NULL;

  if (account == NULL)
    return rdx_value_ref (accounts);
  updated =
    rdx_map_set_take (account, "balance", rdx_value_new_int (get_int (account, "balance") + delta));
  return rdx_map_set (accounts, id, updated);
}

/* A transfer moves money and records the transaction; nothing else. */
static RdxValue *
bank_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  g_autoptr (RdxValue) debited = NULL;
  g_autoptr (RdxValue) credited = NULL;
  gint64 amount;

  if (state == NULL)
    return rdx_map_new_take ("accounts", rdx_map_new (), "transactions", rdx_map_new (), NULL);
  if (!rdx_action_is (action, "transfers.completed"))
    return rdx_value_ref (state);

  amount = get_int (payload, "amount");
  debited = adjust_balance (rdx_map_get (state, "accounts"),
                            rdx_value_get_string (rdx_map_get (payload, "from")), -amount);
  credited = adjust_balance (debited, rdx_value_get_string (rdx_map_get (payload, "to")), amount);
  return rdx_map_new_take ("accounts", g_steal_pointer (&credited), "transactions",
                           rdx_map_set (rdx_map_get (state, "transactions"),
                                        rdx_value_get_string (rdx_map_get (payload, "id")),
                                        payload),
                           NULL);
}

static RdxValue *
big_state (void)
{
  RdxMapBuilder *accounts = rdx_map_builder_new (NULL);
  RdxMapBuilder *transactions = rdx_map_builder_new (NULL);

  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autofree char *id = account_id (i);

      rdx_map_builder_set_take (accounts, id,
                                rdx_map_new_take ("balance", rdx_value_new_int (100000), "id",
                                                  rdx_value_new_string (id), "name",
                                                  rdx_value_new_printf ("Account %u", i), NULL));
    }
  for (guint i = 0; i < N_TRANSACTIONS; i++)
    {
      g_autoptr (RdxValue) payload = transfer_payload (i);

      rdx_map_builder_set (transactions, rdx_value_get_string (rdx_map_get (payload, "id")),
                           payload);
    }
  return rdx_map_new_take ("accounts", rdx_map_builder_end (accounts), "transactions",
                           rdx_map_builder_end (transactions), NULL);
}

static gint64
count_snapshots (const char *path)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        n = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM snapshots WHERE origin = 'interval'", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
remove_journal (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

typedef struct
{
  double  median_us;
  double  worst_us;
  double  worst_cpu_us; /* the store's thread's own processor time */
  gint64  n_snapshots;
  guint64 worst_seq;
  guint   n_over_2ms;
} RunResult;

/* One run: a fresh journal holding @state, then @n transfers. */
static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static RunResult
run (const char          *dir,
     RdxValue            *state,
     RdxJournalDurability durability,
     guint                interval,
     guint                n,
     guint                pause_us)
{
  g_autofree char *path = g_build_filename (dir, "stall.db", NULL);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);
  g_autoptr (RdxJournalOptions) options = rdx_journal_options_new (APP_ID, reducer);
  g_autoptr (GError) error = NULL;
  g_autofree double *times = g_new (double, n);
  RunResult          result = { 0 };
  RdxJournal        *journal;
  RdxStore          *store;

  rdx_journal_options_set_durability (options, durability);
  rdx_journal_options_set_snapshot_interval (options, interval);
  journal = rdx_journal_open (path, options, &error);
  if (journal == NULL)
    bench_fail ("%s", error->message);
  store = rdx_journal_new_store (journal, NULL, 0);
  if (!rdx_store_replace_state (store, state, "the bench's state", &error) ||
      !rdx_journal_flush (journal, &error))
    bench_fail ("%s", error->message);

  for (guint i = 0; i < n; i++)
    {
      RdxAction *action =
        rdx_action_new_take ("transfers.completed", transfer_payload (N_TRANSACTIONS + i));
      gint64 start = bench_now_ns ();
      gint64 cpu = thread_cpu_ns ();

      if (!rdx_store_dispatch_take (store, action, &error))
        bench_fail ("%s", error->message);
      times[i] = (bench_now_ns () - start) / 1e3;
      result.worst_cpu_us = MAX (result.worst_cpu_us, (thread_cpu_ns () - cpu) / 1e3);
      result.n_over_2ms += times[i] > 2000;
      if (times[i] > 2000 && g_getenv ("STALL_VERBOSE") != NULL)
        fprintf (stderr, "  event %" G_GUINT64_FORMAT ": %.2f ms\n",
                 rdx_journal_get_last_sequence (journal), times[i] / 1e3);
      if (times[i] > result.worst_us)
        {
          result.worst_us = times[i];
          result.worst_seq = rdx_journal_get_last_sequence (journal);
        }
      /* As an application's main loop would: the batch timer. */
      g_main_context_iteration (NULL, FALSE);
      if (pause_us > 0)
        g_usleep (pause_us);
    }

  if (!rdx_journal_close (journal, &error))
    bench_fail ("%s", error->message);
  g_object_unref (store);
  g_object_unref (journal);
  result.n_snapshots = count_snapshots (path);
  bench_sort (times, n);
  result.median_us = times[n / 2];
  remove_journal (path);
  return result;
}

static void
bench_policy (const char          *dir,
              RdxValue            *state,
              RdxJournalDurability durability,
              guint                pause_us,
              const char          *name)
{
  /* With sync, or paced, a shorter run. */
  guint interval =
    durability == RDX_JOURNAL_DURABILITY_SYNC || pause_us > 0 ? INTERVAL / 5 : INTERVAL;
  guint     n = interval * SNAPSHOTS_IN_RUN + interval / 2;
  RunResult with, without;

  /* Alternate: with snapshots, without. */
  with = run (dir, state, durability, interval, n, pause_us);
  without = run (dir, state, durability, 0, n, pause_us);
  printf ("%s, %u dispatches: median %.1f µs; worst with %" G_GINT64_FORMAT
          " interval snapshots %.2f ms (at event %" G_GUINT64_FORMAT
          ", %u over 2 ms, worst processor time of the store's thread %.2f ms); worst without "
          "snapshots %.2f ms (at event %" G_GUINT64_FORMAT
          ", %u over 2 ms, processor time %.2f ms)\n",
          name, n, with.median_us, with.n_snapshots, with.worst_us / 1e3, with.worst_seq,
          with.n_over_2ms, with.worst_cpu_us / 1e3, without.worst_us / 1e3, without.worst_seq,
          without.n_over_2ms, without.worst_cpu_us / 1e3);
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) state = NULL;
  g_autofree char *dir = NULL;
  gboolean         sync = TRUE, batched = TRUE, none = TRUE, paced = TRUE;

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "sync") == 0)
        batched = none = paced = FALSE;
      else if (strcmp (argv[i], "batched") == 0)
        sync = none = paced = FALSE;
      else if (strcmp (argv[i], "none") == 0)
        sync = batched = paced = FALSE;
      else if (strcmp (argv[i], "paced") == 0)
        sync = batched = none = FALSE;
    }

  dir = g_dir_make_tmp ("rdx-stall-bench-XXXXXX", &error);
  if (dir == NULL)
    bench_fail ("%s", error->message);
  state = big_state ();

  if (batched)
    bench_policy (dir, state, RDX_JOURNAL_DURABILITY_BATCHED, 0, "batched");
  if (none)
    bench_policy (dir, state, RDX_JOURNAL_DURABILITY_NONE, 0, "none");
  if (paced)
    bench_policy (dir, state, RDX_JOURNAL_DURABILITY_BATCHED, 1000, "batched, one dispatch per ms");
  if (sync)
    bench_policy (dir, state, RDX_JOURNAL_DURABILITY_SYNC, 0, "sync");

  g_rmdir (dir);
  return 0;
}

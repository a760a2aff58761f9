/* journal.c: benchmarks of the event journal
 *
 * Prints one line per figure, "name: X unit", with fixed counts and a fixed
 * seed. `--quick` divides the counts by ten; `append` or `cold` runs only
 * those figures, `batched` only the batched append (for a profiler). Run it from a debugoptimized build:
 *
 *   ./_build/bench/journal
 *
 * Figures (issue 7):
 *  1. append throughput per durability policy, for a bank transfer
 *     (two balances and a new transaction), in a state of 10,000 accounts;
 *  2. cold start: a journal of 1,000,000 bank actions (10,000 accounts
 *     opened, then deposits, withdrawals and 100,000 transfers), rebuilt
 *     with no snapshot: the whole replay, and where its time goes;
 *  3. cold start from a snapshot 1,000 actions from the end, whose state
 *     has 10,000 accounts and about 100,000 transactions.
 *
 * `--owned` rebuilds with the same reducer written with the owned updates
 * (rdx_reducer_new_owned (), rdx_map_update_owned ()), which change the
 * state the rebuild owns in place; the journal is written with the
 * path-copying one either way, so the rebuild must match its digests.
 *
 * The journal lives in a temporary directory, removed at the end. The page
 * cache is warm: the figures are for a journal the system has in memory.
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

#include "rdx-journal-private.h"

#define APP_ID     "org.rdx.JournalBench"
#define N_ACCOUNTS 10000
#define SEED       G_GUINT64_CONSTANT (0x5eed5eed12345678)

static guint   scale = 1;
static guint64 prng_state = SEED;

/* xorshift64*: fixed and fast. */
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
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
print_figure (const char *name, double value, const char *unit)
{
  printf ("%s: %.*f %s\n", name, value >= 100 ? 0 : value >= 10 ? 1 : 2, value, unit);
  fflush (stdout);
}

/* The bank */

static gint64
get_int (RdxValue *map, const char *key)
{
  RdxValue *value = rdx_map_get (map, key);

  return value != NULL && rdx_value_is_int (value) ? rdx_value_get_int (value) : 0;
}

/* Returns @state with account @id's balance changed by @delta. */
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

static RdxValue *
bank_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue   *payload = rdx_action_get_payload (action);
  RdxValue   *accounts;
  const char *type = rdx_action_get_type_name (action);
  RdxValue   *id;
  g_autoptr (RdxValue) next_accounts = NULL;

  if (state == NULL)
    return rdx_map_new_take ("accounts", rdx_map_new (), "transactions", rdx_map_new (), NULL);
  if (!rdx_value_is_map (payload))
    return rdx_value_ref (state);

  accounts = rdx_map_get (state, "accounts");
  id = rdx_map_get (payload, "id");

  if (strcmp (type, "transfers.completed") == 0)
    {
      g_autoptr (RdxValue) debited = NULL;
      g_autoptr (RdxValue) with_tx = NULL;
      RdxValue *from = rdx_map_get (payload, "from");
      RdxValue *to = rdx_map_get (payload, "to");
      gint64    amount = get_int (payload, "amount");

      if (from == NULL || to == NULL || id == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a transfer needs from/to/id");
          return NULL;
        }
      debited = adjust_balance (accounts, rdx_value_get_string (from), -amount);
      next_accounts = adjust_balance (debited, rdx_value_get_string (to), amount);
      with_tx =
        rdx_map_set (rdx_map_get (state, "transactions"), rdx_value_get_string (id), payload);
      return rdx_map_new_take ("accounts", g_steal_pointer (&next_accounts), "transactions",
                               g_steal_pointer (&with_tx), NULL);
    }
  if (id == NULL)
    return rdx_value_ref (state);
  if (strcmp (type, "accounts.opened") == 0)
    next_accounts = rdx_map_set (accounts, rdx_value_get_string (id), payload);
  else if (strcmp (type, "accounts.deposited") == 0)
    next_accounts =
      adjust_balance (accounts, rdx_value_get_string (id), get_int (payload, "amount"));
  else if (strcmp (type, "accounts.withdrew") == 0)
    next_accounts =
      adjust_balance (accounts, rdx_value_get_string (id), -get_int (payload, "amount"));
  else
    return rdx_value_ref (state);
  return rdx_map_set (state, "accounts", next_accounts);
}

/* The same reducer written with the owned updates (`--owned`): the
 * rebuild owns its state, so accounts and transactions change in place
 * (docs/values.md, "In place when unshared"). */
typedef struct
{
  const char *from; /* NULL: one account, @to */
  const char *to;
  gint64      amount;
} BalanceEdit;

static RdxValue *
add_to_balance (RdxValue *account, gpointer user_data)
{
  gint64 delta = *(gint64 *) user_data;

  return rdx_map_set_owned (account, "balance",
                            rdx_value_new_int (get_int (account, "balance") + delta));
}

static RdxValue *
adjust_balance_owned (RdxValue *accounts, const char *id, gint64 delta)
{
  if (rdx_map_get (accounts, id) == NULL)
    return accounts;
  return rdx_map_update_owned (accounts, id, add_to_balance, &delta);
}

static RdxValue *
edit_balances (RdxValue *accounts, gpointer user_data)
{
  BalanceEdit *edit = user_data;

  if (edit->from != NULL)
    accounts = adjust_balance_owned (accounts, edit->from, -edit->amount);
  return adjust_balance_owned (accounts, edit->to, edit->amount);
}

typedef struct
{
  const char *key;
  RdxValue   *value;
} SetEdit;

static RdxValue *
set_key (RdxValue *map, gpointer user_data)
{
  SetEdit *edit = user_data;

  return rdx_map_set_owned (map, edit->key, rdx_value_ref (edit->value));
}

static gboolean
bank_reducer_owned (RdxValue **state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue   *payload = rdx_action_get_payload (action);
  const char *type = rdx_action_get_type_name (action);
  RdxValue   *id;

  if (*state == NULL)
    {
      *state = rdx_map_new_take ("accounts", rdx_map_new (), "transactions", rdx_map_new (), NULL);
      return TRUE;
    }
  if (!rdx_value_is_map (payload))
    return TRUE;

  id = rdx_map_get (payload, "id");
  if (strcmp (type, "transfers.completed") == 0)
    {
      RdxValue   *from = rdx_map_get (payload, "from");
      RdxValue   *to = rdx_map_get (payload, "to");
      BalanceEdit edit;
      SetEdit     tx;

      if (from == NULL || to == NULL || id == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a transfer needs from/to/id");
          return FALSE;
        }
      edit = (BalanceEdit){ rdx_value_get_string (from), rdx_value_get_string (to),
                            get_int (payload, "amount") };
      tx = (SetEdit){ rdx_value_get_string (id), payload };
      *state = rdx_map_update_owned (*state, "accounts", edit_balances, &edit);
      *state = rdx_map_update_owned (*state, "transactions", set_key, &tx);
      return TRUE;
    }
  if (id == NULL)
    return TRUE;
  if (strcmp (type, "accounts.opened") == 0)
    {
      SetEdit edit = { rdx_value_get_string (id), payload };

      *state = rdx_map_update_owned (*state, "accounts", set_key, &edit);
    }
  else if (strcmp (type, "accounts.deposited") == 0 || strcmp (type, "accounts.withdrew") == 0)
    {
      gint64      amount = get_int (payload, "amount");
      BalanceEdit edit = { NULL, rdx_value_get_string (id),
                           strcmp (type, "accounts.withdrew") == 0 ? -amount : amount };

      *state = rdx_map_update_owned (*state, "accounts", edit_balances, &edit);
    }
  return TRUE;
}

static gboolean owned_reducer = FALSE;

static char *
account_id (guint i)
{
  return g_strdup_printf ("acc-%05u", i);
}

static RdxAction *
open_account (guint i)
{
  g_autofree char *id = account_id (i);

  return rdx_action_new_take ("accounts.opened",
                              rdx_map_new_take ("balance", rdx_value_new_int (100000), "id",
                                                rdx_value_new_string (id), "name",
                                                rdx_value_new_printf ("Account %u", i), NULL));
}

static RdxAction *
transfer (guint n)
{
  g_autofree char *from = account_id (prng_below (N_ACCOUNTS));
  g_autofree char *to = account_id (prng_below (N_ACCOUNTS));

  return rdx_action_new_take (
    "transfers.completed",
    rdx_map_new_take ("amount", rdx_value_new_int (1 + prng_below (50000)), "from",
                      rdx_value_new_string (from), "id", rdx_value_new_printf ("tx-%07u", n), "to",
                      rdx_value_new_string (to), NULL));
}

static RdxAction *
deposit_or_withdrawal (guint i)
{
  g_autofree char *id = account_id (prng_below (N_ACCOUNTS));

  return rdx_action_new_take (i % 2 == 0 ? "accounts.deposited" : "accounts.withdrew",
                              rdx_map_new_take ("amount",
                                                rdx_value_new_int (1 + prng_below (10000)), "id",
                                                rdx_value_new_string (id), NULL));
}

static guint batch_actions = 1000;

static RdxJournalOptions *
bench_options (RdxJournalDurability durability)
{
  g_autoptr (RdxReducer) reducer = owned_reducer
                                     ? rdx_reducer_new_owned (bank_reducer_owned, NULL, NULL)
                                     : rdx_reducer_new (bank_reducer, NULL, NULL);
  RdxJournalOptions *options = rdx_journal_options_new (APP_ID, reducer);

  rdx_journal_options_set_durability (options, durability);
  rdx_journal_options_set_batch (options, 100, batch_actions);
  rdx_journal_options_set_snapshot_interval (options, 0);
  return options;
}

static RdxJournal *
open_or_die (const char *path, RdxJournalOptions *options)
{
  g_autoptr (GError) error = NULL;
  RdxJournal *journal = rdx_journal_open (path, options, &error);

  if (journal == NULL)
    g_error ("%s", error->message);
  if (rdx_journal_needs_decision (journal))
    g_error ("the journal %s found problems", path);
  return journal;
}

static void
close_or_die (RdxJournal *journal)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_journal_close (journal, &error))
    g_error ("%s", error->message);
  g_object_unref (journal);
}

static void
dispatch_or_die (RdxStore *store, RdxAction *action)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_store_dispatch_take (store, action, &error))
    g_error ("%s", error->message);
}

static void
remove_journal (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  guint                    i;

  for (i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

static void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_close (db);
}

/* 1. Appends */

static void
bench_append (const char *dir, RdxJournalDurability durability, const char *name, guint n)
{
  g_autofree char *path = g_build_filename (dir, "append.db", NULL);
  g_autoptr (RdxJournalOptions) setup = bench_options (RDX_JOURNAL_DURABILITY_BATCHED);
  g_autoptr (RdxJournalOptions) options = bench_options (durability);
  g_autofree char *figure = NULL;
  RdxJournal      *journal;
  RdxStore        *store;
  gint64           start;
  guint            i;

  /* 10,000 accounts first, batched, not timed. */
  journal = open_or_die (path, setup);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (i = 0; i < N_ACCOUNTS; i++)
    dispatch_or_die (store, open_account (i));
  g_object_unref (store);
  close_or_die (journal);

  journal = open_or_die (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  start = now_us ();
  for (i = 0; i < n; i++)
    dispatch_or_die (store, transfer (i));
  if (!rdx_journal_flush (journal, NULL))
    g_error ("flush failed");
  figure = g_strdup_printf ("append %s (bank transfer, %u actions)", name, n);
  print_figure (figure, n / ((now_us () - start) / 1e6), "actions/s");

  g_object_unref (store);
  close_or_die (journal);
  remove_journal (path);
}

/* 2 and 3. Cold starts */

static void
write_big_journal (const char *path, guint n_actions, guint snapshot_at)
{
  g_autoptr (RdxJournalOptions) options = NULL;
  gboolean    owned = owned_reducer;
  RdxJournal *journal;
  RdxStore   *store;
  guint       n_transfers = 0, i;
  gint64      start = now_us (), snapshot_us = 0;

  /* Written with the path-copying reducer in both modes: a rebuild with
   * the owned one must match the digests it recorded (open_or_die ()). */
  owned_reducer = FALSE;
  options = bench_options (RDX_JOURNAL_DURABILITY_BATCHED);
  owned_reducer = owned;
  journal = open_or_die (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);

  for (i = 0; i < N_ACCOUNTS; i++)
    dispatch_or_die (store, open_account (i));
  for (i = 0; i < n_actions - N_ACCOUNTS; i++)
    {
      if (i % 99 < 10)
        dispatch_or_die (store, transfer (n_transfers++));
      else
        dispatch_or_die (store, deposit_or_withdrawal (i));
      if (rdx_journal_get_last_sequence (journal) == snapshot_at)
        {
          gint64 t = now_us ();

          if (!rdx_journal_write_snapshot (journal, NULL))
            g_error ("snapshot failed");
          snapshot_us = now_us () - t;
        }
    }
  if (!rdx_journal_flush (journal, NULL))
    g_error ("flush failed");
  print_figure ("append batched while writing the cold-start journal",
                (n_actions - (double) snapshot_us / 1e6) / ((now_us () - start) / 1e6),
                "actions/s");
  {
    g_autofree char *name = g_strdup_printf (
      "snapshot write (%u accounts, %u transactions)", N_ACCOUNTS,
      (guint) rdx_map_size (rdx_map_get (rdx_store_get_state (store), "transactions")));

    print_figure (name, snapshot_us / 1e3, "ms");
  }
  g_object_unref (store);
  close_or_die (journal);
}

static double
time_open (const char *path, guint64 *n_events)
{
  g_autoptr (RdxJournalOptions) options = bench_options (RDX_JOURNAL_DURABILITY_BATCHED);
  RdxJournal *journal;
  gint64      start = now_us ();
  double      seconds;

  journal = open_or_die (path, options);
  seconds = (now_us () - start) / 1e6;
  if (n_events != NULL)
    *n_events = rdx_journal_get_last_sequence (journal);
  close_or_die (journal);
  return seconds;
}

/* Opens the journal at @path timing the steps of its rebuild. */
static void
profile_open (const char *path, RdxJournalRebuildStats *stats)
{
  g_autoptr (RdxJournalOptions) options = bench_options (RDX_JOURNAL_DURABILITY_BATCHED);
  RdxJournal *journal;

  rdx_journal_options_set_profiling (options, TRUE);
  journal = open_or_die (path, options);
  rdx_journal_get_rebuild_stats (journal, stats);
  close_or_die (journal);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
bench_cold_start (const char *dir)
{
  g_autofree char       *path = g_build_filename (dir, "cold.db", NULL);
  g_autofree char       *name = NULL;
  guint                  n_actions = 1000000 / scale;
  guint                  snapshot_at = n_actions - 1000;
  double                 times[3];
  guint64                n_events = 0;
  GStatBuf               st;
  RdxJournalRebuildStats stats;
  guint                  i;

  write_big_journal (path, n_actions, snapshot_at);
  if (g_stat (path, &st) == 0)
    print_figure ("journal file size", st.st_size / 1e6, "MB");

  /* From the snapshot 1,000 actions before the end; the close snapshots
   * each run leaves are removed, so every run starts from the same one. */
  for (i = 0; i < G_N_ELEMENTS (times); i++)
    {
      exec_sql (path, "DELETE FROM snapshots WHERE origin <> 'explicit'");
      times[i] = time_open (path, NULL);
    }
  qsort (times, G_N_ELEMENTS (times), sizeof times[0], compare_doubles);
  name = g_strdup_printf ("cold start from a snapshot 1000 actions from the end (%u accounts, "
                          "about %u transactions, median of 3)",
                          N_ACCOUNTS, n_actions / 10);
  print_figure (name, times[1] * 1e3, "ms");

  /* No snapshot: the whole journal. */
  for (i = 0; i < 2; i++)
    {
      exec_sql (path, "DELETE FROM snapshots");
      times[i] = time_open (path, &n_events);
    }
  g_free (name);
  name = g_strdup_printf ("cold start, full replay of %" G_GUINT64_FORMAT " actions (best of 2)",
                          n_events);
  print_figure (name, MIN (times[0], times[1]), "s");

  /* Where the time goes (timing each step costs a little). */
  exec_sql (path, "DELETE FROM snapshots");
  profile_open (path, &stats);
  print_figure ("full replay: reading rows from SQLite", stats.read_us / 1e6, "s");
  print_figure ("full replay: parsing payloads and making actions", stats.parse_us / 1e6, "s");
  print_figure ("full replay: reducer", stats.reduce_us / 1e6, "s");
  print_figure ("full replay: state digest of the result", stats.hash_us / 1e6, "s");
  print_figure ("full replay: total while profiling", stats.total_us / 1e6, "s");

  remove_journal (path);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean         append = TRUE, cold = TRUE, only_batched = FALSE;
  int              i;

  setlocale (LC_ALL, "");

  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--quick") == 0)
        scale = 10;
      else if (strcmp (argv[i], "append") == 0)
        cold = FALSE;
      else if (strcmp (argv[i], "batched") == 0)
        {
          cold = FALSE;
          only_batched = TRUE;
        }
      else if (strcmp (argv[i], "cold") == 0)
        append = FALSE;
      else if (strcmp (argv[i], "--owned") == 0)
        owned_reducer = TRUE;
      else if (g_str_has_prefix (argv[i], "--batch="))
        batch_actions = (guint) g_ascii_strtoull (argv[i] + 8, NULL, 10);
    }

  dir = g_dir_make_tmp ("rdx-journal-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);

  if (only_batched)
    {
      bench_append (dir, RDX_JOURNAL_DURABILITY_BATCHED, "batched", 200000 / scale);
    }
  else if (append)
    {
      bench_append (dir, RDX_JOURNAL_DURABILITY_SYNC, "sync", 2000 / scale);
      bench_append (dir, RDX_JOURNAL_DURABILITY_BATCHED, "batched", 200000 / scale);
      bench_append (dir, RDX_JOURNAL_DURABILITY_NONE, "none", 200000 / scale);
    }
  if (cold)
    bench_cold_start (dir);

  g_rmdir (dir);
  return 0;
}

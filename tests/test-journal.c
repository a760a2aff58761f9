/* test-journal.c: the event journal: round trips, policies, snapshots,
 * transient actions, upcasting, commands, divergence, export and import
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "journal-test.h"
#include "rdx-journal-private.h"

#define JOURNAL_TEST(f) JOURNAL_TEST_CASE (f)

/* One session: opens @path, dispatches actions @from to @to - 1 of the
 * mix, closes. Returns the state hash at close. */
static char *
run_session (const char *path, RdxJournalOptions *options, guint from, guint to)
{
  RdxJournal *journal = test_open_ok (path, options);
  RdxStore   *store = rdx_journal_new_store (journal, NULL, 0);
  char       *hash;
  guint       i;

  assert_false (rdx_journal_needs_decision (journal));
  for (i = from; i < to; i++)
    test_dispatch_mix (store, i);
  assert_int_equal (rdx_journal_get_last_sequence (journal), to);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), rdx_store_get_state (store)));
  hash = rdx_journal_dup_state_hash (journal);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  return hash;
}

/* The state the mix gives, computed without a journal. */
static RdxValue *
expected_state (guint n)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  RdxStore *store = rdx_store_new (reducer, NULL);
  RdxValue *state;
  guint     i;

  for (i = 0; i < n; i++)
    test_dispatch_mix (store, i);
  state = rdx_store_dup_state (store);
  test_finalize (store);
  return state;
}

/* The incremental digest always equals the digest computed from scratch,
 * whatever the change: scalars, nested maps, keys with '/' and '~' or of
 * digits, lists grown, shrunk and changed in the middle, kinds replaced,
 * transient keys. */
static void
test_digest_incremental (void **state)
{
  const char *const transient[] = { "ui", NULL };
  RdxJournalHasher *hasher = rdx_journal_hasher_new (transient);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  RdxJournalDigest running, full;
  RdxValue        *current = rdx_map_new ();
  guint            step;

  rdx_journal_hasher_full (hasher, current, &running);
  for (step = 0; step < (test_quick () ? 300u : 3000u); step++)
    {
      /* Keys of digits look like list indices in a path: the digest must
       * tell them apart from real ones. */
      static const char *const keys[] = { "a", "b/c", "d~e", "ui", "list", "12", "3a" };
      const char              *key = keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (keys))];
      RdxValue                *slot = rdx_map_get (current, key);
      RdxValue                *value = NULL;
      RdxValue                *next;

      switch (g_rand_int_range (rand, 0, 7))
        {
          case 0:
            value = rdx_value_new_int (g_rand_int_range (rand, 0, 4));
            break;
          case 1:
            value = rdx_map_new_take ("x", rdx_value_new_int (g_rand_int_range (rand, 0, 3)), "y",
                                      rdx_list_new_take (rdx_value_new_bool (TRUE), NULL), NULL);
            break;
          case 2: /* append to a list */
          case 3: /* insert into the middle of a list */
            {
              RdxValue *base = slot != NULL && rdx_value_is_list (slot) ? slot : NULL;
              g_autoptr (RdxValue) empty = rdx_list_new ();
              g_autoptr (RdxValue) element = rdx_map_new_take ("n", rdx_value_new_int (step), NULL);
              guint length = base != NULL ? rdx_list_length (base) : 0;

              if (base == NULL)
                base = empty;
              value = rdx_list_insert (base, g_rand_int_range (rand, 0, length + 1), element);
            }
            break;
          case 4: /* remove from a list */
            if (slot != NULL && rdx_value_is_list (slot) && rdx_list_length (slot) > 0)
              value = rdx_list_remove (slot, g_rand_int_range (rand, 0, rdx_list_length (slot)));
            break;
          case 5: /* change inside a list element */
            if (slot != NULL && rdx_value_is_list (slot) && rdx_list_length (slot) > 0)
              {
                guint     index = g_rand_int_range (rand, 0, rdx_list_length (slot));
                RdxValue *inner = rdx_map_new_take ("n", rdx_value_new_string ("changed"), NULL);

                value = rdx_list_set (slot, index, inner);
                rdx_value_unref (inner);
              }
            break;
          default:
            break;
        }

      if (value != NULL)
        next = rdx_map_set_take (current, key, value);
      else if (slot != NULL)
        next = rdx_map_remove (current, key);
      else
        next = rdx_value_ref (current);

      rdx_journal_hasher_update (hasher, &running, current, next);
      rdx_value_unref (current);
      current = next;
      rdx_journal_hasher_full (hasher, current, &full);
      assert_true (rdx_journal_digest_equal (&running, &full));
    }

  /* The transient key does not count; everything else does. */
  {
    g_autoptr (RdxValue) a =
      rdx_map_new_take ("ui", rdx_value_new_int (1), "k", rdx_value_new_int (1), NULL);
    g_autoptr (RdxValue) b =
      rdx_map_new_take ("ui", rdx_value_new_int (2), "k", rdx_value_new_int (1), NULL);
    g_autoptr (RdxValue) c =
      rdx_map_new_take ("ui", rdx_value_new_int (2), "k", rdx_value_new_int (2), NULL);
    g_autoptr (RdxValue) d = rdx_map_new_take ("k", rdx_list_new (), NULL);
    g_autoptr (RdxValue) e = rdx_map_new_take ("k", rdx_map_new (), NULL);
    RdxJournalDigest da, db, dc, dd, de;

    rdx_journal_hasher_full (hasher, a, &da);
    rdx_journal_hasher_full (hasher, b, &db);
    rdx_journal_hasher_full (hasher, c, &dc);
    rdx_journal_hasher_full (hasher, d, &dd);
    rdx_journal_hasher_full (hasher, e, &de);
    assert_true (rdx_journal_digest_equal (&da, &db));
    assert_false (rdx_journal_digest_equal (&db, &dc));
    assert_false (rdx_journal_digest_equal (&dd, &de));
  }

  rdx_value_unref (current);
  rdx_journal_hasher_free (hasher);
}

/* The SHA-256 the journal uses (accelerated when the processor can) gives
 * GChecksum's results, for every length around the block boundaries. */
static void
test_sha256 (void **state)
{
  guint8 data[300];
  guint  length, i;

  for (i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 131 + 7);
  for (length = 0; length <= sizeof data; length++)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
      g_autofree char *ours = rdx_journal_sha256_hex (data, length);

      assert_string_equal (ours, expected);
    }
  if (rdx_journal_sha256_is_accelerated ())
    {
      g_autofree char *accelerated = rdx_journal_sha256_hex (data, 100);
      g_autofree char *portable = NULL;

      rdx_journal_sha256_force_portable (TRUE);
      assert_false (rdx_journal_sha256_is_accelerated ());
      portable = rdx_journal_sha256_hex (data, 100);
      rdx_journal_sha256_force_portable (FALSE);
      assert_string_equal (accelerated, portable);
    }
}

static void
check_round_trip (guint snapshot_interval)
{
  g_autoptr (RdxJournalOptions) options =
    test_options (RDX_JOURNAL_DURABILITY_SYNC, snapshot_interval);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *hash1 = NULL;
  g_autofree char *hash2 = NULL;
  g_autofree char *reopened_hash = NULL;
  g_autoptr (RdxValue) expected = expected_state (120);
  RdxJournal *journal;

  hash1 = run_session (path, options, 0, 60);
  hash2 = run_session (path, options, 60, 120);

  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 120);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  reopened_hash = rdx_journal_dup_state_hash (journal);
  assert_string_equal (reopened_hash, hash2);
  assert_string_not_equal (hash1, hash2);
  /* A snapshot at close, so the open replayed nothing. */
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 120);
  test_close_ok (journal);
  test_finalize (journal);

  /* Without the close snapshots, the rebuild replays: from the last
   * interval snapshot, or from the first event. */
  test_exec (path, "DELETE FROM snapshots WHERE origin = 'close'");
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal),
                    snapshot_interval > 0 ? 120 / snapshot_interval * snapshot_interval : 0);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  g_free (reopened_hash);
  reopened_hash = rdx_journal_dup_state_hash (journal);
  assert_string_equal (reopened_hash, hash2);
  test_close_ok (journal);
  test_finalize (journal);

  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 120);
  test_remove_dir (dir);
}

static void
test_round_trip (void **state)
{
  check_round_trip (0);
}

static void
test_round_trip_snapshots (void **state)
{
  check_round_trip (16);
}

static void
test_transient_actions (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *reopened_hash = NULL;
  RdxJournal      *journal = test_open_ok (path, options);
  RdxStore        *store = rdx_journal_new_store (journal, NULL, 0);
  RdxTestLog       log;

  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  test_dispatch_ok (store, "ui.select", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  /* rdx's own types are refused before the journal sees them. */
  {
    g_autoptr (GError) error = NULL;

    assert_false (test_dispatch (store, "@@rdx/PING", NULL, &error));
    assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_PRIVATE_ACTION);
  }
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "amount", rdx_value_new_int (5), NULL));
  assert_string_equal (
    rdx_value_get_string (rdx_value_get_path (rdx_store_get_state (store), "/ui/selected")), "a");
  assert_int_equal (rdx_journal_get_last_sequence (journal), 2);
  hash = rdx_journal_dup_state_hash (journal);

  /* A transient action that changes more than the transient keys is
   * applied, not journaled, and warned about once. */
  rdx_test_log_begin (&log);
  test_dispatch_ok (store, "ui.bad", NULL);
  test_dispatch_ok (store, "ui.bad", NULL);
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "ui.bad"));
  rdx_test_log_end (&log);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 2);

  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 2);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events WHERE type LIKE 'ui.%'"), 0);

  /* The rebuilt state takes the transient part from the initial state. The
   * state written at close holds the effect of "ui.bad", so it is what the
   * snapshot restores; the events alone give the state without it. */
  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, options);
  assert_true (
    rdx_value_is_null (rdx_value_get_path (rdx_journal_get_state (journal), "/ui/selected")));
  assert_int_equal (
    rdx_value_get_int (rdx_value_get_path (rdx_journal_get_state (journal), "/accounts/a")), 5);
  reopened_hash = rdx_journal_dup_state_hash (journal);
  assert_string_equal (reopened_hash, hash);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

static void
test_refused_actions_not_journaled (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  RdxJournal *journal = test_open_ok (RDX_JOURNAL_IN_MEMORY, options);
  RdxStore   *store = rdx_journal_new_store (journal, NULL, 0);

  assert_false (test_dispatch (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("nobody"), "amount", rdx_value_new_int (5), NULL),
    &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 0);

  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 1);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 1);

  test_close_ok (journal);
  g_clear_error (&error);
  assert_false (test_dispatch (store, "acc.open",
                               rdx_map_new_take ("id", rdx_value_new_string ("b"), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_CLOSED);
  assert_null (rdx_value_get_path (rdx_store_get_state (store), "/accounts/b"));
  /* Closing twice is fine. */
  test_close_ok (journal);

  test_finalize (store);
  test_finalize (journal);
}

static void
test_sequences_across_sessions (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *hash = NULL;

  g_free (run_session (path, options, 0, 10));
  g_free (run_session (path, options, 10, 15));

  /* The journal numbers its events 1..15; each store numbered its own
   * actions from 1 (after its @@rdx/INIT), so they start over. */
  assert_int_equal (test_query_int (path, "SELECT min(seq) FROM events"), 1);
  assert_int_equal (test_query_int (path, "SELECT max(seq) FROM events"), 15);
  assert_int_equal (test_query_int (path, "SELECT store_seq FROM events WHERE seq = 11"),
                    test_query_int (path, "SELECT store_seq FROM events WHERE seq = 1"));
  assert_int_equal (test_query_int (path, "SELECT count(DISTINCT session) FROM events"), 2);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM sessions WHERE closed IS NULL"), 0);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM meta WHERE key = 'app_id' AND "
                                          "value = '" TEST_APP_ID "'"),
                    1);
  test_remove_dir (dir);
}

static void
test_batched_by_count (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_BATCHED, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;
  guint            i;

  rdx_journal_options_set_batch (options, 60000, 5);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (i = 0; i < 4; i++)
    test_dispatch_mix (store, i);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 4);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 0);
  /* Another connection sees only what is committed. */
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 0);
  test_dispatch_mix (store, 4);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 5);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 5);

  test_dispatch_mix (store, 5);
  assert_true (rdx_journal_flush (journal, NULL));
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 6);

  /* Closing commits the open batch. */
  test_dispatch_mix (store, 6);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 7);
  test_remove_dir (dir);
}

static void
test_batched_by_time (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_BATCHED, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;

  rdx_journal_options_set_batch (options, 30, 1000);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  test_dispatch_mix (store, 0);
  test_dispatch_mix (store, 1);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 0);
  /* The timer commits on the store's context. */
  assert_true (rdx_test_iterate_until (rdx_journal_get_durable_sequence (journal) == 2, 5000));
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 2);

  /* Releasing the store commits its open batch too. */
  test_dispatch_mix (store, 2);
  test_finalize (store);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 3);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

static void
test_policy_none (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_NONE, 10);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autoptr (RdxValue) expected = expected_state (40);
  g_autofree char *hash = run_session (path, options, 0, 40);
  g_autofree char *reopened_hash = NULL;
  RdxJournal      *journal = test_open_ok (path, options);

  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  reopened_hash = rdx_journal_dup_state_hash (journal);
  assert_string_equal (hash, reopened_hash);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

static void
test_in_memory (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 3);
  RdxJournal *journal = test_open_ok (RDX_JOURNAL_IN_MEMORY, options);
  RdxJournal *other = test_open_ok (RDX_JOURNAL_IN_MEMORY, options);
  RdxStore   *store = rdx_journal_new_store (journal, NULL, 0);
  guint       i;

  for (i = 0; i < 10; i++)
    test_dispatch_mix (store, i);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 10);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 9);
  assert_int_equal (rdx_journal_get_last_sequence (other), 0);
  assert_string_equal (rdx_journal_get_path (journal), RDX_JOURNAL_IN_MEMORY);
  assert_true (rdx_journal_check_integrity (journal, NULL));
  assert_true (rdx_journal_write_snapshot (journal, NULL));
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 10);

  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  test_finalize (other);
}

/* Version 1 of the app deposited {"id", "value"}; version 2 renamed the
 * key to "amount", and upcasts the old events. */
static RdxAction *
rename_value_cb (RdxAction *action, guint version, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *value;
  g_autoptr (RdxValue) renamed = NULL;
  g_autoptr (RdxValue) without = NULL;

  (*(guint *) user_data)++;
  if (!rdx_action_is (action, "acc.deposit"))
    return rdx_action_ref (action);
  value = rdx_map_get (payload, "value");
  if (value == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a deposit without a value");
      return NULL;
    }
  without = rdx_map_remove (payload, "value");
  renamed = rdx_map_set (without, "amount", value);
  return rdx_action_new ("acc.deposit", renamed);
}

static void
test_upcaster (void **state)
{
  g_autoptr (RdxJournalOptions) v1 = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxJournalOptions) v2 = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;
  guint            n_upcast = 0;

  rdx_journal_options_set_event_version (v2, 2);
  rdx_journal_options_set_upcaster (v2, rename_value_cb, &n_upcast, NULL);

  /* Version 1: the payload has "value", which today's reducer ignores, so
   * the deposits are written as they were. */
  journal = test_open_ok (path, v1);
  store = rdx_journal_new_store (journal, NULL, 0);
  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "value", rdx_value_new_int (7), NULL));
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "value", rdx_value_new_int (8), NULL));
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  /* Version 2 upcasts them on replay; the file is not rewritten. */
  journal = test_open_ok (path, v2);
  assert_int_equal (n_upcast, 3);
  assert_int_equal (
    rdx_value_get_int (rdx_value_get_path (rdx_journal_get_state (journal), "/accounts/a")), 15);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_SKIPPED, 3));
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_CHECK_SKIPPED, 3));
  assert_false (rdx_journal_needs_decision (journal));
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events WHERE payload LIKE "
                                          "'%\"value\"%'"),
                    2);
  store = rdx_journal_new_store (journal, NULL, 0);
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "amount", rdx_value_new_int (1), NULL));
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (test_query_int (path, "SELECT version FROM events WHERE seq = 4"), 2);

  /* With a version 2 snapshot, nothing old is replayed again. */
  n_upcast = 0;
  journal = test_open_ok (path, v2);
  assert_int_equal (n_upcast, 0);
  assert_int_equal (
    rdx_value_get_int (rdx_value_get_path (rdx_journal_get_state (journal), "/accounts/a")), 16);
  test_close_ok (journal);
  test_finalize (journal);

  /* A full replay upcasts again and checks the state against event 4. */
  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, v2);
  assert_int_equal (n_upcast, 3);
  assert_false (rdx_journal_needs_decision (journal));
  assert_int_equal (rdx_journal_get_divergence (journal), 0);
  test_close_ok (journal);
  test_finalize (journal);

  /* An event the upcaster cannot handle is skipped and reported. */
  test_exec (path, "DELETE FROM snapshots; UPDATE events SET payload = '{\"id\":\"a\"}' WHERE "
                   "seq = 2");
  journal = test_open_ok (path, v2);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_EVENT_REFUSED, 2));
  assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_EVENT_REFUSED),
                           "a deposit without a value"));
  assert_true (rdx_journal_needs_decision (journal));
  assert_int_equal (
    rdx_value_get_int (rdx_value_get_path (rdx_journal_get_state (journal), "/accounts/a")), 9);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

static void
check_unfinished (RdxJournal *journal, guint n, ...)
{
  g_autoptr (GPtrArray) unfinished = rdx_journal_dup_unfinished_commands (journal);
  va_list args;
  guint   i;

  assert_int_equal (unfinished->len, n);
  va_start (args, n);
  for (i = 0; i < n; i++)
    {
      RdxAction *action = g_ptr_array_index (unfinished, i);

      assert_string_equal (rdx_action_get_type_name (action), "cmd.requested");
      assert_int_equal (test_payload_int (action, "request_id"), va_arg (args, int));
      assert_int_equal (rdx_action_get_sequence (action), va_arg (args, int));
    }
  va_end (args);
}

static void
request (RdxStore *store, const char *type, gint64 id)
{
  test_dispatch_ok (store, type, rdx_map_new_take ("request_id", rdx_value_new_int (id), NULL));
}

static void
test_unfinished_commands (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 2);
  g_autoptr (RdxJournalOptions) redeclared = test_options (RDX_JOURNAL_DURABILITY_SYNC, 2);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;

  rdx_journal_options_add_command (redeclared, "other.requested", "id", "other.done", NULL);

  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  request (store, "cmd.requested", 1);  /* 1 */
  request (store, "cmd.requested", 2);  /* 2 */
  request (store, "cmd.requested", 3);  /* 3 */
  request (store, "cmd.completed", 1);  /* 4 */
  request (store, "cmd.failed", 3);     /* 5 */
  request (store, "cmd.completed", 99); /* 6: settles nothing */
  check_unfinished (journal, 1, 2, 2);
  test_finalize (store);
  /* Releasing without closing is a clean shutdown too. */
  test_finalize (journal);

  /* From the close snapshot, whose list of unfinished commands counts. */
  journal = test_open_ok (path, options);
  check_unfinished (journal, 1, 2, 2);
  store = rdx_journal_new_store (journal, NULL, 0);
  request (store, "cmd.requested", 4); /* 7 */
  request (store, "cmd.requested", 5); /* 8 */
  request (store, "cmd.completed", 5); /* 9 */
  check_unfinished (journal, 2, 2, 2, 4, 7);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  /* From an interval snapshot (at 8) and the events after it. */
  test_exec (path, "DELETE FROM snapshots WHERE seq > 8");
  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 8);
  check_unfinished (journal, 2, 2, 2, 4, 7);
  test_close_ok (journal);
  test_finalize (journal);

  /* Other declarations: the snapshot's list is not trusted, the events are
   * read instead. */
  test_exec (path, "DELETE FROM snapshots WHERE seq > 6");
  journal = test_open_ok (path, redeclared);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 6);
  check_unfinished (journal, 2, 2, 2, 4, 7);
  test_close_ok (journal);
  test_finalize (journal);

  /* And from the events alone. */
  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, options);
  check_unfinished (journal, 2, 2, 2, 4, 7);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

static void
test_divergence (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;

  g_free (run_session (path, options, 0, 30));
  test_exec (path, "DELETE FROM snapshots");

  /* The reducer now doubles deposits: the first deposit is event 6. */
  test_deposit_factor = 2;
  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_divergence (journal), 6);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_DIVERGENCE, 6));
  assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_DIVERGENCE),
                           "event 6 (“acc.deposit”)"));
  assert_true (rdx_journal_needs_decision (journal));

  /* Until the application decides, actions are refused. */
  store = rdx_journal_new_store (journal, NULL, 0);
  assert_false (test_dispatch (store, "acc.open",
                               rdx_map_new_take ("id", rdx_value_new_string ("z"), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_UNRESOLVED);
  assert_null (rdx_value_get_path (rdx_store_get_state (store), "/accounts/z"));

  assert_true (rdx_journal_accept (journal, NULL));
  assert_false (rdx_journal_needs_decision (journal));
  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("z"), NULL));
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  /* Accepted: the next open starts from the accepted state. */
  journal = test_open_ok (path, options);
  assert_false (rdx_journal_needs_decision (journal));
  assert_int_equal (rdx_journal_get_divergence (journal), 0);
  test_close_ok (journal);
  test_finalize (journal);

  /* The "accept problems" flag decides at open. */
  test_exec (path, "DELETE FROM snapshots");
  test_deposit_factor = 3;
  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS);
  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_divergence (journal), 6);
  assert_false (rdx_journal_needs_decision (journal));
  test_close_ok (journal);
  test_finalize (journal);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots WHERE origin = "
                                          "'accepted'"),
                    1);
  test_remove_dir (dir);
}

static char *
export_text (RdxJournal *journal)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  if (!rdx_journal_export_jsonl (journal, out, NULL, &error))
    fail_msg ("export failed: %s", error->message);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
import_text (RdxJournal *journal, const char *text, GError **error)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (text, -1, NULL);

  return rdx_journal_import_jsonl (journal, in, NULL, error);
}

/* The export with every "session" value blanked (an import sets them to
 * 0). */
static char *
without_sessions (const char *text)
{
  g_autoptr (GRegex) regex = g_regex_new ("\"session\":[0-9]+", 0, 0, NULL);

  return g_regex_replace_literal (regex, text, -1, 0, "\"session\":_", 0, NULL);
}

static void
test_export_import (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "restored.db", NULL);
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *restored_hash = NULL;
  g_autofree char *wrong_app = NULL;
  RdxJournal      *journal, *restored;
  RdxStore        *store;

  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (guint i = 0; i < 40; i++)
    test_dispatch_mix (store, i);
  request (store, "cmd.requested", 10);
  test_dispatch_ok (store, "acc.deposit",
                    rdx_map_new_take ("id", rdx_value_new_string ("a1"), "amount",
                                      rdx_value_new_int (1), "note",
                                      rdx_value_new_string ("quote \" and \\ and é"), NULL));
  text = export_text (journal);
  hash = rdx_journal_dup_state_hash (journal);
  assert_true (g_str_has_prefix (
    text, "{\"app_id\":\"" TEST_APP_ID "\",\"event_version\":1,"
          "\"format\":\"rdx-journal\",\"schema\":" G_STRINGIFY (RDX_JOURNAL_SCHEMA_VERSION) "}\n"));

  /* Not into a journal that has events, or serves a store. */
  assert_false (import_text (journal, text, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  restored = test_open_ok (copy_path, options);
  /* Another application's export, or a broken line, imports nothing. */
  wrong_app = g_strdup (text);
  memcpy (strstr (wrong_app, "JournalTest"), "JournalTesX", 11);
  assert_false (import_text (restored, wrong_app, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_OTHER_APP);
  g_clear_error (&error);
  {
    g_autofree char *broken = g_strconcat (text, "{\"seq\":1}\n", NULL);

    assert_false (import_text (restored, broken, &error));
    assert_journal_error (error, RDX_JOURNAL_ERROR_INVALID_DATA);
    assert_non_null (strstr (error->message, "Line 44"));
    g_clear_error (&error);
  }
  {
    /* rdx's own types are rdx's: a journal records only state
     * replacements among them. */
    g_autofree char *private_line = g_strdup_printf (
      "{\"hash\":\"%s\",\"payload\":null,\"seq\":43,\"time\":1,\"type\":\"@@rdx/INIT\","
      "\"version\":1}\n",
      hash);
    g_autofree char *forged = g_strconcat (text, private_line, NULL);

    assert_false (import_text (restored, forged, &error));
    assert_journal_error (error, RDX_JOURNAL_ERROR_INVALID_DATA);
    assert_non_null (strstr (error->message, "Line 44"));
    assert_non_null (strstr (error->message, "@@rdx/INIT"));
    g_clear_error (&error);
  }
  assert_int_equal (rdx_journal_get_last_sequence (restored), 0);

  if (!import_text (restored, text, &error))
    fail_msg ("import failed: %s", error->message);
  assert_int_equal (rdx_journal_get_last_sequence (restored), 42);
  assert_false (rdx_journal_needs_decision (restored));
  restored_hash = rdx_journal_dup_state_hash (restored);
  assert_string_equal (restored_hash, hash);
  check_unfinished (restored, 1, 10, 41);
  again = export_text (restored);
  a = without_sessions (text);
  b = without_sessions (again);
  assert_string_equal (a, b);

  store = rdx_journal_new_store (restored, NULL, 0);
  test_dispatch_mix (store, 40);
  assert_int_equal (rdx_journal_get_last_sequence (restored), 43);
  test_close_ok (restored);
  test_finalize (store);
  test_finalize (restored);
  test_remove_dir (dir);
}

typedef struct
{
  guint       n_seen;
  const char *swallow; /* the type to swallow */
} Inner;

/* A middleware after the journal: passes actions on, except one type it
 * swallows. */
static gboolean
inner_cb (RdxStore        *store,
          RdxAction       *action,
          RdxDispatchNext *next,
          gpointer         user_data,
          GError         **error)
{
  Inner *inner = user_data;

  inner->n_seen++;
  if (inner->swallow != NULL && rdx_action_is (action, inner->swallow))
    return TRUE;
  return rdx_dispatch_next (next, action, error);
}

static void
test_middleware_position (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  g_autoptr (GError) error = NULL;
  RdxJournal *journal = test_open_ok (RDX_JOURNAL_IN_MEMORY, options);
  g_autoptr (RdxMiddleware) mw = rdx_journal_middleware_new (journal);
  Inner inner = { 0, "log.add" };
  g_autoptr (RdxMiddleware) after = rdx_middleware_new (inner_cb, &inner, NULL);
  RdxStore  *store, *second;
  RdxTestLog log;

  /* A middleware after the journal that passes actions on is fine; what it
   * swallows never reaches the reducer and is not journaled. */
  store = rdx_store_new_with_middleware (reducer, rdx_journal_get_state (journal), mw, after, NULL);
  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  test_dispatch_ok (store, "log.add", rdx_map_new_take ("text", rdx_value_new_string ("x"), NULL));
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "amount", rdx_value_new_int (3), NULL));
  assert_int_equal (inner.n_seen, 3);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 2);
  assert_false (test_dispatch (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("nobody"), "amount", rdx_value_new_int (3), NULL),
    &error));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 2);

  /* One journal, one store. */
  rdx_test_log_begin (&log);
  second = rdx_store_new_with_middleware (reducer, rdx_journal_get_state (journal), mw, NULL);
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "only one store"));
  rdx_test_log_end (&log);
  g_clear_error (&error);
  assert_false (test_dispatch (second, "acc.open",
                               rdx_map_new_take ("id", rdx_value_new_string ("b"), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IN_USE);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 2);

  test_close_ok (journal);
  test_finalize (second);
  test_finalize (store);
  g_clear_pointer (&mw, rdx_middleware_unref);
  test_finalize (journal);
}

static void
test_store_not_from_journal (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;
  RdxTestLog       log;

  g_free (run_session (path, options, 0, 10));
  journal = test_open_ok (path, options);
  {
    g_autoptr (RdxMiddleware) mw = rdx_journal_middleware_new (journal);

    /* A store made from scratch instead of the journal's state. */
    rdx_test_log_begin (&log);
    store = rdx_store_new_with_middleware (reducer, NULL, mw, NULL);
    assert_int_equal (log.n_warnings, 1);
    assert_non_null (strstr (log.text->str, "rdx_journal_get_state"));
    rdx_test_log_end (&log);
  }
  test_dispatch_mix (store, 0);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  /* The next open names the first event after which things differ. */
  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_divergence (journal), 11);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* A write that fails (here: the file may not grow) refuses the action and
 * puts the store's state back; the journal goes on once it can write. */
static void
test_write_failure (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  g_autoptr (RdxValue) before = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *hash = NULL;
  RdxJournal      *journal = test_open_ok (path, options);
  RdxStore        *store = rdx_journal_new_store (journal, NULL, 0);
  guint            i;

  for (i = 0; i < 10; i++)
    test_dispatch_mix (store, i);
  for (i = 0; i < 50000; i++)
    g_string_append_c (big, (char) ('a' + i % 26));

  assert_true (rdx_journal_exec (journal, "PRAGMA max_page_count = 1", "limiting", NULL));
  before = rdx_store_dup_state (store);
  assert_false (test_dispatch (
    store, "log.add", rdx_map_new_take ("text", rdx_value_new_string (big->str), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
  assert_non_null (strstr (error->message, "could not be journaled, so it was undone"));
  assert_true (rdx_value_equal (rdx_store_get_state (store), before));
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), before));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 10);

  assert_true (rdx_journal_exec (journal, "PRAGMA max_page_count = 1000000", "limiting", NULL));
  test_dispatch_ok (store, "log.add",
                    rdx_map_new_take ("text", rdx_value_new_string (big->str), NULL));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 11);
  hash = rdx_journal_dup_state_hash (journal);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  {
    g_autofree char *reopened = rdx_journal_dup_state_hash (journal);

    assert_string_equal (reopened, hash);
  }
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* With a batch open, a failed write makes SQLite roll the whole batch
 * back: the journal writes the batch again, and only the failed action is
 * refused. */
static void
test_write_failure_batched (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_BATCHED, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  g_autoptr (RdxValue) expected = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;
  guint            i;

  rdx_journal_options_set_batch (options, 60000, 1000);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (i = 0; i < 10; i++)
    test_dispatch_mix (store, i);
  assert_true (rdx_journal_flush (journal, NULL));
  for (i = 10; i < 15; i++)
    test_dispatch_mix (store, i);
  for (i = 0; i < 50000; i++)
    g_string_append_c (big, (char) ('a' + i % 26));

  assert_true (rdx_journal_exec (journal, "PRAGMA max_page_count = 1", "limiting", NULL));
  assert_false (test_dispatch (
    store, "log.add", rdx_map_new_take ("text", rdx_value_new_string (big->str), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
  assert_true (rdx_journal_exec (journal, "PRAGMA max_page_count = 1000000", "limiting", NULL));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 15);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 10);
  test_dispatch_mix (store, 15);
  expected = rdx_store_dup_state (store);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 16);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* A listener that deposits into account "a" once it appears: its action
 * depends on the one it responds to. */
typedef struct
{
  gboolean done;
} Responder;

static void
respond_cb (RdxStore *store, gpointer user_data)
{
  Responder *responder = user_data;

  if (responder->done || rdx_value_get_path (rdx_store_get_state (store), "/accounts/a") == NULL)
    return;
  responder->done = TRUE;
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "amount", rdx_value_new_int (100), NULL));
}

/* A listener that dispatches once when armed, and keeps the result. */
typedef struct
{
  gboolean armed;
  gboolean ok;
  GError  *error;
} Follower;

static void
follow_cb (RdxStore *store, gpointer user_data)
{
  Follower *follower = user_data;

  if (!follower->armed)
    return;
  follower->armed = FALSE;
  follower->ok = test_dispatch (
    store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("z"), NULL), &follower->error);
}

/* An action a listener dispatches in response to another is journaled
 * after it: a crash right after keeps both, in that order. */
static void
test_listener_dispatch_order (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GString) big = g_string_new (NULL);
  g_autoptr (RdxValue) before = NULL;
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *image = g_build_filename (dir, "crashed.db", NULL);
  Responder        responder = { FALSE };
  Follower         follower = { FALSE, TRUE, NULL };
  RdxJournal      *journal = test_open_ok (path, options);
  RdxStore        *store = rdx_journal_new_store (journal, NULL, 0);
  guint            i;

  rdx_store_subscribe (store, respond_cb, &responder, NULL);
  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  assert_true (responder.done);
  assert_int_equal (
    rdx_value_get_int (rdx_value_get_path (rdx_store_get_state (store), "/accounts/a")), 100);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 2);

  /* The program dies now: what is on the disk is what the journal has. */
  test_crash_image (path, image);
  {
    RdxJournal *crashed = test_open_ok (image, options);

    assert_true (test_has_problem (crashed, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, 0));
    test_assert_n_problems (crashed, 1);
    assert_int_equal (rdx_journal_get_divergence (crashed), 0);
    assert_int_equal (rdx_journal_get_last_sequence (crashed), 2);
    assert_int_equal (
      test_query_int (image, "SELECT count(*) FROM events WHERE seq = 1 AND type = 'acc.open'"), 1);
    assert_int_equal (
      test_query_int (image, "SELECT count(*) FROM events WHERE seq = 2 AND type = 'acc.deposit'"),
      1);
    assert_int_equal (
      rdx_value_get_int (rdx_value_get_path (rdx_journal_get_state (crashed), "/accounts/a")), 100);
    test_close_ok (crashed);
    test_finalize (crashed);
  }

  /* An action that cannot be journaled is undone, and what a listener
   * dispatched in response to it is refused: it would build on it. */
  for (i = 0; i < 50000; i++)
    g_string_append_c (big, (char) ('a' + i % 26));
  rdx_store_subscribe (store, follow_cb, &follower, NULL);
  before = rdx_store_dup_state (store);
  assert_true (rdx_journal_exec (journal, "PRAGMA max_page_count = 1", "limiting", NULL));
  follower.armed = TRUE;
  assert_false (test_dispatch (
    store, "log.add", rdx_map_new_take ("text", rdx_value_new_string (big->str), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
  assert_false (follower.armed);
  assert_false (follower.ok);
  assert_journal_error (follower.error, RDX_JOURNAL_ERROR_IO);
  assert_non_null (strstr (follower.error->message, "“acc.open” was not applied"));
  assert_true (rdx_value_equal (rdx_store_get_state (store), before));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 2);
  assert_true (rdx_journal_exec (journal, "PRAGMA max_page_count = 1000000", "limiting", NULL));
  test_dispatch_mix (store, 0);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 3);

  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  test_close_ok (journal);
  test_finalize (journal);
  g_clear_error (&follower.error);
  test_remove_dir (dir);
}

/* A middleware before the journal's (as the history's is) whose outcome
 * callback dispatches once when armed (a callback that emits a signal
 * whose handler dispatches, say). */
typedef struct
{
  RdxStore *store;
  Follower *follower;
} EagerCall;

static void
eager_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  EagerCall *call = user_data;

  if (rdx_outcome_get_state_after (outcome) != NULL)
    follow_cb (call->store, call->follower);
}

static gboolean
eager_cb (RdxStore        *store,
          RdxAction       *action,
          RdxDispatchNext *next,
          gpointer         user_data,
          GError         **error)
{
  EagerCall call = { store, user_data };

  return rdx_dispatch_next_observe (next, action, RDX_OBSERVE_DEFAULT, eager_outcome_cb, &call,
                                    error);
}

/* The outer middleware's outcome callback is told of a run before the
 * journal's, and dispatches: the store applies that action once every
 * observer has heard of the first run, so the journal writes the two in
 * order. */
static void
test_observer_dispatch_in_order (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  Follower         follower = { FALSE, TRUE, NULL };
  RdxMiddleware   *outer = rdx_middleware_new (eager_cb, &follower, NULL);
  RdxJournal      *journal = test_open_ok (path, options);
  RdxStore        *store;

  store = rdx_journal_new_store (journal, &outer, 1);
  rdx_middleware_unref (outer);

  follower.armed = TRUE;
  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  assert_true (follower.ok);
  assert_null (follower.error);
  assert_non_null (rdx_value_get_path (rdx_store_get_state (store), "/accounts/z"));
  assert_non_null (rdx_value_get_path (rdx_store_get_state (store), "/accounts/a"));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 2);
  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("b"), NULL));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 3);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  test_close_ok (journal);
  test_finalize (journal);
  g_clear_error (&follower.error);
  test_remove_dir (dir);
}

/* The number of pages of the journal's database. */
static gint64
page_count (RdxJournal *journal)
{
  sqlite3_stmt *stmt = NULL;
  gint64        pages = -1;

  if (sqlite3_prepare_v2 (journal->db, "PRAGMA page_count", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return pages;
}

/* Interval snapshots are written by a worker, and only once their events
 * are durable: one that comes due inside an open batch is not in the file
 * until the batch commits; then it holds the state at its event, though
 * the store went on meanwhile. */
static void
test_snapshot_on_worker (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_BATCHED, 5);
  g_autoptr (RdxValue) at_5 = expected_state (5);
  g_autoptr (RdxValue) at_12 = expected_state (12);
  g_autoptr (RdxValue) durable_5 = rdx_map_remove (at_5, "ui");
  g_autoptr (RdxValue) durable_12 = rdx_map_remove (at_12, "ui");
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;
  guint            i;

  rdx_journal_options_set_batch (options, 60000, 1000);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (i = 0; i < 7; i++)
    test_dispatch_mix (store, i);
  /* Events 1..7 are in the open batch: no snapshot may claim them. */
  rdx_journal_snapshots_drain (journal);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 0);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots"), 0);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 0);

  assert_true (rdx_journal_flush (journal, NULL));
  rdx_journal_snapshots_drain (journal);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 5);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots WHERE seq = 5 AND "
                                          "origin = 'interval'"),
                    1);

  /* Event 10 comes due while nothing is committed since: written at close. */
  for (i = 7; i < 12; i++)
    test_dispatch_mix (store, i);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 5);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  /* From the interval snapshot: the state at event 5, then the events. */
  test_exec (path, "DELETE FROM snapshots WHERE origin = 'close'");
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 10);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 12);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), at_12));
  test_close_ok (journal);
  test_finalize (journal);

  {
    g_autoptr (RdxValue) snapshot = NULL;
    sqlite3      *db = NULL;
    sqlite3_stmt *stmt = NULL;

    assert_int_equal (sqlite3_open (path, &db), SQLITE_OK);
    assert_int_equal (
      sqlite3_prepare_v2 (db, "SELECT state FROM snapshots WHERE seq = 5", -1, &stmt, NULL),
      SQLITE_OK);
    assert_int_equal (sqlite3_step (stmt), SQLITE_ROW);
    snapshot = rdx_value_from_json ((const char *) sqlite3_column_text (stmt, 0), -1, NULL);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    assert_non_null (snapshot);
    /* Without the transient key. */
    assert_true (rdx_value_equal (snapshot, durable_5));
    assert_false (rdx_value_equal (snapshot, durable_12));
  }
  test_remove_dir (dir);
}

/* Large snapshots written while actions go on (the journal's batch waits
 * in memory while the worker holds SQLite's write lock): every event and
 * every interval snapshot is in the file, and the state rebuilds. */
static void
test_snapshots_while_dispatching (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_BATCHED, 12);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  g_autofree char *text = g_strnfill (20000, 'x');
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxStore        *plain = rdx_store_new (reducer, NULL);
  RdxJournal      *journal;
  RdxStore        *store;

  rdx_journal_options_set_batch (options, 5, 7);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (guint i = 0; i < 120; i++)
    {
      test_dispatch_ok (store, "log.add",
                        rdx_map_new_take ("text", rdx_value_new_printf ("%u%s", i, text), NULL));
      test_dispatch_ok (plain, "log.add",
                        rdx_map_new_take ("text", rdx_value_new_printf ("%u%s", i, text), NULL));
      g_main_context_iteration (NULL, FALSE);
    }
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 120);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots WHERE origin = "
                                          "'interval'"),
                    10);
  test_exec (path, "DELETE FROM snapshots WHERE origin = 'close'");
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 120);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), rdx_store_get_state (plain)));
  test_close_ok (journal);
  test_finalize (journal);
  test_finalize (plain);
  test_remove_dir (dir);
}

/* A journal opened by a relative path writes its interval snapshots into
 * that file even after the program left the folder (the worker opens the
 * file by the name the journal's connection has). */
static void
test_snapshots_relative_path (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 5);
  char            *dir = test_make_dir ();
  g_autofree char *elsewhere = g_build_filename (dir, "elsewhere", NULL);
  g_autofree char *stray = g_build_filename (elsewhere, "journal.db", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  RdxJournal      *journal;
  RdxStore        *store;
  RdxTestLog       log;

  assert_int_equal (g_mkdir (elsewhere, 0700), 0);
  assert_int_equal (g_chdir (dir), 0);
  journal = test_open_ok ("journal.db", options);
  assert_int_equal (g_chdir (elsewhere), 0);
  store = rdx_journal_new_store (journal, NULL, 0);
  rdx_test_log_begin (&log);
  for (guint i = 0; i < 7; i++)
    test_dispatch_mix (store, i);
  rdx_journal_snapshots_drain (journal);
  /* Written by the worker, with nothing to warn about. */
  assert_int_equal (log.n_warnings, 0);
  rdx_test_log_end (&log);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 5);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (g_chdir (cwd), 0);

  assert_false (g_file_test (stray, G_FILE_TEST_EXISTS));
  assert_int_equal (
    test_query_int (path, "SELECT count(*) FROM snapshots WHERE seq = 5 AND origin = 'interval'"),
    1);
  g_rmdir (elsewhere);
  test_remove_dir (dir);
}

/* With sync, an interval snapshot that does not fit on the disk does not
 * lose the action it follows: the worker writes it in a transaction of its
 * own, after the action is committed, and only warns. */
static void
test_sync_snapshot_failure (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 5);
  g_autoptr (GString) big = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *limit = NULL;
  RdxJournal      *journal = test_open_ok (path, options);
  RdxStore        *store = rdx_journal_new_store (journal, NULL, 0);
  RdxTestLog       log;
  gboolean         ok;
  guint            i;

  for (i = 0; i < 60000; i++)
    g_string_append_c (big, (char) ('a' + i % 26));
  test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string ("a"), NULL));
  test_dispatch_ok (store, "log.add",
                    rdx_map_new_take ("text", rdx_value_new_string (big->str), NULL));
  test_dispatch_ok (store, "log.add",
                    rdx_map_new_take ("text", rdx_value_new_string (big->str), NULL));
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "amount", rdx_value_new_int (1), NULL));

  /* Room for event 5, not for the snapshot after it. */
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, page_count (journal) + 2);
  assert_true (rdx_journal_exec (journal, limit, "limiting", NULL));
  assert_true (rdx_journal_snapshots_exec (journal, limit));
  rdx_test_log_begin (&log);
  ok = test_dispatch (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "amount", rdx_value_new_int (100), NULL),
    &error);
  rdx_journal_snapshots_drain (journal);
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "goes on without it"));
  rdx_test_log_end (&log);
  assert_true (ok);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 5);
  assert_int_equal (rdx_journal_get_durable_sequence (journal), 5);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 0);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events WHERE seq = 5"), 1);

  assert_true (rdx_journal_exec (journal, "PRAGMA max_page_count = 1000000", "limiting", NULL));
  assert_true (rdx_journal_snapshots_exec (journal, "PRAGMA max_page_count = 1000000"));
  test_dispatch_ok (
    store, "acc.deposit",
    rdx_map_new_take ("id", rdx_value_new_string ("a"), "amount", rdx_value_new_int (1000), NULL));
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  test_exec (path, "DELETE FROM snapshots");
  journal = test_open_ok (path, options);
  test_assert_n_problems (journal, 0);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 6);
  assert_int_equal (
    rdx_value_get_int (rdx_value_get_path (rdx_journal_get_state (journal), "/accounts/a")), 1101);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* A command or an outcome that lands on an interval snapshot counts in the
 * unfinished commands the snapshot records. */
static void
test_command_on_snapshot (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 3);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;

  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  test_dispatch_mix (store, 0);
  test_dispatch_mix (store, 1);
  request (store, "cmd.requested", 1); /* 3: a snapshot */
  check_unfinished (journal, 1, 1, 3);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (test_query_int (path, "SELECT max(seq) FROM snapshots"), 3);

  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 3);
  check_unfinished (journal, 1, 1, 3);
  store = rdx_journal_new_store (journal, NULL, 0);
  test_dispatch_mix (store, 2);
  test_dispatch_mix (store, 3);
  request (store, "cmd.completed", 1); /* 6: a snapshot */
  check_unfinished (journal, 0);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (test_query_int (path, "SELECT max(seq) FROM snapshots"), 6);

  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 6);
  check_unfinished (journal, 0);
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

static gboolean
everything_transient_cb (RdxAction *action, gpointer user_data)
{
  return TRUE;
}

static void
count_destroy_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* The journal reads its options when it opens: changing them afterwards
 * (to open another journal, say) does not change how it works. */
static void
test_options_frozen (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxValue) expected = expected_state (12);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *other_path = g_build_filename (dir, "other.db", NULL);
  RdxJournal      *journal, *other;
  RdxStore        *store;
  guint            n_destroyed = 0;
  guint            i;

  rdx_journal_options_set_transient_func (options, test_is_transient, &n_destroyed,
                                          count_destroy_cb);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);

  rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_NONE);
  rdx_journal_options_set_batch (options, 60000, 1000);
  rdx_journal_options_set_snapshot_interval (options, 1);
  rdx_journal_options_add_transient_key (options, "accounts");
  rdx_journal_options_set_transient_func (options, everything_transient_cb, NULL, NULL);
  /* The journal still uses the predicate it was opened with. */
  assert_int_equal (n_destroyed, 0);
  other = test_open_ok (other_path, options);

  for (i = 0; i < 12; i++)
    {
      test_dispatch_mix (store, i);
      assert_int_equal (rdx_journal_get_durable_sequence (journal), i + 1);
    }
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 0);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (n_destroyed, 1);
  test_close_ok (other);
  test_finalize (other);

  /* The snapshot written at close kept the accounts. */
  {
    g_autoptr (RdxJournalOptions) fresh = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);

    journal = test_open_ok (path, fresh);
    test_assert_n_problems (journal, 0);
    assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 12);
    assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
    test_close_ok (journal);
    test_finalize (journal);
  }
  test_remove_dir (dir);
}

/* A journal opened read-only, as the devtools do, writes nothing: the
 * application still learns, when it opens, that its last session
 * crashed. Without the application's options it uses the transient keys
 * and event version the application recorded. */
static void
test_read_only (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 4);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  g_autoptr (RdxJournalOptions) reader = rdx_journal_options_new (TEST_APP_ID, reducer);
  g_autoptr (RdxValue) expected = expected_state (10);
  g_autoptr (GBytes) db_before = NULL;
  g_autoptr (GBytes) wal_before = NULL;
  g_autoptr (GBytes) db_after = NULL;
  g_autoptr (GBytes) wal_after = NULL;
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *image = g_build_filename (dir, "crashed.db", NULL);
  g_autofree char *image_wal = g_strconcat (image, "-wal", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *exported = NULL;
  RdxJournal      *journal, *inspector;
  RdxStore        *store;
  guint            i;

  rdx_journal_options_set_event_version (options, 2);
  rdx_journal_options_set_flags (reader, RDX_JOURNAL_OPEN_READ_ONLY);

  /* The application: ten actions and a transient one, then a crash. */
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);
  for (i = 0; i < 10; i++)
    test_dispatch_mix (store, i);
  test_dispatch_ok (store, "ui.select", rdx_map_new_take ("id", rdx_value_new_string ("a1"), NULL));
  hash = rdx_journal_dup_state_hash (journal);
  /* The interval snapshots are written by a worker after the dispatch
   * returns: the crash comes once it wrote them. */
  rdx_journal_snapshots_drain (journal);
  test_crash_image (path, image);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM meta WHERE key = 'event_version' "
                                          "AND value = '2'"),
                    1);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM meta WHERE key = "
                                          "'transient_keys' AND value = '[\"ui\"]'"),
                    1);

  /* Read while the application runs, in this process. */
  inspector = test_open_ok (path, reader);
  test_assert_n_problems (inspector, 0);
  assert_int_equal (rdx_journal_get_last_sequence (inspector), 10);
  {
    g_autofree char *inspected = rdx_journal_dup_state_hash (inspector);

    assert_string_equal (inspected, hash);
  }
  /* The writer goes; the reader still reads. */
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  exported = export_text (inspector);
  assert_non_null (strstr (exported, "\"seq\":10,"));
  test_close_ok (inspector);
  test_finalize (inspector);

  /* The crashed journal, read with options that know nothing of the
   * application's event version and transient keys. */
  db_before = test_file_bytes (image);
  wal_before = test_file_bytes (image_wal);
  inspector = test_open_ok (image, reader);
  assert_true (test_has_problem (inspector, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, 10));
  test_assert_n_problems (inspector, 1);
  assert_int_equal (rdx_journal_get_snapshot_sequence (inspector), 8);
  assert_true (rdx_value_equal (rdx_journal_get_state (inspector), expected));
  {
    g_autofree char *inspected = rdx_journal_dup_state_hash (inspector);

    assert_string_equal (inspected, hash);
  }
  /* It writes nothing, and takes no action. */
  assert_false (rdx_journal_write_snapshot (inspector, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_false (import_text (inspector, exported, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_true (rdx_journal_flush (inspector, NULL));
  store = rdx_journal_new_store (inspector, NULL, 0);
  assert_false (test_dispatch (store, "acc.open",
                               rdx_map_new_take ("id", rdx_value_new_string ("z"), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_READ_ONLY);
  g_clear_error (&error);
  test_close_ok (inspector);
  test_finalize (store);
  test_finalize (inspector);
  db_after = test_file_bytes (image);
  wal_after = test_file_bytes (image_wal);
  assert_true (g_bytes_equal (db_before, db_after));
  assert_true (g_bytes_equal (wal_before, wal_after));

  /* So the application's next open still reports the crash. */
  journal = test_open_ok (image, options);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, 10));
  assert_false (rdx_journal_needs_decision (journal));
  test_close_ok (journal);
  test_finalize (journal);

  /* A journal that does not exist is not made. */
  assert_null (rdx_journal_open (missing, reader, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
  assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  test_remove_dir (dir);
}

static void
test_options_boxed (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  RdxJournalOptions *options = rdx_journal_options_new ("org.rdx.Boxed", reducer);
  RdxJournalOptions *copy = g_boxed_copy (RDX_TYPE_JOURNAL_OPTIONS, options);
  g_autofree char   *fingerprint = NULL;

  assert_ptr_equal (copy, options);
  assert_int_equal (options->durability, RDX_JOURNAL_DURABILITY_SYNC);
  assert_int_equal (options->snapshot_interval, 10000);
  rdx_journal_options_add_command (options, "b.req", "id", "b.ok", "a.fail", NULL);
  rdx_journal_options_add_command (options, "a.req", "rid", "a.ok", NULL);
  fingerprint = rdx_journal_options_commands_fingerprint (options);
  assert_string_equal (fingerprint,
                       "[[\"a.req\",\"rid\",[\"a.ok\"]],[\"b.req\",\"id\",[\"a.fail\",\"b.ok\"]]]");
  g_boxed_free (RDX_TYPE_JOURNAL_OPTIONS, copy);
  rdx_journal_options_unref (options);
}

/* The path docs/journal.md gives, under the user data directory, works on
 * a fresh account: the folders missing on the way are made, readable by
 * the user alone; the journal does not make anything else up (a reader
 * still needs the file). */
static void
test_creates_folders (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *data = g_build_filename (dir, "share", NULL);
  g_autofree char *app = g_build_filename (data, "rdx-bank", NULL);
  g_autofree char *path = g_build_filename (app, "journal.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other", "journal.db", NULL);
  RdxJournal      *journal;
  RdxStore        *store;
  GStatBuf         st;

  /* A reader does not make folders or files. */
  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_READ_ONLY);
  assert_null (rdx_journal_open (other, options, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
  assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_DEFAULT);

  journal = rdx_journal_open (path, options, &error);
  if (journal == NULL)
    fail_msg ("opening a journal in folders that do not exist yet: %s", error->message);
  store = rdx_journal_new_store (journal, NULL, 0);
  test_dispatch_mix (store, 0);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  for (guint i = 0; i < 2; i++)
    {
      assert_int_equal (g_stat (i == 0 ? data : app, &st), 0);
      assert_int_equal (st.st_mode & 0777, 0700);
    }
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 1);

  /* Only the journal is there: nothing left of how it was made. */
  {
    g_autoptr (GDir) listing = g_dir_open (app, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      if (!g_str_has_prefix (name, "journal.db"))
        fail_msg ("%s was left next to the journal", name);
      else if (strstr (name, ".new-") != NULL)
        fail_msg ("%s was left next to the journal", name);
  }
  assert_int_equal (g_remove (path), 0);
  assert_int_equal (g_rmdir (app), 0);
  assert_int_equal (g_rmdir (data), 0);
  test_remove_dir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    JOURNAL_TEST (test_sha256),
    JOURNAL_TEST (test_digest_incremental),
    JOURNAL_TEST (test_round_trip),
    JOURNAL_TEST (test_round_trip_snapshots),
    JOURNAL_TEST (test_transient_actions),
    JOURNAL_TEST (test_refused_actions_not_journaled),
    JOURNAL_TEST (test_sequences_across_sessions),
    JOURNAL_TEST (test_batched_by_count),
    JOURNAL_TEST (test_batched_by_time),
    JOURNAL_TEST (test_policy_none),
    JOURNAL_TEST (test_in_memory),
    JOURNAL_TEST (test_upcaster),
    JOURNAL_TEST (test_unfinished_commands),
    JOURNAL_TEST (test_divergence),
    JOURNAL_TEST (test_export_import),
    JOURNAL_TEST (test_middleware_position),
    JOURNAL_TEST (test_store_not_from_journal),
    JOURNAL_TEST (test_write_failure),
    JOURNAL_TEST (test_write_failure_batched),
    JOURNAL_TEST (test_options_boxed),
    JOURNAL_TEST (test_listener_dispatch_order),
    JOURNAL_TEST (test_observer_dispatch_in_order),
    JOURNAL_TEST (test_sync_snapshot_failure),
    JOURNAL_TEST (test_snapshot_on_worker),
    JOURNAL_TEST (test_snapshots_while_dispatching),
    JOURNAL_TEST (test_snapshots_relative_path),
    JOURNAL_TEST (test_command_on_snapshot),
    JOURNAL_TEST (test_options_frozen),
    JOURNAL_TEST (test_read_only),
    JOURNAL_TEST (test_creates_folders),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("journal", tests, NULL, NULL);
}

/* test-journal-damage.c: damaged, foreign and busy journals
 *
 * Each kind of damage gives its documented error or problem, never a
 * crash, never a lost earlier action, and the damaged file is never
 * written to.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rdx-devtools.h>
#include <sys/stat.h>

#include "journal-test.h"
#include "rdx-journal-private.h"

#define DAMAGE_TEST(f) JOURNAL_TEST_CASE (f)

/* Writes a journal of @n actions of the mix (sync) and closes it. */
static void
write_journal (const char *path, RdxJournalOptions *options, guint n)
{
  RdxJournal *journal = test_open_ok (path, options);
  RdxStore   *store = rdx_journal_new_store (journal, NULL, 0);
  guint       i;

  for (i = 0; i < n; i++)
    test_dispatch_mix (store, i);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
}

/* The state the mix gives without action @skip (G_MAXUINT: none). */
static RdxValue *
expected_state (guint n, guint skip)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  RdxStore *store = rdx_store_new (reducer, NULL);
  RdxValue *state;
  guint     i;

  for (i = 0; i < n; i++)
    if (i != skip)
      test_dispatch_mix (store, i);
  state = rdx_store_dup_state (store);
  test_finalize (store);
  return state;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    fail_msg ("reading %s: %s", path, error->message);
  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path, GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  gsize       length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (!g_file_set_contents (path, data, length, &error))
    fail_msg ("writing %s: %s", path, error->message);
}

static void
assert_file_is (const char *path, GBytes *expected)
{
  g_autoptr (GBytes) now = read_file (path);

  assert_true (g_bytes_equal (now, expected));
}

static void
test_truncated_file (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) whole = NULL;
  g_autoptr (GBytes) truncated = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *original = g_build_filename (dir, "original.db", NULL);
  g_autofree char *salvaged_path = g_build_filename (dir, "salvaged.db", NULL);
  g_autofree char *compare = NULL;
  RdxJournal      *journal;
  gint64           n_salvaged;

  write_journal (path, options, 400);
  whole = read_file (path);
  write_file (original, whole);
  truncated = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) * 2 / 3 + 100);
  write_file (path, truncated);

  journal = rdx_journal_open (path, options, &error);
  assert_null (journal);
  assert_journal_error (error, RDX_JOURNAL_ERROR_CORRUPT);
  assert_non_null (strstr (error->message, "left as it is"));
  assert_non_null (strstr (error->message, "rdx_journal_salvage"));
  assert_file_is (path, truncated);
  g_clear_error (&error);

  /* quick_check finds it too. */
  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_CHECK_INTEGRITY);
  journal = rdx_journal_open (path, options, &error);
  assert_null (journal);
  assert_journal_error (error, RDX_JOURNAL_ERROR_CORRUPT);
  assert_file_is (path, truncated);
  g_clear_error (&error);
  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_DEFAULT);

  /* Salvage copies every event still readable, unchanged. */
  journal = rdx_journal_salvage (path, salvaged_path, options, &error);
  if (journal == NULL)
    fail_msg ("salvage failed: %s", error->message);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SALVAGED, 0));
  n_salvaged = test_query_int (salvaged_path, "SELECT count(*) FROM events");
  /* Events 1..n, where n is where the file was cut. */
  assert_true (n_salvaged >= 100 && n_salvaged < 400);
  assert_int_equal (test_query_int (salvaged_path, "SELECT max(seq) FROM events"), n_salvaged);
  assert_int_equal (rdx_journal_get_last_sequence (journal), n_salvaged);
  assert_false (rdx_journal_needs_decision (journal));
  {
    g_autoptr (RdxValue) expected = expected_state ((guint) n_salvaged, G_MAXUINT);

    assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  }
  test_close_ok (journal);
  test_finalize (journal);
  assert_file_is (path, truncated);

  assert_true (test_query_int (salvaged_path, "SELECT count(*) FROM events") > 0);
  compare = g_strdup_printf ("ATTACH '%s' AS o; ", original);
  {
    sqlite3      *db = NULL;
    sqlite3_stmt *stmt = NULL;

    assert_int_equal (sqlite3_open (salvaged_path, &db), SQLITE_OK);
    assert_int_equal (sqlite3_exec (db, compare, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal (sqlite3_prepare_v2 (db,
                                          "SELECT count(*) FROM events s JOIN o.events e "
                                          "USING (seq) WHERE s.type = e.type AND s.payload = "
                                          "e.payload AND s.hash = e.hash",
                                          -1, &stmt, NULL),
                      SQLITE_OK);
    assert_int_equal (sqlite3_step (stmt), SQLITE_ROW);
    assert_int_equal (sqlite3_column_int64 (stmt, 0),
                      test_query_int (salvaged_path, "SELECT count(*) FROM events"));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  test_remove_dir (dir);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr (GBytes) bytes = read_file (from);

  write_file (to, bytes);
}

/* Dispatches @n actions of the mix into a journal at @dir/journal.db,
 * copies its database to @dir/copy.db as a crash right then would leave
 * it, and closes the journal. Returns the write-ahead log of that moment,
 * for the test to put (cut or damaged) next to the copy, as copy.db-wal. */
static GBytes *
crash_copy (const char *dir, RdxJournalOptions *options, guint n)
{
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "journal.db-wal", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  RdxJournal      *journal = test_open_ok (path, options);
  RdxStore        *store = rdx_journal_new_store (journal, NULL, 0);
  GBytes          *log;

  for (guint i = 0; i < n; i++)
    test_dispatch_mix (store, i);
  copy_file (path, copy);
  log = read_file (wal);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  return log;
}

/* A write-ahead log cut in the middle of a frame (a crash during a write):
 * every transaction committed before the cut is there. */
static void
test_truncated_wal (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *copy_wal = g_build_filename (dir, "copy.db-wal", NULL);
  g_autoptr (GBytes) log = crash_copy (dir, options, 60);
  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (log, 0, g_bytes_get_size (log) - 3000);
  RdxJournal *reopened;
  guint64     kept;

  write_file (copy_wal, cut);
  reopened = test_open_ok (copy, options);
  kept = rdx_journal_get_last_sequence (reopened);
  assert_true (kept > 40 && kept < 60);
  assert_false (rdx_journal_needs_decision (reopened));
  assert_true (test_has_problem (reopened, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, 0));
  {
    g_autoptr (RdxValue) expected = expected_state ((guint) kept, G_MAXUINT);

    assert_true (rdx_value_equal (rdx_journal_get_state (reopened), expected));
  }
  test_close_ok (reopened);
  test_finalize (reopened);
  test_remove_dir (dir);
}

/* A write-ahead log damaged in the middle (a bit flipped in a frame, with
 * committed transactions after it): SQLite keeps only what was committed
 * before the damaged frame, so the problem says the log is damaged, where,
 * and how far the journal got, not that everything committed is kept; it
 * waits for the application's decision, and a copy of the log as it was is
 * kept for salvage before the journal writes over it. */
static void
test_damaged_wal (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *copy_wal = g_build_filename (dir, "copy.db-wal", NULL);
  g_autofree char *kept_copy = g_strconcat (copy_wal, ".damaged", NULL);
  g_autoptr (GBytes) log = crash_copy (dir, options, 60);
  g_autoptr (GBytes) damaged = NULL;
  g_autofree char *kept_text = NULL;
  RdxJournal      *reopened;
  const char      *message;
  guint64          kept;
  guint8          *bytes;
  gsize            size, frame_size, middle;

  /* A byte in the page of a frame in the middle of the log. */
  bytes = g_bytes_unref_to_data (g_bytes_ref (log), &size);
  frame_size = 24 + 4096;
  middle = 32 + (((size - 32) / frame_size) / 2) * frame_size + 24 + 100;
  bytes[middle] ^= 0x40;
  damaged = g_bytes_new_take (bytes, size);
  write_file (copy_wal, damaged);

  reopened = test_open_ok (copy, options);
  kept = rdx_journal_get_last_sequence (reopened);
  assert_true (kept > 0 && kept < 60);
  message = test_problem_message (reopened, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN);
  assert_non_null (message);
  if (strstr (message, "damaged") == NULL || strstr (message, "frame") == NULL ||
      strstr (message, "Everything it committed is kept") != NULL)
    fail_msg ("the problem does not say the log is damaged: %s", message);
  kept_text = g_strdup_printf ("up to event %" G_GUINT64_FORMAT, kept);
  assert_non_null (strstr (message, kept_text));
  assert_non_null (strstr (message, kept_copy));
  assert_true (rdx_journal_needs_decision (reopened));
  {
    g_autoptr (RdxValue) expected = expected_state ((guint) kept, G_MAXUINT);

    assert_true (rdx_value_equal (rdx_journal_get_state (reopened), expected));
  }
  assert_file_is (kept_copy, damaged);
  g_unlink (kept_copy);
  test_close_ok (reopened);
  test_finalize (reopened);
  test_remove_dir (dir);
}

/* A clean close leaves everything in the database file itself: the
 * write-ahead log is checkpointed into it, so losing the log (a backup
 * that copies only the .db, a careless cleanup) after a clean shutdown
 * loses nothing. Also while a reader has the journal open. */
static void
test_clean_close_checkpoints (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxJournalOptions) reader_options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "journal.db-wal", NULL);
  g_autofree char *shm = g_build_filename (dir, "journal.db-shm", NULL);

  rdx_journal_options_set_flags (reader_options, RDX_JOURNAL_OPEN_READ_ONLY);
  for (guint round = 0; round < 2; round++)
    {
      RdxJournal *journal = test_open_ok (path, options);
      RdxStore   *store = rdx_journal_new_store (journal, NULL, 0);
      RdxJournal *reader = NULL;
      RdxJournal *reopened;

      for (guint i = 0; i < 30; i++)
        test_dispatch_mix (store, round * 30 + i);
      /* The second time, a reader has the journal open while it closes. */
      if (round == 1)
        reader = test_open_ok (path, reader_options);
      test_close_ok (journal);
      test_finalize (store);
      test_finalize (journal);

      g_unlink (wal);
      g_unlink (shm);
      reopened = test_open_ok (path, options);
      assert_int_equal (rdx_journal_get_last_sequence (reopened), (round + 1) * 30);
      test_assert_n_problems (reopened, 0);
      {
        g_autoptr (RdxValue) expected = expected_state ((round + 1) * 30, G_MAXUINT);

        assert_true (rdx_value_equal (rdx_journal_get_state (reopened), expected));
      }
      test_close_ok (reopened);
      test_finalize (reopened);
      if (reader != NULL)
        {
          test_close_ok (reader);
          test_finalize (reader);
        }
    }
  test_remove_dir (dir);
}

static char *
find_bytes (char *data, gsize length, const char *needle)
{
  gsize n = strlen (needle), i;

  for (i = 0; i + n <= length; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

/* Salvage reads the write-ahead log of a journal that crashed, and
 * payloads long enough to spill onto overflow pages. */
static void
test_salvage_wal_and_overflow (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "journal.db-wal", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *copy_wal = g_build_filename (dir, "copy.db-wal", NULL);
  g_autofree char *salvaged_path = g_build_filename (dir, "salvaged.db", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *salvaged_hash = NULL;
  g_autoptr (GString) long_text = g_string_new (NULL);
  RdxJournal *journal = test_open_ok (path, options);
  RdxStore   *store = rdx_journal_new_store (journal, NULL, 0);
  RdxJournal *salvaged;
  guint       i;

  for (i = 0; i < 20000; i++)
    g_string_append_c (long_text, (char) ('a' + i % 26));
  for (i = 0; i < 30; i++)
    {
      test_dispatch_mix (store, i);
      if (i == 3)
        test_dispatch_ok (store, "log.add",
                          rdx_map_new_take ("text", rdx_value_new_string (long_text->str), NULL));
    }
  hash = rdx_journal_dup_state_hash (journal);
  copy_file (path, copy);
  copy_file (wal, copy_wal);

  salvaged = rdx_journal_salvage (copy, salvaged_path, options, &error);
  if (salvaged == NULL)
    fail_msg ("salvage failed: %s", error->message);
  assert_int_equal (rdx_journal_get_last_sequence (salvaged), 31);
  assert_false (rdx_journal_needs_decision (salvaged));
  assert_true (rdx_value_equal (rdx_journal_get_state (salvaged), rdx_journal_get_state (journal)));
  salvaged_hash = rdx_journal_dup_state_hash (salvaged);
  assert_string_equal (salvaged_hash, hash);
  test_close_ok (salvaged);
  test_finalize (salvaged);

  /* Not into a journal with events, nor from another application's. */
  salvaged = rdx_journal_salvage (copy, salvaged_path, options, &error);
  assert_null (salvaged);
  assert_journal_error (error, RDX_JOURNAL_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  {
    g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
    g_autoptr (RdxJournalOptions) other = rdx_journal_options_new ("org.example.Other", reducer);

    assert_null (rdx_journal_salvage (copy, salvaged_path, other, &error));
    assert_journal_error (error, RDX_JOURNAL_ERROR_OTHER_APP);
  }

  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* Flips a digit in the middle of the text of the snapshot at @seq, in the
 * bytes of the file. */
static void
flip_snapshot (const char *path, const char *condition)
{
  g_autoptr (GBytes) bytes = read_file (path);
  g_autofree char *sql = g_strdup_printf ("SELECT state FROM snapshots WHERE %s", condition);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  g_autofree char *text = NULL;
  gsize            length;
  char            *data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &length);
  char            *found, *p;

  assert_int_equal (sqlite3_open (path, &db), SQLITE_OK);
  assert_int_equal (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), SQLITE_OK);
  assert_int_equal (sqlite3_step (stmt), SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  found = find_bytes (data, length, text);
  assert_non_null (found);
  for (p = found + strlen (text) / 2; !g_ascii_isdigit (*p); p++)
    ;
  *p = *p == '1' ? '2' : '1';
  bytes = g_bytes_new_take (data, length);
  write_file (path, bytes);
}

static void
test_snapshot_damaged (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 10);
  g_autoptr (RdxValue) expected = expected_state (45, G_MAXUINT);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *hash = NULL;
  RdxJournal      *journal;

  write_journal (path, options, 45);
  journal = test_open_ok (path, options);
  hash = rdx_journal_dup_state_hash (journal);
  test_close_ok (journal);
  test_finalize (journal);

  /* The newest two snapshots: the one at close (45) and the one at 40. */
  flip_snapshot (path, "seq = 45");
  flip_snapshot (path, "seq = 40");

  journal = test_open_ok (path, options);
  {
    g_autofree char *reopened_hash = rdx_journal_dup_state_hash (journal);

    assert_string_equal (reopened_hash, hash);
  }
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 30);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED, 45));
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED, 40));
  assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED),
                           "fails its checksum"));
  assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED),
                           "from the snapshot at event 30"));
  assert_false (rdx_journal_needs_decision (journal));
  test_close_ok (journal);
  test_finalize (journal);

  /* Nothing was deleted: both damaged snapshots are still there, next to
   * the new one written at close. */
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots WHERE seq = 45"), 2);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots WHERE seq = 40"), 1);

  /* Every snapshot damaged: the events alone. */
  flip_snapshot (path, "seq = 10");
  flip_snapshot (path, "seq = 20");
  flip_snapshot (path, "seq = 30");
  flip_snapshot (path, "seq = 45 AND id = (SELECT max(id) FROM snapshots)");
  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 0);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED),
                           "from all the events"));
  assert_false (rdx_journal_needs_decision (journal));
  test_close_ok (journal);
  test_finalize (journal);

  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots"), 7);
  test_remove_dir (dir);
}

/* A snapshot's recorded digest is covered by its checksum: a damaged one
 * is not used (an older snapshot or the events are), instead of making
 * the reducer look impure. */
static void
test_snapshot_hash_damaged (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 5);
  g_autoptr (RdxValue) expected = expected_state (7, G_MAXUINT);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;

  write_journal (path, options, 7);
  test_exec (path, "DELETE FROM snapshots WHERE origin = 'close'; "
                   "UPDATE snapshots SET hash = zeroblob(32) WHERE seq = 5");

  journal = test_open_ok (path, options);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED, 5));
  assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED),
                           "fails its checksum"));
  test_assert_n_problems (journal, 1);
  assert_false (rdx_journal_needs_decision (journal));
  assert_int_equal (rdx_journal_get_divergence (journal), 0);
  assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 0);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* A snapshot's checksum covers its sequence number: one flipped bit in it
 * (120 read as 121, after a crash that left no close snapshot, so the
 * newest snapshot claims the last event) makes it damaged, not a state
 * short of the last event served as if it were the last one (and built on
 * by later appends). */
static void
test_snapshot_sequence_damaged (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 120);
  g_autoptr (RdxValue) expected = expected_state (121, G_MAXUINT);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *image = g_build_filename (dir, "image.db", NULL);
  RdxJournal      *journal = test_open_ok (path, options);
  RdxStore        *store = rdx_journal_new_store (journal, NULL, 0);

  for (guint i = 0; i < 121; i++)
    test_dispatch_mix (store, i);
  /* The crash comes once the worker wrote the snapshot of event 120. */
  rdx_journal_snapshots_drain (journal);
  test_crash_image (path, image);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (test_query_int (image, "SELECT max(seq) FROM snapshots"), 120);
  test_exec (image, "UPDATE snapshots SET seq = 121 WHERE seq = 120");

  journal = test_open_ok (image, options);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 121);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED, 121));
  assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED),
                           "fails its checksum"));
  assert_int_equal (rdx_journal_get_divergence (journal), 0);
  assert_false (rdx_journal_needs_decision (journal));

  /* Appends build on the right state. */
  store = rdx_journal_new_store (journal, NULL, 0);
  test_dispatch_mix (store, 121);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  journal = test_open_ok (image, options);
  {
    g_autoptr (RdxValue) after = expected_state (122, G_MAXUINT);

    assert_true (rdx_value_equal (rdx_journal_get_state (journal), after));
  }
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* Every open checks the rebuilt state against the digest recorded with
 * the last event, also when a snapshot stands at the last event (the one
 * a close writes): a damaged digest is a divergence reported at that
 * event, never a silent open. */
static void
test_last_digest_damaged (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  RdxJournal      *journal;
  const char      *message;

  write_journal (path, options, 30);
  assert_int_equal (test_query_int (path, "SELECT max(seq) FROM snapshots"), 30);
  test_exec (path, "UPDATE events SET hash = zeroblob(32) WHERE seq = 30");

  journal = test_open_ok (path, options);
  assert_int_equal (rdx_journal_get_divergence (journal), 30);
  assert_true (rdx_journal_needs_decision (journal));
  message = test_problem_message (journal, RDX_JOURNAL_PROBLEM_DIVERGENCE);
  assert_non_null (message);
  assert_non_null (strstr (message, "event 30"));
  assert_non_null (strstr (message, "digest recorded with it"));
  test_close_ok (journal);
  test_finalize (journal);
  test_remove_dir (dir);
}

/* Journals of schemas 1 and 2, whose snapshot checksums did not cover
 * their sequence numbers (nor, in schema 1, their digests): their snapshots
 * are not used, and opening one for writing makes it schema 3. */
static void
test_schema_1 (void **state)
{
  for (guint schema = 1; schema < RDX_JOURNAL_SCHEMA_VERSION; schema++)
    {
      g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 5);
      g_autoptr (RdxValue) expected = expected_state (15, G_MAXUINT);
      char            *dir = test_make_dir ();
      g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
      g_autofree char *downgrade = NULL;
      RdxJournal      *journal;
      RdxStore        *store;

      write_journal (path, options, 12);
      downgrade = g_strdup_printf ("UPDATE meta SET value = '%u' WHERE key = 'schema_version'; "
                                   "DELETE FROM meta WHERE key IN ('event_version', "
                                   "'transient_keys')",
                                   schema);
      test_exec (path, downgrade);
      assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots"), 3);

      journal = test_open_ok (path, options);
      assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_SKIPPED, 12));
      assert_non_null (strstr (test_problem_message (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_SKIPPED),
                               "older journal schema"));
      test_assert_n_problems (journal, 1);
      assert_false (rdx_journal_needs_decision (journal));
      assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 0);
      assert_int_equal (
        test_query_int (path, "SELECT value FROM meta WHERE key = 'schema_version'"),
        RDX_JOURNAL_SCHEMA_VERSION);
      assert_int_equal (test_query_int (path, "SELECT value FROM meta WHERE key = "
                                              "'legacy_snapshots'"),
                        3);
      store = rdx_journal_new_store (journal, NULL, 0);
      test_dispatch_mix (store, 12);
      test_dispatch_mix (store, 13);
      test_dispatch_mix (store, 14);
      test_close_ok (journal);
      test_finalize (store);
      test_finalize (journal);

      /* The snapshots written since are used. */
      journal = test_open_ok (path, options);
      test_assert_n_problems (journal, 0);
      assert_int_equal (rdx_journal_get_snapshot_sequence (journal), 15);
      assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
      test_close_ok (journal);
      test_finalize (journal);
      test_remove_dir (dir);
    }
}

static gboolean
export_to (RdxJournal *journal, GString *out)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  if (!rdx_journal_export_jsonl (journal, stream, NULL, &error) ||
      !g_output_stream_close (stream, NULL, &error))
    fail_msg ("export failed: %s", error->message);
  g_string_append_len (
    out, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
    (gssize) g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  return TRUE;
}

/* Damaged bytes go through an export and an import exactly: the imported
 * journal reports the same damage, instead of replaying what a repair of
 * the text made of it. */
static void
test_damaged_export (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) again = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *restored_path = g_build_filename (dir, "restored.db", NULL);
  RdxJournal      *journal;

  /* Event 2's payload and event 3's type get a byte that is not UTF-8
   * ({"id":"a\xe1"} would read as valid JSON once "repaired"). */
  write_journal (path, options, 4);
  test_exec (path, "DELETE FROM snapshots; "
                   "UPDATE events SET payload = CAST(X'7B226964223A2261E1227D' AS TEXT) "
                   "WHERE seq = 2; "
                   "UPDATE events SET type = CAST(X'61E1' AS TEXT) WHERE seq = 3");

  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS);
  journal = test_open_ok (path, options);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_EVENT_DAMAGED, 2));
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_EVENT_DAMAGED, 3));
  export_to (journal, text);
  test_close_ok (journal);
  test_finalize (journal);
  assert_non_null (strstr (text->str, "\"damaged_payload_base64\":\"eyJpZCI6ImHhIn0=\""));
  assert_non_null (strstr (text->str, "\"damaged_type_base64\":\"YeE=\""));

  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_DEFAULT);
  journal = test_open_ok (restored_path, options);
  {
    g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (text->str, text->len, NULL);

    if (!rdx_journal_import_jsonl (journal, in, NULL, &error))
      fail_msg ("import failed: %s", error->message);
  }
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_EVENT_DAMAGED, 2));
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_EVENT_DAMAGED, 3));
  assert_true (rdx_journal_needs_decision (journal));
  assert_int_equal (rdx_journal_get_last_sequence (journal), 4);
  export_to (journal, again);
  test_close_ok (journal);
  test_finalize (journal);
  assert_int_equal (test_query_int (restored_path,
                                    "SELECT count(*) FROM events WHERE seq = 2 AND payload = "
                                    "CAST(X'7B226964223A2261E1227D' AS TEXT)"),
                    1);
  assert_int_equal (test_query_int (restored_path, "SELECT count(*) FROM events WHERE seq = 3 AND "
                                                   "type = CAST(X'61E1' AS TEXT)"),
                    1);
  /* The same export again, but for the sessions (an import's are 0). */
  {
    g_autoptr (GRegex) sessions = g_regex_new ("\"session\":[0-9]+", 0, 0, NULL);
    g_autofree char *a = g_regex_replace_literal (sessions, text->str, -1, 0, "", 0, NULL);
    g_autofree char *b = g_regex_replace_literal (sessions, again->str, -1, 0, "", 0, NULL);

    assert_string_equal (a, b);
  }
  test_remove_dir (dir);
}

static void
test_payload_damaged (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxValue) expected = expected_state (30, 12);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  const char      *message;
  RdxJournal      *journal;
  RdxStore        *store;

  /* Event 13 is the mix's action 12, a deposit. */
  write_journal (path, options, 30);
  test_exec (path,
             "DELETE FROM snapshots; UPDATE events SET payload = '{\"id\":\"a2\",\"amount\":' "
             "WHERE seq = 13");

  journal = test_open_ok (path, options);
  assert_true (test_has_problem (journal, RDX_JOURNAL_PROBLEM_EVENT_DAMAGED, 13));
  message = test_problem_message (journal, RDX_JOURNAL_PROBLEM_EVENT_DAMAGED);
  assert_non_null (strstr (message, "Event 13 (“acc.deposit”)"));
  assert_non_null (strstr (message, "not valid JSON"));
  assert_non_null (strstr (message, "{\"id\":\"a2\",\"amount\":"));
  assert_non_null (strstr (message, "skipped"));
  /* The events after it are all applied. */
  assert_int_equal (rdx_journal_get_last_sequence (journal), 30);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));
  assert_int_equal (rdx_journal_get_divergence (journal), 13);
  assert_true (rdx_journal_needs_decision (journal));

  store = rdx_journal_new_store (journal, NULL, 0);
  assert_false (test_dispatch (store, "acc.open",
                               rdx_map_new_take ("id", rdx_value_new_string ("z"), NULL), &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_UNRESOLVED);
  /* Closing without a decision writes no snapshot. */
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM snapshots"), 0);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events WHERE seq = 13 AND "
                                          "payload = '{\"id\":\"a2\",\"amount\":'"),
                    1);
  test_remove_dir (dir);
}

static void
test_future_schema (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);

  write_journal (path, options, 5);
  test_exec (path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  before = read_file (path);

  assert_null (rdx_journal_open (path, options, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_NEWER_SCHEMA);
  assert_non_null (strstr (error->message, "schema 99"));
  assert_non_null (strstr (error->message, "newer version"));
  assert_file_is (path, before);
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 5);
  test_remove_dir (dir);
}

static void
test_other_app (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  g_autoptr (RdxJournalOptions) other = rdx_journal_options_new ("org.example.Other", reducer);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);

  write_journal (path, options, 5);
  before = read_file (path);
  assert_null (rdx_journal_open (path, other, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_OTHER_APP);
  assert_non_null (strstr (error->message, TEST_APP_ID));
  assert_non_null (strstr (error->message, "org.example.Other"));
  assert_file_is (path, before);
  test_remove_dir (dir);
}

static void
test_not_a_journal (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) noise = NULL;
  g_autoptr (GBytes) other_db = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "noise.db", NULL);
  g_autofree char *db_path = g_build_filename (dir, "other.db", NULL);
  guint8           bytes[8192];
  guint            i;

  for (i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 7919 + 13);
  noise = g_bytes_new (bytes, sizeof bytes);
  write_file (path, noise);
  /* Not an SQLite database at all: not a journal, read-only or not; not
   * damage to salvage (salvage reads SQLite's pages, and there are none). */
  for (i = 0; i < 2; i++)
    {
      rdx_journal_options_set_flags (options, i == 0 ? RDX_JOURNAL_OPEN_DEFAULT
                                                     : RDX_JOURNAL_OPEN_READ_ONLY);
      assert_null (rdx_journal_open (path, options, &error));
      assert_journal_error (error, RDX_JOURNAL_ERROR_NOT_A_JOURNAL);
      assert_non_null (strstr (error->message, "not an SQLite database"));
      assert_null (strstr (error->message, "salvage"));
      assert_file_is (path, noise);
      g_clear_error (&error);
    }
  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_DEFAULT);

  test_exec (db_path, "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada')");
  other_db = read_file (db_path);
  assert_null (rdx_journal_open (db_path, options, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_NOT_A_JOURNAL);
  assert_file_is (db_path, other_db);
  test_remove_dir (dir);
}

/* A journal file cut to nothing (0 or 1 byte) is damage, not a missing
 * journal: a writing open refuses it as a read-only open does, and leaves
 * it exactly as it is. Only a missing file makes a new journal. */
static void
test_cut_to_nothing (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autoptr (GBytes) whole = NULL;
  guint sizes[] = { 0, 1, 100 };

  write_journal (path, options, 20);
  whole = read_file (path);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GBytes) cut = g_bytes_new_from_bytes (whole, 0, sizes[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) read_error = NULL;
      g_autoptr (RdxJournalOptions) reader = rdx_journal_options_ref (options);
      RdxJournal *journal;

      write_file (path, cut);
      journal = rdx_journal_open (path, options, &error);
      if (journal != NULL)
        fail_msg ("a journal cut to %u bytes opened for writing as a new journal", sizes[i]);
      assert_journal_error (error, RDX_JOURNAL_ERROR_NOT_A_JOURNAL);
      assert_non_null (strstr (error->message, "not an rdx journal"));
      assert_non_null (strstr (error->message, "left as it is"));
      assert_file_is (path, cut);

      /* A read-only open says the same. */
      rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_READ_ONLY);
      assert_null (rdx_journal_open (path, options, &read_error));
      rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_DEFAULT);
      assert_journal_error (read_error, RDX_JOURNAL_ERROR_NOT_A_JOURNAL);
      assert_file_is (path, cut);
    }

  /* A missing file is a new journal. */
  assert_int_equal (g_unlink (path), 0);
  {
    RdxJournal *journal = test_open_ok (path, options);

    assert_int_equal (rdx_journal_get_last_sequence (journal), 0);
    test_close_ok (journal);
    test_finalize (journal);
  }
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM meta WHERE key = 'app_id'"), 1);
  test_remove_dir (dir);
}

/* A directory is not a journal, and each open says so: not "2 names". */
static void
test_directory (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  g_autoptr (RdxHistory) history = rdx_history_new (TEST_APP_ID);
  g_autoptr (RdxStore) store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  char *dir = test_make_dir ();

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (GError) error = NULL;

      if (i < 2)
        {
          rdx_journal_options_set_flags (options, i == 0 ? RDX_JOURNAL_OPEN_DEFAULT
                                                         : RDX_JOURNAL_OPEN_READ_ONLY);
          assert_null (rdx_journal_open (dir, options, &error));
          assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
        }
      else
        {
          assert_false (
            rdx_history_import_journal (history, dir, RDX_HISTORY_IMPORT_DEFAULT, &error));
          assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
        }
      if (strstr (error->message, "directory") == NULL || strstr (error->message, "names") != NULL)
        fail_msg ("open %u of a directory says: %s", i, error->message);
    }
  g_clear_object (&store);
  test_remove_dir (dir);
}

/* _exit(), called through a pointer the compiler cannot see through: a
 * function it knows never returns need not save its caller's registers,
 * where the test may keep the pointers valgrind's leak check in the child
 * has to find. */
static void (*volatile child_exit) (int status) = _exit;

/* In a child process: tries to open the journal, and writes what happened
 * to @fd as "<code> <message>" (code -1 when it opened). */
static void
child_open (const char *path, RdxJournalOptions *options, int fd)
{
  GError     *error = NULL;
  RdxJournal *journal = rdx_journal_open (path, options, &error);
  char       *report = g_strdup_printf ("%d %s", journal != NULL ? -1 : error->code,
                                  journal != NULL ? "opened" : error->message);
  ssize_t     written = write (fd, report, strlen (report));

  /* _exit() runs no cleanup: free by hand, for valgrind's leak check. */
  g_free (report);
  g_clear_error (&error);
  if (journal != NULL)
    {
      rdx_journal_close (journal, NULL);
      g_object_unref (journal);
    }
  close (fd);
  child_exit (written > 0 ? 0 : 1);
}

static char *
open_in_child (const char *path, RdxJournalOptions *options)
{
  GString *report;
  int      fds[2];
  pid_t    pid;
  int      status = 0;
  char     buffer[512];
  ssize_t  n;

  assert_int_equal (pipe (fds), 0);
  pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      close (fds[0]);
      child_open (path, options, fds[1]);
    }
  close (fds[1]);
  report = g_string_new (NULL);
  while ((n = read (fds[0], buffer, sizeof buffer)) > 0)
    g_string_append_len (report, buffer, n);
  close (fds[0]);
  assert_int_equal (waitpid (pid, &status, 0), pid);
  assert_true (WIFEXITED (status));
  assert_int_equal (WEXITSTATUS (status), 0);
  return g_string_free (report, FALSE);
}

static void
test_opened_twice (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *report = NULL;
  g_autofree char *expected = NULL;
  RdxJournal      *journal;
  RdxStore        *store;

  write_journal (path, options, 5);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);

  /* In this process. */
  assert_null (rdx_journal_open (path, options, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IN_USE);
  assert_non_null (strstr (error->message, "already open in this process"));

  /* In another process. */
  report = open_in_child (path, options);
  expected = g_strdup_printf ("%d ", RDX_JOURNAL_ERROR_IN_USE);
  assert_true (g_str_has_prefix (report, expected));
  assert_non_null (strstr (report, "in use by another process"));
  g_free (expected);
  expected = g_strdup_printf ("(pid %d)", (int) getpid ());
  assert_non_null (strstr (report, expected));

  /* Neither attempt disturbed this journal. */
  test_dispatch_mix (store, 5);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 6);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  /* Once closed, another process may open it. */
  g_free (report);
  report = open_in_child (path, options);
  assert_string_equal (report, "-1 opened");
  assert_int_equal (test_query_int (path, "SELECT count(*) FROM events"), 6);
  test_remove_dir (dir);
}

/* The lock is the database file's: another name for the same file (a
 * symbolic or a hard link) finds it taken. A read-only open needs none. A
 * file with several hard links is not opened at all: SQLite would look for
 * its write-ahead log next to the wrong name. */
static void
test_lock_links (void **state)
{
  g_autoptr (RdxJournalOptions) options = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (RdxJournalOptions) reader = test_options (RDX_JOURNAL_DURABILITY_SYNC, 0);
  g_autoptr (GError) error = NULL;
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  g_autofree char *symbolic = g_build_filename (dir, "symbolic.db", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard.db", NULL);
  g_autofree char *in_use = g_strdup_printf ("%d ", RDX_JOURNAL_ERROR_IN_USE);
  g_autofree char *io = g_strdup_printf ("%d ", RDX_JOURNAL_ERROR_IO);
  g_autofree char *pid = g_strdup_printf ("(pid %d)", (int) getpid ());
  RdxJournal      *journal;
  RdxStore        *store;

  rdx_journal_options_set_flags (reader, RDX_JOURNAL_OPEN_READ_ONLY);
  write_journal (path, options, 5);
  assert_int_equal (symlink (path, symbolic), 0);
  journal = test_open_ok (path, options);
  store = rdx_journal_new_store (journal, NULL, 0);

  /* Another process, through the symbolic link. */
  {
    g_autofree char *report = open_in_child (symbolic, options);

    assert_true (g_str_has_prefix (report, in_use));
    assert_non_null (strstr (report, "in use by another process"));
    assert_non_null (strstr (report, pid));
  }
  /* This process. */
  assert_null (rdx_journal_open (symbolic, options, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IN_USE);
  assert_non_null (strstr (error->message, "already open in this process"));
  g_clear_error (&error);
  /* Readers, here and elsewhere. */
  {
    g_autofree char *report = open_in_child (symbolic, reader);
    RdxJournal      *inspector = test_open_ok (symbolic, reader);

    assert_string_equal (report, "-1 opened");
    assert_int_equal (rdx_journal_get_last_sequence (inspector), 5);
    test_close_ok (inspector);
    test_finalize (inspector);
  }

  /* A hard link: the lock is taken all the same, and a reader is refused. */
  assert_int_equal (link (path, hard), 0);
  {
    g_autofree char *report = open_in_child (hard, options);

    assert_true (g_str_has_prefix (report, in_use));
    assert_non_null (strstr (report, pid));
  }
  assert_null (rdx_journal_open (hard, options, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IN_USE);
  g_clear_error (&error);
  assert_null (rdx_journal_open (hard, reader, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
  assert_non_null (strstr (error->message, "2 names (hard links)"));
  g_clear_error (&error);

  /* None of that disturbed the writer. */
  test_dispatch_mix (store, 5);
  assert_int_equal (rdx_journal_get_last_sequence (journal), 6);
  test_close_ok (journal);
  test_finalize (store);
  test_finalize (journal);

  /* Closed, it is refused while it has two names, by either. */
  {
    g_autofree char *report = open_in_child (hard, options);

    assert_true (g_str_has_prefix (report, io));
    assert_non_null (strstr (report, "hard links"));
  }
  assert_null (rdx_journal_open (path, options, &error));
  assert_journal_error (error, RDX_JOURNAL_ERROR_IO);
  g_clear_error (&error);
  assert_int_equal (g_unlink (hard), 0);
  {
    g_autofree char *report = open_in_child (symbolic, options);

    assert_string_equal (report, "-1 opened");
  }
  assert_int_equal (test_query_int (symbolic, "SELECT count(*) FROM events"), 6);
  test_remove_dir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    DAMAGE_TEST (test_truncated_file),
    DAMAGE_TEST (test_truncated_wal),
    DAMAGE_TEST (test_clean_close_checkpoints),
    DAMAGE_TEST (test_damaged_wal),
    DAMAGE_TEST (test_salvage_wal_and_overflow),
    DAMAGE_TEST (test_snapshot_damaged),
    DAMAGE_TEST (test_payload_damaged),
    DAMAGE_TEST (test_future_schema),
    DAMAGE_TEST (test_other_app),
    DAMAGE_TEST (test_not_a_journal),
    DAMAGE_TEST (test_cut_to_nothing),
    DAMAGE_TEST (test_directory),
    DAMAGE_TEST (test_opened_twice),
    DAMAGE_TEST (test_snapshot_hash_damaged),
    DAMAGE_TEST (test_snapshot_sequence_damaged),
    DAMAGE_TEST (test_last_digest_damaged),
    DAMAGE_TEST (test_schema_1),
    DAMAGE_TEST (test_damaged_export),
    DAMAGE_TEST (test_lock_links),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("journal-damage", tests, NULL, NULL);
}

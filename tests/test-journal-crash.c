/* test-journal-crash.c: SIGKILL a process that writes a journal
 *
 * A child process dispatches in a loop and reports on a pipe, after each
 * dispatch returns, the journal sequence it acknowledged and the one known
 * durable. The parent kills it with SIGKILL at random moments (fixed seed)
 * and reopens the journal: with `sync`, every acknowledged action is there;
 * with `batched`, what is lost is within the documented window. Every time,
 * the state rebuilds without divergence, and the request the child was
 * working on when it died is listed as an unfinished command.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "journal-test.h"

#define BATCH_ACTIONS 25
#define BATCH_MS      20

typedef struct
{
  guint64 acknowledged;
  guint64 durable;
} Report;

static RdxJournalOptions *
crash_options (RdxJournalDurability durability)
{
  /* Not a multiple of 4: the snapshots land on every kind of action. */
  RdxJournalOptions *options = test_options (durability, 41);

  rdx_journal_options_set_batch (options, BATCH_MS, BATCH_ACTIONS);
  return options;
}

/* The action the child dispatches as journal event @seq: a request, a log
 * entry, the request's completion, another log entry. */
static RdxAction *
action_for (guint64 seq)
{
  switch (seq % 4)
    {
      case 1:
        return rdx_action_new_take (
          "cmd.requested", rdx_map_new_take ("request_id", rdx_value_new_int ((gint64) seq), NULL));
      case 3:
        return rdx_action_new_take (
          "cmd.completed",
          rdx_map_new_take ("request_id", rdx_value_new_int ((gint64) seq - 2), NULL));
      default:
        return rdx_action_new_take (
          "log.add",
          rdx_map_new_take ("text", rdx_value_new_printf ("e%" G_GUINT64_FORMAT, seq), NULL));
    }
}

static void G_GNUC_NORETURN
crash_child (const char *path, RdxJournalDurability durability, int fd)
{
  g_autoptr (RdxJournalOptions) options = crash_options (durability);
  g_autoptr (GError) error = NULL;
  RdxJournal *journal;
  RdxStore   *store;

  journal = rdx_journal_open (path, options, &error);
  if (journal == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      _exit (3);
    }
  store = rdx_journal_new_store (journal, NULL, 0);
  for (;;)
    {
      Report report;

      if (!rdx_store_dispatch_take (store, action_for (rdx_journal_get_last_sequence (journal) + 1),
                                    &error))
        {
          g_printerr ("child: %s\n", error->message);
          _exit (4);
        }
      report.acknowledged = rdx_journal_get_last_sequence (journal);
      report.durable = rdx_journal_get_durable_sequence (journal);
      if (write (fd, &report, sizeof report) != sizeof report)
        _exit (5);
      g_main_context_iteration (NULL, FALSE);
    }
}

/* The state after events 1..@n, computed without a journal. */
static RdxValue *
expected_state (guint64 n)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  RdxStore *store = rdx_store_new (reducer, NULL);
  RdxValue *state;
  guint64   seq;

  for (seq = 1; seq <= n; seq++)
    if (!rdx_store_dispatch_take (store, action_for (seq), NULL))
      fail_msg ("the expected state fails at %" G_GUINT64_FORMAT, seq);
  state = rdx_store_dup_state (store);
  test_finalize (store);
  return state;
}

/* Runs the child for about @delay_ms, kills it, and returns the last
 * report it sent. */
static Report
run_and_kill (const char *path, RdxJournalDurability durability, guint delay_ms)
{
  Report last = { 0, 0 };
  char   buffer[sizeof (Report) * 256];
  gsize  pending = 0;
  gint64 deadline;
  int    fds[2], status = 0;
  pid_t  pid;

  assert_int_equal (pipe (fds), 0);
  pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      close (fds[0]);
      crash_child (path, durability, fds[1]);
    }
  close (fds[1]);

  deadline = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  for (;;)
    {
      gint64        left = deadline - g_get_monotonic_time ();
      struct pollfd poll_fd = { fds[0], POLLIN, 0 };
      ssize_t       n;

      if (left <= 0)
        break;
      if (poll (&poll_fd, 1, (int) ((left + 999) / 1000)) <= 0)
        continue;
      n = read (fds[0], buffer + pending, sizeof buffer - pending);
      if (n <= 0)
        break; /* the child died on its own: caught below */
      pending += (gsize) n;
      if (pending >= sizeof (Report))
        {
          gsize whole = pending / sizeof (Report) * sizeof (Report);

          memcpy (&last, buffer + whole - sizeof (Report), sizeof (Report));
          memmove (buffer, buffer + whole, pending - whole);
          pending -= whole;
        }
    }

  kill (pid, SIGKILL);
  assert_int_equal (waitpid (pid, &status, 0), pid);
  if (!WIFSIGNALED (status))
    fail_msg ("the child exited by itself with status %d", WEXITSTATUS (status));

  /* What it wrote before it died counts too. */
  for (;;)
    {
      ssize_t n = read (fds[0], buffer + pending, sizeof buffer - pending);

      if (n <= 0)
        break;
      pending += (gsize) n;
      if (pending >= sizeof (Report))
        {
          gsize whole = pending / sizeof (Report) * sizeof (Report);

          memcpy (&last, buffer + whole - sizeof (Report), sizeof (Report));
          memmove (buffer, buffer + whole, pending - whole);
          pending -= whole;
        }
    }
  close (fds[0]);
  return last;
}

/* Reopens the journal after a crash and checks it; returns its last
 * sequence number. */
static guint64
check_after_crash (const char          *path,
                   RdxJournalDurability durability,
                   Report              *report,
                   guint64              before)
{
  g_autoptr (RdxJournalOptions) options = crash_options (durability);
  g_autoptr (RdxValue) expected = NULL;
  g_autoptr (GPtrArray) unfinished = NULL;
  RdxJournal *journal = test_open_ok (path, options);
  guint64     last = rdx_journal_get_last_sequence (journal);
  gint64      n_events;

  /* No problem but the crash itself. */
  assert_false (rdx_journal_needs_decision (journal));
  assert_int_equal (rdx_journal_get_divergence (journal), 0);
  assert_false (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED, 0));
  assert_false (test_has_problem (journal, RDX_JOURNAL_PROBLEM_SEQUENCE_GAP, 0));

  /* Nothing from before this run is lost. */
  assert_true (last >= before);
  if (durability == RDX_JOURNAL_DURABILITY_SYNC)
    {
      assert_true (last >= report->acknowledged);
    }
  else
    {
      assert_true (last >= report->durable);
      assert_true (report->acknowledged < last + BATCH_ACTIONS);
    }

  /* Every event 1..last is there, and the state is theirs. */
  n_events = test_query_int (path, "SELECT count(*) FROM events");
  assert_int_equal (n_events, (gint64) last);
  assert_int_equal (test_query_int (path, "SELECT coalesce(max(seq), 0) FROM events"),
                    (gint64) last);
  expected = expected_state (last);
  assert_true (rdx_value_equal (rdx_journal_get_state (journal), expected));

  /* The request without its completion is unfinished. */
  unfinished = rdx_journal_dup_unfinished_commands (journal);
  if (last % 4 == 1 || last % 4 == 2)
    {
      guint64 request = last - (last % 4 == 2 ? 1 : 0);

      assert_int_equal (unfinished->len, 1);
      assert_int_equal (rdx_action_get_sequence (g_ptr_array_index (unfinished, 0)), request);
      assert_int_equal (test_payload_int (g_ptr_array_index (unfinished, 0), "request_id"),
                        (gint64) request);
    }
  else
    {
      assert_int_equal (unfinished->len, 0);
    }

  test_close_ok (journal);
  test_finalize (journal);
  return last;
}

static void
check_crashes (RdxJournalDurability durability, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  char            *dir = test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.db", NULL);
  guint            n_kills = test_quick () ? 6 : 24;
  guint            n_with_acks = 0, i;
  guint64          last = 0;

  for (i = 0; i < n_kills; i++)
    {
      /* Some kills land while the child still opens the journal. */
      guint  delay_ms = (guint) g_rand_int_range (rand, 2, test_quick () ? 600 : 150);
      Report report = run_and_kill (path, durability, delay_ms);

      if (report.acknowledged > last)
        n_with_acks++;
      last = check_after_crash (path, durability, &report, last);
    }

  /* The test did test something. */
  assert_true (n_with_acks >= n_kills / 2);
  assert_true (last > n_kills);
  test_remove_dir (dir);
}

static void
test_crash_sync (void **state)
{
  check_crashes (RDX_JOURNAL_DURABILITY_SYNC, 20240607);
}

static void
test_crash_batched (void **state)
{
  check_crashes (RDX_JOURNAL_DURABILITY_BATCHED, 4242);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    JOURNAL_TEST_CASE (test_crash_sync),
    JOURNAL_TEST_CASE (test_crash_batched),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("journal-crash", tests, NULL, NULL);
}

/* rdx-journal-snapshots.c: interval snapshots written on a worker thread
 *
 * A snapshot of a large state is mostly serialisation (10 MB of JSON for
 * 10,000 accounts and 100,000 transactions) and then one large SQLite
 * write. A state is immutable, so the journal hands the worker a
 * reference to it and dispatch goes on. The worker makes the text and its
 * checksum, then writes the row through a connection of its own, in a
 * transaction of its own.
 *
 * Ordering. A snapshot claims that the events up to its sequence number
 * are in the journal, so the worker writes it only once they are durable:
 * the journal tells it how far it committed after each commit. SQLite lets
 * one connection write at a time; the worker writes only while the
 * journal's connection is between transactions, and the journal does not
 * begin one until the worker is done: with `sync` the dispatch waits, with
 * `batched` and `none` the batch waits in memory (as it would in the open
 * transaction) and a batch that comes due waits for the worker. A snapshot
 * whose event is refused after all (undone, or lost with its batch) is
 * dropped. At close the journal waits for every snapshot of a durable
 * event, then writes its close snapshot itself.
 *
 * The worker commits with `synchronous = NORMAL` (`OFF` for the `none`
 * policy, as the journal's connection): in WAL mode that skips the flush
 * of its commit, never the consistency of the file. Its frames come after
 * the events it claims (already flushed) and before the journal's next
 * commit, whose flush covers them too; a power cut before that loses the
 * snapshot alone, which is only a shortcut for the rebuild.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "rdx-journal-private.h"

typedef struct
{
  guint64   seq;
  RdxValue *state; /* without the transient keys */
  guint8    hash[RDX_JOURNAL_DIGEST_SIZE];
  char     *commands;
  guint     version;
  gint64    time;
  /* Made by the worker. */
  GString *json;
  char    *checksum;
  gboolean cancelled;
} SnapshotJob;

struct _RdxJournalSnapshotter
{
  GMutex   mutex;
  GCond    cond;
  GThread *thread;
  sqlite3 *db; /* the worker's connection; used only while writing, or under the mutex */
  char    *path;

  /* Under the mutex. */
  GQueue   jobs;        /* SnapshotJob *, oldest first */
  guint64  durable_seq; /* how far the journal committed */
  guint64  written_seq; /* the newest snapshot the worker committed */
  gboolean serialising; /* the worker makes the head's text */
  gboolean writing;     /* the worker holds SQLite's write lock (or is about to) */
  gboolean granted;     /* the journal handed the lock over to the worker */
  gboolean checkpoint_wanted;
  gboolean checkpointing;
  gboolean journal_busy; /* the journal's connection is in a transaction */
  gboolean quit;
};

static void
job_free (SnapshotJob *job)
{
  rdx_value_unref (job->state);
  g_free (job->commands);
  if (job->json != NULL)
    g_string_free (job->json, TRUE);
  g_free (job->checksum);
  g_free (job);
}

/* Drops the cancelled jobs at the head (not one being serialised). */
static void
drop_cancelled (RdxJournalSnapshotter *self)
{
  SnapshotJob *head;

  while ((head = g_queue_peek_head (&self->jobs)) != NULL && head->cancelled && !self->serialising)
    job_free (g_queue_pop_head (&self->jobs));
}

/* Whether the head may be written now: its text is made, its events are
 * durable and the journal's connection is between transactions. */
static gboolean
head_writable (RdxJournalSnapshotter *self)
{
  SnapshotJob *head = g_queue_peek_head (&self->jobs);

  return head != NULL && !head->cancelled && head->json != NULL && !self->serialising &&
         !self->writing && !self->journal_busy && head->seq <= self->durable_seq;
}

static gboolean
write_job (RdxJournalSnapshotter *self, SnapshotJob *job, GError **error)
{
  static const char *const sql =
    "INSERT INTO snapshots (seq, state, hash, checksum, version, commands, origin, time) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'interval', ?7)";
  sqlite3_stmt *stmt = NULL;
  int           rc;

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) job->seq);
      sqlite3_bind_text (stmt, 2, job->json->str, (int) job->json->len, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 3, job->hash, sizeof job->hash, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, job->checksum, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, (int) job->version);
      sqlite3_bind_text (stmt, 6, job->commands, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, job->time);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    return TRUE;

  g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
               "The journal “%s” could not write the snapshot of event %" G_GUINT64_FORMAT " (%s).",
               self->path, job->seq, sqlite3_errmsg (self->db));
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gpointer
worker_main (gpointer data)
{
  RdxJournalSnapshotter *self = data;

#ifdef __linux__
  /* Background work: when the processors are busy, the store's thread
   * goes first (on Linux the nice value is a thread's own). */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19);
#endif

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      SnapshotJob *head;

      drop_cancelled (self);
      head = g_queue_peek_head (&self->jobs);
      if (self->granted && (head == NULL || head->json == NULL))
        {
          /* Handed over for a snapshot dropped since (the journal stops). */
          self->granted = self->writing = FALSE;
          g_cond_broadcast (&self->cond);
        }
      if (head != NULL && head->json == NULL && !self->serialising)
        {
          g_autoptr (GString) json = g_string_sized_new (4096);
          char *checksum;

          self->serialising = TRUE;
          g_mutex_unlock (&self->mutex);
          rdx_value_append_json (head->state, json);
          checksum =
            rdx_journal_snapshot_checksum (head->seq, "interval", head->hash, json->str, json->len);
          g_mutex_lock (&self->mutex);
          self->serialising = FALSE;
          head->json = g_steal_pointer (&json);
          head->checksum = checksum;
          g_cond_broadcast (&self->cond);
          continue;
        }
      if (self->granted || head_writable (self))
        {
          g_autoptr (GError) error = NULL;
          gboolean ok;

          self->granted = FALSE;
          self->writing = TRUE;
          g_mutex_unlock (&self->mutex);
          ok = write_job (self, head, &error);
          if (!ok)
            g_warning ("%s The journal goes on without it.", error->message);
          g_mutex_lock (&self->mutex);
          self->writing = FALSE;
          self->checkpoint_wanted = TRUE;
          if (ok)
            self->written_seq = MAX (self->written_seq, head->seq);
          job_free (g_queue_pop_head (&self->jobs));
          g_cond_broadcast (&self->cond);
          continue;
        }
      if (self->quit)
        break;
      if (self->checkpoint_wanted && !self->writing)
        {
          /* Moves the log into the database file while the journal goes
           * on writing (SQLite lets a checkpoint and a writer run
           * together). */
          self->checkpoint_wanted = FALSE;
          self->checkpointing = TRUE;
          g_mutex_unlock (&self->mutex);
          sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
          g_mutex_lock (&self->mutex);
          self->checkpointing = FALSE;
          g_cond_broadcast (&self->cond);
          continue;
        }
      g_cond_wait (&self->cond, &self->mutex);
    }
  g_mutex_unlock (&self->mutex);
  return NULL;
}

/**
 * rdx_journal_snapshotter_new:
 * @path: the journal's file
 * @synchronous: the `PRAGMA synchronous` value for its commits
 *
 * Opens a second connection to the journal and starts the worker.
 *
 * Returns: (transfer full) (nullable): the worker, or %NULL with @error set
 */
RdxJournalSnapshotter *
rdx_journal_snapshotter_new (const char *path, const char *synchronous, GError **error)
{
  RdxJournalSnapshotter *self = g_new0 (RdxJournalSnapshotter, 1);
  g_autofree char       *pragmas =
    g_strdup_printf ("PRAGMA synchronous = %s; PRAGMA cache_size = -32768", synchronous);
  int rc;

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, 1);
      sqlite3_busy_timeout (self->db, 5000);
      /* It checkpoints when asked, not in its commits (see
       * rdx_journal_snapshotter_request_checkpoint()). */
      sqlite3_wal_autocheckpoint (self->db, 0);
      rc = sqlite3_exec (self->db, pragmas, NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "The journal “%s” could not be opened a second time to write snapshots (%s).",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      sqlite3_close (self->db);
      g_free (self);
      return NULL;
    }
  self->path = g_strdup (path);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_queue_init (&self->jobs);
  self->thread = g_thread_new ("rdx-journal-snapshots", worker_main, self);
  return self;
}

/**
 * rdx_journal_snapshotter_free:
 *
 * Stops the worker: snapshots not written yet are dropped (call
 * rdx_journal_snapshotter_drain() first to write them), one being written
 * is finished. Closes its connection without a checkpoint (the journal's
 * connection makes that).
 */
void
rdx_journal_snapshotter_free (RdxJournalSnapshotter *self)
{
  g_mutex_lock (&self->mutex);
  for (GList *l = self->jobs.head; l != NULL; l = l->next)
    ((SnapshotJob *) l->data)->cancelled = TRUE;
  self->quit = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);

  g_queue_clear_full (&self->jobs, (GDestroyNotify) job_free);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_close (self->db);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}

/**
 * rdx_journal_snapshotter_push:
 * @seq: the event the snapshot stands at
 * @state: (transfer none): the state after it, without the transient keys
 * @hash: its digest
 * @commands: (transfer full): the unfinished commands, as JSON
 *
 * Hands a snapshot to the worker, which writes it once event @seq is
 * durable.
 */
void
rdx_journal_snapshotter_push (RdxJournalSnapshotter *self,
                              guint64                seq,
                              RdxValue              *state,
                              const guint8          *hash,
                              char                  *commands,
                              guint                  version)
{
  SnapshotJob *job = g_new0 (SnapshotJob, 1);

  job->seq = seq;
  job->state = rdx_value_ref (state);
  memcpy (job->hash, hash, sizeof job->hash);
  job->commands = commands;
  job->version = version;
  job->time = g_get_real_time ();

  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->jobs, job);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * rdx_journal_snapshotter_cancel_after:
 * @seq: the last event that stays
 *
 * Drops the snapshots of events after @seq: refused after all. (Those of
 * durable events, the only ones the worker writes, stay.)
 */
void
rdx_journal_snapshotter_cancel_after (RdxJournalSnapshotter *self, guint64 seq)
{
  g_mutex_lock (&self->mutex);
  for (GList *l = self->jobs.head; l != NULL; l = l->next)
    {
      SnapshotJob *job = l->data;

      if (job->seq > seq)
        job->cancelled = TRUE;
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * rdx_journal_snapshotter_claim:
 * @wait: whether to wait for a snapshot being written
 *
 * Called by the journal before it begins a transaction: marks its
 * connection busy so that the worker does not start writing.
 *
 * Returns: %FALSE if the worker is writing and @wait is %FALSE: the
 *   journal must not begin a transaction now
 */
gboolean
rdx_journal_snapshotter_claim (RdxJournalSnapshotter *self, gboolean wait)
{
  gboolean claimed;

  g_mutex_lock (&self->mutex);
  while (wait && self->writing)
    g_cond_wait (&self->cond, &self->mutex);
  claimed = !self->writing;
  if (claimed)
    self->journal_busy = TRUE;
  g_mutex_unlock (&self->mutex);
  return claimed;
}

/**
 * rdx_journal_snapshotter_release:
 * @durable_seq: how far the journal is committed
 *
 * Called by the journal when its connection is between transactions: the
 * worker may write the snapshots of events up to @durable_seq.
 *
 * Returns: the newest snapshot the worker committed, or 0
 */
guint64
rdx_journal_snapshotter_release (RdxJournalSnapshotter *self, guint64 durable_seq)
{
  guint64 written;

  g_mutex_lock (&self->mutex);
  self->journal_busy = FALSE;
  self->durable_seq = durable_seq;
  written = self->written_seq;
  /* Hand the lock over now: left to the worker, the journal's next
   * transaction (its next action) would usually begin first. */
  if (head_writable (self))
    {
      self->granted = self->writing = TRUE;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->mutex);
  return written;
}

/**
 * rdx_journal_snapshotter_get_written:
 *
 * Returns: the newest snapshot the worker committed, or 0
 */
guint64
rdx_journal_snapshotter_get_written (RdxJournalSnapshotter *self)
{
  guint64 written;

  g_mutex_lock (&self->mutex);
  written = self->written_seq;
  g_mutex_unlock (&self->mutex);
  return written;
}

/**
 * rdx_journal_snapshotter_drain:
 * @durable_seq: how far the journal is committed (its connection is
 *   between transactions)
 *
 * Waits until every snapshot of an event up to @durable_seq is written (or
 * failed), and drops the others.
 *
 * Returns: the newest snapshot the worker committed, or 0
 */
guint64
rdx_journal_snapshotter_drain (RdxJournalSnapshotter *self, guint64 durable_seq)
{
  guint64 written;

  g_mutex_lock (&self->mutex);
  for (GList *l = self->jobs.head; l != NULL; l = l->next)
    {
      SnapshotJob *job = l->data;

      if (job->seq > durable_seq)
        job->cancelled = TRUE;
    }
  self->journal_busy = FALSE;
  self->durable_seq = durable_seq;
  g_cond_broadcast (&self->cond);
  while (self->writing || self->serialising || self->jobs.length > 0)
    g_cond_wait (&self->cond, &self->mutex);
  written = self->written_seq;
  g_mutex_unlock (&self->mutex);
  return written;
}

/**
 * rdx_journal_snapshotter_exec:
 * @sql: statements
 *
 * Runs @sql on the worker's connection while it does not write (tests:
 * to limit its size as the journal's connection is).
 */
gboolean
rdx_journal_snapshotter_exec (RdxJournalSnapshotter *self, const char *sql)
{
  int rc;

  g_mutex_lock (&self->mutex);
  while (self->writing || self->checkpointing)
    g_cond_wait (&self->cond, &self->mutex);
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  g_mutex_unlock (&self->mutex);
  return rc == SQLITE_OK;
}

/**
 * rdx_journal_snapshotter_request_checkpoint:
 *
 * Asks the worker to move the write-ahead log into the database file (a
 * passive checkpoint), instead of the journal's connection doing it after
 * a commit on the store's thread: after a snapshot that is the whole
 * snapshot copied once more, and flushed.
 */
void
rdx_journal_snapshotter_request_checkpoint (RdxJournalSnapshotter *self)
{
  g_mutex_lock (&self->mutex);
  if (!self->checkpoint_wanted)
    {
      self->checkpoint_wanted = TRUE;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->mutex);
}

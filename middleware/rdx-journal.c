/* rdx-journal.c: the journal object: opening, closing, and what it tells
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

/**
 * RdxJournal:
 *
 * An append-only journal of the actions a store's reducer accepted, in an
 * SQLite database: the events are the single source of truth, and the
 * state is rebuilt from them when the journal opens (event sourcing).
 *
 * [func@Rdx.Journal.open] opens (or creates) a journal and rebuilds the state:
 * from the newest valid snapshot, it replays the later events through the
 * reducer alone (no middleware, so no effects run), and compares the
 * result with the state digest the journal recorded. The store is then made
 * with that state and the journal's middleware, innermost, which appends
 * every action the reducer accepts ([method@Rdx.Journal.new_store] does both).
 *
 * A journal belongs to the thread of its store; its batch timer runs in
 * the store's [struct@GLib.MainContext]. Only one process may have a journal open for
 * writing: it holds a lock (flock()) on the database file itself. Any
 * number may open it read-only (%RDX_JOURNAL_OPEN_READ_ONLY) to inspect it.
 *
 * The journal keeps its own sequence numbers, increasing for its whole
 * life; a store's own sequence numbers start again at 1 each time a store
 * is made.
 */

G_DEFINE_FINAL_TYPE (RdxJournal, rdx_journal, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (rdx-journal-error-quark, rdx_journal_error)
/* clang-format on */

/* Errors */

gboolean
rdx_journal_set_sqlite_error (RdxJournal *self, GError **error, int rc, const char *doing)
{
  const char *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT,
                     "The journal “%s” is damaged: SQLite reports “%s” while %s. The file was "
                     "left as it is; rdx_journal_salvage() copies the events that can still be "
                     "read into a new journal.",
                     self->path, message, doing);
        break;
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE,
                     "The journal “%s” is busy (%s) while %s: another program is writing to it.",
                     self->path, message, doing);
        break;
      default:
        g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                     "The journal “%s” failed while %s: %s (SQLite error %d).", self->path, doing,
                     message, rc);
        break;
    }
  return FALSE;
}

gboolean
rdx_journal_exec (RdxJournal *self, const char *sql, const char *doing, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return rdx_journal_set_sqlite_error (self, error, rc, doing);
  return TRUE;
}

void
rdx_journal_add_problem (RdxJournal           *self,
                         RdxJournalProblemKind kind,
                         guint64               sequence,
                         gboolean              blocking,
                         const char           *format,
                         ...)
{
  RdxJournalProblem problem = { kind, sequence, blocking, NULL };
  va_list           args;

  va_start (args, format);
  problem.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (self->problems, problem);
  if (blocking)
    self->needs_decision = TRUE;
}

static void
clear_problem (gpointer data)
{
  RdxJournalProblem *problem = data;

  g_free (problem->message);
}

/* The store */

void
rdx_journal_attach (RdxJournal *self, RdxStore *store)
{
  RdxJournalDigest before = self->digest;
  RdxValue        *state;

  if (self->attached)
    {
      g_critical ("A journal's middleware can serve only one store; this one already serves "
                  "another. Open one journal per store.");
      return;
    }
  self->attached = TRUE;
  self->store = store;
  self->context = rdx_store_get_context (store);

  state = rdx_store_get_state (store);
  rdx_journal_hasher_update (self->hasher, &self->digest, self->state, state);
  if (!rdx_journal_digest_equal (&before, &self->digest))
    g_warning ("The store's state is not the state the journal “%s” rebuilt. Make the store "
               "with rdx_journal_get_state() as its preloaded state (rdx_journal_new_store() "
               "does), and make sure the reducer returns the state it is given for %s. The "
               "journal goes on from the store's state; the next rebuild will report where "
               "they differ.",
               self->path, RDX_ACTION_INIT);
  rdx_journal_set_state (self, state);
}

void
rdx_journal_detach (RdxJournal *self, RdxStore *store)
{
  g_autoptr (GError) error = NULL;

  if (self->store != store)
    return;
  if (!self->closed && self->failure == NULL && !rdx_journal_commit (self, &error))
    rdx_journal_fail (self, error);
  self->store = NULL;
  self->context = NULL;
}

/* Public API */

/**
 * rdx_journal_open:
 * @path: the journal's file (created, with the folders missing on the way,
 *   when nothing exists there; the application keeps it in its data
 *   directory, see [func@GLib.get_user_data_dir]), or [const@Rdx.JOURNAL_IN_MEMORY]
 * @options: the application id, the reducer, and the policies
 * @error: return location for a [struct@GLib.Error]
 *
 * Opens a journal and rebuilds the state from it: the newest valid
 * snapshot, then the events after it, replayed through the reducer only
 * (middleware never runs, so neither do effects). The result is compared
 * with the state digest the journal recorded.
 *
 * Only a missing file makes a new journal: it is built under a temporary
 * name next to @path and moved into place once complete, so @path never
 * holds a half-made journal. Opening fails, leaving the file exactly as it
 * was, when another process has the journal open
 * (%RDX_JOURNAL_ERROR_IN_USE), when it was written by a newer rdx
 * (%RDX_JOURNAL_ERROR_NEWER_SCHEMA) or for another application
 * (%RDX_JOURNAL_ERROR_OTHER_APP), when it is not a journal (an existing
 * file that is empty or too short, or another database:
 * %RDX_JOURNAL_ERROR_NOT_A_JOURNAL; a directory: %RDX_JOURNAL_ERROR_IO),
 * or when SQLite reports it as damaged (%RDX_JOURNAL_ERROR_CORRUPT).
 *
 * Other things the rebuild finds are reported as problems
 * ([method@Rdx.Journal.get_problems]): a damaged snapshot (an older one, or the
 * events, are used instead), an event that cannot be read or that the
 * reducer refuses now (skipped), a rebuilt state that differs from the
 * recorded one (with the first event where they part). Nothing in the file
 * is changed or deleted because of them. After a skipped event or a
 * divergence, the journal refuses new actions until the application calls
 * [method@Rdx.Journal.accept], or sets %RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS.
 *
 * The journal copies @options: changing them afterwards does not affect
 * it. An open for writing records the transient keys and the event version
 * of @options in the journal, for readers.
 *
 * With %RDX_JOURNAL_OPEN_READ_ONLY among the flags of @options, the
 * journal is opened to be inspected (exported, replayed): the file must
 * exist, nothing is written to it (no session is recorded, no snapshot,
 * no lock is taken, so it may be read while its program runs), and the
 * state is rebuilt from one consistent snapshot of the file. Options that
 * set no event version and no transient keys take those the application
 * recorded. Such a journal refuses actions, [method@Rdx.Journal.accept],
 * [method@Rdx.Journal.write_snapshot] and imports with
 * %RDX_JOURNAL_ERROR_READ_ONLY.
 *
 * Returns: (transfer full): the journal, or %NULL with @error set
 */
RdxJournal *
rdx_journal_open (const char *path, RdxJournalOptions *options, GError **error)
{
  g_autoptr (RdxJournalOptions) frozen = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  frozen = rdx_journal_options_freeze (options);
  return rdx_journal_open_frozen (path, frozen, error);
}

/* Reads the database: the state, and what the rebuild finds. One read
 * transaction, so a reader sees one consistent journal even while a writer
 * appends. */
static gboolean
read_journal (RdxJournal *self, GError **error)
{
  RdxJournalOptions *options = self->options;
  gboolean           ok;

  if (!rdx_journal_exec (self, "BEGIN", "reading the journal", error))
    return FALSE;
  ok = (!(options->flags & RDX_JOURNAL_OPEN_CHECK_INTEGRITY) ||
        rdx_journal_check_integrity (self, error)) &&
       rdx_journal_rebuild (self, error);
  if (ok)
    rdx_journal_check_previous_session (self);
  rdx_journal_exec (self, "COMMIT", "reading the journal", NULL);
  return ok;
}

/**
 * rdx_journal_open_frozen:
 * @options: (transfer none): options made by rdx_journal_options_freeze(),
 *   which the journal keeps
 */
RdxJournal *
rdx_journal_open_frozen (const char *path, RdxJournalOptions *options, GError **error)
{
  g_autoptr (RdxJournal) self = NULL;

  self = g_object_new (RDX_TYPE_JOURNAL, NULL);
  self->options = rdx_journal_options_ref (options);
  self->path = g_strdup (path);
  self->in_memory = strcmp (path, RDX_JOURNAL_IN_MEMORY) == 0;
  self->read_only = (options->flags & RDX_JOURNAL_OPEN_READ_ONLY) != 0;

  /* Until it is open, the journal has nothing to write on disposal. */
  self->closed = TRUE;

  if (!self->in_memory && !self->read_only && !rdx_journal_create (self, error))
    return NULL;
  if (!self->in_memory && !rdx_journal_lock_acquire (self, error))
    return NULL;

  /* A reader may take the transient keys and the event version from the
   * journal: the hasher and the commands come after. */
  if (!rdx_journal_open_database (self, error))
    {
      rdx_journal_close_database (self, FALSE);
      rdx_journal_lock_release (self);
      return NULL;
    }
  self->fingerprint = rdx_journal_options_commands_fingerprint (options);
  self->hasher = rdx_journal_hasher_new ((const char *const *) options->transient_keys->pdata);
  rdx_journal_index_commands (self);

  if (!read_journal (self, error) ||
      (!self->read_only &&
       (!rdx_journal_prepare_statements (self, error) || !rdx_journal_begin_session (self, error))))
    {
      rdx_journal_close_database (self, FALSE);
      rdx_journal_lock_release (self);
      return NULL;
    }
  self->closed = FALSE;

  if (self->needs_decision && !self->read_only &&
      (options->flags & RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS) && !rdx_journal_accept (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * rdx_journal_close:
 * @self: a journal
 * @error: return location for a [struct@GLib.Error]
 *
 * Closes the journal cleanly: commits the open batch, writes a snapshot of
 * the state (when there are events after the last one), records the end
 * of the session, moves everything from the write-ahead log into the
 * database file (a checkpoint, so the file alone holds the whole journal,
 * even while a reader has it open) and releases the lock. Afterwards the middleware refuses
 * actions with %RDX_JOURNAL_ERROR_CLOSED. Closing twice does nothing.
 *
 * A journal opened read-only (%RDX_JOURNAL_OPEN_READ_ONLY) writes
 * nothing: closing it only closes the file.
 *
 * A journal that is finalized without being closed is closed then.
 *
 * Returns: %TRUE if everything was written
 */
gboolean
rdx_journal_close (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    return TRUE;

  if (self->read_only)
    {
      /* Nothing to write. */
    }
  else if (self->failure == NULL)
    {
      ok = rdx_journal_commit (self, &local);
      /* The interval snapshots of durable events first. */
      if (ok)
        rdx_journal_snapshots_drain (self);
      rdx_journal_snapshots_stop (self);
      if (ok && !self->needs_decision && self->last_seq > self->snapshot_seq)
        ok = rdx_journal_snapshot (self, "close", &local);
      if (ok)
        ok = rdx_journal_end_session (self, &local);
      if (ok)
        rdx_journal_checkpoint (self);
    }
  else
    {
      ok = FALSE;
      local = g_error_copy (self->failure);
    }

  self->closed = TRUE;
  rdx_journal_snapshots_stop (self);
  rdx_journal_close_database (self, TRUE);
  rdx_journal_lock_release (self);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

/**
 * rdx_journal_accept:
 * @self: a journal
 * @error: return location for a [struct@GLib.Error]
 *
 * Goes on with the state as it was rebuilt, despite the blocking problems
 * the rebuild found (skipped events, divergence). The journal writes a
 * snapshot of that state, marked `accepted`, so the next rebuild starts
 * from it and does not report the same problems again; the events stay in
 * the file as they are.
 *
 * A journal opened read-only cannot accept
 * (%RDX_JOURNAL_ERROR_READ_ONLY): it never takes actions.
 *
 * Returns: %TRUE when the journal accepts actions again
 */
gboolean
rdx_journal_accept (RdxJournal *self, GError **error)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CLOSED,
                   "The journal “%s” is closed.", self->path);
      return FALSE;
    }
  if (!self->needs_decision)
    return TRUE;
  if (self->read_only)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_READ_ONLY,
                   "The journal “%s” is open read-only: it cannot accept the problems it found "
                   "(that writes a snapshot). Open it for writing to decide.",
                   self->path);
      return FALSE;
    }
  if (!rdx_journal_snapshot (self, "accepted", error) || !rdx_journal_commit (self, error))
    return FALSE;
  self->needs_decision = FALSE;
  return TRUE;
}

/**
 * rdx_journal_needs_decision:
 * @self: a journal
 *
 * Gets whether the journal waits for the application to decide about the problems it found.
 *
 * Returns: %TRUE while the journal waits for [method@Rdx.Journal.accept] (or to be
 *   closed) because of problems it found when it opened
 */
gboolean
rdx_journal_needs_decision (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);

  return self->needs_decision;
}

/**
 * rdx_journal_get_divergence:
 * @self: a journal
 *
 * Gets where the rebuilt state first differed from the recorded one.
 *
 * Returns: the sequence number of the first event after which the rebuilt
 *   state differs from the one the journal recorded, or 0 when they agree
 */
guint64
rdx_journal_get_divergence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  return self->divergence;
}

/**
 * rdx_journal_get_problems:
 * @self: a journal
 * @n_problems: (out): the number of problems
 *
 * What the journal found when it opened: see [enum@Rdx.JournalProblemKind].
 *
 * Returns: (transfer none) (array length=n_problems): the problems
 */
const RdxJournalProblem *
rdx_journal_get_problems (RdxJournal *self, guint *n_problems)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (n_problems != NULL, NULL);

  *n_problems = self->problems->len;
  return (const RdxJournalProblem *) (gpointer) self->problems->data;
}

/**
 * rdx_journal_get_state:
 * @self: a journal
 *
 * The state after the last journaled event: after [func@Rdx.Journal.open], the
 * rebuilt state, to make the store with.
 *
 * Returns: (transfer none): the state
 */
RdxValue *
rdx_journal_get_state (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  return self->state;
}

/**
 * rdx_journal_dup_state_hash:
 * @self: a journal
 *
 * The digest of [method@Rdx.Journal.get_state], as the journal records it with
 * each event: 64 hexadecimal digits. Transient keys are left out.
 *
 * Returns: (transfer full): the digest
 */
char *
rdx_journal_dup_state_hash (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  return rdx_journal_digest_to_hex (&self->digest);
}

/**
 * rdx_journal_get_path:
 * @self: a journal
 *
 * Gets the path of the journal's file.
 *
 * Returns: (transfer none): the path it was opened with
 */
const char *
rdx_journal_get_path (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  return self->path;
}

/**
 * rdx_journal_get_last_sequence:
 * @self: a journal
 *
 * Gets the sequence number of the last event appended.
 *
 * Returns: the journal sequence number of the last event appended (it may
 *   still be in an open batch), or 0 for an empty journal
 */
guint64
rdx_journal_get_last_sequence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  return self->last_seq;
}

/**
 * rdx_journal_get_durable_sequence:
 * @self: a journal
 *
 * Gets the sequence number up to which events are safe.
 *
 * Returns: the sequence number of the last committed event: every event up
 *   to it survives a crash of the program (and, unless the policy is
 *   %RDX_JOURNAL_DURABILITY_NONE, of the system)
 */
guint64
rdx_journal_get_durable_sequence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  return self->durable_seq;
}

/**
 * rdx_journal_get_snapshot_sequence:
 * @self: a journal
 *
 * Gets the sequence number of the newest snapshot.
 *
 * Returns: the sequence number of the newest snapshot written or used, or 0
 */
guint64
rdx_journal_get_snapshot_sequence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  if (self->snapshotter != NULL && !self->in_transaction)
    rdx_journal_snapshots_release (self);
  return self->snapshot_seq;
}

/**
 * rdx_journal_flush:
 * @self: a journal
 * @error: return location for a [struct@GLib.Error]
 *
 * Commits the open batch now, without waiting for its window to end.
 *
 * Returns: %TRUE when every appended event is committed
 */
gboolean
rdx_journal_flush (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    return TRUE;
  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  if (!rdx_journal_commit (self, &local))
    {
      rdx_journal_fail (self, local);
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  return TRUE;
}

/**
 * rdx_journal_write_snapshot:
 * @self: a journal
 * @error: return location for a [struct@GLib.Error]
 *
 * Writes a snapshot of the state now (and commits it with the open
 * batch), besides those written every N actions and at close.
 *
 * Returns: %TRUE if the snapshot was written
 */
gboolean
rdx_journal_write_snapshot (RdxJournal *self, GError **error)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed || self->read_only || self->failure != NULL || self->needs_decision)
    {
      g_set_error (error, RDX_JOURNAL_ERROR,
                   self->closed            ? RDX_JOURNAL_ERROR_CLOSED
                   : self->read_only       ? RDX_JOURNAL_ERROR_READ_ONLY
                   : self->failure != NULL ? RDX_JOURNAL_ERROR_FAILED
                                           : RDX_JOURNAL_ERROR_UNRESOLVED,
                   "The journal “%s” cannot write a snapshot now: it is %s.", self->path,
                   self->closed            ? "closed"
                   : self->read_only       ? "open read-only"
                   : self->failure != NULL ? "out of service after a failed write"
                                           : "waiting for rdx_journal_accept()");
      return FALSE;
    }
  return rdx_journal_snapshot (self, "explicit", error) && rdx_journal_flush (self, error);
}

/**
 * rdx_journal_check_integrity:
 * @self: a journal
 * @error: return location for a [struct@GLib.Error]
 *
 * Runs SQLite's `PRAGMA quick_check`, which reads every page of the file.
 *
 * Returns: %TRUE if SQLite finds nothing wrong; otherwise %FALSE with
 *   %RDX_JOURNAL_ERROR_CORRUPT and the first things it found
 */
gboolean
rdx_journal_check_integrity (RdxJournal *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GString) found = g_string_new (NULL);
  guint n = 0;
  int   rc;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->db == NULL)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CLOSED,
                   "The journal “%s” is closed.", self->path);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(5)", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (line != NULL && strcmp (line, "ok") != 0)
        g_string_append_printf (found, "%s%s", n++ > 0 ? "; " : "", line);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "checking its integrity");
  if (n > 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT,
                   "The journal “%s” is damaged: SQLite's quick_check found: %s. The file was "
                   "left as it is; rdx_journal_salvage() copies the events that can still be "
                   "read into a new journal.",
                   self->path, found->str);
      return FALSE;
    }
  return TRUE;
}

void
rdx_journal_get_rebuild_stats (RdxJournal *self, RdxJournalRebuildStats *stats)
{
  *stats = self->rebuild_stats;
}

/* GObject */

static void
rdx_journal_dispose (GObject *object)
{
  RdxJournal *self = RDX_JOURNAL (object);
  g_autoptr (GError) error = NULL;

  if (!self->closed && !rdx_journal_close (self, &error))
    g_warning ("Closing the journal “%s” when it was released failed: %s", self->path,
               error->message);

  G_OBJECT_CLASS (rdx_journal_parent_class)->dispose (object);
}

static void
rdx_journal_finalize (GObject *object)
{
  RdxJournal *self = RDX_JOURNAL (object);

  rdx_journal_snapshots_stop (self);
  rdx_journal_close_database (self, FALSE);
  rdx_journal_lock_release (self);
  if (self->commit_source != NULL)
    {
      g_source_destroy (self->commit_source);
      g_source_unref (self->commit_source);
    }
  g_clear_pointer (&self->state, rdx_value_unref);
  g_clear_pointer (&self->hasher, rdx_journal_hasher_free);
  g_clear_pointer (&self->options, rdx_journal_options_unref);
  g_clear_error (&self->failure);
  g_string_free (self->scratch, TRUE);
  g_array_unref (self->problems);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->commands);
  g_hash_table_unref (self->outcomes);
  g_hash_table_unref (self->warned);
  g_array_unref (self->batch);
  g_free (self->fingerprint);
  g_free (self->wal_copy);
  g_free (self->path);

  G_OBJECT_CLASS (rdx_journal_parent_class)->finalize (object);
}

static void
rdx_journal_class_init (RdxJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rdx_journal_dispose;
  object_class->finalize = rdx_journal_finalize;
}

static void
rdx_journal_init (RdxJournal *self)
{
  self->lock_fd = -1;
  self->scratch = g_string_sized_new (256);
  self->problems = g_array_new (FALSE, FALSE, sizeof (RdxJournalProblem));
  g_array_set_clear_func (self->problems, clear_problem);
  self->pending =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rdx_action_unref);
  self->commands = g_hash_table_new (g_str_hash, g_str_equal);
  self->outcomes =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->batch = g_array_new (FALSE, FALSE, sizeof (RdxJournalBatchRow));
  g_array_set_clear_func (self->batch, rdx_journal_batch_row_clear);
}

/* rdx-journal-write.c: appending events, batches, snapshots
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

/* Writing */

gboolean
rdx_journal_insert_raw (RdxJournal   *self,
                        guint64       seq,
                        const char   *type,
                        gssize        type_len,
                        const char   *payload,
                        gsize         payload_len,
                        gint64        time,
                        gint64        session,
                        gint64        store_seq,
                        guint         version,
                        const guint8 *hash,
                        GError      **error)
{
  sqlite3_stmt *stmt = self->insert_event;
  int           rc;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) seq);
  sqlite3_bind_text (stmt, 2, type, (int) type_len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, payload, (int) payload_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);
  sqlite3_bind_int64 (stmt, 5, session);
  sqlite3_bind_int64 (stmt, 6, store_seq);
  sqlite3_bind_int (stmt, 7, (int) version);
  sqlite3_bind_blob (stmt, 8, hash, RDX_JOURNAL_DIGEST_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *doing =
        g_strdup_printf ("writing event %" G_GUINT64_FORMAT " (“%s”)", seq, type);

      return rdx_journal_set_sqlite_error (self, error, rc, doing);
    }
  return TRUE;
}

static gboolean
insert_event (RdxJournal *self, guint64 seq, RdxAction *action, const guint8 *hash, GError **error);

/* Begins a transaction. While the snapshot worker writes, SQLite lets no
 * other connection write: with @may_defer, the batch then waits in memory
 * (self->deferred, no transaction yet, its rows in self->batch) and this
 * returns TRUE at once; without, it waits for the worker. A deferred batch
 * is written into the transaction when it begins. */
static gboolean
begin_transaction (RdxJournal *self, gboolean may_defer, GError **error)
{
  int rc;

  if (self->in_transaction)
    return TRUE;
  if (self->snapshotter != NULL && !rdx_journal_snapshotter_claim (self->snapshotter, !may_defer))
    {
      if (!self->deferred)
        {
          self->deferred = TRUE;
          self->n_batch = 0;
          self->batch_started = g_get_monotonic_time ();
        }
      return TRUE;
    }
  rc = sqlite3_step (self->begin);
  sqlite3_reset (self->begin);
  if (rc != SQLITE_DONE)
    {
      rdx_journal_snapshots_release (self);
      return rdx_journal_set_sqlite_error (self, error, rc, "starting a transaction");
    }
  self->in_transaction = TRUE;
  if (self->deferred)
    {
      /* The batch goes on: its rows, then the actions after them. */
      for (guint i = 0; i < self->batch->len; i++)
        {
          RdxJournalBatchRow *row = &g_array_index (self->batch, RdxJournalBatchRow, i);

          if (!insert_event (self, row->seq, row->action, row->hash, error))
            {
              if (!sqlite3_get_autocommit (self->db))
                rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
              self->in_transaction = FALSE;
              rdx_journal_snapshots_release (self);
              return FALSE;
            }
        }
      self->deferred = FALSE;
      return TRUE;
    }
  self->n_batch = 0;
  self->batch_started = g_get_monotonic_time ();
  return TRUE;
}

/* Whether SQLite rolled the open transaction back by itself (it does on
 * some errors, such as a full disk). */
static gboolean
transaction_lost (RdxJournal *self)
{
  return self->in_transaction && sqlite3_get_autocommit (self->db);
}

void
rdx_journal_batch_row_clear (gpointer data)
{
  RdxJournalBatchRow *row = data;

  g_clear_pointer (&row->action, rdx_action_unref);
}

/* Inserts event @seq: @action with the state digest @hash after it. */
static gboolean
insert_event (RdxJournal *self, guint64 seq, RdxAction *action, const guint8 *hash, GError **error)
{
  g_string_truncate (self->scratch, 0);
  rdx_value_append_json (rdx_action_get_payload (action), self->scratch);
  return rdx_journal_insert_raw (
    self, seq, rdx_action_get_type_name (action), -1, self->scratch->str, self->scratch->len,
    rdx_action_get_real_time (action), self->session, (gint64) rdx_action_get_sequence (action),
    self->options->event_version, hash, error);
}

static void
remember_row (RdxJournal *self, guint64 seq, RdxAction *action, const guint8 *hash)
{
  RdxJournalBatchRow row;

  row.seq = seq;
  row.action = rdx_action_ref (action);
  memcpy (row.hash, hash, sizeof row.hash);
  g_array_append_val (self->batch, row);
}

/* Forgets the row of event @seq, refused after all. */
static void
forget_row (RdxJournal *self, guint64 seq)
{
  guint n = self->batch->len;

  if (n > 0 && g_array_index (self->batch, RdxJournalBatchRow, n - 1).seq == seq)
    g_array_set_size (self->batch, n - 1);
}

/* After SQLite rolled the open transaction back: starts a new one and
 * writes the rows of the batch into it again. */
static gboolean
recover_batch (RdxJournal *self, GError **error)
{
  guint i;

  self->in_transaction = FALSE;
  self->deferred = FALSE;
  if (!sqlite3_get_autocommit (self->db))
    rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
  self->snapshot_seq = self->committed_snapshot_seq;
  if (self->batch->len == 0)
    {
      rdx_journal_snapshots_release (self);
      return TRUE;
    }
  if (!begin_transaction (self, FALSE, error))
    return FALSE;
  for (i = 0; i < self->batch->len; i++)
    {
      RdxJournalBatchRow *row = &g_array_index (self->batch, RdxJournalBatchRow, i);

      if (!insert_event (self, row->seq, row->action, row->hash, error))
        {
          if (!sqlite3_get_autocommit (self->db))
            rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
          self->in_transaction = FALSE;
          rdx_journal_snapshots_release (self);
          return FALSE;
        }
    }
  self->n_batch = self->batch->len;
  return TRUE;
}

static gboolean
commit_once (RdxJournal *self, GError **error)
{
  int rc = sqlite3_step (self->commit);

  sqlite3_reset (self->commit);
  if (rc != SQLITE_DONE)
    {
      rdx_journal_set_sqlite_error (self, error, rc, "committing");
      if (!sqlite3_get_autocommit (self->db))
        rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
      return FALSE;
    }
  self->in_transaction = FALSE;
  self->n_batch = 0;
  self->durable_seq = self->last_seq;
  self->committed_snapshot_seq = self->snapshot_seq;
  g_array_set_size (self->batch, 0);
  return TRUE;
}

/**
 * rdx_journal_commit:
 *
 * Commits the open transaction, if any. When that fails, a batch is
 * written once more in a new transaction and committed again; if that
 * fails too, the transaction is rolled back: its actions are not in the
 * journal.
 */
gboolean
rdx_journal_commit (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (self->commit_source != NULL)
    {
      g_source_destroy (self->commit_source);
      g_clear_pointer (&self->commit_source, g_source_unref);
    }
  /* A batch waiting for the snapshot worker: wait for it now. */
  if (self->deferred && !begin_transaction (self, FALSE, &local))
    {
      self->deferred = FALSE;
      self->n_batch = 0;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!self->in_transaction)
    return TRUE;
  if (commit_once (self, &local) ||
      (self->batch->len > 0 && recover_batch (self, NULL) && commit_once (self, NULL)))
    {
      rdx_journal_snapshots_release (self);
      return TRUE;
    }

  self->in_transaction = FALSE;
  self->n_batch = 0;
  rdx_journal_snapshots_release (self);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Puts the journal out of service after it lost acknowledged actions. */
void
rdx_journal_fail (RdxJournal *self, GError *error)
{
  g_autofree char *range = NULL;

  if (self->last_seq > self->durable_seq)
    range = g_strdup_printf (" Actions %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                             " are applied in the store but are not in the journal.",
                             self->durable_seq + 1, self->last_seq);
  g_clear_error (&self->failure);
  self->failure = g_error_new (RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_FAILED,
                               "The journal could not write: %s%s It refuses further actions; "
                               "close it and open it again.",
                               error->message, range != NULL ? range : "");
  g_warning ("%s", self->failure->message);
  self->last_seq = self->durable_seq;
  self->snapshot_seq = self->committed_snapshot_seq;
  self->in_transaction = FALSE;
  self->deferred = FALSE;
  g_array_set_size (self->batch, 0);
  if (self->snapshotter != NULL)
    rdx_journal_snapshotter_cancel_after (self->snapshotter, self->durable_seq);
  self->queued_snapshot_seq = MIN (self->queued_snapshot_seq, self->durable_seq);
  rdx_journal_snapshots_release (self);
}

static gboolean
commit_timeout_cb (gpointer user_data)
{
  RdxJournal *self = user_data;
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->commit_source, g_source_unref);
  if (!rdx_journal_commit (self, &error))
    rdx_journal_fail (self, error);
  return G_SOURCE_REMOVE;
}

static void
schedule_commit (RdxJournal *self)
{
  if (self->commit_source != NULL || self->context == NULL)
    return;
  self->commit_source = g_timeout_source_new (self->options->batch_ms);
  g_source_set_name (self->commit_source, "[rdx] journal batch commit");
  g_source_set_callback (self->commit_source, commit_timeout_cb, self, NULL);
  g_source_attach (self->commit_source, self->context);
}

/* The state as a snapshot keeps it: without the transient keys. */
static RdxValue *
durable_part (RdxJournal *self, RdxValue *state)
{
  GPtrArray *keys = self->options->transient_keys;
  RdxValue  *result = rdx_value_ref (state);
  guint      i;

  if (!rdx_value_is_map (state))
    return result;
  for (i = 0; i + 1 < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (rdx_map_contains (result, key))
        {
          RdxValue *smaller = rdx_map_remove (result, key);

          rdx_value_unref (result);
          result = smaller;
        }
    }
  return result;
}

static char *
pending_commands_json (RdxJournal *self)
{
  g_autoptr (GPtrArray) pending = rdx_journal_dup_unfinished_commands (self);
  g_autoptr (RdxValue) value = NULL;
  RdxListBuilder *seqs = rdx_list_builder_new (NULL);
  guint           i;

  for (i = 0; i < pending->len; i++)
    rdx_list_builder_append_take (
      seqs, rdx_value_new_int ((gint64) rdx_action_get_sequence (g_ptr_array_index (pending, i))));
  value = rdx_map_new_take ("declared", rdx_value_new_string (self->fingerprint), "pending",
                            rdx_list_builder_end (seqs), NULL);
  return rdx_value_to_json (value);
}

gboolean
rdx_journal_snapshot (RdxJournal *self, const char *origin, GError **error)
{
  g_autoptr (RdxValue) durable = durable_part (self, self->state);
  g_autofree char *commands = pending_commands_json (self);
  g_autofree char *checksum = NULL;
  g_autoptr (GString) json = g_string_sized_new (4096);
  guint8        hash[RDX_JOURNAL_DIGEST_SIZE];
  sqlite3_stmt *stmt = self->insert_snapshot;
  gboolean      claimed = FALSE;
  int           rc;

  /* Never before its events: a batch waiting for the worker goes first
   * (into the transaction this snapshot joins). */
  if (self->deferred && !begin_transaction (self, FALSE, error))
    return FALSE;
  /* Outside a transaction, the insert commits by itself: not while the
   * worker writes. */
  if (!self->in_transaction && self->snapshotter != NULL)
    claimed = rdx_journal_snapshotter_claim (self->snapshotter, TRUE);

  rdx_value_append_json (durable, json);
  rdx_journal_digest_to_bytes (&self->digest, hash);
  checksum = rdx_journal_snapshot_checksum (self->last_seq, origin, hash, json->str, json->len);

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->last_seq);
  sqlite3_bind_text (stmt, 2, json->str, (int) json->len, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, hash, sizeof hash, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, checksum, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, (int) self->options->event_version);
  sqlite3_bind_text (stmt, 6, commands, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, origin, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (claimed)
    rdx_journal_snapshots_release (self);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "writing a snapshot");
  self->snapshot_seq = self->last_seq;
  if (!self->in_transaction)
    self->committed_snapshot_seq = self->snapshot_seq;
  return TRUE;
}

static gboolean
snapshot_due (RdxJournal *self)
{
  guint interval = self->options->snapshot_interval;

  return interval > 0 && self->last_seq % interval == 0 &&
         self->last_seq > MAX (self->snapshot_seq, self->queued_snapshot_seq);
}

/* SQLite calls this after each commit of the journal's connection, in
 * place of its automatic checkpoint, which the worker makes instead. */
static int
wal_hook_cb (gpointer user_data, sqlite3 *db, const char *name, int n_frames)
{
  RdxJournal *self = user_data;

  if (n_frames >= 1000 && self->snapshotter != NULL)
    rdx_journal_snapshotter_request_checkpoint (self->snapshotter);
  return SQLITE_OK;
}

static gboolean
ensure_snapshotter (RdxJournal *self, GError **error)
{
  const char *file;

  if (self->snapshotter != NULL)
    return TRUE;
  /* The file the journal's connection has open, by its absolute name (the
   * path may be relative to a folder the program has left since). */
  file = sqlite3_db_filename (self->db, "main");
  self->snapshotter = rdx_journal_snapshotter_new (
    file != NULL && file[0] != '\0' ? file : self->path,
    self->options->durability == RDX_JOURNAL_DURABILITY_NONE ? "OFF" : "NORMAL", error);
  if (self->snapshotter == NULL)
    return FALSE;
  sqlite3_wal_hook (self->db, wal_hook_cb, self);
  return TRUE;
}

/* Hands the interval snapshot to the worker (made at the first one), for
 * a journal in a file; one in memory cannot be opened twice. */
static gboolean
queue_interval_snapshot (RdxJournal *self)
{
  guint8 hash[RDX_JOURNAL_DIGEST_SIZE];

  g_autoptr (GError) error = NULL;

  if (self->in_memory)
    return FALSE;
  if (!ensure_snapshotter (self, &error))
    {
      g_warning ("%s This snapshot is written as the actions are.", error->message);
      return FALSE;
    }
  rdx_journal_digest_to_bytes (&self->digest, hash);
  {
    g_autoptr (RdxValue) durable = durable_part (self, self->state);

    rdx_journal_snapshotter_push (self->snapshotter, self->last_seq, durable, hash,
                                  pending_commands_json (self), self->options->event_version);
  }
  self->queued_snapshot_seq = self->last_seq;
  return TRUE;
}

/* Writes an interval snapshot: on the worker, or inside the open
 * transaction. A snapshot that cannot be written is only a warning: the
 * events are what counts. */
static gboolean
write_interval_snapshot (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!snapshot_due (self) || queue_interval_snapshot (self) ||
      rdx_journal_snapshot (self, "interval", &local))
    return TRUE;
  if (transaction_lost (self) && !recover_batch (self, NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_warning ("%s The journal goes on without it.", local->message);
  return TRUE;
}

/* The journal's connection is between transactions: the worker may write
 * the snapshots of durable events. */
void
rdx_journal_snapshots_release (RdxJournal *self)
{
  guint64 written;

  if (self->snapshotter == NULL || self->in_transaction)
    return;
  written = rdx_journal_snapshotter_release (self->snapshotter, self->durable_seq);
  self->snapshot_seq = MAX (self->snapshot_seq, written);
  self->committed_snapshot_seq = MAX (self->committed_snapshot_seq, written);
}

/* Waits for the worker to write every snapshot of a durable event (the
 * others are dropped). The open batch must be committed first. */
void
rdx_journal_snapshots_drain (RdxJournal *self)
{
  guint64 written;

  if (self->snapshotter == NULL || self->in_transaction || self->deferred)
    return;
  written = rdx_journal_snapshotter_drain (self->snapshotter, self->durable_seq);
  self->snapshot_seq = MAX (self->snapshot_seq, written);
  self->committed_snapshot_seq = MAX (self->committed_snapshot_seq, written);
  self->queued_snapshot_seq = 0;
}

/* Stops the worker; what it did not write yet is dropped. The journal's
 * connection checkpoints by itself again. */
void
rdx_journal_snapshots_stop (RdxJournal *self)
{
  if (self->snapshotter == NULL)
    return;
  g_clear_pointer (&self->snapshotter, rdx_journal_snapshotter_free);
  self->queued_snapshot_seq = 0;
  if (self->db != NULL)
    sqlite3_wal_autocheckpoint (self->db, 1000);
}

/* Tests: runs @sql on the worker's connection too (made if need be). */
gboolean
rdx_journal_snapshots_exec (RdxJournal *self, const char *sql)
{
  if (self->in_memory || !ensure_snapshotter (self, NULL))
    return FALSE;
  return rdx_journal_snapshotter_exec (self->snapshotter, sql);
}

gboolean
rdx_journal_check_writable (RdxJournal *self, RdxAction *action, GError **error)
{
  if (self->read_only && !self->closed)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_READ_ONLY,
                   "“%s” was not applied: the journal “%s” is open read-only.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }
  if (self->closed)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CLOSED,
                   "“%s” was not applied: the journal “%s” is closed.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }
  if (self->failure != NULL)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_FAILED, "“%s” was not applied. %s",
                   rdx_action_get_type_name (action), self->failure->message);
      return FALSE;
    }
  if (self->needs_decision)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_UNRESOLVED,
                   "“%s” was not applied: the journal “%s” found problems when it opened (see "
                   "rdx_journal_get_problems()). Call rdx_journal_accept() to go on with the "
                   "state as it was rebuilt, or close the journal.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }
  return TRUE;
}

void
rdx_journal_set_state (RdxJournal *self, RdxValue *state)
{
  RdxValue *old = self->state;

  self->state = rdx_value_ref (state);
  rdx_value_unref (old);
}

static gboolean
batch_is_due (RdxJournal *self)
{
  return self->n_batch >= self->options->batch_actions ||
         g_get_monotonic_time () - self->batch_started >= (gint64) self->options->batch_ms * 1000;
}

/**
 * rdx_journal_append:
 * @action: the action as the reducer saw it (stamped by the store)
 * @new_state: the store's state after @action
 *
 * Appends @action, which the reducer accepted. On failure nothing of it is
 * kept (the caller puts the store's state back). With the sync policy,
 * success means committed: a transaction SQLite rolls back (a snapshot
 * that does not fit on the disk) is written again, or the action refused.
 */
gboolean
rdx_journal_append (RdxJournal *self, RdxAction *action, RdxValue *new_state, GError **error)
{
  gboolean         sync = self->options->durability == RDX_JOURNAL_DURABILITY_SYNC;
  RdxJournalDigest before = self->digest;
  guint8           hash[RDX_JOURNAL_DIGEST_SIZE];
  guint64          seq = self->last_seq + 1;
  g_autoptr (RdxValue) old_state = rdx_value_ref (self->state);
  g_autoptr (GArray) changes = NULL;
  g_autoptr (GError) local = NULL;

  rdx_journal_hasher_update (self->hasher, &self->digest, self->state, new_state);
  rdx_journal_digest_to_bytes (&self->digest, hash);

  if (!begin_transaction (self, !sync, &local) ||
      (!self->deferred && !insert_event (self, seq, action, hash, &local)))
    {
      /* Only this action is refused, unless SQLite dropped the batch and
       * it cannot be written again. */
      if (transaction_lost (self) && !recover_batch (self, NULL))
        rdx_journal_fail (self, local);
      goto refused;
    }

  remember_row (self, seq, action, hash);
  self->last_seq = seq;
  rdx_journal_set_state (self, new_state);
  self->n_batch++;
  /* Before the snapshot, which records the unfinished commands after this
   * action. */
  changes = rdx_journal_track_appended (self, action, seq);

  /* A failed snapshot is only a warning, but when SQLite rolled the
   * transaction back with it and the events cannot be written again, this
   * action is refused (and, batched, the batch is lost). */
  if (!write_interval_snapshot (self, &local))
    {
      if (!sync)
        rdx_journal_fail (self, local);
      goto refused;
    }

  if (sync || batch_is_due (self))
    {
      if (!rdx_journal_commit (self, &local))
        {
          /* With sync, only this action was in the transaction; otherwise
           * the whole batch is lost. */
          if (!sync)
            rdx_journal_fail (self, local);
          goto refused;
        }
    }
  else
    {
      schedule_commit (self);
    }
  return TRUE;

refused:
  rdx_journal_undo_changes (self, changes);
  forget_row (self, seq);
  if (self->snapshotter != NULL)
    rdx_journal_snapshotter_cancel_after (self->snapshotter, seq - 1);
  self->queued_snapshot_seq = MIN (self->queued_snapshot_seq, seq - 1);
  if (!self->in_transaction)
    self->snapshot_seq = self->committed_snapshot_seq;
  self->last_seq = MIN (self->last_seq, seq - 1);
  self->digest = before;
  rdx_journal_set_state (self, old_state);
  g_set_error (error, RDX_JOURNAL_ERROR, local->code,
               "“%s” was applied by the reducer but could not be journaled, so it was undone: %s",
               rdx_action_get_type_name (action), local->message);
  return FALSE;
}

/**
 * rdx_journal_same_durable_state:
 * @state: a state
 *
 * Whether @state differs from the journal's state in the transient keys
 * at most (what its digest leaves out). Costs what the digest update costs:
 * the size of the change.
 */
gboolean
rdx_journal_same_durable_state (RdxJournal *self, RdxValue *state)
{
  RdxJournalDigest digest = self->digest;

  rdx_journal_hasher_update (self->hasher, &digest, self->state, state);
  return rdx_journal_digest_equal (&digest, &self->digest);
}

/**
 * rdx_journal_append_replaced:
 * @cause: what replaced the state, for a person
 * @state: the state the application goes on from
 * @store_seq: the store's sequence number of the replacement, or 0
 *
 * Appends a [const@Rdx.ACTION_STATE_REPLACED] event that gives @state: its
 * payload is `{"cause", "keep": [the transient keys], "state": @state
 * without them}`, so a rebuild ([method@Rdx.Reducer.replay]) takes the state and
 * keeps the transient keys it has.
 */
gboolean
rdx_journal_append_replaced (RdxJournal *self,
                             const char *cause,
                             RdxValue   *state,
                             guint64     store_seq,
                             GError    **error)
{
  GPtrArray      *keys = self->options->transient_keys;
  RdxMapBuilder  *payload = rdx_map_builder_new (NULL);
  RdxListBuilder *keep = rdx_list_builder_new (NULL);
  g_autoptr (RdxAction) action = NULL;
  g_autoptr (RdxValue) value = NULL;

  for (guint i = 0; i + 1 < keys->len; i++)
    rdx_list_builder_append_take (keep, rdx_value_new_string (g_ptr_array_index (keys, i)));
  rdx_map_builder_set_take (payload, "cause", rdx_value_new_string (cause));
  rdx_map_builder_set_take (payload, "state", durable_part (self, state));
  if (keys->len > 1)
    rdx_map_builder_set_take (payload, "keep", rdx_list_builder_end (keep));
  else
    rdx_value_unref (rdx_list_builder_end (keep));
  value = rdx_map_builder_end (payload);
  action =
    rdx_action_new_stamped (RDX_ACTION_STATE_REPLACED, value, store_seq, 0, g_get_real_time ());
  return rdx_journal_append (self, action, state, error);
}

/**
 * rdx_journal_replace:
 * @action: a tool's [const@Rdx.ACTION_STATE_REPLACED], as the store applied it
 * @new_state: the store's state after it
 *
 * Journals a tool's state replacement, when it changed more than the
 * transient keys.
 */
gboolean
rdx_journal_replace (RdxJournal *self, RdxAction *action, RdxValue *new_state, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *cause = rdx_value_is_map (payload) ? rdx_map_get (payload, "cause") : NULL;

  if (rdx_journal_same_durable_state (self, new_state))
    {
      rdx_journal_set_state (self, new_state);
      return TRUE;
    }
  return rdx_journal_append_replaced (
    self, cause != NULL && rdx_value_is_string (cause) ? rdx_value_get_string (cause) : "",
    new_state, rdx_action_get_sequence (action), error);
}

/* Bookkeeping after a transient action: the digest follows the state, and
 * a transient action that changed more than the transient keys is a
 * mistake a rebuild would show as a divergence. */
void
rdx_journal_note_transient (RdxJournal *self, RdxAction *action, RdxValue *new_state)
{
  RdxJournalDigest before = self->digest;
  const char      *type = rdx_action_get_type_name (action);

  if (self->closed)
    return;
  rdx_journal_hasher_update (self->hasher, &self->digest, self->state, new_state);
  rdx_journal_set_state (self, new_state);
  if (!rdx_journal_digest_equal (&before, &self->digest) &&
      !g_hash_table_contains (self->warned, type))
    {
      g_hash_table_add (self->warned, g_strdup (type));
      g_warning ("The transient action “%s” changed state outside the transient keys. It is not "
                 "journaled, so a rebuild cannot repeat that change and will report a "
                 "divergence. Journal it, or keep what it changes under a key declared with "
                 "rdx_journal_options_add_transient_key().",
                 type);
    }
}

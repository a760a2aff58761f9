/* rdx-journal-replay.c: rebuilding the state from snapshots and events
 *
 * The rebuild starts from the newest snapshot that passes its checks (or
 * from the reducer's initial state), replays the events after it through
 * the reducer alone, and compares the digest of the result with the one
 * the journal recorded with the last event. When they differ it replays
 * once more, comparing after every event, to name the first event where
 * the states part.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

/* The time, when the options ask for the rebuild's timings. */
static inline gint64
clock_if (gboolean profiling)
{
  return profiling ? g_get_monotonic_time () : 0;
}

/* Where a replay starts. */
typedef struct
{
  RdxValue        *state; /* owned */
  RdxJournalDigest digest;
  guint64          seq;
  gboolean         from_snapshot;
  gboolean         accepted; /* a snapshot rdx_journal_accept() wrote */
} Start;

static void
start_clear (Start *start)
{
  g_clear_pointer (&start->state, rdx_value_unref);
}

static RdxValue *
initial_state (RdxJournal *self, GError **error)
{
  g_autoptr (RdxAction) init = rdx_action_new_stamped (RDX_ACTION_INIT, NULL, 0, 0, 0);
  g_autoptr (GError) local = NULL;
  RdxValue *state;

  state = rdx_reducer_reduce (self->options->reducer, NULL, init, &local);
  if (state == NULL)
    g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_REPLAY,
                 "The state of the journal “%s” cannot be rebuilt: the reducer fails on %s: %s",
                 self->path, RDX_ACTION_INIT,
                 local != NULL ? local->message : "it returned no state and no error");
  return state;
}

/* A snapshot leaves the transient keys out; the rebuilt state takes them
 * from the initial state. */
static RdxValue *
with_transient_defaults (RdxJournal *self, RdxValue *state, RdxValue *initial)
{
  GPtrArray *keys = self->options->transient_keys;
  RdxValue  *result = rdx_value_ref (state);
  guint      i;

  if (!rdx_value_is_map (state) || !rdx_value_is_map (initial))
    return result;
  for (i = 0; i + 1 < keys->len; i++)
    {
      RdxValue *value = rdx_map_get (initial, g_ptr_array_index (keys, i));

      if (value != NULL)
        {
          RdxValue *next = rdx_map_set (result, g_ptr_array_index (keys, i), value);

          rdx_value_unref (result);
          result = next;
        }
    }
  return result;
}

/* Makes the action of an event row, as it was journaled: columns from
 * @first_column are type, payload, version and time. Uses nothing of the
 * journal, so the replay's reader thread can call it. */
static RdxAction *
parse_event (sqlite3_stmt *stmt, int first_column, guint64 seq, GError **error)
{
  const char *type = (const char *) sqlite3_column_text (stmt, first_column);
  const char *payload_text = (const char *) sqlite3_column_text (stmt, first_column + 1);
  int         payload_len = sqlite3_column_bytes (stmt, first_column + 1);
  gint64      time = sqlite3_column_int64 (stmt, first_column + 3);
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (GError) local = NULL;

  if (type == NULL || !g_utf8_validate (type, -1, NULL))
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
                   "Event %" G_GUINT64_FORMAT " has no readable type", seq);
      return NULL;
    }
  if (payload_text == NULL)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
                   "Event %" G_GUINT64_FORMAT " (“%s”) has no payload", seq, type);
      return NULL;
    }

  payload = rdx_value_from_json (payload_text, payload_len, &local);
  if (payload == NULL)
    {
      g_autofree char *found = g_utf8_make_valid (payload_text, MIN (payload_len, 80));

      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
                   "Event %" G_GUINT64_FORMAT " (“%s”) has a payload that is not valid JSON (%s); "
                   "it reads “%s%s”",
                   seq, type, local->message, found, payload_len > 80 ? "…" : "");
      return NULL;
    }
  return rdx_action_new_stamped (type, payload, seq, 0, time);
}

/* Upcasts @action (taken), written with event @version, when it is older
 * than the current event version. Fails with %RDX_JOURNAL_ERROR_REPLAY. */
static RdxAction *
upcast_event (RdxJournal *self, RdxAction *action, guint version, GError **error)
{
  RdxJournalOptions *options = self->options;
  RdxJournalHook    *hook = options->upcast;
  g_autoptr (GError) local = NULL;
  guint64    seq = rdx_action_get_sequence (action);
  RdxAction *upcast;

  if (version >= options->event_version || hook == NULL)
    return action;

  upcast = ((RdxJournalUpcastFunc) hook->func) (action, version, hook->data, &local);
  if (upcast == NULL)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_REPLAY,
                   "Event %" G_GUINT64_FORMAT " (“%s”, event version %u) could not be upcast: %s",
                   seq, rdx_action_get_type_name (action), version,
                   local != NULL ? local->message : "the upcaster returned nothing");
      rdx_action_unref (action);
      return NULL;
    }
  if (rdx_action_get_sequence (upcast) != seq)
    {
      /* Keep the journal's numbering whatever the upcaster built. */
      RdxAction *restamped =
        rdx_action_new_stamped (rdx_action_get_type_name (upcast), rdx_action_get_payload (upcast),
                                seq, 0, rdx_action_get_real_time (action));

      rdx_action_unref (upcast);
      upcast = restamped;
    }
  rdx_action_unref (action);
  return upcast;
}

/**
 * rdx_journal_event_action:
 * @stmt: a row whose columns from @first_column are type, payload, version
 *   and time
 *
 * Makes the action of an event, upcast when it is older than the current
 * event version. Fails with %RDX_JOURNAL_ERROR_INVALID_DATA when the row
 * cannot be read, %RDX_JOURNAL_ERROR_REPLAY when the upcaster fails.
 */
RdxAction *
rdx_journal_event_action (RdxJournal   *self,
                          sqlite3_stmt *stmt,
                          int           first_column,
                          guint64       seq,
                          GError      **error)
{
  RdxAction *action = parse_event (stmt, first_column, seq, error);

  if (action == NULL)
    return NULL;
  return upcast_event (self, action, (guint) sqlite3_column_int (stmt, first_column + 2), error);
}

/* Reports an event the replay skips. */
static void
report_skipped (RdxJournal *self, guint64 seq, GError *error)
{
  rdx_journal_add_problem (
    self,
    error->code == RDX_JOURNAL_ERROR_INVALID_DATA ? RDX_JOURNAL_PROBLEM_EVENT_DAMAGED
                                                  : RDX_JOURNAL_PROBLEM_EVENT_REFUSED,
    seq, TRUE,
    "%s. The event is skipped in the rebuilt state and left unchanged in the journal; the "
    "events after it are replayed.",
    error->message);
}

/* Applies @action (borrowed) to @state (taken); returns the next state. An
 * action the reducer refuses is reported (when @report) and skipped. */
static RdxValue *
reduce_event (RdxJournal *self, RdxAction *action, RdxValue *state, gboolean report, gboolean track)
{
  g_autoptr (GError) error = NULL;

  /* The rebuild owns its state: an owned reducer updates it in place. */
  if (!rdx_reducer_replay_owned (self->options->reducer, &state, action, &error))
    {
      if (report)
        rdx_journal_add_problem (
          self, RDX_JOURNAL_PROBLEM_EVENT_REFUSED, rdx_action_get_sequence (action), TRUE,
          "Event %" G_GUINT64_FORMAT " (“%s”) was accepted when it was journaled, but the "
          "reducer refuses it now: %s. It is skipped in the rebuilt state and left unchanged in "
          "the journal.",
          rdx_action_get_sequence (action), rdx_action_get_type_name (action),
          error != NULL ? error->message : "it returned no state");
      return state;
    }
  if (track)
    rdx_journal_track_command (self, action);
  return state;
}

/* Applies the event in the current row of @stmt to @state (taken), for the
 * second, checking replay: problems were reported by the first. */
static RdxValue *
apply_event (RdxJournal *self, sqlite3_stmt *stmt, guint64 seq, RdxValue *state)
{
  g_autoptr (RdxAction) action = rdx_journal_event_action (self, stmt, 1, seq, NULL);

  if (action == NULL)
    return state;
  return reduce_event (self, action, state, FALSE, FALSE);
}

/* Reads the events of the pending commands a snapshot names. */
static gboolean
load_pending_commands (RdxJournal *self, RdxValue *pending, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  RdxListIter   iter;
  RdxValue     *item;
  int           rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT seq, type, payload, version, time FROM events WHERE seq = ?1",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rdx_journal_set_sqlite_error (self, error, rc, "reading unfinished commands");

  rc = SQLITE_DONE;
  rdx_list_iter_init (&iter, pending);
  while (rdx_list_iter_next (&iter, &item))
    {
      g_autoptr (RdxAction) action = NULL;
      guint64 seq = (guint64) rdx_value_get_int (item);

      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) seq);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          action = rdx_journal_event_action (self, stmt, 1, seq, NULL);
          if (action != NULL)
            rdx_journal_track_command (self, action);
          rc = SQLITE_DONE;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        break;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "reading unfinished commands");
  return TRUE;
}

/* Finds the unfinished commands up to @seq by reading every command and
 * outcome event: for snapshots made with other declarations. */
static gboolean
scan_commands (RdxJournal *self, guint64 seq, GError **error)
{
  g_autoptr (GString) types = g_string_new ("[");
  sqlite3_stmt  *stmt = NULL;
  GHashTableIter iter;
  gpointer       type;
  int            rc;

  g_hash_table_iter_init (&iter, self->commands);
  while (g_hash_table_iter_next (&iter, &type, NULL))
    {
      g_autoptr (RdxValue) text = rdx_value_new_string (type);

      if (types->len > 1)
        g_string_append_c (types, ',');
      rdx_value_append_json (text, types);
    }
  g_hash_table_iter_init (&iter, self->outcomes);
  while (g_hash_table_iter_next (&iter, &type, NULL))
    {
      g_autoptr (RdxValue) text = rdx_value_new_string (type);

      g_string_append_c (types, ',');
      rdx_value_append_json (text, types);
    }
  g_string_append_c (types, ']');

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT seq, type, payload, version, time FROM events WHERE seq <= ?1 "
                           "AND type IN (SELECT value FROM json_each(?2)) ORDER BY seq",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) seq);
      sqlite3_bind_text (stmt, 2, types->str, (int) types->len, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr (RdxAction) action = rdx_journal_event_action (
            self, stmt, 1, (guint64) sqlite3_column_int64 (stmt, 0), NULL);

          if (action != NULL)
            rdx_journal_track_command (self, action);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "looking for unfinished commands");
  return TRUE;
}

/* Loads snapshot @id; on any damage, says what in @why and returns FALSE. */
static gboolean
load_snapshot (RdxJournal *self,
               gint64      id,
               guint64     seq,
               RdxValue   *initial,
               Start      *start,
               GError    **why)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (RdxValue) state = NULL;
  g_autoptr (RdxValue) commands = NULL;
  g_autoptr (GError) local = NULL;
  RdxValue *declared, *pending;
  int       rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT state, hash, checksum, commands, origin FROM snapshots "
                           "WHERE id = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_ROW)
    {
      g_set_error (why, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT,
                   "it cannot be read (SQLite reports “%s”)", sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  {
    const char      *text = (const char *) sqlite3_column_text (stmt, 0);
    int              len = sqlite3_column_bytes (stmt, 0);
    const char      *recorded = (const char *) sqlite3_column_text (stmt, 2);
    const char      *origin = (const char *) sqlite3_column_text (stmt, 4);
    g_autofree char *computed = NULL;

    if (text == NULL || recorded == NULL || origin == NULL ||
        sqlite3_column_bytes (stmt, 1) != RDX_JOURNAL_DIGEST_SIZE)
      {
        g_set_error_literal (why, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
                             "some of its columns are missing");
        sqlite3_finalize (stmt);
        return FALSE;
      }
    /* The checksum covers the sequence number, the origin, the digest and
     * the state. */
    computed =
      rdx_journal_snapshot_checksum (seq, origin, sqlite3_column_blob (stmt, 1), text, len);
    start->accepted = strcmp (origin, "accepted") == 0;
    if (strcmp (computed, recorded) != 0)
      {
        g_set_error (why, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
                     "it fails its checksum (recorded %.12s…, computed %.12s…): its bytes were "
                     "damaged",
                     recorded, computed);
        sqlite3_finalize (stmt);
        return FALSE;
      }
    state = rdx_value_from_json (text, len, &local);
    if (state == NULL)
      {
        g_set_error (why, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
                     "its state does not parse: %s", local->message);
        sqlite3_finalize (stmt);
        return FALSE;
      }
    rdx_journal_digest_from_bytes (&start->digest, sqlite3_column_blob (stmt, 1));
    text = (const char *) sqlite3_column_text (stmt, 3);
    commands = text != NULL ? rdx_value_from_json (text, -1, NULL) : NULL;
  }
  sqlite3_finalize (stmt);

  declared =
    commands != NULL && rdx_value_is_map (commands) ? rdx_map_get (commands, "declared") : NULL;
  pending =
    commands != NULL && rdx_value_is_map (commands) ? rdx_map_get (commands, "pending") : NULL;
  if (g_hash_table_size (self->commands) > 0)
    {
      gboolean ok;

      if (declared != NULL && rdx_value_is_string (declared) && pending != NULL &&
          rdx_value_is_list (pending) &&
          strcmp (rdx_value_get_string (declared), self->fingerprint) == 0)
        ok = load_pending_commands (self, pending, &local);
      else
        ok = scan_commands (self, seq, &local);
      if (!ok)
        {
          g_set_error (why, RDX_JOURNAL_ERROR, local->code,
                       "its unfinished commands cannot be read: %s", local->message);
          g_hash_table_remove_all (self->pending);
          return FALSE;
        }
    }

  start->state = with_transient_defaults (self, state, initial);
  start->seq = seq;
  start->from_snapshot = TRUE;
  return TRUE;
}

/* Picks the newest snapshot that passes its checks. A snapshot that fails
 * is reported and left in the file. */
static void
choose_snapshot (RdxJournal *self, RdxValue *initial, guint64 last_event, Start *start)
{
  g_autoptr (GArray) damaged = g_array_new (FALSE, FALSE, sizeof (guint));
  sqlite3_stmt *stmt = NULL;
  guint64       legacy_seq = 0;
  guint         n_legacy = 0;
  guint         i;
  int           rc;

  rc = sqlite3_prepare_v2 (
    self->db, "SELECT id, seq, version FROM snapshots ORDER BY seq DESC, id DESC", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (GError) why = NULL;
      gint64  id = sqlite3_column_int64 (stmt, 0);
      guint64 seq = (guint64) sqlite3_column_int64 (stmt, 1);
      guint   version = (guint) sqlite3_column_int (stmt, 2);
      guint   index = self->problems->len;

      rc = SQLITE_OK;
      if (id <= self->legacy_snapshots)
        {
          n_legacy++;
          legacy_seq = MAX (legacy_seq, seq);
          continue;
        }
      if (version != self->options->event_version)
        {
          rdx_journal_add_problem (
            self, RDX_JOURNAL_PROBLEM_SNAPSHOT_SKIPPED, seq, FALSE,
            "The snapshot at event %" G_GUINT64_FORMAT " was written for event version %u, and "
            "this program uses version %u, so it is not used: the events before it are replayed "
            "(and upcast) instead.",
            seq, version, self->options->event_version);
          continue;
        }
      if (seq > last_event)
        g_set_error (&why, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
                     "it claims to follow event %" G_GUINT64_FORMAT
                     ", but the last event is %" G_GUINT64_FORMAT,
                     seq, last_event);
      else if (load_snapshot (self, id, seq, initial, start, &why))
        break;

      rdx_journal_add_problem (self, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED, seq, FALSE,
                               "The snapshot at event %" G_GUINT64_FORMAT
                               " (snapshot %" G_GINT64_FORMAT ") is not used: %s. It is kept "
                               "in the file as it is.",
                               seq, id, why->message);
      g_array_append_val (damaged, index);
    }
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      guint index = self->problems->len;

      rdx_journal_add_problem (self, RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED, 0, FALSE,
                               "The list of snapshots cannot be read (SQLite reports “%s”). "
                               "Snapshots are not used.",
                               sqlite3_errmsg (self->db));
      g_array_append_val (damaged, index);
    }
  sqlite3_finalize (stmt);

  if (n_legacy > 0)
    rdx_journal_add_problem (
      self, RDX_JOURNAL_PROBLEM_SNAPSHOT_SKIPPED, legacy_seq, FALSE,
      "%u snapshots, the newest at event %" G_GUINT64_FORMAT ", were written with an older "
      "journal schema, whose checksum covers neither a snapshot's sequence number nor (in "
      "schema 1) its digest, so they are not used: the events are replayed instead.",
      n_legacy, legacy_seq);

  /* Say where the rebuild went instead. */
  for (i = 0; i < damaged->len; i++)
    {
      RdxJournalProblem *problem =
        &g_array_index (self->problems, RdxJournalProblem, g_array_index (damaged, guint, i));
      char *longer =
        start->from_snapshot
          ? g_strdup_printf ("%s The state is rebuilt from the snapshot at event %" G_GUINT64_FORMAT
                             " and the events after it.",
                             problem->message, start->seq)
          : g_strdup_printf ("%s The state is rebuilt from all the events.", problem->message);

      g_free (problem->message);
      problem->message = longer;
    }
}

/* The last event's sequence number, recorded digest and event version. */
static gboolean
read_last_event (RdxJournal       *self,
                 guint64          *seq,
                 RdxJournalDigest *digest,
                 gboolean         *digest_valid,
                 guint            *version,
                 GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;

  *seq = 0;
  *digest_valid = FALSE;
  rc = sqlite3_prepare_v2 (
    self->db, "SELECT seq, hash, version FROM events ORDER BY seq DESC LIMIT 1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *seq = (guint64) sqlite3_column_int64 (stmt, 0);
      *version = (guint) sqlite3_column_int (stmt, 2);
      if (sqlite3_column_bytes (stmt, 1) == RDX_JOURNAL_DIGEST_SIZE)
        {
          rdx_journal_digest_from_bytes (digest, sqlite3_column_blob (stmt, 1));
          *digest_valid = TRUE;
        }
      rc = SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "reading the last event");
  return TRUE;
}

/* Replays again from @start, comparing the digest after every event with
 * the recorded one. Returns the first event where they differ. */
static guint64
find_divergence (RdxJournal *self, Start *start, guint64 last_event)
{
  sqlite3_stmt    *stmt = NULL;
  RdxJournalDigest digest = start->digest;
  RdxValue        *state = rdx_value_ref (start->state);
  guint64          found = last_event;

  if (!start->from_snapshot)
    rdx_journal_hasher_full (self->hasher, state, &digest);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT seq, type, payload, version, time, hash FROM events "
                          "WHERE seq > ?1 ORDER BY seq",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) start->seq);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          guint64          seq = (guint64) sqlite3_column_int64 (stmt, 0);
          RdxValue        *before = rdx_value_ref (state);
          RdxJournalDigest recorded;

          state = apply_event (self, stmt, seq, state);
          rdx_journal_hasher_update (self->hasher, &digest, before, state);
          rdx_value_unref (before);
          if ((guint) sqlite3_column_int (stmt, 3) != self->options->event_version)
            continue;
          if (sqlite3_column_bytes (stmt, 5) == RDX_JOURNAL_DIGEST_SIZE)
            rdx_journal_digest_from_bytes (&recorded, sqlite3_column_blob (stmt, 5));
          else
            memset (&recorded, 0, sizeof recorded);
          if (!rdx_journal_digest_equal (&recorded, &digest))
            {
              found = seq;
              break;
            }
        }
    }
  sqlite3_finalize (stmt);
  rdx_value_unref (state);
  return found;
}

static char *
event_type (RdxJournal *self, guint64 seq)
{
  sqlite3_stmt *stmt = NULL;
  char         *type = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT type FROM events WHERE seq = ?1", -1, &stmt, NULL) ==
      SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) seq);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
        type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return type != NULL ? type : g_strdup ("?");
}

/* The replay reads and parses events on a thread of its own while the
 * calling thread runs the reducer: chunks of parsed events go from one to
 * the other through two queues. The database connection is the reader's
 * alone until it is joined. */
#define CHUNK_SIZE 1024
#define N_CHUNKS   4

typedef struct
{
  guint64    seq;
  guint      version;
  RdxAction *action; /* NULL when the row cannot be read: see error */
  GError    *error;
} Item;

typedef struct
{
  Item     items[CHUNK_SIZE];
  guint    n;
  gboolean end;
} Chunk;

typedef struct
{
  sqlite3_stmt *stmt;
  GAsyncQueue  *full;
  GAsyncQueue  *empty;
  int           rc;
  gboolean      profiling;
  gint64        read_us;
  gint64        parse_us;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  Chunk  *chunk = g_async_queue_pop (reader->empty);
  gint64  t = clock_if (reader->profiling);
  int     rc;

  while ((rc = sqlite3_step (reader->stmt)) == SQLITE_ROW)
    {
      Item  *item = &chunk->items[chunk->n++];
      gint64 now = clock_if (reader->profiling);

      reader->read_us += now - t;
      item->seq = (guint64) sqlite3_column_int64 (reader->stmt, 0);
      item->version = (guint) sqlite3_column_int (reader->stmt, 3);
      item->action = parse_event (reader->stmt, 1, item->seq, &item->error);
      t = clock_if (reader->profiling);
      reader->parse_us += t - now;

      if (chunk->n == CHUNK_SIZE)
        {
          g_async_queue_push (reader->full, chunk);
          chunk = g_async_queue_pop (reader->empty);
          /* Waiting for the reducer is neither reading nor parsing. */
          t = clock_if (reader->profiling);
        }
    }
  reader->rc = rc;
  chunk->end = TRUE;
  g_async_queue_push (reader->full, chunk);
  return NULL;
}

/* Replays the events after @start; leaves the state in self->state. */
static gboolean
replay (RdxJournal *self, Start *start, RdxJournalRebuildStats *stats, GError **error)
{
  Reader    reader = { 0 };
  Chunk    *chunks = NULL;
  GThread  *thread;
  RdxValue *state = rdx_value_ref (start->state);
  guint64   previous = start->seq;
  gboolean  end = FALSE;
  guint     i;
  int       rc;

  reader.profiling = self->options->profiling;
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT seq, type, payload, version, time FROM events WHERE seq > ?1 "
                           "ORDER BY seq",
                           -1, &reader.stmt, NULL);
  if (rc != SQLITE_OK)
    {
      rdx_value_unref (state);
      return rdx_journal_set_sqlite_error (self, error, rc, "reading the events");
    }
  sqlite3_bind_int64 (reader.stmt, 1, (sqlite3_int64) start->seq);

  reader.full = g_async_queue_new ();
  reader.empty = g_async_queue_new ();
  chunks = g_new0 (Chunk, N_CHUNKS);
  for (i = 0; i < N_CHUNKS; i++)
    g_async_queue_push (reader.empty, &chunks[i]);
  thread = g_thread_new ("rdx-journal-replay", reader_thread, &reader);

  while (!end)
    {
      Chunk *chunk = g_async_queue_pop (reader.full);
      gint64 t = clock_if (self->options->profiling);

      for (i = 0; i < chunk->n; i++)
        {
          Item *item = &chunk->items[i];

          if (item->seq != previous + 1)
            rdx_journal_add_problem (self, RDX_JOURNAL_PROBLEM_SEQUENCE_GAP, item->seq, FALSE,
                                     "Events %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                                     " are missing from the journal; the rebuild goes on with "
                                     "event %" G_GUINT64_FORMAT ".",
                                     previous + 1, item->seq - 1, item->seq);
          previous = item->seq;
          stats->n_events++;

          if (item->action != NULL)
            item->action = upcast_event (self, item->action, item->version, &item->error);
          if (item->action == NULL)
            report_skipped (self, item->seq, item->error);
          else
            state = reduce_event (self, item->action, state, TRUE, TRUE);

          g_clear_pointer (&item->action, rdx_action_unref);
          g_clear_error (&item->error);
        }
      stats->reduce_us += clock_if (self->options->profiling) - t;
      end = chunk->end;
      chunk->n = 0;
      g_async_queue_push (reader.empty, chunk);
    }

  g_thread_join (thread);
  stats->read_us += reader.read_us;
  stats->parse_us += reader.parse_us;
  g_async_queue_unref (reader.full);
  g_async_queue_unref (reader.empty);
  g_free (chunks);
  sqlite3_finalize (reader.stmt);

  if (reader.rc != SQLITE_DONE)
    {
      g_autofree char *doing =
        g_strdup_printf ("reading the events after event %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT
                         " events after the starting point could be read)",
                         previous, stats->n_events);

      rdx_value_unref (state);
      return rdx_journal_set_sqlite_error (self, error, reader.rc, doing);
    }

  g_clear_pointer (&self->state, rdx_value_unref);
  self->state = state;
  return TRUE;
}

/* Compares the rebuilt state with the journal's record of it. */
static void
check_state (RdxJournal             *self,
             Start                  *start,
             guint64                 last_event,
             const RdxJournalDigest *recorded,
             gboolean                recorded_valid,
             guint                   last_version,
             RdxJournalRebuildStats *stats)
{
  gint64 t = clock_if (self->options->profiling);

  if (start->from_snapshot)
    {
      self->digest = start->digest;
      rdx_journal_hasher_update (self->hasher, &self->digest, start->state, self->state);
    }
  else
    {
      rdx_journal_hasher_full (self->hasher, self->state, &self->digest);
    }
  stats->hash_us += clock_if (self->options->profiling) - t;

  /* The digest recorded with the last event is checked on every open, also
   * when a snapshot stands at the last event, except against a snapshot
   * the application accepted there (rdx_journal_accept(): it is the state
   * the journal goes on from, whatever the events recorded), or one of
   * this event version at an older version's last event (upcast). */
  if (last_event == 0 || last_event < start->seq)
    return;
  if (last_event == start->seq && (start->accepted || last_version != self->options->event_version))
    return;

  if (last_version != self->options->event_version)
    {
      rdx_journal_add_problem (
        self, RDX_JOURNAL_PROBLEM_CHECK_SKIPPED, last_event, FALSE,
        "The last event was written with event version %u and this program uses version %u, "
        "so the rebuilt state is not compared with the one recorded then.",
        last_version, self->options->event_version);
      return;
    }

  if (!recorded_valid || !rdx_journal_digest_equal (recorded, &self->digest))
    {
      g_autofree char *type = NULL;

      self->divergence = find_divergence (self, start, last_event);
      type = event_type (self, self->divergence);
      rdx_journal_add_problem (
        self, RDX_JOURNAL_PROBLEM_DIVERGENCE, self->divergence, TRUE,
        "The rebuilt state differs from the state the journal recorded, from event "
        "%" G_GUINT64_FORMAT " (“%s”) on. The reducer may have changed what it does, or be "
        "impure (reading the clock, random numbers or globals), or the digest recorded with it "
        "is damaged. The state is as today's reducer rebuilds it; the events are kept as they "
        "were recorded. Call rdx_journal_accept() to go on from this state, or close the "
        "journal.",
        self->divergence, type);
    }
}

/**
 * rdx_journal_rebuild:
 *
 * Rebuilds self->state, self->digest and the unfinished commands from the
 * database, and sets the sequence numbers. Fails only when the database
 * cannot be read (or the reducer has no initial state); everything else is
 * a problem on the list.
 */
gboolean
rdx_journal_rebuild (RdxJournal *self, GError **error)
{
  RdxJournalRebuildStats stats = { 0 };
  g_autoptr (RdxValue) initial = NULL;
  Start            start = { 0 };
  RdxJournalDigest recorded = { { 0 } };
  gboolean         recorded_valid = FALSE;
  guint64          last_event = 0;
  guint            last_version = self->options->event_version;
  gint64           t0 = g_get_monotonic_time (), t;

  initial = initial_state (self, error);
  if (initial == NULL)
    return FALSE;
  if (!read_last_event (self, &last_event, &recorded, &recorded_valid, &last_version, error))
    return FALSE;

  g_hash_table_remove_all (self->pending);
  self->divergence = 0;
  t = clock_if (self->options->profiling);
  choose_snapshot (self, initial, last_event, &start);
  stats.snapshot_us = clock_if (self->options->profiling) - t;
  if (!start.from_snapshot)
    {
      start.state = rdx_value_ref (initial);
      start.seq = 0;
      start.accepted = FALSE;
    }

  if (!replay (self, &start, &stats, error))
    {
      start_clear (&start);
      return FALSE;
    }
  check_state (self, &start, last_event, &recorded, recorded_valid, last_version, &stats);

  self->last_seq = self->durable_seq = MAX (last_event, start.seq);
  self->snapshot_seq = self->committed_snapshot_seq = start.seq;
  start_clear (&start);

  stats.total_us = g_get_monotonic_time () - t0;
  self->rebuild_stats = stats;
  return TRUE;
}

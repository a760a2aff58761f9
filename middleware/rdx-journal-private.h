/* rdx-journal-private.h: what the journal's source files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sqlite3.h>

#include "rdx.h"

G_BEGIN_DECLS

/* The state digest: the sum, lane by lane modulo 2^64, of the SHA-256 of
 * every item of the state (see rdx-journal-digest.c). */
#define RDX_JOURNAL_DIGEST_SIZE 32

typedef struct
{
  guint64 lane[4];
} RdxJournalDigest;

typedef struct _RdxJournalHasher RdxJournalHasher;

/* clang-format off */
RdxJournalHasher *rdx_journal_hasher_new (const char *const *transient_keys);
void              rdx_journal_hasher_free (RdxJournalHasher *hasher);
void              rdx_journal_hasher_full (RdxJournalHasher *hasher,
                                           RdxValue         *state,
                                           RdxJournalDigest *out);
void              rdx_journal_hasher_update (RdxJournalHasher *hasher,
                                             RdxJournalDigest *digest,
                                             RdxValue         *old_state,
                                             RdxValue         *new_state);
gboolean          rdx_journal_hasher_is_transient_key (RdxJournalHasher *hasher,
                                                       const char       *key);

void     rdx_journal_digest_to_bytes (const RdxJournalDigest *digest,
                                      guint8                 *bytes);
void     rdx_journal_digest_from_bytes (RdxJournalDigest *digest,
                                        const guint8     *bytes);
char    *rdx_journal_digest_to_hex (const RdxJournalDigest *digest);
gboolean rdx_journal_digest_equal (const RdxJournalDigest *a,
                                   const RdxJournalDigest *b);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxJournalHasher, rdx_journal_hasher_free)

/* rdx-journal-sha256.c */
/* clang-format off */
void     rdx_journal_sha256 (const guint8 *data,
                             gsize         length,
                             guint8       *digest);
char    *rdx_journal_sha256_hex (const guint8 *data,
                                 gsize         length);
gboolean rdx_journal_sha256_is_accelerated (void);
char    *rdx_journal_snapshot_checksum (guint64       seq,
                                        const char   *origin,
                                        const guint8 *hash,
                                        const char   *state,
                                        gsize         length);
void     rdx_journal_sha256_force_portable (gboolean portable);
/* clang-format on */

/* A command type the application declared: which payload key holds its
 * request id, and which action types settle it. */
typedef struct
{
  char *type;
  char *id_key;
  GStrv outcomes;
} RdxJournalCommand;

/* An application callback with its data. Shared by reference between the
 * options and the journals opened with them, so that replacing it on the
 * options frees its data only once no open journal uses it any more. */
typedef struct
{
  gatomicrefcount ref_count;
  GCallback       func;
  gpointer        data;
  GDestroyNotify  destroy;
} RdxJournalHook;

struct _RdxJournalOptions
{
  gatomicrefcount      ref_count;
  char                *app_id;
  RdxReducer          *reducer;
  RdxJournalDurability durability;
  guint                batch_ms;
  guint                batch_actions;
  guint                snapshot_interval;
  RdxJournalOpenFlags  flags;
  guint                event_version;
  guint                event_version_set : 1; /* by rdx_journal_options_set_event_version() */
  guint                profiling : 1;         /* time the rebuild's steps (benchmarks) */

  RdxJournalHook *transient;      /* RdxJournalTransientFunc, or NULL */
  GPtrArray      *transient_keys; /* char *, NULL-terminated */
  RdxJournalHook *upcast;         /* RdxJournalUpcastFunc, or NULL */

  GPtrArray *commands; /* RdxJournalCommand * */
};

/* clang-format off */
/* A copy of @options that later changes to @options do not reach: what a
 * journal reads once it is open. The callbacks are shared. */
RdxJournalOptions *rdx_journal_options_freeze (RdxJournalOptions *options);
/* Replaces the transient keys (for a read-only open, with those the
 * journal recorded). */
void               rdx_journal_options_set_transient_keys (RdxJournalOptions *self,
                                                           const char *const *keys);
/* The transient keys as canonical JSON: a sorted list of strings. */
char              *rdx_journal_options_transient_keys_json (RdxJournalOptions *self);

/* The canonical JSON of the command declarations, kept with each snapshot
 * so a snapshot's list of unfinished commands is only trusted when the
 * declarations did not change. */
char *rdx_journal_options_commands_fingerprint (RdxJournalOptions *options);
/* clang-format on */

/* rdx-journal-salvage.c: reading a write-ahead log as SQLite does. */
typedef struct
{
  guint32 page_size;
  gsize   n_frames;        /* whole frames in the file */
  gsize   n_valid;         /* frames SQLite reads: salts and checksums hold */
  gsize   n_committed;     /* of those, the frames up to the last commit */
  gsize   first_bad;       /* the first frame (from 1) that fails, or 0 */
  gsize   bad_offset;      /* its byte offset */
  gsize   n_after;         /* frames of the same log from there on */
  gsize   n_commits_after; /* commits among them: transactions SQLite will not read */
} RdxJournalWalScan;

/* Timings of a rebuild, for the benchmark (microseconds). */
typedef struct
{
  guint64 n_events;
  gint64  total_us;
  gint64  read_us;   /* stepping SQLite */
  gint64  parse_us;  /* JSON payloads to values */
  gint64  reduce_us; /* the reducer */
  gint64  hash_us;   /* the final state digest */
  gint64  snapshot_us;
} RdxJournalRebuildStats;

/* rdx-journal-snapshots.c: interval snapshots written on a worker */
typedef struct _RdxJournalSnapshotter RdxJournalSnapshotter;

struct _RdxJournal
{
  GObject parent_instance;

  /* Owned references. */
  RdxJournalOptions *options; /* a frozen copy of the options it was opened with */
  char              *path;
  sqlite3           *db;
  int                lock_fd;     /* the database file, flock()ed by a writer */
  int                lock_pid;    /* the process that took the lock */
  char              *file_key;    /* in the process's table of open journal files */
  char              *fingerprint; /* of the command declarations */
  RdxJournalHasher  *hasher;
  GString           *scratch;
  RdxValue          *state;    /* the state after the last event */
  GArray            *problems; /* RdxJournalProblem */
  GHashTable        *pending;  /* "type\n<id JSON>" -> RdxAction (journal sequence) */
  GHashTable        *commands; /* command type -> RdxJournalCommand (borrowed from options) */
  GHashTable        *outcomes; /* outcome type -> GPtrArray of RdxJournalCommand */
  GHashTable        *warned;   /* transient types warned about */
  GSource           *commit_source;
  GError            *failure; /* why the journal refuses actions */
  GArray            *batch;   /* rows of the open transaction, until it commits */

  sqlite3_stmt *insert_event;
  sqlite3_stmt *insert_snapshot;
  sqlite3_stmt *begin;
  sqlite3_stmt *commit;

  /* Borrowed: the store the middleware serves, and its context. */
  RdxStore     *store;
  GMainContext *context;
  const GError *undoing; /* why the dispatch under way is being undone */

  RdxJournalDigest digest; /* of state */
  guint64          last_seq;
  guint64          durable_seq;
  guint64          snapshot_seq;
  guint64          committed_snapshot_seq;
  guint64          queued_snapshot_seq; /* the newest interval snapshot handed to the worker */
  guint64          divergence;
  gint64           session;
  gint64           batch_started;    /* monotonic time of the first action of the batch */
  gint64           legacy_snapshots; /* snapshots up to this id were written by schema 1 or 2 */
  guint            n_batch;          /* actions in the open transaction */
  guint            schema;           /* the schema version the file had when it opened */

  /* Writes the interval snapshots of a journal in a file, made at the
   * first one. */
  RdxJournalSnapshotter *snapshotter;

  RdxJournalRebuildStats rebuild_stats; /* profiled when the options ask */
  RdxJournalWalScan      wal_scan;      /* of the log as the open found it */
  char                  *wal_copy;      /* a copy of a damaged log, kept for salvage */

  guint in_memory : 1;
  guint read_only : 1;
  guint writer_running : 1; /* read-only: a writer has the journal open */
  guint in_transaction : 1;
  guint deferred : 1; /* the batch waits in memory while the worker writes a snapshot */
  guint needs_decision : 1;
  guint closed : 1;
  guint attached : 1;
};

/* rdx-journal.c: errors, problems, the store it serves */
/* clang-format off */
RdxJournal *rdx_journal_open_frozen (const char        *path,
                                     RdxJournalOptions *options,
                                     GError           **error);
gboolean rdx_journal_set_sqlite_error (RdxJournal *self,
                                       GError    **error,
                                       int         rc,
                                       const char *doing);
gboolean rdx_journal_exec (RdxJournal *self,
                           const char *sql,
                           const char *doing,
                           GError    **error);
void     rdx_journal_add_problem (RdxJournal           *self,
                                  RdxJournalProblemKind kind,
                                  guint64               sequence,
                                  gboolean              blocking,
                                  const char           *format,
                                  ...) G_GNUC_PRINTF (5, 6);
void     rdx_journal_attach (RdxJournal *self,
                             RdxStore   *store);
void     rdx_journal_detach (RdxJournal *self,
                             RdxStore   *store);
/* clang-format on */

/* rdx-journal-lock.c: one writer per file, in the process and the system */
/* clang-format off */
gboolean rdx_journal_lock_acquire (RdxJournal *self,
                                   GError    **error);
void     rdx_journal_lock_release (RdxJournal *self);
/* clang-format on */

/* rdx-journal-db.c: the schema, opening and closing, sessions */
/* clang-format off */
gboolean rdx_journal_create (RdxJournal *self,
                             GError    **error);
gboolean rdx_journal_open_database (RdxJournal *self,
                                    GError    **error);
gboolean rdx_journal_prepare_statements (RdxJournal *self,
                                         GError    **error);
void     rdx_journal_checkpoint (RdxJournal *self);
void     rdx_journal_close_database (RdxJournal *self,
                                     gboolean    checkpoint);
void     rdx_journal_check_previous_session (RdxJournal *self);
gboolean rdx_journal_begin_session (RdxJournal *self,
                                    GError    **error);
gboolean rdx_journal_end_session (RdxJournal *self,
                                  GError    **error);
/* clang-format on */

/* rdx-journal-commands.c: the unfinished commands */
/* clang-format off */
void    rdx_journal_index_commands (RdxJournal *self);
void    rdx_journal_track_command (RdxJournal *self,
                                   RdxAction  *action);
GArray *rdx_journal_track_appended (RdxJournal *self,
                                    RdxAction  *action,
                                    guint64     seq);
void    rdx_journal_undo_changes (RdxJournal *self,
                                  GArray     *changes);
/* clang-format on */

/* The events of the open transaction, kept until it commits, so that a
 * transaction SQLite rolls back because of one failed write (of an event
 * or of a snapshot) can be written again. The action is kept rather than
 * its text: writing it again is rare, and serialises it once more. */
typedef struct
{
  guint64    seq;
  RdxAction *action;
  guint8     hash[RDX_JOURNAL_DIGEST_SIZE];
} RdxJournalBatchRow;

/* rdx-journal-write.c: appending, batches, snapshots */
/* clang-format off */
void     rdx_journal_batch_row_clear (gpointer data);
gboolean rdx_journal_insert_raw (RdxJournal   *self,
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
                                 GError      **error);
gboolean rdx_journal_check_writable (RdxJournal *self,
                                     RdxAction  *action,
                                     GError    **error);
gboolean rdx_journal_append (RdxJournal *self,
                             RdxAction  *action,
                             RdxValue   *new_state,
                             GError    **error);
void     rdx_journal_note_transient (RdxJournal *self,
                                     RdxAction  *action,
                                     RdxValue   *new_state);
gboolean rdx_journal_same_durable_state (RdxJournal *self,
                                         RdxValue   *state);
gboolean rdx_journal_append_replaced (RdxJournal *self,
                                      const char *cause,
                                      RdxValue   *state,
                                      guint64     store_seq,
                                      GError    **error);
gboolean rdx_journal_replace (RdxJournal *self,
                              RdxAction  *action,
                              RdxValue   *new_state,
                              GError    **error);
gboolean rdx_journal_commit (RdxJournal *self,
                             GError    **error);
void     rdx_journal_fail (RdxJournal *self,
                           GError     *error);
gboolean rdx_journal_snapshot (RdxJournal *self,
                               const char *origin,
                               GError    **error);
void     rdx_journal_set_state (RdxJournal *self,
                                RdxValue   *state);
/* clang-format on */

/* clang-format off */
RdxJournalSnapshotter *rdx_journal_snapshotter_new          (const char            *path,
                                                             const char            *synchronous,
                                                             GError               **error);
void                   rdx_journal_snapshotter_free         (RdxJournalSnapshotter *self);
void                   rdx_journal_snapshotter_push         (RdxJournalSnapshotter *self,
                                                             guint64                seq,
                                                             RdxValue              *state,
                                                             const guint8          *hash,
                                                             char                  *commands,
                                                             guint                  version);
void                   rdx_journal_snapshotter_cancel_after (RdxJournalSnapshotter *self,
                                                             guint64                seq);
gboolean               rdx_journal_snapshotter_claim        (RdxJournalSnapshotter *self,
                                                             gboolean               wait);
guint64                rdx_journal_snapshotter_release      (RdxJournalSnapshotter *self,
                                                             guint64                durable_seq);
guint64                rdx_journal_snapshotter_get_written  (RdxJournalSnapshotter *self);
guint64                rdx_journal_snapshotter_drain        (RdxJournalSnapshotter *self,
                                                             guint64                durable_seq);
gboolean               rdx_journal_snapshotter_exec         (RdxJournalSnapshotter *self,
                                                             const char            *sql);
void                   rdx_journal_snapshotter_request_checkpoint (RdxJournalSnapshotter *self);

/* rdx-journal-write.c: the journal's side */
void     rdx_journal_snapshots_release (RdxJournal *self);
void     rdx_journal_snapshots_drain   (RdxJournal *self);
void     rdx_journal_snapshots_stop    (RdxJournal *self);
gboolean rdx_journal_snapshots_exec    (RdxJournal *self,
                                        const char *sql);
/* clang-format on */

/* rdx-journal-replay.c */
/* clang-format off */
gboolean   rdx_journal_rebuild (RdxJournal *self,
                                GError    **error);
RdxAction *rdx_journal_event_action (RdxJournal   *self,
                                     sqlite3_stmt *stmt,
                                     int           first_column,
                                     guint64       seq,
                                     GError      **error);
/* clang-format on */

/* A frame SQLite would read: its page number, its page, and for a commit
 * the size of the database in pages (0 otherwise). */
typedef void (*RdxJournalWalFunc) (guint32       number,
                                   const guint8 *page,
                                   guint32       n_pages,
                                   gpointer      user_data);

/* clang-format off */
gboolean rdx_journal_wal_scan (const guint8      *data,
                               gsize              size,
                               RdxJournalWalScan *scan,
                               RdxJournalWalFunc  func,
                               gpointer           user_data);
/* clang-format on */

/* rdx-journal-jsonl.c: whether the journal has no events (import and
 * salvage write only into empty journals). */
/* clang-format off */
gboolean rdx_journal_is_empty (RdxJournal *self,
                               GError    **error);
/* clang-format on */

/* clang-format off */
/* Journals opened with @options time the steps of their rebuild. */
void rdx_journal_options_set_profiling (RdxJournalOptions      *options,
                                        gboolean                profiling);
/* The timings of the rebuild when @self was opened (zero unless profiled). */
void rdx_journal_get_rebuild_stats     (RdxJournal             *self,
                                        RdxJournalRebuildStats *stats);
/* clang-format on */

G_END_DECLS

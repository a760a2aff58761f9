/* rdx-journal-private.h: what the journal's source files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sqlite3.h>

#include "rdx-journal.h"

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

  RdxJournalTransientFunc transient_func;
  gpointer                transient_data;
  GDestroyNotify          transient_destroy;
  GPtrArray              *transient_keys; /* char *, NULL-terminated */

  RdxJournalUpcastFunc upcast_func;
  gpointer             upcast_data;
  GDestroyNotify       upcast_destroy;

  GPtrArray *commands; /* RdxJournalCommand * */
};

/* The canonical JSON of the command declarations, kept with each snapshot
 * so a snapshot's list of unfinished commands is only trusted when the
 * declarations did not change. */
/* clang-format off */
char *rdx_journal_options_commands_fingerprint (RdxJournalOptions *options);
/* clang-format on */

struct _RdxJournal
{
  GObject parent_instance;

  /* Owned references. */
  RdxJournalOptions *options;
  char              *path;
  sqlite3           *db;
  int                lock_fd;
  char              *lock_key;    /* in the process's table of open journals */
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
  GArray            *batch;   /* rows of the open batch (batched policies) */

  sqlite3_stmt *insert_event;
  sqlite3_stmt *insert_snapshot;
  sqlite3_stmt *begin;
  sqlite3_stmt *commit;

  /* Borrowed: the store the middleware serves, and its context. */
  RdxStore     *store;
  GMainContext *context;
  guint         listener;
  gboolean     *reduced; /* set by the listener for the call under way */

  RdxJournalDigest digest; /* of state */
  guint64          last_seq;
  guint64          durable_seq;
  guint64          snapshot_seq;
  guint64          committed_snapshot_seq;
  guint64          divergence;
  gint64           session;
  gint64           batch_started; /* monotonic time of the first action of the batch */
  guint            n_batch;       /* actions in the open transaction */

  guint in_memory : 1;
  guint in_transaction : 1;
  guint needs_decision : 1;
  guint closed : 1;
  guint attached : 1;
};

/* rdx-journal.c */
/* clang-format off */
gboolean rdx_journal_set_sqlite_error (RdxJournal *self,
                                       GError    **error,
                                       int         rc,
                                       const char *doing);
void     rdx_journal_add_problem (RdxJournal           *self,
                                  RdxJournalProblemKind kind,
                                  guint64               sequence,
                                  gboolean              blocking,
                                  const char           *format,
                                  ...) G_GNUC_PRINTF (5, 6);
void     rdx_journal_track_command (RdxJournal *self,
                                    RdxAction  *action);
gboolean rdx_journal_exec (RdxJournal *self,
                           const char *sql,
                           const char *doing,
                           GError    **error);
gboolean rdx_journal_insert_raw (RdxJournal   *self,
                                 guint64       seq,
                                 const char   *type,
                                 const char   *payload,
                                 gsize         payload_len,
                                 gint64        time,
                                 gint64        session,
                                 gint64        store_seq,
                                 guint         version,
                                 const guint8 *hash,
                                 GError      **error);
gboolean rdx_journal_append (RdxJournal *self,
                             RdxAction  *action,
                             RdxValue   *new_state,
                             GError    **error);
void     rdx_journal_note_transient (RdxJournal *self,
                                     RdxAction  *action,
                                     RdxValue   *new_state);
gboolean rdx_journal_check_writable (RdxJournal *self,
                                     RdxAction  *action,
                                     GError    **error);
gboolean rdx_journal_attach (RdxJournal *self,
                             RdxStore   *store);
void     rdx_journal_detach (RdxJournal *self,
                             RdxStore   *store);
gboolean rdx_journal_commit (RdxJournal *self,
                             GError    **error);
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

/* rdx-journal-jsonl.c: whether the journal has no events (import and
 * salvage write only into empty journals). */
/* clang-format off */
gboolean rdx_journal_is_empty (RdxJournal *self,
                               GError    **error);
/* clang-format on */

/* Timings of the last rebuild, for the benchmark (microseconds). */
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

/* clang-format off */
void rdx_journal_set_profiling (gboolean enabled);
void rdx_journal_get_rebuild_stats (RdxJournalRebuildStats *stats);
/* clang-format on */

G_END_DECLS

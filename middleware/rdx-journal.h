/* rdx-journal.h: the event journal, event-sourced persistence in SQLite
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

/**
 * RDX_JOURNAL_SCHEMA_VERSION:
 *
 * The version of the journal's file format this rdx writes, kept in its
 * `meta` table. A journal with a newer version is refused.
 */
#define RDX_JOURNAL_SCHEMA_VERSION 3

/**
 * RDX_JOURNAL_IN_MEMORY:
 *
 * The path that opens a journal in memory: nothing is kept after it closes.
 */
#define RDX_JOURNAL_IN_MEMORY ":memory:"

/**
 * RdxJournalDurability:
 * @RDX_JOURNAL_DURABILITY_SYNC: each dispatch returns after its action is
 *   committed and flushed to the disk
 * @RDX_JOURNAL_DURABILITY_BATCHED: actions are committed (and flushed) in
 *   batches, at most every N milliseconds or M actions; a crash loses at
 *   most the open batch
 * @RDX_JOURNAL_DURABILITY_NONE: batches as @RDX_JOURNAL_DURABILITY_BATCHED,
 *   but never flushed: a crash of the program loses at most the open batch,
 *   a crash of the system may lose more
 *
 * When an acknowledged action is safe. docs/journal.md has the exact
 * guarantees in one table.
 */
typedef enum
{
  RDX_JOURNAL_DURABILITY_SYNC,
  RDX_JOURNAL_DURABILITY_BATCHED,
  RDX_JOURNAL_DURABILITY_NONE,
} RdxJournalDurability;

/**
 * RdxJournalError:
 * @RDX_JOURNAL_ERROR_IN_USE: another process (or another journal in this
 *   one) has the journal open
 * @RDX_JOURNAL_ERROR_NEWER_SCHEMA: the journal was written by a newer rdx
 * @RDX_JOURNAL_ERROR_OTHER_APP: the journal belongs to another application
 * @RDX_JOURNAL_ERROR_NOT_A_JOURNAL: an SQLite database that is not a journal
 * @RDX_JOURNAL_ERROR_CORRUPT: SQLite reports the file as damaged
 * @RDX_JOURNAL_ERROR_IO: the file could not be read or written
 * @RDX_JOURNAL_ERROR_REPLAY: the state could not be rebuilt at all (the
 *   reducer failed on `@@rdx/INIT`)
 * @RDX_JOURNAL_ERROR_UNRESOLVED: the journal found problems the application
 *   has not decided about yet (see rdx_journal_accept()); it refuses actions
 * @RDX_JOURNAL_ERROR_CLOSED: the journal is closed
 * @RDX_JOURNAL_ERROR_NOT_EMPTY: an import into a journal that has events, or
 *   a journal already in use by a store
 * @RDX_JOURNAL_ERROR_INVALID_DATA: an import that is not a journal export
 * @RDX_JOURNAL_ERROR_FAILED: an earlier write failed; the journal refuses
 *   further actions until it is closed and opened again
 * @RDX_JOURNAL_ERROR_READ_ONLY: the journal was opened read-only
 *   (%RDX_JOURNAL_OPEN_READ_ONLY) and does not write
 *
 * Errors in the %RDX_JOURNAL_ERROR domain.
 */
typedef enum
{
  RDX_JOURNAL_ERROR_IN_USE,
  RDX_JOURNAL_ERROR_NEWER_SCHEMA,
  RDX_JOURNAL_ERROR_OTHER_APP,
  RDX_JOURNAL_ERROR_NOT_A_JOURNAL,
  RDX_JOURNAL_ERROR_CORRUPT,
  RDX_JOURNAL_ERROR_IO,
  RDX_JOURNAL_ERROR_REPLAY,
  RDX_JOURNAL_ERROR_UNRESOLVED,
  RDX_JOURNAL_ERROR_CLOSED,
  RDX_JOURNAL_ERROR_NOT_EMPTY,
  RDX_JOURNAL_ERROR_INVALID_DATA,
  RDX_JOURNAL_ERROR_FAILED,
  RDX_JOURNAL_ERROR_READ_ONLY,
} RdxJournalError;

#define RDX_JOURNAL_ERROR (rdx_journal_error_quark ())
GQuark rdx_journal_error_quark (void);

/**
 * RdxJournalOpenFlags:
 * @RDX_JOURNAL_OPEN_DEFAULT: no flags
 * @RDX_JOURNAL_OPEN_CHECK_INTEGRITY: run SQLite's `PRAGMA quick_check` over
 *   the whole file before reading it (it reads every page: seconds for a
 *   journal of millions of actions)
 * @RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS: continue without asking when the
 *   rebuild finds problems, as if rdx_journal_accept() were called at once
 *   (not for a read-only open)
 * @RDX_JOURNAL_OPEN_READ_ONLY: open an existing journal to inspect it
 *   (export it, replay it): nothing is written to the file, no session is
 *   recorded and no lock is taken, so the program that writes the journal
 *   may be running, and its next open still sees how its previous session
 *   ended. Without an event version and transient keys in the options, the
 *   ones the application recorded in the journal are used.
 *
 * Flags for rdx_journal_open().
 */
typedef enum
{
  RDX_JOURNAL_OPEN_DEFAULT = 0,
  RDX_JOURNAL_OPEN_CHECK_INTEGRITY = 1 << 0,
  RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS = 1 << 1,
  RDX_JOURNAL_OPEN_READ_ONLY = 1 << 2,
} RdxJournalOpenFlags;

/**
 * RdxJournalProblemKind:
 * @RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN: the previous session ended without
 *   closing the journal (a crash); what it committed is all there, unless
 *   its write-ahead log is damaged in the middle: then the problem says up
 *   to which event the journal could be read and how many commits are
 *   lost, and is blocking
 * @RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED: a snapshot fails its checksum or
 *   does not parse; it is ignored (and kept), and the rebuild starts from an
 *   older snapshot or from the first event
 * @RDX_JOURNAL_PROBLEM_SNAPSHOT_SKIPPED: a snapshot was written for another
 *   event version (see rdx_journal_options_set_event_version()); it is not
 *   used
 * @RDX_JOURNAL_PROBLEM_SEQUENCE_GAP: sequence numbers are missing between
 *   two events
 * @RDX_JOURNAL_PROBLEM_EVENT_DAMAGED: an event whose type or payload cannot
 *   be read; it is skipped in the rebuilt state and kept in the file
 * @RDX_JOURNAL_PROBLEM_EVENT_REFUSED: an event the reducer (or the upcaster)
 *   refuses now; it is skipped in the rebuilt state and kept in the file
 * @RDX_JOURNAL_PROBLEM_DIVERGENCE: the rebuilt state differs from the state
 *   the journal recorded; the problem's sequence is the first event after
 *   which they differ
 * @RDX_JOURNAL_PROBLEM_CHECK_SKIPPED: the last events were written with an
 *   older event version, so the rebuilt state is not compared with theirs
 * @RDX_JOURNAL_PROBLEM_SALVAGED: the journal was made by rdx_journal_salvage();
 *   says which events could be read from the damaged one
 *
 * What the rebuild found. Damaged and refused events and divergence are
 * *blocking*: the journal refuses new actions until the application
 * decides (rdx_journal_accept(), or closing the journal).
 */
typedef enum
{
  RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN,
  RDX_JOURNAL_PROBLEM_SNAPSHOT_DAMAGED,
  RDX_JOURNAL_PROBLEM_SNAPSHOT_SKIPPED,
  RDX_JOURNAL_PROBLEM_SEQUENCE_GAP,
  RDX_JOURNAL_PROBLEM_EVENT_DAMAGED,
  RDX_JOURNAL_PROBLEM_EVENT_REFUSED,
  RDX_JOURNAL_PROBLEM_DIVERGENCE,
  RDX_JOURNAL_PROBLEM_CHECK_SKIPPED,
  RDX_JOURNAL_PROBLEM_SALVAGED,
} RdxJournalProblemKind;

/**
 * RdxJournalProblem:
 * @kind: what kind of problem
 * @sequence: the sequence number of the event or snapshot it concerns, or 0
 * @blocking: whether the journal waits for the application's decision
 * @message: what was found and what was done about it, as a sentence for a
 *   person
 *
 * One thing the journal found while it rebuilt the state. Owned by the
 * journal.
 */
typedef struct
{
  RdxJournalProblemKind kind;
  guint64               sequence;
  gboolean              blocking;
  char                 *message;
} RdxJournalProblem;

/**
 * RdxJournalTransientFunc:
 * @action: an action the reducer accepted
 * @user_data: the data given to rdx_journal_options_set_transient_func()
 *
 * Decides which actions are transient: UI-only actions (which account is
 * selected) that are not journaled. A transient action may change only the
 * transient keys of the state (rdx_journal_options_add_transient_key()),
 * since a rebuild cannot repeat it.
 *
 * Returns: %TRUE if @action is transient
 */
typedef gboolean (*RdxJournalTransientFunc) (RdxAction *action, gpointer user_data);

/**
 * RdxJournalUpcastFunc:
 * @action: an event as it was journaled, stamped with its journal sequence
 *   number and time
 * @version: the event version it was written with, lower than the current
 *   one
 * @user_data: the data given to rdx_journal_options_set_upcaster()
 * @error: return location for a #GError
 *
 * Rewrites an event written by an older version of the application into
 * the shape today's reducer expects. Return a new reference to @action to
 * keep it as it is. An event the upcaster fails on is skipped and reported
 * (%RDX_JOURNAL_PROBLEM_EVENT_REFUSED).
 *
 * Returns: (transfer full) (nullable): the action to replay, or %NULL with
 *   @error set
 */
typedef RdxAction *(*RdxJournalUpcastFunc) (RdxAction *action,
                                            guint      version,
                                            gpointer   user_data,
                                            GError   **error);

typedef struct _RdxJournalOptions RdxJournalOptions;

#define RDX_TYPE_JOURNAL_OPTIONS (rdx_journal_options_get_type ())
GType rdx_journal_options_get_type (void) G_GNUC_CONST;

/* clang-format off */
RdxJournalOptions *rdx_journal_options_new (const char *app_id,
                                            RdxReducer *reducer);
RdxJournalOptions *rdx_journal_options_ref (RdxJournalOptions *self);
void               rdx_journal_options_unref (RdxJournalOptions *self);
void               rdx_journal_options_set_durability (RdxJournalOptions   *self,
                                                       RdxJournalDurability durability);
void               rdx_journal_options_set_batch (RdxJournalOptions *self,
                                                  guint              max_ms,
                                                  guint              max_actions);
void               rdx_journal_options_set_snapshot_interval (RdxJournalOptions *self,
                                                              guint              n_actions);
void               rdx_journal_options_set_flags (RdxJournalOptions  *self,
                                                  RdxJournalOpenFlags flags);
void               rdx_journal_options_set_transient_func (RdxJournalOptions      *self,
                                                           RdxJournalTransientFunc func,
                                                           gpointer                user_data,
                                                           GDestroyNotify          destroy);
void               rdx_journal_options_add_transient_key (RdxJournalOptions *self,
                                                          const char        *key);
void               rdx_journal_options_set_event_version (RdxJournalOptions *self,
                                                          guint              version);
void               rdx_journal_options_set_upcaster (RdxJournalOptions   *self,
                                                     RdxJournalUpcastFunc func,
                                                     gpointer             user_data,
                                                     GDestroyNotify       destroy);
void               rdx_journal_options_add_command (RdxJournalOptions *self,
                                                    const char        *command_type,
                                                    const char        *id_key,
                                                    const char        *first_outcome_type,
                                                    ...) G_GNUC_NULL_TERMINATED;
/* clang-format on */

#define RDX_TYPE_JOURNAL (rdx_journal_get_type ())
G_DECLARE_FINAL_TYPE (RdxJournal, rdx_journal, RDX, JOURNAL, GObject)

/* clang-format off */
RdxJournal *rdx_journal_open (const char        *path,
                              RdxJournalOptions *options,
                              GError           **error);
gboolean    rdx_journal_close (RdxJournal *self,
                               GError    **error);
RdxJournal *rdx_journal_salvage (const char        *damaged_path,
                                 const char        *new_path,
                                 RdxJournalOptions *options,
                                 GError           **error);

RdxMiddleware *rdx_journal_middleware_new (RdxJournal *self);
RdxStore      *rdx_journal_new_store (RdxJournal           *self,
                                      RdxMiddleware *const *outer,
                                      guint                 n_outer);

RdxValue   *rdx_journal_get_state (RdxJournal *self);
char       *rdx_journal_dup_state_hash (RdxJournal *self);
const char *rdx_journal_get_path (RdxJournal *self);
guint64     rdx_journal_get_last_sequence (RdxJournal *self);
guint64     rdx_journal_get_durable_sequence (RdxJournal *self);
guint64     rdx_journal_get_snapshot_sequence (RdxJournal *self);

const RdxJournalProblem *rdx_journal_get_problems (RdxJournal *self,
                                                   guint      *n_problems);
gboolean                 rdx_journal_needs_decision (RdxJournal *self);
guint64                  rdx_journal_get_divergence (RdxJournal *self);
gboolean                 rdx_journal_accept (RdxJournal *self,
                                             GError    **error);

GPtrArray *rdx_journal_dup_unfinished_commands (RdxJournal *self);

gboolean rdx_journal_flush (RdxJournal *self,
                            GError    **error);
gboolean rdx_journal_write_snapshot (RdxJournal *self,
                                     GError    **error);
gboolean rdx_journal_check_integrity (RdxJournal *self,
                                      GError    **error);

gboolean rdx_journal_export_jsonl (RdxJournal    *self,
                                   GOutputStream *stream,
                                   GCancellable  *cancellable,
                                   GError       **error);
gboolean rdx_journal_import_jsonl (RdxJournal   *self,
                                   GInputStream *stream,
                                   GCancellable *cancellable,
                                   GError      **error);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxJournalOptions, rdx_journal_options_unref)

G_END_DECLS

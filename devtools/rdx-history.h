/* rdx-history.h: recording and time travel for an RdxStore
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx-devtools.h> can be included directly."
#endif

#include <rdx.h>

#include "rdx-history-entry.h"

G_BEGIN_DECLS

/**
 * RDX_HISTORY_ACTION_PAUSED:
 *
 * The type of the entry that stands for everything applied while recording
 * was paused (Redux DevTools' `@@PAUSED`).
 */
#define RDX_HISTORY_ACTION_PAUSED "@@rdx/PAUSED"

/**
 * RDX_HISTORY_FORMAT_VERSION:
 *
 * The version of rdx's own export format that this rdx writes, and the
 * newest it reads.
 */
#define RDX_HISTORY_FORMAT_VERSION 1

/**
 * RdxHistoryError:
 * @RDX_HISTORY_ERROR_INVALID: a malformed document: bad JSON, too large or
 *   too deep, or a shape that is not an export
 * @RDX_HISTORY_ERROR_WRONG_APP: an export of another application
 * @RDX_HISTORY_ERROR_NEWER_VERSION: an export in a newer format version
 * @RDX_HISTORY_ERROR_NOT_ATTACHED: the history is not attached to a store
 * @RDX_HISTORY_ERROR_INVALID_ACTION: an action the debugger may not
 *   dispatch (a private type, a payload that is not JSON)
 * @RDX_HISTORY_ERROR_DIVERGED: recomputing gave another result than the one
 *   recorded: the reducer is impure, or it changed since the recording
 * @RDX_HISTORY_ERROR_PAUSED: recording is paused, so the history cannot be
 *   replaced by an import; resume it first
 *
 * Errors in the %RDX_HISTORY_ERROR domain.
 */
typedef enum
{
  RDX_HISTORY_ERROR_INVALID,
  RDX_HISTORY_ERROR_WRONG_APP,
  RDX_HISTORY_ERROR_NEWER_VERSION,
  RDX_HISTORY_ERROR_NOT_ATTACHED,
  RDX_HISTORY_ERROR_INVALID_ACTION,
  RDX_HISTORY_ERROR_DIVERGED,
  RDX_HISTORY_ERROR_PAUSED,
} RdxHistoryError;

/**
 * rdx_history_error_quark:
 *
 * The error domain of the history, %RDX_HISTORY_ERROR: its codes are [enum@RdxDevtools.HistoryError].
 *
 * Returns: the domain's quark
 */
#define RDX_HISTORY_ERROR (rdx_history_error_quark ())
GQuark rdx_history_error_quark (void);

/**
 * RdxHistoryFormat:
 * @RDX_HISTORY_FORMAT_AUTO: when importing, tell the format from the
 *   document
 * @RDX_HISTORY_FORMAT_RDX: rdx's own format: the base state, every action
 *   with its time, skip flag, error and the changes it made, the app id
 *   and the format version
 * @RDX_HISTORY_FORMAT_REDUX_DEVTOOLS: the Redux DevTools export format,
 *   `{"payload": "<actions as JSON>", "preloadedState": "<state as JSON>"}`
 * @RDX_HISTORY_FORMAT_JOURNAL: the JSON Lines an event journal exports
 *   ([method@Rdx.Journal.export_jsonl]); import only
 *
 * Export formats.
 */
typedef enum
{
  RDX_HISTORY_FORMAT_AUTO,
  RDX_HISTORY_FORMAT_RDX,
  RDX_HISTORY_FORMAT_REDUX_DEVTOOLS,
  RDX_HISTORY_FORMAT_JOURNAL,
} RdxHistoryFormat;

/**
 * RdxHistoryImportFlags:
 * @RDX_HISTORY_IMPORT_DEFAULT: recompute every state with the reducer
 * @RDX_HISTORY_IMPORT_VERIFY: also compare each recomputed entry with what
 *   the document recorded (its changes and its error, in rdx's format), and
 *   fail with %RDX_HISTORY_ERROR_DIVERGED at the first difference
 *
 * Flags for [method@RdxDevtools.History.import].
 */
typedef enum
{
  RDX_HISTORY_IMPORT_DEFAULT = 0,
  RDX_HISTORY_IMPORT_VERIFY = 1 << 0,
} RdxHistoryImportFlags;

#define RDX_TYPE_HISTORY (rdx_history_get_type ())
G_DECLARE_FINAL_TYPE (RdxHistory, rdx_history, RDX, HISTORY, GObject)

/* clang-format off */
RdxHistory    *rdx_history_new            (const char *app_id);
RdxMiddleware *rdx_history_get_middleware (RdxHistory *self);
RdxStore      *rdx_history_get_store      (RdxHistory *self);
const char    *rdx_history_get_app_id     (RdxHistory *self);

RdxHistoryEntry *rdx_history_get_entry      (RdxHistory *self,
                                             guint       position);
guint            rdx_history_get_cursor     (RdxHistory *self);
gboolean         rdx_history_get_at_present (RdxHistory *self);

/* Time travel */
void     rdx_history_jump         (RdxHistory *self,
                                   guint       position);
gboolean rdx_history_step_back    (RdxHistory *self);
gboolean rdx_history_step_forward (RdxHistory *self);

/* Editing */
void rdx_history_toggle  (RdxHistory *self,
                          guint       position);
void rdx_history_reorder (RdxHistory *self,
                          guint       position,
                          guint       before_position);
void rdx_history_commit  (RdxHistory *self);
void rdx_history_revert  (RdxHistory *self);
void rdx_history_sweep   (RdxHistory *self);
void rdx_history_reset   (RdxHistory *self);

/* Recording */
void     rdx_history_set_paused      (RdxHistory *self,
                                      gboolean    paused);
gboolean rdx_history_get_paused      (RdxHistory *self);
void     rdx_history_set_locked      (RdxHistory *self,
                                      gboolean    locked);
gboolean rdx_history_get_locked      (RdxHistory *self);
void     rdx_history_set_max_entries (RdxHistory *self,
                                      guint       max_entries);
guint    rdx_history_get_max_entries (RdxHistory *self);
guint    rdx_history_get_n_held      (RdxHistory *self);
void     rdx_history_discard_held    (RdxHistory *self);

RdxAction *rdx_history_get_held (RdxHistory *self,
                                 guint       index);

gboolean rdx_history_dispatch (RdxHistory *self,
                               const char *type,
                               const char *payload_json,
                               GError    **error);

/* Checking */
gboolean rdx_history_check_replay (RdxHistory *self,
                                   guint      *position,
                                   RdxValue  **recomputed,
                                   GError    **error);

/* Export and import */
char    *rdx_history_export         (RdxHistory           *self,
                                     RdxHistoryFormat      format);
gboolean rdx_history_import         (RdxHistory           *self,
                                     const char           *data,
                                     gssize                length,
                                     RdxHistoryFormat      format,
                                     RdxHistoryImportFlags flags,
                                     GError              **error);
gboolean rdx_history_import_journal (RdxHistory           *self,
                                     const char           *path,
                                     RdxHistoryImportFlags flags,
                                     GError              **error);
/* clang-format on */

G_END_DECLS

/* rdx-history-private.h: what the history code shares inside devtools/
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-history-entry.h"
#include "rdx-history.h"

G_BEGIN_DECLS

struct _RdxHistoryEntry
{
  GObject parent_instance;

  RdxAction *action;   /* owned; as the reducer saw it, stamped with its sequence and time */
  RdxValue  *state;    /* owned; the state after the action */
  char      *error;    /* owned, nullable; why the reducer refused it */
  RdxValue  *redux;    /* owned, nullable: the Redux DevTools action it was imported from,
                        * when its shape is not {type, payload}, to export it back as it was */
  gint64     duration; /* µs spent in the reducer */
  guint      id;       /* unique in its history, like Redux DevTools' action ids */
  guint      skipped : 1;
};

/* clang-format off */

/* Takes @action, @state and @error. */
RdxHistoryEntry *rdx_history_entry_new (guint      id,
                                        RdxAction *action,
                                        RdxValue  *state,
                                        char      *error,
                                        gint64     duration);

/* What rdx_history_entry_update() and _update_skipped() changed, for
 * rdx_history_entry_notify(). */
typedef enum
{
  RDX_HISTORY_ENTRY_CHANGED_STATE = 1 << 0,
  RDX_HISTORY_ENTRY_CHANGED_ERROR = 1 << 1,
  RDX_HISTORY_ENTRY_CHANGED_FAILED = 1 << 2,
  RDX_HISTORY_ENTRY_CHANGED_SKIPPED = 1 << 3,
} RdxHistoryEntryChanges;

/* These change an entry without a signal (takes @state and @error), so the
 * history changes in full before anyone hears of it; it notifies what they
 * return with rdx_history_entry_notify() afterwards. */
RdxHistoryEntryChanges rdx_history_entry_update         (RdxHistoryEntry *self,
                                                         RdxValue        *state,
                                                         char            *error);
RdxHistoryEntryChanges rdx_history_entry_update_skipped (RdxHistoryEntry *self,
                                                         gboolean         skipped);
void                   rdx_history_entry_notify         (RdxHistoryEntry       *self,
                                                         RdxHistoryEntryChanges changes);

/* rdx-history.c for rdx-history-io.c: replaces every entry after the base
 * with @entries (transfer full, RdxHistoryEntry), the base state with @base,
 * and shows the entry at @cursor. */
void rdx_history_replace_entries (RdxHistory *self,
                                  RdxValue   *base,
                                  GPtrArray  *entries,
                                  guint       cursor);

/* Lines "  /path: recorded X, recomputed Y", for error messages. */
char *rdx_history_describe_diff (RdxValue *recorded,
                                 RdxValue *recomputed);

/* The reducer the history recomputes with (the attached store's), or NULL. */
RdxReducer *rdx_history_get_reducer (RdxHistory *self);

/* The largest document rdx_history_import() reads into @self, in bytes,
 * and a test hook to lower it (0 restores the default,
 * RDX_VALUE_MAX_INPUT). */
gsize rdx_history_get_max_import_size (RdxHistory *self);
void  rdx_history_set_max_import_size_for_testing (RdxHistory *self,
                                                   gsize       max_bytes);

/* Test hook: counts live RdxHistoryEntry objects. */
gint rdx_history_entry_get_live_count_for_testing (void);

/* clang-format on */

G_END_DECLS

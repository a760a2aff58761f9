/* rdx-history-entry.h: one recorded reducer run of an RdxHistory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx-devtools.h> can be included directly."
#endif

#include <rdx.h>

G_BEGIN_DECLS

#define RDX_TYPE_HISTORY_ENTRY (rdx_history_entry_get_type ())
G_DECLARE_FINAL_TYPE (RdxHistoryEntry, rdx_history_entry, RDX, HISTORY_ENTRY, GObject)

/* clang-format off */
guint       rdx_history_entry_get_id          (RdxHistoryEntry *self);
RdxAction  *rdx_history_entry_get_action      (RdxHistoryEntry *self);
const char *rdx_history_entry_get_action_type (RdxHistoryEntry *self);
RdxValue   *rdx_history_entry_get_payload     (RdxHistoryEntry *self);
guint64     rdx_history_entry_get_sequence    (RdxHistoryEntry *self);
gint64      rdx_history_entry_get_time        (RdxHistoryEntry *self);
gint64      rdx_history_entry_get_duration    (RdxHistoryEntry *self);
const char *rdx_history_entry_get_error       (RdxHistoryEntry *self);
gboolean    rdx_history_entry_get_failed      (RdxHistoryEntry *self);
gboolean    rdx_history_entry_get_skipped     (RdxHistoryEntry *self);
RdxValue   *rdx_history_entry_get_state       (RdxHistoryEntry *self);
/* clang-format on */

G_END_DECLS

/* rdx-action.h: actions, the messages that change the state
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
 * RDX_ACTION_INIT:
 *
 * The type of the private action the store dispatches when it is made.
 */
#define RDX_ACTION_INIT "@@rdx/INIT"

/**
 * RDX_ACTION_REPLACE:
 *
 * The type of the private action the store dispatches when its reducer is
 * replaced.
 */
#define RDX_ACTION_REPLACE "@@rdx/REPLACE"

/**
 * RDX_ACTION_STATE_REPLACED:
 *
 * The type of the private action a tool dispatches with
 * rdx_store_replace_state() when it changes the state the application goes
 * on from without the reducer (a time-travel edit): its payload carries
 * the new state (`"state"`) and what caused it (`"cause"`), so the
 * middleware hears of it (the journal records it) and a replay of the
 * recorded actions (rdx_reducer_replay()) gives the same states.
 */
#define RDX_ACTION_STATE_REPLACED "@@rdx/STATE_REPLACED"

/**
 * RDX_ACTION_PRIVATE_PREFIX:
 *
 * Action types starting with this prefix belong to rdx itself.
 */
#define RDX_ACTION_PRIVATE_PREFIX "@@rdx/"

#define RDX_TYPE_ACTION (rdx_action_get_type ())
GType rdx_action_get_type (void) G_GNUC_CONST;

RdxAction  *rdx_action_new (const char *type, RdxValue *payload);
RdxAction  *rdx_action_new_take (const char *type, RdxValue *payload);
RdxAction  *rdx_action_new_stamped (const char *type,
                                    RdxValue   *payload,
                                    guint64     sequence,
                                    gint64      monotonic_time,
                                    gint64      real_time);
RdxAction  *rdx_action_ref (RdxAction *self);
void        rdx_action_unref (RdxAction *self);
const char *rdx_action_get_type_name (RdxAction *self);
RdxValue   *rdx_action_get_payload (RdxAction *self);
gboolean    rdx_action_is (RdxAction *self, const char *type);
gboolean    rdx_action_is_private (RdxAction *self);
guint64     rdx_action_get_sequence (RdxAction *self);
gint64      rdx_action_get_monotonic_time (RdxAction *self);
gint64      rdx_action_get_real_time (RdxAction *self);
char       *rdx_action_to_string (RdxAction *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxAction, rdx_action_unref)

G_END_DECLS

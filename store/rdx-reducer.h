/* rdx-reducer.h: reducers, the pure functions that compute the next state
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
 * RdxReducerFunc:
 * @state: (nullable) (transfer none): the current state, %NULL on the first
 *   call (when the reducer provides its initial state)
 * @action: (transfer none): the action to apply
 * @user_data: the data given to [ctor@Rdx.Reducer.new]
 * @error: return location for a [struct@GLib.Error]
 *
 * Computes the next state. When nothing changes it returns a new reference
 * to @state itself, so "changed" is a pointer compare. To refuse an action
 * (a payload that does not fit) it returns %NULL and sets @error; the state
 * then stays as it was. A reducer is pure: it never reads the clock, random
 * numbers, files or globals.
 *
 * Returns: (transfer full) (nullable): the next state
 */
typedef RdxValue *(*RdxReducerFunc) (RdxValue  *state,
                                     RdxAction *action,
                                     gpointer   user_data,
                                     GError   **error);

/**
 * RdxReducerOwnedFunc:
 * @state: (inout) (transfer full) (nullable): the state, whose reference the
 *   function owns; %NULL asks for the initial state
 * @action: the action
 * @user_data: the data given to [ctor@Rdx.Reducer.new_owned]
 * @error: return location for a [struct@GLib.Error]
 *
 * A reducer that owns the state it is given: it replaces *@state by the
 * next state, changing it with the owned updates
 * (`rdx_map_set_owned()`, `rdx_map_update_owned()`), which work in
 * place when nobody else holds what they change. To refuse the action it
 * sets @error and returns %FALSE with *@state as it was: check before you
 * change.
 *
 * Returns: %TRUE when *@state is the next state
 */
typedef gboolean (*RdxReducerOwnedFunc) (RdxValue **state,
                                         RdxAction *action,
                                         gpointer   user_data,
                                         GError   **error);

#define RDX_TYPE_REDUCER (rdx_reducer_get_type ())
GType rdx_reducer_get_type (void) G_GNUC_CONST;

RdxReducer *rdx_reducer_new (RdxReducerFunc func, gpointer user_data, GDestroyNotify destroy);
RdxReducer *
rdx_reducer_new_owned (RdxReducerOwnedFunc func, gpointer user_data, GDestroyNotify destroy);
RdxReducer *rdx_reducer_ref (RdxReducer *self);
void        rdx_reducer_unref (RdxReducer *self);
RdxValue *rdx_reducer_reduce (RdxReducer *self, RdxValue *state, RdxAction *action, GError **error);
gboolean
rdx_reducer_reduce_owned (RdxReducer *self, RdxValue **state, RdxAction *action, GError **error);
RdxValue *rdx_reducer_replay (RdxReducer *self, RdxValue *state, RdxAction *action, GError **error);
gboolean
rdx_reducer_replay_owned (RdxReducer *self, RdxValue **state, RdxAction *action, GError **error);

RdxReducer *rdx_combine_reducers (const char *first_key, ...) G_GNUC_NULL_TERMINATED;
RdxReducer *
rdx_combine_reducersv (const char *const *keys, RdxReducer *const *reducers, guint n_reducers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxReducer, rdx_reducer_unref)

G_END_DECLS

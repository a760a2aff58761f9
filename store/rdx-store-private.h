/* rdx-store-private.h: what the middleware chain and the devtools need
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"

G_BEGIN_DECLS

/* Runs @action through the chain from middleware @index on (the number of
 * middleware means "the reducer"). */
gboolean rdx_store_dispatch_from (RdxStore *self, guint index, RdxAction *action, GError **error);

/* Shows @state as the store's state: replaces it, notifies the `state`
 * property and the listeners, without running the reducer or any
 * middleware. For time travel. */
void rdx_store_show_state (RdxStore *self, RdxValue *state);

/**
 * RdxReduceObserver:
 * @store: the store
 * @action: the action exactly as the reducer saw it, stamped
 * @old_state: the state before
 * @new_state: (nullable): the state after, %NULL when the reducer failed
 * @error: (nullable): why it failed
 * @duration_us: how long the reducer took, in microseconds
 * @user_data: the data given with the observer
 *
 * Called once each time the reducer ran, after it returned and the state
 * was set, before the listeners; so, in the order the reducer applied
 * actions. For tools that must see what the reducer saw (the history, the
 * logger, the journal), whatever middleware did on the way.
 *
 * The reducer is timed only while an observer added with
 * rdx_store_add_reduce_observer() is there: observers added with the
 * _untimed() variant get a @duration_us of -1 when none is.
 *
 * An action dispatched while the observers are being told (by one of them,
 * or a handler of its signals) is applied once all of them have heard of
 * the current run: rdx_store_dispatch() returns %TRUE at once, and a
 * failure is reported with g_warning().
 */
typedef void (*RdxReduceObserver) (RdxStore     *store,
                                   RdxAction    *action,
                                   RdxValue     *old_state,
                                   RdxValue     *new_state,
                                   const GError *error,
                                   gint64        duration_us,
                                   gpointer      user_data);

guint rdx_store_add_reduce_observer (RdxStore         *self,
                                     RdxReduceObserver func,
                                     gpointer          user_data,
                                     GDestroyNotify    destroy);
guint rdx_store_add_reduce_observer_untimed (RdxStore         *self,
                                             RdxReduceObserver func,
                                             gpointer          user_data,
                                             GDestroyNotify    destroy);
void  rdx_store_remove_reduce_observer (RdxStore *self, guint id);

/* The reducer, for recomputing history without the middleware chain. */
RdxReducer *rdx_store_get_reducer (RdxStore *self);

/* The middleware of the chain, outermost first. */
RdxMiddleware *const *rdx_store_get_middleware (RdxStore *self, guint *n_middleware);

G_END_DECLS

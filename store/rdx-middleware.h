/* rdx-middleware.h: middleware, where everything impure happens
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
 * RdxDispatchNext:
 *
 * The rest of the middleware chain and the reducer, as a middleware's
 * function gets it: [method@Rdx.DispatchNext.dispatch_next] passes an
 * action on, [method@Rdx.DispatchNext.observe] also reports what the
 * reducer did. Valid only during that call, and to be used at most once.
 */

/**
 * RdxMiddlewareFunc:
 * @store: the store the action was dispatched to
 * @action: the action
 * @next: passes an action on to the rest of the chain and the reducer;
 *   valid only during this call, and to be called at most once
 * @user_data: the data given to [ctor@Rdx.Middleware.new]
 * @error: return location for a [struct@GLib.Error]
 *
 * Sees each dispatched action before the reducer, and decides: pass it on
 * (possibly a different action) with [method@Rdx.DispatchNext.dispatch_next], swallow it (return
 * %TRUE without calling @next), refuse it (return %FALSE and set @error), or
 * dispatch other actions with [method@Rdx.Store.dispatch], which go through the
 * whole chain again.
 *
 * Returns: %TRUE when the action was handled, %FALSE with @error set when it
 *   was refused or failed further down the chain
 */
typedef gboolean (*RdxMiddlewareFunc) (RdxStore        *store,
                                       RdxAction       *action,
                                       RdxDispatchNext *next,
                                       gpointer         user_data,
                                       GError         **error);

/**
 * RdxMiddlewareHook: (skip)
 * @store: the store
 * @user_data: the data given to [ctor@Rdx.Middleware.new]
 *
 * Called when a store with the middleware is made (after the store
 * dispatched [const@Rdx.ACTION_INIT]; dispatching from here is refused), or when it
 * is disposed.
 */
typedef void (*RdxMiddlewareHook) (RdxStore *store, gpointer user_data);

/**
 * RdxObserveFlags:
 * @RDX_OBSERVE_DEFAULT: outcomes without the reducer's time (their
 *   duration is -1 unless another observer asked for it)
 * @RDX_OBSERVE_TIMED: the store times the reducer runs it reports
 *
 * Flags for [method@Rdx.DispatchNext.observe].
 */
typedef enum
{
  RDX_OBSERVE_DEFAULT = 0,
  RDX_OBSERVE_TIMED = 1 << 0,
} RdxObserveFlags;

/**
 * RdxOutcomeFunc:
 * @outcome: what the reducer did: read-only, valid during the call
 *   ([method@Rdx.Outcome.copy] keeps it)
 * @user_data: the data given to [method@Rdx.DispatchNext.observe]
 *
 * Called after a reducer run, once the store has its new state and before
 * the `state` property and the listeners are notified.
 *
 * An action dispatched from here (or from a handler of a signal emitted
 * here) is applied once every observer has heard of this run:
 * [method@Rdx.Store.dispatch] returns %TRUE at once, and a failure is reported
 * with g_warning().
 */
typedef void (*RdxOutcomeFunc) (const RdxOutcome *outcome, gpointer user_data);

#define RDX_TYPE_MIDDLEWARE (rdx_middleware_get_type ())
GType rdx_middleware_get_type (void) G_GNUC_CONST;

RdxMiddleware *
rdx_middleware_new (RdxMiddlewareFunc func, gpointer user_data, GDestroyNotify destroy);
RdxMiddleware *rdx_middleware_new_for_object (RdxMiddlewareFunc func, gpointer object);
void
rdx_middleware_set_hooks (RdxMiddleware *self, RdxMiddlewareHook setup, RdxMiddlewareHook teardown);
RdxMiddleware *rdx_middleware_ref (RdxMiddleware *self);
void           rdx_middleware_unref (RdxMiddleware *self);
gpointer       rdx_middleware_get_user_data (RdxMiddleware *self);

/* clang-format off */
gboolean rdx_dispatch_next         (RdxDispatchNext *next,
                                    RdxAction       *action,
                                    GError         **error);
gboolean rdx_dispatch_next_observe (RdxDispatchNext *next,
                                    RdxAction       *action,
                                    RdxObserveFlags  flags,
                                    RdxOutcomeFunc   func,
                                    gpointer         user_data,
                                    GError         **error);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxMiddleware, rdx_middleware_unref)

G_END_DECLS

/* rdx-store.h: the store that holds the state
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
 * RdxStoreError:
 * @RDX_STORE_ERROR_REDUCER_BUSY: a dispatch while the reducer runs
 * @RDX_STORE_ERROR_INVALID_ACTION: a %NULL action
 * @RDX_STORE_ERROR_INVALID_STATE: a reducer broke its contract (returned
 *   %NULL without an error, or a combined reducer got a state that is not a
 *   map)
 * @RDX_STORE_ERROR_NEXT_CALLED_TWICE: a middleware called next twice
 * @RDX_STORE_ERROR_DISPATCH_IN_SETUP: a dispatch from a middleware's setup
 *   hook
 * @RDX_STORE_ERROR_LOCKED: the store refuses the app's dispatches for now
 *   (the debugger locked it)
 * @RDX_STORE_ERROR_PRIVATE_ACTION: an application dispatched one of rdx's
 *   own action types ("@@rdx/..."), or a middleware passed one on in place
 *   of the action it got
 *
 * Errors in the %RDX_STORE_ERROR domain.
 */
typedef enum
{
  RDX_STORE_ERROR_REDUCER_BUSY,
  RDX_STORE_ERROR_INVALID_ACTION,
  RDX_STORE_ERROR_INVALID_STATE,
  RDX_STORE_ERROR_NEXT_CALLED_TWICE,
  RDX_STORE_ERROR_DISPATCH_IN_SETUP,
  RDX_STORE_ERROR_LOCKED,
  RDX_STORE_ERROR_PRIVATE_ACTION,
} RdxStoreError;

#define RDX_STORE_ERROR (rdx_store_error_quark ())
GQuark rdx_store_error_quark (void);

/**
 * RdxListenerFunc:
 * @store: the store
 * @user_data: the data given to rdx_store_subscribe()
 *
 * Called after each successful dispatch.
 */
typedef void (*RdxListenerFunc) (RdxStore *store, gpointer user_data);

#define RDX_TYPE_STORE (rdx_store_get_type ())
G_DECLARE_FINAL_TYPE (RdxStore, rdx_store, RDX, STORE, GObject)

RdxStore     *rdx_store_new (RdxReducer *reducer, RdxValue *preloaded_state);
RdxStore     *rdx_store_new_with_middleware (RdxReducer    *reducer,
                                             RdxValue      *preloaded_state,
                                             RdxMiddleware *first,
                                             ...) G_GNUC_NULL_TERMINATED;
RdxStore     *rdx_store_new_with_middlewarev (RdxReducer           *reducer,
                                              RdxValue             *preloaded_state,
                                              RdxMiddleware *const *middleware,
                                              guint                 n_middleware);
RdxValue     *rdx_store_get_state (RdxStore *self);
RdxValue     *rdx_store_dup_state (RdxStore *self);
gboolean      rdx_store_dispatch (RdxStore *self, RdxAction *action, GError **error);
gboolean      rdx_store_dispatch_take (RdxStore *self, RdxAction *action, GError **error);
guint         rdx_store_subscribe (RdxStore       *self,
                                   RdxListenerFunc func,
                                   gpointer        user_data,
                                   GDestroyNotify  destroy);
void          rdx_store_unsubscribe (RdxStore *self, guint id);
gboolean      rdx_store_replace_reducer (RdxStore *self, RdxReducer *reducer, GError **error);
GMainContext *rdx_store_get_context (RdxStore *self);

/* For tools (time travel, replay, the journal) */
/* clang-format off */
void                  rdx_store_show_state (RdxStore *self, RdxValue *state);
gboolean              rdx_store_replace_state (RdxStore   *self,
                                               RdxValue   *state,
                                               const char *cause,
                                               GError    **error);
RdxReducer           *rdx_store_get_reducer (RdxStore *self);
RdxMiddleware *const *rdx_store_get_middleware (RdxStore *self, guint *n_middleware);
/* clang-format on */

/* Type-checks each argument as an RdxMiddleware * at compile time (in an
 * unevaluated sizeof, so each is evaluated once), then calls the function. */
#define rdx_store_new_with_middleware(reducer, preloaded_state, ...) \
  ((void) sizeof ((RdxMiddleware *[]){ __VA_ARGS__ }),               \
   (rdx_store_new_with_middleware) ((reducer), (preloaded_state), __VA_ARGS__))

G_END_DECLS

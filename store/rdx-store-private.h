/* rdx-store-private.h: what the middleware chain and the devtools need
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-store.h"

G_BEGIN_DECLS

/* Runs @action through the chain from middleware @index on (the number of
 * middleware means "the reducer"). */
gboolean
rdx_store_dispatch_from (RdxStore *self, guint index, RdxAction *action, GError **error);

/* Shows @state as the store's state: replaces it, notifies the `state`
 * property and the listeners, without running the reducer or any
 * middleware. For time travel. */
void
rdx_store_show_state (RdxStore *self, RdxValue *state);

/* The reducer, for recomputing history without the middleware chain. */
RdxReducer *
rdx_store_get_reducer (RdxStore *self);

/* The middleware of the chain, outermost first. */
RdxMiddleware *const *
rdx_store_get_middleware (RdxStore *self, guint *n_middleware);

G_END_DECLS

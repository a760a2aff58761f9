/* rdx-store-private.h: what the middleware chain needs of the store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"
#include "rdx-middleware-private.h"

G_BEGIN_DECLS

/* Runs @action through the chain from middleware @index on (the number of
 * middleware means "the reducer"). */
gboolean rdx_store_dispatch_from (RdxStore *self, guint index, RdxAction *action, GError **error);

/* Reports every reducer run to @observation until it ends; calls nest. */
void rdx_store_observe_begin (RdxStore *self, RdxObservation *observation);
void rdx_store_observe_end (RdxStore *self, RdxObservation *observation);

G_END_DECLS

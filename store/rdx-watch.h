/* rdx-watch.h: callbacks when a selected value changes
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
 * RdxWatchFunc:
 * @store: the store
 * @old_value: (nullable) (transfer none): the value selected before, %NULL
 *   when its path did not exist
 * @new_value: (nullable) (transfer none): the value selected now, %NULL when
 *   its path does not exist
 * @user_data: the data given to [method@Rdx.Store.watch]
 *
 * Called when a watched selector's value changed.
 */
typedef void (*RdxWatchFunc) (RdxStore *store,
                              RdxValue *old_value,
                              RdxValue *new_value,
                              gpointer  user_data);

guint rdx_store_watch (RdxStore      *store,
                       RdxSelector   *selector,
                       RdxWatchFunc   func,
                       gpointer       user_data,
                       GDestroyNotify destroy);
void  rdx_store_unwatch (RdxStore *store, guint id);

G_END_DECLS

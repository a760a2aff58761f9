/* rdx-watch-private.h: watches for the store layer's own adapters
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"

G_BEGIN_DECLS

typedef enum
{
  RDX_WATCH_DEFAULT = 0,
  /* Call back on every new pointer, without the rdx_value_equal() check
   * (list models compute their own, cheaper, diff). */
  RDX_WATCH_POINTER_ONLY = 1 << 0,
} RdxWatchFlags;

guint rdx_store_watch_full (RdxStore      *store,
                            RdxSelector   *selector,
                            RdxWatchFlags  flags,
                            RdxWatchFunc   func,
                            gpointer       user_data,
                            GDestroyNotify destroy);

G_END_DECLS

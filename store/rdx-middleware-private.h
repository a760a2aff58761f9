/* rdx-middleware-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"

G_BEGIN_DECLS

struct _RdxMiddleware
{
  gatomicrefcount   ref_count;
  RdxMiddlewareFunc func;
  RdxMiddlewareHook setup;
  RdxMiddlewareHook teardown;
  gpointer          user_data;
  GDestroyNotify    destroy;
};

/* One link of a dispatch through the chain, on the stack of the dispatch. */
struct _RdxDispatchNext
{
  RdxStore *store;
  guint     index; /* the middleware `next` leads to; n_middleware = reducer */
  gboolean  called;
};

G_END_DECLS

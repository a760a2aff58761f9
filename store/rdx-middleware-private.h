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

struct _RdxOutcome
{
  RdxAction *action;   /* as the reducer saw it */
  RdxValue  *before;   /* the state before */
  RdxValue  *after;    /* the state after, NULL when the reducer refused */
  GError    *error;    /* why it refused */
  gint64     duration; /* µs, -1 when untimed */
  gboolean   direct;   /* for the observer it is handed to */
};

/* A `next` call in progress with an observer, on the stack of
 * rdx_dispatch_next_observe(): the store keeps them in a list, outermost
 * first, and tells each of every reducer run while it is there. */
typedef struct _RdxObservation RdxObservation;

struct _RdxObservation
{
  RdxObservation *outer;
  RdxObservation *inner;
  RdxOutcomeFunc  func;
  gpointer        user_data;
  guint           walk; /* the depth of the dispatch its `next` belongs to */
  gboolean        timed;
};

/* One link of a dispatch through the chain, on the stack of the dispatch. */
struct _RdxDispatchNext
{
  RdxStore *store;
  guint     index; /* the middleware `next` leads to; n_middleware = reducer */
  gboolean  called;
};

G_END_DECLS

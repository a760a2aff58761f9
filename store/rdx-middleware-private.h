/* rdx-middleware-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"

G_BEGIN_DECLS

#define RDX_MIDDLEWARE_MAGIC 0x52444d57 /* "RDMW" */

struct _RdxMiddleware
{
  guint32           magic; /* tells a middleware from another pointer */
  gboolean          weak;  /* made by rdx_middleware_new_for_object() */
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

/* The `next` calls in progress that observe, outermost first (in the order
 * they began); a store has one list (rdx-outcome.c). */
typedef struct
{
  RdxObservation *outermost;
  RdxObservation *innermost;
  guint           n_timed; /* of them, those that want the reducer timed */
} RdxObservers;

/* clang-format off */
void rdx_observers_push   (RdxObservers   *self,
                           RdxObservation *observation,
                           guint           walk);
void rdx_observers_pop    (RdxObservers   *self,
                           RdxObservation *observation);
void rdx_observers_report (RdxObservers   *self,
                           RdxOutcome     *outcome,
                           guint           walk);
/* clang-format on */

/* Whether @p points to a middleware (and not, say, the tool that made it). */
#define RDX_IS_MIDDLEWARE(p) ((p) != NULL && ((RdxMiddleware *) (p))->magic == RDX_MIDDLEWARE_MAGIC)

/* The user data of a middleware made by rdx_middleware_new_for_object():
 * its function, and its object until the object is finalized. */
typedef struct
{
  RdxMiddlewareFunc func;
  gpointer          object; /* a weak pointer */
} RdxMiddlewareWeak;

/* The user data of a middleware: for one made by
 * rdx_middleware_new_for_object(), its object, or NULL once it is gone. */
static inline gpointer
rdx_middleware_user_data (RdxMiddleware *self)
{
  return self->weak ? ((RdxMiddlewareWeak *) self->user_data)->object : self->user_data;
}

/* Calls the middleware's function (for one made by
 * rdx_middleware_new_for_object(), a function that passes the action on
 * once the object is gone). */
static inline gboolean
rdx_middleware_call (RdxMiddleware   *self,
                     RdxStore        *store,
                     RdxAction       *action,
                     RdxDispatchNext *next,
                     GError         **error)
{
  return self->func (store, action, next, self->user_data, error);
}

/* Calls the middleware's hooks, if it has them (and its object, if any, is
 * still there). */
void rdx_middleware_setup (RdxMiddleware *self, RdxStore *store);
void rdx_middleware_teardown (RdxMiddleware *self, RdxStore *store);

/* One link of a dispatch through the chain, on the stack of the dispatch. */
struct _RdxDispatchNext
{
  RdxStore  *store;
  guint      index; /* the middleware `next` leads to; n_middleware = reducer */
  gboolean   called;
  RdxAction *action; /* the action the middleware got (borrowed) */
};

G_END_DECLS

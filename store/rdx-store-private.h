/* rdx-store-private.h: what the store's files and the middleware chain
 * share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"
#include "rdx-middleware-private.h"
#include "rdx-value-private.h"

G_BEGIN_DECLS

/* rdx-store-threads.c: the store's thread, the queue of dispatches from
 * other threads, and the state as other threads read it. */
typedef struct
{
  GMainContext *context; /* owned */
  gconstpointer owner;   /* the creating thread's rdx_store_thread_marker */

  GMutex   queue_lock;
  GQueue   queue; /* of RdxAction dispatched from other threads */
  GSource *drain_source;

  GMutex    state_lock;
  RdxValue *retired[32]; /* replaced states, released in batches */
  guint     n_retired;

  /* An owned reducer run changes the state in place: no other thread may
   * load it meanwhile. Once another thread duplicated the state, runs
   * copy again (see rdx_store_threads_begin_owned()). */
  gint foreign_readers;
  gint owned_running;
} RdxStoreThreads;

extern __thread char rdx_store_thread_marker;

/* clang-format off */
void      rdx_store_threads_init      (RdxStoreThreads *self);
void      rdx_store_threads_clear     (RdxStoreThreads *self);
void      rdx_store_threads_release_retired (RdxStoreThreads *self);
void      rdx_store_threads_enqueue   (RdxStoreThreads *self,
                                       RdxStore        *store,
                                       RdxAction       *action);
/* clang-format on */

/* Takes @state and makes it the one at @location, the store's. Returns
 * whether it changed (the caller then notifies the `state` property).
 *
 * rdx_store_dup_state() on other threads loads and references the state under
 * state_lock. Replaced states are therefore not released at once but
 * retired, and released in batches under that lock, so no reader can be
 * between loading one and referencing it: publishing needs no fence, and
 * the lock costs one round trip per batch. */
static inline gboolean
rdx_store_threads_publish (RdxStoreThreads *self, RdxValue **location, RdxValue *state)
{
  RdxValue *old = *location;

  if (state == old)
    {
      rdx_value_unref (state);
      return FALSE;
    }
  __atomic_store_n (location, state, __ATOMIC_RELEASE);
  /* An integer or a static value is never freed: nothing to retire. */
  if (old != NULL && !RDX_VALUE_IS_TAGGED (old) && !(old->flags & RDX_VALUE_FLAG_STATIC))
    {
      self->retired[self->n_retired++] = old;
      if (self->n_retired == G_N_ELEMENTS (self->retired))
        rdx_store_threads_release_retired (self);
    }
  return TRUE;
}

/* Whether the store may hand its reference to @state to an owned reducer
 * run: nobody else holds @state, and no other thread ever read the
 * store's state (rdx_store_dup_state() raises foreign_readers, then waits
 * while owned_running is set; this sets owned_running, then checks
 * foreign_readers: with both orders sequentially consistent, either the
 * reader waits for the run or the run sees the reader). On TRUE, call
 * rdx_store_threads_end_owned() after the run. */
static inline gboolean
rdx_store_threads_begin_owned (RdxStoreThreads *self, RdxValue *state)
{
  /* Only on the thread that made the store: its rdx_store_dup_state()
   * takes no part in the handshake (a thread that owns the store's
   * context dispatches with copies). */
  if (state == NULL || RDX_VALUE_IS_TAGGED (state) || (state->flags & RDX_VALUE_FLAG_STATIC) ||
      __atomic_load_n (&self->foreign_readers, __ATOMIC_RELAXED) ||
      &rdx_store_thread_marker != self->owner)
    return FALSE;
  __atomic_store_n (&self->owned_running, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n (&self->foreign_readers, __ATOMIC_SEQ_CST))
    {
      __atomic_store_n (&self->owned_running, 0, __ATOMIC_RELEASE);
      return FALSE;
    }
  if (g_atomic_int_get (&state->ref_count) != 1)
    {
      __atomic_store_n (&self->owned_running, 0, __ATOMIC_RELEASE);
      return FALSE;
    }
  /* Replaced states share nodes with this one: they go now (no reader
   * can be between loading one and referencing it). */
  if (self->n_retired > 0)
    rdx_store_threads_release_retired (self);
  return TRUE;
}

static inline void
rdx_store_threads_end_owned (RdxStoreThreads *self)
{
  __atomic_store_n (&self->owned_running, 0, __ATOMIC_RELEASE);
}

/* Whether the calling thread is the one that made the store. */
static inline gboolean
rdx_store_threads_is_creator (RdxStoreThreads *self)
{
  return &rdx_store_thread_marker == self->owner;
}

/* Whether the store's callbacks may run now: on its thread, or on a thread
 * that owns its context. */
static inline gboolean
rdx_store_threads_is_owner (RdxStoreThreads *self)
{
  return rdx_store_threads_is_creator (self) || g_main_context_is_owner (self->context);
}

/* rdx-store-listeners.c: the listeners, as an immutable snapshot */
typedef struct
{
  guint           ref_count;
  guint           id;
  RdxListenerFunc func;
  gpointer        user_data;
  GDestroyNotify  destroy;
} Listener;

/* An immutable snapshot of the listeners: notification iterates a
 * snapshot, and subscribing while one is in use copies it. */
typedef struct
{
  guint     ref_count;
  guint     len;
  Listener *items[];
} Listeners;

/* clang-format off */
Listeners *rdx_store_listeners_copy  (Listeners *current,
                                      guint      skip,
                                      Listener  *added);
void       rdx_store_listeners_free  (Listeners *self);
/* clang-format on */

static inline void
rdx_store_listeners_unref (Listeners *self)
{
  if (--self->ref_count == 0)
    rdx_store_listeners_free (self);
}

/* The store: rdx-store.c holds its dispatch path and its life cycle. */
struct _RdxStore
{
  GObject parent_instance;

  RdxReducer     *reducer;
  RdxValue       *state;
  RdxMiddleware **chain;
  guint           n_chain;
  Listeners      *listeners;
  guint           last_listener_id;
  guint64         sequence;
  gint64          anchor_real; /* wall clock = anchor_real + (mono - anchor_mono) */
  gint64          anchor_mono;

  RdxObservers observers;   /* the `next` calls told of each reducer run */
  guint        reporting;   /* depth of telling them */
  GQueue       held;        /* dispatched while they were told */
  guint        dispatching; /* depth of synchronous dispatches */

  guint reducing : 1;
  guint in_setup : 1;
  guint torn_down : 1;
  guint dispose_deferred : 1;

  RdxStoreThreads threads;
};

/* rdx-store.c */

/* Runs @action through the chain from middleware @index on (the number of
 * middleware means "the reducer"). */
gboolean rdx_store_dispatch_from (RdxStore *self, guint index, RdxAction *action, GError **error);

/* The reducer step of an application's dispatch, after the middleware. */
gboolean rdx_store_reduce (RdxStore *self, RdxAction *action, GError **error);

/* A middleware returned FALSE: sets @error if it did not. Returns FALSE. */
gboolean rdx_store_middleware_refused (RdxAction *action, GError **error);

/* rdx_store_dispatch_from (), inline for rdx_dispatch_next (): a chain
 * of middleware costs one call per middleware, not two. */
static inline gboolean
rdx_store_dispatch_from_inline (RdxStore *self, guint index, RdxAction *action, GError **error)
{
  RdxDispatchNext next;

  if (index >= self->n_chain)
    return rdx_store_reduce (self, action, error);

  next = (RdxDispatchNext){ self, index + 1, FALSE, action };
  if (G_LIKELY (rdx_middleware_call (self->chain[index], self, action, &next, error)))
    return TRUE;
  return rdx_store_middleware_refused (action, error);
}

/* Refuses an action of one of rdx's own types that came from outside:
 * @how says how it came ("dispatched", "passed on by a middleware"). */
gboolean rdx_store_private_action_error (GError **error, RdxAction *action, const char *how);

/* rdx_store_dispatch() without the refusal of rdx's own types: for the
 * store's own queue and rdx_store_replace_state(). */
gboolean rdx_store_dispatch_unchecked (RdxStore *self, RdxAction *action, GError **error);

/* Notifies the `state` property (if @changed) and the listeners. */
void rdx_store_notify (RdxStore *self, gboolean changed);

/* A listener, a watch or a middleware may drop the last reference to the
 * store in the middle of a dispatch (a callback closes the window that owns
 * it). Rather than reference the store on every dispatch, dispose() then
 * keeps it alive until the outermost dispatch is over. The depth also tells
 * the observers which dispatch a reducer run ends. */
static inline void
rdx_store_dispatch_begin (RdxStore *self)
{
  self->dispatching++;
}

static inline void
rdx_store_dispatch_end (RdxStore *self)
{
  if (--self->dispatching == 0 && self->dispose_deferred)
    {
      self->dispose_deferred = FALSE;
      g_object_unref (self);
    }
}

/* rdx-store-tools.c */

/* Reports every reducer run to @observation until it ends; calls nest. */
void rdx_store_observe_begin (RdxStore *self, RdxObservation *observation);
void rdx_store_observe_end (RdxStore *self, RdxObservation *observation);

G_END_DECLS

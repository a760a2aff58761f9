/* rdx-middleware.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-middleware-private.h"
#include "rdx-store-private.h"

/**
 * RdxMiddleware:
 *
 * A function that stands between [method@Rdx.Store.dispatch] and the reducer, with
 * its user data and optional setup and teardown hooks. A store's chain is
 * fixed when it is made; the first middleware given is the outermost.
 */

G_DEFINE_BOXED_TYPE (RdxMiddleware, rdx_middleware, rdx_middleware_ref, rdx_middleware_unref)

/**
 * rdx_middleware_new:
 * @func: the middleware function
 * @user_data: data for @func and the hooks
 * @destroy: (nullable): frees @user_data with the middleware
 *
 * Makes a middleware from a function.
 *
 * Returns: (transfer full): a new middleware
 */
RdxMiddleware *
rdx_middleware_new (RdxMiddlewareFunc func, gpointer user_data, GDestroyNotify destroy)
{
  RdxMiddleware *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (RdxMiddleware, 1);
  self->magic = RDX_MIDDLEWARE_MAGIC;
  g_atomic_ref_count_init (&self->ref_count);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

static void
weak_data_free (gpointer data)
{
  RdxMiddlewareWeak *weak = data;

  if (weak->object != NULL)
    g_object_remove_weak_pointer (weak->object, &weak->object);
  g_free (weak);
}

/* Calls the function with the object, or passes the action on once the
 * object is gone. Only such middleware pay for the check. */
static gboolean
weak_call_cb (RdxStore        *store,
              RdxAction       *action,
              RdxDispatchNext *next,
              gpointer         user_data,
              GError         **error)
{
  RdxMiddlewareWeak *weak = user_data;

  if (weak->object == NULL)
    return rdx_dispatch_next (next, action, error);
  return weak->func (store, action, next, weak->object, error);
}

/**
 * rdx_middleware_new_for_object: (skip)
 * @func: the middleware function
 * @object: (type GObject): the data for @func and the hooks, without a
 *   reference
 *
 * Makes the middleware of a tool object, such as [class@Rdx.Logger] or [class@Rdx.Effects]:
 * @func and the hooks get @object as their user data. The middleware does
 * not keep @object alive, so the object can own its middleware and hand it
 * out; once @object is finalized, the middleware passes every action on
 * and its hooks do nothing.
 *
 * Returns: (transfer full): a new middleware
 */
RdxMiddleware *
rdx_middleware_new_for_object (RdxMiddlewareFunc func, gpointer object)
{
  RdxMiddleware     *self;
  RdxMiddlewareWeak *weak;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  weak = g_new (RdxMiddlewareWeak, 1);
  weak->func = func;
  weak->object = object;
  g_object_add_weak_pointer (object, &weak->object);
  self = rdx_middleware_new (weak_call_cb, weak, weak_data_free);
  self->weak = TRUE;
  return self;
}

void
rdx_middleware_setup (RdxMiddleware *self, RdxStore *store)
{
  gpointer data = rdx_middleware_user_data (self);

  if (self->setup != NULL && (!self->weak || data != NULL))
    self->setup (store, data);
}

void
rdx_middleware_teardown (RdxMiddleware *self, RdxStore *store)
{
  gpointer data = rdx_middleware_user_data (self);

  if (self->teardown != NULL && (!self->weak || data != NULL))
    self->teardown (store, data);
}

/**
 * rdx_middleware_set_hooks: (skip)
 * @self: a middleware not yet given to a store
 * @setup: (nullable): called when a store with @self is made
 * @teardown: (nullable): called when that store is disposed
 *
 * Sets hooks that let a middleware prepare for a store and clean up after
 * it (cancel its work, close its files).
 */
void
rdx_middleware_set_hooks (RdxMiddleware *self, RdxMiddlewareHook setup, RdxMiddlewareHook teardown)
{
  g_return_if_fail (RDX_IS_MIDDLEWARE (self));

  self->setup = setup;
  self->teardown = teardown;
}

/**
 * rdx_middleware_ref:
 * @self: a middleware
 *
 * Takes a reference to the middleware.
 *
 * Returns: (transfer full): @self
 */
RdxMiddleware *
rdx_middleware_ref (RdxMiddleware *self)
{
  g_return_val_if_fail (RDX_IS_MIDDLEWARE (self), NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * rdx_middleware_unref:
 * @self: (transfer full): a middleware
 *
 * Drops a reference; the last one frees the user data.
 */
void
rdx_middleware_unref (RdxMiddleware *self)
{
  g_return_if_fail (RDX_IS_MIDDLEWARE (self));

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      if (self->destroy != NULL)
        self->destroy (self->user_data);
      self->magic = 0;
      g_free (self);
    }
}

/**
 * rdx_middleware_get_user_data:
 * @self: a middleware
 *
 * Gets the data the middleware's function gets.
 *
 * Returns: (transfer none) (nullable): the user data given to
 *   [ctor@Rdx.Middleware.new], or the object given to
 *   [ctor@Rdx.Middleware.new_for_object] (%NULL once it is finalized)
 */
gpointer
rdx_middleware_get_user_data (RdxMiddleware *self)
{
  g_return_val_if_fail (RDX_IS_MIDDLEWARE (self), NULL);

  return rdx_middleware_user_data (self);
}

/* A middleware passes on any action of the application's, but one of
 * rdx's own only as it got it. */
static G_GNUC_NO_INLINE gboolean
check_passed_on (RdxDispatchNext *next, RdxAction *action, GError **error)
{
  if (rdx_action_is_private (action) &&
      !rdx_action_is (next->action, rdx_action_get_type_name (action)))
    return rdx_store_private_action_error (error, action, "passed on by a middleware");
  return TRUE;
}

/* Marks @next used, or fails: next is called once per middleware call. */
static inline gboolean
next_claim (RdxDispatchNext *next, RdxAction *action, GError **error)
{
  if (next->called)
    {
      g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_NEXT_CALLED_TWICE,
                   "A middleware called next a second time (with \"%s\"). Call next once per "
                   "action; dispatch further actions with rdx_store_dispatch().",
                   rdx_action_get_type_name (action));
      return FALSE;
    }
  next->called = TRUE;
  if (G_UNLIKELY (action != next->action))
    return check_passed_on (next, action, error);
  return TRUE;
}

/**
 * rdx_dispatch_next: (method)
 * @next: the `next` a middleware was given
 * @action: the action to pass on: the one the middleware got, or another
 * @error: return location for a [struct@GLib.Error]
 *
 * Passes @action to the rest of the chain, and at its end to the reducer.
 * Call it at most once per middleware call: a second call fails with
 * %RDX_STORE_ERROR_NEXT_CALLED_TWICE (to dispatch more actions, use
 * [method@Rdx.Store.dispatch], which starts at the top of the chain).
 *
 * Returns: %TRUE if the rest of the chain and the reducer accepted @action
 */
gboolean
rdx_dispatch_next (RdxDispatchNext *next, RdxAction *action, GError **error)
{
  g_return_val_if_fail (next != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!next_claim (next, action, error))
    return FALSE;
  return rdx_store_dispatch_from_inline (next->store, next->index, action, error);
}

/**
 * rdx_dispatch_next_observe:
 * @next: the `next` a middleware was given
 * @action: the action to pass on: the one the middleware got, or another
 * @flags: %RDX_OBSERVE_TIMED to have the reducer timed
 * @func: (nullable) (scope call): told of each reducer run while this call
 *   is in progress
 * @user_data: data for @func
 * @error: return location for a [struct@GLib.Error]
 *
 * Like [method@Rdx.DispatchNext.dispatch_next], and tells @func what the reducer did: once for
 * each reducer run while this call is in progress, in the order the reducer
 * ran, with an [struct@Rdx.Outcome] (the action as the reducer saw it, the state
 * before and after, the error, the reducer's time). That is the run of
 * the action passed on, if the rest of the chain let it reach the reducer
 * ([method@Rdx.Outcome.is_direct] says so), and the runs of the actions
 * dispatched meanwhile (from a middleware after this one, a listener, a
 * watch). A middleware that swallows or refuses the action leaves @func
 * with no direct outcome; one that passes on another action leaves it with
 * the outcome of that one.
 *
 * This is how a middleware learns what the reducer did with what it passed
 * on, wherever it stands in the chain: the logger, effects, the journal and
 * the history all do. [const@Rdx.ACTION_INIT] and [const@Rdx.ACTION_REPLACE] reach the
 * reducer without the middleware, and are not reported here (see
 * [signal@Rdx.Store::reducer-replaced]).
 *
 * Returns: %TRUE if the rest of the chain and the reducer accepted @action
 */
gboolean
rdx_dispatch_next_observe (RdxDispatchNext *next,
                           RdxAction       *action,
                           RdxObserveFlags  flags,
                           RdxOutcomeFunc   func,
                           gpointer         user_data,
                           GError         **error)
{
  RdxObservation observation = { NULL, NULL, func, user_data, 0, (flags & RDX_OBSERVE_TIMED) != 0 };
  gboolean       ok;

  g_return_val_if_fail (next != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!next_claim (next, action, error))
    return FALSE;
  if (func == NULL)
    return rdx_store_dispatch_from (next->store, next->index, action, error);

  rdx_store_observe_begin (next->store, &observation);
  ok = rdx_store_dispatch_from (next->store, next->index, action, error);
  rdx_store_observe_end (next->store, &observation);
  return ok;
}

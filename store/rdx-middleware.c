/* rdx-middleware.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-middleware-private.h"
#include "rdx-store-private.h"

/**
 * RdxMiddleware:
 *
 * A function that stands between rdx_store_dispatch() and the reducer, with
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
 * Returns: (transfer full): a new middleware
 */
RdxMiddleware *
rdx_middleware_new (RdxMiddlewareFunc func, gpointer user_data, GDestroyNotify destroy)
{
  RdxMiddleware *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (RdxMiddleware, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

/**
 * rdx_middleware_set_hooks:
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
  g_return_if_fail (self != NULL);

  self->setup = setup;
  self->teardown = teardown;
}

/**
 * rdx_middleware_ref:
 * @self: a middleware
 *
 * Returns: (transfer full): @self
 */
RdxMiddleware *
rdx_middleware_ref (RdxMiddleware *self)
{
  g_return_val_if_fail (self != NULL, NULL);

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
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      if (self->destroy != NULL)
        self->destroy (self->user_data);
      g_free (self);
    }
}

/**
 * rdx_middleware_get_user_data:
 * @self: a middleware
 *
 * Returns: (transfer none): the user data given to rdx_middleware_new()
 */
gpointer
rdx_middleware_get_user_data (RdxMiddleware *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->user_data;
}

/**
 * rdx_dispatch_next:
 * @next: the `next` a middleware was given
 * @action: the action to pass on: the one the middleware got, or another
 * @error: return location for a #GError
 *
 * Passes @action to the rest of the chain, and at its end to the reducer.
 * Call it at most once per middleware call: a second call fails with
 * %RDX_STORE_ERROR_NEXT_CALLED_TWICE (to dispatch more actions, use
 * rdx_store_dispatch(), which starts at the top of the chain).
 *
 * Returns: %TRUE if the rest of the chain and the reducer accepted @action
 */
gboolean
rdx_dispatch_next (RdxDispatchNext *next, RdxAction *action, GError **error)
{
  g_return_val_if_fail (next != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (next->called)
    {
      g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_NEXT_CALLED_TWICE,
                   "A middleware called next a second time (with \"%s\"). Call next once per "
                   "action; dispatch further actions with rdx_store_dispatch().",
                   rdx_action_get_type_name (action));
      return FALSE;
    }
  next->called = TRUE;

  return rdx_store_dispatch_from (next->store, next->index, action, error);
}

/* rdx-store-listeners.c: the store's listeners
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-store-private.h"

static Listener *
listener_ref (Listener *listener)
{
  listener->ref_count++;
  return listener;
}

static void
listener_unref (Listener *listener)
{
  if (--listener->ref_count > 0)
    return;
  if (listener->destroy != NULL)
    listener->destroy (listener->user_data);
  g_free (listener);
}

/* A new snapshot: @current's listeners (none if %NULL) but the one at
 * @skip, then @added (nullable). */
Listeners *
rdx_store_listeners_copy (Listeners *current, guint skip, Listener *added)
{
  guint      i, n = 0, len = current != NULL ? current->len : 0;
  Listeners *self = g_malloc (sizeof (Listeners) + (len + 1) * sizeof (Listener *));

  self->ref_count = 1;
  for (i = 0; i < len; i++)
    if (i != skip)
      self->items[n++] = listener_ref (current->items[i]);
  if (added != NULL)
    self->items[n++] = added;
  self->len = n;
  return self;
}

void
rdx_store_listeners_free (Listeners *self)
{
  guint i;

  for (i = 0; i < self->len; i++)
    listener_unref (self->items[i]);
  g_free (self);
}

/**
 * rdx_store_subscribe:
 * @self: a store
 * @func: called after each successful dispatch
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data once the listener is gone
 *
 * Adds a listener. Subscribing during a notification takes effect from the
 * next dispatch.
 *
 * Returns: an id > 0 for [method@Rdx.Store.unsubscribe], or 0 on error
 */
guint
rdx_store_subscribe (RdxStore       *self,
                     RdxListenerFunc func,
                     gpointer        user_data,
                     GDestroyNotify  destroy)
{
  Listeners *current;
  Listener  *listener;

  g_return_val_if_fail (RDX_IS_STORE (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  if (self->reducing)
    {
      g_critical ("rdx_store_subscribe() called while the reducer runs. Reducers may not "
                  "subscribe; subscribe from a component or a listener instead.");
      return 0;
    }

  listener = g_new (Listener, 1);
  listener->ref_count = 1;
  if (++self->last_listener_id == 0)
    ++self->last_listener_id;
  listener->id = self->last_listener_id;
  listener->func = func;
  listener->user_data = user_data;
  listener->destroy = destroy;

  /* Copy on write: a notification may be walking the current snapshot. */
  current = self->listeners;
  self->listeners = rdx_store_listeners_copy (current, G_MAXUINT, listener);
  rdx_store_listeners_unref (current);
  return listener->id;
}

/**
 * rdx_store_unsubscribe:
 * @self: a store
 * @id: an id from [method@Rdx.Store.subscribe]
 *
 * Removes a listener; removing one that is gone already does nothing.
 * During a notification, the listener may still be called in that
 * notification (Redux's snapshot rule); its destroy notify runs once nothing
 * can call it any more.
 */
void
rdx_store_unsubscribe (RdxStore *self, guint id)
{
  Listeners *current;
  guint      i;

  g_return_if_fail (RDX_IS_STORE (self));

  if (self->reducing)
    {
      g_critical ("rdx_store_unsubscribe() called while the reducer runs. Reducers may not "
                  "unsubscribe; do it from a component or a listener instead.");
      return;
    }

  current = self->listeners;
  for (i = 0; i < current->len; i++)
    if (current->items[i]->id == id)
      {
        self->listeners = rdx_store_listeners_copy (current, i, NULL);
        rdx_store_listeners_unref (current);
        return;
      }
}

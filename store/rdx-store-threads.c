/* rdx-store-threads.c: what other threads may do with a store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-store-private.h"

#include <string.h>

/* A store runs on one thread; other threads may only dispatch (the action
 * is queued to the store's context) and duplicate the state. Both need a
 * lock, and nothing else in the store does: this file holds them. */

/* Its address tells threads apart faster than g_thread_self(). */
__thread char rdx_store_thread_marker;

void
rdx_store_threads_init (RdxStoreThreads *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->owner = &rdx_store_thread_marker;
  g_mutex_init (&self->queue_lock);
  g_queue_init (&self->queue);
  g_mutex_init (&self->state_lock);
}

/* Releases the retired states (see rdx_store_threads_publish()). No reader
 * in rdx_store_dup_state() can be between loading one and referencing it
 * once the lock has been taken after they were retired. */
void
rdx_store_threads_release_retired (RdxStoreThreads *self)
{
  guint     i, n = self->n_retired;
  RdxValue *batch[G_N_ELEMENTS (self->retired)];

  memcpy (batch, self->retired, n * sizeof (RdxValue *));
  self->n_retired = 0;

  g_mutex_lock (&self->state_lock);
  g_mutex_unlock (&self->state_lock);
  for (i = 0; i < n; i++)
    rdx_value_unref (batch[i]);
}

void
rdx_store_threads_clear (RdxStoreThreads *self)
{
  /* A pending drain source holds a reference to the store, so the queue
   * is empty. */
  g_queue_clear_full (&self->queue, (GDestroyNotify) rdx_action_unref);
  rdx_store_threads_release_retired (self);
  g_mutex_clear (&self->queue_lock);
  g_mutex_clear (&self->state_lock);
  g_main_context_unref (self->context);
}

static gboolean
drain_queue_cb (gpointer user_data)
{
  RdxStore        *store = user_data;
  RdxStoreThreads *self = &store->threads;

  for (;;)
    {
      g_autoptr (RdxAction) action = NULL;
      g_autoptr (GError) error = NULL;

      g_mutex_lock (&self->queue_lock);
      action = g_queue_pop_head (&self->queue);
      if (action == NULL)
        g_clear_pointer (&self->drain_source, g_source_unref);
      g_mutex_unlock (&self->queue_lock);

      if (action == NULL)
        break;
      if (!rdx_store_dispatch (store, action, &error))
        g_warning ("An action dispatched from another thread failed: \"%s\": %s",
                   rdx_action_get_type_name (action), error->message);
    }

  return G_SOURCE_REMOVE;
}

void
rdx_store_threads_enqueue (RdxStoreThreads *self, RdxStore *store, RdxAction *action)
{
  g_mutex_lock (&self->queue_lock);
  g_queue_push_tail (&self->queue, rdx_action_ref (action));
  if (self->drain_source == NULL)
    {
      self->drain_source = g_idle_source_new ();
      g_source_set_priority (self->drain_source, G_PRIORITY_DEFAULT);
      g_source_set_name (self->drain_source, "[rdx] dispatch from another thread");
      /* The source keeps the store alive until the queue is applied. */
      g_source_set_callback (self->drain_source, drain_queue_cb, g_object_ref (store),
                             g_object_unref);
      g_source_attach (self->drain_source, self->context);
    }
  g_mutex_unlock (&self->queue_lock);
}

/* Public API */

/**
 * rdx_store_get_context:
 * @self: a store
 *
 * Gets the main context the store belongs to: its reducers, middleware and listeners run there.
 *
 * Returns: (transfer none): the main context the store belongs to
 */
GMainContext *
rdx_store_get_context (RdxStore *self)
{
  g_return_val_if_fail (RDX_IS_STORE (self), NULL);

  return self->threads.context;
}

/**
 * rdx_store_dup_state:
 * @self: a store
 *
 * The current state, with a reference you keep. Safe on any thread.
 *
 * Returns: (transfer full): the state
 */
RdxValue *
rdx_store_dup_state (RdxStore *self)
{
  RdxValue *state;

  g_return_val_if_fail (RDX_IS_STORE (self), NULL);

  if (rdx_store_threads_is_creator (&self->threads))
    {
      g_return_val_if_fail (!self->reducing, NULL);
      return rdx_value_ref (self->state);
    }

  /* Not while an owned reducer run may change the state in place, and
   * none from now on (see rdx_store_threads_begin_owned()). */
  __atomic_store_n (&self->threads.foreign_readers, 1, __ATOMIC_SEQ_CST);
  while (__atomic_load_n (&self->threads.owned_running, __ATOMIC_SEQ_CST))
    g_thread_yield ();
  /* See rdx_store_threads_publish(). */
  g_mutex_lock (&self->threads.state_lock);
  state = rdx_value_ref (__atomic_load_n (&self->state, __ATOMIC_ACQUIRE));
  g_mutex_unlock (&self->threads.state_lock);
  return state;
}

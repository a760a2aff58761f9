/* rdx-store-tools.c: what tools and middleware need of the store beyond
 * dispatching: showing a state, the reducer and the chain, and observing
 * reducer runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-store-private.h"

/**
 * rdx_store_show_state:
 * @self: a store
 * @state: the state to show
 *
 * Makes @state the store's state and notifies the `state` property (if it
 * changed) and the listeners, without running the reducer or any
 * middleware: nothing is stamped, reported, logged or journaled, and no
 * effect starts. For tools: time travel shows a past state with it, and
 * the journal puts the state back when it could not write an action the
 * reducer had accepted. An application changes its state by dispatching.
 */
void
rdx_store_show_state (RdxStore *self, RdxValue *state)
{
  g_return_if_fail (RDX_IS_STORE (self));
  g_return_if_fail (state != NULL);
  g_return_if_fail (!self->reducing);

  rdx_store_dispatch_begin (self);
  rdx_store_notify (
    self, rdx_store_threads_publish (&self->threads, &self->state, rdx_value_ref (state)));
  rdx_store_dispatch_end (self);
}

/**
 * rdx_store_replace_state:
 * @self: a store
 * @state: the state the application goes on from
 * @cause: what replaced it, as a sentence for a person (the operation of a
 *   time-travel debugger)
 * @error: return location for a #GError
 *
 * Makes @state the state the application goes on from, as a dispatch: the
 * private action %RDX_ACTION_STATE_REPLACED, whose payload is
 * `{"cause": @cause, "state": @state}`, goes through the whole middleware
 * chain, then the store makes @state its state without running the reducer,
 * reports the run (rdx_dispatch_next_observe()) and notifies the `state`
 * property and the listeners. So every middleware hears of the change: the
 * journal records it as an event, so that its rebuild gives what the
 * application went on from, and a replay of recorded actions gives it too
 * (rdx_reducer_replay()).
 *
 * For tools: time travel calls it when an edit (a toggle, a reorder, an
 * import, a commit or revert of an edited past) changes the state at the
 * present. To only show a state, use rdx_store_show_state(); an
 * application changes its state by dispatching its own actions.
 *
 * Returns: %TRUE if the middleware let it through; %FALSE with @error set
 *   otherwise, the state unchanged
 */
gboolean
rdx_store_replace_state (RdxStore *self, RdxValue *state, const char *cause, GError **error)
{
  g_autoptr (RdxAction) action = NULL;

  g_return_val_if_fail (RDX_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (cause != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (rdx_store_threads_is_owner (&self->threads), FALSE);

  action = rdx_action_new_take (
    RDX_ACTION_STATE_REPLACED,
    rdx_map_new_take ("cause", rdx_value_new_string (cause), "state", rdx_value_ref (state), NULL));
  return rdx_store_dispatch_unchecked (self, action, error);
}

/**
 * rdx_store_get_reducer:
 * @self: a store
 *
 * The reducer, for tools that recompute states without the middleware
 * chain (time travel, replay), so that no effect or journal write happens
 * twice.
 *
 * Returns: (transfer none): the reducer
 */
RdxReducer *
rdx_store_get_reducer (RdxStore *self)
{
  g_return_val_if_fail (RDX_IS_STORE (self), NULL);

  return self->reducer;
}

/**
 * rdx_store_get_middleware:
 * @self: a store
 * @n_middleware: (out) (optional): the length of the chain
 *
 * The middleware chain, for tools that must know where they stand in it
 * (the history must be first).
 *
 * Returns: (transfer none) (array length=n_middleware): the chain,
 *   outermost first
 */
RdxMiddleware *const *
rdx_store_get_middleware (RdxStore *self, guint *n_middleware)
{
  g_return_val_if_fail (RDX_IS_STORE (self), NULL);

  if (n_middleware != NULL)
    *n_middleware = self->n_chain;
  return self->chain;
}

void
rdx_store_observe_begin (RdxStore *self, RdxObservation *observation)
{
  rdx_observers_push (&self->observers, observation, self->dispatching);
}

void
rdx_store_observe_end (RdxStore *self, RdxObservation *observation)
{
  rdx_observers_pop (&self->observers, observation);
}

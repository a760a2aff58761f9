/* rdx-outcome.c: what one reducer run did
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-middleware-private.h"

/**
 * RdxOutcome:
 *
 * What one run of the reducer did: the action exactly as the reducer saw
 * it (stamped with its sequence number and time), the state before and
 * after, the reducer's error, and the reducer's own time. The store hands
 * one to the [callback@Rdx.OutcomeFunc] of a middleware that passed an action on with
 * [method@Rdx.DispatchNext.observe], and to the handlers of
 * [signal@Rdx.Store::reducer-replaced].
 *
 * An outcome is read-only and valid during the call it is given to; keep
 * one with [method@Rdx.Outcome.copy].
 */

G_DEFINE_BOXED_TYPE (RdxOutcome, rdx_outcome, rdx_outcome_copy, rdx_outcome_free)

/**
 * rdx_outcome_copy:
 * @self: an outcome
 *
 * Copies an outcome, to keep it after the observer returns.
 *
 * Returns: (transfer full): a copy of @self, holding its own references,
 *   to free with [method@Rdx.Outcome.free]
 */
RdxOutcome *
rdx_outcome_copy (const RdxOutcome *self)
{
  RdxOutcome *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (RdxOutcome, 1);
  copy->action = rdx_action_ref (self->action);
  copy->before = self->before != NULL ? rdx_value_ref (self->before) : NULL;
  copy->after = self->after != NULL ? rdx_value_ref (self->after) : NULL;
  copy->error = self->error != NULL ? g_error_copy (self->error) : NULL;
  copy->duration = self->duration;
  copy->direct = self->direct;
  return copy;
}

/**
 * rdx_outcome_free:
 * @self: (transfer full): an outcome made by [method@Rdx.Outcome.copy]
 *
 * Frees a copy. The outcomes the store hands out are not to be freed.
 */
void
rdx_outcome_free (RdxOutcome *self)
{
  g_return_if_fail (self != NULL);

  rdx_action_unref (self->action);
  g_clear_pointer (&self->before, rdx_value_unref);
  g_clear_pointer (&self->after, rdx_value_unref);
  g_clear_error (&self->error);
  g_free (self);
}

/**
 * rdx_outcome_get_action:
 * @self: an outcome
 *
 * Gets the action the reducer ran on.
 *
 * Returns: (transfer none): the action as the reducer saw it, stamped
 *   ([method@Rdx.Action.get_sequence]): a middleware after the one observing may
 *   have passed another action on than the one it was given
 */
RdxAction *
rdx_outcome_get_action (const RdxOutcome *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->action;
}

/**
 * rdx_outcome_get_state_before:
 * @self: an outcome
 *
 * Gets the state the reducer was given.
 *
 * Returns: (transfer none): the state the reducer was given
 */
RdxValue *
rdx_outcome_get_state_before (const RdxOutcome *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->before;
}

/**
 * rdx_outcome_get_state_after:
 * @self: an outcome
 *
 * The state the reducer returned, which became the store's. It is the
 * same pointer as [method@Rdx.Outcome.get_state_before] when nothing changed.
 *
 * Returns: (transfer none) (nullable): the state after the run, or %NULL
 *   when the reducer refused the action (see [method@Rdx.Outcome.get_error])
 */
RdxValue *
rdx_outcome_get_state_after (const RdxOutcome *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->after;
}

/**
 * rdx_outcome_get_error:
 * @self: an outcome
 *
 * Gets why the reducer refused the action.
 *
 * Returns: (transfer none) (nullable): why the reducer refused the action,
 *   or %NULL when it accepted it
 */
const GError *
rdx_outcome_get_error (const RdxOutcome *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

/**
 * rdx_outcome_get_duration:
 * @self: an outcome
 *
 * The reducer's own time, measured by the store around the reducer call
 * (no middleware, no listener). The store reads the clock only while
 * someone asked for it (%RDX_OBSERVE_TIMED).
 *
 * Returns: the reducer's time in microseconds, or -1 when nobody asked
 *   for it
 */
gint64
rdx_outcome_get_duration (const RdxOutcome *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->duration;
}

/**
 * rdx_outcome_is_direct:
 * @self: an outcome
 *
 * Whether the run was caused by the `next` call being observed itself (the
 * action it passed on, or what the rest of the chain made of it), rather
 * than by an action dispatched while that call was in progress (from a
 * middleware after it, a listener, a watch). A nested dispatch goes
 * through the whole chain again, so a middleware sees its run directly in
 * its own nested call too: record only the direct outcomes to record each
 * run once.
 *
 * Returns: %TRUE for a run the observed call caused directly
 */
gboolean
rdx_outcome_is_direct (const RdxOutcome *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->direct;
}

/* The observed `next` calls of a store */

/* Adds the observation of a `next` call of the dispatch at depth @walk. */
void
rdx_observers_push (RdxObservers *self, RdxObservation *observation, guint walk)
{
  observation->walk = walk;
  observation->outer = self->innermost;
  observation->inner = NULL;
  if (self->innermost != NULL)
    self->innermost->inner = observation;
  else
    self->outermost = observation;
  self->innermost = observation;
  self->n_timed += observation->timed;
}

void
rdx_observers_pop (RdxObservers *self, RdxObservation *observation)
{
  g_assert (self->innermost == observation);

  self->innermost = observation->outer;
  if (self->innermost != NULL)
    self->innermost->inner = NULL;
  else
    self->outermost = NULL;
  self->n_timed -= observation->timed;
}

/* Tells every observation, in the order their calls began, of a run at the
 * end of the dispatch at depth @walk: direct for the calls of that
 * dispatch, nested for those of the dispatches it is nested in. */
void
rdx_observers_report (RdxObservers *self, RdxOutcome *outcome, guint walk)
{
  RdxObservation *o;

  for (o = self->outermost; o != NULL; o = o->inner)
    {
      outcome->direct = o->walk == walk;
      o->func (outcome, o->user_data);
    }
}

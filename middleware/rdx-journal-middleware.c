/* rdx-journal-middleware.c: the middleware that appends to a journal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-journal-private.h"

static gboolean
is_transient (RdxJournal *self, RdxAction *action)
{
  RdxJournalHook *hook = self->options->transient;

  return hook != NULL && ((RdxJournalTransientFunc) hook->func) (action, hook->data);
}

/* One dispatch through the journal's middleware, on its stack. */
typedef struct
{
  RdxJournal *journal;
  RdxAction  *action;    /* as the middleware got it (borrowed) */
  gboolean    transient; /* of @action */
  GError     *error;     /* why its run could not be journaled */
  RdxValue   *undo_to;   /* the state to put back then */
} Call;

/* The journal never holds a state its events cannot rebuild: when an
 * action goes on from a state the journal did not record (one a tool
 * showed with rdx_store_show_state(), or a replaced reducer gave), that
 * state is journaled first, as a replacement. */
static gboolean
catch_up (RdxJournal *self, RdxAction *action, RdxValue *before, GError **error)
{
  g_autofree char *cause = NULL;

  if (before == self->state || rdx_journal_same_durable_state (self, before))
    return TRUE;
  cause = g_strdup_printf ("The state changed without going through the journal (a state shown "
                           "with rdx_store_show_state (), or a replaced reducer) before “%s”, "
                           "which went on from it.",
                           rdx_action_get_type_name (action));
  return rdx_journal_append_replaced (self, cause, before, 0, error);
}

/* Appends the action the reducer accepted for this call, when it accepts
 * it: the store reports a run before it notifies the `state` property and
 * the listeners, so an action dispatched from there comes after the one
 * that caused it, in the journal as in the store. A run nested in this call
 * went through this middleware again, and is journaled by that call. Of
 * rdx's own actions, only a tool's state replacement is
 * (rdx_store_replace_state ()). */
static void
journal_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  Call       *call = user_data;
  RdxJournal *self = call->journal;
  RdxAction  *action = rdx_outcome_get_action (outcome);
  RdxValue   *after = rdx_outcome_get_state_after (outcome);
  g_autoptr (GError) local = NULL;
  gboolean transient;
  gboolean ok;

  if (!rdx_outcome_is_direct (outcome) || after == NULL)
    return;

  if (rdx_action_is (action, RDX_ACTION_STATE_REPLACED))
    ok = rdx_journal_check_writable (self, action, &local) &&
         rdx_journal_replace (self, action, after, &local);
  else if (rdx_action_is_private (action))
    return;
  else
    {
      transient = action == call->action ? call->transient : is_transient (self, action);
      ok = rdx_journal_check_writable (self, action, &local) &&
           catch_up (self, action, rdx_outcome_get_state_before (outcome), &local);
      if (ok && transient)
        rdx_journal_note_transient (self, action, after);
      else if (ok)
        ok = rdx_journal_append (self, action, after, &local);
    }
  if (!ok)
    {
      /* What cannot be journaled is not applied: the middleware puts the
       * state back once the chain returns, and refuses what is dispatched
       * until then. */
      call->error = g_steal_pointer (&local);
      call->undo_to = rdx_value_ref (rdx_outcome_get_state_before (outcome));
      self->undoing = call->error;
    }
}

static gboolean
journal_middleware_cb (RdxStore        *store,
                       RdxAction       *action,
                       RdxDispatchNext *next,
                       gpointer         user_data,
                       GError         **error)
{
  RdxJournal *self = user_data;
  Call        call = { self, action, FALSE, NULL, NULL };
  g_autoptr (GError) local = NULL;
  gboolean ok;

  if (rdx_action_is_private (action) && !rdx_action_is (action, RDX_ACTION_STATE_REPLACED))
    return rdx_dispatch_next (next, action, error);
  if (store != self->store)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE,
                   "“%s” was not applied: the journal “%s” serves another store.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }
  if (self->undoing != NULL)
    {
      g_set_error (error, self->undoing->domain, self->undoing->code,
                   "“%s” was not applied: it follows an action that is being undone. %s",
                   rdx_action_get_type_name (action), self->undoing->message);
      return FALSE;
    }

  call.transient = !rdx_action_is_private (action) && is_transient (self, action);
  if (!call.transient && !rdx_journal_check_writable (self, action, error))
    return FALSE;

  ok = rdx_dispatch_next_observe (next, action, RDX_OBSERVE_DEFAULT, journal_outcome_cb, &call,
                                  &local);
  if (call.error != NULL)
    {
      /* Undone: the listeners told of the state put back may dispatch. */
      self->undoing = NULL;
      rdx_store_show_state (store, call.undo_to);
      rdx_value_unref (call.undo_to);
      if (ok)
        {
          g_clear_error (&local);
          local = g_steal_pointer (&call.error);
        }
      g_clear_error (&call.error);
      ok = FALSE;
    }

  if (!ok)
    {
      if (local == NULL)
        g_set_error (&local, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION,
                     "“%s” was refused after the journal.", rdx_action_get_type_name (action));
      g_propagate_error (error, g_steal_pointer (&local));
    }
  return ok;
}

static void
journal_setup_cb (RdxStore *store, gpointer user_data)
{
  rdx_journal_attach (user_data, store);
}

static void
journal_teardown_cb (RdxStore *store, gpointer user_data)
{
  rdx_journal_detach (user_data, store);
}

/**
 * rdx_journal_middleware_new:
 * @self: an open journal
 *
 * Makes the middleware that appends each action the reducer accepted to
 * @self, with its payload as canonical JSON, the time, and the digest of
 * the state after it. It skips rdx's own actions ("@@rdx/...") and the
 * actions the application marks transient, except a tool's state
 * replacement (rdx_store_replace_state()): the journal never holds a state
 * its events cannot rebuild, so a changed state the application goes on
 * from is journaled as a %RDX_ACTION_STATE_REPLACED event (also when an
 * action goes on from a state shown with rdx_store_show_state()).
 *
 * Put it last (innermost) in the chain; a middleware after it must pass
 * actions on unchanged and not dispatch (the logger qualifies). Whatever
 * comes after it, it journals each action as the reducer got it, when the
 * reducer accepted it: before the store notifies its `state` property and
 * its listeners, so an action they dispatch in response is journaled
 * after the one they respond to. The store must start from
 * rdx_journal_get_state(): rdx_journal_new_store() makes such a store. It
 * serves one store.
 *
 * With %RDX_JOURNAL_DURABILITY_SYNC, a dispatch returns after its action is
 * committed and flushed. When an action cannot be journaled, the dispatch
 * fails and the store's state is put back to what it was before the action
 * (listeners are notified of that); actions dispatched in the meantime
 * (by a listener of that action) are refused.
 *
 * Returns: (transfer full): a new middleware holding a reference to @self
 */
RdxMiddleware *
rdx_journal_middleware_new (RdxJournal *self)
{
  RdxMiddleware *middleware;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  middleware = rdx_middleware_new (journal_middleware_cb, g_object_ref (self), g_object_unref);
  rdx_middleware_set_hooks (middleware, journal_setup_cb, journal_teardown_cb);
  return middleware;
}

/**
 * rdx_journal_new_store:
 * @self: an open journal
 * @outer: (array length=n_outer) (nullable): middleware to put before the
 *   journal's, outermost first
 * @n_outer: the number of @outer
 *
 * Makes the store a journal serves: with the reducer of the journal's
 * options, the state the journal rebuilt, and the journal's middleware
 * last in the chain.
 *
 * Returns: (transfer full): a new store
 */
RdxStore *
rdx_journal_new_store (RdxJournal *self, RdxMiddleware *const *outer, guint n_outer)
{
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (RdxMiddleware) journal = NULL;
  guint i;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (n_outer == 0 || outer != NULL, NULL);

  journal = rdx_journal_middleware_new (self);
  chain = g_ptr_array_sized_new (n_outer + 1);
  for (i = 0; i < n_outer; i++)
    g_ptr_array_add (chain, outer[i]);
  g_ptr_array_add (chain, journal);

  return rdx_store_new_with_middlewarev (self->options->reducer, self->state,
                                         (RdxMiddleware *const *) chain->pdata, chain->len);
}

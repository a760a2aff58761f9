/* rdx-journal-middleware.c: the middleware that appends to a journal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-journal-private.h"
#include "rdx-store-private.h"

static gboolean journal_middleware_cb (RdxStore        *store,
                                       RdxAction       *action,
                                       RdxDispatchNext *next,
                                       gpointer         user_data,
                                       GError         **error);

static gboolean
is_transient (RdxJournal *self, RdxAction *action)
{
  RdxJournalOptions *options = self->options;

  return options->transient_func != NULL &&
         options->transient_func (action, options->transient_data);
}

/* The store calls its listeners after each dispatch the reducer accepted:
 * that marks the journal middleware call under way (the innermost one, when
 * dispatches nest). */
static void
journal_reduced_cb (RdxStore *store, gpointer user_data)
{
  RdxJournal *self = user_data;

  if (self->reduced != NULL)
    *self->reduced = TRUE;
}

static gboolean
journal_middleware_cb (RdxStore        *store,
                       RdxAction       *action,
                       RdxDispatchNext *next,
                       gpointer         user_data,
                       GError         **error)
{
  RdxJournal *self = user_data;
  g_autoptr (RdxValue) before = NULL;
  g_autoptr (GError) local = NULL;
  gboolean  transient, ok, reduced = FALSE;
  gboolean *outer;

  if (rdx_action_is_private (action))
    return rdx_dispatch_next (next, action, error);
  if (store != self->store)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE,
                   "“%s” was not applied: the journal “%s” serves another store.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }

  transient = is_transient (self, action);
  if (!transient && !rdx_journal_check_writable (self, action, error))
    return FALSE;

  before = rdx_store_dup_state (store);
  outer = self->reduced;
  self->reduced = &reduced;
  ok = rdx_dispatch_next (next, action, &local);

  /* Only what the reducer accepted is journaled: an action a middleware
   * after this one swallowed or refused is not. */
  if (reduced && transient)
    rdx_journal_note_transient (self, action, rdx_store_get_state (store));
  else if (reduced &&
           !rdx_journal_append (self, action, rdx_store_get_state (store), ok ? &local : NULL))
    {
      /* What cannot be journaled is not applied. */
      rdx_store_show_state (store, before);
      ok = FALSE;
    }
  self->reduced = outer;

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
  RdxJournal *self = user_data;

  if (rdx_journal_attach (self, store))
    self->listener = rdx_store_subscribe (store, journal_reduced_cb, self, NULL);
}

static void
journal_teardown_cb (RdxStore *store, gpointer user_data)
{
  RdxJournal *self = user_data;

  if (self->store == store && self->listener != 0)
    {
      rdx_store_unsubscribe (store, self->listener);
      self->listener = 0;
    }
  rdx_journal_detach (self, store);
}

/**
 * rdx_journal_middleware_new:
 * @self: an open journal
 *
 * Makes the middleware that appends each action the reducer accepted to
 * @self, with its payload as canonical JSON, the time, and the digest of
 * the state after it. It skips rdx's own actions ("@@rdx/...") and the
 * actions the application marks transient.
 *
 * Put it last (innermost) in the chain, so it records each action exactly
 * as the reducer gets it; a middleware after it must pass actions on
 * unchanged and not dispatch (the logger qualifies). Whatever comes after
 * it, it journals an action only when the reducer accepted it. The store
 * must start from rdx_journal_get_state(): rdx_journal_new_store() makes
 * such a store. It serves one store.
 *
 * With %RDX_JOURNAL_DURABILITY_SYNC, a dispatch returns after its action is
 * committed and flushed. When an action cannot be journaled, the dispatch
 * fails and the store's state is put back to what it was before the action
 * (listeners are notified of that).
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

/* rdx-store.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-action-private.h"
#include "rdx-reducer-private.h"
#include "rdx-store-private.h"

/**
 * RdxStore:
 *
 * Holds the application state, one immutable [struct@Rdx.Value]. The only way to
 * change it is [method@Rdx.Store.dispatch]: the action goes through the middleware
 * chain to the reducer, whose result becomes the new state; then the
 * `state` property is notified (when the state pointer changed) and the
 * listeners are called.
 *
 * The rules are Redux's:
 *
 * - Listeners are called after every dispatch that reached the reducer and
 *   succeeded, from a snapshot taken when the dispatch notifies: subscribing
 *   or unsubscribing during a notification affects the next dispatch, not
 *   this one (a listener unsubscribed meanwhile is still called this once;
 *   its destroy notify runs after). A dispatch from a listener takes a fresh
 *   snapshot.
 * - While the reducer runs, [method@Rdx.Store.dispatch] fails with
 *   %RDX_STORE_ERROR_REDUCER_BUSY, and [method@Rdx.Store.get_state],
 *   [method@Rdx.Store.subscribe] and [method@Rdx.Store.unsubscribe] are programming errors
 *   (a critical, and nothing happens). After a reducer fails, the store works
 *   as before.
 * - [const@Rdx.ACTION_INIT] (when the store is made) and [const@Rdx.ACTION_REPLACE] go
 *   straight to the reducer, not through middleware.
 *
 * Threads: a store belongs to the [struct@GLib.MainContext] that was thread-default when
 * it was made, and to the thread that made it. A dispatch on that thread, or
 * on a thread that currently owns the context, runs at once. A dispatch from
 * any other thread is queued to the context and returns %TRUE at once; the
 * queued actions are applied there in the order each thread sent them, and
 * one that fails is reported with g_warning(). So reducers, middleware and
 * listeners always run on the store's thread. From other threads, only
 * [method@Rdx.Store.dispatch] and [method@Rdx.Store.dup_state] may be called.
 */

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_REDUCER_REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* rdx_store_get_type (), once a store was made: RDX_IS_STORE () without
 * the call, for the dispatch path. Before, 1, which is no type (the
 * fundamental types are multiples of 4, the others pointers to their
 * nodes), so that no instance matches. */
static GType store_type = 1;

/* RDX_IS_STORE (): an exact test, RdxStore being final. */
static inline gboolean
is_store (gpointer p)
{
  GTypeInstance *instance = p;

  GType type = __atomic_load_n (&store_type, __ATOMIC_RELAXED);

  return G_LIKELY (instance != NULL && instance->g_class != NULL &&
                   instance->g_class->g_type == type);
}

G_DEFINE_FINAL_TYPE (RdxStore, rdx_store, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (rdx-store-error-quark, rdx_store_error)
/* clang-format on */

/* Tells the `state` property's watchers, then the listeners (from the
 * snapshot of now), that @changed or not, a dispatch went through. Both
 * may dispatch again. */
static inline void
notify (RdxStore *self, gboolean changed)
{
  Listeners *snapshot = self->listeners;
  guint      i;

  /* Held before the `state` property's handlers run: one that subscribes
   * or unsubscribes replaces the store's snapshot (and dropped the last
   * reference to this one). */
  snapshot->ref_count++;
  if (changed)
    g_object_notify_by_pspec ((GObject *) self, properties[PROP_STATE]);

  for (i = 0; i < snapshot->len; i++)
    snapshot->items[i]->func (self, snapshot->items[i]->user_data);
  rdx_store_listeners_unref (snapshot);
}

void
rdx_store_notify (RdxStore *self, gboolean changed)
{
  notify (self, changed);
}

/* The reducer */

/* Applies what was dispatched while a reducer run was reported, now that
 * every observer has heard of it. */
static void
release_held (RdxStore *self)
{
  RdxAction *action;

  while (self->reporting == 0 && (action = g_queue_pop_head (&self->held)) != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!rdx_store_dispatch_unchecked (self, action, &error))
        g_warning ("An action dispatched while the store reported a reducer run failed: \"%s\": %s",
                   rdx_action_get_type_name (action), error->message);
      rdx_action_unref (action);
    }
}

/* A reducer run that is reported: what is known of it before the reducer
 * runs. */
typedef struct
{
  RdxValue *before; /* owned */
  gboolean  timed;  /* someone asked for the reducer's time */
  gint64    start;  /* the monotonic time before the run */
} Observed;

/* Out of line, as the whole of the reporting: a dispatch nobody observes
 * pays one test for it. */
static G_GNUC_NO_INLINE void
observe_before (RdxStore *self, Observed *run, gboolean replacing)
{
  run->before = self->state != NULL ? rdx_value_ref (self->state) : NULL;
  run->timed = replacing || self->observers.n_timed > 0;
  run->start = run->timed ? g_get_monotonic_time () : 0;
}

/* Tells the observed `next` calls what the reducer did, or for
 * %RDX_ACTION_REPLACE (when the new reducer accepted it) the handlers of
 * reducer-replaced. */
static G_GNUC_NO_INLINE void
observe_after (RdxStore     *self,
               Observed     *run,
               RdxAction    *action,
               RdxValue     *after,
               const GError *error,
               gboolean      replacing)
{
  RdxOutcome outcome = { action,
                         run->before,
                         after,
                         (GError *) error,
                         run->timed ? g_get_monotonic_time () - run->start : -1,
                         TRUE };

  if (!replacing || after != NULL)
    {
      self->reporting++;
      if (replacing)
        g_signal_emit (self, signals[SIGNAL_REDUCER_REPLACED], 0, &outcome);
      else
        rdx_observers_report (&self->observers, &outcome, self->dispatching);
      self->reporting--;
      release_held (self);
    }
  g_clear_pointer (&run->before, rdx_value_unref);
}

/* The one path to the reducer: stamps @action, runs the reducer, makes its
 * result the state, reports the run, then notifies the `state` property
 * and the listeners. The stamp is taken here, so sequence numbers follow
 * the order in which the reducer applies actions, whatever middleware did
 * on the way. @replacing: %RDX_ACTION_REPLACE, which bypasses the
 * middleware and is reported through reducer-replaced. @unobserved: the
 * caller found no observer (a constant, so that the common path carries
 * none of the reporting); @public_type: the caller refused rdx's own
 * types already. */
static G_ALWAYS_INLINE inline gboolean
reduce_inline (RdxStore  *self,
               RdxAction *action,
               gboolean   replacing,
               gboolean   unobserved,
               gboolean   public_type,
               GError   **error)
{
  gboolean   observed = !unobserved && (replacing || self->observers.outermost != NULL);
  gboolean   changed = FALSE;
  gint64     mono = rdx_coarse_monotonic_time_inline ();
  Observed   run;
  RdxValue  *next;
  RdxAction *stamped;
  GError    *local_error = NULL;

  /* An action stamped before is stamped on a copy. */
  stamped = rdx_action_stamp (action, ++self->sequence, mono,
                              self->anchor_real + (mono - self->anchor_mono));
  if (G_UNLIKELY (observed))
    observe_before (self, &run, replacing);
  self->reducing = TRUE;
  /* A tool's state replacement carries its state: the reducer does not
   * see it (rdx_store_replace_state ()). */
  if (!public_type && rdx_action_is_private_fast (stamped) &&
      rdx_action_is (stamped, RDX_ACTION_STATE_REPLACED))
    {
      next = rdx_reducer_replace_state (self->state, stamped, observed ? &local_error : error);
    }
  else if (!observed && rdx_store_threads_begin_owned (&self->threads, self->state))
    {
      /* Nobody else holds the state: the reducer takes the store's
       * reference, and an owned reducer changes the state in place. */
      RdxValue *state = self->state;
      guint64   edits = rdx_value_edit_count;

      if (rdx_reducer_reduce_owned (self->reducer, &state, stamped, error))
        {
          changed = state != self->state || edits != rdx_value_edit_count;
          __atomic_store_n (&self->state, state, __ATOMIC_RELEASE);
          next = state;
        }
      else
        {
          next = NULL;
        }
      rdx_store_threads_end_owned (&self->threads);
      self->reducing = FALSE;
      goto reduced;
    }
  else
    {
      next = rdx_reducer_reduce_fast (self->reducer, self->state, stamped,
                                      observed ? &local_error : error);
    }
  self->reducing = FALSE;
  if (next != NULL)
    changed = rdx_store_threads_publish (&self->threads, &self->state, next);
reduced:
  if (G_UNLIKELY (observed))
    observe_after (self, &run, stamped, next != NULL ? self->state : NULL, local_error, replacing);

  /* A copy is the run's own. */
  if (stamped != action)
    rdx_action_unref_fast (stamped);
  if (next == NULL)
    {
      if (observed)
        g_propagate_error (error, local_error);
      return FALSE;
    }
  notify (self, changed);
  return TRUE;
}

/* Out of line for the rare callers; dispatch () has its own copy. */
static gboolean
reduce (RdxStore *self, RdxAction *action, gboolean replacing, GError **error)
{
  return reduce_inline (self, action, replacing, FALSE, FALSE, error);
}

/* Dispatching */

gboolean
rdx_store_reduce (RdxStore *self, RdxAction *action, GError **error)
{
  return reduce (self, action, FALSE, error);
}

gboolean
rdx_store_middleware_refused (RdxAction *action, GError **error)
{
  if (error != NULL && *error == NULL)
    g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION,
                 "A middleware refused \"%s\" without saying why.",
                 rdx_action_get_type_name (action));
  return FALSE;
}

gboolean
rdx_store_dispatch_from (RdxStore *self, guint index, RdxAction *action, GError **error)
{
  return rdx_store_dispatch_from_inline (self, index, action, error);
}

/* On a thread that did not make the store: queues @action unless the
 * thread owns the store's context. Returns whether it queued. */
static G_GNUC_NO_INLINE gboolean
queue_unless_owner (RdxStore *self, RdxAction *action)
{
  if (g_main_context_is_owner (self->threads.context))
    return FALSE;
  rdx_store_threads_enqueue (&self->threads, self, action);
  return TRUE;
}

/* A dispatch while the middleware is set up or the reducer runs: refused. */
static G_GNUC_NO_INLINE gboolean
refuse_busy (RdxStore *self, RdxAction *action, GError **error)
{
  if (self->in_setup)
    g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_DISPATCH_IN_SETUP,
                 "Dispatching while the store's middleware is being set up is not allowed "
                 "(\"%s\"): other middleware would not see the action. Dispatch after the "
                 "store is made.",
                 rdx_action_get_type_name (action));
  else
    g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_REDUCER_BUSY,
                 "Reducers may not dispatch actions (\"%s\" was dispatched while the reducer "
                 "ran). Dispatch from middleware or a listener instead.",
                 rdx_action_get_type_name (action));
  return FALSE;
}

/* rdx_store_dispatch() once the action is known to be one the caller may
 * dispatch. */
static G_ALWAYS_INLINE inline gboolean
dispatch (RdxStore *self, RdxAction *action, gboolean public_type, GError **error)
{
  gboolean ok;

  /* rdx_store_threads_is_owner (), the rare part out of line. */
  if (G_UNLIKELY (!rdx_store_threads_is_creator (&self->threads)) &&
      queue_unless_owner (self, action))
    return TRUE;
  if (G_UNLIKELY (self->in_setup || self->reducing))
    return refuse_busy (self, action, error);
  if (self->reporting > 0)
    {
      /* An observer (or a handler of its signals) dispatched: every
       * observer hears of the current run before this one runs. */
      g_queue_push_tail (&self->held, rdx_action_ref (action));
      return TRUE;
    }

  rdx_store_dispatch_begin (self);
  if (self->n_chain == 0 && self->observers.outermost == NULL)
    ok = reduce_inline (self, action, FALSE, TRUE, public_type, error);
  else if (self->n_chain == 0)
    ok = reduce (self, action, FALSE, error);
  else
    ok = rdx_store_dispatch_from (self, 0, action, error);
  rdx_store_dispatch_end (self);
  return ok;
}

gboolean
rdx_store_private_action_error (GError **error, RdxAction *action, const char *how)
{
  g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_PRIVATE_ACTION,
               "\"%s\" was not applied: it is one of rdx's private action types (\"%s…\"), %s. "
               "Only rdx dispatches those: the store its own %s and %s, a time-travel tool %s "
               "through rdx_store_replace_state (). Dispatch the application's own types.",
               rdx_action_get_type_name (action), RDX_ACTION_PRIVATE_PREFIX, how, RDX_ACTION_INIT,
               RDX_ACTION_REPLACE, RDX_ACTION_STATE_REPLACED);
  return FALSE;
}

/* rdx_store_dispatch () */
static G_ALWAYS_INLINE inline gboolean
dispatch_checked (RdxStore *self, RdxAction *action, GError **error)
{
  if (!is_store (self))
    g_return_val_if_fail (RDX_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (action == NULL)
    {
      g_set_error_literal (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION,
                           "rdx_store_dispatch() was given no action (NULL). Make one with "
                           "rdx_action_new (type, payload).");
      return FALSE;
    }
  if (rdx_action_is_private_fast (action))
    return rdx_store_private_action_error (error, action, "dispatched by the application");
  return dispatch (self, action, TRUE, error);
}

/**
 * rdx_store_dispatch:
 * @self: a store
 * @action: (nullable): the action
 * @error: return location for a [struct@GLib.Error]
 *
 * Dispatches @action: through the middleware chain to the reducer, then
 * notifies the `state` property (if the state changed) and the listeners.
 * When @action reaches the reducer, the store stamps it with a sequence
 * number and the time, so sequence numbers follow the order in which the
 * reducer applied actions; an action stamped before (dispatched a second
 * time) is stamped on a copy, so its first stamp stays.
 *
 * On another thread than the store's, @action is queued to the store's
 * context and %TRUE is returned at once (see [class@Rdx.Store]).
 *
 * The types starting with [const@Rdx.ACTION_PRIVATE_PREFIX] ("@@rdx/") are rdx's
 * own: dispatching one fails with %RDX_STORE_ERROR_PRIVATE_ACTION before
 * any middleware runs (the store dispatches [const@Rdx.ACTION_INIT] and
 * [const@Rdx.ACTION_REPLACE] itself; tools replace the state with
 * [method@Rdx.Store.replace_state]).
 *
 * Returns: %TRUE if the action was accepted; %FALSE with @error set if a
 *   middleware or the reducer refused it, in which case the state did not
 *   change
 */
gboolean
rdx_store_dispatch (RdxStore *self, RdxAction *action, GError **error)
{
  return dispatch_checked (self, action, error);
}

gboolean
rdx_store_dispatch_unchecked (RdxStore *self, RdxAction *action, GError **error)
{
  return dispatch (self, action, FALSE, error);
}

/**
 * rdx_store_dispatch_take:
 * @self: a store
 * @action: (transfer full): the action
 * @error: return location for a [struct@GLib.Error]
 *
 * Like [method@Rdx.Store.dispatch], taking @action, for actions made on the spot:
 * `rdx_store_dispatch_take (store, rdx_action_new ("counter.increment",
 * NULL), &error)`.
 *
 * Returns: %TRUE if the action was accepted
 */
gboolean
rdx_store_dispatch_take (RdxStore *self, RdxAction *action, GError **error)
{
  gboolean ok = dispatch_checked (self, action, error);

  if (action != NULL)
    rdx_action_unref_fast (action);
  return ok;
}

/* The state */

/**
 * rdx_store_get_state:
 * @self: a store
 *
 * The current state, valid until the next dispatch. Only on the store's
 * thread; elsewhere use [method@Rdx.Store.dup_state].
 *
 * Returns: (transfer none): the state
 */
RdxValue *
rdx_store_get_state (RdxStore *self)
{
  g_return_val_if_fail (RDX_IS_STORE (self), NULL);

  if (self->reducing)
    {
      g_critical ("rdx_store_get_state() called while the reducer runs. The reducer has "
                  "received the state as an argument: read it from there.");
      return NULL;
    }
  return self->state;
}

/**
 * rdx_store_replace_reducer:
 * @self: a store
 * @reducer: the new reducer
 * @error: return location for a [struct@GLib.Error]
 *
 * Replaces the reducer (for code loaded later, or hot reloading), keeping
 * the state, and dispatches [const@Rdx.ACTION_REPLACE] to the new reducer so it can
 * fill in its defaults. If the new reducer refuses that, the old one stays.
 *
 * Returns: %TRUE if the new reducer is in place
 */
gboolean
rdx_store_replace_reducer (RdxStore *self, RdxReducer *reducer, GError **error)
{
  g_autoptr (RdxAction) replace = NULL;
  RdxReducer *old;

  g_return_val_if_fail (RDX_IS_STORE (self), FALSE);
  g_return_val_if_fail (reducer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->reducing)
    {
      g_set_error_literal (error, RDX_STORE_ERROR, RDX_STORE_ERROR_REDUCER_BUSY,
                           "Reducers may not replace the reducer.");
      return FALSE;
    }

  old = self->reducer;
  self->reducer = rdx_reducer_ref (reducer);
  replace = rdx_action_new (RDX_ACTION_REPLACE, NULL);
  if (!reduce (self, replace, TRUE, error))
    {
      rdx_reducer_unref (self->reducer);
      self->reducer = old;
      return FALSE;
    }
  rdx_reducer_unref (old);
  return TRUE;
}

/* GObject */

static void
rdx_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxStore *self = RDX_STORE (object);

  switch (prop_id)
    {
      case PROP_STATE:
        g_value_set_boxed (value, self->state);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_store_dispose (GObject *object)
{
  RdxStore  *self = RDX_STORE (object);
  Listeners *listeners = self->listeners;
  guint      i;

  if (self->dispatching > 0)
    {
      /* The last reference went during a dispatch: come back to life until
       * it is over (rdx_store_dispatch_end() drops this reference again). */
      g_object_ref (self);
      self->dispose_deferred = TRUE;
      return;
    }

  if (!self->torn_down)
    {
      self->torn_down = TRUE;
      for (i = self->n_chain; i > 0; i--)
        rdx_middleware_teardown (self->chain[i - 1], self);
    }

  self->listeners = rdx_store_listeners_copy (NULL, 0, NULL);
  rdx_store_listeners_unref (listeners);

  G_OBJECT_CLASS (rdx_store_parent_class)->dispose (object);
}

static void
rdx_store_finalize (GObject *object)
{
  RdxStore *self = RDX_STORE (object);
  guint     i;

  g_queue_clear_full (&self->held, (GDestroyNotify) rdx_action_unref);
  for (i = 0; i < self->n_chain; i++)
    rdx_middleware_unref (self->chain[i]);
  g_free (self->chain);
  rdx_store_listeners_unref (self->listeners);
  rdx_store_threads_clear (&self->threads);
  g_clear_pointer (&self->state, rdx_value_unref);
  g_clear_pointer (&self->reducer, rdx_reducer_unref);

  G_OBJECT_CLASS (rdx_store_parent_class)->finalize (object);
}

static void
rdx_store_class_init (RdxStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  __atomic_store_n (&store_type, G_TYPE_FROM_CLASS (klass), __ATOMIC_RELAXED);
  object_class->get_property = rdx_store_get_property;
  object_class->dispose = rdx_store_dispose;
  object_class->finalize = rdx_store_finalize;

  /**
   * RdxStore:state:
   *
   * The state. Notified only when the state pointer changes, so bindings
   * ([method@GObject.Object.bind_property], [class@Gtk.Expression]) update exactly when there is
   * something new to show.
   */
  properties[PROP_STATE] =
    g_param_spec_boxed ("state", NULL, NULL, RDX_TYPE_VALUE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdxStore::reducer-replaced:
   * @self: the store
   * @outcome: the run of [const@Rdx.ACTION_REPLACE] with the new reducer
   *
   * Emitted when [method@Rdx.Store.replace_reducer] succeeded, after the new
   * reducer ran on [const@Rdx.ACTION_REPLACE] and its state was set, before the
   * `state` property and the listeners are notified. [const@Rdx.ACTION_REPLACE]
   * reaches the reducer without the middleware, so no `next` call reports
   * it ([method@Rdx.DispatchNext.observe]); a tool that records every reducer
   * run (the history) hears of it here.
   */
  signals[SIGNAL_REDUCER_REPLACED] =
    g_signal_new ("reducer-replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, RDX_TYPE_OUTCOME | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
rdx_store_init (RdxStore *self)
{
  self->listeners = rdx_store_listeners_copy (NULL, 0, NULL);
  self->anchor_real = g_get_real_time ();
  self->anchor_mono = rdx_coarse_monotonic_time ();
  g_queue_init (&self->held);
  rdx_store_threads_init (&self->threads);
}

/* Construction */

/**
 * rdx_store_new_with_middlewarev: (rename-to rdx_store_new_with_middleware)
 * @reducer: the root reducer
 * @preloaded_state: (nullable): the state to start from, or %NULL to let the
 *   reducer give its initial state
 * @middleware: (array length=n_middleware): the chain, outermost first
 * @n_middleware: its length
 *
 * Like [ctor@Rdx.Store.new_with_middleware], from an array.
 *
 * Returns: (transfer full) (nullable): a new store, or %NULL when an
 *   element is not a middleware
 */
RdxStore *
rdx_store_new_with_middlewarev (RdxReducer           *reducer,
                                RdxValue             *preloaded_state,
                                RdxMiddleware *const *middleware,
                                guint                 n_middleware)
{
  g_autoptr (RdxAction) init = NULL;
  g_autoptr (GError) error = NULL;
  RdxStore *self;
  guint     i;

  g_return_val_if_fail (reducer != NULL, NULL);
  g_return_val_if_fail (n_middleware == 0 || middleware != NULL, NULL);

  for (i = 0; i < n_middleware; i++)
    if (!RDX_IS_MIDDLEWARE (middleware[i]))
      {
        g_critical ("Middleware %u of the %u given to make a store is not an RdxMiddleware. Pass "
                    "a tool's middleware, not the tool: rdx_history_get_middleware (history), "
                    "rdx_logger_get_middleware (logger), rdx_effects_get_middleware (effects), "
                    "rdx_journal_middleware_new (journal).",
                    i + 1, n_middleware);
        return NULL;
      }

  self = g_object_new (RDX_TYPE_STORE, NULL);
  self->reducer = rdx_reducer_ref (reducer);
  self->state = preloaded_state != NULL ? rdx_value_ref (preloaded_state) : NULL;
  self->n_chain = n_middleware;
  self->chain = g_new (RdxMiddleware *, MAX (n_middleware, 1));
  for (i = 0; i < n_middleware; i++)
    self->chain[i] = rdx_middleware_ref (middleware[i]);

  init = rdx_action_new (RDX_ACTION_INIT, NULL);
  if (!reduce (self, init, FALSE, &error))
    g_critical ("The reducer failed on %s, so the store has no initial state: %s", RDX_ACTION_INIT,
                error->message);
  if (self->state == NULL)
    self->state = rdx_value_new_null ();

  self->in_setup = TRUE;
  for (i = 0; i < n_middleware; i++)
    rdx_middleware_setup (self->chain[i], self);
  self->in_setup = FALSE;

  return self;
}

/**
 * rdx_store_new_with_middleware:
 * @reducer: the root reducer
 * @preloaded_state: (nullable): the state to start from
 * @first: (nullable): the outermost middleware
 * @...: more middleware, then %NULL
 *
 * Makes a store whose dispatches go through the middleware given, the
 * first one outermost. After [const@Rdx.ACTION_INIT], each middleware's setup
 * hook runs; dispatching from there is refused.
 *
 * Each argument must be an [struct@Rdx.Middleware]: through the macro of the same
 * name in <rdx.h>, passing another pointer (a tool such as [class@Rdx.Journal]
 * instead of its middleware) is an incompatible-pointer-types diagnostic
 * at compile time; called directly, it is a critical and %NULL.
 *
 * Returns: (transfer full) (nullable): a new store, or %NULL when an
 *   argument is not a middleware
 */
#undef rdx_store_new_with_middleware /* the function, not the checking macro */
RdxStore *
rdx_store_new_with_middleware (RdxReducer    *reducer,
                               RdxValue      *preloaded_state,
                               RdxMiddleware *first,
                               ...)
{
  g_autoptr (GPtrArray) chain = g_ptr_array_new ();
  RdxMiddleware *middleware;
  va_list        args;

  va_start (args, first);
  for (middleware = first; middleware != NULL; middleware = va_arg (args, RdxMiddleware *))
    g_ptr_array_add (chain, middleware);
  va_end (args);

  return rdx_store_new_with_middlewarev (reducer, preloaded_state,
                                         (RdxMiddleware *const *) chain->pdata, chain->len);
}

/**
 * rdx_store_new:
 * @reducer: the root reducer
 * @preloaded_state: (nullable): the state to start from, or %NULL to let the
 *   reducer give its initial state
 *
 * Makes a store and dispatches [const@Rdx.ACTION_INIT] to @reducer, so its initial
 * state appears at once. The store belongs to the thread-default main
 * context of the calling thread.
 *
 * Returns: (transfer full): a new store
 */
RdxStore *
rdx_store_new (RdxReducer *reducer, RdxValue *preloaded_state)
{
  return rdx_store_new_with_middlewarev (reducer, preloaded_state, NULL, 0);
}

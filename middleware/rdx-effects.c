/* rdx-effects.c: asynchronous side effects started by actions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx.h"

/**
 * RdxEffects:
 *
 * The effects middleware runs side effects (network calls, the bank, files)
 * when actions pass: the command → event pattern. An effect is registered
 * for an action type; when the reducer has accepted an action of that type
 * (and the rest of the chain did too), the effect gets a [struct@Rdx.EffectTask] with
 * the action as the reducer saw it, the state right after it, a
 * [class@Gio.Cancellable] and a request id, and starts its work on the store's main
 * context. Which actions the reducer accepted, and the state each gave, the
 * middleware learns from the store ([method@Rdx.DispatchNext.observe]), so a
 * command that a middleware after it swallows, refuses or replaces starts
 * nothing (a replacement starts its own effects). The outcome comes back as
 * actions, dispatched on the store's context (never from a worker thread),
 * each with `request_id` in its payload:
 *
 * - `pending` when the task starts: `{"request_id": n, "request": payload}`
 * - then exactly one of
 *   - `fulfilled`: `{"request_id", "request", "result": value}`
 *   - `rejected`: `{"request_id", "request", "error": {"domain", "code",
 *     "message"}}` — the effect failed, its thread returned an error, or it
 *     timed out (%G_IO_ERROR_TIMED_OUT)
 *   - `cancelled`: `{"request_id", "request"}` — [method@Rdx.Effects.cancel],
 *     [method@Rdx.Effects.cancel_all] or the %RDX_EFFECT_LATEST policy
 *
 * The types default to the action type plus `.pending`, `.fulfilled`,
 * `.rejected` and `.cancelled`; [method@Rdx.Effect.set_result_types] renames them.
 * After its terminal action a task dispatches nothing more: whatever it
 * returns or dispatches later is dropped. When the store is disposed, the
 * running tasks are cancelled and nothing is dispatched.
 */

enum
{
  RESULT_PENDING,
  RESULT_FULFILLED,
  RESULT_REJECTED,
  RESULT_CANCELLED,
  N_RESULTS
};

static const char *const result_suffixes[N_RESULTS] = {
  ".pending",
  ".fulfilled",
  ".rejected",
  ".cancelled",
};

struct _RdxEffect
{
  RdxEffects         *owner;       /* borrowed: it owns the effect */
  const char         *action_type; /* interned */
  RdxEffectPolicy     policy;
  guint               timeout_ms;
  const char         *types[N_RESULTS]; /* interned, or NULL for none */
  RdxEffectFunc       func;
  RdxEffectThreadFunc thread_func;
  gpointer            user_data;
  GDestroyNotify      destroy;
  GQueue              running; /* of RdxEffectTask, borrowed, oldest first */
};

struct _RdxEffects
{
  GObject parent_instance;

  RdxMiddleware *middleware; /* owned; sees the effects as its user data */

  /* Used on the store's thread only */
  RdxStore     *store;   /* borrowed, from setup to teardown, which keeps us alive */
  GMainContext *context; /* owned, from setup on */
  GThread      *thread;  /* the store's thread */
  GPtrArray    *effects; /* of RdxEffect, owned */
  GHashTable   *by_type; /* interned type → GPtrArray of RdxEffect */
  GHashTable   *running; /* request id → RdxEffectTask, owned */
  guint64       last_request_id;
  gboolean      enabled;
  GQueue        held; /* Held: results that arrived while disabled */

  /* What other threads send, drained on the store's context */
  GMutex   inbox_lock;
  GQueue   inbox; /* of Message */
  GSource *drain_source;
};

struct _RdxEffectTask
{
  gatomicrefcount ref_count;
  RdxEffects     *owner; /* owned */
  RdxEffect      *effect;
  guint64         request_id;
  RdxAction      *action;
  RdxValue       *state;
  GCancellable   *cancellable;

  /* Store's thread only */
  GSource *timeout_source;
  GList   *link; /* in effect->running, while it runs */
  gboolean done;
};

typedef struct
{
  RdxAction     *action;
  RdxEffectTask *fulfilled_task; /* set for a fulfilled action */
} Held;

typedef enum
{
  MESSAGE_DISPATCH,
  MESSAGE_VALUE,
  MESSAGE_ERROR,
} MessageKind;

typedef struct
{
  MessageKind    kind;
  RdxEffectTask *task;
  RdxAction     *action; /* MESSAGE_DISPATCH */
  RdxValue      *value;  /* MESSAGE_VALUE */
  GError        *error;  /* MESSAGE_ERROR */
} Message;

/* clang-format off */
G_DEFINE_QUARK (rdx-effects-error-quark, rdx_effects_error)
/* clang-format on */

G_DEFINE_BOXED_TYPE (RdxEffectTask, rdx_effect_task, rdx_effect_task_ref, rdx_effect_task_unref)

/* An effect belongs to its RdxEffects, so a copy is the same effect with a
 * reference to its owner: a binding's wrapper keeps the owner, and with it
 * the effect, alive. */
static RdxEffect *
effect_keep (RdxEffect *effect)
{
  g_object_ref (effect->owner);
  return effect;
}

static void
effect_release (RdxEffect *effect)
{
  g_object_unref (effect->owner);
}

G_DEFINE_BOXED_TYPE (RdxEffect, rdx_effect, effect_keep, effect_release)

G_DEFINE_FINAL_TYPE (RdxEffects, rdx_effects, G_TYPE_OBJECT)

/* The effects' data */

static void
effect_free (gpointer data)
{
  RdxEffect *effect = data;

  if (effect->destroy != NULL)
    effect->destroy (effect->user_data);
  g_free (effect);
}

static void
held_free (gpointer data)
{
  Held *held = data;

  rdx_action_unref (held->action);
  g_clear_pointer (&held->fulfilled_task, rdx_effect_task_unref);
  g_free (held);
}

static void
message_free (gpointer data)
{
  Message *message = data;

  rdx_effect_task_unref (message->task);
  g_clear_pointer (&message->action, rdx_action_unref);
  g_clear_pointer (&message->value, rdx_value_unref);
  g_clear_error (&message->error);
  g_free (message);
}

static gboolean
on_store_thread (RdxEffects *self)
{
  return self->context != NULL &&
         (g_thread_self () == self->thread || g_main_context_is_owner (self->context));
}

/* Result actions */

static RdxValue *
error_to_value (const GError *error)
{
  return rdx_map_new_take ("domain", rdx_value_new_string (g_quark_to_string (error->domain)),
                           "code", rdx_value_new_int (error->code), "message",
                           rdx_value_new_string (error->message), NULL);
}

/* Returns the payload of a result action: @fields (a map, or %NULL) with
 * the request id set. */
static RdxValue *
result_payload (RdxEffectTask *task, RdxValue *fields)
{
  g_autoptr (RdxValue) base = fields != NULL ? rdx_value_ref (fields) : rdx_map_new ();

  return rdx_map_set_take (base, "request_id", rdx_value_new_int ((gint64) task->request_id));
}

/* The action for a lifecycle step: the request and, when @key is given,
 * one more entry. Takes @value. */
static RdxAction *
result_action (RdxEffectTask *task, guint which, const char *key, RdxValue *value)
{
  RdxValue *payload = rdx_action_get_payload (task->action);
  g_autoptr (RdxValue) fields = NULL;

  fields = rdx_map_new_take (
    "request", payload != NULL ? rdx_value_ref (payload) : rdx_value_new_null (), key, value, NULL);
  return rdx_action_new_take (task->effect->types[which], result_payload (task, fields));
}

/* Sending actions to the store, on its thread */

static void
warn_refused (RdxAction *action, const GError *error)
{
  g_warning ("The store refused \"%s\", dispatched by an effect: %s. Make the reducer accept "
             "the effect's result actions.",
             rdx_action_get_type_name (action), error->message);
}

/* Dispatches @action, or holds it while effects are off. When the store
 * refuses a fulfilled action, its task's rejected action goes instead. */
static gboolean
send (RdxEffects *self, RdxAction *action, RdxEffectTask *fulfilled_task, GError **error)
{
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GError) refused = NULL;
  g_autoptr (RdxAction) rejected = NULL;

  if (self->store == NULL)
    return TRUE; /* torn down: nobody to tell */

  if (!self->enabled)
    {
      Held *held = g_new0 (Held, 1);

      held->action = rdx_action_ref (action);
      held->fulfilled_task = fulfilled_task ? rdx_effect_task_ref (fulfilled_task) : NULL;
      g_queue_push_tail (&self->held, held);
      return TRUE;
    }

  store = g_object_ref (self->store);
  if (rdx_store_dispatch (store, action, &local_error))
    return TRUE;
  if (fulfilled_task == NULL || fulfilled_task->effect->types[RESULT_REJECTED] == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  refused = g_error_new (RDX_EFFECTS_ERROR, RDX_EFFECTS_ERROR_RESULT_REFUSED,
                         "The store refused \"%s\": %s", rdx_action_get_type_name (action),
                         local_error->message);
  rejected = result_action (fulfilled_task, RESULT_REJECTED, "error", error_to_value (refused));
  return rdx_store_dispatch (store, rejected, error);
}

static void
send_or_warn (RdxEffects *self, RdxAction *action, RdxEffectTask *fulfilled_task)
{
  g_autoptr (GError) error = NULL;

  if (!send (self, action, fulfilled_task, &error))
    warn_refused (action, error);
}

/* Tasks */

static RdxEffectTask *
task_new (RdxEffects *self, RdxEffect *effect, RdxAction *action, RdxValue *state)
{
  RdxEffectTask *task = g_new0 (RdxEffectTask, 1);

  g_atomic_ref_count_init (&task->ref_count);
  task->owner = g_object_ref (self);
  task->effect = effect;
  task->request_id = ++self->last_request_id;
  task->action = rdx_action_ref (action);
  task->state = rdx_value_ref (state);
  task->cancellable = g_cancellable_new ();
  return task;
}

/* Marks @task finished, if it was not; the caller holds a reference. */
static gboolean
task_end (RdxEffectTask *task)
{
  RdxEffects *self = task->owner;

  if (task->done)
    return FALSE;

  task->done = TRUE;
  g_queue_delete_link (&task->effect->running, task->link);
  task->link = NULL;
  if (task->timeout_source != NULL)
    {
      g_source_destroy (task->timeout_source);
      g_clear_pointer (&task->timeout_source, g_source_unref);
    }
  g_hash_table_remove (self->running, &task->request_id);
  return TRUE;
}

static void
task_finish_value (RdxEffectTask *task, RdxValue *value)
{
  g_autoptr (RdxEffectTask) hold = rdx_effect_task_ref (task);
  g_autoptr (RdxAction) action = NULL;

  if (!task_end (task) || task->effect->types[RESULT_FULFILLED] == NULL)
    return;
  action = result_action (task, RESULT_FULFILLED, "result",
                          value != NULL ? rdx_value_ref (value) : rdx_value_new_null ());
  send_or_warn (task->owner, action, task);
}

static void
task_finish_error (RdxEffectTask *task, const GError *error)
{
  g_autoptr (RdxEffectTask) hold = rdx_effect_task_ref (task);
  g_autoptr (RdxAction) action = NULL;

  if (!task_end (task) || task->effect->types[RESULT_REJECTED] == NULL)
    return;
  action = result_action (task, RESULT_REJECTED, "error", error_to_value (error));
  send_or_warn (task->owner, action, NULL);
}

/* Cancels @task; with @notify, dispatches its cancelled action. */
static gboolean
task_cancel (RdxEffectTask *task, gboolean notify)
{
  g_autoptr (RdxEffectTask) hold = rdx_effect_task_ref (task);
  g_autoptr (RdxAction) action = NULL;

  if (!task_end (task))
    return FALSE;
  g_cancellable_cancel (task->cancellable);
  if (notify && task->effect->types[RESULT_CANCELLED] != NULL)
    {
      action = result_action (task, RESULT_CANCELLED, NULL, NULL);
      send_or_warn (task->owner, action, NULL);
    }
  return TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  RdxEffectTask *task = user_data;
  g_autoptr (RdxEffectTask) hold = rdx_effect_task_ref (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxAction) action = NULL;

  if (!task_end (task))
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (task->cancellable);
  if (task->effect->types[RESULT_REJECTED] != NULL)
    {
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           "\"%s\" (request %" G_GUINT64_FORMAT ") did not finish within %u ms",
                           task->effect->action_type, task->request_id, task->effect->timeout_ms);
      action = result_action (task, RESULT_REJECTED, "error", error_to_value (error));
      send_or_warn (task->owner, action, NULL);
    }
  return G_SOURCE_REMOVE;
}

static gint
compare_request_ids (gconstpointer a, gconstpointer b)
{
  const RdxEffectTask *ta = *(RdxEffectTask *const *) a;
  const RdxEffectTask *tb = *(RdxEffectTask *const *) b;

  return ta->request_id < tb->request_id ? -1 : ta->request_id > tb->request_id;
}

/* Lists the running tasks of @effect, or all of them, with a reference
 * each, oldest first. */
static GPtrArray *
list_running (RdxEffects *self, RdxEffect *effect)
{
  GPtrArray     *tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_effect_task_unref);
  GHashTableIter iter;
  gpointer       value;
  GList         *l;

  if (effect != NULL)
    {
      for (l = effect->running.head; l != NULL; l = l->next)
        g_ptr_array_add (tasks, rdx_effect_task_ref (l->data));
      return tasks;
    }

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (tasks, rdx_effect_task_ref (value));
  g_ptr_array_sort (tasks, compare_request_ids);
  return tasks;
}

static guint
cancel_tasks (RdxEffects *self, RdxEffect *effect, gboolean notify)
{
  g_autoptr (GPtrArray) tasks = list_running (self, effect);
  guint i, n = 0;

  /* Oldest first, so the cancelled actions come in request order. */
  for (i = 0; i < tasks->len; i++)
    n += task_cancel (tasks->pdata[i], notify);
  return n;
}

/* Starts a task of @effect for @action, which the reducer accepted and
 * which gave @state. */
static void
start_task (RdxEffects *self, RdxEffect *effect, RdxAction *action, RdxValue *state)
{
  g_autoptr (RdxEffectTask) task = NULL;
  g_autoptr (RdxAction) pending = NULL;
  g_autoptr (GError) error = NULL;

  if (effect->policy == RDX_EFFECT_EXCLUSIVE && effect->running.length > 0)
    return;
  if (effect->policy == RDX_EFFECT_LATEST && effect->running.length > 0)
    {
      cancel_tasks (self, effect, TRUE);
      /* A cancelled action may have led to a newer command of this effect
       * (a middleware or a listener retrying the search), whose task now
       * runs: that one is the latest, and this command is superseded. */
      if (effect->running.length > 0 || !self->enabled || self->store == NULL)
        return;
    }

  task = task_new (self, effect, action, state);
  g_hash_table_insert (self->running, &task->request_id, rdx_effect_task_ref (task));
  g_queue_push_tail (&effect->running, task);
  task->link = effect->running.tail;

  if (effect->timeout_ms > 0)
    {
      task->timeout_source = g_timeout_source_new (effect->timeout_ms);
      g_source_set_name (task->timeout_source, "[rdx] effect timeout");
      g_source_set_callback (task->timeout_source, timeout_cb, rdx_effect_task_ref (task),
                             (GDestroyNotify) rdx_effect_task_unref);
      g_source_attach (task->timeout_source, self->context);
    }

  if (effect->types[RESULT_PENDING] != NULL)
    {
      pending = result_action (task, RESULT_PENDING, NULL, NULL);
      if (!send (self, pending, NULL, &error))
        {
          /* The work must not start for a request the state does not know. */
          g_autoptr (GError) refused = g_error_new (
            RDX_EFFECTS_ERROR, RDX_EFFECTS_ERROR_RESULT_REFUSED, "The store refused \"%s\": %s",
            effect->types[RESULT_PENDING], error->message);

          task_finish_error (task, refused);
          return;
        }
    }

  /* A listener of the pending action may have cancelled the task. */
  if (!task->done)
    effect->func (task, effect->user_data);
}

/* The middleware */

/* One dispatch through the middleware, on its stack: the action the
 * reducer accepted for it and the state it gave, when its type has
 * effects. */
typedef struct
{
  RdxEffects *self;
  RdxAction  *action;  /* owned */
  RdxValue   *state;   /* owned */
  GPtrArray  *effects; /* borrowed: the effects of its type */
} Call;

/* The run the action passed on caused directly, if the reducer accepted
 * it. A run nested in it went through the middleware again, and starts its
 * effects from that call. */
static void
effects_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  Call      *call = user_data;
  RdxAction *action = rdx_outcome_get_action (outcome);

  if (!rdx_outcome_is_direct (outcome) || rdx_outcome_get_state_after (outcome) == NULL ||
      !call->self->enabled)
    return;
  /* Types are interned, so this hashes a pointer. */
  call->effects = g_hash_table_lookup (call->self->by_type, rdx_action_get_type_name (action));
  if (call->effects == NULL)
    return;
  call->action = rdx_action_ref (action);
  call->state = rdx_value_ref (rdx_outcome_get_state_after (outcome));
}

static gboolean
effects_cb (RdxStore        *store,
            RdxAction       *action,
            RdxDispatchNext *next,
            gpointer         user_data,
            GError         **error)
{
  RdxEffects *self = user_data;
  Call        call = { self, NULL, NULL, NULL };
  gboolean    ok;
  guint       i;

  if (store != self->store || !self->enabled || self->effects->len == 0)
    return rdx_dispatch_next (next, action, error);

  /* The command reaches the state first: the outcome says whether the
   * reducer accepted it (it may never see it, or see another action), and
   * the state it gave. */
  ok =
    rdx_dispatch_next_observe (next, action, RDX_OBSERVE_DEFAULT, effects_outcome_cb, &call, error);

  /* A middleware after this one may refuse an action the reducer accepted
   * (the journal, when it cannot write it, shows the state before again):
   * then nothing starts. */
  for (i = 0;
       ok && call.effects != NULL && i < call.effects->len && self->enabled && self->store != NULL;
       i++)
    start_task (self, call.effects->pdata[i], call.action, call.state);
  g_clear_pointer (&call.action, rdx_action_unref);
  g_clear_pointer (&call.state, rdx_value_unref);
  return ok;
}

/* The store's first effects, for rdx_effects_from_store(). */
static GQuark
effects_quark (void)
{
  return g_quark_from_static_string ("rdx-effects");
}

static void
effects_setup_cb (RdxStore *store, gpointer user_data)
{
  RdxEffects *self = user_data;

  if (self->context != NULL)
    {
      g_critical ("An rdx effects middleware was given to a second store. It serves the first "
                  "one only: make one with rdx_effects_new() per store.");
      return;
    }

  self->store = store;
  self->context = g_main_context_ref (rdx_store_get_context (store));
  self->thread = g_thread_self ();
  if (g_object_get_qdata (G_OBJECT (store), effects_quark ()) == NULL)
    g_object_set_qdata (G_OBJECT (store), effects_quark (), self);
  g_object_ref (self);
}

static void
effects_teardown_cb (RdxStore *store, gpointer user_data)
{
  RdxEffects *self = user_data;

  if (store != self->store)
    return;

  /* The store is going away: cancel everything, tell nobody. */
  cancel_tasks (self, NULL, FALSE);
  g_queue_clear_full (&self->held, held_free);
  if (g_object_get_qdata (G_OBJECT (store), effects_quark ()) == self)
    g_object_set_qdata (G_OBJECT (store), effects_quark (), NULL);
  self->store = NULL;
  g_object_unref (self);
}

/* What other threads send */

static void
handle_message (Message *message)
{
  RdxEffectTask *task = message->task;

  switch (message->kind)
    {
      case MESSAGE_DISPATCH:
        if (!task->done)
          send_or_warn (task->owner, message->action, NULL);
        break;
      case MESSAGE_VALUE:
        task_finish_value (task, message->value);
        break;
      case MESSAGE_ERROR:
        task_finish_error (task, message->error);
        break;
      default:
        g_assert_not_reached ();
    }
}

static gboolean
drain_inbox_cb (gpointer user_data)
{
  RdxEffects *self = user_data;

  for (;;)
    {
      Message *message;

      g_mutex_lock (&self->inbox_lock);
      message = g_queue_pop_head (&self->inbox);
      if (message == NULL)
        g_clear_pointer (&self->drain_source, g_source_unref);
      g_mutex_unlock (&self->inbox_lock);

      if (message == NULL)
        break;
      handle_message (message);
      message_free (message);
    }
  return G_SOURCE_REMOVE;
}

/* Runs @message now on the store's thread, or queues it there. Takes it. */
static void
post (RdxEffectTask *task, Message *message)
{
  RdxEffects *self = task->owner;

  message->task = rdx_effect_task_ref (task);
  if (on_store_thread (self))
    {
      handle_message (message);
      message_free (message);
      return;
    }

  g_mutex_lock (&self->inbox_lock);
  g_queue_push_tail (&self->inbox, message);
  if (self->drain_source == NULL)
    {
      self->drain_source = g_idle_source_new ();
      g_source_set_priority (self->drain_source, G_PRIORITY_DEFAULT);
      g_source_set_name (self->drain_source, "[rdx] effect results");
      g_source_set_callback (self->drain_source, drain_inbox_cb, g_object_ref (self),
                             g_object_unref);
      g_source_attach (self->drain_source, self->context);
    }
  g_mutex_unlock (&self->inbox_lock);
}

/* GObject */

static void
rdx_effects_finalize (GObject *object)
{
  RdxEffects *self = RDX_EFFECTS (object);

  /* Tasks hold a reference, so none is running. */
  g_assert (g_hash_table_size (self->running) == 0);
  g_queue_clear_full (&self->held, held_free);
  g_queue_clear_full (&self->inbox, message_free);
  g_mutex_clear (&self->inbox_lock);
  g_hash_table_unref (self->running);
  g_hash_table_unref (self->by_type);
  g_ptr_array_unref (self->effects);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->middleware, rdx_middleware_unref);

  G_OBJECT_CLASS (rdx_effects_parent_class)->finalize (object);
}

static void
rdx_effects_class_init (RdxEffectsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rdx_effects_finalize;
}

static void
rdx_effects_init (RdxEffects *self)
{
  self->effects = g_ptr_array_new_with_free_func (effect_free);
  /* Keys are interned, as action types are: a lookup hashes a pointer. */
  self->by_type =
    g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->running = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) rdx_effect_task_unref);
  self->enabled = TRUE;
  g_queue_init (&self->held);
  g_queue_init (&self->inbox);
  g_mutex_init (&self->inbox_lock);
  self->middleware = rdx_middleware_new_for_object (effects_cb, self);
  rdx_middleware_set_hooks (self->middleware, effects_setup_cb, effects_teardown_cb);
}

/* Public API: the effects */

/**
 * rdx_effects_new:
 *
 * Makes an [class@Rdx.Effects], which runs side effects when actions pass its
 * middleware. Register effects with [method@Rdx.Effects.add] and
 * [method@Rdx.Effects.add_thread], then give its middleware
 * ([method@Rdx.Effects.get_middleware]) to [ctor@Rdx.Store.new_with_middleware]; it
 * serves that one store. Effects start after the action has gone through
 * the rest of the chain and the reducer, so put the effects middleware
 * before the logger.
 *
 * Everything here is called on the store's thread, except the
 * [struct@Rdx.EffectTask] functions marked as safe from any thread.
 *
 * Returns: (transfer full): new effects
 */
RdxEffects *
rdx_effects_new (void)
{
  return g_object_new (RDX_TYPE_EFFECTS, NULL);
}

/**
 * rdx_effects_get_middleware:
 * @self: effects
 *
 * The middleware to give [ctor@Rdx.Store.new_with_middleware]. A store made
 * with it keeps @self alive until the store is disposed, and running tasks
 * keep it alive until they are freed.
 *
 * Returns: (transfer none): the middleware of @self
 */
RdxMiddleware *
rdx_effects_get_middleware (RdxEffects *self)
{
  g_return_val_if_fail (RDX_IS_EFFECTS (self), NULL);

  return self->middleware;
}

/**
 * rdx_effects_from_store:
 * @store: a store
 *
 * Finds the effects of a store, for tools that know only the store (the
 * debugger turns effects off while it shows the past).
 *
 * Returns: (transfer none) (nullable): the effects whose middleware comes
 *   first in @store's chain, or %NULL
 */
RdxEffects *
rdx_effects_from_store (RdxStore *store)
{
  g_return_val_if_fail (RDX_IS_STORE (store), NULL);

  return g_object_get_qdata (G_OBJECT (store), effects_quark ());
}

static RdxEffect *
add_effect (RdxEffects *self, const char *action_type, gpointer user_data, GDestroyNotify destroy)
{
  RdxEffect *effect = g_new0 (RdxEffect, 1);
  GPtrArray *list;
  guint      i;

  effect->owner = self;
  effect->action_type = g_intern_string (action_type);
  effect->policy = RDX_EFFECT_EVERY;
  g_queue_init (&effect->running);
  effect->user_data = user_data;
  effect->destroy = destroy;
  for (i = 0; i < N_RESULTS; i++)
    {
      g_autofree char *type = g_strconcat (action_type, result_suffixes[i], NULL);

      effect->types[i] = g_intern_string (type);
    }
  g_ptr_array_add (self->effects, effect);

  list = g_hash_table_lookup (self->by_type, effect->action_type);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->by_type, (gpointer) effect->action_type, list);
    }
  g_ptr_array_add (list, effect);
  return effect;
}

/**
 * rdx_effects_add:
 * @self: effects
 * @action_type: the action type that starts the effect
 * @func: starts one task
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with @self
 *
 * Registers an effect: each time the reducer has accepted an action of
 * @action_type (as the reducer saw it, after the rest of the chain, which
 * must accept it too), a task starts (subject to the effect's policy), its
 * `pending` action is dispatched, and @func is called with it on the
 * store's thread. An effect added while an action is dispatched starts for
 * the actions dispatched after it.
 *
 * Returns: (transfer none): the effect, to set its policy, timeout and
 *   result types
 */
RdxEffect *
rdx_effects_add (RdxEffects    *self,
                 const char    *action_type,
                 RdxEffectFunc  func,
                 gpointer       user_data,
                 GDestroyNotify destroy)
{
  RdxEffect *effect;

  g_return_val_if_fail (RDX_IS_EFFECTS (self), NULL);
  g_return_val_if_fail (action_type != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  effect = add_effect (self, action_type, user_data, destroy);
  effect->func = func;
  return effect;
}

static void
run_thread_effect (RdxEffectTask *task, gpointer user_data)
{
  rdx_effect_task_run_in_thread (task, task->effect->thread_func, user_data, NULL);
}

/**
 * rdx_effects_add_thread:
 * @self: effects
 * @action_type: the action type that starts the effect
 * @func: the blocking work, run in a worker thread
 * @user_data: data for @func; it must be safe to use from threads
 * @destroy: (nullable): frees @user_data with @self
 *
 * Registers an effect whose work is one blocking function, in the spirit of
 * Redux Toolkit's createAsyncThunk: for each action of @action_type,
 * `pending` is dispatched, @func runs in a thread, and its result or error
 * comes back as `fulfilled` or `rejected`.
 *
 * Returns: (transfer none): the effect
 */
RdxEffect *
rdx_effects_add_thread (RdxEffects         *self,
                        const char         *action_type,
                        RdxEffectThreadFunc func,
                        gpointer            user_data,
                        GDestroyNotify      destroy)
{
  RdxEffect *effect;

  g_return_val_if_fail (RDX_IS_EFFECTS (self), NULL);
  g_return_val_if_fail (action_type != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  effect = add_effect (self, action_type, user_data, destroy);
  effect->func = run_thread_effect;
  effect->thread_func = func;
  return effect;
}

/**
 * rdx_effects_cancel:
 * @self: effects
 * @request_id: the request id of a task
 *
 * Cancels a running task: its [class@Gio.Cancellable] is cancelled, its `cancelled`
 * action is dispatched (exactly one), and nothing it returns or dispatches
 * afterwards reaches the store.
 *
 * Returns: %TRUE if the task was running
 */
gboolean
rdx_effects_cancel (RdxEffects *self, guint64 request_id)
{
  RdxEffectTask *task;

  g_return_val_if_fail (RDX_IS_EFFECTS (self), FALSE);

  if (self->context == NULL)
    return FALSE;
  g_return_val_if_fail (on_store_thread (self), FALSE);

  task = g_hash_table_lookup (self->running, &request_id);
  return task != NULL && task_cancel (task, TRUE);
}

/**
 * rdx_effects_cancel_all:
 * @self: effects
 *
 * Cancels every running task, oldest first, as [method@Rdx.Effects.cancel] does.
 *
 * Returns: how many tasks were cancelled
 */
guint
rdx_effects_cancel_all (RdxEffects *self)
{
  g_return_val_if_fail (RDX_IS_EFFECTS (self), 0);

  if (self->context == NULL)
    return 0;
  g_return_val_if_fail (on_store_thread (self), 0);

  return cancel_tasks (self, NULL, TRUE);
}

/**
 * rdx_effects_set_enabled:
 * @self: effects
 * @enabled: whether effects run
 *
 * Turns effects off and on as a whole, for tools that send actions through
 * the chain that must not start work a second time (replay, time travel),
 * and for the debugger while it shows the past. While off:
 *
 * - actions still reach the reducer, but start no task and dispatch
 *   nothing;
 * - tasks already running go on, and the actions they would dispatch are
 *   held; turning effects on again dispatches them in order. Cancelling
 *   still works.
 */
void
rdx_effects_set_enabled (RdxEffects *self, gboolean enabled)
{
  g_return_if_fail (RDX_IS_EFFECTS (self));
  g_return_if_fail (self->context == NULL || on_store_thread (self));

  self->enabled = !!enabled;
  while (self->enabled && !g_queue_is_empty (&self->held))
    {
      Held *held = g_queue_pop_head (&self->held);

      send_or_warn (self, held->action, held->fulfilled_task);
      held_free (held);
    }
}

/**
 * rdx_effects_get_enabled:
 * @self: effects
 *
 * Gets whether effects start tasks ([method@Rdx.Effects.set_enabled]).
 *
 * Returns: whether effects run
 */
gboolean
rdx_effects_get_enabled (RdxEffects *self)
{
  g_return_val_if_fail (RDX_IS_EFFECTS (self), FALSE);

  return self->enabled;
}

/**
 * rdx_effects_get_n_running:
 * @self: effects
 *
 * Gets the number of tasks running.
 *
 * Returns: how many tasks are running (started and not yet finished)
 */
guint
rdx_effects_get_n_running (RdxEffects *self)
{
  g_return_val_if_fail (RDX_IS_EFFECTS (self), 0);

  return g_hash_table_size (self->running);
}

/* Public API: one effect */

/**
 * rdx_effect_set_policy:
 * @effect: an effect
 * @policy: what to do with an action while earlier tasks run
 *
 * Sets the effect's policy; the default is %RDX_EFFECT_EVERY.
 */
void
rdx_effect_set_policy (RdxEffect *effect, RdxEffectPolicy policy)
{
  g_return_if_fail (effect != NULL);
  g_return_if_fail (policy <= RDX_EFFECT_EXCLUSIVE);

  effect->policy = policy;
}

/**
 * rdx_effect_set_timeout:
 * @effect: an effect
 * @timeout_ms: the most a task may run, in milliseconds; 0 for no limit
 *
 * A task still running after @timeout_ms is cancelled and its `rejected`
 * action dispatched with a %G_IO_ERROR_TIMED_OUT error.
 */
void
rdx_effect_set_timeout (RdxEffect *effect, guint timeout_ms)
{
  g_return_if_fail (effect != NULL);

  effect->timeout_ms = timeout_ms;
}

/**
 * rdx_effect_set_result_types:
 * @effect: an effect
 * @pending: (nullable): the type dispatched when a task starts
 * @fulfilled: (nullable): the type dispatched with a task's result
 * @rejected: (nullable): the type dispatched with a task's error
 * @cancelled: (nullable): the type dispatched when a task is cancelled
 *
 * Names the actions of the effect's lifecycle, for the command → event
 * pattern: `transfers.requested` → `transfers.pending`, then
 * `transfers.completed` or `transfers.failed`. %NULL means the step
 * dispatches nothing; leave @rejected set, so failures stay visible.
 */
void
rdx_effect_set_result_types (RdxEffect  *effect,
                             const char *pending,
                             const char *fulfilled,
                             const char *rejected,
                             const char *cancelled)
{
  g_return_if_fail (effect != NULL);

  effect->types[RESULT_PENDING] = g_intern_string (pending);
  effect->types[RESULT_FULFILLED] = g_intern_string (fulfilled);
  effect->types[RESULT_REJECTED] = g_intern_string (rejected);
  effect->types[RESULT_CANCELLED] = g_intern_string (cancelled);
}

/**
 * rdx_effect_get_action_type:
 * @effect: an effect
 *
 * Gets the action type that starts the effect.
 *
 * Returns: the action type that starts @effect
 */
const char *
rdx_effect_get_action_type (RdxEffect *effect)
{
  g_return_val_if_fail (effect != NULL, NULL);

  return effect->action_type;
}

/* Public API: one task */

/**
 * rdx_effect_task_ref:
 * @task: a task
 *
 * Safe from any thread.
 *
 * Returns: (transfer full): @task
 */
RdxEffectTask *
rdx_effect_task_ref (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  g_atomic_ref_count_inc (&task->ref_count);
  return task;
}

static gboolean
task_free_cb (gpointer user_data)
{
  RdxEffectTask *task = user_data;

  g_assert (task->timeout_source == NULL && task->link == NULL);
  rdx_action_unref (task->action);
  rdx_value_unref (task->state);
  g_object_unref (task->cancellable);
  g_object_unref (task->owner);
  g_free (task);
  return G_SOURCE_REMOVE;
}

/**
 * rdx_effect_task_unref:
 * @task: (transfer full): a task
 *
 * Drops a reference. Dropping the last one does not finish the task: the
 * middleware keeps a running task until it is finished or cancelled. Safe
 * from any thread: a task is always freed on the store's context, as
 * freeing the last task of a middleware whose store is gone frees the
 * effects' data (and runs their destroy notifies).
 */
void
rdx_effect_task_unref (RdxEffectTask *task)
{
  GSource *source;

  g_return_if_fail (task != NULL);

  if (!g_atomic_ref_count_dec (&task->ref_count))
    return;

  if (on_store_thread (task->owner))
    {
      task_free_cb (task);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_name (source, "[rdx] free effect task");
  g_source_set_callback (source, task_free_cb, task, NULL);
  g_source_attach (source, task->owner->context);
  g_source_unref (source);
}

/**
 * rdx_effect_task_get_request_id:
 * @task: a task
 *
 * Gets the task's request id.
 *
 * Returns: the request id, unique among the tasks of one effects
 *   middleware, and the `request_id` of every action the task dispatches
 */
guint64
rdx_effect_task_get_request_id (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, 0);

  return task->request_id;
}

/**
 * rdx_effect_task_get_action:
 * @task: a task
 *
 * Gets the action that started the task.
 *
 * Returns: (transfer none): the action that started @task, as the reducer
 *   saw it (stamped with its sequence number)
 */
RdxAction *
rdx_effect_task_get_action (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  return task->action;
}

/**
 * rdx_effect_task_get_payload:
 * @task: a task
 *
 * Gets the payload of the action that started the task.
 *
 * Returns: (transfer none) (nullable): the payload of the action that
 *   started @task
 */
RdxValue *
rdx_effect_task_get_payload (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  return rdx_action_get_payload (task->action);
}

/**
 * rdx_effect_task_get_state:
 * @task: a task
 *
 * The state right after the action that started @task was reduced: the
 * reducer's result, the same for every task the action starts, whatever
 * earlier tasks and listeners dispatched since. It is immutable, so it may
 * be read from any thread, and it does not follow the store: effects read
 * what they need from it, never from the live store.
 *
 * Returns: (transfer none): the state
 */
RdxValue *
rdx_effect_task_get_state (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  return task->state;
}

/**
 * rdx_effect_task_get_cancellable:
 * @task: a task
 *
 * Gets the task's cancellable.
 *
 * Returns: (transfer none): cancelled when the task is cancelled or times
 *   out; pass it to the asynchronous calls the effect makes
 */
GCancellable *
rdx_effect_task_get_cancellable (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  return task->cancellable;
}

/**
 * rdx_effect_task_get_context:
 * @task: a task
 *
 * Gets the store's main context.
 *
 * Returns: (transfer none): the store's main context, where the effect's
 *   callbacks should run
 */
GMainContext *
rdx_effect_task_get_context (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  return task->owner->context;
}

/**
 * rdx_effect_task_get_effect:
 * @task: a task
 *
 * Gets the effect the task runs.
 *
 * Returns: (transfer none): the effect that started @task
 */
RdxEffect *
rdx_effect_task_get_effect (RdxEffectTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  return task->effect;
}

/**
 * rdx_effect_task_dispatch:
 * @task: a task
 * @type: an action type
 * @payload: (nullable): a map, or %NULL for an empty one
 *
 * Dispatches an action of the task's own (progress, a partial result) with
 * the task's `request_id` added to @payload. Safe from any thread: from
 * another thread the action is dispatched later, on the store's context.
 * Once the task is finished or cancelled, the action is dropped.
 *
 * Returns: %FALSE if the action was dropped or refused (known at once on the
 *   store's thread only)
 */
gboolean
rdx_effect_task_dispatch (RdxEffectTask *task, const char *type, RdxValue *payload)
{
  g_autoptr (RdxAction) action = NULL;

  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (payload == NULL || rdx_value_is_map (payload), FALSE);

  action = rdx_action_new_take (type, result_payload (task, payload));
  return rdx_effect_task_dispatch_action (task, action);
}

/**
 * rdx_effect_task_dispatch_action:
 * @task: a task
 * @action: the action to dispatch, as it is
 *
 * Dispatches @action unchanged.
 *
 * Like [method@Rdx.EffectTask.dispatch], but with no `request_id` added:
 * for an effect whose outcomes are events of the application's own, named
 * by an id of the application's that survives a restart (a transfer's).
 * Such an effect turns its lifecycle actions off
 * ([method@Rdx.Effect.set_result_types] with %NULL) and finishes its task
 * with [method@Rdx.EffectTask.return_value] once it has dispatched its
 * event. Held while effects are off, dropped once the task is finished or
 * cancelled, safe from any thread, as [method@Rdx.EffectTask.dispatch].
 *
 * Returns: %FALSE if the action was dropped or refused (known at once on the
 *   store's thread only)
 */
gboolean
rdx_effect_task_dispatch_action (RdxEffectTask *task, RdxAction *action)
{
  g_autoptr (GError) error = NULL;
  Message *message;

  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (on_store_thread (task->owner))
    {
      if (task->done)
        return FALSE;
      if (send (task->owner, action, NULL, &error))
        return TRUE;
      warn_refused (action, error);
      return FALSE;
    }

  message = g_new0 (Message, 1);
  message->kind = MESSAGE_DISPATCH;
  message->action = rdx_action_ref (action);
  post (task, message);
  return TRUE;
}

/**
 * rdx_effect_task_return_value:
 * @task: a task
 * @result: (nullable): the result, %NULL for null
 *
 * Finishes @task: its `fulfilled` action is dispatched with @result. If the
 * store refuses that action, the `rejected` one is dispatched instead, with
 * an %RDX_EFFECTS_ERROR_RESULT_REFUSED error. Does nothing if the task was
 * finished or cancelled already. Safe from any thread.
 */
void
rdx_effect_task_return_value (RdxEffectTask *task, RdxValue *result)
{
  Message *message;

  g_return_if_fail (task != NULL);

  message = g_new0 (Message, 1);
  message->kind = MESSAGE_VALUE;
  message->value = result != NULL ? rdx_value_ref (result) : NULL;
  post (task, message);
}

/**
 * rdx_effect_task_return_error:
 * @task: a task
 * @error: (transfer full): what went wrong
 *
 * Finishes @task: its `rejected` action is dispatched with @error's domain,
 * code and message. Does nothing if the task was finished or cancelled
 * already. Safe from any thread.
 */
void
rdx_effect_task_return_error (RdxEffectTask *task, GError *error)
{
  Message *message;

  g_return_if_fail (task != NULL);
  g_return_if_fail (error != NULL);

  message = g_new0 (Message, 1);
  message->kind = MESSAGE_ERROR;
  message->error = error;
  post (task, message);
}

/**
 * rdx_effect_task_return_new_error:
 * @task: a task
 * @domain: an error domain
 * @code: an error code
 * @format: a printf() format for the message
 * @...: its arguments
 *
 * Like [method@Rdx.EffectTask.return_error] with a new error.
 */
void
rdx_effect_task_return_new_error (RdxEffectTask *task,
                                  GQuark         domain,
                                  gint           code,
                                  const char    *format,
                                  ...)
{
  GError *error;
  va_list args;

  g_return_if_fail (task != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  rdx_effect_task_return_error (task, error);
}

/* Running blocking work in a thread */

/* The job belongs to the store's thread: the worker borrows it (as the
 * GTask's task data, without a destroy notify) while it runs, and the
 * completion callback frees it on the store's context. The GTask's last
 * reference may go on the worker thread, so nothing it frees may run the
 * job's or the effect's destroy notify. */
typedef struct
{
  RdxEffectTask      *task;
  RdxEffectThreadFunc func;
  gpointer            user_data;
  GDestroyNotify      destroy;
} ThreadJob;

static void
thread_job_free (ThreadJob *job)
{
  if (job->destroy != NULL)
    job->destroy (job->user_data);
  rdx_effect_task_unref (job->task);
  g_free (job);
}

static void
thread_job_run (GTask *gtask, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ThreadJob *job = task_data;
  GError    *error = NULL;
  RdxValue  *result;

  result = job->func (job->task, job->user_data, cancellable, &error);
  if (result != NULL)
    {
      g_clear_error (&error);
      g_task_return_pointer (gtask, result, (GDestroyNotify) rdx_value_unref);
    }
  else if (error != NULL)
    g_task_return_error (gtask, error);
  else
    g_task_return_new_error (gtask, RDX_EFFECTS_ERROR, RDX_EFFECTS_ERROR_FAILED,
                             "The thread of effect \"%s\" returned no result and no error",
                             job->task->effect->action_type);
}

static void
thread_job_done_cb (GObject *source_object, GAsyncResult *result, gpointer user_data)
{
  ThreadJob *job = user_data;
  g_autoptr (RdxValue) value = NULL;
  g_autoptr (GError) error = NULL;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (value != NULL)
    task_finish_value (job->task, value);
  else
    task_finish_error (job->task, error);
  thread_job_free (job);
}

/**
 * rdx_effect_task_run_in_thread:
 * @task: a task
 * @func: blocking work
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data once @func has run, on the store's
 *   context
 *
 * Runs @func in a worker thread (with GTask) and finishes @task with what it
 * returns, back on the store's context. Call it on the store's thread (from
 * the effect function). If the task is cancelled or times out meanwhile,
 * @func still runs to its end (it should watch its cancellable), and its
 * result is dropped. Even when the store has gone away meanwhile, @destroy
 * and the last references of the task are run and dropped on the store's
 * context, never on the worker thread.
 */
void
rdx_effect_task_run_in_thread (RdxEffectTask      *task,
                               RdxEffectThreadFunc func,
                               gpointer            user_data,
                               GDestroyNotify      destroy)
{
  g_autoptr (GTask) gtask = NULL;
  g_autoptr (GMainContext) current = NULL;
  ThreadJob *job;

  g_return_if_fail (task != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (on_store_thread (task->owner));

  if (task->done)
    {
      /* Cancelled or timed out already: nothing would take the result. */
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  job = g_new0 (ThreadJob, 1);
  job->task = rdx_effect_task_ref (task);
  job->func = func;
  job->user_data = user_data;
  job->destroy = destroy;

  /* GTask calls back in the thread-default context it was made in. */
  current = g_main_context_ref_thread_default ();
  if (current != task->owner->context)
    g_main_context_push_thread_default (task->owner->context);
  gtask = g_task_new (NULL, task->cancellable, thread_job_done_cb, job);
  if (current != task->owner->context)
    g_main_context_pop_thread_default (task->owner->context);

  g_task_set_name (gtask, "[rdx] effect thread");
  g_task_set_check_cancellable (gtask, FALSE);
  g_task_set_task_data (gtask, job, NULL);
  g_task_run_in_thread (gtask, thread_job_run);
}

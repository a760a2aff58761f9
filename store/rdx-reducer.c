/* rdx-reducer.c: reducers and rdx_combine_reducers()
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"
#include "rdx-reducer-private.h"
#include "rdx-value-private.h"

#include <string.h>

/**
 * RdxReducer:
 *
 * A reducer function with its user data, reference counted, so stores and
 * combined reducers can share it.
 */

G_DEFINE_BOXED_TYPE (RdxReducer, rdx_reducer, rdx_reducer_ref, rdx_reducer_unref)

/**
 * rdx_reducer_new:
 * @func: the reducer function
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the reducer
 *
 * Makes a reducer from a function.
 *
 * Returns: (transfer full): a new reducer
 */
RdxReducer *
rdx_reducer_new (RdxReducerFunc func, gpointer user_data, GDestroyNotify destroy)
{
  RdxReducer *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new (RdxReducer, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->owned = NULL;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->table = NULL;
  self->dev_checks = rdx_dev_checks_enabled ();
  self->fast = self->dev_checks ? NULL : self->func;
  return self;
}

/**
 * rdx_reducer_ref:
 * @self: a reducer
 *
 * Takes a reference to the reducer.
 *
 * Returns: (transfer full): @self
 */
RdxReducer *
rdx_reducer_ref (RdxReducer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * rdx_reducer_unref:
 * @self: (transfer full): a reducer
 *
 * Drops a reference; the last one frees the user data.
 */
void
rdx_reducer_unref (RdxReducer *self)
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
 * rdx_reducer_new_owned:
 * @func: the reducer function, which owns the state it
 *   is given
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the reducer is released
 *
 * Makes a reducer that owns the state it is given, and so may update it
 * in place when nobody else holds it: a store that holds the only
 * reference to its state (no history, no journal, no selector or view
 * keeping an old one) hands its reference over, and the account a
 * transfer changes is changed where it is, not copied with the path to it
 * (see docs/values.md). Given a state someone else holds, as
 * [method@Rdx.Reducer.reduce] does, the same function copies what it
 * changes: nobody can tell the difference.
 *
 * Returns: (transfer full): a new reducer
 */
RdxReducer *
rdx_reducer_new_owned (RdxReducerOwnedFunc func, gpointer user_data, GDestroyNotify destroy)
{
  RdxReducer *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new (RdxReducer, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->owned = func;
  self->func = NULL;
  self->user_data = user_data;
  self->destroy = destroy;
  self->table = NULL;
  self->dev_checks = rdx_dev_checks_enabled ();
  self->fast = self->dev_checks ? NULL : self->func;
  return self;
}

RdxValue *
rdx_reducer_returned (RdxValue *next, GError *local_error, RdxAction *action, GError **error)
{
  if (next != NULL)
    {
      if (local_error != NULL)
        {
          g_warning ("A reducer returned a state and set an error for \"%s\"; the error (%s) "
                     "is ignored. Return NULL when you set an error.",
                     rdx_action_get_type_name (action), local_error->message);
          g_error_free (local_error);
        }
      return next;
    }

  if (local_error == NULL)
    local_error = g_error_new (RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE,
                               "The reducer returned NULL for \"%s\" without an error. To ignore "
                               "an action, return a reference to the state you were given; to "
                               "refuse it, set the error.",
                               rdx_action_get_type_name (action));
  g_propagate_error (error, local_error);
  return NULL;
}

static RdxValue *
reducer_call (RdxReducer *self, RdxValue *state, RdxAction *action, GError **error)
{
  GError   *local_error = NULL;
  RdxValue *next;

  if (self->func != NULL)
    next = self->func (state, action, self->user_data, &local_error);
  else
    {
      /* An owned reducer given a state it does not own: a reference of
       * its own makes every update a copy. */
      next = state != NULL ? rdx_value_ref (state) : NULL;
      if (!self->owned (&next, action, self->user_data, &local_error))
        g_clear_pointer (&next, rdx_value_unref);
      else if (next == NULL && local_error == NULL)
        local_error = g_error_new (RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE,
                                   "The owned reducer left no state for \"%s\".",
                                   rdx_action_get_type_name (action));
    }
  return rdx_reducer_returned (next, local_error, action, error);
}

/* How deep in reducer runs this thread is, for the development checks,
 * which look at the outermost run only. */
static __thread guint reduce_depth;

/**
 * rdx_reducer_reduce:
 * @self: a reducer
 * @state: (nullable): the current state
 * @action: the action
 * @error: return location for a [struct@GLib.Error]
 *
 * Runs the reducer. A function that returns %NULL without setting an error
 * breaks the reducer contract; that is reported here as an error
 * (%RDX_STORE_ERROR_INVALID_STATE), so callers can rely on "%NULL means
 * @error is set".
 *
 * When the development checks are on (`RDX_DEV_CHECKS=1`, or a debug build
 * of rdx), the outermost run on a thread also reports, once per type, an
 * action type that no slice of a reducer made of slices handles.
 *
 * Returns: (transfer full) (nullable): the next state, or %NULL with @error
 *   set
 */
RdxValue *
rdx_reducer_reduce (RdxReducer *self, RdxValue *state, RdxAction *action, GError **error)
{
  RdxValue *next;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (G_LIKELY (!self->dev_checks))
    return reducer_call (self, state, action, error);

  reduce_depth++;
  next = reducer_call (self, state, action, error);
  if (--reduce_depth == 0 && next != NULL)
    rdx_dev_check_root (self, action);
  return next;
}

static RdxValue *
replaced_error (GError **error, const char *what)
{
  g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION,
               "\"%s\" %s: its payload is {\"cause\": text, \"state\": the new state} "
               "(and \"keep\": the keys kept from the state before it), as "
               "rdx_store_replace_state () and the journal write it.",
               RDX_ACTION_STATE_REPLACED, what);
  return NULL;
}

RdxValue *
rdx_reducer_replace_state (RdxValue *state, RdxAction *action, GError **error)
{
  RdxValue   *payload = rdx_action_get_payload (action);
  RdxValue   *replacement = rdx_value_is_map (payload) ? rdx_map_get (payload, "state") : NULL;
  RdxValue   *keep = rdx_value_is_map (payload) ? rdx_map_get (payload, "keep") : NULL;
  RdxValue   *result;
  RdxListIter iter;
  RdxValue   *key;

  if (replacement == NULL)
    return replaced_error (error, "carries no \"state\"");
  if (keep != NULL && !rdx_value_is_list (keep))
    return replaced_error (error, "has a \"keep\" that is not a list of keys");

  result = rdx_value_ref (replacement);
  if (keep == NULL || state == NULL || !rdx_value_is_map (state) || !rdx_value_is_map (result))
    return result;
  rdx_list_iter_init (&iter, keep);
  while (rdx_list_iter_next (&iter, &key))
    {
      RdxValue *kept, *next;

      if (!rdx_value_is_string (key))
        continue;
      kept = rdx_map_get (state, rdx_value_get_string (key));
      next = kept != NULL ? rdx_map_set (result, rdx_value_get_string (key), kept)
                          : rdx_map_remove (result, rdx_value_get_string (key));
      rdx_value_unref (result);
      result = next;
    }
  return result;
}

/**
 * rdx_reducer_replay:
 * @self: a reducer
 * @state: (nullable): the state before @action
 * @action: an action the store applied (recorded by a tool)
 * @error: return location for a [struct@GLib.Error]
 *
 * Applies @action to @state as the store applied it: for tools that
 * recompute recorded actions (time travel, the journal's rebuild,
 * rdx-replay). An action of type [const@Rdx.ACTION_STATE_REPLACED] (see
 * [method@Rdx.Store.replace_state]) gives the state it carries, keeping from
 * @state the top-level keys its payload lists under `"keep"`, without
 * running the reducer; any other action runs the reducer
 * ([method@Rdx.Reducer.reduce]).
 *
 * Returns: (transfer full) (nullable): the next state, or %NULL with @error
 *   set
 */
RdxValue *
rdx_reducer_replay (RdxReducer *self, RdxValue *state, RdxAction *action, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (G_UNLIKELY (rdx_action_is (action, RDX_ACTION_STATE_REPLACED)))
    return rdx_reducer_replace_state (state, action, error);
  return rdx_reducer_reduce (self, state, action, error);
}

/**
 * rdx_reducer_replay_owned:
 * @self: a reducer
 * @state: (inout) (transfer full) (nullable): the state before @action,
 *   whose reference the caller hands over; the state after it on return
 * @action: an action the store applied (recorded by a tool)
 * @error: return location for a [struct@GLib.Error]
 *
 * [method@Rdx.Reducer.replay] on a state the caller owns, as
 * [method@Rdx.Reducer.reduce_owned]: a tool that recomputes a run of
 * actions and keeps only the last state (the journal's rebuild) lets an
 * owned reducer work in place. On failure *@state is as it was.
 *
 * Returns: %TRUE if *@state is the next state, %FALSE with @error set
 */
gboolean
rdx_reducer_replay_owned (RdxReducer *self, RdxValue **state, RdxAction *action, GError **error)
{
  RdxValue *next;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!G_UNLIKELY (rdx_action_is (action, RDX_ACTION_STATE_REPLACED)))
    return rdx_reducer_reduce_owned (self, state, action, error);
  next = rdx_reducer_replace_state (*state, action, error);
  if (next == NULL)
    return FALSE;
  if (*state != NULL)
    rdx_value_unref (*state);
  *state = next;
  return TRUE;
}

/* Runs @self on the state at @state, which it owns: an owned reducer
 * changes it there, a reducer function makes the next one. */
static gboolean
reducer_call_owned (RdxReducer *self, RdxValue **state, RdxAction *action, GError **error)
{
  GError   *local_error = NULL;
  RdxValue *next;

  if (self->owned == NULL)
    {
      next = reducer_call (self, *state, action, error);
      if (next == NULL)
        return FALSE;
      if (next != *state)
        rdx_value_edit_count++;
      if (*state != NULL)
        rdx_value_unref (*state);
      *state = next;
      return TRUE;
    }

  if (self->owned (state, action, self->user_data, &local_error))
    {
      if (local_error != NULL)
        {
          g_warning ("A reducer returned TRUE and set an error for \"%s\"; the error (%s) "
                     "is ignored. Return FALSE when you set an error.",
                     rdx_action_get_type_name (action), local_error->message);
          g_error_free (local_error);
        }
      if (*state != NULL)
        return TRUE;
      local_error = g_error_new (RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE,
                                 "The owned reducer left no state for \"%s\".",
                                 rdx_action_get_type_name (action));
    }
  if (local_error == NULL)
    local_error = g_error_new (RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE,
                               "The reducer returned FALSE for \"%s\" without an error. To "
                               "ignore an action, leave the state as it is and return TRUE; to "
                               "refuse it, set the error.",
                               rdx_action_get_type_name (action));
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * rdx_reducer_reduce_owned:
 * @self: a reducer
 * @state: (inout) (transfer full) (nullable): the current state, whose
 *   reference the caller hands over; the next state on return
 * @action: the action
 * @error: return location for a [struct@GLib.Error]
 *
 * Runs the reducer on a state the caller owns: *@state becomes the next
 * state, and the previous one is released, or changed in place when the
 * caller's reference was the only one and the reducer was made with
 * [ctor@Rdx.Reducer.new_owned] (or combines such reducers). On failure
 * *@state is as it was.
 *
 * Returns: %TRUE if *@state is the next state, %FALSE with @error set
 */
gboolean
rdx_reducer_reduce_owned (RdxReducer *self, RdxValue **state, RdxAction *action, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (G_LIKELY (!self->dev_checks))
    return reducer_call_owned (self, state, action, error);

  reduce_depth++;
  ok = reducer_call_owned (self, state, action, error);
  if (--reduce_depth == 0 && ok)
    rdx_dev_check_root (self, action);
  return ok;
}

/* What slices and combinations declare (rdx-reducer-private.h) */

void
rdx_reducer_set_table (RdxReducer *self, const RdxReducerTable *table)
{
  self->table = table;
}

const RdxReducerTable *
rdx_reducer_get_table (RdxReducer *self)
{
  return self->table;
}

gpointer
rdx_reducer_get_user_data (RdxReducer *self)
{
  return self->user_data;
}

void
rdx_reducer_list_actions_into (RdxReducer *self, GPtrArray *out)
{
  if (self->table != NULL)
    self->table->list_actions (self->user_data, out);
}

RdxHandles
rdx_reducer_handles (RdxReducer *self, const char *type)
{
  return self->table != NULL ? self->table->handles (self->user_data, type) : RDX_HANDLES_UNKNOWN;
}

/* Combined reducers */

#define PROBE_ACTION "@@rdx/PROBE_UNKNOWN_ACTION"

typedef struct
{
  guint        n;
  char       **keys;
  RdxValue   **key_values; /* the keys as string values, hashed once */
  RdxReducer **reducers;
  gboolean     shape_checked;
  GError      *shape_error; /* what the first check found, reported every time */
  GHashTable  *warned_keys; /* unexpected keys already warned about */
  GMutex       lock;        /* for warned_keys: a reducer may run in several stores */
} Combination;

static void
combination_free (gpointer data)
{
  Combination *self = data;
  guint        i;

  for (i = 0; i < self->n; i++)
    {
      g_free (self->keys[i]);
      rdx_value_unref (self->key_values[i]);
      rdx_reducer_unref (self->reducers[i]);
    }
  g_free (self->keys);
  g_free (self->key_values);
  g_free (self->reducers);
  g_clear_error (&self->shape_error);
  g_hash_table_unref (self->warned_keys);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Redux's assertReducerShape: each slice must give its initial state for
 * the init action and for an action it does not know, when its state is
 * NULL. */
static gboolean
check_shape (Combination *self, GError **error)
{
  g_autoptr (RdxAction) init = rdx_action_new (RDX_ACTION_INIT, NULL);
  g_autoptr (RdxAction) probe = rdx_action_new (PROBE_ACTION, NULL);
  guint i;

  for (i = 0; i < self->n; i++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autoptr (RdxValue) initial = NULL;
      g_autoptr (RdxValue) probed = NULL;

      initial = rdx_reducer_reduce (self->reducers[i], NULL, init, &local_error);
      if (initial == NULL)
        {
          g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE,
                       "The slice reducer for key \"%s\" gave no state during initialization "
                       "(%s). When the state given to a reducer is NULL, it must return its "
                       "initial state.",
                       self->keys[i], local_error->message);
          return FALSE;
        }

      probed = rdx_reducer_reduce (self->reducers[i], NULL, probe, &local_error);
      if (probed == NULL)
        {
          g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE,
                       "The slice reducer for key \"%s\" gave no state when probed with an "
                       "unknown action type (%s). Don't handle \"@@rdx/...\" actions: for any "
                       "unknown action, return the current state, or the initial state when "
                       "the state is NULL.",
                       self->keys[i], local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
combination_has_key (Combination *self, const char *key)
{
  guint i;

  for (i = 0; i < self->n; i++)
    if (strcmp (self->keys[i], key) == 0)
      return TRUE;
  return FALSE;
}

static void
warn_unexpected_keys (Combination *self, RdxValue *state, RdxAction *action)
{
  RdxMapIter  iter;
  const char *key;

  if (rdx_action_is (action, RDX_ACTION_REPLACE))
    return;

  rdx_map_iter_init (&iter, state);
  while (rdx_map_iter_next (&iter, &key, NULL))
    {
      gboolean first;

      if (combination_has_key (self, key))
        continue;

      g_mutex_lock (&self->lock);
      first = g_hash_table_add (self->warned_keys, g_strdup (key));
      g_mutex_unlock (&self->lock);
      if (first)
        g_warning ("Unexpected key \"%s\" found in the state given to a combined reducer "
                   "(action \"%s\"); it will be dropped. Expected one of the reducer keys, or "
                   "add a reducer for it.",
                   key, rdx_action_get_type_name (action));
    }
}

static RdxValue *
combination_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  Combination   *self = user_data;
  RdxMapBuilder *builder = NULL;
  gboolean       changed = FALSE;
  guint          i, present = 0;

  if (!g_atomic_int_get (&self->shape_checked))
    {
      GError *shape_error = NULL;

      g_mutex_lock (&self->lock);
      if (!self->shape_checked)
        {
          if (!check_shape (self, &shape_error))
            self->shape_error = shape_error;
          g_atomic_int_set (&self->shape_checked, TRUE);
        }
      g_mutex_unlock (&self->lock);
    }
  if (self->shape_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->shape_error));
      return NULL;
    }

  if (state != NULL && !rdx_value_is_map (state))
    {
      g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE,
                   "A combined reducer needs a map as its state, but got a %s (action \"%s\"). "
                   "Give the store a map, or no preloaded state.",
                   rdx_value_kind_to_string (rdx_value_get_kind (state)),
                   rdx_action_get_type_name (action));
      return NULL;
    }

  for (i = 0; i < self->n; i++)
    {
      RdxValue *slice = state != NULL ? rdx_map_get_key (state, self->key_values[i]) : NULL;
      GError   *local_error = NULL;
      RdxValue *next;

      present += slice != NULL;
      next = rdx_reducer_reduce (self->reducers[i], slice, action, &local_error);
      if (next == NULL)
        {
          g_propagate_prefixed_error (error, local_error,
                                      "The slice reducer for key \"%s\" failed on action "
                                      "\"%s\": ",
                                      self->keys[i], rdx_action_get_type_name (action));
          rdx_map_builder_free (builder);
          return NULL;
        }

      if (next != slice)
        {
          if (builder == NULL)
            builder = rdx_map_builder_new (state);
          changed = TRUE;
        }
      if (builder != NULL)
        rdx_map_builder_set_key_unchecked (builder, self->key_values[i], next);
      rdx_value_unref (next);
    }

  /* Keys without a reducer are dropped, which makes a new map. */
  if (state != NULL && rdx_map_size (state) != present)
    {
      warn_unexpected_keys (self, state, action);
      if (builder == NULL)
        builder = rdx_map_builder_new (state);
      {
        RdxMapIter  iter;
        const char *key;
        g_autoptr (GPtrArray) extra = g_ptr_array_new ();

        rdx_map_iter_init (&iter, state);
        while (rdx_map_iter_next (&iter, &key, NULL))
          if (!combination_has_key (self, key))
            g_ptr_array_add (extra, (gpointer) key);
        for (i = 0; i < extra->len; i++)
          rdx_map_builder_remove (builder, extra->pdata[i]);
      }
      changed = TRUE;
    }

  if (!changed && state != NULL)
    {
      rdx_map_builder_free (builder);
      return rdx_value_ref (state);
    }
  if (builder == NULL)
    builder = rdx_map_builder_new (NULL);
  return rdx_map_builder_end (builder);
}

/* The combination on a state it owns. Every part but the last runs on a
 * borrowed slice, as in combination_reduce(); when the root is the
 * caller's alone, the last part gets its slice by ownership (its slot in
 * the root), so it may change it in place, and the others' results go
 * into the root in place. The last runs last so that a refusal never
 * follows a change made in place: a part that refuses leaves its slice
 * as it was, so the state is as it was. */
static gboolean
combination_reduce_owned (RdxValue **state, RdxAction *action, gpointer user_data, GError **error)
{
  Combination *self = user_data;
  RdxValue    *root = *state;
  RdxValue   **slot;
  RdxValue    *stack_next[8];
  RdxValue   **next;
  GError      *local_error = NULL;
  guint        last = self->n - 1;
  guint        i;

  if (self->n == 0 || root == NULL || !g_atomic_int_get (&self->shape_checked) ||
      self->shape_error != NULL || !rdx_value_holds_fast (root, RDX_VALUE_MAP) ||
      rdx_map_size (root) != self->n ||
      (slot = rdx_map_slot_owned_key (root, self->key_values[last])) == NULL)
    {
      RdxValue *result = combination_reduce (root, action, user_data, error);

      if (result == NULL)
        return FALSE;
      if (root != NULL)
        rdx_value_unref (root);
      *state = result;
      return TRUE;
    }

  next = self->n <= G_N_ELEMENTS (stack_next) ? stack_next : g_new (RdxValue *, self->n);
  for (i = 0; i < last; i++)
    {
      next[i] = rdx_reducer_reduce (self->reducers[i], rdx_map_get_key (root, self->key_values[i]),
                                    action, &local_error);
      if (next[i] == NULL)
        break;
    }
  if (i == last)
    {
      RdxReducer *part = self->reducers[last];
      RdxValue   *before = *slot;
      guint64     edits = rdx_value_edit_count;
      gboolean    ok;

      /* rdx_reducer_reduce_owned () without its argument checks, which
       * hold here; with the development checks, through it. */
      if (G_LIKELY (!part->dev_checks))
        ok = reducer_call_owned (part, slot, action, &local_error);
      else
        ok = rdx_reducer_reduce_owned (part, slot, action, &local_error);
      if (ok)
        {
          if (*slot != before || edits != rdx_value_edit_count)
            rdx_map_touch (root);
          /* The slot is not used after this: setting may move nodes. */
          for (i = 0; i < last; i++)
            {
              if (next[i] != rdx_map_get_key (root, self->key_values[i]))
                root = rdx_map_set_owned_key (root, self->key_values[i], next[i]);
              else
                rdx_value_unref (next[i]);
            }
          if (next != stack_next)
            g_free (next);
          *state = root;
          return TRUE;
        }
    }

  /* Part @i refused: the root is as it was. */
  for (guint j = 0; j < MIN (i, last); j++)
    rdx_value_unref (next[j]);
  if (next != stack_next)
    g_free (next);
  g_propagate_prefixed_error (
    error, local_error, "The slice reducer for key \"%s\" failed on action \"%s\": ", self->keys[i],
    rdx_action_get_type_name (action));
  return FALSE;
}

static void
combination_list_actions (gpointer user_data, GPtrArray *out)
{
  Combination *self = user_data;
  guint        i;

  for (i = 0; i < self->n; i++)
    rdx_reducer_list_actions_into (self->reducers[i], out);
}

/* Yes when a part handles @type; no only when every part knows it does
 * not. */
static RdxHandles
combination_handles (gpointer user_data, const char *type)
{
  Combination *self = user_data;
  RdxHandles   result = RDX_HANDLES_NO;
  guint        i;

  for (i = 0; i < self->n; i++)
    {
      RdxHandles part = rdx_reducer_handles (self->reducers[i], type);

      if (part == RDX_HANDLES_YES)
        return RDX_HANDLES_YES;
      if (part == RDX_HANDLES_UNKNOWN)
        result = RDX_HANDLES_UNKNOWN;
    }
  return result;
}

static const RdxReducerTable combination_table = {
  combination_list_actions,
  combination_handles,
};

/**
 * rdx_combine_reducersv: (rename-to rdx_combine_reducers)
 * @keys: (array length=n_reducers): the state keys
 * @reducers: (array length=n_reducers): the reducer of each key
 * @n_reducers: how many
 *
 * Like [func@Rdx.combine_reducers], from arrays.
 *
 * Returns: (transfer full): the combined reducer
 */
RdxReducer *
rdx_combine_reducersv (const char *const *keys, RdxReducer *const *reducers, guint n_reducers)
{
  Combination *self;
  RdxReducer  *combined;
  guint        i, j;

  g_return_val_if_fail (n_reducers == 0 || (keys != NULL && reducers != NULL), NULL);
  for (i = 0; i < n_reducers; i++)
    {
      g_return_val_if_fail (keys[i] != NULL && g_utf8_validate (keys[i], -1, NULL), NULL);
      g_return_val_if_fail (reducers[i] != NULL, NULL);
      for (j = 0; j < i; j++)
        g_return_val_if_fail (strcmp (keys[i], keys[j]) != 0, NULL);
    }

  self = g_new0 (Combination, 1);
  self->n = n_reducers;
  self->keys = g_new (char *, n_reducers);
  self->key_values = g_new (RdxValue *, n_reducers);
  self->reducers = g_new (RdxReducer *, n_reducers);
  for (i = 0; i < n_reducers; i++)
    {
      self->keys[i] = g_strdup (keys[i]);
      self->key_values[i] = rdx_value_new_string (keys[i]);
      self->reducers[i] = rdx_reducer_ref (reducers[i]);
    }
  self->warned_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->lock);

  combined = rdx_reducer_new (combination_reduce, self, combination_free);
  combined->owned = combination_reduce_owned;
  rdx_reducer_set_table (combined, &combination_table);
  return combined;
}

/**
 * rdx_combine_reducers:
 * @first_key: (nullable): the first state key
 * @...: its reducer (transfer none), then more key/reducer pairs, then %NULL
 *
 * Builds a reducer whose state is a map with one slice per key, each managed
 * by its own reducer, following Redux's combineReducers():
 *
 * - each slice reducer sees only its slice (%NULL before it has one);
 * - the result holds exactly the reducers' keys: other keys are dropped,
 *   with a warning once per key (not for [const@Rdx.ACTION_REPLACE]);
 * - when no slice changed, the result is the same map;
 * - a slice that fails fails the whole dispatch, with an error naming the
 *   key and the action type;
 * - on first use, each slice is checked to give its initial state for the
 *   init action and for an unknown action when its state is %NULL, and a
 *   slice that does not is reported as an error on every dispatch.
 *
 * |[<!-- language="C" -->
 * g_autoptr (RdxReducer) root = rdx_combine_reducers ("accounts", accounts,
 *                                                     "transfers", transfers,
 *                                                     NULL);
 * ]|
 *
 * Returns: (transfer full): the combined reducer
 */
RdxReducer *
rdx_combine_reducers (const char *first_key, ...)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (GPtrArray) reducers = g_ptr_array_new ();
  const char *key;
  va_list     args;

  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      g_ptr_array_add (keys, (gpointer) key);
      g_ptr_array_add (reducers, va_arg (args, RdxReducer *));
    }
  va_end (args);

  return rdx_combine_reducersv ((const char *const *) keys->pdata,
                                (RdxReducer *const *) reducers->pdata, keys->len);
}

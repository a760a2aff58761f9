/* rdx-selector.c: memoized values derived from the state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"
#include "rdx-value-private.h"

#include <string.h>

/**
 * RdxSelector:
 *
 * A value derived from the state, memoized as reselect does.
 *
 * A *path selector* ([ctor@Rdx.Selector.new_path]) picks the value at a JSON
 * Pointer such as "/accounts/acc-1/balance"; when nothing is there it
 * yields %NULL. A *computed selector* ([ctor@Rdx.Selector.new]) has input
 * selectors and a pure function of their values; the function runs again
 * only when an input's value changed by pointer. Because states share every
 * unchanged part, a dispatch that does not touch an input leaves the input's
 * value the same pointer, and the function does not run. Selecting from the
 * same state twice computes once. A computed result equal to the previous
 * one (by [method@Rdx.Value.equal]) keeps the previous pointer, so selectors built
 * on it do not run either.
 *
 * A selector keeps its last state and result (one of each), and it is not
 * thread-safe: use it on the store's thread, as listeners do.
 */

typedef struct
{
  char    *key;   /* unescaped */
  guint    index; /* the key as a list index, when is_index */
  gboolean is_index;
} Segment;

struct _RdxSelector
{
  gatomicrefcount ref_count;

  /* Path selectors. */
  char    *path;
  Segment *segments;
  guint    n_segments;

  /* Computed selectors. */
  RdxSelector   **inputs;
  guint           n_inputs;
  RdxSelectorFunc func;
  gpointer        user_data;
  GDestroyNotify  destroy;
  RdxValue      **last_inputs; /* the inputs of result, each owned, nullable */

  /* The memo: result (owned, nullable) was selected from last_state. */
  RdxValue *last_state;
  RdxValue *result;
  guint     computed : 1;
  guint     busy : 1;
};

G_DEFINE_BOXED_TYPE (RdxSelector, rdx_selector, rdx_selector_ref, rdx_selector_unref)

/* Splits a JSON Pointer into segments; FALSE if it is malformed. */
static gboolean
parse_path (const char *path, GArray *segments)
{
  g_autoptr (GPtrArray) keys = rdx_path_split (path, NULL);
  guint i;

  if (keys == NULL)
    return FALSE;

  for (i = 0; i < keys->len; i++)
    {
      Segment segment;

      segment.key = g_strdup (keys->pdata[i]);
      segment.is_index = rdx_path_parse_index (segment.key, &segment.index);
      g_array_append_val (segments, segment);
    }
  return TRUE;
}

static void
clear_segment (gpointer data)
{
  g_free (((Segment *) data)->key);
}

/**
 * rdx_selector_new_path:
 * @path: a JSON Pointer, such as "/accounts/acc-1/balance"; "" is the whole
 *   state
 *
 * Makes a selector for the value at @path. Through a map a segment is a
 * key; through a list it is an index. When the path does not exist in a
 * state (a missing key, an index out of range, a step through a value that
 * is neither map nor list) the selector yields %NULL.
 *
 * A malformed path (one that does not start with '/', or has a '~' that is
 * not "~0" or "~1") is a programming error: a critical, and %NULL.
 *
 * Returns: (transfer full) (nullable): a new selector
 */
RdxSelector *
rdx_selector_new_path (const char *path)
{
  g_autoptr (GArray) segments = NULL;
  RdxSelector *self;

  g_return_val_if_fail (path != NULL, NULL);

  segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_array_set_clear_func (segments, clear_segment);
  if (!parse_path (path, segments))
    {
      g_critical ("The selector path \"%s\" is not a JSON Pointer. Paths start with '/' (such as "
                  "\"/accounts/acc-1\"), write '/' in a key as \"~1\" and '~' as \"~0\".",
                  path);
      return NULL;
    }

  self = g_new0 (RdxSelector, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->path = g_strdup (path);
  self->n_segments = segments->len;
  g_array_set_clear_func (segments, NULL);
  self->segments = (Segment *) (gpointer) g_array_free (g_steal_pointer (&segments), FALSE);
  return self;
}

/**
 * rdx_selector_newv:
 * @func: computes the result from the inputs' values
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the selector
 * @inputs: (array length=n_inputs): the input selectors
 * @n_inputs: how many
 *
 * Like [ctor@Rdx.Selector.new], from an array.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
rdx_selector_newv (RdxSelectorFunc     func,
                   gpointer            user_data,
                   GDestroyNotify      destroy,
                   RdxSelector *const *inputs,
                   guint               n_inputs)
{
  RdxSelector *self;
  guint        i;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (n_inputs > 0 && inputs != NULL, NULL);
  for (i = 0; i < n_inputs; i++)
    g_return_val_if_fail (inputs[i] != NULL, NULL);

  self = g_new0 (RdxSelector, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->n_inputs = n_inputs;
  self->inputs = g_new (RdxSelector *, n_inputs);
  self->last_inputs = g_new0 (RdxValue *, n_inputs);
  for (i = 0; i < n_inputs; i++)
    self->inputs[i] = rdx_selector_ref (inputs[i]);
  return self;
}

/**
 * rdx_selector_new:
 * @func: computes the result from the inputs' values
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the selector
 * @first_input: the first input selector
 * @...: more input selectors, then %NULL
 *
 * Makes a computed selector: @func gets the values of the inputs, in order,
 * and runs only when one of them is a different pointer than last time.
 * The inputs are borrowed; the new selector takes its own references.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
rdx_selector_new (RdxSelectorFunc func,
                  gpointer        user_data,
                  GDestroyNotify  destroy,
                  RdxSelector    *first_input,
                  ...)
{
  g_autoptr (GPtrArray) inputs = g_ptr_array_new ();
  RdxSelector *input;
  va_list      args;

  va_start (args, first_input);
  for (input = first_input; input != NULL; input = va_arg (args, RdxSelector *))
    g_ptr_array_add (inputs, input);
  va_end (args);

  return rdx_selector_newv (func, user_data, destroy, (RdxSelector *const *) inputs->pdata,
                            inputs->len);
}

/**
 * rdx_selector_new_for_paths:
 * @func: computes the result from the values at the paths
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the selector
 * @first_path: the first input's path
 * @...: more paths, then %NULL
 *
 * A computed selector whose inputs are path selectors, as in
 * `rdx_selector_new_for_paths (sum_cb, NULL, NULL, "/a", "/b", NULL)`.
 *
 * Returns: (transfer full) (nullable): a new selector, or %NULL when a path
 *   is malformed
 */
RdxSelector *
rdx_selector_new_for_paths (RdxSelectorFunc func,
                            gpointer        user_data,
                            GDestroyNotify  destroy,
                            const char     *first_path,
                            ...)
{
  g_autoptr (GPtrArray) inputs =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_selector_unref);
  const char *path;
  va_list     args;

  g_return_val_if_fail (first_path != NULL, NULL);

  va_start (args, first_path);
  for (path = first_path; path != NULL; path = va_arg (args, const char *))
    {
      RdxSelector *input = rdx_selector_new_path (path);

      if (input == NULL)
        {
          /* As on every failure, @user_data is not kept: free it. */
          va_end (args);
          if (destroy != NULL)
            destroy (user_data);
          return NULL;
        }
      g_ptr_array_add (inputs, input);
    }
  va_end (args);

  return rdx_selector_newv (func, user_data, destroy, (RdxSelector *const *) inputs->pdata,
                            inputs->len);
}

/**
 * rdx_selector_ref:
 * @self: a selector
 *
 * Takes a reference to the selector.
 *
 * Returns: (transfer full): @self
 */
RdxSelector *
rdx_selector_ref (RdxSelector *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * rdx_selector_unref:
 * @self: (transfer full): a selector
 *
 * Drops a reference; the last one frees the selector, its memo and its
 * user data.
 */
void
rdx_selector_unref (RdxSelector *self)
{
  guint i;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (i = 0; i < self->n_segments; i++)
    g_free (self->segments[i].key);
  g_free (self->segments);
  g_free (self->path);
  for (i = 0; i < self->n_inputs; i++)
    {
      rdx_selector_unref (self->inputs[i]);
      g_clear_pointer (&self->last_inputs[i], rdx_value_unref);
    }
  g_free (self->inputs);
  g_free (self->last_inputs);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_clear_pointer (&self->last_state, rdx_value_unref);
  g_clear_pointer (&self->result, rdx_value_unref);
  g_free (self);
}

/**
 * rdx_selector_get_path:
 * @self: a selector
 *
 * Gets the path of a path selector.
 *
 * Returns: (nullable): the path of a path selector, %NULL for a computed one
 */
const char *
rdx_selector_get_path (RdxSelector *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

static RdxValue *
walk_path (RdxSelector *self, RdxValue *node)
{
  guint i;

  for (i = 0; i < self->n_segments && node != NULL; i++)
    {
      const Segment *segment = &self->segments[i];

      switch (rdx_value_get_kind (node))
        {
          case RDX_VALUE_MAP:
            node = rdx_map_get (node, segment->key);
            break;
          case RDX_VALUE_LIST:
            node = segment->is_index ? rdx_list_get (node, segment->index) : NULL;
            break;
          default:
            node = NULL;
        }
    }
  return node;
}

/* Takes @result and keeps it, unless it equals the current one. */
static void
keep_result (RdxSelector *self, RdxValue *result)
{
  if (self->computed && result != NULL && self->result != NULL && result != self->result &&
      rdx_value_equal (result, self->result))
    {
      rdx_value_unref (result);
      return;
    }
  g_clear_pointer (&self->result, rdx_value_unref);
  self->result = result;
  self->computed = TRUE;
}

static void
compute (RdxSelector *self, RdxValue *state)
{
  gboolean  changed = !self->computed;
  RdxValue *result;
  guint     i;

  for (i = 0; i < self->n_inputs; i++)
    {
      RdxValue *value = rdx_selector_select (self->inputs[i], state);

      if (value == self->last_inputs[i])
        continue;
      changed = TRUE;
      if (value != NULL)
        rdx_value_ref (value);
      g_clear_pointer (&self->last_inputs[i], rdx_value_unref);
      self->last_inputs[i] = value;
    }
  if (!changed)
    return;

  self->busy = TRUE;
  result = self->func ((RdxValue *const *) self->last_inputs, self->n_inputs, self->user_data);
  self->busy = FALSE;
  keep_result (self, result);
}

/**
 * rdx_selector_select:
 * @self: a selector
 * @state: the state to select from
 *
 * Selects from @state, computing only what changed since the last call.
 *
 * Returns: (transfer none) (nullable): the result, %NULL when a path does
 *   not exist (or a function returned %NULL); valid until @self selects from
 *   another state, so take a reference to keep it
 */
RdxValue *
rdx_selector_select (RdxSelector *self, RdxValue *state)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (state == self->last_state)
    return self->result;

  if (self->busy)
    {
      g_critical ("A selector was asked to select while its own function ran. Selector "
                  "functions must be pure: they may only read their inputs.");
      return NULL;
    }

  if (self->path != NULL)
    {
      /* Part of the state: a new pointer is a change (no equality walk). */
      RdxValue *result = walk_path (self, state);

      if (result != self->result)
        {
          if (result != NULL)
            rdx_value_ref (result);
          g_clear_pointer (&self->result, rdx_value_unref);
          self->result = result;
        }
    }
  else
    compute (self, state);

  rdx_value_ref (state);
  g_clear_pointer (&self->last_state, rdx_value_unref);
  self->last_state = state;
  return self->result;
}

/**
 * rdx_store_select:
 * @store: a store
 * @selector: a selector
 *
 * Selects from the store's current state, on the store's thread.
 *
 * Returns: (transfer none) (nullable): the result, as [method@Rdx.Selector.select]
 */
RdxValue *
rdx_store_select (RdxStore *store, RdxSelector *selector)
{
  RdxValue *state;

  g_return_val_if_fail (RDX_IS_STORE (store), NULL);
  g_return_val_if_fail (selector != NULL, NULL);

  state = rdx_store_get_state (store);
  return state != NULL ? rdx_selector_select (selector, state) : NULL;
}

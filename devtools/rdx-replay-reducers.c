/* rdx-replay-reducers.c: the reducer sets rdx-replay replays against
 *
 * A small example lives here, a counter; the bank of rdx-bank and the
 * tiny bank live with the bank domain (reducers/). To replay an
 * application's sessions, add its root reducer to the table at the end,
 * one line.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>

#include "bank-tiny.h"
#include "bank.h"
#include "rdx-replay-reducers.h"

/* The counter: {"count": n}.
 *   counter.increment, counter.decrement, counter.reset,
 *   counter.add {"amount": n} */

static RdxValue *
counter_with (RdxValue *state, gint64 count)
{
  return rdx_map_set_take (state, "count", rdx_value_new_int (count));
}

/* The count plus @delta, or %NULL with @error set when that does not fit
 * in 64 bits: a reducer refuses arithmetic that would overflow. */
static RdxValue *
counter_add (RdxValue *state, gint64 count, gint64 delta, RdxAction *action, GError **error)
{
  gint64 sum;

  if (__builtin_add_overflow (count, delta, &sum))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "\"%s\" would take the count from %" G_GINT64_FORMAT " past the %s a 64-bit "
                   "integer holds.",
                   rdx_action_get_type_name (action), count, delta > 0 ? "largest" : "smallest");
      return NULL;
    }
  return counter_with (state, sum);
}

static RdxValue *
counter_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *count_value;
  gint64    count;

  if (state == NULL)
    return rdx_map_new_take ("count", rdx_value_new_int (0), NULL);

  count_value = rdx_map_get (state, "count");
  count =
    count_value != NULL && rdx_value_is_int (count_value) ? rdx_value_get_int (count_value) : 0;

  if (rdx_action_is (action, "counter.increment"))
    return counter_add (state, count, 1, action, error);
  if (rdx_action_is (action, "counter.decrement"))
    return counter_add (state, count, -1, action, error);
  if (rdx_action_is (action, "counter.reset"))
    return counter_with (state, 0);
  if (rdx_action_is (action, "counter.add"))
    {
      RdxValue *payload = rdx_action_get_payload (action);
      RdxValue *amount = rdx_value_is_map (payload) ? rdx_map_get (payload, "amount") : NULL;

      if (amount == NULL || !rdx_value_is_int (amount))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "counter.add needs an integer \"amount\".");
          return NULL;
        }
      return counter_add (state, count, rdx_value_get_int (amount), action, error);
    }
  return rdx_value_ref (state);
}

/**
 * rdx_replay_counter_reducer_new:
 *
 * Returns: (transfer full): the counter example's reducer
 */
RdxReducer *
rdx_replay_counter_reducer_new (void)
{
  return rdx_reducer_new (counter_reduce, NULL, NULL);
}

/* The table: one line per reducer set. */
static const RdxReplayReducerSet reducer_sets[] = {
  { "counter", "org.rdx.examples.Counter",
    "a counter (counter.increment, .decrement, .reset, .add {amount})",
    rdx_replay_counter_reducer_new },
  { "tiny-bank", "org.rdx.examples.TinyBank",
    "a tiny bank (bank.open, .deposit, .withdraw, .transfer; amounts in cents)",
    bank_tiny_reducer_new },
  { "bank", BANK_APP_ID, "rdx-bank: accounts, transfers, reversals, budgets (docs/bank-events.md)",
    bank_reducer_new },
};

/**
 * rdx_replay_reducers_list:
 * @n_sets: (out): the number of sets
 *
 * Returns: (array length=n_sets): every reducer set
 */
const RdxReplayReducerSet *
rdx_replay_reducers_list (guint *n_sets)
{
  *n_sets = G_N_ELEMENTS (reducer_sets);
  return reducer_sets;
}

/**
 * rdx_replay_reducers_find:
 * @name_or_app_id: a set's name or app id
 *
 * Returns: (nullable): the set, or %NULL if there is none by that name
 */
const RdxReplayReducerSet *
rdx_replay_reducers_find (const char *name_or_app_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (reducer_sets); i++)
    if (strcmp (reducer_sets[i].name, name_or_app_id) == 0 ||
        strcmp (reducer_sets[i].app_id, name_or_app_id) == 0)
      return &reducer_sets[i];
  return NULL;
}

/**
 * rdx_replay_reducers_load:
 * @module_paths: (nullable) (array zero-terminated=1): reducer-set modules
 *   to load
 * @error: return location for a [struct@GLib.Error]
 *
 * The sets rdx-replay and rdx-debugger replay against: the built-in ones,
 * then those of each module.
 *
 * Returns: (transfer full) (nullable): the sets, or %NULL with @error set
 *   when a module cannot be loaded
 */
RdxReducerSets *
rdx_replay_reducers_load (char **module_paths, GError **error)
{
  g_autoptr (RdxReducerSets) sets = rdx_reducer_sets_new ();

  for (guint i = 0; i < G_N_ELEMENTS (reducer_sets); i++)
    rdx_reducer_sets_add (sets, reducer_sets[i].name, reducer_sets[i].app_id,
                          reducer_sets[i].summary, reducer_sets[i].new_reducer);
  for (guint i = 0; module_paths != NULL && module_paths[i] != NULL; i++)
    if (!rdx_reducer_sets_load_module (sets, module_paths[i], error))
      return NULL;
  return g_steal_pointer (&sets);
}

/**
 * rdx_replay_reducers_print:
 * @sets: reducer sets
 *
 * Prints one line per set, for `--list`.
 */
void
rdx_replay_reducers_print (RdxReducerSets *sets)
{
  for (guint i = 0; i < rdx_reducer_sets_get_n_sets (sets); i++)
    {
      const RdxReducerSet *set = rdx_reducer_sets_get_set (sets, i);

      printf ("%-12s %-28s %s\n", set->name, set->app_id, set->summary);
    }
}

/**
 * rdx_replay_reducers_print_actions:
 * @sets: reducer sets
 * @name_or_app_id: a set's name or app id
 * @error: return location for a #GError
 *
 * Prints the action types the set's root reducer declares
 * (rdx_reducer_list_actions()), one a line with the schema its payload
 * must fit, for `--list-actions`; or says that it declares none (a reducer
 * that is not made of slices).
 *
 * Returns: %FALSE with @error set when there is no such set
 */
gboolean
rdx_replay_reducers_print_actions (RdxReducerSets *sets, const char *name_or_app_id, GError **error)
{
  const RdxReducerSet *set = rdx_reducer_sets_find (sets, name_or_app_id);
  g_autoptr (RdxReducer) reducer = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  int width = 0;

  if (set == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "there is no reducer set \"%s\" (see --list).", name_or_app_id);
      return FALSE;
    }
  reducer = set->new_reducer ();
  actions = rdx_reducer_list_actions (reducer);
  if (actions->len == 0)
    {
      printf ("The reducer set \"%s\" declares no action types: its reducer is not made of "
              "slices (docs/reducers.md).\n",
              set->name);
      return TRUE;
    }
  for (guint i = 0; i < actions->len; i++)
    width = MAX (width, (int) strlen (((const RdxActionInfo *) actions->pdata[i])->type));
  for (guint i = 0; i < actions->len; i++)
    {
      const RdxActionInfo *info = actions->pdata[i];
      g_autofree char     *schema = info->schema != NULL ? rdx_schema_to_string (info->schema)
                                                         : g_strdup ("(any payload; no schema)");

      printf ("%-*s  %s\n", width, info->type, schema);
    }
  return TRUE;
}

/* rdx-slice.h: slices, a feature's reducer as a table of cases
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

/**
 * RdxCaseFunc:
 * @state: (transfer none): the slice's state, never %NULL (the initial
 *   state before the slice has one); or the part of it the case's path
 *   names
 * @payload: (transfer none): the action's payload, which fits the case's
 *   schema
 * @error: return location for a [struct@GLib.Error]
 *
 * One case of a slice: computes the next state for one action type, like
 * an [callback@Rdx.ReducerFunc]. It runs only once the payload fits its schema, so it
 * reads the fields it needs with no checks of its own.
 *
 * Returns: (transfer full) (nullable): the next state (a new reference to
 *   @state when nothing changes), or %NULL with @error set to refuse the
 *   action
 */
typedef RdxValue *(*RdxCaseFunc) (RdxValue *state, RdxValue *payload, GError **error);

/**
 * RdxSliceCase:
 * @type: the action type the case handles, such as "todos.add"
 * @schema: (nullable): the schema its payload must fit (see [struct@Rdx.Schema]),
 *   or %NULL for an action that carries no payload
 * @reduce: (nullable): the case; %NULL for a case whose payload becomes
 *   the new value (of the state, or of the part @path names)
 * @path: (nullable): a JSON Pointer to the part of the slice's state the
 *   case works on: the case gets the value there and what it returns goes
 *   there, the rest of the state shared; %NULL for the whole state
 *
 * One row of a slice's table, given to [func@Rdx.slice_new], in the way a
 * [struct@Gio.ActionEntry] array is given to [method@Gio.ActionMap.add_action_entries]:
 *
 * |[<!-- language="C" -->
 * { "todos.clear_done", NULL, clear_done, "/items" },    // gets and returns /items
 * { "todos.filter", "'all' | 'active' | 'done'", NULL, "/filter" },  // sets /filter
 * ]|
 */
typedef struct
{
  const char *type;
  const char *schema;
  RdxCaseFunc reduce;
  const char *path;
  /*< private >*/
  gsize padding[1];
} RdxSliceCase;

/**
 * RdxActionInfo:
 * @type: an action type a reducer declares
 * @schema: (nullable): the schema its payload must fit, %NULL when the
 *   reducer says nothing of its payload (a slice always gives one: `null`
 *   for a case without a payload)
 * @slice: (nullable): the name of the slice that declares it
 *
 * What [method@Rdx.Reducer.list_actions] tells of one action type. It belongs to
 * the reducer and stays valid while the reducer lives.
 */
typedef struct
{
  const char      *type;
  const RdxSchema *schema;
  const char      *slice;
} RdxActionInfo;

/**
 * RdxSliceFunc:
 * @type: the action type of the case to run, one of those given to
 *   [func@Rdx.slice_new_full]
 * @state: (transfer none): the slice's state, or the part of it the case's
 *   path names
 * @payload: (transfer none): the action's payload, which fits the case's
 *   schema
 * @user_data: the data given to [func@Rdx.slice_new_full]
 * @error: return location for a [struct@GLib.Error]
 *
 * Runs the case of a slice made by [func@Rdx.slice_new_full] for @type, as an
 * [callback@Rdx.CaseFunc] does for one type.
 *
 * Returns: (transfer full) (nullable): the next state (a new reference to
 *   @state when nothing changes), or %NULL with @error set to refuse the
 *   action
 */
typedef RdxValue *(*RdxSliceFunc) (const char *type,
                                   RdxValue   *state,
                                   RdxValue   *payload,
                                   gpointer    user_data,
                                   GError    **error);

RdxReducer *rdx_slice_new (const char         *name,
                           RdxValue           *initial_state,
                           const RdxSliceCase *cases,
                           gssize              n_cases);
RdxReducer *rdx_slice_new_full (const char        *name,
                                RdxValue          *initial_state,
                                const char *const *types,
                                const char *const *schemas,
                                const char *const *paths,
                                RdxSliceFunc       func,
                                gpointer           user_data,
                                GDestroyNotify     destroy);
const char *rdx_slice_get_name (RdxReducer *reducer);
RdxReducer *rdx_combine_slices (RdxReducer *first_slice, ...) G_GNUC_NULL_TERMINATED;
RdxReducer *rdx_combine_slicesv (RdxReducer *const *slices, guint n_slices);

GPtrArray           *rdx_reducer_list_actions (RdxReducer *reducer);
const RdxActionInfo *rdx_reducer_find_action (RdxReducer *reducer, const char *type);
RdxAction           *rdx_reducer_create_action (RdxReducer *reducer,
                                                const char *type,
                                                RdxValue   *payload,
                                                GError    **error);

G_END_DECLS

/* rdx-reducer-private.h: what slices and combined reducers declare
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-reducer.h"

G_BEGIN_DECLS

/* Whether a reducer handles an action type: slices know, and so does a
 * combination of reducers that all know; a reducer function does not. */
typedef enum
{
  RDX_HANDLES_NO,
  RDX_HANDLES_YES,
  RDX_HANDLES_UNKNOWN,
} RdxHandles;

/* What a slice (rdx-slice.c) or a combined reducer tells about itself; a
 * reducer made with rdx_reducer_new() has no table. */
typedef struct
{
  /* Appends the const RdxActionInfo * it declares to @out. */
  void (*list_actions) (gpointer user_data, GPtrArray *out);
  /* Whether it handles @type (an interned string). */
  RdxHandles (*handles) (gpointer user_data, const char *type);
} RdxReducerTable;

struct _RdxReducer
{
  gatomicrefcount     ref_count;
  RdxReducerOwnedFunc owned; /* or NULL: func only */
  RdxReducerFunc      func;  /* or NULL: owned only */
  gpointer            user_data;
  GDestroyNotify      destroy;
  /* What a slice or a combination declares (above). */
  const RdxReducerTable *table;
  /* rdx_dev_checks_enabled (), which never changes in a process. */
  gboolean dev_checks;
  /* func when there are no development checks, else NULL: what
   * rdx_reducer_reduce_fast () calls. */
  RdxReducerFunc fast;
};

void                   rdx_reducer_set_table (RdxReducer *self, const RdxReducerTable *table);
const RdxReducerTable *rdx_reducer_get_table (RdxReducer *self);
gpointer               rdx_reducer_get_user_data (RdxReducer *self);
void                   rdx_reducer_list_actions_into (RdxReducer *self, GPtrArray *out);
RdxHandles             rdx_reducer_handles (RdxReducer *self, const char *type);

/* Applies a %RDX_ACTION_STATE_REPLACED action to @state: the state it
 * carries, with the keys it keeps from @state. */
RdxValue *rdx_reducer_replace_state (RdxValue *state, RdxAction *action, GError **error);

/* Development checks (rdx-slice.c): on when RDX_DEV_CHECKS=1, or by
 * default in a debug build of rdx. rdx_reducer_reduce() calls
 * rdx_dev_check_root() after each outermost reducer run. */
gboolean rdx_dev_checks_enabled (void);
void     rdx_dev_check_root (RdxReducer *root, RdxAction *action);

/* What rdx_reducer_reduce () makes of a reducer function's result: @next,
 * or %NULL with @error set (from @local_error, taken, or a new one). */
RdxValue *
rdx_reducer_returned (RdxValue *next, GError *local_error, RdxAction *action, GError **error);

/* rdx_reducer_reduce () for the store's dispatch (arguments known good):
 * a reducer function without the development checks is called here. */
static inline RdxValue *
rdx_reducer_reduce_fast (RdxReducer *self, RdxValue *state, RdxAction *action, GError **error)
{
  if (G_LIKELY (self->fast != NULL))
    {
      GError   *local_error = NULL;
      RdxValue *next = self->fast (state, action, self->user_data, &local_error);

      if (G_LIKELY (next != NULL && local_error == NULL))
        return next;
      return rdx_reducer_returned (next, local_error, action, error);
    }
  return rdx_reducer_reduce (self, state, action, error);
}

G_END_DECLS

/* todo-reducer.c: the to-do list as one slice (docs/reducers.md); no GTK.
 * {"items": {"1": {"id": 1, "title": "Milk", "done": false}}, "filter": "all", "next_id": 2}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "todo-reducer.h"

static RdxValue *
add (RdxValue *state, RdxValue *title, GError **error)
{
  gint64           id = rdx_map_get_int (state, "next_id", 1);
  g_autofree char *path = g_strdup_printf ("/items/%" G_GINT64_FORMAT, id);
  g_autoptr (RdxDraft) draft = rdx_draft_new (state);

  rdx_draft_set_take (draft, path,
                      rdx_map_new_take ("id", rdx_value_new_int (id), "title",
                                        rdx_value_ref (title), "done", rdx_value_new_bool (FALSE),
                                        NULL));
  rdx_draft_set_int (draft, "/next_id", id + 1);
  return rdx_draft_finish (g_steal_pointer (&draft), error);
}

static RdxValue *
negate (RdxValue *done, gpointer user_data, GError **error)
{
  if (done == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no such to-do");
  return done != NULL ? rdx_value_new_bool (!rdx_value_get_bool (done)) : NULL;
}

static RdxValue *
toggle (RdxValue *items, RdxValue *id, GError **error)
{
  g_autofree char *done = g_strdup_printf ("/%" G_GINT64_FORMAT "/done", rdx_value_get_int (id));

  return rdx_value_update_path (items, done, negate, NULL, error);
}

static RdxValue *
remove_item (RdxValue *items, RdxValue *id, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, rdx_value_get_int (id));

  return rdx_map_remove (items, key);
}

static RdxValue *
with_done (RdxValue *item, gpointer done)
{
  return rdx_map_set (item, "done", done);
}

static RdxValue *
mark_all (RdxValue *items, RdxValue *done, GError **error)
{
  return rdx_map_map (items, with_done, done);
}

static const RdxSliceCase todo_cases[] = {
  { "todos.add", "string 1..200", add },
  { "todos.toggle", "int > 0", toggle, "/items" },
  { "todos.remove", "int > 0", remove_item, "/items" },
  { "todos.mark-all", "bool", mark_all, "/items" },
  { "todos.filter", "'all' | 'active' | 'done'", NULL, "/filter" },
};

RdxReducer *
todo_slice_new (void)
{
  g_autoptr (RdxValue) initial =
    rdx_value_from_json ("{\"items\": {}, \"filter\": \"all\", \"next_id\": 1}", -1, NULL);

  return rdx_slice_new ("todos", initial, todo_cases, G_N_ELEMENTS (todo_cases));
}

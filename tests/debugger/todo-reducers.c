/* todo-reducers.c: a small to-do reducer set for the debugger's tests
 *
 * The state: {"todos": {"items": [{"id", "title", "done"}], "next_id": n},
 *             "ui": {"filter": "all"}}.
 *   todo.add {"title"}, todo.toggle {"id"}, todo.remove {"id"},
 *   ui.filter {"filter"} (a UI-only action)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "todo-reducers.h"

static gint64
item_index (RdxValue *items, RdxAction *action, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *id = rdx_value_is_map (payload) ? rdx_map_get (payload, "id") : NULL;

  for (guint i = 0; id != NULL && rdx_value_is_int (id) && i < rdx_list_length (items); i++)
    if (rdx_value_get_int (rdx_map_get (rdx_list_get (items, i), "id")) == rdx_value_get_int (id))
      return i;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "\"%s\": there is no to-do with that id.",
               rdx_action_get_type_name (action));
  return -1;
}

static RdxValue *
todos_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *items = state != NULL ? rdx_map_get (state, "items") : NULL;
  gint64    index;

  if (state == NULL)
    return rdx_map_new_take ("items", rdx_list_new (), "next_id", rdx_value_new_int (1), NULL);
  if (rdx_action_is (action, "todo.add"))
    {
      RdxValue *title = rdx_value_is_map (payload) ? rdx_map_get (payload, "title") : NULL;
      gint64    id = rdx_value_get_int (rdx_map_get (state, "next_id"));

      if (title == NULL || !rdx_value_is_string (title) || *rdx_value_get_string (title) == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "\"todo.add\" needs a non-empty \"title\".");
          return NULL;
        }
      items = rdx_list_append_take (items, rdx_map_new_take ("id", rdx_value_new_int (id), "title",
                                                             rdx_value_ref (title), "done",
                                                             rdx_value_new_bool (FALSE), NULL));
      return rdx_map_new_take ("items", items, "next_id", rdx_value_new_int (id + 1), NULL);
    }
  if (rdx_action_is (action, "todo.toggle") || rdx_action_is (action, "todo.remove"))
    {
      g_autoptr (RdxValue) toggled = NULL;
      RdxValue *item;

      if ((index = item_index (items, action, error)) < 0)
        return NULL;
      if (rdx_action_is (action, "todo.remove"))
        return rdx_map_set_take (state, "items", rdx_list_remove (items, index));
      item = rdx_list_get (items, index);
      toggled = rdx_map_set_take (
        item, "done", rdx_value_new_bool (!rdx_value_get_bool (rdx_map_get (item, "done"))));
      return rdx_map_set_take (state, "items", rdx_list_set (items, index, toggled));
    }
  return rdx_value_ref (state);
}

static RdxValue *
ui_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *filter = rdx_value_is_map (payload) ? rdx_map_get (payload, "filter") : NULL;

  if (state == NULL)
    return rdx_map_new_take ("filter", rdx_value_new_string ("all"), NULL);
  if (!rdx_action_is (action, "ui.filter"))
    return rdx_value_ref (state);
  if (filter == NULL || !rdx_value_is_string (filter))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"ui.filter\" needs a string \"filter\".");
      return NULL;
    }
  return rdx_map_set (state, "filter", filter);
}

/**
 * todo_reducer_new:
 *
 * Returns: (transfer full): the to-do list's root reducer
 */
RdxReducer *
todo_reducer_new (void)
{
  g_autoptr (RdxReducer) todos = rdx_reducer_new (todos_reduce, NULL, NULL);
  g_autoptr (RdxReducer) ui = rdx_reducer_new (ui_reduce, NULL, NULL);

  return rdx_combine_reducers ("todos", todos, "ui", ui, NULL);
}

/* rdx-collection.c: filter, map, find and sort over lists and maps
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"
#include "rdx-collection.h"
#include "rdx-value-private.h"

#include <string.h>

/* Each operation calls its function once per element, in order (a list's
 * order; for a map, its iteration order, which depends only on its keys),
 * and returns a value that shares what it can with its input: the input
 * itself when nothing changed, and otherwise the input's untouched nodes,
 * changed in place in a builder where only few elements change. */

/* Below this share of removed elements, a filter removes them from the
 * list (sharing the rest of its nodes); above, it builds the list anew. */
#define FILTER_REMOVE_SHARE 8

/* The entries of a list or a map, walked one way for both. */
typedef struct
{
  gboolean    is_map;
  RdxListIter list;
  RdxMapIter  map;
  guint       index;
} Entries;

static void
entries_init (Entries *entries, RdxValue *container)
{
  entries->is_map = rdx_value_holds (container, RDX_VALUE_MAP);
  entries->index = 0;
  if (entries->is_map)
    rdx_map_iter_init (&entries->map, container);
  else
    rdx_list_iter_init (&entries->list, container);
}

/* The next entry: its value, and its key (maps) or its index (lists). */
static gboolean
entries_next (Entries *entries, const char **key, guint *index, RdxValue **value)
{
  *index = entries->index++;
  if (entries->is_map)
    return rdx_map_iter_next (&entries->map, key, value);
  *key = NULL;
  return rdx_list_iter_next (&entries->list, value);
}

/* What rdx_list_map() and rdx_map_map() do: @container itself when @func
 * gives every value back, else a builder's copy with the new ones. */
static RdxValue *
transform (RdxValue *container, RdxTransformFunc func, gpointer user_data)
{
  g_autoptr (RdxMapBuilder) map = NULL;
  g_autoptr (RdxListBuilder) list = NULL;
  Entries     entries;
  const char *key;
  RdxValue   *value;
  guint       index;

  entries_init (&entries, container);
  while (entries_next (&entries, &key, &index, &value))
    {
      g_autoptr (RdxValue) mapped = func (value, user_data);

      g_return_val_if_fail (mapped != NULL, rdx_value_ref (container));
      if (mapped == value)
        continue;
      if (key != NULL)
        rdx_map_builder_set (map != NULL ? map : (map = rdx_map_builder_new (container)), key,
                             mapped);
      else
        rdx_list_builder_set (list != NULL ? list : (list = rdx_list_builder_new (container)),
                              index, mapped);
    }
  if (map != NULL)
    return rdx_map_builder_end (g_steal_pointer (&map));
  if (list != NULL)
    return rdx_list_builder_end (g_steal_pointer (&list));
  return rdx_value_ref (container);
}

/* What rdx_list_find() and rdx_map_find() do. */
static RdxValue *
find (RdxValue        *container,
      RdxPredicateFunc func,
      gpointer         user_data,
      const char     **found_key,
      guint           *found_index)
{
  Entries     entries;
  const char *key;
  RdxValue   *value;
  guint       index;

  entries_init (&entries, container);
  while (entries_next (&entries, &key, &index, &value))
    if (func (value, user_data))
      {
        if (found_key != NULL)
          *found_key = key;
        if (found_index != NULL)
          *found_index = index;
        return value;
      }
  return NULL;
}

/**
 * rdx_list_filter: (method)
 * @list: a list
 * @func: (scope call): says which elements to keep
 * @user_data: data for @func
 *
 * Keeps the elements of a list a function chooses, in a new list.
 *
 * Returns: (transfer full): a list of the elements of @list for which
 *   @func is %TRUE, in order; @list itself when it keeps them all
 */
RdxValue *
rdx_list_filter (RdxValue *list, RdxPredicateFunc func, gpointer user_data)
{
  g_autoptr (GArray) dropped = NULL;
  RdxListIter iter;
  RdxValue   *element;
  guint       i = 0, n;

  g_return_val_if_fail (rdx_value_holds (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  dropped = g_array_new (FALSE, FALSE, sizeof (guint));
  rdx_list_iter_init (&iter, list);
  for (; rdx_list_iter_next (&iter, &element); i++)
    if (!func (element, user_data))
      g_array_append_val (dropped, i);
  if (dropped->len == 0)
    return rdx_value_ref (list);

  n = rdx_list_length (list);
  if (dropped->len * FILTER_REMOVE_SHARE <= n)
    {
      g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (list);

      for (i = dropped->len; i > 0; i--)
        rdx_list_builder_remove (builder, g_array_index (dropped, guint, i - 1));
      return rdx_list_builder_end (g_steal_pointer (&builder));
    }
  else
    {
      g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
      guint next = 0;

      rdx_list_iter_init (&iter, list);
      for (i = 0; rdx_list_iter_next (&iter, &element); i++)
        {
          if (next < dropped->len && g_array_index (dropped, guint, next) == i)
            next++;
          else
            rdx_list_builder_append (builder, element);
        }
      return rdx_list_builder_end (g_steal_pointer (&builder));
    }
}

/**
 * rdx_list_map: (method)
 * @list: a list
 * @func: (scope call): makes each element's replacement
 * @user_data: data for @func
 *
 * Replaces each element of a list by what a function makes of it, in a new list.
 *
 * Returns: (transfer full): a list of what @func makes of each element;
 *   @list itself when @func gives every element back unchanged (the same
 *   pointer)
 */
RdxValue *
rdx_list_map (RdxValue *list, RdxTransformFunc func, gpointer user_data)
{
  g_return_val_if_fail (rdx_value_holds (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return transform (list, func, user_data);
}

/**
 * rdx_list_find: (method)
 * @list: a list
 * @func: (scope call): says which element is sought
 * @user_data: data for @func
 * @index: (out) (optional): where the position of the element found goes
 *
 * Finds the first element of a list a function chooses.
 *
 * Returns: (transfer none) (nullable): the first element for which @func
 *   is %TRUE, or %NULL when there is none (and *@index is not set)
 */
RdxValue *
rdx_list_find (RdxValue *list, RdxPredicateFunc func, gpointer user_data, guint *index)
{
  g_return_val_if_fail (rdx_value_holds (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return find (list, func, user_data, NULL, index);
}

typedef struct
{
  const char    *key; /* maps: ties between values go by key */
  RdxValue      *value;
  RdxCompareFunc func;
  gpointer       user_data;
} SortItem;

static gint
sort_items_cb (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const SortItem *x = a, *y = b;
  int             order;

  order = x->func != NULL ? x->func (x->value, y->value, x->user_data)
                          : rdx_value_compare (x->value, y->value);
  if (order == 0 && x->key != NULL)
    order = strcmp (x->key, y->key);
  return order;
}

/* Sorts the values of @container (stably; a map's ties by key) into a
 * list: @container itself when it is a list in that order already. */
static RdxValue *
sort (RdxValue *container, RdxCompareFunc func, gpointer user_data)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (SortItem));
  g_autoptr (RdxListBuilder) builder = NULL;
  SortItem item = { NULL, NULL, func, user_data };
  gboolean moved = FALSE;
  Entries  entries;
  guint    i;

  entries_init (&entries, container);
  while (entries_next (&entries, &item.key, &i, &item.value))
    g_array_append_val (items, item);
  g_qsort_with_data (items->data, items->len, sizeof (SortItem), sort_items_cb, NULL);

  for (i = 0; i < items->len && !entries.is_map && !moved; i++)
    moved = g_array_index (items, SortItem, i).value != rdx_list_get (container, i);
  if (!entries.is_map && !moved)
    return rdx_value_ref (container);

  builder = rdx_list_builder_new (NULL);
  for (i = 0; i < items->len; i++)
    rdx_list_builder_append (builder, g_array_index (items, SortItem, i).value);
  return rdx_list_builder_end (g_steal_pointer (&builder));
}

/**
 * rdx_list_sort: (method)
 * @list: a list
 * @func: (scope call) (nullable): the order, or %NULL for [method@Rdx.Value.compare]'s
 * @user_data: data for @func
 *
 * Sorts stably: equivalent elements keep their order.
 *
 * Returns: (transfer full): the sorted list; @list itself when it was
 *   sorted already
 */
RdxValue *
rdx_list_sort (RdxValue *list, RdxCompareFunc func, gpointer user_data)
{
  g_return_val_if_fail (rdx_value_holds (list, RDX_VALUE_LIST), NULL);

  return sort (list, func, user_data);
}

/**
 * rdx_map_filter: (method)
 * @map: a map
 * @func: (scope call): says which values to keep
 * @user_data: data for @func
 *
 * Keeps the entries of a map a function chooses, in a new map.
 *
 * Returns: (transfer full): a map of the entries of @map whose value
 *   @func keeps; @map itself when it keeps them all
 */
RdxValue *
rdx_map_filter (RdxValue *map, RdxPredicateFunc func, gpointer user_data)
{
  g_autoptr (GPtrArray) dropped = NULL;
  g_autoptr (RdxMapBuilder) builder = NULL;
  RdxMapIter  iter;
  const char *key;
  RdxValue   *value;
  guint       i;

  g_return_val_if_fail (rdx_value_holds (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  dropped = g_ptr_array_new ();
  rdx_map_iter_init (&iter, map);
  while (rdx_map_iter_next (&iter, &key, &value))
    if (!func (value, user_data))
      g_ptr_array_add (dropped, (gpointer) key);
  if (dropped->len == 0)
    return rdx_value_ref (map);

  builder = rdx_map_builder_new (map);
  for (i = 0; i < dropped->len; i++)
    rdx_map_builder_remove (builder, dropped->pdata[i]);
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

/**
 * rdx_map_map: (method)
 * @map: a map
 * @func: (scope call): makes each value's replacement
 * @user_data: data for @func
 *
 * Replaces each value of a map by what a function makes of it, in a new map.
 *
 * Returns: (transfer full): a map with the same keys and what @func makes
 *   of each value; @map itself when @func gives every value back unchanged
 */
RdxValue *
rdx_map_map (RdxValue *map, RdxTransformFunc func, gpointer user_data)
{
  g_return_val_if_fail (rdx_value_holds (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return transform (map, func, user_data);
}

/**
 * rdx_map_find: (method)
 * @map: a map
 * @func: (scope call): says which value is sought
 * @user_data: data for @func
 * @key: (out) (optional) (transfer none): where the key of the value found
 *   goes, valid while @map lives
 *
 * Finds a value for which @func is %TRUE. When several are, which one is
 * found depends only on the map's keys (not on how it was built).
 *
 * Returns: (transfer none) (nullable): the value, or %NULL when there is
 *   none
 */
RdxValue *
rdx_map_find (RdxValue *map, RdxPredicateFunc func, gpointer user_data, const char **key)
{
  g_return_val_if_fail (rdx_value_holds (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return find (map, func, user_data, key, NULL);
}

/**
 * rdx_map_sort: (method)
 * @map: a map
 * @func: (scope call) (nullable): the order of the values, or %NULL for
 *   [method@Rdx.Value.compare]'s
 * @user_data: data for @func
 *
 * Lists the values of @map in order, equivalent values by their keys (in
 * byte order), so the result depends only on the map's content.
 *
 * Returns: (transfer full): a list of the values of @map
 */
RdxValue *
rdx_map_sort (RdxValue *map, RdxCompareFunc func, gpointer user_data)
{
  g_return_val_if_fail (rdx_value_holds (map, RDX_VALUE_MAP), NULL);

  return sort (map, func, user_data);
}

/* rdx-collection.h: filter, map, find and sort over lists and maps
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
 * RdxPredicateFunc:
 * @value: (transfer none): an element of a list, or a value of a map
 * @user_data: the data given with the function
 *
 * Says whether a value is one of those sought, for the filter and find functions of
 * [struct@Rdx.Value].
 *
 * Returns: %TRUE if @value is one of those sought
 */
typedef gboolean (*RdxPredicateFunc) (RdxValue *value, gpointer user_data);

/**
 * RdxTransformFunc:
 * @value: (transfer none): an element of a list, or a value of a map
 * @user_data: the data given with the function
 *
 * Makes the replacement of a value, for [method@Rdx.Value.list_map] and
 * [method@Rdx.Value.map_map].
 *
 * Returns: (transfer full): what @value becomes (a new reference to
 *   @value itself to leave it as it is)
 */
typedef RdxValue *(*RdxTransformFunc) (RdxValue *value, gpointer user_data);

/**
 * RdxCompareFunc:
 * @a: (transfer none): a value
 * @b: (transfer none): another value
 * @user_data: the data given with the function
 *
 * Orders two values, for [method@Rdx.Value.list_sort] and [method@Rdx.Value.map_sort].
 *
 * Returns: a negative number if @a comes first, a positive one if @b
 *   does, 0 if they are equivalent
 */
typedef int (*RdxCompareFunc) (RdxValue *a, RdxValue *b, gpointer user_data);

RdxValue *rdx_list_filter (RdxValue *list, RdxPredicateFunc func, gpointer user_data);
RdxValue *rdx_list_map (RdxValue *list, RdxTransformFunc func, gpointer user_data);
RdxValue *rdx_list_find (RdxValue *list, RdxPredicateFunc func, gpointer user_data, guint *index);
RdxValue *rdx_list_sort (RdxValue *list, RdxCompareFunc func, gpointer user_data);

RdxValue *rdx_map_filter (RdxValue *map, RdxPredicateFunc func, gpointer user_data);
RdxValue *rdx_map_map (RdxValue *map, RdxTransformFunc func, gpointer user_data);
RdxValue *rdx_map_find (RdxValue *map, RdxPredicateFunc func, gpointer user_data, const char **key);
RdxValue *rdx_map_sort (RdxValue *map, RdxCompareFunc func, gpointer user_data);

G_END_DECLS

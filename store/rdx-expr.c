/* rdx-expr.c: functions for GtkBuilder <closure> expressions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"
#include "rdx-expr.h"
#include "rdx-value-typed.h"

/* GtkBuilder calls the function of a <closure> with the expression's
 * "this" object first, then its parameters: these take an RdxValue (a
 * list element, from RdxListItem's "value") and a key. A key starting with
 * '/' is a JSON Pointer into the value; any other key is a key of the
 * map. What is missing, or of another kind, gives the type's empty value,
 * so a row shows blank rather than garbage while it is being set up.
 *
 * GtkBuilder finds them by name in the program's symbols, which holds
 * when rdx is linked as librdx-1 (the pkg-config module). A program that
 * links rdx statically adds the ones it uses to a GtkBuilderCScope. */

static RdxValue *
lookup (RdxValue *value, const char *key)
{
  if (value == NULL || key == NULL)
    return NULL;
  if (key[0] == '/')
    return rdx_value_get_path (value, key);
  if (!rdx_value_holds (value, RDX_VALUE_MAP))
    return NULL;
  return rdx_map_get (value, key);
}

/**
 * rdx_expr_get_string:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: (nullable): a value, usually a map
 * @key: a key of @value, or a JSON Pointer into it
 *
 * For `<closure type="gchararray" function="rdx_expr_get_string">` in a
 * `.ui` file:
 *
 * |[<!-- language="xml" -->
 * <binding name="label">
 *   <closure type="gchararray" function="rdx_expr_get_string">
 *     <lookup name="value" type="RdxListItem">
 *       <lookup name="item">GtkListItem</lookup>
 *     </lookup>
 *     <constant type="gchararray">title</constant>
 *   </closure>
 * </binding>
 * ]|
 *
 * Returns: (transfer full): the string there as it is, any other value as
 *   JSON, "" when there is nothing (or null)
 */
char *
rdx_expr_get_string (gpointer this_object, RdxValue *value, const char *key)
{
  RdxValue *found = lookup (value, key);

  if (found == NULL || rdx_value_is_null (found))
    return g_strdup ("");
  if (rdx_value_is_string (found))
    return g_strdup (rdx_value_get_string (found));
  return rdx_value_to_json (found);
}

/**
 * rdx_expr_get_int:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: (nullable): a value, usually a map
 * @key: a key of @value, or a JSON Pointer into it
 *
 * For `<closure type="gint64" function="rdx_expr_get_int">`.
 *
 * Returns: the integer there, or 0
 */
gint64
rdx_expr_get_int (gpointer this_object, RdxValue *value, const char *key)
{
  RdxValue *found = lookup (value, key);

  return found != NULL && rdx_value_is_int (found) ? rdx_value_get_int (found) : 0;
}

/**
 * rdx_expr_get_bool:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: (nullable): a value, usually a map
 * @key: a key of @value, or a JSON Pointer into it
 *
 * For `<closure type="gboolean" function="rdx_expr_get_bool">`.
 *
 * Returns: the boolean there, or %FALSE
 */
gboolean
rdx_expr_get_bool (gpointer this_object, RdxValue *value, const char *key)
{
  RdxValue *found = lookup (value, key);

  return found != NULL && rdx_value_holds (found, RDX_VALUE_BOOL) && rdx_value_get_bool (found);
}

/**
 * rdx_expr_get_double:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: (nullable): a value, usually a map
 * @key: a key of @value, or a JSON Pointer into it
 *
 * For `<closure type="gdouble" function="rdx_expr_get_double">`.
 *
 * Returns: the number there (an integer converted), or 0
 */
double
rdx_expr_get_double (gpointer this_object, RdxValue *value, const char *key)
{
  RdxValue *found = lookup (value, key);

  if (found != NULL && rdx_value_holds (found, RDX_VALUE_DOUBLE))
    return rdx_value_get_double (found);
  return found != NULL && rdx_value_is_int (found) ? (double) rdx_value_get_int (found) : 0;
}

/**
 * rdx_expr_get_map:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: (nullable): a value, usually a map
 * @key: a key of @value, or a JSON Pointer into it
 *
 * For `<closure type="RdxValue" function="rdx_expr_get_map">`, to go on
 * into a nested map.
 *
 * Returns: (transfer full): the map there, or the empty map
 */
RdxValue *
rdx_expr_get_map (gpointer this_object, RdxValue *value, const char *key)
{
  RdxValue *found = lookup (value, key);

  return rdx_value_ref (found != NULL && rdx_value_is_map (found) ? found : rdx_map_new ());
}

/**
 * rdx_expr_get_list:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: (nullable): a value, usually a map
 * @key: a key of @value, or a JSON Pointer into it
 *
 * For `<closure type="RdxValue" function="rdx_expr_get_list">`.
 *
 * Returns: (transfer full): the list there, or the empty list
 */
RdxValue *
rdx_expr_get_list (gpointer this_object, RdxValue *value, const char *key)
{
  RdxValue *found = lookup (value, key);

  return rdx_value_ref (found != NULL && rdx_value_is_list (found) ? found : rdx_list_new ());
}

/**
 * rdx_expr_get_variant:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: (nullable): a value, usually a map
 * @key: a key of @value, or a JSON Pointer into it
 *
 * For `<closure type="GVariant" function="rdx_expr_get_variant">`, to
 * bind a row's `action-target` to its id, so a button in a row template
 * dispatches with the row's own id (see docs/reducers.md for the order of
 * `action-name` and `action-target`).
 *
 * Returns: (transfer full) (nullable): the value there as a [struct@GLib.Variant]
 *   ([method@Rdx.Value.to_variant]), %NULL when there is nothing
 */
GVariant *
rdx_expr_get_variant (gpointer this_object, RdxValue *value, const char *key)
{
  RdxValue *found = lookup (value, key);

  return found != NULL ? g_variant_ref_sink (rdx_value_to_variant (found)) : NULL;
}

/**
 * rdx_expr_not:
 * @this_object: (nullable): the expression's "this" object (unused)
 * @value: a boolean
 *
 * For `<closure type="gboolean" function="rdx_expr_not">`.
 *
 * Returns: !@value
 */
gboolean
rdx_expr_not (gpointer this_object, gboolean value)
{
  return !value;
}

/* rdx-value-typed.c: typed reads of map fields and paths
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"
#include "rdx-schema-private.h"
#include "rdx-value-private.h"
#include "rdx-value-typed.h"

/* Typed reads come in two kinds. The getters with a default,
 * rdx_map_get_int (map, "amount", 0), read what is there when it is of the
 * kind asked for and give the default for anything else (a missing key, a
 * value of another kind, a @map that is %NULL or not a map): for fields a
 * schema already checked, and for display. rdx_value_lookup() reads a path
 * that must be there, and says with a #GError what is missing or
 * mistyped. */

static RdxValue *
field (RdxValue *map, const char *key, RdxValueKind kind)
{
  RdxValue *value;

  g_return_val_if_fail (key != NULL, NULL);

  if (map == NULL || rdx_value_kind_fast (map) != RDX_VALUE_MAP)
    return NULL;
  value = rdx_map_get (map, key);
  return value != NULL && rdx_value_kind_fast (value) == kind ? value : NULL;
}

/**
 * rdx_map_get_int: (method)
 * @map: (nullable): a map
 * @key: a key
 * @default_value: what to give when @key does not hold an integer
 *
 * Gets the integer at a key of a map, or a default.
 *
 * Returns: the integer at @key, or @default_value when there is none
 */
gint64
rdx_map_get_int (RdxValue *map, const char *key, gint64 default_value)
{
  RdxValue *value = field (map, key, RDX_VALUE_INT);

  return value != NULL ? rdx_value_get_int (value) : default_value;
}

/**
 * rdx_map_get_double: (method)
 * @map: (nullable): a map
 * @key: a key
 * @default_value: what to give when @key does not hold a number
 *
 * Gets the number at a key of a map as a double, or a default.
 *
 * Returns: the number at @key (a double, or an integer converted), or
 *   @default_value when there is none
 */
double
rdx_map_get_double (RdxValue *map, const char *key, double default_value)
{
  RdxValue *value = field (map, key, RDX_VALUE_DOUBLE);

  if (value != NULL)
    return rdx_value_get_double (value);
  value = field (map, key, RDX_VALUE_INT);
  return value != NULL ? (double) rdx_value_get_int (value) : default_value;
}

/**
 * rdx_map_get_bool: (method)
 * @map: (nullable): a map
 * @key: a key
 * @default_value: what to give when @key does not hold a boolean
 *
 * Gets the boolean at a key of a map, or a default.
 *
 * Returns: the boolean at @key, or @default_value when there is none
 */
gboolean
rdx_map_get_bool (RdxValue *map, const char *key, gboolean default_value)
{
  RdxValue *value = field (map, key, RDX_VALUE_BOOL);

  return value != NULL ? rdx_value_get_bool (value) : default_value;
}

/**
 * rdx_map_get_string: (method)
 * @map: (nullable): a map
 * @key: a key
 * @default_value: (nullable): what to give when @key does not hold a
 *   string
 *
 * Gets the string at a key of a map, or a default.
 *
 * Returns: (transfer none) (nullable): the string at @key, valid while
 *   @map lives, or @default_value when there is none
 */
const char *
rdx_map_get_string (RdxValue *map, const char *key, const char *default_value)
{
  RdxValue *value = field (map, key, RDX_VALUE_STRING);

  return value != NULL ? rdx_value_get_string (value) : default_value;
}

/**
 * rdx_map_get_map: (method)
 * @map: (nullable): a map
 * @key: a key
 *
 * Gets the map at a key of a map, or the empty map.
 *
 * Returns: (transfer none): the map at @key, or the empty map when there is
 *   none, so calls chain: `rdx_map_get_int (rdx_map_get_map (state,
 *   "totals"), "count", 0)`
 */
RdxValue *
rdx_map_get_map (RdxValue *map, const char *key)
{
  RdxValue *value = field (map, key, RDX_VALUE_MAP);

  return value != NULL ? value : rdx_map_new ();
}

/**
 * rdx_map_get_list: (method)
 * @map: (nullable): a map
 * @key: a key
 *
 * Gets the list at a key of a map, or the empty list.
 *
 * Returns: (transfer none): the list at @key, or the empty list when there
 *   is none
 */
RdxValue *
rdx_map_get_list (RdxValue *map, const char *key)
{
  RdxValue *value = field (map, key, RDX_VALUE_LIST);

  return value != NULL ? value : rdx_list_new ();
}

/* "/a/b" is missing: says which step is not there. */
static RdxValue *
missing (GError **error, const char *path, GPtrArray *segments, guint i, RdxValue *parent)
{
  g_autofree char *where = g_strdup ("");
  guint            j;

  for (j = 0; j < i; j++)
    {
      char *longer = rdx_path_append (where, segments->pdata[j]);

      g_free (where);
      where = longer;
    }
  if (rdx_value_kind_fast (parent) == RDX_VALUE_MAP)
    g_set_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_MISSING,
                 "%s is missing: %s has no key \"%s\"", path, *where != '\0' ? where : "the root",
                 (const char *) segments->pdata[i]);
  else if (rdx_value_kind_fast (parent) == RDX_VALUE_LIST)
    g_set_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_MISSING,
                 "%s is missing: %s is a list of %u elements", path,
                 *where != '\0' ? where : "the root", rdx_list_length (parent));
  else
    g_set_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_MISSING,
                 "%s is missing: %s is %s, not a map or a list", path,
                 *where != '\0' ? where : "the root",
                 rdx_schema_kind_words (rdx_value_kind_fast (parent)));
  return NULL;
}

/**
 * rdx_value_lookup:
 * @root: a value
 * @path: a JSON Pointer, such as "/accounts/acc-1/balance"
 * @kind: the kind the value there must be
 * @error: return location for a [struct@GLib.Error]
 *
 * Reads the value at @path that must be there and be of @kind, saying
 * what is wrong when it is not: "/accounts/acc-9 is missing: /accounts
 * has no key \"acc-9\"" (%RDX_SCHEMA_ERROR_MISSING), "/accounts/acc-1/balance
 * is a string, not an integer" (%RDX_SCHEMA_ERROR_KIND). A malformed @path
 * is %RDX_VALUE_ERROR_INVALID_PATH.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL with @error set
 */
RdxValue *
rdx_value_lookup (RdxValue *root, const char *path, RdxValueKind kind, GError **error)
{
  g_autoptr (GPtrArray) segments = NULL;
  RdxValue *node = root;
  guint     i;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (kind <= RDX_VALUE_MAP, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  segments = rdx_path_split (path, error);
  if (segments == NULL)
    return NULL;
  for (i = 0; i < segments->len; i++)
    {
      RdxValue *child;
      guint     index;

      if (rdx_value_kind_fast (node) == RDX_VALUE_MAP)
        child = rdx_map_get (node, segments->pdata[i]);
      else if (rdx_value_kind_fast (node) == RDX_VALUE_LIST &&
               rdx_path_parse_index (segments->pdata[i], &index))
        child = rdx_list_get (node, index);
      else
        child = NULL;
      if (child == NULL)
        return missing (error, path, segments, i, node);
      node = child;
    }
  if (rdx_value_kind_fast (node) != kind)
    {
      g_set_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_KIND, "%s is %s, not %s",
                   *path != '\0' ? path : "the root",
                   rdx_schema_kind_words (rdx_value_kind_fast (node)),
                   rdx_schema_kind_words (kind));
      return NULL;
    }
  return node;
}

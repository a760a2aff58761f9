/* rdx-value-variant.c: conversion to and from GVariant
 *
 * Values become self-describing variants that GAction parameters, GSettings
 * and D-Bus can carry: lists are `av`, maps `a{sv}` and null is the `mv`
 * Nothing. Reading accepts any variant with a value equivalent.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>

#include "rdx-value-private.h"

/* Output */

static GVariant *list_to_variant (RdxValue *list);
static GVariant *map_to_variant (RdxValue *map);

static GVariant *
value_to_variant (RdxValue *value)
{
  switch (rdx_value_get_kind (value))
    {
      case RDX_VALUE_NULL:
        return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
      case RDX_VALUE_BOOL:
        return g_variant_new_boolean (rdx_value_get_bool (value));
      case RDX_VALUE_INT:
        return g_variant_new_int64 (rdx_value_get_int (value));
      case RDX_VALUE_DOUBLE:
        return g_variant_new_double (rdx_value_get_double (value));
      case RDX_VALUE_STRING:
        return g_variant_new_string (rdx_value_get_string (value));
      case RDX_VALUE_LIST:
        return list_to_variant (value);
      case RDX_VALUE_MAP:
        return map_to_variant (value);
      default:
        g_assert_not_reached ();
    }
}

static GVariant *
list_to_variant (RdxValue *list)
{
  GVariantBuilder builder;
  RdxListIter     iter;
  RdxValue       *element;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &element))
    g_variant_builder_add_value (&builder, g_variant_new_variant (value_to_variant (element)));
  return g_variant_builder_end (&builder);
}

static GVariant *
map_to_variant (RdxValue *map)
{
  g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (map);
  GVariantBuilder builder;
  guint           i;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      g_variant_builder_add (&builder, "{sv}", key, value_to_variant (rdx_map_get (map, key)));
    }
  return g_variant_builder_end (&builder);
}

/**
 * rdx_value_to_variant:
 * @self: a value
 *
 * Converts @self to a [struct@GLib.Variant]: null is the `mv` Nothing, booleans `b`,
 * integers `x`, doubles `d`, strings `s`, lists `av` and maps `a{sv}` with
 * their entries in key order.
 *
 * Returns: (transfer floating): a floating reference to a new [struct@GLib.Variant],
 *   like [ctor@GLib.Variant.new]
 */
GVariant *
rdx_value_to_variant (RdxValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return value_to_variant (self);
}

/* Input */

static RdxValue *
variant_to_value (GVariant *variant, const RdxPathLink *link, guint depth, GError **error);

static RdxValue *
bytes_to_value (GVariant *variant)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  const guint8 *bytes;
  gsize         n;
  gsize         i;

  bytes = g_variant_get_fixed_array (variant, &n, sizeof (guint8));
  for (i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (bytes[i]));
  return rdx_list_builder_end (g_steal_pointer (&builder));
}

static RdxValue *
children_to_list (GVariant *variant, const RdxPathLink *link, guint depth, GError **error)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  gsize n = g_variant_n_children (variant);
  gsize i;

  for (i = 0; i < n; i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (variant, i);
      RdxPathLink here = { link, NULL, i };
      RdxValue   *element = variant_to_value (child, &here, depth, error);

      if (element == NULL)
        return NULL;
      rdx_list_builder_append_take (builder, element);
    }
  return rdx_list_builder_end (g_steal_pointer (&builder));
}

static RdxValue *
dictionary_to_map (GVariant *variant, const RdxPathLink *link, guint depth, GError **error)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  gsize n = g_variant_n_children (variant);
  gsize i;

  for (i = 0; i < n; i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (variant, i);
      g_autoptr (GVariant) key_variant = g_variant_get_child_value (entry, 0);
      g_autoptr (GVariant) child = g_variant_get_child_value (entry, 1);
      const char *key = g_variant_get_string (key_variant, NULL);
      RdxPathLink here = { link, key, 0 };
      RdxValue   *value;
      guint       size;

      /* GVariant checks strings in serialised data; this is for the rest. */
      if (!g_utf8_validate (key, -1, NULL))
        return rdx_path_link_error (error, link, RDX_VALUE_ERROR_INVALID_UTF8,
                                    "a dictionary key is not valid UTF-8");

      value = variant_to_value (child, &here, depth, error);
      if (value == NULL)
        return NULL;

      size = rdx_map_builder_size (builder);
      rdx_map_builder_set_take (builder, key, value);
      if (rdx_map_builder_size (builder) == size)
        return rdx_path_link_error (error, link, RDX_VALUE_ERROR_DUPLICATE_KEY,
                                    "the dictionary has the key \"%s\" twice", key);
    }
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

static RdxValue *
container_to_value (GVariant *variant, const RdxPathLink *link, guint depth, GError **error)
{
  const GVariantType *type = g_variant_get_type (variant);
  const GVariantType *element;
  const GVariantType *key;

  /* Check the depth before going down, so the C stack stays bounded. */
  if (depth >= RDX_VALUE_MAX_DEPTH)
    return rdx_path_link_error (error, link, RDX_VALUE_ERROR_TOO_DEEP,
                                "values may not be nested more than %u levels deep",
                                RDX_VALUE_MAX_DEPTH);

  if (g_variant_type_is_tuple (type))
    return children_to_list (variant, link, depth + 1, error);

  if (g_variant_type_equal (type, G_VARIANT_TYPE_BYTESTRING))
    return bytes_to_value (variant);

  element = g_variant_type_element (type);
  if (!g_variant_type_is_dict_entry (element))
    return children_to_list (variant, link, depth + 1, error);

  key = g_variant_type_key (element);
  if (!g_variant_type_equal (key, G_VARIANT_TYPE_STRING) &&
      !g_variant_type_equal (key, G_VARIANT_TYPE_OBJECT_PATH) &&
      !g_variant_type_equal (key, G_VARIANT_TYPE_SIGNATURE))
    return rdx_path_link_error (
      error, link, RDX_VALUE_ERROR_UNSUPPORTED,
      "a dictionary of type '%s' has no value equivalent: map keys must be "
      "strings ('s', 'o' or 'g')",
      g_variant_get_type_string (variant));

  return dictionary_to_map (variant, link, depth + 1, error);
}

static RdxValue *
variant_to_value (GVariant *variant, const RdxPathLink *link, guint depth, GError **error)
{
  g_autoptr (GVariant) unboxed = g_variant_ref (variant);
  g_autoptr (GError) local_error = NULL;
  RdxValue   *string;
  const char *text;
  gsize       length;
  guint64     u;
  double      d;

  /* Boxes and maybes hold no value of their own: unwrap them in a loop, so
   * that even a long chain of them does not recurse. */
  for (;;)
    {
      GVariant *inner;

      if (g_variant_is_of_type (unboxed, G_VARIANT_TYPE_VARIANT))
        inner = g_variant_get_variant (unboxed);
      else if (g_variant_is_of_type (unboxed, G_VARIANT_TYPE_MAYBE))
        inner = g_variant_get_maybe (unboxed);
      else
        break;

      if (inner == NULL)
        return rdx_value_new_null ();
      g_variant_unref (unboxed);
      unboxed = inner;
    }

  switch (g_variant_classify (unboxed))
    {
      case G_VARIANT_CLASS_BOOLEAN:
        return rdx_value_new_bool (g_variant_get_boolean (unboxed));
      case G_VARIANT_CLASS_BYTE:
        return rdx_value_new_int (g_variant_get_byte (unboxed));
      case G_VARIANT_CLASS_INT16:
        return rdx_value_new_int (g_variant_get_int16 (unboxed));
      case G_VARIANT_CLASS_UINT16:
        return rdx_value_new_int (g_variant_get_uint16 (unboxed));
      case G_VARIANT_CLASS_INT32:
        return rdx_value_new_int (g_variant_get_int32 (unboxed));
      case G_VARIANT_CLASS_UINT32:
        return rdx_value_new_int (g_variant_get_uint32 (unboxed));
      case G_VARIANT_CLASS_INT64:
        return rdx_value_new_int (g_variant_get_int64 (unboxed));
      case G_VARIANT_CLASS_UINT64:
        u = g_variant_get_uint64 (unboxed);
        if (u > G_MAXINT64)
          return rdx_path_link_error (
            error, link, RDX_VALUE_ERROR_OUT_OF_RANGE,
            "the uint64 %" G_GUINT64_FORMAT " does not fit in a 64-bit signed integer", u);
        return rdx_value_new_int ((gint64) u);
      case G_VARIANT_CLASS_HANDLE:
        return rdx_path_link_error (error, link, RDX_VALUE_ERROR_UNSUPPORTED,
                                    "file descriptor handles ('h') have no value equivalent");
      case G_VARIANT_CLASS_DOUBLE:
        d = g_variant_get_double (unboxed);
        if (!isfinite (d))
          return rdx_path_link_error (error, link, RDX_VALUE_ERROR_OUT_OF_RANGE,
                                      "the double %g is not finite", d);
        return rdx_value_new_double (d);
      case G_VARIANT_CLASS_STRING:
      case G_VARIANT_CLASS_OBJECT_PATH:
      case G_VARIANT_CLASS_SIGNATURE:
        /* GVariant checks the strings of serialised data, not those of
         * variants made with g_variant_new_take_string() and friends. */
        text = g_variant_get_string (unboxed, &length);
        string = rdx_value_new_string_checked (text, (gssize) length, &local_error);
        if (string == NULL)
          return rdx_path_link_error (error, link, local_error->code, "%s", local_error->message);
        return string;
      case G_VARIANT_CLASS_ARRAY:
      case G_VARIANT_CLASS_TUPLE:
        return container_to_value (unboxed, link, depth, error);
      case G_VARIANT_CLASS_DICT_ENTRY:
        return rdx_path_link_error (
          error, link, RDX_VALUE_ERROR_UNSUPPORTED,
          "a dictionary entry of type '%s' outside a dictionary has no value "
          "equivalent",
          g_variant_get_type_string (unboxed));
      case G_VARIANT_CLASS_VARIANT:
      case G_VARIANT_CLASS_MAYBE:
      default:
        g_assert_not_reached ();
    }
}

/**
 * rdx_value_from_variant:
 * @variant: a [struct@GLib.Variant]; if it is floating, this function consumes it
 * @error: return location for a [struct@GLib.Error]
 *
 * Converts a [struct@GLib.Variant] to a value. Booleans stay booleans; every integer
 * type becomes an integer (a `t` above %G_MAXINT64 is an error); doubles must
 * be finite; strings, object paths and signatures become strings. Boxes
 * (`v`) are looked through, a maybe is null when it is Nothing and its
 * content otherwise. Dictionaries with string keys (`a{s*}`, `a{o*}`,
 * `a{g*}`) become maps; a key given twice is an error. Other arrays,
 * including `ay`, and tuples become lists. Handles (`h`) and dictionaries
 * with other keys have no equivalent.
 *
 * Nesting is limited to [const@Rdx.VALUE_MAX_DEPTH] levels, and the variant's
 * serialised size to [const@Rdx.VALUE_MAX_INPUT] bytes. Errors name the JSON
 * Pointer of the value that could not be converted.
 *
 * Like the [ctor@GLib.Variant.new] family, this takes a floating reference with
 * [method@GLib.Variant.ref_sink] and drops it before returning, so
 * `rdx_value_from_variant (g_variant_new ("i", 1), NULL)` does not leak.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
RdxValue *
rdx_value_from_variant (GVariant *variant, GError **error)
{
  g_autoptr (GVariant) owned = NULL;
  gsize size;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  owned = g_variant_ref_sink (variant);

  size = g_variant_get_size (owned);
  if (size > RDX_VALUE_MAX_INPUT)
    return rdx_path_link_error (error, NULL, RDX_VALUE_ERROR_TOO_LARGE,
                                "the variant is %" G_GSIZE_FORMAT
                                " bytes long, more than the limit of %u bytes",
                                size, RDX_VALUE_MAX_INPUT);

  return variant_to_value (owned, NULL, 0, error);
}

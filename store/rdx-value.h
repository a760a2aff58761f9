/* rdx-value.h: persistent immutable values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "rdx-types.h"

G_BEGIN_DECLS

/**
 * RdxValueError:
 * @RDX_VALUE_ERROR_INVALID_JSON: the text is not strict JSON (RFC 8259)
 * @RDX_VALUE_ERROR_INVALID_UTF8: a string is not valid UTF-8, or holds NUL
 * @RDX_VALUE_ERROR_TOO_DEEP: nesting deeper than the limit
 * @RDX_VALUE_ERROR_TOO_LARGE: input larger than the limit
 * @RDX_VALUE_ERROR_OUT_OF_RANGE: a number that does not fit (an integer
 *   beyond 64 bits, a non-finite double)
 * @RDX_VALUE_ERROR_DUPLICATE_KEY: a JSON object names a key twice
 * @RDX_VALUE_ERROR_UNSUPPORTED: a GVariant type with no value equivalent
 * @RDX_VALUE_ERROR_INVALID_PATH: a malformed path, a path that runs
 *   through a value that is not a map or a list, or a list index that is
 *   not there
 *
 * Errors in the %RDX_VALUE_ERROR domain.
 */
typedef enum
{
  RDX_VALUE_ERROR_INVALID_JSON,
  RDX_VALUE_ERROR_INVALID_UTF8,
  RDX_VALUE_ERROR_TOO_DEEP,
  RDX_VALUE_ERROR_TOO_LARGE,
  RDX_VALUE_ERROR_OUT_OF_RANGE,
  RDX_VALUE_ERROR_DUPLICATE_KEY,
  RDX_VALUE_ERROR_UNSUPPORTED,
  RDX_VALUE_ERROR_INVALID_PATH,
} RdxValueError;

/**
 * rdx_value_error_quark:
 *
 * The error domain of values, %RDX_VALUE_ERROR: its codes are [error@Rdx.ValueError].
 *
 * Returns: the domain's quark
 */
#define RDX_VALUE_ERROR (rdx_value_error_quark ())
GQuark rdx_value_error_quark (void);

/**
 * RDX_VALUE_MAX_DEPTH:
 *
 * The default nesting limit for values read from outside (JSON, GVariant).
 */
#define RDX_VALUE_MAX_DEPTH 512

/**
 * RDX_VALUE_MAX_INPUT:
 *
 * The default size limit, in bytes, for JSON and GVariant input.
 */
#define RDX_VALUE_MAX_INPUT (256u * 1024u * 1024u)

#define RDX_TYPE_VALUE (rdx_value_get_type ())
GType rdx_value_get_type (void) G_GNUC_CONST;

/* Scalars */
RdxValue *rdx_value_new_null (void);
RdxValue *rdx_value_new_bool (gboolean v);
RdxValue *rdx_value_new_int (gint64 v);
RdxValue *rdx_value_new_double (double v);
RdxValue *rdx_value_new_string (const char *utf8);
RdxValue *rdx_value_new_string_len (const char *utf8, gssize length);
RdxValue *rdx_value_new_string_checked (const char *text, gssize length, GError **error);
RdxValue *rdx_value_new_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);

RdxValue    *rdx_value_ref (RdxValue *self);
void         rdx_value_unref (RdxValue *self);
RdxValueKind rdx_value_get_kind (RdxValue *self);
const char  *rdx_value_kind_to_string (RdxValueKind kind);
gboolean     rdx_value_holds (RdxValue *self, RdxValueKind kind);
gboolean     rdx_value_is_null (RdxValue *self);
gboolean     rdx_value_is_int (RdxValue *self);
gboolean     rdx_value_is_string (RdxValue *self);
gboolean     rdx_value_is_map (RdxValue *self);
gboolean     rdx_value_is_list (RdxValue *self);

gboolean    rdx_value_get_bool (RdxValue *self);
gint64      rdx_value_get_int (RdxValue *self);
double      rdx_value_get_double (RdxValue *self);
const char *rdx_value_get_string (RdxValue *self);
gsize       rdx_value_get_string_length (RdxValue *self);

/* Maps */

/**
 * RdxMapIter:
 *
 * An iterator over a map, allocated on the stack. Entries come in an order
 * that depends only on the set of keys, never on how the map was built.
 */
typedef struct
{
  /*< private >*/
  gpointer priv[48];
} RdxMapIter;

RdxValue  *rdx_map_new (void);
RdxValue  *rdx_map_new_take (const char *first_key, ...) G_GNUC_NULL_TERMINATED;
RdxValue  *rdx_map_newv (const char *const *keys, RdxValue *const *values, guint n_entries);
RdxValue  *rdx_map_get (RdxValue *map, const char *key);
RdxValue  *rdx_map_get_key (RdxValue *map, RdxValue *key);
gboolean   rdx_map_contains (RdxValue *map, const char *key);
RdxValue  *rdx_map_set (RdxValue *map, const char *key, RdxValue *value);
RdxValue  *rdx_map_set_take (RdxValue *map, const char *key, RdxValue *value);
RdxValue  *rdx_map_remove (RdxValue *map, const char *key);
RdxValue  *rdx_map_update (RdxValue     *map,
                           const char   *key,
                           RdxUpdateFunc func,
                           gpointer      user_data,
                           GError      **error);
guint      rdx_map_size (RdxValue *map);
void       rdx_map_iter_init (RdxMapIter *iter, RdxValue *map);
gboolean   rdx_map_iter_next (RdxMapIter *iter, const char **key, RdxValue **value);
RdxValue  *rdx_map_iter_get_key (RdxMapIter *iter);
GPtrArray *rdx_map_get_sorted_keys (RdxValue *map);

/* Owned updates (see docs/values.md, "In place when unshared"). */
typedef RdxValue *(*RdxOwnedUpdateFunc) (RdxValue *value, gpointer user_data);

RdxValue *rdx_map_set_owned (RdxValue *map, const char *key, RdxValue *value);
RdxValue *
rdx_map_update_owned (RdxValue *map, const char *key, RdxOwnedUpdateFunc func, gpointer user_data);
RdxValue *rdx_map_set_owned_key (RdxValue *map, RdxValue *key, RdxValue *value);
RdxValue *rdx_map_update_owned_key (RdxValue          *map,
                                    RdxValue          *key,
                                    RdxOwnedUpdateFunc func,
                                    gpointer           user_data);

/**
 * RdxMapBuilder: (skip)
 *
 * Builds a map with many updates at once: the updates are applied in place
 * to nodes only the builder can see, so building a map of n entries costs
 * O(n) allocations instead of O(n log n). The map it started from is never
 * changed.
 */

RdxMapBuilder *rdx_map_builder_new (RdxValue *base);
void           rdx_map_builder_set (RdxMapBuilder *builder, const char *key, RdxValue *value);
void           rdx_map_builder_set_take (RdxMapBuilder *builder, const char *key, RdxValue *value);
void           rdx_map_builder_remove (RdxMapBuilder *builder, const char *key);
RdxValue      *rdx_map_builder_get (RdxMapBuilder *builder, const char *key);
guint          rdx_map_builder_size (RdxMapBuilder *builder);
RdxValue      *rdx_map_builder_end (RdxMapBuilder *builder);
void           rdx_map_builder_free (RdxMapBuilder *builder);

/* Lists */

/**
 * RdxListIter:
 *
 * An iterator over a list, allocated on the stack.
 */
typedef struct
{
  /*< private >*/
  gpointer priv[40];
} RdxListIter;

RdxValue *rdx_list_new (void);
RdxValue *rdx_list_new_take (RdxValue *first, ...) G_GNUC_NULL_TERMINATED;
RdxValue *rdx_list_newv (RdxValue *const *values, guint n_values);
RdxValue *rdx_list_get (RdxValue *list, guint index);
RdxValue *rdx_list_append (RdxValue *list, RdxValue *value);
RdxValue *rdx_list_append_take (RdxValue *list, RdxValue *value);
RdxValue *rdx_list_insert (RdxValue *list, guint index, RdxValue *value);
RdxValue *rdx_list_set (RdxValue *list, guint index, RdxValue *value);
RdxValue *rdx_list_remove (RdxValue *list, guint index);
guint     rdx_list_length (RdxValue *list);
void      rdx_list_iter_init (RdxListIter *iter, RdxValue *list);
gboolean  rdx_list_iter_next (RdxListIter *iter, RdxValue **value);

/* Owned updates (see docs/values.md, "In place when unshared"). */
RdxValue *rdx_list_set_owned (RdxValue *list, guint index, RdxValue *value);
RdxValue *rdx_list_append_owned (RdxValue *list, RdxValue *value);

/**
 * RdxListBuilder: (skip)
 *
 * Builds a list by appending many values at once, in place, like
 * [struct@Rdx.MapBuilder].
 */

RdxListBuilder *rdx_list_builder_new (RdxValue *base);
void            rdx_list_builder_append (RdxListBuilder *builder, RdxValue *value);
void            rdx_list_builder_append_take (RdxListBuilder *builder, RdxValue *value);
guint           rdx_list_builder_length (RdxListBuilder *builder);
RdxValue       *rdx_list_builder_end (RdxListBuilder *builder);
void            rdx_list_builder_free (RdxListBuilder *builder);

/* Paths: JSON Pointers (RFC 6901), such as "/accounts/acc-1/balance" */
RdxValue  *rdx_value_get_path (RdxValue *root, const char *path);
RdxValue  *rdx_value_set_path (RdxValue *root, const char *path, RdxValue *value, GError **error);
RdxValue  *rdx_value_remove_path (RdxValue *root, const char *path, GError **error);
char      *rdx_path_append (const char *path, const char *segment);
GPtrArray *rdx_path_split (const char *path, GError **error);

/* Comparison */
gboolean rdx_value_equal (RdxValue *a, RdxValue *b);
guint    rdx_value_hash (RdxValue *self);
int      rdx_value_compare (RdxValue *a, RdxValue *b);

/**
 * RdxDiffFunc:
 * @path: the JSON Pointer of what changed ("" for the root)
 * @old_value: (nullable): the value before, %NULL when it was added
 * @new_value: (nullable): the value after, %NULL when it was removed
 * @user_data: the data given to [method@Rdx.Value.diff]
 *
 * Called by [method@Rdx.Value.diff] for each change.
 *
 * Returns: %TRUE to go on, %FALSE to stop the diff
 */
typedef gboolean (*RdxDiffFunc) (const char *path,
                                 RdxValue   *old_value,
                                 RdxValue   *new_value,
                                 gpointer    user_data);

guint
rdx_value_diff (RdxValue *old_value, RdxValue *new_value, RdxDiffFunc func, gpointer user_data);

/* JSON */
char     *rdx_value_to_json (RdxValue *self);
void      rdx_value_append_json (RdxValue *self, GString *out);
RdxValue *rdx_value_from_json (const char *json, gssize length, GError **error);
RdxValue *rdx_value_from_json_full (const char *json,
                                    gssize      length,
                                    guint       max_depth,
                                    gsize       max_bytes,
                                    GError    **error);
JsonNode *rdx_value_to_json_node (RdxValue *self);
RdxValue *rdx_value_from_json_node (JsonNode *node, GError **error);

/* GVariant */
GVariant *rdx_value_to_variant (RdxValue *self);
RdxValue *rdx_value_from_variant (GVariant *variant, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxValue, rdx_value_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxMapBuilder, rdx_map_builder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxListBuilder, rdx_list_builder_free)

G_END_DECLS

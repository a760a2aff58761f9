/* rdx-value-private.h: the layout of values, for the store layer only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-testing-private.h"
#include "rdx-value.h"

G_BEGIN_DECLS

/* Integers in [RDX_TAGGED_MIN, RDX_TAGGED_MAX] are not allocated: the
 * pointer itself holds the number, shifted left by one, with the low bit set.
 * Every other value is a heap (or static) object starting with RdxValue. */
#define RDX_TAGGED_MIN (-(G_GINT64_CONSTANT (1) << 61))
#define RDX_TAGGED_MAX ((G_GINT64_CONSTANT (1) << 61) - 1)

#define RDX_VALUE_IS_TAGGED(v)   ((((guintptr) (v)) & 1) != 0)
#define RDX_VALUE_TAGGED_INT(v)  (((gint64) (gintptr) (v)) >> 1)
#define RDX_VALUE_FROM_TAGGED(i) ((RdxValue *) (gintptr) (((guint64) (i) << 1) | 1))

enum
{
  RDX_VALUE_FLAG_STATIC = 1 << 0, /* never freed, reference count ignored */
};

struct _RdxValue
{
  gint    ref_count;
  guint8  kind;
  guint8  flags;
  guint16 reserved;
};

typedef struct
{
  RdxValue base;
  guint32  hash;
  guint32  length;
  char     data[];
} RdxString;

typedef struct
{
  RdxValue base;
  double   v;
} RdxDouble;

typedef struct
{
  RdxValue base;
  gint64   v;
} RdxBoxedInt;

/* The null value (rdx_value_new_null ()), for inline callers. */
G_GNUC_INTERNAL extern RdxValue rdx_value_null_static;

/* Counts, on each thread, the changes made in place by the owned updates
 * (rdx_map_set_owned() and the like) and the values freed. An owned
 * reducer run that leaves the state's pointer as it was changed nothing
 * only if this did not move meanwhile: an edit in place keeps the
 * pointer, and a value freed during the run may have given its address
 * to the new state. */
extern __thread guint64 rdx_value_edit_count;

/* The slot of @key's value in @map when the caller's reference is the only
 * one to @map and to every node on the way (so the value can be replaced
 * in place, and handed on by ownership); %NULL when it is shared or @key
 * is missing. The caller that changes *slot calls rdx_map_touch(). */
RdxValue **rdx_map_slot_owned (RdxValue *map, const char *key);
/* The same for a key that is a string value, with the hash it keeps. */
RdxValue **rdx_map_slot_owned_key (RdxValue *map, RdxValue *key);
void       rdx_map_touch (RdxValue *map);

/* Drops one reference from @count; TRUE when it was the last. A count of 1
 * is the caller's alone: nobody else can take or drop a reference
 * meanwhile, so the last reference goes without an atomic operation. */
static inline gboolean
rdx_ref_drop (gint *count)
{
  return g_atomic_int_get (count) == 1 || g_atomic_int_dec_and_test (count);
}

static inline RdxValueKind
rdx_value_kind_fast (RdxValue *v)
{
  return RDX_VALUE_IS_TAGGED (v) ? RDX_VALUE_INT : (RdxValueKind) v->kind;
}

/* rdx_value_holds (), inline, for the library's own argument checks. */
static inline gboolean
rdx_value_holds_fast (RdxValue *v, RdxValueKind kind)
{
  return v != NULL && rdx_value_kind_fast (v) == kind;
}

static inline RdxValue *
rdx_value_ref_fast (RdxValue *v)
{
  if (!RDX_VALUE_IS_TAGGED (v) && !(v->flags & RDX_VALUE_FLAG_STATIC))
    g_atomic_int_inc (&v->ref_count);
  return v;
}

static inline void
rdx_value_unref_fast (RdxValue *v)
{
  void rdx_value_release (RdxValue * value);

  if (!RDX_VALUE_IS_TAGGED (v) && !(v->flags & RDX_VALUE_FLAG_STATIC) &&
      rdx_ref_drop (&v->ref_count))
    rdx_value_release (v);
}

/* JSON Pointers (rdx-value-path.c), for the parts of the store that take
 * paths. */
gboolean rdx_path_parse_index (const char *segment, guint *index);
gpointer rdx_path_error (GError           **error,
                         const char        *path,
                         const char *const *segments,
                         guint              i,
                         RdxValue          *node);
gpointer
rdx_path_dash_error (GError **error, const char *path, const char *const *segments, guint i);

/* A JSON Pointer split into its segments (each unescaped and
 * NUL-terminated) without allocating for short paths: rdx_path_parse()
 * fills it, rdx_path_clear() frees what it allocated. */
typedef struct
{
  guint        n;
  const char **segments;
  /*< private >*/
  char       *text;
  char        stack_text[192];
  const char *stack_segments[16];
} RdxPath;

gboolean rdx_path_parse (RdxPath *path, const char *text, GError **error);
void     rdx_path_clear (RdxPath *path);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdxPath, rdx_path_clear)

/* Where a reader of outside input is (JSON, GVariant, JsonNode): a chain on
 * the C stack from the innermost container out, made into a JSON Pointer
 * only for an error message. */
typedef struct _RdxPathLink RdxPathLink;
struct _RdxPathLink
{
  const RdxPathLink *parent;
  const char        *key; /* the member's key, or NULL for an element */
  gsize              index;
};

char    *rdx_path_link_to_string (const RdxPathLink *link);
gpointer rdx_path_link_error (GError           **error,
                              const RdxPathLink *link,
                              RdxValueError      code,
                              const char        *format,
                              ...) G_GNUC_PRINTF (4, 5);

/* The shape of lists (rdx-list.c): at most RDX_LIST_BRANCH entries per
 * node, and a node with fewer than RDX_LIST_MIN is merged with a neighbour.
 * Eight-way nodes measured faster than 16 or 32 for updates: each copied
 * node references fewer shared children. */
#define RDX_LIST_BRANCH 8
#define RDX_LIST_MIN    3

/* In-place edits of a list builder (rdx-list.c), for drafts: like
 * rdx_list_get/set/insert/remove, on the list being built. */
RdxValue *rdx_list_builder_get (RdxListBuilder *builder, guint index);
void      rdx_list_builder_set (RdxListBuilder *builder, guint index, RdxValue *value);
void      rdx_list_builder_insert (RdxListBuilder *builder, guint index, RdxValue *value);
void      rdx_list_builder_remove (RdxListBuilder *builder, guint index);

/* For readers that checked their text already (the JSON reader): a string
 * of @length bytes of valid UTF-8 without NUL, and a builder's key of
 * @length bytes (@value taken). Nothing is checked again. */
RdxValue *rdx_value_new_string_unchecked (const char *utf8, gsize length);
void      rdx_map_builder_set_unchecked (RdxMapBuilder *builder,
                                         const char    *key,
                                         gsize          length,
                                         RdxValue      *value);

/* A map of @n pairs (key, value, key, value, ...; every reference taken)
 * whose keys are string values, all different (the caller checked), in
 * one go; at most RDX_MAP_FROM_PAIRS_MAX pairs. And a builder's update
 * with a key that is a string value already (neither reference taken). */
#define RDX_MAP_FROM_PAIRS_MAX 8
RdxValue *rdx_map_new_from_pairs_unchecked (RdxValue **pairs, guint n);
void rdx_map_builder_set_key_unchecked (RdxMapBuilder *builder, RdxValue *key, RdxValue *value);

/* Hashing of keys: the hash maps use, before the testing mask. */
guint32 rdx_hash_bytes (const char *data, gsize length);

/* Frees a container whose reference count reached zero, deferring nested
 * containers so that freeing deep values never recurses deeply. */
void rdx_value_release (RdxValue *value);

/* Implemented by rdx-map.c and rdx-list.c for rdx-value.c. */
void     rdx_map_free_internal (RdxValue *map);
gboolean rdx_map_equal_internal (RdxValue *a, RdxValue *b);
guint32  rdx_map_hash_internal (RdxValue *map);
void     rdx_list_free_internal (RdxValue *list);
gboolean rdx_list_equal_internal (RdxValue *a, RdxValue *b);
guint32  rdx_list_hash_internal (RdxValue *list);

/* Reports the changes between two maps / lists, for rdx_value_diff(). */
typedef struct _RdxDiffState RdxDiffState;
gboolean rdx_diff_values_internal (RdxDiffState *state, RdxValue *old_value, RdxValue *new_value);
gboolean rdx_map_diff_internal (RdxDiffState *state, RdxValue *old_map, RdxValue *new_map);
gboolean rdx_list_diff_internal (RdxDiffState *state, RdxValue *old_list, RdxValue *new_list);
void     rdx_diff_push_key (RdxDiffState *state, const char *key, gsize length);
void     rdx_diff_push_index (RdxDiffState *state, guint index);
void     rdx_diff_pop (RdxDiffState *state);
gboolean rdx_diff_report (RdxDiffState *state, RdxValue *old_value, RdxValue *new_value);

/* rdx_value_diff() between two maps, one level deep: @key is the map's own
 * key (unescaped). For adapters that only care which entries changed. */
typedef gboolean (*RdxKeyDiffFunc) (const char *key,
                                    RdxValue   *old_value,
                                    RdxValue   *new_value,
                                    gpointer    user_data);
guint
rdx_map_diff_keys (RdxValue *old_map, RdxValue *new_map, RdxKeyDiffFunc func, gpointer user_data);

/**
 * rdx_list_common_prefix / rdx_list_common_suffix:
 *
 * How many leading (trailing) elements two lists share by pointer, found by
 * skipping pointer-equal subtrees: O(log n) for lists one change apart.
 */
guint rdx_list_common_prefix (RdxValue *a, RdxValue *b);
guint rdx_list_common_suffix (RdxValue *a, RdxValue *b, guint limit);

G_END_DECLS

/* rdx-types.h: forward declarations of the rdx types
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every type of the store layer, so that its headers need only this one
 * (G_DECLARE_FINAL_TYPE repeats a typedef, which C11 allows). */
typedef struct _RdxValue        RdxValue;
typedef struct _RdxMapBuilder   RdxMapBuilder;
typedef struct _RdxListBuilder  RdxListBuilder;
typedef struct _RdxAction       RdxAction;
typedef struct _RdxReducer      RdxReducer;
typedef struct _RdxMiddleware   RdxMiddleware;
typedef struct _RdxDispatchNext RdxDispatchNext;
typedef struct _RdxOutcome      RdxOutcome;
typedef struct _RdxStore        RdxStore;
typedef struct _RdxSchema       RdxSchema;
typedef struct _RdxDraft        RdxDraft;
typedef struct _RdxSelector     RdxSelector;
typedef struct _RdxListItem     RdxListItem;
typedef struct _RdxListModel    RdxListModel;
typedef struct _RdxActionGroup  RdxActionGroup;

/**
 * RdxValueKind:
 * @RDX_VALUE_NULL: the null value
 * @RDX_VALUE_BOOL: %TRUE or %FALSE
 * @RDX_VALUE_INT: a signed 64-bit integer (money is always an integer number
 *   of cents)
 * @RDX_VALUE_DOUBLE: a finite double
 * @RDX_VALUE_STRING: a UTF-8 string
 * @RDX_VALUE_LIST: a persistent list of values
 * @RDX_VALUE_MAP: a persistent map from UTF-8 strings to values
 *
 * The kinds of [struct@Rdx.Value].
 */
typedef enum
{
  RDX_VALUE_NULL,
  RDX_VALUE_BOOL,
  RDX_VALUE_INT,
  RDX_VALUE_DOUBLE,
  RDX_VALUE_STRING,
  RDX_VALUE_LIST,
  RDX_VALUE_MAP,
} RdxValueKind;

/**
 * RdxUpdateFunc:
 * @value: (nullable) (transfer none): the value at the path or key, %NULL
 *   when there is none
 * @user_data: the data given with the function
 * @error: return location for a [struct@GLib.Error]
 *
 * Computes the new value at a path ([method@Rdx.Value.update_path]) or of
 * a key ([method@Rdx.Value.map_update]) from the old one.
 *
 * Returns: (transfer full) (nullable): the new value (@value itself, with
 *   a new reference, to change nothing), or %NULL with @error set
 */
typedef RdxValue *(*RdxUpdateFunc) (RdxValue *value, gpointer user_data, GError **error);

G_END_DECLS

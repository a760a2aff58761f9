/* rdx-value-typed.h: typed reads of map fields and paths
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

gint64      rdx_map_get_int (RdxValue *map, const char *key, gint64 default_value);
double      rdx_map_get_double (RdxValue *map, const char *key, double default_value);
gboolean    rdx_map_get_bool (RdxValue *map, const char *key, gboolean default_value);
const char *rdx_map_get_string (RdxValue *map, const char *key, const char *default_value);
RdxValue   *rdx_map_get_map (RdxValue *map, const char *key);
RdxValue   *rdx_map_get_list (RdxValue *map, const char *key);

RdxValue *rdx_value_lookup (RdxValue *root, const char *path, RdxValueKind kind, GError **error);

G_END_DECLS

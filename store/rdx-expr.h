/* rdx-expr.h: functions for GtkBuilder <closure> expressions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

char     *rdx_expr_get_string (gpointer this_object, RdxValue *value, const char *key);
gint64    rdx_expr_get_int (gpointer this_object, RdxValue *value, const char *key);
gboolean  rdx_expr_get_bool (gpointer this_object, RdxValue *value, const char *key);
double    rdx_expr_get_double (gpointer this_object, RdxValue *value, const char *key);
RdxValue *rdx_expr_get_map (gpointer this_object, RdxValue *value, const char *key);
RdxValue *rdx_expr_get_list (gpointer this_object, RdxValue *value, const char *key);
GVariant *rdx_expr_get_variant (gpointer this_object, RdxValue *value, const char *key);
gboolean  rdx_expr_not (gpointer this_object, gboolean value);

G_END_DECLS

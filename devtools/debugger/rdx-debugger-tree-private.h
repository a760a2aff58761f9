/* rdx-debugger-tree-private.h: the lazy state tree of the debugger window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define RDX_TYPE_DEBUGGER_NODE (rdx_debugger_node_get_type ())
G_DECLARE_FINAL_TYPE (RdxDebuggerNode, rdx_debugger_node, RDX, DEBUGGER_NODE, GObject)

/* clang-format off */
const char *rdx_debugger_node_get_key     (RdxDebuggerNode *self);
const char *rdx_debugger_node_get_path    (RdxDebuggerNode *self);
RdxValue   *rdx_debugger_node_get_value   (RdxDebuggerNode *self);
char       *rdx_debugger_node_dup_summary (RdxDebuggerNode *self);

/* A GListModel of RdxDebuggerNode: the members of @container (a map, by
 * sorted key, or a list, by index), made when they are asked for. A node's
 * "value" is notified when an update changes it. */
GListModel *rdx_debugger_children_new (RdxValue   *container,
                                       const char *path);

/* The tree of @state (transfer full): its top-level members, each
 * expandable; a row's children are made when it is expanded, and only the
 * rows a view asks for become objects. */
GtkTreeListModel *rdx_debugger_tree_new    (RdxValue         *state);
/* Moves @tree to @state at the cost of what changed; FALSE when @tree
 * cannot show it (a root of another kind): make a new one. */
gboolean          rdx_debugger_tree_update (GtkTreeListModel *tree,
                                            RdxValue         *state);

/* One line of JSON for @value, cut to about @max_chars. */
char *rdx_debugger_short_json (RdxValue *value,
                               gsize     max_chars);
/* clang-format on */

G_END_DECLS

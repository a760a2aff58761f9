/* rdx-debugger-tree.c: the lazy state tree of the debugger window
 *
 * A state may hold a list of 100,000 elements: expanding it must not make
 * 100,000 objects. The children of a map or a list are a GListModel that
 * makes a node only when GtkTreeListModel (for a row on screen) asks for
 * it; the list's element is read with rdx_list_get () then, in O(log n).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-debugger-tree-private.h"

/* Nodes */

struct _RdxDebuggerNode
{
  GObject parent_instance;

  char     *key;   /* owned: the map key, or "[index]" */
  char     *path;  /* owned: its JSON Pointer in the state */
  RdxValue *value; /* owned */
};

G_DEFINE_FINAL_TYPE (RdxDebuggerNode, rdx_debugger_node, G_TYPE_OBJECT)

static void
rdx_debugger_node_finalize (GObject *object)
{
  RdxDebuggerNode *self = RDX_DEBUGGER_NODE (object);

  g_free (self->key);
  g_free (self->path);
  g_clear_pointer (&self->value, rdx_value_unref);
  G_OBJECT_CLASS (rdx_debugger_node_parent_class)->finalize (object);
}

static void
rdx_debugger_node_class_init (RdxDebuggerNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rdx_debugger_node_finalize;
}

static void
rdx_debugger_node_init (RdxDebuggerNode *self)
{
}

/* Takes @key and @path. */
static RdxDebuggerNode *
node_new (char *key, char *path, RdxValue *value)
{
  RdxDebuggerNode *self = g_object_new (RDX_TYPE_DEBUGGER_NODE, NULL);

  self->key = key;
  self->path = path;
  self->value = rdx_value_ref (value);
  return self;
}

const char *
rdx_debugger_node_get_path (RdxDebuggerNode *self)
{
  return self->path;
}

const char *
rdx_debugger_node_get_key (RdxDebuggerNode *self)
{
  return self->key;
}

RdxValue *
rdx_debugger_node_get_value (RdxDebuggerNode *self)
{
  return self->value;
}

char *
rdx_debugger_short_json (RdxValue *value, gsize max_chars)
{
  g_autofree char *json = rdx_value_to_json (value);
  const char      *cut;

  if (g_utf8_strlen (json, -1) <= (glong) max_chars)
    return g_steal_pointer (&json);
  cut = g_utf8_offset_to_pointer (json, max_chars);
  return g_strdup_printf ("%.*s…", (int) (cut - json), json);
}

/* What the value column shows: scalars as JSON, containers by size. */
char *
rdx_debugger_node_dup_summary (RdxDebuggerNode *self)
{
  switch (rdx_value_get_kind (self->value))
    {
      case RDX_VALUE_MAP:
        return g_strdup_printf ("{…} %u %s", rdx_map_size (self->value),
                                rdx_map_size (self->value) == 1 ? "key" : "keys");
      case RDX_VALUE_LIST:
        return g_strdup_printf ("[…] %u %s", rdx_list_length (self->value),
                                rdx_list_length (self->value) == 1 ? "item" : "items");
      case RDX_VALUE_NULL:
      case RDX_VALUE_BOOL:
      case RDX_VALUE_INT:
      case RDX_VALUE_DOUBLE:
      case RDX_VALUE_STRING:
      default:
        return rdx_debugger_short_json (self->value, 200);
    }
}

/* Children */

#define RDX_TYPE_DEBUGGER_CHILDREN (rdx_debugger_children_get_type ())
G_DECLARE_FINAL_TYPE (RdxDebuggerChildren, rdx_debugger_children, RDX, DEBUGGER_CHILDREN, GObject)

struct _RdxDebuggerChildren
{
  GObject parent_instance;

  RdxValue  *container; /* owned: a map or a list */
  char      *path;      /* owned: the container's JSON Pointer */
  GPtrArray *keys;      /* owned, maps only: the sorted keys */
};

static GType
rdx_debugger_children_get_item_type (GListModel *model)
{
  return RDX_TYPE_DEBUGGER_NODE;
}

static guint
rdx_debugger_children_get_n_items (GListModel *model)
{
  RdxDebuggerChildren *self = RDX_DEBUGGER_CHILDREN (model);

  return self->keys != NULL ? self->keys->len : rdx_list_length (self->container);
}

static gpointer
rdx_debugger_children_get_item (GListModel *model, guint position)
{
  RdxDebuggerChildren *self = RDX_DEBUGGER_CHILDREN (model);
  RdxValue            *value;

  if (self->keys != NULL)
    {
      const char *key;

      if (position >= self->keys->len)
        return NULL;
      key = g_ptr_array_index (self->keys, position);
      return node_new (g_strdup (key), rdx_path_append (self->path, key),
                       rdx_map_get (self->container, key));
    }
  value = rdx_list_get (self->container, position);
  if (value == NULL)
    return NULL;
  return node_new (g_strdup_printf ("[%u]", position),
                   g_strdup_printf ("%s/%u", self->path, position), value);
}

static void
rdx_debugger_children_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rdx_debugger_children_get_item_type;
  iface->get_n_items = rdx_debugger_children_get_n_items;
  iface->get_item = rdx_debugger_children_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (RdxDebuggerChildren,
                               rdx_debugger_children,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rdx_debugger_children_list_model_init))

static void
rdx_debugger_children_finalize (GObject *object)
{
  RdxDebuggerChildren *self = RDX_DEBUGGER_CHILDREN (object);

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->path);
  g_clear_pointer (&self->container, rdx_value_unref);
  G_OBJECT_CLASS (rdx_debugger_children_parent_class)->finalize (object);
}

static void
rdx_debugger_children_class_init (RdxDebuggerChildrenClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rdx_debugger_children_finalize;
}

static void
rdx_debugger_children_init (RdxDebuggerChildren *self)
{
}

GListModel *
rdx_debugger_children_new (RdxValue *container, const char *path)
{
  RdxDebuggerChildren *self = g_object_new (RDX_TYPE_DEBUGGER_CHILDREN, NULL);

  g_assert (rdx_value_is_map (container) || rdx_value_is_list (container));
  self->container = rdx_value_ref (container);
  self->path = g_strdup (path);
  if (rdx_value_is_map (container))
    self->keys = rdx_map_get_sorted_keys (container);
  return G_LIST_MODEL (self);
}

/* The tree */

static gboolean
has_members (RdxValue *value)
{
  return (rdx_value_is_map (value) && rdx_map_size (value) > 0) ||
         (rdx_value_is_list (value) && rdx_list_length (value) > 0);
}

static GListModel *
create_children_cb (gpointer item, gpointer user_data)
{
  RdxDebuggerNode *node = item;

  return has_members (node->value) ? rdx_debugger_children_new (node->value, node->path) : NULL;
}

GtkTreeListModel *
rdx_debugger_tree_new (RdxValue *state)
{
  GListModel *root;

  if (rdx_value_is_map (state) || rdx_value_is_list (state))
    root = rdx_debugger_children_new (state, "");
  else
    {
      GListStore *store = g_list_store_new (RDX_TYPE_DEBUGGER_NODE);
      g_autoptr (RdxDebuggerNode) node = node_new (g_strdup ("state"), g_strdup (""), state);

      g_list_store_append (store, node);
      root = G_LIST_MODEL (store);
    }
  return gtk_tree_list_model_new (root, FALSE, FALSE, create_children_cb, NULL, NULL);
}

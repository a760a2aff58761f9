/* rdx-debugger-tree.c: the lazy state tree of the debugger window
 *
 * A state may hold a list of 100,000 elements: expanding it must not make
 * 100,000 objects. The children of a map or a list are a GListModel that
 * makes a node only when GtkTreeListModel (for a row on screen) asks for
 * it; the list's element is read with rdx_list_get () then, in O(log n).
 *
 * From one state to the next (stepping through the history), the tree is
 * not made again: rdx_debugger_tree_update () walks the diff of the two
 * states, which skips every shared subtree, so it costs the number of
 * changes. A changed value is set on its node, which its row shows; a key
 * added or removed is one row inserted or removed; what is expanded stays
 * expanded, and a 100,000-element list that did not change costs nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "rdx-debugger-tree-private.h"

/* Nodes */

#define RDX_TYPE_DEBUGGER_CHILDREN (rdx_debugger_children_get_type ())
G_DECLARE_FINAL_TYPE (RdxDebuggerChildren, rdx_debugger_children, RDX, DEBUGGER_CHILDREN, GObject)

struct _RdxDebuggerNode
{
  GObject parent_instance;

  char                *key;    /* owned: the map key, or "[index]" */
  char                *path;   /* owned: its JSON Pointer in the state */
  RdxValue            *value;  /* owned */
  RdxDebuggerChildren *parent; /* weak: the model that made it */
};

enum
{
  NODE_PROP_0,
  NODE_PROP_VALUE,
  N_NODE_PROPS
};

static GParamSpec *node_properties[N_NODE_PROPS];

G_DEFINE_FINAL_TYPE (RdxDebuggerNode, rdx_debugger_node, G_TYPE_OBJECT)

static void
rdx_debugger_node_finalize (GObject *object)
{
  RdxDebuggerNode *self = RDX_DEBUGGER_NODE (object);

  g_clear_weak_pointer (&self->parent);
  g_free (self->key);
  g_free (self->path);
  g_clear_pointer (&self->value, rdx_value_unref);
  G_OBJECT_CLASS (rdx_debugger_node_parent_class)->finalize (object);
}

static void
rdx_debugger_node_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxDebuggerNode *self = RDX_DEBUGGER_NODE (object);

  switch (prop_id)
    {
      case NODE_PROP_VALUE:
        g_value_set_boxed (value, self->value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_debugger_node_class_init (RdxDebuggerNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rdx_debugger_node_finalize;
  object_class->get_property = rdx_debugger_node_get_property;
  /* Notified when the tree moves to a state where this member changed. */
  node_properties[NODE_PROP_VALUE] = g_param_spec_boxed ("value", NULL, NULL, RDX_TYPE_VALUE,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_NODE_PROPS, node_properties);
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

struct _RdxDebuggerChildren
{
  GObject parent_instance;

  RdxValue   *container; /* owned: a map or a list */
  char       *path;      /* owned: the container's JSON Pointer */
  char       *key;       /* owned: its key in its parent container; NULL for the root */
  GPtrArray  *keys;      /* owned, maps only: the sorted keys, strings of keys_map */
  RdxValue   *keys_map;  /* owned, maps only: the map whose strings keys holds */
  GHashTable *nodes;     /* the nodes it made that are alive, by key (weak) */
  GHashTable *models;    /* its members' own models that are alive, by key (weak) */
  RdxValue   *previous;  /* while keys change: the map before, for the keys not yet changed */
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

/* Weak references: the nodes and member models a model made are forgotten
 * when they go (they are still intact when told: at dispose). */
static void
node_gone_cb (gpointer data, GObject *where_the_node_was)
{
  RdxDebuggerChildren *self = data;
  RdxDebuggerNode     *node = (RdxDebuggerNode *) where_the_node_was;

  if (g_hash_table_lookup (self->nodes, node->key) == node)
    g_hash_table_remove (self->nodes, node->key);
}

static void
model_gone_cb (gpointer data, GObject *where_the_model_was)
{
  RdxDebuggerChildren *self = data;
  RdxDebuggerChildren *model = (RdxDebuggerChildren *) where_the_model_was;

  if (g_hash_table_lookup (self->models, model->key) == model)
    g_hash_table_remove (self->models, model->key);
}

/* Forgets what was made for the member @key: its row is being replaced. */
static void
forget_member (RdxDebuggerChildren *self, const char *key)
{
  GObject *node = g_hash_table_lookup (self->nodes, key);
  GObject *model = g_hash_table_lookup (self->models, key);

  if (node != NULL)
    {
      g_object_weak_unref (node, node_gone_cb, self);
      g_hash_table_remove (self->nodes, key);
    }
  if (model != NULL)
    {
      g_object_weak_unref (model, model_gone_cb, self);
      g_hash_table_remove (self->models, key);
    }
}

static void
forget_all_members (RdxDebuggerChildren *self)
{
  GHashTableIter iter;
  gpointer       object;

  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, NULL, &object))
    {
      g_object_weak_unref (object, node_gone_cb, self);
      g_hash_table_iter_remove (&iter);
    }
  g_hash_table_iter_init (&iter, self->models);
  while (g_hash_table_iter_next (&iter, NULL, &object))
    {
      g_object_weak_unref (object, model_gone_cb, self);
      g_hash_table_iter_remove (&iter);
    }
}

static char *
index_key (guint position)
{
  return g_strdup_printf ("[%u]", position);
}

/* The node at @position: the living one when there is one (a view asks
 * for an item more than once), so an update finds it. */
static gpointer
rdx_debugger_children_get_item (GListModel *model, guint position)
{
  RdxDebuggerChildren *self = RDX_DEBUGGER_CHILDREN (model);
  g_autofree char     *key = NULL;
  g_autofree char     *path = NULL;
  RdxDebuggerNode     *node;
  RdxValue            *value;

  if (self->keys != NULL)
    {
      if (position >= self->keys->len)
        return NULL;
      key = g_strdup (g_ptr_array_index (self->keys, position));
      value = rdx_map_get (self->container, key);
      if (value == NULL && self->previous != NULL)
        value = rdx_map_get (self->previous, key);
      path = rdx_path_append (self->path, key);
    }
  else
    {
      value = rdx_list_get (self->container, position);
      if (value == NULL)
        return NULL;
      key = index_key (position);
      path = g_strdup_printf ("%s/%u", self->path, position);
    }
  node = g_hash_table_lookup (self->nodes, key);
  if (node != NULL)
    return g_object_ref (node);
  node = node_new (g_steal_pointer (&key), g_steal_pointer (&path), value);
  g_set_weak_pointer (&node->parent, self);
  g_hash_table_insert (self->nodes, node->key, node);
  g_object_weak_ref (G_OBJECT (node), node_gone_cb, self);
  return node;
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

  forget_all_members (self);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->models, g_hash_table_unref);
  g_free (self->key);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->keys_map, rdx_value_unref);
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
  self->nodes = g_hash_table_new (g_str_hash, g_str_equal);
  self->models = g_hash_table_new (g_str_hash, g_str_equal);
  if (rdx_value_is_map (container))
    {
      self->keys = rdx_map_get_sorted_keys (container);
      self->keys_map = rdx_value_ref (container);
    }
  return G_LIST_MODEL (self);
}

/* Updating from state to state */

/* More changed members than this in one container, and its rows are all
 * made again rather than one by one. */
#define MAX_CHANGED_MEMBERS 256

static gboolean
has_members (RdxValue *value)
{
  return (rdx_value_is_map (value) && rdx_map_size (value) > 0) ||
         (rdx_value_is_list (value) && rdx_list_length (value) > 0);
}

/* The first segment of a JSON Pointer, unescaped ("/a~1b/c" gives "a/b"). */
static char *
first_segment (const char *path)
{
  const char *end = strchr (path + 1, '/');
  GString    *out = g_string_new (NULL);

  if (end == NULL)
    end = path + strlen (path);
  for (const char *c = path + 1; c < end; c++)
    {
      if (c[0] == '~' && (c[1] == '0' || c[1] == '1'))
        g_string_append_c (out, *++c == '1' ? '/' : '~');
      else
        g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

/* Collects the members of a container that a diff touches, once each. */
static gboolean
collect_member_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  GHashTable *members = user_data;

  if (*path == '\0')
    return TRUE;
  g_hash_table_add (members, first_segment (path));
  return g_hash_table_size (members) <= MAX_CHANGED_MEMBERS;
}

static void children_update (RdxDebuggerChildren *self, RdxValue *container);

/* The member @key at @position now holds @value: its living node (if its
 * row was made) shows it, and its living model (if it was expanded) its
 * members; when it can no longer be shown the same way (a map that became
 * a list, a scalar that became a map), its row is made again. */
static void
member_update (RdxDebuggerChildren *self, guint position, const char *key, RdxValue *value)
{
  RdxDebuggerNode     *node = g_hash_table_lookup (self->nodes, key);
  RdxDebuggerChildren *model = g_hash_table_lookup (self->models, key);
  RdxValue            *old = node != NULL ? node->value : model != NULL ? model->container : NULL;

  if (old == NULL || old == value)
    return;
  if (rdx_value_get_kind (old) != rdx_value_get_kind (value) ||
      has_members (old) != has_members (value))
    {
      forget_member (self, key);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }
  if (model != NULL)
    children_update (model, value);
  if (node != NULL)
    {
      rdx_value_unref (node->value);
      node->value = rdx_value_ref (value);
      g_object_notify_by_pspec (G_OBJECT (node), node_properties[NODE_PROP_VALUE]);
    }
}

/* Every row made again: for many changes at once. */
static void
children_reset (RdxDebuggerChildren *self, guint old_n)
{
  forget_all_members (self);
  if (self->keys != NULL)
    {
      g_ptr_array_unref (self->keys);
      self->keys = rdx_map_get_sorted_keys (self->container);
      g_clear_pointer (&self->keys_map, rdx_value_unref);
      self->keys_map = rdx_value_ref (self->container);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n,
                              g_list_model_get_n_items (G_LIST_MODEL (self)));
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  return strcmp (a, *(const char *const *) b);
}

/* The rows of the keys @self shows become those of @new_keys: both
 * sorted, so one walk over the two finds each run of keys removed or added.
 * Each run is told by itself, the keys @self shows changed to match first
 * (as a GListModel must), the keys after it still the old ones, read from
 * @old_map; the rows of keys in both stay (and stay expanded). */
static void
map_keys_update (RdxDebuggerChildren *self, RdxValue *old_map, GPtrArray *new_keys)
{
  g_autoptr (GPtrArray) old_keys = g_ptr_array_copy (self->keys, NULL, NULL);
  guint i = 0, j = 0;

  self->previous = old_map;
  while (i < old_keys->len || j < new_keys->len)
    {
      guint position = j;
      guint removed = 0;
      guint added = 0;

      /* A run of differences, up to the next key in both. */
      while (i < old_keys->len || j < new_keys->len)
        {
          int order = i == old_keys->len   ? 1
                      : j == new_keys->len ? -1
                                           : strcmp (old_keys->pdata[i], new_keys->pdata[j]);

          if (order == 0)
            break;
          if (order < 0)
            {
              forget_member (self, old_keys->pdata[i++]);
              removed++;
            }
          else
            {
              j++;
              added++;
            }
        }
      if (removed > 0 || added > 0)
        {
          g_ptr_array_remove_range (self->keys, position, removed);
          for (guint k = 0; k < added; k++)
            g_ptr_array_insert (self->keys, position + k, new_keys->pdata[position + k]);
          g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
        }
      if (i < old_keys->len && j < new_keys->len)
        {
          i++;
          j++;
        }
    }
  self->previous = NULL;
}

/* A map's members changed: keys added or removed are rows inserted or
 * removed; the others are updated where they are. */
static void
map_update (RdxDebuggerChildren *self, RdxValue *old_map, GHashTable *members)
{
  gboolean       keys_changed = FALSE;
  GHashTableIter iter;
  gpointer       key;

  g_hash_table_iter_init (&iter, members);
  while (!keys_changed && g_hash_table_iter_next (&iter, &key, NULL))
    keys_changed =
      (rdx_map_get (old_map, key) == NULL) != (rdx_map_get (self->container, key) == NULL);
  if (keys_changed)
    {
      g_autoptr (GPtrArray) new_keys = rdx_map_get_sorted_keys (self->container);

      map_keys_update (self, old_map, new_keys);
      /* The same keys, now the new map's strings. */
      g_ptr_array_unref (self->keys);
      self->keys = g_steal_pointer (&new_keys);
      g_clear_pointer (&self->keys_map, rdx_value_unref);
      self->keys_map = rdx_value_ref (self->container);
    }
  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      RdxValue *value = rdx_map_get (self->container, key);
      gpointer  found;

      if (value != NULL &&
          (g_hash_table_contains (self->nodes, key) || g_hash_table_contains (self->models, key)))
        {
          found =
            bsearch (key, self->keys->pdata, self->keys->len, sizeof (gpointer), compare_keys);
          member_update (self, (const char **) found - (const char **) self->keys->pdata, key,
                         value);
        }
    }
}

/* A list's members changed: when its length changed, the rows from the
 * first change to the end are made again (their indices moved); else each
 * changed element is updated where it is. */
static void
list_update (RdxDebuggerChildren *self, RdxValue *old_list, GHashTable *members)
{
  guint          old_n = rdx_list_length (old_list);
  guint          new_n = rdx_list_length (self->container);
  guint          first = G_MAXUINT;
  GHashTableIter iter;
  gpointer       key;

  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    first = MIN (first, (guint) g_ascii_strtoull (key, NULL, 10));
  if (old_n != new_n)
    {
      first = MIN (first, MIN (old_n, new_n));
      for (guint i = first; i < old_n; i++)
        {
          g_autofree char *index = index_key (i);

          forget_member (self, index);
        }
      g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first, new_n - first);
      return;
    }
  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint            i = (guint) g_ascii_strtoull (key, NULL, 10);
      g_autofree char *index = index_key (i);

      member_update (self, i, index, rdx_list_get (self->container, i));
    }
}

/* @self now shows @container, of the same kind as the one it showed. */
static void
children_update (RdxDebuggerChildren *self, RdxValue *container)
{
  g_autoptr (GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (RdxValue) old = self->container;
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self));

  if (old == container)
    {
      g_steal_pointer (&old);
      return;
    }
  rdx_value_diff (old, container, collect_member_cb, members);
  self->container = rdx_value_ref (container);
  if (g_hash_table_size (members) > MAX_CHANGED_MEMBERS)
    children_reset (self, old_n);
  else if (self->keys != NULL)
    map_update (self, old, members);
  else
    list_update (self, old, members);
}

/* The tree */

/* A node's members: one model for as long as the tree keeps it (the tree
 * also asks to learn whether a row can be expanded), known to the model
 * that made the node, so that an update reaches the model an expanded row
 * shows even when the row's node is gone. */
static GListModel *
create_children_cb (gpointer item, gpointer user_data)
{
  RdxDebuggerNode     *node = item;
  RdxDebuggerChildren *parent = node->parent;
  RdxDebuggerChildren *children;

  if (!has_members (node->value))
    return NULL;
  children = parent != NULL ? g_hash_table_lookup (parent->models, node->key) : NULL;
  if (children != NULL)
    return g_object_ref (G_LIST_MODEL (children));
  children = RDX_DEBUGGER_CHILDREN (rdx_debugger_children_new (node->value, node->path));
  if (parent != NULL)
    {
      children->key = g_strdup (node->key);
      g_hash_table_insert (parent->models, children->key, children);
      g_object_weak_ref (G_OBJECT (children), model_gone_cb, parent);
    }
  return G_LIST_MODEL (children);
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

/**
 * rdx_debugger_tree_update:
 * @tree: a tree made by rdx_debugger_tree_new ()
 * @state: the state to show now
 *
 * Moves @tree to @state at the cost of what changed between the state it
 * shows and @state (see the top of this file): expanded rows stay
 * expanded, unchanged rows stay as they are.
 *
 * Returns: %FALSE when @tree cannot show @state (its root is of another
 *   kind, or a scalar): make a new tree
 */
gboolean
rdx_debugger_tree_update (GtkTreeListModel *tree, RdxValue *state)
{
  GListModel *root = gtk_tree_list_model_get_model (tree);

  if (!RDX_IS_DEBUGGER_CHILDREN (root) ||
      rdx_value_get_kind (RDX_DEBUGGER_CHILDREN (root)->container) != rdx_value_get_kind (state))
    return FALSE;
  children_update (RDX_DEBUGGER_CHILDREN (root), state);
  return TRUE;
}

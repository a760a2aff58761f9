/* rdx-draft.c: several changes to a nested value, made as one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"
#include "rdx-draft.h"
#include "rdx-value-private.h"

#include <string.h>

/**
 * RdxDraft:
 *
 * An immer-style draft: several changes to a nested value, written one
 * path at a time, that end in one new persistent value.
 *
 * |[<!-- language="C" -->
 * g_autoptr (RdxDraft) draft = rdx_draft_new (state);
 *
 * rdx_draft_set_int (draft, "/accounts/acc-1/balance", balance - amount);
 * rdx_draft_set_int (draft, "/accounts/acc-2/balance", other + amount);
 * rdx_draft_set_take (draft, "/log/-", entry);   // "-" appends to a list
 * return rdx_draft_finish (g_steal_pointer (&draft), error);
 * ]|
 *
 * Paths are JSON Pointers, with rdx_value_set_path()'s rules: missing maps
 * on the way are created, a list index must exist (or be the length, or
 * "-", to append). The base never changes. The first change under a map
 * or a list copies it once, into a node only the draft holds; every later
 * change there is made in place, so ten changes to one account copy the
 * path to it once, not ten times, and everything off the changed paths is
 * shared with the base. A draft that changed nothing finishes with the
 * base itself.
 *
 * A change that cannot be made (a path through a string, an index past the
 * end) is remembered: the later changes are ignored, each call returns
 * %FALSE, and rdx_draft_finish() returns %NULL with that error. So a case
 * can make its changes one after the other and check once, at the end.
 */

typedef struct _Node Node;

/* An open map or list: its builder, and its own open children. */
struct _Node
{
  Node           *next; /* the next open child of the same parent */
  RdxValue       *base; /* what it was opened from */
  RdxMapBuilder  *map;  /* for a map */
  RdxListBuilder *list; /* for a list */
  Node           *children;
  RdxValue       *peeked;    /* the value rdx_draft_get() gave out, until the next change */
  gboolean        changed;   /* the builder differs from base (children aside) */
  char            segment[]; /* the key or the index (in decimal) in the parent */
};

struct _RdxDraft
{
  RdxValue *root; /* the root, while it is not open */
  Node     *open; /* the root, open */
  GError   *error;
};

static Node *
node_new (RdxValue *value, const char *segment)
{
  gsize length = strlen (segment);
  Node *node = g_malloc0 (sizeof (Node) + length + 1);

  memcpy (node->segment, segment, length);
  node->base = rdx_value_ref (value);
  if (rdx_value_holds (value, RDX_VALUE_MAP))
    node->map = rdx_map_builder_new (value);
  else
    node->list = rdx_list_builder_new (value);
  return node;
}

static void
node_free (Node *node)
{
  while (node->children != NULL)
    {
      Node *child = node->children;

      node->children = child->next;
      node_free (child);
    }
  rdx_map_builder_free (node->map);
  rdx_list_builder_free (node->list);
  g_clear_pointer (&node->peeked, rdx_value_unref);
  rdx_value_unref (node->base);
  g_free (node);
}

/* The value at @segment in what @node holds now, ignoring open children. */
static RdxValue *
node_get (Node *node, const char *segment)
{
  guint index;

  if (node->map != NULL)
    return rdx_map_builder_get (node->map, segment);
  if (!rdx_path_parse_index (segment, &index))
    return NULL;
  return rdx_list_builder_get (node->list, index);
}

static guint
node_length (Node *node)
{
  return node->map != NULL ? rdx_map_builder_size (node->map)
                           : rdx_list_builder_length (node->list);
}

/* Before @node's builder changes: nobody may see its value any more. */
static void
node_touch (Node *node)
{
  g_clear_pointer (&node->peeked, rdx_value_unref);
  node->changed = TRUE;
}

/* Puts @value at @segment, which exists (or appends, at the length). */
static void
node_put (Node *node, const char *segment, RdxValue *value)
{
  guint index;

  if (node->map != NULL)
    {
      /* The same value again leaves the builder's map as it is, which
       * rdx_map_builder_end () then gives back. */
      node_touch (node);
      rdx_map_builder_set (node->map, segment, value);
      return;
    }
  if (node_get (node, segment) == value)
    return;
  node_touch (node);
  if (rdx_path_parse_index (segment, &index) && index < node_length (node))
    rdx_list_builder_set (node->list, index, value);
  else
    rdx_list_builder_append (node->list, value);
}

static Node **
node_find_child (Node *node, const char *segment)
{
  Node **link;

  for (link = &node->children; *link != NULL; link = &(*link)->next)
    if (strcmp ((*link)->segment, segment) == 0)
      return link;
  return NULL;
}

static RdxValue *node_close (Node *node);

/* Puts what @node's open children hold into its builder, and closes them. */
static void
node_close_children (Node *node)
{
  while (node->children != NULL)
    {
      Node     *child = node->children;
      RdxValue *value;

      node->children = child->next;
      value = node_close (child);
      if (value != child->base)
        node_put (node, child->segment, value);
      rdx_value_unref (value);
      node_free (child);
    }
}

/* Closes @node and gives what it holds now: its base when nothing in it
 * changed. The node stays, empty, for the caller to free. */
static RdxValue *
node_close (Node *node)
{
  node_close_children (node);
  g_clear_pointer (&node->peeked, rdx_value_unref);
  if (!node->changed)
    return rdx_value_ref (node->base);
  if (node->map != NULL)
    return rdx_map_builder_end (g_steal_pointer (&node->map));
  return rdx_list_builder_end (g_steal_pointer (&node->list));
}

/* Forgets the open child at @segment, which is being replaced. */
static void
node_drop_child (Node *node, const char *segment)
{
  Node **link = node_find_child (node, segment);
  Node  *child;

  if (link == NULL)
    return;
  child = *link;
  *link = child->next;
  node_free (child);
}

/* What @node holds now, children included, as a value the draft keeps
 * until its next change here. */
static RdxValue *
node_peek (Node *node)
{
  RdxValue *value;
  gboolean  changed;

  if (node->peeked != NULL && node->children == NULL)
    return node->peeked; /* nothing under it changed since */
  value = node_close (node);
  changed = value != node->base;
  if (node->map != NULL || node->list != NULL)
    {
      rdx_map_builder_free (g_steal_pointer (&node->map));
      rdx_list_builder_free (g_steal_pointer (&node->list));
    }
  if (rdx_value_holds (value, RDX_VALUE_MAP))
    node->map = rdx_map_builder_new (value);
  else
    node->list = rdx_list_builder_new (value);
  node->changed = changed;
  node->peeked = value;
  return value;
}

static gboolean
is_container (RdxValue *value)
{
  RdxValueKind kind = rdx_value_get_kind (value);

  return kind == RDX_VALUE_MAP || kind == RDX_VALUE_LIST;
}

/**
 * rdx_draft_new:
 * @base: the value to start from
 *
 * Returns: (transfer full): a draft of @base; end it with
 *   rdx_draft_finish() or drop it with rdx_draft_free()
 */
RdxDraft *
rdx_draft_new (RdxValue *base)
{
  RdxDraft *self;

  g_return_val_if_fail (base != NULL, NULL);

  self = g_new0 (RdxDraft, 1);
  self->root = rdx_value_ref (base);
  return self;
}

/**
 * rdx_draft_free:
 * @self: (transfer full) (nullable): a draft
 *
 * Drops the draft and its changes; the base is as it was.
 */
void
rdx_draft_free (RdxDraft *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->root, rdx_value_unref);
  g_clear_pointer (&self->open, node_free);
  g_clear_error (&self->error);
  g_free (self);
}

/* Opens the containers along segments[0..n) and gives the last one. A map
 * missing on the way is made when @create, and otherwise ends the walk:
 * NULL, with no error. Anything else that cannot be followed is NULL with
 * self->error set. */
static Node *
descend (RdxDraft *self, const char *path, RdxPath *segments, guint n, gboolean create)
{
  Node *node;
  guint i;

  if (self->open == NULL)
    {
      if (!is_container (self->root))
        return rdx_path_error (&self->error, path, segments->segments, 0, self->root);
      self->open = node_new (self->root, "");
      g_clear_pointer (&self->root, rdx_value_unref);
    }
  for (node = self->open, i = 0; i < n; i++)
    {
      const char *segment = segments->segments[i];
      Node      **link = node_find_child (node, segment);
      RdxValue   *value;
      Node       *child;

      if (link != NULL)
        {
          node = *link;
          continue;
        }
      if (create && node->map != NULL && strcmp (segment, "-") == 0)
        return rdx_path_dash_error (&self->error, path, segments->segments, i);
      value = node_get (node, segment);
      if (value == NULL && node->map != NULL)
        {
          if (!create)
            return NULL;
          value = rdx_map_new ();
        }
      if (value == NULL) /* not an index of this list */
        return rdx_path_error (&self->error, path, segments->segments, i, node_peek (node));
      if (!is_container (value))
        return rdx_path_error (&self->error, path, segments->segments, i + 1, value);
      child = node_new (value, segment);
      child->next = node->children;
      node->children = child;
      node = child;
    }
  return node;
}

typedef enum
{
  OP_SET,
  OP_INSERT,
  OP_REMOVE,
} Op;

/* Whether @segment names a place for @op in the list @node: an index, the
 * length or "-" for set and insert. */
static gboolean
list_place (Node *node, const char *segment, Op op, guint *index)
{
  guint length = node_length (node);

  if (op != OP_REMOVE && strcmp (segment, "-") == 0)
    {
      *index = length;
      return TRUE;
    }
  return rdx_path_parse_index (segment, index) &&
         (*index < length || (*index == length && op != OP_REMOVE));
}

static gboolean
apply (RdxDraft *self, const char *path, Op op, RdxValue *value)
{
  g_auto (RdxPath) segments = { 0 };
  const char *segment;
  Node       *node;
  guint       index;

  if (self->error != NULL)
    return FALSE;
  if (!rdx_path_parse (&segments, path, &self->error))
    return FALSE;
  if (segments.n == 0)
    {
      if (op == OP_REMOVE)
        {
          g_set_error_literal (&self->error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
                               "The root cannot be removed; the empty path names the root");
          return FALSE;
        }
      g_clear_pointer (&self->open, node_free);
      g_clear_pointer (&self->root, rdx_value_unref);
      self->root = rdx_value_ref (value);
      return TRUE;
    }

  node = descend (self, path, &segments, segments.n - 1, op != OP_REMOVE);
  if (node == NULL)
    return self->error == NULL; /* removing from a map that is not there */
  segment = segments.segments[segments.n - 1];

  if (node->map != NULL)
    {
      if (op != OP_REMOVE && strcmp (segment, "-") == 0)
        {
          rdx_path_dash_error (&self->error, path, segments.segments, segments.n - 1);
          return FALSE;
        }
      node_drop_child (node, segment);
      if (op != OP_REMOVE)
        node_put (node, segment, value);
      else if (rdx_map_builder_get (node->map, segment) != NULL)
        {
          node_touch (node);
          rdx_map_builder_remove (node->map, segment);
        }
      return TRUE;
    }

  if (!list_place (node, segment, op, &index))
    {
      rdx_path_error (&self->error, path, segments.segments, segments.n - 1, node_peek (node));
      return FALSE;
    }
  if (op == OP_SET)
    {
      node_drop_child (node, segment);
      node_put (node, segment, value);
      return TRUE;
    }
  /* The positions after @index move: the open children go in first. */
  node_close_children (node);
  node_touch (node);
  if (op == OP_INSERT)
    rdx_list_builder_insert (node->list, index, value);
  else
    rdx_list_builder_remove (node->list, index);
  return TRUE;
}

/**
 * rdx_draft_set:
 * @self: a draft
 * @path: a JSON Pointer; into a list, an index, the length or "-" to append
 * @value: the value to put there
 *
 * Puts @value at @path (see #RdxDraft).
 *
 * Returns: %TRUE if it was put there, %FALSE if this or an earlier change
 *   failed
 */
gboolean
rdx_draft_set (RdxDraft *self, const char *path, RdxValue *value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  return apply (self, path, OP_SET, value);
}

/**
 * rdx_draft_set_take:
 * @self: a draft
 * @path: a JSON Pointer
 * @value: (transfer full): the value to put there
 *
 * Like rdx_draft_set(), taking @value.
 *
 * Returns: %TRUE if it was put there
 */
gboolean
rdx_draft_set_take (RdxDraft *self, const char *path, RdxValue *value)
{
  g_autoptr (RdxValue) owned = value;

  return rdx_draft_set (self, path, owned);
}

/**
 * rdx_draft_set_int:
 * @self: a draft
 * @path: a JSON Pointer
 * @v: an integer
 *
 * Returns: %TRUE if @v was put at @path
 */
gboolean
rdx_draft_set_int (RdxDraft *self, const char *path, gint64 v)
{
  return rdx_draft_set_take (self, path, rdx_value_new_int (v));
}

/**
 * rdx_draft_set_bool:
 * @self: a draft
 * @path: a JSON Pointer
 * @v: a boolean
 *
 * Returns: %TRUE if @v was put at @path
 */
gboolean
rdx_draft_set_bool (RdxDraft *self, const char *path, gboolean v)
{
  return rdx_draft_set_take (self, path, rdx_value_new_bool (v));
}

/**
 * rdx_draft_set_string:
 * @self: a draft
 * @path: a JSON Pointer
 * @v: a UTF-8 string
 *
 * Returns: %TRUE if @v was put at @path
 */
gboolean
rdx_draft_set_string (RdxDraft *self, const char *path, const char *v)
{
  g_return_val_if_fail (v != NULL, FALSE);

  return rdx_draft_set_take (self, path, rdx_value_new_string (v));
}

/**
 * rdx_draft_insert:
 * @self: a draft
 * @path: a JSON Pointer; into a list, the index to insert before (the
 *   length or "-" for the end)
 * @value: the value to insert
 *
 * Inserts @value into a list, moving the elements from there on one place
 * up; into a map, it is rdx_draft_set() (as JSON Patch's "add").
 *
 * Returns: %TRUE if it was inserted
 */
gboolean
rdx_draft_insert (RdxDraft *self, const char *path, RdxValue *value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  return apply (self, path, OP_INSERT, value);
}

/**
 * rdx_draft_remove:
 * @self: a draft
 * @path: a JSON Pointer, not empty
 *
 * Removes what is at @path: a key of a map (nothing happens if it is not
 * there) or an element of a list (which must be there).
 *
 * Returns: %TRUE if nothing went wrong
 */
gboolean
rdx_draft_remove (RdxDraft *self, const char *path)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return apply (self, path, OP_REMOVE, NULL);
}

/**
 * rdx_draft_get:
 * @self: a draft
 * @path: a JSON Pointer
 *
 * Reads the draft as it is now. Reading a map or a list the draft changed
 * makes its changes so far into a value, and the next change under it
 * copies its path once more; reading anything else costs a lookup.
 *
 * Returns: (transfer none) (nullable): the value at @path, valid until the
 *   draft's next change; %NULL when there is none (or @path is malformed,
 *   or a change failed)
 */
RdxValue *
rdx_draft_get (RdxDraft *self, const char *path)
{
  g_auto (RdxPath) segments = { 0 };
  const char *rest;
  RdxValue   *value;
  Node       *node;
  guint       i;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (self->error != NULL || !rdx_path_parse (&segments, path, NULL))
    return NULL;
  if (self->open == NULL)
    return rdx_value_get_path (self->root, path);

  /* Down the open nodes, then through plain values. */
  for (node = self->open, i = 0; i < segments.n; i++)
    {
      Node **link = node_find_child (node, segments.segments[i]);

      if (link == NULL)
        break;
      node = *link;
    }
  if (i == segments.n)
    return node_peek (node);
  value = node_get (node, segments.segments[i]);
  for (rest = path, i++; rest != NULL && i > 0; i--)
    rest = strchr (rest + 1, '/');
  if (value == NULL)
    return NULL;
  return rest != NULL ? rdx_value_get_path (value, rest) : value;
}

/**
 * rdx_draft_finish:
 * @self: (transfer full): a draft
 * @error: return location for a #GError
 *
 * Ends the draft (it is freed) and gives the value its changes made.
 *
 * Returns: (transfer full) (nullable): the new value, which shares every
 *   part the changes did not touch with the base (the base itself when
 *   nothing changed); or %NULL with @error set to what the first failed
 *   change found (%RDX_VALUE_ERROR_INVALID_PATH)
 */
RdxValue *
rdx_draft_finish (RdxDraft *self, GError **error)
{
  RdxValue *result = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->error != NULL)
    g_propagate_error (error, g_steal_pointer (&self->error));
  else if (self->open != NULL)
    result = node_close (self->open);
  else
    result = rdx_value_ref (self->root);
  rdx_draft_free (self);
  return result;
}

/**
 * rdx_value_update_path:
 * @root: a value
 * @path: a JSON Pointer
 * @func: computes the new value from the old one
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Replaces the value at @path by what @func makes of it, as
 * rdx_value_set_path() does (sharing everything off the path with @root):
 *
 * |[<!-- language="C" -->
 * next = rdx_value_update_path (state, "/items", append_item, item, error);
 * ]|
 *
 * Returns: (transfer full) (nullable): the new root, @root itself when
 *   @func gave back the same value; %NULL with @error set when @func
 *   failed or @path cannot be followed
 */
RdxValue *
rdx_value_update_path (RdxValue     *root,
                       const char   *path,
                       RdxUpdateFunc func,
                       gpointer      user_data,
                       GError      **error)
{
  g_autoptr (RdxValue) updated = NULL;
  RdxValue *old;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  old = rdx_value_get_path (root, path);
  updated = func (old, user_data, error);
  if (updated == NULL)
    return NULL;
  if (updated == old)
    return rdx_value_ref (root);
  return rdx_value_set_path (root, path, updated, error);
}

/* rdx-list.c: persistent lists, as a counted B-tree
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-value-private.h"

#include <string.h>

/* A list is a B-tree whose leaves hold up to LIST_BRANCH elements and whose
 * inner nodes hold up to LIST_BRANCH children with the cumulative element
 * counts of their subtrees, so that every position is found, set, inserted
 * or removed in O(log n), copying only the nodes on the path.
 *
 * A node that overflows splits in two: evenly, except when the insertion was
 * at its end, where the old node stays whole (and shared) and the new
 * element starts a new node; so a list built by appending has full leaves
 * and an append copies only the right spine. A node that drops below
 * LIST_MIN entries is merged with a neighbour (and split again if that
 * overflows), which keeps the height logarithmic.
 *
 * Leaves are allocated at their exact size; inner nodes at full capacity. */

#define LIST_BRANCH RDX_LIST_BRANCH
#define LIST_MIN    RDX_LIST_MIN
/* With at least LIST_MIN entries per node (but on the right edge), 2^32
 * elements need about 21 levels. */
#define MAX_HEIGHT 24

typedef struct _LNode LNode;

/* Eight bytes before the slots; the number of elements under a node is
 * its own count in a leaf and the last cumulative count in an inner node. */
struct _LNode
{
  gint     ref_count;
  guint16  n;      /* elements (leaf) or children (inner) */
  guint8   height; /* 0 for a leaf */
  guint8   reserved;
  gpointer slots[]; /* leaf: RdxValue *; inner: LNode *, then the counts */
};

G_STATIC_ASSERT (sizeof (LNode) == 8);

#define INNER_CUM(node) ((guint32 *) &(node)->slots[LIST_BRANCH])

/* The elements in the subtree of @node. */
static inline guint32
lnode_count (const LNode *node)
{
  if (node->height == 0)
    return node->n;
  return node->n > 0 ? INNER_CUM (node)[node->n - 1] : 0;
}

typedef struct
{
  RdxValue base;
  guint32  length;
  guint32  hash; /* 0 until rdx_value_hash() computed it */
  LNode   *root; /* NULL when empty */
} ListHead;

G_STATIC_ASSERT (G_STRUCT_OFFSET (ListHead, root) >= sizeof (RdxValue) + sizeof (gpointer));

static ListHead empty_list = { { 1, RDX_VALUE_LIST, RDX_VALUE_FLAG_STATIC, 0 }, 0, 0, NULL };

static LNode *
leaf_new (guint n)
{
  LNode *node = g_malloc (sizeof (LNode) + n * sizeof (gpointer));

  rdx_value_count_alloc ();
  node->ref_count = 1;
  node->n = n;
  node->height = 0;
  node->reserved = 0;
  return node;
}

static LNode *
inner_new (guint height)
{
  LNode *node = g_malloc (sizeof (LNode) + LIST_BRANCH * (sizeof (gpointer) + sizeof (guint32)));

  rdx_value_count_alloc ();
  node->ref_count = 1;
  node->n = 0;
  node->height = height;
  node->reserved = 0;
  return node;
}

static inline LNode *
lnode_ref (LNode *node)
{
  g_atomic_int_inc (&node->ref_count);
  return node;
}

static void
lnode_unref (LNode *node)
{
  guint i;

  if (!rdx_ref_drop (&node->ref_count))
    return;

  for (i = 0; i < node->n; i++)
    {
      if (node->height == 0)
        rdx_value_unref (node->slots[i]);
      else
        lnode_unref (node->slots[i]);
    }
  rdx_value_count_free ();
  g_free (node);
}

static inline gboolean
lnode_is_exclusive (LNode *node)
{
  return g_atomic_int_get (&node->ref_count) == 1;
}

static void
inner_update_counts (LNode *node)
{
  guint32 *cum = INNER_CUM (node);
  guint32  total = 0;
  guint    i;

  for (i = 0; i < node->n; i++)
    {
      total += lnode_count (node->slots[i]);
      cum[i] = total;
    }
}

static inline void
slot_ref (gpointer slot, guint height)
{
  if (height == 0)
    rdx_value_ref_fast (slot);
  else
    lnode_ref (slot);
}

static inline void
slot_unref (gpointer slot, guint height)
{
  if (height == 0)
    rdx_value_unref (slot);
  else
    lnode_unref (slot);
}

/* Replaces the entries [pos, pos + ndel) of @node by the @nins entries @ins
 * (references the caller gives). In place, the deleted entries are
 * released; in a copy, the copy references the entries it shares. The
 * result must hold at most LIST_BRANCH entries. */
static LNode *
lnode_splice (LNode *node, gboolean in_place, guint pos, guint ndel, gpointer *ins, guint nins)
{
  guint  old_n = node->n, new_n = old_n - ndel + nins, i;
  guint  height = node->height;
  LNode *result;

  g_assert (new_n <= LIST_BRANCH);

  if (in_place)
    {
      for (i = pos; i < pos + ndel; i++)
        slot_unref (node->slots[i], height);
      if (height == 0 && new_n > old_n)
        node = g_realloc (node, sizeof (LNode) + new_n * sizeof (gpointer));
      memmove (&node->slots[pos + nins], &node->slots[pos + ndel],
               (old_n - pos - ndel) * sizeof (gpointer));
      result = node;
    }
  else
    {
      result = height == 0 ? leaf_new (new_n) : inner_new (height);
      memcpy (result->slots, node->slots, pos * sizeof (gpointer));
      memcpy (&result->slots[pos + nins], &node->slots[pos + ndel],
              (old_n - pos - ndel) * sizeof (gpointer));
      for (i = 0; i < new_n; i++)
        if (i < pos || i >= pos + nins)
          slot_ref (result->slots[i], height);
    }

  if (nins > 0)
    memcpy (&result->slots[pos], ins, nins * sizeof (gpointer));
  result->n = new_n;
  if (height != 0)
    inner_update_counts (result);
  return result;
}

/* A new node of @height holding the @n entries @entries, referencing each. */
static LNode *
lnode_new_from (guint height, gpointer *entries, guint n)
{
  LNode *node = height == 0 ? leaf_new (n) : inner_new (height);
  guint  i;

  for (i = 0; i < n; i++)
    {
      node->slots[i] = entries[i];
      slot_ref (entries[i], height);
    }
  node->n = n;
  if (height != 0)
    inner_update_counts (node);
  return node;
}

/* The child of an inner node holding position *index, which becomes the
 * position within that child. */
static inline guint
inner_find (LNode *node, guint *index)
{
  guint32 *cum = INNER_CUM (node);
  guint    lo = 0, hi = node->n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cum[mid] > *index)
        hi = mid;
      else
        lo = mid + 1;
    }
  if (lo > 0)
    *index -= cum[lo - 1];
  return lo;
}

static RdxValue *
lnode_get (LNode *node, guint index)
{
  while (node->height > 0)
    node = node->slots[inner_find (node, &index)];
  return node->slots[index];
}

/* Returns the node with position @index set to @value, @node itself if
 * changed in place, or NULL when @value is already there. */
static LNode *
lnode_set (LNode *node, gboolean in_place, guint index, RdxValue *value)
{
  gpointer ins;
  guint    c;

  in_place = in_place && lnode_is_exclusive (node);

  if (node->height == 0)
    {
      if (node->slots[index] == value)
        return NULL;
      ins = rdx_value_ref_fast (value);
      return lnode_splice (node, in_place, index, 1, &ins, 1);
    }
  else
    {
      LNode   *child, *updated;
      gboolean child_in_place;

      c = inner_find (node, &index);
      child = node->slots[c];
      child_in_place = in_place && lnode_is_exclusive (child);
      updated = lnode_set (child, in_place, index, value);
      if (updated == NULL)
        return NULL;
      if (child_in_place)
        return node;
      ins = updated;
      return lnode_splice (node, in_place, c, 1, &ins, 1);
    }
}

static LNode *lnode_insert (LNode    *node,
                            gboolean  in_place,
                            guint     index,
                            RdxValue *value,
                            gboolean  take,
                            LNode   **split);

static LNode *
leaf_insert (LNode    *node,
             gboolean  in_place,
             guint     index,
             RdxValue *value,
             gboolean  take,
             LNode   **split)
{
  gpointer entries[LIST_BRANCH + 1];
  gpointer v = take ? value : rdx_value_ref_fast (value);
  guint    n = node->n, nleft, i;
  LNode   *left;

  if (n < LIST_BRANCH)
    return lnode_splice (node, in_place, index, 0, &v, 1);

  if (index == n)
    {
      /* Appending to a full leaf: it stays whole, and shared, and the new
       * element starts the next leaf. */
      *split = leaf_new (1);
      (*split)->slots[0] = v;
      return in_place ? node : lnode_ref (node);
    }

  for (i = 0; i < n; i++)
    entries[i < index ? i : i + 1] = node->slots[i];
  entries[index] = v;
  nleft = (n + 1) / 2;
  left = lnode_new_from (0, entries, nleft);
  *split = lnode_new_from (0, entries + nleft, n + 1 - nleft);
  rdx_value_unref (v);
  if (in_place)
    lnode_unref (node);
  return left;
}

static LNode *
inner_insert (LNode    *node,
              gboolean  in_place,
              guint     index,
              RdxValue *value,
              gboolean  take,
              LNode   **split)
{
  gpointer entries[LIST_BRANCH + 1];
  LNode   *child, *updated, *child_split, *left;
  gboolean child_in_place;
  guint    n = node->n, pos, nleft, i;

  /* An index at the very end goes to the end of the last child. */
  if (index == lnode_count (node))
    {
      pos = n - 1;
      index = lnode_count (node->slots[pos]);
    }
  else
    {
      pos = inner_find (node, &index);
    }

  child = node->slots[pos];
  child_in_place = in_place && lnode_is_exclusive (child);
  updated = lnode_insert (child, in_place, index, value, take, &child_split);
  if (child_in_place)
    node->slots[pos] = updated;

  if (child_split == NULL)
    {
      if (child_in_place)
        {
          inner_update_counts (node);
          return node;
        }
      return lnode_splice (node, in_place, pos, 1, (gpointer *) &updated, 1);
    }

  if (n < LIST_BRANCH)
    {
      gpointer ins[2] = { updated, child_split };

      if (child_in_place)
        return lnode_splice (node, TRUE, pos + 1, 0, &ins[1], 1);
      return lnode_splice (node, in_place, pos, 1, ins, 2);
    }

  if (pos == n - 1 && updated == child)
    {
      /* Appending below a full node: it stays whole, and shared. */
      *split = lnode_new_from (node->height, (gpointer *) &child_split, 1);
      lnode_unref (child_split);
      if (!child_in_place)
        lnode_unref (updated);
      return in_place ? node : lnode_ref (node);
    }

  /* A full node with one child more: split it, evenly unless the new child
   * is the last. The entries are borrowed; the halves reference them. */
  for (i = 0; i < n; i++)
    if (i != pos)
      entries[i < pos ? i : i + 1] = node->slots[i];
  entries[pos] = updated;
  entries[pos + 1] = child_split;
  nleft = pos == n - 1 ? n : (n + 1) / 2;
  left = lnode_new_from (node->height, entries, nleft);
  *split = lnode_new_from (node->height, entries + nleft, n + 1 - nleft);
  lnode_unref (child_split);
  if (!child_in_place)
    lnode_unref (updated);
  if (in_place)
    lnode_unref (node);
  return left;
}

/* Inserts @value at @index. Returns what replaces @node: in place (when
 * @in_place and nobody else holds @node) @node's reference passes to the
 * result; otherwise the result is a new reference and @node is untouched.
 * When the node overflowed, the result is the left half and *split the
 * right half (a new reference). */
static LNode *
lnode_insert (LNode    *node,
              gboolean  in_place,
              guint     index,
              RdxValue *value,
              gboolean  take,
              LNode   **split)
{
  *split = NULL;
  in_place = in_place && lnode_is_exclusive (node);

  if (node->height == 0)
    return leaf_insert (node, in_place, index, value, take, split);
  return inner_insert (node, in_place, index, value, take, split);
}

/* Merges the children at @c and @c + 1 of @node (one of which underflowed)
 * into one node, or two if they don't fit in one. Returns the new @node. */
static LNode *
rebalance (LNode *node, gboolean in_place, guint c)
{
  LNode   *a = node->slots[c], *b = node->slots[c + 1];
  gpointer entries[2 * LIST_BRANCH];
  gpointer ins[2];
  guint    n = a->n + b->n, nins;

  memcpy (entries, a->slots, a->n * sizeof (gpointer));
  memcpy (entries + a->n, b->slots, b->n * sizeof (gpointer));

  if (n <= LIST_BRANCH)
    {
      ins[0] = lnode_new_from (a->height, entries, n);
      nins = 1;
    }
  else
    {
      ins[0] = lnode_new_from (a->height, entries, n / 2);
      ins[1] = lnode_new_from (a->height, entries + n / 2, n - n / 2);
      nins = 2;
    }
  return lnode_splice (node, in_place, c, 2, ins, nins);
}

/* Removes position @index. Returns the new node (or @node, changed in
 * place); it may have underflowed, which the parent repairs. */
static LNode *
lnode_remove (LNode *node, gboolean in_place, guint index)
{
  LNode   *child, *updated;
  gboolean child_in_place;
  gpointer ins;
  guint    c;

  in_place = in_place && lnode_is_exclusive (node);

  if (node->height == 0)
    return lnode_splice (node, in_place, index, 1, NULL, 0);

  c = inner_find (node, &index);
  child = node->slots[c];
  child_in_place = in_place && lnode_is_exclusive (child);
  updated = lnode_remove (child, in_place, index);

  if (child_in_place)
    {
      node->slots[c] = updated;
      inner_update_counts (node);
    }
  else
    {
      ins = updated;
      node = lnode_splice (node, in_place, c, 1, &ins, 1);
      in_place = TRUE; /* the copy is ours alone now */
    }

  if (updated->n == 0)
    return lnode_splice (node, in_place, c, 1, NULL, 0);
  if (updated->n < LIST_MIN && node->n > 1)
    return rebalance (node, in_place, c > 0 ? c - 1 : c);
  return node;
}

/* List values */

/* Takes @root and gives what a list should hold: NULL when it is empty,
 * and no inner root with one child (the child takes its place). */
static LNode *
root_normalize (LNode *root)
{
  if (root == NULL || lnode_count (root) == 0)
    {
      if (root != NULL)
        lnode_unref (root);
      return NULL;
    }

  while (root->height > 0 && root->n == 1)
    {
      LNode *child = lnode_ref (root->slots[0]);

      lnode_unref (root);
      root = child;
    }
  return root;
}

static RdxValue *
list_from_root (LNode *root)
{
  ListHead *head;

  root = root_normalize (root);
  if (root == NULL)
    return &empty_list.base;

  head = g_new (ListHead, 1);
  rdx_value_count_alloc ();
  head->base.ref_count = 1;
  head->base.kind = RDX_VALUE_LIST;
  head->base.flags = 0;
  head->base.reserved = 0;
  head->length = lnode_count (root);
  head->hash = 0;
  head->root = root;
  return &head->base;
}

void
rdx_list_free_internal (RdxValue *list)
{
  ListHead *head = (ListHead *) list;

  if (head->root != NULL)
    lnode_unref (head->root);
  rdx_value_count_free ();
  g_free (head);
}

/**
 * rdx_list_new:
 *
 * Makes the empty list.
 *
 * Returns: (transfer full): the empty list
 */
RdxValue *
rdx_list_new (void)
{
  return &empty_list.base;
}

/**
 * rdx_list_length: (method)
 * @list: a list
 *
 * Gets the number of elements of a list.
 *
 * Returns: the number of elements of @list
 */
guint
rdx_list_length (RdxValue *list)
{
  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), 0);

  return ((ListHead *) list)->length;
}

/**
 * rdx_list_get: (method)
 * @list: a list
 * @index: a position
 *
 * Gets the element of a list at a position.
 *
 * Returns: (transfer none) (nullable): the element at @index, or %NULL when
 *   @index is out of range (which is not an error)
 */
RdxValue *
rdx_list_get (RdxValue *list, guint index)
{
  ListHead *head = (ListHead *) list;

  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), NULL);

  if (index >= head->length)
    return NULL;
  return lnode_get (head->root, index);
}

/**
 * rdx_list_set: (method)
 * @list: a list
 * @index: a position below the length
 * @value: the new element
 *
 * Replaces the element at a position, in a new list.
 *
 * Returns: (transfer full) (nullable): a list like @list with @value at
 *   @index, sharing everything else; @list itself if @value is there
 *   already; %NULL with a critical if @index is out of range
 */
RdxValue *
rdx_list_set (RdxValue *list, guint index, RdxValue *value)
{
  ListHead *head = (ListHead *) list;
  LNode    *root;

  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (index < head->length, NULL);

  root = lnode_set (head->root, FALSE, index, value);
  if (root == NULL)
    return rdx_value_ref (list);
  return list_from_root (root);
}

static LNode *
root_insert (LNode *root, gboolean in_place, guint index, RdxValue *value, gboolean take)
{
  LNode *split, *updated;
  guint  height;

  if (root == NULL)
    {
      LNode *leaf = leaf_new (1);

      leaf->slots[0] = take ? value : rdx_value_ref_fast (value);
      return leaf;
    }

  /* In place, a root that splits unevenly is freed: read its height
   * first. */
  height = root->height;
  updated = lnode_insert (root, in_place, index, value, take, &split);
  if (split != NULL)
    {
      LNode *top = inner_new (height + 1);

      top->slots[0] = updated;
      top->slots[1] = split;
      top->n = 2;
      inner_update_counts (top);
      return top;
    }
  return updated;
}

/**
 * rdx_list_insert: (method)
 * @list: a list
 * @index: a position, at most the length
 * @value: the element to insert
 *
 * Inserts an element into a list, in a new list.
 *
 * Returns: (transfer full) (nullable): a list like @list with @value
 *   inserted before @index (at the end when @index is the length), in
 *   O(log n); %NULL with a critical if @index is out of range
 */
RdxValue *
rdx_list_insert (RdxValue *list, guint index, RdxValue *value)
{
  ListHead *head = (ListHead *) list;

  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (index <= head->length, NULL);
  g_return_val_if_fail (head->length < G_MAXUINT32, NULL);

  return list_from_root (root_insert (head->root, FALSE, index, value, FALSE));
}

/**
 * rdx_list_append: (method)
 * @list: a list
 * @value: the element to add
 *
 * Appends an element to a list, in a new list.
 *
 * Returns: (transfer full): a list like @list with @value at its end
 */
RdxValue *
rdx_list_append (RdxValue *list, RdxValue *value)
{
  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), NULL);

  return rdx_list_insert (list, ((ListHead *) list)->length, value);
}

/**
 * rdx_list_append_take: (method)
 * @list: a list
 * @value: (transfer full): the element to add
 *
 * Like [method@Rdx.Value.list_append], taking @value.
 *
 * Returns: (transfer full): the new list
 */
RdxValue *
rdx_list_append_take (RdxValue *list, RdxValue *value)
{
  RdxValue *result = rdx_list_append (list, value);

  if (value != NULL)
    rdx_value_unref (value);
  return result;
}

/* Owned updates */

/* Whether the caller's reference to @list is the only one. */
static inline gboolean
list_is_exclusive (RdxValue *list)
{
  return !(list->flags & RDX_VALUE_FLAG_STATIC) && g_atomic_int_get (&list->ref_count) == 1;
}

/* After an update of @head's root in place: @root replaces it (@exclusive:
 * the old root could be changed in place, so it is @root or gone). */
static void
head_replace_root (ListHead *head, gboolean exclusive, LNode *root)
{
  if (!exclusive)
    lnode_unref (head->root);
  head->root = root;
  head->length = lnode_count (root);
  head->hash = 0;
  rdx_value_edit_count++;
}

/**
 * rdx_list_set_owned: (skip)
 * @list: (transfer full): a list
 * @index: a position below the length
 * @value: (transfer full): the new element
 *
 * Like [method@Rdx.Value.list_set], taking the caller's references to
 * @list and @value: when the reference to @list is the only one, the
 * nodes on the way to @index that only it reaches are changed in place;
 * otherwise they are copied and @list is released. A list anyone else
 * holds never changes.
 *
 * Returns: (transfer full): the list with @value at @index
 */
RdxValue *
rdx_list_set_owned (RdxValue *list, guint index, RdxValue *value)
{
  ListHead *head = (ListHead *) list;
  RdxValue *result;
  gboolean  exclusive;
  LNode    *root;

  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (index < head->length, NULL);

  if (!list_is_exclusive (list))
    {
      result = rdx_list_set (list, index, value);
      rdx_value_unref (value);
      rdx_value_unref (list);
      return result;
    }
  exclusive = lnode_is_exclusive (head->root);
  root = lnode_set (head->root, TRUE, index, value);
  rdx_value_unref_fast (value);
  if (root != NULL)
    head_replace_root (head, exclusive, root);
  return list;
}

/**
 * rdx_list_append_owned: (skip)
 * @list: (transfer full): a list
 * @value: (transfer full): the element to add
 *
 * Like [method@Rdx.Value.list_append], taking the caller's references to
 * @list and @value, in place when that reference to @list is the only
 * one (see `rdx_list_set_owned()`).
 *
 * Returns: (transfer full): the list with @value at its end
 */
RdxValue *
rdx_list_append_owned (RdxValue *list, RdxValue *value)
{
  ListHead *head = (ListHead *) list;
  RdxValue *result;
  gboolean  exclusive;

  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (head->length < G_MAXUINT32, NULL);

  /* The empty list is static: never exclusive. */
  if (!list_is_exclusive (list))
    {
      result = rdx_list_append (list, value);
      rdx_value_unref (value);
      rdx_value_unref (list);
      return result;
    }
  exclusive = lnode_is_exclusive (head->root);
  head_replace_root (head, exclusive, root_insert (head->root, TRUE, head->length, value, TRUE));
  return list;
}

/**
 * rdx_list_remove: (method)
 * @list: a list
 * @index: a position below the length
 *
 * Removes the element at a position, in a new list.
 *
 * Returns: (transfer full) (nullable): a list like @list without the element
 *   at @index, in O(log n); %NULL with a critical if @index is out of range
 */
RdxValue *
rdx_list_remove (RdxValue *list, guint index)
{
  ListHead *head = (ListHead *) list;

  g_return_val_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST), NULL);
  g_return_val_if_fail (index < head->length, NULL);

  return list_from_root (lnode_remove (head->root, FALSE, index));
}

/**
 * rdx_list_new_take:
 * @first: (nullable) (transfer full): the first element
 * @...: more elements (transfer full), then %NULL
 *
 * Makes a list of the elements given, taking them. Language bindings use [func@Rdx.list_newv].
 *
 * Returns: (transfer full): a list of the elements given
 */
RdxValue *
rdx_list_new_take (RdxValue *first, ...)
{
  RdxListBuilder *builder = rdx_list_builder_new (NULL);
  RdxValue       *value;
  va_list         args;

  va_start (args, first);
  for (value = first; value != NULL; value = va_arg (args, RdxValue *))
    rdx_list_builder_append_take (builder, value);
  va_end (args);

  return rdx_list_builder_end (builder);
}

/**
 * rdx_list_newv:
 * @values: (array length=n_values): the elements
 * @n_values: how many
 *
 * Builds a list from an array, the form of [func@Rdx.list_new_take] for
 * language bindings.
 *
 * Returns: (transfer full): a list of the elements given
 */
RdxValue *
rdx_list_newv (RdxValue *const *values, guint n_values)
{
  RdxListBuilder *builder;
  guint           i;

  g_return_val_if_fail (n_values == 0 || values != NULL, NULL);

  builder = rdx_list_builder_new (NULL);
  for (i = 0; i < n_values; i++)
    rdx_list_builder_append (builder, values[i]);
  return rdx_list_builder_end (builder);
}

/* Iteration */

typedef struct
{
  guint  depth;
  LNode *nodes[MAX_HEIGHT + 1];
  guint  pos[MAX_HEIGHT + 1];
} ListIter;

G_STATIC_ASSERT (sizeof (ListIter) <= sizeof (RdxListIter));

/**
 * rdx_list_iter_init:
 * @iter: an uninitialised iterator, usually on the stack
 * @list: the list to walk; it must stay alive while @iter is used
 *
 * Starts a walk over the elements of @list, first to last, in O(1) per
 * element.
 */
void
rdx_list_iter_init (RdxListIter *iter, RdxValue *list)
{
  ListIter *it = (ListIter *) iter;
  ListHead *head = (ListHead *) list;

  g_return_if_fail (iter != NULL);

  /* An iterator over nothing, so a wrong @list cannot make next() crash. */
  it->depth = 0;
  it->nodes[0] = NULL;
  it->pos[0] = 0;
  g_return_if_fail (rdx_value_holds_fast (list, RDX_VALUE_LIST));

  it->depth = 0;
  it->nodes[0] = head->root;
  it->pos[0] = 0;
}

/**
 * rdx_list_iter_next:
 * @iter: an iterator
 * @value: (out) (optional) (transfer none): the element
 *
 * Advances the iterator to the next element.
 *
 * Returns: %TRUE and the next element, or %FALSE at the end
 */
gboolean
rdx_list_iter_next (RdxListIter *iter, RdxValue **value)
{
  ListIter *it = (ListIter *) iter;

  g_return_val_if_fail (iter != NULL, FALSE);

  if (it->nodes[0] == NULL)
    return FALSE;

  for (;;)
    {
      LNode *node = it->nodes[it->depth];
      guint  pos = it->pos[it->depth];

      if (pos < node->n)
        {
          it->pos[it->depth]++;
          if (node->height == 0)
            {
              if (value)
                *value = node->slots[pos];
              return TRUE;
            }
          it->depth++;
          it->nodes[it->depth] = node->slots[pos];
          it->pos[it->depth] = 0;
          continue;
        }
      if (it->depth == 0)
        return FALSE;
      it->depth--;
    }
}

/* Equality, hashing, shared prefixes and diff */

/* Starts @iter at position @index (below the length) of the tree @root. */
static void
list_iter_init_at (ListIter *it, LNode *root, guint index)
{
  LNode *node = root;

  it->depth = 0;
  while (node->height > 0)
    {
      guint c = inner_find (node, &index);

      it->nodes[it->depth] = node;
      it->pos[it->depth] = c + 1;
      it->depth++;
      node = node->slots[c];
    }
  it->nodes[it->depth] = node;
  it->pos[it->depth] = index;
}

gboolean
rdx_list_equal_internal (RdxValue *a, RdxValue *b)
{
  ListHead   *ha = (ListHead *) a, *hb = (ListHead *) b;
  RdxListIter ia, ib;
  RdxValue   *va, *vb;
  guint       prefix;

  if (ha->length != hb->length)
    return FALSE;
  if (ha->hash != 0 && hb->hash != 0 && ha->hash != hb->hash)
    return FALSE;

  /* What the two share by pointer is equal; compare from there on. */
  prefix = rdx_list_common_prefix (a, b);
  if (prefix == ha->length)
    return TRUE;

  list_iter_init_at ((ListIter *) &ia, ha->root, prefix);
  list_iter_init_at ((ListIter *) &ib, hb->root, prefix);
  while (rdx_list_iter_next (&ia, &va) && rdx_list_iter_next (&ib, &vb))
    if (!rdx_value_equal (va, vb))
      return FALSE;
  return TRUE;
}

guint32
rdx_list_hash_internal (RdxValue *list)
{
  ListHead   *head = (ListHead *) list;
  guint32     hash = g_atomic_int_get ((gint *) &head->hash);
  RdxListIter iter;
  RdxValue   *value;

  if (hash != 0)
    return hash;

  hash = 0x811c9dc5u ^ head->length;
  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &value))
    hash = (hash * 0x01000193u) ^ rdx_value_hash (value);
  if (hash == 0)
    hash = 1;
  g_atomic_int_set ((gint *) &head->hash, (gint) hash);
  return hash;
}

/* A frontier over a list for the shared-prefix search: a stack of (node,
 * cursor) whose top is the next subtree in walking order. Walking forwards
 * the cursor is the first entry still ahead; backwards it is one past the
 * last entry still ahead. */
typedef struct
{
  guint    depth;
  LNode   *nodes[MAX_HEIGHT + 2];
  guint    cursor[MAX_HEIGHT + 2];
  gboolean backwards;
} Frontier;

static void
frontier_init (Frontier *f, LNode *root, gboolean backwards)
{
  f->backwards = backwards;
  f->depth = root != NULL ? 1 : 0;
  f->nodes[0] = root;
  f->cursor[0] = backwards && root != NULL ? root->n : 0;
}

/* Drops empty frames; FALSE when nothing is left. */
static gboolean
frontier_settle (Frontier *f)
{
  while (f->depth > 0)
    {
      guint  d = f->depth - 1;
      LNode *node = f->nodes[d];

      if (f->backwards ? f->cursor[d] > 0 : f->cursor[d] < node->n)
        return TRUE;
      f->depth--;
    }
  return FALSE;
}

/* Whether the top frame covers its whole node (so pointer equality of the
 * nodes means equality of what is ahead). */
static gboolean
frontier_top_whole (Frontier *f)
{
  guint d = f->depth - 1;

  return f->backwards ? f->cursor[d] == f->nodes[d]->n : f->cursor[d] == 0;
}

/* Consumes the whole top frame. */
static guint
frontier_skip_top (Frontier *f)
{
  guint n = lnode_count (f->nodes[f->depth - 1]);

  f->depth--;
  return n;
}

/* Replaces the top frame's next entry by its own frame (for inner nodes). */
static void
frontier_descend (Frontier *f)
{
  guint  d = f->depth - 1;
  LNode *node = f->nodes[d];
  LNode *child;

  if (f->backwards)
    child = node->slots[--f->cursor[d]];
  else
    child = node->slots[f->cursor[d]++];

  f->nodes[f->depth] = child;
  f->cursor[f->depth] = f->backwards ? child->n : 0;
  f->depth++;
}

static guint
common_run (LNode *a, LNode *b, gboolean backwards, guint limit)
{
  Frontier fa, fb;
  guint    run = 0;

  frontier_init (&fa, a, backwards);
  frontier_init (&fb, b, backwards);

  while (run < limit && frontier_settle (&fa) && frontier_settle (&fb))
    {
      LNode *na = fa.nodes[fa.depth - 1], *nb = fb.nodes[fb.depth - 1];

      if (na == nb && frontier_top_whole (&fa) && frontier_top_whole (&fb) &&
          run + lnode_count (na) <= limit)
        {
          run += frontier_skip_top (&fa);
          frontier_skip_top (&fb);
        }
      else if (na->height > 0 && na->height >= nb->height)
        frontier_descend (&fa);
      else if (nb->height > 0)
        frontier_descend (&fb);
      else
        {
          /* Two leaves: compare elements one by one. */
          guint    *ca = &fa.cursor[fa.depth - 1], *cb = &fb.cursor[fb.depth - 1];
          RdxValue *ea = na->slots[backwards ? *ca - 1 : *ca];
          RdxValue *eb = nb->slots[backwards ? *cb - 1 : *cb];

          if (ea != eb)
            break;
          run++;
          if (backwards)
            (*ca)--, (*cb)--;
          else
            (*ca)++, (*cb)++;
        }
    }
  return run;
}

/**
 * rdx_list_common_prefix:
 * @a: a list
 * @b: another list
 *
 * Returns: how many leading elements @a and @b share by pointer
 */
guint
rdx_list_common_prefix (RdxValue *a, RdxValue *b)
{
  ListHead *ha = (ListHead *) a, *hb = (ListHead *) b;

  if (a == b)
    return ha->length;
  return common_run (ha->root, hb->root, FALSE, MIN (ha->length, hb->length));
}

/**
 * rdx_list_common_suffix:
 * @a: a list
 * @b: another list
 * @limit: the most to report (so prefix and suffix don't overlap)
 *
 * Returns: how many trailing elements @a and @b share by pointer, at most
 *   @limit
 */
guint
rdx_list_common_suffix (RdxValue *a, RdxValue *b, guint limit)
{
  ListHead *ha = (ListHead *) a, *hb = (ListHead *) b;

  limit = MIN (limit, MIN (ha->length, hb->length));
  if (a == b)
    return limit;
  return common_run (ha->root, hb->root, TRUE, limit);
}

gboolean
rdx_list_diff_internal (RdxDiffState *state, RdxValue *old_list, RdxValue *new_list)
{
  guint old_len = rdx_list_length (old_list), new_len = rdx_list_length (new_list);
  guint prefix = rdx_list_common_prefix (old_list, new_list);
  guint suffix = rdx_list_common_suffix (old_list, new_list, MIN (old_len, new_len) - prefix);
  guint old_mid = old_len - prefix - suffix, new_mid = new_len - prefix - suffix;
  guint k;

  for (k = 0; k < MAX (old_mid, new_mid); k++)
    {
      RdxValue *ov = k < old_mid ? rdx_list_get (old_list, prefix + k) : NULL;
      RdxValue *nv = k < new_mid ? rdx_list_get (new_list, prefix + k) : NULL;
      gboolean  go_on;

      if (ov == nv)
        continue;
      rdx_diff_push_index (state, prefix + k);
      go_on = ov != NULL && nv != NULL ? rdx_diff_values_internal (state, ov, nv)
                                       : rdx_diff_report (state, ov, nv);
      rdx_diff_pop (state);
      if (!go_on)
        return FALSE;
    }
  return TRUE;
}

/* Builders */

struct _RdxListBuilder
{
  LNode *root; /* owned; NULL while empty */
};

/**
 * rdx_list_builder_new: (skip)
 * @base: (nullable): the list to start from, or %NULL for an empty one
 *
 * Starts building a list in place. Language bindings use [func@Rdx.list_newv] or, with their
 * overrides, `Rdx.Value.pack()`.
 *
 * Returns: (transfer full): a builder; finish it with [method@Rdx.ListBuilder.end]
 *   or drop it with [method@Rdx.ListBuilder.free]
 */
RdxListBuilder *
rdx_list_builder_new (RdxValue *base)
{
  RdxListBuilder *builder;

  g_return_val_if_fail (base == NULL || rdx_value_holds_fast (base, RDX_VALUE_LIST), NULL);

  builder = g_new (RdxListBuilder, 1);
  builder->root = base != NULL && ((ListHead *) base)->root != NULL
                    ? lnode_ref (((ListHead *) base)->root)
                    : NULL;
  return builder;
}

/**
 * rdx_list_builder_append: (skip)
 * @builder: a builder
 * @value: the element to add
 *
 * Appends @value to the list being built, in amortised O(1) time.
 */
void
rdx_list_builder_append (RdxListBuilder *builder, RdxValue *value)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (value != NULL);

  rdx_list_builder_insert (builder, rdx_list_builder_length (builder), value);
}

static void builder_insert (RdxListBuilder *builder, guint index, RdxValue *value, gboolean take);

/**
 * rdx_list_builder_append_take: (skip)
 * @builder: a builder
 * @value: (transfer full): the element to add
 *
 * Like [method@Rdx.ListBuilder.append], taking @value.
 */
void
rdx_list_builder_append_take (RdxListBuilder *builder, RdxValue *value)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (value != NULL);

  /* The reference is taken as it is: the element is not touched, which
   * in a list built in another order than memory's saves a cache miss
   * each. */
  builder_insert (builder, rdx_list_builder_length (builder), value, TRUE);
}

/**
 * rdx_list_builder_length: (skip)
 * @builder: a builder
 *
 * Gets the length of the list being built.
 *
 * Returns: the length of the list being built
 */
guint
rdx_list_builder_length (RdxListBuilder *builder)
{
  g_return_val_if_fail (builder != NULL, 0);

  return builder->root != NULL ? lnode_count (builder->root) : 0;
}

/**
 * rdx_list_builder_end: (skip)
 * @builder: (transfer full): a builder
 *
 * Frees @builder and returns what it built.
 *
 * Returns: (transfer full): the list
 */
RdxValue *
rdx_list_builder_end (RdxListBuilder *builder)
{
  LNode *root;

  g_return_val_if_fail (builder != NULL, NULL);

  root = builder->root;
  g_free (builder);
  return list_from_root (root);
}

/**
 * rdx_list_builder_free: (skip)
 * @builder: (transfer full): a builder
 *
 * Drops @builder and what it built so far.
 */
void
rdx_list_builder_free (RdxListBuilder *builder)
{
  if (builder == NULL)
    return;
  if (builder->root != NULL)
    lnode_unref (builder->root);
  g_free (builder);
}

/* Editing in place, for drafts (rdx-draft.c): the same updates as the
 * persistent ones, applied in place to the nodes only the builder holds. */

RdxValue *
rdx_list_builder_get (RdxListBuilder *builder, guint index)
{
  if (builder->root == NULL || index >= lnode_count (builder->root))
    return NULL;
  return lnode_get (builder->root, index);
}

/* Replaces the builder's root by @root, the result of an in-place update
 * of it that @exclusive says could happen in place. */
static void
builder_replace_root (RdxListBuilder *builder, gboolean exclusive, LNode *root)
{
  if (!exclusive)
    lnode_unref (builder->root);
  builder->root = root;
}

/* Inserts @value at @index, taking the caller's reference if @take. */
static void
builder_insert (RdxListBuilder *builder, guint index, RdxValue *value, gboolean take)
{
  gboolean exclusive;

  if (builder->root == NULL)
    {
      builder->root = root_insert (NULL, TRUE, 0, value, take);
      return;
    }
  exclusive = lnode_is_exclusive (builder->root);
  builder_replace_root (builder, exclusive, root_insert (builder->root, TRUE, index, value, take));
}

void
rdx_list_builder_set (RdxListBuilder *builder, guint index, RdxValue *value)
{
  gboolean exclusive;
  LNode   *root;

  g_return_if_fail (index < rdx_list_builder_length (builder));

  exclusive = lnode_is_exclusive (builder->root);
  root = lnode_set (builder->root, TRUE, index, value);
  if (root != NULL)
    builder_replace_root (builder, exclusive, root);
}

void
rdx_list_builder_insert (RdxListBuilder *builder, guint index, RdxValue *value)
{
  g_return_if_fail (index <= rdx_list_builder_length (builder));

  builder_insert (builder, index, value, FALSE);
}

void
rdx_list_builder_remove (RdxListBuilder *builder, guint index)
{
  gboolean exclusive;

  g_return_if_fail (index < rdx_list_builder_length (builder));

  exclusive = lnode_is_exclusive (builder->root);
  builder_replace_root (builder, exclusive, lnode_remove (builder->root, TRUE, index));
  builder->root = root_normalize (builder->root);
}

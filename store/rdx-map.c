/* rdx-map.c: persistent maps, as a compressed hash-array mapped prefix trie
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-value-private.h"

#include <string.h>

/* A map is a CHAMP trie (Steindorfer and Vinju, "Optimizing Hash-Array
 * Mapped Tries for Fast and Lean Immutable JVM Collections", 2015). Each
 * node consumes MAP_BITS bits of the key's hash and holds two bitmaps:
 * `datamap` marks the slots holding a key and its value inline, `nodemap`
 * the slots holding a child node. The slots array stores the key/value pairs
 * first, then the children, each in bit order.
 *
 * The shape is canonical: a key sits inline at the shallowest level where
 * no other key shares its hash prefix, and removal pulls a lone remaining
 * key back up. So equal key sets give identical shapes, equality can compare
 * node by node, and iteration order depends only on the set of keys.
 *
 * Keys whose 32 hash bits are all equal end up in a collision node, whose
 * pairs are sorted by key bytes so that it is canonical too.
 *
 * The root node lives in the same allocation as the map header; inner nodes
 * are separate and reference counted, shared between the versions of a map.
 * An update copies the nodes on the path to the key (O(log n) time and
 * memory) and references everything else. A builder owns its map alone and
 * updates nodes in place while their reference count says nobody else can
 * see them. */

#ifndef MAP_BITS
#define MAP_BITS 3
#endif
#define BRANCH     (1u << MAP_BITS)
#define LEVEL_MASK (BRANCH - 1)
#define HASH_BITS  32
#define MAX_LEVELS ((HASH_BITS + MAP_BITS - 1) / MAP_BITS + 1)

typedef struct _Node Node;

/* Eight bytes before the slots: a node is the size of its slots plus
 * one word. A collision node has both bitmaps zero and at least one pair;
 * no other node does (the empty root has no pairs). */
struct _Node
{
  gint     ref_count;
  guint8   datamap;
  guint8   nodemap;
  guint16  ndata; /* pairs: popcount (datamap), or how many in a collision node */
  gpointer slots[];
};

G_STATIC_ASSERT (BRANCH <= 8);
G_STATIC_ASSERT (sizeof (Node) == 8);

typedef struct
{
  RdxValue base;
  guint32  size;
  guint32  hash; /* 0 until rdx_value_hash() computed it */
} MapHead;

#define MAP_ROOT(m)     ((Node *) ((MapHead *) (m) + 1))
#define ROOT_HEAD(n)    ((MapHead *) (n) -1)
#define KEY_HASH(k)     (((RdxString *) (k))->hash & rdx_testing_get_hash_mask ())
#define IS_COLLISION(n) ((n)->datamap == 0 && (n)->nodemap == 0 && (n)->ndata != 0)

/* The empty map: a static header followed by an empty root node. */
static struct
{
  MapHead head;
  Node    root;
} empty_map = {
  { { 1, RDX_VALUE_MAP, RDX_VALUE_FLAG_STATIC, 0 }, 0, 0 },
  { 1, 0, 0, 0 },
};

G_STATIC_ASSERT (sizeof (MapHead) % sizeof (gpointer) == 0);
G_STATIC_ASSERT (sizeof (MapHead) >= sizeof (RdxValue) + sizeof (gpointer));

/* Debian's x86-64 baseline has no POPCNT instruction, and libgcc's
 * fallback is a call: bitmaps of up to 8 bits go through a table. */
static const guint8 byte_bits[256] = {
#define B2(n) n, n + 1, n + 1, n + 2
#define B4(n) B2 (n), B2 (n + 1), B2 (n + 1), B2 (n + 2)
#define B6(n) B4 (n), B4 (n + 1), B4 (n + 1), B4 (n + 2)
  B6 (0), B6 (1), B6 (1), B6 (2)
#undef B2
#undef B4
#undef B6
};

static inline guint
popcount (guint32 x)
{
  if (BRANCH <= 8)
    return byte_bits[x & 0xff];
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0f0f0f0fu;
  return (x * 0x01010101u) >> 24;
}

static inline guint
node_ndata (Node *node)
{
  return node->ndata;
}

static inline guint
node_nslots (Node *node)
{
  return 2 * node->ndata + byte_bits[node->nodemap];
}

/* Sets the bitmaps and the count that goes with them; for a collision
 * node, @datamap is the number of pairs. */
static inline void
node_set_maps (Node *node, gboolean collision, guint32 datamap, guint32 nodemap)
{
  if (collision)
    g_assert (datamap > 0 && datamap <= G_MAXUINT16 && nodemap == 0);

  node->datamap = collision ? 0 : (guint8) datamap;
  node->nodemap = (guint8) nodemap;
  node->ndata = collision ? datamap : popcount (datamap);
}

static inline gboolean
node_is_singleton (Node *node)
{
  return node->nodemap == 0 && node_ndata (node) == 1;
}

static gsize
node_bytes (guint nslots)
{
  return sizeof (Node) + nslots * sizeof (gpointer);
}

/* Allocates a node of @nslots slots; a root node comes with its map header. */
static Node *
node_new (gboolean root, guint nslots)
{
  Node *node;

  if (root)
    {
      MapHead *head = g_malloc (sizeof (MapHead) + node_bytes (nslots));

      head->base.ref_count = 1;
      head->base.kind = RDX_VALUE_MAP;
      head->base.flags = 0;
      head->base.reserved = 0;
      head->size = 0;
      head->hash = 0;
      node = MAP_ROOT (head);
    }
  else
    {
      node = g_malloc (node_bytes (nslots));
    }

  rdx_value_count_alloc ();
  node->ref_count = 1;
  node->datamap = 0;
  node->nodemap = 0;
  node->ndata = 0;
  return node;
}

static Node *
node_resize (Node *node, gboolean root, guint nslots)
{
  if (root)
    return MAP_ROOT (g_realloc (ROOT_HEAD (node), sizeof (MapHead) + node_bytes (nslots)));
  return g_realloc (node, node_bytes (nslots));
}

/* Whether @node can be changed in place: only this map can reach it. */
static inline gboolean
node_is_exclusive (Node *node, gboolean root)
{
  if (root)
    {
      RdxValue *head = &ROOT_HEAD (node)->base;

      return !(head->flags & RDX_VALUE_FLAG_STATIC) && g_atomic_int_get (&head->ref_count) == 1;
    }
  return g_atomic_int_get (&node->ref_count) == 1;
}

static void node_unref (Node *node);

static inline void
slot_ref (gpointer slot, gboolean is_node)
{
  if (is_node)
    g_atomic_int_inc (&((Node *) slot)->ref_count);
  else
    rdx_value_ref_fast (slot);
}

static inline void
slot_unref (gpointer slot, gboolean is_node)
{
  if (is_node)
    node_unref (slot);
  else
    rdx_value_unref_fast (slot);
}

/* Drops the references the slots [from, to) of a node with @ndata pairs
 * hold. */
static void
slots_unref (gpointer *slots, guint ndata, guint from, guint to)
{
  guint s;

  for (s = from; s < to; s++)
    slot_unref (slots[s], s >= 2 * ndata);
}

static void
node_free_slots (Node *node)
{
  slots_unref (node->slots, node_ndata (node), 0, node_nslots (node));
}

static void
node_unref (Node *node)
{
  if (rdx_ref_drop (&node->ref_count))
    {
      node_free_slots (node);
      rdx_value_count_free ();
      g_free (node);
    }
}

void
rdx_map_free_internal (RdxValue *map)
{
  node_free_slots (MAP_ROOT (map));
  rdx_value_count_free ();
  g_free (map);
}

/* Copies @n slots; the counts are at most 2 * BRANCH + 1, where a call
 * to memcpy () costs more than the copy. */
static inline void
copy_slots (gpointer *out, gpointer const *slots, guint n)
{
  for (guint i = 0; i < n; i++)
    out[i] = slots[i];
}

/* Copies the slots [from, to) of what remains of @slots once the range
 * [dpos, dpos + ndel) is deleted. */
static inline void
copy_remaining (gpointer *out, gpointer const *slots, guint from, guint to, guint dpos, guint ndel)
{
  if (from < dpos)
    {
      guint end = MIN (to, dpos);

      copy_slots (out, slots + from, end - from);
      out += end - from;
      from = end;
    }
  if (from < to)
    copy_slots (out, slots + from + ndel, to - from);
}

/* Takes a reference on each of the slots [from, to) of a node whose pairs
 * end at slot @data_end: keys and values before it, nodes after. */
static inline void
slots_share (gpointer const *slots, guint from, guint to, guint data_end)
{
  guint mid = CLAMP (data_end, from, to);
  guint s;

  for (s = from; s < mid; s++)
    rdx_value_ref_fast (slots[s]);
  for (; s < to; s++)
    g_atomic_int_inc (&((Node *) slots[s])->ref_count);
}

/* The one edit every update is made of: delete the slots [dpos, dpos + ndel)
 * of @node, then insert the @nins slots @ins at @ipos (counted after the
 * deletion), and set the bitmaps. @ins are references the caller gives.
 *
 * In place, the deleted slots' references are dropped. In a copy, the old
 * node keeps its references and the copy takes new ones on every slot it
 * shares with it. */
static Node *
node_edit (Node     *node,
           gboolean  root,
           gboolean  in_place,
           guint     dpos,
           guint     ndel,
           guint     ipos,
           gpointer *ins,
           guint     nins,
           guint32   datamap,
           guint32   nodemap)
{
  guint     old_n = node_nslots (node);
  guint     new_n = old_n - ndel + nins;
  gboolean  collision = IS_COLLISION (node);
  guint     new_ndata = collision ? datamap : popcount (datamap);
  gpointer  stack_buf[2 * BRANCH + 2];
  gpointer *out;
  Node     *result;

  if (in_place)
    {
      /* The slots move around within the node: build them aside first. */
      out = new_n <= G_N_ELEMENTS (stack_buf) ? stack_buf : g_new (gpointer, new_n);
      slots_unref (node->slots, node_ndata (node), dpos, dpos + ndel);
      result = node;
    }
  else
    {
      result = node_new (root, new_n);
      out = result->slots;
    }

  /* The new slot sequence: the old slots without [dpos, dpos + ndel), with
   * @ins spliced in at ipos. */
  copy_remaining (out, node->slots, 0, ipos, dpos, ndel);
  copy_remaining (out + ipos + nins, node->slots, ipos, old_n - ndel, dpos, ndel);
  copy_slots (out + ipos, ins, nins);

  if (!in_place)
    {
      /* The copy shares every slot but the inserted ones. */
      slots_share (out, 0, ipos, 2 * new_ndata);
      slots_share (out, ipos + nins, new_n, 2 * new_ndata);
    }

  if (in_place)
    {
      if (new_n > old_n)
        result = node_resize (node, root, new_n);
      copy_slots (result->slots, out, new_n);
      if (out != stack_buf)
        g_free (out);
    }

  node_set_maps (result, collision, datamap, nodemap);
  return result;
}

/* Whether the first and the last @width bytes of @a and @b (@len long,
 * width <= len <= 2 * width) are equal: all of them. With a constant
 * width the compiler makes each memcmp () a load and a compare. */
static inline gboolean
edges_equal (const char *a, const char *b, gsize len, gsize width)
{
  return memcmp (a, b, width) == 0 && memcmp (a + len - width, b + len - width, width) == 0;
}

/* memcmp () == 0 for keys, which are short: up to 16 bytes without a
 * call. */
static inline gboolean
bytes_equal (const char *a, const char *b, gsize len)
{
  if (len >= 8 && len <= 16)
    return edges_equal (a, b, len, 8);
  if (len >= 4 && len < 8)
    return edges_equal (a, b, len, 4);
  if (len < 4)
    {
      for (gsize i = 0; i < len; i++)
        if (a[i] != b[i])
          return FALSE;
      return TRUE;
    }
  return memcmp (a, b, len) == 0;
}

static inline gboolean
key_matches (gpointer key, guint32 full_hash, const char *str, gsize len)
{
  RdxString *k = key;

  return k->hash == full_hash && k->length == len && bytes_equal (k->data, str, len);
}

static int
key_compare (RdxString *k, const char *str, gsize len)
{
  int c = memcmp (k->data, str, MIN (k->length, len));

  return c != 0 ? c : (k->length > len) - (k->length < len);
}

/* What an update is looking for: a key (as text, with its hash), and for a
 * set, the value and maybe the key as a string value already. */
typedef struct
{
  const char *str;
  gsize       len;
  guint32     full_hash;
  guint32     hash; /* masked */
  RdxValue   *key;  /* nullable: made on insertion when NULL */
  RdxValue   *value;
  gboolean    check;   /* whether @str must be checked before it is inserted: text
                        * from the caller, not a string value (@key) */
  gboolean    invalid; /* an insertion was refused: @str is not UTF-8 */
  gboolean    added;
  gboolean    removed;
} Op;

/* @full_hash: rdx_hash_bytes () of the key. */
static void
op_init_hashed (Op *op, const char *key, gsize len, guint32 full_hash)
{
  memset (op, 0, sizeof *op);
  op->str = key;
  op->len = len;
  op->full_hash = full_hash;
  op->hash = full_hash & rdx_testing_get_hash_mask ();
  op->check = TRUE;
}

/* Checks @op's text key for UTF-8 (out of line: inserting is the rare
 * case of the updates that call it). Keys to check are NUL-terminated
 * (@len is their strlen ()), and GLib validates those faster without a
 * length. */
static G_NO_INLINE gboolean
op_check_key (Op *op)
{
  if (g_utf8_validate (op->str, -1, NULL))
    return TRUE;
  op->invalid = TRUE;
  return FALSE;
}

/* Whether @op's key may go into a map. A key is checked for UTF-8 only
 * when it is to be inserted: one the map holds is valid, so a key that is
 * found needs no check, and a string value (op->key given) is valid
 * already. A refusal changes nothing: the callers on the way up see no
 * change. */
static inline gboolean
op_can_insert (Op *op)
{
  return G_LIKELY (!op->check) || op_check_key (op);
}

static void
op_init (Op *op, const char *key, gsize len)
{
  op_init_hashed (op, key, len, rdx_hash_bytes (key, len));
}

static RdxValue *
op_take_key (Op *op)
{
  if (op->key == NULL)
    {
      RdxString *s = g_malloc (sizeof (RdxString) + op->len + 1);

      s->base.ref_count = 1;
      s->base.kind = RDX_VALUE_STRING;
      s->base.flags = 0;
      s->base.reserved = 0;
      s->hash = op->full_hash;
      s->length = op->len;
      memcpy (s->data, op->str, op->len);
      s->data[op->len] = '\0';
      rdx_value_count_alloc ();
      op->key = &s->base; /* this reference is the op's, dropped by its caller */
    }
  return rdx_value_ref_fast (op->key);
}

/* A node holding two pairs whose hashes agree below @shift. Takes the
 * references it is given. */
static Node *
merge_two (guint shift, gpointer k1, gpointer v1, gpointer k2, gpointer v2)
{
  guint32 h1 = KEY_HASH (k1), h2 = KEY_HASH (k2);
  Node   *node;

  if (shift >= HASH_BITS)
    {
      gboolean first = key_compare (k1, ((RdxString *) k2)->data, ((RdxString *) k2)->length) < 0;

      node = node_new (FALSE, 4);
      node_set_maps (node, TRUE, 2, 0);
      node->slots[0] = first ? k1 : k2;
      node->slots[1] = first ? v1 : v2;
      node->slots[2] = first ? k2 : k1;
      node->slots[3] = first ? v2 : v1;
    }
  else
    {
      guint b1 = (h1 >> shift) & LEVEL_MASK, b2 = (h2 >> shift) & LEVEL_MASK;

      if (b1 == b2)
        {
          node = node_new (FALSE, 1);
          node_set_maps (node, FALSE, 0, 1u << b1);
          node->slots[0] = merge_two (shift + MAP_BITS, k1, v1, k2, v2);
        }
      else
        {
          node = node_new (FALSE, 4);
          node_set_maps (node, FALSE, (1u << b1) | (1u << b2), 0);
          node->slots[0] = b1 < b2 ? k1 : k2;
          node->slots[1] = b1 < b2 ? v1 : v2;
          node->slots[2] = b1 < b2 ? k2 : k1;
          node->slots[3] = b1 < b2 ? v2 : v1;
        }
    }

  return node;
}

/* Finds @op's key in a collision node: its pair index, or where it would go
 * (with *found FALSE). */
static guint
collision_find (Node *node, Op *op, gboolean *found)
{
  guint i, n = node->ndata;

  for (i = 0; i < n; i++)
    {
      int c = key_compare (node->slots[2 * i], op->str, op->len);

      if (c >= 0)
        {
          *found = c == 0;
          return i;
        }
    }
  *found = FALSE;
  return n;
}

/* Returns the updated node, @node itself if it was updated in place, or
 * NULL if nothing changed. */
static Node *
node_set (Node *node, gboolean root, gboolean in_place, guint shift, Op *op)
{
  guint32 bit;
  guint   ndata;

  in_place = in_place && node_is_exclusive (node, root);

  if (IS_COLLISION (node))
    {
      gboolean found;
      guint    i = collision_find (node, op, &found);
      gpointer ins[2];

      if (found)
        {
          if (node->slots[2 * i + 1] == op->value)
            return NULL;
          ins[0] = rdx_value_ref_fast (op->value);
          return node_edit (node, FALSE, in_place, 2 * i + 1, 1, 2 * i + 1, ins, 1, node->ndata, 0);
        }
      if (!op_can_insert (op))
        return NULL;
      ins[0] = op_take_key (op);
      ins[1] = rdx_value_ref_fast (op->value);
      op->added = TRUE;
      return node_edit (node, FALSE, in_place, 0, 0, 2 * i, ins, 2, node->ndata + 1, 0);
    }

  bit = 1u << ((op->hash >> shift) & LEVEL_MASK);
  ndata = node->ndata;

  if (node->datamap & bit)
    {
      guint    i = popcount (node->datamap & (bit - 1));
      gpointer key = node->slots[2 * i];
      gpointer ins[2];

      if (key_matches (key, op->full_hash, op->str, op->len))
        {
          if (node->slots[2 * i + 1] == op->value)
            return NULL;
          ins[0] = rdx_value_ref_fast (op->value);
          return node_edit (node, root, in_place, 2 * i + 1, 1, 2 * i + 1, ins, 1, node->datamap,
                            node->nodemap);
        }
      else
        {
          /* Another key has this slot: both move down into a new child. */
          guint    j = popcount (node->nodemap & (bit - 1));
          gpointer child;

          if (!op_can_insert (op))
            return NULL;
          rdx_value_ref_fast (key);
          rdx_value_ref_fast (node->slots[2 * i + 1]);
          child = merge_two (shift + MAP_BITS, key, node->slots[2 * i + 1], op_take_key (op),
                             rdx_value_ref_fast (op->value));
          op->added = TRUE;
          return node_edit (node, root, in_place, 2 * i, 2, 2 * (ndata - 1) + j, &child, 1,
                            node->datamap & ~bit, node->nodemap | bit);
        }
    }
  else if (node->nodemap & bit)
    {
      guint    p = 2 * ndata + popcount (node->nodemap & (bit - 1));
      Node    *child = node->slots[p];
      gboolean child_in_place = in_place && node_is_exclusive (child, FALSE);
      Node    *updated = node_set (child, FALSE, in_place, shift + MAP_BITS, op);

      if (updated == NULL)
        return NULL;
      if (child_in_place)
        {
          /* Updated in place, though a resize may have moved it. */
          node->slots[p] = updated;
          return node;
        }
      return node_edit (node, root, in_place, p, 1, p, (gpointer *) &updated, 1, node->datamap,
                        node->nodemap);
    }
  else
    {
      guint    i = popcount (node->datamap & (bit - 1));
      gpointer ins[2];

      if (!op_can_insert (op))
        return NULL;
      ins[0] = op_take_key (op);
      ins[1] = rdx_value_ref_fast (op->value);
      op->added = TRUE;
      return node_edit (node, root, in_place, 0, 0, 2 * i, ins, 2, node->datamap | bit,
                        node->nodemap);
    }
}

/* Returns the node without @op's key, @node itself if changed in place, or
 * NULL when the key is not there. The result may be a singleton, which the
 * parent pulls up into itself. */
static Node *
node_remove (Node *node, gboolean root, gboolean in_place, guint shift, Op *op)
{
  guint32 bit;
  guint   ndata;

  in_place = in_place && node_is_exclusive (node, root);

  if (IS_COLLISION (node))
    {
      gboolean found;
      guint    i = collision_find (node, op, &found);

      if (!found)
        return NULL;
      op->removed = TRUE;
      return node_edit (node, FALSE, in_place, 2 * i, 2, 2 * i, NULL, 0, node->ndata - 1, 0);
    }

  bit = 1u << ((op->hash >> shift) & LEVEL_MASK);
  ndata = node->ndata;

  if (node->datamap & bit)
    {
      guint i = popcount (node->datamap & (bit - 1));

      if (!key_matches (node->slots[2 * i], op->full_hash, op->str, op->len))
        return NULL;
      op->removed = TRUE;
      return node_edit (node, root, in_place, 2 * i, 2, 2 * i, NULL, 0, node->datamap & ~bit,
                        node->nodemap);
    }
  else if (node->nodemap & bit)
    {
      guint    p = 2 * ndata + popcount (node->nodemap & (bit - 1));
      Node    *child = node->slots[p];
      gboolean child_in_place = in_place && node_is_exclusive (child, FALSE);
      Node    *updated = node_remove (child, FALSE, in_place, shift + MAP_BITS, op);

      if (updated == NULL)
        return NULL;

      if (child_in_place)
        node->slots[p] = updated;

      if (node_is_singleton (updated))
        {
          /* Pull the lone pair up into this node, where it now belongs. */
          guint    i = popcount (node->datamap & (bit - 1));
          gpointer ins[2];

          ins[0] = rdx_value_ref_fast (updated->slots[0]);
          ins[1] = rdx_value_ref_fast (updated->slots[1]);
          /* In place, node_edit() releases the child with slot p; a copy
           * is ours alone and goes now. */
          if (!child_in_place)
            node_unref (updated);
          return node_edit (node, root, in_place, p, 1, 2 * i, ins, 2, node->datamap | bit,
                            node->nodemap & ~bit);
        }

      if (child_in_place)
        return node;
      return node_edit (node, root, in_place, p, 1, p, (gpointer *) &updated, 1, node->datamap,
                        node->nodemap);
    }

  return NULL;
}

/* The value slot of @key in a collision node, or NULL: out of line, so
 * that the searches that inline the common case stay small. */
static G_NO_INLINE RdxValue **
collision_slot (Node *node, const char *key, gsize len, guint32 full_hash)
{
  for (guint i = 0; i < node->ndata; i++)
    if (key_matches (node->slots[2 * i], full_hash, key, len))
      return (RdxValue **) &node->slots[2 * i + 1];
  return NULL;
}

static G_ALWAYS_INLINE inline RdxValue *
node_find (Node *node, const char *key, gsize len, guint32 full_hash)
{
  /* Shifted down a level at a time; 64 bits wide, so that past the last
   * level (at a collision node) it is 0 and gives slot 0, which a collision
   * node has empty. */
  guint64 hash = full_hash & rdx_testing_get_hash_mask ();

  /* The bitmaps first: a collision node has both empty, so only a search
   * that finds neither bit set looks whether it is one. */
  for (;;)
    {
      guint32 bit = 1u << (hash & LEVEL_MASK);

      if (node->datamap & bit)
        {
          guint i = popcount (node->datamap & (bit - 1));

          if (key_matches (node->slots[2 * i], full_hash, key, len))
            return node->slots[2 * i + 1];
          return NULL;
        }
      if (node->nodemap & bit)
        {
          node = node->slots[2 * node->ndata + popcount (node->nodemap & (bit - 1))];
          hash >>= MAP_BITS;
          continue;
        }
      if (IS_COLLISION (node))
        {
          RdxValue **slot = collision_slot (node, key, len, full_hash);

          return slot != NULL ? *slot : NULL;
        }
      return NULL;
    }
}

/**
 * rdx_map_new:
 *
 * Makes the empty map.
 *
 * Returns: (transfer full): the empty map
 */
RdxValue *
rdx_map_new (void)
{
  return &empty_map.head.base;
}

/* The critical that g_return_val_if_fail (check_key (key), ...) in
 * @func gave before keys were checked only on insertion: for a key that
 * was refused when it was to be inserted (Op.invalid). */
static void
critical_invalid_key (const char *func)
{
  g_return_if_fail_warning (G_LOG_DOMAIN, func, "check_key (key)");
}

/**
 * rdx_map_get: (method)
 * @map: a map
 * @key: a key
 *
 * Gets the value of a key of a map.
 *
 * Returns: (transfer none) (nullable): the value of @key, %NULL if @map has
 *   no such key
 */
RdxValue *
rdx_map_get (RdxValue *map, const char *key)
{
  gsize len;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  len = strlen (key);
  return node_find (MAP_ROOT (map), key, len, rdx_hash_bytes (key, len));
}

/**
 * rdx_map_get_key: (method)
 * @map: a map
 * @key: a string value
 *
 * Like [method@Rdx.Value.map_get], with the key as a string value, such
 * as an id from an action's payload: a string value keeps its hash, so
 * the key is not hashed again.
 *
 * Returns: (transfer none) (nullable): the value of @key, %NULL if @map has
 *   no such key
 */
RdxValue *
rdx_map_get_key (RdxValue *map, RdxValue *key)
{
  RdxString *k = (RdxString *) key;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (rdx_value_holds_fast (key, RDX_VALUE_STRING), NULL);

  return node_find (MAP_ROOT (map), k->data, k->length, k->hash);
}

/**
 * rdx_map_contains: (method)
 * @map: a map
 * @key: a key
 *
 * Checks whether a map has a key.
 *
 * Returns: %TRUE if @map has @key
 */
gboolean
rdx_map_contains (RdxValue *map, const char *key)
{
  return rdx_map_get (map, key) != NULL;
}

/**
 * rdx_map_size: (method)
 * @map: a map
 *
 * Gets the number of keys of a map.
 *
 * Returns: the number of keys in @map
 */
guint
rdx_map_size (RdxValue *map)
{
  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), 0);

  return ((MapHead *) map)->size;
}

/* Applies @op to the root of @map: in place when @in_place and nobody else
 * holds @map. Returns the new map (or @map, moved, in place), or NULL when
 * nothing changed. */
static RdxValue *
map_apply (RdxValue *map, Op *op, gboolean in_place, gboolean set)
{
  guint old_size = ((MapHead *) map)->size;
  Node *root;

  if (set)
    root = node_set (MAP_ROOT (map), TRUE, in_place, 0, op);
  else
    root = node_remove (MAP_ROOT (map), TRUE, in_place, 0, op);

  if (root == NULL)
    return NULL;

  ROOT_HEAD (root)->size = old_size + (op->added ? 1 : 0) - (op->removed ? 1 : 0);
  ROOT_HEAD (root)->hash = 0;
  return &ROOT_HEAD (root)->base;
}

/**
 * rdx_map_set: (method)
 * @map: a map
 * @key: a UTF-8 key
 * @value: its value
 *
 * Returns a map like @map with @key set to @value. @map does not change:
 * the result shares every node off the path to @key with it. When @key
 * already has @value (the same pointer), the result is @map itself, so
 * "did it change" is a pointer compare.
 *
 * Returns: (transfer full): the new map
 */
RdxValue *
rdx_map_set (RdxValue *map, const char *key, RdxValue *value)
{
  RdxValue *result;
  Op        op;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  op_init (&op, key, strlen (key));
  op.value = value;
  result = map_apply (map, &op, FALSE, TRUE);
  if (op.key != NULL)
    rdx_value_unref (op.key);
  if (op.invalid)
    {
      critical_invalid_key (G_STRFUNC);
      return NULL;
    }
  return result != NULL ? result : rdx_value_ref (map);
}

/**
 * rdx_map_set_take: (method)
 * @map: a map
 * @key: a UTF-8 key
 * @value: (transfer full): its value
 *
 * Like [method@Rdx.Value.map_set], taking the caller's reference to @value, which saves
 * an unref when @value was made for the purpose.
 *
 * Returns: (transfer full): the new map
 */
RdxValue *
rdx_map_set_take (RdxValue *map, const char *key, RdxValue *value)
{
  RdxValue *result = rdx_map_set (map, key, value);

  if (value != NULL)
    rdx_value_unref (value);
  return result;
}

/* A key's value replaced by what a function makes of it, finding the key
 * once: rdx_map_update (), and rdx_map_update_owned () when a node on the
 * way is shared. */
typedef enum
{
  UPDATE_CHANGED,
  UPDATE_SAME,   /* the function gave the old value back */
  UPDATE_ABSENT, /* the map has no such key: the function was not called */
  UPDATE_FAILED, /* the function returned NULL */
} UpdateStatus;

typedef struct
{
  const char *str;
  gsize       len;
  guint32     full_hash;
  guint64     hash; /* masked; 64 bits wide: see node_find () */
  /* Makes the new value (transfer full), or NULL, from the old one,
   * borrowed. */
  RdxValue *(*apply) (RdxValue *old, gpointer data);
  gpointer     data;
  UpdateStatus status;
} Update;

/* A copy of @node with the value in slot @s replaced by what @update
 * makes of it, or NULL with the status saying why nothing changed. */
static Node *
update_slot (Node *node, gboolean root, guint s, Update *update)
{
  RdxValue *old = node->slots[s];
  RdxValue *value = update->apply (old, update->data);

  if (value == NULL)
    {
      update->status = UPDATE_FAILED;
      return NULL;
    }
  if (value == old)
    {
      rdx_value_unref_fast (value);
      update->status = UPDATE_SAME;
      return NULL;
    }
  update->status = UPDATE_CHANGED;
  if (IS_COLLISION (node))
    return node_edit (node, FALSE, FALSE, s, 1, s, (gpointer *) &value, 1, node->ndata, 0);
  return node_edit (node, root, FALSE, s, 1, s, (gpointer *) &value, 1, node->datamap,
                    node->nodemap);
}

/* Updates the value of a key in @node's subtree, copying the path to it:
 * the new node, or NULL with @update->status saying why nothing
 * changed. */
static Node *
node_update (Node *node, gboolean root, guint shift, Update *update)
{
  guint32 bit = 1u << ((update->hash >> shift) & LEVEL_MASK);

  if (node->datamap & bit)
    {
      guint i = popcount (node->datamap & (bit - 1));

      if (key_matches (node->slots[2 * i], update->full_hash, update->str, update->len))
        return update_slot (node, root, 2 * i + 1, update);
    }
  else if (node->nodemap & bit)
    {
      guint p = 2 * node->ndata + popcount (node->nodemap & (bit - 1));
      Node *updated = node_update (node->slots[p], FALSE, shift + MAP_BITS, update);

      if (updated == NULL)
        return NULL;
      return node_edit (node, root, FALSE, p, 1, p, (gpointer *) &updated, 1, node->datamap,
                        node->nodemap);
    }
  else if (IS_COLLISION (node))
    {
      for (guint i = 0; i < node->ndata; i++)
        if (key_matches (node->slots[2 * i], update->full_hash, update->str, update->len))
          return update_slot (node, FALSE, 2 * i + 1, update);
    }

  update->status = UPDATE_ABSENT;
  return NULL;
}

/* Applies @update to @map (@key is @len bytes, @full_hash its
 * rdx_hash_bytes ()). When @in_place, the walk goes down the nodes that
 * are the caller's alone without changing them, to the node that holds
 * the key or the first shared one; from there it copies, and the copy
 * takes the place of that node in its parent. Returns the new map (@map
 * itself when its root was changed in place), or NULL with the status
 * set. */
static RdxValue *
map_update (RdxValue   *map,
            const char *key,
            gsize       len,
            guint32     full_hash,
            gboolean    in_place,
            Update     *update)
{
  guint     size = ((MapHead *) map)->size;
  Node     *root = MAP_ROOT (map);
  Node     *node = root;
  gpointer *link = NULL; /* the parent's slot of @node; NULL at the root */
  guint     shift = 0;
  Node     *copy;
  Node     *result;

  update->str = key;
  update->len = len;
  update->full_hash = full_hash;
  update->hash = full_hash & rdx_testing_get_hash_mask ();

  while (in_place && node_is_exclusive (node, link == NULL))
    {
      guint32 bit = 1u << ((update->hash >> shift) & LEVEL_MASK);

      if (!(node->nodemap & bit))
        break; /* the key is in this node, or nowhere */
      link = &node->slots[2 * node->ndata + popcount (node->nodemap & (bit - 1))];
      node = *link;
      shift += MAP_BITS;
    }

  copy = node_update (node, link == NULL, shift, update);
  if (copy == NULL)
    return NULL;
  if (link != NULL)
    {
      *link = copy;
      node_unref (node);
      result = root;
      rdx_value_edit_count++; /* changed in place */
    }
  else
    {
      result = copy;
    }
  ROOT_HEAD (result)->size = size;
  ROOT_HEAD (result)->hash = 0;
  return &ROOT_HEAD (result)->base;
}

typedef struct
{
  RdxUpdateFunc func;
  gpointer      user_data;
  GError      **error;
} UpdateCall;

static RdxValue *
apply_update_func (RdxValue *old, gpointer data)
{
  UpdateCall *call = data;

  return call->func (old, call->user_data, call->error);
}

/**
 * rdx_map_update: (method)
 * @map: a map
 * @key: a UTF-8 key
 * @func: (scope call): computes the new value of @key from the old one
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Returns a map like @map with @key set to what @func makes of its value,
 * finding the key once: `rdx_map_get()` followed by `rdx_map_set()` walks
 * the map and hashes the key twice, this once. @func gets the value
 * (%NULL when @map has no @key, and then what it returns is inserted).
 * @map does not change. When @func gives the old value back, the result
 * is @map itself; when it fails, nothing changes and its error is
 * returned.
 *
 * Returns: (transfer full) (nullable): the new map, or %NULL with @error
 *   set by @func
 */
RdxValue *
rdx_map_update (RdxValue     *map,
                const char   *key,
                RdxUpdateFunc func,
                gpointer      user_data,
                GError      **error)
{
  UpdateCall call = { func, user_data, error };
  Update     update = { .apply = apply_update_func, .data = &call };
  RdxValue  *result;
  RdxValue  *value;
  gsize      len;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (key);
  result = map_update (map, key, len, rdx_hash_bytes (key, len), FALSE, &update);
  switch (update.status)
    {
      case UPDATE_CHANGED:
        return result;
      case UPDATE_SAME:
        return rdx_value_ref (map);
      case UPDATE_FAILED:
        return NULL;
      case UPDATE_ABSENT:
      default:
        break;
    }

  /* A new key: checked before the function runs, as rdx_map_set () would. */
  if (!g_utf8_validate (key, -1, NULL))
    {
      critical_invalid_key (G_STRFUNC);
      return NULL;
    }
  value = func (NULL, user_data, error);
  if (value == NULL)
    return NULL;
  return rdx_map_set_take (map, key, value);
}

/**
 * rdx_map_remove: (method)
 * @map: a map
 * @key: a key
 *
 * Removes a key from a map, in a new map.
 *
 * Returns: (transfer full): a map like @map without @key; @map itself when
 *   it has no @key
 */
RdxValue *
rdx_map_remove (RdxValue *map, const char *key)
{
  RdxValue *result;
  Op        op;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  op_init (&op, key, strlen (key));
  result = map_apply (map, &op, FALSE, FALSE);
  if (result == NULL)
    return rdx_value_ref (map);
  if (((MapHead *) result)->size == 0)
    {
      rdx_value_unref (result);
      return rdx_map_new ();
    }
  return result;
}

/* Owned updates */

/* After a change through a slot: the kept hash is stale. */
static inline void
map_touch (RdxValue *map)
{
  ((MapHead *) map)->hash = 0;
  rdx_value_edit_count++;
}

/* The slot of @key's value (@len bytes, @full_hash its rdx_hash_bytes ()),
 * when the path to it is @map's alone. */
static G_ALWAYS_INLINE inline RdxValue **
slot_owned (RdxValue *map, const char *key, gsize len, guint32 full_hash)
{
  guint64 hash = full_hash & rdx_testing_get_hash_mask (); /* 64 bits wide: see node_find () */
  Node   *node = MAP_ROOT (map);

  if (!node_is_exclusive (node, TRUE))
    return NULL;
  /* As node_find (): the bitmaps first. */
  for (;;)
    {
      guint32 bit = 1u << (hash & LEVEL_MASK);

      if (node->datamap & bit)
        {
          guint i = popcount (node->datamap & (bit - 1));

          if (key_matches (node->slots[2 * i], full_hash, key, len))
            return (RdxValue **) &node->slots[2 * i + 1];
          return NULL;
        }
      if (node->nodemap & bit)
        {
          node = node->slots[2 * node->ndata + popcount (node->nodemap & (bit - 1))];
          if (!node_is_exclusive (node, FALSE))
            return NULL;
          hash >>= MAP_BITS;
          continue;
        }
      if (IS_COLLISION (node))
        return collision_slot (node, key, len, full_hash);
      return NULL;
    }
}

/* rdx_map_set_owned () of @key (@len bytes, @full_hash its
 * rdx_hash_bytes (); @key_value the same as a string value, borrowed, or
 * NULL), taking the references to @map and @value; @look: whether to look
 * for a slot to replace in place first (not when the caller just did).
 * When the key is new and not UTF-8, a critical in @func_name's name, and
 * NULL, taking neither reference and changing nothing. */
static RdxValue *
set_owned (RdxValue   *map,
           const char *key,
           gsize       len,
           guint32     full_hash,
           RdxValue   *key_value,
           RdxValue   *value,
           gboolean    look,
           const char *func_name)
{
  RdxValue *result;
  gboolean  exclusive = node_is_exclusive (MAP_ROOT (map), TRUE);
  Op        op;

  if (exclusive && look)
    {
      /* A key the map has, on a path that is the caller's alone: the value
       * is replaced where it is. */
      RdxValue **slot = slot_owned (map, key, len, full_hash);

      if (slot != NULL)
        {
          RdxValue *old = *slot;

          if (old == value)
            {
              rdx_value_unref_fast (value);
              return map;
            }
          *slot = value;
          rdx_value_unref_fast (old);
          map_touch (map);
          return map;
        }
    }

  op_init_hashed (&op, key, len, full_hash);
  op.key = key_value;
  op.check = key_value == NULL;
  op.value = value;
  result = map_apply (map, &op, exclusive, TRUE);
  if (op.key != NULL && key_value == NULL)
    rdx_value_unref (op.key);
  if (op.invalid)
    {
      critical_invalid_key (func_name);
      return NULL;
    }
  rdx_value_unref_fast (value);
  if (result == NULL)
    return map;
  /* In place the root may have moved (grown); a copy leaves @map as it
   * was, for whoever else holds it. */
  if (exclusive)
    rdx_value_edit_count++;
  else
    rdx_value_unref (map);
  return result;
}

/**
 * rdx_map_set_owned: (skip)
 * @map: (transfer full): a map
 * @key: a UTF-8 key
 * @value: (transfer full): its value
 *
 * Like [method@Rdx.Value.map_set], taking the caller's reference to @map
 * (and to @value) and giving back the reference to the result. When that
 * reference was the only one to @map and to the nodes on the way to
 * @key, they are changed in place, as a builder does, and the result is
 * usually @map itself; otherwise the path to @key is copied and @map
 * released. Either way nobody can tell: a map anyone else holds a
 * reference to never changes.
 *
 * A reducer that owns its state ([ctor@Rdx.Reducer.new_owned]) updates it
 * with these.
 *
 * Returns: (transfer full): the map with @key set to @value
 */
RdxValue *
rdx_map_set_owned (RdxValue *map, const char *key, RdxValue *value)
{
  gsize len;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  len = strlen (key);
  return set_owned (map, key, len, rdx_hash_bytes (key, len), NULL, value, TRUE, G_STRFUNC);
}

/**
 * rdx_map_set_owned_key: (skip)
 * @map: (transfer full): a map
 * @key: a string value
 * @value: (transfer full): its value
 *
 * Like `rdx_map_set_owned()`, with the key as a string value:
 * it is not hashed again, and when @key is new to @map, the map keeps a
 * reference to @key instead of a copy of its text.
 *
 * Returns: (transfer full): the map with @key set to @value
 */
RdxValue *
rdx_map_set_owned_key (RdxValue *map, RdxValue *key, RdxValue *value)
{
  RdxString *k = (RdxString *) key;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (rdx_value_holds_fast (key, RDX_VALUE_STRING), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  return set_owned (map, k->data, k->length, k->hash, key, value, TRUE, G_STRFUNC);
}

RdxValue **
rdx_map_slot_owned (RdxValue *map, const char *key)
{
  gsize len = strlen (key);

  if (!node_is_exclusive (MAP_ROOT (map), TRUE))
    return NULL;
  return slot_owned (map, key, len, rdx_hash_bytes (key, len));
}

RdxValue **
rdx_map_slot_owned_key (RdxValue *map, RdxValue *key)
{
  RdxString *k = (RdxString *) key;

  return slot_owned (map, k->data, k->length, k->hash);
}

void
rdx_map_touch (RdxValue *map)
{
  map_touch (map);
}

/**
 * RdxOwnedUpdateFunc:
 * @value: (transfer full) (nullable): the value of the key, %NULL when the
 *   map has none; when this reference is the only one, the function may
 *   change it in place with the owned updates
 * @user_data: the data given with the function
 *
 * Computes a key's new value from its old one, taking the old one.
 *
 * Returns: (transfer full) (nullable): the new value (@value itself to
 *   change nothing); %NULL only when @value is %NULL, to leave the key out
 *   (an update of a key only if the map has it)
 */

typedef struct
{
  RdxOwnedUpdateFunc func;
  gpointer           user_data;
} OwnedCall;

/* The owned function takes a reference: a new one, as the value stays in
 * the node the update copies. */
static RdxValue *
apply_owned_func (RdxValue *old, gpointer data)
{
  OwnedCall *call = data;

  return call->func (rdx_value_ref_fast (old), call->user_data);
}

/* rdx_map_update_owned () when the path to @key is not the caller's alone
 * or @key is missing: one descent, in place down the nodes that are the
 * caller's alone, a copy of the path from the first shared one on. Out of
 * line, so that the update in place stays small. */
static G_NO_INLINE RdxValue *
update_owned_copying (RdxValue          *map,
                      const char        *key,
                      gsize              len,
                      guint32            full_hash,
                      RdxValue          *key_value,
                      RdxOwnedUpdateFunc func,
                      gpointer           user_data,
                      const char        *func_name)
{
  OwnedCall call = { func, user_data };
  Update    update = { .apply = apply_owned_func, .data = &call };
  RdxValue *result =
    map_update (map, key, len, full_hash, node_is_exclusive (MAP_ROOT (map), TRUE), &update);
  RdxValue *updated;

  switch (update.status)
    {
      case UPDATE_CHANGED:
        /* A new root: @map was shared (or, being the caller's, copied). */
        if (result != map)
          rdx_value_unref (map);
        return result;
      case UPDATE_SAME:
        return map;
      case UPDATE_FAILED:
        /* A value that went nowhere. */
        g_return_if_fail_warning (G_LOG_DOMAIN, func_name, "updated != NULL");
        return map;
      case UPDATE_ABSENT:
      default:
        break;
    }

  updated = func (NULL, user_data);
  if (updated == NULL)
    return map; /* a missing key left out */
  result = set_owned (map, key, len, full_hash, key_value, updated, FALSE, func_name);
  if (result == NULL)
    rdx_value_unref (updated); /* @func's, not the caller's */
  return result;
}

/* rdx_map_update_owned () of @key (as set_owned () takes it), found
 * once when the path is the caller's alone, twice otherwise; criticals
 * name @func_name. */
static G_ALWAYS_INLINE inline RdxValue *
update_owned (RdxValue          *map,
              const char        *key,
              gsize              len,
              guint32            full_hash,
              RdxValue          *key_value,
              RdxOwnedUpdateFunc func,
              gpointer           user_data,
              const char        *func_name)
{
  RdxValue **slot = slot_owned (map, key, len, full_hash);
  RdxValue  *old;
  RdxValue  *updated;
  guint64    edits;

  if (slot == NULL)
    return update_owned_copying (map, key, len, full_hash, key_value, func, user_data, func_name);

  edits = rdx_value_edit_count;
  old = *slot;
  updated = func (old, user_data);
  if (updated == NULL)
    {
      g_return_if_fail_warning (G_LOG_DOMAIN, func_name, "updated != NULL");
      return map;
    }
  *slot = updated;
  if (updated != old || edits != rdx_value_edit_count)
    map_touch (map);
  return map;
}

/**
 * rdx_map_update_owned: (skip)
 * @map: (transfer full): a map
 * @key: a UTF-8 key
 * @func: (scope call): computes the new value of @key from the old one
 * @user_data: data for @func
 *
 * Sets @key to what @func makes of its value, finding the key once. Takes
 * the caller's reference to @map, as `rdx_map_set_owned()`: when it is
 * the only one to @map and to the nodes on the way, @func is handed the
 * value's own reference (so a value nobody else holds, such as an account
 * of a state only the store holds, can be changed in place in turn) and
 * its result goes into the same slot; otherwise @func gets a new
 * reference and the path is copied. When @map has no @key, @func gets
 * %NULL, and may return %NULL to leave the key out: the map is then as it
 * was (an update only if the key is there, in one search).
 *
 * Returns: (transfer full): the map with @key updated
 */
RdxValue *
rdx_map_update_owned (RdxValue *map, const char *key, RdxOwnedUpdateFunc func, gpointer user_data)
{
  gsize len;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  len = strlen (key);
  return update_owned (map, key, len, rdx_hash_bytes (key, len), NULL, func, user_data, G_STRFUNC);
}

/**
 * rdx_map_update_owned_key: (skip)
 * @map: (transfer full): a map
 * @key: a string value
 * @func: (scope call): computes the new value of @key from the old one
 * @user_data: data for @func
 *
 * Like `rdx_map_update_owned()`, with the key as a string
 * value, such as an id from an action's payload: a string value keeps its
 * hash, so the key is not hashed again.
 *
 * Returns: (transfer full): the map with @key updated
 */
RdxValue *
rdx_map_update_owned_key (RdxValue *map, RdxValue *key, RdxOwnedUpdateFunc func, gpointer user_data)
{
  RdxString *k = (RdxString *) key;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);
  g_return_val_if_fail (rdx_value_holds_fast (key, RDX_VALUE_STRING), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return update_owned (map, k->data, k->length, k->hash, key, func, user_data, G_STRFUNC);
}

/**
 * rdx_map_new_take:
 * @first_key: (nullable): the first key
 * @...: its value (transfer full), then more key/value pairs, then %NULL
 *
 * Builds a map from pairs, taking the values, as in
 * `rdx_map_new_take ("id", rdx_value_new_string ("acc-1"), "balance",
 * rdx_value_new_int (0), NULL)`.
 *
 * Returns: (transfer full): the map
 */
RdxValue *
rdx_map_new_take (const char *first_key, ...)
{
  RdxMapBuilder *builder = rdx_map_builder_new (NULL);
  const char    *key;
  va_list        args;

  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    rdx_map_builder_set_take (builder, key, va_arg (args, RdxValue *));
  va_end (args);

  return rdx_map_builder_end (builder);
}

/**
 * rdx_map_newv:
 * @keys: (array length=n_entries): the keys
 * @values: (array length=n_entries): the value of each key
 * @n_entries: how many
 *
 * Builds a map from arrays of keys and values, the form of
 * [func@Rdx.map_new_take] for language bindings. A key given twice keeps
 * its last value.
 *
 * Returns: (transfer full): the map
 */
RdxValue *
rdx_map_newv (const char *const *keys, RdxValue *const *values, guint n_entries)
{
  RdxMapBuilder *builder;
  guint          i;

  g_return_val_if_fail (n_entries == 0 || (keys != NULL && values != NULL), NULL);

  builder = rdx_map_builder_new (NULL);
  for (i = 0; i < n_entries; i++)
    rdx_map_builder_set (builder, keys[i], values[i]);
  return rdx_map_builder_end (builder);
}

/* Iteration */

typedef struct
{
  RdxValue *map;
  guint     depth;
  Node     *nodes[MAX_LEVELS + 1];
  guint     pos[MAX_LEVELS + 1];
  gpointer  key;
} MapIter;

G_STATIC_ASSERT (sizeof (MapIter) <= sizeof (RdxMapIter));

/**
 * rdx_map_iter_init:
 * @iter: an uninitialised iterator, usually on the stack
 * @map: the map to walk; it must stay alive while @iter is used
 *
 * Starts a walk over the entries of @map. The order depends only on the set
 * of keys (not on how the map was built), so it is the same in every run;
 * it is not sorted: use [method@Rdx.Value.map_get_sorted_keys] for that.
 */
void
rdx_map_iter_init (RdxMapIter *iter, RdxValue *map)
{
  MapIter *it = (MapIter *) iter;

  g_return_if_fail (iter != NULL);

  /* An iterator over nothing, so a wrong @map cannot make next() crash. */
  it->map = &empty_map.head.base;
  it->depth = 0;
  it->nodes[0] = MAP_ROOT (it->map);
  it->pos[0] = 0;
  it->key = NULL;
  g_return_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP));

  it->map = map;
  it->depth = 0;
  it->nodes[0] = MAP_ROOT (map);
  it->pos[0] = 0;
  it->key = NULL;
}

/**
 * rdx_map_iter_next:
 * @iter: an iterator
 * @key: (out) (optional) (transfer none): the key
 * @value: (out) (optional) (transfer none): its value
 *
 * Advances the iterator to the next entry.
 *
 * Returns: %TRUE and the next entry, or %FALSE at the end
 */
gboolean
rdx_map_iter_next (RdxMapIter *iter, const char **key, RdxValue **value)
{
  MapIter *it = (MapIter *) iter;

  g_return_val_if_fail (iter != NULL, FALSE);

  for (;;)
    {
      Node *node = it->nodes[it->depth];
      guint ndata = node_ndata (node);
      guint pos = it->pos[it->depth]++;

      if (pos < ndata)
        {
          it->key = node->slots[2 * pos];
          if (key)
            *key = ((RdxString *) it->key)->data;
          if (value)
            *value = node->slots[2 * pos + 1];
          return TRUE;
        }
      if (pos < ndata + popcount (node->nodemap))
        {
          it->depth++;
          it->nodes[it->depth] = node->slots[2 * ndata + (pos - ndata)];
          it->pos[it->depth] = 0;
          continue;
        }
      if (it->depth == 0)
        {
          it->pos[0]--; /* stay at the end */
          return FALSE;
        }
      it->depth--;
    }
}

/**
 * rdx_map_iter_get_key:
 * @iter: an iterator that just returned an entry
 *
 * Gets the key of the current entry as a string value.
 *
 * Returns: (transfer none): the key of the current entry as a string value,
 *   shared with the map (no copy)
 */
RdxValue *
rdx_map_iter_get_key (RdxMapIter *iter)
{
  g_return_val_if_fail (iter != NULL, NULL);

  return ((MapIter *) iter)->key;
}

static int
compare_key_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * rdx_map_get_sorted_keys: (method)
 * @map: a map
 *
 * Gets the keys of a map, sorted.
 *
 * Returns: (transfer container) (element-type utf8): the keys of @map in
 *   byte order (code point order); the strings belong to @map
 */
GPtrArray *
rdx_map_get_sorted_keys (RdxValue *map)
{
  GPtrArray  *keys;
  RdxMapIter  iter;
  const char *key;

  g_return_val_if_fail (rdx_value_holds_fast (map, RDX_VALUE_MAP), NULL);

  keys = g_ptr_array_sized_new (rdx_map_size (map));
  rdx_map_iter_init (&iter, map);
  while (rdx_map_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_sort (keys, compare_key_strings);
  return keys;
}

/* Equality, hashing and diff */

static gboolean
node_equal (Node *a, Node *b)
{
  guint ndata, nnodes, i;

  if (a == b)
    return TRUE;
  if (a->datamap != b->datamap || a->nodemap != b->nodemap || a->ndata != b->ndata)
    return FALSE;

  ndata = node_ndata (a);
  nnodes = popcount (a->nodemap);
  for (i = 0; i < ndata; i++)
    if (!rdx_value_equal (a->slots[2 * i], b->slots[2 * i]) ||
        !rdx_value_equal (a->slots[2 * i + 1], b->slots[2 * i + 1]))
      return FALSE;
  for (i = 0; i < nnodes; i++)
    if (!node_equal (a->slots[2 * ndata + i], b->slots[2 * ndata + i]))
      return FALSE;
  return TRUE;
}

gboolean
rdx_map_equal_internal (RdxValue *a, RdxValue *b)
{
  MapHead *ha = (MapHead *) a, *hb = (MapHead *) b;

  if (ha->size != hb->size)
    return FALSE;
  if (ha->hash != 0 && hb->hash != 0 && ha->hash != hb->hash)
    return FALSE;
  return node_equal (MAP_ROOT (a), MAP_ROOT (b));
}

guint32
rdx_map_hash_internal (RdxValue *map)
{
  MapHead   *head = (MapHead *) map;
  guint32    hash = g_atomic_int_get ((gint *) &head->hash);
  RdxMapIter iter;
  RdxValue  *value;
  guint64    sum = head->size;

  if (hash != 0)
    return hash;

  /* A sum, so the order of the entries does not matter. */
  rdx_map_iter_init (&iter, map);
  while (rdx_map_iter_next (&iter, NULL, &value))
    {
      guint64 k = ((RdxString *) rdx_map_iter_get_key (&iter))->hash;
      guint64 x = (k << 32) ^ rdx_value_hash (value);

      x ^= x >> 31;
      x *= G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      sum += x ^ (x >> 29);
    }

  hash = (guint32) (sum ^ (sum >> 32));
  if (hash == 0)
    hash = 1;
  g_atomic_int_set ((gint *) &head->hash, (gint) hash);
  return hash;
}

/* Reports every pair under @node as added (@added) or removed, except the
 * one for @skip_key, whose value is diffed against @skip_value instead. */
static gboolean
diff_subtree (RdxDiffState *state,
              Node         *node,
              gboolean      added,
              RdxString    *skip_key,
              RdxValue     *skip_value,
              gboolean     *skip_found)
{
  guint ndata = node_ndata (node), nnodes = popcount (node->nodemap), i;

  for (i = 0; i < ndata; i++)
    {
      RdxString *k = node->slots[2 * i];
      RdxValue  *v = node->slots[2 * i + 1];
      gboolean   go_on;

      rdx_diff_push_key (state, k->data, k->length);
      if (skip_key != NULL && rdx_value_equal (&k->base, &skip_key->base))
        {
          *skip_found = TRUE;
          go_on = added ? rdx_diff_values_internal (state, skip_value, v)
                        : rdx_diff_values_internal (state, v, skip_value);
        }
      else
        {
          go_on = rdx_diff_report (state, added ? NULL : v, added ? v : NULL);
        }
      rdx_diff_pop (state);
      if (!go_on)
        return FALSE;
    }
  for (i = 0; i < nnodes; i++)
    if (!diff_subtree (state, node->slots[2 * ndata + i], added, skip_key, skip_value, skip_found))
      return FALSE;
  return TRUE;
}

/* A pair on one side, a subtree on the other. */
static gboolean
diff_pair_subtree (RdxDiffState *state,
                   RdxString    *key,
                   RdxValue     *value,
                   Node         *subtree,
                   gboolean      pair_is_old)
{
  gboolean found = FALSE;
  gboolean go_on;

  if (!diff_subtree (state, subtree, pair_is_old, key, value, &found))
    return FALSE;
  if (found)
    return TRUE;

  rdx_diff_push_key (state, key->data, key->length);
  go_on = rdx_diff_report (state, pair_is_old ? value : NULL, pair_is_old ? NULL : value);
  rdx_diff_pop (state);
  return go_on;
}

static gboolean
diff_pairs (RdxDiffState *state, RdxString *ka, RdxValue *va, RdxString *kb, RdxValue *vb)
{
  gboolean go_on;

  if (ka == kb || rdx_value_equal (&ka->base, &kb->base))
    {
      if (va == vb)
        return TRUE;
      rdx_diff_push_key (state, ka->data, ka->length);
      go_on = rdx_diff_values_internal (state, va, vb);
      rdx_diff_pop (state);
      return go_on;
    }

  rdx_diff_push_key (state, ka->data, ka->length);
  go_on = rdx_diff_report (state, va, NULL);
  rdx_diff_pop (state);
  if (!go_on)
    return FALSE;
  rdx_diff_push_key (state, kb->data, kb->length);
  go_on = rdx_diff_report (state, NULL, vb);
  rdx_diff_pop (state);
  return go_on;
}

static gboolean
diff_collisions (RdxDiffState *state, Node *a, Node *b)
{
  guint i = 0, j = 0;

  while (i < a->ndata || j < b->ndata)
    {
      RdxString *ka = i < a->ndata ? a->slots[2 * i] : NULL;
      RdxString *kb = j < b->ndata ? b->slots[2 * j] : NULL;
      gboolean   go_on;
      int        c;

      /* Merge the two sorted runs; one of ka and kb is set. */
      if (ka == NULL)
        c = 1;
      else if (kb == NULL)
        c = -1;
      else
        c = key_compare (ka, kb->data, kb->length);

      if (c == 0)
        {
          go_on = diff_pairs (state, ka, a->slots[2 * i + 1], kb, b->slots[2 * j + 1]);
          i++, j++;
        }
      else if (c < 0)
        {
          rdx_diff_push_key (state, ka->data, ka->length);
          go_on = rdx_diff_report (state, a->slots[2 * i + 1], NULL);
          rdx_diff_pop (state);
          i++;
        }
      else if (kb != NULL)
        {
          rdx_diff_push_key (state, kb->data, kb->length);
          go_on = rdx_diff_report (state, NULL, b->slots[2 * j + 1]);
          rdx_diff_pop (state);
          j++;
        }
      if (!go_on)
        return FALSE;
    }
  return TRUE;
}

static gboolean
node_diff (RdxDiffState *state, Node *a, Node *b)
{
  guint32 all;
  guint   ndata_a, ndata_b;

  if (a == b)
    return TRUE;
  if (IS_COLLISION (a) && IS_COLLISION (b))
    return diff_collisions (state, a, b);

  ndata_a = popcount (a->datamap);
  ndata_b = popcount (b->datamap);
  all = a->datamap | a->nodemap | b->datamap | b->nodemap;

  while (all != 0)
    {
      guint32  bit = all & -all;
      guint    ia = popcount (a->datamap & (bit - 1)), ib = popcount (b->datamap & (bit - 1));
      guint    na = 2 * ndata_a + popcount (a->nodemap & (bit - 1));
      guint    nb = 2 * ndata_b + popcount (b->nodemap & (bit - 1));
      gboolean go_on = TRUE;

      all &= ~bit;

      if ((a->datamap & bit) && (b->datamap & bit))
        go_on = diff_pairs (state, a->slots[2 * ia], a->slots[2 * ia + 1], b->slots[2 * ib],
                            b->slots[2 * ib + 1]);
      else if ((a->nodemap & bit) && (b->nodemap & bit))
        go_on = node_diff (state, a->slots[na], b->slots[nb]);
      else if ((a->datamap & bit) && (b->nodemap & bit))
        go_on =
          diff_pair_subtree (state, a->slots[2 * ia], a->slots[2 * ia + 1], b->slots[nb], TRUE);
      else if ((a->nodemap & bit) && (b->datamap & bit))
        go_on =
          diff_pair_subtree (state, b->slots[2 * ib], b->slots[2 * ib + 1], a->slots[na], FALSE);
      else if (a->datamap & bit)
        {
          RdxString *k = a->slots[2 * ia];

          rdx_diff_push_key (state, k->data, k->length);
          go_on = rdx_diff_report (state, a->slots[2 * ia + 1], NULL);
          rdx_diff_pop (state);
        }
      else if (b->datamap & bit)
        {
          RdxString *k = b->slots[2 * ib];

          rdx_diff_push_key (state, k->data, k->length);
          go_on = rdx_diff_report (state, NULL, b->slots[2 * ib + 1]);
          rdx_diff_pop (state);
        }
      else if (a->nodemap & bit)
        go_on = diff_subtree (state, a->slots[na], FALSE, NULL, NULL, NULL);
      else
        go_on = diff_subtree (state, b->slots[nb], TRUE, NULL, NULL, NULL);

      if (!go_on)
        return FALSE;
    }
  return TRUE;
}

gboolean
rdx_map_diff_internal (RdxDiffState *state, RdxValue *old_map, RdxValue *new_map)
{
  return node_diff (state, MAP_ROOT (old_map), MAP_ROOT (new_map));
}

/* Builders */

struct _RdxMapBuilder
{
  RdxValue *map; /* owned; updated in place while nobody else holds it */
};

/**
 * rdx_map_builder_new: (skip)
 * @base: (nullable): the map to start from, or %NULL for an empty one
 *
 * Starts building a map in place. Language bindings use [func@Rdx.map_newv] or, with their
 * overrides, `Rdx.Value.pack()`.
 *
 * Returns: (transfer full): a builder; finish it with [method@Rdx.MapBuilder.end]
 *   or drop it with [method@Rdx.MapBuilder.free]
 */
RdxMapBuilder *
rdx_map_builder_new (RdxValue *base)
{
  RdxMapBuilder *builder;

  g_return_val_if_fail (base == NULL || rdx_value_holds_fast (base, RDX_VALUE_MAP), NULL);

  builder = g_new (RdxMapBuilder, 1);
  builder->map = base != NULL ? rdx_value_ref (base) : rdx_map_new ();
  return builder;
}

static void
builder_apply (RdxMapBuilder *builder, Op *op, gboolean set)
{
  gboolean  in_place = node_is_exclusive (MAP_ROOT (builder->map), TRUE);
  RdxValue *result = map_apply (builder->map, op, TRUE, set);

  if (result == NULL)
    return;
  if (!in_place)
    rdx_value_unref (builder->map);
  builder->map = result;
}

/**
 * rdx_map_builder_set: (skip)
 * @builder: a builder
 * @key: a UTF-8 key
 * @value: its value
 *
 * Sets @key to @value in the map being built.
 */
void
rdx_map_builder_set (RdxMapBuilder *builder, const char *key, RdxValue *value)
{
  Op op;

  g_return_if_fail (builder != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (value != NULL);

  op_init (&op, key, strlen (key));
  op.value = value;

  builder_apply (builder, &op, TRUE);
  if (op.key != NULL)
    rdx_value_unref (op.key);
  if (op.invalid)
    critical_invalid_key (G_STRFUNC);
}

/* The node of the @n pairs at @pairs (keys and values alternating, their
 * references taken) whose hashes agree below @shift, in the shape updates
 * give them: a pair alone in its slot inline, pairs sharing a slot in a
 * child, pairs whose whole hashes agree in a collision node. */
static Node *
build_node (gpointer *pairs, guint n, guint shift, gboolean root)
{
  guint8  count[BRANCH] = { 0 };
  guint32 datamap = 0, nodemap = 0;
  guint   i, b, d = 0, c;
  Node   *node;

  if (shift >= HASH_BITS)
    {
      node = node_new (FALSE, 2 * n);
      node_set_maps (node, TRUE, n, 0);
      /* Sorted by key bytes, as collision_find () keeps them. */
      for (i = 0; i < n; i++)
        {
          guint j = i;

          while (j > 0 && key_compare (node->slots[2 * (j - 1)], ((RdxString *) pairs[2 * i])->data,
                                       ((RdxString *) pairs[2 * i])->length) > 0)
            {
              node->slots[2 * j] = node->slots[2 * (j - 1)];
              node->slots[2 * j + 1] = node->slots[2 * (j - 1) + 1];
              j--;
            }
          node->slots[2 * j] = pairs[2 * i];
          node->slots[2 * j + 1] = pairs[2 * i + 1];
        }
      return node;
    }

  for (i = 0; i < n; i++)
    count[(KEY_HASH (pairs[2 * i]) >> shift) & LEVEL_MASK]++;
  for (b = 0; b < BRANCH; b++)
    {
      if (count[b] == 1)
        datamap |= 1u << b;
      else if (count[b] > 1)
        nodemap |= 1u << b;
    }

  node = node_new (root, 2 * popcount (datamap) + popcount (nodemap));
  node_set_maps (node, FALSE, datamap, nodemap);
  c = 2 * node->ndata;
  for (b = 0; b < BRANCH; b++)
    {
      gpointer group[2 * RDX_MAP_FROM_PAIRS_MAX];
      guint    g = 0;

      if (count[b] == 0)
        continue;
      for (i = 0; i < n; i++)
        if (((KEY_HASH (pairs[2 * i]) >> shift) & LEVEL_MASK) == b)
          {
            group[g++] = pairs[2 * i];
            group[g++] = pairs[2 * i + 1];
          }
      if (count[b] == 1)
        {
          node->slots[d++] = group[0];
          node->slots[d++] = group[1];
        }
      else
        {
          node->slots[c++] = build_node (group, count[b], shift + MAP_BITS, FALSE);
        }
    }
  return node;
}

RdxValue *
rdx_map_new_from_pairs_unchecked (RdxValue **pairs, guint n)
{
  Node *root;

  g_assert (n <= RDX_MAP_FROM_PAIRS_MAX);

  if (n == 0)
    return rdx_map_new ();
  root = build_node ((gpointer *) pairs, n, 0, TRUE);
  ROOT_HEAD (root)->size = n;
  return &ROOT_HEAD (root)->base;
}

void
rdx_map_builder_set_key_unchecked (RdxMapBuilder *builder, RdxValue *key, RdxValue *value)
{
  RdxString *k = (RdxString *) key;
  Op         op;

  /* The hash the key keeps. */
  op_init_hashed (&op, k->data, k->length, k->hash);
  op.key = key;
  op.check = FALSE;
  op.value = value;
  builder_apply (builder, &op, TRUE);
}

void
rdx_map_builder_set_unchecked (RdxMapBuilder *builder,
                               const char    *key,
                               gsize          length,
                               RdxValue      *value)
{
  Op op;

  op_init (&op, key, length);
  op.check = FALSE;
  op.value = value;

  builder_apply (builder, &op, TRUE);
  if (op.key != NULL)
    rdx_value_unref (op.key);
  rdx_value_unref (value);
}

/**
 * rdx_map_builder_set_take: (skip)
 * @builder: a builder
 * @key: a UTF-8 key
 * @value: (transfer full): its value
 *
 * Like [method@Rdx.MapBuilder.set], taking @value.
 */
void
rdx_map_builder_set_take (RdxMapBuilder *builder, const char *key, RdxValue *value)
{
  rdx_map_builder_set (builder, key, value);
  if (value != NULL)
    rdx_value_unref (value);
}

/**
 * rdx_map_builder_remove: (skip)
 * @builder: a builder
 * @key: a key
 *
 * Removes @key from the map being built, if it is there.
 */
void
rdx_map_builder_remove (RdxMapBuilder *builder, const char *key)
{
  Op op;

  g_return_if_fail (builder != NULL);
  g_return_if_fail (key != NULL);

  op_init (&op, key, strlen (key));
  builder_apply (builder, &op, FALSE);
}

/**
 * rdx_map_builder_get: (skip)
 * @builder: a builder
 * @key: a key
 *
 * Gets the value of a key in the map being built.
 *
 * Returns: (transfer none) (nullable): the value of @key in the map being
 *   built, valid until the builder's next update
 */
RdxValue *
rdx_map_builder_get (RdxMapBuilder *builder, const char *key)
{
  g_return_val_if_fail (builder != NULL, NULL);

  return rdx_map_get (builder->map, key);
}

/**
 * rdx_map_builder_size: (skip)
 * @builder: a builder
 *
 * Gets the number of keys in the map being built.
 *
 * Returns: the number of keys in the map being built
 */
guint
rdx_map_builder_size (RdxMapBuilder *builder)
{
  g_return_val_if_fail (builder != NULL, 0);

  return rdx_map_size (builder->map);
}

/**
 * rdx_map_builder_end: (skip)
 * @builder: (transfer full): a builder
 *
 * Frees @builder and returns what it built.
 *
 * Returns: (transfer full): the map
 */
RdxValue *
rdx_map_builder_end (RdxMapBuilder *builder)
{
  RdxValue *map;

  g_return_val_if_fail (builder != NULL, NULL);

  map = builder->map;
  g_free (builder);
  if (((MapHead *) map)->size == 0)
    {
      rdx_value_unref (map);
      return rdx_map_new ();
    }
  return map;
}

/**
 * rdx_map_builder_free: (skip)
 * @builder: (transfer full): a builder
 *
 * Drops @builder and what it built so far.
 */
void
rdx_map_builder_free (RdxMapBuilder *builder)
{
  if (builder == NULL)
    return;
  rdx_value_unref (builder->map);
  g_free (builder);
}

/* rdx-journal-digest.c: the state digest the journal records with each event
 *
 * Hashing the canonical JSON of the whole state after every action would
 * cost time in proportion to the state, on every dispatch. The journal's
 * digest is instead a sum that can be updated from a diff:
 *
 *   digest (state) = sum over the items of the state of SHA-256 (item)
 *
 * where the sum adds the four 64-bit little-endian lanes of the SHA-256
 * modulo 2^64 each, and the items of a value at JSON Pointer `p` are:
 *
 *   - a scalar: the bytes of `p`, a NUL, and its canonical JSON;
 *   - a map: `p`, a NUL and `{}`, then the items of each entry at
 *     `p/<escaped key>`;
 *   - a list: `p`, a NUL and `[]`, then the items of each element at
 *     `p/<index>`.
 *
 * The items name every position with its content and every container with
 * its kind, so different values have different sets of items; equal values
 * have equal digests however they were built. When an action changes a
 * value, rdx_value_diff() says which positions changed, and the digest
 * subtracts their old items and adds the new ones: the cost follows the
 * change, not the state. Elements inserted into or removed from the middle
 * of a list move the elements after them, whose items then change too.
 *
 * Top-level keys the application declared transient are left out.
 *
 * The sum detects divergence and damage; it is not meant to stand up to
 * someone crafting collisions on purpose.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

struct _RdxJournalHasher
{
  GString *item;
  GString *path;
  GString *repr;
  GString *key;
  GStrv    transient_keys;
  GArray  *frames;

  /* During an update. */
  RdxJournalDigest *digest;
  RdxValue         *old_root;
  RdxValue         *new_root;
  GHashTable       *tails; /* list path -> first changed index + 1 */
};

typedef struct
{
  gsize       path_len;
  gboolean    is_map;
  gboolean    is_root;
  guint       index;
  RdxMapIter  map_iter;
  RdxListIter list_iter;
} Frame;

RdxJournalHasher *
rdx_journal_hasher_new (const char *const *transient_keys)
{
  RdxJournalHasher *hasher = g_new0 (RdxJournalHasher, 1);

  hasher->item = g_string_sized_new (256);
  hasher->path = g_string_sized_new (128);
  hasher->repr = g_string_sized_new (128);
  hasher->key = g_string_sized_new (64);
  hasher->transient_keys = g_strdupv ((char **) transient_keys);
  hasher->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  hasher->tails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return hasher;
}

void
rdx_journal_hasher_free (RdxJournalHasher *hasher)
{
  if (hasher == NULL)
    return;
  g_string_free (hasher->item, TRUE);
  g_string_free (hasher->path, TRUE);
  g_string_free (hasher->repr, TRUE);
  g_string_free (hasher->key, TRUE);
  g_strfreev (hasher->transient_keys);
  g_array_unref (hasher->frames);
  g_hash_table_unref (hasher->tails);
  g_free (hasher);
}

gboolean
rdx_journal_hasher_is_transient_key (RdxJournalHasher *hasher, const char *key)
{
  guint i;

  for (i = 0; hasher->transient_keys != NULL && hasher->transient_keys[i] != NULL; i++)
    if (strcmp (hasher->transient_keys[i], key) == 0)
      return TRUE;
  return FALSE;
}

/* Adds (or subtracts) the item made of the current path and @repr. */
static void
add_item (RdxJournalHasher *hasher,
          RdxJournalDigest *digest,
          const char       *repr,
          gsize             repr_len,
          gboolean          subtract)
{
  guint8 bytes[RDX_JOURNAL_DIGEST_SIZE];
  guint  i;

  /* The path and its terminating NUL, then the representation. */
  g_string_truncate (hasher->item, 0);
  g_string_append_len (hasher->item, hasher->path->str, hasher->path->len + 1);
  g_string_append_len (hasher->item, repr, repr_len);
  rdx_journal_sha256 ((const guint8 *) hasher->item->str, hasher->item->len, bytes);

  for (i = 0; i < 4; i++)
    {
      guint64 lane;

      memcpy (&lane, bytes + 8 * i, sizeof lane);
      lane = GUINT64_FROM_LE (lane);
      if (subtract)
        digest->lane[i] -= lane;
      else
        digest->lane[i] += lane;
    }
}

static void
append_escaped_key (GString *path, const char *key)
{
  const char *p;

  g_string_append_c (path, '/');
  if (strpbrk (key, "~/") == NULL)
    {
      g_string_append (path, key);
      return;
    }
  for (p = key; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (path, "~0");
      else if (*p == '/')
        g_string_append (path, "~1");
      else
        g_string_append_c (path, *p);
    }
}

static void
append_index (GString *path, guint index)
{
  char  digits[16];
  char *p = digits + sizeof digits;

  do
    {
      *--p = (char) ('0' + index % 10);
      index /= 10;
    }
  while (index != 0);
  g_string_append_c (path, '/');
  g_string_append_len (path, p, digits + sizeof digits - p);
}

/* Adds the items of @value, which sits at the current path. */
static void
add_value (RdxJournalHasher *hasher,
           RdxJournalDigest *digest,
           RdxValue         *value,
           gboolean          subtract,
           gboolean          is_root)
{
  guint base = hasher->frames->len;

  for (;;)
    {
      Frame    *frame;
      RdxValue *child = NULL;

      if (value != NULL)
        {
          RdxValueKind kind = rdx_value_get_kind (value);
          Frame        fresh = { 0 };

          if (kind == RDX_VALUE_MAP || kind == RDX_VALUE_LIST)
            {
              add_item (hasher, digest, kind == RDX_VALUE_MAP ? "{}" : "[]", 2, subtract);
              fresh.path_len = hasher->path->len;
              fresh.is_map = kind == RDX_VALUE_MAP;
              fresh.is_root = is_root;
              if (fresh.is_map)
                rdx_map_iter_init (&fresh.map_iter, value);
              else
                rdx_list_iter_init (&fresh.list_iter, value);
              g_array_append_val (hasher->frames, fresh);
            }
          else
            {
              g_string_truncate (hasher->repr, 0);
              rdx_value_append_json (value, hasher->repr);
              add_item (hasher, digest, hasher->repr->str, hasher->repr->len, subtract);
            }
          value = NULL;
          is_root = FALSE;
        }

      if (hasher->frames->len == base)
        return;

      frame = &g_array_index (hasher->frames, Frame, hasher->frames->len - 1);
      g_string_truncate (hasher->path, frame->path_len);
      if (frame->is_map)
        {
          const char *key = NULL;

          while (rdx_map_iter_next (&frame->map_iter, &key, &child))
            {
              if (!frame->is_root || !rdx_journal_hasher_is_transient_key (hasher, key))
                break;
              child = NULL;
            }
          if (child != NULL)
            append_escaped_key (hasher->path, key);
        }
      else if (rdx_list_iter_next (&frame->list_iter, &child))
        {
          append_index (hasher->path, frame->index++);
        }

      if (child == NULL)
        {
          g_string_truncate (hasher->path, frame->path_len);
          g_array_set_size (hasher->frames, hasher->frames->len - 1);
          continue;
        }
      value = child;
    }
}

/**
 * rdx_journal_hasher_full:
 * @hasher: a hasher
 * @state: a state
 * @out: (out): its digest
 *
 * Computes the digest of @state from scratch: time in proportion to the
 * size of the state.
 */
void
rdx_journal_hasher_full (RdxJournalHasher *hasher, RdxValue *state, RdxJournalDigest *out)
{
  memset (out, 0, sizeof *out);
  g_string_truncate (hasher->path, 0);
  add_value (hasher, out, state, FALSE, TRUE);
}

/* Unescapes the JSON Pointer segment [@start, @end) into hasher->key. */
static const char *
segment_key (RdxJournalHasher *hasher, const char *start, const char *end)
{
  const char *p;

  g_string_truncate (hasher->key, 0);
  for (p = start; p < end; p++)
    {
      if (*p == '~' && p + 1 < end && (p[1] == '0' || p[1] == '1'))
        {
          g_string_append_c (hasher->key, p[1] == '0' ? '~' : '/');
          p++;
        }
      else
        {
          g_string_append_c (hasher->key, *p);
        }
    }
  return hasher->key->str;
}

static guint
segment_index (const char *start, const char *end)
{
  guint64 v = 0;

  for (; start < end && v <= G_MAXUINT; start++)
    v = v * 10 + (guint) (*start - '0');
  return (guint) MIN (v, G_MAXUINT);
}

/* Whether @path leads through a list whose length changed; if so, records
 * the outermost such list with the first index under it that changed. */
static gboolean
record_shifted_list (RdxJournalHasher *hasher, const char *path)
{
  RdxValue   *o = hasher->old_root, *n = hasher->new_root;
  const char *p = path;

  while (*p == '/' && o != NULL && n != NULL)
    {
      const char  *segment = p + 1;
      const char  *end = strchr (segment, '/');
      RdxValueKind kind = rdx_value_get_kind (o);

      if (end == NULL)
        end = segment + strlen (segment);

      if (kind == RDX_VALUE_LIST && rdx_value_get_kind (n) == RDX_VALUE_LIST)
        {
          guint index = segment_index (segment, end);

          if (rdx_list_length (o) != rdx_list_length (n))
            {
              char    *list_path = g_strndup (path, p - path);
              gpointer known = g_hash_table_lookup (hasher->tails, list_path);

              if (known == NULL || GPOINTER_TO_UINT (known) - 1 > index)
                g_hash_table_insert (hasher->tails, list_path, GUINT_TO_POINTER (index + 1));
              else
                g_free (list_path);
              return TRUE;
            }
          o = rdx_list_get (o, index);
          n = rdx_list_get (n, index);
        }
      else if (kind == RDX_VALUE_MAP && rdx_value_get_kind (n) == RDX_VALUE_MAP)
        {
          const char *key = segment_key (hasher, segment, end);

          o = rdx_map_get (o, key);
          n = rdx_map_get (n, key);
        }
      else
        {
          break;
        }
      p = end;
    }
  return FALSE;
}

static gboolean
under_transient_key (RdxJournalHasher *hasher, const char *path)
{
  const char *end;

  if (hasher->transient_keys == NULL || hasher->transient_keys[0] == NULL || path[0] != '/' ||
      rdx_value_get_kind (hasher->old_root) != RDX_VALUE_MAP)
    return FALSE;
  end = strchr (path + 1, '/');
  if (end == NULL)
    end = path + strlen (path);
  return rdx_journal_hasher_is_transient_key (hasher, segment_key (hasher, path + 1, end));
}

/* Whether a segment of @path is all digits, as a list index is. Without
 * one, the path goes through no list. */
static gboolean
has_index_segment (const char *path)
{
  const char *p = path;

  while (*p == '/')
    {
      const char *start = ++p;

      while (*p >= '0' && *p <= '9')
        p++;
      if (p > start && (*p == '/' || *p == '\0'))
        return TRUE;
      while (*p != '/' && *p != '\0')
        p++;
    }
  return FALSE;
}

static gboolean
diff_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  RdxJournalHasher *hasher = user_data;
  gboolean          is_root = path[0] == '\0';

  /* Only a path through a list can lead through one that grew or shrank,
   * and record_shifted_list () costs two lookups per segment. */
  if (under_transient_key (hasher, path) ||
      (has_index_segment (path) && record_shifted_list (hasher, path)))
    return TRUE;

  if (old_value != NULL)
    {
      g_string_assign (hasher->path, path);
      add_value (hasher, hasher->digest, old_value, TRUE, is_root);
    }
  if (new_value != NULL)
    {
      g_string_assign (hasher->path, path);
      add_value (hasher, hasher->digest, new_value, FALSE, is_root);
    }
  return TRUE;
}

/* Re-adds the elements of a list from @from on, in both states. */
static void
update_tail (RdxJournalHasher *hasher, const char *list_path, guint from)
{
  RdxValue *lists[2] = { rdx_value_get_path (hasher->old_root, list_path),
                         rdx_value_get_path (hasher->new_root, list_path) };
  guint     side, i;

  for (side = 0; side < 2; side++)
    {
      guint length = rdx_list_length (lists[side]);

      for (i = from; i < length; i++)
        {
          g_string_assign (hasher->path, list_path);
          append_index (hasher->path, i);
          add_value (hasher, hasher->digest, rdx_list_get (lists[side], i), side == 0, FALSE);
        }
    }
}

/**
 * rdx_journal_hasher_update:
 * @hasher: a hasher
 * @digest: (inout): the digest of @old_state, which becomes that of
 *   @new_state
 * @old_state: a state
 * @new_state: the state that followed it
 *
 * Updates a digest from the changes between two states, in time that
 * follows the number of changes.
 */
void
rdx_journal_hasher_update (RdxJournalHasher *hasher,
                           RdxJournalDigest *digest,
                           RdxValue         *old_state,
                           RdxValue         *new_state)
{
  GHashTableIter iter;
  gpointer       key, value;

  if (old_state == new_state)
    return;

  hasher->digest = digest;
  hasher->old_root = old_state;
  hasher->new_root = new_state;
  rdx_value_diff (old_state, new_state, diff_cb, hasher);

  g_hash_table_iter_init (&iter, hasher->tails);
  while (g_hash_table_iter_next (&iter, &key, &value))
    update_tail (hasher, key, GPOINTER_TO_UINT (value) - 1);
  g_hash_table_remove_all (hasher->tails);

  hasher->digest = NULL;
  hasher->old_root = hasher->new_root = NULL;
}

void
rdx_journal_digest_to_bytes (const RdxJournalDigest *digest, guint8 *bytes)
{
  guint i;

  for (i = 0; i < 4; i++)
    {
      guint64 lane = GUINT64_TO_LE (digest->lane[i]);

      memcpy (bytes + 8 * i, &lane, sizeof lane);
    }
}

void
rdx_journal_digest_from_bytes (RdxJournalDigest *digest, const guint8 *bytes)
{
  guint i;

  for (i = 0; i < 4; i++)
    {
      guint64 lane;

      memcpy (&lane, bytes + 8 * i, sizeof lane);
      digest->lane[i] = GUINT64_FROM_LE (lane);
    }
}

char *
rdx_journal_digest_to_hex (const RdxJournalDigest *digest)
{
  static const char hex[] = "0123456789abcdef";
  guint8            bytes[RDX_JOURNAL_DIGEST_SIZE];
  char             *text = g_malloc (2 * RDX_JOURNAL_DIGEST_SIZE + 1);
  guint             i;

  rdx_journal_digest_to_bytes (digest, bytes);
  for (i = 0; i < RDX_JOURNAL_DIGEST_SIZE; i++)
    {
      text[2 * i] = hex[bytes[i] >> 4];
      text[2 * i + 1] = hex[bytes[i] & 0xf];
    }
  text[2 * RDX_JOURNAL_DIGEST_SIZE] = '\0';
  return text;
}

gboolean
rdx_journal_digest_equal (const RdxJournalDigest *a, const RdxJournalDigest *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

/* rdx-value.c: scalars, reference counting, equality and hashing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-value-private.h"

#include <math.h>
#include <string.h>

/**
 * RdxValue:
 *
 * An immutable, reference-counted value: null, a boolean, an integer, a
 * double, a string, a list or a map. Lists and maps are persistent: every
 * update returns a new value that shares all unchanged parts with the old
 * one.
 *
 * Null, %TRUE, %FALSE, the empty map and the empty list are static
 * singletons, and integers between %RDX_TAGGED_MIN and %RDX_TAGGED_MAX are
 * held in the pointer itself, so none of them costs an allocation.
 */

G_DEFINE_BOXED_TYPE (RdxValue, rdx_value, rdx_value_ref, rdx_value_unref)

/* clang-format off */
G_DEFINE_QUARK (rdx-value-error-quark, rdx_value_error)
/* clang-format on */

RdxValue        rdx_value_null_static = { 1, RDX_VALUE_NULL, RDX_VALUE_FLAG_STATIC, 0 };
static RdxValue true_value = { 1, RDX_VALUE_BOOL, RDX_VALUE_FLAG_STATIC, 1 };
static RdxValue false_value = { 1, RDX_VALUE_BOOL, RDX_VALUE_FLAG_STATIC, 0 };

static gpointer
value_alloc (gsize size, RdxValueKind kind)
{
  RdxValue *v = g_malloc (size);

  v->ref_count = 1;
  v->kind = kind;
  v->flags = 0;
  v->reserved = 0;
  rdx_value_count_alloc ();
  return v;
}

/**
 * rdx_hash_bytes:
 * @data: bytes
 * @length: their number
 *
 * A fixed (unseeded) 32-bit hash, so that map iteration order is the same
 * in every run and on every machine: eight bytes at a time (read as little
 * endian), multiplied in, then murmur3's 64-bit finaliser to spread the
 * bits, which the maps consume from the lowest up.
 */
guint32
rdx_hash_bytes (const char *data, gsize length)
{
  const guint8 *p = (const guint8 *) data;
  guint64       h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ length;
  guint64       w;
  guint         shift;

  for (; length >= 8; p += 8, length -= 8)
    {
      memcpy (&w, p, sizeof w);
      h = (h ^ GUINT64_FROM_LE (w)) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 32;
    }
  /* The last 0 to 7 bytes, little endian, in at most three loads: keys
   * are short, and a loop over them cost as much as the rest. */
  w = 0;
  shift = 0;
  if (length & 4)
    {
      guint32 v;

      memcpy (&v, p, sizeof v);
      w = GUINT32_FROM_LE (v);
      p += 4;
      shift = 32;
    }
  if (length & 2)
    {
      guint16 v;

      memcpy (&v, p, sizeof v);
      w |= (guint64) GUINT16_FROM_LE (v) << shift;
      p += 2;
      shift += 16;
    }
  if (length & 1)
    w |= (guint64) p[0] << shift;
  h = (h ^ w) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);

  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return (guint32) h;
}

/**
 * rdx_value_new_null:
 *
 * Makes the null value.
 *
 * Returns: (transfer full): the null value
 */
RdxValue *
rdx_value_new_null (void)
{
  return &rdx_value_null_static;
}

/**
 * rdx_value_new_bool:
 * @v: the boolean
 *
 * Makes a boolean value.
 *
 * Returns: (transfer full): %TRUE or %FALSE as a value
 */
RdxValue *
rdx_value_new_bool (gboolean v)
{
  return v ? &true_value : &false_value;
}

/**
 * rdx_value_new_int:
 * @v: the integer
 *
 * Money is an integer number of cents: use this, never a double.
 *
 * Returns: (transfer full): an integer value
 */
/* Out of line, so that the common case of rdx_value_new_int () is a leaf. */
static G_GNUC_NO_INLINE RdxValue *
new_boxed_int (gint64 v)
{
  RdxBoxedInt *boxed = value_alloc (sizeof (RdxBoxedInt), RDX_VALUE_INT);

  boxed->v = v;
  return &boxed->base;
}

RdxValue *
rdx_value_new_int (gint64 v)
{
  if (G_LIKELY (v >= RDX_TAGGED_MIN && v <= RDX_TAGGED_MAX))
    return RDX_VALUE_FROM_TAGGED (v);
  return new_boxed_int (v);
}

/**
 * rdx_value_new_double:
 * @v: a finite double
 *
 * JSON has no NaN or infinity, so neither has [struct@Rdx.Value]: a non-finite @v is a
 * programming error. -0.0 becomes 0.0, so that equal values print equal.
 *
 * Returns: (transfer full) (nullable): a double value, %NULL if @v is not
 *   finite
 */
RdxValue *
rdx_value_new_double (double v)
{
  RdxDouble *d;

  g_return_val_if_fail (isfinite (v), NULL);

  d = value_alloc (sizeof (RdxDouble), RDX_VALUE_DOUBLE);
  d->v = v == 0.0 ? 0.0 : v;
  return &d->base;
}

static RdxValue *
string_new (const char *utf8, gsize length)
{
  RdxString *s = value_alloc (sizeof (RdxString) + length + 1, RDX_VALUE_STRING);

  memcpy (s->data, utf8, length);
  s->data[length] = '\0';
  s->length = length;
  s->hash = rdx_hash_bytes (utf8, length);
  return &s->base;
}

/**
 * rdx_value_new_string_checked:
 * @text: text from outside the program
 * @length: its length in bytes, or -1 if it is NUL-terminated
 * @error: return location for a [struct@GLib.Error]
 *
 * Makes a string value from text that may not be valid: invalid UTF-8, or a
 * NUL byte inside @length, is refused with %RDX_VALUE_ERROR_INVALID_UTF8.
 *
 * Returns: (transfer full) (nullable): a string value, or %NULL with @error
 *   set
 */
RdxValue *
rdx_value_new_string_checked (const char *text, gssize length, GError **error)
{
  const char *end = NULL;
  gsize       len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  if (len > G_MAXUINT32)
    {
      g_set_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_TOO_LARGE,
                   "A string of %" G_GSIZE_FORMAT " bytes is longer than 4 GiB", len);
      return NULL;
    }
  if (!g_utf8_validate_len (text, len, &end))
    {
      g_set_error (
        error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_UTF8,
        "The text is not valid UTF-8 (byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT "%s)",
        (gsize) (end - text), len, *end == '\0' ? ", a NUL byte; strings may not contain NUL" : "");
      return NULL;
    }

  return string_new (text, len);
}

/**
 * rdx_value_new_string_len:
 * @utf8: valid UTF-8
 * @length: its length in bytes, or -1 if it is NUL-terminated
 *
 * Like [ctor@Rdx.Value.new_string], for text that is not NUL-terminated.
 *
 * Returns: (transfer full) (nullable): a string value, %NULL if @utf8 is not
 *   valid UTF-8
 */
RdxValue *
rdx_value_new_string_len (const char *utf8, gssize length)
{
  gsize len;

  g_return_val_if_fail (utf8 != NULL, NULL);

  len = length < 0 ? strlen (utf8) : (gsize) length;
  g_return_val_if_fail (len <= G_MAXUINT32, NULL);
  g_return_val_if_fail (g_utf8_validate_len (utf8, len, NULL), NULL);

  return string_new (utf8, len);
}

RdxValue *
rdx_value_new_string_unchecked (const char *utf8, gsize length)
{
  return string_new (utf8, length);
}

/**
 * rdx_value_new_string:
 * @utf8: a valid UTF-8 string
 *
 * Makes a string value from text the program controls. Text from outside
 * (files, the network, the user) goes through [ctor@Rdx.Value.new_string_checked],
 * which reports invalid UTF-8 as an error; here it is a programming error.
 *
 * Returns: (transfer full) (nullable): a string value, %NULL if @utf8 is not
 *   valid UTF-8
 */
RdxValue *
rdx_value_new_string (const char *utf8)
{
  return rdx_value_new_string_len (utf8, -1);
}

/**
 * rdx_value_new_printf:
 * @format: a printf() format producing UTF-8
 * @...: its arguments
 *
 * Makes a string value from a printf() format. Language bindings format in their own language and
 * use [ctor@Rdx.Value.new_string].
 *
 * Returns: (transfer full) (nullable): a string value
 */
RdxValue *
rdx_value_new_printf (const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list          args;

  g_return_val_if_fail (format != NULL, NULL);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  return rdx_value_new_string (text);
}

/**
 * rdx_value_ref:
 * @self: a value
 *
 * Takes a reference to a value.
 *
 * Returns: (transfer full): @self, with one more reference
 */
RdxValue *
rdx_value_ref (RdxValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return rdx_value_ref_fast (self);
}

/* Containers whose reference count reached zero while another container was
 * being freed wait here, so freeing a deep value does not recurse deeply.
 * The link lives in the 8 bytes after the header, which every container
 * has. */
static __thread RdxValue *pending_free;
static __thread gboolean  freeing;

__thread guint64 rdx_value_edit_count;

#define PENDING_NEXT(v) (*(RdxValue **) ((char *) (v) + sizeof (RdxValue)))

static void
value_free_now (RdxValue *v)
{
  switch ((RdxValueKind) v->kind)
    {
      case RDX_VALUE_MAP:
        rdx_map_free_internal (v);
        break;
      case RDX_VALUE_LIST:
        rdx_list_free_internal (v);
        break;
      case RDX_VALUE_NULL:
      case RDX_VALUE_BOOL:
      case RDX_VALUE_INT:
      case RDX_VALUE_DOUBLE:
      case RDX_VALUE_STRING:
      default:
        rdx_value_count_free ();
        g_free (v);
        break;
    }
}

/**
 * rdx_value_release:
 * @value: a value whose reference count just reached zero
 *
 * Frees @value, and everything only it held.
 */
void
rdx_value_release (RdxValue *value)
{
  /* A freed value's address may come back for a new one: "the same
   * pointer" is no proof of "unchanged" across this (see
   * rdx_value_edit_count). */
  rdx_value_edit_count++;
  if (value->kind != RDX_VALUE_MAP && value->kind != RDX_VALUE_LIST)
    {
      value_free_now (value);
      return;
    }

  if (freeing)
    {
      PENDING_NEXT (value) = pending_free;
      pending_free = value;
      return;
    }

  freeing = TRUE;
  value_free_now (value);
  while (pending_free != NULL)
    {
      RdxValue *next = pending_free;

      pending_free = PENDING_NEXT (next);
      value_free_now (next);
    }
  freeing = FALSE;
}

/**
 * rdx_value_unref:
 * @self: (transfer full): a value
 *
 * Drops a reference; the value is freed with the last one.
 */
void
rdx_value_unref (RdxValue *self)
{
  g_return_if_fail (self != NULL);

  if (RDX_VALUE_IS_TAGGED (self) || (self->flags & RDX_VALUE_FLAG_STATIC))
    return;

  if (rdx_ref_drop (&self->ref_count))
    rdx_value_release (self);
}

/**
 * rdx_value_get_kind:
 * @self: a value
 *
 * Gets what kind of value a value is.
 *
 * Returns: what kind of value @self is
 */
RdxValueKind
rdx_value_get_kind (RdxValue *self)
{
  g_return_val_if_fail (self != NULL, RDX_VALUE_NULL);

  return rdx_value_kind_fast (self);
}

/**
 * rdx_value_kind_to_string:
 * @kind: a kind
 *
 * Gets the name of a kind of value.
 *
 * Returns: the name of @kind, as error messages use it ("map", "int", ...)
 */
const char *
rdx_value_kind_to_string (RdxValueKind kind)
{
  switch (kind)
    {
      case RDX_VALUE_NULL:
        return "null";
      case RDX_VALUE_BOOL:
        return "bool";
      case RDX_VALUE_INT:
        return "int";
      case RDX_VALUE_DOUBLE:
        return "double";
      case RDX_VALUE_STRING:
        return "string";
      case RDX_VALUE_LIST:
        return "list";
      case RDX_VALUE_MAP:
        return "map";
      default:
        return "invalid";
    }
}

/**
 * rdx_value_holds:
 * @self: (nullable): a value, or %NULL
 * @kind: a kind
 *
 * Asks whether @self is a value of @kind, without a critical when it is not
 * or when it is %NULL. Use it to check payloads before the typed getters.
 *
 * Returns: %TRUE if @self is not %NULL and of @kind
 */
gboolean
rdx_value_holds (RdxValue *self, RdxValueKind kind)
{
  return rdx_value_holds_fast (self, kind);
}

/**
 * rdx_value_is_null:
 * @self: (nullable): a value
 *
 * Checks whether a value is the null value.
 *
 * Returns: %TRUE if @self is the null value (not if it is %NULL)
 */
gboolean
rdx_value_is_null (RdxValue *self)
{
  return rdx_value_holds_fast (self, RDX_VALUE_NULL);
}

/**
 * rdx_value_is_int:
 * @self: (nullable): a value
 *
 * Checks whether a value is an integer.
 *
 * Returns: %TRUE if @self is an integer
 */
gboolean
rdx_value_is_int (RdxValue *self)
{
  return rdx_value_holds_fast (self, RDX_VALUE_INT);
}

/**
 * rdx_value_is_string:
 * @self: (nullable): a value
 *
 * Checks whether a value is a string.
 *
 * Returns: %TRUE if @self is a string
 */
gboolean
rdx_value_is_string (RdxValue *self)
{
  return rdx_value_holds_fast (self, RDX_VALUE_STRING);
}

/**
 * rdx_value_is_map:
 * @self: (nullable): a value
 *
 * Checks whether a value is a map.
 *
 * Returns: %TRUE if @self is a map
 */
gboolean
rdx_value_is_map (RdxValue *self)
{
  return rdx_value_holds_fast (self, RDX_VALUE_MAP);
}

/**
 * rdx_value_is_list:
 * @self: (nullable): a value
 *
 * Checks whether a value is a list.
 *
 * Returns: %TRUE if @self is a list
 */
gboolean
rdx_value_is_list (RdxValue *self)
{
  return rdx_value_holds_fast (self, RDX_VALUE_LIST);
}

/**
 * rdx_value_get_bool:
 * @self: a boolean value
 *
 * Gets the boolean of a boolean value.
 *
 * Returns: the boolean; %FALSE with a critical if @self is not a boolean
 */
gboolean
rdx_value_get_bool (RdxValue *self)
{
  g_return_val_if_fail (rdx_value_holds_fast (self, RDX_VALUE_BOOL), FALSE);

  return self->reserved != 0;
}

/**
 * rdx_value_get_int:
 * @self: an integer value
 *
 * Gets the integer of an integer value.
 *
 * Returns: the integer; 0 with a critical if @self is not an integer
 */
gint64
rdx_value_get_int (RdxValue *self)
{
  /* A tagged pointer is an int: no need to check further. */
  if (G_LIKELY (RDX_VALUE_IS_TAGGED (self)))
    return RDX_VALUE_TAGGED_INT (self);
  g_return_val_if_fail (rdx_value_holds_fast (self, RDX_VALUE_INT), 0);

  return ((RdxBoxedInt *) self)->v;
}

/**
 * rdx_value_get_double:
 * @self: a double value
 *
 * Gets the double of a double value.
 *
 * Returns: the double; 0.0 with a critical if @self is not a double
 */
double
rdx_value_get_double (RdxValue *self)
{
  g_return_val_if_fail (rdx_value_holds_fast (self, RDX_VALUE_DOUBLE), 0.0);

  return ((RdxDouble *) self)->v;
}

/**
 * rdx_value_get_string:
 * @self: a string value
 *
 * Gets the text of a string value.
 *
 * Returns: (transfer none): the UTF-8 text, valid as long as @self is; %NULL
 *   with a critical if @self is not a string
 */
const char *
rdx_value_get_string (RdxValue *self)
{
  g_return_val_if_fail (rdx_value_holds_fast (self, RDX_VALUE_STRING), NULL);

  return ((RdxString *) self)->data;
}

/**
 * rdx_value_get_string_length:
 * @self: a string value
 *
 * Gets the length in bytes of a string value's text.
 *
 * Returns: the length of the text in bytes
 */
gsize
rdx_value_get_string_length (RdxValue *self)
{
  g_return_val_if_fail (rdx_value_holds_fast (self, RDX_VALUE_STRING), 0);

  return ((RdxString *) self)->length;
}

static gboolean
scalar_equal (RdxValue *a, RdxValue *b)
{
  switch ((RdxValueKind) a->kind)
    {
      case RDX_VALUE_INT:
        return rdx_value_get_int (a) == rdx_value_get_int (b);
      case RDX_VALUE_DOUBLE:
        return ((RdxDouble *) a)->v == ((RdxDouble *) b)->v;
      case RDX_VALUE_STRING:
        {
          RdxString *sa = (RdxString *) a, *sb = (RdxString *) b;

          return sa->hash == sb->hash && sa->length == sb->length &&
                 memcmp (sa->data, sb->data, sa->length) == 0;
        }
      case RDX_VALUE_BOOL:
        return a->reserved == b->reserved;
      case RDX_VALUE_NULL:
        return TRUE;
      case RDX_VALUE_LIST:
      case RDX_VALUE_MAP:
      default:
        return FALSE;
    }
}

/**
 * rdx_value_equal:
 * @a: (nullable): a value
 * @b: (nullable): another value
 *
 * Deep equality. Pointer-equal subtrees are equal without a walk, so
 * comparing two states that share most of their structure is cheap. An
 * integer never equals a double. Two %NULL pointers are equal.
 *
 * Returns: %TRUE if @a and @b hold the same value
 */
gboolean
rdx_value_equal (RdxValue *a, RdxValue *b)
{
  RdxValueKind kind;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  kind = rdx_value_kind_fast (a);
  if (kind != rdx_value_kind_fast (b))
    return FALSE;

  switch (kind)
    {
      case RDX_VALUE_INT:
        return rdx_value_get_int (a) == rdx_value_get_int (b);
      case RDX_VALUE_MAP:
        return rdx_map_equal_internal (a, b);
      case RDX_VALUE_LIST:
        return rdx_list_equal_internal (a, b);
      case RDX_VALUE_NULL:
      case RDX_VALUE_BOOL:
      case RDX_VALUE_DOUBLE:
      case RDX_VALUE_STRING:
      default:
        return scalar_equal (a, b);
    }
}

static guint32
mix64 (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return (guint32) x;
}

/**
 * rdx_value_hash:
 * @self: a value
 *
 * A hash for [struct@GLib.HashTable] and friends: equal values hash equal, whatever
 * order their maps were built in. Maps and lists compute it once and keep
 * it.
 *
 * Returns: the hash
 */
guint
rdx_value_hash (RdxValue *self)
{
  g_return_val_if_fail (self != NULL, 0);

  switch (rdx_value_kind_fast (self))
    {
      case RDX_VALUE_NULL:
        return 0x9e3779b9u;
      case RDX_VALUE_BOOL:
        return self->reserved ? 0x5bd1e995u : 0x1b873593u;
      case RDX_VALUE_INT:
        return mix64 ((guint64) rdx_value_get_int (self));
      case RDX_VALUE_DOUBLE:
        {
          double  d = ((RdxDouble *) self)->v;
          guint64 bits;

          memcpy (&bits, &d, sizeof bits);
          return mix64 (bits ^ G_GUINT64_CONSTANT (0x6a09e667f3bcc909));
        }
      case RDX_VALUE_STRING:
        return ((RdxString *) self)->hash;
      case RDX_VALUE_LIST:
        return rdx_list_hash_internal (self);
      case RDX_VALUE_MAP:
        return rdx_map_hash_internal (self);
      default:
        return 0;
    }
}

static int
compare_numbers (RdxValue *a, RdxValue *b)
{
  RdxValueKind ka = rdx_value_kind_fast (a), kb = rdx_value_kind_fast (b);

  if (ka == RDX_VALUE_INT && kb == RDX_VALUE_INT)
    {
      gint64 x = rdx_value_get_int (a), y = rdx_value_get_int (b);

      return (x > y) - (x < y);
    }
  else
    {
      double x = ka == RDX_VALUE_INT ? (double) rdx_value_get_int (a) : rdx_value_get_double (a);
      double y = kb == RDX_VALUE_INT ? (double) rdx_value_get_int (b) : rdx_value_get_double (b);
      int    c = (x > y) - (x < y);

      /* Equal as numbers but different kinds: ints first, to stay a total
       * order consistent with rdx_value_equal(). */
      return c != 0 ? c : (ka == kb ? 0 : (ka == RDX_VALUE_INT ? -1 : 1));
    }
}

static int
compare_lists (RdxValue *a, RdxValue *b)
{
  RdxListIter ia, ib;
  RdxValue   *va, *vb;

  rdx_list_iter_init (&ia, a);
  rdx_list_iter_init (&ib, b);
  for (;;)
    {
      gboolean more_a = rdx_list_iter_next (&ia, &va);
      gboolean more_b = rdx_list_iter_next (&ib, &vb);
      int      c;

      if (!more_a || !more_b)
        return more_a - more_b;
      if ((c = rdx_value_compare (va, vb)) != 0)
        return c;
    }
}

static int
compare_maps (RdxValue *a, RdxValue *b)
{
  g_autoptr (GPtrArray) ka = rdx_map_get_sorted_keys (a);
  g_autoptr (GPtrArray) kb = rdx_map_get_sorted_keys (b);
  guint i;

  for (i = 0; i < ka->len && i < kb->len; i++)
    {
      int c = strcmp (ka->pdata[i], kb->pdata[i]);

      if (c != 0)
        return c;
      c = rdx_value_compare (rdx_map_get (a, ka->pdata[i]), rdx_map_get (b, kb->pdata[i]));
      if (c != 0)
        return c;
    }

  return (ka->len > kb->len) - (ka->len < kb->len);
}

/**
 * rdx_value_compare:
 * @a: a value
 * @b: another value
 *
 * A total order on values, for sorting: null < booleans (%FALSE first) <
 * numbers (ints and doubles by numeric value; an int before an equal double)
 * < strings (byte order, which is code point order for UTF-8) < lists
 * (element by element, shorter first) < maps (by sorted key, then value).
 * It is 0 exactly when [method@Rdx.Value.equal] is %TRUE.
 *
 * Returns: a negative number, 0 or a positive number as @a sorts before,
 *   with or after @b
 */
int
rdx_value_compare (RdxValue *a, RdxValue *b)
{
  static const int rank[] = { 0, 1, 2, 2, 3, 4, 5 };
  RdxValueKind     ka, kb;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a == b)
    return 0;

  ka = rdx_value_kind_fast (a);
  kb = rdx_value_kind_fast (b);
  if (rank[ka] != rank[kb])
    return rank[ka] < rank[kb] ? -1 : 1;

  switch (ka)
    {
      case RDX_VALUE_NULL:
        return 0;
      case RDX_VALUE_BOOL:
        return (a->reserved != 0) - (b->reserved != 0);
      case RDX_VALUE_INT:
      case RDX_VALUE_DOUBLE:
        return compare_numbers (a, b);
      case RDX_VALUE_STRING:
        {
          RdxString *sa = (RdxString *) a, *sb = (RdxString *) b;
          int        c = memcmp (sa->data, sb->data, MIN (sa->length, sb->length));

          return c != 0 ? c : (sa->length > sb->length) - (sa->length < sb->length);
        }
      case RDX_VALUE_LIST:
        return compare_lists (a, b);
      case RDX_VALUE_MAP:
        return compare_maps (a, b);
      default:
        return 0;
    }
}

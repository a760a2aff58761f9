/* rdx-value-json.c: canonical JSON output, a strict JSON parser, JsonNode
 *
 * The parser is written by hand instead of using json-glib's JsonParser,
 * which is lenient (it accepts an empty document, comments and
 * `var a = ...;`), recurses once per level of nesting and is slow for
 * journal replay. It keeps the containers it is reading on an explicit
 * stack, so no input, however deep, can overflow the C stack, and it builds
 * values directly with the map and list builders.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rdx-value-private.h"

/* Output */

static const char hex_digits[] = "0123456789abcdef";

static void append_value (GString *out, RdxValue *value);

/* Writes @length bytes of UTF-8 as a JSON string: the two characters JSON
 * requires escaping and the control characters are escaped, everything
 * else (including '/' and U+007F) is copied as it is. */
static void
append_string (GString *out, const char *text, gsize length)
{
  const char *end = text + length;
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; p < end; p++)
    {
      guchar      c = (guchar) *p;
      const char *escape;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;

      switch (c)
        {
          case '"':
            escape = "\\\"";
            break;
          case '\\':
            escape = "\\\\";
            break;
          case '\b':
            escape = "\\b";
            break;
          case '\f':
            escape = "\\f";
            break;
          case '\n':
            escape = "\\n";
            break;
          case '\r':
            escape = "\\r";
            break;
          case '\t':
            escape = "\\t";
            break;
          default:
            escape = NULL;
            break;
        }

      if (escape != NULL)
        {
          g_string_append (out, escape);
        }
      else
        {
          char unicode[6] = { '\\', 'u', '0', '0', hex_digits[c >> 4], hex_digits[c & 0xf] };

          g_string_append_len (out, unicode, sizeof unicode);
        }
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}

/* Writes the same digits as "%" G_GINT64_FORMAT, without going through
 * printf, which is most of the cost of writing a journal of numbers. */
static void
append_int (GString *out, gint64 v)
{
  char    digits[24];
  char   *p = digits + sizeof digits;
  guint64 magnitude = v < 0 ? 0 - (guint64) v : (guint64) v;

  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);

  if (v < 0)
    *--p = '-';

  g_string_append_len (out, p, digits + sizeof digits - p);
}

/* Writes the shortest of %.15g, %.16g and %.17g that reads back as the same
 * double, and makes sure the text reads back as a double, not an integer. */
static void
append_double (GString *out, double v)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  char                     text[G_ASCII_DTOSTR_BUF_SIZE];
  guint                    i;

  /* Values never hold NaN or infinities; this keeps the output JSON in case
   * one got in anyway. */
  if (!isfinite (v))
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (text, sizeof text, formats[i], v);
      if (g_ascii_strtod (text, NULL) == v)
        break;
    }

  g_string_append (out, text);
  if (strpbrk (text, ".eE") == NULL)
    g_string_append_len (out, ".0", 2);
}

static void
append_list (GString *out, RdxValue *list)
{
  RdxListIter iter;
  RdxValue   *element;
  gboolean    first = TRUE;

  g_string_append_c (out, '[');
  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &element))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_value (out, element);
    }
  g_string_append_c (out, ']');
}

typedef struct
{
  const char *key;
  RdxValue   *value;
} Entry;

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Entry *) a)->key, ((const Entry *) b)->key);
}

/* Writes the entries in key order (strcmp, as rdx_map_get_sorted_keys()
 * sorts). Entries are taken from one walk of the map and sorted with their
 * values, which saves looking each key up again: that lookup was a third of
 * the time spent writing a large state. */
static void
append_map (GString *out, RdxValue *map)
{
  Entry             small[8];
  g_autofree Entry *large = NULL;
  Entry            *entries = small;
  guint             n = rdx_map_size (map);
  guint             i = 0;
  RdxMapIter        iter;

  if (n > G_N_ELEMENTS (small))
    entries = large = g_new (Entry, n);

  rdx_map_iter_init (&iter, map);
  while (i < n && rdx_map_iter_next (&iter, &entries[i].key, &entries[i].value))
    i++;
  g_assert (i == n);
  qsort (entries, n, sizeof (Entry), compare_entries);

  g_string_append_c (out, '{');
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_string (out, entries[i].key, strlen (entries[i].key));
      g_string_append_c (out, ':');
      append_value (out, entries[i].value);
    }
  g_string_append_c (out, '}');
}

static void
append_value (GString *out, RdxValue *value)
{
  switch (rdx_value_get_kind (value))
    {
      case RDX_VALUE_NULL:
        g_string_append_len (out, "null", 4);
        break;
      case RDX_VALUE_BOOL:
        if (rdx_value_get_bool (value))
          g_string_append_len (out, "true", 4);
        else
          g_string_append_len (out, "false", 5);
        break;
      case RDX_VALUE_INT:
        append_int (out, rdx_value_get_int (value));
        break;
      case RDX_VALUE_DOUBLE:
        append_double (out, rdx_value_get_double (value));
        break;
      case RDX_VALUE_STRING:
        append_string (out, rdx_value_get_string (value), rdx_value_get_string_length (value));
        break;
      case RDX_VALUE_LIST:
        append_list (out, value);
        break;
      case RDX_VALUE_MAP:
        append_map (out, value);
        break;
      default:
        g_assert_not_reached ();
    }
}

/**
 * rdx_value_append_json:
 * @self: a value
 * @out: the string to append to
 *
 * Appends the canonical JSON text of @self to @out, as
 * [method@Rdx.Value.to_json] writes it.
 */
void
rdx_value_append_json (RdxValue *self, GString *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  append_value (out, self);
}

/**
 * rdx_value_to_json:
 * @self: a value
 *
 * Writes @self as canonical JSON: compact (no spaces), map keys in byte
 * order, doubles in the shortest form that reads back exactly (always with a
 * '.' or an exponent), and strings with only '"', '\\' and the control
 * characters escaped. Equal values give identical bytes.
 *
 * Returns: (transfer full): the JSON text; free it with [func@GLib.free]
 */
char *
rdx_value_to_json (RdxValue *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  append_value (out, self);
  return g_string_free (out, FALSE);
}

/* Input */

/* One container being read. Slots above the current depth keep their key
 * buffer, so a document allocates one per level, not one per member. */
typedef struct
{
  gboolean        is_object;
  RdxValue       *pairs[2 * RDX_MAP_FROM_PAIRS_MAX]; /* an object's first members */
  guint           n_pairs;
  RdxMapBuilder  *map;      /* an object's members past RDX_MAP_FROM_PAIRS_MAX */
  RdxListBuilder *list;     /* set while reading an array */
  GString        *key;      /* the key of the member being read, when it had escapes */
  const char     *key_text; /* the key: in the input, or key's text */
  gsize           key_length;
  gsize           key_offset;
  guint           index; /* the index of the element being read */
} Frame;

typedef struct
{
  const char            *start;
  const char            *pos;
  const char            *end;
  guint                  max_depth;
  guint                  depth;
  GArray                *frames;  /* of Frame, at least depth long */
  GString               *scratch; /* the decoded text of a string value */
  GError               **error;
  struct _ParserBuffers *buffers; /* frames and scratch, kept per thread */
} Parser;

/* The frames and the scratch string outlive a document: each thread keeps
 * one set for its next document, so reading a small payload (the journal
 * reads a million of them on a replay) allocates only the values. A set
 * that grew past these bounds is freed rather than kept. */
#define KEPT_FRAMES        32
#define KEPT_SCRATCH_BYTES 4096

typedef struct _ParserBuffers
{
  GArray  *frames;
  GString *scratch;
} ParserBuffers;

static void
parser_buffers_free (gpointer data)
{
  ParserBuffers *buffers = data;

  for (guint i = 0; i < buffers->frames->len; i++)
    {
      Frame *frame = &g_array_index (buffers->frames, Frame, i);

      if (frame->key != NULL)
        g_string_free (frame->key, TRUE);
    }
  g_array_unref (buffers->frames);
  g_string_free (buffers->scratch, TRUE);
  g_free (buffers);
}

/* The thread's kept set, and whether a destructor will free it when the
 * thread ends. */
static __thread ParserBuffers *kept_buffers;
static __thread gboolean       kept_registered;

static void
kept_buffers_free (gpointer data)
{
  ParserBuffers **kept = data;

  g_clear_pointer (kept, parser_buffers_free);
  kept_registered = FALSE;
}

static GPrivate kept_buffers_key = G_PRIVATE_INIT (kept_buffers_free);

static void
parser_init (Parser *p, const char *json, gsize length, guint max_depth, GError **error)
{
  p->start = json;
  p->pos = json;
  p->end = json + length;
  p->max_depth = max_depth;
  p->depth = 0;
  p->error = error;
  /* Taken: this document has them to itself until parser_clear (). */
  p->buffers = g_steal_pointer (&kept_buffers);
  if (p->buffers == NULL)
    {
      p->buffers = g_new (ParserBuffers, 1);
      p->buffers->frames = g_array_new (FALSE, TRUE, sizeof (Frame));
      p->buffers->scratch = g_string_new (NULL);
    }
  p->frames = p->buffers->frames;
  p->scratch = p->buffers->scratch;
}

static void
parser_clear (Parser *p)
{
  gboolean keep = p->frames->len <= KEPT_FRAMES && p->scratch->allocated_len <= KEPT_SCRATCH_BYTES;
  guint    i;

  for (i = 0; i < p->frames->len; i++)
    {
      Frame *frame = &g_array_index (p->frames, Frame, i);

      while (frame->n_pairs > 0)
        rdx_value_unref (frame->pairs[--frame->n_pairs]);
      g_clear_pointer (&frame->map, rdx_map_builder_free);
      g_clear_pointer (&frame->list, rdx_list_builder_free);
      if (frame->key != NULL && frame->key->allocated_len > KEPT_SCRATCH_BYTES)
        keep = FALSE;
    }
  if (keep && kept_buffers == NULL)
    {
      if (G_UNLIKELY (!kept_registered))
        {
          kept_registered = TRUE;
          g_private_set (&kept_buffers_key, &kept_buffers);
        }
      kept_buffers = p->buffers;
    }
  else
    {
      parser_buffers_free (p->buffers);
    }
}

/* Sets the parser's error at @at, prefixed with the line and column of @at
 * and the JSON Pointer of the container being read (left out at the top
 * level). Lines are counted by '\n'; lines and columns start at 1, and
 * columns count bytes, not characters. Returns %NULL for convenience. */
static gpointer
parser_error (Parser *p, const char *at, RdxValueError code, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gpointer
parser_error (Parser *p, const char *at, RdxValueError code, const char *format, ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = g_strdup ("");
  const char      *line_start = p->start;
  const char      *q;
  gsize            line = 1;
  va_list          args;
  guint            i;

  for (q = p->start; q < at; q++)
    {
      if (*q == '\n')
        {
          line++;
          line_start = q + 1;
        }
    }

  /* The containing value is the innermost open container, reached through
   * the member or element each outer container is reading. */
  for (i = 0; i + 1 < p->depth; i++)
    {
      Frame           *frame = &g_array_index (p->frames, Frame, i);
      g_autofree char *outer = g_steal_pointer (&path);
      char             index[16];

      if (frame->is_object)
        {
          g_autofree char *key = g_strndup (frame->key_text, frame->key_length);

          path = rdx_path_append (outer, key);
        }
      else
        {
          g_snprintf (index, sizeof index, "%u", frame->index);
          path = rdx_path_append (outer, index);
        }
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (p->depth > 1)
    g_set_error (p->error, RDX_VALUE_ERROR, code,
                 "line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT " (at %s): %s", line,
                 (gsize) (at - line_start) + 1, path, message);
  else
    g_set_error (p->error, RDX_VALUE_ERROR, code,
                 "line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT ": %s", line,
                 (gsize) (at - line_start) + 1, message);
  return NULL;
}

/* Reports a missing token: either the text does not fit, or it ended. */
static gpointer
parser_error_expected (Parser *p, const char *what)
{
  if (p->pos == p->end)
    return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                         "unexpected end of the document: expected %s", what);

  if (g_ascii_isprint (*p->pos))
    return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON, "unexpected '%c': expected %s",
                         *p->pos, what);

  return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                       "unexpected byte 0x%02x: expected %s", (guchar) *p->pos, what);
}

static inline void
skip_whitespace (Parser *p)
{
  while (p->pos < p->end &&
         (*p->pos == ' ' || *p->pos == '\n' || *p->pos == '\r' || *p->pos == '\t'))
    p->pos++;
}

static inline gboolean
at_char (Parser *p, char c)
{
  return p->pos < p->end && *p->pos == c;
}

/* Reads four hex digits at @s into @out. */
static gboolean
read_hex4 (const char *s, const char *end, gunichar *out)
{
  gunichar c = 0;
  int      i;

  if (end - s < 4)
    return FALSE;

  for (i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (s[i]);

      if (digit < 0)
        return FALSE;
      c = (c << 4) | (gunichar) digit;
    }

  *out = c;
  return TRUE;
}

/* Decodes the \uXXXX escape at @s (and the low surrogate that must follow a
 * high one) into @buf. Returns where the text goes on, or %NULL. */
static const char *
parse_unicode_escape (Parser *p, const char *s, GString *buf)
{
  const char *next = s + 6;
  gunichar    c;
  gunichar    low;

  if (!read_hex4 (s + 2, p->end, &c))
    return parser_error (p, s, RDX_VALUE_ERROR_INVALID_JSON,
                         "\\u must be followed by four hex digits");

  if (c == 0)
    return parser_error (p, s, RDX_VALUE_ERROR_INVALID_UTF8,
                         "strings may not contain NUL (\\u0000)");

  if (c >= 0xdc00 && c <= 0xdfff)
    return parser_error (p, s, RDX_VALUE_ERROR_INVALID_UTF8,
                         "\\u%04X is a low surrogate without a high surrogate before it", c);

  if (c >= 0xd800 && c <= 0xdbff)
    {
      if (p->end - next < 2 || next[0] != '\\' || next[1] != 'u')
        return parser_error (p, s, RDX_VALUE_ERROR_INVALID_UTF8,
                             "\\u%04X is a high surrogate without a low surrogate after it", c);
      if (!read_hex4 (next + 2, p->end, &low))
        return parser_error (p, next, RDX_VALUE_ERROR_INVALID_JSON,
                             "\\u must be followed by four hex digits");
      if (low < 0xdc00 || low > 0xdfff)
        return parser_error (p, s, RDX_VALUE_ERROR_INVALID_UTF8,
                             "\\u%04X is a high surrogate followed by \\u%04X, not a low surrogate",
                             c, low);

      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      next += 6;
    }

  g_string_append_unichar (buf, c);
  return next;
}

/* Decodes the escape sequence at @s into @buf. Returns where the text goes
 * on, or %NULL. */
static const char *
parse_escape (Parser *p, const char *s, GString *buf)
{
  char c;

  if (p->end - s < 2)
    return parser_error (p, s, RDX_VALUE_ERROR_INVALID_JSON,
                         "unexpected end of the document in an escape sequence");

  switch (s[1])
    {
      case '"':
      case '\\':
      case '/':
        c = s[1];
        break;
      case 'b':
        c = '\b';
        break;
      case 'f':
        c = '\f';
        break;
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 't':
        c = '\t';
        break;
      case 'u':
        return parse_unicode_escape (p, s, buf);
      default:
        if (g_ascii_isprint (s[1]))
          return parser_error (p, s, RDX_VALUE_ERROR_INVALID_JSON,
                               "\\%c is not a JSON escape sequence", s[1]);
        return parser_error (p, s, RDX_VALUE_ERROR_INVALID_JSON, "invalid escape sequence");
    }

  g_string_append_c (buf, c);
  return s + 2;
}

/* Bytes that end a run of plain ASCII text in a string: the quote, the
 * backslash, control characters (which must be escaped) and the bytes of
 * multi-byte sequences (which are checked as UTF-8). */
static const guint8 ends_ascii_run[256] = {
  [0x00 ... 0x1f] = 1,
  ['"'] = 1,
  ['\\'] = 1,
  [0x80 ... 0xff] = 1,
};

/* Reads the string starting at the '"' under the cursor, and returns where
 * it ends (at the closing quote, a control character or the end of the
 * input). A string without escapes is left where it is, in the input
 * (*@text, *@length); one with escapes is decoded into @buf. */
static const char *
decode_string (Parser *p, GString *buf, const char **text, gsize *length)
{
  const char *s = p->pos + 1;
  gboolean    copied = FALSE;

  *text = s;
  for (;;)
    {
      const char *run = s;

      /* A run of plain text ends at an ASCII byte, which can not be part
       * of a multi-byte sequence, so each run can be checked on its own. */
      for (;;)
        {
          const char *invalid;
          const char *multi;

          while (s < p->end && !ends_ascii_run[(guchar) *s])
            s++;
          if (s == p->end || (guchar) *s < 0x80)
            break;
          multi = s;
          while (s < p->end && (guchar) *s >= 0x80)
            s++;
          if (!g_utf8_validate_len (multi, s - multi, &invalid))
            return parser_error (p, invalid, RDX_VALUE_ERROR_INVALID_UTF8,
                                 "invalid UTF-8 in a string (byte 0x%02x)", (guchar) *invalid);
        }

      if (!copied && (s == p->end || *s != '\\'))
        {
          *length = s - run;
          return s;
        }
      if (!copied)
        {
          g_string_truncate (buf, 0);
          copied = TRUE;
        }
      g_string_append_len (buf, run, s - run);

      if (s == p->end || *s != '\\')
        {
          *text = buf->str;
          *length = buf->len;
          return s;
        }

      s = parse_escape (p, s, buf);
      if (s == NULL)
        return NULL;
    }
}

/* Reads the string starting at the '"' under the cursor: its text is
 * *@text, *@length bytes, valid until @buf changes. */
static gboolean
parse_string (Parser *p, GString *buf, const char **text, gsize *length)
{
  const char *end = decode_string (p, buf, text, length);

  if (end == NULL)
    return FALSE;

  if (end == p->end)
    {
      parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                    "the string that starts here is not terminated");
      return FALSE;
    }

  if (*end != '"')
    {
      parser_error (p, end, RDX_VALUE_ERROR_INVALID_JSON,
                    "control character U+%04X must be escaped in a string", (guchar) *end);
      return FALSE;
    }

  /* Only reachable with a max_bytes above the default limit. */
  if (*length > G_MAXUINT32)
    {
      parser_error (p, p->pos, RDX_VALUE_ERROR_TOO_LARGE, "strings may not be longer than 4 GiB");
      return FALSE;
    }

  p->pos = end + 1;
  return TRUE;
}

static RdxValue *
number_error (Parser *p, const char *start, const char *what)
{
  int length = (int) MIN (p->pos - start, 40);

  return parser_error (p, start, RDX_VALUE_ERROR_OUT_OF_RANGE, "the number %.*s%s %s", length,
                       start, p->pos - start > length ? "..." : "", what);
}

static RdxValue *
make_int (Parser *p, const char *start, gboolean negative, guint64 magnitude, gboolean overflow)
{
  guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  if (overflow || magnitude > limit)
    return number_error (p, start, "does not fit in a 64-bit integer");

  if (!negative)
    return rdx_value_new_int ((gint64) magnitude);
  if (magnitude == limit)
    return rdx_value_new_int (G_MININT64);
  return rdx_value_new_int (-(gint64) magnitude);
}

static RdxValue *
make_double (Parser *p, const char *start)
{
  gsize            length = p->pos - start;
  char             small[64];
  g_autofree char *large = NULL;
  char            *text;
  double           v;

  /* g_ascii_strtod needs a terminated string; the input may not be one. */
  if (length < sizeof small)
    {
      memcpy (small, start, length);
      small[length] = '\0';
      text = small;
    }
  else
    {
      text = large = g_strndup (start, length);
    }

  v = g_ascii_strtod (text, NULL);
  if (!isfinite (v))
    return number_error (p, start, "is too large for a double");

  return rdx_value_new_double (v);
}

/* Reads a number by the RFC 8259 grammar: an integer literal becomes an
 * integer, anything with a fraction or an exponent a double. */
static RdxValue *
parse_number (Parser *p)
{
  const char *start = p->pos;
  const char *q = p->pos;
  gboolean    negative = FALSE;
  gboolean    is_double = FALSE;
  gboolean    overflow = FALSE;
  guint64     magnitude = 0;

  if (*q == '-')
    {
      negative = TRUE;
      q++;
    }

  if (q == p->end || !g_ascii_isdigit (*q))
    return parser_error (p, q, RDX_VALUE_ERROR_INVALID_JSON, "expected a digit after '-'");

  if (*q == '0')
    {
      q++;
      if (q < p->end && g_ascii_isdigit (*q))
        return parser_error (p, start, RDX_VALUE_ERROR_INVALID_JSON,
                             "numbers may not have leading zeros");
    }
  else
    {
      for (; q < p->end && g_ascii_isdigit (*q); q++)
        {
          guint digit = (guint) (*q - '0');

          if (magnitude > (G_MAXUINT64 - digit) / 10)
            overflow = TRUE;
          else
            magnitude = magnitude * 10 + digit;
        }
    }

  if (q < p->end && *q == '.')
    {
      is_double = TRUE;
      q++;
      if (q == p->end || !g_ascii_isdigit (*q))
        return parser_error (p, q, RDX_VALUE_ERROR_INVALID_JSON,
                             "expected a digit after the decimal point");
      while (q < p->end && g_ascii_isdigit (*q))
        q++;
    }

  if (q < p->end && (*q == 'e' || *q == 'E'))
    {
      is_double = TRUE;
      q++;
      if (q < p->end && (*q == '+' || *q == '-'))
        q++;
      if (q == p->end || !g_ascii_isdigit (*q))
        return parser_error (p, q, RDX_VALUE_ERROR_INVALID_JSON,
                             "expected a digit in the exponent");
      while (q < p->end && g_ascii_isdigit (*q))
        q++;
    }

  p->pos = q;
  if (is_double)
    return make_double (p, start);
  return make_int (p, start, negative, magnitude, overflow);
}

/* Reads the literal @word, or sets an error. */
static gboolean
match_literal (Parser *p, const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (p->end - p->pos) >= length && memcmp (p->pos, word, length) == 0)
    {
      p->pos += length;
      return TRUE;
    }

  parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON, "expected the literal %s", word);
  return FALSE;
}

/* Explains the usual ways text that is not JSON starts a value. */
static RdxValue *
parse_unexpected (Parser *p)
{
  switch (*p->pos)
    {
      case '\'':
        return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                             "strings must be in double quotes");
      case '/':
        return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                             "JSON does not allow comments");
      case '+':
        return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                             "numbers may not start with '+'");
      case '.':
        return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                             "numbers must have a digit before the decimal point");
      default:
        return parser_error_expected (p, "a value");
    }
}

static Frame *
top_frame (Parser *p)
{
  return &g_array_index (p->frames, Frame, p->depth - 1);
}

/* Opens an array or an object, if the depth limit allows another level. */
static gboolean
push_frame (Parser *p, gboolean is_object)
{
  Frame *frame;

  if (p->depth >= p->max_depth)
    {
      parser_error (p, p->pos, RDX_VALUE_ERROR_TOO_DEEP,
                    "values may not be nested more than %u levels deep", p->max_depth);
      return FALSE;
    }

  if (p->depth == p->frames->len)
    g_array_set_size (p->frames, p->depth + 1);
  frame = &g_array_index (p->frames, Frame, p->depth);
  p->depth++;

  if (is_object)
    {
      frame->is_object = TRUE;
      frame->n_pairs = 0;
      if (frame->key == NULL)
        frame->key = g_string_new (NULL);
    }
  else
    {
      frame->is_object = FALSE;
      frame->list = rdx_list_builder_new (NULL);
      frame->index = 0;
    }

  p->pos++;
  return TRUE;
}

static RdxValue *
pop_frame (Parser *p)
{
  Frame *frame = top_frame (p);
  guint  n;

  p->pos++;
  p->depth--;
  if (!frame->is_object)
    return rdx_list_builder_end (g_steal_pointer (&frame->list));
  if (frame->map != NULL)
    return rdx_map_builder_end (g_steal_pointer (&frame->map));
  /* A small object: its members were kept aside and make the map at once. */
  n = frame->n_pairs / 2;
  frame->n_pairs = 0;
  return rdx_map_new_from_pairs_unchecked (frame->pairs, n);
}

/* Reads an object's member key and the ':' after it. */
static gboolean
parse_key (Parser *p, Frame *frame)
{
  if (!at_char (p, '"'))
    {
      if (at_char (p, '}'))
        parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                      "a trailing comma is not allowed before '}'");
      else if (at_char (p, '\''))
        parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                      "object keys must be strings in double quotes");
      else
        parser_error_expected (p, "a string key in double quotes");
      return FALSE;
    }

  frame->key_offset = p->pos - p->start;
  if (!parse_string (p, frame->key, &frame->key_text, &frame->key_length))
    return FALSE;

  skip_whitespace (p);
  if (!at_char (p, ':'))
    {
      parser_error_expected (p, "':' after an object key");
      return FALSE;
    }
  p->pos++;
  return TRUE;
}

static gboolean
duplicate_key (Parser *p, Frame *frame)
{
  g_autoptr (GString) quoted = g_string_new (NULL);

  append_string (quoted, frame->key_text, frame->key_length);
  parser_error (p, p->start + frame->key_offset, RDX_VALUE_ERROR_DUPLICATE_KEY,
                "duplicate key %s in an object", quoted->str);
  return FALSE;
}

/* Adds a finished value (taken) to the innermost container; an object must
 * not have had the key already. An object's first members are kept aside,
 * the rest go to a builder. */
static gboolean
frame_add (Parser *p, Frame *frame, RdxValue *value)
{
  guint size;

  if (!frame->is_object)
    {
      rdx_list_builder_append_take (frame->list, value);
      frame->index++;
      return TRUE;
    }

  if (frame->map == NULL)
    {
      /* Checked as it was read; hashed once, here. */
      RdxValue        *key = rdx_value_new_string_unchecked (frame->key_text, frame->key_length);
      const RdxString *k = (const RdxString *) key;

      for (guint i = 0; i < frame->n_pairs; i += 2)
        {
          const RdxString *other = (const RdxString *) frame->pairs[i];

          if (other->hash == k->hash && other->length == k->length &&
              memcmp (other->data, k->data, k->length) == 0)
            {
              rdx_value_unref (key);
              rdx_value_unref (value);
              return duplicate_key (p, frame);
            }
        }
      if (frame->n_pairs < G_N_ELEMENTS (frame->pairs))
        {
          frame->pairs[frame->n_pairs++] = key;
          frame->pairs[frame->n_pairs++] = value;
          return TRUE;
        }

      /* One member too many to keep aside: on with a builder, this member
       * too (its key is new among the others). */
      frame->map = rdx_map_builder_new (NULL);
      for (guint i = 0; i < frame->n_pairs; i += 2)
        {
          rdx_map_builder_set_key_unchecked (frame->map, frame->pairs[i], frame->pairs[i + 1]);
          rdx_value_unref (frame->pairs[i]);
          rdx_value_unref (frame->pairs[i + 1]);
        }
      frame->n_pairs = 0;
      rdx_map_builder_set_key_unchecked (frame->map, key, value);
      rdx_value_unref (key);
      rdx_value_unref (value);
      return TRUE;
    }

  size = rdx_map_builder_size (frame->map);
  /* The key was checked as it was read. */
  rdx_map_builder_set_unchecked (frame->map, frame->key_text, frame->key_length, value);
  if (rdx_map_builder_size (frame->map) > size)
    return TRUE;
  return duplicate_key (p, frame);
}

/* Hands a finished value to the open containers, closing those that end
 * after it. Returns the whole value once the outermost one closes; sets
 * *@more when a container goes on with another element. */
static RdxValue *
finish_value (Parser *p, RdxValue *value, gboolean *more)
{
  *more = FALSE;

  while (p->depth > 0)
    {
      Frame *frame = top_frame (p);

      if (!frame_add (p, frame, value))
        return NULL;

      skip_whitespace (p);
      if (at_char (p, ','))
        {
          p->pos++;
          skip_whitespace (p);
          if (frame->is_object && !parse_key (p, frame))
            return NULL;
          if (frame->list != NULL && at_char (p, ']'))
            return parser_error (p, p->pos, RDX_VALUE_ERROR_INVALID_JSON,
                                 "a trailing comma is not allowed before ']'");
          *more = TRUE;
          return NULL;
        }

      if (frame->is_object && !at_char (p, '}'))
        return parser_error_expected (p, "',' or '}' after an object member");
      if (frame->list != NULL && !at_char (p, ']'))
        return parser_error_expected (p, "',' or ']' after an array element");

      value = pop_frame (p);
    }

  return value;
}

/* Reads one value and everything nested in it, without recursion: arrays
 * and objects are pushed on the frame stack, and each finished value is
 * handed to the container on top. */
static RdxValue *
parse_value (Parser *p)
{
  for (;;)
    {
      RdxValue *value;
      gboolean  more;

      skip_whitespace (p);
      if (p->pos == p->end)
        return parser_error_expected (p, "a value");

      switch (*p->pos)
        {
          case '[':
            if (!push_frame (p, FALSE))
              return NULL;
            skip_whitespace (p);
            if (!at_char (p, ']'))
              continue;
            value = pop_frame (p);
            break;
          case '{':
            if (!push_frame (p, TRUE))
              return NULL;
            skip_whitespace (p);
            if (!at_char (p, '}'))
              {
                if (!parse_key (p, top_frame (p)))
                  return NULL;
                continue;
              }
            value = pop_frame (p);
            break;
          case '"':
            {
              const char *text;
              gsize       length;

              if (!parse_string (p, p->scratch, &text, &length))
                return NULL;
              /* Checked as it was read. */
              value = rdx_value_new_string_unchecked (text, length);
            }
            break;
          case '-':
          case '0':
          case '1':
          case '2':
          case '3':
          case '4':
          case '5':
          case '6':
          case '7':
          case '8':
          case '9':
            value = parse_number (p);
            break;
          case 't':
            value = match_literal (p, "true") ? rdx_value_new_bool (TRUE) : NULL;
            break;
          case 'f':
            value = match_literal (p, "false") ? rdx_value_new_bool (FALSE) : NULL;
            break;
          case 'n':
            value = match_literal (p, "null") ? rdx_value_new_null () : NULL;
            break;
          default:
            value = parse_unexpected (p);
            break;
        }

      if (value == NULL)
        return NULL;

      value = finish_value (p, value, &more);
      if (!more)
        return value;
    }
}

/**
 * rdx_value_from_json_full:
 * @json: the JSON text
 * @length: the length of @json in bytes, or -1 if it is nul-terminated
 * @max_depth: how deeply arrays and objects may nest (1 allows `[1,2]` but
 *   not `[[1]]`; 0 allows only scalars)
 * @max_bytes: the longest text to read
 * @error: return location for a [struct@GLib.Error]
 *
 * Reads a value from strict JSON (RFC 8259): exactly one value with
 * optional whitespace around it; no comments, trailing commas, single
 * quotes, leading zeros, NaN or infinities. Integer literals become
 * integers and must fit in 64 bits; numbers with a fraction or an exponent
 * become doubles and must be finite. Strings must be valid UTF-8 without
 * NUL. An object may not name a key twice.
 *
 * Errors are in the %RDX_VALUE_ERROR domain, and their message names the
 * line and column (counted in bytes) and the JSON Pointer of the containing
 * value.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
RdxValue *
rdx_value_from_json_full (const char *json,
                          gssize      length,
                          guint       max_depth,
                          gsize       max_bytes,
                          GError    **error)
{
  Parser    p;
  RdxValue *value = NULL;
  gsize     size;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? strlen (json) : (gsize) length;
  if (size > max_bytes)
    {
      g_set_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_TOO_LARGE,
                   "line 1, column 1: the document is %" G_GSIZE_FORMAT
                   " bytes long, more than the limit of %" G_GSIZE_FORMAT " bytes",
                   size, max_bytes);
      return NULL;
    }

  parser_init (&p, json, size, max_depth, error);

  skip_whitespace (&p);
  if (p.pos == p.end)
    {
      parser_error (&p, p.pos, RDX_VALUE_ERROR_INVALID_JSON, "the document is empty");
    }
  else
    {
      value = parse_value (&p);
      skip_whitespace (&p);
      if (value != NULL && p.pos != p.end)
        {
          g_clear_pointer (&value, rdx_value_unref);
          parser_error (&p, p.pos, RDX_VALUE_ERROR_INVALID_JSON,
                        "unexpected text after the value (a document holds exactly one value)");
        }
    }

  parser_clear (&p);
  return value;
}

/**
 * rdx_value_from_json:
 * @json: the JSON text
 * @length: the length of @json in bytes, or -1 if it is nul-terminated
 * @error: return location for a [struct@GLib.Error]
 *
 * Reads a value from strict JSON, as [func@Rdx.Value.from_json_full] does
 * with the limits [const@Rdx.VALUE_MAX_DEPTH] and [const@Rdx.VALUE_MAX_INPUT].
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
RdxValue *
rdx_value_from_json (const char *json, gssize length, GError **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return rdx_value_from_json_full (json, length, RDX_VALUE_MAX_DEPTH, RDX_VALUE_MAX_INPUT, error);
}

/* JsonNode */

static JsonNode *
value_to_node (RdxValue *value)
{
  JsonNode *node;

  switch (rdx_value_get_kind (value))
    {
      case RDX_VALUE_NULL:
        return json_node_init_null (json_node_alloc ());
      case RDX_VALUE_BOOL:
        return json_node_init_boolean (json_node_alloc (), rdx_value_get_bool (value));
      case RDX_VALUE_INT:
        return json_node_init_int (json_node_alloc (), rdx_value_get_int (value));
      case RDX_VALUE_DOUBLE:
        return json_node_init_double (json_node_alloc (), rdx_value_get_double (value));
      case RDX_VALUE_STRING:
        return json_node_init_string (json_node_alloc (), rdx_value_get_string (value));
      case RDX_VALUE_LIST:
        {
          JsonArray  *array = json_array_sized_new (rdx_list_length (value));
          RdxListIter iter;
          RdxValue   *element;

          rdx_list_iter_init (&iter, value);
          while (rdx_list_iter_next (&iter, &element))
            json_array_add_element (array, value_to_node (element));
          node = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (node, array);
          return node;
        }
      case RDX_VALUE_MAP:
        {
          g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (value);
          JsonObject *object = json_object_new ();
          guint       i;

          for (i = 0; i < keys->len; i++)
            {
              const char *key = g_ptr_array_index (keys, i);

              json_object_set_member (object, key, value_to_node (rdx_map_get (value, key)));
            }
          node = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (node, object);
          return node;
        }
      default:
        g_assert_not_reached ();
    }
}

/**
 * rdx_value_to_json_node:
 * @self: a value
 *
 * Converts @self to a json-glib tree: null, boolean, int64, double and
 * string nodes, arrays, and objects with their members in key order.
 *
 * Returns: (transfer full): a new [struct@Json.Node]; free it with [method@Json.Node.unref]
 */
JsonNode *
rdx_value_to_json_node (RdxValue *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return value_to_node (self);
}

static RdxValue *
node_to_value (JsonNode *node, const RdxPathLink *link, guint depth, GError **error);

static RdxValue *
node_value_to_value (JsonNode *node, const RdxPathLink *link, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GType       type = json_node_get_value_type (node);
  const char *text;
  RdxValue   *string;
  double      v;

  switch (type)
    {
      case G_TYPE_INT64:
        return rdx_value_new_int (json_node_get_int (node));
      case G_TYPE_BOOLEAN:
        return rdx_value_new_bool (json_node_get_boolean (node));
      case G_TYPE_DOUBLE:
        v = json_node_get_double (node);
        if (!isfinite (v))
          return rdx_path_link_error (error, link, RDX_VALUE_ERROR_OUT_OF_RANGE,
                                      "the double %g is not finite", v);
        return rdx_value_new_double (v);
      case G_TYPE_STRING:
        text = json_node_get_string (node);
        if (text == NULL)
          return rdx_path_link_error (error, link, RDX_VALUE_ERROR_UNSUPPORTED,
                                      "a string node holds no string");
        string = rdx_value_new_string_checked (text, -1, &local_error);
        if (string == NULL)
          return rdx_path_link_error (error, link, local_error->code, "%s", local_error->message);
        return string;
      default:
        return rdx_path_link_error (error, link, RDX_VALUE_ERROR_UNSUPPORTED,
                                    "a JsonNode holding a value of type %s has no equivalent",
                                    type == G_TYPE_INVALID ? "(none)" : g_type_name (type));
    }
}

static RdxValue *
node_array_to_value (JsonArray *array, const RdxPathLink *link, guint depth, GError **error)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  guint n = json_array_get_length (array);
  guint i;

  for (i = 0; i < n; i++)
    {
      RdxPathLink here = { link, NULL, i };
      RdxValue   *element = node_to_value (json_array_get_element (array, i), &here, depth, error);

      if (element == NULL)
        return NULL;
      rdx_list_builder_append_take (builder, element);
    }

  return rdx_list_builder_end (g_steal_pointer (&builder));
}

static RdxValue *
node_object_to_value (JsonObject *object, const RdxPathLink *link, guint depth, GError **error)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  JsonObjectIter iter;
  const char    *key;
  JsonNode      *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &member))
    {
      RdxPathLink here = { link, key, 0 };
      RdxValue   *value;

      if (!g_utf8_validate (key, -1, NULL))
        return rdx_path_link_error (error, link, RDX_VALUE_ERROR_INVALID_UTF8,
                                    "an object key is not valid UTF-8");
      value = node_to_value (member, &here, depth, error);
      if (value == NULL)
        return NULL;
      rdx_map_builder_set_take (builder, key, value);
    }

  return rdx_map_builder_end (g_steal_pointer (&builder));
}

static RdxValue *
node_to_value (JsonNode *node, const RdxPathLink *link, guint depth, GError **error)
{
  JsonArray  *array;
  JsonObject *object;

  if (node == NULL)
    return rdx_path_link_error (error, link, RDX_VALUE_ERROR_INVALID_JSON,
                                "there is no JsonNode (NULL)");

  switch (json_node_get_node_type (node))
    {
      case JSON_NODE_NULL:
        return rdx_value_new_null ();
      case JSON_NODE_VALUE:
        return node_value_to_value (node, link, error);
      case JSON_NODE_ARRAY:
      case JSON_NODE_OBJECT:
        break;
      default:
        return rdx_path_link_error (error, link, RDX_VALUE_ERROR_UNSUPPORTED,
                                    "unknown JsonNode type");
    }

  /* Check the depth before going down, so the C stack stays bounded. */
  if (depth >= RDX_VALUE_MAX_DEPTH)
    return rdx_path_link_error (error, link, RDX_VALUE_ERROR_TOO_DEEP,
                                "values may not be nested more than %u levels deep",
                                RDX_VALUE_MAX_DEPTH);

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      if (array == NULL)
        return rdx_path_link_error (error, link, RDX_VALUE_ERROR_UNSUPPORTED,
                                    "an array node holds no array");
      return node_array_to_value (array, link, depth + 1, error);
    }

  object = json_node_get_object (node);
  if (object == NULL)
    return rdx_path_link_error (error, link, RDX_VALUE_ERROR_UNSUPPORTED,
                                "an object node holds no object");
  return node_object_to_value (object, link, depth + 1, error);
}

/**
 * rdx_value_from_json_node:
 * @node: (nullable): a json-glib tree
 * @error: return location for a [struct@GLib.Error]
 *
 * Converts a json-glib tree to a value. Nesting is limited to
 * [const@Rdx.VALUE_MAX_DEPTH] levels; doubles must be finite and strings valid
 * UTF-8. A %NULL @node (what [class@Json.Parser] gives for an empty document) is an
 * error, not null.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
RdxValue *
rdx_value_from_json_node (JsonNode *node, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return node_to_value (node, NULL, 0, error);
}

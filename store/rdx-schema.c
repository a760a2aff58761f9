/* rdx-schema.c: declarative descriptions of payloads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"
#include "rdx-schema-private.h"
#include "rdx-value-private.h"

#include <errno.h>
#include <string.h>

/**
 * RdxSchema:
 *
 * What a value must look like, written as compact text and checked with
 * [method@Rdx.Schema.validate]. A slice checks each payload against its case's
 * schema before the case runs; a debugger's dispatch box or an import can
 * validate with a schema on its own.
 *
 * |[
 * {id: int > 0, title: string 1..200, done?: bool, tags?: [string 1..20] ..10}
 * ]|
 *
 * | text | what fits |
 * | --- | --- |
 * | `any` | anything, null included |
 * | `null`, `bool` | null; true or false |
 * | `int`, `int > 0`, `int >= 0 < 100`, `int 1..12` | an integer (in the range: `a..b` includes both ends) |
 * | `double`, `double 0..1` | a number (an integer too) |
 * | `string`, `string 1..`, `string ..200` | a string (its length in characters in the range: `1..` is non-empty) |
 * | `'all' \| 'active' \| 'done'` | one of these strings |
 * | `[int]`, `[string] ..10` | a list whose elements fit (and whose length is in the range) |
 * | `{id: int, note?: string}` | a map with these keys (`?`: optional) and no other |
 * | `{id: int, ...}` | the same, other keys allowed |
 * | `{*: int}` | a map whose every key (but the ones named) holds an integer |
 * | `T \| null` | null or what fits T |
 *
 * A key that is not a plain word (letters, digits, `_`, `-`, `.`) is
 * quoted: `{'first name': string}`. A refusal is an %RDX_SCHEMA_ERROR whose
 * message names the path (a JSON Pointer; "the payload" for the whole
 * value), what was expected and what was there:
 * `/amount must be an integer greater than 0, got "12.5"`.
 */

typedef enum
{
  KIND_ANY,
  KIND_NULL,
  KIND_BOOL,
  KIND_INT,
  KIND_DOUBLE,
  KIND_STRING,
  KIND_ENUM,
  KIND_LIST,
  KIND_MAP,
} Kind;

typedef struct
{
  char      *key;
  gboolean   optional;
  RdxSchema *schema;
} Field;

/* A bound on a number, or on a length. */
typedef struct
{
  gboolean set;
  gboolean exclusive;
  gint64   i;
  double   d;
} Bound;

struct _RdxSchema
{
  gatomicrefcount ref_count;
  Kind            kind;
  gboolean        nullable;
  gboolean        range_form; /* written "a..b", and printed so */
  Bound           min, max;   /* int and double values; string and list lengths */
  char          **choices;    /* KIND_ENUM, NULL-terminated */
  RdxSchema      *element;    /* KIND_LIST, nullable: any element */
  Field          *fields;     /* KIND_MAP, in the written order */
  guint           n_fields;
  RdxSchema      *rest; /* KIND_MAP: what every other key holds (`*`) */
  gboolean        open; /* KIND_MAP: other keys allowed (`...`) */
};

/* clang-format off */
G_DEFINE_QUARK (rdx-schema-error-quark, rdx_schema_error)
/* clang-format on */
G_DEFINE_BOXED_TYPE (RdxSchema, rdx_schema, rdx_schema_ref, rdx_schema_unref)

static RdxSchema *
schema_alloc (Kind kind)
{
  RdxSchema *self = g_new0 (RdxSchema, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  return self;
}

/**
 * rdx_schema_ref:
 * @self: a schema
 *
 * Takes a reference to the schema.
 *
 * Returns: (transfer full): @self
 */
RdxSchema *
rdx_schema_ref (RdxSchema *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * rdx_schema_unref:
 * @self: (transfer full): a schema
 *
 * Drops a reference; the schema is freed with the last one.
 */
void
rdx_schema_unref (RdxSchema *self)
{
  guint i;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_strfreev (self->choices);
  g_clear_pointer (&self->element, rdx_schema_unref);
  g_clear_pointer (&self->rest, rdx_schema_unref);
  for (i = 0; i < self->n_fields; i++)
    {
      g_free (self->fields[i].key);
      rdx_schema_unref (self->fields[i].schema);
    }
  g_free (self->fields);
  g_free (self);
}

/* Parsing */

typedef struct
{
  const char *text;
  const char *p;
  GError    **error;
  guint       depth;
} Parser;

#define MAX_DEPTH 64

static gboolean parse_fail (Parser *ps, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
parse_fail (Parser *ps, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (ps->error != NULL && *ps->error == NULL)
    g_set_error (ps->error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_SYNTAX,
                 "The schema \"%s\" is malformed at character %ld: %s", ps->text,
                 (long) g_utf8_pointer_to_offset (ps->text, ps->p) + 1, message);
  return FALSE;
}

static void
skip_space (Parser *ps)
{
  while (g_ascii_isspace (*ps->p))
    ps->p++;
}

static gboolean
accept (Parser *ps, const char *token)
{
  gsize n = strlen (token);

  skip_space (ps);
  if (strncmp (ps->p, token, n) != 0)
    return FALSE;
  ps->p += n;
  return TRUE;
}

static gboolean
is_word_char (char c, gboolean first)
{
  return g_ascii_isalpha (c) || c == '_' ||
         (!first && (g_ascii_isdigit (c) || c == '-' || c == '.'));
}

/* A plain word (a type name or a key), or NULL. */
static char *
parse_word (Parser *ps)
{
  const char *start;

  skip_space (ps);
  start = ps->p;
  if (!is_word_char (*ps->p, TRUE))
    return NULL;
  while (is_word_char (*ps->p, FALSE))
    ps->p++;
  return g_strndup (start, ps->p - start);
}

/* A 'quoted' string, with \' and \\ escapes; ps->p is on the quote. */
static char *
parse_literal (Parser *ps)
{
  GString *out = g_string_new (NULL);

  for (ps->p++; *ps->p != '\''; ps->p++)
    {
      if (*ps->p == '\0')
        {
          parse_fail (ps, "a quoted string does not end (a ' is missing)");
          return (g_string_free (out, TRUE), NULL);
        }
      if (*ps->p == '\\' && (ps->p[1] == '\'' || ps->p[1] == '\\'))
        ps->p++;
      g_string_append_c (out, *ps->p);
    }
  ps->p++;
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      parse_fail (ps, "a quoted string is not valid UTF-8");
      return (g_string_free (out, TRUE), NULL);
    }
  return g_string_free (out, FALSE);
}

/* A number: an integer unless @real; ps->p stays put when there is none. */
static gboolean
parse_number (Parser *ps, gboolean real, Bound *bound)
{
  const char *start;
  char       *end = NULL;

  skip_space (ps);
  start = ps->p;
  if (*ps->p == '-')
    ps->p++;
  if (!g_ascii_isdigit (*ps->p))
    {
      ps->p = start;
      return parse_fail (ps, "a number was expected");
    }
  while (g_ascii_isdigit (*ps->p))
    ps->p++;
  if (real && *ps->p == '.' && g_ascii_isdigit (ps->p[1]))
    for (ps->p++; g_ascii_isdigit (*ps->p);)
      ps->p++;

  {
    g_autofree char *number = g_strndup (start, ps->p - start);

    errno = 0;
    if (real)
      bound->d = g_ascii_strtod (number, &end);
    else
      bound->i = g_ascii_strtoll (number, &end, 10);
    if (errno != 0 || *end != '\0')
      {
        ps->p = start;
        return parse_fail (ps, "the number %s is out of range", number);
      }
  }
  bound->set = TRUE;
  return TRUE;
}

static int
compare_bounds (const Bound *a, const Bound *b, gboolean real)
{
  if (real)
    return a->d < b->d ? -1 : a->d > b->d;
  return a->i < b->i ? -1 : a->i > b->i;
}

/* "a..b", "a..", "..b", or comparisons ("> 0 <= 100"); lengths only take
 * ranges of non-negative integers. */
static gboolean
parse_bounds (Parser *ps, RdxSchema *self, gboolean real, gboolean length)
{
  skip_space (ps);
  if (g_ascii_isdigit (*ps->p) || (*ps->p == '-' && !length) || g_str_has_prefix (ps->p, ".."))
    {
      self->range_form = TRUE;
      if (!g_str_has_prefix (ps->p, "..") && !parse_number (ps, real, &self->min))
        return FALSE;
      if (!accept (ps, ".."))
        return parse_fail (ps, "\"..\" was expected in a range such as 1..10");
      skip_space (ps);
      if ((g_ascii_isdigit (*ps->p) || *ps->p == '-') && !parse_number (ps, real, &self->max))
        return FALSE;
      if (!self->min.set && !self->max.set)
        return parse_fail (ps, "a range needs at least one end");
    }
  else if (!length)
    {
      for (;;)
        {
          gboolean greater, exclusive;
          Bound   *bound;

          skip_space (ps);
          if (*ps->p != '<' && *ps->p != '>')
            break;
          greater = *ps->p == '>';
          exclusive = ps->p[1] != '=';
          ps->p += exclusive ? 1 : 2;
          bound = greater ? &self->min : &self->max;
          if (bound->set)
            return parse_fail (ps, "a second %s bound", greater ? "lower" : "upper");
          if (!parse_number (ps, real, bound))
            return FALSE;
          bound->exclusive = exclusive;
        }
    }

  if (length && ((self->min.set && self->min.i < 0) || (self->max.set && self->max.i < 0)))
    return parse_fail (ps, "a length cannot be negative");
  if (self->min.set && self->max.set)
    {
      int order = compare_bounds (&self->min, &self->max, real);

      if (order > 0 || (order == 0 && (self->min.exclusive || self->max.exclusive)))
        return parse_fail (ps, "the range is empty: nothing fits it");
    }
  return TRUE;
}

static RdxSchema *parse_union (Parser *ps);

static gboolean
add_field (Parser *ps, GArray *fields, char *key, gboolean optional, RdxSchema *schema)
{
  Field field = { key, optional, schema };
  guint i;

  for (i = 0; i < fields->len; i++)
    if (strcmp (g_array_index (fields, Field, i).key, key) == 0)
      {
        parse_fail (ps, "the key \"%s\" is named twice", key);
        g_free (key);
        rdx_schema_unref (schema);
        return FALSE;
      }
  g_array_append_val (fields, field);
  return TRUE;
}

static void
clear_field (gpointer data)
{
  Field *field = data;

  g_free (field->key);
  rdx_schema_unref (field->schema);
}

/* One member of a map: "key: T", "key?: T", "*: T" or "...". */
static gboolean
parse_member (Parser *ps, RdxSchema *self, GArray *fields)
{
  g_autofree char *key = NULL;
  gboolean         optional = FALSE;
  gboolean         star = FALSE;
  RdxSchema       *schema;

  if (accept (ps, "..."))
    return (self->open = TRUE);
  skip_space (ps);
  if (*ps->p == '*')
    star = (ps->p++, TRUE);
  else if (*ps->p == '\'')
    key = parse_literal (ps);
  else if ((key = parse_word (ps)) == NULL)
    return parse_fail (ps, "a key, \"*\" or \"...\" was expected");
  if (key == NULL && !star)
    return FALSE;

  optional = !star && accept (ps, "?");
  if (!accept (ps, ":"))
    return parse_fail (ps, "\":\" was expected after a key");
  if ((schema = parse_union (ps)) == NULL)
    return FALSE;
  if (star)
    {
      if (self->rest != NULL)
        return (rdx_schema_unref (schema), parse_fail (ps, "\"*\" is named twice"));
      self->rest = schema;
      return TRUE;
    }
  return add_field (ps, fields, g_steal_pointer (&key), optional, schema);
}

static RdxSchema *
parse_map (Parser *ps)
{
  g_autoptr (RdxSchema) self = schema_alloc (KIND_MAP);
  g_autoptr (GArray) fields = g_array_new (FALSE, FALSE, sizeof (Field));

  g_array_set_clear_func (fields, clear_field);
  while (!accept (ps, "}"))
    {
      if (!parse_member (ps, self, fields))
        return NULL;
      if (!accept (ps, ",") && (skip_space (ps), *ps->p != '}'))
        return (parse_fail (ps, "\",\" or \"}\" was expected"), NULL);
    }
  self->n_fields = fields->len;
  g_array_set_clear_func (fields, NULL);
  self->fields = (Field *) (gpointer) g_array_free (g_steal_pointer (&fields), FALSE);
  return g_steal_pointer (&self);
}

#define TYPE_NAMES "any, null, bool, int, double, string, a 'quoted' string, {...} or [...]"

static RdxSchema *
parse_term (Parser *ps)
{
  g_autoptr (RdxSchema) self = NULL;
  g_autofree char *word = NULL;

  skip_space (ps);
  if (*ps->p == '{')
    return (ps->p++, parse_map (ps));
  if (*ps->p == '[')
    {
      ps->p++;
      self = schema_alloc (KIND_LIST);
      if (!accept (ps, "]"))
        {
          if ((self->element = parse_union (ps)) == NULL)
            return NULL;
          if (!accept (ps, "]"))
            return (parse_fail (ps, "\"]\" was expected"), NULL);
        }
      return parse_bounds (ps, self, FALSE, TRUE) ? g_steal_pointer (&self) : NULL;
    }
  if (*ps->p == '\'')
    {
      char *literal = parse_literal (ps);

      if (literal == NULL)
        return NULL;
      self = schema_alloc (KIND_ENUM);
      self->choices = g_new0 (char *, 2);
      self->choices[0] = literal;
      return g_steal_pointer (&self);
    }

  word = parse_word (ps);
  if (g_strcmp0 (word, "any") == 0)
    return schema_alloc (KIND_ANY);
  if (g_strcmp0 (word, "null") == 0)
    return schema_alloc (KIND_NULL);
  if (g_strcmp0 (word, "bool") == 0)
    return schema_alloc (KIND_BOOL);
  if (g_strcmp0 (word, "int") == 0 || g_strcmp0 (word, "double") == 0 ||
      g_strcmp0 (word, "string") == 0)
    {
      self = schema_alloc (word[0] == 'i' ? KIND_INT : word[0] == 'd' ? KIND_DOUBLE : KIND_STRING);
      if (!parse_bounds (ps, self, self->kind == KIND_DOUBLE, self->kind == KIND_STRING))
        return NULL;
      return g_steal_pointer (&self);
    }
  if (word == NULL)
    return (parse_fail (ps, "a type was expected: " TYPE_NAMES), NULL);
  ps->p -= strlen (word);
  return (parse_fail (ps, "\"%s\" is not a type; expected " TYPE_NAMES, word), NULL);
}

/* Joins the terms of "T | U | ...": quoted strings become one set, and
 * "null" makes the rest nullable. */
static RdxSchema *
join_terms (Parser *ps, GPtrArray *terms, gboolean nullable)
{
  RdxSchema *first = terms->len > 0 ? terms->pdata[0] : NULL;
  RdxSchema *self;
  guint      i;

  if (terms->len == 0)
    return schema_alloc (KIND_NULL);
  if (terms->len == 1)
    {
      self = rdx_schema_ref (first);
      self->nullable = self->nullable || nullable;
      return self;
    }
  for (i = 0; i < terms->len; i++)
    if (((RdxSchema *) terms->pdata[i])->kind != KIND_ENUM)
      return (parse_fail (ps, "only 'quoted' strings and null can be joined with |"), NULL);

  self = schema_alloc (KIND_ENUM);
  self->nullable = nullable;
  self->choices = g_new0 (char *, terms->len + 1);
  for (i = 0; i < terms->len; i++)
    self->choices[i] = g_strdup (((RdxSchema *) terms->pdata[i])->choices[0]);
  return self;
}

static RdxSchema *
parse_union (Parser *ps)
{
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_schema_unref);
  gboolean nullable = FALSE;

  if (++ps->depth > MAX_DEPTH)
    return (parse_fail (ps, "the schema nests deeper than %d levels", MAX_DEPTH), NULL);
  do
    {
      RdxSchema *term = parse_term (ps);

      if (term == NULL)
        return NULL;
      if (term->kind == KIND_NULL)
        nullable = (rdx_schema_unref (term), TRUE);
      else
        g_ptr_array_add (terms, term);
    }
  while (accept (ps, "|"));
  ps->depth--;
  return join_terms (ps, terms, nullable);
}

/**
 * rdx_schema_new:
 * @text: the schema, such as `{amount: int > 0, memo?: string ..140}`
 * @error: return location for a [struct@GLib.Error]
 *
 * Compiles a schema from its text (see [struct@Rdx.Schema] for the notation).
 *
 * Returns: (transfer full) (nullable): the schema, or %NULL with @error set
 *   (%RDX_SCHEMA_ERROR_SYNTAX, naming the character where it went wrong)
 */
RdxSchema *
rdx_schema_new (const char *text, GError **error)
{
  Parser ps = { text, text, error, 0 };
  g_autoptr (RdxSchema) self = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_SYNTAX,
                           "The schema is not valid UTF-8");
      return NULL;
    }
  self = parse_union (&ps);
  if (self == NULL)
    return NULL;
  skip_space (&ps);
  if (*ps.p != '\0')
    return (parse_fail (&ps, "the schema goes on after its end"), NULL);
  return g_steal_pointer (&self);
}

/* Text */

static void
append_number (GString *out, const Bound *bound, gboolean real)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (real)
    g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, bound->d));
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, bound->i);
}

static void
append_literal (GString *out, const char *text)
{
  g_string_append_c (out, '\'');
  for (; *text != '\0'; text++)
    {
      if (*text == '\'' || *text == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *text);
    }
  g_string_append_c (out, '\'');
}

static void
append_bounds (GString *out, const RdxSchema *self)
{
  gboolean real = self->kind == KIND_DOUBLE;

  if (!self->min.set && !self->max.set)
    return;
  g_string_append_c (out, ' ');
  if (self->range_form)
    {
      if (self->min.set)
        append_number (out, &self->min, real);
      g_string_append (out, "..");
      if (self->max.set)
        append_number (out, &self->max, real);
      return;
    }
  if (self->min.set)
    {
      g_string_append (out, self->min.exclusive ? "> " : ">= ");
      append_number (out, &self->min, real);
    }
  if (self->max.set)
    {
      g_string_append (out, self->min.set ? (self->max.exclusive ? " < " : " <= ")
                                          : (self->max.exclusive ? "< " : "<= "));
      append_number (out, &self->max, real);
    }
}

static void
append_key (GString *out, const char *key)
{
  const char *p;

  for (p = key; *p != '\0' && is_word_char (*p, p == key); p++)
    ;
  if (*key != '\0' && *p == '\0')
    g_string_append (out, key);
  else
    append_literal (out, key);
}

static void
append_schema (GString *out, const RdxSchema *self)
{
  static const char *const names[] = { "any", "null", "bool", "int", "double", "string" };
  guint                    i;

  switch (self->kind)
    {
      case KIND_ENUM:
        for (i = 0; self->choices[i] != NULL; i++)
          {
            if (i > 0)
              g_string_append (out, " | ");
            append_literal (out, self->choices[i]);
          }
        break;
      case KIND_LIST:
        g_string_append_c (out, '[');
        if (self->element != NULL)
          append_schema (out, self->element);
        g_string_append_c (out, ']');
        append_bounds (out, self);
        break;
      case KIND_MAP:
        g_string_append_c (out, '{');
        for (i = 0; i < self->n_fields; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            append_key (out, self->fields[i].key);
            g_string_append (out, self->fields[i].optional ? "?: " : ": ");
            append_schema (out, self->fields[i].schema);
          }
        if (self->rest != NULL)
          {
            g_string_append (out, self->n_fields > 0 ? ", *: " : "*: ");
            append_schema (out, self->rest);
          }
        if (self->open)
          g_string_append (out, self->n_fields > 0 || self->rest != NULL ? ", ..." : "...");
        g_string_append_c (out, '}');
        break;
      default:
        g_string_append (out, names[self->kind]);
        append_bounds (out, self);
    }
  if (self->nullable && self->kind != KIND_NULL && self->kind != KIND_ANY)
    g_string_append (out, " | null");
}

/**
 * rdx_schema_to_string:
 * @schema: a schema
 *
 * Writes @schema in its canonical notation, which [ctor@Rdx.Schema.new] reads
 * back: one space after each colon and comma and around each operator,
 * fields in the order they were written. For documentation, completion
 * tooltips and `rdx-replay`.
 *
 * Returns: (transfer full): the text
 */
char *
rdx_schema_to_string (const RdxSchema *schema)
{
  GString *out;

  g_return_val_if_fail (schema != NULL, NULL);

  out = g_string_new (NULL);
  append_schema (out, schema);
  return g_string_free (out, FALSE);
}

/* Descriptions, in words */

static void
append_number_words (GString *out, const RdxSchema *self)
{
  gboolean real = self->kind == KIND_DOUBLE;

  if (self->min.set && self->max.set && !self->min.exclusive && !self->max.exclusive)
    {
      g_string_append (out, " from ");
      append_number (out, &self->min, real);
      g_string_append (out, " to ");
      append_number (out, &self->max, real);
      return;
    }
  if (self->min.set)
    {
      g_string_append (out, self->min.exclusive ? " greater than "
                            : self->max.set     ? " at least "
                                                : " of at least ");
      append_number (out, &self->min, real);
    }
  if (self->max.set)
    {
      g_string_append (out, self->min.set ? " and" : "");
      g_string_append (out, self->max.exclusive ? " less than "
                            : self->min.set     ? " at most "
                                                : " of at most ");
      append_number (out, &self->max, real);
    }
}

/* "a non-empty string of at most 200 characters", "a list of 2 to 5
 * elements" */
static void
append_sized_words (GString *out, const RdxSchema *self, const char *noun, const char *unit)
{
  gint64 min = self->min.set ? self->min.i : 0;

  if (min == 1)
    g_string_append_printf (out, "a non-empty %s", noun);
  else
    g_string_append_printf (out, "a %s", noun);
  if (self->max.set && min == self->max.i)
    g_string_append_printf (out, " of exactly %" G_GINT64_FORMAT " %s%s", min, unit,
                            min == 1 ? "" : "s");
  else if (self->max.set && min > 1)
    g_string_append_printf (out, " of %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " %ss", min,
                            self->max.i, unit);
  else if (self->max.set)
    g_string_append_printf (out, " of at most %" G_GINT64_FORMAT " %s%s", self->max.i, unit,
                            self->max.i == 1 ? "" : "s");
  else if (min > 1)
    g_string_append_printf (out, " of at least %" G_GINT64_FORMAT " %ss", min, unit);
}

/* "\"a\"", "\"a\" or \"b\"", "\"a\", \"b\" or \"c\"" (with @last " or ") */
static void
append_quoted_list (GString *out, char *const *items, guint n, const char *last)
{
  guint i;

  for (i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == n ? last : ", ");
      g_string_append_printf (out, "\"%s\"", items[i]);
    }
}

static void
append_words (GString *out, const RdxSchema *self)
{
  switch (self->kind)
    {
      case KIND_ANY:
        g_string_append (out, "any value");
        return;
      case KIND_NULL:
        g_string_append (out, "null");
        return;
      case KIND_BOOL:
        g_string_append (out, "a boolean");
        break;
      case KIND_INT:
      case KIND_DOUBLE:
        g_string_append (out, self->kind == KIND_INT ? "an integer" : "a number");
        append_number_words (out, self);
        break;
      case KIND_STRING:
        append_sized_words (out, self, "string", "character");
        break;
      case KIND_ENUM:
        if (self->choices[1] != NULL && self->choices[2] != NULL)
          g_string_append (out, "one of ");
        append_quoted_list (out, self->choices, g_strv_length (self->choices), " or ");
        break;
      case KIND_LIST:
        append_sized_words (out, self, "list", "element");
        break;
      case KIND_MAP:
        g_string_append (out, "a map");
        break;
    }
  if (self->nullable)
    g_string_append (out, " or null");
}

/**
 * rdx_schema_describe:
 * @schema: a schema
 *
 * Says in words what fits @schema at its top level, as its error messages
 * do: "an integer greater than 0", "a non-empty string of at most 200
 * characters", "one of \"all\", \"active\" or \"done\"", "a map".
 *
 * Returns: (transfer full): the description
 */
char *
rdx_schema_describe (const RdxSchema *schema)
{
  GString *out;

  g_return_val_if_fail (schema != NULL, NULL);

  out = g_string_new (NULL);
  append_words (out, schema);
  return g_string_free (out, FALSE);
}

/* Validation */

#define GOT_MAX_CHARS 40

/* What was there, for an error message: scalars as JSON (short strings
 * too), containers and long strings by their size. */
static void
append_got (GString *out, RdxValue *value)
{
  switch (rdx_value_get_kind (value))
    {
      case RDX_VALUE_MAP:
        g_string_append (out, rdx_map_size (value) == 0 ? "an empty map" : "a map");
        return;
      case RDX_VALUE_LIST:
        g_string_append_printf (out, "a list of %u element%s", rdx_list_length (value),
                                rdx_list_length (value) == 1 ? "" : "s");
        return;
      case RDX_VALUE_STRING:
        if (g_utf8_strlen (rdx_value_get_string (value), -1) > GOT_MAX_CHARS)
          {
            g_string_append_printf (out, "a string of %ld characters",
                                    (long) g_utf8_strlen (rdx_value_get_string (value), -1));
            return;
          }
        G_GNUC_FALLTHROUGH;
      default:
        rdx_value_append_json (value, out);
    }
}

static char *
link_text (const RdxPathLink *link)
{
  return link != NULL ? rdx_path_link_to_string (link) : g_strdup ("the payload");
}

static gboolean
refuse (GError           **error,
        RdxSchemaError     code,
        const RdxSchema   *self,
        const RdxPathLink *link,
        RdxValue          *value)
{
  g_autofree char *where = NULL;
  GString         *message;

  if (error == NULL)
    return FALSE;
  where = link_text (link);
  message = g_string_new (where);
  if (value == NULL)
    g_string_append (message, " is missing; it must be ");
  else
    g_string_append (message, " must be ");
  append_words (message, self);
  if (value != NULL)
    {
      g_string_append (message, ", got ");
      append_got (message, value);
    }
  g_set_error_literal (error, RDX_SCHEMA_ERROR, code, message->str);
  g_string_free (message, TRUE);
  return FALSE;
}

static gboolean
refuse_unknown_key (GError **error, const RdxSchema *self, const RdxPathLink *link, const char *key)
{
  RdxPathLink      here = { link, key, 0 };
  g_autofree char *where = NULL;
  g_autofree char *map = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GString *message;
  guint    i;

  if (error == NULL)
    return FALSE;
  where = rdx_path_link_to_string (&here);
  map = link_text (link);
  for (i = 0; i < self->n_fields; i++)
    g_ptr_array_add (names, self->fields[i].key);
  message = g_string_new (NULL);
  g_string_append_printf (message, "%s is not a field of %s (", where, map);
  if (names->len == 0)
    g_string_append (message, "it has no fields)");
  else
    {
      g_string_append (message, names->len == 1 ? "its field is " : "its fields are ");
      append_quoted_list (message, (char *const *) names->pdata, names->len, " and ");
      g_string_append_c (message, ')');
    }
  g_set_error_literal (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_UNKNOWN_FIELD, message->str);
  g_string_free (message, TRUE);
  return FALSE;
}

static gboolean
in_bounds (const RdxSchema *self, gint64 i, double d, gboolean real)
{
  if (self->min.set)
    {
      if (real ? d < self->min.d || (self->min.exclusive && d == self->min.d)
               : i < self->min.i || (self->min.exclusive && i == self->min.i))
        return FALSE;
    }
  if (self->max.set)
    {
      if (real ? d > self->max.d || (self->max.exclusive && d == self->max.d)
               : i > self->max.i || (self->max.exclusive && i == self->max.i))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate (const RdxSchema *self, RdxValue *value, const RdxPathLink *link, GError **error);

static const Field *
find_field (const RdxSchema *self, const char *key)
{
  guint i;

  for (i = 0; i < self->n_fields; i++)
    if (strcmp (self->fields[i].key, key) == 0)
      return &self->fields[i];
  return NULL;
}

/* The keys @self does not name, checked in sorted order so the error is
 * the same whatever order the map was built in. */
static gboolean
validate_other_keys (const RdxSchema *self, RdxValue *map, const RdxPathLink *link, GError **error)
{
  g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (map);
  guint i;

  for (i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];
      RdxPathLink here = { link, key, 0 };

      if (find_field (self, key) != NULL)
        continue;
      if (self->rest == NULL)
        return refuse_unknown_key (error, self, link, key);
      if (!validate (self->rest, rdx_map_get (map, key), &here, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_map (const RdxSchema *self, RdxValue *map, const RdxPathLink *link, GError **error)
{
  guint found = 0, i;

  for (i = 0; i < self->n_fields; i++)
    {
      const Field *field = &self->fields[i];
      RdxPathLink  here = { link, field->key, 0 };
      RdxValue    *value = rdx_map_get (map, field->key);

      if (value == NULL)
        {
          if (!field->optional)
            return refuse (error, RDX_SCHEMA_ERROR_MISSING, field->schema, &here, NULL);
          continue;
        }
      found++;
      if (!validate (field->schema, value, &here, error))
        return FALSE;
    }
  if (found == rdx_map_size (map) || (self->open && self->rest == NULL))
    return TRUE;
  return validate_other_keys (self, map, link, error);
}

static gboolean
validate_list (const RdxSchema *self, RdxValue *list, const RdxPathLink *link, GError **error)
{
  RdxListIter iter;
  RdxValue   *element;
  gsize       i = 0;

  if (!in_bounds (self, rdx_list_length (list), 0, FALSE))
    return refuse (error, RDX_SCHEMA_ERROR_RANGE, self, link, list);
  if (self->element == NULL)
    return TRUE;
  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &element))
    {
      RdxPathLink here = { link, NULL, i++ };

      if (!validate (self->element, element, &here, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate (const RdxSchema *self, RdxValue *value, const RdxPathLink *link, GError **error)
{
  RdxValueKind kind = rdx_value_kind_fast (value);
  guint        i;

  if (self->kind == KIND_ANY || (kind == RDX_VALUE_NULL && self->nullable))
    return TRUE;

  switch (self->kind)
    {
      case KIND_NULL:
        return kind == RDX_VALUE_NULL || refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
      case KIND_BOOL:
        return kind == RDX_VALUE_BOOL || refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
      case KIND_INT:
        if (kind != RDX_VALUE_INT)
          return refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
        return in_bounds (self, rdx_value_get_int (value), 0, FALSE) ||
               refuse (error, RDX_SCHEMA_ERROR_RANGE, self, link, value);
      case KIND_DOUBLE:
        if (kind != RDX_VALUE_INT && kind != RDX_VALUE_DOUBLE)
          return refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
        return in_bounds (self, 0,
                          kind == RDX_VALUE_INT ? (double) rdx_value_get_int (value)
                                                : rdx_value_get_double (value),
                          TRUE) ||
               refuse (error, RDX_SCHEMA_ERROR_RANGE, self, link, value);
      case KIND_STRING:
        if (kind != RDX_VALUE_STRING)
          return refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
        if (!self->min.set && !self->max.set)
          return TRUE;
        return in_bounds (self, g_utf8_strlen (rdx_value_get_string (value), -1), 0, FALSE) ||
               refuse (error, RDX_SCHEMA_ERROR_RANGE, self, link, value);
      case KIND_ENUM:
        if (kind != RDX_VALUE_STRING)
          return refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
        for (i = 0; self->choices[i] != NULL; i++)
          if (strcmp (self->choices[i], rdx_value_get_string (value)) == 0)
            return TRUE;
        return refuse (error, RDX_SCHEMA_ERROR_NOT_ALLOWED, self, link, value);
      case KIND_LIST:
        if (kind != RDX_VALUE_LIST)
          return refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
        return validate_list (self, value, link, error);
      case KIND_MAP:
        if (kind != RDX_VALUE_MAP)
          return refuse (error, RDX_SCHEMA_ERROR_KIND, self, link, value);
        return validate_map (self, value, link, error);
      default:
        g_assert_not_reached ();
    }
}

/**
 * rdx_schema_validate:
 * @schema: a schema
 * @value: the value to check
 * @error: return location for a [struct@GLib.Error]
 *
 * Checks that @value fits @schema. A refusal says where, what was expected
 * and what was there: `/amount must be an integer greater than 0, got
 * "12.5"`, `/title is missing; it must be a non-empty string`, `/titel is
 * not a field of the payload (its fields are "title" and "done")`. The
 * first problem found is reported: the named fields in their written order,
 * then any other key in sorted order.
 *
 * Returns: %TRUE if @value fits, %FALSE with @error set (in the
 *   %RDX_SCHEMA_ERROR domain) if not
 */
gboolean
rdx_schema_validate (const RdxSchema *schema, RdxValue *value, GError **error)
{
  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return validate (schema, value, NULL, error);
}

/* For typed lookups (rdx-value-typed.c): "an integer", "a map"... */
const char *
rdx_schema_kind_words (RdxValueKind kind)
{
  static const char *const words[] = { "null",     "a boolean", "an integer", "a number",
                                       "a string", "a list",    "a map" };

  return kind <= RDX_VALUE_MAP ? words[kind] : "a value";
}

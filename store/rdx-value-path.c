/* rdx-value-path.c: JSON Pointer paths into values, and diffs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-value-private.h"

#include <string.h>

/* Paths are JSON Pointers (RFC 6901): "" is the root, "/accounts/acc-1"
 * the value of key "acc-1" in the map at key "accounts". In a segment, "~1"
 * stands for '/' and "~0" for '~'. Into a list, a segment is a decimal index
 * without leading zeros; rdx_value_set_path() also takes "-" for "after the
 * last element", and refuses it anywhere but into a list. */

/**
 * rdx_path_parse:
 * @path: (out caller-allocates): where the segments go
 * @text: a JSON Pointer
 * @error: return location for a [struct@GLib.Error]
 *
 * Splits @text into its segments, unescaped, allocating nothing for paths
 * of up to G_N_ELEMENTS (path->stack_segments) segments and
 * sizeof (path->stack_text) bytes. Free with rdx_path_clear(), also after
 * a failure (a zeroed #RdxPath may be cleared too).
 *
 * Returns: %TRUE, or %FALSE with @error set (%RDX_VALUE_ERROR_INVALID_PATH)
 *   when @text is not a JSON Pointer
 */
gboolean
rdx_path_parse (RdxPath *path, const char *text, GError **error)
{
  gsize       length = strlen (text);
  const char *p;
  char       *out;
  guint       n = 0;

  path->n = 0;
  path->text = length < sizeof path->stack_text ? path->stack_text : g_malloc (length + 1);
  path->segments = path->stack_segments;

  if (!g_utf8_validate (text, length, NULL))
    {
      g_set_error_literal (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
                           "The path is not valid UTF-8");
      return FALSE;
    }
  if (*text != '\0' && *text != '/')
    {
      g_set_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
                   "The path \"%s\" does not start with '/' (paths are JSON Pointers, such as "
                   "\"/accounts/acc-1\")",
                   text);
      return FALSE;
    }

  /* Each segment starts with a '/', and escapes never make one. */
  for (p = text; *p != '\0'; p++)
    n += *p == '/';
  if (n > G_N_ELEMENTS (path->stack_segments))
    path->segments = g_new (const char *, n);

  for (p = text, out = path->text; *p == '/'; *out++ = '\0')
    {
      path->segments[path->n++] = out;
      for (p++; *p != '\0' && *p != '/'; p++)
        {
          if (*p != '~')
            {
              *out++ = *p;
              continue;
            }
          if (p[1] != '0' && p[1] != '1')
            {
              g_set_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
                           "The path \"%s\" has a '~' that is not \"~0\" or \"~1\"", text);
              return FALSE;
            }
          *out++ = p[1] == '0' ? '~' : '/';
          p++;
        }
    }
  return TRUE;
}

/**
 * rdx_path_clear:
 * @path: a path rdx_path_parse() filled
 *
 * Frees what rdx_path_parse() allocated.
 */
void
rdx_path_clear (RdxPath *path)
{
  if (path->text != path->stack_text)
    g_free (path->text);
  if (path->segments != path->stack_segments)
    g_free (path->segments);
}

/**
 * rdx_path_split:
 * @path: a JSON Pointer
 * @error: return location for a [struct@GLib.Error]
 *
 * Splits @path into its segments, unescaped.
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the segments, or
 *   %NULL with @error set (%RDX_VALUE_ERROR_INVALID_PATH) when @path is not
 *   a JSON Pointer
 */
GPtrArray *
rdx_path_split (const char *path, GError **error)
{
  g_auto (RdxPath) parsed = { 0 };
  GPtrArray *segments;
  guint      i;

  g_return_val_if_fail (path != NULL, NULL);

  if (!rdx_path_parse (&parsed, path, error))
    return NULL;
  segments = g_ptr_array_new_full (parsed.n, g_free);
  for (i = 0; i < parsed.n; i++)
    g_ptr_array_add (segments, g_strdup (parsed.segments[i]));
  return segments;
}

/**
 * rdx_path_parse_index:
 * @segment: a path segment
 * @index: (out): the index it names
 *
 * Returns: %TRUE if @segment is a list index as JSON Pointer writes it:
 *   decimal digits, no sign, no leading zero
 */
gboolean
rdx_path_parse_index (const char *segment, guint *index)
{
  guint64     v = 0;
  const char *p;

  if (segment[0] == '\0' || (segment[0] == '0' && segment[1] != '\0'))
    return FALSE;
  for (p = segment; *p != '\0'; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      v = v * 10 + (guint) (*p - '0');
      if (v > G_MAXUINT)
        return FALSE;
    }
  *index = (guint) v;
  return TRUE;
}

/**
 * rdx_value_get_path:
 * @root: a value
 * @path: a JSON Pointer
 *
 * Looks a nested value up, as in
 * `rdx_value_get_path (state, "/accounts/acc-1/balance")`.
 *
 * Returns: (transfer none) (nullable): the value at @path, or %NULL when
 *   there is none, or @path is malformed
 */
RdxValue *
rdx_value_get_path (RdxValue *root, const char *path)
{
  g_autoptr (GPtrArray) segments = NULL;
  RdxValue *node = root;
  guint     i;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  segments = rdx_path_split (path, NULL);
  if (segments == NULL)
    return NULL;

  for (i = 0; i < segments->len && node != NULL; i++)
    {
      const char *segment = segments->pdata[i];
      guint       index;

      if (rdx_value_holds_fast (node, RDX_VALUE_MAP))
        node = rdx_map_get (node, segment);
      else if (rdx_value_holds_fast (node, RDX_VALUE_LIST) &&
               rdx_path_parse_index (segment, &index))
        node = rdx_list_get (node, index);
      else
        node = NULL;
    }

  return node;
}

static char *
path_prefix (const char *const *segments, guint n)
{
  GString *prefix = g_string_new (NULL);
  guint    i;

  for (i = 0; i < n; i++)
    {
      char *escaped = rdx_path_append ("", segments[i]);

      g_string_append (prefix, escaped);
      g_free (escaped);
    }
  return g_string_free (prefix, FALSE);
}

/**
 * rdx_path_error:
 * @error: return location for a [struct@GLib.Error]
 * @path: the path
 * @segments: its segments ([func@Rdx.path_split] or rdx_path_parse())
 * @i: the segment that cannot be followed
 * @node: the value segments[@i] goes into
 *
 * Sets the %RDX_VALUE_ERROR_INVALID_PATH error for a path that cannot go
 * on at segments[@i]: into a list, it is not an index there; anything else
 * is not a map or a list.
 *
 * Returns: %NULL, for `return rdx_path_error (...)`
 */
gpointer
rdx_path_error (GError           **error,
                const char        *path,
                const char *const *segments,
                guint              i,
                RdxValue          *node)
{
  g_autofree char *where = path_prefix (segments, i);

  if (rdx_value_holds_fast (node, RDX_VALUE_LIST))
    g_set_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
                 "In the path \"%s\", \"%s\" is not an index into the list at \"%s\", "
                 "which has %u elements",
                 path, segments[i], where, rdx_list_length (node));
  else
    g_set_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
                 "The path \"%s\" goes through \"%s\", which is a %s, not a map or a list", path,
                 where, rdx_value_kind_to_string (rdx_value_get_kind (node)));
  return NULL;
}

/**
 * rdx_path_dash_error:
 * @error: return location for a [struct@GLib.Error]
 * @path: the path
 * @segments: its segments
 * @i: the segment "-", under something that is not a list
 *
 * Sets the %RDX_VALUE_ERROR_INVALID_PATH error for a "-" (the element
 * after the last one of a list) under a map, or under a missing value that
 * a set would make a map.
 *
 * Returns: %NULL, for `return rdx_path_dash_error (...)`
 */
gpointer
rdx_path_dash_error (GError **error, const char *path, const char *const *segments, guint i)
{
  g_autofree char *where = path_prefix (segments, i);

  g_set_error (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
               "In the path \"%s\", \"-\" (the element after the last one of a list) comes "
               "after \"%s\", which is not a list: \"-\" only appends to a list that is there",
               path, *where != '\0' ? where : "/");
  return NULL;
}

/* Returns @node with the value at segments[i..] set to @value (or removed
 * when @value is NULL). */
static RdxValue *
update_at (RdxValue   *node,
           GPtrArray  *segments,
           guint       i,
           RdxValue   *value,
           const char *path,
           GError    **error)
{
  const char *segment = segments->pdata[i];
  gboolean    last = i + 1 == segments->len;
  RdxValue   *child, *updated;

  if (rdx_value_holds_fast (node, RDX_VALUE_MAP))
    {
      /* "-" is the element after the last one of a list: setting it into a
       * map, or a missing value a set would make a map, is a mistake. */
      if (value != NULL && strcmp (segment, "-") == 0)
        return rdx_path_dash_error (error, path, (const char *const *) segments->pdata, i);
      child = rdx_map_get (node, segment);
      if (last)
        return value != NULL ? rdx_map_set (node, segment, value) : rdx_map_remove (node, segment);
      if (child == NULL)
        {
          if (value == NULL)
            return rdx_value_ref (node);
          child = rdx_map_new ();
        }
      updated = update_at (child, segments, i + 1, value, path, error);
      if (updated == NULL)
        return NULL;
      return rdx_map_set_take (node, segment, updated);
    }

  if (rdx_value_holds_fast (node, RDX_VALUE_LIST))
    {
      guint length = rdx_list_length (node), index;

      if (last && value != NULL && strcmp (segment, "-") == 0)
        return rdx_list_append (node, value);
      if (!rdx_path_parse_index (segment, &index) || index > length ||
          (index == length && !(last && value != NULL)))
        return rdx_path_error (error, path, (const char *const *) segments->pdata, i, node);
      if (last)
        {
          if (value == NULL)
            return rdx_list_remove (node, index);
          return index == length ? rdx_list_append (node, value)
                                 : rdx_list_set (node, index, value);
        }
      updated = update_at (rdx_list_get (node, index), segments, i + 1, value, path, error);
      if (updated == NULL)
        return NULL;
      child = rdx_list_set (node, index, updated);
      rdx_value_unref (updated);
      return child;
    }

  return rdx_path_error (error, path, (const char *const *) segments->pdata, i, node);
}

/**
 * rdx_value_set_path:
 * @root: a value
 * @path: a JSON Pointer
 * @value: the value to put there
 *
 * Returns a new root with @value at @path, sharing everything off the path
 * with @root. Missing maps on the way are created; into a list, the index
 * must exist, or be the length (or "-") to append. "-" into a map, or into
 * a missing value, is an error: it only appends to a list that is there.
 * An empty @path replaces the root.
 *
 * Returns: (transfer full) (nullable): the new root, or %NULL with @error
 *   set (%RDX_VALUE_ERROR_INVALID_PATH) and @root unchanged
 */
RdxValue *
rdx_value_set_path (RdxValue *root, const char *path, RdxValue *value, GError **error)
{
  g_autoptr (GPtrArray) segments = NULL;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  segments = rdx_path_split (path, error);
  if (segments == NULL)
    return NULL;
  if (segments->len == 0)
    return rdx_value_ref (value);

  return update_at (root, segments, 0, value, path, error);
}

/**
 * rdx_value_remove_path:
 * @root: a value
 * @path: a JSON Pointer, not empty
 *
 * Returns a new root without the value at @path; @root itself when there is
 * nothing there.
 *
 * Returns: (transfer full) (nullable): the new root, or %NULL with @error
 *   set when @path is malformed, runs through a scalar or indexes out of a
 *   list
 */
RdxValue *
rdx_value_remove_path (RdxValue *root, const char *path, GError **error)
{
  g_autoptr (GPtrArray) segments = NULL;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  segments = rdx_path_split (path, error);
  if (segments == NULL)
    return NULL;
  if (segments->len == 0)
    {
      g_set_error_literal (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_PATH,
                           "The root cannot be removed; the empty path names the root");
      return NULL;
    }

  return update_at (root, segments, 0, NULL, path, error);
}

static void
append_escaped (GString *out, const char *segment, gsize length)
{
  gsize i;

  g_string_append_c (out, '/');
  for (i = 0; i < length; i++)
    {
      if (segment[i] == '~')
        g_string_append (out, "~0");
      else if (segment[i] == '/')
        g_string_append (out, "~1");
      else
        g_string_append_c (out, segment[i]);
    }
}

/**
 * rdx_path_append:
 * @path: a JSON Pointer
 * @segment: a key or an index, unescaped
 *
 * Appends a key or an index to a JSON Pointer.
 *
 * Returns: (transfer full): @path followed by @segment, escaped as JSON
 *   Pointer needs ("a/b" becomes "/a~1b")
 */
char *
rdx_path_append (const char *path, const char *segment)
{
  GString *out;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (segment != NULL, NULL);

  out = g_string_new (path);
  append_escaped (out, segment, strlen (segment));
  return g_string_free (out, FALSE);
}

/**
 * rdx_path_link_to_string:
 * @link: (nullable): the innermost link of a chain, or %NULL for the root
 *
 * Returns: (transfer full): the JSON Pointer the chain stands for
 */
char *
rdx_path_link_to_string (const RdxPathLink *link)
{
  g_autofree char *parent = NULL;
  char             index[24];

  if (link == NULL)
    return g_strdup ("");

  parent = rdx_path_link_to_string (link->parent);
  if (link->key != NULL)
    return rdx_path_append (parent, link->key);

  g_snprintf (index, sizeof index, "%" G_GSIZE_FORMAT, link->index);
  return rdx_path_append (parent, index);
}

/**
 * rdx_path_link_error:
 * @error: return location for a [struct@GLib.Error]
 * @link: (nullable): where the reader is
 * @code: an [error@Rdx.ValueError]
 * @format: the message, printf() style
 * @...: its arguments
 *
 * Sets an %RDX_VALUE_ERROR naming where the reader is: "at /a/0: message",
 * or "at the root: message".
 *
 * Returns: %NULL, for `return rdx_path_link_error (...)`
 */
gpointer
rdx_path_link_error (GError           **error,
                     const RdxPathLink *link,
                     RdxValueError      code,
                     const char        *format,
                     ...)
{
  g_autofree char *path = rdx_path_link_to_string (link);
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RDX_VALUE_ERROR, code, "at %s: %s", *path != '\0' ? path : "the root",
               message);
  return NULL;
}

/* Diff */

struct _RdxDiffState
{
  RdxKeyDiffFunc key_func; /* set for rdx_map_diff_keys(): top level only */
  const char    *key;      /* the top-level key being compared */
  GString       *path;
  gsize          marks[RDX_VALUE_MAX_DEPTH];
  guint          depth;
  gsize          overflow; /* levels deeper than marks[] can hold */
  RdxDiffFunc    func;
  gpointer       user_data;
  guint          count;
};

void
rdx_diff_push_key (RdxDiffState *state, const char *key, gsize length)
{
  if (state->key_func != NULL)
    {
      /* Keys come from RdxString, NUL-terminated: no path to build. */
      state->key = key;
      state->depth++;
      return;
    }
  if (state->depth < G_N_ELEMENTS (state->marks))
    state->marks[state->depth++] = state->path->len;
  else
    state->overflow++;
  append_escaped (state->path, key, length);
}

void
rdx_diff_push_index (RdxDiffState *state, guint index)
{
  if (state->depth < G_N_ELEMENTS (state->marks))
    state->marks[state->depth++] = state->path->len;
  else
    state->overflow++;
  g_string_append_printf (state->path, "/%u", index);
}

void
rdx_diff_pop (RdxDiffState *state)
{
  if (state->key_func != NULL)
    {
      state->depth--;
      return;
    }
  if (state->overflow > 0)
    {
      /* Too deep to remember where the segment began: find its '/'. */
      const char *slash = strrchr (state->path->str, '/');

      state->overflow--;
      g_string_truncate (state->path, slash != NULL ? (gsize) (slash - state->path->str) : 0);
      return;
    }
  g_string_truncate (state->path, state->marks[--state->depth]);
}

gboolean
rdx_diff_report (RdxDiffState *state, RdxValue *old_value, RdxValue *new_value)
{
  state->count++;
  if (state->key_func != NULL)
    return state->key_func (state->key, old_value, new_value, state->user_data);
  return state->func (state->path->str, old_value, new_value, state->user_data);
}

gboolean
rdx_diff_values_internal (RdxDiffState *state, RdxValue *old_value, RdxValue *new_value)
{
  RdxValueKind kind;

  if (old_value == new_value)
    return TRUE;

  kind = rdx_value_get_kind (old_value);
  if (state->key_func != NULL && state->depth > 0 &&
      (kind == RDX_VALUE_MAP || kind == RDX_VALUE_LIST))
    return rdx_diff_report (state, old_value, new_value);
  if (kind == rdx_value_get_kind (new_value))
    {
      if (kind == RDX_VALUE_MAP)
        return rdx_map_diff_internal (state, old_value, new_value);
      if (kind == RDX_VALUE_LIST)
        return rdx_list_diff_internal (state, old_value, new_value);
      if (rdx_value_equal (old_value, new_value))
        return TRUE;
    }

  return rdx_diff_report (state, old_value, new_value);
}

/**
 * rdx_value_diff:
 * @old_value: (nullable): a value
 * @new_value: (nullable): the value it became
 * @func: (scope call): called once for each change
 * @user_data: data for @func
 *
 * Reports what changed from @old_value to @new_value: for each key added,
 * removed or given a different value, @func gets its path and both values
 * (%NULL for the side where it is missing). Maps and lists are walked, but
 * subtrees that are the same pointer on both sides are skipped, so the cost
 * follows the number of changes, not the size of the values.
 *
 * Lists are compared position by position after their common prefix and
 * suffix: one element inserted into a list is one "added" at its index.
 *
 * Returns: the number of changes reported
 */
guint
rdx_value_diff (RdxValue *old_value, RdxValue *new_value, RdxDiffFunc func, gpointer user_data)
{
  RdxDiffState state;

  g_return_val_if_fail (func != NULL, 0);

  if (old_value == new_value)
    return 0;

  state.key_func = NULL;
  state.key = NULL;
  state.path = g_string_new (NULL);
  state.depth = 0;
  state.overflow = 0;
  state.func = func;
  state.user_data = user_data;
  state.count = 0;

  if (old_value == NULL || new_value == NULL)
    rdx_diff_report (&state, old_value, new_value);
  else
    rdx_diff_values_internal (&state, old_value, new_value);

  g_string_free (state.path, TRUE);
  return state.count;
}

/**
 * rdx_map_diff_keys:
 * @old_map: a map
 * @new_map: the map it became
 * @func: called once for each key added, removed or given another value
 * @user_data: data for @func
 *
 * Like [method@Rdx.Value.diff] between two maps, but for their own keys only: a
 * key whose value is another map or list is reported once, without a walk
 * of what changed inside it. Scalars that are equal are not reported.
 *
 * Returns: the number of keys reported
 */
guint
rdx_map_diff_keys (RdxValue *old_map, RdxValue *new_map, RdxKeyDiffFunc func, gpointer user_data)
{
  RdxDiffState state = { 0 };

  g_return_val_if_fail (rdx_value_holds_fast (old_map, RDX_VALUE_MAP), 0);
  g_return_val_if_fail (rdx_value_holds_fast (new_map, RDX_VALUE_MAP), 0);
  g_return_val_if_fail (func != NULL, 0);

  if (old_map == new_map)
    return 0;

  state.key_func = func;
  state.user_data = user_data;
  rdx_map_diff_internal (&state, old_map, new_map);
  return state.count;
}

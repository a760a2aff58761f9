/* rdx-slice.c: slices, a feature's reducer as a table of cases
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-action-private.h"
#include "rdx-core.h"
#include "rdx-reducer-private.h"
#include "rdx-slice.h"
#include "rdx-value-private.h"

#include <string.h>

/* store/meson.build sets it from the build type; builds that compile the
 * sources on their own (the fuzzers) get the release default. */
#ifndef RDX_DEV_CHECKS_DEFAULT
#define RDX_DEV_CHECKS_DEFAULT 0
#endif

/**
 * RdxSlice:
 *
 * A slice is Redux Toolkit's createSlice for C: a feature's reducer written
 * as a name, an initial state and a static table of cases, one per action
 * type, each with the schema its payload must fit.
 *
 * |[<!-- language="C" -->
 * static const RdxSliceCase todo_cases[] = {
 *   { "todos.add", "{title: string 1..200}", todo_add },
 *   { "todos.toggle", "{id: int}", todo_toggle },
 *   { "todos.clear_done", NULL, todo_clear_done },
 * };
 *
 * reducer = rdx_slice_new ("todos", initial, todo_cases, G_N_ELEMENTS (todo_cases));
 * ]|
 *
 * The slice is an [struct@Rdx.Reducer], so it goes to a store or into
 * [func@Rdx.combine_reducers] like any other. When it runs it finds the case by
 * the action's interned type (one hash lookup on the pointer, however many
 * cases there are), checks the payload against the case's schema, and only
 * then calls the case; a payload that does not fit refuses the action with
 * an %RDX_SCHEMA_ERROR naming the type, the path and what was expected
 * (`todos.add: /title must be a non-empty string of at most 200
 * characters, got 42`), and the state stays as it was. An action type the
 * slice has no case for leaves its state as it is (Redux's rule), and
 * before it has a state it gives its initial state.
 */

typedef struct _Slice Slice;

typedef struct
{
  RdxActionInfo info;   /* first: a case is its info */
  RdxCaseFunc   reduce; /* NULL: the slice's func, or else the payload is the new value */
  RdxSchema    *schema;
  char         *path;  /* the part of the state the case works on, or NULL */
  Slice        *slice; /* set for a slice made by rdx_slice_new_full() */
} Case;

struct _Slice
{
  char       *name;
  RdxValue   *initial;
  Case       *cases;
  guint       n_cases;
  GHashTable *by_type; /* interned type → Case */

  /* rdx_slice_new_full(): one function for every case */
  RdxSliceFunc   func;
  gpointer       func_data;
  GDestroyNotify func_destroy;
};

static void
slice_free (gpointer data)
{
  Slice *self = data;
  guint  i;

  for (i = 0; i < self->n_cases; i++)
    {
      g_clear_pointer (&self->cases[i].schema, rdx_schema_unref);
      g_free (self->cases[i].path);
    }
  g_free (self->cases);
  if (self->func_destroy != NULL)
    self->func_destroy (self->func_data);
  g_hash_table_unref (self->by_type);
  rdx_value_unref (self->initial);
  g_free (self->name);
  g_free (self);
}

/* Development checks */

/**
 * rdx_dev_checks_enabled:
 *
 * The development checks are on when the environment variable
 * `RDX_DEV_CHECKS` is `1` (the test suites set it), off when it is `0`,
 * and otherwise on exactly in a debug build of rdx (meson's
 * `buildtype=debug`).
 */
gboolean
rdx_dev_checks_enabled (void)
{
  static gsize state = 0; /* 1 + whether they are on */

  if (g_once_init_enter (&state))
    {
      const char *env = g_getenv ("RDX_DEV_CHECKS");
      gboolean    on = RDX_DEV_CHECKS_DEFAULT;

      if (env != NULL && (strcmp (env, "0") == 0 || strcmp (env, "1") == 0))
        on = env[0] == '1';
      g_once_init_leave (&state, 1 + on);
    }
  return state == 2;
}

/* Each problem is reported once per process: a set of "what:type" keys. */
static gboolean
first_report (const char *what, const char *type)
{
  static GMutex      lock;
  static GHashTable *reported;
  gboolean           first;

  g_mutex_lock (&lock);
  if (reported == NULL)
    reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  first = g_hash_table_add (reported, g_strconcat (what, ":", type, NULL));
  g_mutex_unlock (&lock);
  return first;
}

void
rdx_dev_check_root (RdxReducer *root, RdxAction *action)
{
  const char *type = rdx_action_get_type_name (action);

  if (rdx_action_is_private (action) || rdx_reducer_handles (root, type) != RDX_HANDLES_NO)
    return;
  if (first_report ("unhandled", type))
    g_warning ("No slice handles the action type \"%s\", so it changed nothing. Check its "
               "spelling against the types the slices declare (rdx_reducer_list_actions()), "
               "or add a case for it. (A development check, reported once per type; "
               "RDX_DEV_CHECKS=0 turns these off.)",
               type);
}

/* A case that rebuilds its state from scratch when nothing changed gives
 * an equal value under a new pointer, and every selector and view runs
 * again for nothing. Cheap to see: equal values that share their parts
 * compare without a walk. */
static void
check_derived (Case *c, RdxValue *state, RdxValue *next)
{
  if (rdx_value_equal (state, next) && first_report ("equal", c->info.type))
    g_warning ("The case for \"%s\" in the slice \"%s\" returned a new state equal to the one "
               "it was given. When nothing changes, return rdx_value_ref (state), so that "
               "\"changed\" stays a pointer compare. (A development check, reported once "
               "per type.)",
               c->info.type, c->info.slice);
}

/* The reducer */

/* Runs a case's function on @state (or its part), or makes the payload
 * the new value when the case has none. */
static RdxValue *
run_case (Case *c, RdxValue *state, RdxValue *payload, GError **error)
{
  if (c->reduce != NULL)
    return c->reduce (state, payload, error);
  if (c->slice != NULL)
    return c->slice->func (c->info.type, state, payload, c->slice->func_data, error);
  return rdx_value_ref (payload);
}

/* Runs a case on the part of @state its path names. */
static RdxValue *
reduce_part (Case *c, RdxValue *state, RdxValue *payload, GError **error)
{
  RdxValue *part = rdx_value_get_path (state, c->path);
  g_autoptr (RdxValue) next = NULL;

  if (part == NULL && (c->reduce != NULL || c->slice != NULL))
    {
      g_set_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_MISSING,
                   "%s: the state of the slice \"%s\" has nothing at %s, where the case works. "
                   "Give the slice's initial state a value there.",
                   c->info.type, c->info.slice, c->path);
      return NULL;
    }
  next = run_case (c, part, payload, error);
  if (next == NULL)
    return NULL;
  if (next == part)
    return rdx_value_ref (state);
  return rdx_value_set_path (state, c->path, next, error);
}

static RdxValue *
slice_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  Slice    *self = user_data;
  Case     *c = g_hash_table_lookup (self->by_type, rdx_action_get_type_name (action));
  GError   *local_error = NULL;
  RdxValue *payload, *next;

  if (state == NULL)
    state = self->initial;
  if (c == NULL)
    return rdx_value_ref (state);

  payload = rdx_action_get_payload (action);
  if (!rdx_schema_validate (c->schema, payload, &local_error))
    {
      g_propagate_prefixed_error (error, local_error, "%s: ", c->info.type);
      return NULL;
    }
  if (c->path != NULL)
    next = reduce_part (c, state, payload, error);
  else
    next = run_case (c, state, payload, error);
  if (next != NULL && next != state && rdx_dev_checks_enabled ())
    check_derived (c, state, next);
  return next;
}

static void
slice_list_actions (gpointer user_data, GPtrArray *out)
{
  Slice *self = user_data;
  guint  i;

  for (i = 0; i < self->n_cases; i++)
    g_ptr_array_add (out, &self->cases[i].info);
}

static RdxHandles
slice_handles (gpointer user_data, const char *type)
{
  Slice *self = user_data;

  return g_hash_table_contains (self->by_type, type) ? RDX_HANDLES_YES : RDX_HANDLES_NO;
}

static const RdxReducerTable slice_table = {
  slice_list_actions,
  slice_handles,
};

/* Whether @path names a part of a state: a JSON Pointer, not the root. */
static gboolean
is_part_path (const char *path)
{
  g_autoptr (GPtrArray) segments = rdx_path_split (path, NULL);

  return segments != NULL && segments->len > 0;
}

/* Checks one row of a table and fills in its case; a mistake is a
 * programming error, reported as a critical. */
static gboolean
case_init (Case *c, const char *name, const RdxSliceCase *row, guint i, GHashTable *by_type)
{
  g_autoptr (GError) error = NULL;

  if (row->type == NULL)
    {
      g_critical ("Case %u of the slice \"%s\" has no type.", i, name);
      return FALSE;
    }
  if (row->path != NULL && !is_part_path (row->path))
    {
      g_critical ("The case for \"%s\" in the slice \"%s\" has the path \"%s\", which is not "
                  "a JSON Pointer to a part of the state (such as \"/items\").",
                  row->type, name, row->path);
      return FALSE;
    }
  if (g_str_has_prefix (row->type, RDX_ACTION_PRIVATE_PREFIX))
    {
      g_critical ("The slice \"%s\" has a case for \"%s\", but types starting with \"%s\" "
                  "belong to rdx.",
                  name, row->type, RDX_ACTION_PRIVATE_PREFIX);
      return FALSE;
    }
  c->info.type = rdx_action_intern_type (row->type);
  c->info.slice = name;
  c->reduce = row->reduce;
  c->path = g_strdup (row->path);
  c->schema = rdx_schema_new (row->schema != NULL ? row->schema : "null", &error);
  c->info.schema = c->schema;
  if (c->schema == NULL)
    {
      g_critical ("The schema of \"%s\" in the slice \"%s\" is wrong: %s", row->type, name,
                  error->message);
      return FALSE;
    }
  if (!g_hash_table_insert (by_type, (gpointer) c->info.type, c))
    {
      g_critical ("The slice \"%s\" has two cases for \"%s\".", name, row->type);
      return FALSE;
    }
  return TRUE;
}

/**
 * rdx_slice_new:
 * @name: the slice's name, such as "todos" ([func@Rdx.combine_slices] uses it
 *   as the state key)
 * @initial_state: the state before the first action
 * @cases: (array length=n_cases): the cases, usually a static table (see
 *   [struct@Rdx.SliceCase])
 * @n_cases: how many, or -1 if @cases ends with a row whose type is %NULL
 *
 * Makes a slice: a reducer that runs the case of each action type in
 * @cases once the payload fits the case's schema, and leaves its state
 * alone for every other type (see [Writing reducers](reducers.html)). A mistake in the table (a
 * malformed schema, a type twice, a type starting with "@@rdx/") is a
 * programming error: a critical naming it, and %NULL.
 *
 * Returns: (transfer full) (nullable): the slice, as a reducer
 */
RdxReducer *
rdx_slice_new (const char *name, RdxValue *initial_state, const RdxSliceCase *cases, gssize n_cases)
{
  Slice      *self;
  RdxReducer *reducer;
  guint       i, n;

  g_return_val_if_fail (name != NULL && g_utf8_validate (name, -1, NULL), NULL);
  g_return_val_if_fail (initial_state != NULL, NULL);
  g_return_val_if_fail (n_cases == 0 || cases != NULL, NULL);

  for (n = 0; n_cases < 0 ? cases[n].type != NULL : n < (guint) n_cases; n++)
    ;
  self = g_new0 (Slice, 1);
  self->name = g_strdup (name);
  self->initial = rdx_value_ref (initial_state);
  self->cases = g_new0 (Case, n);
  self->by_type = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (i = 0; i < n; i++, self->n_cases++)
    if (!case_init (&self->cases[i], self->name, &cases[i], i, self->by_type))
      {
        g_clear_pointer (&self->cases[i].schema, rdx_schema_unref);
        slice_free (self);
        return NULL;
      }

  reducer = rdx_reducer_new (slice_reduce, self, slice_free);
  rdx_reducer_set_table (reducer, &slice_table);
  return reducer;
}

/**
 * rdx_slice_new_full:
 * @name: the slice's name, such as "todos"
 * @initial_state: the state before the first action
 * @types: (array zero-terminated=1): the action type of each case
 * @schemas: (array zero-terminated=1) (nullable): the schema of each case's
 *   payload (`"null"` for a case without one), as many as @types, or %NULL
 *   when no case takes a payload
 * @paths: (array zero-terminated=1) (nullable): the JSON Pointer each case
 *   works on (`""` for the whole state), as many as @types, or %NULL for
 *   the whole state in every case
 * @func: (scope notified): runs every case
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the slice
 *
 * Makes a slice whose cases all run one function, which gets the case's
 * action type: the form of [func@Rdx.slice_new] for languages that cannot
 * fill in a static table of C functions (Python, JavaScript), whose
 * bindings keep their own table of case functions by type. Each case is
 * checked as in [func@Rdx.slice_new]: the payload must fit its schema
 * before @func runs, and @func gets the part of the state its path names.
 * A mistake in the cases (or @schemas or @paths of another length than
 * @types) is a programming error: a critical naming it, %NULL, and
 * @user_data freed.
 *
 * Returns: (transfer full) (nullable): the slice, as a reducer
 */
RdxReducer *
rdx_slice_new_full (const char        *name,
                    RdxValue          *initial_state,
                    const char *const *types,
                    const char *const *schemas,
                    const char *const *paths,
                    RdxSliceFunc       func,
                    gpointer           user_data,
                    GDestroyNotify     destroy)
{
  g_autofree RdxSliceCase *rows = NULL;
  RdxReducer              *reducer = NULL;
  Slice                   *self;
  guint                    i, n;

  g_return_val_if_fail (types != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  n = g_strv_length ((GStrv) types);
  rows = g_new0 (RdxSliceCase, n);
  for (i = 0; i < n; i++)
    {
      rows[i].type = types[i];
      rows[i].schema = schemas != NULL ? schemas[i] : NULL;
      rows[i].path = paths != NULL && paths[i] != NULL && paths[i][0] != '\0' ? paths[i] : NULL;
    }
  if ((schemas != NULL && g_strv_length ((GStrv) schemas) != n) ||
      (paths != NULL && g_strv_length ((GStrv) paths) != n))
    g_critical ("The slice \"%s\" has %u types but %u schemas and %u paths; give as many of "
                "each as there are types, or NULL.",
                name, n, schemas != NULL ? g_strv_length ((GStrv) schemas) : n,
                paths != NULL ? g_strv_length ((GStrv) paths) : n);
  else
    reducer = rdx_slice_new (name, initial_state, rows, n);
  if (reducer == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }
  self = rdx_reducer_get_user_data (reducer);
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;
  for (i = 0; i < self->n_cases; i++)
    self->cases[i].slice = self;
  return reducer;
}

/**
 * rdx_slice_get_name:
 * @reducer: a reducer
 *
 * Gets the name of a slice.
 *
 * Returns: (nullable): the name of @reducer if it is a slice, %NULL if it
 *   is not
 */
const char *
rdx_slice_get_name (RdxReducer *reducer)
{
  g_return_val_if_fail (reducer != NULL, NULL);

  if (rdx_reducer_get_table (reducer) != &slice_table)
    return NULL;
  return ((Slice *) rdx_reducer_get_user_data (reducer))->name;
}

/**
 * rdx_combine_slices:
 * @first_slice: (nullable): a slice
 * @...: more slices, then %NULL
 *
 * Combines slices with [func@Rdx.combine_reducers], each under its own name:
 * `rdx_combine_slices (todos, settings, NULL)` is
 * `rdx_combine_reducers ("todos", todos, "settings", settings, NULL)`.
 * Something that is not a slice, or two slices of the same name, is a
 * programming error.
 *
 * Returns: (transfer full) (nullable): the combined reducer
 */
RdxReducer *
rdx_combine_slices (RdxReducer *first_slice, ...)
{
  g_autoptr (GPtrArray) slices = g_ptr_array_new ();
  RdxReducer *slice;
  va_list     args;

  va_start (args, first_slice);
  for (slice = first_slice; slice != NULL; slice = va_arg (args, RdxReducer *))
    g_ptr_array_add (slices, slice);
  va_end (args);

  return rdx_combine_slicesv ((RdxReducer *const *) slices->pdata, slices->len);
}

/**
 * rdx_combine_slicesv: (rename-to rdx_combine_slices)
 * @slices: (array length=n_slices): the slices
 * @n_slices: how many
 *
 * Combines slices each under its own name, as [func@Rdx.combine_slices]
 * does, from an array.
 *
 * Returns: (transfer full) (nullable): the combined reducer
 */
RdxReducer *
rdx_combine_slicesv (RdxReducer *const *slices, guint n_slices)
{
  g_autofree const char **names = g_new (const char *, n_slices + 1);
  guint                   i;

  g_return_val_if_fail (n_slices == 0 || slices != NULL, NULL);

  for (i = 0; i < n_slices; i++)
    {
      names[i] = slices[i] != NULL ? rdx_slice_get_name (slices[i]) : NULL;
      if (names[i] == NULL)
        {
          g_critical ("rdx_combine_slices() takes slices (rdx_slice_new()); combine other "
                      "reducers with rdx_combine_reducers().");
          return NULL;
        }
    }
  return rdx_combine_reducersv (names, slices, n_slices);
}

/**
 * rdx_reducer_list_actions:
 * @reducer: a reducer
 *
 * Lists every action type @reducer declares, with its payload schema and
 * the slice it belongs to: a slice's cases in the order of its table,
 * and through [func@Rdx.combine_reducers] (or [func@Rdx.combine_slices]) those of
 * every slice inside, in the order of the keys. A type that two slices
 * handle is listed once for each. A reducer made with [ctor@Rdx.Reducer.new]
 * declares nothing. For a debugger's completion, `rdx-replay` and the docs.
 *
 * Returns: (transfer container) (element-type RdxActionInfo): the
 *   declared actions, as `const RdxActionInfo *` that @reducer owns; an
 *   empty array when it declares nothing
 */
GPtrArray *
rdx_reducer_list_actions (RdxReducer *reducer)
{
  GPtrArray *out;

  g_return_val_if_fail (reducer != NULL, NULL);

  out = g_ptr_array_new ();
  rdx_reducer_list_actions_into (reducer, out);
  return out;
}

/**
 * rdx_reducer_find_action:
 * @reducer: a reducer
 * @type: an action type
 *
 * Finds what a reducer declares of an action type.
 *
 * Returns: (transfer none) (nullable): what @reducer declares of @type
 *   (the first slice's declaration, if several handle it), or %NULL when it
 *   does not declare it
 */
const RdxActionInfo *
rdx_reducer_find_action (RdxReducer *reducer, const char *type)
{
  g_autoptr (GPtrArray) infos = NULL;
  guint i;

  g_return_val_if_fail (reducer != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  infos = rdx_reducer_list_actions (reducer);
  for (i = 0; i < infos->len; i++)
    if (strcmp (((const RdxActionInfo *) infos->pdata[i])->type, type) == 0)
      return infos->pdata[i];
  return NULL;
}

/**
 * rdx_reducer_create_action:
 * @reducer: a reducer made of slices
 * @type: an action type it declares
 * @payload: (nullable): the payload, %NULL for none
 * @error: return location for a [struct@GLib.Error]
 *
 * Makes an action after checking it as the slices will: @type must be
 * declared by @reducer (%RDX_SCHEMA_ERROR_UNKNOWN_TYPE otherwise) and
 * @payload must fit its schema, in every slice that handles it. So an
 * application learns where it builds a malformed action, not only when it
 * is dispatched.
 *
 * |[<!-- language="C" -->
 * action = rdx_reducer_create_action (reducer, "todos.add", payload, &error);
 * ]|
 *
 * Returns: (transfer full) (nullable): the action, or %NULL with @error set
 */
RdxAction *
rdx_reducer_create_action (RdxReducer *reducer, const char *type, RdxValue *payload, GError **error)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (RdxValue) null_payload = NULL;
  gboolean declared = FALSE;
  guint    i;

  g_return_val_if_fail (reducer != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (payload == NULL)
    payload = null_payload = rdx_value_new_null ();
  infos = rdx_reducer_list_actions (reducer);
  for (i = 0; i < infos->len; i++)
    {
      const RdxActionInfo *info = infos->pdata[i];

      if (strcmp (info->type, type) != 0)
        continue;
      declared = TRUE;
      if (info->schema != NULL && !rdx_schema_validate (info->schema, payload, error))
        {
          g_prefix_error (error, "%s: ", type);
          return NULL;
        }
    }
  if (!declared)
    {
      g_set_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_UNKNOWN_TYPE,
                   "No slice declares the action type \"%s\"; rdx_reducer_list_actions() "
                   "lists the %u this reducer declares.",
                   type, infos->len);
      return NULL;
    }
  return rdx_action_new (type, payload);
}

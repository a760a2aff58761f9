/* rdx-reducer-sets.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gmodule.h>
#include <string.h>

#include "rdx-reducer-sets.h"

/**
 * RdxReducerSets: (skip)
 *
 * A list of named reducer sets, for tools that replay an application's
 * recordings without the application: `rdx-replay` and `rdx-debugger`.
 * Sets are added in code ([method@RdxDevtools.ReducerSets.add]) or loaded from a
 * module the application builds from its reducers
 * ([method@RdxDevtools.ReducerSets.load_module]): a shared library that exports one
 * function, [const@RdxDevtools.REDUCER_SETS_ENTRY_POINT], which registers the sets.
 *
 * A loaded module stays loaded for the life of the program, since reducers
 * made from it may outlive the list.
 */

struct _RdxReducerSets
{
  GArray *sets;       /* RdxReducerSet, strings owned */
  GError *load_error; /* the first bad registration of the module being loaded */
  guint   loading : 1;
};

/* clang-format off */
G_DEFINE_QUARK (rdx-reducer-sets-error-quark, rdx_reducer_sets_error)
/* clang-format on */

static void
set_clear (gpointer data)
{
  RdxReducerSet *set = data;

  g_free ((char *) set->name);
  g_free ((char *) set->app_id);
  g_free ((char *) set->summary);
}

/**
 * rdx_reducer_sets_new: (skip)
 *
 * Makes an empty list of reducer sets.
 *
 * Returns: (transfer full): the list; free with [method@RdxDevtools.ReducerSets.free]
 */
RdxReducerSets *
rdx_reducer_sets_new (void)
{
  RdxReducerSets *self = g_new0 (RdxReducerSets, 1);

  self->sets = g_array_new (FALSE, TRUE, sizeof (RdxReducerSet));
  g_array_set_clear_func (self->sets, set_clear);
  return self;
}

/**
 * rdx_reducer_sets_free: (skip)
 * @self: (transfer full): a list
 *
 * Frees the list (the modules it loaded stay loaded).
 */
void
rdx_reducer_sets_free (RdxReducerSets *self)
{
  g_return_if_fail (self != NULL);

  g_array_unref (self->sets);
  g_clear_error (&self->load_error);
  g_free (self);
}

/* Why @name and @app_id cannot be added, or NULL. */
static char *
refusal (RdxReducerSets *self, const char *name, const char *app_id, RdxReducerNewFunc new_reducer)
{
  if (name == NULL || *name == '\0' || app_id == NULL || *app_id == '\0' || new_reducer == NULL)
    return g_strdup ("a reducer set needs a name, an app id and a function that makes its "
                     "reducer");
  for (guint i = 0; i < self->sets->len; i++)
    {
      RdxReducerSet *set = &g_array_index (self->sets, RdxReducerSet, i);

      if (strcmp (set->name, name) == 0 || strcmp (set->app_id, name) == 0)
        return g_strdup_printf ("a reducer set named \"%s\" is already registered", name);
      if (strcmp (set->app_id, app_id) == 0 || strcmp (set->name, app_id) == 0)
        return g_strdup_printf ("a reducer set for the app \"%s\" is already registered", app_id);
    }
  return NULL;
}

/**
 * rdx_reducer_sets_add: (skip)
 * @self: a list
 * @name: a short name, as given to `--reducer`
 * @app_id: the application id the set's exports and journals name
 * @summary: (nullable): one line for `--list`
 * @new_reducer: makes the set's root reducer
 *
 * Adds a reducer set. Names and app ids are unique across the list. Called
 * from a module's entry point, a set that cannot be added makes
 * [method@RdxDevtools.ReducerSets.load_module] fail with the reason; called from
 * anywhere else, it is a critical.
 */
void
rdx_reducer_sets_add (RdxReducerSets   *self,
                      const char       *name,
                      const char       *app_id,
                      const char       *summary,
                      RdxReducerNewFunc new_reducer)
{
  g_autofree char *why = NULL;
  RdxReducerSet    set;

  g_return_if_fail (self != NULL);

  why = refusal (self, name, app_id, new_reducer);
  if (why != NULL)
    {
      if (!self->loading)
        g_critical ("rdx_reducer_sets_add: %s", why);
      else if (self->load_error == NULL)
        g_set_error (&self->load_error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_INVALID,
                     "%s", why);
      return;
    }

  set.name = g_strdup (name);
  set.app_id = g_strdup (app_id);
  set.summary = g_strdup (summary != NULL ? summary : "");
  set.new_reducer = new_reducer;
  g_array_append_val (self->sets, set);
}

/**
 * rdx_reducer_sets_load_module: (skip)
 * @self: a list
 * @path: the file name of a module (a path: a name without a directory is
 *   taken in the current directory, not searched for)
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a reducer-set module and calls its entry point,
 * [const@RdxDevtools.REDUCER_SETS_ENTRY_POINT], which adds its sets to @self. The module
 * stays loaded. When the module cannot be loaded, has no entry point,
 * registers nothing or registers a set that cannot be added, @self is left
 * as it was and @error says why.
 *
 * Returns: %TRUE if the module's sets were added
 */
gboolean
rdx_reducer_sets_load_module (RdxReducerSets *self, const char *path, GError **error)
{
  g_autofree char           *file = NULL;
  GModule                   *module;
  RdxRegisterReducerSetsFunc entry = NULL;
  guint                      n_before;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file =
    strchr (path, G_DIR_SEPARATOR) != NULL ? g_strdup (path) : g_build_filename (".", path, NULL);
  module = g_module_open (file, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_MODULE,
                   "Cannot load the module %s: %s", path, g_module_error ());
      return FALSE;
    }
  if (!g_module_symbol (module, RDX_REDUCER_SETS_ENTRY_POINT, (gpointer *) &entry) || entry == NULL)
    {
      g_set_error (error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_NO_ENTRY_POINT,
                   "%s is not a reducer-set module: it does not export %s ().", path,
                   RDX_REDUCER_SETS_ENTRY_POINT);
      g_module_close (module);
      return FALSE;
    }

  n_before = self->sets->len;
  self->loading = TRUE;
  entry (self);
  self->loading = FALSE;
  if (self->load_error == NULL && self->sets->len == n_before)
    g_set_error (&self->load_error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_INVALID,
                 "it registered no reducer set");
  if (self->load_error != NULL)
    {
      g_set_error (error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_INVALID,
                   "The module %s was not loaded: %s.", path, self->load_error->message);
      g_clear_error (&self->load_error);
      g_array_set_size (self->sets, n_before);
      g_module_close (module);
      return FALSE;
    }

  /* Reducers made from the module point into it. */
  g_module_make_resident (module);
  return TRUE;
}

/**
 * rdx_reducer_sets_get_n_sets: (skip)
 * @self: a list
 *
 * Gets the number of reducer sets.
 *
 * Returns: the number of sets
 */
guint
rdx_reducer_sets_get_n_sets (RdxReducerSets *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sets->len;
}

/**
 * rdx_reducer_sets_get_set: (skip)
 * @self: a list
 * @index: a position, below [method@RdxDevtools.ReducerSets.get_n_sets]
 *
 * Gets a reducer set by its position.
 *
 * Returns: (transfer none) (nullable): the set, in the order they were
 *   added, or %NULL past the end
 */
const RdxReducerSet *
rdx_reducer_sets_get_set (RdxReducerSets *self, guint index)
{
  g_return_val_if_fail (self != NULL, NULL);

  return index < self->sets->len ? &g_array_index (self->sets, RdxReducerSet, index) : NULL;
}

/**
 * rdx_reducer_sets_find: (skip)
 * @self: a list
 * @name_or_app_id: a set's name or app id
 *
 * Finds a reducer set by its name or app id.
 *
 * Returns: (transfer none) (nullable): the set, or %NULL if none has that
 *   name or app id
 */
const RdxReducerSet *
rdx_reducer_sets_find (RdxReducerSets *self, const char *name_or_app_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name_or_app_id != NULL, NULL);

  for (guint i = 0; i < self->sets->len; i++)
    {
      RdxReducerSet *set = &g_array_index (self->sets, RdxReducerSet, i);

      if (strcmp (set->name, name_or_app_id) == 0 || strcmp (set->app_id, name_or_app_id) == 0)
        return set;
    }
  return NULL;
}

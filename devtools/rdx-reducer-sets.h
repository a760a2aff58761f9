/* rdx-reducer-sets.h: named reducer sets, built in or loaded from a module
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx-devtools.h> can be included directly."
#endif

#include <rdx.h>

G_BEGIN_DECLS

/**
 * RDX_REDUCER_SETS_ENTRY_POINT:
 *
 * The name of the one function a reducer-set module exports, of type
 * [callback@RdxDevtools.RegisterReducerSetsFunc]:
 *
 * |[<!-- language="C" -->
 * G_MODULE_EXPORT void
 * rdx_register_reducer_sets (RdxReducerSets *sets)
 * {
 *   rdx_reducer_sets_add (sets, "todo", "org.example.Todo",
 *                         "the to-do list", todo_reducer_new);
 * }
 * ]|
 */
#define RDX_REDUCER_SETS_ENTRY_POINT "rdx_register_reducer_sets"

/**
 * RdxReducerSetsError:
 * @RDX_REDUCER_SETS_ERROR_MODULE: the module could not be loaded
 * @RDX_REDUCER_SETS_ERROR_NO_ENTRY_POINT: the module does not export
 *   [const@RdxDevtools.REDUCER_SETS_ENTRY_POINT]
 * @RDX_REDUCER_SETS_ERROR_INVALID: the module registered nothing, or a set
 *   with no name, no app id, no reducer, or a name or app id already taken
 *
 * Errors in the %RDX_REDUCER_SETS_ERROR domain.
 */
typedef enum
{
  RDX_REDUCER_SETS_ERROR_MODULE,
  RDX_REDUCER_SETS_ERROR_NO_ENTRY_POINT,
  RDX_REDUCER_SETS_ERROR_INVALID,
} RdxReducerSetsError;

/**
 * rdx_reducer_sets_error_quark:
 *
 * The error domain of reducer sets, %RDX_REDUCER_SETS_ERROR: its codes are [error@RdxDevtools.ReducerSetsError].
 *
 * Returns: the domain's quark
 */
#define RDX_REDUCER_SETS_ERROR (rdx_reducer_sets_error_quark ())
GQuark rdx_reducer_sets_error_quark (void);

/**
 * RdxReducerNewFunc: (skip)
 *
 * Makes a root reducer.
 *
 * Returns: (transfer full): the reducer
 */
typedef RdxReducer *(*RdxReducerNewFunc) (void);

/**
 * RdxReducerSet: (skip)
 * @name: a short name, as given to `--reducer`
 * @app_id: the application id the set's recordings name
 * @summary: one line for `--list`
 * @new_reducer: makes the set's root reducer
 *
 * One named reducer set: an application's root reducer, found by name or
 * by the app id its exports and journals carry.
 */
typedef struct
{
  const char       *name;
  const char       *app_id;
  const char       *summary;
  RdxReducerNewFunc new_reducer;
} RdxReducerSet;

typedef struct _RdxReducerSets RdxReducerSets;

/**
 * RdxRegisterReducerSetsFunc: (skip)
 * @sets: where to register
 *
 * The entry point of a reducer-set module ([const@RdxDevtools.REDUCER_SETS_ENTRY_POINT]):
 * it calls [method@RdxDevtools.ReducerSets.add] once for each set.
 */
typedef void (*RdxRegisterReducerSetsFunc) (RdxReducerSets *sets);

/* clang-format off */
RdxReducerSets      *rdx_reducer_sets_new         (void);
void                 rdx_reducer_sets_free        (RdxReducerSets   *self);
void                 rdx_reducer_sets_add         (RdxReducerSets   *self,
                                                   const char       *name,
                                                   const char       *app_id,
                                                   const char       *summary,
                                                   RdxReducerNewFunc new_reducer);
gboolean             rdx_reducer_sets_load_module (RdxReducerSets   *self,
                                                   const char       *path,
                                                   GError          **error);
guint                rdx_reducer_sets_get_n_sets  (RdxReducerSets   *self);
const RdxReducerSet *rdx_reducer_sets_get_set     (RdxReducerSets   *self,
                                                   guint             index);
const RdxReducerSet *rdx_reducer_sets_find        (RdxReducerSets   *self,
                                                   const char       *name_or_app_id);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxReducerSets, rdx_reducer_sets_free)

G_END_DECLS

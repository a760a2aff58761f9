/* rdx-selector.h: memoized values derived from the state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

/**
 * RdxSelectorFunc:
 * @inputs: (array length=n_inputs) (transfer none): the values of the
 *   selector's inputs, each %NULL when its path does not exist
 * @n_inputs: the number of inputs
 * @user_data: the data given to [ctor@Rdx.Selector.new]
 *
 * Computes a selector's result from its inputs. It is pure: the same inputs
 * give an equal result, and it reads nothing else.
 *
 * Returns: (transfer full) (nullable): the result
 */
typedef RdxValue *(*RdxSelectorFunc) (RdxValue *const *inputs, guint n_inputs, gpointer user_data);

#define RDX_TYPE_SELECTOR (rdx_selector_get_type ())
GType rdx_selector_get_type (void) G_GNUC_CONST;

RdxSelector *rdx_selector_new_path (const char *path);
RdxSelector *rdx_selector_new (RdxSelectorFunc func,
                               gpointer        user_data,
                               GDestroyNotify  destroy,
                               RdxSelector    *first_input,
                               ...) G_GNUC_NULL_TERMINATED;
RdxSelector *rdx_selector_newv (RdxSelectorFunc     func,
                                gpointer            user_data,
                                GDestroyNotify      destroy,
                                RdxSelector *const *inputs,
                                guint               n_inputs);
RdxSelector *rdx_selector_new_for_paths (RdxSelectorFunc func,
                                         gpointer        user_data,
                                         GDestroyNotify  destroy,
                                         const char     *first_path,
                                         ...) G_GNUC_NULL_TERMINATED;
RdxSelector *rdx_selector_ref (RdxSelector *self);
void         rdx_selector_unref (RdxSelector *self);
const char  *rdx_selector_get_path (RdxSelector *self);
RdxValue    *rdx_selector_select (RdxSelector *self, RdxValue *state);
RdxValue    *rdx_store_select (RdxStore *store, RdxSelector *selector);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxSelector, rdx_selector_unref)

G_END_DECLS

/* rdx-binding.h: GObject properties that follow a selector
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
 * RdxBindingTransformFunc:
 * @value: (nullable) (transfer none): the selected value, %NULL when its
 *   path does not exist
 * @to_value: a [struct@GObject.Value] initialized to the property's type, to fill in
 * @user_data: the data given to [method@Rdx.Store.bind_property_full]
 *
 * Converts a selected value into a property value.
 *
 * Returns: %TRUE to set the property to @to_value, %FALSE to leave it as it
 *   is
 */
typedef gboolean (*RdxBindingTransformFunc) (RdxValue *value, GValue *to_value, gpointer user_data);

guint    rdx_store_bind_property (RdxStore    *store,
                                  RdxSelector *selector,
                                  gpointer     target,
                                  const char  *property);
guint    rdx_store_bind_property_full (RdxStore               *store,
                                       RdxSelector            *selector,
                                       gpointer                target,
                                       const char             *property,
                                       RdxBindingTransformFunc transform,
                                       gpointer                user_data,
                                       GDestroyNotify          destroy);
gboolean rdx_value_to_gvalue (RdxValue *value, GValue *to_value);

G_END_DECLS

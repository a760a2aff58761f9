/* rdx-list-model.h: a GListModel over a list or map in the state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

#define RDX_TYPE_LIST_MODEL (rdx_list_model_get_type ())
G_DECLARE_FINAL_TYPE (RdxListModel, rdx_list_model, RDX, LIST_MODEL, GObject)

RdxListModel *rdx_list_model_new (RdxStore *store, RdxSelector *selector);
RdxListModel *rdx_list_model_new_for_path (RdxStore *store, const char *path);
RdxStore     *rdx_list_model_get_store (RdxListModel *self);
RdxSelector  *rdx_list_model_get_selector (RdxListModel *self);
RdxValue     *rdx_list_model_get_value (RdxListModel *self);

G_END_DECLS

/* rdx-list-item.h: one element of an RdxListModel
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

#define RDX_TYPE_LIST_ITEM (rdx_list_item_get_type ())
G_DECLARE_FINAL_TYPE (RdxListItem, rdx_list_item, RDX, LIST_ITEM, GObject)

RdxValue   *rdx_list_item_get_value (RdxListItem *self);
const char *rdx_list_item_get_key (RdxListItem *self);
char       *rdx_list_item_dup_text (RdxListItem *self);

G_END_DECLS

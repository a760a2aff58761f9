/* rdx-list-model-private.h: what RdxListModel and RdxListItem share, and
 * test hooks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"

G_BEGIN_DECLS

struct _RdxListItem
{
  GObject parent_instance;

  RdxValue     *value;    /* owned */
  RdxValue     *key;      /* owned, nullable */
  RdxListModel *model;    /* borrowed, NULL once out of the model's cache */
  guint         position; /* in the model, while cached */
};

/* Called by an item being finalized: it leaves the model's cache. */
void rdx_list_model_forget_item (RdxListModel *self, RdxListItem *item);

/* How many items the model has made that are still alive (its cache). */
guint rdx_list_model_get_n_cached_for_testing (RdxListModel *self);

G_END_DECLS

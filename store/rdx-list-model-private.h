/* rdx-list-model-private.h: test hooks of RdxListModel
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-list-model.h"

G_BEGIN_DECLS

/* How many items the model has made that are still alive (its cache). */
guint rdx_list_model_get_n_cached_for_testing (RdxListModel *self);

G_END_DECLS

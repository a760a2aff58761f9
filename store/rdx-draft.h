/* rdx-draft.h: several changes to a nested value, made as one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

RdxDraft *rdx_draft_new (RdxValue *base);
RdxValue *rdx_draft_get (RdxDraft *self, const char *path);
gboolean  rdx_draft_set (RdxDraft *self, const char *path, RdxValue *value);
gboolean  rdx_draft_set_take (RdxDraft *self, const char *path, RdxValue *value);
gboolean  rdx_draft_set_int (RdxDraft *self, const char *path, gint64 v);
gboolean  rdx_draft_set_bool (RdxDraft *self, const char *path, gboolean v);
gboolean  rdx_draft_set_string (RdxDraft *self, const char *path, const char *v);
gboolean  rdx_draft_insert (RdxDraft *self, const char *path, RdxValue *value);
gboolean  rdx_draft_remove (RdxDraft *self, const char *path);
RdxValue *rdx_draft_finish (RdxDraft *self, GError **error);
void      rdx_draft_free (RdxDraft *self);

RdxValue *rdx_value_update_path (RdxValue     *root,
                                 const char   *path,
                                 RdxUpdateFunc func,
                                 gpointer      user_data,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxDraft, rdx_draft_free)

G_END_DECLS

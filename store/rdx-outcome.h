/* rdx-outcome.h: what one reducer run did
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

#define RDX_TYPE_OUTCOME (rdx_outcome_get_type ())
GType rdx_outcome_get_type (void) G_GNUC_CONST;

/* clang-format off */
RdxOutcome   *rdx_outcome_copy             (const RdxOutcome *self);
void          rdx_outcome_free             (RdxOutcome *self);
RdxAction    *rdx_outcome_get_action       (const RdxOutcome *self);
RdxValue     *rdx_outcome_get_state_before (const RdxOutcome *self);
RdxValue     *rdx_outcome_get_state_after  (const RdxOutcome *self);
const GError *rdx_outcome_get_error        (const RdxOutcome *self);
gint64        rdx_outcome_get_duration     (const RdxOutcome *self);
gboolean      rdx_outcome_is_direct        (const RdxOutcome *self);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxOutcome, rdx_outcome_free)

G_END_DECLS

/* rdx-logger-private.h: what the logger's tests count
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx.h"

G_BEGIN_DECLS

/* The work a logger did since it was made, counted so tests can check that
 * its cost follows the size of the change, not the size of the state. */
typedef struct
{
  guint records;        /* records written */
  guint diff_callbacks; /* changes rdx_value_diff() reported to the logger */
  guint values_written; /* values (of any depth) the logger wrote as text */
  guint observed;       /* reducer runs it observed for the records it wrote */
} RdxLoggerCounters;

void rdx_logger_get_counters_for_testing (RdxLogger *self, RdxLoggerCounters *counters);

G_END_DECLS

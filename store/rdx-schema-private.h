/* rdx-schema-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-schema.h"

G_BEGIN_DECLS

/* The kind of a value as error messages name it: "an integer", "a map". */
const char *rdx_schema_kind_words (RdxValueKind kind);

G_END_DECLS

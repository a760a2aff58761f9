/* rdx-binding-private.h: money formatting with given conventions, for tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <locale.h>

#include "rdx-core.h"

G_BEGIN_DECLS

/* rdx_format_money() with the monetary conventions of @conventions instead
 * of the current locale's (so tests need no installed locale). */
char *rdx_format_money_with_conventions (gint64              cents,
                                         const char         *currency_symbol,
                                         const struct lconv *conventions);

G_END_DECLS

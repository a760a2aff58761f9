/* bank-money.h: amounts of money as people read them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <locale.h>
#include <rdx-core.h>

G_BEGIN_DECLS

/* clang-format off */
char    *bank_format_money                  (gint64              cents,
                                             const char         *currency_symbol);
char    *bank_format_money_with_conventions (gint64              cents,
                                             const char         *currency_symbol,
                                             const struct lconv *conventions);
gboolean bank_transform_money               (RdxValue           *value,
                                             GValue             *to_value,
                                             gpointer            currency_symbol);
/* clang-format on */

G_END_DECLS

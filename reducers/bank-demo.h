/* bank-demo.h: a deterministic history of realistic banking
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx-core.h>

G_BEGIN_DECLS

/* What `rdx-bank --demo` shows: a checking account, a savings account and
 * a credit card over a year. */
#define BANK_DEMO_SEED     2024
#define BANK_DEMO_ACCOUNTS 3
#define BANK_DEMO_DAYS     365

/* clang-format off */
GPtrArray *bank_demo_generate (guint32 seed,
                               guint   n_accounts,
                               gint64  start,
                               guint   n_days,
                               guint   max_transactions);
/* clang-format on */

G_END_DECLS

/* bank-transfer-effect.h: transfers settled by the bank service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx.h>

#include "bank-service.h"

G_BEGIN_DECLS

/**
 * BankRecovery:
 * @BANK_RECOVERY_RESUME: ask the bank again (`transfers.resumed`), so the
 *   transfer settles as it would have
 * @BANK_RECOVERY_INTERRUPT: fail it (`transfers.failed` with the code
 *   "interrupted"), releasing the amount it held
 *
 * What bank_transfers_recover() does with a transfer a crash left
 * unsettled.
 */
typedef enum
{
  BANK_RECOVERY_RESUME,
  BANK_RECOVERY_INTERRUPT,
} BankRecovery;

/* clang-format off */
void     bank_transfer_effect_add (RdxEffects   *effects,
                                   BankService  *service);
gboolean bank_transfers_recover   (RdxStore     *store,
                                   GPtrArray    *unfinished,
                                   BankRecovery  recovery,
                                   gint64        now,
                                   guint        *n_recovered,
                                   GError      **error);
/* clang-format on */

G_END_DECLS

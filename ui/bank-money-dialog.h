/* bank-money-dialog.h: a deposit, a withdrawal or a transfer, typed in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

/**
 * BankMoneyKind:
 * @BANK_MONEY_DEPOSIT: money into an account (`accounts.deposit`)
 * @BANK_MONEY_WITHDRAW: money out of an account (`accounts.withdraw`)
 * @BANK_MONEY_TRANSFER: money from one account to another
 *   (`transfers.requested`)
 *
 * What a #BankMoneyDialog asks for.
 */
typedef enum
{
  BANK_MONEY_DEPOSIT,
  BANK_MONEY_WITHDRAW,
  BANK_MONEY_TRANSFER,
} BankMoneyKind;

#define BANK_TYPE_MONEY_DIALOG (bank_money_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BankMoneyDialog, bank_money_dialog, BANK, MONEY_DIALOG, GtkWindow)

/* clang-format off */
BankMoneyDialog *bank_money_dialog_present (GtkWindow     *parent,
                                            RdxStore      *store,
                                            BankMoneyKind  kind,
                                            const char    *account_id);
/* clang-format on */

G_END_DECLS

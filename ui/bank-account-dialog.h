/* bank-account-dialog.h: an account opened, renamed or closed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define BANK_TYPE_ACCOUNT_DIALOG (bank_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BankAccountDialog, bank_account_dialog, BANK, ACCOUNT_DIALOG, GtkWindow)

/* clang-format off */
void bank_account_dialog_present_open   (GtkWindow  *parent,
                                         RdxStore   *store);
void bank_account_dialog_present_rename (GtkWindow  *parent,
                                         RdxStore   *store,
                                         const char *account_id);
void bank_account_dialog_present_close  (GtkWindow  *parent,
                                         RdxStore   *store,
                                         const char *account_id);
/* clang-format on */

G_END_DECLS

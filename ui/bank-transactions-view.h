/* bank-transactions-view.h: the transactions of the selected account
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define BANK_TYPE_TRANSACTIONS_VIEW (bank_transactions_view_get_type ())
G_DECLARE_FINAL_TYPE (BankTransactionsView,
                      bank_transactions_view,
                      BANK,
                      TRANSACTIONS_VIEW,
                      GtkWidget)

/* clang-format off */
GtkWidget *bank_transactions_view_new          (RdxStore             *store);
RdxStore  *bank_transactions_view_get_store    (BankTransactionsView *self);
void       bank_transactions_view_set_store    (BankTransactionsView *self,
                                                RdxStore             *store);
void       bank_transactions_view_focus_search (BankTransactionsView *self);
/* clang-format on */

G_END_DECLS

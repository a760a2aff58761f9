/* bank-transfers-view.h: the transfers that are pending or failed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define BANK_TYPE_TRANSFERS_VIEW (bank_transfers_view_get_type ())
G_DECLARE_FINAL_TYPE (BankTransfersView, bank_transfers_view, BANK, TRANSFERS_VIEW, GtkWidget)

/* clang-format off */
GtkWidget *bank_transfers_view_new       (RdxStore          *store);
RdxStore  *bank_transfers_view_get_store (BankTransfersView *self);
void       bank_transfers_view_set_store (BankTransfersView *self,
                                          RdxStore          *store);
/* clang-format on */

G_END_DECLS

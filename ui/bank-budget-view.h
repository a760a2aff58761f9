/* bank-budget-view.h: the monthly budgets of the spending categories
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define BANK_TYPE_BUDGET_VIEW (bank_budget_view_get_type ())
G_DECLARE_FINAL_TYPE (BankBudgetView, bank_budget_view, BANK, BUDGET_VIEW, GtkWidget)

/* clang-format off */
GtkWidget *bank_budget_view_new       (RdxStore       *store);
RdxStore  *bank_budget_view_get_store (BankBudgetView *self);
void       bank_budget_view_set_store (BankBudgetView *self,
                                       RdxStore       *store);
/* clang-format on */

G_END_DECLS

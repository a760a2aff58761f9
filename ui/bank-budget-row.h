/* bank-budget-row.h: one category of the budget view
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define BANK_TYPE_BUDGET_ROW (bank_budget_row_get_type ())
G_DECLARE_FINAL_TYPE (BankBudgetRow, bank_budget_row, BANK, BUDGET_ROW, GtkListBoxRow)

/* clang-format off */
GtkWidget  *bank_budget_row_new          (RdxValue      *row);
const char *bank_budget_row_get_category (BankBudgetRow *self);
char       *bank_budget_category_title   (const char    *category);
/* clang-format on */

G_END_DECLS

/* bank-chart-view.h: the balance of the selected account over time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define BANK_TYPE_CHART_VIEW (bank_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (BankChartView, bank_chart_view, BANK, CHART_VIEW, GtkWidget)

/* clang-format off */
GtkWidget *bank_chart_view_new       (RdxStore      *store);
RdxStore  *bank_chart_view_get_store (BankChartView *self);
void       bank_chart_view_set_store (BankChartView *self,
                                      RdxStore      *store);
/* clang-format on */

G_END_DECLS

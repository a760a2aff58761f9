/* bank-window-private.h: what bank-window.c and bank-window-actions.c share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <bank.h>

#include "bank-budget-view.h"
#include "bank-chart-view.h"
#include "bank-import-dialog.h"
#include "bank-window.h"

#include <rdx-debugger.h>

#include "bank-account-dialog.h"
#include "bank-money-dialog.h"
#include "bank-transactions-view.h"
#include "bank-transfers-view.h"

G_BEGIN_DECLS

struct _BankWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkWidget            *banner_button;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkListBox           *accounts_list;
  GtkBox               *totals_box;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkBox               *transactions_page;
  GtkRevealer          *transfers_revealer; /* holds transfers_view, below the list */
  BankChartView        *chart_view;
  BankBudgetView       *budget_view;
  GtkWidget            *empty_open_button;
  GtkWidget            *open_account_button;
  GtkWidget            *deposit_button;
  GtkWidget            *withdraw_button;
  GtkWidget            *transfer_button;
  GtkMenuButton        *empty_menu_button;
  GtkMenuButton        *sidebar_menu_button;
  GtkMenuButton        *menu_button;

  /* Made in code: the views of the transactions page */
  GtkWidget *transfers_view;
  GtkWidget *transactions_view;

  /* Owned */
  RdxStore    *store;
  RdxSelector *selector;
  guint        watch_id;
  char        *selected; /* the selected account's id, as last shown */
  char        *undo_id;  /* the person's last money action: a txn or request id */
  char        *undo_summary;
  AdwToast    *undo_toast;        /* weak: the toast of the last money action */
  guint        n_updates;         /* for the tests */
  char        *last_toast;        /* for the tests: toasts cannot be read back */
  gboolean     updating;          /* the update function sets widgets: no dispatch */
  guint        transfers_timeout; /* reveals the transfers a second after they come */
};

/* clang-format off */
void     bank_window_class_init_actions (BankWindowClass *klass);
void     bank_window_update_actions     (BankWindow      *self,
                                         guint            n_accounts);
gboolean bank_window_dispatch           (BankWindow      *self,
                                         RdxAction       *action);
void     bank_window_show_banner        (BankWindow      *self,
                                         const char      *message);
void     bank_window_check_undo         (BankWindow      *self);
GMenuModel *bank_window_account_menu_new (const char     *account_id);
void        bank_window_export_to        (BankWindow     *self,
                                          GFile          *file);
const char *bank_window_row_get_account  (GtkListBoxRow  *row);
void        bank_window_popup_account_menu (BankWindow   *self,
                                            GtkListBoxRow *row,
                                            double        x,
                                            double        y);
/* clang-format on */

G_END_DECLS

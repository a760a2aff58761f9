/* bank-transactions-view-private.h: the transaction list's insides, for
 * its tests and benchmark
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "bank-transactions-view.h"

G_BEGIN_DECLS

#define BANK_N_COLUMNS (BANK_COLUMN_BALANCE + 1)

struct _BankTransactionsView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget           *box;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *category_dropdown;
  GtkMenuButton       *sort_button;
  GtkStringList       *categories;
  GtkStack            *stack;
  GtkScrolledWindow   *scrolled;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *columns[BANK_N_COLUMNS];
  AdwStatusPage       *empty_page;
  GtkWidget           *menu; /* the rows' context menu, a GtkPopoverMenu */

  /* Owned */
  RdxStore           *store;
  RdxSelector        *rows_selector; /* bank_selector_transactions_new() */
  RdxSelector        *selector;      /* {rows, ui, accounts, categories, n_entries} */
  guint               watch_id;
  RdxListModel       *model;
  GListModel         *rows;          /* what the column view shows of it: a BankRows */
  RdxValue           *shown_rows;    /* the list of rows the cells show */
  char               *shown_account; /* the account they are of */
  GtkSingleSelection *selection;
  GSimpleActionGroup *sort_actions; /* "sort": column (s), descending (b) */
  GTimeZone          *time_zone;
  RdxValue           *accounts;      /* as the cells show them */
  char               *currency;      /* of the selected account */
  RdxValue           *category_list; /* shown in the drop-down */
  GHashTable         *bound;         /* GtkListItem → its column, the cells bound now */
  char               *menu_txn;      /* the transaction the menu is for */
  AdwMessageDialog   *dialog;        /* borrowed: the confirmation shown, if any */
  char               *dialog_txn;
  AdwMessageDialog   *error_dialog; /* borrowed: a refusal shown, if any */
  guint               generation;   /* of the names and currency the cells show */
  gboolean            updating;
  int                 probed; /* the column a sorter compared with, or -1 */

  /* Counted for the tests */
  guint  n_updates;
  guint  n_binds;   /* cells that were shown anew */
  gint64 bind_time; /* µs spent showing them */
};

/* clang-format off */
GtkWidget *bank_transactions_view_get_cell (BankTransactionsView *self,
                                            BankColumn            column,
                                            guint                 position);
char      *bank_transactions_view_describe (BankTransactionsView *self,
                                            RdxValue             *entry);
/* clang-format on */

G_END_DECLS

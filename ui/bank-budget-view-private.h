/* bank-budget-view-private.h: the budget view's insides, for its tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "bank-budget-view.h"

G_BEGIN_DECLS

struct _BankBudgetView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget     *box;
  GtkLabel      *month_label;
  GtkButton     *previous_button;
  GtkButton     *next_button;
  GtkButton     *new_button;
  GtkStack      *stack;
  GtkListBox    *list;
  AdwStatusPage *empty_page;
  GtkRevealer   *editor;
  GtkLabel      *editor_title;
  GtkEntry      *category_entry;
  GtkEntry      *amount_entry;
  GtkLabel      *currency_label;
  GtkLabel      *error_label;
  GtkButton     *cancel_button;
  GtkButton     *save_button;

  /* Owned */
  RdxStore     *store;
  RdxSelector  *rows;     /* the budgets, then categories without one */
  RdxSelector  *selector; /* what the update function shows */
  RdxListModel *model;
  guint         watch_id;
  GTimeZone    *time_zone; /* months are read in */
  char         *month;     /* "YYYY-MM", as the state says */
  char         *currency;  /* of a new budget */

  /* The editor: the category changed (NULL for a new budget) */
  char      *editing;
  char      *editing_currency;
  GtkWidget *focus_on_reveal; /* borrowed: an entry of the editor */

  guint n_updates;
};

G_END_DECLS

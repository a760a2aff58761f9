/* bank-money-dialog-private.h: the money dialog's insides, for its tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "bank-money-dialog.h"

G_BEGIN_DECLS

struct _BankMoneyDialog
{
  GtkWindow parent_instance;

  /* Template widgets */
  GtkButton           *cancel_button;
  GtkButton           *confirm_button;
  AdwPreferencesGroup *error_group;
  GtkLabel            *error_label;
  AdwComboRow         *account_row;
  AdwComboRow         *to_row;
  GtkLabel            *account_label;
  AdwEntryRow         *amount_row;
  GtkLabel            *currency_label;
  GtkLabel            *amount_label;
  AdwEntryRow         *memo_row;
  AdwEntryRow         *category_row;
  GtkMenuButton       *category_button;
  GtkLabel            *details_label;

  /* Owned */
  RdxStore    *store;
  RdxSelector *selector; /* {accounts: the open ones, categories} */
  guint        watch_id;
  RdxValue    *accounts;      /* the list the rows were filled from */
  RdxValue    *categories;    /* the list the category menu was made of */
  GPtrArray   *from_ids;      /* the ids of the account row's items */
  GPtrArray   *to_ids;        /* the ids of the To row's items */
  char        *from_id;       /* the account chosen, or NULL */
  char        *to_id;         /* the account a transfer goes to, or NULL */
  char        *to_filled_for; /* the From account the To row lists for */
  char        *refusal;       /* the reducer's last refusal, or NULL */

  BankMoneyKind kind;
  gboolean      setting_up; /* the rows are being filled: no update */
  guint         n_updates;
};

G_END_DECLS

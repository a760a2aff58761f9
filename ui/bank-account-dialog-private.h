/* bank-account-dialog-private.h: the account dialog's insides, for its
 * tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "bank-account-dialog.h"

G_BEGIN_DECLS

struct _BankAccountDialog
{
  GtkWindow parent_instance;

  /* Template widgets */
  GtkButton           *cancel_button;
  GtkButton           *confirm_button;
  AdwPreferencesGroup *error_group;
  GtkLabel            *error_label;
  AdwEntryRow         *name_row;
  GtkLabel            *name_label;
  AdwPreferencesGroup *terms_group;
  AdwComboRow         *kind_row;
  AdwComboRow         *currency_row;
  AdwEntryRow         *limit_row;
  GtkLabel            *currency_label;
  GtkLabel            *limit_label;

  /* Owned */
  RdxStore      *store;
  char          *account_id; /* the account renamed, or NULL to open one */
  GtkStringList *currencies; /* the codes the Currency row lists */
  char          *refusal;    /* the reducer's last refusal, or NULL */
  guint          n_updates;
};

/* clang-format off */
BankAccountDialog *bank_account_dialog_new           (GtkWindow  *parent,
                                                      RdxStore   *store,
                                                      const char *account_id);
AdwMessageDialog  *bank_account_dialog_confirm_close (GtkWindow  *parent,
                                                      RdxStore   *store,
                                                      const char *account_id);
char              *bank_account_dialog_default_currency (void);
/* clang-format on */

G_END_DECLS

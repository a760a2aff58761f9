/* bank-import-dialog.h: a bank statement in CSV, previewed and imported
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx.h>

G_BEGIN_DECLS

#define BANK_TYPE_IMPORT_DIALOG (bank_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BankImportDialog, bank_import_dialog, BANK, IMPORT_DIALOG, GtkWindow)

/* clang-format off */
void              bank_import_dialog_present   (GtkWindow  *parent,
                                                RdxStore   *store,
                                                const char *account_id);
BankImportDialog *bank_import_dialog_open_file (GtkWindow  *parent,
                                                RdxStore   *store,
                                                const char *account_id,
                                                GFile      *file);
/* clang-format on */

G_END_DECLS

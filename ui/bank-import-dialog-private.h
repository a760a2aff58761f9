/* bank-import-dialog-private.h: the import dialog's insides, for its
 * tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "bank-import-dialog.h"

G_BEGIN_DECLS

/* The encodings the dialog reads, in the order of its Encoding row. */
typedef enum
{
  BANK_IMPORT_UTF8,
  BANK_IMPORT_WINDOWS_1252,
} BankImportEncoding;

/* What happened to the file so far. */
typedef enum
{
  BANK_IMPORT_LOADING,
  BANK_IMPORT_UNREADABLE, /* the file, its encoding or its CSV */
  BANK_IMPORT_READY,      /* previewed: the rows as they would be imported */
  BANK_IMPORT_DONE,       /* imported */
} BankImportStage;

struct _BankImportDialog
{
  GtkWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *import_button;
  AdwPreferencesGroup *file_group;
  AdwComboRow         *encoding_row;
  AdwComboRow         *dates_row;
  AdwComboRow         *decimal_row;
  AdwPreferencesGroup *error_group;
  GtkLabel            *error_label;
  AdwPreferencesGroup *columns_group;
  AdwComboRow         *date_row;
  AdwComboRow         *description_row;
  AdwComboRow         *amount_row;
  AdwComboRow         *category_row;
  AdwPreferencesGroup *rows_group;
  GtkLabel            *summary_label;
  GtkGrid             *preview_grid;
  AdwPreferencesGroup *problems_group;
  GtkListBox          *problems_list;

  /* Owned */
  RdxStore      *store;
  char          *account_id;
  GFile         *file;
  GCancellable  *cancellable;
  GBytes        *bytes; /* the file as it was read */
  BankCsvTable  *table;
  BankCsvImport *import;
  GTimeZone     *time_zone;
  GError        *error; /* why the file cannot be read, or the import made */

  BankImportStage stage;
  gboolean        setting_up; /* the rows are being filled: no update */
  guint           n_updates;
};

G_END_DECLS

/* test-import-dialog.c: a CSV statement previewed and imported (suite ui)
 *
 * usage: test-import-dialog [SCREENSHOT_FOLDER]
 *
 * The dialog is opened on files written here, without the file chooser.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>

#include "bank-import-dialog-private.h"
#include "bank-ui-test.h"

/* A statement: a deposit, a purchase already booked, the same purchase
 * again (new: the second of the day), and three rows that cannot be
 * imported (a date that does not exist, an amount that is not one, a
 * zero). */
static const char statement[] = "Date,Description,Amount\n"
                                "2024-05-01,Salary,\"2,500.00\"\n"
                                "2024-05-02,Bakery,-3.50\n"
                                "2024-05-02,Bakery,-3.50\n"
                                "2024-02-31,Broken date,-1.00\n"
                                "2024-05-03,Nonsense,12abc\n"
                                "2024-05-04,Zero,0.00\n";

typedef struct
{
  RdxStore *store;
  char     *dir;
  guint     n_dispatches;
  guint     n_imported;
} Fixture;

static void
count_cb (RdxStore *store, gpointer user_data)
{
  ((Fixture *) user_data)->n_dispatches++;
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (GDateTime) morning = g_date_time_new_local (2024, 5, 2, 10, 0, 0);

  f->store = rdx_store_new (reducer, NULL);
  f->dir = g_dir_make_tmp ("bank-import-XXXXXX", NULL);
  bank_ui_test_dispatch (
    f->store,
    bank_action_open_account ("chk", "Checking", BANK_ACCOUNT_CHECKING, "EUR", 0, BANK_TEST_START));
  bank_ui_test_dispatch (
    f->store, bank_action_deposit ("chk", "t-1", 10000, "Opening", NULL, BANK_TEST_START));
  bank_ui_test_dispatch (f->store,
                         bank_action_withdraw ("chk", "t-2", 350, "Bakery", NULL,
                                               g_date_time_to_unix (morning) * G_USEC_PER_SEC));
  rdx_store_subscribe (f->store, count_cb, f, NULL);
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  rdx_test_remove_dir (f->dir);
  g_free (f->dir);
  rdx_test_finalize (&f->store);
  g_free (f);
  return 0;
}

static GFile *
write_file (Fixture *f, const char *name, const char *contents, gssize length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  assert_true (g_file_set_contents (path, contents, length, NULL));
  return g_file_new_for_path (path);
}

static void
imported_cb (BankImportDialog *dialog, guint n_imported, Fixture *f)
{
  f->n_imported += n_imported;
}

/* Opens the dialog on @file and waits for it to read the file. */
static BankImportDialog *
open_dialog (Fixture *f, GFile *file, const char *account)
{
  BankImportDialog *dialog = bank_import_dialog_open_file (NULL, f->store, account, file);

  g_object_ref (dialog);
  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), f);
  assert_true (rdx_test_iterate_until (dialog->stage != BANK_IMPORT_LOADING, 5000));
  return dialog;
}

static void
close_dialog (BankImportDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_object_unref (dialog);
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
}

static gboolean
can_import (BankImportDialog *dialog)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (dialog->import_button)) &&
         gtk_widget_get_visible (GTK_WIDGET (dialog->import_button));
}

/* The text of the preview's cell in @column of the @row-th row. */
static const char *
cell (BankImportDialog *dialog, int column, int row)
{
  GtkWidget *label = gtk_grid_get_child_at (dialog->preview_grid, column, row);

  assert_non_null (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

/* The problems listed, one line each. */
static char *
problems (BankImportDialog *dialog)
{
  GString       *text = g_string_new (NULL);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (dialog->problems_list, i)) != NULL; i++)
    g_string_append_printf (text, "%s\n",
                            gtk_label_get_label (GTK_LABEL (gtk_list_box_row_get_child (row))));
  return g_string_free (text, FALSE);
}

static gint64
balance (Fixture *f)
{
  return rdx_map_get_int (rdx_value_get_path (rdx_store_get_state (f->store), "/accounts/chk"),
                          "balance", 0);
}

/* The columns are guessed; each row shows what the import does with it;
 * Import books the new ones, one action each; importing again books
 * nothing. */
static void
test_import (void **state)
{
  Fixture *f = *state;
  g_autoptr (GFile) file = write_file (f, "may.csv", statement, -1);
  BankImportDialog        *dialog = open_dialog (f, file, "chk");
  static const char *const statuses[] = { "New", "Present", "New", "Error", "Error", "Error" };
  g_autofree char         *listed = NULL;
  gint64                   before = balance (f);

  assert_int_equal (dialog->stage, BANK_IMPORT_READY);
  assert_string_equal (gtk_window_get_title (GTK_WINDOW (dialog)), "Import may.csv");
  /* The header bar says which account the rows go into. */
  assert_string_equal (adw_window_title_get_title (dialog->window_title), "Import may.csv");
  assert_string_equal (adw_window_title_get_subtitle (dialog->window_title), "Into “Checking”");
  assert_int_equal (adw_combo_row_get_selected (dialog->date_row), 0);
  assert_int_equal (adw_combo_row_get_selected (dialog->description_row), 2); /* after None */
  assert_int_equal (adw_combo_row_get_selected (dialog->amount_row), 2);
  assert_int_equal (adw_combo_row_get_selected (dialog->category_row), 0); /* None */
  assert_string_equal (gtk_label_get_label (dialog->summary_label),
                       "2 new, 1 already present (skipped), 3 cannot be imported.");
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *line = g_strdup_printf ("%u", i + 2);

      assert_string_equal (cell (dialog, 0, (int) i + 1), line);
      assert_string_equal (cell (dialog, 1, (int) i + 1), statuses[i]);
    }
  assert_string_equal (cell (dialog, 3, 2), "Bakery");

  /* Each refused row, with its line and why. */
  listed = problems (dialog);
  assert_true (g_str_has_prefix (listed, "Line 5: “2024-02-31” is not a date written "));
  assert_non_null (strstr (listed, "\nLine 6: "));
  assert_non_null (strstr (listed, "\nLine 7: the amount is zero, so there is nothing to book.\n"));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->problems_group)));
  assert_int_equal (f->n_dispatches, 0);
  bank_ui_test_screenshot (GTK_WIDGET (dialog), "bank-import.png");

  /* Enter activates Import, the dialog's default. */
  assert_true (can_import (dialog));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  assert_true (rdx_test_iterate_until (dialog->stage == BANK_IMPORT_DONE, 2000));
  assert_int_equal (f->n_dispatches, 2);
  assert_int_equal (f->n_imported, 2);
  assert_int_equal (balance (f), before + 250000 - 350);
  assert_string_equal (gtk_label_get_label (dialog->summary_label),
                       "2 imported, 1 already present (skipped), 3 not imported.");
  assert_string_equal (gtk_button_get_label (dialog->cancel_button), "Close");
  assert_false (can_import (dialog));
  close_dialog (dialog);

  /* The same file again: every readable row is present now. */
  dialog = open_dialog (f, file, "chk");
  assert_string_equal (gtk_label_get_label (dialog->summary_label),
                       "0 new, 3 already present (skipped), 3 cannot be imported.");
  assert_false (can_import (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  assert_int_equal (f->n_dispatches, 2);
  close_dialog (dialog);
}

/* Choosing the columns: the wrong ones refuse every row, or the import
 * itself, and Import stays insensitive. */
static void
test_columns (void **state)
{
  Fixture *f = *state;
  g_autoptr (GFile) file = write_file (f, "may.csv", statement, -1);
  BankImportDialog *dialog = open_dialog (f, file, "chk");
  RdxValue         *before = rdx_store_get_state (f->store);

  adw_combo_row_set_selected (dialog->amount_row, 1); /* the descriptions */
  assert_string_equal (gtk_label_get_label (dialog->summary_label),
                       "0 new, 0 already present (skipped), 6 cannot be imported.");
  assert_false (can_import (dialog));

  adw_combo_row_set_selected (dialog->amount_row, 0); /* the dates */
  assert_string_equal (gtk_label_get_label (dialog->summary_label),
                       "The dates and the amounts cannot be the same column.");
  assert_true (gtk_widget_has_css_class (GTK_WIDGET (dialog->summary_label), "error"));
  assert_false (can_import (dialog));

  adw_combo_row_set_selected (dialog->amount_row, 2);
  assert_false (gtk_widget_has_css_class (GTK_WIDGET (dialog->summary_label), "error"));
  assert_string_equal (gtk_label_get_label (dialog->summary_label),
                       "2 new, 1 already present (skipped), 3 cannot be imported.");
  assert_ptr_equal (rdx_store_get_state (f->store), before);
  close_dialog (dialog);

  /* An account that is not there: said, and nothing to import. */
  dialog = open_dialog (f, file, "nope");
  assert_string_equal (gtk_label_get_label (dialog->summary_label), "There is no account “nope”.");
  assert_false (can_import (dialog));
  close_dialog (dialog);
}

/* Files that cannot be read say why, in the dialog; nothing is
 * dispatched. A statement in Windows-1252 reads once the encoding is
 * chosen. */
static void
test_unreadable (void **state)
{
  Fixture          *f = *state;
  static const char latin1[] = "Datum;Text;Betrag\n01.05.2024;Caf\xe9;-3,50\n";
  static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  g_autofree char  *missing_path = g_build_filename (f->dir, "missing.csv", NULL);
  g_autoptr (GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr (GFile) western = write_file (f, "western.csv", latin1, -1);
  g_autoptr (GFile) png = write_file (f, "image.csv", binary, sizeof binary - 1);
  g_autoptr (GFile) empty = write_file (f, "empty.csv", "", 0);
  g_autoptr (GFile) nul = write_file (f, "nul.csv", "Date,Amount\n2024-05-01,1\0\n", 26);
  RdxValue         *before = rdx_store_get_state (f->store);
  BankImportDialog *dialog;

  dialog = open_dialog (f, missing, "chk");
  assert_int_equal (dialog->stage, BANK_IMPORT_UNREADABLE);
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->error_group)));
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->rows_group)));
  assert_true (
    g_str_has_prefix (gtk_label_get_label (dialog->error_label), "The file could not be read: "));
  assert_false (can_import (dialog));
  close_dialog (dialog);

  dialog = open_dialog (f, png, "chk");
  assert_int_equal (dialog->stage, BANK_IMPORT_UNREADABLE);
  assert_true (g_str_has_prefix (gtk_label_get_label (dialog->error_label), "Line 1, column 1: "));
  assert_non_null (strstr (gtk_label_get_label (dialog->error_label), "not UTF-8 text"));
  assert_false (can_import (dialog));
  close_dialog (dialog);

  /* Text with a NUL byte: said where. */
  dialog = open_dialog (f, nul, "chk");
  assert_int_equal (dialog->stage, BANK_IMPORT_UNREADABLE);
  assert_true (g_str_has_prefix (gtk_label_get_label (dialog->error_label), "Line 2, column 13: "));
  close_dialog (dialog);

  dialog = open_dialog (f, empty, "chk");
  assert_int_equal (dialog->stage, BANK_IMPORT_UNREADABLE);
  assert_string_not_equal (gtk_label_get_label (dialog->error_label), "");
  close_dialog (dialog);

  dialog = open_dialog (f, western, "chk");
  assert_int_equal (dialog->stage, BANK_IMPORT_UNREADABLE);
  assert_true (g_str_has_prefix (gtk_label_get_label (dialog->error_label), "Line 2, column "));
  assert_non_null (strstr (gtk_label_get_label (dialog->error_label), "not UTF-8 text"));
  adw_combo_row_set_selected (dialog->encoding_row, BANK_IMPORT_WINDOWS_1252);
  assert_int_equal (dialog->stage, BANK_IMPORT_READY);
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->error_group)));
  assert_string_equal (cell (dialog, 3, 1), "Café");
  assert_int_equal (adw_combo_row_get_selected (dialog->dates_row), BANK_CSV_DATES_DMY);
  assert_int_equal (adw_combo_row_get_selected (dialog->decimal_row), BANK_CSV_DECIMAL_COMMA);
  assert_string_equal (gtk_label_get_label (dialog->summary_label),
                       "1 new, 0 already present (skipped), 0 cannot be imported.");
  assert_ptr_equal (rdx_store_get_state (f->store), before);
  assert_true (can_import (dialog));
  close_dialog (dialog);
  assert_int_equal (f->n_dispatches, 0);
}

/* Every button and row shows its label (the accessible names are the
 * same words, in the .ui); Escape closes the dialog. */
static void
test_labels_and_keys (void **state)
{
  Fixture *f = *state;
  g_autoptr (GFile) file = write_file (f, "may.csv", statement, -1);
  BankImportDialog *dialog = open_dialog (f, file, "chk");
  AdwComboRow      *rows[] = { dialog->encoding_row, dialog->dates_row,       dialog->decimal_row,
                               dialog->date_row,     dialog->description_row, dialog->amount_row,
                               dialog->category_row };
  static const char *const titles[] = { "Encoding",    "Date Format", "Number Format", "Date",
                                        "Description", "Amount",      "Category" };
  gpointer                 weak = dialog;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      assert_string_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rows[i])),
                           titles[i]);
      assert_true (gtk_widget_get_focusable (GTK_WIDGET (rows[i])));
    }
  assert_string_equal (gtk_button_get_label (dialog->import_button), "Import");
  assert_string_equal (gtk_button_get_label (dialog->cancel_button), "Cancel");

  /* Escape is bound to closing the window. */
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_object_unref (dialog);
  {
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (weak));
    gboolean found = FALSE;

    for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
      {
        g_autoptr (GObject) controller = g_list_model_get_item (controllers, c);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
          {
            g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
            g_autofree char *trigger =
              gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
            GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

            if (g_str_equal (trigger, "Escape") && GTK_IS_NAMED_ACTION (action))
              found |= g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                                    "window.close");
          }
      }
    assert_true (found);
  }
  gtk_widget_activate_action (GTK_WIDGET (weak), "window.close", NULL);
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_import, setup, teardown),
    cmocka_unit_test_setup_teardown (test_columns, setup, teardown),
    cmocka_unit_test_setup_teardown (test_unreadable, setup, teardown),
    cmocka_unit_test_setup_teardown (test_labels_and_keys, setup, teardown),
  };
  int status = bank_ui_test_init (argc, argv);

  if (status != 0)
    return status;
  return cmocka_run_group_tests (tests, NULL, NULL);
}

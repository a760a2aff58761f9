/* test-account-dialog.c: accounts opened, renamed and closed (suite ui)
 *
 * usage: test-account-dialog [SCREENSHOT_FOLDER]
 *
 * Amounts are read in the C locale, set in main().
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <string.h>

#include "bank-account-dialog-private.h"
#include "bank-ui-test.h"

typedef struct
{
  RdxStore *store;
  guint     n_dispatches;
} Fixture;

static void
count_cb (RdxStore *store, gpointer user_data)
{
  ((Fixture *) user_data)->n_dispatches++;
}

/* Checking (12.34 EUR), Savings (empty, a transfer pending towards it),
 * Empty (empty). */
static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();

  f->store = rdx_store_new (reducer, NULL);
  bank_ui_test_dispatch (
    f->store,
    bank_action_open_account ("chk", "Checking", BANK_ACCOUNT_CHECKING, "EUR", 0, BANK_TEST_START));
  bank_ui_test_dispatch (f->store, bank_action_open_account ("sav", "Savings", BANK_ACCOUNT_SAVINGS,
                                                             "EUR", 0, BANK_TEST_START + 1));
  bank_ui_test_dispatch (f->store,
                         bank_action_open_account ("empty", "Empty", BANK_ACCOUNT_CHECKING, "EUR",
                                                   0, BANK_TEST_START + 2));
  bank_ui_test_dispatch (f->store,
                         bank_action_deposit ("chk", "t-1", 2234, NULL, NULL, BANK_TEST_START + 3));
  bank_ui_test_dispatch (
    f->store, bank_action_request_transfer ("r-1", "chk", "sav", 1000, NULL, BANK_TEST_START + 4));
  rdx_store_subscribe (f->store, count_cb, f, NULL);
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  rdx_test_finalize (&f->store);
  g_free (f);
  return 0;
}

static BankAccountDialog *
open_dialog (Fixture *f, const char *account)
{
  BankAccountDialog *dialog = bank_account_dialog_new (NULL, f->store, account);

  g_object_ref (dialog);
  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (dialog)), 5000));
  return dialog;
}

/* Drops the test's reference, closing the window if it is open, and
 * asserts it was finalized. */
static void
finish (gpointer window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  if (gtk_widget_get_visible (GTK_WIDGET (window)))
    gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
}

static gboolean
can_confirm (BankAccountDialog *dialog)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (dialog->confirm_button));
}

static void
type (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
message (GtkLabel *label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : "";
}

static void
select_currency (BankAccountDialog *dialog, const char *code)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (dialog->currencies)); i++)
    if (g_str_equal (gtk_string_list_get_string (dialog->currencies, i), code))
      {
        adw_combo_row_set_selected (dialog->currency_row, i);
        return;
      }
  fail_msg ("%s is not listed", code);
}

/* The account opened: the one whose id is not in setup's. */
static RdxValue *
new_account (Fixture *f)
{
  RdxValue   *accounts = rdx_map_get_map (rdx_store_get_state (f->store), "accounts");
  RdxMapIter  iter;
  const char *id;
  RdxValue   *account, *found = NULL;

  rdx_map_iter_init (&iter, accounts);
  while (rdx_map_iter_next (&iter, &id, &account))
    if (g_str_has_prefix (id, "acc-"))
      {
        assert_null (found);
        found = account;
      }
  return found;
}

/* Open: a name is needed, the limit is an amount of at least zero in the
 * chosen currency; Open dispatches it, and the new account is
 * selected. */
static void
test_open (void **state)
{
  Fixture           *f = *state;
  BankAccountDialog *dialog = open_dialog (f, NULL);
  RdxValue          *account;

  assert_string_equal (gtk_window_get_title (GTK_WINDOW (dialog)), "Open Account");
  assert_string_equal (gtk_button_get_label (dialog->confirm_button), "_Open");
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->terms_group)));
  /* The C locale has no currency: EUR. */
  assert_string_equal (gtk_string_list_get_string (
                         dialog->currencies, adw_combo_row_get_selected (dialog->currency_row)),
                       "EUR");
  assert_false (can_confirm (dialog));
  type (dialog->name_row, "   ");
  assert_false (can_confirm (dialog));
  assert_non_null (strstr (message (dialog->name_label), "name"));
  type (dialog->name_row, " Holiday fund ");
  assert_true (can_confirm (dialog));

  select_currency (dialog, "JPY");
  type (dialog->limit_row, "12.5");
  assert_false (can_confirm (dialog));
  assert_non_null (strstr (message (dialog->limit_label), "no decimal places"));
  select_currency (dialog, "USD");
  assert_true (can_confirm (dialog));
  assert_string_equal (gtk_label_get_label (dialog->currency_label), "USD");
  type (dialog->limit_row, "-5");
  assert_false (can_confirm (dialog));
  assert_non_null (strstr (message (dialog->limit_label), "below zero"));
  type (dialog->limit_row, "abc");
  assert_false (can_confirm (dialog));
  type (dialog->limit_row, "250.00");
  assert_true (can_confirm (dialog));
  adw_combo_row_set_selected (dialog->kind_row, BANK_ACCOUNT_SAVINGS);
  assert_int_equal (f->n_dispatches, 0);
  bank_ui_test_screenshot (GTK_WIDGET (dialog), "bank-account-dialog.png");

  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.confirm", NULL));
  assert_true (rdx_test_iterate_until (new_account (f) != NULL, 2000));
  account = new_account (f);
  assert_string_equal (rdx_map_get_string (account, "name", ""), "Holiday fund");
  assert_string_equal (rdx_map_get_string (account, "kind", ""), "savings");
  assert_string_equal (rdx_map_get_string (account, "currency", ""), "USD");
  assert_int_equal (rdx_map_get_int (account, "limit", -1), 25000);
  assert_string_equal (
    rdx_map_get_string (rdx_map_get_map (rdx_store_get_state (f->store), "ui"), "selected", ""),
    rdx_map_get_string (account, "id", NULL));
  assert_int_equal (f->n_dispatches, 2); /* accounts.open, ui.select */
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  finish (dialog);
}

/* Whether Escape is bound to closing @widget's window. */
static gboolean
escape_closes (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
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
  return found;
}

/* Rename: the name is there to edit; the same one is not a rename; a
 * refusal (the account closed meanwhile) is shown, and the dialog stays
 * open with the name typed. */
static void
test_rename (void **state)
{
  Fixture           *f = *state;
  BankAccountDialog *dialog = open_dialog (f, "empty");

  assert_string_equal (gtk_window_get_title (GTK_WINDOW (dialog)), "Rename Account");
  assert_true (escape_closes (GTK_WIDGET (dialog)));
  assert_ptr_equal (gtk_window_get_default_widget (GTK_WINDOW (dialog)), dialog->confirm_button);
  assert_string_equal (gtk_button_get_label (dialog->confirm_button), "_Rename");
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->terms_group)));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (dialog->name_row)), "Empty");
  assert_false (can_confirm (dialog));
  type (dialog->name_row, "Old account");
  assert_true (can_confirm (dialog));

  bank_ui_test_dispatch (f->store, bank_action_close_account ("empty", BANK_TEST_START + 9));
  f->n_dispatches = 0;
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.confirm", NULL));
  assert_true (
    rdx_test_iterate_until (gtk_widget_get_visible (GTK_WIDGET (dialog->error_group)), 2000));
  assert_non_null (strstr (gtk_label_get_label (dialog->error_label), "accounts.rename"));
  assert_non_null (strstr (gtk_label_get_label (dialog->error_label), "closed"));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (dialog->name_row)), "Old account");
  assert_int_equal (f->n_dispatches, 0);
  finish (dialog);

  dialog = open_dialog (f, "chk");
  type (dialog->name_row, "Everyday ");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.confirm", NULL));
  assert_true (rdx_test_iterate_until (f->n_dispatches == 1, 2000));
  assert_string_equal (rdx_map_get_string (rdx_value_lookup (rdx_store_get_state (f->store),
                                                             "/accounts/chk", RDX_VALUE_MAP, NULL),
                                           "name", ""),
                       "Everyday");
  finish (dialog);
}

/* A name an open account has (in any case) is refused inline, for Open
 * and Rename; a closed account's name, and a rename of an account to
 * its own name in another case, are not. */
static void
test_duplicate_names (void **state)
{
  Fixture                 *f = *state;
  BankAccountDialog       *dialog = open_dialog (f, NULL);
  static const char *const taken[] = { "Checking", "checking", " SAVINGS " };

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      type (dialog->name_row, taken[i]);
      assert_false (can_confirm (dialog));
      assert_non_null (strstr (message (dialog->name_label), "is named"));
      assert_non_null (strstr (message (dialog->name_label), "Choose another name."));
    }
  assert_string_equal (message (dialog->name_label),
                       "An open account is named “Savings” already. Choose another name.");
  type (dialog->name_row, "Checking 2");
  assert_true (can_confirm (dialog));
  bank_ui_test_dispatch (f->store, bank_action_close_account ("empty", BANK_TEST_START + 9));
  type (dialog->name_row, "empty");
  assert_true (can_confirm (dialog));
  finish (dialog);

  dialog = open_dialog (f, "chk");
  type (dialog->name_row, "savings");
  assert_false (can_confirm (dialog));
  assert_string_equal (message (dialog->name_label),
                       "An open account is named “Savings” already. Choose another name.");
  type (dialog->name_row, "CHECKING");
  assert_true (can_confirm (dialog));
  assert_int_equal (f->n_dispatches, 1); /* the close above, nothing else */
  finish (dialog);
}

static gboolean
is_closed (Fixture *f, const char *id)
{
  g_autofree char *path = g_strdup_printf ("/accounts/%s", id);

  return rdx_map_get_bool (
    rdx_value_lookup (rdx_store_get_state (f->store), path, RDX_VALUE_MAP, NULL), "closed", FALSE);
}

/* An account that holds money, or has a transfer pending, cannot close:
 * the question says why, and offers no Close Account. */
static void
test_close_refused (void **state)
{
  Fixture          *f = *state;
  AdwMessageDialog *dialog =
    g_object_ref (bank_account_dialog_confirm_close (NULL, f->store, "chk"));
  g_autofree char *money = bank_format_amount (2234, "EUR");

  assert_string_equal (adw_message_dialog_get_heading (dialog), "“Checking” Cannot Be Closed Yet");
  assert_non_null (strstr (adw_message_dialog_get_body (dialog), money));
  assert_non_null (strstr (adw_message_dialog_get_body (dialog), "pending"));
  assert_false (adw_message_dialog_has_response (dialog, "close"));
  adw_message_dialog_response (dialog, "ok");
  finish (dialog);

  dialog = g_object_ref (bank_account_dialog_confirm_close (NULL, f->store, "sav"));
  assert_non_null (strstr (adw_message_dialog_get_body (dialog), "pending"));
  assert_null (strstr (adw_message_dialog_get_body (dialog), "zero balance"));
  assert_false (adw_message_dialog_has_response (dialog, "close"));
  finish (dialog);
  assert_int_equal (f->n_dispatches, 0);
  assert_false (is_closed (f, "chk"));
}

static AdwMessageDialog *
find_message (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          g_str_equal (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* An empty account: Close Account (destructive) closes it, Cancel does
 * not; a refusal of the reducer is shown. */
static void
test_close (void **state)
{
  Fixture          *f = *state;
  AdwMessageDialog *dialog =
    g_object_ref (bank_account_dialog_confirm_close (NULL, f->store, "empty"));
  AdwMessageDialog *refusal;

  assert_string_equal (adw_message_dialog_get_heading (dialog), "Close “Empty”?");
  assert_string_equal (adw_message_dialog_get_body (dialog),
                       "Nothing can be booked on a closed account anymore. Its transactions stay "
                       "in the books.");
  assert_true (adw_message_dialog_has_response (dialog, "close"));
  assert_int_equal (adw_message_dialog_get_response_appearance (dialog, "close"),
                    ADW_RESPONSE_DESTRUCTIVE);
  assert_string_equal (adw_message_dialog_get_response_label (dialog, "close"), "_Close Account");
  assert_string_equal (adw_message_dialog_get_default_response (dialog), "cancel");
  adw_message_dialog_response (dialog, "cancel");
  finish (dialog);
  assert_int_equal (f->n_dispatches, 0);

  dialog = g_object_ref (bank_account_dialog_confirm_close (NULL, f->store, "empty"));
  adw_message_dialog_response (dialog, "close");
  finish (dialog);
  assert_int_equal (f->n_dispatches, 1);
  assert_true (is_closed (f, "empty"));

  /* Money arrives between the question and the answer. */
  bank_ui_test_dispatch (f->store, bank_action_open_account ("late", "Late", BANK_ACCOUNT_CHECKING,
                                                             "EUR", 0, BANK_TEST_START + 10));
  dialog = g_object_ref (bank_account_dialog_confirm_close (NULL, f->store, "late"));
  bank_ui_test_dispatch (
    f->store, bank_action_deposit ("late", "t-9", 100, NULL, NULL, BANK_TEST_START + 11));
  adw_message_dialog_response (dialog, "close");
  finish (dialog);
  assert_false (is_closed (f, "late"));
  refusal = find_message ("“Late” Was Not Closed");
  assert_non_null (refusal);
  assert_non_null (strstr (adw_message_dialog_get_body (refusal), "accounts.close:"));
  finish (g_object_ref (refusal));
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_open, setup, teardown),
    cmocka_unit_test_setup_teardown (test_rename, setup, teardown),
    cmocka_unit_test_setup_teardown (test_duplicate_names, setup, teardown),
    cmocka_unit_test_setup_teardown (test_close_refused, setup, teardown),
    cmocka_unit_test_setup_teardown (test_close, setup, teardown),
  };
  int status = bank_ui_test_init (argc, argv);

  if (status != 0)
    return status;
  setlocale (LC_ALL, "C");
  return cmocka_run_group_tests (tests, NULL, NULL);
}

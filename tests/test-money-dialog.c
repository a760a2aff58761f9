/* test-money-dialog.c: deposits, withdrawals and transfers typed in
 * (suite ui)
 *
 * usage: test-money-dialog [SCREENSHOT_FOLDER]
 *
 * Amounts are read in the C locale ("1234.56"), set in main(), so the
 * inline messages do not depend on the machine's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <string.h>

#include "bank-money-dialog-private.h"
#include "bank-ui-test.h"

typedef struct
{
  RdxStore *store;
  guint     n_dispatches;
  guint     n_moved;
  char     *moved_id;
  char     *moved_summary;
} Fixture;

static void
count_cb (RdxStore *store, gpointer user_data)
{
  ((Fixture *) user_data)->n_dispatches++;
}

/* Checking (100.00 EUR), Savings (EUR), Dollars (USD), and Full (EUR),
 * which holds so much that any money more would overflow it. */
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
                         bank_action_open_account ("usd", "Dollars", BANK_ACCOUNT_CHECKING, "USD",
                                                   0, BANK_TEST_START + 2));
  bank_ui_test_dispatch (f->store, bank_action_open_account ("full", "Full", BANK_ACCOUNT_SAVINGS,
                                                             "EUR", 0, BANK_TEST_START + 3));
  bank_ui_test_dispatch (
    f->store, bank_action_deposit ("chk", "t-1", 10000, "Opening", NULL, BANK_TEST_START + 4));
  bank_ui_test_dispatch (f->store, bank_action_deposit ("full", "t-2", G_MAXINT64 - 50, NULL, NULL,
                                                        BANK_TEST_START + 5));
  rdx_store_subscribe (f->store, count_cb, f, NULL);
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  rdx_test_finalize (&f->store);
  g_free (f->moved_id);
  g_free (f->moved_summary);
  g_free (f);
  return 0;
}

static void
moved_cb (BankMoneyDialog *dialog, const char *id, const char *summary, Fixture *f)
{
  f->n_moved++;
  g_free (f->moved_id);
  f->moved_id = g_strdup (id);
  g_free (f->moved_summary);
  f->moved_summary = g_strdup (summary);
}

static BankMoneyDialog *
open_dialog (Fixture *f, BankMoneyKind kind, const char *account)
{
  BankMoneyDialog *dialog = bank_money_dialog_present (NULL, f->store, kind, account);

  g_object_ref (dialog);
  g_signal_connect (dialog, "money-moved", G_CALLBACK (moved_cb), f);
  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (dialog)), 5000));
  return dialog;
}

/* Drops the test's reference to @dialog, closing it if it is still
 * open, and asserts it was finalized. */
static void
close_dialog (BankMoneyDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
}

static gboolean
can_confirm (BankMoneyDialog *dialog)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (dialog->confirm_button));
}

static void
type (BankMoneyDialog *dialog, AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The inline message under the amount, "" when none is shown. */
static const char *
amount_message (BankMoneyDialog *dialog)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (dialog->amount_label)))
    return "";
  return gtk_label_get_label (dialog->amount_label);
}

static void
select_id (AdwComboRow *row, GPtrArray *ids, const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (ids->pdata[i], id))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  fail_msg ("“%s” is not listed", id);
}

static gboolean
lists (GPtrArray *ids, const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (ids->pdata[i], id))
      return TRUE;
  return FALSE;
}

/* Nothing typed can be confirmed unless it is an amount above zero with
 * at most the currency's decimal places; each says why inline. */
static void
test_amounts (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog = open_dialog (f, BANK_MONEY_DEPOSIT, "chk");
  static const struct
  {
    const char *text;
    const char *message; /* a part of it */
  } refused[] = {
    { "", "Enter an amount" },
    { "   ", "Enter an amount" },
    { "abc", "not an amount" },
    { "1,2,3", "not an amount" },
    { "12.345", "at most 2 decimal places" },
    { "-5", "above zero" },
    { "0", "above zero" },
    { "99999999999999999999", "too large" },
    { "12..5", "not an amount" },
  };
  g_autofree char *paste = g_strnfill (1 << 20, '9');

  assert_string_equal (gtk_window_get_title (GTK_WINDOW (dialog)), "Deposit");
  assert_string_equal (gtk_button_get_label (dialog->confirm_button), "_Deposit");
  assert_ptr_equal (gtk_window_get_default_widget (GTK_WINDOW (dialog)), dialog->confirm_button);
  assert_false (can_confirm (dialog));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      type (dialog, dialog->amount_row, refused[i].text);
      if (!can_confirm (dialog) && strstr (amount_message (dialog), refused[i].message) != NULL)
        continue;
      fail_msg ("“%s”: confirm %s, message “%s”", refused[i].text,
                can_confirm (dialog) ? "sensitive" : "insensitive", amount_message (dialog));
    }
  /* An empty field is not an error, only not done yet. */
  type (dialog, dialog->amount_row, "");
  assert_false (gtk_widget_has_css_class (GTK_WIDGET (dialog->amount_label), "error"));
  type (dialog, dialog->amount_row, "abc");
  assert_true (gtk_widget_has_css_class (GTK_WIDGET (dialog->amount_label), "error"));

  type (dialog, dialog->amount_row, paste);
  assert_false (can_confirm (dialog));
  assert_non_null (strstr (amount_message (dialog), "too long"));

  type (dialog, dialog->amount_row, "12.50");
  assert_true (can_confirm (dialog));
  assert_string_equal (amount_message (dialog), "");
  type (dialog, dialog->amount_row, " 7 ");
  assert_true (can_confirm (dialog));

  /* A category longer than the schema allows is said, not sent. */
  type (dialog, dialog->category_row, "a category name that is far too long to keep");
  assert_false (can_confirm (dialog));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->details_label)));
  type (dialog, dialog->category_row, "");
  assert_true (can_confirm (dialog));

  assert_int_equal (f->n_dispatches, 0);
  close_dialog (dialog);
  assert_int_equal (f->n_moved, 0);
  assert_int_equal (f->n_dispatches, 0);
}

/* A withdrawal beyond what the account has available is refused inline,
 * with the available amount. */
static void
test_available (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog = open_dialog (f, BANK_MONEY_WITHDRAW, "chk");
  g_autofree char *available = bank_format_amount (10000, "EUR");
  g_autofree char *subtitle = g_strdup_printf ("Available: %s, the balance", available);

  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (dialog->account_row)),
                       subtitle);
  assert_string_equal (gtk_label_get_label (dialog->currency_label), "EUR");
  type (dialog, dialog->amount_row, "100.01");
  assert_false (can_confirm (dialog));
  assert_non_null (strstr (amount_message (dialog), available));
  type (dialog, dialog->amount_row, "100.00");
  assert_true (can_confirm (dialog));

  /* The store moves: the dialog follows it. */
  bank_ui_test_dispatch (f->store,
                         bank_action_withdraw ("chk", "t-9", 1, NULL, NULL, BANK_TEST_START + 10));
  assert_false (can_confirm (dialog));
  close_dialog (dialog);
}

/* Where the available amount comes from: the balance, the overdraft,
 * what a pending transfer holds; a deposit shows the balance. An amount
 * that is not one says what to type. */
static void
test_available_explained (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog;
  g_autofree char *available = bank_format_amount (870384 + 50000 - 1000, "EUR");
  g_autofree char *balance = bank_format_amount (870384, "EUR");
  g_autofree char *overdraft = bank_format_amount (50000, "EUR");
  g_autofree char *held = bank_format_amount (1000, "EUR");
  g_autofree char *expected = g_strdup_printf (
    "Available: %s — balance %s and %s overdraft, less %s held by pending transfers", available,
    balance, overdraft, held);
  g_autofree char    *expected_balance = g_strdup_printf ("Balance: %s", balance);
  const struct lconv *lc = localeconv ();
  const char         *point = *lc->mon_decimal_point != '\0' ? lc->mon_decimal_point
                              : *lc->decimal_point != '\0'   ? lc->decimal_point
                                                             : ".";
  g_autofree char    *hint = g_strdup_printf (" Type an amount such as 1234%s56.", point);
  g_autoptr (GError) error = NULL;
  gint64 amount;

  bank_ui_test_dispatch (f->store,
                         bank_action_open_account ("od", "Overdrawn", BANK_ACCOUNT_CHECKING, "EUR",
                                                   50000, BANK_TEST_START + 6));
  bank_ui_test_dispatch (
    f->store, bank_action_deposit ("od", "t-od", 870384, NULL, NULL, BANK_TEST_START + 7));
  bank_ui_test_dispatch (
    f->store, bank_action_request_transfer ("r-od", "od", "chk", 1000, NULL, BANK_TEST_START + 8));

  dialog = open_dialog (f, BANK_MONEY_WITHDRAW, "od");
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (dialog->account_row)),
                       expected);
  assert_false (bank_parse_money ("12,34.5x", "EUR", BANK_PARSE_POSITIVE, &amount, &error));
  type (dialog, dialog->amount_row, "12,34.5x");
  assert_false (can_confirm (dialog));
  assert_true (g_str_has_prefix (amount_message (dialog), error->message));
  assert_true (g_str_has_suffix (amount_message (dialog), hint));
  close_dialog (dialog);

  dialog = open_dialog (f, BANK_MONEY_DEPOSIT, "od");
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (dialog->account_row)),
                       expected_balance);
  close_dialog (dialog);
}

/* libadwaita 1.2 names an AdwEntryRow or AdwComboRow by its title (it is
 * labelled by its title label); an accessible label in the .ui as well
 * made GTK 4.8 say both, "Amount Amount". No row of the dialogs has one. */
typedef struct
{
  GPtrArray *stack; /* of element names, with the row's class for objects */
  GString   *wrong;
} UiCheck;

static void
ui_start (GMarkupParseContext *context,
          const char          *element,
          const char         **names,
          const char         **values,
          gpointer             user_data,
          GError             **error)
{
  UiCheck *check = user_data;
  const char *class = NULL, *name = NULL, *id = NULL;
  guint n = check->stack->len;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "class"))
      class = values[i];
    else if (g_str_equal (names[i], "name"))
      name = values[i];
    else if (g_str_equal (names[i], "id"))
      id = values[i];
  if (g_str_equal (element, "property") && g_strcmp0 (name, "label") == 0 && n >= 2 &&
      g_str_equal (check->stack->pdata[n - 1], "accessibility") &&
      strstr (check->stack->pdata[n - 2], "Row#") != NULL)
    g_string_append_printf (check->wrong, "%s ", (char *) check->stack->pdata[n - 2]);
  g_ptr_array_add (check->stack, g_str_equal (element, "object") && class != NULL &&
                                     g_str_has_prefix (class, "Adw")
                                   ? g_strdup_printf ("%s#%s", class, id != NULL ? id : "")
                                   : g_strdup (element));
}

static void
ui_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  UiCheck *check = user_data;

  g_ptr_array_set_size (check->stack, check->stack->len - 1);
}

static void
test_rows_named_once (void **state)
{
  static const char *const   files[] = { "bank-money-dialog.ui", "bank-account-dialog.ui",
                                         "bank-import-dialog.ui" };
  static const GMarkupParser parser = { ui_start, ui_end, NULL, NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat ("/dev/rdx/Bank/", files[i], NULL);
      g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr (GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GString) wrong = g_string_new (NULL);
      UiCheck check = { stack, wrong };
      g_autoptr (GMarkupParseContext) context = NULL;
      gsize       size;
      const char *data;

      if (bytes == NULL)
        fail_msg ("%s is not in the resources", path);
      data = g_bytes_get_data (bytes, &size);
      context = g_markup_parse_context_new (&parser, 0, &check, NULL);
      assert_true (g_markup_parse_context_parse (context, data, size, NULL));
      assert_true (g_markup_parse_context_end_parse (context, NULL));
      if (wrong->len > 0)
        fail_msg ("%s: rows with an accessible label: %s", files[i], wrong->str);
    }
}

/* Confirming dispatches exactly one action, with the amount parsed,
 * and the signal names its id; then the dialog closes. */
static void
test_deposit (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog = open_dialog (f, BANK_MONEY_DEPOSIT, "sav");
  RdxValue        *entry;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  type (dialog, dialog->amount_row, "12.50");
  type (dialog, dialog->memo_row, "  Birthday present ");
  type (dialog, dialog->category_row, "gifts");
  bank_ui_test_screenshot (GTK_WIDGET (dialog), "bank-money-dialog.png");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "money.confirm", NULL));
  assert_true (rdx_test_iterate_until (f->n_moved == 1, 2000));

  assert_int_equal (f->n_dispatches, 1);
  assert_non_null (f->moved_id);
  path = g_strdup_printf ("/ledger/sav/0");
  entry = rdx_value_lookup (rdx_store_get_state (f->store), path, RDX_VALUE_MAP, &error);
  assert_non_null (entry);
  assert_string_equal (rdx_map_get_string (entry, "id", ""), f->moved_id);
  assert_int_equal (rdx_map_get_int (entry, "amount", 0), 1250);
  assert_string_equal (rdx_map_get_string (entry, "memo", ""), "Birthday present");
  assert_string_equal (rdx_map_get_string (entry, "category", ""), "gifts");
  assert_non_null (strstr (f->moved_summary, "Deposited"));
  assert_non_null (strstr (f->moved_summary, "“Savings”"));
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  close_dialog (dialog);
  assert_int_equal (f->n_dispatches, 1);
}

/* A transfer lists as To the open accounts of the same currency but the
 * From one; one the reducer refuses keeps the dialog open, what was
 * typed included, and shows the reducer's message. */
static void
test_transfer (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog = open_dialog (f, BANK_MONEY_TRANSFER, "chk");
  RdxValue        *transfer;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->to_row)));
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->category_row)));
  assert_true (lists (dialog->to_ids, "sav"));
  assert_true (lists (dialog->to_ids, "full"));
  assert_false (lists (dialog->to_ids, "chk"));
  assert_false (lists (dialog->to_ids, "usd"));

  select_id (dialog->to_row, dialog->to_ids, "full");
  type (dialog, dialog->amount_row, "1.00");
  type (dialog, dialog->memo_row, "Rent");
  assert_true (can_confirm (dialog));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "money.confirm", NULL));
  assert_true (
    rdx_test_iterate_until (gtk_widget_get_visible (GTK_WIDGET (dialog->error_group)), 2000));
  assert_non_null (strstr (gtk_label_get_label (dialog->error_label), "transfers.requested"));
  assert_non_null (strstr (gtk_label_get_label (dialog->error_label), "largest amount"));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (dialog->amount_row)), "1.00");
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (dialog->memo_row)), "Rent");
  assert_int_equal (f->n_dispatches, 0);
  assert_int_equal (f->n_moved, 0);

  /* Another destination: the refusal is gone, and the transfer goes. */
  select_id (dialog->to_row, dialog->to_ids, "sav");
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->error_group)));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "money.confirm", NULL));
  assert_true (rdx_test_iterate_until (f->n_moved == 1, 2000));
  assert_int_equal (f->n_dispatches, 1);
  path = g_strdup_printf ("/transfers/%s", f->moved_id);
  transfer = rdx_value_lookup (rdx_store_get_state (f->store), path, RDX_VALUE_MAP, &error);
  assert_non_null (transfer);
  assert_string_equal (rdx_map_get_string (transfer, "from", ""), "chk");
  assert_string_equal (rdx_map_get_string (transfer, "to", ""), "sav");
  assert_int_equal (rdx_map_get_int (transfer, "amount", 0), 100);
  assert_string_equal (rdx_map_get_string (transfer, "memo", ""), "Rent");
  assert_string_equal (rdx_map_get_string (transfer, "status", ""), "pending");
  close_dialog (dialog);
}

/* Without an account to pick, nothing can be confirmed, and it says so;
 * Escape closes the dialog. */
static void
test_no_account (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxStore        *store = rdx_store_new (reducer, NULL);
  BankMoneyDialog *dialog = bank_money_dialog_present (NULL, store, BANK_MONEY_WITHDRAW, "nope");
  gpointer         weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  type (dialog, dialog->amount_row, "5");
  assert_false (can_confirm (dialog));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->account_label)));
  assert_non_null (strstr (gtk_label_get_label (dialog->account_label), "Open one first"));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
  rdx_test_finalize (&store);
}

/* The account chosen closes while the dialog is open: it is not
 * replaced by another without a word. */
static void
test_account_closed (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog = open_dialog (f, BANK_MONEY_DEPOSIT, "sav");

  type (dialog, dialog->amount_row, "5");
  assert_true (can_confirm (dialog));
  bank_ui_test_dispatch (f->store, bank_action_close_account ("sav", BANK_TEST_START + 9));
  assert_false (can_confirm (dialog));
  assert_false (lists (dialog->from_ids, "sav"));
  assert_int_equal (adw_combo_row_get_selected (dialog->account_row), GTK_INVALID_LIST_POSITION);
  assert_non_null (strstr (gtk_label_get_label (dialog->account_label), "closed"));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->account_label)));

  select_id (dialog->account_row, dialog->from_ids, "chk");
  assert_true (can_confirm (dialog));
  assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->account_label)));
  close_dialog (dialog);
  assert_int_equal (f->n_moved, 0);
}

/* The categories in use are offered in a menu, kept up to date while
 * the dialog is open; picking one types it. */
static void
test_categories (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog;
  GMenuModel      *menu;
  g_autofree char *label = NULL;
  g_autofree char *target = NULL;

  bank_ui_test_dispatch (
    f->store, bank_action_withdraw ("chk", "t-3", 100, NULL, "food", BANK_TEST_START + 6));
  bank_ui_test_dispatch (
    f->store, bank_action_withdraw ("chk", "t-4", 100, NULL, "rent_2024", BANK_TEST_START + 7));
  f->n_dispatches = 0;
  dialog = open_dialog (f, BANK_MONEY_WITHDRAW, "chk");
  menu = gtk_menu_button_get_menu_model (dialog->category_button);
  assert_non_null (menu);
  assert_int_equal (g_menu_model_get_n_items (menu), 2);
  assert_true (gtk_widget_get_sensitive (GTK_WIDGET (dialog->category_button)));
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *item = NULL;

      assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &item));
      if (g_str_equal (item, "rent__2024")) /* an underscore, not a mnemonic */
        label = g_steal_pointer (&item);
    }
  assert_non_null (label);

  bank_ui_test_dispatch (
    f->store, bank_action_withdraw ("chk", "t-5", 100, NULL, "travel", BANK_TEST_START + 8));
  menu = gtk_menu_button_get_menu_model (dialog->category_button);
  assert_int_equal (g_menu_model_get_n_items (menu), 3);

  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "money.category", "s", "travel"));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (dialog->category_row)), "travel");
  close_dialog (dialog);
}

/* Escape closes the dialog: a binding of the class to window.close. */
static void
test_escape (void **state)
{
  Fixture         *f = *state;
  BankMoneyDialog *dialog = open_dialog (f, BANK_MONEY_DEPOSIT, NULL);
  gboolean         found = FALSE;
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));

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
  g_clear_object (&controllers);
  assert_true (found);
  /* No account given: the first open one. */
  assert_string_equal (dialog->from_id, "chk");
  close_dialog (dialog);
}

/* Over the demo's history: a transfer between two of its accounts. */
static void
test_demo (void **state)
{
  Fixture         *f = *state;
  RdxStore        *store = bank_ui_test_store_new (120);
  BankMoneyDialog *dialog = bank_money_dialog_present (NULL, store, BANK_MONEY_TRANSFER, "acc-1");
  RdxValue        *transfer;
  g_autofree char *path = NULL;

  g_object_ref (dialog);
  g_signal_connect (dialog, "money-moved", G_CALLBACK (moved_cb), f);
  assert_int_equal (dialog->from_ids->len, 3);
  assert_false (lists (dialog->to_ids, "acc-1"));
  assert_true (dialog->to_ids->len > 0);
  type (dialog, dialog->amount_row, "1");
  assert_true (can_confirm (dialog));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "money.confirm", NULL));
  assert_true (rdx_test_iterate_until (f->n_moved == 1, 2000));
  path = g_strdup_printf ("/transfers/%s", f->moved_id);
  transfer = rdx_value_lookup (rdx_store_get_state (store), path, RDX_VALUE_MAP, NULL);
  assert_int_equal (rdx_map_get_int (transfer, "amount", 0), 100);
  assert_string_equal (rdx_map_get_string (transfer, "from", ""), "acc-1");
  close_dialog (dialog);
  rdx_test_finalize (&store);
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_amounts, setup, teardown),
    cmocka_unit_test_setup_teardown (test_available, setup, teardown),
    cmocka_unit_test_setup_teardown (test_available_explained, setup, teardown),
    cmocka_unit_test (test_rows_named_once),
    cmocka_unit_test_setup_teardown (test_deposit, setup, teardown),
    cmocka_unit_test_setup_teardown (test_transfer, setup, teardown),
    cmocka_unit_test (test_no_account),
    cmocka_unit_test_setup_teardown (test_account_closed, setup, teardown),
    cmocka_unit_test_setup_teardown (test_categories, setup, teardown),
    cmocka_unit_test_setup_teardown (test_escape, setup, teardown),
    cmocka_unit_test_setup_teardown (test_demo, setup, teardown),
  };
  int status = bank_ui_test_init (argc, argv);

  if (status != 0)
    return status;
  setlocale (LC_ALL, "C");
  return cmocka_run_group_tests (tests, NULL, NULL);
}

/* test-bank-window.c: the rdx-bank application and its main window (suite ui)
 *
 * Each test runs the application as `rdx-bank --journal FILE` would
 * (g_application_run(), non-unique) over a journal in a temporary
 * folder, does its part once the window is shown, and quits through
 * app.quit; the application, its window and its store must then be
 * finalized. A crash, and a journal in use, need a real rdx-bank
 * program beside.
 *
 * usage: test-bank-window RDX_BANK [SCREENSHOT_FOLDER]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "bank-account-dialog-private.h"
#include "bank-money-dialog-private.h"
#include "bank-ui-test.h"
#include "bank-window-private.h"

static char *rdx_bank_program;
static char *folder;

/* Running the application */

typedef void (*SessionFunc) (BankApplication *app, BankWindow *window, gpointer data);

typedef struct
{
  SessionFunc       func;
  gpointer          data;
  BankApplication  *app;
  gboolean          scheduled;
  gboolean          ran;
  const char       *response; /* to the dialog about the journal */
  char             *body;     /* what that dialog said */
  AdwMessageDialog *dialog;
  gpointer          weak_store;
  gpointer          weak_window;
} Session;

static gboolean
run_session_cb (gpointer user_data)
{
  Session    *session = user_data;
  BankWindow *window =
    BANK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (session->app)));

  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000));
  bank_ui_test_wait (100);
  session->weak_store = bank_application_get_store (session->app);
  g_object_add_weak_pointer (session->weak_store, &session->weak_store);
  session->weak_window = window;
  g_object_add_weak_pointer (session->weak_window, &session->weak_window);
  session->func (session->app, window, session->data);
  session->ran = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (session->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* The button of @dialog labelled @label, under @widget. */
static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  GtkWidget *found = NULL;

  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL && found == NULL;
       child = gtk_widget_get_next_sibling (child))
    found = find_button (child, label);
  return found;
}

static gboolean
answer_dialog_cb (gpointer user_data)
{
  Session *session = user_data;

  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (session->dialog)), 5000));
  bank_ui_test_screenshot (GTK_WIDGET (session->dialog), "rdx-bank-journal-dialog.png");
  g_free (session->body);
  session->body = g_strdup (adw_message_dialog_get_body (session->dialog));
  assert_non_null (session->response);
  assert_true (adw_message_dialog_has_response (session->dialog, session->response));
  /* As a person would: the response's button. */
  assert_true (gtk_widget_activate (
    find_button (GTK_WIDGET (session->dialog),
                 adw_message_dialog_get_response_label (session->dialog, session->response))));
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *app, GtkWindow *window, Session *session)
{
  if (ADW_IS_MESSAGE_DIALOG (window) && session->dialog == NULL)
    {
      session->dialog = ADW_MESSAGE_DIALOG (window);
      g_idle_add (answer_dialog_cb, session);
    }
  if (BANK_IS_WINDOW (window) && !session->scheduled)
    {
      session->scheduled = TRUE;
      g_idle_add (run_session_cb, session);
    }
}

/* Runs rdx-bank over @journal (with --demo when @demo), answers the
 * dialog about the journal with @response if one comes, calls @func (if
 * any) once the window is shown, quits, and checks that the application,
 * its store and its windows were finalized. Returns rdx-bank's exit
 * status; @body, if given, gets what the dialog said. */
static int
run_app (const char *journal,
         gboolean    demo,
         const char *response,
         SessionFunc func,
         gpointer    data,
         char      **body)
{
  const char *argv[] = { "rdx-bank", "--journal", journal, demo ? "--demo" : NULL, NULL };
  Session     session = { func, data, bank_application_new (), FALSE, FALSE, response, NULL, NULL,
                          NULL, NULL };
  gpointer    weak_app = session.app;
  int         status;

  g_object_add_weak_pointer (G_OBJECT (session.app), &weak_app);
  g_application_set_flags (G_APPLICATION (session.app),
                           g_application_get_flags (G_APPLICATION (session.app)) |
                             G_APPLICATION_NON_UNIQUE);
  g_signal_connect (session.app, "window-added", G_CALLBACK (window_added_cb), &session);
  status = g_application_run (G_APPLICATION (session.app), demo ? 4 : 3, (char **) argv);
  assert_int_equal (status, 0);
  assert_int_equal (session.ran, func != NULL);
  assert_int_equal (session.dialog != NULL, response != NULL);
  assert_null (bank_application_get_store (session.app));
  status = bank_application_get_exit_status (session.app);

  g_object_unref (session.app);
  rdx_test_iterate_until (weak_app == NULL && session.weak_window == NULL, 2000);
  rdx_assert_finalized (weak_app);
  rdx_assert_finalized (session.weak_window);
  rdx_assert_finalized (session.weak_store);
  if (body != NULL)
    *body = g_steal_pointer (&session.body);
  g_free (session.body);
  return status;
}

static void
run_session (const char *journal, gboolean demo, SessionFunc func, gpointer data)
{
  assert_int_equal (run_app (journal, demo, NULL, func, data, NULL), 0);
}

static char *
journal_path (const char *name)
{
  return g_build_filename (folder, name, NULL);
}

static void
dispatch (BankApplication *app, RdxAction *action)
{
  bank_ui_test_dispatch (bank_application_get_store (app), action);
}

static void
watch_finalized (gpointer object, gpointer *weak)
{
  *weak = object;
  g_object_add_weak_pointer (G_OBJECT (object), weak);
}

/* The sidebar */

static guint
count_rows (BankWindow *window)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (window->accounts_list, (int) n) != NULL)
    n++;
  return n;
}

static GtkListBoxRow *
row_of (BankWindow *window, const char *id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (window->accounts_list, i)) != NULL; i++)
    if (g_strcmp0 (bank_window_row_get_account (row), id) == 0)
      return row;
  return NULL;
}

static GtkLabel *
balance_label (BankWindow *window, const char *id)
{
  GtkListBoxRow *row = row_of (window, id);

  assert_non_null (row);
  return g_object_get_data (G_OBJECT (row), "balance-label");
}

/* The label of the total of @currency in the sidebar. */
static const char *
total_text (BankWindow *window, const char *currency)
{
  GtkWidget *box;

  for (box = gtk_widget_get_first_child (GTK_WIDGET (window->totals_box)); box != NULL;
       box = gtk_widget_get_next_sibling (box))
    if (g_str_equal (gtk_widget_get_name (box), currency))
      return gtk_label_get_label (GTK_LABEL (gtk_widget_get_last_child (box)));
  return NULL;
}

static gint64
balance_of (BankApplication *app, const char *id)
{
  RdxValue *accounts =
    rdx_map_get (rdx_store_get_state (bank_application_get_store (app)), "accounts");

  return rdx_map_get_int (rdx_map_get (accounts, id), "balance", G_MININT64);
}

static void
open_account (BankApplication *app,
              const char      *id,
              const char      *name,
              BankAccountKind  kind,
              const char      *currency,
              gint64           limit)
{
  dispatch (app, bank_action_open_account (id, name, kind, currency, limit, BANK_TEST_START));
}

static void
deposit (BankApplication *app, const char *id, const char *txn, gint64 amount)
{
  dispatch (app, bank_action_deposit (id, txn, amount, "Salary", NULL, BANK_TEST_START + 1));
}

/* Empty state */

static void
empty_session (BankApplication *app, BankWindow *window, gpointer data)
{
  GtkWidget *button = gtk_stack_get_child_by_name (window->main_stack, "empty");

  assert_string_equal (gtk_stack_get_visible_child_name (window->main_stack), "empty");
  assert_int_equal (count_rows (window), 0);
  assert_true (gtk_widget_get_mapped (button));
  bank_ui_test_screenshot (GTK_WIDGET (window), "rdx-bank-empty.png");

  /* The first account opened leaves the empty state, selected. */
  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  assert_string_equal (gtk_stack_get_visible_child_name (window->main_stack), "accounts");
  assert_int_equal (count_rows (window), 1);
  assert_string_equal (window->selected, "acc-1");
  assert_ptr_equal (gtk_list_box_get_selected_row (window->accounts_list),
                    row_of (window, "acc-1"));
}

static void
test_empty_state (void **state)
{
  g_autofree char *journal = journal_path ("empty.sqlite");

  run_session (journal, FALSE, empty_session, NULL);
}

/* Accounts, balances and totals */

static void
accounts_session (BankApplication *app, BankWindow *window, gpointer data)
{
  g_autofree char *eur_total = NULL;
  g_autofree char *usd_total = NULL;
  g_autofree char *everyday = NULL;
  g_autofree char *card = NULL;
  RdxStore        *store = bank_application_get_store (app);

  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  open_account (app, "acc-2", "Card", BANK_ACCOUNT_CREDIT, "EUR", 100000);
  open_account (app, "acc-3", "Travel", BANK_ACCOUNT_SAVINGS, "USD", 0);
  deposit (app, "acc-1", "t-1", 123456);
  dispatch (app, bank_action_withdraw ("acc-2", "t-2", 4250, "Groceries", "food", BANK_TEST_START));
  deposit (app, "acc-3", "t-3", 99);

  assert_int_equal (count_rows (window), 3);
  everyday = bank_format_amount (123456, "EUR");
  assert_string_equal (gtk_label_get_label (balance_label (window, "acc-1")), everyday);
  assert_false (gtk_widget_has_css_class (GTK_WIDGET (balance_label (window, "acc-1")), "error"));
  card = bank_format_amount (-4250, "EUR");
  assert_string_equal (gtk_label_get_label (balance_label (window, "acc-2")), card);
  assert_true (gtk_widget_has_css_class (GTK_WIDGET (balance_label (window, "acc-2")), "error"));

  /* One total per currency, of the amounts above. */
  eur_total = bank_format_amount (123456 - 4250, "EUR");
  usd_total = bank_format_amount (99, "USD");
  assert_string_equal (total_text (window, "EUR"), eur_total);
  assert_string_equal (total_text (window, "USD"), usd_total);

  /* Selecting a row selects the account in the store. */
  gtk_list_box_select_row (window->accounts_list, row_of (window, "acc-3"));
  assert_string_equal (
    rdx_map_get_string (rdx_map_get (rdx_store_get_state (store), "ui"), "selected", NULL),
    "acc-3");
  assert_string_equal (adw_view_switcher_title_get_subtitle (window->switcher_title), "Travel");

  /* Each account's menu renames or closes that account. */
  {
    g_autoptr (GMenuModel) menu = bank_window_account_menu_new ("acc-2");
    g_autoptr (GVariant) target = NULL;
    g_autofree char *action = NULL;

    assert_int_equal (g_menu_model_get_n_items (menu), 2);
    assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
    assert_string_equal (action, "win.rename-account");
    target = g_menu_model_get_item_attribute_value (menu, 1, G_MENU_ATTRIBUTE_TARGET,
                                                    G_VARIANT_TYPE_STRING);
    assert_string_equal (g_variant_get_string (target, NULL), "acc-2");
  }

  /* A rename shows; a closed account leaves the sidebar and its total. */
  dispatch (app, bank_action_rename_account ("acc-1", "Daily"));
  assert_string_equal (
    gtk_label_get_label (g_object_get_data (G_OBJECT (row_of (window, "acc-1")), "name-label")),
    "Daily");
  dispatch (app, bank_action_withdraw ("acc-3", "t-4", 99, NULL, NULL, BANK_TEST_START));
  dispatch (app, bank_action_close_account ("acc-3", BANK_TEST_START));
  assert_int_equal (count_rows (window), 2);
  assert_null (row_of (window, "acc-3"));
  assert_null (total_text (window, "USD"));
  /* It was the selected one: the first open account is shown instead. */
  assert_string_equal (window->selected, "acc-1");
  assert_ptr_equal (gtk_list_box_get_selected_row (window->accounts_list),
                    row_of (window, "acc-1"));
}

static void
test_accounts_and_totals (void **state)
{
  g_autofree char *journal = journal_path ("accounts.sqlite");

  run_session (journal, FALSE, accounts_session, NULL);
}

/* The window of @type shown now (a dialog is transient for the main
 * window, not the application's). */
static gpointer
find_window (BankApplication *app, GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  gpointer    found = NULL;

  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = window;
    }
  return found;
}

/* The debugger */

static RdxDebuggerWindow *
find_debugger (BankApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (RDX_IS_DEBUGGER_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* Whether @window has a shortcut @trigger for the action @name. */
static gboolean
has_shortcut (GtkWidget *window, const char *trigger, const char *name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr (GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (trigger);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), name))
            return TRUE;
        }
    }
  return FALSE;
}

static void
debugger_session (BankApplication *app, BankWindow *window, gpointer data)
{
  gpointer          *weak = data;
  RdxDebuggerWindow *debugger;
  RdxHistory        *history = bank_application_get_history (app);
  guint              n_entries;

  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  assert_true (has_shortcut (GTK_WIDGET (window), "<Control><Shift>d", "win.debugger"));
  /* The shortcuts the shortcuts window lists. */
  {
    static const char *const shortcuts[][2] = {
      { "<Control>n", "win.open-account" },
      { "F2", "win.rename-account" },
      { "<Shift>F10", "win.account-menu" },
      { "Menu", "win.account-menu" },
      { "<Control>d", "win.deposit" },
      { "<Control>e", "win.withdraw" },
      { "<Control>t", "win.transfer" },
      { "<Control>z", "win.undo" },
      { "<Control>f", "win.search" },
      { "<Control>o", "win.import" },
      { "<Control>s", "win.export" },
      { "<Alt>1", "win.view" },
      { "<Alt>2", "win.view" },
      { "<Alt>3", "win.view" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
      if (!has_shortcut (GTK_WIDGET (window), shortcuts[i][0], shortcuts[i][1]))
        fail_msg ("no shortcut %s for %s", shortcuts[i][0], shortcuts[i][1]);
  }
  /* The shortcuts window comes from gtk/help-overlay.ui in the resource. */
  assert_non_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  assert_true (rdx_test_iterate_until (
    gtk_widget_get_mapped (
      GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)))),
    5000));
  bank_ui_test_screenshot (
    GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))),
    "rdx-bank-shortcuts.png");
  gtk_widget_set_visible (
    GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))), FALSE);
  assert_null (find_debugger (app));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.debugger", NULL));
  assert_true (rdx_test_iterate_until (find_debugger (app) != NULL, 5000));

  debugger = find_debugger (app);
  watch_finalized (debugger, weak);
  assert_ptr_equal (rdx_debugger_window_get_history (debugger), history);
  /* The history records the app's actions: the selection and the account. */
  n_entries = g_list_model_get_n_items (G_LIST_MODEL (history));
  deposit (app, "acc-1", "t-1", 500);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (history)), n_entries + 1);
  assert_int_equal (rdx_history_get_max_entries (history), BANK_HISTORY_MAX_ENTRIES);

  /* About rdx Bank, from the same menu. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  assert_true (rdx_test_iterate_until (find_window (app, ADW_TYPE_ABOUT_WINDOW) != NULL, 5000));
  assert_string_equal (
    adw_about_window_get_application_name (find_window (app, ADW_TYPE_ABOUT_WINDOW)), "rdx Bank");
}

static void
test_debugger (void **state)
{
  g_autofree char *journal = journal_path ("debugger.sqlite");
  gpointer         weak = NULL;

  run_session (journal, FALSE, debugger_session, &weak);
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
}

/* Quit and start again */

typedef struct
{
  char      *digest;
  RdxValue  *state;
  GPtrArray *labels;
} Saved;

static void
save_session (BankApplication *app, BankWindow *window, Saved *saved)
{
  RdxValue *state = rdx_store_get_state (bank_application_get_store (app));

  saved->digest = rdx_journal_dup_state_hash (bank_application_get_journal (app));
  saved->state = rdx_map_remove (state, "ui");
  saved->labels = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; gtk_list_box_get_row_at_index (window->accounts_list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (window->accounts_list, i);

      g_ptr_array_add (saved->labels, g_strdup (gtk_label_get_label (
                                        g_object_get_data (G_OBJECT (row), "balance-label"))));
    }
}

static void
first_session (BankApplication *app, BankWindow *window, gpointer data)
{
  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  open_account (app, "acc-2", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0);
  deposit (app, "acc-1", "t-1", 250000);
  deposit (app, "acc-2", "t-2", 1000);
  dispatch (app, bank_action_withdraw ("acc-1", "t-3", 1999, "Books", "leisure", BANK_TEST_START));
  dispatch (app, bank_action_select_account ("acc-2"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 650);
  save_session (app, window, data);
}

static void
second_session (BankApplication *app, BankWindow *window, gpointer data)
{
  Saved    *saved = data;
  RdxValue *state = rdx_store_get_state (bank_application_get_store (app));
  g_autoptr (RdxValue) without_ui = rdx_map_remove (state, "ui");
  g_autofree char *digest = rdx_journal_dup_state_hash (bank_application_get_journal (app));
  int              width = 0, height = 0;

  assert_string_equal (digest, saved->digest);
  assert_true (rdx_value_equal (without_ui, saved->state));
  assert_int_equal (count_rows (window), saved->labels->len);
  for (guint i = 0; i < saved->labels->len; i++)
    assert_string_equal (
      gtk_label_get_label (g_object_get_data (
        G_OBJECT (gtk_list_box_get_row_at_index (window->accounts_list, (int) i)),
        "balance-label")),
      saved->labels->pdata[i]);
  /* The selection is transient: a new session starts at the first account. */
  assert_string_equal (window->selected, "acc-1");
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  assert_int_equal (width, 1000);
  assert_int_equal (height, 650);
}

static void
test_restart_restores (void **state)
{
  g_autofree char *journal = journal_path ("restart.sqlite");
  Saved            saved = { NULL };

  run_session (journal, FALSE, first_session, &saved);
  assert_non_null (saved.digest);
  run_session (journal, FALSE, second_session, &saved);
  g_free (saved.digest);
  rdx_value_unref (saved.state);
  g_ptr_array_unref (saved.labels);
}

/* Undo */

static void
undo_session (BankApplication *app, BankWindow *window, gpointer data)
{
  RdxStore *store = bank_application_get_store (app);
  RdxValue *txns;
  gint64    before;

  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  open_account (app, "acc-2", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0);
  deposit (app, "acc-1", "t-1", 10000);
  assert_null (window->undo_id); /* nothing the person did yet */

  /* A deposit the person made: Undo reverses it, once. */
  before = balance_of (app, "acc-1");
  deposit (app, "acc-1", "t-2", 2500);
  bank_window_money_moved (window, "t-2", "Deposited 25.00 € into Everyday");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  txns = rdx_map_get (rdx_store_get_state (store), "txns");
  assert_non_null (rdx_map_get_string (rdx_map_get (txns, "t-2"), "reversed_by", NULL));
  assert_int_equal (balance_of (app, "acc-1"), before);
  assert_null (window->undo_id);
  assert_non_null (strstr (window->last_toast, "Undone"));

  /* A refusal of the reducer is said, without the action's type. */
  assert_false (bank_window_dispatch (
    window, bank_action_withdraw ("acc-1", "t-9", before + 1, NULL, NULL, BANK_TEST_START)));
  assert_non_null (strstr (window->last_toast, "insufficient funds"));
  assert_false (g_str_has_prefix (window->last_toast, BANK_ACCOUNTS_WITHDRAW));
  assert_int_equal (balance_of (app, "acc-1"), before);

  /* A transfer can be undone once the bank completed it, not before. */
  dispatch (app, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 3000, "Saving",
                                               g_get_real_time ()));
  bank_window_money_moved (window, "r-1", "Transferred 30.00 € to Savings");
  assert_string_equal (window->last_toast, "Transferred 30.00 € to Savings");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_null (rdx_map_get (rdx_map_get (rdx_store_get_state (store), "txns"), "r-1"));
  assert_non_null (strstr (window->last_toast, "still pending"));
  assert_string_equal (window->undo_id, "r-1");
  assert_true (rdx_test_iterate_until (
    g_strcmp0 (rdx_map_get_string (
                 rdx_map_get (rdx_map_get (rdx_store_get_state (store), "transfers"), "r-1"),
                 "status", NULL),
               "pending") != 0,
    10000));
  /* Within the simulated bank's daily limit: it goes through. */
  assert_string_equal (
    rdx_map_get_string (rdx_map_get (rdx_map_get (rdx_store_get_state (store), "transfers"), "r-1"),
                        "status", NULL),
    "completed");
  before = balance_of (app, "acc-2");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_int_equal (balance_of (app, "acc-2"), before - 3000);
  assert_null (window->undo_id);

  /* Closing the account forgets the undo, and its toast goes. */
  open_account (app, "acc-3", "Trip Wallet", BANK_ACCOUNT_CHECKING, "EUR", 0);
  deposit (app, "acc-3", "t-5", 1000);
  dispatch (app, bank_action_withdraw ("acc-3", "t-6", 1000, NULL, NULL, BANK_TEST_START));
  bank_window_money_moved (window, "t-6", "Withdrew 10.00 € from Trip Wallet");
  assert_non_null (window->undo_toast);
  {
    gpointer weak_toast = window->undo_toast;

    g_object_add_weak_pointer (G_OBJECT (weak_toast), &weak_toast);
    dispatch (app, bank_action_close_account ("acc-3", BANK_TEST_START));
    assert_null (window->undo_id);
    assert_null (window->undo_toast);
    /* Dismissed, well before its 5 s: the overlay lets it go. */
    assert_true (rdx_test_iterate_until (weak_toast == NULL, 2000));
  }

  /* Asked anyway (the toast was still up): a sentence that names no id
   * and says what to do. */
  bank_window_money_moved (window, "t-6", "Withdrew 10.00 € from Trip Wallet");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_null (window->undo_id);
  assert_null (strstr (window->last_toast, "acc-3"));
  assert_true (g_ascii_isupper (window->last_toast[0]));
  assert_non_null (strstr (window->last_toast, "closed"));
  assert_non_null (strstr (window->last_toast, "Open an account"));
  assert_null (rdx_map_get_string (
    rdx_map_get (rdx_map_get (rdx_store_get_state (store), "txns"), "t-6"), "reversed_by", NULL));
}

static void
test_undo (void **state)
{
  g_autofree char *journal = journal_path ("undo.sqlite");

  run_session (journal, FALSE, undo_session, NULL);
}

/* A person: opens an account and deposits through the dialogs, then
 * Undo */

static void
dialogs_session (BankApplication *app, BankWindow *window, gpointer data)
{
  BankAccountDialog *account_dialog;
  BankMoneyDialog   *money_dialog;
  g_autofree char   *id = NULL;
  g_autofree char   *shown = NULL;

  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-account", NULL));
  assert_true (rdx_test_iterate_until (find_window (app, BANK_TYPE_ACCOUNT_DIALOG) != NULL, 5000));
  account_dialog = find_window (app, BANK_TYPE_ACCOUNT_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (account_dialog->name_row), "Everyday");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (account_dialog), "account.confirm", NULL));
  assert_true (rdx_test_iterate_until (count_rows (window) == 1, 5000));
  assert_non_null (window->selected);
  id = g_strdup (window->selected);

  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.deposit", NULL));
  assert_true (rdx_test_iterate_until (find_window (app, BANK_TYPE_MONEY_DIALOG) != NULL, 5000));
  money_dialog = find_window (app, BANK_TYPE_MONEY_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (money_dialog->amount_row), "12");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (money_dialog), "money.confirm", NULL));
  assert_true (rdx_test_iterate_until (window->undo_id != NULL, 5000));
  assert_int_equal (balance_of (app, id), 1200);
  shown = bank_format_amount (
    1200, rdx_map_get_string (
            rdx_map_get (
              rdx_map_get (rdx_store_get_state (bank_application_get_store (app)), "accounts"), id),
            "currency", "XXX"));
  assert_string_equal (gtk_label_get_label (balance_label (window, id)), shown);
  bank_ui_test_screenshot (GTK_WIDGET (window), "rdx-bank-toast.png");

  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  assert_int_equal (balance_of (app, id), 0);

  /* Rename Account… in the main menu: the selected account. */
  assert_true (rdx_test_iterate_until (find_window (app, BANK_TYPE_ACCOUNT_DIALOG) == NULL, 5000));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-account", "s", ""));
  assert_true (rdx_test_iterate_until (find_window (app, BANK_TYPE_ACCOUNT_DIALOG) != NULL, 5000));
  account_dialog = find_window (app, BANK_TYPE_ACCOUNT_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (account_dialog->name_row), "Daily");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (account_dialog), "account.confirm", NULL));
  assert_true (rdx_test_iterate_until (g_strcmp0 (gtk_label_get_label (g_object_get_data (
                                                    G_OBJECT (row_of (window, id)), "name-label")),
                                                  "Daily") == 0,
                                       5000));
}

static void
test_dialogs_and_undo (void **state)
{
  g_autofree char *journal = journal_path ("dialogs.sqlite");

  run_session (journal, FALSE, dialogs_session, NULL);
}

/* A transfer through the Transfer dialog, settled by the simulated bank
 * after @data milliseconds: pending, then completed, with both balances
 * and their sidebar rows following. */

static void
select_in (AdwComboRow *row, GPtrArray *ids, const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (ids->pdata[i], id))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  fail_msg ("“%s” is not listed", id);
}

static const char *
transfer_status (RdxStore *store, const char *request_id)
{
  RdxValue *transfers = rdx_map_get (rdx_store_get_state (store), "transfers");

  return rdx_map_get_string (rdx_map_get (transfers, request_id), "status", NULL);
}

static void
transfer_session (BankApplication *app, BankWindow *window, gpointer data)
{
  guint            latency = GPOINTER_TO_UINT (data);
  RdxStore        *store = bank_application_get_store (app);
  BankMoneyDialog *dialog;
  g_autofree char *request_id = NULL;
  g_autofree char *from_shown = NULL;
  g_autofree char *to_shown = NULL;
  gint64           amount;

  bank_service_set_latency (bank_application_get_service (app), latency, latency);
  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  open_account (app, "acc-2", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0);
  deposit (app, "acc-1", "t-1", 10000);
  dispatch (app, bank_action_select_account ("acc-1"));

  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.transfer", NULL));
  assert_true (rdx_test_iterate_until (find_window (app, BANK_TYPE_MONEY_DIALOG) != NULL, 5000));
  dialog = find_window (app, BANK_TYPE_MONEY_DIALOG);
  assert_string_equal (dialog->from_id, "acc-1");
  select_in (dialog->to_row, dialog->to_ids, "acc-2");
  gtk_editable_set_text (GTK_EDITABLE (dialog->amount_row), "25.5");
  assert_true (gtk_widget_get_sensitive (GTK_WIDGET (dialog->confirm_button)));
  assert_true (bank_parse_money ("25.5", "EUR", BANK_PARSE_POSITIVE, &amount, NULL));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "money.confirm", NULL));
  assert_true (rdx_test_iterate_until (window->undo_id != NULL, 5000));
  request_id = g_strdup (window->undo_id);
  assert_non_null (transfer_status (store, request_id));

  /* Held on the account it leaves until the bank answers, then booked. */
  assert_true (rdx_test_iterate_until (
    g_strcmp0 (transfer_status (store, request_id), "completed") == 0, 10000));
  assert_int_equal (balance_of (app, "acc-1"), 10000 - amount);
  assert_int_equal (balance_of (app, "acc-2"), amount);
  from_shown = bank_format_amount (10000 - amount, "EUR");
  to_shown = bank_format_amount (amount, "EUR");
  assert_true (rdx_test_iterate_until (
    g_strcmp0 (gtk_label_get_label (balance_label (window, "acc-1")), from_shown) == 0 &&
      g_strcmp0 (gtk_label_get_label (balance_label (window, "acc-2")), to_shown) == 0,
    5000));
}

static void
test_transfer_now (void **state)
{
  g_autofree char *journal = journal_path ("transfer-0.sqlite");

  run_session (journal, FALSE, transfer_session, GUINT_TO_POINTER (0));
}

static void
test_transfer_later (void **state)
{
  g_autofree char *journal = journal_path ("transfer-50.sqlite");

  run_session (journal, FALSE, transfer_session, GUINT_TO_POINTER (50));
}

/* The simulated bank refuses a transfer beyond the day's limit: it ends
 * failed, the transfers view says why and offers Retry. */

static gboolean
has_row_subtitle (GtkWidget *widget, const char *text)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_row_subtitle (child, text))
      return TRUE;
  return FALSE;
}

static void
limit_session (BankApplication *app, BankWindow *window, gpointer data)
{
  RdxStore        *store = bank_application_get_store (app);
  g_autofree char *limit = bank_format_amount (500000, "EUR");
  const char      *reason;

  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  open_account (app, "acc-2", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0);
  deposit (app, "acc-1", "t-1", 1000000);
  dispatch (app, bank_action_select_account ("acc-1"));

  /* 4,000.00 goes through; 1,500.00 more the same day does not. */
  dispatch (
    app, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 400000, NULL, g_get_real_time ()));
  assert_true (
    rdx_test_iterate_until (g_strcmp0 (transfer_status (store, "r-1"), "pending") != 0, 10000));
  assert_string_equal (transfer_status (store, "r-1"), "completed");
  dispatch (
    app, bank_action_request_transfer ("r-2", "acc-1", "acc-2", 150000, NULL, g_get_real_time ()));
  assert_true (
    rdx_test_iterate_until (g_strcmp0 (transfer_status (store, "r-2"), "pending") != 0, 10000));
  assert_string_equal (transfer_status (store, "r-2"), "failed");
  reason = rdx_map_get_string (
    rdx_map_get (rdx_map_get (rdx_store_get_state (store), "transfers"), "r-2"), "reason", "");
  assert_non_null (strstr (reason, limit));
  assert_non_null (strstr (reason, "“Everyday”"));
  assert_null (strstr (reason, "acc-1"));
  assert_int_equal (balance_of (app, "acc-1"), 600000);

  assert_true (rdx_test_iterate_until (has_row_subtitle (window->transfers_view, reason), 5000));
  assert_non_null (find_button (window->transfers_view, "_Retry"));
}

/* The box of the transfers that need attention comes below the list,
 * a moment after: the list's rows do not move. */
static void
transfers_box_session (BankApplication *app, BankWindow *window, gpointer data)
{
  RdxStore       *store = bank_application_get_store (app);
  graphene_rect_t before, after;

  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  open_account (app, "acc-2", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0);
  deposit (app, "acc-1", "t-1", 1000000);
  dispatch (app, bank_action_select_account ("acc-1"));
  bank_ui_test_wait (200);
  assert_false (gtk_widget_get_visible (GTK_WIDGET (window->transfers_revealer)));
  assert_true (gtk_widget_compute_bounds (window->transactions_view, GTK_WIDGET (window), &before));

  dispatch (
    app, bank_action_request_transfer ("r-1", "acc-1", "acc-2", 600000, NULL, g_get_real_time ()));
  /* Pending: not at once (most transfers settle within the second). */
  assert_false (gtk_revealer_get_reveal_child (window->transfers_revealer));
  assert_true (
    rdx_test_iterate_until (g_strcmp0 (transfer_status (store, "r-1"), "failed") == 0, 10000));
  assert_true (gtk_widget_get_visible (window->transfers_view));
  assert_true (
    rdx_test_iterate_until (gtk_revealer_get_child_revealed (window->transfers_revealer), 5000));
  bank_ui_test_wait (300); /* laid out */
  bank_ui_test_screenshot (GTK_WIDGET (window), "rdx-bank-transfers-box.png");
  assert_true (gtk_widget_compute_bounds (window->transactions_view, GTK_WIDGET (window), &after));
  assert_true (before.origin.y == after.origin.y);
  assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->transfers_revealer),
                                          GTK_WIDGET (window), &before));
  assert_true (before.size.height > 0);
  assert_true (before.origin.y >= after.origin.y + after.size.height);
}

static void
test_transfers_box (void **state)
{
  g_autofree char *journal = journal_path ("transfers-box.sqlite");

  run_session (journal, FALSE, transfers_box_session, NULL);
}

static void
test_daily_limit (void **state)
{
  g_autofree char *journal = journal_path ("limit.sqlite");

  run_session (journal, FALSE, limit_session, NULL);
}

/* Export Transactions…: the file chooser, then the account's CSV */

static void
export_session (BankApplication *app, BankWindow *window, gpointer data)
{
  g_autofree char *path = journal_path ("Everyday.csv");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  GtkFileChooser *chooser;

  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  deposit (app, "acc-1", "t-1", 4200);
  dispatch (app, bank_action_withdraw ("acc-1", "t-2", 1234, "Books", "leisure", BANK_TEST_START));

  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  /* Without a portal, GtkFileChooserNative shows GTK's own dialog, which
   * suggests a name after the account. */
  assert_true (
    rdx_test_iterate_until (find_window (app, GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL, 5000));
  chooser = find_window (app, GTK_TYPE_FILE_CHOOSER_DIALOG);
  assert_string_equal (gtk_file_chooser_get_current_name (chooser), "Everyday.csv");
  assert_true (gtk_widget_activate (find_button (GTK_WIDGET (chooser), "_Cancel")));
  assert_true (
    rdx_test_iterate_until (find_window (app, GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL, 5000));
  assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The file chosen gets the account's transactions. */
  bank_window_export_to (window, file);
  /* What bank_csv_export_file() writes for the account, nothing else. */
  expected = bank_csv_export (rdx_store_get_state (bank_application_get_store (app)), "acc-1",
                              local, &error);
  assert_non_null (expected);
  assert_true (g_file_get_contents (path, &written, NULL, &error));
  assert_string_equal (written, expected);
  assert_non_null (strstr (window->last_toast, "Everyday.csv"));
}

static void
test_export (void **state)
{
  g_autofree char *journal = journal_path ("export.sqlite");

  run_session (journal, FALSE, export_session, NULL);
}

/* The demo, for the README */

static void
demo_session (BankApplication *app, BankWindow *window, gpointer data)
{
  RdxValue *accounts =
    rdx_map_get (rdx_store_get_state (bank_application_get_store (app)), "accounts");

  assert_int_equal (rdx_map_size (accounts), BANK_DEMO_ACCOUNTS);
  assert_int_equal (count_rows (window), BANK_DEMO_ACCOUNTS);
  assert_non_null (window->selected);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  bank_ui_test_wait (300);
  bank_ui_test_screenshot (GTK_WIDGET (window), "rdx-bank-transactions.png");
  adw_view_stack_set_visible_child_name (window->view_stack, "budgets");
  bank_ui_test_screenshot (GTK_WIDGET (window), "rdx-bank-budgets.png");
  adw_view_stack_set_visible_child_name (window->view_stack, "chart");
  bank_ui_test_screenshot (GTK_WIDGET (window), "rdx-bank-chart.png");
  /* The README's picture. */
  adw_view_stack_set_visible_child_name (window->view_stack, "transactions");
  bank_ui_test_screenshot (GTK_WIDGET (window), "rdx-bank.png");

  /* Ctrl+F: the transactions' search, from any page. */
  adw_view_stack_set_visible_child_name (window->view_stack, "chart");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  assert_string_equal (adw_view_stack_get_visible_child_name (window->view_stack), "transactions");
  assert_true (
    rdx_test_iterate_until (gtk_window_get_focus (GTK_WINDOW (window)) != NULL &&
                              gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                                      window->transactions_view),
                            2000));
}

static void
test_demo (void **state)
{
  g_autofree char *journal = journal_path ("demo.sqlite");

  run_session (journal, TRUE, demo_session, NULL);
}

/* The debugger after --demo: the demo year, not only this session */

static void
demo_history_session (BankApplication *app, BankWindow *window, gpointer data)
{
  gpointer          *weak = data;
  RdxHistory        *history = bank_application_get_history (app);
  RdxStore          *store = bank_application_get_store (app);
  RdxJournal        *journal = bank_application_get_journal (app);
  RdxHistoryEntry   *present;
  RdxDebuggerWindow *debugger;
  guint64            last_sequence = rdx_journal_get_last_sequence (journal);
  guint              n_entries = g_list_model_get_n_items (G_LIST_MODEL (history));
  guint              n_demo = 0;

  /* This session dispatched only ui.* actions (the selection); the history
   * holds the demo's actions before them, as many as it keeps. */
  assert_true (n_entries > 2 + 1);
  assert_true (n_entries <= BANK_HISTORY_MAX_ENTRIES);
  assert_true (rdx_history_get_at_present (history));
  present = rdx_history_get_entry (history, n_entries - 1);
  assert_true (
    rdx_value_equal (rdx_history_entry_get_state (present), rdx_store_get_state (store)));
  for (guint i = 1; i < n_entries; i++)
    {
      const char *type = rdx_history_entry_get_action_type (rdx_history_get_entry (history, i));

      n_demo += type != NULL && !g_str_has_prefix (type, "ui.");
    }
  assert_true (n_demo > 0);

  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.debugger", NULL));
  assert_true (rdx_test_iterate_until (find_debugger (app) != NULL, 5000));
  debugger = find_debugger (app);
  watch_finalized (debugger, weak);
  bank_ui_test_wait (200);
  assert_int_equal (rdx_journal_get_last_sequence (journal), last_sequence);
  assert_true (rdx_value_equal (rdx_history_entry_get_state (rdx_history_get_entry (
                                  history, g_list_model_get_n_items (G_LIST_MODEL (history)) - 1)),
                                rdx_store_get_state (store)));
}

static void
test_demo_history (void **state)
{
  g_autofree char *journal = journal_path ("demo-history.sqlite");
  gpointer         weak = NULL;

  run_session (journal, TRUE, demo_history_session, &weak);
  rdx_assert_finalized (weak);
}

/* At 800×600 the leaflet folds: the accounts page has its main menu, and
 * F10 (win.main-menu) opens the one shown; Alt+1…3 show the view. */

static void
narrow_session (BankApplication *app, BankWindow *window, gpointer data)
{
  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  assert_false (gtk_widget_get_visible (GTK_WIDGET (window->sidebar_menu_button)));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  assert_true (rdx_test_iterate_until (adw_leaflet_get_folded (window->leaflet), 5000));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-accounts", NULL));
  assert_true (
    rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (window->sidebar_menu_button)) &&
                              !adw_leaflet_get_child_transition_running (window->leaflet),
                            5000));
  assert_ptr_equal (gtk_menu_button_get_menu_model (window->sidebar_menu_button),
                    gtk_menu_button_get_menu_model (window->menu_button));
  assert_string_equal (gtk_widget_get_tooltip_text (GTK_WIDGET (window->sidebar_menu_button)),
                       "Main Menu");
  assert_true (has_shortcut (GTK_WIDGET (window), "F10", "win.main-menu"));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.main-menu", NULL));
  assert_true (rdx_test_iterate_until (
    gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (window->sidebar_menu_button))),
    5000));
  gtk_menu_button_popdown (window->sidebar_menu_button);

  /* Alt+2 from the accounts page: the chart, on screen. */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "chart"));
  assert_string_equal (adw_view_stack_get_visible_child_name (window->view_stack), "chart");
  assert_true (
    rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (window->menu_button)) &&
                              !adw_leaflet_get_child_transition_running (window->leaflet),
                            5000));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.main-menu", NULL));
  assert_true (rdx_test_iterate_until (
    gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (window->menu_button))), 5000));
  gtk_menu_button_popdown (window->menu_button);
  /* The size is remembered: the next sessions get the usual one. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 720);
}

static void
test_narrow (void **state)
{
  g_autofree char *journal = journal_path ("narrow.sqlite");

  run_session (journal, FALSE, narrow_session, NULL);
}

/* After a crash: said once, in a banner; nothing lost */

static void
before_crash_session (BankApplication *app, BankWindow *window, gpointer data)
{
  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  deposit (app, "acc-1", "t-1", 4200);
  assert_null (bank_application_get_start_message (app));
  assert_false (gtk_revealer_get_reveal_child (window->banner));
}

static void
after_crash_session (BankApplication *app, BankWindow *window, gpointer data)
{
  const char *message = bank_application_get_start_message (app);

  assert_non_null (message);
  assert_non_null (strstr (message, "did not close properly"));
  assert_int_equal (balance_of (app, "acc-1"), 4200);
  /* Said in the banner, which covers nothing and stays until dismissed. */
  assert_true (gtk_revealer_get_reveal_child (window->banner));
  assert_string_equal (gtk_label_get_label (window->banner_label), message);
  assert_true (gtk_widget_get_visible (window->banner_button));
  bank_ui_test_wait (1000);
  assert_true (gtk_revealer_get_reveal_child (window->banner));
  assert_true (gtk_widget_activate (window->banner_button)); /* clicked after a moment */
  assert_true (rdx_test_iterate_until (!gtk_revealer_get_reveal_child (window->banner), 2000));
}

static void
test_crash_recovery (void **state)
{
  g_autofree char *journal = journal_path ("crash.sqlite");
  g_autofree char *wal = journal_path ("crash.sqlite-wal");
  const char      *argv[] = { rdx_bank_program, "--journal", journal, NULL };
  g_autoptr (GError) error = NULL;
  GPid pid;
  int  wait_status = 0;

  run_session (journal, FALSE, before_crash_session, NULL);

  /* rdx-bank opens the journal for writing, and is killed. */
  assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                              &pid, &error));
  /* The write-ahead log is there while a session has the journal open. */
  assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_true (rdx_test_iterate_until (g_file_test (wal, G_FILE_TEST_EXISTS), 20000));
  bank_ui_test_wait (500);
  kill (pid, SIGKILL);
  waitpid (pid, &wait_status, 0);
  g_spawn_close_pid (pid);
  assert_true (WIFSIGNALED (wait_status));

  run_session (journal, FALSE, after_crash_session, NULL);
}

/* A journal rdx-bank cannot use: a clear message, the file untouched */

static void
test_damaged_journal (void **state)
{
  g_autofree char  *journal = journal_path ("damaged.sqlite");
  static const char garbage[] = "This is not a journal, but a note someone saved here.\n";
  g_autoptr (GBytes) after = NULL;
  g_autofree char *body = NULL;

  assert_true (g_file_set_contents (journal, garbage, -1, NULL));
  assert_int_equal (run_app (journal, FALSE, "quit", NULL, NULL, &body), 1);
  assert_non_null (strstr (body, journal));
  assert_non_null (strstr (body, "left as it is"));
  after = rdx_test_read_bytes (journal);
  assert_int_equal (g_bytes_get_size (after), strlen (garbage));
  assert_memory_equal (g_bytes_get_data (after, NULL), garbage, strlen (garbage));
}

static void
new_journal_session (BankApplication *app, BankWindow *window, gpointer data)
{
  assert_string_equal (gtk_stack_get_visible_child_name (window->main_stack), "empty");
  assert_non_null (strstr (bank_application_get_start_message (app), "kept as"));
}

/* Start a New Journal: the damaged file is kept aside, as it was. */
static void
test_damaged_journal_new (void **state)
{
  g_autofree char  *journal = journal_path ("damaged-new.sqlite");
  static const char garbage[] = "Not a journal either.\n";
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint       n_aside = 0;

  assert_true (g_file_set_contents (journal, garbage, -1, NULL));
  assert_int_equal (run_app (journal, FALSE, "new", new_journal_session, NULL, NULL), 0);

  dir = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "damaged-new.sqlite.damaged-"))
      {
        g_autofree char *aside = journal_path (name);
        g_autoptr (GBytes) bytes = rdx_test_read_bytes (aside);

        assert_int_equal (g_bytes_get_size (bytes), strlen (garbage));
        assert_memory_equal (g_bytes_get_data (bytes, NULL), garbage, strlen (garbage));
        n_aside++;
      }
  assert_int_equal (n_aside, 1);
}

/* A journal cut short (a disk that lost its end): Recover What Can Be
 * Read salvages the events still there into a new journal, and the damaged
 * one is kept aside. */

static void
many_deposits_session (BankApplication *app, BankWindow *window, gpointer data)
{
  open_account (app, "acc-1", "Everyday", BANK_ACCOUNT_CHECKING, "EUR", 0);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *txn = g_strdup_printf ("t-%u", i);

      deposit (app, "acc-1", txn, 100);
    }
}

static void
salvaged_session (BankApplication *app, BankWindow *window, gpointer data)
{
  gint64 balance = balance_of (app, "acc-1");

  /* Some deposits came back, not more than were made, each of 1.00. */
  assert_true (balance > 0 && balance <= 400 * 100 && balance % 100 == 0);
  assert_non_null (strstr (bank_application_get_start_message (app), "kept as"));
  assert_int_equal (count_rows (window), 1);
}

static void
test_salvage (void **state)
{
  g_autofree char *journal = journal_path ("salvage.sqlite");
  g_autoptr (GBytes) whole = NULL;
  g_autofree char *body = NULL;
  gsize            size;

  run_session (journal, FALSE, many_deposits_session, NULL);
  whole = rdx_test_read_bytes (journal);
  size = g_bytes_get_size (whole) * 2 / 3 + 100;
  assert_true (g_file_set_contents (journal, g_bytes_get_data (whole, NULL), (gssize) size, NULL));

  assert_int_equal (run_app (journal, FALSE, "salvage", salvaged_session, NULL, &body), 0);
  assert_non_null (strstr (body, journal));
}

/* Another rdx-bank (another process) has the journal open. */
static void
test_locked_journal (void **state)
{
  g_autofree char *journal = journal_path ("locked.sqlite");
  g_autofree char *wal = journal_path ("locked.sqlite-wal");
  const char      *argv[] = { rdx_bank_program, "--journal", journal, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  GPid             pid;
  int              wait_status = 0;

  assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                              &pid, &error));
  assert_true (rdx_test_iterate_until (g_file_test (wal, G_FILE_TEST_EXISTS), 20000));

  assert_int_equal (run_app (journal, FALSE, "quit", NULL, NULL, &body), 1);
  assert_non_null (strstr (body, "in use by another process"));
  assert_non_null (strstr (body, "Close the other program"));

  kill (pid, SIGTERM);
  waitpid (pid, &wait_status, 0);
  g_spawn_close_pid (pid);
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty_state),
    cmocka_unit_test (test_accounts_and_totals),
    cmocka_unit_test (test_debugger),
    cmocka_unit_test (test_restart_restores),
    cmocka_unit_test (test_undo),
    cmocka_unit_test (test_narrow),
    cmocka_unit_test (test_daily_limit),
    cmocka_unit_test (test_transfers_box),
    cmocka_unit_test (test_dialogs_and_undo),
    cmocka_unit_test (test_transfer_now),
    cmocka_unit_test (test_transfer_later),
    cmocka_unit_test (test_export),
    cmocka_unit_test (test_demo),
    cmocka_unit_test (test_demo_history),
    cmocka_unit_test (test_crash_recovery),
    cmocka_unit_test (test_damaged_journal),
    cmocka_unit_test (test_damaged_journal_new),
    cmocka_unit_test (test_salvage),
    cmocka_unit_test (test_locked_journal),
  };
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  int              status;

  if (argc < 2)
    {
      g_printerr ("usage: test-bank-window RDX_BANK [SCREENSHOT_FOLDER]\n");
      return 2;
    }
  rdx_bank_program = argv[1];
  /* Nothing of the person running the tests is read or written. */
  folder = g_dir_make_tmp ("test-bank-window-XXXXXX", NULL);
  config = g_build_filename (folder, "config", NULL);
  data = g_build_filename (folder, "data", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);

  status = bank_ui_test_init (argc - 1, argv + 1);
  if (status == 0)
    status = cmocka_run_group_tests (tests, NULL, NULL);
  rdx_test_remove_dir (folder);
  g_free (folder);
  return status;
}

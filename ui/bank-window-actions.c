/* bank-window-actions.c: what the main window's actions do
 *
 * Each action dispatches, or opens the dialog that will. A refusal of the
 * reducer is shown in a toast with its message; nothing is lost.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-window-private.h"

#include <string.h>

/* Dispatching */

/* The reducer's message without the action type it starts with: the
 * person did not type "accounts.deposit". */
static const char *
message_for_people (const GError *error, RdxAction *action)
{
  const char *type = rdx_action_get_type_name (action);
  gsize       length = strlen (type);

  if (strncmp (error->message, type, length) == 0 && error->message[length] == ':' &&
      error->message[length + 1] == ' ')
    return error->message + length + 2;
  return error->message;
}

/**
 * bank_window_dispatch:
 * @self: the window
 * @action: (transfer full): what to dispatch
 *
 * Dispatches @action to the window's store; a refusal is shown in a toast.
 *
 * Returns: whether the store accepted it
 */
gboolean
bank_window_dispatch (BankWindow *self, RdxAction *action)
{
  g_autoptr (RdxAction) owned = action;
  g_autoptr (GError) error = NULL;

  if (rdx_store_dispatch (self->store, owned, &error))
    return TRUE;
  bank_window_add_toast (self, message_for_people (error, owned));
  return FALSE;
}

/* The account an action is for: its parameter, or the selected one. */
static const char *
account_for (BankWindow *self, GVariant *parameter)
{
  const char *id = parameter != NULL ? g_variant_get_string (parameter, NULL) : "";

  return *id != '\0' ? id : self->selected;
}

/* Undo */

static gboolean
dismiss_toast_cb (gpointer toast)
{
  adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

/* Forgets the last money action; with @dismiss, takes away its toast if
 * still up (its Undo button would do nothing), once idle: libadwaita 1.2
 * may crash when a toast is dismissed and another added at once (as
 * after a reversal from a row's menu). A toast said right after takes
 * its place anyway. */
static void
forget_undo (BankWindow *self, gboolean dismiss)
{
  AdwToast *toast = self->undo_toast;

  g_clear_pointer (&self->undo_id, g_free);
  g_clear_pointer (&self->undo_summary, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
  if (toast != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (toast), (gpointer *) &self->undo_toast);
      self->undo_toast = NULL;
      if (dismiss)
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, dismiss_toast_cb, g_object_ref (toast),
                         g_object_unref);
    }
}

/**
 * bank_window_money_moved:
 * @self: the window
 * @id: the transaction id of a deposit or a withdrawal, or the request id
 *   of a transfer
 * @summary: what happened, for a person ("Deposited 12.00 € into Everyday")
 *
 * Remembers the person's last money action, for Undo, and shows
 * @summary in a toast with an Undo button. The money dialogs' signal
 * "money-moved" calls it.
 */
void
bank_window_money_moved (BankWindow *self, const char *id, const char *summary)
{
  g_autofree char *escaped = NULL;
  AdwToast        *toast;

  g_return_if_fail (BANK_IS_WINDOW (self));
  g_return_if_fail (id != NULL && summary != NULL);

  g_free (self->undo_id);
  self->undo_id = g_strdup (id);
  g_free (self->undo_summary);
  self->undo_summary = g_strdup (summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", TRUE);

  g_free (self->last_toast);
  self->last_toast = g_strdup (summary);
  escaped = g_markup_escape_text (summary, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, "_Undo");
  adw_toast_set_action_name (toast, "win.undo");
  if (self->undo_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
  self->undo_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->undo_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Whether one of the accounts the transaction @txn touched (or the
 * transfer @transfer is between) was closed since. */
static gboolean
touches_closed_account (RdxValue *state, RdxValue *txn, RdxValue *transfer)
{
  RdxValue   *accounts = rdx_map_get (state, "accounts");
  RdxValue   *postings = rdx_map_get_list (txn, "postings");
  RdxListIter iter;
  RdxValue   *posting;

  if (postings != NULL)
    {
      rdx_list_iter_init (&iter, postings);
      while (rdx_list_iter_next (&iter, &posting))
        if (rdx_map_get_bool (rdx_map_get (accounts, rdx_map_get_string (posting, "account", "")),
                              "closed", FALSE))
          return TRUE;
    }
  for (const char **end = (const char *[]){ "from", "to", NULL }; transfer != NULL && *end != NULL;
       end++)
    if (rdx_map_get_bool (rdx_map_get (accounts, rdx_map_get_string (transfer, *end, "")), "closed",
                          FALSE))
      return TRUE;
  return FALSE;
}

/* Why the last money action @id cannot be undone now, in a sentence
 * that says what to do instead; NULL when it can. A transfer is a
 * transaction once completed (its request id names it); until then
 * there is nothing booked to reverse. */
static const char *
why_not_undoable (RdxValue *state, const char *id)
{
  RdxValue   *transfer = rdx_map_get (rdx_map_get (state, "transfers"), id);
  const char *status = rdx_map_get_string (transfer, "status", NULL);
  RdxValue   *txn = rdx_map_get (rdx_map_get (state, "txns"), id);

  if (txn != NULL && rdx_map_get (txn, "reversed_by") != NULL)
    return "It was undone already.";
  if (touches_closed_account (state, txn, transfer))
    return "Its account was closed, so it can no longer be undone. Open an account to book the "
           "money again.";
  if (txn != NULL)
    return NULL;
  if (g_strcmp0 (status, "pending") == 0)
    return "The transfer is still pending with the bank; undo it once it has completed.";
  if (g_strcmp0 (status, "failed") == 0)
    return "The transfer failed, so no money moved and there is nothing to undo.";
  return "There is nothing to undo.";
}

/* Whether the last money action @self remembers can never be undone
 * any more (a pending transfer still may). */
static gboolean
undo_is_gone (BankWindow *self)
{
  RdxValue   *state = rdx_store_get_state (self->store);
  RdxValue   *transfer = rdx_map_get (rdx_map_get (state, "transfers"), self->undo_id);
  const char *reason = why_not_undoable (state, self->undo_id);

  return reason != NULL &&
         g_strcmp0 (rdx_map_get_string (transfer, "status", NULL), "pending") != 0;
}

/**
 * bank_window_check_undo:
 * @self: the window
 *
 * Forgets the last money action, and takes its toast away, once it can
 * never be undone: undone already, its account closed, its transfer
 * failed. The update function calls it.
 */
void
bank_window_check_undo (BankWindow *self)
{
  if (self->undo_id != NULL && self->store != NULL && undo_is_gone (self))
    forget_undo (self, TRUE);
}

static void
undo_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow      *self = BANK_WINDOW (widget);
  const char      *reason;
  g_autofree char *reversal_id = NULL;
  g_autofree char *done = NULL;
  g_autoptr (RdxAction) reversal = NULL;
  g_autoptr (GError) error = NULL;

  if (self->undo_id == NULL)
    return;
  reason = why_not_undoable (rdx_store_get_state (self->store), self->undo_id);
  if (reason != NULL)
    {
      /* Only a pending transfer can be undone later. */
      if (undo_is_gone (self))
        forget_undo (self, FALSE);
      bank_window_add_toast (self, reason);
      return;
    }
  reversal_id = g_uuid_string_random ();
  reversal = bank_action_reverse (self->undo_id, reversal_id, "Undone", g_get_real_time ());
  done = g_strdup_printf ("Undone: %s", self->undo_summary);
  /* Forgotten first: the update the dispatch brings finds nothing to
   * take away, and the toast said next takes the Undo toast's place. */
  forget_undo (self, FALSE);
  if (!rdx_store_dispatch (self->store, reversal, &error))
    {
      /* The reducer's words name ids; a person gets what to do. */
      g_debug ("Undo refused: %s", error->message);
      bank_window_add_toast (self, "This can no longer be undone. Deposit or withdraw the "
                                   "amount to put it right.");
      return;
    }
  bank_window_add_toast (self, done);
}

/* Money */

static void
money_moved_cb (BankMoneyDialog *dialog, const char *id, const char *summary, BankWindow *self)
{
  bank_window_money_moved (self, id, summary);
}

static void
present_money_dialog (BankWindow *self, BankMoneyKind kind)
{
  BankMoneyDialog *dialog =
    bank_money_dialog_present (GTK_WINDOW (self), self->store, kind, self->selected);

  if (dialog != NULL)
    g_signal_connect_object (dialog, "money-moved", G_CALLBACK (money_moved_cb), self, 0);
}

static void
deposit_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  present_money_dialog (BANK_WINDOW (widget), BANK_MONEY_DEPOSIT);
}

static void
withdraw_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  present_money_dialog (BANK_WINDOW (widget), BANK_MONEY_WITHDRAW);
}

static void
transfer_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  present_money_dialog (BANK_WINDOW (widget), BANK_MONEY_TRANSFER);
}

/* Accounts */

static void
open_account_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);

  bank_account_dialog_present_open (GTK_WINDOW (self), self->store);
}

static void
rename_account_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);
  const char *id = account_for (self, parameter);

  if (id != NULL)
    bank_account_dialog_present_rename (GTK_WINDOW (self), self->store, id);
}

static void
close_account_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);
  const char *id = account_for (self, parameter);

  if (id != NULL)
    bank_account_dialog_present_close (GTK_WINDOW (self), self->store, id);
}

static void
account_menu_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);

  bank_window_popup_account_menu (self, gtk_list_box_get_selected_row (self->accounts_list), -1,
                                  -1);
}

/**
 * bank_window_account_menu_new:
 * @account_id: an account
 *
 * Returns: (transfer full): the context menu of the account
 */
GMenuModel *
bank_window_account_menu_new (const char *account_id)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenuItem) rename = g_menu_item_new ("_Rename…", NULL);
  g_autoptr (GMenuItem) close = g_menu_item_new ("_Close Account…", NULL);

  g_menu_item_set_action_and_target (rename, "win.rename-account", "s", account_id);
  g_menu_item_set_action_and_target (close, "win.close-account", "s", account_id);
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, close);
  return G_MENU_MODEL (menu);
}

static void
show_accounts_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  adw_leaflet_navigate (BANK_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
dismiss_banner_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);

  gtk_revealer_set_reveal_child (self->banner, FALSE);
}

/* F10: the main menu of the page shown. Each page has its menu button
 * (the sidebar's shows only when folded); GtkMenuButton:primary would
 * bind F10 to one of them, whether on screen or not. */
static void
main_menu_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow    *self = BANK_WINDOW (widget);
  GtkMenuButton *button = self->empty_menu_button;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "accounts") == 0)
    button = adw_leaflet_get_folded (self->leaflet) &&
                 gtk_widget_is_ancestor (GTK_WIDGET (self->sidebar_menu_button),
                                         adw_leaflet_get_visible_child (self->leaflet))
               ? self->sidebar_menu_button
               : self->menu_button;
  gtk_menu_button_popup (button);
}

/* Views */

/* Alt+1…3: the view, on screen also when the sidebar was (folded). */
static void
view_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
search_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "transactions");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  bank_transactions_view_focus_search (BANK_TRANSACTIONS_VIEW (self->transactions_view));
}

/* Import and export */

static void
import_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow *self = BANK_WINDOW (widget);

  bank_import_dialog_present (GTK_WINDOW (self), self->store, self->selected);
}

/**
 * bank_window_export_to:
 * @self: the window
 * @file: where to write
 *
 * Writes the selected account's transactions as CSV into @file, and says
 * in a toast how it went. The file chooser of win.export calls it.
 */
void
bank_window_export_to (BankWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;
  g_autofree char *name = NULL;

  if (self->selected == NULL)
    return;
  if (!bank_csv_export_file (rdx_store_get_state (self->store), self->selected, file, &error))
    {
      bank_window_add_toast (self, error->message);
      return;
    }
  name = g_file_get_basename (file);
  done = g_strdup_printf ("Transactions exported to “%s”", name);
  bank_window_add_toast (self, done);
}

static void
export_response_cb (GtkNativeDialog *chooser, int response, BankWindow *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file != NULL)
    bank_window_export_to (self, file);
}

static void
export_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  BankWindow           *self = BANK_WINDOW (widget);
  RdxValue             *account;
  GtkFileChooserNative *chooser;
  g_autofree char      *suggested = NULL;

  if (self->selected == NULL)
    return;
  account =
    rdx_map_get (rdx_map_get (rdx_store_get_state (self->store), "accounts"), self->selected);
  suggested = g_strdup_printf ("%s.csv", rdx_map_get_string (account, "name", "transactions"));
  g_strdelimit (suggested, "/", '-');
  chooser = gtk_file_chooser_native_new ("Export Transactions", GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The wiring */

/**
 * bank_window_update_actions:
 * @self: the window
 * @n_accounts: how many accounts are open
 *
 * Sets which actions can run now; called by the update function.
 */
void
bank_window_update_actions (BankWindow *self, guint n_accounts)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean   selected = self->selected != NULL;

  gtk_widget_action_set_enabled (widget, "win.open-account", TRUE);
  gtk_widget_action_set_enabled (widget, "win.rename-account", n_accounts > 0);
  gtk_widget_action_set_enabled (widget, "win.close-account", n_accounts > 0);
  gtk_widget_action_set_enabled (widget, "win.deposit", selected);
  gtk_widget_action_set_enabled (widget, "win.withdraw", selected);
  gtk_widget_action_set_enabled (widget, "win.transfer", selected && n_accounts > 1);
  gtk_widget_action_set_enabled (widget, "win.import", selected);
  gtk_widget_action_set_enabled (widget, "win.export", selected);
  gtk_widget_action_set_enabled (widget, "win.search", selected);
  gtk_widget_action_set_enabled (widget, "win.account-menu", selected);
  gtk_widget_action_set_enabled (widget, "win.undo", self->undo_id != NULL);
}

void
bank_window_class_init_actions (BankWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open-account", NULL, open_account_activated);
  gtk_widget_class_install_action (widget_class, "win.rename-account", "s",
                                   rename_account_activated);
  gtk_widget_class_install_action (widget_class, "win.close-account", "s", close_account_activated);
  gtk_widget_class_install_action (widget_class, "win.account-menu", NULL, account_menu_activated);
  gtk_widget_class_install_action (widget_class, "win.show-accounts", NULL,
                                   show_accounts_activated);
  gtk_widget_class_install_action (widget_class, "win.deposit", NULL, deposit_activated);
  gtk_widget_class_install_action (widget_class, "win.withdraw", NULL, withdraw_activated);
  gtk_widget_class_install_action (widget_class, "win.transfer", NULL, transfer_activated);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "win.view", "s", view_activated);
  gtk_widget_class_install_action (widget_class, "win.main-menu", NULL, main_menu_activated);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL,
                                   dismiss_banner_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.open-account", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "win.main-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "win.rename-account", "s", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "win.account-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "win.account-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.deposit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.withdraw",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.transfer",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.view", "s",
                                       "transactions");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.view", "s",
                                       "chart");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.view", "s",
                                       "budgets");
}

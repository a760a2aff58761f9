/* bank-account-dialog.c: an account opened, renamed or closed
 *
 * One window opens an account (a name, a kind, a currency and a limit)
 * or renames one (the name alone); what is typed is the dialog's own,
 * read by one update function that says inline what is wrong and makes
 * the confirm button sensitive only when the reducer should accept it.
 * A refusal of the reducer all the same is shown at the top, and what
 * was typed stays.
 *
 * Closing asks first, in an AdwMessageDialog. The state is read before:
 * an account that holds money or has pending transfers cannot close
 * (the reducer refuses it), so the dialog says why and what to do
 * instead of offering a button that would fail.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-account-dialog-private.h"
#include "bank-label.h"

#include <locale.h>
#include <string.h>

#define MAX_NAME_LENGTH  100 /* characters, as the actions' schema */
#define MAX_LIMIT_LENGTH 100

/* The currencies listed, besides the locale's own. */
static const char *const common_currencies[] = {
  "EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK",
  "PLN", "CZK", "HUF", "CNY", "INR", "BRL", "MXN", "ZAR", "KWD", NULL,
};

G_DEFINE_FINAL_TYPE (BankAccountDialog, bank_account_dialog, GTK_TYPE_WINDOW)

/* What the input amounts to. */
typedef struct
{
  char           *name; /* trimmed */
  BankAccountKind kind;
  const char     *currency;
  gint64          limit;
  char           *name_message; /* nullable */
  gboolean        name_error;
  char           *limit_message; /* nullable */
  gboolean        limit_error;
} Input;

static void
input_clear (Input *input)
{
  g_free (input->name);
  g_free (input->name_message);
  g_free (input->limit_message);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Input, input_clear)

/**
 * bank_account_dialog_default_currency:
 *
 * Returns: (transfer full): the currency of the locale (LC_MONETARY)
 *   when it is an ISO 4217 code, else "EUR"
 */
char *
bank_account_dialog_default_currency (void)
{
  const char      *symbol = localeconv ()->int_curr_symbol;
  g_autofree char *code = g_strndup (symbol != NULL ? symbol : "", 3);

  return bank_currency_is_valid (code) ? g_steal_pointer (&code) : g_strdup ("EUR");
}

static RdxValue *
get_account (RdxStore *store, const char *id)
{
  RdxValue *accounts = rdx_map_get_map (rdx_store_get_state (store), "accounts");

  return id != NULL ? rdx_map_get_map (accounts, id) : NULL;
}

/* Reading the input */

static void
read_name (BankAccountDialog *self, Input *input)
{
  RdxValue   *account = get_account (self->store, self->account_id);
  const char *old_name = rdx_map_get_string (account, "name", NULL);

  input->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*input->name == '\0')
    input->name_message = g_strdup ("Give the account a name.");
  else if (g_utf8_strlen (input->name, -1) > MAX_NAME_LENGTH)
    {
      input->name_message =
        g_strdup_printf ("Shorten the name to at most %d characters.", MAX_NAME_LENGTH);
      input->name_error = TRUE;
    }
  else if (old_name != NULL && g_str_equal (old_name, input->name))
    input->name_message = g_strdup ("Type the new name.");
  else
    {
      /* Two open accounts of the same name (in any case) could not be
       * told apart in the lists. */
      RdxValue        *accounts = rdx_map_get_map (rdx_store_get_state (self->store), "accounts");
      g_autofree char *folded = g_utf8_casefold (input->name, -1);
      RdxMapIter       iter;
      const char      *id;
      RdxValue        *other;

      rdx_map_iter_init (&iter, accounts);
      while (rdx_map_iter_next (&iter, &id, &other))
        {
          g_autofree char *other_folded = NULL;

          if (rdx_map_get_bool (other, "closed", FALSE) || g_strcmp0 (id, self->account_id) == 0)
            continue;
          other_folded = g_utf8_casefold (rdx_map_get_string (other, "name", ""), -1);
          if (g_str_equal (folded, other_folded))
            {
              input->name_message =
                g_strdup_printf ("An open account is named “%s” already. Choose another name.",
                                 rdx_map_get_string (other, "name", ""));
              input->name_error = TRUE;
              break;
            }
        }
    }
}

static void
read_limit (BankAccountDialog *self, Input *input)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->limit_row));
  g_autoptr (GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  input->limit = 0;
  if (*trimmed == '\0')
    {
      input->limit_message =
        g_strdup ("How far below zero the balance may go (an overdraft or a credit line); none "
                  "when empty.");
      return;
    }
  input->limit_error = TRUE;
  if (g_utf8_strlen (text, -1) > MAX_LIMIT_LENGTH)
    input->limit_message = g_strdup ("That is too long to be an amount.");
  else if (!bank_parse_money (text, input->currency, BANK_PARSE_DEFAULT, &input->limit, &error))
    input->limit_message = g_strdup (error->message);
  else if (input->limit < 0)
    input->limit_message = g_strdup ("The limit cannot be below zero; leave it empty for none.");
  else
    input->limit_error = FALSE;
}

/* Reads what was typed and chosen. Returns whether it makes an action
 * the reducer should accept. */
static gboolean
read_input (BankAccountDialog *self, Input *input)
{
  guint currency = adw_combo_row_get_selected (self->currency_row);

  read_name (self, input);
  if (self->account_id != NULL)
    return input->name_message == NULL;

  input->kind =
    (BankAccountKind) MIN (adw_combo_row_get_selected (self->kind_row), BANK_ACCOUNT_CREDIT);
  input->currency = gtk_string_list_get_string (self->currencies, currency);
  if (input->currency == NULL)
    input->currency = "EUR";
  read_limit (self, input);
  return input->name_message == NULL && !input->limit_error;
}

/* The update */

/* Projects the input and the last refusal onto the widgets and the
 * confirm action. */
static void
bank_account_dialog_update (BankAccountDialog *self)
{
  g_auto (Input) input = { 0 };
  gboolean valid = read_input (self, &input);

  self->n_updates++;
  bank_label_set_message (self->name_label, input.name_message, input.name_error);
  bank_label_set_message (self->limit_label, input.limit_message, input.limit_error);
  gtk_label_set_label (self->currency_label, input.currency != NULL ? input.currency : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), self->refusal != NULL);
  gtk_label_set_label (self->error_label, self->refusal != NULL ? self->refusal : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.confirm", valid);
}

static void
input_changed_cb (BankAccountDialog *self)
{
  g_clear_pointer (&self->refusal, g_free);
  bank_account_dialog_update (self);
}

/* Confirming */

static void
confirm_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (BankAccountDialog) self = g_object_ref (BANK_ACCOUNT_DIALOG (widget));
  g_auto (Input) input = { 0 };
  g_autofree char *id = NULL;
  g_autoptr (RdxAction) action = NULL;
  g_autoptr (GError) error = NULL;

  if (!read_input (self, &input))
    return;
  if (self->account_id != NULL)
    action = bank_action_rename_account (self->account_id, input.name);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();

      id = g_strconcat ("acc-", uuid, NULL);
      action = bank_action_open_account (id, input.name, input.kind, input.currency, input.limit,
                                         g_get_real_time ());
    }
  if (!rdx_store_dispatch (self->store, action, &error))
    {
      g_free (self->refusal);
      self->refusal = g_strdup (error->message);
      bank_account_dialog_update (self);
      return;
    }
  /* A new account is the one the window shows next. */
  if (id != NULL && !rdx_store_dispatch_take (self->store, bank_action_select_account (id), &error))
    g_warning ("The new account was not selected: %s", error->message);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The object */

static void
bank_account_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BANK_TYPE_ACCOUNT_DIALOG);

  G_OBJECT_CLASS (bank_account_dialog_parent_class)->dispose (object);
}

static void
bank_account_dialog_finalize (GObject *object)
{
  BankAccountDialog *self = BANK_ACCOUNT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->currencies);
  g_free (self->account_id);
  g_free (self->refusal);

  G_OBJECT_CLASS (bank_account_dialog_parent_class)->finalize (object);
}

static void
bank_account_dialog_class_init (BankAccountDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bank_account_dialog_dispose;
  object_class->finalize = bank_account_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/rdx/Bank/bank-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, terms_group);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, limit_row);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, currency_label);
  gtk_widget_class_bind_template_child (widget_class, BankAccountDialog, limit_label);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);

  gtk_widget_class_install_action (widget_class, "account.confirm", NULL, confirm_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  g_type_ensure (ADW_TYPE_HEADER_BAR);
  g_type_ensure (ADW_TYPE_PREFERENCES_PAGE);
  g_type_ensure (ADW_TYPE_COMBO_ROW);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
}

/* The Currency row: the locale's first, when it is not a common one. */
static void
fill_currencies (BankAccountDialog *self)
{
  g_autofree char *local = bank_account_dialog_default_currency ();
  guint            selected = 0;

  self->currencies = gtk_string_list_new (NULL);
  if (!g_strv_contains (common_currencies, local))
    gtk_string_list_append (self->currencies, local);
  for (guint i = 0; common_currencies[i] != NULL; i++)
    gtk_string_list_append (self->currencies, common_currencies[i]);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->currencies)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->currencies, i), local))
      selected = i;
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (self->currencies));
  adw_combo_row_set_selected (self->currency_row, selected);
}

static void
bank_account_dialog_init (BankAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named by its visible label only (its accessible label): GTK 4.8 adds
   * the label child it is labelled by, which says it twice. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->cancel_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* The words of opening or renaming. */
static void
set_mode (BankAccountDialog *self, RdxValue *account)
{
  gboolean opening = self->account_id == NULL;

  gtk_window_set_title (GTK_WINDOW (self), opening ? "Open Account" : "Rename Account");
  gtk_button_set_label (self->confirm_button, opening ? "_Open" : "_Rename");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, opening ? "Open" : "Rename", -1);
  /* Named by its visible label only: GTK 4.8 adds the label it is
   * labelled by, which says it twice. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->confirm_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_widget_set_visible (GTK_WIDGET (self->terms_group), opening);
  if (account != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), rdx_map_get_string (account, "name", ""));
}

/**
 * bank_account_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a store of the bank's state
 * @account_id: (nullable): the account to rename, or %NULL to open one
 *
 * Presents the dialog that opens or renames an account.
 *
 * Returns: (transfer none): the dialog, which destroys itself when closed
 */
BankAccountDialog *
bank_account_dialog_new (GtkWindow *parent, RdxStore *store, const char *account_id)
{
  BankAccountDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RDX_IS_STORE (store), NULL);

  self = g_object_new (BANK_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->account_id = g_strdup (account_id);
  fill_currencies (self);
  set_mode (self, get_account (store, account_id));
  bank_account_dialog_update (self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

/**
 * bank_account_dialog_present_open:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a store of the bank's state (bank_reducer_new())
 *
 * Presents a dialog that asks for a new account's name, kind, currency
 * and limit, and dispatches `accounts.open` (with an id "acc-" and a
 * UUID) to @store, then selects the new account (`ui.select`). A refusal
 * is shown in the dialog, which stays open.
 */
void
bank_account_dialog_present_open (GtkWindow *parent, RdxStore *store)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (RDX_IS_STORE (store));

  bank_account_dialog_new (parent, store, NULL);
}

/**
 * bank_account_dialog_present_rename:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a store of the bank's state (bank_reducer_new())
 * @account_id: the account to rename
 *
 * Presents a dialog that asks for the account's new name and dispatches
 * `accounts.rename` to @store. A refusal is shown in the dialog, which
 * stays open.
 */
void
bank_account_dialog_present_rename (GtkWindow *parent, RdxStore *store, const char *account_id)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (RDX_IS_STORE (store));
  g_return_if_fail (account_id != NULL);

  bank_account_dialog_new (parent, store, account_id);
}

/* Closing */

typedef struct
{
  RdxStore  *store;
  char      *account_id;
  char      *name;
  GtkWindow *parent;
} Closing;

static void
closing_free (gpointer data, GClosure *closure)
{
  Closing *closing = data;

  g_object_unref (closing->store);
  g_clear_object (&closing->parent);
  g_free (closing->account_id);
  g_free (closing->name);
  g_free (closing);
}

static AdwMessageDialog *
message_new (GtkWindow *parent, const char *heading, const char *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  adw_message_dialog_add_response (dialog, "ok", "_OK");
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "ok");
  return dialog;
}

static void
close_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  Closing *closing = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *heading = NULL;

  if (!g_str_equal (response, "close"))
    return;
  if (rdx_store_dispatch_take (closing->store,
                               bank_action_close_account (closing->account_id, g_get_real_time ()),
                               &error))
    return;
  heading = g_strdup_printf ("“%s” Was Not Closed", closing->name);
  gtk_window_present (GTK_WINDOW (message_new (closing->parent, heading, error->message)));
}

/* Why the account cannot close yet, and what to do; NULL when it can. */
static char *
why_not_empty (RdxStore *store, RdxValue *account)
{
  const char *id = rdx_map_get_string (account, "id", "");
  gint64      balance = rdx_map_get_int (account, "balance", 0);
  gboolean    pending =
    rdx_map_get_int (account, "held", 0) != 0 || rdx_map_get_int (account, "incoming", 0) != 0;
  RdxValue        *transfers = rdx_map_get_map (rdx_store_get_state (store), "transfers");
  g_autofree char *money = NULL;
  RdxMapIter       iter;
  RdxValue        *transfer;
  const char      *key;

  if (transfers != NULL)
    rdx_map_iter_init (&iter, transfers);
  while (!pending && transfers != NULL && rdx_map_iter_next (&iter, &key, &transfer))
    pending = g_str_equal (rdx_map_get_string (transfer, "status", ""), "pending") &&
              (g_str_equal (rdx_map_get_string (transfer, "from", ""), id) ||
               g_str_equal (rdx_map_get_string (transfer, "to", ""), id));
  if (balance == 0 && !pending)
    return NULL;
  money = bank_format_amount (balance, rdx_map_get_string (account, "currency", "XXX"));
  if (balance != 0 && pending)
    return g_strdup_printf ("It holds %s and has transfers still pending. An account closes only "
                            "at a zero balance, once its transfers have settled: wait for them, "
                            "then withdraw the money or transfer it to another account.",
                            money);
  if (balance != 0)
    return g_strdup_printf ("It holds %s, and an account closes only at a zero balance. Withdraw "
                            "the money or transfer it to another account first.",
                            money);
  return g_strdup ("It has transfers still pending. Close it once they have settled.");
}

/**
 * bank_account_dialog_confirm_close:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a store of the bank's state
 * @account_id: the account to close
 *
 * Presents the question whether to close @account_id, or why it cannot
 * close yet.
 *
 * Returns: (transfer none): the message dialog, which destroys itself
 *   when answered
 */
AdwMessageDialog *
bank_account_dialog_confirm_close (GtkWindow *parent, RdxStore *store, const char *account_id)
{
  RdxValue         *account;
  AdwMessageDialog *dialog;
  Closing          *closing;
  g_autofree char  *heading = NULL;
  g_autofree char  *reason = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RDX_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  account = get_account (store, account_id);
  if (account == NULL || rdx_map_get_bool (account, "closed", FALSE))
    {
      dialog =
        message_new (parent, "The Account Cannot Be Closed",
                     account == NULL ? "There is no such account." : "It is closed already.");
      gtk_window_present (GTK_WINDOW (dialog));
      return dialog;
    }
  reason = why_not_empty (store, account);
  if (reason != NULL)
    {
      heading = g_strdup_printf ("“%s” Cannot Be Closed Yet",
                                 rdx_map_get_string (account, "name", account_id));
      dialog = message_new (parent, heading, reason);
      gtk_window_present (GTK_WINDOW (dialog));
      return dialog;
    }

  heading = g_strdup_printf ("Close “%s”?", rdx_map_get_string (account, "name", account_id));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    parent, heading,
    "Nothing can be booked on a closed account anymore. Its transactions stay in the books."));
  adw_message_dialog_add_responses (dialog, "cancel", "_Cancel", "close", "_Close Account", NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  closing = g_new0 (Closing, 1);
  closing->store = g_object_ref (store);
  closing->account_id = g_strdup (account_id);
  closing->name = g_strdup (rdx_map_get_string (account, "name", account_id));
  closing->parent = parent != NULL ? g_object_ref (parent) : NULL;
  g_signal_connect_data (dialog, "response", G_CALLBACK (close_response_cb), closing, closing_free,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * bank_account_dialog_present_close:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a store of the bank's state (bank_reducer_new())
 * @account_id: the account to close
 *
 * Asks whether to close @account_id ("Close Account" or "Cancel") and
 * dispatches `accounts.close` to @store if so. When the account holds
 * money or has pending transfers, it says instead why it cannot close
 * yet and what to do. A refusal of the reducer is shown in a message.
 */
void
bank_account_dialog_present_close (GtkWindow *parent, RdxStore *store, const char *account_id)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (RDX_IS_STORE (store));
  g_return_if_fail (account_id != NULL);

  bank_account_dialog_confirm_close (parent, store, account_id);
}

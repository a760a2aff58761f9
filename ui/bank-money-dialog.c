/* bank-money-dialog.c: a deposit, a withdrawal or a transfer, typed in
 *
 * The dialog lists the open accounts (bank_selector_accounts_new()),
 * reads the amount as the person types it (bank_parse_money(), in the
 * locale's conventions) and says inline what is wrong with it: not an
 * amount, too many decimal places, more than the account has available.
 * The confirm button is sensitive only when the input is one the reducer
 * should accept; confirming builds one action, with a new id and the
 * time, and dispatches it. If the reducer refuses it all the same (the
 * books moved in between, a balance that would overflow), its message is
 * shown at the top and everything typed stays.
 *
 * What was typed and chosen is the dialog's own; the accounts are the
 * store's, watched, so the rows and the available amount follow the
 * store while the dialog is open. One update function projects both.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-money-dialog-private.h"
#include "bank-label.h"

#include <locale.h>

#define MAX_AMOUNT_LENGTH   100 /* characters: longer is not an amount */
#define MAX_MEMO_LENGTH     200 /* characters, as the actions' schema */
#define MAX_CATEGORY_LENGTH 40
#define MAX_CATEGORY_ITEMS  50 /* in the menu of categories in use */

enum
{
  SIGNAL_MONEY_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BankMoneyDialog, bank_money_dialog, GTK_TYPE_WINDOW)

/* What the input amounts to: each part, and why it cannot be sent. */
typedef struct
{
  RdxValue *from;   /* borrowed, NULL when none is chosen */
  RdxValue *to;     /* borrowed, transfers only */
  gint64    amount; /* minor units, when amount_ok */
  gboolean  amount_ok;
  char     *account_message; /* nullable: what is wrong with the accounts */
  char     *amount_message;  /* nullable: what is wrong with the amount */
  gboolean  amount_error;    /* whether amount_message is an error */
  char     *details_message; /* nullable: the description or category */
  char     *memo;            /* trimmed, NULL when empty */
  char     *category;        /* trimmed, NULL when empty */
} Input;

static void
input_clear (Input *input)
{
  g_free (input->account_message);
  g_free (input->amount_message);
  g_free (input->details_message);
  g_free (input->memo);
  g_free (input->category);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Input, input_clear)

/* The selector */

/* [open accounts, categories] → {accounts, categories} */
static RdxValue *
select_dialog (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  return rdx_map_new_take (
    "accounts", inputs[0] != NULL ? rdx_value_ref (inputs[0]) : rdx_list_new (), "categories",
    inputs[1] != NULL ? rdx_value_ref (inputs[1]) : rdx_list_new (), NULL);
}

static RdxSelector *
dialog_selector_new (void)
{
  g_autoptr (RdxSelector) accounts = bank_selector_accounts_new (FALSE);
  g_autoptr (RdxSelector) categories = bank_selector_categories_new ();

  return rdx_selector_new (select_dialog, NULL, NULL, accounts, categories, NULL);
}

/* The accounts */

static RdxValue *
find_account (RdxValue *accounts, const char *id)
{
  RdxListIter iter;
  RdxValue   *account;

  if (id == NULL || accounts == NULL)
    return NULL;
  rdx_list_iter_init (&iter, accounts);
  while (rdx_list_iter_next (&iter, &account))
    if (g_strcmp0 (rdx_map_get_string (account, "id", NULL), id) == 0)
      return account;
  return NULL;
}

/* Whether @account can be where a transfer from @from goes. */
static gboolean
is_destination (RdxValue *account, RdxValue *from)
{
  return from != NULL &&
         g_strcmp0 (rdx_map_get_string (account, "id", ""), rdx_map_get_string (from, "id", "")) !=
           0 &&
         g_strcmp0 (rdx_map_get_string (account, "currency", ""),
                    rdx_map_get_string (from, "currency", "")) == 0;
}

/* Fills @row with the open accounts (for the To row, those a transfer
 * from @from can go to), @ids with their ids, and selects the one whose
 * id is *@chosen. When it is not listed: with @fallback, the first,
 * written back into *@chosen; without, none (an account chosen that
 * closed meanwhile is not silently replaced by another). */
static void
fill_row (BankMoneyDialog *self,
          AdwComboRow     *row,
          GPtrArray       *ids,
          char           **chosen,
          RdxValue        *from,
          gboolean         fallback)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint       selected = GTK_INVALID_LIST_POSITION;
  RdxListIter iter;
  RdxValue   *account;

  g_ptr_array_set_size (ids, 0);
  rdx_list_iter_init (&iter, self->accounts);
  while (rdx_list_iter_next (&iter, &account))
    {
      const char *id = rdx_map_get_string (account, "id", "");

      if (row == self->to_row && !is_destination (account, from))
        continue;
      if (g_strcmp0 (id, *chosen) == 0)
        selected = ids->len;
      g_ptr_array_add (ids, g_strdup (id));
      gtk_string_list_append (names, rdx_map_get_string (account, "name", id));
    }
  if (selected == GTK_INVALID_LIST_POSITION && ids->len > 0 && fallback)
    {
      selected = 0;
      g_free (*chosen);
      *chosen = g_strdup (ids->pdata[0]);
    }

  self->setting_up = TRUE;
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, selected);
  self->setting_up = FALSE;
}

/* Reading the input */

static char *
trimmed_text (AdwEntryRow *row)
{
  char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* "1234.56" as the locale writes it, with @currency's decimals. */
static char *
amount_example (const char *currency)
{
  const struct lconv *lc = localeconv ();
  const char         *point = lc->mon_decimal_point;
  guint               digits = MIN (bank_currency_get_digits (currency), 5);

  if (point == NULL || *point == '\0')
    point = lc->decimal_point;
  if (point == NULL || *point == '\0')
    point = ".";
  if (digits == 0)
    return g_strdup ("1234");
  return g_strdup_printf ("1234%s%.*s", point, (int) digits, "56789");
}

static void
read_amount (BankMoneyDialog *self, Input *input)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  const char *currency = rdx_map_get_string (input->from, "currency", "XXX");
  g_autoptr (GError) error = NULL;

  if (g_utf8_strlen (text, -1) > MAX_AMOUNT_LENGTH)
    {
      input->amount_message = g_strdup ("That is too long to be an amount.");
      input->amount_error = TRUE;
      return;
    }
  input->amount_ok = bank_parse_money (text, currency, BANK_PARSE_POSITIVE, &input->amount, &error);
  if (!input->amount_ok && g_error_matches (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_INVALID))
    {
      /* The parser says what is wrong; what to do is an example, with
       * the locale's decimal separator and the currency's decimals. */
      g_autofree char *example = amount_example (currency);

      input->amount_message =
        g_strdup_printf ("%s Type an amount such as %s.", error->message, example);
      input->amount_error = TRUE;
    }
  else if (!input->amount_ok)
    {
      input->amount_message = g_strdup (error->message);
      input->amount_error = !g_error_matches (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_EMPTY);
    }
}

/* What the account has available, and whether the amount fits in it. */
static void
check_available (BankMoneyDialog *self, Input *input)
{
  const char      *currency = rdx_map_get_string (input->from, "currency", "XXX");
  gint64           available = rdx_map_get_int (input->from, "available", 0);
  g_autofree char *money = bank_format_amount (available, currency);

  if (input->amount_ok && self->kind != BANK_MONEY_DEPOSIT && input->amount > available)
    {
      input->amount_ok = FALSE;
      input->amount_error = TRUE;
      input->amount_message = g_strdup_printf ("That is more than the %s “%s” has available.",
                                               money, rdx_map_get_string (input->from, "name", ""));
    }
}

static void
read_details (BankMoneyDialog *self, Input *input)
{
  input->memo = trimmed_text (self->memo_row);
  if (self->kind != BANK_MONEY_TRANSFER)
    input->category = trimmed_text (self->category_row);
  if (input->memo != NULL && g_utf8_strlen (input->memo, -1) > MAX_MEMO_LENGTH)
    input->details_message =
      g_strdup_printf ("Shorten the description to at most %d characters.", MAX_MEMO_LENGTH);
  else if (input->category != NULL && g_utf8_strlen (input->category, -1) > MAX_CATEGORY_LENGTH)
    input->details_message =
      g_strdup_printf ("Shorten the category to at most %d characters.", MAX_CATEGORY_LENGTH);
}

/* Reads everything typed and chosen against the accounts as they are.
 * Returns whether it makes an action the reducer should accept. */
static gboolean
read_input (BankMoneyDialog *self, Input *input)
{
  input->from = find_account (self->accounts, self->from_id);
  if (self->kind == BANK_MONEY_TRANSFER)
    input->to = find_account (self->accounts, self->to_id);

  if (input->from == NULL && self->from_ids->len == 0)
    input->account_message = g_strdup ("There is no open account. Open one first.");
  else if (input->from == NULL)
    input->account_message = g_strdup ("The account chosen is closed. Choose another one.");
  else if (self->kind == BANK_MONEY_TRANSFER && self->to_ids->len == 0)
    input->account_message =
      g_strdup_printf ("There is no other open account in %s to transfer to. Open one first.",
                       rdx_map_get_string (input->from, "currency", ""));
  else if (self->kind == BANK_MONEY_TRANSFER && input->to == NULL)
    input->account_message = g_strdup ("The account to transfer to is closed. Choose another one.");

  read_amount (self, input);
  if (input->from != NULL)
    check_available (self, input);
  read_details (self, input);

  return input->account_message == NULL && input->amount_ok && input->details_message == NULL;
}

/* The update */

/* What the account row says under @account: for a deposit its balance;
 * else what it has available and where that comes from (the balance,
 * the overdraft, what pending transfers hold). */
static char *
describe_available (BankMoneyKind kind, RdxValue *account)
{
  const char      *currency = rdx_map_get_string (account, "currency", "XXX");
  gint64           limit = rdx_map_get_int (account, "limit", 0);
  gint64           held = rdx_map_get_int (account, "held", 0);
  g_autofree char *balance = bank_format_amount (rdx_map_get_int (account, "balance", 0), currency);
  g_autofree char *available = NULL;
  GString         *text;

  if (kind == BANK_MONEY_DEPOSIT)
    return g_strdup_printf ("Balance: %s", balance);
  available = bank_format_amount (rdx_map_get_int (account, "available", 0), currency);
  if (limit == 0 && held == 0)
    return g_strdup_printf ("Available: %s, the balance", available);
  text = g_string_new (NULL);
  g_string_append_printf (text, "Available: %s — balance %s", available, balance);
  if (limit != 0)
    {
      g_autofree char *overdraft = bank_format_amount (limit, currency);

      g_string_append_printf (text, " and %s overdraft", overdraft);
    }
  if (held != 0)
    {
      g_autofree char *held_text = bank_format_amount (held, currency);

      g_string_append_printf (text, ", less %s held by pending transfers", held_text);
    }
  return g_string_free (text, FALSE);
}

/* The available amount under the account, and the currency after the
 * amount. */
static void
update_available (BankMoneyDialog *self, Input *input)
{
  g_autofree char *subtitle = NULL;

  gtk_label_set_label (self->currency_label, rdx_map_get_string (input->from, "currency", ""));
  if (input->from == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row), "");
      return;
    }
  subtitle = describe_available (self->kind, input->from);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row), subtitle);
}

/* The menu of the categories in use: picking one types it. */
static void
update_categories (BankMoneyDialog *self, RdxValue *categories)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  RdxListIter iter;
  RdxValue   *category;
  guint       n = 0;

  if (categories == self->categories)
    return;
  g_clear_pointer (&self->categories, rdx_value_unref);
  self->categories = rdx_value_ref (categories);
  rdx_list_iter_init (&iter, categories);
  while (rdx_list_iter_next (&iter, &category) && n++ < MAX_CATEGORY_ITEMS)
    {
      const char *name = rdx_value_get_string (category);
      g_auto (GStrv) parts = g_strsplit (name, "_", -1);
      g_autofree char *label = g_strjoinv ("__", parts); /* no mnemonic */
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "money.category", g_variant_new_string (name));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->category_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->category_button), n > 0);
}

/* Projects the accounts, the categories, the input and the last refusal
 * onto the widgets and the actions. */
static void
bank_money_dialog_update (BankMoneyDialog *self)
{
  RdxValue *selected = rdx_store_select (self->store, self->selector);
  RdxValue *accounts = rdx_map_get_list (selected, "accounts");
  g_auto (Input) input = { 0 };
  gboolean first = self->accounts == NULL;
  gboolean changed = first || accounts != self->accounts;
  gboolean from_changed, valid;

  self->n_updates++;
  update_categories (self, rdx_map_get_list (selected, "categories"));
  if (changed)
    {
      g_clear_pointer (&self->accounts, rdx_value_unref);
      self->accounts = accounts != NULL ? rdx_value_ref (accounts) : rdx_list_new ();
      fill_row (self, self->account_row, self->from_ids, &self->from_id, NULL, first);
    }
  from_changed = first || g_strcmp0 (self->to_filled_for, self->from_id) != 0;
  if (self->kind == BANK_MONEY_TRANSFER && (changed || from_changed))
    {
      fill_row (self, self->to_row, self->to_ids, &self->to_id,
                find_account (self->accounts, self->from_id), from_changed);
      g_free (self->to_filled_for);
      self->to_filled_for = g_strdup (self->from_id);
    }

  valid = read_input (self, &input);
  update_available (self, &input);
  bank_label_set_message (self->account_label, input.account_message, TRUE);
  bank_label_set_message (self->amount_label, input.amount_message, input.amount_error);
  bank_label_set_message (self->details_label, input.details_message, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), self->refusal != NULL);
  gtk_label_set_label (self->error_label, self->refusal != NULL ? self->refusal : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "money.confirm", valid);
}

static void
store_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  bank_money_dialog_update (BANK_MONEY_DIALOG (user_data));
}

/* Callbacks: what the person chose or typed, then the update. */

static void
forget_refusal (BankMoneyDialog *self)
{
  g_clear_pointer (&self->refusal, g_free);
}

static void
account_changed_cb (BankMoneyDialog *self, GParamSpec *pspec, AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->setting_up)
    return;
  g_free (self->from_id);
  self->from_id =
    selected < self->from_ids->len ? g_strdup (self->from_ids->pdata[selected]) : NULL;
  forget_refusal (self);
  bank_money_dialog_update (self);
}

static void
to_changed_cb (BankMoneyDialog *self, GParamSpec *pspec, AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->setting_up)
    return;
  g_free (self->to_id);
  self->to_id = selected < self->to_ids->len ? g_strdup (self->to_ids->pdata[selected]) : NULL;
  forget_refusal (self);
  bank_money_dialog_update (self);
}

static void
input_changed_cb (BankMoneyDialog *self, GtkEditable *editable)
{
  forget_refusal (self);
  bank_money_dialog_update (self);
}

/* A category in use, picked from the menu. */
static void
category_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankMoneyDialog *self = BANK_MONEY_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->category_row), g_variant_get_string (parameter, NULL));
}

/* Confirming */

static RdxAction *
make_action (BankMoneyDialog *self, Input *input, const char *id, gint64 at)
{
  const char *from = rdx_map_get_string (input->from, "id", "");

  switch (self->kind)
    {
      case BANK_MONEY_DEPOSIT:
        return bank_action_deposit (from, id, input->amount, input->memo, input->category, at);
      case BANK_MONEY_WITHDRAW:
        return bank_action_withdraw (from, id, input->amount, input->memo, input->category, at);
      case BANK_MONEY_TRANSFER:
      default:
        return bank_action_request_transfer (id, from, rdx_map_get_string (input->to, "id", ""),
                                             input->amount, input->memo, at);
    }
}

/* A sentence for a toast: what was done. */
static char *
describe (BankMoneyDialog *self, Input *input)
{
  g_autofree char *money =
    bank_format_amount (input->amount, rdx_map_get_string (input->from, "currency", "XXX"));
  const char *from = rdx_map_get_string (input->from, "name", "");

  switch (self->kind)
    {
      case BANK_MONEY_DEPOSIT:
        return g_strdup_printf ("Deposited %s into “%s”", money, from);
      case BANK_MONEY_WITHDRAW:
        return g_strdup_printf ("Withdrew %s from “%s”", money, from);
      case BANK_MONEY_TRANSFER:
      default:
        return g_strdup_printf ("Transfer of %s from “%s” to “%s” requested", money, from,
                                rdx_map_get_string (input->to, "name", ""));
    }
}

static void
confirm_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (BankMoneyDialog) self = g_object_ref (BANK_MONEY_DIALOG (widget));
  g_auto (Input) input = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *summary = NULL;
  g_autoptr (GError) error = NULL;

  if (!read_input (self, &input))
    return;
  id = g_uuid_string_random ();
  summary = describe (self, &input);
  if (!rdx_store_dispatch_take (self->store, make_action (self, &input, id, g_get_real_time ()),
                                &error))
    {
      g_free (self->refusal);
      self->refusal = g_strdup (error->message);
      bank_money_dialog_update (self);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_MONEY_MOVED], 0, id, summary);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The object */

static void
bank_money_dialog_dispose (GObject *object)
{
  BankMoneyDialog *self = BANK_MONEY_DIALOG (object);

  if (self->watch_id != 0)
    rdx_store_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), BANK_TYPE_MONEY_DIALOG);

  G_OBJECT_CLASS (bank_money_dialog_parent_class)->dispose (object);
}

static void
bank_money_dialog_finalize (GObject *object)
{
  BankMoneyDialog *self = BANK_MONEY_DIALOG (object);

  g_clear_pointer (&self->selector, rdx_selector_unref);
  g_clear_pointer (&self->accounts, rdx_value_unref);
  g_clear_pointer (&self->categories, rdx_value_unref);
  g_clear_pointer (&self->from_ids, g_ptr_array_unref);
  g_clear_pointer (&self->to_ids, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_free (self->from_id);
  g_free (self->to_id);
  g_free (self->to_filled_for);
  g_free (self->refusal);

  G_OBJECT_CLASS (bank_money_dialog_parent_class)->finalize (object);
}

static void
bank_money_dialog_class_init (BankMoneyDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bank_money_dialog_dispose;
  object_class->finalize = bank_money_dialog_finalize;

  /**
   * BankMoneyDialog::money-moved:
   * @self: the dialog
   * @id: the id of the transaction (a deposit or a withdrawal) or of the
   *   transfer request
   * @summary: what was done, a sentence for a toast
   *
   * Emitted once the store accepted the action, just before the dialog
   * closes.
   */
  signals[SIGNAL_MONEY_MOVED] =
    g_signal_new ("money-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/rdx/Bank/bank-money-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, account_label);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, currency_label);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, amount_label);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, memo_row);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, category_button);
  gtk_widget_class_bind_template_child (widget_class, BankMoneyDialog, details_label);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, to_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);

  gtk_widget_class_install_action (widget_class, "money.confirm", NULL, confirm_activated);
  gtk_widget_class_install_action (widget_class, "money.category", "s", category_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  g_type_ensure (ADW_TYPE_HEADER_BAR);
  g_type_ensure (ADW_TYPE_PREFERENCES_PAGE);
  g_type_ensure (ADW_TYPE_COMBO_ROW);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
}

static void
bank_money_dialog_init (BankMoneyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named by its visible label only (its accessible label): GTK 4.8 adds
   * the label child it is labelled by, which says it twice. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->cancel_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  self->selector = dialog_selector_new ();
  self->from_ids = g_ptr_array_new_with_free_func (g_free);
  self->to_ids = g_ptr_array_new_with_free_func (g_free);
}

/* The words of each kind: the title, the button, the account row. */
static void
set_kind (BankMoneyDialog *self, BankMoneyKind kind)
{
  static const struct
  {
    const char *title, *button, *button_name, *account;
  } words[] = {
    [BANK_MONEY_DEPOSIT] = { "Deposit", "_Deposit", "Deposit", "_Account" },
    [BANK_MONEY_WITHDRAW] = { "Withdraw", "_Withdraw", "Withdraw", "_Account" },
    [BANK_MONEY_TRANSFER] = { "Transfer", "T_ransfer", "Transfer", "_From" },
  };

  self->kind = kind;
  gtk_window_set_title (GTK_WINDOW (self), words[kind].title);
  gtk_button_set_label (self->confirm_button, words[kind].button);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, words[kind].button_name, -1);
  /* Named by its visible label only: GTK 4.8 adds the label it is
   * labelled by, which says it twice. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->confirm_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  /* The row is named by its title (libadwaita labels a row by it); an
   * accessible label as well would say it twice, "From From". */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), words[kind].account);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), kind == BANK_MONEY_TRANSFER);
  gtk_widget_set_visible (GTK_WIDGET (self->category_row), kind != BANK_MONEY_TRANSFER);
}

/**
 * bank_money_dialog_present:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a store of the bank's state (bank_reducer_new())
 * @kind: a deposit, a withdrawal or a transfer
 * @account_id: (nullable): the account chosen first (for a transfer,
 *   where the money comes from); the first open account when %NULL
 *
 * Presents a dialog that asks for the account, the amount, a description
 * and (deposits and withdrawals) a category, and dispatches
 * `accounts.deposit`, `accounts.withdraw` or `transfers.requested` to
 * @store when confirmed. It closes itself once the store accepts the
 * action, after emitting #BankMoneyDialog::money-moved; a refusal is
 * shown in the dialog, which stays open.
 *
 * Returns: (transfer none): the dialog, which destroys itself when closed
 */
BankMoneyDialog *
bank_money_dialog_present (GtkWindow    *parent,
                           RdxStore     *store,
                           BankMoneyKind kind,
                           const char   *account_id)
{
  BankMoneyDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RDX_IS_STORE (store), NULL);
  g_return_val_if_fail (kind <= BANK_MONEY_TRANSFER, NULL);

  self = g_object_new (BANK_TYPE_MONEY_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->from_id = g_strdup (account_id);
  set_kind (self, kind);
  self->watch_id = rdx_store_watch (store, self->selector, store_changed_cb, self, NULL);
  bank_money_dialog_update (self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
  return self;
}

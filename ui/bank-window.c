/* bank-window.c: the main window of rdx-bank
 *
 * A sidebar of the open accounts with their balances and the totals per
 * currency, and for the selected account its transactions, its balance
 * chart and the budgets, switched in the header bar. With no account
 * yet, a status page invites opening the first.
 *
 * One selector feeds the window (the accounts, the totals and the
 * selected account) and one watch on it calls bank_window_update(),
 * which sets every widget and every action's enabled flag. The views
 * inside (chart, budgets, transactions) watch the store themselves.
 * Callbacks only dispatch; the actions are in bank-window-actions.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-window-private.h"

#include <glib/gstdio.h>

G_DEFINE_FINAL_TYPE (BankWindow, bank_window, ADW_TYPE_APPLICATION_WINDOW)

/* The selector */

/* [open accounts, totals, /ui] → what the window shows */
static RdxValue *
select_window (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  const char *selected = rdx_map_get_string (inputs[2], "selected", NULL);

  return rdx_map_new_take (
    "accounts", inputs[0] != NULL ? rdx_value_ref (inputs[0]) : rdx_list_new (), "totals",
    inputs[1] != NULL ? rdx_value_ref (inputs[1]) : rdx_list_new (), "selected",
    selected != NULL ? rdx_value_new_string (selected) : rdx_value_new_null (), NULL);
}

static RdxSelector *
window_selector_new (void)
{
  g_autoptr (RdxSelector) accounts = bank_selector_accounts_new (FALSE);
  g_autoptr (RdxSelector) totals = bank_selector_totals_new ();
  g_autoptr (RdxSelector) ui = rdx_selector_new_path ("/ui");

  return rdx_selector_new (select_window, NULL, NULL, accounts, totals, ui, NULL);
}

/* The sidebar's rows */

static const char *
kind_label (const char *kind)
{
  BankAccountKind value = BANK_ACCOUNT_CHECKING;

  if (!bank_account_kind_from_string (kind, &value))
    return kind;
  switch (value)
    {
      case BANK_ACCOUNT_CHECKING:
        return "Checking";
      case BANK_ACCOUNT_SAVINGS:
        return "Savings";
      case BANK_ACCOUNT_CREDIT:
        return "Credit card";
      default:
        return kind;
    }
}

/* Sets @label to @amount in @currency, in the `error` style when below
 * zero. */
static void
set_amount_label (GtkLabel *label, gint64 amount, const char *currency)
{
  g_autofree char *text = bank_format_amount (amount, currency);

  gtk_label_set_label (label, text);
  if (amount < 0)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static GtkWidget *
account_row_new (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *balance = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_add_css_class (kind, "caption");
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_set_hexpand (names, TRUE);
  gtk_box_append (GTK_BOX (names), name);
  gtk_box_append (GTK_BOX (names), kind);
  gtk_label_set_xalign (GTK_LABEL (balance), 1);
  gtk_widget_add_css_class (balance, "numeric");
  gtk_box_append (GTK_BOX (box), names);
  gtk_box_append (GTK_BOX (box), balance);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "name-label", name);
  g_object_set_data (G_OBJECT (row), "kind-label", kind);
  g_object_set_data (G_OBJECT (row), "balance-label", balance);
  return row;
}

const char *
bank_window_row_get_account (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "account-id");
}

static void
account_row_update (GtkListBoxRow *row, RdxValue *account)
{
  const char      *name = rdx_map_get_string (account, "name", "");
  const char      *kind = kind_label (rdx_map_get_string (account, "kind", ""));
  const char      *currency = rdx_map_get_string (account, "currency", "XXX");
  gint64           balance = rdx_map_get_int (account, "balance", 0);
  GtkLabel        *balance_label = g_object_get_data (G_OBJECT (row), "balance-label");
  g_autofree char *description = NULL;
  g_autofree char *subtitle = NULL;

  g_object_set_data_full (G_OBJECT (row), "account-id",
                          g_strdup (rdx_map_get_string (account, "id", "")), g_free);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "name-label"), name);
  subtitle = g_strdup_printf ("%s · %s", kind, currency);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "kind-label"), subtitle);
  set_amount_label (balance_label, balance, currency);

  description = g_strdup_printf ("%s, %s, %s", name, subtitle, gtk_label_get_label (balance_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

/* Rows are kept while the accounts are the same ones in the same order
 * (a deposit changes one balance), and made again otherwise. Returns
 * whether the selected account is among them. */
static gboolean
update_accounts (BankWindow *self, RdxValue *accounts, const char *selected)
{
  guint          n_accounts = rdx_list_length (accounts);
  GtkListBoxRow *row;
  GtkListBoxRow *selected_row = NULL;
  guint          n_rows = 0;

  while (gtk_list_box_get_row_at_index (self->accounts_list, (int) n_rows) != NULL)
    n_rows++;
  for (guint i = n_accounts; i < n_rows; i++)
    gtk_list_box_remove (self->accounts_list, GTK_WIDGET (gtk_list_box_get_row_at_index (
                                                self->accounts_list, (int) n_accounts)));
  for (guint i = 0; i < n_accounts; i++)
    {
      RdxValue *account = rdx_list_get (accounts, i);

      row = gtk_list_box_get_row_at_index (self->accounts_list, (int) i);
      if (row == NULL)
        {
          row = GTK_LIST_BOX_ROW (account_row_new ());
          gtk_list_box_append (self->accounts_list, GTK_WIDGET (row));
        }
      account_row_update (row, account);
      if (g_strcmp0 (selected, rdx_map_get_string (account, "id", NULL)) == 0)
        selected_row = row;
    }
  if (selected_row != gtk_list_box_get_selected_row (self->accounts_list))
    gtk_list_box_select_row (self->accounts_list, selected_row);
  return selected_row != NULL;
}

static void
update_totals (BankWindow *self, RdxValue *totals)
{
  GtkWidget  *child;
  RdxListIter iter;
  RdxValue   *total;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->totals_box))) != NULL)
    gtk_box_remove (self->totals_box, child);

  rdx_list_iter_init (&iter, totals);
  while (rdx_list_iter_next (&iter, &total))
    {
      const char      *currency = rdx_map_get_string (total, "currency", "XXX");
      GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget       *code = gtk_label_new (currency);
      GtkWidget       *amount = gtk_label_new (NULL);
      g_autofree char *description = NULL;

      gtk_label_set_xalign (GTK_LABEL (code), 0);
      gtk_widget_set_hexpand (code, TRUE);
      gtk_widget_add_css_class (code, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (amount), 1);
      gtk_widget_add_css_class (amount, "numeric");
      set_amount_label (GTK_LABEL (amount), rdx_map_get_int (total, "balance", 0), currency);
      gtk_box_append (GTK_BOX (box), code);
      gtk_box_append (GTK_BOX (box), amount);
      description =
        g_strdup_printf ("Total %s: %s", currency, gtk_label_get_label (GTK_LABEL (amount)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      description, -1);
      gtk_widget_set_name (box, currency);
      gtk_box_append (self->totals_box, box);
    }
}

/* The selected account's name under the title. */
static void
update_title (BankWindow *self, RdxValue *accounts, const char *selected)
{
  RdxListIter iter;
  RdxValue   *account;
  const char *name = NULL;

  rdx_list_iter_init (&iter, accounts);
  while (name == NULL && rdx_list_iter_next (&iter, &account))
    if (g_strcmp0 (rdx_map_get_string (account, "id", NULL), selected) == 0)
      name = rdx_map_get_string (account, "name", NULL);
  adw_view_switcher_title_set_subtitle (self->switcher_title, name != NULL ? name : "");
}

/* The update */

static void
bank_window_update (BankWindow *self)
{
  RdxValue   *view = self->store != NULL ? rdx_store_select (self->store, self->selector) : NULL;
  RdxValue   *accounts = rdx_map_get_list (view, "accounts");
  const char *selected = rdx_map_get_string (view, "selected", NULL);
  guint       n_accounts = accounts != NULL ? rdx_list_length (accounts) : 0;
  gboolean    shown;

  self->n_updates++;
  self->updating = TRUE;
  gtk_stack_set_visible_child_name (self->main_stack, n_accounts > 0 ? "accounts" : "empty");
  shown = update_accounts (self, accounts, selected);
  g_free (self->selected);
  self->selected = shown ? g_strdup (selected) : NULL;
  update_totals (self, rdx_map_get_list (view, "totals"));
  update_title (self, accounts, self->selected);
  bank_window_check_undo (self);
  bank_window_update_actions (self, n_accounts);
  self->updating = FALSE;

  /* The first account opened, or the next one when the selected one was
   * closed, is the one to show. */
  if (!shown && n_accounts > 0)
    bank_window_dispatch (
      self, bank_action_select_account (rdx_map_get_string (rdx_list_get (accounts, 0), "id", "")));
}

static void
window_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  bank_window_update (BANK_WINDOW (user_data));
}

/* Callbacks */

static void
account_selected_cb (BankWindow *self, GtkListBoxRow *row)
{
  const char *id = row != NULL ? bank_window_row_get_account (row) : NULL;

  if (self->updating || id == NULL || g_strcmp0 (id, self->selected) == 0)
    return;
  bank_window_dispatch (self, bank_action_select_account (id));
}

static void
account_activated_cb (BankWindow *self, GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
menu_closed_cb (GtkPopover *popover)
{
  gtk_widget_unparent (GTK_WIDGET (popover));
}

/* The context menu of the account in @row, pointing at (@x, @y) in the
 * row, or under it when @x is negative. */
void
bank_window_popup_account_menu (BankWindow *self, GtkListBoxRow *row, double x, double y)
{
  g_autoptr (GMenuModel) model = NULL;
  GtkWidget *popover;

  if (row == NULL || bank_window_row_get_account (row) == NULL)
    return;
  model = bank_window_account_menu_new (bank_window_row_get_account (row));
  popover = gtk_popover_menu_new_from_model (model);
  gtk_widget_set_parent (popover, GTK_WIDGET (row));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), x < 0);
  if (x >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle){ (int) x, (int) y, 1, 1 });
  gtk_widget_set_halign (popover, x >= 0 ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
  g_signal_connect (popover, "closed", G_CALLBACK (menu_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
accounts_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, BankWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->accounts_list, (int) y);
  double         row_x = 0, row_y = 0;

  if (row == NULL)
    return;
  gtk_widget_translate_coordinates (GTK_WIDGET (self->accounts_list), GTK_WIDGET (row), x, y,
                                    &row_x, &row_y);
  bank_window_popup_account_menu (self, row, row_x, row_y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* A reversal from a transaction's menu: said in a toast. */
static void
reversed_cb (BankWindow *self, const char *txn_id, const char *summary)
{
  bank_window_add_toast (self, summary);
}

/* The transfers that need attention: a transfer the bank settles at
 * once would show its box for a moment and take it away again; the box
 * comes only when one is still there after a second, and slides. */

#define TRANSFERS_DELAY_MS 1000

static gboolean
reveal_transfers_cb (gpointer user_data)
{
  BankWindow *self = user_data;

  self->transfers_timeout = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->transfers_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->transfers_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

static void
transfers_visible_cb (BankWindow *self)
{
  if (gtk_widget_get_visible (self->transfers_view))
    {
      if (!gtk_revealer_get_reveal_child (self->transfers_revealer) && self->transfers_timeout == 0)
        self->transfers_timeout = g_timeout_add (TRANSFERS_DELAY_MS, reveal_transfers_cb, self);
      return;
    }
  g_clear_handle_id (&self->transfers_timeout, g_source_remove);
  /* At once: nothing below it moves, and the page's spacing goes too. */
  gtk_revealer_set_reveal_child (self->transfers_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->transfers_revealer), FALSE);
}

/* The window's size, remembered in a keyfile */

static char *
state_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "rdx-bank", "window.ini", NULL);
}

static void
load_window_state (BankWindow *self)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = state_file_path ();
  int              width, height;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL))
    return;
  width = g_key_file_get_integer (keyfile, "window", "width", NULL);
  height = g_key_file_get_integer (keyfile, "window", "height", NULL);
  if (width >= 360 && height >= 360 && width <= 16384 && height <= 16384)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_key_file_get_boolean (keyfile, "window", "maximized", NULL))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (BankWindow *self)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = state_file_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;
  int width = 0, height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_key_file_set_integer (keyfile, "window", "width", width);
  g_key_file_set_integer (keyfile, "window", "height", height);
  g_key_file_set_boolean (keyfile, "window", "maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (g_mkdir_with_parents (folder, 0700) != 0 || !g_key_file_save_to_file (keyfile, path, &error))
    g_warning ("The window's size could not be saved in %s: %s", path,
               error != NULL ? error->message : g_strerror (errno));
}

static gboolean
bank_window_close_request (GtkWindow *window)
{
  save_window_state (BANK_WINDOW (window));

  return GTK_WINDOW_CLASS (bank_window_parent_class)->close_request (window);
}

/* GObject */

/* The application's store and history, once the window belongs to it. */
static void
bank_window_attach (BankWindow *self, BankApplication *app)
{
  self->store = g_object_ref (bank_application_get_store (app));
  rdx_debugger_add_window_action (GTK_APPLICATION_WINDOW (self),
                                  bank_application_get_history (app));
  bank_chart_view_set_store (self->chart_view, self->store);
  bank_budget_view_set_store (self->budget_view, self->store);
  self->transactions_view = bank_transactions_view_new (self->store);
  gtk_widget_set_vexpand (self->transactions_view, TRUE);
  g_signal_connect_swapped (self->transactions_view, "reversed", G_CALLBACK (reversed_cb), self);
  gtk_box_prepend (self->transactions_page, self->transactions_view);
  /* Below the list, so the rows do not move when it comes or goes. */
  self->transfers_view = bank_transfers_view_new (self->store);
  gtk_revealer_set_child (self->transfers_revealer, self->transfers_view);
  g_signal_connect_object (self->transfers_view, "notify::visible",
                           G_CALLBACK (transfers_visible_cb), self, G_CONNECT_SWAPPED);
  transfers_visible_cb (self);
  self->watch_id = rdx_store_watch (self->store, self->selector, window_changed_cb, self, NULL);
  load_window_state (self);
  bank_window_update (self);
  if (bank_application_get_start_message (app) != NULL)
    bank_window_show_banner (self, bank_application_get_start_message (app));
}

static void
bank_window_dispose (GObject *object)
{
  BankWindow *self = BANK_WINDOW (object);

  if (self->store != NULL)
    rdx_store_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  g_clear_handle_id (&self->transfers_timeout, g_source_remove);
  if (self->undo_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
  self->undo_toast = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), BANK_TYPE_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bank_window_parent_class)->dispose (object);
}

static void
bank_window_finalize (GObject *object)
{
  BankWindow *self = BANK_WINDOW (object);

  g_clear_pointer (&self->selector, rdx_selector_unref);
  g_free (self->selected);
  g_free (self->undo_id);
  g_free (self->undo_summary);
  g_free (self->last_toast);

  G_OBJECT_CLASS (bank_window_parent_class)->finalize (object);
}

static void
bank_window_class_init (BankWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bank_window_dispose;
  object_class->finalize = bank_window_finalize;
  window_class->close_request = bank_window_close_request;

  g_type_ensure (BANK_TYPE_CHART_VIEW);
  g_type_ensure (BANK_TYPE_BUDGET_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/rdx/Bank/bank-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BankWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, totals_box);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, transactions_page);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, transfers_revealer);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, chart_view);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, budget_view);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, empty_open_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, open_account_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, deposit_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, empty_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, sidebar_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BankWindow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, account_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);

  bank_window_class_init_actions (klass);
}

static void
bank_window_init (BankWindow *self)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  for (GtkWidget **button = (GtkWidget *[]){ self->banner_button, self->empty_open_button,
                                             self->open_account_button, self->deposit_button,
                                             self->withdraw_button, self->transfer_button, NULL };
       *button != NULL; button++)
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (*button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  self->selector = window_selector_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (accounts_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->accounts_list), GTK_EVENT_CONTROLLER (gesture));
}

/**
 * bank_window_new:
 * @application: the application the window belongs to; its store and
 *   history must be open
 *
 * Returns: (transfer none): a new main window, owned by GTK's window list
 */
BankWindow *
bank_window_new (BankApplication *application)
{
  BankWindow *self;

  g_return_val_if_fail (BANK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (bank_application_get_store (application) != NULL, NULL);

  self = g_object_new (BANK_TYPE_WINDOW, "application", application, NULL);
  bank_window_attach (self, application);
  return self;
}

/**
 * bank_window_get_store:
 * @self: the window
 *
 * Returns: (transfer none): the store it shows
 */
RdxStore *
bank_window_get_store (BankWindow *self)
{
  g_return_val_if_fail (BANK_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * bank_window_add_toast:
 * @self: the window
 * @title: what to tell the person
 *
 * Shows @title in a toast.
 */
void
bank_window_add_toast (BankWindow *self, const char *title)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (BANK_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  /* A toast's title is markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/**
 * bank_window_show_banner:
 * @self: the window
 * @message: what to tell the person, a sentence or two
 *
 * Shows @message in the banner at the top of the window, which stays,
 * without covering anything, until the person dismisses it (its
 * Dismiss button, win.dismiss-banner). The application's start message
 * (a recovery after an unclean exit) is said there.
 */
void
bank_window_show_banner (BankWindow *self, const char *message)
{
  g_return_if_fail (BANK_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

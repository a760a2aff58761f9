/* bank-budget-view.c: the monthly budgets of the spending categories
 *
 * The view of the feature docs/adding-a-feature.md builds. Two selectors
 * feed it. The rows (the budgets of the month the state shows, from
 * bank_selector_budgets_new(), then the categories spent on that month
 * without a budget) are a list model the list box makes a BankBudgetRow
 * for, element by element. The rest (the month, whether there are rows,
 * the currency of a new budget) goes through a watch to the update
 * function. The buttons dispatch: budgets.set, budgets.remove, ui.month.
 *
 * "This month" is the clock's, read here and never by the reducer: a
 * store whose state has no month yet is given the current one when the
 * view is set on it.
 *
 * The editor of one budget (new, or a change of one) is the view's own
 * until Save dispatches it: what is typed is checked as it is typed, and
 * Save stays insensitive, with the reason shown, while it is wrong.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-budget-view-private.h"

#include "bank-budget-row.h"

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BankBudgetView, bank_budget_view, GTK_TYPE_WIDGET)

/* The selectors */

static int
by_category_cb (gconstpointer a, gconstpointer b)
{
  RdxValue *x = *(RdxValue *const *) a, *y = *(RdxValue *const *) b;
  int       order = (int) rdx_map_contains (y, "amount") - (int) rdx_map_contains (x, "amount");

  if (order != 0)
    return order;
  order =
    g_utf8_collate (rdx_map_get_string (x, "category", ""), rdx_map_get_string (y, "category", ""));

  return order != 0 ? order
                    : strcmp (rdx_map_get_string (x, "currency", ""),
                              rdx_map_get_string (y, "currency", ""));
}

/* [budget rows, spending, /ui/month] → the budget rows, then a row
 * {category, currency, spent} per category and currency spent on in the
 * month without a budget, in the order of the locale. */
static RdxValue *
select_rows (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  const char *month = inputs[2] != NULL ? rdx_value_get_string (inputs[2]) : "";
  RdxValue   *spent_in_month = rdx_map_get_map (inputs[1], month);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  g_autoptr (GHashTable) budgeted = g_hash_table_new (g_str_hash, g_str_equal);
  RdxListIter iter;
  RdxMapIter  categories;
  RdxValue   *row;
  const char *category;
  RdxValue   *by_currency;

  rdx_list_iter_init (&iter, inputs[0]);
  while (rdx_list_iter_next (&iter, &row))
    {
      g_ptr_array_add (rows, rdx_value_ref (row));
      g_hash_table_add (budgeted, (gpointer) rdx_map_get_string (row, "category", ""));
    }
  rdx_map_iter_init (&categories, spent_in_month);
  while (rdx_map_iter_next (&categories, &category, &by_currency))
    {
      RdxMapIter  currencies;
      const char *currency;
      RdxValue   *spent;

      if (g_hash_table_contains (budgeted, category))
        continue;
      rdx_map_iter_init (&currencies, by_currency);
      while (rdx_map_iter_next (&currencies, &currency, &spent))
        g_ptr_array_add (rows, rdx_map_new_take ("category", rdx_value_new_string (category),
                                                 "currency", rdx_value_new_string (currency),
                                                 "spent", rdx_value_ref (spent), NULL));
    }
  g_ptr_array_sort (rows, by_category_cb);
  return rdx_list_newv ((RdxValue *const *) rows->pdata, rows->len);
}

static RdxSelector *
rows_selector_new (GTimeZone *time_zone)
{
  g_autoptr (RdxSelector) spending = bank_selector_spending_new (time_zone);
  g_autoptr (RdxSelector) budgets = bank_selector_budgets_new (spending);
  g_autoptr (RdxSelector) month = rdx_selector_new_path ("/ui/month");

  return rdx_selector_new (select_rows, NULL, NULL, budgets, spending, month, NULL);
}

/* The currency of a new budget: the selected account's, or the first
 * open account's, or the euro. */
static const char *
default_currency (RdxValue *ui, RdxValue *accounts)
{
  RdxValue   *selected = rdx_map_get (accounts, rdx_map_get_string (ui, "selected", ""));
  RdxMapIter  iter;
  const char *id;
  RdxValue   *account;

  if (selected != NULL)
    return rdx_map_get_string (selected, "currency", "EUR");
  rdx_map_iter_init (&iter, accounts);
  while (rdx_map_iter_next (&iter, &id, &account))
    if (!rdx_map_get_bool (account, "closed", FALSE))
      return rdx_map_get_string (account, "currency", "EUR");
  return "EUR";
}

/* [rows, /ui, /accounts] → what the update function shows */
static RdxValue *
select_view (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  return rdx_map_new_take ("month",
                           rdx_value_new_string (rdx_map_get_string (inputs[1], "month", "")),
                           "n_rows", rdx_value_new_int (rdx_list_length (inputs[0])), "currency",
                           rdx_value_new_string (default_currency (inputs[1], inputs[2])), NULL);
}

static RdxSelector *
view_selector_new (RdxSelector *rows)
{
  g_autoptr (RdxSelector) ui = rdx_selector_new_path ("/ui");
  g_autoptr (RdxSelector) accounts = rdx_selector_new_path ("/accounts");

  return rdx_selector_new (select_view, NULL, NULL, rows, ui, accounts, NULL);
}

/* Months */

static gboolean
parse_month (const char *month, int *year, int *number)
{
  return month != NULL && sscanf (month, "%4d-%2d", year, number) == 2 && *number >= 1 &&
         *number <= 12;
}

/* "YYYY-MM" @delta months from @month. */
static char *
add_months (const char *month, int delta)
{
  int year, number, index;

  if (!parse_month (month, &year, &number))
    return NULL;
  index = year * 12 + (number - 1) + delta;
  if (index < 0 || index >= 10000 * 12)
    return NULL;
  return g_strdup_printf ("%04d-%02d", index / 12, index % 12 + 1);
}

/* "May 2024" */
static char *
describe_month (const char *month)
{
  int year, number;
  g_autoptr (GDateTime) first = NULL;

  if (!parse_month (month, &year, &number) || year < 1)
    return g_strdup ("Budgets");
  first = g_date_time_new_utc (year, number, 1, 0, 0, 0);
  return g_date_time_format (first, "%B %Y");
}

/* The update */

/* Projects the state onto the widgets. */
static void
bank_budget_view_update (BankBudgetView *self)
{
  RdxValue *view = self->store != NULL ? rdx_store_select (self->store, self->selector) : NULL;
  gboolean  has_store = self->store != NULL;
  gboolean  any = rdx_map_get_int (view, "n_rows", 0) > 0;
  gboolean  has_month;
  int       year, number;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  self->n_updates++;
  g_free (self->month);
  self->month = g_strdup (rdx_map_get_string (view, "month", ""));
  g_free (self->currency);
  self->currency = g_strdup (rdx_map_get_string (view, "currency", "EUR"));

  has_month = has_store && parse_month (self->month, &year, &number);
  title = describe_month (self->month);
  gtk_label_set_label (self->month_label, title);
  gtk_stack_set_visible_child_name (self->stack, any ? "list" : "empty");
  description = has_store ? g_strdup_printf ("Nothing was spent on a category in %s, and no "
                                             "category has a budget. Set one with New Budget…",
                                             title)
                          : g_strdup ("");
  adw_status_page_set_description (self->empty_page, description);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.previous-month", has_month);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.next-month", has_month);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.new", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.edit", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.remove", has_store);
  if (!has_store)
    gtk_revealer_set_reveal_child (self->editor, FALSE);
}

static void
view_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  bank_budget_view_update (BANK_BUDGET_VIEW (user_data));
}

static GtkWidget *
create_row_cb (gpointer item, gpointer user_data)
{
  return bank_budget_row_new (rdx_list_item_get_value (RDX_LIST_ITEM (item)));
}

/* The editor: what is typed, checked as it is typed */

/* Whether @name is free for a new budget: the reducer would overwrite a
 * budget of the same category, so the editor says so first (whatever the
 * case). */
static gboolean
check_new_category (BankBudgetView *self, const char *name, const char *currency, GError **error)
{
  RdxValue        *budgets = rdx_map_get_map (rdx_store_get_state (self->store), "budgets");
  g_autofree char *folded = g_utf8_casefold (name, -1);
  RdxMapIter       iter;
  const char      *key;
  RdxValue        *budget;

  rdx_map_iter_init (&iter, budgets);
  while (rdx_map_iter_next (&iter, &key, &budget))
    {
      g_autofree char *other = g_utf8_casefold (key, -1);
      g_autofree char *amount_text = NULL;
      g_autofree char *title = NULL;

      if (!g_str_equal (folded, other))
        continue;
      amount_text = bank_format_amount (rdx_map_get_int (budget, "amount", 0),
                                        rdx_map_get_string (budget, "currency", currency));
      title = bank_budget_category_title (key);
      g_set_error (error, BANK_ERROR, BANK_ERROR_DUPLICATE_ID,
                   "“%s” already has a budget of %s a month; use Change… in its row to "
                   "change it.",
                   title, amount_text);
      return FALSE;
    }
  return TRUE;
}

/* Whether the editor holds a budget that can be saved; if not, why. */
static gboolean
read_editor (BankBudgetView *self, char **category, gint64 *amount, GError **error)
{
  const char      *currency = self->editing_currency;
  const char      *typed = gtk_editable_get_text (GTK_EDITABLE (self->amount_entry));
  g_autofree char *name =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->category_entry))));

  if (*name == '\0')
    {
      g_set_error_literal (error, BANK_ERROR, BANK_ERROR_INVALID,
                           "Type the category the budget is for.");
      return FALSE;
    }
  if (self->editing == NULL && self->store != NULL &&
      !check_new_category (self, name, currency, error))
    return FALSE;
  if (!bank_parse_money (typed, currency, BANK_PARSE_POSITIVE, amount, error))
    return FALSE;
  *category = g_steal_pointer (&name);
  return TRUE;
}

static void
editor_update (BankBudgetView *self)
{
  g_autofree char *category = NULL;
  g_autoptr (GError) error = NULL;
  gint64   amount;
  gboolean valid = read_editor (self, &category, &amount, &error);
  gboolean typed = *gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)) != '\0' ||
                   g_error_matches (error, BANK_ERROR, BANK_ERROR_DUPLICATE_ID);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.save", valid);
  /* Nothing typed yet is not an error to shout about. */
  gtk_label_set_label (self->error_label, valid || !typed ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !valid && typed);
}

static void
editor_changed_cb (BankBudgetView *self, GtkEditable *editable)
{
  editor_update (self);
}

static void
editor_activate_cb (BankBudgetView *self, GtkEntry *entry)
{
  if (entry == self->category_entry)
    gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "budget.save", NULL);
}

static void
editor_revealed_cb (BankBudgetView *self, GParamSpec *pspec, GtkRevealer *revealer)
{
  if (gtk_revealer_get_child_revealed (revealer) && self->focus_on_reveal != NULL)
    gtk_widget_grab_focus (g_steal_pointer (&self->focus_on_reveal));
}

/* Opens the editor on @category's budget in @currency, or on a new
 * budget when @category is NULL. */
static void
editor_open (BankBudgetView *self, const char *category, const char *currency)
{
  g_autofree char *title = NULL;
  g_autofree char *hint = NULL;
  gboolean         is_new = category == NULL;

  g_free (self->editing);
  self->editing = g_strdup (category);
  g_free (self->editing_currency);
  self->editing_currency = g_strdup (currency);

  if (is_new)
    title = g_strdup ("New Budget");
  else
    {
      g_autofree char *name = bank_budget_category_title (category);

      title = g_strdup_printf ("Budget of “%s”", name);
    }
  gtk_label_set_label (self->editor_title, title);
  gtk_editable_set_text (GTK_EDITABLE (self->category_entry), is_new ? "" : category);
  gtk_editable_set_editable (GTK_EDITABLE (self->category_entry), is_new);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), "");
  hint = g_strdup_printf ("A month, in %s", currency);
  gtk_entry_set_placeholder_text (self->amount_entry, hint);
  gtk_label_set_label (self->currency_label, bank_currency_get_symbol (currency));
  editor_update (self);
  /* The entries take the focus once they are shown. */
  self->focus_on_reveal = GTK_WIDGET (is_new ? self->category_entry : self->amount_entry);
  gtk_revealer_set_reveal_child (self->editor, TRUE);
  if (gtk_revealer_get_child_revealed (self->editor))
    editor_revealed_cb (self, NULL, self->editor);
}

static void
editor_close (BankBudgetView *self)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean   had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->editor));

  gtk_revealer_set_reveal_child (self->editor, FALSE);
  self->focus_on_reveal = NULL;
  g_clear_pointer (&self->editing, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), "");
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->new_button));
}

/* The actions: each dispatches, or opens and closes the editor */

static void
move_month (BankBudgetView *self, int delta)
{
  g_autofree char *month = add_months (self->month, delta);
  g_autoptr (GError) error = NULL;

  if (self->store == NULL || month == NULL)
    return;
  rdx_store_dispatch_take (self->store, bank_action_set_month (month), &error);
  if (error != NULL)
    g_warning ("The budgets' month was not changed: %s", error->message);
}

static void
previous_month_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  move_month (BANK_BUDGET_VIEW (widget), -1);
}

static void
next_month_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  move_month (BANK_BUDGET_VIEW (widget), 1);
}

static void
new_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankBudgetView *self = BANK_BUDGET_VIEW (widget);

  editor_open (self, NULL, self->currency);
}

static void
edit_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  const char *category, *currency;

  g_variant_get (parameter, "(&s&s)", &category, &currency);
  editor_open (BANK_BUDGET_VIEW (widget), category, currency);
}

static void
remove_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankBudgetView *self = BANK_BUDGET_VIEW (widget);
  g_autoptr (GError) error = NULL;

  if (self->store == NULL)
    return;
  rdx_store_dispatch_take (
    self->store, bank_action_remove_budget (g_variant_get_string (parameter, NULL)), &error);
  if (error != NULL)
    g_warning ("The budget was not removed: %s", error->message);
}

static void
save_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankBudgetView  *self = BANK_BUDGET_VIEW (widget);
  g_autofree char *category = NULL;
  g_autoptr (GError) error = NULL;
  gint64 amount;

  if (self->store == NULL || !read_editor (self, &category, &amount, &error))
    return;
  rdx_store_dispatch_take (
    self->store, bank_action_set_budget (category, self->editing_currency, amount), &error);
  if (error != NULL)
    {
      /* The reducer's rules stand after the editor's: say why. */
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  editor_close (self);
}

static void
cancel_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  editor_close (BANK_BUDGET_VIEW (widget));
}

/* The object */

/**
 * bank_budget_view_get_store:
 * @self: a budget view
 *
 * Returns: (transfer none) (nullable): the store it shows
 */
RdxStore *
bank_budget_view_get_store (BankBudgetView *self)
{
  g_return_val_if_fail (BANK_IS_BUDGET_VIEW (self), NULL);

  return self->store;
}

/* A state without a month is given the clock's, so the view opens on
 * this month. */
static void
set_this_month (BankBudgetView *self)
{
  RdxValue        *current = rdx_value_get_path (rdx_store_get_state (self->store), "/ui/month");
  g_autofree char *month = NULL;
  g_autoptr (GError) error = NULL;

  if (current != NULL && *rdx_value_get_string (current) != '\0')
    return;
  month = bank_month_of (g_get_real_time (), self->time_zone);
  rdx_store_dispatch_take (self->store, bank_action_set_month (month), &error);
  if (error != NULL)
    g_warning ("The budgets' month was not set: %s", error->message);
}

/**
 * bank_budget_view_set_store:
 * @self: a budget view
 * @store: (nullable): a store of the bank's state (bank_reducer_new())
 *
 * Shows the budgets of the month @store's views show (`/ui/month`),
 * following each dispatch; when the state has no month yet, the view
 * dispatches `ui.month` with the current one. Its controls dispatch
 * `budgets.set`, `budgets.remove` and `ui.month` to @store.
 */
void
bank_budget_view_set_store (BankBudgetView *self, RdxStore *store)
{
  g_return_if_fail (BANK_IS_BUDGET_VIEW (self));
  g_return_if_fail (store == NULL || RDX_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    rdx_store_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      set_this_month (self);
      self->model = rdx_list_model_new (store, self->rows);
      gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->model), create_row_cb, NULL, NULL);
      self->watch_id = rdx_store_watch (store, self->selector, view_changed_cb, self, NULL);
    }
  bank_budget_view_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * bank_budget_view_new:
 * @store: (nullable): a store of the bank's state
 *
 * Returns: (transfer floating): a new view of the monthly budgets
 */
GtkWidget *
bank_budget_view_new (RdxStore *store)
{
  g_return_val_if_fail (store == NULL || RDX_IS_STORE (store), NULL);

  return g_object_new (BANK_TYPE_BUDGET_VIEW, "store", store, NULL);
}

static void
bank_budget_view_dispose (GObject *object)
{
  BankBudgetView *self = BANK_BUDGET_VIEW (object);

  bank_budget_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BANK_TYPE_BUDGET_VIEW);

  G_OBJECT_CLASS (bank_budget_view_parent_class)->dispose (object);
}

static void
bank_budget_view_finalize (GObject *object)
{
  BankBudgetView *self = BANK_BUDGET_VIEW (object);

  g_clear_pointer (&self->rows, rdx_selector_unref);
  g_clear_pointer (&self->selector, rdx_selector_unref);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_free (self->month);
  g_free (self->currency);
  g_free (self->editing);
  g_free (self->editing_currency);

  G_OBJECT_CLASS (bank_budget_view_parent_class)->finalize (object);
}

static void
bank_budget_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BankBudgetView *self = BANK_BUDGET_VIEW (object);

  switch (prop_id)
    {
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bank_budget_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BankBudgetView *self = BANK_BUDGET_VIEW (object);

  switch (prop_id)
    {
      case PROP_STORE:
        bank_budget_view_set_store (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bank_budget_view_class_init (BankBudgetViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bank_budget_view_dispose;
  object_class->finalize = bank_budget_view_finalize;
  object_class->get_property = bank_budget_view_get_property;
  object_class->set_property = bank_budget_view_set_property;

  /**
   * BankBudgetView:store: (attributes org.gtk.Property.get=bank_budget_view_get_store org.gtk.Property.set=bank_budget_view_set_store)
   *
   * The store of the bank's state the view shows.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RDX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/rdx/Bank/bank-budget-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, box);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, month_label);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, next_button);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, new_button);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, stack);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, list);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, editor);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, editor_title);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, category_entry);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, currency_label);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, error_label);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetView, save_button);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_revealed_cb);

  gtk_widget_class_install_action (widget_class, "budget.previous-month", NULL,
                                   previous_month_activated);
  gtk_widget_class_install_action (widget_class, "budget.next-month", NULL, next_month_activated);
  gtk_widget_class_install_action (widget_class, "budget.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "budget.edit", "(ss)", edit_activated);
  gtk_widget_class_install_action (widget_class, "budget.remove", "s", remove_activated);
  gtk_widget_class_install_action (widget_class, "budget.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "budget.cancel", NULL, cancel_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "budget.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "budget.previous-month", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "budget.next-month", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bankbudgetview");
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (BANK_TYPE_BUDGET_ROW);
}

static void
bank_budget_view_init (BankBudgetView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->time_zone = g_time_zone_new_local ();
  self->rows = rows_selector_new (self->time_zone);
  self->selector = view_selector_new (self->rows);
  self->currency = g_strdup ("EUR");
  self->editing_currency = g_strdup ("EUR");
  bank_budget_view_update (self);
  editor_update (self);
}

/* bank-transactions-view.c: the transactions of the selected account
 *
 * The rows are what bank_selector_transactions_new() gives: the selected
 * account's entries, searched, filtered and sorted as `/ui` says, kept up
 * to date with what each dispatch appends. An RdxListModel over that
 * selector feeds the column view, so a deposit on an account of 100,000
 * entries signals one inserted row and binds one row's cells; nothing is
 * copied. A new search or order (many rows replaced) is shown in place:
 * the column view is told only what changed in the number of rows, the
 * cells on screen show the new rows at their positions, and the selected
 * entry stays selected and in view if it is still a row. (GTK 4.8 would
 * otherwise make every row widget again, after looking for each one
 * among all the new rows.)
 *
 * A second selector gathers what the rest of the view shows (the query,
 * the accounts' names and currencies, the categories, how many entries
 * the account has), and a watch on it calls the update function, which
 * projects it onto the search entry, the category drop-down, the headers'
 * sort arrows, the empty state and the actions' enabled flags. The
 * callbacks only dispatch: typing a search, choosing a category, clicking
 * a header (its column's sorter is never used to sort; the column view's
 * sorter says which column is first and which way, and that is
 * dispatched as `ui.sort`), reversing a transaction from a row's menu.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-transactions-view-private.h"

#define MAX_SEARCH 200 /* characters, as `ui.search` allows */
#define BIG_CHANGE 500 /* rows removed or added, beyond which the cells are shown in place */

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum
{
  SIGNAL_REVERSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BankTransactionsView, bank_transactions_view, GTK_TYPE_WIDGET)

/* The rows as the column view sees them: the RdxListModel's, with its
 * changes passed on, except that a change of many rows (a new search or
 * order) is told as what it does to the number of rows only, at the end.
 * GTK 4.8 drops and makes again every row widget of the rows it is told
 * were replaced (and first looks for each shown row among all the new
 * ones), while the cells read their row by position (bind_cell()) and
 * are shown again in place (rows_changed_cb()). */
#define BANK_TYPE_ROWS (bank_rows_get_type ())
G_DECLARE_FINAL_TYPE (BankRows, bank_rows, BANK, ROWS, GObject)

struct _BankRows
{
  GObject     parent_instance;
  GListModel *model; /* the RdxListModel */
};

static GType
bank_rows_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (BANK_ROWS (model)->model);
}

static guint
bank_rows_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (BANK_ROWS (model)->model);
}

static gpointer
bank_rows_get_item (GListModel *model, guint position)
{
  return g_list_model_get_item (BANK_ROWS (model)->model, position);
}

static void
bank_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bank_rows_get_item_type;
  iface->get_n_items = bank_rows_get_n_items;
  iface->get_item = bank_rows_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BankRows,
                               bank_rows,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, bank_rows_list_model_init))

static void
bank_rows_finalize (GObject *object)
{
  g_clear_object (&BANK_ROWS (object)->model);

  G_OBJECT_CLASS (bank_rows_parent_class)->finalize (object);
}

static void
bank_rows_class_init (BankRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bank_rows_finalize;
}

static void
bank_rows_init (BankRows *self)
{
}

static BankRows *
bank_rows_new (GListModel *model)
{
  BankRows *self = g_object_new (BANK_TYPE_ROWS, NULL);

  self->model = g_object_ref (model);
  return self;
}

/* The selector */

/* [rows, /ui, /accounts, /ledger, categories] → what the view shows
 * besides the rows */
static RdxValue *
select_view (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  g_autoptr (RdxValue) ui = inputs[1] != NULL ? rdx_value_ref (inputs[1]) : rdx_map_new ();
  const char *selected = rdx_map_get_string (ui, "selected", NULL);
  RdxValue   *entries = selected != NULL ? rdx_map_get_list (inputs[3], selected) : NULL;

  return rdx_map_new_take (
    "n_rows", rdx_value_new_int (inputs[0] != NULL ? rdx_list_length (inputs[0]) : 0), "ui",
    g_steal_pointer (&ui), "accounts",
    inputs[2] != NULL ? rdx_value_ref (inputs[2]) : rdx_map_new (), "categories",
    inputs[4] != NULL ? rdx_value_ref (inputs[4]) : rdx_list_new (), "n_entries",
    rdx_value_new_int (entries != NULL ? rdx_list_length (entries) : 0), NULL);
}

static RdxSelector *
view_selector_new (RdxSelector *rows)
{
  g_autoptr (RdxSelector) ui = rdx_selector_new_path ("/ui");
  g_autoptr (RdxSelector) accounts = rdx_selector_new_path ("/accounts");
  g_autoptr (RdxSelector) ledger = rdx_selector_new_path ("/ledger");
  g_autoptr (RdxSelector) categories = bank_selector_categories_new ();

  return rdx_selector_new (select_view, NULL, NULL, rows, ui, accounts, ledger, categories, NULL);
}

/* What a row says */

static const char *
account_name (BankTransactionsView *self, const char *id)
{
  RdxValue *account = id != NULL ? rdx_map_get_map (self->accounts, id) : NULL;

  return rdx_map_get_string (account, "name", id != NULL ? id : "another account");
}

/**
 * bank_transactions_view_describe:
 * @self: a transaction list
 * @entry: a row: an entry of the ledger
 *
 * Returns: (transfer full): what the Description column says of @entry:
 *   its memo, "Transfer to …" or "Transfer from …" for a transfer,
 *   "Reversal of …" for a reversal
 */
char *
bank_transactions_view_describe (BankTransactionsView *self, RdxValue *entry)
{
  g_return_val_if_fail (BANK_IS_TRANSACTIONS_VIEW (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  return bank_entry_describe (self->accounts, entry, FALSE);
}

static char *
format_date (BankTransactionsView *self, gint64 at, const char *format)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, self->time_zone) : NULL;

  return local != NULL ? g_date_time_format (local, format) : g_strdup ("");
}

/* The cells */

static gboolean description_tooltip_cb (GtkWidget            *cell,
                                        int                   x,
                                        int                   y,
                                        gboolean              keyboard_mode,
                                        GtkTooltip           *tooltip,
                                        BankTransactionsView *self);

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, BankTransactionsView *self)
{
  BankColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "bank-column"));
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *child = label;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Texts a person writes are cut short; dates and amounts are short and
   * only whole make sense, and a label that may be cut short costs GTK a
   * second layout each time it is measured (callgrind: measuring fell
   * from 324 to 204 million instructions in the bench's dispatches). */
  if (column == BANK_COLUMN_DESCRIPTION || column == BANK_COLUMN_CATEGORY)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == BANK_COLUMN_AMOUNT || column == BANK_COLUMN_BALANCE)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  if (column == BANK_COLUMN_DESCRIPTION)
    {
      GtkWidget *tag = gtk_label_new (NULL);

      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (child), label);
      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_set_visible (tag, FALSE);
      gtk_box_append (GTK_BOX (child), tag);
      gtk_widget_set_has_tooltip (child, TRUE);
      g_signal_connect_object (child, "query-tooltip", G_CALLBACK (description_tooltip_cb), self,
                               0);
    }
  g_object_set_data (G_OBJECT (child), "bank-list-item", item);
  gtk_list_item_set_child (item, child);
}

static GtkLabel *
cell_label (GtkListItem *item)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  return GTK_IS_LABEL (child) ? GTK_LABEL (child) : GTK_LABEL (gtk_widget_get_first_child (child));
}

static void
bind_description (BankTransactionsView *self, GtkListItem *item, RdxValue *entry)
{
  GtkLabel        *label = cell_label (item);
  GtkWidget       *tag = gtk_widget_get_last_child (gtk_list_item_get_child (item));
  g_autofree char *text = bank_transactions_view_describe (self, entry);
  gboolean         reversed = rdx_map_get (entry, "reversed_by") != NULL;
  gboolean         reversal = rdx_map_get (entry, "reverses") != NULL;

  gtk_label_set_label (label, text);
  if (reversed)
    {
      g_autoptr (PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_strikethrough_new (TRUE));
      gtk_label_set_attributes (label, attributes);
    }
  else if (gtk_label_get_attributes (label) != NULL)
    gtk_label_set_attributes (label, NULL);
  if (reversed || reversal)
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  gtk_label_set_label (GTK_LABEL (tag), reversed ? "Reversed" : "Reversal");
  gtk_widget_set_visible (tag, reversed || reversal);
}

/* The description in full, and a reversal's reason. Asked for when the
 * pointer rests on the cell: setting a tooltip at each bind asks the X
 * server where the pointer is, which cost more than all the rest of
 * showing a row. */
static gboolean
description_tooltip_cb (GtkWidget            *cell,
                        int                   x,
                        int                   y,
                        gboolean              keyboard_mode,
                        GtkTooltip           *tooltip,
                        BankTransactionsView *self)
{
  RdxValue        *entry = g_object_get_data (G_OBJECT (cell), "bank-entry");
  const char      *reason = rdx_map_get_string (entry, "reason", NULL);
  g_autofree char *text = NULL;

  if (entry == NULL)
    return FALSE;
  text = bank_transactions_view_describe (self, entry);
  if (reason != NULL && *reason != '\0')
    {
      g_autofree char *with_reason = g_strdup_printf ("%s\nReason: %s", text, reason);

      gtk_tooltip_set_text (tooltip, with_reason);
    }
  else
    gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
bind_money (BankTransactionsView *self, GtkListItem *item, gint64 amount, gboolean signed_class)
{
  GtkWidget       *label = GTK_WIDGET (cell_label (item));
  g_autofree char *text = bank_format_amount (amount, self->currency);

  gtk_label_set_label (GTK_LABEL (label), text);
  if (signed_class && amount > 0)
    gtk_widget_add_css_class (label, "success");
  else
    gtk_widget_remove_css_class (label, "success");
  if (signed_class && amount < 0)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

/* Shows @item's row in its cell of @column: the row at its position
 * (after a change of many rows, the list item's own item is the one that
 * was there before; see BankRows). GTK 4.8 binds every cell
 * on screen again when a row is inserted above them; a cell that shows
 * the same entry (the same pointer: rows are immutable, and the cell
 * keeps a reference) with the same names and currency is left as it is. */
static void
bind_cell (BankTransactionsView *self, BankColumn column, GtkListItem *item)
{
  RdxValue *rows = self->model != NULL ? rdx_list_model_get_value (self->model) : NULL;
  guint     position = gtk_list_item_get_position (item);
  RdxValue *entry =
    rows != NULL && gtk_list_item_get_item (item) != NULL && position < rdx_list_length (rows)
      ? rdx_list_get (rows, position)
      : NULL;
  GObject *child = G_OBJECT (gtk_list_item_get_child (item));

  if (entry == NULL ||
      (g_object_get_data (child, "bank-entry") == entry &&
       GPOINTER_TO_UINT (g_object_get_data (child, "bank-generation")) == self->generation))
    return;
  self->n_binds++;
  g_object_set_data_full (child, "bank-entry", rdx_value_ref (entry),
                          (GDestroyNotify) rdx_value_unref);
  g_object_set_data (child, "bank-generation", GUINT_TO_POINTER (self->generation));
  switch (column)
    {
      case BANK_COLUMN_DATE:
        {
          g_autofree char *date = format_date (self, rdx_map_get_int (entry, "at", 0), "%-d %b %Y");

          gtk_label_set_label (cell_label (item), date);
        }
        break;
      case BANK_COLUMN_DESCRIPTION:
        bind_description (self, item, entry);
        break;
      case BANK_COLUMN_CATEGORY:
        gtk_label_set_label (cell_label (item), rdx_map_get_string (entry, "category", ""));
        break;
      case BANK_COLUMN_AMOUNT:
        bind_money (self, item, rdx_map_get_int (entry, "amount", 0), TRUE);
        break;
      case BANK_COLUMN_BALANCE:
        bind_money (self, item, rdx_map_get_int (entry, "balance", 0), FALSE);
        break;
    }
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, BankTransactionsView *self)
{
  BankColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "bank-column"));
  gint64     start = g_get_monotonic_time ();

  g_hash_table_insert (self->bound, item, GINT_TO_POINTER (column));
  bind_cell (self, column, item);
  self->bind_time += g_get_monotonic_time () - start;
}

static void
unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, BankTransactionsView *self)
{
  g_hash_table_remove (self->bound, item);
}

/**
 * bank_transactions_view_get_cell:
 * @self: a transaction list
 * @column: a column
 * @position: a row
 *
 * Returns: (transfer none) (nullable): the widget that shows the row at
 *   @position in @column, if the row is on screen (or near it)
 */
GtkWidget *
bank_transactions_view_get_cell (BankTransactionsView *self, BankColumn column, guint position)
{
  GHashTableIter iter;
  gpointer       item, bound_column;

  g_return_val_if_fail (BANK_IS_TRANSACTIONS_VIEW (self), NULL);

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, &bound_column))
    if (GPOINTER_TO_INT (bound_column) == (int) column &&
        gtk_list_item_get_position (item) == position)
      return gtk_list_item_get_child (item);
  return NULL;
}

/* Shows the cells on screen again (after a change of the accounts' names
 * or of the account's currency, which the rows do not carry). */
static void
refresh_bound (BankTransactionsView *self)
{
  GHashTableIter iter;
  gpointer       item, column;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, &column))
    bind_cell (self, GPOINTER_TO_INT (column), item);
}

static void
rebind_all (BankTransactionsView *self)
{
  self->generation++;
  refresh_bound (self);
}

/* Whether the cells would read another name in @accounts than in what
 * they show. */
static gboolean
names_changed (RdxValue *shown, RdxValue *accounts)
{
  RdxMapIter  iter;
  const char *id;
  RdxValue   *account;

  if (shown == accounts)
    return FALSE;
  if (shown == NULL || accounts == NULL || rdx_map_size (shown) != rdx_map_size (accounts))
    return TRUE;
  rdx_map_iter_init (&iter, accounts);
  while (rdx_map_iter_next (&iter, &id, &account))
    if (g_strcmp0 (rdx_map_get_string (account, "name", NULL),
                   rdx_map_get_string (rdx_map_get_map (shown, id), "name", NULL)) != 0)
      return TRUE;
  return FALSE;
}

/* Which column the column view sorts by first, and which way; FALSE when
 * none. The column view's sorter compares with its columns' sorters in
 * their order, and each column's sorter notes that it was asked. */
static GtkOrdering
probe_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  BankTransactionsView *self = g_object_get_data (G_OBJECT (user_data), "bank-view");

  self->probed = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "bank-column"));
  return GTK_ORDERING_SMALLER;
}

static gboolean
read_sort (BankTransactionsView *self, BankColumn *column, gboolean *descending)
{
  GtkSorter  *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering ordering;

  self->probed = -1;
  ordering = gtk_sorter_compare (sorter, self, self->column_view);
  if (self->probed < 0)
    return FALSE;
  *column = (BankColumn) self->probed;
  *descending = ordering == GTK_ORDERING_LARGER;
  return TRUE;
}

/* The update */

static gboolean
is_reversible (RdxValue *state, const char *txn_id)
{
  RdxValue *txns = rdx_map_get_map (state, "txns");
  RdxValue *txn = txn_id != NULL ? rdx_map_get_map (txns, txn_id) : NULL;

  return txn != NULL && rdx_map_get (txn, "reverses") == NULL &&
         rdx_map_get (txn, "reversed_by") == NULL;
}

static void
update_categories (BankTransactionsView *self, RdxValue *categories, const char *category)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));
  guint selected = 0;

  if (categories != self->category_list)
    {
      g_autoptr (GPtrArray) names = g_ptr_array_new_null_terminated (0, NULL, TRUE);
      RdxListIter iter;
      RdxValue   *name;

      rdx_list_iter_init (&iter, categories);
      while (rdx_list_iter_next (&iter, &name))
        g_ptr_array_add (names, (gpointer) rdx_value_get_string (name));
      gtk_string_list_splice (self->categories, 1, n - 1, (const char *const *) names->pdata);
      g_clear_pointer (&self->category_list, rdx_value_unref);
      self->category_list = rdx_value_ref (categories);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));
  for (guint i = 1; i < n && *category != '\0'; i++)
    if (g_str_equal (gtk_string_list_get_string (self->categories, i), category))
      selected = i;
  /* A category nothing uses (yet): shown all the same. */
  if (selected == 0 && *category != '\0')
    {
      const char *extra[] = { category, NULL };

      gtk_string_list_splice (self->categories, n, 0, extra);
      selected = n;
      g_clear_pointer (&self->category_list, rdx_value_unref);
    }
  if (gtk_drop_down_get_selected (self->category_dropdown) != selected)
    gtk_drop_down_set_selected (self->category_dropdown, selected);
}

static void
update_sort (BankTransactionsView *self, RdxValue *ui)
{
  BankColumn column = BANK_COLUMN_DATE, shown_column;
  gboolean   descending = rdx_map_get_bool (ui, "descending", TRUE), shown_descending;

  bank_column_from_string (rdx_map_get_string (ui, "sort", "date"), &column);
  g_simple_action_set_state (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "column")),
    g_variant_new_string (bank_column_to_string (column)));
  g_simple_action_set_state (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "descending")),
    g_variant_new_boolean (descending));
  if (read_sort (self, &shown_column, &shown_descending) && shown_column == column &&
      shown_descending == descending)
    return;
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

static void
update_empty (BankTransactionsView *self, RdxValue *view)
{
  RdxValue        *ui = rdx_map_get_map (view, "ui");
  const char      *selected = rdx_map_get_string (ui, "selected", NULL);
  const char      *search = rdx_map_get_string (ui, "search", "");
  const char      *category = rdx_map_get_string (ui, "category", "");
  g_autofree char *description = NULL;

  if (selected == NULL)
    {
      adw_status_page_set_title (self->empty_page, "No Account Selected");
      adw_status_page_set_description (self->empty_page,
                                       "Select an account to see its transactions.");
      return;
    }
  if (rdx_map_get_int (view, "n_entries", 0) == 0)
    {
      description =
        g_markup_printf_escaped ("The deposits, withdrawals and transfers of “%s” appear here.",
                                 account_name (self, selected));
      adw_status_page_set_title (self->empty_page, "No Transactions Yet");
      adw_status_page_set_description (self->empty_page, description);
      return;
    }
  if (*search != '\0' && *category != '\0')
    description = g_markup_printf_escaped ("No transactions in “%s” match “%s”.", category, search);
  else if (*search != '\0')
    description = g_markup_printf_escaped ("No transactions match “%s”.", search);
  else
    description = g_markup_printf_escaped ("No transactions are in “%s”.", category);
  adw_status_page_set_title (self->empty_page, "No Matching Transactions");
  adw_status_page_set_description (self->empty_page, description);
}

static void
update_actions (BankTransactionsView *self)
{
  RdxValue *state = self->store != NULL ? rdx_store_get_state (self->store) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "txns.reverse",
                                 state != NULL && is_reversible (state, self->menu_txn));
}

/* Projects the state onto the widgets. */
static void
bank_transactions_view_update (BankTransactionsView *self)
{
  RdxValue   *view = self->store != NULL ? rdx_store_select (self->store, self->selector) : NULL;
  RdxValue   *ui = rdx_map_get_map (view, "ui");
  RdxValue   *accounts = rdx_map_get_map (view, "accounts");
  const char *selected = rdx_map_get_string (ui, "selected", NULL);
  const char *search = rdx_map_get_string (ui, "search", "");
  RdxValue   *account = selected != NULL ? rdx_map_get_map (accounts, selected) : NULL;
  const char *currency = rdx_map_get_string (account, "currency", "XXX");
  gboolean    rebind;

  self->n_updates++;
  self->updating = TRUE;

  rebind = g_strcmp0 (self->currency, currency) != 0 || names_changed (self->accounts, accounts);
  g_free (self->currency);
  self->currency = g_strdup (currency);
  g_clear_pointer (&self->accounts, rdx_value_unref);
  self->accounts = accounts != NULL ? rdx_value_ref (accounts) : NULL;
  if (rebind)
    rebind_all (self);

  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), search))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), selected != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->category_dropdown), selected != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sort_button), selected != NULL);
  update_categories (self, rdx_map_get_list (view, "categories"),
                     rdx_map_get_string (ui, "category", ""));
  update_sort (self, ui);

  update_empty (self, view);
  gtk_stack_set_visible_child_name (self->stack,
                                    rdx_map_get_int (view, "n_rows", 0) > 0 ? "list" : "empty");
  update_actions (self);
  self->updating = FALSE;
}

static void
view_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  bank_transactions_view_update (BANK_TRANSACTIONS_VIEW (user_data));
}

/* Callbacks: they dispatch. */

static void
dispatch (BankTransactionsView *self, RdxAction *action, const char *what)
{
  g_autoptr (GError) error = NULL;

  if (self->store == NULL)
    {
      rdx_action_unref (action);
      return;
    }
  if (!rdx_store_dispatch_take (self->store, action, &error))
    g_warning ("%s: %s", what, error->message);
}

static void
search_changed_cb (BankTransactionsView *self, GtkSearchEntry *entry)
{
  if (self->updating)
    return;
  dispatch (self, bank_action_search (gtk_editable_get_text (GTK_EDITABLE (entry))),
            "The transactions were not searched");
}

/* Escape in the search entry: the search is cleared (dispatched like any
 * other), and the keyboard goes back to the list. */
static void
stop_search_cb (BankTransactionsView *self, GtkSearchEntry *entry)
{
  if (self->updating)
    return;
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      dispatch (self, bank_action_search (""), "The search was not cleared");
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
category_selected_cb (BankTransactionsView *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  dispatch (self,
            bank_action_filter_category (
              selected == 0 ? "" : gtk_string_list_get_string (self->categories, selected)),
            "The transactions were not filtered");
}

static void
sorter_changed_cb (BankTransactionsView *self, GtkSorterChange change, GtkSorter *sorter)
{
  RdxValue  *ui;
  BankColumn column, state_column = BANK_COLUMN_DATE;
  gboolean   descending;

  if (self->updating || self->store == NULL || !read_sort (self, &column, &descending))
    return;
  ui = rdx_value_get_path (rdx_store_get_state (self->store), "/ui");
  bank_column_from_string (rdx_map_get_string (ui, "sort", "date"), &state_column);
  if (column == state_column && descending == rdx_map_get_bool (ui, "descending", TRUE))
    return;
  dispatch (self, bank_action_sort (column, descending), "The transactions were not sorted");
}

/* The sort menu: a column, or the other way round. */
static void
sort_column_cb (BankTransactionsView *self, GVariant *parameter, GSimpleAction *action)
{
  g_autoptr (GVariant) descending =
    g_action_group_get_action_state (G_ACTION_GROUP (self->sort_actions), "descending");
  BankColumn column;

  if (bank_column_from_string (g_variant_get_string (parameter, NULL), &column))
    dispatch (self, bank_action_sort (column, g_variant_get_boolean (descending)),
              "The transactions were not sorted");
}

static void
sort_descending_cb (BankTransactionsView *self, GVariant *parameter, GSimpleAction *action)
{
  g_autoptr (GVariant) column =
    g_action_group_get_action_state (G_ACTION_GROUP (self->sort_actions), "column");
  g_autoptr (GVariant) descending =
    g_action_group_get_action_state (G_ACTION_GROUP (self->sort_actions), "descending");
  BankColumn which = BANK_COLUMN_DATE;

  bank_column_from_string (g_variant_get_string (column, NULL), &which);
  dispatch (self, bank_action_sort (which, !g_variant_get_boolean (descending)),
            "The transactions were not sorted");
}

static void
init_sort_actions (BankTransactionsView *self)
{
  g_autoptr (GSimpleAction) column =
    g_simple_action_new_stateful ("column", G_VARIANT_TYPE_STRING, g_variant_new_string ("date"));
  g_autoptr (GSimpleAction) descending =
    g_simple_action_new_stateful ("descending", NULL, g_variant_new_boolean (TRUE));

  self->sort_actions = g_simple_action_group_new ();
  g_signal_connect_object (column, "activate", G_CALLBACK (sort_column_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (descending, "activate", G_CALLBACK (sort_descending_cb), self,
                           G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (self->sort_actions), G_ACTION (column));
  g_action_map_add_action (G_ACTION_MAP (self->sort_actions), G_ACTION (descending));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sort", G_ACTION_GROUP (self->sort_actions));
}

/* The context menu */

static RdxValue *
row_at (BankTransactionsView *self, guint position)
{
  g_autoptr (RdxListItem) item =
    self->model != NULL ? g_list_model_get_item (G_LIST_MODEL (self->model), position) : NULL;

  return item != NULL ? rdx_list_item_get_value (item) : NULL;
}

/* Opens the menu of the row at @position, pointing at @x, @y of the
 * view. */
static void
popup_menu (BankTransactionsView *self, guint position, double x, double y)
{
  RdxValue *row = row_at (self, position);

  if (row == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  g_free (self->menu_txn);
  self->menu_txn = g_strdup (rdx_map_get_string (row, "id", NULL));
  update_actions (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle){ (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

/* Opens the menu of the row under @x, @y of the column view. */
static gboolean
popup_menu_at (BankTransactionsView *self, double x, double y)
{
  GtkWidget   *widget = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = NULL;
  double       view_x, view_y;

  for (; widget != NULL && item == NULL; widget = gtk_widget_get_parent (widget))
    item = g_object_get_data (G_OBJECT (widget), "bank-list-item");
  if (item == NULL || gtk_list_item_get_item (item) == NULL)
    return FALSE;
  gtk_widget_translate_coordinates (GTK_WIDGET (self->column_view), GTK_WIDGET (self), x, y,
                                    &view_x, &view_y);
  popup_menu (self, gtk_list_item_get_position (item), view_x, view_y);
  return TRUE;
}

static void
secondary_pressed_cb (BankTransactionsView *self,
                      int                   n_press,
                      double                x,
                      double                y,
                      GtkGestureClick      *gesture)
{
  if (popup_menu_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_pressed_cb (BankTransactionsView *self, double x, double y, GtkGestureLongPress *gesture)
{
  if (popup_menu_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Shift+F10 or the Menu key: the selected row's menu, below its
 * description. */
static void
menu_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankTransactionsView *self = BANK_TRANSACTIONS_VIEW (widget);
  guint position = self->selection != NULL ? gtk_single_selection_get_selected (self->selection)
                                           : GTK_INVALID_LIST_POSITION;
  GtkWidget      *cell;
  graphene_rect_t bounds;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  cell = bank_transactions_view_get_cell (self, BANK_COLUMN_DESCRIPTION, position);
  if (cell != NULL && gtk_widget_compute_bounds (cell, GTK_WIDGET (self), &bounds))
    popup_menu (self, position, bounds.origin.x + 12, bounds.origin.y + bounds.size.height);
  else
    popup_menu (self, position, gtk_widget_get_width (widget) / 2.0,
                gtk_widget_get_height (widget) / 2.0);
}

/* Reversing */

/* The entry of transaction @txn_id on the selected account (or, failing
 * that, on the first account it touched). */
static RdxValue *
find_entry (RdxValue *state, const char *txn_id)
{
  const char *selected = rdx_map_get_string (rdx_map_get_map (state, "ui"), "selected", NULL);
  RdxValue   *txn = rdx_map_get_map (rdx_map_get_map (state, "txns"), txn_id);
  RdxValue   *postings = rdx_map_get_list (txn, "postings");
  RdxValue   *posting = rdx_list_get (postings, 0);
  RdxListIter iter;
  RdxValue   *each;

  rdx_list_iter_init (&iter, postings);
  while (rdx_list_iter_next (&iter, &each))
    if (g_strcmp0 (rdx_map_get_string (each, "account", NULL), selected) == 0)
      posting = each;
  if (posting == NULL)
    return NULL;
  return rdx_list_get (rdx_map_get_list (rdx_map_get_map (state, "ledger"),
                                         rdx_map_get_string (posting, "account", "")),
                       (guint) rdx_map_get_int (posting, "seq", G_MAXUINT));
}

/* Shows a refusal of the store to the person. */
static void
show_error (BankTransactionsView *self, const char *heading, const char *message)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog =
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", "_Close");
  if (self->error_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->error_dialog));
  self->error_dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->error_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reverse_response_cb (BankTransactionsView *self, const char *response, AdwMessageDialog *dialog)
{
  GtkEditable     *reason_entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char      *reason = gtk_editable_get_text (reason_entry);
  g_autofree char *txn = g_steal_pointer (&self->dialog_txn);
  g_autofree char *reversal_id = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  RdxValue        *entry;
  g_autoptr (GError) error = NULL;

  self->dialog = NULL;
  if (!g_str_equal (response, "reverse") || txn == NULL || self->store == NULL)
    return;
  reversal_id = g_uuid_string_random ();
  if (!rdx_store_dispatch_take (
        self->store,
        bank_action_reverse (txn, reversal_id, *reason != '\0' ? reason : NULL, g_get_real_time ()),
        &error))
    {
      show_error (self, "Transaction Not Reversed", error->message);
      return;
    }
  entry = find_entry (rdx_store_get_state (self->store), txn);
  description = entry != NULL ? bank_entry_describe (self->accounts, entry, TRUE) : g_strdup (txn);
  summary = g_strdup_printf ("“%s” reversed", description);
  g_signal_emit (self, signals[SIGNAL_REVERSED], 0, txn, summary);
}

/* The confirmation, with a reason to give. */
static void
reverse_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankTransactionsView *self = BANK_TRANSACTIONS_VIEW (widget);
  GtkRoot              *root = gtk_widget_get_root (widget);
  RdxValue             *entry;
  g_autofree char      *description = NULL, *amount = NULL, *date = NULL, *body = NULL;
  GtkWidget            *dialog, *reason;

  if (self->store == NULL || self->menu_txn == NULL || self->dialog != NULL)
    return;
  entry = find_entry (rdx_store_get_state (self->store), self->menu_txn);
  if (entry != NULL)
    {
      description = bank_entry_describe (self->accounts, entry, TRUE);
      amount = bank_format_amount (rdx_map_get_int (entry, "amount", 0), self->currency);
      date = format_date (self, rdx_map_get_int (entry, "at", 0), "%-d %b %Y");
      body =
        g_strdup_printf ("“%s” of %s on %s will be undone by a new transaction of the opposite "
                         "amount. Nothing is deleted.",
                         description, amount, date);
    }
  dialog =
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, "Reverse Transaction?",
                            body != NULL ? body
                                         : "The transaction will be undone by a new "
                                           "transaction of the opposite amount.");
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), "Reason (optional)");
  gtk_entry_set_max_length (GTK_ENTRY (reason), 200);
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, "Reason",
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel", "reverse",
                                    "_Reverse", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reverse",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reverse");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (reverse_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  g_free (self->dialog_txn);
  self->dialog_txn = g_strdup (self->menu_txn);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

/* The object */

/**
 * bank_transactions_view_focus_search:
 * @self: a transaction list
 *
 * Moves the keyboard focus to the search entry (the window's Ctrl+F).
 */
void
bank_transactions_view_focus_search (BankTransactionsView *self)
{
  g_return_if_fail (BANK_IS_TRANSACTIONS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The position of the row of the same entry as @row in @rows (the same
 * place in the ledger, of the same transaction: another account's rows
 * have none), or GTK_INVALID_LIST_POSITION. */
static guint
find_row (RdxValue *rows, RdxValue *row)
{
  gint64      seq = rdx_map_get_int (row, "seq", -1);
  const char *id = rdx_map_get_string (row, "id", "");
  RdxListIter iter;
  RdxValue   *each;
  guint       position = 0;

  rdx_list_iter_init (&iter, rows);
  while (rdx_list_iter_next (&iter, &each))
    {
      if (each == row || (rdx_map_get_int (each, "seq", -2) == seq &&
                          g_str_equal (rdx_map_get_string (each, "id", ""), id)))
        return position;
      position++;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Scrolls the list so that the row at @position shows. */
static void
scroll_to_row (BankTransactionsView *self, guint position)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/* The account whose rows @store's views select, or NULL. */
static const char *
selected_account (RdxStore *store)
{
  return rdx_map_get_string (rdx_map_get_map (rdx_store_get_state (store), "ui"), "selected", NULL);
}

/* A change of the rows: passed on to the column view, except for a new
 * search or order (many rows replaced), which the cells on screen show
 * in place; the selected entry stays selected and comes into view if it
 * is still a row, and otherwise the list shows its first rows. */
static void
rows_changed_cb (BankTransactionsView *self,
                 guint                 position,
                 guint                 removed,
                 guint                 added,
                 GListModel           *model)
{
  g_autoptr (RdxValue) old_rows = g_steal_pointer (&self->shown_rows);
  RdxValue      *rows = rdx_list_model_get_value (self->model);
  guint          selected = gtk_single_selection_get_selected (self->selection);
  RdxValue      *selected_row = NULL;
  guint          common;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  const char    *account = selected_account (self->store);
  gboolean       other_account = g_strcmp0 (account, self->shown_account) != 0;
  gboolean       at_top = gtk_adjustment_get_value (vadjustment) <= 0;

  g_free (self->shown_account);
  self->shown_account = g_strdup (account);
  self->shown_rows = rows != NULL ? rdx_value_ref (rows) : NULL;
  if (removed <= BIG_CHANGE && added <= BIG_CHANGE)
    {
      g_list_model_items_changed (self->rows, position, removed, added);
      /* Another account opens at its first rows, nothing selected; at
       * the top, the list stays there, so a new first row shows rather
       * than coming above the rows in view. */
      if (other_account)
        gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      if ((at_top || other_account) && g_list_model_get_n_items (self->rows) > 0)
        {
          scroll_to_row (self, 0);
          gtk_adjustment_set_value (vadjustment, 0);
        }
      return;
    }

  if (old_rows != NULL && selected != GTK_INVALID_LIST_POSITION &&
      selected < rdx_list_length (old_rows))
    selected_row = rdx_list_get (old_rows, selected);
  common = MIN (removed, added);
  if (removed != added)
    g_list_model_items_changed (self->rows, position + common, removed - common, added - common);

  selected = selected_row != NULL && rows != NULL && !other_account ? find_row (rows, selected_row)
                                                                    : GTK_INVALID_LIST_POSITION;
  /* Unselected first: the selection's item is the one that was there. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (self->selection, selected);
  if (g_list_model_get_n_items (self->rows) > 0)
    scroll_to_row (self, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  /* After scrolling, which binds the rows that come into view. */
  refresh_bound (self);
}

/**
 * bank_transactions_view_get_store:
 * @self: a transaction list
 *
 * Returns: (transfer none) (nullable): the store it shows
 */
RdxStore *
bank_transactions_view_get_store (BankTransactionsView *self)
{
  g_return_val_if_fail (BANK_IS_TRANSACTIONS_VIEW (self), NULL);

  return self->store;
}

/**
 * bank_transactions_view_set_store:
 * @self: a transaction list
 * @store: (nullable): a store of the bank's state (bank_reducer_new())
 *
 * Shows the transactions of the account @store's views select
 * (`/ui/selected`), searched, filtered and sorted as `/ui` says,
 * following each dispatch. The search entry, the category drop-down and
 * the column headers dispatch `ui.search`, `ui.filter-category` and
 * `ui.sort` to it; a row's menu dispatches `transactions.reversed`.
 */
void
bank_transactions_view_set_store (BankTransactionsView *self, RdxStore *store)
{
  g_return_if_fail (BANK_IS_TRANSACTIONS_VIEW (self));
  g_return_if_fail (store == NULL || RDX_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    rdx_store_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->shown_rows, rdx_value_unref);
  g_clear_pointer (&self->shown_account, g_free);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);
  /* The view's watch first, so the cells bound for new rows read the
   * currency and names of the state they come from. */
  if (store != NULL)
    {
      self->watch_id = rdx_store_watch (store, self->selector, view_changed_cb, self, NULL);
      self->model = rdx_list_model_new (store, self->rows_selector);
      self->shown_rows = rdx_list_model_get_value (self->model);
      if (self->shown_rows != NULL)
        rdx_value_ref (self->shown_rows);
      self->shown_account = g_strdup (selected_account (store));
      self->rows = G_LIST_MODEL (bank_rows_new (G_LIST_MODEL (self->model)));
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (rows_changed_cb), self,
                               G_CONNECT_SWAPPED);
      self->selection = gtk_single_selection_new (g_object_ref (self->rows));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }
  bank_transactions_view_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * bank_transactions_view_new:
 * @store: (nullable): a store of the bank's state
 *
 * Returns: (transfer floating): a new list of the selected account's
 *   transactions
 */
GtkWidget *
bank_transactions_view_new (RdxStore *store)
{
  g_return_val_if_fail (store == NULL || RDX_IS_STORE (store), NULL);

  return g_object_new (BANK_TYPE_TRANSACTIONS_VIEW, "store", store, NULL);
}

static void
bank_transactions_view_measure (GtkWidget     *widget,
                                GtkOrientation orientation,
                                int            for_size,
                                int           *minimum,
                                int           *natural,
                                int           *minimum_baseline,
                                int           *natural_baseline)
{
  gtk_widget_measure (BANK_TRANSACTIONS_VIEW (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
bank_transactions_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  BankTransactionsView *self = BANK_TRANSACTIONS_VIEW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
bank_transactions_view_dispose (GObject *object)
{
  BankTransactionsView *self = BANK_TRANSACTIONS_VIEW (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  if (self->error_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->error_dialog),
                                    (gpointer *) &self->error_dialog);
      gtk_window_destroy (GTK_WINDOW (self->error_dialog));
      self->error_dialog = NULL;
    }
  bank_transactions_view_set_store (self, NULL);
  if (self->menu != NULL)
    gtk_widget_unparent (self->menu);
  self->menu = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), BANK_TYPE_TRANSACTIONS_VIEW);

  G_OBJECT_CLASS (bank_transactions_view_parent_class)->dispose (object);
}

static void
bank_transactions_view_finalize (GObject *object)
{
  BankTransactionsView *self = BANK_TRANSACTIONS_VIEW (object);

  g_clear_pointer (&self->rows_selector, rdx_selector_unref);
  g_clear_pointer (&self->selector, rdx_selector_unref);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->accounts, rdx_value_unref);
  g_clear_pointer (&self->category_list, rdx_value_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->sort_actions);
  g_free (self->currency);
  g_free (self->shown_account);
  g_free (self->menu_txn);
  g_free (self->dialog_txn);

  G_OBJECT_CLASS (bank_transactions_view_parent_class)->finalize (object);
}

static void
bank_transactions_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BankTransactionsView *self = BANK_TRANSACTIONS_VIEW (object);

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
bank_transactions_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BankTransactionsView *self = BANK_TRANSACTIONS_VIEW (object);

  switch (prop_id)
    {
      case PROP_STORE:
        bank_transactions_view_set_store (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bank_transactions_view_class_init (BankTransactionsViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bank_transactions_view_dispose;
  object_class->finalize = bank_transactions_view_finalize;
  object_class->get_property = bank_transactions_view_get_property;
  object_class->set_property = bank_transactions_view_set_property;
  widget_class->measure = bank_transactions_view_measure;
  widget_class->size_allocate = bank_transactions_view_size_allocate;

  /**
   * BankTransactionsView:store: (attributes org.gtk.Property.get=bank_transactions_view_get_store org.gtk.Property.set=bank_transactions_view_set_store)
   *
   * The store of the bank's state the list shows.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RDX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BankTransactionsView::reversed:
   * @self: the list
   * @txn_id: the transaction reversed
   * @summary: what happened, for a person ("“Rent” reversed")
   *
   * Emitted after the list dispatched a reversal the store accepted, so
   * that the window can say so in a toast.
   */
  signals[SIGNAL_REVERSED] =
    g_signal_new ("reversed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/rdx/Bank/bank-transactions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, box);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, sort_button);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, categories);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, stack);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, column_view);
  gtk_widget_class_bind_template_child_full (
    widget_class, "date_column", FALSE,
    G_STRUCT_OFFSET (BankTransactionsView, columns[BANK_COLUMN_DATE]));
  gtk_widget_class_bind_template_child_full (
    widget_class, "description_column", FALSE,
    G_STRUCT_OFFSET (BankTransactionsView, columns[BANK_COLUMN_DESCRIPTION]));
  gtk_widget_class_bind_template_child_full (
    widget_class, "category_column", FALSE,
    G_STRUCT_OFFSET (BankTransactionsView, columns[BANK_COLUMN_CATEGORY]));
  gtk_widget_class_bind_template_child_full (
    widget_class, "amount_column", FALSE,
    G_STRUCT_OFFSET (BankTransactionsView, columns[BANK_COLUMN_AMOUNT]));
  gtk_widget_class_bind_template_child_full (
    widget_class, "balance_column", FALSE,
    G_STRUCT_OFFSET (BankTransactionsView, columns[BANK_COLUMN_BALANCE]));
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BankTransactionsView, menu);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, secondary_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, long_pressed_cb);

  gtk_widget_class_install_action (widget_class, "txns.reverse", NULL, reverse_activated);
  gtk_widget_class_install_action (widget_class, "txns.menu", NULL, menu_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "txns.menu",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "txns.menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "banktransactionsview");
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
}

/* Each column: its cells, and a sorter that only says it was asked. */
static void
init_column (BankTransactionsView *self, BankColumn column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkCustomSorter    *sorter = gtk_custom_sorter_new (probe_compare, NULL, NULL);

  g_object_set_data (G_OBJECT (factory), "bank-column", GINT_TO_POINTER (column));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_cb), self, 0);
  gtk_column_view_column_set_factory (self->columns[column], factory);
  g_object_unref (factory);

  /* The sorter is its own user data, so it can say which column it is. */
  g_object_set_data (G_OBJECT (sorter), "bank-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (sorter), "bank-view", self);
  gtk_custom_sorter_set_sort_func (sorter, probe_compare, sorter, NULL);
  gtk_column_view_column_set_sorter (self->columns[column], GTK_SORTER (sorter));
  g_object_unref (sorter);
}

static void
bank_transactions_view_init (BankTransactionsView *self)
{
  GtkEditable *text;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->time_zone = g_time_zone_new_local ();
  self->rows_selector = bank_selector_transactions_new ();
  self->selector = view_selector_new (self->rows_selector);
  self->bound = g_hash_table_new (NULL, NULL);
  self->currency = g_strdup ("XXX");
  self->probed = -1;
  for (BankColumn column = 0; column < BANK_N_COLUMNS; column++)
    init_column (self, column);
  init_sort_actions (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));
  if (GTK_IS_TEXT (text))
    gtk_text_set_max_length (GTK_TEXT (text), MAX_SEARCH);
  bank_transactions_view_update (self);
}

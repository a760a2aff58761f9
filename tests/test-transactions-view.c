/* test-transactions-view.c: the transaction list in a plain window
 * (suite ui)
 *
 * usage: test-transactions-view [SCREENSHOT_FOLDER]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-transactions-view-private.h"
#include "bank-ui-test.h"

typedef struct
{
  RdxStore             *store;
  BankTransactionsView *view;
  GtkWindow            *window;
  guint                 n_reversed;
  char                 *reversed_txn;
  char                 *reversed_summary;
} Fixture;

static int
setup_days (void **state, guint n_days)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->store = bank_ui_test_store_new (n_days);
  f->view = g_object_new (BANK_TYPE_TRANSACTIONS_VIEW, "store", f->store, NULL);
  f->window = bank_ui_test_window_new (GTK_WIDGET (f->view), 1000, 700);
  assert_true (rdx_test_iterate_until (f->view->n_binds > 0, 2000));
  *state = f;
  return 0;
}

static int
setup (void **state)
{
  return setup_days (state, 365);
}

/* More rows than a change the view passes on to GTK row by row. */
static int
setup_long (void **state)
{
  return setup_days (state, 4 * 365);
}

static int
teardown (void **state)
{
  Fixture *f = *state;
  gpointer weak = f->view;

  g_object_add_weak_pointer (G_OBJECT (f->view), &weak);
  bank_ui_test_close (g_steal_pointer (&f->window));
  rdx_assert_finalized (weak);
  rdx_test_finalize (&f->store);
  g_free (f->reversed_txn);
  g_free (f->reversed_summary);
  g_free (f);
  return 0;
}

static void
painted_cb (GdkFrameClock *clock, guint *n_painted)
{
  (*n_painted)++;
}

/* Waits for two frames of @widget's window painted (the one under way
 * may have been laid out before the last change), then saves it. */
static void
screenshot (GtkWidget *widget, const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint          n_painted = 0;
  gulong         id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &n_painted);

  gtk_widget_queue_draw (widget);
  assert_true (rdx_test_iterate_until (n_painted >= 1, 5000));
  gtk_widget_queue_draw (widget);
  assert_true (rdx_test_iterate_until (n_painted >= 2, 5000));
  g_signal_handler_disconnect (clock, id);
  bank_ui_test_screenshot (widget, name);
}

/* The rows as the domain's selector gives them now. */
static RdxValue *
dup_rows (RdxStore *store)
{
  g_autoptr (RdxSelector) rows = bank_selector_transactions_new ();

  return rdx_value_ref (rdx_store_select (store, rows));
}

static GListModel *
model_of (Fixture *f)
{
  return G_LIST_MODEL (gtk_column_view_get_model (f->view->column_view));
}

static RdxValue *
row_at (Fixture *f, guint position)
{
  g_autoptr (RdxListItem) item = g_list_model_get_item (model_of (f), position);

  return item != NULL ? rdx_list_item_get_value (item) : NULL;
}

static RdxValue *
ui_of (RdxStore *store)
{
  return rdx_value_get_path (rdx_store_get_state (store), "/ui");
}

/* The text a cell shows (the description's first label). */
static const char *
cell_text (Fixture *f, BankColumn column, guint position)
{
  GtkWidget *cell = bank_transactions_view_get_cell (f->view, column, position);

  if (cell == NULL)
    return NULL;
  if (!GTK_IS_LABEL (cell))
    cell = gtk_widget_get_first_child (cell);
  return gtk_label_get_label (GTK_LABEL (cell));
}

/* Scrolls the list so that @position is bound, and waits for it. */
static void
show_row (Fixture *f, guint position)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (f->view->scrolled);
  guint          n = g_list_model_get_n_items (model_of (f));
  double         fraction = n > 1 ? (double) position / (n - 1) : 0;

  for (guint i = 0;
       i < 50 && bank_transactions_view_get_cell (f->view, BANK_COLUMN_DATE, position) == NULL; i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, fraction * (upper - page));
      bank_ui_test_wait (50);
    }
  assert_non_null (bank_transactions_view_get_cell (f->view, BANK_COLUMN_DATE, position));
}

/* What the row of @entry should say, worked out from the state. */
static void
assert_row_shows (Fixture *f, guint position, RdxValue *entry)
{
  RdxValue   *state = rdx_store_get_state (f->store);
  const char *currency =
    rdx_value_get_string (rdx_value_get_path (state, "/accounts/acc-1/currency"));
  gint64 at = rdx_map_get_int (entry, "at", 0);
  g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (at / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (date, "%-d %b %Y");
  g_autofree char *amount = bank_format_amount (rdx_map_get_int (entry, "amount", 0), currency);
  g_autofree char *balance = bank_format_amount (rdx_map_get_int (entry, "balance", 0), currency);
  const char      *kind = rdx_map_get_string (entry, "kind", "");
  const char      *memo = rdx_map_get_string (entry, "memo", "");
  g_autofree char *description = NULL;

  if (g_str_has_prefix (kind, "transfer-"))
    {
      g_autofree char *path =
        g_strdup_printf ("/accounts/%s/name", rdx_map_get_string (entry, "counterpart", ""));
      const char *name = rdx_value_get_string (rdx_value_get_path (state, path));

      description =
        g_strdup_printf ("Transfer %s %s%s%s", g_str_equal (kind, "transfer-in") ? "from" : "to",
                         name, *memo != '\0' ? ": " : "", memo);
    }
  else
    description = g_strdup (*memo != '\0'                   ? memo
                            : g_str_equal (kind, "deposit") ? "Deposit"
                                                            : "Withdrawal");
  if (rdx_map_get (entry, "reverses") != NULL)
    {
      char *reversal = g_strdup_printf ("Reversal of %s", description);

      g_free (description);
      description = reversal;
    }

  show_row (f, position);
  assert_string_equal (cell_text (f, BANK_COLUMN_DATE, position), day);
  assert_string_equal (cell_text (f, BANK_COLUMN_DESCRIPTION, position), description);
  assert_string_equal (cell_text (f, BANK_COLUMN_CATEGORY, position),
                       rdx_map_get_string (entry, "category", ""));
  assert_string_equal (cell_text (f, BANK_COLUMN_AMOUNT, position), amount);
  assert_string_equal (cell_text (f, BANK_COLUMN_BALANCE, position), balance);
  {
    GtkWidget *money = bank_transactions_view_get_cell (f->view, BANK_COLUMN_AMOUNT, position);
    gint64     value = rdx_map_get_int (entry, "amount", 0);

    assert_true (gtk_widget_has_css_class (money, "numeric"));
    assert_int_equal (gtk_widget_has_css_class (money, "success"), value > 0);
    assert_int_equal (gtk_widget_has_css_class (money, "error"), value < 0);
  }
}

/* The rows are the selector's, the first and the last as the state
 * says. */
static void
test_rows (void **state)
{
  Fixture *f = *state;
  g_autoptr (RdxValue) rows = dup_rows (f->store);
  guint n = rdx_list_length (rows);

  assert_true (n > 100);
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n);
  assert_string_equal (gtk_stack_get_visible_child_name (f->view->stack), "list");
  for (guint i = 0; i < n; i += n / 7)
    assert_ptr_equal (row_at (f, i), rdx_list_get (rows, i));
  assert_row_shows (f, 0, rdx_list_get (rows, 0));
  screenshot (GTK_WIDGET (f->window), "bank-transactions.png");
  assert_row_shows (f, n - 1, rdx_list_get (rows, n - 1));
}

/* The column view's sorter, as a header click sets it, dispatches the
 * order; the rows follow the state, and so do the headers' arrows. */
static void
test_sort (void **state)
{
  Fixture *f = *state;
  g_autoptr (RdxValue) rows = NULL;
  guint n;

  assert_string_equal (rdx_map_get_string (ui_of (f->store), "sort", ""), "date");
  gtk_column_view_sort_by_column (f->view->column_view, f->view->columns[BANK_COLUMN_AMOUNT],
                                  GTK_SORT_ASCENDING);
  assert_true (rdx_test_iterate_until (
    g_str_equal (rdx_map_get_string (ui_of (f->store), "sort", ""), "amount"), 2000));
  assert_false (rdx_map_get_bool (ui_of (f->store), "descending", TRUE));

  rows = dup_rows (f->store);
  n = rdx_list_length (rows);
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n);
  for (guint i = 1; i < n; i++)
    assert_true (rdx_map_get_int (row_at (f, i - 1), "amount", 0) <=
                 rdx_map_get_int (row_at (f, i), "amount", 0));
  assert_ptr_equal (row_at (f, 0), rdx_list_get (rows, 0));
  assert_row_shows (f, 0, rdx_list_get (rows, 0));

  /* Someone else sorts: the header's arrow says so, and nothing more is
   * dispatched. */
  bank_ui_test_dispatch (f->store, bank_action_sort (BANK_COLUMN_DESCRIPTION, TRUE));
  {
    GtkSorter *sorter = gtk_column_view_get_sorter (f->view->column_view);
    gpointer   a = f->view, b = f->view->column_view;

    f->view->probed = -1;
    assert_int_equal (gtk_sorter_compare (sorter, a, b), GTK_ORDERING_LARGER);
    assert_int_equal (f->view->probed, BANK_COLUMN_DESCRIPTION);
  }
  bank_ui_test_wait (100);
  assert_string_equal (rdx_map_get_string (ui_of (f->store), "sort", ""), "description");
  assert_true (rdx_map_get_bool (ui_of (f->store), "descending", FALSE));

  /* Clicking the same header again turns it round. */
  gtk_column_view_sort_by_column (f->view->column_view, f->view->columns[BANK_COLUMN_DESCRIPTION],
                                  GTK_SORT_ASCENDING);
  assert_true (
    rdx_test_iterate_until (!rdx_map_get_bool (ui_of (f->store), "descending", TRUE), 2000));
  assert_string_equal (rdx_map_get_string (ui_of (f->store), "sort", ""), "description");

  /* From the keyboard: the sort menu's actions. */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "sort.column", "s", "balance"));
  assert_string_equal (rdx_map_get_string (ui_of (f->store), "sort", ""), "balance");
  assert_false (rdx_map_get_bool (ui_of (f->store), "descending", TRUE));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "sort.descending", NULL));
  assert_true (rdx_map_get_bool (ui_of (f->store), "descending", FALSE));
  assert_string_equal (rdx_map_get_string (ui_of (f->store), "sort", ""), "balance");
  {
    GtkSorter *sorter = gtk_column_view_get_sorter (f->view->column_view);

    f->view->probed = -1;
    assert_int_equal (gtk_sorter_compare (sorter, f->view, f->view->column_view),
                      GTK_ORDERING_LARGER);
    assert_int_equal (f->view->probed, BANK_COLUMN_BALANCE);
  }
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n);
  for (guint i = 1; i < n; i++)
    assert_true (rdx_map_get_int (row_at (f, i - 1), "balance", 0) >=
                 rdx_map_get_int (row_at (f, i), "balance", 0));
}

/* Typing a search dispatches it; only the rows that match stay. */
static void
test_search (void **state)
{
  Fixture         *f = *state;
  const char      *memo = NULL;
  g_autofree char *query = NULL;
  g_autoptr (RdxValue) rows = NULL;
  guint n_before = g_list_model_get_n_items (model_of (f));

  memo = rdx_map_get_string (row_at (f, 0), "memo", NULL);
  assert_non_null (memo);
  query = g_utf8_strup (memo, -1); /* whatever the case */

  bank_transactions_view_focus_search (f->view);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

    assert_non_null (focus);
    assert_true (focus == GTK_WIDGET (f->view->search_entry) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (f->view->search_entry)));
  }
  gtk_editable_set_text (GTK_EDITABLE (f->view->search_entry), query);
  assert_true (rdx_test_iterate_until (
    g_str_equal (rdx_map_get_string (ui_of (f->store), "search", ""), query), 2000));
  rows = dup_rows (f->store);
  assert_true (rdx_list_length (rows) > 0);
  assert_true (rdx_list_length (rows) < n_before);
  assert_int_equal (g_list_model_get_n_items (model_of (f)), rdx_list_length (rows));
  for (guint i = 0; i < rdx_list_length (rows); i++)
    {
      g_autofree char *folded =
        g_utf8_casefold (rdx_map_get_string (row_at (f, i), "memo", ""), -1);
      g_autofree char *cat =
        g_utf8_casefold (rdx_map_get_string (row_at (f, i), "category", ""), -1);
      g_autofree char *needle = g_utf8_casefold (query, -1);

      assert_true (strstr (folded, needle) != NULL || strstr (cat, needle) != NULL);
    }

  /* Nothing matches: the empty state says what was searched. */
  gtk_editable_set_text (GTK_EDITABLE (f->view->search_entry), "zzz-nothing");
  assert_true (rdx_test_iterate_until (
    g_str_equal (gtk_stack_get_visible_child_name (f->view->stack), "empty"), 2000));
  assert_string_equal (adw_status_page_get_description (f->view->empty_page),
                       "No transactions match “zzz-nothing”.");
  assert_int_equal (g_list_model_get_n_items (model_of (f)), 0);
  /* The search entry stays, to change the search. */
  assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f->view->search_entry)));

  gtk_editable_set_text (GTK_EDITABLE (f->view->search_entry), "");
  assert_true (rdx_test_iterate_until (g_list_model_get_n_items (model_of (f)) == n_before, 2000));
}

/* Choosing a category dispatches it. */
static void
test_category (void **state)
{
  Fixture    *f = *state;
  const char *category;

  assert_true (g_list_model_get_n_items (G_LIST_MODEL (f->view->categories)) > 1);
  gtk_drop_down_set_selected (f->view->category_dropdown, 1);
  category = gtk_string_list_get_string (f->view->categories, 1);
  assert_true (rdx_test_iterate_until (
    g_str_equal (rdx_map_get_string (ui_of (f->store), "category", ""), category), 2000));
  for (guint i = 0; i < g_list_model_get_n_items (model_of (f)); i++)
    assert_string_equal (rdx_map_get_string (row_at (f, i), "category", ""), category);

  bank_ui_test_dispatch (f->store, bank_action_filter_category (""));
  assert_int_equal (gtk_drop_down_get_selected (f->view->category_dropdown), 0);
}

static void
reversed_cb (BankTransactionsView *view, const char *txn_id, const char *summary, Fixture *f)
{
  f->n_reversed++;
  g_free (f->reversed_txn);
  f->reversed_txn = g_strdup (txn_id);
  g_free (f->reversed_summary);
  f->reversed_summary = g_strdup (summary);
}

static void
count_cb (RdxStore *store, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* Answers @dialog as its button does: the response, then it closes. */
static void
respond (AdwMessageDialog *dialog, const char *response)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  assert_true (rdx_test_iterate_until (weak == NULL, 2000));
}

static const char *
tag_of (Fixture *f, guint position)
{
  GtkWidget *cell = bank_transactions_view_get_cell (f->view, BANK_COLUMN_DESCRIPTION, position);
  GtkWidget *tag = gtk_widget_get_last_child (cell);

  return gtk_widget_get_visible (tag) ? gtk_label_get_label (GTK_LABEL (tag)) : "";
}

/* A row's menu: Shift+F10's action on the selected row, then the
 * confirmation; one reversal is dispatched, and both rows are marked. */
static void
test_reverse (void **state)
{
  Fixture         *f = *state;
  g_autofree char *txn = NULL;
  guint            n = g_list_model_get_n_items (model_of (f));
  guint            dispatches = 0, id;
  RdxValue        *reversal, *reversed;

  g_signal_connect (f->view, "reversed", G_CALLBACK (reversed_cb), f);
  txn = g_strdup (rdx_map_get_string (row_at (f, 0), "id", NULL));
  gtk_single_selection_set_selected (
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (f->view->column_view)), 0);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "txns.menu", NULL));
  assert_true (rdx_test_iterate_until (gtk_widget_get_visible (f->view->menu), 2000));
  assert_string_equal (f->view->menu_txn, txn);
  gtk_popover_popdown (GTK_POPOVER (f->view->menu));

  id = rdx_store_subscribe (f->store, count_cb, &dispatches, NULL);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "txns.reverse", NULL));
  assert_non_null (f->view->dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (f->view->dialog)),
                         "Charged twice");
  respond (f->view->dialog, "reverse");
  assert_true (rdx_test_iterate_until (dispatches > 0, 2000));
  bank_ui_test_wait (100);
  assert_int_equal (dispatches, 1);
  rdx_store_unsubscribe (f->store, id);
  assert_int_equal (f->n_reversed, 1);
  assert_string_equal (f->reversed_txn, txn);
  assert_non_null (strstr (f->reversed_summary, "reversed"));

  /* The reversal is the newest row; the reversed one is next. */
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n + 1);
  reversal = row_at (f, 0);
  reversed = row_at (f, 1);
  assert_string_equal (rdx_map_get_string (reversal, "reverses", ""), txn);
  assert_string_equal (rdx_map_get_string (reversal, "reason", ""), "Charged twice");
  assert_string_equal (rdx_map_get_string (reversed, "id", ""), txn);
  assert_string_equal (rdx_map_get_string (reversed, "reversed_by", ""),
                       rdx_map_get_string (reversal, "id", "?"));
  assert_true (rdx_test_iterate_until (
    bank_transactions_view_get_cell (f->view, BANK_COLUMN_DESCRIPTION, 1) != NULL, 2000));
  assert_string_equal (tag_of (f, 0), "Reversal");
  assert_string_equal (tag_of (f, 1), "Reversed");
  assert_row_shows (f, 0, reversal);
  screenshot (GTK_WIDGET (f->window), "bank-transactions-reversed.png");

  /* Neither can be reversed (again). */
  gtk_single_selection_set_selected (
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (f->view->column_view)), 1);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "txns.menu", NULL));
  assert_false (gtk_widget_activate_action (GTK_WIDGET (f->view), "txns.reverse", NULL) &&
                f->view->dialog != NULL);
  gtk_single_selection_set_selected (
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (f->view->column_view)), 0);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "txns.menu", NULL));
  assert_null (f->view->dialog);
  gtk_popover_popdown (GTK_POPOVER (f->view->menu));
}

/* A right click on a row opens its menu, for that row. */
static void
test_right_click (void **state)
{
  Fixture            *f = *state;
  GtkWidget          *cell = bank_transactions_view_get_cell (f->view, BANK_COLUMN_AMOUNT, 3);
  GtkEventController *click = NULL;
  g_autoptr (GListModel) controllers =
    gtk_widget_observe_controllers (GTK_WIDGET (f->view->column_view));
  graphene_point_t point;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        click = controller;
    }
  assert_non_null (click);
  assert_non_null (cell);
  assert_true (gtk_widget_compute_point (cell, GTK_WIDGET (f->view->column_view),
                                         &GRAPHENE_POINT_INIT (5, 5), &point));
  g_signal_emit_by_name (click, "pressed", 1, (double) point.x, (double) point.y);
  assert_true (rdx_test_iterate_until (gtk_widget_get_visible (f->view->menu), 2000));
  assert_string_equal (f->view->menu_txn, rdx_map_get_string (row_at (f, 3), "id", ""));
  assert_int_equal (gtk_single_selection_get_selected (
                      GTK_SINGLE_SELECTION (gtk_column_view_get_model (f->view->column_view))),
                    3);
  gtk_popover_popdown (GTK_POPOVER (f->view->menu));
}

/* Someone else reverses the transaction while the confirmation is
 * open: the store refuses the second reversal, and the person is told
 * why; nothing else is dispatched, and nothing is said to be reversed. */
static void
test_reverse_refused (void **state)
{
  Fixture         *f = *state;
  g_autofree char *txn = g_strdup (rdx_map_get_string (row_at (f, 0), "id", NULL));
  guint            dispatches = 0, id;

  g_signal_connect (f->view, "reversed", G_CALLBACK (reversed_cb), f);
  gtk_single_selection_set_selected (
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (f->view->column_view)), 0);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "txns.menu", NULL));
  gtk_popover_popdown (GTK_POPOVER (f->view->menu));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "txns.reverse", NULL));
  assert_non_null (f->view->dialog);

  bank_ui_test_dispatch (f->store, bank_action_reverse (txn, "elsewhere", NULL, BANK_TEST_START));
  id = rdx_store_subscribe (f->store, count_cb, &dispatches, NULL);
  respond (f->view->dialog, "reverse");
  assert_true (rdx_test_iterate_until (f->view->error_dialog != NULL, 2000));
  assert_non_null (
    strstr (adw_message_dialog_get_body (f->view->error_dialog), "was reversed already"));
  assert_int_equal (dispatches, 0);
  assert_int_equal (f->n_reversed, 0);
  rdx_store_unsubscribe (f->store, id);
  respond (f->view->error_dialog, "close");
  assert_null (f->view->error_dialog);
}

/* One deposit: one more row, where it sorts. */
static void
test_deposit (void **state)
{
  Fixture *f = *state;
  guint    n = g_list_model_get_n_items (model_of (f));
  guint    binds;
  gint64   at = BANK_TEST_START + G_GINT64_CONSTANT (400) * 86400 * G_USEC_PER_SEC;
  g_autoptr (RdxValue) rows = NULL;

  bank_ui_test_wait (100);
  binds = f->view->n_binds;
  bank_ui_test_dispatch (f->store, bank_action_deposit ("acc-1", "x-1", 4321, "Refund", NULL, at));
  rows = dup_rows (f->store);
  assert_int_equal (rdx_list_length (rows), n + 1);
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n + 1);
  assert_string_equal (rdx_map_get_string (row_at (f, 0), "id", ""), "x-1");
  bank_ui_test_wait (100);
  /* The new row's five cells are shown, not the whole screen's again
  (and at most one more row, coming into the range GTK keeps bound). */
  assert_in_range (f->view->n_binds - binds, 5, 10);
  assert_row_shows (f, 0, rdx_list_get (rows, 0));

  /* On another account: nothing. */
  bank_ui_test_dispatch (f->store,
                         bank_action_deposit ("acc-2", "x-2", 100, "Elsewhere", NULL, at));
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n + 1);
}

/* A deposit dated before the newest rows (as an imported statement's):
 * it is shown where its date puts it, and the Balance cells of the rows
 * above it show their new balances at once, following down the column
 * to the account's balance at the top. */
static void
test_back_dated_deposit (void **state)
{
  Fixture    *f = *state;
  guint       n = g_list_model_get_n_items (model_of (f));
  gint64      at = rdx_map_get_int (row_at (f, 5), "at", 0);
  RdxValue   *account;
  const char *currency;
  gint64      balance;

  assert_string_equal (rdx_map_get_string (ui_of (f->store), "sort", ""), "date");
  assert_true (rdx_map_get_bool (ui_of (f->store), "descending", FALSE));
  show_row (f, 0);
  bank_ui_test_dispatch (f->store,
                         bank_action_deposit ("acc-1", "x-1", 2340, "Bookshop", NULL, at));
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n + 1);
  assert_string_equal (rdx_map_get_string (row_at (f, 5), "id", ""), "x-1");
  account = rdx_value_get_path (rdx_store_get_state (f->store), "/accounts/acc-1");
  currency = rdx_map_get_string (account, "currency", "");
  balance = rdx_map_get_int (account, "balance", 0);
  bank_ui_test_wait (100);
  for (guint i = 0; i <= 5; i++)
    {
      g_autofree char *shown = bank_format_amount (balance, currency);

      assert_string_equal (cell_text (f, BANK_COLUMN_BALANCE, i), shown);
      balance -= rdx_map_get_int (row_at (f, i), "amount", 0);
    }
  /* Below it, as before. */
  assert_int_equal (rdx_map_get_int (row_at (f, 6), "balance", 0), balance);
}

/* Whether the row at @position is bound and within the list's window. */
static gboolean
row_is_visible (Fixture *f, guint position)
{
  GtkWidget      *cell = bank_transactions_view_get_cell (f->view, BANK_COLUMN_DATE, position);
  graphene_rect_t bounds;

  return cell != NULL &&
         gtk_widget_compute_bounds (cell, GTK_WIDGET (f->view->scrolled), &bounds) &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <=
           gtk_widget_get_height (GTK_WIDGET (f->view->scrolled));
}

/* A new order (every row replaced) keeps the selected entry selected,
 * where it now is, and shows it; the cells on screen show the new rows.
 * A search that leaves the entry out unselects it, and the list shows
 * its first rows. */
static void
test_selection_kept (void **state)
{
  Fixture            *f = *state;
  GtkSingleSelection *selection =
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (f->view->column_view));
  GtkAdjustment   *adjustment = gtk_scrolled_window_get_vadjustment (f->view->scrolled);
  guint            n = g_list_model_get_n_items (model_of (f));
  gint64           seq;
  g_autofree char *memo = NULL;
  g_autofree char *search = NULL;
  g_autoptr (RdxValue) rows = NULL;
  guint position;

  assert_true (n > 500);
  show_row (f, 40);
  gtk_single_selection_set_selected (selection, 40);
  seq = rdx_map_get_int (row_at (f, 40), "seq", -1);
  memo = g_utf8_casefold (rdx_map_get_string (row_at (f, 40), "memo", ""), -1);
  assert_true (seq >= 0);

  bank_ui_test_dispatch (f->store, bank_action_sort (BANK_COLUMN_AMOUNT, FALSE));
  rows = dup_rows (f->store);
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n);
  position = gtk_single_selection_get_selected (selection);
  assert_int_not_equal (position, GTK_INVALID_LIST_POSITION);
  assert_int_not_equal (position, 40);
  assert_int_equal (rdx_map_get_int (rdx_list_get (rows, position), "seq", -2), seq);
  assert_ptr_equal (row_at (f, position), rdx_list_get (rows, position));
  assert_true (rdx_test_iterate_until (row_is_visible (f, position), 2000));
  assert_row_shows (f, position, rdx_list_get (rows, position));
  assert_row_shows (f, 0, rdx_list_get (rows, 0));
  assert_row_shows (f, n - 1, rdx_list_get (rows, n - 1));

  /* A search for another row's description, which the selected one's
   * does not contain. */
  for (guint i = 0; i < n && search == NULL; i++)
    {
      const char      *other = rdx_map_get_string (rdx_list_get (rows, i), "memo", "");
      g_autofree char *folded = g_utf8_casefold (other, -1);
      const char *category = rdx_map_get_string (rdx_list_get (rows, position), "category", "");
      g_autofree char *folded_category = g_utf8_casefold (category, -1);

      if (*folded != '\0' && strstr (memo, folded) == NULL &&
          strstr (folded_category, folded) == NULL)
        search = g_strdup (other);
    }
  assert_non_null (search);
  show_row (f, n / 2);
  bank_ui_test_dispatch (f->store, bank_action_search (search));
  g_clear_pointer (&rows, rdx_value_unref);
  rows = dup_rows (f->store);
  assert_true (rdx_list_length (rows) > 0);
  assert_true (rdx_list_length (rows) < n);
  assert_int_equal (g_list_model_get_n_items (model_of (f)), rdx_list_length (rows));
  assert_int_equal (gtk_single_selection_get_selected (selection), GTK_INVALID_LIST_POSITION);
  assert_true (rdx_test_iterate_until (gtk_adjustment_get_value (adjustment) == 0, 2000));
  assert_true (rdx_test_iterate_until (row_is_visible (f, 0), 2000));
  assert_row_shows (f, 0, rdx_list_get (rows, 0));

  /* Another account: its entry at the same place in its ledger is
   * another one, and not selected. */
  bank_ui_test_dispatch (f->store, bank_action_search (""));
  for (guint i = 0; i < n; i++)
    if (rdx_map_get_int (row_at (f, i), "seq", -1) == 0)
      gtk_single_selection_set_selected (selection, i);
  seq = 0;
  assert_int_not_equal (gtk_single_selection_get_selected (selection), GTK_INVALID_LIST_POSITION);
  bank_ui_test_dispatch (f->store, bank_action_select_account ("acc-2"));
  g_clear_pointer (&rows, rdx_value_unref);
  rows = dup_rows (f->store);
  {
    gboolean same_seq = FALSE;

    for (guint i = 0; i < rdx_list_length (rows); i++)
      same_seq = same_seq || rdx_map_get_int (rdx_list_get (rows, i), "seq", -2) == seq;
    assert_true (same_seq);
  }
  assert_int_equal (gtk_single_selection_get_selected (selection), GTK_INVALID_LIST_POSITION);
}

static void
test_empty_states (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  BankTransactionsView *view = BANK_TRANSACTIONS_VIEW (bank_transactions_view_new (store));
  GtkWindow            *window = bank_ui_test_window_new (GTK_WIDGET (view), 700, 500);
  gpointer              weak = view;

  g_object_add_weak_pointer (G_OBJECT (view), &weak);
  assert_string_equal (gtk_stack_get_visible_child_name (view->stack), "empty");
  assert_string_equal (adw_status_page_get_title (view->empty_page), "No Account Selected");
  assert_false (gtk_widget_is_sensitive (GTK_WIDGET (view->search_entry)));

  bank_ui_test_dispatch (store, bank_action_open_account ("a", "Rainy Day", BANK_ACCOUNT_SAVINGS,
                                                          "EUR", 0, BANK_TEST_START));
  bank_ui_test_dispatch (store, bank_action_select_account ("a"));
  assert_string_equal (gtk_stack_get_visible_child_name (view->stack), "empty");
  assert_string_equal (adw_status_page_get_title (view->empty_page), "No Transactions Yet");
  assert_true (gtk_widget_is_sensitive (GTK_WIDGET (view->search_entry)));
  screenshot (GTK_WIDGET (window), "bank-transactions-empty.png");

  bank_ui_test_dispatch (
    store, bank_action_deposit ("a", "t", 1000, "Savings", NULL, BANK_TEST_START + 1));
  assert_string_equal (gtk_stack_get_visible_child_name (view->stack), "list");
  assert_int_equal (
    g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view->column_view))), 1);

  bank_transactions_view_set_store (view, NULL);
  assert_null (bank_transactions_view_get_store (view));
  assert_string_equal (gtk_stack_get_visible_child_name (view->stack), "empty");
  bank_ui_test_close (window);
  rdx_assert_finalized (weak);
  rdx_test_finalize (&store);
}

/* At the top of a list newest first, a new row shows; scrolled down, the
 * list stays where it was; another account opens at its first rows. */
static void
test_new_row_in_view (void **state)
{
  Fixture       *f = *state;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (f->view->scrolled);
  gint64         at = BANK_TEST_START + G_GINT64_CONSTANT (400) * 86400 * G_USEC_PER_SEC;

  bank_ui_test_wait (100);
  assert_true (gtk_adjustment_get_value (vadjustment) <= 0);
  bank_ui_test_dispatch (f->store, bank_action_deposit ("acc-1", "x-1", 4321, "Refund", NULL, at));
  assert_string_equal (rdx_map_get_string (row_at (f, 0), "id", ""), "x-1");
  bank_ui_test_wait (100);
  assert_true (gtk_adjustment_get_value (vadjustment) <= 0);
  assert_true (row_is_visible (f, 0));

  /* Scrolled down: left there. */
  gtk_adjustment_set_value (vadjustment, 2000);
  bank_ui_test_wait (100);
  assert_true (gtk_adjustment_get_value (vadjustment) > 0);
  bank_ui_test_dispatch (f->store,
                         bank_action_deposit ("acc-1", "x-2", 1234, "Refund", NULL, at + 1));
  bank_ui_test_wait (100);
  assert_true (gtk_adjustment_get_value (vadjustment) > 0);
  assert_false (row_is_visible (f, 0));

  /* Another account, then this one again: each opens at the top. */
  bank_ui_test_dispatch (f->store, bank_action_select_account ("acc-2"));
  bank_ui_test_wait (100);
  assert_true (gtk_adjustment_get_value (vadjustment) <= 0);
  gtk_adjustment_set_value (vadjustment, 1000);
  bank_ui_test_wait (100);
  bank_ui_test_dispatch (f->store, bank_action_select_account ("acc-1"));
  bank_ui_test_wait (100);
  assert_true (gtk_adjustment_get_value (vadjustment) <= 0);
  assert_true (row_is_visible (f, 0));
}

/* Escape in the search entry clears the search and goes back to the
 * list. */
static void
test_stop_search (void **state)
{
  Fixture   *f = *state;
  guint      n_before = g_list_model_get_n_items (model_of (f));
  GtkWidget *focus;

  bank_transactions_view_focus_search (f->view);
  gtk_editable_set_text (GTK_EDITABLE (f->view->search_entry), "zzz-nothing");
  assert_true (rdx_test_iterate_until (
    g_str_equal (rdx_map_get_string (ui_of (f->store), "search", ""), "zzz-nothing"), 2000));
  assert_int_equal (g_list_model_get_n_items (model_of (f)), 0);

  g_signal_emit_by_name (f->view->search_entry, "stop-search");
  assert_string_equal (rdx_map_get_string (ui_of (f->store), "search", "x"), "");
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (f->view->search_entry)), "");
  assert_int_equal (g_list_model_get_n_items (model_of (f)), n_before);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  assert_non_null (focus);
  assert_true (focus == GTK_WIDGET (f->view->column_view) ||
               gtk_widget_is_ancestor (focus, GTK_WIDGET (f->view->column_view)));
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_rows, setup, teardown),
    cmocka_unit_test_setup_teardown (test_sort, setup, teardown),
    cmocka_unit_test_setup_teardown (test_search, setup, teardown),
    cmocka_unit_test_setup_teardown (test_category, setup, teardown),
    cmocka_unit_test_setup_teardown (test_reverse, setup, teardown),
    cmocka_unit_test_setup_teardown (test_right_click, setup, teardown),
    cmocka_unit_test_setup_teardown (test_reverse_refused, setup, teardown),
    cmocka_unit_test_setup_teardown (test_deposit, setup, teardown),
    cmocka_unit_test_setup_teardown (test_back_dated_deposit, setup, teardown),
    cmocka_unit_test_setup_teardown (test_selection_kept, setup_long, teardown),
    cmocka_unit_test (test_empty_states),
    cmocka_unit_test_setup_teardown (test_new_row_in_view, setup, teardown),
    cmocka_unit_test_setup_teardown (test_stop_search, setup, teardown),
  };
  int status = bank_ui_test_init (argc, argv);

  if (status != 0)
    return status;
  /* A blinking cursor in the search entry, or a scrollbar fading out,
   * drops the window's last frame between two of its own, and a
   * screenshot then finds none. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, "gtk-enable-animations",
                FALSE, "gtk-overlay-scrolling", FALSE, NULL);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

/* test-budget-view.c: the monthly budgets in a plain window (suite ui)
 *
 * usage: test-budget-view [SCREENSHOT_FOLDER]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-budget-row.h"
#include "bank-budget-view-private.h"
#include "bank-ui-test.h"

typedef struct
{
  RdxStore       *store;
  BankBudgetView *view;
  GtkWindow      *window;
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->store = bank_ui_test_store_new (365);
  bank_ui_test_dispatch (f->store, bank_action_set_month ("2024-05"));
  f->view = g_object_new (BANK_TYPE_BUDGET_VIEW, "store", f->store, NULL);
  f->window = bank_ui_test_window_new (GTK_WIDGET (f->view), 640, 720);
  *state = f;
  return 0;
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
  g_free (f);
  return 0;
}

static RdxValue *
state_at (RdxStore *store, const char *path)
{
  return rdx_value_get_path (rdx_store_get_state (store), path);
}

/* What withdrawals with @category took out in @month, added up from the
 * ledger: the plain recomputation of what the view shows. */
static gint64
spent_on (RdxStore *store, const char *category, const char *month)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  RdxValue   *ledger = state_at (store, "/ledger");
  RdxMapIter  accounts;
  const char *account;
  RdxValue   *entries;
  gint64      spent = 0;

  rdx_map_iter_init (&accounts, ledger);
  while (rdx_map_iter_next (&accounts, &account, &entries))
    {
      RdxListIter iter;
      RdxValue   *entry;

      rdx_list_iter_init (&iter, entries);
      while (rdx_list_iter_next (&iter, &entry))
        {
          g_autofree char *in = bank_month_of (rdx_map_get_int (entry, "at", 0), local);

          if (g_str_equal (rdx_map_get_string (entry, "kind", ""), "withdrawal") &&
              g_strcmp0 (rdx_map_get_string (entry, "category", NULL), category) == 0 &&
              g_str_equal (in, month))
            spent -= rdx_map_get_int (entry, "amount", 0);
        }
    }
  return spent;
}

/* The visible text of @widget's labels, outside buttons, joined by " | ". */
static void
collect_text (GtkWidget *widget, GString *text)
{
  if (!gtk_widget_get_visible (widget) || GTK_IS_BUTTON (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? " | " : "",
                            gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static char *
row_text (GtkWidget *row)
{
  GString *text = g_string_new (NULL);

  collect_text (row, text);
  return g_string_free (text, FALSE);
}

static BankBudgetRow *
find_row (Fixture *f, const char *category)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (f->view->list, i)) != NULL; i++)
    if (g_str_equal (bank_budget_row_get_category (BANK_BUDGET_ROW (row)), category))
      return BANK_BUDGET_ROW (row);
  return NULL;
}

/* The button of @row whose label is @label. */
static GtkButton *
find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What a person reads on the row of a budget. */
static char *
expected_budget_row (RdxStore *store, const char *category, gint64 amount)
{
  gint64           spent = spent_on (store, category, "2024-05");
  g_autofree char *spent_text = bank_format_amount (spent, "EUR");
  g_autofree char *amount_text = bank_format_amount (amount, "EUR");
  g_autofree char *left_text =
    bank_format_amount (spent > amount ? spent - amount : amount - spent, "EUR");

  /* The category as a title: its first letter a capital. */
  g_autofree char *title = g_strdup_printf ("%c%s", g_ascii_toupper (category[0]), category + 1);

  return g_strdup_printf ("%s%s | %s spent of %s | %s %s", title,
                          spent > amount ? " | Over budget" : "", spent_text, amount_text,
                          left_text, spent > amount ? "over" : "left");
}

/* The demo's budgets and categories in May, each row as the ledger adds
 * it up; the categories without a budget after the budgets, in order. */
static void
test_rows (void **state)
{
  Fixture                 *f = *state;
  static const char *const budgeted[] = { "groceries", "leisure", "restaurants", "shopping",
                                          "transport" };
  g_autofree char         *health = NULL;
  g_autofree char         *health_spent = NULL;

  assert_string_equal (gtk_stack_get_visible_child_name (f->view->stack), "list");
  for (guint i = 0; i < G_N_ELEMENTS (budgeted); i++)
    {
      g_autofree char *path = g_strdup_printf ("/budgets/%s", budgeted[i]);
      gint64           amount = rdx_map_get_int (state_at (f->store, path), "amount", -1);
      BankBudgetRow   *row = find_row (f, budgeted[i]);
      g_autofree char *expected = expected_budget_row (f->store, budgeted[i], amount);
      g_autofree char *text = NULL;

      assert_non_null (row);
      text = row_text (GTK_WIDGET (row));
      assert_string_equal (text, expected);
      assert_int_equal (gtk_widget_has_css_class (GTK_WIDGET (row), "over-budget"),
                        spent_on (f->store, budgeted[i], "2024-05") > amount);
      assert_non_null (find_button (GTK_WIDGET (row), "Change…"));
      assert_non_null (find_button (GTK_WIDGET (row), "Remove"));
    }

  /* Health has no budget: what was spent, and a button to set one. */
  assert_true (spent_on (f->store, "health", "2024-05") > 0);
  health_spent = bank_format_amount (spent_on (f->store, "health", "2024-05"), "EUR");
  health = g_strdup_printf ("Health | No budget | %s spent", health_spent);
  {
    g_autofree char *text = row_text (GTK_WIDGET (find_row (f, "health")));

    assert_string_equal (text, health);
  }
  assert_non_null (find_button (GTK_WIDGET (find_row (f, "health")), "Set Budget…"));
  assert_null (find_button (GTK_WIDGET (find_row (f, "health")), "Remove"));
  /* The budgets come first, in the order of their categories. */
  for (guint i = 0; i < G_N_ELEMENTS (budgeted); i++)
    assert_string_equal (bank_budget_row_get_category (BANK_BUDGET_ROW (
                           gtk_list_box_get_row_at_index (f->view->list, (int) i))),
                         budgeted[i]);
  bank_ui_test_screenshot (GTK_WIDGET (f->window), "bank-budgets.png");
}

static void
type (GtkEntry *entry, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Whether @entry has the window's focus (the window need not be active). */
static gboolean
is_focus (Fixture *f, GtkEntry *entry)
{
  GtkWidget *focus = gtk_window_get_focus (f->window);

  return focus != NULL &&
         (focus == GTK_WIDGET (entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (entry)));
}

static gboolean
can_save (Fixture *f)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (f->view->save_button)) &&
         gtk_widget_is_sensitive (GTK_WIDGET (f->view->save_button));
}

/* A new budget, typed in and saved from the keyboard: one budgets.set. */
static void
test_new_budget (void **state)
{
  Fixture         *f = *state;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  assert_false (gtk_revealer_get_reveal_child (f->view->editor));
  gtk_widget_activate (GTK_WIDGET (f->view->new_button));
  assert_true (rdx_test_iterate_until (gtk_revealer_get_reveal_child (f->view->editor), 1000));
  assert_string_equal (gtk_label_get_label (f->view->editor_title), "New Budget");
  assert_true (rdx_test_iterate_until (is_focus (f, f->view->category_entry), 1000));
  assert_false (can_save (f));

  type (f->view->category_entry, "health");
  g_signal_emit_by_name (f->view->category_entry, "activate");
  assert_true (is_focus (f, f->view->amount_entry));
  type (f->view->amount_entry, "25");
  assert_true (can_save (f));
  g_signal_emit_by_name (f->view->amount_entry, "activate");

  rdx_test_assert_json (state_at (f->store, "/budgets/health"),
                        "{\"amount\":2500,\"category\":\"health\",\"currency\":\"EUR\"}");
  assert_true (rdx_test_iterate_until (!gtk_revealer_get_reveal_child (f->view->editor), 1000));
  expected = expected_budget_row (f->store, "health", 2500);
  text = row_text (GTK_WIDGET (find_row (f, "health")));
  assert_string_equal (text, expected);
  bank_ui_test_screenshot (GTK_WIDGET (f->window), "bank-budgets-new.png");
}

/* Change…: the editor opens on the category, and what Save dispatches
 * replaces the budget; Remove takes it away. */
static void
test_change_and_remove (void **state)
{
  Fixture         *f = *state;
  GtkButton       *change = find_button (GTK_WIDGET (find_row (f, "groceries")), "Change…");
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  gtk_widget_activate (GTK_WIDGET (change));
  assert_true (rdx_test_iterate_until (gtk_revealer_get_reveal_child (f->view->editor), 1000));
  assert_string_equal (gtk_label_get_label (f->view->editor_title), "Budget of “Groceries”");
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (f->view->category_entry)), "groceries");
  assert_false (gtk_editable_get_editable (GTK_EDITABLE (f->view->category_entry)));
  assert_true (rdx_test_iterate_until (is_focus (f, f->view->amount_entry), 1000));
  type (f->view->amount_entry, "1000");
  gtk_widget_activate (GTK_WIDGET (f->view->save_button));
  assert_true (rdx_test_iterate_until (
    rdx_map_get_int (state_at (f->store, "/budgets/groceries"), "amount", 0) == 100000, 1000));
  expected = expected_budget_row (f->store, "groceries", 100000);
  text = row_text (GTK_WIDGET (find_row (f, "groceries")));
  assert_string_equal (text, expected);
  assert_false (gtk_widget_has_css_class (GTK_WIDGET (find_row (f, "groceries")), "over-budget"));

  gtk_widget_activate (GTK_WIDGET (find_button (GTK_WIDGET (find_row (f, "groceries")), "Remove")));
  assert_true (rdx_test_iterate_until (state_at (f->store, "/budgets/groceries") == NULL, 1000));
  g_free (text);
  text = row_text (GTK_WIDGET (find_row (f, "groceries")));
  assert_true (g_str_has_prefix (text, "Groceries | No budget | "));
}

/* What is typed is checked as it is typed; nothing wrong reaches the
 * store, and Escape leaves the editor with the state as it was. */
static void
test_validation (void **state)
{
  Fixture                 *f = *state;
  RdxValue                *before = rdx_store_get_state (f->store);
  static const char *const wrong[] = { "abc", "0", "-5", "1.234", "99999999999999999999", "1e5" };

  gtk_widget_activate_action (GTK_WIDGET (f->view), "budget.new", NULL);
  type (f->view->amount_entry, "12");
  assert_false (can_save (f));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (f->view->error_label)));
  assert_string_equal (gtk_label_get_label (f->view->error_label),
                       "Type the category the budget is for.");
  type (f->view->category_entry, "   ");
  assert_false (can_save (f));
  type (f->view->category_entry, "books");
  assert_true (can_save (f));
  assert_false (gtk_widget_get_visible (GTK_WIDGET (f->view->error_label)));

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 amount;

      /* The reason is the parser's, word for word. */
      assert_false (bank_parse_money (wrong[i], "EUR", BANK_PARSE_POSITIVE, &amount, &error));
      type (f->view->amount_entry, wrong[i]);
      assert_false (can_save (f));
      assert_true (gtk_widget_get_visible (GTK_WIDGET (f->view->error_label)));
      assert_string_equal (gtk_label_get_label (f->view->error_label), error->message);
      /* Enter does nothing either. */
      g_signal_emit_by_name (f->view->amount_entry, "activate");
      assert_ptr_equal (rdx_store_get_state (f->store), before);
    }

  /* A category longer than the schema allows: the entry stops at 40. */
  type (f->view->category_entry, "a category name that goes on and on and on and on");
  assert_int_equal (
    g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (f->view->category_entry)), -1), 40);

  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "budget.cancel", NULL));
  assert_false (gtk_revealer_get_reveal_child (f->view->editor));
  assert_ptr_equal (rdx_store_get_state (f->store), before);
}

/* New Budget… on a category that has a budget (in any case) says so and
 * does not save: it would overwrite the budget. */
static void
test_new_existing (void **state)
{
  Fixture         *f = *state;
  RdxValue        *before = rdx_store_get_state (f->store);
  RdxValue        *groceries = rdx_value_get_path (before, "/budgets/groceries");
  g_autofree char *amount = bank_format_amount (rdx_map_get_int (groceries, "amount", 0), "EUR");
  g_autofree char *expected = g_strdup_printf (
    "“Groceries” already has a budget of %s a month; use Change… in its row to change it.", amount);
  static const char *const typed[] = { "groceries", "Groceries", " GROCERIES " };

  assert_non_null (groceries);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "budget.new", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      type (f->view->amount_entry, "");
      type (f->view->category_entry, typed[i]);
      /* Said at once, before an amount is typed, and after. */
      assert_false (can_save (f));
      assert_true (gtk_widget_get_visible (GTK_WIDGET (f->view->error_label)));
      assert_string_equal (gtk_label_get_label (f->view->error_label), expected);
      type (f->view->amount_entry, "12");
      assert_false (can_save (f));
      assert_string_equal (gtk_label_get_label (f->view->error_label), expected);
      g_signal_emit_by_name (f->view->amount_entry, "activate");
      assert_ptr_equal (rdx_store_get_state (f->store), before);
    }
  type (f->view->category_entry, "groceries and more");
  assert_true (can_save (f));
  assert_false (gtk_widget_get_visible (GTK_WIDGET (f->view->error_label)));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "budget.cancel", NULL));
}

static char *
describe (const char *month)
{
  int year, number;
  g_autoptr (GDateTime) first = NULL;

  assert_int_equal (sscanf (month, "%4d-%2d", &year, &number), 2);
  first = g_date_time_new_utc (year, number, 1, 0, 0, 0);
  return g_date_time_format (first, "%B %Y");
}

/* The month buttons dispatch ui.month; the rows follow it. */
static void
test_months (void **state)
{
  Fixture         *f = *state;
  g_autofree char *may = describe ("2024-05");
  g_autofree char *april = describe ("2024-04");
  g_autofree char *january = describe ("2025-01");
  g_autofree char *text = NULL;

  assert_string_equal (gtk_label_get_label (f->view->month_label), may);
  gtk_widget_activate (GTK_WIDGET (f->view->previous_button));
  assert_true (rdx_test_iterate_until (
    g_str_equal (rdx_value_get_string (state_at (f->store, "/ui/month")), "2024-04"), 1000));
  assert_string_equal (gtk_label_get_label (f->view->month_label), april);
  {
    gint64           spent = spent_on (f->store, "groceries", "2024-04");
    g_autofree char *spent_text = bank_format_amount (spent, "EUR");
    g_autofree char *start = g_strdup_printf ("Groceries%s | %s spent of ",
                                              spent > 40000 ? " | Over budget" : "", spent_text);

    text = row_text (GTK_WIDGET (find_row (f, "groceries")));
    assert_true (g_str_has_prefix (text, start));
  }

  /* Nine months on: 2025 has no spending, and only the budgets. */
  for (guint i = 0; i < 9; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->view), "budget.next-month", NULL);
  assert_string_equal (rdx_value_get_string (state_at (f->store, "/ui/month")), "2025-01");
  assert_string_equal (gtk_label_get_label (f->view->month_label), january);
  g_free (text);
  text = row_text (GTK_WIDGET (find_row (f, "groceries")));
  assert_null (find_row (f, "health"));
  assert_true (g_str_has_prefix (text, "Groceries | "));
  assert_non_null (strstr (text, " spent of "));
}

/* A dispatch that changes nothing the view shows does not update it. */
static void
test_updates_only_on_change (void **state)
{
  Fixture *f = *state;
  guint    updates = f->view->n_updates;
  gint64   at = BANK_TEST_START + G_GINT64_CONSTANT (400) * 86400 * G_USEC_PER_SEC;

  bank_ui_test_dispatch (f->store, bank_action_search ("bakery"));
  bank_ui_test_dispatch (f->store, bank_action_set_period (BANK_PERIOD_DAY));
  bank_ui_test_dispatch (f->store, bank_action_deposit ("acc-1", "x-1", 500, NULL, NULL, at));
  assert_int_equal (f->view->n_updates, updates);
  bank_ui_test_dispatch (f->store, bank_action_set_month ("2024-06"));
  assert_int_equal (f->view->n_updates, updates + 1);
}

/* Every button shows its label, and every entry has a label pointing at
 * it (the accessible names are set to the same words in the .ui). */
static void
check_labels (GtkWidget *widget, guint *n_buttons, guint *n_entries)
{
  if (GTK_IS_BUTTON (widget))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));

      if (label == NULL || *label == '\0')
        fail_msg ("a %s without a visible label", G_OBJECT_TYPE_NAME (widget));
      assert_true (gtk_widget_get_focusable (widget) || !gtk_widget_get_visible (widget));
      ++*n_buttons;
    }
  if (GTK_IS_ENTRY (widget))
    {
      GList *labels = gtk_widget_list_mnemonic_labels (widget);

      if (labels == NULL)
        fail_msg ("an entry without a label");
      g_list_free (labels);
      ++*n_entries;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (child, n_buttons, n_entries);
}

static void
test_labels (void **state)
{
  Fixture *f = *state;
  guint    n_buttons = 0, n_entries = 0;

  check_labels (GTK_WIDGET (f->view), &n_buttons, &n_entries);
  assert_true (n_buttons >= 5 + 2 * 5);
  assert_int_equal (n_entries, 2);
}

/* A store without a month gets the clock's; without budgets or spending,
 * the empty state; without a store, nothing can be done. */
static void
test_this_month_and_empty (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *now = bank_month_of (g_get_real_time (), local);
  g_autofree char *title = describe (now);
  BankBudgetView  *view = BANK_BUDGET_VIEW (bank_budget_view_new (store));
  GtkWindow       *window = bank_ui_test_window_new (GTK_WIDGET (view), 600, 400);

  assert_string_equal (rdx_value_get_string (state_at (store, "/ui/month")), now);
  assert_string_equal (gtk_label_get_label (view->month_label), title);
  assert_string_equal (gtk_stack_get_visible_child_name (view->stack), "empty");
  assert_string_equal (adw_status_page_get_title (view->empty_page), "No Budgets");
  {
    g_autofree char *expected = g_strdup_printf (
      "Nothing was spent on a category in %s, and no category has a budget. Set one with New "
      "Budget…",
      title);

    assert_string_equal (adw_status_page_get_description (view->empty_page), expected);
  }
  bank_ui_test_screenshot (GTK_WIDGET (window), "bank-budgets-empty.png");

  /* A budget set elsewhere shows at once, in the currency it was set in. */
  bank_ui_test_dispatch (store, bank_action_set_budget ("rent", "CHF", 150000));
  assert_string_equal (gtk_stack_get_visible_child_name (view->stack), "list");
  assert_true (rdx_test_iterate_until (gtk_list_box_get_row_at_index (view->list, 0) != NULL, 500));

  bank_budget_view_set_store (view, NULL);
  assert_null (bank_budget_view_get_store (view));
  assert_null (gtk_list_box_get_row_at_index (view->list, 0));
  assert_false (gtk_widget_is_sensitive (GTK_WIDGET (view->new_button)));
  assert_false (gtk_widget_is_sensitive (GTK_WIDGET (view->previous_button)));
  bank_ui_test_close (window);
  rdx_test_finalize (&store);
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_rows, setup, teardown),
    cmocka_unit_test_setup_teardown (test_new_budget, setup, teardown),
    cmocka_unit_test_setup_teardown (test_change_and_remove, setup, teardown),
    cmocka_unit_test_setup_teardown (test_validation, setup, teardown),
    cmocka_unit_test_setup_teardown (test_new_existing, setup, teardown),
    cmocka_unit_test_setup_teardown (test_months, setup, teardown),
    cmocka_unit_test_setup_teardown (test_updates_only_on_change, setup, teardown),
    cmocka_unit_test_setup_teardown (test_labels, setup, teardown),
    cmocka_unit_test (test_this_month_and_empty),
  };
  int status = bank_ui_test_init (argc, argv);

  if (status != 0)
    return status;
  return cmocka_run_group_tests (tests, NULL, NULL);
}

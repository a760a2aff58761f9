/* test-chart-view.c: the balance chart in a plain window (suite ui)
 *
 * usage: test-chart-view [SCREENSHOT_FOLDER]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include "bank-chart-view-private.h"
#include "bank-ui-test.h"

typedef struct
{
  RdxStore      *store;
  BankChartView *chart;
  GtkWindow     *window;
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->store = bank_ui_test_store_new (365);
  f->chart = g_object_new (BANK_TYPE_CHART_VIEW, "store", f->store, NULL);
  f->window = bank_ui_test_window_new (GTK_WIDGET (f->chart), 900, 480);
  assert_true (rdx_test_iterate_until (f->chart->n_draws > 0, 2000));
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;
  gpointer weak = f->chart;

  g_object_add_weak_pointer (G_OBJECT (f->chart), &weak);
  bank_ui_test_close (g_steal_pointer (&f->window));
  rdx_assert_finalized (weak);
  rdx_test_finalize (&f->store);
  g_free (f);
  return 0;
}

/* The series as the domain's selector gives it now. */
static RdxValue *
dup_series (RdxStore *store)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (RdxSelector) series = bank_selector_balance_series_new (local);

  return rdx_value_ref (rdx_store_select (store, series));
}

static const char *
period_of (RdxStore *store)
{
  return rdx_map_get_string (rdx_value_get_path (rdx_store_get_state (store), "/ui"), "period", "");
}

/* Activates a period button, as a click or Space does, and waits for the
 * chart to draw what it dispatched. */
static void
switch_period (Fixture *f, GtkToggleButton *button, const char *period)
{
  guint draws = f->chart->n_draws;

  assert_true (gtk_widget_get_focusable (GTK_WIDGET (button)));
  gtk_widget_activate (GTK_WIDGET (button));
  assert_true (rdx_test_iterate_until (g_str_equal (period_of (f->store), period), 2000));
  assert_true (rdx_test_iterate_until (f->chart->n_draws > draws, 2000));
}

static void
assert_drawn (Fixture *f, RdxValue *series)
{
  assert_int_equal (f->chart->n_drawn_points, rdx_list_length (series));
  for (guint i = 0; i < rdx_list_length (series); i++)
    assert_int_equal (g_array_index (f->chart->points, BankChartPoint, i).balance,
                      rdx_map_get_int (rdx_list_get (series, i), "balance", -1));
}

static void
test_period_switch (void **state)
{
  Fixture *f = *state;
  g_autoptr (RdxValue) by_month = dup_series (f->store);
  g_autoptr (RdxValue) by_week = NULL;
  g_autoptr (RdxValue) by_day = NULL;

  /* A year by month: 12 points. */
  assert_string_equal (period_of (f->store), "month");
  assert_int_equal (rdx_list_length (by_month), 12);
  assert_true (gtk_toggle_button_get_active (f->chart->month_button));
  assert_drawn (f, by_month);
  assert_string_equal (gtk_stack_get_visible_child_name (f->chart->stack), "chart");
  assert_string_equal (gtk_label_get_label (f->chart->title_label), "Balance of Checking");

  switch_period (f, f->chart->week_button, "week");
  by_week = dup_series (f->store);
  assert_true (rdx_list_length (by_week) >= 52);
  assert_drawn (f, by_week);
  assert_true (gtk_toggle_button_get_active (f->chart->week_button));
  assert_false (gtk_toggle_button_get_active (f->chart->month_button));
  assert_false (gtk_toggle_button_get_active (f->chart->day_button));
  bank_ui_test_screenshot (GTK_WIDGET (f->window), "bank-chart-week.png");

  switch_period (f, f->chart->day_button, "day");
  by_day = dup_series (f->store);
  assert_true (rdx_list_length (by_day) > rdx_list_length (by_week));
  assert_drawn (f, by_day);
  assert_true (gtk_toggle_button_get_active (f->chart->day_button));
  assert_false (gtk_toggle_button_get_active (f->chart->week_button));

  /* The state says the period; the chart follows, whoever dispatched. */
  bank_ui_test_dispatch (f->store, bank_action_set_period (BANK_PERIOD_MONTH));
  assert_true (rdx_test_iterate_until (f->chart->n_drawn_points == 12, 2000));
  assert_true (gtk_toggle_button_get_active (f->chart->month_button));
}

/* The balance of acc-1 after every entry before @end, added up. */
static gint64
balance_before (RdxStore *store, gint64 end)
{
  RdxValue   *entries = rdx_value_get_path (rdx_store_get_state (store), "/ledger/acc-1");
  RdxListIter iter;
  RdxValue   *entry;
  gint64      balance = 0;

  rdx_list_iter_init (&iter, entries);
  while (rdx_list_iter_next (&iter, &entry))
    if (rdx_map_get_int (entry, "at", 0) < end)
      balance += rdx_map_get_int (entry, "amount", 0);
  return balance;
}

static char *
expected_hover (BankChartView *chart, RdxStore *store, guint index, const char *format)
{
  const BankChartPoint *point = &g_array_index (chart->points, BankChartPoint, index);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_local (point->start / G_USEC_PER_SEC);
  g_autofree char *money = bank_format_amount (balance_before (store, point->end), "EUR");
  g_autofree char *date = g_date_time_format (start, format);

  return g_strdup_printf ("%s\n%s", money, date);
}

static void
hover (Fixture *f, double x)
{
  g_signal_emit_by_name (f->chart->motion, "motion", x, 120.0);
  assert_true (rdx_test_iterate_until (gtk_widget_get_visible (f->chart->hover_box), 1000));
}

static void
test_hover (void **state)
{
  Fixture *f = *state;
  guint    n = f->chart->points->len;
  guint    draws;

  for (guint i = 0; i < n; i += 5)
    {
      g_autofree char *expected = expected_hover (f->chart, f->store, i, "%B %Y");

      /* On the point, and a few pixels beside it. */
      hover (f, bank_chart_view_get_point_x (f->chart, i) + (i % 2 ? 3 : -3));
      assert_int_equal (f->chart->hover, i);
      assert_string_equal (gtk_label_get_text (f->chart->hover_label), expected);
    }
  bank_ui_test_screenshot (GTK_WIDGET (f->window), "bank-chart.png");

  /* The pointer leaves: the label goes; the chart draws itself again
   * without the marker. */
  draws = f->chart->n_draws;
  g_signal_emit_by_name (f->chart->motion, "leave");
  assert_false (gtk_widget_get_visible (f->chart->hover_box));
  assert_true (rdx_test_iterate_until (f->chart->n_draws > draws, 1000));

  /* By day: the day's balance. */
  bank_ui_test_dispatch (f->store, bank_action_set_period (BANK_PERIOD_DAY));
  assert_int_equal (f->chart->period, BANK_PERIOD_DAY);
  assert_true (f->chart->points->len > 100);
  bank_ui_test_wait (100);
  {
    guint            middle = f->chart->points->len / 2;
    g_autofree char *expected = expected_hover (f->chart, f->store, middle, "%a %-d %b %Y");

    hover (f, bank_chart_view_get_point_x (f->chart, middle));
    assert_string_equal (gtk_label_get_text (f->chart->hover_label), expected);
  }
}

/* Where the hover label is, in the drawing area's coordinates. */
static graphene_rect_t
hover_bounds (Fixture *f)
{
  graphene_rect_t bounds;

  bank_ui_test_wait (50);
  assert_true (
    gtk_widget_compute_bounds (f->chart->hover_box, GTK_WIDGET (f->chart->area), &bounds));
  return bounds;
}

/* The label is over its point: centred on it in the middle, kept in the
 * plot at the edges (never over the money axis' labels on the left, nor
 * beyond the area on the right), whatever point came before it. */
static void
test_hover_position (void **state)
{
  Fixture *f = *state;
  int      area_width = gtk_widget_get_width (GTK_WIDGET (f->chart->area));

  bank_ui_test_dispatch (f->store, bank_action_set_period (BANK_PERIOD_DAY));
  assert_true (f->chart->points->len > 100);
  bank_ui_test_wait (100);
  {
    guint last = f->chart->points->len - 1, middle = last / 2;
    guint order[] = { last, middle, 0, last - 3, 3, middle };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        double          x = bank_chart_view_get_point_x (f->chart, order[i]);
        graphene_rect_t b;

        hover (f, x);
        assert_int_equal (f->chart->hover, order[i]);
        b = hover_bounds (f);
        /* Over the point, inside the plot and the area. */
        assert_true (b.origin.x <= x && x <= b.origin.x + b.size.width);
        assert_true (b.origin.x >= f->chart->plot_x - 1);
        assert_true (b.origin.x + b.size.width <= area_width);
        if (order[i] == middle)
          assert_true (fabs (b.origin.x + b.size.width / 2 - x) <= 1.0);
      }
  }
}

/* Round amounts of the money axis have no needless decimals. */
static void
test_axis_amounts (void **state)
{
  Fixture         *f = *state;
  g_autofree char *round = bank_chart_view_format_tick (f->chart, 1100000, 100000);
  g_autofree char *cents = bank_chart_view_format_tick (f->chart, 1100050, 50);
  g_autofree char *expected_cents = bank_format_amount (1100050, "EUR");
  g_autofree char *negative = bank_chart_view_format_tick (f->chart, -500000, 100000);

  /* As €11000.00 less its decimals. */
  assert_null (strchr (round, '.'));
  assert_non_null (strstr (round, "11000"));
  assert_non_null (strstr (round, "€"));
  assert_string_equal (cents, expected_cents);
  assert_non_null (strstr (negative, "5000"));
  assert_null (strstr (negative, "5000.00"));
}

static gboolean
press (Fixture *f, guint keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (f->chart->keys, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

/* From the keyboard: the chart takes the focus, and the arrows go from
 * point to point. */
static void
test_keyboard (void **state)
{
  Fixture *f = *state;
  guint    last = f->chart->points->len - 1;

  assert_true (gtk_widget_grab_focus (GTK_WIDGET (f->chart->area)));
  assert_true (rdx_test_iterate_until (f->chart->hover == (int) last, 1000));
  assert_true (gtk_widget_get_visible (f->chart->hover_box));
  assert_true (press (f, GDK_KEY_Left));
  assert_int_equal (f->chart->hover, last - 1);
  assert_true (press (f, GDK_KEY_Home));
  assert_int_equal (f->chart->hover, 0);
  assert_true (press (f, GDK_KEY_Left));
  assert_int_equal (f->chart->hover, 0);
  assert_true (press (f, GDK_KEY_End));
  assert_int_equal (f->chart->hover, last);
  assert_true (press (f, GDK_KEY_Right));
  assert_int_equal (f->chart->hover, last);
  assert_false (press (f, GDK_KEY_a));
  {
    g_autofree char *expected = expected_hover (f->chart, f->store, last, "%B %Y");

    assert_string_equal (gtk_label_get_text (f->chart->hover_label), expected);
  }
}

/* A dispatch that changes nothing the chart shows neither updates nor
 * draws it; one on the selected account does both. */
static void
test_redraws_only_on_change (void **state)
{
  Fixture *f = *state;
  guint    updates, draws;
  gint64   at = BANK_TEST_START + G_GINT64_CONSTANT (400) * 86400 * G_USEC_PER_SEC;
  gint64   before = g_array_index (f->chart->points, BankChartPoint, 11).balance;

  bank_ui_test_wait (200);
  updates = f->chart->n_updates;
  draws = f->chart->n_draws;
  bank_ui_test_dispatch (f->store, bank_action_search ("bakery"));
  bank_ui_test_dispatch (f->store, bank_action_deposit ("acc-2", "x-1", 500, NULL, NULL, at));
  bank_ui_test_dispatch (f->store, bank_action_set_month ("2024-03"));
  bank_ui_test_wait (300);
  assert_int_equal (f->chart->n_updates, updates);
  assert_int_equal (f->chart->n_draws, draws);

  /* 2025-02-04: a new point, at the end. */
  bank_ui_test_dispatch (f->store, bank_action_deposit ("acc-1", "x-2", 12345, NULL, NULL, at));
  assert_int_equal (f->chart->n_updates, updates + 1);
  assert_true (rdx_test_iterate_until (f->chart->n_draws > draws, 2000));
  assert_int_equal (f->chart->n_drawn_points, 13);
  assert_int_equal (g_array_index (f->chart->points, BankChartPoint, 12).balance, before + 12345);
}

static void
test_empty_states (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  BankChartView *chart = BANK_CHART_VIEW (bank_chart_view_new (store));
  GtkWindow     *window = bank_ui_test_window_new (GTK_WIDGET (chart), 600, 400);

  assert_string_equal (gtk_stack_get_visible_child_name (chart->stack), "empty");
  assert_string_equal (adw_status_page_get_title (chart->empty_page), "No Account Selected");
  assert_string_equal (gtk_label_get_label (chart->title_label), "Balance");

  bank_ui_test_dispatch (store, bank_action_open_account ("a", "Rainy Day", BANK_ACCOUNT_SAVINGS,
                                                          "EUR", 0, BANK_TEST_START));
  bank_ui_test_dispatch (store, bank_action_select_account ("a"));
  assert_string_equal (gtk_stack_get_visible_child_name (chart->stack), "empty");
  assert_string_equal (adw_status_page_get_title (chart->empty_page), "No Transactions");
  assert_string_equal (adw_status_page_get_description (chart->empty_page),
                       "The balance of “Rainy Day” appears here once it has transactions.");
  bank_ui_test_screenshot (GTK_WIDGET (window), "bank-chart-empty.png");

  /* One point: a flat line, drawn. */
  bank_ui_test_dispatch (store,
                         bank_action_deposit ("a", "t", 1000, NULL, NULL, BANK_TEST_START + 1));
  assert_string_equal (gtk_stack_get_visible_child_name (chart->stack), "chart");
  assert_true (rdx_test_iterate_until (chart->n_drawn_points == 1, 2000));

  /* Without a store, nothing, and the period cannot be chosen. */
  bank_chart_view_set_store (chart, NULL);
  assert_null (bank_chart_view_get_store (chart));
  assert_string_equal (gtk_stack_get_visible_child_name (chart->stack), "empty");
  assert_false (gtk_widget_is_sensitive (GTK_WIDGET (chart->week_button)));
  bank_ui_test_close (window);
  rdx_test_finalize (&store);
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_period_switch, setup, teardown),
    cmocka_unit_test_setup_teardown (test_hover, setup, teardown),
    cmocka_unit_test_setup_teardown (test_hover_position, setup, teardown),
    cmocka_unit_test_setup_teardown (test_axis_amounts, setup, teardown),
    cmocka_unit_test_setup_teardown (test_keyboard, setup, teardown),
    cmocka_unit_test_setup_teardown (test_redraws_only_on_change, setup, teardown),
    cmocka_unit_test (test_empty_states),
  };
  int status = bank_ui_test_init (argc, argv);

  if (status != 0)
    return status;
  return cmocka_run_group_tests (tests, NULL, NULL);
}

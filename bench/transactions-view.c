/* transactions-view.c: the transaction list of rdx-bank with 100,000 rows.
 * Needs a display: xvfb-run -a ./_build/bench/transactions-view
 *
 * One account holds 100,000 transactions (27 a day for ten years). A
 * window of 1000 × 800 shows its list, and for each run:
 *
 *  - the first frame: from making the view (in a window already shown)
 *    to its first frame painted;
 *  - scrolling: the list's adjustment moved on every frame tick, by a
 *    quarter of a page (a wheel or kinetic scroll, 300 frames) and by
 *    1/200 of the list (dragging the scrollbar from top to bottom, 200
 *    frames): the worst and the median frame, from the frame clock's
 *    update to its paint;
 *  - a deposit: from its dispatch to the frame that shows it painted
 *    (the row appears at the top), and the dispatch alone;
 *  - a search ("bakery") and a sort (by amount): from the dispatch to
 *    the frame painted, and back; and the dispatch alone, which
 *    includes GTK's handling of the model's items-changed (all rows
 *    replaced).
 *
 * Before them, without a view: a sort and a search dispatched, with the
 * rows' selector and an RdxListModel over it, so what GTK adds shows.
 *
 * Each figure is measured RUNS times; the median and the range are
 * printed. Under Xvfb GTK renders with llvmpipe (OpenGL in software)
 * unless GSK_RENDERER=cairo is set.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "bank-transactions-view-private.h"

#define N_TRANSACTIONS 100000
#define RUNS           ((guint) (g_getenv ("BENCH_RUNS") != NULL ? atoi (g_getenv ("BENCH_RUNS")) : 5))
#define START          G_GINT64_CONSTANT (1420070400000000) /* 2015-01-01 UTC */
#define DAY            (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

typedef struct
{
  gint64         update;         /* when the current frame started */
  gint64         painted;        /* when the last frame was painted */
  gint64         painted_update; /* when that frame started */
  GArray        *times;          /* of double, ms per frame painted */
  guint          frames;
  GtkAdjustment *scrolling; /* moved each tick, while set */
  double         step;
} Frames;

static void
update_cb (GdkFrameClock *clock, Frames *frames)
{
  frames->update = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock, Frames *frames)
{
  frames->painted = g_get_monotonic_time ();
  frames->painted_update = frames->update;
  if (frames->update != 0)
    {
      double ms = (frames->painted - frames->update) / 1000.0;

      g_array_append_val (frames->times, ms);
    }
  frames->update = 0;
  frames->frames++;
}

/* Keeps the frame clock running, and scrolls when asked to. */
static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  Frames *frames = user_data;

  if (frames->scrolling != NULL)
    {
      GtkAdjustment *adjustment = frames->scrolling;
      double         value = gtk_adjustment_get_value (adjustment) + frames->step;
      double         end =
        gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, MIN (value, end));
    }
  return G_SOURCE_CONTINUE;
}

static void
wait_frames (Frames *frames, guint n)
{
  guint until = frames->frames + n;

  while (frames->frames < until)
    g_main_context_iteration (NULL, TRUE);
}

static void
report (const char *what, double *values, guint n, const char *goal)
{
  bench_report_ms (what, 52, values, n, goal);
}

static void
dispatch (RdxStore *store, RdxAction *action)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_store_dispatch_take (store, action, &error))
    {
      fprintf (stderr, "transactions-view: %s\n", error->message);
      exit (1);
    }
}

/* One account, 100,000 transactions over ten years, with memos and
 * categories to search and sort by. */
static RdxStore *
store_new (void)
{
  static const char *const memos[] = { "Bakery",   "Supermarket", "Fuel",  "Rent",
                                       "Pharmacy", "Bistro",      "Train", "Bookshop" };
  static const char *const categories[] = { "groceries", "groceries",   "transport", "housing",
                                            "health",    "restaurants", "transport", "leisure" };
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxStore *store = rdx_store_new (reducer, NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (BANK_DEMO_SEED);

  dispatch (store, bank_action_open_account ("big", "Everything", BANK_ACCOUNT_CHECKING, "EUR",
                                             10000000, START));
  for (guint i = 0; i < N_TRANSACTIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("t-%u", i);
      gint64           at = START + (gint64) i * 3653 * DAY / N_TRANSACTIONS;
      gint64           amount = g_rand_int_range (rand, 100, 20000);
      guint            kind = g_rand_int_range (rand, 0, G_N_ELEMENTS (memos));

      dispatch (
        store, i % 3 == 0
                 ? bank_action_deposit ("big", id, amount * 2, "Salary", "income", at)
                 : bank_action_withdraw ("big", id, amount / 2, memos[kind], categories[kind], at));
    }
  dispatch (store, bank_action_select_account ("big"));
  return store;
}

typedef struct
{
  double first_ms;
  double wheel_worst_ms, wheel_median_ms;
  double drag_worst_ms, drag_median_ms;
  double drag_binds, drag_bind_ms; /* cells shown per frame, and their ms */
  double deposit_ms, deposit_dispatch_ms, deposit_wait_ms;
  double search_ms, unsearch_ms, search_dispatch_ms;
  double sort_ms, unsort_ms, sort_dispatch_ms;
} Run;

/* Dispatches @action and returns the ms until the next frame painted;
 * @wait_ms (if not NULL) gets the part spent before that frame started
 * (the dispatch, and the frame clock waiting for its next frame time). */
static double
dispatch_to_paint (Frames    *frames,
                   RdxStore  *store,
                   RdxAction *action,
                   double    *dispatch_ms,
                   double    *wait_ms)
{
  gint64 start = g_get_monotonic_time ();

  dispatch (store, action);
  if (dispatch_ms != NULL)
    *dispatch_ms = (g_get_monotonic_time () - start) / 1000.0;
  /* The first frame that started after the dispatch shows it. */
  do
    g_main_context_iteration (NULL, TRUE);
  while (frames->painted_update < start);
  if (wait_ms != NULL)
    *wait_ms = (frames->painted_update - start) / 1000.0;
  return (frames->painted - start) / 1000.0;
}

static void
scroll (Frames        *frames,
        GtkAdjustment *adjustment,
        double         step,
        guint          n,
        double        *worst,
        double        *median)
{
  gtk_adjustment_set_value (adjustment, 0);
  wait_frames (frames, 3);
  g_array_set_size (frames->times, 0);
  frames->step = step;
  frames->scrolling = adjustment;
  wait_frames (frames, n);
  frames->scrolling = NULL;
  bench_sort ((double *) frames->times->data, frames->times->len);
  *worst = g_array_index (frames->times, double, frames->times->len - 1);
  *median = g_array_index (frames->times, double, frames->times->len / 2);
}

static void
one_run (RdxStore *store, guint run_index, Run *run)
{
  GtkWindow            *window = GTK_WINDOW (gtk_window_new ());
  Frames                frames = { .times = g_array_new (FALSE, FALSE, sizeof (double)) };
  GdkFrameClock        *clock;
  BankTransactionsView *view;
  GtkAdjustment        *adjustment;
  gint64                start;
  g_autofree char      *id = g_strdup_printf ("d-%u", run_index);
  double                page;

  gtk_window_set_default_size (window, 1000, 800);
  gtk_window_present (window);
  while (gtk_widget_get_frame_clock (GTK_WIDGET (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &frames, NULL);
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  wait_frames (&frames, 3);

  start = g_get_monotonic_time ();
  view = BANK_TRANSACTIONS_VIEW (bank_transactions_view_new (store));
  gtk_window_set_child (window, GTK_WIDGET (view));
  while (view->n_binds == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_frames (&frames, 1);
  run->first_ms = (g_get_monotonic_time () - start) / 1000.0;
  wait_frames (&frames, 5);

  adjustment = gtk_scrolled_window_get_vadjustment (view->scrolled);
  page = gtk_adjustment_get_page_size (adjustment);
  /* BENCH_SCROLL=0 skips the scrolling, to profile the rest. */
  if (g_strcmp0 (g_getenv ("BENCH_SCROLL"), "0") != 0)
    {
      guint  binds;
      gint64 bind_time;

      scroll (&frames, adjustment, page / 4, 300, &run->wheel_worst_ms, &run->wheel_median_ms);
      binds = view->n_binds;
      bind_time = view->bind_time;
      scroll (&frames, adjustment, (gtk_adjustment_get_upper (adjustment) - page) / 200, 200,
              &run->drag_worst_ms, &run->drag_median_ms);
      run->drag_binds = (view->n_binds - binds) / 200.0;
      run->drag_bind_ms = (view->bind_time - bind_time) / 1000.0 / 200.0;
    }
  gtk_adjustment_set_value (adjustment, 0);
  wait_frames (&frames, 5);

  /* A deposit, the newest: at the top of the list. */
  run->deposit_ms = dispatch_to_paint (
    &frames, store,
    bank_action_deposit ("big", id, 4321, "Refund", NULL, START + 3700 * DAY + run_index),
    &run->deposit_dispatch_ms, &run->deposit_wait_ms);
  wait_frames (&frames, 3);
  run->search_ms = dispatch_to_paint (&frames, store, bank_action_search ("bakery"),
                                      &run->search_dispatch_ms, NULL);
  wait_frames (&frames, 3);
  run->unsearch_ms = dispatch_to_paint (&frames, store, bank_action_search (""), NULL, NULL);
  wait_frames (&frames, 3);
  run->sort_ms = dispatch_to_paint (&frames, store, bank_action_sort (BANK_COLUMN_AMOUNT, FALSE),
                                    &run->sort_dispatch_ms, NULL);
  wait_frames (&frames, 3);
  run->unsort_ms =
    dispatch_to_paint (&frames, store, bank_action_sort (BANK_COLUMN_DATE, TRUE), NULL, NULL);
  wait_frames (&frames, 3);

  g_signal_handlers_disconnect_by_data (clock, &frames);
  g_array_unref (frames.times);
  gtk_window_destroy (window);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The rows made again for a new order or search, without a view: what
 * the selector and an RdxListModel over it cost, apart from GTK. */
static void
measure_selector (RdxStore *store)
{
  g_autoptr (RdxSelector) rows = bank_selector_transactions_new ();
  g_autoptr (RdxListModel) model = rdx_list_model_new (store, rows);
  double sort_ms[16], search_ms[16];

  rdx_store_select (store, rows);
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      dispatch (store, bank_action_sort (BANK_COLUMN_AMOUNT, FALSE));
      rdx_store_select (store, rows);
      sort_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      dispatch (store, bank_action_sort (BANK_COLUMN_DATE, TRUE));
      rdx_store_select (store, rows);
      start = g_get_monotonic_time ();
      dispatch (store, bank_action_search ("bakery"));
      rdx_store_select (store, rows);
      search_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      dispatch (store, bank_action_search (""));
      rdx_store_select (store, rows);
    }
  printf ("Without a view:\n");
  report ("a sort by amount: dispatch, selector, RdxListModel", sort_ms, RUNS, "");
  report ("a search: dispatch, selector, RdxListModel", search_ms, RUNS, "");
  printf ("With the view:\n");
}

int
main (void)
{
  g_autoptr (RdxStore) store = NULL;
  const char *renderer = g_getenv ("GSK_RENDERER");
  Run         runs[16];
  double      values[16];
  gint64      start;

  setlocale (LC_ALL, "");
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "transactions-view: needs a display "
                       "(xvfb-run -a ./_build/bench/transactions-view)\n");
      return 77;
    }
  adw_init ();
  start = g_get_monotonic_time ();
  store = store_new ();
  printf ("The transaction list, one account of %d transactions (renderer: %s; made in %.1f s; "
          "window 1000 × 800)\n\n",
          N_TRANSACTIONS, renderer != NULL ? renderer : "GTK's default",
          (g_get_monotonic_time () - start) / 1e6);
  measure_selector (store);
  for (guint i = 0; i < RUNS; i++)
    one_run (store, i, &runs[i]);

#define REPORT(field, what, goal)        \
  do                                     \
    {                                    \
      for (guint i = 0; i < RUNS; i++)   \
        values[i] = runs[i].field;       \
      report (what, values, RUNS, goal); \
    }                                    \
  while (0)
  REPORT (first_ms, "first frame, from making the view", "");
  REPORT (wheel_worst_ms, "scrolling a quarter page a frame: the worst frame", "goal < 16 ms");
  REPORT (wheel_median_ms, "scrolling a quarter page a frame: the median frame", "");
  REPORT (drag_worst_ms, "dragging through the list: the worst frame", "goal < 16 ms");
  REPORT (drag_median_ms, "dragging through the list: the median frame", "");
  REPORT (drag_bind_ms, "  of which binding cells, a frame on average", "");
  for (guint i = 0; i < RUNS; i++)
    values[i] = runs[i].drag_binds;
  bench_sort (values, RUNS);
  printf ("  %-52s %8.0f\n", "  cells bound a frame on average", values[RUNS / 2]);
  REPORT (deposit_ms, "a deposit, from its dispatch to its frame painted", "");
  REPORT (deposit_dispatch_ms, "  its dispatch alone (reducer, selectors, model)", "");
  REPORT (deposit_wait_ms, "  dispatch to its frame's start (clock at 60 Hz)", "");
  REPORT (search_ms, "a search, from its dispatch to its frame painted", "");
  REPORT (search_dispatch_ms, "  its dispatch alone (with the model's items-changed)", "");
  REPORT (unsearch_ms, "  and back to every row", "");
  REPORT (sort_ms, "a sort by amount, from its dispatch to its frame", "");
  REPORT (sort_dispatch_ms, "  its dispatch alone (with the model's items-changed)", "");
  REPORT (unsort_ms, "  and back by date", "");
#undef REPORT
  return 0;
}

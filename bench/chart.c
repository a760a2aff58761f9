/* chart.c: the balance chart of rdx-bank with 100,000 transactions.
 * Needs a display: xvfb-run -a ./_build/bench/chart
 *
 * Two stores of 100,000 transactions: the demo's 100 accounts (the chart
 * shows the first, a few thousand entries), and one account that holds
 * all 100,000 (27 a day for ten years: 3,653 days, the most points a
 * chart of ten years draws). For each, by day and by month:
 *
 *  - the first frame: from making the view (in a window already shown)
 *    to its first frame painted;
 *  - resizing: the window made 8 pixels wider or narrower each frame,
 *    from 700 to 1,300 pixels and back (goal: every frame under 16 ms);
 *    the worst frame, from the frame clock's update to its paint, and
 *    the median frame; beside them, the same window resized without
 *    the chart (a plain GtkDrawingArea), in alternation with it; and
 *    the longest the chart's draw function took.
 *
 * Each figure is measured RUNS times; the median and the range are
 * printed. Under Xvfb GTK renders with llvmpipe (OpenGL in software)
 * unless GSK_RENDERER=cairo is set; both are worth a run.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "bank-chart-view-private.h"

#define N_TRANSACTIONS 100000
#define RUNS           5
#define START          G_GINT64_CONSTANT (1420070400000000) /* 2015-01-01 UTC */
#define DAY            (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

typedef struct
{
  gint64  update; /* when the current frame started */
  GArray *times;  /* of double, ms per frame painted */
  guint   frames;
} Frames;

static void
update_cb (GdkFrameClock *clock, Frames *frames)
{
  frames->update = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock, Frames *frames)
{
  double ms;

  if (frames->update != 0)
    {
      ms = (g_get_monotonic_time () - frames->update) / 1000.0;
      g_array_append_val (frames->times, ms);
    }
  frames->update = 0;
  frames->frames++;
}

/* Keeps the frame clock running, so that frames come whether or not
 * something changed. */
static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
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
  bench_report_ms (what, 46, values, n, goal);
}

static void
dispatch (RdxStore *store, RdxAction *action)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_store_dispatch_take (store, action, &error))
    {
      fprintf (stderr, "chart: %s\n", error->message);
      exit (1);
    }
}

/* The demo's 100 accounts, 100,000 transactions; the first selected. */
static RdxStore *
demo_store_new (void)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxStore *store = rdx_store_new (reducer, NULL);
  g_autoptr (GPtrArray) actions =
    bank_demo_generate (BANK_DEMO_SEED, 100, START, 3650, N_TRANSACTIONS);

  for (guint i = 0; i < actions->len; i++)
    dispatch (store, rdx_action_ref (actions->pdata[i]));
  dispatch (store, bank_action_select_account ("acc-1"));
  return store;
}

/* One account, 100,000 transactions over ten years. */
static RdxStore *
one_account_store_new (void)
{
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

      dispatch (store, i % 3 == 0 ? bank_action_deposit ("big", id, amount * 2, NULL, NULL, at)
                                  : bank_action_withdraw ("big", id, amount / 2, NULL, "food", at));
    }
  dispatch (store, bank_action_select_account ("big"));
  return store;
}

typedef struct
{
  double first_ms;  /* making the view, to its first frame */
  double worst_ms;  /* resizing: the worst frame */
  double median_ms; /* resizing: the median frame */
  double draw_ms;   /* resizing: the longest draw function */
  guint  n_points;
} Run;

/* A window of 700 × 500 shows the chart of @store (or, with no store, a
 * plain GtkDrawingArea: what resizing the window costs without the
 * chart), and is resized a frame at a time. */
static void
one_run (RdxStore *store, Run *run)
{
  GtkWindow     *window = GTK_WINDOW (gtk_window_new ());
  Frames         frames = { 0, g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  GdkFrameClock *clock;
  BankChartView *chart = NULL;
  GtkWidget     *view;
  gint64         start;
  int            width = 700, step = 8;

  gtk_window_set_default_size (window, width, 500);
  gtk_window_present (window);
  while (gtk_widget_get_frame_clock (GTK_WIDGET (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, NULL, NULL);
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  wait_frames (&frames, 3);

  start = g_get_monotonic_time ();
  if (store != NULL)
    view = bank_chart_view_new (store), chart = BANK_CHART_VIEW (view);
  else
    view = gtk_drawing_area_new ();
  gtk_window_set_child (window, view);
  while (chart != NULL && chart->n_draws == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_frames (&frames, 1);
  run->first_ms = (g_get_monotonic_time () - start) / 1000.0;
  run->n_points = chart != NULL ? chart->n_drawn_points : 0;
  wait_frames (&frames, 5);

  g_array_set_size (frames.times, 0);
  run->draw_ms = 0;
  for (guint i = 0; i < 150; i++)
    {
      if (width + step > 1300 || width + step < 700)
        step = -step;
      width += step;
      gtk_window_set_default_size (window, width, 500);
      wait_frames (&frames, 1);
      if (chart != NULL)
        run->draw_ms = MAX (run->draw_ms, chart->draw_time / 1000.0);
    }
  bench_sort ((double *) frames.times->data, frames.times->len);
  run->worst_ms = g_array_index (frames.times, double, frames.times->len - 1);
  run->median_ms = g_array_index (frames.times, double, frames.times->len / 2);

  g_signal_handlers_disconnect_by_data (clock, &frames);
  g_array_unref (frames.times);
  gtk_window_destroy (window);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The chart and the plain window, alternating (which goes first
 * alternates too). */
static void
measure (const char *name, RdxStore *store, BankPeriod period)
{
  Run    chart[RUNS], plain[RUNS];
  double values[8][RUNS];

  dispatch (store, bank_action_set_period (period));
  for (guint run = 0; run < RUNS; run++)
    {
      one_run (run % 2 == 0 ? store : NULL, run % 2 == 0 ? &chart[run] : &plain[run]);
      one_run (run % 2 == 0 ? NULL : store, run % 2 == 0 ? &plain[run] : &chart[run]);
    }
  for (guint run = 0; run < RUNS; run++)
    {
      values[0][run] = chart[run].first_ms;
      values[1][run] = chart[run].worst_ms;
      values[2][run] = plain[run].worst_ms;
      values[3][run] = chart[run].median_ms;
      values[4][run] = plain[run].median_ms;
      values[5][run] = chart[run].draw_ms;
    }
  printf ("%s, by %s: %u points\n", name, bank_period_to_string (period), chart[0].n_points);
  report ("first frame, from making the view", values[0], RUNS, "");
  report ("resizing: the worst frame", values[1], RUNS, "goal < 16 ms");
  report ("  the same window without the chart", values[2], RUNS, "");
  report ("resizing: the median frame", values[3], RUNS, "");
  report ("  the same window without the chart", values[4], RUNS, "");
  report ("resizing: the longest draw function", values[5], RUNS, "");
}

int
main (void)
{
  g_autoptr (RdxStore) demo = NULL;
  g_autoptr (RdxStore) one = NULL;
  const char *renderer = g_getenv ("GSK_RENDERER");

  setlocale (LC_ALL, "");
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "chart: needs a display (xvfb-run -a ./_build/bench/chart)\n");
      return 77;
    }
  adw_init ();
  demo = demo_store_new ();
  one = one_account_store_new ();
  printf ("The balance chart, %d transactions (renderer: %s; 2-core machine, Xvfb)\n\n",
          N_TRANSACTIONS, renderer != NULL ? renderer : "GTK's default");
  measure ("the demo's 100 accounts, the first shown", demo, BANK_PERIOD_DAY);
  measure ("the demo's 100 accounts, the first shown", demo, BANK_PERIOD_MONTH);
  measure ("one account of 100,000", one, BANK_PERIOD_DAY);
  measure ("one account of 100,000", one, BANK_PERIOD_WEEK);
  measure ("one account of 100,000", one, BANK_PERIOD_MONTH);
  return 0;
}

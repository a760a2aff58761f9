/* bank-app.c: rdx-bank as a person starts it, with the demo year.
 * Needs a display:
 *   xvfb-run -a -s '-screen 0 1600x1200x24' env GSK_RENDERER=cairo ./_build/bench/bank-app
 *
 * The application runs in this process as `rdx-bank --journal FILE
 * [--demo]` does (g_application_run(), non-unique), over a journal in a
 * temporary folder:
 *
 *  - first start: `--demo` on a new journal, from g_application_run() to
 *    the window's first frame painted: the demo year dispatched action by
 *    action through a store of its own (batched commits), the journal
 *    opened, that year imported into the debugger's history, the window
 *    made and drawn;
 *  - start again over that journal: the state rebuilt from it (replay),
 *    then the window to its first frame;
 *  - start over a journal of the demo scaled to 100 accounts and 100,000
 *    transactions over ten years (the size; made once, before
 *    the runs, through a store with batched commits);
 *  - a deposit into the selected account: rdx_store_dispatch() (the
 *    reducer, the journal's commit with its fsync, the window's and the
 *    views' updates), and from the dispatch to the next frame painted
 *    (which waits for the frame clock's next tick), and that frame
 *    alone (update to paint).
 *
 * Each start is measured RUNS times, the deposits DEPOSITS times per
 * run; the median and the range are printed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "bank-window-private.h"
#include "bench-util.h"

#define RUNS             5
#define DEPOSITS         20
#define BIG_ACCOUNTS     100
#define BIG_TRANSACTIONS 100000
#define BIG_DAYS         3650

typedef struct
{
  gint64           started;     /* g_get_monotonic_time () at g_application_run () */
  gint64           first_frame; /* at the first frame painted */
  gint64           update;      /* the frame clock's update of the current frame */
  gint64           painted;     /* the last paint */
  guint            frames;
  gboolean         deposits; /* make deposits once shown */
  GArray          *dispatch; /* ms */
  GArray          *to_paint; /* ms */
  GArray          *frame;    /* ms */
  BankApplication *app;
} Run;

static void
update_cb (GdkFrameClock *clock, Run *run)
{
  run->update = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock, Run *run)
{
  run->painted = g_get_monotonic_time ();
  if (run->first_frame == 0)
    run->first_frame = run->painted;
  run->frames++;
}

static void
wait_frame (Run *run)
{
  guint until = run->frames + 1;

  while (run->frames < until)
    g_main_context_iteration (NULL, TRUE);
}

static void
deposit (Run *run, BankWindow *window, guint i)
{
  g_autofree char *txn = g_uuid_string_random ();
  g_autoptr (GError) error = NULL;
  gint64 before, after;
  double ms;

  before = g_get_monotonic_time ();
  if (!rdx_store_dispatch_take (
        bank_window_get_store (window),
        bank_action_deposit (window->selected, txn, 100 + i, "Bench", NULL, g_get_real_time ()),
        &error))
    bench_fail ("deposit: %s", error->message);
  after = g_get_monotonic_time ();
  wait_frame (run);
  ms = (after - before) / 1000.0;
  g_array_append_val (run->dispatch, ms);
  ms = (run->painted - before) / 1000.0;
  g_array_append_val (run->to_paint, ms);
  ms = (run->painted - run->update) / 1000.0;
  g_array_append_val (run->frame, ms);
}

static gboolean
shown_cb (gpointer user_data)
{
  Run       *run = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (run->app));

  while (run->first_frame == 0)
    g_main_context_iteration (NULL, TRUE);
  if (run->deposits)
    {
      wait_frame (run);
      for (guint i = 0; i < DEPOSITS; i++)
        deposit (run, BANK_WINDOW (window), i);
    }
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
realized_cb (GtkWidget *window, Run *run)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "update", G_CALLBACK (update_cb), run);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), run);
}

static void
window_added_cb (GtkApplication *app, GtkWindow *window, Run *run)
{
  g_signal_connect (window, "realize", G_CALLBACK (realized_cb), run);
  g_idle_add (shown_cb, run);
}

/* Runs the application once; returns ms from the start to the first
 * frame. */
static double
run_app (const char *journal, gboolean demo, Run *run)
{
  const char *argv[] = { "rdx-bank", "--journal", journal, demo ? "--demo" : NULL, NULL };

  run->app = bank_application_new ();
  run->first_frame = 0;
  g_application_set_flags (G_APPLICATION (run->app),
                           g_application_get_flags (G_APPLICATION (run->app)) |
                             G_APPLICATION_NON_UNIQUE);
  g_signal_connect (run->app, "window-added", G_CALLBACK (window_added_cb), run);
  run->started = g_get_monotonic_time ();
  if (g_application_run (G_APPLICATION (run->app), demo ? 4 : 3, (char **) argv) != 0)
    bench_fail ("rdx-bank did not start over %s", journal);
  g_clear_object (&run->app);
  return (run->first_frame - run->started) / 1000.0;
}

/* A journal of the demo at the size. */
static void
make_big_journal (const char *path)
{
  g_autoptr (RdxJournalOptions) options = bank_journal_options_new ();
  g_autoptr (RdxJournal) journal = NULL;
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_real_time () - (gint64) BIG_DAYS * 86400 * G_USEC_PER_SEC;

  rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_BATCHED);
  journal = rdx_journal_open (path, options, &error);
  if (journal == NULL)
    bench_fail ("%s", error->message);
  store = rdx_journal_new_store (journal, NULL, 0);
  actions = bank_demo_generate (BANK_DEMO_SEED, BIG_ACCOUNTS, start, BIG_DAYS, BIG_TRANSACTIONS);
  for (guint i = 0; i < actions->len; i++)
    if (!rdx_store_dispatch (store, actions->pdata[i], &error))
      bench_fail ("%s", error->message);
  if (!rdx_journal_close (journal, &error))
    bench_fail ("%s", error->message);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
print_figure (const char *what, double *times, guint n)
{
  bench_sort (times, n);
  printf ("%-52s median %8.2f ms   min–max %8.2f – %8.2f ms   (%u)\n", what, times[n / 2], times[0],
          times[n - 1], n);
}

int
main (int argc, char **argv)
{
  g_autofree char *folder = g_dir_make_tmp ("bench-bank-app-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (folder, "config", NULL);
  g_autofree char *big = g_build_filename (folder, "big.sqlite", NULL);
  double           first[RUNS], again[RUNS], big_start[RUNS];
  Run              run = { 0 };

  setlocale (LC_ALL, "");
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  if (!gtk_init_check ())
    bench_fail ("bank-app needs a display: run it under xvfb-run -a");
  run.dispatch = g_array_new (FALSE, FALSE, sizeof (double));
  run.to_paint = g_array_new (FALSE, FALSE, sizeof (double));
  run.frame = g_array_new (FALSE, FALSE, sizeof (double));

  printf ("rdx-bank with the demo year (%u accounts, %u days), %u runs, %u deposits each\n",
          BANK_DEMO_ACCOUNTS, BANK_DEMO_DAYS, RUNS, DEPOSITS);
  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *name = g_strdup_printf ("journal-%u.sqlite", i);
      g_autofree char *journal = g_build_filename (folder, name, NULL);

      run.deposits = FALSE;
      first[i] = run_app (journal, TRUE, &run);
      run.deposits = TRUE;
      again[i] = run_app (journal, FALSE, &run);
    }

  make_big_journal (big);
  run.deposits = FALSE;
  for (guint i = 0; i < RUNS; i++)
    big_start[i] = run_app (big, FALSE, &run);

  print_figure ("first start, --demo (fill, journal, first frame)", first, RUNS);
  print_figure ("start again over the demo journal (first frame)", again, RUNS);
  print_figure ("start over 100 accounts, 100,000 transactions", big_start, RUNS);
  print_figure ("deposit: rdx_store_dispatch (sync journal, views)",
                (double *) (void *) run.dispatch->data, run.dispatch->len);
  print_figure ("deposit: dispatch to the next frame painted",
                (double *) (void *) run.to_paint->data, run.to_paint->len);
  print_figure ("deposit: that frame alone (update to paint)", (double *) (void *) run.frame->data,
                run.frame->len);

  g_array_unref (run.dispatch);
  g_array_unref (run.to_paint);
  g_array_unref (run.frame);
  remove_tree (folder);
  return 0;
}

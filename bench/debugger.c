/* debugger.c: how the debugger window copes with a long history and a big
 * state. Needs a display: xvfb-run -a ./_build/bench/debugger
 *
 *  - open the window on a 100,000-entry history, until its first frame is
 *    painted (goal: 1 s);
 *  - scroll the action list a screenful per frame, and step the timeline
 *    one entry per frame (the slider held down): the work each frame takes,
 *    from the frame clock's update to its paint (goal: 16 ms), the worst;
 *    and for a step, the window's own work (its handlers, before GTK lays
 *    out and paints), the worst; with the most CPU time a frame took, which
 *    the other processes of a shared machine disturb less;
 *  - expand a 100,000-element list in the state tree (goal: 50 ms), until
 *    the frame that shows it is painted (and the expansion alone: the
 *    tree model's and the column view's work, without layout and paint);
 *    then step the slider with that list expanded, the state tree showing.
 *
 * Under Xvfb GTK renders with llvmpipe (OpenGL in software) unless
 * GSK_RENDERER=cairo is set; both are worth a run.
 *
 * Each figure is measured RUNS times; the median and the range are printed.
 * Arguments name the figures to measure (open, scroll, step, expand; all
 * when none), to profile one of them with perf.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <time.h>

#include "rdx-debugger-window-private.h"

#define N_ENTRIES  100000
#define N_ELEMENTS 100000
#define RUNS       5
#define FRAMES     120

/* A state with a 100,000-element list, and a counter the actions bump. */
static RdxValue *
bench_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  if (state == NULL)
    {
      g_autoptr (RdxListBuilder) rows = rdx_list_builder_new (NULL);

      for (gint64 i = 0; i < N_ELEMENTS; i++)
        rdx_list_builder_append_take (rows, rdx_map_new_take ("id", rdx_value_new_int (i), NULL));
      return rdx_map_new_take ("count", rdx_value_new_int (0), "rows",
                               rdx_list_builder_end (g_steal_pointer (&rows)), NULL);
    }
  return rdx_map_set_take (
    state, "count", rdx_value_new_int (rdx_value_get_int (rdx_map_get (state, "count")) + 1));
}

typedef struct
{
  gint64 update;     /* when the current frame started */
  gint64 update_cpu; /* the main thread's CPU time then */
  gint64 worst;      /* the longest frame so far, µs */
  gint64 worst_cpu;  /* the most CPU time a frame took so far, µs */
  gint64 last;       /* the last frame's time, µs */
  guint  frames;     /* frames painted */
} Frames;

/* The CPU time the calling thread has used, µs: what a frame costs, less
 * the time other processes had the core (the machine is shared). */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
update_cb (GdkFrameClock *clock, Frames *frames)
{
  frames->update = g_get_monotonic_time ();
  frames->update_cpu = thread_cpu_time ();
}

static void
after_paint_cb (GdkFrameClock *clock, Frames *frames)
{
  if (frames->update != 0)
    {
      frames->last = g_get_monotonic_time () - frames->update;
      frames->worst = MAX (frames->worst, frames->last);
      frames->worst_cpu = MAX (frames->worst_cpu, thread_cpu_time () - frames->update_cpu);
    }
  frames->update = 0;
  frames->frames++;
}

static void
wait_frames (Frames *frames, guint n)
{
  guint until = frames->frames + n;

  while (frames->frames < until)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what, double *values, const char *unit, const char *goal)
{
  qsort (values, RUNS, sizeof *values, compare);
  printf ("%-58s %8.1f %s (%.1f–%.1f)   goal %s\n", what, values[RUNS / 2], unit, values[0],
          values[RUNS - 1], goal);
}

/* Steps the slider back one entry a frame, @n times (the slider held
 * down), the selection and the inspector following the cursor: the worst
 * frame, the most CPU time a frame took, and the most time a step took in
 * all: the window's own work when the slider moves (its handlers, which
 * run before the frame) and the frame that shows it. */
static void
step_slider (RdxDebuggerWindow *window,
             Frames            *frames,
             guint              n,
             double            *frame_ms,
             double            *cpu_ms,
             double            *step_ms)
{
  gint64 worst_step = 0;

  frames->worst = frames->worst_cpu = 0;
  for (guint i = 0; i < n; i++)
    {
      gint64 moved = g_get_monotonic_time ();
      gint64 handlers;

      gtk_range_set_value (GTK_RANGE (window->timeline_scale),
                           gtk_adjustment_get_value (window->timeline_adjustment) - 1);
      handlers = g_get_monotonic_time () - moved;
      wait_frames (frames, 1);
      worst_step = MAX (worst_step, handlers + frames->last);
    }
  *frame_ms = frames->worst / 1000.0;
  *cpu_ms = frames->worst_cpu / 1000.0;
  *step_ms = worst_step / 1000.0;
}

/* Whether the arguments ask for @figure (all figures when there are none). */
static gboolean
wanted (int argc, char *argv[], const char *figure)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], figure))
      return TRUE;
  return argc < 2;
}

int
main (int argc, char *argv[])
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bench_reduce, NULL, NULL);
  g_autoptr (RdxHistory) history = rdx_history_new ("org.rdx.bench.Debugger");
  g_autoptr (RdxStore) store = NULL;
  double open_ms[RUNS], scroll_ms[RUNS], scroll_cpu_ms[RUNS], step_ms[RUNS], step_cpu_ms[RUNS],
    step_work_ms[RUNS], expand_ms[RUNS], expand_call_ms[RUNS], expand_cpu_ms[RUNS],
    tree_step_ms[RUNS], tree_step_cpu_ms[RUNS], tree_step_work_ms[RUNS];

  setlocale (LC_ALL, "");

  if (!gtk_init_check ())
    {
      fprintf (stderr, "debugger: needs a display (xvfb-run -a ./_build/bench/debugger)\n");
      return 77;
    }
  store = rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  for (guint i = 0; i < N_ENTRIES; i++)
    rdx_store_dispatch_take (store, rdx_action_new ("bench.bump", NULL), NULL);
  printf ("%u entries, a state of a %u-element list (2-core machine, Xvfb)\n\n",
          g_list_model_get_n_items (G_LIST_MODEL (history)), N_ELEMENTS);

  for (guint run = 0; run < RUNS; run++)
    {
      Frames             frames = { 0 };
      RdxDebuggerWindow *window;
      GdkFrameClock     *clock;
      GtkAdjustment     *scroll;
      GtkTreeListModel  *tree;
      g_autoptr (GtkTreeListRow) rows = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 start_cpu;

      window = rdx_debugger_window_new (history);
      gtk_window_present (GTK_WINDOW (window));
      while (gtk_widget_get_frame_clock (GTK_WIDGET (window)) == NULL)
        g_main_context_iteration (NULL, TRUE);
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
      g_signal_connect (clock, "update", G_CALLBACK (update_cb), &frames);
      g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
      wait_frames (&frames, 1);
      open_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      wait_frames (&frames, 5);

      /* Scroll a screenful a frame, from the top (the window opens on the
       * cursor's row, the last). */
      scroll = gtk_scrolled_window_get_vadjustment (window->action_scroller);
      gtk_adjustment_set_value (scroll, 0);
      wait_frames (&frames, 2);
      frames.worst = frames.worst_cpu = 0;
      for (guint i = 0; i < (wanted (argc, argv, "scroll") ? FRAMES : 0); i++)
        {
          gtk_adjustment_set_value (scroll, gtk_adjustment_get_value (scroll) +
                                              gtk_adjustment_get_page_size (scroll));
          wait_frames (&frames, 1);
        }
      scroll_ms[run] = frames.worst / 1000.0;
      scroll_cpu_ms[run] = frames.worst_cpu / 1000.0;

      /* The slider held down: one entry a frame, back from the present. */
      if (wanted (argc, argv, "step"))
        step_slider (window, &frames, FRAMES, &step_ms[run], &step_cpu_ms[run], &step_work_ms[run]);

      /* Expand "rows" (100,000 elements) in the state tree. */
      if (!wanted (argc, argv, "expand"))
        goto next;
      gtk_stack_set_visible_child_name (window->inspector_stack, "state");
      wait_frames (&frames, 3);
      tree = GTK_TREE_LIST_MODEL (gtk_no_selection_get_model (
        GTK_NO_SELECTION (gtk_column_view_get_model (window->state_view))));
      rows = gtk_tree_list_model_get_row (tree, 1);
      start = g_get_monotonic_time ();
      start_cpu = thread_cpu_time ();
      gtk_tree_list_row_set_expanded (rows, TRUE);
      expand_call_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      wait_frames (&frames, 1);
      expand_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      expand_cpu_ms[run] = (thread_cpu_time () - start_cpu) / 1000.0;
      if (g_list_model_get_n_items (G_LIST_MODEL (tree)) != N_ELEMENTS + 2)
        {
          fprintf (stderr, "debugger: the tree has %u rows, not %u\n",
                   g_list_model_get_n_items (G_LIST_MODEL (tree)), N_ELEMENTS + 2);
          return 1;
        }

      /* The slider held down again, the state tree showing with the list
       * expanded: what is expanded stays expanded from state to state. */
      step_slider (window, &frames, FRAMES / 4, &tree_step_ms[run], &tree_step_cpu_ms[run],
                   &tree_step_work_ms[run]);
      tree = GTK_TREE_LIST_MODEL (gtk_no_selection_get_model (
        GTK_NO_SELECTION (gtk_column_view_get_model (window->state_view))));
      if (g_list_model_get_n_items (G_LIST_MODEL (tree)) != N_ELEMENTS + 2)
        {
          fprintf (stderr, "debugger: after the steps, the tree has %u rows, not %u\n",
                   g_list_model_get_n_items (G_LIST_MODEL (tree)), N_ELEMENTS + 2);
          return 1;
        }
    next:
      g_signal_handlers_disconnect_by_data (clock, &frames);
      gtk_window_destroy (GTK_WINDOW (window));
      rdx_history_jump (history, N_ENTRIES);
      for (guint i = 0; i < 10; i++)
        g_main_context_iteration (NULL, FALSE);
    }

  if (wanted (argc, argv, "open"))
    report ("open on 100,000 entries, to the first frame painted", open_ms, "ms", "≤ 1000 ms");
  if (wanted (argc, argv, "scroll"))
    {
      report ("scroll the list a screenful a frame: worst frame", scroll_ms, "ms", "≤ 16 ms");
      report ("the same: the most CPU time a frame took", scroll_cpu_ms, "ms", "—");
    }
  if (wanted (argc, argv, "step"))
    {
      report ("step the slider an entry a frame: worst frame", step_ms, "ms", "≤ 16 ms");
      report ("the same: the most CPU time a frame took", step_cpu_ms, "ms", "—");
      report ("the same: a step's handlers and its frame, the worst", step_work_ms, "ms", "—");
    }
  if (wanted (argc, argv, "expand"))
    {
      report ("expand a 100,000-element list: the model and the view", expand_call_ms, "ms", "—");
      report ("expand a 100,000-element list, to the frame painted", expand_ms, "ms", "≤ 50 ms");
      report ("the same: the CPU time it took", expand_cpu_ms, "ms", "—");
      report ("step with that list expanded in the tree: worst frame", tree_step_ms, "ms",
              "≤ 16 ms");
      report ("the same: the most CPU time a frame took", tree_step_cpu_ms, "ms", "—");
      report ("the same: a step's handlers and its frame, the worst", tree_step_work_ms, "ms", "—");
    }
  return 0;
}

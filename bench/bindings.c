/* bindings.c: what the Gio adapters cost per dispatch
 *
 * - One element set in a list of 1,000 and of 100,000 elements: the time
 *   from rdx_store_dispatch() to the RdxListModel's items-changed handler
 *   (median, µs), and the ratio of the two (the update should not depend
 *   on the list's size).
 * - A selector whose input did not change: the cost of selecting it after
 *   a dispatch (ns), and what a watch on it adds to a dispatch (ns).
 *
 * Prints "name: value unit" lines. Run from the build folder:
 * ./bench/bindings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <time.h>

#include <rdx.h>

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_int64);
  return (double) g_array_index (samples, gint64, samples->len / 2);
}

/* "set" {index, value} sets an element of /items; "touch" bumps /counter. */
static RdxValue *
bench_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);

  if (rdx_action_is (action, "set"))
    {
      g_autoptr (RdxValue) items = rdx_list_set (
        rdx_map_get (state, "items"), (guint) rdx_value_get_int (rdx_map_get (payload, "index")),
        rdx_map_get (payload, "value"));

      return rdx_map_set (state, "items", items);
    }
  if (rdx_action_is (action, "touch"))
    return rdx_map_set_take (
      state, "counter", rdx_value_new_int (rdx_value_get_int (rdx_map_get (state, "counter")) + 1));
  return rdx_value_ref (state);
}

static RdxStore *
make_store (guint n_items)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bench_reducer, NULL, NULL);
  g_autoptr (RdxListBuilder) items = rdx_list_builder_new (NULL);
  g_autoptr (RdxMapBuilder) accounts = rdx_map_builder_new (NULL);
  g_autoptr (RdxValue) state = NULL;
  guint i;

  for (i = 0; i < n_items; i++)
    rdx_list_builder_append_take (items, rdx_value_new_printf ("row %u", i));
  for (i = 0; i < 1000; i++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "acc-%u", i);
      rdx_map_builder_set_take (accounts, key, rdx_value_new_int (i * 100));
    }
  state = rdx_map_new_take ("items", rdx_list_builder_end (g_steal_pointer (&items)), "accounts",
                            rdx_map_builder_end (g_steal_pointer (&accounts)), "counter",
                            rdx_value_new_int (0), NULL);
  return rdx_store_new (reducer, state);
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, gint64 *delivered)
{
  *delivered = now_ns ();
}

/* The median time from dispatch to items-changed, in ns; without a model,
 * the time dispatch takes (the reducer's share). */
static double
list_set (guint n_items, guint iterations, gboolean with_model)
{
  g_autoptr (RdxStore) store = make_store (n_items);
  g_autoptr (RdxListModel) model =
    with_model ? rdx_list_model_new_for_path (store, "/items") : NULL;
  g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  gint64 delivered = 0;
  guint  i;

  /* As a view would: items for one screenful are alive. */
  for (i = 0; model != NULL && i < 50; i++)
    g_ptr_array_add (shown, g_list_model_get_item (G_LIST_MODEL (model), i * (n_items / 50)));
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &delivered);

  for (i = 0; i < iterations + iterations / 10; i++)
    {
      g_autoptr (RdxValue) payload =
        rdx_map_new_take ("index", rdx_value_new_int (g_rand_int_range (rand, 0, n_items)), "value",
                          rdx_value_new_printf ("changed %u", i), NULL);
      g_autoptr (RdxAction) action = rdx_action_new ("set", payload);
      gint64 start = now_ns ();

      rdx_store_dispatch (store, action, NULL);
      if (model == NULL)
        delivered = now_ns ();
      g_assert (delivered >= start);
      if (i >= iterations / 10) /* after warming up */
        {
          gint64 took = delivered - start;

          g_array_append_val (samples, took);
        }
    }
  return median (samples);
}

static RdxValue *
total_cb (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  RdxMapIter iter;
  RdxValue  *value;
  gint64     total = 0;

  rdx_map_iter_init (&iter, inputs[0]);
  while (rdx_map_iter_next (&iter, NULL, &value))
    total += rdx_value_get_int (value);
  return rdx_value_new_int (total);
}

static void
watch_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  g_assert_not_reached ();
}

/* Dispatches "touch" @n times; returns the median ns per dispatch over
 * rounds of 1000, and (when @select_ns) the median cost of selecting. */
static double
touch (RdxStore *store, RdxSelector *selector, guint n, double *select_ns)
{
  g_autoptr (RdxAction) action = rdx_action_new ("touch", NULL);
  g_autoptr (GArray) rounds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) selects = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint i, j;

  for (i = 0; i < n / 1000; i++)
    {
      gint64 start = now_ns (), selecting = 0, took;

      for (j = 0; j < 1000; j++)
        {
          rdx_store_dispatch (store, action, NULL);
          if (select_ns != NULL)
            {
              gint64 t = now_ns ();

              rdx_store_select (store, selector);
              selecting += now_ns () - t;
            }
        }
      took = (now_ns () - start) / 1000;
      g_array_append_val (rounds, took);
      selecting /= 1000;
      g_array_append_val (selects, selecting);
    }
  if (select_ns != NULL)
    *select_ns = median (selects);
  return median (rounds);
}

/* What reading the clock twice costs, to take out of short timings. */
static double
clock_overhead (void)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint i;

  for (i = 0; i < 10000; i++)
    {
      gint64 t = now_ns ();
      gint64 took = now_ns () - t;

      g_array_append_val (samples, took);
    }
  return median (samples);
}

static void
selector_unchanged (guint n)
{
  g_autoptr (RdxStore) store = make_store (10);
  g_autoptr (RdxSelector) total =
    rdx_selector_new_for_paths (total_cb, NULL, NULL, "/accounts", NULL);
  double bare, watched, select_ns = 0;
  guint  id;

  rdx_store_select (store, total);
  touch (store, total, n / 10, NULL); /* warm up */
  bare = touch (store, total, n, NULL);
  id = rdx_store_watch (store, total, watch_cb, NULL, NULL);
  watched = touch (store, total, n, NULL);
  rdx_store_unwatch (store, id);
  touch (store, total, n, &select_ns);

  printf ("selector.unchanged_input.select: %.0f ns\n", MAX (select_ns - clock_overhead (), 0));
  printf ("selector.unchanged_input.watch_per_dispatch: %.0f ns\n", watched - bare);
  printf ("dispatch.bare: %.0f ns\n", bare);
}

int
main (int argc, char *argv[])
{
  gboolean quick = g_getenv ("RDX_BENCH_QUICK") != NULL;
  double   small, large;

  setlocale (LC_ALL, "");

  small = list_set (1000, quick ? 500 : 5000, TRUE);
  large = list_set (100000, quick ? 500 : 5000, TRUE);
  printf ("list_model.set_to_items_changed.1k: %.2f us\n", small / 1000);
  printf ("list_model.set_to_items_changed.100k: %.2f us\n", large / 1000);
  printf ("list_model.set_to_items_changed.ratio_100k_1k: %.2f x\n", large / small);
  small = list_set (1000, quick ? 500 : 5000, FALSE);
  large = list_set (100000, quick ? 500 : 5000, FALSE);
  printf ("list_model.reference.dispatch_without_model.1k: %.2f us\n", small / 1000);
  printf ("list_model.reference.dispatch_without_model.100k: %.2f us\n", large / 1000);

  selector_unchanged (quick ? 20000 : 200000);
  return 0;
}

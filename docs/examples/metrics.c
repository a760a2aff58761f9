/* metrics.c: a middleware of your own, from the installed headers only
 * (docs/middleware.md, "Writing your own middleware"). It counts the
 * actions the reducer ran on, by type, sums the reducer's time and
 * reports the slowest action. tests/check-pkgconfig.sh builds it with
 * `pkg-config --cflags --libs rdx-1` and runs it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <rdx.h>
#include <stdio.h>

typedef struct
{
  GHashTable *runs;    /* action type → how many times the reducer ran on it */
  guint       refused; /* of them, those the reducer refused */
  gint64      total_us;
  gint64      slowest_us;
  RdxAction  *slowest; /* as the reducer saw it */
} Metrics;

/* Called once for each reducer run while the metrics' `next` call is in
 * progress, before the listeners. */
static void
metrics_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  Metrics    *metrics = user_data;
  RdxAction  *action = rdx_outcome_get_action (outcome);
  const char *type = rdx_action_get_type_name (action);
  gint64      us = rdx_outcome_get_duration (outcome);
  guint       runs = GPOINTER_TO_UINT (g_hash_table_lookup (metrics->runs, type));

  /* A run nested in this call (a listener dispatched) went through the
   * middleware again, and its own call counts it. */
  if (!rdx_outcome_is_direct (outcome))
    return;

  g_hash_table_insert (metrics->runs, (gpointer) type, GUINT_TO_POINTER (runs + 1));
  if (rdx_outcome_get_error (outcome) != NULL)
    metrics->refused++;
  metrics->total_us += us;
  if (metrics->slowest == NULL || us > metrics->slowest_us)
    {
      g_clear_pointer (&metrics->slowest, rdx_action_unref);
      metrics->slowest = rdx_action_ref (action);
      metrics->slowest_us = us;
    }
}

static gboolean
metrics_cb (RdxStore        *store,
            RdxAction       *action,
            RdxDispatchNext *next,
            gpointer         user_data,
            GError         **error)
{
  /* Pass the action on, and have the store time the reducer for us. */
  return rdx_dispatch_next_observe (next, action, RDX_OBSERVE_TIMED, metrics_outcome_cb, user_data,
                                    error);
}

static void
metrics_free (gpointer data)
{
  Metrics *metrics = data;

  g_hash_table_unref (metrics->runs);
  g_clear_pointer (&metrics->slowest, rdx_action_unref);
  g_free (metrics);
}

/* The middleware owns its metrics; the store keeps the middleware. */
static RdxMiddleware *
metrics_new (Metrics **out)
{
  Metrics *metrics = g_new0 (Metrics, 1);

  /* Action types are interned strings: they make stable keys. */
  metrics->runs = g_hash_table_new (g_str_hash, g_str_equal);
  *out = metrics;
  return rdx_middleware_new (metrics_cb, metrics, metrics_free);
}

static void
metrics_print (Metrics *metrics)
{
  const char *types[] = { "counter.increment", "counter.reset", "counter.add" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    printf ("%s: %u\n", types[i], GPOINTER_TO_UINT (g_hash_table_lookup (metrics->runs, types[i])));
  printf ("refused: %u\n", metrics->refused);
  printf ("reducer time: %" G_GINT64_FORMAT " µs in all; slowest: %s (%" G_GINT64_FORMAT " µs)\n",
          metrics->total_us, rdx_action_get_type_name (metrics->slowest), metrics->slowest_us);
}

/* The application: a counter that starts again at 3. */

static RdxValue *
counter_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *amount;

  if (state == NULL || rdx_action_is (action, "counter.reset"))
    return rdx_value_new_int (0);
  if (rdx_action_is (action, "counter.increment"))
    return rdx_value_new_int (rdx_value_get_int (state) + 1);
  if (rdx_action_is (action, "counter.add"))
    {
      amount = rdx_action_get_payload (action);
      if (rdx_value_get_kind (amount) != RDX_VALUE_INT)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "counter.add needs an integer payload.");
          return NULL;
        }
      return rdx_value_new_int (rdx_value_get_int (state) + rdx_value_get_int (amount));
    }
  return rdx_value_ref (state);
}

static void
wrap_cb (RdxStore *store, gpointer user_data)
{
  if (rdx_value_get_int (rdx_store_get_state (store)) == 3)
    rdx_store_dispatch_take (store, rdx_action_new ("counter.reset", NULL), NULL);
}

int
main (void)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (counter_reduce, NULL, NULL);
  g_autoptr (RdxMiddleware) middleware = NULL;
  g_autoptr (RdxStore) store = NULL;
  Metrics *metrics;
  guint    i;

  setlocale (LC_ALL, "");

  middleware = metrics_new (&metrics);
  store = rdx_store_new_with_middleware (reducer, NULL, middleware, NULL);
  rdx_store_subscribe (store, wrap_cb, NULL, NULL);

  for (i = 0; i < 3; i++)
    rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), NULL);
  rdx_store_dispatch_take (store, rdx_action_new ("counter.add", NULL), NULL); /* refused */
  metrics_print (metrics);

  /* Each run counted once: the reset a listener dispatched too. */
  return GPOINTER_TO_UINT (g_hash_table_lookup (metrics->runs, "counter.increment")) == 3 &&
             GPOINTER_TO_UINT (g_hash_table_lookup (metrics->runs, "counter.reset")) == 1 &&
             metrics->refused == 1
           ? 0
           : 1;
}

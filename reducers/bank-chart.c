/* bank-chart.c: the balance of the selected account over time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

typedef struct
{
  GTimeZone *time_zone;

  /* The query */
  char      *account;
  BankPeriod period;

  /* What the points were made from, and where they end */
  RdxValue *entries;
  RdxValue *result;
  gint64    last_at;      /* the latest entry folded */
  gint64    total;        /* the balance after it, in the order of time */
  gint64    bucket_end;   /* where the last point's period ends */
  gboolean  out_of_order; /* an appended entry is older than last_at */
} Chart;

static void
chart_free (gpointer data)
{
  Chart *chart = data;

  g_free (chart->account);
  g_clear_pointer (&chart->entries, rdx_value_unref);
  g_clear_pointer (&chart->result, rdx_value_unref);
  g_time_zone_unref (chart->time_zone);
  g_free (chart);
}

static RdxValue *
point_new (gint64 start, gint64 end, gint64 balance)
{
  return rdx_map_new_take ("start", rdx_value_new_int (start), "end", rdx_value_new_int (end),
                           "balance", rdx_value_new_int (balance), NULL);
}

/* Adds @entry, which is not older than any entry folded before. */
static void
fold (Chart *chart, RdxValue *entry)
{
  gint64 at = rdx_map_get_int (entry, "at", 0);
  guint  n = rdx_list_length (chart->result);
  gint64 start, end;

  chart->total = bank_saturated_add (chart->total, rdx_map_get_int (entry, "amount", 0));
  chart->last_at = at;
  if (n > 0 && at < chart->bucket_end)
    {
      g_autoptr (RdxValue) point = rdx_map_set_take (rdx_list_get (chart->result, n - 1), "balance",
                                                     rdx_value_new_int (chart->total));

      bank_replace (&chart->result, rdx_list_set (chart->result, n - 1, point));
      return;
    }
  bank_period_bounds (chart->time_zone, chart->period, at, &start, &end);
  chart->bucket_end = end;
  bank_replace (&chart->result,
                rdx_list_append_take (chart->result, point_new (start, end, chart->total)));
}

static void
fold_cb (const char *account, RdxValue *entry, gpointer user_data)
{
  Chart *chart = user_data;

  if (chart->out_of_order || rdx_map_get_int (entry, "at", 0) < chart->last_at)
    chart->out_of_order = TRUE;
  else
    fold (chart, entry);
}

static int
by_time (gconstpointer a, gconstpointer b)
{
  RdxValue *x = *(RdxValue *const *) a, *y = *(RdxValue *const *) b;
  gint64    tx = rdx_map_get_int (x, "at", 0), ty = rdx_map_get_int (y, "at", 0);
  gint64    sx = rdx_map_get_int (x, "seq", 0), sy = rdx_map_get_int (y, "seq", 0);

  if (tx != ty)
    return tx < ty ? -1 : 1;
  return sx < sy ? -1 : sx > sy;
}

static void
chart_rebuild (Chart *chart)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  RdxListIter iter;
  RdxValue   *entry;
  gboolean    in_order = TRUE;

  g_clear_pointer (&chart->result, rdx_value_unref);
  chart->result = rdx_list_new ();
  chart->total = 0;
  chart->last_at = G_MININT64;
  chart->bucket_end = G_MININT64;
  chart->out_of_order = FALSE;

  rdx_list_iter_init (&iter, chart->entries);
  while (rdx_list_iter_next (&iter, &entry))
    {
      in_order =
        in_order && (sorted->len == 0 || by_time (&sorted->pdata[sorted->len - 1], &entry) <= 0);
      g_ptr_array_add (sorted, entry);
    }
  /* Entries are mostly booked in the order of time: then no sort. */
  if (!in_order)
    g_ptr_array_sort (sorted, by_time);
  for (guint i = 0; i < sorted->len; i++)
    fold (chart, sorted->pdata[i]);
}

/* [/ledger, /ui] → the points of the selected account's balance */
static RdxValue *
select_series (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  Chart      *chart = user_data;
  const char *account = rdx_map_get_string (inputs[1], "selected", NULL);
  BankPeriod  period = BANK_PERIOD_MONTH;
  RdxValue   *entries = rdx_map_get_list (inputs[0], account != NULL ? account : "");
  g_autoptr (RdxValue) old_entries = NULL;
  gboolean rebuild;

  bank_period_from_string (rdx_map_get_string (inputs[1], "period", NULL), &period);
  rebuild =
    chart->result == NULL || period != chart->period || g_strcmp0 (account, chart->account) != 0;
  if (!rebuild && entries == chart->entries)
    return rdx_value_ref (chart->result);

  g_free (chart->account);
  chart->account = g_strdup (account);
  chart->period = period;
  old_entries = g_steal_pointer (&chart->entries);
  chart->entries = rdx_value_ref (entries);
  chart->out_of_order = FALSE;
  if (rebuild || !bank_list_for_each_new (old_entries, entries, account, fold_cb, chart) ||
      chart->out_of_order)
    chart_rebuild (chart);
  return rdx_value_ref (chart->result);
}

/**
 * bank_selector_balance_series_new:
 * @time_zone: the time zone days, weeks (from Monday) and months are
 *   read in
 *
 * The balance of the account selected in the views (`/ui/selected`) over
 * time, in steps of `/ui/period` ("day", "week" or "month"): a list of
 * points `{"start", "end", "balance"}`, one per period that has
 * transactions, oldest first, `balance` being the balance at the end of
 * the period (transactions in the order of their `at`, so an entry booked
 * late with an earlier date counts where its date puts it). Periods
 * without transactions have no point: the balance stayed what the point
 * before says.
 *
 * A transaction dated after the others (the usual case) changes the last
 * point or appends one; only one dated earlier, another account or
 * another period makes the points again.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_balance_series_new (GTimeZone *time_zone)
{
  Chart *chart;

  g_return_val_if_fail (time_zone != NULL, NULL);

  chart = g_new0 (Chart, 1);
  chart->time_zone = g_time_zone_ref (time_zone);
  return rdx_selector_new_for_paths (select_series, chart, chart_free, "/ledger", "/ui", NULL);
}

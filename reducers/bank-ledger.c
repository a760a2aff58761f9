/* bank-ledger.c: what the selectors share: walking the entries a dispatch
 * appended, months, sums
 *
 * Ledgers are append-only: an entry never changes once booked, so what a
 * dispatch did to them is the entries it appended, which rdx_value_diff()
 * finds in time that follows the change. Anything else (a state shown
 * from the past by the debugger) is reported, and the selector computes
 * again from the whole.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

typedef struct
{
  RdxValue  *old_ledger; /* a map of lists, or NULL for one list */
  guint      old_length; /* for one list */
  GPtrArray *accounts;   /* char *, one per entry */
  GPtrArray *entries;    /* RdxValue *, borrowed from the new value */
  gboolean   other;      /* something else changed */
} Appended;

static gboolean
is_index_at_end (const char *segment, guint length)
{
  guint64 index;

  return g_ascii_string_to_unsigned (segment, 10, 0, G_MAXUINT, &index, NULL) && index >= length;
}

static void
add_all (Appended *appended, const char *account, RdxValue *list)
{
  RdxListIter iter;
  RdxValue   *entry;

  rdx_list_iter_init (&iter, list);
  while (rdx_list_iter_next (&iter, &entry))
    {
      g_ptr_array_add (appended->accounts, g_strdup (account));
      g_ptr_array_add (appended->entries, entry);
    }
}

static gboolean
appended_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  Appended *appended = user_data;
  g_autoptr (GPtrArray) segments = rdx_path_split (path, NULL);
  guint expected = appended->old_ledger != NULL ? 2 : 1;

  if (old_value != NULL || new_value == NULL || segments == NULL)
    appended->other = TRUE;
  else if (appended->old_ledger != NULL && segments->len == 1 && rdx_value_is_list (new_value))
    add_all (appended, segments->pdata[0], new_value); /* a new account's ledger */
  else if (segments->len != expected)
    appended->other = TRUE;
  else if (appended->old_ledger != NULL &&
           !is_index_at_end (segments->pdata[1], rdx_list_length (rdx_map_get_list (
                                                   appended->old_ledger, segments->pdata[0]))))
    appended->other = TRUE;
  else if (appended->old_ledger == NULL &&
           !is_index_at_end (segments->pdata[0], appended->old_length))
    appended->other = TRUE;
  else
    {
      g_ptr_array_add (appended->accounts, g_strdup (expected == 2 ? segments->pdata[0] : NULL));
      g_ptr_array_add (appended->entries, new_value);
    }
  return !appended->other;
}

static gboolean
for_each_appended (Appended     *appended,
                   RdxValue     *old_value,
                   RdxValue     *new_value,
                   const char   *account,
                   BankEntryFunc func,
                   gpointer      user_data)
{
  appended->accounts = g_ptr_array_new_with_free_func (g_free);
  appended->entries = g_ptr_array_new ();
  rdx_value_diff (old_value, new_value, appended_cb, appended);
  for (guint i = 0; !appended->other && i < appended->entries->len; i++)
    func (account != NULL ? account : appended->accounts->pdata[i], appended->entries->pdata[i],
          user_data);
  g_ptr_array_unref (appended->accounts);
  g_ptr_array_unref (appended->entries);
  return !appended->other;
}

/* Calls @func for each entry @new_ledger (a map of account id to ledger)
 * has beyond @old_ledger, in order within each account. Returns FALSE,
 * calling nothing, if anything else differs. */
gboolean
bank_ledger_for_each_new (RdxValue     *old_ledger,
                          RdxValue     *new_ledger,
                          BankEntryFunc func,
                          gpointer      user_data)
{
  Appended appended = { .old_ledger = old_ledger };

  if (old_ledger == NULL || new_ledger == NULL || !rdx_value_is_map (old_ledger) ||
      !rdx_value_is_map (new_ledger))
    return FALSE;
  return for_each_appended (&appended, old_ledger, new_ledger, NULL, func, user_data);
}

/* The same for one account's ledger. */
gboolean
bank_list_for_each_new (RdxValue     *old_list,
                        RdxValue     *new_list,
                        const char   *account,
                        BankEntryFunc func,
                        gpointer      user_data)
{
  Appended appended = { 0 };

  if (old_list == NULL || new_list == NULL || !rdx_value_is_list (old_list) ||
      !rdx_value_is_list (new_list))
    return FALSE;
  appended.old_length = rdx_list_length (old_list);
  return for_each_appended (&appended, old_list, new_list, account, func, user_data);
}

/* Calls @func for every entry of every account of @ledger. */
void
bank_ledger_for_each (RdxValue *ledger, BankEntryFunc func, gpointer user_data)
{
  RdxMapIter  accounts;
  const char *account;
  RdxValue   *list, *entry;

  rdx_map_iter_init (&accounts, ledger);
  while (rdx_map_iter_next (&accounts, &account, &list))
    {
      RdxListIter entries;

      rdx_list_iter_init (&entries, list);
      while (rdx_list_iter_next (&entries, &entry))
        func (account, entry, user_data);
    }
}

/* @a + @b, or the largest (smallest) 64-bit number beyond them. */
gint64
bank_saturated_add (gint64 a, gint64 b)
{
  gint64 sum;

  if (!__builtin_add_overflow (a, b, &sum))
    return sum;
  return b > 0 ? G_MAXINT64 : G_MININT64;
}

/* Months */

/* The day, week (from Monday) or month that holds @at in @time_zone:
 * [*start, *end), in µs. A time beyond GDateTime's years (1 to 9999) is a
 * period of its own. */
void
bank_period_bounds (GTimeZone *time_zone, BankPeriod period, gint64 at, gint64 *start, gint64 *end)
{
  gint64 seconds = at >= 0 ? at / G_USEC_PER_SEC : -((-at - 1) / G_USEC_PER_SEC) - 1;
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, time_zone) : NULL;
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) next = NULL;

  if (local != NULL)
    day = g_date_time_new (time_zone, g_date_time_get_year (local), g_date_time_get_month (local),
                           g_date_time_get_day_of_month (local), 0, 0, 0);
  if (day != NULL && period == BANK_PERIOD_DAY)
    first = g_date_time_ref (day);
  else if (day != NULL && period == BANK_PERIOD_WEEK)
    first = g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
  else if (day != NULL)
    first = g_date_time_add_days (day, 1 - g_date_time_get_day_of_month (day));
  if (first != NULL)
    next = period == BANK_PERIOD_DAY    ? g_date_time_add_days (first, 1)
           : period == BANK_PERIOD_WEEK ? g_date_time_add_weeks (first, 1)
                                        : g_date_time_add_months (first, 1);
  if (next == NULL)
    {
      *start = at;
      *end = at == G_MAXINT64 ? at : at + 1;
      return;
    }
  *start = g_date_time_to_unix (first) * G_USEC_PER_SEC;
  *end = g_date_time_to_unix (next) * G_USEC_PER_SEC;
}

/* "YYYY-MM" of @at in the cache's time zone, computed once per month. */
const char *
bank_month_cache_lookup (BankMonthCache *cache, gint64 at)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (cache->end > cache->start && at >= cache->start && at < cache->end)
    return cache->name;
  bank_period_bounds (cache->time_zone, BANK_PERIOD_MONTH, at, &cache->start, &cache->end);
  utc = g_date_time_new_from_unix_utc (cache->start / G_USEC_PER_SEC);
  local = utc != NULL && cache->end - cache->start > 1
            ? g_date_time_to_timezone (utc, cache->time_zone)
            : NULL;
  if (local == NULL)
    g_strlcpy (cache->name, "0000-00", sizeof cache->name);
  else
    g_snprintf (cache->name, sizeof cache->name, "%04d-%02d", g_date_time_get_year (local),
                g_date_time_get_month (local));
  return cache->name;
}

/**
 * bank_month_of:
 * @at: a time, in microseconds since the Unix epoch
 * @time_zone: the time zone to read it in, such as g_time_zone_new_local ()
 *
 * Returns: (transfer full): the month of @at, "YYYY-MM", as
 *   bank_action_set_month() and bank_selector_spending_new() write it
 */
char *
bank_month_of (gint64 at, GTimeZone *time_zone)
{
  BankMonthCache cache = { .time_zone = time_zone };

  g_return_val_if_fail (time_zone != NULL, NULL);

  return g_strdup (bank_month_cache_lookup (&cache, at));
}

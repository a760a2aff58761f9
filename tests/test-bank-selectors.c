/* test-bank-selectors.c: the bank's selectors against plain recomputation,
 * and random sessions replayed
 *
 * Random sessions (money movements, transfers, reversals, refusals,
 * changes of the views), and after each action every selector is checked
 * against the same view computed from scratch in the simplest way, here.
 * Then the states of the session are selected from in random order
 * (the debugger travelling), checked the same way.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "bank.h"

#include "rdx-test.h"
#include "rdx-value-private.h"

#define T0   G_GINT64_CONSTANT (1704067200000000) /* 2024-01-01 00:00 UTC */
#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

typedef struct
{
  GTimeZone   *zone;
  RdxSelector *accounts;
  RdxSelector *all_accounts;
  RdxSelector *totals;
  RdxSelector *transfers;
  RdxSelector *transactions;
  RdxSelector *series;
  RdxSelector *spending;
  RdxSelector *categories;
  RdxSelector *budgets;
} Views;

static void
views_init (Views *views)
{
  views->zone = g_time_zone_new_identifier ("Europe/Paris");
  if (views->zone == NULL)
    views->zone = g_time_zone_new_identifier ("+02:00");
  views->accounts = bank_selector_accounts_new (FALSE);
  views->all_accounts = bank_selector_accounts_new (TRUE);
  views->totals = bank_selector_totals_new ();
  views->transfers = bank_selector_transfers_new ();
  views->transactions = bank_selector_transactions_new ();
  views->series = bank_selector_balance_series_new (views->zone);
  views->spending = bank_selector_spending_new (views->zone);
  views->categories = bank_selector_categories_new ();
  views->budgets = bank_selector_budgets_new (views->spending);
}

static void
views_clear (Views *views)
{
  g_clear_pointer (&views->accounts, rdx_selector_unref);
  g_clear_pointer (&views->all_accounts, rdx_selector_unref);
  g_clear_pointer (&views->totals, rdx_selector_unref);
  g_clear_pointer (&views->transfers, rdx_selector_unref);
  g_clear_pointer (&views->transactions, rdx_selector_unref);
  g_clear_pointer (&views->series, rdx_selector_unref);
  g_clear_pointer (&views->budgets, rdx_selector_unref);
  g_clear_pointer (&views->spending, rdx_selector_unref);
  g_clear_pointer (&views->categories, rdx_selector_unref);
  g_clear_pointer (&views->zone, g_time_zone_unref);
}

/* The plain recomputations */

static RdxValue *
list_of (GPtrArray *values)
{
  g_autoptr (RdxListBuilder) list = rdx_list_builder_new (NULL);

  for (guint i = 0; i < values->len; i++)
    rdx_list_builder_append (list, values->pdata[i]);
  return rdx_list_builder_end (g_steal_pointer (&list));
}

static GPtrArray *
values_of (RdxValue *map_or_list)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  RdxValue  *value;

  if (rdx_value_is_map (map_or_list))
    {
      RdxMapIter iter;

      rdx_map_iter_init (&iter, map_or_list);
      while (rdx_map_iter_next (&iter, NULL, &value))
        g_ptr_array_add (values, rdx_value_ref (value));
    }
  else
    {
      RdxListIter iter;

      rdx_list_iter_init (&iter, map_or_list);
      while (rdx_list_iter_next (&iter, &value))
        g_ptr_array_add (values, rdx_value_ref (value));
    }
  return values;
}

static gint64
clamp (__int128 value, gboolean *overflow)
{
  if (value > G_MAXINT64 || value < G_MININT64)
    *overflow = TRUE;
  return value > G_MAXINT64 ? G_MAXINT64 : value < G_MININT64 ? G_MININT64 : (gint64) value;
}

static int
compare_ints (gint64 a, gint64 b)
{
  return a < b ? -1 : a > b;
}

static int
by_opening (gconstpointer a, gconstpointer b)
{
  RdxValue *x = *(RdxValue **) a, *y = *(RdxValue **) b;
  int       order =
    compare_ints (rdx_map_get_int (x, "opened_at", 0), rdx_map_get_int (y, "opened_at", 0));

  return order ? order
               : strcmp (rdx_map_get_string (x, "id", ""), rdx_map_get_string (y, "id", ""));
}

static RdxValue *
plain_accounts (RdxValue *state, gboolean include_closed)
{
  g_autoptr (GPtrArray) accounts = values_of (rdx_map_get_map (state, "accounts"));
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);

  g_ptr_array_sort (accounts, by_opening);
  for (guint i = 0; i < accounts->len; i++)
    {
      RdxValue *account = accounts->pdata[i];
      gboolean  ignored = FALSE;
      __int128  available = (__int128) rdx_map_get_int (account, "balance", 0) +
                           rdx_map_get_int (account, "limit", 0) -
                           rdx_map_get_int (account, "held", 0);

      if (include_closed || !rdx_map_get_bool (account, "closed", FALSE))
        g_ptr_array_add (rows, rdx_map_set_take (account, "available",
                                                 rdx_value_new_int (clamp (available, &ignored))));
    }
  return list_of (rows);
}

static int
by_string (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static RdxValue *
plain_totals (RdxValue *state)
{
  g_autoptr (RdxValue) accounts = plain_accounts (state, FALSE);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  g_autoptr (GPtrArray) currencies = g_ptr_array_new_with_free_func (g_free);
  RdxListIter iter;
  RdxValue   *account;

  rdx_list_iter_init (&iter, accounts);
  while (rdx_list_iter_next (&iter, &account))
    {
      const char *currency = rdx_map_get_string (account, "currency", "");

      if (!g_ptr_array_find_with_equal_func (currencies, currency, g_str_equal, NULL))
        g_ptr_array_add (currencies, g_strdup (currency));
    }
  g_ptr_array_sort (currencies, by_string);
  for (guint c = 0; c < currencies->len; c++)
    {
      __int128 balance = 0, available = 0, held = 0;
      gint64   n = 0;
      gboolean overflow = FALSE;
      gint64   b, a, h;

      rdx_list_iter_init (&iter, accounts);
      while (rdx_list_iter_next (&iter, &account))
        if (g_str_equal (rdx_map_get_string (account, "currency", ""), currencies->pdata[c]))
          {
            balance += rdx_map_get_int (account, "balance", 0);
            available += rdx_map_get_int (account, "available", 0);
            held += rdx_map_get_int (account, "held", 0);
            n++;
          }
      b = clamp (balance, &overflow);
      a = clamp (available, &overflow);
      h = clamp (held, &overflow);
      g_ptr_array_add (
        rows, rdx_map_new_take ("currency", rdx_value_new_string (currencies->pdata[c]), "balance",
                                rdx_value_new_int (b), "available", rdx_value_new_int (a), "held",
                                rdx_value_new_int (h), "accounts", rdx_value_new_int (n),
                                "overflow", rdx_value_new_bool (overflow), NULL));
    }
  return list_of (rows);
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  RdxValue *x = *(RdxValue **) a, *y = *(RdxValue **) b;
  int       order =
    compare_ints (rdx_map_get_int (y, "requested_at", 0), rdx_map_get_int (x, "requested_at", 0));

  return order ? order
               : strcmp (rdx_map_get_string (x, "request_id", ""),
                         rdx_map_get_string (y, "request_id", ""));
}

static RdxValue *
plain_transfers (RdxValue *state)
{
  g_autoptr (GPtrArray) transfers = values_of (rdx_map_get_map (state, "transfers"));

  g_ptr_array_sort (transfers, newest_first);
  return list_of (transfers);
}

static gboolean
plain_contains (const char *text, const char *search)
{
  g_autofree char *folded_text = text != NULL ? g_utf8_casefold (text, -1) : NULL;
  g_autofree char *folded_search = g_utf8_casefold (search, -1);

  return folded_text != NULL && strstr (folded_text, folded_search) != NULL;
}

static RdxValue *plain_ui; /* for the sort */

static int
by_column (gconstpointer a, gconstpointer b)
{
  RdxValue   *x = *(RdxValue **) a, *y = *(RdxValue **) b;
  const char *column = rdx_map_get_string (plain_ui, "sort", "date");
  const char *text_key = g_str_equal (column, "description") ? "memo" : "category";
  const char *int_key = g_str_equal (column, "date") ? "at" : column;
  int         order;

  if (g_str_equal (column, "description") || g_str_equal (column, "category"))
    {
      const char *s = rdx_map_get_string (x, text_key, ""),
                 *t = rdx_map_get_string (y, text_key, "");

      order = g_ascii_strcasecmp (s, t);
      order = order ? order : strcmp (s, t);
    }
  else
    order = compare_ints (rdx_map_get_int (x, int_key, 0), rdx_map_get_int (y, int_key, 0));
  order =
    order ? order : compare_ints (rdx_map_get_int (x, "seq", 0), rdx_map_get_int (y, "seq", 0));
  return rdx_map_get_bool (plain_ui, "descending", FALSE) ? -order : order;
}

static int by_time (gconstpointer a, gconstpointer b);

/* The balance of the account after each of @entries in the order of
 * dates (`at`, then `seq`): the sum of every entry up to and including
 * it, in a table from entry to a boxed gint64. */
static GHashTable *
plain_balances (GPtrArray *entries)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (entries->len); /* borrowed */
  GHashTable *balances = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  __int128    sum = 0;

  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (sorted, entries->pdata[i]);
  g_ptr_array_sort (sorted, by_time);
  for (guint i = 0; i < sorted->len; i++)
    {
      gboolean ignored = FALSE;

      sum += rdx_map_get_int (sorted->pdata[i], "amount", 0);
      g_hash_table_insert (balances, sorted->pdata[i],
                           g_memdup2 (&(gint64){ clamp (sum, &ignored) }, sizeof (gint64)));
    }
  return balances;
}

static RdxValue *
plain_transactions (RdxValue *state)
{
  RdxValue   *ui = rdx_map_get_map (state, "ui");
  const char *account = rdx_map_get_string (ui, "selected", NULL);
  const char *search = rdx_map_get_string (ui, "search", "");
  const char *category = rdx_map_get_string (ui, "category", "");
  g_autoptr (GPtrArray) entries =
    values_of (rdx_map_get_list (rdx_map_get_map (state, "ledger"), account ? account : ""));
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  g_autoptr (GHashTable) balances = plain_balances (entries);

  for (guint i = 0; i < entries->len; i++)
    {
      RdxValue   *entry = entries->pdata[i];
      const char *entry_category = rdx_map_get_string (entry, "category", NULL);
      RdxValue   *txn =
        rdx_map_get (rdx_map_get_map (state, "txns"), rdx_map_get_string (entry, "id", ""));
      RdxValue *reversed_by = rdx_map_get (txn, "reversed_by");
      gint64    balance;

      if (*category != '\0' && g_strcmp0 (category, entry_category) != 0)
        continue;
      if (*search != '\0' && !plain_contains (rdx_map_get_string (entry, "memo", NULL), search) &&
          !plain_contains (entry_category, search))
        continue;
      balance = *(gint64 *) g_hash_table_lookup (balances, entry);
      entry = balance != rdx_map_get_int (entry, "balance", 0)
                ? rdx_map_set_take (entry, "balance", rdx_value_new_int (balance))
                : rdx_value_ref (entry);
      g_ptr_array_add (rows, reversed_by != NULL ? rdx_map_set (entry, "reversed_by", reversed_by)
                                                 : rdx_value_ref (entry));
      rdx_value_unref (entry);
    }
  plain_ui = ui;
  g_ptr_array_sort (rows, by_column);
  return list_of (rows);
}

/* The period of @at in @zone, as GDateTime says it, for @period. */
static void
plain_period (GTimeZone *zone, const char *period, gint64 at, gint64 *start, gint64 *end)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autoptr (GDateTime) midnight =
    g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                     g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) next = NULL;

  if (g_str_equal (period, "day"))
    {
      first = g_date_time_ref (midnight);
      next = g_date_time_add_days (first, 1);
    }
  else if (g_str_equal (period, "week"))
    {
      first = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (midnight));
      next = g_date_time_add_days (first, 7);
    }
  else
    {
      first = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local), 1,
                               0, 0, 0);
      next = g_date_time_add_months (first, 1);
    }
  *start = g_date_time_to_unix (first) * G_USEC_PER_SEC;
  *end = g_date_time_to_unix (next) * G_USEC_PER_SEC;
}

static int
by_time (gconstpointer a, gconstpointer b)
{
  RdxValue *x = *(RdxValue **) a, *y = *(RdxValue **) b;
  int       order = compare_ints (rdx_map_get_int (x, "at", 0), rdx_map_get_int (y, "at", 0));

  return order ? order
               : compare_ints (rdx_map_get_int (x, "seq", 0), rdx_map_get_int (y, "seq", 0));
}

static RdxValue *
plain_series (RdxValue *state, GTimeZone *zone)
{
  RdxValue   *ui = rdx_map_get_map (state, "ui");
  const char *account = rdx_map_get_string (ui, "selected", NULL);
  g_autoptr (GPtrArray) entries =
    values_of (rdx_map_get_list (rdx_map_get_map (state, "ledger"), account ? account : ""));
  g_autoptr (GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  gint64 total = 0, last_start = G_MININT64;

  g_ptr_array_sort (entries, by_time);
  for (guint i = 0; i < entries->len; i++)
    {
      gint64 start, end;

      total += rdx_map_get_int (entries->pdata[i], "amount", 0);
      plain_period (zone, rdx_map_get_string (ui, "period", "month"),
                    rdx_map_get_int (entries->pdata[i], "at", 0), &start, &end);
      if (start == last_start)
        g_ptr_array_remove_index (points, points->len - 1);
      g_ptr_array_add (points, rdx_map_new_take ("start", rdx_value_new_int (start), "end",
                                                 rdx_value_new_int (end), "balance",
                                                 rdx_value_new_int (total), NULL));
      last_start = start;
    }
  return list_of (points);
}

static RdxValue *
plain_spending (RdxValue *state, GTimeZone *zone)
{
  RdxValue *ledger = rdx_map_get_map (state, "ledger");
  g_autoptr (RdxValue) spending = rdx_map_new ();
  RdxMapIter  iter;
  const char *account;
  RdxValue   *entries;

  rdx_map_iter_init (&iter, ledger);
  while (rdx_map_iter_next (&iter, &account, &entries))
    {
      const char *currency = rdx_map_get_string (
        rdx_map_get (rdx_map_get_map (state, "accounts"), account), "currency", "");
      g_autoptr (GPtrArray) all = values_of (entries);

      for (guint i = 0; i < all->len; i++)
        {
          RdxValue   *entry = all->pdata[i];
          const char *category = rdx_map_get_string (entry, "category", NULL);
          g_autoptr (GDateTime) utc =
            g_date_time_new_from_unix_utc (rdx_map_get_int (entry, "at", 0) / G_USEC_PER_SEC);
          g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, zone);
          g_autofree char *month = g_date_time_format (local, "%Y-%m");
          g_autofree char *path = NULL;
          RdxValue        *spent;
          g_autoptr (RdxValue) next = NULL;
          g_autoptr (RdxValue) sum = NULL;

          if (category == NULL ||
              !g_str_equal (rdx_map_get_string (entry, "kind", ""), "withdrawal"))
            continue;
          path = g_strdup_printf ("/%s/%s/%s", month, category, currency);
          spent = rdx_value_get_path (spending, path);
          sum = rdx_value_new_int ((spent ? rdx_value_get_int (spent) : 0) -
                                   rdx_map_get_int (entry, "amount", 0));
          next = rdx_value_set_path (spending, path, sum, NULL);
          assert_non_null (next);
          rdx_value_unref (spending);
          spending = g_steal_pointer (&next);
        }
    }
  return g_steal_pointer (&spending);
}

static int
by_collation (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char **) a, *y = *(const char **) b;
  int         order = g_utf8_collate (x, y);

  return order ? order : strcmp (x, y);
}

static RdxValue *
plain_categories (RdxValue *state)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (RdxListBuilder) list = rdx_list_builder_new (NULL);
  RdxMapIter iter;
  RdxValue  *entries, *entry;

  rdx_map_iter_init (&iter, rdx_map_get_map (state, "ledger"));
  while (rdx_map_iter_next (&iter, NULL, &entries))
    {
      RdxListIter each;

      rdx_list_iter_init (&each, entries);
      while (rdx_list_iter_next (&each, &entry))
        {
          const char *category = rdx_map_get_string (entry, "category", NULL);

          if (category != NULL && g_hash_table_add (seen, (gpointer) category))
            g_ptr_array_add (names, (gpointer) category);
        }
    }
  g_ptr_array_sort (names, by_collation);
  for (guint i = 0; i < names->len; i++)
    rdx_list_builder_append_take (list, rdx_value_new_string (names->pdata[i]));
  return rdx_list_builder_end (g_steal_pointer (&list));
}

static int
by_key (gconstpointer a, gconstpointer b)
{
  return strcmp (rdx_map_get_string (*(RdxValue **) a, "category", ""),
                 rdx_map_get_string (*(RdxValue **) b, "category", ""));
}

static RdxValue *
plain_budgets (RdxValue *state, RdxValue *spending)
{
  g_autoptr (GPtrArray) budgets = values_of (rdx_map_get_map (state, "budgets"));
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  const char *month = rdx_value_get_string (rdx_value_get_path (state, "/ui/month"));

  g_ptr_array_sort (budgets, by_key);
  for (guint i = 0; i < budgets->len; i++)
    {
      RdxValue   *budget = budgets->pdata[i];
      const char *category = rdx_map_get_string (budget, "category", "");
      const char *currency = rdx_map_get_string (budget, "currency", "");
      gint64      amount = rdx_map_get_int (budget, "amount", 0);
      gint64 spent = rdx_map_get_int (rdx_map_get_map (rdx_map_get_map (spending, month), category),
                                      currency, 0);

      g_ptr_array_add (rows, rdx_map_new_take ("category", rdx_value_new_string (category),
                                               "currency", rdx_value_new_string (currency),
                                               "amount", rdx_value_new_int (amount), "spent",
                                               rdx_value_new_int (spent), "left",
                                               rdx_value_new_int (amount - spent), "over",
                                               rdx_value_new_bool (spent > amount), NULL));
    }
  return list_of (rows);
}

static void
assert_view (const char *name, RdxValue *selected, RdxValue *expected)
{
  if (!rdx_value_equal (selected, expected))
    {
      g_autofree char *got = selected ? rdx_value_to_json (selected) : g_strdup ("NULL");
      g_autofree char *want = rdx_value_to_json (expected);

      fail_msg ("%s differs from its recomputation:\n  got:      %s\n  expected: %s", name, got,
                want);
    }
}

/* Every selector of @views on @state, against the recomputation. */
static void
check_views (Views *views, RdxValue *state)
{
  g_autoptr (RdxValue) accounts = plain_accounts (state, FALSE);
  g_autoptr (RdxValue) all_accounts = plain_accounts (state, TRUE);
  g_autoptr (RdxValue) totals = plain_totals (state);
  g_autoptr (RdxValue) transfers = plain_transfers (state);
  g_autoptr (RdxValue) transactions = plain_transactions (state);
  g_autoptr (RdxValue) series = plain_series (state, views->zone);
  g_autoptr (RdxValue) spending = plain_spending (state, views->zone);
  g_autoptr (RdxValue) categories = plain_categories (state);
  g_autoptr (RdxValue) budgets = plain_budgets (state, spending);

  assert_view ("accounts", rdx_selector_select (views->accounts, state), accounts);
  assert_view ("all accounts", rdx_selector_select (views->all_accounts, state), all_accounts);
  assert_view ("totals", rdx_selector_select (views->totals, state), totals);
  assert_view ("transfers", rdx_selector_select (views->transfers, state), transfers);
  assert_view ("transactions", rdx_selector_select (views->transactions, state), transactions);
  assert_view ("series", rdx_selector_select (views->series, state), series);
  assert_view ("spending", rdx_selector_select (views->spending, state), spending);
  assert_view ("categories", rdx_selector_select (views->categories, state), categories);
  assert_view ("budgets", rdx_selector_select (views->budgets, state), budgets);
}

/* A random session */

static const char *const memos[] = { "Rent",        "rent payment", "Café",   "CAFÉ latte",
                                     "Supermarket", "Bakery",       "Salary", NULL };
static const char *const categories[] = { "groceries", "Groceries", "rent",
                                          "éclairs",   "income",    NULL };
static const char *const searches[] = { "", "", "ca", "CAF", "é", "rent", "x", "e" };

typedef struct
{
  GRand     *rand;
  GTimeZone *utc;
  guint      next_id;
  guint      n_accounts;
  gint64     now;
} Session;

static const char *
pick (Session *session, const char *const *choices, guint n)
{
  return choices[g_rand_int_range (session->rand, 0, n)];
}

static char *
some_account (Session *session)
{
  return g_strdup_printf ("acc-%d", g_rand_int_range (session->rand, 1, session->n_accounts + 2));
}

/* Mostly a new id, now and then one taken. */
static char *
some_id (Session *session)
{
  if (g_rand_int_range (session->rand, 0, 10) == 0)
    return g_strdup_printf ("t-%d", g_rand_int_range (session->rand, 1, session->next_id + 1));
  return g_strdup_printf ("t-%u", ++session->next_id);
}

/* A pending transfer's id, or NULL. */
static const char *
some_pending (Session *session, RdxValue *state)
{
  g_autoptr (GPtrArray) pending = rdx_map_get_sorted_keys (rdx_map_get_map (state, "transfers"));
  RdxValue *transfers = rdx_map_get_map (state, "transfers");
  guint     i;

  for (i = 0; i < pending->len;)
    if (g_str_equal (rdx_map_get_string (rdx_map_get (transfers, pending->pdata[i]), "status", ""),
                     "pending"))
      i++;
    else
      g_ptr_array_remove_index (pending, i);
  return pending->len > 0 ? pending->pdata[g_rand_int_range (session->rand, 0, pending->len)]
                          : NULL;
}

/* A random action: most are accepted, the reducer refuses the rest. Time
 * moves forward, and now and then a deposit is dated in the past. */
static RdxAction *
random_action (Session *session, RdxValue *state)
{
  g_autofree char *account = some_account (session);
  g_autofree char *other = some_account (session);
  g_autofree char *id = some_id (session);
  g_autofree char *target = NULL;
  const char      *memo = pick (session, memos, G_N_ELEMENTS (memos));
  const char      *category = pick (session, categories, G_N_ELEMENTS (categories));
  const char      *pending = some_pending (session, state);
  gint64           amount = g_rand_int_range (session->rand, 1, 20000);
  guint            choice = g_rand_int_range (session->rand, 0, 100);

  session->now += g_rand_int_range (session->rand, 0, 30) * HOUR;
  if (choice < 3)
    {
      g_autofree char *new_id = g_strdup_printf ("acc-%u", ++session->n_accounts);

      return bank_action_open_account (new_id, new_id, BANK_ACCOUNT_CHECKING,
                                       session->n_accounts % 4 == 0 ? "USD" : "EUR",
                                       g_rand_int_range (session->rand, 0, 3) * 5000, session->now);
    }
  if (choice < 28)
    return bank_action_deposit (account, id, amount * 2, memo, category,
                                session->now - (choice < 6 ? 40 * 24 * HOUR : 0));
  if (choice < 55)
    return bank_action_withdraw (account, id, amount, memo, category, session->now);
  if (choice < 63)
    return bank_action_request_transfer (id, account, other, amount, memo, session->now);
  if (choice < 69 && pending != NULL)
    return bank_action_complete_transfer (pending, "OK", session->now);
  if (choice < 72 && pending != NULL)
    return bank_action_fail_transfer (pending, "No.", NULL, session->now);
  if (choice < 78)
    {
      target = g_strdup_printf ("t-%d", g_rand_int_range (session->rand, 1, session->next_id + 1));
      return bank_action_reverse (target, id, "Mistake", session->now);
    }
  if (choice < 80)
    return bank_action_close_account (account, session->now);
  if (choice < 83)
    return bank_action_set_budget (category ? category : "rent",
                                   g_rand_boolean (session->rand) ? "EUR" : "USD", amount);
  if (choice < 86)
    return bank_action_select_account (choice == 83 ? NULL : account);
  if (choice < 90)
    return bank_action_search (pick (session, searches, G_N_ELEMENTS (searches)));
  if (choice < 92)
    return bank_action_filter_category (choice == 90 || category == NULL ? "" : category);
  if (choice < 95)
    return bank_action_sort (g_rand_int_range (session->rand, 0, 5),
                             g_rand_boolean (session->rand));
  if (choice < 97)
    return bank_action_set_period (g_rand_int_range (session->rand, 0, 3));
  target = bank_month_of (session->now - g_rand_int_range (session->rand, 0, 3) * 30 * 24 * HOUR,
                          session->utc);
  return bank_action_set_month (target);
}

static void
assert_session_has (RdxValue *state, guint n_actions)
{
  guint      kinds[3] = { 0 }; /* reversals, completed and failed transfers */
  RdxMapIter iter;
  RdxValue  *value;

  rdx_map_iter_init (&iter, rdx_map_get_map (state, "txns"));
  while (rdx_map_iter_next (&iter, NULL, &value))
    kinds[0] += rdx_map_contains (value, "reverses");
  rdx_map_iter_init (&iter, rdx_map_get_map (state, "transfers"));
  while (rdx_map_iter_next (&iter, NULL, &value))
    {
      const char *status = rdx_map_get_string (value, "status", "");

      kinds[1] += g_str_equal (status, "completed");
      kinds[2] += g_str_equal (status, "failed");
    }
  assert_true (kinds[0] > 0 && kinds[1] > 0 && kinds[2] > 0);
  assert_true (rdx_map_size (rdx_map_get_map (state, "txns")) > n_actions / 5);
}

static void
run_session (guint32 seed, guint n_actions)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  Session session = { g_rand_new_with_seed (seed), g_time_zone_new_utc (), 0, 2, T0 };
  Views   views = { 0 };
  guint   accepted = 0;

  views_init (&views);
  for (guint i = 1; i <= session.n_accounts; i++)
    {
      g_autofree char *id = g_strdup_printf ("acc-%u", i);

      assert_true (rdx_store_dispatch_take (
        store, bank_action_open_account (id, id, BANK_ACCOUNT_CHECKING, "EUR", 10000, T0), NULL));
    }
  assert_true (rdx_store_dispatch_take (store, bank_action_select_account ("acc-1"), NULL));
  for (guint i = 0; i < n_actions; i++)
    {
      RdxAction *action = random_action (&session, rdx_store_get_state (store));

      accepted += rdx_store_dispatch_take (store, action, NULL);
      g_ptr_array_add (states, rdx_store_dup_state (store));
      check_views (&views, rdx_store_get_state (store));
    }
  /* The sessions are not all refusals, and they hold every kind of
   * thing the views show. */
  assert_true (accepted > n_actions / 2);
  assert_session_has (rdx_store_get_state (store), n_actions);

  /* The debugger travelling: states in any order. */
  for (guint i = 0; i < states->len; i++)
    check_views (&views, states->pdata[g_rand_int_range (session.rand, 0, states->len)]);

  views_clear (&views);
  g_rand_free (session.rand);
  g_time_zone_unref (session.utc);
  rdx_test_finalize (&store);
}

static void
test_random_sessions (void **state)
{
  guint n = g_getenv ("RDX_TEST_QUICK") != NULL ? 300 : 800;

  for (guint32 seed = 1; seed <= 4; seed++)
    run_session (seed, n);
}

/* A session of 10,000 random actions (a third refused), replayed twice
 * into new stores, gives the same state each time: the reducer depends on
 * nothing but the state and the actions. */
static void
test_replay_twice (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (GPtrArray) actions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  RdxValue *replays[2] = { NULL, NULL };
  Session   session = { g_rand_new_with_seed (99), g_time_zone_new_utc (), 0, 2, T0 };
  guint     n = g_getenv ("RDX_TEST_QUICK") != NULL ? 2000 : 10000, refused[3] = { 0 };

  for (guint i = 0; i < n; i++)
    {
      RdxAction *action = random_action (&session, rdx_store_get_state (store));

      g_ptr_array_add (actions, action);
      refused[0] += !rdx_store_dispatch (store, action, NULL);
    }
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr (RdxReducer) fresh = bank_reducer_new ();
      g_autoptr (RdxStore) replay = rdx_store_new (fresh, NULL);

      for (guint i = 0; i < actions->len; i++)
        refused[r + 1] += !rdx_store_dispatch (replay, actions->pdata[i], NULL);
      replays[r] = rdx_store_dup_state (replay);
      rdx_test_finalize (&replay);
    }
  assert_true (refused[0] > 0 && refused[0] < n / 2);
  assert_int_equal (refused[1], refused[0]);
  assert_int_equal (refused[2], refused[0]);
  assert_true (rdx_value_equal (replays[0], rdx_store_get_state (store)));
  assert_true (rdx_value_equal (replays[1], replays[0]));
  assert_ptr_not_equal (replays[1], replays[0]);
  rdx_value_unref (replays[0]);
  rdx_value_unref (replays[1]);
  g_rand_free (session.rand);
  g_time_zone_unref (session.utc);
  rdx_test_finalize (&store);
}

static gboolean
record_change_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup (old_value == NULL ? "added" : path));
  return TRUE;
}

/* One new transaction in a large view is one inserted row: the rows
 * before and after it are the same pointers, and the list shares all
 * but the path to it. */
static void
test_one_new_row (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (RdxSelector) rows = bank_selector_transactions_new ();
  g_autoptr (RdxValue) before = NULL;
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  RdxValue *after;
  guint     n = 3000;

  assert_true (rdx_store_dispatch_take (
    store, bank_action_open_account ("a", "A", BANK_ACCOUNT_CHECKING, "EUR", 0, T0), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_select_account ("a"), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_sort (BANK_COLUMN_AMOUNT, TRUE), NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("t-%u", i);

      assert_true (rdx_store_dispatch_take (
        store, bank_action_deposit ("a", id, 1 + i * 7 % 1000, "x", NULL, T0 + i), NULL));
    }
  before = rdx_value_ref (rdx_store_select (store, rows));
  assert_int_equal (rdx_list_length (before), n);

  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("a", "new", 500, "y", NULL, T0 + n), NULL));
  after = rdx_store_select (store, rows);
  assert_int_equal (rdx_list_length (after), n + 1);
  assert_int_equal (rdx_value_diff (before, after, record_change_cb, changes), 1);
  assert_string_equal (changes->pdata[0], "added");
  for (guint i = 0, j = 0; i < n + 1; i++)
    if (rdx_map_get_string (rdx_list_get (after, i), "id", NULL)[0] != 'n')
      assert_ptr_equal (rdx_list_get (after, i), rdx_list_get (before, j++));
  rdx_test_finalize (&store);
}

#define DAY (24 * HOUR)

/* Reading down the rows in the order of dates, newest first, each row's
 * balance is the one below it plus its amount, the oldest's is its
 * amount, and the newest's the account's balance. Fills @balances with
 * each row's balance by id. */
static void
assert_balances_follow (RdxValue *rows, gint64 account_balance, GHashTable *balances)
{
  guint n = rdx_list_length (rows);

  assert_true (n > 0);
  assert_int_equal (rdx_map_get_int (rdx_list_get (rows, 0), "balance", -1), account_balance);
  for (guint i = 0; i < n; i++)
    {
      RdxValue *row = rdx_list_get (rows, i);
      gint64    below = i + 1 < n ? rdx_map_get_int (rdx_list_get (rows, i + 1), "balance", -1) : 0;

      assert_int_equal (rdx_map_get_int (row, "balance", -1),
                        below + rdx_map_get_int (row, "amount", 0));
      g_hash_table_insert (
        balances, g_strdup (rdx_map_get_string (row, "id", "")),
        g_memdup2 (&(gint64){ rdx_map_get_int (row, "balance", -1) }, sizeof (gint64)));
    }
}

static void
assert_same_balances (RdxValue *rows, GHashTable *balances, guint n)
{
  assert_int_equal (rdx_list_length (rows), n);
  for (guint i = 0; i < n; i++)
    {
      RdxValue *row = rdx_list_get (rows, i);
      gint64   *balance = g_hash_table_lookup (balances, rdx_map_get_string (row, "id", ""));

      assert_non_null (balance);
      assert_int_equal (rdx_map_get_int (row, "balance", -1), *balance);
    }
}

/* The balance at the end of the day that starts at @day, as the series
 * says it, or -1 without a point. */
static gint64
balance_on (RdxValue *series, gint64 day)
{
  for (guint i = 0; i < rdx_list_length (series); i++)
    if (rdx_map_get_int (rdx_list_get (series, i), "start", 0) == day)
      return rdx_map_get_int (rdx_list_get (series, i), "balance", -1);
  return -1;
}

/* A deposit dated before entries booked already (an import of a bank
 * statement): every row's balance is the balance after it in the order
 * of dates, whatever the order or search, the rows dated after it are new
 * values (a list model signals them changed) and the others the same;
 * the chart counts it on its day. */
static void
test_back_dated (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (RdxSelector) rows = bank_selector_transactions_new ();
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (RdxSelector) series = bank_selector_balance_series_new (utc);
  g_autoptr (GHashTable) balances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (RdxValue) before = NULL;
  RdxValue *after, *points;
  gint64    balance;

  assert_true (rdx_store_dispatch_take (
    store, bank_action_open_account ("a", "A", BANK_ACCOUNT_CHECKING, "EUR", 0, T0), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_select_account ("a"), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_sort (BANK_COLUMN_DATE, TRUE), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_set_period (BANK_PERIOD_DAY), NULL));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("a", "salary", 10000, "Salary", NULL, T0 + DAY + 10 * HOUR), NULL));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_withdraw ("a", "rent", 2000, "Rent", "rent", T0 + 2 * DAY + 10 * HOUR),
    NULL));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_withdraw ("a", "book", 340, "Bookshop", "books", T0 + 3 * DAY + 10 * HOUR),
    NULL));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("a", "refund", 500, "Refund", NULL, T0 + 5 * DAY + 10 * HOUR),
    NULL));
  before = rdx_value_ref (rdx_store_select (store, rows));
  assert_int_equal (rdx_list_length (before), 4);
  points = rdx_store_select (store, series);
  assert_int_equal (balance_on (points, T0 + 2 * DAY), 8000);
  assert_int_equal (balance_on (points, T0 + 3 * DAY), 7660);

  /* Booked last, dated on the afternoon of the second day; another at
   * the same time as the bookshop, after it as it was booked after. */
  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("a", "gift", 700, "Gift", NULL, T0 + 2 * DAY + 15 * HOUR), NULL));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("a", "tie", 50, "Bottle", NULL, T0 + 3 * DAY + 10 * HOUR), NULL));
  balance = rdx_map_get_int (rdx_value_get_path (rdx_store_get_state (store), "/accounts/a"),
                             "balance", -1);
  assert_int_equal (balance, 10000 - 2000 - 340 + 500 + 700 + 50);
  after = rdx_store_select (store, rows);
  assert_balances_follow (after, balance, balances);
  /* In the order of dates: refund, tie, bookshop, gift, rent, salary. */
  assert_string_equal (rdx_map_get_string (rdx_list_get (after, 1), "id", ""), "tie");
  assert_string_equal (rdx_map_get_string (rdx_list_get (after, 2), "id", ""), "book");
  assert_int_equal (rdx_map_get_int (rdx_list_get (after, 2), "balance", -1), 8360);
  assert_int_equal (rdx_map_get_int (rdx_list_get (after, 3), "balance", -1), 8700);
  /* The rows dated after the gift are new values; those before it not. */
  assert_ptr_not_equal (rdx_list_get (after, 0), rdx_list_get (before, 0));
  assert_ptr_not_equal (rdx_list_get (after, 2), rdx_list_get (before, 1));
  assert_ptr_equal (rdx_list_get (after, 4), rdx_list_get (before, 2));
  assert_ptr_equal (rdx_list_get (after, 5), rdx_list_get (before, 3));

  /* The same balances searched, and sorted by amount either way. */
  assert_true (rdx_store_dispatch_take (store, bank_action_search ("e"), NULL));
  after = rdx_store_select (store, rows);
  assert_same_balances (after, balances, 3); /* Rent, Refund, Bottle */
  assert_true (rdx_store_dispatch_take (store, bank_action_search (""), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_sort (BANK_COLUMN_AMOUNT, FALSE), NULL));
  after = rdx_store_select (store, rows);
  assert_same_balances (after, balances, 6);
  assert_string_equal (rdx_map_get_string (rdx_list_get (after, 0), "id", ""), "rent");
  /* Another back-dated one with the rows sorted by amount, then by date. */
  assert_true (rdx_store_dispatch_take (
    store, bank_action_withdraw ("a", "fee", 10, "Fee", NULL, T0 + DAY + 12 * HOUR), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_sort (BANK_COLUMN_DATE, TRUE), NULL));
  g_hash_table_remove_all (balances);
  assert_balances_follow (rdx_store_select (store, rows), balance - 10, balances);
  assert_true (rdx_store_dispatch_take (store, bank_action_sort (BANK_COLUMN_BALANCE, TRUE), NULL));
  after = rdx_store_select (store, rows);
  assert_same_balances (after, balances, 7);
  for (guint i = 1; i < 7; i++)
    assert_true (rdx_map_get_int (rdx_list_get (after, i - 1), "balance", 0) >=
                 rdx_map_get_int (rdx_list_get (after, i), "balance", 0));

  /* The chart: the day before the gift as it was, its day and the next
   * with it. */
  points = rdx_store_select (store, series);
  assert_int_equal (balance_on (points, T0 + DAY), 10000 - 10);
  assert_int_equal (balance_on (points, T0 + 2 * DAY), 10000 - 10 - 2000 + 700);
  assert_int_equal (balance_on (points, T0 + 3 * DAY), 10000 - 10 - 2000 + 700 - 340 + 50);
  assert_int_equal (balance_on (points, T0 + 5 * DAY), balance - 10);
  rdx_test_finalize (&store);
}

/* In a long account, a deposit dated before its last ten entries: their
 * rows and the new one change, no other, and the balances follow. */
static void
test_back_dated_few (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (RdxSelector) rows = bank_selector_transactions_new ();
  g_autoptr (GHashTable) balances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (RdxValue) before = NULL;
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  RdxValue *after;
  guint     n = 1000, added = 0;

  assert_true (rdx_store_dispatch_take (
    store, bank_action_open_account ("a", "A", BANK_ACCOUNT_CHECKING, "EUR", 0, T0), NULL));
  assert_true (rdx_store_dispatch_take (store, bank_action_select_account ("a"), NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("t-%u", i);

      assert_true (rdx_store_dispatch_take (
        store, bank_action_deposit ("a", id, 1 + i * 7 % 1000, "x", NULL, T0 + i * HOUR), NULL));
    }
  before = rdx_value_ref (rdx_store_select (store, rows));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("a", "new", 500, "y", NULL, T0 + (n - 10) * HOUR - 1), NULL));
  after = rdx_store_select (store, rows);
  assert_int_equal (rdx_list_length (after), n + 1);
  assert_balances_follow (
    after,
    rdx_map_get_int (rdx_value_get_path (rdx_store_get_state (store), "/accounts/a"), "balance",
                     -1),
    balances);
  assert_string_equal (rdx_map_get_string (rdx_list_get (after, 10), "id", ""), "new");
  /* Ten rows replaced, one added: the rest the same pointers. */
  assert_int_equal (rdx_value_diff (before, after, record_change_cb, changes), 11);
  for (guint i = 0; i < changes->len; i++)
    added += g_str_equal (changes->pdata[i], "added");
  assert_int_equal (added, 1);
  for (guint i = 0; i < 10; i++)
    assert_ptr_not_equal (rdx_list_get (after, i), rdx_list_get (before, i));
  for (guint i = 11; i < n + 1; i++)
    assert_ptr_equal (rdx_list_get (after, i), rdx_list_get (before, i - 1));
  rdx_test_finalize (&store);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_random_sessions), rdx_test_leak_checked (test_one_new_row),
    rdx_test_leak_checked (test_back_dated),      rdx_test_leak_checked (test_back_dated_few),
    rdx_test_leak_checked (test_replay_twice),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("bank-selectors", tests, NULL, NULL);
}

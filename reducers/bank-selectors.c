/* bank-selectors.c: the sidebar, totals, transfers, spending, categories
 *
 * Each constructor returns a new selector with its own memo (reselect's
 * rule: one per view). The account's transactions are in bank-view.c, the
 * balance chart in bank-chart.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

/* Accounts */

typedef struct
{
  gboolean    include_closed;
  GHashTable *rows; /* account (a value of /accounts) → its row, both owned */
} AccountsMemo;

static void
accounts_memo_free (gpointer data)
{
  AccountsMemo *memo = data;

  g_hash_table_unref (memo->rows);
  g_free (memo);
}

static GHashTable *
rows_table_new (void)
{
  return g_hash_table_new_full (NULL, NULL, (GDestroyNotify) rdx_value_unref,
                                (GDestroyNotify) rdx_value_unref);
}

static int
by_opening (gconstpointer a, gconstpointer b)
{
  RdxValue *x = *(RdxValue *const *) a, *y = *(RdxValue *const *) b;
  gint64    tx = rdx_map_get_int (x, "opened_at", 0), ty = rdx_map_get_int (y, "opened_at", 0);

  if (tx != ty)
    return tx < ty ? -1 : 1;
  return strcmp (rdx_map_get_string (x, "id", ""), rdx_map_get_string (y, "id", ""));
}

/* [/accounts] → the rows, oldest account first. A row is the account with
 * its available amount; an account that did not change keeps its row (the
 * same pointer), so a list model over it signals only the changed rows. */
static RdxValue *
select_accounts (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  AccountsMemo *memo = user_data;
  g_autoptr (GHashTable) rows = rows_table_new ();
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (RdxListBuilder) list = rdx_list_builder_new (NULL);
  RdxMapIter  iter;
  const char *id;
  RdxValue   *account;

  if (inputs[0] == NULL || !rdx_value_is_map (inputs[0]))
    return rdx_list_new ();
  rdx_map_iter_init (&iter, inputs[0]);
  while (rdx_map_iter_next (&iter, &id, &account))
    {
      RdxValue *row;

      if (!memo->include_closed && rdx_map_get_bool (account, "closed", FALSE))
        continue;
      row = g_hash_table_lookup (memo->rows, account);
      row = row != NULL
              ? rdx_value_ref (row)
              : rdx_map_set_take (account, "available",
                                  rdx_value_new_int (bank_account_get_available (account)));
      g_hash_table_insert (rows, rdx_value_ref (account), row);
      g_ptr_array_add (sorted, row);
    }
  g_ptr_array_sort (sorted, by_opening);
  for (guint i = 0; i < sorted->len; i++)
    rdx_list_builder_append (list, sorted->pdata[i]);
  g_hash_table_unref (memo->rows);
  memo->rows = g_steal_pointer (&rows);
  return rdx_list_builder_end (g_steal_pointer (&list));
}

/**
 * bank_selector_accounts_new:
 * @include_closed: whether closed accounts are listed too
 *
 * The accounts for a sidebar: a list of maps, the oldest account first,
 * each the account as in the state (`id`, `name`, `kind`, `currency`,
 * `limit`, `balance`, `held`, `incoming`, `closed`, `opened_at`) with
 * `available` (bank_account_get_available()). A row that did not change
 * is the same pointer as before, so an #RdxListModel over it signals only
 * the rows that did.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_accounts_new (gboolean include_closed)
{
  AccountsMemo *memo = g_new0 (AccountsMemo, 1);

  memo->include_closed = include_closed;
  memo->rows = rows_table_new ();
  return rdx_selector_new_for_paths (select_accounts, memo, accounts_memo_free, "/accounts", NULL);
}

/* Totals */

typedef struct
{
  const char *currency;
  __int128    balance;
  __int128    available;
  __int128    held;
  gint64      n_accounts;
} Total;

static RdxValue *
clamp_int (__int128 value, gboolean *overflow)
{
  if (value > G_MAXINT64 || value < G_MININT64)
    {
      *overflow = TRUE;
      return rdx_value_new_int (value > 0 ? G_MAXINT64 : G_MININT64);
    }
  return rdx_value_new_int ((gint64) value);
}

static int
by_currency (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(Total *const *) a)->currency, (*(Total *const *) b)->currency);
}

/* [/accounts] → the totals of the open accounts, per currency. */
static RdxValue *
select_totals (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  g_autoptr (GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (RdxListBuilder) list = rdx_list_builder_new (NULL);
  GHashTableIter totals_iter;
  gpointer       value;
  RdxMapIter     iter;
  const char    *id;
  RdxValue      *account;

  if (inputs[0] == NULL || !rdx_value_is_map (inputs[0]))
    return rdx_list_new ();
  rdx_map_iter_init (&iter, inputs[0]);
  while (rdx_map_iter_next (&iter, &id, &account))
    {
      const char *currency = rdx_map_get_string (account, "currency", "");
      Total      *total = g_hash_table_lookup (totals, currency);

      if (rdx_map_get_bool (account, "closed", FALSE))
        continue;
      if (total == NULL)
        {
          total = g_new0 (Total, 1);
          total->currency = currency;
          g_hash_table_insert (totals, (gpointer) currency, total);
        }
      total->balance += rdx_map_get_int (account, "balance", 0);
      total->available += bank_account_get_available (account);
      total->held += rdx_map_get_int (account, "held", 0);
      total->n_accounts++;
    }
  g_hash_table_iter_init (&totals_iter, totals);
  while (g_hash_table_iter_next (&totals_iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, by_currency);
  for (guint i = 0; i < sorted->len; i++)
    {
      Total    *total = sorted->pdata[i];
      gboolean  overflow = FALSE;
      RdxValue *balance = clamp_int (total->balance, &overflow);
      RdxValue *available = clamp_int (total->available, &overflow);
      RdxValue *held = clamp_int (total->held, &overflow);

      rdx_list_builder_append_take (
        list, rdx_map_new_take ("currency", rdx_value_new_string (total->currency), "balance",
                                balance, "available", available, "held", held, "accounts",
                                rdx_value_new_int (total->n_accounts), "overflow",
                                rdx_value_new_bool (overflow), NULL));
    }
  return rdx_list_builder_end (g_steal_pointer (&list));
}

/**
 * bank_selector_totals_new:
 *
 * Totals of the open accounts per currency: a list of maps sorted by
 * currency, each with `currency`, `balance`, `available`, `held` and
 * `accounts` (how many). Sums that go beyond 64 bits show the largest (or
 * smallest) 64-bit number, and `overflow` is true.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_totals_new (void)
{
  return rdx_selector_new_for_paths (select_totals, NULL, NULL, "/accounts", NULL);
}

/* Transfers */

static int
newest_first (RdxValue *a, RdxValue *b, gpointer user_data)
{
  gint64 x = rdx_map_get_int (a, "requested_at", 0), y = rdx_map_get_int (b, "requested_at", 0);

  return x > y ? -1 : x < y;
}

static RdxValue *
select_transfers (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  if (inputs[0] == NULL || !rdx_value_is_map (inputs[0]))
    return rdx_list_new ();
  return rdx_map_sort (inputs[0], newest_first, NULL);
}

/**
 * bank_selector_transfers_new:
 *
 * Every transfer, the newest request first (ties by request id): a list
 * of maps with `request_id`, `from`, `to`, `amount`, `currency`, `memo`,
 * `status` ("pending", "completed" or "failed"), `requested_at`, and
 * once settled `settled_at` and `confirmation` or `reason` and `code`.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_transfers_new (void)
{
  return rdx_selector_new_for_paths (select_transfers, NULL, NULL, "/transfers", NULL);
}

/* Spending and categories: folds over every entry, kept up to date with
 * the entries each dispatch appends. */

typedef struct _Fold Fold;
typedef void (*FoldFunc) (Fold *fold, const char *account, RdxValue *entry);

struct _Fold
{
  FoldFunc       add;
  RdxValue      *ledger;   /* the ledger folded so far */
  RdxValue      *accounts; /* borrowed, during a fold */
  RdxValue      *result;   /* spending: months; categories: a set */
  RdxValue      *list;     /* categories: the sorted list */
  BankMonthCache months;
};

static void
fold_free (gpointer data)
{
  Fold *fold = data;

  g_clear_pointer (&fold->ledger, rdx_value_unref);
  g_clear_pointer (&fold->result, rdx_value_unref);
  g_clear_pointer (&fold->list, rdx_value_unref);
  g_clear_pointer (&fold->months.time_zone, g_time_zone_unref);
  g_free (fold);
}

static void
fold_entry_cb (const char *account, RdxValue *entry, gpointer user_data)
{
  Fold *fold = user_data;

  fold->add (fold, account, entry);
}

/* Brings the fold up to @ledger: the appended entries, or all of them. */
static void
fold_to (Fold *fold, RdxValue *ledger, RdxValue *accounts)
{
  fold->accounts = accounts;
  if (fold->result == NULL || !bank_ledger_for_each_new (fold->ledger, ledger, fold_entry_cb, fold))
    {
      g_clear_pointer (&fold->result, rdx_value_unref);
      g_clear_pointer (&fold->list, rdx_value_unref);
      fold->result = rdx_map_new ();
      bank_ledger_for_each (ledger, fold_entry_cb, fold);
    }
  fold->accounts = NULL;
  g_clear_pointer (&fold->ledger, rdx_value_unref);
  fold->ledger = ledger != NULL ? rdx_value_ref (ledger) : NULL;
}

static void
add_spending (Fold *fold, const char *account, RdxValue *entry)
{
  const char *category = rdx_map_get_string (entry, "category", NULL);
  const char *currency = rdx_map_get_string (rdx_map_get (fold->accounts, account), "currency", "");
  const char *month;
  RdxValue   *in_month, *in_category;
  gint64      spent;

  if (category == NULL || strcmp (rdx_map_get_string (entry, "kind", ""), "withdrawal") != 0)
    return;
  month = bank_month_cache_lookup (&fold->months, rdx_map_get_int (entry, "at", 0));
  in_month = rdx_map_get_map (fold->result, month);
  in_category = rdx_map_get_map (in_month, category);
  spent = bank_saturated_add (rdx_map_get_int (in_category, currency, 0),
                              -rdx_map_get_int (entry, "amount", 0));
  bank_replace (&fold->result,
                rdx_map_set_take (fold->result, month,
                                  rdx_map_set_take (in_month, category,
                                                    rdx_map_set_take (in_category, currency,
                                                                      rdx_value_new_int (spent)))));
}

/* [/ledger, /accounts] → {month: {category: {currency: spent}}} */
static RdxValue *
select_spending (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  Fold *fold = user_data;

  fold_to (fold, inputs[0], inputs[1]);
  return rdx_value_ref (fold->result);
}

/**
 * bank_selector_spending_new:
 * @time_zone: the time zone months are read in
 *
 * Spending per category per month, over every account: a map from the
 * month ("YYYY-MM", bank_month_of()) to a map from the category to a map
 * from the currency to the amount spent, in minor units:
 * `{"2024-05": {"groceries": {"EUR": 24350}}}`. Spending is what
 * withdrawals with a category took out; the reversal of one gives it back
 * in the month of the reversal. Deposits and transfers are not spending.
 * Sums beyond 64 bits stop at the largest 64-bit number.
 *
 * It follows the entries each dispatch appends, so a new transaction
 * costs what that transaction costs, not what the whole ledger does.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_spending_new (GTimeZone *time_zone)
{
  Fold *fold;

  g_return_val_if_fail (time_zone != NULL, NULL);

  fold = g_new0 (Fold, 1);
  fold->add = add_spending;
  fold->months.time_zone = g_time_zone_ref (time_zone);
  return rdx_selector_new_for_paths (select_spending, fold, fold_free, "/ledger", "/accounts",
                                     NULL);
}

static void
add_category (Fold *fold, const char *account, RdxValue *entry)
{
  const char *category = rdx_map_get_string (entry, "category", NULL);

  if (category != NULL && !rdx_map_contains (fold->result, category))
    {
      bank_replace (&fold->result,
                    rdx_map_set_take (fold->result, category, rdx_value_new_bool (TRUE)));
      g_clear_pointer (&fold->list, rdx_value_unref);
    }
}

static int
by_collation (gconstpointer a, gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  int         order = g_utf8_collate (x, y);

  return order != 0 ? order : strcmp (x, y);
}

/* [/ledger] → the categories in use, in the locale's order */
static RdxValue *
select_categories (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  Fold *fold = user_data;

  fold_to (fold, inputs[0], NULL);
  if (fold->list == NULL)
    {
      g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (fold->result);
      g_autoptr (RdxListBuilder) list = rdx_list_builder_new (NULL);

      g_ptr_array_sort (keys, by_collation);
      for (guint i = 0; i < keys->len; i++)
        rdx_list_builder_append_take (list, rdx_value_new_string (keys->pdata[i]));
      fold->list = rdx_list_builder_end (g_steal_pointer (&list));
    }
  return rdx_value_ref (fold->list);
}

/**
 * bank_selector_categories_new:
 *
 * The categories the transactions use, a list of strings in the order of
 * the locale (for a category filter and the completion of a category
 * entry). It follows the entries each dispatch appends, and the list is
 * made again only when a category appears.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_categories_new (void)
{
  Fold *fold = g_new0 (Fold, 1);

  fold->add = add_category;
  return rdx_selector_new_for_paths (select_categories, fold, fold_free, "/ledger", NULL);
}

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
  gboolean  include_closed;
  RdxValue *accounts; /* the /accounts the rows were made from */
  RdxValue *rows;
} AccountsMemo;

static void
accounts_memo_free (gpointer data)
{
  AccountsMemo *memo = data;

  g_clear_pointer (&memo->accounts, rdx_value_unref);
  g_clear_pointer (&memo->rows, rdx_value_unref);
  g_free (memo);
}

/* Oldest account first, then by id. */
static int
by_opening (RdxValue *a, RdxValue *b, gpointer user_data)
{
  gint64 x = rdx_map_get_int (a, "opened_at", 0), y = rdx_map_get_int (b, "opened_at", 0);

  if (x != y)
    return x < y ? -1 : 1;
  return strcmp (rdx_map_get_string (a, "id", ""), rdx_map_get_string (b, "id", ""));
}

static gboolean
is_listed (AccountsMemo *memo, RdxValue *account)
{
  return account != NULL && (memo->include_closed || !rdx_map_get_bool (account, "closed", FALSE));
}

static RdxValue *
account_row_new (RdxValue *account, gpointer user_data)
{
  return rdx_map_set_take (account, "available",
                           rdx_value_new_int (bank_account_get_available (account)));
}

static guint
row_position (RdxValue *rows, RdxValue *account)
{
  guint low = 0, high = rdx_list_length (rows);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (by_opening (rdx_list_get (rows, middle), account, NULL) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

static gboolean
changed_account_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  g_autoptr (GPtrArray) segments = rdx_path_split (path, NULL);

  if (segments != NULL && segments->len > 0)
    g_hash_table_add (user_data, g_strdup (segments->pdata[0]));
  return TRUE;
}

/* Moves the rows from memo->accounts to @accounts: the row of each account
 * that changed comes out and, made again, goes in where it sorts. */
static void
update_rows (AccountsMemo *memo, RdxValue *accounts)
{
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer       id;

  rdx_value_diff (memo->accounts, accounts, changed_account_cb, ids);
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      RdxValue *before = rdx_map_get (memo->accounts, id);
      RdxValue *after = rdx_map_get (accounts, id);
      g_autoptr (RdxValue) row = NULL;

      if (is_listed (memo, before))
        bank_replace (&memo->rows, rdx_list_remove (memo->rows, row_position (memo->rows, before)));
      if (!is_listed (memo, after))
        continue;
      row = account_row_new (after, NULL);
      bank_replace (&memo->rows, rdx_list_insert (memo->rows, row_position (memo->rows, row), row));
    }
}

static gboolean
is_listed_cb (RdxValue *account, gpointer user_data)
{
  return is_listed (user_data, account);
}

/* [/accounts] → the rows, oldest account first */
static RdxValue *
select_accounts (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  AccountsMemo *memo = user_data;
  RdxValue     *accounts = inputs[0] != NULL ? inputs[0] : rdx_map_get_map (NULL, "");

  if (memo->rows != NULL)
    update_rows (memo, accounts);
  else
    {
      g_autoptr (RdxValue) listed = rdx_map_filter (accounts, is_listed_cb, memo);
      g_autoptr (RdxValue) rows = rdx_map_map (listed, account_row_new, NULL);

      memo->rows = rdx_map_sort (rows, by_opening, NULL);
    }
  bank_replace (&memo->accounts, rdx_value_ref (accounts));
  return rdx_value_ref (memo->rows);
}

/**
 * bank_selector_accounts_new:
 * @include_closed: whether closed accounts are listed too
 *
 * The accounts for a sidebar: a list of maps, the oldest account first,
 * each the account as in the state (`id`, `name`, `kind`, `currency`,
 * `limit`, `balance`, `held`, `incoming`, `closed`, `opened_at`) with
 * `available` (bank_account_get_available()). It follows the accounts
 * each dispatch changed: a row that did not change is the same pointer as
 * before, so an #RdxListModel over it signals only the rows that did.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_accounts_new (gboolean include_closed)
{
  AccountsMemo *memo = g_new0 (AccountsMemo, 1);

  memo->include_closed = include_closed;
  memo->accounts = rdx_map_new ();
  return rdx_selector_new_for_paths (select_accounts, memo, accounts_memo_free, "/accounts", NULL);
}

/* Totals */

typedef struct
{
  char    *currency;
  __int128 balance;
  __int128 available;
  __int128 held;
  gint64   n_accounts;
} Total;

typedef struct
{
  RdxValue   *accounts; /* the /accounts summed */
  GHashTable *totals;   /* currency → Total */
} Totals;

static void
total_free (gpointer data)
{
  Total *total = data;

  g_free (total->currency);
  g_free (total);
}

static void
totals_free (gpointer data)
{
  Totals *totals = data;

  g_clear_pointer (&totals->accounts, rdx_value_unref);
  g_hash_table_unref (totals->totals);
  g_free (totals);
}

/* Adds an open account to the totals of its currency (@sign 1), or takes
 * it out (-1). */
static void
count_account (Totals *totals, RdxValue *account, int sign)
{
  const char *currency = rdx_map_get_string (account, "currency", "");
  Total      *total;

  if (account == NULL || rdx_map_get_bool (account, "closed", FALSE))
    return;
  total = g_hash_table_lookup (totals->totals, currency);
  if (total == NULL)
    {
      total = g_new0 (Total, 1);
      total->currency = g_strdup (currency);
      g_hash_table_insert (totals->totals, total->currency, total);
    }
  total->balance += sign * (__int128) rdx_map_get_int (account, "balance", 0);
  total->available += sign * (__int128) bank_account_get_available (account);
  total->held += sign * (__int128) rdx_map_get_int (account, "held", 0);
  total->n_accounts += sign;
  if (total->n_accounts == 0)
    g_hash_table_remove (totals->totals, currency);
}

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

/* [/accounts] → the totals of the open accounts, per currency. The sums
 * follow the accounts each dispatch changed. */
static RdxValue *
select_totals (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  Totals   *totals = user_data;
  RdxValue *accounts = inputs[0] != NULL ? inputs[0] : rdx_map_get_map (NULL, "");
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (RdxListBuilder) list = rdx_list_builder_new (NULL);
  GHashTableIter iter;
  gpointer       id, value;

  rdx_value_diff (totals->accounts, accounts, changed_account_cb, ids);
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      count_account (totals, rdx_map_get (totals->accounts, id), -1);
      count_account (totals, rdx_map_get (accounts, id), 1);
    }
  bank_replace (&totals->accounts, rdx_value_ref (accounts));

  g_hash_table_iter_init (&iter, totals->totals);
  while (g_hash_table_iter_next (&iter, NULL, &value))
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
 * Totals of the open accounts per currency, kept up to date with the
 * accounts each dispatch changed: a list of maps sorted by currency,
 * each with `currency`, `balance`, `available`, `held` and `accounts`
 * (how many). Sums that go beyond 64 bits show the largest (or
 * smallest) 64-bit number, and `overflow` is true.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_totals_new (void)
{
  Totals *totals = g_new0 (Totals, 1);

  totals->accounts = rdx_map_new ();
  totals->totals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, total_free);
  return rdx_selector_new_for_paths (select_totals, totals, totals_free, "/accounts", NULL);
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

/* bank-view.c: an account's transactions, as its view shows them
 *
 * The rows are the selected account's ledger entries that pass the
 * search and the category filter, sorted by the chosen column. They are
 * kept up to date with what each dispatch changed rather than made
 * again: an appended entry is inserted where it sorts (a binary search
 * and an O(log n) insert in the persistent list), a reversal replaces the
 * row of the transaction it reverses. So one new transaction in a view of
 * 100,000 rows costs a few microseconds, and the list model over it
 * signals one inserted row.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

typedef struct
{
  /* The query */
  RdxValue  *ui; /* the /ui it was made for */
  char      *account;
  char      *search; /* case-folded */
  gboolean   search_ascii;
  char      *category;
  BankColumn column;
  gboolean   descending;

  /* What the result was made from */
  RdxValue *entries;
  RdxValue *txns;
  RdxValue *result;
} View;

static void
view_clear_query (View *view)
{
  g_clear_pointer (&view->ui, rdx_value_unref);
  g_clear_pointer (&view->account, g_free);
  g_clear_pointer (&view->search, g_free);
  g_clear_pointer (&view->category, g_free);
}

static void
view_free (gpointer data)
{
  View *view = data;

  view_clear_query (view);
  g_clear_pointer (&view->entries, rdx_value_unref);
  g_clear_pointer (&view->txns, rdx_value_unref);
  g_clear_pointer (&view->result, rdx_value_unref);
  g_free (view);
}

static gboolean
is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

static const char *const query_keys[] = { "selected", "search", "category", "sort", "descending" };

static gboolean
same_query (RdxValue *a, RdxValue *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (query_keys); i++)
    if (!rdx_value_equal (rdx_map_get (a, query_keys[i]), rdx_map_get (b, query_keys[i])))
      return FALSE;
  return TRUE;
}

static void
view_set_query (View *view, RdxValue *ui)
{
  view_clear_query (view);
  view->ui = rdx_value_ref (ui);
  view->account = g_strdup (rdx_map_get_string (ui, "selected", NULL));
  view->search = g_utf8_casefold (rdx_map_get_string (ui, "search", ""), -1);
  view->search_ascii = is_ascii (view->search);
  view->category = g_strdup (rdx_map_get_string (ui, "category", ""));
  if (!bank_column_from_string (rdx_map_get_string (ui, "sort", NULL), &view->column))
    view->column = BANK_COLUMN_DATE;
  view->descending = rdx_map_get_bool (ui, "descending", FALSE);
}

/* Whether @text contains the search, whatever the case. */
static gboolean
contains (View *view, const char *text)
{
  g_autofree char *folded = NULL;
  gsize            n = strlen (view->search);

  if (text == NULL)
    return FALSE;
  if (view->search_ascii && is_ascii (text))
    {
      for (const char *p = text; *p != '\0'; p++)
        if (g_ascii_strncasecmp (p, view->search, n) == 0)
          return TRUE;
      return FALSE;
    }
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, view->search) != NULL;
}

static gboolean
matches (View *view, RdxValue *entry)
{
  const char *category = rdx_map_get_string (entry, "category", NULL);

  if (*view->category != '\0' && g_strcmp0 (category, view->category) != 0)
    return FALSE;
  return *view->search == '\0' || contains (view, rdx_map_get_string (entry, "memo", NULL)) ||
         contains (view, category);
}

/* The row of @entry: the entry itself, with `reversed_by` when the index
 * says it was reversed. */
static RdxValue *
row_new (RdxValue *entry, RdxValue *txns)
{
  RdxValue *id = rdx_map_get (entry, "id");
  RdxValue *txn = id != NULL ? rdx_map_get (txns, rdx_value_get_string (id)) : NULL;
  RdxValue *reversed_by = rdx_map_get (txn, "reversed_by");

  if (reversed_by == NULL)
    return rdx_value_ref (entry);
  return rdx_map_set (entry, "reversed_by", reversed_by);
}

static int
compare_ints (gint64 a, gint64 b)
{
  return a < b ? -1 : a > b;
}

static int
compare_texts (const char *a, const char *b)
{
  int order = g_ascii_strcasecmp (a, b);

  return order != 0 ? order : strcmp (a, b);
}

/* The order of the rows: by the column, then as they were booked. */
static int
compare_rows (RdxValue *a, RdxValue *b, gpointer user_data)
{
  View *view = user_data;
  int   order = 0;

  switch (view->column)
    {
      case BANK_COLUMN_DATE:
        order = compare_ints (rdx_map_get_int (a, "at", 0), rdx_map_get_int (b, "at", 0));
        break;
      case BANK_COLUMN_DESCRIPTION:
        order =
          compare_texts (rdx_map_get_string (a, "memo", ""), rdx_map_get_string (b, "memo", ""));
        break;
      case BANK_COLUMN_CATEGORY:
        order = compare_texts (rdx_map_get_string (a, "category", ""),
                               rdx_map_get_string (b, "category", ""));
        break;
      case BANK_COLUMN_AMOUNT:
        order = compare_ints (rdx_map_get_int (a, "amount", 0), rdx_map_get_int (b, "amount", 0));
        break;
      case BANK_COLUMN_BALANCE:
        order = compare_ints (rdx_map_get_int (a, "balance", 0), rdx_map_get_int (b, "balance", 0));
        break;
    }
  if (order == 0)
    order = compare_ints (rdx_map_get_int (a, "seq", 0), rdx_map_get_int (b, "seq", 0));
  return view->descending ? -order : order;
}

/* The first position in the result whose row does not sort before @row. */
static guint
lower_bound (View *view, RdxValue *row)
{
  guint low = 0, high = rdx_list_length (view->result);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_rows (rdx_list_get (view->result, middle), row, view) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

static void
insert_cb (const char *account, RdxValue *entry, gpointer user_data)
{
  View *view = user_data;
  g_autoptr (RdxValue) row = NULL;

  if (!matches (view, entry))
    return;
  row = row_new (entry, view->txns);
  bank_replace (&view->result, rdx_list_insert (view->result, lower_bound (view, row), row));
}

/* The ids of the transactions that changed in the index. */
static gboolean
changed_txn_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  g_autoptr (GPtrArray) segments = rdx_path_split (path, NULL);

  if (segments != NULL && segments->len > 0)
    g_hash_table_add (user_data, g_strdup (segments->pdata[0]));
  return TRUE;
}

/* Replaces the rows of the entries (booked before @n_old) whose
 * transaction changed in the index between @old_txns and the view's. */
static void
update_links (View *view, RdxValue *old_txns, guint n_old)
{
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer       id;

  rdx_value_diff (old_txns, view->txns, changed_txn_cb, ids);
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      RdxValue   *txns[] = { rdx_map_get (old_txns, id), rdx_map_get (view->txns, id) };
      RdxListIter postings;
      RdxValue   *posting;

      rdx_list_iter_init (&postings,
                          rdx_map_get_list (txns[1] != NULL ? txns[1] : txns[0], "postings"));
      while (rdx_list_iter_next (&postings, &posting))
        {
          gint64    seq = rdx_map_get_int (posting, "seq", -1);
          RdxValue *entry;
          g_autoptr (RdxValue) old_row = NULL;
          g_autoptr (RdxValue) new_row = NULL;
          guint position;

          if (g_strcmp0 (rdx_map_get_string (posting, "account", NULL), view->account) != 0 ||
              seq < 0 || seq >= n_old)
            continue;
          entry = rdx_list_get (view->entries, (guint) seq);
          if (entry == NULL || !matches (view, entry))
            continue;
          old_row = row_new (entry, old_txns);
          new_row = row_new (entry, view->txns);
          position = lower_bound (view, old_row);
          if (position < rdx_list_length (view->result) && !rdx_value_equal (old_row, new_row))
            bank_replace (&view->result, rdx_list_set (view->result, position, new_row));
        }
    }
}

/* The rows made again from every entry. */
static void
view_rebuild (View *view)
{
  g_autoptr (RdxListBuilder) rows = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) unsorted = NULL;
  RdxListIter iter;
  RdxValue   *entry;

  rdx_list_iter_init (&iter, view->entries);
  while (rdx_list_iter_next (&iter, &entry))
    if (matches (view, entry))
      rdx_list_builder_append_take (rows, row_new (entry, view->txns));
  unsorted = rdx_list_builder_end (g_steal_pointer (&rows));
  g_clear_pointer (&view->result, rdx_value_unref);
  view->result = rdx_list_sort (unsorted, compare_rows, view);
}

/* [/ledger, /txns, /ui] → the selected account's rows */
static RdxValue *
select_view (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  View *view = user_data;
  g_autoptr (RdxValue) ui = inputs[2] != NULL ? rdx_value_ref (inputs[2]) : rdx_map_new ();
  g_autoptr (RdxValue) old_entries = NULL;
  g_autoptr (RdxValue) old_txns = NULL;
  RdxValue *entries, *txns;
  gboolean  rebuild = view->result == NULL || !same_query (view->ui, ui);

  if (rebuild)
    view_set_query (view, ui);
  entries = rdx_map_get_list (inputs[0], view->account != NULL ? view->account : "");
  txns = inputs[1] != NULL ? inputs[1] : rdx_map_get_map (NULL, "");
  if (!rebuild && entries == view->entries && txns == view->txns)
    return rdx_value_ref (view->result);

  old_entries = g_steal_pointer (&view->entries);
  old_txns = g_steal_pointer (&view->txns);
  view->entries = rdx_value_ref (entries);
  view->txns = rdx_value_ref (txns);
  if (!rebuild && bank_list_for_each_new (old_entries, entries, view->account, insert_cb, view))
    update_links (view, old_txns, rdx_list_length (old_entries));
  else
    view_rebuild (view);
  return rdx_value_ref (view->result);
}

/**
 * bank_selector_transactions_new:
 *
 * The transactions of the account selected in the views (`/ui/selected`),
 * as its view shows them: a list of rows, each a ledger entry (`id`,
 * `seq`, `at`, `kind`, `amount`, `balance` (the running balance after
 * it), and as they apply `memo`, `category`, `counterpart`, `reverses`,
 * `reason`), with `reversed_by` when it was reversed. Only those whose
 * description or category contains `/ui/search` (whatever the case) and
 * whose category is `/ui/category` (unless that is ""), sorted by
 * `/ui/sort` ("date", "description", "category", "amount" or "balance"),
 * then as they were booked, and the other way round when
 * `/ui/descending`.
 *
 * A new transaction costs what inserting one row costs (O(log² n)), not
 * a new list: the selector keeps its rows up to date with what each
 * dispatch appended to the ledger and changed in the index, and makes
 * them again only when the query changes. Rows that did not change stay
 * the same pointers, so an #RdxListModel over it signals one inserted
 * row.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_transactions_new (void)
{
  return rdx_selector_new_for_paths (select_view, g_new0 (View, 1), view_free, "/ledger", "/txns",
                                     "/ui", NULL);
}

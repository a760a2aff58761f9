/* bank-view.c: an account's transactions, as its view shows them
 *
 * The rows are the selected account's ledger entries that pass the
 * search and the category filter, sorted by the chosen column. They are
 * kept up to date with what each dispatch appended to the ledger rather
 * than made again: an appended entry is inserted where it sorts (a binary
 * search and an O(log n) insert in the persistent list), and a reversal's
 * entry marks the row of the entry it reverses. So one new transaction in
 * a view of 100,000 rows costs a few microseconds, and the list model
 * over it signals one inserted row.
 *
 * A new search or order makes the rows again. To make that quick, the
 * selector keeps what it searches and sorts by of each entry in an array
 * (a "line" per entry, appended to as the ledger is, its texts interned
 * and case-folded once), so searching and sorting 100,000 entries reads
 * no map.
 *
 * The balance a row shows is not the entry's `balance` (the running
 * balance in the order entries were booked) but the account's balance
 * after every entry up to and including it in the order of their dates
 * (`at`, then `seq`): the same figure whatever the order, search or
 * filter, and one that follows from the row below in the date order. The
 * selector keeps the lines' seqs in that order (`by_date`) with each
 * line's balance. An entry dated at or after the others (the usual case)
 * is appended to it in O(1); one dated earlier is merged in, and the
 * balances of the lines dated after it computed again (O(those lines)),
 * their rows replaced by new values so a list model signals them
 * changed (when more than a sixteenth of the lines changed, or the rows
 * are sorted by balance, the rows are made again instead, which is
 * quicker). A row is its entry itself when the two balances agree, the
 * entry with `balance` set when they do not (kept with the line, so the
 * rows made again for a new search are the same values).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

/* One entry of the ledger, as the view searches and sorts it: its texts
 * copied side by side (and case-folded for the search) in the view's
 * string chunk, so a search or a sort reads memory in order rather than
 * one map and string after another. Its position is its `seq`. */
typedef struct
{
  RdxValue   *entry;
  const char *id;       /* the entry's */
  const char *reverses; /* the entry's */
  const char *memo;     /* in the chunk, "" for none */
  const char *category; /* in the chunk, NULL for none */
  const char *folded_memo;
  const char *folded_category;
  gint64      at;
  gint64      amount;
  gint64      balance;        /* in the order of dates: what the row shows */
  gint64      booked_balance; /* the entry's own `balance` */
  RdxValue   *shown;          /* owned: the entry with `balance`, when the two differ */
} Line;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_clear_pointer (&line->shown, rdx_value_unref);
}

/* Sets the balance of @line, and the value its row shows it with. */
static void
line_set_balance (Line *line, gint64 balance)
{
  if (balance == line->booked_balance)
    g_clear_pointer (&line->shown, rdx_value_unref);
  else if (line->shown == NULL || balance != line->balance)
    bank_replace (&line->shown,
                  rdx_map_set_take (line->entry, "balance", rdx_value_new_int (balance)));
  line->balance = balance;
}

typedef struct
{
  /* The query */
  RdxValue  *ui; /* the /ui it was made for */
  char      *account;
  char      *search; /* case-folded */
  char      *category;
  BankColumn column;
  gboolean   descending;

  /* The selected account's ledger, as lines */
  RdxValue     *entries;
  GArray       *lines;
  GStringChunk *texts;
  GArray       *by_date; /* the lines' seqs (guint), by `at` then `seq` */
  GArray       *changed; /* seqs of older lines whose balance just changed */

  /* The rows */
  RdxValue *result;
  gboolean  incremental; /* adding appended entries to the rows */
  RdxValue *txns;        /* borrowed, while adding: where a reversed entry is */
  gboolean  lost;        /* a row to mark was not found: make them again */
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
  g_clear_pointer (&view->lines, g_array_unref);
  g_clear_pointer (&view->texts, g_string_chunk_free);
  g_clear_pointer (&view->by_date, g_array_unref);
  g_clear_pointer (&view->changed, g_array_unref);
  g_clear_pointer (&view->result, rdx_value_unref);
  g_free (view);
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
  view->category = g_strdup (rdx_map_get_string (ui, "category", ""));
  if (!bank_column_from_string (rdx_map_get_string (ui, "sort", NULL), &view->column))
    view->column = BANK_COLUMN_DATE;
  view->descending = rdx_map_get_bool (ui, "descending", FALSE);
}

static gboolean
matches (View *view, const Line *line)
{
  if (*view->category != '\0' && g_strcmp0 (line->category, view->category) != 0)
    return FALSE;
  return *view->search == '\0' || strstr (line->folded_memo, view->search) != NULL ||
         (line->folded_category != NULL && strstr (line->folded_category, view->search) != NULL);
}

static const Line *
line_of (View *view, RdxValue *row)
{
  gint64 seq = rdx_map_get_int (row, "seq", -1);

  return seq >= 0 && seq < view->lines->len ? &g_array_index (view->lines, Line, seq) : NULL;
}

/* The order of the rows: by the column (texts whatever the case, then
 * byte by byte), then as they were booked; all backwards when descending. */
static int
compare_lines (View *view, const Line *x, const Line *y)
{
  const char *s = NULL, *t = NULL;
  gint64      a = 0, b = 0;
  int         order;

  switch (view->column)
    {
      case BANK_COLUMN_DATE:
        a = x->at, b = y->at;
        break;
      case BANK_COLUMN_DESCRIPTION:
        s = x->memo, t = y->memo;
        break;
      case BANK_COLUMN_CATEGORY:
        s = x->category, t = y->category;
        break;
      case BANK_COLUMN_AMOUNT:
        a = x->amount, b = y->amount;
        break;
      case BANK_COLUMN_BALANCE:
        a = x->balance, b = y->balance;
        break;
    }
  if (view->column == BANK_COLUMN_DESCRIPTION || view->column == BANK_COLUMN_CATEGORY)
    {
      s = s != NULL ? s : "";
      t = t != NULL ? t : "";
      order = g_ascii_strcasecmp (s, t);
      order = order != 0 ? order : strcmp (s, t);
    }
  else
    order = a < b ? -1 : a > b;
  if (order == 0)
    order = x < y ? -1 : x > y; /* lines are in the order of seq */
  return view->descending ? -order : order;
}

static int
compare_line_pointers (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return compare_lines (user_data, *(const Line *const *) a, *(const Line *const *) b);
}

/* The first position in the rows that does not sort before @line. */
static guint
lower_bound (View *view, const Line *line)
{
  guint low = 0, high = rdx_list_length (view->result);

  while (low < high)
    {
      guint       middle = low + (high - low) / 2;
      const Line *other = line_of (view, rdx_list_get (view->result, middle));

      if (other != NULL && compare_lines (view, other, line) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* The row of @line: its entry, with `balance` the balance in the order of
 * dates when that is not the entry's own, and `reversed_by` when the
 * entry @reversal_id reversed it. */
static RdxValue *
row_new (const Line *line, const char *reversal_id)
{
  g_autoptr (RdxValue) row = rdx_value_ref (line->shown != NULL ? line->shown : line->entry);

  if (reversal_id != NULL)
    bank_replace (&row, rdx_map_set_take (row, "reversed_by", rdx_value_new_string (reversal_id)));
  return g_steal_pointer (&row);
}

/* Marks the row of the entry @reversal reverses, which the index says
 * where it is in this account's ledger. */
static void
mark_reversed (View *view, const Line *reversal)
{
  RdxValue   *txn = rdx_map_get (view->txns, reversal->reverses);
  RdxListIter postings;
  RdxValue   *posting;
  const Line *line = NULL;
  guint       position;
  g_autoptr (RdxValue) row = NULL;

  rdx_list_iter_init (&postings, rdx_map_get_list (txn, "postings"));
  while (line == NULL && rdx_list_iter_next (&postings, &posting))
    if (g_strcmp0 (rdx_map_get_string (posting, "account", NULL), view->account) == 0)
      {
        gint64 seq = rdx_map_get_int (posting, "seq", -1);

        line = seq >= 0 && seq < view->lines->len ? &g_array_index (view->lines, Line, seq) : NULL;
      }
  if (line == NULL || g_strcmp0 (line->id, reversal->reverses) != 0)
    {
      view->lost = TRUE;
      return;
    }
  if (!matches (view, line))
    return;
  position = lower_bound (view, line);
  if (position >= rdx_list_length (view->result) ||
      line_of (view, rdx_list_get (view->result, position)) != line)
    {
      view->lost = TRUE;
      return;
    }
  row = rdx_map_set_take (rdx_list_get (view->result, position), "reversed_by",
                          rdx_value_new_string (reversal->id));
  bank_replace (&view->result, rdx_list_set (view->result, position, row));
}

/* Appends the line of @entry, and with the rows kept up to date, its row
 * where it sorts. */
static const char *
copy_text (View *view, const char *text, gboolean fold)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return NULL;
  if (!fold)
    return g_string_chunk_insert_const (view->texts, text);
  folded = g_utf8_casefold (text, -1);
  return g_string_chunk_insert_const (view->texts, folded);
}

static void
append_cb (const char *account, RdxValue *entry, gpointer user_data)
{
  View       *view = user_data;
  const char *memo = rdx_map_get_string (entry, "memo", "");
  const char *category = rdx_map_get_string (entry, "category", NULL);
  Line        line = {
           .entry = entry,
           .id = rdx_map_get_string (entry, "id", ""),
           .reverses = rdx_map_get_string (entry, "reverses", NULL),
           .memo = copy_text (view, memo, FALSE),
           .category = copy_text (view, category, FALSE),
           .folded_memo = copy_text (view, memo, TRUE),
           .folded_category = copy_text (view, category, TRUE),
           .at = rdx_map_get_int (entry, "at", 0),
           .amount = rdx_map_get_int (entry, "amount", 0),
           .booked_balance = rdx_map_get_int (entry, "balance", 0),
  };

  line.balance = line.booked_balance;
  g_array_append_val (view->lines, line);
}

/* Whether the line of seq @a comes before that of seq @b in the order of
 * dates. */
static gboolean
before (View *view, guint a, guint b)
{
  gint64 x = g_array_index (view->lines, Line, a).at, y = g_array_index (view->lines, Line, b).at;

  return x < y || (x == y && a < b);
}

static int
compare_seqs_by_date (gconstpointer a, gconstpointer b, gpointer user_data)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x == y ? 0 : before (user_data, x, y) ? -1 : 1;
}

/* Adds the lines from seq @first on to by_date, and gives each line its
 * balance in the order of dates. Lines before @first whose balance
 * changed (those dated after an added one) are listed in view->changed. */
static void
dates_add (View *view, guint first)
{
  guint  old_n = view->by_date->len, n = view->lines->len;
  guint  from, p;
  gint64 total;

  g_array_set_size (view->changed, 0);
  /* The usual case: each added line is dated at or after all others. */
  for (from = first; from < n; from++)
    {
      guint last = view->by_date->len;

      if (last > 0 && before (view, from, g_array_index (view->by_date, guint, last - 1)))
        break;
      line_set_balance (&g_array_index (view->lines, Line, from),
                        bank_saturated_add (
                          last > 0 ? g_array_index (view->lines, Line,
                                                    g_array_index (view->by_date, guint, last - 1))
                                       .balance
                                   : 0,
                          g_array_index (view->lines, Line, from).amount));
      g_array_append_val (view->by_date, from);
    }
  if (from == n)
    return;

  /* Some dated earlier: sort the rest of the added ones, and merge them
   * in from where the earliest of them goes. */
  {
    g_autoptr (GArray) added = g_array_sized_new (FALSE, FALSE, sizeof (guint), n - from);
    g_autoptr (GArray) tail = NULL;
    guint low = 0, high, a = 0, b = 0;

    old_n = view->by_date->len;
    for (guint seq = from; seq < n; seq++)
      g_array_append_val (added, seq);
    g_array_sort_with_data (added, compare_seqs_by_date, view);
    high = old_n;
    while (low < high)
      {
        guint middle = low + (high - low) / 2;

        if (before (view, g_array_index (view->by_date, guint, middle),
                    g_array_index (added, guint, 0)))
          low = middle + 1;
        else
          high = middle;
      }
    p = low;
    tail = g_array_sized_new (FALSE, FALSE, sizeof (guint), old_n - p);
    g_array_append_vals (tail, &g_array_index (view->by_date, guint, p), old_n - p);
    g_array_set_size (view->by_date, p);
    while (a < tail->len || b < added->len)
      {
        guint next;

        if (b == added->len || (a < tail->len && before (view, g_array_index (tail, guint, a),
                                                         g_array_index (added, guint, b))))
          next = g_array_index (tail, guint, a++);
        else
          next = g_array_index (added, guint, b++);
        g_array_append_val (view->by_date, next);
      }
  }

  total = p > 0
            ? g_array_index (view->lines, Line, g_array_index (view->by_date, guint, p - 1)).balance
            : 0;
  for (guint i = p; i < view->by_date->len; i++)
    {
      guint seq = g_array_index (view->by_date, guint, i);
      Line *line = &g_array_index (view->lines, Line, seq);

      total = bank_saturated_add (total, line->amount);
      if (seq < first && line->balance != total)
        g_array_append_val (view->changed, seq);
      line_set_balance (line, total);
    }
}

/* Replaces the rows of the lines in view->changed: their balance is new. */
static void
update_changed (View *view)
{
  /* Sorted by balance, they move; and making all the rows again (a sort)
   * is quicker than finding and replacing more than a sixteenth of them
   * one by one. */
  if ((view->changed->len > 0 && view->column == BANK_COLUMN_BALANCE) ||
      view->changed->len > view->lines->len / 16)
    {
      view->lost = TRUE;
      return;
    }
  for (guint i = 0; i < view->changed->len && !view->lost; i++)
    {
      const Line *line =
        &g_array_index (view->lines, Line, g_array_index (view->changed, guint, i));
      guint position;
      g_autoptr (RdxValue) row = NULL;

      if (!matches (view, line))
        continue;
      position = lower_bound (view, line);
      if (position >= rdx_list_length (view->result) ||
          line_of (view, rdx_list_get (view->result, position)) != line)
        {
          view->lost = TRUE;
          return;
        }
      row = row_new (
        line, rdx_map_get_string (rdx_list_get (view->result, position), "reversed_by", NULL));
      bank_replace (&view->result, rdx_list_set (view->result, position, row));
    }
}

/* Adds the rows of the lines from seq @first on where they sort, and
 * marks the rows of the entries reversed by them. */
static void
add_rows (View *view, guint first)
{
  for (guint seq = first; seq < view->lines->len && !view->lost; seq++)
    {
      const Line *added = &g_array_index (view->lines, Line, seq);

      if (matches (view, added))
        {
          g_autoptr (RdxValue) row = row_new (added, NULL);

          bank_replace (&view->result,
                        rdx_list_insert (view->result, lower_bound (view, added), row));
        }
      if (added->reverses != NULL)
        mark_reversed (view, added);
    }
}

/* Brings the lines (and, when view->incremental, the rows) up to
 * @entries. */
static void
view_follow (View *view, RdxValue *entries)
{
  guint first = view->lines != NULL ? view->lines->len : 0;

  if (view->entries == NULL || view->lines == NULL ||
      !bank_list_for_each_new (view->entries, entries, view->account, append_cb, view))
    {
      RdxListIter iter;
      RdxValue   *entry;

      g_clear_pointer (&view->lines, g_array_unref);
      g_clear_pointer (&view->texts, g_string_chunk_free);
      view->lines = g_array_sized_new (FALSE, FALSE, sizeof (Line), rdx_list_length (entries));
      g_array_set_clear_func (view->lines, line_clear);
      view->texts = g_string_chunk_new (64 * 1024);
      g_clear_pointer (&view->by_date, g_array_unref);
      view->by_date = g_array_sized_new (FALSE, FALSE, sizeof (guint), rdx_list_length (entries));
      view->incremental = FALSE;
      first = 0;
      rdx_list_iter_init (&iter, entries);
      while (rdx_list_iter_next (&iter, &entry))
        append_cb (view->account, entry, view);
    }
  if (view->changed == NULL)
    view->changed = g_array_new (FALSE, FALSE, sizeof (guint));
  dates_add (view, first);
  bank_replace (&view->entries, rdx_value_ref (entries));
  if (view->incremental && !view->lost)
    {
      update_changed (view);
      add_rows (view, first);
    }
}

/* The rows made again from the lines. */
static void
view_rebuild (View *view)
{
  g_autoptr (GHashTable) reversed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  g_autoptr (RdxListBuilder) rows = rdx_list_builder_new (NULL);

  for (guint i = 0; i < view->lines->len; i++)
    {
      const Line *line = &g_array_index (view->lines, Line, i);

      /* A reversal is booked on the account of the entry it reverses. */
      if (line->reverses != NULL)
        g_hash_table_insert (reversed, (gpointer) line->reverses, (gpointer) line->id);
      /* Each row's reference is taken here, in the ledger's order, and
       * given to the list as it is: in the sorted order, each entry's
       * first touch was a cache miss (perf: 39% of a sort of 100,000
       * rows, in rdx_value_ref). */
      if (matches (view, line))
        {
          g_ptr_array_add (shown, (gpointer) line);
          rdx_value_ref (line->entry);
        }
    }
  g_ptr_array_sort_with_data (shown, compare_line_pointers, view);
  for (guint i = 0; i < shown->len; i++)
    {
      const Line *line = shown->pdata[i];
      const char *reversal_id =
        g_hash_table_size (reversed) > 0 ? g_hash_table_lookup (reversed, line->id) : NULL;

      if (reversal_id == NULL && line->shown == NULL)
        rdx_list_builder_append_take (rows, line->entry);
      else
        {
          rdx_list_builder_append_take (rows, row_new (line, reversal_id));
          rdx_value_unref (line->entry);
        }
    }
  g_clear_pointer (&view->result, rdx_value_unref);
  view->result = rdx_list_builder_end (g_steal_pointer (&rows));
  view->lost = FALSE;
}

/* [/ledger, /txns, /ui] → the selected account's rows */
static RdxValue *
select_view (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  View *view = user_data;
  g_autoptr (RdxValue) ui = inputs[2] != NULL ? rdx_value_ref (inputs[2]) : rdx_map_new ();
  gboolean same = view->result != NULL && same_query (view->ui, ui);
  gboolean same_account =
    same || (view->result != NULL &&
             g_strcmp0 (view->account, rdx_map_get_string (ui, "selected", NULL)) == 0);
  RdxValue *entries;

  if (!same)
    view_set_query (view, ui);
  entries = rdx_map_get_list (inputs[0], view->account != NULL ? view->account : "");
  if (same && entries == view->entries)
    return rdx_value_ref (view->result);

  /* Another account: its lines from scratch. The same one: the lines (and
   * with the same query, the rows) follow what was appended. */
  if (!same_account)
    g_clear_pointer (&view->entries, rdx_value_unref);
  view->incremental = same;
  view->txns = inputs[1];
  view_follow (view, entries);
  view->txns = NULL;
  if (!view->incremental || view->lost)
    view_rebuild (view);
  return rdx_value_ref (view->result);
}

/**
 * bank_selector_transactions_new:
 *
 * The transactions of the account selected in the views (`/ui/selected`),
 * as its view shows them: a list of rows, each a ledger entry (`id`,
 * `seq`, `at`, `kind`, `amount`, `balance`, and as they apply `memo`, `category`, `counterpart`, `reverses`,
 * `reason`), with `reversed_by` when it was reversed. Only those whose
 * description or category contains `/ui/search` (whatever the case) and
 * whose category is `/ui/category` (unless that is ""), sorted by
 * `/ui/sort` ("date", "description", "category", "amount" or "balance"),
 * then as they were booked, and the other way round when
 * `/ui/descending`.
 *
 * A row's `balance` is the account's balance after every entry up to and
 * including it in the order of dates (`at`, then `seq`), whatever the
 * order, search or filter: for an entry booked with an earlier date than
 * others, it differs from the entry's own `balance` in the ledger (the
 * running balance in the order of booking), and the rows of the entries
 * dated after it get new values with their new balances.
 *
 * A new transaction costs what inserting one row costs (O(log² n)), not
 * a new list: the selector keeps its rows up to date with what each
 * dispatch appended to the ledger, and makes them again only when the
 * query changes. Rows that did not change stay the same pointers, so an
 * #RdxListModel over it signals one inserted row.
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_transactions_new (void)
{
  return rdx_selector_new_for_paths (select_view, g_new0 (View, 1), view_free, "/ledger", "/txns",
                                     "/ui", NULL);
}

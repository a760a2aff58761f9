/* bank-ui.c: what the views show, under the transient key "ui"
 *
 * The selected account, the search and the category filter of its
 * transactions, their order, the chart's period and the month the
 * budgets show. The journal leaves this key and these actions out
 * (bank_journal_options_new()), so they never reach a file.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

static RdxValue *
sort (RdxValue *ui, RdxValue *payload, GError **error)
{
  RdxValue *column = rdx_map_get (payload, "column");
  RdxValue *descending = rdx_map_get (payload, "descending");
  g_autoptr (RdxValue) sorted = NULL;

  if (rdx_value_equal (rdx_map_get (ui, "sort"), column) &&
      rdx_value_equal (rdx_map_get (ui, "descending"), descending))
    return rdx_value_ref (ui);
  sorted = rdx_map_set (ui, "sort", column);
  return rdx_map_set (sorted, "descending", descending);
}

static RdxValue *
month (RdxValue *current, RdxValue *payload, GError **error)
{
  const char *text = rdx_value_get_string (payload);
  guint       m = (text[5] - '0') * 10 + (text[6] - '0');

  for (guint i = 0; i < 7; i++)
    if (i == 4 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      m = 0;
  if (m < 1 || m > 12)
    return bank_refuse (error, BANK_ERROR_INVALID, BANK_UI_MONTH,
                        "“%s” is not a month; write it as YYYY-MM, such as “2024-05”.", text);
  return bank_keep_or_take (current, payload, error);
}

const RdxSliceCase bank_ui_cases[] = {
  { BANK_UI_SELECT, "string 1..64 | null", bank_keep_or_take, "/ui/selected" },
  { BANK_UI_SEARCH, "string ..200", bank_keep_or_take, "/ui/search" },
  { BANK_UI_FILTER_CATEGORY, "string ..40", bank_keep_or_take, "/ui/category" },
  { BANK_UI_SORT,
    "{column: 'date' | 'description' | 'category' | 'amount' | 'balance', descending: bool}", sort,
    "/ui" },
  { BANK_UI_PERIOD, "'day' | 'week' | 'month'", bank_keep_or_take, "/ui/period" },
  { BANK_UI_MONTH, "string 7..7", month, "/ui/month" },
  { NULL },
};

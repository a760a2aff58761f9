/* bank-budgets.c: a monthly budget per spending category
 *
 * The feature docs/adding-a-feature.md builds, step by step.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

/* 1. The actions: budgets.set {category, currency, amount} and
 * budgets.remove "category". */

/**
 * bank_action_set_budget:
 * @category: a spending category
 * @currency: the ISO 4217 code of @amount
 * @amount: the most to spend on @category in a month, in minor units
 *
 * Returns: (transfer full): a `budgets.set` action
 */
RdxAction *
bank_action_set_budget (const char *category, const char *currency, gint64 amount)
{
  return rdx_action_new_take (BANK_BUDGETS_SET,
                              rdx_map_new_take ("category", rdx_value_new_string (category),
                                                "currency", rdx_value_new_string (currency),
                                                "amount", rdx_value_new_int (amount), NULL));
}

/**
 * bank_action_remove_budget:
 * @category: a category that has a budget
 *
 * Returns: (transfer full): a `budgets.remove` action
 */
RdxAction *
bank_action_remove_budget (const char *category)
{
  return rdx_action_new_take (BANK_BUDGETS_REMOVE, rdx_value_new_string (category));
}

/* 2. The cases, on /budgets: {category: {category, currency, amount}} */

static RdxValue *
set_budget (RdxValue *budgets, RdxValue *budget, GError **error)
{
  const char *currency = rdx_map_get_string (budget, "currency", "");

  if (!bank_currency_is_valid (currency))
    return bank_refuse (error, BANK_ERROR_INVALID_CURRENCY, BANK_BUDGETS_SET,
                        "“%s” is not a currency code; use three capital letters, such as “EUR”.",
                        currency);
  return rdx_map_set (budgets, rdx_map_get_string (budget, "category", ""), budget);
}

static RdxValue *
remove_budget (RdxValue *budgets, RdxValue *category, GError **error)
{
  const char *name = rdx_value_get_string (category);

  if (!rdx_map_contains (budgets, name))
    return bank_refuse (error, BANK_ERROR_UNKNOWN_BUDGET, BANK_BUDGETS_REMOVE,
                        "there is no budget for “%s”.", name);
  return rdx_map_remove (budgets, name);
}

const RdxSliceCase bank_budget_cases[] = {
  { BANK_BUDGETS_SET, "{category: string 1..40, currency: string 3..3, amount: int > 0}",
    set_budget, "/budgets" },
  { BANK_BUDGETS_REMOVE, "string 1..40", remove_budget, "/budgets" },
  { NULL },
};

/* 3. The selector: a row per budget, with what was spent in the month */

static RdxValue *
budget_row (RdxValue *budget, gpointer spent_in_month)
{
  RdxValue   *category = rdx_map_get (budget, "category");
  const char *currency = rdx_map_get_string (budget, "currency", "");
  RdxValue   *spent_on = rdx_map_get_map (spent_in_month, rdx_value_get_string (category));
  gint64      amount = rdx_map_get_int (budget, "amount", 0);
  gint64      spent = rdx_map_get_int (spent_on, currency, 0);
  gint64      left;

  if (__builtin_sub_overflow (amount, spent, &left))
    left = G_MAXINT64; /* refunds beyond 64 bits */
  return rdx_map_new_take ("category", rdx_value_ref (category), "currency",
                           rdx_value_new_string (currency), "amount", rdx_value_new_int (amount),
                           "spent", rdx_value_new_int (spent), "left", rdx_value_new_int (left),
                           "over", rdx_value_new_bool (spent > amount), NULL);
}

static int
by_category (RdxValue *a, RdxValue *b, gpointer user_data)
{
  return 0; /* rdx_map_sort() sorts ties by key: the category */
}

/* [/budgets, spending, /ui/month] → the rows */
static RdxValue *
select_budgets (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  const char *month = inputs[2] != NULL ? rdx_value_get_string (inputs[2]) : "";
  g_autoptr (RdxValue) rows = NULL;

  if (inputs[0] == NULL)
    return rdx_list_new ();
  rows = rdx_map_map (inputs[0], budget_row, rdx_map_get_map (inputs[1], month));
  return rdx_map_sort (rows, by_category, NULL);
}

/**
 * bank_selector_budgets_new:
 * @spending: a selector made by bank_selector_spending_new()
 *
 * The budgets of the month the views show (`/ui/month`), by category:
 * maps with `category`, `currency`, `amount`, `spent`, `left` and `over`
 * (more spent than the budget).
 *
 * Returns: (transfer full): a new selector
 */
RdxSelector *
bank_selector_budgets_new (RdxSelector *spending)
{
  g_autoptr (RdxSelector) budgets = rdx_selector_new_path ("/budgets");
  g_autoptr (RdxSelector) month = rdx_selector_new_path ("/ui/month");

  return rdx_selector_new (select_budgets, NULL, NULL, budgets, spending, month, NULL);
}

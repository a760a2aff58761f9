/* bank-demo.c: a deterministic history of realistic banking
 *
 * Households of three accounts (checking, savings, a credit card), the
 * fifth in US dollars, the others in euros. Each month: a salary, the
 * rent, bills, a transfer to savings, the credit card paid off; most
 * days: groceries, transport, now and then a restaurant, shopping, a
 * concert, the pharmacy. Once: a transfer that fails and is tried again,
 * and a charge taken twice and reversed. And budgets for the first
 * household's spending categories.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#define HOUR   (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define DAY    (24 * HOUR)

typedef struct
{
  char       *id;
  const char *currency;
  gint64      balance;
  gint64      limit;
} Account;

typedef struct
{
  gint64     at;
  RdxAction *action;
} Event;

typedef struct
{
  GRand     *rand;
  Account   *accounts;
  guint      n_accounts;
  GArray    *day; /* of Event: the day's actions, sorted by time at its end */
  GPtrArray *actions;
  guint      last_id;
  guint      n_transactions;
  guint      max_transactions;
} Demo;

typedef struct
{
  const char *category;
  double      probability; /* per day */
  gint64      low, high;   /* cents */
  int         hour;
  const char *memos[4];
} Spending;

/* clang-format off */
static const Spending spendings[] = {
  { "transport",   0.30,  250,  4000,  8, { "Metro ticket", "Fuel", "Train", "Bike repair" } },
  { "restaurants", 0.15, 1200,  5000, 13, { "Pizzeria", "Café", "Sushi bar", "Bistro" } },
  { "groceries",   0.45,  800,  9000, 18, { "Supermarket", "Bakery", "Farmers market", "Organic shop" } },
  { "shopping",    0.08, 1500, 12000, 19, { "Bookshop", "Clothing", "Electronics", "Hardware store" } },
  { "leisure",     0.05, 1000,  9000, 20, { "Cinema", "Concert", "Museum", "Swimming pool" } },
  { "health",      0.03,  500,  6000, 17, { "Pharmacy", "Dentist", "Optician", "Pharmacy" } },
};
/* clang-format on */

static gboolean
full (Demo *demo)
{
  return demo->max_transactions > 0 && demo->n_transactions >= demo->max_transactions;
}

static char *
next_id (Demo *demo)
{
  return g_strdup_printf ("demo-%06u", ++demo->last_id);
}

static gint64
between (Demo *demo, gint64 low, gint64 high)
{
  return low + (gint64) g_rand_double_range (demo->rand, 0, (double) (high - low + 1));
}

static void
emit (Demo *demo, gint64 at, RdxAction *action)
{
  Event event = { at, action };

  g_array_append_val (demo->day, event);
}

static void
deposit (Demo       *demo,
         Account    *account,
         gint64      amount,
         const char *memo,
         const char *category,
         gint64      at)
{
  g_autofree char *id = NULL;

  if (full (demo))
    return;
  id = next_id (demo);
  account->balance += amount;
  demo->n_transactions++;
  emit (demo, at, bank_action_deposit (account->id, id, amount, memo, category, at));
}

/* Returns the transaction's id, or NULL when the account cannot give
 * @amount. */
static char *
withdraw_id (Demo       *demo,
             Account    *account,
             gint64      amount,
             const char *memo,
             const char *category,
             gint64      at)
{
  char *id;

  if (full (demo) || amount > account->balance + account->limit)
    return NULL;
  id = next_id (demo);
  account->balance -= amount;
  demo->n_transactions++;
  emit (demo, at, bank_action_withdraw (account->id, id, amount, memo, category, at));
  return id;
}

static void
withdraw (Demo       *demo,
          Account    *account,
          gint64      amount,
          const char *memo,
          const char *category,
          gint64      at)
{
  g_free (withdraw_id (demo, account, amount, memo, category, at));
}

/* A transfer, settled by the bank 2 s after it was asked for, or failed
 * for @failure. */
static void
transfer (Demo       *demo,
          Account    *from,
          Account    *to,
          gint64      amount,
          const char *memo,
          gint64      at,
          const char *failure)
{
  g_autofree char *id = NULL;

  if (full (demo) || amount <= 0 || amount > from->balance + from->limit)
    return;
  id = next_id (demo);
  emit (demo, at, bank_action_request_transfer (id, from->id, to->id, amount, memo, at));
  if (failure != NULL)
    {
      emit (demo, at + 2 * G_USEC_PER_SEC,
            bank_action_fail_transfer (id, failure, "unavailable", at + 2 * G_USEC_PER_SEC));
      return;
    }
  from->balance -= amount;
  to->balance += amount;
  demo->n_transactions++;
  emit (demo, at + 2 * G_USEC_PER_SEC,
        bank_action_complete_transfer (id, NULL, at + 2 * G_USEC_PER_SEC));
}

static void
open_accounts (Demo *demo, gint64 start)
{
  static const char *const     names[] = { "Checking", "Savings", "Credit Card" };
  static const BankAccountKind kinds[] = { BANK_ACCOUNT_CHECKING, BANK_ACCOUNT_SAVINGS,
                                           BANK_ACCOUNT_CREDIT };
  static const gint64          limits[] = { 50000, 0, 200000 };

  for (guint i = 0; i < demo->n_accounts; i++)
    {
      Account         *account = &demo->accounts[i];
      guint            household = i / 3, role = i % 3;
      g_autofree char *name = household == 0
                                ? g_strdup (names[role])
                                : g_strdup_printf ("%s %u", names[role], household + 1);
      gint64           at = start + i * MINUTE;

      account->id = g_strdup_printf ("acc-%u", i + 1);
      account->currency = household % 5 == 4 ? "USD" : "EUR";
      account->limit = limits[role];
      emit (demo, at,
            bank_action_open_account (account->id, name, kinds[role], account->currency,
                                      account->limit, at));
      if (role < 2)
        deposit (demo, account,
                 role == 0 ? between (demo, 150000, 400000) : between (demo, 200000, 1000000),
                 "Opening balance", NULL, at + 1);
    }
}

/* One household's day: @accounts are its checking account, and its
 * savings and credit card when it has them (NULL otherwise). */
static void
live_day (Demo      *demo,
          Account   *checking,
          Account   *savings,
          Account   *card,
          GDateTime *date,
          gint64     day,
          guint      household)
{
  int    dom = g_date_time_get_day_of_month (date);
  gint64 salary = 280000 + household % 7 * 30000;
  gint64 rent = 80000 + household % 5 * 12000;

  if (dom == 1)
    withdraw (demo, checking, rent, "Rent", "rent", day + 7 * HOUR);
  if (dom == 3 && card != NULL && card->balance < 0)
    transfer (demo, checking, card, MIN (-card->balance, checking->balance), "Credit card payment",
              day + 7 * HOUR + 10 * MINUTE, NULL);
  if (dom == 5)
    withdraw (demo, checking, between (demo, 4000, 12000), "Electricity", "utilities",
              day + 7 * HOUR + 20 * MINUTE);
  if (dom == 12)
    withdraw (demo, checking, 2999, "Internet", "utilities", day + 7 * HOUR + 20 * MINUTE);
  if (dom == 25)
    deposit (demo, checking, salary + between (demo, 0, 5000), "Salary", "income", day + 6 * HOUR);
  if (dom == 26 && savings != NULL)
    transfer (demo, checking, savings, between (demo, 100, 400) * 100, "Savings", day + 7 * HOUR,
              NULL);

  for (guint i = 0; i < G_N_ELEMENTS (spendings); i++)
    {
      const Spending *s = &spendings[i];
      gint64          at = day + s->hour * HOUR + between (demo, 0, 50) * MINUTE;
      Account        *from =
        card != NULL && (i == 3 || g_rand_double (demo->rand) < 0.3) ? card : checking;

      if (g_rand_double (demo->rand) < s->probability)
        withdraw (demo, from, between (demo, s->low, s->high),
                  s->memos[g_rand_int_range (demo->rand, 0, 4)], s->category, at);
    }
}

/* The unusual days of the first household: a transfer the bank fails,
 * tried again an hour later; a charge taken twice, the second reversed. */
static void
live_events (Demo *demo, guint d, gint64 day)
{
  Account         *checking = &demo->accounts[0];
  Account         *savings = demo->n_accounts > 1 ? &demo->accounts[1] : NULL;
  g_autofree char *twice = NULL;

  if (d == 20 && savings != NULL)
    {
      transfer (demo, checking, savings, 25000, "Holiday savings", day + 9 * HOUR,
                "The bank could not process the transfer right now. Try again later.");
      transfer (demo, checking, savings, 25000, "Holiday savings", day + 10 * HOUR, NULL);
    }
  if (d == 40)
    {
      withdraw (demo, checking, 4780, "Supermarket", "groceries", day + 16 * HOUR);
      twice =
        withdraw_id (demo, checking, 4780, "Supermarket", "groceries", day + 16 * HOUR + MINUTE);
      if (twice != NULL && !full (demo))
        {
          g_autofree char *id = next_id (demo);

          checking->balance += 4780;
          demo->n_transactions++;
          emit (demo, day + 21 * HOUR,
                bank_action_reverse (twice, id, "Charged twice", day + 21 * HOUR));
        }
    }
}

static void
set_budgets (Demo *demo, gint64 at)
{
  static const struct
  {
    const char *category;
    gint64      amount;
  } budgets[] = {
    { "groceries", 40000 }, { "restaurants", 15000 }, { "transport", 12000 },
    { "shopping", 20000 },  { "leisure", 6000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (budgets); i++)
    emit (
      demo, at,
      bank_action_set_budget (budgets[i].category, demo->accounts[0].currency, budgets[i].amount));
}

static int
by_time (gconstpointer a, gconstpointer b)
{
  gint64 x = ((const Event *) a)->at, y = ((const Event *) b)->at;

  return x < y ? -1 : x > y;
}

/* Moves the day's actions to the history, in the order of time (the sort
 * is stable: one household's actions are already in order). */
static void
end_day (Demo *demo)
{
  g_array_sort (demo->day, by_time);
  for (guint i = 0; i < demo->day->len; i++)
    g_ptr_array_add (demo->actions, g_array_index (demo->day, Event, i).action);
  g_array_set_size (demo->day, 0);
}

/**
 * bank_demo_generate:
 * @seed: the seed: the same arguments always give the same actions
 * @n_accounts: how many accounts, at least 1: households of a checking
 *   account, a savings account and a credit card, the last one maybe
 *   incomplete
 * @start: the first day, in microseconds since the Unix epoch (UTC)
 * @n_days: how many days of history
 * @max_transactions: stop after this many transactions (deposits,
 *   withdrawals, completed transfers, reversals), or 0 for no limit
 *
 * A realistic banking history as the actions that make it, for
 * `rdx-bank --demo`, the benchmarks and the tests: the accounts opened,
 * budgets set, then each day's salaries, rent, bills, groceries and the
 * rest (with categories), transfers to savings and to pay the credit
 * cards (each `transfers.requested` followed by its `transfers.completed`,
 * as the bank would settle it), one transfer that fails, and one charge
 * reversed. The reducer accepts every action. Times and ids are in the
 * actions, so a journal of them replays to the same state.
 *
 * Returns: (transfer container) (element-type RdxAction): the actions, in
 *   the order of time
 */
GPtrArray *
bank_demo_generate (guint32 seed,
                    guint   n_accounts,
                    gint64  start,
                    guint   n_days,
                    guint   max_transactions)
{
  Demo demo = { 0 };
  g_autoptr (GDateTime) first = NULL;

  g_return_val_if_fail (n_accounts > 0, NULL);

  demo.rand = g_rand_new_with_seed (seed);
  demo.n_accounts = n_accounts;
  demo.accounts = g_new0 (Account, n_accounts);
  demo.day = g_array_new (FALSE, FALSE, sizeof (Event));
  demo.actions = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  demo.max_transactions = max_transactions;

  open_accounts (&demo, start);
  set_budgets (&demo, start + n_accounts * MINUTE);
  end_day (&demo);

  first = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  for (guint d = 0; first != NULL && d < n_days && !full (&demo); d++)
    {
      g_autoptr (GDateTime) date = g_date_time_add_days (first, d);
      gint64 day = start + d * DAY;

      for (guint h = 0; date != NULL && h * 3 < n_accounts; h++)
        {
          Account *household = &demo.accounts[h * 3];
          guint    size = MIN (3, n_accounts - h * 3);

          live_day (&demo, household, size > 1 ? household + 1 : NULL,
                    size > 2 ? household + 2 : NULL, date, day, h);
        }
      live_events (&demo, d, day);
      end_day (&demo);
    }

  for (guint i = 0; i < n_accounts; i++)
    g_free (demo.accounts[i].id);
  g_free (demo.accounts);
  g_array_unref (demo.day);
  g_rand_free (demo.rand);
  return demo.actions;
}

/* test-bank-money.c: amounts of money as text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <limits.h>
#include <string.h>

#include <rdx.h>

#include "bank-money.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

/* Monetary conventions made by hand, so the tests need no installed
 * locale. */
static struct lconv
conventions (const char *point,
             const char *separator,
             const char *grouping,
             char        precedes,
             char        space,
             char        sign_position)
{
  struct lconv lc;

  memset (&lc, 0, sizeof lc);
  lc.decimal_point = (char *) ".";
  lc.thousands_sep = (char *) "";
  lc.grouping = (char *) "";
  lc.currency_symbol = (char *) "¤";
  lc.mon_decimal_point = (char *) point;
  lc.mon_thousands_sep = (char *) separator;
  lc.mon_grouping = (char *) grouping;
  lc.positive_sign = (char *) "";
  lc.negative_sign = (char *) "-";
  lc.p_cs_precedes = lc.n_cs_precedes = precedes;
  lc.p_sep_by_space = lc.n_sep_by_space = space;
  lc.p_sign_posn = lc.n_sign_posn = sign_position;
  return lc;
}

static void
assert_money (const struct lconv *lc, gint64 cents, const char *symbol, const char *expected)
{
  g_autofree char *text = bank_format_money_with_conventions (cents, symbol, lc);

  assert_string_equal (text, expected);
}

static void
test_money_formatting (void **state)
{
  struct lconv en = conventions (".", ",", "\3\3", 1, 0, 1);
  struct lconv de = conventions (",", ".", "\3\3", 0, 1, 1);
  struct lconv in = conventions (".", ",", "\3\2", 1, 0, 1);
  struct lconv c = conventions ("", "", "", CHAR_MAX, CHAR_MAX, CHAR_MAX);
  struct lconv paren = conventions (".", ",", "\3", 1, 0, 0);
  struct lconv after = conventions (".", ",", "\3", 1, 2, 4);

  assert_money (&en, 123456, "€", "€1,234.56");
  assert_money (&en, -123456, "$", "-$1,234.56");
  assert_money (&en, 5, "$", "$0.05");
  assert_money (&en, 0, "$", "$0.00");
  assert_money (&en, 100000000, "$", "$1,000,000.00");
  assert_money (&en, 99999, NULL, "¤999.99");
  assert_money (&en, 99999, "", "999.99");
  assert_money (&de, 123456, "€", "1.234,56 €");
  assert_money (&de, -123456, "€", "-1.234,56 €");
  assert_money (&in, 1234567800, "₹", "₹1,23,45,678.00");
  assert_money (&c, 123456, "€", "€1234.56");
  assert_money (&c, -1, "€", "-€0.01");
  assert_money (&paren, -123456, "$", "($1,234.56)");
  assert_money (&after, -123456, "$", "$ -1,234.56");
  /* Every cent exact, to the limits of 64 bits. */
  assert_money (&en, G_MAXINT64, "", "92,233,720,368,547,758.07");
  assert_money (&en, G_MININT64, "", "-92,233,720,368,547,758.08");
}

/* Through the locale: the C locale of the tests, and a transform of a
 * bound value. */
static void
test_money_in_the_current_locale (void **state)
{
  g_autoptr (RdxValue) cents = rdx_value_new_int (-123456);
  g_autoptr (RdxValue) text = rdx_value_new_string ("12");
  g_auto (GValue) value = G_VALUE_INIT;
  g_autofree char *expected = bank_format_money_with_conventions (-123456, "€", localeconv ());
  g_autofree char *formatted = bank_format_money (-123456, "€");

  assert_string_equal (formatted, expected);

  g_value_init (&value, G_TYPE_STRING);
  assert_true (bank_transform_money (cents, &value, (gpointer) "€"));
  assert_string_equal (g_value_get_string (&value), expected);
  assert_true (bank_transform_money (NULL, &value, (gpointer) "€"));
  assert_string_equal (g_value_get_string (&value), "");
  assert_false (bank_transform_money (text, &value, (gpointer) "€"));
  assert_string_equal (g_value_get_string (&value), "");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_money_formatting),
    rdx_test_leak_checked (test_money_in_the_current_locale),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("bank-money", tests, NULL, NULL);
}

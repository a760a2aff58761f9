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

static void
test_currencies (void **state)
{
  struct lconv     en = conventions (".", ",", "\3\3", 1, 0, 1);
  struct lconv     de = conventions (",", ".", "\3\3", 0, 1, 1);
  g_autofree char *eur = bank_format_amount_with_conventions (123456, "EUR", &en);
  g_autofree char *jpy = bank_format_amount_with_conventions (123456, "JPY", &en);
  g_autofree char *kwd = bank_format_amount_with_conventions (-123456, "KWD", &de);
  g_autofree char *xyz = bank_format_amount_with_conventions (5, "XYZ", &de);
  g_autofree char *plain = bank_format_decimal (-123456, 2);
  g_autofree char *whole = bank_format_decimal (12, 0);
  g_autofree char *thousandths = bank_format_decimal (5, 3);

  assert_true (bank_currency_is_valid ("EUR"));
  assert_false (bank_currency_is_valid ("eur"));
  assert_false (bank_currency_is_valid ("EURO"));
  assert_false (bank_currency_is_valid ("EU"));
  assert_false (bank_currency_is_valid (NULL));
  assert_int_equal (bank_currency_get_digits ("EUR"), 2);
  assert_int_equal (bank_currency_get_digits ("JPY"), 0);
  assert_int_equal (bank_currency_get_digits ("KWD"), 3);
  assert_int_equal (bank_currency_get_digits ("XYZ"), 2);
  assert_string_equal (bank_currency_get_symbol ("USD"), "$");
  assert_string_equal (bank_currency_get_symbol ("XYZ"), "XYZ");

  assert_string_equal (eur, "€1,234.56");
  assert_string_equal (jpy, "¥123,456");
  assert_string_equal (kwd, "-123,456 KWD");
  assert_string_equal (xyz, "0,05 XYZ");
  assert_string_equal (plain, "-1234.56");
  assert_string_equal (whole, "12");
  assert_string_equal (thousandths, "0.005");
}

static void
test_money_closure (void **state)
{
  g_autoptr (RdxValue) row = rdx_test_value ("{\"amount\": -1250, \"memo\": \"x\"}");
  g_autoptr (RdxValue) cents = rdx_value_new_int (99);
  g_autofree char *expected = bank_format_amount (-1250, "EUR");
  g_autofree char *direct = bank_format_amount (99, "USD");
  g_autofree char *formatted = bank_expr_format_money (NULL, row, "amount", "EUR");
  g_autofree char *itself = bank_expr_format_money (NULL, cents, NULL, "USD");
  g_autofree char *text = bank_expr_format_money (NULL, row, "memo", "EUR");
  g_autofree char *missing = bank_expr_format_money (NULL, row, "balance", "EUR");
  g_autofree char *nothing = bank_expr_format_money (NULL, NULL, "amount", "EUR");
  g_autofree char *no_currency = bank_expr_format_money (NULL, row, "amount", NULL);

  assert_string_equal (formatted, expected);
  assert_string_equal (itself, direct);
  assert_string_equal (text, "");
  assert_string_equal (missing, "");
  assert_string_equal (nothing, "");
  assert_string_equal (no_currency, "");
}

/* Parses @text as @currency with @lc, expecting @minor. */
static void
assert_parsed (const struct lconv *lc, const char *text, const char *currency, gint64 minor)
{
  g_autoptr (GError) error = NULL;
  gint64 value = 0;

  if (!bank_parse_money_with_conventions (text, currency, lc, BANK_PARSE_DEFAULT, &value, &error))
    fail_msg ("\"%s\" was refused: %s", text, error->message);
  if (value != minor)
    fail_msg ("\"%s\" gave %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT, text, value, minor);
}

/* Parses @text, expecting the error @code with the message @message. */
static void
assert_refused (const struct lconv *lc,
                const char         *text,
                const char         *currency,
                BankParseFlags      flags,
                int                 code,
                const char         *message)
{
  g_autoptr (GError) error = NULL;
  gint64 value = 42;

  if (bank_parse_money_with_conventions (text, currency, lc, flags, &value, &error))
    fail_msg ("\"%s\" was read as %" G_GINT64_FORMAT, text, value);
  assert_error (error, BANK_MONEY_ERROR, code);
  assert_string_equal (error->message, message);
  assert_int_equal (value, 42); /* untouched */
}

static void
test_parse_amounts (void **state)
{
  struct lconv en = conventions (".", ",", "\3\3", 1, 0, 1);
  struct lconv de = conventions (",", ".", "\3\3", 0, 1, 1);
  struct lconv fr = conventions (",", "\u202f", "\3\3", 0, 1, 1);

  /* What people type, in either convention. */
  assert_parsed (&en, "1,234.56", "EUR", 123456);
  assert_parsed (&en, "1.234,56", "EUR", 123456);
  assert_parsed (&de, "1.234,56", "EUR", 123456);
  assert_parsed (&de, "1,234.56", "EUR", 123456);
  assert_parsed (&en, "12", "EUR", 1200);
  assert_parsed (&en, "12.5", "EUR", 1250);
  assert_parsed (&en, "12.50", "EUR", 1250);
  assert_parsed (&en, "12.500", "EUR", 1250); /* zeros beyond the cents */
  assert_parsed (&en, ".5", "EUR", 50);
  assert_parsed (&en, "5.", "EUR", 500);
  assert_parsed (&en, "0", "EUR", 0);
  assert_parsed (&en, "007", "EUR", 700);
  /* One separator: the locale's decimal point, or grouping when it is not
   * the locale's and three digits follow. */
  assert_parsed (&en, "1,234", "EUR", 123400);
  assert_parsed (&de, "1.234", "EUR", 123400);
  assert_parsed (&de, "12,5", "EUR", 1250);
  assert_parsed (&en, "12,5", "EUR", 1250);
  assert_parsed (&de, "1.5", "EUR", 150);
  assert_parsed (&en, "1,234,567", "EUR", 123456700);
  assert_parsed (&en, "1.234.567", "EUR", 123456700);
  assert_parsed (&en, "1,23,45,678.90", "INR", 1234567890); /* India */
  /* Spaces and apostrophes group too. */
  assert_parsed (&fr, "1\u202f234,56", "EUR", 123456);
  assert_parsed (&fr, "1 234,56", "EUR", 123456);
  assert_parsed (&en, "1\u00a0234.56", "EUR", 123456);
  assert_parsed (&en, "1'234.56", "CHF", 123456);
  assert_parsed (&en, "1’234.56", "CHF", 123456);
  /* Signs, symbols, codes, spaces around. */
  assert_parsed (&en, "  42  ", "EUR", 4200);
  assert_parsed (&en, "-12.34", "EUR", -1234);
  assert_parsed (&en, "+12.34", "EUR", 1234);
  assert_parsed (&en, "−12.34", "EUR", -1234);
  assert_parsed (&en, "12.34-", "EUR", -1234);
  assert_parsed (&en, "(12.34)", "EUR", -1234);
  assert_parsed (&en, "€12.50", "EUR", 1250);
  assert_parsed (&en, "-€12.50", "EUR", -1250);
  assert_parsed (&en, "€ -12.50", "EUR", -1250);
  assert_parsed (&de, "12,50 €", "EUR", 1250);
  assert_parsed (&en, "EUR 12.50", "EUR", 1250);
  assert_parsed (&en, "12.50 eur", "EUR", 1250);
  assert_parsed (&en, "$1,000", "USD", 100000);
  /* Other minor units. */
  assert_parsed (&en, "1,234", "JPY", 1234);
  assert_parsed (&en, "1234", "JPY", 1234);
  assert_parsed (&en, "12.345", "KWD", 12345);
  assert_parsed (&en, "12.3", "KWD", 12300);
  /* The limits of 64 bits, exactly. */
  assert_parsed (&en, "92,233,720,368,547,758.07", "EUR", G_MAXINT64);
  assert_parsed (&en, "-92233720368547758.07", "EUR", -G_MAXINT64);
  assert_parsed (&en, "9223372036854775807", "JPY", G_MAXINT64);
}

static void
test_parse_refusals (void **state)
{
  struct lconv en = conventions (".", ",", "\3\3", 1, 0, 1);
  struct lconv de = conventions (",", ".", "\3\3", 0, 1, 1);
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gint64 value = 0;

  assert_refused (&en, "", "EUR", 0, BANK_MONEY_ERROR_EMPTY, "Enter an amount.");
  assert_refused (&en, " \t ", "EUR", 0, BANK_MONEY_ERROR_EMPTY, "Enter an amount.");
  assert_refused (&en, "abc", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“abc” is not an amount: “a” is not a digit.");
  assert_refused (&en, "12a", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“12a” is not an amount: “a” is not a digit.");
  assert_refused (&en, "1e5", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“1e5” is not an amount: “e” is not a digit.");
  assert_refused (&en, "--5", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“--5” is not an amount: “-” is not a digit.");
  assert_refused (&en, "$12", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“$12” is not an amount: “$” is not a digit.");
  assert_refused (&en, "١٢", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“١٢” is not an amount: “١” is not a digit.");
  assert_refused (&en, "€", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“€” is not an amount: it has no digits.");
  assert_refused (&en, ".", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“.” is not an amount: it has no digits.");
  assert_refused (&en, "-", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“-” is not an amount: it has no digits.");
  assert_refused (&en, "1,2.3.4", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“1,2.3.4” is not an amount: it has more than one “.” after its digit groups.");
  assert_refused (&en, "1,23,4", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“1,23,4” is not an amount: its digits are not grouped in threes, as in "
                  "“1,234,567”.");
  assert_refused (&en, "1,,234", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“1,,234” is not an amount: its digits are not grouped in threes, as in "
                  "“1,234,567”.");
  assert_refused (&en, "1234,567.00", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“1234,567.00” is not an amount: its digits are not grouped in threes, as in "
                  "“1,234,567”.");
  assert_refused (&en, "12 34", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“12 34” is not an amount: its digits are not grouped in threes, as in "
                  "“1,234,567”.");
  assert_refused (&en, "1.2 3", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“1.2 3” is not an amount: only digits may follow its decimal separator.");
  assert_refused (&en, "1.234", "EUR", 0, BANK_MONEY_ERROR_PRECISION,
                  "EUR amounts have at most 2 decimal places; “1.234” has 3.");
  assert_refused (&de, "1,234", "EUR", 0, BANK_MONEY_ERROR_PRECISION,
                  "EUR amounts have at most 2 decimal places; “1,234” has 3.");
  assert_refused (&en, "0.001", "EUR", 0, BANK_MONEY_ERROR_PRECISION,
                  "EUR amounts have at most 2 decimal places; “0.001” has 3.");
  assert_refused (&en, "12.5", "JPY", 0, BANK_MONEY_ERROR_PRECISION,
                  "JPY amounts have no decimal places, so “12.5” cannot be one.");
  assert_refused (&en, "92233720368547758.08", "EUR", 0, BANK_MONEY_ERROR_OVERFLOW,
                  "“92233720368547758.08” is too large: the largest amount is "
                  "92233720368547758.07 EUR.");
  assert_refused (&en, "-92233720368547758.08", "EUR", 0, BANK_MONEY_ERROR_OVERFLOW,
                  "“-92233720368547758.08” is too large: the largest amount is "
                  "92233720368547758.07 EUR.");
  assert_refused (&en, "9223372036854775808", "JPY", 0, BANK_MONEY_ERROR_OVERFLOW,
                  "“9223372036854775808” is too large: the largest amount is "
                  "9223372036854775807 JPY.");
  assert_refused (&en, "99999999999999999999999999", "EUR", 0, BANK_MONEY_ERROR_OVERFLOW,
                  "“99999999999999999999999999” is too large: the largest amount is "
                  "92233720368547758.07 EUR.");
  assert_refused (&en, "0", "EUR", BANK_PARSE_POSITIVE, BANK_MONEY_ERROR_NOT_POSITIVE,
                  "The amount must be above zero, and “0” is not.");
  assert_refused (&en, "-5", "EUR", BANK_PARSE_POSITIVE, BANK_MONEY_ERROR_NOT_POSITIVE,
                  "The amount must be above zero, and “-5” is not.");
  assert_refused (&en, "0.00", "EUR", BANK_PARSE_POSITIVE, BANK_MONEY_ERROR_NOT_POSITIVE,
                  "The amount must be above zero, and “0.00” is not.");
  assert_refused (&en, "\xff\xfe", "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "The amount is not valid text (UTF-8).");

  /* Long garbage is quoted short. */
  for (guint i = 0; i < 100; i++)
    g_string_append_c (long_text, 'x');
  assert_refused (&en, long_text->str, "EUR", 0, BANK_MONEY_ERROR_INVALID,
                  "“xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…” is not an amount: “x” is not a "
                  "digit.");

  /* Positive amounts pass with the flag. */
  assert_true (
    bank_parse_money_with_conventions ("0.01", "EUR", &en, BANK_PARSE_POSITIVE, &value, &error));
  assert_int_equal (value, 1);
  assert_null (error);
}

/* Every amount formatted with the conventions reads back as itself. */
static void
test_parse_round_trip (void **state)
{
  struct lconv        en = conventions (".", ",", "\3\3", 1, 0, 1);
  struct lconv        de = conventions (",", ".", "\3\3", 0, 1, 1);
  struct lconv        in = conventions (".", ",", "\3\2", 1, 0, 1);
  const struct lconv *all[] = { &en, &de, &in };
  const char         *currencies[] = { "EUR", "JPY", "KWD", "USD" };
  GRand              *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 3000; i++)
    {
      const struct lconv *lc = all[i % G_N_ELEMENTS (all)];
      const char         *currency = currencies[i % G_N_ELEMENTS (currencies)];
      /* 63 random bits, fewer and fewer: amounts of every size. */
      guint64          bits = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
      gint64           minor = (gint64) (bits >> (1 + i % 63));
      g_autofree char *text = NULL;
      g_autoptr (GError) error = NULL;
      gint64 back = 0;

      minor = i % 2 ? -minor : minor;
      if (i == 0)
        minor = G_MAXINT64;
      text = bank_format_amount_with_conventions (minor, currency, lc);
      if (!bank_parse_money_with_conventions (text, currency, lc, 0, &back, &error))
        fail_msg ("\"%s\" did not read back: %s", text, error->message);
      assert_int_equal (back, minor);
    }
  g_rand_free (rand);
}

/* Whatever is typed, no crash, and either an amount or an error. */
static void
test_parse_garbage (void **state)
{
  struct lconv en = conventions (".", ",", "\3\3", 1, 0, 1);
  const char   alphabet[] = "0123456789.,- +()€$'eE\xc2\xa0x";
  GRand       *rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < 20000; i++)
    {
      char   text[16];
      guint  n = g_rand_int_range (rand, 0, sizeof text);
      gint64 value = 0;
      g_autoptr (GError) error = NULL;
      gboolean ok;

      for (guint j = 0; j < n; j++)
        text[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      text[n] = '\0';
      ok = bank_parse_money_with_conventions (text, "EUR", &en, 0, &value, &error);
      assert_true (ok == (error == NULL));
      if (!ok)
        assert_true (error->domain == BANK_MONEY_ERROR && error->message[0] != '\0');
    }
  g_rand_free (rand);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_money_formatting),
    rdx_test_leak_checked (test_money_in_the_current_locale),
    rdx_test_leak_checked (test_currencies),
    rdx_test_leak_checked (test_money_closure),
    rdx_test_leak_checked (test_parse_amounts),
    rdx_test_leak_checked (test_parse_refusals),
    rdx_test_leak_checked (test_parse_round_trip),
    rdx_test_leak_checked (test_parse_garbage),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("bank-money", tests, NULL, NULL);
}

/* bank-money.c: amounts of money as people read them
 *
 * The bank keeps every amount as an integer number of cents (minor units),
 * never a double; this is where an amount becomes text, with the monetary
 * conventions of the locale and the currency's symbol.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-money.h"

#include <limits.h>

static const char *
non_empty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* Appends @units with the locale's digit grouping (@grouping as in
 * struct lconv: sizes from the right, 0 repeats the last, CHAR_MAX stops). */
static void
append_grouped (GString *out, guint64 units, const char *separator, const char *grouping)
{
  char     digits[24];
  gboolean separator_before[24] = { FALSE };
  int      len = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, units);
  int      i, from_right = 0;

  if (separator != NULL && grouping != NULL)
    {
      const char *size = grouping;

      while (*size > 0 && *size != CHAR_MAX)
        {
          from_right += *size;
          if (from_right >= len)
            break;
          separator_before[len - from_right] = TRUE;
          if (size[1] != 0)
            size++;
        }
    }

  for (i = 0; i < len; i++)
    {
      if (separator_before[i])
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

/* The symbol with a sign next to it (sign positions 3 and 4). */
static void
append_symbol (GString *out, const char *symbol, const char *sign, char sign_position, char space)
{
  const char *gap = space == 2 && *sign != '\0' && *symbol != '\0' ? " " : "";

  if (sign_position == 3)
    g_string_append_printf (out, "%s%s%s", sign, gap, symbol);
  else if (sign_position == 4)
    g_string_append_printf (out, "%s%s%s", symbol, gap, sign);
  else
    g_string_append (out, symbol);
}

/**
 * bank_format_money_with_conventions:
 * @cents: an amount in minor units (cents)
 * @currency_symbol: (nullable): the symbol to show, or %NULL for the
 *   conventions' own
 * @conventions: the monetary conventions to follow
 *
 * bank_format_money() with the monetary conventions of @conventions
 * instead of the current locale's, so tests need no installed locale.
 *
 * Returns: (transfer full): the text
 */
char *
bank_format_money_with_conventions (gint64              cents,
                                    const char         *currency_symbol,
                                    const struct lconv *lc)
{
  gboolean    negative = cents < 0;
  guint64     magnitude = negative ? (guint64) 0 - (guint64) cents : (guint64) cents;
  const char *point = non_empty (lc->mon_decimal_point);
  const char *symbol = currency_symbol != NULL ? currency_symbol : lc->currency_symbol;
  const char *sign = negative ? non_empty (lc->negative_sign) : lc->positive_sign;
  char        precedes = negative ? lc->n_cs_precedes : lc->p_cs_precedes;
  char        space = negative ? lc->n_sep_by_space : lc->p_sep_by_space;
  char        position = negative ? lc->n_sign_posn : lc->p_sign_posn;
  g_autoptr (GString) number = g_string_new (NULL);
  g_autoptr (GString) side = g_string_new (NULL);
  GString    *out = g_string_new (NULL);
  const char *gap;

  /* CHAR_MAX means "not given" (the C locale): "$1.00", "-$1.00". */
  point = point != NULL ? point : non_empty (lc->decimal_point);
  symbol = symbol != NULL ? symbol : "";
  sign = sign != NULL ? sign : (negative ? "-" : "");
  precedes = precedes == CHAR_MAX ? 1 : precedes;
  space = space == CHAR_MAX ? 0 : space;
  position = position == CHAR_MAX ? 1 : position;

  append_grouped (number, magnitude / 100, non_empty (lc->mon_thousands_sep), lc->mon_grouping);
  g_string_append_printf (number, "%s%02u", point != NULL ? point : ".", (guint) (magnitude % 100));

  append_symbol (side, symbol, sign, position, space);
  gap = space == 1 && side->len > 0 ? " " : "";

  if (position == 0)
    g_string_append_c (out, '(');
  else if (position == 1 && *sign != '\0')
    g_string_append_printf (out, "%s%s", sign, space == 2 ? " " : "");
  if (precedes)
    g_string_append_printf (out, "%s%s%s", side->str, gap, number->str);
  else
    g_string_append_printf (out, "%s%s%s", number->str, gap, side->str);
  if (position == 0)
    g_string_append_c (out, ')');
  else if (position == 2 && *sign != '\0')
    g_string_append_printf (out, "%s%s", space == 2 ? " " : "", sign);

  return g_string_free (out, FALSE);
}

/**
 * bank_format_money:
 * @cents: an amount in minor units (cents)
 * @currency_symbol: (nullable): the symbol to show, such as "€", or %NULL
 *   for the locale's own
 *
 * Formats an amount of money with the monetary conventions of the current
 * locale (LC_MONETARY): digit grouping, decimal point, where the symbol
 * and the sign go. With en_US, 123456 cents and "€" give "€1,234.56"; with
 * de_DE, "1.234,56 €". The amount stays an integer throughout (never a
 * double), so every cent is exact. Call it on one thread at a time, as it
 * reads localeconv().
 *
 * Returns: (transfer full): the text
 */
char *
bank_format_money (gint64 cents, const char *currency_symbol)
{
  return bank_format_money_with_conventions (cents, currency_symbol, localeconv ());
}

/**
 * bank_transform_money:
 * @value: (nullable): an integer number of cents
 * @to_value: a string #GValue
 * @currency_symbol: (nullable) (type utf8): the symbol, as for
 *   bank_format_money(), such as `(gpointer) "€"`
 *
 * An #RdxBindingTransformFunc that shows cents as money, for
 * `rdx_store_bind_property_full (store, balance, label, "label",
 * bank_transform_money, (gpointer) "€", NULL)`. A missing value shows as an
 * empty string; a value that is not an integer leaves the property alone.
 *
 * Returns: %TRUE if @to_value was set
 */
gboolean
bank_transform_money (RdxValue *value, GValue *to_value, gpointer currency_symbol)
{
  g_return_val_if_fail (G_VALUE_HOLDS_STRING (to_value), FALSE);

  if (value == NULL)
    {
      g_value_set_static_string (to_value, "");
      return TRUE;
    }
  if (rdx_value_get_kind (value) != RDX_VALUE_INT)
    return FALSE;
  g_value_take_string (to_value, bank_format_money (rdx_value_get_int (value), currency_symbol));
  return TRUE;
}

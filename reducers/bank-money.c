/* bank-money.c: amounts of money as people read and type them
 *
 * The bank keeps every amount as an integer number of minor units (cents),
 * never a double; this is where an amount becomes text, with the monetary
 * conventions of the locale and the currency's symbol and decimal places,
 * and where what a person typed becomes an amount again.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-money.h"

#include <limits.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (bank-money-error-quark, bank_money_error)
/* clang-format on */

/* Currencies */

/* ISO 4217 currencies whose minor unit is not a hundredth. */
static const struct
{
  const char code[4];
  guint      digits;
} currency_digits[] = {
  { "BHD", 3 }, { "BIF", 0 }, { "CLF", 4 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "IQD", 3 },
  { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 }, { "KMF", 0 }, { "KRW", 0 }, { "KWD", 3 }, { "LYD", 3 },
  { "OMR", 3 }, { "PYG", 0 }, { "RWF", 0 }, { "TND", 3 }, { "UGX", 0 }, { "UYI", 0 }, { "UYW", 4 },
  { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 }, { "XOF", 0 }, { "XPF", 0 },
};

static const struct
{
  const char  code[4];
  const char *symbol;
} currency_symbols[] = {
  { "AUD", "A$" }, { "BRL", "R$" },  { "CAD", "CA$" }, { "CNY", "¥" },   { "EUR", "€" },
  { "GBP", "£" },  { "HKD", "HK$" }, { "ILS", "₪" },   { "INR", "₹" },   { "JPY", "¥" },
  { "KRW", "₩" },  { "MXN", "MX$" }, { "NGN", "₦" },   { "NZD", "NZ$" }, { "PHP", "₱" },
  { "PLN", "zł" }, { "SGD", "S$" },  { "THB", "฿" },   { "TRY", "₺" },   { "UAH", "₴" },
  { "USD", "$" },  { "VND", "₫" },
};

/**
 * bank_currency_is_valid:
 * @code: (nullable): a currency code
 *
 * Returns: whether @code is written as an ISO 4217 code is: three capital
 *   letters, such as "EUR"
 */
gboolean
bank_currency_is_valid (const char *code)
{
  return code != NULL && g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]) &&
         g_ascii_isupper (code[2]) && code[3] == '\0';
}

/**
 * bank_currency_get_digits:
 * @code: an ISO 4217 currency code
 *
 * Returns: how many decimal places the currency's minor unit has: 2 for
 *   most (EUR, USD: cents), 0 for JPY, 3 for KWD
 */
guint
bank_currency_get_digits (const char *code)
{
  g_return_val_if_fail (code != NULL, 2);

  for (guint i = 0; i < G_N_ELEMENTS (currency_digits); i++)
    if (strcmp (currency_digits[i].code, code) == 0)
      return currency_digits[i].digits;
  return 2;
}

/**
 * bank_currency_get_symbol:
 * @code: an ISO 4217 currency code
 *
 * Returns: the currency's symbol ("€" for EUR, "$" for USD), or @code
 *   itself for a currency without a well-known one
 */
const char *
bank_currency_get_symbol (const char *code)
{
  g_return_val_if_fail (code != NULL, "");

  for (guint i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if (strcmp (currency_symbols[i].code, code) == 0)
      return currency_symbols[i].symbol;
  return code;
}

static guint64
power_of_ten (guint digits)
{
  guint64 power = 1;

  while (digits-- > 0)
    power *= 10;
  return power;
}

/* Formatting */

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

/* Formats @minor units of a currency with @digits decimal places. */
static char *
format_minor (gint64 minor, guint digits, const char *currency_symbol, const struct lconv *lc)
{
  gboolean    negative = minor < 0;
  guint64     magnitude = negative ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint64     unit = power_of_ten (digits);
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

  append_grouped (number, magnitude / unit, non_empty (lc->mon_thousands_sep), lc->mon_grouping);
  if (digits > 0)
    g_string_append_printf (number, "%s%0*" G_GUINT64_FORMAT, point != NULL ? point : ".",
                            (int) digits, magnitude % unit);

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
                                    const struct lconv *conventions)
{
  g_return_val_if_fail (conventions != NULL, NULL);

  return format_minor (cents, 2, currency_symbol, conventions);
}

/**
 * bank_format_amount_with_conventions:
 * @minor: an amount in the currency's minor units
 * @currency: an ISO 4217 currency code, such as "EUR"
 * @conventions: the monetary conventions to follow
 *
 * bank_format_amount() with the monetary conventions of @conventions
 * instead of the current locale's.
 *
 * Returns: (transfer full): the text
 */
char *
bank_format_amount_with_conventions (gint64              minor,
                                     const char         *currency,
                                     const struct lconv *conventions)
{
  g_return_val_if_fail (currency != NULL, NULL);
  g_return_val_if_fail (conventions != NULL, NULL);

  return format_minor (minor, bank_currency_get_digits (currency),
                       bank_currency_get_symbol (currency), conventions);
}

/**
 * bank_format_amount:
 * @minor: an amount in the currency's minor units
 * @currency: an ISO 4217 currency code, such as "EUR"
 *
 * Formats an amount of a currency with the monetary conventions of the
 * current locale (LC_MONETARY) and the currency's symbol and decimal
 * places: with en_US, 123456 EUR minor units are "€1,234.56", 123456 JPY
 * "¥123,456" and 123456 KWD "KWD123.456". Call it on one thread at a
 * time, as it reads localeconv().
 *
 * Returns: (transfer full): the text
 */
char *
bank_format_amount (gint64 minor, const char *currency)
{
  g_return_val_if_fail (currency != NULL, NULL);

  return bank_format_amount_with_conventions (minor, currency, localeconv ());
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

/**
 * bank_expr_format_money:
 * @this_object: (nullable): the object the expression is evaluated on
 * @value: (nullable): a map, such as a transaction row, or an integer
 * @key: (nullable): the key of the amount in @value; %NULL or "" when
 *   @value is the amount itself
 * @currency: (nullable): an ISO 4217 currency code
 *
 * The money closure for `.ui` templates: the amount at @key of @value,
 * formatted with bank_format_amount(). In a row template:
 *
 * |[<!-- language="XML" -->
 * <closure type="gchararray" function="bank_expr_format_money">
 *   <lookup name="value" type="RdxListItem">
 *     <lookup name="item">GtkListItem</lookup>
 *   </lookup>
 *   <constant type="gchararray">amount</constant>
 *   <constant type="gchararray">EUR</constant>
 * </closure>
 * ]|
 *
 * Returns: (transfer full): the text, or "" when there is no integer
 *   there or no valid currency
 */
char *
bank_expr_format_money (gpointer    this_object,
                        RdxValue   *value,
                        const char *key,
                        const char *currency)
{
  RdxValue *amount = value;

  if (value != NULL && key != NULL && *key != '\0')
    amount = rdx_value_is_map (value) ? rdx_map_get (value, key) : NULL;
  if (amount == NULL || !rdx_value_is_int (amount) || !bank_currency_is_valid (currency))
    return g_strdup ("");
  return bank_format_amount (rdx_value_get_int (amount), currency);
}

/**
 * bank_format_decimal:
 * @minor: an amount in minor units
 * @digits: the decimal places of its currency (bank_currency_get_digits())
 *
 * The amount as a plain decimal number, the same in every locale:
 * "-1234.56" for -123456 with 2 digits, "12" for 12 with none. For files
 * (CSV) and messages that must not depend on the locale.
 *
 * Returns: (transfer full): the text
 */
char *
bank_format_decimal (gint64 minor, guint digits)
{
  guint64 magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint64 unit = power_of_ten (digits);

  if (digits == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, minor < 0 ? "-" : "",
                          magnitude / unit, (int) digits, magnitude % unit);
}

/* Parsing */

#define MAX_QUOTED 40

/* @text between curly quotes, cut after MAX_QUOTED characters. */
static char *
quote (const char *text)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= MAX_QUOTED)
    return g_strdup_printf ("“%s”", text);
  head = g_utf8_substring (text, 0, MAX_QUOTED);
  return g_strdup_printf ("“%s…”", head);
}

static void
skip_spaces (const char **p, const char *end)
{
  while (*p < end && g_unichar_isspace (g_utf8_get_char (*p)))
    *p = g_utf8_next_char (*p);
}

static void
trim_spaces (const char *start, const char **end)
{
  while (*end > start)
    {
      const char *previous = g_utf8_prev_char (*end);

      if (!g_unichar_isspace (g_utf8_get_char (previous)))
        break;
      *end = previous;
    }
}

/* Removes @word from the start of [*p, end). */
static gboolean
strip_start (const char **p, const char *end, const char *word, gboolean caseless)
{
  gsize n = strlen (word);

  if (n == 0 || (gsize) (end - *p) < n ||
      (caseless ? g_ascii_strncasecmp (*p, word, n) : strncmp (*p, word, n)) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

/* Removes @word from the end of [start, *end). */
static gboolean
strip_end (const char *start, const char **end, const char *word, gboolean caseless)
{
  gsize n = strlen (word);

  if (n == 0 || (gsize) (*end - start) < n ||
      (caseless ? g_ascii_strncasecmp (*end - n, word, n) : strncmp (*end - n, word, n)) != 0)
    return FALSE;
  *end -= n;
  return TRUE;
}

/* What surrounds the number: a sign, the currency's symbol or code,
 * parentheses for a negative amount, spaces. */
typedef struct
{
  const char *start;
  const char *end;
  gboolean    negative;
  gboolean    has_sign;
  gboolean    has_symbol;
} Number;

static gboolean
strip_symbol_start (Number *n, const char *currency)
{
  return !n->has_symbol &&
         (n->has_symbol =
            strip_start (&n->start, n->end, bank_currency_get_symbol (currency), FALSE) ||
            strip_start (&n->start, n->end, currency, TRUE));
}

static gboolean
strip_symbol_end (Number *n, const char *currency)
{
  return !n->has_symbol &&
         (n->has_symbol =
            strip_end (n->start, &n->end, bank_currency_get_symbol (currency), FALSE) ||
            strip_end (n->start, &n->end, currency, TRUE));
}

static void
strip_decorations (Number *n, const char *currency)
{
  if (n->end - n->start >= 2 && *n->start == '(' && n->end[-1] == ')')
    {
      n->start++;
      n->end--;
      n->negative = n->has_sign = TRUE;
    }
  for (;;)
    {
      skip_spaces (&n->start, n->end);
      if (!n->has_sign && (strip_start (&n->start, n->end, "-", FALSE) ||
                           strip_start (&n->start, n->end, "−", FALSE)))
        n->negative = n->has_sign = TRUE;
      else if (!n->has_sign && strip_start (&n->start, n->end, "+", FALSE))
        n->has_sign = TRUE;
      else if (!strip_symbol_start (n, currency))
        break;
    }
  for (;;)
    {
      trim_spaces (n->start, &n->end);
      if (!n->has_sign &&
          (strip_end (n->start, &n->end, "-", FALSE) || strip_end (n->start, &n->end, "−", FALSE)))
        n->negative = n->has_sign = TRUE;
      else if (!strip_symbol_end (n, currency))
        break;
    }
}

static gboolean
is_group_mark (gunichar c)
{
  return g_unichar_isspace (c) || c == '\'' || c == 0x2019 /* ’ */;
}

/* The decimal separator of the number, or NULL when it has none. A comma
 * and a point both: the last one. One of them, several times: they group
 * digits. Once: the decimal separator, unless it is not the locale's and
 * three digits follow ("1,234" is 1234 in en_US, "1.234" in de_DE). */
static const char *
find_decimal (const Number *n, char locale_point, GError **error, const char *quoted)
{
  const char *last_dot = NULL, *last_comma = NULL, *decimal, *q;
  guint       n_dots = 0, n_commas = 0;

  for (q = n->start; q < n->end; q++)
    if (*q == '.')
      n_dots++, last_dot = q;
    else if (*q == ',')
      n_commas++, last_comma = q;

  if (n_dots > 0 && n_commas > 0)
    {
      decimal = last_dot > last_comma ? last_dot : last_comma;
      if ((*decimal == '.' ? n_dots : n_commas) > 1)
        {
          g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_INVALID,
                       "%s is not an amount: it has more than one “%c” after its digit groups.",
                       quoted, *decimal);
          return NULL;
        }
      return decimal;
    }
  if (n_dots + n_commas != 1)
    return NULL;
  decimal = last_dot != NULL ? last_dot : last_comma;
  if (*decimal != locale_point && decimal > n->start && n->end - decimal == 4 &&
      g_ascii_isdigit (decimal[1]) && g_ascii_isdigit (decimal[2]) && g_ascii_isdigit (decimal[3]))
    return NULL;
  return decimal;
}

/* Appends the digits of [start, end) to @digits; the marks between them
 * must group them in threes (or twos then three, as in India). */
static gboolean
collect_integer (const char *start,
                 const char *end,
                 GString    *digits,
                 GError    **error,
                 const char *quoted)
{
  guint       group = 0, n_groups = 0;
  gboolean    grouped = FALSE, ok = TRUE;
  const char *q;

  for (q = start; q < end; q = g_utf8_next_char (q))
    {
      if (g_ascii_isdigit (*q))
        {
          g_string_append_c (digits, *q);
          group++;
          continue;
        }
      /* A mark ends a group: the first of 1 to 3 digits, the others of 2
       * or 3; none empty. */
      ok = ok && group > 0 && (n_groups == 0 ? group <= 3 : group >= 2 && group <= 3);
      grouped = TRUE;
      n_groups++;
      group = 0;
    }
  if (grouped && (!ok || group != 3))
    {
      g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_INVALID,
                   "%s is not an amount: its digits are not grouped in threes, as in "
                   "“1,234,567”.",
                   quoted);
      return FALSE;
    }
  return TRUE;
}

/* The first character of [start, end) that has no place in a number. */
static const char *
find_stray (const char *start, const char *end)
{
  const char *q;

  for (q = start; q < end; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if (!g_ascii_isdigit (c) && c != '.' && c != ',' && !is_group_mark (c))
        return q;
    }
  return NULL;
}

static char
locale_decimal_point (const struct lconv *lc)
{
  const char *point = non_empty (lc->mon_decimal_point);

  point = point != NULL ? point : non_empty (lc->decimal_point);
  return point != NULL && (*point == '.' || *point == ',') ? *point : '.';
}

/* Reads the digits of @n into @value, in minor units with @digits decimal
 * places. */
static gboolean
read_number (const Number       *n,
             const char         *currency,
             const struct lconv *lc,
             guint64            *value,
             GError            **error,
             const char         *quoted)
{
  g_autoptr (GString) whole = g_string_new (NULL);
  guint       digits = bank_currency_get_digits (currency);
  guint64     unit = power_of_ten (digits), max = G_MAXINT64;
  const char *stray = find_stray (n->start, n->end);
  const char *decimal, *fraction, *q;
  GError     *local_error = NULL;
  gsize       n_fraction;
  guint64     cents = 0;

  if (stray != NULL)
    {
      char c[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (stray), c);
      g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_INVALID,
                   "%s is not an amount: “%s” is not a digit.", quoted, c);
      return FALSE;
    }
  decimal = find_decimal (n, locale_decimal_point (lc), &local_error, quoted);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!collect_integer (n->start, decimal != NULL ? decimal : n->end, whole, error, quoted))
    return FALSE;

  fraction = decimal != NULL ? decimal + 1 : n->end;
  for (q = fraction; q < n->end; q++)
    if (!g_ascii_isdigit (*q))
      {
        g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_INVALID,
                     "%s is not an amount: only digits may follow its decimal separator.", quoted);
        return FALSE;
      }
  n_fraction = n->end - fraction;
  if (whole->len == 0 && n_fraction == 0)
    {
      g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_INVALID,
                   "%s is not an amount: it has no digits.", quoted);
      return FALSE;
    }
  /* Zeros past the currency's places change nothing: "12.500" is 12.50. */
  while (n_fraction > digits && fraction[n_fraction - 1] == '0')
    n_fraction--;
  if (n_fraction > digits)
    {
      if (digits == 0)
        g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_PRECISION,
                     "%s amounts have no decimal places, so %s cannot be one.", currency, quoted);
      else
        g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_PRECISION,
                     "%s amounts have at most %u decimal places; %s has %u.", currency, digits,
                     quoted, (guint) n_fraction);
      return FALSE;
    }

  *value = 0;
  for (q = whole->str; *q != '\0'; q++)
    {
      if (*value > (max - (guint64) (*q - '0')) / 10)
        goto overflow;
      *value = *value * 10 + (guint64) (*q - '0');
    }
  for (q = fraction; q < fraction + n_fraction; q++)
    cents = cents * 10 + (guint64) (*q - '0');
  cents *= power_of_ten (digits - (guint) n_fraction);
  if (*value > (max - cents) / unit)
    goto overflow;
  *value = *value * unit + cents;
  return TRUE;

overflow:
  {
    g_autofree char *largest = bank_format_decimal (G_MAXINT64, digits);

    g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_OVERFLOW,
                 "%s is too large: the largest amount is %s %s.", quoted, largest, currency);
    return FALSE;
  }
}

/**
 * bank_parse_money_with_conventions:
 * @text: what a person typed
 * @currency: the ISO 4217 code of the amount's currency
 * @conventions: the monetary conventions to read it with
 * @flags: what to accept
 * @minor: (out): the amount, in the currency's minor units
 * @error: return location for a #GError
 *
 * bank_parse_money() with the conventions of @conventions instead of the
 * current locale's, so tests need no installed locale.
 *
 * Returns: %TRUE with @minor set, or %FALSE with @error set
 */
gboolean
bank_parse_money_with_conventions (const char         *text,
                                   const char         *currency,
                                   const struct lconv *conventions,
                                   BankParseFlags      flags,
                                   gint64             *minor,
                                   GError            **error)
{
  g_autofree char *quoted = NULL;
  Number           n = { 0 };
  guint64          value = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (bank_currency_is_valid (currency), FALSE);
  g_return_val_if_fail (conventions != NULL, FALSE);
  g_return_val_if_fail (minor != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_INVALID,
                           "The amount is not valid text (UTF-8).");
      return FALSE;
    }
  n.start = text;
  n.end = text + strlen (text);
  skip_spaces (&n.start, n.end);
  trim_spaces (n.start, &n.end);
  if (n.start == n.end)
    {
      g_set_error_literal (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_EMPTY, "Enter an amount.");
      return FALSE;
    }
  {
    g_autofree char *trimmed = g_strndup (n.start, n.end - n.start);

    quoted = quote (trimmed);
  }

  strip_decorations (&n, currency);
  if (!read_number (&n, currency, conventions, &value, error, quoted))
    return FALSE;
  if ((flags & BANK_PARSE_POSITIVE) != 0 && (n.negative || value == 0))
    {
      g_set_error (error, BANK_MONEY_ERROR, BANK_MONEY_ERROR_NOT_POSITIVE,
                   "The amount must be above zero, and %s is not.", quoted);
      return FALSE;
    }
  *minor = n.negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

/**
 * bank_parse_money:
 * @text: what a person typed, such as "1,234.56", "1.234,56", "12",
 *   "€12.50" or "-3"
 * @currency: the ISO 4217 code of the amount's currency, such as "EUR"
 * @flags: what to accept
 * @minor: (out): the amount, in the currency's minor units
 * @error: return location for a #GError
 *
 * Reads an amount of money as a person types it, with the current
 * locale's monetary conventions (LC_MONETARY), into an exact integer
 * number of minor units; never through a double.
 *
 * - The decimal separator is a point or a comma. With both, the last one
 *   is the decimal separator and the other groups digits ("1,234.56",
 *   "1.234,56"). With one of them once, it is the decimal separator,
 *   unless it is not the locale's and exactly three digits follow it:
 *   "1,234" is 1234.00 in en_US and 1.234 in de_DE (which EUR refuses).
 * - Digits may be grouped by commas, points, spaces (also no-break ones)
 *   and apostrophes ("1 234,56", "1'234.56"), in threes ("1,23,456" too).
 * - A sign ("-", "+", "−"), parentheses for a negative amount, and the
 *   currency's symbol or code, before or after, are allowed ("€ 12",
 *   "12,50 €", "EUR 12", "(12.00)").
 * - More decimal places than the currency has are refused, unless they
 *   are zeros: "12.5" is 1250 cents of EUR; "12.345" is refused, as is
 *   "12.5" of JPY, which has no minor unit.
 *
 * Anything else is refused with a %BANK_MONEY_ERROR that quotes the text
 * and says what is wrong, in a sentence to show next to the field:
 * %BANK_MONEY_ERROR_EMPTY, %BANK_MONEY_ERROR_INVALID,
 * %BANK_MONEY_ERROR_PRECISION, %BANK_MONEY_ERROR_OVERFLOW (more than
 * 64 bits of minor units), and with %BANK_PARSE_POSITIVE,
 * %BANK_MONEY_ERROR_NOT_POSITIVE. Call it on one thread at a time, as it
 * reads localeconv().
 *
 * Returns: %TRUE with @minor set, or %FALSE with @error set
 */
gboolean
bank_parse_money (const char    *text,
                  const char    *currency,
                  BankParseFlags flags,
                  gint64        *minor,
                  GError       **error)
{
  return bank_parse_money_with_conventions (text, currency, localeconv (), flags, minor, error);
}

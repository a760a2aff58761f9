/* bank-money.h: amounts of money as people read and type them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <locale.h>
#include <rdx-core.h>

G_BEGIN_DECLS

/**
 * BankMoneyError:
 * @BANK_MONEY_ERROR_EMPTY: there is nothing to read
 * @BANK_MONEY_ERROR_INVALID: the text is not an amount (a letter, a
 *   misplaced separator, digit groups of the wrong size)
 * @BANK_MONEY_ERROR_PRECISION: more decimal places than the currency has
 *   (cents of a yen, a tenth of a cent)
 * @BANK_MONEY_ERROR_OVERFLOW: too large for a 64-bit number of minor units
 * @BANK_MONEY_ERROR_NOT_POSITIVE: zero or less where an amount above zero
 *   is needed (%BANK_PARSE_POSITIVE)
 *
 * Errors in the %BANK_MONEY_ERROR domain, from bank_parse_money().
 */
typedef enum
{
  BANK_MONEY_ERROR_EMPTY,
  BANK_MONEY_ERROR_INVALID,
  BANK_MONEY_ERROR_PRECISION,
  BANK_MONEY_ERROR_OVERFLOW,
  BANK_MONEY_ERROR_NOT_POSITIVE,
} BankMoneyError;

#define BANK_MONEY_ERROR (bank_money_error_quark ())
GQuark bank_money_error_quark (void);

/**
 * BankParseFlags:
 * @BANK_PARSE_DEFAULT: any amount, negative ones included
 * @BANK_PARSE_POSITIVE: only an amount above zero, as the amount of a
 *   deposit, a withdrawal or a transfer
 *
 * What bank_parse_money() accepts.
 */
typedef enum
{
  BANK_PARSE_DEFAULT = 0,
  BANK_PARSE_POSITIVE = 1 << 0,
} BankParseFlags;

/* clang-format off */
/* Currencies (ISO 4217 codes) */
gboolean    bank_currency_is_valid   (const char *code);
guint       bank_currency_get_digits (const char *code);
const char *bank_currency_get_symbol (const char *code);

/* Formatting */
char    *bank_format_amount                  (gint64              minor,
                                              const char         *currency);
char    *bank_format_amount_with_conventions (gint64              minor,
                                              const char         *currency,
                                              const struct lconv *conventions);
char    *bank_format_money                   (gint64              cents,
                                              const char         *currency_symbol);
char    *bank_format_money_with_conventions  (gint64              cents,
                                              const char         *currency_symbol,
                                              const struct lconv *conventions);
gboolean bank_transform_money                (RdxValue           *value,
                                              GValue             *to_value,
                                              gpointer            currency_symbol);
char    *bank_format_decimal                 (gint64              minor,
                                              guint               digits);
char    *bank_expr_format_money              (gpointer            this_object,
                                              RdxValue           *value,
                                              const char         *key,
                                              const char         *currency);

/* Parsing what a person typed */
gboolean bank_parse_money                  (const char         *text,
                                            const char         *currency,
                                            BankParseFlags      flags,
                                            gint64             *minor,
                                            GError            **error);
gboolean bank_parse_money_with_conventions (const char         *text,
                                            const char         *currency,
                                            const struct lconv *conventions,
                                            BankParseFlags      flags,
                                            gint64             *minor,
                                            GError            **error);
/* clang-format on */

G_END_DECLS

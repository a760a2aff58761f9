/* bank-csv.h: bank statements in CSV, read and written
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <rdx-core.h>

G_BEGIN_DECLS

/**
 * BankCsvError:
 * @BANK_CSV_ERROR_NOT_TEXT: the file is not UTF-8 text (or holds a NUL
 *   byte)
 * @BANK_CSV_ERROR_QUOTE: a quoted field has no closing quote, or text
 *   follows its closing quote
 * @BANK_CSV_ERROR_EMPTY: the file has no rows
 * @BANK_CSV_ERROR_TOO_LARGE: the file is larger than the limits (64 MiB,
 *   1,000 columns)
 * @BANK_CSV_ERROR_COLUMN: a column chosen for the import that the file
 *   does not have
 * @BANK_CSV_ERROR_ACCOUNT: there is no such account, or it is closed
 * @BANK_CSV_ERROR_ROW: a row that cannot be imported (its date, its
 *   amount); only in the problems of an import, never the import's own
 *   error
 *
 * Errors in the %BANK_CSV_ERROR domain. A message says where (line and
 * column, counted from 1, columns in characters) and what to do.
 */
typedef enum
{
  BANK_CSV_ERROR_NOT_TEXT,
  BANK_CSV_ERROR_QUOTE,
  BANK_CSV_ERROR_EMPTY,
  BANK_CSV_ERROR_TOO_LARGE,
  BANK_CSV_ERROR_COLUMN,
  BANK_CSV_ERROR_ACCOUNT,
  BANK_CSV_ERROR_ROW,
} BankCsvError;

#define BANK_CSV_ERROR (bank_csv_error_quark ())
GQuark bank_csv_error_quark (void);

/**
 * BankCsvDecimal:
 * @BANK_CSV_DECIMAL_POINT: "1,234.56": a point before the cents
 * @BANK_CSV_DECIMAL_COMMA: "1.234,56": a comma before the cents
 *
 * How a statement writes its amounts. It decides only what
 * bank_parse_money() cannot tell from the text itself: whether "1,234"
 * is 1234 or 1.234.
 */
typedef enum
{
  BANK_CSV_DECIMAL_POINT,
  BANK_CSV_DECIMAL_COMMA,
} BankCsvDecimal;

/**
 * BankCsvDateOrder:
 * @BANK_CSV_DATES_YMD: year, month, day ("2024-05-03", "2024/05/03",
 *   "20240503")
 * @BANK_CSV_DATES_DMY: day, month, year ("03/05/2024", "3.5.24")
 * @BANK_CSV_DATES_MDY: month, day, year ("05/03/2024")
 *
 * How a statement writes its dates. The parts are separated by "-", "/"
 * or "."; a year of two digits is 2000 to 2069 or 1970 to 1999; a time
 * after the date (" 14:05", "T14:05:00Z") is ignored. A date with a
 * four-digit year first is read as year, month, day whatever the order.
 */
typedef enum
{
  BANK_CSV_DATES_YMD,
  BANK_CSV_DATES_DMY,
  BANK_CSV_DATES_MDY,
} BankCsvDateOrder;

/**
 * BankCsvMapping:
 * @date_column: the column of the dates
 * @description_column: the column of the descriptions, or -1
 * @amount_column: the column of the amounts: above zero for money in,
 *   below for money out
 * @category_column: the column of the categories, or -1
 * @decimal: how the amounts are written
 * @dates: how the dates are written
 *
 * Which columns of a statement an import reads, and how.
 */
typedef struct
{
  int              date_column;
  int              description_column;
  int              amount_column;
  int              category_column;
  BankCsvDecimal   decimal;
  BankCsvDateOrder dates;
} BankCsvMapping;

typedef struct _BankCsvTable  BankCsvTable;
typedef struct _BankCsvImport BankCsvImport;

#define BANK_TYPE_CSV_TABLE (bank_csv_table_get_type ())

/* clang-format off */
GType         bank_csv_table_get_type      (void) G_GNUC_CONST;
BankCsvTable *bank_csv_table_parse         (const char   *text,
                                            gsize         length,
                                            char          delimiter,
                                            GError      **error);
BankCsvTable *bank_csv_table_ref           (BankCsvTable *self);
void          bank_csv_table_unref         (BankCsvTable *self);
char          bank_csv_table_get_delimiter (BankCsvTable *self);
gboolean      bank_csv_table_has_header    (BankCsvTable *self);
guint         bank_csv_table_get_n_columns (BankCsvTable *self);
const char   *bank_csv_table_get_header    (BankCsvTable *self,
                                            guint         column);
guint         bank_csv_table_get_n_rows    (BankCsvTable *self);
const char   *bank_csv_table_get_field     (BankCsvTable *self,
                                            guint         row,
                                            guint         column);
guint         bank_csv_table_get_line      (BankCsvTable *self,
                                            guint         row);
void          bank_csv_table_guess_mapping (BankCsvTable   *self,
                                            BankCsvMapping *mapping);

gboolean      bank_csv_parse_date          (const char      *text,
                                            BankCsvDateOrder order,
                                            GDate           *date,
                                            GError         **error);

BankCsvImport *bank_csv_import_new           (BankCsvTable         *table,
                                              const BankCsvMapping *mapping,
                                              RdxValue             *state,
                                              const char           *account_id,
                                              GTimeZone            *time_zone,
                                              GError              **error);
void           bank_csv_import_free          (BankCsvImport *self);
gboolean       bank_csv_import_run           (BankCsvImport *self,
                                              RdxStore      *store,
                                              GError       **error);
guint          bank_csv_import_get_n_new      (BankCsvImport *self);
guint          bank_csv_import_get_n_present  (BankCsvImport *self);
guint          bank_csv_import_get_n_refused  (BankCsvImport *self);
guint          bank_csv_import_get_n_imported (BankCsvImport *self);
const char    *bank_csv_import_get_problem    (BankCsvImport *self,
                                               guint          index,
                                               guint         *line);
RdxAction     *bank_csv_import_get_action     (BankCsvImport *self,
                                               guint          index,
                                               guint         *line);

char          *bank_entry_describe           (RdxValue   *accounts,
                                              RdxValue   *entry,
                                              gboolean    plain);

char          *bank_csv_export               (RdxValue   *state,
                                              const char *account_id,
                                              GTimeZone  *time_zone,
                                              GError    **error);
gboolean       bank_csv_export_file          (RdxValue   *state,
                                              const char *account_id,
                                              GFile      *file,
                                              GError    **error);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BankCsvTable, bank_csv_table_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BankCsvImport, bank_csv_import_free)

G_END_DECLS

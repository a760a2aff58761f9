/* test-bank-csv.c: bank statements in CSV, read and written
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "bank.h"

#include "rdx-test.h"
#include "rdx-value-private.h"

#define MAY_1 G_GINT64_CONSTANT (1714564800000000) /* 2024-05-01 12:00 UTC */
#define DAY   (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static BankCsvTable *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  BankCsvTable *table = bank_csv_table_parse (text, strlen (text), 0, &error);

  if (error != NULL)
    fail_msg ("%s", error->message);
  return table;
}

static void
assert_parse_error (const char *text, gssize length, int code, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BankCsvTable) table =
    bank_csv_table_parse (text, length < 0 ? strlen (text) : (gsize) length, 0, &error);

  assert_null (table);
  if (error == NULL || error->code != code)
    fail_msg ("expected error %d, got %s", code, error != NULL ? error->message : "none");
  assert_string_equal (error->message, message);
}

static void
assert_row (BankCsvTable *table, guint row, guint line, const char *const *fields)
{
  guint n = g_strv_length ((char **) fields);

  assert_int_equal (bank_csv_table_get_line (table, row), line);
  for (guint i = 0; i < n; i++)
    assert_string_equal (bank_csv_table_get_field (table, row, i), fields[i]);
  assert_null (bank_csv_table_get_field (table, row, n));
}

static void
test_parse_rfc4180 (void **state)
{
  g_autoptr (BankCsvTable) table = parse ("\xEF\xBB\xBF"
                                          "Date,Description,Amount\r\n"
                                          "2024-05-01,\"Bakery, \"\"Le Pain\"\"\",-3.50\r\n"
                                          "2024-05-02,\"Two\r\nlines\",12\r\n"
                                          "\r\n"
                                          "2024-05-03,,\"-1,234.00\"\n"
                                          "2024-05-04,say \"hi\",7\r"
                                          "2024-05-05,\"spaced\"  ,1");

  assert_int_equal (bank_csv_table_get_delimiter (table), ',');
  assert_true (bank_csv_table_has_header (table));
  assert_int_equal (bank_csv_table_get_n_columns (table), 3);
  assert_string_equal (bank_csv_table_get_header (table, 0), "Date");
  assert_string_equal (bank_csv_table_get_header (table, 2), "Amount");
  assert_int_equal (bank_csv_table_get_n_rows (table), 5);
  assert_row (table, 0, 2, (const char *[]){ "2024-05-01", "Bakery, \"Le Pain\"", "-3.50", NULL });
  assert_row (table, 1, 3, (const char *[]){ "2024-05-02", "Two\r\nlines", "12", NULL });
  /* A row after a field of two lines, and a blank line, starts on line 6. */
  assert_row (table, 2, 6, (const char *[]){ "2024-05-03", "", "-1,234.00", NULL });
  assert_row (table, 3, 7, (const char *[]){ "2024-05-04", "say \"hi\"", "7", NULL });
  assert_row (table, 4, 8, (const char *[]){ "2024-05-05", "spaced", "1", NULL });
}

/* Quotes are honoured whatever the delimiter: a quoted field holds the
 * delimiter, a doubled quote and a line break, and a quoted part inside
 * an unquoted field (a bank's "Refund "shop; ltd"") holds the delimiter
 * too, its quotes kept; a lone quote inside a field is text. */
static void
test_parse_quotes_any_delimiter (void **state)
{
  static const char delimiters[] = { ';', ',' };

  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    {
      char             d = delimiters[i];
      g_autofree char *text = g_strdup_printf ("Booking date%cText%cValue\n"
                                               "07.12.2026%cRefund \"shop%c ltd\"%c15\n"
                                               "07.12.2026%c\"Shop%c \"\"The\"\" one\"%c1\n"
                                               "08.12.2026%c\"Two\nlines%c here\"%c2\n"
                                               "09.12.2026%c5\" disk%c3\n",
                                               d, d, d, d, d, d, d, d, d, d, d, d, d);
      g_autofree char *shop = g_strdup_printf ("Refund \"shop%c ltd\"", d);
      g_autofree char *escaped = g_strdup_printf ("Shop%c \"The\" one", d);
      g_autofree char *lines = g_strdup_printf ("Two\nlines%c here", d);
      g_autoptr (BankCsvTable) table = parse (text);

      assert_int_equal (bank_csv_table_get_delimiter (table), d);
      assert_int_equal (bank_csv_table_get_n_columns (table), 3);
      assert_int_equal (bank_csv_table_get_n_rows (table), 4);
      assert_row (table, 0, 2, (const char *[]){ "07.12.2026", shop, "15", NULL });
      assert_row (table, 1, 3, (const char *[]){ "07.12.2026", escaped, "1", NULL });
      assert_row (table, 2, 4, (const char *[]){ "08.12.2026", lines, "2", NULL });
      assert_row (table, 3, 6, (const char *[]){ "09.12.2026", "5\" disk", "3", NULL });
    }
}

static void
test_detect (void **state)
{
  g_autoptr (BankCsvTable) semicolons = parse ("Kontonummer;DE12 3456\n"
                                               "Zeitraum;01.05.2024 - 31.05.2024\n"
                                               "\n"
                                               "Buchungstag;Verwendungszweck;Kategorie;Betrag\n"
                                               "01.05.2024;Bäckerei;Essen;-3,50\n"
                                               "02.05.2024;Gehalt;;2.800,00\n");
  g_autoptr (BankCsvTable) tabs = parse ("when\twhat\thow much\n"
                                         "05/13/2024\tCoffee\t-4.5\n"
                                         "05/14/2024\tRefund, partial\t1,204.10\n");
  g_autoptr (BankCsvTable) headless = parse ("2024-05-01|Rent|-900\n2024-05-02|Pay|2000\n");
  BankCsvMapping mapping;

  /* The account details before the header are left out. */
  assert_int_equal (bank_csv_table_get_delimiter (semicolons), ';');
  assert_int_equal (bank_csv_table_get_n_columns (semicolons), 4);
  assert_string_equal (bank_csv_table_get_header (semicolons, 1), "Verwendungszweck");
  assert_int_equal (bank_csv_table_get_n_rows (semicolons), 2);
  assert_row (semicolons, 0, 5,
              (const char *[]){ "01.05.2024", "Bäckerei", "Essen", "-3,50", NULL });
  bank_csv_table_guess_mapping (semicolons, &mapping);
  assert_int_equal (mapping.date_column, 0);
  assert_int_equal (mapping.description_column, 1);
  assert_int_equal (mapping.category_column, 2);
  assert_int_equal (mapping.amount_column, 3);
  assert_int_equal (mapping.decimal, BANK_CSV_DECIMAL_COMMA);
  assert_int_equal (mapping.dates, BANK_CSV_DATES_DMY);

  /* No known names: the columns are found by what they hold; a 13th day
   * in the middle makes the dates month first. */
  assert_int_equal (bank_csv_table_get_delimiter (tabs), '\t');
  bank_csv_table_guess_mapping (tabs, &mapping);
  assert_int_equal (mapping.date_column, 0);
  assert_int_equal (mapping.description_column, 1);
  assert_int_equal (mapping.amount_column, 2);
  assert_int_equal (mapping.category_column, -1);
  assert_int_equal (mapping.decimal, BANK_CSV_DECIMAL_POINT);
  assert_int_equal (mapping.dates, BANK_CSV_DATES_MDY);

  /* A first line of data is no header. */
  assert_int_equal (bank_csv_table_get_delimiter (headless), '|');
  assert_false (bank_csv_table_has_header (headless));
  assert_string_equal (bank_csv_table_get_header (headless, 1), "Column 2");
  assert_int_equal (bank_csv_table_get_n_rows (headless), 2);
  bank_csv_table_guess_mapping (headless, &mapping);
  assert_int_equal (mapping.date_column, 0);
  assert_int_equal (mapping.description_column, 1);
  assert_int_equal (mapping.amount_column, 2);
  assert_int_equal (mapping.dates, BANK_CSV_DATES_YMD);
}

static void
assert_date (const char *text, BankCsvDateOrder order, int y, int m, int d)
{
  g_autoptr (GError) error = NULL;
  GDate date;

  assert_true (bank_csv_parse_date (text, order, &date, &error));
  assert_null (error);
  assert_int_equal (g_date_get_year (&date), y);
  assert_int_equal (g_date_get_month (&date), m);
  assert_int_equal (g_date_get_day (&date), d);
}

static void
assert_not_date (const char *text, BankCsvDateOrder order, const char *message)
{
  g_autoptr (GError) error = NULL;
  GDate date;

  assert_false (bank_csv_parse_date (text, order, &date, &error));
  assert_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ROW);
  assert_string_equal (error->message, message);
}

static void
test_dates (void **state)
{
  assert_date ("2024-05-03", BANK_CSV_DATES_DMY, 2024, 5, 3);
  assert_date (" 2024/05/03 14:22", BANK_CSV_DATES_MDY, 2024, 5, 3);
  assert_date ("2024-05-03T14:22:00Z", BANK_CSV_DATES_YMD, 2024, 5, 3);
  assert_date ("20240503", BANK_CSV_DATES_DMY, 2024, 5, 3);
  assert_date ("03.05.2024", BANK_CSV_DATES_DMY, 2024, 5, 3);
  assert_date ("3.5.24", BANK_CSV_DATES_DMY, 2024, 5, 3);
  assert_date ("05/03/2024", BANK_CSV_DATES_MDY, 2024, 5, 3);
  assert_date ("12/31/99", BANK_CSV_DATES_MDY, 1999, 12, 31);
  assert_date ("29/02/2024", BANK_CSV_DATES_DMY, 2024, 2, 29);
  assert_not_date ("29/02/2023", BANK_CSV_DATES_DMY,
                   "“29/02/2023” is not a date written day, month, year (such as “31/12/2024”).");
  assert_not_date ("05/13/2024", BANK_CSV_DATES_DMY,
                   "“05/13/2024” is not a date written day, month, year (such as “31/12/2024”).");
  assert_not_date ("13/05/2024", BANK_CSV_DATES_MDY,
                   "“13/05/2024” is not a date written month, day, year (such as “12/31/2024”).");
  assert_not_date ("03-05/2024", BANK_CSV_DATES_DMY,
                   "“03-05/2024” is not a date written day, month, year (such as “31/12/2024”).");
  assert_not_date (" tomorrow ", BANK_CSV_DATES_YMD,
                   "“tomorrow” is not a date written year, month, day (such as “2024-12-31”).");
  assert_not_date ("1/2/345", BANK_CSV_DATES_DMY,
                   "“1/2/345” is not a date written day, month, year (such as “31/12/2024”).");
  assert_not_date ("", BANK_CSV_DATES_DMY,
                   "“” is not a date written day, month, year (such as “31/12/2024”).");
}

static void
test_errors (void **state)
{
  static const char nul[] = "Date,Amount\n2024-05-01,1\0\n";

  assert_parse_error ("Date,Memo,Amount\n2024-05-01,ok,1\n2024-05-02,\"never closed,2\n", -1,
                      BANK_CSV_ERROR_QUOTE,
                      "Line 3, column 12: the quoted field that starts here has no closing "
                      "quote, so it runs to the end of the file. Close it with \" (a quote "
                      "inside it is written twice).");
  assert_parse_error ("Date;Memo;Amount\n2024-05-01;\"Bäcker\"ei;1\n", -1, BANK_CSV_ERROR_QUOTE,
                      "Line 2, column 20: text follows the closing quote of a field. A quoted "
                      "field ends at its closing quote, then comes the delimiter or the end of "
                      "the line; a quote inside it is written twice (\"\").");
  assert_parse_error ("Date,Memo,Amount\n2024-05-01,Caf\xe9,1\n", -1, BANK_CSV_ERROR_NOT_TEXT,
                      "Line 2, column 15: there is a byte that is no character, so the file is "
                      "not UTF-8 text. Save the statement as UTF-8 (in a spreadsheet, as “CSV "
                      "UTF-8”) and import it again.");
  assert_parse_error (nul, sizeof nul - 1, BANK_CSV_ERROR_NOT_TEXT,
                      "Line 2, column 13: there is a NUL byte, so the file is not UTF-8 text. "
                      "Save the statement as UTF-8 (in a spreadsheet, as “CSV UTF-8”) and import "
                      "it again.");
  assert_parse_error ("", -1, BANK_CSV_ERROR_EMPTY, "The file is empty: it has no rows to import.");
  assert_parse_error ("\n\r\n\n", -1, BANK_CSV_ERROR_EMPTY,
                      "The file is empty: it has no rows to import.");
  {
    g_autoptr (GString) wide = g_string_new ("a");

    for (guint i = 0; i < 1000; i++)
      g_string_append (wide, ",a");
    assert_parse_error (wide->str, wide->len, BANK_CSV_ERROR_TOO_LARGE,
                        "Line 1 has more than 1000 fields; a statement has a few columns. Is it "
                        "a CSV file?");
  }
}

/* A store with one account, "chk", in EUR, that can go 100.00 into the
 * red, and a deposit of 20.00 on 2024-05-01 with the memo "Refund". */
static RdxStore *
bank_store_new (void)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxStore *store = rdx_store_new (reducer, NULL);

  assert_true (rdx_store_dispatch_take (
    store, bank_action_open_account ("chk", "Checking", BANK_ACCOUNT_CHECKING, "EUR", 10000, 0),
    NULL));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("chk", "t-1", 2000, "Refund", NULL, MAY_1), NULL));
  return store;
}

static BankCsvImport *
import_new (RdxStore *store, BankCsvTable *table, const char *account)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GError) error = NULL;
  BankCsvMapping mapping;
  BankCsvImport *import;

  bank_csv_table_guess_mapping (table, &mapping);
  import = bank_csv_import_new (table, &mapping, rdx_store_get_state (store), account, utc, &error);
  if (error != NULL)
    fail_msg ("%s", error->message);
  return import;
}

static void
assert_problems (BankCsvImport *import, const char *const *expected)
{
  assert_int_equal (bank_csv_import_get_n_refused (import), g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    assert_string_equal (bank_csv_import_get_problem (import, i, NULL), expected[i]);
}

static void
test_import (void **state)
{
  g_autoptr (RdxStore) store = bank_store_new ();
  g_autoptr (BankCsvTable) table =
    parse ("Date;Description;Category;Amount\n"
           "01.05.2024;Refund;;20,00\n"          /* present: the deposit t-1 */
           "02.05.2024;Bakery;groceries;-3,50\n" /* two equal purchases, */
           "02.05.2024;Bakery;groceries;-3,50\n" /* both booked */
           "03.05.2024;Salary;income;1.500,00\n"
           "31.04.2024;Nowhere;;1,00\n"
           "04.05.2024;Free lunch;;0,00\n"
           "05.05.2024;Typo;;12,3,4\n"
           "06.05.2024;Short\n"
           "07.05.2024;Boat;leisure;-9.999,00\n" /* beyond the limit */
           "08.05.2024;\"  Rent,\n May \";rent;-900\n");
  g_autoptr (BankCsvImport) import = import_new (store, table, "chk");
  g_autoptr (BankCsvImport) again = NULL;
  RdxValue *entries;
  guint     line;

  assert_int_equal (bank_csv_import_get_n_new (import), 5);
  assert_int_equal (bank_csv_import_get_n_present (import), 1);
  assert_problems (import, (const char *const[]){
                             "Line 6: “31.04.2024” is not a date written day, month, year (such as "
                             "“31/12/2024”).",
                             "Line 7: the amount is zero, so there is nothing to book.",
                             "Line 8: “12,3,4” is not an amount: its digits are not grouped in "
                             "threes, as in “1,234,567”.",
                             "Line 9: it has 2 fields, and the amounts are in column 4.", NULL });
  assert_non_null (bank_csv_import_get_action (import, 4, &line));
  assert_int_equal (line, 11);

  assert_true (bank_csv_import_run (import, store, NULL));
  assert_int_equal (bank_csv_import_get_n_imported (import), 4);
  assert_int_equal (bank_csv_import_get_n_new (import), 0);
  assert_int_equal (bank_csv_import_get_n_refused (import), 5);
  assert_string_equal (bank_csv_import_get_problem (import, 4, &line),
                       "Line 10: accounts.withdraw: insufficient funds: “Checking” (chk) has "
                       "1613.00 EUR available (balance 1513.00 EUR, limit 100.00 EUR, 0.00 EUR "
                       "held by pending transfers), less than 9999.00 EUR.");
  assert_int_equal (line, 10);

  /* 20.00 - 3.50 - 3.50 + 1,500.00 - 900.00 */
  rdx_test_assert_json (rdx_value_get_path (rdx_store_get_state (store), "/accounts/chk/balance"),
                        "61300");
  entries = rdx_value_get_path (rdx_store_get_state (store), "/ledger/chk");
  assert_int_equal (rdx_list_length (entries), 5);
  assert_string_equal (rdx_map_get_string (rdx_list_get (entries, 1), "memo", NULL), "Bakery");
  assert_string_equal (rdx_map_get_string (rdx_list_get (entries, 1), "category", NULL),
                       "groceries");
  assert_string_equal (rdx_map_get_string (rdx_list_get (entries, 1), "kind", NULL), "withdrawal");
  assert_int_equal (rdx_map_get_int (rdx_list_get (entries, 1), "at", 0), MAY_1 + DAY);
  assert_string_equal (rdx_map_get_string (rdx_list_get (entries, 4), "memo", NULL), "Rent,  May");
  assert_string_equal (rdx_map_get_string (rdx_list_get (entries, 3), "kind", NULL), "deposit");

  /* The same statement again: everything booked is present; the same rows
   * are refused. */
  again = import_new (store, table, "chk");
  assert_int_equal (bank_csv_import_get_n_new (again), 1); /* the boat, refused again */
  assert_int_equal (bank_csv_import_get_n_present (again), 5);
  assert_true (bank_csv_import_run (again, store, NULL));
  assert_int_equal (bank_csv_import_get_n_imported (again), 0);
  assert_int_equal (
    rdx_list_length (rdx_value_get_path (rdx_store_get_state (store), "/ledger/chk")), 5);
  rdx_test_finalize (&store);
}

/* The ids of imported rows are the same whatever the state: an overlapping
 * statement books the rows the first did not have, and only them. */
static void
test_import_overlap (void **state)
{
  g_autoptr (RdxStore) store = bank_store_new ();
  g_autoptr (BankCsvTable) april_may = parse ("Date,Memo,Amount\n"
                                              "2024-05-02,Bakery,-3.50\n"
                                              "2024-05-02,Bakery,-3.50\n"
                                              "2024-05-03,Bus,-2.00\n");
  g_autoptr (BankCsvTable) may_june = parse ("Date,Memo,Amount\n"
                                             "2024-05-02,Bakery,-3.50\n"
                                             "2024-05-02,Bakery,-3.50\n"
                                             "2024-05-02,Bakery,-3.50\n"
                                             "2024-05-03,Bus,-2.00\n"
                                             "2024-06-01,Bus,-2.00\n");
  g_autoptr (BankCsvImport) first = import_new (store, april_may, "chk");
  g_autoptr (BankCsvImport) second = NULL;
  g_autofree char *first_id = NULL;
  RdxValue        *entries;

  assert_true (bank_csv_import_run (first, store, NULL));
  assert_int_equal (bank_csv_import_get_n_imported (first), 3);
  second = import_new (store, may_june, "chk");
  assert_int_equal (bank_csv_import_get_n_present (second), 3);
  assert_int_equal (bank_csv_import_get_n_new (second), 2);
  assert_true (bank_csv_import_run (second, store, NULL));
  entries = rdx_value_get_path (rdx_store_get_state (store), "/ledger/chk");
  assert_int_equal (rdx_list_length (entries), 6);
  /* Ids: derived, different for each occurrence. */
  first_id = g_strdup (rdx_map_get_string (rdx_list_get (entries, 1), "id", ""));
  assert_true (g_str_has_prefix (first_id, "csv-"));
  assert_int_equal (strlen (first_id), 28);
  assert_string_not_equal (first_id, rdx_map_get_string (rdx_list_get (entries, 2), "id", ""));
  assert_string_not_equal (rdx_map_get_string (rdx_list_get (entries, 2), "id", ""),
                           rdx_map_get_string (rdx_list_get (entries, 4), "id", ""));
  rdx_test_finalize (&store);
}

static void
test_import_errors (void **state)
{
  g_autoptr (RdxStore) store = bank_store_new ();
  g_autoptr (BankCsvTable) table = parse ("Date,Memo,Amount\n2024-05-02,Bakery,-3.50\n");
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  BankCsvMapping mapping;
  g_autoptr (GError) error = NULL;
  g_autoptr (BankCsvImport) import = NULL;

  bank_csv_table_guess_mapping (table, &mapping);
  import = bank_csv_import_new (table, &mapping, rdx_store_get_state (store), "sav", utc, &error);
  assert_null (import);
  assert_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ACCOUNT);
  assert_string_equal (error->message, "There is no account “sav”.");
  g_clear_error (&error);

  mapping.amount_column = 3;
  import = bank_csv_import_new (table, &mapping, rdx_store_get_state (store), "chk", utc, &error);
  assert_null (import);
  assert_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_COLUMN);
  assert_string_equal (error->message, "Choose the column of the amounts: the file has 3 columns.");
  g_clear_error (&error);
  mapping.amount_column = mapping.date_column;
  import = bank_csv_import_new (table, &mapping, rdx_store_get_state (store), "chk", utc, &error);
  assert_null (import);
  assert_string_equal (error->message, "The dates and the amounts cannot be the same column.");
  g_clear_error (&error);

  /* The account closes between the preview and the run: nothing is
   * dispatched. */
  bank_csv_table_guess_mapping (table, &mapping);
  import = bank_csv_import_new (table, &mapping, rdx_store_get_state (store), "chk", utc, &error);
  assert_non_null (import);
  assert_true (rdx_store_dispatch_take (
    store, bank_action_withdraw ("chk", "t-2", 2000, NULL, NULL, MAY_1 + DAY), NULL));
  assert_true (
    rdx_store_dispatch_take (store, bank_action_close_account ("chk", MAY_1 + 2 * DAY), NULL));
  assert_false (bank_csv_import_run (import, store, &error));
  assert_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ACCOUNT);
  assert_string_equal (error->message,
                       "The account “Checking” is closed; nothing can be booked on it.");
  assert_int_equal (bank_csv_import_get_n_imported (import), 0);
  rdx_test_finalize (&store);
}

static RdxStore *
demo_store_new (void)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxStore *store = rdx_store_new (reducer, NULL);
  g_autoptr (GPtrArray) actions =
    bank_demo_generate (7, 3, G_GINT64_CONSTANT (1704067200000000) /* 2024-01-01 */, 75, 0);

  for (guint i = 0; i < actions->len; i++)
    assert_true (rdx_store_dispatch (store, actions->pdata[i], NULL));
  return store;
}

/* The fields of every row but the last two columns (the ids, and the
 * ids a reversal reverses). */
static char *
without_ids (const char *csv)
{
  g_auto (GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *last = strrchr (lines[i], ',');

      if (last != NULL)
        last = g_strrstr_len (lines[i], last - lines[i], ",");

      g_string_append_len (out, lines[i],
                           last != NULL ? last - lines[i] : (gssize) strlen (lines[i]));
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_round_trip (void **state)
{
  g_autoptr (RdxStore) store = demo_store_new ();
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = bank_csv_export (rdx_store_get_state (store), "acc-1", utc, &error);
  g_autoptr (BankCsvTable) table = parse (csv);
  g_autoptr (BankCsvImport) same = import_new (store, table, "acc-1");
  g_autoptr (BankCsvImport) copy = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *a = NULL, *b = NULL;
  BankCsvMapping   mapping;
  guint n = rdx_list_length (rdx_value_get_path (rdx_store_get_state (store), "/ledger/acc-1"));

  assert_true (n > 50);
  assert_true (
    g_str_has_prefix (csv, "Date,Description,Category,Amount,Balance,Currency,Id,Reverses\r\n"));
  assert_int_equal (bank_csv_table_get_n_rows (table), n);
  bank_csv_table_guess_mapping (table, &mapping);
  assert_int_equal (mapping.date_column, 0);
  assert_int_equal (mapping.description_column, 1);
  assert_int_equal (mapping.category_column, 2);
  assert_int_equal (mapping.amount_column, 3);
  assert_int_equal (mapping.dates, BANK_CSV_DATES_YMD);

  /* Into the same account: every row is there already. */
  assert_int_equal (bank_csv_import_get_n_present (same), n);
  assert_int_equal (bank_csv_import_get_n_new (same), 0);
  assert_int_equal (bank_csv_import_get_n_refused (same), 0);

  /* Into a new account of the same currency and limit: the same rows. */
  assert_true (rdx_store_dispatch_take (
    store, bank_action_open_account ("copy", "Copy", BANK_ACCOUNT_CHECKING, "EUR", 50000, 0),
    NULL));
  copy = import_new (store, table, "copy");
  assert_int_equal (bank_csv_import_get_n_new (copy), n);
  assert_true (bank_csv_import_run (copy, store, NULL));
  assert_int_equal (bank_csv_import_get_n_imported (copy), n);
  assert_int_equal (bank_csv_import_get_n_refused (copy), 0);
  copied = bank_csv_export (rdx_store_get_state (store), "copy", utc, &error);
  a = without_ids (csv);
  b = without_ids (copied);
  assert_string_equal (a, b);
  rdx_test_finalize (&store);
}

/* Books, in "chk" of @store: a deposit and a withdrawal without memos, a
 * transfer to "sav" without one, and a reversal with a reason. */
static void
book_plain_entries (RdxStore *store)
{
  RdxAction *actions[] = {
    bank_action_open_account ("sav", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0, 0),
    bank_action_deposit ("chk", "t-3", 500, NULL, NULL, MAY_1),
    bank_action_withdraw ("chk", "t-4", 100, NULL, "food", MAY_1),
    bank_action_request_transfer ("r-1", "chk", "sav", 300, NULL, MAY_1),
    bank_action_complete_transfer ("r-1", "confirmed", MAY_1),
    bank_action_withdraw ("chk", "t-5", 1177, "Bike repair", NULL, MAY_1),
    bank_action_reverse ("t-5", "rv-1", "Charged twice", MAY_1),
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr (GError) error = NULL;

      if (!rdx_store_dispatch_take (store, actions[i], &error))
        fail_msg ("%s", error->message);
    }
}

/* An export says what the transaction list says: "Deposit",
 * "Withdrawal", "Transfer to Savings", "Reversal of …" with its reason
 * and the id it reverses; imported into the same account, or into
 * another store's account with the same transactions, every row is
 * present. */
static void
test_export_descriptions (void **state)
{
  g_autoptr (RdxStore) store = bank_store_new ();
  g_autoptr (RdxStore) twin = bank_store_new ();
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autoptr (BankCsvTable) table = NULL;
  g_autoptr (BankCsvImport) same = NULL;
  g_autoptr (BankCsvImport) other = NULL;
  RdxValue *accounts, *entries, *entry;

  book_plain_entries (store);
  book_plain_entries (twin);
  csv = bank_csv_export (rdx_store_get_state (store), "chk", utc, &error);
  assert_non_null (strstr (csv, ",Deposit,,5.00,25.00,EUR,t-3,\r\n"));
  assert_non_null (strstr (csv, ",Withdrawal,food,-1.00,24.00,EUR,t-4,\r\n"));
  assert_non_null (strstr (csv, ",Transfer to Savings,,-3.00,21.00,EUR,"));
  assert_non_null (strstr (csv, ",Bike repair,,-11.77,9.23,EUR,t-5,\r\n"));
  assert_non_null (
    strstr (csv, ",Reversal of Bike repair (reason: Charged twice),,11.77,21.00,EUR,rv-1,t-5\r\n"));

  /* The shared wording, as the list shows it. */
  accounts = rdx_map_get_map (rdx_store_get_state (store), "accounts");
  entries = rdx_value_get_path (rdx_store_get_state (store), "/ledger/sav");
  entry = rdx_list_get (entries, 0);
  {
    g_autofree char *in = bank_entry_describe (accounts, entry, FALSE);

    assert_string_equal (in, "Transfer from Checking");
  }
  entries = rdx_value_get_path (rdx_store_get_state (store), "/ledger/chk");
  entry = rdx_list_get (entries, rdx_list_length (entries) - 1);
  {
    g_autofree char *full = bank_entry_describe (accounts, entry, FALSE);
    g_autofree char *plain = bank_entry_describe (accounts, entry, TRUE);

    assert_string_equal (full, "Reversal of Bike repair");
    assert_string_equal (plain, "Bike repair");
  }

  table = parse (csv);
  same = import_new (store, table, "chk");
  assert_int_equal (bank_csv_import_get_n_new (same), 0);
  assert_int_equal (bank_csv_import_get_n_present (same), 6);
  other = import_new (twin, table, "chk");
  assert_int_equal (bank_csv_import_get_n_new (other), 0);
  assert_int_equal (bank_csv_import_get_n_present (other), 6);
  assert_int_equal (bank_csv_import_get_n_refused (other), 0);
  rdx_test_finalize (&store);
  rdx_test_finalize (&twin);
}

static void
test_export_file (void **state)
{
  g_autoptr (RdxStore) store = bank_store_new ();
  g_autofree char *dir = g_dir_make_tmp ("bank-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chk.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "folder.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) nowhere = g_file_new_for_path (missing);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  assert_true (rdx_store_dispatch_take (
    store, bank_action_withdraw ("chk", "t-2", 150, "Café \"Bleu\", Paris", "food", MAY_1), NULL));
  assert_true (bank_csv_export_file (rdx_store_get_state (store), "chk", file, &error));
  assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Local time is UTC in the tests (meson's environment), or close. */
  assert_true (g_str_has_prefix (text,
                                 "Date,Description,Category,Amount,Balance,Currency,Id,Reverses\r\n"
                                 "2024-05-0"));
  assert_non_null (strstr (text, ",Refund,,20.00,20.00,EUR,t-1,\r\n"));
  assert_non_null (strstr (text, ",\"Café \"\"Bleu\"\", Paris\",food,-1.50,18.50,EUR,t-2,\r\n"));

  assert_false (bank_csv_export_file (rdx_store_get_state (store), "sav", file, &error));
  assert_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ACCOUNT);
  assert_string_equal (error->message, "There is no account “sav” to export.");
  g_clear_error (&error);
  assert_false (bank_csv_export_file (rdx_store_get_state (store), "chk", nowhere, &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (dir);
  rdx_test_finalize (&store);
}

/* An entry booked with a date before others: the export lists the entries
 * in the order of their dates, each balance the one above plus its
 * amount, as the transaction list shows them. */
static void
test_export_back_dated (void **state)
{
  g_autoptr (RdxStore) store = bank_store_new ();
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = NULL;

  assert_true (rdx_store_dispatch_take (
    store, bank_action_withdraw ("chk", "t-2", 150, "Bookshop", NULL, MAY_1 + 2 * DAY), NULL));
  assert_true (rdx_store_dispatch_take (
    store, bank_action_deposit ("chk", "t-3", 500, "Gift", NULL, MAY_1 + DAY), NULL));
  csv = bank_csv_export (rdx_store_get_state (store), "chk", utc, &error);
  g_assert_no_error (error);
  assert_string_equal (csv, "Date,Description,Category,Amount,Balance,Currency,Id,Reverses\r\n"
                            "2024-05-01,Refund,,20.00,20.00,EUR,t-1,\r\n"
                            "2024-05-02,Gift,,5.00,25.00,EUR,t-3,\r\n"
                            "2024-05-03,Bookshop,,-1.50,23.50,EUR,t-2,\r\n");
  rdx_test_finalize (&store);
}

/* Parses @bytes, and imports what it can: a table or a located error,
 * never a crash; every problem names its line. */
static void
survive (RdxStore *store, const char *bytes, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BankCsvTable) table = bank_csv_table_parse (bytes, length, 0, &error);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (BankCsvImport) import = NULL;
  BankCsvMapping mapping;
  guint          previous = 0;

  if (table == NULL)
    {
      assert_error (error, BANK_CSV_ERROR, error->code);
      assert_true (g_utf8_validate (error->message, -1, NULL));
      if (error->code == BANK_CSV_ERROR_QUOTE || error->code == BANK_CSV_ERROR_NOT_TEXT)
        assert_true (
          g_regex_match_simple ("^Line [1-9][0-9]*, column [1-9][0-9]*: ", error->message, 0, 0));
      return;
    }
  assert_true (bank_csv_table_get_n_columns (table) >= 1);
  for (guint i = 0; i < bank_csv_table_get_n_rows (table); i++)
    {
      guint line = bank_csv_table_get_line (table, i);

      assert_true (line > previous);
      previous = line;
    }
  bank_csv_table_guess_mapping (table, &mapping);
  if (mapping.date_column < 0 || mapping.amount_column < 0)
    {
      mapping.date_column = 0;
      mapping.amount_column = bank_csv_table_get_n_columns (table) - 1;
    }
  import = bank_csv_import_new (table, &mapping, rdx_store_get_state (store), "chk", utc, &error);
  if (import == NULL)
    {
      assert_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_COLUMN);
      return;
    }
  assert_true (bank_csv_import_run (import, store, NULL));
  for (guint i = 0; i < bank_csv_import_get_n_refused (import); i++)
    {
      const char *problem = bank_csv_import_get_problem (import, i, NULL);

      assert_true (g_str_has_prefix (problem, "Line "));
      assert_true (g_utf8_validate (problem, -1, NULL));
    }
}

static void
test_garbage (void **state)
{
  static const char alphabet[] = "\"\";;,,\t\n\r\n0123456789-.,/ aZé€\xff\x80\0";
  g_autoptr (RdxStore) store = bank_store_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (4180);
  g_autofree char *corpus_dir = g_build_filename (RDX_TEST_SRCDIR, "csv", NULL);
  g_autoptr (GDir) dir = g_dir_open (corpus_dir, 0, NULL);
  const char       *name;
  guint             n_files = 0;
  static const char seed[] = "Date;Memo;Amount\n01.05.2024;\"A; b\";-1,50\n02.05.2024;C;2\n";
  guint             rounds = g_getenv ("RDX_TEST_QUICK") != NULL ? 300 : 3000;

  /* The corpus of odd files. */
  assert_non_null (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (corpus_dir, name, NULL);
      g_autofree char *bytes = NULL;
      gsize            length;

      assert_true (g_file_get_contents (path, &bytes, &length, NULL));
      survive (store, bytes, length);
      n_files++;
    }
  assert_true (n_files >= 8);

  /* Random text of the characters that matter, and a good file mutated. */
  for (guint round = 0; round < rounds; round++)
    {
      gsize            length = g_rand_int_range (rand, 0, 200);
      g_autofree char *bytes = g_malloc (MAX (length, sizeof seed));

      if (round % 2 == 0)
        for (gsize i = 0; i < length; i++)
          bytes[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet)];
      else
        {
          length = sizeof seed - 1;
          memcpy (bytes, seed, length);
          for (guint k = g_rand_int_range (rand, 1, 6); k > 0; k--)
            bytes[g_rand_int_range (rand, 0, length)] =
              alphabet[g_rand_int_range (rand, 0, sizeof alphabet)];
          length = g_rand_int_range (rand, 1, length + 1);
        }
      survive (store, bytes, length);
    }
  rdx_test_finalize (&store);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_parse_rfc4180),
    rdx_test_leak_checked (test_detect),
    rdx_test_leak_checked (test_parse_quotes_any_delimiter),
    rdx_test_leak_checked (test_dates),
    rdx_test_leak_checked (test_errors),
    rdx_test_leak_checked (test_import),
    rdx_test_leak_checked (test_import_overlap),
    rdx_test_leak_checked (test_import_errors),
    rdx_test_leak_checked (test_round_trip),
    rdx_test_leak_checked (test_export_file),
    rdx_test_leak_checked (test_export_descriptions),
    rdx_test_leak_checked (test_garbage),
    rdx_test_leak_checked (test_export_back_dated),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

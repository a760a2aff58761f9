/* bank-csv.c: bank statements in CSV, read and written
 *
 * Reading is three steps, each usable on its own: bank_csv_table_parse()
 * turns the text into a table (RFC 4180: fields in double quotes may hold
 * the delimiter, line breaks and doubled quotes; the delimiter, a comma, a
 * semicolon, a tab or a bar, is found from the text; lines before the
 * header that do not have its number of fields, as the account details
 * some banks write first, are left out); bank_csv_table_guess_mapping()
 * chooses the columns and conventions a person would; and an import
 * (BankCsvImport) reads each row with them, against the state, into the
 * actions that book it.
 *
 * A row is already present, and skipped, when the account already has as
 * many entries on the row's day with the row's amount and description as
 * the row is the nth of in the file: importing a statement twice, or two
 * statements that overlap, books each transaction once, and two equal
 * purchases on the same day in one statement both are. Each imported
 * transaction's id is derived from the same things (the account, the
 * date, the amount, the description and the occurrence), so it is the
 * same every time the row is imported, and a row whose id is taken is
 * present too.
 *
 * Nothing here reads the clock; the time zone dates are read in is an
 * argument.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

#define MAX_BYTES       (64 * 1024 * 1024)
#define MAX_COLUMNS     1000
#define DETECT_RECORDS  50
#define MAX_MEMO        200
#define MAX_CATEGORY    40
#define DAY_OF_IMPORT_H 12 /* imported rows are booked at noon of their day */

/* clang-format off */
G_DEFINE_QUARK (bank-csv-error-quark, bank_csv_error)
/* clang-format on */

/* The table */

typedef struct
{
  guint  line;
  guint  n_fields;
  char **fields;
} Record;

struct _BankCsvTable
{
  gatomicrefcount ref_count;
  char            delimiter;
  gboolean        has_header;
  guint           n_columns;
  char          **headers;
  GArray         *rows; /* of Record */
};

G_DEFINE_BOXED_TYPE (BankCsvTable, bank_csv_table, bank_csv_table_ref, bank_csv_table_unref)

static void
record_clear (gpointer data)
{
  Record *record = data;

  g_strfreev (record->fields);
}

static GArray *
records_new (void)
{
  GArray *records = g_array_new (FALSE, FALSE, sizeof (Record));

  g_array_set_clear_func (records, record_clear);
  return records;
}

/* The line and column (in characters, from 1) of @at in @text. */
static void
locate (const char *text, const char *at, guint *line, guint *column)
{
  const char *start = text;

  *line = 1;
  for (const char *p = text; p < at; p++)
    if (*p == '\n' || (*p == '\r' && (p + 1 >= at || p[1] != '\n')))
      {
        (*line)++;
        start = p + 1;
      }
  *column = (guint) g_utf8_strlen (start, at - start) + 1;
}

static gboolean
check_text (const char *text, gsize length, GError **error)
{
  const char *end = NULL;
  guint       line, column;

  if (length > MAX_BYTES)
    {
      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_TOO_LARGE,
                   "The file is larger than %u MiB; split the statement into smaller ones "
                   "and import them one by one.",
                   MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (g_utf8_validate_len (text, length, &end))
    return TRUE;
  locate (text, end, &line, &column);
  g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_NOT_TEXT,
               "Line %u, column %u: %s, so the file is not UTF-8 text. Save the statement as "
               "UTF-8 (in a spreadsheet, as “CSV UTF-8”) and import it again.",
               line, column,
               *end == '\0' ? "there is a NUL byte" : "there is a byte that is no character");
  return FALSE;
}

typedef enum
{
  FIELD_START,
  FIELD_UNQUOTED,
  FIELD_QUOTED,
  FIELD_AFTER_QUOTE,
} FieldState;

typedef struct
{
  const char *text;
  gsize       length;
  char        delimiter;
  guint       max_records; /* 0: all */
  GArray     *records;
  GPtrArray  *fields;
  GString    *field;
  guint       line; /* of the current position */
  guint       record_line;
} Tokenizer;

/* Ends the current field; FALSE when the record has too many. */
static gboolean
end_field (Tokenizer *t, GError **error)
{
  if (t->fields->len >= MAX_COLUMNS)
    {
      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_TOO_LARGE,
                   "Line %u has more than %u fields; a statement has a few columns. Is it "
                   "a CSV file?",
                   t->record_line, MAX_COLUMNS);
      return FALSE;
    }
  g_ptr_array_add (t->fields, g_strndup (t->field->str, t->field->len));
  g_string_truncate (t->field, 0);
  return TRUE;
}

/* Ends the current record (a blank line is no record). */
static gboolean
end_record (Tokenizer *t, GError **error)
{
  Record record;

  if (!end_field (t, error))
    return FALSE;
  if (t->fields->len == 1 && *(char *) t->fields->pdata[0] == '\0')
    g_ptr_array_set_size (t->fields, 0);
  else
    {
      record.line = t->record_line;
      record.n_fields = t->fields->len;
      g_ptr_array_add (t->fields, NULL);
      record.fields = (char **) g_ptr_array_steal (t->fields, NULL);
      g_array_append_val (t->records, record);
    }
  return TRUE;
}

static gboolean
quote_error (Tokenizer *t, const char *at, const char *what, GError **error)
{
  guint line, column;

  locate (t->text, at, &line, &column);
  g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_QUOTE, "Line %u, column %u: %s", line, column,
               what);
  return FALSE;
}

static gboolean
is_line_end (char c)
{
  return c == '\n' || c == '\r';
}

/* Splits the text into records. On an error, the records read before it
 * stay in @t->records. */
static gboolean
tokenize (Tokenizer *t, GError **error)
{
  FieldState  state = FIELD_START;
  const char *quote = NULL, *p = t->text, *end = t->text + t->length;

  t->line = t->record_line = 1;
  for (; p < end; p++)
    {
      char c = *p;

      if (state == FIELD_QUOTED)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            g_string_append_c (t->field, '"'), p++;
          else if (c == '"')
            state = FIELD_AFTER_QUOTE;
          else
            g_string_append_c (t->field, c);
          if (c == '\n' || (c == '\r' && (p + 1 >= end || p[1] != '\n')))
            t->line++;
          continue;
        }
      if (c == t->delimiter || is_line_end (c))
        {
          gboolean ok = c == t->delimiter ? end_field (t, error) : end_record (t, error);

          if (!ok)
            return FALSE;
          state = FIELD_START;
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          if (is_line_end (c))
            {
              t->record_line = ++t->line;
              if (t->max_records > 0 && t->records->len >= t->max_records)
                return TRUE;
            }
          continue;
        }
      if (state == FIELD_AFTER_QUOTE && (c == ' ' || c == '\t'))
        continue; /* spaces after a closing quote */
      if (state == FIELD_AFTER_QUOTE)
        return quote_error (t, p,
                            "text follows the closing quote of a field. A quoted field ends at "
                            "its closing quote, then comes the delimiter or the end of the line; "
                            "a quote inside it is written twice (\"\").",
                            error);
      if (state == FIELD_START && c == '"')
        {
          state = FIELD_QUOTED;
          quote = p;
          continue;
        }
      if (c == '"')
        {
          /* A quote inside an unquoted field ("Refund "shop; ltd"") is
           * text, and so is what it encloses up to a closing quote on
           * the same line, the delimiter included; a quote that is not
           * closed on its line is plain text ("5" disk"). */
          const char *close = p + 1;

          while (close < end && *close != '"' && !is_line_end (*close))
            close++;
          if (close < end && *close == '"')
            {
              g_string_append_len (t->field, p, close - p + 1);
              p = close;
              state = FIELD_UNQUOTED;
              continue;
            }
        }
      state = FIELD_UNQUOTED;
      g_string_append_c (t->field, c);
    }
  if (state == FIELD_QUOTED)
    return quote_error (t, quote,
                        "the quoted field that starts here has no closing quote, so it runs to "
                        "the end of the file. Close it with \" (a quote inside it is written "
                        "twice).",
                        error);
  if (state != FIELD_START || t->fields->len > 0)
    return end_record (t, error);
  return TRUE;
}

static GArray *
read_records (const char *text, gsize length, char delimiter, guint max, GError **error)
{
  g_autoptr (GArray) records = records_new ();
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) field = g_string_new (NULL);
  Tokenizer t = { text, length, delimiter, max, records, fields, field };

  if (!tokenize (&t, error) && max == 0)
    return NULL;
  return g_steal_pointer (&records);
}

/* The most frequent number of fields among @records (the fewer on a tie),
 * and how many records have it. */
static guint
modal_width (GArray *records, guint *count)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best = 0, best_count = 0;

  for (guint i = 0; i < records->len; i++)
    {
      guint n = g_array_index (records, Record, i).n_fields;
      guint c = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (n))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (n), GUINT_TO_POINTER (c));
      if (c > best_count || (c == best_count && n < best))
        best = n, best_count = c;
    }
  *count = best_count;
  return best;
}

/* The delimiter that splits the first records into the same number of
 * fields most often (more than one field). */
static char
detect_delimiter (const char *text, gsize length)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  char              best = ',';
  guint             best_count = 0, best_width = 1;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr (GArray) records = read_records (text, length, candidates[i], DETECT_RECORDS, NULL);
      guint count, width = modal_width (records, &count);

      if (width > 1 && (count > best_count || (count == best_count && width > best_width)))
        best = candidates[i], best_count = count, best_width = width;
    }
  return best;
}

typedef struct
{
  guint parts[3];
  guint digits[3];
} DateParts;

static gboolean
read_part (const char **p, guint *value, guint *digits)
{
  *value = *digits = 0;
  while (g_ascii_isdigit (**p) && *digits < 9)
    *value = *value * 10 + (guint) (*(*p)++ - '0'), (*digits)++;
  return *digits > 0 && !g_ascii_isdigit (**p);
}

/* Splits "2024-05-03", "3.5.24", "20240503", ... (a time after it is
 * ignored) into its three numbers. */
static gboolean
split_date (const char *text, DateParts *date)
{
  const char *p = text;
  char        separator = 0;

  while (*p == ' ' || *p == '\t')
    p++;
  for (guint k = 0; k < 3; k++)
    {
      if (!read_part (&p, &date->parts[k], &date->digits[k]))
        return FALSE;
      if (k == 0 && date->digits[0] == 8)
        {
          guint all = date->parts[0];

          date->parts[0] = all / 10000, date->parts[1] = all / 100 % 100;
          date->parts[2] = all % 100;
          date->digits[0] = 4, date->digits[1] = date->digits[2] = 2;
          break;
        }
      if (k == 2)
        break;
      if (separator == 0 && (*p == '-' || *p == '/' || *p == '.'))
        separator = *p;
      if (separator == 0 || *p != separator)
        return FALSE;
      p++;
    }
  return *p == '\0' || *p == ' ' || *p == '\t' || *p == 'T';
}

static gboolean
looks_like_date (const char *text)
{
  DateParts date;

  return split_date (text, &date);
}

/**
 * bank_csv_parse_date:
 * @text: a date as a statement writes it
 * @order: the order of its parts (a four-digit year first is always
 *   year, month, day)
 * @date: (out caller-allocates): the date
 * @error: return location for a #GError
 *
 * Reads a date of a statement: "2024-05-03", "03/05/2024", "3.5.24",
 * "20240503", with a time after it or not (ignored).
 *
 * Returns: %TRUE with @date set, or %FALSE with a %BANK_CSV_ERROR_ROW
 *   that quotes @text and says what a date looks like
 */
gboolean
bank_csv_parse_date (const char *text, BankCsvDateOrder order, GDate *date, GError **error)
{
  static const char *const written[] = {
    [BANK_CSV_DATES_YMD] = "year, month, day (such as “2024-12-31”)",
    [BANK_CSV_DATES_DMY] = "day, month, year (such as “31/12/2024”)",
    [BANK_CSV_DATES_MDY] = "month, day, year (such as “12/31/2024”)",
  };
  DateParts d;
  guint     year = 0, month = 0, day = 0, year_digits = 0;
  gboolean  ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (order <= BANK_CSV_DATES_MDY, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  ok = split_date (text, &d);
  if (ok && (d.digits[0] == 4 || order == BANK_CSV_DATES_YMD))
    year = d.parts[0], month = d.parts[1], day = d.parts[2], year_digits = d.digits[0];
  else if (ok && order == BANK_CSV_DATES_DMY)
    day = d.parts[0], month = d.parts[1], year = d.parts[2], year_digits = d.digits[2];
  else if (ok)
    month = d.parts[0], day = d.parts[1], year = d.parts[2], year_digits = d.digits[2];
  if (year_digits == 2)
    year += year < 70 ? 2000 : 1900;
  ok = ok && (year_digits == 2 || year_digits == 4) && year >= 1 && year <= 9999 &&
       g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (!ok)
    {
      g_autofree char *shown = g_utf8_make_valid (text, -1);

      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ROW, "“%s” is not a date written %s.",
                   g_strstrip (shown), written[order]);
      return FALSE;
    }
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* Whether the first record is data rather than a header: one of its
 * fields is a date. */
static gboolean
is_data (const Record *record)
{
  for (guint i = 0; i < record->n_fields; i++)
    if (looks_like_date (record->fields[i]))
      return TRUE;
  return FALSE;
}

/**
 * bank_csv_table_parse:
 * @text: the text of a CSV file (a byte-order mark is allowed)
 * @length: its length in bytes
 * @delimiter: the field delimiter, or 0 to find it: the one of ",", ";",
 *   tab and "|" that splits the first lines into the same number of
 *   fields most often
 * @error: return location for a #GError
 *
 * Reads a CSV file (RFC 4180, with LF, CRLF or CR line ends) into a
 * table. The most frequent number of fields is the table's number of
 * columns; the first record that has it is the header, and the records
 * before it are left out (account details some banks write first). A
 * header that is data (one of its fields is a date) is a row, and the
 * columns are named "Column 1", "Column 2", .... A quote inside an
 * unquoted field is text, as most programs write it, and so is what it
 * encloses up to a closing quote on the same line, the delimiter
 * included ("Refund "shop; ltd"" is one field).
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with a
 *   %BANK_CSV_ERROR saying where: the text is not UTF-8
 *   (%BANK_CSV_ERROR_NOT_TEXT), a quoted field is not closed, or text
 *   follows its closing quote (%BANK_CSV_ERROR_QUOTE), there is nothing
 *   (%BANK_CSV_ERROR_EMPTY), or too much (%BANK_CSV_ERROR_TOO_LARGE)
 */
BankCsvTable *
bank_csv_table_parse (const char *text, gsize length, char delimiter, GError **error)
{
  g_autoptr (GArray) records = NULL;
  BankCsvTable *self;
  guint         count, first = 0, width;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3, length -= 3;
  if (!check_text (text, length, error))
    return NULL;
  if (delimiter == 0)
    delimiter = detect_delimiter (text, length);
  records = read_records (text, length, delimiter, 0, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error_literal (error, BANK_CSV_ERROR, BANK_CSV_ERROR_EMPTY,
                           "The file is empty: it has no rows to import.");
      return NULL;
    }

  width = modal_width (records, &count);
  while (g_array_index (records, Record, first).n_fields != width)
    first++;
  self = g_new0 (BankCsvTable, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->delimiter = delimiter;
  self->n_columns = width;
  self->has_header = !is_data (&g_array_index (records, Record, first));
  if (self->has_header)
    {
      self->headers = g_strdupv (g_array_index (records, Record, first).fields);
      first++;
    }
  else
    {
      self->headers = g_new0 (char *, width + 1);
      for (guint i = 0; i < width; i++)
        self->headers[i] = g_strdup_printf ("Column %u", i + 1);
    }
  g_array_remove_range (records, 0, first);
  self->rows = g_steal_pointer (&records);
  return self;
}

/**
 * bank_csv_table_ref:
 * @self: a table
 *
 * Returns: (transfer full): @self
 */
BankCsvTable *
bank_csv_table_ref (BankCsvTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bank_csv_table_unref:
 * @self: (transfer full): a table
 */
void
bank_csv_table_unref (BankCsvTable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_strfreev (self->headers);
  g_array_unref (self->rows);
  g_free (self);
}

/**
 * bank_csv_table_get_delimiter:
 * @self: a table
 *
 * Returns: the delimiter its fields were split at
 */
char
bank_csv_table_get_delimiter (BankCsvTable *self)
{
  g_return_val_if_fail (self != NULL, ',');

  return self->delimiter;
}

/**
 * bank_csv_table_has_header:
 * @self: a table
 *
 * Returns: whether the file has a header (otherwise the columns are named
 *   "Column 1", ...)
 */
gboolean
bank_csv_table_has_header (BankCsvTable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_header;
}

/**
 * bank_csv_table_get_n_columns:
 * @self: a table
 *
 * Returns: the number of columns: of fields in the header
 */
guint
bank_csv_table_get_n_columns (BankCsvTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

/**
 * bank_csv_table_get_header:
 * @self: a table
 * @column: a column, less than bank_csv_table_get_n_columns()
 *
 * Returns: (transfer none): the column's name in the header
 */
const char *
bank_csv_table_get_header (BankCsvTable *self, guint column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->headers[column];
}

/**
 * bank_csv_table_get_n_rows:
 * @self: a table
 *
 * Returns: the number of rows after the header
 */
guint
bank_csv_table_get_n_rows (BankCsvTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

/**
 * bank_csv_table_get_field:
 * @self: a table
 * @row: a row, less than bank_csv_table_get_n_rows()
 * @column: a column
 *
 * Returns: (transfer none) (nullable): the field, or %NULL when the row
 *   has fewer fields
 */
const char *
bank_csv_table_get_field (BankCsvTable *self, guint row, guint column)
{
  const Record *record;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  record = &g_array_index (self->rows, Record, row);
  return column < record->n_fields ? record->fields[column] : NULL;
}

/**
 * bank_csv_table_get_line:
 * @self: a table
 * @row: a row, less than bank_csv_table_get_n_rows()
 *
 * Returns: the line of the file the row starts on, from 1
 */
guint
bank_csv_table_get_line (BankCsvTable *self, guint row)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (row < self->rows->len, 0);

  return g_array_index (self->rows, Record, row).line;
}

/* Guessing the mapping */

/* The first column whose name (in lower case) contains one of @words, or
 * -1. */
static int
find_named (BankCsvTable *self, const char *const *words, int not_this, int nor_this)
{
  for (const char *const *word = words; *word != NULL; word++)
    for (guint i = 0; i < self->n_columns; i++)
      {
        g_autofree char *name = g_utf8_strdown (self->headers[i], -1);

        if ((int) i != not_this && (int) i != nor_this && strstr (name, *word) != NULL)
          return (int) i;
      }
  return -1;
}

typedef gboolean (*LooksLikeFunc) (const char *field);

/* Whether most non-empty fields of @column look as @func likes. */
static gboolean
column_looks_like (BankCsvTable *self, guint column, LooksLikeFunc func)
{
  guint yes = 0, no = 0;

  for (guint row = 0; row < self->rows->len && row < DETECT_RECORDS; row++)
    {
      const char *field = bank_csv_table_get_field (self, row, column);

      if (field != NULL && *field != '\0')
        *(func (field) ? &yes : &no) += 1;
    }
  return yes > 0 && yes >= no;
}

static gboolean
looks_like_amount (const char *field)
{
  gint64 minor;

  return bank_parse_money (field, "EUR", BANK_PARSE_DEFAULT, &minor, NULL) ||
         bank_parse_money (field, "USD", BANK_PARSE_DEFAULT, &minor, NULL);
}

/* The first (or with @last, the last) column not taken whose fields look
 * as @func likes, or -1. */
static int
find_by_content (BankCsvTable *self, LooksLikeFunc func, gboolean last, int taken, int taken_too)
{
  int found = -1;

  for (guint i = 0; i < self->n_columns; i++)
    if ((int) i != taken && (int) i != taken_too && column_looks_like (self, i, func))
      {
        found = (int) i;
        if (!last)
          break;
      }
  return found;
}

static gboolean
looks_like_text (const char *field)
{
  return !looks_like_date (field) && !looks_like_amount (field);
}

/* Votes for the decimal separator: the last "." or "," of an amount,
 * unless exactly three digits follow it (a digit group then, maybe). */
static BankCsvDecimal
guess_decimal (BankCsvTable *self, int column)
{
  int votes = 0; /* > 0: comma */

  for (guint row = 0; column >= 0 && row < self->rows->len; row++)
    {
      const char *field = bank_csv_table_get_field (self, row, (guint) column);
      const char *dot = field != NULL ? strrchr (field, '.') : NULL;
      const char *comma = field != NULL ? strrchr (field, ',') : NULL;
      const char *last = dot > comma ? dot : comma;
      gsize       digits = last != NULL ? strspn (last + 1, "0123456789") : 0;

      if (last != NULL && digits > 0 && digits != 3)
        votes += last == comma ? 1 : -1;
      else if (dot != NULL && comma != NULL)
        votes += last == comma ? 1 : -1;
    }
  return votes > 0 ? BANK_CSV_DECIMAL_COMMA : BANK_CSV_DECIMAL_POINT;
}

/* Day first, unless a day is in the middle (month > 12 first) or every
 * date starts with its year. */
static BankCsvDateOrder
guess_dates (BankCsvTable *self, int column)
{
  guint year_first = 0, day_first = 0, month_first = 0, others = 0;

  for (guint row = 0; column >= 0 && row < self->rows->len; row++)
    {
      const char *field = bank_csv_table_get_field (self, row, (guint) column);
      DateParts   d;

      if (field == NULL || !split_date (field, &d))
        continue;
      if (d.digits[0] == 4)
        year_first++;
      else if (d.parts[0] > 12)
        day_first++;
      else if (d.parts[1] > 12)
        month_first++;
      else
        others++;
    }
  if (month_first > 0 && day_first == 0)
    return BANK_CSV_DATES_MDY;
  if (year_first > 0 && day_first + month_first + others == 0)
    return BANK_CSV_DATES_YMD;
  return BANK_CSV_DATES_DMY;
}

/**
 * bank_csv_table_guess_mapping:
 * @self: a table
 * @mapping: (out caller-allocates): the columns and conventions
 *
 * Chooses what a person would: the columns by their names ("Date",
 * "Datum", "Amount", "Betrag", "Description", "Memo", "Payee", ...), or
 * else by what their fields look like (dates; amounts, the last such
 * column; text); the decimal separator from the amounts; the order of
 * the dates from those that can only be read one way (a 31 first is a
 * day). A column it cannot find is -1.
 */
void
bank_csv_table_guess_mapping (BankCsvTable *self, BankCsvMapping *mapping)
{
  static const char *const date_words[] = { "date",        "datum",  "fecha",  "data",
                                            "buchungstag", "valuta", "posted", NULL };
  static const char *const amount_words[] = { "amount", "betrag", "montant", "importe", "importo",
                                              "bedrag", "umsatz", "value",   NULL };
  static const char *const description_words[] = {
    "description", "memo",      "payee",   "verwendungszweck", "beschreibung",
    "libell",      "concepto",  "details", "narrative",        "text",
    "name",        "reference", NULL
  };
  static const char *const category_words[] = { "categor", "kategorie", NULL };
  int                      date, amount;

  g_return_if_fail (self != NULL);
  g_return_if_fail (mapping != NULL);

  date = find_named (self, date_words, -1, -1);
  if (date < 0)
    date = find_by_content (self, looks_like_date, FALSE, -1, -1);
  amount = find_named (self, amount_words, date, -1);
  if (amount < 0)
    amount = find_by_content (self, looks_like_amount, TRUE, date, -1);
  mapping->date_column = date;
  mapping->amount_column = amount;
  mapping->description_column = find_named (self, description_words, date, amount);
  if (mapping->description_column < 0)
    mapping->description_column = find_by_content (self, looks_like_text, FALSE, date, amount);
  mapping->category_column =
    self->has_header ? find_named (self, category_words, date, amount) : -1;
  if (mapping->category_column == mapping->description_column)
    mapping->category_column = -1;
  mapping->decimal = guess_decimal (self, amount);
  mapping->dates = guess_dates (self, date);
}

/* The import */

typedef struct
{
  guint line;
  char *message;
} Problem;

struct _BankCsvImport
{
  BankCsvTable  *table;
  BankCsvMapping mapping;
  char          *account;
  GTimeZone     *time_zone;

  /* The plan, made against this state */
  RdxValue  *state;
  GPtrArray *actions; /* of RdxAction, the rows to book */
  GArray    *lines;   /* of guint, their lines */
  GArray    *problems;
  guint      n_present;
  guint      n_imported;
};

static void
problem_clear (gpointer data)
{
  g_free (((Problem *) data)->message);
}

static void
add_problem (BankCsvImport *self, guint line, const char *message)
{
  Problem problem = { line, g_strdup_printf ("Line %u: %s", line, message) };

  g_array_append_val (self->problems, problem);
}

static char *clean_text (const char *text, glong max);
static char *export_description (RdxValue *accounts, RdxValue *entry);

/* What recognises a booked transaction: its day, amount and description. */
static char *
entry_key (GTimeZone *time_zone, gint64 at, gint64 amount, const char *memo)
{
  gint64 day, next;

  bank_period_bounds (time_zone, BANK_PERIOD_DAY, at, &day, &next);
  return g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%s", day, amount,
                          memo != NULL ? memo : "");
}

static void
count_key (GHashTable *counts, char *key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

  g_hash_table_replace (counts, key, GUINT_TO_POINTER (n + 1));
}

/* How many of the account's entries each key has. */
static GHashTable *
count_entries (BankCsvImport *self, RdxValue *accounts, RdxValue *entries)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  RdxListIter iter;
  RdxValue   *entry;

  rdx_list_iter_init (&iter, entries);
  while (rdx_list_iter_next (&iter, &entry))
    {
      gint64           at = rdx_map_get_int (entry, "at", 0);
      gint64           amount = rdx_map_get_int (entry, "amount", 0);
      const char      *memo = rdx_map_get_string (entry, "memo", NULL);
      g_autofree char *described = export_description (accounts, entry);
      g_autofree char *cleaned = clean_text (described, MAX_MEMO);

      /* A statement from the bank writes the memo; an export of this
       * program writes the description ("Deposit" for an entry without
       * a memo): either recognises the entry. */
      count_key (counts, entry_key (self->time_zone, at, amount, memo));
      if (g_strcmp0 (cleaned, memo != NULL && *memo != '\0' ? memo : NULL) != 0)
        count_key (counts, entry_key (self->time_zone, at, amount, cleaned));
    }
  return counts;
}

/* @text stripped, line breaks made spaces, cut after @max characters;
 * NULL when nothing is left. */
static char *
clean_text (const char *text, glong max)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  g_strdelimit (copy, "\r\n\t", ' ');
  g_strstrip (copy);
  if (*copy == '\0')
    return NULL;
  if (g_utf8_strlen (copy, -1) > max)
    {
      char *cut = g_utf8_substring (copy, 0, max);

      g_strchomp (cut);
      return cut;
    }
  return g_steal_pointer (&copy);
}

static gboolean
check_mapping (BankCsvImport *self, GError **error)
{
  const BankCsvMapping *m = &self->mapping;
  int                   n = (int) bank_csv_table_get_n_columns (self->table);
  const char           *what = NULL;

  if (m->date_column < 0 || m->date_column >= n)
    what = "dates";
  else if (m->amount_column < 0 || m->amount_column >= n)
    what = "amounts";
  else if (m->description_column < -1 || m->description_column >= n)
    what = "descriptions";
  else if (m->category_column < -1 || m->category_column >= n)
    what = "categories";
  if (what != NULL)
    {
      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_COLUMN,
                   "Choose the column of the %s: the file has %d column%s.", what, n,
                   n == 1 ? "" : "s");
      return FALSE;
    }
  if (m->date_column == m->amount_column)
    {
      g_set_error_literal (error, BANK_CSV_ERROR, BANK_CSV_ERROR_COLUMN,
                           "The dates and the amounts cannot be the same column.");
      return FALSE;
    }
  return TRUE;
}

static RdxValue *
find_account (RdxValue *state, const char *id, GError **error)
{
  RdxValue *account = rdx_map_get (rdx_map_get_map (state, "accounts"), id);

  if (account == NULL)
    {
      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ACCOUNT, "There is no account “%s”.", id);
      return NULL;
    }
  if (rdx_map_get_bool (account, "closed", FALSE))
    {
      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ACCOUNT,
                   "The account “%s” is closed; nothing can be booked on it.",
                   rdx_map_get_string (account, "name", id));
      return NULL;
    }
  return account;
}

/* A row read from its fields. */
typedef struct
{
  GDate  date;
  gint64 at;
  gint64 amount;
  char  *memo;
  char  *category;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->memo);
  g_free (row->category);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static gboolean
read_row (BankCsvImport *self, guint row, const char *currency, Row *out, GError **error)
{
  const BankCsvMapping *m = &self->mapping;
  const char           *date = bank_csv_table_get_field (self->table, row, m->date_column);
  const char           *amount = bank_csv_table_get_field (self->table, row, m->amount_column);
  struct lconv          conventions = { 0 };
  g_autoptr (GDateTime) noon = NULL;

  if (date == NULL || amount == NULL)
    {
      g_set_error (
        error, BANK_CSV_ERROR, BANK_CSV_ERROR_ROW, "it has %u fields, and the %s are in column %d.",
        g_strv_length (g_array_index (self->table->rows, Record, row).fields),
        date == NULL ? "dates" : "amounts", (date == NULL ? m->date_column : m->amount_column) + 1);
      return FALSE;
    }
  if (!bank_csv_parse_date (date, m->dates, &out->date, error))
    return FALSE;
  conventions.mon_decimal_point = m->decimal == BANK_CSV_DECIMAL_COMMA ? "," : ".";
  if (!bank_parse_money_with_conventions (amount, currency, &conventions, BANK_PARSE_DEFAULT,
                                          &out->amount, error))
    return FALSE;
  if (out->amount == 0)
    {
      g_set_error_literal (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ROW,
                           "the amount is zero, so there is nothing to book.");
      return FALSE;
    }
  noon =
    g_date_time_new (self->time_zone, g_date_get_year (&out->date), g_date_get_month (&out->date),
                     g_date_get_day (&out->date), DAY_OF_IMPORT_H, 0, 0);
  if (noon == NULL || g_date_time_to_unix (noon) < 0)
    {
      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ROW,
                   "“%s” is before 1970; the bank keeps nothing that old.", date);
      return FALSE;
    }
  out->at = g_date_time_to_unix (noon) * G_USEC_PER_SEC;
  out->memo =
    m->description_column >= 0
      ? clean_text (bank_csv_table_get_field (self->table, row, m->description_column), MAX_MEMO)
      : NULL;
  out->category =
    m->category_column >= 0
      ? clean_text (bank_csv_table_get_field (self->table, row, m->category_column), MAX_CATEGORY)
      : NULL;
  return TRUE;
}

/* The id of the @occurrence-th row like @row in the file. */
static char *
row_id (BankCsvImport *self, const Row *row, guint occurrence)
{
  g_autofree char *text = g_strdup_printf (
    "%s\x1f%04u-%02u-%02u\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%u", self->account,
    g_date_get_year (&row->date), g_date_get_month (&row->date), g_date_get_day (&row->date),
    row->amount, row->memo != NULL ? row->memo : "", occurrence);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strdup_printf ("csv-%.24s", digest);
}

static void
plan_clear (BankCsvImport *self)
{
  g_clear_pointer (&self->state, rdx_value_unref);
  g_ptr_array_set_size (self->actions, 0);
  g_array_set_size (self->lines, 0);
  g_array_set_size (self->problems, 0);
  self->n_present = 0;
}

/* Reads every row against @state: to book, present, or refused. */
static gboolean
plan (BankCsvImport *self, RdxValue *state, GError **error)
{
  RdxValue   *account = find_account (state, self->account, error);
  const char *currency = rdx_map_get_string (account, "currency", "EUR");
  RdxValue   *txns = rdx_map_get_map (state, "txns");
  g_autoptr (GHashTable) booked = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  plan_clear (self);
  if (account == NULL || !check_mapping (self, error))
    return FALSE;
  self->state = rdx_value_ref (state);
  booked = count_entries (self, rdx_map_get_map (state, "accounts"),
                          rdx_map_get_list (rdx_map_get_map (state, "ledger"), self->account));

  for (guint i = 0; i < bank_csv_table_get_n_rows (self->table); i++)
    {
      guint line = bank_csv_table_get_line (self->table, i);
      g_autoptr (GError) row_error = NULL;
      g_auto (Row) row = { 0 };
      char            *key;
      guint            occurrence;
      g_autofree char *id = NULL;

      if (!read_row (self, i, currency, &row, &row_error))
        {
          add_problem (self, line, row_error->message);
          continue;
        }
      key = entry_key (self->time_zone, row.at, row.amount, row.memo);
      occurrence = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) + 1;
      g_hash_table_replace (seen, g_strdup (key), GUINT_TO_POINTER (occurrence));
      id = row_id (self, &row, occurrence);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (booked, key)) >= occurrence ||
          rdx_map_contains (txns, id) || g_hash_table_contains (ids, id))
        self->n_present++;
      else
        {
          g_ptr_array_add (self->actions,
                           row.amount > 0 ? bank_action_deposit (self->account, id, row.amount,
                                                                 row.memo, row.category, row.at)
                                          : bank_action_withdraw (self->account, id, -row.amount,
                                                                  row.memo, row.category, row.at));
          g_array_append_val (self->lines, line);
          g_hash_table_add (ids, g_steal_pointer (&id));
        }
      g_free (key);
    }
  return TRUE;
}

/**
 * bank_csv_import_new:
 * @table: the statement
 * @mapping: which of its columns to read, and how
 * @state: the bank's state (bank_reducer_new()) to import into
 * @account_id: the account to import into
 * @time_zone: the time zone of the statement's dates
 * @error: return location for a #GError
 *
 * Reads each row of @table into the transaction it books on @account_id:
 * a deposit for an amount above zero, a withdrawal (its category, when
 * it has one, making it spending) for an amount below, at noon of its
 * date, with the description as its memo (cut after 200 characters) and
 * an id derived from the row (see the top of bank-csv.c). Rows already
 * present are skipped; rows that cannot be read (a date, an amount, a
 * zero) are refused, each with a problem that names its line. Nothing is
 * dispatched until bank_csv_import_run().
 *
 * Returns: (transfer full) (nullable): the import, or %NULL with a
 *   %BANK_CSV_ERROR: %BANK_CSV_ERROR_ACCOUNT for an unknown or closed
 *   account, %BANK_CSV_ERROR_COLUMN for a mapping that does not fit the
 *   table
 */
BankCsvImport *
bank_csv_import_new (BankCsvTable         *table,
                     const BankCsvMapping *mapping,
                     RdxValue             *state,
                     const char           *account_id,
                     GTimeZone            *time_zone,
                     GError              **error)
{
  g_autoptr (BankCsvImport) self = NULL;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (time_zone != NULL, NULL);

  self = g_new0 (BankCsvImport, 1);
  self->table = bank_csv_table_ref (table);
  self->mapping = *mapping;
  self->account = g_strdup (account_id);
  self->time_zone = g_time_zone_ref (time_zone);
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  self->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  self->problems = g_array_new (FALSE, FALSE, sizeof (Problem));
  g_array_set_clear_func (self->problems, problem_clear);
  if (!plan (self, state, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * bank_csv_import_free:
 * @self: (transfer full): an import
 */
void
bank_csv_import_free (BankCsvImport *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->state, rdx_value_unref);
  g_ptr_array_unref (self->actions);
  g_array_unref (self->lines);
  g_array_unref (self->problems);
  g_time_zone_unref (self->time_zone);
  g_free (self->account);
  bank_csv_table_unref (self->table);
  g_free (self);
}

/**
 * bank_csv_import_run:
 * @self: an import
 * @store: the store of the bank's state
 * @error: return location for a #GError
 *
 * Dispatches one action per row to book, in the order of the file (when
 * the store's state is no longer the one @self was read against, the rows
 * are read again first). A row the reducer refuses (a withdrawal beyond
 * what the account may give, say) joins the problems with the reducer's
 * message; the others are booked.
 *
 * Returns: %TRUE once every row was dispatched, or %FALSE with a
 *   %BANK_CSV_ERROR_ACCOUNT when the account went away (nothing is
 *   dispatched then)
 */
gboolean
bank_csv_import_run (BankCsvImport *self, RdxStore *store, GError **error)
{
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GArray) lines = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (RDX_IS_STORE (store), FALSE);

  if (rdx_store_get_state (store) != self->state &&
      !plan (self, rdx_store_get_state (store), error))
    return FALSE;
  actions = g_steal_pointer (&self->actions);
  lines = g_steal_pointer (&self->lines);
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  self->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < actions->len; i++)
    {
      g_autoptr (GError) refusal = NULL;

      if (rdx_store_dispatch (store, actions->pdata[i], &refusal))
        self->n_imported++;
      else
        add_problem (self, g_array_index (lines, guint, i), refusal->message);
    }
  g_clear_pointer (&self->state, rdx_value_unref);
  self->state = rdx_value_ref (rdx_store_get_state (store));
  return TRUE;
}

/**
 * bank_csv_import_get_n_new:
 * @self: an import
 *
 * Returns: how many rows are to be booked (none once run)
 */
guint
bank_csv_import_get_n_new (BankCsvImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->actions->len;
}

/**
 * bank_csv_import_get_n_present:
 * @self: an import
 *
 * Returns: how many rows are already present, and skipped
 */
guint
bank_csv_import_get_n_present (BankCsvImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_present;
}

/**
 * bank_csv_import_get_n_refused:
 * @self: an import
 *
 * Returns: how many rows were refused: unreadable ones, and once run,
 *   those the reducer refused
 */
guint
bank_csv_import_get_n_refused (BankCsvImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->problems->len;
}

/**
 * bank_csv_import_get_n_imported:
 * @self: an import
 *
 * Returns: how many rows bank_csv_import_run() booked
 */
guint
bank_csv_import_get_n_imported (BankCsvImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_imported;
}

/**
 * bank_csv_import_get_problem:
 * @self: an import
 * @index: less than bank_csv_import_get_n_refused()
 * @line: (out) (optional): the line of the row refused
 *
 * Returns: (transfer none): why the row was refused, as "Line 7: “31/02/
 *   2024” is not a date written day, month, year (such as
 *   “31/12/2024”)."
 */
const char *
bank_csv_import_get_problem (BankCsvImport *self, guint index, guint *line)
{
  const Problem *problem;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  problem = &g_array_index (self->problems, Problem, index);
  if (line != NULL)
    *line = problem->line;
  return problem->message;
}

/**
 * bank_csv_import_get_action:
 * @self: an import
 * @index: less than bank_csv_import_get_n_new()
 * @line: (out) (optional): the line of its row
 *
 * Returns: (transfer none): the action that books a row
 */
RdxAction *
bank_csv_import_get_action (BankCsvImport *self, guint index, guint *line)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->actions->len, NULL);

  if (line != NULL)
    *line = g_array_index (self->lines, guint, index);
  return self->actions->pdata[index];
}

/* Descriptions */

/**
 * bank_entry_describe:
 * @accounts: the state's `accounts` map (to name a transfer's other
 *   account), or %NULL
 * @entry: an entry of the ledger
 * @plain: %TRUE for what the entry was, without "Reversal of"
 *
 * What a person reads of an entry, the same in the transaction list and
 * in an export: its memo; "Deposit" or "Withdrawal" without one;
 * "Transfer to Savings" or "Transfer from Checking" for a transfer
 * (followed by ": " and its memo when it has one); and, unless @plain,
 * "Reversal of …" before it for a reversal. The other account of a
 * transfer is named by its name, or its id when it is not in @accounts.
 *
 * Returns: (transfer full): the description
 */
char *
bank_entry_describe (RdxValue *accounts, RdxValue *entry, gboolean plain)
{
  const char      *kind = rdx_map_get_string (entry, "kind", "");
  const char      *memo = rdx_map_get_string (entry, "memo", "");
  const char      *counterpart = rdx_map_get_string (entry, "counterpart", NULL);
  gboolean         in = g_str_equal (kind, "transfer-in");
  g_autofree char *what = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (in || g_str_equal (kind, "transfer-out"))
    {
      RdxValue   *other = counterpart != NULL ? rdx_map_get_map (accounts, counterpart) : NULL;
      const char *name =
        rdx_map_get_string (other, "name", counterpart != NULL ? counterpart : "another account");

      if (*memo != '\0')
        what = g_strdup_printf (in ? "Transfer from %s: %s" : "Transfer to %s: %s", name, memo);
      else
        what = g_strdup_printf (in ? "Transfer from %s" : "Transfer to %s", name);
    }
  else if (*memo != '\0')
    what = g_strdup (memo);
  else
    what = g_strdup (g_str_equal (kind, "deposit") ? "Deposit" : "Withdrawal");
  if (!plain && rdx_map_get (entry, "reverses") != NULL)
    return g_strdup_printf ("Reversal of %s", what);
  return g_steal_pointer (&what);
}

/* The Description an export writes: bank_entry_describe(), and a
 * reversal's reason after it. */
static char *
export_description (RdxValue *accounts, RdxValue *entry)
{
  g_autofree char *text = bank_entry_describe (accounts, entry, FALSE);
  const char      *reason = rdx_map_get_string (entry, "reason", "");

  if (rdx_map_get (entry, "reverses") != NULL && *reason != '\0')
    return g_strdup_printf ("%s (reason: %s)", text, reason);
  return g_steal_pointer (&text);
}

/* Export */

/* Appends @text as a field: quoted when it holds a comma, a quote, a line
 * break, or spaces at an end. */
static void
append_field (GString *out, const char *text, gboolean last)
{
  gsize n = strlen (text);

  if (strpbrk (text, ",\"\r\n") != NULL || (n > 0 && (text[0] == ' ' || text[n - 1] == ' ')))
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
append_entry (GString    *out,
              RdxValue   *accounts,
              RdxValue   *entry,
              gint64      running,
              const char *currency,
              GTimeZone  *time_zone)
{
  gint64 seconds = rdx_map_get_int (entry, "at", 0) / G_USEC_PER_SEC;
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, time_zone) : NULL;
  g_autofree char *date = local != NULL ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("");
  guint            digits = bank_currency_get_digits (currency);
  g_autofree char *amount = bank_format_decimal (rdx_map_get_int (entry, "amount", 0), digits);
  g_autofree char *balance = bank_format_decimal (running, digits);
  g_autofree char *description = export_description (accounts, entry);

  append_field (out, date, FALSE);
  append_field (out, description, FALSE);
  append_field (out, rdx_map_get_string (entry, "category", ""), FALSE);
  append_field (out, amount, FALSE);
  append_field (out, balance, FALSE);
  append_field (out, currency, FALSE);
  append_field (out, rdx_map_get_string (entry, "id", ""), FALSE);
  append_field (out, rdx_map_get_string (entry, "reverses", ""), TRUE);
}

/* Entries in the order of their dates: `at`, then as they were booked. */
static int
by_date (gconstpointer a, gconstpointer b)
{
  RdxValue *x = *(RdxValue *const *) a, *y = *(RdxValue *const *) b;
  gint64    tx = rdx_map_get_int (x, "at", 0), ty = rdx_map_get_int (y, "at", 0);
  gint64    sx = rdx_map_get_int (x, "seq", 0), sy = rdx_map_get_int (y, "seq", 0);

  if (tx != ty)
    return tx < ty ? -1 : 1;
  return sx < sy ? -1 : sx > sy;
}

/**
 * bank_csv_export:
 * @state: the bank's state
 * @account_id: the account to export
 * @time_zone: the time zone to write the dates in
 * @error: return location for a #GError
 *
 * An account's transactions as CSV (RFC 4180: commas, CRLF line ends, a
 * header), in the order of their dates (then as they were booked):
 * `Date` (YYYY-MM-DD), `Description` (what the transaction list says:
 * bank_entry_describe(), and for a reversal its reason, "Reversal of
 * Bike repair (reason: Charged twice)"), `Category`, `Amount` and
 * `Balance` (the balance after it in that order, as the transaction list
 * shows it, so each row's follows from the row above even when an entry
 * was booked with an earlier date than others; plain decimals with a
 * point, the same in every locale), `Currency`, `Id` and `Reverses` (the
 * id of the transaction a reversal reverses, or empty). Importing it
 * again into the same account, or into another one that has the same
 * transactions, skips every row: an entry is recognised by its memo or
 * by its description.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with a
 *   %BANK_CSV_ERROR_ACCOUNT when there is no such account
 */
char *
bank_csv_export (RdxValue *state, const char *account_id, GTimeZone *time_zone, GError **error)
{
  RdxValue   *account;
  const char *currency;
  GString    *out;
  RdxListIter iter;
  RdxValue   *entry;
  gint64      running = 0;
  gboolean    in_order = TRUE;
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();

  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (time_zone != NULL, NULL);

  account = rdx_map_get (rdx_map_get_map (state, "accounts"), account_id);
  if (account == NULL)
    {
      g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_ACCOUNT,
                   "There is no account “%s” to export.", account_id);
      return NULL;
    }
  currency = rdx_map_get_string (account, "currency", "");
  out = g_string_new ("Date,Description,Category,Amount,Balance,Currency,Id,Reverses\r\n");
  rdx_list_iter_init (&iter, rdx_map_get_list (rdx_map_get_map (state, "ledger"), account_id));
  while (rdx_list_iter_next (&iter, &entry))
    {
      in_order =
        in_order && (entries->len == 0 || by_date (&entries->pdata[entries->len - 1], &entry) <= 0);
      g_ptr_array_add (entries, entry);
    }
  if (!in_order)
    g_ptr_array_sort (entries, by_date);
  for (guint i = 0; i < entries->len; i++)
    {
      running = bank_saturated_add (running, rdx_map_get_int (entries->pdata[i], "amount", 0));
      append_entry (out, rdx_map_get_map (state, "accounts"), entries->pdata[i], running, currency,
                    time_zone);
    }
  return g_string_free (out, FALSE);
}

/**
 * bank_csv_export_file:
 * @state: the bank's state
 * @account_id: the account to export
 * @file: the file to write (replaced as a whole, or left as it was)
 * @error: return location for a #GError
 *
 * Writes bank_csv_export() of the account, with the dates in the local
 * time zone, into @file.
 *
 * Returns: %TRUE once written, or %FALSE with a %BANK_CSV_ERROR_ACCOUNT
 *   or the #GIOErrorEnum that kept the file from being written
 */
gboolean
bank_csv_export_file (RdxValue *state, const char *account_id, GFile *file, GError **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = bank_csv_export (state, account_id, local, error);
  return text != NULL &&
         g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

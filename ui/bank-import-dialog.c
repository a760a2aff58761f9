/* bank-import-dialog.c: a bank statement in CSV, previewed and imported
 *
 * The dialog reads a file into a table (reducers/bank-csv: the
 * delimiter, the header and the columns are guessed), lets a person
 * choose the date, description, amount and category columns, how dates
 * and amounts are written and the file's encoding, and shows what an
 * import would do against the store's state as it is: each row new,
 * already present (skipped) or refused with its reason and line. Import
 * dispatches one action per new row (bank_csv_import_run()), which the
 * reducer checks like any other; nothing in the file reaches the store
 * any other way.
 *
 * The choices are the dialog's own, not the store's: the update function
 * reads them, makes the import's plan and shows it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-import-dialog-private.h"

#include <string.h>

#define PREVIEW_ROWS 50
#define MAX_PROBLEMS 100

enum
{
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BankImportDialog, bank_import_dialog, GTK_TYPE_WINDOW)

/* Reading the file */

/* The file's text in UTF-8, as the Encoding row says to read it. */
static char *
read_text (BankImportDialog *self, gsize *length, GError **error)
{
  gsize       size = 0;
  const char *data = g_bytes_get_data (self->bytes, &size);
  g_autoptr (GError) convert_error = NULL;
  char *text;

  if (adw_combo_row_get_selected (self->encoding_row) == BANK_IMPORT_UTF8)
    {
      /* Every byte, NULs included: the parser says where one is. */
      text = g_malloc (size + 1);
      memcpy (text, data, size);
      text[size] = '\0';
      *length = size;
      return text;
    }
  text = g_convert (data != NULL ? data : "", (gssize) size, "UTF-8", "WINDOWS-1252", NULL, length,
                    &convert_error);
  if (text == NULL)
    g_set_error (error, BANK_CSV_ERROR, BANK_CSV_ERROR_NOT_TEXT,
                 "The file is not Windows-1252 text either (%s). Save the statement as UTF-8 "
                 "and import it again.",
                 convert_error->message);
  return text;
}

static GListModel *
columns_model (BankCsvTable *table, gboolean with_none)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (with_none)
    gtk_string_list_append (list, "None");
  for (guint i = 0; i < bank_csv_table_get_n_columns (table); i++)
    gtk_string_list_take (list,
                          g_strdup_printf ("%u: %s", i + 1, bank_csv_table_get_header (table, i)));
  return G_LIST_MODEL (list);
}

static void
set_columns (AdwComboRow *row, BankCsvTable *table, gboolean with_none, int column)
{
  g_autoptr (GListModel) model = columns_model (table, with_none);

  adw_combo_row_set_model (row, model);
  adw_combo_row_set_selected (row, (guint) (column + (with_none ? 1 : 0)));
}

/* Puts the guess of @mapping into the rows. */
static void
show_mapping (BankImportDialog *self, const BankCsvMapping *mapping)
{
  self->setting_up = TRUE;
  set_columns (self->date_row, self->table, FALSE, mapping->date_column);
  set_columns (self->description_row, self->table, TRUE, mapping->description_column);
  set_columns (self->amount_row, self->table, FALSE, mapping->amount_column);
  set_columns (self->category_row, self->table, TRUE, mapping->category_column);
  adw_combo_row_set_selected (self->dates_row, mapping->dates);
  adw_combo_row_set_selected (self->decimal_row, mapping->decimal);
  self->setting_up = FALSE;
}

/* The mapping the rows show. */
static void
read_mapping (BankImportDialog *self, BankCsvMapping *mapping)
{
  mapping->date_column = (int) adw_combo_row_get_selected (self->date_row);
  mapping->description_column = (int) adw_combo_row_get_selected (self->description_row) - 1;
  mapping->amount_column = (int) adw_combo_row_get_selected (self->amount_row);
  mapping->category_column = (int) adw_combo_row_get_selected (self->category_row) - 1;
  mapping->dates = (BankCsvDateOrder) adw_combo_row_get_selected (self->dates_row);
  mapping->decimal = (BankCsvDecimal) adw_combo_row_get_selected (self->decimal_row);
}

/* Makes the import's plan against the store's state: what each row
 * would be. */
static void
make_plan (BankImportDialog *self)
{
  BankCsvMapping mapping;

  g_clear_pointer (&self->import, bank_csv_import_free);
  g_clear_error (&self->error);
  read_mapping (self, &mapping);
  self->import = bank_csv_import_new (self->table, &mapping, rdx_store_get_state (self->store),
                                      self->account_id, self->time_zone, &self->error);
}

/* Reads the table from the file's bytes, and guesses its columns. */
static void
read_table (BankImportDialog *self)
{
  g_autofree char *text = NULL;
  gsize            length = 0;
  BankCsvMapping   mapping;

  g_clear_pointer (&self->import, bank_csv_import_free);
  g_clear_pointer (&self->table, bank_csv_table_unref);
  g_clear_error (&self->error);
  self->stage = BANK_IMPORT_UNREADABLE;
  text = read_text (self, &length, &self->error);
  if (text == NULL)
    return;
  self->table = bank_csv_table_parse (text, length, 0, &self->error);
  if (self->table == NULL)
    return;
  bank_csv_table_guess_mapping (self->table, &mapping);
  show_mapping (self, &mapping);
  self->stage = BANK_IMPORT_READY;
  make_plan (self);
}

/* The update */

static void
remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    {
      if (GTK_IS_LIST_BOX (widget))
        gtk_list_box_remove (GTK_LIST_BOX (widget), child);
      else
        gtk_grid_remove (GTK_GRID (widget), child);
    }
}

static void
add_cell (BankImportDialog *self, const char *text, int column, int row, const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_grid_attach (self->preview_grid, label, column, row, 1, 1);
}

/* What the import does with each line: "New", "Error", or (neither)
 * present. */
static GHashTable *
line_statuses (BankImportDialog *self)
{
  GHashTable *statuses = g_hash_table_new (NULL, NULL);
  guint       line;

  for (guint i = 0; i < bank_csv_import_get_n_new (self->import); i++)
    {
      bank_csv_import_get_action (self->import, i, &line);
      g_hash_table_insert (statuses, GUINT_TO_POINTER (line), "New");
    }
  for (guint i = 0; i < bank_csv_import_get_n_refused (self->import); i++)
    {
      bank_csv_import_get_problem (self->import, i, &line);
      g_hash_table_insert (statuses, GUINT_TO_POINTER (line), "Error");
    }
  return statuses;
}

/* The first rows of the file, each with what the import does with it. */
static void
update_preview (BankImportDialog *self)
{
  g_autoptr (GHashTable) statuses = NULL;
  guint n_columns, n_rows;

  remove_children (GTK_WIDGET (self->preview_grid));
  if (self->table == NULL || self->import == NULL)
    return;
  statuses = line_statuses (self);
  n_columns = bank_csv_table_get_n_columns (self->table);
  n_rows = MIN (bank_csv_table_get_n_rows (self->table), PREVIEW_ROWS);
  add_cell (self, "Line", 0, 0, "heading");
  add_cell (self, "Status", 1, 0, "heading");
  for (guint c = 0; c < n_columns; c++)
    add_cell (self, bank_csv_table_get_header (self->table, c), (int) c + 2, 0, "heading");
  for (guint r = 0; r < n_rows; r++)
    {
      guint            line = bank_csv_table_get_line (self->table, r);
      const char      *status = g_hash_table_lookup (statuses, GUINT_TO_POINTER (line));
      g_autofree char *number = g_strdup_printf ("%u", line);

      add_cell (self, number, 0, (int) r + 1, "dim-label");
      add_cell (self, status != NULL ? status : "Present", 1, (int) r + 1,
                status == NULL                  ? "dim-label"
                : g_str_equal (status, "Error") ? "error"
                                                : NULL);
      for (guint c = 0; c < n_columns; c++)
        {
          const char *field = bank_csv_table_get_field (self->table, r, c);

          add_cell (self, field != NULL ? field : "", (int) c + 2, (int) r + 1, NULL);
        }
    }
}

/* Each row refused, with its line and the reason. */
static void
update_problems (BankImportDialog *self)
{
  guint n = self->import != NULL ? bank_csv_import_get_n_refused (self->import) : 0;

  remove_children (GTK_WIDGET (self->problems_list));
  for (guint i = 0; i < MIN (n, MAX_PROBLEMS); i++)
    {
      GtkWidget *label = gtk_label_new (bank_csv_import_get_problem (self->import, i, NULL));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (self->problems_list, label);
    }
  if (n > MAX_PROBLEMS)
    {
      g_autofree char *more = g_strdup_printf ("And %u more.", n - MAX_PROBLEMS);

      gtk_list_box_append (self->problems_list, gtk_label_new (more));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), n > 0);
}

static char *
describe_plan (BankImportDialog *self)
{
  guint n_new = bank_csv_import_get_n_new (self->import);
  guint n_present = bank_csv_import_get_n_present (self->import);
  guint n_refused = bank_csv_import_get_n_refused (self->import);

  if (self->stage == BANK_IMPORT_DONE)
    return g_strdup_printf ("%u imported, %u already present (skipped), %u not imported.",
                            bank_csv_import_get_n_imported (self->import), n_present, n_refused);
  return g_strdup_printf ("%u new, %u already present (skipped), %u cannot be imported.", n_new,
                          n_present, n_refused);
}

/* Projects the file, the choices and the plan onto the widgets. */
static void
bank_import_dialog_update (BankImportDialog *self)
{
  gboolean         readable = self->stage == BANK_IMPORT_READY || self->stage == BANK_IMPORT_DONE;
  gboolean         done = self->stage == BANK_IMPORT_DONE;
  g_autofree char *summary = NULL;

  self->n_updates++;
  {
    /* Which account the rows go into, said in the header bar. */
    RdxValue        *accounts = rdx_map_get_map (rdx_store_get_state (self->store), "accounts");
    RdxValue        *account = rdx_map_get_map (accounts, self->account_id);
    g_autofree char *into =
      g_strdup_printf ("Into “%s”", rdx_map_get_string (account, "name", self->account_id));

    adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
    adw_window_title_set_subtitle (self->window_title, into);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), self->stage == BANK_IMPORT_UNREADABLE);
  gtk_label_set_label (
    self->error_label,
    self->stage == BANK_IMPORT_UNREADABLE && self->error != NULL ? self->error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), readable && !done);
  gtk_widget_set_visible (GTK_WIDGET (self->rows_group), readable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_group), !done);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), !done);
  gtk_button_set_label (self->cancel_button, done ? "Close" : "Cancel");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, done ? "Close" : "Cancel", -1);

  if (self->import != NULL)
    summary = describe_plan (self);
  else if (readable && self->error != NULL)
    summary = g_strdup (self->error->message); /* a mapping or account that does not fit */
  else
    summary = g_strdup (self->stage == BANK_IMPORT_LOADING ? "Reading the file…" : "");
  gtk_label_set_label (self->summary_label, summary);
  if (self->import == NULL && readable)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->preview_grid), !done);
  if (!done)
    update_preview (self);
  update_problems (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                 self->stage == BANK_IMPORT_READY && self->import != NULL &&
                                   bank_csv_import_get_n_new (self->import) > 0);
}

/* Callbacks */

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BankImportDialog) self = user_data;
  g_autofree char *contents = NULL;
  gsize            length = 0;
  g_autoptr (GError) error = NULL;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_error (&self->error);
      g_set_error (&self->error, error->domain, error->code, "The file could not be read: %s",
                   error->message);
      self->stage = BANK_IMPORT_UNREADABLE;
      bank_import_dialog_update (self);
      return;
    }
  self->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  read_table (self);
  bank_import_dialog_update (self);
}

static void
encoding_changed_cb (BankImportDialog *self, GParamSpec *pspec, AdwComboRow *row)
{
  if (self->bytes == NULL || self->stage == BANK_IMPORT_DONE)
    return;
  read_table (self);
  bank_import_dialog_update (self);
}

static void
mapping_changed_cb (BankImportDialog *self, GParamSpec *pspec, AdwComboRow *row)
{
  if (self->setting_up || self->table == NULL || self->stage != BANK_IMPORT_READY)
    return;
  make_plan (self);
  bank_import_dialog_update (self);
}

/* Import: one action per new row, each checked by the reducer. */
static void
run_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankImportDialog *self = BANK_IMPORT_DIALOG (widget);

  if (self->import == NULL || self->stage != BANK_IMPORT_READY)
    return;
  g_clear_error (&self->error);
  if (!bank_csv_import_run (self->import, self->store, &self->error))
    {
      g_clear_pointer (&self->import, bank_csv_import_free);
      bank_import_dialog_update (self);
      return;
    }
  self->stage = BANK_IMPORT_DONE;
  bank_import_dialog_update (self);
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, bank_csv_import_get_n_imported (self->import));
}

/* The object */

static void
bank_import_dialog_dispose (GObject *object)
{
  BankImportDialog *self = BANK_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BANK_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (bank_import_dialog_parent_class)->dispose (object);
}

static void
bank_import_dialog_finalize (GObject *object)
{
  BankImportDialog *self = BANK_IMPORT_DIALOG (object);

  g_clear_pointer (&self->import, bank_csv_import_free);
  g_clear_pointer (&self->table, bank_csv_table_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->store);
  g_free (self->account_id);

  G_OBJECT_CLASS (bank_import_dialog_parent_class)->finalize (object);
}

static void
bank_import_dialog_class_init (BankImportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bank_import_dialog_dispose;
  object_class->finalize = bank_import_dialog_finalize;

  /**
   * BankImportDialog::imported:
   * @self: the dialog
   * @n_imported: how many rows were booked
   *
   * Emitted once Import has dispatched the new rows.
   */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/rdx/Bank/bank-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, file_group);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, dates_row);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, decimal_row);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, rows_group);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, BankImportDialog, problems_list);
  gtk_widget_class_bind_template_callback (widget_class, encoding_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mapping_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  g_type_ensure (ADW_TYPE_PREFERENCES_PAGE);
  g_type_ensure (ADW_TYPE_COMBO_ROW);
}

static void
bank_import_dialog_init (BankImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->time_zone = g_time_zone_new_local ();
  self->cancellable = g_cancellable_new ();
  self->stage = BANK_IMPORT_LOADING;
}

/**
 * bank_import_dialog_open_file:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a store of the bank's state (bank_reducer_new())
 * @account_id: the account to import into
 * @file: a bank statement in CSV
 *
 * Presents the import dialog on @file: it reads the file (without
 * blocking), guesses its columns and shows what an import into
 * @account_id would do; Import dispatches one action per new row to
 * @store. A file that cannot be read (missing, not text, broken CSV)
 * shows why, and nothing is dispatched.
 *
 * Returns: (transfer none): the dialog, which destroys itself when closed
 */
BankImportDialog *
bank_import_dialog_open_file (GtkWindow  *parent,
                              RdxStore   *store,
                              const char *account_id,
                              GFile      *file)
{
  BankImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RDX_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (BANK_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->account_id = g_strdup (account_id);
  self->file = g_object_ref (file);
  {
    g_autofree char *name = g_file_get_basename (file);
    g_autofree char *title = g_strdup_printf ("Import %s", name);

    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  bank_import_dialog_update (self);
  g_file_load_contents_async (file, self->cancellable, loaded_cb, g_object_ref (self));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

typedef struct
{
  GtkWindow *parent;
  RdxStore  *store;
  char      *account_id;
} Chooser;

static void
chooser_free (Chooser *chooser)
{
  g_clear_object (&chooser->parent);
  g_object_unref (chooser->store);
  g_free (chooser->account_id);
  g_free (chooser);
}

static void
chooser_response_cb (GtkNativeDialog *native, int response, gpointer user_data)
{
  Chooser *chooser = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        bank_import_dialog_open_file (chooser->parent, chooser->store, chooser->account_id, file);
    }
  chooser_free (chooser);
  g_object_unref (native);
}

/**
 * bank_import_dialog_present:
 * @parent: (nullable): the window the dialogs belong to
 * @store: a store of the bank's state (bank_reducer_new())
 * @account_id: the account to import into
 *
 * Asks for a bank statement in CSV (a native file chooser), then
 * presents the import dialog on it (bank_import_dialog_open_file()).
 */
void
bank_import_dialog_present (GtkWindow *parent, RdxStore *store, const char *account_id)
{
  GtkFileChooserNative *native;
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  Chooser *chooser;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (RDX_IS_STORE (store));
  g_return_if_fail (account_id != NULL);

  native = gtk_file_chooser_native_new ("Import Statement", parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        "_Open", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (csv, "Bank statements (CSV)");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), csv);
  gtk_file_filter_set_name (all, "All files");
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  chooser = g_new0 (Chooser, 1);
  chooser->parent = parent != NULL ? g_object_ref (parent) : NULL;
  chooser->store = g_object_ref (store);
  chooser->account_id = g_strdup (account_id);
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* bank-application.c: the rdx-bank application
 *
 * The application owns the bank's store and everything around it. Only
 * the primary instance runs `startup`, so that is where the journal is
 * opened (docs/journal.md): a second `rdx-bank` hands its command line
 * over to the first and exits without touching the file, which only one
 * process may write.
 *
 * The store's chain, outermost first: the history (for the debugger,
 * bounded), the effects (the transfer effect hands transfers to the
 * simulated bank), the journal (last, so it records what the reducer
 * accepted). Transfers a previous session left unsettled are asked for
 * again at start.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-application.h"

#include <bank.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "bank-window.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

struct _BankApplication
{
  AdwApplication parent_instance;

  /* What the command line asked (the primary instance's own) */
  char    *journal_path;
  gboolean demo;

  /* Owned, from startup to shutdown */
  RdxJournal  *journal;
  RdxStore    *store;
  RdxHistory  *history;
  RdxEffects  *effects;
  BankService *service;
  GError      *open_error;
  guint        n_recovered;
  char        *start_message;
  gboolean     accept_problems; /* the person chose to go on with them */
  int          exit_status;
  guint        signal_ids[2];
};

G_DEFINE_FINAL_TYPE (BankApplication, bank_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "journal", 'j', 0, G_OPTION_ARG_FILENAME, NULL,
    "Keep the accounts in FILE instead of the usual place", "FILE" },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, "Fill an empty journal with a year of demo banking",
    NULL },
  { "in-memory", 0, 0, G_OPTION_ARG_NONE, NULL,
    "Keep nothing: a journal in memory, for trying things out", NULL },
  { NULL }
};

/* The journal */

static char *
default_journal_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rdx-bank", "journal.sqlite", NULL);
}

/* What to do about an error of rdx_journal_open(), for a person. */
static const char *
advice_for (const GError *error)
{
  if (g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE))
    return "Close the other program that uses it (another rdx-bank started with "
           "--journal, say) and start rdx-bank again, or choose another file with "
           "--journal FILE.";
  if (g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT) ||
      g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL))
    return "The file was left as it is. Keep a copy of it, then move it aside to start a new "
           "journal, or choose another file with --journal FILE.";
  if (g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_UNRESOLVED))
    return "Nothing in the file was changed. Go on with what could be read (what was skipped "
           "stays in the file), or quit and inspect it with “rdx-replay --reducer bank FILE” "
           "or rdx-debugger.";
  if (g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NEWER_SCHEMA))
    return "It was written by a newer rdx: start that version of rdx-bank, or choose another "
           "file with --journal FILE.";
  return "The file was left as it is. Choose another file with --journal FILE.";
}

/* The problems that stop the journal until someone decides, as one
 * error. */
static void
set_undecided_error (BankApplication *self, GError **error)
{
  const RdxJournalProblem *problems;
  guint                    n_problems = 0;
  g_autoptr (GString) text = g_string_new (NULL);

  problems = rdx_journal_get_problems (self->journal, &n_problems);
  g_string_append_printf (
    text, "The journal “%s” needs a decision before it can go on:", self->journal_path);
  for (guint i = 0; i < n_problems; i++)
    g_string_append_printf (text, "\n  • %s", problems[i].message);
  g_set_error_literal (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_UNRESOLVED, text->str);
}

/* Local midnight @n_days before today. */
static gint64
days_ago (guint n_days)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight =
    g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC - (gint64) n_days * DAY_US;
}

static gboolean
dispatch_all (RdxStore *store, GPtrArray *actions, GError **error)
{
  for (guint i = 0; i < actions->len; i++)
    if (!rdx_store_dispatch (store, actions->pdata[i], error))
      return FALSE;
  return TRUE;
}

static GPtrArray *
demo_actions (void)
{
  return bank_demo_generate (BANK_DEMO_SEED, BANK_DEMO_ACCOUNTS, days_ago (BANK_DEMO_DAYS),
                             BANK_DEMO_DAYS, 0);
}

/* A new journal for --demo: the demo year goes in through a store of its
 * own, committed in batches rather than one flush per action (which
 * takes seconds), then the journal is closed and opened as usual. */
static gboolean
make_demo_journal (const char *path, GError **error)
{
  g_autoptr (RdxJournalOptions) options = bank_journal_options_new ();
  g_autoptr (RdxJournal) journal = NULL;
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (GPtrArray) actions = demo_actions ();
  gboolean ok;

  rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_BATCHED);
  journal = rdx_journal_open (path, options, error);
  if (journal == NULL)
    return FALSE;
  store = rdx_journal_new_store (journal, NULL, 0);
  ok = dispatch_all (store, actions, error);
  return rdx_journal_close (journal, ok ? error : NULL) && ok;
}

/* A year of demo banking ending today, dispatched one action at a time
 * so each is journaled, into a journal that has no accounts yet. */
static gboolean
fill_demo (BankApplication *self, GError **error)
{
  RdxValue *accounts = rdx_map_get (rdx_store_get_state (self->store), "accounts");
  g_autoptr (GPtrArray) actions = NULL;
  gboolean ok;

  if (accounts != NULL && rdx_map_size (accounts) > 0)
    return TRUE;
  actions = demo_actions ();
  /* Its transfers come settled already: the bank is not asked. */
  rdx_effects_set_enabled (self->effects, FALSE);
  ok = dispatch_all (self->store, actions, error);
  rdx_effects_set_enabled (self->effects, TRUE);
  return ok;
}

/* The debugger's history starts with the demo year, "so the debugger has
 * something real to show" (issue 16), for the --demo that just made a new
 * journal: make_demo_journal() filled it through a store of its own,
 * before this history existed.
 *
 * rdx_history_import_journal() reads the journal read-only (nothing is
 * written, no lock is taken, the last sequence stays) and replays every
 * event from the reducer's initial state; it then shows its last state to
 * the store. Here, with RDX_HISTORY_IMPORT_VERIFY, that is the state the
 * journal rebuilt, the store's own value for value (the journal holds the
 * demo and nothing else, and no window shows it yet), so what the person
 * sees does not change. It is not done at every start: the replay costs
 * the whole journal, which only grows, and the import keeps every event
 * (the history folds what is over BANK_HISTORY_MAX_ENTRIES at its next
 * action), so only the demo's fixed size bounds it. */
static void
seed_history_with_demo (BankApplication *self)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_history_import_journal (self->history, self->journal_path, RDX_HISTORY_IMPORT_VERIFY,
                                   &error))
    g_printerr ("rdx-bank: the debugger starts without the demo year: %s\n", error->message);
}

/* The first open account, selected when nothing is (the selection is
 * transient: it starts empty each session). */
static void
select_first_account (BankApplication *self)
{
  g_autoptr (RdxSelector) accounts = bank_selector_accounts_new (FALSE);
  RdxValue   *state = rdx_store_get_state (self->store);
  RdxValue   *list = rdx_store_select (self->store, accounts);
  RdxValue   *first = list != NULL ? rdx_list_get (list, 0) : NULL;
  RdxValue   *ui = rdx_map_get (state, "ui");
  const char *selected = rdx_map_get_string (ui, "selected", NULL);

  if (first != NULL && selected == NULL)
    rdx_store_dispatch_take (
      self->store, bank_action_select_account (rdx_map_get_string (first, "id", "")), NULL);
}

/* What a person should know about this start: a crash before it, what
 * came back, the transfers asked for again. */
static char *
describe_start (BankApplication *self)
{
  const RdxJournalProblem *problems;
  guint                    n_problems = 0;
  gboolean                 unclean = FALSE;
  g_autoptr (GString) text = g_string_new (NULL);

  problems = rdx_journal_get_problems (self->journal, &n_problems);
  for (guint i = 0; i < n_problems; i++)
    unclean |= problems[i].kind == RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN;
  if (unclean)
    g_string_append_printf (
      text,
      "rdx Bank did not close properly last time; nothing saved was lost (%" G_GUINT64_FORMAT
      " actions replayed from the journal).",
      rdx_journal_get_last_sequence (self->journal) -
        rdx_journal_get_snapshot_sequence (self->journal));
  if (self->n_recovered > 0)
    g_string_append_printf (text, "%s%u unfinished transfer%s sent to the bank again.",
                            text->len > 0 ? " " : "", self->n_recovered,
                            self->n_recovered == 1 ? " was" : "s were");
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* The simulated bank's rule: an account sends at most 5,000.00 a day
 * (in its currency, by the bank's clock), transfers together; a request
 * beyond fails, with a reason a person reads in the transfers view. (The
 * service's own daily limit counts cents of any currency, and words its
 * refusal with the account's id.) */
#define DAILY_LIMIT_UNITS 5000

static gboolean
daily_limit_rule (BankService  *service,
                  BankOperation operation,
                  RdxValue     *request,
                  gint64        now,
                  gpointer      user_data,
                  GError      **error)
{
  BankApplication *self = user_data;
  const char      *from = rdx_map_get_string (request, "from", "");
  gint64           amount = rdx_map_get_int (request, "amount", 0);
  RdxValue        *account =
    self->store != NULL
             ? rdx_map_get (rdx_map_get (rdx_store_get_state (self->store), "accounts"), from)
             : NULL;
  const char      *currency = rdx_map_get_string (account, "currency", "XXX");
  gint64           limit = DAILY_LIMIT_UNITS;
  gint64           spent = bank_service_get_spent_today (service, from);
  g_autofree char *limit_text = NULL;
  g_autofree char *spent_text = NULL;

  for (guint i = 0; i < bank_currency_get_digits (currency); i++)
    limit *= 10;
  if (amount <= limit - spent)
    return TRUE;
  limit_text = bank_format_amount (limit, currency);
  spent_text = bank_format_amount (spent, currency);
  g_set_error (error, BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_LIMIT_EXCEEDED,
               "The bank refused it: “%s” can send at most %s a day, and has sent %s today. "
               "Transfer less, or try again tomorrow.",
               rdx_map_get_string (account, "name", "The account"), limit_text, spent_text);
  return FALSE;
}

static gboolean
open_store (BankApplication *self, GError **error)
{
  g_autoptr (RdxJournalOptions) options = bank_journal_options_new ();
  g_autoptr (BankClock) clock = bank_clock_new_system ();
  g_autoptr (GPtrArray) unfinished = NULL;
  RdxMiddleware *outer[2];
  gboolean new_demo = self->demo && !g_str_equal (self->journal_path, RDX_JOURNAL_IN_MEMORY) &&
                      !g_file_test (self->journal_path, G_FILE_TEST_EXISTS);

  if (self->accept_problems)
    rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS);
  if (new_demo && !make_demo_journal (self->journal_path, error))
    return FALSE;
  self->journal = rdx_journal_open (self->journal_path, options, error);
  if (self->journal == NULL)
    return FALSE;
  if (rdx_journal_needs_decision (self->journal))
    {
      set_undecided_error (self, error);
      return FALSE;
    }

  self->history = rdx_history_new (BANK_APP_ID);
  rdx_history_set_max_entries (self->history, BANK_HISTORY_MAX_ENTRIES);
  self->service = bank_service_new (clock, (guint32) g_random_int ());
  bank_service_add_rule (self->service, daily_limit_rule, self, NULL);
  self->effects = rdx_effects_new ();
  bank_transfer_effect_add (self->effects, self->service);
  outer[0] = rdx_history_get_middleware (self->history);
  outer[1] = rdx_effects_get_middleware (self->effects);
  self->store = rdx_journal_new_store (self->journal, outer, G_N_ELEMENTS (outer));

  unfinished = rdx_journal_dup_unfinished_commands (self->journal);
  if (!bank_transfers_recover (self->store, unfinished, BANK_RECOVERY_RESUME, g_get_real_time (),
                               &self->n_recovered, error))
    return FALSE;
  self->start_message = describe_start (self);
  if (new_demo)
    seed_history_with_demo (self);
  if (self->demo && !fill_demo (self, error))
    return FALSE;
  select_first_account (self);
  return TRUE;
}

static void
close_store (BankApplication *self)
{
  g_autoptr (GError) error = NULL;

  if (self->journal != NULL && !rdx_journal_close (self->journal, &error))
    g_printerr ("rdx-bank: the journal “%s” could not be closed: %s\n", self->journal_path,
                error->message);
  g_clear_object (&self->store);
  g_clear_object (&self->effects);
  g_clear_object (&self->history);
  g_clear_object (&self->service);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->start_message, g_free);
}

/* A journal that cannot be opened: a dialog */

static void present_open_error (BankApplication *self);

/* Moves the damaged journal (and its write-ahead log) aside, next to it,
 * under a name that says when. Returns the new name. */
static char *
move_aside (BankApplication *self, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", self->journal_path, stamp);
  g_autofree char *wal = g_strconcat (self->journal_path, "-wal", NULL);
  g_autofree char *wal_aside = g_strconcat (aside, "-wal", NULL);

  if (g_rename (self->journal_path, aside) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "The journal “%s” could not be moved aside: %s", self->journal_path,
                   g_strerror (saved));
      return NULL;
    }
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    g_rename (wal, wal_aside);
  return g_steal_pointer (&aside);
}

/* Tries again after the person's decision; on success the window opens,
 * otherwise the dialog comes back with the new error. */
static void
retry_open (BankApplication *self, const char *aside)
{
  g_autofree char *message = NULL;

  g_clear_error (&self->open_error);
  if (!open_store (self, &self->open_error))
    {
      close_store (self);
      present_open_error (self);
      return;
    }
  if (aside != NULL)
    {
      message = g_strdup_printf ("%s%sThe damaged journal was kept as “%s”.",
                                 self->start_message != NULL ? self->start_message : "",
                                 self->start_message != NULL ? " " : "", aside);
      g_free (self->start_message);
      self->start_message = g_steal_pointer (&message);
    }
  self->exit_status = 0;
  g_application_activate (G_APPLICATION (self));
}

static void
open_error_response_cb (AdwMessageDialog *dialog, const char *response, BankApplication *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *aside = NULL;

  /* One answer per dialog: closing it afterwards is no second one. */
  g_signal_handlers_disconnect_by_func (dialog, open_error_response_cb, self);
  if (g_str_equal (response, "continue"))
    {
      self->accept_problems = TRUE;
      retry_open (self, NULL);
    }
  else if (g_str_equal (response, "new") || g_str_equal (response, "salvage"))
    {
      aside = move_aside (self, &error);
      if (aside != NULL && g_str_equal (response, "salvage"))
        {
          g_autoptr (RdxJournalOptions) options = bank_journal_options_new ();
          g_autoptr (RdxJournal) salvaged =
            rdx_journal_salvage (aside, self->journal_path, options, &error);

          if (salvaged != NULL)
            rdx_journal_close (salvaged, &error);
        }
      if (error != NULL)
        {
          g_clear_error (&self->open_error);
          self->open_error = g_steal_pointer (&error);
          present_open_error (self);
        }
      else
        retry_open (self, aside);
    }
  g_application_release (G_APPLICATION (self));
}

/* Says what is wrong with the journal and what the person can do. */
static void
present_open_error (BankApplication *self)
{
  const GError *error = self->open_error;
  GtkWidget    *dialog;
  gboolean undecided = g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_UNRESOLVED);
  gboolean damaged = g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT) ||
                     g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL);

  self->exit_status = 1;
  g_application_hold (G_APPLICATION (self));
  dialog = adw_message_dialog_new (
    NULL, undecided ? "The Journal Needs a Decision" : "The Journal Cannot Be Opened", NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", error->message,
                                  advice_for (error));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", "_Quit");
  if (undecided)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "continue", "_Continue");
  if (damaged)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "new", "_Start a New Journal");
  if (g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT))
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "salvage",
                                     "_Recover What Can Be Read");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (open_error_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
quit_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  BankApplication *self = user_data;
  GList           *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows lets each remember its size. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  static const char *developers[] = { "The rdx authors", NULL };
  BankApplication   *self = user_data;
  GtkWindow         *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window, "application-name", "rdx Bank", "application-icon",
                         "accessories-calculator", "developer-name", "The rdx authors", "version",
                         RDX_VERSION_S, "comments",
                         "Keep track of your accounts. A demonstration of rdx, a Redux-style "
                         "state container for GLib and GTK: every change is an action, "
                         "journaled, and the time-travel debugger shows them all.",
                         "developers", developers, "license-type", GTK_LICENSE_LGPL_2_1, NULL);
}

/* SIGTERM or SIGINT (a logout, Ctrl+C in the terminal): quit as app.quit
 * does, so the journal is closed cleanly. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

/* GApplication */

static int
bank_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  BankApplication *self = BANK_APPLICATION (app);
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "journal", "^ay", &path))
    bank_application_set_journal_path (self, path);
  g_variant_dict_lookup (options, "demo", "b", &self->demo);
  if (g_variant_dict_contains (options, "in-memory"))
    bank_application_set_journal_path (self, RDX_JOURNAL_IN_MEMORY);
  return -1;
}

static void
bank_application_startup (GApplication *app)
{
  static const GActionEntry app_entries[] = {
    { "quit", quit_activated_cb, NULL, NULL, NULL, { 0 } },
    { "about", about_activated_cb, NULL, NULL, NULL, { 0 } },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  BankApplication   *self = BANK_APPLICATION (app);

  G_APPLICATION_CLASS (bank_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  self->signal_ids[0] = g_unix_signal_add (SIGTERM, quit_signal_cb, app);
  self->signal_ids[1] = g_unix_signal_add (SIGINT, quit_signal_cb, app);

  if (self->journal_path == NULL)
    self->journal_path = default_journal_path ();
  if (!open_store (self, &self->open_error))
    close_store (self);
}

static void
bank_application_activate (GApplication *app)
{
  BankApplication *self = BANK_APPLICATION (app);
  GtkWindow       *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (self->store == NULL)
    return;
  if (window == NULL)
    window = GTK_WINDOW (bank_window_new (self));
  gtk_window_present (window);
}

static int
bank_application_command_line (GApplication *app, GApplicationCommandLine *command_line)
{
  BankApplication *self = BANK_APPLICATION (app);
  GVariantDict    *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *path = NULL;

  if (self->open_error != NULL)
    {
      g_application_command_line_printerr (command_line, "rdx-bank: %s\n%s\n",
                                           self->open_error->message,
                                           advice_for (self->open_error));
      if (g_application_command_line_get_is_remote (command_line))
        return 1;
      /* A person who started it from the desktop sees no terminal. */
      present_open_error (self);
      return 0;
    }
  /* A second instance's options cannot change what the first has open. */
  if (g_application_command_line_get_is_remote (command_line) &&
      g_variant_dict_lookup (options, "journal", "^ay", &path))
    g_application_command_line_printerr (command_line,
                                         "rdx-bank is already running with the journal “%s”; "
                                         "its window is shown. Quit it first to open “%s”.\n",
                                         self->journal_path, path);
  g_application_activate (app);
  return 0;
}

static void
bank_application_shutdown (GApplication *app)
{
  BankApplication *self = BANK_APPLICATION (app);

  g_clear_handle_id (&self->signal_ids[0], g_source_remove);
  g_clear_handle_id (&self->signal_ids[1], g_source_remove);
  close_store (self);

  G_APPLICATION_CLASS (bank_application_parent_class)->shutdown (app);
}

static void
bank_application_finalize (GObject *object)
{
  BankApplication *self = BANK_APPLICATION (object);

  close_store (self);
  g_clear_error (&self->open_error);
  g_free (self->journal_path);

  G_OBJECT_CLASS (bank_application_parent_class)->finalize (object);
}

static void
bank_application_class_init (BankApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bank_application_finalize;
  app_class->handle_local_options = bank_application_handle_local_options;
  app_class->startup = bank_application_startup;
  app_class->activate = bank_application_activate;
  app_class->command_line = bank_application_command_line;
  app_class->shutdown = bank_application_shutdown;
}

static void
bank_application_init (BankApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (
    G_APPLICATION (self), "Keep track of your bank accounts. Everything you do is kept in a "
                          "journal, by default in the data folder (~/.local/share/rdx-bank).");
}

/* Public API */

/**
 * bank_application_new:
 *
 * Creates the rdx-bank application. Its journal is opened when it starts
 * up (as the primary instance), at bank_application_get_journal_path().
 *
 * Returns: (transfer full): a new #BankApplication
 */
BankApplication *
bank_application_new (void)
{
  return g_object_new (BANK_TYPE_APPLICATION, "application-id", BANK_APPLICATION_ID, "flags",
                       G_APPLICATION_HANDLES_COMMAND_LINE, NULL);
}

/**
 * bank_application_get_store:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the bank's store, from startup to
 *   shutdown, or %NULL when the journal could not be opened
 */
RdxStore *
bank_application_get_store (BankApplication *self)
{
  g_return_val_if_fail (BANK_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * bank_application_get_history:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the history the debugger shows
 */
RdxHistory *
bank_application_get_history (BankApplication *self)
{
  g_return_val_if_fail (BANK_IS_APPLICATION (self), NULL);

  return self->history;
}

/**
 * bank_application_get_journal:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the open journal
 */
RdxJournal *
bank_application_get_journal (BankApplication *self)
{
  g_return_val_if_fail (BANK_IS_APPLICATION (self), NULL);

  return self->journal;
}

/**
 * bank_application_get_start_message:
 * @self: the application
 *
 * Returns: (nullable): what a person should know about this start (the
 *   previous session crashed, transfers were resumed), or %NULL
 */
const char *
bank_application_get_start_message (BankApplication *self)
{
  g_return_val_if_fail (BANK_IS_APPLICATION (self), NULL);

  return self->start_message;
}

/**
 * bank_application_get_exit_status:
 * @self: the application
 *
 * Returns: what `rdx-bank` exits with once g_application_run() returned:
 *   1 when the person quit because the journal could not be opened
 */
int
bank_application_get_exit_status (BankApplication *self)
{
  g_return_val_if_fail (BANK_IS_APPLICATION (self), 1);

  return self->exit_status;
}

/**
 * bank_application_get_service:
 * @self: the application
 *
 * The simulated bank that settles the transfers, for tests and benchmarks
 * that set its latency or its failures.
 *
 * Returns: (transfer none) (nullable): the bank service, while the store
 *   is open
 */
BankService *
bank_application_get_service (BankApplication *self)
{
  g_return_val_if_fail (BANK_IS_APPLICATION (self), NULL);

  return self->service;
}

/**
 * bank_application_get_journal_path:
 * @self: the application
 *
 * Returns: (nullable): the journal's file, once chosen (at the latest in
 *   startup)
 */
const char *
bank_application_get_journal_path (BankApplication *self)
{
  g_return_val_if_fail (BANK_IS_APPLICATION (self), NULL);

  return self->journal_path;
}

/**
 * bank_application_set_journal_path:
 * @self: the application
 * @path: the journal's file, or %RDX_JOURNAL_IN_MEMORY
 *
 * Chooses the journal, as `--journal` does; it takes effect at startup.
 */
void
bank_application_set_journal_path (BankApplication *self, const char *path)
{
  g_return_if_fail (BANK_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  g_free (self->journal_path);
  self->journal_path = g_strdup (path);
}

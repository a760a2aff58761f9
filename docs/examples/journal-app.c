/* journal-app.c: where an application opens its journal (docs/journal.md)
 *
 * A GApplication (a GtkApplication is one) counts what its command lines
 * ask: `journal-app add 5`, `journal-app quit`. The first instance is the
 * primary one: it opens the journal in `startup`, which only the primary
 * instance runs, and keeps running. A second instance started meanwhile
 * hands its command line over to the primary one and exits: it never
 * opens the journal, which only one process may write.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <rdx.h>

typedef struct
{
  RdxJournal *journal;
  RdxStore   *store;
} App;

static RdxValue *
count_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *amount;

  if (state == NULL)
    return rdx_value_new_int (0);
  if (!rdx_action_is (action, "count.add"))
    return rdx_value_ref (state);
  amount = rdx_map_get (rdx_action_get_payload (action), "amount");
  return rdx_value_new_int (rdx_value_get_int (state) + rdx_value_get_int (amount));
}

/* Only the primary instance runs startup: the journal is opened here, not
 * in main () before g_application_run (), where a second instance would
 * find it in use by the first. */
static void
startup_cb (GApplication *application, App *app)
{
  g_autofree char *path =
    g_build_filename (g_get_user_data_dir (), "rdx-journal-app", "journal.db", NULL);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (count_reduce, NULL, NULL);
  g_autoptr (RdxJournalOptions) options =
    rdx_journal_options_new (g_application_get_application_id (application), reducer);
  g_autoptr (GError) error = NULL;

  app->journal = rdx_journal_open (path, options, &error);
  if (app->journal == NULL)
    {
      g_printerr ("The journal could not be opened: %s\n", error->message);
      return;
    }
  app->store = rdx_journal_new_store (app->journal, NULL, 0);
  g_application_hold (application); /* until a command line says "quit" */
}

/* In the primary instance, for its own command line and for each one a
 * second instance hands over. */
static int
command_line_cb (GApplication *application, GApplicationCommandLine *command_line, App *app)
{
  g_auto (GStrv) argv = g_application_command_line_get_arguments (command_line, NULL);
  g_autoptr (GError) error = NULL;

  if (app->store == NULL)
    return 1;
  for (guint i = 1; argv[i] != NULL; i++)
    if (g_str_equal (argv[i], "add") && argv[i + 1] != NULL)
      {
        gint64 amount = g_ascii_strtoll (argv[++i], NULL, 10);

        if (!rdx_store_dispatch_take (
              app->store,
              rdx_action_new_take ("count.add",
                                   rdx_map_new_take ("amount", rdx_value_new_int (amount), NULL)),
              &error))
          {
            g_application_command_line_printerr (command_line, "%s\n", error->message);
            return 1;
          }
      }
    else if (g_str_equal (argv[i], "quit"))
      g_application_release (application);
  g_application_command_line_print (command_line, "count: %" G_GINT64_FORMAT "\n",
                                    rdx_value_get_int (rdx_store_get_state (app->store)));
  return 0;
}

static void
shutdown_cb (GApplication *application, App *app)
{
  g_autoptr (GError) error = NULL;

  if (app->journal != NULL && !rdx_journal_close (app->journal, &error))
    g_printerr ("The journal could not be closed: %s\n", error->message);
  g_clear_object (&app->store);
  g_clear_object (&app->journal);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GApplication) application =
    g_application_new ("org.rdx.examples.JournalApp", G_APPLICATION_HANDLES_COMMAND_LINE);
  App app = { NULL, NULL };

  setlocale (LC_ALL, "");

  g_signal_connect (application, "startup", G_CALLBACK (startup_cb), &app);
  g_signal_connect (application, "command-line", G_CALLBACK (command_line_cb), &app);
  g_signal_connect (application, "shutdown", G_CALLBACK (shutdown_cb), &app);
  return g_application_run (application, argc, argv);
}

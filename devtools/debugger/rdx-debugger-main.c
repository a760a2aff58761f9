/* rdx-debugger-main.c: post-mortem debugging of a recorded rdx session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "rdx-debugger-window-private.h"
#include "rdx-locale-private.h"
#include "rdx-replay-reducers.h"

/* Exit statuses, as rdx-replay's. */
enum
{
  EXIT_OK = 0,
  EXIT_BAD_INPUT = 2,
};

/* An app id no recording names: importing into a history with it tells
 * whether a file names an application at all. */
#define NO_APP_ID "org.rdx.Debugger.NoApplication"

static char    *reducer_name;
static char   **module_paths;
static char    *screenshot_path;
static gboolean list_sets;

static const GOptionEntry options[] = {
  { "reducer", 'r', 0, G_OPTION_ARG_STRING, &reducer_name,
    "Replay against this reducer set (default: the one the file's app names)", "NAME" },
  { "module", 'm', 0, G_OPTION_ARG_FILENAME_ARRAY, &module_paths,
    "Load reducer sets from this module too (may be repeated)", "PATH" },
  { "list", 'l', 0, G_OPTION_ARG_NONE, &list_sets, "List the reducer sets and exit", NULL },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &screenshot_path,
    "Save the window as a PNG once it is drawn, and exit", "PNG" },
  { NULL },
};

static const char description[] =
  "Opens a recorded session in the time-travel debugger, with no application\n"
  "running: an event journal (the SQLite file, opened read-only), its JSON\n"
  "Lines export, an rdx export or a Redux DevTools export. The session is\n"
  "recomputed with a reducer set built into this program or loaded from an\n"
  "application's module (--module), so it can be stepped through, its\n"
  "actions skipped (\"what if this had not happened?\") and checked for\n"
  "replay divergence. Nothing is written to the file.\n"
  "\n"
  "Without FILE, the debugger opens on the reducer set's initial state.\n"
  "\n"
  "Exit status: 0 when the window was closed, 2 on bad input.\n";

typedef struct
{
  RdxReducerSets *sets;
  GFile          *file;  /* owned, nullable */
  RdxStore       *store; /* owned: the store the window's history records */
  int             status;
} Session;

static RdxValue *
identity_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  return state != NULL ? rdx_value_ref (state) : rdx_map_new ();
}

static RdxReducer *
identity_reducer_new (void)
{
  return rdx_reducer_new (identity_reduce, NULL, NULL);
}

static const RdxReducerSet no_app_set = { "none", NO_APP_ID, "", identity_reducer_new };

/* A window on @set's reducer, with @session's file imported. */
static RdxDebuggerWindow *
open_with_set (Session *session, const RdxReducerSet *set, const char *app_id, GError **error)
{
  g_autoptr (RdxHistory) history = rdx_history_new (app_id);
  g_autoptr (RdxReducer) reducer = set->new_reducer ();
  g_autoptr (RdxStore) store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  RdxDebuggerWindow *window = rdx_debugger_window_new (history);

  if (session->file != NULL && !rdx_debugger_window_import_file (window, session->file, error))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return NULL;
    }
  g_set_object (&session->store, store);
  return window;
}

static gboolean
names_another_app (const GError *error)
{
  return g_error_matches (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_WRONG_APP) ||
         g_error_matches (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_OTHER_APP);
}

/* The window for the file: with --reducer, that set (for a file that names
 * no app, or whose app the user vouches for); otherwise the set of the app
 * the file names, found by letting each set's history refuse another
 * app's file. */
static RdxDebuggerWindow *
open_session (Session *session, GError **error)
{
  g_autoptr (GError) probe = NULL;
  RdxDebuggerWindow   *window;
  const RdxReducerSet *set;

  if (reducer_name != NULL)
    {
      set = rdx_reducer_sets_find (session->sets, reducer_name);
      if (set == NULL)
        {
          g_set_error (error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_INVALID,
                       "There is no reducer set “%s” (see --list).", reducer_name);
          return NULL;
        }
      if (session->file == NULL)
        return open_with_set (session, set, set->app_id, error);
      /* The user vouches for the file's app; but a journal belongs to one
       * app, and is opened with the set's. */
      window = open_with_set (session, set, NULL, &probe);
      if (window != NULL ||
          !g_error_matches (probe, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED))
        {
          if (window == NULL)
            g_propagate_error (error, g_steal_pointer (&probe));
          return window;
        }
      return open_with_set (session, set, set->app_id, error);
    }

  if (session->file == NULL)
    {
      g_set_error_literal (error, RDX_REDUCER_SETS_ERROR, RDX_REDUCER_SETS_ERROR_INVALID,
                           "Give a FILE to open, or a reducer set with --reducer (see --list).");
      return NULL;
    }
  window = open_with_set (session, &no_app_set, NO_APP_ID, &probe);
  if (window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_WRONG_APP,
                           "The file does not name its application (a Redux DevTools export "
                           "does not): choose its reducer set with --reducer (see --list).");
      return NULL;
    }
  if (!names_another_app (probe))
    {
      g_propagate_error (error, g_steal_pointer (&probe));
      return NULL;
    }
  for (guint i = 0; i < rdx_reducer_sets_get_n_sets (session->sets); i++)
    {
      g_autoptr (GError) refused = NULL;

      set = rdx_reducer_sets_get_set (session->sets, i);
      window = open_with_set (session, set, set->app_id, &refused);
      if (window != NULL || !names_another_app (refused))
        {
          if (window == NULL)
            g_propagate_error (error, g_steal_pointer (&refused));
          return window;
        }
    }
  g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_WRONG_APP,
               "No reducer set is registered for the file's application (%s): load the "
               "application's module with --module, or choose a set with --reducer.",
               probe->message);
  return NULL;
}

static gboolean
destroy_cb (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static gboolean
screenshot_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  Session *session = user_data;
  g_autoptr (GError) error = NULL;
  guint *frames = g_object_get_data (G_OBJECT (widget), "frames");

  /* A few frames, so the list has its rows. */
  if (++*frames < 3)
    return G_SOURCE_CONTINUE;
  if (!rdx_debugger_save_png (widget, screenshot_path, &error))
    {
      g_printerr ("rdx-debugger: %s\n", error->message);
      session->status = EXIT_BAD_INPUT;
    }
  /* Not in the middle of the frame being drawn. */
  g_idle_add_full (G_PRIORITY_LOW, destroy_cb, g_object_ref (widget), g_object_unref);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GtkApplication *app, Session *session)
{
  g_autoptr (GError) error = NULL;
  RdxDebuggerWindow *window = open_session (session, &error);

  if (window == NULL)
    {
      g_printerr ("rdx-debugger: %s\n", error->message);
      session->status = EXIT_BAD_INPUT;
      return;
    }
  gtk_window_set_application (GTK_WINDOW (window), app);
  if (screenshot_path != NULL)
    {
      g_object_set_data_full (G_OBJECT (window), "frames", g_new0 (guint, 1), g_free);
      gtk_widget_add_tick_callback (GTK_WIDGET (window), screenshot_tick_cb, session, NULL);
    }
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("[FILE]");
  g_autoptr (GtkApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  Session session = { 0 };
  char   *app_argv[] = { argv[0], NULL };

  rdx_locale_init_program ();
  g_option_context_set_summary (context,
                                "Step through a recorded rdx session, with no app running.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rdx-debugger: %s\nTry \"rdx-debugger --help\".\n", error->message);
      return EXIT_BAD_INPUT;
    }
  session.sets = rdx_replay_reducers_load (module_paths, &error);
  if (session.sets == NULL)
    {
      g_printerr ("rdx-debugger: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (list_sets)
    {
      rdx_replay_reducers_print (session.sets);
      rdx_reducer_sets_free (session.sets);
      return EXIT_OK;
    }
  if (argc > 2)
    {
      g_printerr ("rdx-debugger: give at most one FILE.\nTry \"rdx-debugger --help\".\n");
      rdx_reducer_sets_free (session.sets);
      return EXIT_BAD_INPUT;
    }
  if (argc == 2)
    session.file = g_file_new_for_commandline_arg (argv[1]);

  app = gtk_application_new ("org.rdx.Debugger", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &session);
  g_application_run (G_APPLICATION (app), 1, app_argv);

  g_clear_object (&session.file);
  g_clear_object (&session.store);
  rdx_reducer_sets_free (session.sets);
  return session.status;
}

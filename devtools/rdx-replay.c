/* rdx-replay.c: replays a recorded rdx session from the command line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rdx-devtools.h>

#include "rdx-history-private.h"
#include "rdx-locale-private.h"
#include "rdx-replay-reducers.h"

/* Exit statuses, also in --help. */
enum
{
  EXIT_REPLAYED = 0,
  EXIT_DIVERGED = 1,
  EXIT_BAD_INPUT = 2,
};

static char    *reducer_name;
static char    *format_name;
static char   **module_paths;
static gboolean list_sets;
static char    *list_actions_set;
static gboolean quiet;

static const GOptionEntry options[] = {
  { "reducer", 'r', 0, G_OPTION_ARG_STRING, &reducer_name,
    "Replay against this reducer set (default: the one the file's app id names)", "NAME" },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
    "The file's format: auto (the default), rdx or redux", "FORMAT" },
  { "module", 'm', 0, G_OPTION_ARG_FILENAME_ARRAY, &module_paths,
    "Load reducer sets from this module too (may be repeated)", "PATH" },
  { "list", 'l', 0, G_OPTION_ARG_NONE, &list_sets, "List the reducer sets and exit", NULL },
  { "list-actions", 'a', 0, G_OPTION_ARG_STRING, &list_actions_set,
    "List the action types a reducer set declares, with their payload schemas, and exit", "NAME" },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing when the replay succeeds", NULL },
  { NULL },
};

static const char description[] =
  "Reads a session exported by RdxHistory (rdx's format), by Redux DevTools\n"
  "(its Export, {\"payload\": ..., \"preloadedState\": ...}), or an event journal\n"
  "(the SQLite file, or its JSON Lines export), replays every action against a\n"
  "reducer set built into this program or loaded with --module, without any\n"
  "middleware, and prints the final state as canonical JSON.\n"
  "\n"
  "An rdx export records what each action changed: the replay is checked\n"
  "against it entry by entry, and then replayed a second time to catch a\n"
  "reducer that does not give the same result twice. A journal is checked\n"
  "against the state digests it recorded (its own rebuild check). The first\n"
  "entry that differs is printed with the difference.\n"
  "\n"
  "A journal file is opened read-only: nothing is written to it, it may be\n"
  "replayed while its program runs, and the program still learns at its\n"
  "next start how its last session ended.\n"
  "\n"
  "A module is a shared library an application builds from its reducers; it\n"
  "exports rdx_register_reducer_sets () (see docs/time-travel.md).\n"
  "\n"
  "FILE may be - for standard input (not for a journal file).\n"
  "\n"
  "Exit status:\n"
  "  0  the session replayed (and matched what was recorded)\n"
  "  1  the replay diverged from the recording\n"
  "  2  bad input: unreadable or malformed file, unknown reducer set, or usage\n";

static gboolean
read_input (const char *path, char **contents, gsize *length, GError **error)
{
  GString *buffer;
  char     chunk[65536];
  gsize    n;

  if (g_strcmp0 (path, "-") != 0)
    return g_file_get_contents (path, contents, length, error);

  buffer = g_string_new (NULL);
  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    g_string_append_len (buffer, chunk, n);
  if (ferror (stdin))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "reading failed");
      g_string_free (buffer, TRUE);
      return FALSE;
    }
  *length = buffer->len;
  *contents = g_string_free (buffer, FALSE);
  return TRUE;
}

/* An SQLite database. */
static gboolean
is_sqlite (const char *contents, gsize length)
{
  return length >= 16 && memcmp (contents, "SQLite format 3", 16) == 0;
}

/* An event journal: an SQLite database with rdx's application id
 * ("RDX1" at offset 68 of the header). */
static gboolean
is_journal (const char *contents, gsize length)
{
  return is_sqlite (contents, length) && length >= 72 && memcmp (contents + 68, "RDX1", 4) == 0;
}

/* Why a file that names no app cannot be replayed without --reducer: it
 * is empty, or not JSON at all, or an export that names no app. */
static void
say_why_no_app (const char *path, const char *contents, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) doc = NULL;

  if (length == 0)
    {
      g_printerr ("rdx-replay: %s is empty: there is nothing to replay.\n", path);
      return;
    }
  doc =
    rdx_value_from_json_full (contents, length, RDX_VALUE_MAX_DEPTH, RDX_VALUE_MAX_INPUT, &error);
  if (doc == NULL)
    g_printerr ("rdx-replay: %s is not valid JSON (%s): it is not an rdx or Redux DevTools "
                "export, a journal or a journal's JSON Lines export.\n",
                path, error->message);
  else
    g_printerr ("rdx-replay: %s does not name its app (a Redux DevTools export never does); "
                "choose a reducer set with --reducer (see --list).\n",
                path);
}

/* The app id an rdx export (or a journal export's first line) names, or
 * NULL. */
static char *
peek_app_id (const char *contents, gsize length)
{
  const char *newline = memchr (contents, '\n', length);
  g_autoptr (RdxValue) doc = NULL;
  RdxValue *app;

  /* A journal export: the header line's "app_id". */
  if (newline != NULL && newline + 1 < contents + length)
    {
      g_autoptr (RdxValue) header = rdx_value_from_json (contents, newline - contents, NULL);

      app = header != NULL && rdx_value_is_map (header) ? rdx_map_get (header, "app_id") : NULL;
      if (app != NULL && rdx_value_is_string (app))
        return g_strdup (rdx_value_get_string (app));
    }

  /* An rdx export: its "app". */
  doc = rdx_value_from_json_full (contents, length, RDX_VALUE_MAX_DEPTH, RDX_VALUE_MAX_INPUT, NULL);
  app = doc != NULL && rdx_value_is_map (doc) ? rdx_map_get (doc, "app") : NULL;
  return app != NULL && rdx_value_is_string (app) ? g_strdup (rdx_value_get_string (app)) : NULL;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *json = NULL;
  g_autoptr (RdxHistory) history = NULL;
  g_autoptr (RdxReducer) reducer = NULL;
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (RdxReducerSets) sets = NULL;
  const RdxReducerSet *set;
  RdxHistoryFormat     format = RDX_HISTORY_FORMAT_AUTO;
  RdxHistoryEntry     *last;
  gsize                length = 0;
  gboolean             sqlite;
  gboolean             ok;

  /* Messages in the user's language and charset (ASCII in the C locale);
   * the state printed is JSON, UTF-8 whatever the locale. */
  rdx_locale_init_program ();
  g_option_context_set_summary (context, "Replay a recorded rdx or Redux DevTools session.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rdx-replay: %s\nTry \"rdx-replay --help\".\n", error->message);
      return EXIT_BAD_INPUT;
    }

  sets = rdx_replay_reducers_load (module_paths, &error);
  if (sets == NULL)
    {
      g_printerr ("rdx-replay: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (list_sets)
    {
      rdx_replay_reducers_print (sets);
      return EXIT_REPLAYED;
    }
  if (list_actions_set != NULL)
    {
      if (rdx_replay_reducers_print_actions (sets, list_actions_set, &error))
        return EXIT_REPLAYED;
      fprintf (stderr, "rdx-replay: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  if (argc != 2)
    {
      g_printerr ("rdx-replay: give one FILE to replay.\nTry \"rdx-replay --help\".\n");
      return EXIT_BAD_INPUT;
    }

  if (format_name == NULL || g_str_equal (format_name, "auto"))
    format = RDX_HISTORY_FORMAT_AUTO;
  else if (g_str_equal (format_name, "rdx"))
    format = RDX_HISTORY_FORMAT_RDX;
  else if (g_str_equal (format_name, "redux"))
    format = RDX_HISTORY_FORMAT_REDUX_DEVTOOLS;
  else
    {
      g_printerr ("rdx-replay: unknown format \"%s\": use auto, rdx or redux.\n", format_name);
      return EXIT_BAD_INPUT;
    }

  if (!read_input (argv[1], &contents, &length, &error))
    {
      g_printerr ("rdx-replay: cannot read %s: %s\n", argv[1], error->message);
      return EXIT_BAD_INPUT;
    }

  sqlite = is_sqlite (contents, length);
  if (sqlite && !is_journal (contents, length))
    {
      g_printerr ("rdx-replay: %s is an SQLite database, but not an rdx journal.\n", argv[1]);
      return EXIT_BAD_INPUT;
    }
  if (sqlite && g_str_equal (argv[1], "-"))
    {
      g_printerr ("rdx-replay: a journal is read from a file, not from standard input.\n");
      return EXIT_BAD_INPUT;
    }
  if (sqlite && reducer_name == NULL)
    {
      g_printerr ("rdx-replay: %s is a journal; choose its reducer set with --reducer "
                  "(see --list).\n",
                  argv[1]);
      return EXIT_BAD_INPUT;
    }
  if (!sqlite)
    app_id = peek_app_id (contents, length);
  if (reducer_name == NULL && app_id == NULL)
    {
      say_why_no_app (argv[1], contents, length);
      return EXIT_BAD_INPUT;
    }
  set = rdx_reducer_sets_find (sets, reducer_name != NULL ? reducer_name : app_id);
  if (set == NULL)
    {
      if (reducer_name != NULL)
        g_printerr ("rdx-replay: there is no reducer set \"%s\" (see --list).\n", reducer_name);
      else
        g_printerr ("rdx-replay: no reducer set is registered for the app \"%s\"; choose "
                    "one with --reducer (see --list).\n",
                    app_id);
      return EXIT_BAD_INPUT;
    }
  /* Another app's file replayed with this set would only seem to diverge. */
  if (app_id != NULL && g_strcmp0 (app_id, set->app_id) != 0)
    {
      g_printerr (
        "rdx-replay: %s was recorded by the app \"%s\", and the reducer set \"%s\" is "
        "the one of \"%s\": choose that app's set (see --list), or leave --reducer out.\n",
        argv[1], app_id, set->name, set->app_id);
      return EXIT_BAD_INPUT;
    }

  /* The history imports only the app's own exports: with --reducer, the
   * user vouches for the file. */
  history = rdx_history_new (reducer_name != NULL && !sqlite ? NULL : set->app_id);
  reducer = set->new_reducer ();
  store = rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);

  if (sqlite)
    ok = rdx_history_import_journal (history, argv[1], RDX_HISTORY_IMPORT_VERIFY, &error);
  else
    ok = rdx_history_import (history, contents, length, format, RDX_HISTORY_IMPORT_VERIFY, &error);
  if (!ok || !rdx_history_check_replay (history, NULL, NULL, &error))
    {
      gboolean diverged = g_error_matches (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED);

      g_printerr ("rdx-replay: %s: %s\n", argv[1], error->message);
      return diverged ? EXIT_DIVERGED : EXIT_BAD_INPUT;
    }

  last = rdx_history_get_entry (history, g_list_model_get_n_items (G_LIST_MODEL (history)) - 1);
  if (!quiet)
    {
      json = rdx_value_to_json (rdx_history_entry_get_state (last));
      printf ("%s\n", json);
    }
  return EXIT_REPLAYED;
}

/* rdx-debugger-export.c: a stretch of a history as a cmocka regression test
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-debugger-export.h"

/* Appends @text as C string literals, one per line of at most about 72
 * bytes, escaped so any UTF-8 survives. */
static void
append_literal (GString *out, const char *text, const char *indent)
{
  gsize column = 0;

  if (*text == '\0')
    {
      g_string_append (out, "\"\"");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (column >= 72 && (c & 0xc0) != 0x80)
        {
          g_string_append_printf (out, "\"\n%s\"", indent);
          column = 0;
        }
      if (c == '"' || c == '\\')
        {
          g_string_append_printf (out, "\\%c", c);
          column += 2;
        }
      else if (c < 0x20 || c == 0x7f || c == '?')
        {
          /* '?' too: no trigraphs. An octal escape stops after three digits. */
          g_string_append_printf (out, "\\%03o", c);
          column += 4;
        }
      else
        {
          g_string_append_c (out, c);
          column++;
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
is_identifier (const char *name)
{
  if (!g_ascii_isalpha (*name) && *name != '_')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
check_range (RdxHistory *history, guint first, guint last, GError **error)
{
  for (guint p = first; p <= last; p++)
    {
      g_autoptr (RdxHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), p);

      if (p > 0 &&
          strcmp (rdx_history_entry_get_action_type (entry), RDX_HISTORY_ACTION_PAUSED) == 0)
        {
          g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION,
                       "Entry %u stands for actions applied while recording was paused, which "
                       "cannot be replayed: choose a range after it.",
                       p);
          return FALSE;
        }
    }
  return TRUE;
}

static void
append_actions (GString *out, RdxHistory *history, guint first, guint last)
{
  g_string_append (out, "static const TestAction actions[] = {\n");
  for (guint p = MAX (first, 1); p <= last; p++)
    {
      g_autoptr (RdxHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), p);
      RdxValue        *payload = rdx_history_entry_get_payload (entry);
      g_autofree char *json = payload != NULL ? rdx_value_to_json (payload) : NULL;
      const char      *error = rdx_history_entry_get_error (entry);

      if (rdx_history_entry_get_skipped (entry))
        {
          g_string_append_printf (out, "  /* Entry %u, \"%s\", was skipped. */\n", p,
                                  rdx_history_entry_get_action_type (entry));
          continue;
        }
      g_string_append_printf (out, "  /* Entry %u */\n  { ", p);
      append_literal (out, rdx_history_entry_get_action_type (entry), "    ");
      g_string_append (out, ",\n    ");
      if (json != NULL)
        append_literal (out, json, "    ");
      else
        g_string_append (out, "NULL");
      g_string_append (out, ",\n    ");
      if (error != NULL)
        append_literal (out, error, "    ");
      else
        g_string_append (out, "NULL");
      g_string_append (out, " },\n");
    }
  g_string_append (out, "  { NULL, NULL, NULL },\n};\n\n");
}

static const char test_body[] =
  "static void\n"
  "test_recorded_session (void **unused)\n"
  "{\n"
  "  g_autoptr (RdxReducer) reducer = REDUCER_FUNCTION ();\n"
  "  g_autoptr (GError) error = NULL;\n"
  "  g_autoptr (RdxValue) state = rdx_value_from_json (initial_state, -1, &error);\n"
  "  g_autofree char *final_json = NULL;\n"
  "\n"
  "  assert_non_null (state);\n"
  "  for (const TestAction *a = actions; a->type != NULL; a++)\n"
  "    {\n"
  "      g_autoptr (RdxValue) payload = NULL;\n"
  "      g_autoptr (RdxAction) action = NULL;\n"
  "      g_autoptr (GError) refused = NULL;\n"
  "      RdxValue *next;\n"
  "\n"
  "      if (a->payload != NULL)\n"
  "        {\n"
  "          payload = rdx_value_from_json (a->payload, -1, &error);\n"
  "          assert_non_null (payload);\n"
  "        }\n"
  "      action = rdx_action_new (a->type, payload);\n"
  "      /* As the store applied it (a state replacement gives its state). */\n"
  "      next = rdx_reducer_replay (reducer, state, action, &refused);\n"
  "      if (a->error != NULL)\n"
  "        {\n"
  "          /* The reducer refused it when it was recorded. */\n"
  "          assert_null (next);\n"
  "          assert_non_null (refused);\n"
  "          assert_string_equal (refused->message, a->error);\n"
  "          continue;\n"
  "        }\n"
  "      if (next == NULL)\n"
  "        fail_msg (\"%s was refused: %s\", a->type, refused->message);\n"
  "      rdx_value_unref (state);\n"
  "      state = next;\n"
  "    }\n"
  "\n"
  "  final_json = rdx_value_to_json (state);\n"
  "  assert_string_equal (final_json, expected_state);\n"
  "}\n"
  "\n"
  "int\n"
  "main (void)\n"
  "{\n"
  "  const struct CMUnitTest tests[] = {\n"
  "    cmocka_unit_test (test_recorded_session),\n"
  "  };\n"
  "\n"
  "  return cmocka_run_group_tests (tests, NULL, NULL);\n"
  "}\n";

/**
 * rdx_debugger_export_test:
 * @history: a history
 * @first: the first entry of the range (0, the base, or later)
 * @last: the last entry of the range, at least @first
 * @reducer_function: (nullable): the name of the application's function
 *   that makes its root reducer (`RdxReducer *name (void)`), or %NULL for
 *   %RDX_DEBUGGER_DEFAULT_REDUCER_FUNCTION
 * @error: return location for a #GError
 *
 * Writes the entries @first to @last as a cmocka test in C: the state
 * before @first, each action the range applied (skipped ones left out)
 * with the error the reducer refused it with, if it did, and the state
 * after @last, all as canonical JSON. The test calls the reducer directly
 * on each action (no store, no middleware; rdx_reducer_replay(), so a
 * %RDX_ACTION_STATE_REPLACED entry gives the state it carries) and checks
 * each refusal and the final state. A bug seen in the debugger thereby becomes a regression
 * test: compile the file with the application's reducers and
 * `pkg-config --cflags --libs rdx-1 cmocka`.
 *
 * A range holding the `@@rdx/PAUSED` entry (what was applied while
 * recording was paused) cannot be replayed, and is refused with
 * %RDX_HISTORY_ERROR_INVALID_ACTION.
 *
 * Returns: (transfer full) (nullable): the C source, or %NULL with @error
 *   set
 */
char *
rdx_debugger_export_test (RdxHistory *history,
                          guint       first,
                          guint       last,
                          const char *reducer_function,
                          GError    **error)
{
  g_autoptr (RdxHistoryEntry) before = NULL;
  g_autoptr (RdxHistoryEntry) after = NULL;
  g_autofree char *initial = NULL;
  g_autofree char *expected = NULL;
  GString         *out;
  const char      *app_id;

  g_return_val_if_fail (RDX_IS_HISTORY (history), NULL);
  g_return_val_if_fail (first <= last, NULL);
  g_return_val_if_fail (last < g_list_model_get_n_items (G_LIST_MODEL (history)), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (reducer_function == NULL)
    reducer_function = RDX_DEBUGGER_DEFAULT_REDUCER_FUNCTION;
  if (!is_identifier (reducer_function))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "\"%s\" is not the name of a C function: use letters, digits and "
                   "underscores, not starting with a digit.",
                   reducer_function);
      return NULL;
    }
  if (!check_range (history, first, last, error))
    return NULL;

  before = g_list_model_get_item (G_LIST_MODEL (history), first > 0 ? first - 1 : 0);
  after = g_list_model_get_item (G_LIST_MODEL (history), last);
  initial = rdx_value_to_json (rdx_history_entry_get_state (before));
  expected = rdx_value_to_json (rdx_history_entry_get_state (after));
  app_id = rdx_history_get_app_id (history);
  if (app_id != NULL && !g_application_id_is_valid (app_id))
    app_id = NULL;

  out = g_string_new (NULL);
  g_string_append_printf (
    out,
    "/* A regression test written by the rdx time-travel debugger from\n"
    " * entries %u to %u of a recorded session%s%s.\n"
    " *\n"
    " * It runs the recorded actions through the application's root reducer,\n"
    " * from the state before them, and checks every refusal and the state\n"
    " * they end in. Build it with the reducers:\n"
    " *\n"
    " *   cc this-file.c reducers.c $(pkg-config --cflags --libs rdx-1 cmocka)\n"
    " */\n\n"
    "#include <setjmp.h>\n#include <stdarg.h>\n#include <stddef.h>\n"
    "#include <stdint.h>\n#include <cmocka.h>\n\n#include <rdx.h>\n\n"
    "/* Makes the application's root reducer. */\n"
    "#define REDUCER_FUNCTION %s\n"
    "RdxReducer *REDUCER_FUNCTION (void);\n\n"
    "typedef struct\n{\n  const char *type;\n  const char *payload; "
    "/* JSON, or NULL */\n  const char *error;   /* the refusal, or NULL */\n"
    "} TestAction;\n\n",
    MAX (first, 1), last, app_id != NULL ? " of " : "", app_id != NULL ? app_id : "",
    reducer_function);
  g_string_append (out, "static const char initial_state[] =\n  ");
  append_literal (out, initial, "  ");
  g_string_append (out, ";\n\n");
  append_actions (out, history, first, last);
  g_string_append (out, "static const char expected_state[] =\n  ");
  append_literal (out, expected, "  ");
  g_string_append (out, ";\n\n");
  g_string_append (out, test_body);
  return g_string_free (out, FALSE);
}

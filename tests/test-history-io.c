/* test-history-io.c: RdxHistory export and import, both formats
 *
 * The reducer appends letters, as in test-history.c; entry lists are
 * written the same way ("^=ab c=abc d!=abc x?=abc").
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <rdx-devtools.h>

#include "rdx-history-private.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

#define APP_ID "org.rdx.tests.Letters"

static gint   live_baseline;
static guint  reducer_calls;
static gint64 impurity;

static int
record_live_count (void **state)
{
  live_baseline = rdx_value_get_live_count_for_testing ();
  reducer_calls = 0;
  impurity = 0;
  return 0;
}

static int
check_live_count (void **state)
{
  assert_int_equal (rdx_value_get_live_count_for_testing (), live_baseline);
  assert_int_equal (rdx_history_entry_get_live_count_for_testing (), 0);
  return 0;
}

#define IO_TEST(f) cmocka_unit_test_setup_teardown (f, record_live_count, check_live_count)

static RdxValue *
letters_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  const char      *s;
  g_autofree char *next = NULL;

  reducer_calls++;
  if (state == NULL)
    return rdx_map_new_take ("s", rdx_value_new_string (""), NULL);

  s = rdx_value_get_string (rdx_map_get (state, "s"));
  if (rdx_action_is (action, "add"))
    {
      RdxValue *c = rdx_map_get (rdx_action_get_payload (action), "c");

      next = g_strconcat (s, rdx_value_get_string (c), NULL);
      return rdx_map_set_take (state, "s", rdx_value_new_string (next));
    }
  if (rdx_action_is (action, "fail"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fail is always refused");
      return NULL;
    }
  if (rdx_action_is (action, "impure"))
    {
      next = g_strdup_printf ("%s%" G_GINT64_FORMAT, s, impurity);
      return rdx_map_set_take (state, "s", rdx_value_new_string (next));
    }
  return rdx_value_ref (state);
}

/* The letters with a "ui" slice that "ui.select" {"c": x} sets, as an
 * app's state has a part only its views use. */
static RdxValue *
ui_letters_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  g_autoptr (RdxValue) letters = NULL;

  if (state == NULL)
    {
      letters = letters_reduce (NULL, action, user_data, error);
      return rdx_map_set_take (letters, "ui", rdx_value_new_string (""));
    }
  if (rdx_action_is (action, "ui.select"))
    return rdx_map_set (state, "ui", rdx_map_get (rdx_action_get_payload (action), "c"));
  return letters_reduce (state, action, user_data, error);
}

typedef struct
{
  RdxHistory *history;
  RdxStore   *store;
  gpointer    weak_history;
  gpointer    weak_store;
  GString    *changes;
} Fixture;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  g_string_append_printf (fixture->changes, "%u-%u+%u ", position, removed, added);
}

/* With @reducer (nullable: the letters) and @inner (nullable) inside the
 * history's middleware. */
static void
fixture_setup_with (Fixture       *fixture,
                    const char    *app_id,
                    RdxReducer    *letters_or_null,
                    RdxMiddleware *inner)
{
  g_autoptr (RdxReducer) reducer = letters_or_null != NULL
                                     ? rdx_reducer_ref (letters_or_null)
                                     : rdx_reducer_new (letters_reduce, NULL, NULL);

  memset (fixture, 0, sizeof *fixture);
  fixture->history = rdx_history_new (app_id);
  fixture->store = rdx_store_new_with_middleware (
    reducer, NULL, rdx_history_get_middleware (fixture->history), inner, NULL);
  fixture->changes = g_string_new (NULL);
  g_signal_connect (fixture->history, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  fixture->weak_history = fixture->history;
  fixture->weak_store = fixture->store;
  g_object_add_weak_pointer (G_OBJECT (fixture->history), &fixture->weak_history);
  g_object_add_weak_pointer (G_OBJECT (fixture->store), &fixture->weak_store);
  reducer_calls = 0;
}

static void
fixture_setup_full (Fixture *fixture, const char *app_id, RdxMiddleware *inner)
{
  fixture_setup_with (fixture, app_id, NULL, inner);
}

static void
fixture_setup_reducer (Fixture *fixture, const char *app_id, RdxReducer *reducer)
{
  fixture_setup_with (fixture, app_id, reducer, NULL);
}

static void
fixture_setup_app (Fixture *fixture, const char *app_id)
{
  fixture_setup_full (fixture, app_id, NULL);
}

static void
fixture_setup (Fixture *fixture)
{
  fixture_setup_app (fixture, APP_ID);
}

static void
fixture_teardown (Fixture *fixture)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->history);
  rdx_assert_finalized (fixture->weak_store);
  rdx_assert_finalized (fixture->weak_history);
  g_string_free (fixture->changes, TRUE);
}

static void
dispatch (Fixture *fixture, const char *type, const char *c)
{
  RdxValue *payload = c != NULL ? rdx_map_new_take ("c", rdx_value_new_string (c), NULL) : NULL;

  rdx_store_dispatch_take (fixture->store, rdx_action_new_take (type, payload), NULL);
}

static void
dispatch_in (RdxStore *store, const char *type, const char *c)
{
  rdx_store_dispatch_take (
    store, rdx_action_new_take (type, rdx_map_new_take ("c", rdx_value_new_string (c), NULL)),
    NULL);
}

static void
add_all (Fixture *fixture, const char *letters)
{
  for (const char *c = letters; *c != '\0'; c++)
    {
      char one[2] = { *c, '\0' };

      dispatch (fixture, "add", one);
    }
}

static const char *
state_letters (RdxValue *state)
{
  RdxValue *s = rdx_value_is_map (state) ? rdx_map_get (state, "s") : NULL;

  return s != NULL ? rdx_value_get_string (s) : "(none)";
}

static char *
describe (RdxHistory *history)
{
  GString *out = g_string_new (NULL);
  guint    n = g_list_model_get_n_items (G_LIST_MODEL (history));

  for (guint i = 0; i < n; i++)
    {
      RdxHistoryEntry *entry = rdx_history_get_entry (history, i);
      const char      *type = rdx_history_entry_get_action_type (entry);
      RdxValue        *payload = rdx_history_entry_get_payload (entry);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (i == 0)
        g_string_append_c (out, '^');
      else if (strcmp (type, "add") == 0)
        g_string_append (out, rdx_value_get_string (rdx_map_get (payload, "c")));
      else
        g_string_append (out, type);
      if (rdx_history_entry_get_skipped (entry))
        g_string_append_c (out, '!');
      if (rdx_history_entry_get_failed (entry))
        g_string_append_c (out, '?');
      g_string_append_printf (out, "=%s", state_letters (rdx_history_entry_get_state (entry)));
    }
  g_string_append_printf (out, " @%u", rdx_history_get_cursor (history));
  return g_string_free (out, FALSE);
}

#define assert_entries(fixture, expected)                          \
  do                                                               \
    {                                                              \
      g_autofree char *described_ = describe ((fixture)->history); \
      assert_string_equal (described_, (expected));                \
    }                                                              \
  while (0)

static gboolean
import (Fixture *fixture, const char *document, GError **error)
{
  return rdx_history_import (fixture->history, document, -1, RDX_HISTORY_FORMAT_AUTO,
                             RDX_HISTORY_IMPORT_DEFAULT, error);
}

/* The session most tests export: a skipped action, a failed one, the
 * cursor in the past. */
static void
record_session (Fixture *fixture)
{
  add_all (fixture, "ab");
  dispatch (fixture, "fail", NULL);
  add_all (fixture, "c");
  rdx_history_toggle (fixture->history, 2);
  rdx_history_jump (fixture->history, 3);
}

/* rdx's format */

static void
test_export_rdx_shape (void **state)
{
  Fixture          f;
  g_autofree char *json = NULL;
  g_autoptr (RdxValue) doc = NULL;
  RdxValue *actions;
  RdxValue *first;

  fixture_setup (&f);
  record_session (&f);
  json = rdx_history_export (f.history, RDX_HISTORY_FORMAT_RDX);
  doc = rdx_value_from_json (json, -1, NULL);
  assert_non_null (doc);

  assert_string_equal (rdx_value_get_string (rdx_map_get (doc, "format")), "rdx-history");
  assert_int_equal (rdx_value_get_int (rdx_map_get (doc, "version")), RDX_HISTORY_FORMAT_VERSION);
  assert_string_equal (rdx_value_get_string (rdx_map_get (doc, "app")), APP_ID);
  assert_int_equal (rdx_value_get_int (rdx_map_get (doc, "cursor")), 3);
  assert_string_equal (state_letters (rdx_map_get (doc, "base")), "");

  actions = rdx_map_get (doc, "actions");
  assert_int_equal (rdx_list_length (actions), 4);
  first = rdx_list_get (actions, 0);
  assert_string_equal (rdx_value_get_string (rdx_map_get (first, "type")), "add");
  assert_string_equal (rdx_value_get_string (rdx_map_get (rdx_map_get (first, "payload"), "c")),
                       "a");
  assert_true (rdx_value_get_int (rdx_map_get (first, "time")) > 0);
  assert_true (rdx_value_get_int (rdx_map_get (first, "sequence")) > 0);
  assert_false (rdx_map_contains (first, "skipped"));
  assert_false (rdx_map_contains (first, "error"));
  {
    g_autofree char *changes = rdx_value_to_json (rdx_map_get (first, "changes"));

    assert_string_equal (changes, "[[\"/s\",\"a\"]]");
  }
  assert_true (rdx_value_get_bool (rdx_map_get (rdx_list_get (actions, 1), "skipped")));
  assert_string_equal (rdx_value_get_string (rdx_map_get (rdx_list_get (actions, 2), "error")),
                       "fail is always refused");
  fixture_teardown (&f);
}

static void
test_round_trip_rdx (void **state)
{
  Fixture          a, b;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr (GError) error = NULL;

  fixture_setup (&a);
  record_session (&a);
  assert_entries (&a, "^= a=a b!=a fail?=a c=ac @3");
  json = rdx_history_export (a.history, RDX_HISTORY_FORMAT_RDX);

  fixture_setup (&b);
  add_all (&b, "xyz");
  g_string_truncate (b.changes, 0);
  reducer_calls = 0;
  assert_true (rdx_history_import (b.history, json, -1, RDX_HISTORY_FORMAT_RDX,
                                   RDX_HISTORY_IMPORT_VERIFY, &error));
  assert_null (error);
  assert_entries (&b, "^= a=a b!=a fail?=a c=ac @3");
  /* One reducer call per action not skipped, no middleware. */
  assert_int_equal (reducer_calls, 3);
  /* One signal: three entries out, four in. */
  assert_string_equal (b.changes->str, "1-3+4 ");
  assert_string_equal (state_letters (rdx_store_get_state (b.store)), "a");

  for (guint i = 1; i < 5; i++)
    {
      RdxHistoryEntry *ea = rdx_history_get_entry (a.history, i);
      RdxHistoryEntry *eb = rdx_history_get_entry (b.history, i);

      assert_int_equal (rdx_history_entry_get_time (ea), rdx_history_entry_get_time (eb));
      assert_int_equal (rdx_history_entry_get_sequence (ea), rdx_history_entry_get_sequence (eb));
      assert_int_equal (rdx_history_entry_get_duration (ea), rdx_history_entry_get_duration (eb));
      assert_string_equal (rdx_history_entry_get_action_type (ea),
                           rdx_history_entry_get_action_type (eb));
    }

  /* Exporting the import gives the same document. */
  again = rdx_history_export (b.history, RDX_HISTORY_FORMAT_RDX);
  assert_string_equal (json, again);

  /* And the imported history goes on: recording and editing work. */
  rdx_history_jump (b.history, 4);
  add_all (&b, "d");
  rdx_history_toggle (b.history, 2);
  assert_entries (&b, "^= a=a b=ab fail?=ab c=abc d=abcd @5");
  assert_true (rdx_history_check_replay (b.history, NULL, NULL, NULL));
  fixture_teardown (&b);
  fixture_teardown (&a);
}

static void
test_round_trip_rdx_large (void **state)
{
  Fixture          a, b;
  g_autofree char *json = NULL;
  guint            n = g_getenv ("RDX_TEST_QUICK") != NULL ? 200 : 2000;

  fixture_setup (&a);
  for (guint i = 0; i < n; i++)
    dispatch (&a, i % 7 == 3 ? "fail" : "add", i % 2 ? "x" : "y");
  json = rdx_history_export (a.history, RDX_HISTORY_FORMAT_RDX);
  fixture_setup (&b);
  assert_true (rdx_history_import (b.history, json, -1, RDX_HISTORY_FORMAT_AUTO,
                                   RDX_HISTORY_IMPORT_VERIFY, NULL));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (b.history)), n + 1);
  assert_true (rdx_value_equal (rdx_store_get_state (a.store), rdx_store_get_state (b.store)));
  fixture_teardown (&b);
  fixture_teardown (&a);
}

static void
test_import_any_app_without_app_id (void **state)
{
  Fixture     f;
  const char *doc =
    "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"org.other.App\","
    "\"base\":{\"s\":\"q\"},\"actions\":[{\"type\":\"add\",\"payload\":{\"c\":\"r\"}}]}";

  fixture_setup_app (&f, NULL);
  assert_true (import (&f, doc, NULL));
  assert_entries (&f, "^=q r=qr @1");
  fixture_teardown (&f);
}

/* Redux DevTools' format */

static void
test_export_redux_shape (void **state)
{
  Fixture          f;
  g_autofree char *json = NULL;
  g_autoptr (RdxValue) doc = NULL;
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (RdxValue) preloaded = NULL;
  g_autofree char *payload_json = NULL;

  fixture_setup (&f);
  rdx_history_commit (f.history);
  add_all (&f, "q");
  rdx_history_commit (f.history);
  record_session (&f);
  json = rdx_history_export (f.history, RDX_HISTORY_FORMAT_REDUX_DEVTOOLS);
  doc = rdx_value_from_json (json, -1, NULL);
  assert_int_equal (rdx_map_size (doc), 2);
  payload = rdx_value_from_json (rdx_value_get_string (rdx_map_get (doc, "payload")), -1, NULL);
  preloaded =
    rdx_value_from_json (rdx_value_get_string (rdx_map_get (doc, "preloadedState")), -1, NULL);

  /* The skipped action is left out; actions without payload have none. */
  payload_json = rdx_value_to_json (payload);
  assert_string_equal (payload_json, "[{\"payload\":{\"c\":\"a\"},\"type\":\"add\"},"
                                     "{\"type\":\"fail\"},"
                                     "{\"payload\":{\"c\":\"c\"},\"type\":\"add\"}]");
  assert_string_equal (state_letters (preloaded), "q");
  fixture_teardown (&f);
}

static void
test_round_trip_redux (void **state)
{
  Fixture          a, b;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;

  fixture_setup (&a);
  add_all (&a, "p");
  rdx_history_commit (a.history);
  record_session (&a);
  json = rdx_history_export (a.history, RDX_HISTORY_FORMAT_REDUX_DEVTOOLS);

  fixture_setup (&b);
  assert_true (rdx_history_import (b.history, json, -1, RDX_HISTORY_FORMAT_REDUX_DEVTOOLS,
                                   RDX_HISTORY_IMPORT_VERIFY, &error));
  assert_null (error);
  /* What Redux DevTools would compute: the same last state. */
  assert_entries (&b, "^=p a=pa fail?=pa c=pac @3");
  assert_true (rdx_value_equal (rdx_history_entry_get_state (rdx_history_get_entry (a.history, 4)),
                                rdx_store_get_state (b.store)));
  fixture_teardown (&b);
  fixture_teardown (&a);
}

/* A reducer that keeps its state: what Redux DevTools computes is its
 * business; here only the actions' shapes matter. */
static RdxValue *
keep_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  return state != NULL ? rdx_value_ref (state) : rdx_map_new ();
}

/* The string of JSON under @key in a Redux DevTools document, parsed. */
static RdxValue *
redux_part (const char *document, const char *key)
{
  g_autoptr (RdxValue) doc = rdx_test_value (document);

  return rdx_test_value (rdx_value_get_string (rdx_map_get (doc, key)));
}

/* Redux DevTools -> rdx -> Redux DevTools is the identity: every action
 * comes back in its own shape (fields beside "type" instead of a payload,
 * "payload" with "meta" and "error", flux standard actions and not), so
 * Redux DevTools computes the same states from the export it computed from
 * its own. Also through rdx's format in between. The session is a real
 * one's shape: Redux Toolkit slices and thunks beside hand-written
 * action creators. */
static void
test_round_trip_redux_shapes (void **state)
{
  g_autofree char *path =
    g_build_filename (RDX_TEST_SRCDIR, "debugger", "redux-session.json", NULL);
  g_autofree char *original = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *through_rdx = NULL;
  g_autofree char *again = NULL;
  g_autoptr (RdxValue) actions = NULL;
  g_autoptr (RdxValue) preloaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxReducer) keep = rdx_reducer_new (keep_reduce, NULL, NULL);
  Fixture a, b;

  assert_true (g_file_get_contents (path, &original, NULL, &error));
  actions = redux_part (original, "payload");
  preloaded = redux_part (original, "preloadedState");
  assert_true (rdx_list_length (actions) >= 15);

  fixture_setup_reducer (&a, APP_ID, keep);
  assert_true (import (&a, original, &error));
  assert_null (error);
  exported = rdx_history_export (a.history, RDX_HISTORY_FORMAT_REDUX_DEVTOOLS);
  {
    g_autoptr (RdxValue) exported_actions = redux_part (exported, "payload");
    g_autoptr (RdxValue) exported_preloaded = redux_part (exported, "preloadedState");

    for (guint i = 0; i < rdx_list_length (actions); i++)
      if (!rdx_value_equal (rdx_list_get (actions, i), rdx_list_get (exported_actions, i)))
        {
          g_autofree char *was = rdx_value_to_json (rdx_list_get (actions, i));
          g_autofree char *now = rdx_value_to_json (rdx_list_get (exported_actions, i));

          fail_msg ("action %u was %s and is exported as %s", i + 1, was, now);
        }
    assert_true (rdx_value_equal (exported_actions, actions));
    assert_true (rdx_value_equal (exported_preloaded, preloaded));
  }

  /* Through rdx's format, into another history. */
  through_rdx = rdx_history_export (a.history, RDX_HISTORY_FORMAT_RDX);
  fixture_setup_reducer (&b, APP_ID, keep);
  assert_true (rdx_history_import (b.history, through_rdx, -1, RDX_HISTORY_FORMAT_AUTO,
                                   RDX_HISTORY_IMPORT_VERIFY, &error));
  again = rdx_history_export (b.history, RDX_HISTORY_FORMAT_REDUX_DEVTOOLS);
  {
    g_autoptr (RdxValue) again_actions = redux_part (again, "payload");

    assert_true (rdx_value_equal (again_actions, actions));
  }
  fixture_teardown (&b);
  fixture_teardown (&a);
}

static void
test_import_redux_array (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  fixture_setup (&f);
  /* As the extension's Export writes it (jsan output is JSON for plain
   * data); an action without "payload" keeps its other fields. */
  assert_true (
    import (&f,
            "{\n\t\"payload\": \"[{\\\"type\\\":\\\"add\\\",\\\"payload\\\":{\\\"c\\\":\\\"x\\\"}},"
            "{\\\"type\\\":\\\"add\\\",\\\"c\\\":\\\"y\\\"},{\\\"type\\\":\\\"noop\\\"}]\",\n"
            "\t\"preloadedState\": \"{\\\"s\\\":\\\"q\\\"}\"\n}",
            &error));
  assert_null (error);
  assert_entries (&f, "^=q x=qx y=qxy noop=qxy @3");
  assert_string_equal (
    rdx_value_get_string (
      rdx_map_get (rdx_history_entry_get_payload (rdx_history_get_entry (f.history, 2)), "c")),
    "y");

  /* Without a preloaded state, the reducer's initial state is the base. */
  assert_true (import (
    &f, "{\"payload\":\"[{\\\"type\\\":\\\"add\\\",\\\"payload\\\":{\\\"c\\\":\\\"z\\\"}}]\"}",
    &error));
  assert_entries (&f, "^= z=z @1");
  fixture_teardown (&f);
}

/* Redux DevTools' lifted state, as @redux-devtools/instrument keeps it. */
#define LIFTED                                                                                  \
  "{\"monitorState\":{},\"nextActionId\":4,"                                                    \
  "\"actionsById\":{\"0\":{\"type\":\"PERFORM_ACTION\",\"action\":{\"type\":\"@@INIT\"},"       \
  "\"timestamp\":1700000000000},"                                                               \
  "\"1\":{\"type\":\"PERFORM_ACTION\",\"action\":{\"type\":\"add\",\"payload\":{\"c\":\"x\"}}," \
  "\"timestamp\":1700000000001},"                                                               \
  "\"3\":{\"type\":\"PERFORM_ACTION\",\"action\":{\"type\":\"add\",\"payload\":{\"c\":\"y\"}}," \
  "\"timestamp\":1700000000003},"                                                               \
  "\"2\":{\"type\":\"PERFORM_ACTION\",\"action\":{\"type\":\"add\",\"payload\":{\"c\":\"z\"}}," \
  "\"timestamp\":1700000000002}},"                                                              \
  "\"stagedActionIds\":[0,1,3,2],\"skippedActionIds\":[3],"                                     \
  "\"committedState\":{\"s\":\"q\"},\"currentStateIndex\":2,"                                   \
  "\"computedStates\":[],\"isLocked\":false,\"isPaused\":false}"

static void
test_import_redux_lifted (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;
  g_autofree char *wrapped = NULL;
  g_autoptr (RdxValue) text = rdx_value_new_string (LIFTED);
  g_autofree char *quoted = rdx_value_to_json (text);

  fixture_setup (&f);
  assert_true (import (&f, LIFTED, &error));
  assert_null (error);
  assert_entries (&f, "^=q x=qx y!=qx z=qxz @2");
  assert_int_equal (rdx_history_entry_get_time (rdx_history_get_entry (f.history, 3)),
                    G_GINT64_CONSTANT (1700000000002000));
  assert_string_equal (state_letters (rdx_store_get_state (f.store)), "qx");

  wrapped = g_strdup_printf ("{\"payload\":%s,\"preloadedState\":\"{}\"}", quoted);
  rdx_history_revert (f.history);
  assert_true (import (&f, wrapped, &error));
  assert_entries (&f, "^=q x=qx y!=qx z=qxz @2");
  fixture_teardown (&f);
}

/* Malformed documents */

typedef struct
{
  const char *document;
  int         code;
  const char *message; /* a part of the error message */
} Bad;

static const Bad corpus[] = {
  { "", RDX_HISTORY_ERROR_INVALID, "not valid JSON" },
  { "{", RDX_HISTORY_ERROR_INVALID, "not valid JSON" },
  { "{\"format\":\"rdx-history\",} ", RDX_HISTORY_ERROR_INVALID, "not valid JSON" },
  { "/* c */ {}", RDX_HISTORY_ERROR_INVALID, "not valid JSON" },
  { "var a = {};", RDX_HISTORY_ERROR_INVALID, "not valid JSON" },
  { "{\"payload\":\"[]\"} trailing", RDX_HISTORY_ERROR_INVALID, "not valid JSON" },
  { "[1, 2]", RDX_HISTORY_ERROR_INVALID, "not an object" },
  { "null", RDX_HISTORY_ERROR_INVALID, "not an object" },
  { "\"text\"", RDX_HISTORY_ERROR_INVALID, "not an object" },
  { "{\"something\": 1}", RDX_HISTORY_ERROR_INVALID, "not a Redux DevTools export" },
  /* rdx's format */
  { "{\"format\":\"other\"}", RDX_HISTORY_ERROR_INVALID, "not an rdx history export" },
  { "{\"format\":\"rdx-history\"}", RDX_HISTORY_ERROR_INVALID, "no valid \"version\"" },
  { "{\"format\":\"rdx-history\",\"version\":\"1\"}", RDX_HISTORY_ERROR_INVALID, "version" },
  { "{\"format\":\"rdx-history\",\"version\":0}", RDX_HISTORY_ERROR_INVALID, "version" },
  { "{\"format\":\"rdx-history\",\"version\":2,\"app\":\"" APP_ID "\",\"base\":{},\"actions\":[]}",
    RDX_HISTORY_ERROR_NEWER_VERSION, "version 2" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"org.other.App\",\"base\":{},\"actions\":[]"
    "}",
    RDX_HISTORY_ERROR_WRONG_APP, "exported by \"org.other.App\"" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"app\":7,\"base\":{},\"actions\":[]}",
    RDX_HISTORY_ERROR_INVALID, "\"app\" is not a string" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"actions\":[]}", RDX_HISTORY_ERROR_INVALID,
    "no \"base\"" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":{}}",
    RDX_HISTORY_ERROR_INVALID, "\"actions\" are missing or not a list" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[7]}",
    RDX_HISTORY_ERROR_INVALID, "action 1 is not a JSON object" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"payload\":1}]}",
    RDX_HISTORY_ERROR_INVALID, "action 1 has no \"type\" string" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"type\":3}]}",
    RDX_HISTORY_ERROR_INVALID, "no \"type\" string" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"type\":\"a\"},"
    "{\"type\":\"a\",\"skipped\":\"yes\"}]}",
    RDX_HISTORY_ERROR_INVALID, "action 2 has a \"skipped\"" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"type\":\"a\",\"time\":"
    "\"x\"}]}",
    RDX_HISTORY_ERROR_INVALID, "\"time\" that is not a number" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"type\":\"a\",\"error\":"
    "1}]}",
    RDX_HISTORY_ERROR_INVALID, "\"error\" that is not a string" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"type\":\"a\","
    "\"changes\":[[1,2]]}]}",
    RDX_HISTORY_ERROR_INVALID, "not [path, value]" },
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[],\"cursor\":3}",
    RDX_HISTORY_ERROR_INVALID, "\"cursor\" (3)" },
  /* -1 is no position: the last entry is said by leaving "cursor" out. */
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"type\":\"a\"}],"
    "\"cursor\":-1}",
    RDX_HISTORY_ERROR_INVALID, "\"cursor\" (-1)" },
  /* rdx's own types are rdx's: not what a document may make the store
   * replay (except the entries the history and the journal record). */
  { "{\"format\":\"rdx-history\",\"version\":1,\"base\":{},\"actions\":[{\"type\":\"a\"},"
    "{\"type\":\"@@rdx/INIT\"}]}",
    RDX_HISTORY_ERROR_INVALID, "action 2 has the private type \"@@rdx/INIT\"" },
  { "{\"payload\":\"[{\\\"type\\\":\\\"@@rdx/INIT\\\"}]\"}", RDX_HISTORY_ERROR_INVALID,
    "private type \"@@rdx/INIT\"" },
  { "{\"actionsById\":{\"1\":{\"action\":{\"type\":\"@@rdx/"
    "anything\"}}},\"stagedActionIds\":[0,1]}",
    RDX_HISTORY_ERROR_INVALID, "private type \"@@rdx/anything\"" },
  { "{\"app_id\":\"" APP_ID "\",\"format\":\"rdx-journal\",\"schema\":3}\n"
    "{\"payload\":null,\"seq\":1,\"type\":\"@@rdx/REPLACE\"}\n",
    RDX_HISTORY_ERROR_INVALID, "line 2 of the journal export has the private type" },
  /* Redux DevTools' format */
  { "{\"payload\":5}", RDX_HISTORY_ERROR_INVALID, "not a string of JSON" },
  { "{\"payload\":\"not json\"}", RDX_HISTORY_ERROR_INVALID,
    "\"payload\" string is not valid JSON" },
  { "{\"payload\":\"[{\\\"type\\\":\\\"a\\\"} // c\"}", RDX_HISTORY_ERROR_INVALID,
    "\"payload\" string is not valid JSON" },
  { "{\"payload\":\"{\\\"a\\\":1}\"}", RDX_HISTORY_ERROR_INVALID, "neither a list of actions" },
  { "{\"payload\":\"[1]\"}", RDX_HISTORY_ERROR_INVALID,
    "action 1 of the payload is not an action" },
  { "{\"payload\":\"[{\\\"type\\\":null}]\"}", RDX_HISTORY_ERROR_INVALID, "no \"type\" string" },
  { "{\"payload\":\"[]\",\"preloadedState\":\"{bad\"}", RDX_HISTORY_ERROR_INVALID,
    "\"preloadedState\" string is not valid JSON" },
  { "{\"payload\":\"[]\",\"preloadedState\":{}}", RDX_HISTORY_ERROR_INVALID,
    "\"preloadedState\" is not a string" },
  { "{\"actionsById\":{},\"stagedActionIds\":[0,1]}", RDX_HISTORY_ERROR_INVALID,
    "staged action id 1 is not in \"actionsById\"" },
  { "{\"actionsById\":{\"1\":{\"action\":{\"type\":\"a\"}}},\"stagedActionIds\":[0,1],"
    "\"currentStateIndex\":5}",
    RDX_HISTORY_ERROR_INVALID, "\"currentStateIndex\" (5)" },
  { "{\"actionsById\":{\"1\":{}},\"stagedActionIds\":[0,1]}", RDX_HISTORY_ERROR_INVALID,
    "has no \"action\"" },
  { "{\"actionsById\":{},\"stagedActionIds\":[]}", RDX_HISTORY_ERROR_INVALID,
    "no \"stagedActionIds\" list" },
  { "{\"actionsById\":{},\"stagedActionIds\":[0,\"x\"]}", RDX_HISTORY_ERROR_INVALID,
    "not an integer" },
};

static void
test_malformed_imports (void **state)
{
  Fixture          f;
  g_autofree char *before = NULL;
  RdxValue        *shown;

  fixture_setup (&f);
  add_all (&f, "abc");
  rdx_history_toggle (f.history, 2);
  rdx_history_jump (f.history, 1);
  before = describe (f.history);
  shown = rdx_store_get_state (f.store);
  g_string_truncate (f.changes, 0);
  reducer_calls = 0;

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *after = NULL;

      if (import (&f, corpus[i].document, &error))
        fail_msg ("document %u was imported: %s", i, corpus[i].document);
      assert_error (error, RDX_HISTORY_ERROR, corpus[i].code);
      if (strstr (error->message, corpus[i].message) == NULL)
        fail_msg ("document %u: \"%s\" does not say \"%s\"", i, error->message, corpus[i].message);

      after = describe (f.history);
      assert_string_equal (before, after);
      assert_ptr_equal (rdx_store_get_state (f.store), shown);
    }
  assert_string_equal (f.changes->str, "");
  assert_int_equal (reducer_calls, 0);
  fixture_teardown (&f);
}

/* Imports @length bytes of @document (-1: NUL-terminated), which must
 * fail with @code and a message that contains @message, leaving the
 * history, its cursor, what the store shows and the model as they were,
 * without a reducer call. */
static void
assert_import_refused (Fixture    *fixture,
                       const char *document,
                       gssize      length,
                       gint        code,
                       const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = describe (fixture->history);
  g_autofree char *after = NULL;
  RdxValue        *shown = rdx_store_get_state (fixture->store);

  g_string_truncate (fixture->changes, 0);
  reducer_calls = 0;
  assert_false (rdx_history_import (fixture->history, document, length, RDX_HISTORY_FORMAT_AUTO,
                                    RDX_HISTORY_IMPORT_DEFAULT, &error));
  assert_error (error, RDX_HISTORY_ERROR, code);
  if (strstr (error->message, message) == NULL)
    fail_msg ("\"%s\" does not say \"%s\"", error->message, message);

  after = describe (fixture->history);
  assert_string_equal (after, before);
  assert_ptr_equal (rdx_store_get_state (fixture->store), shown);
  assert_string_equal (fixture->changes->str, "");
  assert_int_equal (reducer_calls, 0);
}

/* Review finding 14: each refused document leaves the history as it was. */
static void
test_malformed_bytes_and_depth (void **state)
{
  Fixture          f;
  GString         *deep = g_string_new (NULL);
  GString         *deep_payload = g_string_new ("{\"payload\":\"");
  g_autofree char *big = NULL;
  const char       bad_utf8[] = "{\"payload\":\"[{\\\"type\\\":\\\"\xc3\x28\\\"}]\"}";

  fixture_setup (&f);
  add_all (&f, "abc");
  rdx_history_toggle (f.history, 2);
  rdx_history_jump (f.history, 1);

  /* Nesting far deeper than the limit, as the document and inside the
   * payload string. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_import_refused (&f, deep->str, -1, RDX_HISTORY_ERROR_INVALID, "deep");

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep_payload, '[');
  g_string_append (deep_payload, "\"}");
  assert_import_refused (&f, deep_payload->str, -1, RDX_HISTORY_ERROR_INVALID, "payload");

  /* Larger than the limit (lowered here, 256 MiB by default), as a
   * document and as a journal export. */
  rdx_history_set_max_import_size_for_testing (f.history, 4096);
  big = g_strdup_printf ("{\"payload\":\"[]\",\"preloadedState\":\"{\\\"s\\\":\\\"%0*d\\\"}\"}",
                         5000, 0);
  assert_import_refused (&f, big, -1, RDX_HISTORY_ERROR_INVALID, "more than the 4096 bytes");
  {
    g_autofree char *big_journal =
      g_strdup_printf ("{\"format\":\"rdx-journal\",\"app_id\":\"" APP_ID "\",\"schema\":1}\n"
                       "{\"type\":\"add\",\"payload\":{\"c\":\"%0*d\"}}\n",
                       5000, 0);

    assert_import_refused (&f, big_journal, -1, RDX_HISTORY_ERROR_INVALID,
                           "more than the 4096 bytes");
  }
  rdx_history_set_max_import_size_for_testing (f.history, 0);

  /* Not UTF-8 inside the payload string. */
  assert_import_refused (&f, bad_utf8, sizeof bad_utf8 - 1, RDX_HISTORY_ERROR_INVALID, "");

  /* A NUL byte inside the given length. */
  assert_import_refused (&f, "{\"payload\":\"[]\"}\0x", 18, RDX_HISTORY_ERROR_INVALID, "");

  /* Empty, and a bad line in a journal export after good ones. */
  assert_import_refused (&f, "", 0, RDX_HISTORY_ERROR_INVALID, "");
  assert_import_refused (&f,
                         "{\"format\":\"rdx-journal\",\"app_id\":\"" APP_ID "\",\"schema\":1}\n"
                         "{\"type\":\"add\",\"payload\":{\"c\":\"x\"}}\n"
                         "{\"type\":\"add\",\"payload\":{\"c\":\"y\"}}, 1\n",
                         -1, RDX_HISTORY_ERROR_INVALID, "line 3");

  /* After all that, the big document imports once the limit is back. */
  assert_entries (&f, "^= a=a b!=a c=ac @1");
  assert_true (import (&f, big, NULL));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 1);
  assert_int_equal (strlen (state_letters (rdx_store_get_state (f.store))), 5000);
  g_string_free (deep, TRUE);
  g_string_free (deep_payload, TRUE);
  fixture_teardown (&f);
}

/* Review finding 12: while paused the last entry follows what is applied,
 * and an imported history has no @@rdx/PAUSED entry, so a dispatch after
 * the import overwrote an imported entry's state. The import is refused
 * while paused, and the history stays as it was. */
static void
test_import_while_paused (void **state)
{
  Fixture          f;
  g_autofree char *doc = NULL;
  g_autoptr (GError) error = NULL;

  fixture_setup (&f);
  add_all (&f, "ab");
  doc = rdx_history_export (f.history, RDX_HISTORY_FORMAT_RDX);
  add_all (&f, "c");
  rdx_history_set_paused (f.history, TRUE);
  add_all (&f, "x");
  assert_entries (&f, "^= a=a b=ab c=abc @@rdx/PAUSED=abcx @4");

  assert_import_refused (&f, doc, -1, RDX_HISTORY_ERROR_PAUSED, "resume recording");
  assert_true (rdx_history_get_paused (f.history));
  assert_false (rdx_history_import_journal (f.history, "/nonexistent/journal", 0, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_PAUSED);

  /* Paused recording goes on as before. */
  add_all (&f, "y");
  assert_entries (&f, "^= a=a b=ab c=abc @@rdx/PAUSED=abcxy @4");

  /* Resumed, the import replaces the history, and recording goes on. */
  rdx_history_set_paused (f.history, FALSE);
  assert_true (import (&f, doc, NULL));
  assert_entries (&f, "^= a=a b=ab @2");
  add_all (&f, "y");
  assert_entries (&f, "^= a=a b=ab y=aby @3");
  fixture_teardown (&f);
}

static void
test_import_not_attached (void **state)
{
  g_autoptr (RdxHistory) history = rdx_history_new (APP_ID);
  g_autoptr (GError) error = NULL;

  assert_false (
    rdx_history_import (history, "{\"payload\":\"[]\"}", -1, RDX_HISTORY_FORMAT_AUTO, 0, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED);
}

/* An inner middleware that turns "twice" {"c": x} into "add" {"c": xx}
 * and refuses "deny". */
static gboolean
rewrite_cb (RdxStore        *store,
            RdxAction       *action,
            RdxDispatchNext *next,
            gpointer         user_data,
            GError         **error)
{
  if (rdx_action_is (action, "twice"))
    {
      const char *c = rdx_value_get_string (rdx_map_get (rdx_action_get_payload (action), "c"));
      g_autofree char *cc = g_strconcat (c, c, NULL);
      g_autoptr (RdxAction) replaced =
        rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string (cc), NULL));

      return rdx_dispatch_next (next, replaced, error);
    }
  if (rdx_action_is (action, "deny"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "denied");
      return FALSE;
    }
  return rdx_dispatch_next (next, action, error);
}

/* What a middleware did before the reducer is in the recording: the
 * export holds the actions the reducer applied, so it replays (and
 * verifies) on a store without that middleware. */
static void
test_export_what_the_reducer_saw (void **state)
{
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (rewrite_cb, NULL, NULL);
  Fixture          a, b;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;

  fixture_setup_full (&a, APP_ID, inner);
  add_all (&a, "a");
  dispatch (&a, "twice", "b");
  dispatch (&a, "deny", NULL);
  dispatch (&a, "fail", NULL);
  add_all (&a, "c");
  assert_entries (&a, "^= a=a bb=abb fail?=abb c=abbc @4");
  json = rdx_history_export (a.history, RDX_HISTORY_FORMAT_RDX);
  assert_null (strstr (json, "twice"));
  assert_null (strstr (json, "deny"));

  fixture_setup (&b);
  assert_true (rdx_history_import (b.history, json, -1, RDX_HISTORY_FORMAT_AUTO,
                                   RDX_HISTORY_IMPORT_VERIFY, &error));
  assert_null (error);
  assert_entries (&b, "^= a=a bb=abb fail?=abb c=abbc @4");
  assert_true (rdx_history_check_replay (b.history, NULL, NULL, NULL));
  fixture_teardown (&b);
  fixture_teardown (&a);
}

/* Verification against what the document recorded */

static void
test_import_verify_finds_divergence (void **state)
{
  Fixture          a, b;
  g_autofree char *json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;

  fixture_setup (&a);
  add_all (&a, "ab");
  dispatch (&a, "impure", NULL);
  add_all (&a, "c");
  json = rdx_history_export (a.history, RDX_HISTORY_FORMAT_RDX);

  fixture_setup (&b);
  add_all (&b, "z");
  before = describe (b.history);
  impurity = 5;
  assert_false (rdx_history_import (b.history, json, -1, RDX_HISTORY_FORMAT_AUTO,
                                    RDX_HISTORY_IMPORT_VERIFY, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED);
  assert_non_null (strstr (error->message, "Entry 3 (\"impure\")"));
  assert_non_null (strstr (error->message, "[[\"/s\",\"ab0\"]]"));
  assert_non_null (strstr (error->message, "[[\"/s\",\"ab5\"]]"));
  after = describe (b.history);
  assert_string_equal (before, after);

  /* Without verification, the import recomputes with today's reducer. */
  assert_true (import (&b, json, NULL));
  assert_entries (&b, "^= a=a b=ab impure=ab5 c=ab5c @4");
  fixture_teardown (&b);
  fixture_teardown (&a);
}

static void
test_import_verify_errors (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  fixture_setup (&f);
  assert_false (rdx_history_import (
    f.history,
    "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"" APP_ID "\",\"base\":{\"s\":\"\"},"
    "\"actions\":[{\"type\":\"add\",\"payload\":{\"c\":\"a\"},\"error\":\"refused\"}]}",
    -1, RDX_HISTORY_FORMAT_AUTO, RDX_HISTORY_IMPORT_VERIFY, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED);
  assert_non_null (strstr (error->message, "it failed when recorded (refused)"));
  g_clear_error (&error);

  assert_false (rdx_history_import (
    f.history,
    "{\"format\":\"rdx-history\",\"version\":1,\"app\":\"" APP_ID "\",\"base\":{\"s\":\"\"},"
    "\"actions\":[{\"type\":\"fail\"}]}",
    -1, RDX_HISTORY_FORMAT_AUTO, RDX_HISTORY_IMPORT_VERIFY, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED);
  assert_non_null (strstr (error->message, "now refuses it: fail is always refused"));
  assert_entries (&f, "^= @0");
  fixture_teardown (&f);
}

/* Journals */

static void
test_import_journal_jsonl (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;
  const char *jsonl =
    "{\"app_id\":\"" APP_ID "\",\"event_version\":1,\"format\":\"rdx-journal\",\"schema\":1}\n"
    "{\"hash\":\"00\",\"payload\":{\"c\":\"a\"},\"seq\":1,\"session\":1,\"store_seq\":2,"
    "\"time\":1700000000000001,\"type\":\"add\",\"version\":1}\n"
    "{\"damaged_payload\":\"{\\\"c\\\":\",\"hash\":\"00\",\"seq\":2,\"session\":1,\"store_seq\":3,"
    "\"time\":1700000000000002,\"type\":\"add\",\"version\":1}\n"
    "{\"hash\":\"00\",\"payload\":{\"c\":\"b\"},\"seq\":3,\"session\":2,\"store_seq\":2,"
    "\"time\":1700000000000003,\"type\":\"add\",\"version\":1}\n";
  g_autofree char *other = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *broken = NULL;

  fixture_setup (&f);
  assert_true (import (&f, jsonl, &error));
  assert_null (error);
  /* The damaged event is shown skipped, with its text as the payload. */
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 4);
  assert_true (rdx_history_entry_get_skipped (rdx_history_get_entry (f.history, 2)));
  assert_string_equal (
    rdx_value_get_string (rdx_history_entry_get_payload (rdx_history_get_entry (f.history, 2))),
    "{\"c\":");
  assert_string_equal (state_letters (rdx_store_get_state (f.store)), "ab");
  assert_int_equal (rdx_history_entry_get_sequence (rdx_history_get_entry (f.history, 3)), 3);
  assert_int_equal (rdx_history_entry_get_time (rdx_history_get_entry (f.history, 3)),
                    G_GINT64_CONSTANT (1700000000000003));

  other = g_strdup ("{\"app_id\":\"org.other.App\",\"format\":\"rdx-journal\",\"schema\":1}\n");
  assert_false (import (&f, other, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_WRONG_APP);
  g_clear_error (&error);

  newer = g_strdup ("{\"app_id\":\"" APP_ID "\",\"format\":\"rdx-journal\",\"schema\":9}\n");
  assert_false (import (&f, newer, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NEWER_VERSION);
  g_clear_error (&error);

  broken = g_strdup_printf ("%s{\"type\":\n", jsonl);
  assert_false (import (&f, broken, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID);
  assert_non_null (strstr (error->message, "line 5 of the journal export"));
  g_clear_error (&error);

  assert_false (rdx_history_import (f.history, "{\"payload\":\"[]\"}", -1,
                                    RDX_HISTORY_FORMAT_JOURNAL, 0, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 4);
  fixture_teardown (&f);
}

static void
test_import_journal_file (void **state)
{
  g_autofree char *dir = g_dir_make_tmp ("rdx-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bank.journal", NULL);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (letters_reduce, NULL, NULL);
  g_autoptr (GError) error = NULL;
  Fixture f;

  assert_non_null (dir);
  {
    g_autoptr (RdxJournalOptions) options = rdx_journal_options_new (APP_ID, reducer);
    g_autoptr (RdxJournal) journal = rdx_journal_open (path, options, &error);
    g_autoptr (RdxStore) store = NULL;

    assert_null (error);
    store = rdx_journal_new_store (journal, NULL, 0);
    rdx_store_dispatch_take (
      store, rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("a"), NULL)),
      NULL);
    rdx_store_dispatch_take (store, rdx_action_new ("fail", NULL), NULL);
    rdx_store_dispatch_take (store, rdx_action_new ("impure", NULL), NULL);
    rdx_store_dispatch_take (
      store, rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("b"), NULL)),
      NULL);
    g_clear_object (&store);
    assert_true (rdx_journal_close (journal, &error));
  }

  fixture_setup (&f);
  assert_true (rdx_history_import_journal (f.history, path, 0, &error));
  assert_null (error);
  /* The refused action was never journaled. */
  assert_entries (&f, "^= a=a impure=a0 b=a0b @3");

  /* Checked against the state the journal recorded: an impure reducer
   * shows, and the history stays as it was. */
  impurity = 4;
  assert_false (rdx_history_import_journal (f.history, path, RDX_HISTORY_IMPORT_VERIFY, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED);
  assert_non_null (strstr (error->message, "/s: recorded \"a0b\", recomputed \"a4b\""));
  g_clear_error (&error);
  assert_entries (&f, "^= a=a impure=a0 b=a0b @3");
  fixture_teardown (&f);

  /* Another app's journal is refused by the journal itself. */
  fixture_setup_app (&f, "org.other.App");
  assert_false (rdx_history_import_journal (f.history, path, 0, &error));
  assert_non_null (error);
  g_clear_error (&error);
  assert_entries (&f, "^= @0");
  fixture_teardown (&f);

  /* A history without an app id cannot open a journal. */
  fixture_setup_app (&f, NULL);
  assert_false (rdx_history_import_journal (f.history, path, 0, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED);
  fixture_teardown (&f);

  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
}

static gboolean
is_ui_cb (RdxAction *action, gpointer user_data)
{
  return g_str_has_prefix (rdx_action_get_type_name (action), "ui.");
}

/* The options the letters app opens its journal with: "ui.*" actions are
 * transient, and change only the transient key "ui". */
static RdxJournalOptions *
app_journal_options (RdxReducer *reducer)
{
  RdxJournalOptions *options = rdx_journal_options_new (APP_ID, reducer);

  rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_SYNC);
  rdx_journal_options_set_transient_func (options, is_ui_cb, NULL, NULL);
  rdx_journal_options_add_transient_key (options, "ui");
  return options;
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (contents, length);
}

/* Review finding 8: the history opened a journal as the application does,
 * with none of its options: a journal with transient keys gave a false
 * divergence, and the open recorded a session that it then closed
 * cleanly, so the application's next open no longer saw that its last
 * session had crashed. The history opens journals read-only now. */
static void
test_import_journal_keeps_unclean_shutdown (void **state)
{
  g_autofree char *dir = g_dir_make_tmp ("rdx-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "letters.journal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (ui_letters_reduce, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) file_before = NULL;
  g_autoptr (GBytes) wal_before = NULL;
  g_autoptr (GBytes) file_after = NULL;
  g_autoptr (GBytes) wal_after = NULL;
  Fixture f;
  pid_t   child;
  int     status = 0;

  assert_non_null (dir);

  /* The app journals a few actions, one transient, and dies without
   * closing the journal. */
  child = fork ();
  assert_true (child >= 0);
  if (child == 0)
    {
      RdxJournalOptions *options = app_journal_options (reducer);
      RdxJournal        *journal = rdx_journal_open (path, options, NULL);
      RdxStore          *store;

      if (journal == NULL)
        _exit (3);
      store = rdx_journal_new_store (journal, NULL, 0);
      dispatch_in (store, "add", "a");
      dispatch_in (store, "ui.select", "x");
      dispatch_in (store, "add", "b");
      /* A crash: no cleanup at all (nor a leak report under valgrind). */
      kill (getpid (), SIGKILL);
      _exit (4);
    }
  assert_int_equal (waitpid (child, &status, 0), child);
  assert_true (WIFSIGNALED (status));
  assert_int_equal (WTERMSIG (status), SIGKILL);

  file_before = read_bytes (path);
  wal_before = read_bytes (wal);

  /* The import replays it as the app does (its transient keys come from
   * the journal), so the check finds no divergence. */
  fixture_setup_reducer (&f, APP_ID, reducer);
  if (!rdx_history_import_journal (f.history, path, RDX_HISTORY_IMPORT_VERIFY, &error))
    fail_msg ("%s", error->message);
  assert_entries (&f, "^= a=a b=ab @2");
  fixture_teardown (&f);

  /* Nothing was written to the journal... */
  file_after = read_bytes (path);
  wal_after = read_bytes (wal);
  assert_true (g_bytes_equal (file_before, file_after));
  assert_true (g_bytes_equal (wal_before, wal_after));

  /* ...so the app's next open still learns that its last session crashed. */
  {
    g_autoptr (RdxJournalOptions) options = app_journal_options (reducer);
    g_autoptr (RdxJournal) journal = rdx_journal_open (path, options, &error);
    const RdxJournalProblem *problems;
    guint                    n_problems = 0;
    gboolean                 unclean = FALSE;

    assert_non_null (journal);
    problems = rdx_journal_get_problems (journal, &n_problems);
    for (guint i = 0; i < n_problems; i++)
      if (problems[i].kind == RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN)
        unclean = TRUE;
    assert_true (unclean);
    assert_true (rdx_journal_close (journal, &error));
  }

  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    IO_TEST (test_export_rdx_shape),
    IO_TEST (test_round_trip_rdx),
    IO_TEST (test_round_trip_rdx_large),
    IO_TEST (test_import_any_app_without_app_id),
    IO_TEST (test_export_redux_shape),
    IO_TEST (test_round_trip_redux),
    IO_TEST (test_round_trip_redux_shapes),
    IO_TEST (test_import_redux_array),
    IO_TEST (test_import_redux_lifted),
    IO_TEST (test_malformed_imports),
    IO_TEST (test_malformed_bytes_and_depth),
    IO_TEST (test_import_while_paused),
    IO_TEST (test_import_not_attached),
    IO_TEST (test_export_what_the_reducer_saw),
    IO_TEST (test_import_verify_finds_divergence),
    IO_TEST (test_import_verify_errors),
    IO_TEST (test_import_journal_jsonl),
    IO_TEST (test_import_journal_file),
    IO_TEST (test_import_journal_keeps_unclean_shutdown),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

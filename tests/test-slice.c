/* test-slice.c: slices, their schemas, listing and creating actions, and
 * the development checks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

/* An account slice: {"balance": n}. Counts its case calls. */

static guint     case_calls;
static RdxValue *last_payload;

static RdxValue *
deposit (RdxValue *state, RdxValue *payload, GError **error)
{
  gint64 balance = rdx_map_get_int (state, "balance", 0);
  gint64 amount = rdx_map_get_int (payload, "amount", 0);

  case_calls++;
  last_payload = payload;
  if (balance > G_MAXINT64 - amount)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The balance would overflow");
      return NULL;
    }
  return rdx_map_set_take (state, "balance", rdx_value_new_int (balance + amount));
}

static RdxValue *
reset (RdxValue *state, RdxValue *payload, GError **error)
{
  case_calls++;
  return rdx_map_set_take (state, "balance", rdx_value_new_int (0));
}

static RdxValue *
rebuild (RdxValue *state, RdxValue *payload, GError **error)
{
  g_autofree char *text = rdx_value_to_json (state);

  case_calls++;
  return rdx_value_from_json (text, -1, error); /* equal, but a new value */
}

static const RdxSliceCase account_cases[] = {
  { "accounts.deposit", "{amount: int > 0}", deposit },
  { "accounts.reset", NULL, reset },
  { "accounts.rebuild", NULL, rebuild },
};

static RdxReducer *
account_slice_new (void)
{
  g_autoptr (RdxValue) initial = rdx_map_new_take ("balance", rdx_value_new_int (0), NULL);

  return rdx_slice_new ("accounts", initial, account_cases, G_N_ELEMENTS (account_cases));
}

static RdxValue *
payload (const char *json)
{
  return rdx_value_from_json (json, -1, NULL);
}

/* A second slice, for combining. */
static RdxValue *
set_filter (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_value_ref (payload);
}

static const RdxSliceCase filter_cases[] = {
  { "filter.set", "'all' | 'active' | 'done'", set_filter },
  { "accounts.reset", NULL, set_filter }, /* another slice's type: also handled here */
  { NULL },
};

static RdxReducer *
filter_slice_new (void)
{
  g_autoptr (RdxValue) initial = rdx_value_new_string ("all");

  return rdx_slice_new ("filter", initial, filter_cases, -1);
}

static void
count_cb (RdxStore *store, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_cases_run (void **state)
{
  g_autoptr (RdxReducer) slice = account_slice_new ();
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  g_autoptr (RdxValue) amount = payload ("{\"amount\":250}");
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxAction) action = NULL;
  g_autofree char *type = g_strconcat ("accounts.", "deposit", NULL);

  assert_int_equal (rdx_map_get_int (rdx_store_get_state (store), "balance", -1), 0);

  /* A type built at run time finds its case too: lookups go by the
   * interned string. */
  case_calls = 0;
  action = rdx_action_new (type, amount);
  assert_true (rdx_store_dispatch (store, action, &error));
  assert_null (error);
  assert_int_equal (case_calls, 1);
  assert_ptr_equal (last_payload, amount); /* the payload itself, no copy */
  assert_int_equal (rdx_map_get_int (rdx_store_get_state (store), "balance", -1), 250);

  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("accounts.reset", NULL), &error));
  assert_int_equal (rdx_map_get_int (rdx_store_get_state (store), "balance", -1), 0);
  rdx_test_finalize (&store);
}

/* Redux's rule: a type the slice does not own leaves its state alone, and
 * before it has a state it gives its initial state. */
static void
test_unknown_types (void **state)
{
  g_autoptr (RdxReducer) slice = account_slice_new ();
  g_autoptr (RdxAction) other = rdx_action_new ("something.else", NULL);
  g_autoptr (RdxAction) deposit_action = NULL;
  g_autoptr (RdxValue) initial = NULL;
  g_autoptr (RdxValue) again = NULL;
  g_autoptr (RdxValue) first = NULL;
  g_autoptr (RdxValue) amount = payload ("{\"amount\":5}");
  RdxTestLog log;

  /* Run directly, the slice is the outermost reducer: the type is
   * reported as one no slice handles. */
  rdx_test_log_begin (&log);
  initial = rdx_reducer_reduce (slice, NULL, other, NULL);
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "\"something.else\""));
  rdx_test_log_end (&log);
  assert_non_null (initial);
  assert_int_equal (rdx_map_get_int (initial, "balance", -1), 0);
  again = rdx_reducer_reduce (slice, initial, other, NULL);
  assert_ptr_equal (again, initial);

  /* An owned action with no state yet runs on the initial state. */
  deposit_action = rdx_action_new ("accounts.deposit", amount);
  first = rdx_reducer_reduce (slice, NULL, deposit_action, NULL);
  assert_int_equal (rdx_map_get_int (first, "balance", -1), 5);
  assert_int_equal (rdx_map_get_int (initial, "balance", -1), 0);
}

/* The example: a string where an integer belongs is refused with
 * a clear error, before the case runs, and the state is untouched. */
static void
test_wrong_kind_refused (void **state)
{
  g_autoptr (RdxReducer) slice = account_slice_new ();
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) before = NULL;
  g_autoptr (RdxValue) bad = payload ("{\"amount\":\"12.5\"}");
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  guint            notified = 0;

  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.deposit", payload ("{\"amount\":7}")), NULL));
  before = rdx_store_dup_state (store);
  before_json = rdx_value_to_json (before);
  rdx_store_subscribe (store, count_cb, &notified, NULL);
  case_calls = 0;

  assert_false (rdx_store_dispatch_take (store, rdx_action_new ("accounts.deposit", bad), &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_KIND);
  assert_string_equal (error->message,
                       "accounts.deposit: /amount must be an integer greater than 0, got \"12.5\"");
  assert_int_equal (case_calls, 0);
  assert_int_equal (notified, 0);
  assert_ptr_equal (rdx_store_get_state (store), before);
  after_json = rdx_value_to_json (rdx_store_get_state (store));
  assert_string_equal (after_json, before_json);

  /* A missing field, a field too many, a payload where none belongs. */
  g_clear_error (&error);
  assert_false (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.deposit", rdx_map_new ()), &error));
  assert_string_equal (
    error->message, "accounts.deposit: /amount is missing; it must be an integer greater than 0");
  g_clear_error (&error);
  assert_false (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.deposit", payload ("{\"amount\":1,\"memo\":\"x\"}")),
    &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_UNKNOWN_FIELD);
  assert_string_equal (error->message, "accounts.deposit: /memo is not a field of the payload "
                                       "(its field is \"amount\")");
  g_clear_error (&error);
  assert_false (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.reset", rdx_value_new_int (5)), &error));
  assert_string_equal (error->message, "accounts.reset: the payload must be null, got 5");
  assert_int_equal (case_calls, 0);
  assert_ptr_equal (rdx_store_get_state (store), before);

  /* The store goes on. */
  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.deposit", payload ("{\"amount\":1}")), NULL));
  assert_int_equal (rdx_map_get_int (rdx_store_get_state (store), "balance", -1), 8);
  rdx_test_finalize (&store);
}

/* A case may refuse too; its error passes as it is. */
static void
test_case_refuses (void **state)
{
  g_autoptr (RdxReducer) slice = account_slice_new ();
  g_autoptr (RdxValue) big = rdx_map_new_take ("balance", rdx_value_new_int (G_MAXINT64), NULL);
  g_autoptr (RdxStore) store = rdx_store_new (slice, big);
  g_autoptr (GError) error = NULL;

  assert_false (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.deposit", payload ("{\"amount\":1}")), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  assert_string_equal (error->message, "The balance would overflow");
  assert_ptr_equal (rdx_store_get_state (store), big);
  rdx_test_finalize (&store);
}

static void
test_combined (void **state)
{
  g_autoptr (RdxReducer) accounts = account_slice_new ();
  g_autoptr (RdxReducer) filter = filter_slice_new ();
  g_autoptr (RdxReducer) root = rdx_combine_slices (accounts, filter, NULL);
  g_autoptr (RdxStore) store = rdx_store_new (root, NULL);
  g_autoptr (GPtrArray) infos = rdx_reducer_list_actions (root);
  g_autoptr (GError) error = NULL;
  g_autofree char         *json = NULL;
  static const char *const expected[][3] = {
    { "accounts.deposit", "{amount: int > 0}", "accounts" },
    { "accounts.reset", "null", "accounts" },
    { "accounts.rebuild", "null", "accounts" },
    { "filter.set", "'all' | 'active' | 'done'", "filter" },
    { "accounts.reset", "null", "filter" },
  };
  guint i;

  json = rdx_value_to_json (rdx_store_get_state (store));
  assert_string_equal (json, "{\"accounts\":{\"balance\":0},\"filter\":\"all\"}");
  assert_string_equal (rdx_slice_get_name (accounts), "accounts");
  assert_null (rdx_slice_get_name (root));

  assert_int_equal (infos->len, G_N_ELEMENTS (expected));
  for (i = 0; i < infos->len; i++)
    {
      const RdxActionInfo *info = infos->pdata[i];
      g_autofree char     *text = rdx_schema_to_string (info->schema);

      assert_string_equal (info->type, expected[i][0]);
      assert_string_equal (text, expected[i][1]);
      assert_string_equal (info->slice, expected[i][2]);
    }
  assert_ptr_equal (rdx_reducer_find_action (root, "filter.set"), infos->pdata[3]);
  assert_ptr_equal (rdx_reducer_find_action (root, "accounts.reset"), infos->pdata[1]);
  assert_null (rdx_reducer_find_action (root, "filter.sett"));

  /* A type two slices handle runs in both. */
  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.deposit", payload ("{\"amount\":3}")), NULL));
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("accounts.reset", NULL), NULL));
  g_free (json);
  json = rdx_value_to_json (rdx_store_get_state (store));
  assert_string_equal (json, "{\"accounts\":{\"balance\":0},\"filter\":null}");

  /* A refusal through the combination names the key too. */
  assert_false (rdx_store_dispatch_take (
    store, rdx_action_new_take ("filter.set", rdx_value_new_string ("finished")), &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_NOT_ALLOWED);
  assert_string_equal (error->message,
                       "The slice reducer for key \"filter\" failed on action \"filter.set\": "
                       "filter.set: the payload must be one of \"all\", \"active\" or \"done\", "
                       "got \"finished\"");
  rdx_test_finalize (&store);
}

static RdxValue *
plain_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  return state != NULL ? rdx_value_ref (state) : rdx_value_new_int (0);
}

static void
test_list_actions_of_plain_reducers (void **state)
{
  g_autoptr (RdxReducer) plain = rdx_reducer_new (plain_reduce, NULL, NULL);
  g_autoptr (RdxReducer) filter = filter_slice_new ();
  g_autoptr (RdxReducer) mixed = rdx_combine_reducers ("plain", plain, "f", filter, NULL);
  g_autoptr (RdxReducer) nested = rdx_combine_reducers ("inner", mixed, NULL);
  g_autoptr (GPtrArray) none = rdx_reducer_list_actions (plain);
  g_autoptr (GPtrArray) some = rdx_reducer_list_actions (nested);

  assert_int_equal (none->len, 0);
  assert_int_equal (some->len, 2);
  assert_string_equal (((const RdxActionInfo *) some->pdata[0])->type, "filter.set");
  assert_string_equal (((const RdxActionInfo *) some->pdata[0])->slice, "filter");
}

static void
test_create_action (void **state)
{
  g_autoptr (RdxReducer) accounts = account_slice_new ();
  g_autoptr (RdxReducer) filter = filter_slice_new ();
  g_autoptr (RdxReducer) root = rdx_combine_slices (accounts, filter, NULL);
  g_autoptr (RdxValue) good = payload ("{\"amount\":3}");
  g_autoptr (RdxValue) bad = payload ("{\"amount\":0}");
  g_autoptr (RdxAction) action = NULL;
  g_autoptr (GError) error = NULL;

  action = rdx_reducer_create_action (root, "accounts.deposit", good, &error);
  assert_non_null (action);
  assert_null (error);
  assert_string_equal (rdx_action_get_type_name (action), "accounts.deposit");
  assert_ptr_equal (rdx_action_get_payload (action), good);
  g_clear_pointer (&action, rdx_action_unref);

  action = rdx_reducer_create_action (root, "accounts.deposit", bad, &error);
  assert_null (action);
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_RANGE);
  assert_string_equal (error->message,
                       "accounts.deposit: /amount must be an integer greater than 0, got 0");
  g_clear_error (&error);

  /* No payload where none is declared: fine; a payload there: refused. */
  action = rdx_reducer_create_action (root, "accounts.reset", NULL, &error);
  assert_non_null (action);
  g_clear_pointer (&action, rdx_action_unref);
  action = rdx_reducer_create_action (root, "accounts.reset", good, &error);
  assert_null (action);
  assert_string_equal (error->message, "accounts.reset: the payload must be null, got a map");
  g_clear_error (&error);

  action = rdx_reducer_create_action (root, "accounts.deposti", good, &error);
  assert_null (action);
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_UNKNOWN_TYPE);
  assert_string_equal (error->message,
                       "No slice declares the action type \"accounts.deposti\"; "
                       "rdx_reducer_list_actions() lists the 5 this reducer declares.");
}

/* Development checks: an action type no slice handles is reported once per
 * type; private types and reducers that cannot tell are not. */
static void
test_dev_check_unhandled (void **state)
{
  g_autoptr (RdxReducer) accounts = account_slice_new ();
  g_autoptr (RdxReducer) filter = filter_slice_new ();
  g_autoptr (RdxReducer) root = rdx_combine_slices (accounts, filter, NULL);
  g_autoptr (RdxReducer) plain = rdx_reducer_new (plain_reduce, NULL, NULL);
  g_autoptr (RdxReducer) mixed = rdx_combine_reducers ("a", accounts, "p", plain, NULL);
  g_autoptr (RdxStore) store = rdx_store_new (root, NULL);
  g_autoptr (RdxStore) mixed_store = rdx_store_new (mixed, NULL);
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("accounts.deposti", NULL), NULL));
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "No slice handles the action type \"accounts.deposti\", "
                                          "so it changed nothing."));
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("accounts.deposti", NULL), NULL));
  assert_int_equal (log.n_warnings, 1); /* once per type */
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("filter.sett", NULL), NULL));
  assert_int_equal (log.n_warnings, 2);

  /* Handled ones are not reported, nor is rdx's own REPLACE. */
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("accounts.reset", NULL), NULL));
  assert_true (rdx_store_replace_reducer (store, root, NULL));
  /* A reducer function could handle anything: no report. */
  assert_true (rdx_store_dispatch_take (mixed_store, rdx_action_new ("anything.else", NULL), NULL));
  assert_int_equal (log.n_warnings, 2);
  assert_int_equal (log.n_criticals, 0);
  rdx_test_log_end (&log);
  rdx_test_finalize (&store);
  rdx_test_finalize (&mixed_store);
}

/* A reducer inside a reducer function is not the outermost run: the
 * function might handle the type itself. */
typedef struct
{
  RdxReducer *inner;
} Wrapper;

static RdxValue *
wrapper_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  Wrapper *wrapper = user_data;

  return rdx_reducer_reduce (wrapper->inner, state, action, error);
}

static void
test_dev_check_outermost_only (void **state)
{
  g_autoptr (RdxReducer) accounts = account_slice_new ();
  Wrapper wrapper = { accounts };
  g_autoptr (RdxReducer) outer = rdx_reducer_new (wrapper_reduce, &wrapper, NULL);
  g_autoptr (RdxStore) store = rdx_store_new (outer, NULL);
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("wrapper.own", NULL), NULL));
  assert_int_equal (log.n_warnings, 0);
  rdx_test_log_end (&log);
  rdx_test_finalize (&store);
}

/* A case that rebuilds an equal state under a new pointer is reported. */
static void
test_dev_check_equal_state (void **state)
{
  g_autoptr (RdxReducer) slice = account_slice_new ();
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("accounts.rebuild", NULL), NULL));
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str,
                           "The case for \"accounts.rebuild\" in the slice \"accounts\" returned "
                           "a new state equal to the one it was given."));
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("accounts.rebuild", NULL), NULL));
  assert_int_equal (log.n_warnings, 1);
  /* A real change is not reported. */
  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("accounts.deposit", payload ("{\"amount\":2}")), NULL));
  assert_int_equal (log.n_warnings, 1);
  rdx_test_log_end (&log);
  rdx_test_finalize (&store);
}

static RdxValue *
noop (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_value_ref (state);
}

/* Cases on a part of the state, and cases whose payload is the value. */

static RdxValue *
append_payload (RdxValue *list, RdxValue *payload, GError **error)
{
  return rdx_list_append (list, payload);
}

static RdxValue *
keep_part (RdxValue *part, RdxValue *payload, GError **error)
{
  return rdx_value_ref (part);
}

static const RdxSliceCase part_cases[] = {
  { "parts.push", "int", append_payload, "/log" },
  { "parts.title", "string", NULL, "/meta/title" },
  { "parts.replace", "{log: [int], meta: {...}}", NULL },
  { "parts.keep", NULL, keep_part, "/meta" },
  { "parts.missing", NULL, keep_part, "/nothing/here" },
};

static void
test_cases_on_parts (void **state)
{
  g_autoptr (RdxValue) initial = rdx_value_from_json (
    "{\"log\":[],\"meta\":{\"title\":\"\",\"n\":1},\"other\":{\"x\":1}}", -1, NULL);
  g_autoptr (RdxReducer) slice =
    rdx_slice_new ("parts", initial, part_cases, G_N_ELEMENTS (part_cases));
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  RdxValue        *before;

  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("parts.push", rdx_value_new_int (4)), NULL));
  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("parts.title", rdx_value_new_string ("Shopping")), NULL));
  json = rdx_value_to_json (rdx_store_get_state (store));
  assert_string_equal (json, "{\"log\":[4],\"meta\":{\"n\":1,\"title\":\"Shopping\"},"
                             "\"other\":{\"x\":1}}");
  /* The rest of the state is shared. */
  assert_ptr_equal (rdx_map_get (rdx_store_get_state (store), "other"),
                    rdx_map_get (initial, "other"));

  /* A case that gives its part back leaves the whole state as it was. */
  before = rdx_store_get_state (store);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("parts.keep", NULL), NULL));
  assert_ptr_equal (rdx_store_get_state (store), before);

  /* Without a path, the payload is the whole new state. */
  assert_true (rdx_store_dispatch_take (
    store,
    rdx_action_new_take ("parts.replace",
                         rdx_value_from_json ("{\"log\":[1],\"meta\":{}}", -1, NULL)),
    NULL));
  g_free (json);
  json = rdx_value_to_json (rdx_store_get_state (store));
  assert_string_equal (json, "{\"log\":[1],\"meta\":{}}");

  /* A part that is not there is an error naming it. */
  assert_false (rdx_store_dispatch_take (store, rdx_action_new ("parts.missing", NULL), &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_MISSING);
  assert_string_equal (error->message,
                       "parts.missing: the state of the slice \"parts\" has nothing at "
                       "/nothing/here, where the case works. Give the slice's initial state a "
                       "value there.");
  rdx_test_finalize (&store);
}

/* Mistakes in a table are programming errors: a critical naming them, and
 * no slice. */
static void
check_bad_table (const RdxSliceCase *cases, gssize n, const char *message)
{
  g_autoptr (RdxValue) initial = rdx_value_new_null ();
  RdxTestLog log;

  rdx_test_log_begin (&log);
  assert_null (rdx_slice_new ("bad", initial, cases, n));
  assert_int_equal (log.n_criticals, 1);
  if (strstr (log.text->str, message) == NULL)
    print_message ("expected: %s\n     got: %s\n", message, log.text->str);
  assert_non_null (strstr (log.text->str, message));
  rdx_test_log_end (&log);
}

static void
test_bad_tables (void **state)
{
  static const RdxSliceCase bad_schema[] = { { "a.b", "{x: strng}", noop } };
  static const RdxSliceCase twice[] = { { "a.b", NULL, noop }, { "a.b", "int", noop } };
  static const RdxSliceCase private_type[] = { { "@@rdx/INIT", NULL, noop } };
  static const RdxSliceCase bad_path[] = { { "a.b", NULL, noop, "items" } };
  static const RdxSliceCase root_path[] = { { "a.b", NULL, noop, "" } };
  g_autoptr (RdxReducer) plain = rdx_reducer_new (plain_reduce, NULL, NULL);
  RdxTestLog log;

  check_bad_table (bad_schema, 1,
                   "The schema of \"a.b\" in the slice \"bad\" is wrong: The schema \"{x: strng}\" "
                   "is malformed at character 5: \"strng\" is not a type");
  check_bad_table (twice, 2, "The slice \"bad\" has two cases for \"a.b\".");
  check_bad_table (private_type, 1,
                   "The slice \"bad\" has a case for \"@@rdx/INIT\", but types starting with "
                   "\"@@rdx/\" belong to rdx.");
  check_bad_table (bad_path, 1,
                   "The case for \"a.b\" in the slice \"bad\" has the path \"items\", which is "
                   "not a JSON Pointer to a part of the state (such as \"/items\").");
  check_bad_table (root_path, 1, "has the path \"\", which is not a JSON Pointer to a part");

  rdx_test_log_begin (&log);
  assert_null (rdx_combine_slices (plain, NULL));
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "rdx_combine_slices() takes slices"));
  rdx_test_log_end (&log);
}

/* A slice with no cases is a reducer that keeps its initial state. */
static void
test_empty_slice (void **state)
{
  g_autoptr (RdxValue) initial = rdx_value_new_string ("fixed");
  g_autoptr (RdxReducer) slice = rdx_slice_new ("fixed", initial, NULL, 0);
  g_autoptr (RdxStore) store = rdx_store_new (slice, NULL);
  g_autoptr (GPtrArray) infos = rdx_reducer_list_actions (slice);

  assert_ptr_equal (rdx_store_get_state (store), initial);
  assert_int_equal (infos->len, 0);
  rdx_test_finalize (&store);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_cases_run),
    rdx_test_leak_checked (test_unknown_types),
    rdx_test_leak_checked (test_wrong_kind_refused),
    rdx_test_leak_checked (test_case_refuses),
    rdx_test_leak_checked (test_cases_on_parts),
    rdx_test_leak_checked (test_combined),
    rdx_test_leak_checked (test_list_actions_of_plain_reducers),
    rdx_test_leak_checked (test_create_action),
    rdx_test_leak_checked (test_dev_check_unhandled),
    rdx_test_leak_checked (test_dev_check_outermost_only),
    rdx_test_leak_checked (test_dev_check_equal_state),
    rdx_test_leak_checked (test_bad_tables),
    rdx_test_leak_checked (test_empty_slice),
  };

  /* The development checks are under test here, whatever the build. */
  g_setenv ("RDX_DEV_CHECKS", "1", TRUE);
  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("slice", tests, NULL, NULL);
}

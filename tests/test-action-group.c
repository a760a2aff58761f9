/* test-action-group.c: RdxActionGroup, actions that dispatch
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

/* The reducer records every action it sees in /seen as "type payload". */

static RdxValue *
bank_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue        *payload = rdx_action_get_payload (action);
  g_autofree char *json = NULL;
  g_autoptr (RdxValue) seen = NULL;
  g_autoptr (RdxValue) next = NULL;

  if (state == NULL)
    return rdx_value_from_json ("{\"count\":0,\"idle\":false,\"seen\":[]}", -1, NULL);
  if (rdx_action_is_private (action))
    return rdx_value_ref (state);

  if (rdx_action_is (action, "counter.add") && rdx_value_get_int (payload) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot add %" G_GINT64_FORMAT,
                   rdx_value_get_int (payload));
      return NULL;
    }

  json = rdx_value_to_json (payload);
  seen =
    rdx_list_append_take (rdx_map_get (state, "seen"),
                          rdx_value_new_printf ("%s %s", rdx_action_get_type_name (action), json));
  next = rdx_map_set (state, "seen", seen);

  if (rdx_action_is (action, "counter.add"))
    return rdx_map_set_take (next, "count",
                             rdx_value_new_int (rdx_value_get_int (rdx_map_get (state, "count")) +
                                                rdx_value_get_int (payload)));
  if (rdx_action_is (action, "idle.set"))
    return rdx_map_set (next, "idle", payload);
  return g_steal_pointer (&next);
}

static RdxStore *
make_store (void)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);

  return rdx_store_new (reducer, NULL);
}

static guint
n_seen (RdxStore *store)
{
  return rdx_list_length (rdx_map_get (rdx_store_get_state (store), "seen"));
}

static const char *
last_seen (RdxStore *store)
{
  RdxValue *seen = rdx_map_get (rdx_store_get_state (store), "seen");

  return rdx_value_get_string (rdx_list_get (seen, rdx_list_length (seen) - 1));
}

static const RdxActionEntry entries[] = {
  { .type = "counter.add", .parameter_type = "x" },
  { .type = "counter.reset" },
  { .type = "transfer.requested", .parameter_type = "a{sv}", .enabled_path = "/idle" },
  { .type = "idle.set", .parameter_type = "b" },
};

#define VALUE_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

typedef struct
{
  RdxStore       *store;
  RdxActionGroup *group;
  gpointer        weak_store;
  gpointer        weak_group;
} Fixture;

static void
fixture_init (Fixture *f)
{
  f->store = make_store ();
  f->group = rdx_store_create_action_group (f->store, entries, G_N_ELEMENTS (entries));
  f->weak_store = f->store;
  f->weak_group = f->group;
  g_object_add_weak_pointer (G_OBJECT (f->store), &f->weak_store);
  g_object_add_weak_pointer (G_OBJECT (f->group), &f->weak_group);
}

static void
fixture_finish (Fixture *f)
{
  g_clear_object (&f->group);
  rdx_assert_finalized (f->weak_group);
  g_clear_object (&f->store);
  rdx_assert_finalized (f->weak_store);
}

static void
test_actions_are_listed (void **state)
{
  g_auto (GStrv) names = NULL;
  const GVariantType *parameter_type = NULL;
  gboolean            enabled = TRUE;
  Fixture             f;

  fixture_init (&f);
  assert_ptr_equal (rdx_action_group_get_store (f.group), f.store);

  names = g_action_group_list_actions (G_ACTION_GROUP (f.group));
  assert_int_equal (g_strv_length (names), 4);
  assert_true (g_strv_contains ((const char *const *) names, "transfer.requested"));
  assert_true (g_action_group_has_action (G_ACTION_GROUP (f.group), "counter.reset"));
  assert_false (g_action_group_has_action (G_ACTION_GROUP (f.group), "counter"));

  assert_true (g_action_group_query_action (G_ACTION_GROUP (f.group), "counter.add", &enabled,
                                            &parameter_type, NULL, NULL, NULL));
  assert_true (enabled);
  assert_true (g_variant_type_equal (parameter_type, G_VARIANT_TYPE_INT64));
  assert_null (
    g_action_group_get_action_parameter_type (G_ACTION_GROUP (f.group), "counter.reset"));
  /* Each one is a GAction too. */
  assert_true (G_IS_ACTION (g_action_map_lookup_action (G_ACTION_MAP (f.group), "idle.set")));

  fixture_finish (&f);
}

static void
test_activation_dispatches (void **state)
{
  g_autoptr (GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE_VARDICT);
  Fixture f;

  fixture_init (&f);

  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.add", g_variant_new_int64 (5));
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_store_get_state (f.store), "count")), 5);
  assert_string_equal (last_seen (f.store), "counter.add 5");

  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.reset", NULL);
  assert_string_equal (last_seen (f.store), "counter.reset null");

  /* A dictionary parameter becomes a map payload. */
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "idle.set",
                                  g_variant_new_boolean (TRUE));
  g_variant_builder_add (builder, "{sv}", "from", g_variant_new_string ("acc-1"));
  g_variant_builder_add (builder, "{sv}", "cents", g_variant_new_int64 (1250));
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "transfer.requested",
                                  g_variant_builder_end (builder));
  assert_string_equal (last_seen (f.store),
                       "transfer.requested {\"cents\":1250,\"from\":\"acc-1\"}");

  /* Through the GAction itself, as a GtkApplication would. */
  g_action_activate (g_action_map_lookup_action (G_ACTION_MAP (f.group), "counter.add"),
                     g_variant_new_int64 (2));
  assert_string_equal (last_seen (f.store), "counter.add 2");
  assert_int_equal (n_seen (f.store), 5);

  fixture_finish (&f);
}

static void
test_wrong_parameter_is_refused (void **state)
{
  RdxTestLog log;
  Fixture    f;

  fixture_init (&f);
  rdx_test_log_begin (&log);

  /* The wrong type: a warning naming the expected type, no dispatch. */
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.add",
                                  g_variant_new_string ("5"));
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "counter.add"));
  assert_non_null (strstr (log.text->str, "\"x\""));
  assert_non_null (strstr (log.text->str, "\"s\""));
  assert_int_equal (n_seen (f.store), 0);

  /* None where one is expected, one where none is. */
  rdx_test_log_clear (&log);
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.add", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.reset",
                                  g_variant_new_int64 (1));
  assert_int_equal (log.n_warnings, 2);
  assert_non_null (strstr (log.text->str, "expects no parameter"));
  assert_int_equal (n_seen (f.store), 0);

  /* An unknown action does nothing. */
  rdx_test_log_clear (&log);
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.nope",
                                  g_variant_new_int64 (1));
  assert_int_equal (n_seen (f.store), 0);
  assert_int_equal (log.n_criticals, 0);

  rdx_test_log_end (&log);
  fixture_finish (&f);
}

/* Enabled selectors */

static void
enabled_changed_cb (GActionGroup *group, const char *name, gboolean enabled, GPtrArray *log)
{
  g_ptr_array_add (log, g_strdup_printf ("%s %s", name, enabled ? "on" : "off"));
}

static RdxValue *
under_limit_cb (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  return rdx_value_new_bool (rdx_value_get_int (inputs[0]) < 10);
}

static void
test_enabled_selector (void **state)
{
  g_autoptr (GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (RdxSelector) under_limit = NULL;
  g_autoptr (GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE_VARDICT);
  g_autoptr (GVariant) transfer = NULL;
  Fixture f;

  fixture_init (&f);
  g_signal_connect (f.group, "action-enabled-changed", G_CALLBACK (enabled_changed_cb), log);
  transfer = g_variant_ref_sink (g_variant_builder_end (builder));

  /* /idle is false: disabled, and activating does nothing. */
  assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f.group), "transfer.requested"));
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "transfer.requested", transfer);
  assert_int_equal (n_seen (f.store), 0);

  /* It flips with the state, once per flip. */
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "idle.set",
                                  g_variant_new_boolean (TRUE));
  assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f.group), "transfer.requested"));
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.add", g_variant_new_int64 (1));
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "idle.set",
                                  g_variant_new_boolean (TRUE));
  assert_int_equal (log->len, 1);
  assert_string_equal (log->pdata[0], "transfer.requested on");
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "transfer.requested", transfer);
  assert_string_equal (last_seen (f.store), "transfer.requested {}");

  g_action_group_activate_action (G_ACTION_GROUP (f.group), "idle.set",
                                  g_variant_new_boolean (FALSE));
  assert_int_equal (log->len, 2);
  assert_string_equal (log->pdata[1], "transfer.requested off");

  /* A computed selector, added later, replacing an action. */
  under_limit = rdx_selector_new_for_paths (under_limit_cb, NULL, NULL, "/count", NULL);
  assert_true (rdx_action_group_add (f.group, "counter.add", G_VARIANT_TYPE_INT64, under_limit));
  assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f.group), "counter.add"));
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.add",
                                  g_variant_new_int64 (20));
  assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f.group), "counter.add"));
  assert_string_equal (log->pdata[log->len - 1], "counter.add off");

  /* A removed action stops following the state. */
  g_ptr_array_set_size (log, 0);
  g_action_map_remove_action (G_ACTION_MAP (f.group), "transfer.requested");
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "idle.set",
                                  g_variant_new_boolean (TRUE));
  assert_int_equal (log->len, 0);

  g_signal_handlers_disconnect_by_data (f.group, log);
  fixture_finish (&f);
}

/* Refusals */

static void
dispatch_failed_cb (RdxActionGroup *group, RdxAction *action, GError *error, GString *log)
{
  g_string_append_printf (log, "%s: %s", rdx_action_get_type_name (action), error->message);
}

static void
test_refused_dispatch (void **state)
{
  g_autoptr (GString) failures = g_string_new (NULL);
  RdxTestLog log;
  gulong     handler;
  Fixture    f;

  fixture_init (&f);

  /* Without a handler: a warning. */
  rdx_test_log_begin (&log);
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.add",
                                  g_variant_new_int64 (-1));
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "cannot add -1"));
  rdx_test_log_end (&log);

  /* With one: the signal, no warning. */
  handler =
    g_signal_connect (f.group, "dispatch-failed", G_CALLBACK (dispatch_failed_cb), failures);
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "counter.add",
                                  g_variant_new_int64 (-2));
  assert_string_equal (failures->str, "counter.add: cannot add -2");
  assert_int_equal (n_seen (f.store), 0);
  g_signal_handler_disconnect (f.group, handler);

  /* A parameter with no value equivalent is refused too. */
  rdx_test_log_begin (&log);
  assert_true (rdx_action_group_add (f.group, "file.open", G_VARIANT_TYPE_HANDLE, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "file.open", g_variant_new_handle (3));
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "file.open"));
  assert_int_equal (n_seen (f.store), 0);
  rdx_test_log_end (&log);

  fixture_finish (&f);
}

static void
test_bad_entries (void **state)
{
  static const RdxActionEntry bad[] = {
    { .type = "ok.one" },
    { .type = "bad.type", .parameter_type = "not a type" },
    { .type = "bad.path", .enabled_path = "idle" },
    { .type = "bad name!" },
    { .type = NULL },
  };
  g_autoptr (RdxStore) store = make_store ();
  g_autoptr (RdxActionGroup) group = NULL;
  g_auto (GStrv) names = NULL;
  RdxTestLog log;

  rdx_test_log_begin (&log);
  group = rdx_store_create_action_group (store, bad, -1);
  assert_int_equal (log.n_criticals, 3);
  assert_non_null (strstr (log.text->str, "not a type"));
  rdx_test_log_end (&log);

  names = g_action_group_list_actions (G_ACTION_GROUP (group));
  assert_int_equal (g_strv_length (names), 1);
  assert_string_equal (names[0], "ok.one");

  /* No entries at all is fine. */
  g_clear_object (&group);
  group = rdx_store_create_action_group (store, NULL, 0);
  assert_true (RDX_IS_ACTION_GROUP (group));
}

/* Stateful actions: a radio choice and a toggle whose state is in the
 * store. */

static RdxValue *
view_set (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_map_set (state, "filter", payload);
}

static RdxValue *
view_compact (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_map_set (state, "compact", payload);
}

static const RdxSliceCase view_cases[] = {
  { "view.filter", "'all' | 'active' | 'done'", view_set },
  { "view.compact", "bool", view_compact },
};

static const RdxActionEntry view_entries[] = {
  { .type = "view.filter", .parameter_type = "s", .state_path = "/filter" },
  { .type = "view.compact", .state_path = "/compact" },
  { .type = "view.count", .parameter_type = "x", .state_path = "/missing" },
};

static void
count_state_changes_cb (GActionGroup *group, const char *name, GVariant *state, gpointer data)
{
  (*(guint *) data)++;
}

static void
keep_error_cb (RdxActionGroup *group, RdxAction *action, GError *error, gpointer data)
{
  g_free (*(char **) data);
  *(char **) data = g_strdup (error->message);
}

static const char *
filter_of (RdxStore *store)
{
  return rdx_map_get_string (rdx_store_get_state (store), "filter", NULL);
}

/* A store of the "view" slice, from @json. */
static RdxStore *
view_store_new (const char *json)
{
  g_autoptr (RdxValue) initial = rdx_test_value (json);
  g_autoptr (RdxReducer) slice =
    rdx_slice_new ("view", initial, view_cases, G_N_ELEMENTS (view_cases));

  return rdx_store_new (slice, NULL);
}

static void
test_stateful_radio (void **state)
{
  RdxStore       *store = view_store_new ("{\"filter\":\"all\",\"compact\":false}");
  RdxActionGroup *group =
    rdx_store_create_action_group (store, view_entries, G_N_ELEMENTS (view_entries));
  g_autoptr (GVariant) action_state = NULL;
  g_autofree char *refusal = NULL;
  guint            changes = 0;

  g_signal_connect (group, "action-state-changed", G_CALLBACK (count_state_changes_cb), &changes);
  g_signal_connect (group, "dispatch-failed", G_CALLBACK (keep_error_cb), &refusal);
  action_state = g_action_group_get_action_state (G_ACTION_GROUP (group), "view.filter");
  assert_string_equal (g_variant_get_string (action_state, NULL), "all");
  assert_true (g_variant_type_equal (
    g_action_group_get_action_parameter_type (G_ACTION_GROUP (group), "view.filter"),
    G_VARIANT_TYPE_STRING));

  /* A radio button activates with its target: the store changes, then the
   * state follows. */
  g_action_group_activate_action (G_ACTION_GROUP (group), "view.filter",
                                  g_variant_new_string ("done"));
  assert_string_equal (filter_of (store), "done");
  g_clear_pointer (&action_state, g_variant_unref);
  action_state = g_action_group_get_action_state (G_ACTION_GROUP (group), "view.filter");
  assert_string_equal (g_variant_get_string (action_state, NULL), "done");
  assert_int_equal (changes, 1);

  g_action_group_change_action_state (G_ACTION_GROUP (group), "view.filter",
                                      g_variant_new_string ("active"));
  assert_string_equal (filter_of (store), "active");
  assert_int_equal (changes, 2);

  /* Refused by the slice's schema: the state stays. */
  g_action_group_activate_action (G_ACTION_GROUP (group), "view.filter",
                                  g_variant_new_string ("finished"));
  assert_string_equal (refusal, "view.filter: the payload must be one of \"all\", \"active\" "
                                "or \"done\", got \"finished\"");
  assert_string_equal (filter_of (store), "active");
  assert_int_equal (changes, 2);
  g_clear_pointer (&action_state, g_variant_unref);
  action_state = g_action_group_get_action_state (G_ACTION_GROUP (group), "view.filter");
  assert_string_equal (g_variant_get_string (action_state, NULL), "active");

  /* A dispatch from anywhere else moves the state too. */
  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("view.filter", rdx_value_new_string ("all")), NULL));
  g_clear_pointer (&action_state, g_variant_unref);
  action_state = g_action_group_get_action_state (G_ACTION_GROUP (group), "view.filter");
  assert_string_equal (g_variant_get_string (action_state, NULL), "all");
  assert_int_equal (changes, 3);

  /* A missing path gives the type's empty value, quietly. */
  g_clear_pointer (&action_state, g_variant_unref);
  action_state = g_action_group_get_action_state (G_ACTION_GROUP (group), "view.count");
  assert_int_equal (g_variant_get_int64 (action_state), 0);

  g_object_unref (group);
  rdx_test_finalize (&store);
}

static gboolean
compact_of (RdxStore *store)
{
  return rdx_map_get_bool (rdx_store_get_state (store), "compact", FALSE);
}

static void
test_stateful_toggle (void **state)
{
  RdxStore       *store = view_store_new ("{\"filter\":\"all\",\"compact\":false}");
  RdxActionGroup *group =
    rdx_store_create_action_group (store, view_entries, G_N_ELEMENTS (view_entries));
  g_autoptr (GVariant) action_state = NULL;

  assert_null (g_action_group_get_action_parameter_type (G_ACTION_GROUP (group), "view.compact"));
  g_action_group_activate_action (G_ACTION_GROUP (group), "view.compact", NULL);
  assert_true (compact_of (store));
  action_state = g_action_group_get_action_state (G_ACTION_GROUP (group), "view.compact");
  assert_true (g_variant_get_boolean (action_state));
  g_action_group_activate_action (G_ACTION_GROUP (group), "view.compact", NULL);
  assert_false (compact_of (store));
  g_action_group_change_action_state (G_ACTION_GROUP (group), "view.compact",
                                      g_variant_new_boolean (TRUE));
  assert_true (compact_of (store));

  g_object_unref (group);
  rdx_test_finalize (&store);
}

static void
test_stateful_wrong_kind (void **state)
{
  RdxStore       *store = view_store_new ("{\"filter\":3,\"compact\":false}");
  RdxActionGroup *group = NULL;
  g_autoptr (RdxSelector) compact = rdx_selector_new_path ("/compact");
  g_autoptr (GVariant) action_state = NULL;
  RdxTestLog log;

  rdx_test_log_begin (&log);
  group = rdx_store_create_action_group (store, view_entries, 1);
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "The state of the action \"view.filter\" must be of "
                                          "type \"s\", but its selector selects a int"));
  action_state = g_action_group_get_action_state (G_ACTION_GROUP (group), "view.filter");
  assert_string_equal (g_variant_get_string (action_state, NULL), "");

  /* A state type with no value equivalent is a programming error. */
  assert_false (
    rdx_action_group_add_stateful (group, "view.compact", G_VARIANT_TYPE ("a{sv}"), compact, NULL));
  assert_int_equal (log.n_criticals, 1);
  rdx_test_log_end (&log);

  g_object_unref (group);
  rdx_test_finalize (&store);
}

int
main (void)
{
  /* clang-format off */
  const struct CMUnitTest tests[] = {
    VALUE_TEST (test_actions_are_listed),
    VALUE_TEST (test_activation_dispatches),
    VALUE_TEST (test_wrong_parameter_is_refused),
    VALUE_TEST (test_enabled_selector),
    VALUE_TEST (test_refused_dispatch),
    VALUE_TEST (test_bad_entries),
    VALUE_TEST (test_stateful_radio),
    VALUE_TEST (test_stateful_toggle),
    VALUE_TEST (test_stateful_wrong_kind),
  };
  /* clang-format on */

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

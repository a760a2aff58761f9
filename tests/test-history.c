/* test-history.c: RdxHistory recording and time travel
 *
 * The reducer here appends a letter to a string, so that order matters and
 * each entry reads as the letters applied so far. Entry lists are written
 * as words: "^=ab" is the base with state "ab", "c=abc" an entry whose
 * action added "c", "c!=ab" the same entry skipped, "x?=ab" a failed one,
 * and "P=abcd" the @@rdx/PAUSED entry.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx-devtools.h>

#include "rdx-history-private.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

static gint   live_baseline;
static guint  reducer_calls;
static gint64 impurity;        /* read by the impure reducer only */
static gulong slow_reducer_us; /* how long "slow" takes in the reducer */

static int
record_live_count (void **state)
{
  live_baseline = rdx_value_get_live_count_for_testing ();
  reducer_calls = 0;
  impurity = 0;
  slow_reducer_us = 0;
  return 0;
}

static int
check_live_count (void **state)
{
  assert_int_equal (rdx_value_get_live_count_for_testing (), live_baseline);
  assert_int_equal (rdx_history_entry_get_live_count_for_testing (), 0);
  return 0;
}

#define HISTORY_TEST(f) cmocka_unit_test_setup_teardown (f, record_live_count, check_live_count)

/* The reducer: {"s": "<letters>"}.
 *   "add" {"c": "x"} appends x; "a.x" appends "x" and "a.y" appends "y";
 *   "fail" is refused; "impure" appends the global `impurity` as a digit
 *   (only the replay check test uses it); "slow" sleeps `slow_reducer_us`
 *   and changes nothing. */
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
  if (rdx_action_is (action, "a.x") || rdx_action_is (action, "a.y"))
    {
      next = g_strconcat (s, rdx_action_get_type_name (action) + 2, NULL);
      return rdx_map_set_take (state, "s", rdx_value_new_string (next));
    }
  if (rdx_action_is (action, "fail"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "fail is always refused");
      return NULL;
    }
  if (rdx_action_is (action, "slow"))
    {
      g_usleep (slow_reducer_us);
      return rdx_value_ref (state);
    }
  if (rdx_action_is (action, "impure"))
    {
      next = g_strdup_printf ("%s%" G_GINT64_FORMAT, s, impurity);
      return rdx_map_set_take (state, "s", rdx_value_new_string (next));
    }
  return rdx_value_ref (state);
}

typedef struct
{
  RdxHistory *history;
  RdxStore   *store;
  gpointer    weak_history;
  gpointer    weak_store;
  GString    *changes;    /* items-changed, as "pos-removed+added " */
  GPtrArray  *mirror;     /* the entries as items-changed told them */
  GString    *violations; /* what the history did wrong while it told */
  guint       listener_calls;
} Fixture;

/* Keeps a copy of the model from its items-changed alone, as a GTK list
 * does, and notes where the history breaks the GListModel contract (the
 * model must have changed exactly so when it tells) or tells while its
 * cursor is out of range. Connected first, so it hears of each change
 * before a test's handler can make another. */
static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  guint n = g_list_model_get_n_items (model);

  g_string_append_printf (fixture->changes, "%u-%u+%u ", position, removed, added);
  if (position + removed > fixture->mirror->len || fixture->mirror->len - removed + added != n)
    {
      g_string_append_printf (fixture->violations,
                              "%u-%u+%u told of %u items, and the model has %u; ", position,
                              removed, added, fixture->mirror->len - removed + added, n);
      g_ptr_array_set_size (fixture->mirror, 0);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (fixture->mirror, g_list_model_get_item (model, i));
      return;
    }
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (model, position + i));
  if (rdx_history_get_cursor (RDX_HISTORY (model)) >= n)
    g_string_append_printf (fixture->violations, "%u-%u+%u with the cursor at %u of %u items; ",
                            position, removed, added, rdx_history_get_cursor (RDX_HISTORY (model)),
                            n);
}

/* The copy is the model, and the history never broke the contract. */
static void
assert_mirror (Fixture *fixture)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->history));

  assert_string_equal (fixture->violations->str, "");
  assert_int_equal (fixture->mirror->len, n);
  for (guint i = 0; i < n; i++)
    assert_ptr_equal (g_ptr_array_index (fixture->mirror, i),
                      rdx_history_get_entry (fixture->history, i));
}

static void
listener_cb (RdxStore *store, gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->listener_calls++;
}

static void
fixture_setup_with (Fixture *fixture, RdxMiddleware **extra, guint n_extra)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (letters_reduce, NULL, NULL);
  g_autoptr (GPtrArray) chain = g_ptr_array_new ();

  memset (fixture, 0, sizeof *fixture);
  fixture->history = rdx_history_new ("org.rdx.tests.Letters");
  g_ptr_array_add (chain, rdx_history_get_middleware (fixture->history));
  for (guint i = 0; i < n_extra; i++)
    g_ptr_array_add (chain, extra[i]);
  fixture->store = rdx_store_new_with_middlewarev (
    reducer, NULL, (RdxMiddleware *const *) chain->pdata, chain->len);
  fixture->changes = g_string_new (NULL);
  fixture->violations = g_string_new (NULL);
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (fixture->mirror, g_list_model_get_item (G_LIST_MODEL (fixture->history), 0));
  g_signal_connect (fixture->history, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  rdx_store_subscribe (fixture->store, listener_cb, fixture, NULL);
  fixture->weak_history = fixture->history;
  fixture->weak_store = fixture->store;
  g_object_add_weak_pointer (G_OBJECT (fixture->history), &fixture->weak_history);
  g_object_add_weak_pointer (G_OBJECT (fixture->store), &fixture->weak_store);
  reducer_calls = 0;
}

static void
fixture_setup (Fixture *fixture)
{
  fixture_setup_with (fixture, NULL, 0);
}

static void
fixture_teardown (Fixture *fixture)
{
  assert_mirror (fixture);
  g_clear_pointer (&fixture->mirror, g_ptr_array_unref);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->history);
  rdx_assert_finalized (fixture->weak_store);
  rdx_assert_finalized (fixture->weak_history);
  g_string_free (fixture->changes, TRUE);
  g_string_free (fixture->violations, TRUE);
}

static gboolean
add (Fixture *fixture, const char *c)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = rdx_store_dispatch_take (
    fixture->store,
    rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string (c), NULL)), &error);

  assert_null (error);
  return ok;
}

static void
add_all (Fixture *fixture, const char *letters)
{
  for (const char *c = letters; *c != '\0'; c++)
    {
      char one[2] = { *c, '\0' };

      assert_true (add (fixture, one));
    }
}

static const char *
state_letters (RdxValue *state)
{
  return rdx_value_get_string (rdx_map_get (state, "s"));
}

static const char *
shown (Fixture *fixture)
{
  return state_letters (rdx_store_get_state (fixture->store));
}

/* The entry list as words (see the top of the file). */
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
      else if (strcmp (type, RDX_HISTORY_ACTION_PAUSED) == 0)
        g_string_append_c (out, 'P');
      else
        g_string_append (out, type);
      if (rdx_history_entry_get_skipped (entry))
        g_string_append_c (out, '!');
      if (rdx_history_entry_get_failed (entry))
        g_string_append_c (out, '?');
      g_string_append_printf (out, "=%s", state_letters (rdx_history_entry_get_state (entry)));
    }
  return g_string_free (out, FALSE);
}

#define assert_entries(fixture, expected)                          \
  do                                                               \
    {                                                              \
      g_autofree char *described_ = describe ((fixture)->history); \
      assert_string_equal (described_, (expected));                \
    }                                                              \
  while (0)

#define assert_changes(fixture, expected)                        \
  do                                                             \
    {                                                            \
      assert_string_equal ((fixture)->changes->str, (expected)); \
      g_string_truncate ((fixture)->changes, 0);                 \
    }                                                            \
  while (0)

/* Recording */

static void
test_record (void **state)
{
  Fixture          f;
  RdxHistoryEntry *entry;
  guint64          previous_sequence = 0;

  fixture_setup (&f);
  assert_ptr_equal (rdx_history_get_store (f.history), f.store);
  assert_string_equal (rdx_history_get_app_id (f.history), "org.rdx.tests.Letters");
  assert_entries (&f, "^=");
  assert_true (g_list_model_get_item_type (G_LIST_MODEL (f.history)) == RDX_TYPE_HISTORY_ENTRY);

  add_all (&f, "abc");
  assert_entries (&f, "^= a=a b=ab c=abc");
  assert_changes (&f, "1-0+1 2-0+1 3-0+1 ");
  assert_int_equal (reducer_calls, 3);
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  assert_true (rdx_history_get_at_present (f.history));

  for (guint i = 1; i <= 3; i++)
    {
      entry = rdx_history_get_entry (f.history, i);
      assert_int_equal (rdx_history_entry_get_id (entry), i);
      assert_true (rdx_history_entry_get_sequence (entry) > previous_sequence);
      previous_sequence = rdx_history_entry_get_sequence (entry);
      assert_true (rdx_history_entry_get_time (entry) > 0);
      assert_true (rdx_history_entry_get_duration (entry) >= 0);
      assert_null (rdx_history_entry_get_error (entry));
      assert_false (rdx_history_entry_get_skipped (entry));
    }
  /* The last entry's state is the store's, the very same value. */
  assert_ptr_equal (rdx_history_entry_get_state (entry), rdx_store_get_state (f.store));
  assert_null (rdx_history_get_entry (f.history, 4));

  {
    g_autoptr (RdxHistoryEntry) item = g_list_model_get_item (G_LIST_MODEL (f.history), 2);
    g_autoptr (RdxValue) item_state = NULL;
    g_autofree char *type = NULL;

    assert_ptr_equal (item, rdx_history_get_entry (f.history, 2));
    g_object_get (item, "action-type", &type, "state", &item_state, NULL);
    assert_string_equal (type, "add");
    assert_string_equal (state_letters (item_state), "ab");
    assert_null (g_list_model_get_item (G_LIST_MODEL (f.history), 9));
  }
  fixture_teardown (&f);
}

static void
test_record_failed_dispatch (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;
  RdxHistoryEntry *entry;

  fixture_setup (&f);
  add_all (&f, "a");
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("fail", NULL), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  add_all (&f, "b");
  assert_entries (&f, "^= a=a fail?=a b=ab");

  entry = rdx_history_get_entry (f.history, 2);
  assert_string_equal (rdx_history_entry_get_error (entry), "fail is always refused");
  assert_true (rdx_history_entry_get_failed (entry));
  /* A failed entry keeps the state before it, the same value. */
  assert_ptr_equal (rdx_history_entry_get_state (entry),
                    rdx_history_entry_get_state (rdx_history_get_entry (f.history, 1)));
  fixture_teardown (&f);
}

/* Middleware inside the history: what it dispatches is recorded in the
 * order the reducer applied it; what it swallows or refuses is not
 * recorded, since the reducer never saw it. */
static gboolean
inner_cb (RdxStore        *store,
          RdxAction       *action,
          RdxDispatchNext *next,
          gpointer         user_data,
          GError         **error)
{
  if (rdx_action_is (action, "swallow"))
    return TRUE;
  if (rdx_action_is (action, "refuse"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "refused by middleware");
      return FALSE;
    }
  if (rdx_action_is (action, "add") &&
      g_str_equal (rdx_value_get_string (rdx_map_get (rdx_action_get_payload (action), "c")), "x"))
    {
      /* One before the action and one after it. */
      gboolean ok;

      rdx_store_dispatch_take (
        store,
        rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("("), NULL)),
        NULL);
      ok = rdx_dispatch_next (next, action, error);
      rdx_store_dispatch_take (
        store,
        rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string (")"), NULL)),
        NULL);
      return ok;
    }
  return rdx_dispatch_next (next, action, error);
}

static void
test_record_through_middleware (void **state)
{
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (inner_cb, NULL, NULL);
  g_autoptr (GError) error = NULL;
  Fixture f;

  fixture_setup_with (&f, &inner, 1);
  add_all (&f, "ax");
  assert_entries (&f, "^= a=a (=a( x=a(x )=a(x)");
  assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("swallow", NULL), NULL));
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("refuse", NULL), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_entries (&f, "^= a=a (=a( x=a(x )=a(x)");
  assert_true (rdx_history_check_replay (f.history, NULL, NULL, NULL));
  fixture_teardown (&f);
}

/* An inner middleware that changes actions before the reducer: "a.x"
 * becomes "a.y"; "deny" is refused; "undo" is passed on, then refused with
 * the state put back, as the journal does when it cannot write. */
static gboolean
rewrite_cb (RdxStore        *store,
            RdxAction       *action,
            RdxDispatchNext *next,
            gpointer         user_data,
            GError         **error)
{
  guint *calls = user_data;

  (*calls)++;
  if (rdx_action_is (action, "a.x"))
    {
      g_autoptr (RdxAction) replaced = rdx_action_new ("a.y", rdx_action_get_payload (action));

      return rdx_dispatch_next (next, replaced, error);
    }
  if (rdx_action_is (action, "deny"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "denied by middleware");
      return FALSE;
    }
  if (rdx_action_is (action, "undo"))
    {
      g_autoptr (RdxValue) before = rdx_store_dup_state (store);
      g_autoptr (RdxAction) add_u =
        rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("u"), NULL));

      if (!rdx_dispatch_next (next, add_u, error))
        return FALSE;
      rdx_store_show_state (store, before);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "could not keep it");
      return FALSE;
    }
  return rdx_dispatch_next (next, action, error);
}

static void
test_record_what_the_reducer_saw (void **state)
{
  guint calls = 0;
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (rewrite_cb, &calls, NULL);
  g_autoptr (GError) error = NULL;
  RdxHistoryEntry *entry;
  Fixture          f;

  fixture_setup_with (&f, &inner, 1);

  /* Replaced: the entry has the action the reducer applied, stamped. */
  add_all (&f, "a");
  assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("a.x", NULL), NULL));
  add_all (&f, "b");
  assert_entries (&f, "^= a=a a.y=ay b=ayb");
  entry = rdx_history_get_entry (f.history, 2);
  assert_string_equal (rdx_history_entry_get_action_type (entry), "a.y");
  assert_int_equal (rdx_history_entry_get_sequence (entry),
                    rdx_action_get_sequence (rdx_history_entry_get_action (entry)));
  assert_true (rdx_history_entry_get_sequence (entry) >
               rdx_history_entry_get_sequence (rdx_history_get_entry (f.history, 1)));

  /* Refused by the middleware: the reducer never ran, nothing is recorded,
   * and the history stays in step with the store. */
  reducer_calls = 0;
  g_string_truncate (f.changes, 0);
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("deny", NULL), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  assert_int_equal (reducer_calls, 0);
  assert_changes (&f, "");
  assert_entries (&f, "^= a=a a.y=ay b=ayb");

  /* Refused after the reducer ran, with the state put back: not applied,
   * so not recorded either. */
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("undo", NULL), &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  assert_int_equal (reducer_calls, 1);
  assert_changes (&f, "4-0+1 4-1+0 ");
  assert_entries (&f, "^= a=a a.y=ay b=ayb");
  assert_string_equal (shown (&f), "ayb");
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  assert_true (rdx_history_get_at_present (f.history));

  /* So the replay check finds nothing to report, and recomputing gives the
   * states recorded. */
  assert_true (rdx_history_check_replay (f.history, NULL, NULL, NULL));
  rdx_history_toggle (f.history, 1);
  assert_entries (&f, "^= a!= a.y=y b=yb");
  rdx_history_toggle (f.history, 1);
  assert_entries (&f, "^= a=a a.y=ay b=ayb");
  /* Five dispatches; and each toggle changed the state at the present,
   * which goes through the chain as the state the app goes on from. */
  assert_int_equal (calls, 7);
  fixture_teardown (&f);
}

/* While paused, an undone dispatch leaves the paused entry at the state
 * the store shows. */
static void
test_pause_follows_undone_dispatch (void **state)
{
  guint calls = 0;
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (rewrite_cb, &calls, NULL);
  Fixture f;

  fixture_setup_with (&f, &inner, 1);
  add_all (&f, "a");
  rdx_history_set_paused (f.history, TRUE);
  assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("a.x", NULL), NULL));
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("undo", NULL), NULL));
  assert_entries (&f, "^= a=a P=ay");
  assert_string_equal (shown (&f), "ay");
  fixture_teardown (&f);
}

/* The duration is the reducer's own: a reducer slower than a slow
 * middleware takes longer than the middleware's action does. */
static gboolean
slow_middleware_cb (RdxStore        *store,
                    RdxAction       *action,
                    RdxDispatchNext *next,
                    gpointer         user_data,
                    GError         **error)
{
  if (rdx_action_is (action, "a.x"))
    g_usleep (GPOINTER_TO_UINT (user_data));
  return rdx_dispatch_next (next, action, error);
}

static void
test_duration_is_the_reducers (void **state)
{
  /* The middleware sleeps four times longer than the reducer. Timed over
   * the chain, every "a.x" would take longer than every "slow"; timed in
   * the reducer, "slow" is the longer one. Counted over rounds, never
   * compared with a fixed time, so a loaded machine does not fail it. */
  const guint rounds = 5;
  guint       reducer_slower = 0;
  g_autoptr (RdxMiddleware) inner =
    rdx_middleware_new (slow_middleware_cb, GUINT_TO_POINTER (8000), NULL);
  Fixture f;

  slow_reducer_us = 2000;
  fixture_setup_with (&f, &inner, 1);
  for (guint i = 0; i < rounds; i++)
    {
      RdxHistoryEntry *slow_reducer, *slow_middleware;

      assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("slow", NULL), NULL));
      assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("a.x", NULL), NULL));
      slow_reducer = rdx_history_get_entry (f.history, 2 * i + 1);
      slow_middleware = rdx_history_get_entry (f.history, 2 * i + 2);
      assert_string_equal (rdx_history_entry_get_action_type (slow_reducer), "slow");
      assert_string_equal (rdx_history_entry_get_action_type (slow_middleware), "a.x");
      if (rdx_history_entry_get_duration (slow_reducer) >
          rdx_history_entry_get_duration (slow_middleware))
        reducer_slower++;
    }
  assert_true (reducer_slower > rounds / 2);
  fixture_teardown (&f);
}

/* Time travel */

static void
test_jump_calls_no_reducer (void **state)
{
  Fixture f;
  guint   notified = 0;

  fixture_setup (&f);
  add_all (&f, "abcde");
  g_signal_connect_swapped (f.store, "notify::state", G_CALLBACK (g_nullify_pointer), NULL);
  g_signal_handlers_disconnect_matched (f.store, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        G_CALLBACK (g_nullify_pointer), NULL);
  (void) notified;
  reducer_calls = 0;
  f.listener_calls = 0;
  g_string_truncate (f.changes, 0);

  rdx_history_jump (f.history, 2);
  assert_string_equal (shown (&f), "ab");
  assert_ptr_equal (rdx_store_get_state (f.store),
                    rdx_history_entry_get_state (rdx_history_get_entry (f.history, 2)));
  assert_int_equal (rdx_history_get_cursor (f.history), 2);
  assert_false (rdx_history_get_at_present (f.history));
  assert_int_equal (f.listener_calls, 1);

  rdx_history_jump (f.history, 0);
  assert_string_equal (shown (&f), "");
  assert_false (rdx_history_step_back (f.history));
  assert_true (rdx_history_step_forward (f.history));
  assert_string_equal (shown (&f), "a");
  assert_true (rdx_history_step_back (f.history));
  assert_string_equal (shown (&f), "");
  rdx_history_jump (f.history, 5);
  assert_true (rdx_history_get_at_present (f.history));
  assert_false (rdx_history_step_forward (f.history));
  assert_string_equal (shown (&f), "abcde");

  assert_int_equal (reducer_calls, 0);
  assert_int_equal (f.listener_calls, 5);
  assert_changes (&f, "");
  assert_entries (&f, "^= a=a b=ab c=abc d=abcd e=abcde");
  fixture_teardown (&f);
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_jump_notifies_state (void **state)
{
  Fixture f;
  guint   notified = 0;

  fixture_setup (&f);
  add_all (&f, "ab");
  g_signal_connect (f.store, "notify::state", G_CALLBACK (count_notify_cb), &notified);
  rdx_history_jump (f.history, 1);
  rdx_history_jump (f.history, 0);
  rdx_history_jump (f.history, 0); /* the same state: no notify, listeners run */
  assert_int_equal (notified, 2);
  fixture_teardown (&f);
}

/* Toggling entry k when the last is n calls the reducer n - k times to
 * skip, n - k + 1 times to un-skip. */
static void
test_toggle_recomputes_from_entry (void **state)
{
  Fixture          f;
  guint            n = 20;
  guint            skipped_notified = 0;
  RdxHistoryEntry *entry;
  g_autofree char *expected = NULL;

  fixture_setup (&f);
  add_all (&f, "abcdefghijklmnopqrst");
  g_string_truncate (f.changes, 0);

  for (guint k = 1; k <= n; k += 4)
    {
      entry = rdx_history_get_entry (f.history, k);
      g_signal_connect (entry, "notify::skipped", G_CALLBACK (count_notify_cb), &skipped_notified);

      reducer_calls = 0;
      rdx_history_toggle (f.history, k);
      assert_int_equal (reducer_calls, n - k);
      assert_true (rdx_history_entry_get_skipped (entry));
      assert_int_equal (strlen (shown (&f)), n - 1);

      reducer_calls = 0;
      rdx_history_toggle (f.history, k);
      assert_int_equal (reducer_calls, n - k + 1);
      assert_false (rdx_history_entry_get_skipped (entry));
      assert_string_equal (shown (&f), "abcdefghijklmnopqrst");
    }
  assert_int_equal (skipped_notified, 10);

  rdx_history_toggle (f.history, 3);
  rdx_history_toggle (f.history, 5);
  assert_entries (&f, "^= a=a b=ab c!=ab d=abd e!=abd f=abdf g=abdfg h=abdfgh i=abdfghi "
                      "j=abdfghij k=abdfghijk l=abdfghijkl m=abdfghijklm n=abdfghijklmn "
                      "o=abdfghijklmno p=abdfghijklmnop q=abdfghijklmnopq r=abdfghijklmnopqr "
                      "s=abdfghijklmnopqrs t=abdfghijklmnopqrst");
  /* Toggling changes no item: only properties. */
  assert_changes (&f, "");
  (void) expected;
  fixture_teardown (&f);
}

static void
test_toggle_in_the_past_keeps_cursor (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "abcd");
  rdx_history_jump (f.history, 3);
  rdx_history_toggle (f.history, 2);
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  assert_string_equal (shown (&f), "ac");
  assert_entries (&f, "^= a=a b!=a c=ac d=acd");
  fixture_teardown (&f);
}

static void
test_toggle_makes_later_action_fail (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "a");
  rdx_store_dispatch_take (f.store, rdx_action_new ("fail", NULL), NULL);
  rdx_history_toggle (f.history, 2);
  assert_entries (&f, "^= a=a fail!=a");
  rdx_history_toggle (f.history, 2);
  assert_entries (&f, "^= a=a fail?=a");
  fixture_teardown (&f);
}

/* Commit, revert, sweep, reset, reorder: Redux DevTools' sequences */

static void
test_commit (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "abc");
  g_string_truncate (f.changes, 0);
  reducer_calls = 0;

  /* As Redux DevTools: the state at the cursor becomes the base and every
   * entry goes, the ones after the cursor too. */
  rdx_history_jump (f.history, 2);
  rdx_history_commit (f.history);
  assert_entries (&f, "^=ab");
  assert_int_equal (rdx_history_get_cursor (f.history), 0);
  assert_true (rdx_history_get_at_present (f.history));
  assert_string_equal (shown (&f), "ab");
  assert_changes (&f, "1-3+0 ");

  add_all (&f, "d");
  assert_entries (&f, "^=ab d=abd");
  assert_int_equal (rdx_history_entry_get_id (rdx_history_get_entry (f.history, 1)), 1);
  assert_int_equal (reducer_calls, 1);
  fixture_teardown (&f);
}

static void
test_revert (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "ab");
  rdx_history_commit (f.history);
  add_all (&f, "cd");
  g_string_truncate (f.changes, 0);
  reducer_calls = 0;

  rdx_history_revert (f.history);
  assert_entries (&f, "^=ab");
  assert_string_equal (shown (&f), "ab");
  assert_int_equal (rdx_history_get_cursor (f.history), 0);
  assert_int_equal (reducer_calls, 0);
  assert_changes (&f, "1-2+0 ");
  fixture_teardown (&f);
}

static void
test_reset (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "ab");
  rdx_history_commit (f.history);
  add_all (&f, "c");
  reducer_calls = 0;
  rdx_history_reset (f.history);
  assert_entries (&f, "^=");
  assert_string_equal (shown (&f), "");
  assert_int_equal (reducer_calls, 0);
  fixture_teardown (&f);
}

static void
test_sweep (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "abcdef");
  rdx_history_toggle (f.history, 2);
  rdx_history_toggle (f.history, 3);
  rdx_history_toggle (f.history, 5);
  assert_entries (&f, "^= a=a b!=a c!=a d=ad e!=ad f=adf");
  g_string_truncate (f.changes, 0);
  reducer_calls = 0;

  rdx_history_sweep (f.history);
  assert_entries (&f, "^= a=a d=ad f=adf");
  assert_int_equal (reducer_calls, 0);
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  assert_true (rdx_history_get_at_present (f.history));
  assert_string_equal (shown (&f), "adf");
  assert_changes (&f, "5-1+0 2-2+0 ");

  /* The cursor keeps its index when it can (Redux DevTools). */
  add_all (&f, "gh");
  rdx_history_toggle (f.history, 4);
  rdx_history_jump (f.history, 2);
  rdx_history_sweep (f.history);
  assert_entries (&f, "^= a=a d=ad f=adf h=adfh");
  assert_int_equal (rdx_history_get_cursor (f.history), 2);
  assert_string_equal (shown (&f), "ad");
  fixture_teardown (&f);
}

static void
test_reorder (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "abcd");
  g_string_truncate (f.changes, 0);

  /* d before b: recomputed from position 2, three reducer calls. One
   * signal for the span the move went through, emitted once the model
   * holds the moved entry (a GListModel's listeners may read it then). */
  reducer_calls = 0;
  rdx_history_reorder (f.history, 4, 2);
  assert_entries (&f, "^= a=a d=ad b=adb c=adbc");
  assert_int_equal (reducer_calls, 3);
  assert_changes (&f, "2-3+3 ");
  assert_string_equal (shown (&f), "adbc");

  /* a to the end: recomputed from position 1. */
  reducer_calls = 0;
  rdx_history_reorder (f.history, 1, 5);
  assert_entries (&f, "^= d=d b=db c=dbc a=dbca");
  assert_int_equal (reducer_calls, 4);
  assert_changes (&f, "1-4+4 ");

  /* Before 0 means just after the base; before itself or the next one
   * changes nothing. */
  rdx_history_reorder (f.history, 3, 0);
  assert_entries (&f, "^= c=c d=cd b=cdb a=cdba");
  reducer_calls = 0;
  g_string_truncate (f.changes, 0);
  rdx_history_reorder (f.history, 2, 2);
  rdx_history_reorder (f.history, 2, 3);
  assert_int_equal (reducer_calls, 0);
  assert_changes (&f, "");

  /* Ids follow their actions. */
  assert_int_equal (rdx_history_entry_get_id (rdx_history_get_entry (f.history, 1)), 3);
  assert_int_equal (rdx_history_get_cursor (f.history), 4);
  fixture_teardown (&f);
}

static void
test_reorder_skipped (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "abc");
  rdx_history_toggle (f.history, 1);
  rdx_history_reorder (f.history, 1, 4);
  assert_entries (&f, "^= b=b c=bc a!=bc");
  fixture_teardown (&f);
}

/* Handlers of the history's signals may call any operation or dispatch:
 * the history is consistent whenever it tells, and stays so. */

/* Consistent: every entry replays from the one before it, the store shows
 * the cursor's state, nothing waits at the present, and the model told
 * every change as it happened. */
static void
assert_consistent (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  RdxHistoryEntry *at_cursor =
    rdx_history_get_entry (fixture->history, rdx_history_get_cursor (fixture->history));

  if (!rdx_history_check_replay (fixture->history, NULL, NULL, &error))
    fail_msg ("%s", error->message);
  assert_non_null (at_cursor);
  assert_ptr_equal (rdx_store_get_state (fixture->store), rdx_history_entry_get_state (at_cursor));
  if (rdx_history_get_at_present (fixture->history) && !rdx_history_get_locked (fixture->history))
    assert_int_equal (rdx_history_get_n_held (fixture->history), 0);
  assert_mirror (fixture);
}

typedef struct
{
  Fixture *fixture;
  guint    calls;
  guint    cursor; /* what the first call saw */
  guint    n_items;
  gboolean at_present;
  char    *described;
} Reentry;

static void
reentry_see (Reentry *reentry)
{
  RdxHistory *history = reentry->fixture->history;

  reentry->cursor = rdx_history_get_cursor (history);
  reentry->n_items = g_list_model_get_n_items (G_LIST_MODEL (history));
  reentry->at_present = rdx_history_get_at_present (history);
  reentry->described = describe (history);
}

static void
commit_once_cb (GListModel *model, guint position, guint removed, guint added, Reentry *reentry)
{
  if (reentry->calls++ > 0)
    return;
  reentry_see (reentry);
  rdx_history_commit (RDX_HISTORY (model));
}

/* Review finding 9: the sweep told of a removal while its cursor still
 * pointed past the end, so a handler that commits read a freed entry. */
static void
test_sweep_handler_commits (void **state)
{
  Fixture f;
  Reentry reentry = { &f };

  fixture_setup (&f);
  add_all (&f, "abc");
  rdx_history_toggle (f.history, 3);
  assert_entries (&f, "^= a=a b=ab c!=ab");
  g_string_truncate (f.changes, 0);
  g_signal_connect (f.history, "items-changed", G_CALLBACK (commit_once_cb), &reentry);

  rdx_history_sweep (f.history);
  assert_int_equal (reentry.calls, 2);
  assert_int_equal (reentry.n_items, 3);
  assert_int_equal (reentry.cursor, 2);
  assert_true (reentry.at_present);
  assert_string_equal (reentry.described, "^= a=a b=ab");
  assert_changes (&f, "3-1+0 1-2+0 ");
  assert_entries (&f, "^=ab");
  assert_string_equal (shown (&f), "ab");
  assert_consistent (&f);
  g_free (reentry.described);
  fixture_teardown (&f);
}

static void
dispatch_once_on_add_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Reentry    *reentry)
{
  if (added != 1 || reentry->calls++ > 0)
    return;
  reentry_see (reentry);
  assert_true (add (reentry->fixture, "z"));
}

/* Review finding 10: the new entry was told of before the cursor followed
 * it, so a handler saw the history in the past, and its dispatch left the
 * cursor behind: the app's next dispatch was held. */
static void
test_record_handler_dispatches (void **state)
{
  Fixture f;
  Reentry reentry = { &f };

  fixture_setup (&f);
  add_all (&f, "a");
  g_signal_connect (f.history, "items-changed", G_CALLBACK (dispatch_once_on_add_cb), &reentry);

  add_all (&f, "b");
  assert_int_equal (reentry.cursor, 2);
  assert_int_equal (reentry.n_items, 3);
  assert_true (reentry.at_present);
  assert_entries (&f, "^= a=a b=ab z=abz");
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  assert_true (rdx_history_get_at_present (f.history));

  add_all (&f, "c");
  assert_int_equal (rdx_history_get_n_held (f.history), 0);
  assert_entries (&f, "^= a=a b=ab z=abz c=abzc");
  assert_string_equal (shown (&f), "abzc");
  assert_consistent (&f);
  g_free (reentry.described);
  fixture_teardown (&f);
}

static void
see_once_cb (GListModel *model, guint position, guint removed, guint added, Reentry *reentry)
{
  if (reentry->calls++ == 0)
    reentry_see (reentry);
}

/* Review finding 11: the reorder told "removed one" while the model held
 * the moved entry already, and before the states were recomputed. */
static void
test_reorder_tells_a_consistent_model (void **state)
{
  Fixture f;
  Reentry reentry = { &f };

  fixture_setup (&f);
  add_all (&f, "abc");
  g_signal_connect (f.history, "items-changed", G_CALLBACK (see_once_cb), &reentry);
  g_string_truncate (f.changes, 0);

  rdx_history_reorder (f.history, 3, 1);
  assert_int_equal (reentry.calls, 1);
  assert_changes (&f, "1-3+3 ");
  assert_string_equal (reentry.described, "^= c=c a=ca b=cab");
  assert_entries (&f, "^= c=c a=ca b=cab");
  assert_consistent (&f);
  g_free (reentry.described);
  fixture_teardown (&f);
}

/* A handler that dispatches "z" once, from any signal. */
typedef struct
{
  Fixture *fixture;
  gboolean armed;
} Dispatcher;

static void
dispatch_z (Dispatcher *dispatcher)
{
  if (!dispatcher->armed)
    return;
  dispatcher->armed = FALSE;
  assert_true (add (dispatcher->fixture, "z"));
}

static void
dispatch_on_items_cb (GListModel *model, guint position, guint removed, guint added, Dispatcher *d)
{
  dispatch_z (d);
}

static void
dispatch_on_notify_cb (GObject *object, GParamSpec *pspec, Dispatcher *d)
{
  dispatch_z (d);
}

typedef enum
{
  ON_ITEMS_CHANGED,
  ON_CURSOR,
  ON_AT_PRESENT,
  ON_ENTRY_STATE, /* of entry 3 */
} Signal;

typedef enum
{
  OP_JUMP_TO_PRESENT,
  OP_COMMIT,
  OP_REVERT,
  OP_RESET,
  OP_SWEEP,
  OP_TOGGLE,
  OP_REORDER,
  OP_PAUSE,
  OP_RESUME,
  OP_IMPORT,
  OP_RECORD_BOUNDED,
} Op;

/* Review finding 9's audit: an operation tells only once the history is
 * consistent, and the store shows the cursor's state before a dispatch
 * from a handler applies (the dispatch waits, as in the past, until the
 * operation is done). Before, a handler's dispatch in the middle of a jump,
 * a revert, a reset, a sweep or an import was computed from the state the
 * store showed before, and recorded after the present. */
static void
test_handlers_may_dispatch (void **state)
{
  static const struct
  {
    Op          op;
    Signal      signal;
    const char *entries;
    const char *shown;
  } cases[] = {
    { OP_JUMP_TO_PRESENT, ON_CURSOR, "^= a=a b=ab c=abc d=abcd z=abcdz", "abcdz" },
    { OP_JUMP_TO_PRESENT, ON_AT_PRESENT, "^= a=a b=ab c=abc d=abcd z=abcdz", "abcdz" },
    { OP_COMMIT, ON_ITEMS_CHANGED, "^=ab z=abz", "abz" },
    { OP_REVERT, ON_ITEMS_CHANGED, "^= z=z", "z" },
    { OP_RESET, ON_CURSOR, "^= z=z", "z" },
    { OP_SWEEP, ON_ITEMS_CHANGED, "^= a=a b=ab c=abc z=abcz", "abcz" },
    { OP_SWEEP, ON_CURSOR, "^= a=a b=ab c=abc z=abcz", "abcz" },
    { OP_TOGGLE, ON_ENTRY_STATE, "^= a!= b=b c=bc d=bcd z=bcdz", "bcdz" },
    { OP_REORDER, ON_ITEMS_CHANGED, "^= d=d a=da b=dab c=dabc z=dabcz", "dabcz" },
    { OP_REORDER, ON_ENTRY_STATE, "^= d=d a=da b=dab c=dabc z=dabcz", "dabcz" },
    { OP_PAUSE, ON_ITEMS_CHANGED, "^= a=a b=ab c=abc d=abcd P=abcdz", "abcdz" },
    { OP_RESUME, ON_ITEMS_CHANGED, "^=abcd z=abcdz", "abcdz" },
    { OP_IMPORT, ON_ITEMS_CHANGED, "^= a=a b=ab c=abc d=abcd z=abcdz", "abcdz" },
    { OP_IMPORT, ON_CURSOR, "^= a=a b=ab c=abc d=abcd z=abcdz", "abcdz" },
    { OP_RECORD_BOUNDED, ON_ITEMS_CHANGED, "^=ab c=abc d=abcd e=abcde z=abcdez", "abcdez" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture          f;
      Dispatcher       dispatcher = { &f, FALSE };
      g_autofree char *doc = NULL;
      gpointer         instance;
      const char      *signal;

      fixture_setup (&f);
      add_all (&f, "abcd");
      switch (cases[i].op)
        {
          case OP_JUMP_TO_PRESENT:
          case OP_COMMIT:
          case OP_REVERT:
          case OP_RESET:
            rdx_history_jump (f.history, 2);
            break;
          case OP_SWEEP:
            rdx_history_toggle (f.history, 4);
            break;
          case OP_RESUME:
            rdx_history_set_paused (f.history, TRUE);
            break;
          case OP_IMPORT:
            doc = rdx_history_export (f.history, RDX_HISTORY_FORMAT_RDX);
            rdx_history_jump (f.history, 1);
            break;
          case OP_RECORD_BOUNDED:
            rdx_history_set_max_entries (f.history, 5);
            break;
          default:
            break;
        }

      switch (cases[i].signal)
        {
          case ON_ITEMS_CHANGED:
            instance = f.history;
            signal = "items-changed";
            break;
          case ON_CURSOR:
            instance = f.history;
            signal = "notify::cursor";
            break;
          case ON_AT_PRESENT:
            instance = f.history;
            signal = "notify::at-present";
            break;
          default:
            instance = rdx_history_get_entry (f.history, 3);
            signal = "notify::state";
            break;
        }
      g_signal_connect (instance, signal,
                        cases[i].signal == ON_ITEMS_CHANGED ? G_CALLBACK (dispatch_on_items_cb)
                                                            : G_CALLBACK (dispatch_on_notify_cb),
                        &dispatcher);
      dispatcher.armed = TRUE;

      switch (cases[i].op)
        {
          case OP_JUMP_TO_PRESENT:
            rdx_history_jump (f.history, 4);
            break;
          case OP_COMMIT:
            rdx_history_commit (f.history);
            break;
          case OP_REVERT:
            rdx_history_revert (f.history);
            break;
          case OP_RESET:
            rdx_history_reset (f.history);
            break;
          case OP_SWEEP:
            rdx_history_sweep (f.history);
            break;
          case OP_TOGGLE:
            rdx_history_toggle (f.history, 1);
            break;
          case OP_REORDER:
            rdx_history_reorder (f.history, 4, 1);
            break;
          case OP_PAUSE:
            rdx_history_set_paused (f.history, TRUE);
            break;
          case OP_RESUME:
            rdx_history_set_paused (f.history, FALSE);
            break;
          case OP_IMPORT:
            assert_true (rdx_history_import (f.history, doc, -1, RDX_HISTORY_FORMAT_AUTO, 0, NULL));
            break;
          case OP_RECORD_BOUNDED:
            add_all (&f, "e");
            break;
        }

      if (dispatcher.armed)
        fail_msg ("case %u: the handler did not run", i);
      {
        g_autofree char *described = describe (f.history);

        if (strcmp (described, cases[i].entries) != 0 || strcmp (shown (&f), cases[i].shown) != 0)
          fail_msg ("case %u: \"%s\" showing \"%s\", expected \"%s\" showing \"%s\"", i, described,
                    shown (&f), cases[i].entries, cases[i].shown);
      }
      g_signal_handlers_disconnect_by_data (instance, &dispatcher);
      if (rdx_history_get_paused (f.history))
        rdx_history_set_paused (f.history, FALSE);
      assert_consistent (&f);
      fixture_teardown (&f);
    }
}

static void
jump_to_base_once_cb (GObject *object, GParamSpec *pspec, Reentry *reentry)
{
  if (reentry->calls++ == 0)
    rdx_history_jump (RDX_HISTORY (object), 0);
}

/* A held action is applied only at the present: a handler that goes back
 * to the past while the held ones are released keeps the rest held. */
static void
test_release_stops_in_the_past (void **state)
{
  Fixture f;
  Reentry reentry = { &f };

  fixture_setup (&f);
  add_all (&f, "a");
  rdx_history_jump (f.history, 0);
  add_all (&f, "bc");
  assert_int_equal (rdx_history_get_n_held (f.history), 2);
  g_signal_connect (f.history, "notify::n-held", G_CALLBACK (jump_to_base_once_cb), &reentry);

  rdx_history_jump (f.history, 1);
  assert_entries (&f, "^= a=a");
  assert_int_equal (rdx_history_get_n_held (f.history), 2);
  assert_int_equal (rdx_history_get_cursor (f.history), 0);
  assert_string_equal (shown (&f), "");
  g_signal_handlers_disconnect_by_data (f.history, &reentry);

  rdx_history_jump (f.history, 1);
  assert_entries (&f, "^= a=a b=ab c=abc");
  assert_consistent (&f);
  fixture_teardown (&f);
}

/* Pause: as Redux DevTools with its "@@PAUSED" action type. */
static void
test_pause (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "ab");
  g_string_truncate (f.changes, 0);

  rdx_history_set_paused (f.history, TRUE);
  assert_true (rdx_history_get_paused (f.history));
  assert_entries (&f, "^= a=a b=ab P=ab");
  assert_int_equal (rdx_history_get_cursor (f.history), 3);

  add_all (&f, "cd");
  assert_string_equal (shown (&f), "abcd");
  assert_entries (&f, "^= a=a b=ab P=abcd");
  assert_changes (&f, "3-0+1 ");

  /* Jumping back shows the past as usual. */
  rdx_history_jump (f.history, 1);
  assert_string_equal (shown (&f), "a");
  rdx_history_jump (f.history, 3);

  /* Resuming commits: what was applied while paused cannot be
   * recomputed. */
  rdx_history_set_paused (f.history, FALSE);
  assert_entries (&f, "^=abcd");
  add_all (&f, "e");
  assert_entries (&f, "^=abcd e=abcde");
  fixture_teardown (&f);
}

static void
test_pause_with_nothing_recorded (void **state)
{
  Fixture f;

  fixture_setup (&f);
  rdx_history_set_paused (f.history, TRUE);
  assert_entries (&f, "^=");
  add_all (&f, "ab");
  assert_entries (&f, "^=ab");
  rdx_history_set_paused (f.history, FALSE);
  assert_entries (&f, "^=ab");
  assert_false (rdx_history_get_paused (f.history));
  fixture_teardown (&f);
}

static void
test_pause_after_commit (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "ab");
  rdx_history_commit (f.history);
  rdx_history_set_paused (f.history, TRUE);
  add_all (&f, "c");
  assert_entries (&f, "^=abc");
  /* Toggling earlier entries recomputes up to the paused entry, which
   * keeps its state. */
  rdx_history_set_paused (f.history, FALSE);
  add_all (&f, "d");
  rdx_history_set_paused (f.history, TRUE);
  add_all (&f, "e");
  rdx_history_toggle (f.history, 1);
  assert_entries (&f, "^=abc d!=abc P=abcde");
  assert_string_equal (shown (&f), "abcde");
  fixture_teardown (&f);
}

/* Lock: the app's dispatches are refused, the debugger's go through. */
static void
test_lock (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  fixture_setup (&f);
  add_all (&f, "a");
  rdx_history_set_locked (f.history, TRUE);
  assert_true (rdx_history_get_locked (f.history));
  reducer_calls = 0;

  assert_false (rdx_store_dispatch_take (
    f.store, rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("b"), NULL)),
    &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_LOCKED);
  assert_non_null (strstr (error->message, "locked by the time-travel debugger"));
  assert_int_equal (reducer_calls, 0);
  assert_entries (&f, "^= a=a");

  assert_true (rdx_history_dispatch (f.history, "add", "{\"c\": \"z\"}", NULL));
  assert_entries (&f, "^= a=a z=az");

  rdx_history_set_locked (f.history, FALSE);
  add_all (&f, "b");
  assert_entries (&f, "^= a=a z=az b=azb");
  fixture_teardown (&f);
}

/* The past-dispatch policy: hold until the present. */
static void
test_dispatch_in_the_past_is_held (void **state)
{
  Fixture f;
  guint   held_notified = 0;

  fixture_setup (&f);
  add_all (&f, "abc");
  g_signal_connect (f.history, "notify::n-held", G_CALLBACK (count_notify_cb), &held_notified);
  rdx_history_jump (f.history, 1);
  reducer_calls = 0;
  f.listener_calls = 0;

  add_all (&f, "de");
  assert_int_equal (rdx_history_get_n_held (f.history), 2);
  assert_int_equal (held_notified, 2);
  assert_int_equal (reducer_calls, 0);
  assert_int_equal (f.listener_calls, 0);
  assert_string_equal (shown (&f), "a");
  assert_entries (&f, "^= a=a b=ab c=abc");
  /* The held actions, in the order they will be applied, as dispatched. */
  for (guint i = 0; i < 2; i++)
    {
      RdxAction *held = rdx_history_get_held (f.history, i);

      assert_non_null (held);
      assert_string_equal (rdx_action_get_type_name (held), "add");
      assert_string_equal (rdx_map_get_string (rdx_action_get_payload (held), "c", NULL),
                           i == 0 ? "d" : "e");
    }
  assert_null (rdx_history_get_held (f.history, 2));

  /* Moving about the past keeps them held. */
  rdx_history_step_forward (f.history);
  assert_int_equal (rdx_history_get_n_held (f.history), 2);

  /* Back at the present, they are applied in order. */
  rdx_history_jump (f.history, 3);
  assert_int_equal (rdx_history_get_n_held (f.history), 0);
  assert_null (rdx_history_get_held (f.history, 0));
  assert_entries (&f, "^= a=a b=ab c=abc d=abcd e=abcde");
  assert_string_equal (shown (&f), "abcde");
  assert_int_equal (rdx_history_get_cursor (f.history), 5);
  assert_int_equal (reducer_calls, 2);
  fixture_teardown (&f);
}

static void
test_held_released_by_commit_and_kept_while_locked (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "abc");
  rdx_history_jump (f.history, 1);
  add_all (&f, "d");
  rdx_history_set_locked (f.history, TRUE);

  /* Committing at the cursor returns to the present; the lock keeps the
   * held action until it is lifted. */
  rdx_history_commit (f.history);
  assert_entries (&f, "^=a");
  assert_int_equal (rdx_history_get_n_held (f.history), 1);
  rdx_history_set_locked (f.history, FALSE);
  assert_int_equal (rdx_history_get_n_held (f.history), 0);
  assert_entries (&f, "^=a d=ad");

  /* Discarding is an explicit choice. */
  rdx_history_jump (f.history, 0);
  add_all (&f, "e");
  assert_non_null (rdx_history_get_held (f.history, 0));
  rdx_history_discard_held (f.history);
  assert_null (rdx_history_get_held (f.history, 0));
  rdx_history_jump (f.history, 1);
  assert_entries (&f, "^=a d=ad");
  fixture_teardown (&f);
}

static void
test_held_failure_is_recorded (void **state)
{
  Fixture f;

  fixture_setup (&f);
  add_all (&f, "a");
  rdx_history_jump (f.history, 0);
  assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("fail", NULL), NULL));
  rdx_history_jump (f.history, 1);
  assert_entries (&f, "^= a=a fail?=a");
  fixture_teardown (&f);
}

/* The bound commits the oldest entries, never past an error. */
static void
test_max_entries (void **state)
{
  Fixture f;

  fixture_setup (&f);
  rdx_history_set_max_entries (f.history, 4);
  assert_int_equal (rdx_history_get_max_entries (f.history), 4);
  add_all (&f, "abc");
  g_string_truncate (f.changes, 0);
  add_all (&f, "de");
  assert_entries (&f, "^=ab c=abc d=abcd e=abcde");
  /* The new entry first (the history holds it before anyone hears of a
   * change), then the oldest is folded into the base. */
  assert_changes (&f, "4-0+1 1-1+0 4-0+1 1-1+0 ");
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  fixture_teardown (&f);
}

static void
test_max_entries_stops_at_error (void **state)
{
  Fixture f;

  fixture_setup (&f);
  rdx_history_set_max_entries (f.history, 3);
  add_all (&f, "a");
  rdx_store_dispatch_take (f.store, rdx_action_new ("fail", NULL), NULL);
  add_all (&f, "bcd");
  assert_entries (&f, "^=a fail?=a b=ab c=abc d=abcd");

  /* Once the error is gone (skipped and swept), the bound applies again:
   * 4 entries, so 4 - 3 + 1 = 2 are committed before "e" is added. */
  rdx_history_toggle (f.history, 1);
  rdx_history_sweep (f.history);
  add_all (&f, "e");
  assert_entries (&f, "^=abc d=abcd e=abcde");
  fixture_teardown (&f);
}

/* Review finding 13: the bound folded the oldest entry by moving every
 * other one down, on every dispatch. It keeps the same entries, exactly
 * the bound, through the history's storage being compacted many times. */
static void
test_max_entries_long_run (void **state)
{
  Fixture f;
  char    letters[] = "abcdefghijklmnopqrstuvwxyz";

  fixture_setup (&f);
  rdx_history_set_max_entries (f.history, 7);
  for (guint i = 0; i < 1000; i++)
    {
      char one[2] = { letters[i % 26], '\0' };

      assert_true (add (&f, one));
      assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), MIN (i + 2, 7));
      assert_true (rdx_history_get_at_present (f.history));
      assert_int_equal (
        rdx_history_entry_get_id (rdx_history_get_entry (f.history, MIN (i + 1, 6))), i + 1);
    }
  assert_mirror (&f);
  {
    g_autoptr (GError) error = NULL;

    assert_true (rdx_history_check_replay (f.history, NULL, NULL, &error));
  }
  assert_int_equal (strlen (shown (&f)), 1000);
  assert_int_equal (
    strlen (state_letters (rdx_history_entry_get_state (rdx_history_get_entry (f.history, 0)))),
    994);

  /* A failed entry stops the folding once it is the oldest; it goes on
   * when the entry is swept. */
  rdx_store_dispatch_take (f.store, rdx_action_new ("fail", NULL), NULL);
  add_all (&f, "xyzxyzxyz");
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 11);
  assert_true (rdx_history_entry_get_failed (rdx_history_get_entry (f.history, 1)));
  rdx_history_toggle (f.history, 1);
  rdx_history_sweep (f.history);
  add_all (&f, "w");
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 7);
  rdx_history_jump (f.history, 3);
  rdx_history_reorder (f.history, 6, 1);
  rdx_history_commit (f.history);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 1);
  assert_consistent (&f);
  fixture_teardown (&f);
}

/* The replay check */

static void
test_check_replay_pure (void **state)
{
  Fixture f;
  guint   position = 99;

  fixture_setup (&f);
  add_all (&f, "abc");
  rdx_store_dispatch_take (f.store, rdx_action_new ("fail", NULL), NULL);
  rdx_history_toggle (f.history, 2);
  reducer_calls = 0;
  assert_true (rdx_history_check_replay (f.history, &position, NULL, NULL));
  assert_int_equal (position, 99);
  assert_int_equal (reducer_calls, 3);
  fixture_teardown (&f);
}

static void
test_check_replay_finds_impure_reducer (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) recomputed = NULL;
  guint position = 0;

  fixture_setup (&f);
  add_all (&f, "ab");
  rdx_store_dispatch_take (f.store, rdx_action_new ("impure", NULL), NULL);
  add_all (&f, "c");
  assert_entries (&f, "^= a=a b=ab impure=ab0 c=ab0c");

  impurity = 7;
  assert_false (rdx_history_check_replay (f.history, &position, &recomputed, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED);
  assert_int_equal (position, 3);
  assert_string_equal (state_letters (recomputed), "ab7");
  assert_non_null (strstr (error->message, "Entry 3 (\"impure\")"));
  assert_non_null (strstr (error->message, "/s: recorded \"ab0\", recomputed \"ab7\""));
  /* The history is as it was. */
  assert_entries (&f, "^= a=a b=ab impure=ab0 c=ab0c");
  fixture_teardown (&f);
}

/* A listener that dispatches when the debugger shows a state: its action
 * is recorded like any other. */
static void
dispatch_once_cb (RdxStore *store, gpointer user_data)
{
  gboolean   *armed = user_data;
  const char *s = rdx_value_get_string (rdx_map_get (rdx_store_get_state (store), "s"));

  if (*armed && g_str_equal (s, "ab"))
    {
      *armed = FALSE;
      rdx_store_dispatch_take (
        store,
        rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("x"), NULL)),
        NULL);
    }
}

static void
test_listener_dispatch_during_jump (void **state)
{
  Fixture  f;
  gboolean armed = FALSE;

  fixture_setup (&f);
  add_all (&f, "ab");
  rdx_store_subscribe (f.store, dispatch_once_cb, &armed, NULL);
  rdx_history_jump (f.history, 1);
  armed = TRUE;
  rdx_history_jump (f.history, 2);
  assert_false (armed);
  assert_entries (&f, "^= a=a b=ab x=abx");
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  assert_string_equal (shown (&f), "abx");

  /* In the past, the listener's dispatch is held like any other. */
  rdx_history_jump (f.history, 1);
  armed = TRUE;
  rdx_history_jump (f.history, 2);
  assert_int_equal (rdx_history_get_n_held (f.history), 1);
  rdx_history_jump (f.history, 3);
  assert_entries (&f, "^= a=a b=ab x=abx x=abxx");
  fixture_teardown (&f);
}

/* Dispatch from the debugger */

static void
test_debugger_dispatch (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  fixture_setup (&f);
  assert_true (rdx_history_dispatch (f.history, "add", "{\"c\":\"q\"}", &error));
  assert_null (error);
  assert_true (rdx_history_dispatch (f.history, "noop", NULL, &error));
  assert_true (rdx_history_dispatch (f.history, "noop", "", &error));
  assert_entries (&f, "^= q=q noop=q noop=q");

  assert_false (rdx_history_dispatch (f.history, "add", "{\"c\": ", &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION);
  assert_non_null (strstr (error->message, "not valid JSON"));
  g_clear_error (&error);

  assert_false (rdx_history_dispatch (f.history, "@@rdx/INIT", NULL, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION);
  g_clear_error (&error);

  assert_false (rdx_history_dispatch (f.history, "bad\xff", NULL, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION);
  g_clear_error (&error);

  assert_false (rdx_history_dispatch (f.history, "fail", NULL, &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  assert_entries (&f, "^= q=q noop=q noop=q fail?=q");
  fixture_teardown (&f);
}

static void
test_debugger_dispatch_detached (void **state)
{
  g_autoptr (RdxHistory) history = rdx_history_new (NULL);
  g_autoptr (GError) error = NULL;

  assert_null (rdx_history_get_store (history));
  assert_false (rdx_history_dispatch (history, "add", NULL, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED);
  g_clear_error (&error);
  assert_false (rdx_history_check_replay (history, NULL, NULL, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED);
}

/* Reducer replacement, lifetimes, misuse */

/* A reducer that refuses to take over. */
static RdxValue *
refuse_replace_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  if (rdx_action_is (action, RDX_ACTION_REPLACE))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "not this state");
      return NULL;
    }
  return letters_reduce (state, action, user_data, error);
}

static void
test_replace_reducer (void **state)
{
  Fixture f;
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (letters_reduce, NULL, NULL);
  g_autoptr (RdxReducer) refusing = rdx_reducer_new (refuse_replace_reduce, NULL, NULL);

  fixture_setup (&f);
  add_all (&f, "a");
  assert_true (rdx_store_replace_reducer (f.store, reducer, NULL));
  assert_entries (&f, "^= a=a @@rdx/REPLACE=a");
  add_all (&f, "b");

  /* Replaced while the past is shown: recorded at the present. */
  rdx_history_jump (f.history, 1);
  assert_true (rdx_store_replace_reducer (f.store, reducer, NULL));
  assert_entries (&f, "^= a=a @@rdx/REPLACE=a b=ab @@rdx/REPLACE=ab");
  assert_string_equal (shown (&f), "a");

  /* A replacement the new reducer refuses keeps the old reducer: nothing
   * happened, nothing is recorded. */
  rdx_history_jump (f.history, 4);
  assert_false (rdx_store_replace_reducer (f.store, refusing, NULL));
  assert_ptr_equal (rdx_store_get_reducer (f.store), reducer);
  assert_entries (&f, "^= a=a @@rdx/REPLACE=a b=ab @@rdx/REPLACE=ab");
  assert_true (rdx_history_check_replay (f.history, NULL, NULL, NULL));
  fixture_teardown (&f);
}

static void
test_store_outlives_history (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (letters_reduce, NULL, NULL);
  RdxHistory *history = rdx_history_new (NULL);
  RdxStore   *store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  gpointer weak_history = history;
  gpointer weak_store = store;

  g_object_add_weak_pointer (G_OBJECT (history), &weak_history);
  g_object_add_weak_pointer (G_OBJECT (store), &weak_store);
  g_object_unref (history);
  rdx_assert_finalized (weak_history);

  /* The store goes on without recording. */
  assert_true (rdx_store_dispatch_take (
    store, rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("a"), NULL)),
    NULL));
  assert_string_equal (state_letters (rdx_store_get_state (store)), "a");
  g_object_unref (store);
  rdx_assert_finalized (weak_store);
}

static void
test_history_outlives_store (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (letters_reduce, NULL, NULL);
  RdxHistory *history = rdx_history_new (NULL);
  RdxStore   *store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  gpointer weak_history = history;
  gpointer weak_store = store;

  g_object_add_weak_pointer (G_OBJECT (history), &weak_history);
  g_object_add_weak_pointer (G_OBJECT (store), &weak_store);
  rdx_store_dispatch_take (
    store, rdx_action_new_take ("add", rdx_map_new_take ("c", rdx_value_new_string ("a"), NULL)),
    NULL);
  g_object_unref (store);
  rdx_assert_finalized (weak_store);
  assert_null (rdx_history_get_store (history));

  /* Still browsable. */
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (history)), 2);
  rdx_history_jump (history, 0);
  assert_int_equal (rdx_history_get_cursor (history), 0);
  g_object_unref (history);
  rdx_assert_finalized (weak_history);
}

static void
test_middleware_must_be_first (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (letters_reduce, NULL, NULL);
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (inner_cb, NULL, NULL);
  g_autoptr (RdxHistory) history = rdx_history_new (NULL);
  g_autoptr (RdxStore) store = NULL;
  g_autoptr (RdxStore) other = NULL;
  RdxTestLog log;

  rdx_test_log_begin (&log);
  store = rdx_store_new_with_middleware (reducer, NULL, inner, rdx_history_get_middleware (history),
                                         NULL);
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "must come first"));

  /* One history, one store. */
  other = rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  assert_int_equal (log.n_criticals, 2);
  assert_non_null (strstr (log.text->str, "records one store"));
  assert_ptr_equal (rdx_history_get_store (history), store);

  /* Bad positions are programming errors. */
  rdx_history_jump (history, 7);
  rdx_history_toggle (history, 0);
  rdx_history_reorder (history, 0, 1);
  assert_int_equal (log.n_criticals, 5);
  rdx_test_log_end (&log);
}

static void
test_properties (void **state)
{
  Fixture  f;
  guint    cursor = 0, max = 0;
  gboolean paused = FALSE, locked = FALSE, present = FALSE;
  g_autoptr (RdxStore) store = NULL;
  guint cursor_notified = 0;

  fixture_setup (&f);
  g_signal_connect (f.history, "notify::cursor", G_CALLBACK (count_notify_cb), &cursor_notified);
  add_all (&f, "ab");
  g_object_set (f.history, "max-entries", 10, "locked", TRUE, NULL);
  g_object_get (f.history, "cursor", &cursor, "max-entries", &max, "locked", &locked, "paused",
                &paused, "at-present", &present, "store", &store, NULL);
  assert_int_equal (cursor, 2);
  assert_int_equal (max, 10);
  assert_true (locked);
  assert_false (paused);
  assert_true (present);
  assert_ptr_equal (store, f.store);
  assert_int_equal (cursor_notified, 2);
  g_clear_object (&store);
  fixture_teardown (&f);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    HISTORY_TEST (test_record),
    HISTORY_TEST (test_record_failed_dispatch),
    HISTORY_TEST (test_record_through_middleware),
    HISTORY_TEST (test_record_what_the_reducer_saw),
    HISTORY_TEST (test_pause_follows_undone_dispatch),
    HISTORY_TEST (test_duration_is_the_reducers),
    HISTORY_TEST (test_jump_calls_no_reducer),
    HISTORY_TEST (test_jump_notifies_state),
    HISTORY_TEST (test_toggle_recomputes_from_entry),
    HISTORY_TEST (test_toggle_in_the_past_keeps_cursor),
    HISTORY_TEST (test_toggle_makes_later_action_fail),
    HISTORY_TEST (test_commit),
    HISTORY_TEST (test_revert),
    HISTORY_TEST (test_reset),
    HISTORY_TEST (test_sweep),
    HISTORY_TEST (test_reorder),
    HISTORY_TEST (test_reorder_skipped),
    HISTORY_TEST (test_sweep_handler_commits),
    HISTORY_TEST (test_record_handler_dispatches),
    HISTORY_TEST (test_reorder_tells_a_consistent_model),
    HISTORY_TEST (test_handlers_may_dispatch),
    HISTORY_TEST (test_release_stops_in_the_past),
    HISTORY_TEST (test_pause),
    HISTORY_TEST (test_pause_with_nothing_recorded),
    HISTORY_TEST (test_pause_after_commit),
    HISTORY_TEST (test_lock),
    HISTORY_TEST (test_dispatch_in_the_past_is_held),
    HISTORY_TEST (test_held_released_by_commit_and_kept_while_locked),
    HISTORY_TEST (test_held_failure_is_recorded),
    HISTORY_TEST (test_listener_dispatch_during_jump),
    HISTORY_TEST (test_max_entries),
    HISTORY_TEST (test_max_entries_stops_at_error),
    HISTORY_TEST (test_max_entries_long_run),
    HISTORY_TEST (test_check_replay_pure),
    HISTORY_TEST (test_check_replay_finds_impure_reducer),
    HISTORY_TEST (test_debugger_dispatch),
    HISTORY_TEST (test_debugger_dispatch_detached),
    HISTORY_TEST (test_replace_reducer),
    HISTORY_TEST (test_store_outlives_history),
    HISTORY_TEST (test_history_outlives_store),
    HISTORY_TEST (test_middleware_must_be_first),
    HISTORY_TEST (test_properties),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
